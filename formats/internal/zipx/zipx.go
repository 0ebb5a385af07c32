// Package zipx reads ZIP containers (OOXML, ODF) for provenance: bounded
// reads of small parts, and the archive's own layout, which differs between
// the programs that write it.
//
// It wraps archive/zip, which reads the central directory through an
// io.ReaderAt without loading the archive, and adds what hostile input
// needs: a cap on entries, a cap on every part's inflated size (ZIP bombs
// declare small sizes and inflate to gigabytes, so the cap is enforced on
// the bytes actually inflated, not on the declared size) and errors that
// wrap formats.ErrTooLarge / formats.ErrMalformed.
package zipx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/provenance"
)

// Limits on what one archive may cost.
const (
	// MaxEntries is the most entries an archive may list.
	MaxEntries = 20_000
	// MaxPartBytes is the most bytes inflated from one part.
	MaxPartBytes = 32 << 20
)

// Magic is the signature of a ZIP local file header.
var Magic = []byte("PK\x03\x04")

// Archive is an opened ZIP container.
type Archive struct {
	Zip   *zip.Reader
	index map[string]*zip.File
}

// Open reads the central directory of the size bytes in r.
func Open(r io.ReaderAt, size int64) (*Archive, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("%v: %w", err, formats.ErrMalformed) // archive/zip says "zip: …" itself
	}
	if len(zr.File) > MaxEntries {
		return nil, fmt.Errorf("zip: %d entries: %w", len(zr.File), formats.ErrTooLarge)
	}
	a := &Archive{Zip: zr, index: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		// Names are case-insensitive in OPC; the first entry of a name
		// wins, as in most readers.
		key := strings.ToLower(f.Name)
		if _, dup := a.index[key]; !dup {
			a.index[key] = f
		}
	}
	return a, nil
}

// File returns the entry with the given name (case-insensitive), or nil.
func (a *Archive) File(name string) *zip.File {
	return a.index[strings.ToLower(strings.TrimPrefix(name, "/"))]
}

// Encrypted counts the entries stored with ZIP encryption (general-purpose
// flag bit 0: traditional PKWARE or AES): their bytes cannot be inflated
// without the password.
func (a *Archive) Encrypted() int {
	n := 0
	for _, f := range a.Zip.File {
		if f.Flags&1 != 0 {
			n++
		}
	}
	return n
}

// Has reports whether the archive has an entry with that name.
func (a *Archive) Has(name string) bool { return a.File(name) != nil }

// Read inflates one part, refusing to inflate more than max bytes (or
// MaxPartBytes when max is 0). A missing part returns (nil, nil).
func (a *Archive) Read(name string, max int64) ([]byte, error) {
	f := a.File(name)
	if f == nil {
		return nil, nil
	}
	return ReadFile(f, max)
}

// ReadFile inflates f with the same bound as Read.
func ReadFile(f *zip.File, max int64) ([]byte, error) {
	if max <= 0 {
		max = MaxPartBytes
	}
	if f.Flags&1 != 0 {
		return nil, fmt.Errorf("%s: encrypted ZIP entry: %w", f.Name, formats.ErrEncrypted)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %v: %w", f.Name, err, formats.ErrMalformed)
	}
	defer rc.Close()
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(rc, max+1))
	if n > max {
		return nil, fmt.Errorf("%s: inflates past %d bytes: %w", f.Name, max, formats.ErrTooLarge)
	}
	if err != nil {
		// A checksum error still leaves the bytes read so far; they are
		// returned with the error so callers can keep them as evidence.
		return buf.Bytes(), fmt.Errorf("%s: %v: %w", f.Name, err, formats.ErrMalformed)
	}
	return buf.Bytes(), nil
}

// DOSTime renders an entry's modification time as stored: a local wall
// clock with no offset (ZIP's DOS time has none), or "" when the writer
// stored the zero DOS date (1980-01-01 00:00, as excelize and others do)
// — that value is kept as a fact by RecordLayout, not as a time.
func DOSTime(f *zip.File) provenance.Timestamp {
	if f.ModifiedDate == 0 && f.ModifiedTime == 0 {
		return provenance.Timestamp{}
	}
	// archive/zip fills Modified from the extended timestamp field when
	// present (UTC, with an offset); otherwise from the DOS fields in
	// time.UTC's location, which here means "no offset known".
	m := f.Modified
	if m.Location() == time.UTC && !hasExtendedTime(f.Extra) {
		return provenance.Local(m.Year(), m.Month(), m.Day(), m.Hour(), m.Minute(), m.Second(), 0)
	}
	return provenance.At(m)
}

// hasExtendedTime reports whether the extra field holds the "UT" extended
// timestamp (0x5455), the only source of a true UTC time in a ZIP entry.
func hasExtendedTime(extra []byte) bool {
	for len(extra) >= 4 {
		tag := int(extra[0]) | int(extra[1])<<8
		size := int(extra[2]) | int(extra[3])<<8
		if tag == 0x5455 {
			return true
		}
		if 4+size > len(extra) {
			return false
		}
		extra = extra[4+size:]
	}
	return false
}

// RecordLayout writes the archive's layout into Fields under prefix (e.g.
// "ooxml.zip"): entry names in order with their compression method, flags,
// DOS times and extra-field tags, the archive comment, and summary facts.
// The layout is a producer fingerprint: Word, LibreOffice, Google Docs and
// the Python and Go libraries order, compress and date entries differently.
// Names and the comment are written as valid UTF-8 (an invalid byte becomes
// U+FFFD), as a Record's JSON would write them anyway: otherwise the Record
// in memory and the one read back from its JSON differ.
func (a *Archive) RecordLayout(f provenance.Fields, prefix string) {
	f.Set(prefix+".entries", strconv.Itoa(len(a.Zip.File)))
	f.Set(prefix+".comment", strings.ToValidUTF8(a.Zip.Comment, "\uFFFD"))
	zeroDates := 0
	for i, e := range a.Zip.File {
		// Keys are concatenated rather than formatted: a package has
		// hundreds of entries and this runs for every one.
		p := prefix + ".entry[" + strconv.Itoa(i) + "]"
		name := strings.ToValidUTF8(e.Name, "\uFFFD")
		f.Set(p, name)
		f.Set(p+".method", methodName(e.Method))
		f.Set(p+".flags", hex4(e.Flags))
		if ts := DOSTime(e); !ts.IsZero() {
			f.Set(prefix+".mtime["+name+"]", ts.String())
		} else {
			zeroDates++
		}
		if tags := extraTags(e.Extra); tags != "" {
			f.Set(p+".extra", tags)
		}
	}
	if zeroDates > 0 {
		f.Set(prefix+".zero_dates", strconv.Itoa(zeroDates))
	}
}

func methodName(m uint16) string {
	switch m {
	case zip.Store:
		return "stored"
	case zip.Deflate:
		return "deflated"
	}
	return strconv.Itoa(int(m))
}

// extraTags lists the extra-field header IDs as hex, e.g. "0x5455,0x000a".
func extraTags(extra []byte) string {
	var tags []string
	for len(extra) >= 4 && len(tags) < 16 {
		tag := int(extra[0]) | int(extra[1])<<8
		size := int(extra[2]) | int(extra[3])<<8
		tags = append(tags, hex4(uint16(tag)))
		if 4+size > len(extra) {
			break
		}
		extra = extra[4+size:]
	}
	return strings.Join(tags, ",")
}

// hex4 formats v as fmt's "0x%04x" does.
func hex4(v uint16) string {
	const digits = "0123456789abcdef"
	return string([]byte{'0', 'x', digits[v>>12], digits[v>>8&0xf], digits[v>>4&0xf], digits[v&0xf]})
}
