//go:build unix

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/docprov/docprov/provenance/casedb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// killArgsEnv carries, to a child test process, the docprov arguments it
// runs until the parent kills it.
const killArgsEnv = "DOCPROV_KILL_ARGS"

// TestScanKilledResumes kills docprov scan -o case.db with SIGKILL once it
// has committed some files, reruns the same command, and gets the report
// of an uninterrupted scan, having read again only what the kill lost.
// The scan runs in a child process (this test binary, running run()), one
// file at a time over four copies of the demo leak under other names, so
// that it is still running when the first batch is committed.
func TestScanKilledResumes(t *testing.T) {
	if args := os.Getenv(killArgsEnv); args != "" {
		var argv []string
		require.NoError(t, json.Unmarshal([]byte(args), &argv))
		os.Exit(run(context.Background(), argv, os.Stdin, os.Stdout, os.Stderr))
	}
	leak := t.TempDir()
	entries, err := os.ReadDir(demoLeak)
	require.NoError(t, err)
	for copy := range 4 {
		for _, e := range entries {
			// Copies, not hard links: a run reads a hard link to a
			// file it has read in no time, and would be done before
			// the kill.
			copyFile(t, filepath.Join(demoLeak, e.Name()), filepath.Join(leak, fmt.Sprintf("%d_%s", copy, e.Name())))
		}
	}
	files := 4 * len(entries)
	dbPath := filepath.Join(t.TempDir(), "case.db")
	scan := []string{"scan", "--self", "--as-of", "2017-05-05", "-j", "1", "-o", dbPath, leak}
	argv, err := json.Marshal(scan)
	require.NoError(t, err)
	cmd := exec.Command(os.Args[0], "-test.run=^TestScanKilledResumes$")
	cmd.Env = append(os.Environ(), killArgsEnv+"="+string(argv), "GOMAXPROCS=1")
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	committed := 0
	deadline := time.Now().Add(time.Minute)
	for committed == 0 && time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Skipf("the scan ended (%v) before a batch was committed: this machine is too fast to kill it midway", err)
		case <-time.After(5 * time.Millisecond):
		}
		committed = committedFiles(dbPath)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	err = <-done
	ee, ok := err.(*exec.ExitError)
	require.True(t, ok, "child: %v", err)
	if ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Skipf("the scan ended (%v) before the kill reached it", err)
	}
	kept := committedFiles(dbPath)
	t.Logf("killed with %d of %d files committed", kept, files)
	require.Less(t, kept, files, "killed midway")

	scan[5] = "2" // -j: the rerun may use both cores
	code, _, stderr := runCLI(t, "", scan...)
	require.Equal(t, 0, code, stderr)
	m := regexp.MustCompile(`(\d+) files \((\d+) read, (\d+) unchanged`).FindStringSubmatch(stderr)
	require.NotNil(t, m, stderr)
	read, _ := strconv.Atoi(m[2])
	unchanged, _ := strconv.Atoi(m[3])
	assert.Equal(t, kept, unchanged, "the files committed before the kill are not read again")
	assert.Equal(t, files-kept, read)

	code, got, stderr := runCLI(t, "", "report", "--format", "json", dbPath)
	require.Equal(t, 0, code, stderr)
	code, want, stderr := runCLI(t, "", "scan", "--self", "--as-of", "2017-05-05", "--format", "json", leak)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, want, got, "the resumed case reports as one uninterrupted scan")
}

// committedFiles is the number of files the case at path holds as read,
// 0 while it cannot be opened.
func committedFiles(path string) int {
	db, err := casedb.OpenReadOnly(context.Background(), path)
	if err != nil {
		return 0
	}
	defer db.Close()
	var n int
	if db.SQL().QueryRow(`SELECT count(*) FROM files WHERE status = 'extracted'`).Scan(&n) != nil {
		return 0
	}
	return n
}
