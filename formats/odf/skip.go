package odf

import (
	"encoding/xml"
	"strings"

	"github.com/docprov/docprov/formats/internal/xmlscan"
)

// Most of an ODF part carries no provenance: paragraphs, cells, drawings,
// and style definitions whose only interest is their language. The parts
// are skimmed (xmlscan's Scanner.Skim): only annotations, tracked changes, the
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

// fontFaceMarker finds the font faces a part declares (style:font-face):
// the fonts of the machine that wrote it, as its program lists them.
var fontFaceMarker = xmlscan.Marker{Word: "font-face", Prefixes: []string{"style"}, Kind: xmlscan.StartTag}

// styleMarkers: styles.xml is read for its languages; the default style is
// read whole, since its languages count as the document's defaults.
var styleMarkers = []xmlscan.Marker{
	{Word: "default-style", Prefixes: []string{"style"}, Kind: xmlscan.Subtree},
	fontFaceMarker,
	{Word: "annotation", Prefixes: []string{"office", "officeooo"}, Kind: xmlscan.Subtree},
	languageMarker,
}

// preBodyMarkers: content.xml before the body holds the automatic styles
// (languages); the body is entered, where bodyMarkers take over.
var preBodyMarkers = []xmlscan.Marker{
	{Word: "body", Prefixes: []string{"office"}, Kind: xmlscan.Enter},
	{Word: "default-style", Prefixes: []string{"style"}, Kind: xmlscan.Subtree},
	fontFaceMarker,
	languageMarker,
}

// settingsMarkers: settings.xml is read for the few config items kept as
// evidence (settingsItems), each read with its value; "Rsid" finds RsidRoot
// too. The rest of the settings (view state, printer setup blobs) is
// skipped.
var settingsMarkers = []xmlscan.Marker{
	{Word: "PrinterName", Kind: xmlscan.Subtree},
	{Word: "Rsid", Kind: xmlscan.Subtree},
	{Word: "CurrentDatabaseDataSource", Kind: xmlscan.Subtree},
	languageMarker,
}

// skim makes sc skim the element it has just opened (xmlscan's
// Scanner.Skim), unless d reads every token.
//
// The markers are written with the canonical ODF prefixes; the document's
// own may differ. A marker is searched for with every prefix under which
// the reader would give the element that canonical name (nm.qname), as
// bound where skimming starts: the prefixes of the ODF namespace itself, ""
// when that is the default namespace, the canonical prefix when the
// document leaves it unbound or binds it to a namespace the reader does not
// know. A prefix bound to another ODF namespace is left out:
// "<office:annotation" there is not an annotation.
func (d *doc) skim(sc *xmlscan.Scanner, nm *names, markers []xmlscan.Marker) {
	if d.fullRead {
		return
	}
	// readAs is the canonical prefix the reader gives names in namespace
	// space (a URI, or an unbound prefix as it stands).
	readAs := func(space string) string {
		return strings.TrimSuffix(nm.qname(xml.Name{Space: space, Local: "x"}), ":x")
	}
	bound := map[string][]string{} // canonical prefix -> prefixes read as it
	taken := map[string]bool{}
	sc.Bindings(func(prefix, uri string) {
		taken[prefix] = true
		canon := readAs(uri)
		bound[canon] = append(bound[canon], prefix)
	})
	ms := make([]xmlscan.Marker, 0, len(markers))
	for _, m := range markers {
		if m.Prefixes == nil {
			ms = append(ms, m)
			continue
		}
		var ps []string
		for _, canon := range m.Prefixes {
			ps = append(ps, bound[canon]...)
			if !taken[canon] && readAs(canon) == canon {
				ps = append(ps, canon)
			}
		}
		switch {
		case len(ps) > 0:
			m.Prefixes = ps
			ms = append(ms, m)
		case m.Kind == xmlscan.Enter:
			// Without the element to enter, skimming would pass it by.
			return
		}
		// Otherwise no such element can occur: the marker is dropped.
	}
	sc.Skim(ms...)
}
