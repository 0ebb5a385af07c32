package provenance_test

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
)

func weightOf(fs []provenance.Finding) float64 {
	w := 0.0
	for _, f := range fs {
		w += f.Weight
	}
	return w
}

// A newcomer's name makes several features new at once; they rest on one
// fact and count as one piece of evidence, not three.
func TestOneFactCountsOnce(t *testing.T) {
	b := provenance.BuildBaseline(org(40))
	q := org(1)[0]
	q.Authors = []string{"Nadia Kowalski"}
	q.LastModifiedBy = "Nadia Kowalski"
	fs := provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks())
	var person []provenance.Finding
	for _, f := range fs {
		if f.Fact == provenance.FactPerson {
			person = append(person, f)
		}
	}
	require.GreaterOrEqual(t, len(person), 2, "author, last editor, editor/program pair: %v", fs)
	strongest, sum := 0.0, 0.0
	for _, f := range person {
		strongest = max(strongest, f.Strength)
		sum += f.Strength
	}
	got := weightOf(person)
	assert.InDelta(t, strongest+0.25*(sum-strongest), got, 0.05, "the strongest in full, the others at a quarter")
	assert.Less(t, got, sum)
	for _, f := range person[1:] {
		assert.NotEmpty(t, f.CountedWith, "a discounted finding says what it was counted with")
	}

	// Facts that differ still add up: a new name and a program the
	// organisation never uses are two pieces of evidence.
	q.AddSoftware(provenance.RoleProducer, "Foxit PhantomPDF 9.0", "pdf.info.Producer")
	fs2 := provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks())
	assert.Greater(t, provenance.Score(fs2), provenance.Score(fs)+0.5)
}

// rareAbout runs every check on q against b and returns the rare-value
// findings whose message names feature.
func rareAbout(q *provenance.Record, b *provenance.Baseline, feature string) []provenance.Finding {
	var out []provenance.Finding
	for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "rare-value") {
		if strings.Contains(f.Message, feature) {
			out = append(out, f)
		}
	}
	return out
}

// An editor and program pair is evidence of its own only when the baseline
// knows both: a newcomer's name beside the office's program is new only
// because the name is, and the name's finding weighs that.
func TestEditorProgramPairNeedsKnownMembers(t *testing.T) {
	genuine := org(30)
	for i, r := range genuine {
		if i%3 == 0 { // Marie Dupont writes in Word, the others print from PScript
			r.Software = nil
			r.AddSoftware(provenance.RoleProducer, "Acrobat Distiller 10.1.8 (Windows)", "pdf.info.Producer")
			r.AddSoftware(provenance.RoleCreator, "Microsoft Word 2016", "pdf.info.Creator")
		}
	}
	b := provenance.BuildBaseline(genuine)
	pairs := func(q *provenance.Record) []provenance.Finding { return rareAbout(q, b, "editor and program pair") }

	known := genuine[1] // Jean Martin, who never used Word
	known.Software = genuine[0].Software
	got := pairs(known)
	require.Len(t, got, 1, "two known members never seen together")
	assert.Contains(t, got[0].Message, "jean martin | microsoft word")

	newcomer := org(2)[1]
	newcomer.Authors = []string{"Nadia Kowalski"}
	assert.Empty(t, pairs(newcomer), "a new name with the office's program")
	newProgram := org(2)[1]
	newProgram.Software = nil
	newProgram.AddSoftware(provenance.RoleCreator, "Pages 12.1", "pdf.info.Creator")
	assert.Empty(t, pairs(newProgram), "a known name with a program never seen")
}

// Fields that none of the comparable genuine documents carry are evidence
// of a metadata editor or another program; fields some of them carry are
// not.
func TestAddedMetadata(t *testing.T) {
	genuine := org(30)
	b := provenance.BuildBaseline(genuine)
	q := org(1)[0]
	q.Fields.Set("pdf.info.Company", "Helios")
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "added-metadata")
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Fields, "pdf.info.Company")
	assert.Greater(t, fs[0].Weight, 0.8)
	assert.Contains(t, fs[0].Compared, "0 of 30")

	// An office where a third of the documents carry it: no evidence.
	for _, r := range genuine[:10] {
		r.Fields.Set("pdf.info.Company", "Helios")
	}
	fs = checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: provenance.BuildBaseline(genuine)}, provenance.Checks()), "added-metadata")
	assert.Empty(t, fs)
}

// A scrubbing tool removes most of what the organisation's program writes;
// a document without a title is a person leaving it blank.
func TestScrubbedWeighsTheShareMissing(t *testing.T) {
	genuine := org(30)
	keys := []string{"pdf.info.Title", "pdf.info.Creator", "pdf.info.CreationDate", "pdf.info.ModDate", "pdf.info.Subject", "pdf.info.Keywords"}
	for _, r := range genuine {
		for _, k := range keys {
			r.Fields.Set(k, "x")
		}
	}
	b := provenance.BuildBaseline(genuine)
	oneBlank := org(1)[0]
	for _, k := range keys[1:] {
		oneBlank.Fields.Set(k, "x")
	}
	weak := checksNamed(provenance.Run(&provenance.Pass{Record: oneBlank, Baseline: b}, provenance.Checks()), "scrubbed")
	scrubbed := org(1)[0]
	delete(scrubbed.Fields, "pdf.info.Author")
	delete(scrubbed.Fields, "pdf.info.Producer")
	strong := checksNamed(provenance.Run(&provenance.Pass{Record: scrubbed, Baseline: b}, provenance.Checks()), "scrubbed")
	require.Len(t, strong, 1)
	assert.Greater(t, strong[0].Weight, 1.0)
	assert.Len(t, strong[0].Fields, len(keys)+2)
	assert.Less(t, weightOf(weak), 0.6*strong[0].Weight)
}

// An office whose privacy step removes the Info dictionary of half its
// PDFs: a missing creation date says nothing among all of them, but a PDF
// that kept its Info without the creation date its program writes in
// every Info is compared with the documents that kept theirs. A blank
// title, typed by a person, is not.
func TestScrubbedComparesWithinTheKeptPart(t *testing.T) {
	infoKeys := []string{"pdf.info.Title", "pdf.info.Creator", "pdf.info.Producer", "pdf.info.Author", "pdf.info.CreationDate", "pdf.info.ModDate"}
	genuine := org(40)
	for i, r := range genuine {
		for _, k := range infoKeys {
			r.Fields.Set(k, "x")
		}
		if i%2 == 1 {
			for _, k := range infoKeys {
				delete(r.Fields, k)
			}
		}
	}
	b := provenance.BuildBaseline(genuine)
	scrubbedOf := func(missing string) []provenance.Finding {
		q := org(1)[0]
		for _, k := range infoKeys {
			if k != missing {
				q.Fields.Set(k, "x")
			}
		}
		return checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "scrubbed")
	}
	noDate := scrubbedOf("pdf.info.CreationDate")
	require.Len(t, noDate, 1)
	assert.Equal(t, []string{"pdf.info.CreationDate"}, noDate[0].Fields)
	assert.Greater(t, noDate[0].Weight, 0.7)
	assert.Contains(t, noDate[0].Compared, "20 pdf documents")
	assert.Contains(t, noDate[0].Compared, "carry pdf.info")
	assert.Empty(t, scrubbedOf("pdf.info.Title"))

	// Where the documents that keep their Info lack the date as often,
	// its absence is the organisation's habit.
	for _, r := range genuine[:10] { // 5 of the 20 that keep their Info
		delete(r.Fields, "pdf.info.CreationDate")
	}
	b = provenance.BuildBaseline(genuine)
	assert.Less(t, weightOf(scrubbedOf("pdf.info.CreationDate")), 0.2)
}

// versioned makes n documents claiming a producer version, dated from
// start a week apart.
func versioned(n int, version string, start time.Time) []*provenance.Record {
	recs := org(n)
	for i, r := range recs {
		r.Path = fmt.Sprintf("genuine/%s-%02d.pdf", version, i)
		r.SHA256 = fmt.Sprintf("%s-%060d", version, i)
		r.Software = nil
		r.AddSoftware(provenance.RoleProducer, "LibreOffice "+version, "pdf.info.Producer")
		r.Created = provenance.At(start.Add(time.Duration(i) * 7 * 24 * time.Hour))
		r.Modified = r.Created
	}
	return recs
}

// The organisation's own upgrade dates are sharper than a release table.
func TestVersionAdoption(t *testing.T) {
	jan := time.Date(2017, 1, 2, 10, 0, 0, 0, time.UTC)
	jul := time.Date(2017, 7, 3, 10, 0, 0, 0, time.UTC)
	b := provenance.BuildBaseline(append(versioned(20, "5.2.1", jan), versioned(20, "5.3.0", jul)...))
	claim := func(version string, when time.Time) []provenance.Finding {
		q := versioned(1, version, when)[0]
		q.SHA256 = "questioned"
		return checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "version-adoption")
	}
	early := claim("5.3.2", time.Date(2017, 5, 1, 10, 0, 0, 0, time.UTC))
	require.Len(t, early, 1)
	assert.Greater(t, early[0].Weight, 1.0)
	assert.Contains(t, early[0].Message, "the organisation then used libreoffice 5.2")
	assert.Empty(t, claim("5.3.2", time.Date(2017, 8, 1, 10, 0, 0, 0, time.UTC)), "after adoption")
	assert.Empty(t, claim("5.3.2", time.Date(2017, 6, 26, 10, 0, 0, 0, time.UTC)), "a week before the first sampled document")
	assert.Empty(t, claim("5.2.1", time.Date(2017, 10, 1, 10, 0, 0, 0, time.UTC)), "an older version still in use")
	nearer := claim("5.3.2", time.Date(2017, 6, 5, 10, 0, 0, 0, time.UTC))
	require.Len(t, nearer, 1)
	assert.Less(t, nearer[0].Weight, early[0].Weight, "a month early weighs less than two")
}

func photo(local, offset, gps string) *provenance.Record {
	r := provenance.NewRecord()
	r.Path, r.Format, r.SHA256 = "P1.JPG", "jpeg", "p1"
	r.Fields.Set("exif.ExifIFD.DateTimeOriginal", local)
	r.Fields.Set("exif.ExifIFD.OffsetTimeOriginal", offset)
	r.Fields.Set("exif.gps.datetime", gps)
	return r
}

// A camera writes its local time, its offset and the GPS UTC time from one
// moment; a date shifted with a metadata editor leaves them disagreeing.
func TestPhotoClock(t *testing.T) {
	run := func(r *provenance.Record) []provenance.Finding {
		return checksNamed(provenance.Run(&provenance.Pass{Record: r}, provenance.Checks()), "photo-clock")
	}
	assert.Empty(t, run(photo("2017:03:21 14:05:10", "+02:00", "2017-03-21T12:04:58Z")), "consistent, GPS fix 12 s earlier")
	shifted := run(photo("2017:03:18 14:05:10", "+02:00", "2017-03-21T12:04:58Z"))
	require.Len(t, shifted, 1)
	assert.Contains(t, shifted[0].Message, "differ by 2 days 22 h, no time zone's offset, and the photo declares UTC+02:00")
	assert.Equal(t, provenance.FactClock, shifted[0].Fact)
	assert.Empty(t, run(photo("2017:03:21 17:35:10", "", "2017-03-21T12:05:00Z")), "UTC+05:30 is a real offset")
	odd := run(photo("2017:03:21 16:58:10", "", "2017-03-21T12:05:00Z"))
	require.Len(t, odd, 1)
	assert.Contains(t, odd[0].Message, "no time zone's offset")

	// The offset a photo's clocks imply is a feature: a Moscow offset in
	// a Paris organisation is a value the baseline never shows.
	var paris []*provenance.Record
	for i := 0; i < 20; i++ {
		r := photo(fmt.Sprintf("2017:03:%02d 14:05:10", i+1), "", fmt.Sprintf("2017-03-%02dT13:05:10Z", i+1))
		r.SHA256 = fmt.Sprint(i)
		paris = append(paris, r)
	}
	moscow := photo("2017:03:21 15:05:10", "", "2017-03-21T12:05:10Z")
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: moscow, Baseline: provenance.BuildBaseline(paris)}, provenance.Checks()), "rare-value")
	require.Len(t, fs, 1)
	assert.Equal(t, "+03:00", fs[0].Observed)
}

// An identifier shared with a genuine document means an edited copy or a
// document made from it only when the content differs, and it weighs by
// how often the organisation's own documents share identifiers.
func TestSharedIdentifierTellsCopiesFromDerivedDocuments(t *testing.T) {
	genuine := org(20)
	for i, r := range genuine {
		r.Fields.Set(provenance.KeyContentDigest, fmt.Sprintf("content-%d", i))
	}
	b := provenance.BuildBaseline(genuine)
	q := org(1)[0]
	q.SHA256 = "other bytes"
	q.Fields.Set(provenance.KeyContentDigest, "content-0")
	copyOf := checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "shared-identifier")
	require.Len(t, copyOf, 1)
	assert.Zero(t, copyOf[0].Weight)
	assert.Contains(t, copyOf[0].Message, "same content")

	q.Fields.Set(provenance.KeyContentDigest, "something else")
	derived := checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "shared-identifier")
	require.Len(t, derived, 1)
	assert.Greater(t, derived[0].Weight, 1.0)
	assert.Equal(t, []string{"genuine/00.pdf"}, derived[0].Related)
	assert.Contains(t, derived[0].Compared, "0 of 20")

	// An office that writes every document from last year's by Save As.
	reuse := org(20)
	for i, r := range reuse {
		r.IDs = nil
		r.AddID("xmp.DocumentID", fmt.Sprintf("uuid:doc-%d", i%5), "pdf.xmp.xmpMM:DocumentID")
		r.Fields.Set(provenance.KeyContentDigest, fmt.Sprintf("content-%d", i))
	}
	habitual := checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: provenance.BuildBaseline(reuse)}, provenance.Checks()), "shared-identifier")
	for _, f := range habitual {
		assert.Less(t, f.Weight, 0.1, "four documents of other content share it: a template's ID")
	}
}

// Within a questioned corpus, members of a family whose content differs
// are evidence; copies of one content are not.
func TestFamiliesOfOtherContentAreEvidence(t *testing.T) {
	sc := &provenance.Scanner{Baseline: provenance.BuildBaseline(org(20))}
	docs := org(3)
	for i, r := range docs {
		r.Path = fmt.Sprintf("leak/%d.pdf", i)
		r.SHA256 = fmt.Sprint("leak", i)
		r.IDs = nil
		r.AddID("xmp.DocumentID", "uuid:shared", "pdf.xmp.xmpMM:DocumentID")
	}
	docs[0].Fields.Set(provenance.KeyContentDigest, "a")
	docs[1].Fields.Set(provenance.KeyContentDigest, "a")
	docs[2].Fields.Set(provenance.KeyContentDigest, "b")
	for _, r := range docs {
		sc.Add(r)
	}
	rep := sc.Report()
	byPath := map[string]provenance.DocReport{}
	for _, d := range rep.Documents {
		byPath[d.Path] = d
	}
	for _, p := range []string{"leak/0.pdf", "leak/1.pdf", "leak/2.pdf"} {
		fam := checksNamed(byPath[p].Findings, "family")
		require.Len(t, fam, 1, p)
		assert.Greater(t, fam[0].Weight, 0.5, p)
	}
	assert.Equal(t, []string{"leak/2.pdf"}, checksNamed(byPath["leak/0.pdf"].Findings, "family")[0].Related, "the copy with the same content is not counted")
	require.Len(t, rep.Groups, 1)
	assert.Equal(t, "family", rep.Groups[0].Kind)
}

// LibreOffice writes the storages of a package it loaded in another order
// than those of one it made new: an organisation whose baseline packages
// are all made new sees a re-saved one's order as new, and a document of
// the same making is not flagged.
func TestPackageOrderOfARealResave(t *testing.T) {
	fresh, err := docprov.ExtractFile(context.Background(), "../testdata/odf/libreoffice-writer.odt")
	require.NoError(t, err)
	resaved, err := docprov.ExtractFile(context.Background(), "../testdata/odf/libreoffice-writer-resaved.odt")
	require.NoError(t, err)
	var genuine []*provenance.Record
	for i := range 12 {
		r, err := docprov.ExtractFile(context.Background(), "../testdata/odf/libreoffice-writer.odt")
		require.NoError(t, err)
		r.Path, r.SHA256 = fmt.Sprintf("baseline/%d.odt", i), fmt.Sprint("fresh", i)
		genuine = append(genuine, r)
	}
	b := provenance.BuildBaseline(genuine)
	order := func(r *provenance.Record) []provenance.Finding { return rareAbout(r, b, "ZIP entries in the order") }
	assert.Empty(t, order(fresh))
	got := order(resaved)
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Observed, "configurations#/menubar/ configurations#/floater/")
	assert.Equal(t, provenance.FactProgram, got[0].Fact)
	assert.Contains(t, got[0].Fields, "odf.zip.entry[1]")
}

// Of two documents that share a creation time, the one saved later is the
// one made from the other (a Save As keeps its origin's creation time):
// it carries more of the family's weight than its origin.
func TestFamilyWeighsTheLaterSaveAsTheDerivative(t *testing.T) {
	sc := &provenance.Scanner{Baseline: provenance.BuildBaseline(org(20))}
	docs := org(2)
	for i, r := range docs {
		r.Path = fmt.Sprintf("leak/%d.pdf", i)
		r.SHA256 = fmt.Sprint("leak", i)
		r.IDs = nil
		r.Authors = []string{"Marie Dupont"}
		r.Created = provenance.At(time.Date(2016, 3, 1, 9, 0, 17, 0, time.UTC))
		r.Fields.Set(provenance.KeyContentDigest, fmt.Sprint("content", i))
	}
	docs[0].Modified = provenance.At(time.Date(2016, 3, 2, 9, 0, 0, 0, time.UTC))
	docs[1].Modified = provenance.At(time.Date(2017, 5, 9, 9, 0, 0, 0, time.UTC)) // saved as, a year on
	for _, r := range docs {
		sc.Add(r)
	}
	weight := map[string]float64{}
	for _, d := range sc.Report().Documents {
		for _, f := range checksNamed(d.Findings, "family") {
			weight[d.Path] = max(weight[d.Path], f.Weight)
		}
	}
	assert.Greater(t, weight["leak/1.pdf"], weight["leak/0.pdf"]+0.5, "%v", weight)
}

// A baseline is calibrated for one set of checks: a scan with another set
// refuses it.
func TestScannerRefusesABaselineOfOtherChecks(t *testing.T) {
	b := provenance.BuildBaseline(org(5))
	require.NoError(t, (&provenance.Scanner{Baseline: b}).Validate())
	fewer := []*provenance.Check{provenance.TimeOrder, provenance.RareValue}
	assert.ErrorIs(t, (&provenance.Scanner{Baseline: b, Checks: fewer}).Validate(), provenance.ErrBaselineChecks)
	require.NoError(t, (&provenance.Scanner{Baseline: provenance.NewBaselineFor(fewer), Checks: fewer}).Validate())

	assert.ErrorIs(t, provenance.Validate([]*provenance.Check{provenance.TimeOrder, provenance.TimeOrder}), provenance.ErrInvalidCheck)
	assert.ErrorIs(t, provenance.Validate([]*provenance.Check{{Name: "x", Run: provenance.TimeOrder.Run}}), provenance.ErrInvalidCheck)
	require.NoError(t, provenance.Validate(provenance.Checks()))
}

// bulk makes n documents created months apart and all modified within a
// few minutes of at.
func bulk(n int, at time.Time, prefix string) []*provenance.Record {
	recs := org(n)
	for i, r := range recs {
		r.Path = fmt.Sprintf("%s/%02d.pdf", prefix, i)
		r.SHA256 = fmt.Sprintf("%s-%d", prefix, i)
		r.Created = provenance.At(at.AddDate(0, -2*(i+1), 0))
		r.Modified = provenance.At(at.Add(time.Duration(i) * time.Minute))
	}
	return recs
}

// A burst of re-saves weighs by how often the organisation's own documents
// come in such bursts.
func TestEditBurstIsCalibratedByTheBaseline(t *testing.T) {
	burstWeight := func(b *provenance.Baseline) float64 {
		sc := &provenance.Scanner{Baseline: b}
		for _, r := range bulk(4, time.Date(2017, 4, 28, 1, 12, 0, 0, time.UTC), "leak") {
			sc.Add(r)
		}
		fs := checksNamed(sc.Report().Documents[0].Findings, "edit-burst")
		require.Len(t, fs, 1)
		return fs[0].Strength
	}
	quiet := burstWeight(provenance.BuildBaseline(org(40)))
	var migrating []*provenance.Record
	for m := 0; m < 6; m++ {
		migrating = append(migrating, bulk(5, time.Date(2016, time.Month(3+m), 1, 22, 0, 0, 0, time.UTC), fmt.Sprint("m", m))...)
	}
	habitual := burstWeight(provenance.BuildBaseline(append(migrating, org(10)...)))
	assert.Greater(t, quiet, 1.0)
	assert.Less(t, habitual, 0.2, "an office that re-saves its files in bulk every month")
}

// pdfFixture extracts one of testdata/pdf/producers, made by real producers.
func pdfFixture(t *testing.T, name string) *provenance.Record {
	t.Helper()
	rec, err := docprov.ExtractFile(context.Background(), filepath.Join("../testdata/pdf/producers", name))
	require.NoError(t, err)
	return rec
}

// A LibreOffice PDF rewritten by qpdf, pikepdf or pdfcpu keeps
// LibreOffice's traces: the rewrite is evidence of editing, and the claim
// of LibreOffice is not a mismatch; a ReportLab PDF is what it claims.
func TestPDFRewritesAndMismatches(t *testing.T) {
	for _, name := range []string{"qpdf-rewrite.pdf", "pikepdf-rewrite.pdf", "pdfcpu-rewrite.pdf"} {
		fs := provenance.Run(&provenance.Pass{Record: pdfFixture(t, name)}, provenance.Checks())
		var rewrite []provenance.Finding
		for _, f := range checksNamed(fs, "editing-traces") {
			if strings.HasPrefix(f.Message, "rewritten by") {
				rewrite = append(rewrite, f)
			}
		}
		require.Len(t, rewrite, 1, name)
		assert.Contains(t, rewrite[0].Message, "the traces of LibreOffice, which made it, remain", name)
		assert.Empty(t, checksNamed(fs, "producer-mismatch"), name)
	}
	for _, name := range []string{"libreoffice-a.pdf", "reportlab.pdf", "skia.pdf", "cairo.pdf"} {
		fs := provenance.Run(&provenance.Pass{Record: pdfFixture(t, name)}, provenance.Checks())
		assert.Empty(t, checksNamed(fs, "producer-mismatch"), name)
	}

	// ReportLab's structure under a claim of LibreOffice.
	forged := pdfFixture(t, "reportlab.pdf")
	forged.Software = slices.DeleteFunc(forged.Software, func(s provenance.Software) bool { return !s.Inferred() })
	forged.AddSoftware(provenance.RoleProducer, "LibreOffice 7.4", "pdf.info.Producer")
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: forged}, provenance.Checks()), "producer-mismatch")
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "its structure is that of ReportLab")
}

// A program the organisation switched to is evidence on a document that
// claims a date before the switch, while the old program was in use.
func TestProgramAdoption(t *testing.T) {
	made := func(n int, family string, start time.Time) []*provenance.Record {
		recs := versioned(n, "7.0.1", start)
		for i, r := range recs {
			r.Format = "xlsx"
			r.Path = fmt.Sprintf("genuine/%s-%02d.xlsx", family, i)
			r.SHA256 = family + r.SHA256
			r.Software = nil
			r.AddSoftware(provenance.RoleProducer, family, "ooxml.fingerprint.producer")
		}
		return recs
	}
	b := provenance.BuildBaseline(append(made(20, "openpyxl", time.Date(2018, 1, 1, 9, 0, 0, 0, time.UTC)), made(20, "XlsxWriter", time.Date(2018, 6, 4, 9, 0, 0, 0, time.UTC))...))
	early := made(1, "XlsxWriter", time.Date(2018, 3, 1, 9, 0, 0, 0, time.UTC))[0]
	early.SHA256 = "q"
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: early, Baseline: b}, provenance.Checks()), "version-adoption")
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "the organisation then used openpyxl")
	late := made(1, "XlsxWriter", time.Date(2018, 9, 1, 9, 0, 0, 0, time.UTC))[0]
	late.SHA256 = "q"
	assert.Empty(t, checksNamed(provenance.Run(&provenance.Pass{Record: late, Baseline: b}, provenance.Checks()), "version-adoption"))
}

// The claims a document makes tie it to its parent even when every
// identifier it carries is a template's: the same creation and last-save
// times with other content is an edit its program never saw, the same
// creation time and title a later revision, the same creation time under
// another title a document made from another by Save As.
func TestClaimedTimesTieCopiesToParents(t *testing.T) {
	genuine := org(20)
	for i, r := range genuine {
		r.IDs = nil // a template's identifiers only: none of their own
		r.Title = fmt.Sprintf("Report %d", i)
		r.Created = provenance.At(r.Created.Time.Add(time.Duration(i*7+3) * time.Second))
		r.Fields.Set(provenance.KeyContentDigest, fmt.Sprint("content ", i))
	}
	b := provenance.BuildBaseline(genuine)
	weigh := func(change func(*provenance.Record)) []provenance.Finding {
		q := *genuine[3]
		q.Fields = provenance.Fields{}
		for k, v := range genuine[3].Fields {
			q.Fields[k] = v
		}
		q.SHA256 = "questioned"
		q.Fields.Set(provenance.KeyContentDigest, "other content")
		change(&q)
		return checksNamed(provenance.Run(&provenance.Pass{Record: &q, Baseline: b}, provenance.Checks()), "shared-identifier")
	}
	edited := weigh(func(*provenance.Record) {})
	require.NotEmpty(t, edited)
	assert.Contains(t, edited[0].Message, "changed without its program recording a save")
	assert.Greater(t, edited[0].Weight, 2.0)

	revision := weigh(func(q *provenance.Record) { q.Modified = provenance.At(q.Modified.Time.AddDate(0, 2, 0)) })
	require.Len(t, revision, 1)
	assert.Contains(t, revision[0].Message, "a later revision of it")
	assert.LessOrEqual(t, revision[0].Weight, 0.5, "an archive of final versions shows no revision pairs: that is no reason to doubt one")
	assert.Contains(t, revision[0].Compared, "a baseline rarely holds two versions of one document")

	saveAs := weigh(func(q *provenance.Record) {
		q.Modified = provenance.At(q.Modified.Time.AddDate(0, 2, 0))
		q.Title = "Something else entirely"
	})
	require.Len(t, saveAs, 1)
	assert.Greater(t, saveAs[0].Weight, revision[0].Weight+0.5, "another title: made from an unrelated document")

	// Named as a later version of it ("03_v2.pdf" of "03.pdf"), it keeps
	// what a later version keeps, its title missing (scrubbed) or not;
	// not its creation and last save both, which no later save keeps.
	for name, change := range map[string]func(*provenance.Record){
		"titled":   func(q *provenance.Record) {},
		"scrubbed": func(q *provenance.Record) { q.Title = "" },
	} {
		named := weigh(func(q *provenance.Record) {
			q.Path = "leak/03_v2.pdf"
			q.Modified = provenance.At(q.Modified.Time.AddDate(0, 2, 0))
			change(q)
		})
		require.Len(t, named, 1, name)
		assert.Contains(t, named[0].Message, "named as a later version of genuine document genuine/03.pdf", name)
		assert.Zero(t, named[0].Weight, name)
	}
	copied := weigh(func(q *provenance.Record) { q.Path = "leak/03_v2.pdf" })
	require.NotEmpty(t, copied)
	assert.Greater(t, copied[0].Weight, 2.0, "the same creation and last save under a later version's name: %v", copied)
}

// office2 makes n genuine OOXML records of an office whose LibreOffice
// writes its ZIP entries one way and names its people.
func office2(n int) []*provenance.Record {
	var recs []*provenance.Record
	for i := 0; i < n; i++ {
		r := provenance.NewRecord()
		r.Path, r.Format, r.SHA256 = fmt.Sprintf("archive/%02d.docx", i), "docx", fmt.Sprint("o", i)
		r.Authors, r.LastModifiedBy = []string{"Ana Souza"}, "Bruno Lima"
		r.Created = provenance.At(time.Date(2019, 1, 7+i%20, 10, 0, i, 0, time.UTC))
		r.Modified = provenance.At(r.Created.Time.Add(time.Hour))
		r.AddSoftware(provenance.RoleApplication, "LibreOffice/7.4.7.2$Linux_X86_64", "ooxml.app.Application")
		r.AddSoftware(provenance.RoleProducer, "LibreOffice", "ooxml.fingerprint.producer")
		for _, k := range []string{"ooxml.core.dc:creator", "ooxml.core.cp:lastModifiedBy", "ooxml.core.dcterms:created", "ooxml.core.dcterms:modified", "ooxml.app.Application", "ooxml.core.cp:revision"} {
			r.Fields.Set(k, "x")
		}
		for e, name := range []string{"_rels/.rels", "docProps/core.xml", "word/document.xml"} {
			r.Fields.Set(fmt.Sprintf("ooxml.zip.entry[%d]", e), name)
			r.Fields.Set(fmt.Sprintf("ooxml.zip.entry[%d].method", e), "deflated")
			r.Fields.Set(fmt.Sprintf("ooxml.zip.entry[%d].flags", e), "0x0808")
		}
		recs = append(recs, r)
	}
	return recs
}

// What a document carries is compared with the documents its own program
// wrote: a file scrubbed of its claims is still compared with the
// documents of its structure, and its missing names and fields are one
// metadata fact; a package rewritten by another ZIP writer shows it.
func TestScrubbedFilesAreComparedByTheirStructure(t *testing.T) {
	b := provenance.BuildBaseline(office2(30))
	scrubbed := office2(1)[0]
	scrubbed.SHA256 = "s"
	scrubbed.Authors, scrubbed.LastModifiedBy = nil, ""
	scrubbed.Software = slices.DeleteFunc(scrubbed.Software, func(s provenance.Software) bool { return !s.Inferred() })
	for _, k := range scrubbed.Fields.WithPrefix("ooxml.core.") {
		delete(scrubbed.Fields, k)
	}
	delete(scrubbed.Fields, "ooxml.app.Application")
	fs := provenance.Run(&provenance.Pass{Record: scrubbed, Baseline: b}, provenance.Checks())
	sc := checksNamed(fs, "scrubbed")
	require.Len(t, sc, 1)
	assert.Contains(t, sc[0].Compared, "with the structure of libreoffice")
	assert.Equal(t, provenance.FactMetadata, sc[0].Fact)
	assert.Greater(t, sc[0].Weight, 1.0)
	for _, f := range checksNamed(fs, "rare-value") {
		if strings.HasPrefix(f.Observed, "(none") {
			assert.Equal(t, provenance.FactMetadata, f.Fact, f.Message)
		}
	}

	rezipped := office2(1)[0]
	rezipped.SHA256 = "z"
	for e := 0; e < 3; e++ {
		rezipped.Fields.Set(fmt.Sprintf("ooxml.zip.entry[%d].flags", e), "0x0000")
	}
	pk := checksNamed(provenance.Run(&provenance.Pass{Record: rezipped, Baseline: b}, provenance.Checks()), "rare-value")
	require.Len(t, pk, 1)
	assert.Equal(t, `ZIP entries written as "ooxml: deflated 0x0000" never appears in the baseline`, pk[0].Message)
	assert.Equal(t, provenance.FactProgram, pk[0].Fact)
}

// A program the baseline never shows writes other fields: what it lacks is
// that program's difference, weak and counted with the program's novelty,
// not scrubbing.
func TestAnUnknownProgramsFieldsAreItsOwnDifference(t *testing.T) {
	b := provenance.BuildBaseline(office2(30))
	other := office2(1)[0]
	other.SHA256 = "p"
	other.Software = nil
	other.AddSoftware(provenance.RoleApplication, "SoftMaker TextMaker", "ooxml.app.Application")
	other.AddSoftware(provenance.RoleProducer, "SoftMaker", "ooxml.fingerprint.producer")
	delete(other.Fields, "ooxml.core.cp:revision")
	delete(other.Fields, "ooxml.core.cp:lastModifiedBy")
	fs := provenance.Run(&provenance.Pass{Record: other, Baseline: b}, provenance.Checks())
	for _, f := range append(checksNamed(fs, "scrubbed"), checksNamed(fs, "added-metadata")...) {
		assert.Equal(t, provenance.FactProgram, f.Fact, f.Message)
		assert.Less(t, f.Strength, 0.5, f.Message)
	}
}

// A picture whose size is not its EXIF's was cropped or resized by a
// program that kept the camera's EXIF.
func TestPictureSizeAgainstItsEXIF(t *testing.T) {
	r := photo("2017:03:21 14:05:10", "+02:00", "2017-03-21T12:05:00Z")
	r.Fields.Set(provenance.KeyImageEXIFDimensionsMatch, "false")
	r.Fields.Set("image.width", "560")
	r.Fields.Set("image.height", "420")
	r.Fields.Set("exif.ExifIFD.PixelXDimension", "640")
	r.Fields.Set("exif.ExifIFD.PixelYDimension", "480")
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: r}, provenance.Checks()), "editing-traces")
	require.Len(t, fs, 1)
	assert.Equal(t, "560×420", fs[0].Observed)
	assert.Equal(t, "640×480", fs[0].Expected)
}

// Cameras number photos in the order they take them: one whose time was
// shifted falls out of the sequence, and only that one.
func TestPhotoSequence(t *testing.T) {
	sc := &provenance.Scanner{}
	start := time.Date(2020, 5, 4, 9, 0, 0, 0, time.UTC)
	for i := 0; i < 8; i++ {
		r := provenance.NewRecord()
		r.Path, r.Format, r.SHA256 = fmt.Sprintf("leak/DSCN%04d.JPG", 240+i), "jpeg", fmt.Sprint(i)
		r.Camera = &provenance.Camera{Make: "NIKON", Model: "COOLPIX W300"}
		r.Created = provenance.Local(2020, 5, 4, 9+i, 0, 0, 0)
		if i == 5 {
			r.Created = provenance.At(start.AddDate(0, 0, -3)) // shifted three days back
		}
		sc.Add(r)
	}
	other := provenance.NewRecord() // another camera's photo is no part of it
	other.Path, other.Format, other.SHA256 = "leak/IMG_0001.JPG", "jpeg", "x"
	other.Camera = &provenance.Camera{Make: "Apple", Model: "iPhone 12"}
	other.Created = provenance.At(start.AddDate(-1, 0, 0))
	sc.Add(other)
	rep := sc.Report()
	var flagged []string
	for _, d := range rep.Documents {
		for _, f := range d.Findings {
			if f.Check == "photo-sequence" {
				flagged = append(flagged, d.Path)
				assert.Contains(t, f.Message, "numbered between photos taken 2020-05-04 13:00 and 2020-05-04 15:00")
			}
		}
	}
	assert.Equal(t, []string{"leak/DSCN0245.JPG"}, flagged)
}

// A package written at the save it claims implies the writer's offset:
// LibreOffice writes local time as the claim and UTC in the ZIP entries.
func TestPackageTimesImplyTheWritersOffset(t *testing.T) {
	saved := func(i int, local time.Time, offset time.Duration) *provenance.Record {
		r := office2(1)[0]
		r.SHA256 = fmt.Sprint("p", i)
		r.Modified = provenance.At(time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(), 0, time.UTC))
		r.Fields.Set("ooxml.zip.mtime[word/document.xml]", local.Add(-offset).Format("2006-01-02T15:04:05"))
		return r
	}
	var paris []*provenance.Record
	for i := 0; i < 20; i++ {
		paris = append(paris, saved(i, time.Date(2017, 3, 1+i, 10+i%6, 7, 12, 0, time.UTC), time.Duration(1+i%2)*time.Hour))
	}
	b := provenance.BuildBaseline(paris)
	moscow := saved(99, time.Date(2017, 4, 27, 15, 33, 40, 0, time.UTC), 3*time.Hour)
	var offsets []string
	for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: moscow, Baseline: b}, provenance.Checks()), "rare-value") {
		if strings.HasPrefix(f.Message, "UTC offset") {
			offsets = append(offsets, f.Observed)
			assert.Equal(t, provenance.FactClock, f.Fact)
		}
	}
	assert.Equal(t, []string{"+03:00"}, offsets)
	rezipped := saved(98, time.Date(2017, 4, 27, 15, 33, 40, 0, time.UTC), 3*time.Hour+17*time.Minute)
	for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: rezipped, Baseline: b}, provenance.Checks()), "rare-value") {
		assert.False(t, strings.HasPrefix(f.Message, "UTC offset"), "a package written 3 h 17 min apart implies no offset: %s", f.Message)
	}
}

// A page another genuine document of other content also has was taken from
// it; one that many documents have is a template's page.
func TestSharedPages(t *testing.T) {
	genuine := org(20)
	for i, r := range genuine {
		r.IDs = nil
		r.Fields.Set(provenance.KeyContentDigest, fmt.Sprint("doc ", i))
		r.Fields.Set("content.pages_sha256[0]", fmt.Sprint("page one of ", i))
		r.Fields.Set("content.pages_sha256[1]", "the terms and conditions every contract ends with")
	}
	b := provenance.BuildBaseline(genuine)
	q := org(1)[0]
	q.IDs, q.SHA256 = nil, "q"
	q.Created = provenance.At(q.Created.Time.AddDate(0, 1, 0))
	q.Fields.Set(provenance.KeyContentDigest, "a forged document")
	q.Fields.Set("content.pages_sha256[0]", "page one of 7")
	q.Fields.Set("content.pages_sha256[1]", "the terms and conditions every contract ends with")
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "shared-identifier")
	require.Len(t, fs, 1, "the common last page is a template's")
	assert.Equal(t, []string{"content.pages_sha256[0]"}, fs[0].Fields)
	assert.Equal(t, []string{"genuine/07.pdf"}, fs[0].Related)
}

// named returns genuine records whose file names state the date of their
// creation, as an office naming "Minutes_YYYY-MM-DD" writes them, created
// drift days after the name's date.
func named(n int, drift func(i int) int) []*provenance.Record {
	recs := org(n)
	for i, r := range recs {
		day := time.Date(2016, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)
		r.Path = fmt.Sprintf("genuine/Minutes_%s.pdf", day.Format("2006-01-02"))
		r.Created = provenance.At(time.Date(day.Year(), day.Month(), day.Day()+drift(i), 10, 0, 0, 0, time.FixedZone("", 3600)))
		r.Modified = provenance.At(r.Created.Time.Add(time.Hour))
	}
	return recs
}

// A file name's date far from the creation the document claims is
// evidence where the organisation's names and claims agree, and little
// where they drift as far.
func TestNameDate(t *testing.T) {
	q := named(1, func(int) int { return 0 })[0]
	q.Path = "leak/Minutes_2016-02-10.pdf"
	q.Created = provenance.At(time.Date(2016, 5, 20, 15, 0, 0, 0, time.FixedZone("", 3600)))
	q.Modified = q.Created

	agree := provenance.BuildBaseline(named(30, func(i int) int { return i % 2 }))
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: agree}, provenance.Checks()), "name-date")
	require.Len(t, fs, 1)
	assert.Greater(t, fs[0].Weight, 1.0, fs[0].Compared)
	assert.Contains(t, fs[0].Compared, "0 of 30")
	assert.Contains(t, fs[0].Fields, provenance.KeyNameDate)
	assert.Contains(t, fs[0].Message, "99 days after")

	// Where a third of the documents are written up two months after the
	// date their names give, a three-month gap says little.
	drifting := provenance.BuildBaseline(named(30, func(i int) int {
		if i%3 == 0 {
			return 60
		}
		return 0
	}))
	fs = checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: drifting}, provenance.Checks()), "name-date")
	require.Len(t, fs, 1)
	assert.Less(t, fs[0].Weight, 0.5, fs[0].Compared)

	// A name and a claim a day apart (an offset, a late save): nothing.
	q.Created = provenance.At(time.Date(2016, 2, 11, 23, 0, 0, 0, time.FixedZone("", 3600)))
	assert.Empty(t, checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: agree}, provenance.Checks()), "name-date"))
}

// A newer version of a program the organisation uses is an update when it
// is dated after the baseline last shows the program, and evidence when it
// is dated while the organisation still used the old one.
func TestNewerVersionAfterTheBaselineIsAnUpdate(t *testing.T) {
	b := provenance.BuildBaseline(org(30))
	weight := func(when time.Time) (float64, string) {
		q := org(1)[0]
		q.Software = nil
		q.AddSoftware(provenance.RoleProducer, "Acrobat Distiller 11.0 (Windows)", "pdf.info.Producer")
		q.AddSoftware(provenance.RoleCreator, "PScript5.dll Version 5.2.2", "pdf.info.Creator")
		q.Created, q.Modified = provenance.At(when), provenance.At(when)
		for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "rare-value") {
			if strings.Contains(f.Message, "acrobat distiller 11.0") {
				return f.Strength, f.Compared
			}
		}
		return 0, ""
	}
	during, _ := weight(time.Date(2016, 3, 15, 10, 0, 0, 0, time.UTC))
	later, compared := weight(time.Date(2016, 5, 28, 10, 0, 0, 0, time.UTC))
	assert.Greater(t, during, 0.5)
	assert.Less(t, later, during-0.3, compared)
	assert.Contains(t, compared, "chance of an update")

	// An older version dated before the baseline first shows the program
	// is what the organisation used before it updated.
	older := func(when time.Time) (float64, string) {
		q := org(1)[0]
		q.Software = nil
		q.AddSoftware(provenance.RoleProducer, "Acrobat Distiller 9.0 (Windows)", "pdf.info.Producer")
		q.Created, q.Modified = provenance.At(when), provenance.At(when)
		for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "rare-value") {
			if strings.Contains(f.Message, "acrobat distiller 9.0") {
				return f.Strength, f.Compared
			}
		}
		return 0, ""
	}
	within, _ := older(time.Date(2016, 3, 15, 10, 0, 0, 0, time.UTC))
	before, compared := older(time.Date(2015, 11, 2, 10, 0, 0, 0, time.UTC))
	assert.Greater(t, within, 0.5)
	assert.Less(t, before, within-0.3, compared)
}

// odfDoc is a LibreOffice OpenDocument record of the given format as
// formats/odf reads one: a meta.xml, and a package whose deflated entries
// carry a data descriptor, all stamped at the save.
func odfDoc(format string, i int, flags string) *provenance.Record {
	r := provenance.NewRecord()
	r.Path = fmt.Sprintf("genuine/%02d.%s", i, format)
	r.SHA256 = fmt.Sprintf("%s%061d", format, i)
	r.Format = format
	r.Authors = []string{"Jan Kowalski"}
	r.Created = provenance.At(time.Date(2022, 6, 1+i, 9, 0, 0, 0, time.UTC))
	r.Modified = r.Created
	r.AddSoftware(provenance.RoleApplication, "LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2", "odf.meta.meta:generator")
	r.Fields.Set("odf.meta.meta:generator", "LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2")
	r.Fields.Set("odf.meta.dc:creator", "Jan Kowalski")
	for e, name := range []string{"mimetype", "content.xml", "meta.xml"} {
		method, fl := "deflated", flags
		if name == "mimetype" {
			method, fl = "stored", "0x0800"
			if flags == "0x0000" {
				fl = "0x0000"
			}
		}
		r.Fields.Set(fmt.Sprintf("odf.zip.entry[%d]", e), name)
		r.Fields.Set(fmt.Sprintf("odf.zip.entry[%d].method", e), method)
		r.Fields.Set(fmt.Sprintf("odf.zip.entry[%d].flags", e), fl)
		r.Fields.Set("odf.zip.mtime["+name+"]", r.Modified.Time.Format("2006-01-02T15:04:05"))
	}
	return r
}

// A small office with four text documents and six sheets: its text
// documents alone are too few to compare a package's ZIP writer with, its
// OpenDocument files together are not. An .odt rezipped by another tool,
// entries and times kept, shows a writer none of them has.
func TestFamilyOfFormatsIsComparedWhereOneFormatIsTooSmall(t *testing.T) {
	var genuine []*provenance.Record
	for i := 0; i < 4; i++ {
		genuine = append(genuine, odfDoc("odt", i, "0x0808"))
	}
	for i := 0; i < 6; i++ {
		genuine = append(genuine, odfDoc("ods", i, "0x0808"))
	}
	b := provenance.BuildBaseline(genuine)
	rezipped := odfDoc("odt", 9, "0x0000")
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: rezipped, Baseline: b}, provenance.Checks()), "rare-value")
	require.Len(t, fs, 1, "%v", fs)
	assert.Equal(t, `ZIP entries written as "odf: deflated 0x0000, stored 0x0000; one time" never appears in the baseline`, fs[0].Message)

	// A genuine sibling, written by the same writer: nothing.
	assert.Empty(t, checksNamed(provenance.Run(&provenance.Pass{Record: odfDoc("odt", 8, "0x0808"), Baseline: b}, provenance.Checks()), "rare-value"))
}

// "+00:00" from a program the baseline never shows is that program's habit
// (many write UTC whatever the zone), not a clock; from the organisation's
// own program, which writes local time, it is a clock the baseline never
// shows.
func TestUTCFromAnUnknownProgramIsNotAClock(t *testing.T) {
	b := provenance.BuildBaseline(org(30))
	offsetFinding := func(producer string) bool {
		q := org(1)[0]
		q.Software = nil
		q.AddSoftware(provenance.RoleProducer, producer, "pdf.info.Producer")
		q.Fields.Set("pdf.info.Producer", producer)
		q.Created = provenance.At(time.Date(2016, 3, 10, 9, 0, 0, 0, time.UTC))
		q.Modified = q.Created
		for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "rare-value") {
			if strings.Contains(f.Message, "UTC offset") {
				return true
			}
		}
		return false
	}
	assert.False(t, offsetFinding("Skia/PDF m156"))
	assert.True(t, offsetFinding("Acrobat Distiller 10.1.8 (Windows)"))
}

// A pipeline that switches program on one day: a document of its series
// claiming the new program before the switch, while the series still used
// the old one, is evidence, though the organisation used the new program
// for other documents all along.
func TestProgramUsedInASeriesBeforeItsSwitch(t *testing.T) {
	var genuine []*provenance.Record
	mk := func(series string, day int, prog string) *provenance.Record {
		r := provenance.NewRecord()
		when := time.Date(2019, 1, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, day)
		r.Path = fmt.Sprintf("genuine/%s_%s.xlsx", series, when.Format("20060102"))
		r.SHA256 = fmt.Sprintf("%s%d%s", series, day, prog)
		r.Format = "xlsx"
		r.Created, r.Modified = provenance.At(when), provenance.At(when)
		r.AddSoftware(provenance.RoleApplication, "Microsoft Excel", "ooxml.app.Application")
		r.AddSoftware(provenance.RoleProducer, prog, "ooxml.fingerprint.producer")
		return r
	}
	for d := 0; d < 360; d += 20 {
		genuine = append(genuine, mk("Inventory", d, "XlsxWriter")) // the new program, all along
		prog := "openpyxl"
		if d >= 200 {
			prog = "XlsxWriter" // the shipments export switched on day 200
		}
		genuine = append(genuine, mk("Shipments", d+3, prog))
	}
	b := provenance.BuildBaseline(genuine)
	q := mk("Shipments", 90, "XlsxWriter")
	q.SHA256 = "questioned"
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "version-adoption")
	require.Len(t, fs, 1, "%v", fs)
	assert.Contains(t, fs[0].Message, `of the series "shipments" made by XlsxWriter`)
	assert.Contains(t, fs[0].Message, "then used openpyxl")

	// After the switch, or in the other series: nothing.
	after := mk("Shipments", 300, "XlsxWriter")
	after.SHA256 = "after"
	assert.Empty(t, checksNamed(provenance.Run(&provenance.Pass{Record: after, Baseline: b}, provenance.Checks()), "version-adoption"))
	other := mk("Inventory", 90, "XlsxWriter")
	other.SHA256 = "other"
	assert.Empty(t, checksNamed(provenance.Run(&provenance.Pass{Record: other, Baseline: b}, provenance.Checks()), "version-adoption"))
}

// A property none of a small office's OpenDocument files carries, added to
// one of them with the office's own program: its producer chain has too
// few documents to compare fields with alone (four sheets), its family
// does not, and what it carries is a metadata fact, not another program's
// habit, since the office's program wrote eight of its family's files.
func TestAddedPropertyAgainstTheFamily(t *testing.T) {
	var genuine []*provenance.Record
	for i := 0; i < 4; i++ {
		genuine = append(genuine, odfDoc("odt", i, "0x0808"))
	}
	for i := 0; i < 4; i++ {
		genuine = append(genuine, odfDoc("ods", i, "0x0808"))
	}
	b := provenance.BuildBaseline(genuine)
	q := odfDoc("ods", 9, "0x0808")
	q.Fields.Set("odf.meta.meta:user-defined[Company]", "Fundacja")
	q.Company = "Fundacja"
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "added-metadata")
	require.Len(t, fs, 1, "%v", fs)
	assert.Equal(t, provenance.FactMetadata, fs[0].Fact)
	assert.Contains(t, fs[0].Compared, "0 of 8 odf documents of any format")
	assert.Greater(t, fs[0].Weight, 0.4)
}

// The languages a document's default style names come from the locale of
// the installation that wrote it: a forger's own LibreOffice in another
// country names its complex-script language, whatever the document's.
func TestDefaultStyleLanguagesShowTheInstallation(t *testing.T) {
	var genuine []*provenance.Record
	for i := 0; i < 10; i++ {
		r := odfDoc("odt", i, "0x0808")
		r.Fields.Set("odf.lang.default", "es-ES zh-CN hi-IN")
		genuine = append(genuine, r)
	}
	b := provenance.BuildBaseline(genuine)
	q := odfDoc("ods", 20, "0x0808")
	q.Fields.Set("odf.lang.default", "es-ES zh-CN ar-EG")
	var found []provenance.Finding
	for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "rare-value") {
		if strings.Contains(f.Message, "default style languages") {
			found = append(found, f)
		}
	}
	require.Len(t, found, 1)
	assert.Equal(t, provenance.FactLocale, found[0].Fact)
	assert.Equal(t, []string{"odf.lang.default"}, found[0].Fields)
}

// An office where people keep joining: a name the baseline never shows is
// weaker evidence there than in one whose staff never changed.
func TestArrivalsWeakenNewNames(t *testing.T) {
	stable := org(60)
	growing := org(60)
	for i, r := range growing {
		if i%6 >= 4 {
			// two of every six documents by someone new, who then
			// writes both (no name seen only once: Good–Turing alone
			// would not tell these offices apart)
			name := fmt.Sprintf("Person %d", i/6)
			r.Authors, r.LastModifiedBy = []string{name}, name
			r.Fields.Set("pdf.info.Author", name)
		}
	}
	weight := func(b *provenance.Baseline) float64 {
		q := org(1)[0]
		q.Authors, q.LastModifiedBy = []string{"Nadia Kowalski"}, ""
		for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "rare-value") {
			if strings.HasPrefix(f.Message, "author ") {
				return f.Strength
			}
		}
		return 0
	}
	assert.Greater(t, weight(provenance.BuildBaseline(stable)), weight(provenance.BuildBaseline(growing))+0.3)
}

// A series of documents comes out of one program: a letter of the series
// made by another is evidence while the series is seen with its own, and
// weaker long after the baseline last shows the series (it may have
// switched since).
func TestSeriesComesFromOneProgram(t *testing.T) {
	mk := func(day int, prog string) *provenance.Record {
		r := provenance.NewRecord()
		when := time.Date(2019, 1, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, day)
		r.Path = fmt.Sprintf("genuine/Carta_%s.pdf", when.Format("20060102"))
		r.SHA256 = fmt.Sprintf("%d%s", day, prog)
		r.Format = "pdf"
		r.Created, r.Modified = provenance.At(when), provenance.At(when)
		r.AddSoftware(provenance.RoleProducer, prog, provenance.KeyPDFFingerprintProducer)
		return r
	}
	var genuine []*provenance.Record
	for d := 0; d < 180; d += 9 {
		genuine = append(genuine, mk(d, "LibreOffice"))
		other := mk(d+2, "wkhtmltopdf")
		other.Path = strings.Replace(other.Path, "Carta", "Extrato", 1) // the statements' printer
		genuine = append(genuine, other)
	}
	b := provenance.BuildBaseline(genuine)
	pair := func(day int) (float64, string) {
		q := mk(day, "wkhtmltopdf")
		q.SHA256 = "q"
		for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "rare-value") {
			if strings.Contains(f.Message, "series and program") {
				return f.Strength, f.Compared
			}
		}
		return 0, ""
	}
	during, _ := pair(90)
	later, compared := pair(180 + 400)
	assert.Greater(t, during, 0.4)
	assert.Less(t, later, during)
	if later > 0 {
		assert.Contains(t, compared, "changed program since")
	}
}

// Documents made from templates inherit the template's first editing
// session: two of them sharing an ODF RsidRoot is weak evidence; a
// document that names no template sharing one with another is not.
func TestTemplatedDocumentsShareTheirTemplatesSession(t *testing.T) {
	var genuine []*provenance.Record
	for i := 0; i < 12; i++ {
		r := odfDoc("odt", i, "0x0808")
		r.AddID("odf.rsidRoot", fmt.Sprintf("%d", 1000+i), "odf.settings.RsidRoot")
		r.Fields.Set(provenance.KeyContentDigest, fmt.Sprintf("%064d", i))
		genuine = append(genuine, r)
	}
	parent := genuine[0]
	parent.Template = "file:///srv/templates/Letter.ott"
	b := provenance.BuildBaseline(genuine)
	shared := func(template string) float64 {
		q := odfDoc("odt", 30, "0x0808")
		q.Template = template
		q.AddID("odf.rsidRoot", "1000", "odf.settings.RsidRoot")
		q.Fields.Set(provenance.KeyContentDigest, fmt.Sprintf("%064d", 99))
		for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "shared-identifier") {
			if strings.Contains(f.Message, "odf.rsidRoot") {
				return f.Strength
			}
		}
		return 0
	}
	plain, templated := shared(""), shared("file:///srv/templates/Report.ott")
	assert.Greater(t, plain, 0.5)
	assert.Less(t, templated, plain-0.5)
}

// Identical copies (one SHA-256 under several paths) are one document: not
// counted twice in a baseline, and not a burst.
func TestIdenticalCopiesAreOneDocument(t *testing.T) {
	recs := org(10)
	var copies []*provenance.Record
	for i := 0; i < 5; i++ {
		c := *recs[0]
		c.Path = fmt.Sprintf("copies/%d/00.pdf", i)
		copies = append(copies, &c)
	}
	b := provenance.BuildBaseline(append(recs, copies...))
	assert.Equal(t, 10, b.Docs)
	assert.Equal(t, 5, b.Copies)

	// Five copies of one file modified at one moment, and created months
	// apart from nothing: no burst.
	s := &provenance.Scanner{}
	for _, c := range copies {
		s.Add(c)
	}
	for _, d := range s.Report().Documents {
		assert.Empty(t, checksNamed(d.Findings, "edit-burst"), d.Path)
	}
}

// An office that moved a series from .doc to .docx on one day: a .docx of
// the series dated while it was still saved as .doc is evidence.
func TestFormatUsedInASeriesBeforeItsSwitch(t *testing.T) {
	mk := func(day int, format string) *provenance.Record {
		r := provenance.NewRecord()
		when := time.Date(2020, 1, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, day)
		r.Path = fmt.Sprintf("genuine/Letter %s.%s", when.Format("2006-01-02"), format)
		r.SHA256 = fmt.Sprintf("%d%s", day, format)
		r.Format = format
		r.Created, r.Modified = provenance.At(when), provenance.At(when)
		return r
	}
	var genuine []*provenance.Record
	for d := 0; d < 360; d += 15 {
		format := "doc"
		if d >= 200 {
			format = "docx"
		}
		genuine = append(genuine, mk(d, format))
	}
	b := provenance.BuildBaseline(genuine)
	early := mk(95, "docx")
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: early, Baseline: b}, provenance.Checks()), "version-adoption")
	// The series' switch, and the office's for its texts (the only
	// series here): one program fact, counted once.
	require.Len(t, fs, 2, "%v", fs)
	var messages []string
	for _, f := range fs {
		messages = append(messages, f.Message)
		assert.Contains(t, f.Message, "then used doc")
	}
	assert.Contains(t, strings.Join(messages, "\n"), `a docx of the series "letter"`)
	assert.Contains(t, strings.Join(messages, "\n"), "a docx (of the office's text documents)")
	assert.True(t, fs[0].CountedWith != "" || fs[1].CountedWith != "", "counted as one")
	later := mk(300, "docx")
	assert.Empty(t, checksNamed(provenance.Run(&provenance.Pass{Record: later, Baseline: b}, provenance.Checks()), "version-adoption"))
}

// An office whose PDFs come out of several programs at once: one first
// seen months into the baseline, while the others go on, was not adopted
// in place of them, and an earlier PDF of it is no evidence. A program
// that did replace another for a series is dated from both sides: two
// documents of it suffice when the program it replaced is seen, in use
// after the claimed date, in enough of them.
func TestProgramSwitchNeedsAReplacedProgram(t *testing.T) {
	mk := func(series string, day int, prog string) *provenance.Record {
		r := provenance.NewRecord()
		when := time.Date(2017, 4, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, day)
		r.Path = fmt.Sprintf("genuine/%s_%s.pdf", series, when.Format("20060102"))
		r.SHA256 = fmt.Sprintf("%s%d%s", series, day, prog)
		r.Format = "pdf"
		r.Created, r.Modified = provenance.At(when), provenance.At(when)
		r.AddSoftware(provenance.RoleProducer, prog, "pdf.fingerprint.producer")
		return r
	}
	var genuine []*provenance.Record
	for d := 0; d < 350; d += 25 {
		genuine = append(genuine, mk("Budget", d, "cairo")) // all along
		if d >= 100 {
			genuine = append(genuine, mk("Letter", d+2, "LibreOffice")) // from day 100, beside cairo
		}
	}
	for d := 80; d < 250; d += 25 {
		genuine = append(genuine, mk("Statement", d+4, "wkhtmltopdf"))
	}
	genuine = append(genuine, mk("Statement", 280, "Skia"), mk("Statement", 295, "Skia"))
	b := provenance.BuildBaseline(genuine)

	early := mk("Letter", 20, "LibreOffice")
	early.SHA256 = "early letter"
	assert.Empty(t, checksNamed(provenance.Run(&provenance.Pass{Record: early, Baseline: b}, provenance.Checks()), "version-adoption"),
		"cairo went on beside LibreOffice: not replaced by it")

	before := mk("Statement", 120, "Skia")
	before.SHA256 = "early statement"
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: before, Baseline: b}, provenance.Checks()), "version-adoption")
	require.NotEmpty(t, fs)
	assert.Contains(t, fs[0].Message, "then used wkhtmltopdf")
	assert.Greater(t, provenance.Score(fs), 1.0, "five statements of wkhtmltopdf came after it")
}

// Without a leak date, the questioned documents' own dates say how far
// the leak reaches: a genuine document of the months between the
// baseline's end and the leak is expected, one dated a year past nearly
// all of the leak is not.
func TestLeakDateStandsInForAnUnknownAsOf(t *testing.T) {
	mk := func(dir string, day int) *provenance.Record {
		r := provenance.NewRecord()
		when := time.Date(2021, 1, 4, 10, 0, 0, 0, time.UTC).AddDate(0, 0, day)
		r.Path = fmt.Sprintf("%s/%03d.pdf", dir, day)
		r.SHA256 = fmt.Sprintf("%s%d", dir, day)
		r.Format = "pdf"
		r.Created, r.Modified = provenance.At(when), provenance.At(when)
		return r
	}
	var genuine []*provenance.Record
	for d := 0; d < 180; d += 6 {
		genuine = append(genuine, mk("genuine", d))
	}
	b := provenance.BuildBaseline(genuine)
	score := func(asOf time.Time) map[string]float64 {
		s := &provenance.Scanner{Baseline: b, AsOf: asOf}
		for d := 3; d < 330; d += 6 { // the leak reaches day 330
			s.Add(mk("leak", d))
		}
		s.Add(mk("leak", 700))
		out := map[string]float64{}
		for _, doc := range s.Report().Documents {
			out[doc.Path] = doc.Score
		}
		return out
	}
	estimated := score(time.Time{})
	given := score(time.Date(2021, 12, 1, 0, 0, 0, 0, time.UTC))
	late := "leak/315.pdf" // four months after the baseline ends, within the leak
	assert.InDelta(t, given[late], estimated[late], 0.3, "the estimate stands in for the leak date")
	assert.Less(t, estimated[late], 0.5)
	assert.Greater(t, estimated["leak/700.pdf"], estimated[late]+0.5, "a year past the leak's own dates")
}

// A program the baseline never shows, named by a document of a series the
// baseline last shows long before, may be the series' new program: its
// name is weaker evidence than the same name while the series was seen
// with another program.
func TestNewProgramInASeriesLastSeenLongAgo(t *testing.T) {
	mk := func(day int, producer string) *provenance.Record {
		r := provenance.NewRecord()
		when := time.Date(2017, 4, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, day)
		r.Path = fmt.Sprintf("genuine/Statement_%s.pdf", when.Format("20060102"))
		r.SHA256 = fmt.Sprintf("%d%s", day, producer)
		r.Format = "pdf"
		r.Created, r.Modified = provenance.At(when), provenance.At(when)
		r.AddSoftware(provenance.RoleProducer, producer, "pdf.info.Producer")
		r.AddSoftware(provenance.RoleProducer, strings.Fields(producer)[0], "pdf.fingerprint.producer")
		return r
	}
	var genuine []*provenance.Record
	for d := 0; d < 150; d += 10 {
		genuine = append(genuine, mk(d, "wkhtmltopdf 0.12.6"))
	}
	b := provenance.BuildBaseline(genuine)
	strength := func(day int) float64 {
		q := mk(day, "Skia/PDF m156")
		for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "rare-value") {
			if strings.Contains(f.Message, "skia/pdf") {
				return f.Strength
			}
		}
		return 0
	}
	during, longAfter := strength(75), strength(600)
	assert.Greater(t, during, 0.5)
	assert.Less(t, longAfter, during-0.3)
}

// A series that moved from one program to another: a document of it made
// by the old program long after the move, while the new one was in use,
// is evidence; one of the old program's own period is not.
func TestProgramUsedAfterItWasReplaced(t *testing.T) {
	mk := func(day int, prog string) *provenance.Record {
		r := provenance.NewRecord()
		when := time.Date(2017, 4, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, day)
		r.Path = fmt.Sprintf("genuine/Statement_%s.pdf", when.Format("20060102"))
		r.SHA256 = fmt.Sprintf("%d%s", day, prog)
		r.Format = "pdf"
		r.Created, r.Modified = provenance.At(when), provenance.At(when)
		r.AddSoftware(provenance.RoleProducer, prog, "pdf.fingerprint.producer")
		return r
	}
	var genuine []*provenance.Record
	for d := 0; d < 360; d += 15 {
		prog := "wkhtmltopdf"
		if d >= 150 {
			prog = "Skia"
		}
		genuine = append(genuine, mk(d, prog))
	}
	b := provenance.BuildBaseline(genuine)
	late := mk(330, "wkhtmltopdf")
	late.SHA256 = "late"
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: late, Baseline: b}, provenance.Checks()), "version-adoption")
	require.NotEmpty(t, fs)
	assert.Contains(t, fs[0].Message, "had moved to skia")
	assert.Greater(t, provenance.Score(fs), 1.0)

	inPeriod := mk(100, "wkhtmltopdf")
	inPeriod.SHA256 = "in period"
	assert.Empty(t, checksNamed(provenance.Run(&provenance.Pass{Record: inPeriod, Baseline: b}, provenance.Checks()), "version-adoption"))
}

// An export whose properties come from a template claims one fixed date;
// the ZIP package records its real save, on the day its name gives. The
// same file re-written long after, its claims untouched, says so by its
// package alone.
func TestNameDateAgainstThePackageWritten(t *testing.T) {
	mk := func(pkg string) *provenance.Record {
		r := provenance.NewRecord()
		r.Path = "leak/Shipments_20181126.xlsx"
		r.Format = "xlsx"
		fixed := provenance.At(time.Date(2018, 8, 21, 3, 55, 10, 0, time.UTC))
		r.Created, r.Modified = fixed, fixed
		for _, part := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
			r.Fields.Set("ooxml.zip.mtime["+part+"]", pkg)
		}
		return r
	}
	packageFindings := func(r *provenance.Record) []provenance.Finding {
		var out []provenance.Finding
		for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: r}, provenance.Checks()), "name-date") {
			if strings.Contains(f.Message, "package was written") {
				out = append(out, f)
			}
		}
		return out
	}
	assert.Empty(t, packageFindings(mk("2018-11-26T15:37:40")), "written on its name's day")
	fs := packageFindings(mk("2020-03-17T19:37:56"))
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Fields, "ooxml.zip.mtime[[Content_Types].xml]")
	assert.Greater(t, fs[0].Strength, 0.5)
}

// A small population that never lacks a field is shrunk towards the wider
// one: where the organisation's spreadsheets often go out stripped of
// their creator, a letter without one is weaker evidence than where none
// of its documents ever lacks it.
func TestScrubbedIsShrunkTowardsTheWiderPopulation(t *testing.T) {
	baseline := func(strippedSheets int) *provenance.Baseline {
		var recs []*provenance.Record
		for i := 0; i < 6; i++ {
			recs = append(recs, odfDoc("odt", i, "0x0808"))
		}
		for i := 0; i < 8; i++ {
			r := odfDoc("ods", i, "0x0808")
			if i < strippedSheets {
				delete(r.Fields, "odf.meta.dc:creator")
				delete(r.Fields, "odf.meta.meta:generator")
				r.Authors = nil
				r.Software = nil
			}
			recs = append(recs, r)
		}
		return provenance.BuildBaseline(recs)
	}
	strength := func(b *provenance.Baseline) float64 {
		q := odfDoc("odt", 20, "0x0808")
		delete(q.Fields, "odf.meta.dc:creator")
		delete(q.Fields, "odf.meta.meta:generator")
		q.Authors = nil
		q.Software = nil
		return provenance.Score(checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "scrubbed"))
	}
	never, often := strength(baseline(0)), strength(baseline(4))
	assert.Greater(t, never, 0.5)
	assert.Less(t, often, never-0.1)
}

// A series every baseline document of which came out of one program: a
// document of it dated within their span, made by another, is as strong
// evidence as a program never seen; dated after them, the series may have
// moved on.
func TestOtherProgramWithinASeriesSpan(t *testing.T) {
	mk := func(series string, day int, prog string) *provenance.Record {
		r := provenance.NewRecord()
		when := time.Date(2018, 6, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, day)
		r.Path = fmt.Sprintf("genuine/%s_%s.xlsx", series, when.Format("20060102"))
		r.SHA256 = fmt.Sprintf("%s%d%s", series, day, prog)
		r.Format = "xlsx"
		r.Created, r.Modified = provenance.At(when), provenance.At(when)
		r.AddSoftware(provenance.RoleProducer, prog, "ooxml.fingerprint.producer")
		return r
	}
	var genuine []*provenance.Record
	for d := 0; d < 280; d += 20 {
		genuine = append(genuine, mk("Shipments", d, "openpyxl"), mk("Inventory", d+5, "XlsxWriter"))
	}
	b := provenance.BuildBaseline(genuine)
	pair := func(day int) float64 {
		q := mk("Shipments", day, "XlsxWriter")
		q.SHA256 = fmt.Sprint("q", day)
		for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "rare-value") {
			if strings.Contains(f.Message, "series and program") {
				return f.Strength
			}
		}
		return 0
	}
	within, after := pair(70), pair(700)
	assert.Greater(t, within, 0.8)
	assert.Less(t, after, within-0.3)
}

// The organisation's own photos carry its cameras' numbering: a questioned
// photo whose time does not fit between the baseline photos numbered
// around it is out of order even when the leak holds too few of that
// camera's photos to show a sequence of its own.
func TestPhotoSequenceIncludesTheBaselinesPhotos(t *testing.T) {
	photo := func(dir string, n, day int) *provenance.Record {
		r := provenance.NewRecord()
		r.Path = fmt.Sprintf("%s/DSCN%04d.JPG", dir, n)
		r.SHA256 = fmt.Sprintf("%s%d", dir, n)
		r.Format = "jpeg"
		r.Camera = &provenance.Camera{Make: "NIKON", Model: "COOLPIX W300"}
		r.Created = provenance.At(time.Date(2022, 3, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, day))
		return r
	}
	var genuine []*provenance.Record
	for n := 10; n < 30; n += 2 {
		genuine = append(genuine, photo("genuine", n, n))
	}
	b := provenance.BuildBaseline(genuine)
	s := &provenance.Scanner{Baseline: b}
	s.Add(photo("leak", 15, 15)) // in order
	s.Add(photo("leak", 17, 90)) // numbered among March's photos, dated June
	var flagged []string
	for _, d := range s.Report().Documents {
		if len(checksNamed(d.Findings, "photo-sequence")) > 0 {
			flagged = append(flagged, d.Path)
		}
	}
	assert.Equal(t, []string{"leak/DSCN0017.JPG"}, flagged)
}

// Of two questioned documents of other content that share an identifier,
// the one made later is more likely the one made from the other: it gets
// the larger share of the evidence.
func TestFamilyWeighsTheLaterMemberMore(t *testing.T) {
	mk := func(name string, day int, digest string) *provenance.Record {
		r := odfDoc("odt", day, "0x0808")
		r.Path = "leak/" + name
		r.SHA256 = name
		r.Fields.Set(provenance.KeyContentDigest, digest)
		r.Fields.Set("content.chars", "5000")
		r.AddID("odf.rsidRoot", "0012a4f2", "odf.settings.RsidRoot")
		return r
	}
	s := &provenance.Scanner{Baseline: provenance.BuildBaseline([]*provenance.Record{odfDoc("odt", 1, "0x0808"), odfDoc("odt", 2, "0x0808")})}
	s.Add(mk("report.odt", 3, strings.Repeat("a", 64)))
	s.Add(mk("letter.odt", 20, strings.Repeat("b", 64)))
	weight := map[string]float64{}
	for _, d := range s.Report().Documents {
		for _, f := range checksNamed(d.Findings, "family") {
			weight[d.Path] = f.Strength
		}
	}
	require.Contains(t, weight, "leak/letter.odt")
	assert.Greater(t, weight["leak/letter.odt"], weight["leak/report.odt"]+0.3)
}

// A camera body's serial and shutter count: a photo from a body the
// organisation never used is evidence, and one whose shutter count lies
// among March's photos of an organisation camera while it claims June
// was re-dated, whatever its file is called.
func TestCameraBodyAndShutterCount(t *testing.T) {
	photo := func(dir, name, serial string, count int64, day int) *provenance.Record {
		r := provenance.NewRecord()
		r.Path = dir + "/" + name
		r.SHA256 = dir + name + serial
		r.Format = "jpeg"
		r.Camera = &provenance.Camera{Make: "NIKON", Model: "D60", Serial: serial, ShutterCount: count}
		r.Created = provenance.At(time.Date(2022, 3, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, day))
		return r
	}
	var genuine []*provenance.Record
	for i := 0; i < 12; i++ {
		genuine = append(genuine, photo("genuine", fmt.Sprintf("site-%02d.jpg", i), "3012345", int64(1000+100*i), 3*i))
	}
	b := provenance.BuildBaseline(genuine)

	other := photo("leak", "site-visit.jpg", "4099999", 5000, 10)
	var body []provenance.Finding
	for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: other, Baseline: b}, provenance.Checks()), "rare-value") {
		if strings.Contains(f.Message, "camera body") {
			body = append(body, f)
		}
	}
	require.Len(t, body, 1, "a body never seen")
	assert.Greater(t, body[0].Strength, 0.5)

	s := &provenance.Scanner{Baseline: b}
	s.Add(photo("leak", "renamed.jpg", "3012345", 1550, 90)) // counted among March's shots, dated June
	s.Add(photo("leak", "fine.jpg", "3012345", 2300, 40))
	var flagged []string
	for _, d := range s.Report().Documents {
		for _, f := range checksNamed(d.Findings, "photo-sequence") {
			if strings.Contains(f.Message, "shutter count") {
				flagged = append(flagged, d.Path)
			}
		}
	}
	assert.Equal(t, []string{"leak/renamed.jpg"}, flagged)
}

// series makes a PDF of the "invoice" series whose structure shows prog,
// claimed at t.
func seriesDoc(dir string, i int, prog string, t time.Time) *provenance.Record {
	r := provenance.NewRecord()
	r.Path = fmt.Sprintf("%s/Invoice_%02d.pdf", dir, i)
	r.SHA256 = fmt.Sprint(dir, i)
	r.Format = "pdf"
	r.Authors = []string{"Marie Dupont"}
	r.Created = provenance.At(t)
	r.Modified = r.Created
	r.AddSoftware(provenance.RoleProducer, prog, "pdf.fingerprint.producer")
	r.Fields.Set("pdf.fingerprint.producer", prog)
	return r
}

// A program the baseline never shows, in a series the baseline last shows
// long before, gets rare-value's allowance for a change of program; when
// the questioned series kept its old program until shortly before, the
// allowance is taken back.
func TestSeriesProgramTakesBackTheSwitchAllowance(t *testing.T) {
	start := time.Date(2020, 1, 6, 10, 0, 0, 0, time.UTC)
	var genuine []*provenance.Record
	for i := range 8 {
		genuine = append(genuine, seriesDoc("baseline", i, "LibreOffice", start.AddDate(0, 0, 14*i)))
	}
	for i := range 6 {
		r := seriesDoc("baseline", 10+i, "LibreOffice", start.AddDate(0, 0, 14*i))
		r.Path = fmt.Sprintf("baseline/Letter_%02d.pdf", i)
		genuine = append(genuine, r)
	}
	b := provenance.BuildBaseline(genuine)
	odd := seriesDoc("leak", 0, "Skia", start.AddDate(1, 2, 0)) // a year after the series' last baseline document
	weigh := func(kept ...time.Time) (rare, series float64) {
		sc := &provenance.Scanner{Baseline: b}
		sc.Add(odd)
		for i, t := range kept {
			sc.Add(seriesDoc("leak", 1+i, "LibreOffice", t))
		}
		for _, d := range sc.Report().Documents {
			if d.Path != odd.Path {
				continue
			}
			for _, f := range d.Findings {
				switch {
				case f.Check == "series-program":
					series += f.Weight
				case f.Check == "rare-value" && f.Observed == "skia":
					rare += f.Weight
				}
			}
		}
		return rare, series
	}
	rare, series := weigh()
	assert.Zero(t, series, "no questioned document says the series kept its program")
	rare2, series2 := weigh(start.AddDate(1, 0, 0), start.AddDate(1, 1, 20))
	assert.Equal(t, rare, rare2, "rare-value sees the baseline only")
	assert.Greater(t, series2, 0.2, "the series kept LibreOffice until ten days before")
	_, series3 := weigh(start.AddDate(1, 0, 0), start.AddDate(1, 3, 0))
	assert.Greater(t, series3, series2, "and after it: no switch at all")
	_, one := weigh(start.AddDate(1, 1, 20))
	assert.Zero(t, one, "one questioned sighting is not enough")
}

// A program the baseline shows in another series only (a portal's PDF
// printer, never a letter) is weighed the same way: the allowance for the
// series' change of program is taken back when the questioned series kept
// its old one.
func TestSeriesProgramTakesBackTheAllowanceOfAProgramOfOtherSeries(t *testing.T) {
	start := time.Date(2020, 1, 6, 10, 0, 0, 0, time.UTC)
	var genuine []*provenance.Record
	for i := range 8 {
		genuine = append(genuine, seriesDoc("baseline", i, "LibreOffice", start.AddDate(0, 0, 14*i)))
	}
	for i := range 6 {
		r := seriesDoc("baseline", 10+i, "wkhtmltopdf", start.AddDate(0, 0, 14*i))
		r.Path = fmt.Sprintf("baseline/Statement_%02d.pdf", i)
		genuine = append(genuine, r)
	}
	b := provenance.BuildBaseline(genuine)
	odd := seriesDoc("leak", 0, "wkhtmltopdf", start.AddDate(1, 2, 0))
	weigh := func(kept ...time.Time) (series float64, message string) {
		sc := &provenance.Scanner{Baseline: b}
		sc.Add(odd)
		for i, t := range kept {
			sc.Add(seriesDoc("leak", 1+i, "LibreOffice", t))
		}
		for _, d := range sc.Report().Documents {
			for _, f := range d.Findings {
				if d.Path == odd.Path && f.Check == "series-program" {
					series += f.Weight
					message = f.Message
				}
			}
		}
		return series, message
	}
	none, _ := weigh()
	assert.Zero(t, none, "no questioned document says the series kept its program")
	kept, message := weigh(start.AddDate(1, 0, 0), start.AddDate(1, 3, 0))
	assert.Greater(t, kept, 0.2, "the series kept LibreOffice before and after it")
	assert.Contains(t, message, "which the baseline shows in other series only")
}

// An offset the organisation's clocks show, but never from this program,
// is another machine's clock; one an hour from the program's own is the
// other half of the year.
func TestChainOffsetPair(t *testing.T) {
	genuine := org(20) // Distiller PDFs at +01:00
	for i := range 10 {
		r := provenance.NewRecord()
		r.Path, r.SHA256, r.Format = fmt.Sprintf("genuine/%02d.docx", i), fmt.Sprint("docx", i), "docx"
		r.Authors = []string{"Marie Dupont"}
		r.AddSoftware(provenance.RoleApplication, "LibreOffice/7.4", "ooxml.app.Application")
		r.Created = provenance.At(time.Date(2016, 3, 1+i, 9, 0, 0, 0, time.FixedZone("", 3600*(2+3*(i%2))))) // at +02:00 and +05:00
		r.Modified = r.Created
		genuine = append(genuine, r)
	}
	b := provenance.BuildBaseline(genuine)
	pairs := func(zone *time.Location) []provenance.Finding {
		q := org(1)[0]
		q.Created = provenance.At(time.Date(2016, 4, 2, 10, 0, 0, 0, zone))
		q.Modified = q.Created
		return rareAbout(q, b, "producer chain and UTC offset")
	}
	got := pairs(time.FixedZone("", 5*3600))
	require.Len(t, got, 1, "+05:00 is the organisation's, never its Distiller's")
	assert.Equal(t, provenance.FactClock, got[0].Fact)
	assert.Contains(t, got[0].Observed, "| +05:00")
	assert.Empty(t, pairs(time.FixedZone("", 7200)), "+02:00: summer time of the Distiller's +01:00")
}

// A document whose properties were copied from another (span from creation
// to last save, editing time, revision, author) and moved to other dates
// shares its claimed effort; a document written apart does not.
func TestClaimedEffortTiesPropertiesCopiedToOtherDates(t *testing.T) {
	real, err := docprov.ExtractFile(context.Background(), "../testdata/odf/libreoffice-writer.odt")
	require.NoError(t, err)
	var effort string
	for v := range provenance.BuildBaseline([]*provenance.Record{real}).IDs[provenance.KindClaimedEffort] {
		effort = v
	}
	require.NotEmpty(t, effort, "LibreOffice's meta.xml gives the effort")
	assert.Contains(t, effort, "edited 5400 s; revision 12")

	genuine := org(20)
	for i, r := range genuine {
		r.EditTimeSeconds = int64(600 + 97*i)
		r.Revision = fmt.Sprint(2 + i%5)
		r.Fields.Set(provenance.KeyContentDigest, fmt.Sprint("content", i))
	}
	b := provenance.BuildBaseline(genuine)
	cloned := org(4)[3]
	*cloned = *genuine[3]
	cloned.Path, cloned.SHA256 = "leak/clone.pdf", "clone"
	cloned.Fields = provenance.Fields{}
	cloned.Fields.Set(provenance.KeyContentDigest, "the forger's content")
	shift := 400 * 24 * time.Hour
	cloned.Created = provenance.At(genuine[3].Created.Time.Add(shift))
	cloned.Modified = provenance.At(genuine[3].Modified.Time.Add(shift))
	var found []provenance.Finding
	for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: cloned, Baseline: b}, provenance.Checks()), "shared-identifier") {
		if strings.Contains(f.Message, "editing effort") {
			found = append(found, f)
		}
	}
	require.Len(t, found, 1)
	assert.Greater(t, found[0].Weight, 1.0)
	assert.Equal(t, []string{genuine[3].Path}, found[0].Related)

	// Its title copied too, it is no later revision of the other: a
	// revision's saves would have moved its effort on.
	genuine[3].Title, cloned.Title = "Quarterly report", "Quarterly report"
	b = provenance.BuildBaseline(genuine)
	var titled []provenance.Finding
	for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: cloned, Baseline: b}, provenance.Checks()), "shared-identifier") {
		if strings.Contains(f.Message, "editing effort") {
			titled = append(titled, f)
		}
	}
	require.Len(t, titled, 1)
	assert.Equal(t, found[0].Weight, titled[0].Weight)

	apart := org(4)[3]
	apart.Path, apart.SHA256, apart.EditTimeSeconds, apart.Revision = "leak/apart.pdf", "apart", 611, "3"
	for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: apart, Baseline: b}, provenance.Checks()), "shared-identifier") {
		assert.NotContains(t, f.Message, "editing effort")
	}
}

// A program the baseline shows a series adopt, claimed before its first
// baseline document and nearer it than the old program's last: the switch
// may have fallen before the claim, unless the series' questioned
// documents still come out of the old program after it.
func TestSeriesProgramWeighsAClaimBeforeTheSwitch(t *testing.T) {
	day := func(m time.Month, d int) time.Time { return time.Date(2019, m, d, 10, 0, 0, 0, time.UTC) }
	var genuine []*provenance.Record
	for i, d := range []time.Time{day(1, 7), day(2, 4), day(3, 11), day(4, 29)} {
		genuine = append(genuine, seriesDoc("baseline", i, "openpyxl", d))
	}
	for i, d := range []time.Time{day(8, 4), day(8, 19), day(9, 2), day(9, 30)} {
		genuine = append(genuine, seriesDoc("baseline", 10+i, "XlsxWriter", d))
	}
	b := provenance.BuildBaseline(genuine)
	early := seriesDoc("leak", 0, "XlsxWriter", day(7, 1))
	weigh := func(kept ...time.Time) (adoption, series float64) {
		sc := &provenance.Scanner{Baseline: b}
		sc.Add(early)
		for i, d := range kept {
			sc.Add(seriesDoc("leak", 1+i, "openpyxl", d))
		}
		for _, d := range sc.Report().Documents {
			if d.Path == early.Path {
				for _, f := range d.Findings {
					switch f.Check {
					case "version-adoption":
						adoption += f.Weight
					case "series-program":
						series += f.Weight
					}
				}
			}
		}
		return adoption, series
	}
	adoption, series := weigh()
	assert.Zero(t, adoption, "nearer the new program's first sighting than the old one's last")
	assert.Zero(t, series)
	_, series = weigh(day(7, 10), day(7, 20))
	assert.Greater(t, series, 0.5, "the series still came out of openpyxl after it")
	_, series = weigh(day(6, 10), day(6, 20))
	assert.Zero(t, series, "sightings before the claim say nothing of the switch after it")
}

// Of two old programs a series kept after a claim of its new one, the
// report names the same one every run: the baseline's programs are read
// in a fixed order, not a map's.
func TestSeriesProgramIsTheSameEveryRun(t *testing.T) {
	day := func(m time.Month, d int) time.Time { return time.Date(2019, m, d, 10, 0, 0, 0, time.UTC) }
	var genuine []*provenance.Record
	for i, d := range []time.Time{day(1, 7), day(2, 4), day(3, 11), day(4, 29)} {
		genuine = append(genuine, seriesDoc("baseline", i, "openpyxl", d), seriesDoc("baseline", 20+i, "LibreOffice", d.Add(time.Hour)))
	}
	for i, d := range []time.Time{day(8, 4), day(8, 19), day(9, 2), day(9, 30)} {
		genuine = append(genuine, seriesDoc("baseline", 10+i, "XlsxWriter", d))
	}
	b := provenance.BuildBaseline(genuine)
	message := func() string {
		sc := &provenance.Scanner{Baseline: b}
		sc.Add(seriesDoc("leak", 0, "XlsxWriter", day(7, 1)))
		for i, d := range []time.Time{day(7, 10), day(7, 20)} {
			sc.Add(seriesDoc("leak", 1+i, "openpyxl", d))
		}
		for i, d := range []time.Time{day(7, 11), day(7, 21), day(7, 25)} {
			sc.Add(seriesDoc("leak", 5+i, "LibreOffice", d))
		}
		var out []string
		for _, d := range sc.Report().Documents {
			for _, f := range checksNamed(d.Findings, "series-program") {
				out = append(out, d.Path+": "+f.Message)
			}
		}
		return strings.Join(out, "\n")
	}
	first := message()
	require.NotEmpty(t, first)
	for range 20 {
		require.Equal(t, first, message())
	}
}

// An update whose last-modified claim precedes the save before it: dates
// that run backwards across a file's own saves.
func TestRevisionDatesRunningBackwards(t *testing.T) {
	backwards := func(name string) []provenance.Finding { return editingTraces(t, name, "dates run backwards") }
	got := backwards("exiftool-backdated.pdf")
	require.Len(t, got, 1)
	assert.Equal(t, []string{"pdf.revision[1].info.ModDate", "pdf.revision[0].info.ModDate"}, got[0].Fields)
	assert.Greater(t, got[0].Weight, 0.5)
	assert.Empty(t, backwards("exiftool-edited.pdf"), "an update that kept the date")
	assert.Empty(t, backwards("multi-update.pdf"))
}

// Page content rewritten by an update after a signature: what the pages
// show is not what was signed. A signature followed by a metadata update
// is another finding (bytes after the signature), not this one.
func TestPageContentRewrittenAfterSignature(t *testing.T) {
	afterSigning := func(name string) []provenance.Finding {
		return editingTraces(t, name, "no longer show what was signed")
	}
	got := afterSigning("signed-then-overpainted.pdf")
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Message, "save 2, after the signature that covers bytes up to 9201, rewrote 2")
	assert.Greater(t, got[0].Weight, 1.0)
	assert.Empty(t, afterSigning("signed-then-modified.pdf"), "ExifTool's update after signing wrote metadata only")
	assert.Empty(t, afterSigning("overpainted.pdf"), "no signature")
}

// A document claiming a date before its series moved to its format, whose
// ZIP package was written later (a conversion), is dated for version
// adoption by when its package was written, as the baseline dates the
// organisation's own use.
func TestVersionAdoptionDatesByThePackage(t *testing.T) {
	day := func(m time.Month, d int) time.Time { return time.Date(2020, m, d, 10, 0, 0, 0, time.UTC) }
	doc := func(i int, format string, t time.Time) *provenance.Record {
		r := provenance.NewRecord()
		r.Path, r.SHA256, r.Format = fmt.Sprintf("baseline/Letter_%02d.%s", i, format), fmt.Sprint("letter", i), format
		r.Created, r.Modified = provenance.At(t), provenance.At(t)
		return r
	}
	var genuine []*provenance.Record
	for i, d := range []time.Time{day(1, 6), day(2, 3), day(3, 2), day(4, 6), day(5, 4)} {
		genuine = append(genuine, doc(i, "doc", d))
	}
	for i, d := range []time.Time{day(10, 5), day(11, 2), day(12, 7)} {
		genuine = append(genuine, doc(10+i, "docx", d))
	}
	b := provenance.BuildBaseline(genuine)
	adoption := func(q *provenance.Record) string {
		for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "version-adoption") {
			return f.Message
		}
		return ""
	}
	claimed := doc(20, "docx", day(3, 16))
	claimed.Path = "leak/Letter_20.docx"
	assert.Contains(t, adoption(claimed), "on 2020-03-16")
	converted := doc(20, "docx", day(3, 16))
	converted.Path = "leak/Letter_20.docx"
	converted.Fields.Set("ooxml.zip.mtime[word/document.xml]", "2020-06-10T10:00:00")
	assert.Contains(t, adoption(converted), "on 2020-06-10", "written as a .docx in June")
	converted.Fields.Set("ooxml.zip.mtime[word/document.xml]", "2020-09-20T10:00:00")
	assert.Empty(t, adoption(converted), "written as a .docx a fortnight before the series' first: nearer the switch than the old format's last")
}

// A document with the content of a genuine one is that document again, or
// that document with its claims changed. ExifTool's edit of a LibreOffice
// PDF keeps its pages and names another author: a metadata-only forgery.
// LibreOffice's re-save of an .odt keeps its text, creation and author:
// the re-save explains the traces of when and how it was written, which
// count for nothing.
func TestKnownContent(t *testing.T) {
	extract := func(name string) *provenance.Record {
		r, err := docprov.ExtractFile(context.Background(), "../testdata/"+name)
		require.NoError(t, err)
		return r
	}
	known := func(q *provenance.Record, b *provenance.Baseline) ([]provenance.Finding, []provenance.Finding) {
		all := provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks())
		return checksNamed(all, "known-content"), all
	}

	b := provenance.BuildBaseline([]*provenance.Record{extract("pdf/libreoffice.pdf")})
	got, _ := known(extract("pdf/libreoffice-exiftool-edited.pdf"), b)
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Message, "names mallory where it names carol example")
	assert.Greater(t, got[0].Weight, 1.0, "0 of 0 twins in the baseline contradict each other: the prior")
	assert.Equal(t, []string{"../testdata/pdf/libreoffice.pdf"}, got[0].Related)
	got, _ = known(extract("pdf/ghostscript.pdf"), b)
	assert.Empty(t, got, "other content")

	b = provenance.BuildBaseline([]*provenance.Record{extract("odf/libreoffice-writer.odt")})
	resaved := extract("odf/libreoffice-writer-resaved.odt")
	got, all := known(resaved, b)
	require.Len(t, got, 1)
	assert.Zero(t, got[0].Weight)
	assert.Contains(t, got[0].Explains, provenance.FactProgram)
	explained := 0
	for _, f := range all {
		if f.Strength > 0 && slices.Contains(got[0].Explains, f.Fact) {
			explained++
			assert.Zero(t, f.Weight, f.Message)
			assert.True(t, strings.HasPrefix(f.CountedWith, "explained by known-content"), f.CountedWith)
		}
	}
	assert.Positive(t, explained, "the re-save's package order is new to a baseline of one fresh save")

	// Without the genuine twin nothing is explained.
	_, all = known(resaved, provenance.BuildBaseline([]*provenance.Record{extract("odf/libreoffice-calc.ods")}))
	for _, f := range all {
		assert.False(t, strings.HasPrefix(f.CountedWith, "explained by"), f.Message)
	}
}

// A name the baseline never shows, on documents dated after it, is
// allowed for as someone who joined since. Someone who joined writes
// documents; a name that only ever re-saved documents others wrote takes
// the allowance back, and one that also wrote a questioned document keeps
// it.
func TestOutsideEditorTakesBackTheNewcomerAllowance(t *testing.T) {
	genuine := org(60)
	for _, r := range genuine {
		r.LastModifiedBy = r.Authors[0]
	}
	b := provenance.BuildBaseline(genuine)
	scan := func(alsoWrote bool) (outside map[string]float64, rare float64) {
		sc := &provenance.Scanner{Baseline: b}
		docs := org(3)
		for i, r := range docs {
			r.Path, r.SHA256 = fmt.Sprintf("leak/%d.pdf", i), fmt.Sprint("leak", i)
			r.Created = provenance.At(time.Date(2017, 2, 1+i, 10, 0, 0, 0, time.FixedZone("", 3600)))
			r.Modified = provenance.At(r.Created.Time.Add(time.Hour))
			r.LastModifiedBy = "Max Ritter"
		}
		if alsoWrote {
			docs[2].Authors, docs[2].LastModifiedBy = []string{"Max Ritter"}, ""
		}
		for _, r := range docs {
			sc.Add(r)
		}
		outside = map[string]float64{}
		for _, d := range sc.Report().Documents {
			for _, f := range d.Findings {
				switch {
				case f.Check == "outside-editor":
					outside[d.Path] = f.Weight
					assert.Contains(t, f.Message, `"max ritter"`)
				case f.Check == "rare-value" && d.Path == "leak/0.pdf" && strings.HasPrefix(f.Message, "last modified by"):
					rare = f.Weight
				}
			}
		}
		return outside, rare
	}
	outside, rare := scan(false)
	assert.Len(t, outside, 3)
	assert.Greater(t, outside["leak/0.pdf"], 0.5, "three documents, none written by him")
	assert.Less(t, rare, 0.3, "dated a year after the baseline: rare-value allowed for a newcomer")
	outside, _ = scan(true)
	assert.Empty(t, outside, "he wrote one of them")
}

// A photo named the way the baseline's photos of another maker are, and
// never its own maker's: renamed to sort among the organisation's own.
// Real photos (testdata/image, ImageMagick pictures with EXIF by
// ExifTool), renamed as a forger would.
func TestPhotoName(t *testing.T) {
	photo := func(file, name string) *provenance.Record {
		r, err := docprov.ExtractFile(context.Background(), "../testdata/image/"+file)
		require.NoError(t, err)
		r.Path = name
		return r
	}
	var genuine []*provenance.Record
	for i, f := range []string{"camera.jpg", "cropped.jpg", "gps-void.jpg", "shot-1.jpg", "shot-2.jpg", "transplant.jpg"} {
		genuine = append(genuine, photo(f, fmt.Sprintf("baseline/P10010%02d.JPG", i)))
	}
	b := provenance.BuildBaseline(genuine)
	named := func(r *provenance.Record) []provenance.Finding {
		return checksNamed(provenance.Run(&provenance.Pass{Record: r, Baseline: b}, provenance.Checks()), "photo-name")
	}
	got := named(photo("other-maker.jpg", "leak/P1001085.JPG"))
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Message, "a photo by Other Optics named p#.jpg, the way the baseline's photos by docprov camera co. are named")
	assert.Greater(t, got[0].Weight, 0.5, "none of the baseline's makers shares a pattern with another")
	assert.Equal(t, provenance.FactFileName, got[0].Fact)
	assert.Empty(t, named(photo("other-maker.jpg", "leak/OX7_0012.JPG")), "its own naming")
	assert.Empty(t, named(photo("shot-2.jpg", "leak/P1001086.JPG")), "the baseline's maker")
}

// A .docx of a series dated while the baseline still shows the series
// saved as .doc: version-adoption weighs it with the .doc files the
// baseline shows after it. The questioned .doc files of the series dated
// after it are more of the same, and series-program weighs it with them.
func TestFormatAdoptionCorroboratedByTheLeak(t *testing.T) {
	mk := func(dir string, day int, format string) *provenance.Record {
		r := provenance.NewRecord()
		when := time.Date(2020, 1, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, day)
		r.Path = fmt.Sprintf("%s/Letter_%s.%s", dir, when.Format("20060102"), format)
		r.SHA256 = fmt.Sprint(dir, day, format)
		r.Format = format
		r.Created, r.Modified = provenance.At(when), provenance.At(when)
		r.AddSoftware(provenance.RoleApplication, "LibreOffice", "app")
		return r
	}
	var genuine []*provenance.Record
	for d := 0; d < 400; d += 25 {
		format := "doc"
		if d >= 250 {
			format = "docx" // the letters moved to .docx on day 250
		}
		genuine = append(genuine, mk("baseline", d, format))
	}
	b := provenance.BuildBaseline(genuine)
	weigh := func(laterDocs int) (adoption, series float64) {
		sc := &provenance.Scanner{Baseline: b}
		sc.Add(mk("leak", 180, "docx"))
		for i := range laterDocs {
			sc.Add(mk("leak", 190+10*i, "doc"))
		}
		for _, d := range sc.Report().Documents {
			if d.Path != "leak/Letter_20200629.docx" {
				continue
			}
			for _, f := range d.Findings {
				switch f.Check {
				case "version-adoption":
					adoption = f.Strength
				case "series-program":
					series = f.Strength
					assert.Contains(t, f.Message, `a docx of the series "letter"`)
					assert.Contains(t, f.Message, "were still saved as doc after it")
				}
			}
		}
		return adoption, series
	}
	adoption, series := weigh(0)
	assert.Positive(t, adoption)
	assert.Zero(t, series, "no questioned letters after it")
	_, series = weigh(4)
	assert.Greater(t, series, adoption+0.2, "four more .doc letters after the claim: about three baseline ones become seven")
}

// In a self-baseline the questioned documents are their own baseline, left
// out one at a time. A pair of them sharing an identifier, one made from
// the other, is not the organisation's habit of sharing: left out, the
// document takes its pair's sharing with it, and the pair is evidence.
func TestSelfBaselineLeavesAPairOut(t *testing.T) {
	leak := org(30)
	for i, r := range leak {
		r.Path, r.SHA256 = fmt.Sprintf("leak/%02d.pdf", i), fmt.Sprint("leak", i)
		r.IDs = nil
		r.Fields.Set(provenance.KeyContentDigest, fmt.Sprint("content", i))
	}
	// Two documents of other content that claim one effort: the copy's
	// properties came from the other.
	for _, r := range leak[:2] {
		r.Created = provenance.At(time.Date(2016, 3, 1, 9, 0, 17, 0, time.UTC))
		r.Modified = provenance.At(time.Date(2016, 3, 1, 11, 34, 51, 0, time.UTC))
		r.EditTimeSeconds, r.Revision = 5123, "7"
		r.Authors = []string{"Marie Dupont"}
	}
	sc := &provenance.Scanner{Baseline: provenance.BuildBaseline(leak), LeaveOut: true}
	for _, r := range leak {
		sc.Add(r)
	}
	score := map[string]float64{}
	for _, d := range sc.Report().Documents {
		score[d.Path] = d.Score
		for _, f := range d.Findings {
			if f.Fact == provenance.FactIdentity && f.Strength > 0 {
				assert.Contains(t, f.Compared, "0 of ", f.Message)
			}
		}
	}
	assert.Greater(t, score["leak/00.pdf"], 1.0, "%v", score)
	assert.Greater(t, score["leak/01.pdf"], 1.0, "%v", score)
	assert.Zero(t, score["leak/02.pdf"])
}

// The documents of a series carry titles of their kind. An invoice titled
// as the office's letters are is a pair the baseline never shows of two
// members it knows; a new series, or a title word the baseline never
// shows, is new on its own and says nothing as a pair.
func TestSeriesAndTitle(t *testing.T) {
	mk := func(path, title string) *provenance.Record {
		r := org(1)[0]
		r.Path, r.SHA256, r.Title = path, path, title
		return r
	}
	var genuine []*provenance.Record
	for i := range 12 {
		genuine = append(genuine, mk(fmt.Sprintf("baseline/Letter_%02d.pdf", i), fmt.Sprintf("Letter — client %d", i)))
		genuine = append(genuine, mk(fmt.Sprintf("baseline/Invoice_%02d.pdf", i), fmt.Sprintf("Invoice — job %d", i)))
	}
	b := provenance.BuildBaseline(genuine)
	pair := func(r *provenance.Record) []provenance.Finding { return rareAbout(r, b, "series and title") }
	got := pair(mk("leak/Invoice_77.pdf", "Letter — a client"))
	require.Len(t, got, 1)
	assert.Equal(t, "invoice | letter", got[0].Observed)
	assert.Equal(t, provenance.FactTemplate, got[0].Fact)
	assert.Empty(t, pair(mk("leak/Invoice_78.pdf", "Invoice — job 78")))
	assert.Empty(t, pair(mk("leak/Memo_01.pdf", "Letter — a client")), "a series the baseline never shows")
	assert.Empty(t, pair(mk("leak/Invoice_79.pdf", "Quote — job 79")), "a title word the baseline never shows")
}

// An update that rewrote what a PDF claims of its making: ExifTool moving
// a LibreOffice export's creation, or renaming its author. An update that
// changed only the last-modified date, or other properties, keeps them.
func TestUpdateRewroteTheClaimsOfMaking(t *testing.T) {
	traces := func(name, about string) []provenance.Finding { return editingTraces(t, name, about) }
	got := traces("exiftool-recreated.pdf", "changed the creation")
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Message, "save 1 changed the creation the document claims from 2024-02-03T10:20:30+05:30 to 2023-12-01T09:00:00+05:30")
	assert.Contains(t, got[0].Message, "earlier")
	assert.Greater(t, got[0].Weight, 1.0)
	assert.Equal(t, []string{"pdf.revision[1].info.CreationDate", "pdf.revision[0].info.CreationDate"}, got[0].Fields)
	got = traces("libreoffice-exiftool-edited.pdf", "changed the author")
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Message, `from "Carol Example" to "Mallory"`)
	assert.Empty(t, traces("libreoffice-exiftool-edited.pdf", "changed the creation"), "it moved the last-modified date only")
	assert.Empty(t, traces("exiftool-backdated.pdf", "changed the"))
	assert.Empty(t, traces("signed.pdf", "changed the"), "a signature's update keeps both")
	assert.Len(t, traces("signed-then-modified.pdf", "changed the author"), 1, "ExifTool renamed the signed file's author")
}

// Of two questioned documents of other content that share an identifier,
// dates alike, the one whose own checks found other traces of its making
// (here a program the organisation never uses) is the likelier copy: it
// carries more of the family's weight, and its origin less.
func TestFamilyWeighsTheMemberWithOtherTraces(t *testing.T) {
	sc := &provenance.Scanner{Baseline: provenance.BuildBaseline(org(20))}
	docs := org(2)
	for i, r := range docs {
		r.Path, r.SHA256 = fmt.Sprintf("leak/%d.pdf", i), fmt.Sprint("leak", i)
		r.IDs = nil
		r.AddID("xmp.DocumentID", "uuid:shared", "pdf.xmp.xmpMM:DocumentID")
		r.Fields.Set(provenance.KeyContentDigest, fmt.Sprint("content", i))
		r.Created = provenance.At(time.Date(2016, 3, 4, 10, 0, 0, 0, time.UTC))
		r.Modified = provenance.At(time.Date(2016, 3, 4, 12, 0, 0, 0, time.UTC))
	}
	docs[1].Software = nil
	docs[1].AddSoftware(provenance.RoleProducer, "Skia/PDF m120", "pdf.info.Producer")
	docs[1].Fields.Set("pdf.info.Producer", "Skia/PDF m120")
	for _, r := range docs {
		sc.Add(r)
	}
	weight := map[string]float64{}
	for _, d := range sc.Report().Documents {
		for _, f := range checksNamed(d.Findings, "family") {
			weight[d.Path] = max(weight[d.Path], f.Strength)
		}
	}
	assert.Greater(t, weight["leak/1.pdf"], weight["leak/0.pdf"]+0.5, "%v", weight)
}

// An office whose LibreOffice documents are zipped one way and whose
// script's exports another: each ZIP writer is known, but a LibreOffice
// document zipped the way the script zips was unpacked and zipped again
// (a figure changed in its XML), and the producer chain and ZIP writing
// pair shows it. The script's own exports show nothing.
func TestAProgramsPartsZippedByAnotherWriter(t *testing.T) {
	script := func(n int) []*provenance.Record {
		recs := office2(n)
		for i, r := range recs {
			r.Path, r.SHA256 = fmt.Sprintf("exports/%02d.docx", i), fmt.Sprint("e", i)
			r.Software = nil
			r.AddSoftware(provenance.RoleApplication, "Microsoft Office Word", "ooxml.app.Application")
			r.AddSoftware(provenance.RoleProducer, "python-docx", "ooxml.fingerprint.producer")
			for e := 0; e < 3; e++ {
				r.Fields.Set(fmt.Sprintf("ooxml.zip.entry[%d].flags", e), "0x0000")
			}
		}
		return recs
	}
	b := provenance.BuildBaseline(append(office2(30), script(12)...))
	pair := func(r *provenance.Record) []provenance.Finding {
		var out []provenance.Finding
		for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: r, Baseline: b}, provenance.Checks()), "rare-value") {
			if strings.Contains(f.Message, "ZIP writing pair") {
				out = append(out, f)
			}
		}
		return out
	}

	rezipped := office2(1)[0]
	rezipped.SHA256 = "z"
	for e := 0; e < 3; e++ {
		rezipped.Fields.Set(fmt.Sprintf("ooxml.zip.entry[%d].flags", e), "0x0000")
	}
	fs := pair(rezipped)
	require.Len(t, fs, 1)
	assert.Equal(t, provenance.FactProgram, fs[0].Fact)
	assert.Greater(t, fs[0].Weight, 0.5)
	assert.Contains(t, fs[0].Fields, "ooxml.zip.entry[0].flags")

	export := script(13)[12]
	assert.Empty(t, pair(export), "a known chain with its own ZIP writer")
	own := office2(31)[30]
	assert.Empty(t, pair(own), "a known chain with its own ZIP writer")
}

// In a self-baseline the forger's documents are in the baseline too: two
// that both carry a property no other document of their kind carries
// would each vouch for the other. A field only a few other questioned
// documents carry is weighed by how rare such fields are among them.
func TestSelfBaselineFieldsOnlyAFewDocumentsCarry(t *testing.T) {
	recs := office2(40)
	for _, r := range recs[:2] {
		r.Company = "Acme"
		r.Fields.Set("ooxml.app.Company", "Acme")
	}
	b := provenance.BuildBaseline(recs)
	run := func(r *provenance.Record, self bool) []provenance.Finding {
		return checksNamed(provenance.Run(&provenance.Pass{Record: r, Baseline: b, LeaveOut: self}, provenance.Checks()), "added-metadata")
	}
	fs := run(recs[0], true)
	require.Len(t, fs, 1)
	assert.Equal(t, []string{"ooxml.app.Company"}, fs[0].Fields)
	assert.Contains(t, fs[0].Message, "that at most 1 other comparable questioned document(s) carry")
	assert.Greater(t, fs[0].Weight, 0.5)
	assert.Empty(t, run(recs[5], true), "a document that carries what the others carry")

	// Against a trusted baseline the two are the organisation's own.
	assert.Empty(t, run(recs[0], false))
}

// Word 97 documents and workbooks carry the installation's locale too:
// the default style's languages (.doc) and the Country record (.xls).
// Real LibreOffice files: a Russian installation's .doc among a French
// office's shows it; one more of the office's own does not.
func TestOLEDefaultLanguagesAreTheInstallations(t *testing.T) {
	load := func(name string) *provenance.Record {
		r, err := docprov.ExtractFile(context.Background(), "../testdata/ole/"+name)
		require.NoError(t, err)
		return r
	}
	var office []*provenance.Record
	for i := 0; i < 8; i++ {
		r := load("writer-fr.doc")
		r.SHA256 = fmt.Sprint("fr", i)
		office = append(office, r)
	}
	b := provenance.BuildBaseline(office)
	languages := func(r *provenance.Record) []provenance.Finding {
		var out []provenance.Finding
		for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: r, Baseline: b}, provenance.Checks()), "rare-value") {
			if strings.Contains(f.Message, "default style languages") {
				out = append(out, f)
			}
		}
		return out
	}
	fs := languages(load("writer-ru.doc"))
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Observed, "ru-ru")
	assert.Equal(t, provenance.FactLocale, fs[0].Fact)
	own := load("writer-fr.doc")
	own.SHA256 = "fr-again"
	assert.Empty(t, languages(own))

	xls := load("calc-ru.xls")
	assert.Equal(t, "1 (United States)", xls.Fields["ole.excel.Country.iCountryDef"], "the Country record of a real workbook")
}

// A pipeline whose new program the baseline shows once, at its end: one
// sighting dates the switch loosely, but the series' questioned documents
// that still came out of the old program months after a claim say the
// switch had not happened by then.
func TestSeriesSwitchSeenOnceStillDatesAClaimBeforeIt(t *testing.T) {
	day := func(m time.Month, d int) time.Time { return time.Date(2019, m, d, 10, 0, 0, 0, time.UTC) }
	var genuine []*provenance.Record
	for i, d := range []time.Time{day(1, 7), day(2, 4), day(3, 11), day(4, 29), day(6, 3), day(7, 22)} {
		genuine = append(genuine, seriesDoc("baseline", i, "openpyxl", d))
	}
	genuine = append(genuine, seriesDoc("baseline", 10, "XlsxWriter", day(9, 3)))
	b := provenance.BuildBaseline(genuine)
	early := seriesDoc("leak", 0, "XlsxWriter", day(2, 1))
	sc := &provenance.Scanner{Baseline: b}
	sc.Add(early)
	for i, d := range []time.Time{day(3, 13), day(6, 17), day(7, 15)} {
		sc.Add(seriesDoc("leak", 1+i, "openpyxl", d))
	}
	late := seriesDoc("leak", 9, "XlsxWriter", day(9, 20))
	sc.Add(late)
	weight := map[string]float64{}
	for _, d := range sc.Report().Documents {
		for _, f := range d.Findings {
			if f.Check == "series-program" || f.Check == "version-adoption" {
				weight[d.Path] += f.Weight
			}
		}
	}
	assert.Greater(t, weight[early.Path], 0.5, "xlsxwriter seven months before the series shows it, openpyxl still in use after")
	assert.Zero(t, weight[late.Path], "after the switch")
}

// A Word 97 document carries no offset in its dates, but its own two
// records of its last save (local in the DOP, UTC in SummaryInformation)
// give the offset of the clock that saved it: a forger's machine seven
// hours ahead of an office at -05:00.
func TestWordSavedOffsetIsTheSavingClocks(t *testing.T) {
	doc := func(i int, offset string) *provenance.Record {
		r := provenance.NewRecord()
		r.Path, r.SHA256, r.Format = fmt.Sprintf("baseline/%02d.doc", i), fmt.Sprint("doc", i), "doc"
		r.Modified = provenance.At(time.Date(2020, 9, 1+i%20, 15, 0, 0, 0, time.UTC))
		r.Fields.Set(provenance.KeyWordSavedOffset, offset)
		return r
	}
	var office []*provenance.Record
	for i := 0; i < 20; i++ {
		office = append(office, doc(i, "-05:00"))
	}
	b := provenance.BuildBaseline(office)
	offsets := func(r *provenance.Record) []provenance.Finding { return rareAbout(r, b, "UTC offset") }
	fs := offsets(doc(30, "+07:00"))
	require.Len(t, fs, 1)
	assert.Equal(t, "+07:00", fs[0].Observed)
	assert.Contains(t, fs[0].Fields, provenance.KeyWordSavedOffset)
	assert.Empty(t, offsets(doc(31, "-05:00")))
}

// A Samsung photo dated before the month its firmware was built (the
// build code says when, testdata/image/make.sh): an anachronism with no
// grace for betas, since nothing runs a build before it is made. Its
// copy dated after the build month is not.
func TestAnachronismFirmwareBuiltAfterThePhoto(t *testing.T) {
	r, err := docprov.ExtractFile(context.Background(), "../testdata/image/samsung-firmware.jpg")
	require.NoError(t, err)
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: r}, provenance.Checks()), "anachronism")
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "its firmware was built in January 2022 (its version says so), 60 days after the photo was created")
	assert.Equal(t, provenance.FactProgram, fs[0].Fact)
	assert.Greater(t, fs[0].Weight, 1.0)

	r.Created = provenance.At(time.Date(2022, 1, 3, 9, 0, 0, 0, time.UTC))
	r.Modified = r.Created
	assert.Empty(t, checksNamed(provenance.Run(&provenance.Pass{Record: r}, provenance.Checks()), "anachronism"))
}

// An office that saved its texts as .doc until May 2020 and as .docx from
// July, each document in a series of its own: a .docx dated in March is of
// a format the office had not moved to; a .doc created in May and saved
// again in October kept its format, as a re-save does; a .doc created in
// October is of the format it had left; and a .docx dated in early June,
// a third into the six weeks between the last .doc and the first .docx,
// is as likely from after the switch as from before it.
func TestVersionAdoptionOfAKindOfDocument(t *testing.T) {
	day := func(m time.Month, d int) time.Time { return time.Date(2020, m, d, 10, 0, 0, 0, time.UTC) }
	doc := func(i int, format string, created, modified time.Time) *provenance.Record {
		r := provenance.NewRecord()
		r.Path = fmt.Sprintf("baseline/%s%02d.%s", []string{"letter", "memo", "minutes", "report", "invoice"}[i%5], i, format)
		r.Format, r.SHA256 = format, fmt.Sprintf("%064d", i)
		r.Created, r.Modified = provenance.At(created), provenance.At(modified)
		return r
	}
	var genuine []*provenance.Record
	for i := 0; i < 10; i++ {
		t := day(time.January, 6).AddDate(0, 0, 15*i) // to 2020-05-20
		genuine = append(genuine, doc(i, "doc", t, t.Add(time.Hour)))
	}
	for i := 0; i < 12; i++ {
		t := day(time.July, 3).AddDate(0, 0, 15*i)
		genuine = append(genuine, doc(100+i, "docx", t, t.Add(time.Hour)))
	}
	b := provenance.BuildBaseline(genuine)
	kindFindings := func(r *provenance.Record) []provenance.Finding {
		r.Path = "leak/note.x"
		var out []provenance.Finding
		for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: r, Baseline: b}, provenance.Checks()), "version-adoption") {
			if strings.Contains(f.Message, "of the office's text documents") {
				out = append(out, f)
			}
		}
		return out
	}
	early := kindFindings(doc(900, "docx", day(time.March, 2), day(time.March, 2).Add(time.Hour)))
	require.Len(t, early, 1)
	assert.Contains(t, early[0].Message, "a docx (of the office's text documents) on 2020-03-02")
	assert.Greater(t, early[0].Weight, 1.0)

	assert.Empty(t, kindFindings(doc(901, "doc", day(time.May, 4), day(time.October, 5))), "a re-save keeps its format")
	late := kindFindings(doc(902, "doc", day(time.October, 5), day(time.October, 5).Add(time.Hour)))
	require.Len(t, late, 1)
	assert.Contains(t, late[0].Message, "the organisation had moved to docx")

	inGap := kindFindings(doc(903, "docx", day(time.June, 5), day(time.June, 5).Add(time.Hour)))
	assert.Less(t, weightOf(inGap), 0.2, "within the gap between the last .doc and the first .docx")
}

// Two photos that share their capture settings: one was made from the
// other. The one that also falls out of its camera's numbering order is
// the likelier copy, so the family's evidence goes mostly to it and
// little to its origin.
func TestFamilyWeighsThePhotoOutOfSequenceAsTheCopy(t *testing.T) {
	familyWeights := func(outOfOrder bool) map[string]float64 {
		sc := &provenance.Scanner{}
		for i := 0; i < 8; i++ {
			r := provenance.NewRecord()
			r.Path, r.Format, r.SHA256 = fmt.Sprintf("leak/DSCN%04d.JPG", 240+i), "jpeg", fmt.Sprint(i)
			r.Camera = &provenance.Camera{Make: "NIKON", Model: "COOLPIX W300"}
			r.Created = provenance.Local(2020, 5, 4, 9+i, 0, 0, 0)
			r.Fields.Set(provenance.KeyContentDigest, fmt.Sprintf("%064d", i))
			capture := fmt.Sprintf("NIKON COOLPIX W300; ExposureTime=0.00%d", i)
			if i == 5 { // a copy of photo 4's settings, a new picture
				capture = "NIKON COOLPIX W300; ExposureTime=0.004"
				if outOfOrder {
					r.Created = provenance.Local(2020, 5, 4, 18, 30, 0, 0) // after photos 6 and 7
				}
			}
			r.AddID(provenance.KindCaptureSettings, capture, "exif.ExifIFD.ExposureTime")
			sc.Add(r)
		}
		out := map[string]float64{}
		for _, d := range sc.Report().Documents {
			out[d.Path] = weightOf(checksNamed(d.Findings, "family"))
		}
		return out
	}
	even := familyWeights(false)
	require.Greater(t, even["leak/DSCN0244.JPG"], 0.3)
	assert.InDelta(t, even["leak/DSCN0244.JPG"], even["leak/DSCN0245.JPG"], 0.01, "nothing tells them apart")
	told := familyWeights(true)
	assert.Less(t, told["leak/DSCN0244.JPG"], even["leak/DSCN0244.JPG"]-0.3, "the origin")
	assert.GreaterOrEqual(t, told["leak/DSCN0245.JPG"], even["leak/DSCN0245.JPG"], "the copy")
}

// saveAsChain is n documents that one person started, each made by Save
// As from the one before and saved every days later: the creation time
// and first author of the first, other content and titles.
func saveAsChain(prefix string, start time.Time, n, every int) []*provenance.Record {
	recs := org(n)
	for i, r := range recs {
		r.Path = fmt.Sprintf("%s/letter_%02d.pdf", prefix, i)
		r.SHA256 = fmt.Sprintf("%s-%d", prefix, i)
		r.Title = fmt.Sprintf("%s letter %d", prefix, i)
		r.IDs = nil
		r.AddID("xmp.DocumentID", "uuid:"+r.SHA256, "pdf.xmp.xmpMM:DocumentID")
		r.Authors = []string{"Marie Dupont"}
		r.Created = provenance.At(start)
		r.Modified = provenance.At(start.AddDate(0, 0, every*i+1))
		r.Fields.Set(provenance.KeyContentDigest, fmt.Sprint(prefix, "-content-", i))
	}
	return recs
}

// An office that starts letters from recent ones by Save As shows the
// habit in its baseline: a letter made from one saved weeks before is its
// habit, one made from a letter that lay unused for most of a year is not,
// and a letter made from a questioned one is compared with that one, not
// with the last the baseline holds.
func TestSaveAsGapWeighsHowLongTheSourceLayUnused(t *testing.T) {
	start := time.Date(2016, 1, 4, 9, 30, 17, 0, time.UTC)
	var genuine []*provenance.Record
	for c := 0; c < 6; c++ {
		genuine = append(genuine, saveAsChain(fmt.Sprint("chain", c), start.AddDate(0, 0, 7*c).Add(time.Duration(c)*time.Second), 4, 20)...)
	}
	genuine = append(genuine, org(20)...)
	gapWeight := func(b *provenance.Baseline, leak []*provenance.Record) map[string]float64 {
		sc := &provenance.Scanner{Baseline: b}
		for _, r := range leak {
			sc.Add(r)
		}
		w := map[string]float64{}
		for _, d := range sc.Report().Documents {
			for _, f := range checksNamed(d.Findings, "save-as-gap") {
				w[d.Path] = f.Strength
				assert.Contains(t, f.Compared, "documents made from another were saved a mean of 20 days", d.Path)
			}
		}
		return w
	}
	// next is a questioned letter of chain c, saved days after its last.
	next := func(name string, c, days int) *provenance.Record {
		r := saveAsChain(fmt.Sprint("chain", c), start.AddDate(0, 0, 7*c).Add(time.Duration(c)*time.Second), 5, 20)[4]
		r.Path, r.SHA256, r.Title = "leak/letter_"+name+".pdf", name, name
		r.IDs = nil
		r.AddID("xmp.DocumentID", "uuid:"+name, "pdf.xmp.xmpMM:DocumentID")
		r.Fields.Set(provenance.KeyContentDigest, name)
		r.Modified = provenance.At(start.AddDate(0, 0, 7*c+20*3+1+days))
		return r
	}
	habit := provenance.BuildBaseline(genuine)
	w := gapWeight(habit, []*provenance.Record{
		next("recent", 0, 25),   // the office's habit
		next("dormant", 1, 300), // a letter unused since last year
		next("relay", 2, 290),   // unused as long, but …
		next("relayed", 2, 300), // … this one was made from it
	})
	// The same title as the last of its chain: a later revision of it,
	// not a Save As of another document.
	w2 := gapWeight(habit, []*provenance.Record{func() *provenance.Record {
		r := next("revision", 3, 300)
		r.Title = "chain3 letter 3"
		return r
	}()})
	assert.Zero(t, w["leak/letter_recent.pdf"], "%v", w)
	assert.Greater(t, w["leak/letter_dormant.pdf"], 0.8, "%v", w)
	assert.Greater(t, w["leak/letter_relay.pdf"], 0.8, "%v", w)
	assert.Zero(t, w["leak/letter_relayed.pdf"], "made from a questioned letter saved ten days before: %v", w)
	assert.Zero(t, w2["leak/letter_revision.pdf"], "%v", w2)

	// Made from the last document of its own series, however long ago
	// (last year's annual report): the series' rhythm, not a gap.
	annual := next("dormant", 1, 300)
	annual.Path = "leak/annual_report.pdf"
	lastYear := saveAsChain("chain1", start.AddDate(0, 0, 7).Add(time.Second), 4, 20)[3]
	lastYear.Path, lastYear.SHA256 = "baseline/annual_report_2016.pdf", "annual-2016"
	lastYear.Fields.Set(provenance.KeyContentDigest, "annual-2016")
	w3 := gapWeight(provenance.BuildBaseline(append(slices.Clone(genuine), lastYear)), []*provenance.Record{annual})
	assert.Zero(t, w3["leak/annual_report.pdf"], "%v", w3)

	// Without the habit there is nothing to compare a gap with; the
	// sharing itself is rare there, and shared-identifier weighs it.
	sc := &provenance.Scanner{Baseline: provenance.BuildBaseline(append(saveAsChain("chain1", start.AddDate(0, 0, 7).Add(time.Second), 1, 20), org(30)...))}
	sc.Add(next("dormant", 1, 300))
	d := sc.Report().Documents[0]
	assert.Empty(t, checksNamed(d.Findings, "save-as-gap"))
	assert.NotEmpty(t, checksNamed(d.Findings, "shared-identifier"))
}

// A PDF exported from a questioned document beside it is part of the same
// act: what the source's checks found lifts the PDF to the source's
// score, when the two share their name and title and the PDF was made
// right after the source's last save.
func TestExportPairLiftsThePDFToItsSource(t *testing.T) {
	b := provenance.BuildBaseline(org(40))
	source := org(1)[0]
	source.Path, source.SHA256, source.Format, source.Title = "leak/letter.odt", "source", "odt", "Letter"
	source.Authors = []string{"Nadia Kowalski"}
	source.LastModifiedBy = "Nadia Kowalski"
	source.AddSoftware(provenance.RoleProducer, "Foxit PhantomPDF 9.0", "pdf.info.Producer")
	export := func(name, title string, after time.Duration) *provenance.Record {
		r := org(2)[1]
		r.Path, r.SHA256, r.Title = "leak/"+name+".pdf", name, title
		r.IDs = nil
		r.Created = provenance.At(source.Modified.Time.Add(after))
		r.Modified = r.Created
		return r
	}
	sc := &provenance.Scanner{Baseline: b}
	sc.Add(source)
	sc.Add(export("letter", "Letter", 4*time.Minute))
	late := &provenance.Scanner{Baseline: b}
	late.Add(source)
	late.Add(export("letter", "Letter", 3*time.Hour))
	other := &provenance.Scanner{Baseline: b}
	other.Add(source)
	other.Add(export("letter", "Invoice", 4*time.Minute))
	elsewhere := &provenance.Scanner{Baseline: b}
	elsewhere.Add(source)
	elsewhere.Add(export("reply", "Letter", 4*time.Minute))

	scores := func(sc *provenance.Scanner) map[string]float64 {
		out := map[string]float64{}
		for _, d := range sc.Report().Documents {
			out[d.Path] = d.Score
		}
		return out
	}
	s := scores(sc)
	require.Greater(t, s["leak/letter.odt"], 1.0, "the source's own evidence: %v", s)
	// Lifted to the source's own checks' score (less the chance that the
	// two are not one act), not to what corpus checks added to it.
	assert.Greater(t, s["leak/letter.pdf"], 2.0, "%v", s)
	assert.LessOrEqual(t, s["leak/letter.pdf"], s["leak/letter.odt"]+math.Log10(0.9)+0.01, "%v", s)
	for name, sc := range map[string]*provenance.Scanner{"made 3 h later": late, "another title": other, "another name": elsewhere} {
		for _, d := range sc.Report().Documents {
			if d.Format == "pdf" {
				assert.Empty(t, checksNamed(d.Findings, "export-pair"), name)
				assert.Less(t, d.Score, 0.5, name)
			}
		}
	}
}

// A PDF printed from a browser a day after its source was last saved,
// beside it under its name and title, is a rendition of it: that the
// baseline never shows the browser's PDF library is not counted, unless
// the PDF claims another program than its structure shows; and a PDF
// under another title, or alone, keeps its finding.
func TestRenditionTakesItsSourcesStatus(t *testing.T) {
	b := provenance.BuildBaseline(org(40))
	source := org(1)[0]
	source.Path, source.SHA256, source.Format, source.Title = "leak/letter.odt", "source", "odt", "Letter"
	source.IDs = nil
	web := func(name, title, producer string) *provenance.Record {
		r := org(2)[1]
		r.Path, r.SHA256, r.Title = "leak/"+name+".pdf", name, title
		r.IDs = nil
		r.Software = nil
		r.AddSoftware(provenance.RoleCreator, "HeadlessChrome 48.0", "pdf.info.Creator")
		r.AddSoftware(provenance.RoleProducer, producer, "pdf.info.Producer")
		r.AddSoftware(provenance.RoleProducer, "Skia", "pdf.fingerprint.producer")
		r.Fields.Set("pdf.info.Producer", producer)
		r.Created = provenance.At(source.Modified.Time.Add(26 * time.Hour))
		r.Modified = r.Created
		return r
	}
	score := func(recs ...*provenance.Record) provenance.DocReport {
		sc := &provenance.Scanner{Baseline: b}
		for _, r := range recs {
			sc.Add(r)
		}
		for _, d := range sc.Report().Documents {
			if d.Path == recs[len(recs)-1].Path {
				return d
			}
		}
		t.Fatal("no rendition")
		return provenance.DocReport{}
	}
	alone := score(web("letter_web", "Letter", "Skia/PDF m48"))
	require.Greater(t, alone.Score, 1.0, "a program the baseline never shows: %v", alone.Findings)
	beside := score(source, web("letter_web", "Letter", "Skia/PDF m48"))
	require.Len(t, checksNamed(beside.Findings, "rendition"), 1, "%v", beside.Findings)
	assert.Less(t, checksNamed(beside.Findings, "rendition")[0].Weight, 0.0)
	assert.Less(t, beside.Score, 0.3, "%v", beside.Findings)

	// Printed from another PDF, a script's invoice of that title.
	invoice := org(3)[2]
	invoice.Path, invoice.SHA256, invoice.Title, invoice.IDs = "leak/letter.pdf", "invoice", "Letter", nil
	invoice.Created, invoice.Modified = source.Created, source.Modified
	fromPDF := score(invoice, web("letter_web", "Letter", "Skia/PDF m48"))
	assert.Len(t, checksNamed(fromPDF.Findings, "rendition"), 1, "%v", fromPDF.Findings)

	for name, d := range map[string]provenance.DocReport{
		"another title":                score(source, web("letter_web", "Invoice", "Skia/PDF m48")),
		"another name":                 score(source, web("reply_web", "Letter", "Skia/PDF m48")),
		"a claim its structure belies": score(source, web("letter_web", "Letter", "Acrobat Distiller 10.1.8 (Windows)")),
	} {
		assert.Empty(t, checksNamed(d.Findings, "rendition"), name)
		assert.Greater(t, d.Score, 1.0, "%s: %v", name, d.Findings)
	}
}

// Two office formats of one document saved together (a Save a Copy as
// .xls beside the .ods) are one act, each lifted to the other's own
// score, even where one program writes UTC and the other the local wall
// clock; a copy saved again later is not.
func TestExportPairLinksTwoFormatsSavedTogether(t *testing.T) {
	b := provenance.BuildBaseline(org(40))
	local := time.Date(2017, 3, 1, 13, 41, 14, 0, time.UTC)
	ods := org(1)[0]
	ods.Path, ods.SHA256, ods.Format, ods.Title = "leak/budget.ods", "ods", "ods", "Budget"
	ods.IDs = nil
	ods.Created = provenance.Timestamp{Time: local.Add(-99 * time.Minute)} // no offset: the wall clock
	ods.Modified = provenance.Timestamp{Time: local}
	xls := org(1)[0]
	xls.Path, xls.SHA256, xls.Format, xls.Title = "leak/budget.xls", "xls", "xls", "Budget"
	xls.IDs = nil
	xls.Authors = []string{"Nadia Kowalski"}
	xls.LastModifiedBy = "Nadia Kowalski"
	xls.AddSoftware(provenance.RoleProducer, "Foxit PhantomPDF 9.0", "pdf.info.Producer")
	xls.Created = provenance.At(ods.Created.Time.Add(-2 * time.Hour)) // the same moments in UTC, two hours behind
	xls.Modified = provenance.At(local.Add(-2 * time.Hour))
	score := func(later time.Duration) map[string]float64 {
		x := *xls
		x.Modified = provenance.At(xls.Modified.Time.Add(later))
		sc := &provenance.Scanner{Baseline: b}
		sc.Add(ods)
		sc.Add(&x)
		out := map[string]float64{}
		for _, d := range sc.Report().Documents {
			out[d.Path] = d.Score
		}
		return out
	}
	together := score(0)
	require.Greater(t, together["leak/budget.xls"], 1.0, "%v", together)
	assert.Greater(t, together["leak/budget.ods"], together["leak/budget.xls"]-0.5, "%v", together)
	resaved := score(4 * 24 * time.Hour)
	assert.Less(t, resaved["leak/budget.ods"], 0.5, "the .xls saved again days later: %v", resaved)
}

// A later version of a baseline document under its original's name (a
// PDF exported again months on) has the original's date in its name: the
// gap is its being later, not a name chosen to deceive.
func TestNameDateOfALaterVersionUnderItsOriginalsName(t *testing.T) {
	genuine := org(30)
	orig := genuine[0]
	orig.Path, orig.Title = "genuine/Report_20160301.pdf", "Report"
	orig.Created = provenance.At(time.Date(2016, 3, 1, 10, 0, 0, 0, time.UTC))
	orig.Modified = orig.Created
	orig.Fields.Set("content.pages_sha256[0]", "page-one")
	orig.Fields.Set(provenance.KeyContentDigest, "first")
	b := provenance.BuildBaseline(genuine)
	nameDate := func(sharesPage bool) []provenance.Finding {
		r := org(2)[1]
		r.Path, r.SHA256, r.Title = "leak/Report_20160301_conv.pdf", "again", "Report"
		r.IDs = nil
		r.Created = provenance.At(time.Date(2016, 5, 20, 15, 0, 0, 0, time.UTC))
		r.Modified = r.Created
		r.Fields.Set(provenance.KeyContentDigest, "redrawn")
		if sharesPage {
			r.Fields.Set("content.pages_sha256[0]", "page-one")
		}
		fs := checksNamed(provenance.Run(&provenance.Pass{Record: r, Baseline: b}, provenance.Checks()), "name-date")
		require.Len(t, fs, 1)
		return fs
	}
	later := nameDate(true)[0]
	assert.Zero(t, later.Weight)
	assert.Contains(t, later.Message, "a later version under its original's name")
	assert.Equal(t, []string{"genuine/Report_20160301.pdf"}, later.Related)
	assert.Greater(t, nameDate(false)[0].Weight, 0.5, "nothing ties it to a document of that date")
}

// One format made by two pipelines: the office prints payroll with
// Ghostscript and web pages with a browser, which it began to use later.
// A payroll printout made by Ghostscript after the browser's arrival is
// its series' own program, not a retired one; a web page made by it is.
func TestRetiredProgramIsJudgedWithinItsSeries(t *testing.T) {
	made := func(series, program string, n int, start time.Time) []*provenance.Record {
		recs := org(n)
		for i, r := range recs {
			r.Path = fmt.Sprintf("genuine/%s_%02d.pdf", series, i)
			r.SHA256 = fmt.Sprintf("%s-%s-%d", series, program, i)
			r.Software = nil
			r.AddSoftware(provenance.RoleProducer, program, "pdf.fingerprint.producer")
			r.Created = provenance.At(start.Add(time.Duration(i) * 7 * 24 * time.Hour))
			r.Modified = r.Created
		}
		return recs
	}
	jan := time.Date(2017, 1, 2, 10, 0, 0, 0, time.UTC)
	b := provenance.BuildBaseline(append(made("payroll", "Ghostscript", 6, jan), made("webpage", "Skia", 30, jan.AddDate(0, 3, 0))...))
	retired := func(series string) []provenance.Finding {
		q := made(series, "Ghostscript", 1, time.Date(2017, 9, 4, 10, 0, 0, 0, time.UTC))[0]
		q.Path, q.SHA256 = "leak/"+series+"_late.pdf", "questioned"
		return checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "version-adoption")
	}
	assert.Empty(t, retired("payroll"), "the payroll's own program")
	fs := retired("webpage")
	require.NotEmpty(t, fs, "a web page of the retired program")
	assert.Contains(t, fs[0].Message, "had moved to skia")
}

// A PDF converted months later from a baseline document keeps that
// document's file name, and with it the date the document was created
// on: name-date's finding is taken back by rendition. Another title, or
// no such baseline document, and it stays.
func TestRenditionOfABaselineDocumentKeepsItsNamesDate(t *testing.T) {
	created := time.Date(2016, 3, 5, 10, 0, 17, 0, time.FixedZone("", 3600))
	native := func(title string) *provenance.Record {
		r := org(1)[0]
		r.Path, r.SHA256, r.Format, r.Title = "genuine/minutes_2016-03-05.odt", "native", "odt", title
		r.IDs = nil
		r.Created = provenance.At(created)
		r.Modified = provenance.At(created.Add(15 * 24 * time.Hour))
		return r
	}
	pdf := func() *provenance.Record {
		r := org(2)[1]
		r.Path, r.SHA256, r.Title = "leak/minutes_2016-03-05.pdf", "pdf", "Minutes"
		r.IDs = nil
		r.Created = provenance.At(created.Add(90 * 24 * time.Hour))
		r.Modified = r.Created
		return r
	}
	score := func(baseline []*provenance.Record) provenance.DocReport {
		sc := &provenance.Scanner{Baseline: provenance.BuildBaseline(baseline)}
		sc.Add(pdf())
		return sc.Report().Documents[0]
	}
	alone := score(org(40))
	require.NotEmpty(t, checksNamed(alone.Findings, "name-date"), "%v", alone.Findings)
	require.Greater(t, alone.Score, 0.5, "%v", alone.Findings)

	converted := score(append(org(40), native("Minutes")))
	require.Len(t, checksNamed(converted.Findings, "rendition"), 1, "%v", converted.Findings)
	assert.Contains(t, checksNamed(converted.Findings, "rendition")[0].Message, "genuine/minutes_2016-03-05.odt")
	assert.Less(t, converted.Score, alone.Score-0.4, "%v", converted.Findings)

	other := score(append(org(40), native("Budget")))
	assert.Empty(t, checksNamed(other.Findings, "rendition"), "%v", other.Findings)
}

// A report begun on the day its name gives and exported when it was
// finished, weeks later: the export's name is its source's, whose
// creation it gives, and name-date's finding on the PDF is taken back.
func TestExportKeepsItsSourcesNameDate(t *testing.T) {
	created := time.Date(2016, 3, 5, 10, 0, 17, 0, time.FixedZone("", 3600))
	native := org(1)[0]
	native.Path, native.SHA256, native.Format, native.Title = "leak/minutes_2016-03-05.odt", "native", "odt", "Minutes"
	native.IDs = nil
	native.Created = provenance.At(created)
	native.Modified = provenance.At(created.Add(20 * 24 * time.Hour))
	pdf := org(2)[1]
	pdf.Path, pdf.SHA256, pdf.Title = "leak/minutes_2016-03-05.pdf", "pdf", "Minutes"
	pdf.IDs = nil
	pdf.Created = provenance.At(native.Modified.Time.Add(5 * time.Minute))
	pdf.Modified = pdf.Created
	score := func(recs ...*provenance.Record) provenance.DocReport {
		sc := &provenance.Scanner{Baseline: provenance.BuildBaseline(org(40))}
		for _, r := range recs {
			sc.Add(r)
		}
		for _, d := range sc.Report().Documents {
			if d.Path == pdf.Path {
				return d
			}
		}
		t.Fatal("no pdf")
		return provenance.DocReport{}
	}
	alone := score(pdf)
	require.NotEmpty(t, checksNamed(alone.Findings, "name-date"), "%v", alone.Findings)
	exported := score(native, pdf)
	require.Len(t, checksNamed(exported.Findings, "rendition"), 1, "%v", exported.Findings)
	assert.Contains(t, checksNamed(exported.Findings, "rendition")[0].Message, "exported from questioned document leak/minutes_2016-03-05.odt")
	assert.Less(t, exported.Score, alone.Score-0.4, "%v", exported.Findings)
}

// The root of a first editing session shared with a genuine document of
// other content is the template's when the questioned document names a
// template: a document made by opening the template itself, or from a
// copy of one made from it, carries the root without naming it. Without a
// template named, the shared root is a parent's.
func TestSessionRootOfATemplate(t *testing.T) {
	genuine := org(20)
	genuine[4].Path, genuine[4].Format, genuine[4].Title = "genuine/contract.odt", "odt", "Contract"
	genuine[4].AddID("odf.rsidRoot", "0012ab34", "odf.settings.RsidRoot")
	genuine[4].Fields.Set(provenance.KeyContentDigest, "contract text")
	b := provenance.BuildBaseline(genuine)
	weigh := func(template string) float64 {
		q := org(1)[0]
		q.Path, q.SHA256, q.Format, q.Title, q.Template = "leak/report.odt", "q", "odt", "Report", template
		q.IDs = nil
		q.AddID("odf.rsidRoot", "0012ab34", "odf.settings.RsidRoot")
		q.Fields.Set(provenance.KeyContentDigest, "report text")
		w := 0.0
		for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()), "shared-identifier") {
			w = max(w, f.Weight)
		}
		return w
	}
	parent := weigh("")
	assert.Greater(t, parent, 0.8, "no template: made from the genuine document")
	assert.Less(t, weigh("Report.ott"), parent-0.5, "a template's first session")
}

// A scanner's PDF wrapped by qpdf names its own program; the office's
// exports rewritten by qpdf name LibreOffice. Their shared structure does
// not make the scanner's program one the baseline knows: what the scan
// lacks of the exports' metadata is a new program's, weighed as one.
func TestStructureOnlyPopulationIsNotTheClaimedProgram(t *testing.T) {
	var genuine []*provenance.Record
	for i, r := range org(12) {
		r.Software = nil
		r.AddSoftware(provenance.RoleProducer, "LibreOffice 7.4", "pdf.info.Producer")
		r.AddSoftware(provenance.RoleProducer, "qpdf", "pdf.fingerprint.producer")
		r.Fields.Set("pdf.info.Producer", "LibreOffice 7.4")
		r.Fields.Set("pdf.info.Title", fmt.Sprint("Report ", i))
		r.Fields.Set("pdf.info.Creator", "Writer")
		r.Fields.Set("pdf.info.CreationDate", "D:20160301090000+01'00'")
		genuine = append(genuine, r)
	}
	b := provenance.BuildBaseline(genuine)
	scrubbed := func(producer string) float64 {
		r := provenance.NewRecord()
		r.Path, r.SHA256, r.Format = "leak/Scan_20160305_101500.pdf", "scan", "pdf"
		r.Created = provenance.At(time.Date(2016, 3, 5, 10, 15, 0, 0, time.FixedZone("", 3600)))
		if producer != "" {
			r.AddSoftware(provenance.RoleProducer, producer, "pdf.info.Producer")
			r.Fields.Set("pdf.info.Producer", producer)
		}
		r.AddSoftware(provenance.RoleProducer, "qpdf", "pdf.fingerprint.producer")
		r.Fields.Set("pdf.revisions", "0")
		w := 0.0
		for _, f := range checksNamed(provenance.Run(&provenance.Pass{Record: r, Baseline: b}, provenance.Checks()), "scrubbed") {
			w = max(w, f.Weight)
		}
		return w
	}
	stripped := scrubbed("")
	require.Greater(t, stripped, 0.3, "claiming nothing: the exports' metadata stripped")
	assert.Less(t, scrubbed("img2pdf 0.4"), stripped-0.3, "a program of its own, which the baseline never shows")
}
