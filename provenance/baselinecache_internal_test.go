package provenance

import (
	"fmt"
	"math/rand"
	"reflect"
	"testing"
	"time"
)

// contentMatches, which compares a document with each class of claims
// once, finds what comparing it with every baseline document of its
// content finds, in the same order (checked on random lists of a few
// claims over many copies, with the document's own refs left out).
func TestContentMatchesIsTheWalkOfEveryRef(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	base := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC)
	zone := time.FixedZone("", 2*3600)
	created := []Timestamp{{}, At(base), At(base.Add(-48 * time.Hour)), At(base.In(zone)), {Time: base.Add(2 * time.Hour)}}
	authors := [][]string{nil, {"carol"}, {"mallory"}, {"carol", "dave"}}
	titles := []string{"", "report", "other"}
	claims := func() ContentRef {
		return ContentRef{Created: created[rng.Intn(len(created))], Authors: authors[rng.Intn(len(authors))], Title: titles[rng.Intn(len(titles))]}
	}
	sawAltered, sawKept := 0, 0
	for trial := 0; trial < 200; trial++ {
		b := NewBaseline()
		kinds := make([]ContentRef, 1+rng.Intn(4))
		for i := range kinds {
			kinds[i] = claims()
		}
		for i := range 1 + rng.Intn(60) {
			ref := kinds[rng.Intn(len(kinds))]
			ref.Path, ref.SHA256 = fmt.Sprintf("d/%03d", rng.Intn(80)), fmt.Sprint(rng.Intn(70))
			b.Contents["c"] = insertContentRef(b.Contents["c"], ref)
			b.Docs = i + 1
		}
		self := claims()
		self.Path, self.SHA256 = "d/040", "7"
		leaveOut := rng.Intn(2) == 0
		skip := func(ref ContentRef) bool { return ref.SHA256 == self.SHA256 || leaveOut && ref.Path == self.Path }

		var wantAltered, wantKept []ContentRef
		var wantHow string
		for _, ref := range b.Contents["c"] {
			if skip(ref) {
				continue
			}
			if h := claimsAltered(self, ref); h != "" {
				if wantAltered == nil {
					wantHow = h
				}
				wantAltered = append(wantAltered, ref)
			} else if claimsKept(self, ref) {
				wantKept = append(wantKept, ref)
			}
		}
		altered, kept, how := b.contentMatches("c", self, skip, true)
		if !reflect.DeepEqual(altered, wantAltered) || !reflect.DeepEqual(kept, wantKept) || how != wantHow {
			t.Fatalf("trial %d: got %d altered (%q), %d kept; want %d (%q), %d", trial, len(altered), how, len(kept), len(wantAltered), wantHow, len(wantKept))
		}
		if _, kept, _ := b.contentMatches("c", self, skip, false); kept != nil {
			t.Fatalf("trial %d: kept copies listed when not wanted", trial)
		}
		sawAltered += min(len(altered), 1)
		sawKept += min(len(kept), 1)
	}
	if sawAltered < 20 || sawKept < 20 {
		t.Fatalf("the trials must compare both kinds: %d with altered copies, %d with kept ones", sawAltered, sawKept)
	}
}
