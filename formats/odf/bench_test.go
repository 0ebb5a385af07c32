package odf_test

import (
	"strings"
	"testing"
)

// BenchmarkLargeContent measures the streaming scan of a large content.xml
// (8 MB of styled paragraphs).
func BenchmarkLargeContent(b *testing.B) {
	para := `<text:p text:style-name="P1"><text:span text:style-name="T1">Bonjour le monde</text:span></text:p>`
	body := strings.Repeat(para, 8<<20/len(para))
	data := odtOf(b,
		entry{"meta.xml", metaXML(`<meta:initial-creator>Marie</meta:initial-creator>`)},
		entry{"content.xml", `<office:document-content ` + nsOffice + ` ` + nsText + `><office:body><office:text>` + body + `</office:text></office:body></office:document-content>`})
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := extractBytes(data); err != nil {
			b.Fatal(err)
		}
	}
}
