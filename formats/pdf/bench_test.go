package pdf_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/pdf"
)

type benchFile struct {
	name string
	data []byte
}

// loadPDFs reads every *.pdf in dir into memory and keeps those Extract
// reads without error, so that a benchmark measures extraction, not the
// disk, and a broken fixture (truncated.pdf, not-a-pdf.pdf) does not turn
// the figure into one of error paths.
func loadPDFs(b *testing.B, dir string) []benchFile {
	b.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if err != nil {
		b.Fatal(err)
	}
	var files []benchFile
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := (pdf.Format{}).Extract(context.Background(), bytes.NewReader(data), int64(len(data))); err != nil {
			b.Logf("skipping %s: %v", filepath.Base(p), err)
			continue
		}
		files = append(files, benchFile{name: filepath.Base(p), data: data})
	}
	return files
}

// BenchmarkExtract measures Extract on each fixture of testdata/pdf, one
// sub-benchmark per file, with the file already in memory.
func BenchmarkExtract(b *testing.B) {
	files := loadPDFs(b, fixtures)
	if len(files) == 0 {
		b.Fatalf("no readable PDF in %s", fixtures)
	}
	ctx := context.Background()
	for _, f := range files {
		b.Run(strings.TrimSuffix(f.name, ".pdf"), func(b *testing.B) {
			size := int64(len(f.data))
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := (pdf.Format{}).Extract(ctx, bytes.NewReader(f.data), size); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkExtractSharedCorpus measures Extract over the shared corpus's
// PDFs: one iteration reads every file of the set once, so ns/op is the
// time for the whole set and MB/s the throughput over it.
func BenchmarkExtractSharedCorpus(b *testing.B) {
	// The PDF part of the shared corpus checked out next to the repository
	// (../shared/corpus/files/pdf from the repo root); optional.
	dir := formattest.CorpusDir(b, "files", "pdf")
	files := loadPDFs(b, dir)
	if len(files) == 0 {
		b.Skipf("no readable PDF in %s", dir)
	}
	var total int64
	for _, f := range files {
		total += int64(len(f.data))
	}
	ctx := context.Background()
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range files {
			if _, err := (pdf.Format{}).Extract(ctx, bytes.NewReader(f.data), int64(len(f.data))); err != nil {
				b.Fatalf("%s: %v", f.name, err)
			}
		}
	}
	b.ReportMetric(float64(len(files)), "files/op")
	b.ReportMetric(float64(len(files))*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}
