package image

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/c2pa"
	"github.com/docprov/docprov/formats/image/exif"
	"github.com/docprov/docprov/formats/image/makernote"
	"github.com/docprov/docprov/formats/xmp"
	"github.com/docprov/docprov/provenance"
)

// Format reads the provenance of JPEG, TIFF (and the TIFF-based raw formats
// DNG, CR2, NEF, ARW), PNG, WebP, HEIF/HEIC/AVIF, GIF and PSD files. Its
// zero value is ready to use and reads headers only.
type Format struct {
	// CompareThumbnail decodes the main image and the EXIF thumbnail of a
	// JPEG and records how alike they look (exif.thumbnail.similarity).
	// It costs a full decode of the image, so it is off by default.
	CompareThumbnail bool
	// MaxDecodePixels caps the size of an image decoded for the thumbnail
	// comparison; 0 means DefaultMaxDecodePixels.
	MaxDecodePixels int
	// C2PA configures the validation of Content Credentials (package
	// c2pa): the trust list a signer must chain to before a manifest is
	// called trusted. The zero value validates with no trust list.
	C2PA c2pa.Options
}

// DefaultMaxDecodePixels is the largest image (width × height) decoded for
// the thumbnail comparison unless Format.MaxDecodePixels says otherwise.
const DefaultMaxDecodePixels = 64 << 20

// Limits on what one extraction reads.
const (
	// MaxMetadataBytes caps one metadata block read from a container (an
	// EXIF chunk, an XMP item, an inflated PNG text chunk).
	MaxMetadataBytes = 16 << 20
)

// Name returns "image".
func (Format) Name() string { return "image" }

// Match reports whether head starts like one of the formats this package
// reads.
func (Format) Match(head []byte) bool { return sniff(head) != "" }

// The container kinds sniff recognises; they are also Record.Format values
// (HEIF gives "heic", "heif" or "avif" by brand, TIFF may become "dng").
const (
	kindJPEG = "jpeg"
	kindTIFF = "tiff"
	kindCR2  = "cr2"
	kindPNG  = "png"
	kindWebP = "webp"
	kindHEIF = "heif"
	kindGIF  = "gif"
	kindPSD  = "psd"
)

// sniff names the container from its magic bytes, or returns "".
func sniff(h []byte) string {
	switch {
	case len(h) >= 3 && h[0] == 0xff && h[1] == 0xd8 && h[2] == 0xff:
		return kindJPEG
	case len(h) >= 8 && (string(h[:4]) == "II*\x00" || string(h[:4]) == "MM\x00*"):
		if len(h) >= 10 && string(h[8:10]) == "CR" {
			return kindCR2
		}
		return kindTIFF
	case bytes.HasPrefix(h, []byte("\x89PNG\r\n\x1a\n")):
		return kindPNG
	case len(h) >= 12 && string(h[:4]) == "RIFF" && string(h[8:12]) == "WEBP":
		return kindWebP
	case len(h) >= 12 && string(h[4:8]) == "ftyp" && heifBrand(h) != "":
		return kindHEIF
	case bytes.HasPrefix(h, []byte("GIF87a")) || bytes.HasPrefix(h, []byte("GIF89a")):
		return kindGIF
	case len(h) >= 6 && string(h[:4]) == "8BPS" && (h[5] == 1 || h[5] == 2) && h[4] == 0:
		return kindPSD
	}
	return ""
}

var mimeTypes = map[string]string{
	"jpeg": "image/jpeg", "tiff": "image/tiff", "dng": "image/x-adobe-dng",
	"cr2": "image/x-canon-cr2", "png": "image/png", "webp": "image/webp",
	"heic": "image/heic", "heif": "image/heif", "avif": "image/avif",
	"gif": "image/gif", "psd": "image/vnd.adobe.photoshop",
}

// state is one extraction in progress: the Record and what the parsers
// found that the normalized view needs.
type state struct {
	ctx  context.Context
	rec  *provenance.Record
	opts Format

	exif     *exif.Exif // the image's EXIF (the first block found)
	xmpSeen  bool       // the main XMP packet was read
	iptcSeen bool
	thumb    []byte          // the EXIF thumbnail, when it is a JPEG
	note     *makernote.Note // the maker note, when one of a known layout was read
}

// Extract reads an image's provenance. See the package documentation for
// what is read and from where.
func (f Format) Extract(ctx context.Context, r io.ReaderAt, size int64) (*provenance.Record, error) {
	// Metadata sits at the start of almost every image file: read that
	// part once, so that the many small reads of the parsers cost no
	// system calls.
	n := int64(headBytes)
	if _, inMemory := r.(*bytes.Reader); inMemory {
		n = 64
	}
	head := make([]byte, min(size, n))
	if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read header: %w", err)
	}
	switch {
	case n == 64:
	case int64(len(head)) == size:
		r = bytes.NewReader(head)
	default:
		r = &headReader{head: head, r: r}
	}
	kind := sniff(head)
	if kind == "" {
		return nil, fmt.Errorf("image: %w", formats.ErrUnsupported)
	}
	st := &state{ctx: ctx, rec: provenance.NewRecord(), opts: f}
	st.rec.Format = kind
	var err error
	switch kind {
	case kindJPEG:
		err = st.readJPEG(r, size)
	case kindTIFF, kindCR2:
		err = st.readTIFF(r, size)
	case kindPNG:
		err = st.readPNG(r, size)
	case kindWebP:
		err = st.readWebP(r, size)
	case kindHEIF:
		st.rec.Format = heifBrand(head[:min(len(head), 64)])
		err = st.readHEIF(r, size)
	case kindGIF:
		err = st.readGIF(r, size)
	case kindPSD:
		err = st.readPSD(r, size)
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, ctxErr
	}
	if err != nil {
		return nil, err
	}
	if kind != kindGIF && kind != kindPSD {
		if err := st.readC2PA(r, size); err != nil {
			return nil, err
		}
	}
	st.rec.MIME = mimeTypes[st.rec.Format]
	finish(st)
	return st.rec, nil
}

// headBytes is how much of a file Extract reads up front.
const headBytes = 64 << 10

// headReader serves reads inside the file's first bytes from memory.
type headReader struct {
	head []byte
	r    io.ReaderAt
}

func (h *headReader) ReadAt(b []byte, off int64) (int, error) {
	if off >= 0 && off+int64(len(b)) <= int64(len(h.head)) {
		return copy(b, h.head[off:]), nil
	}
	return h.r.ReadAt(b, off)
}

// malformed returns an error for a file of which nothing useful could be
// read.
func malformed(kind, format string, args ...any) error {
	return fmt.Errorf("%s: %s: %w", kind, fmt.Sprintf(format, args...), formats.ErrMalformed)
}

// addEXIF parses a TIFF-structured EXIF block. It strips the "Exif\0\0"
// prefix that JPEG, WebP and some PNG writers put before the TIFF header.
// The first block found is the image's; a later one is recorded as a
// problem and otherwise ignored, as readers do.
func (st *state) addEXIF(b []byte, where string) {
	for _, p := range []string{"Exif\x00\x00", "Exif\x00\xff", "Exif\x00"} {
		if bytes.HasPrefix(b, []byte(p)) {
			b = b[len(p):]
			break
		}
	}
	if st.exif != nil {
		st.rec.AddProblem("%s: a second EXIF block (%d bytes) is ignored", where, len(b))
		return
	}
	x, err := exif.Parse(st.ctx, bytes.NewReader(b), int64(len(b)))
	if err != nil {
		st.rec.AddProblem("%s: %v", where, err)
		return
	}
	st.useEXIF(x, where)
}

// useEXIF records a parsed EXIF structure.
func (st *state) useEXIF(x *exif.Exif, where string) {
	st.exif = x
	for _, p := range x.Problems {
		st.rec.AddProblem("%s: %s", where, p)
	}
	x.SetFields(st.rec.Fields, "exif.")
	st.readMakerNote()
	st.readThumbnailInfo()
}

// addXMP parses an XMP packet into xmp.<path> fields. The first packet is
// the image's; properties of later packets (JPEG extended XMP, a second
// packet in a TIFF) are added only where the first had no value.
func (st *state) addXMP(b []byte, where string) {
	if len(bytes.TrimSpace(bytes.Trim(b, "\x00"))) == 0 {
		return
	}
	p, err := xmp.Parse(b)
	if err != nil {
		st.rec.AddProblem("%s: %v", where, err)
	}
	if p == nil {
		return
	}
	// What the parser repaired is a problem of its own: the value read is
	// not byte for byte what the producer wrote.
	for _, w := range p.Warnings {
		st.rec.AddProblem("%s: %s", where, w)
	}
	f := st.rec.Fields
	if !st.xmpSeen {
		f.Set("xmp.x:xmptk", p.Toolkit)
	}
	st.xmpSeen = true
	for _, prop := range p.Properties {
		k := "xmp." + prop.Path
		if _, ok := f[k]; !ok {
			f.Set(k, prop.Value)
		}
	}
}

// readAt reads n bytes at off, refusing more than MaxMetadataBytes.
func readAt(r io.ReaderAt, off, n, size int64) ([]byte, error) {
	if n < 0 || off < 0 || off > size || n > size-off {
		return nil, fmt.Errorf("%d bytes at offset %d run past the end (%d bytes)", n, off, size)
	}
	if n > MaxMetadataBytes {
		return nil, fmt.Errorf("%d bytes: %w", n, formats.ErrTooLarge)
	}
	b := make([]byte, n)
	if _, err := r.ReadAt(b, off); err != nil && !(errors.Is(err, io.EOF) && n == 0) {
		return nil, err
	}
	return b, nil
}

// makerSignatures are the headers maker notes start with, for the makes
// whose notes have one.
var makerSignatures = []struct{ prefix, maker string }{
	{"Nikon\x00", "Nikon"}, {"OLYMPUS\x00", "Olympus"}, {"OLYMP\x00", "Olympus"},
	{"OM SYSTEM", "OM Digital"}, {"FUJIFILM", "Fujifilm"}, {"GENERALE", "Fujifilm"},
	{"Apple iOS", "Apple"}, {"SONY", "Sony"}, {"Panasonic", "Panasonic"},
	{"QVC\x00", "Casio"}, {"PENTAX ", "Pentax"}, {"AOC\x00", "Pentax"},
	{"SIGMA\x00", "Sigma"}, {"FOVEON", "Sigma"}, {"KDK", "Kodak"}, {"Ricoh", "Ricoh"},
	{"RICOH", "Ricoh"}, {"SANYO", "Sanyo"}, {"LEICA", "Leica"}, {"MLY", "Minolta"},
	{"Kodak", "Kodak"}, {"SAMSUNG", "Samsung"}, {"GoPro", "GoPro"}, {"DJI", "DJI"},
	{"HUAWEI", "Huawei"}, {"Google", "Google"}, {"JVC ", "JVC"}, {"Motorola", "Motorola"},
}

// readMakerNote records whether the Exif IFD carries a maker note, its
// size and whose format it is: the signature it starts with, or else the
// Make (Canon and others write no signature).
func (st *state) readMakerNote() {
	t := st.exif.Tag("ExifIFD", 0x927c)
	if t == nil {
		return
	}
	f := st.rec.Fields
	f.Set("exif.makernote.size", fmt.Sprint(t.Size))
	head := make([]byte, min(t.Size, 16))
	if b, err := st.exif.Bytes(&exif.Tag{Offset: t.Offset, Size: int64(len(head)), Name: t.Name}); err == nil {
		head = b
	}
	signed := false
	for _, s := range makerSignatures {
		if bytes.HasPrefix(head, []byte(s.prefix)) {
			f.Set("exif.makernote.maker", s.maker)
			signed = true
			break
		}
	}
	mk := strings.TrimSpace(st.exif.String("IFD0", 0x010f))
	if !signed && mk != "" {
		f.Set("exif.makernote.maker", mk+" (by Make; no signature)")
	}
	r, size := st.exif.Data()
	st.addMakerNote(makernote.Source{R: r, Size: size, Order: st.exif.Order, Offset: t.Offset, Length: t.Size,
		Make: mk, Model: strings.TrimSpace(st.exif.String("IFD0", 0x0110))}, "exif MakerNote")
}

// addMakerNote parses a maker note into makernote.<maker>.<TagName>
// fields. What it cannot read is a problem on the Record: the EXIF around
// it is already recorded and stays as it is.
func (st *state) addMakerNote(src makernote.Source, where string) {
	if st.note != nil {
		return // the first maker note found is the image's
	}
	n, err := makernote.Parse(src)
	if err != nil {
		if !errors.Is(err, makernote.ErrNotNote) {
			st.rec.AddProblem("%s: %v", where, err)
		}
		return
	}
	st.note = n
	prefix := provenance.KeyMakerNotePrefix + n.Maker + "."
	for _, fl := range n.Fields {
		st.rec.Fields.Set(prefix+fl.Name, fl.Value)
	}
	for _, p := range n.Problems {
		st.rec.AddProblem("%s (%s): %s", where, n.Maker, p)
	}
}

// readC2PA reads and validates the C2PA manifest store the image embeds
// (package c2pa finds it: APP11 JUMBF, caBX, the WebP C2PA chunk, the
// BMFF uuid box, the TIFF tag), or records the remote manifest its XMP
// names. Validating the hard binding reads the whole file. Only ctx's end
// is an error: a broken store is the Record's problem.
func (st *state) readC2PA(r io.ReaderAt, size int64) error {
	store, err := c2pa.Read(st.ctx, r, size, st.opts.C2PA)
	if ctxErr := st.ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	switch {
	case errors.Is(err, c2pa.ErrNoManifest):
		if u := strings.TrimSpace(st.rec.Fields["xmp.dcterms:provenance"]); u != "" {
			c2pa.SetRemote(st.rec, u)
		}
	case err != nil:
		st.rec.AddProblem("c2pa: %v", err)
	default:
		store.SetFields(st.rec)
	}
	return nil
}
