package odf_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/odf"
	"github.com/docprov/docprov/provenance"
)

// The fixtures are made by LibreOffice with testdata/odf/make.sh from the
// hand-written sources in testdata/odf/src; the expected values below are
// the ones those sources set, as listed in testdata/odf/README.md.
const fixtures = "../../testdata/odf"

func read(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtures, name))
	require.NoError(t, err)
	return data
}

func head(data []byte) []byte { return data[:min(len(data), formats.SniffLen)] }

// extract sniffs data the way the Registry does (Probe) and extracts it.
func extract(t *testing.T, data []byte) *provenance.Record {
	t.Helper()
	return formattest.Extract(t, odf.Format{}, data)
}

func extractFile(t *testing.T, name string) *provenance.Record {
	t.Helper()
	return extract(t, read(t, name))
}

const generator = "LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2"

func TestLibreOfficeWriter(t *testing.T) {
	for _, tc := range []struct{ file, format, mime string }{
		{"libreoffice-writer.odt", "odt", "application/vnd.oasis.opendocument.text"},
		{"libreoffice-writer.fodt", "fodt", "application/vnd.oasis.opendocument.text-flat-xml"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			rec := extractFile(t, tc.file)
			assert.Equal(t, tc.format, rec.Format)
			assert.Equal(t, tc.mime, rec.MIME)
			assert.Equal(t, "Rapport de provenance", rec.Title)
			assert.Equal(t, "Fixture docprov", rec.Subject)
			assert.Equal(t, "Document de test avec auteurs, dates et langues connus", rec.Description)
			assert.Equal(t, "provenance, fixture", rec.Keywords)
			assert.Equal(t, []string{"Marie Dupont"}, rec.Authors)
			assert.Equal(t, "Рошка Георгий Петрович", rec.LastModifiedBy)
			assert.Equal(t, "2017-03-01T09:12:00", rec.Created.String(), "local time, no offset invented")
			assert.False(t, rec.Created.HasOffset)
			assert.Equal(t, "2017-03-27T14:02:11", rec.Modified.String())
			assert.Equal(t, "2017-03-02T10:00:00", rec.Printed.String())
			assert.Equal(t, "12", rec.Revision)
			assert.Equal(t, int64(5400), rec.EditTimeSeconds, "PT1H30M")
			assert.Equal(t, "https://intranet.example.org/modeles/en-marche.ott", rec.Template)
			assert.Equal(t, []string{"fr-FR", "de-DE"}, rec.Languages)
			require.Len(t, rec.Software, 1)
			assert.Equal(t, provenance.Software{Role: provenance.RoleApplication, Name: "LibreOffice", Version: "7.4.7.2",
				Platform: "Linux_X86_64", Raw: generator, Source: "odf.meta.meta:generator"}, rec.Software[0])

			f := rec.Fields
			assert.Equal(t, "Jean Martin", f["odf.meta.meta:printed-by"])
			assert.Equal(t, "Modèle En Marche", f["odf.meta.meta:template/xlink:title"])
			assert.Equal(t, "2016-12-01T08:00:00", f["odf.meta.meta:template/meta:date"])
			assert.Equal(t, "Communication", f["odf.meta.meta:user-defined[Department]"])
			assert.Equal(t, "1234.5", f["odf.meta.meta:user-defined[Budget]"])
			assert.Equal(t, "float", f["odf.meta.meta:user-defined[Budget]/meta:value-type"])
			assert.Equal(t, "provenance", f["odf.meta.meta:keyword[0]"])
			assert.Equal(t, "fixture", f["odf.meta.meta:keyword[1]"])
			assert.Equal(t, "5", f["odf.meta.meta:document-statistic/meta:word-count"])

			assert.Equal(t, "2", f["odf.content.changed-regions"])
			assert.Equal(t, "insertion", f["odf.content.changed-region[0].type"])
			assert.Equal(t, "Alice Example", f["odf.content.changed-region[0].creator"])
			assert.Equal(t, "2017-03-20T10:00:00", f["odf.content.changed-region[0].date"])
			assert.Equal(t, "deletion", f["odf.content.changed-region[1].type"])
			assert.Equal(t, "Bob Exemple", f["odf.content.changed-region[1].creator"])
			assert.Equal(t, "2017-03-21T11:00:00", f["odf.content.changed-region[1].date"])
			assert.Equal(t, "Claire Relecture", f["odf.content.annotation[0].creator"])
			assert.Equal(t, "2017-03-22T16:45:30", f["odf.content.annotation[0].date"])
			assert.Equal(t, "CR", f["odf.content.annotation[0].initials"])

			assert.Equal(t, "2", f["odf.lang[fr-FR]"])
			assert.Equal(t, "1", f["odf.lang[de-DE]"])
			assert.Equal(t, "fr-FR ja-JP ar-SA", f["odf.lang.default"])
			// LibreOffice declares DejaVu Sans twice (DejaVu Sans,
			// DejaVu Sans1) in each of styles.xml and content.xml.
			assert.Equal(t, "DejaVu Sans", f["odf.font[0]"])
			assert.Equal(t, "DejaVu Serif", f["odf.font[1]"])
			assert.NotContains(t, f, "odf.font[2]")
			assert.Equal(t, "DejaVu Serif", f[odf.KeyDefaultFont])
			assert.NotEmpty(t, f["odf.settings.RsidRoot"])
			require.Len(t, rec.IDs, 1)
			assert.Equal(t, "odf.rsidRoot", rec.IDs[0].Kind)
			assert.Empty(t, rec.Problems)
		})
	}
}

func TestLibreOfficeWriterPackage(t *testing.T) {
	rec := extractFile(t, "libreoffice-writer.odt")
	f := rec.Fields
	assert.Equal(t, "application/vnd.oasis.opendocument.text", f["odf.mimetype"])
	assert.Equal(t, "0", f["odf.mimetype.index"])
	assert.Equal(t, "mimetype", f["odf.zip.entry[0]"])
	assert.Equal(t, "stored", f["odf.zip.entry[0].method"])
	assert.Equal(t, "META-INF/manifest.xml", f["odf.zip.entry[14]"], "LibreOffice writes the manifest last")
	assert.Equal(t, "2024-05-06T07:08:08", f["odf.zip.mtime[meta.xml]"], "DOS time as stored: faketime's clock, no offset")
	assert.Equal(t, "1.3", f["odf.manifest.manifest:version"])
	assert.Equal(t, "/", f["odf.manifest.file-entry[0]"])
	assert.Equal(t, "application/vnd.oasis.opendocument.text", f["odf.manifest.file-entry[0].media-type"])
	assert.Equal(t, "1.3", f["odf.content.office:version"])
	assert.Equal(t, "office:document-content", f["odf.content.root"])
	assert.Contains(t, f["odf.content.xmlns"], "loext", "LibreOffice declares its extension namespace")
}

func TestLibreOfficeCalc(t *testing.T) {
	for _, tc := range []struct{ file, format string }{
		{"libreoffice-calc.ods", "ods"},
		{"libreoffice-calc.fods", "fods"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			rec := extractFile(t, tc.file)
			assert.Equal(t, tc.format, rec.Format)
			assert.Equal(t, "Budget T2", rec.Title)
			assert.Equal(t, []string{"Marie Dupont"}, rec.Authors)
			assert.Equal(t, "Рошка Георгий Петрович", rec.LastModifiedBy)
			assert.Equal(t, "2017-03-01T09:12:00.25", rec.Created.String())
			assert.Equal(t, "2017-03-01T09:12:00.250", rec.Fields["odf.meta.meta:creation-date"], "Fields keep the text as written")
			assert.Equal(t, "2017-03-27T14:02:11", rec.Modified.String())
			assert.Equal(t, "7", rec.Revision)
			assert.Equal(t, int64(86400+2*3600+3*60+4), rec.EditTimeSeconds, "P1DT2H3M4S")
			assert.Equal(t, []string{"ru-RU"}, rec.Languages)
			assert.Equal(t, "Finances", rec.Fields["odf.meta.meta:user-defined[Service]"])
			assert.Equal(t, "LibreOffice", rec.Software[0].Name)
			assert.Empty(t, rec.Problems)
		})
	}
	// Calc keeps only the day of a comment's date, and its flat export
	// drops cell comments altogether: the fixture records what LibreOffice
	// does, not what the source said.
	rec := extractFile(t, "libreoffice-calc.ods")
	assert.Equal(t, "Claire Relecture", rec.Fields["odf.content.annotation[0].creator"])
	assert.Equal(t, "2017-03-22T00:00:00", rec.Fields["odf.content.annotation[0].date"])
}

func TestLibreOfficeImpress(t *testing.T) {
	for _, tc := range []struct{ file, format string }{
		{"libreoffice-impress.odp", "odp"},
		{"libreoffice-impress.fodp", "fodp"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			rec := extractFile(t, tc.file)
			assert.Equal(t, tc.format, rec.Format)
			assert.Equal(t, "Réunion de campagne", rec.Title)
			assert.Equal(t, []string{"Marie Dupont"}, rec.Authors)
			assert.Equal(t, "Jean Martin", rec.LastModifiedBy)
			assert.Equal(t, "2017-02-14T08:30:00", rec.Created.String())
			assert.Equal(t, "2017-02-15T18:00:59", rec.Modified.String())
			assert.Equal(t, "3", rec.Revision)
			assert.Equal(t, int64(45*60+10), rec.EditTimeSeconds)
			assert.Equal(t, []string{"fr-FR"}, rec.Languages)
			// Impress comments are LibreOffice's officeooo:annotation.
			assert.Equal(t, "Claire Relecture", rec.Fields["odf.content.annotation[0].creator"])
			assert.Equal(t, "2017-02-15T09:10:11", rec.Fields["odf.content.annotation[0].date"])
			assert.Empty(t, rec.Problems)
		})
	}
}

func TestMatchAndProbe(t *testing.T) {
	f := odf.Format{}
	for _, name := range []string{"libreoffice-writer.odt", "libreoffice-calc.ods", "libreoffice-impress.odp",
		"libreoffice-writer.fodt", "libreoffice-calc.fods", "libreoffice-impress.fodp"} {
		assert.True(t, f.Match(head(read(t, name))), name)
	}
	// A mimetype entry that is not first (or missing) defeats Match, which
	// sees only the head, but not Probe, which looks inside.
	for _, name := range []string{"odd-mimetype-last.odt", "odd-no-mimetype.odt"} {
		data := read(t, name)
		assert.False(t, f.Match(head(data)), name)
		assert.True(t, f.Probe(bytes.NewReader(data), int64(len(data)), head(data)), name)
	}
	// Other ZIPs and other XML are left alone.
	for name, data := range map[string][]byte{
		"ooxml": zipOf(t, entry{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`}, entry{"word/document.xml", "<w:document/>"}),
		"epub":  zipOf(t, entry{"mimetype", "application/epub+zip"}, entry{"META-INF/container.xml", "<container/>"}),
		"jar":   zipOf(t, entry{"META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n"}),
		"part":  []byte(`<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`),
		"xhtml": []byte(`<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>office:document</body></html>`),
		"empty": nil,
	} {
		assert.False(t, f.Match(head(data)), name)
		assert.False(t, f.Probe(bytes.NewReader(data), int64(len(data)), head(data)), name)
	}
}

func TestMimetypeNotFirst(t *testing.T) {
	rec := extractFile(t, "odd-mimetype-last.odt")
	assert.Equal(t, "odt", rec.Format)
	assert.Equal(t, "14", rec.Fields["odf.mimetype.index"])
	assert.Equal(t, "deflated", rec.Fields["odf.zip.entry[14].method"])
	assert.Equal(t, "rebuilt by docprov make.sh", rec.Fields["odf.zip.comment"])
	assert.Equal(t, []string{"Marie Dupont"}, rec.Authors)
	assert.Empty(t, rec.Problems)
}

func TestNoMimetypeUsesManifest(t *testing.T) {
	rec := extractFile(t, "odd-no-mimetype.odt")
	assert.Equal(t, "odt", rec.Format)
	assert.Equal(t, "application/vnd.oasis.opendocument.text", rec.MIME)
	assert.Empty(t, rec.Fields["odf.mimetype"])
	assert.Equal(t, "Рошка Георгий Петрович", rec.LastModifiedBy)
}

func TestFixturesAgreeWithExifTool(t *testing.T) {
	// The odd-* fixtures test robustness: ExifTool reads the entity bomb's
	// "&lol9;" as a generator, which is no claim worth agreeing with.
	odd := func(name string) bool { return strings.HasPrefix(name, "odd-") }
	checkExifTool(t, fixtures, filepath.Join(fixtures, "exiftool.json"), 1.0, odd)
}
