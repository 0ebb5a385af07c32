package ooxml

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// corePrefixes maps the namespaces of core.xml to the prefixes Fields use,
// whatever prefixes the producer chose.
var corePrefixes = map[string]string{
	"http://purl.org/dc/elements/1.1/":                                        "dc",
	"http://purl.org/dc/terms/":                                               "dcterms",
	"http://schemas.openxmlformats.org/package/2006/metadata/core-properties": "cp",
	"http://purl.org/dc/dcmitype/":                                            "dcmitype",
}

// readProperties reads the three property parts every Office application
// and most libraries write: core (Dublin Core: who and when), extended
// (app.xml: which program, how long, which template and company) and custom
// (user and system properties: document management, sensitivity labels,
// WPS build numbers).
func (p *pkg) readProperties() {
	f := p.rec.Fields
	corePart := p.rootPart("/metadata/core-properties", "docProps/core.xml")
	if b := p.read(corePart, MaxPropsBytes); b != nil {
		seen := map[string]int{}
		var order []string
		p.walk(corePart, b, walker{end: func(name xml.Name, text string, stack []string) {
			if len(stack) != 1 {
				return
			}
			key := name.Local
			if pre, ok := corePrefixes[name.Space]; ok {
				key = pre + ":" + name.Local
			}
			if len(order) < 64 {
				order = append(order, key)
			}
			k := "ooxml.core." + key
			if n := seen[key]; n > 0 {
				k = fmt.Sprintf("%s[%d]", k, n)
			}
			seen[key]++
			f.Set(k, text)
		}})
		// The order of the elements is the producer's, not the standard's.
		f.Set("ooxml.core.order", strings.Join(order, " "))
	}
	f.Set("ooxml.core.part", corePart)

	appPart := p.rootPart("/extended-properties", "docProps/app.xml")
	if b := p.read(appPart, MaxPropsBytes); b != nil {
		lists := map[string]int{}
		var order []string
		p.walk(appPart, b, walker{end: func(name xml.Name, text string, stack []string) {
			switch {
			case len(stack) == 1:
				// A simple property; a vector's container ends here too,
				// with only white space as text.
				if _, isList := lists[name.Local]; !isList {
					f.Set("ooxml.app."+name.Local, text)
				}
				if len(order) < 64 {
					order = append(order, name.Local)
				}
			case len(stack) >= 2 && !isContainer(name.Local):
				top := stack[1]
				i := lists[top]
				if i < maxListed {
					f.Set(fmt.Sprintf("ooxml.app.%s[%d]", top, i), text)
				}
				lists[top] = i + 1
			}
		}})
		f.Set("ooxml.app.order", strings.Join(order, " "))
	}

	customPart := p.rootPart("/custom-properties", "docProps/custom.xml")
	if b := p.read(customPart, MaxPropsBytes); b != nil {
		var name string
		n := 0
		p.walk(customPart, b, walker{
			start: func(se xml.StartElement, stack []string) {
				if se.Name.Local == "property" && len(stack) == 1 {
					name = attr(se, "name")
					if name == "" {
						name = "pid" + attr(se, "pid")
					}
					n++
				}
			},
			end: func(el xml.Name, text string, stack []string) {
				if len(stack) < 2 || stack[1] != "property" || isContainer(el.Local) || n > maxListed {
					return
				}
				k := "ooxml.custom." + name
				if _, dup := f[k]; dup {
					return // a vector: its first item stands for it
				}
				f.Set(k, text)
				f.Set(k+".type", "vt:"+el.Local)
			},
		})
		f.Set("ooxml.custom.count", strconv.Itoa(n))
	}
}

// isContainer reports whether a docPropsVTypes element holds other values
// rather than being one.
func isContainer(local string) bool {
	switch local {
	case "vector", "variant", "array", "property":
		return true
	}
	return false
}

// appString returns app.xml's value for an element, trimmed.
func (p *pkg) appString(name string) string {
	return strings.TrimSpace(p.rec.Fields["ooxml.app."+name])
}
