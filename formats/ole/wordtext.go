package ole

import (
	"encoding/binary"
	"sort"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/docprov/docprov/formats/internal/textdigest"
	"github.com/docprov/docprov/provenance"
)

// The content digest of a Word 97–2003 document: the main document's text
// (the first ccpText characters), found through the piece table (the Clx
// in the table stream, [MS-DOC] 2.9.38), normalized as formats/ooxml and
// formats/odf do (formats/internal/textdigest), so that a doc and its docx or odt
// conversion can digest alike.

// FibRgFcLcb97 pairs the digest reads: the Clx, and the bin table of the
// character properties (PlcBteChpx), whose revision marks tell deleted
// text.
const (
	fcPlcfBteChpx = 12
	fcClx         = 33
)

// sprmCFRMarkDel marks text deleted with change tracking on.
const sprmCFRMarkDel = 0x0800

// Limits on the digest's cost.
const (
	// maxClxBytes caps the piece table read.
	maxClxBytes = 16 << 20
	// maxWordTextBytes caps the bytes of text read through it.
	maxWordTextBytes = 64 << 20
	// maxFieldDepth caps the nesting of fields followed.
	maxFieldDepth = 256
	// maxChpxPages caps the pages of character properties read (512 bytes
	// each) for revision marks.
	maxChpxPages = 1 << 16
)

// cp1252High maps the bytes 0x80–0x9F of 8-bit ("compressed") text to the
// characters [MS-DOC] 2.4.1 gives them; other bytes are Latin-1.
var cp1252High = [32]rune{
	0x80, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x8E, 0x8F,
	0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x9E, 0x0178,
}

// wordText turns Word's characters into text for the digest: field codes
// are left out (their results kept), paragraph, cell and row marks, line,
// page and column breaks and tabs are boundaries, the non-breaking hyphen
// is U+2011, and the other control characters (optional hyphens, anchors
// of pictures, notes and comments) are dropped.
type wordText struct {
	d *textdigest.Digest
	// fields holds, for each field open, whether its code is being read
	// (between 0x13 and 0x14); codes counts those that are.
	fields []bool
	codes  int
	deeper int // fields opened past maxFieldDepth
	buf    [256]byte
	n      int
	// high is a UTF-16 high surrogate waiting for its low half.
	high rune
}

func (w *wordText) char(r rune) {
	if w.high != 0 {
		h := w.high
		w.high = 0
		if utf16.IsSurrogate(r) && r >= 0xDC00 {
			w.char(utf16.DecodeRune(h, r))
			return
		}
		w.char(utf8.RuneError)
	}
	if r >= 0xD800 && r < 0xDC00 {
		w.high = r
		return
	}
	switch r {
	case 0x13:
		if len(w.fields) >= maxFieldDepth {
			w.deeper++
			return
		}
		w.fields = append(w.fields, true)
		w.codes++
		return
	case 0x14:
		if w.deeper == 0 && len(w.fields) > 0 && w.fields[len(w.fields)-1] {
			w.fields[len(w.fields)-1] = false
			w.codes--
		}
		return
	case 0x15:
		switch {
		case w.deeper > 0:
			w.deeper--
		case len(w.fields) > 0:
			if w.fields[len(w.fields)-1] {
				w.codes--
			}
			w.fields = w.fields[:len(w.fields)-1]
		}
		return
	}
	if w.codes > 0 {
		return
	}
	switch {
	case r == 0x0D || r == 0x07 || r == 0x0B || r == 0x0C || r == 0x0E || r == 0x09:
		w.flush()
		w.d.Sep()
		return
	case r == 0x1E:
		r = 0x2011
	case r < 0x20:
		return
	}
	if w.n+utf8.UTFMax > len(w.buf) {
		w.flush()
	}
	w.n += utf8.EncodeRune(w.buf[w.n:], r)
}

func (w *wordText) flush() {
	w.d.Write(w.buf[:w.n])
	w.n = 0
}

// digestWordText writes content.chars and content.sha256 for the main
// document of a Word 97–2003 file: ccpText characters through the Clx at
// fc (lcb bytes) of the table stream. A piece table that cannot be read
// whole, or does not cover the main document, gives no digest.
//
// Text deleted with change tracking on (sprmCFRMarkDel in the character
// properties of bin table chpx) is left out, as docx and odt keep it apart
// from the text.
func digestWordText(rec *provenance.Record, c container, table string, fc int64, lcb, ccpText int, chpx [2]int64) {
	var d textdigest.Digest
	if wordMainText(rec, c, table, fc, lcb, ccpText, deletedRuns(c, table, chpx[0], chpx[1]), &d) {
		d.Record(rec.Fields)
	}
}

// fcRange is a range [start, end) of WordDocument offsets.
type fcRange struct{ start, end int64 }

// fcRanges are sorted ranges; in finds whether an offset is in one,
// remembering where it looked last (offsets come in increasing runs).
type fcRanges struct {
	r    []fcRange
	last int
}

func (rs *fcRanges) in(fc int64) bool {
	if rs == nil || len(rs.r) == 0 {
		return false
	}
	if i := rs.last; i < len(rs.r) && rs.r[i].start <= fc {
		for i < len(rs.r) && rs.r[i].end <= fc {
			i++
		}
		rs.last = i
		return i < len(rs.r) && rs.r[i].start <= fc
	}
	i := sort.Search(len(rs.r), func(k int) bool { return rs.r[k].end > fc })
	rs.last = i
	return i < len(rs.r) && rs.r[i].start <= fc
}

// deletedRuns reads the bin table of character properties (PlcBteChpx at
// fc, lcb bytes, of the table stream) and the property pages it points to,
// and returns the ranges of text marked deleted; nil when there are none
// or they cannot be read (then deleted text counts as text).
func deletedRuns(c container, table string, fc, lcb int64) *fcRanges {
	if lcb < 12 || (lcb-4)%8 != 0 {
		return nil
	}
	n := int((lcb - 4) / 8)
	if n > maxChpxPages {
		return nil
	}
	plc := make([]byte, lcb)
	if got, _ := c.readAt(table, plc, fc); got < len(plc) {
		return nil
	}
	le := binary.LittleEndian
	var out []fcRange
	page := make([]byte, 512)
	for k := 0; k < n; k++ {
		pn := int64(le.Uint32(plc[4*(n+1)+4*k:]) & 0x3FFFFF)
		if got, _ := c.readAt("WordDocument", page, pn*512); got < len(page) {
			return nil
		}
		crun := int(page[511])
		if 4*(crun+1)+crun > 511 {
			continue
		}
		for i := 0; i < crun; i++ {
			off := 2 * int(page[4*(crun+1)+i])
			if off == 0 || off >= 511 {
				continue
			}
			cb := int(page[off])
			grpprl := page[off+1 : min(511, off+1+cb)]
			if !marksDeleted(grpprl) {
				continue
			}
			start, end := int64(le.Uint32(page[4*i:])), int64(le.Uint32(page[4*i+4:]))
			if end > start {
				out = append(out, fcRange{start, end})
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	// Merge overlaps, so that a search by end finds the one range.
	merged := out[:1]
	for _, r := range out[1:] {
		if last := &merged[len(merged)-1]; r.start <= last.end {
			last.end = max(last.end, r.end)
			continue
		}
		merged = append(merged, r)
	}
	return &fcRanges{r: merged}
}

// marksDeleted reports whether a Chpx's property modifiers set
// sprmCFRMarkDel (1, or 0x81: the opposite of the style's, which is never
// deleted).
func marksDeleted(grpprl []byte) bool {
	le := binary.LittleEndian
	for q := 0; q+2 <= len(grpprl); {
		sprm := le.Uint16(grpprl[q:])
		q += 2
		size := sprmOperandSize(sprm, grpprl[q:])
		if size < 0 || q+size > len(grpprl) {
			return false
		}
		if sprm == sprmCFRMarkDel && (grpprl[q] == 1 || grpprl[q] == 0x81) {
			return true
		}
		q += size
	}
	return false
}

// wordMainText adds the main document's text to d, but for the text at
// the offsets in deleted, and reports whether it could read it all.
func wordMainText(rec *provenance.Record, c container, table string, fc int64, lcb, ccpText int, deleted *fcRanges, d *textdigest.Digest) bool {
	if lcb <= 5 || lcb > maxClxBytes || ccpText < 0 {
		return false
	}
	clx := readPart(rec, c, table, "Clx", fc, lcb)
	if clx == nil {
		return false
	}
	le := binary.LittleEndian
	i := 0
	// Prc entries (property modifiers) come first.
	for i < len(clx) && clx[i] == 0x01 {
		if i+3 > len(clx) {
			return false
		}
		cb := int(int16(le.Uint16(clx[i+1:])))
		if cb < 0 {
			return false
		}
		i += 3 + cb
	}
	if i+5 > len(clx) || clx[i] != 0x02 {
		rec.AddProblem("%s: Clx: no piece table", table)
		return false
	}
	size := int(le.Uint32(clx[i+1:]))
	plc := clx[i+5:]
	if size < 16 || size > len(plc) || (size-4)%12 != 0 {
		rec.AddProblem("%s: Clx: piece table of %d bytes", table, size)
		return false
	}
	plc = plc[:size]
	n := (size - 4) / 12
	cps, pcds := plc[:4*(n+1)], plc[4*(n+1):]
	if int(le.Uint32(cps[4*n:])) < ccpText {
		rec.AddProblem("%s: Clx: the pieces end before the main document does", table)
		return false
	}
	w := &wordText{d: d}
	var buf []byte
	read := 0
	for k := 0; k < n; k++ {
		start, end := int(le.Uint32(cps[4*k:])), int(le.Uint32(cps[4*k+4:]))
		if start >= ccpText {
			break
		}
		end = min(end, ccpText)
		if end < start || start < 0 {
			rec.AddProblem("%s: Clx: piece %d runs backwards", table, k)
			return false
		}
		if end == start {
			continue
		}
		v := le.Uint32(pcds[8*k+2:])
		compressed := v&(1<<30) != 0
		at := int64(v &^ (3 << 30))
		count := end - start
		width := 2
		if compressed {
			at, width = at/2, 1
		}
		read += count * width
		if read > maxWordTextBytes {
			return false
		}
		if cap(buf) < count*width {
			buf = make([]byte, count*width)
		}
		buf = buf[:count*width]
		if got, err := readChunked(c, "WordDocument", buf, at); got < len(buf) {
			if err == nil {
				err = errShort
			}
			rec.AddProblem("WordDocument: text piece %d at %d: %v", k, at, err)
			return false
		}
		if compressed {
			for j, b := range buf {
				if deleted.in(at + int64(j)) {
					continue
				}
				r := rune(b)
				if b >= 0x80 && b < 0xA0 {
					r = cp1252High[b-0x80]
				}
				w.char(r)
			}
		} else {
			for j := 0; j+1 < len(buf); j += 2 {
				if deleted.in(at + int64(j)) {
					continue
				}
				w.char(rune(le.Uint16(buf[j:])))
			}
		}
	}
	if w.high != 0 {
		w.high = 0
		w.char(utf8.RuneError)
	}
	w.flush()
	return true
}
