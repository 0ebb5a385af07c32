package docprov_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/formats"
)

// benchFamilies groups the shared corpus's folders by the format package
// that reads them, so a profile of one family is not drowned by another.
var benchFamilies = []struct {
	name    string
	folders []string
}{
	{"pdf", []string{"pdf"}},
	{"ooxml", []string{"docx", "xlsx", "pptx"}},
	{"ole", []string{"doc", "xls", "ppt"}},
	{"odf", []string{"odt", "ods", "odp"}},
	{"image", []string{"jpeg", "png", "tiff", "webp", "heic"}},
}

// BenchmarkCorpus extracts every file of each family of the shared corpus
// from memory (no disk, no digest cost beyond Extract's own). One op is one
// pass over the family; the files/op metric turns ns/op into a per-file
// figure. Skips when the shared corpus is absent.
//
//	go test -run '^$' -bench 'Corpus/odf' -cpuprofile cpu.out .
func BenchmarkCorpus(b *testing.B) {
	root := filepath.Join(sharedCorpus, "files")
	if _, err := os.Stat(root); err != nil {
		b.Skip("shared corpus not present")
	}
	for _, fam := range benchFamilies {
		var files [][]byte
		var names []string
		for _, dir := range fam.folders {
			paths, _ := filepath.Glob(filepath.Join(root, dir, "*"))
			for _, p := range paths {
				data, err := os.ReadFile(p)
				if err != nil {
					b.Fatal(err)
				}
				files = append(files, data)
				names = append(names, p)
			}
		}
		b.Run(fam.name, func(b *testing.B) {
			var total, read int64
			for _, f := range files {
				total += int64(len(f))
				read += bytesRead(f)
			}
			b.SetBytes(total)
			b.ReportAllocs()
			ctx := context.Background()
			for b.Loop() {
				for i, data := range files {
					// Errors are expected for a few broken files; the
					// benchmark measures the work, not the outcome.
					_, _ = docprov.Extract(ctx, bytes.NewReader(data), int64(len(data)), names[i])
				}
			}
			b.ReportMetric(float64(len(files)), "files/op")
			b.ReportMetric(100*float64(read)/float64(total), "%read")
		})
	}
}

// coverage is an io.ReaderAt that marks which bytes of data were read.
type coverage struct {
	data []byte
	seen []bool
}

func (c *coverage) ReadAt(p []byte, off int64) (int, error) {
	n, err := bytes.NewReader(c.data).ReadAt(p, off)
	for i := range n {
		c.seen[off+int64(i)] = true
	}
	return n, err
}

// bytesRead returns how many distinct bytes of data the extraction (the
// sniffing and the format's extractor, not the SHA-256 digest, which reads
// everything) looks at.
func bytesRead(data []byte) int64 {
	c := &coverage{data: data, seen: make([]bool, len(data))}
	reg := docprov.DefaultRegistry()
	f, err := reg.Sniff(c, int64(len(data)))
	if err == nil {
		_, _ = formats.SafeExtract(context.Background(), f, c, int64(len(data)))
	}
	var n int64
	for _, s := range c.seen {
		if s {
			n++
		}
	}
	return n
}
