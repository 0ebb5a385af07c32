package tnef

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/provenance"
)

// The TNEF streams below are built here, byte by byte, after [MS-OXTNEF]:
// no program on this machine writes winmail.dat.

var le = binary.LittleEndian

// tnefFile is a TNEF stream under construction.
type tnefFile struct{ b []byte }

func newTNEF() *tnefFile {
	return &tnefFile{b: append(append([]byte{}, Signature...), 0x34, 0x12)}
}

// attr appends an attribute with its checksum (sumDelta spoils it).
func (t *tnefFile) attr(level byte, id uint32, data []byte, sumDelta uint16) *tnefFile {
	t.b = append(t.b, level)
	t.b = le.AppendUint32(t.b, id)
	t.b = le.AppendUint32(t.b, uint32(len(data)))
	t.b = append(t.b, data...)
	var s uint16
	for _, c := range data {
		s += uint16(c)
	}
	t.b = le.AppendUint16(t.b, s+sumDelta)
	return t
}

func dtr(y, mo, d, h, mi, s int) []byte {
	var b []byte
	for _, v := range []int{y, mo, d, h, mi, s, 4} {
		b = le.AppendUint16(b, uint16(v))
	}
	return b
}

func cstr(s string) []byte { return append([]byte(s), 0) }

func u32(v uint32) []byte { return le.AppendUint32(nil, v) }

// props is a MAPI property list under construction.
type props struct {
	n int
	b []byte
}

func pad4(b []byte) []byte {
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

func (p *props) str8(id uint16, s string) *props {
	p.n++
	p.b = le.AppendUint16(p.b, ptString8)
	p.b = le.AppendUint16(p.b, id)
	p.b = le.AppendUint32(p.b, 1)
	p.b = le.AppendUint32(p.b, uint32(len(s)+1))
	p.b = pad4(append(p.b, cstr(s)...))
	return p
}

func (p *props) unicode(id uint16, s string) *props {
	p.n++
	p.b = le.AppendUint16(p.b, ptUnicode)
	p.b = le.AppendUint16(p.b, id)
	p.b = le.AppendUint32(p.b, 1)
	var v []byte
	for _, c := range utf16.Encode([]rune(s + "\x00")) {
		v = le.AppendUint16(v, c)
	}
	p.b = le.AppendUint32(p.b, uint32(len(v)))
	p.b = pad4(append(p.b, v...))
	return p
}

func (p *props) systime(id uint16, t time.Time) *props {
	p.n++
	p.b = le.AppendUint16(p.b, ptSysTime)
	p.b = le.AppendUint16(p.b, id)
	p.b = le.AppendUint64(p.b, uint64(t.Unix()*1e7+116444736000000000))
	return p
}

// named appends a named property (a GUID and a string name) holding a
// multi-valued long, which the reader must walk past.
func (p *props) named() *props {
	p.n++
	p.b = le.AppendUint16(p.b, ptLong|ptMulti)
	p.b = le.AppendUint16(p.b, 0x8001)
	p.b = append(p.b, bytes.Repeat([]byte{0xAB}, 16)...)
	p.b = le.AppendUint32(p.b, 1)
	var name []byte
	for _, c := range utf16.Encode([]rune("Keywords\x00")) {
		name = le.AppendUint16(name, c)
	}
	p.b = le.AppendUint32(p.b, uint32(len(name)))
	p.b = pad4(append(p.b, name...))
	p.b = le.AppendUint32(p.b, 2)
	p.b = le.AppendUint32(p.b, 7)
	p.b = le.AppendUint32(p.b, 8)
	return p
}

func (p *props) bytes() []byte { return append(u32(uint32(p.n)), p.b...) }

var sent = time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC)

// outlookTNEF is a message as Outlook encapsulates it: legacy attributes,
// the MAPI property set, then one attachment with its data and properties.
func outlookTNEF() *tnefFile {
	msgProps := (&props{}).
		unicode(0x0C1A, "Jürgen Schmidt").
		str8(0x0C1F, "jschmidt@example.org").
		named().
		systime(0x0039, sent).
		str8(0x1035, "<0123ABCD@mail.example.org>").
		systime(0x3008, sent.Add(time.Hour))
	attProps := (&props{}).
		unicode(0x3707, "Quartalsbericht Q1.pdf").
		str8(0x370E, "application/pdf")
	// attFrom, a TRP triple: type, size, name and address lengths, then
	// the name (windows-1252) and the address.
	name, addr := cstr("J\xfcrgen Schmidt"), cstr("SMTP:jschmidt@example.org")
	from := le.AppendUint16(nil, 4)
	from = le.AppendUint16(from, uint16(len(name)+len(addr)))
	from = le.AppendUint16(from, uint16(len(name)))
	from = le.AppendUint16(from, uint16(len(addr)))
	from = append(append(from, name...), addr...)
	return newTNEF().
		attr(1, 0x00089006, u32(0x00010000), 0).
		attr(1, 0x00069007, append(u32(1252), u32(0)...), 0).
		attr(1, 0x00078008, cstr("IPM.Microsoft Mail.Note"), 0).
		attr(1, 0x00008000, from, 0).
		attr(1, 0x00018004, cstr("Bericht f\xfcr das erste Quartal"), 0). // windows-1252 ü
		attr(1, 0x00038005, dtr(2024, 3, 5, 10, 30, 0), 0).
		attr(1, 0x00038020, dtr(2024, 3, 5, 10, 29, 0), 0).
		attr(1, 0x00069003, msgProps.bytes(), 0).
		attr(2, 0x00069002, make([]byte, 14), 0).
		attr(2, 0x00018010, cstr("QUARTA~1.PDF"), 0).
		attr(2, 0x00038013, dtr(2024, 3, 4, 17, 0, 0), 0).
		attr(2, 0x0006800F, []byte("%PDF-1.7 not really"), 0).
		attr(2, 0x00069005, attProps.bytes(), 0)
}

func items(t *testing.T, data []byte) []formats.Item {
	t.Helper()
	var out []formats.Item
	err := Format{}.ExtractEach(context.Background(), bytes.NewReader(data), int64(len(data)), func(it formats.Item) error {
		out = append(out, it)
		return nil
	})
	require.NoError(t, err)
	return out
}

func TestOutlookMessage(t *testing.T) {
	data := outlookTNEF().b
	assert.True(t, Format{}.Match(data[:6]))
	got := items(t, data)
	require.Len(t, got, 2)
	rec := got[0].Record
	require.NotNil(t, rec)
	f := rec.Fields
	assert.Equal(t, "tnef", rec.Format)
	assert.Equal(t, "application/ms-tnef", rec.MIME)
	assert.Equal(t, int64(len(data)), rec.Size)
	sum := sha256.Sum256(data)
	assert.Equal(t, hex.EncodeToString(sum[:]), rec.SHA256, "the container fills its own Record's digest")
	assert.Equal(t, "4660", f["tnef.key"])
	assert.Equal(t, "0x00010000", f["tnef.attr.TnefVersion"])
	assert.Equal(t, "IPM.Microsoft Mail.Note", f["tnef.attr.MessageClass"])
	assert.Equal(t, "Jürgen Schmidt <jschmidt@example.org>", f["tnef.attr.From"])
	assert.Equal(t, "Bericht für das erste Quartal", rec.Title, "String8 in the OEM code page")
	assert.Equal(t, []string{"Jürgen Schmidt"}, rec.Authors)
	assert.Equal(t, "2024-03-05T10:30:00", rec.Created.String(), "a DTR is a wall clock without offset")
	assert.Equal(t, "2024-03-05T10:29:00", rec.Modified.String())
	assert.Equal(t, "2024-03-05T09:30:00Z", f["tnef.mapi.ClientSubmitTime"])
	assert.Equal(t, "2024-03-05T10:30:00Z", f["tnef.mapi.LastModificationTime"])
	assert.Equal(t, "jschmidt@example.org", f["tnef.mapi.SenderEmailAddress"])
	assert.Equal(t, "6", f["tnef.mapi.count"], "the named property was walked past")
	require.Len(t, rec.IDs, 1)
	assert.Equal(t, provenance.Identifier{Kind: "email.MessageID", Value: "0123ABCD@mail.example.org", Source: "tnef.mapi.InternetMessageId"}, rec.IDs[0])
	assert.Equal(t, "1", f["tnef.attachments"])
	assert.Equal(t, "QUARTA~1.PDF", f["tnef.attachment[0].Title"])
	assert.Equal(t, "Quartalsbericht Q1.pdf", f["tnef.attachment[0].LongFilename"])
	assert.Equal(t, "2024-03-04T17:00:00", f["tnef.attachment[0].ModifyDate"])
	assert.Equal(t, "19", f["tnef.attachment[0].Size"])
	assert.Empty(t, rec.Problems)
	_, err := json.Marshal(rec)
	require.NoError(t, err)

	att := got[1]
	assert.Nil(t, att.Record)
	assert.Equal(t, "/Quartalsbericht Q1.pdf", att.Name, "the long file name, not the 8.3 title")
	assert.Equal(t, []byte("%PDF-1.7 not really"), att.Data)
	assert.Equal(t, "application/pdf", att.MIME)
	require.NotNil(t, att.Parent)
	assert.Equal(t, rec.Created, att.Parent.Date)

	// Extract gives the message alone.
	one, err := Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	assert.Equal(t, rec.Title, one.Title)
}

// Damage is reported and what came before it kept; nothing panics.
func TestDamaged(t *testing.T) {
	t.Run("checksum", func(t *testing.T) {
		data := newTNEF().attr(1, 0x00018004, cstr("Hello"), 1).attr(1, 0x00078008, cstr("IPM.Note"), 3).b
		rec := items(t, data)[0].Record
		assert.Equal(t, "Hello", rec.Title, "read anyway")
		assert.Equal(t, []string{"2 attributes whose checksum does not match (read anyway)"}, rec.Problems)
	})
	t.Run("length past the end", func(t *testing.T) {
		data := newTNEF().attr(1, 0x00018004, cstr("Hello"), 0).b
		data = append(data, 1, 0x0F, 0x80, 0x06, 0x00, 0xFF, 0xFF, 0xFF, 0x7F, 'x')
		rec := items(t, data)[0].Record
		assert.Equal(t, "Hello", rec.Title)
		require.Len(t, rec.Problems, 1)
		assert.Contains(t, rec.Problems[0], "more than the file holds")
	})
	t.Run("header cut", func(t *testing.T) {
		data := append(newTNEF().attr(1, 0x00018004, cstr("Hello"), 0).b, 1, 2, 3)
		rec := items(t, data)[0].Record
		assert.Contains(t, rec.Problems[0], "header cut short")
	})
	t.Run("property set cut", func(t *testing.T) {
		p := (&props{}).str8(0x0C1A, "Ann").str8(0x0037, "never read").bytes()
		data := newTNEF().attr(1, 0x00069003, p[:len(p)-6], 0).b
		rec := items(t, data)[0].Record
		assert.Equal(t, []string{"Ann"}, rec.Authors, "the property before the cut")
		require.Len(t, rec.Problems, 1)
		assert.Contains(t, rec.Problems[0], "message properties: property 0x0037")
	})
	t.Run("bad DTR", func(t *testing.T) {
		data := newTNEF().attr(1, 0x00038005, dtr(2024, 13, 40, 0, 0, 0), 0).b
		rec := items(t, data)[0].Record
		assert.True(t, rec.Created.IsZero())
		assert.Equal(t, "2024-13-40 00:00:00", rec.Fields["tnef.attr.DateSent"], "kept as written")
		assert.Contains(t, rec.Problems[0], "unparsable date")
	})
	t.Run("not TNEF", func(t *testing.T) {
		data := []byte("PK\x03\x04 not tnef")
		_, err := Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
		assert.True(t, errors.Is(err, formats.ErrMalformed), "%v", err)
		assert.False(t, Format{}.Match(data))
	})
	t.Run("two attachments of one name, one without data", func(t *testing.T) {
		data := newTNEF().
			attr(2, 0x00069002, nil, 0).attr(2, 0x00018010, cstr("a/b.txt"), 0).attr(2, 0x0006800F, []byte("1"), 0).
			attr(2, 0x00069002, nil, 0).attr(2, 0x00018010, cstr("a/b.txt"), 0).attr(2, 0x0006800F, []byte("2"), 0).
			attr(2, 0x00069002, nil, 0).b
		got := items(t, data)
		require.Len(t, got, 3)
		assert.Equal(t, "/a_b.txt", got[1].Name)
		assert.Equal(t, "/a_b.txt~2", got[2].Name)
		assert.Equal(t, "3", got[0].Record.Fields["tnef.attachments"])
	})
}

// FuzzExtract holds Extract and ExtractEach to formattest.Check's property:
// any input gives a Record that round-trips through its JSON, or an error
// wrapping a formats sentinel; never a panic or a hang. Beyond it, the only
// error ExtractEach gives is ErrMalformed.
func FuzzExtract(f *testing.F) {
	formattest.FuzzWith(f, Format{}, func(t *testing.T, data []byte, _ *provenance.Record) {
		ctx, cancel := context.WithTimeout(context.Background(), formattest.Deadline)
		defer cancel()
		err := Format{}.ExtractEach(ctx, bytes.NewReader(data), int64(len(data)), func(formats.Item) error { return nil })
		if err != nil {
			assert.True(t, errors.Is(err, formats.ErrMalformed), "%v", err)
		}
	}, outlookTNEF().b, newTNEF().attr(1, 0x00069003, (&props{}).named().bytes(), 0).b, Signature)
}
