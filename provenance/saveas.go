package provenance

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"time"
)

// SaveAsGap weighs a document made by Save As from another by how long
// that one lay unused, as below.
//
// An office that starts new letters from old ones by Save As gives many of
// its documents the creation time and session identifiers of another: the
// baseline shows the habit, and shared-identifier and family then weigh a
// shared identifier at about nothing. What the habit does not show is
// which document people start from: the last letter of its kind, saved
// days or weeks before. A forger who types his text into a genuine
// document he has to hand takes one for its look, of any age. So, of a
// document that shares an identifier a Save As keeps (saveAsKinds) with
// documents of other content and another title, the gap from the last of
// them saved before it to its own save is weighed against the gaps the
// baseline's own documents show:
//
//   - genuine: the baseline's gaps, as an exponential of their mean
//     (people reuse recent documents), mixed with a uniform share of
//     1/(n+2) over the organisation's period for the old document someone
//     reused that the n gaps happen not to show;
//   - forged: uniform over the period from the baseline's first document
//     of the format to the document's save (the forger's source is any
//     document of the organisation).
//
// The ratio of the two densities at the gap multiplies the sharing's own.
// A short gap is what both a genuine reuse and an edited copy show, so it
// tells nothing and the ratio is kept at 1 or more; a baseline with fewer
// than minSaveAsGaps such documents shows no habit to compare with, and
// there the sharing is rare and weighed strongly already. A document
// made from the last one of its own file-name series, none of the series
// saved between, is the series' rhythm (last year's annual report made
// from the one before), however long the gap: not weighed.
//
// It is a corpus check because the last document saved before a
// questioned one may be questioned too: an office's chain of letters goes
// on into the leak, and against the baseline alone a letter of the leak
// would seem made from one that lay unused since the baseline ended.
// Its finding rests on the same fact as shared-identifier's and family's
// (FactIdentity): the sharing's own ratio times the gap's, one piece of
// evidence with them.
var SaveAsGap = &CorpusCheck{
	Name: "save-as-gap",
	Doc:  "made by Save As from a document that lay unused far longer than the office's own reuse of documents shows",
	Fact: FactIdentity,
	Run: func(p *CorpusPass) []Group {
		if p.Baseline == nil {
			return nil
		}
		// By identifier, not by document: most identifiers are one
		// document's own, and a document's best finding is kept only
		// when it has one.
		best := map[int]*Finding{}
		var questioned map[string][]int64 // the questioned documents' saves by series, once one is asked for
		between := func(series string, after, before time.Time) bool {
			if series == "" {
				return false
			}
			if questioned == nil {
				questioned = map[string][]int64{}
				for i := range p.Docs {
					d := &p.Docs[i]
					if saved := savedAt(d.Created, d.Modified); d.Series != "" && !saved.IsZero() {
						questioned[d.Series] = append(questioned[d.Series], saved.Unix())
					}
				}
				for _, list := range questioned {
					slices.Sort(list)
				}
			}
			return p.Baseline.savedBetween(series, after, before) || anyBetween(questioned[series], after.Unix(), before.Unix())
		}
		for id, members := range p.identifierIndex() {
			if !saveAsKinds[id.Kind] || len(members) > maxSaveAsRefs {
				continue // a template's value past maxSaveAsRefs
			}
			refs := p.Baseline.identifierRefs(id.Kind, id.Value)
			if len(refs) == 0 && len(members) < 2 {
				continue
			}
			refs = slices.Clone(refs)
			for _, j := range members {
				o := &p.Docs[j]
				refs = append(refs, DocRef{Path: o.Path(), SHA256: o.SHA256(), Format: o.Format, Content: o.Content, Title: o.Title, Saved: savedAt(o.Created, o.Modified)})
			}
			// Copies of one document claim the same: weighed once.
			weighed := map[*DocClaims]*Finding{}
			for _, j := range members {
				d := &p.Docs[j]
				f, seen := weighed[d.DocClaims]
				if !seen {
					f = weighSaveAsGap(p, d, id, refs, between)
					weighed[d.DocClaims] = f
				}
				if f != nil && heavier(f, best[int(j)]) {
					best[int(j)] = f
				}
			}
		}
		docs := make([]int, 0, len(best))
		for i := range best {
			docs = append(docs, i)
		}
		sort.Ints(docs)
		for _, i := range docs {
			p.Report(i, *best[i])
		}
		p.releaseIdentifierIndex()
		return nil
	},
}

// heavier reports whether finding f weighs more than g (nil for none),
// the one of the smaller identifier first when they weigh the same: the
// identifiers are visited in no particular order.
func heavier(f, g *Finding) bool {
	switch {
	case g == nil || f.Weight > g.Weight:
		return true
	case f.Weight < g.Weight:
		return false
	}
	return f.Fields[0]+"\x00"+f.Observed < g.Fields[0]+"\x00"+g.Observed
}

// weighSaveAsGap is SaveAsGap's finding on document d for its identifier
// id, which the documents refs (the baseline's and the questioned ones)
// carry; nil for none. between reports whether a document of a file-name
// series, baseline or questioned, was saved between two times.
func weighSaveAsGap(p *CorpusPass, d *DocSummary, id Identifier, refs []DocRef, between func(series string, after, before time.Time) bool) *Finding {
	saved := savedAt(d.Created, d.Modified)
	sha := d.SHA256()
	own := contentKey(d.Content, sha)
	gap, last, ok := saveAsGap(refs, d.Format, own, saved)
	if !ok || d.Title != "" && last.Title == d.Title {
		return nil // the origin, or a later revision of the same document
	}
	if d.Series != "" && !between(d.Series, last.Saved, saved) {
		// No document of its series came between: it was made from
		// the last one of its kind, however long ago (last year's
		// annual report), as people start from the last letter.
		return nil
	}
	ratio, note := p.Baseline.saveAsGapRatio(id.Kind, d.Format, gap, saved, p.LeaveOut)
	if ratio <= 1 {
		return nil
	}
	var self *sharer
	if p.LeaveOut {
		self = &sharer{value: id.Value, format: d.Format, content: own, sha: sha}
	}
	rate, compared := p.Baseline.sharingRateWithout(id.Kind, d.Format, pGenuineSharedID, self)
	w := clampWeight(log10LR(pForgedSharedID, rate/ratio))
	if w < 0.1 {
		return nil
	}
	field := id.Kind
	for _, mine := range d.IDs {
		if mine.Kind == id.Kind && mine.Value == id.Value && mine.Source != "" {
			field = mine.Source
		}
	}
	return &Finding{
		Weight:   w,
		Message:  fmt.Sprintf("shares %s with %s, of other content and title, saved %s before it: made by Save As from a document that lay unused longer than the office's own reuse of documents shows", id.Kind, last.Path, days(gap)),
		Fields:   []string{field},
		Observed: id.Value,
		Related:  []string{last.Path},
		Compared: compared + note,
	}
}

// saveAsKinds are the identifiers a Save As carries into the new document:
// the first session's rsid, the document IDs Word keeps, a workbook's and
// a legacy file's GUID, XMP's document ID, the creation time. Not the
// copied times and effort (claimed.times, claimed.effort), whose dates the
// copier chose.
var saveAsKinds = map[string]bool{
	"ooxml.rsidRoot": true, "odf.rsidRoot": true, "ooxml.w14.docId": true, "ooxml.w15.docId": true,
	"ooxml.workbook.documentId": true, "ole.PID_GUID": true, "xmp.DocumentID": true, KindClaimedCreation: true,
}

// minSaveAsGaps is how many documents made from another a baseline must
// show before their gaps describe its habit.
const minSaveAsGaps = 3

// maxSaveAsRefs bounds the documents of one identifier value whose gaps
// are counted: more are a template's value, not a chain of Save As.
const maxSaveAsRefs = 200

// saveAsGap is the time from the last of earlier, other-content documents
// of format among refs (those saved no later than saved) to saved: how
// long the document a Save As was made from lay unused, and that
// document; false when none is earlier or saved is unknown.
func saveAsGap(refs []DocRef, format, content string, saved time.Time) (time.Duration, DocRef, bool) {
	if saved.IsZero() {
		return 0, DocRef{}, false
	}
	var last DocRef
	for _, r := range refs {
		if r.Format != format || r.Saved.IsZero() || r.Saved.After(saved) || contentKey(r.Content, r.SHA256) == content {
			continue
		}
		if last.Saved.IsZero() || r.Saved.After(last.Saved) {
			last = r
		}
	}
	if last.Saved.IsZero() {
		return 0, DocRef{}, false
	}
	return saved.Sub(last.Saved), last, true
}

// saveAsGaps are the gaps (saveAsGap) of the baseline's documents of a
// format that share an identifier of kind with an earlier document of
// other content, in days, sorted; of all formats when the format's own
// are fewer than minSaveAsGaps.
func (b *Baseline) saveAsGaps(kind, format string) []float64 {
	b.cacheMu.Lock()
	defer b.cacheMu.Unlock()
	if b.gaps == nil || b.gapsDocs != b.Docs {
		b.gaps, b.gapsDocs = map[string]map[string][]float64{}, b.Docs
	}
	byFormat, ok := b.gaps[kind]
	if !ok {
		byFormat = map[string][]float64{}
		b.eachIDRefs(kind, func(refs []DocRef) {
			if len(refs) < 2 || len(refs) > maxSaveAsRefs {
				return
			}
			for _, r := range refs {
				g, _, ok := saveAsGap(refs, r.Format, contentKey(r.Content, r.SHA256), r.Saved)
				if !ok {
					continue
				}
				d := g.Hours() / 24
				byFormat[r.Format] = append(byFormat[r.Format], d)
				byFormat[""] = append(byFormat[""], d)
			}
		})
		for _, g := range byFormat {
			sort.Float64s(g)
		}
		b.gaps[kind] = byFormat
	}
	if g := byFormat[format]; len(g) >= minSaveAsGaps {
		return g
	}
	return byFormat[""]
}

// sortSaves sorts the lists of Saves, as savedBetween and Save need them.
func (b *Baseline) sortSaves() {
	b.cacheMu.Lock()
	defer b.cacheMu.Unlock()
	b.sortSavesLocked()
}

func (b *Baseline) sortSavesLocked() {
	if b.savesDocs == b.Docs && b.Docs > 0 {
		return
	}
	for _, list := range b.Saves {
		slices.Sort(list)
	}
	b.savesDocs = b.Docs
}

// savedBetween reports whether a baseline document of the file-name series
// was saved after after and before before.
func (b *Baseline) savedBetween(series string, after, before time.Time) bool {
	if b == nil || series == "" {
		return false
	}
	b.cacheMu.Lock()
	defer b.cacheMu.Unlock()
	b.sortSavesLocked()
	return anyBetween(b.Saves[series], after.Unix(), before.Unix())
}

// anyBetween reports whether a sorted list holds a value strictly between
// lo and hi.
func anyBetween(list []int64, lo, hi int64) bool {
	i, _ := slices.BinarySearch(list, lo+1)
	return i < len(list) && list[i] < hi
}

// firstSaved is the earliest time the baseline's documents of format
// claim, zero when it has none.
func (b *Baseline) firstSaved(format string) time.Time {
	var first time.Time
	for _, which := range [...]string{".created", ".modified"} {
		if tr := b.Times[format+which]; tr.N > 0 && (first.IsZero() || tr.Min.Before(first)) {
			first = tr.Min
		}
	}
	return first
}

// saveAsGapRatio is the likelihood ratio of a gap (saveAsGap) between a
// forged Save As and the office's own, as the package doc above describes,
// with what it was compared with; 1 and "" when the baseline shows no
// habit (fewer than minSaveAsGaps gaps) or the gap is no longer than its
// documents show. own is the questioned document's own gap when the
// baseline holds it (a self-baseline), which is left out.
func (b *Baseline) saveAsGapRatio(kind, format string, gap time.Duration, saved time.Time, own bool) (float64, string) {
	if b == nil || gap <= 0 {
		return 1, ""
	}
	gaps := b.saveAsGaps(kind, format)
	g := gap.Hours() / 24
	if own {
		if i, found := slices.BinarySearch(gaps, g); found {
			gaps = slices.Delete(slices.Clone(gaps), i, i+1)
		}
	}
	n := len(gaps)
	if n < minSaveAsGaps {
		return 1, ""
	}
	var sum float64
	for _, x := range gaps {
		sum += x
	}
	mean := max(sum/float64(n), 1)
	period := g
	if first := b.firstSaved(format); !first.IsZero() && saved.Sub(first).Hours()/24 > period {
		period = saved.Sub(first).Hours() / 24
	}
	eps := 1 / float64(n+2)
	genuine := (1-eps)*math.Exp(-g/mean)/mean + eps/period
	ratio := (1 / period) / genuine
	if ratio <= 1 {
		return 1, ""
	}
	return ratio, fmt.Sprintf("; the baseline's %d documents made from another were saved a mean of %s (at most %s) after the last of theirs: a gap of %s is %.3g times likelier from a document of any age than from the office's habit",
		n, days(time.Duration(mean*24*float64(time.Hour))), days(time.Duration(gaps[n-1]*24*float64(time.Hour))), days(gap), ratio)
}
