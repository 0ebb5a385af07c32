package provenance

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// The evidence model. A finding's weight is log10 P(evidence | forged) /
// P(evidence | genuine). The numerator is a documented prior of the check
// (how often a forger's document shows the trait); the denominator is what
// the baseline is for: it is estimated from the genuine documents
// comparable to the questioned one, so that a trait every comparable
// genuine document shows is worth nothing and one that none of forty shows
// is worth more than the prior says.

// A Prior is a check's documented estimate of how often a kind of evidence
// is seen: in forged documents (Forged) and in genuine documents of an
// organisation nobody has looked at yet (Genuine). Without a baseline the
// weight is log10(Forged/Genuine). With one, Genuine is re-estimated from
// the comparable baseline documents (see Baseline.genuineRate), Genuine
// serving as the prior mean of that estimate.
type Prior struct {
	Forged  float64
	Genuine float64
}

// Weight is the finding's weight under the prior alone.
func (p Prior) Weight() float64 { return clampWeight(log10LR(p.Forged, p.Genuine)) }

// priorStrength is how many documents' worth of evidence a check's prior
// rate counts for against the baseline's own counts: two, so that zero of
// three comparable documents says little and zero of forty says much.
const priorStrength = 2.0

// minComparable is how many comparable baseline documents a population
// needs before it is used; smaller ones fall back to the wider population
// (the format, then every document).
const minComparable = 5

// maxWeight bounds one finding: no single trait is worth more than a
// thousand to one, however uniform the baseline.
const maxWeight = 3.0

func clampWeight(w float64) float64 { return math.Max(0, math.Min(maxWeight, w)) }

// Facts: findings that rest on one underlying fact are one piece of
// evidence, not several. A person's name that the baseline never shows
// makes "author never seen" and "last editor never seen" both fire; a program the organisation does not use makes
// the application, the fingerprint and the producer mismatch fire; a clock
// set wrong shows in every date. Findings with the same Fact are combined
// (see Combine); findings without one stand alone.
const (
	FactPerson     = "person"     // who wrote or last saved it: names, their scripts, editor+program pairs
	FactProgram    = "program"    // what wrote it: software names and versions, fingerprints, mismatches, anachronisms
	FactClock      = "clock"      // when: claimed times, offsets, hours, package times, bursts
	FactDevice     = "device"     // which camera or encoder took and wrote a photo
	FactEditing    = "editing"    // changed after its first save: updates, sources that disagree, thumbnails
	FactMetadata   = "metadata"   // what metadata it carries: scrubbed or added fields
	FactIdentity   = "identity"   // identifiers shared with other documents
	FactTypography = "typography" // fonts
	FactLocale     = "locale"     // languages
	FactEmail      = "email"      // DKIM verdicts
	FactTemplate   = "template"   // the template it names
	FactCompany    = "company"    // the company it names
	FactFileName   = "file name"  // what its file name says beside its device
)

// dependentShare is what each further finding of one fact adds, as a share
// of its own strength: a second sighting of one fact is mostly the same
// evidence again, but not always (a backdated file's clock can be wrong in
// two unrelated places), so it keeps a quarter rather than nothing.
const dependentShare = 0.25

// Combine sets each finding's Weight from its Strength so that findings of
// one Fact count as one piece of evidence: the strongest in full, each
// further one at dependentShare of its strength. Findings without a Fact,
// and evidence for genuineness (negative strengths), count in full. The
// message of a discounted finding says what it was counted with. A finding
// that explains facts (Finding.Explains) sets the weight of their findings
// to nothing: given it, they are what a genuine document shows. Combine
// can be called again after findings are added; it starts from Strength.
func Combine(fs []Finding) {
	for i := range fs {
		fs[i].Weight = round2(fs[i].Strength)
		fs[i].CountedWith = ""
	}
	byFact := map[string][]int{}
	for i, f := range fs {
		if f.Fact != "" && f.Strength > 0 {
			byFact[f.Fact] = append(byFact[f.Fact], i)
		}
	}
	for _, idx := range byFact {
		if len(idx) < 2 {
			continue
		}
		sort.SliceStable(idx, func(a, b int) bool { return fs[idx[a]].Strength > fs[idx[b]].Strength })
		lead := fs[idx[0]]
		for _, i := range idx[1:] {
			fs[i].Weight = round2(fs[i].Strength * dependentShare)
			fs[i].CountedWith = lead.Check + ": " + lead.Message
		}
	}
	for _, e := range fs {
		for _, fact := range e.Explains {
			for _, i := range byFact[fact] {
				fs[i].Weight = 0
				fs[i].CountedWith = "explained by " + e.Check + ": " + e.Message
			}
		}
	}
}

// A population is a set of baseline documents a questioned record is
// compared with. Keys: "" for every document, the format ("pdf"), and the
// format with the producer chain the document claims and shows
// ("pdf|libreoffice|libreoffice"): its claimed program family and its
// structural fingerprint.
type Population struct {
	Docs int `json:"docs"`
	// Presence counts the documents that carry each generalized field.
	Presence map[string]int `json:"presence,omitempty"`
	// Findings counts the documents that show each kind of intrinsic
	// finding (findingKey).
	Findings map[string]int `json:"findings,omitempty"`
}

func newPopulation() *Population {
	return &Population{Presence: map[string]int{}, Findings: map[string]int{}}
}

func (p *Population) merge(o *Population) {
	p.Docs += o.Docs
	for k, n := range o.Presence {
		p.Presence[k] += n
	}
	for k, n := range o.Findings {
		p.Findings[k] += n
	}
}

// chain returns the producer chain a record claims and shows: the family
// of the program it names (its application, else its producer, else its
// creator; for a photo, the camera), and the structure its bytes show (the
// format's producer fingerprint; for a JPEG, the encoder's quantization
// tables). Either may be empty.
func chain(r *Record) (claim, structure string) {
	if c := r.Camera; c != nil && strings.TrimSpace(c.Make+c.Model) != "" {
		claim = normValue(c.Make + " " + c.Model)
	} else {
		for _, role := range []Role{RoleApplication, RoleProducer, RoleCreator} {
			for _, s := range r.Software {
				if s.Role != role || s.Inferred() || s.Name == "" {
					continue
				}
				if fam := appFamily(s.Name); fam != "" {
					claim = fam
				} else {
					claim = normValue(s.Name)
				}
				break
			}
			if claim != "" {
				break
			}
		}
	}
	for _, s := range r.Software {
		if s.Inferred() {
			if fam := appFamily(s.Name); fam != "" {
				structure = fam
			} else {
				structure = normValue(s.Name)
			}
			break
		}
	}
	if structure == "" {
		if dqt := r.Fields["jpeg.dqt.hash"]; dqt != "" {
			structure = "dqt " + dqt
		}
	}
	return claim, structure
}

// populationKeys lists the populations a record belongs to, most specific
// first.
func populationKeys(r *Record) []string {
	format := r.Format
	if format == "" {
		format = "unknown"
	}
	claim, structure := chain(r)
	keys := make([]string, 0, 4)
	if claim != "" || structure != "" {
		keys = append(keys, format+"|"+claim+"|"+structure)
	}
	if structure != "" {
		// The documents whose bytes one program wrote, whatever they
		// claim: where a scrubbed file, which claims nothing, belongs.
		keys = append(keys, format+"|*|"+structure)
	}
	keys = append(keys, format)
	if fam := formatFamily(r); fam != "" {
		keys = append(keys, familyKey(fam))
	}
	return append(keys, "")
}

// familyChainKey is the population key of the documents of r's format
// family that claim and show r's producer chain ("@ooxml|libreoffice|
// libreoffice"), or "" when r has no family or no chain. It is counted
// but not compared with: it only tells whether the organisation uses r's
// program for the family at all (Pass.knownChain), since the fields an
// .xlsx carries are not a .docx's even from one program.
func familyChainKey(r *Record) string {
	fam := formatFamily(r)
	claim, structure := chain(r)
	if fam == "" || (claim == "" && structure == "") {
		return ""
	}
	return familyKey(fam) + "|" + claim + "|" + structure
}

// familyKey is the population key of a family of formats (formatFamily).
func familyKey(family string) string { return "@" + family }

// chainKnown reports whether a population key is one of a producer chain
// (a claim or a structure), not only a format.
func chainKnown(key string) bool { return strings.Contains(key, "|") }

// populationLabel describes a population for people: "pdf documents
// claiming libreoffice with the structure of libreoffice".
func populationLabel(key string) string {
	if key == "" {
		return "baseline documents"
	}
	if fam, ok := strings.CutPrefix(key, "@"); ok {
		return fam + " documents of any format"
	}
	parts := strings.SplitN(key, "|", 3)
	label := parts[0] + " documents"
	if len(parts) == 3 {
		if parts[1] != "" && parts[1] != "*" {
			label += " claiming " + parts[1]
		}
		if parts[2] != "" {
			if parts[1] != "" && parts[1] != "*" {
				label += " and"
			}
			label += " with the structure of " + parts[2]
		}
	}
	return label
}

// comparableCounts returns a population's document count, and a lookup of
// its presence and finding counts, with self's own contribution taken out
// when self is one of its documents (leave-one-out).
type comparableCounts struct {
	key      string
	docs     int
	pop      *Population
	self     *Record
	selfKeys map[string]bool // self's presence keys
	selfFind map[string]bool // self's intrinsic finding keys
}

func (c *comparableCounts) presence(k string) int {
	n := c.pop.Presence[k]
	if c.self != nil && c.selfKeys[k] && n > 0 {
		n--
	}
	return n
}

func (c *comparableCounts) findings(k string) int {
	n := c.pop.Findings[k]
	if c.self != nil && c.selfFind[k] && n > 0 {
		n--
	}
	return n
}

// comparables returns the populations the pass's record is compared
// with, computed once per pass.
func (p *Pass) comparables() []*comparableCounts {
	if p.cmp == nil && p.Baseline != nil {
		p.cmp = p.Baseline.comparables(p.Record, p.self())
		if p.cmp == nil {
			p.cmp = []*comparableCounts{}
		}
	}
	return p.cmp
}

// comparables returns the populations r is compared with, most specific
// first, leaving self out of them. Populations the baseline lacks are
// skipped.
func (b *Baseline) comparables(r, self *Record) []*comparableCounts {
	var out []*comparableCounts
	var selfKeys, selfFind map[string]bool
	if self != nil {
		selfKeys = map[string]bool{}
		for _, k := range presenceKeys(self) {
			selfKeys[k] = true
		}
		selfFind = map[string]bool{}
		for _, k := range b.intrinsicFindingKeys(self) {
			selfFind[k] = true
		}
	}
	for _, key := range populationKeys(r) {
		pop := b.Populations[key]
		if pop == nil {
			continue
		}
		c := &comparableCounts{key: key, docs: pop.Docs, pop: pop, self: self, selfKeys: selfKeys, selfFind: selfFind}
		if self != nil {
			c.docs--
		}
		out = append(out, c)
	}
	return out
}

// genuineRate estimates P(evidence | genuine) for an intrinsic finding of the record
// from the most specific comparable population with at least minComparable
// documents that could show it (that carry the field it rests on): with k
// of n showing it, (k + s·prior)/(n + s), s = priorStrength. It also says
// what the finding was compared with.
func (p *Pass) genuineRate(f *Finding, prior float64) (float64, string) {
	field := ""
	if len(f.Fields) > 0 {
		field = presenceKey(f.Fields[0])
	}
	key := findingKey(*f)
	// A raw Fields key ("pdf.signature[].modified_after_signing") limits
	// the comparable documents to those that carry it: only signed PDFs
	// can show bytes after a signature. A normalized key ("modified") is
	// one every document can show.
	raw := strings.Contains(field, ".")
	fewest := -1
	for _, c := range p.comparables() {
		n := c.docs
		if raw {
			n = c.presence(field)
		}
		if n < minComparable {
			fewest = max(fewest, n)
			continue
		}
		k := min(c.findings(key), n)
		rate := (float64(k) + priorStrength*prior) / (float64(n) + priorStrength)
		note := fmt.Sprintf("%d of %d %s in the baseline show this", k, n, populationLabel(c.key))
		if !chainKnown(c.key) && p.hasChain() && rate < prior {
			// The baseline has no document of this one's program:
			// what other programs' files never show says little of
			// what this program's do. It may weaken the evidence,
			// not strengthen it.
			rate = prior
			note += fmt.Sprintf(", but none is of its program: prior rate %.3g", prior)
		}
		return rate, note
	}
	if raw && fewest >= 0 {
		return prior, fmt.Sprintf("only %s carry %s: prior rate %.3g", countNoun(fewest, "baseline document", "baseline documents"), field, prior)
	}
	return prior, fmt.Sprintf("no comparable baseline documents: prior rate %.3g", prior)
}
