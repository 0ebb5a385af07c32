// Command docprov reads document provenance and flags forgeries.
//
// Usage:
//
//	docprov extract [-r] [--jsonl] [-j N] PATH...
//
// extract prints one Record per file (schema 1, see the provenance
// package) as a JSON array, or as JSON Lines with --jsonl. Directories are
// read one level deep, or walked with -r. Records come out in input order
// whatever the number of workers. A file that cannot be read gets
// {"schema":1,"path":…,"error":…} and the batch goes on.
//
// Exit status: 0 when every file was read, 1 when some were not, 2 on bad
// usage.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
)

const usage = `usage: docprov <command> [arguments]

commands:
  extract [-r] [--jsonl] [-j N] PATH...   print the provenance Record of each file as JSON

Run 'docprov <command> -h' for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status, which
// keeps the command testable.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "extract":
		return runExtract(ctx, args[1:], stdin, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "docprov: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}
