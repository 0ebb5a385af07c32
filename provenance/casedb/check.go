package casedb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"strings"

	"github.com/docprov/docprov/provenance"
)

// An Entry is one path of the case: the Record read there, or the error
// that kept it from being read.
type Entry struct {
	Path   string
	Record *provenance.Record // nil for an unreadable file
	Error  string
}

// Entries yields every path of the case in the order the last run walked
// them (a container's parts in their order), which is the order a scan of
// the same inputs adds them in: the corpus-wide checks and the ranking's
// ties then come out as an uninterrupted scan's. A read error ends the
// sequence with the error.
func (d *DB) Entries(ctx context.Context) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		for e, err := range d.entries(ctx) {
			if !yield(e.Entry, err) {
				return
			}
		}
	}
}

// A pathEntry is an Entry with its paths and documents rows.
type pathEntry struct {
	Entry
	path, document int64
}

func (d *DB) entries(ctx context.Context) iter.Seq2[pathEntry, error] {
	return func(yield func(pathEntry, error) bool) {
		// Files in walk order (files_seq), then each file's paths
		// (paths_file): SQLite sorts only the parts of one file. Joined
		// the other way round it sorted every row, Records included,
		// before the first came out, in memory SQLite keeps: a scan of
		// a million hard-linked paths grew by about 110 MB at each of
		// its two reads (the self-baseline's and the checks').
		rows, err := d.db.QueryContext(ctx, `SELECT p.id, p.document, p.path, p.path_bytes, COALESCE(p.record, d.record), d.error
			FROM files f CROSS JOIN paths p ON p.file = f.id JOIN documents d ON d.id = p.document
			ORDER BY f.seq, p.part`)
		if err != nil {
			yield(pathEntry{}, fmt.Errorf("casedb: %w", err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var (
				e         pathEntry
				pathBytes []byte
				record    sql.NullString
				errText   sql.NullString
			)
			if err := rows.Scan(&e.path, &e.document, &e.Path, &pathBytes, &record, &errText); err != nil {
				yield(pathEntry{}, fmt.Errorf("casedb: %w", err))
				return
			}
			if record.Valid {
				rec := new(provenance.Record)
				if err := json.Unmarshal([]byte(record.String), rec); err != nil {
					yield(pathEntry{}, fmt.Errorf("casedb: %s: stored record: %w", e.Path, err))
					return
				}
				// A copy shares its original's Record: give it its own path.
				rec.Path, rec.PathBytes = e.Path, pathBytes
				e.Record = rec
			} else {
				e.Error = errText.String
			}
			if !yield(e, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(pathEntry{}, fmt.Errorf("casedb: %w", err))
		}
	}
}

// hasBit reports whether bit i of set is set (set is little-endian by
// word), and setBit sets it.
func hasBit(set []uint64, i int64) bool {
	return i >= 0 && i/64 < int64(len(set)) && set[i/64]&(1<<(i%64)) != 0
}

func setBit(set []uint64, i int64) []uint64 {
	for int64(len(set)) <= i/64 {
		set = append(set, 0)
	}
	set[i/64] |= 1 << (i % 64)
	return set
}

// SelfBaseline summarises the case's own documents, for a scan that uses
// the questioned corpus as its baseline (Scanner.LeaveOut): the baseline
// pass reads the records from the case, not the files again.
func (d *DB) SelfBaseline(ctx context.Context) (*provenance.Baseline, error) {
	b := provenance.NewBaseline()
	b.CompactRefs()
	// A documents row is one SHA-256: the case tells copies apart (a bit
	// a document), not a set of SHA-256s in the baseline. A Record with
	// none is never a copy, as Add counts them.
	var added []uint64
	for e, err := range d.entries(ctx) {
		if err != nil {
			return nil, err
		}
		switch {
		case e.Record == nil:
		case e.Record.SHA256 == "":
			b.AddDistinct(e.Record, false)
		default:
			b.AddDistinct(e.Record, hasBit(added, e.document))
			added = setBit(added, e.document)
		}
	}
	// Complete: the scan only reads it, for as long as it runs.
	b.Trim()
	return b, nil
}

// BaselineInfo says where a scan's baseline came from, for the baseline
// table.
type BaselineInfo struct {
	// Kind is "file" (a baseline file), "folder" (built from a folder of
	// genuine documents), "self" (the case itself) or "none".
	Kind string
	// Source is the file or folder; "" for self and none.
	Source string
}

// Check runs sc over every document of the case, in walk order, then the
// corpus-wide checks, and replaces the case's findings, scores, ranks and
// groups with the result, which it returns, read back from the case
// (DB.Report). It is Scan followed by DB.Report: a caller that need not
// hold the whole report in memory calls Scan and renders from the case.
//
// sc's baseline must already be set (see SelfBaseline for a scan that is
// its own baseline).
func (r *Run) Check(ctx context.Context, sc *provenance.Scanner, bl BaselineInfo) (*provenance.Report, error) {
	if _, err := r.Scan(ctx, sc, bl); err != nil {
		return nil, err
	}
	return r.db.Report(ctx)
}

// ScanStats counts what a scan found.
type ScanStats struct {
	// Paths counts the paths scanned, Ranked those with findings (files
	// that could be read), Unreadable those that could not be read.
	Paths, Ranked, Unreadable int
	// Groups counts the corpus-wide checks' groups.
	Groups int
}

// Scan runs sc over every document of the case, in walk order, then the
// corpus-wide checks, and replaces the case's findings, scores, ranks and
// groups with the result. The baseline table and the run's params (as-of,
// checks) are written with them, in one transaction: a case has the
// results of one scan or none.
//
// It streams (Scanner.Sink): each path's findings are written as it is
// checked, the scanner keeps only its summary, the corpus-wide checks'
// findings are merged into the paths they concern, and the ranking is
// SQL's (ORDER BY score), so memory does not hold the findings of the
// corpus. sc must have no Sink of its own; its baseline must already be
// set (see SelfBaseline for a scan that is its own baseline).
func (r *Run) Scan(ctx context.Context, sc *provenance.Scanner, bl BaselineInfo) (ScanStats, error) {
	var stats ScanStats
	if sc.Sink != nil {
		return stats, errors.New("casedb: Scan streams into the case: the scanner must have no Sink of its own")
	}
	sqlTx, err := r.db.db.BeginTx(ctx, nil)
	if err != nil {
		return stats, fmt.Errorf("casedb: %w", err)
	}
	tx := &txStmts{tx: sqlTx}
	defer tx.rollback()
	indexes, err := dropScanIndexes(ctx, tx)
	if err != nil {
		return stats, err
	}
	if err := clearResults(ctx, tx); err != nil {
		return stats, err
	}
	if err := createScratch(ctx, tx); err != nil {
		return stats, err
	}
	var paths int
	if err := r.db.db.QueryRowContext(ctx, `SELECT count(*) FROM paths`).Scan(&paths); err != nil {
		return stats, fmt.Errorf("casedb: %w", err)
	}
	sink := &caseSink{ctx: ctx, tx: tx, ids: make([][2]uint32, 0, paths)}
	sc.Grow(paths)
	sc.Sink = sink
	defer func() { sc.Sink = nil }()
	// featured holds the documents whose features are written: identical
	// copies are one document. A bit a document id: ids count from 1.
	var featured []uint64
	// The walk reads the case on its own connection (WAL: it sees the
	// documents as committed) while the transaction writes the results.
	for e, err := range r.db.entries(ctx) {
		if err != nil {
			return stats, err
		}
		if uint64(e.path) > math.MaxUint32 || uint64(e.document) > math.MaxUint32 {
			return stats, fmt.Errorf("casedb: %s: row id %d or %d beyond the scan's 32 bits", e.Path, e.path, e.document)
		}
		sink.ids = append(sink.ids, [2]uint32{uint32(e.path), uint32(e.document)})
		if e.Record != nil && !hasBit(featured, e.document) {
			featured = setBit(featured, e.document)
			if err := saveFeatures(ctx, tx, e.document, e.Record); err != nil {
				return stats, err
			}
		}
		if e.Record != nil {
			sc.Add(e.Record)
		} else {
			sc.AddError(e.Path, errors.New(e.Error))
		}
		if err := sc.Err(); err != nil {
			return stats, err
		}
		if err := ctx.Err(); err != nil {
			return stats, err
		}
	}
	groups, err := sc.Finish()
	if err != nil {
		return stats, err
	}
	if err := ctx.Err(); err != nil {
		return stats, err
	}
	stats.Paths, stats.Ranked, stats.Unreadable, stats.Groups = len(sink.ids), sink.ranked, sink.unreadable, len(groups)
	if err := moveFindings(ctx, tx); err != nil {
		return stats, err
	}
	for _, create := range indexes {
		if _, err := tx.exec(ctx, create); err != nil {
			return stats, fmt.Errorf("casedb: indexing the scan's results: %w", err)
		}
	}
	// The ranking of provenance.Scanner.Report: readable paths first, by
	// score, highest first, then by path (SQLite compares text as bytes,
	// as Go does).
	if _, err := tx.exec(ctx, `UPDATE paths SET rank = r.n FROM (
			SELECT p.id, row_number() OVER (ORDER BY (COALESCE(p.record, d.record) IS NULL AND COALESCE(d.error, '') <> ''), p.score DESC, p.path) AS n
			FROM paths p JOIN documents d ON d.id = p.document) AS r
		WHERE paths.id = r.id`); err != nil {
		return stats, fmt.Errorf("casedb: ranking: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE documents SET score = (SELECT max(score) FROM paths WHERE paths.document = documents.id)`); err != nil {
		return stats, fmt.Errorf("casedb: %w", err)
	}
	if err := saveGroups(ctx, tx, groups, sink.ids); err != nil {
		return stats, err
	}
	if err := saveBaseline(ctx, tx, sc.Baseline, bl); err != nil {
		return stats, err
	}
	checks := sc.Checks
	if checks == nil {
		checks = provenance.Checks()
	}
	corpus := sc.CorpusChecks
	if corpus == nil {
		corpus = provenance.CorpusChecks()
	}
	var names []string
	for _, c := range checks {
		names = append(names, c.Name)
	}
	for _, c := range corpus {
		names = append(names, c.Name)
	}
	if _, err := tx.exec(ctx, `UPDATE params SET checks = ?, as_of = ?, self = ?, baseline = ? WHERE run = ?`,
		strings.Join(names, ","), dateOrNull(sc.AsOf), sc.LeaveOut, nullString(bl.Source), r.id); err != nil {
		return stats, fmt.Errorf("casedb: %w", err)
	}
	if err := tx.commit(); err != nil {
		return stats, fmt.Errorf("casedb: %w", err)
	}
	return stats, nil
}

// scratchFindings is the findings table of a scan in progress, a
// temporary table of Scan's connection: the findings of nearly every path
// are written twice, once when it is checked and again when the
// corpus-wide checks amend them (Sink.Amend deletes and writes them
// again, merged), and a temporary table lives in a file of its own, out
// of the case and its WAL. Written to the case, the scan's findings
// would grow the WAL with both versions of the rows, slow every page
// lookup of the transaction as the WAL grew, and leave the findings
// table's pages half empty where the first versions were deleted.
// moveFindings then writes them to the case once, in the order of their
// ids, which the scratch table assigns as the case's table would (one
// more than the highest), so the case holds the same rows with the same
// ids as when the scan wrote them there.
const scratchFindings = `CREATE TEMP TABLE scan_findings (
	id         INTEGER PRIMARY KEY,
	path       INTEGER NOT NULL,
	document   INTEGER NOT NULL,
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
CREATE INDEX temp.scan_findings_path ON scan_findings(path, ordinal);`

// scanIndexes are the indexes of the tables a scan rewrites whole
// (findings, features, group_members): Scan drops them before it clears
// the tables and creates them again once the tables are written, in its
// transaction, which sorts each index once instead of inserting into it
// a row at a time at random places (by check and weight, by feature
// value, by member path), each insert a page to find in a WAL that grows
// with the scan. Readers see the indexes all along: the transaction
// commits them with the rows.
var scanIndexes = []string{"findings_check", "findings_path", "findings_document", "features_value", "group_members_path", "group_members_document"}

// dropScanIndexes drops scanIndexes and returns their CREATE statements,
// as sqlite_schema keeps them, to create them again as they were: the
// schema is what it was. An index missing from the case stays missing.
func dropScanIndexes(ctx context.Context, tx *txStmts) ([]string, error) {
	var creates []string
	for _, name := range scanIndexes {
		row, err := tx.queryRow(ctx, `SELECT sql FROM main.sqlite_schema WHERE type = 'index' AND name = ?`, name)
		if err != nil {
			return nil, fmt.Errorf("casedb: %w", err)
		}
		var create string
		switch err := row.Scan(&create); {
		case errors.Is(err, sql.ErrNoRows):
			continue
		case err != nil:
			return nil, fmt.Errorf("casedb: %w", err)
		}
		if _, err := tx.exec(ctx, `DROP INDEX main.`+name); err != nil {
			return nil, fmt.Errorf("casedb: %w", err)
		}
		creates = append(creates, create)
	}
	return creates, nil
}

// createScratch creates the scratch findings table on the transaction's
// connection. A temporary table's creation is part of the transaction:
// a scan that fails or is interrupted rolls it back with the rest.
func createScratch(ctx context.Context, tx *txStmts) error {
	if _, err := tx.exec(ctx, `DROP TABLE IF EXISTS temp.scan_findings`); err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	if _, err := tx.tx.ExecContext(ctx, scratchFindings); err != nil {
		return fmt.Errorf("casedb: creating the scan's findings table: %w", err)
	}
	return nil
}

// moveFindings writes the scan's findings from the scratch table to the
// case (see scratchFindings), and drops the scratch table: temporary
// tables outlive a transaction, and the connection goes back to the
// pool.
func moveFindings(ctx context.Context, tx *txStmts) error {
	if _, err := tx.exec(ctx, `INSERT INTO main.findings (id, path, document, ordinal, check_name, weight, strength, fact, message, observed, expected, compared, evidence)
		SELECT id, path, document, ordinal, check_name, weight, strength, fact, message, observed, expected, compared, evidence
		FROM temp.scan_findings ORDER BY id`); err != nil {
		return fmt.Errorf("casedb: writing the findings: %w", err)
	}
	if _, err := tx.exec(ctx, `DROP TABLE temp.scan_findings`); err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	return nil
}

// caseSink writes a streaming scan's findings into the case, in the
// transaction of Scan: the paths' scores to the case, their findings to
// the scratch table (scratchFindings).
type caseSink struct {
	ctx context.Context
	tx  *txStmts
	// ids are the paths and documents rows of the documents added, in
	// order: 8 bytes a path (rowids count from 1, and a case of 4 billion
	// rows is beyond what a scan holds anyway).
	ids                [][2]uint32
	ranked, unreadable int
}

func (s *caseSink) Document(i int, d *provenance.DocReport) error {
	if i >= len(s.ids) {
		return fmt.Errorf("casedb: %s: document %d added outside the case's walk", d.Path, i)
	}
	switch {
	case d.Error != "":
		s.unreadable++
	case len(d.Findings) > 0:
		s.ranked++
	}
	return s.write(i, d.Path, d.Score, d.Findings)
}

func (s *caseSink) write(i int, path string, score float64, fs []provenance.Finding) error {
	id, doc := int64(s.ids[i][0]), int64(s.ids[i][1])
	if _, err := s.tx.exec(s.ctx, `UPDATE paths SET score = ? WHERE id = ?`, score, id); err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	for k, f := range fs {
		evidence, err := json.Marshal(f)
		if err != nil {
			return err
		}
		if _, err := s.tx.exec(s.ctx, `INSERT INTO temp.scan_findings (path, document, ordinal, check_name, weight, strength, fact, message, observed, expected, compared, evidence)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, doc, k, f.Check, f.Weight, f.Strength, nullString(f.Fact), f.Message,
			nullString(f.Observed), nullString(f.Expected), nullString(f.Compared), string(evidence)); err != nil {
			return fmt.Errorf("casedb: %s: %w", path, err)
		}
	}
	return nil
}

// Amend reads back the path's findings, merges the corpus-wide ones and
// writes them again.
func (s *caseSink) Amend(i int, corpus []provenance.Finding) error {
	id := int64(s.ids[i][0])
	fs, err := s.findings(id)
	if err != nil {
		return err
	}
	if len(fs) == 0 {
		s.ranked++ // no findings until now
	}
	fs = provenance.MergeFindings(fs, corpus)
	if _, err := s.tx.exec(s.ctx, `DELETE FROM temp.scan_findings WHERE path = ?`, id); err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	return s.write(i, fmt.Sprint("path ", id), provenance.Score(fs), fs)
}

func (s *caseSink) findings(path int64) ([]provenance.Finding, error) {
	st, err := s.tx.prepare(s.ctx, `SELECT evidence FROM temp.scan_findings WHERE path = ? ORDER BY ordinal`)
	if err != nil {
		return nil, fmt.Errorf("casedb: %w", err)
	}
	rows, err := st.QueryContext(s.ctx, path)
	if err != nil {
		return nil, fmt.Errorf("casedb: %w", err)
	}
	defer rows.Close()
	var fs []provenance.Finding
	for rows.Next() {
		var evidence string
		if err := rows.Scan(&evidence); err != nil {
			return nil, fmt.Errorf("casedb: %w", err)
		}
		var f provenance.Finding
		if err := json.Unmarshal([]byte(evidence), &f); err != nil {
			return nil, fmt.Errorf("casedb: stored finding: %w", err)
		}
		fs = append(fs, f)
	}
	return fs, rows.Err()
}

// saveGroups writes the corpus-wide checks' groups; they name their
// members by the index of their path in the scan (ids, see caseSink).
func saveGroups(ctx context.Context, tx *txStmts, groups []provenance.Group, ids [][2]uint32) error {
	for gi, g := range groups {
		row, err := tx.queryRow(ctx, `INSERT INTO groups (ordinal, kind, key, message) VALUES (?, ?, ?, ?) RETURNING id`, gi, g.Kind, g.Key, g.Message)
		if err != nil {
			return fmt.Errorf("casedb: %w", err)
		}
		var gid int64
		if err := row.Scan(&gid); err != nil {
			return fmt.Errorf("casedb: %w", err)
		}
		for mi, m := range g.MemberIndexes {
			if int(m) >= len(ids) {
				return fmt.Errorf("casedb: group %s %s: member %d outside the scan", g.Kind, g.Key, m)
			}
			if _, err := tx.exec(ctx, `INSERT INTO group_members (group_id, ordinal, path, document) VALUES (?, ?, (SELECT path FROM paths WHERE id = ?), ?)`,
				gid, mi, int64(ids[m][0]), int64(ids[m][1])); err != nil {
				return fmt.Errorf("casedb: %w", err)
			}
		}
	}
	return nil
}

func saveBaseline(ctx context.Context, tx *txStmts, b *provenance.Baseline, bl BaselineInfo) error {
	if _, err := tx.exec(ctx, `DELETE FROM baseline`); err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	kind := bl.Kind
	if kind == "" {
		kind = "none"
	}
	docs, copies := 0, 0
	var checks, formats any
	if b != nil {
		docs, copies = b.Docs, b.Copies
		c, err := json.Marshal(b.Checks)
		if err != nil {
			return err
		}
		f, err := json.Marshal(b.Formats)
		if err != nil {
			return err
		}
		checks, formats = string(c), string(f)
	}
	_, err := tx.exec(ctx, `INSERT INTO baseline (id, source, kind, docs, copies, checks, formats) VALUES (1, ?, ?, ?, ?, ?, ?)`,
		nullString(bl.Source), kind, docs, copies, checks, formats)
	if err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	if b == nil {
		return nil
	}
	for name, values := range b.Features {
		if !FacetFeature(name) {
			continue
		}
		for v, n := range values {
			if _, err := tx.exec(ctx, `INSERT INTO baseline_features (feature, value, docs) VALUES (?, ?, ?)`, name, v, n); err != nil {
				return fmt.Errorf("casedb: %w", err)
			}
		}
	}
	return nil
}

// FacetFeature reports whether the features table keeps the feature
// name (provenance.Features): the traits a reader filters a case by and
// compares with the baseline (who, with what, from where, in which
// language), not every trait the checks weigh (fonts, hours), which would
// multiply the table's rows for no view.
func FacetFeature(name string) bool {
	switch name {
	case "format", "author", "last_modified_by", "company", "template", "language", "utc_offset", "camera":
		return true
	}
	return strings.HasPrefix(name, "software.") || strings.HasPrefix(name, "script.")
}

// saveFeatures writes the facet features of document doc, read from rec.
func saveFeatures(ctx context.Context, tx *txStmts, doc int64, rec *provenance.Record) error {
	seen := map[provenance.Feature]bool{}
	for _, f := range provenance.Features(rec) {
		if seen[f] || !FacetFeature(f.Name) {
			continue
		}
		seen[f] = true
		if _, err := tx.exec(ctx, `INSERT OR IGNORE INTO features (document, feature, value) VALUES (?, ?, ?)`, doc, f.Name, f.Value); err != nil {
			return fmt.Errorf("casedb: %s: %w", rec.Path, err)
		}
	}
	return nil
}

// ErrNotScanned is returned by Report for a case without the results of
// a scan over its current documents: written by extract, or changed since
// its last scan, or interrupted before its checks ran.
var ErrNotScanned = errors.New("the case has no scan results for its documents")

// Report rebuilds the report of the case's last scan from the database,
// without reading any file: the same report, document for document and
// finding for finding, that the scan returned.
func (d *DB) Report(ctx context.Context) (*provenance.Report, error) {
	// One read transaction: a scan writing the case meanwhile commits its
	// results whole, and the report sees them all or none.
	tx, err := d.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("casedb: %w", err)
	}
	defer tx.Rollback()
	if err := d.scanned(ctx, tx); err != nil {
		return nil, err
	}
	rep := &provenance.Report{Schema: provenance.ReportSchema}
	if err := tx.QueryRowContext(ctx, `SELECT docs FROM baseline`).Scan(&rep.Baseline); err != nil {
		return nil, fmt.Errorf("casedb: %w", err)
	}
	rows, err := tx.QueryContext(ctx, docQuery)
	if err != nil {
		return nil, fmt.Errorf("casedb: %w", err)
	}
	var ids []int64
	for rows.Next() {
		id, dr, err := scanDoc(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		rep.Documents = append(rep.Documents, dr)
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("casedb: %w", err)
	}
	if err := loadFindings(ctx, tx, rep, ids); err != nil {
		return nil, err
	}
	if err := loadGroups(ctx, tx, rep); err != nil {
		return nil, err
	}
	return rep, nil
}

// scanned reports whether the case has the results of a scan over its
// current documents (else ErrNotScanned).
func (d *DB) scanned(ctx context.Context, tx *sql.Tx) error {
	var unranked int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM paths WHERE rank IS NULL`).Scan(&unranked); err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	var scanned bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM baseline)`).Scan(&scanned); err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	if unranked > 0 || !scanned {
		return fmt.Errorf("casedb: %s: %w (%d of its paths unranked): run docprov scan over it", d.path, ErrNotScanned, unranked)
	}
	return nil
}

// docQuery reads the paths of the case in rank order, for scanDoc.
const docQuery = `SELECT p.id, p.path, p.score, p.record IS NOT NULL, COALESCE(p.record, ''),
		COALESCE(d.format, ''), COALESCE(d.sha256, ''), COALESCE(d.title, ''), COALESCE(d.authors, ''),
		COALESCE(d.created, ''), COALESCE(d.modified, ''), COALESCE(d.error, '')
	FROM paths p JOIN documents d ON d.id = p.document ORDER BY p.rank`

// scanDoc reads a row of docQuery: the path's id and its report without
// findings.
func scanDoc(rows *sql.Rows) (int64, provenance.DocReport, error) {
	var (
		id                          int64
		dr                          provenance.DocReport
		hasOwn                      bool
		own, authors, created, modd string
	)
	if err := rows.Scan(&id, &dr.Path, &dr.Score, &hasOwn, &own, &dr.Format, &dr.SHA256, &dr.Title, &authors, &created, &modd, &dr.Error); err != nil {
		return 0, dr, fmt.Errorf("casedb: %w", err)
	}
	dr.Findings = []provenance.Finding{}
	if hasOwn {
		// This copy's Record differs from its document's: its claims
		// are its own.
		var rec provenance.Record
		if err := json.Unmarshal([]byte(own), &rec); err != nil {
			return 0, dr, fmt.Errorf("casedb: %s: stored record: %w", dr.Path, err)
		}
		dr.Format, dr.SHA256, dr.Title, dr.Authors, dr.Created, dr.Modified = rec.Format, rec.SHA256, rec.Title, rec.Authors, rec.Created, rec.Modified
		return id, dr, nil
	}
	if authors != "" {
		if err := json.Unmarshal([]byte(authors), &dr.Authors); err != nil {
			return 0, dr, fmt.Errorf("casedb: %s: authors: %w", dr.Path, err)
		}
	}
	var err error
	if dr.Created, err = parseTime(created); err == nil {
		dr.Modified, err = parseTime(modd)
	}
	if err != nil {
		return 0, dr, fmt.Errorf("casedb: %s: %w", dr.Path, err)
	}
	return id, dr, nil
}

// A ReportFilter keeps the highest-ranked documents of a report: the Top
// N (0: all) of those scoring at least MinScore, files that could not be
// read whatever their score (docprov report --top, --min-score).
type ReportFilter struct {
	Top      int
	MinScore float64
}

func (f ReportFilter) keeps(d *provenance.DocReport) bool {
	return d.Score >= f.MinScore || d.Error != ""
}

// ReportStream is Report one document at a time, for a case too large to
// hold in memory: Docs reads the filtered documents in rank order, each
// with its findings, as it is iterated, and Groups the groups. All are read
// in one read transaction, which close ends; the stream is not to be used
// after it.
func (d *DB) ReportStream(ctx context.Context, f ReportFilter) (stream *provenance.ReportStream, close func() error, err error) {
	tx, err := d.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, nil, fmt.Errorf("casedb: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	if err := d.scanned(ctx, tx); err != nil {
		return nil, nil, err
	}
	rs := &provenance.ReportStream{}
	var total, kept int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT docs FROM baseline), (SELECT count(*) FROM paths),
			(SELECT count(*) FROM paths p JOIN documents d ON d.id = p.document WHERE p.score >= ? OR COALESCE(d.error, '') <> '')`,
		f.MinScore).Scan(&rs.Baseline, &total, &kept); err != nil {
		return nil, nil, fmt.Errorf("casedb: %w", err)
	}
	if f.Top > 0 && kept > f.Top {
		kept = f.Top
	}
	rs.Documents, rs.Omitted = kept, total-kept
	rs.Docs = func(yield func(provenance.DocReport, error) bool) {
		fail := func(err error) { yield(provenance.DocReport{}, err) }
		findings, err := tx.PrepareContext(ctx, `SELECT evidence FROM findings WHERE path = ? ORDER BY ordinal`)
		if err != nil {
			fail(fmt.Errorf("casedb: %w", err))
			return
		}
		defer findings.Close()
		rows, err := tx.QueryContext(ctx, docQuery)
		if err != nil {
			fail(fmt.Errorf("casedb: %w", err))
			return
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			id, dr, err := scanDoc(rows)
			if err != nil {
				fail(err)
				return
			}
			if !f.keeps(&dr) {
				continue
			}
			if f.Top > 0 && n == f.Top {
				return
			}
			n++
			if err := readFindings(ctx, findings, id, &dr); err != nil {
				fail(err)
				return
			}
			if !yield(dr, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			fail(fmt.Errorf("casedb: %w", err))
		}
	}
	rs.Groups = func(yield func(provenance.Group, error) bool) {
		stopped := false
		err := eachGroup(ctx, tx, func(g provenance.Group) bool {
			stopped = !yield(g, nil)
			return !stopped
		})
		if err != nil && !stopped {
			yield(provenance.Group{}, err)
		}
	}
	return rs, tx.Rollback, nil
}

// readFindings appends the findings of path id to dr's.
func readFindings(ctx context.Context, st *sql.Stmt, id int64, dr *provenance.DocReport) error {
	rows, err := st.QueryContext(ctx, id)
	if err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var evidence string
		if err := rows.Scan(&evidence); err != nil {
			return fmt.Errorf("casedb: %w", err)
		}
		var f provenance.Finding
		if err := json.Unmarshal([]byte(evidence), &f); err != nil {
			return fmt.Errorf("casedb: %s: stored finding: %w", dr.Path, err)
		}
		dr.Findings = append(dr.Findings, f)
	}
	return rows.Err()
}

func parseTime(s string) (provenance.Timestamp, error) {
	if s == "" {
		return provenance.Timestamp{}, nil
	}
	return provenance.ParseTimestamp(s)
}

// loadFindings fills the findings of rep's documents, whose paths rows
// are ids, in one pass over the findings table.
func loadFindings(ctx context.Context, tx *sql.Tx, rep *provenance.Report, ids []int64) error {
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	rows, err := tx.QueryContext(ctx, `SELECT path, evidence FROM findings ORDER BY path, ordinal`)
	if err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			path     int64
			evidence string
		)
		if err := rows.Scan(&path, &evidence); err != nil {
			return fmt.Errorf("casedb: %w", err)
		}
		i, ok := at[path]
		if !ok {
			continue
		}
		var f provenance.Finding
		if err := json.Unmarshal([]byte(evidence), &f); err != nil {
			return fmt.Errorf("casedb: %s: stored finding: %w", rep.Documents[i].Path, err)
		}
		rep.Documents[i].Findings = append(rep.Documents[i].Findings, f)
	}
	return rows.Err()
}

func loadGroups(ctx context.Context, tx *sql.Tx, rep *provenance.Report) error {
	return eachGroup(ctx, tx, func(g provenance.Group) bool {
		rep.Groups = append(rep.Groups, g)
		return true
	})
}

// eachGroup passes the case's groups to yield in order, one at a time, so
// that a reader streaming a large case holds one group's members at most;
// it stops when yield returns false.
func eachGroup(ctx context.Context, tx *sql.Tx, yield func(provenance.Group) bool) error {
	rows, err := tx.QueryContext(ctx, `SELECT g.id, g.kind, COALESCE(g.key, ''), COALESCE(g.message, ''), m.path
		FROM groups g LEFT JOIN group_members m ON m.group_id = g.id ORDER BY g.ordinal, m.ordinal`)
	if err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	defer rows.Close()
	last := int64(-1)
	var cur provenance.Group
	for rows.Next() {
		var (
			id     int64
			g      provenance.Group
			member sql.NullString
		)
		if err := rows.Scan(&id, &g.Kind, &g.Key, &g.Message, &member); err != nil {
			return fmt.Errorf("casedb: %w", err)
		}
		if id != last {
			if last >= 0 && !yield(cur) {
				return nil
			}
			cur, last = g, id
		}
		if member.Valid {
			cur.Members = append(cur.Members, member.String)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	if last >= 0 {
		yield(cur)
	}
	return nil
}
