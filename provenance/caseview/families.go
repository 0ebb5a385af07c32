package caseview

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// A Family is a set of documents tied by what they share: an identifier
// (a PDF's trailer ID, an XMP DocumentID, a Word rsidRoot, the creation
// time two files claim to the second), or a genuine baseline document the
// shared-identifier check names as a questioned one's parent. Its edges
// point from parent to copy: from the baseline document, else from the
// member claiming the earliest creation.
type Family struct {
	// Key names what the members share ("pdf.trailer.ID0 3c88…").
	Key      string       `json:"key"`
	Nodes    []FamilyNode `json:"nodes"`
	Edges    []FamilyEdge `json:"edges"`
	MaxScore float64      `json:"max_score"`
}

// A FamilyNode is a questioned path (ID set) or a baseline document
// (Baseline set, ID 0): the genuine parent of an edited copy.
type FamilyNode struct {
	ID       int64   `json:"id,omitempty"`
	Path     string  `json:"path"`
	Score    float64 `json:"score"`
	Created  int64   `json:"created,omitempty"`
	Baseline bool    `json:"baseline,omitempty"`
}

// A FamilyEdge links Nodes[From] (the parent) to Nodes[To].
type FamilyEdge struct {
	From int    `json:"from"`
	To   int    `json:"to"`
	Why  string `json:"why"` // the identifier kind, or the check
}

// maxFamilyShare is the most documents one identifier value may tie
// before it is taken for a template's, not a family's: a Word template's
// rsidRoot or a scanner's serial is shared by hundreds of unrelated
// documents, and a family graph of all of them shows nothing.
const maxFamilyShare = 50

// Families returns the case's families, strongest member first. It is
// computed once per Store.
func (s *Store) Families(ctx context.Context) ([]Family, error) {
	s.familiesOnce.Do(func() { s.families, s.familyOf, s.familiesErr = s.buildFamilies(ctx) })
	return s.families, s.familiesErr
}

func (s *Store) buildFamilies(ctx context.Context) ([]Family, map[int64]int, error) {
	type node struct {
		FamilyNode
		parent string // union-find
	}
	nodes := map[string]*node{}
	var order []string
	get := func(path string) *node {
		n := nodes[path]
		if n == nil {
			n = &node{FamilyNode: FamilyNode{Path: path}, parent: path}
			nodes[path] = n
			order = append(order, path)
		}
		return n
	}
	var find func(string) string
	find = func(p string) string {
		n := nodes[p]
		if n.parent != p {
			n.parent = find(n.parent)
		}
		return n.parent
	}
	union := func(a, b string) {
		ra, rb := find(a), find(b)
		if ra != rb {
			nodes[rb].parent = ra
		}
	}
	type edge struct{ from, to, why string }
	var edges []edge

	// Questioned documents sharing an identifier value. The value's
	// documents come back in one row, their paths' ids, paths, scores and
	// creation times as JSON.
	rows, err := s.db.QueryContext(ctx, `SELECT i.kind, i.value,
			json_group_array(json_array(p.id, p.path, COALESCE(p.score, 0), `+createdUnix+`))
		FROM (SELECT DISTINCT kind, value, document FROM identifiers) i
		JOIN paths p ON p.document = i.document JOIN documents d ON d.id = i.document
		WHERE (i.kind, i.value) IN (SELECT kind, value FROM identifiers GROUP BY kind, value
			HAVING count(DISTINCT document) BETWEEN 2 AND ?)
		GROUP BY i.kind, i.value`, maxFamilyShare)
	if err != nil {
		return nil, nil, fmt.Errorf("caseview: families: %w", err)
	}
	for rows.Next() {
		var kind, value, members string
		if err := rows.Scan(&kind, &value, &members); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("caseview: families: %w", err)
		}
		var ms [][4]json.RawMessage
		if err := json.Unmarshal([]byte(members), &ms); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("caseview: families: %w", err)
		}
		var paths []*node
		for _, m := range ms {
			var (
				fn  FamilyNode
				err error
			)
			for i, dst := range []any{&fn.ID, &fn.Path, &fn.Score, &fn.Created} {
				if e := json.Unmarshal(m[i], dst); e != nil && err == nil {
					err = e
				}
			}
			if err != nil {
				rows.Close()
				return nil, nil, fmt.Errorf("caseview: families: %w", err)
			}
			n := get(fn.Path)
			n.FamilyNode = fn
			paths = append(paths, n)
		}
		slices.SortStableFunc(paths, func(a, b *node) int {
			return cmp.Or(cmp.Compare(orLate(a.Created), orLate(b.Created)), cmp.Compare(a.Path, b.Path))
		})
		for _, n := range paths[1:] {
			edges = append(edges, edge{paths[0].Path, n.Path, kind})
			union(paths[0].Path, n.Path)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("caseview: families: %w", err)
	}

	// Baseline parents named by shared-identifier, and the family groups
	// of the corpus-wide checks.
	rows, err = s.db.QueryContext(ctx, `SELECT p.id, p.path, COALESCE(p.score, 0), `+createdUnix+`, f.evidence
		FROM findings f JOIN paths p ON p.id = f.path JOIN documents d ON d.id = p.document
		WHERE f.check_name IN ('shared-identifier', 'family')`)
	if err != nil {
		return nil, nil, fmt.Errorf("caseview: families: %w", err)
	}
	for rows.Next() {
		var (
			fn       FamilyNode
			evidence string
		)
		if err := rows.Scan(&fn.ID, &fn.Path, &fn.Score, &fn.Created, &evidence); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("caseview: families: %w", err)
		}
		var f struct {
			Check   string   `json:"check"`
			Fields  []string `json:"fields"`
			Related []string `json:"related"`
		}
		if err := json.Unmarshal([]byte(evidence), &f); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("caseview: families: %w", err)
		}
		n := get(fn.Path)
		n.FamilyNode = fn
		for _, r := range f.Related {
			p := get(r)
			if p.ID == 0 {
				p.Baseline = true
			}
			why := f.Check
			if len(f.Fields) > 0 {
				why = f.Fields[0]
			}
			edges = append(edges, edge{r, fn.Path, why})
			union(r, fn.Path)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("caseview: families: %w", err)
	}
	// A related path that is itself in the case is no baseline node.
	for _, n := range nodes {
		if n.Baseline {
			var id int64
			if s.db.QueryRowContext(ctx, `SELECT id FROM paths WHERE path = ?`, n.Path).Scan(&id) == nil {
				n.ID, n.Baseline = id, false
			}
		}
	}

	byRoot := map[string]int{}
	var fams []Family
	at := map[string]int{} // path → index in its family's nodes
	for _, p := range order {
		root := find(p)
		i, ok := byRoot[root]
		if !ok {
			i = len(fams)
			byRoot[root] = i
			fams = append(fams, Family{})
		}
		at[p] = len(fams[i].Nodes)
		fams[i].Nodes = append(fams[i].Nodes, nodes[p].FamilyNode)
		fams[i].MaxScore = max(fams[i].MaxScore, nodes[p].Score)
	}
	seen := map[edge]bool{}
	for _, e := range edges {
		if seen[e] {
			continue
		}
		seen[e] = true
		f := &fams[byRoot[find(e.from)]]
		f.Edges = append(f.Edges, FamilyEdge{From: at[e.from], To: at[e.to], Why: e.why})
	}
	for i := range fams {
		var whys []string
		for _, e := range fams[i].Edges {
			if !slices.Contains(whys, e.Why) {
				whys = append(whys, e.Why)
			}
		}
		fams[i].Key = strings.Join(whys, ", ")
	}
	slices.SortStableFunc(fams, func(a, b Family) int {
		return cmp.Or(cmp.Compare(b.MaxScore, a.MaxScore), cmp.Compare(len(b.Nodes), len(a.Nodes)))
	})
	familyOf := map[int64]int{}
	for i, f := range fams {
		for _, n := range f.Nodes {
			if n.ID != 0 {
				familyOf[n.ID] = i
			}
		}
	}
	return fams, familyOf, nil
}

// orLate orders a missing creation time (0) after every claimed one.
func orLate(t int64) int64 {
	if t == 0 {
		return 1 << 62
	}
	return t
}
