// Command evaluate measures how well docprov scan ranks a labelled corpus:
// ROC-AUC, average precision and recall at a 5% false-positive rate,
// overall and per forgery kind, and whether every forgery has at least one
// finding that explains it.
//
//	go run ./examples/evaluate [-baseline testdata/demo/baseline] [-as-of 2017-05-05] testdata/demo
//	go run ./examples/evaluate [-v] [-as-of DATE | -no-as-of] ORGS_DIR
//
// A corpus folder holds labels.json: [{"path": "leak/x.pdf", "label":
// "forged"|"genuine", "kind": "…"}], paths relative to the folder, and
// baseline/, the known-genuine documents.
//
// When the folder has no labels.json but subfolders that each hold
// labels.json and org.json (what testdata/orgs/make.sh writes), every
// organisation is evaluated on its own: its own baseline, and its own leak
// date (org.json's "as_of") unless -as-of is given; -no-as-of scans without
// a leak date. It prints one row per organisation, the mean and the worst
// over organisations, then each forgery kind pooled over the organisations
// (every organisation's genuine documents against that kind's forgeries)
// with the organisation where the kind ranks worst; -v adds, per
// organisation, the five genuine documents that rank highest with their
// findings, so a person can read why. The "unexp" column counts the
// forgeries without any finding.
//
// It shows the library's scanning API end to end, without the command line.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
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

// orgInfo is the part of an organisation's org.json that evaluate reads.
type orgInfo struct {
	Name     string `json:"name"`
	AsOf     string `json:"as_of"`
	Timezone string `json:"timezone"`
	Language string `json:"language"`
}

// scored is one questioned document: its label and how the scan ranked it.
type scored struct {
	score    float64
	forged   bool
	kind     string
	path     string
	findings []provenance.Finding
}

type options struct {
	baselineDir string
	asOf        string
	asOfSet     bool // -as-of was given on the command line
	noAsOf      bool
	self        bool
	thumbs      bool
	verbose     bool
	exclude     map[string]bool // forgery kinds scanned but left out of the figures
}

func main() {
	var o options
	flag.StringVar(&o.baselineDir, "baseline", "", "folder of genuine documents (default: CORPUS/baseline; single corpus only)")
	flag.StringVar(&o.asOf, "as-of", "2017-05-05", "leak date, YYYY-MM-DD (empty for none); for organisations, overrides org.json")
	flag.BoolVar(&o.noAsOf, "no-as-of", false, "scan without a leak date")
	flag.BoolVar(&o.self, "self", false, "scan the leak against itself instead of the baseline")
	flag.BoolVar(&o.verbose, "v", false, "print each document's score and label (organisations: the top genuine documents and their findings)")
	flag.BoolVar(&o.thumbs, "thumbnails", true, "compare JPEG thumbnails with their images (a full decode per photo), as docprov scan does by default")
	excluded := flag.String("exclude", "", "comma-separated forgery kinds to leave out of the figures (they are still scanned, so corpus-wide checks see them): to report a detector's figures without kinds made to be invisible to it")
	flag.Parse()
	o.exclude = map[string]bool{}
	for _, k := range strings.Split(*excluded, ",") {
		if k = strings.TrimSpace(k); k != "" {
			o.exclude[k] = true
		}
	}
	flag.Visit(func(f *flag.Flag) {
		if f.Name == "as-of" {
			o.asOfSet = true
		}
	})
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: evaluate [-baseline DIR] [-as-of DATE | -no-as-of] [-self] [-thumbnails] [-exclude KINDS] [-v] CORPUS|ORGS_DIR")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	var err error
	if orgs, ferr := findOrgs(dir); ferr == nil && len(orgs) > 0 {
		err = runOrgs(dir, orgs, o)
	} else {
		err = runCorpus(dir, o)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "evaluate:", err)
		os.Exit(1)
	}
}

// findOrgs lists the organisation subfolders of dir (those with labels.json
// and org.json), or none when dir is itself a corpus.
func findOrgs(dir string) ([]string, error) {
	if _, err := os.Stat(filepath.Join(dir, "labels.json")); err == nil {
		return nil, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var orgs []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		ok := true
		for _, f := range []string{"labels.json", "org.json"} {
			if _, err := os.Stat(filepath.Join(dir, e.Name(), f)); err != nil {
				ok = false
			}
		}
		if ok {
			orgs = append(orgs, e.Name())
		}
	}
	return orgs, nil
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse("2006-01-02", s)
}

// scan scores every document of labels.json in corpus against the baseline
// (or against the leak itself with self) with the library's API.
func scan(corpus, baselineDir string, asOf time.Time, self, thumbs bool) ([]scored, error) {
	raw, err := os.ReadFile(filepath.Join(corpus, "labels.json"))
	if err != nil {
		return nil, err
	}
	var labels []label
	if err := json.Unmarshal(raw, &labels); err != nil {
		return nil, fmt.Errorf("labels.json: %w", err)
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
	baselineInputs := []string{baselineDir}
	if self {
		baselineInputs = leak
	}
	if err := ex.ExtractInputs(ctx, docprov.Walk(slices.Values(baselineInputs), true), workers, func(r docprov.Result) error {
		if r.Err == nil {
			b.Add(r.Record)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	sc := &provenance.Scanner{Baseline: b, LeaveOut: self, Now: time.Now(), AsOf: asOf}
	if err := ex.ExtractAll(ctx, slices.Values(leak), workers, func(r docprov.Result) error {
		if r.Err != nil {
			sc.AddError(r.Path, r.Err)
		} else {
			sc.Add(r.Record)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	byPath := map[string]provenance.DocReport{}
	for _, d := range sc.Report().Documents {
		byPath[d.Path] = d
	}
	var all []scored
	for _, l := range labels {
		d := byPath[filepath.Join(corpus, l.Path)]
		s := scored{score: d.Score, forged: l.Label == "forged", kind: l.Kind, path: l.Path, findings: d.Findings}
		if d.Error != "" {
			s.score = 0 // unreadable: no evidence either way
		}
		all = append(all, s)
	}
	return all, nil
}

// without drops the forgeries of the excluded kinds.
func without(all []scored, exclude map[string]bool) []scored {
	if len(exclude) == 0 {
		return all
	}
	return slices.DeleteFunc(all, func(s scored) bool { return s.forged && exclude[s.kind] })
}

// runCorpus is the single-corpus evaluation (testdata/demo).
func runCorpus(corpus string, o options) error {
	asOf := o.asOf
	if o.noAsOf {
		asOf = ""
	}
	t, err := parseDate(asOf)
	if err != nil {
		return err
	}
	all, err := scan(corpus, o.baselineDir, t, o.self, o.thumbs)
	all = without(all, o.exclude)
	if err != nil {
		return err
	}
	unexplained := 0
	for _, s := range all {
		if s.forged && len(s.findings) == 0 {
			unexplained++
			fmt.Printf("forgery without a finding: %s (%s)\n", s.path, s.kind)
		}
	}
	if o.verbose {
		sorted := slices.Clone(all)
		sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].score > sorted[j].score })
		for _, s := range sorted {
			tag := "genuine"
			if s.forged {
				tag = "FORGED " + s.kind
			}
			fmt.Printf("%6.2f  %-40s %s\n", s.score, s.path, tag)
		}
	}
	scores, truth := split(all)
	fmt.Printf("%-22s %5s %7s %7s %9s\n", "", "n", "ROC-AUC", "AP", "R@5%FPR")
	printRow := func(name string, sc []float64, tr []bool) {
		m := measure(sc, tr)
		fmt.Printf("%-22s %5d %7.3f %7.3f %9.3f\n", name, m.pos, m.auc, m.ap, m.recall)
	}
	printRow("all forgeries", scores, truth)
	for _, k := range kindsOf(all) {
		sc, tr := split(ofKind(all, k))
		printRow(k, sc, tr)
	}
	fmt.Printf("forgeries without any finding: %d\n", unexplained)
	return nil
}

// runOrgs evaluates each organisation on its own, then summarises.
func runOrgs(dir string, orgs []string, o options) error {
	if o.baselineDir != "" {
		return errors.New("-baseline applies to a single corpus; each organisation has its own")
	}
	type result struct {
		name string
		all  []scored
		m    metrics
	}
	var results []result
	fmt.Printf("%-12s %-18s %10s %5s %6s %7s %7s %9s %5s\n", "org", "timezone", "as-of", "n", "forged", "ROC-AUC", "AP", "R@5%FPR", "unexp")
	for _, name := range orgs {
		var info orgInfo
		raw, err := os.ReadFile(filepath.Join(dir, name, "org.json"))
		if err != nil {
			return err
		}
		if err := json.Unmarshal(raw, &info); err != nil {
			return fmt.Errorf("%s/org.json: %w", name, err)
		}
		asOf := info.AsOf
		if o.asOfSet {
			asOf = o.asOf
		}
		if o.noAsOf {
			asOf = ""
		}
		t, err := parseDate(asOf)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		all, err := scan(filepath.Join(dir, name), "", t, o.self, o.thumbs)
		all = without(all, o.exclude)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		unexplained := 0
		for _, s := range all {
			if s.forged && len(s.findings) == 0 {
				unexplained++
			}
		}
		m := measure(split(all))
		results = append(results, result{name, all, m})
		shown := asOf
		if shown == "" {
			shown = "-"
		}
		fmt.Printf("%-12s %-18s %10s %5d %6d %7.3f %7.3f %9.3f %5d\n", name, info.Timezone, shown, len(all), m.pos, m.auc, m.ap, m.recall, unexplained)
	}
	if len(results) == 0 {
		return errors.New("no organisations")
	}

	// mean and worst over organisations
	var mean metrics
	worst := metrics{auc: math.Inf(1), ap: math.Inf(1), recall: math.Inf(1)}
	var worstAUC, worstAP, worstRecall string
	for _, r := range results {
		mean.auc += r.m.auc / float64(len(results))
		mean.ap += r.m.ap / float64(len(results))
		mean.recall += r.m.recall / float64(len(results))
		if r.m.auc < worst.auc {
			worst.auc, worstAUC = r.m.auc, r.name
		}
		if r.m.ap < worst.ap {
			worst.ap, worstAP = r.m.ap, r.name
		}
		if r.m.recall < worst.recall {
			worst.recall, worstRecall = r.m.recall, r.name
		}
	}
	fmt.Printf("%-12s %-18s %10s %5s %6s %7.3f %7.3f %9.3f\n", "mean", "", "", "", "", mean.auc, mean.ap, mean.recall)
	fmt.Printf("%-12s %-18s %10s %5s %6s %7.3f %7.3f %9.3f   (%s / %s / %s)\n", "worst", "", "", "", "", worst.auc, worst.ap, worst.recall, worstAUC, worstAP, worstRecall)

	// each kind pooled over organisations, and the organisation where it ranks worst
	kinds := map[string]bool{}
	for _, r := range results {
		for _, k := range kindsOf(r.all) {
			kinds[k] = true
		}
	}
	var names []string
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	fmt.Printf("\n%-22s %4s %5s %7s %7s %9s   %s\n", "kind (pooled)", "orgs", "n", "ROC-AUC", "AP", "R@5%FPR", "worst org (ROC-AUC, R@5%FPR)")
	for _, k := range names {
		var pooled []scored
		norgs := 0
		worstOrg, worstM := "", metrics{auc: math.Inf(1)}
		for _, r := range results {
			of := ofKind(r.all, k)
			if len(of) == len(r.all)-r.m.pos { // no forgery of this kind here
				continue
			}
			norgs++
			pooled = append(pooled, of...)
			if m := measure(split(of)); m.auc < worstM.auc || (m.auc == worstM.auc && m.recall < worstM.recall) {
				worstOrg, worstM = r.name, m
			}
		}
		m := measure(split(pooled))
		fmt.Printf("%-22s %4d %5d %7.3f %7.3f %9.3f   %s (%.3f, %.3f)\n", k, norgs, m.pos, m.auc, m.ap, m.recall, worstOrg, worstM.auc, worstM.recall)
	}

	if o.verbose {
		for _, r := range results {
			var gen []scored
			for _, s := range r.all {
				if !s.forged {
					gen = append(gen, s)
				}
			}
			sort.SliceStable(gen, func(i, j int) bool { return gen[i].score > gen[j].score })
			fmt.Printf("\n%s: the top genuine documents\n", r.name)
			for _, s := range gen[:min(5, len(gen))] {
				fmt.Printf("  %6.2f  %s\n", s.score, s.path)
				for _, f := range s.findings {
					fmt.Printf("          %-22s %5.2f  %s\n", f.Check, f.Weight, f.Message)
				}
			}
		}
	}
	return nil
}

// split gives the scores and the truth (forged or not) of documents.
func split(all []scored) ([]float64, []bool) {
	var scores []float64
	var truth []bool
	for _, s := range all {
		scores = append(scores, s.score)
		truth = append(truth, s.forged)
	}
	return scores, truth
}

// kindsOf lists the forgery kinds present, sorted.
func kindsOf(all []scored) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range all {
		if s.forged && !seen[s.kind] {
			seen[s.kind] = true
			out = append(out, s.kind)
		}
	}
	sort.Strings(out)
	return out
}

// ofKind keeps every genuine document and the forgeries of kind k.
func ofKind(all []scored, k string) []scored {
	var out []scored
	for _, s := range all {
		if !s.forged || s.kind == k {
			out = append(out, s)
		}
	}
	return out
}

type metrics struct {
	pos             int
	auc, ap, recall float64
}

func measure(scores []float64, forged []bool) metrics {
	m := metrics{auc: rocAUC(scores, forged), ap: averagePrecision(scores, forged), recall: recallAtFPR(scores, forged, 0.05)}
	for _, f := range forged {
		if f {
			m.pos++
		}
	}
	return m
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
