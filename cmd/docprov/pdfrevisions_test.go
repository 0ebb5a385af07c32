package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov"
)

// pdf-revisions restores every earlier save of a PDF byte for byte: each
// restored file is the original's prefix up to that save's %%EOF, its
// SHA-256 is the one printed, and read again it holds that many updates.
func TestPDFRevisionsRestoresEachSave(t *testing.T) {
	src := filepath.Join(fixtures, "multi-update.pdf") // ExifTool, MuPDF and ExifTool again after Ghostscript
	orig, err := os.ReadFile(src)
	require.NoError(t, err)
	dir := t.TempDir()
	code, out, stderr := runCLI(t, "", "pdf-revisions", "-o", dir, src)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "4 saves")
	assert.Contains(t, out, "Author: Bob Example → Mallory")
	assert.Contains(t, out, "update wrote:      info 1, xmp 1")
	assert.Contains(t, out, "the claims the file ends with come from: Author save 3, Title save 1, Producer save 0")
	for i := range 3 {
		restored, err := os.ReadFile(filepath.Join(dir, "multi-update.rev"+string(rune('0'+i))+".pdf"))
		require.NoError(t, err, "save %d", i)
		assert.Equal(t, orig[:len(restored)], restored, "save %d is a prefix of the file", i)
		sum := sha256.Sum256(restored)
		assert.Contains(t, out, hex.EncodeToString(sum[:]))
		rec, err := docprov.ExtractFile(context.Background(), filepath.Join(dir, "multi-update.rev"+string(rune('0'+i))+".pdf"))
		require.NoError(t, err)
		assert.Equal(t, string(rune('0'+i)), rec.Fields["pdf.revisions"], "save %d holds %d updates", i, i)
	}
	assert.NoFileExists(t, filepath.Join(dir, "multi-update.rev3.pdf"), "the last save is the file itself")

	code, out, _ = runCLI(t, "", "pdf-revisions", filepath.Join(fixtures, "reportlab.pdf"))
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "nothing to restore")
	code, _, stderr = runCLI(t, "", "pdf-revisions", filepath.Join(fixtures, "not-a-pdf.pdf"))
	assert.Equal(t, 1, code)
	assert.NotEmpty(t, stderr)
}
