package caseview_test

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/formats/image"
	"github.com/docprov/docprov/provenance"
	"github.com/docprov/docprov/provenance/casedb"
	"github.com/docprov/docprov/provenance/caseview"
)

var (
	demoOnce sync.Once
	demoPath string
	demoErr  error
	demoDir  string
)

// cleanups run after every test and benchmark: the cases built once.
var cleanups []func()

func TestMain(m *testing.M) {
	code := m.Run()
	if demoDir != "" {
		os.RemoveAll(demoDir)
	}
	for _, f := range cleanups {
		f()
	}
	os.Exit(code)
}

// demoCase is the demo's case, built once per test binary as the command
// line builds it: docprov scan --baseline testdata/demo/baseline --as-of
// 2017-05-05 -o case.db testdata/demo/leak.
func demoCase(t testing.TB) string {
	t.Helper()
	demoOnce.Do(func() {
		demoDir, demoErr = os.MkdirTemp("", "caseview-demo-")
		if demoErr != nil {
			return
		}
		demoPath = filepath.Join(demoDir, "case.db")
		demoErr = buildCase(context.Background(), demoPath, "../../testdata/demo/baseline", []string{"../../testdata/demo/leak"})
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoPath
}

// buildCase scans roots into a new case at path, with a baseline built
// from the folder baseline ("" for none), as docprov scan -o does.
func buildCase(ctx context.Context, path, baseline string, roots []string) error {
	reg := docprov.DefaultRegistry()
	reg.Replace(image.Format{CompareThumbnail: true})
	ex := &docprov.Extractor{Registry: reg}
	sc := &provenance.Scanner{AsOf: time.Date(2017, 5, 5, 0, 0, 0, 0, time.UTC), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	info := casedb.BaselineInfo{Kind: "none"}
	if baseline != "" {
		b := provenance.NewBaseline()
		err := ex.ExtractInputs(ctx, docprov.Walk(slices.Values([]string{baseline}), true), 2, func(r docprov.Result) error {
			if r.Err == nil {
				b.Add(r.Record)
			}
			return nil
		})
		if err != nil {
			return err
		}
		sc.Baseline = b
		info = casedb.BaselineInfo{Kind: "folder", Source: baseline}
	}
	db, err := casedb.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	run, err := db.Begin(ctx, casedb.RunParams{Command: "scan", Roots: roots, AsOf: sc.AsOf, Baseline: baseline})
	if err != nil {
		return err
	}
	if _, err := run.Extract(ctx, ex, docprov.Walk(slices.Values(roots), true), casedb.ExtractOptions{Workers: 2}); err != nil {
		return run.End(ctx, err)
	}
	if _, err := run.Scan(ctx, sc, info); err != nil {
		return run.End(ctx, err)
	}
	return run.End(ctx, nil)
}

// openStore opens the case at path read-only and returns its Store.
func openStore(t testing.TB, path string) (*casedb.DB, *caseview.Store) {
	t.Helper()
	ctx := context.Background()
	db, err := casedb.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := caseview.NewStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	return db, s
}

// Hostile values: what a forger controls is a document's metadata and its
// file name.
const (
	hostileTitle  = `<script>alert(1)</script>`
	hostileAuthor = `"><img src=x onerror=alert(1)>`
	hostileName   = `<img src=x onerror=alert(2)>.docx`
)

// hostileCase is a case of one Word document whose title, author and file
// name are HTML that would run if the view wrote them as markup.
func hostileCase(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	leak := filepath.Join(dir, "leak")
	if err := os.Mkdir(leak, 0o755); err != nil {
		t.Fatal(err)
	}
	writeDocx(t, filepath.Join(leak, hostileName), hostileTitle, hostileAuthor)
	writeDocx(t, filepath.Join(leak, "plain.docx"), "Plain", "Marie Dupont")
	path := filepath.Join(dir, "case.db")
	if err := buildCase(context.Background(), path, "", []string{leak}); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeDocx writes a minimal Word document with the given title and author.
func writeDocx(t testing.TB, path, title, author string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace
	files := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>text</w:t></w:r></w:p></w:body></w:document>`},
		{"docProps/core.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>` + esc(title) + `</dc:title><dc:creator>` + esc(author) + `</dc:creator><cp:lastModifiedBy>` + esc(author) + `</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2016-03-01T09:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2016-03-02T10:00:00Z</dcterms:modified></cp:coreProperties>`},
	}
	zw := zip.NewWriter(f)
	for _, file := range files {
		w, err := zw.Create(file.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(file.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}
