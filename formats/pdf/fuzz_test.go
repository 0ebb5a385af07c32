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
	"github.com/docprov/docprov/provenance"
)

// FuzzExtract feeds arbitrary bytes behind a PDF header to the extractor.
// It must never panic (the Registry would recover, but a panic is a bug),
// never hang past its deadline, and always return a Record or an error,
// never both nil. The seed corpus is every fixture in testdata/pdf plus the
// committed crashers in testdata/fuzz/FuzzExtract.
func FuzzExtract(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join(fixtures, "*.pdf"))
	more, _ := filepath.Glob(filepath.Join(producerFixtures, "*.pdf"))
	paths = append(paths, more...)
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
			checkFingerprint(t, rec.Fields)
		}
	})
}

// checkFingerprint holds the fingerprint fields to their contract: a
// producer that is "unknown" or a known family, an original and an updater
// that are known families other than the producer, agrees only next to a
// claim, and a content digest of 64 hex digits.
func checkFingerprint(t *testing.T, f provenance.Fields) {
	t.Helper()
	known := map[string]bool{}
	for _, fam := range pdf.Families {
		known[fam] = true
	}
	fp := f["pdf.fingerprint.producer"]
	if fp == "" {
		t.Fatal("no pdf.fingerprint.producer")
	}
	if fp != "unknown" && !known[fp] {
		t.Fatalf("producer %q is not a known family", fp)
	}
	if o := f["pdf.fingerprint.original"]; o != "" && (!known[o] || o == fp) {
		t.Fatalf("original %q beside producer %q", o, fp)
	}
	if u := f["pdf.fingerprint.updater"]; u != "" && u != "unknown" && !known[u] {
		t.Fatalf("updater %q is not a known family", u)
	}
	if a := f["pdf.fingerprint.agrees"]; a != "" && (f["pdf.fingerprint.claimed"] == "" || fp == "unknown") {
		t.Fatalf("agrees=%s without a claim and a producer", a)
	}
	if c := f["pdf.fingerprint.claimed"]; c != "" && !known[c] {
		t.Fatalf("claimed %q is not a known family", c)
	}
	if d := f["content.sha256"]; d != "" && len(d) != 64 {
		t.Fatalf("content.sha256 %q", d)
	}
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
