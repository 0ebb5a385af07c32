package odf_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/odf"
)

// recordJSON extracts with f and returns the Record (or the error) as
// JSON.
func recordJSON(t *testing.T, f odf.Format, data []byte) string {
	t.Helper()
	rec, err := f.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "error: " + err.Error()
	}
	b, err := json.Marshal(rec)
	require.NoError(t, err)
	return string(b)
}

const (
	nsTable = `xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"`
	nsStyle = `xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"`
	nsDC    = `xmlns:dc="http://purl.org/dc/elements/1.1/"`
)

// content wraps automatic styles and a body in a content.xml part.
func content(styles, body string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><office:document-content ` + nsOffice + ` ` + nsText + ` ` + nsTable + ` ` + nsStyle + ` ` + nsDC +
		`><office:automatic-styles>` + styles + `</office:automatic-styles><office:body><office:text>` + body +
		`</office:text></office:body></office:document-content>`
}

const annotation = `<office:annotation office:name="n1"><dc:creator>Рошка Георгий</dc:creator><dc:date>2017-03-27T13:55:00</dc:date><text:p>ok</text:p></office:annotation>`

// TestSkippingChangesNothing: reading only the marked places of a part
// gives the Record a full read gives, on real files and on documents made
// to trip the skipper (markers in comments and text, prefixes rebound,
// '>' inside attribute values, near-miss element names).
func TestSkippingChangesNothing(t *testing.T) {
	inputs := map[string][]byte{
		"annotations and changes": odtOf(t, entry{"content.xml", content(
			`<style:style style:name="P1"><style:text-properties fo:language="fr" fo:country="FR" style:language-asian="zh" style:country-asian="CN"/></style:style>`,
			`<text:tracked-changes text:track-changes="true"><text:changed-region xml:id="ct1" text:id="ct1"><text:insertion><office:change-info><dc:creator>Marie</dc:creator><dc:date>2017-03-01T09:00:00</dc:date></office:change-info></text:insertion></text:changed-region></text:tracked-changes>`+
				`<text:p>a <text:span>b `+annotation+`</text:span></text:p><text:p><office:annotation-end office:name="n1"/></text:p>`)}),
		"marker in a comment": odtOf(t, entry{"content.xml", content(``,
			`<text:p>x</text:p><!-- <office:annotation><dc:creator>Ghost</dc:creator></office:annotation> -->`+annotation)}),
		"marker words in text": odtOf(t, entry{"content.xml", content(``,
			`<text:p>set fo:language="de" and office:annotation and tracked-changes in prose</text:p>`+annotation)}),
		"office rebound inside the body": odtOf(t, entry{"content.xml", content(``,
			`<text:p xmlns:office="urn:other">`+annotation+`</text:p>`+annotation)}),
		"office under another prefix": odtOf(t, entry{"content.xml", `<?xml version="1.0"?><office:document-content ` + nsOffice +
			` xmlns:o="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` + nsText + ` ` + nsDC +
			`><office:body><office:text><o:annotation><dc:creator>Hidden</dc:creator></o:annotation></office:text></office:body></office:document-content>`}),
		"office as the default namespace": odtOf(t, entry{"content.xml", `<?xml version="1.0"?><document-content xmlns="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` + nsText + ` ` + nsDC + ` ` + nsStyle +
			`><automatic-styles><style:style style:name="P1"><style:text-properties fo:language="pt" fo:country="BR"/></style:style></automatic-styles><body><text><text:p>a</text:p>` +
			`<annotation><dc:creator>Default</dc:creator></annotation><office:annotation><dc:creator>Unbound</dc:creator></office:annotation></text></body></document-content>`}),
		"a language tag that declares a prefix": odtOf(t, entry{"content.xml", content(
			`<style:style style:name="P2" fo:language="fr" xmlns:f="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"><style:text-properties f:language="ja" f:country="JP"/></style:style>`, annotation)}),
		"greater-than in a value": odtOf(t, entry{"content.xml", content(
			`<style:style style:name="a>b"><style:text-properties style:font-name="x>y" fo:language="ru" fo:country="RU"/></style:style>`, annotation)}),
		"styles": odtOf(t, entry{"styles.xml", `<?xml version="1.0"?><office:document-styles ` + nsOffice + ` ` + nsStyle + `><office:styles>` +
			`<style:default-style style:family="paragraph"><style:text-properties fo:language="de" fo:country="DE"/></style:default-style>` +
			`<style:style style:name="S"><style:text-properties fo:language="it" fo:country="IT"/></style:style></office:styles></office:document-styles>`}),
		"cut short": odtOf(t, entry{"content.xml", content(``, annotation)[:300]}),
	}
	var paths []string
	for _, pat := range []string{"../../testdata/odf/*.od?", "../../testdata/odf/*.fod?", "../../testdata/demo/*/*.od?",
		formattest.CorpusPath("files", "od?", "*")} {
		m, _ := filepath.Glob(pat)
		paths = append(paths, m...)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		inputs[p] = b
	}
	require.Greater(t, len(inputs), 20)
	for name, data := range inputs {
		assert.Equal(t, recordJSON(t, odf.FullRead, data), recordJSON(t, odf.Format{}, data), name)
	}
}
