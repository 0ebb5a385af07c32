package ooxml_test

import (
	"context"
	"fmt"
	"os"

	"github.com/docprov/docprov/formats/ooxml"
)

// Extract reads a workbook written by openpyxl, which claims to be
// "Microsoft Excel": the structural fingerprint names the real producer.
func Example() {
	f, err := os.Open("../../testdata/ooxml/openpyxl.xlsx")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	st, _ := f.Stat()
	rec, err := ooxml.Format{}.Extract(context.Background(), f, st.Size())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rec.Format, rec.Title, rec.Authors, rec.LastModifiedBy)
	for _, s := range rec.Software {
		fmt.Printf("%s: %s\n", s.Role, s.Raw)
	}
	fmt.Println("sheets:", rec.Fields["ooxml.workbook.sheet[0]"], rec.Fields["ooxml.workbook.sheet[1]"])
	// Output:
	// xlsx Umsatz [Karl Weber] Eva Braun
	// producer: openpyxl
	// application: Microsoft Excel
	// sheets: Daten Zusammenfassung
}
