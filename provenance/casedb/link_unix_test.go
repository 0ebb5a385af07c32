//go:build unix

package casedb_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
)

// linkedLeak is a leak of the demo's files under a/ with hard links to
// each under b/ and c/, and returns its folder.
func linkedLeak(t *testing.T) string {
	t.Helper()
	leak := t.TempDir()
	a := filepath.Join(leak, "a")
	if err := os.Mkdir(a, 0o755); err != nil {
		t.Fatal(err)
	}
	copyDemo(t, a, 0, 73)
	for _, dir := range []string{"b", "c"} {
		if err := os.Mkdir(filepath.Join(leak, dir), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, name := range demoNames(t) {
			if err := os.Link(filepath.Join(a, name), filepath.Join(leak, dir, name)); err != nil {
				t.Skipf("no hard links here: %v", err)
			}
		}
	}
	return leak
}

// countingExtractor counts the files it reads.
type countingExtractor struct {
	ex   docprov.Extractor
	read atomic.Int64
}

func (c *countingExtractor) ExtractFile(ctx context.Context, path string) (*provenance.Record, error) {
	c.read.Add(1)
	return c.ex.ExtractFile(ctx, path)
}

// A hard link to a file the run has read is not read again, and the
// case's report is the report of a scan that read every name.
func TestHardLinksReadOnce(t *testing.T) {
	leak := linkedLeak(t)
	fx := &countingExtractor{}
	stats, err := extractOnly(t, context.Background(), filepath.Join(t.TempDir(), "case.db"), fx, leak)
	if err != nil {
		t.Fatal(err)
	}
	if got := fx.read.Load(); got != 73 {
		t.Errorf("read %d files for 73 files under three names each, want 73", got)
	}
	if stats.Walked != 3*73 || stats.Extracted != 3*73 {
		t.Errorf("stats = %+v, want %d walked and extracted", stats, 3*73)
	}

	want := freshReport(t, leak)
	_, got, err := caseRun(t, context.Background(), filepath.Join(t.TempDir(), "case.db"), leak)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("report of the hard-linked leak differs from the scan's:\n%s", firstDiff(got, want))
	}
}
