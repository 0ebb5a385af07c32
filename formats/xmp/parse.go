package xmp

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// Parse parses one XMP packet (with or without the <?xpacket?> wrapper, with
// or without x:xmpmeta).
//
// The input may be UTF-8, UTF-16 or UTF-32 (with or without a byte order
// mark), or 8-bit text declared as ISO-8859-1, windows-1252 or ASCII. Bytes
// before the packet are skipped, and anything after the packet's root
// element (the xpacket trailer, padding, the rest of a file) is ignored.
//
// Parse never returns a nil Packet. On error the Packet holds every property
// that was complete before the fault: a value is recorded when its element
// closes, so a truncated or broken packet never yields a truncated value. The
// error wraps ErrMalformed when the XML is broken (a mismatched or unclosed
// tag, no root element, bad syntax) and ErrLimit when the input exceeds
// MaxPacketSize, MaxDepth, MaxProperties or a cap on the total output size.
//
// Parse never expands entities declared in a DOCTYPE (encoding/xml does not
// implement them) and keeps references to unknown entities as literal text
// (the decoder runs in non-strict mode), so an entity bomb costs nothing and
// an "&nbsp;" written by a sloppy producer does not lose the whole packet.
// Non-strict mode also lets through lexical slips such as an unquoted
// attribute value; tag structure is still checked strictly: a mismatched or
// unclosed tag is an error, not something to guess around.
func Parse(data []byte) (*Packet, error) {
	pk := &Packet{}
	if len(data) > MaxPacketSize {
		return pk, fmt.Errorf("%w: %d bytes, more than MaxPacketSize (%d)", ErrLimit, len(data), MaxPacketSize)
	}
	if !startsLikeXML(data) {
		// Leading garbage: a segment header, a PDF stream prefix, a
		// caller's sloppy slice. Start at the packet if there is one,
		// else at the first '<'.
		if f := Find(data); f != nil {
			data = f
		} else if i := bytes.IndexByte(data, '<'); i >= 0 {
			data = data[i:]
		} else {
			return pk, fmt.Errorf("%w: no XML in %d bytes", ErrMalformed, len(data))
		}
		pk.Warnings = append(pk.Warnings, "bytes before the packet skipped")
	}
	text, warn := toUTF8(data)
	pk.Warnings = append(pk.Warnings, warn...)

	d := xml.NewDecoder(bytes.NewReader(text))
	d.Strict = false // unknown entities stay literal text; structure is checked by parser.next
	d.CharsetReader = passThrough
	p := &parser{d: d, pk: pk, reg: newRegistry()}
	err := p.run()
	pk.History = decodeHistory(pk.Properties)
	if len(p.reg.byPrefix) > 0 {
		pk.Namespaces = p.reg.byPrefix
	}
	pk.index = p.index
	pk.indexLen = len(pk.Properties)
	return pk, err
}

// startsLikeXML reports whether data begins (after whitespace) with markup
// in any of the encodings sniffEncoding knows.
func startsLikeXML(data []byte) bool {
	b := bytes.TrimLeft(data, " \t\r\n")
	if len(b) == 0 {
		return false
	}
	if b[0] == '<' {
		return true
	}
	for _, prefix := range [][]byte{
		{0xEF, 0xBB, 0xBF}, {0xFE, 0xFF}, {0xFF, 0xFE},
		{0x00, '<'}, {0x00, 0x00, 0x00, '<'},
	} {
		if bytes.HasPrefix(b, prefix) {
			return true
		}
	}
	return false
}

// elem is a start tag with its names resolved to namespace URIs.
type elem struct {
	uri, prefix, local string
	attrs              []attr
}

type attr struct {
	uri, prefix, local, value string
}

func (e elem) is(uri, local string) bool { return e.uri == uri && e.local == local }

// attr returns the value of the attribute uri:local.
func (e elem) attr(uri, local string) (string, bool) {
	for _, a := range e.attrs {
		if a.uri == uri && a.local == local {
			return a.value, true
		}
	}
	return "", false
}

// Token kinds parser.next returns besides elem.
type (
	endTok   struct{}
	textTok  []byte // valid only until the next call to next
	otherTok struct{}
)

// scope is one level of namespace declarations; lookups walk up at most
// MaxDepth levels.
type scope struct {
	parent *scope
	m      map[string]string
}

func (s *scope) lookup(prefix string) (string, bool) {
	for ; s != nil; s = s.parent {
		if uri, ok := s.m[prefix]; ok {
			return uri, true
		}
	}
	return "", false
}

type frame struct {
	prefix, local string
	scope         *scope
}

// parser walks the token stream by recursive descent. Every handler is
// given an element whose start tag has been read and consumes tokens up to
// and including its end tag, so the Go call depth follows the element depth,
// which next caps at MaxDepth.
type parser struct {
	d        *xml.Decoder
	pk       *Packet
	reg      *registry
	stack    []frame
	index    map[string]int
	outBytes int
}

func (p *parser) malformed(format string, args ...any) error {
	line, col := p.d.InputPos()
	return fmt.Errorf("%w: line %d col %d: %s", ErrMalformed, line, col, fmt.Sprintf(format, args...))
}

// next returns the next token: an elem, endTok, textTok or otherTok. It
// resolves namespaces, enforces MaxDepth and checks that end tags match,
// since RawToken (used so that the file's own prefixes stay visible) checks
// nothing. At the end of input it returns io.EOF if no element is open.
func (p *parser) next() (any, error) {
	tok, err := p.d.RawToken()
	if err != nil {
		if errors.Is(err, io.EOF) {
			if n := len(p.stack); n > 0 {
				top := p.stack[n-1]
				return nil, p.malformed("input ends inside <%s>", qualified(top.prefix, top.local))
			}
			return nil, io.EOF
		}
		return nil, p.malformed("%v", err)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		if len(p.stack) >= MaxDepth {
			return nil, fmt.Errorf("%w: elements nested deeper than MaxDepth (%d)", ErrLimit, MaxDepth)
		}
		sc := p.scope()
		var decl map[string]string
		for _, a := range t.Attr {
			switch {
			case a.Name.Space == "xmlns":
				if decl == nil {
					decl = map[string]string{}
				}
				decl[a.Name.Local] = a.Value
			case a.Name.Space == "" && a.Name.Local == "xmlns":
				if decl == nil {
					decl = map[string]string{}
				}
				decl[""] = a.Value
			}
		}
		if decl != nil {
			sc = &scope{parent: sc, m: decl}
		}
		e := elem{prefix: t.Name.Space, local: t.Name.Local}
		e.uri = resolve(sc, e.prefix, true)
		for _, a := range t.Attr {
			if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
				continue
			}
			p.checkEntities(a.Value)
			e.attrs = append(e.attrs, attr{
				uri:    resolve(sc, a.Name.Space, false),
				prefix: a.Name.Space,
				local:  a.Name.Local,
				value:  a.Value,
			})
		}
		p.stack = append(p.stack, frame{prefix: t.Name.Space, local: t.Name.Local, scope: sc})
		return e, nil
	case xml.EndElement:
		n := len(p.stack)
		if n == 0 {
			return nil, p.malformed("unexpected </%s>", qualified(t.Name.Space, t.Name.Local))
		}
		top := p.stack[n-1]
		if top.prefix != t.Name.Space || top.local != t.Name.Local {
			return nil, p.malformed("<%s> closed by </%s>", qualified(top.prefix, top.local), qualified(t.Name.Space, t.Name.Local))
		}
		p.stack = p.stack[:n-1]
		return endTok{}, nil
	case xml.CharData:
		p.checkEntities(string(t))
		return textTok(t), nil
	case xml.Directive:
		if bytes.HasPrefix(t, []byte("DOCTYPE")) {
			p.warn("DOCTYPE ignored (XMP forbids one; its entities are not expanded)")
		}
	}
	return otherTok{}, nil
}

// entityRef matches an entity reference the decoder left as text: in
// non-strict mode, references to entities XML does not predefine stay
// literal.
var entityRef = regexp.MustCompile(`&[A-Za-z_:][A-Za-z0-9_:.-]*;`)

// checkEntities warns, once per name, of entity references kept as
// literal text: "&i;" is no author's name, and a reader must know the
// value is not what the producer meant.
func (p *parser) checkEntities(s string) {
	if !strings.Contains(s, "&") {
		return
	}
	for _, m := range entityRef.FindAllString(s, 8) {
		p.warn(fmt.Sprintf("undefined entity %s kept as literal text", m))
	}
}

func (p *parser) warn(w string) {
	for _, have := range p.pk.Warnings {
		if have == w {
			return
		}
	}
	p.pk.Warnings = append(p.pk.Warnings, w)
}

func (p *parser) scope() *scope {
	if n := len(p.stack); n > 0 {
		return p.stack[n-1].scope
	}
	return nil
}

// resolve returns the namespace URI of a prefix. An unprefixed element takes
// the default namespace; an unprefixed attribute has none. An undeclared
// prefix that is conventional for a well-known namespace ("dc", "xap", "rdf")
// is taken to mean it; any other undeclared prefix resolves to "".
func resolve(sc *scope, prefix string, isElem bool) string {
	if prefix == "" && !isElem {
		return ""
	}
	if prefix == "xml" {
		return nsXML
	}
	if uri, ok := sc.lookup(prefix); ok {
		return uri
	}
	if prefix != "" {
		return prefixAliases[prefix]
	}
	return ""
}

func qualified(prefix, local string) string {
	if prefix == "" {
		return local
	}
	return prefix + ":" + local
}

// name returns the path component for a resolved name: the namespace's
// conventional prefix, or the file's prefix for a namespace we don't know.
func (p *parser) name(uri, prefix, local string) string {
	if uri == "" {
		return qualified(prefix, local)
	}
	return p.reg.prefix(uri, prefix) + ":" + local
}

func join(parent, child string) string {
	if parent == "" {
		return child
	}
	return parent + "/" + child
}

func (p *parser) emit(path, value string) error {
	if len(p.pk.Properties) >= MaxProperties {
		return fmt.Errorf("%w: more than MaxProperties (%d) properties", ErrLimit, MaxProperties)
	}
	p.outBytes += len(path) + len(value)
	if p.outBytes > maxOutputBytes {
		return fmt.Errorf("%w: paths and values exceed %d bytes", ErrLimit, maxOutputBytes)
	}
	if p.index == nil {
		p.index = map[string]int{}
	}
	if _, ok := p.index[path]; !ok {
		p.index[path] = len(p.pk.Properties)
	}
	p.pk.Properties = append(p.pk.Properties, Property{Path: path, Value: value})
	return nil
}

// trim removes XML whitespace only: a value's own non-breaking spaces or
// other Unicode spacing are part of the evidence.
func trim(s string) string { return strings.Trim(s, " \t\r\n") }

// children reads the content of the element just started, handing each
// child element to onElem (which must consume it) and each run of text to
// onText, and returns after the element's end tag.
func (p *parser) children(onElem func(elem) error, onText func([]byte)) error {
	for {
		tok, err := p.next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return p.malformed("unexpected end of input")
			}
			return err
		}
		switch t := tok.(type) {
		case elem:
			if err := onElem(t); err != nil {
				return err
			}
		case endTok:
			return nil
		case textTok:
			if onText != nil {
				onText(t)
			}
		}
	}
}

// skip consumes the element just started.
func (p *parser) skip() error {
	return p.children(func(elem) error { return p.skip() }, nil)
}

// run reads up to the end of the first root element and ignores the rest:
// after </x:xmpmeta> come the xpacket trailer, padding, and, when a caller
// passed more than the packet, whatever else the file holds.
func (p *parser) run() error {
	for {
		tok, err := p.next()
		if errors.Is(err, io.EOF) {
			return p.malformed("no root element")
		}
		if err != nil {
			return err
		}
		if e, ok := tok.(elem); ok {
			return p.outer(e)
		}
	}
}

// outer handles elements outside rdf:RDF: x:xmpmeta and any wrapper around
// it (an SVG <metadata>, a sidecar's root), looking for RDF inside. A bare
// rdf:Description outside rdf:RDF (seen in hand-written packets) is read as
// if it were inside.
func (p *parser) outer(e elem) error {
	switch {
	case e.is(nsRDF, "RDF"):
		return p.children(func(c elem) error { return p.node(c, "") }, nil)
	case e.is(nsRDF, "Description"):
		return p.node(e, "")
	case e.uri == nsX && (e.local == "xmpmeta" || e.local == "xapmeta"):
		if p.pk.Toolkit == "" {
			for _, a := range e.attrs {
				if (a.uri == nsX || a.prefix == "x") && (a.local == "xmptk" || a.local == "xaptk") {
					p.pk.Toolkit = trim(a.value)
				}
			}
		}
	}
	return p.children(p.outer, nil)
}

// rdfSyntaxAttrs are the rdf: attributes that are RDF syntax, not
// properties.
func rdfSyntax(local string) bool {
	switch local {
	case "about", "ID", "nodeID", "parseType", "resource", "datatype", "bagID", "aboutEach", "aboutEachPrefix", "li":
		return true
	}
	return false
}

// isProperty reports whether an attribute is a property (a struct field or
// top-level simple value written in attribute form) rather than syntax.
func isProperty(a attr) bool {
	switch {
	case a.uri == nsXML || a.prefix == "xml":
		return false // xml:lang, xml:space
	case a.uri == nsRDF:
		return !rdfSyntax(a.local)
	case a.uri == "" && a.prefix == "":
		return false // unqualified attributes have no namespace and are not XMP
	}
	return true
}

// node reads a node element (rdf:Description, or a typed node) whose
// attributes and child elements are the properties of path; path is "" for
// a top-level description.
func (p *parser) node(e elem, path string) error {
	if path == "" && p.pk.About == "" {
		if v, ok := e.attr(nsRDF, "about"); ok {
			p.pk.About = trim(v)
		} else if v, ok := e.attr("", "about"); ok {
			p.pk.About = trim(v) // pre-1999 RDF wrote it unqualified
		}
	}
	for _, a := range e.attrs {
		if isProperty(a) {
			if err := p.emit(join(path, p.name(a.uri, a.prefix, a.local)), trim(a.value)); err != nil {
				return err
			}
		}
	}
	return p.children(func(c elem) error { return p.field(c, path) }, nil)
}

// field reads a child element in a context whose children are properties
// or struct fields of path (a node element, a parseType="Resource"
// property, or a property element that has element content).
func (p *parser) field(c elem, path string) error {
	if c.uri == nsRDF && path != "" {
		switch c.local {
		case "value":
			// The value of a qualified property: it belongs to path itself;
			// its siblings are the qualifiers.
			return p.property(c, path)
		case "Description":
			return p.node(c, path)
		case "Seq", "Bag", "Alt":
			return p.container(c, path)
		}
	}
	if c.uri == nsRDF && c.local == "Description" {
		return p.node(c, path) // a description nested in a description: same subject
	}
	return p.property(c, join(path, p.name(c.uri, c.prefix, c.local)))
}

// property reads a property element (or an rdf:li, which has the same
// grammar) whose value is recorded at path.
func (p *parser) property(e elem, path string) error {
	var fields []attr
	var resource, parseType string
	hasResource := false
	for _, a := range e.attrs {
		if a.uri == nsRDF {
			switch a.local {
			case "resource":
				resource, hasResource = a.value, true
			case "parseType":
				parseType = a.value
			}
		}
		if isProperty(a) {
			fields = append(fields, a)
		}
	}
	emitFields := func() error {
		for _, a := range fields {
			if err := p.emit(path+"/"+p.name(a.uri, a.prefix, a.local), trim(a.value)); err != nil {
				return err
			}
		}
		return nil
	}

	if hasResource {
		// <xmpMM:DerivedFrom rdf:resource="uuid:…"/>: the URI is the value.
		if err := p.emit(path, trim(resource)); err != nil {
			return err
		}
		if err := emitFields(); err != nil {
			return err
		}
		return p.skip()
	}
	switch parseType {
	case "":
	case "Resource":
		if err := emitFields(); err != nil {
			return err
		}
		return p.children(func(c elem) error { return p.field(c, path) }, nil)
	default:
		// "Literal", and per RDF/XML any unknown parseType: the content is
		// one literal. Markup inside is dropped, its text kept.
		var b strings.Builder
		if err := p.literal(&b); err != nil {
			return err
		}
		return p.emit(path, trim(b.String()))
	}

	// Attributes on a property element are the fields of a struct written
	// in attribute form: <xmpMM:DerivedFrom stRef:instanceID="…"/>, and
	// Photoshop's <rdf:li stEvt:action="saved" …/>.
	if err := emitFields(); err != nil {
		return err
	}
	var text []byte
	hadChild := false
	err := p.children(func(c elem) error {
		hadChild = true
		return p.field(c, path)
	}, func(t []byte) {
		if !hadChild {
			text = append(text, t...)
		}
	})
	if err != nil || hadChild {
		return err
	}
	v := trim(string(text))
	if len(fields) > 0 && v == "" {
		return nil // a struct in attribute form has no value of its own
	}
	return p.emit(path, v)
}

// literal appends the text content of the element just started, with its
// descendants' text, to b.
func (p *parser) literal(b *strings.Builder) error {
	return p.children(func(elem) error { return p.literal(b) }, func(t []byte) { b.Write(t) })
}

// container reads rdf:Seq, rdf:Bag or rdf:Alt. Items are numbered from 0 in
// paths; items of an Alt with an xml:lang are named by the language instead.
func (p *parser) container(e elem, path string) error {
	alt := e.local == "Alt"
	i := 0
	return p.children(func(c elem) error {
		if c.uri != nsRDF || !(c.local == "li" || isOrdinal(c.local)) {
			return p.skip() // not an item: nothing valid to read there
		}
		item := ""
		if alt {
			if lang, ok := c.attr(nsXML, "lang"); ok {
				if key, ok := langKey(lang); ok {
					item = path + "[" + key + "]"
				}
			}
		}
		if item == "" {
			item = path + "[" + strconv.Itoa(i) + "]"
		}
		i++
		return p.property(c, item)
	}, nil)
}

// isOrdinal reports whether local is rdf:_1, rdf:_2 …, the long form of
// rdf:li.
func isOrdinal(local string) bool {
	if len(local) < 2 || local[0] != '_' {
		return false
	}
	for _, c := range local[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// langKey returns the path form of an xml:lang value, or false when the
// value cannot be a language tag (the item is then numbered instead, so a
// hostile xml:lang cannot forge path syntax such as "]/stEvt:action").
// x-default is matched case-insensitively; other tags keep their case.
func langKey(lang string) (string, bool) {
	lang = trim(lang)
	if lang == "" || len(lang) > 64 {
		return "", false
	}
	for i := 0; i < len(lang); i++ {
		c := lang[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return "", false
		}
	}
	if strings.EqualFold(lang, "x-default") {
		return "x-default", true
	}
	return lang, true
}
