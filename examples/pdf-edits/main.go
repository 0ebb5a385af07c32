// Command pdf-edits lists the PDFs under the given folders that carry traces
// of editing after they were first written: incremental updates, a trailer
// /ID whose halves differ, an Info author that the XMP packet does not
// confirm, or a signature that no longer covers the whole file (or whose
// byte range no longer fits it); and, for each save of a file with
// updates, who wrote it and what the update changed.
//
//	go run ./examples/pdf-edits testdata/pdf
//
// It shows the library's batch API and how to read a Record's Fields: each
// line names the fields it rests on, because a trace is evidence to weigh,
// not a verdict (signing and form filling also add updates).
package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: pdf-edits FOLDER...")
		os.Exit(2)
	}
	ex := &docprov.Extractor{}
	err := ex.ExtractInputs(context.Background(), docprov.Walk(slices.Values(os.Args[1:]), true), runtime.NumCPU(),
		func(r docprov.Result) error {
			if r.Err != nil || r.Record.Format != "pdf" {
				return nil
			}
			if traces := editTraces(r.Record); len(traces) > 0 {
				fmt.Printf("%s\n  %s\n", r.Path, strings.Join(traces, "\n  "))
			}
			return nil
		})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func editTraces(rec *provenance.Record) []string {
	f := rec.Fields
	var out []string
	if n := f["pdf.revisions"]; n != "" && n != "0" {
		out = append(out, fmt.Sprintf("%s incremental update(s) [pdf.revisions]", n))
	}
	if a, b := f["pdf.trailer.ID[0]"], f["pdf.trailer.ID[1]"]; a != "" && b != "" && a != b {
		out = append(out, "trailer /ID halves differ: saved again after creation [pdf.trailer.ID]")
	}
	if a, x := f["pdf.info.Author"], f["pdf.xmp.dc:creator[0]"]; a != "" && x != "" && a != x {
		out = append(out, fmt.Sprintf("Info author %q, XMP creator %q [pdf.info.Author, pdf.xmp.dc:creator]", a, x))
	}
	for _, k := range f.WithPrefix("pdf.signature[") {
		if strings.HasSuffix(k, ".modified_after_signing") && f[k] == "true" {
			out = append(out, fmt.Sprintf("bytes added after a signature [%s]", k))
		}
		if strings.HasSuffix(k, ".byte_range_fits") && f[k] == "false" {
			out = append(out, fmt.Sprintf("rewritten after signing: the signature's byte range no longer fits [%s]", k))
		}
	}
	// Each save, restored: who wrote it and what each update changed.
	for i := 0; ; i++ {
		p := fmt.Sprintf("pdf.revision[%d].", i)
		if f[p+"end"] == "" {
			break
		}
		line := fmt.Sprintf("save %d (to byte %s): Producer %q, Author %q", i, f[p+"end"], f[p+"info.Producer"], f[p+"info.Author"])
		if w := f[p+"written"]; w != "" {
			line += "; wrote " + w
		}
		out = append(out, line+" ["+p+"*]")
	}
	return out
}
