package pdf_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/docprov/docprov/formats/pdf"
)

// FuzzExtract feeds arbitrary bytes behind a PDF header to the extractor.
// It must never panic (the Registry would recover, but a panic is a bug),
// never hang past its deadline, and always return a Record or an error,
// never both nil. The seed corpus is every fixture in testdata/pdf plus the
// committed crashers in testdata/fuzz/FuzzExtract.
func FuzzExtract(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join(fixtures, "*.pdf"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R/Info 1 0 R>>\n%%EOF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		rec, err := pdf.Format{}.Extract(ctx, bytes.NewReader(data), int64(len(data)))
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

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"D:20170301091200+01'00'", "D:2017", "20170301091200Z", "2017-03-01T09:12:00+01:00", "D:191000101120000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts, err := pdf.ParseDate(s)
		if err == nil && ts.IsZero() {
			t.Fatalf("%q parsed to a zero time without error", s)
		}
	})
}
