package provenance

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// prereleaseGrace is how long before its public release a version may
// already be in files: betas, release candidates, Chrome's canary builds
// and Google's own server-side renderers run one to three months ahead, and
// early-access programmes (Office 2007's volume licences) about as much.
// A release within this margin of the claimed date is not evidence.
const prereleaseGrace = 120 * 24 * time.Hour

// latestClaim is the latest time the document claims to have been written:
// software that last saved a file may be newer than its creation date, but
// not newer than its last save.
func latestClaim(r *Record) (Timestamp, string) {
	best, name := r.Created, "created"
	if !r.Modified.IsZero() && (best.IsZero() || r.Modified.Time.After(best.Time)) {
		best, name = r.Modified, "modified"
	}
	return best, name
}

// Anachronism finds software versions, XML namespaces and fonts that were
// released after the latest date the document claims (COPA v Wright:
// schemas newer than the claimed dates; "Fontgate": Calibri in a deed dated
// a year before Calibri existed).
var Anachronism = &Check{
	Name: "anachronism",
	Fact: FactProgram,
	Doc:  "software, namespace or font released after the latest date the document claims",
	Run: func(p *Pass) []Finding {
		r := p.Record
		claim, claimName := latestClaim(r)
		if claim.IsZero() {
			return nil
		}
		var out []Finding
		report := func(rel Release, what string, fields []string, prior Prior, fact string) {
			gap := rel.Date.Sub(claim.Time)
			if gap <= prereleaseGrace {
				return
			}
			if gap < 365*24*time.Hour {
				// Within a year of release, betas and early builds
				// explain more of it.
				prior.Genuine *= 2.5
			}
			out = append(out, Finding{
				Subject:  strings.TrimSpace(rel.Kind + " " + rel.Name + " " + rel.Version),
				Prior:    &prior,
				Fact:     fact,
				Message:  fmt.Sprintf("%s was first released %s, %s after the document was %s", what, rel.Date.Format("2006-01-02"), days(gap), claimName),
				Fields:   append(fields, timeFields(r, claimName)...),
				Observed: fmt.Sprintf("%s %s", claimName, claim),
				Expected: fmt.Sprintf("released %s (%s)", rel.Date.Format("2006-01-02"), rel.Source),
			})
		}
		seen := map[string]bool{}
		for _, s := range r.Software {
			if s.Version == "" || s.Inferred() {
				continue
			}
			rel, ok := ReleaseOf(s.Name, s.Version)
			if !ok {
				continue
			}
			key := rel.Name + " " + rel.Version
			if seen[key] {
				continue
			}
			seen[key] = true
			// "software" first: whether a release is anachronistic
			// does not depend on which field of which format names
			// it, so every baseline document that claims it counts.
			report(rel, fmt.Sprintf("%s (%s %s)", s.Raw, rel.Name, rel.Version), []string{"software", s.Source}, Prior{0.2, 0.006}, FactProgram)
		}
		if built, err := time.Parse("2006-01", r.Fields[KeyFirmwareBuilt]); err == nil {
			// A build month is no release date: nothing runs a build
			// before it is made, so no grace for betas, only for a
			// clock without its offset.
			if gap := built.Sub(claim.Time); gap > 14*time.Hour {
				out = append(out, Finding{
					Subject:  "firmware built " + r.Fields[KeyFirmwareBuilt],
					Prior:    &Prior{0.2, 0.006},
					Fact:     FactProgram,
					Message:  fmt.Sprintf("its firmware was built in %s (its version says so), %s after the photo was %s", built.Format("January 2006"), days(gap), claimName),
					Fields:   append([]string{KeyFirmwareBuilt, "software"}, timeFields(r, claimName)...),
					Observed: fmt.Sprintf("%s %s", claimName, claim),
					Expected: "on or after " + built.Format("2006-01-02"),
				})
			}
		}
		for _, k := range namespaceFields(r) {
			if rel, ok := NamespaceRelease(r.Fields[k]); ok && !seen[rel.Name] {
				seen[rel.Name] = true
				report(rel, "XML namespace "+rel.Name, []string{k}, Prior{0.2, 0.006}, FactProgram)
			}
		}
		for _, k := range fontFields(r) {
			rel, ok := FontRelease(fontName(r.Fields[k]))
			if !ok || seen["font "+rel.Name] {
				continue
			}
			seen["font "+rel.Name] = true
			// Fonts reach people before their release in betas and with
			// other products: weaker than software versions.
			report(rel, "font "+rel.Name, []string{k}, Prior{0.1, 0.016}, FactTypography)
		}
		return out
	},
}

// namespaceFields lists the Fields keys that hold XML namespace URIs a
// document declares (OOXML extractors record them as …namespace…).
func namespaceFields(r *Record) []string {
	var out []string
	for k, v := range r.Fields {
		if strings.Contains(k, "namespace") && strings.HasPrefix(v, "http") {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// fontFields lists the Fields keys that name fonts the document uses.
func fontFields(r *Record) []string {
	var out []string
	for _, prefix := range fontPrefixes {
		out = append(out, r.Fields.WithPrefix(prefix)...)
	}
	return out
}

// fontName takes the font name from a pdf.font[i] value ("ABCDEF+Calibri
// (TrueType, embedded)") or returns the value as it is.
func fontName(v string) string {
	if m := fontEntry.FindStringSubmatch(v); m != nil {
		return m[1]
	}
	return v
}
