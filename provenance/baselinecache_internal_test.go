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

// contentTwins, which compares each class of claims of a content with the
// others once, counts what comparing every document with every other of
// its content counts (random contents of a few claims over many copies,
// each file its own SHA-256, as the baseline keeps them).
func TestContentTwinsIsTheWalkOfEveryPair(t *testing.T) {
	rng := rand.New(rand.NewSource(17))
	base := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC)
	created := []Timestamp{{}, At(base), At(base.Add(-48 * time.Hour)), At(base.Add(5 * time.Hour)), {Time: base.Add(-30 * time.Hour)}}
	authors := [][]string{nil, {"carol"}, {"mallory"}, {"carol", "dave"}}
	sawAltered := 0
	for trial := 0; trial < 100; trial++ {
		b := NewBaseline()
		for c := range 1 + rng.Intn(5) {
			digest := fmt.Sprint("c", c)
			kinds := make([]ContentRef, 1+rng.Intn(3))
			for i := range kinds {
				kinds[i] = ContentRef{Created: created[rng.Intn(len(created))], Authors: authors[rng.Intn(len(authors))]}
			}
			for i := range 1 + rng.Intn(30) {
				ref := kinds[rng.Intn(len(kinds))]
				ref.Path, ref.SHA256 = fmt.Sprintf("%s/%03d", digest, i), fmt.Sprint(digest, i)
				b.Contents[digest] = insertContentRef(b.Contents[digest], ref)
			}
		}
		var want [2]int
		for _, refs := range b.Contents {
			if len(refs) < 2 {
				continue
			}
			for i, a := range refs {
				want[1]++
				for j, o := range refs {
					if i != j && a.SHA256 != o.SHA256 && claimsAltered(a, o) != "" {
						want[0]++
						break
					}
				}
			}
		}
		b.Docs = trial + 1 // a new state: no cached counts
		if k, n := b.contentTwins(); k != want[0] || n != want[1] {
			t.Fatalf("trial %d: %d of %d twins altered, want %d of %d", trial, k, n, want[0], want[1])
		}
		sawAltered += min(want[0], 1)
	}
	if sawAltered < 20 {
		t.Fatalf("the trials must include altered twins: %d did", sawAltered)
	}
}
