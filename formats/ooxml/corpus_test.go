package ooxml_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/ooxml"
	"github.com/docprov/docprov/provenance"
)

// sharedCorpus is the conformance corpus of real files; it is never
// committed, and the tests that read it skip when it is absent.
var sharedCorpus = formattest.CorpusPath()

// corpusFiles lists the OOXML files of the shared corpus.
func corpusFiles(t *testing.T) []string {
	t.Helper()
	formattest.CorpusDir(t)
	var files []string
	for _, pat := range []string{"files/docx/*", "files/xlsx/*", "files/pptx/*", "files/other/*.docm", "files/other/*.dotx", "files/other/*.xlsm", "files/other/*.pptm", "files/other/*.xlsb"} {
		m, err := filepath.Glob(filepath.Join(sharedCorpus, pat))
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.NotEmpty(t, files)
	return files
}

// extractProbed runs the extractor the way the Registry does: Probe first,
// then Extract, with a deadline, and the registry's panic guard.
func extractProbed(t *testing.T, data []byte) (probed bool, rec *provenance.Record, err error) {
	t.Helper()
	if !formattest.Claims(ooxml.Format{}, data) {
		return false, nil, nil
	}
	rec, err = formattest.Try(ooxml.Format{}, data)
	return true, rec, err
}

// TestCorpus reads every OOXML file of the shared corpus, including the
// negative ones (fuzzed, truncated, encrypted, an XML bomb): each must be
// declined by Probe (encrypted OLE2 files, non-ZIP data) or yield a Record
// or an error wrapping a sentinel, never a panic or a hang. With
// OOXML_JSONL set, the Records are written there as JSON Lines for
// ../shared/tools/conform.
func TestCorpus(t *testing.T) {
	files := corpusFiles(t)
	var out *json.Encoder
	if p := os.Getenv("OOXML_JSONL"); p != "" {
		fh, err := os.Create(p)
		require.NoError(t, err)
		defer fh.Close()
		out = json.NewEncoder(fh)
		out.SetEscapeHTML(false)
	}
	records := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		probed, rec, err := extractProbed(t, data)
		// A hang is the context deadline running out; speed is measured by
		// benchmarks, not asserted here.
		assert.NotErrorIs(t, err, context.DeadlineExceeded, path)
		rel, _ := filepath.Rel(sharedCorpus, path)
		switch {
		case !probed:
			t.Logf("%s: not claimed", rel)
			continue
		case err != nil:
			var pe *formats.PanicError
			require.False(t, errors.As(err, &pe), "%s panicked: %v\n%s", rel, err, stackOf(pe))
			assert.True(t, errors.Is(err, formats.ErrMalformed) || errors.Is(err, formats.ErrUnsupported) || errors.Is(err, formats.ErrTooLarge), "%s: %v wraps a sentinel", rel, err)
			t.Logf("%s: %v", rel, err)
			if out != nil {
				require.NoError(t, out.Encode(map[string]any{"schema": 1, "path": rel, "error": err.Error()}))
			}
			continue
		}
		require.NotNil(t, rec, rel)
		records++
		if out != nil {
			rec.Path = rel
			require.NoError(t, out.Encode(rec))
		}
	}
	assert.GreaterOrEqual(t, records, 70, "records from the corpus")
}

func stackOf(pe *formats.PanicError) string {
	if pe == nil {
		return ""
	}
	return string(pe.Stack)
}
