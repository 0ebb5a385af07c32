package casedb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	// The driver registers "sqlite3". Since v0.37.0 it carries SQLite
	// itself; its embed package is deprecated and prints a line on
	// standard error at start-up, so it is not imported.
	_ "github.com/ncruces/go-sqlite3/driver"
)

// SchemaVersion is the version of the case database's schema, kept in
// PRAGMA user_version. Adding a table, a column or an index keeps it;
// renaming or removing one, or changing what a column means, bumps it.
const SchemaVersion = 1

// applicationID marks a SQLite file as a docprov case ("dprv"), kept in
// PRAGMA application_id, so that Open never writes its tables into some
// other program's database.
const applicationID = 0x64707276

// ErrSchemaVersion is returned by Open for a case written by a newer
// docprov, whose schema this one does not know: reading it could
// misread columns, and writing it could break it for the program that
// made it.
var ErrSchemaVersion = errors.New("case database of a newer schema")

// ErrNotCase is returned by Open for a SQLite database that some other
// program made: docprov refuses to add its tables to it.
var ErrNotCase = errors.New("not a docprov case database")

// schema creates version 1. Every statement is idempotent, so that a
// case created by an interrupted first Open is completed by the next.
const schema = `
CREATE TABLE IF NOT EXISTS documents (
	id               INTEGER PRIMARY KEY,
	sha256           TEXT UNIQUE,
	format           TEXT,
	mime             TEXT,
	size             INTEGER,
	title            TEXT,
	authors          TEXT,
	last_modified_by TEXT,
	company          TEXT,
	created          TEXT,
	created_utc      TEXT,
	modified         TEXT,
	modified_utc     TEXT,
	score            REAL,
	error            TEXT,
	record           TEXT
);
CREATE INDEX IF NOT EXISTS documents_score ON documents(score DESC);
CREATE INDEX IF NOT EXISTS documents_format ON documents(format);

CREATE TABLE IF NOT EXISTS files (
	id         INTEGER PRIMARY KEY,
	path       TEXT NOT NULL UNIQUE,
	path_bytes BLOB,
	size       INTEGER,
	mtime      TEXT,
	status     TEXT NOT NULL,
	seq        INTEGER NOT NULL,
	run        INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS files_seq ON files(seq);

CREATE TABLE IF NOT EXISTS paths (
	id         INTEGER PRIMARY KEY,
	document   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	file       INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
	part       INTEGER NOT NULL,
	path       TEXT NOT NULL UNIQUE,
	path_bytes BLOB,
	record     TEXT,
	score      REAL,
	rank       INTEGER
);
CREATE INDEX IF NOT EXISTS paths_document ON paths(document);
CREATE INDEX IF NOT EXISTS paths_file ON paths(file, part);
CREATE INDEX IF NOT EXISTS paths_rank ON paths(rank);

CREATE TABLE IF NOT EXISTS fields (
	document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	key      TEXT NOT NULL,
	value    TEXT NOT NULL,
	PRIMARY KEY (document, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fields_key_value ON fields(key, value);

CREATE TABLE IF NOT EXISTS software (
	document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	ordinal  INTEGER NOT NULL,
	role     TEXT NOT NULL,
	name     TEXT,
	version  TEXT,
	platform TEXT,
	raw      TEXT,
	source   TEXT,
	PRIMARY KEY (document, ordinal)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS software_name ON software(name, version);

CREATE TABLE IF NOT EXISTS identifiers (
	document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	ordinal  INTEGER NOT NULL,
	kind     TEXT NOT NULL,
	value    TEXT NOT NULL,
	source   TEXT,
	PRIMARY KEY (document, ordinal)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS identifiers_value ON identifiers(value, kind);

CREATE TABLE IF NOT EXISTS findings (
	id         INTEGER PRIMARY KEY,
	path       INTEGER NOT NULL REFERENCES paths(id) ON DELETE CASCADE,
	document   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	ordinal    INTEGER NOT NULL,
	check_name TEXT NOT NULL,
	weight     REAL NOT NULL,
	strength   REAL NOT NULL,
	fact       TEXT,
	message    TEXT NOT NULL,
	observed   TEXT,
	expected   TEXT,
	compared   TEXT,
	evidence   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS findings_check ON findings(check_name, weight DESC);
CREATE INDEX IF NOT EXISTS findings_path ON findings(path, ordinal);
CREATE INDEX IF NOT EXISTS findings_document ON findings(document);

CREATE TABLE IF NOT EXISTS groups (
	id      INTEGER PRIMARY KEY,
	ordinal INTEGER NOT NULL,
	kind    TEXT NOT NULL,
	key     TEXT,
	message TEXT
);

CREATE TABLE IF NOT EXISTS group_members (
	group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	ordinal  INTEGER NOT NULL,
	path     TEXT NOT NULL,
	document INTEGER REFERENCES documents(id) ON DELETE SET NULL,
	PRIMARY KEY (group_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS group_members_path ON group_members(path);
CREATE INDEX IF NOT EXISTS group_members_document ON group_members(document);

CREATE TABLE IF NOT EXISTS baseline (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	source  TEXT,
	kind    TEXT NOT NULL,
	docs    INTEGER NOT NULL,
	copies  INTEGER NOT NULL,
	checks  TEXT,
	formats TEXT
);

-- Added within version 1 (Open adds them to an older case of this
-- version): the comparable traits of each document and of the baseline,
-- for the case view's facets and filters.
CREATE TABLE IF NOT EXISTS features (
	document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	feature  TEXT NOT NULL,
	value    TEXT NOT NULL,
	PRIMARY KEY (document, feature, value)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS features_value ON features(feature, value);

CREATE TABLE IF NOT EXISTS baseline_features (
	feature TEXT NOT NULL,
	value   TEXT NOT NULL,
	docs    INTEGER NOT NULL,
	PRIMARY KEY (feature, value)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS params (
	run             INTEGER PRIMARY KEY,
	command         TEXT NOT NULL,
	docprov_version TEXT,
	extraction      TEXT,
	roots           TEXT,
	as_of           TEXT,
	self            INTEGER,
	baseline        TEXT,
	checks          TEXT,
	started         TEXT NOT NULL,
	finished        TEXT,
	status          TEXT NOT NULL,
	files_walked    INTEGER NOT NULL DEFAULT 0,
	files_extracted INTEGER NOT NULL DEFAULT 0,
	files_unchanged INTEGER NOT NULL DEFAULT 0,
	files_removed   INTEGER NOT NULL DEFAULT 0,
	documents       INTEGER
);
`

// A DB is an open case database. Its methods may be called from several
// goroutines, but a case has one writer at a time: two docprov processes
// writing one case wait for each other's transactions.
type DB struct {
	db   *sql.DB
	path string
	abs  string // path made absolute, to leave the case's own files out of a walk
}

// isOwnFile reports whether p is the case's database file or one of
// SQLite's companions (the WAL, its index, a rollback journal): a scan of
// the folder that holds the case must not read the case, which changes at
// every run.
func (d *DB) isOwnFile(p string) bool {
	if d.abs == "" {
		return false
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return false
	}
	switch abs {
	case d.abs, d.abs + "-wal", d.abs + "-shm", d.abs + "-journal":
		return true
	}
	return false
}

// Open opens the case database at path, creating it with the current
// schema when it does not exist. A case of an older schema is upgraded; one
// of a newer schema is refused with ErrSchemaVersion, and a SQLite database
// some other program made with ErrNotCase.
func Open(ctx context.Context, path string) (*DB, error) {
	// WAL lets the report and analysts' queries read while a scan
	// writes, and makes each commit an append, which is what keeps
	// batched inserts fast; synchronous=NORMAL is safe in WAL mode (a
	// power cut may lose the last commits, never corrupt the file).
	// busy_timeout: a second process waits for the writer instead of
	// failing at once.
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=foreign_keys(1)&_pragma=journal_mode(wal)&_pragma=synchronous(normal)&_pragma=busy_timeout(10000)"
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("casedb: %s: not a regular file", path)
	}
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("casedb: %s: %w", path, err)
	}
	d := &DB{db: db, path: path}
	if abs, err := filepath.Abs(path); err == nil {
		d.abs = abs
	}
	if err := d.init(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("casedb: %s: %w", path, err)
	}
	return d, nil
}

// OpenReadOnly opens an existing case for reading: it creates nothing,
// writes nothing (the file is opened read-only and every connection is
// query_only, so that not even a statement sent through SQL writes), and refuses a file that is not a case (ErrNotCase) or of
// a newer schema (ErrSchemaVersion).
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("casedb: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("casedb: %s: not a regular file", path)
	}
	db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&_pragma=query_only(1)&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("casedb: %s: %w", path, err)
	}
	var version, app int
	err = db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	if err == nil {
		err = db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app)
	}
	switch {
	case err != nil:
	case app != applicationID:
		err = ErrNotCase
	case version > SchemaVersion:
		err = fmt.Errorf("%w: version %d, this docprov reads up to %d", ErrSchemaVersion, version, SchemaVersion)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("casedb: %s: %w", path, err)
	}
	return &DB{db: db, path: path}, nil
}

func (d *DB) init(ctx context.Context) error {
	var version, app, tables int
	if err := d.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if err := d.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return err
	}
	if err := d.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'").Scan(&tables); err != nil {
		return err
	}
	switch {
	case app != applicationID && tables > 0:
		return ErrNotCase
	case version > SchemaVersion:
		return fmt.Errorf("%w: version %d, this docprov reads up to %d", ErrSchemaVersion, version, SchemaVersion)
	}
	if version == SchemaVersion {
		// Tables added within this version (features,
		// baseline_features) are created in a case made before them;
		// every statement of schema is idempotent. Only then: a
		// schema statement takes the write lock, which a scan of the
		// case may hold.
		var added int
		if err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('features', 'baseline_features')`).Scan(&added); err != nil {
			return err
		}
		if added == 2 {
			return nil
		}
		if _, err := d.db.ExecContext(ctx, schema); err != nil {
			return fmt.Errorf("adding tables of schema %d: %w", SchemaVersion, err)
		}
		return nil
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, schema); err != nil {
		return fmt.Errorf("creating the schema: %w", err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d; PRAGMA user_version = %d", applicationID, SchemaVersion)); err != nil {
		return err
	}
	return tx.Commit()
}

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// SQL returns the database/sql handle, for queries of one's own. Writing
// through it bypasses what Update and Check keep consistent.
func (d *DB) SQL() *sql.DB { return d.db }
