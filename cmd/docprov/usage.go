package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// A command is one entry of docprov's command table. The top-level usage,
// each command's -h and its short usage on a mistake are all made from
// this table, so that they cannot disagree (they were written out in four
// places that did).
type command struct {
	name     string // as typed: "scan", "baseline build"
	synopsis string // the arguments after the name
	summary  string // one line, for the top-level list
	details  string // what -h adds before the flags: formats, exit status
	examples []string
}

// commands lists every command a user can run, in the order the top-level
// usage shows them. The worker command of --isolate is not one of them.
var commands = []command{extractCommand, baselineBuildCommand, baselineMergeCommand, scanCommand, reportCommand, serveCommand, pdfRevisionsCommand, versionCommand}

var extractCommand = command{
	name:     "extract",
	synopsis: "[-r] [--format json|jsonl|csv|sqlite] [-o FILE] [-j N] [--stdin|--stdin0] [--timeout D] [--isolate [--max-mem MiB]] PATH...",
	summary:  "print the provenance Record of each file",
	details: `Prints one Record per file (schema 1, see provenance/SCHEMA.md) in input order: a JSON
array, JSON Lines (--format jsonl) or CSV (--format csv). Folders are read one level deep,
or walked with -r. A file that cannot be read gets {"schema":1,"path":…,"error":…} and the
batch goes on. "--" ends the flags: every argument after it is a path.

CSV columns (one row per Record; lists joined with "; ", times as the Record writes them):
` + csvColumnList(extractCSVHeader) + `
A file that could not be read has only path, path_bytes and error.

Exit status: 0 when every file was read, 1 when some were not, 2 on bad usage.`,
	examples: []string{
		"docprov extract -r leak/ > records.json",
		"docprov extract -r --format csv -o leak.csv leak/",
		"find leak -name '*.pdf' -print0 | docprov extract --stdin0 --format jsonl",
	},
}

var baselineBuildCommand = command{
	name:     "baseline build",
	synopsis: "-o FILE [-j N] PATH...",
	summary:  "summarise known-genuine documents into a baseline file",
	details: `Reads the folders and files given (folders walked all the way down) and writes what the
genuine documents look like, for 'docprov scan --baseline FILE'. Each file that cannot be
read is named on standard error and counted; identical copies count once.

Exit status: 0 when the baseline was written, 1 when it could not be, 2 on bad usage.`,
	examples: []string{
		"docprov baseline build -o genuine.json archive/2015 archive/2016",
	},
}

var baselineMergeCommand = command{
	name:     "baseline merge",
	synopsis: "-o FILE A.json B.json...",
	summary:  "combine baseline files built separately",
	details:  `Exit status: 0 when the merged baseline was written, 1 when it could not be, 2 on bad usage.`,
	examples: []string{
		"docprov baseline merge -o genuine.json 2015.json 2016.json",
	},
}

var reportCommand = command{
	name:     "report",
	synopsis: "[--format text|json|jsonl|csv|html] [--top N] [--min-score S] [-o FILE] CASE.db",
	summary:  "print the report of a case database (scan -o case.db) without reading the files again",
	details: `Renders the report a 'docprov scan -o CASE.db' stored, in any of scan's formats, from
the database alone: the files need not be there any more. --format html writes the case
view of 'docprov serve' as one self-contained page (the case embedded, no network), for
sharing cases of up to about 5,000 documents.

Exit status: 0 when the report was written, 1 when the case could not be read, 2 on bad usage.`,
	examples: []string{
		"docprov report case.db",
		"docprov report --format html -o case.html case.db",
		"docprov report --top 50 --format csv -o top.csv case.db",
	},
}

var serveCommand = command{
	name:     "serve",
	synopsis: "[--addr HOST:PORT] CASE.db",
	summary:  "open a case database in the browser: ranked list, timeline, facets, families, a page per document",
	details: `Serves the case view of a 'docprov scan -o CASE.db' on a local web server and prints its
URL. It listens on 127.0.0.1 (loopback: only this machine) unless --addr says otherwise, and
warns when it does not; it answers only its own Host names there, so that no web page can
reach the case through DNS rebinding. It only reads the case (opened read-only, every
request a GET), fetches nothing from the network, and works with no connection at all.
'docprov report --format html' writes the same views as one self-contained file.

Exit status: 0 after Ctrl-C, 1 when the case cannot be read or the address taken, 2 on bad
usage.`,
	examples: []string{
		"docprov serve case.db",
		"docprov serve --addr 127.0.0.1:0 case.db   # any free port",
	},
}

var versionCommand = command{
	name:     "version",
	summary:  "print docprov's version, the commit it was built from and the Go version (also --version)",
	examples: []string{"docprov version", "docprov --version"},
}

var scanCommand = command{
	name:     "scan",
	synopsis: "[--baseline FILE|DIR | --self] [--as-of YYYY-MM-DD] [--format text|json|jsonl|csv|html|sqlite] [--top N] [--min-score S] [-o FILE] PATH...",
	summary:  "rank questioned documents by the evidence against them",
	details: `Compares each questioned document with its own claims, with a baseline of genuine
documents (--baseline: a file from 'docprov baseline build' or a folder of genuine
documents; --self: the questioned corpus itself, each document left out of its own
comparison) and with the rest of the corpus, and ranks them by score (a sum of log10
likelihood ratios). Without a baseline the checks that compare with genuine documents are
skipped. Folders are walked all the way down; "--" ends the flags.

CSV columns (--format csv, one row per document in rank order):
` + csvColumnList(scanCSVHeader) + `
top_findings holds the three strongest findings, "check weight: message", joined with " | ".

Exit status: 0 when every file was read, 1 when some were not (the report still lists them)
or the scan failed, 2 on bad usage.`,
	examples: []string{
		"docprov scan --baseline genuine/ --as-of 2017-05-05 leak/",
		"docprov scan --self --top 20 leak/",
		"docprov scan --baseline genuine.json --format csv -o ranked.csv leak/",
		"docprov scan --self --min-score 2 --format html -o report.html leak/",
		"docprov scan --baseline genuine/ -o case.db leak/   # a case database; the same command again reads only new or changed files",
	},
}

// csvColumnList lays out CSV column names for a usage text.
func csvColumnList(cols []string) string {
	return "  " + strings.Join(cols, ", ") + "\n"
}

// mainUsage is the usage of docprov itself: every command, one line each.
func mainUsage() string {
	var b strings.Builder
	b.WriteString("usage: docprov <command> [arguments]\n\ncommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-16s %s\n", c.name, c.summary)
	}
	b.WriteString("\nexamples:\n")
	for _, c := range []command{scanCommand, extractCommand} {
		fmt.Fprintf(&b, "  %s\n", c.examples[0])
	}
	b.WriteString("\nRun 'docprov <command> -h' (or 'docprov help <command>') for a command's flags and examples.\n")
	return b.String()
}

// groupUsage is the usage of a command that only groups others
// ("docprov baseline"): its subcommands, with their synopses and examples.
func groupUsage(group string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "usage:\n")
	for _, c := range commands {
		if strings.HasPrefix(c.name, group+" ") {
			fmt.Fprintf(&b, "  docprov %s %s\n        %s\n", c.name, c.synopsis, c.summary)
		}
	}
	b.WriteString("\nexamples:\n")
	for _, c := range commands {
		if strings.HasPrefix(c.name, group+" ") {
			for _, e := range c.examples {
				fmt.Fprintf(&b, "  %s\n", e)
			}
		}
	}
	fmt.Fprintf(&b, "\nRun 'docprov %s <subcommand> -h' for its flags.\n", group)
	return b.String()
}

// shortUsage is what a mistake prints after saying what was wrong: the
// synopsis and where to read more, not the whole help.
func (c command) shortUsage() string {
	return fmt.Sprintf("usage: docprov %s %s\nRun 'docprov %s -h' for help.\n", c.name, c.synopsis, c.name)
}

// writeHelp writes c's full help, flags of fl included, to w.
func (c command) writeHelp(w io.Writer, fl *flag.FlagSet) {
	fmt.Fprintf(w, "usage: docprov %s %s\n\n%s.\n", c.name, c.synopsis, upperFirst(c.summary))
	if c.details != "" {
		fmt.Fprintf(w, "\n%s\n", c.details)
	}
	if fl != nil {
		fmt.Fprintf(w, "\nflags:\n")
		out := fl.Output()
		fl.SetOutput(w)
		fl.PrintDefaults()
		fl.SetOutput(out)
	}
	if len(c.examples) > 0 {
		fmt.Fprintf(w, "\nexamples:\n")
		for _, e := range c.examples {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// newCommandFlags is the flag set of command c. It prints nothing by
// itself: parseCommandLine decides where help and errors go.
func newCommandFlags(c command, stderr io.Writer) *flag.FlagSet {
	fl := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fl.SetOutput(stderr) // where the flag package writes its own error
	fl.Usage = func() {}
	return fl
}

// parseCommandLine parses c's arguments (parseInterleaved). On -h or
// --help it writes c's help to stdout; on a bad flag, the flag package
// has named it on stderr, and the short usage follows. ok is false when
// the command must stop there, with exit status code: 0 for help, 2 for
// a mistake. Help asked for is the answer, not an error: it exited 2 with
// Go's bare flag list.
func parseCommandLine(c command, fl *flag.FlagSet, args []string, stdout, stderr io.Writer) (paths []string, code int, ok bool) {
	paths, err := parseInterleaved(fl, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		c.writeHelp(stdout, fl)
		return nil, 0, false
	case err != nil:
		fmt.Fprint(stderr, c.shortUsage())
		return nil, 2, false
	}
	return paths, 0, true
}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}
