package ooxml_test

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats/ooxml"
)

// overlappingDocx builds a docx whose n header parts are n central
// directory entries over one deflated stream of 40 MiB of spaces (a few
// tens of KB on disk): each inflates past the per-part cap, and together
// they would inflate n × 32 MiB if the bytes inflated before a part is
// given up were not charged to the package budget.
func overlappingDocx(t *testing.T, n int) []byte {
	t.Helper()
	type entry struct {
		name           string
		method         uint16
		crc            uint32
		csize, usize   uint32
		offset         uint32
		data           []byte
		sharesPrevious bool
	}
	var buf bytes.Buffer
	le := binary.LittleEndian
	local := func(e *entry) {
		e.offset = uint32(buf.Len())
		var h [30]byte
		le.PutUint32(h[0:], 0x04034b50)
		le.PutUint16(h[4:], 20)
		le.PutUint16(h[8:], e.method)
		le.PutUint32(h[14:], e.crc)
		le.PutUint32(h[18:], e.csize)
		le.PutUint32(h[22:], e.usize)
		le.PutUint16(h[26:], uint16(len(e.name)))
		buf.Write(h[:])
		buf.WriteString(e.name)
		buf.Write(e.data)
	}
	stored := func(name, body string) *entry {
		return &entry{name: name, crc: crc32.ChecksumIEEE([]byte(body)), csize: uint32(len(body)), usize: uint32(len(body)), data: []byte(body)}
	}
	docRels := `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
	ct := `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`
	doc := `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Budget</w:t></w:r></w:p></w:body></w:document>`
	entries := []*entry{stored("[Content_Types].xml", ct), stored("_rels/.rels", docRels), stored("word/document.xml", doc)}
	for _, e := range entries {
		local(e)
	}
	var z bytes.Buffer
	w, err := flate.NewWriter(&z, flate.BestCompression)
	require.NoError(t, err)
	spaces := bytes.Repeat([]byte(" "), 1<<20)
	crc := crc32.NewIEEE()
	for i := 0; i < 40; i++ {
		_, _ = w.Write(spaces)
		_, _ = crc.Write(spaces)
	}
	require.NoError(t, w.Close())
	bomb := &entry{name: "word/header1.xml", method: 8, crc: crc.Sum32(), csize: uint32(z.Len()), usize: 40 << 20, data: z.Bytes()}
	local(bomb)
	entries = append(entries, bomb)
	for i := 2; i <= n; i++ {
		dup := *bomb
		dup.name = fmt.Sprintf("word/header%d.xml", i)
		entries = append(entries, &dup)
	}
	cdStart := buf.Len()
	for _, e := range entries {
		var h [46]byte
		le.PutUint32(h[0:], 0x02014b50)
		le.PutUint16(h[4:], 20)
		le.PutUint16(h[6:], 20)
		le.PutUint16(h[10:], e.method)
		le.PutUint32(h[16:], e.crc)
		le.PutUint32(h[20:], e.csize)
		le.PutUint32(h[24:], e.usize)
		le.PutUint16(h[28:], uint16(len(e.name)))
		le.PutUint32(h[42:], e.offset)
		buf.Write(h[:])
		buf.WriteString(e.name)
	}
	var end [22]byte
	le.PutUint32(end[0:], 0x06054b50)
	le.PutUint16(end[8:], uint16(len(entries)))
	le.PutUint16(end[10:], uint16(len(entries)))
	le.PutUint32(end[12:], uint32(buf.Len()-cdStart))
	le.PutUint32(end[16:], uint32(cdStart))
	buf.Write(end[:])
	return buf.Bytes()
}

// Parts given up at their cap are charged to the package budget: of 300
// overlapping entries of a 40 MiB stream, a 40 MiB budget inflates the
// first to its 32 MiB cap and 8 MiB of the second, and every later part is
// left unread with one problem, instead of each inflating its cap for free
// (300 × 32 MiB: about a minute at the default budget).
func TestPartsPastTheirCapAreChargedToTheBudget(t *testing.T) {
	data := overlappingDocx(t, 300)
	fm := ooxml.Format{ArchiveBudget: 40 << 20}
	rec, err := fm.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	assert.Equal(t, "docx", rec.Format)
	unread, err := strconv.Atoi(rec.Fields["ooxml.zip.unread"])
	require.NoError(t, err, "ooxml.zip.unread: %q", rec.Fields["ooxml.zip.unread"])
	assert.GreaterOrEqual(t, unread, 298, "all but the first two header parts")
	problems := strings.Join(rec.Problems, "\n")
	assert.Equal(t, 1, strings.Count(problems, "every later part: not read"))
	assert.Contains(t, problems, fmt.Sprintf("the package inflates past %d bytes in all", 40<<20))
}
