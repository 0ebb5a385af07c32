package docprov_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
)

// Checks read the keys formats write through declarations in one place
// (provenance/keys.go): the metadata prefixes scrubbed and added-metadata
// compare, the sources of each normalized time, and the kinds of
// identifiers. A format that writes something none of them declares would
// be silently skipped by those checks; this test reads every fixture made
// by a real producer, and the demo, and fails instead.
func TestFormatsWriteOnlyDeclaredKeys(t *testing.T) {
	var paths []string
	require.NoError(t, filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			paths = append(paths, p)
		}
		return err
	}))
	formatsSeen := map[string]int{}
	for _, p := range paths {
		rec, err := docprov.ExtractFile(context.Background(), p)
		if err != nil {
			continue // scripts, READMEs, deliberately broken files
		}
		formatsSeen[rec.Format]++
		for _, id := range rec.IDs {
			_, declared := provenance.IdentifierKind(id.Kind)
			assert.True(t, declared, "%s: identifier kind %q is not declared in provenance/keys.go", p, id.Kind)
		}
		for which, ts := range map[string]provenance.Timestamp{"created": rec.Created, "modified": rec.Modified, "printed": rec.Printed, "metadata_date": rec.MetadataDate} {
			if ts.IsZero() {
				continue
			}
			assert.NotEmpty(t, provenance.TimeSource(rec, which), "%s: %s %s comes from no declared source", p, which, ts)
		}
		if len(rec.Authors) > 0 || rec.Title != "" || rec.LastModifiedBy != "" {
			metadata := 0
			for k := range rec.Fields {
				if provenance.IsMetadataKey(k) {
					metadata++
				}
			}
			assert.Positive(t, metadata, "%s (%s) names people or a title, but none of its fields is under a declared metadata prefix", p, rec.Format)
		}
	}
	assert.GreaterOrEqual(t, len(formatsSeen), 10, "fixtures of every format family: %v", formatsSeen)
}

// The other direction: every key and identifier kind checks read (declared
// in provenance/keys.go) is written by a format for some real file. A
// declaration no format writes is a check that never runs: a misspelt
// key, or a format that names the field otherwise. Some are written only
// by files in the shared corpus (read when ../shared/corpus is there),
// and a few by no file anyone has: each is listed with why.
func TestDeclaredKeysAreWritten(t *testing.T) {
	corpusOnly := map[string]bool{
		"c2pa.ingredients_invalid": true, "c2pa.remote_manifest": true, "makernote.": true,
		"ooxml.core.cp:lastPrinted": true, "pdf.linearized.length_mismatch": true,
		"rtf.header.deflangTag": true, "rtf.header.deflangfeTag": true, "xmp.photoshop:DateCreated": true,
		"xmp.xmp:MetadataDate": true, "png.text.Creation Time": true,
		"exif.RawDataUniqueID": true, "makernote.apple.ContentIdentifier": true, "makernote.apple.PhotoIdentifier": true,
		"ooxml.p14.creationId": true, "ooxml.w15.docId": true, "ooxml.workbook.documentId": true,
	}
	noFile := map[string]string{
		"png.text.Modify Time":           "a PNG text keyword some programs write; none of the fixtures' producers does",
		"png.text.creation_time":         "as above",
		"tnef.attr.DateSent":             "no producer on Debian writes TNEF (winmail.dat); formats/tnef's tests build the streams",
		"tnef.attr.DateModified":         "as above",
		"tnef.mapi.ClientSubmitTime":     "as above",
		"tnef.mapi.CreationTime":         "as above",
		"tnef.mapi.LastModificationTime": "as above",
		"makernote.apple.BurstUUID":      "burst photos from an iPhone: none in the corpus",
		"makernote.apple.ImageUniqueID":  "as above",
		"makernote.canon.ImageUniqueID":  "written by Canon bodies with the ImageUniqueID tag; the corpus's Canon photos lack it",
		"xmp.ImageUniqueID":              "exif:ImageUniqueID in a photo's XMP packet: no corpus photo has one",
	}
	roots := []string{"testdata"}
	corpus := filepath.Join("..", "shared", "corpus")
	withCorpus := false
	if _, err := os.Stat(corpus); err == nil {
		roots, withCorpus = append(roots, filepath.Join(corpus, "files"), filepath.Join(corpus, "dkim")), true
	}
	keys, kinds := map[string]bool{}, map[string]bool{}
	for _, root := range roots {
		require.NoError(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			rec, err := docprov.ExtractFile(context.Background(), p)
			if err != nil {
				return nil // scripts, READMEs, deliberately broken files
			}
			for k := range rec.Fields {
				keys[k] = true
			}
			for _, id := range rec.IDs {
				kinds[id.Kind] = true
			}
			return nil
		}))
	}
	written := func(k string, seen map[string]bool) bool {
		if seen[k] {
			return true
		}
		if strings.HasSuffix(k, "[") || strings.HasSuffix(k, ".") {
			for f := range seen {
				if strings.HasPrefix(f, k) {
					return true
				}
			}
		}
		return false
	}
	check := func(what, k string, seen map[string]bool) {
		_, unwritable := noFile[k]
		switch ok := written(k, seen); {
		case unwritable:
			assert.False(t, ok, "%s %q is written by a file now: take it off noFile", what, k)
		case corpusOnly[k] && !withCorpus:
		default:
			assert.True(t, ok, "%s %q is declared in provenance/keys.go, but no format writes it for any file", what, k)
		}
	}
	for _, k := range provenance.DeclaredKeys() {
		check("key", k, keys)
	}
	for _, k := range provenance.DeclaredIdentifierKinds() {
		check("identifier kind", k, kinds)
	}
}

// One spreadsheet saved by LibreOffice as .ods, .xlsx and .xls
// (testdata/sheets) has one content digest: a conversion keeps the cells,
// and each format's digest reads a date as its serial number, a time as a
// fraction of a day and a boolean as 1 or 0.
func TestSpreadsheetDigestAcrossFormats(t *testing.T) {
	digest := func(name string) string {
		rec, err := docprov.ExtractFile(context.Background(), filepath.Join("testdata", "sheets", name))
		require.NoError(t, err)
		require.Len(t, rec.Fields[provenance.KeyContentDigest], 64, name)
		return rec.Fields[provenance.KeyContentDigest]
	}
	ods := digest("dates.ods")
	assert.Equal(t, ods, digest("src/dates.fods"))
	assert.Equal(t, ods, digest("dates.xlsx"))
	assert.Equal(t, ods, digest("dates.xls"))
}

// The same LibreOffice writes one workbook's number formats alike in
// .xlsx and .xls, in its locale's notation (testdata/sheets: Polish, whose
// dates are written with "." and whose currency is "zł"), and the
// number_format feature takes its dates, times and currencies, not the
// sheet's other codes.
func TestSpreadsheetNumberFormats(t *testing.T) {
	codes := func(name, prefix string) ([]string, []string) {
		rec, err := docprov.ExtractFile(context.Background(), filepath.Join("testdata", "sheets", name))
		require.NoError(t, err)
		var raw []string
		for i := 0; ; i++ {
			v, ok := rec.Fields[fmt.Sprintf("%s[%d]", prefix, i)]
			if !ok {
				break
			}
			raw = append(raw, v)
		}
		var feature []string
		for _, f := range provenance.Features(rec) {
			if f.Name == "number_format" {
				feature = append(feature, f.Value)
			}
		}
		return raw, feature
	}
	xlsx, xlsxFeature := codes("dates.xlsx", "ooxml.styles.numFmt")
	xls, xlsFeature := codes("dates.xls", "ole.excel.numFmt")
	assert.Equal(t, []string{"General", `dd\.mm\.yyyy`, "hh:mm", `#,##0.00\ [$zł]`, `"TRUE";"TRUE";"FALSE"`, `dd\.mm\.yyyy\ hh:mm`}, xlsx)
	assert.Equal(t, xlsx, xls)
	assert.ElementsMatch(t, []string{`dd\.mm\.yyyy`, "hh:mm", `#,##0.00\ [$zł]`, `dd\.mm\.yyyy\ hh:mm`}, xlsxFeature)
	assert.Equal(t, xlsxFeature, xlsFeature)
}
