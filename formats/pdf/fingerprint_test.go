package pdf_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/pdf"
	"github.com/docprov/docprov/provenance"
)

// producerFixtures are made by testdata/pdf/producers/make.sh.
const producerFixtures = "../../testdata/pdf/producers"

func extractFile(t testing.TB, path string) *provenance.Record {
	t.Helper()
	return formattest.ExtractFile(t, pdf.Format{}, path)
}

func TestFingerprintFixtures(t *testing.T) {
	tests := []struct {
		file, producer, original, updater string
	}{
		{"producers/libreoffice-a.pdf", pdf.FamilyLibreOffice, "", ""},
		{"producers/libreoffice-b.pdf", pdf.FamilyLibreOffice, "", ""},
		{"producers/reportlab.pdf", pdf.FamilyReportLab, "", ""},
		{"producers/cairo.pdf", pdf.FamilyCairo, "", ""},
		{"producers/ghostscript.pdf", pdf.FamilyGhostscript, "", ""},
		{"producers/mupdf.pdf", pdf.FamilyMuPDF, "", ""},
		{"producers/pdfcpu.pdf", pdf.FamilyPdfcpu, "", ""},
		{"producers/imagemagick.pdf", pdf.FamilyImageMagick, "", ""},
		{"producers/skia.pdf", pdf.FamilySkia, "", ""},
		{"producers/wkhtmltopdf.pdf", pdf.FamilyWkhtmltopdf, "", ""},
		{"producers/gropdf.pdf", pdf.FamilyGropdf, "", ""},
		// Rewrites of libreoffice-a.pdf: the rewriter's structure, the
		// original's traces.
		{"producers/qpdf-rewrite.pdf", pdf.FamilyQPDF, pdf.FamilyLibreOffice, ""},
		{"producers/qpdf-objstreams.pdf", pdf.FamilyQPDF, pdf.FamilyLibreOffice, ""},
		{"producers/pikepdf-rewrite.pdf", pdf.FamilyQPDF, pdf.FamilyLibreOffice, ""},
		{"producers/pypdf-rewrite.pdf", pdf.FamilyPyPDF, pdf.FamilyLibreOffice, ""},
		{"producers/pdfcpu-rewrite.pdf", pdf.FamilyPdfcpu, pdf.FamilyLibreOffice, ""},
		{"producers/mupdf-rewrite.pdf", pdf.FamilyMuPDF, pdf.FamilyLibreOffice, ""},
		// Ghostscript and cairo re-render the pages: nothing of the
		// original survives that the fingerprint reads.
		{"producers/ghostscript-rewrite.pdf", pdf.FamilyGhostscript, "", ""},
		{"producers/cairo-rewrite.pdf", pdf.FamilyCairo, "", ""},
		{"producers/libreoffice-a-resaved.pdf", pdf.FamilyLibreOffice, "", ""},
		{"producers/inherited-id.pdf", pdf.FamilyQPDF, pdf.FamilyLibreOffice, ""},
		// Incremental updates keep the first revision's producer.
		{"producers/exiftool-update.pdf", pdf.FamilyLibreOffice, "", pdf.FamilyExifTool},
		{"producers/mupdf-update.pdf", pdf.FamilyReportLab, "", pdf.FamilyMuPDF},
		// The older fixtures of testdata/pdf.
		{"reportlab.pdf", pdf.FamilyReportLab, "", ""},
		{"libreoffice.pdf", pdf.FamilyLibreOffice, "", ""},
		{"libreoffice-pdfa.pdf", pdf.FamilyLibreOffice, "", ""},
		{"ghostscript.pdf", pdf.FamilyGhostscript, "", ""},
		{"pdfcpu.pdf", pdf.FamilyPdfcpu, "", ""},
		{"qpdf-objstreams.pdf", pdf.FamilyQPDF, pdf.FamilyReportLab, ""},
		{"qpdf-linearized.pdf", pdf.FamilyQPDF, pdf.FamilyReportLab, ""},
		{"exiftool-edited.pdf", pdf.FamilyGhostscript, "", pdf.FamilyExifTool},
		{"multi-update.pdf", pdf.FamilyGhostscript, "", pdf.FamilyExifTool},
		{"signed.pdf", pdf.FamilyGhostscript, "", pdf.FamilyPoppler},
		{"signed-then-modified.pdf", pdf.FamilyGhostscript, "", pdf.FamilyExifTool},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rec := extractFile(t, filepath.Join(fixtures, tt.file))
			f := rec.Fields
			assert.Equal(t, tt.producer, f["pdf.fingerprint.producer"], "evidence: %v", f.WithPrefix("pdf.fingerprint."))
			assert.Equal(t, tt.original, f["pdf.fingerprint.original"])
			if tt.updater != "" {
				assert.Equal(t, tt.updater, f["pdf.fingerprint.updater"])
			} else {
				assert.NotContains(t, []string{pdf.FamilyExifTool, pdf.FamilyMuPDF}, f["pdf.fingerprint.updater"])
			}
			assert.NotEmpty(t, f["pdf.fingerprint.evidence[0]"])
			var inferred []provenance.Software
			for _, s := range rec.Software {
				if s.Inferred() {
					inferred = append(inferred, s)
				}
			}
			require.Len(t, inferred, 1)
			assert.Equal(t, tt.producer, inferred[0].Raw)
			assert.Equal(t, "pdf.fingerprint.producer", inferred[0].Source)
		})
	}
}

func TestFingerprintAgreesWithClaim(t *testing.T) {
	rec := extractFile(t, filepath.Join(producerFixtures, "libreoffice-a.pdf"))
	assert.Equal(t, pdf.FamilyLibreOffice, rec.Fields["pdf.fingerprint.claimed"])
	assert.Equal(t, "true", rec.Fields["pdf.fingerprint.agrees"])

	// pikepdf left LibreOffice's Producer in place: the claim is
	// LibreOffice, the structure qpdf's.
	rec = extractFile(t, filepath.Join(producerFixtures, "pikepdf-rewrite.pdf"))
	assert.Equal(t, pdf.FamilyLibreOffice, rec.Fields["pdf.fingerprint.claimed"])
	assert.Equal(t, "false", rec.Fields["pdf.fingerprint.agrees"])
	assert.Equal(t, pdf.FamilyLibreOffice, rec.Fields["pdf.fingerprint.original"])
	assert.NotEmpty(t, rec.Fields["pdf.fingerprint.original.evidence[0]"])
}

func TestClaimedFamily(t *testing.T) {
	for in, want := range map[string]string{
		"LibreOffice 7.4":                                      pdf.FamilyLibreOffice,
		"OpenOffice.org 3.4.1":                                 pdf.FamilyLibreOffice,
		"Microsoft® Word for Microsoft 365":                    pdf.FamilyMicrosoftWord,
		"Microsoft: Print To PDF":                              pdf.FamilyMSPrintToPDF,
		"Acrobat Distiller 10.1.16 (Windows)":                  pdf.FamilyAdobeAcrobat,
		"Adobe PDF Library 17.0":                               pdf.FamilyAdobeAcrobat,
		"macOS Version 12.5.1 (Build 21G83) Quartz PDFContext": pdf.FamilyAppleQuartz,
		"Skia/PDF m116":                                        pdf.FamilySkia,
		"cairo 1.16.0 (https://cairographics.org)":             pdf.FamilyCairo,
		"GPL Ghostscript 10.00.0":                              pdf.FamilyGhostscript,
		"pdfTeX-1.40.25":                                       pdf.FamilyPdfTeX,
		"luahbtex-1.22.0":                                      pdf.FamilyLuaTeX,
		"xdvipdfmx (20240305)":                                 pdf.FamilyXeTeX,
		"ReportLab PDF Library - www.reportlab.com":            pdf.FamilyReportLab,
		"iText® 5.5.9 ©2000-2015 iText Group NV":               pdf.FamilyIText,
		"GPL Ghostscript 9.05; modified using iText® 5":        pdf.FamilyIText,
		"Qt 5.15.8":               pdf.FamilyWkhtmltopdf,
		"pikepdf 9.5.2":           pdf.FamilyQPDF,
		"pypdf":                   pdf.FamilyPyPDF,
		"https://imagemagick.org": pdf.FamilyImageMagick,
		"PDFium":                  pdf.FamilyPDFium,
		"Image::ExifTool 12.57":   pdf.FamilyExifTool,
		"":                        "",
		"Some Unknown Writer 1.0": "",
	} {
		assert.Equal(t, want, pdf.ClaimedFamily(in), in)
	}
}

// TestFingerprintConfusion builds the table of claimed family (the
// Producer, or the Creator when the Producer names no family) against the
// fingerprint's family over the shared corpus, logs it, and holds the
// accuracy to the floor measured when the rules were made. A claim is
// not ground truth: many corpus files were rewritten by Acrobat, qpdf or
// MuPDF after the claimed producer wrote them, so "explained" also counts
// a file whose original (the traces under a rewrite) or updater (the tool
// of the last incremental update, as in iText's "; modified using") is
// the claim.
func TestFingerprintConfusion(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(formattest.CorpusDir(t, "files", "pdf"), "*.pdf"))
	table := map[string]map[string]int{}
	var claimed, strict, explained, unknown int
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		rec, err := pdf.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
		if err != nil {
			continue
		}
		f := rec.Fields
		c, fp, orig, upd := f["pdf.fingerprint.claimed"], f["pdf.fingerprint.producer"], f["pdf.fingerprint.original"], f["pdf.fingerprint.updater"]
		require.NotEmpty(t, fp, p)
		row := c
		if row == "" {
			row = "(none)"
		}
		if table[row] == nil {
			table[row] = map[string]int{}
		}
		table[row][fp]++
		if c == "" || c == pdf.FamilyExifTool {
			continue
		}
		claimed++
		switch {
		case fp == c:
			strict++
			explained++
		case orig == c || upd == c:
			explained++
		case fp == "unknown":
			unknown++
		}
	}
	rows := make([]string, 0, len(table))
	for r := range table {
		rows = append(rows, r)
	}
	sort.Strings(rows)
	var b strings.Builder
	for _, r := range rows {
		cols := make([]string, 0, len(table[r]))
		for c := range table[r] {
			cols = append(cols, c)
		}
		sort.Slice(cols, func(i, j int) bool {
			return table[r][cols[i]] > table[r][cols[j]] || table[r][cols[i]] == table[r][cols[j]] && cols[i] < cols[j]
		})
		fmt.Fprintf(&b, "%-24s", r)
		for _, c := range cols {
			fmt.Fprintf(&b, " %s=%d", c, table[r][c])
		}
		b.WriteString("\n")
	}
	t.Logf("claimed family -> fingerprint family\n%s", b.String())
	t.Logf("files with a known claim: %d; fingerprint = claim: %d (%.1f%%); claim explained (fingerprint or original): %d (%.1f%%); unknown: %d",
		claimed, strict, 100*float64(strict)/float64(claimed), explained, 100*float64(explained)/float64(claimed), unknown)
	assert.GreaterOrEqual(t, 100*float64(strict)/float64(claimed), strictFloor)
	assert.GreaterOrEqual(t, 100*float64(explained)/float64(claimed), explainedFloor)
}

// The accuracy floors measured on the shared corpus when the rules were
// last changed (see TestFingerprintConfusion); a rule change that lowers
// them should say why.
const (
	strictFloor    = 70.0
	explainedFloor = 81.0
)

// TestFingerprintNoFalsePositives runs every fixture and checks that a
// family with a distinctive writer (LibreOffice, ReportLab, …) is only
// named for the files that family really wrote.
func TestFingerprintNoFalsePositives(t *testing.T) {
	made := map[string]string{
		"libreoffice": pdf.FamilyLibreOffice, "reportlab": pdf.FamilyReportLab, "cairo": pdf.FamilyCairo,
		"ghostscript": pdf.FamilyGhostscript, "qpdf": pdf.FamilyQPDF, "pikepdf": pdf.FamilyQPDF,
		"inherited-id": pdf.FamilyQPDF, "pdfcpu": pdf.FamilyPdfcpu, "mupdf": pdf.FamilyMuPDF, "imagemagick": pdf.FamilyImageMagick,
		"skia": pdf.FamilySkia, "wkhtmltopdf": pdf.FamilyWkhtmltopdf, "pypdf": pdf.FamilyPyPDF, "gropdf": pdf.FamilyGropdf,
	}
	paths, _ := filepath.Glob(filepath.Join(producerFixtures, "*.pdf"))
	require.NotEmpty(t, paths)
	for _, p := range paths {
		name := filepath.Base(p)
		fp := extractFile(t, p).Fields["pdf.fingerprint.producer"]
		allowed, distinctive := false, false
		for prefix, fam := range made {
			if fp == fam {
				distinctive = true
				// Updates keep the body's producer.
				allowed = allowed || strings.HasPrefix(name, prefix) || strings.HasSuffix(name, "-update.pdf")
			}
		}
		if distinctive && !allowed {
			t.Errorf("%s: fingerprint says %s", name, fp)
		}
	}
}

func TestContentDigest(t *testing.T) {
	digest := func(name string) provenance.Fields {
		t.Helper()
		f := extractFile(t, filepath.Join(producerFixtures, name)).Fields
		require.Len(t, f["content.sha256"], 64, name)
		assert.Empty(t, f["content.truncated"], name)
		assert.Empty(t, f["content.incomplete"], name)
		return f
	}
	a := digest("libreoffice-a.pdf")
	assert.Equal(t, "1", a["content.pages"])
	assert.Equal(t, a["content.sha256"] != "", a["content.pages_sha256[0]"] != "")
	// The same pages saved again by LibreOffice, rewritten by other tools
	// (object streams, recompression, renumbering) or updated in place.
	for _, name := range []string{
		"libreoffice-a-resaved.pdf", "qpdf-rewrite.pdf", "qpdf-objstreams.pdf", "pikepdf-rewrite.pdf",
		"pypdf-rewrite.pdf", "pdfcpu-rewrite.pdf", "mupdf-rewrite.pdf", "exiftool-update.pdf",
	} {
		assert.Equal(t, a["content.sha256"], digest(name)["content.sha256"], name)
	}
	// A different document, and a different document that inherited A's
	// /ID: the /ID says "same document", the pages say otherwise.
	b := digest("libreoffice-b.pdf")
	assert.NotEqual(t, a["content.sha256"], b["content.sha256"])
	inh := digest("inherited-id.pdf")
	assert.Equal(t, a["pdf.trailer.ID[0]"], inh["pdf.trailer.ID[0]"])
	assert.NotEqual(t, a["content.sha256"], inh["content.sha256"])
	assert.Equal(t, b["content.sha256"], inh["content.sha256"])
	// Ghostscript re-renders the page: same look, different content.
	assert.NotEqual(t, a["content.sha256"], digest("ghostscript-rewrite.pdf")["content.sha256"])
	// Two pages that each paint one image with the same operators, as
	// every scan does: the images tell them apart.
	im, imB := digest("imagemagick.pdf"), digest("imagemagick-b.pdf")
	assert.NotEqual(t, im["content.sha256"], imB["content.sha256"])
	assert.NotEqual(t, im["content.pages_sha256[0]"], imB["content.pages_sha256[0]"])
	// A page that paints nothing (pikepdf's blank page) has no digest:
	// blank pages are alike in every file.
	blank := extractFile(t, filepath.Join(fixtures, "utf16-info.pdf")).Fields
	assert.Equal(t, "1", blank["content.pages"])
	assert.Empty(t, blank["content.sha256"])
	assert.Empty(t, blank["content.pages_sha256[0]"])
}

func TestContentDigestMultiPage(t *testing.T) {
	f := extractFile(t, filepath.Join(fixtures, "reportlab.pdf")).Fields
	assert.Equal(t, "2", f["content.pages"])
	assert.NotEqual(t, f["content.pages_sha256[0]"], f["content.pages_sha256[1]"])
	// qpdf's object streams keep the pages' content.
	g := extractFile(t, filepath.Join(fixtures, "qpdf-objstreams.pdf")).Fields
	assert.Equal(t, f["content.sha256"], g["content.sha256"])
}
