package makernote

import (
	"bytes"
	"encoding/binary"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ifdEntry is one entry of a directory built by buildIFD.
type ifdEntry struct {
	id, typ uint16
	count   uint32
	value   []byte // inline when 4 bytes or less, else placed after the directory
}

// buildIFD lays out a directory at pos (its offset from base) followed by
// its out-of-line values, as cameras write them, and returns its bytes.
func buildIFD(order binary.ByteOrder, pos uint32, es []ifdEntry) []byte {
	var dir, data bytes.Buffer
	binary.Write(&dir, order, uint16(len(es)))
	valPos := pos + 2 + 12*uint32(len(es)) + 4
	for _, e := range es {
		binary.Write(&dir, order, e.id)
		binary.Write(&dir, order, e.typ)
		binary.Write(&dir, order, e.count)
		if len(e.value) <= 4 {
			v := make([]byte, 4)
			copy(v, e.value)
			dir.Write(v)
			continue
		}
		binary.Write(&dir, order, valPos+uint32(data.Len()))
		data.Write(e.value)
		if data.Len()%2 == 1 {
			data.WriteByte(0)
		}
	}
	binary.Write(&dir, order, uint32(0))
	return append(dir.Bytes(), data.Bytes()...)
}

func ascii(s string) []byte { return append([]byte(s), 0) }

func u32(order binary.ByteOrder, v uint32) []byte {
	b := make([]byte, 4)
	order.PutUint32(b, v)
	return b
}

// tiffWith returns a minimal TIFF (header only, then padding) with note
// at offset 64, and the note's offset.
func tiffWith(order binary.ByteOrder, note []byte) ([]byte, int64) {
	b := make([]byte, 64)
	if order == binary.LittleEndian {
		copy(b, "II*\x00")
	} else {
		copy(b, "MM\x00*")
	}
	order.PutUint32(b[4:], 8)
	return append(b, note...), 64
}

// nikonNote builds a Nikon type 3 note: its own TIFF header at +10, and
// offsets counted from there.
func nikonNote() []byte {
	le := binary.LittleEndian
	ifd := buildIFD(le, 8, []ifdEntry{
		{0x0001, 7, 4, []byte("0210")},
		{0x001d, 2, 8, ascii("3001006")},
		{0x00a7, 4, 1, u32(le, 48857)},
	})
	return append([]byte("Nikon\x00\x02\x10\x00\x00II*\x00\x08\x00\x00\x00"), ifd...)
}

func fieldMap(n *Note) map[string]string {
	m := map[string]string{}
	for _, f := range n.Fields {
		m[f.Name] = f.Value
	}
	return m
}

func TestNikonType3(t *testing.T) {
	data, off := tiffWith(binary.BigEndian, nikonNote())
	n, err := Parse(Source{R: bytes.NewReader(data), Size: int64(len(data)), Order: binary.BigEndian,
		Offset: off, Length: int64(len(data)) - off, Make: "NIKON CORPORATION", Model: "NIKON Z 9"})
	require.NoError(t, err)
	assert.Equal(t, "nikon", n.Maker)
	assert.Empty(t, n.Problems)
	assert.Equal(t, map[string]string{"MakerNoteVersion": "0210", "SerialNumber": "3001006", "ShutterCount": "48857"}, fieldMap(n))
	assert.Equal(t, "3001006", n.Camera.SerialNumber)
	assert.Equal(t, "48857", n.Camera.ShutterCount)
}

// canonNote builds a Canon note (no header, offsets from the TIFF header)
// written at noteAt; moved is where it now sits.
func canonNote(order binary.ByteOrder, noteAt uint32, footer bool) []byte {
	ifd := buildIFD(order, noteAt, []ifdEntry{
		{0x0009, 2, 12, ascii("Phil Harvey")},
		{0x000c, 4, 1, u32(order, 560018150)},
		{0x0028, 7, 16, bytes.Repeat([]byte{0xab}, 16)},
	})
	if footer {
		ifd = append(ifd, "II*\x00"...)
		ifd = append(ifd, u32(order, noteAt)...)
	}
	return ifd
}

func TestCanonMovedNoteIsFoundByItsFooter(t *testing.T) {
	le := binary.LittleEndian
	// Written at 200, now at 64: every offset in it is 136 too far.
	data, off := tiffWith(le, canonNote(le, 200, true))
	data = append(data, make([]byte, 300)...)
	n, err := Parse(Source{R: bytes.NewReader(data), Size: int64(len(data)), Order: le,
		Offset: off, Length: int64(len(canonNote(le, 200, true))), Make: "Canon", Model: "Canon EOS DIGITAL REBEL"})
	require.NoError(t, err)
	m := fieldMap(n)
	assert.Equal(t, "Phil Harvey", m["OwnerName"])
	assert.Equal(t, "0560018150", m["SerialNumber"])
	assert.Equal(t, strings.Repeat("ab", 16), m["ImageUniqueID"])
	assert.Equal(t, []ID{{"ImageUniqueID", strings.Repeat("ab", 16)}}, n.IDs)
	require.Len(t, n.Problems, 1)
	assert.Contains(t, n.Problems[0], "moved")
}

func TestHostileDirectories(t *testing.T) {
	le := binary.LittleEndian
	cases := map[string][]byte{
		// 65535 entries claimed in a few bytes.
		"huge count": append([]byte("Nikon\x00\x02\x10\x00\x00II*\x00\x08\x00\x00\x00"), 0xff, 0xff, 1, 2, 3),
		// A string whose offset points 4 GB away, beside a good tag.
		"offset past the end": append([]byte("Nikon\x00\x02\x10\x00\x00II*\x00\x08\x00\x00\x00"),
			append([]byte{2, 0, 0x1d, 0, 2, 0, 8, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xa7, 0, 4, 0, 1, 0, 0, 0, 7, 0, 0, 0}, 0, 0, 0, 0)...),
		// A value of 100 MB.
		"huge value": append([]byte("Nikon\x00\x02\x10\x00\x00II*\x00\x08\x00\x00\x00"),
			append([]byte{1, 0, 0x1d, 0, 2, 0, 0, 0, 0, 6, 26, 0, 0, 0}, 0, 0, 0, 0)...),
		// Olympus Equipment pointing back at the note's own directory.
		"equipment loop": append([]byte("OLYMPUS\x00II\x03\x00"), buildIFD(le, 12, []ifdEntry{{0x2010, 13, 1, u32(le, 12)}, {0x0209, 2, 6, ascii("CAMID")}})...),
		// A directory offset outside the note.
		"fujifilm bad ifd": []byte("FUJIFILM\xff\xff\xff\x7f"),
		"truncated":        []byte("Apple iOS\x00\x00\x01MM\x00"),
	}
	for name, note := range cases {
		t.Run(name, func(t *testing.T) {
			data, off := tiffWith(le, note)
			mk := "NIKON"
			if strings.HasPrefix(string(note), "OLYMPUS") {
				mk = "OLYMPUS"
			}
			n, err := Parse(Source{R: bytes.NewReader(data), Size: int64(len(data)), Order: le, Offset: off, Length: int64(len(note)), Make: mk})
			require.NoError(t, err)
			require.NotNil(t, n)
			if name == "offset past the end" {
				assert.Equal(t, "7", fieldMap(n)["ShutterCount"], "the good tag beside the bad one is kept")
			}
			if name != "equipment loop" {
				assert.NotEmpty(t, n.Problems)
			}
			assert.LessOrEqual(t, len(n.Fields), MaxFields)
		})
	}
}

func TestUnknownNote(t *testing.T) {
	data, off := tiffWith(binary.LittleEndian, []byte("\x00\x01 no maker wrote this"))
	n, err := Parse(Source{R: bytes.NewReader(data), Size: int64(len(data)), Order: binary.LittleEndian, Offset: off, Length: 22, Make: "Acme"})
	assert.ErrorIs(t, err, ErrNotNote)
	assert.Nil(t, n)
}

func TestPentaxShutterCountIsDecrypted(t *testing.T) {
	be := binary.BigEndian
	date, tm := []byte{0x07, 0xd6, 0x0b, 0x05}, []byte{0x0f, 0x1e, 0x2d}
	d := be.Uint32(date)
	tt := be.Uint32(append(append([]byte{}, tm...), 0))
	stored := uint32(1648) ^ d ^ (0xffffffff - tt)
	note := append([]byte("AOC\x00MM"), buildIFD(be, 6, []ifdEntry{
		{0x0006, 7, 4, date}, {0x0007, 7, 3, tm}, {0x005d, 7, 4, u32(be, stored)},
	})...)
	data, off := tiffWith(be, note)
	n, err := Parse(Source{R: bytes.NewReader(data), Size: int64(len(data)), Order: be, Offset: off, Length: int64(len(note)), Make: "PENTAX Corporation"})
	require.NoError(t, err)
	assert.Equal(t, "1648", n.Camera.ShutterCount)
	assert.Equal(t, "2006:11:05", fieldMap(n)["Date"])
}

func TestSonyDecipherInvertsTheCipher(t *testing.T) {
	for b := 2; b <= 247; b++ {
		assert.Equal(t, byte(b), sonyDecipher[b*b*b%249], "byte %d", b)
	}
}

func TestAppleRunTimePlist(t *testing.T) {
	// bplist00 {flags:1, value:39772089846958, epoch:0, timescale:1000000000}
	var p bytes.Buffer
	p.WriteString("bplist00")
	var offs []int
	obj := func(b ...byte) { offs = append(offs, p.Len()); p.Write(b) }
	obj(0xd4, 1, 2, 3, 4, 5, 6, 7, 8)
	for _, k := range []string{"flags", "value", "epoch", "timescale"} {
		obj(append([]byte{0x50 | byte(len(k))}, k...)...)
	}
	obj(0x10, 1)
	v := make([]byte, 8)
	binary.BigEndian.PutUint64(v, 39772089846958)
	obj(append([]byte{0x13}, v...)...)
	obj(0x10, 0)
	obj(0x12, 0x3b, 0x9a, 0xca, 0x00)
	table := p.Len()
	for _, o := range offs {
		p.WriteByte(byte(o))
	}
	tr := make([]byte, 32)
	tr[6], tr[7] = 1, 1
	binary.BigEndian.PutUint64(tr[8:], uint64(len(offs)))
	binary.BigEndian.PutUint64(tr[24:], uint64(table))
	p.Write(tr)
	d, err := plistDict(p.Bytes())
	require.NoError(t, err)
	assert.Equal(t, map[string]int64{"flags": 1, "value": 39772089846958, "epoch": 0, "timescale": 1000000000}, d)
	_, err = plistDict(p.Bytes()[:len(p.Bytes())-1])
	assert.Error(t, err)
}

var tagName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*$`)

// FuzzParse checks, beyond not panicking, that a parse is deterministic,
// that every field has an ExifTool-like name and a valid UTF-8 value, that
// the maker is a lower-case word, and that the bounds hold.
func FuzzParse(f *testing.F) {
	le := binary.LittleEndian
	f.Add(nikonNote(), "NIKON")
	f.Add(canonNote(le, 64, false), "Canon")
	f.Add(canonNote(le, 200, true), "Canon")
	f.Add(append([]byte("OLYMPUS\x00II\x03\x00"), buildIFD(le, 12, []ifdEntry{{0x2010, 13, 1, u32(le, 12)}})...), "OLYMPUS")
	f.Add([]byte("AOC\x00MM\x00\x00"), "PENTAX")
	f.Add([]byte("Apple iOS\x00\x00\x01MM\x00\x01\x00\x01\x00\x09\x00\x00\x00\x01\x00\x00\x00\x0e"), "Apple")
	f.Add([]byte("SONY DSC \x00\x00\x00\x01\x00\x50\x90\x07\x00\x10\x00\x00\x00\x1a\x00\x00\x00"), "SONY")
	f.Add([]byte("FUJIFILM\x0c\x00\x00\x00\x01\x00\x10\x00\x02\x00\x05\x00\x00\x00ABCD\x00"), "FUJIFILM")
	f.Fuzz(func(t *testing.T, note []byte, mk string) {
		data, off := tiffWith(le, note)
		src := Source{R: bytes.NewReader(data), Size: int64(len(data)), Order: le, Offset: off, Length: int64(len(note)), Make: mk, Model: mk}
		n1, err1 := Parse(src)
		n2, err2 := Parse(src)
		require.Equal(t, err1, err2)
		require.Equal(t, n1, n2, "the parse is deterministic")
		if n1 == nil {
			return
		}
		require.Regexp(t, `^[a-z]+$`, n1.Maker)
		require.LessOrEqual(t, len(n1.Fields), MaxFields)
		for _, fl := range n1.Fields {
			require.Regexp(t, tagName, fl.Name)
			require.True(t, utf8.ValidString(fl.Value), "%s: %q", fl.Name, fl.Value)
			require.NotEmpty(t, fl.Value)
		}
		for _, p := range n1.Problems {
			require.True(t, utf8.ValidString(p))
		}
	})
}
