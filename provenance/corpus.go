package provenance

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A CorpusCheck looks for evidence across a questioned corpus: documents
// that belong together in a way no single document shows (many files
// re-saved within minutes, copies of one original, one unusual toolchain).
// Like a Check it is a value with a name and a doc; its Run sees a summary
// of every questioned document, returns the groups it found and reports
// findings on their members.
type CorpusCheck struct {
	Name string
	Doc  string
	// Fact is the underlying fact its findings rest on (see Combine).
	Fact string
	Run  func(*CorpusPass) []Group
}

// A DocSummary is what corpus checks know of a questioned document at one
// path: its claims, shared with the other paths of identical copies
// (DocClaims), and what is the path's own. A scan keeps one a path until
// its corpus checks ran, so it is kept small: 32 bytes a path beside the
// claims of each distinct document.
type DocSummary struct {
	*DocClaims
	// The file name, with its Series, is shared by every path of that
	// name, and the folder (dir) by the paths in it: a path costs its
	// three pointers, not its bytes (see Path).
	*FileName
	dir *string
	// Score is what the checks that see one document found in it.
	Score float64
}

// noDir is the dir of a path without a folder.
var noDir = new(string)

// A FileName is the last element of a questioned document's path.
type FileName struct {
	base string
	// Series is the first word of the file name (seriesName).
	Series string
}

// Path is the document's path.
func (d *DocSummary) Path() string { return *d.dir + d.base }

// Base is the last element of the document's path (filepath.Base).
func (d *DocSummary) Base() string { return filepath.Base(d.base) }

// splitPath splits p into the folder (up to its last slash, kept) and the
// name after it.
func splitPath(p string) (dir, base string) {
	i := strings.LastIndexByte(p, '/')
	if i < 0 || i == len(p)-1 {
		return "", p
	}
	return p[:i+1], p[i+1:]
}

// comparePaths orders a and b by path, as strings.Compare orders their
// Paths, without making them.
func comparePaths(a, b *DocSummary) int {
	if a.dir == b.dir {
		return strings.Compare(a.base, b.base)
	}
	return compareJoined(*a.dir, a.base, *b.dir, b.base)
}

// compareJoined compares a1+a2 with b1+b2.
func compareJoined(a1, a2, b1, b2 string) int {
	for {
		if a1 == "" {
			a1, a2 = a2, ""
		}
		if b1 == "" {
			b1, b2 = b2, ""
		}
		if a1 == "" || b1 == "" {
			return cmp.Compare(len(a1), len(b1))
		}
		n := min(len(a1), len(b1))
		if c := strings.Compare(a1[:n], b1[:n]); c != 0 {
			return c
		}
		a1, b1 = a1[n:], b1[n:]
	}
}

// DocClaims are what corpus checks know of a document's content and
// claims: the same for every path of one file's identical copies, which
// share them. Beyond its SHA-256 they are a Claims, which documents of
// other bytes that claim the same share too (files that differ only in
// bytes no reader reads, a template's exports), so that a distinct
// document costs its SHA-256 (32 bytes) and a word when it claims what
// another does.
type DocClaims struct {
	sum [32]byte // the SHA-256, unless Claims.sha holds it
	*Claims
}

// SHA256 is the document's SHA-256, as its Record.SHA256 has it.
func (c *DocClaims) SHA256() string { return c.digest().String() }

// digest is the document's SHA-256.
func (c *DocClaims) digest() digest { return digest{sum: c.sum, odd: c.Claims.sha} }

// Claims are DocClaims but the SHA-256.
type Claims struct {
	// sha is the SHA-256 of the documents that share these Claims when
	// their DocClaims' 32 bytes cannot hold it (none, or not 64
	// lower-case hex digits, as a test's "q1"), nil when they do: a
	// word of the few Claims of such documents, not of every DocClaims.
	sha               *string
	Format            string
	Created, Modified Timestamp
	// Editor is the last editor, else the first author, normalized.
	Editor string
	// Authors are its authors, and LastEditor its last editor when that
	// is none of them, normalized.
	Authors    []string
	LastEditor string
	// Claimed is the latest time it claims (created or modified).
	Claimed time.Time
	// IDs are the identifiers that tie copies to originals.
	IDs []Identifier
	// Toolchain names the programs the document claims, by role.
	Toolchain string
	// Content is the content digest (KeyContentDigest), when known, and
	// Title the normalized title.
	Content, Title string
	// Template is the file name of the template it names, normalized.
	Template string
	// Camera is the make and model of the device that took a photo;
	// Body adds its serial (see cameraBody), and ShutterCount is the
	// body's count of shots when it took it.
	Camera       string
	Body         string
	ShutterCount int64
	// Program is the program its structure shows, normalized.
	Program string
	// Written is when it was written at the latest, as the baseline
	// dates the use of programs (writtenBy): its latest claim, or its
	// ZIP package's time when that is later.
	Written time.Time
	// ProgramNovelty is the weight of its rare-value findings of a
	// program the baseline never shows, and ClaimsItsMaker whether it
	// claims the program its structure shows and no other finding rests
	// on its program (a claim its structure belies, a version before its
	// time): Rendition explains the one only with the other.
	ProgramNovelty float64
	ClaimsItsMaker bool
	// NameDateWeight is the weight of its name-date findings: a
	// rendition's name is its source's (Rendition).
	NameDateWeight float64
}

// same reports whether c and o say the same (their strings interned or
// not).
func (c *Claims) same(o *Claims) bool {
	return (c.sha == nil) == (o.sha == nil) && (c.sha == nil || *c.sha == *o.sha) &&
		c.Format == o.Format && sameTimestamp(c.Created, o.Created) && sameTimestamp(c.Modified, o.Modified) &&
		c.Editor == o.Editor && slices.Equal(c.Authors, o.Authors) && c.LastEditor == o.LastEditor &&
		sameTime(c.Claimed, o.Claimed) && slices.Equal(c.IDs, o.IDs) &&
		c.Toolchain == o.Toolchain && c.Content == o.Content && c.Title == o.Title && c.Template == o.Template &&
		c.Camera == o.Camera && c.Body == o.Body && c.ShutterCount == o.ShutterCount && c.Program == o.Program &&
		sameTime(c.Written, o.Written) && c.ProgramNovelty == o.ProgramNovelty && c.ClaimsItsMaker == o.ClaimsItsMaker && c.NameDateWeight == o.NameDateWeight
}

// hash is a hash of what same compares, for finding the Claims of
// another document that says the same.
func (c *Claims) hash(seed maphash.Seed) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	str := func(s string) { h.WriteString(s); h.WriteByte(0) }
	tm := func(t time.Time) {
		name, off := t.Zone()
		str(t.Format(time.RFC3339Nano))
		str(name)
		str(strconv.Itoa(off))
		str(t.Location().String())
	}
	if c.sha != nil {
		str("odd")
		str(*c.sha)
	}
	str(c.Format)
	tm(c.Created.Time)
	str(strconv.FormatBool(c.Created.HasOffset))
	tm(c.Modified.Time)
	str(strconv.FormatBool(c.Modified.HasOffset))
	str(c.Editor)
	for _, a := range c.Authors {
		str(a)
	}
	str(strconv.Itoa(len(c.Authors)))
	str(c.LastEditor)
	tm(c.Claimed)
	for _, id := range c.IDs {
		str(id.Kind)
		str(id.Value)
		str(id.Source)
	}
	str(strconv.Itoa(len(c.IDs)))
	str(c.Toolchain)
	str(c.Content)
	str(c.Title)
	str(c.Template)
	str(c.Camera)
	str(c.Body)
	str(strconv.FormatInt(c.ShutterCount, 10))
	str(c.Program)
	tm(c.Written)
	str(strconv.FormatFloat(c.ProgramNovelty, 'g', -1, 64))
	str(strconv.FormatBool(c.ClaimsItsMaker))
	str(strconv.FormatFloat(c.NameDateWeight, 'g', -1, 64))
	return h.Sum64()
}

func sameTimestamp(a, b Timestamp) bool {
	return a.HasOffset == b.HasOffset && sameTime(a.Time, b.Time)
}

// sameTime reports whether a and b are the same instant in zones of one
// name and offset: each Record decoded from JSON has zones of its own,
// which == on time.Time tells apart.
func sameTime(a, b time.Time) bool {
	if !a.Equal(b) {
		return false
	}
	an, ao := a.Zone()
	bn, bo := b.Zone()
	return an == bn && ao == bo && a.Location().String() == b.Location().String()
}

// indexes are the members of a group as Group.MemberIndexes holds them.
func indexes(members []int) []int32 {
	out := make([]int32, len(members))
	for k, m := range members {
		out[k] = int32(m)
	}
	return out
}

// byPath are the members of a group, ordered by their paths as
// sort.Strings orders them.
func (p *CorpusPass) byPath(members []int) []int32 {
	out := indexes(members)
	slices.SortStableFunc(out, func(a, b int32) int { return comparePaths(&p.Docs[a], &p.Docs[b]) })
	return out
}

// A CorpusPass is what a corpus check sees.
type CorpusPass struct {
	Docs     []DocSummary
	Baseline *Baseline // nil without one
	LeaveOut bool      // the documents are their own baseline
	// AsOf is the leak date, zero when unknown.
	AsOf time.Time

	check    *CorpusCheck
	findings []corpusFinding
	observed []string        // the findings' Observed, one a run of equal ones
	pointed  map[int]float64 // memberEvidence's, once Family asks
	byID     map[Identifier][]int32
}

// identifierIndex is the documents that carry each identifier, by index
// in Docs, built once for the checks that read it (family, then
// save-as-gap, which releases it: releaseIdentifierIndex). Four bytes a
// path and identifier: a corpus of many copies has many members to each.
func (p *CorpusPass) identifierIndex() map[Identifier][]int32 {
	if p.byID == nil {
		p.byID = map[Identifier][]int32{}
		for i, d := range p.Docs {
			for _, id := range d.IDs {
				key := Identifier{Kind: id.Kind, Value: id.Value}
				p.byID[key] = append(p.byID[key], int32(i))
			}
		}
	}
	return p.byID
}

// releaseIdentifierIndex lets the identifier index go once the last check
// that reads it has run, so that the checks after it do not hold it: it
// is rebuilt if one of them asks again.
func (p *CorpusPass) releaseIdentifierIndex() { p.byID = nil }

// A corpusFinding is a finding of document doc: *f with its Observed,
// observed[obs] of the pass (CorpusPass.finding). The members of a group
// get findings that differ in what they observe at most (edit-burst's,
// family's): they share f, and findings in a row that observe the same
// (edit-burst's members modified at one time, family's identifier) share
// their Observed, so that a corpus-wide finding costs a path 16 bytes,
// not the 232 of a Finding.
type corpusFinding struct {
	doc int32 // 2^31 documents, as Scanner.errAt counts them
	obs uint32
	f   *Finding
}

// finding is the Finding of p.findings[k].
func (p *CorpusPass) finding(k int) Finding {
	c := &p.findings[k]
	f := *c.f
	f.Observed = p.observed[c.obs]
	return f
}

// sameButObserved reports whether a and b differ at most in Observed.
func sameButObserved(a, b *Finding) bool {
	return a.Check == b.Check && a.Weight == b.Weight && a.Strength == b.Strength && a.Message == b.Message &&
		slices.Equal(a.Fields, b.Fields) && a.Expected == b.Expected && slices.Equal(a.Related, b.Related) &&
		a.Subject == b.Subject && a.Fact == b.Fact && a.Compared == b.Compared && a.CountedWith == b.CountedWith &&
		slices.Equal(a.Explains, b.Explains) &&
		(a.Fields == nil) == (b.Fields == nil) && (a.Related == nil) == (b.Related == nil) && (a.Explains == nil) == (b.Explains == nil)
}

// Report adds a finding to document i of Docs. The finding's Weight is its
// strength; the scanner combines it with the document's other findings.
func (p *CorpusPass) Report(i int, f Finding) {
	f.Check = p.check.Name
	if f.Fact == "" {
		f.Fact = p.check.Fact
	}
	f.Strength = round2(f.Weight)
	f.Weight = f.Strength
	if n := len(p.observed); n == 0 || p.observed[n-1] != f.Observed {
		p.observed = append(p.observed, f.Observed)
	}
	obs := uint32(len(p.observed) - 1)
	if n := len(p.findings); n > 0 && sameButObserved(p.findings[n-1].f, &f) {
		p.findings = append(p.findings, corpusFinding{int32(i), obs, p.findings[n-1].f})
		return
	}
	p.findings = append(p.findings, corpusFinding{int32(i), obs, &f})
}

// CorpusChecks returns docprov's corpus-wide checks.
func CorpusChecks() []*CorpusCheck {
	// PhotoSequence before Family: a photo out of its camera's order is
	// the likelier copy of a pair that shares a capture (evidenceShare).
	return []*CorpusCheck{EditBurst, PhotoSequence, Family, SaveAsGap, ExportPair, Cluster, SeriesProgram, Rendition, OutsideEditor, LeakDate}
}

// ValidateCorpus reports whether corpus checks can run beside checks: each
// has a name, a doc and a Run, and no name is used twice across both sets.
func ValidateCorpus(checks []*Check, corpus []*CorpusCheck) error {
	seen := map[string]bool{}
	for _, c := range checks {
		seen[c.Name] = true
	}
	for i, c := range corpus {
		switch {
		case c == nil:
			return fmt.Errorf("%w: corpus check %d is nil", ErrInvalidCheck, i)
		case c.Name == "" || c.Doc == "" || c.Run == nil:
			return fmt.Errorf("%w: corpus check %d (%q) needs a name, a doc and a Run", ErrInvalidCheck, i, c.Name)
		case seen[c.Name]:
			return fmt.Errorf("%w: two checks are named %q", ErrInvalidCheck, c.Name)
		}
		seen[c.Name] = true
	}
	return nil
}

// Burst detection: the MacronLeaks archive showed every file of a folder
// modified within minutes on one day, files created years apart among them.
const (
	burstWindow  = 10 * time.Minute
	burstMinDocs = 3
	// bulkSpan is how far apart the creation dates of a burst's files
	// must be for the burst to be bulk handling rather than one batch.
	bulkSpan = 30 * 24 * time.Hour
)

// pGenuineBulk is the prior share of an organisation's genuine documents
// re-saved in bulk (a migration, a quarterly update of old sheets), and
// maxBurstWeight bounds the evidence: how often genuine files coincide
// within minutes grows with how densely the leak samples the organisation,
// which no baseline measures.
const (
	pGenuineBulk   = 0.02
	maxBurstWeight = 1.5
)

// EditBurst finds runs of at least burstMinDocs documents whose last
// modification falls within burstWindow of each other. A burst of files
// whose creation dates span more than a month is bulk handling of existing
// files, the strong form of the evidence: a forger's script touches
// several files (P(forged) 0.1 per file in the burst, at most 0.5), and the
// baseline says how often the organisation's own documents come in such
// bursts (the Beta estimate over Baseline.Edits, prior pGenuineBulk). A
// burst of files created together (a batch export) is noted but weighs
// little.
var EditBurst = &CorpusCheck{
	Name: "edit-burst",
	Doc:  "many files modified within minutes, created over months: bulk handling",
	Fact: FactClock,
	Run: func(p *CorpusPass) []Group {
		var dated []int
		for i, d := range p.Docs {
			if !d.Modified.IsZero() {
				dated = append(dated, i)
			}
		}
		mod := func(i int) time.Time { return p.Docs[dated[i]].Modified.Time }
		sort.SliceStable(dated, func(i, j int) bool { return p.Docs[dated[i]].Modified.Time.Before(p.Docs[dated[j]].Modified.Time) })
		var groups []Group
		// The window dated[i:end] slides: distinct counts the paths of
		// each SHA-256 in it, kept as i and end move, since a corpus of
		// many copies has windows of thousands of paths.
		distinct := map[digestKey]int{}
		end := 0
		for i := 0; i < len(dated); {
			if end <= i {
				end = i + 1
				distinct[p.Docs[dated[i]].digest().key()]++
			}
			for end < len(dated) && mod(end).Sub(mod(i)) <= burstWindow {
				distinct[p.Docs[dated[end]].digest().key()]++
				end++
			}
			j := end - 1
			members := dated[i : j+1]
			// Copies of one file (one SHA-256 under several paths) are
			// one document, not a burst of them.
			n := len(distinct)
			if n < burstMinDocs {
				sha := p.Docs[dated[i]].digest().key()
				if distinct[sha]--; distinct[sha] == 0 {
					delete(distinct, sha)
				}
				i++
				continue
			}
			clear(distinct)
			var minC, maxC time.Time
			for _, m := range members {
				d := p.Docs[m]
				if c := d.Created.Time; !d.Created.IsZero() {
					if minC.IsZero() || c.Before(minC) {
						minC = c
					}
					if c.After(maxC) {
						maxC = c
					}
				}
			}
			createdSpan := maxC.Sub(minC)
			w, how, compared := 0.1, "created together", "files created together and saved together (a batch): a fixed weight of 0.1"
			if createdSpan > bulkSpan {
				// Three files re-saved together could be one person's
				// busy afternoon; ten are a script.
				pForged := min(0.5, 0.1*float64(n))
				rate := pGenuineBulk
				compared = fmt.Sprintf("no baseline: prior rate %.3g", rate)
				if p.Baseline != nil {
					k, dated := p.Baseline.bulkEdits()
					if p.LeaveOut {
						// The burst's own members are in the baseline.
						k, dated = max(0, k-n), max(0, dated-n)
					}
					rate = (float64(k) + priorStrength*pGenuineBulk) / (float64(dated) + priorStrength)
					compared = fmt.Sprintf("%d of %d dated baseline documents were re-saved in such bursts", k, dated)
				}
				w = min(maxBurstWeight, clampWeight(log10LR(pForged, rate)))
				how = "created over " + days(createdSpan)
			}
			start := p.Docs[members[0]].Modified
			msg := fmt.Sprintf("one of %d files modified within %s of %s, %s", n, burstWindow, start, how)
			for _, m := range members {
				p.Report(m, Finding{
					Weight: w, Message: msg, Compared: compared,
					Fields: []string{"modified", "created"}, Observed: p.Docs[m].Modified.String(),
				})
			}
			groups = append(groups, Group{Kind: "burst", Key: start.String(), Message: msg, MemberIndexes: indexes(members)})
			i = j + 1
		}
		return groups
	},
}

// Family links questioned documents that share an identifier: copies and
// derivatives of one original. Members whose content differs (by content
// digest where both have one) are evidence: one of them inherited the
// identifier of a document that is not its own, which is weighed, like
// shared-identifier, against how often the baseline's own documents share
// that kind of identifier with a document of other content, and shared
// between the members by which is likelier the derivative: the one made
// last (pLaterIsDerivative), evenly when their dates cannot tell.
var Family = &CorpusCheck{
	Name: "family",
	Doc:  "questioned documents that share an identifier; members of other content were made one from another",
	Fact: FactIdentity,
	Run: func(p *CorpusPass) []Group {
		var groups []Group
		for id, indexes := range p.identifierIndex() {
			if len(indexes) < 2 {
				continue
			}
			members := make([]int, len(indexes))
			for k, i := range indexes {
				members[k] = int(i)
			}
			groups = append(groups, Group{
				Kind: "family", Key: id.Kind + "=" + id.Value, MemberIndexes: p.byPath(members),
				Message: fmt.Sprintf("%d documents share %s %s", len(members), id.Kind, id.Value),
			})
			weighFamily(p, id, members)
		}
		sort.Slice(groups, func(i, j int) bool { return groups[i].Key < groups[j].Key })
		return groups
	},
}

// weighFamily reports a finding on each member of a family that shares the
// identifier with a member of the same format and other content.
func weighFamily(p *CorpusPass, id Identifier, members []int) {
	// Computed once per family, so that an identifier thousands of
	// questioned documents share costs time in proportion to them.
	type member struct{ path, content string }
	byFormat := map[string][]member{}         // format → members, by path
	perContent := map[string]map[string]int{} // format → content → members
	titles := map[string]bool{}
	named := "" // a template one of them names
	for _, j := range members {
		d := p.Docs[j]
		k := contentKey(d.Content, d.SHA256())
		byFormat[d.Format] = append(byFormat[d.Format], member{d.Path(), k})
		if perContent[d.Format] == nil {
			perContent[d.Format] = map[string]int{}
		}
		perContent[d.Format][k]++
		titles[d.Title] = true
		if d.Template != "" {
			named = d.Template
		}
	}
	for _, ms := range byFormat {
		sort.Slice(ms, func(a, b int) bool { return ms[a].path < ms[b].path })
	}
	dates := newFamilyDates(p, members)
	anyTemplateSession := templateSession(id.Kind, named)
	// Members of one format and content (copies) get the same related
	// documents and message, and those that also share a SHA-256 and a
	// prior the same comparison: made once and shared, since a corpus
	// of copies has many of them.
	type rated struct {
		format, content, sha string
		prior                float64
	}
	type comparison struct {
		rate     float64
		compared string
	}
	comparisons := map[rated]comparison{}
	type told struct {
		related []string
		message string
	}
	tolds := map[[2]string]told{}
	for _, i := range members {
		a := p.Docs[i]
		sha := a.SHA256()
		own := contentKey(a.Content, sha)
		if len(perContent[a.Format]) < 2 {
			continue // copies and re-saves of one content only
		}
		others := len(byFormat[a.Format]) - perContent[a.Format][own]
		sameTitle := a.Title != "" && len(titles) == 1
		prior := sharedPrior(id.Kind, sameTitle)
		if anyTemplateSession && a.Template != "" {
			prior = pGenuineTemplateSession
		}
		var self *sharer
		if p.LeaveOut {
			self = &sharer{value: id.Value, format: a.Format, content: own, sha: sha}
		}
		rk := rated{a.Format, own, "", prior}
		if self != nil {
			rk.sha = sha
		}
		cmpd, ok := comparisons[rk]
		if !ok {
			cmpd.rate, cmpd.compared = p.Baseline.sharingRateWithout(id.Kind, a.Format, prior, self)
			comparisons[rk] = cmpd
		}
		rate, compared := cmpd.rate, cmpd.compared
		if prior == pGenuineTemplateSession {
			rate = max(rate, prior)
			compared += "; one of them names a template, whose first session they may share"
		}
		share := evidenceShare(p, members, i, func(j int) float64 {
			if id.Kind == KindClaimedEffort {
				// Properties copied to other dates carry the dates
				// the copier chose: they cannot tell the copy from
				// its origin.
				return 0.5
			}
			return dates.derivativeShare(j)
		})
		w := clampWeight(log10LR(pForgedSharedID*share, rate))
		if w < 0.1 {
			continue
		}
		field := id.Kind
		for _, mine := range a.IDs {
			if mine.Kind == id.Kind && mine.Value == id.Value && mine.Source != "" {
				field = mine.Source
			}
		}
		// The first maxRelated of the others by path, from the list
		// sorted once per family: the walk skips only members of its
		// own content.
		tk := [2]string{a.Format, own}
		tl, ok := tolds[tk]
		if !ok {
			related := make([]string, 0, min(others, maxRelated))
			for _, m := range byFormat[a.Format] {
				if len(related) == maxRelated {
					break
				}
				if m.content != own {
					related = append(related, m.path)
				}
			}
			tl = told{related, fmt.Sprintf("shares %s with %d questioned document(s) of other content (%s): one of them was made from the other, or edited", id.Kind, others, related[0])}
			tolds[tk] = tl
		}
		related := slices.Clip(tl.related)
		p.Report(i, Finding{
			Weight:   w,
			Message:  tl.message,
			Fields:   []string{field},
			Observed: id.Value,
			Related:  related,
			Compared: compared,
		})
	}
}

// evidenceShare is the chance that member i of a family is the one made
// from another, given what each member's own checks found (and the
// corpus findings that point at it alone, memberEvidence): the dates'
// share (prior) of each member, times the likelihood ratio of its own
// score (10^score, a score being a sum of log10 ratios, at most
// maxWeight), over the family's; the family's total share is kept. The
// copy, not its origin, is the likelier to show other traces of its
// making (a shifted clock, a foreign program), and those are evidence of
// their own, independent of the identifier the two share.
func evidenceShare(p *CorpusPass, members []int, i int, prior func(int) float64) float64 {
	if p.LeaveOut {
		// In a self-baseline each member's own score was weighed
		// against a baseline holding the other (whose copied traits
		// then look common): not evidence independent of the pair.
		return prior(i)
	}
	var total, weighed, mine float64
	for _, j := range members {
		w := prior(j)
		l := w * math.Pow(10, min(p.Docs[j].Score+p.memberEvidence(j), maxWeight))
		total += w
		weighed += l
		if j == i {
			mine = l
		}
	}
	if weighed == 0 {
		return prior(i)
	}
	return min(1, total*mine/weighed)
}

// memberEvidence is the weight of the corpus findings reported so far on
// document i that point at it alone among its neighbours (photo-sequence:
// of photos out of their camera's order, the one whose time or name was
// changed), which evidenceShare adds to its own score. Counted once, on
// first use; the few documents with such findings are kept, not all.
func (p *CorpusPass) memberEvidence(i int) float64 {
	if p.pointed == nil {
		p.pointed = map[int]float64{}
		for k := range p.findings {
			if f := p.findings[k].f; f.Check == PhotoSequence.Name && f.Weight > 0 {
				p.pointed[int(p.findings[k].doc)] += f.Weight
			}
		}
	}
	return p.pointed[i]
}

// maxRelated is how many related paths a family finding lists; its
// message gives how many there are, the family's group lists them all.
const maxRelated = 50

// pLaterIsDerivative is the chance that, of documents sharing an
// identifier, the one made last is the one made from another: a copy, a
// Save As and a template's offspring all come after their origin.
const pLaterIsDerivative = 0.8

// familyDates holds what derivativeShare needs of a family's dates: each
// member's, and the latest two.
type familyDates struct {
	when          map[int]time.Time
	n             int
	unknown       bool
	first, second time.Time // the latest and the one before it
}

func newFamilyDates(p *CorpusPass, members []int) familyDates {
	fd := familyDates{when: map[int]time.Time{}, n: len(members)}
	for _, j := range members {
		d := p.Docs[j]
		// The member saved last is the one made last: a copy, a Save
		// As and a template's offspring are saved after their origin,
		// and a Save As keeps its origin's creation time, so that the
		// creation alone cannot tell them apart.
		var t time.Time
		for _, c := range [...]Timestamp{d.Created, d.Modified} {
			if plausible(c) && c.Time.After(t) {
				t = c.Time
			}
		}
		if t.IsZero() {
			fd.unknown = true
		}
		fd.when[j] = t
		switch {
		case t.After(fd.first):
			fd.first, fd.second = t, fd.first
		case t.After(fd.second):
			fd.second = t
		}
	}
	return fd
}

// derivativeShare is the chance that member i of a family is the one
// made from another: pLaterIsDerivative for the member made last (by the
// later of its claimed creation and last save, a day after every other at
// least), the rest shared by the others, and an even share when the dates
// cannot tell.
func (fd familyDates) derivativeShare(i int) float64 {
	t := fd.when[i]
	if fd.unknown || fd.n < 2 || t.IsZero() {
		return 0.5
	}
	switch {
	case t.Equal(fd.first) && fd.first.Sub(fd.second) > 24*time.Hour:
		return pLaterIsDerivative
	case fd.first.Sub(t) > 24*time.Hour:
		return (1 - pLaterIsDerivative) / float64(fd.n-1)
	}
	return 0.5
}

// Cluster groups questioned documents made with the same combination of
// programs when the baseline never shows that combination: a forger's
// toolchain tends to be used for all of a forger's documents. A cluster is
// reported, not weighed: rare-value already weighs each member's programs.
var Cluster = &CorpusCheck{
	Name: "cluster",
	Doc:  "several questioned documents made with a combination of programs the baseline never shows",
	Fact: FactProgram,
	Run: func(p *CorpusPass) []Group {
		if p.Baseline == nil {
			return nil
		}
		bySig := map[string][]int{}
		for i, d := range p.Docs {
			if d.Toolchain != "" {
				bySig[d.Toolchain] = append(bySig[d.Toolchain], i)
			}
		}
		var groups []Group
		for sig, members := range bySig {
			seen := p.Baseline.Features["signature"][sig]
			if p.LeaveOut {
				seen -= len(members) // the members themselves are in the baseline
			}
			if len(members) < 3 || seen > 0 {
				continue
			}
			groups = append(groups, Group{
				Kind: "cluster", Key: sig, MemberIndexes: p.byPath(members),
				Message: fmt.Sprintf("%d documents made with %s", len(members), sig),
			})
		}
		sort.Slice(groups, func(i, j int) bool { return groups[i].Key < groups[j].Key })
		return groups
	},
}

// minSequence is how many photos of one camera and naming pattern a
// sequence needs, and minInOrder the share of them that must be in order
// for it to be one camera's numbering at all (two cameras of one model, or
// a counter that wrapped, are not).
const (
	minSequence = 4
	minInOrder  = 0.6
)

// PhotoSequence finds photos whose time is out of their camera's numbering:
// cameras number their files in the order they take them (DCF names:
// DSCN0252.JPG, IMG_1234.JPG, P1001025.JPG), so among one camera's photos,
// ordered by number, the times rise. A photo whose date was shifted with a
// metadata editor, or a picture renamed into the sequence, falls out of the
// longest rising run. Genuine photos do that when a camera's clock is reset
// (P(genuine) 0.02 a photo), forged ones often (0.3).
var PhotoSequence = &CorpusCheck{
	Name: "photo-sequence",
	Doc:  "a photo taken out of its camera's numbering order: its time or its name was changed",
	Fact: FactClock,
	Run: func(p *CorpusPass) []Group {
		type shot struct {
			doc    int
			number int64
			when   time.Time
		}
		seqs := map[string][]shot{}
		for i, d := range p.Docs {
			if !plausible(d.Created) {
				continue
			}
			if key, number, ok := sequenceKey(d.Camera, d.Base()); ok {
				seqs[key] = append(seqs[key], shot{i, number, wallClock(d.Created)})
			}
		}
		for i, d := range p.Docs {
			// A body's shutter count rises with its shots as its file
			// numbers do, and survives a rename.
			if key, ok := shutterKey(d.Body, d.ShutterCount); ok && plausible(d.Created) {
				seqs[key] = append(seqs[key], shot{i, d.ShutterCount, wallClock(d.Created)})
			}
		}
		if p.Baseline != nil && !p.LeaveOut {
			// The organisation's own photos of the same cameras carry
			// the numbering too: a questioned photo must fit among
			// them (in self-baseline mode they are the questioned
			// ones).
			for key := range seqs {
				for _, sh := range p.Baseline.Shots[key] {
					seqs[key] = append(seqs[key], shot{-1, sh.Number, sh.Time})
				}
			}
		}
		var groups []Group
		keys := make([]string, 0, len(seqs))
		for k := range seqs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, key := range keys {
			shots := seqs[key]
			if len(shots) < minSequence {
				continue
			}
			sort.SliceStable(shots, func(a, b int) bool { return shots[a].number < shots[b].number })
			times := make([]time.Time, len(shots))
			for i, s := range shots {
				times[i] = s.when
			}
			inRun := risingRun(times, 2*time.Second)
			n := 0
			for _, in := range inRun {
				if in {
					n++
				}
			}
			if n == len(shots) || float64(n) < minInOrder*float64(len(shots)) {
				continue
			}
			var members []int32
			alternatives := runAlternatives(times, 2*time.Second)
			for i, s := range shots {
				if alternatives[i] == 1 || s.doc < 0 {
					continue // in every longest run, or a baseline photo
				}
				d := p.Docs[s.doc]
				members = append(members, int32(s.doc))
				before, after := neighbours(times, inRun, i)
				w := log10LR(0.3, 0.02)
				msg := fmt.Sprintf("taken %s but numbered between photos taken %s and %s: its time or its name was changed", s.when.Format("2006-01-02 15:04"), before, after)
				if strings.HasSuffix(key, shutterSuffix) {
					msg = fmt.Sprintf("taken %s but its shutter count lies between those of photos taken %s and %s: its time was changed", s.when.Format("2006-01-02 15:04"), before, after)
				}
				if k := alternatives[i]; k > 1 {
					// One of k photos is out of order and the numbers
					// and times cannot tell which: each is that photo
					// with a chance of 1/k.
					w -= math.Log10(float64(k))
					msg = fmt.Sprintf("taken %s, out of its camera's numbering order with %d other photo(s) near it: the time or the name of one of them was changed", s.when.Format("2006-01-02 15:04"), k-1)
				}
				p.Report(s.doc, Finding{
					Weight:   clampWeight(w),
					Message:  msg,
					Fields:   []string{"created", "path"},
					Observed: d.Base() + " " + d.Created.String(),
					Compared: fmt.Sprintf("%d of %d photos of %s named %s… rise in time with their numbers; a genuine photo breaks the order about 2 times in 100 (a reset clock)", n, len(shots), strings.SplitN(key, "|", 2)[0], strings.SplitN(key, "|", 2)[1]),
				})
			}
			groups = append(groups, Group{Kind: "sequence", Key: key, MemberIndexes: members,
				Message: fmt.Sprintf("%d of %d photos of %s are out of their numbering order", len(members), len(shots), strings.SplitN(key, "|", 2)[0])})
		}
		return groups
	},
}

// sequenceKey is the PhotoSequence key of a photo's camera numbering (its
// camera and the file-name pattern around the number) and its number.
func sequenceKey(camera, path string) (string, int64, bool) {
	if camera == "" {
		return "", 0, false
	}
	prefix, number, ok := fileCounter(path)
	if !ok {
		return "", 0, false
	}
	return camera + "|" + prefix, number, true
}

// shutterSuffix ends the key of a body's shutter-count sequence.
const shutterSuffix = "|shutter count"

// shutterKey is the PhotoSequence key of a camera body's shutter counts.
func shutterKey(body string, count int64) (string, bool) {
	if body == "" || count <= 0 {
		return "", false
	}
	return body + shutterSuffix, true
}

// fileCounter splits a photo's file name into the prefix before its last
// run of digits (with the extension) and the number that run holds.
func fileCounter(path string) (prefix string, number int64, ok bool) {
	base := filepath.Base(path)
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	end := len(stem)
	for end > 0 && (stem[end-1] < '0' || stem[end-1] > '9') {
		end--
	}
	start := end
	for start > 0 && stem[start-1] >= '0' && stem[start-1] <= '9' {
		start--
	}
	if end-start < 3 || end-start > 12 {
		return "", 0, false
	}
	n, err := strconv.ParseInt(stem[start:end], 10, 64)
	if err != nil {
		return "", 0, false
	}
	return stem[:start] + "#" + stem[end:] + strings.ToLower(ext), n, true
}

// risingRun marks the members of a longest run of times that rise in the
// given order, times that fall within one slack-long step counting as equal
// (two shots in one second, clocks that round): a longest non-decreasing
// subsequence, found in O(n log n) (patience sorting), so that a camera's
// ten thousand photos cost no more than a sort.
func risingRun(times []time.Time, slack time.Duration) []bool {
	n := len(times)
	step := func(i int) time.Time { return times[i].Truncate(slack) }
	prev := make([]int, n)
	var tails []int // tails[l] ends the best run of length l+1 found so far
	for i := range times {
		t := step(i)
		l := sort.Search(len(tails), func(k int) bool { return step(tails[k]).After(t) })
		prev[i] = -1
		if l > 0 {
			prev[i] = tails[l-1]
		}
		if l == len(tails) {
			tails = append(tails, i)
		} else {
			tails[l] = i
		}
	}
	in := make([]bool, n)
	if len(tails) > 0 {
		for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
			in[i] = true
		}
	}
	return in
}

// runAlternatives says, for each time, how sure it is to belong to a
// longest rising run (see risingRun): 0 when no longest run holds it (it
// is out of order), 1 when every one does, and k > 1 when some do and k
// times compete for its place in them ("10:57, 07:01, 11:03": one of the
// first two is out of order, and nothing tells which). A time's place is
// the length of the longest run ending at it; it is on some longest run
// when that plus the longest run starting at it spans the longest run.
// O(n log n), like risingRun.
func runAlternatives(times []time.Time, slack time.Duration) []int {
	n := len(times)
	key := func(i int) int64 { return times[i].Truncate(slack).UnixNano() }
	lengths := func(order []int, k func(int) int64) []int {
		out := make([]int, n)
		var tails []int64
		for _, i := range order {
			t := k(i)
			l := sort.Search(len(tails), func(j int) bool { return tails[j] > t })
			if l == len(tails) {
				tails = append(tails, t)
			} else {
				tails[l] = t
			}
			out[i] = l + 1
		}
		return out
	}
	forward, backward := make([]int, n), make([]int, n)
	for i := range forward {
		forward[i], backward[i] = i, n-1-i
	}
	ending := lengths(forward, key)
	starting := lengths(backward, func(i int) int64 { return -key(i) })
	longest := 0
	for _, l := range ending {
		longest = max(longest, l)
	}
	onSome := make([]bool, n)
	competing := map[int]int{}
	for i := range times {
		if ending[i]+starting[i]-1 == longest {
			onSome[i] = true
			competing[ending[i]]++
		}
	}
	out := make([]int, n)
	for i := range out {
		if onSome[i] {
			out[i] = competing[ending[i]]
		}
	}
	return out
}

// neighbours gives the times of the in-order photos numbered just before
// and after photo i.
func neighbours(times []time.Time, inRun []bool, i int) (before, after string) {
	before, after = "the first", "the last"
	for j := i - 1; j >= 0; j-- {
		if inRun[j] {
			before = times[j].Format("2006-01-02 15:04")
			break
		}
	}
	for j := i + 1; j < len(times); j++ {
		if inRun[j] {
			after = times[j].Format("2006-01-02 15:04")
			break
		}
	}
	return before, after
}

// leakEdgeQuantile is the share of the questioned documents whose latest
// claimed time is taken to fall before the leak: a leak holds documents up
// to the day it was taken, densely, and the few dated later than nearly
// all of it are the ones in question, so its date is estimated from all
// but the latest tenth of them.
const leakEdgeQuantile = 0.9

// LeakDate stands in for an unknown leak date (no Scanner.AsOf). A leak
// holds an organisation's documents up to the day it was taken, so the
// time its questioned documents' latest claims reach (all but the latest
// tenth of them) estimates that day, and the documents dated after the
// baseline's window are weighed as time-window weighs them with a given
// leak date: genuine ones of the months between the baseline's end and
// the leak are expected. With a leak date, or in self-baseline mode, it
// does nothing.
var LeakDate = &CorpusCheck{
	Name: "leak-date",
	Doc:  "without a leak date: dates after the baseline's window, weighed against the leak's date as its documents show it",
	Fact: FactClock,
	Run: func(p *CorpusPass) []Group {
		if p.Baseline == nil || p.LeaveOut || !p.AsOf.IsZero() {
			return nil
		}
		var latest []time.Time
		for _, d := range p.Docs {
			t := time.Time{}
			for _, ts := range []Timestamp{d.Created, d.Modified} {
				if plausible(ts) && ts.Time.After(t) {
					t = ts.Time
				}
			}
			if !t.IsZero() {
				latest = append(latest, t)
			}
		}
		if len(latest) < minFeatureObservations {
			return nil
		}
		sort.Slice(latest, func(i, j int) bool { return latest[i].Before(latest[j]) })
		edge := latest[int(leakEdgeQuantile*float64(len(latest)-1))]
		for i, d := range p.Docs {
			for _, c := range []struct {
				name string
				ts   Timestamp
			}{{"created", d.Created}, {"modified", d.Modified}} {
				if !plausible(c.ts) || !c.ts.Time.After(p.Baseline.Times[d.Format+"."+c.name].Max) {
					continue // before the window's end: time-window weighed it
				}
				if f, ok := p.Baseline.windowFinding(d.Format, c.name, c.ts, edge); ok {
					f.Compared += fmt.Sprintf("; no leak date given: %s, when %d%% of the questioned documents' latest claims are past, stands in for it", edge.Format("2006-01-02"), int(leakEdgeQuantile*100))
					p.Report(i, f)
				}
			}
		}
		return nil
	},
}
