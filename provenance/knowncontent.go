package provenance

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// A ContentRef names a baseline document by its content digest, with the
// claims a copy of it keeps: when it was created, by whom, under which
// title. KnownContent compares a questioned document of the same content
// with them.
type ContentRef struct {
	Path    string    `json:"path"`
	SHA256  string    `json:"sha256"`
	Format  string    `json:"format,omitempty"`
	Created Timestamp `json:"created"`
	Authors []string  `json:"authors,omitempty"` // normalized, sorted
	Title   string    `json:"title,omitempty"`   // normalized
}

func contentRef(r *Record) ContentRef {
	ref := ContentRef{Path: r.Path, SHA256: r.SHA256, Format: r.Format, Title: normValue(r.Title)}
	if plausible(r.Created) {
		ref.Created = r.Created
	}
	ref.Authors = normAuthors(r.Authors)
	return ref
}

func normAuthors(names []string) []string {
	var out []string
	for _, a := range names {
		if v := normValue(a); v != "" {
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}

func (a ContentRef) equal(b ContentRef) bool {
	return a.Path == b.Path && a.SHA256 == b.SHA256 && a.Format == b.Format &&
		a.Created.String() == b.Created.String() && a.Title == b.Title &&
		strings.Join(a.Authors, "\x00") == strings.Join(b.Authors, "\x00")
}

// insertContentRef keeps a list sorted by path and SHA-256 and free of
// duplicates, so that the order documents were added in never shows.
func insertContentRef(refs []ContentRef, ref ContentRef) []ContentRef {
	less := func(a, b ContentRef) bool {
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.SHA256 < b.SHA256
	}
	i := sort.Search(len(refs), func(i int) bool { return !less(refs[i], ref) })
	if i < len(refs) && refs[i].equal(ref) {
		return refs
	}
	refs = append(refs, ContentRef{})
	copy(refs[i+1:], refs[i:])
	refs[i] = ref
	return refs
}

// claimsAltered says how b's claims contradict those of a, a document of
// the same content it is a copy of: created before it (a copy, a re-save
// or a conversion keeps the creation or records a later one; none records
// an earlier), or naming none of its authors. It returns "" when they do
// not contradict.
func claimsAltered(copy, orig ContentRef) string {
	var out []string
	if createdBefore(copy.Created, orig.Created) {
		out = append(out, fmt.Sprintf("claims to have been created %s, before it (%s)", copy.Created.Time.Format("2006-01-02 15:04"), orig.Created.Time.Format("2006-01-02 15:04")))
	}
	if len(copy.Authors) > 0 && len(orig.Authors) > 0 && !overlap(copy.Authors, orig.Authors) {
		out = append(out, fmt.Sprintf("names %s where it names %s", strings.Join(copy.Authors, ", "), strings.Join(orig.Authors, ", ")))
	}
	return strings.Join(out, ", and ")
}

// claimsKept reports whether a copy keeps its origin's claims: a creation
// no earlier than the origin's (the same, or the later one a conversion
// records), an author in common, and the same title where both have one.
// A copy that claims nothing keeps nothing.
func claimsKept(copy, orig ContentRef) bool {
	if !plausible(copy.Created) || !plausible(orig.Created) || createdBefore(copy.Created, orig.Created) {
		return false
	}
	if len(copy.Authors) != len(orig.Authors) && (len(copy.Authors) == 0 || len(orig.Authors) == 0) {
		return false
	}
	if len(copy.Authors) > 0 && !overlap(copy.Authors, orig.Authors) {
		return false
	}
	return copy.Title == "" || orig.Title == "" || copy.Title == orig.Title
}

// createdBefore reports whether a copy claims a creation before its
// origin's by more than a minute, and not by what a time zone accounts
// for: a conversion may write the same creation in UTC where the original
// wrote local time without saying so (LibreOffice's .docx from a .doc), so
// a whole number of quarter hours up to unknownOffset is read as the same
// instant.
func createdBefore(copy, orig Timestamp) bool {
	if !earlier(copy, orig, time.Minute) {
		return false
	}
	d := orig.Time.Sub(copy.Time)
	if copy.HasOffset != orig.HasOffset || !copy.HasOffset {
		d = wallClock(orig).Sub(wallClock(copy))
	}
	if d > unknownOffset+time.Minute {
		return true
	}
	q := d % (15 * time.Minute)
	return q > time.Minute && q < 14*time.Minute
}

func overlap(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// contentTwins is what the baseline shows of its own documents of one
// content: how many have a twin (another file of the same content), and
// how many of those claim what claimsAltered calls a contradiction of
// one of their twins. Cached while Docs is twinsDocs.
func (b *Baseline) contentTwins() (altered, twinned int) {
	b.cacheMu.Lock()
	defer b.cacheMu.Unlock()
	if b.twinsDocs == b.Docs && b.twinsDone {
		return b.twins[0], b.twins[1]
	}
	var counts [2]int
	b.eachContentRefs(func(refs []ContentRef) {
		if len(refs) < 2 {
			return
		}
		counts[1] += len(refs)
		// claimsAltered reads only the claims, and files of the same
		// claims do not contradict each other: compare each class of
		// claims with the others once, not each document with every
		// other (a content copied thousands of times has one class).
		classes := classesOf(refs)
		for ia, a := range classes {
			for io, o := range classes {
				if ia != io && claimsAltered(a.claims, o.claims) != "" {
					counts[0] += len(a.members)
					break
				}
			}
		}
	})
	b.twins, b.twinsDocs, b.twinsDone = counts, b.Docs, true
	return counts[0], counts[1]
}

// Priors of known-content. Of forgeries made from a genuine document the
// baseline holds without changing its content (its metadata edited or
// removed), most change when or by whom it claims to have been made: that
// is what such a forgery is for. A genuine copy contradicts its origin's
// claims only when someone retyped them, which is rare.
const (
	pForgedClaimsAltered  = 0.5
	pGenuineClaimsAltered = 0.02
)

// explainedByCopy are the facts a later copy, re-save or conversion of a
// genuine document accounts for: when the file was written and with what
// program, the traces of the save, and who saved it.
var explainedByCopy = []string{FactClock, FactProgram, FactEditing, FactPerson}

// KnownContent compares a document with the baseline's documents of the
// same content (the same text, or the same pages; see KeyContentDigest).
// A copy whose claims contradict its genuine twin's (created before it, by
// other authors) is a genuine document whose claims were changed: a
// metadata-only forgery. A copy that keeps its twin's claims is that
// genuine document again, converted, re-saved or copied later: whatever
// shows when and with what program it was written is explained by that,
// and not counted (the finding's Explains).
var KnownContent = &Check{
	Name:          "known-content",
	Doc:           "has the content of a genuine document: its claims contradict that document's, or the copy explains how it was written",
	NeedsBaseline: true,
	Fact:          FactIdentity,
	Run: func(p *Pass) []Finding {
		r := p.Record
		digest := contentDigest(r)
		if digest == "" {
			return nil
		}
		self := contentRef(r)
		// Kept copies explain nothing in a self-baseline (below).
		altered, kept, how := p.Baseline.contentMatches(digest, self, func(ref ContentRef) bool {
			return ref.SHA256 == r.SHA256 || p.LeaveOut && ref.Path == r.Path
		}, !p.LeaveOut)
		if len(altered) > 0 {
			pForged := pForgedClaimsAltered
			if p.LeaveOut {
				// Both are questioned: either may be the one changed.
				pForged /= 2
			}
			k, n := p.Baseline.contentTwins()
			rate := (float64(k) + priorStrength*pGenuineClaimsAltered) / (float64(n) + priorStrength)
			return []Finding{{
				Weight:   clampWeight(log10LR(pForged, rate)),
				Message:  fmt.Sprintf("has the content of genuine document %s but %s: its claims were changed", altered[0].Path, how),
				Fields:   []string{KeyContentDigest, TimeSourceOr(r, "created"), "authors"},
				Observed: fmt.Sprintf("created %s; authors %s", self.Created, strings.Join(self.Authors, ", ")),
				Expected: fmt.Sprintf("created %s; authors %s", altered[0].Created, strings.Join(altered[0].Authors, ", ")),
				Related:  contentPaths(altered),
				Compared: fmt.Sprintf("%d of %d baseline documents with a twin of the same content contradict its claims", k, n),
			}}
		}
		if len(kept) == 0 || p.LeaveOut {
			// In a self-baseline the twin is questioned too: a copy
			// of a forgery explains nothing.
			return nil
		}
		return []Finding{{
			Weight:   0,
			Message:  fmt.Sprintf("has the content and claims of genuine document %s: a later copy, re-save or conversion of it, which explains when and with what it was written", kept[0].Path),
			Fields:   []string{KeyContentDigest},
			Related:  contentPaths(kept),
			Explains: explainedByCopy,
			Compared: "the baseline holds a document of this content that claims its creation, authors and title",
		}}
	},
}

func contentPaths(refs []ContentRef) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Path
	}
	return out
}
