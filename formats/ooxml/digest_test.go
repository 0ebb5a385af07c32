package ooxml_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats/odf"
	"github.com/docprov/docprov/formats/ole"
	"github.com/docprov/docprov/formats/ooxml"
	"github.com/docprov/docprov/provenance"
)

// digestFixtures were made by LibreOffice, python-docx and openpyxl with
// testdata/digest/make.sh.
const digestFixtures = "testdata/digest"

// extractAny reads a fixture with the extractor of its family.
func extractAny(t *testing.T, name string) *provenance.Record {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(digestFixtures, name))
	require.NoError(t, err)
	r, size := bytes.NewReader(data), int64(len(data))
	var rec *provenance.Record
	switch filepath.Ext(name) {
	case ".docx", ".xlsx", ".pptx":
		rec, err = ooxml.Format{}.Extract(context.Background(), r, size)
	case ".odt", ".ods", ".odp":
		rec, err = odf.Format{}.Extract(context.Background(), r, size)
	case ".doc", ".xls", ".ppt":
		rec, err = ole.Format{}.Extract(context.Background(), r, size)
	}
	require.NoError(t, err, name)
	require.NotNil(t, rec, name)
	checkDigest(t, rec, name)
	return rec
}

var hex64 = regexp.MustCompile(`^[0-9a-f]{64}$`)

// checkDigest checks the content digest's contract on a Record: chars a
// non-negative decimal integer, the digest present exactly when chars is
// positive, as 64 lowercase hex digits, and neither without chars.
func checkDigest(t testing.TB, rec *provenance.Record, name string) {
	t.Helper()
	chars, hasChars := rec.Fields["content.chars"]
	sum, hasSum := rec.Fields["content.sha256"]
	if !hasChars {
		if hasSum {
			t.Fatalf("%s: content.sha256 without content.chars", name)
		}
		return
	}
	n, err := strconv.Atoi(chars)
	if err != nil || n < 0 || strconv.Itoa(n) != chars {
		t.Fatalf("%s: content.chars %q is not a non-negative integer", name, chars)
	}
	if hasSum != (n > 0) {
		t.Fatalf("%s: content.chars %d but content.sha256 %q", name, n, sum)
	}
	if hasSum && !hex64.MatchString(sum) {
		t.Fatalf("%s: content.sha256 %q is not 64 hex digits", name, sum)
	}
}

// invoiceText is the invoice's text as the digest normalizes it: the
// heading, the paragraphs and the table's cells in order, one space
// between, entities resolved.
const invoiceText = "Invoice 2024-117 Billed to: Société Générale d’Études, 12 rue de l’Église, Paris. " +
	"Services rendered in March 2024 & April 2024, as agreed on 2 February. " +
	"Item Hours Amount Consulting 12 1 440.00 EUR Travel 3 210.00 EUR " +
	"Total due: 1 650.00 EUR — payable within 30 days. Grüße, Ølaf Ångström"

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// TestDigestAcrossProducers: the invoice digests alike in every format and
// from every producer that wrote its text unchanged — LibreOffice's odt,
// its re-save, its docx and doc, the odt made back from that docx, the
// docx made back from that doc, python-docx typing the same text into
// Word's template, and LibreOffice's odt of that — while one changed
// figure or a replaced text digests differently, though the identifiers
// stay.
func TestDigestAcrossProducers(t *testing.T) {
	want := sha(invoiceText)
	for _, name := range []string{
		"invoice.odt", "invoice-resaved.odt", "invoice.docx", "invoice.doc",
		"invoice-from-docx.odt", "invoice-from-doc.docx", "letter.docx", "letter.odt",
	} {
		rec := extractAny(t, name)
		assert.Equal(t, want, rec.Fields["content.sha256"], name)
		assert.Equal(t, strconv.Itoa(len([]rune(invoiceText))), rec.Fields["content.chars"], name)
	}

	// The forgery the digest is for: python-docx changes "12" hours to
	// "14" and keeps every identifier.
	orig, forged := extractAny(t, "letter.docx"), extractAny(t, "letter-forged.docx")
	assert.Equal(t, sha(strings.Replace(invoiceText, "Consulting 12", "Consulting 14", 1)), forged.Fields["content.sha256"])
	assert.NotEmpty(t, orig.Fields["ooxml.settings.rsidRoot"])
	assert.Equal(t, orig.Fields["ooxml.settings.rsidRoot"], forged.Fields["ooxml.settings.rsidRoot"])
	lo, loForged := extractAny(t, "invoice.docx"), extractAny(t, "invoice-forged.docx")
	assert.Equal(t, forged.Fields["content.sha256"], loForged.Fields["content.sha256"])
	assert.NotEqual(t, lo.Fields["content.sha256"], loForged.Fields["content.sha256"])

	// Save As with every text replaced: a different document with the
	// same rsidRoot.
	replaced := extractAny(t, "letter-replaced.docx")
	assert.Equal(t, orig.Fields["ooxml.settings.rsidRoot"], replaced.Fields["ooxml.settings.rsidRoot"])
	assert.NotEqual(t, orig.Fields["content.sha256"], replaced.Fields["content.sha256"])
	assert.NotEqual(t, forged.Fields["content.sha256"], replaced.Fields["content.sha256"])
	assert.Equal(t, replaced.Fields["content.sha256"], extractAny(t, "invoice-replaced.docx").Fields["content.sha256"])

	// LibreOffice keeps the ODF RsidRoot when it re-saves, and the digest
	// with it; an odt made from the docx has a new RsidRoot, same digest.
	odt, resaved, fromDocx := extractAny(t, "invoice.odt"), extractAny(t, "invoice-resaved.odt"), extractAny(t, "invoice-from-docx.odt")
	assert.Equal(t, odt.Fields["odf.settings.RsidRoot"], resaved.Fields["odf.settings.RsidRoot"])
	assert.NotEqual(t, odt.Fields["odf.settings.RsidRoot"], fromDocx.Fields["odf.settings.RsidRoot"])
}

// TestDigestSpreadsheets: openpyxl's workbook, LibreOffice's ods and xls of
// it and the xlsx LibreOffice made back from the ods digest alike; one
// number changed digests differently.
func TestDigestSpreadsheets(t *testing.T) {
	want := sha("Item Q1 Q2 Rent 1200 1250.5 Staff 8000 8100 Total 9200 9350.5")
	for _, name := range []string{"sheet.xlsx", "sheet.ods", "sheet-from-ods.xlsx", "sheet.xls"} {
		assert.Equal(t, want, extractAny(t, name).Fields["content.sha256"], name)
	}
	assert.Equal(t, sha("Item Q1 Q2 Rent 1200 1250.5 Staff 8000 8200 Total 9200 9350.5"), extractAny(t, "sheet-forged.xlsx").Fields["content.sha256"])
}

// TestDigestEmpty: documents without text have content.chars "0" and no
// digest, so that two empty documents do not pass for copies.
func TestDigestEmpty(t *testing.T) {
	for _, name := range []string{"empty.odt", "empty.docx", "empty-python-docx.docx"} {
		rec := extractAny(t, name)
		assert.Equal(t, "0", rec.Fields["content.chars"], name)
		assert.NotContains(t, rec.Fields, "content.sha256", name)
	}
}

// docPackage is a minimal package around one main part.
func docPackage(t testing.TB, main, ct string, parts map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	all := map[string]string{
		"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/` + main + `" ContentType="` + ct + `"/></Types>`,
		"_rels/.rels":         `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="` + main + `"/></Relationships>`,
	}
	for k, v := range parts {
		all[k] = v
	}
	for name, data := range all {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, err = w.Write([]byte(data))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func digestOf(t *testing.T, data []byte) (sum, chars string) {
	t.Helper()
	rec, err := ooxml.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	checkDigest(t, rec, "package")
	return rec.Fields["content.sha256"], rec.Fields["content.chars"]
}

// TestDigestWordText: what counts in a Word body and what does not.
func TestDigestWordText(t *testing.T) {
	cases := []struct{ body, text string }{
		{`<w:p><w:r><w:t>Hel</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>lo</w:t></w:r></w:p><w:p><w:r><w:t>world</w:t></w:r></w:p>`, "Hello world"},
		{`<w:p><w:r><w:t xml:space="preserve">  a  </w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c&amp;d&#x20AC;&lt;</w:t></w:r></w:p>`, "a b c&d€<"},
		{`<w:p><w:ins w:author="x"><w:r><w:t>kept</w:t></w:r></w:ins><w:del w:author="x"><w:r><w:delText>gone</w:delText></w:r></w:del><w:moveFrom><w:r><w:t>moved</w:t></w:r></w:moveFrom></w:p>`, "kept"},
		{`<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r></w:p>`, "7"},
		{`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>after</w:t></w:r></w:p>`, "box after"},
		{`<w:p><w:r><w:t>a<!-- x --><![CDATA[<b>]]>c</w:t><w:t/><w:softHyphen/><w:noBreakHyphen/><w:t>` + "soft\u00adhy\u200bphen\u00a0nbsp" + `</w:t></w:r></w:p>`, "a<b>c\u2011softhyphen nbsp"},
		{`<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>x</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>y</w:t></w:r></w:p>`, "x y"},
	}
	for _, c := range cases {
		sum, chars := digestOf(t, wordDoc(t, c.body))
		assert.Equal(t, sha(c.text), sum, c.body)
		assert.Equal(t, strconv.Itoa(len([]rune(c.text))), chars, c.body)
	}
	sum, chars := digestOf(t, wordDoc(t, `<w:p><w:r><w:t> </w:t></w:r></w:p><w:sectPr/>`))
	assert.Equal(t, "", sum)
	assert.Equal(t, "0", chars)

	// Another prefix for the main namespace, declared on the root.
	doc := `<x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body><x:p><x:r><x:t>other prefix</x:t></x:r></x:p></x:body></x:document>`
	sum, _ = digestOf(t, docPackage(t, "word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", map[string]string{"word/document.xml": doc}))
	assert.Equal(t, sha("other prefix"), sum)
}

// TestDigestWorkbookAndSlides: cells in the workbook's sheet order with
// shared strings resolved (phonetic readings out), and slides in the
// presentation's order.
func TestDigestWorkbookAndSlides(t *testing.T) {
	const sml = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	rels := `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>` +
		`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
	xlsx := docPackage(t, "xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", map[string]string{
		"xl/workbook.xml":            `<workbook ` + sml + `><sheets><sheet name="B" sheetId="2" r:id="rId2"/><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": rels,
		"xl/sharedStrings.xml":       `<sst ` + sml + `><si><t>first</t></si><si><r><t>ri</t></r><r><t>ch</t></r><rPh><t>ruby</t></rPh></si></sst>`,
		"xl/worksheets/sheet1.xml":   `<worksheet ` + sml + `><sheetData><row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1"><f>1+1</f><v>2</v></c><c r="C1" s="3"/></row></sheetData></worksheet>`,
		"xl/worksheets/sheet2.xml":   `<worksheet ` + sml + `><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>in&amp;line</t></is></c><c r="C1" t="b"><v>1</v></c></row></sheetData></worksheet>`,
	})
	sum, _ := digestOf(t, xlsx)
	assert.Equal(t, sha("first in&line 1 rich 2"), sum)

	const pml = `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"`
	slide := func(text string) string {
		return `<p:sld ` + pml + `><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>` + text + `</a:t></a:r><a:br/><a:r><a:t>line</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`
	}
	pptx := docPackage(t, "ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", map[string]string{
		"ppt/presentation.xml": `<p:presentation ` + pml + `><p:sldIdLst><p:sldId id="257" r:id="rId3"/><p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>`,
		"ppt/_rels/presentation.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide1.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide2.xml"/></Relationships>`,
		"ppt/slides/slide1.xml": slide("one"),
		"ppt/slides/slide2.xml": slide("two"),
	})
	sum, _ = digestOf(t, pptx)
	assert.Equal(t, sha("two line one line"), sum)
}

// TestDigestCorpus checks the digest's contract on every OOXML file of the
// shared corpus, skimmed and read in full alike, and that files of the
// corpus that are one document in two formats digest alike: Word's own doc
// and docx of a document with tracked changes (Apache Tika's
// testWORD_features), and Apache POI's xls and xlsx of tile-range-test.
func TestDigestCorpus(t *testing.T) {
	files := corpusFiles(t)
	for _, pair := range [][2]string{
		{"files/docx/tika__testWORD_features.docx", "files/doc/tika__testWORD_features.doc"},
		{"files/xlsx/poi__tile-range-test.xlsx", "files/xls/poi__tile-range-test.xls"},
	} {
		var sums []string
		for _, name := range pair {
			data, err := os.ReadFile(filepath.Join(sharedCorpus, name))
			if err != nil {
				break
			}
			var rec *provenance.Record
			if strings.HasSuffix(name, "x") {
				rec, err = ooxml.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
			} else {
				rec, err = ole.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
			}
			require.NoError(t, err, name)
			sums = append(sums, rec.Fields["content.sha256"])
		}
		if len(sums) == 2 {
			assert.NotEmpty(t, sums[0], pair[0])
			assert.Equal(t, sums[0], sums[1], "%s and %s", pair[0], pair[1])
		}
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		for _, f := range []ooxml.Format{{}, ooxml.FullRead} {
			rec, err := f.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
			if err == nil {
				checkDigest(t, rec, path)
			}
		}
	}
}
