package provenance

import (
	"fmt"
	"sort"
	"strings"
)

// Priors of photo-name. A forger who slips in a photo from another device
// often renames it after the organisation's own photos, so that it sorts
// among them; a genuine photo from a device the baseline does not show
// keeps the name its own maker gave it, which is another maker's only
// where both name files alike (Canon's cameras and Apple's phones both
// write IMG_1234.JPG): the baseline says how often its makers share a
// pattern.
const (
	pForgedBorrowedName  = 0.5
	pGenuineBorrowedName = 0.1
)

// PhotoName finds a photo named the way the baseline's photos of another
// maker are, and never its own maker's: a Xiaomi phone's photo named
// P1001085.JPG in an office whose Panasonic camera writes P100####.JPG.
// The chance that a genuine photo does is estimated from the baseline's
// own photos: the share whose name pattern more than one maker writes.
var PhotoName = &Check{
	Name:          "photo-name",
	Doc:           "a photo named the way the baseline's photos of another maker are, never its own maker's",
	NeedsBaseline: true,
	// The name is evidence beside the device: given a device the
	// baseline may not show, how likely a genuine photo is to carry
	// another maker's naming. Renaming is an act of its own.
	Fact: FactFileName,
	Run: func(p *Pass) []Finding {
		r := p.Record
		if r.Camera == nil {
			return nil
		}
		pat := normValue(photoNamePattern(r.Path))
		maker := normValue(r.Camera.Make)
		if pat == "" || maker == "" {
			return nil
		}
		self := p.self()
		if p.Baseline.stats(featurePhotoName, pat, self).Count < minComparable {
			return nil // a pattern too few of the baseline's photos show
		}
		if p.Baseline.stats(featureMakePhotoName, maker+" | "+pat, self).Count > 0 {
			return nil
		}
		makers, shared, photos := p.Baseline.photoNameMakers(pat, self)
		if len(makers) == 0 {
			return nil
		}
		rate := (float64(shared) + priorStrength*pGenuineBorrowedName) / (float64(photos) + priorStrength)
		return []Finding{{
			Weight:   clampWeight(FeatureReliability("camera") * log10LR(pForgedBorrowedName, rate)),
			Message:  fmt.Sprintf("a photo by %s named %s, the way the baseline's photos by %s are named and none of its maker's", r.Camera.Make, pat, strings.Join(makers, ", ")),
			Fields:   []string{"path", "camera"},
			Observed: maker + " | " + pat,
			Expected: "a name in its own maker's pattern",
			Compared: fmt.Sprintf("%d of %d baseline photos are named in a pattern more than one maker writes", shared, photos),
		}}
	},
}

// photoNameMakers returns the makers whose baseline photos are named in
// pattern pat, and, over all the baseline's named photos, how many are
// named in a pattern more than one maker writes and how many there are
// (self left out).
func (b *Baseline) photoNameMakers(pat string, self *Record) (makers []string, shared, photos int) {
	byPattern := map[string]map[string]int{} // pattern → make → photos
	var selfKey string
	if self != nil && self.Camera != nil {
		selfKey = normValue(self.Camera.Make) + " | " + normValue(photoNamePattern(self.Path))
	}
	for v, n := range b.Features[featureMakePhotoName] {
		if v == selfKey {
			n--
		}
		m, p, ok := strings.Cut(v, " | ")
		if !ok || n <= 0 {
			continue
		}
		if byPattern[p] == nil {
			byPattern[p] = map[string]int{}
		}
		byPattern[p][m] += n
	}
	for p, byMake := range byPattern {
		for m, n := range byMake {
			photos += n
			if len(byMake) > 1 {
				shared += n
			}
			if p == pat {
				makers = append(makers, m)
			}
		}
	}
	sort.Strings(makers)
	return makers, shared, photos
}
