package ooxml

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/internal/xmlscan"
	"github.com/docprov/docprov/formats/internal/zipx"
	"github.com/docprov/docprov/provenance"
)

// Limits on what one package may cost. Every part is inflated through
// zipx, which enforces the per-part cap on the bytes actually inflated; the
// archive budget caps the sum over all parts, so that a package of ten
// thousand medium-sized slides cannot add up to gigabytes either.
const (
	// MaxArchiveBytes is the most bytes inflated from one package in all.
	MaxArchiveBytes = 256 << 20
	// MaxPropsBytes caps docProps parts, [Content_Types].xml and
	// relationship parts: real ones are a few kilobytes.
	MaxPropsBytes = 4 << 20
	// MaxSettingsBytes caps settings, styles, font tables, people, workbook
	// and presentation parts.
	MaxSettingsBytes = 16 << 20
	// MaxContentBytes caps one content part (document body, slide,
	// comments) scanned for languages, tracked changes and comments.
	MaxContentBytes = zipx.MaxPartBytes
	// MaxContentParts is the most content parts scanned per package.
	MaxContentParts = 4000
	// maxDepth is the deepest XML nesting followed; real documents stay
	// well under 100 levels.
	maxDepth = 512
	// maxTokens caps the XML tokens read from one part.
	maxTokens = 8_000_000
	// maxText caps the text kept from one element.
	maxText = 64 << 10
	// maxListed caps long per-package lists written to Fields (fonts,
	// rsids, authors, IDs) so that a hostile file cannot blow up the Record.
	maxListed = 2000
)

// Format is the OOXML extractor: Word, Excel and PowerPoint packages of
// every flavour (documents, macro-enabled documents, templates, slide shows
// and binary workbooks), recognised by the parts inside the ZIP container.
type Format struct {
	// ArchiveBudget is the most bytes inflated from one package in all
	// (0: MaxArchiveBytes). A smaller one suits a batch that must stay
	// within a tight memory budget.
	ArchiveBudget int64
	// fullRead turns off skimming (see walker), for the tests that check
	// it changes nothing.
	fullRead bool
}

// Name returns "ooxml".
func (Format) Name() string { return "ooxml" }

// Match reports whether head starts like a ZIP archive that names an OOXML
// part in its first local header. The Registry calls Probe instead; Match
// is what a caller without the whole file can use.
func (Format) Match(head []byte) bool {
	if !bytes.HasPrefix(head, zipx.Magic) {
		return false
	}
	return looksOOXMLHead(head)
}

// looksOOXMLHead reports whether the first local headers (in head) name a
// part only OOXML packages have.
func looksOOXMLHead(head []byte) bool {
	for _, marker := range [][]byte{[]byte("[Content_Types].xml"), []byte("word/"), []byte("xl/"), []byte("ppt/")} {
		if bytes.Contains(head, marker) {
			return true
		}
	}
	return false
}

// Probe recognises an OOXML package: a ZIP archive whose central directory
// lists [Content_Types].xml together with a Word, Excel or PowerPoint main
// part (found through the package relationships, or at its usual name). A
// ZIP whose central directory cannot be read is claimed only when its first
// local headers already name OOXML parts, so that a truncated .docx gets a
// clear "malformed OOXML" error instead of "not recognised".
func (Format) Probe(r io.ReaderAt, size int64, head []byte) bool {
	if !bytes.HasPrefix(head, zipx.Magic) {
		return false
	}
	a, err := zipx.Open(r, size)
	if err != nil {
		return looksOOXMLHead(head)
	}
	if !a.Has("[Content_Types].xml") {
		return false
	}
	for _, name := range []string{"word/document.xml", "xl/workbook.xml", "xl/workbook.bin", "ppt/presentation.xml"} {
		if a.Has(name) {
			return true
		}
	}
	// Main part under another name: follow the package relationship.
	rels, err := a.Read("_rels/.rels", MaxPropsBytes)
	if err != nil || rels == nil {
		return false
	}
	for _, rel := range parseRels(rels, "") {
		if strings.HasSuffix(rel.Type, "/officeDocument") {
			dir := strings.ToLower(strings.SplitN(rel.Target, "/", 2)[0])
			return dir == "word" || dir == "xl" || dir == "ppt" || a.Has(rel.Target)
		}
	}
	return false
}

// kind describes one OOXML document type.
type kind struct {
	format string // "docx"
	mime   string
	app    string // "word", "excel", "powerpoint"
}

// mainTypes maps the content type of a main part to its document type.
var mainTypes = map[string]kind{
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml":   {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word"},
	"application/vnd.ms-word.document.macroenabled.main+xml":                             {"docm", "application/vnd.ms-word.document.macroEnabled.12", "word"},
	"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml":   {"dotx", "application/vnd.openxmlformats-officedocument.wordprocessingml.template", "word"},
	"application/vnd.ms-word.template.macroenabledtemplate.main+xml":                     {"dotm", "application/vnd.ms-word.template.macroEnabled.12", "word"},
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml":         {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "excel"},
	"application/vnd.ms-excel.sheet.macroenabled.main+xml":                               {"xlsm", "application/vnd.ms-excel.sheet.macroEnabled.12", "excel"},
	"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml":      {"xltx", "application/vnd.openxmlformats-officedocument.spreadsheetml.template", "excel"},
	"application/vnd.ms-excel.template.macroenabled.main+xml":                            {"xltm", "application/vnd.ms-excel.template.macroEnabled.12", "excel"},
	"application/vnd.ms-excel.sheet.binary.macroenabled.main":                            {"xlsb", "application/vnd.ms-excel.sheet.binary.macroEnabled.12", "excel"},
	"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "powerpoint"},
	"application/vnd.ms-powerpoint.presentation.macroenabled.main+xml":                   {"pptm", "application/vnd.ms-powerpoint.presentation.macroEnabled.12", "powerpoint"},
	"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml":     {"potx", "application/vnd.openxmlformats-officedocument.presentationml.template", "powerpoint"},
	"application/vnd.ms-powerpoint.template.macroenabled.main+xml":                       {"potm", "application/vnd.ms-powerpoint.template.macroEnabled.12", "powerpoint"},
	"application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml":    {"ppsx", "application/vnd.openxmlformats-officedocument.presentationml.slideshow", "powerpoint"},
	"application/vnd.ms-powerpoint.slideshow.macroenabled.main+xml":                      {"ppsm", "application/vnd.ms-powerpoint.slideshow.macroEnabled.12", "powerpoint"},
}

// defaultKinds is the document type assumed from the main part's folder
// when [Content_Types].xml does not say.
var defaultKinds = map[string]kind{
	"word":       mainTypes["application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"],
	"excel":      mainTypes["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"],
	"powerpoint": mainTypes["application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"],
}

// pkg is one package being read: the archive, the Record being filled, the
// inflate budget and what the structural fingerprint collects on the way.
type pkg struct {
	ctx    context.Context
	a      *zipx.Archive
	rec    *provenance.Record
	budget int64
	unread int // parts not read because the budget was spent

	budgetTotal int64 // the budget at the start

	kind     kind
	main     string            // main part name, e.g. "word/document.xml"
	types    map[string]string // part name (lower case) -> content type
	defaults map[string]string // extension (lower case) -> content type
	rootRels []rel

	// Fingerprint material.
	namespaces map[string]string // namespace URI -> first prefix seen
	ignorable  map[string]int    // mc:Ignorable prefixes
	decls      map[string]int    // XML declaration styles of the parts read
	parsed     map[string]bool   // parts whose XML was parsed
	// heads keeps the first bytes of every part read, so that
	// readDeclarations need not inflate those parts again.
	heads map[*zip.File][]byte
	// scanner is reused for every part (see walk).
	scanner *xmlscan.Scanner
	// fullRead walks every part token by token, never skimming.
	fullRead bool
	// digest, when set, reads what the content digest needs beyond the
	// parts read for provenance; it runs last.
	digest func()

	langs map[string]int // language attribute values and their counts
	// primaryLang and secondaryLang mark the values seen as a text's own
	// language and as the Asian/right-to-left default (see countLangs).
	primaryLang, secondaryLang map[string]bool
}

// Extract reads the provenance of an OOXML package. See the package
// documentation for the Fields it writes.
func (fm Format) Extract(ctx context.Context, r io.ReaderAt, size int64) (*provenance.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	head := make([]byte, min(size, 8))
	if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("ooxml: read header: %w", err)
	}
	if bytes.HasPrefix(head, oleMagic) {
		return nil, fmt.Errorf("ooxml: an OLE2 compound file, not a ZIP package (an encrypted OOXML document is an OLE2 file with an EncryptedPackage stream; formats/ole reads it): %w", formats.ErrUnsupported)
	}
	a, err := zipx.Open(r, size)
	if err != nil {
		return nil, fmt.Errorf("ooxml: %w", err)
	}
	p := &pkg{
		fullRead: fm.fullRead,
		ctx:      ctx, a: a, rec: provenance.NewRecord(), budget: cmp.Or(fm.ArchiveBudget, MaxArchiveBytes), budgetTotal: cmp.Or(fm.ArchiveBudget, MaxArchiveBytes),
		types: map[string]string{}, defaults: map[string]string{},
		namespaces: map[string]string{}, ignorable: map[string]int{}, decls: map[string]int{}, parsed: map[string]bool{},
		heads: map[*zip.File][]byte{},
		langs: map[string]int{}, primaryLang: map[string]bool{}, secondaryLang: map[string]bool{},
	}
	if err := p.identify(); err != nil {
		return nil, err
	}
	rec := p.rec
	rec.Format, rec.MIME = p.kind.format, p.kind.mime
	f := rec.Fields
	f.Set("ooxml.package.main", p.main)
	f.Set("ooxml.package.mainContentType", p.types[strings.ToLower(p.main)])

	if n := a.Encrypted(); n > 0 {
		// A password-protected ZIP (zip -e, 7-Zip): the parts cannot be
		// inflated, so nothing but the package's own layout is a fact;
		// a fingerprint of unreadable parts would name a program that
		// never wrote them.
		f.Set("ooxml.zip.encrypted", strconv.Itoa(n))
		rec.Problems = nil // every part's failure says the same thing
		rec.AddProblem("%d of %d ZIP entries are encrypted: a password is needed to read the parts (%v)", n, len(a.Zip.File), formats.ErrEncrypted)
		p.readLayout()
		finish(rec)
		return rec, nil
	}
	steps := []func(){
		p.readProperties,
		func() {
			switch p.kind.app {
			case "word":
				p.readWord()
			case "excel":
				p.readExcel()
			case "powerpoint":
				p.readPowerPoint()
			}
		},
		p.readLanguages,
		p.readLayout,
		p.readDeclarations,
		p.recordNamespaces,
		p.fingerprint,
		func() {
			if p.digest != nil {
				p.digest()
			}
		},
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		step()
	}
	finish(rec)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return rec, nil
}

// identify reads [Content_Types].xml and the package relationships, finds
// the main part and decides the document type.
func (p *pkg) identify() error {
	if ct := p.read("[Content_Types].xml", MaxPropsBytes); ct != nil {
		p.parseContentTypes(ct)
	} else {
		p.rec.AddProblem("[Content_Types].xml: missing")
	}
	if rels := p.read("_rels/.rels", MaxPropsBytes); rels != nil {
		p.rootRels = parseRels(rels, "")
		for i, r := range p.rootRels {
			if i >= 64 {
				break
			}
			k := fmt.Sprintf("ooxml.rels.root[%d]", i)
			p.rec.Fields.Set(k, r.ID+" "+r.Target)
			p.rec.Fields.Set(k+".type", r.Type)
		}
	} else {
		p.rec.AddProblem("_rels/.rels: missing")
	}
	for _, r := range p.rootRels {
		if strings.HasSuffix(r.Type, "/officeDocument") && r.External == false {
			if p.a.Has(r.Target) {
				p.main = p.a.File(r.Target).Name
				break
			}
			p.rec.AddProblem("_rels/.rels: main part %q is missing", r.Target)
		}
	}
	if p.main == "" {
		for _, name := range []string{"word/document.xml", "xl/workbook.xml", "xl/workbook.bin", "ppt/presentation.xml"} {
			if f := p.a.File(name); f != nil {
				p.main = f.Name
				break
			}
		}
	}
	if p.main == "" {
		return fmt.Errorf("ooxml: no Word, Excel or PowerPoint main part: %w", formats.ErrMalformed)
	}
	ct := p.contentType(p.main)
	if k, ok := mainTypes[strings.ToLower(ct)]; ok {
		p.kind = k
		return nil
	}
	// Content type missing or wrong: fall back on the main part's folder,
	// and say so, because a wrong content type is itself a trace of a
	// hand-made or damaged package.
	switch dir := strings.ToLower(strings.SplitN(p.main, "/", 2)[0]); {
	case dir == "word":
		p.kind = defaultKinds["word"]
	case dir == "xl":
		p.kind = defaultKinds["excel"]
		if strings.HasSuffix(strings.ToLower(p.main), ".bin") {
			p.kind = mainTypes["application/vnd.ms-excel.sheet.binary.macroenabled.main"]
		}
	case dir == "ppt":
		p.kind = defaultKinds["powerpoint"]
	default:
		return fmt.Errorf("ooxml: main part %q has content type %q: %w", p.main, ct, formats.ErrUnsupported)
	}
	p.rec.AddProblem("[Content_Types].xml: main part %s has content type %q, not an OOXML main type; assumed %s", p.main, ct, p.kind.format)
	return nil
}

// contentType returns the content type of a part: its Override, else the
// Default for its extension.
func (p *pkg) contentType(name string) string {
	if ct, ok := p.types[strings.ToLower(strings.TrimPrefix(name, "/"))]; ok {
		return ct
	}
	return p.defaults[strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))]
}

// read inflates one part within its cap and the archive budget, recording a
// problem (and returning nil) when it cannot. A missing part returns nil
// without a problem: most parts are optional.
func (p *pkg) read(name string, max int64) []byte {
	f := p.a.File(name)
	if f == nil {
		return nil
	}
	return p.readFile(f, max)
}

func (p *pkg) readFile(f *zip.File, max int64) []byte {
	if p.ctx.Err() != nil {
		return nil
	}
	if p.budget <= 0 {
		p.overBudget(f.Name)
		return nil
	}
	limit := min(max, p.budget)
	b, err := zipx.ReadFile(f, limit)
	p.budget -= int64(len(b))
	if err == nil || len(b) >= declHeadBytes {
		p.heads[f] = b[:min(len(b), declHeadBytes)]
	}
	if err != nil {
		if errors.Is(err, formats.ErrTooLarge) {
			// The part was inflated to its limit before it was given
			// up: those bytes count against the package, or entries
			// that share one compressed stream would each inflate
			// their cap for free.
			p.budget -= limit + 1
			if limit < max {
				p.overBudget(f.Name)
				return nil
			}
		}
		p.rec.AddProblem("%v", err)
		if errors.Is(err, formats.ErrTooLarge) {
			return nil
		}
		// A checksum error leaves the bytes read; keep them as evidence.
		return b
	}
	return b
}

// overBudget records, once, that the package's inflate budget is spent,
// and counts the parts not read because of it (ooxml.zip.unread).
func (p *pkg) overBudget(name string) {
	p.unread++
	p.rec.Fields.Set("ooxml.zip.unread", strconv.Itoa(p.unread))
	if p.unread == 1 {
		p.rec.AddProblem("%s and every later part: not read: the package inflates past %d bytes in all (%v)", name, p.budgetTotal, formats.ErrTooLarge)
	}
}

// parseContentTypes reads [Content_Types].xml.
func (p *pkg) parseContentTypes(b []byte) {
	n := 0
	p.walk("[Content_Types].xml", b, walker{start: func(se xml.StartElement, _ []string) {
		switch se.Name.Local {
		case "Default":
			p.defaults[strings.ToLower(attr(se, "Extension"))] = attr(se, "ContentType")
		case "Override":
			name := strings.ToLower(strings.TrimPrefix(attr(se, "PartName"), "/"))
			if name != "" {
				p.types[name] = attr(se, "ContentType")
			}
			n++
		}
	}})
	p.rec.Fields.Set("ooxml.contentTypes.defaults", strconv.Itoa(len(p.defaults)))
	p.rec.Fields.Set("ooxml.contentTypes.overrides", strconv.Itoa(n))
	exts := make([]string, 0, len(p.defaults))
	for e := range p.defaults {
		exts = append(exts, e)
	}
	sort.Strings(exts)
	p.rec.Fields.Set("ooxml.contentTypes.defaultExtensions", strings.Join(exts, ","))
}

// rel is one relationship of a .rels part.
type rel struct {
	ID, Type, Target string
	External         bool
}

// parseRels reads a relationships part. base is the folder of the source
// part ("word" for word/_rels/document.xml.rels, "" for the package);
// internal targets are resolved against it into part names.
func parseRels(b []byte, base string) []rel {
	var out []rel
	walkXML(b, walker{start: func(se xml.StartElement, _ []string) {
		if se.Name.Local != "Relationship" || len(out) >= maxListed {
			return
		}
		r := rel{ID: attr(se, "Id"), Type: attr(se, "Type"), Target: attr(se, "Target")}
		r.External = strings.EqualFold(attr(se, "TargetMode"), "External")
		if !r.External {
			r.Target = resolvePart(base, r.Target)
		}
		out = append(out, r)
	}})
	return out
}

// resolvePart turns a relationship target into a part name.
func resolvePart(base, target string) string {
	t := strings.ReplaceAll(target, "\\", "/")
	if strings.HasPrefix(t, "/") {
		return strings.TrimPrefix(path.Clean(t), "/")
	}
	return strings.TrimPrefix(path.Clean(path.Join("/", base, t)), "/")
}

// partRels returns the relationships of a part (word/document.xml ->
// word/_rels/document.xml.rels).
func (p *pkg) partRels(part string) []rel {
	dir, file := path.Split(part)
	b := p.read(dir+"_rels/"+file+".rels", MaxPropsBytes)
	if b == nil {
		return nil
	}
	return parseRels(b, strings.TrimSuffix(dir, "/"))
}

// relTarget returns the first internal target of the given relationship
// type suffix ("/settings") among rels.
func relTarget(rels []rel, typeSuffix string) string {
	for _, r := range rels {
		if !r.External && strings.HasSuffix(r.Type, typeSuffix) {
			return r.Target
		}
	}
	return ""
}

// rootPart returns the part the package relationships name for typeSuffix,
// else fallback.
func (p *pkg) rootPart(typeSuffix, fallback string) string {
	if t := relTarget(p.rootRels, typeSuffix); t != "" && p.a.Has(t) {
		return t
	}
	return fallback
}

// sortedNames returns the archive's entry names matching pred in a natural
// order (slide2 before slide10), at most MaxContentParts of them.
func (p *pkg) sortedNames(pred func(lower string) bool) []*zip.File {
	var out []*zip.File
	for _, f := range p.a.Zip.File {
		if pred(strings.ToLower(f.Name)) {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return naturalLess(out[i].Name, out[j].Name) })
	if len(out) > MaxContentParts {
		p.rec.AddProblem("package: %d content parts, only the first %d read", len(out), MaxContentParts)
		out = out[:MaxContentParts]
	}
	return out
}

// naturalLess compares strings with runs of digits compared as numbers.
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digitsPrefix(a), digitsPrefix(b)
		if da != "" && db != "" {
			if len(strings.TrimLeft(da, "0")) != len(strings.TrimLeft(db, "0")) {
				return len(strings.TrimLeft(da, "0")) < len(strings.TrimLeft(db, "0"))
			}
			if da != db {
				return strings.TrimLeft(da, "0") < strings.TrimLeft(db, "0")
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func digitsPrefix(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}
