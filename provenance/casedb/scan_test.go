package casedb_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
	"github.com/docprov/docprov/provenance/casedb"
)

// schemaOf lists the case's tables and indexes with their SQL, and the
// findings' rows, in order.
func schemaOf(t *testing.T, db *casedb.DB) (schema, findings []string) {
	t.Helper()
	return column(t, db, `SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_schema ORDER BY type, name`),
		column(t, db, `SELECT id || ' ' || path || ' ' || ordinal || ' ' || evidence FROM findings ORDER BY id`)
}

// column returns the one text column a query gives, row by row.
func column(t *testing.T, db *casedb.DB, query string) []string {
	t.Helper()
	rows, err := db.SQL().Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// Scan drops the indexes of the tables it rewrites and writes the
// findings through a temporary table: a scan leaves the schema as it
// found it, a scan interrupted half-way leaves the previous scan's results
// and indexes, and a scan after it writes what the first did.
func TestScanKeepsSchemaAndResults(t *testing.T) {
	ctx := context.Background()
	db, err := casedb.Open(ctx, filepath.Join(t.TempDir(), "case.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fresh, _ := schemaOf(t, db)
	if !slices.ContainsFunc(fresh, func(s string) bool { return strings.HasPrefix(s, "index findings_check ") }) {
		t.Fatalf("a new case has no findings_check index: %q", fresh)
	}
	scan := func(ctx context.Context, sc *provenance.Scanner) error {
		run, err := db.Begin(ctx, casedb.RunParams{Command: "scan", Roots: []string{demoLeak}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := run.Extract(ctx, new(docprov.Extractor), docprov.Walk(slices.Values([]string{demoLeak}), true), casedb.ExtractOptions{Workers: 2}); err != nil {
			t.Fatal(err)
		}
		_, err = run.Scan(ctx, sc, casedb.BaselineInfo{Kind: "folder", Source: demoBaseline})
		run.End(ctx, err)
		return err
	}
	if err := scan(ctx, newScanner(t)); err != nil {
		t.Fatal(err)
	}
	schema, findings := schemaOf(t, db)
	if !slices.Equal(schema, fresh) {
		t.Errorf("schema after a scan:\n%q\nwant\n%q", schema, fresh)
	}
	if len(findings) == 0 {
		t.Fatal("the scan wrote no findings")
	}

	// A scan cancelled in its checks rolls back whole.
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sc := newScanner(t)
	n := 0
	for _, c := range provenance.Checks() {
		c := *c
		if n == 0 {
			run := c.Run
			c.Run = func(p *provenance.Pass) []provenance.Finding {
				if n++; n == 40 {
					cancel()
				}
				return run(p)
			}
		}
		sc.Checks = append(sc.Checks, &c)
	}
	// database/sql rolls the transaction back when its context is
	// cancelled, so the scan may fail on a closed statement before it
	// sees the cancellation itself: any error will do.
	if err := scan(cctx, sc); err == nil || cctx.Err() == nil {
		t.Fatalf("cancelled scan: %v (context: %v), want an error after the cancellation", err, cctx.Err())
	}
	runs, err := db.Runs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if last := runs[len(runs)-1]; last.Status != "interrupted" {
		t.Errorf("a cancelled scan's run is recorded as %q, want interrupted", last.Status)
	}
	schema, after := schemaOf(t, db)
	if !slices.Equal(schema, fresh) {
		t.Errorf("schema after a cancelled scan:\n%q\nwant\n%q", schema, fresh)
	}
	if !slices.Equal(after, findings) {
		t.Errorf("a cancelled scan changed the findings: %d rows, want %d", len(after), len(findings))
	}

	if err := scan(ctx, newScanner(t)); err != nil {
		t.Fatal(err)
	}
	schema, again := schemaOf(t, db)
	if !slices.Equal(schema, fresh) {
		t.Errorf("schema after a second scan:\n%q\nwant\n%q", schema, fresh)
	}
	if !slices.Equal(again, findings) {
		t.Errorf("a second scan wrote other findings: %d rows, want %d", len(again), len(findings))
	}
}

// A run whose context was cancelled is interrupted, whatever error the
// cancellation surfaced as: database/sql rolls the transaction back, and
// the statement in flight may fail as closed rather than as cancelled.
func TestCancelledRunIsInterrupted(t *testing.T) {
	ctx := context.Background()
	db, err := casedb.Open(ctx, filepath.Join(t.TempDir(), "case.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct {
		cancelled bool
		err       error
		want      string
	}{
		{true, errors.New("sql: statement is closed"), "interrupted"},
		{true, context.Canceled, "interrupted"},
		{false, errors.New("disk full"), "failed"},
		{false, nil, "complete"},
	} {
		rctx, cancel := context.WithCancel(ctx)
		run, err := db.Begin(rctx, casedb.RunParams{Command: "scan"})
		if err != nil {
			t.Fatal(err)
		}
		if c.cancelled {
			cancel()
		}
		if err := run.End(rctx, c.err); err != nil {
			t.Fatal(err)
		}
		cancel()
		runs, err := db.Runs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := runs[len(runs)-1].Status; got != c.want {
			t.Errorf("End(cancelled %v, %v): status %q, want %q", c.cancelled, c.err, got, c.want)
		}
	}
}

// SelfBaseline, which tells identical copies apart by the case's
// documents rows, summarises the case as BuildBaseline does its records:
// copies once, the same file.
func TestSelfBaselineIsBuildBaseline(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := casedb.Open(ctx, filepath.Join(dir, "case.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The demo leak twice: every document has an identical copy.
	roots := []string{filepath.Join(dir, "a"), filepath.Join(dir, "b")}
	for _, r := range roots {
		if err := os.CopyFS(r, os.DirFS(demoLeak)); err != nil {
			t.Fatal(err)
		}
	}
	run, err := db.Begin(ctx, casedb.RunParams{Command: "scan", Roots: roots})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := run.Extract(ctx, new(docprov.Extractor), docprov.Walk(slices.Values(roots), true), casedb.ExtractOptions{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	if err := run.End(ctx, nil); err != nil {
		t.Fatal(err)
	}
	var recs []*provenance.Record
	for e, err := range db.Entries(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if e.Record != nil {
			recs = append(recs, e.Record)
		}
	}
	self, err := db.SelfBaseline(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := provenance.BuildBaseline(recs)
	if want.Copies == 0 {
		t.Fatalf("no copies among %d records: the test shows nothing", len(recs))
	}
	var a, b strings.Builder
	if err := want.Save(&a); err != nil {
		t.Fatal(err)
	}
	if err := self.Save(&b); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("SelfBaseline saves %d bytes, BuildBaseline %d: not the same baseline", b.Len(), a.Len())
	}
	if self.Docs != want.Docs || self.Copies != want.Copies {
		t.Errorf("SelfBaseline: %d documents, %d copies; BuildBaseline: %d, %d", self.Docs, self.Copies, want.Docs, want.Copies)
	}
}
