package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is a bytes.Buffer safe to read while timedWriter's
// goroutine writes to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// A Record written out reaches the output within the interval, without a
// Flush: a later file that stalls cannot hold it back.
func TestTimedWriterFlushesWhileIdle(t *testing.T) {
	var out lockedBuffer
	w := newTimedWriter(&out, 10*time.Millisecond)
	_, err := w.WriteString(`{"path":"good.docx"}` + "\n")
	require.NoError(t, err)
	assert.Empty(t, out.String(), "buffered at first")
	assert.Eventually(t, func() bool { return out.String() != "" }, 5*time.Second, 5*time.Millisecond)
	_, err = w.Write([]byte("]\n"))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	assert.Equal(t, `{"path":"good.docx"}`+"\n]\n", out.String())
}

// TestStdinAnyLineLength: a line over bufio.Scanner's 1 MiB limit stopped
// --stdin, every later path was dropped and the exit status was 0.
func TestStdinAnyLineLength(t *testing.T) {
	good := filepath.Join(fixtures, "reportlab.pdf")
	long := strings.Repeat("x", 2<<20)
	code, out, stderr := runCLI(t, good+"\n"+long+"\n"+good+"\n"+good, "extract", "--jsonl", "--stdin")
	assert.Equal(t, 1, code, "the long line is a path that cannot be read")
	assert.Contains(t, stderr, "1 file could not be read")
	recs := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, recs, 4, "every path gets a line, the last one without a line break too")
	assert.Contains(t, recs[1], "file name too long")
	for _, i := range []int{0, 2, 3} {
		assert.Contains(t, recs[i], "Docprov ReportLab Fixture")
	}
}

// TestStdin0TakesNamesExactly: names with spaces and line breaks, which
// --stdin cannot carry, come through --stdin0 as they are.
func TestStdin0TakesNamesExactly(t *testing.T) {
	dir := t.TempDir()
	var names []string
	for _, n := range []string{" lead and trail .pdf ", "line\nbreak.pdf", "tab\t.pdf"} {
		p := filepath.Join(dir, n)
		b, err := os.ReadFile(filepath.Join(fixtures, "reportlab.pdf"))
		require.NoError(t, err)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Skipf("this file system refuses the name %q: %v", n, err)
		}
		names = append(names, p)
	}
	code, out, stderr := runCLI(t, strings.Join(names, "\x00")+"\x00\x00", "extract", "--jsonl", "--stdin0")
	require.Equal(t, 0, code, stderr)
	recs := jsonLines(t, out)
	require.Len(t, recs, len(names), "empty names between NULs are skipped")
	for i, r := range recs {
		assert.Equal(t, names[i], r["path"])
		assert.Equal(t, "Docprov ReportLab Fixture", r["title"])
	}

	code, _, _ = runCLI(t, "", "extract", "--stdin", "--stdin0")
	assert.Equal(t, 2, code, "one separator or the other")
}

// failingReader gives data, then an error instead of io.EOF.
type failingReader struct {
	data string
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.data == "" {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

// TestStdinReadErrorIsReported: an error reading the list of paths is not
// its end; the run fails and says so, after the paths read before it.
func TestStdinReadErrorIsReported(t *testing.T) {
	good := filepath.Join(fixtures, "reportlab.pdf")
	for _, flag := range []string{"--stdin", "--stdin0"} {
		sep := "\n"
		if flag == "--stdin0" {
			sep = "\x00"
		}
		var out, errb bytes.Buffer
		in := &failingReader{data: good + sep + good + sep, err: errors.New("input/output error")}
		code := run(context.Background(), []string{"extract", "--jsonl", flag}, in, &out, &errb)
		assert.Equal(t, 1, code, flag)
		assert.Contains(t, errb.String(), "reading paths from standard input: input/output error", flag)
		assert.Equal(t, 2, strings.Count(out.String(), `"title":"Docprov ReportLab Fixture"`), flag)
	}

	// A folder as standard input cannot be read either.
	f, err := os.Open(fixtures)
	require.NoError(t, err)
	defer f.Close()
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"extract", "--stdin"}, f, &out, &errb)
	assert.Equal(t, 1, code)
	assert.Contains(t, errb.String(), "reading paths from standard input")
}

func jsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var r map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &r), "line %q", l)
		recs = append(recs, r)
	}
	return recs
}
