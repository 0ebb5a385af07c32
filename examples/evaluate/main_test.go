package main

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestMetrics(t *testing.T) {
	// three forgeries (F) and four genuine documents (g), ranked
	// F 0.9, g 0.8, F 0.7, g 0.5, F 0.5 (tie with a genuine), g 0, g 0
	scores := []float64{0.9, 0.8, 0.7, 0.5, 0.5, 0, 0}
	forged := []bool{true, false, true, false, true, false, false}

	// pairs won: 0.9 beats 4; 0.7 beats 3; 0.5 beats 2 and ties 1 → 9.5 of 12
	if got := rocAUC(scores, forged); !near(got, 9.5/12) {
		t.Errorf("rocAUC = %v, want %v", got, 9.5/12)
	}
	// ranks (ties: genuine first): F1 g2 F3 g4 F5 → (1/1 + 2/3 + 3/5) / 3
	if got := averagePrecision(scores, forged); !near(got, (1+2.0/3+3.0/5)/3) {
		t.Errorf("averagePrecision = %v", got)
	}
	// 5% of 4 genuine allows none: only the forgery above the first genuine counts
	if got := recallAtFPR(scores, forged, 0.05); !near(got, 1.0/3) {
		t.Errorf("recallAtFPR(5%%) = %v, want 1/3", got)
	}
	// 50% allows two: F, g, F, g, then the tied F comes after its genuine → 3/3
	if got := recallAtFPR(scores, forged, 0.5); !near(got, 1) {
		t.Errorf("recallAtFPR(50%%) = %v, want 1", got)
	}
	// degenerate inputs
	if rocAUC([]float64{1}, []bool{true}) != 0 || averagePrecision([]float64{1}, []bool{false}) != 0 {
		t.Error("no negatives / no positives should give 0")
	}
	// all the same score: ties never help
	flat := []float64{1, 1, 1, 1}
	fl := []bool{true, false, true, false}
	if got := rocAUC(flat, fl); !near(got, 0.5) {
		t.Errorf("flat rocAUC = %v, want 0.5", got)
	}
	if got := recallAtFPR(flat, fl, 0.05); got != 0 {
		t.Errorf("flat recall = %v, want 0", got)
	}
}

func TestOfKindAndMeasure(t *testing.T) {
	all := []scored{
		{score: 3, forged: true, kind: "a"},
		{score: 2, forged: true, kind: "b"},
		{score: 1},
		{score: 0},
	}
	a := ofKind(all, "a")
	if len(a) != 3 {
		t.Fatalf("ofKind kept %d documents, want 3", len(a))
	}
	m := measure(split(a))
	if m.pos != 1 || !near(m.auc, 1) || !near(m.ap, 1) || !near(m.recall, 1) {
		t.Errorf("measure = %+v", m)
	}
	if k := kindsOf(all); len(k) != 2 || k[0] != "a" || k[1] != "b" {
		t.Errorf("kindsOf = %v", k)
	}
}
