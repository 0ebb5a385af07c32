package provenance

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"
)

// BaselineVersion is the version of the baseline file format. Load refuses
// other versions: counts built under other rules do not mix.
const BaselineVersion = 1

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
	// Docs is the number of documents summarised.
	Docs int `json:"docs"`
	// Features counts documents per feature value: Features["author"]["marie dupont"] = 12.
	Features map[string]map[string]int `json:"features"`
	// Formats counts documents per format, and Presence the documents of
	// each format that carry each (generalized) field.
	Formats  map[string]int            `json:"formats"`
	Presence map[string]map[string]int `json:"presence"`
	// Times is the range of each claimed time per format.
	Times map[string]TimeRange `json:"times"`
	// IDs maps identifier kind and value to the documents that carry it.
	IDs map[string]map[string][]DocRef `json:"ids"`
	// Findings counts the genuine documents that show each kind of
	// intrinsic finding (see Run: calibration).
	Findings map[string]int `json:"findings"`
}

// TimeRange is the earliest and latest of a set of times (wall clocks as the
// files wrote them; offsets are ignored here, a few hours do not matter at
// the scale of a baseline's window).
type TimeRange struct {
	Min time.Time `json:"min"`
	Max time.Time `json:"max"`
	N   int       `json:"n"`
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

// DocRef names a baseline document an identifier belongs to.
type DocRef struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Format string `json:"format,omitempty"`
}

// indexedIDKinds are the identifiers that tie a copy to its original. Lists
// such as a docx's rsids are too common between unrelated documents of one
// template to index one by one.
func indexedIDKind(kind string) bool {
	switch kind {
	case "pdf.trailer.ID0", "xmp.DocumentID", "xmp.OriginalDocumentID", "xmp.InstanceID",
		"ooxml.rsidRoot", "ooxml.w14.docId", "ooxml.w15.docId", "ooxml.workbook.documentId",
		"exif.ImageUniqueID", "odf.meta.document-id":
		return true
	}
	return false
}

// NewBaseline returns an empty baseline.
func NewBaseline() *Baseline {
	return &Baseline{
		Version:  BaselineVersion,
		Features: map[string]map[string]int{},
		Formats:  map[string]int{},
		Presence: map[string]map[string]int{},
		Times:    map[string]TimeRange{},
		IDs:      map[string]map[string][]DocRef{},
		Findings: map[string]int{},
	}
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
	b.Docs++
	for _, f := range Features(r) {
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
	p := b.Presence[format]
	if p == nil {
		p = map[string]int{}
		b.Presence[format] = p
	}
	for _, k := range presenceKeys(r) {
		p[k]++
	}
	for name, ts := range map[string]Timestamp{"created": r.Created, "modified": r.Modified} {
		if !ts.IsZero() {
			b.Times[format+"."+name] = b.Times[format+"."+name].add(ts.Time)
		}
	}
	for _, id := range r.IDs {
		if !indexedIDKind(id.Kind) {
			continue
		}
		m := b.IDs[id.Kind]
		if m == nil {
			m = map[string][]DocRef{}
			b.IDs[id.Kind] = m
		}
		m[id.Value] = insertRef(m[id.Value], DocRef{Path: r.Path, SHA256: r.SHA256, Format: r.Format})
	}
	for _, k := range intrinsicFindingKeys(r) {
		b.Findings[k]++
	}
}

// intrinsicFindingKeys lists, once each, the kinds of intrinsic findings a
// record shows.
func intrinsicFindingKeys(r *Record) []string {
	seen := map[string]bool{}
	var keys []string
	for _, f := range Run(&Pass{Record: r}, intrinsicChecks()) {
		k := findingKey(f)
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// calibrationMinDocs is how many baseline documents calibration needs.
const calibrationMinDocs = 5

// calibrate scales a finding of r by how common it is among the genuine
// documents that could show it: those that carry the field it rests on
// (every baseline document when it rests on no raw field).
func (b *Baseline) calibrate(f *Finding, leaveOut bool) {
	key := findingKey(*f)
	n, k := b.Docs, b.Findings[key]
	if len(f.Fields) > 0 {
		field := presenceKey(f.Fields[0])
		carrying := 0
		for _, p := range b.Presence {
			carrying += p[field]
		}
		if carrying > 0 {
			n = carrying
		}
	}
	if leaveOut {
		// r is in the baseline, and it shows this finding: intrinsic
		// checks read only the record, so the baseline counted this very
		// finding's key once for r (after-as-of is never counted, and
		// its k of 0 stays at or below 0 either way).
		n--
		k--
	}
	if n < calibrationMinDocs || k <= 0 {
		return
	}
	q := (float64(k) + 0.5) / (float64(n) + 1)
	f.Weight *= max(0, 1-q)
	note := fmt.Sprintf("also in %d of %d comparable baseline documents", k, n)
	if f.Expected == "" {
		f.Expected = note
	} else {
		f.Expected += "; " + note
	}
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
	return a.Format < b.Format
}

// presenceKeys lists the generalized field keys of a record, once each.
func presenceKeys(r *Record) []string {
	seen := map[string]bool{}
	var out []string
	for k := range r.Fields {
		pk := presenceKey(k)
		if !seen[pk] {
			seen[pk] = true
			out = append(out, pk)
		}
	}
	sort.Strings(out)
	return out
}

// Merge adds the documents summarised by o. The result equals the baseline
// built from both sets of documents.
func (b *Baseline) Merge(o *Baseline) {
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
	for f, keys := range o.Presence {
		m := b.Presence[f]
		if m == nil {
			m = map[string]int{}
			b.Presence[f] = m
		}
		for k, n := range keys {
			m[k] += n
		}
	}
	for k, tr := range o.Times {
		b.Times[k] = b.Times[k].merge(tr)
	}
	for k, n := range o.Findings {
		b.Findings[k] += n
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
}

// Save writes the baseline as JSON.
func (b *Baseline) Save(w io.Writer) error {
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
		return nil, fmt.Errorf("%w: file has version %s, this docprov reads %d", ErrBaselineVersion, v, BaselineVersion)
	}
	b := NewBaseline()
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
	if b.Presence == nil {
		b.Presence = fresh.Presence
	}
	if b.Times == nil {
		b.Times = fresh.Times
	}
	if b.IDs == nil {
		b.IDs = fresh.IDs
	}
	if b.Findings == nil {
		b.Findings = fresh.Findings
	}
	if b.Docs < 0 {
		return nil, fmt.Errorf("baseline: negative document count")
	}
	return b, nil
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
	var s featureStats
	for _, n := range vals {
		s.Total += n
		s.Distinct++
		if n == 1 {
			s.Singletons++
		}
	}
	s.Count = vals[value]
	if self != nil {
		for _, f := range Features(self) {
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
		for _, f := range Features(self) {
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
