package odf

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
	"github.com/docprov/docprov/formats/internal/zipx"
	"github.com/docprov/docprov/provenance"
)

// Format is the OpenDocument format family: ZIP packages (odt, ods, odp,
// odg …, and OpenOffice.org 1.x's sxw, sxc, sxi …) and flat single-file XML
// documents (fodt, fods, fodp, fodg). Its zero value is ready to use.
type Format struct {
	// fullRead turns off skipping (see skip.go), for the tests that check
	// it changes nothing.
	fullRead bool
}

// Name returns "odf".
func (Format) Name() string { return "odf" }

// packageTypes maps a package's media type to its short format name.
var packageTypes = map[string]string{
	"application/vnd.oasis.opendocument.text":                  "odt",
	"application/vnd.oasis.opendocument.text-template":         "ott",
	"application/vnd.oasis.opendocument.text-master":           "odm",
	"application/vnd.oasis.opendocument.text-master-template":  "otm",
	"application/vnd.oasis.opendocument.text-web":              "oth",
	"application/vnd.oasis.opendocument.spreadsheet":           "ods",
	"application/vnd.oasis.opendocument.spreadsheet-template":  "ots",
	"application/vnd.oasis.opendocument.presentation":          "odp",
	"application/vnd.oasis.opendocument.presentation-template": "otp",
	"application/vnd.oasis.opendocument.graphics":              "odg",
	"application/vnd.oasis.opendocument.graphics-template":     "otg",
	"application/vnd.oasis.opendocument.chart":                 "odc",
	"application/vnd.oasis.opendocument.chart-template":        "otc",
	"application/vnd.oasis.opendocument.formula":               "odf",
	"application/vnd.oasis.opendocument.formula-template":      "otf",
	"application/vnd.oasis.opendocument.image":                 "odi",
	"application/vnd.oasis.opendocument.image-template":        "oti",
	"application/vnd.oasis.opendocument.base":                  "odb",
	"application/vnd.oasis.opendocument.database":              "odb",
	"application/vnd.sun.xml.writer":                           "sxw",
	"application/vnd.sun.xml.writer.template":                  "stw",
	"application/vnd.sun.xml.writer.global":                    "sxg",
	"application/vnd.sun.xml.calc":                             "sxc",
	"application/vnd.sun.xml.calc.template":                    "stc",
	"application/vnd.sun.xml.impress":                          "sxi",
	"application/vnd.sun.xml.impress.template":                 "sti",
	"application/vnd.sun.xml.draw":                             "sxd",
	"application/vnd.sun.xml.draw.template":                    "std",
	"application/vnd.sun.xml.math":                             "sxm",
	"application/vnd.sun.xml.base":                             "odb",
}

// flatBodies maps the first child of a flat document's office:body to the
// package type it corresponds to, for flat files that omit office:mimetype.
var flatBodies = map[string]string{
	"text":         "application/vnd.oasis.opendocument.text",
	"spreadsheet":  "application/vnd.oasis.opendocument.spreadsheet",
	"presentation": "application/vnd.oasis.opendocument.presentation",
	"drawing":      "application/vnd.oasis.opendocument.graphics",
	"chart":        "application/vnd.oasis.opendocument.chart",
	"image":        "application/vnd.oasis.opendocument.image",
}

// isODFType reports whether a media type names an OpenDocument (or
// OpenOffice.org 1.x) package.
func isODFType(mt string) bool {
	mt = strings.TrimSpace(mt)
	return packageTypes[mt] != "" ||
		strings.HasPrefix(mt, "application/vnd.oasis.opendocument.") ||
		strings.HasPrefix(mt, "application/vnd.sun.xml.")
}

// officeNS is the namespace of a flat document's root element.
const officeNS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"

// isFlat reports whether head starts a flat ODF document: XML whose root is
// office:document in the office namespace. Only the start is available, so
// it looks for the root's start tag and the namespace near it.
func isFlat(head []byte) bool {
	h := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	h = bytes.TrimLeft(h, " \t\r\n")
	if len(h) == 0 || h[0] != '<' {
		return false
	}
	i := bytes.Index(h, []byte("<office:document"))
	if i < 0 || i+len("<office:document") >= len(h) {
		return false
	}
	switch h[i+len("<office:document")] {
	case ' ', '\t', '\r', '\n', '>':
	default:
		return false // office:document-content, -meta …: one part, not a document
	}
	return bytes.Contains(h, []byte(officeNS))
}

// headMimetype returns the start of the package's first entry when it is a
// stored "mimetype" entry, as the ODF specification requires so that the
// type can be read at a fixed offset. A writer that streams (general
// purpose flag bit 3) leaves the sizes in the local header zero; then the
// data runs to the data descriptor, and its start is enough to tell.
func headMimetype(head []byte) (string, bool) {
	if len(head) < 30 || !bytes.HasPrefix(head, zipx.Magic) {
		return "", false
	}
	flags := binary.LittleEndian.Uint16(head[6:])
	method := binary.LittleEndian.Uint16(head[8:])
	csize := int(binary.LittleEndian.Uint32(head[18:]))
	nameLen := int(binary.LittleEndian.Uint16(head[26:]))
	extraLen := int(binary.LittleEndian.Uint16(head[28:]))
	start := 30 + nameLen + extraLen
	if method != 0 || start >= len(head) || string(head[30:min(30+nameLen, len(head))]) != "mimetype" {
		return "", false
	}
	if csize == 0 && flags&0x8 != 0 {
		data := head[start:min(len(head), start+128)]
		if i := bytes.Index(data, []byte("PK\x07\x08")); i >= 0 {
			data = data[:i]
		}
		return string(data), len(data) > 0
	}
	if csize == 0 || start+csize > len(head) {
		return "", false
	}
	return string(head[start : start+csize]), true
}

// Match reports whether head is a flat ODF document or a ZIP whose first
// entry is an ODF "mimetype". A package that breaks that rule is still
// recognised by Probe, which looks inside.
func (Format) Match(head []byte) bool {
	if isFlat(head) {
		return true
	}
	mt, ok := headMimetype(head)
	return ok && isODFType(mt)
}

// Probe recognises ODF packages that Match cannot: ones whose mimetype entry
// is not first, is compressed, or is missing while META-INF/manifest.xml
// names an ODF media type. It claims only ODF: an OOXML or EPUB archive is
// left to other formats.
func (f Format) Probe(r io.ReaderAt, size int64, head []byte) bool {
	if isFlat(head) {
		return true
	}
	if !bytes.HasPrefix(head, zipx.Magic) {
		return false
	}
	if mt, ok := headMimetype(head); ok {
		return isODFType(mt)
	}
	a, err := zipx.Open(r, size)
	if err != nil {
		return false
	}
	if e := a.File("mimetype"); e != nil {
		if b, err := zipx.ReadFile(e, 256); err == nil {
			return isODFType(string(b))
		}
	}
	if e := a.File("META-INF/manifest.xml"); e != nil {
		if b, err := zipx.ReadFile(e, MaxManifestBytes); err == nil || len(b) > 0 {
			m, _ := parseManifest(b, provenance.Fields{})
			return m != nil && isODFType(m.mediaType)
		}
	}
	return false
}

// Extract reads an ODF package or flat document. See the package
// documentation for what is read and from where.
func (f Format) Extract(ctx context.Context, r io.ReaderAt, size int64) (*provenance.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	head := make([]byte, min(size, formats.SniffLen))
	if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("odf: read header: %w", err)
	}
	switch {
	case bytes.HasPrefix(head, zipx.Magic):
		return extractPackage(ctx, r, size, f.fullRead)
	case isFlat(head):
		return extractFlat(ctx, r, size, f.fullRead)
	}
	return nil, fmt.Errorf("odf: neither a ZIP package nor a flat ODF document: %w", formats.ErrUnsupported)
}

// packageParts are the XML parts read, in this order: meta first so that
// the metadata is in even if a later part is cut short.
var packageParts = []struct{ file, label string }{
	{"meta.xml", "meta"},
	{"styles.xml", "styles"},
	{"content.xml", "content"},
	{"settings.xml", "settings"},
}

func extractPackage(ctx context.Context, r io.ReaderAt, size int64, fullRead bool) (*provenance.Record, error) {
	a, err := zipx.Open(r, size)
	if err != nil {
		return nil, fmt.Errorf("odf: %w", err)
	}
	rec := provenance.NewRecord()
	f := rec.Fields
	a.RecordLayout(f, "odf.zip")

	// The mimetype entry: its content, and where it is (the specification
	// wants it first and stored, which tools that rebuild the ZIP break).
	var mimetype string
	for i, e := range a.Zip.File {
		if e.Name != "mimetype" {
			continue
		}
		f.Set("odf.mimetype.index", strconv.Itoa(i))
		b, err := zipx.ReadFile(e, 1024)
		if err != nil {
			rec.AddProblem("mimetype: %v", err)
		}
		f.Set("odf.mimetype", string(b))
		mimetype = strings.TrimSpace(string(b))
		break
	}

	m := &manifest{encrypted: map[string]bool{}}
	if e := a.File("META-INF/manifest.xml"); e != nil {
		b, err := zipx.ReadFile(e, MaxManifestBytes)
		if err != nil {
			rec.AddProblem("META-INF/manifest.xml: %v", err)
		}
		if len(b) > 0 {
			pm, err := parseManifest(b, f)
			if err != nil {
				rec.AddProblem("META-INF/manifest.xml: %v", err)
			}
			m = pm
		}
	}

	mediaType := mimetype
	if mediaType == "" {
		mediaType = m.mediaType
	}
	if !isODFType(mediaType) && a.File("meta.xml") == nil && a.File("content.xml") == nil {
		return nil, fmt.Errorf("odf: ZIP without an ODF mimetype, manifest or parts: %w", formats.ErrUnsupported)
	}
	rec.Format, rec.MIME = packageTypes[mediaType], mediaType
	if rec.Format == "" {
		rec.Format = "odf"
		if mediaType == "" {
			rec.AddProblem("package type unknown: no mimetype entry and no media type for \"/\" in the manifest")
		}
	}

	// ODF 1.3 can encrypt the whole package into one entry; then only the
	// mimetype, the manifest and the ZIP layout are readable.
	if m.encrypted["encrypted-package"] {
		f.Set("odf.encrypted", "true")
		rec.AddProblem("encrypted-package: the whole package is encrypted (%v)", formats.ErrEncrypted)
	}

	d := newDoc(rec, false)
	d.fullRead = fullRead
	read := 0
	for _, p := range packageParts {
		e := a.File(p.file)
		if e == nil {
			continue
		}
		if m.encrypted[p.file] {
			f.Set("odf.encrypted", "true")
			rec.AddProblem("%s: encrypted (%v)", p.file, formats.ErrEncrypted)
			continue
		}
		rc, err := e.Open()
		if err != nil {
			rec.AddProblem("%s: %v", p.file, err)
			continue
		}
		b, cut, err := readPart(rc, int64(e.UncompressedSize64))
		rc.Close()
		if err != nil {
			rec.AddProblem("%s: %v", p.file, err)
			if len(b) == 0 {
				continue
			}
		}
		if err := d.scan(ctx, b, cut, p.label, p.file); err != nil {
			return nil, err
		}
		read++
	}
	if read == 0 && f["odf.encrypted"] == "" {
		rec.AddProblem("no readable meta.xml, styles.xml or content.xml in the package")
	}
	finish(rec, d)
	return rec, nil
}

func extractFlat(ctx context.Context, r io.ReaderAt, size int64, fullRead bool) (*provenance.Record, error) {
	rec := provenance.NewRecord()
	d := newDoc(rec, true)
	d.fullRead = fullRead
	b, cut, err := readPart(io.NewSectionReader(r, 0, size), size)
	if err != nil {
		return nil, fmt.Errorf("odf: %w", err)
	}
	if err := d.scan(ctx, b, cut, "document", "flat XML"); err != nil {
		return nil, err
	}
	f := rec.Fields
	if f["odf.document.root"] != "office:document" {
		return nil, fmt.Errorf("odf: flat XML root is %q, not office:document: %w", f["odf.document.root"], formats.ErrMalformed)
	}
	if !d.metaSeen && d.body == "" {
		// Neither metadata nor a body: nothing of the document was read.
		why := "no office:meta and no office:body"
		if len(rec.Problems) > 0 {
			why = rec.Problems[0]
		}
		return nil, fmt.Errorf("odf: %s: %w", why, formats.ErrMalformed)
	}
	mediaType := strings.TrimSpace(f["odf.document.office:mimetype"])
	if mediaType == "" {
		mediaType = flatBodies[d.body]
	}
	if ext := packageTypes[mediaType]; ext != "" {
		rec.Format = "f" + ext
		rec.MIME = mediaType + "-flat-xml"
	} else {
		rec.Format = "odf"
		rec.MIME = "application/xml"
	}
	finish(rec, d)
	return rec, nil
}
