package provenance

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Dates as documents write them. They live here rather than in the format
// packages because checks compare the claims of different sources (a PDF's
// Info date against its XMP date) and must read both the same way.

// ParsePDFDate parses a PDF date string tolerantly.
//
// The standard form is D:YYYYMMDDHHmmSSOHH'mm' where every part after the
// year is optional and O is +, - or Z. Real files break it in many ways, and
// the breakage is itself a producer trait, so ParsePDFDate accepts:
//   - a missing "D:" prefix, surrounding spaces and a trailing NUL;
//   - offsets written +HH'mm', +HH'mm, +HH:mm, +HHmm, +HH, Z, Z00'00';
//   - the Y2K bug of old producers that wrote the year as "19" followed by
//     the years since 1900 ("D:19100…" for 2000);
//   - fractional seconds (".123") before the offset;
//   - ISO 8601 / XMP-style dates ("2006-01-02T15:04:05+01:00"), which some
//     producers write into the Info dictionary.
//
// A date without an offset yields a Timestamp with HasOffset false: PDF says
// such a time is local time of unknown offset, and docprov keeps it that way.
func ParsePDFDate(s string) (Timestamp, error) {
	orig := s
	s = strings.TrimSpace(strings.TrimRight(s, "\x00"))
	if ts, ok := parseISODate(s); ok {
		return ts, nil
	}
	s = strings.TrimPrefix(s, "D:")
	s = strings.TrimSpace(s)

	// Split the digits from the offset part.
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	digits, rest := s[:i], s[i:]
	if strings.HasPrefix(digits, "19") && len(digits) >= 15 && len(digits) <= 17 && (len(digits)-13)%2 == 0 {
		// "19" + years since 1900 as three digits: 19100 is 2000.
		if y, err := strconv.Atoi(digits[2:5]); err == nil && y >= 100 && y <= 199 {
			digits = strconv.Itoa(1900+y) + digits[5:]
		}
	}
	if len(digits) < 4 || len(digits)%2 != 0 || len(digits) > 14 {
		return Timestamp{}, fmt.Errorf("pdf date %q: bad digits", orig)
	}
	part := func(lo, hi, def int) int {
		if len(digits) < hi {
			return def
		}
		n, _ := strconv.Atoi(digits[lo:hi])
		return n
	}
	year, month, day := part(0, 4, 0), part(4, 6, 1), part(6, 8, 1)
	hour, minute, sec := part(8, 10, 0), part(10, 12, 0), part(12, 14, 0)
	nsec := 0
	if strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, ",") {
		j := 1
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		frac := rest[1:j]
		if len(frac) > 9 {
			frac = frac[:9]
		}
		if frac != "" {
			f, _ := strconv.Atoi(frac + strings.Repeat("0", 9-len(frac)))
			nsec = f
		}
		rest = rest[j:]
	}
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || sec > 60 {
		return Timestamp{}, fmt.Errorf("pdf date %q: field out of range", orig)
	}
	offset, hasOffset, err := parseOffset(strings.TrimSpace(rest))
	if err != nil {
		return Timestamp{}, fmt.Errorf("pdf date %q: %w", orig, err)
	}
	if !hasOffset {
		return Local(year, time.Month(month), day, hour, minute, sec, nsec), nil
	}
	loc := time.FixedZone("", offset)
	return At(time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc)), nil
}

// parseOffset reads the offset after the digits of a PDF date.
func parseOffset(s string) (seconds int, ok bool, err error) {
	if s == "" {
		return 0, false, nil
	}
	sign := 1
	switch s[0] {
	case 'Z', 'z':
		return 0, true, nil
	case '+':
	case '-':
		sign = -1
	default:
		return 0, false, fmt.Errorf("bad offset %q", s)
	}
	var nums []int
	for _, f := range strings.FieldsFunc(s[1:], func(r rune) bool { return r == '\'' || r == ':' || r == ' ' }) {
		if len(f) == 4 && len(nums) == 0 { // +HHmm
			h, err1 := strconv.Atoi(f[:2])
			m, err2 := strconv.Atoi(f[2:])
			if err1 != nil || err2 != nil {
				return 0, false, fmt.Errorf("bad offset %q", s)
			}
			nums = append(nums, h, m)
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil {
			return 0, false, fmt.Errorf("bad offset %q", s)
		}
		nums = append(nums, n)
	}
	if len(nums) == 0 || len(nums) > 2 {
		return 0, false, fmt.Errorf("bad offset %q", s)
	}
	h, m := nums[0], 0
	if len(nums) == 2 {
		m = nums[1]
	}
	if h > 18 || m > 59 {
		return 0, false, fmt.Errorf("offset %q out of range", s)
	}
	return sign * (h*3600 + m*60), true, nil
}

// parseISODate accepts the XMP/ISO 8601 forms some producers put into the
// Info dictionary.
func parseISODate(s string) (Timestamp, bool) {
	if len(s) < 10 || s[4] != '-' || strings.HasPrefix(s, "D:") {
		// "D:" is PDF syntax, which ParseXMPDate hands back to
		// ParsePDFDate: "D:12-4567890" went round the two for ever.
		return Timestamp{}, false
	}
	return ParseXMPDate(s)
}

// ParseXMPDate parses an XMP date (ISO 8601 subset: YYYY, YYYY-MM,
// YYYY-MM-DD, then optionally Thh:mm[:ss[.s]] and an offset Z or ±hh:mm).
// A time without an offset keeps HasOffset false.
//
// A date in PDF syntax ("D:20230405120000+02'00'") is read as ParsePDFDate
// reads it: PDF producers that fill XMP from their Info dictionary copy the
// value as written, and a reader (ExifTool among them) takes it for the date
// it is. Only the "D:" form is: a bare run of digits is not XMP, and "2023"
// alone is already a year.
func ParseXMPDate(s string) (Timestamp, bool) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "D:"); ok {
		if rest == "" || rest[0] < '0' || rest[0] > '9' {
			return Timestamp{}, false
		}
		ts, err := ParsePDFDate(s)
		return ts, err == nil
	}
	withZone := []string{
		"2006-01-02T15:04:05.999999999Z07:00",
		"2006-01-02T15:04Z07:00",
		"2006-01-02T15:04:05.999999999Z0700",
		"2006-01-02 15:04:05.999999999Z07:00",
	}
	for _, l := range withZone {
		if t, err := time.Parse(l, s); err == nil {
			return At(t), true
		}
	}
	local := []string{
		"2006-01-02T15:04:05.999999999",
		"2006-01-02T15:04",
		"2006-01-02 15:04:05",
		"2006-01-02",
		"2006-01",
		"2006",
	}
	for _, l := range local {
		if t, err := time.Parse(l, s); err == nil {
			return Timestamp{Time: t}, true
		}
	}
	return Timestamp{}, false
}

// ParseClaimedTime reads a time as any source writes it: a PDF date, an
// XMP/ISO 8601 date, or an EXIF date ("2006:01:02 15:04:05", with optional
// fraction and offset). Checks use it to compare the raw values of two
// sources.
func ParseClaimedTime(s string) (Timestamp, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 19 && s[4] == ':' && s[7] == ':' {
		// EXIF: swap the date's colons for dashes and read it as ISO.
		iso := s[:4] + "-" + s[5:7] + "-" + s[8:10] + "T" + s[11:]
		if ts, ok := ParseXMPDate(iso); ok {
			return ts, nil
		}
	}
	if ts, ok := ParseXMPDate(s); ok {
		return ts, nil
	}
	return ParsePDFDate(s)
}
