package ooxml

import (
	"encoding/xml"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/docprov/docprov/formats/internal/textdigest"
)

// Namespaces of Word's docId elements.
const (
	nsW14 = "http://schemas.microsoft.com/office/word/2010/wordml"
	nsW15 = "http://schemas.microsoft.com/office/word/2012/wordml"
)

// trackedChange lists the WordprocessingML elements that record a tracked
// change with its author and date.
var trackedChange = map[string]bool{
	"ins": true, "del": true, "moveFrom": true, "moveTo": true,
	"rPrChange": true, "pPrChange": true, "sectPrChange": true, "tblPrChange": true,
	"tblPrExChange": true, "trPrChange": true, "tcPrChange": true, "tblGridChange": true,
	"numberingChange": true, "cellIns": true, "cellDel": true, "cellMerge": true,
	"moveFromRangeStart": true, "moveToRangeStart": true,
	"customXmlInsRangeStart": true, "customXmlDelRangeStart": true,
	"customXmlMoveFromRangeStart": true, "customXmlMoveToRangeStart": true,
}

// wordContentRe matches the story parts of a Word document, relative to the
// main part's folder.
var wordContentRe = regexp.MustCompile(`^(document\d*|header\d*|footer\d*|footnotes|endnotes|comments|glossary/document)\.xml$`)

// readWord reads what WordprocessingML adds to the property parts.
func (p *pkg) readWord() {
	f := p.rec.Fields
	dir := path.Dir(p.main)
	rels := p.partRels(p.main)

	settings := relTarget(rels, "/settings")
	if settings == "" {
		settings = dir + "/settings.xml"
	}
	p.readWordSettings(settings)

	styles := relTarget(rels, "/styles")
	if styles == "" {
		styles = dir + "/styles.xml"
	}
	if b := p.read(styles, MaxSettingsBytes); b != nil {
		n := 0
		p.walk(styles, b, walker{start: func(se xml.StartElement, stack []string) {
			p.countLangs(se)
			inDefaults := len(stack) >= 3 && stack[1] == "docDefaults" && stack[2] == "rPrDefault"
			switch {
			case se.Name.Local == "lang" && inDefaults:
				for _, a := range []string{"val", "eastAsia", "bidi"} {
					f.Set("ooxml.styles.lang."+a, attr(se, a))
				}
			case se.Name.Local == "rFonts" && inDefaults:
				for _, a := range se.Attr {
					f.Set("ooxml.styles.rFonts."+a.Name.Local, a.Value)
				}
			case se.Name.Local == "latentStyles" && len(stack) == 1:
				f.Set("ooxml.styles.latentStyles.count", attr(se, "count"))
			case se.Name.Local == "style" && len(stack) == 1:
				n++
			}
		}})
		f.Set("ooxml.styles.count", strconv.Itoa(n))
	}

	fonts := relTarget(rels, "/fontTable")
	if fonts == "" {
		fonts = dir + "/fontTable.xml"
	}
	if b := p.read(fonts, MaxSettingsBytes); b != nil {
		n := 0
		p.walk(fonts, b, walker{start: func(se xml.StartElement, stack []string) {
			if se.Name.Local == "font" && len(stack) == 1 {
				if n < maxListed {
					f.Set(fmt.Sprintf("ooxml.fontTable.font[%d]", n), attr(se, "name"))
				}
				n++
			}
		}})
		f.Set("ooxml.fontTable.count", strconv.Itoa(n))
	}

	people := relTarget(rels, "/people")
	if people == "" {
		people = dir + "/people.xml"
	}
	if b := p.read(people, MaxSettingsBytes); b != nil {
		n := -1
		p.walk(people, b, walker{start: func(se xml.StartElement, stack []string) {
			switch {
			case se.Name.Local == "person":
				n++
				if n < maxListed {
					f.Set(fmt.Sprintf("ooxml.people.person[%d]", n), attr(se, "author"))
				}
			case se.Name.Local == "presenceInfo" && n >= 0 && n < maxListed:
				f.Set(fmt.Sprintf("ooxml.people.person[%d].providerId", n), attr(se, "providerId"))
				f.Set(fmt.Sprintf("ooxml.people.person[%d].userId", n), attr(se, "userId"))
			}
		}})
	}

	// Stories: body, headers, footers, notes and comments, for tracked
	// changes, comments and languages.
	changes, comments := newAuthorSet(), newAuthorSet()
	var utc timeRange
	parts := p.sortedNames(func(lower string) bool {
		rel, ok := strings.CutPrefix(lower, strings.ToLower(dir)+"/")
		return ok && wordContentRe.MatchString(rel)
	})
	var digest textdigest.Digest
	mainRead := false
	for _, zf := range parts {
		if p.ctx.Err() != nil {
			return
		}
		b := p.readFile(zf, MaxContentBytes)
		if b == nil {
			continue
		}
		if zf.Name == p.main {
			digestRuns(&digest, b, wordText)
			mainRead = true
		}
		p.walk(zf.Name, b, walker{skim: storyMarkers, start: func(se xml.StartElement, stack []string) {
			p.countLangs(se)
			if !strings.Contains(se.Name.Space, "wordprocessingml") {
				return
			}
			switch {
			case trackedChange[se.Name.Local] && hasAttr(se, "author"):
				changes.add(attr(se, "author"), "", attr(se, "date"))
				utc.add(attr(se, "dateUtc"))
			case se.Name.Local == "comment" && len(stack) == 1:
				comments.add(attr(se, "author"), attr(se, "initials"), attr(se, "date"))
			}
		}})
	}
	if !mainRead && p.ctx.Err() == nil {
		// A main part under a name of its own.
		if b := p.read(p.main, MaxContentBytes); b != nil {
			digestRuns(&digest, b, wordText)
			mainRead = true
		}
	}
	if mainRead {
		digest.Record(f)
	}
	changes.write(f, "ooxml.changes")
	utc.write(f, "ooxml.changes.dateUtc")
	comments.write(f, "ooxml.comments")

	// Comments of Word 2019 and later carry their UTC time apart.
	var cex timeRange
	for _, zf := range p.sortedNames(func(lower string) bool { return lower == strings.ToLower(dir)+"/commentsextensible.xml" }) {
		if b := p.readFile(zf, MaxContentBytes); b != nil {
			p.walk(zf.Name, b, walker{start: func(se xml.StartElement, _ []string) {
				if se.Name.Local == "commentExtensible" {
					cex.add(attr(se, "dateUtc"))
				}
			}})
		}
	}
	cex.write(f, "ooxml.comments.dateUtc")
}

// readWordSettings reads word/settings.xml: the revision-save IDs, the
// document IDs of Word 2010 and 2013, the attached template, compatibility
// mode, the languages of the theme fonts and the locale's separators.
func (p *pkg) readWordSettings(part string) {
	f := p.rec.Fields
	b := p.read(part, MaxSettingsBytes)
	if b == nil {
		return
	}
	var templateID string
	rsids := 0
	p.walk(part, b, walker{start: func(se xml.StartElement, stack []string) {
		parent := ""
		if len(stack) > 0 {
			parent = stack[len(stack)-1]
		}
		switch se.Name.Local {
		case "rsidRoot":
			f.Set("ooxml.settings.rsidRoot", attr(se, "val"))
		case "rsid":
			if parent == "rsids" {
				if rsids < maxListed {
					f.Set(fmt.Sprintf("ooxml.settings.rsid[%d]", rsids), attr(se, "val"))
				}
				rsids++
			}
		case "docId":
			switch se.Name.Space {
			case nsW14:
				f.Set("ooxml.settings.w14:docId", attr(se, "val"))
			case nsW15:
				f.Set("ooxml.settings.w15:docId", attr(se, "val"))
			default:
				f.Set("ooxml.settings.docId", attr(se, "val"))
			}
		case "attachedTemplate":
			templateID = attr(se, "id")
			f.Set("ooxml.settings.attachedTemplate", templateID)
		case "compatSetting":
			name := attr(se, "name")
			if name != "" {
				f.Set("ooxml.settings.compatSetting."+name, attr(se, "val"))
			}
		case "themeFontLang":
			for _, a := range []string{"val", "eastAsia", "bidi"} {
				f.Set("ooxml.settings.themeFontLang."+a, attr(se, a))
			}
		case "decimalSymbol", "listSeparator", "defaultTabStop", "proofState", "characterSpacingControl":
			if len(stack) == 1 {
				v := attr(se, "val")
				if se.Name.Local == "proofState" {
					v = strings.TrimSpace(attr(se, "spelling") + " " + attr(se, "grammar"))
				}
				f.Set("ooxml.settings."+se.Name.Local, v)
			}
		case "trackRevisions":
			if len(stack) == 1 {
				f.Set("ooxml.settings.trackRevisions", "true")
			}
		case "documentProtection", "writeProtection":
			f.Set("ooxml.settings."+se.Name.Local, strings.TrimSpace(attr(se, "edit")+" "+attr(se, "enforcement")))
		case "docVar":
			if name := attr(se, "name"); name != "" {
				f.Set("ooxml.settings.docVar."+name, attr(se, "val"))
			}
		case "query":
			if parent == "mailMerge" {
				f.Set("ooxml.settings.mailMerge.query", attr(se, "val"))
			}
		}
	}})
	if rsids > 0 {
		f.Set("ooxml.settings.rsids", strconv.Itoa(rsids))
	}
	f.Set("ooxml.settings.compatibilityMode", f["ooxml.settings.compatSetting.compatibilityMode"])
	// The attached template is a relationship of settings.xml; its target
	// is the template's path as the author's machine saw it, often with a
	// user name in it.
	rels := p.partRels(part)
	for _, r := range rels {
		if strings.HasSuffix(r.Type, "/attachedTemplate") && (templateID == "" || r.ID == templateID) {
			f.Set("ooxml.settings.attachedTemplate.target", r.Target)
			break
		}
	}
	for _, r := range rels {
		if r.External && strings.HasSuffix(r.Type, "/mailMergeSource") {
			f.Set("ooxml.settings.mailMerge.source", r.Target)
		}
	}
}

// authorStat is what is known of one author of changes or comments.
type authorStat struct {
	initials    string
	count       int
	first, last string
}

// authorSet counts changes or comments per author, in order of first
// appearance.
type authorSet struct {
	order []string
	m     map[string]*authorStat
	total int
}

func newAuthorSet() *authorSet { return &authorSet{m: map[string]*authorStat{}} }

func (s *authorSet) add(name, initials, date string) {
	s.total++
	st := s.m[name]
	if st == nil {
		if len(s.order) >= maxListed {
			return
		}
		st = &authorStat{}
		s.m[name] = st
		s.order = append(s.order, name)
	}
	st.count++
	if st.initials == "" {
		st.initials = initials
	}
	if date != "" {
		if st.first == "" || date < st.first {
			st.first = date
		}
		if date > st.last {
			st.last = date
		}
	}
}

// write records the set as prefix (the total), prefix.author[i] (the name)
// and its .initials, .count, .first and .last (dates as written; ISO 8601
// strings of one producer sort as times).
func (s *authorSet) write(f map[string]string, prefix string) {
	if s.total == 0 {
		return
	}
	set := func(k, v string) {
		if v != "" {
			f[k] = v
		}
	}
	set(prefix, strconv.Itoa(s.total))
	for i, name := range s.order {
		st := s.m[name]
		k := fmt.Sprintf("%s.author[%d]", prefix, i)
		if name == "" {
			name = "(no name)"
		}
		set(k, name)
		set(k+".initials", st.initials)
		set(k+".count", strconv.Itoa(st.count))
		set(k+".first", st.first)
		set(k+".last", st.last)
	}
}

// timeRange keeps the earliest and latest of a set of ISO 8601 times.
type timeRange struct{ first, last string }

func (r *timeRange) add(t string) {
	if t == "" {
		return
	}
	if r.first == "" || t < r.first {
		r.first = t
	}
	if t > r.last {
		r.last = t
	}
}

func (r *timeRange) write(f map[string]string, prefix string) {
	if r.first != "" {
		f[prefix+".first"] = r.first
		f[prefix+".last"] = r.last
	}
}
