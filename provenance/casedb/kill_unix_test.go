//go:build unix

package casedb_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
	"github.com/docprov/docprov/provenance/casedb"
)

// killEnv names the case a child test process writes until it kills
// itself.
const killEnv = "DOCPROV_CASEDB_KILL_CASE"

// A run killed with SIGKILL midway loses at most its last batch: the rerun
// reads the rest and ends with the report of an uninterrupted run. The
// test runs itself as a child process that extracts the demo leak into a
// case and sends itself SIGKILL after 40 files, with no chance to commit
// or close anything.
func TestKilledRunResumes(t *testing.T) {
	if path := os.Getenv(killEnv); path != "" {
		ex := &killAfter{n: 40}
		extractOnly(t, context.Background(), path, ex, demoLeak)
		t.Fatal("the child was meant to die before the end of the run")
		return
	}
	dbPath := filepath.Join(t.TempDir(), "case.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledRunResumes$")
	cmd.Env = append(os.Environ(), killEnv+"="+dbPath)
	out, err := cmd.CombinedOutput()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child: %v, want killed by SIGKILL\n%s", err, out)
	}

	db, err := casedb.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	var kept int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM files WHERE status = 'extracted'`).Scan(&kept); err != nil {
		t.Fatal(err)
	}
	runs, err := db.Runs(context.Background())
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	// Batches of 8: of the 40 files read, those in committed batches
	// survive; the last batch, and files read ahead, die with the process.
	if kept == 0 || kept > 40 {
		t.Fatalf("%d files survived the kill, want between 1 and 40", kept)
	}
	t.Logf("%d of the 40 files read survived the kill", kept)
	if len(runs) != 1 || runs[0].Status != "running" {
		t.Errorf("runs after the kill: %+v, want one, still marked running", runs)
	}

	stats, got, err := caseRun(t, context.Background(), dbPath, demoLeak)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Unchanged != kept || stats.Extracted != 73-kept {
		t.Errorf("rerun: %+v, want %d unchanged and %d extracted", stats, kept, 73-kept)
	}
	if want := freshReport(t, demoLeak); !bytes.Equal(got, want) {
		t.Errorf("report after the kill and rerun differs from an uninterrupted scan's:\n%s", firstDiff(got, want))
	}
}

// killAfter is an extractor that kills its own process with SIGKILL once
// it has read n files.
type killAfter struct {
	ex   docprov.Extractor
	n    int64
	read atomic.Int64
}

func (k *killAfter) ExtractFile(ctx context.Context, path string) (*provenance.Record, error) {
	if k.read.Add(1) > k.n {
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	}
	return k.ex.ExtractFile(ctx, path)
}
