package provenance

import (
	"fmt"
	"math"
	"path"
	"strings"
	"time"
)

// ExportPair lifts a PDF exported from a questioned document to what that
// document's own checks found.
//
// A PDF that an office program exports carries little of its source's
// making: no editing time, no revision count, no session identifiers, a
// creation time that is the export's. A forger who makes a document and
// exports it, as an office does, leaves his traces in the source (copied
// properties, a shifted clock, a foreign installation) and almost none in
// the PDF. The two are one act when the PDF lies beside it under the same
// name (report.odt, report.pdf: what every office program proposes), names
// the same title where both have one, and was created within
// exportWindow after the source's last save. With chance pSameAct the PDF
// is then the source's export and shares its status; otherwise its
// evidence is its own. Its likelihood ratio is pSameAct × 10^s + (1 −
// pSameAct), s the source's own score, and the finding lifts the PDF's
// score to that, never above: the evidence is the source's, counted once
// in each document, not added to the PDF's own, which may rest on the
// same fact (a clock both show).
var ExportPair = &CorpusCheck{
	Name: "export-pair",
	Doc:  "a PDF exported from a questioned document beside it, whose own checks found traces of its making",
	Run: func(p *CorpusPass) []Group {
		type stem struct{ dir, name string }
		sources := map[stem][]int{}
		for i := range p.Docs {
			d := &p.Docs[i]
			if d.Format != "pdf" && exportSource(d.Format) {
				k := stem{d.dir, strings.TrimSuffix(d.base, path.Ext(d.base))}
				sources[k] = append(sources[k], i)
			}
		}
		if len(sources) == 0 {
			return nil
		}
		for i := range p.Docs {
			d := &p.Docs[i]
			if d.Format != "pdf" || !plausible(d.Created) {
				continue
			}
			var src *DocSummary
			for _, j := range sources[stem{d.dir, strings.TrimSuffix(d.base, path.Ext(d.base))}] {
				o := &p.Docs[j]
				saved := o.Modified
				if !plausible(saved) || plausible(o.Created) && o.Created.Time.After(saved.Time) {
					saved = o.Created
				}
				lag, _ := span(saved, d.Created) // by the wall clocks where either has no offset
				if !plausible(saved) || lag < -time.Minute || lag > exportWindow || d.Title != "" && o.Title != "" && d.Title != o.Title {
					continue
				}
				if src == nil || o.Score > src.Score {
					src = o
				}
			}
			if src == nil {
				continue
			}
			s := min(src.Score, maxWeight)
			lifted := log10LR(pSameAct*math.Pow(10, s)+(1-pSameAct), 1)
			w := clampWeight(lifted - d.Score)
			if w < 0.1 {
				continue
			}
			p.Report(i, Finding{
				Weight:   w,
				Message:  fmt.Sprintf("exported from %s, created beside it within %s of its last save, whose own checks found %.2f of evidence of its making", src.Path(), exportWindow, src.Score),
				Fields:   []string{"path", "created"},
				Observed: src.Path(),
				Related:  []string{src.Path()},
				Compared: fmt.Sprintf("a fixed chance %.2g that a PDF of the same name and title, exported then, is the same act as its source: the source's ratio, mixed with it, lifts this one's score from %.2f to %.2f", pSameAct, d.Score, lifted),
			})
		}
		return nil
	},
}

// exportWindow is how long after its source's last save an exported PDF
// is taken for part of the same act of making.
const exportWindow = time.Hour

// pSameAct is the chance that a PDF beside a document of the same name,
// created within exportWindow of its last save, is its export.
const pSameAct = 0.9

// exportSource reports whether documents of format are exported to PDF by
// the program that writes them: the office formats.
func exportSource(format string) bool {
	switch format {
	case "docx", "doc", "odt", "xlsx", "xls", "ods", "pptx", "ppt", "odp", "rtf":
		return true
	}
	return false
}
