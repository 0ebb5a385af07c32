package provenance_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
)

// Every finding says what it was compared with and, when it is evidence
// against a document, which fact it rests on: checked on the demo's real
// files, against its baseline and against the leak itself.
func TestEveryFindingSaysWhatItWasComparedWith(t *testing.T) {
	ctx := context.Background()
	extract := func(root string) []*provenance.Record {
		var recs []*provenance.Record
		require.NoError(t, (&docprov.Extractor{}).ExtractInputs(ctx, docprov.Walk(slices.Values([]string{root}), true), 2, func(r docprov.Result) error {
			if r.Err == nil {
				recs = append(recs, r.Record)
			}
			return nil
		}))
		return recs
	}
	baseline, leak := extract("../testdata/demo/baseline"), extract("../testdata/demo/leak")
	require.NotEmpty(t, leak)
	for _, mode := range []struct {
		name     string
		b        *provenance.Baseline
		leaveOut bool
	}{{"baseline", provenance.BuildBaseline(baseline), false}, {"self", provenance.BuildBaseline(leak), true}, {"none", nil, false}} {
		sc := &provenance.Scanner{Baseline: mode.b, LeaveOut: mode.leaveOut, AsOf: time.Date(2017, 5, 5, 0, 0, 0, 0, time.UTC)}
		require.NoError(t, sc.Validate())
		for _, r := range leak {
			sc.Add(r)
		}
		n := 0
		for _, d := range sc.Report().Documents {
			sum := 0.0
			for _, f := range d.Findings {
				n++
				assert.NotEmpty(t, f.Compared, "%s: %s: %s %s", mode.name, d.Path, f.Check, f.Message)
				assert.NotEmpty(t, f.Fields, "%s: %s: %s %s", mode.name, d.Path, f.Check, f.Message)
				if f.Strength > 0 {
					assert.NotEmpty(t, f.Fact, "%s: %s: %s %s", mode.name, d.Path, f.Check, f.Message)
				}
				assert.LessOrEqual(t, f.Weight, f.Strength+1e-9)
				sum += f.Weight
			}
			assert.InDelta(t, sum, d.Score, 0.011*float64(len(d.Findings)+1), d.Path)
		}
		assert.Greater(t, n, 50, mode.name)
	}
}
