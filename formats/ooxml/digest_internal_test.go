package ooxml

import (
	"math"
	"strconv"
	"testing"

	"github.com/docprov/docprov/provenance"
)

// FuzzDigestParts feeds arbitrary bytes to the digest's byte-level readers
// of Word stories, slides, shared strings and worksheets: they must never
// panic, and always leave a digest that records by its contract.
func FuzzDigestParts(f *testing.F) {
	f.Add([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>a&amp;b</w:t><w:tab/></w:r></w:p><w:del><w:r><w:t>x</w:t></w:r></w:del></w:body></w:document>`))
	f.Add([]byte(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>a</t></si><si><r><t>b</t></r><rPh><t>c</t></rPh></si></sst>`))
	f.Add([]byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="s"><v>0</v></c><c t="inlineStr"><is><t>i</t></is></c><c><v>1.5</v></c></row></sheetData></worksheet>`))
	f.Add([]byte(`<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:p><a:r><a:t>s</a:t></a:r><a:br/></a:p><mc:Fallback><a:t>f</a:t></mc:Fallback></p:sld>`))
	f.Add([]byte("<w:t><![CDATA[x]]><!--c--></w:t><"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var d textDigest
		digestRuns(&d, b, wordText)
		digestRuns(&d, b, drawingText)
		sst := readSharedStrings(&d, b)
		digestSheet(&d, b, sst)
		fields := provenance.Fields{}
		d.record(fields)
		if d.broken {
			return
		}
		n, err := strconv.Atoi(fields[contentCharsKey])
		if err != nil || n < 0 || (n > 0) != (fields[contentSHA256Key] != "") {
			t.Fatalf("fields %v", fields)
		}
	})
}

// TestNumberText: numbers are written at 15 significant digits, so that
// producers that write 17 (Excel), the shortest form (LibreOffice,
// openpyxl) or a binary double (xls) agree.
func TestNumberText(t *testing.T) {
	for v, want := range map[float64]string{
		0: "0", math.Copysign(0, -1): "0", 1200: "1200", 1250.5: "1250.5", -7: "-7",
		0.1 + 0.2: "0.3", -0.20000000000000018: "-0.2", 3.4000000000000004: "3.4",
		1.0 / 3: "0.333333333333333", 99999999999999.99: "100000000000000",
		1e15: "1E+15", 123456789012345678: "1.23456789012346E+17", 0.00001: "0.00001",
		0.000001: "1E-06", 1.5e-300: "1.5E-300", 45000.75: "45000.75",
	} {
		if got := string(numberText(nil, v)); got != want {
			t.Errorf("numberText(%v) = %q, want %q", v, got, want)
		}
	}
	var out []byte
	d := textDigest{tee: &out, collect: true}
	d.writeNumber([]byte("3.4000000000000004"))
	d.sep()
	d.writeNumber([]byte("1.2E+3"))
	d.sep()
	d.writeNumber([]byte("not a number"))
	d.flush()
	if string(out) != "3.4 1200 not a number" {
		t.Errorf("writeNumber: %q", out)
	}
}
