package caseview

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
)

// assets are the page's script and styles and the vendored uPlot
// (assets/build.sh rebuilds vendor/ from the npm lock file).
//
//go:embed assets/app.js assets/app.css assets/page.html assets/vendor/uPlot.iife.min.js assets/vendor/uPlot.min.css
var assets embed.FS

// assetTypes are the files /assets/ serves, by name: a fixed list, so
// that no request names a path of its own.
var assetTypes = map[string]struct{ file, contentType string }{
	"app.js":            {"assets/app.js", "text/javascript; charset=utf-8"},
	"app.css":           {"assets/app.css", "text/css; charset=utf-8"},
	"uPlot.iife.min.js": {"assets/vendor/uPlot.iife.min.js", "text/javascript; charset=utf-8"},
	"uPlot.min.css":     {"assets/vendor/uPlot.min.css", "text/css; charset=utf-8"},
}

var pageTemplate = template.Must(template.ParseFS(assets, "assets/page.html"))

// pageData fills page.html. Served, it links the assets; self-contained,
// it carries them inline with the case's data and a CSP that allows
// exactly those inline scripts and styles by hash.
type pageData struct {
	Title  string
	Inline bool
	CSP    string
	CSS    template.CSS
	JS     []template.JS
	// Data is the case as JSON for a <script type="application/json">:
	// encoding/json escapes <, >, & and U+2028/2029, so that no value
	// can close the element or open a comment.
	Data template.JS
	// Docs is the documents' pages, in an element of their own.
	Docs template.JS
}

func writePage(w io.Writer, p pageData) error {
	if p.Title == "" {
		p.Title = "docprov case"
	}
	return pageTemplate.Execute(w, p)
}

// A Bundle is the whole case for the self-contained page: what the
// server's API answers, gathered.
type Bundle struct {
	Case     *Case              `json:"case"`
	Rows     []Row              `json:"rows"`
	Features map[int64][]string `json:"features"`       // paths.id → "feature:value", for filtering in the page
	Docs     map[int64]*Doc     `json:"docs,omitempty"` // in the page, an element of its own
	Families []Family           `json:"families"`
	Groups   []GroupRef         `json:"groups"`
	// Omitted counts the paths left out by HTMLOptions.
	Omitted int `json:"omitted,omitempty"`
}

// HTMLOptions configure WriteHTML.
type HTMLOptions struct {
	Title string
	// Top and MinScore keep the Top highest-ranked paths scoring at least
	// MinScore (files that could not be read are kept whatever their
	// score), as docprov report --top and --min-score do; 0 keeps all.
	Top      int
	MinScore float64
}

// MaxSelfContained is the size of case the self-contained page is made
// for: past it, the page holds tens of megabytes that the browser parses
// at once, and docprov serve, which pages from the database, is the view
// to use.
const MaxSelfContained = 5000

// Collect gathers the case into a Bundle.
func (s *Store) Collect(ctx context.Context, opts HTMLOptions) (*Bundle, error) {
	c, err := s.Case(ctx)
	if err != nil {
		return nil, err
	}
	page, err := s.Docs(ctx, Query{Limit: -1})
	if err != nil {
		return nil, err
	}
	b := &Bundle{Case: c, Features: map[int64][]string{}, Docs: map[int64]*Doc{}}
	kept := map[int64]bool{}
	for _, r := range page.Rows {
		keep := r.Error != "" || (r.Score >= opts.MinScore && (opts.Top == 0 || len(b.Rows) < opts.Top))
		if !keep {
			b.Omitted++
			continue
		}
		kept[r.ID] = true
		b.Rows = append(b.Rows, r)
		d, err := s.Doc(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		b.Docs[r.ID] = d
	}
	t, err := s.readTimeline(ctx)
	if err != nil {
		return nil, err
	}
	c.Timeline = &Timeline{IDs: []int64{}, Created: []int64{}, Modified: []int64{}, Scores: []float64{}}
	for i, id := range t.IDs {
		if kept[id] {
			c.Timeline.IDs = append(c.Timeline.IDs, id)
			c.Timeline.Created = append(c.Timeline.Created, t.Created[i])
			c.Timeline.Modified = append(c.Timeline.Modified, t.Modified[i])
			c.Timeline.Scores = append(c.Timeline.Scores, t.Scores[i])
		}
	}
	if s.hasFeatures {
		rows, err := s.db.QueryContext(ctx, `SELECT p.id, f.feature || ':' || f.value FROM paths p JOIN features f ON f.document = p.document ORDER BY p.id, f.feature, f.value`)
		if err != nil {
			return nil, fmt.Errorf("caseview: features: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var (
				id int64
				f  string
			)
			if err := rows.Scan(&id, &f); err != nil {
				return nil, fmt.Errorf("caseview: features: %w", err)
			}
			if kept[id] {
				b.Features[id] = append(b.Features[id], f)
			}
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("caseview: features: %w", err)
		}
	}
	fams, err := s.Families(ctx)
	if err != nil {
		return nil, err
	}
	b.Families = fams
	if b.Groups, err = s.Groups(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

// WriteHTML writes the case view as one self-contained page: the same
// views as the served page, the case embedded as JSON, the same script,
// no request to anything (a CSP in the page forbids every other script
// and every connection). It suits cases of up to about
// MaxSelfContained paths.
func WriteHTML(ctx context.Context, w io.Writer, s *Store, opts HTMLOptions) error {
	b, err := s.Collect(ctx, opts)
	if err != nil {
		return err
	}
	return b.WriteHTML(w, opts.Title)
}

// WriteHTML writes the bundle as the self-contained page.
func (b *Bundle) WriteHTML(w io.Writer, title string) error {
	// The documents' pages go in an element of their own, parsed when
	// the first is opened: they are most of the bytes, and the list does
	// not need them.
	main := *b
	main.Docs = nil
	var data, docs bytes.Buffer
	for _, x := range []struct {
		buf *bytes.Buffer
		v   any
	}{{&data, &main}, {&docs, b.Docs}} {
		enc := json.NewEncoder(x.buf)
		enc.SetEscapeHTML(true) // the default, and what keeps </script> and <!-- out: said, not assumed
		if err := enc.Encode(x.v); err != nil {
			return fmt.Errorf("caseview: %w", err)
		}
	}
	var readErr error
	read := func(name string) string {
		bs, err := assets.ReadFile(name)
		if err != nil && readErr == nil {
			readErr = fmt.Errorf("caseview: %w", err)
		}
		return string(bs)
	}
	css := read("assets/vendor/uPlot.min.css") + "\n" + read("assets/app.css")
	js := []string{read("assets/vendor/uPlot.iife.min.js"), read("assets/app.js")}
	if readErr != nil {
		return readErr
	}
	csp := "default-src 'none'; img-src data:; base-uri 'none'; form-action 'none'; style-src " + hashSource(css)
	csp += "; script-src"
	for _, s := range js {
		csp += " " + hashSource(s)
	}
	p := pageData{Title: title, Inline: true, CSP: csp, CSS: template.CSS(css),
		Data: template.JS(bytes.TrimSpace(data.Bytes())), Docs: template.JS(bytes.TrimSpace(docs.Bytes()))}
	for _, s := range js {
		p.JS = append(p.JS, template.JS(s))
	}
	if err := writePage(w, p); err != nil {
		return fmt.Errorf("caseview: %w", err)
	}
	return nil
}

// hashSource is a CSP source allowing the inline element whose text is s.
func hashSource(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}
