package provenance

import (
	"math/rand"
	"testing"
	"time"
)

// risingRun finds a longest rising run: its members rise, and no run is
// longer (checked against the quadratic dynamic programme on random
// sequences).
func TestRisingRunIsALongestRisingRun(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for trial := 0; trial < 300; trial++ {
		n := rng.Intn(40)
		times := make([]time.Time, n)
		for i := range times {
			times[i] = base.Add(time.Duration(rng.Intn(20)) * time.Second)
		}
		in := risingRun(times, 2*time.Second)
		got, last := 0, time.Time{}
		for i, ok := range in {
			if !ok {
				continue
			}
			if got > 0 && last.Truncate(2*time.Second).After(times[i].Truncate(2*time.Second)) {
				t.Fatalf("trial %d: the run falls at %d", trial, i)
			}
			got, last = got+1, times[i]
		}
		best := make([]int, n)
		want := 0
		for i := range times {
			best[i] = 1
			for j := 0; j < i; j++ {
				if !times[j].Truncate(2*time.Second).After(times[i].Truncate(2*time.Second)) && best[j]+1 > best[i] {
					best[i] = best[j] + 1
				}
			}
			want = max(want, best[i])
		}
		if got != want {
			t.Fatalf("trial %d: run of %d, the longest has %d", trial, got, want)
		}
	}
}
