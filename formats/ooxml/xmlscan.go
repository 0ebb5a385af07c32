package ooxml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
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
type walker struct {
	start func(se xml.StartElement, stack []string)
	end   func(name xml.Name, text string, stack []string)
}

// errTooDeep and errTooManyTokens end a walk over hostile input.
var (
	errTooDeep       = fmt.Errorf("XML nested deeper than %d levels", maxDepth)
	errTooManyTokens = fmt.Errorf("more than %d XML tokens", maxTokens)
)

// walkXML streams the tokens of b to w. It returns the first syntax error
// or limit hit; everything before it has been delivered.
func walkXML(b []byte, w walker) error {
	b = toUTF8(b)
	d := xml.NewDecoder(bytes.NewReader(b))
	d.CharsetReader = charsetReader
	var stack []string
	var texts []*strings.Builder
	for n := 0; ; n++ {
		if n >= maxTokens {
			return errTooManyTokens
		}
		tok, err := d.Token()
		if err == io.EOF {
			if len(stack) > 0 {
				return fmt.Errorf("XML ends inside <%s>", stack[len(stack)-1])
			}
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxDepth {
				return errTooDeep
			}
			if w.start != nil {
				w.start(t, stack)
			}
			stack = append(stack, t.Name.Local)
			if len(texts) < len(stack) {
				texts = append(texts, &strings.Builder{})
			}
			texts[len(stack)-1].Reset()
		case xml.CharData:
			if len(stack) > 0 {
				if tb := texts[len(stack)-1]; tb.Len() < maxText {
					tb.Write(t[:min(len(t), maxText-tb.Len())])
				}
			}
		case xml.EndElement:
			if len(stack) == 0 {
				return errors.New("unbalanced end element")
			}
			text := texts[len(stack)-1].String()
			stack = stack[:len(stack)-1]
			if w.end != nil {
				w.end(t.Name, text, stack)
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
	if err := walkXML(b, w); err != nil {
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

// hasAttr reports whether se has an attribute with that local name.
func hasAttr(se xml.StartElement, local string) bool {
	for _, a := range se.Attr {
		if a.Name.Local == local && a.Name.Space != "xmlns" {
			return true
		}
	}
	return false
}

// toUTF8 transcodes a part that starts with a UTF-16 byte order mark (some
// customXml items and hand-made parts are UTF-16) and drops a UTF-8 BOM;
// encoding/xml reads neither.
func toUTF8(b []byte) []byte {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		le := b[0] == 0xFF
		b = b[2:]
		u := make([]uint16, 0, len(b)/2)
		for i := 0; i+1 < len(b); i += 2 {
			if le {
				u = append(u, uint16(b[i])|uint16(b[i+1])<<8)
			} else {
				u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
			}
		}
		s := string(utf16.Decode(u))
		// The declaration still names UTF-16; the text is UTF-8 now.
		s = strings.Replace(s, `encoding="UTF-16"`, `encoding="UTF-8"`, 1)
		s = strings.Replace(s, `encoding="utf-16"`, `encoding="UTF-8"`, 1)
		return []byte(s)
	}
	return b
}

// charsetReader accepts the encodings OOXML producers declare besides
// UTF-8: ASCII and the Latin-1 family (read as Latin-1; Windows-1252's
// extra characters in 0x80–0x9F are rare in metadata).
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "us-ascii", "ascii", "utf-16", "unicode":
		return in, nil
	case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "windows-1252", "cp1252":
		b, err := io.ReadAll(io.LimitReader(in, MaxContentBytes))
		if err != nil {
			return nil, err
		}
		out := make([]byte, 0, len(b)+len(b)/8)
		for _, c := range b {
			out = utf8.AppendRune(out, rune(c))
		}
		return bytes.NewReader(out), nil
	}
	return nil, fmt.Errorf("unsupported XML encoding %q", label)
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
