package formattest_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/provenance"
)

// toy reads "T:<title>" and refuses anything else as malformed. It writes
// the title as valid UTF-8: Check's round trip fails otherwise.
type toy struct{}

func (toy) Name() string           { return "toy" }
func (toy) Match(head []byte) bool { return len(head) >= 2 && string(head[:2]) == "T:" }
func (toy) Extract(_ context.Context, r io.ReaderAt, size int64) (*provenance.Record, error) {
	b := make([]byte, size)
	if _, err := r.ReadAt(b, 0); err != nil && err != io.EOF {
		return nil, err
	}
	if len(b) < 2 || string(b[:2]) != "T:" {
		return nil, fmt.Errorf("no title: %w", formats.ErrMalformed)
	}
	return &provenance.Record{Title: strings.ToValidUTF8(string(b[2:]), "\uFFFD"),
		Software: []provenance.Software{{Raw: "A 1", Role: provenance.RoleProducer}, {Raw: "B", Role: provenance.RoleProducer, Source: "toy.fingerprint"}},
		IDs:      []provenance.Identifier{{Kind: "toy.id", Value: "x"}}}, nil
}

func TestExtractAndHelpers(t *testing.T) {
	rec := formattest.Extract(t, toy{}, []byte("T:hello"))
	assert.Equal(t, "hello", rec.Title)
	assert.Equal(t, "toy", rec.Format, "SafeExtract names the format")
	assert.Equal(t, []string{"A 1", "B"}, formattest.SoftwareRaw(rec, provenance.RoleProducer))
	assert.Equal(t, []string{"A 1"}, formattest.ClaimedRaw(rec, provenance.RoleProducer))
	assert.Len(t, formattest.Software(rec, provenance.RoleCreator), 0)
	assert.Equal(t, "x", formattest.ID(rec, "toy.id"))
	assert.Equal(t, "", formattest.ID(rec, "none"))
	assert.Nil(t, formattest.Check(t, toy{}, []byte("nope")))
}

func TestCorpusPath(t *testing.T) {
	root := formattest.ModuleRoot()
	_, err := os.Stat(filepath.Join(root, "go.mod"))
	assert.NoError(t, err)
	assert.Equal(t, filepath.Join(root, "..", "shared", "corpus", "files"), formattest.CorpusPath("files"))
	t.Run("missing", func(t *testing.T) {
		formattest.CorpusDir(t, "no such directory")
		t.Fatal("CorpusDir did not skip")
	})
}

func FuzzToy(f *testing.F) {
	formattest.Fuzz(f, toy{}, []byte("T:a"), []byte("x"))
}
