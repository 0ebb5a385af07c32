package provenance_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
)

// A baseline whose references are compact (CompactRefs) gives a scan the
// same report as one that keeps them in IDs and Contents, and saves as the
// same file; so do documents of other bytes that claim the same (each
// record again under another path and SHA-256, one of which is not hex),
// and a compact one trimmed (Trim).
func TestCompactRefsSameReport(t *testing.T) {
	ctx := context.Background()
	var leak []*provenance.Record
	require.NoError(t, (&docprov.Extractor{}).ExtractInputs(ctx, docprov.Walk(slices.Values([]string{"../testdata/demo/leak"}), true), 2, func(r docprov.Result) error {
		if r.Err == nil {
			leak = append(leak, r.Record)
		}
		return nil
	}))
	require.NotEmpty(t, leak)
	recs := slices.Clone(leak)
	for k := range 3 {
		for i, r := range leak {
			c := *r
			c.Path = fmt.Sprintf("copy%d/%s", k, r.Path)
			c.SHA256 = fmt.Sprintf("%064x", k*1000+i+1)
			if k == 2 && i == 0 {
				c.SHA256 = "not-hex"
			}
			if k == 2 && i < 5 {
				// What encoding/json escapes, or replaces: Save writes
				// a compact baseline's lists itself.
				c.Title = fmt.Sprintf("<b>R&D</b> \u2028 \xff %d", i)
				c.Path = fmt.Sprintf("copy%d/<&>\xfe/%s", k, r.Path)
			}
			if k == 1 && !r.Created.IsZero() {
				// Its content's claims changed: known-content.
				c.Created.Time = r.Created.Time.AddDate(-1, 0, 0)
				c.Authors = []string{"Someone Else"}
			}
			recs = append(recs, &c)
		}
	}
	build := func(compact bool) *provenance.Baseline {
		b := provenance.NewBaseline()
		if compact {
			b.CompactRefs()
		}
		for _, r := range recs {
			b.Add(r)
		}
		return b
	}
	report := func(b *provenance.Baseline) []byte {
		sc := &provenance.Scanner{Baseline: b, LeaveOut: true, AsOf: time.Date(2017, 5, 5, 0, 0, 0, 0, time.UTC)}
		for _, r := range recs {
			sc.Add(r)
		}
		out, err := json.Marshal(sc.Report())
		require.NoError(t, err)
		return out
	}
	maps, compact := build(false), build(true)
	assert.Empty(t, compact.IDs)
	assert.Empty(t, compact.Contents)
	want := report(maps)
	assert.Contains(t, string(want), "shared-identifier")
	assert.Contains(t, string(want), "known-content")
	assert.True(t, string(want) == string(report(compact)), "the reports differ")
	// Trimmed (as a self-baseline is once complete), it says the same.
	trimmed := build(true)
	trimmed.Trim()
	assert.True(t, string(want) == string(report(trimmed)), "trimmed, the reports differ")
	var a, b bytes.Buffer
	require.NoError(t, maps.Save(&a))
	require.NoError(t, compact.Save(&b))
	assert.True(t, a.String() == b.String(), "the saved baselines differ")
	var again bytes.Buffer
	require.NoError(t, compact.Save(&again))
	assert.True(t, a.String() == again.String(), "saved twice, the compact baseline differs")
	var tr bytes.Buffer
	require.NoError(t, trimmed.Save(&tr))
	assert.True(t, a.String() == tr.String(), "trimmed, the saved baselines differ")
	merged := provenance.NewBaseline()
	require.NoError(t, merged.Merge(build(true)))
	var m bytes.Buffer
	require.NoError(t, merged.Save(&m))
	assert.True(t, a.String() == m.String(), "merged, the compact baseline differs")
}
