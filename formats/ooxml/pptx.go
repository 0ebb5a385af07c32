package ooxml

import (
	"encoding/xml"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/docprov/docprov/formats/internal/textdigest"
	"github.com/docprov/docprov/formats/internal/xmlscan"
)

// readPowerPoint reads presentation.xml's properties, the comment authors
// (classic commentAuthors.xml and the modern authors.xml of PowerPoint 365)
// with the times of their comments, and the slides for languages and the
// creation IDs PowerPoint 2010 and later give every slide (a slide copied
// into another deck keeps its ID).
func (p *pkg) readPowerPoint() {
	f := p.rec.Fields
	dir := path.Dir(p.main)
	var slideIDs []string // relationship IDs of the slides, in order
	if b := p.read(p.main, MaxSettingsBytes); b != nil {
		slides := 0
		p.walk(p.main, b, walker{start: func(se xml.StartElement, stack []string) {
			switch {
			case len(stack) == 0:
				for _, a := range se.Attr {
					if a.Name.Space != "xmlns" && a.Name.Local != "xmlns" && a.Name.Space != nsMC {
						f.Set("ooxml.presentation."+a.Name.Local, a.Value)
					}
				}
			case se.Name.Local == "sldId" && len(stack) == 2 && stack[1] == "sldIdLst":
				slides++
				if len(slideIDs) < MaxContentParts {
					slideIDs = append(slideIDs, relID(se))
				}
			case (se.Name.Local == "sldSz" || se.Name.Local == "notesSz") && len(stack) == 1:
				f.Set("ooxml.presentation."+se.Name.Local, strings.TrimSpace(attr(se, "cx")+"x"+attr(se, "cy")+" "+attr(se, "type")))
			}
		}})
		f.Set("ooxml.presentation.slides", strconv.Itoa(slides))
	}
	if b := p.read(dir+"/presProps.xml", MaxSettingsBytes); b != nil {
		p.walk(dir+"/presProps.xml", b, walker{start: func(se xml.StartElement, stack []string) {
			if se.Name.Local == "showPr" && len(stack) == 1 {
				for _, a := range se.Attr {
					if a.Name.Space != "xmlns" {
						f.Set("ooxml.presProps.showPr."+a.Name.Local, a.Value)
					}
				}
			}
		}})
	}

	// Authors: classic ones are numbered, modern ones have GUIDs.
	authors := p.readPeople(dir+"/commentAuthors.xml", "cmAuthor", "ooxml.pptx.commentAuthor", "name", "initials", "lastIdx")
	for id, name := range p.readPeople(dir+"/authors.xml", "author", "ooxml.pptx.author", "name", "initials", "userId", "providerId") {
		authors[id] = name
	}
	comments := newAuthorSet()
	for _, zf := range p.sortedNames(func(lower string) bool {
		return strings.HasPrefix(lower, strings.ToLower(dir)+"/comments/") && strings.HasSuffix(lower, ".xml")
	}) {
		if b := p.readFile(zf, MaxContentBytes); b != nil {
			p.walk(zf.Name, b, walker{start: func(se xml.StartElement, stack []string) {
				if se.Name.Local != "cm" || len(stack) != 1 {
					return
				}
				id := attr(se, "authorId")
				name, ok := authors[id]
				if !ok {
					name = id
				}
				date := attr(se, "dt")
				if date == "" {
					date = attr(se, "created")
				}
				comments.add(name, "", date)
			}})
		}
	}
	comments.write(f, "ooxml.pptx.comments")

	// Slides and their masters: languages and slide creation IDs; the
	// slides' text for the content digest, kept per slide and hashed in
	// the presentation's order once all are read.
	ids := 0
	order := p.slideOrder(slideIDs)
	texts := make([][]byte, len(order))
	seen := 0
	for _, zf := range p.sortedNames(func(lower string) bool {
		return strings.HasPrefix(lower, strings.ToLower(dir)+"/") && !strings.Contains(lower, "/_rels/") &&
			strings.HasSuffix(lower, ".xml") && pptContentPart(lower)
	}) {
		if p.ctx.Err() != nil {
			return
		}
		b := p.readFile(zf, MaxContentBytes)
		if b == nil {
			continue
		}
		isSlide := strings.Contains(strings.ToLower(zf.Name), "/slides/")
		if n, ok := order[zf.Name]; ok && texts[n] == nil {
			text := []byte{}
			d := textdigest.Digest{Tee: &text, Collect: true}
			digestRuns(&d, b, drawingText)
			d.Flush()
			if !d.Broken() {
				texts[n] = text
				seen++
			}
		}
		p.walk(zf.Name, b, walker{skim: slideMarkers, start: func(se xml.StartElement, _ []string) {
			p.countLangs(se)
			if isSlide && se.Name.Local == "creationId" && ids < maxListed {
				f.Set(fmt.Sprintf("ooxml.slide.creationId[%d]", ids), attr(se, "val"))
				ids++
			}
		}})
	}
	if seen == len(texts) {
		var d textdigest.Digest
		for _, t := range texts {
			d.Write(t)
			d.Sep()
		}
		d.Record(f)
	}
}

// slideOrder maps the part name of every slide to its place in the
// presentation: the order of presentation.xml's slide list, or, without
// one, the slide parts' natural order.
func (p *pkg) slideOrder(ids []string) map[string]int {
	order := map[string]int{}
	if len(ids) > 0 {
		byID := map[string]rel{}
		for _, r := range p.partRels(p.main) {
			byID[r.ID] = r
		}
		for _, id := range ids {
			if r, ok := byID[id]; ok && !r.External && strings.HasSuffix(r.Type, "/slide") && p.a.Has(r.Target) {
				name := p.a.File(r.Target).Name
				if _, dup := order[name]; !dup {
					order[name] = len(order)
				}
			}
		}
		return order
	}
	dir := strings.ToLower(path.Dir(p.main)) + "/slides/"
	for _, zf := range p.sortedNames(func(lower string) bool {
		return strings.HasPrefix(lower, dir) && !strings.Contains(lower[len(dir):], "/") && strings.HasSuffix(lower, ".xml")
	}) {
		order[zf.Name] = len(order)
	}
	return order
}

// slideMarkers skim slides, layouts and masters: their languages and the
// slide creation IDs (p14:creationId).
var slideMarkers = append([]xmlscan.Marker{{Word: "creationId", Kind: xmlscan.StartTag}}, storyMarkers...)

// pptContentPart reports whether a part of a presentation holds text.
func pptContentPart(lower string) bool {
	for _, d := range []string{"/slides/", "/slidelayouts/", "/slidemasters/", "/notesslides/", "/notesmasters/", "/handoutmasters/", "/charts/"} {
		if strings.Contains(lower, d) {
			return true
		}
	}
	return false
}
