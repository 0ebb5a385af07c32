package odf

import (
	"bytes"
	"strconv"

	"github.com/docprov/docprov/formats/internal/xmlscan"
)

// The content digest (content.sha256, content.chars): a SHA-256 of the
// text of office:body, normalized (textDigest), read in a pass of its own
// that looks only at element names (textxml.go) and streams the text into
// the hash, while the provenance scan skims past the body.

// Limits on the digest's cost: repeated rows and cells of a spreadsheet
// are read again for every repetition, up to these.
const (
	// maxRepeat is the most repetitions of one row or cell hashed.
	maxRepeat = 1 << 16
	// maxRescanBytes caps the bytes read again for repetitions in one part.
	maxRescanBytes = 64 << 20
	// maxTextDepth caps the elements open inside a paragraph.
	maxTextDepth = 4096
)

// digestNames tell the ODF names of the document's elements and
// attributes, as bound at the root of the part: prefix maps a prefix the
// document uses ("" for the default namespace) to the canonical one of its
// ODF namespace; an ODF prefix the document leaves unbound stands for
// itself, as the provenance scan reads it.
type digestNames struct {
	prefix map[string]string
	// attribute names of cells, with every prefix of their namespace
	valueType, value, dateValue, timeValue, boolValue, stringValue []string
	colsRepeated, rowsRepeated                                     []string
	// body are the ways office:body can be written.
	body []string
}

func newDigestNames(sc *xmlscan.Scanner) digestNames {
	n := digestNames{prefix: map[string]string{}}
	bound := map[string]bool{}
	sc.Bindings(func(prefix, uri string) {
		bound[prefix] = true
		if canon, ok := canonicalPrefix[uri]; ok {
			n.prefix[prefix] = canon
		}
	})
	for _, canon := range []string{"text", "office", "officeooo", "table", "presentation"} {
		if !bound[canon] {
			n.prefix[canon] = canon
		}
	}
	attr := func(canon, local string) []string {
		var out []string
		for p, c := range n.prefix {
			if c == canon && p != "" {
				out = append(out, p+":"+local)
			}
		}
		return out
	}
	n.valueType, n.value = attr("office", "value-type"), attr("office", "value")
	n.dateValue, n.timeValue = attr("office", "date-value"), attr("office", "time-value")
	n.boolValue, n.stringValue = attr("office", "boolean-value"), attr("office", "string-value")
	n.colsRepeated, n.rowsRepeated = attr("table", "number-columns-repeated"), attr("table", "number-rows-repeated")
	for p, c := range n.prefix {
		if c == "office" {
			if p == "" {
				n.body = append(n.body, "body")
			} else {
				n.body = append(n.body, p+":body")
			}
		}
	}
	return n
}

// split returns the canonical prefix and the local name of an element
// name as written; canon is "" for names outside the ODF namespaces.
func (n *digestNames) split(name []byte) (canon string, local []byte) {
	p, l := []byte(nil), name
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		p, l = name[:i], name[i+1:]
	}
	return n.prefix[string(p)], l
}

// attr returns the first of the attributes named names in tag, or nil.
func attr(tag []byte, names []string) []byte {
	for _, name := range names {
		if v := attrValue(tag, name); v != nil {
			return v
		}
	}
	return nil
}

// bodyWalker reads the text of office:body into a digest.
type bodyWalker struct {
	d     *textDigest
	n     digestNames
	sheet bool
	// para counts the paragraphs (text:p, text:h) open; inside one,
	// textual says for each open element whether the character data
	// directly in it is text (text: elements) or not (a frame's title,
	// an image's binary data).
	para    int
	textual []bool
	rescan  int
}

// digestBody adds the text of the office:body at or after b[from:]:
// paragraphs and headings in document order, with their spans, links and
// fields; comments, notes, tracked deletions, speaker notes, index
// templates and validation messages left out. In a spreadsheet, a cell
// with a value type other than string stands for its value attribute as
// written (office:value, office:date-value …), other cells for their
// text, and repeated rows and cells count as often as they repeat.
func digestBody(d *textDigest, b []byte, from int, n digestNames) (found bool) {
	start := -1
	for _, body := range n.body {
		for i := from; i < len(b); {
			k := bytes.Index(b[i:], []byte("<"+body))
			if k < 0 {
				break
			}
			p := i + k
			i = p + 1 + len(body)
			if i < len(b) && (b[i] == '>' || isXMLSpace(b[i])) {
				if start < 0 || p < start {
					start = p
				}
				break
			}
		}
	}
	if start < 0 {
		return false
	}
	_, _, _, nameEnd := tagName(b, start)
	end, empty := tagClose(b, nameEnd)
	if end < 0 {
		return false
	}
	if empty {
		return true
	}
	w := &bodyWalker{d: d, n: n}
	// The body's first element says what the document is.
	for i := end; i < len(b); {
		k := bytes.IndexByte(b[i:], '<')
		if k < 0 {
			break
		}
		name, closing, special, _ := tagName(b, i+k)
		if special {
			i, _ = skipSpecial(b, i+k)
			continue
		}
		canon, local := w.n.split(name)
		w.sheet = !closing && canon == "office" && string(local) == "spreadsheet"
		break
	}
	w.walk(b, end, len(b))
	return true
}

// walk reads b[i:stop] and returns where it stopped: stop, or after the
// end tag of office:body.
func (w *bodyWalker) walk(b []byte, i, stop int) int {
	n := &w.n
	for i < stop {
		k := bytes.IndexByte(b[i:stop], '<')
		if k < 0 {
			return stop
		}
		lt := i + k
		if w.para > 0 && w.textual[len(w.textual)-1] {
			w.d.writeEscaped(b[i:lt])
		}
		name, closing, special, nameEnd := tagName(b, lt)
		if special {
			next, cdata := skipSpecial(b, lt)
			if w.para > 0 && w.textual[len(w.textual)-1] {
				w.d.write(cdata)
			}
			i = next
			continue
		}
		canon, local := n.split(name)
		if closing {
			e := bytes.IndexByte(b[nameEnd:], '>')
			if e < 0 {
				return len(b)
			}
			i = nameEnd + e + 1
			switch {
			case w.para > 0:
				w.textual = w.textual[:len(w.textual)-1]
				if canon == "text" && (string(local) == "p" || string(local) == "h") {
					w.para--
					w.d.sep()
				}
				if len(w.textual) == 0 || w.para == 0 {
					w.para = 0 // unbalanced: start afresh
					w.textual = w.textual[:0]
				}
			case canon == "office" && string(local) == "body":
				return i
			}
			continue
		}
		end, empty := tagClose(b, nameEnd)
		if end < 0 {
			return len(b)
		}
		i = end
		skip := false
		switch canon {
		case "text":
			switch string(local) {
			case "p", "h":
				w.d.sep()
				if !empty {
					w.para++
					w.push(true)
				}
				continue
			case "s", "tab", "line-break":
				w.d.sep()
			case "note", "tracked-changes", "number":
				skip = true
			default:
				skip = bytes.HasSuffix(local, []byte("-source"))
			}
		case "office", "officeooo":
			skip = string(local) == "annotation"
		case "presentation":
			skip = string(local) == "notes"
		case "table":
			switch string(local) {
			case "content-validations", "tracked-changes":
				skip = true
			case "table-cell", "covered-table-cell":
				if w.sheet && w.para == 0 {
					i = w.cell(b, lt, end, empty, name)
					continue
				}
			case "table-row":
				if w.sheet && w.para == 0 && !empty {
					i = w.repeated(b, end, skipElement(b, end, name), repeats(attr(b[lt:end], n.rowsRepeated)))
					continue
				}
			}
		}
		switch {
		case skip:
			if !empty {
				i = skipElement(b, end, name)
			}
		case !empty && w.para > 0:
			w.push(canon == "text")
		}
	}
	return stop
}

func (w *bodyWalker) push(textual bool) {
	if len(w.textual) >= maxTextDepth {
		w.d.broken = true
		w.para = 0
		w.textual = w.textual[:0]
		return
	}
	w.textual = append(w.textual, textual)
}

// cell reads a spreadsheet cell whose start tag is b[lt:end] and returns
// where it ends.
func (w *bodyWalker) cell(b []byte, lt, end int, empty bool, name []byte) int {
	n := &w.n
	tag := b[lt:end]
	times := repeats(attr(tag, n.colsRepeated))
	var v []byte
	switch string(attr(tag, n.valueType)) {
	case "", "string":
		v = attr(tag, n.stringValue)
	case "date":
		v = attr(tag, n.dateValue)
	case "time":
		v = attr(tag, n.timeValue)
	case "boolean":
		v = attr(tag, n.boolValue)
	default: // float, percentage, currency
		v = attr(tag, n.value)
	}
	stop := end
	if !empty {
		stop = skipElement(b, end, name)
	}
	if v != nil {
		for range times {
			w.d.writeEscaped(v)
			w.d.sep()
		}
		return stop
	}
	if empty {
		return stop
	}
	return w.repeated(b, end, stop, times)
}

// repeated reads b[from:stop] times times (a repeated row or cell), each
// followed by a boundary. Content with no text is read once.
func (w *bodyWalker) repeated(b []byte, from, stop, times int) int {
	before := w.d.chars
	w.walk(b, from, stop)
	w.d.sep()
	if w.d.chars == before {
		return stop
	}
	for k := 1; k < times; k++ {
		w.rescan += stop - from
		if w.rescan > maxRescanBytes {
			w.d.broken = true
			return stop
		}
		w.walk(b, from, stop)
		w.d.sep()
	}
	return stop
}

// repeats reads a number-…-repeated attribute: 1 when absent or not a
// positive number, at most maxRepeat.
func repeats(v []byte) int {
	n, err := strconv.Atoi(string(bytes.TrimSpace(v)))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, maxRepeat)
}

// digest writes the content digest of a content part (or flat document)
// whose root start tag sc has just read.
func (d *doc) digest(b []byte, sc *xmlscan.Scanner) {
	var dg textDigest
	if digestBody(&dg, b, sc.Offset(), newDigestNames(sc)) {
		dg.record(d.rec.Fields)
	}
}
