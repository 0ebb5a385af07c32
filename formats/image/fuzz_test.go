package image_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/docprov/docprov/formats/image"
)

// FuzzExtract feeds arbitrary bytes to the extractor, thumbnail comparison
// on. It must never panic or hang and always return a Record or an error.
// The seeds are every fixture in testdata/image (one per container, the
// IFD loop and the huge-count TIFF among them) plus the committed crashers
// in testdata/fuzz/FuzzExtract.
func FuzzExtract(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join(fixtures, "*"))
	for _, p := range paths {
		switch filepath.Ext(p) {
		case ".sh", ".md", ".tsv":
			continue
		}
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		rec, err := image.Format{CompareThumbnail: true, MaxDecodePixels: 1 << 20}.Extract(ctx, bytes.NewReader(data), int64(len(data)))
		if rec == nil && err == nil {
			t.Fatal("neither a Record nor an error")
		}
		if rec != nil {
			if _, err := json.Marshal(rec); err != nil {
				t.Fatalf("record does not encode: %v", err)
			}
		}
	})
}
