package rtf_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/rtf"
	"github.com/docprov/docprov/provenance"
)

// FuzzExtract feeds arbitrary bytes to the extractor. Beyond never
// panicking or hanging, every answer must be a Record or an error wrapping
// a formats sentinel (or the context's), and a Record must survive a round
// trip through its JSON unchanged: what docprov writes is what it read.
// The seeds are the fixtures and testdata/fuzz/FuzzExtract.
func FuzzExtract(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join(fixtures, "*.rtf"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		var rec *provenance.Record
		var items int
		err := rtf.Format{}.ExtractEach(ctx, bytes.NewReader(data), int64(len(data)), func(it formats.Item) error {
			if it.Record != nil {
				rec = it.Record
			} else {
				items++
			}
			return nil
		})
		if err != nil {
			if !errors.Is(err, formats.ErrMalformed) && !errors.Is(err, formats.ErrTooLarge) && ctx.Err() == nil {
				t.Fatalf("error wraps no sentinel: %v", err)
			}
			return
		}
		if rec == nil {
			t.Fatal("neither a Record nor an error")
		}
		if rec.Size != int64(len(data)) || len(rec.SHA256) != 64 {
			t.Fatalf("size %d digest %q for %d bytes", rec.Size, rec.SHA256, len(data))
		}
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatalf("record does not encode: %v", err)
		}
		var back provenance.Record
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("record does not decode: %v", err)
		}
		b2, _ := json.Marshal(&back)
		if !bytes.Equal(b, b2) {
			t.Fatalf("JSON round trip changed the record:\n%s\n%s", b, b2)
		}
		if !reflect.DeepEqual(rec.Fields, back.Fields) && len(rec.Fields) > 0 {
			t.Fatal("fields changed in the round trip")
		}
	})
}
