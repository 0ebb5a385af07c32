package casedb_test

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docprov/docprov/provenance/casedb"
)

// readmeSQL returns the ```sql blocks of the project's README.
func readmeSQL(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	var cur *strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case cur == nil && strings.TrimSpace(line) == "```sql":
			cur = new(strings.Builder)
		case cur != nil && strings.TrimSpace(line) == "```":
			blocks = append(blocks, cur.String())
			cur = nil
		case cur != nil:
			cur.WriteString(line + "\n")
		}
	}
	if cur != nil {
		t.Fatal("README.md: an ```sql block is not closed")
	}
	return blocks
}

// Every SQL example of the README runs against the demo's case (the leak
// scanned with the demo baseline as of 2017-05-05) and returns rows: the
// queries are true to the schema, and the demo shows what each looks for.
func TestReadmeSQLExamples(t *testing.T) {
	blocks := readmeSQL(t)
	if len(blocks) < 3 {
		t.Fatalf("README.md has %d SQL examples, want at least 3", len(blocks))
	}
	dbPath := filepath.Join(t.TempDir(), "case.db")
	if _, _, err := caseRun(t, context.Background(), dbPath, demoLeak); err != nil {
		t.Fatal(err)
	}
	db, err := casedb.OpenReadOnly(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range blocks {
		title := strings.SplitN(q, "\n", 2)[0]
		rows, err := db.SQL().Query(q)
		if err != nil {
			t.Errorf("%s\n%v", title, err)
			continue
		}
		n := 0
		for rows.Next() {
			n++
		}
		if err := rows.Err(); err != nil {
			t.Errorf("%s\n%v", title, err)
		}
		rows.Close()
		if n == 0 {
			t.Errorf("%s\nreturned no row on the demo case", title)
		}
		t.Logf("%s: %d rows", title, n)
	}
}
