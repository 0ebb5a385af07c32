package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docprov/docprov/provenance/casedb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	demoLeak     = "../../testdata/demo/leak"
	demoBaseline = "../../testdata/demo/baseline"
)

// Every format docprov report renders from a case equals what docprov
// scan printed, filters included: the case holds the whole report.
func TestReportFromCaseEqualsScanOutput(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "case.db")
	scanArgs := []string{"scan", "--baseline", demoBaseline, "--as-of", "2017-05-05", demoLeak}
	code, out, stderr := runCLI(t, "", append(scanArgs, "-o", dbPath)...)
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, out, "the case is the output")
	assert.Contains(t, stderr, "73 files (73 read, 0 unchanged")
	for _, flags := range [][]string{
		{"--format", "json"},
		{"--format", "jsonl"},
		{"--format", "text"},
		{"--format", "csv"},
		{"--format", "json", "--top", "5"},
		{"--format", "text", "--min-score", "1.5"},
	} {
		code, want, stderr := runCLI(t, "", append(scanArgs, flags...)...)
		require.Equal(t, 0, code, stderr)
		code, got, stderr := runCLI(t, "", append(append([]string{"report"}, flags...), dbPath)...)
		require.Equal(t, 0, code, stderr)
		assert.Equal(t, want, got, "docprov report %v", flags)
	}
	// The HTML page is one renderer's (the case view's) in both: the same
	// case embedded, but for when it was scanned and the page's title.
	for _, flags := range [][]string{{"--format", "html"}, {"--format", "html", "--top", "5"}} {
		code, want, stderr := runCLI(t, "", append(scanArgs, flags...)...)
		require.Equal(t, 0, code, stderr)
		code, got, stderr := runCLI(t, "", append(append([]string{"report"}, flags...), dbPath)...)
		require.Equal(t, 0, code, stderr)
		assert.Equal(t, pageCase(t, want), pageCase(t, got), "docprov report %v", flags)
	}
	// The report written to a file is the same.
	outFile := filepath.Join(t.TempDir(), "report.json")
	code, _, stderr = runCLI(t, "", "report", "--format", "json", "-o", outFile, dbPath)
	require.Equal(t, 0, code, stderr)
	_, want, _ := runCLI(t, "", append(scanArgs, "--format", "json")...)
	got, err := os.ReadFile(outFile)
	require.NoError(t, err)
	assert.Equal(t, want, string(got))

	// A second scan of the same folder reads nothing and writes the
	// same case.
	code, _, stderr = runCLI(t, "", append(scanArgs, "--format", "sqlite", "-o", dbPath)...)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "73 files (0 read, 73 unchanged")
	_, got2, _ := runCLI(t, "", "report", "--format", "json", dbPath)
	assert.Equal(t, want, got2)
}

// scan --self -o case.db takes its baseline from the case's own records
// and reports as scan --self does.
func TestScanSelfIntoCase(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "self.sqlite")
	code, _, stderr := runCLI(t, "", "scan", "--self", "--as-of", "2017-05-05", "-o", dbPath, demoLeak)
	require.Equal(t, 0, code, stderr)
	code, want, stderr := runCLI(t, "", "scan", "--self", "--as-of", "2017-05-05", "--format", "json", demoLeak)
	require.Equal(t, 0, code, stderr)
	code, got, stderr := runCLI(t, "", "report", "--format", "json", dbPath)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, want, got)
}

// extract --format sqlite writes Records, fields, software and
// identifiers, no findings; report says the case was never scanned.
func TestExtractIntoCase(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "x.db")
	code, out, stderr := runCLI(t, "", "extract", "--format", "sqlite", "-o", dbPath, demoLeak)
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, out)
	db, err := casedb.OpenReadOnly(context.Background(), dbPath)
	require.NoError(t, err)
	defer db.Close()
	count := func(q string) int {
		var n int
		require.NoError(t, db.SQL().QueryRow(q).Scan(&n), q)
		return n
	}
	assert.Equal(t, 73, count(`SELECT count(*) FROM paths`))
	assert.Equal(t, 73, count(`SELECT count(DISTINCT sha256) FROM documents`))
	assert.Greater(t, count(`SELECT count(*) FROM fields`), 73*20)
	assert.Greater(t, count(`SELECT count(*) FROM software`), 73)
	assert.Greater(t, count(`SELECT count(*) FROM identifiers`), 10)
	assert.Zero(t, count(`SELECT count(*) FROM findings`))
	// The Record's JSON is kept whole: the fields table is its fields.
	assert.Equal(t, count(`SELECT count(*) FROM fields`), count(`SELECT sum((SELECT count(*) FROM json_each(record, '$.fields'))) FROM documents`))

	code, _, stderr = runCLI(t, "", "report", dbPath)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "no scan results")
}

// Identical copies are one document with several paths, and each path is
// in the report as scan reports it.
func TestCaseIdenticalCopies(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(demoLeak, "Tresorerie_2017_T1.xlsx")
	copyFile(t, src, filepath.Join(dir, "a.xlsx"))
	copyFile(t, src, filepath.Join(dir, "sub", "copie de a.xlsx"))
	copyFile(t, filepath.Join(demoLeak, "BC_2016-008.odt"), filepath.Join(dir, "b.odt"))
	dbPath := filepath.Join(t.TempDir(), "case.db")
	code, _, stderr := runCLI(t, "", "scan", "--self", "-o", dbPath, dir)
	require.Equal(t, 0, code, stderr)
	db, err := casedb.OpenReadOnly(context.Background(), dbPath)
	require.NoError(t, err)
	defer db.Close()
	var docs, paths, copies int
	require.NoError(t, db.SQL().QueryRow(`SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM paths),
		(SELECT count(*) FROM paths WHERE document = (SELECT document FROM paths WHERE path LIKE '%a.xlsx' LIMIT 1))`).Scan(&docs, &paths, &copies))
	assert.Equal(t, 2, docs)
	assert.Equal(t, 3, paths)
	assert.Equal(t, 2, copies)
	_, want, _ := runCLI(t, "", "scan", "--self", "--format", "json", dir)
	_, got, _ := runCLI(t, "", "report", "--format", "json", dbPath)
	assert.Equal(t, want, got)
}

// report refuses what is not a case, and a case of a newer schema.
func TestReportRefusesOtherFiles(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runCLI(t, "", "report", filepath.Join(dir, "missing.db"))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "no such file")
	_, err := os.Stat(filepath.Join(dir, "missing.db"))
	assert.True(t, os.IsNotExist(err), "report creates nothing")

	text := filepath.Join(dir, "notes.db")
	require.NoError(t, os.WriteFile(text, []byte("not a database at all, just some text that is long enough"), 0o644))
	code, _, stderr = runCLI(t, "", "report", text)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "notes.db")

	code, _, stderr = runCLI(t, "", "report", "--format", "xml", text)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `--format "xml"`)

	code, _, stderr = runCLI(t, "", "extract", "--format", "sqlite", demoLeak)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "needs -o FILE")
}

// A case kept in the folder it describes does not read itself: its
// database and WAL files would otherwise be new, changed files at every
// run, and unreadable documents in every report.
func TestCaseInsideScannedFolder(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, filepath.Join(demoLeak, "BC_2016-008.odt"), filepath.Join(dir, "b.odt"))
	copyFile(t, filepath.Join(demoLeak, "P3213137.JPG"), filepath.Join(dir, "p.jpg"))
	dbPath := filepath.Join(dir, "case.db")
	for i, want := range []string{"2 files (2 read, 0 unchanged", "2 files (0 read, 2 unchanged"} {
		code, _, stderr := runCLI(t, "", "scan", "--self", "-o", dbPath, dir)
		require.Equal(t, 0, code, stderr)
		assert.Contains(t, stderr, want, "run %d", i+1)
	}
	code, out, stderr := runCLI(t, "", "report", "--format", "csv", dbPath)
	require.Equal(t, 0, code, stderr)
	assert.NotContains(t, out, "case.db")
	assert.Equal(t, 3, strings.Count(out, "\n"), "a header and two documents:\n%s", out)
}

// extract --format sqlite takes paths from standard input too, and refuses
// --isolate, which it cannot honour yet, rather than ignore it.
func TestExtractIntoCaseFromStdin(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "x.sqlite")
	list := filepath.Join(demoLeak, "BC_2016-008.odt") + "\n" + filepath.Join(demoLeak, "P3213137.JPG") + "\n"
	code, _, stderr := runCLI(t, list, "extract", "--stdin", "-o", dbPath)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "2 files (2 read, 0 unchanged")
	code, _, stderr = runCLI(t, list, "extract", "--stdin", "-o", dbPath)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "2 files (0 read, 2 unchanged")

	code, _, stderr = runCLI(t, "", "extract", "--isolate", "-o", dbPath, demoLeak)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--isolate")
}

// A case read with other extraction flags is read again whole: extract
// leaves thumbnails alone, scan compares them, and a scan over an extract's
// case reports as a fresh scan.
func TestCaseReadAgainUnderOtherSettings(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "case.db")
	code, _, stderr := runCLI(t, "", "extract", "-r", "-o", dbPath, demoLeak)
	require.Equal(t, 0, code, stderr)
	scan := []string{"scan", "--baseline", demoBaseline, "--as-of", "2017-05-05", demoLeak}
	code, _, stderr = runCLI(t, "", append(scan, "-o", dbPath)...)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "every file was read again")
	assert.Contains(t, stderr, "73 files (73 read, 0 unchanged")
	_, want, _ := runCLI(t, "", append(scan, "--format", "json")...)
	_, got, _ := runCLI(t, "", "report", "--format", "json", dbPath)
	assert.Equal(t, want, got)
	db, err := casedb.OpenReadOnly(context.Background(), dbPath)
	require.NoError(t, err)
	defer db.Close()
	var similarity int
	require.NoError(t, db.SQL().QueryRow(`SELECT count(*) FROM fields WHERE key = 'exif.thumbnail.similarity'`).Scan(&similarity))
	assert.Positive(t, similarity, "the documents hold the scan's reading, thumbnails compared")
}

// pageCase is the case a self-contained case view page embeds (its
// summary, rows and families, and its documents' pages), without the
// time of its scan.
func pageCase(t *testing.T, page string) map[string]any {
	t.Helper()
	element := func(id string) any {
		open := `<script type="application/json" id="` + id + `">`
		i := strings.Index(page, open)
		require.GreaterOrEqual(t, i, 0, "no element %s", id)
		rest := page[i+len(open):]
		j := strings.Index(rest, "</script>")
		require.GreaterOrEqual(t, j, 0)
		var v any
		require.NoError(t, json.Unmarshal([]byte(rest[:j]), &v))
		return v
	}
	bundle, ok := element("case-data").(map[string]any)
	require.True(t, ok)
	c, ok := bundle["case"].(map[string]any)
	require.True(t, ok)
	delete(c, "scanned")
	require.NotEmpty(t, bundle["rows"])
	bundle["docs"] = element("case-docs")
	require.NotEmpty(t, bundle["docs"])
	return bundle
}
