package provenance

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Timestamp is a point in time as a document records it: the wall clock it
// wrote and, when it wrote one, its UTC offset.
//
// Many formats store local time without an offset (EXIF without
// OffsetTime*, ZIP entry times, some PDF dates). Turning such a time into UTC
// would invent evidence, and the offset of an editor's clock is itself
// evidence (it differs between a genuine office and a forger elsewhere), so a
// Timestamp keeps both facts apart: when HasOffset is false, Time holds the
// recorded wall clock in time.UTC's location and its offset means nothing.
type Timestamp struct {
	Time      time.Time
	HasOffset bool
}

// At returns a Timestamp for t with the offset of t's location.
func At(t time.Time) Timestamp { return Timestamp{Time: t, HasOffset: true} }

// Local returns a Timestamp for a wall clock with no recorded offset.
func Local(year int, month time.Month, day, hour, min, sec, nsec int) Timestamp {
	return Timestamp{Time: time.Date(year, month, day, hour, min, sec, nsec, time.UTC)}
}

// IsZero reports whether the timestamp is unset.
func (t Timestamp) IsZero() bool { return t.Time.IsZero() }

// Offset returns the recorded UTC offset in seconds east of UTC, and whether
// one was recorded.
func (t Timestamp) Offset() (seconds int, ok bool) {
	if !t.HasOffset {
		return 0, false
	}
	_, off := t.Time.Zone()
	return off, true
}

const (
	layoutWithOffset = "2006-01-02T15:04:05.999999999Z07:00"
	layoutNoOffset   = "2006-01-02T15:04:05.999999999"
)

// String formats the timestamp as RFC 3339, without an offset when none was
// recorded, and as "" when it is zero.
func (t Timestamp) String() string {
	if t.IsZero() {
		return ""
	}
	if t.HasOffset {
		return t.Time.Format(layoutWithOffset)
	}
	return t.Time.Format(layoutNoOffset)
}

// ParseTimestamp parses the form String writes: RFC 3339 with or without
// the offset.
func ParseTimestamp(s string) (Timestamp, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return At(t), nil
	}
	t, err := time.Parse(layoutNoOffset, s)
	if err != nil {
		return Timestamp{}, fmt.Errorf("provenance: timestamp %q is neither RFC 3339 nor a local date-time", s)
	}
	return Timestamp{Time: t}, nil
}

// MarshalJSON writes the timestamp as its String form.
func (t Timestamp) MarshalJSON() ([]byte, error) { return json.Marshal(t.String()) }

// UnmarshalJSON reads the String form; an empty string is the zero Timestamp.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*t = Timestamp{}
		return nil
	}
	v, err := ParseTimestamp(s)
	if err != nil {
		return err
	}
	*t = v
	return nil
}
