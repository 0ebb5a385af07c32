package caseview_test

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/docprov/docprov/provenance/casedb"
	"github.com/docprov/docprov/provenance/caseview"
)

// Benchmarks of the view at leak scale, on a synthetic case written
// straight into the schema (a real scan of 100,000 files takes most of an
// hour): every row a scan writes that the view reads, with the spread of
// values a large leak has (hundreds of people, dozens of programs, years
// of dates, a few findings a document, families of three).
//
//	go test -run '^$' -bench . -benchtime 20x ./provenance/caseview/
//
// DOCPROV_BENCH_DOCS sets the number of documents (100,000 by default).

var (
	largeOnce sync.Once
	largePath string
	largeErr  error
)

func largeCase(b *testing.B) string {
	b.Helper()
	largeOnce.Do(func() {
		n := 100_000
		if s := os.Getenv("DOCPROV_BENCH_DOCS"); s != "" {
			fmt.Sscan(s, &n)
		}
		// DOCPROV_BENCH_CASE keeps the case at a path of one's own
		// between runs (it takes about a minute to write).
		if largePath = os.Getenv("DOCPROV_BENCH_CASE"); largePath != "" {
			if _, err := os.Stat(largePath); err == nil {
				return
			}
		} else {
			dir, err := os.MkdirTemp("", "caseview-large-")
			if err != nil {
				largeErr = err
				return
			}
			demoDir2 = dir
			largePath = filepath.Join(dir, "case.db")
		}
		start := time.Now()
		largeErr = writeSyntheticCase(context.Background(), largePath, n)
		fmt.Fprintf(os.Stderr, "synthetic case of %d documents written in %v\n", n, time.Since(start).Round(time.Second))
	})
	if largeErr != nil {
		b.Fatal(largeErr)
	}
	return largePath
}

// demoDir2 is removed by TestMain with demoDir.
var demoDir2 string

func init() {
	cleanups = append(cleanups, func() {
		if demoDir2 != "" {
			os.RemoveAll(demoDir2)
		}
	})
}

func writeSyntheticCase(ctx context.Context, path string, n int) error {
	c, err := casedb.Open(ctx, path)
	if err != nil {
		return err
	}
	defer c.Close()
	db := c.SQL()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	prep := func(q string) *sql.Stmt {
		st, e := tx.PrepareContext(ctx, q)
		if e != nil && err == nil {
			err = e
		}
		return st
	}
	doc := prep(`INSERT INTO documents (id, sha256, format, size, title, authors, last_modified_by, company, created, created_utc, modified, modified_utc, score, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	file := prep(`INSERT INTO files (id, path, size, mtime, status, seq, run) VALUES (?, ?, ?, '2017-05-05T00:00:00Z', 'extracted', ?, 1)`)
	pth := prep(`INSERT INTO paths (id, document, file, part, path, score, rank) VALUES (?, ?, ?, 0, ?, ?, ?)`)
	feat := prep(`INSERT OR IGNORE INTO features (document, feature, value) VALUES (?, ?, ?)`)
	finding := prep(`INSERT INTO findings (path, document, ordinal, check_name, weight, strength, message, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	ident := prep(`INSERT INTO identifiers (document, ordinal, kind, value) VALUES (?, 0, 'xmp.DocumentID', ?)`)
	field := prep(`INSERT INTO fields (document, key, value) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	formats := []string{"pdf", "docx", "xlsx", "odt", "jpeg", "eml"}
	checks := []string{"rare-value", "anachronism", "editing-traces", "time-order", "shared-identifier", "sources-disagree", "producer-mismatch"}
	people := make([]string, 400)
	for i := range people {
		people[i] = fmt.Sprintf("Person %03d", i)
	}
	programs := make([]string, 40)
	for i := range programs {
		programs[i] = fmt.Sprintf("program%02d %d.%d", i, i%7, i%3)
	}
	offsets := []string{"+01:00", "+02:00", "Z", "-05:00", "+03:00"}
	// Scores, decreasing with rank as the scan's ranking leaves them.
	scores := make([]float64, n)
	for i := range scores {
		scores[i] = rng.ExpFloat64()
	}
	slices.SortFunc(scores, func(a, b float64) int { return cmp.Compare(b, a) })
	base := time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		id := int64(i + 1)
		format := formats[rng.IntN(len(formats))]
		author := people[rng.IntN(len(people))]
		editor := people[rng.IntN(len(people))]
		program := programs[rng.IntN(len(programs))]
		off := offsets[rng.IntN(len(offsets))]
		created := base.Add(time.Duration(rng.Int64N(int64(5 * 365 * 24 * time.Hour))))
		modified := created.Add(time.Duration(rng.Int64N(int64(90 * 24 * time.Hour))))
		var cr, mo any = created.Format(time.RFC3339), modified.Format(time.RFC3339)
		if i%40 == 0 {
			cr, mo = nil, nil // claims no date
		}
		p := fmt.Sprintf("leak/box%03d/document-%06d.%s", i%500, i, format)
		authors, _ := json.Marshal([]string{author})
		rec, _ := json.Marshal(map[string]any{"schema": 1, "path": p, "format": format, "title": fmt.Sprintf("Document %d", i),
			"authors": []string{author}, "last_modified_by": editor, "created": cr, "modified": mo,
			"software": []map[string]string{{"role": "producer", "raw": program}},
			"fields":   map[string]string{"x.title": fmt.Sprintf("Document %d", i), "x.producer": program}})
		score := scores[i]
		steps := []struct {
			st   *sql.Stmt
			args []any
		}{
			{doc, []any{id, fmt.Sprintf("%064x", i), format, 1000 + i, fmt.Sprintf("Document %d", i), string(authors), editor, "Org", cr, cr, mo, mo, score, string(rec)}},
			{file, []any{id, p, 1000 + i, i}},
			{pth, []any{id, id, id, p, score, i + 1}},
			{feat, []any{id, "format", format}},
			// Feature values are normalized (lower case), as provenance.Features writes them.
			{feat, []any{id, "author", strings.ToLower(author)}},
			{feat, []any{id, "last_modified_by", strings.ToLower(editor)}},
			{feat, []any{id, "software.producer", program}},
			{feat, []any{id, "utc_offset", off}},
			{feat, []any{id, "language", "fr-fr"}},
			{field, []any{id, "x.title", fmt.Sprintf("Document %d", i)}},
			{field, []any{id, "x.producer", program}},
		}
		if i%30 < 3 {
			steps = append(steps, struct {
				st   *sql.Stmt
				args []any
			}{ident, []any{id, fmt.Sprintf("uuid:family-%d", i/30)}})
		}
		for k := 0; k < 1+rng.IntN(3) && score > 0.05; k++ {
			ch := checks[rng.IntN(len(checks))]
			ev, _ := json.Marshal(map[string]any{"check": ch, "weight": score / 2, "strength": score / 2, "message": "synthetic finding", "fields": []string{"x.producer"}})
			steps = append(steps, struct {
				st   *sql.Stmt
				args []any
			}{finding, []any{id, id, k, ch, score / 2, score / 2, "synthetic finding", string(ev)}})
		}
		for _, s := range steps {
			if _, err := s.st.ExecContext(ctx, s.args...); err != nil {
				return err
			}
		}
	}
	for _, q := range []string{
		`INSERT INTO baseline (id, source, kind, docs, copies) VALUES (1, 'genuine/', 'folder', 5000, 0)`,
		`INSERT INTO baseline_features (feature, value, docs) SELECT feature, value, count(*) / 10 FROM features WHERE document % 3 = 0 GROUP BY feature, value`,
		`INSERT INTO params (run, command, started, finished, status, as_of) VALUES (1, 'scan', '2017-05-05T00:00:00Z', '2017-05-05T01:00:00Z', 'complete', '2017-05-05')`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func BenchmarkAPI(b *testing.B) {
	path := largeCase(b)
	_, store := openStore(b, path)
	srv := httptest.NewServer(caseview.Handler(store, caseview.ServerOptions{}))
	defer srv.Close()
	for _, bm := range []struct{ name, url string }{
		{"case", "/api/case"},
		{"docs-first-page", "/api/docs?limit=200"},
		{"docs-deep-page", "/api/docs?offset=90000&limit=200"},
		{"docs-check", "/api/docs?check=time-order&limit=200"},
		{"docs-facet", "/api/docs?f=author:person%20123&limit=200"},
		{"docs-search", "/api/docs?q=document-0999&limit=200"},
		{"docs-time-range", "/api/docs?from=1400000000&to=1410000000&limit=200"},
		{"doc", "/api/doc/5000"},
		{"families", "/api/families"},
	} {
		// Cold: a new Store each time, nothing cached (the first
		// request of a reader); warm: the Store's caches filled.
		b.Run(bm.name+"-cold", func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				_, fresh := openStore(b, path)
				cold := httptest.NewServer(caseview.Handler(fresh, caseview.ServerOptions{}))
				b.StartTimer()
				resp, err := http.Get(cold.URL + bm.url)
				if err != nil {
					b.Fatal(err)
				}
				var v any
				if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
				b.StopTimer()
				cold.Close()
				b.StartTimer()
			}
		})
		b.Run(bm.name+"-warm", func(b *testing.B) {
			if resp, err := http.Get(srv.URL + bm.url); err == nil { // fills the caches
				resp.Body.Close()
			}
			for b.Loop() {
				resp, err := http.Get(srv.URL + bm.url)
				if err != nil {
					b.Fatal(err)
				}
				var v any
				if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("%s: %d", bm.url, resp.StatusCode)
				}
			}
		})
	}
}

// BenchmarkBrowser times, in headless Chromium, the first screen of the
// served view of the large case (the list's first rows and the timeline
// drawn), a filter applied from the URL, and a scroll to the middle of the
// list; and the first screen of the demo's self-contained page.
func BenchmarkBrowser(b *testing.B) {
	if findBrowser() == "" {
		b.Skip("no chromium")
	}
	path := largeCase(b)
	_, store := openStore(b, path)
	// As docprov serve does while the reader opens the URL.
	if err := store.Warm(context.Background()); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(caseview.Handler(store, caseview.ServerOptions{}))
	defer srv.Close()

	bt := benchBrowser(b)
	// The list's first rows, the first screen a reader sees.
	b.Run("served-list-rows", func(b *testing.B) {
		for b.Loop() {
			do(b, bt, chromedp.Navigate("about:blank"))
			do(b, bt, chromedp.Navigate(srv.URL+"/"))
			poll(b, bt, `document.querySelectorAll('#list a.row').length > 0`)
		}
	})
	first := `document.querySelectorAll('#list a.row').length > 0 && document.querySelector('#plot canvas') !== null && /strongest/.test(document.getElementById('list-status').textContent)`
	b.Run("served-first-screen", func(b *testing.B) {
		for b.Loop() {
			do(b, bt, chromedp.Navigate("about:blank"))
			do(b, bt, chromedp.Navigate(srv.URL+"/"))
			poll(b, bt, first)
		}
	})
	b.Run("served-filter", func(b *testing.B) {
		do(b, bt, chromedp.Navigate(srv.URL+"/"))
		poll(b, bt, first)
		i := 0
		for b.Loop() {
			i++
			q := fmt.Sprintf("#/?f=author:person%%20%03d", i%400)
			do(b, bt, chromedp.Navigate(srv.URL+"/"+q))
			poll(b, bt, fmt.Sprintf(`location.hash === %q && / match the filters/.test(document.getElementById('list-status').textContent) && document.querySelectorAll('#list a.row').length > 0`, q))
		}
	})
	b.Run("served-scroll", func(b *testing.B) {
		do(b, bt, chromedp.Navigate(srv.URL+"/"))
		poll(b, bt, first)
		c, err := store.Case(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		i := 0
		for b.Loop() {
			i++
			row := (i * 7919) % (c.Paths - 100)
			if _, err := chromedp.Run(bt, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const l = document.getElementById('list'); l.scrollTop = %d * 30; return true })()`, row))); err != nil {
				b.Fatal(err)
			}
			poll(b, bt, fmt.Sprintf(`Array.from(document.querySelectorAll('#list a.row .c-rank')).some(e => e.textContent === '%d')`, row+1))
		}
	})
	// The self-contained page of the synthetic case, when it is of the
	// size that page is for (DOCPROV_BENCH_DOCS=5000).
	if c, err := store.Case(context.Background()); err == nil && c.Paths <= 2*caseview.MaxSelfContained {
		page := filepath.Join(b.TempDir(), "large.html")
		f, err := os.Create(page)
		if err != nil {
			b.Fatal(err)
		}
		if err := caseview.WriteHTML(context.Background(), f, store, caseview.HTMLOptions{}); err != nil {
			b.Fatal(err)
		}
		st, _ := f.Stat()
		f.Close()
		b.Logf("the self-contained page of %d documents: %d bytes", c.Paths, st.Size())
		b.Run("file-first-screen-synthetic", func(b *testing.B) {
			for b.Loop() {
				do(b, bt, chromedp.Navigate("about:blank"))
				do(b, bt, chromedp.Navigate("file://"+page))
				poll(b, bt, first)
			}
		})
	}
	demo := filepath.Join(b.TempDir(), "demo.html")
	_, demoStore := openStore(b, demoCase(b))
	f, err := os.Create(demo)
	if err != nil {
		b.Fatal(err)
	}
	if err := caseview.WriteHTML(context.Background(), f, demoStore, caseview.HTMLOptions{}); err != nil {
		b.Fatal(err)
	}
	st, _ := f.Stat()
	f.Close()
	b.Logf("the demo's self-contained page: %d bytes", st.Size())
	b.Run("file-first-screen-demo", func(b *testing.B) {
		for b.Loop() {
			do(b, bt, chromedp.Navigate("about:blank"))
			do(b, bt, chromedp.Navigate("file://"+demo))
			poll(b, bt, first)
		}
	})
}

func benchBrowser(b *testing.B) context.Context {
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(findBrowser()), chromedp.WindowSize(1280, 900))
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	b.Cleanup(func() { cancelTab(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		b.Fatal(err)
	}
	return ctx
}

func do(b *testing.B, ctx context.Context, a chromedp.Action[chromedp.Void]) {
	if err := chromedp.Do(ctx, a); err != nil {
		b.Fatal(err)
	}
}

func poll(b *testing.B, ctx context.Context, expr string) {
	var err error
	// A poll started as a navigation replaces the page's context fails
	// with "Cannot find context": poll again in the new page.
	for range 3 {
		if _, err = chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(60*time.Second), chromedp.WithPollingInterval(5*time.Millisecond))); err == nil {
			return
		}
	}
	b.Fatalf("%s: %v", expr, err)
}
