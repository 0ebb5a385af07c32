package provenance

import (
	"fmt"
	"math"
	"path"
	"sort"
	"strings"
	"time"
)

// ExportPair lifts a PDF exported from a questioned document to what that
// document's own checks found, and two office formats of one document
// saved together to each other's.
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
// same fact (a clock both show). Not the other way: what a PDF shows may
// have been done to it after the export (a page painted over), which says
// nothing of its source.
//
// Two office formats beside each other under one name and title (a Save
// a Copy as .xls beside the .ods) are one act when both their creation and
// their last save agree within exportWindow (sameAct): each is lifted to
// the other's own score alike.
var ExportPair = &CorpusCheck{
	Name: "export-pair",
	Doc:  "a PDF exported from a questioned document beside it, or another format saved with it, whose own checks found traces of its making",
	Run: func(p *CorpusPass) []Group {
		// The PDFs and office documents, by folder and file name without
		// its extension.
		docs := p.byName(func(d *DocSummary) bool { return d.Format == "pdf" || exportSource(d.Format) })
		for start := 0; start < len(docs); {
			end := start + 1
			first := &p.Docs[docs[start]]
			for end < len(docs) && p.compareName(docs[end], *first.dir, stemOf(first.base)) == 0 {
				end++
			}
			if end-start > 1 {
				liftExports(p, docs[start:end])
			}
			start = end
		}
		return nil
	},
}

// byName returns the documents keep accepts, sorted by folder, then file
// name without its extension, then index: sorted, not mapped, four bytes
// a document. ExportPair reads its runs of one name, Rendition searches
// it for a name.
func (p *CorpusPass) byName(keep func(*DocSummary) bool) []int32 {
	var docs []int32
	for i := range p.Docs {
		if keep(&p.Docs[i]) {
			docs = append(docs, int32(i))
		}
	}
	sort.Slice(docs, func(a, b int) bool {
		da := &p.Docs[docs[a]]
		if c := p.compareName(docs[b], *da.dir, stemOf(da.base)); c != 0 {
			return c > 0
		}
		return docs[a] < docs[b]
	})
	return docs
}

// compareName orders document i's folder and file name without its
// extension against dir and stem, as strings.Compare does.
func (p *CorpusPass) compareName(i int32, dir, stem string) int {
	d := &p.Docs[i]
	if c := strings.Compare(*d.dir, dir); c != 0 {
		return c
	}
	return strings.Compare(stemOf(d.base), stem)
}

// stemOf is a file name without its extension.
func stemOf(base string) string { return strings.TrimSuffix(base, path.Ext(base)) }

// liftExports is ExportPair's finding on each of docs, which share their
// folder and file name but the extension.
func liftExports(p *CorpusPass, docs []int32) {
	for _, i := range docs {
		d := &p.Docs[i]
		isPDF := d.Format == "pdf"
		var src *DocSummary
		for _, j := range docs {
			o := &p.Docs[j]
			if j == i || o.Format == d.Format || o.Format == "pdf" || d.Title != "" && o.Title != "" && d.Title != o.Title {
				continue
			}
			if lag, ok := sameAct(o, d, isPDF); !ok || lag < -time.Minute || lag > exportWindow {
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
		msg := fmt.Sprintf("exported from %s, created beside it within %s of its last save, whose own checks found %.2f of evidence of its making", src.Path(), exportWindow, src.Score)
		if !isPDF {
			msg = fmt.Sprintf("saved with %s, beside it under the same name in another format within %s, whose own checks found %.2f of evidence of its making", src.Path(), exportWindow, src.Score)
		}
		p.Report(int(i), Finding{
			Weight:   w,
			Message:  msg,
			Fields:   []string{"path", "created"},
			Observed: src.Path(),
			Related:  []string{src.Path()},
			Compared: fmt.Sprintf("a fixed chance %.2g that two documents of the same name and title, made then, are one act: the other's ratio, mixed with it, lifts this one's score from %.2f to %.2f", pSameAct, d.Score, lifted),
		})
	}
}

// lastSave is when d claims to have been saved last: its modification,
// else its creation.
func lastSave(d DocSummary) Timestamp {
	if !plausible(d.Modified) || plausible(d.Created) && d.Created.Time.After(d.Modified.Time) {
		return d.Created
	}
	return d.Modified
}

// sameAct is how far apart a source o and d were made: for a PDF, from
// the source's last save to its creation (an export's time); for another
// office format, the larger of the differences of their creation and
// their last save, both of which a Save a Copy keeps, while a later save
// of either moves one on. By the wall clocks where either has no offset;
// false when a time is unknown.
func sameAct(o, d *DocSummary, isPDF bool) (time.Duration, bool) {
	if isPDF {
		return between(lastSave(*o), d.Created, false)
	}
	c, ok1 := between(o.Created, d.Created, true)
	m, ok2 := between(o.Modified, d.Modified, true)
	return max(c, m), ok1 && ok2
}

// between is b − a (its size when either may come first), false when
// either is unknown.
func between(a, b Timestamp, either bool) (time.Duration, bool) {
	if !plausible(a) || !plausible(b) {
		return 0, false
	}
	lag, _ := span(a, b)
	if either {
		lag = lag.Abs()
	}
	if utcBeside(a, b) {
		// A program that writes UTC beside one that writes the local
		// wall clock without an offset: the same moment differs by
		// the zone's offset, whole quarter hours up to 14.
		zone := lag.Round(15 * time.Minute)
		if d := lag - zone; zone.Abs() <= 14*time.Hour && d.Abs() <= time.Minute {
			lag = d.Abs()
		}
	}
	return lag, true
}

// utcBeside reports whether one of a and b is in UTC and the other has no
// offset.
func utcBeside(a, b Timestamp) bool {
	utc := func(t Timestamp) bool {
		_, off := t.Time.Zone()
		return t.HasOffset && off == 0
	}
	return utc(a) && !b.HasOffset || utc(b) && !a.HasOffset
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
