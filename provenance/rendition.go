package provenance

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"time"
)

// Rendition weighs a PDF made later from a questioned office document
// beside it: printed from a browser, converted again, saved as PDF for a
// client. Such a PDF lies in the source's folder under the source's file
// name, or that name with words after it ("report_web.pdf",
// "report (signed).pdf" beside "report.docx"), names the source's title,
// and was created after the source's last save (later than export-pair's
// hour: within it the two are one act, and export-pair weighs them).
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
// everything the PDF shows of its clock, its people or its content.
//
// Unlike an export, a rendition made later does not share its source's
// status: the source may have been edited after it was rendered (a figure
// changed in the document's XML, its dates kept), and the rendition is
// then the genuine one of the two.
var Rendition = &CorpusCheck{
	Name: "rendition",
	Doc:  "a PDF rendered later from a questioned document beside it, under its name and title: the rendering program's novelty is not counted",
	Run: func(p *CorpusPass) []Group {
		// The office documents with a title, by folder and file name
		// without its extension.
		type source struct {
			stem string
			i    int32
		}
		byDir := map[string][]source{}
		for i := range p.Docs {
			d := &p.Docs[i]
			if exportSource(d.Format) && d.Title != "" {
				byDir[*d.dir] = append(byDir[*d.dir], source{strings.TrimSuffix(d.base, path.Ext(d.base)), int32(i)})
			}
		}
		if len(byDir) == 0 {
			return nil
		}
		for _, srcs := range byDir {
			sort.Slice(srcs, func(a, b int) bool {
				if srcs[a].stem != srcs[b].stem {
					return srcs[a].stem < srcs[b].stem
				}
				return srcs[a].i < srcs[b].i
			})
		}
		// What series-program reported of a program the baseline never
		// shows (its findings without a fact; those of a version's
		// adoption rest on the program's fact and stay).
		seriesNovelty := map[int]float64{}
		for _, f := range p.findings {
			if f.f.Check == SeriesProgram.Name && f.f.Fact == "" {
				seriesNovelty[f.doc] += f.f.Weight
			}
		}
		for i := range p.Docs {
			d := &p.Docs[i]
			if d.Format != "pdf" || d.Title == "" || !d.ClaimsItsMaker || !plausible(d.Created) {
				continue
			}
			stem := strings.TrimSuffix(d.base, path.Ext(d.base))
			var src *DocSummary
			var srcLag time.Duration
			for _, s := range byDir[*d.dir] {
				if !renditionName(stem, s.stem) {
					continue
				}
				o := &p.Docs[s.i]
				if o.Title != d.Title {
					continue
				}
				lag, ok := between(lastSave(*o), d.Created, false)
				if !ok || lag < -time.Minute || stem == s.stem && lag <= exportWindow {
					continue
				}
				if src == nil || o.Score > src.Score {
					src, srcLag = o, lag
				}
			}
			if src == nil {
				continue
			}
			novelty := round2(d.ProgramNovelty + seriesNovelty[i])
			if novelty < 0.05 {
				continue
			}
			p.Report(i, Finding{
				Weight:   -novelty,
				Message:  fmt.Sprintf("rendered from %s %s after its last save, beside it under its name and title: the program that renders a document is whatever is at hand, and its %.2f for a program the baseline never shows is not counted", src.Path(), roundGap(srcLag), novelty),
				Fields:   []string{"path", "title", "created", "software"},
				Observed: src.Path(),
				Related:  []string{src.Path()},
				Compared: fmt.Sprintf("the findings of its program's novelty (%.2f), which its structure and its claim agree on", novelty),
			})
		}
		return nil
	},
}

// renditionName reports whether a file name without its extension is the
// source's, or the source's followed by a separator and more words
// ("report_web", "report (signed)", "report - print").
func renditionName(stem, source string) bool {
	rest, ok := strings.CutPrefix(stem, source)
	if !ok || source == "" {
		return false
	}
	return rest == "" || strings.ContainsRune(" _-.(", rune(rest[0]))
}
