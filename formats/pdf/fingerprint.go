package pdf

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/docprov/docprov/formats/internal/producer"
	"github.com/docprov/docprov/provenance"
)

// Producer families the structural fingerprint can name.
const (
	FamilyLibreOffice   = "LibreOffice"
	FamilyMicrosoftWord = "Microsoft Word"
	FamilyMSPrintToPDF  = "Microsoft Print to PDF"
	FamilyAdobeAcrobat  = "Adobe Acrobat"
	FamilyAppleQuartz   = "Apple Quartz"
	FamilySkia          = "Skia"
	FamilyCairo         = "cairo"
	FamilyGhostscript   = "Ghostscript"
	FamilyPdfTeX        = "pdfTeX"
	FamilyLuaTeX        = "LuaTeX"
	FamilyXeTeX         = "XeTeX"
	FamilyReportLab     = "ReportLab"
	FamilyIText         = "iText"
	FamilyPDFlib        = "PDFlib"
	FamilyTCPDF         = "TCPDF"
	FamilyFPDF          = "FPDF"
	FamilyWkhtmltopdf   = "wkhtmltopdf"
	FamilyPrince        = "Prince"
	FamilyPdfcpu        = "pdfcpu"
	FamilyQPDF          = "qpdf"
	FamilyPyPDF         = "PyPDF"
	FamilyExifTool      = "ExifTool"
	FamilyMuPDF         = "MuPDF"
	FamilyImageMagick   = "ImageMagick"
	FamilyPDFium        = "PDFium"
	FamilyWeasyPrint    = "WeasyPrint"
	FamilyPdfLib        = "pdf-lib"
	FamilyGropdf        = "gropdf"
	FamilyApacheFOP     = "Apache FOP"
	FamilyJsPDF         = "jsPDF"
	FamilyFoxit         = "Foxit"
	FamilyAspose        = "Aspose"
	FamilyPDFBox        = "PDFBox"
	FamilyPoppler       = "Poppler"
)

// Families lists every family the fingerprint can report, for callers that
// validate or tabulate its output.
var Families = []string{
	FamilyLibreOffice, FamilyMicrosoftWord, FamilyMSPrintToPDF, FamilyAdobeAcrobat,
	FamilyAppleQuartz, FamilySkia, FamilyCairo, FamilyGhostscript, FamilyPdfTeX,
	FamilyLuaTeX, FamilyXeTeX, FamilyReportLab, FamilyIText, FamilyPDFlib, FamilyTCPDF,
	FamilyFPDF, FamilyWkhtmltopdf, FamilyPrince, FamilyPdfcpu, FamilyQPDF, FamilyPyPDF,
	FamilyExifTool, FamilyMuPDF, FamilyImageMagick, FamilyPDFium, FamilyWeasyPrint,
	FamilyPdfLib, FamilyGropdf, FamilyApacheFOP, FamilyJsPDF, FamilyFoxit, FamilyAspose,
	FamilyPDFBox, FamilyPoppler,
}

// minScore is the least evidence weight for naming a producer, and
// minTrace the least weight of surviving traces for naming the original
// producer of a rewritten file.
const (
	minScore = 3
	minTrace = 3
)

// ClaimedFamily maps a Producer (or, failing that, Creator) string to the
// family it claims, or "" when it names none the fingerprint knows. The
// claim is what a forger edits; the structural fingerprint is what they
// forget. A "; modified using X" suffix (iText's habit) claims X, the last
// writer.
func ClaimedFamily(producer string) string {
	a := strings.ToLower(strings.TrimSpace(producer))
	if a == "" {
		return ""
	}
	if i := strings.LastIndex(a, "; modified using "); i >= 0 {
		a = a[i+len("; modified using "):]
	}
	has := func(subs ...string) bool {
		for _, s := range subs {
			if strings.Contains(a, s) {
				return true
			}
		}
		return false
	}
	switch {
	case has("exiftool"):
		return FamilyExifTool
	case has("libreoffice", "openoffice", "neooffice", "staroffice", "collabora"):
		return FamilyLibreOffice
	case has("print to pdf"):
		return FamilyMSPrintToPDF
	case has("microsoft® word", "microsoft word", "microsoft® excel", "microsoft® powerpoint", "microsoft® office", "microsoft office"):
		return FamilyMicrosoftWord
	case has("quartz"):
		return FamilyAppleQuartz
	case has("skia/pdf"):
		return FamilySkia
	case has("cairo"):
		return FamilyCairo
	case has("ghostscript"):
		return FamilyGhostscript
	case has("pdftex"):
		return FamilyPdfTeX
	case has("luatex", "luahbtex", "luametatex"):
		return FamilyLuaTeX
	case has("xdvipdfmx", "dvipdfmx", "xetex"):
		return FamilyXeTeX
	case has("reportlab"):
		return FamilyReportLab
	case has("itext", "openpdf", "lowagie"):
		return FamilyIText
	case has("pdflib"):
		return FamilyPDFlib
	case has("tcpdf"):
		return FamilyTCPDF
	case has("fpdf"):
		return FamilyFPDF
	case has("wkhtmltopdf"), strings.HasPrefix(a, "qt "):
		return FamilyWkhtmltopdf
	case has("prince"):
		return FamilyPrince
	case has("pdfcpu"):
		return FamilyPdfcpu
	case has("qpdf", "pikepdf"):
		return FamilyQPDF
	case has("pypdf", "pybrary"):
		return FamilyPyPDF
	case has("mupdf"):
		return FamilyMuPDF
	case has("imagemagick"):
		return FamilyImageMagick
	case a == "pdfium":
		return FamilyPDFium
	case has("weasyprint"):
		return FamilyWeasyPrint
	case has("pdf-lib"):
		return FamilyPdfLib
	case has("gropdf"):
		return FamilyGropdf
	case has("apache fop"):
		return FamilyApacheFOP
	case has("jspdf"):
		return FamilyJsPDF
	case has("foxit"):
		return FamilyFoxit
	case has("aspose"):
		return FamilyAspose
	case has("pdfbox"):
		return FamilyPDFBox
	case has("poppler"):
		return FamilyPoppler
	case has("acrobat", "adobe pdf library", "distiller", "pdfmaker", "adobe indesign", "adobe illustrator", "adobe photoshop"):
		return FamilyAdobeAcrobat
	}
	return ""
}

// evidence is one observation for a family, with its weight. A trace is
// evidence that survives a full rewrite by another tool (font subset
// names, content-stream style, a trailer key a rewriter copies): it names
// the original producer when the writer evidence names another.
type evidence struct {
	family string
	weight int
	what   string
	trace  bool
}

// fpInput is what the fingerprint reads: bounded windows of the raw bytes
// and what the parse already found. It never tokenizes the file again.
type fpInput struct {
	head      []byte // the file's first fpHead bytes
	firstTail []byte // the fpTail bytes before the first save's %%EOF
	update    []byte // the last incremental update section, nil when none
	xt        *model.XRefTable
	r         io.ReaderAt
	size      int64
	content   []byte // the first page's decoded content, at most fpContent bytes
	fonts     []string
}

const (
	fpHead    = 16 << 10
	fpTail    = 8 << 10
	fpUpdate  = 256 << 10
	fpContent = 8 << 10
)

func readWindow(r io.ReaderAt, off, n int64) []byte {
	if n <= 0 || off < 0 {
		return nil
	}
	b := make([]byte, n)
	k, _ := r.ReadAt(b, off)
	return b[:k]
}

// newFPInput reads the byte windows the fingerprint needs.
func newFPInput(r io.ReaderAt, size int64, raw rawScan, xt *model.XRefTable, content []byte, fonts []string) *fpInput {
	in := &fpInput{r: r, size: size, xt: xt, content: content, fonts: fonts}
	in.head = readWindow(r, raw.HeaderOffset, min(size-raw.HeaderOffset, fpHead))
	first := 0
	if raw.Linearized && len(raw.Revisions) > 1 {
		first = 1
	}
	end := size
	if first < len(raw.Revisions) {
		end = raw.Revisions[first].End
	}
	start := max(end-fpTail, 0)
	in.firstTail = readWindow(r, start, end-start)
	if n := len(raw.Revisions); n > first+1 {
		from, to := raw.Revisions[n-2].End, raw.Revisions[n-1].End
		if to-from > fpUpdate {
			from = to - fpUpdate
		}
		in.update = readWindow(r, from, to-from)
	}
	return in
}

// headerComment returns the comment line after "%PDF-x.y" and the line
// end that follows the header.
func headerComment(head []byte) (comment []byte, eol string) {
	loc := headerRe.FindIndex(head)
	if loc == nil {
		return nil, ""
	}
	rest := head[loc[1]:]
	i := 0
	for i < len(rest) && rest[i] == ' ' {
		i++
	}
	j := i
	for j < len(rest) && (rest[j] == '\r' || rest[j] == '\n') {
		j++
	}
	eol = string(rest[i:j])
	if j < len(rest) && rest[j] == '%' {
		k := j
		for k < len(rest) && rest[k] != '\r' && rest[k] != '\n' {
			k++
		}
		comment = rest[j:k]
	}
	return comment, eol
}

// headerMarks maps the binary comment producers write after the header to
// the producer. Generic marks (Adobe's %âãÏÓ, which most libraries copy)
// are not here.
var headerMarks = []struct {
	mark   string
	family string
	weight int
}{
	{"%\xc3\xa4\xc3\xbc\xc3\xb6\xc3\x9f", FamilyLibreOffice, 4}, // äüöß in UTF-8
	{"%\xbf\xf7\xa2\xfe", FamilyQPDF, 4},
	{"%\x93\x8c\x8b\x9e ReportLab Generated PDF document", FamilyReportLab, 6},
	{"%\xc7\xec\x8f\xa2", FamilyGhostscript, 4},
	{"%\xb5\xed\xae\xfb", FamilyCairo, 4},
	{"%\xc4\xe5\xf2\xe5\xeb\xa7\xf3\xa0\xd0\xc4\xc6", FamilyAppleQuartz, 6}, // "Äåòåë§ó ÐÄÆ"
	{"%\xb5\xb5\xb5\xb5", FamilyMicrosoftWord, 4},
	{"%\xa1\xb3\xc5\xd7", FamilyPDFium, 4},
	{"%\xd3\xeb\xe9\xe1", FamilySkia, 4},
	{"%\xe1\xe9\xeb\xd3", FamilySkia, 4},
	{"%\xd0\xd4\xc5\xd8", FamilyPdfTeX, 5},                         // "PTEX" with the high bit set
	{"%\xcc\xd5\xc1\xd4\xc5\xd8\xd0\xc4\xc6", FamilyLuaTeX, 5},     // "LUATEXPDF"
	{"%\xc3\xcf\xce\xd4\xc5\xd8\xd4\xd0\xc4\xc6", FamilyLuaTeX, 5}, // "CONTEXTPDF" (LuaMetaTeX)
	{"%\xe4\xf0\xed\xf8", FamilyXeTeX, 5},                          // "dpmx"
	{"%\xe4\xe3\xcf\xd2", FamilyPDFlib, 4},
	{"%\xc2\xb5\xc2\xb6", FamilyMuPDF, 4}, // µ¶ in UTF-8
	{"%\xc3\xa2\xc3\xa3", FamilyWkhtmltopdf, 4},
	{"%\xf0\x9f\x96\xa4", FamilyWeasyPrint, 5}, // 🖤 (pydyf)
	{"%\x81\x81\x81\x81", FamilyPdfLib, 5},
	{"%\xba\xdf\xac\xe0", FamilyJsPDF, 5},
	{"%\xf6\xe4\xfc\xdf", FamilyPDFBox, 3}, // öäüß in Latin-1
	{"%\xc8\xc9\xca\xcb", FamilyAspose, 3},
}

var (
	loFirstObjRe    = regexp.MustCompile(`^\s*\d+ 0 obj\n<</Length \d+ 0 R/Filter/FlateDecode>>\nstream`)
	loIDRe          = regexp.MustCompile(`/ID \[ <[0-9A-F]+>\n<[0-9A-F]+> \]`)
	gsFirstObjRe    = regexp.MustCompile(`^\s*(%%Invocation:[^\n]*\n)?\d+ 0 obj\n<</Length \d+ 0 R/Filter /FlateDecode>>`)
	gsTrailerRe     = regexp.MustCompile(`trailer\s*<< /Size \d+ /Root \d+ 0 R /Info \d+ 0 R\n/ID \[<`)
	qpdfTrailerRe   = regexp.MustCompile(`trailer << /`)
	qpdfXRefRe      = regexp.MustCompile(`<< /Type /XRef /Length \d+ /Filter /FlateDecode /DecodeParms << /Columns \d /Predictor 12 >> /W \[`)
	lowerIDRe       = regexp.MustCompile(`/ID ?\[ ?<[0-9a-f]{32}> ?<[0-9a-f]{32}> ?\]`)
	pdfcpuXRefRe    = regexp.MustCompile(`/Filter/FlateDecode/ID\[<[0-9A-Fa-f]+> <[0-9A-Fa-f]+>\]/Index\[`)
	cairoDateRe     = regexp.MustCompile(`^D:\d{14}[+-]\d\d'\d\d$`)
	pdfcpuEndRe     = regexp.MustCompile(`endobj\n\nstartxref\n\d+\n%%EOF$`)
	pdfcpuRootRe    = regexp.MustCompile(`^\s*\d+ 0 obj\n<<(/Lang\([^)]*\))?(/MarkInfo<<[^>]*>>)?(/Metadata \d+ 0 R)?(/Names \d+ 0 R)?(/OpenAction[^/]*)?(/Outlines \d+ 0 R)?(/PageLabels \d+ 0 R)?(/PageLayout/\w+)?(/PageMode/\w+)?/Pages \d+ 0 R`)
	mupdfTrailerRe  = regexp.MustCompile(`\n\ntrailer\n<</Size \d+/`)
	skiaInfoRe      = regexp.MustCompile(`^\s*1 0 obj\n<</(Title|Creator|Producer|Author) \(`)
	cairoDictRe     = regexp.MustCompile(`<< /Length \d+ 0 R\n   /Filter /FlateDecode\n`)
	quartzObjRe     = regexp.MustCompile(`^\s*\d+ 0 obj\n<< /(Length \d+ 0 R /Filter /FlateDecode|Filter /FlateDecode /Length \d+) >>`)
	wordCatalogRe   = regexp.MustCompile(`^\s*1 0 obj\r\n<</Type/Catalog/Pages 2 0 R`)
	msPrintRe       = regexp.MustCompile(`\d+ 0 obj\r?\n\(Identity\)\r?\nendobj\r?\n\d+ 0 obj\r?\n\(Adobe\)`)
	acroLinRe       = regexp.MustCompile(`^\s*\d+ 0 obj\r<</Linearized 1/L \d+/O \d+/E \d+/N \d+/T \d+/H \[ \d+ \d+\]>>\rendobj`)
	acroXRefRe      = regexp.MustCompile(`<</DecodeParms<</Columns \d/Predictor 12>>/Filter/FlateDecode/ID\[<[0-9A-F]+><[0-9A-F]+>\]/Index\[`)
	fpdfPageRe      = regexp.MustCompile(`^\s*3 0 obj\n<</Type /Page\n/Parent 1 0 R\n`)
	fpdf2PagesRe    = regexp.MustCompile(`^\s*1 0 obj\n<<\n/Count \d+\n/Kids \[`)
	princeRe        = regexp.MustCompile(`^\n\n1 0 obj\n<</Type /Catalog\n/Pages 2 0 R`)
	wkTrailerRe     = regexp.MustCompile(`trailer\n<<\n/Size \d+ \n`)
	wkInfoRe        = regexp.MustCompile(`^\s*1 0 obj\n<<\n/Title \(`)
	pdftexLenRe     = regexp.MustCompile(`/Length \d+ {2,}\n`)
	imCatalogRe     = regexp.MustCompile(`^\s*1 0 obj\n<<\n/Pages 2 0 R\n/Type /Catalog\n>>`)
	imIDRe          = regexp.MustCompile(`/ID \[<[0-9a-f]{64}> <[0-9a-f]{64}>\]`)
	pdfiumCatRe     = regexp.MustCompile(`<</Pages \d+ 0 R /Type/Catalog>>`)
	pypdfPagesRe    = regexp.MustCompile(`^\s*1 0 obj\n<<\n(/Type /Pages\n/Count \d+\n/Kids \[ |/Kids \[ [^\]]*\]\n/Type /Pages\n|/Producer \(|/Author \()`)
	pypdfTrailerRe  = regexp.MustCompile(`trailer\n<<\n/Size \d+\n/Root \d+ 0 R\n`)
	gropdfObjRe     = regexp.MustCompile(`^\s*\d+ 0 obj << /`)
	itextObjRe      = regexp.MustCompile(`^\s*\d+ 0 obj\n<</Filter/FlateDecode/Length \d+>>stream\n`)
	itextTrailerRe  = regexp.MustCompile(`trailer\n<</Root \d+ 0 R/ID \[<[0-9a-f]+><[0-9a-f]+>\]/Info \d+ 0 R/Size \d+>>`)
	itextTrailer2Re = regexp.MustCompile(`trailer\n<</Size \d+/Root \d+ 0 R/Info \d+ 0 R/ID \[<[0-9a-f]+><[0-9a-f]+>\]>>`)
	itextIDRe       = regexp.MustCompile(`(R|<<)/ID \[<[0-9a-f]{32}><[0-9a-f]{32}>\]`)
	weasyObjRe      = regexp.MustCompile(`^\s*1 0 obj\n<<\n/Type /Pages\n/Kids \[`)

	// Subset prefixes: LibreOffice numbers its subsets BAAAAA, CAAAAA…
	// (Skia and ReportLab start the same sequence at AAAAAA); Qt counts in
	// the first two letters (QNAAAA).
	loSubsetRe = regexp.MustCompile(`^[B-Z]AAAAA\+`)
	qtSubsetRe = regexp.MustCompile(`^[A-Z][A-Z]AAAA\+`)
)

// Content-stream openings, as each producer begins a page. They survive
// any rewrite that keeps the page content (qpdf, pikepdf, pdfcpu, PyPDF,
// MuPDF), so they name the original producer of a rewritten file.
var contentStarts = []struct {
	re     *regexp.Regexp
	family string
	what   string
}{
	{regexp.MustCompile(`^0(\.1)? w\r?\n(/Artifact BMC\r?\n)?q 0 -?[\d.]+ [\d.]+ [\d.]+ re\r?\nW\* n`), FamilyLibreOffice, `page content opens "0.1 w q 0 … re W* n"`},
	{regexp.MustCompile(`^q 0\.(1|12|24) 0 0 0\.(1|12|24) 0 0 cm\n`), FamilyGhostscript, `page content opens "q 0.1 0 0 0.1 0 0 cm" (device resolution scale)`},
	{regexp.MustCompile(`^1 0 0 1 0 0 cm {1,2}BT /F\d+ [\d.]+ Tf [\d.]+ TL ET`), FamilyReportLab, `page content opens "1 0 0 1 0 0 cm  BT /F1 12 Tf 14.4 TL ET"`},
	{regexp.MustCompile(`^(1 0 0 -1 0 [\d.]+ cm\n)?q\n[\d. ]+ rg /a0 gs\n`), FamilyCairo, `page content opens "q … rg /a0 gs"`},
	{regexp.MustCompile(`^(/\w+ <</MCID \d+ >>BDC ?\r?\n)?q\n0\.24 0 0 -0\.24 0 [\d.]+ cm\n|^(q\n)?\.23999999 0 0 -\.23999999 0 [\d.]+ cm\n|^1 0 0 -1 0 [\d.]+ cm\nq\n(0 0 [\d.]+ [\d.]+ re\nW\*? n\nq\n)?\.75 0 0 \.75 0 0 cm\n`), FamilySkia, `page content opens with Skia's ".24"/".75" device scale`},
	{regexp.MustCompile(`^1 0 0 -1 0 [\d.]+ cm\nq\n0\.750000 0 0 0\.750000 0 0 cm\n`), FamilyWeasyPrint, `page content opens "1 0 0 -1 0 H cm q 0.750000 0 0 0.750000 0 0 cm"`},
	{regexp.MustCompile(`^q?\n?1 0 0 -1 0 [\d.]+ cm\nq\n1 0 0 1 [\d.]+ [\d.]+ cm\n`), FamilyApacheFOP, `page content opens "1 0 0 -1 0 H cm q 1 0 0 1 x y cm"`},
	{regexp.MustCompile(`^/GSa gs /CSp cs /CSp CS\n`), FamilyWkhtmltopdf, `page content opens "/GSa gs /CSp cs /CSp CS" (Qt)`},
	{regexp.MustCompile(`^q 1 0 0 1 0 0 cm\n1 J\n1 j\n`), FamilyGropdf, `page content opens "q 1 0 0 1 0 0 cm 1 J 1 j"`},
	{regexp.MustCompile(`^q BT /F\d+ [\d.]+ Tf ET 1\.00000 0\.00000`), FamilyPdfcpu, `page content written by pdfcpu's layout (five decimals)`},
	{regexp.MustCompile(`^ ?/\w+ <</MCID \d+(/Lang \([^)]*\))?>> BDC (q|BT|/GS\d+ gs)\r\n|^(/Artifact BMC )?q\r\n[\d.]+ [\d.]+ [\d.]+ [\d.]+ re\r\nW\* n\r\n`), FamilyMicrosoftWord, `page content opens "/P <</MCID 0>> BDC q" with CRLF`},
	{regexp.MustCompile(`^0\.750000 0\.000000 0\.000000 -0\.750000 0\.000000 [\d.]+ cm\n`), FamilyMSPrintToPDF, `page content opens "0.750000 0.000000 0.000000 -0.750000 …cm" (XPS scale)`},
	{regexp.MustCompile(`^q Q q `), FamilyAppleQuartz, `page content opens "q Q q"`},
	{regexp.MustCompile(`^0\.570000 w 0 J 0 j \[\] 0 d `), FamilyTCPDF, `page content opens "0.570000 w 0 J 0 j [] 0 d"`},
	{regexp.MustCompile(`^2 J\n0\.57 w\n`), FamilyFPDF, `page content opens "2 J 0.57 w"`},
	{regexp.MustCompile(`^0\.57 w\n0 G\n`), FamilyJsPDF, `page content opens "0.57 w 0 G"`},
	{regexp.MustCompile(`^BT\n/F\d+ [\d.]+ Tf [\d.]+ [\d.]+ Td ?\[`), FamilyPdfTeX, `page content opens "BT /Fn s Tf x y Td [" on one line`},
	{regexp.MustCompile(`^ q 1 0 0 1 [\d.]+ [\d.]+ cm `), FamilyXeTeX, `page content opens " q 1 0 0 1 x y cm" (dvipdfmx)`},
	{regexp.MustCompile(`^/opacity1 gs\n/Artifact BMC\n`), FamilyLuaTeX, `page content opens "/opacity1 gs /Artifact BMC"`},
	{regexp.MustCompile(`^(q\n)?(BT\n)?-?\d+\.\d{4} -?\d+\.\d{4} -?\d+\.\d{4} (rg|re)|^BT\n-?\d+\.\d{4} -?\d+\.\d{4} Td\n`), FamilyPrince, `page content numbers with four decimals`},
}

// Later content-stream habits, found anywhere in the first page.
var contentHabits = []struct {
	match  func(c []byte) bool
	family string
	weight int
	what   string
}{
	{func(c []byte) bool {
		return bytes.Contains(c, []byte(">>BDC \n")) || bytes.Contains(c, []byte(">>BDC \r\n"))
	}, FamilyAdobeAcrobat, 2, `marked content ">>BDC " then a line end (Adobe PDF Library)`},
	{func(c []byte) bool { return matchNear(adobeFontRe, c, " 1 Tf\n", 12, 0) }, FamilyAdobeAcrobat, 2, `fonts set at size 1 under a Tm scale (/TT0 1 Tf)`},
	{func(c []byte) bool { return matchNear(foxitResRe, c, "/FX", 0, 8) }, FamilyFoxit, 3, `Foxit resource names (/FXF1, /FXX1)`},
}

var (
	adobeFontRe = regexp.MustCompile(`(^|\n)/(TT|C0_|C2_|T1_)\d+(_\d+)? 1 Tf\n`)
	foxitResRe  = regexp.MustCompile(`/FX[FX]\d+ `)
)

// contentOpening is how much of the first page's content the opening
// rules look at.
const contentOpening = 256

// fingerprint infers the producing software family from the file's
// structure and records it, with its evidence, as an inferred producer.
// See the package documentation for the rules and how they were made.
func fingerprint(rec *provenance.Record, in *fpInput) {
	f := rec.Fields
	var ev []evidence
	add := func(fam string, w int, format string, args ...any) {
		ev = append(ev, evidence{family: fam, weight: w, what: fmt.Sprintf(format, args...)})
	}
	trace := func(fam string, w int, format string, args ...any) {
		ev = append(ev, evidence{family: fam, weight: w, what: fmt.Sprintf(format, args...), trace: true})
	}
	head := in.head
	// The trailer (or xref stream) dictionary of the first save: the
	// tail's rules run on it alone, not on the whole window.
	tail := trailerWindow(in.firstTail)
	afterHeader := head
	if loc := headerRe.FindIndex(head); loc != nil {
		afterHeader = head[loc[1]:]
	}
	comment, eol := headerComment(head)
	body := afterHeader
	if len(comment) > 0 {
		if i := bytes.Index(afterHeader, comment); i >= 0 {
			body = afterHeader[i+len(comment):]
		}
	}

	// Header.
	known := false
	for _, m := range headerMarks {
		if bytes.HasPrefix(comment, []byte(m.mark)) {
			add(m.family, m.weight, "header comment %q", m.mark)
			known = true
			break
		}
	}
	if !known && len(comment) > 0 {
		f.Set("pdf.fingerprint.header_comment", fmt.Sprintf("%q", comment))
	}
	generic := bytes.HasPrefix(comment, []byte("%\xe2\xe3\xcf\xd3"))
	hdrLine := head
	if loc := headerRe.FindIndex(head); loc != nil {
		hdrLine = head[loc[1]:]
	}
	if bytes.HasPrefix(hdrLine, []byte(" \n")) && len(comment) == 0 {
		add(FamilyImageMagick, 2, `header line "%%PDF-1.x " ends in a space, no binary comment`)
	}

	// LibreOffice.
	if bytes.Contains(tail, []byte("/DocChecksum /")) {
		if loIDRe.Match(tail) {
			add(FamilyLibreOffice, 4, "trailer /ID [ <…>\\n<…> ] with /DocChecksum")
		} else {
			trace(FamilyLibreOffice, 3, "trailer keeps LibreOffice's /DocChecksum")
		}
	}
	if loFirstObjRe.Match(body) {
		add(FamilyLibreOffice, 2, "first object a content stream <</Length n 0 R/Filter/FlateDecode>>")
	}

	// Ghostscript.
	if bytes.Contains(head[:min(len(head), 512)], []byte("%%Invocation:")) {
		add(FamilyGhostscript, 3, "%%%%Invocation comment")
	}
	if gsFirstObjRe.Match(body) {
		add(FamilyGhostscript, 3, "first object <</Length n 0 R/Filter /FlateDecode>>")
	}
	if gsTrailerRe.Match(tail) {
		add(FamilyGhostscript, 2, "trailer << /Size n /Root 1 0 R /Info 2 0 R\\n/ID [<…")
	}

	// qpdf and pikepdf.
	if qpdfTrailerRe.Match(tail) || qpdfXRefRe.Match(tail) {
		add(FamilyQPDF, 3, "trailer or xref stream dictionary in qpdf's spacing")
	}
	if matchNear(lowerIDRe, tail, "/ID", 0, 80) {
		add(FamilyQPDF, 1, "/ID in lower-case hex")
	}
	if bytes.Contains(tail, []byte("<31415926535897932384626433832795>")) {
		add(FamilyQPDF, 3, "pikepdf's static /ID (the digits of pi)")
	}
	if bytes.Contains(head, []byte("%QDF-1.0")) {
		add(FamilyQPDF, 5, "QDF mode")
	}

	// pdfcpu.
	if pdfcpuXRefRe.Match(tail) {
		add(FamilyPdfcpu, 4, "xref stream /Filter/FlateDecode/ID[<…> <…>]/Index[ (sorted keys)")
	}
	if pdfcpuEndRe.Match(in.firstTail[max(len(in.firstTail)-40, 0):]) {
		add(FamilyPdfcpu, 1, "blank line before startxref, no line end after %%%%EOF")
	}
	if generic && pdfcpuRootRe.Match(body) {
		add(FamilyPdfcpu, 2, "catalog written first with sorted keys")
	}

	// MuPDF.
	if bytes.Contains(in.firstTail, []byte("0000000000 65536 f")) {
		add(FamilyMuPDF, 4, "xref free-list head 0000000000 65536 f")
	}
	if mupdfTrailerRe.Match(in.firstTail[max(len(in.firstTail)-len(tail)-2, 0):]) {
		add(FamilyMuPDF, 1, "blank line before trailer")
	}

	// Skia.
	if bytes.Contains(head, []byte(">> stream\n")) || bytes.Contains(head, []byte(">> stream\r\n")) {
		add(FamilySkia, 3, `">> stream" on the dictionary's line`)
	}
	if skiaInfoRe.Match(body) && !wkInfoRe.Match(body) {
		add(FamilySkia, 1, "Info dictionary is object 1, written first")
	}

	// cairo.
	if cairoDictRe.Match(body) {
		add(FamilyCairo, 3, "stream dictionaries indented by three spaces")
	}
	if bytes.Contains(head, []byte("/Type /Page % ")) {
		add(FamilyCairo, 3, "page dictionary carries a %% n page comment")
	}

	// ReportLab.
	if bytes.Contains(in.firstTail, []byte("% ReportLab generated PDF document -- digest")) {
		add(FamilyReportLab, 3, "trailer comment %%%% ReportLab generated PDF document -- digest")
	}

	// Apple Quartz.
	if quartzObjRe.Match(body) && !cairoDictRe.Match(body) {
		add(FamilyAppleQuartz, 1, "first object << /Length … /Filter /FlateDecode >> on one line")
	}

	// Microsoft.
	if bytes.HasPrefix(comment, []byte("%\xb5\xb5\xb5\xb5")) && eol == "\r\n" {
		add(FamilyMicrosoftWord, 1, "CRLF line ends")
	}
	if wordCatalogRe.Match(body) {
		add(FamilyMicrosoftWord, 2, "catalog is object 1: <</Type/Catalog/Pages 2 0 R")
	}
	if bytes.Contains(head, []byte(`x:xmptk="3.1-70`)) || bytes.Contains(in.firstTail, []byte(`x:xmptk="3.1-70`)) {
		add(FamilyMicrosoftWord, 1, `XMP toolkit "3.1-70x"`)
	}
	if matchNear(msPrintRe, head, "(Identity)", 40, 60) {
		add(FamilyMSPrintToPDF, 5, "objects (Identity) and (Adobe) written as strings of their own")
	}

	// Adobe.
	if acroLinRe.Match(body) {
		add(FamilyAdobeAcrobat, 3, "linearization dictionary in Acrobat's compact CR style")
	} else if bytes.Count(head, []byte("\rendobj\r")) >= 3 {
		add(FamilyAdobeAcrobat, 1, "objects end with CR line ends")
	}
	if acroXRefRe.Match(tail) {
		add(FamilyAdobeAcrobat, 2, "xref stream <</DecodeParms<</Columns n/Predictor 12>>/Filter/FlateDecode/ID[<…><…>]")
	}
	if bytes.Contains(head, []byte(`x:xmptk="Adobe XMP Core`)) || bytes.Contains(in.firstTail, []byte(`x:xmptk="Adobe XMP Core`)) {
		add(FamilyAdobeAcrobat, 1, "XMP written by Adobe XMP Core")
	}

	// Libraries.
	if bytes.Contains(head, []byte("<< /Type /Page /Parent 1 0 R /LastModified (D:")) {
		add(FamilyTCPDF, 4, "page objects << /Type /Page /Parent 1 0 R /LastModified")
	}
	if len(comment) == 0 && fpdfPageRe.Match(afterHeader) {
		add(FamilyFPDF, 4, "no binary comment; page object 3 with /Parent 1 0 R first")
	}
	if fpdfPageRe.Match(body) && !bytes.HasPrefix(comment, []byte("%\xba\xdf\xac\xe0")) && len(comment) > 0 {
		add(FamilyFPDF, 2, "page object 3 with /Parent 1 0 R first")
	}
	if fpdf2PagesRe.Match(body) {
		add(FamilyFPDF, 3, "pages object 1 written first, keys one per line (fpdf2)")
	}
	if generic && princeRe.Match(body) {
		add(FamilyPrince, 4, "blank line after the header, then the catalog <</Type /Catalog\\n/Pages 2 0 R")
	}
	if wkTrailerRe.Match(tail) {
		add(FamilyWkhtmltopdf, 3, "trailer /Size n followed by a space (Qt)")
	}
	if wkInfoRe.Match(body) {
		add(FamilyWkhtmltopdf, 2, "Info dictionary first as object 1, /Title on its own line (Qt)")
	}
	if matchNear(pdftexLenRe, head, "  \n", 20, 1) {
		add(FamilyPdfTeX, 3, "stream /Length padded with spaces")
	}
	if imCatalogRe.Match(afterHeader) {
		add(FamilyImageMagick, 3, "catalog object 1, keys one per line: /Pages before /Type")
	}
	if imIDRe.Match(tail) {
		add(FamilyImageMagick, 2, "/ID halves of 64 lower-case hex digits")
	}
	if matchNear(pdfiumCatRe, head, "/Type/Catalog>>", 25, 15) {
		add(FamilyPDFium, 2, "catalog <</Pages n 0 R /Type/Catalog>>")
	}
	if (generic || len(comment) == 0) && pypdfPagesRe.Match(body) {
		add(FamilyPyPDF, 3, "object 1 first, keys one per line, arrays padded [ … ]")
	}
	if pypdfTrailerRe.Match(tail) && generic {
		add(FamilyPyPDF, 1, "trailer keys one per line: /Size, /Root")
	}
	if gropdfObjRe.Match(body) {
		add(FamilyGropdf, 3, `"n 0 obj << /" on one line`)
	}
	if itextObjRe.Match(body) && generic {
		add(FamilyIText, 2, "first object <</Filter/FlateDecode/Length n>>stream (sorted keys, stream on the same line)")
	}
	if itextTrailerRe.Match(tail) || itextTrailer2Re.Match(tail) {
		add(FamilyIText, 2, "trailer with lower-case hex /ID in iText's key order")
	}
	if matchNear(itextIDRe, tail, "/ID [<", 2, 70) {
		add(FamilyIText, 3, "compact trailer with /ID [<lower-case hex><…>]")
	}
	if bytes.Contains(head, []byte("/ITXT(")) {
		add(FamilyIText, 4, "pages dictionary carries /ITXT (OpenPDF's version stamp)")
	}
	if !bytes.HasPrefix(comment, []byte("%\xa1\xb3\xc5\xd7")) {
		switch streamStyle(head) {
		case ">>stream\r\n":
			add(FamilyAdobeAcrobat, 2, `">>stream" then CRLF`)
		case ">>stream\n":
			if generic || len(comment) == 0 {
				add(FamilyIText, 2, `">>stream" then LF`)
			}
		}
	}
	if bytes.Contains(in.firstTail, []byte("%iText-")) {
		add(FamilyIText, 3, "%%iText- version comment")
	}
	if weasyObjRe.Match(body) && !generic {
		add(FamilyWeasyPrint, 1, "pages object 1 written first")
	}

	// Traces that survive a rewrite.
	lo, qt, aaaaaa := 0, 0, false
	for _, name := range in.fonts {
		aaaaaa = aaaaaa || strings.HasPrefix(name, "AAAAAA+")
	}
	for _, name := range in.fonts {
		if loSubsetRe.MatchString(name) && !aaaaaa {
			lo++
		} else if qtSubsetRe.MatchString(name) && !strings.HasPrefix(name, "AAAAAA+") {
			qt++
		}
	}
	if lo > 0 {
		trace(FamilyLibreOffice, 2, "font subsets named in LibreOffice's sequence (BAAAAA+…), %d", lo)
	}
	if qt > 0 && lo == 0 {
		trace(FamilyWkhtmltopdf, 1, "font subsets named in Qt's sequence (QNAAAA+…), %d", qt)
	}
	if c := in.content; len(c) > 0 {
		opening := c[:min(len(c), contentOpening)]
		for _, cs := range contentStarts {
			if cs.re.Match(opening) {
				trace(cs.family, 3, "%s", cs.what)
				break
			}
		}
		for _, h := range contentHabits {
			if h.match(c) {
				trace(h.family, h.weight, "%s", h.what)
			}
		}
	}
	// Date habits, weak: the dates are metadata a forger may rewrite.
	switch d := f["pdf.info.CreationDate"]; {
	case strings.HasSuffix(d, "Z'"):
		trace(FamilyLibreOffice, 1, `Info date ends "Z'" (LibreOffice in UTC)`)
	case cairoDateRe.MatchString(d):
		trace(FamilyCairo, 1, `Info date offset without the closing quote (+HH'mm)`)
	}
	if b := strings.ToLower(f["pdf.info.PTEX.Fullbanner"]); b != "" {
		// The banner names the engine: pdfTeX and LuaTeX both write it.
		if strings.Contains(b, "luatex") || strings.Contains(b, "luahbtex") {
			trace(FamilyLuaTeX, 3, "Info /PTEX.Fullbanner of LuaTeX")
		} else {
			trace(FamilyPdfTeX, 3, "Info /PTEX.Fullbanner")
		}
	}
	if in.xt != nil {
		if cat := in.catalog(); cat != nil {
			if oa, ok := cat.Find("OpenAction"); ok {
				if arr, ok := oa.(types.Array); ok && len(arr) == 5 {
					if n, ok := arr[1].(types.Name); ok && n == "XYZ" && arr[2] == nil && arr[3] == nil {
						trace(FamilyLibreOffice, 1, "catalog /OpenAction [page /XYZ null null 0]")
					}
				}
			}
		}
	}

	// Decide.
	writer, total, traces := map[string]int{}, map[string]int{}, map[string]int{}
	for _, e := range ev {
		total[e.family] += e.weight
		if e.trace {
			traces[e.family] += e.weight
		} else {
			writer[e.family] += e.weight
		}
	}
	ranked := producer.Rank(total)
	for i, fam := range ranked {
		if i >= 4 {
			break
		}
		f.Set(fmt.Sprintf("pdf.fingerprint.score[%s]", fam), strconv.Itoa(total[fam]))
	}
	best := ""
	if w := producer.Rank(writer); len(w) > 0 && writer[w[0]] >= minScore {
		best = w[0]
	} else if len(ranked) > 0 && total[ranked[0]] >= minScore {
		best = ranked[0]
	}
	claimed := claimedFamily(f)
	if claimed != "" {
		f.Set("pdf.fingerprint.claimed", claimed)
	}
	if best == "" {
		f.Set("pdf.fingerprint.producer", "unknown")
	} else {
		f.Set("pdf.fingerprint.producer", best)
		i := 0
		for _, e := range ev {
			if e.family == best {
				f.Set(fmt.Sprintf("pdf.fingerprint.evidence[%d]", i), fmt.Sprintf("%s (+%d)", e.what, e.weight))
				i++
			}
		}
		if claimed != "" {
			f.Set("pdf.fingerprint.agrees", strconv.FormatBool(claimed == best))
		}
		rec.AddSoftware(provenance.RoleProducer, best, "pdf.fingerprint.producer")
		// The original producer of a rewritten file: the family whose
		// rewrite-proof traces remain under another writer's structure.
		if t := producer.Rank(traces); len(t) > 0 && t[0] != best && traces[t[0]] >= minTrace {
			orig := t[0]
			f.Set("pdf.fingerprint.original", orig)
			i := 0
			for _, e := range ev {
				if e.family == orig {
					f.Set(fmt.Sprintf("pdf.fingerprint.original.evidence[%d]", i), fmt.Sprintf("%s (+%d)", e.what, e.weight))
					i++
				}
			}
		}
	}
	if in.update != nil {
		updater(f, in.update)
	}
}

// trailerWindow returns the part of the first save's tail that holds its
// trailer dictionary: from the last "trailer" keyword, or around the last
// xref stream dictionary, or the last 2 KiB.
func trailerWindow(tail []byte) []byte {
	if i := bytes.LastIndex(tail, []byte("trailer")); i >= 0 {
		return tail[i:]
	}
	if i := bytes.LastIndex(tail, []byte("/XRef")); i >= 0 {
		return tail[max(i-2048, 0):min(i+2048, len(tail))]
	}
	return tail[max(len(tail)-2048, 0):]
}

// matchNear runs re only on windows around the first occurrences of a
// literal the match must contain: an unanchored regular expression over
// kilobytes of binary bytes costs more than the rest of the fingerprint.
func matchNear(re *regexp.Regexp, b []byte, lit string, before, after int) bool {
	off := 0
	for n := 0; n < 16; n++ {
		i := bytes.Index(b[off:], []byte(lit))
		if i < 0 {
			return false
		}
		i += off
		if re.Match(b[max(i-before, 0):min(i+len(lit)+after, len(b))]) {
			return true
		}
		off = i + len(lit)
	}
	return false
}

// streamStyle returns how the first stream keyword is written: what ends
// its dictionary before it and the line end after it (">>stream\r\n").
func streamStyle(b []byte) string {
	off := 0
	for n := 0; n < 8; n++ {
		i := bytes.Index(b[off:], []byte("stream"))
		if i < 0 {
			return ""
		}
		i += off
		off = i + 6
		if i >= 3 && string(b[i-3:i]) == "end" {
			continue
		}
		j := i
		for j > 0 && j > i-3 && (b[j-1] == ' ' || b[j-1] == '\r' || b[j-1] == '\n') {
			j--
		}
		if j < 2 || string(b[j-2:j]) != ">>" {
			continue
		}
		k := i + 6
		for k < len(b) && k < i+8 && (b[k] == '\r' || b[k] == '\n') {
			k++
		}
		return string(b[j-2 : k])
	}
	return ""
}

// updater names the tool that wrote the last incremental update, from the
// update section's own bytes.
func updater(f provenance.Fields, upd []byte) {
	var fam, what string
	switch {
	case bytes.Contains(upd, []byte("%BeginExifToolUpdate")):
		fam, what = FamilyExifTool, "update framed by %BeginExifToolUpdate … %EndExifToolUpdate"
	case bytes.Contains(upd, []byte("%iText-")):
		fam, what = FamilyIText, "update ends with an %iText- version comment"
	case bytes.Contains(upd, []byte(">> \r\nendobj\r\n")):
		fam, what = FamilyPoppler, `update objects end ">> " CRLF "endobj" (poppler's XRef writer)`
	case bytes.Contains(upd, []byte("0000000000 65536 f")) || bytes.Contains(upd, []byte("\n\ntrailer\n<</")):
		fam, what = FamilyMuPDF, "update in MuPDF's layout (blank line before a compact trailer)"
	case bytes.Count(upd, []byte("\rendobj\r")) >= 2:
		fam, what = FamilyAdobeAcrobat, "update objects end with CR line ends"
	case bytes.Contains(upd, []byte("/DocChecksum /")):
		fam, what = FamilyLibreOffice, "update trailer carries /DocChecksum"
	}
	if fam == "" {
		f.Set("pdf.fingerprint.updater", "unknown")
		return
	}
	f.Set("pdf.fingerprint.updater", fam)
	f.Set("pdf.fingerprint.updater.evidence[0]", what)
}

// claimedFamily is the family the Producer claims, Info first, then XMP,
// then the Creator when the Producer names none.
func claimedFamily(f provenance.Fields) string {
	for _, k := range []string{"pdf.info.Producer", "pdf.xmp.pdf:Producer", "pdf.info.Creator", "pdf.xmp.xmp:CreatorTool"} {
		if fam := ClaimedFamily(f[k]); fam != "" {
			return fam
		}
	}
	return ""
}

func (in *fpInput) catalog() types.Dict {
	defer func() { _ = recover() }()
	d, err := in.xt.Catalog()
	if err != nil {
		return nil
	}
	return d
}
