package docprov

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A file read whole is digested as it would be in place; one that is
// shorter than its stat said (it changed while it was read) is an error,
// not a Record of the wrong bytes.
func TestReadSmall(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	data := []byte("%PDF-1.4 not really")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()

	r, err := readSmall(f, int64(len(data)))
	require.NoError(t, err)
	require.IsType(t, inMemory(nil), r)
	got, err := digest(context.Background(), r, int64(len(data)))
	require.NoError(t, err)
	want := sha256.Sum256(data)
	assert.Equal(t, hex.EncodeToString(want[:]), got)
	inPlace, err := digest(context.Background(), f, int64(len(data)))
	require.NoError(t, err)
	assert.Equal(t, got, inPlace)

	_, err = f.Seek(0, 0)
	require.NoError(t, err)
	_, err = readSmall(f, int64(len(data))+10)
	assert.ErrorContains(t, err, "changed while it was read")

	big, err := readSmall(f, maxInMemory+1)
	require.NoError(t, err)
	assert.Same(t, f, big, "a large file is read in place")
}
