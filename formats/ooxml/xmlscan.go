package ooxml

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/docprov/docprov/formats/internal/xmlscan"
)

// OOXML parts are read as a stream of tokens with encoding/xml rather than
// unmarshalled into structs: the parts that matter for provenance are
// scattered (an attribute of one element deep in settings.xml, the author
// of every w:ins anywhere in the body), producers disagree on prefixes and
// on which optional elements they write, and a token walk can cap depth,
// token count and kept text so that hostile input costs bounded time and
// memory. encoding/xml never expands entities declared in a DTD (an unknown
// entity is a syntax error), so "billion laughs" parts fail fast instead of
// inflating.

// Namespace URIs used to recognise attributes regardless of the prefix a
// producer chose.
const (
	nsXML = "http://www.w3.org/XML/1998/namespace"
	nsMC  = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// walker receives the elements of one part. start sees each start element
// with the local names of its ancestors; end sees each end element with the
// text directly inside it (capped at maxText bytes) and its ancestors.
//
// With skim, the part is skimmed (xmlscan's Scanner.Skim) below its root:
// start sees only the start tags holding one of the markers, with the
// ancestors that were read (the root, and those of subtrees read whole),
// and the subtrees that declare namespaces; end and text are for full
// walks.
type walker struct {
	start func(se xml.StartElement, stack []string)
	end   func(name xml.Name, text string, stack []string)
	skim  []xmlscan.Marker
}

// storyMarkers skim a part read for its tracked changes, comments and
// languages: the start tags holding an author (w:ins, w:del, w:comment …),
// a language (w:lang, lang=, altLang=, xml:lang) or an mc:Ignorable list.
var storyMarkers = []xmlscan.Marker{
	{Word: "author", Kind: xmlscan.StartTag},
	{Word: "lang", Kind: xmlscan.StartTag},
	{Word: "altLang", Kind: xmlscan.StartTag},
	{Word: "Ignorable", Kind: xmlscan.StartTag},
}

// errTooDeep and errTooManyTokens end a walk over hostile input.
var (
	errTooDeep       = fmt.Errorf("XML nested deeper than %d levels", maxDepth)
	errTooManyTokens = fmt.Errorf("more than %d XML tokens", maxTokens)
)

// walkXML streams the tokens of b to w. It returns the first syntax error
// or limit hit; everything before it has been delivered.
func walkXML(b []byte, w walker) error {
	return walkWith(nil, b, w)
}

// walkWith is walkXML with a Scanner to reuse (nil: a new one), so that
// the parts of one package share its name table.
func walkWith(sc *xmlscan.Scanner, b []byte, w walker) error {
	b, err := xmlscan.ToUTF8(b)
	if err != nil {
		return err
	}
	if sc == nil {
		sc = xmlscan.New(b)
	} else {
		sc.Reset(b)
	}
	var stack []string
	var texts []*strings.Builder
	for n := 0; ; n++ {
		if n >= maxTokens {
			return errTooManyTokens
		}
		kind, err := sc.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch kind {
		case xmlscan.StartElement:
			if len(stack) >= maxDepth {
				return errTooDeep
			}
			t := sc.Start()
			if w.start != nil {
				w.start(t, stack)
			}
			stack = append(stack, t.Name.Local)
			if len(texts) < len(stack) {
				texts = append(texts, &strings.Builder{})
			}
			texts[len(stack)-1].Reset()
			if len(stack) == 1 && w.skim != nil && !sc.SelfClosing() {
				sc.Skim(w.skim...)
			}
		case xmlscan.CharData:
			if len(stack) > 0 {
				t := sc.Text()
				if tb := texts[len(stack)-1]; tb.Len() < maxText {
					tb.Write(t[:min(len(t), maxText-tb.Len())])
				}
			}
		case xmlscan.EndElement:
			text := texts[len(stack)-1].String()
			stack = stack[:len(stack)-1]
			if w.end != nil {
				w.end(sc.End(), text, stack)
			}
		}
	}
}

// walk parses one part of the package with w, collecting the namespaces it
// declares and its mc:Ignorable list for the fingerprint, and recording a
// syntax error or limit as a problem naming the part.
func (p *pkg) walk(part string, b []byte, w walker) {
	p.parsed[strings.ToLower(part)] = true
	inner := w.start
	w.start = func(se xml.StartElement, stack []string) {
		for _, a := range se.Attr {
			switch {
			case a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns"):
				if _, seen := p.namespaces[a.Value]; !seen && len(p.namespaces) < maxListed {
					prefix := a.Name.Local
					if a.Name.Space == "" {
						prefix = ""
					}
					p.namespaces[a.Value] = prefix
				}
			case a.Name.Space == nsMC && a.Name.Local == "Ignorable":
				for _, pre := range strings.Fields(a.Value) {
					if len(p.ignorable) < maxListed {
						p.ignorable[pre]++
					}
				}
			}
		}
		if inner != nil {
			inner(se, stack)
		}
	}
	if p.scanner == nil {
		p.scanner = xmlscan.New(nil)
	}
	if p.fullRead {
		w.skim = nil
	}
	if !utf8.Valid(b) {
		// Every value read from the part is a string that JSON would
		// render with U+FFFD: say so, and show them that way here.
		n := 0
		for i := 0; i < len(b); {
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 {
				n++
			}
			i += size
		}
		p.rec.AddProblem("%s: %d byte(s) that are not UTF-8, shown as U+FFFD (a producer that wrote another encoding, or damage)", part, n)
		b = bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	if err := walkWith(p.scanner, b, w); err != nil {
		p.rec.AddProblem("%s: %v", part, err)
	}
}

// attr returns the value of the first attribute with the given local name
// (whatever its prefix), or "".
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && a.Name.Space != "xmlns" {
			return a.Value
		}
	}
	return ""
}

// relID returns the relationship ID (r:id) of se, whatever the prefix.
func relID(se xml.StartElement) string {
	for _, a := range se.Attr {
		if a.Name.Local == "id" && (a.Name.Space == "http://schemas.openxmlformats.org/officeDocument/2006/relationships" ||
			a.Name.Space == "http://purl.oclc.org/ooxml/officeDocument/relationships") {
			return a.Value
		}
	}
	return ""
}

// hasAttr reports whether se has an attribute with that local name.
func hasAttr(se xml.StartElement, local string) bool {
	for _, a := range se.Attr {
		if a.Name.Local == local && a.Name.Space != "xmlns" {
			return true
		}
	}
	return false
}

// declStyle describes the XML declaration a part starts with, the way
// producers differ: quotes, encoding spelling, standalone, and what follows
// it (Microsoft Office writes CRLF, LibreOffice and most libraries LF,
// Google Docs nothing, lxml single quotes, openpyxl often no declaration).
func declStyle(head []byte) string {
	var parts []string
	if bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
		parts = append(parts, "BOM")
		head = head[3:]
	}
	if !bytes.HasPrefix(head, []byte("<?xml")) {
		return strings.Join(append(parts, "none"), " ")
	}
	end := bytes.Index(head, []byte("?>"))
	if end < 0 {
		return strings.Join(append(parts, "truncated"), " ")
	}
	decl := string(head[:end])
	if strings.Contains(decl, "'") {
		parts = append(parts, "single-quoted")
	} else {
		parts = append(parts, "double-quoted")
	}
	if i := strings.Index(decl, "encoding="); i >= 0 && len(decl) > i+10 {
		v := decl[i+10:]
		if j := strings.IndexAny(v, `"'`); j >= 0 {
			parts = append(parts, "encoding="+v[:j])
		}
	} else {
		parts = append(parts, "no-encoding")
	}
	switch {
	case strings.Contains(decl, "standalone=\"yes\"") || strings.Contains(decl, "standalone='yes'"):
		parts = append(parts, "standalone=yes")
	case strings.Contains(decl, "standalone"):
		parts = append(parts, "standalone=no")
	}
	rest := head[end+2:]
	switch {
	case bytes.HasPrefix(rest, []byte("\r\n")):
		parts = append(parts, "CRLF")
	case bytes.HasPrefix(rest, []byte("\n")):
		parts = append(parts, "LF")
	default:
		parts = append(parts, "no-newline")
	}
	return strings.Join(parts, " ")
}

// readPeople records the people a part lists — PowerPoint's comment authors
// and authors, Excel's persons — each element named elem as prefix[i] =
// its nameAttr, with the attributes attrs as prefix[i].<attr>, and returns
// their names by id, for the comments that refer to them.
func (p *pkg) readPeople(part, elem, prefix, nameAttr string, attrs ...string) map[string]string {
	names := map[string]string{}
	b := p.read(part, MaxSettingsBytes)
	if b == nil {
		return names
	}
	f := p.rec.Fields
	n := 0
	p.walk(part, b, walker{start: func(se xml.StartElement, _ []string) {
		if se.Name.Local != elem || n >= maxListed {
			return
		}
		k := fmt.Sprintf("%s[%d]", prefix, n)
		f.Set(k, attr(se, nameAttr))
		for _, a := range attrs {
			f.Set(k+"."+a, attr(se, a))
		}
		names[attr(se, "id")] = attr(se, nameAttr)
		n++
	}})
	return names
}
