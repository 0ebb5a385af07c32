package provenance

import (
	"math"
	"sort"
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
	Run           func(*Pass) []Finding
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
	Check   string  `json:"check"`
	Weight  float64 `json:"weight"`
	Message string  `json:"message"`
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
}

// Checks returns docprov's checks: those that need only the document, then
// those that compare it with a baseline. Corpus-wide checks (bursts,
// families) run over a whole scan; see Scanner.
func Checks() []*Check {
	return []*Check{
		TimeOrder, FutureDates, EditTimeSpan, SourcesDisagree, EditingTraces, Anachronism,
		ProducerMismatch, EmailAuthenticity, Scrubbed, RareValue, SharedIdentifier, TimeWindow,
	}
}

// Run applies checks to the pass's record and returns the findings sorted
// by weight, strongest first.
//
// With a baseline, the findings of intrinsic checks are calibrated against
// it: evidence that the organisation's genuine documents show too (every
// signed contract has an incremental update; every file of an office that
// runs a pre-release suite is "anachronistic") is weak evidence there,
// whatever it means elsewhere. A finding that a share q of the baseline's
// documents also have keeps the fraction (1−q) of its weight, and says so.
func Run(p *Pass, checks []*Check) []Finding {
	var out []Finding
	for _, c := range checks {
		if c.NeedsBaseline && p.Baseline == nil {
			continue
		}
		for _, f := range c.Run(p) {
			f.Check = c.Name
			if !c.NeedsBaseline && p.Baseline != nil && f.Weight > 0 {
				p.Baseline.calibrate(&f, p.LeaveOut)
			}
			f.Weight = round2(f.Weight)
			out = append(out, f)
		}
	}
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

// intrinsicChecks are the checks that need no baseline and no clock: the
// ones a baseline records the findings of, for calibration.
func intrinsicChecks() []*Check {
	var out []*Check
	for _, c := range Checks() {
		if !c.NeedsBaseline && c != FutureDates {
			out = append(out, c)
		}
	}
	return out
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
