package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/docprov/docprov"
)

var pdfRevisionsCommand = command{
	name:     "pdf-revisions",
	synopsis: "[-o DIR] FILE.pdf",
	summary:  "list each save of a PDF that incremental updates extended, and restore the earlier ones",
	details: `A PDF saved with incremental updates still holds every earlier save: the bytes up to each
%%EOF are the file as that save left it (what pdfresurrect restores). pdf-revisions prints
each save: its byte range and SHA-256, the producer and dates its Info claims, the Info and
XMP entries that changed since the save before, and what the update wrote (page content,
fonts, images, annotations, form fields, signatures, metadata). With -o DIR it writes each
earlier save as its own PDF, DIR/NAME.rev<i>.pdf, byte for byte the file's prefix.

Exit status: 0 when the file was read, 1 when it could not be (or DIR not written), 2 on bad
usage.`,
	examples: []string{
		"docprov pdf-revisions contract.pdf",
		"docprov pdf-revisions -o restored/ contract.pdf",
	},
}

func runPDFRevisions(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newCommandFlags(pdfRevisionsCommand, stderr)
	dir := fl.String("o", "", "write each earlier save as its own PDF into `DIR`")
	args, code, ok := parseCommandLine(pdfRevisionsCommand, fl, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(args) != 1 {
		fmt.Fprintf(stderr, "docprov pdf-revisions: want one FILE.pdf\n%s", pdfRevisionsCommand.shortUsage())
		return 2
	}
	path := args[0]
	rec, err := docprov.ExtractFile(ctx, path)
	if err != nil {
		fmt.Fprintf(stderr, "docprov pdf-revisions: %v\n", err)
		return 1
	}
	if rec.Format != "pdf" {
		fmt.Fprintf(stderr, "docprov pdf-revisions: %s: a %s file, not a PDF\n", path, rec.Format)
		return 1
	}
	saves := savesOf(rec.Fields)
	if len(saves) == 0 {
		fmt.Fprintf(stdout, "%s: one save, no incremental update (pdf.revisions %s): nothing to restore\n", path, rec.Fields["pdf.revisions"])
		return 0
	}
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "docprov pdf-revisions: %v\n", err)
		return 1
	}
	if *dir != "" {
		if err := os.MkdirAll(*dir, 0o755); err != nil {
			fmt.Fprintf(stderr, "docprov pdf-revisions: %v\n", err)
			return 1
		}
	}
	fmt.Fprintf(stdout, "%s: %d saves\n", path, len(saves))
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	start := int64(0)
	for n, s := range saves {
		if s.end > int64(len(data)) || s.end <= start {
			fmt.Fprintf(stderr, "docprov pdf-revisions: %s: save %d ends at byte %d, outside the file\n", path, s.index, s.end)
			return 1
		}
		sum := sha256.Sum256(data[:s.end])
		fmt.Fprintf(stdout, "\nsave %d: bytes 0–%d (this save wrote %d–%d), sha256 %s\n", s.index, s.end, start, s.end, hex.EncodeToString(sum[:]))
		f := rec.Fields
		p := fmt.Sprintf("pdf.revision[%d].", s.index)
		for _, k := range []string{"info.Producer", "info.Creator", "info.CreationDate", "info.ModDate"} {
			if v := f[p+k]; v != "" {
				fmt.Fprintf(stdout, "  %-18s %s\n", strings.TrimPrefix(k, "info.")+":", v)
			}
		}
		if w := f[p+"written"]; w != "" {
			fmt.Fprintf(stdout, "  update wrote:      %s (%s objects; page content streams: %s)\n", w, f[p+"objects_written"], f[p+"page_contents_written"])
		}
		if n > 0 {
			for _, line := range changedSince(f, saves[n-1].index, s.index) {
				fmt.Fprintf(stdout, "  changed:           %s\n", line)
			}
		}
		if *dir != "" && n < len(saves)-1 {
			out := filepath.Join(*dir, fmt.Sprintf("%s.rev%d.pdf", base, s.index))
			if err := os.WriteFile(out, data[:s.end], 0o644); err != nil {
				fmt.Fprintf(stderr, "docprov pdf-revisions: %v\n", err)
				return 1
			}
			fmt.Fprintf(stdout, "  restored to:       %s\n", out)
		}
		start = s.end
	}
	var from []string
	for _, k := range []string{"Author", "Title", "Producer", "Creator", "CreationDate", "ModDate"} {
		if v := rec.Fields["pdf.claim_save."+k]; v != "" {
			from = append(from, k+" save "+v)
		}
	}
	if len(from) > 0 {
		fmt.Fprintf(stdout, "\nthe claims the file ends with come from: %s\n", strings.Join(from, ", "))
	}
	return 0
}

// save is one restored save of a PDF, as the Record lists it
// (pdf.revision[i].end).
type save struct {
	index int
	end   int64
}

func savesOf(f map[string]string) []save {
	var out []save
	for i := 0; ; i++ {
		v, ok := f[fmt.Sprintf("pdf.revision[%d].end", i)]
		if !ok {
			break
		}
		if end, err := strconv.ParseInt(v, 10, 64); err == nil {
			out = append(out, save{i, end})
		}
	}
	return out
}

// changedSince lists the Info and XMP entries and trailer IDs that differ
// between two saves ("Author: Bob Example → Mallory").
func changedSince(f map[string]string, before, after int) []string {
	pb, pa := fmt.Sprintf("pdf.revision[%d].", before), fmt.Sprintf("pdf.revision[%d].", after)
	keys := map[string]bool{}
	for k := range f {
		for _, p := range []string{pb, pa} {
			if rest, ok := strings.CutPrefix(k, p); ok && (strings.HasPrefix(rest, "info.") || strings.HasPrefix(rest, "xmp.") || strings.HasPrefix(rest, "ID[")) {
				keys[rest] = true
			}
		}
	}
	var out []string
	for k := range keys {
		if a, b := f[pb+k], f[pa+k]; a != b {
			out = append(out, fmt.Sprintf("%s: %s → %s", strings.TrimPrefix(k, "info."), orNone(a), orNone(b)))
		}
	}
	sort.Strings(out)
	return out
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
