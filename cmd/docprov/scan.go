package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
	"github.com/docprov/docprov/provenance/casedb"
)

// runBaseline handles "docprov baseline build|merge".
func runBaseline(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, groupUsage("baseline"))
		return 2
	}
	switch args[0] {
	case "build":
		fl := newCommandFlags(baselineBuildCommand, stderr)
		out := fl.String("o", "", "write the baseline to `FILE` (required)")
		workers := fl.Int("j", runtime.NumCPU(), "files read in parallel")
		xf := addExtractorFlags(fl, true)
		pf := addProgressFlag(fl)
		paths, code, ok := parseCommandLine(baselineBuildCommand, fl, args[1:], stdout, stderr)
		if !ok {
			return code
		}
		if *out == "" || len(paths) == 0 || *workers < 1 {
			fmt.Fprintf(stderr, "docprov baseline build: want -o FILE, at least one PATH and -j of at least 1\n%s", baselineBuildCommand.shortUsage())
			return 2
		}
		if err := pf.check(); err != nil {
			fmt.Fprintf(stderr, "docprov baseline build: %v\n", err)
			return 2
		}
		ex, err := xf.extractor()
		if err != nil {
			fmt.Fprintf(stderr, "docprov baseline: %v\n", err)
			return 2
		}
		// What a baseline keeps grows with its distinct documents (a
		// hundred bytes or so each: its compact references, its
		// SHA-256), so tuneGC's target of five times the live heap
		// would grow the process with them up to its soft limit of
		// 768 MiB. The scan's soft limit keeps it under 250 MB,
		// collecting more often only once the heap nears it
		// (GOMEMLIMIT overrides it); below that, tuneGC's target saves
		// CPU (GOGC=100 took 10% more on 100,000 distinct documents).
		if os.Getenv("GOMEMLIMIT") == "" {
			debug.SetMemoryLimit(scanMemoryLimit)
		}
		b := provenance.NewBaseline()
		prog := pf.newProgress(stderr, "baseline")
		prog.countPaths(paths, true)
		failed, err := addToBaseline(ctx, ex, paths, *workers, b, prog, stderr, "docprov baseline: ")
		prog.done()
		if err != nil {
			fmt.Fprintf(stderr, "docprov baseline: %v\n", err)
			return 1
		}
		if err := writeBaseline(*out, b); err != nil {
			fmt.Fprintf(stderr, "docprov baseline: %v\n", err)
			return 1
		}
		fmt.Fprintf(stderr, "docprov baseline: %s summarised into %s (%s%d unreadable, left out)\n", countNoun(b.Docs, "document", "documents"), *out, copiesNote(b), failed)
		return 0
	case "merge":
		fl := newCommandFlags(baselineMergeCommand, stderr)
		out := fl.String("o", "", "write the merged baseline to `FILE` (required)")
		files, code, ok := parseCommandLine(baselineMergeCommand, fl, args[1:], stdout, stderr)
		if !ok {
			return code
		}
		if *out == "" || len(files) == 0 {
			fmt.Fprintf(stderr, "docprov baseline merge: want -o FILE and at least one baseline file\n%s", baselineMergeCommand.shortUsage())
			return 2
		}
		merged := provenance.NewBaseline()
		for _, f := range files {
			b, err := readBaseline(f)
			if err != nil {
				fmt.Fprintf(stderr, "docprov baseline: %v\n", err)
				return 1
			}
			if err := merged.Merge(b); err != nil {
				fmt.Fprintf(stderr, "docprov baseline: %s: %v\n", f, err)
				return 1
			}
		}
		if err := writeBaseline(*out, merged); err != nil {
			fmt.Fprintf(stderr, "docprov baseline: %v\n", err)
			return 1
		}
		return 0
	}
	if isHelp(args[0]) {
		fmt.Fprint(stdout, groupUsage("baseline"))
		return 0
	}
	fmt.Fprintf(stderr, "docprov baseline: unknown subcommand %q\n\n%s", args[0], groupUsage("baseline"))
	return 2
}

func writeBaseline(path string, b *provenance.Baseline) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := b.Save(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readBaseline reads a baseline file. It must be a regular file: a FIFO
// would block the open until something wrote to it (docprov.OpenRegular).
func readBaseline(path string) (*provenance.Baseline, error) {
	f, err := docprov.OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := provenance.LoadBaseline(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// runScan handles "docprov scan".
func runScan(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newCommandFlags(scanCommand, stderr)
	baselineArg := fl.String("baseline", "", "a baseline file (from 'docprov baseline build'), or a folder of genuine documents")
	self := fl.Bool("self", false, "use the questioned corpus as its own baseline, leaving each document out of its own comparison")
	asOf := fl.String("as-of", "", "the date the documents became public (YYYY-MM-DD): later claims are impossible")
	format := fl.String("format", "text", "output: text, json, jsonl, csv (one row per document, in rank order), html (the case view of 'docprov serve' as one self-contained page) or sqlite (the case database, with -o FILE; also when -o ends in .db or .sqlite; 'docprov report' renders it)")
	top := fl.Int("top", 0, "report only the `N` highest-ranked documents (0: all)")
	minScore := fl.Float64("min-score", 0, "report only documents scoring at least `S` (files that could not be read are always reported)")
	outPath := fl.String("o", "", "write the report to `FILE` instead of standard output")
	workers := fl.Int("j", runtime.NumCPU(), "files read in parallel")
	xf := addExtractorFlags(fl, true)
	pf := addProgressFlag(fl)
	paths, code, ok := parseCommandLine(scanCommand, fl, args, stdout, stderr)
	if !ok {
		return code
	}
	if !slices.Contains(scanFormats, *format) {
		fmt.Fprintf(stderr, "docprov scan: %s\n", unknownFormat(*format, scanFormats))
		return 2
	}
	if err := pf.check(); err != nil {
		fmt.Fprintf(stderr, "docprov scan: %v\n", err)
		return 2
	}
	if *workers < 1 || *top < 0 {
		fmt.Fprintln(stderr, "docprov scan: -j must be at least 1 and --top at least 0")
		return 2
	}
	if len(paths) == 0 {
		fmt.Fprintf(stderr, "docprov scan: no PATH to scan\n%s", scanCommand.shortUsage())
		return 2
	}
	if *self && *baselineArg != "" {
		fmt.Fprintln(stderr, "docprov scan: --self and --baseline exclude each other")
		return 2
	}
	sc := &provenance.Scanner{Now: time.Now(), LeaveOut: *self}
	if *asOf != "" {
		t, err := time.Parse("2006-01-02", *asOf)
		if err != nil {
			fmt.Fprintf(stderr, "docprov scan: --as-of: want YYYY-MM-DD: %v\n", err)
			return 2
		}
		sc.AsOf = t
	}
	ex, err := xf.extractor()
	if err != nil {
		fmt.Fprintf(stderr, "docprov scan: %v\n", err)
		return 2
	}
	if *baselineArg != "" {
		b, err := loadOrBuildBaseline(ctx, ex, *baselineArg, *workers, pf, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "docprov scan: baseline: %v\n", err)
			return 1
		}
		sc.Baseline = b
		if err := sc.Validate(); err != nil {
			fmt.Fprintf(stderr, "docprov scan: %s: %v\n", *baselineArg, err)
			return 1
		}
	}

	if *baselineArg == "" && !*self {
		fmt.Fprint(stderr, noBaselineNote(provenance.Checks()))
	}

	if wantsCase(*format, "text", *outPath) {
		return scanToCase(ctx, ex, xf, sc, *baselineArg, paths, *workers, *outPath, pf, stderr)
	}
	if *format == "html" {
		return scanHTML(ctx, ex, xf, sc, *baselineArg, paths, *workers, *outPath, *top, *minScore, pf, stdout, stderr)
	}
	inputs := docprov.Walk(slices.Values(paths), true)
	// unreadable counts the questioned files that could not be read: they
	// stay in the report, and the exit status says the scan is not whole.
	unreadable := 0
	if *self {
		// Two passes: summarise the corpus, then compare each document
		// with the summary minus itself. Records are spooled to a
		// temporary file between the passes, so memory stays flat.
		spool, err := os.CreateTemp("", "docprov-scan-*.jsonl")
		if err != nil {
			fmt.Fprintf(stderr, "docprov scan: %v\n", err)
			return 1
		}
		defer os.Remove(spool.Name())
		defer spool.Close()
		b := provenance.NewBaseline()
		b.CompactRefs()
		w := bufio.NewWriter(spool)
		enc := json.NewEncoder(w)
		prog := pf.newProgress(stderr, "scan, pass 1 of 2 (baseline)")
		prog.countPaths(paths, true)
		spooledResults := 0
		err = ex.ExtractInputs(ctx, inputs, *workers, func(r docprov.Result) error {
			prog.tick(r.Index, r.Err != nil)
			spooledResults++
			if r.Err != nil {
				unreadable++
				return enc.Encode(spooled{Path: docprov.EscapePath(r.Path), Error: errorText(r.Err)})
			}
			b.Add(r.Record)
			return enc.Encode(spooled{Record: r.Record})
		})
		prog.done()
		if err == nil {
			err = w.Flush()
		}
		if err != nil {
			fmt.Fprintf(stderr, "docprov scan: %v\n", err)
			return 1
		}
		sc.Baseline = b
		if _, err := spool.Seek(0, io.SeekStart); err != nil {
			fmt.Fprintf(stderr, "docprov scan: %v\n", err)
			return 1
		}
		// The second pass reads the spool back and runs the checks:
		// on a large corpus it takes a while too, and showed nothing.
		prog = pf.newProgress(stderr, "scan, pass 2 of 2 (comparison)")
		prog.countDocuments(spooledResults)
		dec := json.NewDecoder(bufio.NewReader(spool))
		for i := 0; ; i++ {
			var s spooled
			if err := dec.Decode(&s); err == io.EOF {
				break
			} else if err != nil {
				prog.done()
				fmt.Fprintf(stderr, "docprov scan: reading spool: %v\n", err)
				return 1
			}
			prog.tick(i, s.Record == nil)
			if s.Record != nil {
				sc.Add(s.Record)
			} else {
				sc.AddError(s.Path, errors.New(s.Error))
			}
		}
		prog.done()
	} else {
		prog := pf.newProgress(stderr, "scan")
		prog.countPaths(paths, true)
		err := ex.ExtractInputs(ctx, inputs, *workers, func(r docprov.Result) error {
			prog.tick(r.Index, r.Err != nil)
			if r.Err != nil {
				unreadable++
				// The report's path and message in the printable
				// form its Records' paths have.
				sc.AddError(docprov.EscapePath(r.Path), errors.New(errorText(r.Err)))
			} else {
				sc.Add(r.Record)
			}
			return nil
		})
		prog.done()
		if err != nil {
			fmt.Fprintf(stderr, "docprov scan: %v\n", err)
			return 1
		}
	}

	rep := trimReport(sc.Report(), *top, *minScore)
	if *outPath != "" {
		f, err := os.Create(*outPath)
		if err != nil {
			fmt.Fprintf(stderr, "docprov scan: %v\n", err)
			return 1
		}
		defer f.Close()
		stdout = f
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	switch *format {
	case "csv":
		err = writeScanCSV(out, rep.Stream())
	case "json":
		err = rep.WriteJSON(out)
	case "jsonl":
		err = rep.WriteJSONL(out)
	default:
		err = rep.WriteText(out)
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		fmt.Fprintf(stderr, "docprov scan: %v\n", err)
		return 1
	}
	if unreadable > 0 {
		// As extract does: a script must not take a scan that left
		// files unread for a complete one. The report above names them.
		fmt.Fprintf(stderr, "docprov scan: %s could not be read (listed in the report)\n", countNoun(unreadable, "file", "files"))
		return 1
	}
	return 0
}

// scanFormats and extractFormats are the values --format takes, the
// default first.
var (
	scanFormats    = []string{"text", "json", "jsonl", "csv", "html", "sqlite"}
	extractFormats = []string{"json", "jsonl", "csv", "sqlite"}
)

// unknownFormat is the message for a --format value that is not one of
// want: it names the value and the choices, where the usage alone left the
// user to guess which argument was wrong.
func unknownFormat(got string, want []string) string {
	return fmt.Sprintf("unknown --format %q (want %s)", got, strings.Join(want, ", "))
}

// spooled is one line of the self-baseline spool file.
type spooled struct {
	Record *provenance.Record `json:"record,omitempty"`
	Path   string             `json:"path,omitempty"`
	Error  string             `json:"error,omitempty"`
}

// loadOrBuildBaseline reads a baseline file, or builds one from a folder of
// genuine documents. Like baseline build, it names each file of the folder
// it could not read and counts them: a baseline quietly smaller than the
// folder would make every comparison weaker without a word.
func loadOrBuildBaseline(ctx context.Context, ex *docprov.Extractor, arg string, workers int, pf progressFlag, stderr io.Writer) (*provenance.Baseline, error) {
	st, err := os.Stat(arg)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return readBaseline(arg)
	}
	b := provenance.NewBaseline()
	prog := pf.newProgress(stderr, "baseline")
	prog.countPaths([]string{arg}, true)
	failed, err := addToBaseline(ctx, ex, []string{arg}, workers, b, prog, stderr, "docprov scan: baseline: ")
	prog.done()
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(stderr, "docprov scan: baseline: %s summarised from %s (%s%d unreadable, left out)\n", countNoun(b.Docs, "document", "documents"), arg, copiesNote(b), failed)
	return b, nil
}

// noBaselineNote tells a user who gave neither --baseline nor --self what
// the scan leaves out: without it the report only said "baseline of 0",
// and the checks that find most forgeries were skipped without a word.
func noBaselineNote(checks []*provenance.Check) string {
	var skipped []string
	for _, c := range checks {
		if c.NeedsBaseline {
			skipped = append(skipped, c.Name)
		}
	}
	return fmt.Sprintf("docprov scan: no baseline, so %s that compare with genuine documents are skipped (%s),\n"+
		"  and the other checks are weighed by their priors alone. Give --baseline DIR (a folder of known-genuine\n"+
		"  documents, or a file from 'docprov baseline build') or --self (the questioned corpus as its own baseline).\n",
		countNoun(len(skipped), "check", "checks"), strings.Join(skipped, ", "))
}

// copiesNote says how many files a baseline counted once as identical
// copies of another (the same SHA-256 under several paths).
func copiesNote(b *provenance.Baseline) string {
	if b.Copies == 0 {
		return ""
	}
	return countNoun(b.Copies, "identical copy", "identical copies") + " counted once, "
}

// scanHTML is "docprov scan --format html": the scan goes into a
// temporary case database, and the page is the case view of it, the one
// 'docprov report --format html' writes. The view shows each document's
// Record (raw fields, software, identifiers, parent message), which the
// in-memory report does not keep; the case holds them on disk, so the
// scan's memory stays what scan -o case.db needs, and there is one HTML
// renderer.
func scanHTML(ctx context.Context, ex *docprov.Extractor, xf extractorFlags, sc *provenance.Scanner, baselineArg string, paths []string, workers int, outPath string, top int, minScore float64, pf progressFlag, stdout, stderr io.Writer) int {
	dir, err := os.MkdirTemp("", "docprov-scan-html-*")
	if err != nil {
		fmt.Fprintf(stderr, "docprov scan: %v\n", err)
		return 1
	}
	defer os.RemoveAll(dir)
	dbPath := filepath.Join(dir, "case.db")
	code, scanned := scanIntoCase(ctx, ex, xf, sc, baselineArg, paths, workers, dbPath, "the page's temporary case", pf, stderr)
	if !scanned {
		return code
	}
	db, err := casedb.OpenReadOnly(ctx, dbPath)
	if err != nil {
		fmt.Fprintf(stderr, "docprov scan: %v\n", err)
		return 1
	}
	defer db.Close()
	if outPath != "" {
		f, err := os.Create(outPath)
		if err != nil {
			fmt.Fprintf(stderr, "docprov scan: %v\n", err)
			return 1
		}
		defer f.Close()
		stdout = f
	}
	bw := bufio.NewWriter(stdout)
	title := "scan of " + strings.Join(paths, ", ")
	err = writeCaseHTML(ctx, bw, db, title, top, minScore, stderr, "scan")
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		fmt.Fprintf(stderr, "docprov scan: %v\n", err)
		return 1
	}
	return code
}
