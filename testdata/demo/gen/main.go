// Command gen writes the demo corpus's "wrong-tool" spreadsheet: an expense
// report that claims to come from Helios Énergie's finance officer but is
// written by excelize, a Go library the cooperative never uses (its staff use
// LibreOffice Calc). The forger fills in the staff member's name, the company
// and plausible 2016 dates through excelize's own document-property API.
//
// It is its own module so that its dependencies stay out of docprov's go.mod.
// Run it from testdata/demo/make.sh: gen OUT.xlsx
package main

import (
	"fmt"
	"os"

	"github.com/xuri/excelize/v2"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen OUT.xlsx")
		os.Exit(2)
	}
	if err := write(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func write(out string) error {
	f := excelize.NewFile()
	defer f.Close()
	const sh = "Note de frais"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	rows := [][]any{
		{"Helios Énergie — note de frais", nil, nil, nil},
		{"Salarié", "Sophie Lefèvre", nil, nil},
		{"Période", "novembre 2016", nil, nil},
		{nil, nil, nil, nil},
		{"Date", "Objet", "Catégorie", "Montant (€)"},
		{"03/11/2016", "Train Lyon – Paris, salon des énergies citoyennes", "Transport", 124.00},
		{"03/11/2016", "Hôtel Paris 11e (1 nuit)", "Hébergement", 138.50},
		{"04/11/2016", "Repas avec le bureau d'études Terranova", "Repas", 96.40},
		{"17/11/2016", "Location véhicule, visite Claveisolles", "Transport", 87.00},
		{"17/11/2016", "Carburant", "Transport", 41.25},
		{"24/11/2016", "Repas réunion publique Sain-Bel", "Repas", 212.80},
	}
	for i, r := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := f.SetSheetRow(sh, cell, &r); err != nil {
			return err
		}
	}
	if err := f.SetCellFormula(sh, "D13", "SUM(D6:D11)"); err != nil {
		return err
	}
	if err := f.SetCellValue(sh, "C13", "Total"); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "B", "B", 48); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Created:        "2016-11-28T10:14:00Z",
		Modified:       "2016-11-29T16:42:00Z",
		Creator:        "Sophie Lefèvre",
		LastModifiedBy: "Julien Marchand",
		Language:       "fr-FR",
		Title:          "",
		Revision:       "3",
	}); err != nil {
		return err
	}
	if err := f.SetAppProps(&excelize.AppProperties{
		Company: "Helios Énergie",
	}); err != nil {
		return err
	}
	return f.SaveAs(out)
}
