// Package formats defines what a format extractor is and how docprov picks
// one for a file: by sniffing its content, never by trusting its name.
//
// Each container family lives in its own package under formats/ (pdf, and
// more to come) and exports a value that satisfies Format. A Registry holds
// formats in the order they should be tried; the root package docprov wires
// the default registry with every format docprov knows.
//
// Sniffing works like the standard library's image package: a format's Match
// looks at the first bytes of the file (SniffLen of them, fewer for a shorter
// file) and says whether it recognises them. Formats that live inside a
// generic container (OOXML and ODF in ZIP, legacy Office in OLE2) will look
// inside the container to decide.
package formats

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/docprov/docprov/provenance"
)

// Sentinel errors a Format's Extract wraps, so callers can test the reason a
// file could not be read with errors.Is.
var (
	// ErrUnsupported means no registered format recognises the content.
	ErrUnsupported = errors.New("unsupported format")
	// ErrEncrypted means the file is encrypted and nothing of its provenance
	// could be read without a password. A file that is encrypted but still
	// yields metadata gets a Record with a problem instead.
	ErrEncrypted = errors.New("encrypted")
	// ErrMalformed means the content is recognised but broken: truncated,
	// corrupt or hostile beyond what the extractor can recover from.
	ErrMalformed = errors.New("malformed")
	// ErrTooLarge means a limit on what docprov reads was exceeded.
	ErrTooLarge = errors.New("exceeds limit")
)

// SniffLen is how many leading bytes a Registry gives to Match.
const SniffLen = 4096

// Format reads provenance from one family of file formats.
type Format interface {
	// Name is the short, stable name of the format family ("pdf").
	Name() string
	// Match reports whether head, the first bytes of a file (up to
	// SniffLen), looks like this format.
	Match(head []byte) bool
	// Extract reads the provenance of the size bytes in r. It returns a
	// Record with whatever it could read, listing what it could not in
	// Record.Problems, or an error wrapping one of this package's sentinel
	// errors when nothing useful was readable. Extract must honour ctx and
	// must not panic on any input; the Registry recovers panics anyway.
	// The caller fills the Record's path, size and digest.
	Extract(ctx context.Context, r io.ReaderAt, size int64) (*provenance.Record, error)
}

// A Prober is a Format that needs more than the first bytes to recognise a
// file: OOXML and ODF are both ZIP archives and doc, xls and ppt are all OLE2
// compound files, so only the names inside the container tell them apart.
// The Registry calls Probe instead of Match for a Format that has it; Probe
// should check head first and read the container only when head matches.
type Prober interface {
	Probe(r io.ReaderAt, size int64, head []byte) bool
}

// A Container is a Format whose files hold several documents: an MBOX holds
// messages, a message holds attachments. The root package's extractor calls
// ExtractEach instead of Extract for such a format, and runs the registry
// over the embedded files it reports (bounded in depth), so that an
// attachment gets its own Record, tied to its message by Record.Parent.
type Container interface {
	Format
	// ExtractEach calls emit for each item of the file, in order, and
	// stops at the first error emit returns. It must honour ctx and stream:
	// a multi-gigabyte MBOX is never held in memory.
	ExtractEach(ctx context.Context, r io.ReaderAt, size int64, emit func(Item) error) error
}

// An Item is one thing a Container found: a Record of its own format (a
// message), or the bytes of an embedded file for the registry to extract.
type Item struct {
	// Name addresses the item inside the file; it is appended to the
	// file's path: "#12" (the 12th message), "#12/budget.xlsx".
	Name string
	// Record is a document of the container's own format, with its Size
	// and SHA256 filled (the caller cannot: it sees only the whole file).
	Record *provenance.Record
	// Data is an embedded file, and Parent what its Record will carry.
	Data   []byte
	Parent *provenance.Parent
	// MIME is the type the container declares for Data ("text/html"),
	// or "": what an embedded file no format reads is recorded as.
	MIME string
}

// A Registry is an ordered list of formats. The zero value is empty and
// ready to use; a Registry is not safe for concurrent Register calls, but
// Sniff and Extract may run concurrently once it is built.
type Registry struct {
	formats []Format
}

// NewRegistry returns a registry holding fs in order.
func NewRegistry(fs ...Format) *Registry {
	return &Registry{formats: append([]Format(nil), fs...)}
}

// Register appends a format; earlier formats are tried first.
func (reg *Registry) Register(f Format) { reg.formats = append(reg.formats, f) }

// Replace puts f in the place of the registered format with the same Name
// (to configure one, e.g. an email format with DKIM keys) and reports
// whether there was one.
func (reg *Registry) Replace(f Format) bool {
	for i, g := range reg.formats {
		if g.Name() == f.Name() {
			reg.formats[i] = f
			return true
		}
	}
	return false
}

// Formats returns the registered formats in order.
func (reg *Registry) Formats() []Format { return append([]Format(nil), reg.formats...) }

// Sniff returns the first format whose Match accepts the file's head, or an
// error wrapping ErrUnsupported.
func (reg *Registry) Sniff(r io.ReaderAt, size int64) (Format, error) {
	n := int64(SniffLen)
	if size < n {
		n = size
	}
	head := make([]byte, n)
	if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read header: %w", err)
	}
	for _, f := range reg.formats {
		if p, ok := f.(Prober); ok {
			if probe(p, r, size, head) {
				return f, nil
			}
			continue
		}
		if f.Match(head) {
			return f, nil
		}
	}
	if size == 0 {
		return nil, fmt.Errorf("empty file: %w", ErrUnsupported)
	}
	return nil, fmt.Errorf("content not recognised: %w", ErrUnsupported)
}

// probe runs a Prober, treating a panic in it as "not this format".
func probe(p Prober, r io.ReaderAt, size int64, head []byte) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return p.Probe(r, size, head)
}

// Extract sniffs the format and runs its extractor. A panic inside the
// extractor (third-party parsers do panic on hostile input) becomes an error
// wrapping ErrMalformed, so one bad file never takes a batch down.
func (reg *Registry) Extract(ctx context.Context, r io.ReaderAt, size int64) (*provenance.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := reg.Sniff(r, size)
	if err != nil {
		return nil, err
	}
	return SafeExtract(ctx, f, r, size)
}

// SafeExtract runs f.Extract, turning a panic into an error wrapping
// ErrMalformed that names the format and keeps the stack for debugging.
func SafeExtract(ctx context.Context, f Format, r io.ReaderAt, size int64) (rec *provenance.Record, err error) {
	defer func() {
		if p := recover(); p != nil {
			rec = nil
			err = &PanicError{Format: f.Name(), Value: p, Stack: debug.Stack()}
		}
	}()
	rec, err = f.Extract(ctx, r, size)
	if rec != nil && rec.Format == "" {
		rec.Format = f.Name()
	}
	return rec, err
}

// PanicError is the error SafeExtract returns for a panic inside an
// extractor. It wraps ErrMalformed: in practice every such panic is a parser
// tripping over input it did not expect.
type PanicError struct {
	Format string
	Value  any
	Stack  []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("%s extractor panicked: %v", e.Format, e.Value)
}

// Unwrap makes errors.Is(err, ErrMalformed) true.
func (e *PanicError) Unwrap() error { return ErrMalformed }
