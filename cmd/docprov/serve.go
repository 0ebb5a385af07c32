package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"path/filepath"

	"github.com/docprov/docprov/provenance/casedb"
	"github.com/docprov/docprov/provenance/caseview"
)

// defaultServeAddr is loopback: a case is a sensitive leak's metadata,
// and nothing on the network should reach it unless asked.
const defaultServeAddr = "127.0.0.1:8017"

// runServe is "docprov serve CASE.db": the case view in a browser, from
// a local server that only reads the case.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newCommandFlags(serveCommand, stderr)
	addr := fl.String("addr", defaultServeAddr, "listen on `HOST:PORT` (port 0: any free port); a non-loopback address exposes the case to the network")
	args, code, ok := parseCommandLine(serveCommand, fl, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(args) != 1 {
		fmt.Fprintf(stderr, "docprov serve: want one CASE.db\n%s", serveCommand.shortUsage())
		return 2
	}
	db, err := casedb.OpenReadOnly(ctx, args[0])
	if err != nil {
		fmt.Fprintf(stderr, "docprov serve: %v\n", err)
		return 1
	}
	defer db.Close()
	store, err := caseview.NewStore(ctx, db)
	if err != nil {
		fmt.Fprintf(stderr, "docprov serve: %s: %v\n", args[0], err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "docprov serve: %v\n", err)
		return 1
	}
	opts := caseview.ServerOptions{Title: filepath.Base(args[0])}
	bound := ln.Addr().String()
	host, port, _ := net.SplitHostPort(bound)
	if caseview.IsLoopback(bound) {
		opts.Hosts = caseview.LoopbackHosts(port)
	} else {
		fmt.Fprintf(stderr, "docprov serve: WARNING: listening on %s, not loopback: anyone who can reach this machine on port %s can read the case\n", bound, port)
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	// The first screen's summary and families take seconds on a case of
	// 100,000 documents: computed while the reader opens the URL.
	go func() {
		if err := store.Warm(ctx); err != nil && ctx.Err() == nil {
			fmt.Fprintf(stderr, "docprov serve: %v\n", err)
		}
	}()
	fmt.Fprintf(stdout, "docprov serve: %s at http://%s/ (read-only; Ctrl-C stops)\n", args[0], net.JoinHostPort(host, port))
	if err := caseview.Serve(ctx, ln, caseview.Handler(store, opts)); err != nil {
		fmt.Fprintf(stderr, "docprov serve: %v\n", err)
		return 1
	}
	return 0
}

// writeCaseHTML writes the self-contained case view of the case at dbPath.
func writeCaseHTML(ctx context.Context, w io.Writer, db *casedb.DB, title string, top int, minScore float64, stderr io.Writer, command string) error {
	store, err := caseview.NewStore(ctx, db)
	if err != nil {
		return err
	}
	b, err := store.Collect(ctx, caseview.HTMLOptions{Top: top, MinScore: minScore})
	if err != nil {
		return err
	}
	if n := len(b.Rows); n > caseview.MaxSelfContained {
		fmt.Fprintf(stderr, "docprov %s: the page holds %d documents, more than the %d it is made for: it may be slow to open; 'docprov serve' pages them from the case\n",
			command, n, caseview.MaxSelfContained)
	}
	return b.WriteHTML(w, title)
}
