package ooxml_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/ooxml"
)

func recordJSON(t testing.TB, f ooxml.Format, data []byte) string {
	t.Helper()
	rec, err := f.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "error: " + err.Error()
	}
	b, err := json.Marshal(rec)
	require.NoError(t, err)
	return string(b)
}

// wordDoc is a minimal package around a document.xml body.
func wordDoc(t testing.TB, body string) []byte {
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"><w:body>` +
		body + `</w:body></w:document>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range []struct{ name, data string }{{"[Content_Types].xml", ctWord}, {"_rels/.rels", rels}, {"word/document.xml", doc}} {
		w, err := zw.Create(p.name)
		require.NoError(t, err)
		_, err = w.Write([]byte(p.data))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// TestSkimmingChangesNothing: skimming the story parts and slides gives the
// Record a full walk gives, on real files and on documents made to trip it.
func TestSkimmingChangesNothing(t *testing.T) {
	inputs := map[string][]byte{
		"changes, comments, languages": wordDoc(t, `<w:p><w:ins w:id="1" w:author="Ivan" w:date="2017-03-27T13:55:00Z"><w:r><w:rPr><w:lang w:val="ru-RU" w:eastAsia="zh-CN"/></w:rPr><w:t>x</w:t></w:r></w:ins>`+
			`<w:del w:id="2" w:author="Olga" w:date="2017-03-28T08:00:00Z"/></w:p>`),
		"marker words in text":                    wordDoc(t, `<w:p><w:r><w:t>the author set lang="de" and altLang and mc:Ignorable</w:t></w:r></w:p>`),
		"greater-than in a value":                 wordDoc(t, `<w:p><w:ins w:id="1" w:author="a>b" w:date="2017-03-27T13:55:00Z"/></w:p>`),
		"namespace declared inside":               wordDoc(t, `<w:p xmlns:w="urn:other"><w:ins w:author="Hidden"/></w:p><w:p><w:ins w:author="Seen"/></w:p>`),
		"drawing with its own prefixes":           wordDoc(t, `<w:p><w:r><w:drawing><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:p><a:r><a:rPr lang="fr-FR" altLang="ru-RU"/></a:r></a:p></a:graphic></w:drawing></w:r></w:p>`),
		"altLang alone":                           wordDoc(t, `<w:p xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:rPr altLang="ja-JP"/></w:p><w:p><w:r><w:rPr altLang="ko-KR"/></w:r></w:p>`),
		"a tracked change that declares a prefix": wordDoc(t, `<w:p><w:ins xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:author="A" w:date="2017-03-27T13:55:00Z"><x:del x:author="B" x:date="2017-03-28T08:00:00Z"/></w:ins></w:p>`),
		"a comment hides nothing":                 wordDoc(t, `<!-- <w:ins w:author="Ghost"/> --><w:p><w:ins w:author="Real"/></w:p>`),
	}
	var paths []string
	for _, pat := range []string{"../../testdata/ooxml/*.*x", "../../testdata/demo/*/*.*x",
		formattest.CorpusPath("files", "docx", "*"), formattest.CorpusPath("files", "xlsx", "*"), formattest.CorpusPath("files", "pptx", "*"), formattest.CorpusPath("files", "other", "*")} {
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
		if strings.Contains(name, "hostile-deep") {
			continue // the depth cap stops the full walk; the skim passes by (TestHostile)
		}
		assert.Equal(t, recordJSON(t, ooxml.FullRead, data), recordJSON(t, ooxml.Format{}, data), name)
	}
}

// FuzzSkimming checks skimming against a full walk: for any body that a
// full walk reads without a problem, the Record must be the same skimmed.
func FuzzSkimming(f *testing.F) {
	f.Add(`<w:p><w:ins w:id="1" w:author="Ivan" w:date="2017-03-27T13:55:00Z"><w:r><w:rPr><w:lang w:val="ru-RU"/></w:rPr></w:r></w:ins></w:p>`)
	f.Add(`<w:p xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:rPr lang="fr-FR" altLang="ru-RU"/><w:del w:author="a>b"/></w:p>`)
	f.Add(`<w:p><w:r><w:t>author lang="x"</w:t></w:r></w:p>`)
	f.Fuzz(func(t *testing.T, body string) {
		data := wordDoc(t, body)
		rec, err := ooxml.FullRead.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
		if err != nil || len(rec.Problems) > 0 {
			return
		}
		if full, skimmed := recordJSON(t, ooxml.FullRead, data), recordJSON(t, ooxml.Format{}, data); full != skimmed {
			t.Fatalf("records differ for body %q:\nfull:    %s\nskimmed: %s", body, full, skimmed)
		}
	})
}
