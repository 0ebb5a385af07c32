package ole

import (
	"context"
	"encoding/binary"
	"fmt"
	"github.com/docprov/docprov/formats/internal/winlang"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/provenance"
)

// BIFF record types read from the workbook globals ([MS-XLS] 2.3).
const (
	biffBOF         = 0x0809
	biffEOF         = 0x000A
	biffFilePass    = 0x002F
	biffCodePage    = 0x0042
	biffWriteAccess = 0x005C
	biffCountry     = 0x008C
	biffFont        = 0x0031
	biffFormat      = 0x041E
	biffInterface   = 0x00E1
)

// maxExcelFonts bounds the fonts listed: a workbook's FONT records are a
// few dozen, one per combination of face, size and style.
const maxExcelFonts = 64

// maxBIFFRecords bounds the walk over the globals substream; the records
// we want come in its first few dozen.
const maxBIFFRecords = 4096

// maxWorkbookRead is how much of the Workbook stream is read.
const maxWorkbookRead = 256 << 10

// countries names the country codes of the Country record (telephone
// codes, as Excel uses them) for the ones Office is localized for.
var countries = map[uint16]string{
	1: "United States", 2: "Canada", 3: "Latin America", 7: "Russia", 20: "Egypt", 30: "Greece",
	31: "Netherlands", 32: "Belgium", 33: "France", 34: "Spain", 36: "Hungary", 39: "Italy",
	41: "Switzerland", 42: "Czech Republic", 43: "Austria", 44: "United Kingdom", 45: "Denmark",
	46: "Sweden", 47: "Norway", 48: "Poland", 49: "Germany", 52: "Mexico", 55: "Brazil",
	61: "Australia", 64: "New Zealand", 66: "Thailand", 81: "Japan", 82: "Korea", 84: "Viet Nam",
	86: "China", 88: "Taiwan", 90: "Turkey", 351: "Portugal", 354: "Iceland", 358: "Finland",
	372: "Estonia", 380: "Ukraine", 381: "Serbia", 385: "Croatia", 386: "Slovenia",
	420: "Czech Republic", 421: "Slovakia", 966: "Saudi Arabia", 972: "Israel",
}

// readExcel walks the records of the workbook globals up to the first EOF:
// BOF (BIFF version, build and year of the writing Excel), WRITEACCESS (the
// user name of whoever last saved, padded with spaces), CODEPAGE, COUNTRY
// (the country settings of Excel and of Windows), FONT (each face the
// workbook's cell formats use, the first the Normal style's: the
// installation's default), and FILEPASS, after which record data is
// encrypted.
func readExcel(_ context.Context, rec *provenance.Record, c container) {
	stream := ""
	var size int64
	for _, e := range c.entries() {
		if !e.storage && !strings.Contains(e.path, "/") && (strings.EqualFold(e.path, "Workbook") || strings.EqualFold(e.path, "Book")) {
			if stream == "" || strings.EqualFold(e.path, "Workbook") {
				stream, size = e.path, e.size
			}
		}
	}
	b, err := c.read(stream, maxWorkbookRead)
	// The digest takes the stream from this read, when it holds it whole.
	tooLarge := len(b) >= maxWorkbookTextBytes && size > int64(len(b))
	if err != nil && len(b) == 0 {
		rec.AddProblem("%s: %v", stream, err)
		return
	}
	le := binary.LittleEndian
	f := rec.Fields
	biff8 := false
	fonts := map[string]bool{}
	numFmts := map[string]bool{}
	for pos, i := 0, 0; pos+4 <= len(b) && i < maxBIFFRecords; i++ {
		typ := le.Uint16(b[pos:])
		n := int(le.Uint16(b[pos+2:]))
		pos += 4
		if pos+n > len(b) {
			if len(b) == maxWorkbookRead {
				// Our own limit, not damage: the globals are longer.
				if biff8 {
					digestExcelText(rec, b, err == nil, tooLarge)
				}
				return
			}
			rec.AddProblem("%s: record 0x%04X at %d truncated", stream, typ, pos-4)
			return
		}
		data := b[pos : pos+n]
		pos += n
		switch {
		case i == 0:
			if (typ != biffBOF && typ != 0x0409 && typ != 0x0209 && typ != 0x0009) || n < 4 {
				rec.AddProblem("%s: does not start with a BOF record (0x%04X)", stream, typ)
				return
			}
			vers := le.Uint16(data)
			f.Set("ole.excel.BOF.vers", fmt.Sprintf("0x%04X", vers))
			f.Set("ole.excel.BOF.dt", fmt.Sprintf("0x%04X", le.Uint16(data[2:])))
			biff := map[uint16]string{0x0500: "BIFF5", 0x0600: "BIFF8"}[vers]
			if typ != biffBOF {
				biff = map[uint16]string{0x0409: "BIFF4", 0x0209: "BIFF3", 0x0009: "BIFF2"}[typ]
			}
			f.Set("ole.excel.biff", biff)
			biff8 = vers == 0x0600
			if n >= 8 {
				// rupBuild and rupYear: the build of Excel that wrote the
				// file and the year of its release (e.g. 1997, 0x07CD).
				f.Set("ole.excel.BOF.rupBuild", strconv.Itoa(int(le.Uint16(data[4:]))))
				f.Set("ole.excel.BOF.rupYear", strconv.Itoa(int(le.Uint16(data[6:]))))
			}
			if n >= 16 {
				f.Set("ole.excel.BOF.verLowestBiff", fmt.Sprintf("0x%02X", data[12]))
				f.Set("ole.excel.BOF.verLastXLSaved", fmt.Sprintf("0x%02X", data[13]&0x0F))
			}
		case typ == biffEOF:
			if biff8 {
				digestExcelText(rec, b, err == nil, tooLarge)
			}
			return
		case typ == biffFilePass:
			scheme := "xor-obfuscation"
			if n >= 6 && le.Uint16(data) == 1 {
				scheme = "rc4"
				if le.Uint16(data[2:]) >= 2 {
					scheme = "rc4-cryptoapi"
				}
			}
			if n >= 2 && le.Uint16(data) == 0 {
				scheme = "xor-obfuscation"
			}
			f.Set("ole.encrypted", "true")
			f.Set("ole.encryption", scheme)
			rec.AddProblem("%s: %v (%s): records after FILEPASS unreadable", stream, formats.ErrEncrypted, scheme)
			return
		case typ == biffCodePage && n >= 2:
			f.Set("ole.excel.CodePage", strconv.Itoa(int(le.Uint16(data))))
		case typ == biffCountry && n >= 4:
			f.Set("ole.excel.Country.iCountryDef", country(le.Uint16(data)))
			f.Set("ole.excel.Country.iCountryWinIni", country(le.Uint16(data[2:])))
		case typ == biffWriteAccess:
			f.Set("ole.excel.WriteAccess", strings.TrimRight(biffString(data, biff8), " \x00"))
		case typ == biffInterface && n >= 2:
			f.Set("ole.excel.InterfaceHdr.codePage", strconv.Itoa(int(le.Uint16(data))))
		case typ == biffFormat && n > 3 && len(numFmts) < maxExcelFonts:
			// A number format the workbook defines: an index, then its
			// code, written in the notation of the saving program's
			// locale (its separators, its currency's locale ID).
			if code := strings.TrimRight(biffString(data[2:], biff8), "\x00"); code != "" && !numFmts[code] {
				f.Set(fmt.Sprintf("ole.excel.numFmt[%d]", len(numFmts)), code)
				numFmts[code] = true
			}
		case typ == biffFont && n > 15 && len(fonts) < maxExcelFonts:
			// The face name follows 14 bytes of size, style and
			// colour: a ShortXLUnicodeString in BIFF8 (a byte count
			// and a flag), a byte count and bytes before.
			name := ""
			if biff8 {
				name = shortXLString(data[14:])
			} else {
				name = strings.TrimRight(biffString(data[14:], false), "\x00")
			}
			if name = strings.TrimSpace(name); name != "" && !fonts[name] {
				f.Set(fmt.Sprintf("ole.excel.font[%d]", len(fonts)), name)
				fonts[name] = true
			}
		}
	}
}

// shortXLString reads a ShortXLUnicodeString ([MS-XLS] 2.5.240): an 8-bit
// character count, a flag byte (bit 0: UTF-16 rather than Latin-1), then
// the characters.
func shortXLString(d []byte) string {
	if len(d) < 2 {
		return ""
	}
	n, wide := int(d[0]), d[1]&1 != 0
	d = d[2:]
	if wide {
		n = min(n, len(d)/2)
		u := make([]uint16, n)
		for i := range u {
			u[i] = binary.LittleEndian.Uint16(d[2*i:])
		}
		return string(utf16.Decode(u))
	}
	n = min(n, len(d))
	return winlang.DecodeCodePage(d[:n], 1252)
}

func country(v uint16) string {
	if v == 0 {
		return ""
	}
	if n, ok := countries[v]; ok {
		return fmt.Sprintf("%d (%s)", v, n)
	}
	return strconv.Itoa(int(v))
}

// biffString reads the string at the start of a record: in BIFF8 an
// XLUnicodeString (16-bit count, flag byte, then Latin-1 or UTF-16 chars);
// before, a byte count and bytes in the workbook's code page.
func biffString(d []byte, biff8 bool) string {
	if !biff8 {
		if len(d) < 1 {
			return ""
		}
		n := min(int(d[0]), len(d)-1)
		return winlang.DecodeCodePage(d[1:1+n], 1252)
	}
	if len(d) < 3 {
		return ""
	}
	n := int(binary.LittleEndian.Uint16(d))
	wide := d[2]&1 != 0
	d = d[3:]
	if wide {
		n = min(n, len(d)/2)
		u := make([]uint16, n)
		for i := range u {
			u[i] = binary.LittleEndian.Uint16(d[2*i:])
		}
		return string(utf16.Decode(u))
	}
	n = min(n, len(d))
	return winlang.DecodeCodePage(d[:n], 28591)
}
