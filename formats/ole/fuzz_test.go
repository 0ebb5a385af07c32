package ole_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/ole"
	"github.com/docprov/docprov/provenance"
)

// FuzzExtract feeds arbitrary bytes behind a compound file signature to
// the extractor and holds it to formattest.Check's property (no panic, no
// hang, a sentinel error or a Record that round-trips through its JSON)
// and a Record's digest to its contract. The seeds are the fixtures (whose
// FAT, directory and property sets the fuzzer mutates) and the committed
// crashers in testdata/fuzz/FuzzExtract.
func FuzzExtract(f *testing.F) {
	var seeds [][]byte
	for _, pat := range []string{"*.doc", "*.xls", "*.ppt"} {
		seeds = append(seeds, formattest.Seeds(f, filepath.Join(fixtures, pat), 64<<10)...)
	}
	formattest.FuzzWith(f, ole.Format{}, func(t *testing.T, _ []byte, rec *provenance.Record) {
		if rec != nil {
			checkDigest(t, rec)
		}
	}, seeds...)
}

// checkDigest checks the content digest's contract on a Record: chars a
// non-negative decimal integer, the digest present exactly when chars is
// positive, as 64 lowercase hex digits, and neither without chars.
func checkDigest(t testing.TB, rec *provenance.Record) {
	t.Helper()
	chars, hasChars := rec.Fields["content.chars"]
	sum, hasSum := rec.Fields["content.sha256"]
	if !hasChars {
		if hasSum {
			t.Fatal("content.sha256 without content.chars")
		}
		return
	}
	n, err := strconv.Atoi(chars)
	if err != nil || n < 0 || strconv.Itoa(n) != chars {
		t.Fatalf("content.chars %q is not a non-negative integer", chars)
	}
	if hasSum != (n > 0) || hasSum && !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(sum) {
		t.Fatalf("content.chars %d but content.sha256 %q", n, sum)
	}
}

// TestDigestCorpus checks the digest's contract on the fixtures and the
// shared corpus's Word, Excel and PowerPoint files.
func TestDigestCorpus(t *testing.T) {
	var paths []string
	for _, pat := range []string{filepath.Join(fixtures, "*.doc"), formattest.CorpusPath("files", "doc", "*"), formattest.CorpusPath("files", "xls", "*"), formattest.CorpusPath("files", "ppt", "*")} {
		m, _ := filepath.Glob(pat)
		paths = append(paths, m...)
	}
	digests := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if rec, err := (ole.Format{}).Extract(context.Background(), bytes.NewReader(data), int64(len(data))); err == nil {
			checkDigest(t, rec)
			if rec.Fields["content.sha256"] != "" {
				digests++
			}
		}
	}
	t.Logf("%d files, %d with a digest", len(paths), digests)
}

// FuzzParsePropertySet fuzzes the [MS-OLEPS] parser alone, which reaches
// far more of its branches per input than going through a compound file.
func FuzzParsePropertySet(f *testing.F) {
	for _, name := range []string{"writer-fr.doc", "calc-ru.xls"} {
		b, err := os.ReadFile(filepath.Join(fixtures, name))
		if err != nil {
			continue
		}
		// The property sets of these small files sit in the mini stream;
		// seeding with every 64-byte-aligned window that starts with a
		// property set header gives the fuzzer real sections to mutate.
		for i := 0; i+48 <= len(b); i += 64 {
			if b[i] == 0xFE && b[i+1] == 0xFF && b[i+2] == 0 && b[i+3] == 0 {
				f.Add(b[i:min(len(b), i+4096)])
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, _ := ole.ParsePropertySet(data)
		if ps == nil {
			return
		}
		for _, s := range ps.Sections {
			for _, p := range s.Properties {
				_ = ole.FormatValue(p.Value)
			}
		}
	})
}
