package casedb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"os"
	"sync"
	"time"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
)

// ExtractOptions tune Run.Extract.
type ExtractOptions struct {
	// Workers is the number of files read in parallel (at least 1).
	Workers int
	// BatchSize is the number of results committed in one transaction
	// (DefaultBatchSize when 0): a crash loses at most that many, and a
	// larger batch is faster to write.
	BatchSize int
	// CommitEvery commits a batch that has taken this long even when it
	// holds fewer than BatchSize results (DefaultCommitEvery when 0), so
	// that a run of large, slow files loses little work too.
	CommitEvery time.Duration
	// Progress, when set, is called for each result in input order,
	// unchanged files included, from one goroutine.
	Progress func(r docprov.Result, unchanged bool)
}

// DefaultBatchSize is the number of results a transaction commits by
// default: large enough that commits cost little next to extraction
// (each is one write of the WAL), small enough that an interruption loses
// a few seconds of work.
const DefaultBatchSize = 256

// DefaultCommitEvery is the longest a batch waits for its commit by
// default.
const DefaultCommitEvery = 2 * time.Second

// ExtractStats count what Extract did with the files it was given.
type ExtractStats struct {
	// Walked is the number of inputs: files and the errors of the walk.
	Walked int
	// Extracted is the number of inputs read (or tried), Unchanged the
	// files left as recorded (same path, size and modification time).
	Extracted, Unchanged int
	// Unreadable is the number of inputs that gave no Record; they are
	// read again by the next run.
	Unreadable int
	// Removed is the number of files recorded earlier that this run was
	// not given: they are no longer part of the case.
	Removed int
	// Reset is set when the case had been read by another docprov
	// version or under other extraction settings (RunParams.Version,
	// Extraction): it was emptied and every file read again.
	Reset bool
}

// errUnchanged marks, in the batch, a file the case already holds as it
// is: it travels as an input error, so that it keeps its place in the
// order without being read.
var errUnchanged = errors.New("unchanged since the last run")

// errLinked marks, in the batch, a hard link to a file this run has
// already read (the same device, inode, size and modification time): it
// travels as an input error, as errUnchanged does, so that it is not read
// and hashed again; the writer gives it the rows of the file it links to.
var errLinked = errors.New("a hard link to a file read earlier in this run")

// A linkKey identifies a file with several names (inodeOf).
type linkKey struct {
	dev, ino    uint64
	size, mtime int64
}

// A linkFirst is the first name of a hard-linked file this run read: the
// writer records its files row, which the later names copy.
type linkFirst struct {
	fileID int64 // set by the writer once it has written the file
}

// maxLinks bounds the hard-linked files a run remembers (about 80 bytes
// each): past it, later links are read as any file is.
const maxLinks = 1 << 18

// fileInfo is what the input side learnt of a file, for the writer.
type fileInfo struct {
	path      string // as given (exact bytes)
	size      int64
	mtime     string
	stated    bool
	unchanged bool
	// first is set on the first name of a hard-linked file, linkOf on
	// a later name of one (errLinked).
	first, linkOf *linkFirst
}

// Extract brings the case up to date with inputs: it reads every file
// that is new or changed (size or modification time), or that could not
// be read last time, and records the others as seen without reading them.
// A case read by another docprov version or under other extraction
// settings is read again whole (ExtractStats.Reset). Results are committed every BatchSize
// results or CommitEvery, whichever comes first, as they come, so that an interrupted run (a cancelled ctx, a
// crash, kill -9) loses at most the last batch: the next run with the same
// inputs finds the files recorded and reads only the rest.
//
// A file read again whose SHA-256 is unchanged keeps its document. When
// every input has been seen, files recorded earlier and not among inputs
// leave the case, and documents left without a path with them; if
// anything changed, the case's findings, scores and groups are cleared,
// since they no longer describe its documents (Check writes them again).
//
// The case's own database files are left out of inputs, so that a case
// can live in the folder it describes.
//
// Extract returns ctx's error when it was cancelled, after committing what
// was done.
func (r *Run) Extract(ctx context.Context, fx docprov.FileExtractor, inputs iter.Seq[docprov.Input], opt ExtractOptions) (ExtractStats, error) {
	if opt.BatchSize <= 0 {
		opt.BatchSize = DefaultBatchSize
	}
	if opt.CommitEvery <= 0 {
		opt.CommitEvery = DefaultCommitEvery
	}
	w := &writer{run: r, fx: fx, opt: opt, cur: -1}
	stats, err := w.extract(ctx, fx, inputs)
	if err != nil {
		return stats, err
	}
	return stats, nil
}

// writer holds the state of one Extract: all writes happen in RunBatch's
// emit goroutine, in input order.
type writer struct {
	run   *Run
	fx    docprov.FileExtractor // for a hard link read after all (addLinked)
	opt   ExtractOptions
	stats ExtractStats

	mu    sync.Mutex
	infos map[int]fileInfo // by input index, until the writer takes it

	tx      *txStmts
	pending int
	began   time.Time // of the current transaction

	cur       int   // the input index of the file being written, -1 for none
	curID     int64 // its files row
	curParts  int
	curRecord bool // it gave at least one Record
}

func (w *writer) extract(ctx context.Context, fx docprov.FileExtractor, inputs iter.Seq[docprov.Input]) (ExtractStats, error) {
	db := w.run.db.db
	known, err := db.PrepareContext(ctx, `SELECT size, mtime, status FROM files WHERE path = ?`)
	if err != nil {
		return w.stats, fmt.Errorf("casedb: %w", err)
	}
	defer known.Close()
	w.infos = make(map[int]fileInfo)
	// links are the hard-linked files read so far, by identity: the
	// input side's alone.
	links := map[linkKey]*linkFirst{}
	var lookupErr error
	// The input side runs in RunBatch's own goroutine, ahead of the
	// writer by at most a few files: it stats each file and asks the
	// case whether it holds it as it is.
	marked := func(yield func(docprov.Input) bool) {
		i := 0
		for in := range inputs {
			if w.run.db.isOwnFile(in.Path) {
				continue
			}
			info := fileInfo{path: in.Path}
			if in.Err == nil {
				if st, err := os.Stat(in.Path); err == nil {
					info.stated = true
					info.size = st.Size()
					info.mtime = st.ModTime().UTC().Format(time.RFC3339Nano)
					var size sql.NullInt64
					var mtime, status sql.NullString
					err := known.QueryRowContext(ctx, docprov.EscapePath(in.Path)).Scan(&size, &mtime, &status)
					switch {
					case errors.Is(err, sql.ErrNoRows):
					case err != nil:
						lookupErr = err
						return
					default:
						info.unchanged = status.String == statusExtracted && size.Valid && size.Int64 == info.size &&
							mtime.String == info.mtime
					}
					if key, ok := inodeOf(st); ok && !info.unchanged {
						if first := links[key]; first != nil {
							info.linkOf = first
						} else if len(links) < maxLinks {
							info.first = &linkFirst{}
							links[key] = info.first
						}
					}
				}
			}
			if info.unchanged {
				in.Err = errUnchanged
			} else if info.linkOf != nil {
				in.Err = errLinked
			}
			w.mu.Lock()
			w.infos[i] = info
			w.mu.Unlock()
			i++
			if !yield(in) {
				return
			}
		}
	}
	// The writes themselves ignore the cancellation: SQLite answers an
	// interrupted INSERT inside a transaction by rolling the whole
	// transaction back, which would lose the batch. The batch stops
	// between results instead.
	wctx := context.WithoutCancel(ctx)
	// The reset commits before the input side asks what the case holds:
	// it reads committed rows only.
	if err := w.begin(wctx); err != nil {
		return w.stats, err
	}
	if err := w.resetIfReadOtherwise(wctx); err != nil {
		w.tx.rollback()
		return w.stats, err
	}
	if err := w.flush(); err != nil {
		return w.stats, err
	}
	if err := w.begin(wctx); err != nil {
		return w.stats, err
	}
	batchErr := docprov.RunBatch(ctx, fx, marked, max(w.opt.Workers, 1), func(res docprov.Result) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return w.add(wctx, res)
	})
	if batchErr == nil {
		batchErr = lookupErr
	}
	if batchErr != nil {
		// Keep what was done; the file being written stays "partial"
		// (its later parts may be missing), so the next run reads it
		// again.
		if err := w.flush(); err != nil {
			return w.stats, errors.Join(batchErr, err)
		}
		w.recordStats(context.WithoutCancel(ctx))
		return w.stats, batchErr
	}
	if err := w.endFile(wctx); err != nil {
		w.tx.rollback()
		return w.stats, err
	}
	if err := w.finish(wctx); err != nil {
		w.tx.rollback()
		return w.stats, err
	}
	if err := w.tx.commit(); err != nil {
		return w.stats, fmt.Errorf("casedb: %w", err)
	}
	return w.stats, w.recordStats(ctx)
}

const (
	statusPartial    = "partial"
	statusExtracted  = "extracted"
	statusUnreadable = "unreadable"
)

func (w *writer) begin(ctx context.Context) error {
	// ctx is never cancelled here (see extract): database/sql rolls a
	// transaction back when its context is, and what was written before
	// an interruption is exactly what must be kept.
	tx, err := w.run.db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	w.tx = &txStmts{tx: tx}
	w.pending, w.began = 0, time.Now()
	return nil
}

// flush commits the current transaction.
func (w *writer) flush() error {
	if err := w.tx.commit(); err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	return nil
}

// resetIfReadOtherwise empties the case when some of its files were read
// by another docprov version or under other extraction settings: their
// Records may say less (or other things) than this run's would, so every
// file is read again, and a document must not keep the fields of the old
// reading while its paths get the new.
func (w *writer) resetIfReadOtherwise(ctx context.Context) error {
	row, err := w.tx.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM files f JOIN params p ON p.run = f.run
		WHERE p.extraction IS NOT ? OR p.docprov_version IS NOT ?)`, w.run.params.Extraction, w.run.params.Version)
	if err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	var other bool
	if err := row.Scan(&other); err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	if !other {
		return nil
	}
	w.stats.Reset = true
	for _, q := range []string{`DELETE FROM files`, `DELETE FROM documents`} {
		if _, err := w.tx.exec(ctx, q); err != nil {
			return fmt.Errorf("casedb: %w", err)
		}
	}
	return clearResults(ctx, w.tx)
}

func (w *writer) take(i int) fileInfo {
	w.mu.Lock()
	defer w.mu.Unlock()
	info := w.infos[i]
	delete(w.infos, i)
	return info
}

func (w *writer) add(ctx context.Context, res docprov.Result) error {
	if errors.Is(res.Err, errLinked) {
		return w.addLinked(ctx, res)
	}
	unchanged := errors.Is(res.Err, errUnchanged)
	if res.Index != w.cur {
		if err := w.endFile(ctx); err != nil {
			return err
		}
		info := w.take(res.Index)
		w.stats.Walked++
		if unchanged {
			w.stats.Unchanged++
			if _, err := w.tx.exec(ctx, `UPDATE files SET seq = ?, run = ? WHERE path = ?`, res.Index, w.run.id, docprov.EscapePath(info.path)); err != nil {
				return fmt.Errorf("casedb: %w", err)
			}
		} else {
			if err := w.startFile(ctx, res.Index, info); err != nil {
				return err
			}
		}
	}
	if w.opt.Progress != nil {
		w.opt.Progress(res, unchanged)
	}
	if !unchanged {
		if err := w.addResult(ctx, res); err != nil {
			return err
		}
	}
	return w.added(ctx)
}

// added counts a result written, and commits the batch when it is full
// or old enough.
func (w *writer) added(ctx context.Context) error {
	w.pending++
	if w.pending >= w.opt.BatchSize || time.Since(w.began) >= w.opt.CommitEvery {
		if err := w.flush(); err != nil {
			return err
		}
		return w.begin(ctx)
	}
	return nil
}

// addLinked writes a hard link to a file read earlier in this run
// (errLinked) without reading it: its paths row is the earlier name's,
// under its own path, since the same bytes give the same Record. Only a
// file that gave one Record is copied so; a container's documents, or a
// file that could not be read, are read again under the new name, here.
func (w *writer) addLinked(ctx context.Context, res docprov.Result) error {
	w.mu.Lock()
	info := w.infos[res.Index]
	w.mu.Unlock()
	var (
		document int64
		record   sql.NullString
		ok       bool
	)
	if info.linkOf.fileID != 0 {
		row, err := w.tx.queryRow(ctx, `SELECT p.document, p.record FROM files f JOIN paths p ON p.file = f.id AND p.path = f.path
			WHERE f.id = ? AND f.status = ? AND (SELECT count(*) FROM paths q WHERE q.file = f.id) = 1`, info.linkOf.fileID, statusExtracted)
		if err != nil {
			return fmt.Errorf("casedb: %w", err)
		}
		switch err := row.Scan(&document, &record); {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("casedb: %w", err)
		default:
			ok = true
		}
	}
	if !ok {
		return w.extractNow(ctx, res.Index, info.path)
	}
	if err := w.endFile(ctx); err != nil {
		return err
	}
	w.take(res.Index)
	w.stats.Walked++
	if err := w.startFile(ctx, res.Index, info); err != nil {
		return err
	}
	if w.opt.Progress != nil {
		w.opt.Progress(docprov.Result{Index: res.Index, Path: res.Path}, false)
	}
	path, pathBytes := printable(info.path)
	var own any
	if record.Valid {
		// The earlier name's own Record (it differs from its
		// document's): this name's is the same under this path.
		var rec provenance.Record
		if err := json.Unmarshal([]byte(record.String), &rec); err != nil {
			return fmt.Errorf("casedb: %s: stored record: %w", path, err)
		}
		rec.Path, rec.PathBytes = path, pathBytes
		b, err := json.Marshal(&rec)
		if err != nil {
			return err
		}
		own = string(b)
	}
	if _, err := w.tx.exec(ctx, `INSERT INTO paths (document, file, part, path, path_bytes, record) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (path) DO UPDATE SET document = excluded.document, file = excluded.file, part = excluded.part,
			path_bytes = excluded.path_bytes, record = excluded.record, score = NULL, rank = NULL`,
		document, w.curID, 0, path, nullBytes(pathBytes), own); err != nil {
		return fmt.Errorf("casedb: %s: %w", path, err)
	}
	w.curParts++
	w.curRecord = true
	return w.added(ctx)
}

// extractNow reads the file at input index i here, in the writer, as
// RunBatch's workers would have, and writes its results.
func (w *writer) extractNow(ctx context.Context, i int, path string) error {
	var sendErr error
	send := func(r docprov.Result) error {
		r.Index = i
		if err := w.add(ctx, r); err != nil {
			sendErr = err
			return err
		}
		return nil
	}
	if ee, ok := w.fx.(docprov.EachExtractor); ok {
		n := 0
		err := ee.ExtractEach(ctx, path, func(r docprov.Result) error { n++; return send(r) })
		if sendErr != nil {
			return sendErr
		}
		if n == 0 {
			if err == nil {
				err = fmt.Errorf("%s: no documents", path)
			}
			return send(docprov.Result{Path: path, Err: err})
		}
		return nil
	}
	rec, err := w.fx.ExtractFile(ctx, path)
	return send(docprov.Result{Path: path, Record: rec, Err: err})
}

// startFile replaces the files row of the file at input index i: its
// earlier paths (another version of the file, or the parts of an
// interrupted run) go with it, their documents staying until finish sees
// whether a path still needs them.
func (w *writer) startFile(ctx context.Context, i int, info fileInfo) error {
	path, raw := printable(info.path)
	if _, err := w.tx.exec(ctx, `DELETE FROM files WHERE path = ?`, path); err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	var size, mtime any
	if info.stated {
		size, mtime = info.size, info.mtime
	}
	row, err := w.tx.queryRow(ctx, `INSERT INTO files (path, path_bytes, size, mtime, status, seq, run) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		path, raw, size, mtime, statusPartial, i, w.run.id)
	if err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	if err := row.Scan(&w.curID); err != nil {
		return fmt.Errorf("casedb: recording %s: %w", path, err)
	}
	w.cur, w.curParts, w.curRecord = i, 0, false
	w.stats.Extracted++
	if info.first != nil {
		info.first.fileID = w.curID
	}
	return nil
}

// endFile marks the file being written as complete: every result of it
// has been written.
func (w *writer) endFile(ctx context.Context) error {
	if w.cur < 0 {
		return nil
	}
	status := statusExtracted
	if !w.curRecord {
		status = statusUnreadable
		w.stats.Unreadable++
	}
	if _, err := w.tx.exec(ctx, `UPDATE files SET status = ? WHERE id = ?`, status, w.curID); err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	w.cur = -1
	return nil
}

func (w *writer) addResult(ctx context.Context, res docprov.Result) error {
	var (
		docID     int64
		path      string
		pathBytes []byte
		own       any // the path's own Record, when it differs from its document's
		err       error
	)
	if res.Err != nil {
		path, pathBytes = printable(res.Path)
		row, qerr := w.tx.queryRow(ctx, `INSERT INTO documents (error) VALUES (?) RETURNING id`, docprov.EscapePath(res.Err.Error()))
		if qerr != nil {
			return fmt.Errorf("casedb: %w", qerr)
		}
		err = row.Scan(&docID)
	} else {
		rec := res.Record
		path, pathBytes = rec.Path, rec.PathBytes
		w.curRecord = true
		docID, own, err = w.document(ctx, rec)
	}
	if err != nil {
		return fmt.Errorf("casedb: %s: %w", path, err)
	}
	_, err = w.tx.exec(ctx, `INSERT INTO paths (document, file, part, path, path_bytes, record) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (path) DO UPDATE SET document = excluded.document, file = excluded.file, part = excluded.part,
			path_bytes = excluded.path_bytes, record = excluded.record, score = NULL, rank = NULL`,
		docID, w.curID, w.curParts, path, nullBytes(pathBytes), own)
	if err != nil {
		return fmt.Errorf("casedb: %s: %w", path, err)
	}
	w.curParts++
	return nil
}

// document returns the documents row of rec, inserting it when the case
// has no document of its SHA-256. An identical copy shares its original's
// row; own is then rec's JSON if rec says more than its path differently
// (an attachment named otherwise, another parent message), else nil.
func (w *writer) document(ctx context.Context, rec *provenance.Record) (id int64, own any, err error) {
	if rec.SHA256 != "" {
		row, err := w.tx.queryRow(ctx, `SELECT id, record FROM documents WHERE sha256 = ?`, rec.SHA256)
		if err != nil {
			return 0, nil, err
		}
		var stored string
		switch err := row.Scan(&id, &stored); {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return 0, nil, err
		default:
			same, err := samePathless(rec, stored)
			if err != nil {
				return 0, nil, err
			}
			if same {
				return id, nil, nil
			}
			b, err := json.Marshal(rec)
			if err != nil {
				return 0, nil, err
			}
			return id, string(b), nil
		}
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return 0, nil, err
	}
	var authors any
	if len(rec.Authors) > 0 {
		a, err := json.Marshal(rec.Authors)
		if err != nil {
			return 0, nil, err
		}
		authors = string(a)
	}
	row, err := w.tx.queryRow(ctx, `INSERT INTO documents (sha256, format, mime, size, title, authors, last_modified_by, company,
			created, created_utc, modified, modified_utc, record)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		nullString(rec.SHA256), nullString(rec.Format), nullString(rec.MIME), rec.Size, nullString(rec.Title), authors,
		nullString(rec.LastModifiedBy), nullString(rec.Company),
		timeText(rec.Created), utcText(rec.Created), timeText(rec.Modified), utcText(rec.Modified), string(b))
	if err != nil {
		return 0, nil, err
	}
	if err := row.Scan(&id); err != nil {
		return 0, nil, err
	}
	for _, k := range rec.Fields.Keys() {
		if _, err := w.tx.exec(ctx, `INSERT INTO fields (document, key, value) VALUES (?, ?, ?)`, id, k, rec.Fields[k]); err != nil {
			return 0, nil, err
		}
	}
	for i, s := range rec.Software {
		if _, err := w.tx.exec(ctx, `INSERT INTO software (document, ordinal, role, name, version, platform, raw, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			id, i, string(s.Role), nullString(s.Name), nullString(s.Version), nullString(s.Platform), s.Raw, nullString(s.Source)); err != nil {
			return 0, nil, err
		}
	}
	for i, x := range rec.IDs {
		if _, err := w.tx.exec(ctx, `INSERT INTO identifiers (document, ordinal, kind, value, source) VALUES (?, ?, ?, ?, ?)`,
			id, i, x.Kind, x.Value, nullString(x.Source)); err != nil {
			return 0, nil, err
		}
	}
	return id, nil, nil
}

// samePathless reports whether rec and the stored Record say the same
// apart from their paths.
func samePathless(rec *provenance.Record, stored string) (bool, error) {
	var old provenance.Record
	if err := json.Unmarshal([]byte(stored), &old); err != nil {
		return false, fmt.Errorf("stored record: %w", err)
	}
	old.Path, old.PathBytes = "", nil
	a, err := json.Marshal(&old)
	if err != nil {
		return false, err
	}
	cp := *rec
	cp.Path, cp.PathBytes = "", nil
	b, err := json.Marshal(&cp)
	if err != nil {
		return false, err
	}
	return string(a) == string(b), nil
}

// finish ends a run that saw every input: files it was not given leave the
// case, then documents no path needs; if anything changed, findings,
// scores and groups go too.
func (w *writer) finish(ctx context.Context) error {
	res, err := w.tx.exec(ctx, `DELETE FROM files WHERE run <> ?`, w.run.id)
	if err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	removed, err := res.RowsAffected()
	if err != nil {
		return err
	}
	w.stats.Removed = int(removed)
	if _, err := w.tx.exec(ctx, `DELETE FROM documents WHERE NOT EXISTS (SELECT 1 FROM paths WHERE paths.document = documents.id)`); err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	if w.stats.Extracted > 0 || w.stats.Removed > 0 {
		if err := clearResults(ctx, w.tx); err != nil {
			return err
		}
	}
	return nil
}

// clearResults removes what a scan wrote: findings, groups, scores, ranks
// and the baseline summary.
func clearResults(ctx context.Context, tx *txStmts) error {
	for _, q := range []string{
		`DELETE FROM findings`,
		`DELETE FROM groups`,
		`DELETE FROM baseline`,
		`DELETE FROM baseline_features`,
		`DELETE FROM features`,
		`UPDATE paths SET score = NULL, rank = NULL WHERE rank IS NOT NULL OR score IS NOT NULL`,
		`UPDATE documents SET score = NULL WHERE score IS NOT NULL`,
	} {
		if _, err := tx.exec(ctx, q); err != nil {
			return fmt.Errorf("casedb: %w", err)
		}
	}
	return nil
}

func (w *writer) recordStats(ctx context.Context) error {
	s := w.stats
	_, err := w.run.db.db.ExecContext(ctx, `UPDATE params SET files_walked = ?, files_extracted = ?, files_unchanged = ?, files_removed = ? WHERE run = ?`,
		s.Walked, s.Extracted, s.Unchanged, s.Removed, w.run.id)
	if err != nil {
		return fmt.Errorf("casedb: %w", err)
	}
	return nil
}

// printable is a path's printable form, with its exact bytes when they
// differ (see docprov.EscapePath).
func printable(p string) (string, []byte) {
	e := docprov.EscapePath(p)
	if e == p {
		return p, nil
	}
	return e, []byte(p)
}

func nullBytes(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// timeText is a claimed time as the Record writes it: with the file's own
// offset, or without one when the file recorded none.
func timeText(t provenance.Timestamp) any {
	if t.IsZero() {
		return nil
	}
	return t.String()
}

// utcText is a claimed time in UTC, for ordering across offsets; NULL when
// the file recorded no offset, since its UTC time is then unknown.
func utcText(t provenance.Timestamp) any {
	if t.IsZero() || !t.HasOffset {
		return nil
	}
	return t.Time.UTC().Format(time.RFC3339Nano)
}
