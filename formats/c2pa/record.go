package c2pa

import (
	"fmt"
	"strings"
	"time"

	"github.com/docprov/docprov/provenance"
)

// Outcomes SetFields and SetRemote write beside the Store's own.
const (
	// OutcomeRemote: the asset names a remote manifest (XMP
	// dcterms:provenance) and embeds none; docprov never fetches it.
	OutcomeRemote Outcome = "remote"
)

// SetFields writes the store into rec: the fields under c2pa. (see the
// package documentation for the list), the claim generator and the
// actions' software agents as software, the active manifest's label and
// instance ID as identifiers, and the store's problems.
func (st *Store) SetFields(rec *provenance.Record) {
	f := rec.Fields
	f.Set(provenance.KeyC2PAContainer, st.Kind)
	f.Set(provenance.KeyC2PAValidation, string(st.Outcome))
	for _, p := range st.Problems {
		rec.AddProblem("c2pa: %s", p)
	}
	if len(st.Manifests) == 0 {
		return
	}
	f.Set("c2pa.manifests", fmt.Sprint(len(st.Manifests)))
	switch st.Outcome {
	case OutcomeTrusted:
		f.Set(provenance.KeyC2PATrust, "trusted")
	case OutcomeValid:
		f.Set(provenance.KeyC2PATrust, "untrusted/unknown")
	}
	var failures []string
	for i, s := range st.Status {
		line := s.Kind + " " + s.Code
		if s.URL != "" {
			line += " " + s.URL
		}
		if s.Explanation != "" {
			line += ": " + s.Explanation
		}
		f.Set(fmt.Sprintf("c2pa.status[%d]", i), line)
		if s.Kind == Failure && !strings.HasPrefix(s.URL, "ingredient ") {
			failures = appendOnce(failures, s.Code)
		}
	}
	f.Set(provenance.KeyC2PAFailures, strings.Join(failures, " "))
	if st.IngredientsInvalid() {
		f.Set(provenance.KeyC2PAIngredientsInvalid, "true")
	}
	m := st.Active
	f.Set("c2pa.active.label", m.Label)
	f.Set("c2pa.claim.label", m.ClaimLabel)
	f.Set(provenance.KeyC2PAClaimGenerator, m.ClaimGenerator)
	f.Set("c2pa.claim.title", m.Title)
	f.Set("c2pa.claim.format", m.Format)
	f.Set("c2pa.claim.instance_id", m.InstanceID)
	var labels []string
	for _, a := range m.Assertions {
		labels = append(labels, a.Label)
	}
	f.Set("c2pa.assertions", strings.Join(labels, " "))
	sg := m.Signature
	f.Set("c2pa.signature.alg", sg.Alg)
	f.Set(provenance.KeyC2PASigner, sg.Subject)
	f.Set("c2pa.signature.issuer", sg.Issuer)
	f.Set("c2pa.signature.organization", sg.Organization)
	if !sg.NotBefore.IsZero() {
		f.Set("c2pa.signature.not_before", sg.NotBefore.UTC().Format(time.RFC3339))
		f.Set("c2pa.signature.not_after", sg.NotAfter.UTC().Format(time.RFC3339))
	}
	if !sg.Time.IsZero() {
		f.Set(provenance.KeyC2PASigningTime, sg.Time.UTC().Format(time.RFC3339))
		f.Set("c2pa.signature.tsa", sg.TimeStampAuthority)
	}
	for i, a := range m.Actions {
		p := fmt.Sprintf("%s%d]", provenance.KeyC2PAActionPrefix, i)
		f.Set(p, a.Action)
		f.Set(p+".when", a.When)
		f.Set(p+".software_agent", a.SoftwareAgent)
		f.Set(p+".digital_source_type", a.DigitalSourceType)
		f.Set(p+".description", a.Description)
		// The agent of the creation made the asset; later actions'
		// agents are its history, as XMP's are.
		role := provenance.RoleEditor
		if a.Action == "c2pa.created" {
			role = provenance.RoleCreator
		}
		rec.AddSoftware(role, a.SoftwareAgent, p+".software_agent")
	}
	for i, d := range m.DigitalSourceTypes {
		f.Set(fmt.Sprintf("%s%d]", provenance.KeyC2PADigitalSourceTypePrefix, i), d)
	}
	// The claim generator wrote and signed this asset, the final file,
	// whatever its actions' agents did before: its creator, as
	// xmp:CreatorTool names the program that saved a file.
	rec.AddSoftware(provenance.RoleCreator, m.ClaimGenerator, provenance.KeyC2PAClaimGenerator)
	for i, in := range m.Ingredients {
		p := fmt.Sprintf("c2pa.ingredient[%d]", i)
		f.Set(p+".title", in.Title)
		f.Set(p+".format", in.Format)
		f.Set(p+".relationship", in.Relationship)
		f.Set(p+".instance_id", in.InstanceID)
		f.Set(p+".document_id", in.DocumentID)
		f.Set(p+".hash", in.Hash)
		if in.Manifest != nil {
			f.Set(p+".manifest", in.Manifest.Label)
			f.Set(p+".claim_generator", in.Manifest.ClaimGenerator)
			v := "valid"
			if HasFailure(in.Manifest.Status) {
				v = "invalid"
			}
			f.Set(p+".validation", v)
			f.Set(p+".status", strings.Join(Codes(failuresOf(in.Manifest.Status)), " "))
			for _, d := range in.Manifest.DigitalSourceTypes {
				f.Set(p+".digital_source_type", d)
			}
		} else if in.ManifestURL != "" {
			f.Set(p+".manifest", in.ManifestURL+" (not in the store)")
		}
		f.Set(p+".recorded_status", strings.Join(Codes(failuresOf(in.Recorded)), " "))
	}
	rec.AddID(provenance.KindC2PAManifest, m.Label, "c2pa.active.label")
	rec.AddID(provenance.KindC2PAInstanceID, m.InstanceID, "c2pa.claim.instance_id")
}

// SetRemote records a remote manifest an asset names (XMP
// dcterms:provenance) when it embeds none: referenced, not fetched.
func SetRemote(rec *provenance.Record, url string) {
	f := rec.Fields
	f.Set(provenance.KeyC2PAValidation, string(OutcomeRemote))
	f.Set(provenance.KeyC2PARemote, url)
	f.Set("c2pa.status[0]", Informational+" manifest.inaccessible "+url+": a remote manifest is referenced; docprov does not fetch it")
}

func failuresOf(sts []Status) []Status {
	var out []Status
	for _, s := range sts {
		if s.Kind == Failure {
			out = append(out, s)
		}
	}
	return out
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
