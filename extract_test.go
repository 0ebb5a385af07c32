package docprov_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/pdf"
	"github.com/docprov/docprov/provenance"
)

// stuckFormat is a parser that ignores cancellation and loops: the kind of
// third-party bug the time budget exists for.
type stuckFormat struct{ release chan struct{} }

func (stuckFormat) Name() string           { return "stuck" }
func (stuckFormat) Match(head []byte) bool { return bytes.HasPrefix(head, []byte("STUCK")) }
func (s stuckFormat) Extract(ctx context.Context, r io.ReaderAt, size int64) (*provenance.Record, error) {
	<-s.release
	return provenance.NewRecord(), nil
}

// panicFormat panics like a third-party parser on hostile input.
type panicFormat struct{}

func (panicFormat) Name() string           { return "panicky" }
func (panicFormat) Match(head []byte) bool { return bytes.HasPrefix(head, []byte("PANIC")) }
func (panicFormat) Extract(context.Context, io.ReaderAt, int64) (*provenance.Record, error) {
	var m map[string]int
	m["boom"]++ // assignment to a nil map
	return nil, nil
}

func TestTimeBudgetAbandonsAStuckParser(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	ex := &docprov.Extractor{Registry: formats.NewRegistry(stuckFormat{release}), Timeout: 50 * time.Millisecond}
	data := []byte("STUCK forever")
	_, err := ex.Extract(context.Background(), bytes.NewReader(data), int64(len(data)), "stuck.bin")
	require.Error(t, err)
	assert.True(t, errors.Is(err, docprov.ErrTimeout), "got %v", err)
	assert.Contains(t, err.Error(), "stuck.bin")
}

func TestPanicBecomesMalformedError(t *testing.T) {
	ex := &docprov.Extractor{Registry: formats.NewRegistry(panicFormat{})}
	data := []byte("PANIC now")
	_, err := ex.Extract(context.Background(), bytes.NewReader(data), int64(len(data)), "hostile.bin")
	require.Error(t, err)
	assert.ErrorIs(t, err, docprov.ErrMalformed)
	assert.Contains(t, err.Error(), "hostile.bin")
	var pe *formats.PanicError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "panicky", pe.Format)
}

// bundleFormat is a container: "BUNDLE\n" followed by one embedded file.
type bundleFormat struct{}

func (bundleFormat) Name() string           { return "bundle" }
func (bundleFormat) Match(head []byte) bool { return bytes.HasPrefix(head, []byte("BUNDLE\n")) }
func (b bundleFormat) Extract(ctx context.Context, r io.ReaderAt, size int64) (*provenance.Record, error) {
	rec := provenance.NewRecord()
	rec.Title = "bundle"
	return rec, nil
}
func (b bundleFormat) ExtractEach(ctx context.Context, r io.ReaderAt, size int64, emit func(formats.Item) error) error {
	rec, _ := b.Extract(ctx, r, size)
	rec.Size = size
	if err := emit(formats.Item{Record: rec}); err != nil {
		return err
	}
	data := make([]byte, size-7)
	if _, err := r.ReadAt(data, 7); err != nil && err != io.EOF {
		return err
	}
	return emit(formats.Item{Name: "/inner", Data: data, Parent: &provenance.Parent{DKIM: provenance.DKIMPass}})
}

func TestContainersYieldEveryDocumentWithItsParent(t *testing.T) {
	pdfBytes, err := os.ReadFile("testdata/pdf/reportlab.pdf")
	require.NoError(t, err)
	dir := t.TempDir()
	one := filepath.Join(dir, "one.bundle")
	require.NoError(t, os.WriteFile(one, append([]byte("BUNDLE\n"), pdfBytes...), 0o644))
	deep := append([]byte(nil), pdfBytes...)
	for i := 0; i < docprov.MaxNesting+1; i++ {
		deep = append([]byte("BUNDLE\n"), deep...)
	}
	nested := filepath.Join(dir, "nested.bundle")
	require.NoError(t, os.WriteFile(nested, deep, 0o644))

	ex := &docprov.Extractor{Registry: formats.NewRegistry(bundleFormat{}, pdf.Format{})}
	var got []docprov.Result
	err = ex.ExtractAll(context.Background(), slices.Values([]string{one, nested}), 2, func(r docprov.Result) error {
		got = append(got, r)
		return nil
	})
	require.NoError(t, err)
	require.Len(t, got, 2+docprov.MaxNesting+2, "one result per document, in order: 2 for one, MaxNesting+1 bundles and the refused one")

	assert.Equal(t, one, got[0].Path)
	assert.Equal(t, "bundle", got[0].Record.Title)
	inner := got[1]
	require.NoError(t, inner.Err)
	assert.Equal(t, one+"/inner", inner.Path)
	assert.Equal(t, "Docprov ReportLab Fixture", inner.Record.Title)
	assert.Equal(t, int64(len(pdfBytes)), inner.Record.Size)
	require.NotNil(t, inner.Record.Parent)
	assert.Equal(t, one, inner.Record.Parent.Path)
	assert.Equal(t, provenance.DKIMPass, inner.Record.Parent.DKIM)
	assert.Equal(t, 0, inner.Index)

	last := got[len(got)-1]
	assert.Equal(t, 1, last.Index)
	assert.ErrorIs(t, last.Err, docprov.ErrTooLarge, "nesting is bounded")
	assert.Contains(t, last.Err.Error(), "nested deeper")
}

// An early stop from emit, or a cancelled context, ends the batch without
// leaving goroutines blocked.
func TestBatchStopsCleanly(t *testing.T) {
	paths, err := filepath.Glob("testdata/pdf/*.pdf")
	require.NoError(t, err)
	stop := errors.New("enough")
	n := 0
	err = (&docprov.Extractor{}).ExtractAll(context.Background(), slices.Values(paths), 3, func(r docprov.Result) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	})
	assert.ErrorIs(t, err, stop)
	assert.Equal(t, 2, n)

	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	err = (&docprov.Extractor{}).ExtractAll(ctx, slices.Values(paths), 3, func(r docprov.Result) error {
		n++
		if n == 3 {
			cancel()
		}
		return nil
	})
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 3, n, "nothing is emitted after the cancellation")
}

// An attachment no format reads (a web page here) is a Record of kind
// "attachment" with its name, declared type, size and digest, tied to its
// message: the message was read completely, and nothing failed.
func TestUnreadableAttachmentIsARecord(t *testing.T) {
	msg := "From: a@b.example\r\nSubject: with atts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n" +
		"--XX\r\nContent-Type: text/plain\r\n\r\nhello\r\n" +
		"--XX\r\nContent-Type: text/html; name=\"page.htm\"\r\nContent-Disposition: attachment; filename=\"page.htm\"\r\n\r\n<html><body>x</body></html>\r\n--XX--\r\n"
	path := filepath.Join(t.TempDir(), "att.eml")
	require.NoError(t, os.WriteFile(path, []byte(msg), 0o644))
	var results []docprov.Result
	require.NoError(t, (&docprov.Extractor{}).ExtractEach(context.Background(), path, func(r docprov.Result) error {
		results = append(results, r)
		return nil
	}))
	require.Len(t, results, 2)
	for _, r := range results {
		require.NoError(t, r.Err)
	}
	att := results[1].Record
	assert.Equal(t, "attachment", att.Format)
	assert.Equal(t, "text/html", att.MIME)
	assert.Equal(t, "page.htm", att.Fields["attachment.name"])
	assert.Equal(t, int64(27), att.Size)
	assert.Len(t, att.SHA256, 64)
	require.NotNil(t, att.Parent)
	assert.Equal(t, path, att.Parent.Path)
}

// A winmail.dat attached to a message is read as TNEF, and the files it
// encapsulates are documents of their own, tied to it: the message, the
// TNEF message, and its text attachment (a Record of format "attachment").
func TestWinmailDatAttachments(t *testing.T) {
	attr := func(b []byte, level byte, id uint32, data []byte) []byte {
		b = append(b, level)
		b = binary.LittleEndian.AppendUint32(b, id)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
		b = append(b, data...)
		var s uint16
		for _, c := range data {
			s += uint16(c)
		}
		return binary.LittleEndian.AppendUint16(b, s)
	}
	tnef := []byte{0x78, 0x9F, 0x3E, 0x22, 0x01, 0x00}
	tnef = attr(tnef, 1, 0x00018004, []byte("Minutes\x00"))
	tnef = attr(tnef, 2, 0x00069002, make([]byte, 14))
	tnef = attr(tnef, 2, 0x00018010, []byte("notes.txt\x00"))
	tnef = attr(tnef, 2, 0x0006800F, []byte("plain words, no format reads them\n"))
	msg := "From: a@b.example\r\nSubject: from Outlook\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n" +
		"--XX\r\nContent-Type: text/plain\r\n\r\nhello\r\n" +
		"--XX\r\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\r\nContent-Transfer-Encoding: base64\r\n" +
		"Content-Disposition: attachment; filename=\"winmail.dat\"\r\n\r\n" + base64.StdEncoding.EncodeToString(tnef) + "\r\n--XX--\r\n"
	path := filepath.Join(t.TempDir(), "outlook.eml")
	require.NoError(t, os.WriteFile(path, []byte(msg), 0o644))
	var results []docprov.Result
	require.NoError(t, (&docprov.Extractor{}).ExtractEach(context.Background(), path, func(r docprov.Result) error {
		results = append(results, r)
		return nil
	}))
	require.Len(t, results, 3)
	for _, r := range results {
		require.NoError(t, r.Err)
	}
	tn, att := results[1].Record, results[2].Record
	assert.Equal(t, "tnef", tn.Format)
	assert.Equal(t, path+"/winmail.dat", tn.Path)
	assert.Equal(t, "Minutes", tn.Title)
	require.NotNil(t, tn.Parent)
	assert.Equal(t, path, tn.Parent.Path)
	assert.Equal(t, "attachment", att.Format)
	assert.Equal(t, path+"/winmail.dat/notes.txt", att.Path)
	assert.Equal(t, "notes.txt", att.Fields["attachment.name"])
	require.NotNil(t, att.Parent)
	assert.Equal(t, path+"/winmail.dat", att.Parent.Path)

	// A winmail.dat on its own: the file, then its attachment.
	path = filepath.Join(t.TempDir(), "winmail.dat")
	require.NoError(t, os.WriteFile(path, tnef, 0o644))
	results = nil
	require.NoError(t, (&docprov.Extractor{}).ExtractEach(context.Background(), path, func(r docprov.Result) error {
		results = append(results, r)
		return nil
	}))
	require.Len(t, results, 2)
	require.NoError(t, results[0].Err)
	sum := sha256.Sum256(tnef)
	assert.Equal(t, hex.EncodeToString(sum[:]), results[0].Record.SHA256)
	assert.Equal(t, int64(len(tnef)), results[0].Record.Size)
	assert.Equal(t, path+"/notes.txt", results[1].Record.Path)
}
