package odf

import (
	"bytes"
	"strings"

	"github.com/docprov/docprov/formats/internal/xmlscan"
)

// Most of an ODF part is content that carries no provenance: paragraphs,
// cells, drawings, and style definitions whose only interest is their
// language. Rather than reading every token, the scanner jumps between
// markers found with bytes.Index (vectorised), reading in full only the
// elements that matter and, for language attributes, only the start tag
// that holds them. On the shared corpus this made ODF extraction about
// three times faster than reading every token, with identical Records.
//
// Skipping is only done where it is exact (see newSkipper); anywhere else
// the part is read token by token.

// markerKind says what to do at a marker.
type markerKind uint8

const (
	// subtree: read the element and everything inside it.
	subtree markerKind = iota
	// startTag: the marker is inside a start tag; read that tag alone.
	startTag
	// enter: read the element's start tag and go on reading token by
	// token from there (the skipper stops).
	enter
)

// marker is a word searched for in the part. For an element marker the
// word is the element's local name and prefixes are the prefixes it may be
// written with; the match must be "<prefix:word" followed by the end of
// the name. A startTag marker matches inside any start tag.
//
// Words rather than "<prefix:name" strings are searched for because '<' is
// the commonest byte of an XML part: bytes.Index would stop at every tag.
type marker struct {
	word     string
	prefixes []string
	kind     markerKind
}

// bodyMarkers are the only elements read inside office:body: annotations
// and the tracked-changes lists (whose changed regions hold authors and
// dates). Languages and styles live before the body.
var bodyMarkers = []marker{
	{"annotation", []string{"office", "officeooo"}, subtree},
	{"tracked-changes", []string{"text", "table"}, subtree},
}

// languageMarker finds the attributes languages() reads: every attribute
// that can yield a language has "lang" in its name (fo:language,
// style:language-asian, style:rfc-language-tag, number:language,
// xml:lang). A country or script without a language yields none.
var languageMarker = marker{"lang", nil, startTag}

// styleMarkers: styles.xml is read for its languages; the default style is
// read whole, since its languages count as the document's defaults.
var styleMarkers = []marker{
	{"default-style", []string{"style"}, subtree},
	{"annotation", []string{"office", "officeooo"}, subtree},
	languageMarker,
}

// preBodyMarkers: content.xml before the body holds the automatic styles
// (languages); the body is entered, where bodyMarkers take over.
var preBodyMarkers = []marker{
	{"body", []string{"office"}, enter},
	{"default-style", []string{"style"}, subtree},
	languageMarker,
}

// isMarkerPrefix reports whether marker elements are written with prefix;
// the skipper is exact only when these prefixes mean their ODF namespaces.
func isMarkerPrefix(prefix string) bool {
	switch prefix {
	case "office", "officeooo", "text", "table", "style":
		return true
	}
	return false
}

// skipper moves the scanner from one marker to the next.
type skipper struct {
	b       []byte
	markers []marker
	depth   int // the depth at which skipping happens (the open element's)
	end     int // where the open element's end tag starts
	pos     []int
	done    bool
}

// newSkipper returns a skipper over the content of the element sc has just
// opened, or nil when that content must be read token by token: when it
// declares a namespace, holds a comment, CDATA section or DOCTYPE (a
// marker inside one is not markup), when a marker prefix is bound to
// another namespace or a marker namespace to another prefix, or when the
// element's end tag is missing (a cut part: reading token by token reports
// where it ends).
func newSkipper(sc *xmlscan.Scanner, b []byte, g *partGuard, markers []marker) *skipper {
	if g.lastUnsafe(b, sc.Offset()) >= sc.Offset() {
		return nil
	}
	exact := true
	sc.Bindings(func(prefix, uri string) {
		canon, known := canonicalPrefix[uri]
		switch {
		case isMarkerPrefix(prefix):
			if canon != prefix {
				exact = false
			}
		case known && isMarkerPrefix(canon):
			exact = false
		}
	})
	if !exact {
		return nil
	}
	end := bytes.LastIndex(b, []byte("</"+sc.OpenName()))
	if end < sc.Offset() {
		return nil
	}
	k := &skipper{b: b, markers: markers, depth: sc.Depth(), end: end, pos: make([]int, len(markers))}
	for i := range k.pos {
		k.pos[i] = k.find(i, sc.Offset())
	}
	return k
}

// partGuard remembers, for one part, where the last byte sequence that
// makes skipping unsafe starts ("xmlns", or "<!" opening a comment, CDATA
// section or DOCTYPE), so that each skipper need not search the rest of
// the part again.
type partGuard struct {
	last  int
	known bool
}

// lastUnsafe returns the position of the last "xmlns" or "<!" in b at or
// after from, or -1. The first call fixes from for the part: skippers are
// made in document order, so later ones start further on.
func (g *partGuard) lastUnsafe(b []byte, from int) int {
	if !g.known {
		g.last, g.known = -1, true
		for i := from; ; {
			j := indexWord(b[i:], "xmlns")
			if j < 0 {
				break
			}
			g.last = max(g.last, i+j)
			i += j + 1
		}
		for i := from; ; {
			j := bytes.IndexByte(b[i:], '!')
			if j < 0 {
				break
			}
			if i+j > 0 && b[i+j-1] == '<' {
				g.last = max(g.last, i+j-1)
			}
			i += j + 1
		}
	}
	return g.last
}

// find returns where the scanner must go for the next occurrence of marker
// i at or after from (the '<' of the element or of the tag holding the
// word), or -1.
func (k *skipper) find(i, from int) int {
	m := k.markers[i]
	floor := from
	for from < k.end {
		j := indexWord(k.b[from:k.end], m.word)
		if j < 0 {
			return -1
		}
		p := from + j
		from = p + 1
		if m.kind == startTag {
			if q := k.tagStart(p, floor); q >= 0 {
				return q
			}
			continue
		}
		if q := k.elementStart(p, len(m.word), m.prefixes, floor); q >= 0 {
			return q
		}
	}
	return -1
}

// elementStart returns the position of '<' when the word at p is the local
// name of an element written "<prefix:word" with one of prefixes, or -1.
func (k *skipper) elementStart(p, n int, prefixes []string, floor int) int {
	// The name must end after the word: "annotation" is not
	// "annotation-end".
	if q := p + n; q < len(k.b) {
		switch k.b[q] {
		case ' ', '\t', '\r', '\n', '>', '/':
		default:
			return -1
		}
	}
	for _, pre := range prefixes {
		q := p - len(pre) - 2
		if q >= floor && k.b[q] == '<' && k.b[p-1] == ':' && string(k.b[q+1:p-1]) == pre {
			return q
		}
	}
	return -1
}

// tagStart returns the start of the start tag that p lies in, or -1 when p
// is not inside one (text between tags, an end tag). The nearest '<'
// before p opens markup (no raw '<' can stand in text or in an attribute
// value, and the part has no comments or CDATA); p is inside that tag when
// no '>' outside quotes lies between.
func (k *skipper) tagStart(p, floor int) int {
	q := bytes.LastIndexByte(k.b[:p], '<')
	if q < floor || q+1 >= len(k.b) || k.b[q+1] == '/' || k.b[q+1] == '?' {
		return -1
	}
	var quote byte
	for _, c := range k.b[q:p] {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return -1
		}
	}
	return q
}

// next returns where the scanner goes from offset at, and whether only the
// start tag found there is to be read. With no marker left it returns the
// open element's end tag, and the skipper is done.
func (k *skipper) next(at int) (pos int, tagOnly bool) {
	if k.done {
		return at, false
	}
	best, kind := k.end, subtree
	for i, p := range k.pos {
		if p >= 0 && p < at {
			p = k.find(i, at)
			k.pos[i] = p
		}
		if p >= 0 && p < best {
			best, kind = p, k.markers[i].kind
		}
	}
	if best == k.end {
		k.done = true
	}
	if kind == enter {
		k.done = true
	}
	return best, kind == startTag
}

// rareFirst lists bytes from the rarest in ODF markup to the commonest (a
// rough order, measured on LibreOffice content.xml and styles.xml).
const rareFirst = "qjzxkwvy-gbhfupmdclsrnioate"

// indexWord is bytes.Index for a lowercase word, anchored on the word's
// rarest byte: bytes.Index anchors on the first byte, and for words that
// start with a common letter it stops every few bytes.
func indexWord(b []byte, word string) int {
	at := 0
	for r := 0; r < len(rareFirst); r++ {
		if i := strings.IndexByte(word, rareFirst[r]); i >= 0 {
			at = i
			break
		}
	}
	c := word[at]
	for from := at; from < len(b); {
		i := bytes.IndexByte(b[from:], c)
		if i < 0 {
			return -1
		}
		start := from + i - at
		if start+len(word) <= len(b) && string(b[start:start+len(word)]) == word {
			return start
		}
		from += i + 1
	}
	return -1
}
