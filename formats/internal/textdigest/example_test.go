package textdigest_test

import (
	"fmt"

	"github.com/docprov/docprov/formats/internal/textdigest"
	"github.com/docprov/docprov/provenance"
)

// Two paragraphs of a document, as a format package feeds them: each text
// unit ends with Sep, XML text goes in escaped, a spreadsheet number as
// written. The hash is that of "Café & bar Total 0.3".
func Example() {
	var d textdigest.Digest
	d.WriteEscaped([]byte("  Caf&#233;\u00a0&amp; bar"))
	d.Sep()
	d.WriteString("Total\t")
	d.WriteNumber([]byte("0.30000000000000004"))
	d.Sep()
	f := provenance.Fields{}
	d.Record(f)
	fmt.Println(f[textdigest.CharsKey], f[textdigest.SHA256Key])
	// Output: 20 1d56f0cff33b4645381062a5ef7454ec9ee46b66946aa0fb3f177852dde61ce1
}
