package image_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/docprov/docprov/formats/image"
	"github.com/docprov/docprov/formats/internal/formattest"
)

// FuzzExtract feeds arbitrary bytes to the extractor, thumbnail comparison
// on, and holds it to formattest.Check's property: no panic, no hang, a
// sentinel error or a Record that round-trips through its JSON. The seeds
// are every fixture in testdata/image (one per container, the IFD loop and
// the huge-count TIFF among them) and the signed images of testdata/c2pa,
// plus the committed crashers in testdata/fuzz/FuzzExtract.
func FuzzExtract(f *testing.F) {
	var seeds [][]byte
	paths, _ := filepath.Glob(filepath.Join(fixtures, "*"))
	signed, _ := filepath.Glob(filepath.Join(fixtures, "..", "c2pa", "*"))
	for _, p := range append(paths, signed...) {
		switch filepath.Ext(p) {
		case ".sh", ".md", ".tsv", ".mjs", ".json", ".pem", ".key":
			continue
		}
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			seeds = append(seeds, b)
		}
	}
	formattest.Fuzz(f, image.Format{CompareThumbnail: true, MaxDecodePixels: 1 << 20}, seeds...)
}
