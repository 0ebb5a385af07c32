package xmlscan

import (
	"bytes"
	"strings"
)

// Skimming. Most of an office document's XML is content that carries no
// provenance: paragraphs, cells, drawings, style definitions whose only
// interest is their language. Scanner.Skim makes Next move from one place
// of interest to the next, found with bytes.IndexByte (vectorised), so that
// only those elements are read: in full (Subtree), or only their start tag
// (StartTag), whose end element follows at once.
//
// Skimming gives the tokens a full read would give at those places, with
// two rules that keep it exact:
//
//   - A start tag that declares a namespace ("xmlns" in it) is always read
//     with its whole subtree, so every declaration is seen with its scope.
//   - A part whose skimmed region holds "<!" (a comment, CDATA section or
//     DOCTYPE, where a marker would not be markup) is not skimmed at all:
//     Scanner.Skim returns nil and the caller reads token by token.
//
// What skimming gives up is the detection of syntax errors in the text it
// skips.

// MarkerKind says what skimming does at a marker.
type MarkerKind uint8

const (
	// Subtree reads the element and everything inside it.
	Subtree MarkerKind = iota
	// StartTag reads the start tag alone: Next gives its end element next,
	// without reading its content.
	StartTag
	// Enter reads the element's start tag and everything after it token by
	// token: skimming is over.
	Enter
)

// A Marker is a word that stops skimming. With Prefixes, the word is the
// local name of an element written "<prefix:word" with one of them ("<word"
// for the prefix "", the default namespace), followed by the end of the
// name: "annotation" is not "annotation-end". Without, it marks the start tag it stands in, whatever
// its place there (element or attribute name, or a value).
//
// The caller must make sure the prefixes mean what it expects under the
// bindings in force where skimming starts (Scanner.Bindings).
type Marker struct {
	Word     string
	Prefixes []string
	Kind     MarkerKind
}

// xmlnsMarker makes every namespace declaration be read with its scope.
var xmlnsMarker = Marker{Word: "xmlns", Kind: Subtree}

// A skimmer finds the markers inside one element for Scanner.Next.
type skimmer struct {
	b       []byte
	markers []Marker
	depth   int // the depth of the element skimmed through
	end     int // where its end tag starts
	// limit is where searching for markers other than Enter stops: the
	// first Enter marker (after it skimming is done), else end.
	limit int
	pos   []int
	kinds []MarkerKind
	done  bool
}

// Skim makes Next skim the content of the element just opened (the
// innermost open one): once back at that element's depth, Next goes to the
// next marker, and at the end to the element's end tag. It replaces any
// skimming in force. Skim reports false, and Next reads every token, when
// it cannot skim exactly: the content holds "<!", or the element's end tag
// cannot be found (a cut part: reading token by token reports where it
// ends).
func (s *Scanner) Skim(markers ...Marker) bool {
	s.skim = nil
	if s.err != nil || len(s.stack) == 0 || s.selfClosed {
		return false
	}
	at := s.pos
	if s.lastBang(at) >= at {
		return false
	}
	end := bytes.LastIndex(s.b, []byte("</"+s.openName()))
	if end < at {
		return false
	}
	// The declaration marker comes first: where a tag holds another
	// marker too, the first marker in the list wins, and the tag must
	// still be read with its subtree.
	all := append([]Marker{xmlnsMarker}, markers...)
	k := &skimmer{b: s.b, markers: all, depth: len(s.stack), end: end, limit: end, pos: make([]int, len(all))}
	for i, m := range all {
		if m.Kind == Enter {
			k.pos[i] = k.find(i, at)
			if p := k.pos[i]; p >= 0 && p < k.limit {
				k.limit = p
			}
		}
	}
	for i, m := range all {
		if m.Kind != Enter {
			k.pos[i] = k.find(i, at)
		}
	}
	s.skim = k
	return true
}

// lastBang returns the position of the last "<!" at or after from, or -1,
// computed once per input: skimmers are made in document order, so later
// ones start further on.
func (s *Scanner) lastBang(from int) int {
	if !s.bangKnown {
		s.lastBangAt, s.bangKnown = -1, true
		for i := from; ; {
			j := bytes.IndexByte(s.b[i:], '!')
			if j < 0 {
				break
			}
			if i+j > 0 && s.b[i+j-1] == '<' {
				s.lastBangAt = i + j - 1
			}
			i += j + 1
		}
	}
	return s.lastBangAt
}

// next returns where Next goes from offset at, and whether only the start
// tag found there is to be read. With no marker left it returns the skimmed
// element's end tag, and skimming is done.
func (k *skimmer) next(at int) (pos int, tagOnly bool) {
	if k.done {
		return at, false
	}
	best, kind := k.end, Subtree
	for i, p := range k.pos {
		if p >= 0 && p < at {
			p = k.find(i, at)
			k.pos[i] = p
		}
		if p >= 0 && p < best {
			best, kind = p, k.markers[i].Kind
		}
	}
	if best == k.end || kind == Enter {
		k.done = true
	}
	return best, kind == StartTag
}

// find returns where the Scanner must go for the next occurrence of marker
// i at or after from (the '<' of the element or of the tag holding the
// word), or -1.
func (k *skimmer) find(i, from int) int {
	m := k.markers[i]
	floor := from
	stop := k.end
	if m.Kind != Enter {
		stop = k.limit
	}
	for from < stop {
		j := indexWord(k.b[from:stop], m.Word)
		if j < 0 {
			return -1
		}
		p := from + j
		from = p + 1
		if m.Prefixes == nil {
			if q := k.tagStart(p, floor); q >= 0 {
				return q
			}
			continue
		}
		if q := k.elementStart(p, len(m.Word), m.Prefixes, floor); q >= 0 {
			return q
		}
	}
	return -1
}

// elementStart returns the position of '<' when the word at p is the local
// name of an element written "<prefix:word" with one of prefixes, or -1.
func (k *skimmer) elementStart(p, n int, prefixes []string, floor int) int {
	if q := p + n; q < len(k.b) {
		switch k.b[q] {
		case ' ', '\t', '\r', '\n', '>', '/':
		default:
			return -1
		}
	}
	for _, pre := range prefixes {
		if pre == "" { // the default namespace: "<word"
			if q := p - 1; q >= floor && k.b[q] == '<' {
				return q
			}
			continue
		}
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
// value, and the region has no comments or CDATA); p is inside that tag
// when no '>' outside quotes lies between.
func (k *skimmer) tagStart(p, floor int) int {
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

// rareFirst lists lowercase letters and '-' from the rarest in office XML to
// the commonest, as counted over the XML parts of the shared corpus's ODF,
// docx and pptx files.
const rareFirst = "jqzkhvxbugyfw-mpcdoisnrlate"

// indexWord is bytes.Index for a word, anchored on the word's
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
