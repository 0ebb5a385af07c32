package provenance

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// pJoinerEditsOnly is the prior chance that a document a member of staff
// touches is one somebody else wrote, which they only saved last: people
// write most of the documents that name them. The baseline's own people
// re-estimate it (editsOnlyRate).
const pJoinerEditsOnly = 0.3

// editsOnlyRate estimates, from the baseline's documents, the chance that
// a document naming a person names them only as its last editor: the
// documents last saved by someone who is not one of their authors, over
// those and every author's documents, with pJoinerEditsOnly as the prior.
func (b *Baseline) editsOnlyRate() (rate float64, editsOnly, touched int) {
	for _, n := range b.Features[featureEditorOnly] {
		editsOnly += n
	}
	touched = editsOnly
	for v, n := range b.Features["author"] {
		if !strings.HasPrefix(v, "(none: ") {
			touched += n
		}
	}
	return (float64(editsOnly) + priorStrength*pJoinerEditsOnly) / (float64(touched) + priorStrength), editsOnly, touched
}

// OutsideEditor weighs again a last editor the baseline never shows who, in
// the whole questioned corpus, never wrote a document: every document that
// names them was written by someone else and only saved last by them.
// Rare-value grants a name it never saw an allowance for people who joined
// the organisation (arrivalRate, newcomerChance); a person who joined
// writes documents of their own, and one who only ever re-saved other
// people's is likelier the user name of a program outside it (a forger's
// LibreOffice opening genuine files). The allowance is kept at the chance
// that a person's document is someone else's (editsOnlyRate) to the power
// of the documents that name them. The
// finding weighs the name with what is left of the allowance; it rests on
// the person, as rare-value's finding does, so Combine counts the weaker of
// the two (rare-value's, which had the whole allowance) as a dependent.
var OutsideEditor = &CorpusCheck{
	Name: "outside-editor",
	Doc:  "a last editor the baseline never shows who wrote none of the questioned documents, only saved other people's",
	Fact: FactPerson,
	Run: func(p *CorpusPass) []Group {
		if p.Baseline == nil || p.LeaveOut {
			// In a self-baseline every name is in the baseline, and
			// rare-value weighs how few documents show it.
			return nil
		}
		editsOnly, edited0, touched := p.Baseline.editsOnlyRate()
		wrote := map[string]bool{}
		edited := map[string][]int{}
		for i, d := range p.Docs {
			for _, a := range d.Authors {
				wrote[a] = true
			}
			if d.LastEditor != "" {
				edited[d.LastEditor] = append(edited[d.LastEditor], i)
			}
		}
		var groups []Group
		names := make([]string, 0, len(edited))
		for name := range edited {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			docs := edited[name]
			if wrote[name] || p.Baseline.Features["author"][name] > 0 {
				continue
			}
			st := p.Baseline.stats("last_modified_by", name, nil)
			if st.Count > 0 || st.Total < minFeatureObservations {
				continue
			}
			keep := math.Pow(editsOnly, float64(len(docs)))
			rel := FeatureReliability("last_modified_by")
			gt := float64(st.Singletons+1) / float64(st.Total+2)
			for _, i := range docs {
				d := p.Docs[i]
				granted, _ := p.Baseline.newPersonChance("last_modified_by", gt, st.Total, d.Claimed, nil, 1)
				kept, _ := p.Baseline.newPersonChance("last_modified_by", gt, st.Total, d.Claimed, nil, keep)
				was := rel * log10LR(pForgedNewPerson, granted)
				if was < minRareWeight {
					was = 0 // rare-value reported nothing
				}
				w := rel * log10LR(pForgedNewPerson, kept)
				if w-was < 0.1 {
					continue
				}
				p.Report(i, Finding{
					Weight: w,
					Message: fmt.Sprintf("last saved by %q, whom the baseline never shows and who wrote none of the questioned documents, only saved %s written by others: someone who joined would have written some",
						name, countNoun(len(docs), "document", "documents")),
					Fields:   []string{"last_modified_by", "authors"},
					Observed: name,
					Compared: fmt.Sprintf("rare-value allowed for a newcomer with chance %.3g; %d of the %d documents naming the baseline's people name them only as the last editor: at %.2g a document, over %s the allowance is %.3g",
						granted, edited0, touched, editsOnly, countNoun(len(docs), "document", "documents"), kept),
				})
			}
			if len(docs) > 1 {
				groups = append(groups, Group{
					Kind: "outside-editor", Key: "last_modified_by=" + name, MemberIndexes: p.byPath(docs),
					Message: fmt.Sprintf("%d documents written by others and last saved by %q, whom neither the baseline nor any questioned document shows as an author", len(docs), name),
				})
			}
		}
		return groups
	},
}
