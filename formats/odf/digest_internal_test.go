package odf

import (
	"strconv"
	"testing"

	"github.com/docprov/docprov/formats/internal/textdigest"
	"github.com/docprov/docprov/formats/internal/xmlscan"
	"github.com/docprov/docprov/provenance"
)

// FuzzDigestBody feeds arbitrary bytes to the digest's byte-level reader of
// office:body, as a text body and as a spreadsheet's: it must never panic,
// and always leave a digest that records by its contract.
func FuzzDigestBody(f *testing.F) {
	f.Add([]byte(`<office:text><text:p>a<text:span>b</text:span><text:s/>c</text:p><office:annotation><text:p>x</text:p></office:annotation></office:text></office:body>`))
	f.Add([]byte(`<office:spreadsheet><table:table><table:table-row table:number-rows-repeated="3"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="2"/><table:table-cell table:number-columns-repeated="2"><text:p>t</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>`))
	f.Add([]byte("<text:p><![CDATA[x]]><!--c--></text:p><"))
	root := `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body>`
	sc := xmlscan.New([]byte(root + `</office:body></office:document-content>`))
	for sc.Depth() < 2 {
		if _, err := sc.Next(); err != nil {
			f.Fatal(err)
		}
	}
	names := newDigestNames(sc)
	f.Fuzz(func(t *testing.T, b []byte) {
		var d textdigest.Digest
		digestBody(&d, b, 0, names)
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
