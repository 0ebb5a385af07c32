// Package formattest is the test kit every format under formats/ shares:
// reading a fixture the way the Registry would, picking software and
// identifiers out of a Record, finding the shared corpus, and fuzzing an
// extractor against the Format contract. It is an ordinary package so that
// tests can import it, and internal so that nothing outside formats/ can;
// only _test.go files should import it (it imports testing and testify).
//
// A new format's tests use it like this:
//
//	const fixtures = "../../testdata/myformat"
//
//	func TestProducer(t *testing.T) {
//		rec := formattest.ExtractFile(t, myformat.Format{}, filepath.Join(fixtures, "a.my"))
//		assert.Equal(t, []string{"Producer 1.0"}, formattest.SoftwareRaw(rec, provenance.RoleProducer))
//		assert.Equal(t, "uuid:...", formattest.ID(rec, "myformat.documentID"))
//	}
//
//	func TestCorpus(t *testing.T) {
//		dir := formattest.CorpusDir(t, "files", "my") // skips without ../shared/corpus
//		...
//	}
//
//	// The seeds under testdata/fuzz/FuzzExtract apply because the name stays.
//	func FuzzExtract(f *testing.F) {
//		formattest.Fuzz(f, myformat.Format{}, formattest.Seeds(f, filepath.Join(fixtures, "*.my"), 64<<10)...)
//	}
//
// Fuzz checks a property, not only the absence of a panic; Check states it.
// FuzzWith adds a format's own invariants on top.
package formattest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/provenance"
)

// Deadline bounds every extraction the kit runs. It is generous on purpose:
// it catches a hang, not a slow machine (speed is for the benchmarks): the
// 32 MB zip bomb of formats/odf took 18 s under -race on a loaded CI
// machine, past the 10 s this once was.
const Deadline = 2 * time.Minute

// Head is the part of data a Registry gives to Match and Probe.
func Head(data []byte) []byte { return data[:min(len(data), formats.SniffLen)] }

// Claims reports whether f recognises data the way the Registry asks: with
// Probe when f is a formats.Prober, with Match otherwise.
func Claims(f formats.Format, data []byte) bool {
	if p, ok := f.(formats.Prober); ok {
		return p.Probe(bytes.NewReader(data), int64(len(data)), Head(data))
	}
	return f.Match(Head(data))
}

// Read returns the bytes of the file at path, failing t if it cannot.
func Read(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return data
}

// Extract requires that f claims data (see Claims) and reads it with
// formats.SafeExtract under Deadline, as the Registry would; it requires a
// Record and no error, and returns the Record.
func Extract(t testing.TB, f formats.Format, data []byte) *provenance.Record {
	t.Helper()
	require.True(t, Claims(f, data), "%s claims the input", f.Name())
	return ExtractUnsniffed(t, f, data)
}

// ExtractUnsniffed is Extract without the sniffing check: for inputs built
// to reach the parser that the sniffer would turn away.
func ExtractUnsniffed(t testing.TB, f formats.Format, data []byte) *provenance.Record {
	t.Helper()
	rec, err := Try(f, data)
	require.NoError(t, err)
	require.NotNil(t, rec)
	return rec
}

// ExtractFile is Extract on the file at path.
func ExtractFile(t testing.TB, f formats.Format, path string) *provenance.Record {
	t.Helper()
	return Extract(t, f, Read(t, path))
}

// Try runs formats.SafeExtract on data under Deadline and returns what it
// gives, for tests that expect an error.
func Try(f formats.Format, data []byte) (*provenance.Record, error) {
	ctx, cancel := context.WithTimeout(context.Background(), Deadline)
	defer cancel()
	return formats.SafeExtract(ctx, f, bytes.NewReader(data), int64(len(data)))
}

// Software returns rec's software of the given role, in order.
func Software(rec *provenance.Record, role provenance.Role) []provenance.Software {
	var out []provenance.Software
	for _, s := range rec.Software {
		if s.Role == role {
			out = append(out, s)
		}
	}
	return out
}

// SoftwareRaw returns the raw strings of rec's software of the given role,
// inferred entries (a fingerprint's) included.
func SoftwareRaw(rec *provenance.Record, role provenance.Role) []string {
	var out []string
	for _, s := range Software(rec, role) {
		out = append(out, s.Raw)
	}
	return out
}

// ClaimedRaw is SoftwareRaw without the inferred entries: only what the
// file itself names.
func ClaimedRaw(rec *provenance.Record, role provenance.Role) []string {
	var out []string
	for _, s := range Software(rec, role) {
		if !s.Inferred() {
			out = append(out, s.Raw)
		}
	}
	return out
}

// ID returns the value of rec's first identifier of the given kind, or "".
func ID(rec *provenance.Record, kind string) string {
	for _, i := range rec.IDs {
		if i.Kind == kind {
			return i.Value
		}
	}
	return ""
}

var (
	rootOnce sync.Once
	root     string
)

// ModuleRoot returns the directory holding the module's go.mod, found by
// walking up from the working directory (a test's is its package's), or ""
// when there is none.
func ModuleRoot() string {
	rootOnce.Do(func() {
		dir, err := os.Getwd()
		if err != nil {
			return
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				root = dir
				return
			}
			up := filepath.Dir(dir)
			if up == dir {
				return
			}
			dir = up
		}
	})
	return root
}

// CorpusPath returns the path of parts inside the shared corpus,
// ../shared/corpus from the module root, whether it exists or not: for
// globs that simply match nothing without the corpus.
func CorpusPath(parts ...string) string {
	r := ModuleRoot()
	if r == "" {
		r = "."
	}
	return filepath.Join(append([]string{r, "..", "shared", "corpus"}, parts...)...)
}

// CorpusDir returns CorpusPath(parts...) and skips the test when it does
// not exist: the shared corpus is never committed and is optional.
func CorpusDir(t testing.TB, parts ...string) string {
	t.Helper()
	p := CorpusPath(parts...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("no shared corpus at %s", p)
	}
	return p
}

// Seeds returns the files matching pattern that are at most max bytes
// (max 0: any size), for f.Add or Fuzz's seeds.
func Seeds(t testing.TB, pattern string, max int) [][]byte {
	t.Helper()
	paths, err := filepath.Glob(pattern)
	require.NoError(t, err)
	var out [][]byte
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil && (max == 0 || len(b) <= max) {
			out = append(out, b)
		}
	}
	return out
}

// Fuzz adds seeds to f and fuzzes format with Check.
func Fuzz(f *testing.F, format formats.Format, seeds ...[]byte) {
	FuzzWith(f, format, nil, seeds...)
}

// FuzzWith is Fuzz with a format's own invariants: more runs, after
// Check's property held, on each input and the Record Extract gave (nil
// with an error).
func FuzzWith(f *testing.F, format formats.Format, more func(t *testing.T, data []byte, rec *provenance.Record), seeds ...[]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rec := Check(t, format, data)
		if more != nil {
			more(t, data, rec)
		}
	})
}

// Check holds format to its contract on data and returns the Record, or nil
// when Extract gave an error. The property:
//
//   - Match, and Probe when format has one, do not panic;
//   - Extract, run by formats.SafeExtract, does not panic (a PanicError
//     fails) and ends before Deadline;
//   - it gives either an error that wraps one of the formats sentinels and
//     no Record, or a Record and no error;
//   - the Record names its Format, and its JSON decodes to a Record that
//     encodes to the same bytes (what docprov writes is what it read);
//   - for a formats.Container, ExtractEach holds to the same: no panic, an
//     error wraps a sentinel, and every Record it emits has a SHA-256 and
//     round-trips through its JSON.
func Check(t testing.TB, format formats.Format, data []byte) *provenance.Record {
	t.Helper()
	format.Match(Head(data))
	if p, ok := format.(formats.Prober); ok {
		p.Probe(bytes.NewReader(data), int64(len(data)), Head(data))
	}
	ctx, cancel := context.WithTimeout(context.Background(), Deadline)
	defer cancel()
	rec, err := formats.SafeExtract(ctx, format, bytes.NewReader(data), int64(len(data)))
	checkErr(t, ctx, "Extract", err)
	switch {
	case err != nil && rec != nil:
		t.Fatalf("Extract gave both a Record and an error: %v", err)
	case err == nil && rec == nil:
		t.Fatal("Extract gave neither a Record nor an error")
	case rec != nil:
		if rec.Format == "" {
			t.Fatal("Record without a Format")
		}
		RoundTrip(t, rec)
	}
	if c, ok := format.(formats.Container); ok {
		each := func() (err error) {
			defer func() {
				if p := recover(); p != nil {
					err = &formats.PanicError{Format: format.Name(), Value: p, Stack: debug.Stack()}
				}
			}()
			return c.ExtractEach(ctx, bytes.NewReader(data), int64(len(data)), func(it formats.Item) error {
				if it.Record != nil {
					if !sha256Hex.MatchString(it.Record.SHA256) {
						t.Fatalf("item %q: SHA256 %q", it.Name, it.Record.SHA256)
					}
					RoundTrip(t, it.Record)
				}
				return nil
			})
		}
		checkErr(t, ctx, "ExtractEach", each())
	}
	return rec
}

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

var sentinels = []error{formats.ErrMalformed, formats.ErrUnsupported, formats.ErrTooLarge, formats.ErrEncrypted}

// checkErr fails on a panic, a deadline reached, or an error that wraps no
// formats sentinel.
func checkErr(t testing.TB, ctx context.Context, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var pe *formats.PanicError
	if errors.As(err, &pe) {
		t.Fatalf("%s panicked: %v\n%s", what, pe.Value, pe.Stack)
	}
	if ctx.Err() != nil {
		t.Fatalf("%s ran past its deadline: %v", what, err)
	}
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("%s: error wraps no formats sentinel: %v", what, err)
}

// RoundTrip requires that rec encodes to JSON, that the JSON decodes, and
// that the decoded Record encodes to the same bytes.
func RoundTrip(t testing.TB, rec *provenance.Record) {
	t.Helper()
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatalf("Record does not encode: %v", err)
	}
	var back provenance.Record
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("Record does not decode: %v\n%s", err, b)
	}
	b2, err := json.Marshal(&back)
	if err != nil {
		t.Fatalf("decoded Record does not encode: %v", err)
	}
	if !bytes.Equal(b, b2) {
		t.Fatalf("JSON round trip changed the Record:\n%s\n%s", b, b2)
	}
}
