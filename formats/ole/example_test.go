package ole_test

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/docprov/docprov/formats/ole"
)

// Extract reads a legacy Word file: the normalized view from its
// SummaryInformation, and the raw evidence of the Word binary beside it,
// here the language LibreOffice gave the Normal style and the signature it
// leaves in the FIB.
func Example() {
	data, err := os.ReadFile("../../testdata/ole/writer-ru.doc")
	if err != nil {
		fmt.Println(err)
		return
	}
	rec, err := ole.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rec.Format, rec.Authors[0], "→", rec.LastModifiedBy)
	fmt.Println("created", rec.Created, "edited", rec.EditTimeSeconds, "s")
	fmt.Println("languages", rec.Languages)
	fmt.Println("FIB magic", rec.Fields["ole.word.fib.wMagic"], "code page", rec.Fields["ole.summary.CodePage"])
	// Output:
	// doc Рошка Георгий → Иван Петров
	// created 2017-03-01T09:12:00Z edited 5400 s
	// languages [en-US ru-RU]
	// FIB magic Caolan80 code page 65001
}
