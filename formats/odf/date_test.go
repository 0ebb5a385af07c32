package odf_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/docprov/docprov/formats/odf"
)

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2022-08-24T16:25:10.143000000": "2022-08-24T16:25:10.143",
		"2014-12-02T12:37:00Z":          "2014-12-02T12:37:00Z",
		"2020-10-12T20:54:21.3171109Z":  "2020-10-12T20:54:21.3171109Z",
		"2017-03-01T09:12:00+01:00":     "2017-03-01T09:12:00+01:00",
		"2017-03-01T09:12:00-0330":      "2017-03-01T09:12:00-03:30",
		"2013-02-12":                    "2013-02-12T00:00:00",
		" 2010-06-15T11:47:44 ":         "2010-06-15T11:47:44",
		"2010-06-15T11:47":              "2010-06-15T11:47:00",
	} {
		ts, err := odf.ParseDate(in)
		if assert.NoError(t, err, in) {
			assert.Equal(t, want, ts.String(), in)
		}
	}
	for _, in := range []string{"", "yesterday", "2017-13-01T00:00:00", "2017-02-30T00:00:00", "2017-03-01T09:12:00+25:00", "0000-00-00T00:00:00"} {
		_, err := odf.ParseDate(in)
		assert.Error(t, err, in)
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]int64{
		"PT1H2M3S":          3723,
		"P1DT2H":            93600,
		"PT0.016S":          0,
		"PT02H03M24S":       7404,
		"P15824DT17H31M44S": 1367256704,
		"PT30592S":          30592,
		"PT0S":              0,
		"P1W":               604800,
		"PT0H19M0S":         1140,
	} {
		got, err := odf.ParseDuration(in)
		if assert.NoError(t, err, in) {
			assert.Equal(t, want, got, in)
		}
	}
	for _, in := range []string{"", "P", "PT", "-PT5M", "1H", "PT1H2", "P99999999999999999999999D"} {
		_, err := odf.ParseDuration(in)
		assert.Error(t, err, in)
	}
}
