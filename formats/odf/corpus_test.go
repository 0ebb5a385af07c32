package odf_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/odf"
)

// sharedCorpus holds real files from other projects with ExifTool's output.
// It is never committed (the files keep their own licenses); these tests
// skip when it is absent.
var sharedCorpus = formattest.CorpusPath()

// TestCorpusAgreesWithExifTool measures agreement with ExifTool on the
// shared corpus's odt, ods and odp files (all of them agreed, 207 of 207
// pairs, when the extractor landed).
func TestCorpusAgreesWithExifTool(t *testing.T) {
	checkExifTool(t, sharedCorpus, filepath.Join(sharedCorpus, "exiftool.json"), 0.98, nil)
}

// TestCorpusNeverPanics runs every file of the corpus's ODF folders, and
// every other folder's files too, through Probe and Extract: the NEGATIVE
// files (not a ZIP, empty, invalid packages) must give an error or a Record,
// in bounded time, and no non-ODF file may be claimed.
func TestCorpusNeverPanics(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(sharedCorpus, "files", "*", "*"))
	if len(files) == 0 {
		t.Skip("shared corpus not present")
	}
	for _, path := range files {
		data := mustRead(t, path)
		dir := filepath.Base(filepath.Dir(path))
		claimed := odf.Format{}.Probe(bytes.NewReader(data), int64(len(data)), head(data))
		odfDir := dir == "odt" || dir == "ods" || dir == "odp"
		if !odfDir {
			assert.False(t, claimed, "%s claimed as ODF", path)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		rec, err := formats.SafeExtract(ctx, odf.Format{}, bytes.NewReader(data), int64(len(data)))
		cancel()
		var pe *formats.PanicError
		require.NotErrorAs(t, err, &pe, path)
		require.False(t, rec == nil && err == nil, path)
		// A hang is the context deadline running out; speed is measured by
		// benchmarks, not asserted here.
		assert.NotErrorIs(t, err, context.DeadlineExceeded, path)
		if odfDir && claimed {
			assert.NoError(t, err, path)
		}
	}
}
