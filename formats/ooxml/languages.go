package ooxml

import (
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
)

// countLangs counts the language tags an element carries: WordprocessingML
// w:lang (val, eastAsia, bidi), DrawingML lang and altLang on run
// properties (a:rPr, a:endParaRPr, a:defRPr), chart c:lang, and xml:lang.
// The languages of a document's text are those of the author's keyboard and
// proofing tools: a French campaign's file typed with a Russian layout
// shows ru-RU here.
func (p *pkg) countLangs(se xml.StartElement) {
	add := func(v string) {
		v = strings.TrimSpace(v)
		if v == "" || len(v) > 35 {
			return
		}
		if _, ok := p.langs[v]; ok || len(p.langs) < maxListed {
			p.langs[v]++
		}
	}
	if se.Name.Local == "lang" {
		// w:lang and c:lang: the language is in attributes. eastAsia
		// and bidi name the languages for Asian and right-to-left text,
		// which Word and python-docx templates set to defaults (zh-CN,
		// ar-SA) whatever the author writes: counted, but not the
		// author's language.
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "val":
				p.primaryLang[strings.TrimSpace(a.Value)] = true
				add(a.Value)
			case "eastAsia", "bidi":
				if v := strings.TrimSpace(a.Value); v != "" {
					p.secondaryLang[v] = true
				}
				add(a.Value)
			}
		}
		return
	}
	for _, a := range se.Attr {
		switch {
		case a.Name.Local == "lang" && (a.Name.Space == "" || a.Name.Space == nsXML || a.Name.Space == "xml"):
			p.primaryLang[strings.TrimSpace(a.Value)] = true
			add(a.Value)
		case a.Name.Local == "altLang" && a.Name.Space == "":
			p.primaryLang[strings.TrimSpace(a.Value)] = true
			add(a.Value)
		}
	}
}

// scanLanguages walks the parts matching pred only for their languages.
func (p *pkg) scanLanguages(pred func(lower string) bool) {
	for _, zf := range p.sortedNames(pred) {
		if p.ctx.Err() != nil {
			return
		}
		if p.parsed[strings.ToLower(zf.Name)] {
			continue
		}
		if b := p.readFile(zf, MaxContentBytes); b != nil {
			p.walk(zf.Name, b, walker{skim: storyMarkers, start: func(se xml.StartElement, _ []string) { p.countLangs(se) }})
		}
	}
}

// readLanguages writes the language counts as ooxml.lang[<tag>] and fills
// the normalized languages: dc:language first (the document's own claim),
// then the languages of the text, most used first. "x-none" (no language)
// and values that are not language tags stay in Fields only.
func (p *pkg) readLanguages() {
	f := p.rec.Fields
	type lc struct {
		tag string
		n   int
	}
	var list []lc
	for tag, n := range p.langs {
		list = append(list, lc{tag, n})
		f.Set(fmt.Sprintf("ooxml.lang[%s]", tag), fmt.Sprint(n))
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].n != list[j].n {
			return list[i].n > list[j].n
		}
		return list[i].tag < list[j].tag
	})
	add := func(v string) {
		if t := canonicalLang(v); t != "" {
			for _, have := range p.rec.Languages {
				if have == t {
					return
				}
			}
			p.rec.Languages = append(p.rec.Languages, t)
		}
	}
	add(f["ooxml.core.dc:language"])
	for _, l := range list {
		if p.secondaryLang[l.tag] && !p.primaryLang[l.tag] {
			continue
		}
		add(l.tag)
	}
}

// canonicalLang returns a BCP 47 tag in its usual case ("fr-FR", "zh-Hans-CN",
// "sr-Latn-RS"), or "" for values that are not language tags ("x-none",
// numbers, empty). Word writes "en-us" and "EN-US" too; OOXML Strict and
// old producers sometimes write "en_US".
func canonicalLang(v string) string {
	v = strings.ReplaceAll(strings.TrimSpace(v), "_", "-")
	if v == "" || strings.EqualFold(v, "x-none") || strings.HasPrefix(strings.ToLower(v), "x-") {
		return ""
	}
	parts := strings.Split(v, "-")
	if n := len(parts[0]); n < 2 || n > 3 || !isAlpha(parts[0]) {
		return ""
	}
	parts[0] = strings.ToLower(parts[0])
	for i := 1; i < len(parts); i++ {
		s := parts[i]
		switch {
		case s == "":
			return ""
		case len(s) == 2 && isAlpha(s):
			parts[i] = strings.ToUpper(s)
		case len(s) == 4 && isAlpha(s):
			parts[i] = strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
		default:
			parts[i] = strings.ToLower(s)
		}
	}
	return strings.Join(parts, "-")
}

func isAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
