package provenance_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
)

// fixtureRecords extracts the PDF fixtures made by real producers.
func fixtureRecords(t *testing.T) []*provenance.Record {
	t.Helper()
	paths, err := filepath.Glob("../testdata/pdf/*.pdf")
	require.NoError(t, err)
	var recs []*provenance.Record
	for _, p := range paths {
		rec, err := docprov.ExtractFile(context.Background(), p)
		if err == nil {
			recs = append(recs, rec)
		}
	}
	require.Greater(t, len(recs), 10)
	return recs
}

func encode(t *testing.T, b *provenance.Baseline) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, b.Save(&buf))
	return buf.String()
}

// Merging the baselines of two parts of a corpus must give the baseline of
// the whole, for any split and any order.
func TestBaselineMergeEqualsBuildingFromBoth(t *testing.T) {
	recs := fixtureRecords(t)
	whole := encode(t, provenance.BuildBaseline(recs))
	rng := rand.New(rand.NewSource(7))
	for trial := 0; trial < 50; trial++ {
		shuffled := append([]*provenance.Record(nil), recs...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		cut := rng.Intn(len(shuffled) + 1)
		a := provenance.BuildBaseline(shuffled[:cut])
		b := provenance.BuildBaseline(shuffled[cut:])
		if trial%2 == 0 {
			require.NoError(t, a.Merge(b))
			require.Equal(t, whole, encode(t, a), "split at %d", cut)
		} else {
			require.NoError(t, b.Merge(a))
			require.Equal(t, whole, encode(t, b), "split at %d, merged the other way", cut)
		}
	}
}

func TestBaselineRoundTrip(t *testing.T) {
	b := provenance.BuildBaseline(fixtureRecords(t))
	saved := encode(t, b)
	back, err := provenance.LoadBaseline(strings.NewReader(saved))
	require.NoError(t, err)
	assert.Equal(t, saved, encode(t, back))
	assert.Equal(t, b.Docs, back.Docs)

	v := fmt.Sprintf(`{"version": %d, `, provenance.BaselineVersion)
	_, err = provenance.LoadBaseline(strings.NewReader(`{"version": 99, "docs": 3}`))
	assert.ErrorIs(t, err, provenance.ErrBaselineVersion)
	_, err = provenance.LoadBaseline(strings.NewReader(`{"docs": 3}`))
	assert.ErrorIs(t, err, provenance.ErrBaselineVersion)
	_, err = provenance.LoadBaseline(strings.NewReader(v + `"docs": `))
	assert.Error(t, err)
	_, err = provenance.LoadBaseline(strings.NewReader(v + `"docs": -3}`))
	assert.ErrorContains(t, err, "negative")
	_, err = provenance.LoadBaseline(strings.NewReader(v + `"docs": 3, "features": {"author": {"x": -1}}}`))
	assert.ErrorContains(t, err, "negative count -1 for feature author=x")
	_, err = provenance.LoadBaseline(strings.NewReader(v + `"docs": 3, "checks": ["no-such-check"]}`))
	assert.ErrorIs(t, err, provenance.ErrBaselineChecks)

	// Maps written as null still give a usable baseline, which merges
	// only with one that counted the same checks.
	nulls, err := provenance.LoadBaseline(strings.NewReader(v + `"docs": 0, "features": null, "populations": null, "ids": null}`))
	require.NoError(t, err)
	assert.ErrorIs(t, nulls.Merge(b), provenance.ErrBaselineChecks, "counted no checks")
	nulls.Checks = b.Checks
	fresh, err := provenance.LoadBaseline(strings.NewReader(encode(t, nulls)))
	require.NoError(t, err)
	require.NoError(t, fresh.Merge(b))
	assert.Equal(t, b.Docs, fresh.Docs)
}

// org builds n genuine-looking records of one organisation.
func org(n int) []*provenance.Record {
	var recs []*provenance.Record
	authors := []string{"Marie Dupont", "Jean Martin", "Claire Bernard"}
	for i := 0; i < n; i++ {
		r := provenance.NewRecord()
		r.Path = fmt.Sprintf("genuine/%02d.pdf", i)
		r.SHA256 = fmt.Sprintf("%064d", i)
		r.Format = "pdf"
		r.Authors = []string{authors[i%len(authors)]}
		r.Created = provenance.At(time.Date(2016, 3, 1+i%28, 9+i%8, 0, 0, 0, time.FixedZone("", 3600)))
		r.Modified = provenance.At(r.Created.Time.Add(2 * time.Hour))
		r.AddSoftware(provenance.RoleProducer, "Acrobat Distiller 10.1.8 (Windows)", "pdf.info.Producer")
		r.AddSoftware(provenance.RoleCreator, "PScript5.dll Version 5.2.2", "pdf.info.Creator")
		r.Fields.Set("pdf.info.Producer", "Acrobat Distiller 10.1.8 (Windows)")
		r.Fields.Set("pdf.info.Author", r.Authors[0])
		r.Fields.Set("pdf.revisions", "0") // as formats/pdf always writes it
		r.AddID("xmp.DocumentID", fmt.Sprintf("uuid:doc-%d", i), "pdf.xmp.xmpMM:DocumentID")
		recs = append(recs, r)
	}
	return recs
}

// editingTraces extracts testdata/pdf/name, made by a real producer, and
// returns the editing-traces findings whose message contains about.
func editingTraces(t *testing.T, name, about string) []provenance.Finding {
	t.Helper()
	rec, err := docprov.ExtractFile(context.Background(), filepath.Join("../testdata/pdf", name))
	require.NoError(t, err)
	var out []provenance.Finding
	for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: rec}, provenance.Checks()), "editing-traces") {
		if strings.Contains(f.Message, about) {
			out = append(out, f)
		}
	}
	return out
}

func checksNamed(fs []provenance.Finding, check string) []provenance.Finding {
	var out []provenance.Finding
	for _, f := range fs {
		if f.Check == check {
			out = append(out, f)
		}
	}
	return out
}

func TestRareValueWeighsByBaselineDiversity(t *testing.T) {
	uniform := provenance.BuildBaseline(org(30))

	q := org(1)[0]
	q.Authors = []string{"Рошка Георгий"}
	fs := provenance.Run(&provenance.Pass{Record: q, Baseline: uniform}, provenance.Checks())
	rare := checksNamed(fs, "rare-value")
	require.NotEmpty(t, rare)
	var names []string
	for _, f := range rare {
		names = append(names, f.Message)
	}
	assert.Contains(t, strings.Join(names, "\n"), `author "рошка георгий"`)
	assert.Contains(t, strings.Join(names, "\n"), `written in "cyrillic"`)

	// The same new author against a baseline where every author is new
	// is weak evidence: the organisation's documents show new authors all
	// the time.
	diverse := org(30)
	for i, r := range diverse {
		r.Authors = []string{fmt.Sprintf("Person %d", i)}
	}
	q2 := org(1)[0]
	q2.Authors = []string{"Person Unknown"}
	strong := checksNamed(provenance.Run(&provenance.Pass{Record: q2, Baseline: uniform}, provenance.Checks()), "rare-value")
	weak := checksNamed(provenance.Run(&provenance.Pass{Record: q2, Baseline: provenance.BuildBaseline(diverse)}, provenance.Checks()), "rare-value")
	require.NotEmpty(t, strong)
	assert.Greater(t, provenance.Score(strong), provenance.Score(weak))
}

func TestLeaveOneOut(t *testing.T) {
	recs := org(20)
	odd := recs[7]
	odd.Authors = []string{"Outsider"}
	self := provenance.BuildBaseline(recs)

	// Counted in its own baseline, the odd author would look known;
	// left out, it is new.
	with := checksNamed(provenance.Run(&provenance.Pass{Record: odd, Baseline: self}, provenance.Checks()), "rare-value")
	without := checksNamed(provenance.Run(&provenance.Pass{Record: odd, Baseline: self, LeaveOut: true}, provenance.Checks()), "rare-value")
	assert.Empty(t, with)
	require.NotEmpty(t, without)
	assert.Contains(t, without[0].Message, "outsider")

	// A document like the others stays clean when left out of itself.
	normal := checksNamed(provenance.Run(&provenance.Pass{Record: recs[3], Baseline: self, LeaveOut: true}, provenance.Checks()), "rare-value")
	assert.Empty(t, normal)
}

// TestLeaveOneOutSharedRareValue: two forgeries by one outsider in a
// corpus that is its own baseline must not vouch for each other; the value
// they share is still rare among the questioned documents, while the
// organisation's common values are not.
func TestLeaveOneOutSharedRareValue(t *testing.T) {
	recs := org(30)
	for _, i := range []int{4, 17} {
		recs[i].Authors = []string{"Рошка Георгий"}
	}
	self := provenance.BuildBaseline(recs)
	rare := checksNamed(provenance.Run(&provenance.Pass{Record: recs[4], Baseline: self, LeaveOut: true}, provenance.Checks()), "rare-value")
	require.NotEmpty(t, rare)
	var msgs []string
	for _, f := range rare {
		msgs = append(msgs, f.Message)
	}
	assert.Contains(t, strings.Join(msgs, "\n"), `"рошка георгий" appears in only 1 other questioned document(s)`)

	// A rare name weighs less than a rare program of the same counts, as
	// a name never seen does: forgers name insiders.
	weightOf := func(fs []provenance.Finding, label string) float64 {
		for _, f := range fs {
			if strings.HasPrefix(f.Message, label) {
				return f.Weight
			}
		}
		return 0
	}
	byProgram := org(30)
	for _, i := range []int{4, 17} {
		for k := range byProgram[i].Software {
			if byProgram[i].Software[k].Role == provenance.RoleCreator {
				byProgram[i].Software[k].Name = "Outsider Writer"
			}
		}
	}
	program := checksNamed(provenance.Run(&provenance.Pass{Record: byProgram[4], Baseline: provenance.BuildBaseline(byProgram), LeaveOut: true}, provenance.Checks()), "rare-value")
	name, creator := weightOf(rare, `author "`), weightOf(program, `software.creator "`)
	require.Positive(t, creator)
	require.Positive(t, name)
	assert.Less(t, name, creator, "an author's weight is below a creator's, whose reliability is lower still")

	// Against a real baseline a value it already holds is no evidence.
	known := checksNamed(provenance.Run(&provenance.Pass{Record: recs[4], Baseline: self}, provenance.Checks()), "rare-value")
	assert.Empty(t, known)

	// Shared by many, a value is the organisation's, not rare.
	for _, i := range []int{1, 2, 3, 5, 6, 7} {
		recs[i].Authors = []string{"Рошка Георгий"}
	}
	common := checksNamed(provenance.Run(&provenance.Pass{Record: recs[4], Baseline: provenance.BuildBaseline(recs), LeaveOut: true}, provenance.Checks()), "rare-value")
	for _, f := range common {
		assert.NotContains(t, f.Message, "рошка")
	}
}

func TestIntrinsicChecks(t *testing.T) {
	r := org(1)[0]
	r.Modified = provenance.At(r.Created.Time.Add(-48 * time.Hour))
	r.EditTimeSeconds = 90 * 24 * 3600
	r.Printed = provenance.Local(2030, 1, 1, 0, 0, 0, 0)
	fs := provenance.Run(&provenance.Pass{Record: r, AsOf: time.Date(2017, 5, 5, 0, 0, 0, 0, time.UTC)}, provenance.Checks())
	got := map[string]int{}
	for _, f := range fs {
		got[f.Check]++
		assert.NotEmpty(t, f.Fields, "%s: a finding names its fields", f.Check)
	}
	assert.Equal(t, 1, got["time-order"]+0, "modified before created (printed is after)")
	assert.Equal(t, 1, got["after-as-of"], "printed in 2030")
	assert.Zero(t, got["edit-time"], "the span is negative: time-order already says so")

	r2 := org(1)[0]
	r2.EditTimeSeconds = 90 * 24 * 3600 // 90 days of editing in 2 hours
	assert.Len(t, checksNamed(provenance.Run(&provenance.Pass{Record: r2}, provenance.Checks()), "edit-time"), 1)

	// Local times without offsets are compared with ±14 h of doubt.
	r3 := org(1)[0]
	r3.Created = provenance.Local(2016, 3, 1, 12, 0, 0, 0)
	r3.Modified = provenance.At(time.Date(2016, 3, 1, 8, 0, 0, 0, time.UTC))
	assert.Empty(t, checksNamed(provenance.Run(&provenance.Pass{Record: r3}, provenance.Checks()), "time-order"))
}

func TestSharedIdentifierNamesTheParent(t *testing.T) {
	recs := org(10)
	b := provenance.BuildBaseline(recs)
	copyOf := org(4)[3]
	copyOf.Path = "leak/budget-final.pdf"
	copyOf.SHA256 = strings.Repeat("f", 64)
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: copyOf, Baseline: b}, provenance.Checks()), "shared-identifier")
	require.Len(t, fs, 1)
	assert.Equal(t, []string{"genuine/03.pdf"}, fs[0].Related)

	// The genuine document itself (same bytes) is not a copy of itself.
	assert.Empty(t, checksNamed(provenance.Run(&provenance.Pass{Record: recs[3], Baseline: b}, provenance.Checks()), "shared-identifier"))
}

func TestScrubbedMetadata(t *testing.T) {
	b := provenance.BuildBaseline(org(20))
	q := org(1)[0]
	delete(q.Fields, "pdf.info.Producer")
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "scrubbed")
	require.Len(t, fs, 1)
	assert.Equal(t, []string{"pdf.info.Producer"}, fs[0].Fields)
}

func TestScannerFindsBurstsAndRanks(t *testing.T) {
	sc := &provenance.Scanner{Baseline: provenance.BuildBaseline(org(20)), Now: time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC)}
	burst := time.Date(2017, 3, 27, 14, 0, 0, 0, time.FixedZone("", 3*3600))
	for i, r := range org(8) {
		r.Path = fmt.Sprintf("leak/%d.xlsx", i)
		r.SHA256 = fmt.Sprintf("%064x", i+100)
		if i < 6 {
			// Files created years apart, all modified within minutes.
			r.Created = provenance.At(time.Date(2012+i, 1, 1, 9, 0, 0, 0, time.UTC))
			r.Modified = provenance.At(burst.Add(time.Duration(i) * 40 * time.Second))
		}
		sc.Add(r)
	}
	sc.AddError("leak/broken.pdf", fmt.Errorf("leak/broken.pdf: malformed"))
	rep := sc.Report()
	require.Len(t, rep.Documents, 9)
	var bursts int
	for _, g := range rep.Groups {
		if g.Kind == "burst" {
			bursts++
			assert.Len(t, g.Members, 6)
		}
	}
	assert.Equal(t, 1, bursts)
	for i := 1; i < len(rep.Documents)-1; i++ {
		assert.GreaterOrEqual(t, rep.Documents[i-1].Score, rep.Documents[i].Score, "ranked by score")
	}
	last := rep.Documents[len(rep.Documents)-1]
	assert.Equal(t, "leak/broken.pdf", last.Path, "unreadable files stay in the report, after the ranked ones")
	assert.NotEmpty(t, last.Error)

	var buf bytes.Buffer
	require.NoError(t, rep.WriteJSONL(&buf))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	var first map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
	assert.Contains(t, first, "path")
	assert.Contains(t, first, "score")
	assert.Contains(t, first, "findings")
	buf.Reset()
	require.NoError(t, rep.WriteText(&buf))
	assert.Contains(t, buf.String(), "edit-burst")

}

func TestAnachronism(t *testing.T) {
	r := org(1)[0]
	r.Software = nil
	r.AddSoftware(provenance.RoleProducer, "GPL Ghostscript 10.00.0", "pdf.info.Producer")
	r.Fields.Set("pdf.font[0]", "ABCDEF+Calibri (TrueType, embedded)")
	r.Created = provenance.At(time.Date(2006, 3, 1, 9, 0, 0, 0, time.UTC))
	r.Modified = r.Created
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: r}, provenance.Checks()), "anachronism")
	require.Len(t, fs, 2)
	assert.Contains(t, fs[0].Message, "GPL Ghostscript 10.00.0")
	assert.Contains(t, fs[1].Message, "Calibri")
	assert.Contains(t, fs[0].Fields, "pdf.info.Producer")

	// Re-saved later by newer software: the last save is after the
	// release, so no anachronism.
	r.Modified = provenance.At(time.Date(2023, 1, 1, 9, 0, 0, 0, time.UTC))
	assert.Empty(t, checksNamed(provenance.Run(&provenance.Pass{Record: r}, provenance.Checks()), "anachronism"))
}

// Calibration works both ways: a trait every comparable genuine document
// shows is worth about nothing, one that none of them shows is worth more
// than the check's prior, and more so the more documents say so.
func TestIntrinsicFindingsAreCalibratedAgainstTheBaseline(t *testing.T) {
	updated := func(recs []*provenance.Record) []*provenance.Record {
		for _, r := range recs {
			r.Fields.Set("pdf.revisions", "1")
		}
		return recs
	}
	weigh := func(q *provenance.Record, b *provenance.Baseline) provenance.Finding {
		t.Helper()
		fs := checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "editing-traces")
		require.Len(t, fs, 1)
		return fs[0]
	}
	q := updated(org(1))[0]
	alone := weigh(q, nil)
	assert.Greater(t, alone.Weight, 0.2, "an update is weak evidence by the prior alone")

	// An organisation that signs everything: every genuine PDF has one.
	signed := weigh(q, provenance.BuildBaseline(updated(org(12))))
	assert.Less(t, signed.Weight, 0.05)
	assert.Contains(t, signed.Compared, "12 of 12 pdf documents claiming")

	// One whose PDFs never have one: the same finding weighs more, and
	// more with forty documents than with twelve.
	never12 := weigh(q, provenance.BuildBaseline(org(12)))
	never40 := weigh(q, provenance.BuildBaseline(org(40)))
	assert.Greater(t, never12.Weight, alone.Weight+0.5)
	assert.Greater(t, never40.Weight, never12.Weight+0.3)
	assert.Contains(t, never40.Compared, "0 of 40 pdf documents claiming acrobat")

	// Comparable documents are those of the same producer chain: an
	// office whose scanner always appends an update, but whose Distiller
	// PDFs never have one, still finds an update on a Distiller PDF
	// strong evidence.
	scans := updated(org(20))
	for i, r := range scans {
		r.SHA256 = fmt.Sprintf("scan%060d", i) // other files than org's Distiller PDFs
		r.Software = nil
		r.AddSoftware(provenance.RoleProducer, "Canon iR-ADV C5535 PDF", "pdf.info.Producer")
	}
	mixed := provenance.BuildBaseline(append(scans, org(20)...))
	assert.Greater(t, weigh(q, mixed).Weight, never12.Weight, "compared with the 20 Distiller PDFs, not all 40")
	scan := updated(org(1))[0]
	scan.Software = scans[0].Software
	assert.Less(t, weigh(scan, mixed).Weight, 0.05, "a scan's update is what every scan shows")
}

func TestEmailAuthenticity(t *testing.T) {
	msg := org(1)[0]
	msg.DKIM = []provenance.DKIMResult{{Domain: "helios.example", Result: provenance.DKIMPass}}
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: msg}, provenance.Checks()), "email-authenticity")
	require.Len(t, fs, 1)
	assert.Negative(t, fs[0].Weight, "a verified signature is evidence of genuineness")

	att := org(1)[0]
	att.Parent = &provenance.Parent{Path: "mail.mbox#3", DKIM: provenance.DKIMPass, Date: provenance.At(att.Created.Time.Add(-72 * time.Hour))}
	fs = checksNamed(provenance.Run(&provenance.Pass{Record: att}, provenance.Checks()), "email-authenticity")
	require.Len(t, fs, 3, "anchored, but created and modified after the message was sent")
	assert.Equal(t, 2.0, fs[0].Weight)
	assert.Equal(t, []string{"mail.mbox#3"}, fs[2].Related)

	bad := org(1)[0]
	bad.DKIM = []provenance.DKIMResult{{Domain: "helios.example", Result: provenance.DKIMFailBody}}
	fs = checksNamed(provenance.Run(&provenance.Pass{Record: bad}, provenance.Checks()), "email-authenticity")
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "not proof of forgery")
}

// Dates outside the baseline's window weigh by how far outside they are.
func TestTimeWindow(t *testing.T) {
	b := provenance.BuildBaseline(org(20)) // March 2016
	weigh := func(created time.Time, asOf time.Time) []provenance.Finding {
		q := org(1)[0]
		q.Created = provenance.At(created)
		q.Modified = provenance.At(time.Date(2016, 3, 10, 9, 0, 0, 0, time.UTC))
		return checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b, AsOf: asOf}, provenance.Checks()), "time-window")
	}
	far := weigh(time.Date(2012, 5, 1, 9, 0, 0, 0, time.UTC), time.Time{})
	require.Len(t, far, 1)
	assert.Contains(t, far[0].Message, "days before the baseline's pdf documents begin")
	assert.Contains(t, far[0].Compared, "exp(")
	near := weigh(time.Date(2015, 10, 1, 9, 0, 0, 0, time.UTC), time.Time{})
	require.Len(t, near, 1)
	assert.Less(t, near[0].Weight, far[0].Weight, "five months out weighs less than four years")
	assert.Empty(t, weigh(time.Date(2016, 2, 20, 9, 0, 0, 0, time.UTC), time.Time{}), "ten days out is no evidence")

	// After the window, a leak date well after it makes later genuine
	// documents expected.
	late := time.Date(2016, 12, 1, 9, 0, 0, 0, time.UTC)
	noAsOf := weigh(late, time.Time{})
	require.Len(t, noAsOf, 1)
	withAsOf := weigh(late, time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC))
	if len(withAsOf) > 0 {
		assert.Less(t, withAsOf[0].Weight, noAsOf[0].Weight)
	}
	assert.Empty(t, checksNamed(provenance.Run(&provenance.Pass{Record: org(2)[1], Baseline: b}, provenance.Checks()), "time-window"))
}

func TestPackageWrittenAfterClaimedSave(t *testing.T) {
	r := org(1)[0]
	r.Format = "docx"
	r.Modified = provenance.At(time.Date(2016, 2, 5, 16, 20, 0, 0, time.UTC))
	r.Fields.Set("ooxml.zip.mtime[word/document.xml]", "2017-04-19T08:23:54")
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: r}, provenance.Checks()), "sources-disagree")
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "package was written long after")
	assert.Equal(t, "ooxml.zip.mtime[word/document.xml]", fs[0].Fields[0])

	// Written the same day, in some other time zone: no finding.
	r.Fields.Set("ooxml.zip.mtime[word/document.xml]", "2016-02-05T18:20:00")
	assert.Empty(t, checksNamed(provenance.Run(&provenance.Pass{Record: r}, provenance.Checks()), "sources-disagree"))
}

// TestThumbnailEvidence: the thumbnail's similarity with the image, when
// measured, grades the finding; without it a shape mismatch is weak
// evidence. Values are those formats/image gives the fixtures: 0.998 for
// testdata/image/camera.jpg, 0.445 for cropped.jpg, 0.912 for the demo's
// retouched photo.
func TestThumbnailEvidence(t *testing.T) {
	weight := func(fields map[string]string) float64 {
		r := provenance.NewRecord()
		r.Format = "jpeg"
		for k, v := range fields {
			r.Fields.Set(k, v)
		}
		fs := checksNamed(provenance.Run(&provenance.Pass{Record: r}, provenance.Checks()), "editing-traces")
		return provenance.Score(fs)
	}
	assert.Zero(t, weight(map[string]string{"exif.thumbnail.similarity": "0.998", "exif.thumbnail.aspect_matches": "true"}))
	retouched := weight(map[string]string{"exif.thumbnail.similarity": "0.912", "exif.thumbnail.aspect_matches": "true"})
	cropped := weight(map[string]string{"exif.thumbnail.similarity": "0.445", "exif.thumbnail.aspect_matches": "false"})
	shapeOnly := weight(map[string]string{"exif.thumbnail.aspect_matches": "false"})
	assert.Greater(t, retouched, 0.0)
	assert.Greater(t, cropped, retouched)
	assert.Greater(t, retouched, shapeOnly)
	assert.Greater(t, shapeOnly, 0.0)
}

// The text report's line for a document says what it claims to be: its
// title, authors and dates, control characters shown harmlessly.
func TestTextReportShowsEachDocumentsClaims(t *testing.T) {
	q := org(1)[0]
	q.Title = "Budget\x1b[31m 2017"
	q.Fields.Set("pdf.revisions", "3")
	s := &provenance.Scanner{}
	s.Add(q)
	var buf bytes.Buffer
	require.NoError(t, s.Report().WriteText(&buf))
	text := buf.String()
	assert.Contains(t, text, "\u201cBudget\uFFFD[31m 2017\u201d, by Marie Dupont, created 2016-03-01T09:00:00+01:00, modified 2016-03-01T11:00:00+01:00")
	assert.NotContains(t, text, "\x1b")
}

// A photo whose EXIF was copied from another shot (exiftool -TagsFromFile,
// the dates then moved) carries that shot's exposure, sub-second and GPS
// fix: shared-identifier names the shot it came from, and a photo of the
// same camera with its own settings shares nothing.
func TestCaptureSettingsTieATransplantToItsShot(t *testing.T) {
	extract := func(name string) *provenance.Record {
		rec, err := docprov.ExtractFile(context.Background(), filepath.Join("../testdata/image", name))
		require.NoError(t, err)
		return rec
	}
	shot1, shot2, transplant := extract("shot-1.jpg"), extract("shot-2.jpg"), extract("transplant.jpg")
	b := provenance.BuildBaseline([]*provenance.Record{shot1, shot2})

	fs := checksNamed(provenance.Run(&provenance.Pass{Record: transplant, Baseline: b}, provenance.Checks()), "shared-identifier")
	require.Len(t, fs, 1)
	assert.Equal(t, []string{shot1.Path}, fs[0].Related)
	assert.Contains(t, fs[0].Observed, "SubSecTimeOriginal=41")
	assert.Greater(t, fs[0].Strength, 1.0, "no baseline photo shares its settings with another")

	assert.Empty(t, checksNamed(provenance.Run(&provenance.Pass{Record: extract("camera.jpg"), Baseline: b}, provenance.Checks()), "shared-identifier"))
}

// A signed PDF rewritten whole after signing (qpdf) keeps its signature
// dictionary, whose byte range no longer frames the signature: evidence,
// where the signed file itself shows none.
func TestSignatureRangeThatNoLongerFits(t *testing.T) {
	traces := func(name string) []provenance.Finding { return editingTraces(t, name, "byte range") }
	assert.Empty(t, traces("signed.pdf"))
	fs := traces("signed-rewritten.pdf")
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Fields, "pdf.signature[0].byte_range_fits")
	assert.Greater(t, fs[0].Strength, 1.0)
}

// An office whose PDFs all leave qpdf linearized: a qpdf rewrite without
// linearization is a new way of running a program it uses. A program the
// baseline never shows is weighed as a new fingerprint, not also here.
func TestPDFLayoutOfAKnownProgram(t *testing.T) {
	extract := func(name string) *provenance.Record {
		rec, err := docprov.ExtractFile(context.Background(), filepath.Join("../testdata/pdf", name))
		require.NoError(t, err)
		return rec
	}
	var genuine []*provenance.Record
	for i := 0; i < 12; i++ {
		r := extract("qpdf-linearized.pdf")
		r.Path = fmt.Sprintf("genuine/%02d.pdf", i)
		r.SHA256 = fmt.Sprintf("%064d", i)
		genuine = append(genuine, r)
	}
	b := provenance.BuildBaseline(genuine)
	layout := func(name string) []provenance.Finding {
		var out []provenance.Finding
		for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: extract(name), Baseline: b}, provenance.Checks()), "rare-value") {
			if strings.Contains(f.Message, "PDF layout") {
				out = append(out, f)
			}
		}
		return out
	}
	fs := layout("qpdf-objstreams.pdf")
	require.Len(t, fs, 1)
	assert.Equal(t, "qpdf | not linearized", fs[0].Observed)
	assert.Empty(t, layout("libreoffice.pdf"), "a program the baseline never shows")
}

// An update that rewrote a page's content is evidence; one that appended
// a signature is not this evidence.
func TestUpdateThatRewroteAPage(t *testing.T) {
	pageTraces := func(name string) []provenance.Finding { return editingTraces(t, name, "page content") }
	assert.Empty(t, pageTraces("signed.pdf"))
	assert.Empty(t, pageTraces("multi-update.pdf"))
	fs := pageTraces("overpainted.pdf")
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Fields, "pdf.revision[1].page_contents_written")
	assert.Greater(t, fs[0].Strength, 1.0)
}

// ReportLab writes "anonymous" and "unspecified" into the Author and
// Subject its caller left unset. Against an organisation whose ReportLab
// script fills them (testdata/pdf/reportlab.pdf), a ReportLab PDF with the
// placeholders (testdata/pdf/producers/reportlab.pdf) is a finding;
// against one whose script leaves them, it is not.
func TestPlaceholderAgainstTheOrganisationsScript(t *testing.T) {
	read := func(path string, n int) []*provenance.Record {
		var out []*provenance.Record
		for i := 0; i < n; i++ {
			r, err := docprov.ExtractFile(context.Background(), path)
			require.NoError(t, err)
			r.Path, r.SHA256 = fmt.Sprintf("baseline/%02d.pdf", i), fmt.Sprintf("%064d", i)
			out = append(out, r)
		}
		return out
	}
	questioned, err := docprov.ExtractFile(context.Background(), "../testdata/pdf/producers/reportlab.pdf")
	require.NoError(t, err)
	placeholder := func(b *provenance.Baseline) []provenance.Finding {
		return checksNamed(provenance.Run(&provenance.Pass{Record: questioned, Baseline: b}, provenance.Checks()), "placeholder")
	}
	fs := placeholder(provenance.BuildBaseline(read("../testdata/pdf/reportlab.pdf", 8)))
	require.Len(t, fs, 1)
	assert.Equal(t, []string{"pdf.info.Author", "pdf.info.Subject"}, fs[0].Fields)
	assert.Greater(t, fs[0].Weight, 1.0)
	assert.Contains(t, fs[0].Compared, "0 of 8")
	assert.Empty(t, placeholder(provenance.BuildBaseline(read("../testdata/pdf/producers/reportlab.pdf", 8))), "its own script leaves them")
}
