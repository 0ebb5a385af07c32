package provenance

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// derivedCache holds what the per-document checks derive from a baseline
// over and over: a scan asks the same questions of it for every document,
// and answering each from the whole baseline made a scan's time grow with
// the corpus twice over (a self-baseline is the corpus). Counts derived
// from the baseline are valid while its Docs is what they were computed
// at, as Baseline's other caches are; the features of a record left out
// of its own comparison are held while a pass over it runs (holdSelf).
type derivedCache struct {
	mu sync.Mutex

	totals     map[string]featureStats // per feature, Count unset; see featureTotals
	totalsDocs int

	people     map[string]peopleCounts // see peopleTotals
	peopleDocs int

	bulk     [2]int // see bulkEdits
	bulkDocs int
	bulkDone bool

	classes     map[string][]contentClass // see contentClasses
	classesDocs int

	pairs     map[string]map[string]int // see pairMemberCounts
	pairsDocs int

	// names interns the strings of the documents' references that
	// repeat between documents, for Add (see strs).
	names strs

	// selves holds Features of the records being checked against the
	// baseline that includes them (Pass.LeaveOut), by record: stats and
	// its kin are asked about one feature at a time and need the
	// record's own values of it, which took Features(self) anew for each
	// question, half the time of a self-baseline scan.
	selves map[*Record]*heldSelf
}

type heldSelf struct {
	features []Feature
	holds    int
}

// holdSelf computes Features(r) once for the checks of a pass over r that
// leave r out of the baseline, and returns the function that ends the
// hold. Holds nest and may come from several goroutines.
func (b *Baseline) holdSelf(r *Record) (release func()) {
	c := &b.derived
	c.mu.Lock()
	h := c.selves[r]
	c.mu.Unlock()
	if h == nil {
		// Computed outside the lock: Features takes a while, and other
		// passes must not wait for it.
		h = &heldSelf{features: Features(r)}
	}
	c.mu.Lock()
	if held := c.selves[r]; held != nil {
		h = held
	} else {
		if c.selves == nil {
			c.selves = map[*Record]*heldSelf{}
		}
		c.selves[r] = h
	}
	h.holds++
	c.mu.Unlock()
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if h.holds--; h.holds == 0 && c.selves[r] == h {
			delete(c.selves, r)
		}
	}
}

// selfFeatures returns Features(self): held by a pass over self, or
// computed.
func (b *Baseline) selfFeatures(self *Record) []Feature {
	c := &b.derived
	c.mu.Lock()
	h := c.selves[self]
	c.mu.Unlock()
	if h != nil {
		return h.features
	}
	return Features(self)
}

// featureTotals returns a feature's Total, Singletons and Distinct over the
// whole baseline, counted once per state of the baseline instead of once
// per question.
func (b *Baseline) featureTotals(feature string) featureStats {
	c := &b.derived
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.totals == nil || c.totalsDocs != b.Docs {
		c.totals, c.totalsDocs = map[string]featureStats{}, b.Docs
	}
	if s, ok := c.totals[feature]; ok {
		return s
	}
	var s featureStats
	for _, n := range b.Features[feature] {
		s.Total += n
		s.Distinct++
		if n == 1 {
			s.Singletons++
		}
	}
	c.totals[feature] = s
	return s
}

// peopleCounts is peopleSeen of a feature with no record left out: the
// window its values' documents span, the start of the window's second
// tenth, and the people seen and those first seen after that start.
type peopleCounts struct {
	window         TimeRange
	start          time.Time
	people, joined int
}

// peopleTotals returns the peopleCounts of a feature, computed once per
// state of the baseline.
func (b *Baseline) peopleTotals(feature string) peopleCounts {
	c := &b.derived
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.people == nil || c.peopleDocs != b.Docs {
		c.people, c.peopleDocs = map[string]peopleCounts{}, b.Docs
	}
	if pc, ok := c.people[feature]; ok {
		return pc
	}
	var pc peopleCounts
	vals := b.Seen[feature]
	for _, tr := range vals {
		pc.window = pc.window.merge(tr)
	}
	if pc.window.N > 0 {
		pc.start = pc.window.Min.Add(time.Duration(float64(pc.window.Max.Sub(pc.window.Min)) / 10))
		for _, tr := range vals {
			pc.people++
			if tr.Min.After(pc.start) {
				pc.joined++
			}
		}
	}
	c.people[feature] = pc
	return pc
}

// cachedBulkEdits returns bulkEdits' counts, computed once per state of
// the baseline: EditBurst asks for them once per burst.
func (b *Baseline) cachedBulkEdits(count func() (int, int)) (inBursts, dated int) {
	c := &b.derived
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.bulkDone || c.bulkDocs != b.Docs {
		c.bulk[0], c.bulk[1] = count()
		c.bulkDocs, c.bulkDone = b.Docs, true
	}
	return c.bulk[0], c.bulk[1]
}

// A contentClass is the baseline documents of one content that claim the
// same (creation, authors, title): KnownContent's comparisons depend on
// nothing else of a ContentRef, so one comparison answers for them all.
type contentClass struct {
	claims  ContentRef // the first member's
	members []int32    // indexes into Contents[digest], rising
}

// contentClasses returns the classes of the baseline's documents of one
// content, in the order of their first members; computed once per content
// and state of the baseline. The copies of one document in a corpus that
// is its own baseline are one class, so KnownContent's time per document
// stays that of the claims, not of the copies.
func (b *Baseline) contentClasses(digest string) []contentClass {
	c := &b.derived
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.classes == nil || c.classesDocs != b.Docs {
		c.classes, c.classesDocs = map[string][]contentClass{}, b.Docs
	}
	if cl, ok := c.classes[digest]; ok {
		return cl
	}
	out := classesOf(b.contentRefs(digest))
	c.classes[digest] = out
	return out
}

// pairMemberCounts counts, for a feature whose values are pairs ("letter |
// carta"), the observations of each first member ("1|letter") and each
// second ("2|carta") over all its pairs; computed once per feature and
// state of the baseline, so that pairMembersKnown does not walk every
// pair the baseline shows for each document.
func (b *Baseline) pairMemberCounts(feature string) map[string]int {
	c := &b.derived
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pairs == nil || c.pairsDocs != b.Docs {
		c.pairs, c.pairsDocs = map[string]map[string]int{}, b.Docs
	}
	if m, ok := c.pairs[feature]; ok {
		return m
	}
	m := map[string]int{}
	for v, n := range b.Features[feature] {
		if f, s, ok := strings.Cut(v, " | "); ok && n > 0 {
			m["1|"+f] += n
			m["2|"+s] += n
		}
	}
	c.pairs[feature] = m
	return m
}

// classesOf groups refs by the claims they make (claimsKey), in the order
// of their first members.
func classesOf(refs []ContentRef) []contentClass {
	var out []contentClass
	at := map[string]int{}
	for i, ref := range refs {
		k := claimsKey(ref)
		j, ok := at[k]
		if !ok {
			j = len(out)
			at[k] = j
			out = append(out, contentClass{claims: ref})
		}
		out[j].members = append(out[j].members, int32(i))
	}
	return out
}

// claimsKey is what claimsAltered and claimsKept read of a ContentRef: its
// creation (wall clock, offset and whether one was recorded), its
// authors and its title.
func claimsKey(ref ContentRef) string {
	return ref.Created.Time.Format(time.RFC3339Nano) + "|" + strconv.FormatBool(ref.Created.HasOffset) + "|" +
		ref.Title + "|" + strings.Join(ref.Authors, "\x00")
}

// contentMatches is KnownContent's comparison of self with the baseline's
// documents of its content, skip's left out: those whose claims self's
// contradict (altered, how saying how for the first of them), and, when
// wantKept, those whose claims it keeps, each in the order of
// Contents[digest]. It compares self with each class of claims once; the
// lists cost time in proportion to their length.
func (b *Baseline) contentMatches(digest string, self ContentRef, skip func(ContentRef) bool, wantKept bool) (altered, kept []ContentRef, how string) {
	var alteredAt, keptAt []int32
	first := int32(-1)
	for _, cl := range b.contentClasses(digest) {
		h := claimsAltered(self, cl.claims)
		var at *[]int32
		switch {
		case h != "":
			at = &alteredAt
		case wantKept && claimsKept(self, cl.claims):
			at = &keptAt
		default:
			continue
		}
		for _, i := range cl.members {
			if skip(b.contentRefAt(digest, i)) {
				continue
			}
			if h != "" && (first < 0 || i < first) {
				first, how = i, h
			}
			*at = append(*at, i)
		}
	}
	return b.pick(digest, alteredAt), b.pick(digest, keptAt), how
}

// pick returns the baseline's documents of a content at the indexes, in
// the order of Contents[digest].
func (b *Baseline) pick(digest string, at []int32) []ContentRef {
	if len(at) == 0 {
		return nil
	}
	slices.Sort(at)
	out := make([]ContentRef, len(at))
	for k, i := range at {
		out[k] = b.contentRefAt(digest, i)
	}
	return out
}

// strs is an intern table: the strings of a corpus's summaries repeat from
// document to document (a format, a program, an editor, and for copies a
// title, a content digest, an identifier), and each document's were its
// own allocations, most of the memory a large scan keeps. It is not safe
// for concurrent use: its owner's writer uses it (Baseline.Add,
// Scanner.Add).
type strs map[string]string

// get returns the interned s.
func (t *strs) get(s string) string {
	if s == "" {
		return ""
	}
	if v, ok := (*t)[s]; ok {
		return v
	}
	if *t == nil {
		*t = strs{}
	}
	(*t)[s] = s
	return s
}

// list returns ss with its strings interned, and the same list for the
// same strings.
func (t *strs) list(ss []string) []string {
	if len(ss) == 0 {
		return ss
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = t.get(s)
	}
	return out
}

// docRef interns the fields of ref that documents share; a path and a
// SHA-256 are each document's own.
func (t *strs) docRef(ref DocRef) DocRef {
	ref.Format, ref.Content, ref.Title, ref.Template = t.get(ref.Format), t.get(ref.Content), t.get(ref.Title), t.get(ref.Template)
	return ref
}

// contentRef interns the fields of ref that documents share.
func (t *strs) contentRef(ref ContentRef) ContentRef {
	ref.Format, ref.Title, ref.Authors = t.get(ref.Format), t.get(ref.Title), t.list(ref.Authors)
	return ref
}

// ids returns ids with their strings interned.
func (t *strs) ids(ids []Identifier) []Identifier {
	for i, id := range ids {
		ids[i] = Identifier{Kind: t.get(id.Kind), Value: t.get(id.Value), Source: t.get(id.Source)}
	}
	return ids
}
