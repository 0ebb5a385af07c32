package ole_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/ole"
)

// sharedCorpus holds real files from other projects, never committed;
// tests that need it skip when it is absent.
var sharedCorpus = formattest.CorpusPath("files")

// TestSharedCorpus runs every compound file of the shared corpus through
// Extract, the negative and odd ones included (fuzzed FATs, encrypted
// files, a WordPerfect file named .doc): each yields a Record or an error
// wrapping a sentinel, quickly, and never panics.
func TestSharedCorpus(t *testing.T) {
	formattest.CorpusDir(t, "files")
	var paths []string
	for _, pat := range []string{"doc/*", "xls/*", "ppt/*", "other/*.xlt", "docx/*", "pptx/*", "xlsx/*"} {
		m, _ := filepath.Glob(filepath.Join(sharedCorpus, pat))
		paths = append(paths, m...)
	}
	require.NotEmpty(t, paths)
	records := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		head := data[:min(len(data), formats.SniffLen)]
		if !(ole.Format{}).Probe(bytes.NewReader(data), int64(len(data)), head) {
			continue // ZIP-based OOXML, JSON or WordPerfect named .doc
		}
		t.Run(filepath.Base(p), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			rec, err := formats.SafeExtract(ctx, ole.Format{}, bytes.NewReader(data), int64(len(data)))
			// A hang is the context deadline running out; speed is measured by
			// benchmarks, not asserted here.
			assert.NotErrorIs(t, err, context.DeadlineExceeded)
			var pe *formats.PanicError
			require.False(t, errors.As(err, &pe), "panic: %v", err)
			if err != nil {
				assert.True(t, errors.Is(err, formats.ErrMalformed), "%v", err)
				return
			}
			records++
			assert.NotEmpty(t, rec.Format)
		})
	}
	assert.Greater(t, records, 60)
}

// TestSharedCorpusEncrypted checks the encrypted files of the corpus: a
// Record that says so, with what the container still shows.
func TestSharedCorpusEncrypted(t *testing.T) {
	cases := map[string]string{
		"docx/tika__testWORD_protected_passtika.docx": "ooxml-encrypted",
		"pptx/tika__testPPT_protected_passtika.pptx":  "ooxml-encrypted",
		"xls/poi__xor-encryption-abc.xls":             "xls",
		"ppt/poi__Password_Protected-56-hello.ppt":    "ppt",
	}
	for name, format := range cases {
		data, err := os.ReadFile(filepath.Join(sharedCorpus, name))
		if err != nil {
			t.Skip("shared corpus not present")
		}
		rec, err := ole.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
		require.NoError(t, err, name)
		assert.Equal(t, format, rec.Format, name)
		assert.Equal(t, "true", rec.Fields["ole.encrypted"], name)
		require.NotEmpty(t, rec.Problems, name)
		assert.Contains(t, rec.Problems[len(rec.Problems)-1], "encrypted", name)
	}
}

// TestHostileContainer damages a real compound file the ways attackers and
// broken writers do (sector chains that loop, a stream claiming 4 GB, a
// mini stream cut short) and checks that Extract still answers, quickly,
// with a Record or an error.
func TestHostileContainer(t *testing.T) {
	orig, err := os.ReadFile(filepath.Join(fixtures, "writer-fr.doc"))
	require.NoError(t, err)
	le := binary.LittleEndian
	fatSector := int(le.Uint32(orig[76:]))
	dirSector := int(le.Uint32(orig[48:]))
	mutations := map[string]func(b []byte) []byte{
		"every FAT entry points to itself": func(b []byte) []byte {
			fat := (fatSector + 1) * 512
			for i := 0; i < 128; i++ {
				le.PutUint32(b[fat+4*i:], uint32(i))
			}
			return b
		},
		"every stream claims 4 GB": func(b []byte) []byte {
			dir := (dirSector + 1) * 512
			for i := 1; i < 4; i++ {
				le.PutUint32(b[dir+128*i+120:], 0xFFFFFFF0)
			}
			return b
		},
		"FAT chains run in a two-sector loop": func(b []byte) []byte {
			fat := (fatSector + 1) * 512
			for i := 0; i < 128; i += 2 {
				le.PutUint32(b[fat+4*i:], uint32(i+1))
				le.PutUint32(b[fat+4*i+4:], uint32(i))
			}
			return b
		},
		"truncated to half":          func(b []byte) []byte { return b[:len(b)/2] },
		"truncated after the header": func(b []byte) []byte { return b[:520] },
		"directory sector out of range": func(b []byte) []byte {
			le.PutUint32(b[48:], 0x7FFFFFF0)
			return b
		},
	}
	for name, mutate := range mutations {
		t.Run(name, func(t *testing.T) {
			data := mutate(append([]byte(nil), orig...))
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			rec, err := formats.SafeExtract(ctx, ole.Format{}, bytes.NewReader(data), int64(len(data)))
			// A hang is the context deadline running out; speed is measured by
			// benchmarks, not asserted here.
			assert.NotErrorIs(t, err, context.DeadlineExceeded)
			var pe *formats.PanicError
			require.False(t, errors.As(err, &pe), "panic: %v", err)
			if err != nil {
				assert.True(t, errors.Is(err, formats.ErrMalformed), "%v", err)
			} else {
				assert.NotNil(t, rec)
			}
		})
	}
}
