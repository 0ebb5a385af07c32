package docprov

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/email"
	"github.com/docprov/docprov/formats/image"
	"github.com/docprov/docprov/formats/odf"
	"github.com/docprov/docprov/formats/ole"
	"github.com/docprov/docprov/formats/ooxml"
	"github.com/docprov/docprov/formats/pdf"
	"github.com/docprov/docprov/formats/rtf"
	"github.com/docprov/docprov/formats/tnef"
	"github.com/docprov/docprov/provenance"
)

// Errors Extract and ExtractFile wrap, for errors.Is. They are the formats
// package's sentinels, repeated here so that most programs need import only
// docprov.
var (
	ErrUnsupported = formats.ErrUnsupported
	ErrEncrypted   = formats.ErrEncrypted
	ErrMalformed   = formats.ErrMalformed
	ErrTooLarge    = formats.ErrTooLarge
)

// DefaultRegistry returns a new registry holding every format docprov
// supports, in the order they are sniffed. Add your own formats to it, or
// build a formats.Registry from scratch, and use it with an Extractor.
func DefaultRegistry() *formats.Registry {
	return formats.NewRegistry(
		pdf.Format{},
		odf.Format{},
		ole.Format{},
		ooxml.Format{},
		image.Format{},
		rtf.Format{},
		tnef.Format{},
		email.Format{},
	)
}

// An Extractor reads Records with a chosen registry. The zero value uses
// DefaultRegistry and no time budget.
type Extractor struct {
	Registry *formats.Registry
	// Timeout, when positive, is the time budget of one file. A file that
	// exceeds it gets an error wrapping ErrTimeout. Extractors honour
	// cancellation, but a third-party parser stuck in a loop may not: its
	// goroutine is then abandoned (it finishes in the background), so a
	// batch never waits on one file. Use process isolation (docprov
	// extract --isolate) where abandoned work must not accumulate.
	Timeout time.Duration
}

// ErrTimeout is wrapped by the error for a file that exceeded the
// Extractor's time budget.
var ErrTimeout = errors.New("exceeded time budget")

// Extract reads the provenance of a document with the default registry.
// See Extractor.Extract.
func Extract(ctx context.Context, r io.ReaderAt, size int64, name string) (*provenance.Record, error) {
	return (&Extractor{}).Extract(ctx, r, size, name)
}

// ExtractFile reads the provenance of the file at path with the default
// registry. See Extractor.ExtractFile.
func ExtractFile(ctx context.Context, path string) (*provenance.Record, error) {
	return (&Extractor{}).ExtractFile(ctx, path)
}

// ExtractFile opens path and extracts its Record; name in the Record and in
// errors is path. A path that is not a regular file is refused before it is
// opened (OpenRegular): a FIFO gets an error wrapping ErrNotRegular instead
// of blocking the caller.
func (e *Extractor) ExtractFile(ctx context.Context, path string) (*provenance.Record, error) {
	r, size, closeFile, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer closeFile()
	return e.Extract(ctx, r, size, path)
}

// OpenRegular opens the file at path for reading when it is a regular file,
// following symbolic links, and never waits: a FIFO, socket or device gets
// an error wrapping ErrNotRegular without being opened (opening a FIFO
// blocks until a writer comes, which no time budget can interrupt), a
// dangling link one wrapping ErrBrokenLink. The file is opened with
// O_NONBLOCK and checked again once open, so a file swapped for a FIFO
// between the check and the open cannot block either. Errors name the
// file.
func OpenRegular(path string) (*os.File, error) {
	st, err := statFollow(path)
	if err != nil {
		return nil, err // names the file
	}
	if !st.Mode().IsRegular() {
		return nil, notRegular(path, st.Mode())
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openNonBlock, 0)
	if err != nil {
		return nil, err // *PathError already names the file
	}
	if st, err = f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = notRegular(path, st.Mode())
		}
		return nil, err
	}
	return f, nil
}

// openFile opens the regular file at path for extraction (OpenRegular),
// read whole when it is small (readSmall). Errors name the file. closeFile
// releases it.
func openFile(path string) (r io.ReaderAt, size int64, closeFile func() error, err error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, 0, nil, err
	}
	st, err := f.Stat()
	if err == nil {
		if r, err = readSmall(f, st.Size()); err != nil {
			err = fmt.Errorf("%s: %w", path, err)
		}
	}
	if err != nil {
		f.Close()
		return nil, 0, nil, err
	}
	return r, st.Size(), f.Close, nil
}

// maxInMemory is the largest file read into memory whole before it is
// extracted. Every byte is read anyway for the SHA-256 digest; reading a
// small file once, in one call, saves the many small reads a ZIP or OLE2
// parser makes and the second pass of the digest. Larger files are read in
// place, so that memory stays bounded whatever their size.
const maxInMemory = 8 << 20

// inMemory is a file read whole; digest hashes it without copying.
type inMemory []byte

func (m inMemory) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	if off >= int64(len(m)) {
		return 0, io.EOF
	}
	n := copy(p, m[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// readSmall returns f itself, or its size bytes read whole when there are
// at most maxInMemory. A file that shrinks while it is read is an error.
func readSmall(f *os.File, size int64) (io.ReaderAt, error) {
	if size > maxInMemory {
		return f, nil
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, fmt.Errorf("read: %w (the file changed while it was read?)", err)
	}
	return inMemory(b), nil
}

// Extract sniffs the format of the size bytes in r, extracts its Record and
// fills the path (name), size and SHA-256 digest. Errors name the file and
// wrap one of the sentinel errors where one applies. A file that is only
// partly readable yields a Record listing its Problems, not an error.
func (e *Extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, name string) (*provenance.Record, error) {
	f, err := e.registry().Sniff(r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return e.extractAs(ctx, f, r, size, name)
}

// extractAs extracts with a format already sniffed and fills the path,
// size and digest.
func (e *Extractor) extractAs(ctx context.Context, f formats.Format, r io.ReaderAt, size int64, name string) (*provenance.Record, error) {
	rec, err := e.extract(ctx, f, r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	rec.Schema = provenance.SchemaVersion
	setPath(rec, name)
	rec.Size = size
	sum, err := digest(ctx, r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: digest: %w", name, err)
	}
	rec.SHA256 = sum
	return rec, nil
}

// extract runs one format's extractor under the time budget.
func (e *Extractor) extract(ctx context.Context, f formats.Format, r io.ReaderAt, size int64) (*provenance.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if e.Timeout <= 0 {
		return formats.SafeExtract(ctx, f, r, size)
	}
	ctx, cancel := context.WithTimeout(ctx, e.Timeout)
	defer cancel()
	type result struct {
		rec *provenance.Record
		err error
	}
	done := make(chan result, 1) // buffered: an abandoned run must not block
	go func() {
		rec, err := formats.SafeExtract(ctx, f, r, size)
		done <- result{rec, err}
	}()
	select {
	case res := <-done:
		if res.err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("%w (%s)", ErrTimeout, e.Timeout)
		}
		return res.rec, res.err
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("%w (%s)", ErrTimeout, e.Timeout)
		}
		return nil, ctx.Err()
	}
}

// digest hashes the whole content: the digest identifies the exact bytes the
// findings rest on, so it cannot be computed from a sample.
func digest(ctx context.Context, r io.ReaderAt, size int64) (string, error) {
	if m, ok := r.(inMemory); ok && int64(len(m)) == size {
		sum := sha256.Sum256(m)
		return hex.EncodeToString(sum[:]), nil
	}
	h := sha256.New()
	buf := make([]byte, min(size, 256<<10)) // small files are the norm
	for off := int64(0); off < size; {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		n, err := r.ReadAt(buf[:min(int64(len(buf)), size-off)], off)
		h.Write(buf[:n])
		off += int64(n)
		if err != nil && !(err == io.EOF && off == size) {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// EscapePath returns p as it is when it is valid UTF-8, and otherwise a
// printable form of it that is valid UTF-8: each byte that is not part of a
// UTF-8 sequence written \xNN (two lower-case hex digits), each backslash
// written \\, everything else as it is. Two different names that are not
// UTF-8 never get the same form, since the form can be read back to the
// exact bytes; a UTF-8 name is left alone, so a UTF-8 name that happens to
// spell such a form (a literal backslash, x and two hex digits) can match
// one, which is why a Record also carries the bytes (Record.PathBytes).
//
// Unix file names are bytes, not text: a name written in Latin-1 or
// Shift JIS is not UTF-8, and JSON (which must be UTF-8) would turn each
// such byte into U+FFFD, so that distinct files collided in every report.
func EscapePath(p string) string {
	if utf8.ValidString(p) {
		return p
	}
	var b strings.Builder
	b.Grow(len(p) + 8)
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRuneInString(p[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			const hex = "0123456789abcdef"
			b.WriteString(`\x`)
			b.WriteByte(hex[p[i]>>4])
			b.WriteByte(hex[p[i]&0xf])
		case r == '\\':
			b.WriteString(`\\`)
		default:
			b.WriteString(p[i : i+n])
		}
		i += n
	}
	return b.String()
}

// setPath sets rec's path to p: Path its printable form, and PathBytes its
// bytes when that form differs (p is not UTF-8).
func setPath(rec *provenance.Record, p string) {
	rec.Path = EscapePath(p)
	rec.PathBytes = nil
	if rec.Path != p {
		rec.PathBytes = []byte(p)
	}
}
