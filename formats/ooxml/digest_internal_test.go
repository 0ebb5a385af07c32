package ooxml

import (
	"strconv"
	"testing"

	"github.com/docprov/docprov/formats/internal/textdigest"
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
		var d textdigest.Digest
		digestRuns(&d, b, wordText)
		digestRuns(&d, b, drawingText)
		sst := readSharedStrings(&d, b)
		digestSheet(&d, b, sst)
		fields := provenance.Fields{}
		d.Record(fields)
		if d.Broken() {
			return
		}
		n, err := strconv.Atoi(fields[textdigest.CharsKey])
		if err != nil || n < 0 || (n > 0) != (fields[textdigest.SHA256Key] != "") {
			t.Fatalf("fields %v", fields)
		}
	})
}
