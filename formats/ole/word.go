package ole

import (
	"context"
	"encoding/binary"
	"fmt"
	"github.com/docprov/docprov/formats/internal/winlang"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/provenance"
)

// wordVersions names the Word release a file format version (nFib, or
// nFibNew from Word 2000 on) belongs to ([MS-DOC] 2.5.2 and 2.5.15).
var wordVersions = map[uint16]string{
	0x0021: "Word for Windows 1.0", 0x002D: "Word for Windows 2.0",
	0x0065: "Word 6.0", 0x0066: "Word 6.0", 0x0067: "Word 6.0 for Macintosh", 0x0068: "Word 95",
	0x0069: "Word 95",
	0x00C0: "Word 97 (beta)", 0x00C1: "Word 97", 0x00C2: "Word 98 for Macintosh",
	0x00D9: "Word 2000", 0x0101: "Word 2002", 0x010C: "Word 2003", 0x0112: "Word 2007",
}

// Indexes of FibRgFcLcb97 pairs this package reads ([MS-DOC] 2.5.6).
const (
	fcStshf       = 1
	fcSttbfFfn    = 15
	fcDop         = 31
	fcSttbSavedBy = 71
	// Pair 87 is not an fc/lcb pair but a FILETIME (dwLowDateTime,
	// dwHighDateTime): when Word last saved the file, in UTC.
	fcSavedTime = 87
)

// readWord reads the File Information Block at the start of the
// WordDocument stream and, from the table stream it points to, the
// document properties (DOP: Word's own copy of dates and counts, in local
// time), the save history (SttbSavedBy) and the language of the Normal
// style.
func readWord(_ context.Context, rec *provenance.Record, c container) {
	b, err := c.read("WordDocument", 4096)
	if len(b) < 32 {
		if err == nil {
			err = errShort
		}
		rec.AddProblem("WordDocument: FIB: %v", err)
		return
	}
	le := binary.LittleEndian
	f := rec.Fields
	wIdent := le.Uint16(b)
	nFib := le.Uint16(b[2:])
	f.Set("ole.word.fib.wIdent", fmt.Sprintf("0x%04X", wIdent))
	f.Set("ole.word.fib.nFib", fmt.Sprintf("0x%04X", nFib))
	f.Set("ole.word.fib.nProduct", fmt.Sprintf("0x%04X", le.Uint16(b[4:])))
	lid := le.Uint16(b[6:])
	f.Set("ole.word.fib.lid", fmt.Sprintf("0x%04X", lid))
	f.Set("ole.word.fib.lidTag", winlang.LCIDTag(uint32(lid)))
	if wIdent != 0xA5EC && wIdent != 0xA5DC {
		rec.AddProblem("WordDocument: FIB identifier 0x%04X is not Word's (0xA5EC)", wIdent)
	}
	flags := le.Uint16(b[0x0A:])
	bit := func(n uint) bool { return flags&(1<<n) != 0 }
	setBool(f, "ole.word.fib.fDot", bit(0))
	setBool(f, "ole.word.fib.fGlsy", bit(1))
	// fComplex: the last save was a fast (incremental) save, which
	// appends changes and keeps deleted text in the file.
	setBool(f, "ole.word.fib.fComplex", bit(2))
	f.Set("ole.word.fib.cQuickSaves", strconv.Itoa(int(flags>>4&0xF)))
	setBool(f, "ole.word.fib.fEncrypted", bit(8))
	setBool(f, "ole.word.fib.fWhichTblStm", bit(9))
	setBool(f, "ole.word.fib.fReadOnlyRecommended", bit(10))
	setBool(f, "ole.word.fib.fWriteReservation", bit(11))
	setBool(f, "ole.word.fib.fExtChar", bit(12))
	setBool(f, "ole.word.fib.fFarEast", bit(14))
	setBool(f, "ole.word.fib.fObfuscated", bit(15))
	f.Set("ole.word.fib.nFibBack", fmt.Sprintf("0x%04X", le.Uint16(b[0x0C:])))
	envr := b[0x12]
	f.Set("ole.word.fib.envr", map[byte]string{0: "0 (Windows)", 1: "1 (Macintosh)"}[envr])
	setBool(f, "ole.word.fib.fMac", b[0x13]&1 != 0)
	setBool(f, "ole.word.fib.fWord97Saved", b[0x13]&0x10 != 0)
	if bit(0) {
		rec.Format = "dot"
	}

	version := nFib
	var pairs []byte // FibRgFcLcb
	ccpText := -1
	if nFib >= 0x00C0 && len(b) >= 34 {
		csw := int(le.Uint16(b[0x20:]))
		pos := 0x22
		if csw >= 14 && pos+28 <= len(b) {
			w := b[pos:]
			f.Set("ole.word.fib.wMagicCreated", fmt.Sprintf("0x%04X", le.Uint16(w[0:])))
			f.Set("ole.word.fib.wMagicRevised", fmt.Sprintf("0x%04X", le.Uint16(w[2:])))
			f.Set("ole.word.fib.wMagicCreatedPrivate", fmt.Sprintf("0x%04X", le.Uint16(w[4:])))
			f.Set("ole.word.fib.wMagicRevisedPrivate", fmt.Sprintf("0x%04X", le.Uint16(w[6:])))
			// The four magic words are build stamps; OpenOffice and
			// LibreOffice write ASCII there ("Caolan80"), which is worth
			// showing as text.
			var magic []byte
			for i := 0; i < 4; i++ {
				magic = binary.LittleEndian.AppendUint16(magic, le.Uint16(w[2*i:]))
			}
			if printableASCII(magic) {
				f.Set("ole.word.fib.wMagic", string(magic))
			}
			lidFE := le.Uint16(w[26:])
			f.Set("ole.word.fib.lidFE", fmt.Sprintf("0x%04X", lidFE))
		}
		pos += 2 * csw
		if pos+2 <= len(b) {
			cslw := int(le.Uint16(b[pos:]))
			// FibRgLw97: ccpText, the length of the main document, is
			// its fourth value.
			if cslw >= 4 && pos+2+16 <= len(b) {
				ccpText = int(int32(le.Uint32(b[pos+2+12:])))
			}
			pos += 2 + 4*cslw
		}
		if pos+2 <= len(b) {
			cb := int(le.Uint16(b[pos:]))
			pos += 2
			if end := pos + 8*cb; end <= len(b) {
				pairs = b[pos:end]
				pos = end
				if pos+4 <= len(b) {
					if cswNew := int(le.Uint16(b[pos:])); cswNew > 0 {
						nFibNew := le.Uint16(b[pos+2:])
						f.Set("ole.word.fib.nFibNew", fmt.Sprintf("0x%04X", nFibNew))
						if nFibNew > version {
							version = nFibNew
						}
					}
				}
			}
		}
	}
	name, ok := wordVersions[version]
	if !ok {
		name = "unknown"
	}
	if envr == 1 && version >= 0x00C1 && version != 0x00C2 {
		name += " (Macintosh)"
	}
	f.Set("ole.word.version", fmt.Sprintf("%s (nFib 0x%04X)", name, version))

	if bit(8) {
		scheme := "rc4"
		if bit(15) {
			scheme = "xor-obfuscation"
		} else if hdr, _ := c.read(tableStream(bit(9)), 4); len(hdr) == 4 && le.Uint16(hdr[2:]) == 2 {
			scheme = "rc4-cryptoapi"
		}
		f.Set("ole.encrypted", "true")
		f.Set("ole.encryption", scheme)
		rec.AddProblem("WordDocument: %v (%s): text, document properties and save history unreadable", formats.ErrEncrypted, scheme)
		return
	}
	if pairs == nil {
		return
	}
	table := tableStream(bit(9))
	fcLcb := func(i int) (int64, int) {
		if 8*i+8 > len(pairs) {
			return 0, 0
		}
		return int64(le.Uint32(pairs[8*i:])), int(le.Uint32(pairs[8*i+4:]))
	}
	if 8*fcSavedTime+8 <= len(pairs) {
		f.Set("ole.word.fib.savedTime", FormatValue(Filetime(le.Uint64(pairs[8*fcSavedTime:]))))
	}
	if fc, lcb := fcLcb(fcDop); lcb >= 0x36 {
		readDop(rec, c, table, fc, min(lcb, 1024))
		savedOffset(f)
	}
	if fc, lcb := fcLcb(fcSttbSavedBy); lcb > 0 {
		readSavedBy(rec, c, table, fc, min(lcb, 64<<10))
	}
	if fc, lcb := fcLcb(fcStshf); lcb > 0 {
		readStyleLanguage(rec, c, table, fc, min(lcb, 1<<20))
	}
	if fc, lcb := fcLcb(fcSttbfFfn); lcb > 0 && version >= 0x00C1 {
		readFonts(rec, c, table, fc, min(lcb, 64<<10))
	}
	if fc, lcb := fcLcb(fcClx); lcb > 0 && version >= 0x00C1 {
		chpx, chpxLcb := fcLcb(fcPlcfBteChpx)
		digestWordText(rec, c, table, fc, lcb, ccpText, [2]int64{chpx, int64(chpxLcb)})
	}
}

// savedOffset compares two records of the last save, the FIB's UTC
// FILETIME (or SummaryInformation's UTC LastSaveTime) and the DOP's local
// DTTM, and records their difference: the UTC
// offset of the clock of whoever saved the file last. The DTTM has whole
// minutes, so the difference is rounded to the quarter hour.
func savedOffset(f provenance.Fields) {
	saved := f["ole.word.fib.savedTime"]
	if saved == "" {
		// LibreOffice writes no FIB save time; SummaryInformation's
		// LastSaveTime, in UTC too, is the same save's.
		saved = f["ole.summary.LastSaveTime"]
	}
	utc, err1 := time.Parse(time.RFC3339Nano, saved)
	local, err2 := time.Parse("2006-01-02T15:04:05", f["ole.word.dop.dttmRevised"])
	if err1 != nil || err2 != nil {
		return
	}
	d := local.Sub(utc.Truncate(time.Minute))
	if d > 14*time.Hour || d < -14*time.Hour {
		return
	}
	q := d.Round(15 * time.Minute)
	sign := "+"
	if q < 0 {
		sign, q = "-", -q
	}
	f.Set("ole.word.savedUTCOffset", fmt.Sprintf("%s%02d:%02d", sign, int(q.Hours()), int(q.Minutes())%60))
}

func printableASCII(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c > 0x7E {
			return false
		}
	}
	return true
}

func tableStream(one bool) string {
	if one {
		return "1Table"
	}
	return "0Table"
}

func setBool(f provenance.Fields, key string, v bool) {
	if v {
		f.Set(key, "true")
	}
}

// readPart reads n bytes at off of a stream, or reports a problem.
func readPart(rec *provenance.Record, c container, stream, what string, off int64, n int) []byte {
	buf := make([]byte, n)
	got, err := c.readAt(stream, buf, off)
	if got < n {
		if err == nil {
			err = errShort
		}
		rec.AddProblem("%s: %s at %d: %v", stream, what, off, err)
		return nil
	}
	return buf
}

// readDop reads the dates and counts Word keeps in its Document
// Properties ([MS-DOC] 2.7.1 DopBase). Its times are DTTMs: local time of
// the writer's clock to the minute, without an offset, so comparing them
// with SummaryInformation's UTC times reveals the writer's time zone.
func readDop(rec *provenance.Record, c container, table string, fc int64, n int) {
	b := readPart(rec, c, table, "DOP", fc, n)
	if b == nil {
		return
	}
	le := binary.LittleEndian
	f := rec.Fields
	f.Set("ole.word.dop.dttmCreated", dttm(le.Uint32(b[0x14:])))
	f.Set("ole.word.dop.dttmRevised", dttm(le.Uint32(b[0x18:])))
	f.Set("ole.word.dop.dttmLastPrint", dttm(le.Uint32(b[0x1C:])))
	f.Set("ole.word.dop.nRevision", strconv.Itoa(int(le.Uint16(b[0x20:]))))
	f.Set("ole.word.dop.tmEdited", strconv.Itoa(int(int32(le.Uint32(b[0x22:])))))
	f.Set("ole.word.dop.cWords", strconv.Itoa(int(int32(le.Uint32(b[0x26:])))))
	f.Set("ole.word.dop.cCh", strconv.Itoa(int(int32(le.Uint32(b[0x2A:])))))
	f.Set("ole.word.dop.cPg", strconv.Itoa(int(le.Uint16(b[0x2E:]))))
	f.Set("ole.word.dop.cParas", strconv.Itoa(int(int32(le.Uint32(b[0x30:])))))
}

// dttm decodes a DTTM ([MS-DOC] 2.9.60) to a local date-time without an
// offset, or "" for the zero value.
func dttm(v uint32) string {
	if v == 0 {
		return ""
	}
	minute := int(v & 0x3F)
	hour := int(v >> 6 & 0x1F)
	day := int(v >> 11 & 0x1F)
	month := int(v >> 16 & 0xF)
	year := 1900 + int(v>>20&0x1FF)
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 {
		return fmt.Sprintf("invalid DTTM 0x%08X", v)
	}
	return time.Date(year, time.Month(month), day, hour, minute, 0, 0, time.UTC).Format("2006-01-02T15:04:05")
}

// readSavedBy reads the save history SttbSavedBy ([MS-DOC] 2.9.273):
// pairs of (user name, file path) of the last saves, oldest first. Word
// 97 to 2002 kept up to ten; it survives in many files and names people
// and machines the document passed through.
func readSavedBy(rec *provenance.Record, c container, table string, fc int64, n int) {
	b := readPart(rec, c, table, "SttbSavedBy", fc, n)
	if b == nil {
		return
	}
	strs, err := sttb(b)
	if err != nil {
		rec.AddProblem("%s: SttbSavedBy: %v", table, err)
	}
	f := rec.Fields
	for i := 0; i+1 < len(strs); i += 2 {
		k := "ole.word.SavedBy[" + strconv.Itoa(i/2) + "]"
		f.Set(k+".author", strs[i])
		f.Set(k+".path", strs[i+1])
	}
}

// maxWordFonts bounds the fonts listed from a font table.
const maxWordFonts = 64

// ffnNameOffset is where an FFN's font name starts, after its flags,
// weight, character set, alternate-name index, PANOSE and signature
// ([MS-DOC] 2.9.86).
const ffnNameOffset = 39

// readFonts reads the font table SttbfFfn ([MS-DOC] 2.9.275): a count,
// then for each font a byte length and an FFN whose name (a zero-ended
// UTF-16 string) follows its fixed fields. Word and LibreOffice list the
// fonts the document's styles and text use, and the installation's
// defaults among them; each face is listed once, in the table's order.
func readFonts(rec *provenance.Record, c container, table string, fc int64, n int) {
	b := readPart(rec, c, table, "SttbfFfn", fc, n)
	if len(b) < 4 {
		return
	}
	le := binary.LittleEndian
	count := int(le.Uint16(b))
	pos, listed := 4, 0
	seen := map[string]bool{}
	for i := 0; i < count && listed < maxWordFonts; i++ {
		if pos >= len(b) {
			rec.AddProblem("%s: SttbfFfn: %v", table, errShort)
			return
		}
		size := int(b[pos])
		pos++
		if pos+size > len(b) {
			rec.AddProblem("%s: SttbfFfn: %v", table, errShort)
			return
		}
		ffn := b[pos : pos+size]
		pos += size
		if len(ffn) <= ffnNameOffset+1 {
			continue
		}
		name := ffn[ffnNameOffset:]
		u := make([]uint16, 0, len(name)/2)
		for j := 0; j+1 < len(name); j += 2 {
			v := le.Uint16(name[j:])
			if v == 0 {
				break
			}
			u = append(u, v)
		}
		// A face is listed once, however many character sets or
		// families the table gives it.
		if s := strings.TrimSpace(string(utf16.Decode(u))); s != "" && !seen[s] {
			rec.Fields.Set("ole.word.font["+strconv.Itoa(listed)+"]", s)
			seen[s] = true
			listed++
		}
	}
}

// sttb reads the strings of an STTB ([MS-DOC] 2.2.4) without extra data.
func sttb(b []byte) ([]string, error) {
	le := binary.LittleEndian
	if len(b) < 6 {
		return nil, errShort
	}
	ext := le.Uint16(b) == 0xFFFF
	pos := 0
	if ext {
		pos = 2
	}
	count := int(le.Uint16(b[pos:]))
	cbExtra := int(le.Uint16(b[pos+2:]))
	pos += 4
	var out []string
	for i := 0; i < count; i++ {
		if ext {
			if pos+2 > len(b) {
				return out, errShort
			}
			n := int(le.Uint16(b[pos:]))
			pos += 2
			if pos+2*n > len(b) {
				return out, errShort
			}
			u := make([]uint16, n)
			for j := range u {
				u[j] = le.Uint16(b[pos+2*j:])
			}
			out = append(out, string(utf16.Decode(u)))
			pos += 2 * n
		} else {
			if pos+1 > len(b) {
				return out, errShort
			}
			n := int(b[pos])
			pos++
			if pos+n > len(b) {
				return out, errShort
			}
			out = append(out, winlang.DecodeCodePage(b[pos:pos+n], 1252))
			pos += n
		}
		pos += cbExtra
	}
	return out, nil
}

// Character sprms that set a language ([MS-DOC] 2.6.1).
const (
	sprmCRgLid0_80 = 0x486D
	sprmCRgLid1_80 = 0x486E
	sprmCRgLid0    = 0x4873
	sprmCRgLid1    = 0x4874
	sprmCLidBi     = 0x485F
)

// readStyleLanguage reads the language of the Normal style (istd 0) from
// the style sheet ([MS-DOC] 2.9.271 STSH): the language the document's
// text is marked with by default. It is set by the writer's proofing
// language, not by the file format, so LibreOffice and localized Word
// both record it.
func readStyleLanguage(rec *provenance.Record, c container, table string, fc int64, n int) {
	b := readPart(rec, c, table, "STSH", fc, n)
	if b == nil {
		return
	}
	le := binary.LittleEndian
	if len(b) < 2 {
		return
	}
	cbStshi := int(le.Uint16(b))
	if 2+cbStshi > len(b) || cbStshi < 4 {
		return
	}
	cstd := int(le.Uint16(b[2:]))
	cbBase := int(le.Uint16(b[4:]))
	pos := 2 + cbStshi
	if cstd == 0 || pos+2 > len(b) {
		return
	}
	cbStd := int(le.Uint16(b[pos:]))
	std := b[pos+2 : min(len(b), pos+2+cbStd)]
	if cbStd == 0 || len(std) < cbBase || cbBase < 10 {
		return
	}
	stk := le.Uint16(std[2:]) & 0xF
	cupx := int(le.Uint16(std[4:]) & 0xF)
	p := cbBase
	if p+2 > len(std) {
		return
	}
	nameLen := int(le.Uint16(std[p:]))
	p += 2 + 2*nameLen + 2 // xstzName and its terminating NUL
	// The UPXs follow, each length-prefixed and padded to an even offset;
	// a paragraph style (stk 1) has its paragraph UPX first, then the
	// character UPX that holds the language.
	var chpx []byte
	for i := 0; i < cupx && p+2 <= len(std); i++ {
		if p%2 != 0 {
			p++
		}
		if p+2 > len(std) {
			break
		}
		cb := int(le.Uint16(std[p:]))
		p += 2
		if p+cb > len(std) {
			break
		}
		upx := std[p : p+cb]
		p += cb
		if (stk == 1 && i == 1) || (stk == 2 && i == 0) {
			chpx = upx
		}
	}
	f := rec.Fields
	for q := 0; q+2 <= len(chpx); {
		sprm := le.Uint16(chpx[q:])
		q += 2
		size := sprmOperandSize(sprm, chpx[q:])
		if size < 0 || q+size > len(chpx) {
			break
		}
		if size == 2 {
			v := le.Uint16(chpx[q:])
			switch sprm {
			case sprmCRgLid0, sprmCRgLid0_80:
				if f["ole.word.style.lid"] == "" || sprm == sprmCRgLid0 {
					f["ole.word.style.lid"] = fmt.Sprintf("0x%04X", v)
					f.Set("ole.word.style.lidTag", winlang.LCIDTag(uint32(v)))
				}
			case sprmCRgLid1, sprmCRgLid1_80:
				f["ole.word.style.lidFE"] = fmt.Sprintf("0x%04X", v)
				f.Set("ole.word.style.lidFETag", winlang.LCIDTag(uint32(v)))
			case sprmCLidBi:
				f["ole.word.style.lidBi"] = fmt.Sprintf("0x%04X", v)
				f.Set("ole.word.style.lidBiTag", winlang.LCIDTag(uint32(v)))
			}
		}
		q += size
	}
}

// sprmOperandSize returns the size of a sprm's operand from its spra bits
// ([MS-DOC] 2.2.5.1), reading the length byte of variable ones; -1 when
// it cannot be told.
func sprmOperandSize(sprm uint16, rest []byte) int {
	switch sprm >> 13 {
	case 0, 1:
		return 1
	case 2, 4, 5:
		return 2
	case 3:
		return 4
	case 7:
		return 3
	case 6:
		if len(rest) < 1 {
			return -1
		}
		return 1 + int(rest[0])
	}
	return -1
}
