package provenance_test

import (
	"context"
	"errors"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
)

// memSink keeps a streaming scan's documents, as a store would.
type memSink struct {
	docs   []provenance.DocReport
	amends []int
}

func (m *memSink) Document(i int, d *provenance.DocReport) error {
	if i != len(m.docs) {
		return errors.New("documents out of order")
	}
	m.docs = append(m.docs, *d)
	return nil
}

func (m *memSink) Amend(i int, fs []provenance.Finding) error {
	if n := len(m.amends); n > 0 && m.amends[n-1] >= i {
		return errors.New("amends out of order")
	}
	m.amends = append(m.amends, i)
	d := &m.docs[i]
	d.Findings = provenance.MergeFindings(d.Findings, fs)
	d.Score = provenance.Score(d.Findings)
	return nil
}

// A streaming scan (Scanner.Sink) gives every document the findings and
// score of an in-memory scan's Report, and the same groups; ranked as
// Report ranks, it is the same report.
func TestStreamingScanEqualsReport(t *testing.T) {
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
		asOf     time.Time
	}{
		{"baseline", provenance.BuildBaseline(baseline), false, time.Date(2017, 5, 5, 0, 0, 0, 0, time.UTC)},
		{"self", provenance.BuildBaseline(leak), true, time.Date(2017, 5, 5, 0, 0, 0, 0, time.UTC)},
		{"self-no-date", provenance.BuildBaseline(leak), true, time.Time{}},
		{"none", nil, false, time.Time{}},
	} {
		t.Run(mode.name, func(t *testing.T) {
			mem := &provenance.Scanner{Baseline: mode.b, LeaveOut: mode.leaveOut, AsOf: mode.asOf}
			sink := &memSink{}
			str := &provenance.Scanner{Baseline: mode.b, LeaveOut: mode.leaveOut, AsOf: mode.asOf, Sink: sink}
			for i, r := range leak {
				mem.Add(r)
				str.Add(r)
				if i == 3 {
					mem.AddError("unreadable.pdf", errors.New("broken"))
					str.AddError("unreadable.pdf", errors.New("broken"))
				}
			}
			require.NoError(t, str.Err())
			groups, err := str.Finish()
			require.NoError(t, err)
			want := mem.Report()
			assert.NotEmpty(t, sink.amends, "no corpus-wide findings: the test shows nothing")
			// A streaming scan's groups name their members by the
			// sink's indices.
			for g := range groups {
				assert.Empty(t, groups[g].Members)
				for _, k := range groups[g].MemberIndexes {
					groups[g].Members = append(groups[g].Members, sink.docs[k].Path)
				}
				groups[g].MemberIndexes = nil
			}
			docs := sink.docs
			sort.SliceStable(docs, func(i, j int) bool {
				a, b := docs[i], docs[j]
				if (a.Error == "") != (b.Error == "") {
					return a.Error == ""
				}
				if a.Score != b.Score {
					return a.Score > b.Score
				}
				return a.Path < b.Path
			})
			assert.Equal(t, want.Documents, docs)
			assert.Equal(t, want.Groups, groups)
		})
	}
}

// Finish is for a streaming scan, and a sink's error stops it.
func TestStreamingScanErrors(t *testing.T) {
	_, err := (&provenance.Scanner{}).Finish()
	assert.Error(t, err)
	sc := &provenance.Scanner{Sink: failSink{}}
	sc.AddError("a.pdf", errors.New("broken"))
	assert.EqualError(t, sc.Err(), "full")
	_, err = sc.Finish()
	assert.EqualError(t, err, "full")
}

type failSink struct{}

func (failSink) Document(int, *provenance.DocReport) error { return errors.New("full") }
func (failSink) Amend(int, []provenance.Finding) error     { return errors.New("full") }
