package odf_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/odf"
)

func problems(t *testing.T, data []byte) ([]string, map[string]string) {
	t.Helper()
	rec, err := extractBytes(data)
	require.NoError(t, err)
	require.NotNil(t, rec)
	return rec.Problems, rec.Fields
}

func TestEntityBombIsNotExpanded(t *testing.T) {
	probs, f := problems(t, read(t, "odd-xml-bomb.odt"))
	require.Len(t, probs, 1)
	assert.Contains(t, probs[0], "meta.xml")
	assert.Contains(t, probs[0], "&lol9;")
	assert.Empty(t, f["odf.meta.meta:generator"])
	assert.Equal(t, "2", f["odf.content.changed-regions"], "the other parts are still read")
}

func TestTruncatedPackageIsMalformed(t *testing.T) {
	_, err := extractBytes(read(t, "odd-truncated.odt"))
	assert.ErrorIs(t, err, formats.ErrMalformed)
}

func TestNotODF(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":     nil,
		"text":      []byte("This is not a zip file!"),
		"magic":     []byte("PK\x03\x04garbage"),
		"epub":      zipOf(t, entry{"mimetype", "application/epub+zip"}),
		"flatWrong": []byte(`<?xml version="1.0"?><office:document ` + nsOffice + `><x/>`),
	} {
		rec, err := extractBytes(data)
		assert.Nil(t, rec, name)
		assert.Error(t, err, name)
		assert.True(t, errors.Is(err, formats.ErrMalformed) || errors.Is(err, formats.ErrUnsupported), "%s: %v", name, err)
	}
}

func TestZipBombIsCapped(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates 32 MB")
	}
	// 40 MB of empty paragraphs deflates to well under a megabyte.
	body := strings.Repeat("<text:p/>", 40<<20/9)
	data := odtOf(t,
		entry{"meta.xml", metaXML(`<meta:initial-creator>Marie</meta:initial-creator>`)},
		entry{"content.xml", `<office:document-content ` + nsOffice + ` ` + nsText + `><office:body><office:text>` + body + `</office:text></office:body></office:document-content>`})
	require.Less(t, len(data), 1<<20)
	rec, err := extractBytes(data)
	require.NoError(t, err)
	assert.Equal(t, []string{"Marie"}, rec.Authors)
	require.Len(t, rec.Problems, 1)
	assert.Contains(t, rec.Problems[0], "content.xml: larger than")
}

func TestDeepNestingIsCapped(t *testing.T) {
	depth := 100_000
	// Inside an annotation, which is read in full (the rest of a body is
	// skipped, deep or not).
	content := `<office:document-content ` + nsOffice + `><office:body><office:text><office:annotation>` +
		strings.Repeat("<a>", depth) + strings.Repeat("</a>", depth) + `</office:annotation></office:text></office:body></office:document-content>`
	probs, _ := problems(t, odtOf(t, entry{"content.xml", content}))
	require.Len(t, probs, 1)
	assert.Contains(t, probs[0], "nested deeper than")
}

func TestHugeValueIsCut(t *testing.T) {
	long := strings.Repeat("x", odf.MaxValueBytes+100)
	probs, f := problems(t, odtOf(t, entry{"meta.xml", metaXML(`<dc:title>` + long + `</dc:title>`)}))
	assert.Len(t, f["odf.meta.dc:title"], odf.MaxValueBytes)
	require.Len(t, probs, 1)
	assert.Contains(t, probs[0], "longer than")
}

func TestManyItemsAreCounted(t *testing.T) {
	n := odf.MaxItems + 5
	ann := strings.Repeat(`<office:annotation><dc:creator>A</dc:creator></office:annotation>`, n)
	content := `<office:document-content ` + nsOffice + ` ` + nsMeta + `><office:body><office:text>` + ann + `</office:text></office:body></office:document-content>`
	probs, f := problems(t, odtOf(t, entry{"content.xml", content}))
	assert.Equal(t, "10005", f["odf.content.annotations"])
	assert.Equal(t, "A", f["odf.content.annotation[9999].creator"])
	assert.Empty(t, f["odf.content.annotation[10000].creator"])
	require.Len(t, probs, 1)
}

func TestBrokenXMLKeepsWhatWasRead(t *testing.T) {
	meta := metaXML(`<meta:initial-creator>Marie Dupont</meta:initial-creator><dc:creator>Jean</dc:creator>`)
	meta = meta[:strings.Index(meta, "</office:meta>")] + "<dc:title>cut"
	probs, f := problems(t, odtOf(t, entry{"meta.xml", meta}))
	assert.Equal(t, "Marie Dupont", f["odf.meta.meta:initial-creator"])
	assert.Equal(t, "Jean", f["odf.meta.dc:creator"])
	require.NotEmpty(t, probs)
	assert.Contains(t, probs[0], "meta.xml")
}

func TestBadDatesAreProblems(t *testing.T) {
	rec, err := extractBytes(odtOf(t, entry{"meta.xml", metaXML(
		`<meta:creation-date>yesterday</meta:creation-date><dc:date>2017-02-30T10:00:00</dc:date><meta:editing-duration>-PT5M</meta:editing-duration>`)}))
	require.NoError(t, err)
	assert.True(t, rec.Created.IsZero())
	assert.True(t, rec.Modified.IsZero())
	assert.Equal(t, "yesterday", rec.Fields["odf.meta.meta:creation-date"])
	assert.Len(t, rec.Problems, 3)
}

// An encrypted package keeps meta.xml readable when the producer leaves it
// so; the encrypted parts are reported, not parsed.
func TestEncryptedParts(t *testing.T) {
	manifest := `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="4238">
  <manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAA">
   <manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AAAA"/>
   <manifest:start-key-generation manifest:start-key-generation-name="http://www.w3.org/2000/09/xmldsig#sha256" manifest:key-size="32"/>
   <manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="AAAA"/>
  </manifest:encryption-data>
 </manifest:file-entry>
</manifest:manifest>`
	data := odtOf(t,
		entry{"meta.xml", metaXML(`<meta:initial-creator>Marie Dupont</meta:initial-creator>`)},
		entry{"content.xml", "\x8b\x12\xff ciphertext"},
		entry{"META-INF/manifest.xml", manifest})
	rec, err := extractBytes(data)
	require.NoError(t, err)
	assert.Equal(t, []string{"Marie Dupont"}, rec.Authors)
	f := rec.Fields
	assert.Equal(t, "true", f["odf.encrypted"])
	assert.Equal(t, "1", f["odf.manifest.encrypted"])
	assert.Equal(t, "content.xml", f["odf.manifest.file-entry[1]"])
	assert.Equal(t, "4238", f["odf.manifest.file-entry[1].size"])
	assert.Equal(t, "http://www.w3.org/2001/04/xmlenc#aes256-cbc", f["odf.manifest.file-entry[1].algorithm"])
	assert.Equal(t, "PBKDF2", f["odf.manifest.file-entry[1].key-derivation"])
	require.Len(t, rec.Problems, 1)
	assert.Contains(t, rec.Problems[0], "content.xml: encrypted")
}

// OpenOffice.org 1.x packages use other namespaces and wrap keywords in
// meta:keywords; the Fields keys are the same.
func TestOpenOffice1Package(t *testing.T) {
	meta := `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE office:document-meta PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "office.dtd">
<office:document-meta xmlns:office="http://openoffice.org/2000/office" xmlns:meta="http://openoffice.org/2000/meta" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.0">
<office:meta><meta:generator>StarOffice 7 (Win32)</meta:generator><meta:initial-creator>Marie Dupont</meta:initial-creator>
<meta:creation-date>2004-05-06T07:08:09</meta:creation-date><dc:language>fr-FR</dc:language>
<meta:keywords><meta:keyword>a</meta:keyword><meta:keyword>b</meta:keyword></meta:keywords></office:meta></office:document-meta>`
	data := zipOf(t, entry{"mimetype", "application/vnd.sun.xml.writer"}, entry{"meta.xml", meta})
	assert.True(t, odf.Format{}.Match(head(data)))
	rec, err := extractBytes(data)
	require.NoError(t, err)
	assert.Equal(t, "sxw", rec.Format)
	assert.Equal(t, []string{"Marie Dupont"}, rec.Authors)
	assert.Equal(t, "a, b", rec.Keywords)
	assert.Equal(t, "2004-05-06T07:08:09", rec.Created.String())
	assert.Equal(t, []string{"fr-FR"}, rec.Languages)
	assert.Equal(t, "StarOffice", rec.Software[0].Name)
	assert.Empty(t, rec.Problems)
}

// A namespace bound to an unusual prefix is still the same namespace.
func TestForeignPrefixes(t *testing.T) {
	meta := `<x:document-meta xmlns:x="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:m="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:d="http://purl.org/dc/elements/1.1/"><x:meta><m:initial-creator>Marie</m:initial-creator><d:creator>Jean</d:creator></x:meta></x:document-meta>`
	rec, err := extractBytes(odtOf(t, entry{"meta.xml", meta}))
	require.NoError(t, err)
	assert.Equal(t, []string{"Marie"}, rec.Authors)
	assert.Equal(t, "Jean", rec.LastModifiedBy)
	assert.Equal(t, "Marie", rec.Fields["odf.meta.meta:initial-creator"])
}

func TestUnknownCompressionMethod(t *testing.T) {
	// An entry whose method archive/zip does not know (99 is WinZip's AES)
	// cannot be opened; the Record says which part and why.
	data := odtOf(t, entry{"meta.xml", metaXML(`<dc:creator>x</dc:creator>`)})
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("meta.xml"))
		if j < 0 {
			break
		}
		i += j
		switch {
		case bytes.Equal(data[i-30:i-26], []byte("PK\x03\x04")):
			data[i-30+8] = 99
		case bytes.Equal(data[i-46:i-42], []byte("PK\x01\x02")):
			data[i-46+10] = 99
		}
		i++
	}
	rec, err := extractBytes(data)
	require.NoError(t, err)
	require.NotEmpty(t, rec.Problems)
	assert.Contains(t, rec.Problems[0], "meta.xml")
	assert.Empty(t, rec.LastModifiedBy)
}

func TestWholePackageEncrypted(t *testing.T) {
	manifest := `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="encrypted-package" manifest:media-type="" manifest:size="9000">
  <manifest:encryption-data><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2009/xmlenc11#aes256-gcm"/></manifest:encryption-data>
 </manifest:file-entry>
</manifest:manifest>`
	data := zipOf(t, entry{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
		entry{"META-INF/manifest.xml", manifest}, entry{"encrypted-package", "\x01\x02ciphertext"})
	rec, err := extractBytes(data)
	require.NoError(t, err)
	assert.Equal(t, "ods", rec.Format)
	assert.Equal(t, "true", rec.Fields["odf.encrypted"])
	assert.Equal(t, "http://www.w3.org/2009/xmlenc11#aes256-gcm", rec.Fields["odf.manifest.file-entry[1].algorithm"])
	require.Len(t, rec.Problems, 1)
	assert.Contains(t, rec.Problems[0], "whole package is encrypted")
}
