package rtf_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
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
	"github.com/docprov/docprov/formats/rtf"
	"github.com/docprov/docprov/provenance"
)

const fixtures = "../../testdata/rtf"

// extract reads data with formattest.ExtractUnsniffed: some inputs here
// are built to reach the parser, not the sniffer.
func extract(t *testing.T, data []byte) *provenance.Record {
	t.Helper()
	return formattest.ExtractUnsniffed(t, rtf.Format{}, data)
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtures, name))
	require.NoError(t, err)
	return b
}

// TestLibreOffice reads LibreOffice 7.4's export of testdata/ole's
// writer-fr.fodt: the values its <office:meta> sets.
func TestLibreOffice(t *testing.T) {
	rec := extract(t, fixture(t, "writer-fr.rtf"))
	assert.Equal(t, "Budget T2", rec.Title)
	assert.Equal(t, "Prévisions", rec.Subject, `\u233\'e9: the \'e9 is the \uc1 fallback, skipped`)
	assert.Equal(t, "Fixture docprov (Writer → .doc)", rec.Description)
	assert.Equal(t, []string{"Marie Dupont"}, rec.Authors)
	assert.Equal(t, "Jean Martin", rec.LastModifiedBy, "LibreOffice's second \\author")
	assert.Equal(t, "2017-03-01T09:12:00", rec.Created.String())
	assert.False(t, rec.Created.HasOffset, "RTF times have no offset")
	assert.Equal(t, "2017-03-27T14:02:00", rec.Modified.String())
	assert.Equal(t, "2017-03-02T10:00:00", rec.Printed.String())
	assert.Equal(t, []string{"fr-FR"}, rec.Languages, `\lang1036; \langfe2052 and \alang1081 are the installation's defaults`)
	require.NotEmpty(t, rec.Software)
	assert.Equal(t, provenance.RoleApplication, rec.Software[0].Role)
	assert.Equal(t, "LibreOffice", rec.Software[0].Name)
	assert.Equal(t, "7.4.7.2", rec.Software[0].Version)
	assert.Equal(t, "LibreOffice", rec.Fields["rtf.fingerprint.producer"])
	assert.Equal(t, "true", rec.Fields["rtf.fingerprint.agrees"])
	assert.Equal(t, "Liberation Serif", rec.Fields["rtf.font[3]"], `\*\falt left out`)
	assert.Empty(t, rec.Problems)

	ru := extract(t, fixture(t, "writer-ru.rtf"))
	assert.Equal(t, "Отчёт", ru.Title)
	assert.Equal(t, []string{"Рошка Георгий"}, ru.Authors)
	assert.Contains(t, ru.Languages, "ru-RU")
}

// TestPandoc reads pandoc's standalone RTF: no \info, no \generator; the
// fingerprint names pandoc from its template alone.
func TestPandoc(t *testing.T) {
	rec := extract(t, fixture(t, "pandoc.rtf"))
	assert.Empty(t, rec.Title, "pandoc writes the title as text, not in \\info")
	assert.Equal(t, rtf.FamilyPandoc, rec.Fields["rtf.fingerprint.producer"])
	require.Len(t, rec.Software, 1)
	assert.True(t, rec.Software[0].Inferred())
}

func TestMatch(t *testing.T) {
	assert.True(t, rtf.Format{}.Match([]byte(`{\rtf1\ansi}`)))
	assert.True(t, rtf.Format{}.Match([]byte("\xEF\xBB\xBF\r\n{\\rtf1}")))
	assert.False(t, rtf.Format{}.Match([]byte(`{\rtx1}`)))
	assert.False(t, rtf.Format{}.Match([]byte(`%PDF-1.4`)))
}

// TestEdges runs hand-built files for the edges no producer here writes.
func TestEdges(t *testing.T) {
	t.Run("uc skip and surrogates", func(t *testing.T) {
		rec := extract(t, []byte(`{\rtf1\ansi\ansicpg1251{\info{\title \uc2\u1054??\'cf\u-10179??\u-8576??}{\author a\'}}}`))
		assert.Equal(t, "ОП🚀", rec.Title, `\uc2 skips two fallback bytes; \'cf is 1251's П; a surrogate pair joins`)
		assert.Equal(t, "a", rec.Authors[0])
		assert.Contains(t, strings.Join(rec.Problems, " "), `\' escapes without two hex digits`)
	})
	t.Run("code page 932", func(t *testing.T) {
		rec := extract(t, []byte(`{\rtf1\ansi\ansicpg932{\info{\title \'83\'5e\'83\'43\'83\'67\'83\'8b}}}`))
		assert.Equal(t, "タイトル", rec.Title)
	})
	t.Run("null and bad dates", func(t *testing.T) {
		rec := extract(t, []byte(`{\rtf1{\info{\creatim\yr2004\mo9\dy20\hr19\min36\sec5}{\revtim\yr1601\mo1\dy1}{\printim\yr0\mo0\dy0}{\buptim\yr2004\mo13\dy1}}}`))
		assert.Equal(t, "2004-09-20T19:36:05", rec.Created.String())
		assert.True(t, rec.Modified.IsZero(), "1601-01-01 is StarOffice's null date")
		assert.True(t, rec.Printed.IsZero())
		assert.Equal(t, "1601-01-01 00:00:00", rec.Fields["rtf.info.revtim.null"])
		assert.Contains(t, strings.Join(rec.Problems, " "), "not a date")
	})
	t.Run("depth bomb", func(t *testing.T) {
		data := []byte(`{\rtf1{\info{\title T}}` + strings.Repeat("{", 100000) + strings.Repeat("}", 100000) + "}")
		rec := extract(t, data)
		assert.Equal(t, "T", rec.Title)
		assert.Contains(t, strings.Join(rec.Problems, " "), "nested deeper than")
	})
	t.Run("truncated", func(t *testing.T) {
		rec := extract(t, []byte(`{\rtf1{\info{\title Cut`))
		assert.Equal(t, "Cut", rec.Title)
		assert.Contains(t, strings.Join(rec.Problems, " "), "ends inside")
	})
	t.Run("upr pair", func(t *testing.T) {
		rec := extract(t, []byte(`{\rtf1{\info{\upr{\author Axel D?rfler}{\*\ud{\author Axel D\u246?rfler}}}}}`))
		assert.Equal(t, []string{"Axel Dörfler"}, rec.Authors, "the Unicode twin wins")
	})
	t.Run("rsids", func(t *testing.T) {
		rec := extract(t, []byte(`{\rtf1{\*\rsidtbl \rsid1000\rsid6435240}\rsidroot6435240{\*\xmlnstbl {\xmlns1 http://schemas.microsoft.com/office/word/2003/wordml}}}`))
		require.Len(t, rec.IDs, 1)
		assert.Equal(t, provenance.Identifier{Kind: "ooxml.rsidRoot", Value: "006231A8", Source: "rtf.header.rsidroot"}, rec.IDs[0])
		assert.Equal(t, "000003E8", rec.Fields["rtf.rsidtbl[0]"])
		assert.Equal(t, "http://schemas.microsoft.com/office/word/2003/wordml", rec.Fields["rtf.xmlns[0]"])
	})
	t.Run("bin skips raw bytes", func(t *testing.T) {
		rec := extract(t, []byte(`{\rtf1{\pict\bin4 }{{}{\info{\title After}}}`))
		assert.Equal(t, "After", rec.Title)
	})
	for name, data := range map[string]string{"not rtf": `{\pdf}`, "empty": ``, "no brace": `\rtf1`} {
		t.Run(name, func(t *testing.T) {
			_, err := rtf.Format{}.Extract(context.Background(), strings.NewReader(data), int64(len(data)))
			assert.True(t, errors.Is(err, formats.ErrMalformed), "%v", err)
		})
	}
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		data := fixture(t, "writer-fr.rtf")
		_, err := rtf.Format{}.Extract(ctx, bytes.NewReader(data), int64(len(data)))
		assert.ErrorIs(t, err, context.Canceled)
	})
}

// ole1 wraps native data in an OLE1 embedded-object header.
func ole1(class string, native []byte) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	w := func(v uint32) { binary.Write(&b, le, v) }
	w(0x0501)
	w(2)
	for _, s := range []string{class, "", ""} {
		w(uint32(len(s) + 1))
		b.WriteString(s)
		b.WriteByte(0)
	}
	w(uint32(len(native)))
	b.Write(native)
	return b.Bytes()
}

// TestObjects embeds LibreOffice's writer-fr.doc the way Word embeds an
// object (\objdata: OLE1 header + the compound file, in hex) and checks
// that ExtractEach gives the compound file back, byte for byte.
func TestObjects(t *testing.T) {
	doc, err := os.ReadFile("../../testdata/ole/writer-fr.doc")
	require.NoError(t, err)
	data := []byte(`{\rtf1\ansi{\info{\title Host}}{\object\objemb{\*\objclass Word.Document.8}{\*\objdata ` +
		hex.EncodeToString(ole1("Word.Document.8", doc)) + `}{\result {\pict\wmetafile8 0102}}}` +
		`{\object\objemb{\*\objdata 0105000002000000}}}`)
	var items []formats.Item
	err = rtf.Format{}.ExtractEach(context.Background(), bytes.NewReader(data), int64(len(data)), func(it formats.Item) error {
		items = append(items, it)
		return nil
	})
	require.NoError(t, err)
	require.Len(t, items, 2)
	rec := items[0].Record
	require.NotNil(t, rec)
	assert.Equal(t, "Host", rec.Title)
	assert.Equal(t, int64(len(data)), rec.Size)
	assert.Len(t, rec.SHA256, 64)
	assert.Equal(t, "Word.Document.8", rec.Fields["rtf.object[0].class"])
	assert.Equal(t, "2", rec.Fields["rtf.objects"])
	assert.Contains(t, strings.Join(rec.Problems, " "), "object 2", "the cut OLE1 header is a problem")
	assert.Equal(t, "/object[1]", items[1].Name)
	assert.Equal(t, doc, items[1].Data)

	// A class name that is not UTF-8 is recorded as valid UTF-8, so the
	// Record's JSON says what was read.
	odd := []byte(`{\rtf1{\object\objemb{\*\objdata ` + hex.EncodeToString(ole1("\xffX", []byte("data"))) + `}}}`)
	rec = extract(t, odd)
	assert.Equal(t, "\uFFFDX", rec.Fields["rtf.object[0].ole1class"])
}

// largeRTF is a file of n bytes of theme data in hex and n/40 paragraphs
// of text with escapes.
func largeRTF(n int) []byte {
	return []byte(`{\rtf1{\info{\title T}}{\*\themedata ` + strings.Repeat("0a", n) + `}` + strings.Repeat(`\par text \'e9\u233?`, n/10) + `}`)
}

// A 4 MB file of hex and text is read whole: its theme data counted to the
// byte. (Its speed is BenchmarkLargeFile's to measure, not a test's.)
func TestLargeFile(t *testing.T) {
	rec := extract(t, largeRTF(1<<20))
	assert.Equal(t, "1048576", rec.Fields["rtf.themedata.bytes"])
	assert.Equal(t, "T", rec.Title)
}

// BenchmarkLargeFile reads files 10× apart in size: ns/op should grow
// about tenfold (linear work), not a hundredfold.
func BenchmarkLargeFile(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		data := largeRTF(n)
		b.Run(fmt.Sprintf("%dB", len(data)), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := (rtf.Format{}).Extract(context.Background(), bytes.NewReader(data), int64(len(data))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
