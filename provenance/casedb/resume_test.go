package casedb_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
	"github.com/docprov/docprov/provenance/casedb"
)

// copyDemo copies the demo leak's files whose index in name order is in
// [from, to) into dir, and returns how many it copied.
func copyDemo(t *testing.T, dir string, from, to int) int {
	t.Helper()
	names := demoNames(t)
	n := 0
	for _, name := range names[from:min(to, len(names))] {
		src, err := os.Open(filepath.Join(demoLeak, name))
		if err != nil {
			t.Fatal(err)
		}
		dst, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(dst, src); err != nil {
			t.Fatal(err)
		}
		src.Close()
		if err := dst.Close(); err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}

func demoNames(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(demoLeak)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	if len(names) != 73 {
		t.Fatalf("the demo leak has %d files, want 73", len(names))
	}
	return names
}

// A leak that grows: the second run reads only the files added, and its
// report is the report of one scan over the grown folder. Files are added
// at both ends of the name order, so that the new ones must be put in
// their place among the old, as the walk of a fresh scan puts them.
func TestIncrementalRunReadsOnlyNewFiles(t *testing.T) {
	leak := t.TempDir()
	db := filepath.Join(t.TempDir(), "case.db")
	copyDemo(t, leak, 20, 60)
	first, _, err := caseRun(t, context.Background(), db, leak)
	if err != nil {
		t.Fatal(err)
	}
	if first.Extracted != 40 {
		t.Fatalf("first run: %+v, want 40 extracted", first)
	}
	added := copyDemo(t, leak, 0, 20) + copyDemo(t, leak, 60, 73)
	second, got, err := caseRun(t, context.Background(), db, leak)
	if err != nil {
		t.Fatal(err)
	}
	if second.Extracted != added || second.Unchanged != 40 || second.Walked != 73 {
		t.Errorf("second run: %+v, want %d extracted and 40 unchanged of 73", second, added)
	}
	if want := freshReport(t, leak); !bytes.Equal(got, want) {
		t.Errorf("report after the incremental run differs from one scan's:\n%s", firstDiff(got, want))
	}
}

// A file whose modification time changed is read again; with the same
// bytes it keeps its document. A file that left the folder leaves the case.
func TestChangedAndRemovedFiles(t *testing.T) {
	leak := t.TempDir()
	dbPath := filepath.Join(t.TempDir(), "case.db")
	copyDemo(t, leak, 0, 10)
	if _, _, err := caseRun(t, context.Background(), dbPath, leak); err != nil {
		t.Fatal(err)
	}
	names := demoNames(t)
	touched := filepath.Join(leak, names[3])
	docBefore := documentOf(t, dbPath, touched)
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(touched, later, later); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(leak, names[7])); err != nil {
		t.Fatal(err)
	}
	stats, got, err := caseRun(t, context.Background(), dbPath, leak)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Extracted != 1 || stats.Unchanged != 8 || stats.Removed != 1 {
		t.Errorf("stats = %+v, want 1 extracted, 8 unchanged, 1 removed", stats)
	}
	if after := documentOf(t, dbPath, touched); after != docBefore {
		t.Errorf("the touched file's document went from %d to %d; its SHA-256 did not change", docBefore, after)
	}
	if want := freshReport(t, leak); !bytes.Equal(got, want) {
		t.Errorf("report differs from one scan's:\n%s", firstDiff(got, want))
	}
}

// An interrupted run (its context cancelled after 30 files) keeps what it
// read: the rerun reads only the rest and ends with the report of an
// uninterrupted run.
func TestResumeAfterCancel(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "case.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ex := &cancelAfter{n: 30, cancel: cancel}
	interrupted, err := extractOnly(t, ctx, dbPath, ex, demoLeak)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: err = %v, want context.Canceled", err)
	}
	stats, got, err := caseRun(t, context.Background(), dbPath, demoLeak)
	if err != nil {
		t.Fatal(err)
	}
	// The files written before the cancellation are kept (the one it
	// caught may be read again); those read but still waiting for their
	// turn in the order were never written, and are read again.
	// About 30 (a worker may finish one more before the cancellation).
	if interrupted.Extracted == 0 || interrupted.Extracted > 32 {
		t.Fatalf("interrupted run: %+v, want between 1 and 32 files written", interrupted)
	}
	if stats.Unchanged < interrupted.Extracted-1 || stats.Unchanged+stats.Extracted != 73 {
		t.Errorf("rerun: %+v, want at least %d of 73 unchanged", stats, interrupted.Extracted-1)
	}
	if want := freshReport(t, demoLeak); !bytes.Equal(got, want) {
		t.Errorf("report after resuming differs from an uninterrupted scan's:\n%s", firstDiff(got, want))
	}
}

// cancelAfter is an extractor that cancels the run once it has read n
// files.
type cancelAfter struct {
	ex     docprov.Extractor
	n      int64
	read   atomic.Int64
	cancel func()
}

func (c *cancelAfter) ExtractFile(ctx context.Context, path string) (*provenance.Record, error) {
	rec, err := c.ex.ExtractFile(ctx, path)
	if c.read.Add(1) == c.n {
		c.cancel()
	}
	return rec, err
}

// documentOf is the documents row of path in the case at dbPath.
func documentOf(t *testing.T, dbPath, path string) int64 {
	t.Helper()
	db, err := casedb.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var id int64
	if err := db.SQL().QueryRow(`SELECT document FROM paths WHERE path = ?`, path).Scan(&id); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return id
}
