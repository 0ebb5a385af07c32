package main

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docprov/docprov"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer that the counting goroutine and the test
// may use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestProgressShowsTotalRateETAAndErrors: progress showed only a running
// count and a rate.
func TestProgressShowsTotalRateETAAndErrors(t *testing.T) {
	var out syncBuffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newProgress(&out, "scan", true, false)
	p.now = func() time.Time { return clock }
	p.start, p.last = clock, clock

	p.setTotal(40, false) // the count is still going
	clock = clock.Add(10 * time.Second)
	p.tick(9, false)
	assert.Equal(t, "scan: 10/40+ files (counting), 1 files/s, 0 errors\n", out.String())

	p.setTotal(100, true)
	clock = clock.Add(40 * time.Second)
	p.tick(48, true)
	p.tick(49, true) // within the interval: not drawn
	clock = clock.Add(10 * time.Second)
	p.tick(59, false)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 3)
	assert.Equal(t, "scan: 49/100 files (49%), 1 files/s, ETA 52s, 1 error", lines[1])
	assert.Equal(t, "scan: 60/100 files (60%), 1 files/s, ETA 40s, 2 errors", lines[2])

	p.done()
	assert.True(t, strings.HasSuffix(out.String(), "scan: 60 files, 2 errors in 1m0s\n"), out.String())
}

// On a terminal the meter redraws one line in place.
func TestProgressRedrawsOneLineOnATerminal(t *testing.T) {
	var out syncBuffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newProgress(&out, "extract", true, true)
	p.now = func() time.Time { return clock }
	p.start, p.last = clock, clock
	p.setTotal(4, true)
	clock = clock.Add(time.Second)
	p.tick(1, false)
	p.done()
	assert.Equal(t, "\rextract: 2/4 files (50%), 2 files/s, ETA 1s, 0 errors\x1b[K\rextract: 2 files, 0 errors in 1s\x1b[K\n", out.String())
}

// countPaths gives the meter the number of inputs a walk yields.
func TestProgressCountsThePaths(t *testing.T) {
	want := 0
	for range docprov.Walk(slices.Values([]string{fixtures, demo}), true) {
		want++
	}
	p := newProgress(&syncBuffer{}, "x", true, false)
	p.countPaths([]string{fixtures, demo}, true)
	assert.Eventually(t, func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.totalKnown
	}, 10*time.Second, time.Millisecond)
	assert.Equal(t, want, p.total)

	off := newProgress(&syncBuffer{}, "x", false, false)
	off.countPaths([]string{fixtures}, true)
	time.Sleep(10 * time.Millisecond)
	assert.Zero(t, off.total, "a meter that is off counts nothing")
}

// TestProgressFlag: --progress=on shows progress where stderr is not a
// terminal, both passes of scan --self included (the second showed
// nothing); off and auto (stderr not a terminal here) show none.
func TestProgressFlag(t *testing.T) {
	leak := demo + "/leak"
	code, _, stderr := runCLI(t, "", "scan", "--self", "--progress=on", leak)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "scan, pass 1 of 2 (baseline): 73 files, 0 errors in ")
	assert.Contains(t, stderr, "scan, pass 2 of 2 (comparison): 73 documents, 0 errors in ")

	code, _, stderr = runCLI(t, "", "extract", "--progress", "on", fixtures)
	assert.Equal(t, 1, code)
	assert.Regexp(t, `extract: \d+ files, \d+ errors in `, stderr)

	for _, mode := range []string{"off", "auto"} {
		code, _, stderr = runCLI(t, "", "scan", "--self", "--progress="+mode, leak)
		require.Equal(t, 0, code, stderr)
		assert.NotContains(t, stderr, "pass 1 of 2", mode)
	}
	code, _, stderr = runCLI(t, "", "baseline", "build", "--progress=sometimes", "-o", t.TempDir()+"/b.json", leak)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `unknown --progress "sometimes" (want auto, on, off)`)
}
