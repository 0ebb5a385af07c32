package c2pa

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/docprov/docprov/formats/internal/formattest"
)

// FuzzC2PA parses and validates arbitrary bytes as a manifest store (the
// asset being the same bytes) and checks, beyond not panicking or
// hanging: that every box lies inside its parent and the boxes of a
// well-formed superbox tile its content exactly; that parsing and
// validating twice gives the same result; that an outcome of valid or
// trusted has no failure; and that every status has one of the three
// kinds. The public-key operations are skipped (validator.noCrypto):
// they are the standard library's, and cost milliseconds an input. Seeds: testdata/fuzz/FuzzC2PA (synthetic stores; see
// TestWriteFuzzSeeds), a synthetic store made here, and the stores of
// the shared corpus when it is present (never committed: the files are
// under their own licenses; nor is what the fuzzer derives from them).
func FuzzC2PA(f *testing.F) {
	asset, _ := synthAsset(f)
	if raw, _, err := Locate(context.Background(), bytes.NewReader(asset), int64(len(asset))); err == nil {
		f.Add(raw)
		f.Add(raw[:len(raw)/2])
	}
	f.Add(asset)
	paths, _ := filepath.Glob(formattest.CorpusPath("files", "c2pa", "*"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// Small stores only: the fuzzer minimises what it finds
		// interesting, and a large seed makes that slow.
		if raw, _, err := Locate(context.Background(), bytes.NewReader(b), int64(len(b))); err == nil && len(raw) <= 32<<10 {
			f.Add(raw)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		boxes, err := ParseJUMBF(data)
		checkBounds(t, boxes, 0, len(data), err == nil)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		// A fixed time: certificate validity is checked at it.
		opts := Options{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
		a := validateStore(ctx, data, bytes.NewReader(data), int64(len(data)), opts, true)
		b := validateStore(ctx, data, bytes.NewReader(data), int64(len(data)), opts, true)
		if ctx.Err() != nil {
			t.Fatalf("validation did not end within 10 s")
		}
		if a.Outcome != b.Outcome || !reflect.DeepEqual(a.Problems, b.Problems) {
			t.Fatalf("two validations differ: %v %v / %v %v", a.Outcome, a.Problems, b.Outcome, b.Problems)
		}
		if !reflect.DeepEqual(a.Status, b.Status) {
			for i := range min(len(a.Status), len(b.Status)) {
				if a.Status[i] != b.Status[i] {
					t.Fatalf("two validations differ at status %d: %+v / %+v", i, a.Status[i], b.Status[i])
				}
			}
			t.Fatalf("two validations give %d and %d statuses", len(a.Status), len(b.Status))
		}
		if (a.Outcome == OutcomeValid || a.Outcome == OutcomeTrusted) && HasFailure(a.Status) {
			t.Fatalf("outcome %s with failures %v", a.Outcome, a.Status)
		}
		for _, s := range a.Status {
			if s.Kind != Success && s.Kind != Failure && s.Kind != Informational {
				t.Fatalf("status %q of kind %q", s.Code, s.Kind)
			}
		}
	})
}

// checkBounds checks that boxes lie within [start, end) and, when the
// parse succeeded, tile it.
func checkBounds(t *testing.T, boxes []*Box, start, end int, complete bool) {
	t.Helper()
	pos := start
	for _, b := range boxes {
		if b.Offset < start || b.Offset+len(b.Raw) > end || b.Offset < pos {
			t.Fatalf("box %q at %d+%d outside [%d, %d) or overlapping the previous", b.TBox, b.Offset, len(b.Raw), start, end)
		}
		pos = b.Offset + len(b.Raw)
		if b.TBox == "jumb" {
			hdr := len(b.Raw) - len(b.Body)
			kids := b.Children
			if len(b.Type) > 0 || len(kids) > 0 {
				// the description box comes first; the children after it
				checkBounds(t, kids, b.Offset+hdr, b.Offset+len(b.Raw), false)
			}
		}
	}
	if complete && pos != end {
		t.Fatalf("boxes end at %d, their container at %d", pos, end)
	}
}

// TestWriteFuzzSeeds writes the synthetic seed corpus of FuzzC2PA to
// testdata/fuzz/FuzzC2PA when DOCPROV_WRITE_SEEDS is set:
//
//	DOCPROV_WRITE_SEEDS=1 go test ./formats/c2pa -run TestWriteFuzzSeeds
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("DOCPROV_WRITE_SEEDS") == "" {
		t.Skip("set DOCPROV_WRITE_SEEDS=1 to rewrite testdata/fuzz/FuzzC2PA")
	}
	asset, _ := synthAsset(t)
	raw, _, err := Locate(context.Background(), bytes.NewReader(asset), int64(len(asset)))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzC2PA")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"synthetic-store": raw, "synthetic-truncated": raw[:len(raw)*2/3], "synthetic-jpeg": asset} {
		content := "go test fuzz v1\n[]byte(" + quote(b) + ")\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func quote(b []byte) string {
	const hexd = "0123456789abcdef"
	var s []byte
	s = append(s, '"')
	for _, c := range b {
		switch {
		case c == '"' || c == '\\':
			s = append(s, '\\', c)
		case c >= 0x20 && c < 0x7f:
			s = append(s, c)
		default:
			s = append(s, '\\', 'x', hexd[c>>4], hexd[c&15])
		}
	}
	return string(append(s, '"'))
}
