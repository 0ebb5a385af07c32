package exif_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats/image/exif"
)

// tiffLE builds a little-endian TIFF whose IFD0 at offset 8 holds entries
// (id, type, count, value/offset) and points at next.
func tiffLE(next uint32, entries ...[4]uint32) []byte {
	b := []byte("II*\x00\x08\x00\x00\x00")
	b = binary.LittleEndian.AppendUint16(b, uint16(len(entries)))
	for _, e := range entries {
		b = binary.LittleEndian.AppendUint16(b, uint16(e[0]))
		b = binary.LittleEndian.AppendUint16(b, uint16(e[1]))
		b = binary.LittleEndian.AppendUint32(b, e[2])
		b = binary.LittleEndian.AppendUint32(b, e[3])
	}
	return binary.LittleEndian.AppendUint32(b, next)
}

func parse(t *testing.T, b []byte) *exif.Exif {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	x, err := exif.Parse(ctx, bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	return x
}

func TestSelfLoop(t *testing.T) {
	x := parse(t, tiffLE(8, [4]uint32{0x0100, 3, 1, 7}))
	require.Len(t, x.Dirs, 1)
	assert.Equal(t, "7", x.String("IFD0", 0x0100))
	assert.Contains(t, x.Problems[0], "loop")
}

func TestExifPointerLoop(t *testing.T) {
	// The Exif IFD pointer points back at IFD0.
	x := parse(t, tiffLE(0, [4]uint32{0x8769, 4, 1, 8}))
	assert.Len(t, x.Dirs, 1)
	assert.Contains(t, x.Problems[0], "loop")
}

func TestOverflowingCount(t *testing.T) {
	// 4 * 0x40000001 wraps to 4 in 32-bit arithmetic: goexif alone would
	// allocate a billion values.
	x := parse(t, tiffLE(0, [4]uint32{0x0111, 4, 0x40000001, 8}, [4]uint32{0x0100, 3, 1, 5}))
	assert.Equal(t, "5", x.String("IFD0", 0x0100))
	assert.Nil(t, x.Tag("IFD0", 0x0111))
	assert.Len(t, x.Problems, 1)
}

func TestUnknownTagsAndTypes(t *testing.T) {
	x := parse(t, tiffLE(0, [4]uint32{0xabcd, 3, 2, 0x00020001}, [4]uint32{0x0100, 99, 1, 0}))
	assert.Equal(t, "1 2", x.String("IFD0", 0xabcd))
	assert.Equal(t, "0xabcd", x.Tag("IFD0", 0xabcd).Name)
	assert.Contains(t, x.Problems[0], "unknown field type 99")
}

func TestNotTIFF(t *testing.T) {
	_, err := exif.Parse(context.Background(), bytes.NewReader([]byte("GIF89a..")), 8)
	assert.ErrorIs(t, err, exif.ErrNotTIFF)
	_, err = exif.Parse(context.Background(), bytes.NewReader([]byte("II+\x00\x08\x00\x00\x00")), 8)
	assert.ErrorIs(t, err, exif.ErrBigTIFF)
}

func TestParseDateTime(t *testing.T) {
	cases := []struct{ s, sub, off, want string }{
		{"2017:03:01 09:12:00", "", "", "2017-03-01T09:12:00"},
		{"2017:03:01 09:12:00", "25", "+01:00", "2017-03-01T09:12:00.25+01:00"},
		{"2017:03:01 09:12:00", "", "-05:30", "2017-03-01T09:12:00-05:30"},
		{"2017-03-01T09:12:00", "", "", "2017-03-01T09:12:00"},
		{"2017:03:01 09:12", "", "", "2017-03-01T09:12:00"},
		{"2017:03:01 09:12:00+02:00", "", "", "2017-03-01T09:12:00+02:00"},
		{"2024:04:22 14:38:09.526GMT+02:00", "", "", "2024-04-22T14:38:09.526+02:00"},
		{"2017:03:01 09:12:00", "", "   :  ", "2017-03-01T09:12:00"},
		{"0000:00:00 00:00:00", "", "", ""},
		{"    :  :     :  :  ", "", "", ""},
	}
	for _, c := range cases {
		ts, err := exif.ParseDateTime(c.s, c.sub, c.off)
		require.NoError(t, err, c.s)
		assert.Equal(t, c.want, ts.String(), c.s)
	}
	for _, bad := range []string{"2017:13:01 00:00:00", "2017:08:21 15:08:70", "yesterday"} {
		_, err := exif.ParseDateTime(bad, "", "")
		assert.Error(t, err, bad)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(tiffLE(8, [4]uint32{0x0100, 3, 1, 7}))
	f.Add(tiffLE(0, [4]uint32{0x8769, 4, 1, 8}))
	f.Add(tiffLE(0, [4]uint32{0x0111, 4, 0x40000001, 8}))
	f.Add(tiffLE(0, [4]uint32{0x010f, 2, 6, 26}, [4]uint32{0x8825, 4, 1, 8}))
	f.Fuzz(func(t *testing.T, b []byte) {
		x, err := exif.Parse(context.Background(), bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		for _, d := range x.Dirs {
			for _, tg := range d.Tags {
				_ = x.Text(d, tg)
			}
		}
		x.Time(0x9003)
		x.LatLon()
	})
}

func FuzzParseDateTime(f *testing.F) {
	for _, s := range []string{"2017:03:01 09:12:00", "2017-03-01T09:12:00.5+01:00", "0000:00:00", "2024-04-22T14:38:09GMT+2"} {
		f.Add(s, "12", "+01:00")
	}
	f.Fuzz(func(t *testing.T, s, sub, off string) {
		ts, err := exif.ParseDateTime(s, sub, off)
		if err == nil && !ts.IsZero() && ts.Time.Year() > 9999 {
			t.Fatalf("%q: year %d", s, ts.Time.Year())
		}
	})
}

// gpsTIFF builds a little-endian TIFF whose GPS IFD holds a latitude and a
// longitude of three rationals each (numerator, denominator pairs), north
// and east.
func gpsTIFF(lat, lon [6]uint32) []byte {
	le := binary.LittleEndian
	const gpsIFD = 8 + 2 + 12 + 4 // after IFD0's one entry and next pointer
	const data = gpsIFD + 2 + 4*12 + 4
	b := []byte("II*\x00\x08\x00\x00\x00")
	b = le.AppendUint16(b, 1)
	b = le.AppendUint16(b, 0x8825)
	b = le.AppendUint16(b, 4)
	b = le.AppendUint32(b, 1)
	b = le.AppendUint32(b, gpsIFD)
	b = le.AppendUint32(b, 0)
	b = le.AppendUint16(b, 4)
	entry := func(id, typ uint16, count, value uint32) {
		b = le.AppendUint16(b, id)
		b = le.AppendUint16(b, typ)
		b = le.AppendUint32(b, count)
		b = le.AppendUint32(b, value)
	}
	entry(0x0001, 2, 2, 'N')
	entry(0x0002, 5, 3, data)
	entry(0x0003, 2, 2, 'E')
	entry(0x0004, 5, 3, data+24)
	b = le.AppendUint32(b, 0)
	for _, v := range append(lat[:], lon[:]...) {
		b = le.AppendUint32(b, v)
	}
	return b
}

// A coordinate whose degrees are 0/0 is undefined, and 0°0'0" N 0°0'0" E is
// a receiver without a fix; 0/0 minutes or seconds after defined degrees
// count as 0.
func TestLatLonWithoutFix(t *testing.T) {
	cases := []struct {
		name     string
		lat, lon [6]uint32
		ok       bool
		la, lo   float64
	}{
		{"position", [6]uint32{48, 1, 51, 1, 2376, 100}, [6]uint32{2, 1, 21, 1, 792, 100}, true, 48.856600, 2.352200},
		{"0/0 everywhere", [6]uint32{}, [6]uint32{}, false, 0, 0},
		{"0/0 degrees", [6]uint32{0, 0, 30, 1, 0, 1}, [6]uint32{2, 1, 0, 1, 0, 1}, false, 0, 0},
		{"zeros", [6]uint32{0, 1, 0, 1, 0, 1}, [6]uint32{0, 1, 0, 1, 0, 1}, false, 0, 0},
		{"0/0 seconds", [6]uint32{48, 1, 30, 1, 0, 0}, [6]uint32{2, 1, 15, 1, 0, 0}, true, 48.5, 2.25},
		{"on the equator", [6]uint32{0, 1, 0, 1, 0, 1}, [6]uint32{9, 1, 0, 1, 0, 1}, true, 0, 9},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := parse(t, gpsTIFF(c.lat, c.lon))
			la, lo, ok := x.LatLon()
			assert.Equal(t, c.ok, ok)
			assert.InDelta(t, c.la, la, 1e-6)
			assert.InDelta(t, c.lo, lo, 1e-6)
		})
	}
}
