package ole

import (
	"context"
	"encoding/binary"
	"errors"
	"github.com/docprov/docprov/formats/internal/winlang"
	"io"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/provenance"
)

// memContainer is a container held in memory, to feed the stream parsers
// inputs no real producer on this machine writes (Outlook messages) or
// that a compound file would make tedious to build.
type memContainer struct {
	list    []entry
	streams map[string][]byte
}

func newMem(streams map[string][]byte, storages ...string) *memContainer {
	m := &memContainer{streams: streams, list: []entry{{path: "", storage: true}}}
	for _, s := range storages {
		m.list = append(m.list, entry{path: s, storage: true})
	}
	for p, b := range streams {
		m.list = append(m.list, entry{path: p, size: int64(len(b))})
	}
	return m
}

func (m *memContainer) entries() []entry { return m.list }

func (m *memContainer) read(path string, limit int) ([]byte, error) {
	b, ok := m.streams[path]
	if !ok {
		return nil, errors.New("no such stream")
	}
	return b[:min(len(b), limit)], nil
}

func (m *memContainer) readAt(path string, p []byte, off int64) (int, error) {
	b, ok := m.streams[path]
	if !ok {
		return 0, errors.New("no such stream")
	}
	if off >= int64(len(b)) {
		return 0, io.EOF
	}
	n := copy(p, b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// propBuilder writes a one-section property set.
type propBuilder struct {
	fmtid []byte
	props [][2]any // id uint32, value bytes
}

func (pb *propBuilder) add(id uint32, value []byte) { pb.props = append(pb.props, [2]any{id, value}) }

func (pb *propBuilder) bytes() []byte {
	le := binary.LittleEndian
	var sec []byte
	table := make([]byte, 8+8*len(pb.props))
	off := len(table)
	for i, p := range pb.props {
		le.PutUint32(table[8+8*i:], p[0].(uint32))
		le.PutUint32(table[12+8*i:], uint32(off))
		v := p[1].([]byte)
		for len(v)%4 != 0 {
			v = append(v, 0)
		}
		sec = append(sec, v...)
		off += len(v)
	}
	le.PutUint32(table, uint32(off))
	le.PutUint32(table[4:], uint32(len(pb.props)))
	head := make([]byte, 48)
	le.PutUint16(head, 0xFFFE)
	le.PutUint16(head[6:], 2)
	le.PutUint32(head[24:], 1)
	copy(head[28:], pb.fmtid)
	le.PutUint32(head[44:], 48)
	return append(append(head, table...), sec...)
}

func typed(vt uint16, payload ...[]byte) []byte {
	b := binary.LittleEndian.AppendUint16(nil, vt)
	b = append(b, 0, 0)
	for _, p := range payload {
		b = append(b, p...)
	}
	return b
}

func u32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

func lpstr(b []byte) []byte { return append(u32(uint32(len(b)+1)), append(b, 0)...) }

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

var summaryFMTID = []byte{0xE0, 0x85, 0x9F, 0xF2, 0xF9, 0x4F, 0x68, 0x10, 0xAB, 0x91, 0x08, 0x00, 0x2B, 0x27, 0xB3, 0xD9}

func TestPropertySetCodePages(t *testing.T) {
	// "Рошка" in windows-1251, as Russian Office writes VT_LPSTR.
	cp1251 := []byte{0xD0, 0xEE, 0xF8, 0xEA, 0xE0}
	pb := &propBuilder{fmtid: summaryFMTID}
	pb.add(1, typed(vtI2, []byte{0xE3, 0x04})) // 1251
	pb.add(4, typed(vtLPSTR, lpstr(cp1251)))
	pb.add(10, typed(vtFiletime, binary.LittleEndian.AppendUint64(nil, 5400*1e7)))
	pb.add(12, typed(vtFiletime, binary.LittleEndian.AppendUint64(nil, 131328295200000000))) // 2017-03-01T08:12:00Z
	ps, err := ParsePropertySet(pb.bytes())
	require.NoError(t, err)
	require.Len(t, ps.Sections, 1)
	sec := ps.Sections[0]
	assert.Equal(t, 1251, sec.CodePage)
	assert.Equal(t, "Рошка", sec.Properties[1].Value)
	assert.Equal(t, int64(5400), sec.Properties[2].Value.(Filetime).Duration())
	assert.Equal(t, "2017-03-01T08:12:00Z", FormatValue(sec.Properties[3].Value))
	assert.Equal(t, "Win32 0.0", "Win32 "+ps.OSVersion)

	rec := provenance.NewRecord()
	setSection(rec, "ole.summary.", sec, summaryNames)
	normalize(rec)
	assert.Equal(t, []string{"Рошка"}, rec.Authors)
	assert.Equal(t, int64(5400), rec.EditTimeSeconds)
	assert.Equal(t, "windows-1251 (Cyrillic)", rec.Fields["ole.summary.CodePageName"])
	assert.Empty(t, rec.Languages, "1251 is a script, not a language")
}

func TestPropertySetVectorsAndDictionary(t *testing.T) {
	le := binary.LittleEndian
	userFMTID := []byte{0x05, 0xD5, 0xCD, 0xD5, 0x9C, 0x2E, 0x1B, 0x10, 0x93, 0x97, 0x08, 0x00, 0x2B, 0x2C, 0xF9, 0xAE}
	pb := &propBuilder{fmtid: userFMTID}
	pb.add(1, typed(vtI2, le.AppendUint16(nil, 1200)))
	// Dictionary in UTF-16: each name padded to four bytes.
	dict := u32(2)
	for _, e := range []struct {
		id   uint32
		name string
	}{{2, "Projet"}, {3, "Échéance"}} {
		name := append(utf16le(e.name), 0, 0)
		dict = append(dict, u32(e.id)...)
		dict = append(dict, u32(uint32(len(name)/2))...)
		dict = append(dict, name...)
		for len(dict)%4 != 0 {
			dict = append(dict, 0)
		}
	}
	pb.add(0, dict)
	pb.add(2, typed(vtLPWSTR, u32(4), append(utf16le("abc"), 0, 0)))
	pb.add(3, typed(vtDate, le.AppendUint64(nil, 0x40E52B2000000000))) // 43353 days
	// A vector of variants, as HeadingPairs: ("Title", 1).
	pb.add(4, typed(vtVector|vtVariant, u32(2), typed(vtLPSTR, u32(8), utf16le("Tit")), []byte{0, 0}, typed(vtI4, u32(1))))
	ps, err := ParsePropertySet(pb.bytes())
	require.NoError(t, err)
	sec := ps.Sections[0]
	assert.Equal(t, map[uint32]string{2: "Projet", 3: "Échéance"}, sec.Dictionary)
	rec := provenance.NewRecord()
	setCustom(rec, "ole.", sec, true)
	f := rec.Fields
	assert.Equal(t, "abc", f["ole.custom.Projet"])
	assert.Equal(t, "VT_LPWSTR", f["ole.custom.Projet.type"])
	assert.Equal(t, "2018-09-10T00:00:00", f["ole.custom.Échéance"], "VT_DATE has no offset")
	assert.Equal(t, "Tit", f["ole.custom.0x00000004[0]"])
	assert.Equal(t, "1", f["ole.custom.0x00000004[1]"])
}

func TestPropertySetHostile(t *testing.T) {
	pb := &propBuilder{fmtid: summaryFMTID}
	pb.add(2, typed(vtVector|vtLPSTR, u32(0xFFFFFFF0)))    // a vector claiming 4 billion items
	pb.add(3, typed(vtLPSTR, u32(0x7FFFFFFF)))             // a string longer than the stream
	pb.add(5, typed(vtBlob, u32(0xFFFFFFFF)))              // so is this blob
	pb.add(6, typed(vtArray|vtI4, u32(1)))                 // arrays are not supported
	pb.add(7, typed(0x7777))                               // no such type
	pb.add(8, typed(vtLPSTR, lpstr([]byte("still here")))) // and a good one after them
	ps, err := ParsePropertySet(pb.bytes())
	require.Error(t, err)
	require.Len(t, ps.Sections, 1)
	require.Len(t, ps.Sections[0].Properties, 1)
	assert.Equal(t, "still here", ps.Sections[0].Properties[0].Value)

	// A section count and property count beyond the data.
	b := pb.bytes()
	binary.LittleEndian.PutUint32(b[48+4:], 0x10000000)
	_, err = ParsePropertySet(b)
	assert.Error(t, err)
	_, err = ParsePropertySet(b[:20])
	assert.Error(t, err)
}

func TestMsg(t *testing.T) {
	le := binary.LittleEndian
	props := make([]byte, 32)
	fixed := func(typ, id uint16, v uint64) {
		e := make([]byte, 16)
		le.PutUint16(e, typ)
		le.PutUint16(e[2:], id)
		le.PutUint64(e[8:], v)
		props = append(props, e...)
	}
	fixed(ptSystime, 0x0039, 131328295200000000)        // ClientSubmitTime 2017-03-01T08:12:00Z
	fixed(ptSystime, 0x0E06, 131328295200000000+60*1e7) // MessageDeliveryTime one minute later
	fixed(ptLong, 0x3FFD, 1251)
	fixed(ptLong, 0x3FF1, 0x0419)
	recip := make([]byte, 8)
	c := newMem(map[string][]byte{
		"__properties_version1.0":                              props,
		"__substg1.0_0037001F":                                 utf16le("Budget"),
		"__substg1.0_0C1A001F":                                 utf16le("Marie Dupont"),
		"__substg1.0_0C1F001E":                                 []byte("marie@example.fr"),
		"__substg1.0_1035001F":                                 utf16le("<abc@example.fr>"),
		"__substg1.0_1000001F":                                 utf16le("the body is content, not provenance"),
		"__substg1.0_007D001E":                                 []byte("Received: from a by b; Wed, 1 Mar 2017 09:12:00 +0100\r\nX-Mailer: Microsoft Outlook 16.0\r\nMessage-ID: <abc@example.fr>\r\n"),
		"__substg1.0_0E04001E":                                 []byte{0xC8, 0xE2, 0xE0, 0xED}, // "Иван" in windows-1251
		"__recip_version1.0_#00000000/__properties_version1.0": recip,
		"__recip_version1.0_#00000000/__substg1.0_3001001F":    utf16le("Иван"),
		"__recip_version1.0_#00000000/__substg1.0_39FE001F":    utf16le("ivan@example.ru"),
	}, "__recip_version1.0_#00000000")
	rec := provenance.NewRecord()
	require.NoError(t, extract(context.Background(), rec, c))
	assert.Equal(t, "msg", rec.Format)
	assert.Equal(t, "Budget", rec.Title)
	assert.Equal(t, []string{"Marie Dupont"}, rec.Authors)
	assert.Equal(t, "2017-03-01T08:12:00Z", rec.Created.String())
	assert.Equal(t, []string{"ru-RU"}, rec.Languages)
	f := rec.Fields
	assert.Equal(t, "2017-03-01T08:13:00Z", f["ole.msg.MessageDeliveryTime"])
	assert.Equal(t, "Иван", f["ole.msg.DisplayTo"])
	assert.Equal(t, "ivan@example.ru", f["ole.msg.recipient[0].SmtpAddress"])
	assert.Equal(t, "Microsoft Outlook 16.0", f["ole.msg.header.X-Mailer"])
	assert.Equal(t, "<abc@example.fr>", f["ole.msg.header.Message-ID"])
	assert.NotContains(t, f, "ole.msg.Body")
	assert.Equal(t, []string{"Microsoft Outlook 16.0"}, []string{rec.Software[0].Raw})
	require.Len(t, rec.IDs, 1)
	assert.Equal(t, "<abc@example.fr>", rec.IDs[0].Value)

	// The message reads like an .eml of it.
	require.NotNil(t, rec.Email)
	assert.Equal(t, "<abc@example.fr>", rec.Email.MessageID)
	assert.Equal(t, "marie@example.fr", rec.Email.From)
	assert.Equal(t, "Budget", rec.Email.Subject)
	assert.Equal(t, "2017-03-01T08:12:00Z", rec.Email.Date.String())
	assert.Equal(t, []string{"ivan@example.ru"}, rec.Email.To)
}

func TestLCIDAndCodePage(t *testing.T) {
	assert.Equal(t, "fr-FR", winlang.LCIDTag(0x040C))
	assert.Equal(t, "ru-RU", winlang.LCIDTag(0x0419))
	assert.Equal(t, "de-DE", winlang.LCIDTag(0x00010407), "sort ID ignored")
	assert.Equal(t, "", winlang.LCIDTag(0x0400))
	assert.Equal(t, "ar", winlang.LCIDTag(0x4401), "unlisted sublanguage: primary language only")
	assert.Equal(t, "ja", winlang.CodePageLanguage(932))
	assert.Equal(t, "", winlang.CodePageLanguage(1251))
	assert.Equal(t, "日本", winlang.DecodeCodePage([]byte{0x93, 0xFA, 0x96, 0x7B, 0}, 932))
	assert.Equal(t, "café", winlang.DecodeCodePage([]byte("caf\xe9\x00junk"), 0), "no code page: windows-1252 unless UTF-8")
	assert.Equal(t, "ü", winlang.DecodeCodePage([]byte("ü"), 0))
}

func TestEncryptedOOXML(t *testing.T) {
	info := []byte{4, 0, 4, 0, 0x40, 0, 0, 0}
	info = append(info, []byte(`<?xml version="1.0"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="x"/><keyEncryptors><keyEncryptor uri="u"><p:encryptedKey xmlns:p="p" spinCount="100000" saltSize="16"/></keyEncryptor></keyEncryptors></encryption>`)...)
	c := newMem(map[string][]byte{"EncryptionInfo": info, "EncryptedPackage": make([]byte, 64)}, "\x06DataSpaces")
	rec := provenance.NewRecord()
	require.NoError(t, extract(context.Background(), rec, c))
	assert.Equal(t, "ooxml-encrypted", rec.Format)
	f := rec.Fields
	assert.Equal(t, "agile", f["ole.encryption"])
	assert.Equal(t, "AES", f["ole.encryption.keyData.cipherAlgorithm"])
	assert.Equal(t, "256", f["ole.encryption.keyData.keyBits"])
	assert.Equal(t, "100000", f["ole.encryption.encryptedKey.spinCount"])
	require.Len(t, rec.Problems, 1)
	assert.Contains(t, rec.Problems[0], "encrypted (agile, AES-256)")
}

// compObj writes a \x01CompObj stream ([MS-OLEDS] 2.3.8) with an ANSI user
// type, a registered clipboard format name and a ProgID, as Office does.
func compObj(userType, clipboard, progID []byte) []byte {
	b := make([]byte, 28)
	binary.LittleEndian.PutUint16(b[2:], 0xFFFE)
	b = append(b, lpstr(userType)...)
	b = append(b, lpstr(clipboard)...)
	return append(b, lpstr(progID)...)
}

// The CompObj user type is in the writer's ANSI code page: "Microsoft
// Excel 工作表" in code page 936 from a Chinese Excel. It is decoded with
// the code page the property sets or the workbook's CODEPAGE record give,
// not read as windows-1252.
func TestCompObjUserTypeUsesTheFileCodePage(t *testing.T) {
	gbk := append([]byte("Microsoft Excel "), 0xB9, 0xA4, 0xD7, 0xF7, 0xB1, 0xED) // 工作表
	obj := compObj(gbk, []byte("Biff8"), []byte("Excel.Sheet.8"))
	summary := func(cp uint16) []byte {
		pb := &propBuilder{fmtid: summaryFMTID}
		pb.add(1, typed(vtI2, binary.LittleEndian.AppendUint16(nil, cp)))
		pb.add(4, typed(vtLPSTR, lpstr([]byte("dsx"))))
		return pb.bytes()
	}
	// BIFF8 BOF, CODEPAGE 936, EOF.
	biff := func(cp uint16) []byte {
		le := binary.LittleEndian
		var b []byte
		rec := func(typ uint16, data []byte) {
			b = le.AppendUint16(b, typ)
			b = le.AppendUint16(b, uint16(len(data)))
			b = append(b, data...)
		}
		rec(0x0809, []byte{0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
		rec(0x0042, le.AppendUint16(nil, cp))
		rec(0x000A, nil)
		return b
	}
	for _, c := range []struct {
		name    string
		streams map[string][]byte
		want    string
	}{
		{"SummaryInformation code page", map[string][]byte{"\x05SummaryInformation": summary(936), "\x01CompObj": obj, "Workbook": biff(1200)}, "Microsoft Excel 工作表"},
		{"workbook CODEPAGE only", map[string][]byte{"\x05SummaryInformation": summary(1200), "\x01CompObj": obj, "Workbook": biff(936)}, "Microsoft Excel 工作表"},
		{"no ANSI code page known", map[string][]byte{"\x01CompObj": obj}, "Microsoft Excel ¹¤×÷±í"}, // the windows-1252 guess
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := provenance.NewRecord()
			require.NoError(t, extract(context.Background(), rec, newMem(c.streams)))
			assert.Equal(t, c.want, rec.Fields["ole.compobj.UserType"])
			assert.Equal(t, "Biff8", rec.Fields["ole.compobj.ClipboardFormat"])
			assert.Equal(t, "Excel.Sheet.8", rec.Fields["ole.compobj.ProgID"])
		})
	}
}

// A compound file whose streams name no application is named by what it
// says of itself, as ExifTool does: a PowerPoint 4.0 presentation, whose
// AppName is "Microsoft PowerPoint 4.0", is a ppt, not an "ole"; a "PP40"
// stream is PowerPoint 4.0/95 too. A file that claims nothing stays "ole".
func TestPowerPoint4IsPPT(t *testing.T) {
	summary := func(app string) []byte {
		pb := &propBuilder{fmtid: summaryFMTID}
		pb.add(1, typed(vtI2, binary.LittleEndian.AppendUint16(nil, 1252)))
		pb.add(18, typed(vtLPSTR, lpstr([]byte(app))))
		return pb.bytes()
	}
	for _, c := range []struct {
		name           string
		streams        map[string][]byte
		format, source string
	}{
		{"AppName", map[string][]byte{"\x05SummaryInformation": summary("Microsoft PowerPoint 4.0"), "Pictures": {0}}, "ppt", "ole.summary.AppName"},
		{"PP40 stream", map[string][]byte{"PP40": make([]byte, 64)}, "ppt", ""},
		{"CompObj before AppName", map[string][]byte{"\x05SummaryInformation": summary("Microsoft PowerPoint 4.0"),
			"\x01CompObj": compObj([]byte("Microsoft Word 6.0-Dokument"), []byte("MSWordDoc"), []byte("Word.Document.6"))}, "doc", "ole.compobj.UserType"},
		{"WordPerfect is not Word", map[string][]byte{"\x05SummaryInformation": summary("WordPerfect 8")}, "ole", ""},
		{"no claim", map[string][]byte{"Contents": {1, 2, 3}}, "ole", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := provenance.NewRecord()
			require.NoError(t, extract(context.Background(), rec, newMem(c.streams)))
			assert.Equal(t, c.format, rec.Format)
			assert.Equal(t, c.source, rec.Fields["ole.type.source"])
			if c.format == "ppt" {
				assert.Equal(t, "application/vnd.ms-powerpoint", rec.MIME)
				assert.Equal(t, "PowerPoint", rec.Fields["ole.type"])
			}
		})
	}
}
