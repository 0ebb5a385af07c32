// Package xmlscan is a fast, allocation-light XML tokenizer for the XML
// parts of office documents (OOXML, ODF) and XMP packets.
//
// # Why not encoding/xml
//
// encoding/xml reads one byte at a time through an interface, checks every
// name against Unicode tables, and allocates a string for every name,
// attribute and token. On the content parts of office documents (a
// document.xml or content.xml is mostly markup) it cost 50–80% of
// docprov's extraction time, several times what ExifTool spends on the
// whole file. This scanner works on a byte slice held in memory, finds
// delimiters with bytes.IndexByte (vectorised), interns names and short
// attribute values, reuses its attribute slice, and hands out character
// data without copying when it holds no entity or carriage return.
//
// github.com/orisano/gosax was considered: it is a fast lexer, but leaves
// namespace resolution, end-tag matching and attribute unescaping to the
// caller, which is most of what this package does.
//
// # Contract
//
// On input that encoding/xml's Decoder.Token (Strict, no CharsetReader
// needed) accepts, Scanner yields the same tokens with the same names,
// namespace URIs, attributes and unescaped text (a fuzz test compares the
// two). It is strict about structure (balanced, matching tags; quoted
// attribute values; known entities) and lenient about characters: it does
// not reject control characters or invalid UTF-8 in text and names, which
// encoding/xml does. The input must be UTF-8; ToUTF8 transcodes the
// encodings office documents are seen to use.
//
// Tokens (and the byte slices and attribute slice they hold) are valid only
// until the next call to Next; strings (names, attribute values) stay valid.
//
// Scanner.Skim makes Next move from one element of interest to the next,
// for parts where most of the markup carries no provenance.
package xmlscan

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Kind is the kind of the current token.
type Kind uint8

// Token kinds, matching encoding/xml's token types.
const (
	None Kind = iota
	StartElement
	EndElement
	CharData
	Comment
	ProcInst
	Directive
)

// ErrSyntax is wrapped by every error about malformed XML.
var ErrSyntax = errors.New("XML syntax error")

// maxInterned bounds the name table, so that a part full of unique names
// does not grow it without bound (names past it are not cached).
const maxInterned = 8192

const (
	xmlURL      = "http://www.w3.org/XML/1998/namespace"
	xmlnsPrefix = "xmlns"
	xmlPrefix   = "xml"
)

// open is an element waiting for its end tag.
type open struct {
	name   *qname
	nsMark int // len(undo) when the element was opened
}

// undo restores a namespace binding when its element closes.
type undo struct {
	prefix string
	uri    string
	had    bool
}

// Scanner reads the tokens of one XML document held in memory.
type Scanner struct {
	b   []byte
	pos int

	kind   Kind
	start  xml.StartElement
	end    xml.Name
	text   []byte
	target string
	buf    []byte // unescaped text
	attrs  []xml.Attr
	// attrNames are the names of attrs, for translation.
	attrNames []*qname

	selfClosed bool // the start element was <a/>: an end follows
	stack      []open
	ns         map[string]string
	nsGen      uint32 // changes whenever a binding does
	undo       []undo
	names      map[string]*qname
	err        error
	// skim, when set, moves Next between the markers inside one element
	// (see Skim); unread says the current start element was read alone
	// and Next closes it without reading its content.
	skim   *skimmer
	unread bool
	// bang is where the last "<!" starts (see lastBang).
	lastBangAt int
	bangKnown  bool
}

// qname is a name as written, split, with its translation cached for the
// namespace bindings of generation gen: most documents declare every
// prefix on the root, so a name is looked up once per document.
type qname struct {
	raw, space, local string
	ok                bool // at most one colon
	gen               uint32
	elem, attr        xml.Name
}

// name returns the entry for the raw name b.
func (s *Scanner) name(b []byte) *qname {
	if q, ok := s.names[string(b)]; ok {
		return q
	}
	q := &qname{raw: string(b)}
	q.space, q.local, q.ok = split(q.raw)
	q.gen = s.nsGen - 1 // not yet translated
	if len(s.names) < maxInterned {
		s.names[q.raw] = q
	}
	return q
}

// translated returns the element (or attribute) name of q under the
// current bindings.
func (s *Scanner) translated(q *qname, element bool) xml.Name {
	if q.gen != s.nsGen {
		q.elem = xml.Name{Space: q.space, Local: q.local}
		s.translate(&q.elem, true)
		q.attr = xml.Name{Space: q.space, Local: q.local}
		s.translate(&q.attr, false)
		q.gen = s.nsGen
	}
	if element {
		return q.elem
	}
	return q.attr
}

// New returns a Scanner over b, which must be UTF-8 and must not change
// while the Scanner or the tokens it returned are in use.
func New(b []byte) *Scanner {
	return &Scanner{b: b, ns: map[string]string{}, names: map[string]*qname{}}
}

// Reset makes s read b from the start, as New(b) would, but keeps its name
// table: the parts of one document share most of their names, and filling
// the table is a large part of the cost of a small part.
func (s *Scanner) Reset(b []byte) {
	*s = Scanner{
		b: b, ns: s.ns, names: s.names, nsGen: s.nsGen + 1,
		buf: s.buf[:0], attrs: s.attrs[:0], attrNames: s.attrNames[:0],
		stack: s.stack[:0], undo: s.undo[:0],
	}
	clear(s.ns)
}

// Offset is the number of bytes consumed so far.
func (s *Scanner) Offset() int { return s.pos }

// Depth is the number of elements open (the current start element
// included).
func (s *Scanner) Depth() int { return len(s.stack) }

// Start is the current start element, its names translated to namespace
// URIs as encoding/xml does. Valid until the next call to Next.
func (s *Scanner) Start() xml.StartElement { return s.start }

// End is the name of the current end element, translated.
func (s *Scanner) End() xml.Name { return s.end }

// Text is the current character data (unescaped), comment, directive or
// processing-instruction body. Valid until the next call to Next.
func (s *Scanner) Text() []byte { return s.text }

// Target is the current processing instruction's target.
func (s *Scanner) Target() string { return s.target }

// Token returns the current token as encoding/xml would, copying what it
// must so that it stays valid. Slower than the accessors; for tests and
// for callers that keep tokens.
func (s *Scanner) Token() xml.Token {
	switch s.kind {
	case StartElement:
		st := s.start
		st.Attr = append([]xml.Attr(nil), st.Attr...)
		return st
	case EndElement:
		return xml.EndElement{Name: s.end}
	case CharData:
		return xml.CharData(bytes.Clone(s.text))
	case Comment:
		return xml.Comment(bytes.Clone(s.text))
	case ProcInst:
		return xml.ProcInst{Target: s.target, Inst: bytes.Clone(s.text)}
	case Directive:
		return xml.Directive(bytes.Clone(s.text))
	}
	return nil
}

func (s *Scanner) syntaxError(format string, args ...any) error {
	line := 1 + bytes.Count(s.b[:min(s.pos, len(s.b))], []byte{'\n'})
	s.err = fmt.Errorf("%w on line %d: %s", ErrSyntax, line, fmt.Sprintf(format, args...))
	return s.err
}

// Next advances to the next token and returns its kind. At the end of a
// well-formed input it returns (None, io.EOF); an input that ends inside an
// element is an error. After an error every call returns it again.
func (s *Scanner) Next() (Kind, error) {
	if s.err != nil {
		return None, s.err
	}
	if s.unread && !s.selfClosed {
		// A start tag read alone: its end comes now, its content unread.
		s.unread = false
		return s.closeElement()
	}
	s.unread = false
	if s.selfClosed {
		s.selfClosed = false
		return s.closeElement()
	}
	tagOnly := false
	if s.skim != nil && len(s.stack) == s.skim.depth {
		s.pos, tagOnly = s.skim.next(s.pos)
	}
	if s.pos >= len(s.b) {
		s.kind = None
		if len(s.stack) > 0 {
			return None, s.syntaxError("unexpected EOF")
		}
		s.err = io.EOF
		return None, io.EOF
	}
	if s.b[s.pos] != '<' {
		return s.charData()
	}
	rest := s.b[s.pos+1:]
	if len(rest) == 0 {
		return None, s.syntaxError("unexpected EOF")
	}
	switch rest[0] {
	case '/':
		return s.endTag()
	case '?':
		return s.procInst()
	case '!':
		return s.bang()
	}
	k, err := s.startTag()
	s.unread = tagOnly && err == nil
	return k, err
}

// charData reads text up to the next '<'.
func (s *Scanner) charData() (Kind, error) {
	i := bytes.IndexByte(s.b[s.pos:], '<')
	if i < 0 {
		i = len(s.b) - s.pos
	}
	raw := s.b[s.pos : s.pos+i]
	t, err := s.unescape(raw)
	if err != nil {
		return None, err
	}
	s.pos += i
	s.kind, s.text = CharData, t
	return CharData, nil
}

// unescape resolves entities and normalises line ends (\r\n and a lone \r
// become \n). raw is returned as is when it holds neither.
func (s *Scanner) unescape(raw []byte) ([]byte, error) {
	amp := bytes.IndexByte(raw, '&')
	cr := bytes.IndexByte(raw, '\r')
	if amp < 0 && cr < 0 {
		return raw, nil
	}
	first := amp
	if first < 0 || (cr >= 0 && cr < first) {
		first = cr
	}
	out := append(s.buf[:0], raw[:first]...)
	for i := first; i < len(raw); {
		c := raw[i]
		switch c {
		case '\r':
			out = append(out, '\n')
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
			continue
		case '&':
			end := bytes.IndexByte(raw[i:], ';')
			if end < 0 {
				return nil, s.syntaxError("invalid character entity &%s (no semicolon)", clip(raw[i+1:]))
			}
			ent := raw[i+1 : i+end]
			r, ok := entity(ent)
			if !ok {
				return nil, s.syntaxError("invalid character entity &%s;", clip(ent))
			}
			out = utf8.AppendRune(out, r)
			i += end + 1
			continue
		}
		j := i + 1
		for j < len(raw) && raw[j] != '&' && raw[j] != '\r' {
			j++
		}
		out = append(out, raw[i:j]...)
		i = j
	}
	s.buf = out
	return out, nil
}

func clip(b []byte) string {
	if len(b) > 20 {
		b = b[:20]
	}
	return string(b)
}

// entity resolves the body of &…; (the five predefined entities and
// character references). An entity declared in a DTD is not expanded: like
// encoding/xml, the scanner treats it as an error, which keeps "billion
// laughs" documents from inflating.
func entity(e []byte) (rune, bool) {
	if len(e) > 1 && e[0] == '#' && e[1] == 'X' {
		return 0, false // XML's hexadecimal references take a small x
	}
	r, ok := Reference(e)
	if !ok {
		return 0, false
	}
	if !utf8.ValidRune(r) {
		r = utf8.RuneError // a surrogate, as encoding/xml (string(rune(n))) reads it
	}
	return r, isInCharacterRange(r)
}

// Reference resolves the body of &…; leniently, as formats/internal/
// textdigest reads text: one of the five predefined entities, or a
// character reference, decimal or hexadecimal (after x or X), to any value
// up to unicode.MaxRune, surrogates and characters XML forbids included.
// The scanner itself is stricter.
func Reference(e []byte) (rune, bool) {
	switch string(e) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "apos":
		return '\'', true
	case "quot":
		return '"', true
	}
	if len(e) < 2 || e[0] != '#' {
		return 0, false
	}
	var n uint64
	var err error
	if e[1] == 'x' || e[1] == 'X' {
		n, err = strconv.ParseUint(string(e[2:]), 16, 32)
	} else {
		n, err = strconv.ParseUint(string(e[1:]), 10, 32)
	}
	if err != nil || n > unicode.MaxRune {
		return 0, false
	}
	return rune(n), true
}

// isInCharacterRange is XML's Char production, which character references
// must satisfy.
func isInCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// nameByte reports whether c may appear in a name after its first byte
// (bytes of multi-byte UTF-8 characters always may).
func nameByte(c byte) bool {
	return c >= 0x80 || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '_' || c == ':' || c == '.' || c == '-'
}

// nameStart reports whether c may begin a name.
func nameStart(c byte) bool {
	return c >= 0x80 || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == ':'
}

// readName reads a name at b[i:] and returns its end.
func readName(b []byte, i int) int {
	if i >= len(b) || !nameStart(b[i]) {
		return i
	}
	j := i + 1
	for j < len(b) && nameByte(b[j]) {
		j++
	}
	return j
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// split splits a qualified name as encoding/xml does: one colon with text
// on both sides separates prefix and local name; otherwise the whole is
// the local name. ok is false for more than one colon.
func split(raw string) (space, local string, ok bool) {
	i := -1
	for k := 0; k < len(raw); k++ {
		if raw[k] == ':' {
			if i >= 0 {
				return "", "", false
			}
			i = k
		}
	}
	if i <= 0 || i == len(raw)-1 {
		return "", raw, true
	}
	return raw[:i], raw[i+1:], true
}

// translate maps a prefix to its namespace URI as encoding/xml does: an
// unbound prefix stays as it is.
func (s *Scanner) translate(n *xml.Name, element bool) {
	switch {
	case n.Space == xmlnsPrefix:
		return
	case n.Space == "" && !element:
		return
	case n.Space == xmlPrefix:
		n.Space = xmlURL
	case n.Space == "" && n.Local == xmlnsPrefix:
		return
	}
	if v, ok := s.ns[n.Space]; ok {
		n.Space = v
	}
}

func (s *Scanner) bind(prefix, uri string) {
	old, had := s.ns[prefix]
	s.undo = append(s.undo, undo{prefix: prefix, uri: old, had: had})
	s.ns[prefix] = uri
	s.nsGen++
}

// startTag reads <name attr="v" …> or <name …/>.
func (s *Scanner) startTag() (Kind, error) {
	b := s.b
	i := s.pos + 1
	j := readName(b, i)
	if j == i {
		return None, s.syntaxError("expected element name after <")
	}
	q := s.name(b[i:j])
	if !q.ok {
		return None, s.syntaxError("expected element name after <")
	}
	attrs := s.attrs[:0]
	s.attrNames = s.attrNames[:0]
	i = j
	for {
		k := skipSpace(b, i)
		if k >= len(b) {
			return None, s.syntaxError("unexpected EOF")
		}
		if b[k] == '/' {
			if k+1 >= len(b) || b[k+1] != '>' {
				return None, s.syntaxError("expected /> in element")
			}
			s.selfClosed = true
			i = k + 2
			break
		}
		if b[k] == '>' {
			i = k + 1
			break
		}
		e := readName(b, k)
		if e == k {
			return None, s.syntaxError("expected attribute name in element")
		}
		aq := s.name(b[k:e])
		if !aq.ok {
			return None, s.syntaxError("expected attribute name in element")
		}
		e = skipSpace(b, e)
		if e >= len(b) || b[e] != '=' {
			return None, s.syntaxError("attribute name without = in element")
		}
		e = skipSpace(b, e+1)
		if e >= len(b) || (b[e] != '"' && b[e] != '\'') {
			return None, s.syntaxError("unquoted or missing attribute value in element")
		}
		q := b[e]
		end := bytes.IndexByte(b[e+1:], q)
		if end < 0 {
			return None, s.syntaxError("unexpected EOF")
		}
		rawVal := b[e+1 : e+1+end]
		if bytes.IndexByte(rawVal, '<') >= 0 {
			return None, s.syntaxError("unescaped < inside quoted string")
		}
		val, err := s.unescape(rawVal)
		if err != nil {
			return None, err
		}
		attrs = append(attrs, xml.Attr{Name: xml.Name{Space: aq.space, Local: aq.local}, Value: string(val)})
		s.attrNames = append(s.attrNames, aq)
		i = e + 1 + end + 1
	}
	s.pos = i

	// Declarations on the element apply to its own name and attributes.
	mark := len(s.undo)
	for _, a := range attrs {
		switch {
		case a.Name.Space == xmlnsPrefix:
			s.bind(a.Name.Local, a.Value)
		case a.Name.Space == "" && a.Name.Local == xmlnsPrefix:
			s.bind("", a.Value)
		}
	}
	s.stack = append(s.stack, open{name: q, nsMark: mark})
	s.start.Name = s.translated(q, true)
	for k := range attrs {
		attrs[k].Name = s.translated(s.attrNames[k], false)
	}
	s.attrs = attrs
	s.start.Attr = attrs
	s.kind = StartElement
	return StartElement, nil
}

// endTag reads </name>.
func (s *Scanner) endTag() (Kind, error) {
	b := s.b
	i := s.pos + 2
	j := readName(b, i)
	if j == i {
		return None, s.syntaxError("expected element name after </")
	}
	name := b[i:j]
	k := skipSpace(b, j)
	if k >= len(b) {
		return None, s.syntaxError("unexpected EOF")
	}
	if b[k] != '>' {
		return None, s.syntaxError("invalid characters between </%s and >", clip(name))
	}
	s.pos = k + 1
	if len(s.stack) == 0 {
		return None, s.syntaxError("unexpected end element </%s>", clip(name))
	}
	top := s.stack[len(s.stack)-1].name.raw
	if string(name) != top {
		_, l1, _ := split(top)
		sp2, l2, ok := split(string(name))
		if !ok {
			return None, s.syntaxError("expected element name after </")
		}
		if l1 != l2 {
			return None, s.syntaxError("element <%s> closed by </%s>", l1, l2)
		}
		sp1, _, _ := split(top)
		if sp2 == "" {
			sp2 = `""`
		}
		return None, s.syntaxError("element <%s> in space %s closed by </%s> in space %s", l1, sp1, l2, sp2)
	}
	return s.closeElement()
}

// closeElement emits the end of the innermost element and drops the
// namespace bindings it made.
func (s *Scanner) closeElement() (Kind, error) {
	// The end tag's name is translated before the element's own
	// declarations go, as encoding/xml does.
	s.end = s.translated(s.stack[len(s.stack)-1].name, true)
	s.pop()
	s.kind = EndElement
	return EndElement, nil
}

// pop closes the innermost open element, undoing its namespace bindings.
func (s *Scanner) pop() {
	top := s.stack[len(s.stack)-1]
	s.stack = s.stack[:len(s.stack)-1]
	for n := len(s.undo) - 1; n >= top.nsMark; n-- {
		u := s.undo[n]
		if u.had {
			s.ns[u.prefix] = u.uri
		} else {
			delete(s.ns, u.prefix)
		}
	}
	if len(s.undo) > top.nsMark {
		s.nsGen++
	}
	s.undo = s.undo[:top.nsMark]
}

// procInst reads <?target inst?>.
func (s *Scanner) procInst() (Kind, error) {
	b := s.b
	i := s.pos + 2
	j := readName(b, i)
	if j == i {
		return None, s.syntaxError("expected target name after <?")
	}
	end := bytes.Index(b[j:], []byte("?>"))
	if end < 0 {
		return None, s.syntaxError("unexpected EOF")
	}
	s.target = s.name(b[i:j]).raw
	s.text = bytes.TrimLeft(b[j:j+end], " \t\r\n")
	s.pos = j + end + 2
	s.kind = ProcInst
	return ProcInst, nil
}

// bang reads a comment, a CDATA section or a directive.
func (s *Scanner) bang() (Kind, error) {
	b := s.b
	i := s.pos + 2
	switch {
	case bytes.HasPrefix(b[i:], []byte("--")):
		end := bytes.Index(b[i+2:], []byte("-->"))
		if end < 0 {
			return None, s.syntaxError("unexpected EOF")
		}
		s.text = b[i+2 : i+2+end]
		s.pos = i + 2 + end + 3
		s.kind = Comment
		return Comment, nil
	case bytes.HasPrefix(b[i:], []byte("[CDATA[")):
		start := i + 7
		end := bytes.Index(b[start:], []byte("]]>"))
		if end < 0 {
			return None, s.syntaxError("unexpected EOF in CDATA section")
		}
		raw := b[start : start+end]
		s.pos = start + end + 3
		t := raw
		if bytes.IndexByte(raw, '\r') >= 0 {
			t = s.normalizeCR(raw)
		}
		s.kind, s.text = CharData, t
		return CharData, nil
	case bytes.HasPrefix(b[i:], []byte("-")):
		return None, s.syntaxError("invalid sequence <!- not part of <!--")
	case bytes.HasPrefix(b[i:], []byte("[")):
		return None, s.syntaxError("invalid <![ sequence")
	}
	// A directive (<!DOCTYPE …>): skip quoted strings, nested <…> and
	// comments to find its end.
	depth := 0
	var quote byte
	for k := i; k < len(b); k++ {
		c := b[k]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '<' && bytes.HasPrefix(b[k:], []byte("<!--")):
			end := bytes.Index(b[k+4:], []byte("-->"))
			if end < 0 {
				return None, s.syntaxError("unexpected EOF")
			}
			k += 4 + end + 2
		case c == '<':
			depth++
		case c == '>':
			if depth == 0 {
				s.text = b[i:k]
				s.pos = k + 1
				s.kind = Directive
				return Directive, nil
			}
			depth--
		}
	}
	return None, s.syntaxError("unexpected EOF")
}

func (s *Scanner) normalizeCR(raw []byte) []byte {
	out := s.buf[:0]
	for i := 0; i < len(raw); i++ {
		if raw[i] == '\r' {
			out = append(out, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
			continue
		}
		out = append(out, raw[i])
	}
	s.buf = out
	return out
}

// SelfClosing reports whether the current start element was written
// <a/>: its end element is the next token.
func (s *Scanner) SelfClosing() bool { return s.kind == StartElement && s.selfClosed }

// openName is the name, as written, of the innermost open element, or "".
func (s *Scanner) openName() string {
	if len(s.stack) == 0 {
		return ""
	}
	return s.stack[len(s.stack)-1].name.raw
}

// Bindings calls yield with every namespace prefix bound now ("" for the
// default namespace) and its URI.
func (s *Scanner) Bindings(yield func(prefix, uri string)) {
	for p, u := range s.ns {
		yield(p, u)
	}
}
