package caseview_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/docprov/docprov/provenance"
	"github.com/docprov/docprov/provenance/casedb"
	"github.com/docprov/docprov/provenance/caseview"
)

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// The server only reads: every method but GET and HEAD is refused, and
// the case file is byte for byte what it was after every request.
func TestServerReadOnly(t *testing.T) {
	path := demoCase(t)
	before := fileSum(t, path)
	_, store := openStore(t, path)
	srv := httptest.NewServer(caseview.Handler(store, caseview.ServerOptions{}))
	defer srv.Close()
	for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"} {
		for _, p := range []string{"/", "/api/case", "/api/docs", "/api/doc/1", "/assets/app.js"} {
			req, err := http.NewRequest(method, srv.URL+p, strings.NewReader(`{"title":"x"}`))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: %d, want 405", method, p, resp.StatusCode)
			}
		}
	}
	for _, p := range []string{"/", "/api/case", "/api/docs?limit=1000", "/api/doc/1", "/api/families"} {
		for _, method := range []string{"GET", "HEAD"} {
			req, _ := http.NewRequest(method, srv.URL+p, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s %s: %d", method, p, resp.StatusCode)
			}
		}
	}
	if fileSum(t, path) != before {
		t.Error("the case file changed while served")
	}
}

// Every answer carries the security headers; the page has no inline
// script.
func TestServerHeaders(t *testing.T) {
	_, store := openStore(t, demoCase(t))
	srv := httptest.NewServer(caseview.Handler(store, caseview.ServerOptions{Title: "demo"}))
	defer srv.Close()
	for _, p := range []string{"/", "/api/case", "/assets/app.js", "/nope", "/api/doc/999999"} {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", p, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP %q allows inline or eval'd script", p, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: headers %v", p, h)
		}
		if p == "/" {
			if regexp.MustCompile(`<script>|<script [^>]*>[^<]`).Match(body) {
				t.Errorf("the served page has an inline script")
			}
			if bytes.Contains(body, []byte("http://")) || bytes.Contains(body, []byte("https://")) {
				t.Errorf("the served page refers to the network")
			}
		}
	}
}

// Bound to loopback, the server answers only its own names: a page of
// another site reaching 127.0.0.1 through DNS rebinding sends its own.
func TestServerHostGuard(t *testing.T) {
	_, store := openStore(t, demoCase(t))
	srv := httptest.NewUnstartedServer(nil)
	_, port, _ := strings.Cut(srv.Listener.Addr().String(), ":")
	srv.Config.Handler = caseview.Handler(store, caseview.ServerOptions{Hosts: caseview.LoopbackHosts(port)})
	srv.Start()
	defer srv.Close()
	for host, want := range map[string]int{
		"127.0.0.1:" + port:        200,
		"localhost:" + port:        200,
		"[::1]:" + port:            200,
		"evil.example:" + port:     421,
		"127.0.0.1.nip.io:" + port: 421,
		"127.0.0.1":                421,
	} {
		req, _ := http.NewRequest("GET", srv.URL+"/api/case", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, resp.StatusCode, want)
		}
	}
	if !caseview.IsLoopback("127.0.0.1:8017") || !caseview.IsLoopback("[::1]:1") || !caseview.IsLoopback("localhost:1") {
		t.Error("loopback addresses not recognised")
	}
	if caseview.IsLoopback("0.0.0.0:8017") || caseview.IsLoopback(":8017") || caseview.IsLoopback("192.168.1.2:80") {
		t.Error("a non-loopback address taken for loopback")
	}
}

// No request reaches a file: documents are addressed by number, assets by
// a fixed list of names.
func TestServerNoTraversal(t *testing.T) {
	_, store := openStore(t, demoCase(t))
	srv := httptest.NewServer(caseview.Handler(store, caseview.ServerOptions{}))
	defer srv.Close()
	for _, p := range []string{
		"/api/doc/../../../etc/passwd", "/api/doc/%2e%2e%2fetc%2fpasswd", "/api/doc/1%2f..%2f..%2fcase.db",
		"/api/doc/-1", "/api/doc/0", "/api/doc/1e3", "/assets/../page.go", "/assets/%2e%2e/page.go",
		"/assets/page.html", "/assets/vendor/uPlot.LICENSE", "/case.db", "/../case.db",
	} {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK && !bytes.HasPrefix(body, []byte("<!DOCTYPE html>")) {
			t.Errorf("%s: 200 with %d bytes", p, len(body))
		}
		if bytes.Contains(body, []byte("root:")) || bytes.Contains(body, []byte("SQLite format")) || bytes.Contains(body, []byte("package caseview")) {
			t.Errorf("%s: served a file", p)
		}
	}
}

// The API's list equals the report's ranking, page by page, and its
// filters agree with counts computed from the report.
func TestAPIDocsMatchReport(t *testing.T) {
	db, store := openStore(t, demoCase(t))
	rep, err := db.Report(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(caseview.Handler(store, caseview.ServerOptions{}))
	defer srv.Close()
	get := func(q string) caseview.Page {
		resp, err := http.Get(srv.URL + "/api/docs?" + q)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", q, resp.StatusCode)
		}
		var p caseview.Page
		if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var all []caseview.Row
	for off := 0; ; off += 10 {
		p := get(fmt.Sprintf("offset=%d&limit=10", off))
		if p.Total != len(rep.Documents) {
			t.Fatalf("total %d, report %d", p.Total, len(rep.Documents))
		}
		all = append(all, p.Rows...)
		if len(p.Rows) < 10 {
			break
		}
	}
	if len(all) != len(rep.Documents) {
		t.Fatalf("paged %d rows, report has %d", len(all), len(rep.Documents))
	}
	for i, r := range all {
		d := rep.Documents[i]
		if r.Path != d.Path || r.Score != d.Score || r.Rank != i+1 {
			t.Errorf("row %d: %s %.2f rank %d, report %s %.2f", i, r.Path, r.Score, r.Rank, d.Path, d.Score)
		}
	}
	// Filters against counts from the report.
	withCheck, atLeast2 := 0, 0
	for _, d := range rep.Documents {
		for _, f := range d.Findings {
			if f.Check == "anachronism" {
				withCheck++
				break
			}
		}
		if d.Score >= 2 {
			atLeast2++
		}
	}
	if p := get("check=anachronism"); p.Total != withCheck {
		t.Errorf("check=anachronism: %d, report %d", p.Total, withCheck)
	}
	if p := get("min=2"); p.Total != atLeast2 {
		t.Errorf("min=2: %d, report %d", p.Total, atLeast2)
	}
	// Time ranges, each counted apart (counts are cached by query).
	for _, r := range [][2]time.Time{
		{time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2016, 6, 30, 0, 0, 0, 0, time.UTC)},
		{time.Date(2016, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2016, 12, 31, 23, 59, 59, 0, time.UTC)},
		{time.Date(2017, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC)},
	} {
		in := func(ts provenance.Timestamp) bool {
			return !ts.IsZero() && !ts.Time.Before(r[0]) && !ts.Time.After(r[1])
		}
		want := 0
		for _, d := range rep.Documents {
			if in(d.Created) || in(d.Modified) {
				want++
			}
		}
		if p := get(fmt.Sprintf("from=%d&to=%d", r[0].Unix(), r[1].Unix())); p.Total != want {
			t.Errorf("%v–%v: %d, report %d", r[0], r[1], p.Total, want)
		}
	}
	if p := get("q=" + url.QueryEscape("CROIX-ROUSSE")); p.Total == 0 {
		t.Error("search is not case-insensitive")
	}
	if p := get("q=" + url.QueryEscape("%")); p.Total != 0 {
		t.Errorf("q=%%: %d rows: LIKE wildcards are not escaped", p.Total)
	}
	for _, bad := range []string{"offset=-1", "limit=x", "min=abc", "f=nocolon", "from=yesterday"} {
		resp, err := http.Get(srv.URL + "/api/docs?" + bad)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", bad, resp.StatusCode)
		}
	}
}

// The self-contained page keeps every document value inert: the JSON has
// no '<', and the only scripts are the ones its CSP names by hash.
func TestSelfContainedPageEscapes(t *testing.T) {
	_, store := openStore(t, hostileCase(t))
	var buf bytes.Buffer
	if err := caseview.WriteHTML(context.Background(), &buf, store, caseview.HTMLOptions{Title: hostileTitle}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, bad := range []string{hostileTitle, hostileAuthor, "<img"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page holds %q unescaped", bad)
		}
	}
	if n := strings.Count(page, "<script"); n != 4 {
		t.Errorf("%d script elements, want 4 (the case, the documents, uPlot, the view)", n)
	}
	csp := regexp.MustCompile(`http-equiv="Content-Security-Policy" content="([^"]*)"`).FindStringSubmatch(page)
	if csp != nil {
		csp[1] = html.UnescapeString(csp[1])
	}
	if csp == nil || !strings.Contains(csp[1], "script-src 'sha256-") || strings.Contains(csp[1], "unsafe") || !strings.Contains(csp[1], "default-src 'none'") {
		t.Errorf("CSP %v", csp)
	}
}

// The API the served page reads, over the demo's case: the paths with a
// shared-identifier finding, in rank order. (buildCase is the scan of the
// command line: docprov scan --baseline … -o case.db.)
func ExampleHandler() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "caseview")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := dir + "/case.db"
	// docprov scan --baseline testdata/demo/baseline --as-of 2017-05-05 -o case.db testdata/demo/leak
	if err := buildCase(ctx, path, "../../testdata/demo/baseline", []string{"../../testdata/demo/leak"}); err != nil {
		fmt.Println(err)
		return
	}
	db, err := casedb.OpenReadOnly(ctx, path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	store, err := caseview.NewStore(ctx, db)
	if err != nil {
		fmt.Println(err)
		return
	}
	// docprov serve binds 127.0.0.1 and sets Hosts to LoopbackHosts.
	srv := httptest.NewServer(caseview.Handler(store, caseview.ServerOptions{Title: "case.db"}))
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/api/docs?check=shared-identifier&limit=2")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var page caseview.Page
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(page.Total, "documents share an identifier with another")
	for _, r := range page.Rows {
		fmt.Printf("%d. %.2f %s\n", r.Rank, r.Score, r.Path[strings.LastIndex(r.Path, "/")+1:])
	}
	// Output:
	// 4 documents share an identifier with another
	// 1. 5.37 Fiche_projet_Micro-centrale_Brevenne_v3.docx
	// 3. 4.33 Lettre_societaires_printemps_2017.docx
}
