package pdf

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // Timestamp.String(); "" means an error is expected
	}{
		{"D:20170301091200+01'00'", "2017-03-01T09:12:00+01:00"},
		{"D:20170301091200+01'00", "2017-03-01T09:12:00+01:00"},
		{"D:20170301091200-05'30'", "2017-03-01T09:12:00-05:30"},
		{"D:20170301091200Z", "2017-03-01T09:12:00Z"},
		{"D:20170301091200Z00'00'", "2017-03-01T09:12:00Z"},
		{"D:20170301091200+0100", "2017-03-01T09:12:00+01:00"},
		{"D:20170301091200+01:00", "2017-03-01T09:12:00+01:00"},
		{"D:20170301091200+01", "2017-03-01T09:12:00+01:00"},
		{"D:20170301091200", "2017-03-01T09:12:00"},
		{"20170301091200+02'00'", "2017-03-01T09:12:00+02:00"},
		{"D:201703010912", "2017-03-01T09:12:00"},
		{"D:2017", "2017-01-01T00:00:00"},
		{" D:20170301091200+01'00' \x00", "2017-03-01T09:12:00+01:00"},
		{"D:191000101120000", "2000-01-01T12:00:00"}, // Y2K bug: "19" + 100
		{"D:19100101120000", "1910-01-01T12:00:00"},  // a real 1910 date
		{"D:20170301091200.25+01'00'", "2017-03-01T09:12:00.25+01:00"},
		{"2017-03-01T09:12:00+01:00", "2017-03-01T09:12:00+01:00"},
		{"2017-03-01T09:12:00Z", "2017-03-01T09:12:00Z"},
		{"2017-03-01", "2017-03-01T00:00:00"},
		{"D:20171301091200", ""},
		{"D:2017030109120", ""},
		{"D:20170301091200+99'00'", ""},
		{"yesterday", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			ts, err := ParseDate(tt.in)
			if tt.want == "" {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, ts.String())
		})
	}
}

func TestParseDateKeepsMissingOffset(t *testing.T) {
	ts, err := ParseDate("D:20170301091200")
	require.NoError(t, err)
	_, ok := ts.Offset()
	assert.False(t, ok, "a PDF date without an offset must not be turned into UTC")
}

// XMP dates in PDF syntax, as producers that copy their Info date into XMP
// write them, are read as PDF dates; only with the "D:" prefix.
func TestParseXMPDateInPDFSyntax(t *testing.T) {
	for in, want := range map[string]string{
		"D:20230405120000+02'00'":   "2023-04-05T12:00:00+02:00",
		" D:20230405120000Z ":       "2023-04-05T12:00:00Z",
		"D:20230405120000":          "2023-04-05T12:00:00",
		"2023-04-05T12:00:00+02:00": "2023-04-05T12:00:00+02:00",
		"2023":                      "2023-01-01T00:00:00",
		"D:":                        "",
		"D:x":                       "",
		"D:20231305120000":          "",
		"20230405120000+02'00'":     "", // not XMP, and without "D:" not plainly PDF either
	} {
		ts, ok := ParseXMPDate(in)
		if want == "" {
			assert.False(t, ok, "%q gave %s", in, ts)
			continue
		}
		if assert.True(t, ok, in) {
			assert.Equal(t, want, ts.String(), in)
		}
	}
}
