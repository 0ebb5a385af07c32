package provenance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestReleasesTable checks the embedded table row by row: it parses, every
// row has a date in [1985, 2026-12-31] at UTC midnight and an http(s) source,
// and no (kind, name, version) appears twice.
func TestReleasesTable(t *testing.T) {
	idx, err := parseReleases(releasesTSV)
	require.NoError(t, err, "releases.tsv must parse")
	rows := Releases()
	require.Equal(t, len(idx.all), len(rows))

	lo, hi := day("1985-01-01"), day("2026-12-31")
	counts := map[string]int{}
	seen := map[string]bool{}
	for _, r := range rows {
		what := fmt.Sprintf("%s %q %q", r.Kind, r.Name, r.Version)
		counts[r.Kind]++
		assert.Contains(t, []string{ReleaseSoftware, ReleaseNamespace, ReleaseFont}, r.Kind, what)
		assert.False(t, r.Date.Before(lo) || r.Date.After(hi), "%s: date %s out of range", what, r.Date.Format(time.DateOnly))
		assert.Equal(t, time.UTC, r.Date.Location(), what)
		assert.Equal(t, r.Date, r.Date.Truncate(24*time.Hour), "%s: not midnight", what)
		assert.True(t, strings.HasPrefix(r.Source, "https://") || strings.HasPrefix(r.Source, "http://"), "%s: source %q", what, r.Source)
		key := r.Kind + "|" + strings.ToLower(r.Name) + "|" + strings.ToLower(r.Version)
		assert.False(t, seen[key], "%s: duplicate", what)
		seen[key] = true
		if r.Kind == ReleaseSoftware {
			assert.NotEmpty(t, r.Version, what)
		} else {
			assert.Empty(t, r.Version, what)
		}
		if r.Kind == ReleaseNamespace {
			assert.True(t, strings.HasPrefix(r.Name, "http://") || strings.HasPrefix(r.Name, "https://"), "%s: namespace is not a URI", what)
		}
		// A date whose day is not known is the earliest it could be, and
		// says so.
		if strings.Contains(strings.ToLower(r.Note), "approximate") {
			assert.Equal(t, 1, r.Date.Day(), "%s: an approximate date is the first of its month", what)
		}
	}
	assert.GreaterOrEqual(t, len(rows), 250)
	assert.GreaterOrEqual(t, counts[ReleaseNamespace], 20)
	assert.GreaterOrEqual(t, counts[ReleaseFont], 15)
	t.Logf("%d rows: %d software, %d namespace, %d font", len(rows), counts[ReleaseSoftware], counts[ReleaseNamespace], counts[ReleaseFont])

	// Releases hands out a copy.
	rows[0].Name = "changed"
	assert.NotEqual(t, "changed", Releases()[0].Name)
}

// TestParseReleasesRejects checks that a bad row is an error, not a panic or
// a silently wrong table.
func TestParseReleasesRejects(t *testing.T) {
	const header = "kind\tname\tversion\tdate\tsource\tnote\n"
	good := "software\tFoo\t1.0\t2001-02-03\thttps://example.org/foo\t\n"
	idx, err := parseReleases([]byte("# comment\n\n" + header + good + "# another\n"))
	require.NoError(t, err)
	require.Len(t, idx.all, 1)
	assert.Equal(t, day("2001-02-03"), idx.all[0].Date)

	bad := map[string]string{
		"no header":          good,
		"wrong header":       "kind\tname\tdate\tsource\tnote\n" + good,
		"too few fields":     header + "software\tFoo\t1.0\t2001-02-03\thttps://example.org/foo\n",
		"too many fields":    header + "software\tFoo\t1.0\t2001-02-03\thttps://example.org/foo\tnote\textra\n",
		"bad date":           header + "software\tFoo\t1.0\t2001-02-30\thttps://example.org/foo\t\n",
		"date format":        header + "software\tFoo\t1.0\t03/02/2001\thttps://example.org/foo\t\n",
		"unknown kind":       header + "program\tFoo\t1.0\t2001-02-03\thttps://example.org/foo\t\n",
		"no name":            header + "software\t\t1.0\t2001-02-03\thttps://example.org/foo\t\n",
		"software no vers":   header + "software\tFoo\t\t2001-02-03\thttps://example.org/foo\t\n",
		"font with version":  header + "font\tFoo\t1.0\t2001-02-03\thttps://example.org/foo\t\n",
		"no source":          header + "software\tFoo\t1.0\t2001-02-03\t\t\n",
		"source not a URL":   header + "software\tFoo\t1.0\t2001-02-03\tWikipedia\t\n",
		"padded field":       header + "software\tFoo \t1.0\t2001-02-03\thttps://example.org/foo\t\n",
		"duplicate":          header + good + "software\tfoo\t1.0\t2005-02-03\thttps://example.org/bar\t\n",
		"empty":              "",
		"only comments":      "# nothing\n",
		"source with spaces": header + "software\tFoo\t1.0\t2001-02-03\thttps://example.org/a b\t\n",
	}
	for what, data := range bad {
		_, err := parseReleases([]byte(data))
		assert.Error(t, err, what)
	}
}

// TestReleaseOf resolves real software strings as ParseSoftware splits them.
func TestReleaseOf(t *testing.T) {
	cases := []struct {
		raw, date string
	}{
		// Acrobat, Distiller, PDFMaker, PDF Library
		{"Acrobat Distiller 10.1.8 (Windows)", "2010-11-15"},
		{"Acrobat Distiller 8.1.0 (Windows)", "2006-10-01"},
		{"Acrobat PDFMaker 9.0 for Word", "2008-06-01"},
		{"Adobe Acrobat 8.1 Combine Files", "2006-10-01"},
		{"Acrobat Web Capture 10.0", "2010-11-15"},
		{"Adobe Acrobat Pro (64-bit) 23.3.20244", "2023-01-01"},
		{"Adobe Acrobat Pro DC 20.12.20048; modified using iText® 5.5.13", "2020-01-01"},
		{"Adobe PDF Library 9.0", "2008-06-01"},
		{"Adobe PDF library 11.00", "2012-10-15"},
		// LibreOffice and OpenOffice.org
		{"LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/723314e595e8007d3cf785c16538505a1c878ca5", "2022-08-18"},
		{"LibreOffice/3.3$Unix LibreOffice_project/330m19$Build-202", "2011-01-25"},
		{"LibreOffice/24.2.7.2$Linux_X86_64 LibreOffice_project/420$Build-2", "2024-01-31"},
		{"LibreOffice 6.4", "2020-01-29"},
		{"OpenOffice.org 1.1.4", "2003-09-02"},
		{"OpenOffice.org/3.2$Unix OpenOffice.org_project/320m12$Build-9483", "2010-02-11"},
		{"OpenOffice.org/3.4.1$Win32 OpenOffice.org_project/341m1$Build-9593", "2012-05-08"},
		{"OpenOffice/4.1.1$Unix OpenOffice.org_project/411m6$Build-9775", "2014-04-29"},
		{"OpenOffice 4.1.1; modified using iText® 5.1.3 ©2000-2011 1T3XT BVBA", "2014-04-29"},
		// Apple
		{"Mac OS X 10.15.7 Quartz PDFContext", "2020-09-24"},
		{"Mac OS X 10.4.10 Quartz PDFContext", "2007-06-20"},
		{"Mac OS X 10.3.9 Quartz PDFContext", "2005-04-15"},
		{"macOS Version 10.14.5 (Build 18F132) Quartz PDFContext", "2019-05-13"},
		{"Mac OS X 10.9.1 Quartz PDFContext", "2013-12-16"},
		{"macOS Version 12.3.1 (assemblage 21E258) Quartz PDFContext", "2018-09-17"}, // iOS 12 is earlier: platform-less answer
		{"Mac OS X 10.5.7 (9J61)", "2009-05-12"},
		{"iOS 14.2", "2020-09-16"},
		// Chrome / Skia
		{"Skia/PDF m80", "2020-02-04"},
		{"Skia/PDF m103 Google Docs Renderer", "2022-06-21"},
		{"Skia/PDF m116; modified using OpenPDF 1.3.30", "2023-08-15"},
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36", "2023-08-15"},
		// TeX
		{"pdfTeX-1.40.21", "2020-01-01"},
		{"pdfTeX-1.40.23", "2021-01-01"},
		{"pdfTeX-1.40.3", "2007-02-04"},
		{"XeTeX 0.99999", "2018-01-01"},
		{"LuaTeX-1.12.0", "2020-01-01"},
		// Ghostscript
		{"GPL Ghostscript 9.50", "2019-10-01"},
		{"GPL Ghostscript 9.05", "2012-02-08"},
		{"GPL Ghostscript 10.00.0", "2022-09-01"},
		{"GPL Ghostscript 8.71", "2010-02-10"},
		{"GPL Ghostscript 9.07; modified using iTextSharp 5.2.1 (c) 1T3XT BVBA", "2013-02-01"},
		// Microsoft Office
		{"Microsoft® Word 2016", "2015-07-09"}, // Office 2016 for Mac came first
		{"Microsoft® Excel® 2016", "2015-07-09"},
		{"Microsoft® Office Word 2007", "2006-11-03"},
		{"Microsoft® PowerPoint® 2013", "2012-10-11"},
		{"Microsoft® Word 15 (Technical Preview)", "2012-10-11"},
		{"Microsoft® Word for Microsoft 365", "2011-06-28"},
		{"Microsoft Word 10.0", "2001-03-05"},
		{"Microsoft Word 9.0", "1999-03-29"},
		{"Microsoft Word 8.0", "1996-11-19"},
		{"Microsoft Word for Windows 95", "1995-08-24"},
		{"Microsoft PowerPoint 7.0", "1995-08-24"},
		{"Microsoft Word 12.0.0", "2006-11-03"},
		{"Microsoft Office Word 12.0000", "2006-11-03"},
		{"Microsoft Macintosh Word 16.0015", "2015-09-22"},
		{"Microsoft Word for Mac OS X 2011", "2010-10-26"},
		{"MicrosoftOffice/15.0 MicrosoftWord", "2012-10-11"},
		// Adobe Photoshop, GIMP
		{"Adobe Photoshop CS5 Windows", "2010-04-30"},
		{"Adobe Photoshop CS2 Macintosh", "2005-04-01"},
		{"Adobe Photoshop CS6 (Macintosh)", "2012-05-07"},
		{"Adobe Photoshop CC (Macintosh)", "2013-06-17"},
		{"Adobe Photoshop CC 2014 (Macintosh)", "2014-06-18"},
		{"Adobe Photoshop CC 2017 (Windows)", "2016-11-02"},
		{"Adobe Photoshop 22.1 (Macintosh)", "2020-10-20"},
		{"Adobe Photoshop 7.0", "2002-03-01"},
		{"GIMP 2.10.36", "2018-04-27"},
		{"GIMP 2.6.3", "2008-10-01"},
		{"Gimp 2.10 (Mac OS)", "2018-04-27"},
	}
	for _, c := range cases {
		t.Run(c.raw, func(t *testing.T) {
			name, version, _ := ParseSoftware(c.raw)
			r, ok := ReleaseOf(name, version)
			require.True(t, ok, "ReleaseOf(%q, %q)", name, version)
			assert.Equal(t, c.date, r.Date.Format(time.DateOnly), "ReleaseOf(%q, %q) = %s %q %q", name, version, r.Name, r.Version, r.Note)
			assert.Equal(t, ReleaseSoftware, r.Kind)
			assert.NotEmpty(t, r.Source)
		})
	}
	if len(cases) < 30 {
		t.Fatalf("only %d cases", len(cases))
	}
}

// TestReleaseOfDirect covers names and versions as a caller joins them:
// OOXML Application + AppVersion, the platform passed as the name for Quartz.
func TestReleaseOfDirect(t *testing.T) {
	cases := []struct {
		name, version, date, matched string
	}{
		{"Microsoft Office Word", "16.0000", "2015-09-22", "16"},
		{"Microsoft Office Word", "14.0000", "2010-04-15", "14"},
		{"Microsoft Excel", "12.0000", "2006-11-03", "12"},
		{"Microsoft Office PowerPoint", "11.9999", "2003-08-19", "11"},
		{"Microsoft Macintosh PowerPoint", "15.0033", "2012-10-11", "15"}, // Mac 2016 wrote 15.x; Windows 15 is earlier
		{"Microsoft Excel", "9.272", "1999-03-29", "9"},
		{"Microsoft Word", "2011", "2010-10-26", "2011"},
		{"microsoft word", "2003", "2003-08-19", "2003"},
		{"macOS", "12.3.1", "2022-03-31", "12.3.1"},
		{"macOS", "12.4", "2021-10-25", "12"},
		{"Mac OS X", "10.15.7", "2020-09-24", "10.15.7"},
		{"Quartz PDFContext", "10.15", "2019-10-07", "10.15"},
		{"Quartz PDFContext", "14.2", "2020-09-16", "14"}, // iOS 14, not macOS 14
		{"iOS", "14.2", "2020-09-16", "14"},
		{"pdfTeX", "1.40", "", ""}, // no row "1.40": a bare "1.40" is not 1.40.0
		{"pdfTeX", "1.40.21", "2020-01-01", "1.40.21"},
		{"pdfTeX", "1.40.2", "2007-01-31", "1.40.2"}, // not 1.40.21
		{"Skia/PDF", "m82", "", ""},                  // there was no Chrome 82
		{"Skia/PDF", "80", "", ""},                   // a milestone is written "m80"
		{"Chrome", "116.0.5845.96", "2023-08-15", "116"},
		{"AFPL Ghostscript", "8.14", "2004-02-20", "8.14"},
		{"Ghostscript", "9.53.3", "2020-09-01", "9.53"},
		{"Adobe Acrobat Distiller", "15.0", "2015-03-01", "15"},
		{"Acrobat Distiller", "20.0", "2020-01-01", "20"},
		{"Android", "9", "2018-08-06", "9"},
		{"Android", "4.4.2", "2013-10-31", "4.4"},
		{"LibreOffice", "7.47", "", ""},
		{"LibreOfficeDev", "4.5.0.0.alpha0", "", ""},         // development builds are not releases
		{"Microsoft Excel Online", "16.03", "", ""},          // numbered differently
		{"WPS 演示", "14.0", "", ""},                           // WPS imitates AppVersion 14.0
		{"Adobe Photoshop Lightroom Classic", "7.4", "", ""}, // not Photoshop
		{"Adobe Photoshop", "CS7", "", ""},
		{"", "1.0", "", ""},
		{"LibreOffice", "", "", ""},
	}
	for _, c := range cases {
		r, ok := ReleaseOf(c.name, c.version)
		if c.date == "" {
			assert.False(t, ok, "ReleaseOf(%q, %q) = %s %q", c.name, c.version, r.Name, r.Version)
			continue
		}
		if assert.True(t, ok, "ReleaseOf(%q, %q)", c.name, c.version) {
			assert.Equal(t, c.date, r.Date.Format(time.DateOnly), "ReleaseOf(%q, %q)", c.name, c.version)
			assert.Equal(t, c.matched, r.Version, "ReleaseOf(%q, %q)", c.name, c.version)
		}
	}
}

func TestFontRelease(t *testing.T) {
	cases := []struct{ name, family, date string }{
		{"ABCDEF+Calibri-Bold", "Calibri", "2007-01-30"},
		{"Calibri", "Calibri", "2007-01-30"},
		{"Calibri,BoldItalic", "Calibri", "2007-01-30"},
		{"/QWERTY+Calibri-Light", "Calibri", "2007-01-30"},
		{"CalibriLight", "Calibri", "2007-01-30"},
		{"Calibri Light", "Calibri", "2007-01-30"},
		{"BCDEEE+Cambria-Italic", "Cambria", "2007-01-30"},
		{"CambriaMath", "Cambria", "2007-01-30"},
		{"Consolas", "Consolas", "2007-01-30"},
		{"Constantia-BoldItalic", "Constantia", "2007-01-30"},
		{"Candara", "Candara", "2007-01-30"},
		{"Corbel-Bold", "Corbel", "2007-01-30"},
		{"SegoeUI-Semibold", "Segoe UI", "2007-01-30"},
		{"Segoe UI Symbol", "Segoe UI", "2007-01-30"},
		{"AAAAAA+Aptos", "Aptos", "2023-07-13"},
		{"Aptos-Display", "Aptos", "2023-07-13"},
		{"Aptos Narrow", "Aptos", "2023-07-13"},
		{"Grandview-Bold", "Grandview", "2021-04-28"},
		{"Tenorite", "Tenorite", "2021-04-28"},
		{"DejaVuSans-Bold", "DejaVu", "2004-01-01"},
		{"DejaVu Sans Mono", "DejaVu", "2004-01-01"},
		{"LiberationSerif-Regular", "Liberation", "2007-05-09"},
		{"NotoSansCJKsc-Regular", "Noto", "2012-01-01"},
		{"Roboto-Medium", "Roboto", "2011-10-18"},
		{"OpenSans-Bold", "Open Sans", "2011-01-01"},
		{"SourceSansPro-Regular", "Source Sans Pro", "2012-08-02"},
		{"Carlito", "Carlito", "2013-01-01"},
		{"Caladea-Bold", "Caladea", "2013-01-01"},
	}
	for _, c := range cases {
		r, ok := FontRelease(c.name)
		if assert.True(t, ok, c.name) {
			assert.Equal(t, c.family, r.Name, c.name)
			assert.Equal(t, c.date, r.Date.Format(time.DateOnly), c.name)
			assert.Equal(t, ReleaseFont, r.Kind)
		}
	}
	for _, name := range []string{"", "ABCDEF+", "Arial", "ArialMT", "TimesNewRomanPSMT", "Calibrix", "Notable", "Helvetica-Bold", "abcdef+Calibri"} {
		r, ok := FontRelease(name)
		assert.False(t, ok, "%q → %q", name, r.Name)
	}
}

func TestNamespaceRelease(t *testing.T) {
	cases := []struct{ uri, date string }{
		{"http://schemas.microsoft.com/office/word/2010/wordml", "2010-04-15"},       // w14
		{"http://schemas.microsoft.com/office/word/2012/wordml", "2012-10-11"},       // w15
		{"http://schemas.microsoft.com/office/word/2015/wordml/symex", "2015-07-09"}, // w16se
		{"http://schemas.microsoft.com/office/word/2016/wordml/cid", "2016-01-01"},   // w16cid
		{"http://schemas.microsoft.com/office/word/2018/wordml/cex", "2018-01-01"},   // w16cex
		{"http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash", "2020-01-01"},
		{"http://schemas.microsoft.com/office/word/2023/wordml/word16du", "2023-01-01"},
		{"http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac", "2010-04-15"},     // x14ac
		{"http://schemas.microsoft.com/office/spreadsheetml/2010/11/main", "2012-10-11"},  // x15
		{"http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac", "2012-10-11"},    // x15ac
		{"http://schemas.microsoft.com/office/spreadsheetml/2014/revision", "2015-07-09"}, // xr
		{"http://schemas.microsoft.com/office/spreadsheetml/2015/revision2", "2015-07-09"},
		{"http://schemas.microsoft.com/office/spreadsheetml/2016/revision3", "2016-01-01"},
		{"http://schemas.microsoft.com/office/spreadsheetml/2015/02/main", "2015-07-09"}, // x16r2
		{"http://schemas.microsoft.com/office/powerpoint/2010/main", "2010-04-15"},       // p14
		{"http://schemas.microsoft.com/office/powerpoint/2012/main", "2012-10-11"},       // p15
		{"http://schemas.microsoft.com/office/drawing/2010/main", "2010-04-15"},          // a14
		{"http://schemas.microsoft.com/office/thememl/2012/main", "2012-10-11"},          // thm15
		{"http://schemas.microsoft.com/office/drawing/2007/8/2/chart", "2010-04-15"},     // c14
		{"http://schemas.microsoft.com/office/drawing/2014/chart", "2015-07-09"},         // c16
		{" http://schemas.microsoft.com/office/word/2010/wordml/ ", "2010-04-15"},        // space and slash
		{"HTTP://SCHEMAS.MICROSOFT.COM/office/word/2010/wordml", "2010-04-15"},
	}
	for _, c := range cases {
		r, ok := NamespaceRelease(c.uri)
		if assert.True(t, ok, c.uri) {
			assert.Equal(t, c.date, r.Date.Format(time.DateOnly), c.uri)
			assert.Equal(t, ReleaseNamespace, r.Kind)
		}
	}
	for _, uri := range []string{"", "http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://schemas.microsoft.com/office/word/2099/wordml"} {
		_, ok := NamespaceRelease(uri)
		assert.False(t, ok, uri)
	}
}

// corpusSoftware is one software string of a corpus file, parsed.
type corpusSoftware struct {
	tag, raw, name, version string
}

// corpusFile is what the release test needs of one exiftool.json entry.
type corpusFile struct {
	path              string
	created, modified time.Time // zero when unknown
	createdTag        string
	software          []corpusSoftware
}

// corpusDate reads an ExifTool date ("2012:11:20 19:09:44Z",
// "D:20220426162211+02'00'", "2024-04-22T14:38:09GMT+2") to the day; zero
// when absent or before 1985 (OOXML writes 1601 for "no date").
func corpusDate(v any) time.Time {
	s, ok := v.(string)
	if !ok {
		return time.Time{}
	}
	s = strings.TrimPrefix(strings.TrimSpace(s), "D:")
	var d time.Time
	var err error
	switch {
	case len(s) >= 10 && (s[4] == ':' || s[4] == '-') && (s[7] == ':' || s[7] == '-'):
		d, err = time.Parse("2006-01-02", s[0:4]+"-"+s[5:7]+"-"+s[8:10])
	case len(s) >= 8:
		d, err = time.Parse("20060102", s[:8])
	default:
		return time.Time{}
	}
	if err != nil || d.Year() < 1985 {
		return time.Time{}
	}
	return d
}

// readReleaseCorpus reads the shared corpus's exiftool.json: per file, its
// creation date (PDF:CreateDate, XML:CreateDate, FlashPix:CreateDate or
// ExifIFD:DateTimeOriginal), its latest modification date, and its software
// strings (tags ending in :Producer, :CreatorTool, :Software, :Generator,
// :Application, and PDF:Creator). An OOXML Application or OLE2 Software
// without a version takes the file's AppVersion ("Microsoft Office Word" +
// "16.0000"), as an extractor joins them.
func readReleaseCorpus() ([]corpusFile, error) {
	data, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", "exiftool.json"))
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // keep "16.0000" as written
	var docs []map[string]any
	if err := dec.Decode(&docs); err != nil {
		return nil, err
	}
	str := func(v any) string {
		switch v := v.(type) {
		case string:
			return v
		case json.Number:
			return v.String()
		}
		return ""
	}
	var files []corpusFile
	for _, doc := range docs {
		f := corpusFile{path: str(doc["SourceFile"])}
		for _, k := range []string{"PDF:CreateDate", "XML:CreateDate", "FlashPix:CreateDate", "ExifIFD:DateTimeOriginal"} {
			if d := corpusDate(doc[k]); !d.IsZero() {
				f.created, f.createdTag = d, k
				break
			}
		}
		for _, k := range []string{"PDF:ModifyDate", "XML:ModifyDate", "FlashPix:ModifyDate", "IFD0:ModifyDate", "XMP-xmp:ModifyDate"} {
			if d := corpusDate(doc[k]); d.After(f.modified) {
				f.modified = d
			}
		}
		keys := make([]string, 0, len(doc))
		for k := range doc {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			want := k == "PDF:Creator"
			for _, suffix := range []string{":Producer", ":CreatorTool", ":Software", ":Generator", ":Application"} {
				want = want || strings.HasSuffix(k, suffix)
			}
			raw := str(doc[k])
			if !want || strings.TrimSpace(raw) == "" {
				continue
			}
			name, version, _ := ParseSoftware(raw)
			if version == "" {
				switch k {
				case "XML:Application":
					version = str(doc["XML:AppVersion"])
				case "FlashPix:Software":
					version = str(doc["FlashPix:AppVersion"])
				}
			}
			f.software = append(f.software, corpusSoftware{tag: k, raw: raw, name: name, version: version})
		}
		files = append(files, f)
	}
	return files, nil
}

// knownAnachronisms are genuine corpus files whose own creation date is
// before the release of software they name, and whose modification date
// does not explain it either. Each has a reason; anything else that turns
// up is a wrong table row until shown otherwise.
var knownAnachronisms = map[string]string{
	// Word 15 Technical Preview (by invitation from early 2012) made the
	// PDF in April 2012, before Office 2013 was released.
	"files/pdf/tika__testMicrosoftIRMServices.pdf": "pre-release: Microsoft Word 15 (Technical Preview), April 2012",
	// app.xml AppVersion 15.0 with the pre-release w15 namespace
	// word/2010/11/wordml: an Office 15 preview build, March 2012.
	"files/other/tika__testWORD_template.dotx": "pre-release: Office 15 preview (AppVersion 15.0, w15 URI word/2010/11/wordml), March 2012",
	// Excel 12 binary workbook dated March 2006 and last saved July 2006:
	// an Office 2007 beta (Beta 2 was public from May 2006).
	"files/other/tika__testEXCEL.xlsb": "pre-release: Office 2007 beta (Excel 12 .xlsb, March-July 2006)",
	// ExifTool's own test file: CreationDate 2006 but written by Quartz on
	// Mac OS X 10.7.4 (2012) with no later ModDate; the dates were set by
	// the test's author, not by the software.
	"files/pdf/exiftool__PhilHarveyInterview.pdf": "test fixture: 2006 CreationDate on a Mac OS X 10.7.4 (2012) Quartz PDF",
}

// anachronismSlack is how far a release may be after a file's own date
// before it counts: time zones, and a file saved days after a download.
const anachronismSlack = 7 * 24 * time.Hour

// TestReleasesCorpus resolves every software string of the shared corpus
// and checks the table against the files' own dates: a genuine file cannot
// predate the software that wrote it, so every release that is more than a
// few days after the file's creation date is either explained by a later
// modification date (the software string belongs to the last program that
// saved the file) or is listed in knownAnachronisms with its reason.
func TestReleasesCorpus(t *testing.T) {
	files, err := readReleaseCorpus()
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("shared corpus not present")
	}
	require.NoError(t, err)

	type key struct{ name, version string }
	distinct := map[key]bool{}
	versioned := 0
	resolvedDistinct := map[key]bool{}
	unresolvedVersioned := map[key]int{}
	total, resolved := 0, 0
	var explained, violations []string
	stillOdd := map[string]bool{}
	checked := 0
	for _, f := range files {
		for _, s := range f.software {
			k := key{s.name, s.version}
			distinct[k] = true
			total++
			if s.version != "" {
				versioned++
			}
			r, ok := ReleaseOf(s.name, s.version)
			if !ok {
				if s.version != "" {
					unresolvedVersioned[k]++
				}
				continue
			}
			resolved++
			resolvedDistinct[k] = true
			if f.created.IsZero() {
				continue
			}
			checked++
			if !r.Date.After(f.created.Add(anachronismSlack)) {
				continue
			}
			msg := fmt.Sprintf("%s: %s %s (%s %q) released %s, file %s %s, modified %s", f.path, s.tag, s.raw, r.Name, r.Version,
				r.Date.Format(time.DateOnly), f.createdTag, f.created.Format(time.DateOnly), f.modified.Format(time.DateOnly))
			switch {
			case !f.modified.IsZero() && !r.Date.After(f.modified.Add(anachronismSlack)):
				explained = append(explained, msg)
			case knownAnachronisms[f.path] != "":
				stillOdd[f.path] = true
				t.Logf("known odd file: %s — %s", msg, knownAnachronisms[f.path])
			default:
				violations = append(violations, msg)
			}
		}
	}
	t.Logf("coverage: ReleaseOf resolves %d of %d software strings (%.0f%%; %d of them carry a version: %.0f%%), %d of %d distinct name/version pairs",
		resolved, total, 100*float64(resolved)/float64(total), versioned, 100*float64(resolved)/float64(versioned), len(resolvedDistinct), len(distinct))
	t.Logf("checked %d resolved strings against their file's creation date", checked)
	for _, m := range explained {
		t.Logf("creation date predates the release, explained by a later modification date: %s", m)
	}
	var unresolved []string
	for k, n := range unresolvedVersioned {
		unresolved = append(unresolved, fmt.Sprintf("%q %q ×%d", k.name, k.version, n))
	}
	sort.Strings(unresolved)
	t.Logf("versioned strings with no release row (%d): %s", len(unresolved), strings.Join(unresolved, "; "))

	assert.Empty(t, violations, "releases after the file's own dates: a wrong row, or a genuinely odd file to list in knownAnachronisms")
	for path := range knownAnachronisms {
		assert.True(t, stillOdd[path], "%s is listed in knownAnachronisms but no longer anachronistic", path)
	}
	assert.Greater(t, resolved, 100, "resolved software strings")
}
