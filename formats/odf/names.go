package odf

import "encoding/xml"

// canonicalPrefix maps namespace URIs to the prefixes the ODF specification
// (and OpenOffice.org 1.x before it) uses for them. Keys in Fields are
// written with these prefixes whatever prefix a file declares, so that
// "odf.meta.meta:generator" means the same element in a file written by
// LibreOffice and in one written by a tool that binds the namespace to "m".
var canonicalPrefix = map[string]string{
	"urn:oasis:names:tc:opendocument:xmlns:office:1.0":                     "office",
	"urn:oasis:names:tc:opendocument:xmlns:meta:1.0":                       "meta",
	"urn:oasis:names:tc:opendocument:xmlns:style:1.0":                      "style",
	"urn:oasis:names:tc:opendocument:xmlns:text:1.0":                       "text",
	"urn:oasis:names:tc:opendocument:xmlns:table:1.0":                      "table",
	"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0":                    "draw",
	"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0":          "fo",
	"urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0":                  "number",
	"urn:oasis:names:tc:opendocument:xmlns:presentation:1.0":               "presentation",
	"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0":                   "manifest",
	"urn:oasis:names:tc:opendocument:xmlns:config:1.0":                     "config",
	"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0":             "svg",
	"urn:oasis:names:tc:opendocument:xmlns:chart:1.0":                      "chart",
	"urn:oasis:names:tc:opendocument:xmlns:of:1.2":                         "of",
	"urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0": "loext",
	"http://openoffice.org/2009/office":                                    "officeooo",
	"http://openoffice.org/2004/office":                                    "ooo",
	"http://purl.org/dc/elements/1.1/":                                     "dc",
	"http://www.w3.org/1999/xlink":                                         "xlink",
	"http://www.w3.org/2003/g/data-view#":                                  "grddl",
	"http://www.w3.org/XML/1998/namespace":                                 "xml",
	// OpenOffice.org 1.x (sxw, sxc, sxi …) used its own namespaces for
	// the same vocabulary.
	"http://openoffice.org/2000/office":       "office",
	"http://openoffice.org/2000/meta":         "meta",
	"http://openoffice.org/2000/style":        "style",
	"http://openoffice.org/2000/text":         "text",
	"http://openoffice.org/2000/table":        "table",
	"http://openoffice.org/2000/drawing":      "draw",
	"http://openoffice.org/2000/datastyle":    "number",
	"http://openoffice.org/2000/presentation": "presentation",
	"http://openoffice.org/2001/manifest":     "manifest",
	"http://openoffice.org/2001/config":       "config",
	"http://www.w3.org/1999/XSL/Format":       "fo",
}

// names turns the namespace-resolved names encoding/xml returns back into
// "prefix:local" strings: the canonical prefix for a known namespace, else
// the prefix the file declared for it, else the namespace URI itself.
type names struct {
	declared map[string]string // URI -> prefix, from xmlns:p="URI" seen so far
	// cache holds the qnames made so far, so that an element name costs a
	// lookup rather than a concatenation each time it appears.
	cache map[xml.Name]string
}

func newNames() *names {
	return &names{declared: map[string]string{}, cache: map[xml.Name]string{}}
}

// maxDeclared bounds the remembered declarations: a hostile file could
// declare a fresh namespace on every element.
const maxDeclared = 1024

// learn remembers the prefixes an element declares.
func (n *names) learn(attrs []xml.Attr) {
	for _, a := range attrs {
		if a.Name.Space == "xmlns" && len(n.declared) < maxDeclared {
			if _, ok := n.declared[a.Value]; !ok {
				n.declared[a.Value] = a.Name.Local
			}
		}
	}
}

// qname returns the canonical "prefix:local" form of name.
func (n *names) qname(name xml.Name) string {
	if name.Space == "" {
		return name.Local
	}
	if q, ok := n.cache[name]; ok {
		return q
	}
	var q string
	if p, ok := canonicalPrefix[name.Space]; ok {
		q = p + ":" + name.Local
	} else if p, ok := n.declared[name.Space]; ok {
		q = p + ":" + name.Local
	} else {
		q = name.Space + ":" + name.Local
		// A later declaration may still name this namespace: not cached.
		return q
	}
	if len(n.cache) < maxDeclared*4 {
		n.cache[name] = q
	}
	return q
}

// isXMLNS reports whether an attribute is a namespace declaration.
func isXMLNS(a xml.Attr) bool {
	return a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns")
}
