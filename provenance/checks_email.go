package provenance

import (
	"fmt"
	"time"
)

// EmailAuthenticity weighs DKIM evidence: a message whose signature
// verifies is unaltered since its domain sent it (WikiLeaks verified the
// MacronLeaks and Podesta emails this way), and a document attached to such
// a message existed in that form on that date. Both are evidence for
// genuineness, so the weights are negative. A failing signature is weak
// evidence against: keys rotate, mailing lists rewrite, so the finding says
// it is not proof.
var EmailAuthenticity = &Check{
	Name: "email-authenticity",
	Fact: FactEmail,
	Doc:  "DKIM verdicts of messages, and of the messages that carried a document",
	Run: func(p *Pass) []Finding {
		r := p.Record
		var out []Finding
		passed := false
		for i, d := range r.DKIM {
			field := fmt.Sprintf("dkim[%d]", i)
			switch d.Result {
			case DKIMPass:
				if !passed {
					passed = true
					out = append(out, Finding{
						Weight:   -1.5,
						Message:  fmt.Sprintf("DKIM signature of %s verifies: the signed headers and body are as that domain sent them", d.Domain),
						Fields:   []string{field},
						Observed: d.Result,
					})
				}
			case DKIMFailBody, DKIMFailSignature:
				out = append(out, Finding{
					Weight:   0.5,
					Message:  fmt.Sprintf("DKIM signature of %s does not verify (%s): altered after sending, or the key was rotated — not proof of forgery", d.Domain, d.Result),
					Fields:   []string{field},
					Observed: d.Result + " " + d.Reason,
				})
			}
		}
		if passed {
			// A passing signature outweighs a failing one: both are kept
			// as evidence, only the pass counts.
			for i := range out {
				if out[i].Weight > 0 {
					out[i].Weight = 0
				}
			}
		}
		if pa := r.Parent; pa != nil && pa.DKIM == DKIMPass {
			out = append(out, Finding{
				Weight:   -1.0,
				Message:  fmt.Sprintf("carried by a message whose DKIM signature verifies (%s, dated %s): it existed in this form then", pa.Path, pa.Date),
				Fields:   []string{"parent"},
				Observed: pa.DKIM,
				Related:  []string{pa.Path},
			})
			for _, c := range []struct {
				name string
				ts   Timestamp
			}{{"created", r.Created}, {"modified", r.Modified}} {
				if plausible(c.ts) && earlier(pa.Date, c.ts, 24*time.Hour) {
					out = append(out, Finding{
						Weight:   2.0,
						Message:  fmt.Sprintf("claims to be %s after the verified message that carried it was sent", c.name),
						Fields:   []string{c.name, "parent"},
						Observed: c.ts.String(),
						Expected: "before " + pa.Date.String(),
					})
				}
			}
		}
		return out
	},
}
