package provenance_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/provenance"
)

// copiesBaseline is a baseline of n copies of one document (one content,
// n files) and one document of other content, all carrying one ID.
func copiesBaseline(n int) *provenance.Baseline {
	recs := org(n + 1)
	for _, r := range recs {
		r.IDs = nil
		r.AddID("xmp.DocumentID", "uuid:shared", "pdf.xmp.xmpMM:DocumentID")
		r.Fields.Set(provenance.KeyContentDigest, "the copies")
	}
	recs[n].Path = "genuine/other.pdf"
	recs[n].Fields.Set(provenance.KeyContentDigest, "another content")
	return provenance.BuildBaseline(recs)
}

// A baseline that holds thousands of copies of one document still names
// the document of other content that shares their identifier, and lists
// at most a finding's share of the copies.
func TestSharedIdentifierAmongManyCopies(t *testing.T) {
	b := copiesBaseline(3000)
	q := org(1)[0]
	q.Path, q.SHA256 = "leak/q.pdf", "questioned"
	q.IDs = nil
	q.AddID("xmp.DocumentID", "uuid:shared", "pdf.xmp.xmpMM:DocumentID")
	q.Fields.Set(provenance.KeyContentDigest, "the copies")
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "shared-identifier")
	require.NotEmpty(t, fs)
	var related []string
	for _, f := range fs {
		related = append(related, f.Related...)
	}
	assert.Contains(t, related, "genuine/other.pdf", "the document of other content is found past the copies")
	assert.LessOrEqual(t, len(related), 2*52)
}

// The time SharedIdentifier takes per questioned document does not grow
// with the copies of one document the baseline holds: compare ns/op at
// 1,000 and 10,000 copies.
func BenchmarkSharedIdentifierCopies(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		base := copiesBaseline(n)
		q := org(1)[0]
		q.Path, q.SHA256 = "leak/q.pdf", "questioned"
		q.IDs = nil
		q.AddID("xmp.DocumentID", "uuid:shared", "pdf.xmp.xmpMM:DocumentID")
		q.Fields.Set(provenance.KeyContentDigest, "new content")
		checks := []*provenance.Check{provenance.SharedIdentifier}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				provenance.Run(&provenance.Pass{Record: q, Baseline: base}, checks)
			}
		})
	}
}

// The time the checks take per document of a corpus that is its own
// baseline does not grow with the copies of one document it holds (one
// content, one identifier, the same claims, n files): compare ns/op at
// 1,000 and 10,000 copies.
func BenchmarkSelfScanCopies(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		recs := org(n)
		for i, r := range recs {
			r.Authors = []string{"Marie Dupont"}
			r.Created = recs[0].Created
			r.IDs = nil
			r.AddID("xmp.DocumentID", "uuid:shared", "pdf.xmp.xmpMM:DocumentID")
			r.Fields.Set(provenance.KeyContentDigest, "the copies")
			r.Path = fmt.Sprintf("leak/%05d.pdf", i)
		}
		base := provenance.BuildBaseline(recs)
		q := recs[n/2]
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				provenance.Run(&provenance.Pass{Record: q, Baseline: base, LeaveOut: true}, provenance.Checks())
			}
		})
	}
}

// The time family takes per member of one family whose members are all
// of other content (a template's rsid in every document of a leak) does
// not grow with the family: compare ns/op divided by the members at 1,000
// and 10,000.
func BenchmarkFamilyOfOtherContents(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		docs := org(n)
		for i, r := range docs {
			r.Path, r.SHA256 = fmt.Sprintf("leak/%05d.pdf", i), fmt.Sprint("leak", i)
			r.IDs = nil
			r.AddID("xmp.DocumentID", "uuid:template", "pdf.xmp.xmpMM:DocumentID")
			r.Fields.Set(provenance.KeyContentDigest, fmt.Sprint("content", i))
		}
		base := provenance.BuildBaseline(org(20))
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				sc := &provenance.Scanner{Baseline: base, Checks: []*provenance.Check{}, CorpusChecks: []*provenance.CorpusCheck{provenance.Family}}
				for _, r := range docs {
					sc.Add(r)
				}
				sc.Report()
			}
		})
	}
}
