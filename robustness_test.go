package docprov_test

import (
	"bytes"
	"context"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/formats"
)

// TestCorpusAndMutantsNeverPanicOrHang runs every file of the shared
// corpus, and damaged copies of each (truncated at random points, bytes
// flipped), through Extract. Each must give a Record or an error naming the
// file, within the time budget, and no extractor may panic: the registry's
// recover is a safety net, a panic behind it is still a bug.
func TestCorpusAndMutantsNeverPanicOrHang(t *testing.T) {
	var files []string
	err := filepath.WalkDir(filepath.Join(sharedCorpus, "files"), func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	if os.IsNotExist(err) || len(files) == 0 {
		t.Skip("shared corpus not present")
	}
	mutants := 3
	if testing.Short() {
		mutants = 1
	}
	ex := &docprov.Extractor{Timeout: 30 * time.Second}
	rng := rand.New(rand.NewSource(1))
	var records, errs int
	for _, path := range files {
		orig, err := os.ReadFile(path)
		require.NoError(t, err)
		variants := [][]byte{orig}
		for m := 0; m < mutants && len(orig) > 0; m++ {
			v := append([]byte(nil), orig...)
			if m%2 == 0 {
				v = v[:rng.Intn(len(v))]
			} else {
				for k := 0; k < 1+len(v)/500; k++ {
					v[rng.Intn(len(v))] ^= byte(1 + rng.Intn(255))
				}
			}
			variants = append(variants, v)
		}
		for i, data := range variants {
			name := path
			if i > 0 {
				name = path + "#mutant" + string(rune('0'+i))
			}
			rec, err := ex.Extract(context.Background(), bytes.NewReader(data), int64(len(data)), name)
			var pe *formats.PanicError
			if errors.As(err, &pe) {
				t.Errorf("%s: %v\n%s", name, pe, pe.Stack)
				continue
			}
			if errors.Is(err, docprov.ErrTimeout) {
				t.Errorf("%s: hang: %v", name, err)
				continue
			}
			if err != nil {
				errs++
				assert.Contains(t, err.Error(), name, "an error names its file")
				continue
			}
			require.NotNil(t, rec, name)
			records++
		}
	}
	t.Logf("%d files, %d mutants each: %d records, %d errors", len(files), mutants, records, errs)
}
