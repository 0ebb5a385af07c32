package xmlscan_test

import (
	"fmt"
	"io"

	"github.com/docprov/docprov/formats/internal/xmlscan"
)

// Read the languages of a WordprocessingML fragment: names come back
// translated to namespace URIs, whatever prefix the producer chose.
func Example() {
	part := []byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:p><w:r><w:rPr><w:lang w:val="fr-FR"/></w:rPr><w:t>Bonjour &amp; merci</w:t></w:r></w:p></w:document>`)
	const w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	sc := xmlscan.New(part)
	for {
		kind, err := sc.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		switch kind {
		case xmlscan.StartElement:
			if st := sc.Start(); st.Name.Space == w && st.Name.Local == "lang" {
				fmt.Println("language:", st.Attr[0].Value)
			}
		case xmlscan.CharData:
			if t := sc.Text(); len(t) > 1 {
				fmt.Printf("text: %s\n", t)
			}
		}
	}
	// Output:
	// language: fr-FR
	// text: Bonjour & merci
}
