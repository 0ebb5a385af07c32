package casedb_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docprov/docprov/provenance/casedb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A case written by a newer docprov is refused, by Open and OpenReadOnly
// alike, with an error errors.Is recognises, and left as it was.
func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "case.db")
	db, err := casedb.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`PRAGMA user_version = 2`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for name, open := range map[string]func(context.Context, string) (*casedb.DB, error){"Open": casedb.Open, "OpenReadOnly": casedb.OpenReadOnly} {
		if db, err := open(context.Background(), path); !errors.Is(err, casedb.ErrSchemaVersion) {
			if db != nil {
				db.Close()
			}
			t.Errorf("%s of a schema 2 case: err = %v, want ErrSchemaVersion", name, err)
		}
	}
	if v := userVersion(t, path); v != 2 {
		t.Errorf("user_version = %d after the refusals, want 2 untouched", v)
	}
}

// Open adds nothing to another program's database, and reopening a case
// keeps its schema version.
func TestOpenRefusesOtherDatabases(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.db")
	raw, err := sql.Open("sqlite3", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TABLE invoices (id INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if _, err := casedb.Open(context.Background(), other); !errors.Is(err, casedb.ErrNotCase) {
		t.Errorf("Open of another program's database: err = %v, want ErrNotCase", err)
	}

	text := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(text, []byte("plain text, not SQLite, long enough to have a header's worth of bytes in it....."), 0o644); err != nil {
		t.Fatal(err)
	}
	if db, err := casedb.Open(context.Background(), text); err == nil {
		db.Close()
		t.Error("Open of a text file succeeded")
	}

	path := filepath.Join(dir, "case.db")
	for range 2 {
		db, err := casedb.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	if v := userVersion(t, path); v != casedb.SchemaVersion {
		t.Errorf("user_version = %d, want %d", v, casedb.SchemaVersion)
	}
}

func userVersion(t *testing.T, path string) int {
	t.Helper()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var v int
	if err := raw.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// A damaged case gives errors, never a panic or a wrong report: a stored
// Record that is not JSON, a file cut short.
func TestDamagedCase(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "case.db")
	if _, _, err := caseRun(t, context.Background(), path, demoLeak); err != nil {
		t.Fatal(err)
	}

	db, err := casedb.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`UPDATE documents SET record = '{"schema": 1, "title": ' WHERE id = (SELECT min(id) FROM documents)`); err != nil {
		t.Fatal(err)
	}
	n := 0
	var readErr error
	for _, err := range db.Entries(context.Background()) {
		if err != nil {
			readErr = err
			break
		}
		n++
	}
	if readErr == nil || !strings.Contains(readErr.Error(), "stored record") {
		t.Errorf("Entries over a broken record: err = %v after %d entries, want a stored record error", readErr, n)
	}
	if _, err := db.SQL().Exec(`UPDATE findings SET evidence = 'not json' WHERE id = (SELECT min(id) FROM findings)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Report(context.Background()); err == nil || !strings.Contains(err.Error(), "stored finding") {
		t.Errorf("Report over a broken finding: err = %v, want a stored finding error", err)
	}
	db.Close()

	// The first pages of the case only: SQLite's header says the file is
	// longer than it is.
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.db")
	if err := os.WriteFile(cut, whole[:8192], 0o644); err != nil {
		t.Fatal(err)
	}
	if db, err := casedb.OpenReadOnly(context.Background(), cut); err == nil {
		if _, err := db.Report(context.Background()); err == nil {
			t.Error("Report of a case cut to 8 KiB succeeded")
		}
		db.Close()
	}
}

// A case's file name may hold what a file: URI gives meaning to.
func TestOpenOddFileNames(t *testing.T) {
	for _, name := range []string{"my case #1.db", "what?.db", "100%.db", "a&b=c.db"} {
		path := filepath.Join(t.TempDir(), name)
		db, err := casedb.Open(context.Background(), path)
		if err != nil {
			t.Errorf("%q: %v", name, err)
			continue
		}
		db.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%q: the case is not where it was asked: %v", name, err)
		}
		ro, err := casedb.OpenReadOnly(context.Background(), path)
		if err != nil {
			t.Errorf("%q read-only: %v", name, err)
			continue
		}
		ro.Close()
	}
}

// A case made before the features tables existed gets them at its next
// Open, and keeps its schema version.
func TestOpenAddsFeatureTables(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "case.db")
	db, err := casedb.Open(ctx, path)
	require.NoError(t, err)
	_, err = db.SQL().ExecContext(ctx, `DROP TABLE features; DROP TABLE baseline_features`)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	db, err = casedb.Open(ctx, path)
	require.NoError(t, err)
	defer db.Close()
	var n, version int
	require.NoError(t, db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('features', 'baseline_features')`).Scan(&n))
	assert.Equal(t, 2, n)
	require.NoError(t, db.SQL().QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version))
	assert.Equal(t, casedb.SchemaVersion, version)
}
