package provenance

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// A Feature is one comparable trait of a document: a name ("author",
// "software.producer", "font") and a value, normalized so that spellings
// of the same thing compare equal (case-folded, spaces collapsed).
type Feature struct {
	Name  string
	Value string
}

// FeatureReliability returns how much a never-seen value of a feature
// weighs, relative to an author name (1.0): fonts and hours vary innocently
// more than editors and companies do, so their rarity is weaker evidence.
// A feature that is counted but never evidence on its own returns 0.
func FeatureReliability(name string) float64 {
	switch name {
	case "author", "last_modified_by", "script.author":
		return 1.0
	case "company", "language", "utc_offset", "software.producer", "software.application", "script.company":
		return 0.8
	case "template", "software.editor", "camera":
		return 0.6
	case "software.creator":
		return 0.7
	case "software.device", "combo.editor+software", "encoder":
		return 0.5
	case "updater", "package":
		return 0.8
	case featureChainOffset, featureChainPackage:
		return 0.6
	case featurePackageOrder:
		// Optional parts (comments, a custom properties part) change
		// the order as well as the program does.
		return 0.5
	case "combo.camera+encoder":
		return 0.8
	case featureCameraBody:
		return 0.8
	case featureFingerprintLayout:
		return 0.6
	case "combo.series+fingerprint":
		return 0.5
	case featureSeriesTitle:
		// Titles are typed by people as well as set by templates.
		return 0.5
	case "fingerprint":
		return 0.9
	case "font":
		return 0.3
	case "default_font", "default_languages":
		return 0.6
	case featureNumberFormat:
		// A locale's date and currency notation, but a sheet's own
		// formats too: as weak as a font.
		return 0.4
	case "script.last_modified_by":
		return 1.2
	case "hour":
		return 0.25
	case "weekday":
		return 0.15
	}
	return 0
}

// featureNumberFormat is a spreadsheet's date or currency format code
// (numberFormatFields): the notation its program's locale writes.
const featureNumberFormat = "number_format"

// numberFormatFields lists the keys of the number formats a spreadsheet
// defines that carry its locale's notation: dates and times (their
// separators) and currencies (their locale ID). Other codes ("0.00%") are
// the sheet's own.
func numberFormatFields(r *Record) []string {
	var out []string
	for _, prefix := range numberFormatPrefixes {
		for _, k := range r.Fields.WithPrefix(prefix) {
			if localeNotation(r.Fields[k]) {
				out = append(out, k)
			}
		}
	}
	return out
}

// localeNotation reports whether a number format code names a date, a
// time or a currency: outside its quoted text, a "[$" currency or locale
// tag, or the letters of a date (y, d) or of a time (h with ":").
func localeNotation(code string) bool {
	if strings.Contains(code, "[$") {
		return true
	}
	var b strings.Builder
	quoted, bracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\\':
			i++ // an escaped character is literal text
		case c == '[':
			bracket = true
		case c == ']':
			bracket = false
		case !bracket:
			b.WriteByte(c | 0x20)
		}
	}
	low := b.String()
	return strings.ContainsAny(low, "yd") || strings.Contains(low, "h") && strings.Contains(low, ":")
}

var (
	spaceRun     = regexp.MustCompile(`\s+`)
	subsetPrefix = regexp.MustCompile(`^[A-Z]{6}\+`)
	fontEntry    = regexp.MustCompile(`^(.*) \(([^,]*), (embedded|not embedded)\)$`)
)

// normValue folds a value for comparison: trimmed, spaces collapsed, lower
// case. Evidence is always reported with the raw value from Fields.
func normValue(s string) string {
	return strings.ToLower(strings.TrimSpace(spaceRun.ReplaceAllString(s, " ")))
}

// templateName reduces a template path to its file name: the folder part
// holds a user name and differs between machines of one organisation.
func templateName(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	return normValue(s)
}

// FontFamily reduces a PDF font name ("ABCDEF+Calibri-Bold") to its family
// ("calibri").
func FontFamily(name string) string {
	name = subsetPrefix.ReplaceAllString(strings.TrimSpace(name), "")
	if i := strings.IndexAny(name, "-,"); i > 0 {
		name = name[:i]
	}
	return normValue(strings.ReplaceAll(name, "#20", " "))
}

// Features lists the comparable traits of a record. Names follow the Record:
// "author" for each author, "software.<role>" as "name version" (the version
// cut to major.minor, so that patch releases of a program the organisation
// uses are not new values), "utc_offset" of each dated claim, "script.*"
// for the writing systems of names, "hour" and "weekday" of the last
// modification as the file's own clock shows it.
func Features(r *Record) []Feature {
	var out []Feature
	add := func(name, value string) {
		if v := normValue(value); v != "" {
			out = append(out, Feature{name, v})
		}
	}
	add("format", r.Format)
	for _, a := range r.Authors {
		add("author", a)
		for _, s := range Scripts(a) {
			add("script.author", s)
		}
	}
	add("last_modified_by", r.LastModifiedBy)
	for _, s := range Scripts(r.LastModifiedBy) {
		add("script.last_modified_by", s)
	}
	if ed := normValue(r.LastModifiedBy); ed != "" && !slices.Contains(normAuthors(r.Authors), ed) {
		// Counted, not weighed: how often people save documents
		// someone else wrote (see OutsideEditor).
		add(featureEditorOnly, ed)
	}
	add("company", r.Company)
	for _, s := range Scripts(r.Company) {
		add("script.company", s)
	}
	if t := templateName(r.Template); t != "" {
		add("template", t)
	}
	for _, l := range r.Languages {
		add("language", l)
	}
	claim, structure := chain(r)
	for _, ts := range []Timestamp{r.Created, r.Modified, r.MetadataDate} {
		if off, ok := ts.Offset(); ok && !ts.IsZero() {
			add("utc_offset", formatOffset(off))
			if claim != "" || structure != "" {
				// Whether a program writes local time or UTC is its
				// habit: an offset the organisation's clocks show, but
				// never from this program, is another machine's.
				add(featureChainOffset, r.Format+" "+claim+"/"+structure+" | "+formatOffset(off))
			}
		}
	}
	// A photo's GPS stamp and local clock imply the offset it was taken
	// at, whether or not it declares one.
	if d, ok := exifClock(r.Fields); ok {
		if off, ok := impliedOffset(d); ok {
			add("utc_offset", formatOffset(int(off.Seconds())))
		}
	}
	// A ZIP package written at the save it claims implies the offset of
	// the machine that wrote it, when the claim is local time and the
	// entries UTC or the other way round (LibreOffice writes both).
	if off, ok := packageOffset(r); ok {
		add("utc_offset", formatOffset(int(off.Seconds())))
	}
	if off, ok, err := parseOffset(r.Fields[KeyWordSavedOffset]); ok && err == nil {
		add("utc_offset", formatOffset(off))
	}
	editor := r.LastModifiedBy
	if editor == "" && len(r.Authors) > 0 {
		editor = r.Authors[0]
	}
	for _, s := range r.Software {
		name := s.Name
		if name == "" {
			name = s.Raw
		}
		if name == "" {
			continue // a version with no program named: nothing to compare
		}
		if s.Inferred() {
			add("fingerprint", name)
			if series := seriesName(r); series != "" {
				// Which program a series of documents comes out of:
				// an organisation's letters from its office suite, its
				// statements from its portal's PDF printer.
				add("combo.series+fingerprint", series+" | "+name)
			}
			continue
		}
		add("software."+string(s.Role), strings.TrimSpace(name+" "+majorMinor(s.Version)))
		if editor != "" && (s.Role == RoleApplication || s.Role == RoleCreator) {
			add("combo.editor+software", editor+" | "+name)
		}
	}
	if pk := packageLayout(r); pk != "" {
		add("package", pk)
		if claim != "" || structure != "" {
			// One program zips its packages one way: the parts of
			// a program the organisation uses in a ZIP written the
			// way another program writes them were unpacked and
			// zipped again.
			add(featureChainPackage, r.Format+" "+claim+"/"+structure+" | "+pk)
		}
	}
	if series, word := seriesName(r), firstWord(r.Title); series != "" && word != "" {
		// The documents of a series carry titles of their kind: its
		// template's, or the series' own name.
		add(featureSeriesTitle, series+" | "+word)
	}
	if order := packageOrder(r); order != "" {
		add(featurePackageOrder, order)
	}
	if fp := r.Fields[KeyPDFFingerprintProducer]; fp != "" {
		// How the program that wrote a PDF last was run: an office's
		// pipeline linearizes with qpdf for the web, a forger's rewrite
		// with the same library does not.
		layout := "not linearized"
		if r.Fields[KeyPDFLinearized] == "true" {
			layout = "linearized"
		}
		add(featureFingerprintLayout, fp+" | "+layout)
	}
	// People a document does not name are a value too, within its
	// format: an office whose every spreadsheet names its last editor
	// sees one that names none as new.
	if len(r.Authors) == 0 {
		add("author", "(none: "+r.Format+")")
	}
	if r.LastModifiedBy == "" {
		add("last_modified_by", "(none: "+r.Format+")")
	}
	// The program that appended a PDF's last update, as its structure
	// shows: an office that signs its PDFs shows its signing tool there,
	// a forger a metadata editor.
	add("updater", r.Fields[KeyPDFFingerprintUpdater])
	for _, k := range fontFields(r) {
		add("font", FontFamily(fontName(r.Fields[k])))
	}
	for _, k := range defaultFontKeys {
		if v := r.Fields[k]; v != "" {
			add("default_font", FontFamily(v))
		}
	}
	for _, k := range numberFormatFields(r) {
		add(featureNumberFormat, r.Fields[k])
	}
	for _, keys := range defaultLanguageKeys {
		var langs []string
		for _, k := range keys {
			if v := r.Fields[k]; v != "" {
				langs = append(langs, v)
			}
		}
		add("default_languages", strings.Join(langs, " "))
	}
	if sig := softwareSignature(r); sig != "" {
		out = append(out, Feature{"signature", sig})
	}
	if c := r.Camera; c != nil {
		add("camera", strings.TrimSpace(c.Make+" "+c.Model))
		if b := cameraBody(c); b != "" {
			add(featureCameraBody, b)
		}
		if pat := photoNamePattern(r.Path); pat != "" {
			add(featurePhotoName, pat)
			if m := normValue(c.Make); m != "" {
				add(featureMakePhotoName, m+" | "+pat)
			}
		}
	}
	// The JPEG encoder's tables: a camera model writes a handful of
	// quantization tables; an editor that re-saves a photo writes its own.
	if dqt := r.Fields["jpeg.dqt.hash"]; dqt != "" {
		enc := dqt + " " + r.Fields["jpeg.subsampling"]
		add("encoder", enc)
		if c := r.Camera; c != nil {
			add("combo.camera+encoder", strings.TrimSpace(c.Make+" "+c.Model)+" | "+enc)
		}
	}
	if t := r.Modified; !t.IsZero() {
		add("hour", twoDigits(t.Time.Hour()))
		add("weekday", t.Time.Weekday().String())
	}
	return dedupe(out)
}

// featureSeriesTitle pairs a document's series (the first word of its
// file name) with the first word of its title.
const featureSeriesTitle = "combo.series+title"

// featureEditorOnly names the last editor of a document none of whose
// authors they are.
const featureEditorOnly = "editor_only"

// featurePhotoName is the pattern of a photo's file name, its digits
// folded ("IMG_#.jpg", "P#.jpg", "#_#.jpg"), and featureMakePhotoName the
// pattern with the camera's make: each maker's cameras and phones name
// their files their own way. Both are counted for PhotoName, not weighed
// by rare-value (their reliability is 0).
const (
	featurePhotoName     = "photo.name"
	featureMakePhotoName = "combo.make+photo.name"
)

// photoNamePattern is a file name with each run of digits written "#" and
// the extension in lower case, or "" for a name without digits.
func photoNamePattern(path string) string {
	base := filepath.Base(path)
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	var b strings.Builder
	digits := false
	for _, c := range stem {
		if c >= '0' && c <= '9' {
			if !digits {
				b.WriteByte('#')
			}
			digits = true
			continue
		}
		digits = false
		b.WriteRune(c)
	}
	if !strings.Contains(b.String(), "#") {
		return ""
	}
	return b.String() + strings.ToLower(ext)
}

func dedupe(fs []Feature) []Feature {
	sort.Slice(fs, func(i, j int) bool {
		if fs[i].Name != fs[j].Name {
			return fs[i].Name < fs[j].Name
		}
		return fs[i].Value < fs[j].Value
	})
	out := fs[:0]
	for i, f := range fs {
		if i == 0 || f != fs[i-1] {
			out = append(out, f)
		}
	}
	return out
}

// featureCameraBody is one camera body: its make and model with its serial
// (the body's, else the maker's internal one). An organisation's photos
// come from a handful of bodies; a photo from a body it never used was
// taken by someone else's camera.
const featureCameraBody = "camera.body"

// cameraBody is the featureCameraBody value of a camera, "" without a
// serial.
func cameraBody(c *Camera) string {
	serial := c.Serial
	if serial == "" {
		serial = c.InternalSerial
	}
	if strings.TrimSpace(serial) == "" {
		return ""
	}
	return strings.TrimSpace(c.Make+" "+c.Model) + " #" + strings.TrimSpace(serial)
}

// featureFingerprintLayout pairs the program a PDF's structure shows with
// whether it is linearized.
const featureFingerprintLayout = "combo.fingerprint+layout"

// majorMinor keeps the first two components of a dotted version.
func majorMinor(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) > 2 {
		return parts[0] + "." + parts[1]
	}
	return v
}

func twoDigits(n int) string {
	if n < 0 || n > 99 {
		return fmt.Sprintf("%02d", n)
	}
	return string([]byte{byte('0' + n/10), byte('0' + n%10)})
}

func formatOffset(sec int) string {
	sign := byte('+')
	if sec < 0 {
		sign, sec = '-', -sec
	}
	h, m := sec/3600, sec%3600/60
	return string(sign) + twoDigits(h) + ":" + twoDigits(m)
}

// scriptTables are the writing systems docprov tells apart in names. The
// order matters only for the output's stability.
var scriptTables = []struct {
	name  string
	table *unicode.RangeTable
}{
	{"Latin", unicode.Latin}, {"Cyrillic", unicode.Cyrillic}, {"Greek", unicode.Greek},
	{"Arabic", unicode.Arabic}, {"Hebrew", unicode.Hebrew}, {"Han", unicode.Han},
	{"Hiragana", unicode.Hiragana}, {"Katakana", unicode.Katakana}, {"Hangul", unicode.Hangul},
	{"Thai", unicode.Thai}, {"Devanagari", unicode.Devanagari}, {"Armenian", unicode.Armenian},
	{"Georgian", unicode.Georgian},
}

// Scripts returns the writing systems the letters of s belong to, e.g.
// ["Cyrillic"] for "Рошка Георгий". A last editor whose name is written in
// a script an organisation never uses is how MacronLeaks files gave away
// their handling.
func Scripts(s string) []string {
	seen := map[string]bool{}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		for _, st := range scriptTables {
			if unicode.Is(st.table, r) {
				seen[st.name] = true
				break
			}
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// presenceKey generalizes a Fields key for field-presence rates: indices
// and bracketed names are dropped ("pdf.font[3]" → "pdf.font[]"), so the
// rate says whether documents of a format carry that kind of item at all.
func presenceKey(k string) string {
	var b strings.Builder
	depth := 0
	for _, r := range k {
		switch {
		case r == '[':
			if depth == 0 {
				b.WriteString("[]")
			}
			depth++
		case r == ']':
			if depth > 0 {
				depth--
			}
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// instant returns a comparable point in time for a timestamp and whether it
// is exact. A time without an offset is placed as if it were UTC and marked
// inexact: comparisons with it must allow for any offset (±14 h).
func instant(t Timestamp) (time.Time, bool) {
	return t.Time, t.HasOffset
}

// packageLayout summarises how a ZIP container's entries were written,
// within its format's family: the distinct compression methods and general-purpose
// flags of its entries, and how their times were stamped ("docx: deflated
// 0x0808, stored 0x0800; one time" for any OOXML file), or "" for a file that is not one. The
// entries a package holds are its document program's; how they were
// zipped and stamped is the ZIP writer's: a package that keeps a program's
// entries and times but shows another writer's flags was rewritten by
// another tool (Python's zipfile, a zip utility).
func packageLayout(r *Record) string {
	seen := map[string]bool{}
	for _, prefix := range packageEntryPrefixes {
		for _, k := range r.Fields.WithPrefix(prefix) {
			if !strings.HasSuffix(k, ".method") {
				continue
			}
			base := strings.TrimSuffix(k, ".method")
			seen[r.Fields[k]+" "+r.Fields[base+".flags"]] = true
		}
	}
	if len(seen) == 0 {
		return ""
	}
	parts := make([]string, 0, len(seen))
	for p := range seen {
		parts = append(parts, p)
	}
	sort.Strings(parts)
	kind := r.Format
	if fam := formatFamily(r); fam != "" {
		kind = fam // one writer zips every format of the family alike
	}
	layout := kind + ": " + strings.Join(parts, ", ")
	if t := packageTimeStyle(r); t != "" {
		layout += "; " + t
	}
	return layout
}

// featureChainOffset pairs a document's producer chain (its format, the
// program it claims and the one its structure shows) with a UTC offset its
// claimed times declare.
const featureChainOffset = "combo.chain+offset"

// featureChainPackage pairs a document's producer chain (as
// featureChainOffset names it) with how its ZIP package's entries were
// written (the "package" feature).
const featureChainPackage = "combo.chain+package"

// featurePackageOrder is the order of a ZIP package's entries whose names
// do not depend on its content (see packageOrder).
const featurePackageOrder = "package.order"

// packageOrder returns the order in which a ZIP package lists the entries
// whose names do not depend on its content ("odf: mimetype
// configurations2/toolpanel/ … meta.xml"), or "" for a file that is not
// one. A program writes its parts in an order of its own, and in another
// when it saves a package it loaded than one it made new (LibreOffice
// copies the storages it read in the order it read them); a tool that
// rewrites the package keeps or sorts it. Numbers in names read "#" and a
// run of entries that then read alike reads as one: pictures, sheets,
// headers and embedded objects are numbered, and how many there are is
// the content's.
func packageOrder(r *Record) string {
	for _, prefix := range packageEntryPrefixes {
		var names []string
		for i := 0; ; i++ {
			name, ok := r.Fields[prefix+strconv.Itoa(i)+"]"]
			if !ok {
				break
			}
			name = digitRun.ReplaceAllString(name, "#")
			if len(names) == 0 || names[len(names)-1] != name {
				names = append(names, name)
			}
		}
		if len(names) < minPackageOrderEntries {
			continue
		}
		kind := r.Format
		if fam := formatFamily(r); fam != "" {
			kind = fam
		}
		return kind + ": " + strings.Join(names, " ")
	}
	return ""
}

var digitRun = regexp.MustCompile(`[0-9]+`)

// minPackageOrderEntries is how many content-independent entries a
// package needs for its order to say anything.
const minPackageOrderEntries = 3

// packageTimeStyle says how a ZIP package's entry times were stamped: all
// at the DOS epoch ("1980", what reproducible writers and metadata
// cleaners write), all within two minutes ("one time": one save), or
// spread wider ("several times": entries written or replaced apart).
func packageTimeStyle(r *Record) string {
	var lo, hi time.Time
	n := 0
	for _, prefix := range packageTimePrefixes {
		for _, k := range r.Fields.WithPrefix(prefix) {
			t, err := time.Parse("2006-01-02T15:04:05", r.Fields[k])
			if err != nil {
				continue
			}
			if n == 0 || t.Before(lo) {
				lo = t
			}
			if n == 0 || t.After(hi) {
				hi = t
			}
			n++
		}
	}
	switch {
	case n == 0:
		return ""
	case hi.Year() <= 1980:
		return "1980"
	case hi.Sub(lo) <= 2*time.Minute:
		return "one time"
	}
	return "several times"
}

// packageOffset returns the offset between a document's claimed last save
// and the time its ZIP package was written, when the two differ by a whole
// number of quarter hours (within a minute) up to ±14 hours: the same
// moment on two clocks, local and UTC. A package re-written later gives no
// offset (or, rarely, a spurious one, which the baseline's own documents
// show as often).
func packageOffset(r *Record) (time.Duration, bool) {
	if !plausible(r.Modified) {
		return 0, false
	}
	latest, key := latestPackageTime(r)
	if key == "" {
		return 0, false
	}
	d := wallClock(r.Modified).Sub(wallClock(latest))
	q := d.Round(15 * time.Minute)
	if (d-q).Abs() > time.Minute || q.Abs() > 14*time.Hour {
		return 0, false
	}
	return q, true
}
