package rtf_test

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/docprov/docprov/formats/rtf"
)

// Extract reads LibreOffice's RTF export of a document: the \info group's
// claims, the \*\generator that names the program, and the producer the
// file's structure points to, which here agrees with the claim.
func Example() {
	data, err := os.ReadFile("../../testdata/rtf/writer-fr.rtf")
	if err != nil {
		fmt.Println(err)
		return
	}
	rec, err := rtf.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rec.Title, "by", rec.Authors[0], "→", rec.LastModifiedBy)
	fmt.Println("created", rec.Created, "languages", rec.Languages)
	fmt.Println("claims", rec.Software[0].Name, rec.Software[0].Version)
	fmt.Println("structure says", rec.Fields["rtf.fingerprint.producer"], "agrees:", rec.Fields["rtf.fingerprint.agrees"])
	// Output:
	// Budget T2 by Marie Dupont → Jean Martin
	// created 2017-03-01T09:12:00 languages [fr-FR]
	// claims LibreOffice 7.4.7.2
	// structure says LibreOffice agrees: true
}
