package c2pa_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/image"
	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/pdf"
	"github.com/docprov/docprov/provenance"
)

// expectedOutcome is what docprov should say of a file, given the outcome
// the source projects expect (EXPECTED.tsv's expected_status): an outcome
// (c2pa.validation, "" for no manifest), whether an ingredient's manifest
// fails, and why, where the mapping is not word for word.
type expectedOutcome struct {
	outcome            string
	ingredientsInvalid bool
	why                string
	// gap marks a file on which docprov cannot give the expected outcome
	// (why says why): the test asserts what docprov says instead and
	// counts the file as a known gap, not as agreement.
	gap bool
}

// expectedFor maps EXPECTED.tsv's statuses onto docprov's outcomes. A
// status it does not know fails the test, so a file added to the corpus
// is never silently skipped.
func expectedFor(file, status string) (expectedOutcome, bool) {
	switch {
	case strings.HasPrefix(status, "no-manifest"):
		return expectedOutcome{outcome: ""}, true
	case strings.HasPrefix(status, "valid"), strings.HasPrefix(status, "untrusted-signer"):
		// No trust list is given, so a valid manifest's signer is
		// untrusted/unknown: docprov's "valid".
		return expectedOutcome{outcome: "valid"}, true
	case strings.HasPrefix(status, "trusted"):
		return expectedOutcome{outcome: "valid", gap: true, why: "trusted only with the C2PA trust list, which the corpus does not hold; without it docprov says valid, signer untrusted/unknown (TestTrustList shows the trusted path)"}, true
	case strings.HasPrefix(status, "invalid-ingredient"):
		return expectedOutcome{outcome: "valid", ingredientsInvalid: true}, true
	case strings.HasPrefix(status, "invalid (remote"):
		return expectedOutcome{outcome: "remote", why: "c2pa-rs fetched the remote manifest and failed (manifest.inaccessible); docprov never fetches, and reports the reference"}, true
	case strings.HasPrefix(status, "invalid"):
		return expectedOutcome{outcome: "invalid"}, true
	case strings.HasPrefix(status, "remote-manifest"):
		return expectedOutcome{outcome: "remote", why: "docprov reports a remote manifest as referenced, not fetched"}, true
	case strings.HasPrefix(status, "unsupported"):
		return expectedOutcome{outcome: "unsupported"}, true
	case strings.HasPrefix(status, "not-stated"):
		return expectedOutcome{outcome: "?"}, true
	case strings.HasPrefix(status, "disputed"):
		switch {
		case strings.Contains(file, "CAIAIIICAICIICAIICICA"):
			// c2patool (c2pa-rs, the reference implementation) finds
			// no failure; c2pa-ts reports
			// assertion.action.ingredientMismatch, a cross-check of
			// actions against ingredients that C2PA 2.x added and
			// that these 1.x test manifests predate. docprov follows
			// c2patool: every signature and hash holds.
			return expectedOutcome{outcome: "valid", why: "disputed: follows c2patool (every signature and hash holds; c2pa-ts's ingredientMismatch is a 2.x actions rule)"}, true
		case strings.Contains(file, "E-uri-CIE-sig-CA"):
			// The active manifest is byte for byte CIE-sig-CA's, whose
			// expected outcome is "invalid-ingredient (active
			// manifest valid)"; the hashed-URI mismatch c2patool
			// reports lies in the ingredient's manifest (its
			// c2pa.actions), which also fails its signature.
			// c2pa-ts calls the file valid (the active manifest);
			// c2patool's old report put every manifest's failures at
			// the top. docprov: active valid, ingredient invalid.
			return expectedOutcome{outcome: "valid", ingredientsInvalid: true, why: "disputed: active manifest valid as c2pa-ts says; the hashedURI.mismatch c2patool reports is in the ingredient's manifest"}, true
		}
	}
	return expectedOutcome{}, false
}

// TestExpectedOutcomes runs every file of EXPECTED.tsv through the image
// or the pdf format and compares the outcome in the Record with the one
// its source projects expect.
func TestExpectedOutcomes(t *testing.T) {
	dir := formattest.CorpusDir(t, "files", "c2pa")
	fh, err := os.Open(filepath.Join(dir, "EXPECTED.tsv"))
	require.NoError(t, err)
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(nil, 1<<20)
	sc.Scan() // header
	agree, stated, total := 0, 0, 0
	var gaps []string
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 2 {
			continue
		}
		file, status := filepath.Base(cols[0]), cols[1]
		want, ok := expectedFor(file, status)
		require.True(t, ok, "%s: expected status %q has no mapping: add one", file, status)
		data, err := os.ReadFile(filepath.Join(dir, file))
		require.NoError(t, err)
		got, ingredientsInvalid := outcomeOf(t, file, data)
		total++
		if want.outcome == "?" {
			t.Logf("%s: no expectation stated; docprov says %q", file, got)
			continue
		}
		stated++
		if got == want.outcome && ingredientsInvalid == want.ingredientsInvalid && !want.gap {
			agree++
		} else {
			gaps = append(gaps, file+" ("+want.why+")")
		}
		assert.Equal(t, want.outcome, got, "%s (expected %q) %s", file, status, want.why)
		assert.Equal(t, want.ingredientsInvalid, ingredientsInvalid, "%s: ingredients invalid", file)
		if want.why != "" {
			t.Logf("%s: %s", file, want.why)
		}
	}
	require.NoError(t, sc.Err())
	t.Logf("agreement with EXPECTED.tsv: %d of the %d files with a stated outcome (%d files); known gaps: %v", agree, stated, total, gaps)
	assert.Equal(t, 29, total, "EXPECTED.tsv lists 29 files")
}

// outcomeOf returns c2pa.validation and whether an ingredient fails.
func outcomeOf(t *testing.T, file string, data []byte) (string, bool) {
	var f formats.Format = image.Format{}
	if strings.HasSuffix(file, ".pdf") {
		f = pdf.Format{}
	}
	rec := formattest.Extract(t, f, data)
	return rec.Fields[provenance.KeyC2PAValidation], rec.Fields[provenance.KeyC2PAIngredientsInvalid] == "true"
}

// TestChecksOnCorpus runs the c2pa check over the Records the image
// format gives for real files: a generator's declaration, a tampered
// image, a tampered signature, a valid camera photo.
func TestChecksOnCorpus(t *testing.T) {
	dir := formattest.CorpusDir(t, "files", "c2pa")
	for _, c := range []struct {
		file, subject string
	}{
		{"c2pats__amazon-titan-g1.png", "c2pa generative"},
		{"c2paorg__adobe-20220124-E-dat-CA.jpg", "c2pa asset changed"},
		{"c2paorg__adobe-20220124-E-sig-CA.jpg", "c2pa manifest altered"},
		{"c2paorg__truepic-20230212-camera.jpg", ""},
	} {
		rec := formattest.ExtractFile(t, image.Format{}, filepath.Join(dir, c.file))
		fs := provenance.Run(&provenance.Pass{Record: rec}, []*provenance.Check{provenance.C2PA})
		var subjects []string
		for _, f := range fs {
			subjects = append(subjects, f.Subject)
		}
		if c.subject == "" {
			assert.Empty(t, subjects, c.file)
		} else {
			assert.Contains(t, subjects, c.subject, c.file)
		}
	}
}

// TestImageFormatHardBindingFailure: one byte of a signed JPEG's image
// data altered, read through the image format, gives a hard-binding
// failure in the Record.
func TestImageFormatHardBindingFailure(t *testing.T) {
	dir := formattest.CorpusDir(t, "files", "c2pa")
	data, err := os.ReadFile(filepath.Join(dir, "c2paorg__truepic-20230212-camera.jpg"))
	require.NoError(t, err)
	rec := formattest.Extract(t, image.Format{}, data)
	assert.Equal(t, "valid", rec.Fields[provenance.KeyC2PAValidation])
	assert.Equal(t, "untrusted/unknown", rec.Fields[provenance.KeyC2PATrust])
	data[len(data)-100] ^= 0x01
	rec = formattest.Extract(t, image.Format{}, data)
	assert.Equal(t, "invalid", rec.Fields[provenance.KeyC2PAValidation])
	assert.Equal(t, "assertion.dataHash.mismatch", rec.Fields[provenance.KeyC2PAFailures])
}
