package ooxml_test

import (
	"archive/zip"
	"bytes"
	"path/filepath"
	"testing"

	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/ooxml"
)

// check holds Probe and Extract to formattest.Check's property (no panic,
// no hang, a sentinel error or a Record that round-trips through its JSON)
// and a Record's content digest to its contract.
func check(t *testing.T, data []byte) {
	if rec := formattest.Check(t, ooxml.Format{}, data); rec != nil {
		checkDigest(t, rec, "input")
	}
}

// FuzzExtract feeds arbitrary bytes to the extractor, seeded with every
// fixture in testdata/ooxml. Most mutations of a ZIP break its central
// directory; FuzzParts reaches the XML parsers.
func FuzzExtract(f *testing.F) {
	for _, b := range formattest.Seeds(f, filepath.Join(fixtures, "*.*x"), 64<<10-1) {
		f.Add(b)
	}
	f.Fuzz(check)
}

// FuzzParts puts arbitrary XML into the parts docprov parses by hand —
// core.xml, app.xml, custom.xml, settings.xml, the document body,
// workbook.xml, [Content_Types].xml and the relationships — of an otherwise
// valid package.
func FuzzParts(f *testing.F) {
	seeds := []string{
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>A</dc:creator></cp:coreProperties>`,
		`<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:rsids><w:rsidRoot w:val="00A1"/><w:rsid w:val="00A1"/></w:rsids></w:settings>`,
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:ins w:author="x" w:date="2017"/><w:lang w:val="fr-FR"/></w:body></w:document>`,
		`<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>`,
		`<?xml version="1.0" encoding="UTF-16"?><x/>`,
		"\xff\xfe<\x00x\x00/\x00>\x00",
	}
	for i, s := range seeds {
		f.Add(uint8(i), []byte(s))
	}
	f.Add(uint8(4), []byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body><w:p><w:r><w:t xml:space="preserve"> a&amp;b </w:t><w:tab/><mc:Fallback><w:t>x</w:t></mc:Fallback><w:del><w:t>d</w:t></w:del><w:t><![CDATA[c]]></w:t></w:r></w:p></w:body></w:document>`))
	targets := []string{"docProps/core.xml", "docProps/app.xml", "docProps/custom.xml", "word/settings.xml", "word/document.xml", "xl/workbook.xml", "[Content_Types].xml", "_rels/.rels", "word/_rels/settings.xml.rels", "customXml/itemProps1.xml"}
	f.Fuzz(func(t *testing.T, which uint8, part []byte) {
		target := targets[int(which)%len(targets)]
		main := "word/document.xml"
		ct := "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
		if target == "xl/workbook.xml" {
			main, ct = "xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
		}
		parts := map[string][]byte{
			"[Content_Types].xml": []byte(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/` + main + `" ContentType="` + ct + `"/></Types>`),
			"_rels/.rels":         []byte(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="` + main + `"/></Relationships>`),
			main:                  []byte(`<x/>`),
			target:                part,
		}
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for name, b := range parts {
			w, err := zw.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(b)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		check(t, buf.Bytes())
	})
}
