package zipx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/docprov/docprov/provenance"
)

func TestHex4(t *testing.T) {
	for _, v := range []uint16{0, 0x8, 0x0808, 0xcafe, 0xffff, 0x1234} {
		if got, want := hex4(v), fmt.Sprintf("0x%04x", v); got != want {
			t.Errorf("hex4(%#x) = %q, want %q", v, got, want)
		}
	}
}

// TestRecordLayoutValidUTF8: a name or comment with a byte that is not
// UTF-8 (a mutated or CP437 name) is recorded with U+FFFD in its place, so
// the Fields are what their JSON says (the fuzz property found this).
func TestRecordLayoutValidUTF8(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "[Co\xffnt_Types].xml", Method: zip.Store, Modified: time.Date(2020, 1, 2, 3, 4, 6, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("x"))
	zw.SetComment("caf\xe9")
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	a, err := Open(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	f := provenance.Fields{}
	a.RecordLayout(f, "z")
	if got := f["z.entry[0]"]; got != "[Co\uFFFDnt_Types].xml" {
		t.Errorf("entry name %q", got)
	}
	if got := f["z.comment"]; got != "caf\uFFFD" {
		t.Errorf("comment %q", got)
	}
	for k, v := range f {
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			t.Errorf("field %q = %q is not UTF-8", k, v)
		}
	}
}
