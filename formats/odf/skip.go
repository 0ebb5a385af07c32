package odf

import "github.com/docprov/docprov/formats/internal/xmlscan"

// Most of an ODF part carries no provenance: paragraphs, cells, drawings,
// and style definitions whose only interest is their language. The parts
// are skimmed (xmlscan.Skimmer): only annotations, tracked changes, the
// default style and the start tags that hold a language are read. On the
// shared corpus this made ODF extraction about three times faster than
// reading every token, with identical Records (TestSkippingChangesNothing,
// FuzzSkipping).

// bodyMarkers are the only elements read inside office:body: annotations
// and the tracked-changes lists (whose changed regions hold authors and
// dates). Languages and styles live before the body.
var bodyMarkers = []xmlscan.Marker{
	{Word: "annotation", Prefixes: []string{"office", "officeooo"}, Kind: xmlscan.Subtree},
	{Word: "tracked-changes", Prefixes: []string{"text", "table"}, Kind: xmlscan.Subtree},
}

// languageMarker finds the attributes languages() reads: every attribute
// that can yield a language has "lang" in its name (fo:language,
// style:language-asian, style:rfc-language-tag, number:language,
// xml:lang). A country or script without a language yields none.
var languageMarker = xmlscan.Marker{Word: "lang", Kind: xmlscan.StartTag}

// styleMarkers: styles.xml is read for its languages; the default style is
// read whole, since its languages count as the document's defaults.
var styleMarkers = []xmlscan.Marker{
	{Word: "default-style", Prefixes: []string{"style"}, Kind: xmlscan.Subtree},
	{Word: "annotation", Prefixes: []string{"office", "officeooo"}, Kind: xmlscan.Subtree},
	languageMarker,
}

// preBodyMarkers: content.xml before the body holds the automatic styles
// (languages); the body is entered, where bodyMarkers take over.
var preBodyMarkers = []xmlscan.Marker{
	{Word: "body", Prefixes: []string{"office"}, Kind: xmlscan.Enter},
	{Word: "default-style", Prefixes: []string{"style"}, Kind: xmlscan.Subtree},
	languageMarker,
}

// isMarkerPrefix reports whether marker elements are written with prefix.
func isMarkerPrefix(prefix string) bool {
	switch prefix {
	case "office", "officeooo", "text", "table", "style":
		return true
	}
	return false
}

// skim returns a Skimmer over the element sc has just opened, or nil when
// the part must be read token by token: when a marker prefix is bound to
// another namespace than its ODF one, or an ODF marker namespace to another
// prefix (a marker would then not say what it means), or when xmlscan
// cannot skim it.
func skim(sc *xmlscan.Scanner, markers []xmlscan.Marker) *xmlscan.Skimmer {
	exact := true
	sc.Bindings(func(prefix, uri string) {
		canon, known := canonicalPrefix[uri]
		switch {
		case isMarkerPrefix(prefix):
			if canon != prefix {
				exact = false
			}
		case known && isMarkerPrefix(canon):
			exact = false
		}
	})
	if !exact {
		return nil
	}
	return sc.Skim(markers...)
}
