package casedb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// RunParams describe a run of docprov over a case, recorded in the params
// table.
type RunParams struct {
	// Command is what ran: "extract" or "scan".
	Command string
	// Version is docprov's version (from its build information).
	Version string
	// Extraction names the extractor's settings that change what a file
	// yields ("compare-thumbnails=true"). A case read under other
	// settings, or by another Version, is read again whole.
	Extraction string
	// Roots are the paths the run was given.
	Roots []string
	// AsOf is the leak date the checks used; zero when none.
	AsOf time.Time
	// Self is set when the questioned documents are their own baseline.
	Self bool
	// Baseline is the baseline the checks compared with: a file or a
	// folder; "" for none or for Self.
	Baseline string
}

// A Run is one run of docprov over a case: Begin records it, Extract
// brings the case's documents up to date with the files, Check replaces
// its findings, and End records how it ended.
type Run struct {
	db     *DB
	id     int64
	params RunParams
	ended  bool
}

// Begin records the start of a run in the params table. The row is
// committed at once, so that a run that is killed still shows in the case,
// with status "running".
func (d *DB) Begin(ctx context.Context, p RunParams) (*Run, error) {
	roots, err := json.Marshal(p.Roots)
	if err != nil {
		return nil, err
	}
	res, err := d.db.ExecContext(ctx, `INSERT INTO params (command, docprov_version, extraction, roots, as_of, self, baseline, started, status)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running')`,
		p.Command, p.Version, p.Extraction, string(roots), dateOrNull(p.AsOf), p.Self, nullString(p.Baseline), now())
	if err != nil {
		return nil, fmt.Errorf("casedb: recording the run: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	return &Run{db: d, id: id, params: p}, nil
}

// ID is the run's number, its row in params.
func (r *Run) ID() int64 { return r.id }

// End records how the run ended: "complete" when err is nil,
// "interrupted" when it is a cancellation, "failed" otherwise. It returns
// the error of writing that, not err.
func (r *Run) End(ctx context.Context, err error) error {
	if r.ended {
		return nil
	}
	r.ended = true
	status := "complete"
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded),
		// database/sql rolls a transaction back when its context is
		// cancelled, and the statement in flight may then fail as closed
		// rather than with the context's error.
		err != nil && ctx.Err() != nil:
		status = "interrupted"
	case err != nil:
		status = "failed"
	}
	// The run's own context may be the one cancelled: the status must
	// still be written.
	ctx = context.WithoutCancel(ctx)
	_, werr := r.db.db.ExecContext(ctx, `UPDATE params SET finished = ?, status = ?, documents = (SELECT count(*) FROM documents) WHERE run = ?`,
		now(), status, r.id)
	if werr != nil {
		return fmt.Errorf("casedb: recording the end of the run: %w", werr)
	}
	return nil
}

// Runs returns the params rows of the case, oldest first.
func (d *DB) Runs(ctx context.Context) ([]RunInfo, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT run, command, status, files_walked, files_extracted, files_unchanged, files_removed FROM params ORDER BY run`)
	if err != nil {
		return nil, fmt.Errorf("casedb: %w", err)
	}
	defer rows.Close()
	var out []RunInfo
	for rows.Next() {
		var ri RunInfo
		if err := rows.Scan(&ri.Run, &ri.Command, &ri.Status, &ri.Walked, &ri.Extracted, &ri.Unchanged, &ri.Removed); err != nil {
			return nil, fmt.Errorf("casedb: %w", err)
		}
		out = append(out, ri)
	}
	return out, rows.Err()
}

// RunInfo is one row of params, as Runs returns it.
type RunInfo struct {
	Run                                   int64
	Command, Status                       string
	Walked, Extracted, Unchanged, Removed int
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

func dateOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format("2006-01-02")
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// txStmts prepares each statement once per transaction: the inserts of a
// batch of thousands of rows then parse their SQL once.
type txStmts struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func (t *txStmts) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.prepare(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (t *txStmts) queryRow(ctx context.Context, query string, args ...any) (*sql.Row, error) {
	st, err := t.prepare(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryRowContext(ctx, args...), nil
}

func (t *txStmts) prepare(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("preparing %q: %w", strings.Fields(query)[0], err)
	}
	if t.stmts == nil {
		t.stmts = make(map[string]*sql.Stmt)
	}
	t.stmts[query] = st
	return st, nil
}

// commit commits the transaction; its statements close with it.
func (t *txStmts) commit() error {
	t.stmts = nil
	return t.tx.Commit()
}

func (t *txStmts) rollback() {
	t.stmts = nil
	t.tx.Rollback()
}
