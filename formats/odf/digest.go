package odf

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/docprov/docprov/formats/internal/textdigest"
	"github.com/docprov/docprov/formats/internal/xmlscan"
)

// The content digest (content.sha256, content.chars): a SHA-256 of the
// text of office:body, normalized (formats/internal/textdigest), read in a pass of
// its own that looks only at element names (textdigest.TagName …) and streams the text into
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
// attributes, as bound at the root of the part.
type digestNames struct {
	// known maps the prefixes of the namespaces the digest looks at ("" for
	// the default namespace) to their canonical ones; an ODF prefix the
	// document leaves unbound stands for itself, as the provenance scan
	// reads it. A short list, compared in turn.
	known []prefixName
	// attribute names of cells, with every prefix of their namespace
	valueType, value, dateValue, timeValue, boolValue, stringValue []string
	colsRepeated, rowsRepeated                                     []string
	// body are the ways office:body can be written.
	body []string
	// first marks the bytes a name the walk looks at can start with (the
	// first bytes of the known prefixes), and '!' and '?'; every byte when
	// one of the namespaces is the default one.
	first [256]bool
}

type prefixName struct{ prefix, canon string }

// digestNamespaces are the canonical prefixes of the namespaces the digest
// looks at.
var digestNamespaces = []string{"text", "office", "officeooo", "table", "presentation"}

func newDigestNames(sc *xmlscan.Scanner) digestNames {
	var n digestNames
	var bound uint8 // which of digestNamespaces are bound as prefixes
	sc.Bindings(func(prefix, uri string) {
		for k, c := range digestNamespaces {
			if prefix == c {
				bound |= 1 << k
			}
		}
		if canon, ok := canonicalPrefix[uri]; ok && slices.Contains(digestNamespaces, canon) {
			n.known = append(n.known, prefixName{prefix, canon})
		}
	})
	for k, c := range digestNamespaces {
		if bound&(1<<k) == 0 {
			n.known = append(n.known, prefixName{c, c})
		}
	}
	// Bindings come in no fixed order.
	slices.SortFunc(n.known, func(a, b prefixName) int { return strings.Compare(a.prefix, b.prefix) })
	attr := func(canon, local string) []string {
		var out []string
		for _, k := range n.known {
			if k.canon == canon && k.prefix != "" {
				out = append(out, k.prefix+":"+local)
			}
		}
		return out
	}
	n.valueType, n.value = attr("office", "value-type"), attr("office", "value")
	n.dateValue, n.timeValue = attr("office", "date-value"), attr("office", "time-value")
	n.boolValue, n.stringValue = attr("office", "boolean-value"), attr("office", "string-value")
	n.colsRepeated, n.rowsRepeated = attr("table", "number-columns-repeated"), attr("table", "number-rows-repeated")
	n.body = attr("office", "body")
	n.first['!'], n.first['?'] = true, true
	for _, k := range n.known {
		if k.prefix == "" {
			n.first = [256]bool{}
			for c := range n.first {
				n.first[c] = true
			}
			break
		}
		n.first[k.prefix[0]] = true
	}
	for _, k := range n.known {
		if k.canon == "office" && k.prefix == "" {
			n.body = append(n.body, "body")
		}
	}
	return n
}

// split returns the canonical prefix and the local name of an element
// name as written; canon is "" for names outside the namespaces the digest
// looks at (a short list compared in turn: cheaper than a map lookup for
// every tag).
func (n *digestNames) split(name []byte) (canon string, local []byte) {
	p, l := []byte(nil), name
	for i, c := range name {
		if c == ':' {
			p, l = name[:i], name[i+1:]
			break
		}
	}
	for _, k := range n.known {
		if string(p) == k.prefix {
			return k.canon, l
		}
	}
	return "", l
}

// attr returns the first of the attributes named names in tag, or nil.
func attr(tag []byte, names []string) []byte {
	for _, name := range names {
		if v := textdigest.AttrValue(tag, name); v != nil {
			return v
		}
	}
	return nil
}

// bodyWalker reads the text of office:body into a digest.
type bodyWalker struct {
	d     *textdigest.Digest
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

// digestBody adds the text of the office:body whose start tag ends at
// b[end]:
// paragraphs and headings in document order, with their spans, links and
// fields; comments, notes, tracked deletions, speaker notes, index
// templates and validation messages left out. In a spreadsheet, a cell
// with a value type other than string stands for its value attribute as
// written (office:value, office:date-value …), other cells for their
// text, and repeated rows and cells count as often as they repeat.
func digestBody(d *textdigest.Digest, b []byte, end int, n digestNames) {
	w := &bodyWalker{d: d, n: n}
	// The body's first element says what the document is.
	for i := end; i < len(b); {
		k := bytes.IndexByte(b[i:], '<')
		if k < 0 {
			break
		}
		name, closing, special, _ := textdigest.TagName(b, i+k)
		if special {
			i, _ = textdigest.SkipSpecial(b, i+k)
			continue
		}
		canon, local := w.n.split(name)
		w.sheet = !closing && canon == "office" && string(local) == "spreadsheet"
		break
	}
	w.walk(b, end, len(b))
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
		if w.para == 0 {
			// Outside paragraphs, a name that cannot be one the walk looks
			// at is passed by at its first byte.
			j := lt + 1
			if j < stop && b[j] == '/' {
				j++
			}
			if j < stop && !n.first[b[j]] {
				i = j
				continue
			}
		} else if w.textual[len(w.textual)-1] {
			w.d.WriteEscaped(b[i:lt])
		}
		name, closing, special, nameEnd := textdigest.TagName(b, lt)
		if special {
			next, cdata := textdigest.SkipSpecial(b, lt)
			if w.para > 0 && w.textual[len(w.textual)-1] {
				w.d.Write(cdata)
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
					w.d.Sep()
				}
				if len(w.textual) == 0 || w.para == 0 {
					w.para = 0 // unbalanced: start afresh
					w.textual = w.textual[:0]
				}
			case canon == "office" && string(local) == "body":
				return i
			case w.sheet && canon == "table" && (string(local) == "table-cell" || string(local) == "covered-table-cell"):
				w.d.Sep()
			}
			continue
		}
		if w.para == 0 && !w.interesting(canon, local) {
			// Outside paragraphs only some elements matter; the others
			// need not even be read to their end.
			i = nameEnd
			continue
		}
		if w.sheet && w.para == 0 && canon == "table" && (string(local) == "table-cell" || string(local) == "covered-table-cell") {
			i = w.cell(b, nameEnd, name)
			continue
		}
		end, empty := textdigest.TagClose(b, nameEnd)
		if end < 0 {
			return len(b)
		}
		i = end
		skip := false
		switch canon {
		case "text":
			switch string(local) {
			case "p", "h":
				w.d.Sep()
				if !empty {
					w.para++
					w.push(true)
				}
				continue
			case "s", "tab", "line-break":
				w.d.Sep()
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
			case "table-row":
				if w.sheet && w.para == 0 && !empty {
					if times := repeats(attr(b[lt:end], n.rowsRepeated)); times > 1 {
						i = w.repeated(b, end, textdigest.SkipElement(b, end, name), times)
					}
					continue
				}
			}
		}
		switch {
		case skip:
			if !empty {
				i = textdigest.SkipElement(b, end, name)
			}
		case !empty && w.para > 0:
			w.push(canon == "text")
		}
	}
	return stop
}

// interesting reports whether an element outside paragraphs needs
// reading: a paragraph, an element whose content is left out, a
// spreadsheet's row or cell.
func (w *bodyWalker) interesting(canon string, local []byte) bool {
	switch canon {
	case "text":
		return true
	case "office", "officeooo":
		return string(local) == "annotation"
	case "presentation":
		return string(local) == "notes"
	case "table":
		switch string(local) {
		case "content-validations", "tracked-changes":
			return true
		case "table-cell", "covered-table-cell", "table-row":
			return w.sheet
		}
	}
	return false
}

func (w *bodyWalker) push(textual bool) {
	if len(w.textual) >= maxTextDepth {
		w.d.SetBroken()
		w.para = 0
		w.textual = w.textual[:0]
		return
	}
	w.textual = append(w.textual, textual)
}

// cell reads a spreadsheet cell whose name ends at b[nameEnd] and returns
// where it ends. Its attributes are read in the same pass that finds the
// end of its start tag.
func (w *bodyWalker) cell(b []byte, nameEnd int, name []byte) int {
	n := &w.n
	var typ, v, rep []byte
	var vals [5][]byte // value, date, time, boolean, string
	numeric := false
	end, empty := -1, false
	for i := nameEnd; ; {
		var an, av []byte
		an, av, i = textdigest.NextAttr(b, i)
		if an == nil {
			// The end of the tag, or something that is not an attribute.
			end, empty = textdigest.TagClose(b, i)
			if end < 0 {
				return len(b)
			}
			break
		}
		switch {
		case in(an, n.valueType):
			typ = av
		case in(an, n.value):
			vals[0] = av
		case in(an, n.dateValue):
			vals[1] = av
		case in(an, n.timeValue):
			vals[2] = av
		case in(an, n.boolValue):
			vals[3] = av
		case in(an, n.stringValue):
			vals[4] = av
		case in(an, n.colsRepeated):
			rep = av
		}
	}
	times := repeats(rep)
	switch string(typ) {
	case "", "string":
		// The text shown, not office:string-value (which may differ),
		// unless there is no text.
		if empty {
			v = vals[4]
		}
	case "date":
		// As the spreadsheet formats store a date: its serial number,
		// so that an .ods and the .xlsx or .xls saved from it hash
		// alike.
		v, numeric = vals[1], true
		if n, ok := dateSerial(vals[1]); ok {
			v = n
		}
	case "time":
		v, numeric = vals[2], true
		if n, ok := timeSerial(vals[2]); ok {
			v = n
		}
	case "boolean":
		v, numeric = vals[3], true
		switch string(vals[3]) {
		case "true":
			v = []byte("1")
		case "false":
			v = []byte("0")
		}
	default: // float, percentage, currency
		v, numeric = vals[0], true
	}
	switch {
	case v != nil:
		for range times {
			if numeric {
				w.d.WriteNumber(v)
			} else {
				w.d.WriteEscaped(v)
			}
			w.d.Sep()
		}
		if empty {
			return end
		}
		return textdigest.SkipElement(b, end, name)
	case empty:
		return end
	case times == 1:
		return end // its content is read in turn; its end is a boundary
	}
	return w.repeated(b, end, textdigest.SkipElement(b, end, name), times)
}

// repeated reads b[from:stop] times times (a repeated row or cell), each
// followed by a boundary. Content with no text is read once.
func (w *bodyWalker) repeated(b []byte, from, stop, times int) int {
	before := w.d.Chars()
	w.walk(b, from, stop)
	w.d.Sep()
	if w.d.Chars() == before {
		return stop
	}
	for k := 1; k < times; k++ {
		w.rescan += stop - from
		if w.rescan > maxRescanBytes {
			w.d.SetBroken()
			return stop
		}
		w.walk(b, from, stop)
		w.d.Sep()
	}
	return stop
}

// repeats reads a number-…-repeated attribute: 1 when absent or not a
// positive number, at most maxRepeat.
func repeats(v []byte) int {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return 1
	}
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return 1
		}
		n = n*10 + int(c-'0')
		if n > maxRepeat {
			return maxRepeat
		}
	}
	return max(n, 1)
}

func in(s []byte, list []string) bool {
	for _, w := range list {
		if string(s) == w {
			return true
		}
	}
	return false
}

// digest writes the content digest of a content part (or flat document)
// when sc has just read the start tag of its office:body.
func (d *doc) digest(b []byte, sc *xmlscan.Scanner) {
	var dg textdigest.Digest
	if !sc.SelfClosing() {
		digestBody(&dg, b, sc.Offset(), newDigestNames(sc))
	}
	dg.Record(d.rec.Fields)
}

// serialEpoch is day 0 of the spreadsheets' date serials (the 1900 date
// system as Excel and LibreOffice count it, and ODF's default null date).
var serialEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// dateSerial writes an office:date-value ("2023-02-10", with a time of
// day or not) as its serial number of days, or reports that it is none.
// Nanoseconds over a day's, as LibreOffice computes it (seconds over
// 86,400), not hours over 24: the two differ in the last digit the
// digest keeps, 0.711805555555555 for 17:05 where an .xlsx has …556.
func dateSerial(v []byte) ([]byte, bool) {
	for _, layout := range [...]string{"2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, string(v)); err == nil && !t.Before(serialEpoch) {
			return strconv.AppendFloat(nil, float64(t.Sub(serialEpoch))/float64(24*time.Hour), 'g', -1, 64), true
		}
	}
	return nil, false
}

// timeSerial writes an office:time-value ("PT14H30M00S") as the fraction
// of a day the spreadsheet formats store, or reports that it is none.
func timeSerial(v []byte) ([]byte, bool) {
	s, ok := strings.CutPrefix(string(v), "PT")
	if !ok {
		return nil, false
	}
	d, err := time.ParseDuration(strings.ToLower(s))
	if err != nil || d < 0 {
		return nil, false
	}
	return strconv.AppendFloat(nil, float64(d)/float64(24*time.Hour), 'g', -1, 64), true
}
