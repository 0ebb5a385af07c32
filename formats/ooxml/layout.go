package ooxml

import (
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// maxDeclParts caps the parts whose first bytes are read for their XML
// declaration.
const maxDeclParts = 400

// declHeadBytes is how much of a part declStyle looks at.
const declHeadBytes = 160

// customXMLPropsRe matches the property parts of custom XML data items.
var customXMLPropsRe = regexp.MustCompile(`(?i)^customxml/itemprops\d*\.xml$`)

// readLayout records the ZIP container's layout (see zipx.RecordLayout),
// the thumbnail, and the custom XML data items with their GUIDs: document
// management systems (SharePoint, iManage) and Office itself store data
// items whose itemID stays with the document through copies.
func (p *pkg) readLayout() {
	f := p.rec.Fields
	p.a.RecordLayout(f, "ooxml.zip")
	dirs, ct := 0, -1
	for i, e := range p.a.Zip.File {
		lower := strings.ToLower(e.Name)
		switch {
		case strings.HasSuffix(e.Name, "/"):
			dirs++
		case lower == "[content_types].xml" && ct < 0:
			ct = i
		case strings.HasPrefix(lower, "docprops/thumbnail."):
			f.Set("ooxml.zip.thumbnail", e.Name)
		}
	}
	if dirs > 0 {
		f.Set("ooxml.zip.directories", strconv.Itoa(dirs))
	}
	if ct >= 0 {
		f.Set("ooxml.zip.contentTypesIndex", strconv.Itoa(ct))
	}

	items := 0
	for _, e := range p.sortedNames(func(lower string) bool { return customXMLPropsRe.MatchString(lower) }) {
		b := p.readFile(e, MaxPropsBytes)
		if b == nil {
			continue
		}
		k := fmt.Sprintf("ooxml.customXml.itemProps[%d]", items)
		f.Set(k, e.Name)
		refs := 0
		p.walk(e.Name, b, walker{start: func(se xml.StartElement, _ []string) {
			switch se.Name.Local {
			case "datastoreItem":
				f.Set(k+".itemID", attr(se, "itemID"))
			case "schemaRef":
				if refs < 32 {
					f.Set(fmt.Sprintf("%s.schemaRef[%d]", k, refs), attr(se, "uri"))
				}
				refs++
			}
		}})
		items++
	}
	if items > 0 {
		f.Set("ooxml.customXml.items", strconv.Itoa(items))
	}
}

// readDeclarations reads the first bytes of every XML part (up to
// maxDeclParts) for the style of its XML declaration, a strong producer
// trace: see declStyle.
func (p *pkg) readDeclarations() {
	n := 0
	for _, e := range p.a.Zip.File {
		lower := strings.ToLower(e.Name)
		if !(strings.HasSuffix(lower, ".xml") || strings.HasSuffix(lower, ".rels")) || strings.HasSuffix(lower, "/") {
			continue
		}
		if n >= maxDeclParts || p.ctx.Err() != nil {
			break
		}
		n++
		head, ok := p.heads[e]
		if !ok {
			rc, err := e.Open()
			if err != nil {
				continue
			}
			head = make([]byte, declHeadBytes)
			m, _ := io.ReadFull(rc, head)
			rc.Close()
			p.budget -= int64(m)
			head = head[:m]
		}
		if len(head) == 0 {
			continue
		}
		p.decls[declStyle(head)]++
	}
	for style, count := range p.decls {
		p.rec.Fields.Set("ooxml.xml.decl["+style+"]", strconv.Itoa(count))
	}
}

// recordNamespaces writes the namespace declarations seen in the parts read
// (ooxml.ns.<prefix> = URI), the mc:Ignorable prefixes, and the newest
// Office namespace with its release, for anachronism checks.
func (p *pkg) recordNamespaces() {
	f := p.rec.Fields
	uris := make([]string, 0, len(p.namespaces))
	for u := range p.namespaces {
		uris = append(uris, u)
	}
	sort.Strings(uris)
	var newest namespaceRelease
	var dated []string
	for _, u := range uris {
		prefix := p.namespaces[u]
		if prefix != "" {
			k := "ooxml.ns." + prefix
			for i := 2; f[k] != "" && f[k] != u; i++ {
				k = fmt.Sprintf("ooxml.ns.%s#%d", prefix, i)
			}
			f.Set(k, u)
		}
		if r, ok := releaseOf(u); ok {
			dated = append(dated, r.Prefix)
			if r.Date > newest.Date {
				newest = r
			}
		}
	}
	if newest.URI != "" {
		f.Set("ooxml.ns.newest", newest.Prefix)
		f.Set("ooxml.ns.newest.uri", newest.URI)
		f.Set("ooxml.ns.newest.release", newest.Release)
		f.Set("ooxml.ns.newest.date", newest.Date)
		sort.Strings(dated)
		f.Set("ooxml.ns.dated", strings.Join(dated, " "))
	}
	var ign []string
	for pre := range p.ignorable {
		ign = append(ign, pre)
	}
	sort.Strings(ign)
	f.Set("ooxml.mc.Ignorable", strings.Join(ign, " "))
}
