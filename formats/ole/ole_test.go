package ole_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/ole"
	"github.com/docprov/docprov/provenance"
)

// The fixtures are made by LibreOffice 7.4 with testdata/ole/make.sh from
// the flat ODF files in testdata/ole/src; the expected values below are the
// ones set there, as listed in testdata/ole/README.md.
const fixtures = "../../testdata/ole"

// extract reads a fixture the way the Registry would (formattest.Extract
// probes it), and requires that Match takes its head too.
func extract(t *testing.T, name string) *provenance.Record {
	t.Helper()
	data := formattest.Read(t, filepath.Join(fixtures, name))
	require.True(t, ole.Format{}.Match(formattest.Head(data)), "sniffed as OLE2")
	return formattest.Extract(t, ole.Format{}, data)
}

func TestWriterFrenchDoc(t *testing.T) {
	rec := extract(t, "writer-fr.doc")
	assert.Equal(t, "doc", rec.Format)
	assert.Equal(t, "application/msword", rec.MIME)
	assert.Equal(t, "Budget T2", rec.Title)
	assert.Equal(t, "Prévisions", rec.Subject)
	assert.Equal(t, "budget", rec.Keywords)
	assert.Equal(t, "Fixture docprov (Writer → .doc)", rec.Description)
	assert.Equal(t, []string{"Marie Dupont"}, rec.Authors)
	assert.Equal(t, "Jean Martin", rec.LastModifiedBy)
	assert.Equal(t, "12", rec.Revision)
	assert.Equal(t, int64(5400), rec.EditTimeSeconds, "PT1H30M")
	// FILETIMEs are UTC: the Timestamps carry Z.
	assert.Equal(t, "2017-03-01T09:12:00Z", rec.Created.String())
	assert.Equal(t, "2017-03-27T14:02:11Z", rec.Modified.String())
	assert.Equal(t, "2017-03-02T10:00:00Z", rec.Printed.String())
	// LibreOffice hard-codes lid 0x0409 in the FIB; the text's language is
	// in the Normal style.
	assert.Equal(t, []string{"en-US", "fr-FR"}, rec.Languages)
	f := rec.Fields
	assert.Equal(t, "0x0409", f["ole.word.fib.lid"])
	assert.Equal(t, "0x040C", f["ole.word.style.lid"])
	assert.Equal(t, "fr-FR", f["ole.word.style.lidTag"])
	assert.Equal(t, "65001", f["ole.summary.CodePage"])
	assert.Equal(t, "Campagne", f["ole.custom.Projet"])
	assert.Equal(t, "VT_LPSTR", f["ole.custom.Projet.type"])
	assert.Equal(t, "3.5", f["ole.custom.Version"])
	assert.Equal(t, "VT_R8", f["ole.custom.Version.type"])
	assert.Equal(t, "{00020906-0000-0000-C000-000000000046}", f["ole.cfb.root.CLSID"])
	assert.Equal(t, "Word.Document.8", f["ole.compobj.ProgID"])
	assert.Equal(t, "Microsoft Word-Dokument", f["ole.compobj.UserType"], "LibreOffice writes the German user type")
	assert.Equal(t, "Word 2002 (nFib 0x0101)", f["ole.word.version"])
	assert.Equal(t, "Caolan80", f["ole.word.fib.wMagic"], "OpenOffice/LibreOffice's signature in the FIB")
	assert.Equal(t, "2017-03-27T14:02:00", f["ole.word.dop.dttmRevised"], "DOP: local time, minutes")
	assert.Empty(t, f["ole.word.fib.savedTime"], "LibreOffice writes no FIB save time")
	assert.Equal(t, "+00:00", f["ole.word.savedUTCOffset"], "the DOP's local save against SummaryInformation's UTC one: made with TZ=UTC")
	assert.Equal(t, "\\x01CompObj|\\x01Ole|\\x05DocumentSummaryInformation|\\x05SummaryInformation|1Table|WordDocument", f["ole.cfb.layout"])
	assert.Empty(t, formattest.SoftwareRaw(rec, provenance.RoleApplication), "LibreOffice writes no AppName")
	assert.Empty(t, rec.Problems)
}

func TestWriterRussianDoc(t *testing.T) {
	rec := extract(t, "writer-ru.doc")
	assert.Equal(t, []string{"Рошка Георгий"}, rec.Authors)
	assert.Equal(t, "Иван Петров", rec.LastModifiedBy)
	assert.Equal(t, "Отчёт", rec.Title)
	assert.Equal(t, []string{"en-US", "ru-RU"}, rec.Languages)
	// The font table, each face once: LibreOffice lists Word's three
	// defaults, then the machine's fonts its styles use.
	var fonts []string
	for i := 0; rec.Fields[fmt.Sprintf("ole.word.font[%d]", i)] != ""; i++ {
		fonts = append(fonts, rec.Fields[fmt.Sprintf("ole.word.font[%d]", i)])
	}
	assert.Equal(t, []string{"Times New Roman", "Symbol", "Arial", "DejaVu Serif", "DejaVu Sans"}, fonts)
	assert.Empty(t, rec.Problems)
}

func TestCalcXLS(t *testing.T) {
	rec := extract(t, "calc-ru.xls")
	assert.Equal(t, "xls", rec.Format)
	assert.Equal(t, "application/vnd.ms-excel", rec.MIME)
	assert.Equal(t, "Tableau des dépenses", rec.Title)
	assert.Equal(t, []string{"Marie Dupont"}, rec.Authors)
	assert.Equal(t, "Рошка Георгий Петрович", rec.LastModifiedBy)
	assert.Equal(t, "7", rec.Revision)
	assert.Equal(t, int64(7530), rec.EditTimeSeconds, "PT2H5M30S")
	assert.Equal(t, "2016-11-02T08:30:00Z", rec.Created.String())
	assert.Equal(t, "2017-04-20T16:45:30Z", rec.Modified.String())
	f := rec.Fields
	assert.Equal(t, "BIFF8", f["ole.excel.biff"])
	assert.Equal(t, "1200", f["ole.excel.CodePage"])
	assert.Equal(t, "Calc", f["ole.excel.WriteAccess"], "LibreOffice's user name placeholder")
	assert.Equal(t, "Finances", f["ole.custom.Service"])
	// The FONT records, each face once: the Normal style's first
	// (LibreOffice's default on the machine that made it), then the
	// faces its other formats use.
	assert.Equal(t, "DejaVu Sans", f["ole.excel.font[0]"])
	assert.Equal(t, "Arial", f["ole.excel.font[1]"])
	assert.Empty(t, f["ole.excel.font[2]"])
	assert.Empty(t, f["ole.encrypted"])
	assert.Empty(t, rec.Problems)
}

func TestImpressPPT(t *testing.T) {
	rec := extract(t, "impress-de.ppt")
	assert.Equal(t, "ppt", rec.Format)
	assert.Equal(t, "Quartalsbericht", rec.Title)
	assert.Equal(t, []string{"Hans Müller"}, rec.Authors)
	assert.Equal(t, "Erika Mustermann", rec.LastModifiedBy)
	assert.Equal(t, "3", rec.Revision)
	assert.Equal(t, int64(2700), rec.EditTimeSeconds)
	assert.Equal(t, "2019-05-06T07:08:09Z", rec.Created.String())
	assert.Equal(t, "2019-06-07T18:19:20Z", rec.Modified.String())
	f := rec.Fields
	assert.Equal(t, "Current User", f["ole.ppt.CurrentUser.ansiUserName"], "LibreOffice writes a placeholder, not a user")
	assert.Equal(t, "0xE391C05F", f["ole.ppt.CurrentUser.headerToken"])
	assert.Equal(t, "{64818D10-4F9B-11CF-86EA-00AA00B929E8}", f["ole.cfb.root.CLSID"])
	require.Len(t, rec.IDs, 1)
	assert.Equal(t, "ole.PID_GUID", rec.IDs[0].Kind)
	assert.Empty(t, rec.Problems)
}

func TestLegacyEncryption(t *testing.T) {
	for _, name := range []string{"calc-password.xls", "writer-password.doc"} {
		t.Run(name, func(t *testing.T) {
			rec := extract(t, name)
			assert.Equal(t, "true", rec.Fields["ole.encrypted"])
			assert.Equal(t, "rc4", rec.Fields["ole.encryption"])
			require.NotEmpty(t, rec.Problems)
			assert.Contains(t, rec.Problems[len(rec.Problems)-1], formats.ErrEncrypted.Error())
			// The property sets are not encrypted by the legacy schemes.
			assert.Equal(t, []string{"Marie Dupont"}, rec.Authors)
		})
	}
}

func TestNotOLE(t *testing.T) {
	_, err := ole.Format{}.Extract(context.Background(), bytes.NewReader([]byte("PK\x03\x04")), 4)
	assert.True(t, errors.Is(err, formats.ErrUnsupported))
	// A signature followed by garbage is OLE2 but unreadable.
	data := append(append([]byte{}, ole.Magic...), make([]byte, 600)...)
	_, err = ole.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	assert.True(t, errors.Is(err, formats.ErrMalformed), "%v", err)
}

// TestAgainstExifTool compares the fixtures with ExifTool's reading of
// them, kept in testdata/ole/exiftool.json by make.sh.
func TestAgainstExifTool(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(fixtures, "exiftool.json"))
	require.NoError(t, err)
	var ref []map[string]any
	require.NoError(t, jsonUnmarshal(b, &ref))
	require.NotEmpty(t, ref)
	for _, e := range ref {
		name := e["SourceFile"].(string)
		t.Run(name, func(t *testing.T) {
			rec := extract(t, name)
			str := func(k string) string { s, _ := e[k].(string); return s }
			assert.Equal(t, str("FlashPix:Author"), rec.Authors[0])
			assert.Equal(t, str("FlashPix:LastModifiedBy"), rec.LastModifiedBy)
			assert.Equal(t, str("FlashPix:Title"), rec.Title)
			assert.Equal(t, exifTime(str("FlashPix:CreateDate")), rec.Created.String())
			assert.Equal(t, exifTime(str("FlashPix:ModifyDate")), rec.Modified.String())
			assert.InDelta(t, e["FlashPix:TotalEditTime"], float64(rec.EditTimeSeconds), 1)
		})
	}
}
