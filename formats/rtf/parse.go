package rtf

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/docprov/docprov/formats/internal/winlang"
	"github.com/docprov/docprov/provenance"
)

// infoText are the \info destinations whose text is recorded as
// rtf.info.<name>.
var infoText = map[string]bool{
	"title": true, "subject": true, "author": true, "operator": true, "company": true,
	"category": true, "keywords": true, "comment": true, "doccomm": true, "manager": true,
	"hlinkbase": true,
}

// infoTimes are the \info destinations that hold a date.
var infoTimes = map[string]bool{"creatim": true, "revtim": true, "printim": true, "buptim": true}

// infoNumbers are the \info control words whose parameter is recorded.
var infoNumbers = map[string]bool{
	"version": true, "vern": true, "edmins": true, "nofpages": true, "nofwords": true,
	"nofchars": true, "nofcharsws": true, "id": true,
}

// headerNumbers are document-level control words recorded as
// rtf.header.<name> the first time they appear.
var headerNumbers = map[string]bool{
	"rtf": true, "ansicpg": true, "deff": true, "deflang": true, "deflangfe": true,
	"adeflang": true, "adeflangfe": true, "cocoartf": true, "cocoasubrtf": true,
	"rsidroot": true, "stshfdbch": true, "viewkind": true, "uc": true,
}

// structureMarks are the destinations and flags whose presence tells
// producers apart (see fingerprint); rtf.structure lists the ones a file
// has.
var structureMarks = map[string]bool{
	"generator": true, "info": true, "fonttbl": true, "colortbl": true, "stylesheet": true,
	"listtable": true, "listoverridetable": true, "rsidtbl": true, "xmlnstbl": true,
	"themedata": true, "colorschememapping": true, "latentstyles": true, "datastore": true,
	"mmathPr": true, "defchp": true, "defpap": true, "pgdsctbl": true, "ftnsep": true,
	"userprops": true, "nouicompat": true, "cocoartf": true, "wgrffmtfilter": true,
	"pnseclvl": true, "revtbl": true, "filetbl": true, "object": true, "pict": true,
	"docvar": true, "background": true, "upr": true, "expandedcolortbl": true, "htmautsp": true,
}

// destKind is what a group's text is collected for.
type destKind int

const (
	destNone       destKind = iota // body text and everything else: ignored
	destSkip                       // an ignorable or unwanted destination: ignored, subgroups too
	destInfo                       // \info: its subgroups are the fields
	destInfoText                   // \title …: text
	destInfoTime                   // \creatim …: \yr \mo …
	destGenerator                  // \*\generator: text
	destFontTable                  // \fonttbl: font names
	destRsidTable                  // \*\rsidtbl: \rsidN
	destXMLNS                      // \*\xmlnstbl: namespace URIs
	destHex                        // \*\themedata, \*\colorschememapping, \objdata: hex data
	destObject                     // \object: \objclass, \objdata
	destObjClass                   // \*\objclass: text
	destXMLNSEntry                 // {\xmlnsN uri} in \*\xmlnstbl
)

// group is the state a group inherits from its parent and may change.
type group struct {
	dest     destKind
	name     string // the destination's control word
	uc       int64  // \ucN: bytes that stand for each \uN
	text     *collector
	hex      *hexCollector
	time     *infoTime
	object   *object
	fontText bool // in a font entry of the font table
}

// collector gathers a destination's text: bytes in the document's code
// page, decoded when a \uN or the end comes, up to maxTextBytes.
type collector struct {
	cp        int
	pending   []byte
	out       strings.Builder
	high      rune // a UTF-16 high surrogate waiting for its low half
	truncated bool
}

func (c *collector) addByte(b byte) {
	c.flushHigh()
	if len(c.pending)+c.out.Len() >= maxTextBytes {
		c.truncated = true
		return
	}
	c.pending = append(c.pending, b)
}

func (c *collector) addUnit(u rune) {
	c.flushBytes()
	if c.out.Len() >= maxTextBytes {
		c.truncated = true
		return
	}
	switch {
	case utf16.IsSurrogate(u) && u < 0xDC00:
		c.flushHigh()
		c.high = u
	case utf16.IsSurrogate(u):
		if c.high != 0 {
			c.out.WriteRune(utf16.DecodeRune(c.high, u))
			c.high = 0
		} else {
			c.out.WriteRune(utf8.RuneError)
		}
	default:
		c.flushHigh()
		c.out.WriteRune(u)
	}
}

func (c *collector) flushHigh() {
	if c.high != 0 {
		c.out.WriteRune(utf8.RuneError)
		c.high = 0
	}
}

func (c *collector) flushBytes() {
	if len(c.pending) > 0 {
		c.out.WriteString(winlang.DecodeCodePage(c.pending, c.cp))
		c.pending = c.pending[:0]
	}
}

func (c *collector) String() string {
	c.flushBytes()
	c.flushHigh()
	return c.out.String()
}

// hexCollector decodes a destination's hexadecimal data up to a limit,
// counting what it could not keep.
type hexCollector struct {
	limit   int
	data    []byte
	half    int // -1, or the high nibble waiting for its low one
	total   int64
	badByte bool
}

func (h *hexCollector) add(c byte) {
	v, ok := hexVal(c)
	if !ok {
		if c != ' ' && c != '\t' {
			h.badByte = true
		}
		return
	}
	if h.half < 0 {
		h.half = int(v)
		return
	}
	b := byte(h.half)<<4 | v
	h.half = -1
	h.total++
	if len(h.data) < h.limit {
		h.data = append(h.data, b)
	}
}

// infoTime gathers a \creatim-style group's \yr \mo \dy \hr \min \sec.
type infoTime struct {
	yr, mo, dy, hr, min, sec int64
}

// object is one \object group.
type object struct {
	class string
	data  *hexCollector
	kind  string // objemb, objlink, objautlink …
}

// parser walks the token stream and fills the Record.
type parser struct {
	sc      *scanner
	rec     *provenance.Record
	stack   []group
	cp      int // the document's ANSI code page
	skipN   int64
	seen    map[string]int // how many times each info name was recorded
	fonts   int
	rsids   int
	xmlns   int
	langs   map[int64]bool
	langOrd []int64
	marks   map[string]bool
	objects []*object
	objDrop int
	badHex  int
	font    *collector // the font entry being read
	fontNum int64      // its \fN
}

func newParser(sc *scanner) *parser {
	return &parser{
		sc:    sc,
		rec:   provenance.NewRecord(),
		cp:    1252,
		seen:  map[string]int{},
		langs: map[int64]bool{},
		marks: map[string]bool{},
	}
}

func (p *parser) top() *group { return &p.stack[len(p.stack)-1] }

// run tokenizes the whole file. A file that ends inside a group, or whose
// groups nest too deep, keeps what was read with a problem; only a file
// that does not start as RTF is an error.
func (p *parser) run() error {
	t, err := p.sc.token()
	for n := 0; err == nil && t.kind == tokText && n < leadInMax && isLeadIn(byte(t.param)); n++ {
		t, err = p.sc.token()
	}
	if err != nil || t.kind != tokGroupStart {
		return fmt.Errorf("rtf: no opening brace: %w", errMalformed)
	}
	p.stack = append(p.stack, group{uc: 1})
	t, err = p.sc.token()
	if err != nil || t.kind != tokWord || t.word != "rtf" {
		return fmt.Errorf("rtf: no \\rtf control word after the opening brace: %w", errMalformed)
	}
	p.word(t)
	for {
		t, err := p.sc.token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				if len(p.stack) > 0 {
					if p.sc.truncated() {
						p.rec.AddProblem("rtf: only the first %d bytes of %d were read", p.sc.limit, p.sc.size)
					} else {
						p.rec.AddProblem("rtf: the file ends inside %d open groups (truncated?)", len(p.stack))
					}
					p.closeAll()
				}
				return nil
			}
			if ctxErr := p.sc.ctx.Err(); ctxErr != nil {
				return ctxErr
			}
			return fmt.Errorf("rtf: read: %w", err)
		}
		switch t.kind {
		case tokGroupStart:
			p.skipN = 0
			if len(p.stack) >= maxDepth {
				p.rec.AddProblem("rtf: groups nested deeper than %d: the rest of the file was not read (%v)", maxDepth, errDepth)
				p.closeAll()
				return nil
			}
			g := *p.top()
			g.name = ""
			switch g.dest {
			case destInfo:
				g.dest = destNone // a subgroup names its own destination
			case destFontTable:
				g.fontText = true
			}
			p.stack = append(p.stack, g)
		case tokGroupEnd:
			p.skipN = 0
			p.closeGroup()
			if len(p.stack) == 0 {
				return nil // anything after the closing brace is not RTF
			}
		case tokWord:
			p.word(t)
		case tokSymbol:
			p.symbol(t)
		case tokHex:
			p.textByte(byte(t.param), true)
		case tokBadHex:
			p.badHex++
		case tokText:
			p.textByte(byte(t.param), false)
		}
	}
}

func (p *parser) closeAll() {
	for len(p.stack) > 0 {
		p.closeGroup()
	}
}

// closeGroup ends the innermost group, recording its destination.
func (p *parser) closeGroup() {
	g := p.top()
	f := p.rec.Fields
	parentTime := len(p.stack) >= 2 && p.stack[len(p.stack)-2].time == g.time
	parentText := len(p.stack) >= 2 && p.stack[len(p.stack)-2].text == g.text
	parentHex := len(p.stack) >= 2 && p.stack[len(p.stack)-2].hex == g.hex
	switch {
	case g.name == "":
	case g.dest == destInfoText && g.text != nil && !parentText:
		p.setInfo(g.name, strings.TrimSpace(g.text.String()), g.text.truncated, p.inGroup("ud"))
	case g.dest == destInfoTime && g.time != nil && !parentTime:
		p.setTime(g.name, g.time)
	case g.dest == destGenerator && g.text != nil && !parentText:
		v := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(g.text.String()), ";"))
		if _, ok := f["rtf.generator"]; !ok {
			f.Set("rtf.generator", v)
		}
	case g.dest == destHex && g.hex != nil && !parentHex:
		switch g.name {
		case "themedata", "colorschememapping", "datastore":
			f.Set("rtf."+g.name+".bytes", strconv.FormatInt(g.hex.total, 10))
			if g.name == "colorschememapping" {
				f.Set("rtf.colorschememapping.xmlns", xmlNamespace(g.hex.data))
			}
		}
	case g.dest == destXMLNSEntry && g.text != nil && !parentText:
		if v := strings.TrimSpace(g.text.String()); v != "" && p.xmlns < maxListItems {
			f.Set(fmt.Sprintf("rtf.xmlns[%d]", p.xmlns), v)
			p.xmlns++
		}
	case g.dest == destObjClass && g.text != nil && g.object != nil:
		g.object.class = strings.TrimSpace(g.text.String())
	}
	if g.fontText && p.font != nil && (len(p.stack) < 2 || !p.stack[len(p.stack)-2].fontText) {
		p.endFont()
	}
	if g.name == "object" && g.object != nil {
		p.objects = append(p.objects, g.object)
	}
	p.stack = p.stack[:len(p.stack)-1]
}

// setInfo records an \info text field; a field written again (LibreOffice
// writes the last editor as a second \author; calibre writes \info twice)
// is kept under name#2, #3 ….
func (p *parser) setInfo(name, v string, truncated, unicodeTwin bool) {
	key := "rtf.info." + name
	if unicodeTwin {
		// {\*\ud …}: the Unicode twin of the \upr pair read just
		// before, which it replaces.
		p.rec.Fields.Set(key, v)
		return
	}
	p.seen[name]++
	if n := p.seen[name]; n > 1 {
		if p.rec.Fields[key] == v || n > 8 {
			return
		}
		key += "#" + strconv.Itoa(n)
	}
	// An empty field is recorded as present but blank only in the
	// structure; Fields keeps values.
	p.rec.Fields.Set(key, v)
	if truncated {
		p.rec.AddProblem("rtf: \\%s longer than %d bytes: truncated", name, maxTextBytes)
	}
}

// setTime records an \info date as a local time without an offset: RTF
// stores none. The null dates writers leave (all zero; StarOffice's
// 1601-01-01, the FILETIME epoch) are kept raw but not as a time.
func (p *parser) setTime(name string, t *infoTime) {
	key := "rtf.info." + name
	if _, ok := p.rec.Fields[key]; ok {
		return
	}
	raw := fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", t.yr, t.mo, t.dy, t.hr, t.min, t.sec)
	if t.yr == 0 || t.yr == 1601 && t.mo <= 1 && t.dy <= 1 {
		p.rec.Fields.Set(key+".null", raw)
		return
	}
	if t.yr < 1 || t.yr > 9999 || t.mo < 1 || t.mo > 12 || t.dy < 1 || t.dy > 31 || t.hr < 0 || t.hr > 23 ||
		t.min < 0 || t.min > 59 || t.sec < 0 || t.sec > 59 {
		p.rec.Fields.Set(key+".invalid", raw)
		p.rec.AddProblem("rtf: \\%s %s is not a date", name, raw)
		return
	}
	ts := provenance.Local(int(t.yr), timeMonth(t.mo), int(t.dy), int(t.hr), int(t.min), int(t.sec), 0)
	p.rec.Fields.Set(key, ts.String())
}

// textByte handles a byte of text, literal or \'hh.
func (p *parser) textByte(b byte, escaped bool) {
	if p.skipN > 0 {
		p.skipN--
		return
	}
	g := p.top()
	switch {
	case g.hex != nil && (g.dest == destHex):
		if !escaped {
			g.hex.add(b)
		}
	case g.fontText && p.font != nil:
		if b == ';' && !escaped {
			p.endFont()
			return
		}
		p.font.addByte(b)
	case g.fontText:
		if b == ';' && !escaped || b == ' ' && !escaped {
			return
		}
		p.font = &collector{cp: p.cp}
		p.font.addByte(b)
	case g.text != nil:
		g.text.addByte(b)
	}
}

func (p *parser) endFont() {
	if p.font == nil {
		return
	}
	name := strings.TrimSpace(p.font.String())
	p.font = nil
	if name == "" {
		return
	}
	if p.fonts < maxListItems {
		p.rec.Fields.Set(fmt.Sprintf("rtf.font[%d]", p.fonts), name)
	}
	if deff, ok := p.rec.Fields["rtf.header.deff"]; ok && deff == strconv.FormatInt(p.fontNum, 10) {
		if _, set := p.rec.Fields["rtf.font.default"]; !set {
			p.rec.Fields.Set("rtf.font.default", name)
		}
	}
	p.fonts++
}

func (p *parser) symbol(t token) {
	g := p.top()
	switch t.word {
	case "*":
		// \* marks an ignorable destination: skipped unless its word is
		// one read below (word resets dest when it knows it).
		if g.dest != destSkip {
			g.dest = destSkip
			g.name = "*"
		}
		return
	case "~":
		p.textByte(' ', true)
		return
	case "\\", "{", "}":
		p.textByte(t.word[0], true)
		return
	case "-", "_", ":", "|":
		return
	}
}

// word handles a control word.
func (p *parser) word(t token) {
	g := p.top()
	ignorable := g.dest == destSkip && g.name == "*"
	if ignorable {
		g.dest = destNone
		g.name = ""
	}
	if p.skipN > 0 && t.word != "bin" {
		p.skipN--
		return
	}
	if structureMarks[t.word] {
		p.marks[t.word] = true
	}
	f := p.rec.Fields
	switch t.word {
	case "u":
		if t.hasParam {
			u := t.param
			if u < 0 {
				u += 65536
			}
			if g.text != nil && g.dest != destHex {
				g.text.addUnit(rune(u))
			} else if g.fontText && p.font != nil {
				p.font.addUnit(rune(u))
			} else if g.fontText {
				p.font = &collector{cp: p.cp}
				p.font.addUnit(rune(u))
			}
			p.skipN = max(g.uc, 0)
		}
		return
	case "uc":
		if t.hasParam && t.param >= 0 && t.param <= 8 {
			g.uc = t.param
		}
	case "bin":
		if t.hasParam && t.param > 0 {
			if err := p.sc.skip(t.param); err != nil && !errors.Is(err, io.EOF) {
				p.rec.AddProblem("rtf: \\bin%d: %v", t.param, err)
			}
		}
		return
	case "ansi":
		p.cp = 1252
	case "mac":
		p.cp = 10000
	case "pc":
		p.cp = 437
	case "pca":
		p.cp = 850
	case "ansicpg":
		if t.hasParam && t.param > 0 && t.param < 1<<16 {
			p.cp = int(t.param)
		}
	case "lang":
		// \langfe and \alang name the East Asian and complex-script
		// languages of every run, set from the installation whatever
		// the text is; only \lang is the text's language.
		if t.hasParam {
			p.addLang(t.param)
		}
	case "rsid", "insrsid", "charrsid", "pararsid", "sectrsid", "tblrsid", "delrsid":
		if g.dest == destRsidTable && t.word == "rsid" && t.hasParam {
			if p.rsids < maxListItems {
				f.Set(fmt.Sprintf("rtf.rsidtbl[%d]", p.rsids), rsidHex(t.param))
			}
			p.rsids++
		}
		return
	case "f":
		if g.dest == destFontTable || g.fontText {
			p.endFont()
			p.fontNum = t.param
		}
		return
	}
	if headerNumbers[t.word] && t.hasParam {
		if _, ok := f["rtf.header."+t.word]; !ok {
			f.Set("rtf.header."+t.word, strconv.FormatInt(t.param, 10))
		}
	}
	if g.dest == destInfo || len(p.stack) >= 2 && p.stack[len(p.stack)-2].dest == destInfo && g.name == "" {
		if infoNumbers[t.word] && t.hasParam {
			if _, ok := f["rtf.info."+t.word]; !ok {
				f.Set("rtf.info."+t.word, strconv.FormatInt(t.param, 10))
			}
			return
		}
	}
	if g.dest == destInfoTime && g.time != nil && t.hasParam {
		switch t.word {
		case "yr":
			g.time.yr = t.param
		case "mo":
			g.time.mo = t.param
		case "dy":
			g.time.dy = t.param
		case "hr":
			g.time.hr = t.param
		case "min":
			g.time.min = t.param
		case "sec":
			g.time.sec = t.param
		}
		return
	}
	p.destination(g, t, ignorable)
}

// destination starts the destination a control word names, when it opens
// its group (a destination word is the group's first).
func (p *parser) destination(g *group, t token, ignorable bool) {
	inInfo := len(p.stack) >= 2 && p.stack[len(p.stack)-2].dest == destInfo
	inUpr := len(p.stack) >= 2 && p.stack[len(p.stack)-2].name == "upr"
	switch {
	case t.word == "info" && !ignorable:
		g.dest, g.name = destInfo, "info"
	case (inInfo || inUpr || g.name == "ud") && infoText[t.word]:
		g.dest, g.name, g.text = destInfoText, t.word, &collector{cp: p.cp}
	case inInfo && infoTimes[t.word]:
		g.dest, g.name, g.time = destInfoTime, t.word, &infoTime{}
	case t.word == "upr" && inInfo:
		g.dest, g.name = destNone, "upr"
	case t.word == "ud" && ignorable && inUpr:
		// {\*\ud …}: the Unicode twin of an \upr pair; its \author is
		// read after the ANSI one and replaces it (see setInfo).
		g.dest, g.name = destInfo, "ud"
	case t.word == "generator" && ignorable:
		g.dest, g.name, g.text = destGenerator, "generator", &collector{cp: p.cp}
	case t.word == "fonttbl":
		// Cocoa writes its fonts in the table's own group, not one
		// group each: both are font text.
		g.dest, g.name, g.fontText = destFontTable, "fonttbl", true
	case t.word == "rsidtbl" && ignorable:
		g.dest, g.name = destRsidTable, "rsidtbl"
	case t.word == "xmlnstbl" && ignorable:
		g.dest, g.name = destXMLNS, "xmlnstbl"
	case strings.HasPrefix(t.word, "xmlns") && len(p.stack) >= 2 && p.stack[len(p.stack)-2].dest == destXMLNS:
		g.dest, g.name, g.text = destXMLNSEntry, "xmlns", &collector{cp: p.cp}
	case (t.word == "themedata" || t.word == "colorschememapping" || t.word == "datastore") && ignorable:
		g.dest, g.name = destHex, t.word
		g.hex = &hexCollector{limit: 4 << 10, half: -1}
	case t.word == "object":
		g.dest, g.name, g.object = destObject, "object", &object{}
	case g.object != nil && (t.word == "objemb" || t.word == "objlink" || t.word == "objautlink" ||
		t.word == "objsub" || t.word == "objpub" || t.word == "objicemb" || t.word == "objhtml" || t.word == "objocx"):
		g.object.kind = t.word
	case g.object != nil && t.word == "objclass" && ignorable:
		g.dest, g.name, g.text = destObjClass, "objclass", &collector{cp: p.cp}
	case g.object != nil && t.word == "objdata":
		g.dest, g.name = destHex, "objdata"
		g.hex = &hexCollector{limit: maxObjectData, half: -1}
		g.object.data = g.hex
	case t.word == "pict" || t.word == "result" && g.object != nil:
		g.dest, g.name, g.text, g.hex = destSkip, t.word, nil, nil
	case ignorable:
		if structureMarks[t.word] {
			p.marks[t.word] = true
		}
		g.dest, g.name, g.text, g.hex, g.fontText = destSkip, t.word, nil, nil, false
	}
}

// inGroup reports whether a group named name is open.
func (p *parser) inGroup(name string) bool {
	for i := range p.stack {
		if p.stack[i].name == name {
			return true
		}
	}
	return false
}

// addLang records a language ID the document uses, once, in order.
func (p *parser) addLang(id int64) {
	if id <= 0 || id > 0xFFFF || p.langs[id] || len(p.langOrd) >= maxListItems {
		return
	}
	p.langs[id] = true
	p.langOrd = append(p.langOrd, id)
}

// rsidHex writes an rsid as OOXML writes w:rsidRoot (eight upper-case hex
// digits), so that the rtf and docx saves of one Word session compare
// equal.
func rsidHex(n int64) string { return fmt.Sprintf("%08X", uint32(n)) }

func timeMonth(m int64) time.Month { return time.Month(m) }

// xmlNamespace returns the default namespace of an XML fragment's first
// element (the colour scheme mapping's), or "".
func xmlNamespace(b []byte) string {
	s := string(b)
	i := strings.Index(s, "xmlns")
	if i < 0 {
		return ""
	}
	s = s[i:]
	q := strings.IndexAny(s, "\"'")
	if q < 0 {
		return ""
	}
	end := strings.IndexByte(s[q+1:], s[q])
	if end < 0 {
		return ""
	}
	return s[q+1 : q+1+end]
}
