package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
)

// errorRecord is what extract prints for a file it could not read. Path
// and PathBytes are as in a Record (see printablePath).
type errorRecord struct {
	Schema    int    `json:"schema"`
	Path      string `json:"path"`
	PathBytes []byte `json:"path_bytes,omitempty"`
	Error     string `json:"error"`
}

// printablePath returns p as a Record shows it: the printable form, and the
// exact bytes when they differ (p is not UTF-8, and JSON would turn its
// bytes into U+FFFD).
func printablePath(p string) (path string, raw []byte) {
	path = docprov.EscapePath(p)
	if path != p {
		raw = []byte(p)
	}
	return path, raw
}

// errorText is err's message in printable form: it names the file, whose
// name may not be UTF-8, and reads as the Record's path does.
func errorText(err error) string {
	return docprov.EscapePath(err.Error())
}

func runExtract(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fl := newCommandFlags(extractCommand, stderr)
	recursive := fl.Bool("r", false, "walk directories recursively")
	jsonl := fl.Bool("jsonl", false, "write JSON Lines (one Record per line) instead of a JSON array (--format jsonl)")
	format := fl.String("format", "json", "output: json (an array of Records), jsonl (one per line), csv (one row per Record, columns above) or sqlite (a case database, with -o FILE; also when -o ends in .db or .sqlite)")
	outPath := fl.String("o", "", "write the output to `FILE` instead of standard output")
	workers := fl.Int("j", runtime.NumCPU(), "number of files read in parallel")
	fromStdin := fl.Bool("stdin", false, "also read file paths from standard input, one per line")
	fromStdin0 := fl.Bool("stdin0", false, "also read file paths from standard input, separated by NUL bytes (find -print0): any name, taken exactly")
	xf := addExtractorFlags(fl, false)
	isolate := fl.Bool("isolate", false, "extract in worker processes, so that a fatal crash or a memory blow-up costs one file (slower)")
	maxMem := fl.Int64("max-mem", 1024, "with --isolate: memory budget per worker process in MiB (0: none)")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of the run to `FILE` (for go tool pprof)")
	pf := addProgressFlag(fl)
	paths, code, ok := parseCommandLine(extractCommand, fl, args, stdout, stderr)
	if !ok {
		return code
	}
	if *jsonl {
		*format = "jsonl"
	}
	if !slices.Contains(extractFormats, *format) {
		fmt.Fprintf(stderr, "docprov extract: %s\n", unknownFormat(*format, extractFormats))
		return 2
	}
	if err := pf.check(); err != nil {
		fmt.Fprintf(stderr, "docprov extract: %v\n", err)
		return 2
	}
	if wantsCase(*format, "json", *outPath) {
		return extractToCase(ctx, xf, paths, caseExtractFlags{*recursive, *workers, *fromStdin, *fromStdin0, *isolate}, stdin, *outPath, pf, stderr)
	}
	csvOut := *format == "csv"
	*jsonl = *format == "jsonl" || csvOut // no array brackets around CSV rows
	if *outPath != "" {
		f, err := os.Create(*outPath)
		if err != nil {
			fmt.Fprintf(stderr, "docprov extract: %v\n", err)
			return 2
		}
		defer f.Close()
		stdout = f
	}
	if *fromStdin && *fromStdin0 {
		fmt.Fprintln(stderr, "docprov extract: --stdin and --stdin0 exclude each other")
		return 2
	}
	if len(paths) == 0 && !*fromStdin && !*fromStdin0 {
		fmt.Fprintf(stderr, "docprov extract: no PATH to read (give paths, or --stdin or --stdin0)\n%s", extractCommand.shortUsage())
		return 2
	}
	if *workers < 1 {
		fmt.Fprintln(stderr, "docprov extract: -j must be at least 1")
		return 2
	}
	tuneStreamingGC(*workers)

	if *cpuProfile != "" {
		stopProfile, err := startCPUProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "docprov extract: %v\n", err)
			return 2
		}
		defer stopProfile()
	}

	out := newTimedWriter(stdout, time.Second)
	defer out.Close()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)

	failed := 0
	first := true
	if !*jsonl {
		out.WriteString("[")
	}
	var cw *csv.Writer
	if csvOut {
		cw = csv.NewWriter(out)
		if err := cw.Write(extractCSVHeader); err != nil {
			fmt.Fprintf(stderr, "docprov extract: %v\n", err)
			return 1
		}
	}
	emit := func(v any) error {
		if cw != nil {
			var row []string
			switch v := v.(type) {
			case *provenance.Record:
				row = extractCSVRow(v)
			case errorRecord:
				row = extractCSVError(v)
			}
			if err := cw.Write(row); err != nil {
				return err
			}
			cw.Flush()
			return cw.Error()
		}
		if !*jsonl {
			if first {
				out.WriteString("\n")
			} else {
				out.WriteString(",\n")
			}
		}
		first = false
		return enc.Encode(v)
	}

	inputs := docprov.Walk(slices.Values(paths), *recursive)
	stdinErr := func() error { return nil }
	if *fromStdin || *fromStdin0 {
		sep := byte('\n')
		if *fromStdin0 {
			sep = 0
		}
		var more iter.Seq[string]
		more, stdinErr = readPaths(stdin, sep)
		inputs = concat(inputs, docprov.Walk(more, *recursive))
	}
	ex, err := xf.extractor()
	if err != nil {
		fmt.Fprintf(stderr, "docprov extract: %v\n", err)
		return 2
	}
	var fx docprov.FileExtractor = ex
	if *isolate {
		pool, err := newIsolatedPool(*xf.timeout, *maxMem<<20, xf.workerArgs())
		if err != nil {
			fmt.Fprintf(stderr, "docprov extract: %v\n", err)
			return 1
		}
		defer pool.Close()
		fx = pool
	}
	prog := pf.newProgress(stderr, "extract")
	if !*fromStdin && !*fromStdin0 {
		// Paths still to come on standard input cannot be counted.
		prog.countPaths(paths, *recursive)
	}
	err = docprov.RunBatch(ctx, fx, inputs, *workers, func(r docprov.Result) error {
		prog.tick(r.Index, r.Err != nil)
		if r.Err != nil {
			failed++
			path, raw := printablePath(r.Path)
			return emit(errorRecord{Schema: provenance.SchemaVersion, Path: path, PathBytes: raw, Error: errorText(r.Err)})
		}
		return emit(r.Record)
	})
	prog.done()
	if !*jsonl {
		out.WriteString("\n]\n")
	}
	if err != nil {
		out.Flush()
		fmt.Fprintf(stderr, "docprov extract: %v\n", err)
		return 1
	}
	if err := stdinErr(); err != nil {
		// The list of paths is cut short: every path after the
		// error is missing from the output, which must not pass for
		// complete.
		out.Flush()
		fmt.Fprintf(stderr, "docprov extract: reading paths from standard input: %v (paths after it were not read)\n", err)
		if failed > 0 {
			fmt.Fprintf(stderr, "docprov extract: %s could not be read\n", countNoun(failed, "file", "files"))
		}
		return 1
	}
	if failed > 0 {
		out.Flush()
		fmt.Fprintf(stderr, "docprov extract: %s could not be read\n", countNoun(failed, "file", "files"))
		return 1
	}
	return 0
}

// parseInterleaved parses flags that may come before, between or after the
// paths, as users of exiftool and find expect. "--" ends the flags: every
// argument after it is a path, even one that starts with "-".
//
// The arguments are split here rather than by calling fl.Parse once per
// path: Parse swallows a "--" without saying so, and the loop then read
// the path after it as a path and the ones after that as flags again.
func parseInterleaved(fl *flag.FlagSet, args []string) ([]string, error) {
	var flagArgs, paths []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			paths = append(paths, args[i+1:]...)
			i = len(args)
		case len(a) < 2 || a[0] != '-':
			paths = append(paths, a) // "-" too: a name, not a flag
		default:
			flagArgs = append(flagArgs, a)
			if takesSeparateValue(fl, a) && i+1 < len(args) {
				i++
				flagArgs = append(flagArgs, args[i])
			}
		}
	}
	if err := fl.Parse(flagArgs); err != nil {
		return nil, err
	}
	return paths, nil
}

// takesSeparateValue reports whether the flag argument a ("-o", "--format")
// takes the next argument as its value: a flag that is defined, is not
// boolean and has no "=value" of its own. An unknown flag takes nothing, so
// that fl.Parse names it.
func takesSeparateValue(fl *flag.FlagSet, a string) bool {
	name := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
	if strings.Contains(name, "=") {
		return false
	}
	f := fl.Lookup(name)
	if f == nil {
		return false
	}
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return false
	}
	return true
}

// readPaths yields the paths in r separated by sep: '\n' for --stdin, each
// line trimmed of surrounding white space and blank lines skipped, or NUL
// for --stdin0, each name taken exactly (a file name may hold any byte but
// NUL, white space and line breaks included) and empty ones skipped. Lines
// may be of any length: bufio.Scanner stopped at its buffer's limit, and
// every path after a long line was dropped without a word. A read error
// ends the sequence; err returns it afterwards, so that the caller reports
// it instead of taking a list cut short for the whole.
func readPaths(r io.Reader, sep byte) (paths iter.Seq[string], err func() error) {
	var mu sync.Mutex // the batch reads paths in a goroutine of its own
	var readErr error
	paths = func(yield func(string) bool) {
		br := bufio.NewReaderSize(r, 64<<10)
		for {
			s, err := br.ReadString(sep)
			s = strings.TrimSuffix(s, string(sep))
			if sep == '\n' {
				s = strings.TrimSpace(s)
			}
			if s != "" && !yield(s) {
				return
			}
			if err != nil {
				if err != io.EOF {
					mu.Lock()
					readErr = err
					mu.Unlock()
				}
				return
			}
		}
	}
	return paths, func() error {
		mu.Lock()
		defer mu.Unlock()
		return readErr
	}
}

func concat[T any](seqs ...iter.Seq[T]) iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, s := range seqs {
			for v := range s {
				if !yield(v) {
					return
				}
			}
		}
	}
}

// startCPUProfile starts profiling into path and returns the function that
// stops it and closes the file.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// timedWriter buffers like bufio.Writer and is also flushed every interval
// by a goroutine of its own: the Records already made reach the output
// while a later file is still being read, so a file that stalls the batch
// (or a kill that leaves no time to flush) cannot take them with it.
type timedWriter struct {
	mu   sync.Mutex
	bw   *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

func newTimedWriter(w io.Writer, every time.Duration) *timedWriter {
	t := &timedWriter{bw: bufio.NewWriter(w), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(t.done)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				// An error sticks in the bufio.Writer and comes back
				// from the next Write, which stops the batch.
				_ = t.Flush()
			case <-t.stop:
				return
			}
		}
	}()
	return t
}

func (t *timedWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.bw.Write(p)
}

func (t *timedWriter) WriteString(s string) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.bw.WriteString(s)
}

func (t *timedWriter) Flush() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.bw.Buffered() == 0 {
		return nil
	}
	return t.bw.Flush()
}

// Close stops the timer and flushes what is left.
func (t *timedWriter) Close() error {
	close(t.stop)
	<-t.done
	return t.Flush()
}
