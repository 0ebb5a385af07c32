// Command gen writes excelize.xlsx, the excelize fixture of docprov's OOXML
// tests: known document, application and custom properties, two sheets, a
// comment with an author and a defined name.
//
// It is its own module so that the fixture generator's dependencies stay out
// of docprov's go.mod. Run it from testdata/ooxml/make.sh.
package main

import (
	"fmt"
	"os"
	"time"

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
	if err := f.SetSheetName("Sheet1", "Données"); err != nil {
		return err
	}
	if _, err := f.NewSheet("Synthèse"); err != nil {
		return err
	}
	if err := f.SetCellValue("Données", "A1", 42); err != nil {
		return err
	}
	if err := f.AddComment("Données", excelize.Comment{Cell: "A1", Author: "Hélène Roux", Text: "À vérifier"}); err != nil {
		return err
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "Total", RefersTo: "Données!$A$1"}); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Category:       "Fixture",
		ContentStatus:  "Brouillon",
		Created:        "2023-04-05T06:07:08Z",
		Creator:        "Hélène Roux",
		Description:    "excelize fixture",
		Identifier:     "xlsx-fixture-1",
		Keywords:       "excelize",
		LastModifiedBy: "Luc Moreau",
		Modified:       "2023-04-06T07:08:09Z",
		Revision:       "9",
		Subject:        "Bilan",
		Title:          "Bilan 2023",
		Language:       "fr-FR",
		Version:        "1.0",
	}); err != nil {
		return err
	}
	if err := f.SetAppProps(&excelize.AppProperties{
		Application:       "Go Excelize",
		ScaleCrop:         true,
		DocSecurity:       0,
		Company:           "Exemple SARL",
		LinksUpToDate:     true,
		HyperlinksChanged: true,
		AppVersion:        "2.1100",
	}); err != nil {
		return err
	}
	for _, p := range []excelize.CustomProperty{
		{Name: "Projet", Value: "Atlas"},
		{Name: "Montant", Value: 1234.5},
		{Name: "Validé", Value: true},
		{Name: "Échéance", Value: time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if err := f.SetCustomProps(p); err != nil {
			return err
		}
	}
	return f.SaveAs(out)
}
