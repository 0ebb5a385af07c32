// Command gen writes one .xlsx with excelize from a JSON description, for
// testdata/orgs/make.sh: the manifests of an organisation whose shipping
// system is written in Go, and a forger's spreadsheets.
//
//	gen SPEC.json OUT.xlsx
//
// SPEC: {"sheets": [{"name": "...", "rows": [[cell, ...], ...], "widths": [cm, ...]}],
// "doc": excelize.DocProperties fields, "app": excelize.AppProperties fields}.
// A cell is a string, a number, null, or ["=", "formula", cached]. It is its
// own module so that excelize stays out of docprov's go.mod.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"
)

type sheet struct {
	Name   string    `json:"name"`
	Rows   [][]any   `json:"rows"`
	Widths []float64 `json:"widths"`
}

type spec struct {
	Sheets []sheet                 `json:"sheets"`
	Doc    excelize.DocProperties  `json:"doc"`
	App    *excelize.AppProperties `json:"app"`
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: gen SPEC.json OUT.xlsx")
		os.Exit(2)
	}
	if err := write(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func write(specPath, out string) error {
	raw, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	var s spec
	if err := json.Unmarshal(raw, &s); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range s.Sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.Name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sh.Name); err != nil {
			return err
		}
		for r, row := range sh.Rows {
			for c, v := range row {
				cell, err := excelize.CoordinatesToCellName(c+1, r+1)
				if err != nil {
					return err
				}
				switch x := v.(type) {
				case nil:
				case []any:
					if len(x) >= 2 && x[0] == "=" {
						formula := strings.NewReplacer("[.", "", "]", "", ";", ",").Replace(fmt.Sprint(x[1]))
						if err := f.SetCellFormula(sh.Name, cell, formula); err != nil {
							return err
						}
					} else if len(x) >= 2 {
						if err := f.SetCellValue(sh.Name, cell, x[1]); err != nil {
							return err
						}
					}
				default:
					if err := f.SetCellValue(sh.Name, cell, x); err != nil {
						return err
					}
				}
			}
		}
		for c, w := range sh.Widths {
			col, err := excelize.ColumnNumberToName(c + 1)
			if err != nil {
				return err
			}
			if err := f.SetColWidth(sh.Name, col, col, w*4.5); err != nil {
				return err
			}
		}
	}
	if err := f.SetDocProps(&s.Doc); err != nil {
		return err
	}
	if s.App != nil {
		if err := f.SetAppProps(s.App); err != nil {
			return err
		}
	}
	return f.SaveAs(out)
}
