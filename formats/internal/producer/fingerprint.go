// Package producer holds what the structural producer fingerprints of
// the format packages (pdf, ooxml, rtf) share: each collects weighted
// evidence per producer family from its own format's structure, and all
// rank the families the same way, so that one file's verdict never
// depends on which format package looked at it.
package producer

import "sort"

// Rank returns the families of score, highest score first, ties broken by
// name so that the verdict is deterministic.
func Rank(score map[string]int) []string {
	fams := make([]string, 0, len(score))
	for fam := range score {
		fams = append(fams, fam)
	}
	sort.Slice(fams, func(i, j int) bool {
		if score[fams[i]] != score[fams[j]] {
			return score[fams[i]] > score[fams[j]]
		}
		return fams[i] < fams[j]
	})
	return fams
}
