package docprov_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/pdf"
)

func TestEscapePath(t *testing.T) {
	for in, want := range map[string]string{
		"leak/budget.pdf":        "leak/budget.pdf",
		`C:\leak\budget.pdf`:     `C:\leak\budget.pdf`, // UTF-8: as it is
		"r\u00e9sum\u00e9.pdf":   "r\u00e9sum\u00e9.pdf",
		"\ufffd.pdf":             "\ufffd.pdf", // a real U+FFFD is UTF-8
		"r\xe9sum\xe9.pdf":       `r\xe9sum\xe9.pdf`,
		"a\xff\\b":               `a\xff\\b`,
		`\xff` + "\xfe":          `\\xff\xfe`,
		"\xe2\x82":               `\xe2\x82`, // a cut sequence, byte by byte
		"\xed\xa0\x80":           `\xed\xa0\x80`,
		"ok \u20ac then \x80 \\": `ok ` + "\u20ac" + ` then \x80 \\`,
	} {
		assert.Equal(t, want, docprov.EscapePath(in), "%q", in)
	}
	// The two names a plain \xNN would confuse stay apart.
	assert.NotEqual(t, docprov.EscapePath("\xff\xfe"), docprov.EscapePath(`\xff`+"\xfe"))
}

// unescapePath reads EscapePath's form back to the bytes, for the fuzz
// property that the form loses nothing.
func unescapePath(t *testing.T, s string) string {
	var out []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			out = append(out, s[i])
			continue
		}
		require.Less(t, i+1, len(s), "a lone backslash in %q", s)
		switch s[i+1] {
		case '\\':
			out = append(out, '\\')
			i++
		case 'x':
			require.LessOrEqual(t, i+4, len(s), "a cut \\x in %q", s)
			b, err := strconv.ParseUint(s[i+2:i+4], 16, 8)
			require.NoError(t, err)
			out = append(out, byte(b))
			i += 3
		default:
			t.Fatalf("unknown escape in %q", s)
		}
	}
	return string(out)
}

func FuzzEscapePath(f *testing.F) {
	for _, s := range []string{"", "a/b.pdf", "r\xe9sum\xe9.pdf", `\xff` + "\xfe", "\\", "\xf0\x9f\x98", "\xf0\x9f\x98\x80\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		e := docprov.EscapePath(p)
		require.True(t, utf8.ValidString(e), "printable form %q is UTF-8", e)
		if utf8.ValidString(p) {
			require.Equal(t, p, e, "UTF-8 is left alone")
			return
		}
		require.Equal(t, p, unescapePath(t, e), "the form reads back to the exact bytes, so no two names share it")
		require.Equal(t, e, docprov.EscapePath(e), "escaping is idempotent")
	})
}

// TestNonUTF8NamesKeepTheirBytes: two files whose names differ only in a
// byte that is not UTF-8 were both written "a\ufffd.pdf".
func TestNonUTF8NamesKeepTheirBytes(t *testing.T) {
	pdfBytes, err := os.ReadFile("testdata/pdf/reportlab.pdf")
	require.NoError(t, err)
	dir := t.TempDir()
	names := []string{"a\xfe.pdf", "a\xff.pdf", "a\ufffd.pdf", `a\xff.pdf`}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), pdfBytes, 0o644); err != nil {
			t.Skipf("this file system refuses the name %q: %v", n, err)
		}
	}
	bundle := filepath.Join(dir, "m\xe9l.bundle")
	require.NoError(t, os.WriteFile(bundle, append([]byte("BUNDLE\n"), pdfBytes...), 0o644))

	ex := &docprov.Extractor{Registry: formats.NewRegistry(bundleFormat{}, pdf.Format{})}
	var got []docprov.Result
	require.NoError(t, ex.ExtractInputs(context.Background(), docprov.Walk(slices.Values([]string{dir}), false), 2,
		func(r docprov.Result) error { got = append(got, r); return nil }))
	require.Len(t, got, 6, "4 files, the bundle and its inner document")

	seen := map[string]string{}
	for _, r := range got {
		require.NoError(t, r.Err, "%q", r.Path)
		rec := r.Record
		assert.Equal(t, docprov.EscapePath(r.Path), rec.Path)
		if utf8.ValidString(r.Path) {
			assert.Nil(t, rec.PathBytes, "%q: a UTF-8 path needs no bytes", r.Path)
		} else {
			assert.Equal(t, []byte(r.Path), rec.PathBytes, "%q", r.Path)
		}
		b, err := json.Marshal(rec)
		require.NoError(t, err)
		var back struct {
			Path      string `json:"path"`
			PathBytes []byte `json:"path_bytes"`
		}
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, rec.Path, back.Path, "the printable path survives JSON")
		exact := back.Path
		if back.PathBytes != nil {
			exact = string(back.PathBytes)
		}
		assert.Equal(t, r.Path, exact, "JSON gives back the exact path")
		key := back.Path + "\x00" + string(back.PathBytes)
		assert.NotContains(t, seen, key, "%q and %q collide", seen[key], r.Path)
		seen[key] = r.Path
	}
	// Among names that are not UTF-8, path alone tells them apart.
	assert.NotEqual(t, got[0].Record.Path, got[1].Record.Path)

	var inner *docprov.Result
	for i := range got {
		if got[i].Path == bundle+"/inner" {
			inner = &got[i]
		}
	}
	require.NotNil(t, inner, "the bundle's document keeps the raw path in Result.Path")
	assert.Equal(t, docprov.EscapePath(bundle)+"/inner", inner.Record.Path)
	assert.Equal(t, []byte(bundle+"/inner"), inner.Record.PathBytes)
	require.NotNil(t, inner.Record.Parent)
	assert.Equal(t, docprov.EscapePath(bundle), inner.Record.Parent.Path, "the parent's path is printable")
}
