package provenance

import (
	"fmt"
	"strings"
	"time"
)

// The C2PA check reads what formats/c2pa recorded of a Content
// Credentials manifest store (KeyC2PA*): what the signed manifest
// declares, whether it still holds, and whether it agrees with the file's
// other metadata. Baseline comparisons need no code of their own here:
// the c2pa.* fields are metadata (metadataPrefixes), so scrubbed reports a
// manifest stripped where the organisation's photos always carry one, and
// added-metadata one where they never do; the claim generator is a
// Software entry, which rare-value compares like any program.

// FactCredentials is the fact a trusted manifest's finding rests on: a
// signature of the file's bytes, apart from what the file's metadata
// claims.
const FactCredentials = "credentials"

// generativeSourceTypes are the IPTC digital source types
// (cv.iptc.org/newscodes/digitalsourcetype) that say a trained model made
// the content, in whole or in part.
var generativeSourceTypes = []string{"trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia"}

// Failure codes by what they mean: the manifest itself altered after its
// signer signed it, or the asset's bytes changed after signing.
var (
	c2paTamperCodes  = []string{"claimSignature.mismatch", "assertion.hashedURI.mismatch", "assertion.missing", "claim.missing"}
	c2paChangedCodes = []string{"assertion.dataHash.mismatch", "assertion.bmffHash.mismatch", "assertion.boxesHash.mismatch"}
)

// C2PA weighs a document's C2PA Content Credentials.
var C2PA = &Check{
	Name: "c2pa",
	Fact: FactEditing,
	Doc:  "a C2PA manifest that declares generative AI, fails its signature or hard binding, or whose signing time contradicts the claimed capture; a trusted, valid one is evidence for the file",
	Run: func(p *Pass) []Finding {
		r := p.Record
		if r.Fields[KeyC2PAValidation] == "" {
			return nil
		}
		var out []Finding
		if f, ok := c2paGenerative(r); ok {
			out = append(out, f)
		}
		out = append(out, c2paFailures(r)...)
		if f, ok := c2paClock(r); ok {
			out = append(out, f)
		}
		if len(out) == 0 && r.Fields[KeyC2PAValidation] == "trusted" {
			// The file's bytes are those a signer the user trusts
			// signed, and nothing in the manifest speaks against it:
			// evidence for the file, as a verified DKIM signature is
			// for a message (a negative weight, of the same size as
			// email-authenticity's for a carrying message). Only a
			// trusted signer counts: anyone can sign with a
			// certificate of their own making.
			out = append(out, Finding{
				Weight:   -1.0,
				Fact:     FactCredentials,
				Subject:  "c2pa trusted",
				Message:  "a C2PA manifest signed by a trusted signer validates: the file is as that signer signed it",
				Fields:   []string{KeyC2PAValidation, KeyC2PASigner},
				Observed: "trusted; signer " + r.Fields[KeyC2PASigner],
			})
		}
		return out
	},
}

// c2paGenerative finds a manifest that declares its content, or an
// ingredient's, made by a trained model. Such a declaration is written by
// the generator (Firefly, DALL·E, Bedrock sign their output), never by a
// camera: a genuine photograph or scan practically never carries one, so
// the chance for a genuine document is put at 1 in 1000 and an
// organisation whose own documents do carry it (a marketing department's
// generated images) shows so in its baseline, which re-estimates it. A
// forged picture carries it when the forger left the generator's
// manifest in place: put at 3 in 10. An AI declaration in the active
// manifest weighs that much even when the manifest fails validation: the
// failure says something changed, not that the declaration is false.
func c2paGenerative(r *Record) (Finding, bool) {
	var fields, seen []string
	for _, k := range r.Fields.WithPrefix(KeyC2PADigitalSourceTypePrefix) {
		if t := generativeType(r.Fields[k]); t != "" {
			fields = append(fields, k)
			seen = appendNew(seen, t)
		}
	}
	ingredient := false
	if len(fields) == 0 {
		for _, k := range r.Fields.WithPrefix("c2pa.ingredient[") {
			if strings.HasSuffix(k, ".digital_source_type") {
				if t := generativeType(r.Fields[k]); t != "" {
					fields = append(fields, k)
					seen = appendNew(seen, t)
					ingredient = true
				}
			}
		}
	}
	if len(fields) == 0 {
		return Finding{}, false
	}
	what := "the manifest declares its content made by a generative model"
	prior := Prior{0.3, 0.001}
	if ingredient {
		// Generated material composited into the asset: the same
		// declaration, one step removed.
		what = "an ingredient's manifest declares generated content, composited into this one"
		prior = Prior{0.3, 0.003}
	}
	observed := strings.Join(seen, ", ") + "; manifest " + r.Fields[KeyC2PAValidation]
	if g := r.Fields[KeyC2PAClaimGenerator]; g != "" {
		observed += ", claim generator " + g
	}
	if r.Camera != nil && r.Camera.Model != "" {
		what += ", while its EXIF names a camera"
		observed += "; EXIF camera " + strings.TrimSpace(r.Camera.Make+" "+r.Camera.Model)
		fields = append(fields, "camera")
	}
	return Finding{
		Prior:    &prior,
		Fact:     FactProgram,
		Subject:  "c2pa generative",
		Message:  what,
		Fields:   append(fields, KeyC2PAValidation, KeyC2PAClaimGenerator),
		Observed: observed,
	}, true
}

func generativeType(v string) string {
	t := v[strings.LastIndexByte(v, '/')+1:]
	for _, g := range generativeSourceTypes {
		if t == g {
			return t
		}
	}
	return ""
}

// c2paFailures finds a manifest whose validation failed in a way that
// means change after signing. The manifest altered (its signature or a
// hashed URI no longer matching, an assertion or ingredient claim gone)
// is something no program does to a genuine file: 3 in 1000, for tools
// that rewrite JUMBF and break it by accident; 3 in 10 of forgeries that
// keep a manifest at all. The asset's bytes changed outside the manifest
// is what any edit by a program unaware of C2PA does while keeping the
// APP11 segments (ExifTool, some viewers' "rotate"), so it is commoner
// among genuine files: 2 in 100, against 5 in 10 of forged ones that kept
// a manifest, since changing the picture is what a forger does.
func c2paFailures(r *Record) []Finding {
	if r.Fields[KeyC2PAValidation] != "invalid" {
		// A pre-1.0 manifest (unsupported) fails every modern check
		// without having been altered; a malformed one says nothing
		// of what was signed.
		return nil
	}
	fail := strings.Fields(r.Fields[KeyC2PAFailures])
	var out []Finding
	if cs := intersect(fail, c2paTamperCodes); len(cs) > 0 {
		out = append(out, Finding{
			Prior:    &Prior{0.3, 0.003},
			Subject:  "c2pa manifest altered",
			Message:  "the C2PA manifest was altered after it was signed",
			Fields:   []string{KeyC2PAFailures, KeyC2PAValidation},
			Observed: strings.Join(cs, ", "),
			Expected: "claimSignature.validated, assertion.hashedURI.match",
		})
	}
	if cs := intersect(fail, c2paChangedCodes); len(cs) > 0 {
		out = append(out, Finding{
			Prior:    &Prior{0.5, 0.02},
			Subject:  "c2pa asset changed",
			Message:  "the file's bytes changed after its C2PA manifest was signed (the hard binding fails)",
			Fields:   []string{KeyC2PAFailures, KeyC2PAValidation},
			Observed: strings.Join(cs, ", "),
			Expected: "assertion.dataHash.match",
		})
	}
	return out
}

// c2paClock compares the time-stamp's signing time, which a time-stamp
// authority's clock vouches for, with the capture time the file claims. A
// photo cannot have been taken after it was signed (beyond the ±14 h a
// time without offset allows): put at 1 in 100 for genuine files
// (a camera clock set wrong by more than that), 3 in 10 for forged ones
// whose dates were edited. A manifest signed by the capturing device
// (its only action c2pa.created) is signed within seconds of the
// shutter, so a capture time more than a day before the signing time is
// a date rewritten afterwards, or a clock far off: 2 in 100 genuine.
func c2paClock(r *Record) (Finding, bool) {
	st, err := time.Parse(time.RFC3339, r.Fields[KeyC2PASigningTime])
	if err != nil || !plausible(r.Created) {
		return Finding{}, false
	}
	signed := At(st)
	fields := append(timeFields(r, "created"), KeyC2PASigningTime)
	observed := fmt.Sprintf("created %s, signed %s", r.Created, signed)
	if earlier(signed, r.Created, slack) {
		return Finding{
			Prior:    &Prior{0.3, 0.01},
			Fact:     FactClock,
			Subject:  "c2pa signed before capture",
			Message:  "the photo claims a capture time after the time-stamped signing of its C2PA manifest",
			Fields:   fields,
			Observed: observed,
		}, true
	}
	capture := false
	for _, k := range r.Fields.WithPrefix(KeyC2PAActionPrefix) {
		if strings.Count(k, ".") > 1 {
			continue // an action's when, agent … not the action itself
		}
		if r.Fields[k] != "c2pa.created" {
			return Finding{}, false
		}
		capture = true
	}
	if capture && earlier(r.Created, signed, 24*time.Hour) {
		return Finding{
			Prior:    &Prior{0.3, 0.02},
			Fact:     FactClock,
			Subject:  "c2pa signed long after capture",
			Message:  "a manifest whose only action is the capture was signed more than a day after the claimed capture time",
			Fields:   fields,
			Observed: observed,
		}, true
	}
	return Finding{}, false
}

func intersect(have, want []string) []string {
	var out []string
	for _, h := range have {
		for _, w := range want {
			if h == w {
				out = append(out, h)
			}
		}
	}
	return out
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
