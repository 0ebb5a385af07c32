package pdf_test

import (
	"path/filepath"
	"testing"

	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/pdf"
	"github.com/docprov/docprov/provenance"
)

// FuzzExtract feeds arbitrary bytes behind a PDF header to the extractor
// and holds it to formattest.Check's property (a sentinel error or a
// Record that round-trips through its JSON; no panic, no hang), and every
// Record's fingerprint fields to their contract. The seed corpus is every
// fixture in testdata/pdf plus the committed crashers in
// testdata/fuzz/FuzzExtract.
func FuzzExtract(f *testing.F) {
	seeds := formattest.Seeds(f, filepath.Join(fixtures, "*.pdf"), 0)
	seeds = append(seeds, formattest.Seeds(f, filepath.Join(producerFixtures, "*.pdf"), 0)...)
	seeds = append(seeds, []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R/Info 1 0 R>>\n%%EOF"))
	formattest.FuzzWith(f, pdf.Format{}, func(t *testing.T, _ []byte, rec *provenance.Record) {
		if rec != nil {
			checkFingerprint(t, rec.Fields)
		}
	}, seeds...)
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
