package provenance_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/docprov/docprov/provenance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReportNamesAnUnreadableFileOnce: the batch's errors name the file,
// and the text report prefixed the path again ("x.txt: x.txt: …"); counts
// of one read "1 documents".
func TestReportNamesAnUnreadableFileOnce(t *testing.T) {
	s := &provenance.Scanner{}
	s.AddError("x.txt", errors.New("x.txt: content not recognised: unsupported format"))
	s.AddError("gone.pdf", errors.New("stat gone.pdf: no such file or directory"))
	s.AddError("bare.pdf", errors.New("timed out"))
	var buf bytes.Buffer
	require.NoError(t, s.Report().WriteText(&buf))
	text := buf.String()
	assert.Contains(t, text, "\n  x.txt: content not recognised: unsupported format\n")
	assert.Contains(t, text, "\n  stat gone.pdf: no such file or directory\n")
	assert.Contains(t, text, "\n  bare.pdf: timed out\n", "an error that does not name the file gets its path")
	assert.NotContains(t, text, "x.txt: x.txt")
	assert.Contains(t, text, "docprov scan: 3 documents,")
	assert.Contains(t, text, "\n0 documents without findings.\n")
	assert.Contains(t, text, "\n3 files could not be read:\n")

	one := &provenance.Scanner{}
	one.AddError("x.txt", errors.New("x.txt: content not recognised"))
	buf.Reset()
	require.NoError(t, one.Report().WriteText(&buf))
	assert.Contains(t, buf.String(), "docprov scan: 1 document,")
	assert.Contains(t, buf.String(), "\n1 file could not be read:\n")
}
