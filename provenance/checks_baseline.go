package provenance

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// The baseline checks compare a document with the summary of an
// organisation's genuine documents.

// minFeatureObservations is how many baseline observations a feature needs
// before a value it lacks means anything.
const minFeatureObservations = 5

// maxSharedRare is how many other documents may share a value for it to
// count as rare in self-baseline mode, and minSharedRareObservations how
// many observations the feature needs there: with few documents every
// value is rare.
const (
	maxSharedRare             = 2
	minSharedRareObservations = 20
)

// pForgedNewValue is the assumed chance that a forged document shows a value
// the genuine documents never show: a forger working from outside often
// does (their own name, their own Office language, their own tools), but
// careful ones copy. One half keeps the evidence of a new value modest
// unless the baseline is very uniform.
const pForgedNewValue = 0.5

// RareValue finds feature values the genuine documents never show, weighted
// by how surprising a new value is in that feature. The chance that a
// genuine document shows a new value is estimated with Good–Turing: the
// share of observations whose value was seen only once, (N1+1)/(N+2). A
// feature where the baseline already has many one-off values (fonts, hours)
// gives weak evidence; one where a few values repeat (the organisation's two
// Office versions, its one company name) gives strong evidence.
//
// When the questioned documents are their own baseline (Pass.LeaveOut), a
// value that at most two other documents show counts too, weighed against
// the share of observations with values that rare: otherwise two forgeries
// by the same outsider vouch for each other.
var RareValue = &Check{
	Name:          "rare-value",
	Doc:           "a feature value the baseline never shows (or, in a self-baseline, only a few other documents show), weighted by how often the baseline itself shows such values",
	NeedsBaseline: true,
	Run: func(p *Pass) []Finding {
		var out []Finding
		self := p.self()
		for _, f := range Features(p.Record) {
			rel := FeatureReliability(f.Name)
			if rel == 0 {
				continue
			}
			st := p.Baseline.stats(f.Name, f.Value, self)
			if st.Total < minFeatureObservations {
				continue
			}
			var w float64
			var msg string
			switch {
			case st.Count == 0:
				pNew := float64(st.Singletons+1) / float64(st.Total+2)
				w = rel * log10LR(pForgedNewValue, pNew)
				msg = fmt.Sprintf("%s %q never appears in the baseline", featureLabel(f.Name), f.Value)
			case p.LeaveOut && st.Count <= maxSharedRare && st.Total >= minSharedRareObservations:
				// In a corpus that is its own baseline, forgeries by
				// one hand share their traces and would vouch for each
				// other. A value only a few other documents show is
				// rare evidence too, weighed against the share of
				// observations whose value is that rare.
				pRare := float64(p.Baseline.rareMass(f.Name, self, maxSharedRare+1)+1) / float64(st.Total+2)
				w = rel * log10LR(pForgedNewValue, pRare)
				msg = fmt.Sprintf("%s %q appears in only %d other questioned document(s)", featureLabel(f.Name), f.Value, st.Count)
			default:
				continue
			}
			if w < 0.2 {
				continue
			}
			out = append(out, Finding{
				Weight:   w,
				Message:  msg,
				Fields:   featureFields(p.Record, f.Name),
				Observed: f.Value,
				Expected: topValues(p.Baseline.Features[f.Name], self, f.Name, 5),
			})
		}
		return out
	},
}

func featureLabel(name string) string {
	switch name {
	case "script.author":
		return "author name written in"
	case "script.last_modified_by":
		return "last editor's name written in"
	case "script.company":
		return "company name written in"
	case "combo.editor+software":
		return "editor and program pair"
	case "encoder":
		return "JPEG quantization tables"
	case "combo.camera+encoder":
		return "camera and JPEG tables pair"
	case "utc_offset":
		return "UTC offset"
	}
	return strings.ReplaceAll(name, "_", " ")
}

// featureFields names the Record keys a feature is computed from.
func featureFields(r *Record, name string) []string {
	switch {
	case name == "author" || name == "script.author":
		return []string{"authors"}
	case name == "last_modified_by" || name == "script.last_modified_by":
		return []string{"last_modified_by"}
	case name == "company" || name == "script.company":
		return []string{"company"}
	case name == "utc_offset":
		return []string{"created", "modified", "metadata_date"}
	case name == "hour" || name == "weekday":
		return []string{"modified"}
	case name == "font":
		return r.Fields.WithPrefix("pdf.font[")
	case name == "fingerprint" || strings.HasPrefix(name, "software."):
		var out []string
		for _, s := range r.Software {
			if name == "fingerprint" && s.Inferred() ||
				name == "software."+string(s.Role) {
				out = append(out, s.Source)
			}
		}
		return out
	case name == "combo.editor+software":
		return []string{"last_modified_by", "software"}
	case name == "encoder":
		return []string{"jpeg.dqt.hash", "jpeg.subsampling"}
	case name == "combo.camera+encoder":
		return []string{"camera", "jpeg.dqt.hash", "jpeg.subsampling"}
	}
	return []string{name}
}

// topValues describes the baseline's most common values of a feature.
func topValues(vals map[string]int, self *Record, feature string, n int) string {
	counts := make(map[string]int, len(vals))
	for v, c := range vals {
		counts[v] = c
	}
	if self != nil {
		for _, f := range Features(self) {
			if f.Name == feature {
				counts[f.Value]--
			}
		}
	}
	type vc struct {
		v string
		c int
	}
	var list []vc
	for v, c := range counts {
		if c > 0 {
			list = append(list, vc{v, c})
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].c != list[j].c {
			return list[i].c > list[j].c
		}
		return list[i].v < list[j].v
	})
	var parts []string
	for i, e := range list {
		if i == n {
			parts = append(parts, fmt.Sprintf("… %d more", len(list)-n))
			break
		}
		parts = append(parts, fmt.Sprintf("%q×%d", e.v, e.c))
	}
	return "baseline: " + strings.Join(parts, ", ")
}

// scrubbedMinDocs is how many baseline documents of a format the check needs.
const scrubbedMinDocs = 5

// isMetadataKey reports whether a Fields key holds what a person or program
// wrote about a document, as opposed to its structure: only the absence of
// such fields can mean scrubbing.
func isMetadataKey(k string) bool {
	for _, p := range [...]string{
		"pdf.info.", "pdf.xmp.", "ooxml.core.", "ooxml.app.", "ole.summary.", "ole.docsummary.",
		"odf.meta.", "exif.IFD0.", "exif.ExifIFD.", "xmp.",
	} {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

// Scrubbed finds metadata the genuine documents of the same format nearly
// always carry and this one lacks.
var Scrubbed = &Check{
	Name:          "scrubbed",
	Doc:           "metadata that the baseline's documents of the same format nearly always carry is missing",
	NeedsBaseline: true,
	Run: func(p *Pass) []Finding {
		r := p.Record
		_, docs := p.Baseline.docs(r.Format, p.self())
		if docs < scrubbedMinDocs {
			return nil
		}
		have := map[string]bool{}
		for _, k := range presenceKeys(r) {
			have[k] = true
		}
		var missing []string
		worst := 0.0
		for k, n := range p.Baseline.Presence[r.Format] {
			if p.LeaveOut && have[k] {
				n--
			}
			if have[k] || !isMetadataKey(k) {
				continue
			}
			rate := float64(n) / float64(docs)
			if rate < 0.95 {
				continue
			}
			missing = append(missing, k)
			pAbsentGenuine := float64(docs-n+1) / float64(docs+2)
			worst = max(worst, log10LR(0.3, pAbsentGenuine))
		}
		if len(missing) == 0 || worst < 0.2 {
			return nil
		}
		sort.Strings(missing)
		return []Finding{{
			Weight:   min(worst, 1.0),
			Message:  fmt.Sprintf("%d metadata field(s) missing that nearly every baseline %s carries", len(missing), r.Format),
			Fields:   missing,
			Observed: "absent",
			Expected: fmt.Sprintf("present in ≥95%% of %d baseline documents", docs),
		}}
	},
}

// SharedIdentifier finds a document that carries an identifier of a
// different genuine document: an edited copy of it (COPA v Wright; Citizen
// Lab's "Tainted Leaks").
var SharedIdentifier = &Check{
	Name:          "shared-identifier",
	Doc:           "shares an identifier with a different genuine document: an edited copy of it",
	NeedsBaseline: true,
	Run: func(p *Pass) []Finding {
		r := p.Record
		var out []Finding
		for _, id := range r.IDs {
			refs := p.Baseline.IDs[id.Kind][id.Value]
			var others []string
			sameFormat := false
			for _, ref := range refs {
				if ref.SHA256 != r.SHA256 {
					others = append(others, ref.Path)
					sameFormat = sameFormat || ref.Format == r.Format
				}
			}
			if len(others) == 0 {
				continue
			}
			w := 1.0
			msg := fmt.Sprintf("shares %s with a different genuine document: an edited copy of %s?", id.Kind, others[0])
			switch {
			case id.Kind == "xmp.InstanceID" && sameFormat:
				// An instance ID names one saved state of a file: the
				// same one in different bytes of the same format means
				// the bytes changed without the metadata knowing.
				w = 1.5
				msg = fmt.Sprintf("has the XMP instance ID of genuine document %s but different content: changed without updating its metadata", others[0])
			case !sameFormat:
				// A conversion to another format (a PDF export, a
				// HEIC from a JPEG) copies IDs innocently.
				w = 0.3
				msg = fmt.Sprintf("shares %s with %s, a document of another format: converted from it?", id.Kind, others[0])
			case len(refs) > 2:
				// Several genuine documents already share it: a
				// template's or a tool's ID more than a parent's.
				w = 0.4
			}
			if p.LeaveOut {
				// Both documents are questioned: which is the parent
				// cannot be told from the identifier alone.
				w /= 2
			}
			out = append(out, Finding{
				Weight:   w,
				Message:  msg,
				Fields:   []string{id.Source},
				Observed: id.Value,
				Related:  others,
			})
		}
		// A copy shares several IDs with its parent (trailer ID, XMP
		// document ID, instance ID): one fact, seen several times. The
		// strongest counts; the others stay as evidence with a token
		// weight.
		SortFindings(out)
		counted := map[string]bool{}
		for i := range out {
			parent := out[i].Related[0]
			if counted[parent] {
				out[i].Weight = min(out[i].Weight, 0.1)
			}
			counted[parent] = true
		}
		return out
	},
}

// windowMargin is how far outside the baseline's range of dates a document
// may fall before it is evidence: an organisation's genuine documents do
// not all fit the sample it was given.
const windowMargin = 180 * 24 * time.Hour

// TimeWindow finds documents dated outside the period the baseline's
// documents of the same format cover.
var TimeWindow = &Check{
	Name:          "time-window",
	Doc:           "claimed dates well outside the period the baseline's documents cover",
	NeedsBaseline: true,
	Run: func(p *Pass) []Finding {
		r := p.Record
		if p.LeaveOut {
			// The range includes the document itself; a corpus's own
			// range is no evidence about its members.
			return nil
		}
		var out []Finding
		for _, c := range []struct {
			name string
			ts   Timestamp
		}{{"created", r.Created}, {"modified", r.Modified}} {
			tr := p.Baseline.Times[r.Format+"."+c.name]
			if tr.N < minFeatureObservations || !plausible(c.ts) {
				continue
			}
			var msg string
			switch {
			case c.ts.Time.Before(tr.Min.Add(-windowMargin)):
				msg = fmt.Sprintf("%s %s, long before the baseline's %s documents begin", c.name, c.ts.Time.Format("2006-01-02"), r.Format)
			case c.ts.Time.After(tr.Max.Add(windowMargin)):
				msg = fmt.Sprintf("%s %s, long after the baseline's %s documents end", c.name, c.ts.Time.Format("2006-01-02"), r.Format)
			default:
				continue
			}
			out = append(out, Finding{
				Weight:   0.3,
				Message:  msg,
				Fields:   timeFields(r, c.name),
				Observed: c.ts.String(),
				Expected: fmt.Sprintf("baseline: %s to %s (%d documents)", tr.Min.Format("2006-01-02"), tr.Max.Format("2006-01-02"), tr.N),
			})
		}
		return out
	},
}
