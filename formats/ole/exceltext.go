package ole

import (
	"encoding/binary"
	"math"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/docprov/docprov/formats/internal/textdigest"
	"github.com/docprov/docprov/provenance"
)

// The content digest of an Excel 97–2003 (BIFF8) workbook: the cells of its
// worksheets in the workbook's sheet order and as written (row by row),
// normalized as formats/ooxml digests an xlsx's: a shared string's text, a
// string, a number as textdigest.AppendNumber writes it (15 significant digits, plain
// between 1e-5 and 1e15), a boolean as 1 or 0, an error as its text
// (#DIV/0!), a formula's cached result, never the formula.

// BIFF8 records the digest reads ([MS-XLS] 2.3).
const (
	biffBoundSheet = 0x0085
	biffSST        = 0x00FC
	biffContinue   = 0x003C
	biffLabelSST   = 0x00FD
	biffLabel      = 0x0204
	biffRString    = 0x00D6
	biffNumber     = 0x0203
	biffRK         = 0x027E
	biffMulRK      = 0x00BD
	biffBoolErr    = 0x0205
	biffFormula    = 0x0006
	biffStringRec  = 0x0207
)

// Limits on the digest's cost.
const (
	// maxWorkbookTextBytes caps the Workbook stream the digest reads: a
	// larger workbook gets content.skipped "too large" and no digest. It is
	// the size of the read the rest of extraction makes (maxWorkbookRead),
	// so the digest costs one pass over bytes already in memory and never
	// a read of its own. In the shared corpus, 23 of 24 xls and xlt
	// workbooks are under it (the median 17 KB, the largest 158 KB); the
	// 24th (1.3 MB), read again whole for the digest, took about as long
	// to read as all the rest of its extraction.
	maxWorkbookTextBytes = maxWorkbookRead
	// maxSSTStrings caps the shared strings kept.
	maxSSTStrings = 1 << 20
)

// biffErrors are the cell error values, as xlsx writes them.
var biffErrors = map[byte]string{0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!", 0x2A: "#N/A"}

// digestExcelText writes content.chars and content.sha256 for a BIFF8
// workbook stream b, read whole when complete. A stream past
// maxWorkbookTextBytes (tooLarge) gets content.skipped instead; one that
// could not be read whole, or whose structure cannot be followed, gets
// nothing.
func digestExcelText(rec *provenance.Record, b []byte, complete, tooLarge bool) {
	if tooLarge {
		rec.Fields[textdigest.SkippedKey] = textdigest.SkippedTooLarge
		return
	}
	var d textdigest.Digest
	if complete && excelText(b, &d) {
		d.Record(rec.Fields)
	}
}

// excelText adds the cells of a BIFF8 workbook stream to d, and reports
// whether it could read them all.
func excelText(b []byte, d *textdigest.Digest) bool {
	le := binary.LittleEndian
	// The globals: the sheets and the shared strings.
	var sheets []int
	var sst sstStrings
	var sstParts [][]byte
	inSST := false
	pos := 0
	for pos+4 <= len(b) {
		typ, n := le.Uint16(b[pos:]), int(le.Uint16(b[pos+2:]))
		if pos+4+n > len(b) {
			return false
		}
		data := b[pos+4 : pos+4+n]
		pos += 4 + n
		if inSST && typ != biffContinue {
			sst = readSST(sstParts)
			inSST = false
		}
		switch typ {
		case biffBoundSheet:
			// lbPlyPos, hsState, dt: 0 is a worksheet.
			if n >= 6 && data[5] == 0 && len(sheets) < maxListed {
				sheets = append(sheets, int(le.Uint32(data)))
			}
		case biffSST:
			sstParts, inSST = [][]byte{data}, true
		case biffContinue:
			if inSST {
				sstParts = append(sstParts, data)
			}
		}
		if typ == biffEOF {
			break
		}
	}
	if inSST {
		sst = readSST(sstParts)
	}
	cell := func(s string) {
		d.WriteString(s)
		d.Sep()
	}
	number := func(v float64) {
		d.WriteFloat(v)
		d.Sep()
	}
	for _, at := range sheets {
		if at < 0 || at+4 > len(b) || le.Uint16(b[at:]) != biffBOF {
			return false
		}
		depth := 0
		pendingString := false // a FORMULA whose string result follows
		for pos := at; pos+4 <= len(b); {
			typ, n := le.Uint16(b[pos:]), int(le.Uint16(b[pos+2:]))
			if pos+4+n > len(b) {
				return false
			}
			data := b[pos+4 : pos+4+n]
			pos += 4 + n
			switch typ {
			case biffBOF:
				depth++
				continue
			case biffEOF:
				depth--
			}
			if depth == 0 {
				break
			}
			if depth > 1 {
				continue // a chart's substream inside the sheet
			}
			switch typ {
			case biffLabelSST, biffLabel, biffRString, biffNumber, biffRK, biffMulRK, biffBoolErr, biffFormula:
				// A FORMULA's string result comes in the STRING record
				// after it, before the next cell.
				pendingString = false
			}
			switch typ {
			case biffLabelSST:
				if n >= 10 {
					if t, ok := sst.item(int(le.Uint32(data[6:]))); ok {
						d.Write(t)
						d.Sep()
					}
				}
			case biffLabel, biffRString:
				if n >= 8 {
					cell(biffString(data[6:], true))
				}
			case biffNumber:
				if n >= 14 {
					number(math.Float64frombits(le.Uint64(data[6:])))
				}
			case biffRK:
				if n >= 10 {
					number(rkValue(le.Uint32(data[6:])))
				}
			case biffMulRK:
				for q := 4; q+6 <= n-2; q += 6 {
					number(rkValue(le.Uint32(data[q+2:])))
				}
			case biffBoolErr:
				if n >= 8 {
					switch {
					case data[7] == 0 && data[6] != 0:
						cell("1")
					case data[7] == 0:
						cell("0")
					default:
						cell(biffErrors[data[6]])
					}
				}
			case biffFormula:
				if n < 14 {
					continue
				}
				v := data[6:14]
				if le.Uint16(v[6:]) != 0xFFFF {
					number(math.Float64frombits(le.Uint64(v)))
					continue
				}
				switch v[0] {
				case 0:
					pendingString = true
				case 1:
					cell(map[bool]string{true: "1", false: "0"}[v[2] != 0])
				case 2:
					cell(biffErrors[v[2]])
				}
			case biffStringRec:
				if pendingString {
					cell(biffString(data, true))
					pendingString = false
				}
			}
		}
	}
	return true
}

// rkValue decodes an RK number: a 30-bit integer or the high 30 bits of a
// double, divided by 100 when its low bit says so.
func rkValue(rk uint32) float64 {
	var v float64
	if rk&2 != 0 {
		v = float64(int32(rk) >> 2)
	} else {
		v = math.Float64frombits(uint64(rk&^3) << 32)
	}
	if rk&1 != 0 {
		v /= 100
	}
	return v
}

// readSST reads the strings of an SST record and its CONTINUE records: a
// string's characters may run on into the next record, which then starts
// with a new flag byte (8- or 16-bit characters); its rich-text runs and
// phonetic data run on without one.
func readSST(parts [][]byte) sstStrings {
	r := &sstReader{parts: parts}
	r.skip(4) // cstTotal
	count := int(r.u32())
	var s sstStrings
	if r.bad || count < 0 {
		return s
	}
	s.off = append(make([]int, 0, min(count, maxSSTStrings, 4096)+1), 0)
	for i := 0; i < count && len(s.off) <= maxSSTStrings && !r.bad; i++ {
		cch := int(r.u16())
		flags := r.u8()
		runs, ext := 0, 0
		if flags&0x08 != 0 {
			runs = int(r.u16())
		}
		if flags&0x04 != 0 {
			ext = int(r.u32())
		}
		text := r.chars(s.text, cch, flags&1 != 0)
		r.skip(4 * runs)
		r.skip(ext)
		if r.bad {
			break
		}
		s.text = text
		s.off = append(s.off, len(s.text))
	}
	return s
}

// sstStrings are the shared strings as UTF-8, item i at
// text[off[i]:off[i+1]].
type sstStrings struct {
	text []byte
	off  []int
}

func (s sstStrings) item(i int) ([]byte, bool) {
	if i < 0 || i+1 >= len(s.off) {
		return nil, false
	}
	return s.text[s.off[i]:s.off[i+1]], true
}

// sstReader reads across the SST's records.
type sstReader struct {
	parts [][]byte
	part  int
	pos   int
	bad   bool
}

// avail returns the bytes left in the current record, moving on to the
// next when it is used up; fresh says it has just moved.
func (r *sstReader) avail() (rest []byte, fresh bool) {
	for r.part < len(r.parts) && r.pos >= len(r.parts[r.part]) {
		r.part++
		r.pos = 0
		fresh = true
	}
	if r.part >= len(r.parts) {
		r.bad = true
		return nil, fresh
	}
	return r.parts[r.part][r.pos:], fresh
}

func (r *sstReader) u8() byte {
	rest, _ := r.avail()
	if r.bad {
		return 0
	}
	r.pos++
	return rest[0]
}

func (r *sstReader) u16() uint16 { return uint16(r.u8()) | uint16(r.u8())<<8 }
func (r *sstReader) u32() uint32 { return uint32(r.u16()) | uint32(r.u16())<<16 }

func (r *sstReader) skip(n int) {
	for n > 0 && !r.bad {
		rest, _ := r.avail()
		k := min(n, len(rest))
		r.pos += k
		n -= k
	}
}

// chars appends n characters as UTF-8 to buf.
func (r *sstReader) chars(buf []byte, n int, wide bool) []byte {
	for n > 0 && !r.bad {
		rest, fresh := r.avail()
		if r.bad {
			break
		}
		if fresh {
			// A CONTINUE in the middle of the characters: its first byte
			// says their width from there on.
			wide = rest[0]&1 != 0
			r.pos++
			continue
		}
		if !wide {
			k := min(n, len(rest))
			for _, c := range rest[:k] {
				buf = utf8.AppendRune(buf, rune(c))
			}
			r.pos += k
			n -= k
			continue
		}
		k := min(n, len(rest)/2)
		if k == 0 {
			r.bad = true // half a character before the record ends
			break
		}
		for j := 0; j < k; j++ {
			u := rune(binary.LittleEndian.Uint16(rest[2*j:]))
			if utf16.IsSurrogate(u) && j+1 < k {
				if d := utf16.DecodeRune(u, rune(binary.LittleEndian.Uint16(rest[2*j+2:]))); d != utf8.RuneError {
					buf = utf8.AppendRune(buf, d)
					j++
					continue
				}
			}
			buf = utf8.AppendRune(buf, u)
		}
		r.pos += 2 * k
		n -= k
	}
	return buf
}

// readChunked reads len(p) bytes at off of a stream, readChunk at a time
// (mscfb's ReadAt is quadratic in the sectors of one read).
func readChunked(c container, path string, p []byte, off int64) (int, error) {
	n := 0
	for n < len(p) {
		k := min(len(p)-n, readChunk)
		got, err := c.readAt(path, p[n:n+k], off+int64(n))
		n += got
		if got < k {
			if err == nil {
				err = errShort
			}
			return n, err
		}
	}
	return n, nil
}
