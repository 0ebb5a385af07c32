package makernote

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits that bound the cost of one Parse. Real maker notes stay far below
// them: a Canon note has about 40 entries, a Nikon one about 80, an Olympus
// Equipment directory about 30.
const (
	// MaxEntries is the most entries read from one maker-note directory.
	MaxEntries = 512
	// MaxDirs is the most directories (the note's own and its
	// sub-directories, such as Olympus Equipment) read from one note.
	MaxDirs = 8
	// MaxValueBytes is the largest value decoded; larger ones (preview
	// images, dust-removal data) are skipped.
	MaxValueBytes = 64 << 10
	// MaxFields is the most fields one note yields.
	MaxFields = 1000
	// maxListed is how many numbers of an array a value's text lists.
	maxListed = 32
)

// ErrNotNote means the bytes given do not hold a maker note this package
// reads; Parse then returns a nil Note with it.
var ErrNotNote = errors.New("makernote: no maker note of a known layout")

// Source says where a maker note is. R holds the whole TIFF structure the
// note belongs to (offset 0 is its "II*\0" or "MM\0*" header), because
// Canon, Sony, Panasonic, Sigma and old Olympus and Nikon notes point at
// their values from there.
type Source struct {
	R      io.ReaderAt
	Size   int64            // the TIFF structure's length
	Order  binary.ByteOrder // the TIFF structure's byte order
	Offset int64            // where the MakerNote value starts, from the TIFF header
	Length int64            // the MakerNote value's length
	// Make and Model are IFD0's: Canon, Samsung, Motorola and early
	// Nikon notes carry no signature, and some tags mean different
	// things on different models.
	Make, Model string
	// Shift is how far the note was moved from where the camera wrote it,
	// for notes whose offsets count from the TIFF header: a DNG converter
	// copies the note into DNGPrivateData and records its old offset.
	Shift int64
}

// Field is one maker-note tag, named as ExifTool names it.
type Field struct {
	Name  string
	Value string
}

// Camera is what a maker note says about the camera, normalized: the
// tags that carry a body's or lens's identity, in whichever tag each maker
// keeps them.
type Camera struct {
	SerialNumber         string // the body's serial number, as printed on it where the maker says so
	InternalSerialNumber string // a serial the maker keeps for itself (board, sensor, production)
	LensMake             string
	LensModel            string
	LensSerialNumber     string
	OwnerName            string // the owner name set in the camera's menu
	Firmware             string // the camera firmware version
	ShutterCount         string // shutter actuations so far
	ImageCount           string // images the camera counted so far
}

// ID is an identifier a maker note carries, under its ExifTool tag name.
type ID struct {
	Name  string // "ImageUniqueID", "ContentIdentifier", "BurstUUID"
	Value string
}

// Note is a parsed maker note.
type Note struct {
	// Maker is the lower-case maker whose layout the note has: "canon",
	// "nikon", "apple" … It is the second segment of the note's Fields
	// keys (makernote.<maker>.<TagName>).
	Maker string
	// Layout names the header and offset base that were used, for the
	// analyst who wants to check a surprising value by hand.
	Layout string
	Fields []Field
	Camera Camera
	IDs    []ID
	// Problems lists what could not be read. A note with problems still
	// yields what was readable.
	Problems []string
}

func (n *Note) problem(format string, args ...any) {
	if len(n.Problems) < 50 {
		n.Problems = append(n.Problems, fmt.Sprintf(format, args...))
	}
}

func (n *Note) add(name, value string) {
	if value == "" || len(n.Fields) >= MaxFields {
		return
	}
	for _, f := range n.Fields {
		if f.Name == name {
			return // the first of two equal tags is the one readers use
		}
	}
	n.Fields = append(n.Fields, Field{name, value})
}

// reader reads bounded pieces of the TIFF structure.
type reader struct {
	r    io.ReaderAt
	size int64
}

func (rd reader) read(off, n int64) ([]byte, error) {
	if off < 0 || n < 0 || off > rd.size || n > rd.size-off {
		return nil, fmt.Errorf("%d bytes at offset %d run past the end (%d bytes)", n, off, rd.size)
	}
	if n > MaxValueBytes {
		return nil, fmt.Errorf("%d bytes, more than %d", n, MaxValueBytes)
	}
	b := make([]byte, n)
	if _, err := rd.r.ReadAt(b, off); err != nil && !(errors.Is(err, io.EOF) && n == 0) {
		if m, _ := rd.r.ReadAt(b, off); int64(m) < n {
			return nil, fmt.Errorf("read %d bytes at %d: %w", n, off, err)
		}
	}
	return b, nil
}

// entry is one directory entry with its value's bytes.
type entry struct {
	id, typ uint16
	count   uint32
	val     []byte // nil when the value was too large or out of bounds
	valOff  int64  // where the value is, from the TIFF header
}

// typeSizes are the byte sizes of the TIFF field types 1-13.
var typeSizes = [...]int64{0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4}

// dir is a directory to read: where its entry count is, how its value
// offsets are to be read (from base), and its byte order.
type dir struct {
	off   int64
	base  int64
	order binary.ByteOrder
}

// entryCount reads a directory's entry count, choosing the byte order in
// which it is plausible when the order is not known for sure (ExifTool's
// "Unknown" byte order: many notes keep the camera's order whatever the
// file's is, and an editor may have rewritten the file in the other).
func entryCount(rd reader, off int64, prefer binary.ByteOrder, fixed bool) (int, binary.ByteOrder, bool) {
	b, err := rd.read(off, 2)
	if err != nil {
		return 0, prefer, false
	}
	room := (rd.size - off - 2) / 12
	ok := func(n int) bool { return n > 0 && n <= MaxEntries && int64(n) <= room }
	if n := int(prefer.Uint16(b)); ok(n) || fixed {
		return n, prefer, ok(n)
	}
	other := binary.ByteOrder(binary.LittleEndian)
	if prefer == binary.LittleEndian {
		other = binary.BigEndian
	}
	if n := int(other.Uint16(b)); ok(n) {
		return n, other, true
	}
	return int(prefer.Uint16(b)), prefer, false
}

// readEntries reads a directory's entries (without their values).
func readEntries(rd reader, d dir, n int) ([]entry, error) {
	if n > MaxEntries {
		n = MaxEntries
	}
	if room := (rd.size - d.off - 2) / 12; int64(n) > room {
		n = int(max(room, 0))
	}
	raw, err := rd.read(d.off+2, int64(n)*12)
	if err != nil {
		return nil, err
	}
	out := make([]entry, 0, n)
	for i := 0; i < n; i++ {
		e := raw[i*12 : i*12+12]
		en := entry{id: d.order.Uint16(e), typ: d.order.Uint16(e[2:]), count: d.order.Uint32(e[4:])}
		if en.typ == 0 || int(en.typ) >= len(typeSizes) || en.count == 0 {
			continue
		}
		size := typeSizes[en.typ] * int64(en.count)
		if size <= 4 {
			en.valOff = d.off + 2 + int64(i)*12 + 8
			en.val = bytes.Clone(e[8 : 8+size])
		} else {
			en.valOff = d.base + int64(d.order.Uint32(e[8:]))
			if size > MaxValueBytes {
				en.valOff = -en.valOff - 1 // remembered as skipped
			}
		}
		out = append(out, en)
	}
	return out, nil
}

func (e entry) size() int64 { return typeSizes[e.typ] * int64(e.count) }

// inline reports whether the value sits inside the entry.
func (e entry) inline() bool { return e.size() <= 4 }

// loadValues reads the out-of-line values of entries, reporting those that
// fall outside the data.
func loadValues(rd reader, es []entry, n *Note, where string) {
	for i := range es {
		e := &es[i]
		if e.inline() {
			continue
		}
		if e.valOff < 0 {
			// Too large to decode; one that does not even fit the data
			// is a broken entry.
			if at := -e.valOff - 1; at+e.size() > rd.size {
				n.problem("%s: tag 0x%04x: %d-byte value at offset %d runs past the end (%d bytes)", where, e.id, e.size(), at, rd.size)
			}
			continue
		}
		b, err := rd.read(e.valOff, e.size())
		if err != nil {
			n.problem("%s: tag 0x%04x: %v", where, e.id, err)
			continue
		}
		e.val = b
	}
}

// valuesInside counts the out-of-line values of es that a base puts inside
// [lo, hi), and those it puts outside: the measure by which a moved note's
// true offset base is found.
func valuesInside(es []entry, base, oldBase, lo, hi int64) (in, out int) {
	for _, e := range es {
		if e.inline() || e.valOff < 0 {
			continue
		}
		off := e.valOff - oldBase + base
		if off >= lo && off+e.size() <= hi {
			in++
		} else {
			out++
		}
	}
	return in, out
}

// text renders a value the way ExifTool's -n output does: strings as
// written (cut at the first NUL, trailing blanks trimmed), numbers
// separated by spaces, rationals as decimals, and other binary values as
// their numbers when short or their size when long.
func text(e entry, order binary.ByteOrder) string {
	if e.val == nil {
		return ""
	}
	v := e.val
	switch e.typ {
	case 2:
		return cleanString(v)
	case 7:
		if printable(v) {
			return cleanString(v)
		}
		if len(v) <= 16 {
			return joinInts(len(v), func(i int) string { return strconv.Itoa(int(v[i])) })
		}
		return fmt.Sprintf("(%d bytes)", len(v))
	}
	n := int(e.count)
	switch e.typ {
	case 1:
		return joinInts(n, func(i int) string { return strconv.Itoa(int(v[i])) })
	case 6:
		return joinInts(n, func(i int) string { return strconv.Itoa(int(int8(v[i]))) })
	case 3:
		return joinInts(n, func(i int) string { return strconv.Itoa(int(order.Uint16(v[2*i:]))) })
	case 8:
		return joinInts(n, func(i int) string { return strconv.Itoa(int(int16(order.Uint16(v[2*i:])))) })
	case 4, 13:
		return joinInts(n, func(i int) string { return strconv.FormatUint(uint64(order.Uint32(v[4*i:])), 10) })
	case 9:
		return joinInts(n, func(i int) string { return strconv.Itoa(int(int32(order.Uint32(v[4*i:])))) })
	case 5:
		return joinInts(n, func(i int) string {
			return rat(int64(order.Uint32(v[8*i:])), int64(order.Uint32(v[8*i+4:])))
		})
	case 10:
		return joinInts(n, func(i int) string {
			return rat(int64(int32(order.Uint32(v[8*i:]))), int64(int32(order.Uint32(v[8*i+4:]))))
		})
	case 11:
		return joinInts(n, func(i int) string {
			return strconv.FormatFloat(float64(math.Float32frombits(order.Uint32(v[4*i:]))), 'g', -1, 32)
		})
	case 12:
		return joinInts(n, func(i int) string {
			return strconv.FormatFloat(math.Float64frombits(order.Uint64(v[8*i:])), 'g', -1, 64)
		})
	}
	return ""
}

func joinInts(n int, at func(int) string) string {
	var parts []string
	for i := 0; i < n; i++ {
		if i == maxListed {
			parts = append(parts, fmt.Sprintf("… (%d values)", n))
			break
		}
		parts = append(parts, at(i))
	}
	return strings.Join(parts, " ")
}

func rat(n, d int64) string {
	if d == 0 {
		return fmt.Sprintf("%d/0", n)
	}
	if n%d == 0 {
		return strconv.FormatInt(n/d, 10)
	}
	return strconv.FormatFloat(float64(n)/float64(d), 'g', 15, 64)
}

// cleanString cuts at the first NUL, trims blanks and makes the text valid
// UTF-8 (Latin-1 bytes as their characters, other bytes as "?"), so that
// no maker note can put invalid text into a Record.
func cleanString(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	s := strings.TrimSpace(string(b))
	if utf8.ValidString(s) {
		return strings.Map(func(r rune) rune {
			if r < 0x20 && r != '\t' || r == 0x7f {
				return -1
			}
			return r
		}, s)
	}
	var sb strings.Builder
	for _, c := range []byte(s) {
		switch {
		case c >= 0x20 && c < 0x7f:
			sb.WriteByte(c)
		case c >= 0xa0:
			sb.WriteRune(rune(c))
		default:
			sb.WriteByte('?')
		}
	}
	return sb.String()
}

func printable(b []byte) bool {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		if len(bytes.Trim(b[i:], "\x00")) > 0 {
			return false // text, a NUL, then more bytes: binary
		}
		b = b[:i]
	}
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			return false
		}
	}
	return true
}

// uintAt reads an unsigned integer of size 1, 2 or 4 at off in b.
func uintAt(b []byte, off, size int, order binary.ByteOrder) (uint64, bool) {
	if off < 0 || off+size > len(b) {
		return 0, false
	}
	switch size {
	case 1:
		return uint64(b[off]), true
	case 2:
		return uint64(order.Uint16(b[off:])), true
	case 4:
		return uint64(order.Uint32(b[off:])), true
	}
	return 0, false
}
