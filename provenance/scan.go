package provenance

import (
	"fmt"
	"hash/maphash"
	"slices"
	"sort"
	"strings"
	"time"
)

// ReportSchema is the version of the report's JSON form.
const ReportSchema = 1

// A DocReport is one questioned document's place in a report.
type DocReport struct {
	Path     string    `json:"path"`
	Format   string    `json:"format,omitempty"`
	SHA256   string    `json:"sha256,omitempty"`
	Score    float64   `json:"score"`
	Findings []Finding `json:"findings"`
	// Title and Authors are the document's own claims, for a reader
	// scanning the ranked list.
	Title   string   `json:"title,omitempty"`
	Authors []string `json:"authors,omitempty"`
	// Created and Modified are the document's claims, for timelines.
	Created  Timestamp `json:"created,omitzero"`
	Modified Timestamp `json:"modified,omitzero"`
	// Error is set for a file that could not be read: it stays in the
	// report, unranked evidence of its own, never silently dropped.
	Error string `json:"error,omitempty"`
}

// A Group ties questioned documents together: a family sharing an
// identifier, a burst of edits, a cluster of one unusual fingerprint.
type Group struct {
	Kind    string   `json:"kind"` // "family", "burst", "cluster", "outside-editor"
	Key     string   `json:"key"`
	Message string   `json:"message"`
	Members []string `json:"members"`
	// MemberIndexes are the members of a group a streaming scan's
	// Finish returned, whose Members it leaves empty: the indices the
	// sink's Document was given for them, in the order Members would
	// have them. A sink names them itself (a million-path corpus's
	// groups would otherwise hold a path string for each member).
	MemberIndexes []int32 `json:"-"`
}

// A Report ranks questioned documents by score, strongest evidence first.
type Report struct {
	Schema    int         `json:"schema"`
	Baseline  int         `json:"baseline_docs"`
	Documents []DocReport `json:"documents"`
	Groups    []Group     `json:"groups,omitempty"`
	// Omitted counts the documents left out of Documents by a reader's
	// filter (docprov scan --top, --min-score).
	Omitted int `json:"omitted,omitempty"`
}

// A Scanner runs the checks over a questioned corpus, one record at a time.
// By default it keeps every document's findings until Report ranks them.
// With a Sink it streams: each document's findings go to the sink as it is
// added, and the scanner keeps only what the corpus-wide checks need (a
// DocSummary, a few hundred bytes a document), which Finish runs.
type Scanner struct {
	Baseline *Baseline
	// LeaveOut is set when the questioned records are themselves in the
	// baseline (self-baseline mode).
	LeaveOut bool
	AsOf     time.Time
	Now      time.Time
	// Checks defaults to Checks(), CorpusChecks to CorpusChecks().
	Checks       []*Check
	CorpusChecks []*CorpusCheck
	// Sink, when set, makes the scan streaming: each document's report
	// goes to the sink as it is added, the scanner keeps only its
	// DocSummary, and Finish (not Report) ends the scan.
	Sink Sink

	docs    []DocReport
	summary []DocSummary
	// errAt holds, for each file that could not be read, the number of
	// summaries before it: summary k is the document index(k), which a
	// summary would otherwise keep (8 bytes a path).
	errAt  []int32
	strs   strs                 // interns the summaries' strings
	dirs   map[string]*string   // the summaries' folders, one pointer each
	claims claimsTable          // the summaries' DocClaims, shared by identical copies
	shared map[uint64][]*Claims // by Claims.hash, shared by documents that claim the same
	seed   maphash.Seed
	names  map[string]*FileName // by the last element of their paths
	n      int                  // documents added, in streaming mode
	err    error                // the sink's first error
}

// A Sink receives a streaming scan's documents (Scanner.Sink), so that
// they can be stored as they are checked instead of held in memory.
// Together its calls give each document the findings, score and place
// Report would: the sink ranks them itself, by score, highest first, then
// by path, with the files that could not be read last.
type Sink interface {
	// Document receives the i-th document added (counting from 0, files
	// that could not be read included) with the findings of the checks
	// that see one document, combined, sorted and scored (an empty, non-nil
	// Findings when there are none). d is the sink's to keep.
	Document(i int, d *DocReport) error
	// Amend receives, from Finish, the findings the corpus-wide checks
	// report on document i, for each document that has any, in order of
	// i. The document's findings become MergeFindings(its findings, fs),
	// and its score Score of them.
	Amend(i int, fs []Finding) error
}

// MergeFindings adds a streaming scan's corpus-wide findings (Sink.Amend)
// to the findings a document was first given, combines and sorts them,
// as Report does, and returns them.
func MergeFindings(fs, corpus []Finding) []Finding {
	fs = append(fs, corpus...)
	Combine(fs)
	SortFindings(fs)
	return fs
}

// Err returns the first error of a streaming scan's sink, after which the
// scanner stops sending it documents; Finish returns it too.
func (s *Scanner) Err() error { return s.err }

// Validate reports whether the scanner's checks can run (see Validate) and
// whether its baseline counted the same intrinsic checks, without which
// calibration would read counts of findings nobody looked for
// (ErrBaselineChecks: rebuild the baseline with these checks).
func (s *Scanner) Validate() error {
	checks := s.Checks
	if checks == nil {
		checks = Checks()
	}
	if err := Validate(checks); err != nil {
		return err
	}
	if err := ValidateCorpus(checks, s.corpusChecks()); err != nil {
		return err
	}
	if s.Baseline == nil {
		return nil
	}
	var want []string
	for _, c := range intrinsic(checks) {
		want = append(want, c.Name)
	}
	sort.Strings(want)
	if got := s.Baseline.Checks; strings.Join(got, ",") != strings.Join(want, ",") {
		return fmt.Errorf("%w: it counted %v, this scan runs %v", ErrBaselineChecks, got, want)
	}
	return nil
}

// Add checks one questioned record.
func (s *Scanner) Add(r *Record) {
	checks := s.Checks
	if checks == nil {
		checks = Checks()
	}
	p := &Pass{Record: r, Baseline: s.Baseline, LeaveOut: s.LeaveOut, AsOf: s.AsOf, Now: s.Now,
		AsOfFromCorpus: s.AsOf.IsZero() && slices.Contains(s.corpusChecks(), LeakDate)}
	fs := Run(p, checks)
	own := Score(fs)
	d := DocReport{Path: r.Path, Format: r.Format, SHA256: r.SHA256, Findings: fs,
		Title: r.Title, Authors: r.Authors, Created: r.Created, Modified: r.Modified}
	s.add(d)
	editor := r.LastModifiedBy
	if editor == "" && len(r.Authors) > 0 {
		editor = r.Authors[0]
	}
	// The summaries stay until Finish, one a document: their strings
	// are shared where documents say the same.
	t := &s.strs
	ids := t.ids(indexedIdentifiers(r))
	authors := normAuthors(r.Authors)
	for i, a := range authors {
		authors[i] = t.get(a)
	}
	lastEditor := normValue(r.LastModifiedBy)
	if slices.Contains(authors, lastEditor) {
		lastEditor = ""
	}
	claimed, _ := latestClaim(r)
	dir, _ := splitPath(r.Path)
	claims := &Claims{
		Format:  t.get(r.Format),
		Authors: authors, LastEditor: t.get(lastEditor), Claimed: claimed.Time,
		Modified: r.Modified, Created: r.Created, Editor: t.get(normValue(editor)),
		IDs: ids, Toolchain: t.get(softwareSignature(r)), Content: t.get(contentDigest(r)), Title: t.get(normValue(r.Title)), Template: t.get(templateName(r.Template)),
		Camera: t.get(camera(r)), Body: t.get(body(r)), ShutterCount: shutterCount(r),
		Program: t.get(structuralProgram(r)), Written: writtenAt(r),
	}
	claim, structure := chain(r)
	claims.ClaimsItsMaker = claim != "" && claim == structure
	for _, f := range fs {
		switch {
		case f.Check == NameDate.Name && f.Weight > 0:
			claims.NameDateWeight += f.Weight
		case f.Fact != FactProgram || f.Weight <= 0:
		case f.Check == RareValue.Name:
			claims.ProgramNovelty += f.Weight
		default:
			claims.ClaimsItsMaker = false
		}
	}
	sha := makeDigest(r.SHA256)
	claims.sha = sha.odd
	// Identical copies share their claims: a corpus of many copies keeps
	// one DocClaims a distinct document, not one a path; and distinct
	// documents that claim the same share their Claims.
	var c *DocClaims
	if r.SHA256 != "" {
		if prev := s.claims.latest(sha); prev != nil && prev.Claims.same(claims) {
			c = prev
		}
	}
	if c == nil {
		var i uint32
		i, c = s.claims.add(DocClaims{sum: sha.sum, Claims: s.sharedClaims(claims)})
		if r.SHA256 != "" {
			s.claims.set(i)
		}
	}
	s.summary = append(s.summary, DocSummary{
		DocClaims: c, FileName: s.fileName(r), dir: s.dir(dir), Score: own,
	})
}

// dir is the interned folder of a summary.
func (s *Scanner) dir(d string) *string {
	if d == "" {
		return noDir
	}
	if p := s.dirs[d]; p != nil {
		return p
	}
	if s.dirs == nil {
		s.dirs = map[string]*string{}
	}
	// A copy, not a piece of the path, which would keep all of it.
	p := new(string)
	*p = strings.Clone(d)
	s.dirs[*p] = p
	return p
}

// index is the document index (in the order of Add and AddError) of
// summary k.
func (s *Scanner) index(k int) int {
	// The files that could not be read before summary k: errAt is in
	// the order they were added, so never decreasing.
	return k + sort.Search(len(s.errAt), func(i int) bool { return int(s.errAt[i]) > k })
}

// sharedClaims returns the Claims of a document added before that claims
// what c does, else c.
func (s *Scanner) sharedClaims(c *Claims) *Claims {
	if s.shared == nil {
		s.shared, s.seed = map[uint64][]*Claims{}, maphash.MakeSeed()
	}
	h := c.hash(s.seed)
	for _, o := range s.shared[h] {
		if o.same(c) {
			return o
		}
	}
	s.shared[h] = append(s.shared[h], c)
	return c
}

// fileName is the interned FileName of r's path. Its Series is a
// function of the name alone (seriesName reads the path's last element).
func (s *Scanner) fileName(r *Record) *FileName {
	_, base := splitPath(r.Path)
	if n := s.names[base]; n != nil {
		return n
	}
	// A copy, not a piece of the path, which would keep all of it.
	n := &FileName{base: strings.Clone(base), Series: s.strs.get(seriesName(r))}
	if s.names == nil {
		s.names = map[string]*FileName{}
	}
	s.names[n.base] = n
	return n
}

// Grow makes room for n more documents, for a caller that knows how many
// it will add: their summaries are then one allocation, not a slice grown
// and copied as the corpus is, which at a million paths held the old and
// the new copy at once.
func (s *Scanner) Grow(n int) {
	s.summary = slices.Grow(s.summary, n)
}

// AddError records a questioned file that could not be read.
func (s *Scanner) AddError(path string, err error) {
	s.errAt = append(s.errAt, int32(len(s.summary)))
	s.add(DocReport{Path: path, Error: err.Error(), Findings: []Finding{}})
}

// add keeps d, or sends it to the sink, and returns its index.
func (s *Scanner) add(d DocReport) int {
	if s.Sink == nil {
		s.docs = append(s.docs, d)
		return len(s.docs) - 1
	}
	i := s.n
	s.n++
	if s.err == nil {
		finish(&d)
		s.err = s.Sink.Document(i, &d)
	}
	return i
}

// finish combines, sorts and scores d's findings.
func finish(d *DocReport) {
	Combine(d.Findings)
	SortFindings(d.Findings)
	d.Score = Score(d.Findings)
	if d.Findings == nil {
		d.Findings = []Finding{}
	}
}

// softwareSignature summarises the programs a document names, for clusters.
func softwareSignature(r *Record) string {
	var parts []string
	for _, s := range r.Software {
		if s.Role == RoleEditor {
			continue
		}
		parts = append(parts, string(s.Role)+"="+normValue(s.Name))
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

// corpus runs the corpus-wide checks over the summaries.
func (s *Scanner) corpus() (*CorpusPass, []Group) {
	pass := &CorpusPass{Docs: s.summary, Baseline: s.Baseline, LeaveOut: s.LeaveOut, AsOf: s.AsOf}
	var groups []Group
	for _, c := range s.corpusChecks() {
		pass.check = c
		groups = append(groups, c.Run(pass)...)
	}
	return pass, groups
}

// Finish ends a streaming scan (Sink set): it runs the corpus-wide checks
// over the documents' summaries, sends their findings to the sink
// (Sink.Amend), and returns their groups and the sink's first error.
func (s *Scanner) Finish() ([]Group, error) {
	if s.Sink == nil {
		return nil, fmt.Errorf("provenance: Finish ends a streaming scan, and this one has no Sink: call Report")
	}
	if s.err != nil {
		return nil, s.err
	}
	pass, groups := s.corpus()
	for g := range groups {
		for k, d := range groups[g].MemberIndexes {
			groups[g].MemberIndexes[k] = int32(s.index(int(d)))
		}
	}
	fs := pass.findings
	for i := range fs {
		fs[i].doc = int32(s.index(int(fs[i].doc)))
	}
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].doc < fs[j].doc })
	for at := 0; at < len(fs); {
		n := 1
		for at+n < len(fs) && fs[at+n].doc == fs[at].doc {
			n++
		}
		found := make([]Finding, n)
		for k := range found {
			found[k] = pass.finding(at + k)
		}
		if err := s.Sink.Amend(int(fs[at].doc), found); err != nil {
			s.err = err
			return nil, err
		}
		at += n
	}
	return groups, nil
}

// Report runs the corpus-wide checks and ranks the documents. It is for
// a scan without a Sink (see Finish).
func (s *Scanner) Report() *Report {
	rep := &Report{Schema: ReportSchema}
	if s.Baseline != nil {
		rep.Baseline = s.Baseline.Docs
	}
	pass, groups := s.corpus()
	for g := range groups {
		groups[g].Members = s.memberPaths(groups[g].MemberIndexes)
		groups[g].MemberIndexes = nil
	}
	rep.Groups = groups
	for k, f := range pass.findings {
		i := s.index(int(f.doc))
		s.docs[i].Findings = append(s.docs[i].Findings, pass.finding(k))
	}
	for i := range s.docs {
		finish(&s.docs[i])
	}
	rep.Documents = append([]DocReport(nil), s.docs...)
	sort.SliceStable(rep.Documents, func(i, j int) bool {
		a, b := rep.Documents[i], rep.Documents[j]
		if (a.Error == "") != (b.Error == "") {
			return a.Error == "" // unreadable files after the ranked ones
		}
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.Path < b.Path
	})
	return rep
}

// memberPaths are the paths of the summaries at indexes.
func (s *Scanner) memberPaths(indexes []int32) []string {
	paths := make([]string, len(indexes))
	for k, d := range indexes {
		paths[k] = s.summary[d].Path()
	}
	return paths
}

func (s *Scanner) corpusChecks() []*CorpusCheck {
	if s.CorpusChecks != nil {
		return s.CorpusChecks
	}
	return CorpusChecks()
}

// shotKey is the key of a photo's camera sequence (camera and file-name
// pattern, as PhotoSequence groups them) and its number, when it has both.
func shotKey(r *Record) (string, int64, bool) {
	if !plausible(r.Created) {
		return "", 0, false
	}
	return sequenceKey(camera(r), r.Path)
}

func body(r *Record) string {
	if c := r.Camera; c != nil {
		return normValue(cameraBody(c))
	}
	return ""
}

func shutterCount(r *Record) int64 {
	if c := r.Camera; c != nil {
		return c.ShutterCount
	}
	return 0
}

func camera(r *Record) string {
	if c := r.Camera; c != nil {
		return normValue(c.Make + " " + c.Model)
	}
	return ""
}
