package rtf_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/rtf"
)

// TestSharedCorpus reads every RTF of the shared corpus: each yields a
// Record quickly, and the producers its SOURCES.tsv names from the files'
// provenance are the ones the fingerprint finds.
func TestSharedCorpus(t *testing.T) {
	// The shared corpus holds real files from other projects, never
	// committed; the test skips when it is absent.
	paths, _ := filepath.Glob(filepath.Join(formattest.CorpusDir(t, "files", "rtf"), "*.rtf"))
	if len(paths) == 0 {
		t.Skip("no RTF in the shared corpus")
	}
	producers := map[string]string{}
	titles, authors := map[string]string{}, map[string]string{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		rec, err := formats.SafeExtract(ctx, rtf.Format{}, bytes.NewReader(data), int64(len(data)))
		cancel()
		// A hang is the context deadline running out; speed is measured by
		// benchmarks, not asserted here.
		assert.NotErrorIs(t, err, context.DeadlineExceeded, p)
		var pe *formats.PanicError
		require.False(t, errors.As(err, &pe), "panic: %v", err)
		require.NoError(t, err, p)
		producers[filepath.Base(p)] = rec.Fields["rtf.fingerprint.producer"]
		titles[filepath.Base(p)] = rec.Title
		if len(rec.Authors) > 0 {
			authors[filepath.Base(p)] = rec.Authors[0]
		}
	}
	// The producers SOURCES.tsv gives (from a \*\generator, \vern or the
	// source project's notes).
	want := map[string]string{
		"tika__testRTF.rtf":                          rtf.FamilyWord,
		"tika__testRTFWithCurlyBraces.rtf":           rtf.FamilyWord,
		"tika__testBinControlWord.rtf":               rtf.FamilyWord,
		"tika__testRTFVarious.rtf":                   rtf.FamilyWord,
		"tika__testRTFTIKA_2899.rtf":                 rtf.FamilyWord,
		"rtfjs__wmf_source.rtf":                      rtf.FamilyWord,
		"fmtcorpus__lorem-ipsum.rtf":                 rtf.FamilyWord,
		"rtfjs__colors_source.rtf":                   rtf.FamilyWordPad,
		"tika__testRTFWordPadCzechCharacters.rtf":    rtf.FamilyWordPad,
		"striprtf__unicode.rtf":                      rtf.FamilyLibreOffice,
		"tika__testRTFIgnoredControlWord.rtf":        rtf.FamilyLibreOffice,
		"tika__testRTFListLibreOffice.rtf":           rtf.FamilyLibreOffice,
		"tika__testRTFUmlautSpaces2.rtf":             rtf.FamilyCocoa,
		"striprtf__issue_28.rtf":                     rtf.FamilyCocoa,
		"pandoc__writer.rtf":                         rtf.FamilyPandoc,
		"striprtf__test_line_breaks_google_docs.rtf": rtf.FamilyAspose,
	}
	// The true text of the \'hh escapes in code pages 932 and 936 that
	// ExifTool reads as Latin-1 (SOURCES.tsv, Tika's RTFParserTest).
	assert.Equal(t, "版本 9.4 SAS 系统输出", titles["rstriprtf__chinese-sas.rtf"])
	assert.Equal(t, "タイトル", titles["tika__testRTF-ms932.rtf"])
	assert.Equal(t, "吴炎臻|ciker wu", authors["striprtf__issue_11.rtf"])
	assert.Equal(t, "Методика", titles["tika__testRTFWithCurlyBraces.rtf"])
	for name, fam := range want {
		if got, ok := producers[name]; ok {
			assert.Equal(t, fam, got, name)
		}
	}
}
