package odf_test

import (
	"context"
	"fmt"
	"os"

	"github.com/docprov/docprov/formats/odf"
)

// Extract reads who wrote an ODF document, when and with what. The fixture
// was made by LibreOffice from a source whose metadata says Marie Dupont
// created it and a Cyrillic-named user saved it last, on a French-language
// setup.
func ExampleFormat_Extract() {
	f, err := os.Open("../../testdata/odf/libreoffice-writer.odt")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	st, _ := f.Stat()

	rec, err := odf.Format{}.Extract(context.Background(), f, st.Size())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rec.Format, rec.Authors, rec.LastModifiedBy)
	fmt.Println("created", rec.Created, "modified", rec.Modified, "revision", rec.Revision)
	sw := rec.Software[0]
	fmt.Println(sw.Name, sw.Version, sw.Platform)
	fmt.Println(rec.Languages)
	fmt.Println("change by", rec.Fields["odf.content.changed-region[0].creator"], "at", rec.Fields["odf.content.changed-region[0].date"])
	// Output:
	// odt [Marie Dupont] Рошка Георгий Петрович
	// created 2017-03-01T09:12:00 modified 2017-03-27T14:02:11 revision 12
	// LibreOffice 7.4.7.2 Linux_X86_64
	// [fr-FR de-DE]
	// change by Alice Example at 2017-03-20T10:00:00
}
