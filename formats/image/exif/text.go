package exif

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rwcarlsen/goexif/tiff"

	"github.com/docprov/docprov/provenance"
)

// maxListed is how many values of an array Text writes before "…".
const maxListed = 32

// blobTags hold embedded structures or bulk data that other parsers read
// (XMP, IPTC, Photoshop resources, ICC, maker notes, print settings); Text
// gives their size, not their bytes.
var blobTags = map[uint16]bool{
	0x02bc: true, 0x83bb: true, 0x8649: true, 0x8773: true, 0x927c: true,
	0xc4a5: true, 0xc634: true, 0xc68c: true, 0xea1c: true, 0x015b: true,
}

// textUndefined are UNDEFINED tags whose bytes are text.
var textUndefined = map[uint16]bool{
	0x9000: true, 0xa000: true, 0x0002: true, 0x9009: true,
}

// Text returns a tag's value as text, the way Fields store it: strings as
// written (cut at the first NUL, decoded as UTF-8 or else Latin-1, trailing
// blanks trimmed), numbers separated by spaces (at most 32, then "…"),
// rationals as decimals ("n/0" for a zero denominator), the UCS-2 XP* tags
// and UserComment decoded, and other binary values as their size.
func (x *Exif) Text(d *Dir, t *Tag) string {
	if t == nil {
		return ""
	}
	if blobTags[t.ID] && d.Kind != KindGPS && d.Kind != KindInterop {
		return fmt.Sprintf("(%d bytes)", t.Size)
	}
	if t.t == nil {
		return fmt.Sprintf("(%d bytes)", t.Size)
	}
	if d.Kind == KindImage && t.ID >= 0x9c9b && t.ID <= 0x9c9f {
		return trimText(decodeUTF16(t.t.Val, binary.LittleEndian))
	}
	if d.Kind == KindExif && t.ID == 0x9286 || d.Kind == KindGPS && (t.ID == 0x1b || t.ID == 0x1c) {
		return userComment(t.t.Val, x.Order)
	}
	switch t.t.Format() {
	case tiff.StringVal:
		return trimText(toUTF8(cutNUL(t.t.Val)))
	case tiff.IntVal:
		vals := t.ints(maxListed + 1)
		parts := make([]string, 0, len(vals))
		for i, v := range vals {
			if i == maxListed {
				parts = append(parts, fmt.Sprintf("… (%d values)", t.Count))
				break
			}
			parts = append(parts, strconv.FormatInt(v, 10))
		}
		return strings.Join(parts, " ")
	case tiff.RatVal:
		rats := t.Rats(maxListed + 1)
		parts := make([]string, 0, len(rats))
		for i, r := range rats {
			if i == maxListed {
				parts = append(parts, fmt.Sprintf("… (%d values)", t.Count))
				break
			}
			parts = append(parts, formatRat(r[0], r[1]))
		}
		return strings.Join(parts, " ")
	case tiff.FloatVal:
		var parts []string
		for i := 0; i < int(t.Count) && i <= maxListed; i++ {
			if i == maxListed {
				parts = append(parts, fmt.Sprintf("… (%d values)", t.Count))
				break
			}
			v, err := t.t.Float(i)
			if err != nil {
				break
			}
			parts = append(parts, formatFloat(v))
		}
		return strings.Join(parts, " ")
	case tiff.UndefVal:
		v := t.t.Val
		if textUndefined[t.ID] || printable(v) && len(v) <= 256 {
			return trimText(toUTF8(cutNUL(v)))
		}
		if len(v) <= 16 {
			parts := make([]string, len(v))
			for i, c := range v {
				parts[i] = strconv.Itoa(int(c))
			}
			return strings.Join(parts, " ")
		}
		return fmt.Sprintf("(%d bytes)", len(v))
	}
	return fmt.Sprintf("(%d bytes)", t.Size)
}

// String returns the text value of the tag with that ID in the named
// directory, or "".
func (x *Exif) String(dir string, id uint16) string {
	d := x.Dir(dir)
	if d == nil {
		return ""
	}
	for _, t := range d.Tags {
		if t.ID == id {
			return x.Text(d, t)
		}
	}
	return ""
}

// SetFields writes every tag as prefix + directory + "." + name, e.g.
// "exif.IFD0.Make", skipping the pointers to other directories (their
// content is written under their own names).
func (x *Exif) SetFields(f provenance.Fields, prefix string) {
	if x == nil {
		return
	}
	for _, d := range x.Dirs {
		for _, t := range d.Tags {
			if isPointer(d.Kind, t.ID) {
				continue
			}
			key := prefix + d.Name + "." + t.Name
			if _, dup := f[key]; dup {
				continue // the first of two equal tags is the one readers use
			}
			f.Set(key, x.Text(d, t))
		}
	}
}

func isPointer(k Kind, id uint16) bool {
	switch id {
	case 0x8769, 0x8825, 0x014a:
		return k == KindImage
	case 0xa005:
		return k == KindImage || k == KindExif
	}
	return false
}

func cutNUL(b []byte) []byte {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i]
	}
	return b
}

func trimText(s string) string { return strings.TrimRight(s, " \x00\t\r\n") }

// toUTF8 returns b as a string: as is when it is valid UTF-8; otherwise
// bytes 0xA0-0xFF are read as Latin-1 (old cameras and Windows programs
// wrote "©" and accented names that way) and other invalid bytes become
// "?", as ExifTool shows them.
func toUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r != utf8.RuneError || n > 1:
			sb.WriteRune(r)
		case b[0] >= 0xa0:
			sb.WriteRune(rune(b[0]))
		default:
			sb.WriteByte('?')
		}
		b = b[n:]
	}
	return sb.String()
}

func printable(b []byte) bool {
	b = cutNUL(b)
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

func decodeUTF16(b []byte, order binary.ByteOrder) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		c := order.Uint16(b[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}

// userComment decodes the EXIF UserComment layout: an 8-byte character
// code ("ASCII", "UNICODE", "JIS" or blank) then the text.
func userComment(b []byte, order binary.ByteOrder) string {
	if len(b) < 8 {
		return trimText(toUTF8(cutNUL(b)))
	}
	code, body := string(bytes.TrimRight(b[:8], "\x00 ")), b[8:]
	switch code {
	case "UNICODE":
		// The spec says the TIFF byte order; some writers use the other.
		if len(body) >= 2 && body[0] == 0 && body[1] != 0 {
			order = binary.BigEndian
		} else if len(body) >= 2 && body[0] != 0 && body[1] == 0 {
			order = binary.LittleEndian
		}
		return strings.TrimSpace(decodeUTF16(body, order))
	default:
		return strings.TrimSpace(toUTF8(cutNUL(bytes.TrimLeft(body, "\x00"))))
	}
}

func formatRat(n, d int64) string {
	if d == 0 {
		return fmt.Sprintf("%d/0", n)
	}
	if n%d == 0 {
		return strconv.FormatInt(n/d, 10)
	}
	return formatFloat(float64(n) / float64(d))
}

func formatFloat(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 10, 64)
}
