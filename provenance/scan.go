package provenance

import (
	"fmt"
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
	Kind    string   `json:"kind"` // "family", "burst", "cluster"
	Key     string   `json:"key"`
	Message string   `json:"message"`
	Members []string `json:"members"`
}

// A Report ranks questioned documents by score, strongest evidence first.
type Report struct {
	Schema    int         `json:"schema"`
	Baseline  int         `json:"baseline_docs"`
	Documents []DocReport `json:"documents"`
	Groups    []Group     `json:"groups,omitempty"`
}

// A Scanner runs the checks over a questioned corpus, one record at a time,
// keeping only what the corpus-wide checks need (a few dozen bytes a
// document besides the findings), so that memory stays flat however many
// documents stream through.
type Scanner struct {
	Baseline *Baseline
	// LeaveOut is set when the questioned records are themselves in the
	// baseline (self-baseline mode).
	LeaveOut bool
	AsOf     time.Time
	Now      time.Time
	// Checks defaults to Checks().
	Checks []*Check

	docs    []DocReport
	summary []docSummary
}

// docSummary is what the corpus-wide checks know of a document.
type docSummary struct {
	index       int
	modified    Timestamp
	created     Timestamp
	editor      string
	ids         []Identifier
	fingerprint string
	format      string
	content     string
}

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
	p := &Pass{Record: r, Baseline: s.Baseline, LeaveOut: s.LeaveOut, AsOf: s.AsOf, Now: s.Now}
	fs := Run(p, checks)
	s.docs = append(s.docs, DocReport{Path: r.Path, Format: r.Format, SHA256: r.SHA256, Findings: fs, Created: r.Created, Modified: r.Modified})
	editor := r.LastModifiedBy
	if editor == "" && len(r.Authors) > 0 {
		editor = r.Authors[0]
	}
	var ids []Identifier
	for _, id := range r.IDs {
		if indexedIDKind(id.Kind) {
			ids = append(ids, id)
		}
	}
	s.summary = append(s.summary, docSummary{
		index: len(s.docs) - 1, modified: r.Modified, created: r.Created,
		editor: normValue(editor), ids: ids, fingerprint: softwareSignature(r),
		format: r.Format, content: r.Fields[KeyContentDigest],
	})
}

// AddError records a questioned file that could not be read.
func (s *Scanner) AddError(path string, err error) {
	s.docs = append(s.docs, DocReport{Path: path, Error: err.Error(), Findings: []Finding{}})
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

// Report runs the corpus-wide checks and ranks the documents.
func (s *Scanner) Report() *Report {
	rep := &Report{Schema: ReportSchema}
	if s.Baseline != nil {
		rep.Baseline = s.Baseline.Docs
	}
	rep.Groups = append(rep.Groups, s.bursts()...)
	rep.Groups = append(rep.Groups, s.families()...)
	rep.Groups = append(rep.Groups, s.clusters()...)
	for i := range s.docs {
		d := &s.docs[i]
		Combine(d.Findings)
		SortFindings(d.Findings)
		d.Score = Score(d.Findings)
		if d.Findings == nil {
			d.Findings = []Finding{}
		}
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

// addFinding adds a corpus-wide finding; its Weight is its strength until
// Report combines the document's findings.
func (s *Scanner) addFinding(index int, f Finding) {
	f.Strength = round2(f.Weight)
	f.Weight = f.Strength
	s.docs[index].Findings = append(s.docs[index].Findings, f)
}

// Burst detection: the MacronLeaks archive showed every file of a folder
// modified within minutes on one day, files created years apart among them.
const (
	burstWindow  = 10 * time.Minute
	burstMinDocs = 3
)

// bursts finds runs of at least burstMinDocs documents whose last
// modification falls within burstWindow of each other. A burst of files
// whose creation dates span more than a month is bulk handling of existing
// files, the strong form of the evidence; a burst of files created together
// (a batch export) is noted but weighs little.
func (s *Scanner) bursts() []Group {
	var dated []docSummary
	for _, d := range s.summary {
		if !d.modified.IsZero() {
			dated = append(dated, d)
		}
	}
	sort.Slice(dated, func(i, j int) bool { return dated[i].modified.Time.Before(dated[j].modified.Time) })
	var groups []Group
	for i := 0; i < len(dated); {
		j := i
		for j+1 < len(dated) && dated[j+1].modified.Time.Sub(dated[i].modified.Time) <= burstWindow {
			j++
		}
		n := j - i + 1
		if n < burstMinDocs {
			i++
			continue
		}
		members := dated[i : j+1]
		var paths []string
		var minC, maxC time.Time
		for _, m := range members {
			paths = append(paths, s.docs[m.index].Path)
			if c := m.created.Time; !m.created.IsZero() {
				if minC.IsZero() || c.Before(minC) {
					minC = c
				}
				if c.After(maxC) {
					maxC = c
				}
			}
		}
		createdSpan := maxC.Sub(minC)
		w, how := 0.1, "created together"
		if createdSpan > 30*24*time.Hour {
			// Three files re-saved together could be one person's
			// busy afternoon; ten are a script.
			w, how = min(1.0, 0.3*float64(n)), fmt.Sprintf("created over %d days", int(createdSpan.Hours()/24))
		}
		start := members[0].modified
		msg := fmt.Sprintf("one of %d files modified within %s of %s, %s", n, burstWindow, start, how)
		for _, m := range members {
			s.addFinding(m.index, Finding{
				Check: "edit-burst", Weight: w, Message: msg, Fact: FactClock,
				Fields: []string{"modified", "created"}, Observed: m.modified.String(),
			})
		}
		groups = append(groups, Group{Kind: "burst", Key: start.String(), Message: msg, Members: paths})
		i = j + 1
	}
	return groups
}

// families links questioned documents that share an identifier: copies
// and derivatives of one original. Members whose content differs (by
// content digest where both have one) are evidence: one of them inherited
// the identifier of a document that is not its own, which is weighed, like
// shared-identifier, against how often the baseline's own documents share
// that kind of identifier with a document of other content, and split
// between the members, since which one is the derivative cannot be told.
func (s *Scanner) families() []Group {
	byID := map[Identifier][]int{}
	for i, d := range s.summary {
		for _, id := range d.ids {
			key := Identifier{Kind: id.Kind, Value: id.Value}
			byID[key] = append(byID[key], i)
		}
	}
	var groups []Group
	for id, members := range byID {
		if len(members) < 2 {
			continue
		}
		var paths []string
		for _, i := range members {
			paths = append(paths, s.docs[s.summary[i].index].Path)
		}
		sort.Strings(paths)
		groups = append(groups, Group{
			Kind: "family", Key: id.Kind + "=" + id.Value, Members: paths,
			Message: fmt.Sprintf("%d documents share %s %s", len(paths), id.Kind, id.Value),
		})
		s.weighFamily(id, members)
	}
	sort.Slice(groups, func(i, j int) bool { return groups[i].Key < groups[j].Key })
	return groups
}

// weighFamily adds a finding to each member of a family that shares the
// identifier with a member of the same format and other content.
func (s *Scanner) weighFamily(id Identifier, members []int) {
	pGenuine := pGenuineSharedID
	compared := fmt.Sprintf("no baseline: prior rate %.3g", pGenuine)
	rate := pGenuine
	if s.Baseline != nil {
		shared, carrying := s.Baseline.idSharing(id.Kind)
		rate = (float64(shared) + priorStrength*pGenuine) / (float64(carrying) + priorStrength)
		compared = fmt.Sprintf("%d of %d baseline documents with a %s share it with a document of other content", shared, carrying, id.Kind)
	}
	w := clampWeight(log10LR(pForgedSharedID/2, rate))
	if w < 0.1 {
		return
	}
	for _, i := range members {
		a := s.summary[i]
		var others []string
		for _, j := range members {
			b := s.summary[j]
			if i == j || a.format != b.format || s.docs[a.index].SHA256 == s.docs[b.index].SHA256 {
				continue
			}
			if a.content != "" && a.content == b.content {
				continue
			}
			others = append(others, s.docs[b.index].Path)
		}
		if len(others) == 0 {
			continue
		}
		sort.Strings(others)
		field := id.Kind
		for _, own := range a.ids {
			if own.Kind == id.Kind && own.Value == id.Value && own.Source != "" {
				field = own.Source
			}
		}
		s.addFinding(a.index, Finding{
			Check: "family", Weight: w, Fact: FactIdentity,
			Message:  fmt.Sprintf("shares %s with %d questioned document(s) of other content (%s): one of them was made from the other, or edited", id.Kind, len(others), others[0]),
			Fields:   []string{field},
			Observed: id.Value,
			Related:  others,
			Compared: compared,
		})
	}
}

// clusters groups questioned documents made with the same combination of
// programs when the baseline never shows that combination: a forger's
// toolchain tends to be used for all of a forger's documents.
func (s *Scanner) clusters() []Group {
	if s.Baseline == nil {
		return nil
	}
	bySig := map[string][]int{}
	for _, d := range s.summary {
		if d.fingerprint != "" {
			bySig[d.fingerprint] = append(bySig[d.fingerprint], d.index)
		}
	}
	var groups []Group
	for sig, members := range bySig {
		seen := s.Baseline.Features["signature"][sig]
		if s.LeaveOut {
			seen -= len(members) // the members themselves are in the baseline
		}
		if len(members) < 3 || seen > 0 {
			continue
		}
		var paths []string
		for _, i := range members {
			paths = append(paths, s.docs[i].Path)
		}
		sort.Strings(paths)
		groups = append(groups, Group{
			Kind: "cluster", Key: sig, Members: paths,
			Message: fmt.Sprintf("%d documents made with %s", len(paths), sig),
		})
	}
	sort.Slice(groups, func(i, j int) bool { return groups[i].Key < groups[j].Key })
	return groups
}
