package provenance

import (
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// This file holds the release dates that an anachronism check compares a
// document's claimed date with: a file cannot have been made before the
// software version that wrote it, the XML namespace it uses or the font it is
// set in was released (COPA v Wright: Microsoft schemas newer than the claimed
// dates; "Fontgate": a deed dated 2006 set in Calibri).
//
// The dates are lower bounds. Each row is the first public release of the
// final product; where the day or month is not known the row says
// "approximate" in its note and carries the earliest day it could be. Public
// pre-releases (betas, release candidates, Canary builds) can carry a version
// before its row's date; the notes say so where it is known, and a check
// should allow for it before calling a document anachronistic.

// releasesTSV is the table, one release a row; see releases.tsv.
//
//go:embed releases.tsv
var releasesTSV []byte

// Release is the first public release of a software version, an XML namespace or a font.
type Release struct {
	Kind    string    // "software", "namespace", "font"
	Name    string    // product family, namespace URI or font family
	Version string    // "" for namespaces and fonts
	Date    time.Time // day precision, UTC midnight
	Source  string    // where the date is stated
	Note    string
}

// Release kinds.
const (
	ReleaseSoftware  = "software"
	ReleaseNamespace = "namespace"
	ReleaseFont      = "font"
)

// releaseIndex is the parsed table. It is built once and never written to
// afterwards.
type releaseIndex struct {
	all        []Release
	software   map[string][]Release // lower-case product family name → its rows
	namespaces map[string]Release   // namespace URI → row
	fonts      []fontRelease
}

// fontRelease is a font row with its matching key.
type fontRelease struct {
	key string // folded family name
	r   Release
}

// releaseTable parses the embedded table on first use.
var releaseTable = sync.OnceValues(func() (*releaseIndex, error) {
	return parseReleases(releasesTSV)
})

// releaseColumns is the header row the table must start with.
var releaseColumns = []string{"kind", "name", "version", "date", "source", "note"}

// parseReleases parses the TSV table: a header row, then one release a row;
// blank lines and lines starting with "#" are skipped. Every row must have a
// known kind, a name, a version for software and none otherwise, a
// YYYY-MM-DD date, an http(s) source, and a (kind, name, version) not seen
// before.
func parseReleases(data []byte) (*releaseIndex, error) {
	idx := &releaseIndex{software: map[string][]Release{}, namespaces: map[string]Release{}}
	seen := map[string]int{}
	header := false
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if !header {
			if !slices.Equal(fields, releaseColumns) {
				return nil, fmt.Errorf("releases.tsv line %d: header is %q, want %q", n, fields, releaseColumns)
			}
			header = true
			continue
		}
		if len(fields) != len(releaseColumns) {
			return nil, fmt.Errorf("releases.tsv line %d: %d fields, want %d", n, len(fields), len(releaseColumns))
		}
		for j, f := range fields {
			if f != strings.TrimSpace(f) {
				return nil, fmt.Errorf("releases.tsv line %d: %s %q has surrounding space", n, releaseColumns[j], f)
			}
		}
		r := Release{Kind: fields[0], Name: fields[1], Version: fields[2], Source: fields[4], Note: fields[5]}
		switch {
		case r.Kind != ReleaseSoftware && r.Kind != ReleaseNamespace && r.Kind != ReleaseFont:
			return nil, fmt.Errorf("releases.tsv line %d: unknown kind %q", n, r.Kind)
		case r.Name == "":
			return nil, fmt.Errorf("releases.tsv line %d: empty name", n)
		case r.Kind == ReleaseSoftware && r.Version == "":
			return nil, fmt.Errorf("releases.tsv line %d: software row without a version", n)
		case r.Kind != ReleaseSoftware && r.Version != "":
			return nil, fmt.Errorf("releases.tsv line %d: %s row with a version", n, r.Kind)
		case !strings.HasPrefix(r.Source, "https://") && !strings.HasPrefix(r.Source, "http://"):
			return nil, fmt.Errorf("releases.tsv line %d: source %q is not an http(s) URL", n, r.Source)
		case strings.ContainsAny(r.Source, " \t"):
			return nil, fmt.Errorf("releases.tsv line %d: source %q holds a space", n, r.Source)
		}
		d, err := time.Parse(time.DateOnly, fields[3])
		if err != nil {
			return nil, fmt.Errorf("releases.tsv line %d: date: %w", n, err)
		}
		r.Date = d
		key := r.Kind + "\x00" + strings.ToLower(r.Name) + "\x00" + strings.ToLower(r.Version)
		if prev, dup := seen[key]; dup {
			return nil, fmt.Errorf("releases.tsv line %d: %s %q %q already on line %d", n, r.Kind, r.Name, r.Version, prev)
		}
		seen[key] = n
		idx.all = append(idx.all, r)
		switch r.Kind {
		case ReleaseSoftware:
			family := strings.ToLower(r.Name)
			idx.software[family] = append(idx.software[family], r)
		case ReleaseNamespace:
			idx.namespaces[r.Name] = r
		case ReleaseFont:
			idx.fonts = append(idx.fonts, fontRelease{key: foldFontName(r.Name), r: r})
		}
	}
	if !header {
		return nil, errors.New("releases.tsv: no header row")
	}
	return idx, nil
}

// Releases returns the whole table (for docs and tests), in file order. It
// returns nil if the table does not parse, which a test guards against.
func Releases() []Release {
	t, err := releaseTable()
	if err != nil {
		return nil
	}
	return slices.Clone(t.all)
}

// softwareAlias maps a product name as ParseSoftware gives it to the table
// families that hold its versions.
type softwareAlias struct {
	families []string // lower-case table names
	skia     bool     // version is a Chrome milestone "m80"
	quartz   bool     // version is the macOS or iOS version
}

var (
	officeFamilies = []string{"microsoft office", "microsoft office for mac"}
	acrobatAlias   = softwareAlias{families: []string{"adobe acrobat"}}
	officeAlias    = softwareAlias{families: officeFamilies}
	chromeAlias    = softwareAlias{families: []string{"google chrome"}}
)

// softwareAliases folds the names ParseSoftware produces onto table families
// where the versions mean the same thing. A name that is not listed is looked
// up as a table family of its own (case-insensitive).
//
// Microsoft Word, Excel, PowerPoint, Outlook and Access share the Office
// version numbers from 7.0 (Office 95) on and the marketing years, on Windows
// and on the Mac; Mac Office is a family of its own and the earlier of the two
// answers wins. Excel Online, Publisher, Visio and Project number their
// versions differently and are not folded. WPS Office writes AppVersion 14.0
// in imitation of Office 2010 and is not folded either.
var softwareAliases = map[string]softwareAlias{
	"microsoft office":               officeAlias,
	"microsoftoffice":                officeAlias, // ODF generator "MicrosoftOffice/15.0 MicrosoftWord"
	"microsoft word":                 officeAlias,
	"microsoft office word":          officeAlias,
	"microsoft macintosh word":       officeAlias,
	"microsoft excel":                officeAlias,
	"microsoft office excel":         officeAlias,
	"microsoft macintosh excel":      officeAlias,
	"microsoft powerpoint":           officeAlias,
	"microsoft office powerpoint":    officeAlias,
	"microsoft macintosh powerpoint": officeAlias,
	"microsoft outlook":              officeAlias,
	"microsoft office outlook":       officeAlias,
	"microsoft access":               officeAlias,
	"microsoft office access":        officeAlias,
	"microsoft office for mac":       {families: []string{"microsoft office for mac"}},

	"libreoffice": {families: []string{"libreoffice"}}, // not LibreOfficeDev: development builds

	"openoffice.org":        {families: []string{"openoffice.org"}},
	"openoffice":            {families: []string{"openoffice.org"}},
	"apache openoffice":     {families: []string{"openoffice.org"}},
	"apache openoffice.org": {families: []string{"openoffice.org"}},

	"adobe acrobat":                  acrobatAlias,
	"acrobat":                        acrobatAlias,
	"adobe acrobat pro":              acrobatAlias,
	"adobe acrobat pro dc":           acrobatAlias,
	"adobe acrobat professional":     acrobatAlias,
	"adobe acrobat pro extended":     acrobatAlias,
	"adobe acrobat standard":         acrobatAlias,
	"adobe acrobat standard dc":      acrobatAlias,
	"acrobat pdfmaker":               acrobatAlias,
	"adobe acrobat pdfmaker":         acrobatAlias,
	"acrobat web capture":            acrobatAlias,
	"adobe acrobat web capture":      acrobatAlias,
	"acrobat distiller":              {families: []string{"acrobat distiller", "adobe acrobat"}},
	"adobe acrobat distiller":        {families: []string{"acrobat distiller", "adobe acrobat"}},
	"distiller":                      {families: []string{"acrobat distiller", "adobe acrobat"}},
	"adobe pdf library":              {families: []string{"adobe pdf library"}},
	"adobe photoshop":                {families: []string{"adobe photoshop"}},
	"gimp":                           {families: []string{"gimp"}},
	"gnu image manipulation program": {families: []string{"gimp"}},

	"pdftex":   {families: []string{"pdftex"}},
	"xetex":    {families: []string{"xetex"}},
	"luatex":   {families: []string{"luatex"}},
	"luahbtex": {families: []string{"luatex"}},

	"ghostscript":      {families: []string{"ghostscript"}},
	"gpl ghostscript":  {families: []string{"ghostscript"}},
	"afpl ghostscript": {families: []string{"ghostscript"}},
	"gnu ghostscript":  {families: []string{"ghostscript"}},
	"esp ghostscript":  {families: []string{"ghostscript"}},

	"quartz pdfcontext": {quartz: true},
	"macos":             {families: []string{"macos"}},
	"mac os x":          {families: []string{"macos"}},
	"mac os":            {families: []string{"macos"}},
	"os x":              {families: []string{"macos"}},
	"macosx":            {families: []string{"macos"}},
	"ios":               {families: []string{"ios"}},
	"ipados":            {families: []string{"ios"}},
	"android":           {families: []string{"android"}},

	"skia/pdf":       {families: []string{"google chrome"}, skia: true},
	"google chrome":  chromeAlias,
	"chrome":         chromeAlias,
	"headlesschrome": chromeAlias,
}

// ReleaseOf returns the release that introduced the given software version:
// the table row for the product whose name matches (case-insensitive, after
// folding known aliases: "Microsoft Office Word", "Microsoft Word",
// "Microsoft Macintosh Word" → one product family if their versions mean the
// same; "Acrobat Distiller", "Adobe Acrobat Distiller"; "GPL Ghostscript",
// "Ghostscript", "AFPL Ghostscript"; "Quartz PDFContext" with the macOS
// version; "Skia/PDF" with "m80" …) with the longest version prefix of version
// at a dot boundary ("7.4.7.2" matches "7.4"; "16.0000" matches "16";
// "1.40.21" matches "1.40.21" before "1.40"). ok is false when nothing
// matches.
//
// name and version are what ParseSoftware returns; a marketing year is a
// version of its own ("Microsoft Word 2016" → "2016", "for Microsoft 365" →
// "365", "Adobe Photoshop CC 2017" → "2017"; the table's Photoshop rows
// 2014–2019 are those CC years, and cannot be mistaken for the numeric
// versions 14–26, which "2014" does not have as a prefix at a dot). When a name folds onto
// several families (Windows and Mac Office), each family's best match is
// found and the earliest wins, so the answer stays a lower bound.
//
// "Quartz PDFContext" is written by macOS and by iOS, and ParseSoftware keeps
// the OS in the platform, not the name. Versions 10.x are Mac OS X (iOS 10 is
// far later than Mac OS X 10.x); from 11 on macOS and iOS share numbers and
// the earlier of the two releases is returned (iOS 12 for "12.5.1"). A caller
// that knows the platform gets the exact OS by passing it as the name:
// ReleaseOf("macOS", "12.5.1").
//
// "Skia/PDF m80" is Chrome 80 and resolves to Chrome 80's stable release.
// Canary, Dev and Beta builds, and server-side renderers built from Skia's
// main branch ("Skia/PDF m103 Google Docs Renderer"), carry a milestone one
// to three months before that, so a check must allow that much slack.
// Likewise LibreOffice release candidates ("7.4.0.1") and public betas of
// Office and Photoshop predate their rows; see each row's Note.
func ReleaseOf(name, version string) (Release, bool) {
	t, err := releaseTable()
	if err != nil {
		return Release{}, false
	}
	name, version = strings.TrimSpace(name), strings.TrimSpace(version)
	if name == "" || version == "" {
		return Release{}, false
	}
	key := strings.ToLower(strings.Join(strings.Fields(name), " "))
	alias, ok := softwareAliases[key]
	if !ok {
		alias = softwareAlias{families: []string{key}}
	}
	families := alias.families
	switch {
	case alias.skia:
		v, ok := strings.CutPrefix(version, "m")
		if !ok || !softwareAllDigits(v) {
			return Release{}, false
		}
		version = v
	case alias.quartz:
		major, _, _ := strings.Cut(version, ".")
		if !softwareAllDigits(major) {
			return Release{}, false
		}
		families = []string{"macos"}
		if len(major) > 2 || (len(major) == 2 && major > "10") {
			families = []string{"macos", "ios"}
		}
	}
	var best Release
	found := false
	for _, family := range families {
		r, ok := bestVersionMatch(t.software[family], version)
		if ok && (!found || r.Date.Before(best.Date)) {
			best, found = r, true
		}
	}
	return best, found
}

// bestVersionMatch returns the row whose version is the longest prefix of
// version at a dot boundary; equally long matches go to the earlier date.
func bestVersionMatch(rows []Release, version string) (Release, bool) {
	var best Release
	bestParts := 0
	for _, r := range rows {
		if !versionHasPrefix(version, r.Version) {
			continue
		}
		parts := strings.Count(r.Version, ".") + 1
		if parts > bestParts || (parts == bestParts && r.Date.Before(best.Date)) {
			best, bestParts = r, parts
		}
	}
	return best, bestParts > 0
}

// versionHasPrefix reports whether version is prefix, or starts with prefix
// followed by a dot (case-insensitive): "7.4.7.2" has the prefix "7.4" but
// not "7.47"; "CS5" has only itself.
func versionHasPrefix(version, prefix string) bool {
	if len(version) < len(prefix) || !strings.EqualFold(version[:len(prefix)], prefix) {
		return false
	}
	return len(version) == len(prefix) || version[len(prefix)] == '.'
}

// isKnownSoftware reports whether name, as ParseSoftware gives it, is a
// product the release table knows, directly or through softwareAliases.
func isKnownSoftware(name string) bool {
	key := strings.ToLower(strings.Join(strings.Fields(name), " "))
	if key == "" {
		return false
	}
	if _, ok := softwareAliases[key]; ok {
		return true
	}
	t, err := releaseTable()
	if err != nil {
		return false
	}
	_, ok := t.software[key]
	return ok
}

// NamespaceRelease returns the release that introduced an XML namespace URI
// (the first Office release that wrote it, for the Microsoft Office
// extension namespaces: w14, w15, x14ac, p14 …). A trailing slash and the
// case of the scheme and host do not matter.
func NamespaceRelease(uri string) (Release, bool) {
	t, err := releaseTable()
	if err != nil {
		return Release{}, false
	}
	uri = strings.TrimSpace(uri)
	if r, ok := t.namespaces[uri]; ok {
		return r, true
	}
	want := strings.TrimSuffix(uri, "/")
	for ns, r := range t.namespaces {
		if strings.EqualFold(strings.TrimSuffix(ns, "/"), want) {
			return r, true
		}
	}
	return Release{}, false
}

// fontStyleWords are style and format words that follow a family name in a
// PDF font name ("Calibri-Bold", "Calibri,BoldItalic", "ArialMT",
// "SegoeUI-Semibold", "Calibri Light").
var fontStyleWords = []string{
	"bolditalic", "boldoblique", "semibolditalic", "semibold", "demibold", "extrabold", "ultrabold", "bold",
	"semilight", "extralight", "ultralight", "light", "thin", "hairline", "medium", "regular", "normal",
	"book", "roman", "black", "heavy", "italic", "oblique", "condensed", "semicondensed", "narrow", "wide",
	"psmt", "mt", "ps",
}

// FontRelease returns the release of a font family, matching "ABCDEF+Calibri-Bold"
// style PDF names too (strip a 6-letter subset prefix and style suffixes).
// Names are compared without case, spaces, hyphens or underscores, so
// "SegoeUI-Semibold" is Segoe UI and "SourceSansPro-Regular" is Source Sans
// Pro. A family whose name starts with a table family at a word boundary
// resolves to it ("DejaVuSansMono" → DejaVu, "CalibriLight" → Calibri,
// "NotoSansCJKsc" → Noto); later members of a family are thereby dated to the
// family's first release, which keeps the date a lower bound.
func FontRelease(name string) (Release, bool) {
	t, err := releaseTable()
	if err != nil {
		return Release{}, false
	}
	family := fontFamilyPart(name)
	if family == "" {
		return Release{}, false
	}
	key := foldFontName(family)
	var best fontRelease
	found := false
	for _, f := range t.fonts {
		if f.key == "" || !strings.HasPrefix(key, f.key) {
			continue
		}
		if len(key) > len(f.key) && !fontWordBoundary(family, f.key) {
			continue
		}
		if !found || len(f.key) > len(best.key) {
			best, found = f, true
		}
	}
	return best.r, found
}

// fontFamilyPart strips a subset prefix ("ABCDEF+"), a PostScript style
// suffix after "-" or ",", and trailing style words.
func fontFamilyPart(name string) string {
	name = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), "/"))
	if len(name) > 7 && name[6] == '+' {
		subset := true
		for i := 0; i < 6; i++ {
			if name[i] < 'A' || name[i] > 'Z' {
				subset = false
				break
			}
		}
		if subset {
			name = name[7:]
		}
	}
	if i := strings.IndexAny(name, ",-"); i > 0 {
		name = name[:i]
	}
	// Trailing style words, glued ("CalibriLight", "ArialMT") or spaced.
	for {
		trimmed := strings.TrimRight(name, " _")
		lower := strings.ToLower(trimmed)
		cut := false
		for _, w := range fontStyleWords {
			if len(lower) > len(w) && strings.HasSuffix(lower, w) {
				rest := trimmed[:len(trimmed)-len(w)]
				last, _ := utf8.DecodeLastRuneInString(rest)
				first, _ := utf8.DecodeRuneInString(trimmed[len(rest):])
				// A glued style word starts with a capital ("CalibriLight");
				// "Consolas" does not end in a style word "as".
				if last == ' ' || last == '_' || unicode.IsUpper(first) {
					name, cut = rest, true
					break
				}
			}
		}
		if !cut {
			return strings.TrimRight(name, " _")
		}
	}
}

// foldFontName lower-cases a family name and drops spaces, hyphens and
// underscores.
func foldFontName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '-' || r == '_':
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// fontWordBoundary reports whether, in family, the folded prefix key ends at
// a word boundary: the next character is a capital, a digit or a separator
// ("DejaVuSans", "Noto Sans"), not a lower-case letter ("Calibrix").
func fontWordBoundary(family, key string) bool {
	n := 0
	for _, r := range family {
		if r == ' ' || r == '-' || r == '_' {
			if n == len(key) {
				return true
			}
			continue
		}
		if n == len(key) {
			return unicode.IsUpper(r) || unicode.IsDigit(r)
		}
		n += len(string(unicode.ToLower(r)))
	}
	return true
}
