package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
	"github.com/docprov/docprov/provenance/casedb"
)

// isCasePath reports whether an output file's name asks for a case
// database: -o case.db writes SQLite, as -o report.html writes a page.
func isCasePath(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".db", ".sqlite", ".sqlite3":
		return true
	}
	return false
}

// wantsCase reports whether a command writes a case database: --format
// sqlite, or -o naming a .db/.sqlite file while --format keeps its
// default (an explicit --format json -o x.db writes JSON, as asked).
func wantsCase(format, defaultFormat, out string) bool {
	return format == "sqlite" || format == defaultFormat && isCasePath(out)
}

// extractionSettings names the flags that change what a file's Record
// holds: a case read under other settings is read again.
func (x extractorFlags) extractionSettings() string {
	s := fmt.Sprintf("compare-thumbnails=%t; dkim-keys=%s", *x.thumbs, *x.dkimKeys)
	if *x.c2paTrust != "" {
		// Only when set, so that cases read before the flag existed
		// are not read again.
		s += "; c2pa-trust=" + *x.c2paTrust
	}
	return s
}

// caseVersion is docprov's version as its build recorded it, for the
// case's params table: the module version, else the VCS revision.
func caseVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			v += " " + s.Value
		}
	}
	return v
}

// openCase opens (or creates) the case at path and begins a run.
func openCase(ctx context.Context, path string, p casedb.RunParams, stderr io.Writer) (*casedb.DB, *casedb.Run, bool) {
	db, err := casedb.Open(ctx, path)
	if err != nil {
		fmt.Fprintf(stderr, "docprov %s: %v\n", p.Command, err)
		return nil, nil, false
	}
	run, err := db.Begin(ctx, p)
	if err != nil {
		db.Close()
		fmt.Fprintf(stderr, "docprov %s: %v\n", p.Command, err)
		return nil, nil, false
	}
	return db, run, true
}

// extractIntoCase runs the extraction half of a case run, with progress,
// and says what it did.
func extractIntoCase(ctx context.Context, run *casedb.Run, command, dbPath string, fx docprov.FileExtractor, inputs iter.Seq[docprov.Input], workers int, prog *progress, stderr io.Writer) (casedb.ExtractStats, bool) {
	stats, err := run.Extract(ctx, fx, inputs, casedb.ExtractOptions{
		Workers:  workers,
		Progress: func(r docprov.Result, _ bool) { prog.tick(r.Index, r.Err != nil) },
	})
	prog.done()
	if err != nil {
		if endErr := run.End(ctx, err); endErr != nil {
			fmt.Fprintf(stderr, "docprov %s: %v\n", command, endErr)
		}
		fmt.Fprintf(stderr, "docprov %s: %v\n", command, err)
		fmt.Fprintf(stderr, "docprov %s: %s keeps the %s read before the interruption; the same command again reads only the rest\n",
			command, dbPath, plural(stats.Extracted+stats.Unchanged, "file"))
		return stats, false
	}
	if stats.Reset {
		fmt.Fprintf(stderr, "docprov %s: %s was read by another docprov or with other extraction flags: every file was read again\n", command, dbPath)
	}
	fmt.Fprintf(stderr, "docprov %s: %s: %s (%d read, %d unchanged since the last run, %d no longer there and removed)\n",
		command, dbPath, plural(stats.Walked, "file"), stats.Extracted, stats.Unchanged, stats.Removed)
	return stats, true
}

// plural is "1 file", "2 files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// caseExtractFlags are the flags of extract that a case run reads.
type caseExtractFlags struct {
	recursive              bool
	workers                int
	stdin, stdin0, isolate bool
}

// extractToCase is "docprov extract --format sqlite -o x.db": Records,
// their fields, software and identifiers, no findings.
func extractToCase(ctx context.Context, xf extractorFlags, paths []string, f caseExtractFlags, stdin io.Reader, dbPath string, pf progressFlag, stderr io.Writer) int {
	switch {
	case dbPath == "":
		fmt.Fprintln(stderr, "docprov extract: --format sqlite needs -o FILE, the case database to write")
		return 2
	case f.isolate:
		// The case writer drives docprov's own extractor; isolated
		// workers would need the pool's lifetime handled here too.
		fmt.Fprintln(stderr, "docprov extract: --isolate does not write a case database yet; use --format jsonl with --isolate")
		return 2
	case f.stdin && f.stdin0:
		fmt.Fprintln(stderr, "docprov extract: --stdin and --stdin0 exclude each other")
		return 2
	case len(paths) == 0 && !f.stdin && !f.stdin0:
		fmt.Fprintln(stderr, "docprov extract: no PATH to read")
		return 2
	case f.workers < 1:
		fmt.Fprintln(stderr, "docprov extract: -j must be at least 1")
		return 2
	}
	ex, err := xf.extractor()
	if err != nil {
		fmt.Fprintf(stderr, "docprov extract: %v\n", err)
		return 2
	}
	db, run, ok := openCase(ctx, dbPath, casedb.RunParams{Command: "extract", Version: caseVersion(), Extraction: xf.extractionSettings(), Roots: paths}, stderr)
	if !ok {
		return 1
	}
	defer db.Close()
	inputs := docprov.Walk(slices.Values(paths), f.recursive)
	stdinErr := func() error { return nil }
	if f.stdin || f.stdin0 {
		sep := byte('\n')
		if f.stdin0 {
			sep = 0
		}
		var more iter.Seq[string]
		more, stdinErr = readPaths(stdin, sep)
		inputs = concat(inputs, docprov.Walk(more, f.recursive))
	}
	prog := pf.newProgress(stderr, "extract")
	if !f.stdin && !f.stdin0 {
		prog.countPaths(paths, f.recursive)
	}
	stats, ok := extractIntoCase(ctx, run, "extract", dbPath, ex, inputs, f.workers, prog, stderr)
	if !ok {
		return 1
	}
	if err := stdinErr(); err != nil {
		// The list was cut short: the run must not pass for complete
		// (and the files after the error were dropped from the case as
		// not given).
		run.End(ctx, err)
		fmt.Fprintf(stderr, "docprov extract: reading paths from standard input: %v (paths after it were not read)\n", err)
		return 1
	}
	if err := run.End(ctx, nil); err != nil {
		fmt.Fprintf(stderr, "docprov extract: %v\n", err)
		return 1
	}
	if stats.Unreadable > 0 {
		fmt.Fprintf(stderr, "docprov extract: %s could not be read (recorded in %s with their errors)\n", plural(stats.Unreadable, "file"), dbPath)
		return 1
	}
	return 0
}

// scanToCase is "docprov scan -o case.db": the whole case, Records,
// findings, groups, the baseline summary and the run's parameters. sc has
// its baseline unless self is set, in which case the baseline is the
// case's own documents, summarised from the database (no second reading
// of the files).
func scanToCase(ctx context.Context, ex *docprov.Extractor, xf extractorFlags, sc *provenance.Scanner, baselineArg string, paths []string, workers int, dbPath string, pf progressFlag, stderr io.Writer) int {
	code, _ := scanIntoCase(ctx, ex, xf, sc, baselineArg, paths, workers, dbPath, dbPath, pf, stderr)
	return code
}

// scanIntoCase is scanToCase, naming the case label in its messages (the
// temporary case of scan --format html is no file of the user's); scanned
// reports whether the case holds the scan's results, which it may with
// exit status 1 (files that could not be read).
func scanIntoCase(ctx context.Context, ex *docprov.Extractor, xf extractorFlags, sc *provenance.Scanner, baselineArg string, paths []string, workers int, dbPath, label string, pf progressFlag, stderr io.Writer) (code int, scanned bool) {
	if dbPath == "" {
		fmt.Fprintln(stderr, "docprov scan: --format sqlite needs -o FILE, the case database to write")
		return 2, false
	}
	bl := casedb.BaselineInfo{Kind: "none"}
	switch {
	case sc.LeaveOut:
		bl.Kind = "self"
	case baselineArg != "":
		bl.Kind, bl.Source = "file", baselineArg
		if st, err := os.Stat(baselineArg); err == nil && st.IsDir() {
			bl.Kind = "folder"
		}
	}
	db, run, ok := openCase(ctx, dbPath, casedb.RunParams{
		Command: "scan", Version: caseVersion(), Extraction: xf.extractionSettings(), Roots: paths,
		AsOf: sc.AsOf, Self: sc.LeaveOut, Baseline: baselineArg,
	}, stderr)
	if !ok {
		return 1, false
	}
	defer db.Close()
	prog := pf.newProgress(stderr, "scan")
	prog.countPaths(paths, true)
	stats, ok := extractIntoCase(ctx, run, "scan", label, ex, docprov.Walk(slices.Values(paths), true), workers, prog, stderr)
	if !ok {
		return 1, false
	}
	fail := func(err error) (int, bool) {
		run.End(ctx, err)
		fmt.Fprintf(stderr, "docprov scan: %v\n", err)
		return 1, false
	}
	// The checks stream into the case (casedb.Run.Scan): what stays alive
	// is the documents' summaries and the baseline, a few kB a document,
	// so tuneGC's target of five times the live heap would grow the
	// process with the corpus for nothing. A soft limit keeps it near
	// scanMemoryLimit, collecting more often instead, unless GOMEMLIMIT
	// says otherwise.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(scanMemoryLimit)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(scanGCPercent)
	}
	if sc.LeaveOut {
		b, err := db.SelfBaseline(ctx)
		if err != nil {
			return fail(err)
		}
		sc.Baseline = b
	}
	// Scan streams the findings into the case: the report is rendered
	// from it (docprov report), never held whole in memory.
	st, err := run.Scan(ctx, sc, bl)
	if err != nil {
		return fail(err)
	}
	if err := run.End(ctx, nil); err != nil {
		fmt.Fprintf(stderr, "docprov scan: %v\n", err)
		return 1, false
	}
	if label == dbPath {
		fmt.Fprintf(stderr, "docprov scan: %s: %s with findings of %d, %s; 'docprov report %s' prints the report\n",
			dbPath, plural(st.Ranked, "document"), st.Paths, plural(st.Groups, "group"), dbPath)
	}
	if stats.Unreadable > 0 {
		fmt.Fprintf(stderr, "docprov scan: %s could not be read (in the report with their errors)\n", plural(stats.Unreadable, "file"))
		return 1, true
	}
	return 0, true
}

// scanMemoryLimit is the Go heap's soft limit for the checks of scan -o
// case.db: with SQLite's own memory (a few tens of MiB) it keeps the
// process under 250 MB while the live heap is well below it.
const scanMemoryLimit = 160 << 20

// scanGCPercent is GOGC for the checks of scan -o case.db: what they keep
// alive grows with the corpus (the summaries, the baseline), and what
// they allocate is garbage within a document, so a heap of twice the live
// data, not tuneGC's five times, keeps the process from growing with the
// corpus.
const scanGCPercent = 100

// reportFormats are the formats docprov report writes.
var reportFormats = []string{"text", "json", "jsonl", "csv", "html"}

// runReport is "docprov report CASE.db": the report of the case's last
// scan, rendered from the database without reading any document.
func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newCommandFlags(reportCommand, stderr)
	format := fl.String("format", "text", "output: "+strings.Join(reportFormats, ", "))
	top := fl.Int("top", 0, "report only the `N` highest-ranked documents (0: all)")
	minScore := fl.Float64("min-score", 0, "report only documents scoring at least `S` (files that could not be read are always reported)")
	outPath := fl.String("o", "", "write the report to `FILE` instead of standard output")
	args, code, ok := parseCommandLine(reportCommand, fl, args, stdout, stderr)
	if !ok {
		return code
	}
	if !slices.Contains(reportFormats, *format) {
		fmt.Fprintf(stderr, "docprov report: %s\n", unknownFormat(*format, reportFormats))
		return 2
	}
	if len(args) != 1 || *top < 0 {
		fmt.Fprintf(stderr, "docprov report: want one CASE.db and --top at least 0\n%s", reportCommand.shortUsage())
		return 2
	}
	db, err := casedb.OpenReadOnly(ctx, args[0])
	if err != nil {
		fmt.Fprintf(stderr, "docprov report: %v\n", err)
		return 1
	}
	defer db.Close()
	if *format == "html" {
		return reportHTML(ctx, db, args[0], *outPath, *top, *minScore, stdout, stderr)
	}
	// Every format but html streams from the case, a document at a time.
	stream, done, err := db.ReportStream(ctx, casedb.ReportFilter{Top: *top, MinScore: *minScore})
	if err != nil {
		fmt.Fprintf(stderr, "docprov report: %v\n", err)
		return 1
	}
	defer done()
	if *outPath != "" {
		f, err := os.Create(*outPath)
		if err != nil {
			fmt.Fprintf(stderr, "docprov report: %v\n", err)
			return 1
		}
		defer f.Close()
		stdout = f
	}
	if err := writeStream(stdout, stream, *format); err != nil {
		fmt.Fprintf(stderr, "docprov report: %v\n", err)
		return 1
	}
	return 0
}

// writeStream writes a streamed report in one of reportFormats but html,
// buffered.
func writeStream(w io.Writer, s *provenance.ReportStream, format string) error {
	bw := bufio.NewWriter(w)
	var err error
	switch format {
	case "csv":
		err = writeScanCSV(bw, s)
	case "json":
		err = s.WriteJSON(bw)
	case "jsonl":
		err = s.WriteJSONL(bw)
	default:
		err = s.WriteText(bw)
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}

// reportHTML is "docprov report --format html": the self-contained case
// view (provenance/caseview), rendered from the case.
func reportHTML(ctx context.Context, db *casedb.DB, dbPath, outPath string, top int, minScore float64, stdout, stderr io.Writer) int {
	if outPath != "" {
		f, err := os.Create(outPath)
		if err != nil {
			fmt.Fprintf(stderr, "docprov report: %v\n", err)
			return 1
		}
		defer f.Close()
		stdout = f
	}
	bw := bufio.NewWriter(stdout)
	err := writeCaseHTML(ctx, bw, db, filepath.Base(dbPath), top, minScore, stderr, "report")
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		fmt.Fprintf(stderr, "docprov report: %v\n", err)
		return 1
	}
	return 0
}
