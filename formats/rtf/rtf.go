package rtf

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/provenance"
)

var errMalformed = formats.ErrMalformed

// leadInMax is how many bytes of byte-order mark and white space may come
// before the opening brace; Match and the parser skip the same.
const leadInMax = 64

func isLeadIn(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB || c == 0xBF
}

// Format reads RTF documents. The zero value is ready to use.
type Format struct{}

// Name implements formats.Format.
func (Format) Name() string { return "rtf" }

// Match implements formats.Format: "{\rtf" after at most a byte-order mark
// and some white space.
func (Format) Match(head []byte) bool {
	i := 0
	for i < len(head) && i < leadInMax && isLeadIn(head[i]) {
		i++
	}
	return bytes.HasPrefix(head[i:], []byte(`{\rtf`))
}

// Extract implements formats.Format: the document's Record, its embedded
// objects left out (ExtractEach gives them).
func (f Format) Extract(ctx context.Context, r io.ReaderAt, size int64) (*provenance.Record, error) {
	rec, _, err := parse(ctx, r, size, false)
	return rec, err
}

// ExtractEach implements formats.Container: the document's Record (Name
// ""), then each embedded object's bytes ("/object[i]", from 1), for the
// registry to read.
func (f Format) ExtractEach(ctx context.Context, r io.ReaderAt, size int64, emit func(formats.Item) error) error {
	rec, objs, err := parse(ctx, r, size, true)
	if err != nil {
		return err
	}
	if err := emit(formats.Item{Record: rec}); err != nil {
		return err
	}
	for _, o := range objs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := emit(formats.Item{Name: o.name, Data: o.data, Parent: &provenance.Parent{}}); err != nil {
			return err
		}
	}
	return nil
}

// embedded is an object's payload, ready for the registry.
type embedded struct {
	name string
	data []byte
}

// parse reads the file and fills the Record; with digest, it also gives
// the Record the file's size and SHA-256 (a Container's items carry them)
// and returns the embedded objects.
func parse(ctx context.Context, r io.ReaderAt, size int64, digest bool) (*provenance.Record, []embedded, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	sc := newScanner(ctx, r, size)
	p := newParser(sc)
	if err := p.run(); err != nil {
		return nil, nil, err
	}
	rec := p.rec
	rec.Format = "rtf"
	rec.MIME = "application/rtf"
	p.finish()
	objs := p.embedded()
	normalize(rec)
	fingerprint(rec)
	if digest {
		if _, err := io.Copy(io.Discard, sc.br); err != nil {
			return nil, nil, fmt.Errorf("rtf: read: %w", err)
		}
		if size > sc.limit {
			if err := hashRest(ctx, sc, r, size); err != nil {
				return nil, nil, err
			}
		}
		rec.Size, rec.SHA256 = size, sc.sum()
	}
	return rec, objs, nil
}

// hashRest hashes the bytes past the tokenizer's limit.
func hashRest(ctx context.Context, sc *scanner, r io.ReaderAt, size int64) error {
	sr := io.NewSectionReader(r, sc.limit, size-sc.limit)
	buf := make([]byte, 256<<10)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := sr.Read(buf)
		sc.hash.Write(buf[:n])
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("rtf: read: %w", err)
		}
	}
}

// finish records what the whole pass counted.
func (p *parser) finish() {
	f := p.rec.Fields
	f.Set("rtf.codepage", strconv.Itoa(p.cp))
	if p.fonts > 0 {
		f.Set("rtf.fonts", strconv.Itoa(p.fonts))
	}
	if p.rsids > 0 {
		f.Set("rtf.rsids", strconv.Itoa(p.rsids))
	}
	for i, id := range p.langOrd {
		f.Set(fmt.Sprintf("rtf.lang[%d]", i), strconv.FormatInt(id, 10))
	}
	if p.badHex > 0 {
		p.rec.AddProblem("rtf: %d \\' escapes without two hex digits", p.badHex)
	}
	f.Set("rtf.structure", joinMarks(p.marks))
	if n := len(p.objects); n > 0 {
		f.Set("rtf.objects", strconv.Itoa(n))
	}
}

// embedded decodes the objects' data: an OLE1 embedded object
// ([MS-OLEDS] 2.2.4 ObjectHeader + NativeData) yields its native data,
// which for Office objects is an OLE2 compound file.
func (p *parser) embedded() []embedded {
	var out []embedded
	for i, o := range p.objects {
		pre := fmt.Sprintf("rtf.object[%d].", i)
		f := p.rec.Fields
		f.Set(pre+"class", o.class)
		f.Set(pre+"kind", o.kind)
		if o.data == nil {
			continue
		}
		f.Set(pre+"bytes", strconv.FormatInt(o.data.total, 10))
		if o.data.total > int64(len(o.data.data)) {
			p.rec.AddProblem("rtf: object %d: %d bytes of data, more than %d: not extracted (%v)", i+1, o.data.total, maxObjectData, formats.ErrTooLarge)
			continue
		}
		class, native, err := ole1Native(o.data.data)
		if err != nil {
			p.rec.AddProblem("rtf: object %d: %v", i+1, err)
			continue
		}
		f.Set(pre+"ole1class", class)
		if len(out) >= maxObjects {
			p.rec.AddProblem("rtf: more than %d embedded objects: the rest were not extracted", maxObjects)
			break
		}
		out = append(out, embedded{name: fmt.Sprintf("/object[%d]", i+1), data: native})
	}
	return out
}

// ole1Native strips the OLE1 ObjectHeader (OLEVersion, FormatID, the
// length-prefixed ClassName, TopicName and ItemName) and returns the class
// and the NativeData of an embedded object.
func ole1Native(b []byte) (class string, native []byte, err error) {
	le := binary.LittleEndian
	if len(b) < 8 {
		return "", nil, fmt.Errorf("OLE1 header cut short: %w", errMalformed)
	}
	format := le.Uint32(b[4:])
	pos := 8
	var names [3]string
	for i := range names {
		if len(b)-pos < 4 {
			return "", nil, fmt.Errorf("OLE1 header cut short: %w", errMalformed)
		}
		n := int(le.Uint32(b[pos:]))
		pos += 4
		if n < 0 || n > len(b)-pos {
			return "", nil, fmt.Errorf("OLE1 name of %d bytes past the data: %w", n, errMalformed)
		}
		names[i] = strings.ToValidUTF8(string(bytes.TrimRight(b[pos:pos+n], "\x00")), "\uFFFD")
		pos += n
		if format != 2 && i == 0 {
			break // a link or static object: no topic/item here in practice
		}
	}
	if format != 2 {
		return names[0], nil, fmt.Errorf("OLE1 format %d (not an embedded object): %w", format, errMalformed)
	}
	if len(b)-pos < 4 {
		return names[0], nil, fmt.Errorf("OLE1 native data size missing: %w", errMalformed)
	}
	n := int64(le.Uint32(b[pos:]))
	pos += 4
	if n > int64(len(b)-pos) {
		return names[0], nil, fmt.Errorf("OLE1 native data of %d bytes, %d present: %w", n, len(b)-pos, errMalformed)
	}
	return names[0], b[pos : pos+int(n)], nil
}
