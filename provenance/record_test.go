package provenance_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/provenance"
)

func TestRecordJSONFollowsSchema1(t *testing.T) {
	rec := provenance.NewRecord()
	rec.Path = "leak/budget.pdf"
	rec.Format = "pdf"
	rec.Authors = []string{"Marie Dupont"}
	rec.LastModifiedBy = "Рошка Георгий Петрович"
	rec.Created = provenance.At(time.Date(2017, 3, 1, 9, 12, 0, 0, time.FixedZone("", 3600)))
	rec.Modified = provenance.Local(2017, 3, 27, 14, 2, 11, 0)
	rec.AddSoftware(provenance.RoleProducer, "Acrobat Distiller 10.1.8 (Windows)", "pdf.info.Producer")
	rec.AddSoftware(provenance.RoleProducer, "Acrobat Distiller 10.1.8 (Windows)", "pdf.xmp.pdf:Producer")
	rec.AddID("xmp.DocumentID", " uuid:5D20 ", "pdf.xmp.xmpMM:DocumentID")
	rec.Fields.Set("pdf.info.Author", "Marie Dupont")
	rec.Fields.Set("pdf.info.Empty", "")

	b, err := json.Marshal(rec)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))

	assert.EqualValues(t, 1, m["schema"])
	assert.Equal(t, "2017-03-01T09:12:00+01:00", m["created"])
	assert.Equal(t, "2017-03-27T14:02:11", m["modified"], "a time without offset is written without one")
	assert.Equal(t, "Рошка Георгий Петрович", m["last_modified_by"])
	for _, k := range []string{"printed", "metadata_date", "title", "camera", "gps", "problems", "edit_time_s"} {
		assert.NotContains(t, m, k, "empty keys are left out")
	}
	sw := m["software"].([]any)
	require.Len(t, sw, 1, "the same producer read from two sources is one claim")
	assert.Equal(t, map[string]any{
		"role": "producer", "name": "Acrobat Distiller", "version": "10.1.8", "platform": "Windows",
		"raw": "Acrobat Distiller 10.1.8 (Windows)", "source": "pdf.info.Producer",
	}, sw[0])
	assert.Equal(t, []any{map[string]any{"kind": "xmp.DocumentID", "value": "uuid:5D20", "source": "pdf.xmp.xmpMM:DocumentID"}}, m["ids"])
	assert.Equal(t, map[string]any{"pdf.info.Author": "Marie Dupont"}, m["fields"])

	var back provenance.Record
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, rec.Created.String(), back.Created.String())
	assert.False(t, back.Modified.HasOffset)
	assert.Equal(t, rec.Software, back.Software)
}

func TestTimestampOffset(t *testing.T) {
	ts, err := provenance.ParseTimestamp("2017-03-27T14:02:11+03:00")
	require.NoError(t, err)
	off, ok := ts.Offset()
	assert.True(t, ok)
	assert.Equal(t, 3*3600, off)

	ts, err = provenance.ParseTimestamp("2017-03-27T14:02:11")
	require.NoError(t, err)
	_, ok = ts.Offset()
	assert.False(t, ok)

	_, err = provenance.ParseTimestamp("27/03/2017")
	assert.Error(t, err)
}

// TestValidUTF8: Fields.Set and AddProblem keep text valid UTF-8, so that
// a Record survives a round trip through its JSON unchanged (the format
// fuzz property found raw header bytes in Fields and Problems).
func TestValidUTF8(t *testing.T) {
	var r provenance.Record
	r.Fields = provenance.Fields{}
	r.Fields.Set("k\xff", "caf\xe9")
	r.AddProblem("bad line: %s", "\xae0")
	assert.Equal(t, "caf\uFFFD", r.Fields["k\uFFFD"])
	assert.Equal(t, []string{"bad line: \uFFFD0"}, r.Problems)
	b, err := json.Marshal(&r)
	require.NoError(t, err)
	var back provenance.Record
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, r.Fields, back.Fields)
	assert.Equal(t, r.Problems, back.Problems)
}

// A PDF date whose fifth character is a dash looks like ISO 8601 to the
// Info reader and like PDF syntax to the XMP reader; it once sent each to
// the other until the stack overflowed, which no recover catches.
func TestPDFDateLookingLikeBoth(t *testing.T) {
	for _, s := range []string{"D:12-4567890", "D:12-45678901234"} {
		_, err := provenance.ParsePDFDate(s)
		assert.Error(t, err, "%q is no date", s)
		_, ok := provenance.ParseXMPDate(s)
		assert.False(t, ok, "%q", s)
	}
}
