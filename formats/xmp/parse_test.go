package xmp

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	rdfOpen  = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`
	rdfClose = `</rdf:RDF></x:xmpmeta>`
	nsDecl   = ` xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#" xmlns:stRef="http://ns.adobe.com/xap/1.0/sType/ResourceRef#"`
)

// packet wraps RDF descriptions in x:xmpmeta and rdf:RDF.
func packet(body string) []byte { return []byte(rdfOpen + body + rdfClose) }

// desc wraps properties in an rdf:Description declaring the common prefixes.
func desc(body string) []byte {
	return packet(`<rdf:Description rdf:about=""` + nsDecl + `>` + body + `</rdf:Description>`)
}

func props(p *Packet) map[string]string {
	m := map[string]string{}
	for _, pr := range p.Properties {
		m[pr.Path] = pr.Value
	}
	return m
}

// TestForms covers each RDF/XML shape producers use for each kind of value.
func TestForms(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want map[string]string
	}{
		{"simple element", desc(`<xmp:CreatorTool> Word </xmp:CreatorTool>`), map[string]string{"xmp:CreatorTool": "Word"}},
		{"simple attribute", packet(`<rdf:Description` + nsDecl + ` xmp:CreatorTool="Word"/>`), map[string]string{"xmp:CreatorTool": "Word"}},
		{"empty element", desc(`<xmp:Label/>`), map[string]string{"xmp:Label": ""}},
		{"seq", desc(`<dc:creator><rdf:Seq><rdf:li>A</rdf:li><rdf:li>B</rdf:li></rdf:Seq></dc:creator>`),
			map[string]string{"dc:creator[0]": "A", "dc:creator[1]": "B"}},
		{"bag", desc(`<dc:subject><rdf:Bag><rdf:li>k</rdf:li></rdf:Bag></dc:subject>`), map[string]string{"dc:subject[0]": "k"}},
		{"alt", desc(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">T</rdf:li><rdf:li xml:lang="de-DE">D</rdf:li></rdf:Alt></dc:title>`),
			map[string]string{"dc:title[x-default]": "T", "dc:title[de-DE]": "D"}},
		{"alt item without lang is numbered", desc(`<dc:title><rdf:Alt><rdf:li>T</rdf:li></rdf:Alt></dc:title>`), map[string]string{"dc:title[0]": "T"}},
		{"hostile lang is numbered", desc(`<dc:title><rdf:Alt><rdf:li xml:lang="x]/stEvt:action">T</rdf:li></rdf:Alt></dc:title>`),
			map[string]string{"dc:title[0]": "T"}},
		{"struct parseType Resource", desc(`<xmpMM:DerivedFrom rdf:parseType="Resource"><stRef:documentID>d</stRef:documentID></xmpMM:DerivedFrom>`),
			map[string]string{"xmpMM:DerivedFrom/stRef:documentID": "d"}},
		{"struct as attributes", desc(`<xmpMM:DerivedFrom stRef:documentID="d" stRef:instanceID="i"/>`),
			map[string]string{"xmpMM:DerivedFrom/stRef:documentID": "d", "xmpMM:DerivedFrom/stRef:instanceID": "i"}},
		{"struct as nested description", desc(`<xmpMM:DerivedFrom><rdf:Description stRef:documentID="d"><stRef:instanceID>i</stRef:instanceID></rdf:Description></xmpMM:DerivedFrom>`),
			map[string]string{"xmpMM:DerivedFrom/stRef:documentID": "d", "xmpMM:DerivedFrom/stRef:instanceID": "i"}},
		{"struct without parseType", desc(`<xmpMM:DerivedFrom><stRef:documentID>d</stRef:documentID></xmpMM:DerivedFrom>`),
			map[string]string{"xmpMM:DerivedFrom/stRef:documentID": "d"}},
		{"array of structs", desc(`<xmpMM:History><rdf:Seq><rdf:li stEvt:action="created"/><rdf:li rdf:parseType="Resource"><stEvt:action>saved</stEvt:action></rdf:li></rdf:Seq></xmpMM:History>`),
			map[string]string{"xmpMM:History[0]/stEvt:action": "created", "xmpMM:History[1]/stEvt:action": "saved"}},
		{"array in a struct", desc(`<xmpMM:Manifest rdf:parseType="Resource"><dc:creator><rdf:Seq><rdf:li>A</rdf:li></rdf:Seq></dc:creator></xmpMM:Manifest>`),
			map[string]string{"xmpMM:Manifest/dc:creator[0]": "A"}},
		{"array of arrays", desc(`<dc:x><rdf:Seq><rdf:li><rdf:Bag><rdf:li>v</rdf:li></rdf:Bag></rdf:li></rdf:Seq></dc:x>`),
			map[string]string{"dc:x[0][0]": "v"}},
		{"rdf:resource", desc(`<xmpMM:ManagedFrom rdf:resource="uuid:1"/>`), map[string]string{"xmpMM:ManagedFrom": "uuid:1"}},
		{"qualified value", desc(`<dc:source rdf:parseType="Resource"><rdf:value>v</rdf:value><xmp:q>Q</xmp:q></dc:source>`),
			map[string]string{"dc:source": "v", "dc:source/xmp:q": "Q"}},
		{"literal", desc(`<dc:rights rdf:parseType="Literal">a <b>b</b> c</dc:rights>`), map[string]string{"dc:rights": "a b c"}},
		{"ordinal items", desc(`<dc:creator><rdf:Seq><rdf:_1>A</rdf:_1><rdf:_2>B</rdf:_2></rdf:Seq></dc:creator>`),
			map[string]string{"dc:creator[0]": "A", "dc:creator[1]": "B"}},
		{"xap prefixes map to xmp", packet(`<rdf:Description xmlns:xap="http://ns.adobe.com/xap/1.0/" xmlns:xapMM="http://ns.adobe.com/xap/1.0/mm/" xap:CreatorTool="PS"><xapMM:DocumentID>d</xapMM:DocumentID></rdf:Description>`),
			map[string]string{"xmp:CreatorTool": "PS", "xmpMM:DocumentID": "d"}},
		{"arbitrary prefix for a known namespace", packet(`<rdf:Description xmlns:ns0="http://purl.org/dc/elements/1.1/"><ns0:format>f</ns0:format></rdf:Description>`),
			map[string]string{"dc:format": "f"}},
		{"undeclared conventional prefix", packet(`<rdf:Description><dc:format>f</dc:format><zz:unknown>u</zz:unknown></rdf:Description>`),
			map[string]string{"dc:format": "f", "zz:unknown": "u"}},
		{"unknown namespace keeps prefix", packet(`<rdf:Description xmlns:acme="urn:acme"><acme:id>1</acme:id></rdf:Description>`),
			map[string]string{"acme:id": "1"}},
		{"unknown namespace on a reserved prefix", packet(`<rdf:Description xmlns:xmp="urn:fake" xmlns:dc="urn:fake2"><xmp:CreatorTool>x</xmp:CreatorTool><dc:creator>y</dc:creator></rdf:Description>`),
			map[string]string{"xmp2:CreatorTool": "x", "dc2:creator": "y"}},
		{"one prefix, two unknown namespaces", packet(`<rdf:Description><a:p xmlns:a="urn:one">1</a:p><a:p xmlns:a="urn:two">2</a:p></rdf:Description>`),
			map[string]string{"a:p": "1", "a2:p": "2"}},
		{"default namespace", packet(`<rdf:Description><p xmlns="urn:d">1</p></rdf:Description>`), map[string]string{"ns:p": "1"}},
		{"no namespace", packet(`<rdf:Description><p>1</p></rdf:Description>`), map[string]string{"p": "1"}},
		{"multiple descriptions", packet(`<rdf:Description` + nsDecl + ` xmp:A="1"/><rdf:Description` + nsDecl + `><xmp:B>2</xmp:B></rdf:Description>`),
			map[string]string{"xmp:A": "1", "xmp:B": "2"}},
		{"no x:xmpmeta", []byte(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:A="1"/></rdf:RDF>`),
			map[string]string{"xmp:A": "1"}},
		{"rdf inside a wrapper", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><metadata>` + string(desc(`<xmp:A>1</xmp:A>`)) + `</metadata></svg>`),
			map[string]string{"xmp:A": "1"}},
		{"entities and CDATA", desc(`<xmp:A>a &amp; b &#x263A; <![CDATA[<c>]]></xmp:A>`), map[string]string{"xmp:A": "a & b ☺ <c>"}},
		{"unknown entity kept literally", desc(`<xmp:A>a&nbsp;b</xmp:A>`), map[string]string{"xmp:A": "a&nbsp;b"}},
		{"syntax attributes are not properties", packet(`<rdf:Description rdf:about="" rdf:ID="x" xml:lang="en" about="y" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:A="1"/>`),
			map[string]string{"xmp:A": "1"}},
		{"rdf:type is a property", packet(`<rdf:Description><rdf:type rdf:resource="urn:t"/></rdf:Description>`), map[string]string{"rdf:type": "urn:t"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.want, props(p))
		})
	}
}

func TestPacketAccessors(t *testing.T) {
	p, err := Parse(desc(`
		<dc:title><rdf:Alt><rdf:li xml:lang="de">D</rdf:li><rdf:li xml:lang="x-default">T</rdf:li></rdf:Alt></dc:title>
		<dc:creator><rdf:Seq><rdf:li></rdf:li><rdf:li>B</rdf:li></rdf:Seq></dc:creator>
		<dc:Subject>miscapitalised</dc:Subject>
		<dc:Contributor><rdf:Bag><rdf:li>C1</rdf:li></rdf:Bag></dc:Contributor>
		<xmp:CreatorTool>first</xmp:CreatorTool>
		<xmp:CreatorTool>second</xmp:CreatorTool>
		<xmp:Empty></xmp:Empty>`))
	require.NoError(t, err)

	v, ok := p.Get("xmp:CreatorTool")
	assert.True(t, ok)
	assert.Equal(t, "first", v, "Get returns the first of duplicates")
	v, ok = p.Get("xmp:Empty")
	assert.True(t, ok, "an empty value is present")
	assert.Equal(t, "", v)
	_, ok = p.Get("xmp:Missing")
	assert.False(t, ok)

	assert.Equal(t, []string{"D", "T"}, p.List("dc:title"))
	assert.Equal(t, []string{"", "B"}, p.List("dc:creator"))
	assert.Equal(t, []string{"first"}, p.List("xmp:CreatorTool"))
	assert.Nil(t, p.List("xmp:Missing"))
	assert.Nil(t, p.List("dc:cre"), "a name is matched whole, not as a prefix")

	assert.Equal(t, "T", p.First("dc:title"), "x-default beats document order")
	assert.Equal(t, "B", p.First("dc:creator"), "first non-empty item")
	assert.Equal(t, "", p.First("xmp:Missing"))

	// Case-insensitive fallback.
	v, ok = p.Get("dc:subject")
	assert.True(t, ok)
	assert.Equal(t, "miscapitalised", v)
	assert.Equal(t, []string{"C1"}, p.List("dc:contributor"))
	assert.Equal(t, "C1", p.First("dc:contributor"))

	// A Packet built by hand (no index) answers the same way.
	hand := &Packet{Properties: append([]Property(nil), p.Properties...)}
	for _, name := range []string{"xmp:CreatorTool", "dc:title[x-default]", "dc:subject", "xmp:Missing"} {
		v1, ok1 := p.Get(name)
		v2, ok2 := hand.Get(name)
		assert.Equal(t, v1, v2, name)
		assert.Equal(t, ok1, ok2, name)
	}
	// Appending after Parse invalidates the index rather than hiding the
	// new property.
	p.Properties = append(p.Properties, Property{Path: "xmp:Late", Value: "L"})
	v, ok = p.Get("xmp:Late")
	assert.True(t, ok)
	assert.Equal(t, "L", v)

	var nilPacket *Packet
	_, ok = nilPacket.Get("x")
	assert.False(t, ok)
	assert.Nil(t, nilPacket.List("x"))
	assert.Equal(t, "", nilPacket.First("x"))
}

func TestHistory(t *testing.T) {
	p, err := Parse(desc(`
		<xmpMM:History><rdf:Seq>
			<rdf:li stEvt:action="created" stEvt:when="w0" stEvt:softwareAgent="s0" stEvt:instanceID="i0"/>
			<rdf:li rdf:parseType="Resource"><stEvt:action>saved</stEvt:action><stEvt:changed>/</stEvt:changed><stEvt:parameters>p1</stEvt:parameters></rdf:li>
			<rdf:li>plain text item</rdf:li>
			<rdf:li rdf:parseType="Resource"><stEvt:action>a3</stEvt:action><stEvt:unknownField>u</stEvt:unknownField></rdf:li>
		</rdf:Seq></xmpMM:History>
		<xmp:Between>x</xmp:Between>
		<xmpMM:History><rdf:Seq><rdf:li stEvt:action="second history"/></rdf:Seq></xmpMM:History>`))
	require.NoError(t, err)
	assert.Equal(t, []Event{
		{Action: "created", When: "w0", SoftwareAgent: "s0", InstanceID: "i0"},
		{Action: "saved", Changed: "/", Parameters: "p1"},
		{Parameters: "plain text item"},
		{Action: "a3"},
		{Action: "second history"},
	}, p.History)
}

// utf16 encodes s as UTF-16 in the given byte order, optionally with a BOM.
func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var out []byte
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

func utf32Bytes(s string, bigEndian bool) []byte {
	var out []byte
	for _, r := range s {
		if bigEndian {
			out = append(out, byte(r>>24), byte(r>>16), byte(r>>8), byte(r))
		} else {
			out = append(out, byte(r), byte(r>>8), byte(r>>16), byte(r>>24))
		}
	}
	return out
}

func TestEncodings(t *testing.T) {
	src := `<?xpacket begin="` + "\uFEFF" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>` + string(desc(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Übersicht – 概要 😀</rdf:li></rdf:Alt></dc:title>`)) + `<?xpacket end="w"?>`
	const want = "Übersicht – 概要 😀"
	tests := []struct {
		name string
		in   []byte
		warn string
	}{
		{"utf-8", []byte(src), ""},
		{"utf-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, src...), ""},
		{"utf-16BE", utf16Bytes(src, true, false), ""},
		{"utf-16BE with BOM", utf16Bytes(src, true, true), ""},
		{"utf-16LE", utf16Bytes(src, false, false), ""},
		{"utf-16LE with BOM", utf16Bytes(src, false, true), ""},
		{"utf-16LE with declaration", utf16Bytes(`<?xml version="1.0" encoding="UTF-16"?>`+src, false, true), ""},
		{"utf-32BE", utf32Bytes(src, true), ""},
		{"utf-32LE", utf32Bytes(src, false), ""},
		{"utf-16LE after a NUL-terminated header", append([]byte("http://ns.adobe.com/xap/1.0/\x00"), utf16Bytes(src, false, false)...), "bytes before the packet skipped"},
		{"utf-32LE after a NUL-terminated header", append([]byte("header\x00\x00\x00"), utf32Bytes(src, false)...), "bytes before the packet skipped"},
		{"utf-16BE after leading junk", append([]byte("JUNK\x00\x01"), utf16Bytes(src, true, false)...), "bytes before the packet skipped"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.in)
			require.NoError(t, err)
			assert.Equal(t, want, p.First("dc:title"))
			if tc.warn == "" {
				assert.Empty(t, p.Warnings)
			} else {
				assert.Contains(t, p.Warnings, tc.warn)
			}
			// Find locates the same packet inside other bytes.
			found := Find(append(append([]byte("\x00\x00binary\xff"), tc.in...), "\x00tail"...))
			require.NotNil(t, found)
			p2, err := Parse(found)
			require.NoError(t, err)
			assert.Equal(t, want, p2.First("dc:title"))
		})
	}
}

func TestCharsets(t *testing.T) {
	body := string(desc("<xmp:A>caf\xe9 \x93quoted\x94 \x80</xmp:A>"))
	tests := []struct {
		name, decl, want, warn string
	}{
		{"iso-8859-1 reads as windows-1252", `<?xml version="1.0" encoding="ISO-8859-1"?>`, "café “quoted” €", ""},
		{"windows-1252", `<?xml version='1.0' encoding='windows-1252'?>`, "café “quoted” €", ""},
		{"latin1 label", `<?xml version="1.0" encoding="latin1"?>`, "café “quoted” €", ""},
		{"no declaration: invalid UTF-8 repaired", ``, "café “quoted” €", "4 bytes of invalid UTF-8 read as windows-1252"},
		{"unknown charset passes through", `<?xml version="1.0" encoding="x-mac-klingon"?>`, "café “quoted” €", `unsupported encoding "x-mac-klingon": read as UTF-8`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse([]byte(tc.decl + body))
			require.NoError(t, err)
			assert.Equal(t, tc.want, p.First("xmp:A"))
			if tc.warn == "" {
				assert.Empty(t, p.Warnings)
			} else {
				assert.Contains(t, p.Warnings, tc.warn)
			}
		})
	}

	t.Run("UTF-8 declared and valid", func(t *testing.T) {
		p, err := Parse([]byte(`<?xml version="1.0" encoding="UTF-8"?>` + string(desc(`<xmp:A>café</xmp:A>`))))
		require.NoError(t, err)
		assert.Equal(t, "café", p.First("xmp:A"))
		assert.Empty(t, p.Warnings)
	})
	t.Run("control characters replaced", func(t *testing.T) {
		p, err := Parse(desc("<xmp:A>a\x00b\x1bc</xmp:A>"))
		require.NoError(t, err)
		assert.Equal(t, "a\uFFFDb\uFFFDc", p.First("xmp:A"))
		assert.Contains(t, p.Warnings, "2 characters not allowed in XML replaced by U+FFFD")
	})
	// Ghostscript writes a control character of a PDF title as a
	// character reference ("Quarterly&#1;Report"). encoding/xml rejects
	// the reference even in non-strict mode, which lost every property
	// after it; it is repaired as a raw control character is, and counted
	// in the same single warning.
	t.Run("character references to forbidden characters replaced", func(t *testing.T) {
		p, err := Parse(desc(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Quarterly&#1;Report</rdf:li></rdf:Alt></dc:title>` +
			`<xmp:A>a&#x1F;b&#xFFFE;c&#xd800;d&#0;e` + "" + `</xmp:A><xmp:B xmp:c="x&#2;y">&#65;&#x42;&#1114112;&#x1;x&#X1;</xmp:B>` +
			`<xmp:CreatorTool>docprov</xmp:CreatorTool><xmp:D><![CDATA[&#1;]]></xmp:D>`))
		require.NoError(t, err)
		assert.Equal(t, "Quarterly�Report", p.First("dc:title"))
		assert.Equal(t, "a�b�c�d�e�", p.First("xmp:A"))
		assert.Equal(t, "x�y", p.First("xmp:B/xmp:c"), "in an attribute too")
		// Allowed characters, a number past the last code point and an
		// uppercase X are left to encoding/xml: "A", "B", literal text.
		assert.Contains(t, p.First("xmp:B"), "AB&#1114112;�x&#X1;")
		assert.Equal(t, "docprov", p.First("xmp:CreatorTool"), "the rest of the packet is read")
		assert.Equal(t, "&#1;", p.First("xmp:D"), "CDATA holds no references")
		assert.Equal(t, []string{"8 characters not allowed in XML replaced by U+FFFD"}, p.Warnings)
	})
}

func TestMalformed(t *testing.T) {
	tests := []struct {
		name     string
		in       []byte
		sentinel error
		partial  map[string]string // what must still be returned
	}{
		{"empty", nil, ErrMalformed, map[string]string{}},
		{"no XML", []byte("just text"), ErrMalformed, map[string]string{}},
		{"no root", []byte("<?xml version='1.0'?><!-- nothing -->"), ErrMalformed, map[string]string{}},
		{"truncated mid-value", desc(`<xmp:A>1</xmp:A><xmp:B>trunc`)[:len(desc(`<xmp:A>1</xmp:A><xmp:B>trunc`))-40],
			ErrMalformed, map[string]string{"xmp:A": "1"}},
		{"mismatched end tag", desc(`<xmp:A>1</xmp:A><xmp:B>2</xmp:C><xmp:D>3</xmp:D>`), ErrMalformed, map[string]string{"xmp:A": "1"}},
		{"bad syntax", desc(`<xmp:A>1</xmp:A><xmp:B <<>`), ErrMalformed, map[string]string{"xmp:A": "1"}},
		{"stray end tag at top", []byte(`</x:xmpmeta>`), ErrMalformed, map[string]string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.in)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.sentinel), "%v", err)
			require.NotNil(t, p)
			assert.Equal(t, tc.partial, props(p))
		})
	}
}

func TestHostile(t *testing.T) {
	t.Run("entity bomb is not expanded", func(t *testing.T) {
		bomb := `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>` + string(desc(`<xmp:A>&lol9;</xmp:A>`))
		p, err := Parse([]byte(bomb))
		require.NoError(t, err)
		assert.Equal(t, "&lol9;", p.First("xmp:A"))
		assert.Contains(t, p.Warnings, "DOCTYPE ignored (XMP forbids one; its entities are not expanded)")
		assert.Contains(t, p.Warnings, "undefined entity &lol9; kept as literal text")
	})
	t.Run("an undefined entity is kept, and said to be", func(t *testing.T) {
		p, err := Parse(desc(`<dc:creator><rdf:Seq><rdf:li>&i;</rdf:li></rdf:Seq></dc:creator><xmp:B a="x&y;z">b</xmp:B><xmp:C>Smith &amp; Co</xmp:C>`))
		require.NoError(t, err)
		assert.Contains(t, p.Warnings, "undefined entity &i; kept as literal text")
		assert.Contains(t, p.Warnings, "undefined entity &y; kept as literal text")
		assert.Len(t, p.Warnings, 2, "a predefined entity is no warning: %v", p.Warnings)
	})
	t.Run("external entity is not fetched", func(t *testing.T) {
		in := `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` + string(desc(`<xmp:A>&xxe;</xmp:A>`))
		p, err := Parse([]byte(in))
		require.NoError(t, err)
		assert.Equal(t, "&xxe;", p.First("xmp:A"))
	})
	t.Run("too large", func(t *testing.T) {
		p, err := Parse(make([]byte, MaxPacketSize+1))
		assert.ErrorIs(t, err, ErrLimit)
		require.NotNil(t, p)
		assert.Empty(t, p.Properties)
	})
	t.Run("too deep", func(t *testing.T) {
		deep := strings.Repeat(`<dc:x rdf:parseType="Resource">`, MaxDepth) + strings.Repeat(`</dc:x>`, MaxDepth)
		p, err := Parse(desc(`<xmp:A>1</xmp:A>` + deep))
		assert.ErrorIs(t, err, ErrLimit)
		require.NotNil(t, p)
		assert.Equal(t, "1", p.First("xmp:A"), "properties before the limit are kept")
	})
	t.Run("just deep enough", func(t *testing.T) {
		// x:xmpmeta, rdf:RDF, rdf:Description use three levels.
		n := MaxDepth - 3
		deep := strings.Repeat(`<dc:x rdf:parseType="Resource">`, n-1) + `<dc:y>v</dc:y>` + strings.Repeat(`</dc:x>`, n-1)
		p, err := Parse(desc(deep))
		require.NoError(t, err)
		require.Len(t, p.Properties, 1)
		assert.Equal(t, "v", p.Properties[0].Value)
	})
	t.Run("too many properties", func(t *testing.T) {
		var b strings.Builder
		for i := 0; i < MaxProperties+10; i++ {
			b.WriteString(`<rdf:li>x</rdf:li>`)
		}
		p, err := Parse(desc(`<dc:subject><rdf:Bag>` + b.String() + `</rdf:Bag></dc:subject>`))
		assert.ErrorIs(t, err, ErrLimit)
		assert.Len(t, p.Properties, MaxProperties)
	})
	t.Run("many namespaces on one prefix", func(t *testing.T) {
		// Every new URI for a taken prefix gets the next free number,
		// without rescanning from 2 each time.
		var b strings.Builder
		for i := 0; i < 5000; i++ {
			b.WriteString(`<xmp:p xmlns:xmp="urn:n` + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + `:` + strconv.Itoa(i) + `">v</xmp:p>`)
		}
		p, err := Parse(packet(`<rdf:Description>` + b.String() + `</rdf:Description>`))
		require.NoError(t, err)
		assert.Len(t, p.Properties, 5000)
		assert.Len(t, p.Namespaces, 5000)
	})
}

func TestFind(t *testing.T) {
	wrapped := `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>` + string(desc(`<xmp:A>1</xmp:A>`)) + "\n   \n<?xpacket end='w'?>"
	bare := string(desc(`<xmp:A>2</xmp:A>`))
	tests := []struct {
		name string
		in   string
		want string // "" for nil
	}{
		{"none", "no packet here <x:xmp", ""},
		{"wrapped", "JUNK" + wrapped + "TAIL", wrapped},
		{"bare xmpmeta", "JUNK" + bare + "TAIL", bare},
		{"xapmeta", "J<x:xapmeta xmlns:x='adobe:ns:meta/'><rdf:RDF/></x:xapmeta>T", "<x:xapmeta xmlns:x='adobe:ns:meta/'><rdf:RDF/></x:xapmeta>"},
		{"bare rdf", "J<rdf:RDF xmlns:rdf='x'><rdf:Description/></rdf:RDF>T", "<rdf:RDF xmlns:rdf='x'><rdf:Description/></rdf:RDF>"},
		{"earliest packet wins", bare + wrapped, bare},
		{"declaration included", "J<?xml version='1.0' encoding='ISO-8859-1'?>\n" + bare + "T", "<?xml version='1.0' encoding='ISO-8859-1'?>\n" + bare},
		{"declaration not adjacent", "<?xml version='1.0'?><other/>" + bare, bare},
		{"wrapper without trailer", "J" + strings.TrimSuffix(wrapped, "<?xpacket end='w'?>") + "garbage", strings.TrimSuffix(strings.TrimSuffix(wrapped, "<?xpacket end='w'?>"), "\n   \n")},
		{"truncated", "J<?xpacket begin='' id=''?><x:xmpmeta><rdf:RDF>cut", "<?xpacket begin='' id=''?><x:xmpmeta><rdf:RDF>cut"},
		{"truncated packet stops at the next packet", "<?xpacket begin='' id=''?><x:xmpmeta>cut" + wrapped, "<?xpacket begin='' id=''?><x:xmpmeta>cut"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Find([]byte(tc.in))
			if tc.want == "" {
				assert.Nil(t, got)
			} else {
				assert.Equal(t, tc.want, string(got))
			}
		})
	}

	t.Run("FindAll", func(t *testing.T) {
		in := "A" + wrapped + "B" + bare + "C" + wrapped
		all := FindAll([]byte(in))
		require.Len(t, all, 3)
		assert.Equal(t, wrapped, string(all[0]))
		assert.Equal(t, bare, string(all[1]))
		assert.Equal(t, wrapped, string(all[2]))
		assert.Nil(t, FindAll([]byte("nothing")))
	})
	t.Run("FindAll caps the count", func(t *testing.T) {
		in := bytes.Repeat([]byte("<x:xmpmeta></x:xmpmeta>"), MaxFound+5)
		assert.Len(t, FindAll(in), MaxFound)
	})
	t.Run("result cannot grow into data", func(t *testing.T) {
		data := []byte("J" + bare + "TAIL")
		got := Find(data)
		assert.Equal(t, len(got), cap(got))
	})
}

// TestParseFixturesWithJunk feeds each committed fixture through the
// leading-garbage path of Parse (a caller handing over a whole segment).
func TestParseFixturesWithJunk(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.xmp"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		clean, err := Parse(data)
		require.NoError(t, err, f)
		withJunk, err := Parse(append([]byte("http://ns.adobe.com/xap/1.0/\x00"), data...))
		require.NoError(t, err, f)
		assert.Equal(t, clean.Properties, withJunk.Properties, f)
		assert.Contains(t, withJunk.Warnings, "bytes before the packet skipped", f)
	}
}
