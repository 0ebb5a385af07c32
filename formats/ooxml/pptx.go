package ooxml

import (
	"encoding/xml"
	"fmt"
	"path"
	"strconv"
	"strings"

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

	// Slides and their masters: languages and slide creation IDs.
	ids := 0
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
		p.walk(zf.Name, b, walker{skim: slideMarkers, start: func(se xml.StartElement, _ []string) {
			p.countLangs(se)
			if isSlide && se.Name.Local == "creationId" && ids < maxListed {
				f.Set(fmt.Sprintf("ooxml.slide.creationId[%d]", ids), attr(se, "val"))
				ids++
			}
		}})
	}
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
