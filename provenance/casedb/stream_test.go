package casedb_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/docprov/docprov/provenance"
	"github.com/docprov/docprov/provenance/casedb"
)

// trim is docprov's --top and --min-score over a whole report.
func trim(rep *provenance.Report, f casedb.ReportFilter) *provenance.Report {
	var kept []provenance.DocReport
	for _, d := range rep.Documents {
		if d.Score < f.MinScore && d.Error == "" {
			continue
		}
		if f.Top > 0 && len(kept) == f.Top {
			break
		}
		kept = append(kept, d)
	}
	t := *rep
	t.Documents = kept
	t.Omitted = len(rep.Documents) - len(kept)
	return &t
}

// The report streamed from the case (ReportStream) writes what the whole
// report read back writes, filtered or not.
func TestReportStreamEqualsReport(t *testing.T) {
	ctx := context.Background()
	broken := t.TempDir()
	if err := os.WriteFile(filepath.Join(broken, "broken.docx"), []byte("PK\x03\x04garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "case.db")
	if _, _, err := caseRun(t, ctx, path, demoLeak, broken); err != nil {
		t.Fatal(err)
	}
	db, err := casedb.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	whole, err := db.Report(ctx)
	if err != nil {
		t.Fatal(err)
	}
	unreadable := 0
	for _, d := range whole.Documents {
		if d.Error != "" {
			unreadable++
		}
	}
	if unreadable == 0 || len(whole.Groups) == 0 {
		t.Fatalf("%d unreadable files and %d groups: the test shows nothing", unreadable, len(whole.Groups))
	}
	for _, f := range []casedb.ReportFilter{{}, {Top: 5}, {MinScore: 1.5}, {Top: 3, MinScore: 2}, {MinScore: 100}, {Top: 1000}} {
		want := trim(whole, f)
		for _, format := range []string{"text", "jsonl"} {
			stream, done, err := db.ReportStream(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var got, exp bytes.Buffer
			if format == "text" {
				err = stream.WriteText(&got)
				want.WriteText(&exp)
			} else {
				err = stream.WriteJSONL(&got)
				want.WriteJSONL(&exp)
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := done(); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), exp.Bytes()) {
				t.Errorf("%+v %s: streamed report differs:\n%s", f, format, firstDiff(got.Bytes(), exp.Bytes()))
			}
		}
	}
}
