//go:build unix

package main

import (
	"encoding/base64"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runCLIWithin is runCLI that fails the test, instead of hanging it, when
// the command does not return in time.
func runCLIWithin(t *testing.T, d time.Duration, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	type res struct {
		code        int
		out, errOut string
	}
	done := make(chan res, 1)
	go func() {
		c, o, e := runCLI(t, stdin, args...)
		done <- res{c, o, e}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.errOut
	case <-time.After(d):
		t.Fatalf("docprov %s did not return within %s", strings.Join(args, " "), d)
		return
	}
}

// hostileDir is a short-named folder (unix socket paths are limited to
// about 100 bytes) holding a genuine PDF, a link to it, a dangling link, a
// FIFO, a socket, a link to a folder and that folder with a PDF.
func hostileDir(t *testing.T) (dir string) {
	t.Helper()
	base, err := os.MkdirTemp("", "dpc")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(base) })
	dir = filepath.Join(base, "t")
	copyFile(t, filepath.Join(fixtures, "reportlab.pdf"), filepath.Join(dir, "a.pdf"))
	copyFile(t, filepath.Join(fixtures, "reportlab.pdf"), filepath.Join(dir, "sub", "b.pdf"))
	for _, l := range [][2]string{{"a.pdf", "c-link.pdf"}, {"nowhere.pdf", "d-dangling.pdf"}, {"sub", "g-dirlink"}} {
		if err := os.Symlink(l[0], filepath.Join(dir, l[1])); err != nil {
			t.Skipf("cannot make a symbolic link here: %v", err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "e-fifo.pdf"), 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	l, err := net.Listen("unix", filepath.Join(dir, "f-sock"))
	if err != nil {
		t.Skipf("cannot make a unix socket here: %v", err)
	}
	t.Cleanup(func() { l.Close() })
	return dir
}

// TestExtractFIFOKeepsTheBatch is the report's case: extract --timeout 5s
// good.docx fifo.pdf never returned, and the Record already made was lost.
func TestExtractFIFOKeepsTheBatch(t *testing.T) {
	dir := hostileDir(t)
	good, fifo := filepath.Join(dir, "a.pdf"), filepath.Join(dir, "e-fifo.pdf")
	for _, mode := range [][]string{{"--jsonl"}, {}, {"--isolate"}} {
		t.Run(strings.Join(append([]string{"mode"}, mode...), ""), func(t *testing.T) {
			t.Setenv("DOCPROV_TEST_WORKER", "1")
			args := append(append([]string{"extract", "--timeout", "5s"}, mode...), good, fifo, good)
			code, out, stderr := runCLIWithin(t, 30*time.Second, "", args...)
			assert.Equal(t, 1, code)
			assert.Contains(t, stderr, "1 file could not be read")
			var recs []map[string]any
			if len(mode) == 1 && mode[0] == "--jsonl" {
				recs = jsonLines(t, out)
			} else {
				require.NoError(t, json.Unmarshal([]byte(out), &recs), out)
			}
			require.Len(t, recs, 3)
			assert.Equal(t, "Docprov ReportLab Fixture", recs[0]["title"])
			assert.Equal(t, fifo, recs[1]["path"])
			assert.Equal(t, fifo+": not a regular file (named pipe)", recs[1]["error"])
			assert.Equal(t, "Docprov ReportLab Fixture", recs[2]["title"])
		})
	}
}

func TestFIFOAsBaselineOrKeysIsRefused(t *testing.T) {
	dir := hostileDir(t)
	fifo, good := filepath.Join(dir, "e-fifo.pdf"), filepath.Join(dir, "a.pdf")

	code, _, stderr := runCLIWithin(t, 30*time.Second, "", "scan", "--baseline", fifo, good)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, fifo+": not a regular file (named pipe)")

	code, _, stderr = runCLIWithin(t, 30*time.Second, "", "baseline", "merge", "-o", filepath.Join(t.TempDir(), "m.json"), fifo)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "not a regular file")

	code, _, stderr = runCLIWithin(t, 30*time.Second, "", "extract", "--dkim-keys", fifo, good)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "not a regular file")
}

// TestWalkLeavesNothingOutSilently: extract -r, scan and baseline build
// used to skip links, FIFOs and sockets without a word.
func TestWalkLeavesNothingOutSilently(t *testing.T) {
	dir := hostileDir(t)
	j := func(n string) string { return filepath.Join(dir, n) }
	wantErr := map[string]string{
		j("d-dangling.pdf"): `broken symbolic link to "nowhere.pdf"`,
		j("e-fifo.pdf"):     "not a regular file (named pipe)",
		j("f-sock"):         "not a regular file (socket)",
		j("g-dirlink"):      "symbolic link to a directory, not followed",
	}
	order := []string{j("a.pdf"), j("c-link.pdf"), j("d-dangling.pdf"), j("e-fifo.pdf"), j("f-sock"), j("g-dirlink"), j("sub/b.pdf")}

	code, out, stderr := runCLIWithin(t, 60*time.Second, "", "extract", "-r", "--jsonl", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "4 files could not be read")
	recs := jsonLines(t, out)
	require.Len(t, recs, len(order))
	for i, r := range recs {
		assert.Equal(t, order[i], r["path"])
		if want, bad := wantErr[order[i]]; bad {
			assert.Contains(t, r["error"], want, order[i])
		} else {
			assert.Equal(t, "Docprov ReportLab Fixture", r["title"], "%s is read (a link to a file is followed)", order[i])
		}
	}

	code, out, stderr = runCLIWithin(t, 60*time.Second, "", "scan", "--format", "jsonl", dir)
	require.Equal(t, 1, code, "4 paths are unreadable: %s", stderr)
	reported := map[string]any{}
	for _, r := range jsonLines(t, out) {
		if p, ok := r["path"].(string); ok {
			reported[p] = r["error"]
		}
	}
	assert.Len(t, reported, len(order), "the report has every path")
	for p, want := range wantErr {
		assert.Contains(t, reported[p], want, p)
	}

	code, _, stderr = runCLIWithin(t, 60*time.Second, "", "baseline", "build", "-o", filepath.Join(t.TempDir(), "b.json"), dir)
	require.Equal(t, 0, code, stderr)
	// The file and the link to it are one document.
	assert.Contains(t, stderr, "1 document summarised")
	assert.Contains(t, stderr, "(2 identical copies counted once, 4 unreadable, left out)")
	for p, want := range wantErr {
		assert.Contains(t, stderr, "skipped "+p+": "+want)
	}
}

// TestScanBaselineFolderNamesUnreadableFiles: scan --baseline DIR dropped
// the folder's unreadable files without a word; baseline build named them.
func TestScanBaselineFolderNamesUnreadableFiles(t *testing.T) {
	dir := hostileDir(t)
	copyFile(t, filepath.Join(fixtures, "not-a-pdf.pdf"), filepath.Join(dir, "bad.pdf"))
	code, _, stderr := runCLIWithin(t, 60*time.Second, "", "scan", "--baseline", dir, filepath.Join(fixtures, "reportlab.pdf"))
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "docprov scan: baseline: skipped "+filepath.Join(dir, "bad.pdf")+": content not recognised")
	assert.Contains(t, stderr, "docprov scan: baseline: skipped "+filepath.Join(dir, "e-fifo.pdf")+": not a regular file")
	assert.Contains(t, stderr, "1 document summarised from "+dir+" (2 identical copies counted once, 5 unreadable, left out)")
}

// TestNonUTF8NamesStayDistinct: every report wrote U+FFFD for a byte of a
// name that is not UTF-8, so that a\xfe.pdf and a\xff.pdf collided.
func TestNonUTF8NamesStayDistinct(t *testing.T) {
	t.Setenv("DOCPROV_TEST_WORKER", "1")
	dir := t.TempDir()
	names := []string{"a\xfe.pdf", "a\xff.pdf"}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(fixtures, "reportlab.pdf"))
		require.NoError(t, err)
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Skipf("this file system refuses the name %q: %v", n, err)
		}
	}
	fifo := filepath.Join(dir, "f\xff.pdf")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	want := []struct{ path, escaped string }{
		{filepath.Join(dir, names[0]), filepath.Join(dir, `a\xfe.pdf`)},
		{filepath.Join(dir, names[1]), filepath.Join(dir, `a\xff.pdf`)},
		{fifo, filepath.Join(dir, `f\xff.pdf`)},
	}
	for _, mode := range []string{"--jsonl", "--isolate"} {
		code, out, _ := runCLIWithin(t, 60*time.Second, "", "extract", "--jsonl", mode, dir)
		assert.Equal(t, 1, code, "the FIFO is not read")
		recs := jsonLines(t, out)
		require.Len(t, recs, 3, mode)
		for i, r := range recs {
			assert.Equal(t, want[i].escaped, r["path"], mode)
			assert.Equal(t, base64.StdEncoding.EncodeToString([]byte(want[i].path)), r["path_bytes"], "%s: the exact bytes", mode)
		}
		assert.Equal(t, "Docprov ReportLab Fixture", recs[1]["title"])
		assert.Equal(t, want[2].escaped+": not a regular file (named pipe)", recs[2]["error"], "%s: the message names the file as path does", mode)
	}

	code, out, stderr := runCLIWithin(t, 60*time.Second, "", "scan", "--format", "jsonl", dir)
	require.Equal(t, 1, code, "the FIFO is unreadable: %s", stderr)
	paths := map[string]bool{}
	for _, r := range jsonLines(t, out) {
		if p, ok := r["path"].(string); ok {
			paths[p] = true
		}
	}
	assert.Equal(t, map[string]bool{want[0].escaped: true, want[1].escaped: true, want[2].escaped: true}, paths)
}
