package odf_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/odf"
	"github.com/docprov/docprov/provenance"
)

// FuzzExtract feeds arbitrary bytes to Probe and Extract and holds them to
// formattest.Check's property (no panic, no hang, a sentinel error or a
// Record that round-trips through its JSON) and a Record's digest to its
// contract. The seeds are every fixture in testdata/odf, a few small
// packages built here, and the committed crashers in
// testdata/fuzz/FuzzExtract.
func FuzzExtract(f *testing.F) {
	var seeds [][]byte
	for _, ext := range []string{".odt", ".ods", ".odp", ".fodt", ".fods", ".fodp"} {
		seeds = append(seeds, formattest.Seeds(f, filepath.Join(fixtures, "*"+ext), 0)...)
	}
	seeds = append(seeds, odtOf(f, entry{"meta.xml", metaXML(`<meta:initial-creator>M</meta:initial-creator><meta:keyword>k</meta:keyword><meta:user-defined meta:name="n">v</meta:user-defined>`)}))
	seeds = append(seeds, []byte(`<?xml version="1.0"?><office:document `+nsOffice+` `+nsMeta+`><office:meta><dc:creator>x</dc:creator></office:meta><office:body><office:text/></office:body></office:document>`))
	formattest.FuzzWith(f, odf.Format{}, checkRecordDigest, seeds...)
}

// checkRecordDigest is checkDigest for a fuzzed input's Record, if any.
func checkRecordDigest(t *testing.T, _ []byte, rec *provenance.Record) {
	if rec != nil {
		checkDigest(t, rec, "input")
	}
}

// FuzzScanXML fuzzes the XML scanner alone through a flat document, where
// mutations reach the parser without first breaking a ZIP checksum.
func FuzzScanXML(f *testing.F) {
	var seeds [][]byte
	for _, name := range []string{"libreoffice-writer.fodt", "libreoffice-calc.fods"} {
		if b, err := os.ReadFile(filepath.Join(fixtures, name)); err == nil {
			seeds = append(seeds, b)
		}
	}
	seeds = append(seeds, []byte(`<office:document `+nsOffice+` `+nsMeta+` `+nsText+`><office:meta><meta:keywords><meta:keyword>a</meta:keyword></meta:keywords></office:meta><office:body><office:text><text:tracked-changes><text:changed-region><text:insertion><office:change-info><dc:creator>c</dc:creator></office:change-info></text:insertion></text:changed-region></text:tracked-changes></office:text></office:body></office:document>`))
	formattest.FuzzWith(f, odf.Format{}, checkRecordDigest, seeds...)
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2022-08-24T16:25:10.143000000", "2014-12-02T12:37:00Z", "2017-03-01T09:12:00+01:00", "2013-02-12", "9999-12-31T24:00:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts, err := odf.ParseDate(s)
		if err == nil && ts.IsZero() {
			t.Fatalf("%q parsed to a zero time without error", s)
		}
		odf.ParseDuration(s)
	})
}

// FuzzSkipping checks skipping against a full read: for any content.xml
// that a full read takes without a problem (well-formed, within limits),
// the Record must be the same when the body and styles are skipped through.
// Seeds are the content parts of the fixtures and the documents of
// TestSkippingChangesNothing.
func FuzzSkipping(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join(fixtures, "*.od?"))
	for _, p := range paths {
		zr, err := zip.OpenReader(p)
		if err != nil {
			continue
		}
		for _, e := range zr.File {
			if e.Name == "content.xml" || e.Name == "styles.xml" || e.Name == "settings.xml" {
				if rc, err := e.Open(); err == nil {
					if b, err := io.ReadAll(rc); err == nil {
						f.Add(e.Name, b)
					}
					rc.Close()
				}
			}
		}
		zr.Close()
	}
	f.Add("content.xml", []byte(content(`<style:style style:name="a>b"><style:text-properties fo:language="ru" fo:country="RU"/></style:style>`,
		`<text:p>fo:language="de" <text:span>`+annotation+`</text:span></text:p><office:annotation-end office:name="n1"/>`)))
	f.Fuzz(func(t *testing.T, part string, data []byte) {
		if part != "content.xml" && part != "styles.xml" && part != "settings.xml" {
			return
		}
		pkg := odtOf(t, entry{part, string(data)})
		ctx := context.Background()
		full, err := odf.FullRead.Extract(ctx, bytes.NewReader(pkg), int64(len(pkg)))
		if err != nil || len(full.Problems) > 0 {
			return
		}
		skipped, err := odf.Format{}.Extract(ctx, bytes.NewReader(pkg), int64(len(pkg)))
		if err != nil {
			t.Fatalf("skipping fails where a full read does not: %v", err)
		}
		a, _ := json.Marshal(full)
		b, _ := json.Marshal(skipped)
		if !bytes.Equal(a, b) {
			t.Fatalf("records differ:\nfull:    %s\nskipped: %s", a, b)
		}
	})
}
