package ole

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats/internal/textdigest"
	"github.com/docprov/docprov/provenance"
)

// A piece of a Word document's text: 8-bit (compressed, text holding the
// windows-1252 bytes) or UTF-16.
type piece struct {
	text       string
	compressed bool
}

// wordStreams builds a WordDocument stream holding the pieces and a Clx
// holding a Prc and a piece table over them.
func wordStreams(pieces []piece) (doc, clx []byte) {
	le := binary.LittleEndian
	doc = make([]byte, 512) // the FIB would be here
	var cps []uint32
	var pcds []byte
	cp := uint32(0)
	for _, p := range pieces {
		cps = append(cps, cp)
		fc := uint32(len(doc))
		if p.compressed {
			doc = append(doc, p.text...) // bytes of windows-1252
			fc = fc*2 | 1<<30
			cp += uint32(len(p.text))
		} else {
			u := utf16.Encode([]rune(p.text))
			for _, c := range u {
				doc = le.AppendUint16(doc, c)
			}
			cp += uint32(len(u))
		}
		pcd := make([]byte, 8)
		le.PutUint32(pcd[2:], fc)
		pcds = append(pcds, pcd...)
	}
	cps = append(cps, cp)
	clx = []byte{0x01, 2, 0, 0xAA, 0xBB} // a Prc of two bytes
	plc := []byte{}
	for _, c := range cps {
		plc = le.AppendUint32(plc, c)
	}
	plc = append(plc, pcds...)
	clx = append(clx, 0x02)
	clx = le.AppendUint32(clx, uint32(len(plc)))
	clx = append(clx, plc...)
	return doc, clx
}

func wordDigest(doc, clx []byte, ccpText int) *provenance.Record {
	rec := provenance.NewRecord()
	c := newMem(map[string][]byte{"WordDocument": doc, "1Table": clx})
	digestWordText(rec, c, "1Table", 0, len(clx), ccpText, [2]int64{})
	return rec
}

func TestWordTextDigest(t *testing.T) {
	sum := func(s string) string {
		h := sha256.Sum256([]byte(s))
		return hex.EncodeToString(h[:])
	}
	pieces := []piece{
		{"Page \x13 PAGE \\* MERGEFORMAT \x147\x15 of \x13NUMPAGES\x13 nested \x14x\x15\x149\x15\r\x93quoted\x94\x01 non\x1Ebreaking opt\x1Fional\x0Bline", true},
		{"\rCell \u00dcn\u00efcode\x07\U0001F600\x07\x07\tTab\rRest cut", false},
	}
	doc, clx := wordStreams(pieces)
	total := len(pieces[0].text) + len(utf16.Encode([]rune(pieces[1].text)))
	want := "Page 7 of 9 \u201cquoted\u201d non\u2011breaking optional line Cell \u00dcn\u00efcode \U0001F600 Tab Rest"
	rec := wordDigest(doc, clx, total-4) // " cut" is past the main document
	assert.Empty(t, rec.Problems)
	var text []byte
	d := textdigest.Digest{Tee: &text, Collect: true}
	wordMainText(rec, newMem(map[string][]byte{"WordDocument": doc, "1Table": clx}), "1Table", 0, len(clx), total-4, nil, &d)
	d.Flush()
	assert.Equal(t, want, string(text))
	assert.Equal(t, sum(want), rec.Fields["content.sha256"])
	assert.Equal(t, "71", rec.Fields["content.chars"])
	assert.Equal(t, 71, len([]rune(want)))

	// Only marks: chars 0, no digest.
	doc, clx = wordStreams([]piece{{"\r\x07\r", true}})
	rec = wordDigest(doc, clx, 3)
	assert.Equal(t, "0", rec.Fields["content.chars"])
	assert.NotContains(t, rec.Fields, "content.sha256")
}

// TestWordTextHostile: a piece table that lies gives no digest, never a
// panic or a read past the caps.
func TestWordTextHostile(t *testing.T) {
	le := binary.LittleEndian
	doc, clx := wordStreams([]piece{{"some text\r", true}})
	bad := map[string][]byte{}
	b := append([]byte(nil), clx...)
	le.PutUint32(b[len(b)-8+2:], 1<<29) // the piece's text far past the stream
	bad["text past the stream"] = b
	// The Clx: a Prc of 5 bytes, 0x02, the piece table's size at 6, its
	// CPs from 10.
	_, three := wordStreams([]piece{{"some", true}, {" text", true}, {"\r", true}})
	le.PutUint32(three[10+8:], 1) // CPs 0, 4, 1, 10
	bad["CPs backwards"] = three
	b = append([]byte(nil), clx...)
	le.PutUint32(b[6:], 1<<30) // a piece table longer than the Clx
	bad["piece table too long"] = b
	bad["negative Prc"] = []byte{0x01, 0xFF, 0xFF, 0x02, 0, 0, 0, 0}
	bad["no piece table"] = []byte{0x05, 0, 0, 0, 0, 0}
	bad["Prc past the end"] = []byte{0x01, 0x10, 0x00}
	for name, clx := range bad {
		rec := wordDigest(doc, clx, 10)
		assert.NotContains(t, rec.Fields, "content.sha256", name)
		assert.NotContains(t, rec.Fields, "content.chars", name)
	}
	// The main document longer than the pieces: no digest.
	rec := wordDigest(doc, clx, 1000)
	assert.NotContains(t, rec.Fields, "content.chars")
	assert.NotEmpty(t, rec.Problems)
}

// FuzzWordText feeds arbitrary piece tables and text to the Word digest:
// it must never panic, and always leave Fields by the digest's contract.
func FuzzWordText(f *testing.F) {
	doc, clx := wordStreams([]piece{{"Page \x13 PAGE \x147\x15\r", true}, {"\u00dcn\u00efcode\x07\r", false}})
	f.Add(doc, clx, 20)
	f.Fuzz(func(t *testing.T, doc, clx []byte, ccp int) {
		rec := wordDigest(doc, clx, ccp)
		chars, ok := rec.Fields["content.chars"]
		if !ok {
			if _, has := rec.Fields["content.sha256"]; has {
				t.Fatal("digest without chars")
			}
			return
		}
		if chars == "0" == (rec.Fields["content.sha256"] != "") {
			t.Fatalf("fields %v", rec.Fields)
		}
	})
}

// TestWordTextDeletions: text marked deleted (sprmCFRMarkDel) in the
// character properties is left out, as docx and odt keep it apart.
func TestWordTextDeletions(t *testing.T) {
	le := binary.LittleEndian
	doc, clx := wordStreams([]piece{{"keep gone keep\r", true}})
	// A ChpxFkp page after the text: one run, bytes 517–522 ("gone "),
	// whose Chpx sets sprmCFRMarkDel.
	for len(doc)%512 != 0 {
		doc = append(doc, 0)
	}
	pn := len(doc) / 512
	page := make([]byte, 512)
	le.PutUint32(page[0:], 512+5)
	le.PutUint32(page[4:], 512+10)
	page[8] = 100 / 2 // rgb[0]: the Chpx at byte 100
	page[100] = 3     // cb
	page[101], page[102], page[103] = 0x00, 0x08, 0x01
	page[511] = 1 // crun
	doc = append(doc, page...)
	plc := le.AppendUint32(nil, 512+5)
	plc = le.AppendUint32(plc, 512+10)
	plc = le.AppendUint32(plc, uint32(pn))
	table := append(append([]byte(nil), clx...), plc...)
	rec := provenance.NewRecord()
	c := newMem(map[string][]byte{"WordDocument": doc, "1Table": table})
	digestWordText(rec, c, "1Table", 0, len(clx), 15, [2]int64{int64(len(clx)), int64(len(plc))})
	h := sha256.Sum256([]byte("keep keep"))
	assert.Equal(t, hex.EncodeToString(h[:]), rec.Fields["content.sha256"])

	// A bin table that points past the stream: deletions unknown, the
	// text counts whole.
	rec = provenance.NewRecord()
	le.PutUint32(plc[8:], 1<<20)
	c = newMem(map[string][]byte{"WordDocument": doc, "1Table": append(append([]byte(nil), clx...), plc...)})
	digestWordText(rec, c, "1Table", 0, len(clx), 15, [2]int64{int64(len(clx)), int64(len(plc))})
	h = sha256.Sum256([]byte("keep gone keep"))
	assert.Equal(t, hex.EncodeToString(h[:]), rec.Fields["content.sha256"])
}

// biffRecord is one BIFF record.
func biffRecord(typ uint16, data []byte) []byte {
	b := binary.LittleEndian.AppendUint16(nil, typ)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(data)))
	return append(b, data...)
}

// TestExcelText: cells in the order of the sheets' BoundSheet records,
// shared strings split across CONTINUE records, numbers at 15 digits,
// booleans, errors and formula results.
func TestExcelText(t *testing.T) {
	le := binary.LittleEndian
	u16 := func(b []byte, v uint16) []byte { return le.AppendUint16(b, v) }
	u32 := func(b []byte, v uint32) []byte { return le.AppendUint32(b, v) }
	bof := biffRecord(biffBOF, u16(u16(nil, 0x0600), 0x0010))
	eof := biffRecord(biffEOF, nil)
	// SST: "plain", then "wideÜ" whose characters run on into a CONTINUE
	// that switches to 16-bit characters, with a rich run after them.
	sst := u32(u32(nil, 2), 2)
	sst = append(u16(sst, 5), 0)
	sst = append(sst, "plain"...)
	sst = append(u16(sst, 5), 0x08) // rich: a run count follows
	sst = u16(sst, 1)
	sst = append(sst, "wid"...)
	cont := []byte{1} // the rest in UTF-16
	cont = u16(cont, 'e')
	cont = u16(cont, 0xDC)
	cont = u32(cont, 0) // the rich run
	cell := func(typ uint16, rest []byte) []byte {
		return biffRecord(typ, append(u16(u16(u16(nil, 0), 0), 0), rest...))
	}
	sheet := func(cells ...[]byte) []byte {
		b := append([]byte(nil), bof...)
		for _, c := range cells {
			b = append(b, c...)
		}
		return append(b, eof...)
	}
	num := func(v float64) []byte { return le.AppendUint64(nil, math.Float64bits(v)) }
	s1 := sheet(cell(biffLabelSST, u32(nil, 1)), cell(biffNumber, num(3.4000000000000004)), cell(biffRK, u32(nil, 1250<<2|2)))
	chart := sheet(cell(biffNumber, num(99)))
	// A formula whose string result is in the STRING record after it.
	formula := cell(biffFormula, append([]byte{0, 0, 0, 0, 0, 0, 0xFF, 0xFF}, make([]byte, 6)...))
	str := biffRecord(biffStringRec, append(u16(nil, 2), append([]byte{0}, "ok"...)...))
	s2 := sheet(cell(biffLabelSST, u32(nil, 0)), cell(biffBoolErr, []byte{1, 0}), cell(biffBoolErr, []byte{7, 1}), formula, str)
	// Globals: BoundSheets point at s2 (first) then s1; a chart sheet
	// between them is not a worksheet.
	var globals []byte
	bound := func(at int, dt byte) []byte {
		return biffRecord(biffBoundSheet, append(u32(nil, uint32(at)), 0, dt, 1, 'x'))
	}
	head := len(bof) + 3*len(bound(0, 0)) + len(biffRecord(biffSST, sst)) + len(biffRecord(biffContinue, cont)) + len(eof)
	globals = append(globals, bof...)
	globals = append(globals, bound(head+len(s1)+len(chart), 0)...)
	globals = append(globals, bound(head+len(s1), 2)...)
	globals = append(globals, bound(head, 0)...)
	globals = append(globals, biffRecord(biffSST, sst)...)
	globals = append(globals, biffRecord(biffContinue, cont)...)
	globals = append(globals, eof...)
	wb := append(append(append(globals, s1...), chart...), s2...)
	var out []byte
	d := textdigest.Digest{Tee: &out, Collect: true}
	ok := excelText(wb, &d)
	d.Flush()
	assert.True(t, ok)
	assert.Equal(t, "plain 1 #DIV/0! ok wide\u00dc 3.4 1250", string(out))
}

// FuzzExcelText feeds arbitrary Workbook streams to the Excel digest: it
// must never panic.
func FuzzExcelText(f *testing.F) {
	f.Add(biffRecord(biffBOF, []byte{0, 6, 0x10, 0}))
	f.Fuzz(func(t *testing.T, wb []byte) {
		var d textdigest.Digest
		excelText(wb, &d)
		readSST([][]byte{wb, wb[len(wb)/2:]}).item(0)
	})
}

// TestExcelDigestCap: a workbook is digested from the read the rest of
// extraction makes; one past maxWorkbookTextBytes gets content.skipped
// and neither digest key.
func TestExcelDigestCap(t *testing.T) {
	le := binary.LittleEndian
	bof := biffRecord(biffBOF, le.AppendUint16(le.AppendUint16(nil, 0x0600), 0x0010))
	eof := biffRecord(biffEOF, nil)
	workbook := func(size int) []byte {
		sheetAt := len(bof) + 4 + 8 + len(eof)
		b := append([]byte(nil), bof...)
		b = append(b, biffRecord(biffBoundSheet, append(le.AppendUint32(nil, uint32(sheetAt)), 0, 0, 1, 'x'))...)
		b = append(b, eof...)
		b = append(b, bof...)
		b = append(b, biffRecord(biffLabel, append(make([]byte, 6), 2, 0, 0, 'h', 'i'))...)
		// Padding in records no digest reads, then the sheet's EOF.
		for len(b)+len(eof) < size {
			b = append(b, biffRecord(0x0862, make([]byte, min(8000, size-len(b)-len(eof)-4)))...)
		}
		return append(b, eof...)
	}
	for _, c := range []struct {
		size           int
		chars, skipped string
		hasDigest      bool
	}{
		{1000, "2", "", true},
		{maxWorkbookTextBytes, "2", "", true},
		{maxWorkbookTextBytes + 1, "", textdigest.SkippedTooLarge, false},
		{4 << 20, "", textdigest.SkippedTooLarge, false},
	} {
		wb := workbook(c.size)
		require.Equal(t, c.size, len(wb))
		rec := &provenance.Record{Fields: provenance.Fields{}}
		readExcel(context.Background(), rec, newMem(map[string][]byte{"Workbook": wb}))
		assert.Equal(t, c.chars, rec.Fields[textdigest.CharsKey], c.size)
		assert.Equal(t, c.skipped, rec.Fields[textdigest.SkippedKey], c.size)
		_, has := rec.Fields[textdigest.SHA256Key]
		assert.Equal(t, c.hasDigest, has, c.size)
		assert.Empty(t, rec.Problems, c.size)
	}
}
