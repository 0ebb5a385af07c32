package xmp

import (
	"bytes"
	"math"
)

// MaxFound is the most packets FindAll returns. A PDF carries one packet for
// the document and often one per image or page; a thousand is far beyond any
// real file and keeps a file stuffed with packet headers cheap to scan.
const MaxFound = 1000

// Kinds of packet start, in order of preference: Find prefers the xpacket
// wrapper and x:xmpmeta, and falls back to a bare rdf:RDF only when there is
// neither (rdf:RDF alone is also used outside XMP, for instance in SVG and
// ODF manifests, so it is the weakest sign).
const (
	kindPacket = iota
	kindMeta
	kindRDF
)

// startMarkers are the texts that open a packet, with their kinds.
var startMarkers = [...]struct {
	text string
	kind int
}{
	{"<?xpacket begin", kindPacket},
	{"<x:xmpmeta", kindMeta},
	{"<x:xapmeta", kindMeta}, // XMP's pre-2002 name
	{"<rdf:RDF", kindRDF},
}

// encodings Find looks for packets in: XMP allows UTF-8, UTF-16 and UTF-32
// of either byte order, and UTF-16 packets occur in real JPEG files.
var findEncodings = [...]int{encUTF8, encUTF16BE, encUTF16LE, encUTF32BE, encUTF32LE}

// encodeASCII writes an ASCII string in one of the sniffed encodings.
func encodeASCII(s string, enc int) []byte {
	var out []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch enc {
		case encUTF16BE:
			out = append(out, 0, c)
		case encUTF16LE:
			out = append(out, c, 0)
		case encUTF32BE:
			out = append(out, 0, 0, 0, c)
		case encUTF32LE:
			out = append(out, c, 0, 0, 0)
		default:
			out = append(out, c)
		}
	}
	return out
}

type pattern struct {
	begin []byte
	kind  int
	enc   int
}

// finder scans one buffer for packet starts. It remembers where each
// pattern next occurs, so that FindAll over a buffer holding many packets
// scans it a bounded number of times instead of once per packet.
type finder struct {
	data     []byte
	patterns []pattern
	pos      []int // next occurrence of patterns[i] at or after from[i]; -1 for none
	from     []int
}

func newFinder(data []byte) *finder {
	f := &finder{data: data}
	for _, m := range startMarkers {
		for _, enc := range findEncodings {
			f.patterns = append(f.patterns, pattern{begin: encodeASCII(m.text, enc), kind: m.kind, enc: enc})
		}
	}
	f.pos = make([]int, len(f.patterns))
	f.from = make([]int, len(f.patterns))
	for i := range f.from {
		f.from[i] = math.MaxInt // nothing cached yet
	}
	return f
}

// index returns the first occurrence of patterns[i] at or after off, or -1.
func (f *finder) index(i, off int) int {
	if f.from[i] <= off && (f.pos[i] < 0 || f.pos[i] >= off) {
		return f.pos[i]
	}
	f.from[i] = off
	f.pos[i] = -1
	if off <= len(f.data) {
		if j := bytes.Index(f.data[off:], f.patterns[i].begin); j >= 0 {
			f.pos[i] = off + j
		}
	}
	return f.pos[i]
}

// next returns the bounds of the first packet that starts at or after off.
func (f *finder) next(off int) (start, end int, ok bool) {
	// Pick the earliest start. A UTF-16 packet's ASCII text read one byte
	// off is the same text in the other byte order, so a UTF-16LE packet
	// also matches the UTF-16BE pattern one byte earlier (and UTF-32 three
	// bytes off). For a wrapped packet the begin attribute settles it: it
	// holds a byte order mark, which reads as one only in the right order.
	// A start that fails that check counts as a few bytes later, behind the
	// overlapping start that passes.
	start, pi, best := -1, -1, math.MaxInt
	for _, kinds := range [][]int{{kindPacket, kindMeta}, {kindRDF}} {
		for i, pt := range f.patterns {
			if pt.kind != kinds[0] && (len(kinds) < 2 || pt.kind != kinds[1]) {
				continue
			}
			j := f.index(i, off)
			if j < 0 {
				continue
			}
			eff := j
			if pt.kind == kindPacket && pt.enc != encUTF8 && !beginAttrOK(f.data, j+len(pt.begin), pt.enc) {
				eff = j + 4
			}
			if eff < best || (eff == best && j < start) {
				start, pi, best = j, i, eff
			}
		}
		if start >= 0 {
			break
		}
	}
	if start < 0 {
		return 0, 0, false
	}
	pt := f.patterns[pi]
	enc := func(s string) []byte { return encodeASCII(s, pt.enc) }

	// The packet cannot extend past the start of the next one of its kind
	// in its encoding, so a packet whose trailer is missing does not
	// swallow the packet after it.
	limit := len(f.data)
	for i, other := range f.patterns {
		if other.enc != pt.enc || other.kind > pt.kind || (pt.kind == kindPacket && other.kind != kindPacket) {
			continue
		}
		if j := f.index(i, start+len(pt.begin)); j >= 0 && j < limit {
			limit = j
		}
	}
	region := f.data[start:limit]

	n := -1
	switch pt.kind {
	case kindPacket:
		if k := bytes.Index(region, enc("<?xpacket end")); k >= 0 {
			if m := bytes.Index(region[k:], enc("?>")); m >= 0 {
				n = k + m + len(enc("?>"))
			}
		}
		if n < 0 {
			// No trailer: end after the last closing tag, if any.
			for _, closer := range []string{"</x:xmpmeta>", "</x:xapmeta>", "</rdf:RDF>"} {
				if k := bytes.LastIndex(region, enc(closer)); k >= 0 {
					n = k + len(enc(closer))
					break
				}
			}
		}
	case kindMeta:
		closer := enc("</x:xmpmeta>")
		if bytes.HasPrefix(region, enc("<x:xapmeta")) {
			closer = enc("</x:xapmeta>")
		}
		if k := bytes.Index(region, closer); k >= 0 {
			n = k + len(closer)
		}
	case kindRDF:
		closer := enc("</rdf:RDF>")
		if k := bytes.Index(region, closer); k >= 0 {
			n = k + len(closer)
		}
	}
	if n < 0 {
		// Truncated: hand back the rest so that Parse can recover what
		// it holds and report the packet as malformed.
		n = len(region)
	}
	return f.withDeclaration(start, off, pt.enc), start + n, true
}

// beginAttrOK reports whether the bytes at i, read in enc, continue an
// "<?xpacket begin" the way a packet in enc does: ="\uFEFF" (or an empty
// value), with either quote and optional spaces around "=".
func beginAttrOK(data []byte, i, enc int) bool {
	w := 2
	if enc == encUTF32BE || enc == encUTF32LE {
		w = 4
	}
	read := func() rune {
		if i < 0 || i+w > len(data) {
			return -1
		}
		var r rune
		b := data[i : i+w]
		switch enc {
		case encUTF16BE:
			r = rune(b[0])<<8 | rune(b[1])
		case encUTF16LE:
			r = rune(b[1])<<8 | rune(b[0])
		case encUTF32BE:
			r = rune(b[0])<<24 | rune(b[1])<<16 | rune(b[2])<<8 | rune(b[3])
		case encUTF32LE:
			r = rune(b[3])<<24 | rune(b[2])<<16 | rune(b[1])<<8 | rune(b[0])
		}
		i += w
		return r
	}
	r := read()
	for r == ' ' {
		r = read()
	}
	if r != '=' {
		return false
	}
	q := read()
	for q == ' ' {
		q = read()
	}
	if q != '"' && q != '\'' {
		return false
	}
	r = read()
	if r == 0xFEFF {
		r = read()
	}
	return r == q
}

// withDeclaration moves start back over an XML declaration that precedes
// the packet with only whitespace between, because the declaration may name
// the encoding (<?xml version="1.0" encoding="ISO-8859-1"?>) that the
// packet's bytes need.
func (f *finder) withDeclaration(start, off, enc int) int {
	const maxDecl = 256 * 4          // a declaration is short, even in UTF-32
	lo := max(start-maxDecl, off, 0) // never reach back into an earlier packet
	window := f.data[lo:start]
	k := bytes.LastIndex(window, encodeASCII("<?xml", enc))
	if k < 0 {
		return start
	}
	closeAt := bytes.Index(window[k:], encodeASCII("?>", enc))
	if closeAt < 0 {
		return start
	}
	for _, c := range window[k+closeAt+len(encodeASCII("?>", enc)):] {
		if c != 0 && !isSpace(c) {
			return start
		}
	}
	return lo + k
}

// Find returns the first XMP packet embedded in data (from "<?xpacket begin"
// to "<?xpacket end...?>", or a bare <x:xmpmeta>…</x:xmpmeta>), or nil.
//
// It finds packets in UTF-8, UTF-16 and UTF-32 of either byte order, the
// old <x:xapmeta> root, and, when data has neither a wrapper nor
// x:xmpmeta, a bare <rdf:RDF>…</rdf:RDF>. A packet without its trailer
// (a truncated file) ends after its last closing root tag or, failing that,
// where the next packet starts or data ends; Parse then reports what it can
// read and ErrMalformed. The result is a slice of data, not a copy.
//
// Find does not decompress anything: XMP in a compressed PDF stream or a
// compressed PNG iTXt chunk must be inflated by the caller first.
func Find(data []byte) []byte {
	start, end, ok := newFinder(data).next(0)
	if !ok {
		return nil
	}
	return data[start:end:end]
}

// FindAll returns every XMP packet in data, in order, as Find would find
// them one after the other, up to MaxFound packets. Files often hold more
// than one: a PDF's document packet plus one per embedded image, a JPEG's
// main packet plus the one inside an embedded thumbnail.
func FindAll(data []byte) [][]byte {
	f := newFinder(data)
	var out [][]byte
	for off := 0; len(out) < MaxFound; {
		start, end, ok := f.next(off)
		if !ok {
			break
		}
		out = append(out, data[start:end:end])
		if end <= off {
			break // cannot happen (a match is never empty), but never loop forever
		}
		off = end
	}
	return out
}
