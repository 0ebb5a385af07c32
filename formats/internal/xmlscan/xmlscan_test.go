package xmlscan

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats/internal/formattest"
)

// stdTokens reads b with encoding/xml the way docprov used to (Strict, no
// CharsetReader), normalising what the two may legitimately spell
// differently: directives (encoding/xml rewrites comments inside them) and
// empty attribute lists.
func stdTokens(b []byte) ([]xml.Token, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	var out []xml.Token
	for {
		t, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, normalize(xml.CopyToken(t)))
	}
}

func scanTokens(b []byte) ([]xml.Token, error) {
	s := New(b)
	var out []xml.Token
	for {
		_, err := s.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, normalize(s.Token()))
	}
}

func normalize(t xml.Token) xml.Token {
	switch v := t.(type) {
	case xml.StartElement:
		if len(v.Attr) == 0 {
			v.Attr = nil
		}
		return v
	case xml.Directive:
		return xml.Directive(nil)
	case xml.ProcInst:
		if len(v.Inst) == 0 {
			v.Inst = nil
		}
		return v
	case xml.CharData:
		if len(v) == 0 {
			return xml.CharData(nil)
		}
	case xml.Comment:
		if len(v) == 0 {
			return xml.Comment(nil)
		}
	}
	return t
}

// requireSameAsStd checks the contract: where encoding/xml reads b without
// error, the scanner yields the same tokens.
func requireSameAsStd(t *testing.T, b []byte) {
	t.Helper()
	want, err := stdTokens(b)
	if err != nil {
		return
	}
	for _, tok := range want {
		if _, ok := tok.(xml.Directive); ok && oddDirective(b) {
			// encoding/xml swallows the byte after "<!" into a
			// directive whatever it is, so "<!>" runs on to the next
			// ">" and "<!<" or "<!\"" is not counted as nesting or
			// quoting. Directives that start with a name are compared.
			return
		}
	}
	got, err := scanTokens(b)
	require.NoError(t, err, "encoding/xml accepts %q", clipTest(b))
	require.Equal(t, want, got, "input %q", clipTest(b))
}

func clipTest(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}

var seeds = []string{
	`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w14"><w:body><w:p w:rsidR="00A1"><w:r><w:rPr><w:lang w:val="fr-FR" w:eastAsia="ja-JP"/></w:rPr><w:t xml:space="preserve">Bonjour &amp; &lt;merci&gt; &#233;&#x263A;</w:t></w:r></w:p></w:body></w:document>`,
	`<a xmlns="urn:default" xmlns:p="urn:p"><b p:x='1' y="2"/><p:c xmlns:p="urn:q"><p:d/></p:c><p:e/></a>`,
	`<a><![CDATA[x < y]]>` + "line\r\nnext\rlast" + `<!-- note --></a>`,
	`<!DOCTYPE a [ <!ENTITY x "y"> <!-- c --> ]><a/>`,
	`<a b = "1"   c='2' ></a >`,
	`<a><b></a>`,
	`<a>&bogus;</a>`,
	`<a x="<"/>`,
	`<a:b:c/>`,
	`<:a/>`,
	`<a: b/>`,
	`<u:a xmlns:u="urn:u"></u:a>`,
	`<u:a xmlns:u="urn:u"></a>`,
	`<?pi   some data?><a/>`,
	`text only`,
	`<a>`,
	`<a xmlns="">x</a>`,
	`<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"><style:text-properties fo:language="de" fo:country="DE" style:language-asian="zh"/></office:document-content>`,
}

func TestSameTokensAsEncodingXML(t *testing.T) {
	for _, s := range seeds {
		requireSameAsStd(t, []byte(s))
	}
}

// TestRealParts compares the scanner with encoding/xml on every XML part of
// the office fixtures in testdata (made by LibreOffice, python-docx,
// openpyxl, excelize, XlsxWriter, pandoc) and, when present, the shared
// corpus of files from other projects.
func TestRealParts(t *testing.T) {
	var archives []string
	for _, pat := range []string{"../../../testdata/ooxml/*.*x", "../../../testdata/odf/*.od?",
		formattest.CorpusPath("files", "*", "*.docx"), formattest.CorpusPath("files", "*", "*.xlsx"),
		formattest.CorpusPath("files", "*", "*.pptx"), formattest.CorpusPath("files", "*", "*.od?")} {
		m, _ := filepath.Glob(pat)
		archives = append(archives, m...)
	}
	require.NotEmpty(t, archives)
	parts := 0
	for _, path := range archives {
		zr, err := zip.OpenReader(path)
		if err != nil {
			continue // the hostile fixtures are not all readable archives
		}
		for _, f := range zr.File {
			if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") {
				continue
			}
			if f.UncompressedSize64 > 16<<20 {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				continue
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				continue
			}
			b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
			t.Run(filepath.Base(path)+"/"+f.Name, func(t *testing.T) { requireSameAsStd(t, b) })
			parts++
		}
		zr.Close()
	}
	t.Logf("%d XML parts of %d archives compared", parts, len(archives))
	assert.Greater(t, parts, 50)
}

func TestErrors(t *testing.T) {
	for _, in := range []string{`<a><b></a>`, `<a>&bogus;</a>`, `<a x="<"/>`, `<a>`, `</a>`, `<a x=1/>`, `<a>&#0;</a>`, `<![CDATA[x`, `<!-- x`, `<a:b:c/>`} {
		_, err := scanTokens([]byte(in))
		assert.ErrorIs(t, err, ErrSyntax, in)
	}
}

func TestUndeclaredEntityIsNotExpanded(t *testing.T) {
	bomb := `<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>`
	_, err := scanTokens([]byte(bomb))
	assert.ErrorIs(t, err, ErrSyntax)
}

func TestTextIsNotCopiedWithoutEntities(t *testing.T) {
	b := []byte(`<a>plain text</a>`)
	s := New(b)
	_, _ = s.Next()
	k, err := s.Next()
	require.NoError(t, err)
	require.Equal(t, CharData, k)
	assert.Equal(t, "plain text", string(s.Text()))
	assert.Same(t, &b[3], &s.Text()[0])
}

func TestErrorIsSticky(t *testing.T) {
	s := New([]byte(`<a></b>`))
	_, _ = s.Next()
	_, err1 := s.Next()
	_, err2 := s.Next()
	require.Error(t, err1)
	assert.True(t, errors.Is(err2, ErrSyntax))
}

func FuzzSameTokensAsEncodingXML(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	if b, err := os.ReadFile("../../../testdata/odf/libreoffice-writer.fodt"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<16 {
			return
		}
		requireSameAsStd(t, b)
	})
}

func oddDirective(b []byte) bool {
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte("<!"))
		if k < 0 {
			return false
		}
		i += k + 2
		if i < len(b) && !nameStart(b[i]) && b[i] != '-' && b[i] != '[' {
			return true
		}
	}
}

// BenchmarkScan compares the scanner with encoding/xml on a real flat ODF
// document written by LibreOffice (one pass over every token).
func BenchmarkScan(b *testing.B) {
	data, err := os.ReadFile("../../../testdata/odf/libreoffice-writer.fodt")
	if err != nil {
		b.Skip(err)
	}
	b.Run("xmlscan", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			s := New(data)
			for {
				if _, err := s.Next(); err != nil {
					break
				}
			}
		}
	})
	b.Run("encoding-xml", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			d := xml.NewDecoder(bytes.NewReader(data))
			d.Strict = true
			for {
				if _, err := d.Token(); err != nil {
					break
				}
			}
		}
	})
}

func TestToUTF8(t *testing.T) {
	latin := []byte("<?xml version='1.0' encoding='ISO-8859-1'?><a>caf\xe9</a>")
	got, err := ToUTF8(latin)
	require.NoError(t, err)
	assert.Contains(t, string(got), "café")

	utf16le := []byte{0xFF, 0xFE, '<', 0, 'a', 0, '>', 0, 0xE9, 0, '<', 0, '/', 0, 'a', 0, '>', 0}
	got, err = ToUTF8(utf16le)
	require.NoError(t, err)
	assert.Equal(t, "<a>é</a>", string(got))

	got, err = ToUTF8([]byte("\xEF\xBB\xBF<a/>"))
	require.NoError(t, err)
	assert.Equal(t, "<a/>", string(got))

	_, err = ToUTF8([]byte(`<?xml version="1.0" encoding="Shift_JIS"?><a/>`))
	assert.ErrorContains(t, err, "Shift_JIS")
}

// TestSkim reads only the elements a caller looks for, the way the ODF
// reader skims a document body: a marked subtree in full, a marked start
// tag alone (its end follows at once, its content unread), then the rest
// of the document closes cleanly.
func TestSkim(t *testing.T) {
	doc := []byte(`<r xmlns:p="urn:p"><body><x/><p:note a="1"><p:by>Ann</p:by></p:note><y><p:lang v="fr"><z/></p:lang></y></body></r>`)
	s := New(doc)
	for s.Depth() < 2 {
		_, err := s.Next()
		require.NoError(t, err)
	}
	require.Equal(t, "body", s.openName())
	require.True(t, s.Skim(Marker{Word: "note", Prefixes: []string{"p"}, Kind: Subtree}, Marker{Word: "lang", Kind: StartTag}))

	var got []string
	for {
		k, err := s.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		switch k {
		case StartElement:
			st := s.Start()
			var attrs []string
			for _, a := range st.Attr {
				attrs = append(attrs, a.Name.Local+"="+a.Value)
			}
			got = append(got, "<"+st.Name.Space+" "+st.Name.Local+strings.Join(append([]string{""}, attrs...), " ")+">")
		case EndElement:
			got = append(got, "</"+s.End().Local+">")
		case CharData:
			got = append(got, string(s.Text()))
		}
	}
	assert.Equal(t, []string{
		"<urn:p note a=1>", "<urn:p by>", "Ann", "</by>", "</note>", // the subtree, whole
		"<urn:p lang v=fr>", "</lang>", // the tag alone: <z/> unread
		"</body>", "</r>",
	}, got)
}

// TestResetForgetsBindings: a name cached under one part's bindings must be
// translated afresh in the next part.
func TestResetForgetsBindings(t *testing.T) {
	s := New([]byte(`<p:a xmlns:p="urn:one"/>`))
	_, err := s.Next()
	require.NoError(t, err)
	assert.Equal(t, "urn:one", s.Start().Name.Space)

	s.Reset([]byte(`<p:a xmlns:p="urn:two"/>`))
	_, err = s.Next()
	require.NoError(t, err)
	assert.Equal(t, "urn:two", s.Start().Name.Space)

	s.Reset([]byte(`<p:a/>`))
	_, err = s.Next()
	require.NoError(t, err)
	assert.Equal(t, "p", s.Start().Name.Space, "no binding left from the last part")
}

// indexWord must find exactly what bytes.Index finds, whatever byte it
// anchors on.
func TestIndexWordIsBytesIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"lang", "annotation", "tracked-changes", "default-style", "body", "xmlns", "Ignorable"}
	alphabet := []byte("abdeglnorstkvy-<>: langannotationxmlnsIgnorable")
	for n := 0; n < 20000; n++ {
		b := make([]byte, rng.IntN(80))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		for _, w := range words {
			require.Equal(t, bytes.Index(b, []byte(w)), indexWord(b, w), "%q in %q", w, b)
		}
	}
}
