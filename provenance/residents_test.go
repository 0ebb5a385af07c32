package provenance_test

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
)

// residentSink discards a streaming scan's documents, and measures the
// live heap when the corpus-wide checks have run (their first Amend).
type residentSink struct{ atAmend uint64 }

func (*residentSink) Document(int, *provenance.DocReport) error { return nil }

func (s *residentSink) Amend(int, []provenance.Finding) error {
	if s.atAmend == 0 {
		s.atAmend = liveHeap()
	}
	return nil
}

func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkSelfScanResidents measures what a streaming self-baseline scan
// keeps alive a distinct document, as docprov scan --self -o case.db runs
// it (casedb.SelfBaseline, then Run.Scan): the demo leak's records given
// paths and SHA-256s of their own (as .ci/bench-case --distinct makes
// them), n of them. It reports the live heap after the self-baseline, after
// the last Add and at the corpus-wide checks' first Amend (the peak), as
// bytes more than the heap before it (which holds the records: their own
// memory is left out). What a document costs is the slope between two sizes (the heap
// at the larger less the heap at the smaller, over the difference):
//
//	DOCPROV_RESIDENTS=5000,15000 go test -run x -bench SelfScanResidents -benchtime 1x ./provenance/
func BenchmarkSelfScanResidents(b *testing.B) {
	var leak []*provenance.Record
	if err := (&docprov.Extractor{}).ExtractInputs(context.Background(), docprov.Walk(slices.Values([]string{"../testdata/demo/leak"}), true), 1, func(r docprov.Result) error {
		if r.Err == nil {
			leak = append(leak, r.Record)
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	slices.SortFunc(leak, func(a, b *provenance.Record) int { return strings.Compare(a.Path, b.Path) })
	for _, n := range residentSizes() {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				recs := make([]*provenance.Record, n)
				for i := range recs {
					c := *leak[i%len(leak)]
					c.Path = fmt.Sprintf("files/f%06d/%s", i/len(leak), path.Base(c.Path))
					sum := sha256.Sum256(fmt.Appendf(nil, "docprov-bench %d", i))
					c.SHA256 = hex.EncodeToString(sum[:])
					recs[i] = &c
				}
				start := liveHeap()
				bl := provenance.NewBaseline()
				bl.CompactRefs()
				for _, r := range recs {
					bl.AddDistinct(r, false)
				}
				if t, ok := any(bl).(interface{ Trim() }); ok {
					t.Trim()
				}
				baseline := liveHeap()
				sink := &residentSink{}
				sc := &provenance.Scanner{Baseline: bl, LeaveOut: true, AsOf: time.Date(2017, 5, 5, 0, 0, 0, 0, time.UTC), Sink: sink}
				sc.Grow(n)
				for _, r := range recs {
					sc.Add(r)
				}
				added := liveHeap()
				if _, err := sc.Finish(); err != nil {
					b.Fatal(err)
				}
				grown := func(h uint64) float64 { return float64(int64(h) - int64(start)) }
				b.ReportMetric(grown(baseline), "baseline-B")
				b.ReportMetric(grown(added), "added-B")
				b.ReportMetric(grown(sink.atAmend), "amend-B")
				runtime.KeepAlive(sc)
				runtime.KeepAlive(recs)
			}
		})
	}
}

// residentSizes are the corpus sizes BenchmarkSelfScanResidents measures:
// DOCPROV_RESIDENTS, a comma-separated list, else 5,000 and 15,000.
func residentSizes() []int {
	var out []int
	for _, f := range strings.Split(cmp.Or(os.Getenv("DOCPROV_RESIDENTS"), "5000,15000"), ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}
