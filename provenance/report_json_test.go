package provenance_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
)

// ReportStream.WriteJSON writes Report.WriteJSON's bytes: with documents
// and groups (titles with <, > and &, which encoding/json would escape
// by default), with none, with the groups or Omitted left out.
func TestReportStreamWriteJSONIsReportWriteJSON(t *testing.T) {
	var leak []*provenance.Record
	require.NoError(t, (&docprov.Extractor{}).ExtractInputs(context.Background(), docprov.Walk(slices.Values([]string{"../testdata/demo/leak"}), true), 2, func(r docprov.Result) error {
		if r.Err == nil {
			leak = append(leak, r.Record)
		}
		return nil
	}))
	require.NotEmpty(t, leak)
	leak[0].Title = "<b>R&D</b> \u2028 «été»"
	s := &provenance.Scanner{Baseline: provenance.BuildBaseline(leak), LeaveOut: true, AsOf: time.Date(2017, 5, 5, 0, 0, 0, 0, time.UTC)}
	for _, r := range leak {
		s.Add(r)
	}
	s.AddError("unreadable.pdf", errors.New("broken"))
	full := s.Report()
	require.NotEmpty(t, full.Groups)
	noGroups := *full
	noGroups.Groups = nil
	trimmed := *full
	trimmed.Documents, trimmed.Omitted = full.Documents[:3], len(full.Documents)-3
	for name, rep := range map[string]*provenance.Report{
		"full":      full,
		"no groups": &noGroups,
		"trimmed":   &trimmed,
		"empty":     {Schema: provenance.ReportSchema, Baseline: 4, Omitted: 2},
		"zero":      {Schema: provenance.ReportSchema},
	} {
		t.Run(name, func(t *testing.T) {
			var want, got bytes.Buffer
			require.NoError(t, rep.WriteJSON(&want))
			require.NoError(t, rep.Stream().WriteJSON(&got))
			assert.Equal(t, want.String(), got.String())
		})
	}
}
