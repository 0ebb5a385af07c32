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

// runAlternatives: a photo out of order, one sure to be in order, and two
// that compete for one place, against the quadratic programme on random
// sequences.
func TestRunAlternatives(t *testing.T) {
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(mins ...int) []time.Time {
		var out []time.Time
		for _, m := range mins {
			out = append(out, base.Add(time.Duration(m)*time.Minute))
		}
		return out
	}
	// 10:00, 20:00 (or 05:00), 30:00: one of the middle two was changed.
	if got := runAlternatives(at(0, 20, 5, 30), 2*time.Second); got[0] != 1 || got[1] != 2 || got[2] != 2 || got[3] != 1 {
		t.Fatalf("tie: %v", got)
	}
	// One photo far out of a long run: the only one out of order.
	if got := runAlternatives(at(0, 1, 2, -50, 3, 4), 2*time.Second); got[3] != 0 || got[2] != 1 || got[4] != 1 {
		t.Fatalf("outlier: %v", got)
	}
	rng := rand.New(rand.NewSource(5))
	for trial := 0; trial < 300; trial++ {
		n := rng.Intn(30)
		times := make([]time.Time, n)
		for i := range times {
			times[i] = base.Add(time.Duration(rng.Intn(15)) * time.Second)
		}
		le := func(a, b int) bool {
			return !times[a].Truncate(2 * time.Second).After(times[b].Truncate(2 * time.Second))
		}
		end, start := make([]int, n), make([]int, n)
		longest := 0
		for i := 0; i < n; i++ {
			end[i] = 1
			for j := 0; j < i; j++ {
				if le(j, i) && end[j]+1 > end[i] {
					end[i] = end[j] + 1
				}
			}
			longest = max(longest, end[i])
		}
		for i := n - 1; i >= 0; i-- {
			start[i] = 1
			for j := i + 1; j < n; j++ {
				if le(i, j) && start[j]+1 > start[i] {
					start[i] = start[j] + 1
				}
			}
		}
		got := runAlternatives(times, 2*time.Second)
		for i := range times {
			on := end[i]+start[i]-1 == longest
			if on != (got[i] > 0) {
				t.Fatalf("trial %d: element %d on a longest run %v, got %d", trial, i, on, got[i])
			}
		}
	}
}

// A copy claims an earlier creation than its origin only beyond what a
// time zone written differently accounts for.
func TestCreatedBefore(t *testing.T) {
	at := func(s string) Timestamp {
		ts, err := ParseTimestamp(s)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	orig := at("2020-06-01T23:21:00Z")
	for _, c := range []struct {
		copy string
		want bool
	}{
		{"2020-06-01T23:21:00Z", false},
		{"2020-06-02T09:00:00Z", false}, // later: a conversion's own creation
		{"2020-06-01T18:21:00Z", false}, // five hours: local time written as UTC
		{"2020-06-01T17:51:30Z", false}, // five and a half hours, to the minute
		{"2020-06-01T23:14:00Z", true},
		{"2020-05-18T23:21:00Z", true},
		{"2020-05-31T01:00:00", true},
	} {
		if got := createdBefore(at(c.copy), orig); got != c.want {
			t.Errorf("createdBefore(%s, %s) = %v, want %v", c.copy, orig, got, c.want)
		}
	}
}
