// Command docprov reads document provenance and flags forgeries.
//
// Its commands (extract, baseline build, baseline merge, scan, report,
// serve) are listed
// by "docprov -h", and each explains its flags, output formats, exit
// status and examples under "docprov <command> -h". That text is made from
// the command table in usage.go, the one place it is written; the README's
// command-line section describes the same behaviour for readers of the
// repository.
//
// Every path given, walked or read from standard input gets a Record or an
// error naming it (a FIFO or socket "not a regular file", a dangling link
// "broken symbolic link"); none is left out without a word.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/formats/c2pa"
	"github.com/docprov/docprov/formats/email"
	"github.com/docprov/docprov/formats/image"
	"github.com/docprov/docprov/formats/pdf"
)

// extractorFlags are the flags every command that reads documents shares.
type extractorFlags struct {
	timeout   *time.Duration
	dkimKeys  *string
	thumbs    *bool
	c2paTrust *string
}

// addExtractorFlags adds the shared flags. Thumbnails are compared by
// default where detection is the point (baseline, scan: the comparison
// finds crops, retouching and transplanted EXIF that nothing else shows, and
// a baseline must record what the scan compares) and not where speed is
// (extract), since it costs a full decode per photo.
func addExtractorFlags(fl *flag.FlagSet, compareThumbnails bool) extractorFlags {
	return extractorFlags{
		timeout:   fl.Duration("timeout", defaultTimeout, "time budget per file; a file that exceeds it gets an error (0: none)"),
		dkimKeys:  fl.String("dkim-keys", "", "offline DKIM public keys: JSON {\"sel._domainkey.example.org\": \"v=DKIM1; …\"} or zone-file lines"),
		thumbs:    fl.Bool("compare-thumbnails", compareThumbnails, "decode JPEGs and their EXIF thumbnails and record how alike they look (exif.thumbnail.similarity): finds crops and edits the thumbnail still shows; costs a full decode per photo"),
		c2paTrust: fl.String("c2pa-trust", "", "PEM bundle of trust anchors for C2PA Content Credentials (the C2PA trust list, your CA): a manifest whose signer chains to one is trusted; without it a valid one is \"signer untrusted/unknown\""),
	}
}

// workerArgs are the flags an isolated worker needs to extract as this
// process would.
func (x extractorFlags) workerArgs() []string {
	var args []string
	if *x.dkimKeys != "" {
		args = append(args, "--dkim-keys", *x.dkimKeys)
	}
	args = append(args, "--compare-thumbnails="+strconv.FormatBool(*x.thumbs))
	if *x.c2paTrust != "" {
		args = append(args, "--c2pa-trust", *x.c2paTrust)
	}
	return args
}

// extractor builds the Extractor the flags ask for.
func (x extractorFlags) extractor() (*docprov.Extractor, error) {
	ex := &docprov.Extractor{Timeout: *x.timeout}
	if *x.dkimKeys != "" {
		f, err := docprov.OpenRegular(*x.dkimKeys) // a FIFO would block the open
		if err != nil {
			return nil, err
		}
		defer f.Close()
		keys, err := email.LoadKeys(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", *x.dkimKeys, err)
		}
		ex.Registry = docprov.DefaultRegistry()
		ex.Registry.Replace(email.Format{Keys: keys})
	}
	img := image.Format{CompareThumbnail: *x.thumbs}
	if *x.c2paTrust != "" {
		b, err := readRegular(*x.c2paTrust)
		if err != nil {
			return nil, err
		}
		pool, err := c2pa.ParseTrustPEM(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", *x.c2paTrust, err)
		}
		img.C2PA.Trust = pool
	}
	if img != (image.Format{}) {
		if ex.Registry == nil {
			ex.Registry = docprov.DefaultRegistry()
		}
		ex.Registry.Replace(img)
		if img.C2PA.Trust != nil {
			ex.Registry.Replace(pdf.Format{C2PA: img.C2PA})
		}
	}
	return ex, nil
}

// readRegular reads a small file the user names (a FIFO would block the
// open, so it must be a regular file).
func readRegular(path string) ([]byte, error) {
	f, err := docprov.OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 64<<20))
}

// defaultTimeout is the per-file time budget: far above what any real
// document needs (milliseconds), low enough that a parser stuck on a hostile
// file costs a batch one file, not the night.
const defaultTimeout = 2 * time.Minute

// exitGrace is how long a batch has to stop cleanly after a signal.
const exitGrace = 5 * time.Second

func main() {
	tuneGC()
	// SIGTERM as well as Ctrl-C, since it is what timeout(1) and service
	// managers send: the batch is cancelled and what was already
	// extracted is written out (extract closes its JSON array), not lost
	// in a buffer when the process dies.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, func() {
		// A second signal kills at once, as it normally would.
		stop()
		// Cancellation cannot reach everything: paths read from a
		// standard input that never ends, a read stuck in the kernel.
		// The process must still end after one signal, as it did
		// before signals were caught; extract flushes its output every
		// second, so what it produced is written by then.
		time.AfterFunc(exitGrace, func() {
			fmt.Fprintf(os.Stderr, "docprov: still running %s after the signal; exiting\n", exitGrace)
			os.Exit(1)
		})
	})
	stopProfiles := startEnvProfiles()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stopProfiles()
	os.Exit(code)
}

// run is main without the process: it returns the exit status, which
// keeps the command testable.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage())
		return 2
	}
	switch args[0] {
	case "extract":
		return runExtract(ctx, args[1:], stdin, stdout, stderr)
	case "baseline":
		return runBaseline(ctx, args[1:], stdout, stderr)
	case "scan":
		return runScan(ctx, args[1:], stdout, stderr)
	case "version", "--version", "-version":
		return runVersion(args[1:], stdout, stderr)
	case "report":
		return runReport(ctx, args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "pdf-revisions":
		return runPDFRevisions(ctx, args[1:], stdout, stderr)
	case workerCommand:
		fl := flag.NewFlagSet(workerCommand, flag.ContinueOnError)
		xf := addExtractorFlags(fl, false)
		if fl.Parse(args[1:]) != nil {
			return 2
		}
		ex, err := xf.extractor()
		if err != nil {
			fmt.Fprintf(stderr, "docprov worker: %v\n", err)
			return 2
		}
		return runWorker(ctx, ex, stdin, stdout)
	case "-h", "-help", "--help", "help":
		if len(args) > 1 && args[0] == "help" {
			// "docprov help scan" is "docprov scan -h".
			return run(ctx, append(args[1:], "-h"), stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, mainUsage())
		return 0
	default:
		fmt.Fprintf(stderr, "docprov: unknown command %q\n\n%s", args[0], mainUsage())
		return 2
	}
}

// tuneGC sets a larger GC target than Go's default unless GOGC or
// GOMEMLIMIT say otherwise. A batch keeps little alive (a few Records per
// worker and the output buffer); nearly everything it allocates is
// garbage within one file, so collecting five times less often saves
// 10-20% of CPU for a few tens of MiB. The soft memory limit makes the
// collector work harder again if a hostile file pushes the heap up.
func tuneGC() {
	setGC(400, 768<<20)
}

// tuneStreamingGC is tuneGC for extract, which streams: nothing outlives
// the few files in flight, so the target is higher still and the soft
// limit is set by the number of workers instead (64 MiB and 48 MiB per
// worker). On the 10,000-file mixed corpus with two workers this ran 8%
// faster than tuneGC's setting, at a peak RSS of 170 MiB instead of 140.
func tuneStreamingGC(workers int) {
	setGC(800, int64(64+48*workers)<<20)
}

func setGC(percent int, limit int64) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(percent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(limit)
	}
}
