// Command evaluate measures how well docprov scan ranks a labelled corpus:
// ROC-AUC, average precision and recall at a 5% false-positive rate,
// overall and per forgery kind, and whether every forgery has at least one
// finding that explains it.
//
//	go run ./examples/evaluate [-baseline testdata/demo/baseline] [-as-of 2017-05-05] testdata/demo
//
// The corpus folder holds labels.json: [{"path": "leak/x.pdf", "label":
// "forged"|"genuine", "kind": "…"}], paths relative to the folder. It shows
// the library's scanning API end to end, without the command line.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"time"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/formats/image"
	"github.com/docprov/docprov/provenance"
)

type label struct {
	Path  string `json:"path"`
	Label string `json:"label"`
	Kind  string `json:"kind"`
}

func main() {
	baselineDir := flag.String("baseline", "", "folder of genuine documents (default: CORPUS/baseline)")
	asOf := flag.String("as-of", "2017-05-05", "leak date, YYYY-MM-DD (empty for none)")
	self := flag.Bool("self", false, "scan the leak against itself instead of the baseline")
	verbose := flag.Bool("v", false, "print each document's score and label")
	thumbs := flag.Bool("thumbnails", false, "compare JPEG thumbnails with their images (a full decode per photo)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: evaluate [-baseline DIR] [-as-of DATE] [-self] [-thumbnails] CORPUS")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *baselineDir, *asOf, *self, *thumbs, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "evaluate:", err)
		os.Exit(1)
	}
}

func run(corpus, baselineDir, asOf string, self, thumbs, verbose bool) error {
	raw, err := os.ReadFile(filepath.Join(corpus, "labels.json"))
	if err != nil {
		return err
	}
	var labels []label
	if err := json.Unmarshal(raw, &labels); err != nil {
		return fmt.Errorf("labels.json: %w", err)
	}
	if baselineDir == "" {
		baselineDir = filepath.Join(corpus, "baseline")
	}
	ctx := context.Background()
	ex := &docprov.Extractor{}
	if thumbs {
		ex.Registry = docprov.DefaultRegistry()
		ex.Registry.Replace(image.Format{CompareThumbnail: true})
	}
	workers := runtime.NumCPU()

	var leak []string
	for _, l := range labels {
		leak = append(leak, filepath.Join(corpus, l.Path))
	}
	b := provenance.NewBaseline()
	var baselineInputs []string
	if self {
		baselineInputs = leak
	} else {
		baselineInputs = []string{baselineDir}
	}
	if err := ex.ExtractInputs(ctx, docprov.Walk(slices.Values(baselineInputs), true), workers, func(r docprov.Result) error {
		if r.Err == nil {
			b.Add(r.Record)
		}
		return nil
	}); err != nil {
		return err
	}
	sc := &provenance.Scanner{Baseline: b, LeaveOut: self, Now: time.Now()}
	if asOf != "" {
		if sc.AsOf, err = time.Parse("2006-01-02", asOf); err != nil {
			return err
		}
	}
	if err := ex.ExtractAll(ctx, slices.Values(leak), workers, func(r docprov.Result) error {
		if r.Err != nil {
			sc.AddError(r.Path, r.Err)
		} else {
			sc.Add(r.Record)
		}
		return nil
	}); err != nil {
		return err
	}
	rep := sc.Report()
	byPath := map[string]provenance.DocReport{}
	for _, d := range rep.Documents {
		byPath[d.Path] = d
	}

	type scored struct {
		score  float64
		forged bool
		kind   string
		path   string
		n      int
	}
	var all []scored
	unexplained := 0
	for _, l := range labels {
		d := byPath[filepath.Join(corpus, l.Path)]
		s := scored{score: d.Score, forged: l.Label == "forged", kind: l.Kind, path: l.Path, n: len(d.Findings)}
		if d.Error != "" {
			s.score = 0 // unreadable: no evidence either way
		}
		if s.forged && s.n == 0 {
			unexplained++
			fmt.Printf("forgery without a finding: %s (%s)\n", l.Path, l.Kind)
		}
		all = append(all, s)
	}
	if verbose {
		sort.Slice(all, func(i, j int) bool { return all[i].score > all[j].score })
		for _, s := range all {
			tag := "genuine"
			if s.forged {
				tag = "FORGED " + s.kind
			}
			fmt.Printf("%6.2f  %-40s %s\n", s.score, s.path, tag)
		}
	}

	var scores []float64
	var truth []bool
	kinds := map[string]bool{}
	for _, s := range all {
		scores = append(scores, s.score)
		truth = append(truth, s.forged)
		if s.forged {
			kinds[s.kind] = true
		}
	}
	fmt.Printf("%-22s %5s %7s %7s %9s\n", "", "n", "ROC-AUC", "AP", "R@5%FPR")
	printRow := func(name string, sc []float64, tr []bool) {
		pos := 0
		for _, t := range tr {
			if t {
				pos++
			}
		}
		fmt.Printf("%-22s %5d %7.3f %7.3f %9.3f\n", name, pos, rocAUC(sc, tr), averagePrecision(sc, tr), recallAtFPR(sc, tr, 0.05))
	}
	printRow("all forgeries", scores, truth)
	var names []string
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		// Each kind against all genuine documents.
		var sc []float64
		var tr []bool
		for _, s := range all {
			if !s.forged || s.kind == k {
				sc = append(sc, s.score)
				tr = append(tr, s.forged)
			}
		}
		printRow(k, sc, tr)
	}
	fmt.Printf("forgeries without any finding: %d\n", unexplained)
	return nil
}

// rocAUC is the probability that a random forgery scores above a random
// genuine document (ties count half).
func rocAUC(scores []float64, forged []bool) float64 {
	var pos, neg []float64
	for i, s := range scores {
		if forged[i] {
			pos = append(pos, s)
		} else {
			neg = append(neg, s)
		}
	}
	if len(pos) == 0 || len(neg) == 0 {
		return 0
	}
	wins := 0.0
	for _, p := range pos {
		for _, n := range neg {
			switch {
			case p > n:
				wins++
			case p == n:
				wins += 0.5
			}
		}
	}
	return wins / float64(len(pos)*len(neg))
}

type ranked struct {
	score  float64
	forged bool
}

func rank(scores []float64, forged []bool) []ranked {
	r := make([]ranked, len(scores))
	for i := range scores {
		r[i] = ranked{scores[i], forged[i]}
	}
	// Ties are broken pessimistically: genuine documents first, so a
	// detector earns nothing from giving everything the same score.
	sort.SliceStable(r, func(i, j int) bool {
		if r[i].score != r[j].score {
			return r[i].score > r[j].score
		}
		return !r[i].forged && r[j].forged
	})
	return r
}

// averagePrecision is the mean of the precision at each forgery's rank.
func averagePrecision(scores []float64, forged []bool) float64 {
	hits, sum, pos := 0, 0.0, 0
	for _, f := range forged {
		if f {
			pos++
		}
	}
	if pos == 0 {
		return 0
	}
	for i, r := range rank(scores, forged) {
		if r.forged {
			hits++
			sum += float64(hits) / float64(i+1)
		}
	}
	return sum / float64(pos)
}

// recallAtFPR is the share of forgeries ranked above the cut that lets at
// most fpr of the genuine documents through.
func recallAtFPR(scores []float64, forged []bool, fpr float64) float64 {
	pos, neg := 0, 0
	for _, f := range forged {
		if f {
			pos++
		} else {
			neg++
		}
	}
	if pos == 0 {
		return 0
	}
	allowed := int(fpr * float64(neg))
	fp, tp := 0, 0
	for _, r := range rank(scores, forged) {
		if r.score <= 0 {
			break // no finding at all: not flagged
		}
		if r.forged {
			tp++
		} else {
			fp++
			if fp > allowed {
				break
			}
		}
	}
	return float64(tp) / float64(pos)
}
