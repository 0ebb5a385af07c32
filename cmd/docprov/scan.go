package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
)

// runBaseline handles "docprov baseline build|merge".
func runBaseline(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: docprov baseline build -o FILE PATH... | docprov baseline merge -o FILE A.json B.json...")
		return 2
	}
	switch args[0] {
	case "build":
		fl := flag.NewFlagSet("baseline build", flag.ContinueOnError)
		fl.SetOutput(stderr)
		out := fl.String("o", "", "write the baseline to this file (required)")
		workers := fl.Int("j", runtime.NumCPU(), "files read in parallel")
		xf := addExtractorFlags(fl, true)
		paths, err := parseInterleaved(fl, args[1:])
		if err != nil || *out == "" || len(paths) == 0 || *workers < 1 {
			if err == nil {
				fmt.Fprintln(stderr, "usage: docprov baseline build -o FILE PATH...")
			}
			return 2
		}
		ex, err := xf.extractor()
		if err != nil {
			fmt.Fprintf(stderr, "docprov baseline: %v\n", err)
			return 2
		}
		b := provenance.NewBaseline()
		failed := 0
		prog := newProgress(stderr, "baseline")
		err = ex.ExtractInputs(ctx, docprov.Walk(slices.Values(paths), true), *workers, func(r docprov.Result) error {
			prog.tick()
			if r.Err != nil {
				failed++
				fmt.Fprintf(stderr, "docprov baseline: skipped %s\n", errorText(r.Err))
				return nil
			}
			b.Add(r.Record)
			return nil
		})
		prog.done()
		if err != nil {
			fmt.Fprintf(stderr, "docprov baseline: %v\n", err)
			return 1
		}
		if err := writeBaseline(*out, b); err != nil {
			fmt.Fprintf(stderr, "docprov baseline: %v\n", err)
			return 1
		}
		fmt.Fprintf(stderr, "docprov baseline: %d documents summarised into %s (%s%d unreadable, left out)\n", b.Docs, *out, copiesNote(b), failed)
		return 0
	case "merge":
		fl := flag.NewFlagSet("baseline merge", flag.ContinueOnError)
		fl.SetOutput(stderr)
		out := fl.String("o", "", "write the merged baseline to this file (required)")
		files, err := parseInterleaved(fl, args[1:])
		if err != nil || *out == "" || len(files) == 0 {
			if err == nil {
				fmt.Fprintln(stderr, "usage: docprov baseline merge -o FILE A.json B.json...")
			}
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
	fmt.Fprintf(stderr, "docprov baseline: unknown subcommand %q\n", args[0])
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
	fl := flag.NewFlagSet("scan", flag.ContinueOnError)
	fl.SetOutput(stderr)
	baselineArg := fl.String("baseline", "", "a baseline file (from 'docprov baseline build'), or a folder of genuine documents")
	self := fl.Bool("self", false, "use the questioned corpus as its own baseline, leaving each document out of its own comparison")
	asOf := fl.String("as-of", "", "the date the documents became public (YYYY-MM-DD): later claims are impossible")
	format := fl.String("format", "text", "output: text, json, jsonl, csv (one row per document, in rank order), html (one self-contained page with a timeline) or sqlite (the case database, with -o FILE; also when -o ends in .db or .sqlite; 'docprov report' renders it)")
	top := fl.Int("top", 0, "report only the `N` highest-ranked documents (0: all)")
	minScore := fl.Float64("min-score", 0, "report only documents scoring at least `S` (files that could not be read are always reported)")
	outPath := fl.String("o", "", "write the report to `FILE` instead of standard output")
	workers := fl.Int("j", runtime.NumCPU(), "files read in parallel")
	xf := addExtractorFlags(fl, true)
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: docprov scan [--baseline FILE|DIR] [--self] [--as-of DATE] [--format text|json|jsonl|csv|html] [--top N] [--min-score S] [-o FILE] PATH...")
		fl.PrintDefaults()
	}
	paths, err := parseInterleaved(fl, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(paths) == 0 || *workers < 1 || *top < 0 || (*format != "text" && *format != "json" && *format != "jsonl" && *format != "csv" && *format != "html" && *format != "sqlite") {
		fl.Usage()
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
		b, err := loadOrBuildBaseline(ctx, ex, *baselineArg, *workers, stderr)
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

	if wantsCase(*format, "text", *outPath) {
		return scanToCase(ctx, ex, xf, sc, *baselineArg, paths, *workers, *outPath, stderr)
	}
	inputs := docprov.Walk(slices.Values(paths), true)
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
		w := bufio.NewWriter(spool)
		enc := json.NewEncoder(w)
		prog := newProgress(stderr, "scan (baseline pass)")
		err = ex.ExtractInputs(ctx, inputs, *workers, func(r docprov.Result) error {
			prog.tick()
			if r.Err != nil {
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
		dec := json.NewDecoder(bufio.NewReader(spool))
		for {
			var s spooled
			if err := dec.Decode(&s); err == io.EOF {
				break
			} else if err != nil {
				fmt.Fprintf(stderr, "docprov scan: reading spool: %v\n", err)
				return 1
			}
			if s.Record != nil {
				sc.Add(s.Record)
			} else {
				sc.AddError(s.Path, errors.New(s.Error))
			}
		}
	} else {
		prog := newProgress(stderr, "scan")
		err := ex.ExtractInputs(ctx, inputs, *workers, func(r docprov.Result) error {
			prog.tick()
			if r.Err != nil {
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
		err = writeScanCSV(out, rep)
	case "json":
		err = rep.WriteJSON(out)
	case "jsonl":
		err = rep.WriteJSONL(out)
	case "html":
		err = rep.WriteHTML(out)
	default:
		err = rep.WriteText(out)
	}
	if err != nil {
		fmt.Fprintf(stderr, "docprov scan: %v\n", err)
		return 1
	}
	return 0
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
func loadOrBuildBaseline(ctx context.Context, ex *docprov.Extractor, arg string, workers int, stderr io.Writer) (*provenance.Baseline, error) {
	st, err := os.Stat(arg)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return readBaseline(arg)
	}
	b := provenance.NewBaseline()
	failed := 0
	prog := newProgress(stderr, "baseline")
	err = ex.ExtractInputs(ctx, docprov.Walk(slices.Values([]string{arg}), true), workers, func(r docprov.Result) error {
		prog.tick()
		if r.Err != nil {
			failed++
			fmt.Fprintf(stderr, "docprov scan: baseline: skipped %s\n", errorText(r.Err))
			return nil
		}
		b.Add(r.Record)
		return nil
	})
	prog.done()
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(stderr, "docprov scan: baseline: %d documents summarised from %s (%s%d unreadable, left out)\n", b.Docs, arg, copiesNote(b), failed)
	return b, nil
}

// progress prints files/s on stderr when it is a terminal; on a pipe or a
// file it stays silent, so logs are not flooded.
type progress struct {
	w     io.Writer
	label string
	on    bool
	n     int
	start time.Time
	last  time.Time
}

func newProgress(w io.Writer, label string) *progress {
	p := &progress{w: w, label: label, start: time.Now()}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.on = true
		}
	}
	return p
}

func (p *progress) tick() {
	p.n++
	if !p.on {
		return
	}
	if now := time.Now(); now.Sub(p.last) > 200*time.Millisecond {
		p.last = now
		rate := float64(p.n) / now.Sub(p.start).Seconds()
		fmt.Fprintf(p.w, "\r%s: %d files, %.0f files/s ", p.label, p.n, rate)
	}
}

func (p *progress) done() {
	if p.on && p.n > 0 {
		fmt.Fprintf(p.w, "\r%s: %d files in %s\n", p.label, p.n, time.Since(p.start).Round(time.Millisecond))
	}
}

// copiesNote says how many files a baseline counted once as identical
// copies of another (the same SHA-256 under several paths).
func copiesNote(b *provenance.Baseline) string {
	if b.Copies == 0 {
		return ""
	}
	return fmt.Sprintf("%d identical copies counted once, ", b.Copies)
}
