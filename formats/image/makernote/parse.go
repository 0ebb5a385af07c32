package makernote

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
)

// layout is how one maker's note is laid out: where its directory starts
// (from the note's start), from where its value offsets count, and in
// which byte order, as ExifTool's MakerNotes table documents each kind.
type layout struct {
	maker, name string
	ifd         int64 // the directory's offset from the note's start
	// relative is true when value offsets count from the note's start
	// plus baseShift (Apple, Nikon type 3, new Olympus, Fujifilm);
	// false when they count from the TIFF header (Canon, Sony,
	// Panasonic, Sigma, old Olympus).
	relative  bool
	baseShift int64
	order     binary.ByteOrder // nil: the TIFF's, or whichever is plausible
	fixed     bool             // the order is stated by the header
	tags      map[uint16]tag
	special   func(*state)
}

// detect finds the layout from the note's first bytes, then the Make.
func detect(head []byte, make_, model string) (layout, bool) {
	has := func(p string) bool { return bytes.HasPrefix(head, []byte(p)) }
	order := func(at int) (binary.ByteOrder, bool) {
		if len(head) >= at+2 {
			switch string(head[at : at+2]) {
			case "II":
				return binary.LittleEndian, true
			case "MM":
				return binary.BigEndian, true
			}
		}
		return nil, false
	}
	mk := strings.ToUpper(strings.TrimSpace(make_))
	switch {
	case has("Apple iOS\x00"):
		o, ok := order(12)
		return layout{maker: "apple", name: `Apple "Apple iOS\0", offsets from the note`, ifd: 14, relative: true, order: o, fixed: ok, tags: appleTags, special: appleSpecial}, true
	case has("Nikon\x00\x02"):
		o, ok := order(10)
		if !ok || len(head) < 18 {
			return layout{}, false
		}
		ifd := 10 + int64(o.Uint32(head[14:18]))
		return layout{maker: "nikon", name: `Nikon type 3 "Nikon\0\x02", own TIFF header at +10`, ifd: ifd, relative: true, baseShift: 10, order: o, fixed: true, tags: nikonTags}, true
	case has("Nikon\x00\x01"):
		return layout{maker: "nikon", name: `Nikon type 2 "Nikon\0\x01", offsets from the TIFF header`, ifd: 8, order: binary.LittleEndian, tags: nikon2Tags}, true
	case has("OLYMPUS\x00"):
		o, ok := order(8)
		return layout{maker: "olympus", name: `Olympus "OLYMPUS\0", offsets from the note`, ifd: 12, relative: true, order: o, fixed: ok, tags: olympusTags, special: olympusSpecial}, true
	case has("OM SYSTEM\x00"):
		o, ok := order(12)
		return layout{maker: "olympus", name: `OM System "OM SYSTEM\0", offsets from the note`, ifd: 16, relative: true, order: o, fixed: ok, tags: olympusTags, special: olympusSpecial}, true
	case has("OLYMP\x00") || has("EPSON\x00"):
		return layout{maker: "olympus", name: `Olympus "OLYMP\0", offsets from the TIFF header`, ifd: 8, tags: olympusTags, special: olympusSpecial}, true
	case has("FUJIFILM") || has("GENERALE"):
		if len(head) < 12 {
			return layout{}, false
		}
		return layout{maker: "fujifilm", name: `Fujifilm "FUJIFILM", little-endian, offsets from the note`, ifd: int64(binary.LittleEndian.Uint32(head[8:12])), relative: true, order: binary.LittleEndian, fixed: true, tags: fujiTags}, true
	case has("Panasonic\x00"):
		return layout{maker: "panasonic", name: `Panasonic "Panasonic\0\0\0", offsets from the TIFF header`, ifd: 12, tags: panasonicTags, special: panasonicSpecial}, true
	case has("AOC\x00"):
		o, ok := order(4)
		return layout{maker: "pentax", name: `Pentax "AOC\0", offsets from the note`, ifd: 6, relative: true, order: o, fixed: ok, tags: pentaxTags, special: pentaxSpecial}, true
	case has("PENTAX \x00"):
		o, ok := order(8)
		return layout{maker: "pentax", name: `Pentax "PENTAX \0", offsets from the note`, ifd: 10, relative: true, order: o, fixed: ok, tags: pentaxTags, special: pentaxSpecial}, true
	case has("RICOH\x00II") || has("RICOH\x00MM"):
		o, _ := order(6)
		return layout{maker: "pentax", name: `Ricoh/Pentax "RICOH\0", offsets from the note`, ifd: 8, relative: true, order: o, fixed: true, tags: pentaxTags, special: pentaxSpecial}, true
	case (has("Ricoh") || has("RICOH")) && strings.Contains(mk, "RICOH"):
		return layout{maker: "ricoh", name: `Ricoh "Ricoh", offsets from the TIFF header`, ifd: 8, tags: ricohTags, special: ricohSpecial}, true
	case has("SONY DSC ") || has("SONY CAM ") || has("SONY MOBILE"):
		return layout{maker: "sony", name: `Sony "SONY DSC \0\0\0", offsets from the TIFF header`, ifd: 12, tags: sonyTags, special: sonySpecial}, true
	case has("SIGMA\x00\x00\x00") || has("FOVEON\x00\x00"):
		return layout{maker: "sigma", name: `Sigma "SIGMA\0\0\0", offsets from the TIFF header`, ifd: 10, tags: sigmaTags}, true
	case has("MOT\x00"):
		return layout{maker: "motorola", name: `Motorola "MOT\0", offsets from the note`, ifd: 8, relative: true, tags: motorolaTags}, true
	case strings.HasPrefix(mk, "CANON"):
		return layout{maker: "canon", name: "Canon (no header), offsets from the TIFF header", tags: canonTags, special: canonSpecial}, true
	case strings.HasPrefix(mk, "NIKON"):
		return layout{maker: "nikon", name: "Nikon type 1 (no header), offsets from the TIFF header", tags: nikonTags}, true
	case strings.HasPrefix(mk, "SONY") && !has("\x01\x00"):
		return layout{maker: "sony", name: "Sony (no header), offsets from the TIFF header", tags: sonyTags, special: sonySpecial}, true
	case mk == "SAMSUNG" && len(head) >= 2 && (head[0] == 0 || head[1] == 0) && !has("STMN"):
		return layout{maker: "samsung", name: "Samsung type 2 (no header), offsets from the note", relative: true, tags: samsungTags}, true
	}
	return layout{}, false
}

// state is one note being parsed.
type state struct {
	rd    reader
	src   Source
	lay   layout
	note  *Note
	order binary.ByteOrder
	base  int64
	main  map[uint16]entry // the note's own directory, by tag
	dirs  int
}

// Parse reads the maker note src points at. It returns ErrNotNote (and a
// nil Note) when the note has no layout this package knows; otherwise a
// Note, whose Problems say what in it could not be read. Parse never
// panics and reads at most MaxDirs directories of MaxEntries entries.
func Parse(src Source) (*Note, error) {
	if src.R == nil || src.Length <= 0 || src.Offset < 0 || src.Offset >= src.Size {
		return nil, ErrNotNote
	}
	if src.Order == nil {
		src.Order = binary.LittleEndian
	}
	rd := reader{src.R, src.Size}
	head, err := rd.read(src.Offset, min(src.Length, 32, src.Size-src.Offset))
	if err != nil {
		return nil, fmt.Errorf("makernote: %w", err)
	}
	lay, ok := detect(head, src.Make, src.Model)
	if !ok {
		return nil, ErrNotNote
	}
	n := &Note{Maker: lay.maker, Layout: lay.name}
	st := &state{rd: rd, src: src, lay: lay, note: n}
	st.order = lay.order
	if st.order == nil {
		st.order = src.Order
	}
	ifdOff := src.Offset + lay.ifd
	if lay.ifd < 0 || lay.ifd+2 > src.Length {
		n.problem("directory offset %d outside the %d-byte note", lay.ifd, src.Length)
		return n, nil
	}
	count, order, plausible := entryCount(rd, ifdOff, st.order, lay.fixed)
	st.order = order
	if !plausible {
		n.problem("%d entries: not a directory", count)
		return n, nil
	}
	base := src.Shift
	if lay.relative {
		base = src.Offset + lay.baseShift
	}
	es, err := readEntries(rd, dir{ifdOff, base, order}, count)
	if err != nil {
		n.problem("directory: %v", err)
		return n, nil
	}
	st.base = st.fixBase(es, base, ifdOff, count)
	for i := range es {
		if !es[i].inline() && es[i].valOff >= 0 {
			es[i].valOff += st.base - base
		}
	}
	loadValues(rd, es, n, lay.maker)
	st.dirs = 1
	st.main = map[uint16]entry{}
	for _, e := range es {
		if _, dup := st.main[e.id]; !dup {
			st.main[e.id] = e
		}
	}
	st.emit(es, lay.tags)
	if lay.special != nil {
		lay.special(st)
	}
	return n, nil
}

// fixBase returns the offset base under which the note's values lie
// inside the note. A program that rewrites a file may move the maker note
// without changing the offsets in it (they are the camera maker's private
// format), so the documented base is tried first, then the one a Canon
// note's TIFF footer records, then the one that puts the first value right
// after the directory, where cameras write it (ExifTool's FixBase makes
// the same kind of repair).
func (st *state) fixBase(es []entry, base, ifdOff int64, count int) int64 {
	lo, hi := st.src.Offset, st.src.Offset+st.src.Length
	cands := []int64{base}
	if st.lay.maker == "canon" && st.src.Length > 8 {
		if f, err := st.rd.read(hi-8, 8); err == nil && (string(f[:4]) == "II*\x00" || string(f[:4]) == "MM\x00*") {
			cands = append(cands, st.src.Offset-int64(st.order.Uint32(f[4:])))
		}
	}
	alternatives := 0 // documented alternative bases, which are no problem
	if st.lay.maker == "pentax" || st.lay.maker == "samsung" {
		cands = append(cands, 0) // some models count from the TIFF header
		alternatives++
	}
	minOff := int64(-1)
	for _, e := range es {
		if !e.inline() && e.valOff >= 0 && (minOff < 0 || e.valOff-base < minOff) {
			minOff = e.valOff - base
		}
	}
	if minOff >= 0 {
		end := ifdOff + 2 + 12*int64(count)
		cands = append(cands, end+4-minOff, end-minOff)
	}
	// The documented base stands when nearly all values fit: a camera
	// may declare its note a few bytes short, and one stray value is not
	// a moved note.
	if in, out := valuesInside(es, base, base, lo, hi); out == 0 || out*8 <= in {
		return base
	}
	best, bestIn := base, -1
	for i, c := range cands[1:] {
		in, out := valuesInside(es, c, base, lo, hi)
		if out == 0 {
			if i >= alternatives {
				st.note.problem("value offsets do not fit the note at its documented base; read with base %d (the note was moved)", c)
			}
			return c
		}
		if in > bestIn {
			best, bestIn = c, in
		}
	}
	if best != base {
		st.note.problem("value offsets do not fit the note at any base; read with base %d, some still outside", best)
	}
	return best
}

// emit writes the named tags of a directory as fields and fills Camera and
// IDs from the tags whose role says so.
func (st *state) emit(es []entry, tags map[uint16]tag) {
	for _, e := range es {
		t, ok := tags[e.id]
		if !ok || t.conv == cvSkip {
			continue
		}
		v := st.value(e, t)
		st.set(t, v)
	}
}

// set records one value under its tag's name and role.
func (st *state) set(t tag, v string) {
	if v == "" {
		return
	}
	st.note.add(t.name, v)
	c := &st.note.Camera
	slot := map[role]*string{
		rSerial: &c.SerialNumber, rInternal: &c.InternalSerialNumber, rLensMake: &c.LensMake,
		rLensModel: &c.LensModel, rLensSerial: &c.LensSerialNumber, rOwner: &c.OwnerName,
		rFirmware: &c.Firmware, rShutter: &c.ShutterCount, rImageCount: &c.ImageCount,
	}[t.role]
	if slot != nil && *slot == "" {
		*slot = v
	}
	if t.role == rID {
		st.note.IDs = append(st.note.IDs, ID{t.name, v})
	}
}

// value renders a tag's value by its conversion.
func (st *state) value(e entry, t tag) string {
	switch t.conv {
	case cvString:
		b := bytes.TrimRight(e.val, "\xff")
		return cleanString(b)
	case cvHex:
		return fmt.Sprintf("%x", e.val)
	case cvVersion:
		// Four bytes: text ("0211") when printable, else their numbers.
		if printable(e.val) {
			return cleanString(e.val)
		}
		return joinInts(len(e.val), func(i int) string { return fmt.Sprint(e.val[i]) })
	}
	return text(e, st.order)
}

// subDir reads a sub-directory of the note at off, with the note's base
// and byte order, and returns its entries with their values.
func (st *state) subDir(off int64, where string) ([]entry, binary.ByteOrder) {
	if st.dirs >= MaxDirs {
		st.note.problem("%s: more than %d directories", where, MaxDirs)
		return nil, nil
	}
	st.dirs++
	count, order, ok := entryCount(st.rd, off, st.order, false)
	if !ok {
		st.note.problem("%s: %d entries at offset %d: not a directory", where, count, off)
		return nil, nil
	}
	es, err := readEntries(st.rd, dir{off, st.base, order}, count)
	if err != nil {
		st.note.problem("%s: %v", where, err)
		return nil, nil
	}
	loadValues(st.rd, es, st.note, where)
	return es, order
}

// emitIn is emit for a sub-directory in its own byte order.
func (st *state) emitIn(es []entry, tags map[uint16]tag, order binary.ByteOrder) {
	saved := st.order
	st.order = order
	st.emit(es, tags)
	st.order = saved
}
