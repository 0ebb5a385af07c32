package provenance

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A Check looks for one kind of evidence that a document is not what it
// claims to be. Checks are values, like the analyzers of go/analysis: a
// name that findings carry, a one-line doc, and a Run over one document.
type Check struct {
	Name string
	Doc  string
	// NeedsBaseline is true for checks that compare against a baseline;
	// they are skipped when there is none.
	NeedsBaseline bool
	// Fact is the underlying fact this check's findings rest on, unless a
	// finding names its own (see Combine).
	Fact string
	Run  func(*Pass) []Finding
	// CountsAs, when set, lists the Subjects under which a baseline
	// document showing finding f is counted (by default f's own). A check
	// that grades its findings uses it to count a document under its
	// grade and every lower one, so that a grade's baseline rate is that
	// of documents at least that far (see NameDate).
	CountsAs func(f Finding) []string
}

// A Pass is what a check sees: one questioned record and its context.
type Pass struct {
	Record *Record
	// Baseline summarises known-genuine documents; nil when there is none.
	Baseline *Baseline
	// LeaveOut, when true, means Record is itself counted in Baseline
	// (self-baseline mode) and must be left out of every comparison.
	LeaveOut bool
	// AsOf is when the questioned documents became public (the leak date);
	// a document cannot have been made later. Zero when unknown.
	AsOf time.Time
	// Now is the time of the scan: claims after it are impossible.
	Now time.Time
	// AsOfFromCorpus, when true, means the leak date is unknown (AsOf is
	// zero) and will be estimated from the questioned corpus's own dates:
	// time-window then leaves dates after the baseline's window to the
	// corpus check LeakDate. Scanner sets it.
	AsOfFromCorpus bool

	cmp []*comparableCounts // the comparable populations, once computed
}

func (p *Pass) self() *Record {
	if p.LeaveOut {
		return p.Record
	}
	return nil
}

// A Finding is one piece of evidence against a document.
//
// Weight is a log-likelihood ratio in base 10: how much more likely the
// evidence is if the document was forged than if it is genuine. 1 means ten
// times more likely, 2 a hundred times; a document's score is the sum of its
// findings' weights. The weights are documented estimates, not fitted
// probabilities: they rank documents for a person to look at, they do not
// decide.
type Finding struct {
	Check string `json:"check"`
	// Weight is what the finding adds to the document's score: its
	// Strength, or a share of it when a stronger finding rests on the same
	// Fact (CountedWith names it).
	Weight float64 `json:"weight"`
	// Strength is the finding's own log10 likelihood ratio.
	Strength float64 `json:"strength"`
	Message  string  `json:"message"`
	// Fields are the Record fields (Fields keys, or normalized keys such
	// as "authors") the finding rests on.
	Fields []string `json:"fields"`
	// Observed is what the document shows; Expected, when set, what the
	// baseline or the document's other sources show instead.
	Observed string `json:"observed,omitempty"`
	Expected string `json:"expected,omitempty"`
	// Related names other documents the finding ties this one to (the
	// genuine parent of an edited copy, the other files of a burst).
	Related []string `json:"related,omitempty"`
	// Subject, when set, says what the finding is about beyond its fields
	// (the software release of an anachronism), so that findings about
	// different things are never counted as one kind.
	Subject string `json:"subject,omitempty"`
	// Fact is the underlying fact the finding rests on ("person",
	// "program", "clock" …); findings of one fact count as one piece of
	// evidence (see Combine).
	Fact string `json:"fact,omitempty"`
	// Compared says what the finding was weighed against: "0 of 41 pdf
	// documents claiming libreoffice in the baseline show this".
	Compared string `json:"compared,omitempty"`
	// CountedWith, when set, names the stronger finding of the same fact
	// that this one was counted with.
	CountedWith string `json:"counted_with,omitempty"`
	// Explains, when set, lists the facts this finding accounts for: the
	// findings of those facts on the same document are true but expected
	// given it (a later conversion of a genuine document was written
	// later, by another program), so Combine counts them at nothing and
	// their CountedWith names it.
	Explains []string `json:"explains,omitempty"`
	// Prior, when set, gives the weight as a likelihood ratio the baseline
	// re-estimates (see Prior); a check sets either Prior or Weight.
	Prior *Prior `json:"-"`
}

// Checks returns docprov's checks: those that need only the document, then
// those that compare it with a baseline. Corpus-wide checks (bursts,
// families) run over a whole scan; see Scanner.
func Checks() []*Check {
	return []*Check{
		TimeOrder, AfterAsOf, EditTime, NameDate, SourcesDisagree, EditingTraces, PhotoClock, Anachronism,
		ProducerMismatch, EmailAuthenticity, C2PA, Scrubbed, AddedMetadata, Placeholder, RareValue, SharedIdentifier,
		KnownContent, PhotoName, TimeWindow, VersionAdoption,
	}
}

// ErrInvalidCheck is returned by Validate for a check set that cannot run.
var ErrInvalidCheck = errors.New("invalid check")

// Validate reports whether checks can run together: each has a name, a doc
// and a Run, and no two share a name (findings are told apart, and
// baselines count them, by name).
func Validate(checks []*Check) error {
	seen := map[string]bool{}
	for i, c := range checks {
		switch {
		case c == nil:
			return fmt.Errorf("%w: check %d is nil", ErrInvalidCheck, i)
		case c.Name == "" || strings.ContainsAny(c.Name, " |"):
			return fmt.Errorf("%w: check %d has name %q (want a non-empty name without spaces or '|')", ErrInvalidCheck, i, c.Name)
		case c.Doc == "":
			return fmt.Errorf("%w: check %q has no doc", ErrInvalidCheck, c.Name)
		case c.Run == nil:
			return fmt.Errorf("%w: check %q has no Run", ErrInvalidCheck, c.Name)
		case seen[c.Name]:
			return fmt.Errorf("%w: two checks are named %q", ErrInvalidCheck, c.Name)
		}
		seen[c.Name] = true
	}
	return nil
}

// Run applies checks to the pass's record and returns the findings sorted
// by weight, strongest first.
//
// A finding with a Prior is weighed as a likelihood ratio. With a baseline,
// the findings of intrinsic checks are calibrated against it: the chance
// that a genuine document shows the trait is estimated from the comparable
// baseline documents (Baseline.genuineRate), so evidence the organisation's
// genuine documents show too (every signed contract has an incremental
// update) is weak there, and evidence none of them shows is strong.
// Findings resting on one fact are then combined (Combine).
func Run(p *Pass, checks []*Check) []Finding {
	if p.LeaveOut && p.Baseline != nil {
		// The checks ask the baseline about the record one feature at a
		// time, each leaving the record's own values out: its features
		// are computed once for them all.
		defer p.Baseline.holdSelf(p.Record)()
	}
	var out []Finding
	for _, c := range checks {
		if c.NeedsBaseline && p.Baseline == nil {
			continue
		}
		for _, f := range c.Run(p) {
			f.Check = c.Name
			if f.Fact == "" {
				f.Fact = c.Fact
			}
			switch {
			case f.Prior != nil && !c.NeedsBaseline && p.Baseline != nil && p.Baseline.counts(c.Name):
				rate, note := p.genuineRate(&f, f.Prior.Genuine)
				f.Strength = clampWeight(log10LR(f.Prior.Forged, rate))
				f.Compared = note
			case f.Prior != nil:
				f.Strength = f.Prior.Weight()
				if f.Compared == "" {
					f.Compared = fmt.Sprintf("prior: %.3g of forgeries, %.3g of genuine documents", f.Prior.Forged, f.Prior.Genuine)
				}
			default:
				f.Strength = f.Weight
				if f.Compared == "" {
					f.Compared = fmt.Sprintf("a fixed weight of %s: no population estimates it", strconv.FormatFloat(f.Weight, 'f', -1, 64))
				}
			}
			f.Strength = round2(f.Strength)
			out = append(out, f)
		}
	}
	Combine(out)
	SortFindings(out)
	return out
}

// findingKey identifies the kind of a finding across documents: the check,
// the first field it rests on and its subject, the same for every document
// showing the same trait (e.g. "editing-traces|pdf.revisions",
// "anachronism|odf.meta.meta:generator|software LibreOffice 7.4").
func findingKey(f Finding) string {
	k := f.Check
	if len(f.Fields) > 0 {
		k += "|" + presenceKey(f.Fields[0])
	}
	if f.Subject != "" {
		k += "|" + f.Subject
	}
	return k
}

// SortFindings orders findings strongest first, then by check and message,
// so reports are stable.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Weight != fs[j].Weight {
			return fs[i].Weight > fs[j].Weight
		}
		if fs[i].Check != fs[j].Check {
			return fs[i].Check < fs[j].Check
		}
		return fs[i].Message < fs[j].Message
	})
}

// Score sums the weights of findings.
func Score(fs []Finding) float64 {
	s := 0.0
	for _, f := range fs {
		s += f.Weight
	}
	return round2(s)
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// log10LR returns log10(pForged/pGenuine), guarding against zeros.
func log10LR(pForged, pGenuine float64) float64 {
	const eps = 1e-6
	return math.Log10(math.Max(pForged, eps) / math.Max(pGenuine, eps))
}
