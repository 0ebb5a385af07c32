package provenance

import (
	"fmt"
	"math"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The baseline checks compare a document with the summary of an
// organisation's genuine documents.

// minFeatureObservations is how many baseline observations a feature needs
// before a value it lacks means anything.
// Good–Turing's add-one estimate, (N1+1)/(N+2), already knows how few
// observations there were: three are enough for a new value to mean a
// little (a third of the prior at most).
const minFeatureObservations = 3

// maxSharedRare is how many other documents may share a value for it to
// count as rare in self-baseline mode, and minSharedRareObservations how
// many observations the feature needs there: with few documents every
// value is rare.
const (
	maxSharedRare             = 2
	minSharedRareObservations = 20
)

// pForgedNewValue is the assumed chance that a forged document shows a value
// the genuine documents never show: a forger working from outside often
// does (their own name, their own Office language, their own tools), but
// careful ones copy. One half keeps the evidence of a new value modest
// unless the baseline is very uniform.
const pForgedNewValue = 0.5

// pForgedNewPerson is the same chance for a person's name: a forger who
// wants a document believed attributes it to someone the organisation has
// (every forgery in CASES.md names a real insider), so a name the baseline
// never shows is more often a person it did not sample, or one who joined
// since, than a forger's own.
const pForgedNewPerson = 0.2

// RareValue finds feature values the genuine documents never show, weighted
// by how surprising a new value is in that feature. The chance that a
// genuine document shows a new value is estimated with Good–Turing: the
// share of observations whose value was seen only once, (N1+1)/(N+2). A
// feature where the baseline already has many one-off values (fonts, hours)
// gives weak evidence; one where a few values repeat (the organisation's two
// Office versions, its one company name) gives strong evidence.
//
// When the questioned documents are their own baseline (Pass.LeaveOut), a
// value that at most two other documents show counts too, weighed against
// the share of observations with values that rare: otherwise two forgeries
// by the same outsider vouch for each other.
var RareValue = &Check{
	Name:          "rare-value",
	Doc:           "a feature value the baseline never shows (or, in a self-baseline, only a few other documents show), weighted by how often the baseline itself shows such values",
	NeedsBaseline: true,
	Run: func(p *Pass) []Finding {
		var out []Finding
		self := p.self()
		when, _ := latestClaim(p.Record) // for newcomers, updates and switches
		for _, f := range Features(p.Record) {
			rel := FeatureReliability(f.Name)
			if rel == 0 {
				continue
			}
			if formatBound[f.Name] && !p.knownFormat() {
				continue
			}
			if f.Name == "utc_offset" && f.Value == "+00:00" && p.hasChain() && !p.knownChain() {
				// Many programs write UTC whatever the machine's zone
				// (Chrome's PDFs, img2pdf, LibreOffice's OOXML dates):
				// from a program the baseline never shows, "+00:00"
				// says nothing about the clock that made the file.
				continue
			}
			if strings.HasPrefix(f.Value, "(none: ") {
				// No name at all is less specific than a name nobody
				// at the organisation has: exports, printers and
				// scanners drop names innocently.
				rel *= noneReliability
			}
			if f.Name == featureFingerprintLayout {
				// How a program was run says something only of a
				// program the organisation uses; a new one is weighed
				// as a new fingerprint.
				fp, _, _ := strings.Cut(f.Value, " | ")
				if p.Baseline.stats("fingerprint", fp, self).Count == 0 {
					continue
				}
			}
			if f.Name == featureChainOffset && !p.Baseline.chainOffsetKnown(f.Value, self) {
				// A program the organisation does not use, or an offset
				// its clocks never show: the chain's or the offset's
				// own finding weighs it.
				continue
			}
			if (f.Name == featureSeriesTitle || f.Name == featureChainPackage) && !p.Baseline.pairMembersKnown(f.Name, f.Value) {
				// As for an editor and a program: a new series, or a
				// title word the baseline never shows, is new on its
				// own; only a known title in a known series that never
				// carries it is this pair's evidence.
				continue
			}
			if f.Name == "combo.editor+software" && !p.Baseline.editorProgramKnown(f.Value, self) {
				// A pair is evidence of its own only when the baseline
				// knows both members and never shows them together. A
				// newcomer's name beside the office's program, or a new
				// program beside a known editor, is new only because
				// one member is, and that member's own finding weighs
				// it, with the allowance it is due (people who joined
				// later, programs updated or switched to).
				continue
			}
			st := p.Baseline.stats(f.Name, f.Value, self)
			if st.Total < minFeatureObservations {
				continue
			}
			var w float64
			var msg, note string
			switch {
			case st.Count == 0:
				pNew := float64(st.Singletons+1) / float64(st.Total+2)
				if none := strings.HasPrefix(f.Value, "(none: "); none {
					// Only the format's documents could have shown
					// this format's "none".
					n := p.formatDocs()
					if n < minComparable {
						continue
					}
					pNew = 1 / float64(n+2)
				}
				pForged := pForgedNewValue
				if peopleFeature(f.Name) {
					pForged = pForgedNewPerson
					pNew, note = p.Baseline.newPersonChance(f.Name, pNew, st.Total, when.Time, self, 1)
				}
				if f.Name == "fingerprint" || f.Name == "combo.series+fingerprint" {
					// A series the baseline last shows months ago may
					// have moved to another program since.
					if pLater, n := p.Baseline.switchChance(p.Record, when.Time); pLater > 0 {
						pNew += (1 - pNew) * pLater
						note = n
					}
				}
				if f.Name == "combo.series+fingerprint" {
					if other, n, ok := p.Baseline.seriesProgramAt(p.Record, when.Time); ok {
						// Dated while every baseline document of its
						// series came out of one other program: as
						// strong as a program never seen.
						rel = max(rel, FeatureReliability("fingerprint"))
						note = fmt.Sprintf("dated within the span of the series' %d baseline documents, all made by %s", n, other)
					}
				}
				if strings.HasPrefix(f.Name, "software.") {
					// A newer version of a program the organisation
					// uses, dated after the baseline last shows it,
					// is an update; a program it never shows, in a
					// series the baseline last shows long before, may
					// be the series' new one, as for its fingerprint.
					if pLater, n := p.Baseline.upgradeChance(f.Name, f.Value, when.Time); pLater > 0 {
						pNew += (1 - pNew) * pLater
						note = n
					} else if pLater, n := p.Baseline.switchChance(p.Record, when.Time); pLater > 0 && !p.Baseline.knownProgram(f.Name, f.Value) {
						pNew += (1 - pNew) * pLater
						note = n
					}
				}
				w = rel * log10LR(pForged, pNew)
				msg = fmt.Sprintf("%s %q never appears in the baseline", featureLabel(f.Name), f.Value)
				if strings.HasPrefix(f.Value, "(none: ") {
					msg = fmt.Sprintf("names no %s, where the baseline's %s documents do", featureLabel(f.Name), strings.TrimSuffix(strings.TrimPrefix(f.Value, "(none: "), ")"))
				}
			case p.LeaveOut && st.Count <= maxSharedRare && st.Total >= minSharedRareObservations:
				// In a corpus that is its own baseline, forgeries by
				// one hand share their traces and would vouch for each
				// other. A value only a few other documents show is
				// rare evidence too, weighed against the share of
				// observations whose value is that rare.
				pRare := float64(p.Baseline.rareMass(f.Name, self, maxSharedRare+1)+1) / float64(st.Total+2)
				pForged := pForgedNewValue
				if peopleFeature(f.Name) {
					// As for a name never seen: forgers name insiders.
					pForged = pForgedNewPerson
				}
				w = rel * log10LR(pForged, pRare)
				msg = fmt.Sprintf("%s %q appears in only %d other questioned document(s)", featureLabel(f.Name), f.Value, st.Count)
			default:
				continue
			}
			if w < minRareWeight {
				continue
			}
			fact := featureFact(f.Name)
			if strings.HasPrefix(f.Value, "(none: ") {
				// A name the document does not carry is about its
				// metadata (a scrubbing tool, a library that writes
				// none), not about a person; for a program the
				// baseline never shows, about that program.
				fact = FactMetadata
				if p.hasChain() && !p.knownChain() {
					fact = FactProgram
				}
			}
			if f.Name == "utc_offset" && p.hasChain() && !p.knownChain() {
				// Whether a file writes an offset, and which, is the
				// program's habit as much as the clock's (LibreOffice
				// writes local time as UTC in OOXML, Chrome writes UTC):
				// for a chain the baseline never shows, a new offset is
				// the program's difference.
				fact = FactProgram
			}
			out = append(out, Finding{
				Weight:   w,
				Message:  msg,
				Fields:   featureFields(p.Record, f.Name),
				Observed: f.Value,
				Expected: topValues(p.Baseline.Features[f.Name], self, f.Name, 5),
				Fact:     fact,
				Compared: strings.TrimSuffix(fmt.Sprintf("%d baseline observations of %s, %d of them of a value seen only once; %s", st.Total, featureLabel(f.Name), st.Singletons, note), "; "),
			})
		}
		return out
	},
}

// chainOffsetKnown reports whether the baseline shows, leaving self out,
// both members of a chain and offset pair, the offset an hour or more
// from every one the chain shows: the chain with other offsets, and this
// offset from another chain. An offset an hour from one the chain shows
// is the same clock in the other half of the year, when the baseline's
// documents of the chain fall in one season only.
func (b *Baseline) chainOffsetKnown(value string, self *Record) bool {
	chainPart, offset, ok := strings.Cut(value, " | ")
	if !ok || b.stats("utc_offset", offset, self).Count == 0 {
		return false
	}
	off, ok, err := parseOffset(offset)
	if !ok || err != nil {
		return false
	}
	known := false
	for v := range b.Features[featureChainOffset] {
		c, o, _ := strings.Cut(v, " | ")
		if c != chainPart || v == value || b.stats(featureChainOffset, v, self).Count == 0 {
			continue
		}
		if other, ok, err := parseOffset(o); ok && err == nil && max(other-off, off-other) <= 3600 {
			return false // daylight saving time
		}
		known = true
	}
	return known
}

// pairMembersKnown reports whether each member of a pair feature's value
// ("letter | carta") is in some other pair of the feature the baseline
// shows. A document has one value of such a feature, so leaving it out
// (a self-baseline) changes only the count of its own pair, which is not
// looked at.
func (b *Baseline) pairMembersKnown(feature, value string) bool {
	first, second, ok := strings.Cut(value, " | ")
	if !ok {
		return true
	}
	// A member's count over all pairs, less this pair's own, is its
	// count in the other pairs.
	own := max(b.Features[feature][value], 0)
	members := b.pairMemberCounts(feature)
	return members["1|"+first]-own > 0 && members["2|"+second]-own > 0
}

// editorProgramKnown reports whether the baseline shows, leaving self
// out, both members of an editor and program pair ("editor | program"):
// the editor as an author or last editor, the program as an application
// or creator in any version.
func (b *Baseline) editorProgramKnown(value string, self *Record) bool {
	editor, program, ok := strings.Cut(value, " | ")
	if !ok {
		return true
	}
	if b.stats("author", editor, self).Count == 0 && b.stats("last_modified_by", editor, self).Count == 0 {
		return false
	}
	for _, feature := range [...]string{"software.application", "software.creator"} {
		for v := range b.Features[feature] {
			if p, _ := programVersion(v); p == program && b.stats(feature, v, self).Count > 0 {
				return true
			}
		}
	}
	return false
}

// versionish matches a version number ("7.4", "16.1.2", "m156").
var versionish = regexp.MustCompile(`^[a-z]?[0-9]+(\.[0-9a-z]+)*$`)

// programVersion splits a software feature value ("libreoffice 7.4",
// "16.1.2 16.1" for a phone that writes its system version alone) into
// the program, without any version-like word, and its version.
func programVersion(value string) (program, version string) {
	words := strings.Fields(value)
	if len(words) == 0 || !versionish.MatchString(words[len(words)-1]) {
		return value, ""
	}
	version = words[len(words)-1]
	var prog []string
	for _, w := range words[:len(words)-1] {
		if !versionish.MatchString(w) {
			prog = append(prog, w)
		}
	}
	return strings.Join(prog, " "), version
}

// upgradeChance estimates the chance that a genuine document dated t
// shows a version of a program newer than every version of it the
// baseline shows, because the organisation updated it after the
// baseline's documents end: from how often the baseline sees a new
// version of it (one a year a priori), over the time since it last shows
// it; likewise for a version older than every one it shows, dated before
// it first shows one (what the organisation used before it updated). A
// newer version dated within the baseline's use of the older ones gets no
// such allowance: that is a version used before its adoption.
func (b *Baseline) upgradeChance(feature, value string, t time.Time) (float64, string) {
	prog, ver := programVersion(value)
	if ver == "" || t.IsZero() {
		return 0, ""
	}
	var span TimeRange
	versions := 0
	newer, older := true, true
	for k, tr := range b.Adoption {
		rest, ok := strings.CutPrefix(k, feature+"=")
		if !ok || tr.N == 0 {
			continue
		}
		p, v := programVersion(rest)
		if p != prog || v == "" {
			continue
		}
		newer = newer && versionLess(v, ver)
		older = older && versionLess(ver, v)
		versions++
		span = span.merge(tr)
	}
	if versions == 0 || !newer && !older {
		return 0, "" // between the versions the baseline shows
	}
	const year = 365.25 * 24 * time.Hour
	years := span.Max.Sub(span.Min).Hours() / year.Hours()
	rate := float64(versions) / (years + 1) // versions - 1 updates seen, plus one a year a priori
	switch {
	case newer && t.After(span.Max):
		gap := t.Sub(span.Max).Hours() / year.Hours()
		p := 1 - math.Exp(-rate*gap)
		return p, fmt.Sprintf("newer than the %s of it the baseline shows, dated %s after it last shows one: chance of an update by then %.2g",
			countNoun(versions, "version", "versions"), days(t.Sub(span.Max)), p)
	case older && t.Before(span.Min):
		// The version the organisation used before the ones its
		// baseline shows: as likely as an update over the same time.
		gap := span.Min.Sub(t).Hours() / year.Hours()
		p := 1 - math.Exp(-rate*gap)
		return p, fmt.Sprintf("older than the %s of it the baseline shows, dated %s before it first shows one: chance of an update since %.2g",
			countNoun(versions, "version", "versions"), days(span.Min.Sub(t)), p)
	}
	return 0, ""
}

// knownProgram reports whether the baseline shows the program of a
// software feature's value in any version.
func (b *Baseline) knownProgram(feature, value string) bool {
	prog, _ := programVersion(value)
	for k := range b.Features[feature] {
		if p, _ := programVersion(k); p == prog {
			return true
		}
	}
	return false
}

// seriesProgramAt reports the one program (as structure shows) every
// baseline document of r's series comes out of, and how many there are,
// when there are at least minAdoptionDocs and t falls within their span.
func (b *Baseline) seriesProgramAt(r *Record, t time.Time) (string, int, bool) {
	series := seriesName(r)
	if series == "" || t.IsZero() {
		return "", 0, false
	}
	prog, tr, ok := b.seriesProgram(r.Format + "#" + series)
	if !ok || t.Before(tr.Min) || t.After(tr.Max) {
		return "", 0, false
	}
	return prog, tr.N, true
}

// seriesProgram returns the one program (as structure shows) every
// baseline document of a series of a format ("pdf#invoice") came out of,
// and when they are dated, when there are at least minAdoptionDocs.
func (b *Baseline) seriesProgram(formatSeries string) (string, TimeRange, bool) {
	prefix := "fingerprint@" + formatSeries + "="
	var prog string
	var tr TimeRange
	for k, v := range b.Adoption {
		if rest, ok := strings.CutPrefix(k, prefix); ok && v.N > 0 {
			if prog != "" {
				return "", TimeRange{}, false // more than one program
			}
			prog, tr = rest, v
		}
	}
	return prog, tr, prog != "" && tr.N >= minAdoptionDocs
}

// minRareWeight is the weakest rare-value finding reported: below it, a
// value's rarity is what the baseline's own diversity predicts.
const minRareWeight = 0.2

// pSeriesSwitch is the assumed rate at which one series of an
// organisation's documents (its statements, its letters) moves to another
// program: about once in two years.
const pSeriesSwitch = 0.5

// switchChance estimates the chance that a genuine document of a series
// dated t comes from another program than the series' baseline documents
// because the series switched after the baseline last shows it: 1 −
// exp(−rate·Δ), Δ the time since its last baseline document. A document
// dated while the series was still seen with its program gets none.
func (b *Baseline) switchChance(r *Record, t time.Time) (float64, string) {
	series := seriesName(r)
	if series == "" || t.IsZero() {
		return 0, ""
	}
	prefix := "fingerprint@" + r.Format + "#" + series + "="
	var span TimeRange
	for k, tr := range b.Adoption {
		if strings.HasPrefix(k, prefix) {
			span = span.merge(tr)
		}
	}
	if span.N < minAdoptionDocs || !t.After(span.Max) {
		return 0, ""
	}
	p := seriesSwitchChance(t.Sub(span.Max))
	return p, fmt.Sprintf("dated %s after the last of the %s of its series %q: chance the series changed program since %.2g",
		days(t.Sub(span.Max)), countNoun(span.N, "baseline document", "baseline documents"), series, p)
}

// seriesSwitchChance is the chance that a series changed program within
// gap: 1 − exp(−pSeriesSwitch·years).
func seriesSwitchChance(gap time.Duration) float64 {
	const year = 365.25 * 24 * time.Hour
	return 1 - math.Exp(-pSeriesSwitch*gap.Hours()/year.Hours())
}

// formatBound names the features whose values only one format's documents
// share (how its ZIP package was written, the default font of its
// styles): compared only when the baseline holds enough documents of the
// format, since a format the organisation's baseline lacks is bound to
// show values it never saw.
var formatBound = map[string]bool{"package": true, featureChainPackage: true, featurePackageOrder: true, "default_font": true, "default_languages": true, featureNumberFormat: true}

// formatDocs is how many baseline documents share the record's format,
// the record itself left out.
func (p *Pass) formatDocs() int {
	n := p.Baseline.Formats[p.Record.Format]
	if p.LeaveOut {
		n--
	}
	return n
}

// knownFormat reports whether the baseline holds at least minComparable
// documents of the record's format, or of its family of formats
// (formatFamily), the record itself left out.
func (p *Pass) knownFormat() bool {
	n := p.formatDocs()
	if fam := formatFamily(p.Record); fam != "" {
		if pop := p.Baseline.Populations[familyKey(fam)]; pop != nil {
			n = pop.Docs
			if p.LeaveOut {
				n--
			}
		}
	}
	return n >= minComparable
}

// noneReliability scales the reliability of a feature's "(none)" value.
const noneReliability = 0.6

// featureFact is the underlying fact a feature shows (see Combine).
func featureFact(name string) string {
	switch {
	case name == "author" || name == "last_modified_by" || name == "script.author" ||
		name == "script.last_modified_by" || name == "combo.editor+software":
		return FactPerson
	case name == "company" || name == "script.company":
		return FactCompany
	case name == "template" || name == featureSeriesTitle:
		return FactTemplate
	case name == "language" || name == "default_languages" || name == featureNumberFormat:
		return FactLocale
	case name == "utc_offset" || name == "hour" || name == "weekday" || name == featureChainOffset:
		return FactClock
	case name == "software.device" || name == "camera" || name == "encoder" || name == "combo.camera+encoder" || name == featureCameraBody:
		return FactDevice
	case name == "combo.series+fingerprint" || name == featureFingerprintLayout || name == featureChainPackage:
		return FactProgram
	case strings.HasPrefix(name, "software.") || name == "fingerprint" || name == "signature" || name == "package" || name == featurePackageOrder:
		return FactProgram
	case name == "font" || name == "default_font":
		return FactTypography
	case name == "updater":
		return FactEditing
	}
	return ""
}

func featureLabel(name string) string {
	switch name {
	case "script.author":
		return "author name written in"
	case "script.last_modified_by":
		return "last editor's name written in"
	case "script.company":
		return "company name written in"
	case "combo.editor+software":
		return "editor and program pair"
	case "encoder":
		return "JPEG quantization tables"
	case "combo.camera+encoder":
		return "camera and JPEG tables pair"
	case "combo.series+fingerprint":
		return "series and program (as its structure shows) pair"
	case featureSeriesTitle:
		return "series and title's first word pair"
	case featureFingerprintLayout:
		return "program (as its structure shows) and PDF layout pair"
	case featureCameraBody:
		return "camera body (make, model and serial)"
	case "utc_offset":
		return "UTC offset"
	case featureChainOffset:
		return "producer chain and UTC offset pair"
	case "updater":
		return "program of the last incremental update"
	case "default_font":
		return "default font"
	case "default_languages":
		return "default style languages"
	case featureNumberFormat:
		return "number format"
	case "package":
		return "ZIP entries written as"
	case featureChainPackage:
		return "producer chain and ZIP writing pair"
	case featurePackageOrder:
		return "ZIP entries in the order"
	}
	return strings.ReplaceAll(name, "_", " ")
}

// featureFields names the Record keys a feature is computed from.
func featureFields(r *Record, name string) []string {
	switch {
	case name == "author" || name == "script.author":
		return []string{"authors"}
	case name == "last_modified_by" || name == "script.last_modified_by":
		return []string{"last_modified_by"}
	case name == "company" || name == "script.company":
		return []string{"company"}
	case name == "utc_offset" || name == featureChainOffset:
		out := []string{"created", "modified", "metadata_date"}
		if r.Fields[KeyWordSavedOffset] != "" {
			out = append(out, KeyWordSavedOffset)
		}
		return out
	case name == "hour" || name == "weekday":
		return []string{"modified"}
	case name == "updater":
		return []string{KeyPDFFingerprintUpdater}
	case name == featurePackageOrder:
		var out []string
		for _, p := range packageEntryPrefixes {
			for i := 0; len(out) < 16; i++ {
				k := p + strconv.Itoa(i) + "]"
				if _, ok := r.Fields[k]; !ok {
					break
				}
				out = append(out, k)
			}
		}
		return out
	case name == "package" || name == featureChainPackage:
		var out []string
		for _, p := range packageEntryPrefixes {
			out = append(out, r.Fields.WithPrefix(p)...)
		}
		if len(out) > 6 {
			out = out[:6]
		}
		return out
	case name == "font":
		return fontFields(r)
	case name == featureNumberFormat:
		return numberFormatFields(r)
	case name == "default_font":
		var out []string
		for _, k := range defaultFontKeys {
			if r.Fields[k] != "" {
				out = append(out, k)
			}
		}
		return out
	case name == "default_languages":
		var out []string
		for _, keys := range defaultLanguageKeys {
			for _, k := range keys {
				if r.Fields[k] != "" {
					out = append(out, k)
				}
			}
		}
		return out
	case name == "fingerprint" || strings.HasPrefix(name, "software."):
		var out []string
		for _, s := range r.Software {
			if name == "fingerprint" && s.Inferred() ||
				name == "software."+string(s.Role) {
				out = append(out, s.Source)
			}
		}
		return out
	case name == "combo.editor+software":
		return []string{"last_modified_by", "software"}
	case name == "encoder":
		return []string{"jpeg.dqt.hash", "jpeg.subsampling"}
	case name == "combo.camera+encoder":
		return []string{"camera", "jpeg.dqt.hash", "jpeg.subsampling"}
	case name == featureFingerprintLayout:
		return []string{KeyPDFFingerprintProducer, KeyPDFLinearized}
	case name == featureCameraBody:
		return []string{"camera"}
	case name == featureSeriesTitle:
		return []string{"path", "title"}
	case name == "combo.series+fingerprint":
		out := []string{"path"}
		for _, s := range r.Software {
			if s.Inferred() {
				out = append(out, s.Source)
			}
		}
		return out
	}
	return []string{name}
}

// topValues describes the baseline's most common values of a feature.
func topValues(vals map[string]int, self *Record, feature string, n int) string {
	counts := make(map[string]int, len(vals))
	for v, c := range vals {
		counts[v] = c
	}
	if self != nil {
		for _, f := range Features(self) {
			if f.Name == feature {
				counts[f.Value]--
			}
		}
	}
	type vc struct {
		v string
		c int
	}
	var list []vc
	for v, c := range counts {
		if c > 0 {
			list = append(list, vc{v, c})
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].c != list[j].c {
			return list[i].c > list[j].c
		}
		return list[i].v < list[j].v
	})
	var parts []string
	for i, e := range list {
		if i == n {
			parts = append(parts, fmt.Sprintf("… %d more", len(list)-n))
			break
		}
		parts = append(parts, fmt.Sprintf("%q×%d", e.v, e.c))
	}
	return "baseline: " + strings.Join(parts, ", ")
}

// pForgedScrubbed is the assumed chance that a forged document lacks
// metadata its genuine peers carry (a scrubbing tool, a library that
// writes none), and pGenuineScrubbed the prior chance that a genuine one
// does (an organisation's own privacy workflow, a different export path).
const (
	pForgedScrubbed  = 0.3
	pGenuineScrubbed = 0.1
)

// pForgedPartial is the assumed chance that a forged document lacks a
// property its program always writes in a part the document still
// carries (IsProgramProperty): a date removed with a metadata editor, a
// Save As from a copy whose metadata had been removed, an installation
// without a user name, a library that writes the part with fewer fields.
// Lower than pForgedScrubbed: it is one of several ways a forger leaves
// the part.
const pForgedPartial = 0.1

// usualShare is the share of comparable documents a field must be in to
// count as one the organisation's program usually writes.
const usualShare = 0.8

// Scrubbed finds metadata the comparable genuine documents carry and this
// one lacks. For each metadata field of the comparable population, the
// chance that a genuine document lacks it is estimated as
// (documents lacking it + s·prior) / (documents + s); the rarest absence
// gives the denominator. A scrubbing tool removes most of what the
// program writes, while a person leaves one field blank: the numerator is
// pForgedScrubbed times the share of the usual fields (those in at least
// usualShare of the population) that are missing. All missing fields are
// one finding.
//
// A document that kept a part (a PDF's Info, an ODF's meta.xml) is also
// compared with the population's documents that carry that part: lacking
// a property their program always writes there (a save time, the user
// name, a count; not one a person types, IsProgramProperty) has a rate
// counted among those documents alone, with pForgedPartial over it. An
// office whose privacy step removes meta.xml from half its files does not
// hide a file whose meta.xml has no creation date.
var Scrubbed = &Check{
	Name:          "scrubbed",
	Doc:           "metadata that the comparable baseline documents carry is missing",
	NeedsBaseline: true,
	Fact:          FactMetadata,
	Run: func(p *Pass) []Finding {
		r := p.Record
		have := map[string]bool{}
		for _, k := range presenceKeys(r) {
			have[k] = true
		}
		// The most specific population large enough; a scrubbed file
		// often shows no chain the baseline knows, and falls back to its
		// format. Every document together says nothing about one format.
		comparables := p.comparables()
		for i, c := range comparables {
			if c.key == "" || c.docs < minComparable {
				continue
			}
			// The next wider population (its format, its family of
			// formats) says how often the organisation's documents lack
			// a field elsewhere: a small population that never does is
			// shrunk towards it rather than towards the fixed prior (an
			// office whose privacy step strips its spreadsheets may
			// strip a letter too).
			var parent *comparableCounts
			for _, w := range comparables[i+1:] {
				if w.key != "" && w.docs > c.docs {
					parent = w
					break
				}
			}
			var missing, partial []string
			usual, usualMissing := 0, 0
			bestRate, bestPartial := 1.0, 1.0
			for k := range c.pop.Presence {
				if !IsMetadataKey(k) {
					continue
				}
				n := c.presence(k)
				if float64(n) >= usualShare*float64(c.docs) {
					usual++
					if !have[k] {
						usualMissing++
					}
				}
				if have[k] {
					continue
				}
				prior := pGenuineScrubbed
				if parent != nil {
					if pn := parent.presence(k); pn > 0 {
						prior = max(prior, (float64(parent.docs-pn)+priorStrength*pGenuineScrubbed)/(float64(parent.docs)+priorStrength))
					}
				}
				rate := (float64(c.docs-n) + priorStrength*prior) / (float64(c.docs) + priorStrength)
				if log10LR(pForgedScrubbed, rate) >= 0.3 {
					missing = append(missing, k)
					bestRate = min(bestRate, rate)
				}
				// Within a part the document kept: how often the
				// comparable documents that carry the part lack a
				// property their program fills itself. A privacy step
				// removes whole parts, and a person leaves a title
				// blank (the share above weighs that); but a program
				// writes its save times, user name and counts itself:
				// a part without one its program always writes there
				// is a property removed by hand, a save from a copy
				// that had lost it, or another installation's save.
				partKey := partPresenceKey(metadataPart(k))
				if !IsProgramProperty(k) || !have[partKey] {
					continue
				}
				withPart := c.presence(partKey)
				if withPart < minComparable {
					continue
				}
				partPrior := pGenuineScrubbed
				if parent != nil {
					if pw, pn := parent.presence(partKey), parent.presence(k); pn > 0 && pw >= pn {
						partPrior = max(partPrior, (float64(pw-pn)+priorStrength*pGenuineScrubbed)/(float64(pw)+priorStrength))
					}
				}
				partRate := (float64(withPart-min(n, withPart)) + priorStrength*partPrior) / (float64(withPart) + priorStrength)
				if log10LR(pForgedPartial, partRate) >= 0.3 {
					partial = append(partial, k)
					bestPartial = min(bestPartial, partRate)
				}
			}
			fact := presenceFact(p, c)
			if fact == FactProgram {
				bestRate = max(bestRate, pPresenceNewProgram)
				bestPartial = max(bestPartial, pPresenceNewProgram)
			}
			w := 0.0
			if len(missing) > 0 && usual > 0 {
				w = log10LR(pForgedScrubbed*float64(usualMissing)/float64(usual), bestRate)
			}
			if len(partial) > 0 {
				if wp := log10LR(pForgedPartial, bestPartial); wp > w {
					sort.Strings(partial)
					part := metadataPart(partial[0])
					name, withPart := strings.TrimSuffix(part, "."), c.presence(partPresenceKey(part))
					return []Finding{{
						Fact:     fact,
						Weight:   clampWeight(wp),
						Message:  fmt.Sprintf("%s that its program writes itself missing from its %s, which the comparable baseline documents with one carry", countNoun(len(partial), "property", "properties"), name),
						Fields:   partial,
						Observed: "absent",
						Expected: fmt.Sprintf("present in most of the %d %s that carry %s", withPart, populationLabel(c.key), name),
						Compared: fmt.Sprintf("%d %s in the baseline carry %s; rarest absence among them estimated at %.3g", withPart, populationLabel(c.key), name, bestPartial),
					}}
				}
			}
			if w < 0.2 {
				return nil
			}
			sort.Strings(missing)
			return []Finding{{
				Fact:     fact,
				Weight:   clampWeight(w),
				Message:  fmt.Sprintf("%d metadata field(s) missing that the comparable baseline documents carry", len(missing)),
				Fields:   missing,
				Observed: "absent",
				Expected: fmt.Sprintf("present in most of %d %s", c.docs, populationLabel(c.key)),
				Compared: fmt.Sprintf("%d %s in the baseline, %d usual metadata fields of which %d are missing; rarest absence in genuine documents estimated at %.3g", c.docs, populationLabel(c.key), usual, usualMissing, bestRate),
			}}
		}
		return nil
	},
}

// presenceFact is the fact behind a difference in the metadata a document
// carries. Compared with documents its own program wrote (its producer
// chain, or its structure whatever it claims), or with its format or
// family when the baseline does know its program but has too few of its
// documents to compare with alone, what it carries is a metadata fact:
// scrubbed, or added by an editor. Compared only with its format, because
// the baseline knows no document of its program, the
// difference is the program's: that fact, and weak, since a program the
// organisation does not use writes other fields (pPresenceNewProgram).
func presenceFact(p *Pass, c *comparableCounts) string {
	claim, _ := chain(p.Record)
	if (!chainKnown(c.key) || claim != "" && structureOnly(c.key)) && p.hasChain() && !p.knownChain() {
		return FactProgram
	}
	return FactMetadata
}

// structureOnly reports whether a population key is of the documents of
// one structure whatever they claim (populationKeys).
func structureOnly(key string) bool { return strings.Contains(key, "|*|") }

// pPresenceNewProgram is the assumed chance that a genuine document of a
// program the baseline never shows differs in the metadata fields it
// carries: a browser's print, a scanner's PDF, another suite's export.
const pPresenceNewProgram = 0.3

// hasChain reports whether the record names a program or shows one.
func (p *Pass) hasChain() bool { return chainKnown(populationKeys(p.Record)[0]) }

// knownChain reports whether the baseline holds at least minComparable
// documents of the record's program: of its producer chain, or of its
// structure whatever they claim, in its format or, for a format of a
// family, in any of the family's (an office whose LibreOffice writes
// fifteen .docx knows LibreOffice's OOXML when it sees its fifth .xlsx).
// Documents of its structure that claim other programs do not make a
// record that claims its own program known: qpdf's rewrites of the
// office's exports are not a scanner's PDF that qpdf wrapped.
func (p *Pass) knownChain() bool {
	claim, _ := chain(p.Record)
	for _, c := range p.comparables() {
		if claim != "" && structureOnly(c.key) {
			// Documents of its structure that claim other programs:
			// a rewriting tool's (qpdf) output of the office's
			// exports is no scanner's PDF wrapped by the same tool.
			continue
		}
		if chainKnown(c.key) && c.docs >= minComparable {
			return true
		}
	}
	if p.Baseline == nil {
		return false
	}
	if k := familyChainKey(p.Record); k != "" {
		if pop := p.Baseline.Populations[k]; pop != nil {
			n := pop.Docs
			if p.self() != nil {
				n--
			}
			return n >= minComparable
		}
	}
	return false
}

// pForgedAdded is the assumed chance that a forged document carries a
// metadata field its genuine peers never carry (a metadata editor's XMP, a
// property the forger's program fills in).
const pForgedAdded = 0.3

// AddedMetadata finds metadata fields that none of the comparable genuine
// documents carry: the inverse of scrubbed. How often a genuine document
// carries a field its peers never do is estimated with Good–Turing from the
// population itself: (fields only one of its documents carries + 1) /
// (documents + 2), so a population with many one-off fields gives weak
// evidence.
// Placeholder finds a descriptive property holding the default a document
// library writes when its caller leaves the property unset ("unspecified",
// "untitled": placeholderValues), where the comparable baseline documents
// carry that property with values of their own: a script of the
// organisation's fills it, a forger's new script did not. Weighed by how
// many of the comparable documents that carry the property hold the
// placeholder too: an office whose script never sets a subject shows it
// in every document.
var Placeholder = &Check{
	Name:          "placeholder",
	Doc:           "a property holds a library's placeholder where the comparable baseline documents give it a value of their own",
	NeedsBaseline: true,
	Fact:          FactMetadata,
	Run: func(p *Pass) []Finding {
		r := p.Record
		var keys []string
		for k, v := range r.Fields {
			if isPlaceholder(k, v) {
				keys = append(keys, k)
			}
		}
		if len(keys) == 0 {
			return nil
		}
		sort.Strings(keys)
		for _, c := range p.comparables() {
			if c.key == "" || c.docs < minComparable {
				continue
			}
			var fields []string
			best, bestCarry, bestHeld := 1.0, 0, 0
			for _, k := range keys {
				pk := presenceKey(k)
				carry := c.presence(pk)
				if float64(carry) < usualShare*float64(c.docs) {
					continue // a property its documents mostly lack
				}
				held := c.presence(placeholderPresenceKey(pk))
				rate := (float64(held) + priorStrength*pGenuinePlaceholder) / (float64(carry) + priorStrength)
				if log10LR(pForgedPlaceholder, rate) < 0.3 {
					continue
				}
				fields = append(fields, k)
				if rate < best {
					best, bestCarry, bestHeld = rate, carry, held
				}
			}
			if len(fields) == 0 {
				return nil
			}
			return []Finding{{
				Weight:   clampWeight(log10LR(pForgedPlaceholder, best)),
				Message:  fmt.Sprintf("%s %s a library's placeholder (%q), which the comparable baseline documents fill with values of their own", strings.Join(fields, ", "), map[bool]string{true: "holds", false: "hold"}[len(fields) == 1], r.Fields[fields[0]]),
				Fields:   fields,
				Observed: r.Fields[fields[0]],
				Expected: "a value of its own, as the comparable baseline documents have",
				Compared: fmt.Sprintf("%d of %d %s in the baseline that carry it hold a placeholder", bestHeld, bestCarry, populationLabel(c.key)),
			}}
		}
		return nil
	},
}

// pForgedPlaceholder is the assumed chance that a forged document made by
// a library leaves a descriptive property at its placeholder, and
// pGenuinePlaceholder the prior chance that a genuine one does.
const (
	pForgedPlaceholder  = 0.2
	pGenuinePlaceholder = 0.05
)

var AddedMetadata = &Check{
	Name:          "added-metadata",
	Doc:           "metadata fields that none of the comparable baseline documents carry",
	NeedsBaseline: true,
	Fact:          FactMetadata,
	Run: func(p *Pass) []Finding {
		r := p.Record
		for _, c := range p.comparables() {
			if c.key == "" || c.docs < minComparable {
				// Fields belong to formats: every document together
				// says nothing about one format's.
				continue
			}
			var added, rare []string
			for _, k := range presenceKeys(r) {
				switch n := c.presence(k); {
				case !IsMetadataKey(k):
				case n == 0:
					added = append(added, k)
				case p.LeaveOut && n <= maxSharedRare:
					rare = append(rare, k)
				}
			}
			if len(added) == 0 && (len(rare) == 0 || c.docs < minSharedRareObservations) {
				return nil
			}
			singletons := 0
			for k := range c.pop.Presence {
				if IsMetadataKey(k) && c.presence(k) == 1 {
					singletons++
				}
			}
			rate := float64(singletons+1) / float64(c.docs+2)
			if len(added) == 0 {
				return sharedAddedMetadata(p, c, rare)
			}
			fact := presenceFact(p, c)
			if fact == FactProgram {
				rate = max(rate, pPresenceNewProgram)
			}
			w := log10LR(pForgedAdded, rate)
			if w < 0.2 {
				return nil
			}
			fields := added
			if len(fields) > 8 {
				fields = fields[:8]
			}
			return []Finding{{
				Fact:     fact,
				Weight:   clampWeight(w),
				Message:  fmt.Sprintf("carries %d metadata field(s) that none of the comparable baseline documents carry (%s)", len(added), strings.Join(fields, ", ")),
				Fields:   added,
				Observed: "present",
				Expected: "absent from all " + fmt.Sprint(c.docs) + " " + populationLabel(c.key),
				Compared: fmt.Sprintf("0 of %d %s carry them; %d field(s) are carried by one baseline document only", c.docs, populationLabel(c.key), singletons),
			}}
		}
		return nil
	},
}

// sharedAddedMetadata weighs, in a self-baseline, metadata fields that
// only a few other comparable documents carry (at most maxSharedRare): a
// forger's documents share the fields the forger adds, and would vouch for
// each other as rare-value's shared values would. The rate is the share of
// the comparable documents' metadata fields that are that rare, each
// counted for every document that carries it.
func sharedAddedMetadata(p *Pass, c *comparableCounts, rare []string) []Finding {
	mass := 0
	for k := range c.pop.Presence {
		if n := c.presence(k); IsMetadataKey(k) && n > 0 && n <= maxSharedRare+1 {
			mass += n
		}
	}
	w := log10LR(pForgedAdded, float64(mass+1)/float64(c.docs+2))
	if w < 0.2 {
		return nil
	}
	most := 0
	for _, k := range rare {
		most = max(most, c.presence(k))
	}
	fields := rare
	if len(fields) > 8 {
		fields = fields[:8]
	}
	return []Finding{{
		Fact:     presenceFact(p, c),
		Weight:   clampWeight(w),
		Message:  fmt.Sprintf("carries %d metadata field(s) that at most %d other comparable questioned document(s) carry (%s)", len(rare), most, strings.Join(fields, ", ")),
		Fields:   rare,
		Observed: "present",
		Expected: fmt.Sprintf("absent from nearly all %d %s", c.docs, populationLabel(c.key)),
		Compared: fmt.Sprintf("%d of %d %s carry them; %d carryings of the comparable documents' metadata fields are of fields that rare", most, c.docs, populationLabel(c.key), mass),
	}}
}

// pRevisionFloor is the lowest rate at which a genuine document is taken
// to share an identifier and its title with another of other content (a
// later revision): baselines are archives of final versions, so their own
// rate of such pairs understates a leak's.
const pRevisionFloor = 0.1

// pGenuineTemplateSession is the assumed chance that a genuine document
// that names a template shares the root of its first editing session
// (sessionIDKinds) with another genuine document: the template's, which
// every document made from it inherits, or that of templates made
// together.
const pGenuineTemplateSession = 0.3

// templateSession reports whether an identifier of kind, shared with a
// document naming template named, may be the first session of that
// template: a session root (sessionIDKinds). The documents it is shared
// with need not name one: a document made by opening the template file
// itself, or from a copy of one made from it, carries the template's root
// without naming it.
func templateSession(kind, named string) bool {
	return sessionIDKinds[kind] && named != ""
}

// pForgedSharedID is the assumed chance that a forged document carries an
// identifier of a different genuine document (an edited copy of it, or a
// new document made by Save As from it), and pGenuineSharedID the prior
// chance that a genuine one does (template reuse, Save As of last year's
// report): the baseline's own documents say how common the latter is in
// this organisation.
const (
	pForgedSharedID  = 0.3
	pGenuineSharedID = 0.05
	// pGenuineRevision is the prior share of an organisation's documents
	// that are later revisions of another (v2 of a report, next month's
	// sheet saved over last month's).
	pGenuineRevision = 0.3
)

// SharedIdentifier finds a document that carries an identifier of a
// different genuine document: an edited copy of it, or a document made
// from it by Save As (COPA v Wright; Citizen Lab's "Tainted Leaks"). A
// document with the same content digest as the genuine one is a copy or a
// re-save, not evidence; one with other content is weighed against how
// often the baseline's own documents share that kind of identifier with a
// document of other content.
var SharedIdentifier = &Check{
	Name:          "shared-identifier",
	Doc:           "shares an identifier with a different genuine document: an edited copy of it, or a document made from it",
	NeedsBaseline: true,
	Fact:          FactIdentity,
	Run: func(p *Pass) []Finding {
		r := p.Record
		digest := contentDigest(r)
		var out []Finding
		for _, id := range indexedIdentifiers(r) {
			var same, differ []DocRef
			// Three documents of different content that carry it make
			// it a template's value (below): the walk stops there, so an
			// identifier a whole corpus shares costs three steps, not
			// one per document.
			contents := map[string]bool{}
			for _, ref := range p.Baseline.identifierRefs(id.Kind, id.Value) {
				switch {
				case ref.SHA256 == r.SHA256 || p.LeaveOut && ref.Path == r.Path:
				case digest != "" && ref.Content == digest:
					same = append(same, ref)
				default:
					differ = append(differ, ref)
					contents[contentKey(ref.Content, ref.SHA256)] = true
				}
				if len(contents) >= 3 {
					break
				}
			}
			if len(differ) == 0 {
				if len(same) > 0 {
					out = append(out, Finding{
						Weight:   0,
						Message:  fmt.Sprintf("shares %s with genuine document %s and has the same content: a copy or a re-save of it", id.Kind, same[0].Path),
						Fields:   []string{id.Source, KeyContentDigest},
						Observed: id.Value,
						Related:  refPaths(same),
					})
				}
				continue
			}
			if distinctContents(differ) >= 3 {
				// Three or more genuine documents of different
				// content carry it: a template's value (a letterhead
				// page, a blank page, a default ID), not a parent's.
				continue
			}
			sameFormat := false
			for _, ref := range differ {
				sameFormat = sameFormat || ref.Format == r.Format
			}
			pForged, pGenuine := pForgedSharedID, pGenuineSharedID
			msg := fmt.Sprintf("shares %s with genuine document %s, whose content differs: an edited copy of it, or made from it?", id.Kind, differ[0].Path)
			title := normValue(r.Title)
			sameTitle := title != "" && differ[0].Title == title
			pGenuine = sharedPrior(id.Kind, sameTitle)
			if laterVersionName(r.Path, differ[0].Path) && sameFormat && (sameTitle || title == "" || differ[0].Title == "") &&
				id.Kind != KindClaimedTimes && id.Kind != KindClaimedEffort && id.Kind != "xmp.InstanceID" {
				// Named as a later version of it ("report_v2" of
				// "report"), it keeps what a later version keeps: its
				// identifiers and creation are what the name says, for a
				// revision and for a forger's edit alike.
				out = append(out, Finding{
					Weight:   0,
					Message:  fmt.Sprintf("is named as a later version of genuine document %s and shares its %s: what a later version keeps", differ[0].Path, id.Kind),
					Fields:   []string{"path", id.Source},
					Observed: id.Value,
					Related:  refPaths(differ),
					Compared: "a later version by its file name: as likely for a genuine revision as for an edited copy",
				})
				continue
			}
			switch {
			case id.Kind == KindClaimedCreation && sameTitle:
				msg = fmt.Sprintf("was created with genuine document %s and has its title but other content: a later revision of it, or an edited copy", differ[0].Path)
			case sameTitle && id.Kind != KindClaimedTimes && id.Kind != KindClaimedEffort && sameFormat:
				msg = fmt.Sprintf("shares %s and its title with genuine document %s, but not its content: a later revision of it, or an edited copy", id.Kind, differ[0].Path)
			case id.Kind == KindClaimedEffort && sameFormat:
				msg = fmt.Sprintf("claims the editing effort of genuine document %s (time from creation to last save, editing time, revision, author) but has other content: its properties were copied from it", differ[0].Path)
			case id.Kind == KindClaimedTimes && sameFormat:
				msg = fmt.Sprintf("claims the creation and last-save times of genuine document %s but has other content: changed without its program recording a save", differ[0].Path)
			case id.Kind == "xmp.InstanceID" && sameFormat:
				// An instance ID names one saved state of a file: the
				// same one in different bytes of the same format means
				// the bytes changed without the metadata knowing.
				pGenuine = 0.01
				msg = fmt.Sprintf("has the XMP instance ID of genuine document %s but different content: changed without updating its metadata", differ[0].Path)
			case !sameFormat:
				// A conversion to another format (a PDF export, a
				// HEIC from a JPEG) copies IDs innocently.
				pGenuine = 0.5
				msg = fmt.Sprintf("shares %s with %s, a document of another format: converted from it?", id.Kind, differ[0].Path)
			}
			if p.LeaveOut {
				// Both documents are questioned: which is the parent
				// cannot be told from the identifier alone.
				pForged /= 2
			}
			var self *sharer
			if p.LeaveOut {
				self = &sharer{value: id.Value, format: r.Format, content: contentKey(digest, r.SHA256), sha: r.SHA256}
			}
			rate, compared := p.Baseline.sharingRateWithout(id.Kind, r.Format, pGenuine, self)
			if sameTitle && sameFormat && id.Kind != KindClaimedTimes && id.Kind != KindClaimedEffort && rate < pRevisionFloor {
				// An archive keeps one version of a document, so a
				// baseline without revision pairs says little of how
				// often a leak's documents are later revisions. A later
				// revision's saves move its last-save time, editing
				// time and revision on: it shares neither its times nor
				// its effort with the version before.
				rate = pRevisionFloor
				compared += fmt.Sprintf("; a baseline rarely holds two versions of one document: rate at least %.2g", pRevisionFloor)
			}
			if templateSession(id.Kind, templateName(r.Template)) {
				// Documents made from templates inherit the
				// template's first session: a shared root says
				// little unless they also share a creation
				// (claimed.creation, weighed on its own).
				rate = max(rate, pGenuineTemplateSession)
				compared += "; it names a template, whose first session the other may share"
			}
			out = append(out, Finding{
				Weight:   clampWeight(log10LR(pForged, rate)),
				Message:  msg,
				Fields:   []string{id.Source},
				Observed: id.Value,
				Related:  refPaths(differ),
				Compared: compared,
			})
		}
		return out
	},
}

// laterVersionName reports whether the file name of p is that of
// original with words after it, the way people name a later version
// ("report_v2.odt", "report v2.odt", "report (2).odt", "report_final.odt"
// of "report.odt"), in the same format.
func laterVersionName(p, original string) bool {
	a, b := fileName(p), fileName(original)
	if path.Ext(a) != path.Ext(b) {
		return false
	}
	stem, orig := stemOf(a), stemOf(b)
	return stem != orig && slices.Contains(renditionStems(stem), orig)
}

// sharedPrior is the prior chance that a genuine document shares an
// identifier of this kind with a document of other content: a later
// revision keeps the identifiers, creation time and title of the one
// before it (often); a copy changed without its program recording a save
// keeps both times (rarely); under another title, identifiers are shared
// through templates and Save As (sometimes; the baseline says how often).
func sharedPrior(kind string, sameTitle bool) float64 {
	switch {
	case kind == KindClaimedTimes || kind == KindClaimedEffort:
		return 0.01
	case sameTitle:
		return pGenuineRevision
	}
	return pGenuineSharedID
}

// distinctContents counts the different documents among refs: by content
// digest where they have one, by SHA-256 where they do not.
func distinctContents(refs []DocRef) int {
	seen := map[string]bool{}
	for _, r := range refs {
		seen[contentKey(r.Content, r.SHA256)] = true
	}
	return len(seen)
}

// contentKey tells documents of different content apart: by content
// digest where there is one, by SHA-256 where there is not.
func contentKey(content, sha256 string) string {
	if content != "" {
		return content
	}
	return "sha256:" + sha256
}

func refPaths(refs []DocRef) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Path
	}
	return out
}

// sharingRate estimates the chance that a genuine document of a format
// shares an identifier of this kind with a document of other content:
// the Beta estimate over the baseline's own documents (idSharing) with the
// given prior, or the prior alone without a baseline; and says so.
func (b *Baseline) sharingRate(kind, format string, prior float64) (float64, string) {
	return b.sharingRateWithout(kind, format, prior, nil)
}

// A sharer is a document left out of sharingRateWithout's counts: its
// identifier's value, format, content key (contentKey) and SHA-256.
type sharer struct{ value, format, content, sha string }

// sharingRateWithout is sharingRate with one document left out of the
// counts, as a self-baseline's leave-one-out needs (nil leaves none out):
// the document itself, and each document that shared the value only with
// it. Otherwise a pair of questioned documents, one made from the other,
// would count as the baseline's own habit of sharing and vouch for itself.
func (b *Baseline) sharingRateWithout(kind, format string, prior float64, out *sharer) (float64, string) {
	if b == nil {
		return prior, fmt.Sprintf("no baseline: prior rate %.3g", prior)
	}
	shared, carrying, bucket := b.idSharing(kind, format)
	if out != nil && (bucket == "" || bucket == out.format) {
		if b.idRefCount(kind, out.value) <= refsPerContent {
			refs := b.idRefs(kind, out.value)
			// The same-format refs of other content than each one.
			otherThan := func(content string) int {
				n := 0
				for _, r := range refs {
					if r.Format == out.format && contentKey(r.Content, r.SHA256) != content {
						n++
					}
				}
				return n
			}
			carrying--
			if otherThan(out.content) > 0 {
				shared--
			}
			for _, r := range refs {
				if r.SHA256 == out.sha || r.Format != out.format || contentKey(r.Content, r.SHA256) == out.content {
					continue
				}
				if otherThan(contentKey(r.Content, r.SHA256)) == 1 {
					shared-- // it shared the value only with the one left out
				}
			}
			shared, carrying = max(shared, 0), max(carrying, 0)
		}
	}
	rate := (float64(shared) + priorStrength*prior) / (float64(carrying) + priorStrength)
	return rate, fmt.Sprintf("%d of %d baseline documents with a %s share it with a document of other content", shared, carrying, kind)
}

// identifierRefs returns the baseline documents that carry an identifier,
// in their order, with at most refsPerContent of any one content and at
// most refsContents contents: what SharedIdentifier needs (the parents it
// names, and whether three contents share the value), in time that does
// not grow with the copies of one document a baseline holds. A short list
// is the index's own; a long one is compacted once per state of the
// baseline.
func (b *Baseline) identifierRefs(kind, value string) []DocRef {
	if b.idRefCount(kind, value) <= refsPerContent {
		return b.idRefs(kind, value)
	}
	b.cacheMu.Lock()
	defer b.cacheMu.Unlock()
	if b.compact == nil || b.compactDocs != b.Docs {
		b.compact, b.compactDocs = map[[2]string][]DocRef{}, b.Docs
	}
	key := [2]string{kind, value}
	if out, ok := b.compact[key]; ok {
		return out
	}
	refs := b.idRefs(kind, value)
	perContent := map[string]int{}
	var out []DocRef
	for _, r := range refs {
		k := contentKey(r.Content, r.SHA256)
		n, seen := perContent[k]
		if n >= refsPerContent || !seen && len(perContent) >= refsContents {
			continue
		}
		perContent[k] = n + 1
		out = append(out, r)
	}
	b.compact[key] = out
	return out
}

// refsPerContent and refsContents bound identifierRefs: a finding lists at
// most maxRelated documents, and three contents make a template's value
// (one more for the questioned document's own, one to spare).
const (
	refsPerContent = maxRelated + 2
	refsContents   = 5
)

// idSharing counts, for one kind of identifier and the documents of one
// format, the baseline documents that carry one, and those that share
// theirs with a baseline document of the same format and other content
// (another SHA-256 and, where it has one, another content digest): how
// common inherited identifiers are in the organisation's own genuine
// documents of that format (an export script's spreadsheets may share
// their claimed times while its letters never do). A format with fewer
// than minComparable documents carrying the kind is counted over all
// formats. The counts are computed once per state of the baseline.
func (b *Baseline) idSharing(kind, format string) (shared, carrying int, bucket string) {
	b.cacheMu.Lock()
	defer b.cacheMu.Unlock()
	if b.sharing == nil || b.sharingDocs != b.Docs {
		b.sharing = map[string]map[string][2]int{}
		b.sharingDocs = b.Docs
	}
	counts, ok := b.sharing[kind]
	if !ok {
		counts = map[string][2]int{}
		b.eachIDRefs(kind, func(refs []DocRef) {
			byFormat := map[string]int{}
			byContent := map[[2]string]int{}
			for _, r := range refs {
				byFormat[r.Format]++
				if r.Content != "" {
					byContent[[2]string{r.Format, r.Content}]++
				}
			}
			for _, r := range refs {
				others := byFormat[r.Format] - 1
				if r.Content != "" {
					others = byFormat[r.Format] - byContent[[2]string{r.Format, r.Content}]
				}
				for _, f := range [...]string{r.Format, ""} {
					c := counts[f]
					c[1]++
					if others > 0 {
						c[0]++
					}
					counts[f] = c
				}
			}
		})
		b.sharing[kind] = counts
	}
	c := counts[format]
	if c[1] < minComparable {
		return counts[""][0], counts[""][1], ""
	}
	return c[0], c[1], format
}

// pForgedOutOfWindow is the assumed chance that a forged document is dated
// outside the period the organisation's genuine documents cover.
const pForgedOutOfWindow = 0.3

// TimeWindow finds documents dated outside the period the baseline's
// documents of the same format cover, graded by distance: the chance that
// a genuine document falls a time Δ outside the sampled window is taken as
// exp(−Δ/τ), τ a quarter of the window's length (at least 60 days), and,
// after the window, also the time from its end to the leak date when one is
// given (genuine documents of that period are expected).
var TimeWindow = &Check{
	Name:          "time-window",
	Doc:           "claimed dates outside the period the baseline's documents cover, weighed by how far",
	NeedsBaseline: true,
	Fact:          FactClock,
	Run: func(p *Pass) []Finding {
		r := p.Record
		if p.LeaveOut {
			// The range includes the document itself; a corpus's own
			// range is no evidence about its members.
			return nil
		}
		var out []Finding
		for _, c := range []struct {
			name string
			ts   Timestamp
		}{{"created", r.Created}, {"modified", r.Modified}} {
			if p.AsOfFromCorpus && plausible(c.ts) && c.ts.Time.After(p.Baseline.Times[r.Format+"."+c.name].Max) {
				continue // weighed by LeakDate, once the corpus's dates are known
			}
			if f, ok := p.Baseline.windowFinding(r.Format, c.name, c.ts, p.AsOf); ok {
				f.Fields = timeFields(r, c.name)
				out = append(out, f)
			}
		}
		return out
	},
}

// windowFinding weighs a claimed time (which: "created" or "modified") of
// a document of a format against the period the baseline's documents of
// that format cover, as TimeWindow describes, with asOf the leak date
// (zero when unknown); false when it falls inside, or too near to matter.
func (b *Baseline) windowFinding(format, which string, ts Timestamp, asOf time.Time) (Finding, bool) {
	tr := b.Times[format+"."+which]
	if tr.N < minFeatureObservations || !plausible(ts) {
		return Finding{}, false
	}
	tau := max(tr.Max.Sub(tr.Min)/4, 60*24*time.Hour)
	var gap time.Duration
	var msg string
	switch t := ts.Time; {
	case t.Before(tr.Min):
		gap = tr.Min.Sub(t)
		msg = fmt.Sprintf("%s %s, %s before the baseline's %s documents begin", which, t.Format("2006-01-02"), days(gap), format)
	case t.After(tr.Max):
		gap = t.Sub(tr.Max)
		if !asOf.IsZero() && asOf.After(tr.Max) {
			tau += asOf.Sub(tr.Max)
		}
		msg = fmt.Sprintf("%s %s, %s after the baseline's %s documents end", which, t.Format("2006-01-02"), days(gap), format)
	default:
		return Finding{}, false
	}
	pGenuine := math.Exp(-gap.Hours() / tau.Hours())
	w := clampWeight(log10LR(pForgedOutOfWindow, pGenuine))
	if w < 0.2 {
		return Finding{}, false
	}
	return Finding{
		Weight:   w,
		Message:  msg,
		Fields:   []string{which},
		Observed: ts.String(),
		Expected: fmt.Sprintf("baseline: %s to %s (%s)", tr.Min.Format("2006-01-02"), tr.Max.Format("2006-01-02"), countNoun(tr.N, "document", "documents")),
		Compared: fmt.Sprintf("chance a genuine document falls this far outside: exp(−%d/%d days) = %.3g", int(gap.Hours()/24), int(tau.Hours()/24), pGenuine),
	}, true
}

// pForgedEarlyVersion is the assumed chance that a forged document claims
// a program version the organisation had not adopted by its claimed date:
// a forger's own, newer installation, or the program it uses today.
const pForgedEarlyVersion = 0.3

// seriesReliability scales the evidence of a program used in a file-name
// series before the series switched to it: a name is a weaker tie to one
// pipeline than a format is to a program.
const seriesReliability = 0.7

// minAdoptionDocs is how many baseline documents of a version are needed
// to date the organisation's adoption of it; minSwitchDocs how many of a
// program that replaced another, whose own minAdoptionDocs documents date
// the switch from the other side (one is enough: chanceBeyond widens as
// the documents get fewer, and the old program's documents dated after a
// claim are what weigh it); switchOverlap how long the two may both
// be seen and still count as one replacing the other (machines are not
// all moved on one day).
const (
	minAdoptionDocs = 3
	minSwitchDocs   = 1
	switchOverlap   = 30 * 24 * time.Hour
)

// VersionAdoption finds a document made with a program, or a program
// version, earlier than the organisation is seen using it, while the
// baseline shows it using another one at the claimed date: a newer version
// of the same program (the release table allows for betas, but the
// organisation's own upgrade dates are sharper), or, for the program its
// structure shows, another program for that format (an export script
// rewritten with another library). With N baseline documents of the
// version over a span S, the gap between true adoption and the first
// sampled document is about g = S/N; a claim Δ before that first document
// has a chance of about g/(g+Δ)/(N+1) for a genuine document.
var VersionAdoption = &Check{
	Name:          "version-adoption",
	Doc:           "a program or version claimed before the organisation is seen adopting it, while it used another",
	NeedsBaseline: true,
	Fact:          FactProgram,
	Run: func(p *Pass) []Finding {
		r := p.Record
		series := seriesName(r) // within which pipelines switch programs and formats
		when, whenName := latestClaim(r)
		if !plausible(when) {
			return nil
		}
		// Dated as the baseline dates the organisation's use of its
		// programs: a file whose package was written after the save it
		// claims (a later conversion or export) was written by its
		// program then; that it claims earlier is another finding's.
		when = writtenBy(r, when)
		type claim struct {
			key, prefix, shown, source, raw string
			older                           func(other string) bool
			series                          bool // within a file-name series: names are weaker evidence of a pipeline than formats
			// switched: the claim is of one program (or format) in place
			// of another, not of a newer version: only a program the
			// baseline shows replaced by it counts as what was used
			// instead, since one format is often written by several
			// programs at once.
			switched bool
			kind     bool // the format of a kind of document, whatever its pipeline
		}
		var claims []claim
		for _, s := range r.Software {
			if s.Name == "" {
				continue
			}
			if s.Inferred() {
				prefix := "fingerprint@" + r.Format + "="
				claims = append(claims, claim{
					key: prefix + normValue(s.Name), prefix: prefix, shown: "a " + r.Format + " made by " + s.Name,
					source: s.Source, raw: s.Name, older: func(string) bool { return true }, switched: true,
				})
				if series != "" {
					// The same within the document's series: one
					// pipeline's switch of program, which the
					// organisation's other uses of the new program
					// hide at the format's level.
					prefix := "fingerprint@" + r.Format + "#" + series + "="
					claims = append(claims, claim{
						key: prefix + normValue(s.Name), prefix: prefix,
						shown:  fmt.Sprintf("a %s of the series %q made by %s", r.Format, series, s.Name),
						source: s.Source, raw: s.Name, older: func(string) bool { return true }, series: true, switched: true,
					})
				}
				continue
			}
			if s.Version == "" {
				continue
			}
			mm := majorMinor(s.Version)
			prefix := "software." + string(s.Role) + "=" + normValue(s.Name) + " "
			claims = append(claims, claim{
				key: prefix + normValue(mm), prefix: prefix, shown: s.Name + " " + mm,
				source: s.Source, raw: s.Raw, older: func(other string) bool { return versionLess(other, mm) },
			})
		}
		if series != "" && r.Format != "" {
			// The format itself, within the series: a .docx dated
			// while the series was still saved as .doc.
			prefix := "format#" + series + "="
			claims = append(claims, claim{
				key: prefix + r.Format, prefix: prefix, shown: fmt.Sprintf("a %s of the series %q", r.Format, series),
				source: "format", raw: r.Format, older: func(string) bool { return true }, series: true, switched: true,
			})
		}
		if prefix := kindFormatPrefix(r); prefix != "" {
			// The format, for its kind of document: a .docx dated
			// while the office saved every text as .doc.
			claims = append(claims, claim{
				key: prefix + r.Format, prefix: prefix, shown: fmt.Sprintf("a %s (of the office's %s documents)", r.Format, documentKinds[r.Format]),
				source: "format", raw: r.Format, older: func(string) bool { return true }, switched: true, kind: true,
			})
		}
		var out []Finding
		seen := map[string]bool{}
		for _, c := range claims {
			if seen[c.key] {
				continue
			}
			seen[c.key] = true
			tr := p.Baseline.Adoption[c.key]
			if p.LeaveOut {
				tr.N-- // the document's own claim is in the range; its date may be the range's start
			}
			need := minAdoptionDocs
			if c.switched && !c.kind {
				// A switch is dated by the program it replaced as well,
				// whose own documents must number minAdoptionDocs. Not
				// a kind of document's format: several pipelines make
				// one kind, and one document of another format is as
				// likely one of another pipeline.
				need = minSwitchDocs
			}
			if tr.N < need {
				continue
			}
			seriesJudges := false
			if c.switched && !c.kind && !c.series && series != "" && strings.HasPrefix(c.prefix, "fingerprint@") {
				// The program made enough of the document's own series
				// for the series to judge whether it was retired: the
				// format's other pipelines moving to another program
				// (web pages printed with a browser) say nothing of
				// this one's (a payroll printer's Ghostscript).
				sp := "fingerprint@" + r.Format + "#" + series + "="
				st := p.Baseline.Adoption[sp+strings.TrimPrefix(c.key, c.prefix)]
				if p.LeaveOut {
					st.N--
				}
				seriesJudges = st.N >= minAdoptionDocs
			}
			// A document keeps its format when it is saved again: one
			// created while the organisation still used the old format
			// may be saved in it after the switch (a later revision of
			// an old file). Programs do not carry over so.
			keptFormat := c.source == "format" && plausible(r.Created) && !r.Created.Time.After(tr.Max.Add(switchOverlap))
			if c.switched && tr.N >= minAdoptionDocs && !keptFormat && !seriesJudges {
				if f, ok := p.Baseline.retiredFinding(c.key, c.prefix, c.shown, tr, when.Time); ok {
					f.Fields = append([]string{c.source}, timeFields(r, whenName)...)
					f.Observed = c.raw
					if c.series {
						f.Weight *= seriesReliability
					}
					f.Weight = clampWeight(f.Weight)
					out = append(out, f)
					continue
				}
			}
			gap := tr.Min.Sub(when.Time)
			if gap < 14*24*time.Hour {
				continue
			}
			// What the organisation used instead at the claimed date.
			// A version: first seen by then, still seen within three
			// months. A program in place of another: one the claimed
			// program replaced (last seen no later than switchOverlap
			// after the claimed one first is), in use at the claimed
			// date, allowing for the gaps between its documents.
			var instead string
			var insteadRange TimeRange
			var after float64 // documents of the replaced program dated after the claim
			for k, otr := range p.Baseline.Adoption {
				rest, ok := strings.CutPrefix(k, c.prefix)
				if !ok || k == c.key || otr.N == 0 || !c.older(rest) {
					continue
				}
				if c.switched {
					if otr.N < minAdoptionDocs || otr.Max.After(tr.Min.Add(switchOverlap)) {
						continue
					}
					if !otr.inUseAt(when.Time, tr) {
						continue
					}
				} else if otr.Min.After(when.Time.Add(7*24*time.Hour)) || otr.Max.Before(when.Time.Add(-90*24*time.Hour)) {
					continue
				}
				if instead == "" || k < instead {
					instead, insteadRange = k, otr
					after = 0
					if c.switched {
						after = otr.after(when.Time)
					}
				}
			}
			if instead == "" {
				continue
			}
			instead = instead[strings.Index(instead, "=")+1:]
			pGenuine := tr.chanceBeyond(gap)
			compared := fmt.Sprintf("%s of it; chance a genuine one predates them by this much: %.3g", countNoun(tr.N, "baseline document", "baseline documents"), pGenuine)
			if c.switched && when.Time.After(insteadRange.Max) && tr.Min.After(insteadRange.Max) {
				// Dated between the replaced program's last document
				// and its replacement's first: the switch happened
				// somewhere in that gap, by the claimed date as likely
				// as the claimed date is far into it.
				if inGap := float64(when.Time.Sub(insteadRange.Max)) / float64(tr.Min.Sub(insteadRange.Max)); inGap > pGenuine {
					pGenuine = inGap
					compared = fmt.Sprintf("dated between the baseline's last %s (%s) and its first %s: chance the switch came before it, %.3g", instead, insteadRange.Max.Format("2006-01-02"), c.key[strings.Index(c.key, "=")+1:], pGenuine)
				}
			}
			// The replaced program still made about `after` of these
			// documents after the claimed date: a pipeline that had
			// switched already went back to it that many times.
			pGenuine /= 1 + after
			w := log10LR(pForgedEarlyVersion, pGenuine)
			if c.series {
				w *= seriesReliability
			}
			out = append(out, Finding{
				Weight:   clampWeight(w),
				Message:  fmt.Sprintf("%s on %s, %s before any baseline document shows it; the organisation then used %s", c.shown, when.Time.Format("2006-01-02"), days(gap), instead),
				Fields:   append([]string{c.source}, timeFields(r, whenName)...),
				Observed: c.raw,
				Expected: fmt.Sprintf("baseline: %s first seen %s (%s to %s)", c.key[strings.Index(c.key, "=")+1:], tr.Min.Format("2006-01-02"), countNoun(tr.N, "document", "documents"), tr.Max.Format("2006-01-02")),
				Compared: compared,
				Subject:  c.key,
			})
		}
		return out
	},
}

// retiredFinding weighs a claim (key, within the population prefix) of a
// program dated after the organisation replaced it: the baseline last
// shows it at tr.Max, and another program of the population first seen
// no earlier than switchOverlap before that is in use at the claimed
// date. As for a program used before its adoption, with N documents of
// the old program over a span S the gap between its true retirement and
// its last sampled document is about g = S/N; a claim Δ after that last
// document has a chance of about g/(g+Δ)/(N+1) for a genuine document,
// divided by one plus the replacement's documents dated between the two:
// a pipeline that went back to the old program once after it had moved.
func (b *Baseline) retiredFinding(key, prefix, shown string, tr TimeRange, when time.Time) (Finding, bool) {
	gap := when.Sub(tr.Max)
	if gap < 14*24*time.Hour {
		return Finding{}, false
	}
	var by string
	var byRange TimeRange
	for k, otr := range b.Adoption {
		if !strings.HasPrefix(k, prefix) || k == key || otr.N < minAdoptionDocs {
			continue
		}
		og := otr.sightingGap()
		if otr.Min.Before(tr.Max.Add(-switchOverlap)) || when.Before(otr.Min) || when.After(otr.Max.Add(og)) {
			continue
		}
		if by == "" || k < by {
			by, byRange = k, otr
		}
	}
	if by == "" {
		return Finding{}, false
	}
	between := float64(byRange.N)
	if span := byRange.Max.Sub(byRange.Min); span > 0 && when.Before(byRange.Max) {
		between = float64(byRange.N) * float64(when.Sub(byRange.Min)) / float64(span)
	}
	pGenuine := tr.chanceBeyond(gap) / (1 + between)
	name := by[strings.Index(by, "=")+1:]
	return Finding{
		Weight:   log10LR(pForgedEarlyVersion, pGenuine),
		Message:  fmt.Sprintf("%s on %s, %s after any baseline document shows it; the organisation had moved to %s (first seen %s)", shown, when.Format("2006-01-02"), days(gap), name, byRange.Min.Format("2006-01-02")),
		Expected: fmt.Sprintf("baseline: %s last seen %s (%s from %s)", key[strings.Index(key, "=")+1:], tr.Max.Format("2006-01-02"), countNoun(tr.N, "document", "documents"), tr.Min.Format("2006-01-02")),
		Compared: fmt.Sprintf("%s of it, %s of %s since; chance a genuine one comes this long after: %.3g", countNoun(tr.N, "baseline document", "baseline documents"), countNoun(byRange.N, "document", "documents"), name, pGenuine),
		Subject:  key,
	}, true
}

// versionLess reports whether dotted version a is lower than b, comparing
// numeric components as numbers ("5.10" > "5.9"); a version that is not
// numeric is never lower.
func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(pa), len(pb)); i++ {
		var x, y int
		if i < len(pa) {
			n, err := strconv.Atoi(pa[i])
			if err != nil {
				return false
			}
			x = n
		}
		if i < len(pb) {
			n, err := strconv.Atoi(pb[i])
			if err != nil {
				return false
			}
			y = n
		}
		if x != y {
			return x < y
		}
	}
	return false
}
