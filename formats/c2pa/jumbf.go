package c2pa

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// JUMBF (ISO/IEC 19566-5) is ISO BMFF's box format: a 4-byte big-endian
// length (LBox, 1 meaning an 8-byte XLBox follows, 0 meaning "to the end"),
// a 4-byte type (TBox), the content. A superbox ("jumb") holds a
// description box ("jumd": a 16-byte content-type UUID, a toggle byte, then
// an optional NUL-terminated label, 4-byte ID, 32-byte signature and
// private box) followed by content boxes, which may be superboxes in turn.

// Limits on one manifest store.
const (
	// MaxStoreBytes caps the manifest store read from a file.
	MaxStoreBytes = 32 << 20
	// maxBoxes caps the boxes of one store, maxDepth their nesting.
	maxBoxes = 1 << 14
	maxDepth = 16
)

// errJUMBF marks a store whose box structure is broken.
var errJUMBF = errors.New("malformed JUMBF")

// Box is one JUMBF box. For a superbox, Label, Type (the description's
// content-type UUID) and Children are set; for a content box, Data.
type Box struct {
	TBox string // the four-character box type: "jumb", "cbor", "json" …
	// Raw is the whole box, header included; Body the box without its
	// LBox/TBox header (what a hashed URI to an assertion hashes).
	Raw, Body []byte
	// Offset is where Raw starts in the store.
	Offset int

	// For a superbox:
	Type     string // content-type UUID as 32 hex digits
	Label    string
	Children []*Box // the content boxes after the description
	// Data is a content box's payload.
	Data []byte
}

// Superbox content types (the first four bytes of the UUID name them; the
// rest is the ISO suffix 0011-0010-8000-00AA00389B71).
const (
	typeStore        = "c2pa"
	typeManifest     = "c2ma"
	typeUpdate       = "c2um"
	typeAssertions   = "c2as"
	typeClaim        = "c2cl"
	typeSignature    = "c2cs"
	typeCredentials  = "c2vc"
	typeDatabox      = "c2db"
	typeCBORContent  = "cbor"
	typeJSONContent  = "json"
	jumbfUUIDsuffix  = "00110010800000aa00389b71"
	boxHeaderMinimum = 8
)

// typeName returns the four-character name of a C2PA/JUMBF content type
// UUID, or its hex form.
func typeName(uuid []byte) string {
	h := hex.EncodeToString(uuid)
	if len(h) == 32 && h[8:] == jumbfUUIDsuffix {
		ok := true
		for _, c := range uuid[:4] {
			if c < 0x20 || c > 0x7e {
				ok = false
			}
		}
		if ok {
			return string(uuid[:4])
		}
	}
	return h
}

// parser walks one store, counting boxes against maxBoxes.
type parser struct {
	store []byte
	boxes int
}

// ParseJUMBF parses b as a sequence of JUMBF boxes. Every box must lie
// inside b and every child inside its parent; the walk is bounded by
// maxBoxes and maxDepth.
func ParseJUMBF(b []byte) ([]*Box, error) {
	if len(b) > MaxStoreBytes {
		return nil, fmt.Errorf("%w: store of %d bytes exceeds %d", errJUMBF, len(b), MaxStoreBytes)
	}
	p := &parser{store: b}
	return p.boxesIn(b, 0, 0)
}

func (p *parser) boxesIn(b []byte, base, depth int) ([]*Box, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("%w: nested deeper than %d", errJUMBF, maxDepth)
	}
	var out []*Box
	for off := 0; off < len(b); {
		p.boxes++
		if p.boxes > maxBoxes {
			return out, fmt.Errorf("%w: more than %d boxes", errJUMBF, maxBoxes)
		}
		if len(b)-off < boxHeaderMinimum {
			return out, fmt.Errorf("%w: %d stray bytes at %d", errJUMBF, len(b)-off, base+off)
		}
		l := uint64(binary.BigEndian.Uint32(b[off:]))
		typ := string(b[off+4 : off+8])
		hdr := 8
		switch l {
		case 0:
			l = uint64(len(b) - off)
		case 1:
			if len(b)-off < 16 {
				return out, fmt.Errorf("%w: truncated XLBox at %d", errJUMBF, base+off)
			}
			l = binary.BigEndian.Uint64(b[off+8:])
			hdr = 16
		}
		if l < uint64(hdr) || l > uint64(len(b)-off) {
			return out, fmt.Errorf("%w: box %q at %d has length %d, %d bytes left", errJUMBF, printable(typ), base+off, l, len(b)-off)
		}
		raw := b[off : off+int(l)]
		bx := &Box{TBox: printable(typ), Raw: raw, Body: raw[hdr:], Offset: base + off}
		if typ == "jumb" {
			if err := p.superbox(bx, base+off+hdr, depth); err != nil {
				return append(out, bx), err
			}
		} else {
			bx.Data = bx.Body
		}
		out = append(out, bx)
		off += int(l)
	}
	return out, nil
}

// superbox reads a jumb box's description and children.
func (p *parser) superbox(bx *Box, base, depth int) error {
	kids, err := p.boxesIn(bx.Body, base, depth+1)
	if len(kids) == 0 || kids[0].TBox != "jumd" {
		if err == nil {
			err = fmt.Errorf("%w: superbox at %d has no description box", errJUMBF, bx.Offset)
		}
		return err
	}
	d := kids[0].Data
	if len(d) < 17 {
		return fmt.Errorf("%w: description box at %d truncated", errJUMBF, kids[0].Offset)
	}
	bx.Type = typeName(d[:16])
	toggles := d[16]
	if toggles&0x02 != 0 {
		rest := d[17:]
		end := -1
		for i, c := range rest {
			if c == 0 {
				end = i
				break
			}
		}
		if end < 0 {
			return fmt.Errorf("%w: label at %d not terminated", errJUMBF, kids[0].Offset)
		}
		// A label is UTF-8 by the standard; one that is not could never
		// match a (CBOR, hence UTF-8) hashed URI, and a Record keeps
		// text as valid UTF-8.
		bx.Label = strings.ToValidUTF8(string(rest[:end]), "\uFFFD")
	}
	bx.Children = kids[1:]
	return err
}

// printable returns s with bytes outside printable ASCII written as '?'.
func printable(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = '?'
		}
	}
	return string(b)
}

// child returns the first child superbox labelled label.
func (b *Box) child(label string) *Box {
	for _, c := range b.Children {
		if c.TBox == "jumb" && c.Label == label {
			return c
		}
	}
	return nil
}

// childOfType returns the first child superbox of content type typ.
func (b *Box) childOfType(typ string) *Box {
	for _, c := range b.Children {
		if c.TBox == "jumb" && c.Type == typ {
			return c
		}
	}
	return nil
}

// content returns the first content box (not a superbox) of b of box
// type tbox, or nil.
func (b *Box) content(tbox string) *Box {
	for _, c := range b.Children {
		if c.TBox == tbox {
			return c
		}
	}
	return nil
}
