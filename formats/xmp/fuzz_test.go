package xmp

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds arbitrary bytes to Find, FindAll and Parse. Besides never
// panicking, Parse must keep its contract: a non-nil Packet, an error that
// wraps one of the sentinels, the limits respected, and every property
// reachable through Get.
//
// Seeds: every committed fixture, UTF-16 and UTF-32 forms of one, and the
// crashers and slow inputs fuzzing has found (kept in testdata/fuzz/FuzzParse).
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.xmp"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	small := `<?xpacket begin="` + "\uFEFF" + `"?>` + string(desc(`<xmpMM:History><rdf:Seq><rdf:li stEvt:action="saved"/></rdf:Seq></xmpMM:History><dc:title><rdf:Alt><rdf:li xml:lang="x-default">t</rdf:li></rdf:Alt></dc:title>`)) + `<?xpacket end="w"?>`
	f.Add([]byte(small))
	f.Add(utf16Bytes(small, true, false))
	f.Add(utf16Bytes(small, false, true))
	f.Add(utf32Bytes(small, false))
	f.Add([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><!DOCTYPE x [<!ENTITY a "&b;&b;">]>` + string(desc("<xmp:A>\xe9&a;</xmp:A>"))))
	f.Add([]byte("<x:xmpmeta><rdf:RDF><rdf:Description><a:b rdf:parseType='Literal'><c>"))
	f.Add(desc(`<xmp:A>a&#1;b&#x1F;&#1114112;&#</xmp:A><xmp:B><![CDATA[&#1;]]></xmp:B><!-- &#2; -->`))

	f.Fuzz(func(t *testing.T, data []byte) {
		for _, pk := range FindAll(data) {
			if len(pk) == 0 {
				t.Fatal("FindAll returned an empty packet")
			}
		}
		p, err := Parse(data)
		if p == nil {
			t.Fatal("nil Packet")
		}
		if err != nil && !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrLimit) {
			t.Fatalf("error wraps no sentinel: %v", err)
		}
		if len(p.Properties) > MaxProperties {
			t.Fatalf("%d properties", len(p.Properties))
		}
		for _, pr := range p.Properties {
			if pr.Path == "" {
				t.Fatal("empty path")
			}
			if _, ok := p.Get(pr.Path); !ok {
				t.Fatalf("Get(%q) misses a property", pr.Path)
			}
		}
		if len(p.History) > len(p.Properties) {
			t.Fatalf("%d events from %d properties", len(p.History), len(p.Properties))
		}
		_ = p.First("xmp:CreatorTool")
		_ = p.List("dc:creator")
	})
}
