package ooxml_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/ooxml"
	"github.com/docprov/docprov/provenance"
)

// The fixtures are made by real producers with testdata/ooxml/make.sh; the
// values asserted below are the ones that script set, as listed in
// testdata/ooxml/README.md.
const fixtures = "../../testdata/ooxml"

// extract reads a fixture the way the Registry would (formattest.Extract).
func extract(t *testing.T, name string) *provenance.Record {
	t.Helper()
	return formattest.ExtractFile(t, ooxml.Format{}, filepath.Join(fixtures, name))
}

func TestLibreOfficeDocx(t *testing.T) {
	rec := extract(t, "libreoffice.docx")
	f := rec.Fields
	assert.Equal(t, "docx", rec.Format)
	assert.Equal(t, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", rec.MIME)
	assert.Equal(t, "Budget T2", rec.Title)
	assert.Equal(t, "Campagne", rec.Subject)
	assert.Equal(t, "budget", rec.Keywords)
	assert.Equal(t, "Note interne", rec.Description)
	assert.Equal(t, []string{"Marie Dupont"}, rec.Authors)
	assert.Equal(t, "Georges Martin", rec.LastModifiedBy)
	assert.Equal(t, "12", rec.Revision)
	assert.Equal(t, int64(90*60), rec.EditTimeSeconds, "PT1H30M")
	assert.Equal(t, "2017-03-01T09:12:00Z", rec.Created.String())
	assert.Equal(t, "2017-03-27T14:02:11Z", rec.Modified.String())
	app := formattest.Software(rec, provenance.RoleApplication)
	require.Len(t, app, 1)
	assert.Equal(t, "LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2", app[0].Raw)
	assert.Equal(t, "7.4.7.2", app[0].Version, "the version in the name, not LibreOffice's AppVersion placeholder 15.0000")
	assert.Equal(t, "15.0000", f["ooxml.app.AppVersion"], "the placeholder stays in Fields")
	assert.Equal(t, "ooxml.app.Application", app[0].Source)

	// Custom properties with their types.
	assert.Equal(t, "Finances", f["ooxml.custom.Dossier"])
	assert.Equal(t, "vt:lpwstr", f["ooxml.custom.Dossier.type"])
	assert.Equal(t, "1234.5", f["ooxml.custom.Montant"])
	assert.Equal(t, "vt:r8", f["ooxml.custom.Montant.type"])

	// Tracked change and comment with authors and dates.
	assert.Equal(t, "1", f["ooxml.changes"])
	assert.Equal(t, "Рошка Георгий", f["ooxml.changes.author[0]"])
	assert.Equal(t, "2017-03-27T13:55:00Z", f["ooxml.changes.author[0].first"])
	assert.Equal(t, "Paul Leroy", f["ooxml.comments.author[0]"])
	assert.Equal(t, "2017-03-02T10:00:00Z", f["ooxml.comments.author[0].first"])

	// Settings, styles, fonts, languages.
	assert.Equal(t, "15", f["ooxml.settings.compatibilityMode"])
	assert.Equal(t, "709", f["ooxml.settings.defaultTabStop"], "a metric-locale tab stop")
	assert.Equal(t, "fr-FR", f["ooxml.styles.lang.val"])
	assert.Equal(t, "zh-CN", f["ooxml.styles.lang.eastAsia"])
	assert.Equal(t, "hi-IN", f["ooxml.styles.lang.bidi"])
	assert.Equal(t, "1", f["ooxml.lang[de-DE]"], "the German character style")
	assert.Equal(t, "fr-FR", rec.Languages[0], "dc:language first")
	assert.Contains(t, rec.Languages, "de-DE")
	assert.NotEmpty(t, f["ooxml.fontTable.font[0]"])

	// ZIP layer and fingerprint.
	assert.Equal(t, "_rels/.rels", f["ooxml.zip.entry[0]"])
	assert.Equal(t, "0x0808", f["ooxml.zip.entry[0].flags"])
	assert.True(t, strings.HasPrefix(f["ooxml.zip.mtime[_rels/.rels]"], "2024-05-06T07:08:"), "LibreOffice writes the save time, without offset: %q", f["ooxml.zip.mtime[_rels/.rels]"])
	assert.Equal(t, "w15", f["ooxml.ns.newest"])
	assert.Equal(t, "Office 2013", f["ooxml.ns.newest.release"])
	assert.Equal(t, "w14 w15 wp14", f["ooxml.mc.Ignorable"])
	assertProducer(t, rec, ooxml.FamilyLibreOffice)
	assert.Equal(t, "true", f["ooxml.fingerprint.agrees"])
	assert.Empty(t, rec.Problems)
}

func assertProducer(t *testing.T, rec *provenance.Record, family string) {
	t.Helper()
	assert.Equal(t, family, rec.Fields["ooxml.fingerprint.producer"], "evidence: %v", rec.Fields.WithPrefix("ooxml.fingerprint"))
	p := formattest.Software(rec, provenance.RoleProducer)
	require.Len(t, p, 1)
	assert.Equal(t, family, p[0].Raw)
	assert.Equal(t, "ooxml.fingerprint.producer", p[0].Source)
	assert.NotEmpty(t, rec.Fields["ooxml.fingerprint.evidence[0]"])
}

func TestLibreOfficeXlsx(t *testing.T) {
	rec := extract(t, "libreoffice.xlsx")
	f := rec.Fields
	assert.Equal(t, "xlsx", rec.Format)
	assert.Equal(t, "Рошка Георгий Петрович", rec.LastModifiedBy)
	assert.Equal(t, int64(25*60), rec.EditTimeSeconds)
	assert.Equal(t, "Calc", f["ooxml.workbook.fileVersion.appName"])
	assert.Equal(t, "Dépenses", f["ooxml.workbook.sheet[0]"])
	assert.Equal(t, "Recettes", f["ooxml.workbook.sheet[1]"])
	assert.Equal(t, "Total", f["ooxml.workbook.definedName[0]"])
	assert.Equal(t, "Dépenses!$A$1", f["ooxml.workbook.definedName[0].refersTo"])
	assert.Equal(t, "Workbook", f["ooxml.workbook.definedName[0].scope"], "resolved by excelize")
	assert.Equal(t, "Paul Leroy", f["ooxml.xl.comments.author[0]"])
	// styles.xml's fonts, each face once: the Normal style's first
	// (LibreOffice's default on the machine that made it).
	assert.Equal(t, "DejaVu Sans", f["ooxml.styles.font[0]"])
	assert.Equal(t, "Arial", f["ooxml.styles.font[1]"])
	assert.Equal(t, "DejaVu Serif", f["ooxml.styles.font[2]"])
	assert.Empty(t, f["ooxml.styles.font[3]"])
	assertProducer(t, rec, ooxml.FamilyLibreOffice)
}

func TestLibreOfficePptx(t *testing.T) {
	rec := extract(t, "libreoffice.pptx")
	f := rec.Fields
	assert.Equal(t, "pptx", rec.Format)
	assert.Equal(t, "Présentation T2", rec.Title)
	assert.Equal(t, "5", rec.Revision)
	assert.Equal(t, int64(600), rec.EditTimeSeconds)
	assert.Equal(t, "1", f["ooxml.presentation.slides"])
	assert.Equal(t, "Paul Leroy", f["ooxml.pptx.commentAuthor[0]"])
	assert.Equal(t, "PL", f["ooxml.pptx.commentAuthor[0].initials"])
	assert.Equal(t, "Paul Leroy", f["ooxml.pptx.comments.author[0]"])
	assert.Equal(t, "2017-03-02T10:00:00.000000000", f["ooxml.pptx.comments.author[0].first"])
	assert.Equal(t, "p15", f["ooxml.ns.newest"])
	assertProducer(t, rec, ooxml.FamilyLibreOffice)
}

func TestPythonDocx(t *testing.T) {
	rec := extract(t, "python-docx.docx")
	f := rec.Fields
	assert.Equal(t, "Protokoll", rec.Title)
	assert.Equal(t, []string{"Anna Schmidt"}, rec.Authors)
	assert.Equal(t, "Jan Novák", rec.LastModifiedBy)
	assert.Equal(t, "7", rec.Revision)
	assert.Equal(t, "Fixture", f["ooxml.core.cp:category"])
	assert.Equal(t, "2020-01-02T03:04:05Z", rec.Created.String())
	assert.Equal(t, "2020-01-03T04:05:06Z", rec.Modified.String())
	// python-docx keeps its template's claim to be Word 2011 for Mac.
	app := formattest.Software(rec, provenance.RoleApplication)
	require.Len(t, app, 1)
	assert.Equal(t, "Microsoft Macintosh Word", app[0].Raw)
	assert.Equal(t, "14.0000", app[0].Version)
	assert.Equal(t, "1", f["ooxml.lang[cs-CZ]"])
	assert.Equal(t, "de-DE", rec.Languages[0])
	assert.Contains(t, rec.Languages, "cs-CZ")
	// The template's IDs: every python-docx document shares them.
	assert.Equal(t, "00B47730", formattest.ID(rec, "ooxml.rsidRoot"))
	assert.Equal(t, "24062061", formattest.ID(rec, "ooxml.w14.docId"))
	assert.Equal(t, "{EF278816-EC6F-A645-907D-7F25AECB1D4A}", formattest.ID(rec, "ooxml.customXml.itemID"))
	assertProducer(t, rec, ooxml.FamilyPythonDocx)
	assert.Equal(t, "false", f["ooxml.fingerprint.agrees"], "claims Word, made by python-docx")
}

func TestOpenpyxl(t *testing.T) {
	rec := extract(t, "openpyxl.xlsx")
	f := rec.Fields
	assert.Equal(t, "Umsatz", rec.Title)
	assert.Equal(t, []string{"Karl Weber"}, rec.Authors)
	assert.Equal(t, "Eva Braun", rec.LastModifiedBy)
	assert.Equal(t, "2021-02-03T04:05:06Z", rec.Created.String())
	assert.True(t, strings.HasPrefix(rec.Modified.String(), "2024-05-06T07:08:"), "openpyxl stamps the save time: %s", rec.Modified)
	assert.Equal(t, "Daten", f["ooxml.workbook.sheet[0]"])
	assert.Equal(t, "Summe", f["ooxml.workbook.definedName[0]"])
	assert.Equal(t, "Karl Weber", f["ooxml.xl.comments.author[0]"])
	assertProducer(t, rec, ooxml.FamilyOpenpyxl)
}

func TestXlsxWriter(t *testing.T) {
	rec := extract(t, "xlsxwriter.xlsx")
	f := rec.Fields
	assert.Equal(t, "Ventas T3", rec.Title)
	assert.Equal(t, []string{"Lucía Pérez"}, rec.Authors)
	assert.Equal(t, "Ejemplo SA", rec.Company)
	assert.Equal(t, "Jorge Ruiz", rec.Manager)
	assert.Equal(t, "https://example.org/", f["ooxml.app.HyperlinkBase"])
	assert.Equal(t, "Borrador", f["ooxml.core.cp:contentStatus"])
	assert.Equal(t, "2022-03-04T05:06:07Z", rec.Created.String())
	assert.Equal(t, "Atlas", f["ooxml.custom.Proyecto"])
	assert.Equal(t, "vt:bool", f["ooxml.custom.Revisado.type"])
	assert.Equal(t, "vt:filetime", f["ooxml.custom.Fecha.type"])
	assert.Equal(t, "Ventas", f["ooxml.app.TitlesOfParts[0]"])
	assert.Equal(t, "4505", f["ooxml.workbook.fileVersion.rupBuild"])
	assert.Equal(t, "Lucía Pérez", f["ooxml.xl.comments.author[0]"])
	assertProducer(t, rec, ooxml.FamilyXlsxWriter)
}

func TestExcelize(t *testing.T) {
	rec := extract(t, "excelize.xlsx")
	f := rec.Fields
	assert.Equal(t, "Bilan 2023", rec.Title)
	assert.Equal(t, []string{"Hélène Roux"}, rec.Authors)
	assert.Equal(t, "Luc Moreau", rec.LastModifiedBy)
	assert.Equal(t, "9", rec.Revision)
	assert.Equal(t, "Exemple SARL", rec.Company)
	assert.Equal(t, "xlsx-fixture-1", f["ooxml.core.dc:identifier"])
	assert.Equal(t, "1.0", f["ooxml.core.cp:version"])
	assert.Equal(t, "2023-04-05T06:07:08Z", rec.Created.String())
	assert.Equal(t, "2023-04-06T07:08:09Z", rec.Modified.String())
	app := formattest.Software(rec, provenance.RoleApplication)
	require.Len(t, app, 1)
	assert.Equal(t, "Go Excelize", app[0].Raw)
	assert.Equal(t, "2.1100", app[0].Version)
	assert.Equal(t, "14420", f["ooxml.workbook.fileVersion.rupBuild"])
	assert.Equal(t, "122211", f["ooxml.workbook.calcPr.calcId"])
	assert.Equal(t, "Données", f["ooxml.workbook.sheet[0]"])
	assert.Equal(t, "Synthèse", f["ooxml.workbook.sheet[1]"])
	assert.Equal(t, "Hélène Roux", f["ooxml.xl.comments.author[0]"])
	assert.Equal(t, "vt:filetime", f["ooxml.custom.Échéance.type"])
	assert.NotEmpty(t, f["ooxml.zip.zero_dates"], "excelize writes DOS date 0")
	assertProducer(t, rec, ooxml.FamilyExcelize)
}

func TestPandoc(t *testing.T) {
	rec := extract(t, "pandoc.docx")
	assert.Equal(t, "Pandoc Titel", rec.Title)
	assert.Equal(t, []string{"Olga Petrova"}, rec.Authors)
	assert.Equal(t, "de-DE", rec.Languages[0])
	assertProducer(t, rec, ooxml.FamilyPandoc)
	assert.Equal(t, "false", rec.Fields["ooxml.fingerprint.agrees"], "pandoc's reference.docx claims Word 12")
}

func TestHostile(t *testing.T) {
	rec := extract(t, "hostile-bomb.docx")
	assert.Empty(t, rec.Fields["ooxml.app.Application"], "the bombed part is not read")
	assert.Equal(t, "Budget T2", rec.Title, "the rest is")
	require.NotEmpty(t, rec.Problems)
	assert.Contains(t, rec.Problems[0], "docProps/app.xml")

	rec = extract(t, "hostile-contenttype.docx")
	assert.Equal(t, "docx", rec.Format, "recognised by its main part")
	assert.Empty(t, rec.Authors, "core.xml is missing")
	assert.Contains(t, strings.Join(rec.Problems, "\n"), "not an OOXML main type")

	// A password-protected ZIP: flagged, and no fingerprint of parts
	// that could not be read.
	rec = extract(t, "hostile-zipcrypto.docx")
	assert.Equal(t, "docx", rec.Format)
	assert.NotEmpty(t, rec.Fields["ooxml.zip.encrypted"])
	require.Len(t, rec.Problems, 1)
	assert.Contains(t, rec.Problems[0], formats.ErrEncrypted.Error())
	assert.Empty(t, rec.Fields["ooxml.fingerprint.producer"])
	assert.Empty(t, rec.Software)

	// 5,000 nested paragraphs in the body: skimmed past, since they hold
	// no author, language or namespace declaration.
	rec = extract(t, "hostile-deep.docx")
	assert.Equal(t, "Budget T2", rec.Title)
	assert.NotContains(t, strings.Join(rec.Problems, "\n"), "nested deeper")

	// The same nesting inside an element that declares a namespace, which
	// is read whole: the depth cap ends the walk of that part.
	deep := `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p xmlns:x="urn:x">` +
		strings.Repeat("<w:p>", 5000) + strings.Repeat("</w:p>", 5000) + `</w:p></w:body></w:document>`
	data := zipOf(t, map[string]string{"[Content_Types].xml": ctWord, "_rels/.rels": rels, "word/document.xml": deep},
		"[Content_Types].xml", "_rels/.rels", "word/document.xml")
	rec, err := ooxml.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	assert.Contains(t, strings.Join(rec.Problems, "\n"), "nested deeper")
}

// zipOf builds a package in memory.
func zipOf(t *testing.T, parts map[string]string, order ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range order {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, err = w.Write([]byte(parts[name]))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

const (
	ctWord = `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`
	rels   = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`
)

func TestSettingsAndChanges(t *testing.T) {
	data := zipOf(t, map[string]string{
		"[Content_Types].xml": ctWord,
		"_rels/.rels":         rels,
		"docProps/core.xml": `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">
			<dc:creator>A</dc:creator><dcterms:created>2017-03-01T09:12:00+01:00</dcterms:created><dcterms:modified>2017-03-01T09:12:00</dcterms:modified><cp:lastPrinted>2017-03-02</cp:lastPrinted></cp:coreProperties>`,
		"word/document.xml": `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w16du="http://schemas.microsoft.com/office/word/2023/wordml/word16du"><w:body>
			<w:p><w:ins w:id="1" w:author="Ivan" w:date="2017-03-27T13:55:00Z" w16du:dateUtc="2017-03-27T10:55:00Z"><w:r><w:rPr><w:lang w:val="ru-RU"/></w:rPr><w:t>x</w:t></w:r></w:ins>
			<w:del w:id="2" w:author="Ivan" w:date="2017-03-28T08:00:00Z"/><w:r><w:rPr><w:rPrChange w:id="3" w:author="Olga" w:date="2017-03-26T08:00:00Z"/></w:rPr></w:r></w:p></w:body></w:document>`,
		"word/_rels/document.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/></Relationships>`,
		"word/settings.xml": `<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">
			<w:attachedTemplate r:id="rId1"/><w:defaultTabStop w:val="720"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
			<w:rsids><w:rsidRoot w:val="00A1B2C3"/><w:rsid w:val="00A1B2C3"/><w:rsid w:val="00D4E5F6"/></w:rsids>
			<w:themeFontLang w:val="ru-RU" w:eastAsia="ja-JP"/><w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/>
			<w14:docId w14:val="1A2B3C4D"/><w15:docId w15:val="{11111111-2222-3333-4444-555555555555}"/></w:settings>`,
		"word/_rels/settings.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="file:///C:\Users\ivan\AppData\Roaming\Microsoft\Templates\Normal.dotm" TargetMode="External"/></Relationships>`,
		"word/people.xml":              `<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="Ivan"><w15:presenceInfo w15:providerId="AD" w15:userId="S::ivan@example.ru::abc"/></w15:person></w15:people>`,
	}, "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "word/document.xml", "word/_rels/document.xml.rels", "word/settings.xml", "word/_rels/settings.xml.rels", "word/people.xml")
	probed, rec, err := extractProbed(t, data)
	require.True(t, probed)
	require.NoError(t, err)
	f := rec.Fields
	assert.Equal(t, "2017-03-01T09:12:00+01:00", rec.Created.String(), "offset kept")
	assert.Equal(t, "2017-03-01T09:12:00", rec.Modified.String(), "no offset invented")
	assert.Equal(t, "2017-03-02T00:00:00", rec.Printed.String())
	assert.Equal(t, "00A1B2C3", formattest.ID(rec, "ooxml.rsidRoot"))
	assert.Equal(t, "1A2B3C4D", formattest.ID(rec, "ooxml.w14.docId"))
	assert.Equal(t, "{11111111-2222-3333-4444-555555555555}", formattest.ID(rec, "ooxml.w15.docId"))
	assert.Equal(t, "2", f["ooxml.settings.rsids"])
	assert.Equal(t, "00D4E5F6", f["ooxml.settings.rsid[1]"])
	assert.Equal(t, `file:///C:\Users\ivan\AppData\Roaming\Microsoft\Templates\Normal.dotm`, f["ooxml.settings.attachedTemplate.target"])
	assert.Equal(t, "15", f["ooxml.settings.compatibilityMode"])
	assert.Equal(t, "ru-RU", f["ooxml.settings.themeFontLang.val"])
	assert.Equal(t, "ja-JP", f["ooxml.settings.themeFontLang.eastAsia"])
	assert.Equal(t, ",", f["ooxml.settings.decimalSymbol"])
	assert.Equal(t, ";", f["ooxml.settings.listSeparator"])
	assert.Equal(t, "3", f["ooxml.changes"])
	assert.Equal(t, "Ivan", f["ooxml.changes.author[0]"])
	assert.Equal(t, "2", f["ooxml.changes.author[0].count"])
	assert.Equal(t, "2017-03-27T13:55:00Z", f["ooxml.changes.author[0].first"])
	assert.Equal(t, "2017-03-28T08:00:00Z", f["ooxml.changes.author[0].last"])
	assert.Equal(t, "Olga", f["ooxml.changes.author[1]"])
	assert.Equal(t, "2017-03-27T10:55:00Z", f["ooxml.changes.dateUtc.first"])
	assert.Equal(t, "Ivan", f["ooxml.people.person[0]"])
	assert.Equal(t, "AD", f["ooxml.people.person[0].providerId"])
	assert.Equal(t, "S::ivan@example.ru::abc", f["ooxml.people.person[0].userId"])
	assert.Equal(t, []string{"ru-RU"}, rec.Languages)
	assert.Equal(t, "w16du", f["ooxml.ns.newest"], "Word 365's UTC dates of changes")
	assert.Equal(t, "Microsoft 365", f["ooxml.ns.newest.release"])
	assert.Empty(t, rec.Problems)
}

func TestWorkbookTraces(t *testing.T) {
	data := zipOf(t, map[string]string{
		"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>`,
		"_rels/.rels":         `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15 xr" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision">
			<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/><workbookPr date1904="1" defaultThemeVersion="166925"/>
			<mc:AlternateContent><mc:Choice Requires="x15"><x15ac:absPath xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac" url="C:\Users\rgp\Documents\"/></mc:Choice></mc:AlternateContent>
			<xr:revisionPtr revIDLastSave="0" documentId="13_ncr:1_{ABCDEF01-2345-6789-ABCD-EF0123456789}" xr6:coauthVersionLast="47" xmlns:xr6="http://schemas.microsoft.com/office/spreadsheetml/2016/revision6"/>
			<sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/><sheet name="Hidden" sheetId="2" state="hidden" r:id="rId2"/></sheets>
			<definedNames><definedName name="Local" localSheetId="1">Hidden!$A$1</definedName></definedNames><calcPr calcId="191029"/></workbook>`,
		"xl/_rels/workbook.xml.rels":               `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`,
		"xl/persons/person.xml":                    `<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><person displayName="Рошка" id="{P1}" userId="rgp@example.ru" providerId="AD"/></personList>`,
		"xl/threadedComments/threadedComment1.xml": `<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><threadedComment ref="A1" dT="2017-03-27T11:02:03.45" personId="{P1}" id="{C1}"><text>да</text></threadedComment></ThreadedComments>`,
	}, "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/persons/person.xml", "xl/threadedComments/threadedComment1.xml")
	probed, rec, err := extractProbed(t, data)
	require.True(t, probed)
	require.NoError(t, err)
	f := rec.Fields
	assert.Equal(t, "xlsm", rec.Format)
	assert.Equal(t, "27328", f["ooxml.workbook.fileVersion.rupBuild"])
	assert.Equal(t, "7", f["ooxml.workbook.fileVersion.lastEdited"])
	assert.Equal(t, "191029", f["ooxml.workbook.calcPr.calcId"])
	assert.Equal(t, "1", f["ooxml.workbook.workbookPr.date1904"])
	assert.Equal(t, `C:\Users\rgp\Documents\`, f["ooxml.workbook.absPath"])
	assert.Equal(t, "13_ncr:1_{ABCDEF01-2345-6789-ABCD-EF0123456789}", formattest.ID(rec, "ooxml.workbook.documentId"))
	assert.Equal(t, "Лист1", f["ooxml.workbook.sheet[0]"])
	assert.Equal(t, "hidden", f["ooxml.workbook.sheet[1].state"])
	assert.Equal(t, "Hidden", f["ooxml.workbook.definedName[0].scope"], "localSheetId resolved by excelize")
	assert.Equal(t, "Рошка", f["ooxml.xl.person[0]"])
	assert.Equal(t, "rgp@example.ru", f["ooxml.xl.person[0].userId"])
	assert.Equal(t, "Рошка", f["ooxml.xl.threadedComments.author[0]"])
	assert.Equal(t, "2017-03-27T11:02:03.45", f["ooxml.xl.threadedComments.author[0].first"])
	assert.Equal(t, "xr6", f["ooxml.ns.newest"])
	assert.Equal(t, "x15 xr", f["ooxml.mc.Ignorable"])
}

func TestBadInput(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":             nil,
		"not zip":           []byte("hello"),
		"zip without ooxml": zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text"}, "mimetype"),
	} {
		t.Run(name, func(t *testing.T) {
			head := data[:min(len(data), formats.SniffLen)]
			assert.False(t, ooxml.Format{}.Probe(bytes.NewReader(data), int64(len(data)), head))
			rec, err := ooxml.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
			assert.Nil(t, rec)
			assert.Error(t, err)
		})
	}
	// A package whose main part is missing is claimed (its relationships
	// point into word/) and reported as malformed.
	nomain := zipOf(t, map[string]string{"[Content_Types].xml": ctWord, "_rels/.rels": rels}, "[Content_Types].xml", "_rels/.rels")
	_, err := ooxml.Format{}.Extract(context.Background(), bytes.NewReader(nomain), int64(len(nomain)))
	assert.ErrorIs(t, err, formats.ErrMalformed)

	// An OLE2 file (an encrypted OOXML document) is not claimed.
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	assert.False(t, ooxml.Format{}.Probe(bytes.NewReader(ole), int64(len(ole)), ole))
	_, err = ooxml.Format{}.Extract(context.Background(), bytes.NewReader(ole), int64(len(ole)))
	assert.True(t, errors.Is(err, formats.ErrUnsupported))

	// A truncated package is claimed from its local headers and reported
	// as malformed.
	good, err := os.ReadFile(filepath.Join(fixtures, "libreoffice.docx"))
	require.NoError(t, err)
	cut := good[:len(good)/2]
	assert.True(t, ooxml.Format{}.Probe(bytes.NewReader(cut), int64(len(cut)), cut[:min(len(cut), formats.SniffLen)]))
	_, err = ooxml.Format{}.Extract(context.Background(), bytes.NewReader(cut), int64(len(cut)))
	assert.True(t, errors.Is(err, formats.ErrMalformed), "%v", err)

	// A cancelled context stops the extraction.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = ooxml.Format{}.Extract(ctx, bytes.NewReader(good), int64(len(good)))
	assert.ErrorIs(t, err, context.Canceled)
}

func TestEncryptedPackage(t *testing.T) {
	assert.True(t, ooxml.IsEncryptedPackage([]string{"\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"}))
	assert.False(t, ooxml.IsEncryptedPackage([]string{"WordDocument", "1Table"}))

	agile := append([]byte{4, 0, 4, 0, 0x40, 0, 0, 0}, []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password"><keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="x"/><dataIntegrity encryptedHmacKey="x" encryptedHmacValue="y"/><keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password"><p:encryptedKey spinCount="100000" saltSize="16"/></keyEncryptor></keyEncryptors></encryption>`)...)
	f := provenance.Fields{}
	require.NoError(t, ooxml.ParseEncryptionInfo(agile, f, "ooxml.encryption"))
	assert.Equal(t, "4.4", f["ooxml.encryption.version"])
	assert.Equal(t, "agile", f["ooxml.encryption.type"])
	assert.Equal(t, "AES", f["ooxml.encryption.keyData.cipherAlgorithm"])
	assert.Equal(t, "SHA512", f["ooxml.encryption.keyData.hashAlgorithm"])
	assert.Equal(t, "256", f["ooxml.encryption.keyData.keyBits"])
	assert.Equal(t, "100000", f["ooxml.encryption.spinCount"])
	assert.Equal(t, "password", f["ooxml.encryption.keyEncryptors"])
	assert.Error(t, ooxml.ParseEncryptionInfo([]byte{1, 2}, provenance.Fields{}, "x"))
}

func TestParseW3CDTF(t *testing.T) {
	for in, want := range map[string]string{
		"2017-03-01T09:12:00Z":        "2017-03-01T09:12:00Z",
		"2017-03-01T09:12:00.5+03:00": "2017-03-01T09:12:00.5+03:00",
		"2017-03-01T09:12Z":           "2017-03-01T09:12:00Z",
		"2017-03-01T09:12:00":         "2017-03-01T09:12:00",
		"2017-03-01":                  "2017-03-01T00:00:00",
		"1601-01-01T00:00:00Z":        "1601-01-01T00:00:00Z",
	} {
		ts, err := ooxml.ParseW3CDTF(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, ts.String(), in)
	}
	_, err := ooxml.ParseW3CDTF("yesterday")
	assert.Error(t, err)
}

// Bytes that are not UTF-8 in a part are shown as U+FFFD, and the Record
// says so instead of leaving JSON to replace them silently.
func TestInvalidUTF8IsAProblem(t *testing.T) {
	core := "<?xml version=\"1.0\" encoding=\"UTF-8\"?><cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator>Jos\xe9 Mart\xedn</dc:creator></cp:coreProperties>"
	relsCore := `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`
	doc := `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>`
	data := zipOf(t, map[string]string{"[Content_Types].xml": ctWord, "_rels/.rels": relsCore, "word/document.xml": doc, "docProps/core.xml": core},
		"[Content_Types].xml", "_rels/.rels", "word/document.xml", "docProps/core.xml")
	rec, err := ooxml.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	assert.Equal(t, []string{"Jos\uFFFD Mart\uFFFDn"}, rec.Authors)
	assert.Contains(t, strings.Join(rec.Problems, "\n"), "docProps/core.xml: 2 byte(s) that are not UTF-8")
}

// wpsDocx builds a Word package with the given core.xml body, app.xml
// Application and custom.xml properties (name, vt:lpwstr value pairs).
func wpsDocx(t *testing.T, core, application string, custom ...string) []byte {
	t.Helper()
	var props strings.Builder
	for i := 0; i+1 < len(custom); i += 2 {
		fmt.Fprintf(&props, `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="%d" name="%s"><vt:lpwstr>%s</vt:lpwstr></property>`, i/2+2, custom[i], custom[i+1])
	}
	return zipOf(t, map[string]string{
		"[Content_Types].xml": ctWord,
		"_rels/.rels":         rels,
		"docProps/core.xml":   `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` + core + `</cp:coreProperties>`,
		"docProps/app.xml":    `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>` + application + `</Application></Properties>`,
		"docProps/custom.xml": `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` + props.String() + `</Properties>`,
		"word/document.xml":   `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>`,
	}, "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "docProps/custom.xml", "word/document.xml")
}

// Office writes cp:lastPrinted 1601-01-01T00:00:00Z, the FILETIME zero,
// for a document never printed: that is no print time. The raw field
// stays.
func TestLastPrintedFiletimeZeroIsNoPrintTime(t *testing.T) {
	for _, c := range []struct{ raw, want string }{
		{"1601-01-01T00:00:00Z", ""},
		{"1601-01-01T00:00:00", ""},
		{"1601-06-30", ""},
		{"1602-01-01T00:00:00Z", "1602-01-01T00:00:00Z"}, // implausible, but a date; the checks judge it
		{"2017-03-02T10:00:00Z", "2017-03-02T10:00:00Z"},
	} {
		data := wpsDocx(t, `<dc:creator>A</dc:creator><cp:lastPrinted>`+c.raw+`</cp:lastPrinted><dcterms:created xsi:type="dcterms:W3CDTF">2017-03-01T09:12:00Z</dcterms:created>`, "Microsoft Office Word")
		_, rec, err := extractProbed(t, data)
		require.NoError(t, err)
		assert.Equal(t, c.raw, rec.Fields["ooxml.core.cp:lastPrinted"], "raw kept")
		if c.want == "" {
			assert.True(t, rec.Printed.IsZero(), "%s: printed %s", c.raw, rec.Printed)
		} else {
			assert.Equal(t, c.want, rec.Printed.String())
		}
		assert.Empty(t, rec.Problems)
		assert.Equal(t, "2017-03-01T09:12:00Z", rec.Created.String())
	}
}

// WPS Office's custom property KSOProductBuildVer ("<LCID>-<build>") names
// the build that saved the file: an application entry "WPS Office" of that
// version, unless the Application already states it.
func TestWPSBuildIsApplication(t *testing.T) {
	cases := []struct {
		name, application, kso string
		want                   []string // name@version of the application entries
	}{
		{"localised name without a version", "WPS 表格", "2052-11.1.0.10700", []string{"WPS 表格@", "WPS Office@11.1.0.10700"}},
		{"same build in Application", "WPS Office_12.9.0.21549_F1E327BC-269C-435d-A152-05C5408002CA", "1033-12.9.0.21549", []string{"WPS Office@12.9.0.21549"}},
		{"kept by a later program", "LibreOffice/5.3.4.2$Windows_x86 LibreOffice_project/f82d347ccc0be322489bf7da61d7e4ad13fe2ff3", "1033-10.2.0.5890", []string{"LibreOffice@5.3.4.2", "WPS Office@10.2.0.5890"}},
		{"not a build", "WPS Spreadsheets", "unknown", []string{"WPS Spreadsheets@"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, rec, err := extractProbed(t, wpsDocx(t, `<dc:creator>dsx</dc:creator>`, c.application, "KSOProductBuildVer", c.kso))
			require.NoError(t, err)
			var got []string
			for _, s := range formattest.Software(rec, provenance.RoleApplication) {
				got = append(got, s.Name+"@"+s.Version)
				if s.Source == "ooxml.custom.KSOProductBuildVer" {
					assert.Equal(t, c.kso, s.Raw)
				}
			}
			assert.Equal(t, c.want, got)
			assert.Equal(t, c.kso, rec.Fields["ooxml.custom.KSOProductBuildVer"])
		})
	}
}

// LibreOffice writes its version in Application and a fixed placeholder,
// 15.0000, in AppVersion: the version, and the release it dates from,
// come from Application, for each version the issue names.
func TestLibreOfficeVersionFromApplication(t *testing.T) {
	for _, c := range []struct{ app, version, release string }{
		{"LibreOffice/24.8.4.2$Linux_X86_64 LibreOffice_project/bb3cfa12c7b1bf994ecc5649a80400d06cd71002", "24.8.4.2", "24.8"},
		{"LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2", "7.4.7.2", "7.4"},
		{"LibreOffice/7.3.6.2$Windows_X86_64 LibreOffice_project/c28ca90fd6e1a19e189fc16c05f8f8924961e12e", "7.3.6.2", "7.3"},
	} {
		data := zipOf(t, map[string]string{
			"[Content_Types].xml": ctWord,
			"_rels/.rels":         rels,
			"docProps/core.xml":   `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>A</dc:creator></cp:coreProperties>`,
			"docProps/app.xml":    `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Template></Template><TotalTime>1</TotalTime><Application>` + c.app + `</Application><AppVersion>15.0000</AppVersion></Properties>`,
			"word/document.xml":   `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>`,
		}, "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml")
		_, rec, err := extractProbed(t, data)
		require.NoError(t, err)
		app := formattest.Software(rec, provenance.RoleApplication)
		require.Len(t, app, 1, c.app)
		assert.Equal(t, "LibreOffice", app[0].Name)
		assert.Equal(t, c.version, app[0].Version, "not the AppVersion placeholder")
		assert.Equal(t, "15.0000", rec.Fields["ooxml.app.AppVersion"], "the placeholder stays in Fields")
		rel, ok := provenance.ReleaseOf(app[0].Name, app[0].Version)
		require.True(t, ok, c.app)
		assert.Equal(t, c.release, rel.Version)
	}
}
