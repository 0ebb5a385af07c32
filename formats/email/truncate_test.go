package email

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/provenance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// truncatingEmit returns an emit that truncates f to size when it sees the
// first message: the mailbox shrinks while it is being read (as when a
// mail client compacts it).
func truncatingEmit(t *testing.T, f *os.File, size int64, recs *[]*provenance.Record) func(formats.Item) error {
	return func(it formats.Item) error {
		if it.Record == nil {
			return nil
		}
		if len(*recs) == 0 {
			require.NoError(t, f.Truncate(size))
		}
		*recs = append(*recs, it.Record)
		return nil
	}
}

// TestMboxShrinksWhileRead: the file is cut in the middle of the second
// message after the first was read. The second Record was emitted as if
// whole, without a problem; now it says the file was truncated.
func TestMboxShrinksWhileRead(t *testing.T) {
	body := strings.Repeat("line of the second message's body\n", 30000) // 1 MiB, past the read-ahead
	mbox := "From a Thu Jan  1 00:00:00 2015\nFrom: a@b\nSubject: one\n\nfirst\n\n" +
		"From b Thu Jan  1 00:00:00 2015\nFrom: b@c\nSubject: two\n\n" + body
	p := filepath.Join(t.TempDir(), "shrinking.mbox")
	require.NoError(t, os.WriteFile(p, []byte(mbox), 0o644))
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	require.NoError(t, err)
	defer f.Close()

	var recs []*provenance.Record
	cutAt := int64(len(mbox) / 2)
	err = Format{}.ExtractEach(context.Background(), f, int64(len(mbox)), truncatingEmit(t, f, cutAt, &recs))
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Empty(t, recs[0].Problems)
	assert.Equal(t, "two", recs[1].Title)
	require.Len(t, recs[1].Problems, 1)
	assert.Contains(t, recs[1].Problems[0], "truncated while reading")
	assert.Contains(t, recs[1].Problems[0], fmt.Sprintf("of the %d bytes", len(mbox)))
	assert.Less(t, recs[1].Size, int64(len(body)))
}

// TestMessageShrinksBeforeRead: a lone message that lost its end between
// the stat and the read.
func TestMessageShrinksBeforeRead(t *testing.T) {
	msg := "From: a@b\r\nMessage-ID: <1@b>\r\nSubject: s\r\n\r\n" + strings.Repeat("body\r\n", 1000)
	p := filepath.Join(t.TempDir(), "shrinking.eml")
	require.NoError(t, os.WriteFile(p, []byte(msg), 0o644))
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, f.Truncate(100))
	rec, err := Format{}.Extract(context.Background(), f, int64(len(msg)))
	require.NoError(t, err)
	assert.Equal(t, "s", rec.Title)
	require.Len(t, rec.Problems, 1)
	assert.Contains(t, rec.Problems[0], "truncated while reading: the file ended after 100 of the")
}

// failingReader fails every read past at.
type failingReader struct {
	r  io.ReaderAt
	at int64
}

var errDisk = errors.New("input/output error")

func (f failingReader) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > f.at {
		n, _ := f.r.ReadAt(p[:max(0, f.at-off)], off)
		return n, errDisk
	}
	return f.r.ReadAt(p, off)
}

// TestMboxReadError: a read error mid-message keeps the cut message, with
// a problem, and the mailbox's error wraps the read's.
func TestMboxReadError(t *testing.T) {
	mbox := "From a Thu Jan  1 00:00:00 2015\nFrom: a@b\nSubject: one\n\n" + strings.Repeat("body\n", 100000)
	var recs []*provenance.Record
	err := Format{}.ExtractEach(context.Background(), failingReader{strings.NewReader(mbox), 200 << 10}, int64(len(mbox)), func(it formats.Item) error {
		recs = append(recs, it.Record)
		return nil
	})
	assert.ErrorIs(t, err, errDisk)
	require.Len(t, recs, 1)
	require.Len(t, recs[0].Problems, 1)
	assert.Contains(t, recs[0].Problems[0], "truncated while reading: read error after")
}

// TestClipKeepsUTF8: a long value is cut at a rune boundary, never inside
// a multi-byte character (the cut would make the value invalid UTF-8).
func TestClipKeepsUTF8(t *testing.T) {
	assert.Equal(t, "ab…", clip("abé", 3), "é would be cut in half")
	assert.Equal(t, "abé…", clip("abéd", 4))
	assert.Equal(t, "abc", clip("abc", 3))
	long := strings.Repeat("é", 5000)
	assert.True(t, utf8.ValidString(clip(long, maxFieldValue+1)))
	assert.Equal(t, "\uFFFD", decode("\xae"), "a raw 8-bit value is written as valid UTF-8")
	assert.Equal(t, "0\uFFFD0", decode("0=?UTF-8?Q?=80?=0"))
}

// TestRawBytesInHeaders: header values with bytes that are not UTF-8 (an
// 8-bit header from an old mailer) are reported with U+FFFD in their
// place, and the Record survives its JSON round trip (formattest.Check).
func TestRawBytesInHeaders(t *testing.T) {
	msg := []byte("From: a@b\r\nMessage-ID: <\xae@x>\r\nIn-Reply-To: <\xe9@y>\r\nSubject: caf\xe9\r\nX-Mailer: M\xe9l 1.0\r\n\r\nbody")
	rec := formattest.Check(t, Format{}, msg)
	require.NotNil(t, rec)
	assert.Equal(t, "<\uFFFD@x>", rec.Email.MessageID)
	assert.Equal(t, "<\uFFFD@y>", rec.Email.InReplyTo)
	assert.Equal(t, "caf\uFFFD", rec.Title)
	require.NotEmpty(t, rec.Software)
	assert.Equal(t, "M\uFFFDl 1.0", rec.Software[0].Raw)
}
