package odf_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/odf"
	"github.com/docprov/docprov/provenance"
)

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

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

const nsAll = nsOffice + ` ` + nsText + ` xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"` +
	` xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"` +
	` xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"`

// TestDigestBody: what counts in office:body and what does not.
func TestDigestBody(t *testing.T) {
	cases := []struct{ body, text string }{
		{`<office:text><text:h>Title</text:h><text:p>Hel<text:span>lo</text:span>,<text:s text:c="3"/>wor<text:tab/>ld</text:p><text:p/><text:list><text:list-item><text:p>item &amp; &#x20AC;</text:p></text:list-item></text:list></office:text>`,
			"Title Hello, wor ld item & €"},
		{`<office:text><text:tracked-changes><text:changed-region text:id="c1"><text:deletion><office:change-info><dc:creator>A</dc:creator></office:change-info><text:p>deleted</text:p></text:deletion></text:changed-region></text:tracked-changes>` +
			`<text:p>kept` + annotation + `<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>note</text:p></text:note-body></text:note> text</text:p></office:text>`,
			"kept text"},
		{`<office:text><text:table-of-content><text:table-of-content-source><text:index-title-template>Contents</text:index-title-template></text:table-of-content-source><text:index-body><text:p>Chapter 1</text:p></text:index-body></text:table-of-content></office:text>`,
			"Chapter 1"},
		{`<office:text><text:p>a<draw:frame><svg:title>alt text</svg:title><draw:text-box><text:p>boxed</text:p></draw:text-box></draw:frame>b<!-- c --><![CDATA[d]]></text:p></office:text>`,
			"a boxed bd"},
		{`<office:presentation><draw:page draw:name="p1"><draw:frame><draw:text-box><text:p>slide one</text:p></draw:text-box></draw:frame><presentation:notes><draw:frame><draw:text-box><text:p>speaker notes</text:p></draw:text-box></draw:frame></presentation:notes></draw:page><draw:page draw:name="p2"><draw:custom-shape><text:p>two</text:p></draw:custom-shape></draw:page></office:presentation>`,
			"slide one two"},
		{`<office:spreadsheet><table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>Item</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="1250.5"><text:p>1,250.50</text:p></table:table-cell>` +
			`<table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="0"><text:p>0</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1000"/></table:table-row>` +
			`<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="date" office:date-value="2024-03-01"><text:p>01/03/24</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"><text:p>x</text:p>` + annotation + `</table:table-cell></table:table-row>` +
			`<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table></office:spreadsheet>`,
			"Item 1250.5 0 0 45352 x x 45352 x x"}, // a date as its serial, as .xlsx and .xls store it
		{`<office:spreadsheet><table:table table:name="S"><table:table-row><table:table-cell office:value-type="date" office:date-value="2023-02-10T12:00:00"><text:p>10/02/23 12:00</text:p></table:table-cell>` +
			`<table:table-cell office:value-type="time" office:time-value="PT06H00M00S"><text:p>06:00</text:p></table:table-cell><table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>`,
			"44967.5 0.25 1"},
	}
	for _, c := range cases {
		data := odtOf(t, entry{"content.xml", `<office:document-content ` + nsAll + `><office:body>` + c.body + `</office:body></office:document-content>`})
		for _, f := range []odf.Format{{}, odf.FullRead} {
			rec, err := f.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
			require.NoError(t, err)
			checkDigest(t, rec, c.body)
			assert.Equal(t, sha(c.text), rec.Fields["content.sha256"], c.body)
			assert.Equal(t, strconv.Itoa(len([]rune(c.text))), rec.Fields["content.chars"], c.body)
		}
	}

	// Empty text: chars 0, no digest; no body: neither.
	rec, err := extractBytes(odtOf(t, entry{"content.xml", `<office:document-content ` + nsAll + `><office:body><office:text><text:p> </text:p><text:p/></office:text></office:body></office:document-content>`}))
	require.NoError(t, err)
	assert.Equal(t, "0", rec.Fields["content.chars"])
	assert.NotContains(t, rec.Fields, "content.sha256")
	rec, err = extractBytes(odtOf(t, entry{"meta.xml", metaXML(`<dc:creator>A</dc:creator>`)}))
	require.NoError(t, err)
	assert.NotContains(t, rec.Fields, "content.chars")
}

// TestDigestPrefixes: the digest reads the document's own prefixes,
// including the default namespace, and a flat document's body.
func TestDigestPrefixes(t *testing.T) {
	for _, doc := range []string{
		`<o:document-content xmlns:o="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:t="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:office="urn:other"><o:body><o:text><t:p>same <t:span>text</t:span></t:p><office:annotation><t:p>not a comment here</t:p></office:annotation></o:text></o:body></o:document-content>`,
		`<document-content xmlns="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><body><text><text:p>same</text:p><text:p>text</text:p><annotation><text:p>comment</text:p></annotation></text></body></document-content>`,
	} {
		rec, err := extractBytes(odtOf(t, entry{"content.xml", doc}))
		require.NoError(t, err)
		want := "same text"
		if doc[1] == 'o' {
			want = "same text not a comment here"
		}
		assert.Equal(t, sha(want), rec.Fields["content.sha256"], doc)
	}
	flat := `<?xml version="1.0"?><office:document ` + nsAll + ` office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text><text:p>flat</text:p></office:text></office:body></office:document>`
	rec, err := extractBytes([]byte(flat))
	require.NoError(t, err)
	assert.Equal(t, sha("flat"), rec.Fields["content.sha256"])
}

// TestDigestFixturesAndCorpus checks the digest's contract on the
// fixtures and the shared corpus, skipped and read in full alike (the
// Records are compared whole by TestSkippingChangesNothing).
func TestDigestFixturesAndCorpus(t *testing.T) {
	var paths []string
	for _, pat := range []string{filepath.Join(fixtures, "*.*"), formattest.CorpusPath("files", "od?", "*")} {
		m, _ := filepath.Glob(pat)
		paths = append(paths, m...)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		if rec, err := extractBytes(data); err == nil {
			checkDigest(t, rec, p)
		}
	}
}
