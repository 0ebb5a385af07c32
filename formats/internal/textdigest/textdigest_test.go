package textdigest_test

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/docprov/docprov/formats/internal/textdigest"
	"github.com/docprov/docprov/provenance"
)

// text returns what a Digest fed by feed hashes.
func text(feed func(d *textdigest.Digest)) string {
	var out []byte
	d := textdigest.Digest{Tee: &out, Collect: true}
	feed(&d)
	d.Flush()
	return string(out)
}

func TestNormalization(t *testing.T) {
	long := strings.Repeat("word ", 1000) // past the 2 KiB buffer
	for _, c := range []struct {
		name string
		feed func(d *textdigest.Digest)
		want string
	}{
		{"white space runs", func(d *textdigest.Digest) { d.Write([]byte(" \t a \r\n\v\f b\u00a0\u2003c\u3000 ")) }, "a b c"},
		{"boundaries", func(d *textdigest.Digest) {
			d.Sep()
			d.Write([]byte("a"))
			d.Sep()
			d.Sep()
			d.Write([]byte("b "))
			d.Sep()
			d.Write([]byte(" c"))
			d.Sep()
		}, "a b c"},
		{"no boundary, no space", func(d *textdigest.Digest) { d.Write([]byte("ab")); d.Write([]byte("cd")) }, "abcd"},
		{"dropped", func(d *textdigest.Digest) { d.Write([]byte("\ufeffco\u00adop\u200berate")) }, "cooperate"},
		{"dropped between spaces", func(d *textdigest.Digest) { d.Write([]byte("a \u200b b")) }, "a b"},
		{"invalid UTF-8 as it is", func(d *textdigest.Digest) { d.Write([]byte("a\xffb\xe2\x82")) }, "a\xffb\xe2\x82"},
		{"not ASCII", func(d *textdigest.Digest) { d.Write([]byte("Ça coûte 5 €")) }, "Ça coûte 5 €"},
		{"entities", func(d *textdigest.Digest) {
			d.WriteEscaped([]byte("&lt;a&gt; &amp; &apos;&quot; &#233;&#xE9;&#X20AC; &#160;x"))
		}, "<a> & '\" éé€ x"},
		{"not entities", func(d *textdigest.Digest) {
			d.WriteEscaped([]byte("&nbsp; & &#xFFFFFFFF; &#; AT&T &averyveryverylongname;"))
		}, "&nbsp; & &#xFFFFFFFF; &#; AT&T &averyveryverylongname;"},
		{"string across chunks", func(d *textdigest.Digest) { d.WriteString(strings.Repeat("é", 40) + " x") }, strings.Repeat("é", 40) + " x"},
		{"past the buffer", func(d *textdigest.Digest) { d.Write([]byte(long)); d.WriteString(long) }, strings.TrimSpace(long + long)},
		{"numbers", func(d *textdigest.Digest) {
			d.WriteNumber([]byte("3.4000000000000004"))
			d.Sep()
			d.WriteNumber([]byte("1.2E+3"))
			d.Sep()
			d.WriteNumber([]byte("not a &amp; number"))
			d.Sep()
			d.WriteFloat(0.1 + 0.2)
		}, "3.4 1200 not a & number 0.3"},
	} {
		if got := text(c.feed); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestRecord(t *testing.T) {
	sum := func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
	record := func(feed func(d *textdigest.Digest)) provenance.Fields {
		var d textdigest.Digest
		feed(&d)
		f := provenance.Fields{}
		d.Record(f)
		return f
	}
	f := record(func(d *textdigest.Digest) { d.Write([]byte(" Grüße,\n")); d.Sep(); d.WriteString("Welt ") })
	if want := (provenance.Fields{textdigest.CharsKey: "11", textdigest.SHA256Key: sum("Grüße, Welt")}); !equal(f, want) {
		t.Errorf("text: %v, want %v", f, want)
	}
	long := strings.Repeat("x", 5000)
	f = record(func(d *textdigest.Digest) { d.Write([]byte(long)) })
	if f[textdigest.SHA256Key] != sum(long) || f[textdigest.CharsKey] != "5000" {
		t.Errorf("long text: %v", f)
	}
	// No text: chars "0" and no digest, so that empty documents are not
	// copies of each other.
	f = record(func(d *textdigest.Digest) { d.Write([]byte(" \u00ad\t")); d.Sep() })
	if want := (provenance.Fields{textdigest.CharsKey: "0"}); !equal(f, want) {
		t.Errorf("no text: %v", f)
	}
	f = record(func(d *textdigest.Digest) { d.Write([]byte("some")); d.SetBroken() })
	if len(f) != 0 {
		t.Errorf("broken: %v", f)
	}
}

func equal(a, b provenance.Fields) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestAppendNumber: numbers are written at 15 significant digits, so that
// producers that write 17 (Excel), the shortest form (LibreOffice,
// openpyxl) or a binary double (xls) agree.
func TestAppendNumber(t *testing.T) {
	for v, want := range map[float64]string{
		0: "0", math.Copysign(0, -1): "0", 1200: "1200", 1250.5: "1250.5", -7: "-7",
		0.1 + 0.2: "0.3", -0.20000000000000018: "-0.2", 3.4000000000000004: "3.4",
		1.0 / 3: "0.333333333333333", 99999999999999.99: "100000000000000",
		1e15: "1E+15", 123456789012345678: "1.23456789012346E+17", 0.00001: "0.00001",
		0.000001: "1E-06", 1.5e-300: "1.5E-300", 45000.75: "45000.75",
		math.Inf(1): "+Inf", math.NaN(): "NaN",
	} {
		if got := string(textdigest.AppendNumber(nil, v)); got != want {
			t.Errorf("AppendNumber(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestXMLWalk(t *testing.T) {
	b := []byte(`<?xml version="1.0"?><!-- c --><w:document xmlns:x="urn:x" xmlns:w='urn:w'><w:p a="1>2" w:val = 'v'><w:t>a</w:t><w:p><w:p/></w:p></w:p><![CDATA[<z>]]><w:br/></w:document>`)
	prefix, ok := textdigest.RootPrefix(b, "urn:other", "urn:w")
	if !ok || prefix != "w:" {
		t.Fatalf("RootPrefix: %q %v", prefix, ok)
	}
	if _, ok := textdigest.RootPrefix(b, "urn:none"); ok {
		t.Error("RootPrefix found an undeclared namespace")
	}
	lt := strings.Index(string(b), "<w:p ")
	name, closing, special, nameEnd := textdigest.TagName(b, lt)
	if string(name) != "w:p" || closing || special {
		t.Fatalf("TagName: %q %v %v", name, closing, special)
	}
	if local, ok := textdigest.CutPrefix(name, prefix); !ok || string(local) != "p" {
		t.Errorf("CutPrefix: %q %v", local, ok)
	}
	end, empty := textdigest.TagClose(b, nameEnd)
	if empty || string(b[lt:end]) != `<w:p a="1>2" w:val = 'v'>` {
		t.Fatalf("TagClose: %q %v", b[lt:end], empty)
	}
	if v := textdigest.AttrValue(b[lt:end], "w:val"); string(v) != "v" {
		t.Errorf("AttrValue: %q", v)
	}
	an, av, next := textdigest.NextAttr(b, nameEnd)
	if string(an) != "a" || string(av) != "1>2" {
		t.Errorf("NextAttr: %q %q", an, av)
	}
	if an, _, _ = textdigest.NextAttr(b, next); string(an) != "w:val" {
		t.Errorf("second NextAttr: %q", an)
	}
	after := textdigest.SkipElement(b, end, name)
	if !strings.HasPrefix(string(b[after:]), "<![CDATA[") {
		t.Fatalf("SkipElement stopped before %q", b[after:])
	}
	next, cdata := textdigest.SkipSpecial(b, after)
	if string(cdata) != "<z>" || !strings.HasPrefix(string(b[next:]), "<w:br/>") {
		t.Errorf("SkipSpecial: %q, then %q", cdata, b[next:])
	}
	// Lenient on a part cut short.
	if got := textdigest.SkipElement(b[:lt+40], end, name); got != lt+40 {
		t.Errorf("SkipElement on a cut part: %d", got)
	}
}

// FuzzDigest: whatever is written, the text hashed has no space at either
// end nor two in a row, content.chars counts its characters, and
// content.sha256 is its SHA-256.
func FuzzDigest(f *testing.F) {
	f.Add([]byte(" a  b\u00a0c\u00ad\u200b\ufeff\xff&amp;&#x41;&bogus;& "), 3)
	f.Add([]byte(strings.Repeat("é x\t", 700)), 1000)
	f.Fuzz(func(t *testing.T, b []byte, cut int) {
		var out []byte
		d := textdigest.Digest{Tee: &out}
		if cut < 0 || cut > len(b) {
			cut = len(b) / 2
		}
		d.Write(b[:cut])
		d.Sep()
		d.WriteEscaped(b[cut:])
		fields := provenance.Fields{}
		d.Record(fields)
		s := string(out)
		if strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") || strings.Contains(s, "  ") {
			t.Fatalf("text %q", s)
		}
		if n := utf8.RuneCountInString(s); fields[textdigest.CharsKey] != strconv.Itoa(n) || n != d.Chars() {
			t.Fatalf("%v for %d characters", fields, n)
		}
		h := sha256.Sum256(out)
		if want := hex.EncodeToString(h[:]); len(out) > 0 && fields[textdigest.SHA256Key] != want {
			t.Fatalf("%v, want %s", fields, want)
		}
		var viaString []byte
		ds := textdigest.Digest{Tee: &viaString, Collect: true}
		ds.WriteString(string(b))
		ds.Flush()
		var viaBytes []byte
		db := textdigest.Digest{Tee: &viaBytes, Collect: true}
		db.Write(b)
		db.Flush()
		if string(viaString) != string(viaBytes) {
			t.Fatalf("WriteString %q, Write %q", viaString, viaBytes)
		}
	})
}
