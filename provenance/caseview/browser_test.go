package caseview_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/docprov/docprov/provenance"
	"github.com/docprov/docprov/provenance/caseview"
)

// The browser tests drive Debian's chromium (or the browser named by
// DOCPROV_CHROME) headless through chromedp. They skip when there is none.
// Screenshots go to $DOCPROV_ARTIFACTS/<test>/ when it is set, else to
// the test's temporary directory.

// findBrowser returns the path of a Chromium-like browser, or "".
func findBrowser() string {
	if p := os.Getenv("DOCPROV_CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// A browser is a headless tab with what its page said: console errors and
// warnings, exceptions, dialogs (alert() is what an injected script calls).
type browser struct {
	t         *testing.T
	ctx       context.Context
	shots     string
	mu        sync.Mutex
	problems  []string
	dialogs   []string
	shotCount int
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	path := findBrowser()
	if path == "" {
		t.Skip("no chromium found (install Debian's chromium, or set DOCPROV_CHROME): the browser tests need one")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.WindowSize(1280, 900),
		// File URLs of the self-contained page must not reach anything
		// either: its CSP says so, and the test checks it is obeyed.
		chromedp.Flag("disable-background-networking", true),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to run as root with its sandbox (CI containers)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelTab(); cancelAlloc() })

	b := &browser{t: t, ctx: ctx, shots: artifactsDir(t)}
	if err := chromedp.Do(ctx); err != nil { // starts the browser and the tab
		t.Fatalf("starting %s: %v", path, err)
	}
	// The console API's errors and warnings, uncaught exceptions and the
	// browser log's errors (CSP violations, failed loads) are all
	// problems; so is any dialog, which is what an injected alert() opens.
	messages := chromedp.Console(ctx)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			switch m.Type {
			case chromedp.ConsoleError, chromedp.ConsoleWarning, chromedp.ConsoleException:
				b.mu.Lock()
				b.problems = append(b.problems, fmt.Sprintf("%s: %s (%s:%d)", m.Type, m.Text, m.URL, m.Line))
				b.mu.Unlock()
			}
		}
	}()
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.dialogs = append(b.dialogs, ev.Message)
			b.mu.Unlock()
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return b
}

func artifactsDir(t *testing.T) string {
	base := os.Getenv("DOCPROV_ARTIFACTS")
	if base == "" {
		return t.TempDir()
	}
	dir := filepath.Join(base, strings.ReplaceAll(t.Name(), "/", "_"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func (b *browser) run(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v (page problems so far: %v)", err, b.pageProblems())
	}
}

// wait polls the JavaScript expression until it is truthy.
func (b *browser) wait(expr string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(45*time.Second), chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		b.shot("timeout")
		b.t.Fatalf("waiting for %s: %v (page problems: %v)", expr, err, b.pageProblems())
	}
}

// eval evaluates expr in the page into T.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// shot saves a screenshot of the whole page as NN-name.png.
func (b *browser) shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(90))
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	b.shotCount++
	p := filepath.Join(b.shots, fmt.Sprintf("%02d-%s.png", b.shotCount, name))
	if err := os.WriteFile(p, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func (b *browser) pageProblems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.problems...)
}

// clean fails the test if the page logged an error or warning, threw, or
// opened a dialog.
func (b *browser) clean() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.problems) > 0 {
		b.t.Errorf("the page reported problems:\n  %s", strings.Join(b.problems, "\n  "))
	}
	if len(b.dialogs) > 0 {
		b.t.Errorf("the page opened dialogs (a script ran): %q", b.dialogs)
	}
}

// visibleRows reads the list's rendered rows, top to bottom: rank, score,
// path.
func (b *browser) visibleRows() [][3]string {
	return eval[[][3]string](b, `Array.from(document.querySelectorAll('#list a.row'))
		.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
		.map(a => [a.querySelector('.c-rank').textContent, a.querySelector('.c-score').textContent, a.querySelector('.c-path').title])`)
}

// matchCount is the number the list says matches its filters.
func (b *browser) matchCount() int {
	status := b.text("#list-status")
	n, err := strconv.Atoi(strings.Fields(status)[0])
	if err != nil {
		b.t.Fatalf("list status %q: %v", status, err)
	}
	return n
}

func TestBrowserServed(t *testing.T) {
	b := newBrowser(t)
	db, store := openStore(t, demoCase(t))
	// The Host guard on, as docprov serve sets it on loopback.
	srv := httptest.NewUnstartedServer(nil)
	srv.Config.Handler = caseview.Handler(store, caseview.ServerOptions{Title: "demo", Hosts: []string{srv.Listener.Addr().String()}})
	srv.Start()
	defer srv.Close()
	rep, err := db.Report(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	exercise(t, b, srv.URL+"/", store, rep)
}

func TestBrowserSelfContained(t *testing.T) {
	b := newBrowser(t)
	db, store := openStore(t, demoCase(t))
	rep, err := db.Report(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(t.TempDir(), "case.html")
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := caseview.WriteHTML(context.Background(), f, store, caseview.HTMLOptions{Title: "demo"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	exercise(t, b, (&url.URL{Scheme: "file", Path: page}).String(), store, rep)
}

// exercise walks through the demo case as a reader would and checks what
// the page shows against the JSON report and the store.
func exercise(t *testing.T, b *browser, base string, store *caseview.Store, rep *provenance.Report) {
	ctx := context.Background()
	b.run(chromedp.Navigate(base))
	b.wait(`document.querySelectorAll('#list a.row').length > 0 && document.querySelector('#plot canvas') !== null`)
	b.shot("list")

	// Counts and scores: the header, the list status and every visible
	// row equal the report's.
	ranked := 0
	for _, d := range rep.Documents {
		if d.Error == "" && len(d.Findings) > 0 {
			ranked++
		}
	}
	summary := b.text("#case-summary")
	if want := fmt.Sprintf("%d documents, %d with findings", len(rep.Documents), ranked); !strings.Contains(summary, want) {
		t.Errorf("summary %q does not say %q", summary, want)
	}
	if n := b.matchCount(); n != len(rep.Documents) {
		t.Errorf("the list says %d documents, the report has %d", n, len(rep.Documents))
	}
	rows := b.visibleRows()
	if len(rows) < 10 {
		t.Fatalf("only %d rows rendered", len(rows))
	}
	if len(rows) >= len(rep.Documents) && len(rep.Documents) > 60 {
		t.Errorf("%d rows rendered for %d documents: the list is not virtualised", len(rows), len(rep.Documents))
	}
	for i, r := range rows {
		d := rep.Documents[i]
		want := [3]string{strconv.Itoa(i + 1), fmt.Sprintf("%.2f", d.Score), d.Path}
		if r != want {
			t.Errorf("row %d shows %q, the report has %q", i, r, want)
		}
	}

	// Scrolling to the end renders the last rows, in rank order too.
	eval[any](b, `(() => { const l = document.getElementById('list'); l.scrollTop = l.scrollHeight; return true })()`)
	last := rep.Documents[len(rep.Documents)-1]
	b.wait(fmt.Sprintf(`Array.from(document.querySelectorAll('#list a.row .c-path')).some(e => e.title === %q)`, last.Path))
	b.shot("list-end")

	// A document: its page shows its path, score and every finding.
	eval[any](b, `(() => { const l = document.getElementById('list'); l.scrollTop = 0; return true })()`)
	first := rep.Documents[0]
	b.wait(fmt.Sprintf(`Array.from(document.querySelectorAll('#list a.row .c-path')).some(e => e.title === %q)`, first.Path))
	b.run(chromedp.Click(chromedp.CSS(`#list a.row[data-id]`), chromedp.NodeVisible))
	b.wait(`document.getElementById('doc-path') !== null`)
	// The first row in the DOM may not be rank 1 after scrolling: read
	// which document opened and compare it with the report's.
	path := b.text("#doc-path")
	var doc *provenance.DocReport
	for i := range rep.Documents {
		if rep.Documents[i].Path == path {
			doc = &rep.Documents[i]
		}
	}
	if doc == nil {
		t.Fatalf("the document page shows %q, not in the report", path)
	}
	if got := b.text("#doc-score"); got != fmt.Sprintf("%.2f", doc.Score) {
		t.Errorf("%s: page score %s, report %.2f", path, got, doc.Score)
	}
	nFindings := eval[int](b, `document.querySelectorAll('#findings tr.finding').length`)
	if nFindings != len(doc.Findings) {
		t.Errorf("%s: the page shows %d findings, the report %d", path, nFindings, len(doc.Findings))
	}
	nFields := eval[int](b, `document.querySelectorAll('#fields tbody tr').length`)
	if nFields == 0 {
		t.Errorf("%s: no raw field shown", path)
	}
	b.shot("document")

	// Filter by a check, with the select the list offers.
	const check = "shared-identifier"
	b.run(chromedp.Navigate(base + "#/"))
	b.wait(`document.querySelector('#check-filter option[value="` + check + `"]') !== null`)
	b.run(chromedp.SetValue(chromedp.CSS(`#check-filter`), check))
	eval[any](b, `document.getElementById('check-filter').dispatchEvent(new Event('change')), true`)
	page, err := store.Docs(ctx, caseview.Query{Check: []string{check}})
	if err != nil {
		t.Fatal(err)
	}
	b.wait(fmt.Sprintf(`/^%d of /.test(document.getElementById('list-status').textContent)`, page.Total))
	for i, r := range b.visibleRows() {
		if r[2] != page.Rows[i].Path {
			t.Errorf("check filter: row %d is %s, want %s", i, r[2], page.Rows[i].Path)
		}
	}
	hash := eval[string](b, `location.hash`)
	if !strings.Contains(hash, "check="+check) {
		t.Errorf("the URL %q does not keep the check filter", hash)
	}
	b.shot("filter-check")

	// Filter by a time range: drag across the timeline.
	b.run(chromedp.Navigate(base + "#/"))
	b.wait(`document.querySelector('#plot .u-over') !== null && document.querySelectorAll('#list a.row').length > 0`)
	box := eval[struct{ Left, Top, Width, Height float64 }](b, `(() => { const r = document.querySelector('#plot .u-over').getBoundingClientRect(); return {Left: r.left, Top: r.top, Width: r.width, Height: r.height} })()`)
	y := box.Top + box.Height/2
	b.run(chromedp.DragAndDropXY(box.Left+box.Width*0.3, y, box.Left+box.Width*0.6, y, 10))
	b.wait(`/from=\d+/.test(location.hash) && /to=\d+/.test(location.hash)`)
	hash = eval[string](b, `location.hash`)
	v, err := url.ParseQuery(hash[strings.Index(hash, "?")+1:])
	if err != nil {
		t.Fatal(err)
	}
	q, err := caseview.ParseQuery(v)
	if err != nil {
		t.Fatal(err)
	}
	if q.From == 0 || q.To <= q.From {
		t.Fatalf("brushing gave the range %d–%d", q.From, q.To)
	}
	page, err = store.Docs(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total == 0 || page.Total == len(rep.Documents) {
		t.Logf("the brushed range %v–%v holds %d documents", time.Unix(q.From, 0).UTC(), time.Unix(q.To, 0).UTC(), page.Total)
	}
	b.wait(fmt.Sprintf(`/^%d /.test(document.getElementById('list-status').textContent)`, page.Total))
	b.wait(`document.querySelector('#active-filters') !== null && /claimed/.test(document.querySelector('#active-filters').textContent)`)
	b.shot("filter-time")

	// The same filter typed as two days.
	b.run(chromedp.Navigate(base + "#/"))
	b.wait(`document.getElementById('date-from') !== null && !/from=/.test(location.hash)`)
	// Both days typed, then the change of the second (each change reads
	// both inputs).
	eval[any](b, `(() => { document.getElementById('date-from').value = '2016-06-01'; const t = document.getElementById('date-to'); t.value = '2016-12-31'; t.dispatchEvent(new Event('change')); return true })()`)
	b.wait(`/from=/.test(location.hash) && /to=/.test(location.hash)`)
	page, err = store.Docs(ctx, caseview.Query{
		From: time.Date(2016, 6, 1, 0, 0, 0, 0, time.UTC).Unix(),
		To:   time.Date(2016, 12, 31, 23, 59, 59, 0, time.UTC).Unix(),
	})
	if err != nil {
		t.Fatal(err)
	}
	b.wait(fmt.Sprintf(`/^%d of /.test(document.getElementById('list-status').textContent)`, page.Total))
	b.shot("filter-dates")

	// A facet: the authors beside the baseline's; clicking one filters.
	b.run(chromedp.Click(chromedp.CSS(`#nav a[data-view="facets"]`)))
	b.wait(`document.querySelector('#facet-author a') !== null`)
	b.shot("facets")
	facetHref := eval[string](b, `document.querySelector('#facet-author a').getAttribute('href')`)
	b.run(chromedp.Click(chromedp.CSS(`#facet-author a`)))
	v, err = url.ParseQuery(facetHref[strings.Index(facetHref, "?")+1:])
	if err != nil {
		t.Fatal(err)
	}
	q, err = caseview.ParseQuery(v)
	if err != nil || len(q.Features) != 1 {
		t.Fatalf("facet link %q: %v", facetHref, err)
	}
	page, err = store.Docs(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	b.wait(fmt.Sprintf(`document.getElementById('list-status') !== null && /^%d /.test(document.getElementById('list-status').textContent)`, page.Total))
	b.shot("filter-facet")

	// A family: the graph of documents sharing an identifier, baseline
	// parents marked.
	fams, err := store.Families(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(fams) == 0 {
		t.Fatal("the demo case has no family")
	}
	b.run(chromedp.Click(chromedp.CSS(`#nav a[data-view="families"]`)))
	b.wait(`document.querySelector('a[data-family="0"]') !== null`)
	if n := eval[int](b, `document.querySelectorAll('#groups .group').length`); n != len(rep.Groups) {
		t.Errorf("%d groups shown, the report has %d", n, len(rep.Groups))
	}
	b.shot("families")
	b.run(chromedp.Click(chromedp.CSS(`a[data-family="0"]`)))
	b.wait(`document.getElementById('family-page') !== null && document.querySelector('svg.graph') !== null`)
	nodes := eval[int](b, `document.querySelectorAll('svg.graph .node').length`)
	genuine := eval[int](b, `document.querySelectorAll('svg.graph .node.genuine').length`)
	if nodes != len(fams[0].Nodes) {
		t.Errorf("family 0: %d nodes drawn, %d in the store", nodes, len(fams[0].Nodes))
	}
	wantGenuine := 0
	for _, n := range fams[0].Nodes {
		if n.Baseline {
			wantGenuine++
		}
	}
	if genuine != wantGenuine {
		t.Errorf("family 0: %d baseline parents drawn, %d in the store", genuine, wantGenuine)
	}
	b.shot("family")
	// Its questioned member opens its page.
	b.run(chromedp.Click(chromedp.CSS(`svg.graph a.graph-node circle`)))
	b.wait(`document.getElementById('doc-path') !== null && document.getElementById('family-link') !== null`)
	b.shot("family-member")
	b.clean()
}

// TestBrowserEscapes opens a case whose document's title, author and file
// name are HTML, served and as a file: nothing runs, nothing is injected,
// and the text shows as written.
func TestBrowserEscapes(t *testing.T) {
	b := newBrowser(t)
	db, store := openStore(t, hostileCase(t))
	_ = db
	srv := httptest.NewServer(caseview.Handler(store, caseview.ServerOptions{Title: hostileTitle}))
	defer srv.Close()
	page := filepath.Join(t.TempDir(), "case.html")
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := caseview.WriteHTML(context.Background(), f, store, caseview.HTMLOptions{Title: hostileTitle}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	p, err := store.Docs(context.Background(), caseview.Query{Text: "onerror=alert(2)"})
	if err != nil || p.Total != 1 {
		t.Fatalf("the hostile document is not in the case: %v %+v", err, p)
	}
	id := p.Rows[0].ID
	for _, base := range []string{srv.URL + "/", (&url.URL{Scheme: "file", Path: page}).String()} {
		b.run(chromedp.Navigate(base))
		b.wait(`document.querySelectorAll('#list a.row').length === 2`)
		b.shot("list")
		b.run(chromedp.Navigate(base + fmt.Sprintf("#/doc/%d", id)))
		b.wait(`document.getElementById('claims') !== null`)
		b.shot("document")
		injected := eval[int](b, `document.querySelectorAll('img, main script, #main iframe').length`)
		if injected != 0 {
			t.Errorf("%s: %d elements injected by document values", base, injected)
		}
		claims := b.text("#claims")
		for _, want := range []string{hostileTitle, hostileAuthor} {
			if !strings.Contains(claims, want) {
				t.Errorf("%s: the claims %q do not show %q literally", base, claims, want)
			}
		}
		if got := b.text("#doc-path"); !strings.HasSuffix(got, hostileName) {
			t.Errorf("%s: the path shows as %q", base, got)
		}
		title := eval[string](b, `document.title`)
		if !strings.HasPrefix(title, hostileTitle) {
			t.Errorf("%s: the page title is %q", base, title)
		}
		// Facets and search show the values as text too.
		b.run(chromedp.Navigate(base + "#/facets"))
		b.wait(`document.querySelector('#facet-author') !== null`)
		injected = eval[int](b, `document.querySelectorAll('img, main script').length`)
		if injected != 0 {
			t.Errorf("%s: facets: %d elements injected", base, injected)
		}
	}
	// Let a script that was injected after all have its moment.
	time.Sleep(300 * time.Millisecond)
	b.clean()
}
