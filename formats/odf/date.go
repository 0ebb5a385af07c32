package odf

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/docprov/docprov/provenance"
)

// dateRe is xsd:dateTime (and xsd:date) as ODF writes it: LibreOffice
// writes local time with up to nine fractional digits and no offset
// ("2022-08-24T16:25:10.143000000"), Microsoft Office writes UTC with a "Z",
// other tools an offset. A date without its time is accepted too.
var dateRe = regexp.MustCompile(`^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?)?\s*(Z|[+-]\d\d:?\d\d)?$`)

// ParseDate parses an ODF date. A date with "Z" or an offset keeps it; a
// date without one has HasOffset false, because ODF producers write the
// author's local wall clock and turning it into UTC would invent an offset.
func ParseDate(s string) (provenance.Timestamp, error) {
	m := dateRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return provenance.Timestamp{}, fmt.Errorf("odf: unparsable date %q", s)
	}
	n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
	year, month, day := n(1), n(2), n(3)
	hour, min, sec := n(4), n(5), n(6)
	nsec := 0
	if frac := m[7]; frac != "" {
		frac = (frac + "000000000")[:9]
		nsec, _ = strconv.Atoi(frac)
	}
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || min > 59 || sec > 60 {
		return provenance.Timestamp{}, fmt.Errorf("odf: date %q out of range", s)
	}
	t := time.Date(year, time.Month(month), day, hour, min, sec, nsec, time.UTC)
	if t.Day() != day && hour < 24 && sec < 60 {
		return provenance.Timestamp{}, fmt.Errorf("odf: date %q out of range", s)
	}
	switch tz := m[8]; tz {
	case "":
		return provenance.Timestamp{Time: t}, nil
	case "Z":
		return provenance.At(t), nil
	default:
		tz = strings.ReplaceAll(tz, ":", "")
		off := (int(tz[1]-'0')*10+int(tz[2]-'0'))*3600 + (int(tz[3]-'0')*10+int(tz[4]-'0'))*60
		if off > 14*3600 {
			return provenance.Timestamp{}, fmt.Errorf("odf: date %q has an impossible offset", s)
		}
		if tz[0] == '-' {
			off = -off
		}
		return provenance.At(time.Date(year, time.Month(month), day, hour, min, sec, nsec, time.FixedZone("", off))), nil
	}
}

// durationRe is an xsd:duration: "PT1H2M3S", "P1DT2H", "PT0.016S",
// "P15824DT17H31M44S", "PT02H03M24S". Years and months are accepted and
// counted as 365 and 30 days, which is what the few writers that use them
// mean by a count of editing time.
var durationRe = regexp.MustCompile(`^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d*)?)S)?)?$`)

// ParseDuration parses an ODF editing duration into whole seconds
// (fractions are dropped: "PT0.016S" is 0).
func ParseDuration(s string) (int64, error) {
	s = strings.TrimSpace(s)
	m := durationRe.FindStringSubmatch(s)
	if m == nil || s == "P" || strings.HasSuffix(s, "T") {
		return 0, fmt.Errorf("odf: unparsable duration %q", s)
	}
	if m[1] == "-" {
		return 0, fmt.Errorf("odf: negative duration %q", s)
	}
	units := []float64{365 * 86400, 30 * 86400, 7 * 86400, 86400, 3600, 60}
	var total float64
	for i, u := range units {
		if v := m[2+i]; v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return 0, fmt.Errorf("odf: duration %q: %v", s, err)
			}
			total += f * u
		}
	}
	if v := m[8]; v != "" {
		f, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", "."), 64)
		if err != nil {
			return 0, fmt.Errorf("odf: duration %q: %v", s, err)
		}
		total += f
	}
	// A duration of more than ~292 billion years does not fit an int64;
	// such a value is a forgery or a bug, not an editing time.
	if total >= math.MaxInt64/2 || math.IsNaN(total) {
		return 0, fmt.Errorf("odf: duration %q too large", s)
	}
	return int64(total), nil
}
