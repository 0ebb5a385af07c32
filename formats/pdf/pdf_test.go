package pdf_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/pdf"
	"github.com/docprov/docprov/provenance"
)

// The fixtures are made by real producers with testdata/pdf/make.sh; the
// expected values below are the ones that script set, as listed in
// testdata/pdf/README.md.
const fixtures = "../../testdata/pdf"

// extract reads a fixture the way the Registry would (formattest.Extract).
func extract(t *testing.T, name string) *provenance.Record {
	t.Helper()
	return formattest.ExtractFile(t, pdf.Format{}, filepath.Join(fixtures, name))
}

func TestReportLabInfoFontsAndIDs(t *testing.T) {
	rec := extract(t, "reportlab.pdf")
	assert.Equal(t, "Docprov ReportLab Fixture", rec.Title)
	assert.Equal(t, []string{"Alice Example"}, rec.Authors)
	assert.Equal(t, "Provenance test fixture", rec.Subject)
	assert.Equal(t, "docprov, fixture, reportlab", rec.Keywords)
	assert.Equal(t, []string{"docprov make.sh"}, formattest.ClaimedRaw(rec, provenance.RoleCreator))
	assert.Equal(t, []string{"ReportLab PDF Library - www.reportlab.com"}, formattest.ClaimedRaw(rec, provenance.RoleProducer))
	assert.Equal(t, "2023-11-14T22:13:20Z", rec.Created.String())
	assert.Equal(t, "1.3", rec.Fields["pdf.header.version"])
	assert.Equal(t, "2", rec.Fields["pdf.pages"])
	assert.Equal(t, "0", rec.Fields["pdf.revisions"])
	assert.Equal(t, "/False", "/"+rec.Fields["pdf.info.Trapped"])
	assert.Equal(t, "96387b0bb4150d43839f0dd83fb9100b", formattest.ID(rec, "pdf.trailer.ID0"))
	assert.Equal(t, formattest.ID(rec, "pdf.trailer.ID0"), formattest.ID(rec, "pdf.trailer.ID1"), "never re-saved: both halves equal")
	assert.Equal(t, "AAAAAA+DejaVuSans (TrueType, embedded)", rec.Fields["pdf.font[0]"])
	assert.Equal(t, "Helvetica (Type1, not embedded)", rec.Fields["pdf.font[1]"])
	assert.Empty(t, rec.Problems)
}

func TestGhostscriptCustomKeysAndPDFDocEncoding(t *testing.T) {
	rec := extract(t, "ghostscript.pdf")
	assert.Equal(t, "Forensics Lab", rec.Fields["pdf.info.Department"])
	assert.Equal(t, "Renée Dupré", rec.Fields["pdf.info.Reviewer"], "PDFDocEncoding byte 0xE9 is é")
	assert.Equal(t, "true", rec.Fields["pdf.info.custom"])
	assert.Equal(t, "2023-01-02T03:04:05+05:30", rec.Created.String())
	assert.Equal(t, "2023-02-03T04:05:06-08:00", rec.Modified.String())
	assert.Equal(t, "uuid:91876640-bb57-11f9-0000-0702882debbd", formattest.ID(rec, "xmp.DocumentID"))
	assert.Equal(t, "GPL Ghostscript 10.00.0", rec.Fields["pdf.xmp.pdf:Producer"])
	assert.Equal(t, "1.7", rec.Fields["pdf.header.version"])
}

func TestUTF16AndPDFDocEncodingStrings(t *testing.T) {
	rec := extract(t, "utf16-info.pdf")
	assert.Equal(t, "Отчёт о происхождении", rec.Title)
	assert.Equal(t, []string{"Рошка Георгий"}, rec.Authors)
	assert.Equal(t, "Résumé café", rec.Subject)
	// 0x85 is an en dash and 0xA0 the euro sign in PDFDocEncoding, unlike
	// Latin-1.
	assert.Equal(t, "Genève – Zürich, prix 5 €", rec.Fields["pdf.info.Location"])
	assert.Equal(t, "2024-02-29T23:59:59-03:30", rec.Created.String())
	assert.Equal(t, "2024-03-01T10:11:12+09:00", rec.MetadataDate.String())
	assert.Equal(t, "uuid:6f1d1f3e-0000-4000-8000-000000000002", formattest.ID(rec, "xmp.InstanceID"))
}

func TestLibreOfficePDFAHasXMP(t *testing.T) {
	rec := extract(t, "libreoffice-pdfa.pdf")
	assert.Equal(t, "Writer", rec.Fields["pdf.xmp.xmp:CreatorTool"])
	assert.Equal(t, "LibreOffice 7.4", rec.Fields["pdf.xmp.pdf:Producer"])
	assert.Equal(t, "2", rec.Fields["pdf.xmp.pdfaid:part"])
	assert.Equal(t, "2024-02-03T10:20:30+05:30", rec.Created.String())
	assert.Equal(t, []string{"en-US"}, rec.Languages)
	assert.Equal(t, "BAAAAA+DejaVuSans-Bold (TrueType, embedded)", rec.Fields["pdf.font[0]"])
	require.Len(t, rec.Software, 3, "Info and XMP name the same creator and producer: one claim each, and the fingerprint's inference")
	assert.Equal(t, provenance.Software{Role: provenance.RoleProducer, Name: "LibreOffice", Raw: "LibreOffice", Source: "pdf.fingerprint.producer"}, rec.Software[2])
	assert.Equal(t, provenance.Software{Role: provenance.RoleProducer, Name: "LibreOffice", Version: "7.4", Raw: "LibreOffice 7.4", Source: "pdf.info.Producer"}, rec.Software[1])
}

func TestIncrementalUpdatesAreCounted(t *testing.T) {
	tests := []struct {
		file    string
		updates string
		ends    []string
	}{
		{"ghostscript.pdf", "0", []string{"3041"}},
		{"exiftool-edited.pdf", "1", []string{"3041", "7585"}},
		{"multi-update.pdf", "3", []string{"3041", "7586", "8094", "12747"}},
		// Linearization ends its first-page section with its own %%EOF:
		// two markers, one save.
		{"qpdf-linearized.pdf", "0", []string{"614", "23884"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rec := extract(t, tt.file)
			assert.Equal(t, tt.updates, rec.Fields["pdf.revisions"])
			var ends []string
			for _, k := range rec.Fields.WithPrefix("pdf.eof[") {
				if filepath.Ext(k) == ".offset" {
					ends = append(ends, rec.Fields[k])
				}
			}
			assert.Equal(t, tt.ends, ends)
		})
	}
}

func TestExifToolEditLeavesDisagreement(t *testing.T) {
	rec := extract(t, "exiftool-edited.pdf")
	// The Info dictionary says Mallory; the XMP written by the original
	// producer still names Bob as dc:creator.
	assert.Equal(t, []string{"Mallory"}, rec.Authors)
	assert.Equal(t, "Bob Example", rec.Fields["pdf.xmp.dc:creator[0]"])
	assert.Equal(t, "437a9c634cce013262ca9d6a8a0e3881", formattest.ID(rec, "pdf.trailer.ID0"))
	assert.Equal(t, "447a9c634cce013262ca9d6a8a0e3881", formattest.ID(rec, "pdf.trailer.ID1"), "the update changed the second half")
}

// A LibreOffice export edited incrementally by ExifTool: the first save is
// LibreOffice's, the update ExifTool's, and it wrote metadata only.
func TestLibreOfficeExportEditedByAnotherProgram(t *testing.T) {
	rec := extract(t, "libreoffice-exiftool-edited.pdf")
	f := rec.Fields
	assert.Equal(t, "1", f["pdf.revisions"])
	assert.Equal(t, "LibreOffice", f["pdf.fingerprint.producer"])
	assert.Equal(t, "ExifTool", f["pdf.fingerprint.updater"])
	assert.Equal(t, "catalog 1, info 1, xmp 1", f["pdf.revision[1].written"])
	assert.Equal(t, "0", f["pdf.revision[1].page_contents_written"])
	assert.Equal(t, "1", f["pdf.claim_save.Author"])
	assert.Equal(t, "1", f["pdf.claim_save.ModDate"])
	assert.Equal(t, "0", f["pdf.claim_save.Producer"])
}

// ExifTool's -all= removes a PDF's Info in an update that frees the Info
// object: the file has no metadata now (as ExifTool and pdfinfo read it),
// and the removed Info is the first save's, not salvaged into the
// current view.
func TestInfoFreedByAnUpdate(t *testing.T) {
	rec := extract(t, "exiftool-scrubbed.pdf")
	f := rec.Fields
	assert.Equal(t, "true", f[pdf.KeyInfoFreed])
	assert.Empty(t, f.WithPrefix("pdf.info."))
	assert.Empty(t, rec.Authors)
	assert.Empty(t, rec.Problems)
	assert.Equal(t, "Carol Example", f["pdf.revision[0].info.Author"], "the earlier save keeps it")
}

func TestXMPHistoryNamesEditors(t *testing.T) {
	rec := extract(t, "exiftool-edited-twice.pdf")
	assert.Equal(t, []string{"GPL Ghostscript 10.00.0", "Adobe Acrobat Pro 24.0"}, formattest.ClaimedRaw(rec, provenance.RoleEditor))
	assert.Equal(t, "saved", rec.Fields["pdf.xmp.xmpMM:History[1]/stEvt:action"])

	// Each save's own packet: ExifTool's update gave the XMP a metadata
	// date and an instance ID the first save's packet does not have.
	assert.Equal(t, "uuid:91876640-bb57-11f9-0000-0702882debbd", rec.Fields["pdf.revision[0].xmp.xmpMM:DocumentID"])
	assert.Empty(t, rec.Fields["pdf.revision[0].xmp.xmp:MetadataDate"])
	assert.Empty(t, rec.Fields["pdf.revision[0].xmp.xmpMM:InstanceID"])
	assert.Equal(t, "2024-06-07T08:09:10+02:00", rec.Fields["pdf.revision[1].xmp.xmp:MetadataDate"])
	assert.Equal(t, "uuid:0b5e55ed-0000-4000-8000-000000000002", rec.Fields["pdf.revision[1].xmp.xmpMM:InstanceID"])
}

func TestLinearizedLength(t *testing.T) {
	rec := extract(t, "qpdf-linearized.pdf")
	assert.Equal(t, "true", rec.Fields["pdf.linearized"])
	assert.Equal(t, "23884", rec.Fields["pdf.linearized.length"])
	assert.Empty(t, rec.Fields["pdf.linearized.length_mismatch"])
}

func TestObjectStreamsInfo(t *testing.T) {
	rec := extract(t, "qpdf-objstreams.pdf")
	assert.Equal(t, "Docprov ReportLab Fixture", rec.Title, "Info inside an object stream")
	assert.Equal(t, "1.5", rec.Fields["pdf.header.version"])
}

func TestEncryptedWithEmptyUserPasswordIsRead(t *testing.T) {
	rec := extract(t, "qpdf-encrypted-aes256.pdf")
	assert.Equal(t, "true", rec.Fields["pdf.encrypted"])
	assert.Equal(t, "5", rec.Fields["pdf.encryption.V"])
	assert.Equal(t, "6", rec.Fields["pdf.encryption.R"])
	assert.Equal(t, "Docprov Ghostscript Fixture", rec.Title)
	assert.Equal(t, "uuid:91876640-bb57-11f9-0000-0702882debbd", formattest.ID(rec, "xmp.DocumentID"))
}

func TestEncryptedWithUserPasswordKeepsWhatIsReadable(t *testing.T) {
	rec := extract(t, "qpdf-encrypted-userpw.pdf")
	assert.Equal(t, "true", rec.Fields["pdf.encrypted"])
	assert.Empty(t, rec.Title)
	assert.Equal(t, "437a9c634cce013262ca9d6a8a0e3881", formattest.ID(rec, "pdf.trailer.ID0"), "the trailer /ID is never encrypted")
	assert.Equal(t, "1.7", rec.Fields["pdf.header.version"])
	require.NotEmpty(t, rec.Problems)
	assert.Contains(t, rec.Problems[0], "password")
}

func TestJavaScriptAndAttachments(t *testing.T) {
	rec := extract(t, "javascript-attachment.pdf")
	assert.Equal(t, "2", rec.Fields["pdf.javascript"])
	assert.Equal(t, "1", rec.Fields["pdf.embedded_files"])

	rec = extract(t, "pdfcpu-attachment.pdf")
	assert.Equal(t, "1", rec.Fields["pdf.embedded_files"])
	assert.Empty(t, rec.Fields["pdf.javascript"])
	assert.Equal(t, "DP-42", rec.Fields["pdf.info.ProjectCode"])
}

func TestSignatures(t *testing.T) {
	rec := extract(t, "signed.pdf")
	assert.Equal(t, "1", rec.Fields["pdf.signatures"])
	assert.Equal(t, "Docprov Test Signer", rec.Fields["pdf.signature[0].name"])
	assert.Equal(t, "D:20240304050607+01'00'", rec.Fields["pdf.signature[0].time"])
	assert.Equal(t, "adbe.pkcs7.detached", rec.Fields["pdf.signature[0].subfilter"])
	assert.Equal(t, "false", rec.Fields["pdf.signature[0].modified_after_signing"])
	assert.Equal(t, "true", rec.Fields["pdf.signature[0].byte_range_fits"])
	assert.Equal(t, "Docprov Test Signer", rec.Fields["pdf.sigcheck[0].cert[0].subject"])
	assert.Equal(t, "true", rec.Fields["pdf.sigcheck[0].cert[0].self_signed"])
	assert.NotEmpty(t, rec.Fields["pdf.sigcheck[0].status"])
	assert.Equal(t, "1", rec.Fields["pdf.revisions"], "the signature is an incremental update")

	rec = extract(t, "signed-then-modified.pdf")
	assert.Equal(t, "true", rec.Fields["pdf.signature[0].modified_after_signing"],
		"an update appended after the signed byte range")
	assert.Equal(t, "2", rec.Fields["pdf.revisions"])
	assert.Equal(t, []string{"Mallory"}, rec.Authors)
	assert.Equal(t, "true", rec.Fields["pdf.signature[0].byte_range_fits"], "an update leaves the signed bytes where they were")

	rec = extract(t, "signed-rewritten.pdf")
	assert.Equal(t, "false", rec.Fields["pdf.signature[0].byte_range_fits"],
		"qpdf rewrote the file: the range frames no signature")
	assert.Equal(t, "Docprov Test Signer", rec.Fields["pdf.signature[0].name"], "the dictionary survives the rewrite")
}

func TestBadInput(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(fixtures, "not-a-pdf.pdf"))
	require.NoError(t, err)
	assert.False(t, pdf.Format{}.Match(data), "a .pdf name is not a PDF header")

	data, err = os.ReadFile(filepath.Join(fixtures, "truncated.pdf"))
	require.NoError(t, err)
	require.True(t, pdf.Format{}.Match(data))
	rec, err := pdf.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err, "a readable header still makes a Record")
	assert.Equal(t, "1.3", rec.Fields["pdf.header.version"])
	assert.Empty(t, rec.Title)
	require.NotEmpty(t, rec.Problems)
	assert.Contains(t, rec.Problems[0], "unreadable")

	// A header without a version is not a PDF worth a Record.
	data = []byte("%PDF-x.y\n1 0 obj <<>> endobj\n")
	_, err = pdf.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	assert.True(t, errors.Is(err, formats.ErrMalformed), "got %v", err)
}

func TestTruncatedBeforeXrefIsRepaired(t *testing.T) {
	// A file cut before its xref section: pdfcpu rebuilds the object table
	// from the bodies, and the metadata is still read.
	data, err := os.ReadFile(filepath.Join(fixtures, "ghostscript.pdf"))
	require.NoError(t, err)
	cut := bytes.LastIndex(data, []byte("xref"))
	require.Positive(t, cut)
	data = data[:cut]
	rec, err := pdf.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	assert.Equal(t, "Docprov Ghostscript Fixture", rec.Title)
	assert.Equal(t, "0", rec.Fields["pdf.revisions"])
	assert.Empty(t, rec.Fields["pdf.eof[0].offset"], "no end-of-file marker left")
}

func TestUnparsableStructureIsSalvaged(t *testing.T) {
	// Break every object header so no parser can find an object: the
	// Info entries and the XMP packet are still in the bytes.
	data, err := os.ReadFile(filepath.Join(fixtures, "ghostscript.pdf"))
	require.NoError(t, err)
	data = bytes.ReplaceAll(data, []byte(" obj"), []byte(" obx"))
	rec, err := pdf.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	assert.Equal(t, "true", rec.Fields["pdf.salvaged"])
	assert.Equal(t, "Docprov Ghostscript Fixture", rec.Title)
	assert.Equal(t, "2023-01-02T03:04:05+05:30", rec.Created.String())
	assert.Equal(t, "GPL Ghostscript 10.00.0", rec.Fields["pdf.info.Producer"])
	assert.Empty(t, rec.Fields["pdf.info.Reviewer"], "salvage reads the standard keys only")
	assert.Equal(t, "uuid:91876640-bb57-11f9-0000-0702882debbd", formattest.ID(rec, "xmp.DocumentID"))
	assert.NotEmpty(t, rec.Problems)
}

func TestCancelledContext(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(fixtures, "reportlab.pdf"))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = pdf.Format{}.Extract(ctx, bytes.NewReader(data), int64(len(data)))
	assert.ErrorIs(t, err, context.Canceled)
}

// classicPDF writes a PDF by hand: objects 1…n in order, a classic xref
// table, and a trailer holding /Size and then trailer (its other entries).
func classicPDF(version string, objs []string, trailer string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-" + version + "\n")
	offs := make([]int, 0, len(objs))
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj %s endobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer <</Size %d%s>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailer, xref)
	return b.Bytes()
}

// nullObjects writes a PDF of n null objects with an Info dictionary, the
// shape that cost pdfcpu a minute and 450 MB at a million objects.
func nullObjects(n int) []byte {
	objs := make([]string, 0, n+3)
	for i := 0; i < n; i++ {
		objs = append(objs, "null")
	}
	objs = append(objs, fmt.Sprintf("<</Type/Catalog/Pages %d 0 R>>", n+2), "<</Type/Pages/Kids[]/Count 0>>",
		"<</Producer (Hostile Writer 1.0)/Author (Mallory)>>")
	return classicPDF("1.7", objs, fmt.Sprintf("/Root %d 0 R/Info %d 0 R", n+1, n+3))
}

// A PDF of more objects than are parsed is read as a damaged one is, in
// bounded time and memory: its Info salvaged from the raw bytes, a problem
// saying why.
func TestTooManyObjectsAreNotParsed(t *testing.T) {
	data := nullObjects(pdf.MaxParsedObjects + 1000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rec, err := pdf.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	assert.Contains(t, rec.Problems[0], "objects, more than the")
	assert.Equal(t, []string{"Mallory"}, rec.Authors, "salvaged from the raw bytes")
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(200<<20))

	// Below the limit, pdfcpu reads it as usual.
	small := nullObjects(1000)
	rec, err = pdf.Format{}.Extract(context.Background(), bytes.NewReader(small), int64(len(small)))
	require.NoError(t, err)
	assert.Equal(t, []string{"Mallory"}, rec.Authors)
	assert.Empty(t, rec.Problems)
}

// A security handler pdfcpu does not implement is encryption, not damage:
// pdf.encrypted, the trailer ID, and a problem wrapping ErrEncrypted.
func TestUnknownSecurityHandlerIsEncrypted(t *testing.T) {
	objs := []string{"<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[]/Count 0>>", "<</Producer (X)>>",
		"<</Filter/FOPN_foweb/V 1/R 2/Length 40/O (abc)/U (def)/P -4>>"}
	data := classicPDF("1.4", objs, "/Root 1 0 R/Info 3 0 R/Encrypt 4 0 R/ID[<00112233445566778899aabbccddeeff><00112233445566778899aabbccddeeff>]")
	rec, err := pdf.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	assert.Equal(t, "true", rec.Fields["pdf.encrypted"])
	assert.Equal(t, "00112233445566778899aabbccddeeff", rec.Fields["pdf.trailer.ID[0]"])
	require.NotEmpty(t, rec.Problems)
	assert.Contains(t, rec.Problems[0], "FOPN_foweb")
	assert.Contains(t, rec.Problems[0], formats.ErrEncrypted.Error())
	assert.NotContains(t, rec.Problems[0], formats.ErrMalformed.Error())
}

// directInfoPDF writes a one-page-tree PDF whose trailer holds its Info
// dictionary directly, as Solid Converter PDF writes it, in a classic
// trailer or (xrefStream) in a cross-reference stream's dictionary. With
// badStartxref the startxref points nowhere, so the trailer must be found
// by its keyword.
func directInfoPDF(xrefStream, badStartxref bool) []byte {
	const info = "/Info << /Producer (Solid Converter PDF) /Creator (Solid Framework) /Author (Bob) /CreationDate (D:20200102030405Z) >>"
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	offs := []int{b.Len()}
	b.WriteString("1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n")
	offs = append(offs, b.Len())
	b.WriteString("2 0 obj <</Type/Pages/Kids[]/Count 0>> endobj\n")
	xref := b.Len()
	if xrefStream {
		// W [1 4 2]: type, offset, generation; no filter.
		var rows bytes.Buffer
		rows.Write([]byte{0, 0, 0, 0, 0, 0xff, 0xff})
		for _, o := range append(offs, xref) {
			rows.Write([]byte{1, byte(o >> 24), byte(o >> 16), byte(o >> 8), byte(o), 0, 0})
		}
		fmt.Fprintf(&b, "3 0 obj <</Type/XRef/Size 4/W[1 4 2]/Root 1 0 R %s/Length %d>>\nstream\n", info, rows.Len())
		b.Write(rows.Bytes())
		b.WriteString("\nendstream\nendobj\n")
	} else {
		fmt.Fprintf(&b, "xref\n0 3\n0000000000 65535 f \n%010d 00000 n \n%010d 00000 n \n", offs[0], offs[1])
		fmt.Fprintf(&b, "trailer\n<< /Size 3 /Root 1 0 R %s >>\n", info)
	}
	if badStartxref {
		xref = 7
	}
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", xref)
	return b.Bytes()
}

// A trailer that holds its Info dictionary directly instead of referring to
// it (against the standard, and pdfcpu drops it) is read as any Info, and
// flagged.
func TestDirectInfoInTrailer(t *testing.T) {
	for _, c := range []struct {
		name                     string
		xrefStream, badStartxref bool
	}{{"classic", false, false}, {"xref stream", true, false}, {"classic, repaired", false, true}} {
		t.Run(c.name, func(t *testing.T) {
			data := directInfoPDF(c.xrefStream, c.badStartxref)
			rec, err := pdf.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
			require.NoError(t, err)
			assert.Equal(t, "Solid Converter PDF", rec.Fields["pdf.info.Producer"])
			assert.Equal(t, "Solid Framework", rec.Fields["pdf.info.Creator"])
			assert.Equal(t, "true", rec.Fields["pdf.trailer.info_direct"])
			assert.Equal(t, []string{"Bob"}, rec.Authors)
			assert.Equal(t, []string{"Solid Converter PDF"}, formattest.ClaimedRaw(rec, provenance.RoleProducer))
			assert.Equal(t, "2020-01-02T03:04:05Z", rec.Created.String())
			assert.Empty(t, rec.Problems)
		})
	}
	// An indirect Info is not flagged.
	data := nullObjects(3)
	rec, err := pdf.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	assert.Empty(t, rec.Fields["pdf.trailer.info_direct"])
}

// Ghostscript writes a control character of the title (U+0001 here) into
// the XMP packet as "&#1;", which XML forbids. The packet is read whole,
// the character replaced by U+FFFD with one problem saying so, as
// ExifTool reads it; the Info title keeps the raw character.
func TestGhostscriptControlCharacterInXMP(t *testing.T) {
	rec := extract(t, "ghostscript-control.pdf")
	f := rec.Fields
	assert.Equal(t, "Quarterly\uFFFDReport", f["pdf.xmp.dc:title[x-default]"])
	assert.Equal(t, "Bob Example", f["pdf.xmp.dc:creator[0]"])
	assert.Equal(t, "GPL Ghostscript 10.00.0", f["pdf.xmp.pdf:Producer"])
	assert.Equal(t, "docprov make.sh via pdfmark", f["pdf.xmp.xmp:CreatorTool"])
	assert.Equal(t, "uuid:91876640-bb57-11f9-0000-bfa2bf54022b", f["pdf.xmp.xmpMM:DocumentID"])
	assert.Equal(t, "Quarterly\x01Report", f["pdf.info.Title"])
	assert.Equal(t, []string{"xmp metadata: 1 characters not allowed in XML replaced by U+FFFD"}, rec.Problems)
}

// xmpPDF writes a PDF whose catalog's /Metadata is an uncompressed stream
// holding packet.
func xmpPDF(packet string) []byte {
	objs := []string{
		"<</Type/Catalog/Pages 2 0 R/Metadata 4 0 R>>",
		"<</Type/Pages/Kids[]/Count 0>>",
		"<</Producer (GPL Ghostscript 9.04)>>",
		fmt.Sprintf("<</Type/Metadata/Subtype/XML/Length %d>>\nstream\n%s\nendstream", len(packet), packet),
	}
	return classicPDF("1.4", objs, "/Root 1 0 R/Info 3 0 R")
}

// A packet whose fault comes before any property: the parse error is one
// problem, not two (the salvage used to find the same packet in the raw
// bytes and parse it again), and "salvaged" is not claimed. With the
// fault a forbidden character reference, as Ghostscript 9.04 wrote it
// first in its packet, nothing is lost at all.
func TestXMPErrorListedOnce(t *testing.T) {
	const head = `<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>`
	const dc = `<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:title><rdf:Alt><rdf:li xml:lang='x-default'>A&#1;B</rdf:li></rdf:Alt></dc:title><dc:creator><rdf:Seq><rdf:li>Bob</rdf:li></rdf:Seq></dc:creator></rdf:Description>`
	const rest = `<rdf:Description rdf:about='' xmlns:pdf='http://ns.adobe.com/pdf/1.3/' pdf:Producer='GPL Ghostscript 9.04'/>` +
		`<rdf:Description rdf:about='' xmlns:xmp='http://ns.adobe.com/xap/1.0/' xmp:CreatorTool='Writer'/>` +
		`<rdf:Description rdf:about='' xmlns:xapMM='http://ns.adobe.com/xap/1.0/mm/' xapMM:DocumentID='uuid:1234'/>` +
		`</rdf:RDF></x:xmpmeta><?xpacket end='w'?>`

	data := xmpPDF(head + dc + rest)
	rec, err := pdf.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	assert.Equal(t, "GPL Ghostscript 9.04", rec.Fields["pdf.xmp.pdf:Producer"])
	assert.Equal(t, "Writer", rec.Fields["pdf.xmp.xmp:CreatorTool"])
	assert.Equal(t, "Bob", rec.Fields["pdf.xmp.dc:creator[0]"])
	assert.Equal(t, "uuid:1234", rec.Fields["pdf.xmp.xmpMM:DocumentID"], "xapMM is the old prefix of xmpMM")
	assert.Equal(t, []string{"xmp metadata: 1 characters not allowed in XML replaced by U+FFFD"}, rec.Problems)

	broken := strings.NewReplacer("</dc:title>", "</dc:titel>", "&#1;", "").Replace(head + dc + rest)
	data = xmpPDF(broken)
	rec, err = pdf.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	require.Len(t, rec.Problems, 1, "%q", rec.Problems)
	assert.Contains(t, rec.Problems[0], "xmp metadata: xmp: malformed packet")
	assert.Empty(t, rec.Fields["pdf.salvaged"])
	assert.Equal(t, "GPL Ghostscript 9.04", rec.Fields["pdf.info.Producer"])
}

// An XMP date in PDF syntax (xmp:CreateDate "D:20230405120000+02'00'")
// is the file's creation date when Info has none, not an unparsable date.
func TestXMPDateInPDFSyntax(t *testing.T) {
	packet := `<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>` +
		`<rdf:Description rdf:about='' xmlns:xmp='http://ns.adobe.com/xap/1.0/'><xmp:CreateDate>D:20230405120000+02'00'</xmp:CreateDate><xmp:ModifyDate>D:20230406130000Z</xmp:ModifyDate></rdf:Description>` +
		`</rdf:RDF></x:xmpmeta><?xpacket end='w'?>`
	data := xmpPDF(packet)
	rec, err := pdf.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	assert.Equal(t, "D:20230405120000+02'00'", rec.Fields["pdf.xmp.xmp:CreateDate"])
	assert.Equal(t, "2023-04-05T12:00:00+02:00", rec.Created.String())
	assert.Equal(t, "2023-04-06T13:00:00Z", rec.Modified.String())
	assert.Empty(t, rec.Problems)
}

// Each save of a file with incremental updates is restored: its Info and
// /ID, and what each update wrote. A signature's update writes no page
// content; an overpaint's does; a metadata edit writes Info and XMP only.
func TestRevisions(t *testing.T) {
	rec := extract(t, "multi-update.pdf")
	assert.Equal(t, "Bob Example", rec.Fields["pdf.revision[0].info.Author"])
	assert.Equal(t, "Mallory", rec.Fields["pdf.revision[1].info.Author"])
	assert.Equal(t, "Trudy (MuPDF)", rec.Fields["pdf.revision[2].info.Author"])
	assert.Equal(t, "Mallory Again", rec.Fields["pdf.revision[3].info.Author"])
	// The claims the file ends with, by the save they come from.
	assert.Equal(t, "3", rec.Fields["pdf.claim_save.Author"])
	assert.Equal(t, "1", rec.Fields["pdf.claim_save.Title"], "Forged Title since the first update")
	assert.Equal(t, "0", rec.Fields["pdf.claim_save.CreationDate"])
	assert.Equal(t, rec.Fields["pdf.revision[0].ID[0]"], rec.Fields["pdf.revision[3].ID[0]"], "the first /ID is kept")
	assert.NotEqual(t, rec.Fields["pdf.revision[0].ID[1]"], rec.Fields["pdf.revision[3].ID[1]"])
	assert.Equal(t, "info 1, xmp 1", rec.Fields["pdf.revision[1].written"])
	assert.Equal(t, "0", rec.Fields["pdf.revision[3].page_contents_written"])

	rec = extract(t, "signed.pdf")
	assert.Contains(t, rec.Fields["pdf.revision[1].written"], "signature 1")
	assert.Equal(t, "0", rec.Fields["pdf.revision[1].page_contents_written"])

	rec = extract(t, "overpainted.pdf")
	assert.Equal(t, "2", rec.Fields["pdf.revision[1].page_contents_written"])
	assert.Contains(t, rec.Fields["pdf.revision[1].written"], "font 1")

	rec = extract(t, "ghostscript.pdf")
	assert.Empty(t, rec.Fields.WithPrefix("pdf.revision["), "one save: nothing to restore")
}
