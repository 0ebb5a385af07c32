package provenance

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// SeriesProgram weighs again a program the baseline never shows (or shows
// in other series only, weighed as rare-value weighs the series and
// program pair) in a series whose questioned documents kept its old
// program. Rare-value
// grants such a program an allowance when the document's series (the
// first word of its file name: an organisation's invoices, its minutes)
// was last seen in the baseline long before it: the series may have moved
// to a new program since, at pSeriesSwitch a year. The questioned corpus
// shows how long the series really kept the one program every baseline
// document of it came out of: its questioned documents of that program
// dated after the baseline's last are sightings too, and one dated after
// the document means the series had not switched. The allowance is then
// computed from the last sighting, and the finding carries what that
// takes back from rare-value's (so that the two add up to the weight of
// the shorter gap, and no fact is counted twice).
var SeriesProgram = &CorpusCheck{
	Name: "series-program",
	Doc:  "a program the baseline never shows, in a series whose questioned documents kept the program all its baseline documents came out of, later than the baseline shows",
	Run: func(p *CorpusPass) []Group {
		if p.Baseline == nil || p.LeaveOut {
			// In a self-baseline the series' documents are the
			// baseline: rare-value already sees them all.
			return nil
		}
		bySeries := map[string][]int{} // format#series → documents with a program and a date
		byName := map[string][]int{}   // series → documents with a format and a date
		when := make([]time.Time, len(p.Docs))
		for i, d := range p.Docs {
			if d.Series == "" {
				continue
			}
			if when[i] = d.Written; when[i].IsZero() {
				continue
			}
			if d.Format != "" {
				byName[d.Series] = append(byName[d.Series], i)
			}
			if d.Program != "" {
				k := d.Format + "#" + d.Series
				bySeries[k] = append(bySeries[k], i)
			}
		}
		for series, docs := range byName {
			// The format a series is saved in: a .docx dated while the
			// series' questioned documents were still saved as .doc.
			seriesAdoption(p, "format#"+series+"=", docs, when, func(d DocSummary) string { return d.Format },
				func(d DocSummary, v string) string { return fmt.Sprintf("a %s of the series %q", v, d.Series) },
				func(v string) string { return "were still saved as " + v })
		}
		for key, docs := range bySeries {
			seriesAdoption(p, "fingerprint@"+key+"=", docs, when, func(d DocSummary) string { return d.Program },
				func(d DocSummary, v string) string {
					return fmt.Sprintf("a %s of the series %q made by %s", d.Format, d.Series, v)
				},
				func(v string) string { return "still came out of " + v })
			prog, span, ok := p.Baseline.seriesProgram(key)
			if !ok {
				continue
			}
			for _, i := range docs {
				doc := p.Docs[i]
				t := when[i]
				if doc.Program == prog || !t.After(span.Max) {
					continue // rare-value granted no allowance
				}
				// A program the baseline never shows, or (weighed as
				// rare-value weighs the pair) one it shows in other
				// series only: a portal's PDF printer making a letter.
				feature, value, never := "fingerprint", doc.Program, "which the baseline never shows"
				st := p.Baseline.stats(feature, value, nil)
				if st.Count > 0 {
					feature, value = "combo.series+fingerprint", normValue(doc.Series+" | "+doc.Program)
					never = "which the baseline shows in other series only"
					st = p.Baseline.stats(feature, value, nil)
				}
				if st.Count > 0 || st.Total < minFeatureObservations {
					continue
				}
				// The series' last sighting with its program, and how
				// many questioned documents show it after the baseline.
				last, kept := span.Max, 0
				for _, j := range docs {
					if p.Docs[j].Program != prog || !when[j].After(span.Max) {
						continue
					}
					kept++
					if when[j].After(last) {
						last = when[j]
					}
				}
				if kept < minSeriesKept {
					continue
				}
				pNew := float64(st.Singletons+1) / float64(st.Total+2)
				weight := func(since time.Time) float64 {
					pLater := 0.0
					if t.After(since) {
						pLater = seriesSwitchChance(t.Sub(since))
					}
					return FeatureReliability(feature) * log10LR(pForgedNewValue, pNew+(1-pNew)*pLater)
				}
				granted := weight(span.Max)
				if granted < minRareWeight {
					granted = 0 // rare-value reported nothing
				}
				w := weight(last) - granted
				if w < 0.1 {
					continue
				}
				sighting := fmt.Sprintf("its last questioned one by %s is dated %s", prog, last.Format("2006-01-02"))
				if !last.Before(t) {
					sighting = fmt.Sprintf("some are dated after it, still by %s", prog)
				}
				p.Report(i, Finding{
					Weight: w,
					Message: fmt.Sprintf("its structure shows %s, %s, in its series %q, whose %d baseline documents all came out of %s; %s of the series are by %s after the baseline's last, and %s: the series had not changed program",
						doc.Program, never, doc.Series, span.N, prog, countNoun(kept, "questioned "+doc.Format+" document", "questioned "+doc.Format+" documents"), prog, sighting),
					Fields:   []string{"path", "software"},
					Observed: doc.Program,
					Expected: prog,
					Compared: fmt.Sprintf("%d baseline observations of %s, %d of them of a value seen only once; the chance the series changed program is taken from its last sighting, %s before it, not the baseline's last, %s before it",
						st.Total, featureLabel(feature), st.Singletons, days(max(0, t.Sub(last))), days(t.Sub(span.Max))),
				})
			}
		}
		return nil
	},
}

// seriesAdoption weighs, within one series of the questioned corpus, a
// document claiming a program (or a format: value gives which, under the
// Adoption keys of prefix) the baseline shows the series adopt, dated
// before the baseline's first document of it by a time version-adoption
// judged nearer the new program's first sighting than the old one's last:
// the switch might have fallen before the claim. When questioned documents
// of the series still come out of the old program after the claim, it had
// not, and the claim is weighed as version-adoption weighs one dated while
// the old program was in use: the new program's baseline documents
// predating by chance, divided by one plus the old program's documents
// dated after the claim, baseline and questioned. Within the old program's
// span version-adoption weighed it with the baseline's alone: the finding
// then gives the weight with both, and version-adoption's (of the same
// fact, weaker) counts as its dependent.
func seriesAdoption(p *CorpusPass, prefix string, docs []int, when []time.Time, value func(DocSummary) string, shown func(DocSummary, string) string, kept func(string) string) {
	// The old programs in a fixed order: the first that tells is
	// reported, and a map's order would make the report change from one
	// run to the next.
	var olds []string
	for k := range p.Baseline.Adoption {
		if strings.HasPrefix(k, prefix) {
			olds = append(olds, k)
		}
	}
	sort.Strings(olds)
	for _, i := range docs {
		doc := p.Docs[i]
		t := when[i]
		claimed := value(doc)
		tr := p.Baseline.Adoption[prefix+claimed]
		gap := tr.Min.Sub(t)
		if tr.N < minSwitchDocs || gap < 14*24*time.Hour {
			continue
		}
		for _, k := range olds {
			otr := p.Baseline.Adoption[k]
			old := strings.TrimPrefix(k, prefix)
			if old == claimed || otr.N < minAdoptionDocs || otr.Max.After(tr.Min.Add(switchOverlap)) {
				continue
			}
			if t.Before(otr.Min.Add(-2 * otr.sightingGap())) {
				continue // before the old program too
			}
			// Within version-adoption's reach (inUseAt) version-adoption
			// weighed the claim with the old program's baseline documents
			// dated after it; the questioned ones add to them.
			inReach := otr.inUseAt(t, tr)
			afterBaseline := 0.0
			if inReach {
				afterBaseline = otr.after(t)
			}
			after := 0
			var last time.Time
			for _, j := range docs {
				if value(p.Docs[j]) == old && when[j].Sub(t) >= 24*time.Hour {
					after++
					if when[j].After(last) {
						last = when[j]
					}
				}
			}
			if after < minSeriesKept {
				continue
			}
			pGenuine := tr.chanceBeyond(gap) / (1 + afterBaseline + float64(after))
			w := clampWeight(seriesReliability * log10LR(pForgedEarlyVersion, pGenuine))
			granted := 0.0
			if inReach {
				granted = clampWeight(seriesReliability * log10LR(pForgedEarlyVersion, tr.chanceBeyond(gap)/(1+afterBaseline)))
			}
			if w-granted < 0.1 {
				continue
			}
			p.Report(i, Finding{
				Weight: w,
				Fact:   FactProgram,
				Message: fmt.Sprintf("%s on %s, %s before any baseline document shows it, while %s of the series %s after it, the last on %s",
					shown(doc, claimed), t.Format("2006-01-02"), days(gap), countNoun(after, "questioned document", "questioned documents"), kept(old), last.Format("2006-01-02")),
				Fields:   []string{"path", "software", "modified"},
				Observed: claimed,
				Expected: fmt.Sprintf("baseline: %s first seen %s; %s last seen %s", claimed, tr.Min.Format("2006-01-02"), old, otr.Max.Format("2006-01-02")),
				Compared: fmt.Sprintf("%s of it; chance a genuine one predates them by this much: %.3g", countNoun(tr.N, "baseline document", "baseline documents"), pGenuine),
			})
			break
		}
	}
}

// minSeriesKept is how many later questioned documents of a series must
// keep its baseline program to say it never switched.
const minSeriesKept = 2

// structuralProgram is the program a record's structure shows (its
// fingerprint), normalized as the fingerprint feature is, or "".
func structuralProgram(r *Record) string {
	for _, s := range r.Software {
		if s.Inferred() && s.Name != "" {
			return normValue(s.Name)
		}
	}
	return ""
}

// writtenAt is when r was written at the latest (writtenBy its latest
// claim), or the zero time when it claims no plausible time.
func writtenAt(r *Record) time.Time {
	when, _ := latestClaim(r)
	if !plausible(when) {
		return time.Time{}
	}
	return writtenBy(r, when).Time
}
