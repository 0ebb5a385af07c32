package casedb_test

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
	"github.com/docprov/docprov/provenance/casedb"
)

const (
	demoLeak     = "../../testdata/demo/leak"
	demoBaseline = "../../testdata/demo/baseline"
)

var asOf = time.Date(2017, 5, 5, 0, 0, 0, 0, time.UTC)

// scanTime is the scan's "now", fixed so that two scans compare.
var scanTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

var (
	baselineOnce sync.Once
	demoBase     *provenance.Baseline
	baselineErr  error
)

// baseline is the demo's baseline, built once per test binary.
func baseline(t testing.TB) *provenance.Baseline {
	t.Helper()
	baselineOnce.Do(func() {
		b := provenance.NewBaseline()
		baselineErr = new(docprov.Extractor).ExtractInputs(context.Background(), docprov.Walk(slices.Values([]string{demoBaseline}), true), 2,
			func(r docprov.Result) error {
				if r.Err == nil {
					b.Add(r.Record)
				}
				return nil
			})
		demoBase = b
	})
	if baselineErr != nil {
		t.Fatal(baselineErr)
	}
	return demoBase
}

func newScanner(t testing.TB) *provenance.Scanner {
	return &provenance.Scanner{Baseline: baseline(t), AsOf: asOf, Now: scanTime}
}

// freshReport scans roots without a case database, as docprov scan does,
// and returns the JSON report.
func freshReport(t *testing.T, roots ...string) []byte {
	t.Helper()
	sc := newScanner(t)
	err := new(docprov.Extractor).ExtractInputs(context.Background(), docprov.Walk(slices.Values(roots), true), 2, func(r docprov.Result) error {
		if r.Err != nil {
			sc.AddError(docprov.EscapePath(r.Path), errorText(r.Err))
		} else {
			sc.Add(r.Record)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return reportJSON(t, sc.Report())
}

type textError string

func (e textError) Error() string { return string(e) }

func errorText(err error) error { return textError(docprov.EscapePath(err.Error())) }

func reportJSON(t *testing.T, rep *provenance.Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// caseRun extracts roots into the case at path and checks it, returning
// the extraction's counts and the report read back from the database.
func caseRun(t *testing.T, ctx context.Context, path string, roots ...string) (casedb.ExtractStats, []byte, error) {
	t.Helper()
	db, err := casedb.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	run, err := db.Begin(context.Background(), casedb.RunParams{Command: "scan", Roots: roots, AsOf: asOf, Baseline: demoBaseline})
	if err != nil {
		t.Fatal(err)
	}
	stats, err := run.Extract(ctx, new(docprov.Extractor), docprov.Walk(slices.Values(roots), true), casedb.ExtractOptions{Workers: 2, BatchSize: 8})
	if err != nil {
		run.End(ctx, err)
		return stats, nil, err
	}
	if _, err := run.Check(ctx, newScanner(t), casedb.BaselineInfo{Kind: "folder", Source: demoBaseline}); err != nil {
		t.Fatal(err)
	}
	if err := run.End(ctx, nil); err != nil {
		t.Fatal(err)
	}
	rep, err := db.Report(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return stats, reportJSON(t, rep), nil
}

// extractOnly extracts roots into the case at path with fx, as
// docprov extract does, and returns what Extract returned.
func extractOnly(t *testing.T, ctx context.Context, path string, fx docprov.FileExtractor, roots ...string) (casedb.ExtractStats, error) {
	t.Helper()
	db, err := casedb.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	run, err := db.Begin(context.Background(), casedb.RunParams{Command: "extract", Roots: roots})
	if err != nil {
		t.Fatal(err)
	}
	stats, err := run.Extract(ctx, fx, docprov.Walk(slices.Values(roots), true), casedb.ExtractOptions{Workers: 2, BatchSize: 8})
	if endErr := run.End(ctx, err); endErr != nil {
		t.Fatal(endErr)
	}
	return stats, err
}

// The report read back from the case equals the report of a scan that
// kept everything in memory, byte for byte.
func TestReportFromCaseEqualsScan(t *testing.T) {
	want := freshReport(t, demoLeak)
	stats, got, err := caseRun(t, context.Background(), filepath.Join(t.TempDir(), "case.db"), demoLeak)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Walked != 73 || stats.Extracted != 73 || stats.Unchanged != 0 {
		t.Errorf("stats = %+v, want 73 walked and extracted", stats)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("report from the case differs from the scan's:\n%s", firstDiff(got, want))
	}
}

// firstDiff shows where two reports part.
func firstDiff(a, b []byte) string {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range min(len(la), len(lb)) {
		if !bytes.Equal(la[i], lb[i]) {
			return "line " + itoa(i+1) + ":\n case: " + string(la[i]) + "\n scan: " + string(lb[i])
		}
	}
	return "lengths differ: " + itoa(len(la)) + " and " + itoa(len(lb)) + " lines"
}

func itoa(i int) string { return strconv.Itoa(i) }
