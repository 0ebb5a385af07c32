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
