package docprov

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/odf"
	"github.com/docprov/docprov/formats/pdf"
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
	)
}

// An Extractor reads Records with a chosen registry. The zero value uses
// DefaultRegistry.
type Extractor struct {
	Registry *formats.Registry
}

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
// errors is path.
func (e *Extractor) ExtractFile(ctx context.Context, path string) (*provenance.Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // *PathError already names the file
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file: %w", path, ErrUnsupported)
	}
	return e.Extract(ctx, f, st.Size(), path)
}

// Extract sniffs the format of the size bytes in r, extracts its Record and
// fills the path (name), size and SHA-256 digest. Errors name the file and
// wrap one of the sentinel errors where one applies. A file that is only
// partly readable yields a Record listing its Problems, not an error.
func (e *Extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, name string) (*provenance.Record, error) {
	reg := e.Registry
	if reg == nil {
		reg = DefaultRegistry()
	}
	rec, err := reg.Extract(ctx, r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	rec.Schema = provenance.SchemaVersion
	rec.Path = name
	rec.Size = size
	sum, err := digest(ctx, r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: digest: %w", name, err)
	}
	rec.SHA256 = sum
	return rec, nil
}

// digest hashes the whole content: the digest identifies the exact bytes the
// findings rest on, so it cannot be computed from a sample.
func digest(ctx context.Context, r io.ReaderAt, size int64) (string, error) {
	h := sha256.New()
	buf := make([]byte, 256<<10)
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
