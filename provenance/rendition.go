package provenance

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Rendition weighs a PDF made later from an office document: printed
// from a browser, converted again months on, saved as PDF for a client.
// Such a PDF has the source's file name, or that name with words after it
// ("report_web.pdf", "report (signed).pdf" for "report.docx"), names the
// source's title, and was created after the source's last save (later
// than export-pair's hour: within it the two are one act, and export-pair
// weighs them). The source is a questioned document in the PDF's folder,
// or a baseline document of that name (one that claims its creation to
// the second: the baseline indexes it by that); another PDF too, when the
// rendition's name has words after the source's.
//
// The program that renders a document is whatever is at hand (a browser,
// a print dialog, a converter), not the program the organisation writes
// its documents with: that the baseline never shows it says little of a
// rendition, and rare-value's findings of a program never seen (and
// series-program's, which takes back rare-value's allowance in the same
// way) are taken back by a finding of the opposite weight. Only when the
// PDF claims the program its structure shows: a PDF rewritten by another
// program than the one it names (a page replaced with qpdf), or one whose
// program's version predates its time, keeps its findings, and so does
// everything the PDF shows of its people or its content. Of its clock,
// one thing is explained: a file name dated as the source was saved (or
// created), which the rendition keeps, however much later it was made
// (name-date's finding is taken back too). That holds for an export made
// within the hour under the source's own name as well: a report begun on
// the day its name gives and exported when it was finished, weeks later.
//
// Unlike an export, a rendition made later does not share its source's
// status: the source may have been edited after it was rendered (a figure
// changed in the document's XML, its dates kept), and the rendition is
// then the genuine one of the two.
var Rendition = &CorpusCheck{
	Name: "rendition",
	Doc:  "a PDF rendered later from an office document under its name and title: the rendering program's novelty, and its source's date in its name, are not counted",
	Run: func(p *CorpusPass) []Group {
		// The questioned documents a PDF may be rendered from, by
		// folder and file name without its extension.
		questioned := p.byName(func(d *DocSummary) bool { return renditionSourceFormat(d.Format) && d.Title != "" })
		named := func(dir, stem string) []int32 {
			lo := sort.Search(len(questioned), func(k int) bool { return p.compareName(questioned[k], dir, stem) >= 0 })
			hi := lo
			for hi < len(questioned) && p.compareName(questioned[hi], dir, stem) == 0 {
				hi++
			}
			return questioned[lo:hi]
		}
		// The baseline's, built when a PDF first asks (most scans have
		// no PDF that could be a rendition).
		var baseline map[string][]renditionSource
		fromBaseline := func(stem string) []renditionSource {
			if baseline == nil {
				baseline = renditionBaseline(p)
			}
			return baseline[stem]
		}
		// What series-program reported of a program the baseline never
		// shows (its findings without a fact; those of a version's
		// adoption rest on the program's fact and stay).
		seriesNovelty := map[int]float64{}
		for _, f := range p.findings {
			if f.f.Check == SeriesProgram.Name && f.f.Fact == "" {
				seriesNovelty[int(f.doc)] += f.f.Weight
			}
		}
		for i := range p.Docs {
			d := &p.Docs[i]
			if d.Format != "pdf" || d.Title == "" || !plausible(d.Created) {
				continue
			}
			novelty := 0.0
			if d.ClaimsItsMaker {
				novelty = d.ProgramNovelty + seriesNovelty[i]
			}
			if novelty < 0.05 && d.NameDateWeight < 0.05 {
				continue
			}
			stem := stemOf(d.base)
			nd, dated := fileNameDate(&Record{Path: d.base})
			var best *renditionSource
			consider := func(c renditionSource) {
				lag, ok := between(c.saved, d.Created, false)
				if !ok || lag < -time.Minute || c.stem == stem && c.format == "pdf" {
					return
				}
				// Within export-pair's hour under the same name it is
				// the source's export: its program is the source's, and
				// only its name is explained.
				c.lag, c.export = lag, c.stem == stem && lag <= exportWindow
				if !c.export {
					c.explains = novelty
				}
				if dated && d.NameDateWeight > 0 && (namedAt(c.saved, nd) || namedAt(c.created, nd)) {
					c.explains += d.NameDateWeight
					c.named = true
				}
				if best == nil || c.explains > best.explains {
					best = &c
				}
			}
			for _, prefix := range renditionStems(stem) {
				for _, j := range named(*d.dir, prefix) {
					o := &p.Docs[j]
					if o.Title == d.Title && j != int32(i) {
						consider(renditionSource{path: o.Path(), format: o.Format, stem: prefix, saved: lastSave(*o), created: o.Created})
					}
				}
				for _, c := range fromBaseline(prefix) {
					if c.title == d.Title && c.sha != d.SHA256() {
						consider(c)
					}
				}
			}
			if best == nil {
				continue
			}
			w := round2(best.explains)
			if w < 0.05 {
				continue
			}
			var what []string
			if novelty >= 0.05 && !best.export {
				what = append(what, fmt.Sprintf("the program that renders a document is whatever is at hand, and its %.2f for a program the baseline never shows is not counted", novelty))
			}
			if best.named {
				what = append(what, fmt.Sprintf("its name's date is its source's, and name-date's %.2f is not counted", d.NameDateWeight))
			}
			made := "rendered"
			if best.export {
				made = "exported"
			}
			which := "questioned document"
			if best.baseline {
				which = "genuine document"
			}
			p.Report(i, Finding{
				Weight:   -w,
				Message:  fmt.Sprintf("%s from %s %s %s after its last save, under its name and title: %s", made, which, best.path, roundGap(best.lag), strings.Join(what, "; ")),
				Fields:   []string{"path", "title", "created", "software"},
				Observed: best.path,
				Related:  []string{best.path},
				Compared: "what its own findings of its program's novelty (when its structure and its claim agree) and of its name's date weighed",
			})
		}
		return nil
	},
}

// renditionBaseline indexes by file name without its extension the
// baseline documents a PDF may have been rendered from: those that claim
// a creation (the claimed.creation identifier, whose value begins with
// it). None in a self-baseline, whose documents are the questioned ones.
func renditionBaseline(p *CorpusPass) map[string][]renditionSource {
	out := map[string][]renditionSource{}
	if p.Baseline == nil || p.LeaveOut {
		return out
	}
	p.Baseline.eachIDValueRefs(KindClaimedCreation, func(value string, refs []DocRef) {
		at, _, _ := strings.Cut(value, " ")
		created, err := ParseTimestamp(at)
		if err != nil {
			return
		}
		for _, ref := range refs {
			if !renditionSourceFormat(ref.Format) || ref.Title == "" || ref.Saved.IsZero() {
				continue
			}
			k := stemOf(fileName(ref.Path))
			out[k] = append(out[k], renditionSource{path: ref.Path, sha: ref.SHA256, format: ref.Format, title: ref.Title, stem: k,
				saved: Timestamp{Time: ref.Saved, HasOffset: true}, created: created, baseline: true})
		}
	})
	for _, refs := range out {
		sort.Slice(refs, func(a, b int) bool {
			if refs[a].path != refs[b].path {
				return refs[a].path < refs[b].path
			}
			return refs[a].sha < refs[b].sha
		})
	}
	return out
}

// renditionSourceFormat reports whether a PDF may be rendered from a
// document of format: an office document, or another PDF (a web version
// of an invoice a script wrote), under another name.
func renditionSourceFormat(format string) bool { return format == "pdf" || exportSource(format) }

// A renditionSource is a document a PDF may have been rendered from.
type renditionSource struct {
	path, sha      string
	format         string
	title, stem    string
	saved, created Timestamp
	baseline       bool
	export         bool
	lag            time.Duration
	explains       float64
	named          bool
}

// renditionStems are the file names (without extension) a rendition
// named stem may have taken from its source: stem itself, and each part
// of it before a separator followed by more words ("report" and
// "report_web" of "report_web").
func renditionStems(stem string) []string {
	out := []string{stem}
	for k := len(stem) - 1; k > 0; k-- {
		if strings.IndexByte(" _-.(", stem[k]) >= 0 && k+1 < len(stem) {
			if p := strings.TrimRight(stem[:k], " _-.("); p != "" && p != out[len(out)-1] {
				out = append(out, p)
			}
		}
	}
	return out
}

// namedAt reports whether a save (or creation) t is of the day a file
// name gives: from a day before to the week after, the drift name-date
// allows a genuine name (as namedOriginal).
func namedAt(t Timestamp, nd nameDate) bool {
	if !plausible(t) {
		return false
	}
	return inNameDrift(wallClock(t).Sub(nd.t))
}
