package exif

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/docprov/docprov/provenance"
)

// ParseDateTime parses an EXIF date-time ("2017:03:01 09:12:00"), with its
// SubSecTime* digits and OffsetTime* ("+01:00") when the file has them. The
// result keeps the offset, or has none (HasOffset false) when offset is
// empty: EXIF times are the camera's wall clock, and the zone was not
// recorded before EXIF 2.31.
//
// It accepts the separators writers use in practice ("2017-03-01T09:12:00",
// "2017:03:01 09:12") and ignores trailing text. An all-blank or all-zero
// date ("0000:00:00 00:00:00", "    :  :  ") means "not set" and returns a
// zero Timestamp and no error.
func ParseDateTime(s, subsec, offset string) (provenance.Timestamp, error) {
	s = strings.TrimSpace(strings.TrimRight(s, "\x00"))
	if strings.Trim(s, " :0-T") == "" {
		return provenance.Timestamp{}, nil
	}
	var f [6]int
	n, i := 0, 0
	for n < 6 {
		d := digits(s[i:])
		if d == "" {
			break
		}
		f[n], _ = strconv.Atoi(d)
		n++
		i += len(d)
		if n == 6 || i >= len(s) || strings.IndexByte(":-T /", s[i]) < 0 {
			break
		}
		i++
	}
	if n < 5 {
		return provenance.Timestamp{}, fmt.Errorf("exif: unparsable date-time %q", s)
	}
	if f[0] < 1 || f[0] > 9999 || f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59 || f[5] > 59 {
		return provenance.Timestamp{}, fmt.Errorf("exif: date-time %q out of range", s)
	}
	nsec := 0
	rest := s[i:]
	if strings.HasPrefix(rest, ".") {
		// A fraction written into the date itself (non-standard but common).
		d := digits(rest[1:])
		if subsec == "" {
			subsec = d
		}
		rest = rest[1+len(d):]
	}
	if d := digits(strings.TrimSpace(subsec)); d != "" {
		if len(d) > 9 {
			d = d[:9]
		}
		v, _ := strconv.Atoi(d)
		nsec = v * int(math.Pow10(9-len(d)))
	}
	if offset == "" {
		// An offset written into the date ("2017:03:01 09:12:00+01:00").
		if r := strings.TrimSpace(rest); r != "" && strings.ContainsAny(r[:1], "+-ZGU") {
			offset = r
		}
	}
	t := time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], nsec, time.UTC)
	if t.Day() != f[2] {
		return provenance.Timestamp{}, fmt.Errorf("exif: date-time %q out of range", s)
	}
	if loc, ok := ParseOffset(offset); ok {
		return provenance.At(time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], nsec, loc)), nil
	}
	return provenance.Timestamp{Time: t}, nil
}

func digits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// ParseOffset parses an EXIF OffsetTime value ("+01:00", "-05:00", "Z")
// into a fixed zone. A blank or malformed value ("   :  ") is not an
// offset.
func ParseOffset(s string) (*time.Location, bool) {
	s = strings.TrimSpace(strings.TrimRight(s, "\x00"))
	if s == "Z" {
		return time.FixedZone("", 0), true
	}
	for _, p := range []string{"GMT", "UTC"} {
		s = strings.TrimPrefix(s, p)
	}
	if len(s) < 2 || (s[0] != '+' && s[0] != '-') {
		return nil, false
	}
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	body := strings.ReplaceAll(s[1:], ":", "")
	if len(body) == 1 || len(body) == 3 {
		body = "0" + body // "GMT+2", "+130"
	}
	if len(body) != 2 && len(body) != 4 || digits(body) != body {
		return nil, false
	}
	h, _ := strconv.Atoi(body[:2])
	m := 0
	if len(body) == 4 {
		m, _ = strconv.Atoi(body[2:])
	}
	if h > 23 || m > 59 {
		return nil, false
	}
	return time.FixedZone("", sign*(h*3600+m*60)), true
}

// Time returns the date-time of tag id (DateTime 0x0132, DateTimeOriginal
// 0x9003 or DateTimeDigitized 0x9004) with its SubSecTime* and OffsetTime*
// companions, looking in IFD0 and the Exif IFD, and the Fields-style name
// of the directory it came from. goexif drops the OffsetTime tags; they are
// read here from the walk.
func (x *Exif) Time(id uint16) (ts provenance.Timestamp, dir string, err error) {
	var subID, offID uint16
	switch id {
	case 0x0132:
		subID, offID = 0x9290, 0x9010
	case 0x9003:
		subID, offID = 0x9291, 0x9011
	case 0x9004:
		subID, offID = 0x9292, 0x9012
	default:
		return ts, "", fmt.Errorf("exif: tag 0x%04x is not a date-time", id)
	}
	order := []string{"IFD0", "ExifIFD"}
	if id != 0x0132 {
		order = []string{"ExifIFD", "IFD0"}
	}
	for _, d := range order {
		v := x.String(d, id)
		if v == "" {
			continue
		}
		sub, off := x.String("ExifIFD", subID), x.String("ExifIFD", offID)
		if sub == "" {
			sub = x.String(d, subID)
		}
		if off == "" {
			off = x.String(d, offID)
		}
		ts, err = ParseDateTime(v, sub, off)
		return ts, d, err
	}
	return ts, "", nil
}

// LatLon returns the GPS position in decimal degrees, when the GPS IFD has
// a latitude and a longitude that make sense.
//
// A receiver without a fix (GPSStatus V, "measurement void") writes
// rationals of 0/0 or zeros; neither is a position. A degrees component of
// 0/0 is undefined, so the coordinate is; 0/0 minutes or seconds after
// defined degrees count as 0, as some writers leave the finer parts
// unset. Latitude and longitude both exactly 0 are taken as no position
// too, whatever GPSStatus says: 0°0'0" N 0°0'0" E is open sea in the Gulf
// of Guinea, and a photo placed there to the second is a receiver writing
// zeros, not a photo taken there. The raw tags are kept as written either
// way. A void status with a non-zero position is still reported: phones
// write the last fix they had, which is evidence of where they had been.
func (x *Exif) LatLon() (lat, lon float64, ok bool) {
	la, okA := x.degrees(0x0002, 0x0001, "S")
	lo, okB := x.degrees(0x0004, 0x0003, "W")
	if !okA || !okB || math.Abs(la) > 90 || math.Abs(lo) > 180 || (la == 0 && lo == 0) {
		return 0, 0, false
	}
	return la, lo, true
}

func (x *Exif) degrees(id, refID uint16, negative string) (float64, bool) {
	t := x.Tag("GPS", id)
	if t == nil {
		return 0, false
	}
	rats := t.Rats(3)
	if len(rats) == 0 || rats[0][1] == 0 {
		return 0, false // no degrees, or 0/0 ("undef"): no coordinate
	}
	var v float64
	scale := 1.0
	for _, r := range rats {
		if r[1] == 0 {
			if r[0] == 0 {
				scale /= 60
				continue
			}
			return 0, false
		}
		v += float64(r[0]) / float64(r[1]) * scale
		scale /= 60
	}
	if strings.EqualFold(strings.TrimSpace(x.String("GPS", refID)), negative) {
		v = -v
	}
	return v, true
}
