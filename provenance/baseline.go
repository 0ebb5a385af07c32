package provenance

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// BaselineVersion is the version of the baseline file format. Load refuses
// other versions: counts built under other rules do not mix. Version 3
// added the exif.capture identifier, the PDF layout and camera body
// features and the cameras' numbered shots, and names a phone's bare
// system version (iOS 16.1.2). Version 4 added the order of a ZIP
// package's parts (package.order) and the producer chain and offset pair.
// Version 5 added the documents by content digest (Contents), the photos'
// file-name patterns per maker, the series and title pair and the editors
// of other people's documents. Version 6 added the producer chain and ZIP
// writing pair, version 7 the default languages of Word 97 documents and
// workbooks, and a workbook's fonts, version 8 the offset of the clock
// that last saved a Word 97 document, version 9 the metadata parts a
// document carries (partPresenceKey), version 10 a workbook's number
// formats and the format each kind of document is saved in, version 11
// when each document of the identifier index was saved last (DocRef.Saved),
// version 12 the properties holding a program's placeholder
// (placeholderPresenceKey) and the last saves of each file-name series
// (Saves).
const BaselineVersion = 12

// ErrBaselineVersion is returned by LoadBaseline for a file of another
// version.
var ErrBaselineVersion = errors.New("baseline: unsupported version")

// A Baseline summarises the documents known to be genuine: how often each
// feature value occurs, which fields each format carries, when documents
// were made, and which identifiers belong to which documents. It is a
// summary, not a list: its size grows with the variety of the documents,
// not their number, and two baselines merge into the one built from both
// sets (Merge), so a corpus can be summarised in pieces.
//
// The zero value is not ready; use NewBaseline.
type Baseline struct {
	Version int `json:"version"`
	// Docs is the number of documents summarised: identical copies (the
	// same SHA-256 under several paths) count once.
	Docs int `json:"docs"`
	// Copies counts the records Add left out as identical copies of one
	// already summarised (within one build: Merge cannot tell).
	Copies int `json:"copies,omitempty"`
	// Checks names the intrinsic checks whose findings Populations count:
	// calibration is only as good as the checks it counted, so a scan
	// with other checks refuses the baseline (Scanner.Validate).
	Checks []string `json:"checks"`
	// Features counts documents per feature value: Features["author"]["marie dupont"] = 12.
	Features map[string]map[string]int `json:"features"`
	// Formats counts documents per format.
	Formats map[string]int `json:"formats"`
	// Populations are the groups of documents questioned documents are
	// compared with (see Population): every document, each format, and
	// each producer chain within a format.
	Populations map[string]*Population `json:"populations"`
	// Times is the range of each claimed time per format.
	Times map[string]TimeRange `json:"times"`
	// Adoption is, per software feature value ("software.producer=libreoffice 5.3"),
	// the range of dates of the documents that claim it: when the
	// organisation is seen using each version.
	Adoption map[string]TimeRange `json:"adoption"`
	// IDs maps identifier kind and value to the documents that carry it.
	IDs map[string]map[string][]DocRef `json:"ids"`
	// Seen is, per value of the features that name people, the range of
	// dates of the documents that show it: when each person is seen at
	// work, from which the baseline estimates how often people join.
	Seen map[string]map[string]TimeRange `json:"seen"`
	// Edits counts the documents last modified in each burstWindow of
	// time (keyed by its start, Unix seconds), with the range of their
	// creation dates: how often the organisation's own documents come in
	// bursts (see EditBurst).
	Edits map[string]EditBucket `json:"edits"`
	// Shots lists, per camera and file-name pattern ("apple iphone
	// 12|IMG_.jpg"), the numbers and times of the genuine photos named by
	// a counter: the organisation's cameras' own numbering, which a
	// questioned photo's name and time must fit (see PhotoSequence).
	Shots map[string][]Shot `json:"shots,omitempty"`
	// Saves lists, per file-name series (seriesName), when each document
	// was saved last (savedAt, Unix seconds), sorted when saved and when
	// first read: whether a document of the series came between the one a
	// Save As was made from and its copy (see SaveAsGap).
	Saves map[string][]int64 `json:"saves,omitempty"`
	// Contents lists, per content digest (KeyContentDigest), the
	// documents of that content with the claims a copy keeps (see
	// KnownContent).
	Contents map[string][]ContentRef `json:"contents,omitempty"`

	checks []*Check
	// The SHA-256s of the records added in this process: 32 bytes each
	// (a self-baseline's are the corpus's), those that are not hex apart.
	added    map[[32]byte]bool
	addedOdd map[string]bool
	refs     *refStore // see CompactRefs
	// A cache of counts derived from IDs (idSharing), valid while Docs
	// is sharingDocs.
	cacheMu     sync.Mutex
	sharing     map[string]map[string][2]int
	sharingDocs int
	gaps        map[string]map[string][]float64 // see saveAsGaps, valid while Docs is gapsDocs
	gapsDocs    int
	savesDocs   int                    // Saves is sorted while Docs is savesDocs (see savedBetween)
	compact     map[[2]string][]DocRef // see identifierRefs, valid while Docs is compactDocs
	compactDocs int
	twins       [2]int // see contentTwins, valid while Docs is twinsDocs
	twinsDocs   int
	twinsDone   bool
	derived     derivedCache // see baselinecache.go
}

// A Shot is one genuine photo of a camera's numbered sequence: the number
// its file name carries and the wall-clock time it claims.
type Shot struct {
	Number int64     `json:"n"`
	Time   time.Time `json:"t"`
}

// insertShot adds s to a list kept sorted by number, then time, so that a
// baseline built in any order, or merged from parts, is the same.
func insertShot(list []Shot, s Shot) []Shot {
	i := sort.Search(len(list), func(i int) bool {
		return list[i].Number > s.Number || list[i].Number == s.Number && !list[i].Time.Before(s.Time)
	})
	list = append(list, Shot{})
	copy(list[i+1:], list[i:])
	list[i] = s
	return list
}

// TimeRange is the earliest and latest of a set of times (wall clocks as the
// files wrote them; offsets are ignored here, a few hours do not matter at
// the scale of a baseline's window).
type TimeRange struct {
	Min time.Time `json:"min"`
	Max time.Time `json:"max"`
	N   int       `json:"n"`
}

// sightingGap is the time between a range's documents, a week at least:
// how far the true start or end of what they show may lie from the first
// or last of them.
func (t TimeRange) sightingGap() time.Duration {
	return max(t.Max.Sub(t.Min)/time.Duration(t.N), 7*24*time.Hour)
}

// chanceBeyond is the chance that a genuine document lies gap beyond the
// first or last of a range's N documents: g/(g+gap)/(N+1), g their
// sightingGap.
func (t TimeRange) chanceBeyond(gap time.Duration) float64 {
	g := t.sightingGap()
	return g.Hours() / (g.Hours() + gap.Hours()) / float64(t.N+1)
}

// inUseAt reports whether a program whose documents t dates was in use
// at v, when the program whose documents next dates replaced it: within
// t's span, allowing for the gaps between its documents, or nearer its
// last sighting than next's first (the switch fell somewhere between).
func (t TimeRange) inUseAt(v time.Time, next TimeRange) bool {
	g := t.sightingGap()
	return !v.Before(t.Min.Add(-2*g)) && !v.After(t.Max.Add(max(g, next.Min.Sub(t.Max)/2)))
}

// after is about how many of t's documents are dated after v: all of them
// before its first, a share of them by time within its span.
func (t TimeRange) after(v time.Time) float64 {
	if !v.Before(t.Max) {
		return 0
	}
	if span := t.Max.Sub(t.Min); span > 0 && v.After(t.Min) {
		return float64(t.N) * float64(t.Max.Sub(v)) / float64(span)
	}
	return float64(t.N)
}

func (t TimeRange) add(v time.Time) TimeRange {
	if t.N == 0 || v.Before(t.Min) {
		t.Min = v
	}
	if t.N == 0 || v.After(t.Max) {
		t.Max = v
	}
	t.N++
	return t
}

func (t TimeRange) merge(o TimeRange) TimeRange {
	if o.N == 0 {
		return t
	}
	if t.N == 0 {
		return o
	}
	if o.Min.Before(t.Min) {
		t.Min = o.Min
	}
	if o.Max.After(t.Max) {
		t.Max = o.Max
	}
	t.N += o.N
	return t
}

// An EditBucket counts the baseline documents last modified within one
// burstWindow, and the range of their creation dates.
type EditBucket struct {
	N       int       `json:"n"`
	Created TimeRange `json:"created"`
}

func editBucketKey(t time.Time) string {
	return strconv.FormatInt(t.Unix()-t.Unix()%int64(burstWindow/time.Second), 10)
}

// DocRef names a baseline document an identifier belongs to, with what
// tells a copy from a different document: its content digest and title.
type DocRef struct {
	Path     string `json:"path"`
	SHA256   string `json:"sha256"`
	Format   string `json:"format,omitempty"`
	Content  string `json:"content,omitempty"`
	Title    string `json:"title,omitempty"`
	Template string `json:"template,omitempty"` // the template's file name, normalized
	// Saved is when it claims to have been saved last (savedAt), in UTC:
	// how long a document made from it by Save As lay unused (saveAsGap).
	Saved time.Time `json:"saved,omitzero"`
}

// docRef describes r for the identifier index.
func docRef(r *Record) DocRef {
	return DocRef{Path: r.Path, SHA256: r.SHA256, Format: r.Format, Content: contentDigest(r), Title: normValue(r.Title), Template: templateName(r.Template), Saved: savedAt(r.Created, r.Modified)}
}

// savedAt is the later plausible of a document's claimed creation and last
// save, in UTC, zero when it claims neither: when it was saved last.
func savedAt(created, modified Timestamp) time.Time {
	var t time.Time
	for _, c := range [...]Timestamp{created, modified} {
		if plausible(c) && c.Time.After(t) {
			t = c.Time
		}
	}
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

// indexedIDKinds are the identifiers that tie a copy to its original. Lists
// such as a docx's rsids are too common between unrelated documents of one
// template to index one by one.
func indexedIDKind(kind string) bool {
	indexed, _ := IdentifierKind(kind)
	return indexed
}

// NewBaseline returns an empty baseline that calibrates the intrinsic
// checks of Checks().
func NewBaseline() *Baseline { return NewBaselineFor(Checks()) }

// NewBaselineFor returns an empty baseline that calibrates the intrinsic
// checks among checks (those that need no baseline and no clock).
func NewBaselineFor(checks []*Check) *Baseline {
	b := &Baseline{
		Version:     BaselineVersion,
		Features:    map[string]map[string]int{},
		Formats:     map[string]int{},
		Populations: map[string]*Population{},
		Times:       map[string]TimeRange{},
		Adoption:    map[string]TimeRange{},
		IDs:         map[string]map[string][]DocRef{},
		Edits:       map[string]EditBucket{},
		Seen:        map[string]map[string]TimeRange{},
		Shots:       map[string][]Shot{},
		Saves:       map[string][]int64{},
		Contents:    map[string][]ContentRef{},
		Checks:      []string{},
	}
	for _, c := range intrinsic(checks) {
		b.checks = append(b.checks, c)
		b.Checks = append(b.Checks, c.Name)
	}
	sort.Strings(b.Checks)
	return b
}

// BuildBaseline summarises records.
func BuildBaseline(records []*Record) *Baseline {
	b := NewBaseline()
	for _, r := range records {
		b.Add(r)
	}
	return b
}

// Add counts one more genuine document.
func (b *Baseline) Add(r *Record) {
	if r.SHA256 != "" {
		// A file copied into several folders is one document: counted
		// twice it would make its own traits look common.
		if b.seen(r.SHA256) {
			b.Copies++
			return
		}
	}
	b.add(r)
}

// AddDistinct is Add for a caller that tells identical copies apart
// itself (a case's documents: one row a SHA-256), which keeps the
// baseline from noting every SHA-256 it is given: r is a document none of
// those added before is a copy of, unless copy is set, when it is counted
// as Add counts a copy (Copies). Add does not know the SHA-256s added
// here: a baseline is built with one or the other.
func (b *Baseline) AddDistinct(r *Record, copy bool) {
	if copy {
		b.Copies++
		return
	}
	b.add(r)
}

func (b *Baseline) add(r *Record) {
	b.Docs++
	features := Features(r)
	for _, f := range features {
		m := b.Features[f.Name]
		if m == nil {
			m = map[string]int{}
			b.Features[f.Name] = m
		}
		m[f.Value]++
	}
	format := r.Format
	if format == "" {
		format = "unknown"
	}
	b.Formats[format]++
	keys := presenceKeys(r)
	findings := b.intrinsicFindingKeys(r)
	popKeys := populationKeys(r)
	if k := familyChainKey(r); k != "" {
		popKeys = append(popKeys, k)
	}
	for _, pk := range popKeys {
		p := b.Populations[pk]
		if p == nil {
			p = newPopulation()
			b.Populations[pk] = p
		}
		p.Docs++
		for _, k := range keys {
			p.Presence[k]++
		}
		for _, k := range findings {
			p.Findings[k]++
		}
	}
	for name, ts := range map[string]Timestamp{"created": r.Created, "modified": r.Modified} {
		if !ts.IsZero() {
			b.Times[format+"."+name] = b.Times[format+"."+name].add(ts.Time)
		}
	}
	if plausible(r.Modified) {
		k := editBucketKey(r.Modified.Time)
		e := b.Edits[k]
		e.N++
		if plausible(r.Created) {
			e.Created = e.Created.add(r.Created.Time)
		}
		b.Edits[k] = e
	}
	if when, _ := latestClaim(r); plausible(when) {
		for _, k := range adoptionKeys(r, features) {
			b.Adoption[k] = b.Adoption[k].add(writtenBy(r, when).Time)
		}
		for _, f := range features {
			if !peopleFeature(f.Name) {
				continue
			}
			m := b.Seen[f.Name]
			if m == nil {
				m = map[string]TimeRange{}
				b.Seen[f.Name] = m
			}
			m[f.Value] = m[f.Value].add(when.Time)
		}
	}
	if key, number, ok := shotKey(r); ok {
		b.Shots[key] = insertShot(b.Shots[key], Shot{number, wallClock(r.Created)})
	}
	if series, saved := seriesName(r), savedAt(r.Created, r.Modified); series != "" && !saved.IsZero() {
		// Appended, sorted when read: a series of many documents costs
		// a sort, not an insertion each.
		b.Saves[series] = append(b.Saves[series], saved.Unix())
	}
	if key, ok := shutterKey(body(r), shutterCount(r)); ok && plausible(r.Created) {
		b.Shots[key] = insertShot(b.Shots[key], Shot{shutterCount(r), wallClock(r.Created)})
	}
	if b.refs != nil {
		b.refs.add(r, indexedIdentifiers(r), contentDigest(r))
		return
	}
	// The index holds a reference per identifier of every document: one
	// for them all, its strings shared with the other documents' where
	// they say the same (a format, the title and content of copies).
	ref := b.derived.names.docRef(docRef(r))
	for _, id := range indexedIdentifiers(r) {
		m := b.IDs[id.Kind]
		if m == nil {
			m = map[string][]DocRef{}
			b.IDs[id.Kind] = m
		}
		m[id.Value] = insertRef(m[id.Value], ref)
	}
	if d := contentDigest(r); d != "" {
		b.Contents[d] = insertContentRef(b.Contents[d], b.derived.names.contentRef(contentRef(r)))
	}
}

// seen reports whether a record of this SHA-256 was added before, and
// notes it.
func (b *Baseline) seen(sha string) bool {
	var k [32]byte
	if len(sha) == 64 && isLowerHex(sha) {
		hex.Decode(k[:], []byte(sha))
		if b.added[k] {
			return true
		}
		if b.added == nil {
			b.added = map[[32]byte]bool{}
		}
		b.added[k] = true
		return false
	}
	if b.addedOdd[sha] {
		return true
	}
	if b.addedOdd == nil {
		b.addedOdd = map[string]bool{}
	}
	b.addedOdd[sha] = true
	return false
}

// adoptionKeys lists the software a record's features claim, as
// Adoption keys: "software.producer=libreoffice 5.3", and for the program
// its structure shows, "fingerprint@docx=python-docx" within its format and
// "fingerprint@xlsx#invoice=xlsxwriter" within its series (seriesName), and
// the format the series is saved in, "format#letter=docx", and the format
// its kind of document is saved in, "format@text=docx".
func adoptionKeys(r *Record, features []Feature) []string {
	var out []string
	series := seriesName(r)
	for _, f := range features {
		switch {
		case strings.HasPrefix(f.Name, "software."):
			out = append(out, f.Name+"="+f.Value)
		case f.Name == "fingerprint":
			out = append(out, "fingerprint@"+r.Format+"="+f.Value)
			if series != "" {
				out = append(out, "fingerprint@"+r.Format+"#"+series+"="+f.Value)
			}
		}
	}
	if series != "" && r.Format != "" {
		// The format a series is saved in: an office that moves its
		// letters from .doc to .docx does so on one day.
		out = append(out, "format#"+series+"="+r.Format)
	}
	if prefix := kindFormatPrefix(r); prefix != "" {
		// The format its kind of document is saved in, whatever the
		// series: an office's move from .doc to .docx is one for all
		// its letters, and a series may have too few documents to show
		// it.
		out = append(out, prefix+r.Format)
	}
	return out
}

// writtenBy is when a genuine document was written at the latest, for
// dating the organisation's use of its program: its latest claim, or the
// time its ZIP package was stamped when that is more than a day later (an
// export script that copies the properties of a template keeps its
// claims fixed; its package shows each run).
func writtenBy(r *Record, claim Timestamp) Timestamp {
	if pk, key := latestPackageTime(r); key != "" && pk.Time.After(claim.Time.Add(24*time.Hour)) {
		return pk
	}
	return claim
}

// seriesName is the series a document's file name puts it in: the first
// word of the name that is not a date or a number, letters only, folded
// ("Invoice_2023-05-15_ACME.pdf", "invoice 2023-06.pdf" → "invoice";
// "DSCN0248.JPG" → "dscn"). An organisation's recurring documents (its
// periodic reports and exports, a camera's photos) come out of one pipeline
// each, and a pipeline changes program on one day; "" when the name has no
// such word of at least three letters.
func seriesName(r *Record) string {
	base := fileName(r.Path)
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return firstWord(base)
}

// firstWord is the first word of s of three letters or more (fewer in a
// script that writes words in fewer), its letters only, in lower case.
func firstWord(s string) string {
	for _, word := range strings.FieldsFunc(s, func(c rune) bool {
		return c == '_' || c == '-' || c == '.' || c == ' ' || c == '(' || c == ')'
	}) {
		var b strings.Builder
		for _, c := range word {
			if unicode.IsLetter(c) {
				b.WriteRune(unicode.ToLower(c))
			}
		}
		if utf8.RuneCountInString(b.String()) >= 3 || b.Len() >= 3 && !isASCII(b.String()) {
			return b.String()
		}
	}
	return ""
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// intrinsic returns the checks whose findings a baseline counts: those
// that need neither a baseline nor a clock.
func intrinsic(checks []*Check) []*Check {
	var out []*Check
	for _, c := range checks {
		if !c.NeedsBaseline && c.Name != AfterAsOf.Name {
			out = append(out, c)
		}
	}
	return out
}

// counts reports whether the baseline counted the findings of the named
// check.
func (b *Baseline) counts(check string) bool {
	for _, c := range b.Checks {
		if c == check {
			return true
		}
	}
	return false
}

// intrinsicFindingKeys lists, once each, the kinds of intrinsic findings a
// record shows under the baseline's checks.
func (b *Baseline) intrinsicFindingKeys(r *Record) []string {
	seen := map[string]bool{}
	var keys []string
	counts := map[string]func(Finding) []string{}
	for _, c := range b.checks {
		if c.CountsAs != nil {
			counts[c.Name] = c.CountsAs
		}
	}
	for _, f := range Run(&Pass{Record: r}, b.checks) {
		subjects := []string{f.Subject}
		if as := counts[f.Check]; as != nil {
			subjects = as(f)
		}
		for _, s := range subjects {
			f.Subject = s
			k := findingKey(f)
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// insertRef keeps a sorted, duplicate-free list, so that the order in which
// documents were added never shows in the baseline.
func insertRef(refs []DocRef, ref DocRef) []DocRef {
	i := sort.Search(len(refs), func(i int) bool { return !refLess(refs[i], ref) })
	if i < len(refs) && refs[i] == ref {
		return refs
	}
	refs = append(refs, DocRef{})
	copy(refs[i+1:], refs[i:])
	refs[i] = ref
	return refs
}

func refLess(a, b DocRef) bool {
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	if a.SHA256 != b.SHA256 {
		return a.SHA256 < b.SHA256
	}
	if a.Format != b.Format {
		return a.Format < b.Format
	}
	if a.Content != b.Content {
		return a.Content < b.Content
	}
	return a.Title < b.Title
}

// presenceKeys lists the generalized field keys of a record, once each,
// and the metadata parts it carries (partPresenceKey).
func presenceKeys(r *Record) []string {
	seen := map[string]bool{}
	var out []string
	for k := range r.Fields {
		pk := presenceKey(k)
		if !seen[pk] {
			seen[pk] = true
			out = append(out, pk)
		}
		if part := metadataPart(k); part != "" && !seen[partPresenceKey(part)] {
			seen[partPresenceKey(part)] = true
			out = append(out, partPresenceKey(part))
		}
		if isPlaceholder(k, r.Fields[k]) && !seen[placeholderPresenceKey(pk)] {
			seen[placeholderPresenceKey(pk)] = true
			out = append(out, placeholderPresenceKey(pk))
		}
	}
	if _, ok := fileNameDate(r); ok {
		out = append(out, KeyNameDate)
	}
	sort.Strings(out)
	return out
}

// ErrBaselineChecks is returned when baselines counted under different
// check sets are merged or a scan uses checks its baseline did not count.
var ErrBaselineChecks = errors.New("baseline: built with other checks")

// Merge adds the documents summarised by o. The result equals the baseline
// built from both sets of documents. Baselines that counted different
// checks do not merge (ErrBaselineChecks).
func (b *Baseline) Merge(o *Baseline) error {
	if strings.Join(b.Checks, ",") != strings.Join(o.Checks, ",") {
		return fmt.Errorf("%w: %v and %v", ErrBaselineChecks, b.Checks, o.Checks)
	}
	b.expandRefs()
	o.expandRefs()
	b.Docs += o.Docs
	for name, vals := range o.Features {
		m := b.Features[name]
		if m == nil {
			m = map[string]int{}
			b.Features[name] = m
		}
		for v, n := range vals {
			m[v] += n
		}
	}
	for f, n := range o.Formats {
		b.Formats[f] += n
	}
	for k, p := range o.Populations {
		m := b.Populations[k]
		if m == nil {
			m = newPopulation()
			b.Populations[k] = m
		}
		m.merge(p)
	}
	for k, tr := range o.Times {
		b.Times[k] = b.Times[k].merge(tr)
	}
	for k, tr := range o.Adoption {
		b.Adoption[k] = b.Adoption[k].merge(tr)
	}
	for name, vals := range o.Seen {
		m := b.Seen[name]
		if m == nil {
			m = map[string]TimeRange{}
			b.Seen[name] = m
		}
		for v, tr := range vals {
			m[v] = m[v].merge(tr)
		}
	}
	for k, e := range o.Edits {
		m := b.Edits[k]
		m.N += e.N
		m.Created = m.Created.merge(e.Created)
		b.Edits[k] = m
	}
	for k, list := range o.Shots {
		for _, sh := range list {
			b.Shots[k] = insertShot(b.Shots[k], sh)
		}
	}
	for k, list := range o.Saves {
		b.Saves[k] = append(b.Saves[k], list...)
	}
	for d, refs := range o.Contents {
		for _, ref := range refs {
			b.Contents[d] = insertContentRef(b.Contents[d], ref)
		}
	}
	for kind, vals := range o.IDs {
		m := b.IDs[kind]
		if m == nil {
			m = map[string][]DocRef{}
			b.IDs[kind] = m
		}
		for v, refs := range vals {
			for _, ref := range refs {
				m[v] = insertRef(m[v], ref)
			}
		}
	}
	return nil
}

// Save writes the baseline as JSON. A baseline built with CompactRefs
// writes its identifier index and documents by content a value at a
// time, the bytes encoding/json would write for them once expanded: a
// baseline of 100,000 distinct documents is a file of 113 MB, most of it
// those lists, which expanded and encoded whole took 662 MiB.
func (b *Baseline) Save(w io.Writer) error {
	b.sortSaves()
	if b.refs != nil && b.IDs != nil && len(b.IDs) == 0 && len(b.Contents) == 0 {
		bw := bufio.NewWriter(w)
		if err := b.saveCompact(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	b.expandRefs()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(b)
}

// LoadBaseline reads a baseline written by Save. A file of another version
// gives an error wrapping ErrBaselineVersion.
func LoadBaseline(r io.Reader) (*Baseline, error) {
	var probe struct {
		Version *int `json:"version"`
	}
	dec := json.NewDecoder(r)
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	if probe.Version == nil || *probe.Version != BaselineVersion {
		v := "none"
		if probe.Version != nil {
			v = fmt.Sprint(*probe.Version)
		}
		return nil, fmt.Errorf("%w: file has version %s, this docprov reads %d (rebuild it with docprov baseline build)", ErrBaselineVersion, v, BaselineVersion)
	}
	b := &Baseline{}
	if err := json.Unmarshal(raw, b); err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	// A file may say null for a map; the baseline's methods write into
	// them.
	fresh := NewBaseline()
	if b.Features == nil {
		b.Features = fresh.Features
	}
	if b.Formats == nil {
		b.Formats = fresh.Formats
	}
	if b.Populations == nil {
		b.Populations = fresh.Populations
	}
	if b.Times == nil {
		b.Times = fresh.Times
	}
	if b.Adoption == nil {
		b.Adoption = fresh.Adoption
	}
	if b.Edits == nil {
		b.Edits = fresh.Edits
	}
	if b.Seen == nil {
		b.Seen = fresh.Seen
	}
	if b.IDs == nil {
		b.IDs = fresh.IDs
	}
	if b.Shots == nil {
		b.Shots = fresh.Shots
	}
	if b.Saves == nil {
		b.Saves = fresh.Saves
	}
	if b.Contents == nil {
		b.Contents = fresh.Contents
	}
	for k, list := range b.Shots {
		if !sort.SliceIsSorted(list, func(i, j int) bool {
			return list[i].Number < list[j].Number || list[i].Number == list[j].Number && list[i].Time.Before(list[j].Time)
		}) {
			return nil, fmt.Errorf("baseline: shots of %q are not in order", k)
		}
	}
	if b.Checks == nil {
		b.Checks = []string{}
	}
	for k, p := range b.Populations {
		if p == nil {
			return nil, fmt.Errorf("baseline: population %q is null", k)
		}
		if p.Presence == nil {
			p.Presence = map[string]int{}
		}
		if p.Findings == nil {
			p.Findings = map[string]int{}
		}
	}
	if err := b.validCounts(); err != nil {
		return nil, err
	}
	known := map[string]*Check{}
	for _, c := range intrinsic(Checks()) {
		known[c.Name] = c
	}
	for _, name := range b.Checks {
		c, ok := known[name]
		if !ok {
			return nil, fmt.Errorf("%w: it counted check %q, which this docprov does not have; rebuild it", ErrBaselineChecks, name)
		}
		b.checks = append(b.checks, c)
	}
	return b, nil
}

// validCounts rejects a baseline with negative counts, which no set of
// documents gives (a hand-edited or corrupt file).
func (b *Baseline) validCounts() error {
	var err error
	bad := func(what string, n int) {
		if n < 0 && err == nil {
			err = fmt.Errorf("baseline: negative count %d for %s", n, what)
		}
	}
	counts := func(what string, m map[string]int) {
		for k, n := range m {
			bad(what+k, n)
		}
	}
	ranges := func(what string, m map[string]TimeRange) {
		for k, t := range m {
			bad(what+k, t.N)
		}
	}
	bad("documents", b.Docs)
	for name, vals := range b.Features {
		counts("feature "+name+"=", vals)
	}
	counts("format ", b.Formats)
	for key, p := range b.Populations {
		bad("population "+key, p.Docs)
		counts("presence ", p.Presence)
		counts("finding ", p.Findings)
	}
	ranges("times ", b.Times)
	ranges("adoption ", b.Adoption)
	for name, vals := range b.Seen {
		ranges("seen "+name+"=", vals)
	}
	for k, e := range b.Edits {
		bad("edits "+k, e.N)
		if _, perr := strconv.ParseInt(k, 10, 64); perr != nil && err == nil {
			err = fmt.Errorf("baseline: edits key %q is not a Unix time", k)
		}
	}
	return err
}

// featureStats are the counts rarity is judged on, for one feature.
type featureStats struct {
	Count      int // documents with this value
	Total      int // observations of the feature
	Singletons int // values seen exactly once
	Distinct   int // distinct values
}

// stats returns the counts of value within a feature; self, when not nil,
// is a record the baseline includes that must be left out (leave-one-out
// scanning of a corpus against itself).
func (b *Baseline) stats(feature, value string, self *Record) featureStats {
	vals := b.Features[feature]
	s := b.featureTotals(feature)
	s.Count = vals[value]
	if self != nil {
		for _, f := range b.selfFeatures(self) {
			if f.Name != feature {
				continue
			}
			n := vals[f.Value]
			if n == 0 {
				continue
			}
			s.Total--
			switch n {
			case 1:
				s.Singletons--
				s.Distinct--
			case 2:
				s.Singletons++
			}
			if f.Value == value {
				s.Count--
			}
		}
	}
	return s
}

// rareMass returns how many observations of a feature, leaving self out,
// have a value seen at most max times (leaving self out): the
// Good–Turing mass of values that rare.
func (b *Baseline) rareMass(feature string, self *Record, max int) int {
	vals := b.Features[feature]
	mine := map[string]int{}
	if self != nil {
		for _, f := range b.selfFeatures(self) {
			if f.Name == feature {
				mine[f.Value]++
			}
		}
	}
	mass := 0
	for v, n := range vals {
		n -= min(mine[v], n)
		if n > 0 && n <= max {
			mass += n
		}
	}
	return mass
}

// docs returns the number of documents, and of documents of a format,
// leaving self out.
func (b *Baseline) docs(format string, self *Record) (all, ofFormat int) {
	all, ofFormat = b.Docs, b.Formats[format]
	if self != nil {
		all--
		if self.Format == format {
			ofFormat--
		}
	}
	return all, ofFormat
}

// bulkEdits counts the baseline documents modified in a burst: at least
// burstMinDocs documents within their window and the two beside it, created
// over more than bulkSpan (bulk handling of existing files); and the
// documents with a modification date at all.
func (b *Baseline) bulkEdits() (inBursts, dated int) {
	return b.cachedBulkEdits(b.countBulkEdits)
}

func (b *Baseline) countBulkEdits() (inBursts, dated int) {
	w := int64(burstWindow / time.Second)
	for k, e := range b.Edits {
		dated += e.N
		t, _ := strconv.ParseInt(k, 10, 64)
		n, created := e.N, e.Created
		for _, nk := range []int64{t - w, t + w} {
			if o, ok := b.Edits[strconv.FormatInt(nk, 10)]; ok {
				n += o.N
				created = created.merge(o.Created)
			}
		}
		if n >= burstMinDocs && created.N > 0 && created.Max.Sub(created.Min) > bulkSpan {
			inBursts += e.N
		}
	}
	return inBursts, dated
}

// peopleFeature reports whether a feature names a person, whose arrival
// and departure the baseline dates (Seen).
func peopleFeature(name string) bool { return name == "author" || name == "last_modified_by" }

// priorTurnover is the assumed share of an organisation's people who join
// (or leave) in a year, and the prior counts for one year of its staff:
// organisations renew a tenth to a quarter of their people a year.
const priorTurnover = 0.2

// peopleSeen summarises when the baseline sees each value of a people
// feature: the window its documents span, and how many people it shows
// and how many of them first appear after the window's first tenth
// (joined). A value whose only document is self (leave-one-out) is not
// counted.
func (b *Baseline) peopleSeen(feature string, self *Record) (window TimeRange, people, joined int) {
	pc := b.peopleTotals(feature)
	if pc.window.N == 0 {
		return pc.window, 0, 0
	}
	people, joined = pc.people, pc.joined
	if self == nil {
		return pc.window, people, joined
	}
	// The counts of the whole baseline, less the values self may be the
	// only document of: those of its own that one document shows.
	vals := b.Seen[feature]
	var mine []string
	for _, f := range b.selfFeatures(self) {
		if f.Name != feature || slices.Contains(mine, f.Value) {
			continue
		}
		mine = append(mine, f.Value)
		if tr, ok := vals[f.Value]; ok && tr.N <= 1 {
			people--
			if tr.Min.After(pc.start) {
				joined--
			}
		}
	}
	return pc.window, people, joined
}

// arrivalRate estimates, from the baseline's own documents in time order,
// the chance that a genuine document names a person no earlier document
// names: (people first seen after the first tenth of the window + 1) /
// (observations after it + 2). Good–Turing on counts alone cannot see an
// office where people keep joining; their first appearances, spread over
// the window, do.
func (b *Baseline) arrivalRate(feature string, observations int, self *Record) (float64, string) {
	window, _, joined := b.peopleSeen(feature, self)
	if window.N == 0 || observations < minFeatureObservations {
		return 0, ""
	}
	after := 0.9 * float64(observations)
	p := (float64(joined) + 1) / (after + 2)
	return p, fmt.Sprintf("%d people first appear after the first tenth of the baseline's %s–%s: chance that a document names someone new %.3g",
		joined, window.Min.Format("2006-01"), window.Max.Format("2006-01"), p)
}

// newPersonChance is the chance that a genuine document dated t names, as
// feature, a person the baseline never shows: pNew (the Good–Turing share
// of values seen once, of the feature's observations), raised by the people who keep arriving (arrivalRate)
// and by those who joined after the baseline's documents end
// (newcomerChance). Both allowances are for people who joined, and count
// at keep (1 without other evidence; see OutsideEditor).
func (b *Baseline) newPersonChance(feature string, pNew float64, observations int, t time.Time, self *Record, keep float64) (float64, string) {
	note := ""
	// People keep arriving: the share of the baseline's documents whose
	// author it had not seen before is the chance that the next one's is
	// new.
	if arrival, n := b.arrivalRate(feature, observations, self); arrival*keep > pNew {
		pNew, note = arrival*keep, n
	}
	// A person who joined after the baseline's documents end is expected
	// to be new.
	if pLater, n := b.newcomerChance(feature, t, self); pLater > 0 {
		pNew += (1 - pNew) * pLater * keep
		note = n
	}
	return pNew, note
}

// newcomerChance estimates the chance that a genuine document dated t
// names a person the baseline never shows because they joined after the
// baseline's documents end (or left before they begin): with S people seen
// over W years, J of whom first appear after the window's first tenth,
// people join at r = (J + priorTurnover·S)/(S·W + S) a person-year, and a
// document dated Δ years outside the window is by a newcomer with a chance
// of about rΔ/(1+rΔ). Inside the window it is 0: a person at work then
// would have left documents in the baseline, which Good–Turing accounts
// for.
func (b *Baseline) newcomerChance(feature string, t time.Time, self *Record) (p float64, note string) {
	window, people, joined := b.peopleSeen(feature, self)
	if window.N == 0 || t.IsZero() || people == 0 {
		return 0, ""
	}
	var gap time.Duration
	switch {
	case t.After(window.Max):
		gap = t.Sub(window.Max)
	case t.Before(window.Min):
		gap = window.Min.Sub(t)
	default:
		return 0, ""
	}
	const year = 365.25 * 24 * time.Hour
	w := window.Max.Sub(window.Min).Hours() / year.Hours()
	s := float64(people)
	rate := (float64(joined) + priorTurnover*s) / (s*w + s)
	d := gap.Hours() / year.Hours()
	p = rate * d / (1 + rate*d)
	return p, fmt.Sprintf("dated %s outside the baseline's %s–%s, when %d of %d people seen joined: chance of a newcomer %.3g",
		days(gap), window.Min.Format("2006-01"), window.Max.Format("2006-01"), joined, people, p)
}
