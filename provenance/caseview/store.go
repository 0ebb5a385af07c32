package caseview

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/docprov/docprov/provenance"
	"github.com/docprov/docprov/provenance/casedb"
)

// A Store answers the view's questions from a case database. It only
// reads: open the case with casedb.OpenReadOnly. Its methods may be
// called from several goroutines.
type Store struct {
	db *sql.DB

	// hasFeatures is false for a case scanned before the features table
	// existed: its facets are then empty, and the view says so.
	hasFeatures bool

	mu          sync.Mutex
	matchCounts map[string]int // Docs' counts by query

	caseMu   sync.Mutex
	cased    *Case     // Case, once computed
	timeline *Timeline // Timeline, once read

	familiesOnce sync.Once
	families     []Family
	familyOf     map[int64]int // paths.id → index in families
	familiesErr  error
}

// NewStore returns a Store over the case. It fails with
// casedb.ErrNotScanned for a case without the results of a scan.
func NewStore(ctx context.Context, c *casedb.DB) (*Store, error) {
	s := &Store{db: c.SQL(), matchCounts: map[string]int{}}
	var unranked, scanned int
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM paths WHERE rank IS NULL), (SELECT count(*) FROM baseline)`).Scan(&unranked, &scanned)
	if err != nil {
		return nil, fmt.Errorf("caseview: %w", err)
	}
	if unranked > 0 || scanned == 0 {
		return nil, fmt.Errorf("caseview: %w (%d of its paths unranked): run docprov scan over it", casedb.ErrNotScanned, unranked)
	}
	err = s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM features)`).Scan(&s.hasFeatures)
	if err != nil {
		// A case from before the features table: no facets, the rest works.
		s.hasFeatures = false
	}
	return s, nil
}

// Case is what the view shows first: what the case is, how many documents
// it ranks, the facets and the timeline.
type Case struct {
	// Paths counts the case's document paths (the rows of the list),
	// Ranked those with findings, Unreadable the files that could not
	// be read.
	Paths      int `json:"paths"`
	Ranked     int `json:"ranked"`
	Unreadable int `json:"unreadable"`
	// Baseline is the baseline the scan compared with.
	Baseline BaselineInfo `json:"baseline"`
	AsOf     string       `json:"as_of,omitempty"`
	Roots    []string     `json:"roots,omitempty"`
	Scanned  string       `json:"scanned,omitempty"` // when the last run finished, UTC
	Version  string       `json:"docprov_version,omitempty"`
	// Checks lists the checks that found something, with their counts of
	// paths.
	Checks []Count `json:"checks"`
	// Facets holds, per feature, the values of the questioned documents
	// with their counts beside the baseline's.
	Facets []Facet `json:"facets"`
	// FacetsMissing is set for a case scanned before docprov kept its
	// features: scanning it again fills the facets.
	FacetsMissing bool `json:"facets_missing,omitempty"`
	// Timeline is set in the self-contained page's Case; the server
	// answers it apart (Store.Timeline), so that the list can show before
	// 100,000 documents' dates have arrived.
	Timeline *Timeline `json:"timeline,omitempty"`
}

// BaselineInfo is the case's baseline row.
type BaselineInfo struct {
	Kind   string `json:"kind"`
	Source string `json:"source,omitempty"`
	Docs   int    `json:"docs"`
}

// A Count is a value and how many questioned paths show it.
type Count struct {
	Value string `json:"value"`
	N     int    `json:"n"`
}

// A Facet is one feature ("author", "software.producer") with its values.
type Facet struct {
	Feature string       `json:"feature"`
	Values  []FacetValue `json:"values"`
	// More counts the values left out (FacetLimit).
	More int `json:"more,omitempty"`
}

// A FacetValue counts the questioned documents showing a value and the
// baseline documents showing it: Baseline 0 is "never seen in the
// baseline".
type FacetValue struct {
	Value    string `json:"value"`
	N        int    `json:"n"`
	Baseline int    `json:"baseline"`
}

// FacetLimit is how many values a facet lists, the most frequent first,
// then those never seen in the baseline: a leak of 100,000 documents has
// thousands of authors, and a list longer than this is read by filtering,
// not by scrolling.
const FacetLimit = 60

// Timeline has one entry per path, in rank order: its created and
// modified claims as Unix seconds (UTC; a claim without offset read as
// UTC), 0 for none, and its score. It is columnar (one array per column)
// so that 100,000 paths cost a few bytes each in JSON.
type Timeline struct {
	IDs      []int64   `json:"ids"`
	Created  []int64   `json:"created"`
	Modified []int64   `json:"modified"`
	Scores   []float64 `json:"scores"`
}

// A Row is one path of the ranked list.
type Row struct {
	ID       int64    `json:"id"` // paths.id: the document page's address
	Rank     int      `json:"rank"`
	Path     string   `json:"path"`
	Score    float64  `json:"score"`
	Format   string   `json:"format,omitempty"`
	Title    string   `json:"title,omitempty"`
	Authors  []string `json:"authors,omitempty"`
	Editor   string   `json:"last_modified_by,omitempty"`
	Company  string   `json:"company,omitempty"`
	Created  string   `json:"created,omitempty"`  // as claimed, RFC 3339
	Modified string   `json:"modified,omitempty"` // as claimed
	// CreatedUnix and ModifiedUnix are the claims in Unix seconds, 0 for
	// none.
	CreatedUnix  int64    `json:"created_unix,omitempty"`
	ModifiedUnix int64    `json:"modified_unix,omitempty"`
	Checks       []string `json:"checks,omitempty"` // the checks of its findings, strongest first
	Error        string   `json:"error,omitempty"`
}

// A Page is one page of the filtered list.
type Page struct {
	Total  int   `json:"total"` // rows matching the query
	Offset int   `json:"offset"`
	Rows   []Row `json:"rows"`
}

// A Query filters the ranked list. The zero Query is every path, in rank
// order. The view writes it in its URL with the same names as Values.
type Query struct {
	Text     string          // q: a substring of path, title, authors, last editor or company (case-insensitive for ASCII)
	MinScore float64         // min: paths scoring at least this
	Check    []string        // check: paths with a finding of every one of these checks
	Features []FeatureFilter // f=name:value: documents showing every one of these features
	From, To int64           // from, to: a claimed created or modified time within [From, To] (Unix seconds); 0 leaves an end open
	NoDate   bool            // nodate=1: paths whose document claims neither time
	Offset   int             // offset
	Limit    int             // limit: at most MaxLimit, DefaultLimit when 0
}

// A FeatureFilter is one feature value a document must show.
type FeatureFilter struct{ Name, Value string }

// DefaultLimit and MaxLimit bound a page of the list.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// ParseQuery reads a Query from URL query values (q, min, check, f, from,
// to, nodate, offset, limit), the form the view writes.
func ParseQuery(v url.Values) (Query, error) {
	q := Query{Text: strings.TrimSpace(v.Get("q")), Check: v["check"]}
	var err error
	num := func(name string) int64 {
		s := v.Get(name)
		if s == "" || err != nil {
			return 0
		}
		n, e := strconv.ParseInt(s, 10, 64)
		if e != nil {
			err = fmt.Errorf("caseview: %s: want an integer: %w", name, e)
		}
		return n
	}
	if s := v.Get("min"); s != "" {
		if q.MinScore, err = strconv.ParseFloat(s, 64); err != nil {
			return q, fmt.Errorf("caseview: min: want a number: %w", err)
		}
	}
	for _, f := range v["f"] {
		name, value, ok := strings.Cut(f, ":")
		if !ok || name == "" {
			return q, fmt.Errorf("caseview: f=%q: want feature:value", f)
		}
		q.Features = append(q.Features, FeatureFilter{name, value})
	}
	q.From, q.To = num("from"), num("to")
	q.NoDate = v.Get("nodate") == "1"
	q.Offset, q.Limit = int(num("offset")), int(num("limit"))
	if err != nil {
		return q, err
	}
	if q.Offset < 0 || q.Limit < 0 {
		return q, errors.New("caseview: offset and limit must not be negative")
	}
	return q, nil
}

// claimTimes are the SQL expressions of a document's claimed times in
// Unix seconds: SQLite reads the RFC 3339 offset, and a time without one
// as UTC.
const (
	createdUnix  = `COALESCE(unixepoch(d.created), 0)`
	modifiedUnix = `COALESCE(unixepoch(d.modified), 0)`
)

// where is the WHERE clause of q over paths p joined with documents d.
// A check is tested in the form SQLite runs fastest for the statement:
// counting, as a set built once from the findings' index (IN); choosing a
// page in rank order, row by row (EXISTS), which stops at the page's end
// instead of sorting every match (1 ms against 0.4 s at 100,000 paths).
func (q Query) where(counting bool) (string, []any) {
	var (
		conds []string
		args  []any
	)
	if q.Text != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q.Text) + "%"
		conds = append(conds, `(p.path LIKE ?1 ESCAPE '\' OR d.title LIKE ?1 ESCAPE '\' OR d.authors LIKE ?1 ESCAPE '\' OR d.last_modified_by LIKE ?1 ESCAPE '\' OR d.company LIKE ?1 ESCAPE '\')`)
		args = append(args, like)
	}
	n := func() string { return "?" + strconv.Itoa(len(args)) }
	if q.MinScore != 0 {
		args = append(args, q.MinScore)
		conds = append(conds, `COALESCE(p.score, 0) >= `+n())
	}
	for _, c := range q.Check {
		args = append(args, c)
		if counting {
			conds = append(conds, `p.id IN (SELECT path FROM findings WHERE check_name = `+n()+`)`)
		} else {
			conds = append(conds, `EXISTS (SELECT 1 FROM findings f WHERE f.path = p.id AND f.check_name = `+n()+`)`)
		}
	}
	for _, f := range q.Features {
		args = append(args, f.Name)
		a := n()
		args = append(args, f.Value)
		conds = append(conds, `p.document IN (SELECT document FROM features WHERE feature = `+a+` AND value = `+n()+`)`)
	}
	if q.From != 0 || q.To != 0 {
		to := q.To
		if to == 0 {
			to = 1 << 62
		}
		args = append(args, q.From)
		a := n()
		args = append(args, to)
		b := n()
		// unixepoch of a missing claim is NULL, which no range holds.
		conds = append(conds, `(unixepoch(d.created) BETWEEN `+a+` AND `+b+` OR unixepoch(d.modified) BETWEEN `+a+` AND `+b+`)`)
	}
	if q.NoDate {
		conds = append(conds, `COALESCE(d.error, '') = '' AND unixepoch(d.created) IS NULL AND unixepoch(d.modified) IS NULL`)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

const rowColumns = `p.id, COALESCE(p.rank, 0), p.path, COALESCE(p.score, 0), COALESCE(d.format, ''), COALESCE(d.title, ''),
	COALESCE(d.authors, ''), COALESCE(d.last_modified_by, ''), COALESCE(d.company, ''), COALESCE(d.created, ''), COALESCE(d.modified, ''),
	` + createdUnix + `, ` + modifiedUnix + `, COALESCE(d.error, ''),
	COALESCE((SELECT group_concat(check_name, ' ') FROM (SELECT DISTINCT check_name FROM findings f WHERE f.path = p.id ORDER BY f.ordinal)), '')`

func scanRow(rows *sql.Rows) (Row, error) {
	var (
		r               Row
		authors, checks string
	)
	if err := rows.Scan(&r.ID, &r.Rank, &r.Path, &r.Score, &r.Format, &r.Title, &authors, &r.Editor, &r.Company, &r.Created, &r.Modified,
		&r.CreatedUnix, &r.ModifiedUnix, &r.Error, &checks); err != nil {
		return r, fmt.Errorf("caseview: %w", err)
	}
	if authors != "" {
		if err := json.Unmarshal([]byte(authors), &r.Authors); err != nil {
			return r, fmt.Errorf("caseview: %s: authors: %w", r.Path, err)
		}
	}
	r.Checks = strings.Fields(checks)
	return r, nil
}

// Docs returns one page of the paths q matches, in rank order.
//
// The page's rows are chosen by id first and read whole after, so that a
// page deep in the list costs the skipped rows' ids, not their columns;
// the number of matches is counted once per query (the case does not
// change while it is viewed), so paging through one filter counts once.
func (s *Store) Docs(ctx context.Context, q Query) (*Page, error) {
	limit := q.Limit
	switch {
	case limit == 0:
		limit = DefaultLimit
	case limit > MaxLimit:
		limit = MaxLimit
	}
	page := &Page{Offset: q.Offset, Rows: []Row{}}
	total, err := s.count(ctx, q)
	if err != nil {
		return nil, err
	}
	page.Total = total
	where, args := q.where(false)
	rows, err := s.db.QueryContext(ctx, `SELECT `+rowColumns+` FROM (
			SELECT p.id FROM paths p JOIN documents d ON d.id = p.document`+where+
		fmt.Sprintf(` ORDER BY p.rank LIMIT %d OFFSET %d`, limit, q.Offset)+`
		) sel JOIN paths p ON p.id = sel.id JOIN documents d ON d.id = p.document ORDER BY p.rank`, args...)
	if err != nil {
		return nil, fmt.Errorf("caseview: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return nil, err
		}
		page.Rows = append(page.Rows, r)
	}
	return page, rows.Err()
}

// maxCounts bounds the cache of counts: a reader clicking through filters
// for a day makes a few hundred.
const maxCounts = 4096

// count returns the number of paths q matches, cached.
func (s *Store) count(ctx context.Context, q Query) (int, error) {
	where, args := q.where(true)
	// %#v: every argument with its type and value (%q would print an
	// integer as a character, one for many).
	key := fmt.Sprintf("%s %#v", where, args)
	s.mu.Lock()
	n, ok := s.matchCounts[key]
	s.mu.Unlock()
	if ok {
		return n, nil
	}
	query := `SELECT count(*) FROM paths p JOIN documents d ON d.id = p.document` + where
	if where == "" {
		query = `SELECT count(*) FROM paths`
	}
	if err := s.db.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("caseview: counting: %w", err)
	}
	s.mu.Lock()
	if len(s.matchCounts) >= maxCounts {
		clear(s.matchCounts)
	}
	s.matchCounts[key] = n
	s.mu.Unlock()
	return n, nil
}

// Case returns the case's summary and facets. It is computed once: the
// case does not change while it is viewed (Warm computes it ahead).
func (s *Store) Case(ctx context.Context) (*Case, error) {
	s.caseMu.Lock()
	defer s.caseMu.Unlock()
	if s.cased != nil {
		c := *s.cased
		return &c, nil
	}
	c, err := s.readCase(ctx)
	if err != nil {
		return nil, err
	}
	s.cased = c
	cp := *c
	return &cp, nil
}

// Warm computes what the first screen asks for (Case, Timeline, Families), so that
// a server started on a large case answers its first page at once. It
// returns the first error.
func (s *Store) Warm(ctx context.Context) error {
	if _, err := s.Case(ctx); err != nil {
		return err
	}
	if _, err := s.Timeline(ctx); err != nil {
		return err
	}
	_, err := s.Families(ctx)
	return err
}

func (s *Store) readCase(ctx context.Context) (*Case, error) {
	c := &Case{Checks: []Count{}, Facets: []Facet{}, FacetsMissing: !s.hasFeatures}
	var source, asOf, roots, finished, version sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT b.kind, b.source, b.docs FROM baseline b`).Scan(&c.Baseline.Kind, &source, &c.Baseline.Docs)
	if err != nil {
		return nil, fmt.Errorf("caseview: baseline: %w", err)
	}
	c.Baseline.Source = source.String
	err = s.db.QueryRowContext(ctx, `SELECT as_of, roots, finished, docprov_version FROM params WHERE command = 'scan' ORDER BY run DESC LIMIT 1`).Scan(&asOf, &roots, &finished, &version)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("caseview: params: %w", err)
	}
	c.AsOf, c.Scanned, c.Version = asOf.String, finished.String, version.String
	if roots.String != "" {
		_ = json.Unmarshal([]byte(roots.String), &c.Roots) // display only
	}
	err = s.db.QueryRowContext(ctx, `SELECT count(*),
			count(*) FILTER (WHERE COALESCE(d.error, '') <> ''),
			count(*) FILTER (WHERE COALESCE(d.error, '') = '' AND EXISTS (SELECT 1 FROM findings f WHERE f.path = p.id))
		FROM paths p JOIN documents d ON d.id = p.document`).Scan(&c.Paths, &c.Unreadable, &c.Ranked)
	if err != nil {
		return nil, fmt.Errorf("caseview: counting: %w", err)
	}
	if err := s.counts(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// Timeline returns every path's claimed times and score, in rank order.
// It is read once and kept: a few megabytes at 100,000 documents, asked
// by every opening of the list.
func (s *Store) Timeline(ctx context.Context) (*Timeline, error) {
	s.caseMu.Lock()
	defer s.caseMu.Unlock()
	if s.timeline != nil {
		return s.timeline, nil
	}
	t, err := s.readTimeline(ctx)
	if err != nil {
		return nil, err
	}
	s.timeline = t
	return t, nil
}

func (s *Store) readTimeline(ctx context.Context) (*Timeline, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, `+createdUnix+`, `+modifiedUnix+`, COALESCE(p.score, 0)
		FROM paths p JOIN documents d ON d.id = p.document ORDER BY p.rank`)
	if err != nil {
		return nil, fmt.Errorf("caseview: timeline: %w", err)
	}
	defer rows.Close()
	t := &Timeline{IDs: []int64{}, Created: []int64{}, Modified: []int64{}, Scores: []float64{}}
	for rows.Next() {
		var (
			id, cr, mo int64
			score      float64
		)
		if err := rows.Scan(&id, &cr, &mo, &score); err != nil {
			return nil, fmt.Errorf("caseview: timeline: %w", err)
		}
		t.IDs, t.Created, t.Modified, t.Scores = append(t.IDs, id), append(t.Created, cr), append(t.Modified, mo), append(t.Scores, score)
	}
	return t, rows.Err()
}

// counts fills the checks and the facets.
func (s *Store) counts(ctx context.Context, c *Case) error {
	rows, err := s.db.QueryContext(ctx, `SELECT check_name, count(DISTINCT path) FROM findings GROUP BY check_name ORDER BY 2 DESC, 1`)
	if err != nil {
		return fmt.Errorf("caseview: checks: %w", err)
	}
	for rows.Next() {
		var n Count
		if err := rows.Scan(&n.Value, &n.N); err != nil {
			rows.Close()
			return fmt.Errorf("caseview: checks: %w", err)
		}
		c.Checks = append(c.Checks, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("caseview: checks: %w", err)
	}
	if !s.hasFeatures {
		return nil
	}
	rows, err = s.db.QueryContext(ctx, `SELECT q.feature, q.value, q.n, COALESCE(b.docs, 0)
		FROM (SELECT feature, value, count(*) AS n FROM features GROUP BY feature, value) q
		LEFT JOIN baseline_features b ON b.feature = q.feature AND b.value = q.value
		ORDER BY q.feature, q.n DESC, q.value`)
	if err != nil {
		return fmt.Errorf("caseview: facets: %w", err)
	}
	defer rows.Close()
	byName := map[string]*Facet{}
	var names []string
	for rows.Next() {
		var (
			name string
			v    FacetValue
		)
		if err := rows.Scan(&name, &v.Value, &v.N, &v.Baseline); err != nil {
			return fmt.Errorf("caseview: facets: %w", err)
		}
		f := byName[name]
		if f == nil {
			f = &Facet{Feature: name}
			byName[name] = f
			names = append(names, name)
		}
		f.Values = append(f.Values, v)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("caseview: facets: %w", err)
	}
	sort.SliceStable(names, func(i, j int) bool { return facetOrder(names[i]) < facetOrder(names[j]) })
	for _, name := range names {
		f := byName[name]
		f.Values, f.More = limitFacet(f.Values, FacetLimit)
		c.Facets = append(c.Facets, *f)
	}
	return nil
}

// limitFacet keeps the n most frequent values, then as many of the rest
// that the baseline never shows as fit in n more: those are what a reader
// looks for.
func limitFacet(vs []FacetValue, n int) ([]FacetValue, int) {
	if len(vs) <= n {
		return vs, 0
	}
	kept := vs[:n:n]
	for _, v := range vs[n:] {
		if len(kept) == 2*n {
			break
		}
		if v.Baseline == 0 {
			kept = append(kept, v)
		}
	}
	return kept, len(vs) - len(kept)
}

// facetOrder puts the facets a reader asks about first: who, with what,
// where from, then the rest by name.
func facetOrder(name string) int {
	switch {
	case name == "format":
		return 0
	case name == "author":
		return 1
	case name == "last_modified_by":
		return 2
	case strings.HasPrefix(name, "software."):
		return 3
	case name == "utc_offset":
		return 4
	case name == "language":
		return 5
	case name == "company":
		return 6
	}
	return 7
}

// A Doc is everything the document page shows about one path.
type Doc struct {
	Row
	SHA256 string `json:"sha256,omitempty"`
	// Record is the path's whole Record as docprov extract writes it:
	// every raw field, software, identifiers, the parent message.
	Record   json.RawMessage      `json:"record,omitempty"`
	Findings []provenance.Finding `json:"findings"`
	// Related are the paths the findings and the groups name, with their
	// ids when they are in the case (a baseline document's is 0).
	Related []Link `json:"related"`
	// Groups are the corpus-wide groups the path is a member of.
	Groups []GroupRef `json:"groups"`
	// Family is the index of its family in Families, -1 for none.
	Family int `json:"family"`
	// Copies are the other paths of the same content.
	Copies []Link `json:"copies"`
	// Parent is the message an attachment came from (Record.Parent),
	// with its id when it is in the case.
	Parent *Link `json:"parent,omitempty"`
}

// A Link names a path and, when it is in the case, its id.
type Link struct {
	ID    int64   `json:"id,omitempty"`
	Path  string  `json:"path"`
	Score float64 `json:"score,omitempty"`
	// Why says how it is related: a check's name, a group's kind.
	Why string `json:"why,omitempty"`
}

// A GroupRef is a group of the corpus-wide checks.
type GroupRef struct {
	Kind    string `json:"kind"`
	Key     string `json:"key"`
	Message string `json:"message"`
	Members []Link `json:"members"`
}

// ErrNoDocument is returned by Doc for an id the case does not have.
var ErrNoDocument = errors.New("no such document in the case")

// Doc returns the page of path id.
func (s *Store) Doc(ctx context.Context, id int64) (*Doc, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+rowColumns+`, COALESCE(d.sha256, ''), COALESCE(p.record, d.record, ''), d.id
		FROM paths p JOIN documents d ON d.id = p.document WHERE p.id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("caseview: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("caseview: %w", err)
		}
		return nil, fmt.Errorf("caseview: path %d: %w", id, ErrNoDocument)
	}
	var (
		d                       = &Doc{Findings: []provenance.Finding{}, Related: []Link{}, Groups: []GroupRef{}, Copies: []Link{}, Family: -1}
		authors, checks, record string
		docID                   int64
	)
	r := &d.Row
	if err := rows.Scan(&r.ID, &r.Rank, &r.Path, &r.Score, &r.Format, &r.Title, &authors, &r.Editor, &r.Company, &r.Created, &r.Modified,
		&r.CreatedUnix, &r.ModifiedUnix, &r.Error, &checks, &d.SHA256, &record, &docID); err != nil {
		return nil, fmt.Errorf("caseview: %w", err)
	}
	rows.Close()
	if authors != "" {
		if err := json.Unmarshal([]byte(authors), &r.Authors); err != nil {
			return nil, fmt.Errorf("caseview: %s: authors: %w", r.Path, err)
		}
	}
	r.Checks = strings.Fields(checks)
	if record != "" {
		d.Record = json.RawMessage(record)
		var rec struct {
			Parent *struct {
				Path string `json:"path"`
			} `json:"parent"`
		}
		if json.Unmarshal(d.Record, &rec) == nil && rec.Parent != nil && rec.Parent.Path != "" {
			links := []Link{{Path: rec.Parent.Path, Why: "attachment of"}}
			if err := s.resolve(ctx, links); err != nil {
				return nil, err
			}
			d.Parent = &links[0]
		}
	}
	if err := s.docFindings(ctx, d); err != nil {
		return nil, err
	}
	if err := s.docGroups(ctx, d); err != nil {
		return nil, err
	}
	copies, err := s.links(ctx, `SELECT p.id, p.path, COALESCE(p.score, 0) FROM paths p WHERE p.document = ? AND p.id <> ? ORDER BY p.rank`, docID, id)
	if err != nil {
		return nil, err
	}
	d.Copies = copies
	// Families fills familyOf, once.
	if _, err := s.Families(ctx); err != nil {
		return nil, err
	}
	if i, ok := s.familyOf[id]; ok {
		d.Family = i
	}
	return d, nil
}

func (s *Store) docFindings(ctx context.Context, d *Doc) error {
	rows, err := s.db.QueryContext(ctx, `SELECT evidence FROM findings WHERE path = ? ORDER BY ordinal`, d.ID)
	if err != nil {
		return fmt.Errorf("caseview: %w", err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	var related []string
	for rows.Next() {
		var evidence string
		if err := rows.Scan(&evidence); err != nil {
			return fmt.Errorf("caseview: %w", err)
		}
		var f provenance.Finding
		if err := json.Unmarshal([]byte(evidence), &f); err != nil {
			return fmt.Errorf("caseview: %s: stored finding: %w", d.Path, err)
		}
		d.Findings = append(d.Findings, f)
		for _, p := range f.Related {
			if !seen[p] {
				seen[p] = true
				related = append(related, p)
				d.Related = append(d.Related, Link{Path: p, Why: f.Check})
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("caseview: %w", err)
	}
	rows.Close()
	return s.resolve(ctx, d.Related)
}

// resolve fills the ids and scores of the links whose paths are in the
// case.
func (s *Store) resolve(ctx context.Context, links []Link) error {
	for i := range links {
		err := s.db.QueryRowContext(ctx, `SELECT id, COALESCE(score, 0) FROM paths WHERE path = ?`, links[i].Path).Scan(&links[i].ID, &links[i].Score)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("caseview: %w", err)
		}
	}
	return nil
}

func (s *Store) docGroups(ctx context.Context, d *Doc) error {
	rows, err := s.db.QueryContext(ctx, `SELECT g.id, g.kind, COALESCE(g.key, ''), COALESCE(g.message, '') FROM groups g
		WHERE g.id IN (SELECT group_id FROM group_members WHERE path = ?) ORDER BY g.ordinal`, d.Path)
	if err != nil {
		return fmt.Errorf("caseview: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var (
			gid int64
			g   GroupRef
		)
		if err := rows.Scan(&gid, &g.Kind, &g.Key, &g.Message); err != nil {
			rows.Close()
			return fmt.Errorf("caseview: %w", err)
		}
		ids = append(ids, gid)
		d.Groups = append(d.Groups, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("caseview: %w", err)
	}
	for i, gid := range ids {
		members, err := s.links(ctx, `SELECT COALESCE(p.id, 0), m.path, COALESCE(p.score, 0) FROM group_members m LEFT JOIN paths p ON p.path = m.path
			WHERE m.group_id = ? ORDER BY m.ordinal LIMIT ?`, gid, maxGroupMembers)
		if err != nil {
			return err
		}
		d.Groups[i].Members = members
	}
	return nil
}

func (s *Store) links(ctx context.Context, query string, args ...any) ([]Link, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("caseview: %w", err)
	}
	defer rows.Close()
	links := []Link{}
	for rows.Next() {
		var l Link
		if err := rows.Scan(&l.ID, &l.Path, &l.Score); err != nil {
			return nil, fmt.Errorf("caseview: %w", err)
		}
		links = append(links, l)
	}
	return links, rows.Err()
}

// maxGroupMembers bounds the members a group lists in the view; its
// message counts them all.
const maxGroupMembers = 200

// Groups returns the corpus-wide checks' groups (a burst of edits, a
// cluster of one toolchain, a family), in the scan's order, each with at
// most maxGroupMembers members.
func (s *Store) Groups(ctx context.Context) ([]GroupRef, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, COALESCE(key, ''), COALESCE(message, '') FROM groups ORDER BY ordinal`)
	if err != nil {
		return nil, fmt.Errorf("caseview: groups: %w", err)
	}
	var (
		ids    []int64
		groups = []GroupRef{}
	)
	for rows.Next() {
		var (
			id int64
			g  GroupRef
		)
		if err := rows.Scan(&id, &g.Kind, &g.Key, &g.Message); err != nil {
			rows.Close()
			return nil, fmt.Errorf("caseview: groups: %w", err)
		}
		ids = append(ids, id)
		groups = append(groups, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("caseview: groups: %w", err)
	}
	for i, id := range ids {
		members, err := s.links(ctx, `SELECT COALESCE(p.id, 0), m.path, COALESCE(p.score, 0) FROM group_members m LEFT JOIN paths p ON p.path = m.path
			WHERE m.group_id = ? ORDER BY m.ordinal LIMIT ?`, id, maxGroupMembers)
		if err != nil {
			return nil, err
		}
		groups[i].Members = members
	}
	return groups, nil
}
