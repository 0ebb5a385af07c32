package provenance_test

import (
	"bytes"
	"testing"

	"github.com/docprov/docprov/provenance"
)

// FuzzLoadBaseline feeds arbitrary bytes to the baseline loader, seeded
// with a real baseline's JSON. A baseline file comes from outside (a
// colleague's, a download), so whatever LoadBaseline accepts must be safe
// to use: every check runs against it without a panic, Add and Merge work
// on it, and it survives a Save and a second load unchanged.
func FuzzLoadBaseline(f *testing.F) {
	var buf bytes.Buffer
	if err := provenance.BuildBaseline(org(12)).Save(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"version":4}`))
	f.Add([]byte(`{"version":4,"docs":-3,"features":{"author":{"x":-1}}}`))
	f.Add([]byte(`{"version":4,"populations":{"pdf":null},"ids":{"pdf.trailer.ID0":{"a":null}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := provenance.LoadBaseline(bytes.NewReader(data))
		if err != nil {
			if b != nil {
				t.Fatal("a baseline and an error")
			}
			return
		}
		q := org(1)[0]
		_ = provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks())
		s := &provenance.Scanner{Baseline: b}
		s.Add(q)
		_ = s.Report()
		var out bytes.Buffer
		if err := b.Save(&out); err != nil {
			t.Fatalf("save: %v", err)
		}
		again, err := provenance.LoadBaseline(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatalf("a saved baseline does not load again: %v", err)
		}
		var out2 bytes.Buffer
		if err := again.Save(&out2); err != nil || !bytes.Equal(out.Bytes(), out2.Bytes()) {
			t.Fatalf("save, load, save differs: %v", err)
		}
		b.Add(q)
		_ = b.Merge(again)
	})
}
