package email_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/docprov/docprov"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExtractorTimeoutForEmail runs the report's file through the root
// package's container path, as "docprov extract --timeout" does: 16 MiB
// of folded continuation lines in one X-Long field. It took 40 s (minutes
// here) under a 5 s timeout and returned a Record; now it is read with
// the cap as a problem (how fast is BenchmarkFoldedHeader's to say: the
// budget here is generous enough for a loaded machine under -race), and a
// budget too short for it gives the timeout error instead of a Record.
func TestExtractorTimeoutForEmail(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("From: a@example.org\r\nMessage-ID: <1@example.org>\r\nX-Long: start\r\n")
	line := " " + strings.Repeat("a", 70) + "\r\n"
	for b.Len() < 16<<20 {
		b.WriteString(line)
	}
	b.WriteString("Subject: after\r\n\r\nbody\r\n")
	path := filepath.Join(t.TempDir(), "folded.eml")
	require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))

	// run waits at most three minutes: a hang guard.
	run := func(timeout time.Duration) ([]docprov.Result, time.Duration) {
		var res []docprov.Result
		var err error
		done := make(chan struct{})
		start := time.Now()
		go func() {
			defer close(done)
			ex := &docprov.Extractor{Timeout: timeout}
			err = ex.ExtractEach(context.Background(), path, func(r docprov.Result) error {
				res = append(res, r)
				return nil
			})
		}()
		select {
		case <-done:
		case <-time.After(3 * time.Minute):
			t.Fatalf("timeout %s: still running after 3 minutes", timeout)
		}
		require.NoError(t, err)
		return res, time.Since(start)
	}

	res, took := run(2 * time.Minute)
	t.Logf("--timeout 2m: %s", took)
	require.Len(t, res, 1)
	require.NoError(t, res[0].Err)
	assert.Equal(t, "after", res[0].Record.Title)
	require.Len(t, res[0].Record.Problems, 1)
	assert.Contains(t, res[0].Record.Problems[0], "(MaxHeaderField)")

	res, took = run(time.Millisecond)
	t.Logf("--timeout 1ms: %s", took)
	require.Len(t, res, 1)
	assert.Nil(t, res[0].Record)
	assert.ErrorIs(t, res[0].Err, docprov.ErrTimeout)
}
