package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain lets this test binary act as an isolated worker process, with
// two hostile behaviours no Go code can recover from in-process: a stack
// overflow and runaway allocation, triggered by the file name.
func TestMain(m *testing.M) {
	if os.Getenv("DOCPROV_TEST_WORKER") == "1" && len(os.Args) > 1 && os.Args[1] == workerCommand {
		// A small stack limit makes the overflow fatal quickly, and
		// well under the memory budget, as it is with real parsers'
		// deep recursion on shallow frames.
		debug.SetMaxStack(32 << 20)
		os.Exit(run(context.Background(), os.Args[1:], hostileInput{os.Stdin}, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// hostileInput passes paths through to the worker but acts out the
// behaviour a path names before the worker sees it.
type hostileInput struct{ r *os.File }

func (h hostileInput) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	line := string(p[:n])
	switch {
	case strings.Contains(line, "stack-overflow"):
		recurse(0)
	case strings.Contains(line, "memory-bomb"):
		var hoard [][]byte
		for {
			b := make([]byte, 64<<20)
			for i := range b {
				b[i] = 1
			}
			hoard = append(hoard, b)
		}
	}
	return n, err
}

func recurse(n int) int { return recurse(n+1) + 1 }

func TestIsolationCostsOneFilePerCrash(t *testing.T) {
	t.Setenv("DOCPROV_TEST_WORKER", "1")
	dir := t.TempDir()
	good := filepath.Join(fixtures, "reportlab.pdf")
	overflow := filepath.Join(dir, "stack-overflow.pdf")
	bomb := filepath.Join(dir, "memory-bomb.pdf")
	for _, p := range []string{overflow, bomb} {
		copyFile(t, good, p)
	}
	code, out, stderr := runCLI(t, "", "extract", "--isolate", "--max-mem", "256", "-j", "2", "--jsonl",
		good, overflow, good, bomb, good)
	assert.Equal(t, 1, code, stderr)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 5, "every file gets a line, in order")
	var recs []map[string]any
	for _, l := range lines {
		var r map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &r))
		recs = append(recs, r)
	}
	for _, i := range []int{0, 2, 4} {
		assert.Equal(t, "Docprov ReportLab Fixture", recs[i]["title"], "line %d", i)
	}
	assert.Equal(t, overflow, recs[1]["path"])
	assert.Contains(t, recs[1]["error"], "worker process died")
	assert.Contains(t, recs[1]["error"], "stack")
	assert.Equal(t, bomb, recs[3]["path"])
	assert.Contains(t, recs[3]["error"], "memory budget")
}

func TestIsolationExpandsContainers(t *testing.T) {
	t.Setenv("DOCPROV_TEST_WORKER", "1")
	msg := filepath.Join("..", "..", "testdata", "email", "multipart.eml")
	keys := filepath.Join("..", "..", "testdata", "email", "keys.json")
	code, out, stderr := runCLI(t, "", "extract", "--isolate", "--jsonl", "--dkim-keys", keys, msg, filepath.Join(fixtures, "reportlab.pdf"))
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 4, "the message, its two attachments, then the PDF")
	assert.Contains(t, lines[0], `"result":"pass"`, "the worker got the DKIM keys")
	assert.Contains(t, lines[1], `"path":"`+msg+`/reportlab.pdf"`)
	assert.Contains(t, lines[3], "Docprov ReportLab Fixture")
}

// TestCompareThumbnails: the flag reaches the image extractor, in this
// process and in isolated workers. The fixture's thumbnail shows the photo
// before it was cropped, so the two look unalike.
func TestCompareThumbnails(t *testing.T) {
	t.Setenv("DOCPROV_TEST_WORKER", "1")
	photo := filepath.Join("..", "..", "testdata", "image", "cropped.jpg")
	similarity := func(args ...string) (string, bool) {
		code, out, stderr := runCLI(t, "", append(append([]string{"extract", "--jsonl"}, args...), photo)...)
		require.Equal(t, 0, code, stderr)
		var rec struct {
			Fields map[string]string `json:"fields"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &rec))
		v, ok := rec.Fields["exif.thumbnail.similarity"]
		return v, ok
	}
	_, ok := similarity()
	assert.False(t, ok, "off by default: it costs a full decode")
	for _, args := range [][]string{{"--compare-thumbnails"}, {"--compare-thumbnails", "--isolate"}} {
		v, ok := similarity(args...)
		require.True(t, ok, "%v", args)
		s, err := strconv.ParseFloat(v, 64)
		require.NoError(t, err)
		assert.Less(t, s, 0.8, "%v: a cropped photo's old thumbnail", args)
	}
}

// A file name with a line break is a file like any other under --isolate:
// the worker protocol ends paths with NUL, which no name can hold.
func TestIsolatedNameWithALineBreak(t *testing.T) {
	t.Setenv("DOCPROV_TEST_WORKER", "1")
	dir := t.TempDir()
	name := filepath.Join(dir, "a\nb.pdf")
	b, err := os.ReadFile(filepath.Join(fixtures, "reportlab.pdf"))
	require.NoError(t, err)
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Skipf("this file system refuses the name: %v", err)
	}
	code, out, stderr := runCLI(t, "", "extract", "--isolate", "--jsonl", name)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, `"format":"pdf"`)
	assert.Contains(t, out, `"path":"`+strings.ReplaceAll(name, "\n", `\n`)+`"`)
}
