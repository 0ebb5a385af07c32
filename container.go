package docprov

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/provenance"
)

// MaxNesting bounds how deep containers are opened: a message attached to a
// message attached to a message … stops here, with an error for the part
// that was not opened.
const MaxNesting = 4

// ExtractEach extracts every document in the file at path: the file itself,
// or, for a container (an MBOX, a message with attachments), each document
// it holds, in order. emit receives a Result for each: a Record, or the
// error of a part that could not be read, with the part's address as Path
// (e.g. "mail.mbox#12/budget.xlsx"); a bad part never stops the others.
// Records of embedded files carry their container in Record.Parent.
func (e *Extractor) ExtractEach(ctx context.Context, path string, emit func(Result) error) error {
	r, size, closeFile, err := openFile(path)
	if err != nil {
		return emit(Result{Path: path, Err: err})
	}
	defer closeFile()
	return e.extractEach(ctx, r, size, path, 0, nil, func(path string, rec *provenance.Record, err error) error {
		return emit(Result{Path: path, Record: rec, Err: err})
	})
}

func (e *Extractor) extractEach(ctx context.Context, r io.ReaderAt, size int64, name string, depth int, parent *provenance.Parent, emit func(string, *provenance.Record, error) error) error {
	f, err := e.registry().Sniff(r, size)
	if err != nil {
		return emit(name, nil, fmt.Errorf("%s: %w", name, err))
	}
	c, ok := f.(formats.Container)
	if !ok {
		rec, err := e.extractAs(ctx, f, r, size, name)
		if rec != nil && parent != nil {
			rec.Parent = parent
		}
		return emit(name, rec, err)
	}
	if e.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, e.Timeout)
		defer cancel()
	}
	var emitErr error // an error of emit itself stops the walk
	err = eachSafely(ctx, c, r, size, func(it formats.Item) error {
		path := name + it.Name
		if it.Record != nil {
			rec := it.Record
			rec.Schema = provenance.SchemaVersion
			setPath(rec, path)
			if rec.Format == "" {
				rec.Format = c.Name()
			}
			if rec.Parent == nil && parent != nil {
				rec.Parent = parent
			}
			emitErr = emit(path, rec, nil)
			return emitErr
		}
		if depth+1 > MaxNesting {
			emitErr = emit(path, nil, fmt.Errorf("%s: nested deeper than %d containers: %w", path, MaxNesting, ErrTooLarge))
			return emitErr
		}
		p := it.Parent
		if p != nil {
			cp := *p
			switch {
			case cp.Path != "" && !strings.HasPrefix(cp.Path, name):
				cp.Path = name + cp.Path
			case cp.Path == "":
				// The part's container is the item's address up to its
				// last "/" ("#12" for "#12/report.pdf"), or the file.
				cp.Path = name
				if i := strings.LastIndex(it.Name, "/"); i > 0 {
					cp.Path = name + it.Name[:i]
				}
			}
			// Parent has no bytes of its own: the printable form,
			// which is what the documents' own Path shows.
			cp.Path = EscapePath(cp.Path)
			p = &cp
		}
		sub := bytes.NewReader(it.Data)
		itemPath := path
		err := e.extractEach(ctx, sub, int64(len(it.Data)), path, depth+1, p, func(path string, rec *provenance.Record, err error) error {
			if rec == nil && path == itemPath && errors.Is(err, formats.ErrUnsupported) {
				// An attachment no format reads (a web page, a text
				// file, a sound) is still a document the container
				// holds: a Record of what is known of it, not a
				// failure.
				rec, err = attachmentRecord(path, it, p), nil
			}
			if rec != nil && rec.SHA256 == "" {
				sum := sha256.Sum256(it.Data)
				rec.SHA256 = hex.EncodeToString(sum[:])
				rec.Size = int64(len(it.Data))
			}
			emitErr = emit(path, rec, err)
			return emitErr
		})
		return err
	})
	if err != nil && emitErr == nil && !errors.Is(err, context.Canceled) {
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("%w (%s)", ErrTimeout, e.Timeout)
		}
		// The container broke after some items: report the break and
		// keep what was emitted.
		return emit(name, nil, fmt.Errorf("%s: %w", name, err))
	}
	return err
}

// attachmentRecord describes an embedded file that no format reads: its
// name, declared type, size and digest (Format "attachment").
func attachmentRecord(path string, it formats.Item, parent *provenance.Parent) *provenance.Record {
	rec := provenance.NewRecord()
	rec.Schema = provenance.SchemaVersion
	setPath(rec, path)
	rec.Format = "attachment"
	rec.MIME = it.MIME
	if rec.MIME == "" {
		rec.MIME = "application/octet-stream"
	}
	name := it.Name
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	rec.Title = name
	rec.Fields.Set("attachment.name", name)
	if it.MIME != "" {
		rec.Fields.Set("attachment.type", it.MIME)
	}
	rec.Parent = parent
	sum := sha256.Sum256(it.Data)
	rec.SHA256 = hex.EncodeToString(sum[:])
	rec.Size = int64(len(it.Data))
	return rec
}

// eachSafely runs a Container's ExtractEach, turning a panic into an error.
func eachSafely(ctx context.Context, c formats.Container, r io.ReaderAt, size int64, emit func(formats.Item) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &formats.PanicError{Format: c.Name(), Value: p, Stack: debug.Stack()}
		}
	}()
	return c.ExtractEach(ctx, r, size, emit)
}

func (e *Extractor) registry() *formats.Registry {
	if e.Registry == nil {
		return DefaultRegistry()
	}
	return e.Registry
}
