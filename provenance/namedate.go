package provenance

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// KeyNameDate is the derived presence key of a document whose file name
// carries a date ("Minutes_2023-05-15.odt", "IMG_20230515_101500.jpg"): it
// is not a format's field but read from Record.Path, and baselines count
// it so that name-date findings are calibrated among the documents that
// could show them.
const KeyNameDate = "path.date"

// nameDatePattern finds a calendar date in a file name, year first, with
// or without separators, optionally followed by a time of day: the forms
// cameras, phones, scanners and people's naming schemes write. The
// digits either side must not be digits (fileNameDate checks): that rules
// out longer numbers, an invoice number or a serial.
var nameDatePattern = regexp.MustCompile(`((?:19|20)[0-9]{2})([-_.]?)(0[1-9]|1[0-2])([-_.]?)(0[1-9]|[12][0-9]|3[01])(?:[-_ T.]?([01][0-9]|2[0-3])([-_.:h]?)([0-5][0-9])([-_.:m]?)([0-5][0-9]))?`)

// nameDate is the date (and, when the name has one, the time of day) that a
// file name states, as a wall clock.
type nameDate struct {
	t       time.Time
	hasTime bool
	text    string
	// alt is the other reading of a day-and-month date that both orders
	// allow ("05-06-21": 5 June or May 6); zero when there is none.
	alt time.Time
}

// shortDatePattern finds a date written day or month first with the year
// last ("12-5-21", "15.05.2023", "5_6_2021"): how people name files in
// most of the world. A two-digit year takes a dash or an underscore, and a
// dot only a four-digit year, so that version numbers ("7.4.7") do not
// read as dates.
var shortDatePattern = regexp.MustCompile(`([0-9]{1,2})([-_])([0-9]{1,2})([-_])([0-9]{2}|(?:19|20)[0-9]{2})|([0-9]{1,2})(\.)([0-9]{1,2})(\.)((?:19|20)[0-9]{2})`)

// shortDate reads base's day-or-month-first date, if it has exactly one.
func shortDate(base string) (nameDate, bool) {
	ms := shortDatePattern.FindAllStringSubmatchIndex(base, -1)
	var found []nameDate
	for _, m := range ms {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return base[m[2*i]:m[2*i+1]]
		}
		a, sep1, b, sep2, y := g(1), g(2), g(3), g(4), g(5)
		if a == "" {
			a, sep1, b, sep2, y = g(6), g(7), g(8), g(9), g(10)
		}
		before, after := byte(0), byte(0)
		if m[0] > 0 {
			before = base[m[0]-1]
		}
		if m[1] < len(base) {
			after = base[m[1]]
		}
		if sep1 != sep2 || before >= '0' && before <= '9' || before == '.' || after >= '0' && after <= '9' ||
			after == '.' && m[1]+1 < len(base) && base[m[1]+1] >= '0' && base[m[1]+1] <= '9' {
			continue
		}
		year, _ := strconv.Atoi(y)
		if len(y) == 2 {
			year += 2000
			if year > time.Now().Year()+1 {
				year -= 100
			}
		}
		x, _ := strconv.Atoi(a)
		z, _ := strconv.Atoi(b)
		valid := func(month, day int) (time.Time, bool) {
			t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
			return t, month >= 1 && month <= 12 && day >= 1 && t.Day() == day
		}
		monthFirst, ok1 := valid(x, z)
		dayFirst, ok2 := valid(z, x)
		nd := nameDate{text: base[m[0]:m[1]]}
		switch {
		case ok1 && ok2:
			nd.t = monthFirst
			if !monthFirst.Equal(dayFirst) {
				nd.alt = dayFirst
			}
		case ok1:
			nd.t = monthFirst
		case ok2:
			nd.t = dayFirst
		default:
			continue
		}
		found = append(found, nd)
	}
	if len(found) != 1 {
		return nameDate{}, false
	}
	return found[0], true
}

// fileNameDate returns the date a record's file name states, if it states
// exactly one (a name with two different dates, "report_20230101-20230331",
// names a period, not when it was written).
func fileNameDate(r *Record) (nameDate, bool) {
	base := fileName(r.Path)
	digitAt := func(i int) bool { return i >= 0 && i < len(base) && base[i] >= '0' && base[i] <= '9' }
	var found []nameDate
	for pos := 0; pos < len(base); {
		m := nameDatePattern.FindStringSubmatchIndex(base[pos:])
		if m == nil {
			break
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += pos
			}
		}
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return base[m[2*i]:m[2*i+1]]
		}
		hasTime := m[12] >= 0
		if hasTime && (g(7) != g(9) || digitAt(m[1])) {
			// Not a time of day ("…_2023-05-15_2023-05-16" reads "_20",
			// "23", "-05" as one), or digits run on: the date alone.
			hasTime = false
			m[1] = m[11]
		}
		// Look for another date after this one, where a rejected time of
		// day may have started.
		pos = m[1]
		if digitAt(m[0]-1) || digitAt(m[1]) || g(2) != g(4) {
			continue // part of a longer number, or "2023-0515"
		}
		y, _ := strconv.Atoi(g(1))
		mo, _ := strconv.Atoi(g(3))
		d, _ := strconv.Atoi(g(5))
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d {
			continue // 2023-02-30
		}
		nd := nameDate{t: t, text: base[m[0]:m[1]]}
		if hasTime {
			h, _ := strconv.Atoi(g(6))
			mi, _ := strconv.Atoi(g(8))
			s, _ := strconv.Atoi(g(10))
			nd.t = nd.t.Add(time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(s)*time.Second)
			nd.hasTime = true
		}
		if len(found) > 0 && !sameDay(found[0].t, nd.t) {
			return nameDate{}, false
		}
		found = append(found, nd)
	}
	if len(found) == 0 {
		return shortDate(base)
	}
	return found[0], true
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// nameDatePrior is what a gap between a file name's date and the claimed
// creation says before the baseline is consulted. A forger who names a new
// document after the date it pretends to but writes it weeks later, or
// re-dates a photo whose camera-given name keeps the moment it was taken,
// leaves such a gap a quarter of the time; genuine naming drifts a few
// days often (minutes written up after the meeting), by months rarely, and
// a camera's name and clock agree to the second.
func nameDatePrior(gap time.Duration) Prior {
	switch {
	case gap < 24*time.Hour:
		return Prior{Forged: 0.25, Genuine: 0.05}
	case gap < 8*24*time.Hour:
		return Prior{Forged: 0.15, Genuine: 0.1}
	case gap < 60*24*time.Hour:
		return Prior{Forged: 0.25, Genuine: 0.05}
	}
	return Prior{Forged: 0.25, Genuine: 0.03}
}

// nameDateGrade is the grade a gap is compared at: the power of two, in
// minutes, of a quarter of it. A baseline document is counted under the
// grade of its whole gap and every lower one (NameDate.CountsAs), so a
// grade's baseline rate is the share of documents whose gap is at least
// about a quarter of this one's:
// a baseline whose names drift by a month vouches for a gap of two, not
// of a year.
func nameDateGrade(gap time.Duration) int {
	g := 0
	for m := int64(gap.Minutes()) / 4; m > 1; m >>= 1 {
		g++
	}
	return g
}

func nameDateSubject(grade int) string { return fmt.Sprintf("gap>=%dmin", 1<<grade) }

// packageGapSubject is nameDateSubject for the time a ZIP package was
// written rather than the claimed creation.
func packageGapSubject(grade int) string { return fmt.Sprintf("package-gap>=%dmin", 1<<grade) }

// NameDate finds a document whose file name states a date (and time) far
// from the one its own metadata claims for its creation: a new document
// named after the date it pretends to, but written months later; a photo
// whose clock was shifted while its camera-given name kept the moment it
// was taken. How far genuine documents' names and claims drift is the
// organisation's habit, which the baseline measures per producer chain.
var NameDate = &Check{
	Name: "name-date",
	Fact: FactClock,
	Doc:  "the date in the file name is far from the creation the document claims, or from when its package was written",
	CountsAs: func(f Finding) []string {
		kind, grade, ok := strings.Cut(f.Subject, ">=")
		var g int
		if _, err := fmt.Sscanf(grade, "%dmin", &g); !ok || err != nil || g < 1 {
			return []string{f.Subject}
		}
		// The subject is the grade of a quarter of the gap; the gap
		// itself reaches four times as far.
		var out []string
		for m := 1; m <= 4*g; m <<= 1 {
			out = append(out, fmt.Sprintf("%s>=%dmin", kind, m))
		}
		return out
	},
	Run: func(p *Pass) []Finding {
		r := p.Record
		nd, ok := fileNameDate(r)
		if !ok {
			return nil
		}
		claim, which := r.Created, "created"
		if !plausible(claim) {
			claim, which = r.Modified, "modified"
		}
		if !plausible(claim) {
			return nil
		}
		gap := nameGap(wallClock(claim), nd.t, nd.hasTime)
		if !nd.alt.IsZero() {
			// Of two readings, the one nearer the claim: a name is
			// evidence only where no reading of it agrees.
			if g := nameGap(wallClock(claim), nd.alt, false); g.Abs() < gap.Abs() {
				gap = g
			}
		}
		var out []Finding
		dir := "after"
		if gap < 0 {
			gap, dir = -gap, "before"
		}
		if orig, ok := p.Baseline.namedOriginal(r, nd.t); ok && gap >= 24*time.Hour && dir == "after" {
			// A later version keeps its original's name: the gap is
			// its being later, which shared-identifier weighs.
			out = append(out, Finding{
				Weight:   0,
				Message:  fmt.Sprintf("its file name says %s, the date of genuine document %s, whose title and %s it shares; it claims to have been %s %s, %s after: a later version under its original's name", nd.text, orig.Path, orig.kind, which, claim.Time.Format("2006-01-02 15:04"), roundGap(gap)),
				Fields:   append([]string{KeyNameDate}, timeFields(r, which)...),
				Observed: fmt.Sprintf("%s %s; name %s", which, claim, nd.t.Format(nameDateLayout(nd))),
				Related:  []string{orig.Path},
				Compared: "a later version of a baseline document dated as its name says: weighed as one, by shared-identifier",
			})
		} else if gap >= 10*time.Minute && (nd.hasTime || gap >= 24*time.Hour) {
			prior := nameDatePrior(gap)
			out = append(out, Finding{
				Prior:    &prior,
				Subject:  nameDateSubject(nameDateGrade(gap)),
				Message:  fmt.Sprintf("its file name says %s, but it claims to have been %s %s, %s %s it", nd.text, which, claim.Time.Format("2006-01-02 15:04"), roundGap(gap), dir),
				Fields:   append([]string{KeyNameDate}, timeFields(r, which)...),
				Observed: fmt.Sprintf("%s %s; name %s", which, claim, nd.t.Format(nameDateLayout(nd))),
				Expected: "a claim near the name's date, as the comparable baseline documents show",
			})
		}
		// The time its ZIP package was written is the save the bytes
		// record, whatever the properties claim (an export that copies
		// a template's properties, an edit that restored them): written
		// long after the day its name gives, and after the last save it
		// claims, the file was saved again without its claims saying so.
		if pkg, key := latestPackageTime(r); key != "" && (!plausible(r.Modified) || earlier(r.Modified, pkg, 24*time.Hour)) {
			pgap := nameGap(wallClock(pkg), nd.t, false)
			if pgap >= 2*24*time.Hour {
				prior := nameDatePrior(pgap)
				out = append(out, Finding{
					Prior:    &prior,
					Subject:  packageGapSubject(nameDateGrade(pgap)),
					Message:  fmt.Sprintf("its file name says %s, but its package was written %s, %s after it", nd.text, pkg.Time.Format("2006-01-02 15:04"), roundGap(pgap)),
					Fields:   []string{KeyNameDate, key},
					Observed: fmt.Sprintf("package written %s; name %s", pkg, nd.t.Format(nameDateLayout(nd))),
					Expected: "a package written near the name's date, as the comparable baseline documents show",
				})
			}
		}
		return out
	},
}

// namedOriginal is the baseline document a questioned one is a later
// version of, when its file name's date is that document's: one that
// shares an identifier with it (a page, a document ID, its creation) and
// its title, saved last between a day before the name's date and the
// week after (the drift nameDatePrior allows a genuine name). Not by the
// copied times or effort, whose dates a copier chose.
func (b *Baseline) namedOriginal(r *Record, named time.Time) (namedRef, bool) {
	title := normValue(r.Title)
	if b == nil || title == "" {
		return namedRef{}, false
	}
	for _, id := range indexedIdentifiers(r) {
		if id.Kind == KindClaimedTimes || id.Kind == KindClaimedEffort {
			continue
		}
		for _, ref := range b.identifierRefs(id.Kind, id.Value) {
			if ref.Path == r.Path || ref.SHA256 == r.SHA256 || ref.Title != title || ref.Saved.IsZero() {
				continue
			}
			if inNameDrift(ref.Saved.Sub(named)) {
				return namedRef{ref, id.Kind}, true
			}
		}
	}
	return namedRef{}, false
}

// inNameDrift reports whether a save d after the day a file name gives
// is within the drift nameDatePrior allows a genuine name: from a day
// before to the week after.
func inNameDrift(d time.Duration) bool { return d >= -24*time.Hour && d <= 8*24*time.Hour }

// A namedRef is namedOriginal's document, and the kind of identifier the
// two share.
type namedRef struct {
	DocRef
	kind string
}

// nameGap is how far a claimed wall clock is after the name's date (or
// moment): for a date without a time, whole days apart with a day of slack
// for the offset the claim may be written in.
func nameGap(wall, named time.Time, hasTime bool) time.Duration {
	if hasTime {
		return wall.Sub(named)
	}
	day := time.Date(wall.Year(), wall.Month(), wall.Day(), 0, 0, 0, 0, time.UTC)
	gap := day.Sub(named)
	switch {
	case gap > 24*time.Hour:
		return gap - 24*time.Hour
	case gap < -24*time.Hour:
		return gap + 24*time.Hour
	}
	return 0
}

func nameDateLayout(nd nameDate) string {
	if nd.hasTime {
		return "2006-01-02 15:04:05"
	}
	return "2006-01-02"
}

// roundGap writes a duration as a person reads it: "3 h 20 min", "41 days".
func roundGap(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	case d >= time.Hour:
		return fmt.Sprintf("%d h %d min", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%d min", int(d.Minutes()))
}

// fileName is the last element of a record's path. A path with a slash is
// split there only: docprov writes a name that is not UTF-8 with
// backslash escapes ("a\xff.docx"), which must not read as folders. A
// path with backslashes and no slash is a Windows one ("C:\Users\x\a.doc").
func fileName(p string) string {
	if strings.Contains(p, "/") {
		return path.Base(p)
	}
	return path.Base(strings.ReplaceAll(p, `\`, "/"))
}
