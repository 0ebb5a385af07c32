package odf

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/internal/xmlscan"
	"github.com/docprov/docprov/formats/internal/zipx"
	"github.com/docprov/docprov/provenance"
)

// Limits on what one document's XML may cost. content.xml can be large and
// is read as a stream of tokens, never as a tree, so memory stays bounded by
// the longest single token plus these counts.
const (
	// MaxXMLBytes is the most bytes of XML read from one part (or from a
	// flat document). Past it the part is cut short and the Record says so.
	MaxXMLBytes = zipx.MaxPartBytes
	// MaxDepth is the deepest element nesting followed.
	MaxDepth = 512
	// MaxItems is the most annotations, tracked changes, user-defined
	// properties or other repeated items recorded per kind; more are
	// counted but not recorded.
	MaxItems = 10_000
	// MaxValueBytes is the longest value kept in one field.
	MaxValueBytes = 64 << 10
)

// doc gathers what the parts of one document say. One doc is filled by
// scanning meta.xml, styles.xml, content.xml and settings.xml (or the one
// flat XML file) in turn.
type doc struct {
	rec   *provenance.Record
	flat  bool
	langs langCounts
	// counts per "part.kind" ("content.annotation") of repeated items.
	counts map[string]int
	// body is the first child of office:body ("text", "spreadsheet" …),
	// which tells a flat file's type when it does not state its MIME type.
	body string
	// metaSeen is true once an office:meta element was read.
	metaSeen bool
	// truncated notes parts cut at MaxItems, reported once each.
	truncated map[string]bool
	// claimed holds the meta keys already taken by an element, empty or not.
	claimed map[string]bool
	// scanner is reused for every part, which share most names.
	scanner *xmlscan.Scanner
	// fullRead reads every token (no skipping).
	fullRead bool
	// fonts are the font families recorded so far, and fontFamily the
	// family of each declared style name.
	fonts      map[string]bool
	fontFamily map[string]string
}

func newDoc(rec *provenance.Record, flat bool) *doc {
	return &doc{rec: rec, flat: flat, counts: map[string]int{}, truncated: map[string]bool{}, claimed: map[string]bool{}}
}

// KeyDefaultFont is the Fields key of the font the default style names.
const KeyDefaultFont = "odf.styles.default-font"

// font records a declared font face's family (its style name when it
// declares none) once as odf.font[i]: styles.xml and content.xml declare
// most of them twice, and LibreOffice names one family several times
// ("DejaVu Sans", "DejaVu Sans1") for its pitch and script variants.
func (d *doc) font(styleName, family string) {
	if family == "" {
		family = strings.TrimSpace(styleName)
	}
	if family == "" {
		return
	}
	if d.fontFamily == nil {
		d.fontFamily = map[string]string{}
	}
	if styleName != "" && len(d.fontFamily) < MaxItems {
		d.fontFamily[styleName] = family
	}
	if d.fonts[family] {
		return
	}
	if d.fonts == nil {
		d.fonts = map[string]bool{}
	}
	if i := d.next("document", "font"); i >= 0 {
		d.fonts[family] = true
		d.rec.Fields.Set(fmt.Sprintf("odf.font[%d]", i), family)
	}
}

// next returns the next index of a repeated item, or -1 past MaxItems.
func (d *doc) next(part, kind string) int {
	k := part + "." + kind
	i := d.counts[k]
	d.counts[k] = i + 1
	if i >= MaxItems {
		if !d.truncated[k] {
			d.truncated[k] = true
			d.rec.AddProblem("%s: more than %d %s items; only the first %d recorded", part, MaxItems, kind, MaxItems)
		}
		return -1
	}
	return i
}

// settingsItems are the settings.xml items kept as evidence: the printer
// (a machine name), LibreOffice's revision-save IDs (stable across saves of
// one document, like Word's rsids) and the mail-merge data source (a path
// or database name of the author's machine).
var settingsItems = map[string]bool{
	"PrinterName":               true,
	"RsidRoot":                  true,
	"Rsid":                      true,
	"CurrentDatabaseDataSource": true,
}

// element is one open element during a scan.
type element struct {
	name string // canonical qname
	// kind says what the element opens, for its descendants' sake.
	kind elemKind
	// prefix is the Fields key prefix of the item the element opened
	// (an annotation, a tracked change).
	prefix string
}

type elemKind uint8

const (
	kindOther elemKind = iota
	kindMeta
	kindMetaChild
	kindKeywords
	kindAnnotation
	kindChange
	kindChangeInfo
	kindDefaultStyle
	kindSettingsSection
)

// readPart reads at most MaxXMLBytes of a part; cut reports whether there
// was more. sizeHint is the size the part claims (a ZIP entry's
// uncompressed size), used only to allocate once instead of growing.
func readPart(r io.Reader, sizeHint int64) (b []byte, cut bool, err error) {
	buf := bytes.NewBuffer(make([]byte, 0, min(max(sizeHint, 0), MaxXMLBytes)+bytes.MinRead))
	_, err = buf.ReadFrom(io.LimitReader(r, MaxXMLBytes+1))
	b = buf.Bytes()
	if len(b) > MaxXMLBytes {
		return b[:MaxXMLBytes], true, err
	}
	return b, false, err
}

// scan reads one XML part. label names the part in Fields keys ("meta",
// "styles", "content", "settings"; "document" for a flat file's root) and
// problems (the part's file name). cut says the part was longer than
// MaxXMLBytes and b holds only its start. A syntax error or a cut part is a
// problem on the Record; scan returns an error only when ctx ends.
func (d *doc) scan(ctx context.Context, b []byte, cut bool, label, file string) error {
	b, err := xmlscan.ToUTF8(b)
	if err != nil {
		d.rec.AddProblem("%s: %v", file, err)
		return nil
	}
	if d.scanner == nil {
		d.scanner = xmlscan.New(nil)
	}
	sc := d.scanner
	sc.Reset(b)
	nm := newNames()
	f := d.rec.Fields

	var stack []element
	digested := false // the body's text is read once, by d.digest
	section := label  // a flat file's part: changes at its top-level children
	var (
		capKey   string // the field whose text is being collected
		capDepth int
		capBuf   strings.Builder
		capCut   bool
	)
	inside := func(k elemKind) *element {
		for i := len(stack) - 1; i >= 0; i-- {
			if stack[i].kind == k {
				return &stack[i]
			}
		}
		return nil
	}
	startCapture := func(key string) {
		if capKey == "" && key != "" {
			capKey, capDepth = key, len(stack)+1 // called before the element is pushed
			capBuf.Reset()
			capCut = false
		}
	}

	for tokens := 0; ; tokens++ {
		if tokens&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		kind, err := sc.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if cut {
				d.rec.AddProblem("%s: larger than %d bytes; read only the first %d (%v)", file, MaxXMLBytes, MaxXMLBytes, formats.ErrTooLarge)
			} else {
				d.rec.AddProblem("%s: %v", file, err)
			}
			return nil
		}
		switch kind {
		case xmlscan.StartElement:
			t := sc.Start()
			if len(stack) >= MaxDepth {
				d.rec.AddProblem("%s: elements nested deeper than %d; rest of the part skipped (%v)", file, MaxDepth, formats.ErrTooLarge)
				return nil
			}
			nm.learn(t.Attr)
			name := nm.qname(t.Name)
			el := element{name: name}
			depth := len(stack) + 1 // the new element's depth; the root is 1
			var parent *element
			if len(stack) > 0 {
				parent = &stack[len(stack)-1]
			}

			if depth == 1 {
				d.root(label, name, t.Attr, nm)
			}
			if d.flat && depth == 2 {
				switch name {
				case "office:settings":
					section = "settings"
				default:
					section = "content"
				}
			}
			if name == "office:body" && depth == 2 && (label == "content" || label == "document") && !cut && !digested {
				digested = true
				d.digest(b, sc)
			}
			if parent != nil && parent.name == "office:body" && d.body == "" {
				// office:text, office:spreadsheet … names the type.
				d.body = strings.TrimPrefix(name, "office:")
				if !sc.SelfClosing() {
					d.skim(sc, nm, bodyMarkers)
				}
			}

			d.languages(t.Attr, nm, inside(kindDefaultStyle) != nil || name == "style:default-style")

			switch {
			case name == "office:meta" && (label == "meta" || d.flat):
				el.kind = kindMeta
				d.metaSeen = true
			case parent != nil && parent.kind == kindMeta:
				el.kind = kindMetaChild
				startCapture(d.metaKey(name, t.Attr, nm))
				if name == "meta:keywords" {
					el.kind = kindKeywords
					capKey = ""
				}
			case parent != nil && parent.kind == kindKeywords && name == "meta:keyword":
				startCapture(d.metaKey(name, t.Attr, nm))
			case name == "style:default-style":
				el.kind = kindDefaultStyle
				for _, a := range t.Attr {
					if nm.qname(a.Name) == "style:family" {
						el.prefix = a.Value // the family its defaults are for
					}
				}
			case name == "style:font-face":
				var styleName, family string
				for _, a := range t.Attr {
					switch nm.qname(a.Name) {
					case "style:name":
						styleName = a.Value
					case "svg:font-family":
						family = strings.Trim(strings.TrimSpace(a.Value), `'"`)
					}
				}
				d.font(styleName, family)
			case parent != nil && parent.kind == kindDefaultStyle && name == "style:text-properties":
				// The default paragraph style's font (a spreadsheet's
				// default cell style's): what the installation's template
				// starts every document with.
				if parent.prefix == "paragraph" || (parent.prefix == "table-cell" && f[KeyDefaultFont] == "") {
					for _, a := range t.Attr {
						if nm.qname(a.Name) == "style:font-name" && a.Value != "" {
							family := d.fontFamily[a.Value] // declared before the styles
							if family == "" {
								family = a.Value
							}
							f.Set(KeyDefaultFont, family)
						}
					}
				}
			case name == "office:annotation" || name == "officeooo:annotation":
				if i := d.next(section, "annotation"); i >= 0 {
					el.kind = kindAnnotation
					el.prefix = fmt.Sprintf("odf.%s.annotation[%d]", section, i)
					for _, a := range t.Attr {
						if nm.qname(a.Name) == "office:name" {
							f.Set(el.prefix+".name", a.Value)
						}
					}
				}
			case parent != nil && parent.kind == kindAnnotation:
				switch name {
				case "dc:creator":
					startCapture(parent.prefix + ".creator")
				case "dc:date":
					startCapture(parent.prefix + ".date")
				case "meta:creator-initials":
					startCapture(parent.prefix + ".initials")
				}
			case name == "text:tracked-changes" || name == "table:tracked-changes":
				for _, a := range t.Attr {
					if q := nm.qname(a.Name); q == "text:track-changes" || q == "table:track-changes" {
						f.Set("odf."+section+".track-changes", a.Value)
					}
				}
			case name == "text:changed-region":
				if i := d.next(section, "changed-region"); i >= 0 {
					el.kind = kindChange
					el.prefix = fmt.Sprintf("odf.%s.changed-region[%d]", section, i)
					for _, a := range t.Attr {
						if q := nm.qname(a.Name); q == "text:id" || q == "xml:id" {
							f.Set(el.prefix+".id", a.Value)
						}
					}
				}
			case parent != nil && parent.kind == kindChange && parent.name == "text:changed-region":
				// text:insertion, text:deletion or text:format-change
				if _, ok := f[parent.prefix+".type"]; !ok {
					f.Set(parent.prefix+".type", strings.TrimPrefix(name, "text:"))
				}
				el.kind = kindChange
				el.prefix = parent.prefix
			case parent != nil && parent.name == "table:tracked-changes" && strings.HasPrefix(name, "table:"):
				// table:cell-content-change, table:insertion,
				// table:deletion, table:movement
				if i := d.next(section, "table-change"); i >= 0 {
					el.kind = kindChange
					el.prefix = fmt.Sprintf("odf.%s.table-change[%d]", section, i)
					f.Set(el.prefix+".type", strings.TrimPrefix(name, "table:"))
					for _, a := range t.Attr {
						switch q := nm.qname(a.Name); q {
						case "table:id":
							f.Set(el.prefix+".id", a.Value)
						case "table:acceptance-state":
							f.Set(el.prefix+".acceptance-state", a.Value)
						}
					}
				}
			case name == "office:change-info" && parent != nil && parent.kind == kindChange:
				el.kind = kindChangeInfo
				el.prefix = parent.prefix
			case parent != nil && parent.kind == kindChangeInfo:
				// The first change-info of a change is its own; later
				// ones (nested deletions) do not overwrite it.
				switch name {
				case "dc:creator":
					if _, ok := f[parent.prefix+".creator"]; !ok {
						startCapture(parent.prefix + ".creator")
					}
				case "dc:date":
					if _, ok := f[parent.prefix+".date"]; !ok {
						startCapture(parent.prefix + ".date")
					}
				}
			case name == "config:config-item" && (section == "settings"):
				for _, a := range t.Attr {
					if nm.qname(a.Name) == "config:name" && settingsItems[a.Value] {
						if _, ok := f["odf.settings."+a.Value]; !ok {
							startCapture("odf.settings." + a.Value)
						}
					}
				}
			}
			stack = append(stack, el)
			if depth == 1 && !d.flat {
				switch label {
				case "styles":
					d.skim(sc, nm, styleMarkers)
				case "content":
					d.skim(sc, nm, preBodyMarkers)
				case "settings":
					d.skim(sc, nm, settingsMarkers)
				}
			}

		case xmlscan.EndElement:
			if len(stack) == 0 {
				continue
			}
			if capKey != "" && len(stack) == capDepth {
				v := capBuf.String()
				f.Set(capKey, v)
				if capCut {
					d.rec.AddProblem("%s: value of %s longer than %d bytes; cut", file, capKey, MaxValueBytes)
				}
				capKey = ""
			}
			stack = stack[:len(stack)-1]

		case xmlscan.CharData:
			if capKey != "" {
				t := sc.Text()
				if capBuf.Len()+len(t) > MaxValueBytes {
					capCut = true
					t = t[:max(0, MaxValueBytes-capBuf.Len())]
				}
				capBuf.Write(t)
			}
		}
	}
}

// root records the root element's attributes (office:version,
// office:mimetype, grddl:transformation …) and the namespace prefixes it
// declares, in order: the set of namespaces is a producer fingerprint
// (LibreOffice declares loext and officeooo, Microsoft Office does not).
func (d *doc) root(label, name string, attrs []xml.Attr, nm *names) {
	f := d.rec.Fields
	f.Set("odf."+label+".root", name)
	var prefixes []string
	for _, a := range attrs {
		if isXMLNS(a) {
			if a.Name.Space == "xmlns" {
				prefixes = append(prefixes, a.Name.Local)
			} else {
				prefixes = append(prefixes, "(default)")
			}
			continue
		}
		f.Set("odf."+label+"."+nm.qname(a.Name), a.Value)
	}
	f.Set("odf."+label+".xmlns", strings.Join(prefixes, " "))
}

// metaKey returns the Fields key for a child of office:meta and records its
// attributes (meta:template's xlink:href, meta:document-statistic's counts)
// as key/attribute. meta:keyword is always indexed; meta:user-defined is
// keyed by its name; any other element repeated in the file gets [1], [2] …
// after the first.
func (d *doc) metaKey(name string, attrs []xml.Attr, nm *names) string {
	f := d.rec.Fields
	var key string
	switch name {
	case "meta:keywords":
		return ""
	case "meta:keyword":
		i := d.next("meta", "keyword")
		if i < 0 {
			return ""
		}
		key = fmt.Sprintf("odf.meta.meta:keyword[%d]", i)
	case "meta:user-defined":
		if d.next("meta", "user-defined") < 0 {
			return ""
		}
		var udName string
		for _, a := range attrs {
			if nm.qname(a.Name) == "meta:name" {
				udName = a.Value
			}
		}
		key = "odf.meta.meta:user-defined[" + udName + "]"
		for n := 2; hasKey(f, key); n++ {
			key = "odf.meta.meta:user-defined[" + udName + "#" + strconv.Itoa(n) + "]"
		}
		// The name is recorded even when the value is empty: an empty
		// custom property is still something someone defined.
		f.Set(key+"/meta:name", udName)
		for _, a := range attrs {
			if q := nm.qname(a.Name); q != "meta:name" && !isXMLNS(a) {
				f.Set(key+"/"+q, a.Value)
			}
		}
		return key
	default:
		if d.next("meta", "element") < 0 {
			return ""
		}
		key = "odf.meta." + name
		// An empty first dc:title still claims the plain key, so that a
		// second one does not pass for the first.
		for n := 1; d.claimed[key]; n++ {
			key = "odf.meta." + name + "[" + strconv.Itoa(n) + "]"
		}
		d.claimed[key] = true
	}
	for _, a := range attrs {
		if !isXMLNS(a) {
			f.Set(key+"/"+nm.qname(a.Name), a.Value)
		}
	}
	return key
}

func hasKey(f provenance.Fields, key string) bool { _, ok := f[key]; return ok }

// languages counts the languages an element's attributes declare.
func (d *doc) languages(attrs []xml.Attr, nm *names, isDefault bool) {
	var vals [4][4]string
	found := false
	for _, a := range attrs {
		l := a.Name.Local
		if !strings.Contains(l, "language") && !strings.Contains(l, "country") && !strings.Contains(l, "script") && l != "lang" {
			continue
		}
		q := nm.qname(a.Name)
		if q == "xml:lang" {
			d.langs.add(cleanTag(a.Value), isDefault, true)
			continue
		}
		for i, set := range langSets {
			for j, attr := range []string{set.language, set.country, set.script, set.rfc} {
				if q == attr {
					vals[i][j] = a.Value
					found = true
				}
			}
		}
	}
	if !found {
		return
	}
	for i, v := range vals {
		// Sets 1 and 2 are the Asian and complex-script languages.
		d.langs.add(langTag(v[0], v[1], v[2], v[3]), isDefault, i != 1 && i != 2)
	}
}
