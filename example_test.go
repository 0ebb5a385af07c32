package docprov_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/docprov/docprov"
)

// Read one file's provenance: the normalized claims, and the raw fields
// they rest on.
func ExampleExtractFile() {
	rec, err := docprov.ExtractFile(context.Background(), "testdata/pdf/exiftool-edited.pdf")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("title:  ", rec.Title)
	fmt.Println("authors:", rec.Authors)
	fmt.Println("created:", rec.Created)
	for _, s := range rec.Software {
		fmt.Printf("%-8s %s %s (from %s)\n", s.Role+":", s.Name, s.Version, s.Source)
	}
	// The Info dictionary was edited; the XMP packet still names the
	// original author, and the file carries one incremental update.
	fmt.Println("xmp dc:creator:", rec.Fields["pdf.xmp.dc:creator[0]"])
	fmt.Println("updates:", rec.Fields["pdf.revisions"])
	// Output:
	// title:   Forged Title
	// authors: [Mallory]
	// created: 2023-01-02T03:04:05+05:30
	// creator: docprov make.sh via pdfmark  (from pdf.info.Creator)
	// producer: GPL Ghostscript 10.00.0 (from pdf.info.Producer)
	// producer: Ghostscript  (from pdf.fingerprint.producer)
	// xmp dc:creator: Bob Example
	// updates: 1
}

// Errors name the file and wrap a sentinel error that says why.
func ExampleExtractFile_errors() {
	_, err := docprov.ExtractFile(context.Background(), "testdata/pdf/not-a-pdf.pdf")
	fmt.Println(errors.Is(err, docprov.ErrUnsupported))
	fmt.Println(err)
	// Output:
	// true
	// testdata/pdf/not-a-pdf.pdf: content not recognised: unsupported format
}

// Extract a whole folder with several workers; results arrive in input
// order and a bad file never stops the batch.
func ExampleExtractor_ExtractInputs() {
	ex := &docprov.Extractor{}
	files := docprov.Walk(slices.Values([]string{"testdata/pdf"}), false)
	err := ex.ExtractInputs(context.Background(), files, 4, func(r docprov.Result) error {
		if r.Err != nil || !strings.HasPrefix(r.Path, "testdata/pdf/signed") {
			return nil
		}
		f := r.Record.Fields
		fmt.Println(r.Path, "modified after signing:", f["pdf.signature[0].modified_after_signing"],
			"range fits:", f["pdf.signature[0].byte_range_fits"])
		return nil
	})
	fmt.Println("batch error:", err)
	// Output:
	// testdata/pdf/signed-rewritten.pdf modified after signing: false range fits: false
	// testdata/pdf/signed-then-modified.pdf modified after signing: true range fits: true
	// testdata/pdf/signed-then-overpainted.pdf modified after signing: true range fits: true
	// testdata/pdf/signed.pdf modified after signing: false range fits: true
	// batch error: <nil>
}
