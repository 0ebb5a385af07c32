package casedb_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
	"github.com/docprov/docprov/provenance/casedb"
)

// A case built from the demo leak, scanned against itself, then queried:
// the three highest-ranked documents, and who the leak says wrote most.
// Running it again would read no file: every one is recorded unchanged.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "case")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := casedb.Open(ctx, filepath.Join(dir, "case.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	roots := []string{"../../testdata/demo/leak"}
	run, err := db.Begin(ctx, casedb.RunParams{Command: "scan", Roots: roots, Self: true})
	if err != nil {
		log.Fatal(err)
	}
	stats, err := run.Extract(ctx, new(docprov.Extractor), docprov.Walk(slices.Values(roots), true), casedb.ExtractOptions{Workers: 2})
	if err != nil {
		log.Fatal(run.End(ctx, err))
	}
	self, err := db.SelfBaseline(ctx)
	if err != nil {
		log.Fatal(err)
	}
	sc := &provenance.Scanner{Baseline: self, LeaveOut: true,
		AsOf: time.Date(2017, 5, 5, 0, 0, 0, 0, time.UTC), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := run.Check(ctx, sc, casedb.BaselineInfo{Kind: "self"}); err != nil {
		log.Fatal(err)
	}
	if err := run.End(ctx, nil); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d files read\n", stats.Extracted)

	rows, err := db.SQL().QueryContext(ctx, `
		SELECT p.rank, p.score, d.format, coalesce(d.title, '(no title)')
		FROM paths p JOIN documents d ON d.id = p.document
		ORDER BY p.rank LIMIT 3`)
	if err != nil {
		log.Fatal(err)
	}
	for rows.Next() {
		var (
			rank          int
			score         float64
			format, title string
		)
		if err := rows.Scan(&rank, &score, &format, &title); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d. %.2f %s %q\n", rank, score, format, title)
	}
	rows.Close()

	var author string
	var docs int
	err = db.SQL().QueryRowContext(ctx, `
		SELECT a.value, count(*) FROM documents d, json_each(d.authors) a
		GROUP BY a.value ORDER BY count(*) DESC, a.value LIMIT 1`).Scan(&author, &docs)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("most documents: %s (%d)\n", author, docs)
	// Output:
	// 73 files read
	// 1. 4.29 docx "Attestation de fin de travaux — Croix-Rousse"
	// 2. 3.51 docx "Lettre aux sociétaires — printemps 2017"
	// 3. 2.96 docx "(no title)"
	// most documents: Camille Fontaine (16)
}
