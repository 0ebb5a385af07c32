package rtf_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/rtf"
	"github.com/docprov/docprov/provenance"
)

// FuzzExtract feeds arbitrary bytes to the extractor and holds Extract and
// ExtractEach to formattest.Check's property: no panic, no hang, an error
// wrapping a formats sentinel or a Record that survives a round trip
// through its JSON unchanged (what docprov writes is what it read). Beyond
// it, ExtractEach must emit the document's Record, with the whole input's
// size and digest. The seeds are the fixtures and testdata/fuzz/FuzzExtract.
func FuzzExtract(f *testing.F) {
	seeds := formattest.Seeds(f, filepath.Join(fixtures, "*.rtf"), 0)
	formattest.FuzzWith(f, rtf.Format{}, func(t *testing.T, data []byte, _ *provenance.Record) {
		ctx, cancel := context.WithTimeout(context.Background(), formattest.Deadline)
		defer cancel()
		var rec *provenance.Record
		err := rtf.Format{}.ExtractEach(ctx, bytes.NewReader(data), int64(len(data)), func(it formats.Item) error {
			if it.Record != nil {
				rec = it.Record
			}
			return nil
		})
		if err != nil {
			return // Check held the error to its sentinels
		}
		if rec == nil {
			t.Fatal("ExtractEach gave neither a Record nor an error")
		}
		if rec.Size != int64(len(data)) || len(rec.SHA256) != 64 {
			t.Fatalf("size %d digest %q for %d bytes", rec.Size, rec.SHA256, len(data))
		}
	}, seeds...)
}
