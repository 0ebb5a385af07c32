package exif

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/rwcarlsen/goexif/tiff"
)

// Limits that bound the cost of one Parse. Real files stay far below them:
// a camera JPEG has 4 to 6 directories of at most a few hundred entries, a
// multi-page TIFF a directory per page.
const (
	// MaxDirs is the most directories (IFD0, IFD1 …, Exif, GPS,
	// Interoperability, SubIFDs) Parse reads.
	MaxDirs = 256
	// MaxEntries is the most entries Parse reads from one directory; a
	// larger count is a corrupt or hostile directory and is cut there.
	MaxEntries = 4096
	// MaxTags is the most tags Parse keeps over all directories.
	MaxTags = 50_000
	// MaxValueBytes is the largest tag value Bytes returns.
	MaxValueBytes = 16 << 20
	// decodeLimit is the largest value handed to goexif for decoding;
	// larger values (strip offsets of big images, embedded blobs) are
	// reported by size only and read on demand with Bytes.
	decodeLimit = 64 << 10
)

// Errors Parse returns, wrapped with detail.
var (
	// ErrNotTIFF means the data does not start with a TIFF header.
	ErrNotTIFF = errors.New("exif: not a TIFF header")
	// ErrBigTIFF means the data is a BigTIFF (version 43), which this
	// package does not read.
	ErrBigTIFF = errors.New("exif: BigTIFF is not supported")
)

// Kind says which tag table a directory uses.
type Kind int

// The directory kinds.
const (
	KindImage   Kind = iota // IFD0, IFD1 …, SubIFDs: TIFF image directories
	KindExif                // the Exif IFD
	KindGPS                 // the GPS IFD
	KindInterop             // the Interoperability IFD
)

// Dir is one image file directory.
type Dir struct {
	// Name is the directory's name as ExifTool groups it: "IFD0",
	// "IFD1", "IFD2" …, "ExifIFD", "GPS", "InteropIFD", "SubIFD",
	// "SubIFD1" …
	Name   string
	Kind   Kind
	Offset int64 // from the start of the TIFF header
	Tags   []*Tag
}

// Tag is one directory entry.
type Tag struct {
	ID    uint16
	Type  uint16 // TIFF field type, 1 (BYTE) … 13 (IFD)
	Count uint32
	Name  string // the specification's name, or "0x" and the hex ID
	// Offset is where the value starts, from the start of the TIFF
	// header (inside the entry itself for values of 4 bytes or less).
	Offset int64
	// Size is the value's length in bytes.
	Size int64

	t *tiff.Tag // goexif's decoding; nil for values not decoded
}

// Exif is a parsed TIFF/EXIF structure.
type Exif struct {
	Order binary.ByteOrder
	Dirs  []*Dir
	// Problems lists what could not be read: loops, offsets past the end,
	// entries of unknown type, cut directories. The directories read
	// before and after a problem are still in Dirs.
	Problems []string

	r    io.ReaderAt
	size int64
}

// typeSizes are the byte sizes of the TIFF field types; 13 (IFD) is a LONG
// that points at a directory.
var typeSizes = [...]int64{0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4}

// Parse reads the TIFF structure of the size bytes in r, which start with
// the TIFF header ("II*\0" or "MM\0*"): the IFD chain and the Exif, GPS,
// Interoperability and SubIFD directories it points at.
//
// It walks the directories itself, never revisiting an offset, so a chain
// whose IFDs point at each other ends with a problem instead of a hang (the
// loop that stops goexif's own tiff.Decode). Each entry is checked against
// the data's length before goexif's tiff.DecodeTag decodes it, so a
// gigantic count or an offset past the end costs nothing but a problem.
// Parse honours ctx between directories.
//
// An error is returned only when the header is unreadable; everything else
// is a Problem on the returned Exif.
func Parse(ctx context.Context, r io.ReaderAt, size int64) (*Exif, error) {
	var hdr [8]byte
	if size < 8 {
		return nil, fmt.Errorf("%w: %d bytes", ErrNotTIFF, size)
	}
	if _, err := r.ReadAt(hdr[:], 0); err != nil {
		return nil, fmt.Errorf("exif: read header: %w", err)
	}
	x := &Exif{r: cached(r, size), size: size}
	switch string(hdr[:2]) {
	case "II":
		x.Order = binary.LittleEndian
	case "MM":
		x.Order = binary.BigEndian
	default:
		return nil, fmt.Errorf("%w: starts % x", ErrNotTIFF, hdr[:4])
	}
	switch x.Order.Uint16(hdr[2:]) {
	case 42:
	case 43:
		return nil, ErrBigTIFF
	default:
		// Some raw formats (Olympus ORF "IIRO", Panasonic RW2 "IIU")
		// change the magic number but keep the TIFF structure.
		x.problem("unusual TIFF magic number %d", x.Order.Uint16(hdr[2:]))
	}
	if err := x.walk(ctx, int64(x.Order.Uint32(hdr[4:]))); err != nil {
		return x, err
	}
	return x, nil
}

func (x *Exif) problem(format string, args ...any) {
	if len(x.Problems) < 100 {
		x.Problems = append(x.Problems, fmt.Sprintf(format, args...))
	}
}

// pending is a directory waiting to be read.
type pending struct {
	off  int64
	name string
	kind Kind
}

// walk reads every directory reachable from IFD0 at off.
func (x *Exif) walk(ctx context.Context, off int64) error {
	visited := map[int64]bool{}
	queue := []pending{{off, "IFD0", KindImage}}
	tags := 0
	chain := 0 // the index of the next IFDn in the main chain
	for len(queue) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		p := queue[0]
		queue = queue[1:]
		if p.off == 0 && p.name != "IFD0" {
			continue
		}
		if visited[p.off] {
			x.problem("%s: offset %d was already read as another directory (loop)", p.name, p.off)
			continue
		}
		if len(x.Dirs) >= MaxDirs {
			x.problem("more than %d directories; the rest are not read", MaxDirs)
			break
		}
		if p.off < 8 || p.off+2 > x.size {
			x.problem("%s: offset %d outside the data (%d bytes)", p.name, p.off, x.size)
			continue
		}
		visited[p.off] = true
		d, next, err := x.readDir(p, &tags)
		if err != nil {
			x.problem("%s: %v", p.name, err)
			continue
		}
		d.Name = x.uniqueName(d.Name)
		x.Dirs = append(x.Dirs, d)
		if p.kind == KindImage && next != 0 && (p.name == "IFD0" || isChainName(p.name)) {
			chain++
			queue = append(queue, pending{next, fmt.Sprintf("IFD%d", chain), KindImage})
		}
		// Sub-directories, in the order ExifTool names them.
		subs := 0
		for _, t := range d.Tags {
			var kind Kind
			var name string
			switch {
			case t.ID == 0x8769 && p.kind == KindImage:
				kind, name = KindExif, "ExifIFD"
			case t.ID == 0x8825 && p.kind == KindImage:
				kind, name = KindGPS, "GPS"
			case t.ID == 0xa005 && (p.kind == KindExif || p.kind == KindImage):
				kind, name = KindInterop, "InteropIFD"
			case t.ID == 0x014a && p.kind == KindImage:
				kind, name = KindImage, "SubIFD"
			default:
				continue
			}
			for i, o := range t.ints(64) {
				n := name
				if kind == KindImage {
					if subs > 0 {
						n = fmt.Sprintf("SubIFD%d", subs)
					}
					subs++
				} else if i > 0 {
					break
				}
				queue = append(queue, pending{o, n, kind})
			}
		}
	}
	return nil
}

func isChainName(n string) bool {
	return len(n) > 3 && n[:3] == "IFD" && n[3] >= '1' && n[3] <= '9'
}

// uniqueName returns name, or name with a number when a directory of that
// name was read already (a file with two Exif pointers).
func (x *Exif) uniqueName(name string) string {
	taken := func(n string) bool {
		return slices.ContainsFunc(x.Dirs, func(d *Dir) bool { return d.Name == n })
	}
	if !taken(name) {
		return name
	}
	for i := 2; ; i++ {
		if n := fmt.Sprintf("%s%d", name, i); !taken(n) {
			return n
		}
	}
}

// readDir reads one directory and returns it with the offset of the next
// directory in its chain.
func (x *Exif) readDir(p pending, tags *int) (*Dir, int64, error) {
	var nb [2]byte
	if _, err := x.r.ReadAt(nb[:], p.off); err != nil {
		return nil, 0, fmt.Errorf("entry count: %w", err)
	}
	n := int64(x.Order.Uint16(nb[:]))
	if n > MaxEntries {
		x.problem("%s: %d entries, only %d read", p.name, n, MaxEntries)
		n = MaxEntries
	}
	if fit := (x.size - p.off - 2) / 12; n > fit {
		x.problem("%s: %d entries but room for %d before the end", p.name, n, fit)
		n = fit
	}
	buf := make([]byte, n*12+4)
	m, err := x.r.ReadAt(buf, p.off+2)
	if int64(m) < n*12 {
		return nil, 0, fmt.Errorf("entries: %w", err)
	}
	var next int64
	if int64(m) == n*12+4 {
		next = int64(x.Order.Uint32(buf[n*12:]))
	}
	d := &Dir{Name: p.name, Kind: p.kind, Offset: p.off}
	names := namesFor(p.kind)
	for i := int64(0); i < n; i++ {
		if *tags >= MaxTags {
			x.problem("more than %d tags; the rest are not read", MaxTags)
			break
		}
		t, err := x.readEntry(buf[i*12:i*12+12], p.off+2+i*12, names)
		if err != nil {
			x.problem("%s: tag 0x%04x: %v", p.name, t.ID, err)
			continue
		}
		if t == nil {
			continue
		}
		*tags++
		d.Tags = append(d.Tags, t)
	}
	return d, next, nil
}

// readEntry checks one 12-byte entry and decodes it with goexif. It returns
// a nil Tag for an entry with no value.
func (x *Exif) readEntry(e []byte, at int64, names map[uint16]string) (*Tag, error) {
	t := &Tag{
		ID:    x.Order.Uint16(e),
		Type:  x.Order.Uint16(e[2:]),
		Count: x.Order.Uint32(e[4:]),
	}
	t.Name = names[t.ID]
	if t.Name == "" {
		t.Name = fmt.Sprintf("0x%04x", t.ID)
	}
	if t.Type == 0 || int(t.Type) >= len(typeSizes) {
		return t, fmt.Errorf("unknown field type %d", t.Type)
	}
	if t.Count == 0 {
		return nil, nil
	}
	t.Size = typeSizes[t.Type] * int64(t.Count)
	if t.Size <= 4 {
		t.Offset = at + 8
	} else {
		t.Offset = int64(x.Order.Uint32(e[8:]))
		if t.Offset+t.Size > x.size {
			return t, fmt.Errorf("%d-byte value at offset %d runs past the end (%d bytes)", t.Size, t.Offset, x.size)
		}
	}
	if t.Size > decodeLimit {
		return t, nil
	}
	entry := bytes.Clone(e)
	if t.Type == 13 { // IFD: goexif knows it as LONG
		x.Order.PutUint16(entry[2:], 4)
	}
	dt, err := decodeTag(entryReader{bytes.NewReader(entry), x.r}, x.Order)
	if err != nil {
		return t, fmt.Errorf("goexif: %v", err)
	}
	t.t = dt
	return t, nil
}

// decodeTag runs goexif's decoder on an entry that readEntry checked,
// turning a panic into an error should goexif meet something unforeseen.
func decodeTag(r tiff.ReadAtReader, order binary.ByteOrder) (t *tiff.Tag, err error) {
	defer func() {
		if p := recover(); p != nil {
			t, err = nil, fmt.Errorf("panic: %v", p)
		}
	}()
	return tiff.DecodeTag(r, order)
}

// entryReader feeds goexif the entry's 12 bytes from memory and the value
// from the data, by offset.
type entryReader struct {
	*bytes.Reader
	ra io.ReaderAt
}

func (e entryReader) ReadAt(b []byte, off int64) (int, error) { return e.ra.ReadAt(b, off) }

// Dir returns the directory of that name, or nil.
func (x *Exif) Dir(name string) *Dir {
	if x == nil {
		return nil
	}
	for _, d := range x.Dirs {
		if d.Name == name {
			return d
		}
	}
	return nil
}

// Tag returns the tag with that ID in the named directory, or nil.
func (x *Exif) Tag(dir string, id uint16) *Tag {
	d := x.Dir(dir)
	if d == nil {
		return nil
	}
	for _, t := range d.Tags {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// Data returns the TIFF structure Parse read and its length, for readers
// of private structures inside it (maker notes) whose offsets count from
// its header.
func (x *Exif) Data() (io.ReaderAt, int64) { return x.r, x.size }

// Bytes returns a tag's raw value, up to MaxValueBytes.
func (x *Exif) Bytes(t *Tag) ([]byte, error) {
	if t == nil {
		return nil, nil
	}
	if t.Size > MaxValueBytes {
		return nil, fmt.Errorf("%s: %d bytes, more than %d", t.Name, t.Size, MaxValueBytes)
	}
	b := make([]byte, t.Size)
	if _, err := x.r.ReadAt(b, t.Offset); err != nil && !(errors.Is(err, io.EOF) && len(b) == 0) {
		return nil, fmt.Errorf("%s: %w", t.Name, err)
	}
	return b, nil
}

// ints returns up to max integer values of a tag of an integer type.
func (t *Tag) ints(max int) []int64 {
	if t == nil || t.t == nil || t.t.Format() != tiff.IntVal {
		return nil
	}
	n := min(int(t.Count), max)
	out := make([]int64, 0, n)
	for i := range n {
		v, err := t.t.Int64(i)
		if err != nil {
			break
		}
		out = append(out, v)
	}
	return out
}

// Int returns a tag's first value as an integer.
func (t *Tag) Int() (int64, bool) {
	v := t.ints(1)
	if len(v) == 0 {
		return 0, false
	}
	return v[0], true
}

// Rats returns up to max rational values as numerator, denominator pairs.
func (t *Tag) Rats(max int) [][2]int64 {
	if t == nil || t.t == nil || t.t.Format() != tiff.RatVal {
		return nil
	}
	n := min(int(t.Count), max)
	out := make([][2]int64, 0, n)
	for i := range n {
		a, b, err := t.t.Rat2(i)
		if err != nil {
			break
		}
		out = append(out, [2]int64{a, b})
	}
	return out
}
