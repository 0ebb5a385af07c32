package pdf

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	pdfcpu "github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/c2pa"
	"github.com/docprov/docprov/formats/xmp"
	"github.com/docprov/docprov/provenance"
)

// Format is the PDF format. Its zero value is ready to use.
type Format struct {
	// C2PA configures the validation of a C2PA manifest store the PDF
	// embeds as an associated file (package c2pa): the trust list.
	C2PA c2pa.Options
}

// Name returns "pdf".
func (Format) Name() string { return "pdf" }

// Match reports whether head carries a PDF header. Readers accept the header
// anywhere in the first 1024 bytes, and so does Match: junk before the
// header is a trace worth reporting, not a reason to refuse the file.
func (Format) Match(head []byte) bool {
	return headerRe.Match(head[:min(len(head), 1024)])
}

// Limits bound what one extraction may cost. They are generous for real
// documents and stop hostile ones.
const (
	// MaxXMPBytes is the largest metadata stream read.
	MaxXMPBytes = 4 << 20
	// MaxObjects is the largest number of objects inspected for fonts,
	// signatures, scripts and attachments.
	MaxObjects = 500_000
	// MaxParsedObjects is the most objects (counted in the raw bytes) a
	// file may have for pdfcpu to parse it: pdfcpu reads every object
	// into memory before anything can be asked of it, a million null
	// objects cost it a minute and 450 MB, mostly garbage collection. A
	// file with more is read as a damaged one is: header, revisions and
	// digest, with Info and XMP salvaged from the raw bytes.
	MaxParsedObjects = 300_000
	// MaxFonts is the most font entries recorded in Fields.
	MaxFonts = 500
)

// disableConfigDir stops pdfcpu from writing a configuration folder into
// the user's home on first use: a library must not write files nobody asked
// for.
var disableConfigDir = sync.OnceFunc(api.DisableConfigDir)

func configuration() *model.Configuration {
	disableConfigDir()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.Offline = true
	conf.Limits.MaxStreamBytes = 256 << 20
	conf.Limits.MaxDecodeBytes = 256 << 20
	conf.Limits.MaxRecursionDepth = 64
	return conf
}

// Extract reads a PDF's provenance. See the package documentation for what
// is read and from where.
func (f Format) Extract(ctx context.Context, r io.ReaderAt, size int64) (*provenance.Record, error) {
	rec := provenance.NewRecord()
	rec.Format = "pdf"
	rec.MIME = "application/pdf"

	raw, err := scanRaw(ctx, r, size)
	if err != nil {
		return nil, fmt.Errorf("scan: %w", err)
	}
	recordRawScan(rec, raw, size)

	var pctx *model.Context
	if raw.Objects > MaxParsedObjects {
		err = fmt.Errorf("%d objects, more than the %d parsed: %w", raw.Objects, MaxParsedObjects, formats.ErrTooLarge)
	} else {
		pctx, err = readContext(ctx, r, size)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if errors.Is(err, pdfcpu.ErrWrongPassword) || errors.Is(err, pdfcpu.ErrUnsupportedEncryptionFeature) {
			rec.Fields.Set("pdf.encrypted", "true")
			if errors.Is(err, pdfcpu.ErrUnsupportedEncryptionFeature) {
				// A security handler pdfcpu does not implement (a DRM
				// vendor's /Filter, an unknown /V): encrypted all the
				// same, not malformed.
				rec.AddProblem("encrypted with a security handler docprov cannot read (%v): %v", err, formats.ErrEncrypted)
			} else {
				rec.AddProblem("encrypted: a user password is needed to read the Info dictionary and XMP: %v", formats.ErrEncrypted)
			}
			salvageEncrypted(ctx, rec, r, size)
			fingerprint(rec, newFPInput(r, size, raw, nil, nil, nil))
			return rec, nil
		}
		if raw.Version == "" {
			// Not even a well-formed header: nothing here is evidence.
			return nil, fmt.Errorf("%w: %v", formats.ErrMalformed, err)
		}
		// The header, the end-of-file markers and the digest are still
		// facts about the file, and a damaged file in a leak is itself
		// worth a look: keep a Record and say what broke.
		if errors.Is(err, formats.ErrTooLarge) {
			rec.AddProblem("pdf structure not parsed: %v", err)
		} else {
			rec.AddProblem("pdf structure unreadable (%v): %v", err, formats.ErrMalformed)
		}
		if salvage(ctx, rec, r, size, true) {
			rec.AddProblem("Info and XMP salvaged from raw bytes")
		}
		finish(rec)
		fingerprint(rec, newFPInput(r, size, raw, nil, nil, nil))
		return rec, nil
	}
	xt := pctx.XRefTable

	if xt.Encrypt != nil {
		rec.Fields.Set("pdf.encrypted", "true")
		if pctx.E != nil {
			rec.Fields.Set("pdf.encryption.V", strconv.Itoa(pctx.E.V))
			rec.Fields.Set("pdf.encryption.R", strconv.Itoa(pctx.E.R))
		}
	}
	if xt.HeaderVersion != nil {
		rec.Fields.Set("pdf.header.raw_version", xt.HeaderVersion.String())
	}
	readTrailerID(rec, xt.ID)
	infoErr := readInfo(rec, xt)
	if infoErr == nil && xt.Info == nil {
		infoErr = readDirectInfo(ctx, rec, xt, r, size, raw)
	}
	if infoErr != nil {
		rec.AddProblem("info dictionary: %v", infoErr)
	}
	xmpErr := readXMP(rec, xt)
	if xmpErr != nil {
		rec.AddProblem("xmp metadata: %v", xmpErr)
	}
	if infoErr != nil || xmpErr != nil {
		// pdfcpu repairs what it can and leaves broken objects empty;
		// the metadata may still be in the bytes. A packet that was read
		// and failed to parse is not looked for again: the raw bytes hold
		// the same packet, and parsing it twice listed its error twice.
		var parseErr *xmpParseError
		if salvage(ctx, rec, r, size, !errors.As(xmpErr, &parseErr)) {
			rec.AddProblem("Info and XMP salvaged from raw bytes")
		}
	}
	if n, err := pageCount(xt); err == nil {
		rec.Fields.Set("pdf.pages", strconv.Itoa(n))
	} else {
		rec.AddProblem("page count: %v", err)
	}
	readCatalog(rec, xt)
	rec.Fields.Set("pdf.header.version", effectiveVersion(rec.Fields["pdf.header.raw_version"], rec.Fields["pdf.catalog.Version"]))
	if err := inspectObjects(ctx, rec, xt, r, size); err != nil {
		return nil, err
	}
	if rec.Fields["pdf.signatures"] != "" {
		validateSignatures(rec, r, size)
	}
	if raw.updates() > 0 && xt.Encrypt == nil {
		readRevisions(ctx, rec, r, size, raw)
	}
	if rec.Fields["pdf.catalog.has.AF"] == "true" {
		// Associated files: a C2PA manifest store is one of them.
		if err := readC2PA(ctx, rec, r, size, f.C2PA); err != nil {
			return nil, err
		}
	}
	first := contentDigest(ctx, rec, xt)
	finish(rec)
	fingerprint(rec, newFPInput(r, size, raw, xt, first, fontNames(rec.Fields)))
	return rec, nil
}

// readC2PA validates the C2PA manifest store a PDF embeds (package c2pa
// finds it) and writes it into rec. Only ctx's end is an error.
func readC2PA(ctx context.Context, rec *provenance.Record, r io.ReaderAt, size int64, opts c2pa.Options) error {
	store, err := c2pa.Read(ctx, r, size, opts)
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.Is(err, c2pa.ErrNoManifest):
	case err != nil:
		rec.AddProblem("c2pa: %v", err)
	default:
		store.SetFields(rec)
	}
	return nil
}

// fontNames returns the font names recorded in pdf.font[i], without the
// type and embedding note.
func fontNames(f provenance.Fields) []string {
	var out []string
	for _, k := range f.WithPrefix("pdf.font[") {
		v := f[k]
		if i := strings.LastIndex(v, " ("); i >= 0 {
			v = v[:i]
		}
		out = append(out, v)
	}
	return out
}

// readContext parses the file with pdfcpu without validating it.
// Validation would overwrite Info values with XMP values, destroying exactly
// the disagreement docprov looks for, and costs more than everything else.
func readContext(ctx context.Context, r io.ReaderAt, size int64) (pctx *model.Context, err error) {
	defer func() {
		// pdfcpu re-panics runtime errors on malformed input.
		if p := recover(); p != nil {
			pctx, err = nil, fmt.Errorf("pdfcpu panicked: %v", p)
		}
	}()
	return pdfcpu.ReadWithContext(ctx, io.NewSectionReader(r, 0, size), configuration())
}

// effectiveVersion is the version a reader applies: the catalog's /Version
// when it is later than the header's (PDF 1.4 added it so that an
// incremental update can raise the version without rewriting the header).
func effectiveVersion(header, catalog string) string {
	h, errH := strconv.ParseFloat(header, 64)
	c, errC := strconv.ParseFloat(catalog, 64)
	if errC == nil && (errH != nil || c > h) {
		return catalog
	}
	return header
}

func recordRawScan(rec *provenance.Record, raw rawScan, size int64) {
	f := rec.Fields
	// The parse may replace both with what pdfcpu reads and the
	// catalog's /Version; a file pdfcpu cannot parse keeps the header's.
	f.Set("pdf.header.raw_version", raw.Version)
	f.Set("pdf.header.version", raw.Version)
	if raw.HeaderOffset > 0 {
		f.Set("pdf.header.offset", strconv.FormatInt(raw.HeaderOffset, 10))
	}
	f.Set("pdf.revisions", strconv.Itoa(raw.updates()))
	for i, rv := range raw.Revisions {
		f.Set(fmt.Sprintf("pdf.eof[%d].offset", i), strconv.FormatInt(rv.End, 10))
		f.Set(fmt.Sprintf("pdf.eof[%d].startxref", i), strconv.FormatInt(rv.StartXref, 10))
	}
	if raw.Linearized {
		f.Set("pdf.linearized", "true")
		if raw.LinearizedLength > 0 {
			f.Set("pdf.linearized.length", strconv.FormatInt(raw.LinearizedLength, 10))
			if raw.LinearizedLength != size {
				// Linearization records the file length; a different
				// length means bytes were added or removed afterwards.
				f.Set("pdf.linearized.length_mismatch", "true")
			}
		}
	}
	if raw.TrailingBytes > 0 {
		f.Set("pdf.trailing_bytes", strconv.FormatInt(raw.TrailingBytes, 10))
	}
}

// readTrailerID records both halves of the trailer /ID. The first is fixed
// when a document is first written; the second changes with every save, so
// halves that differ show the file was saved again after its creation.
func readTrailerID(rec *provenance.Record, id types.Array) {
	for i, o := range id {
		if i > 1 {
			break
		}
		v := idString(o)
		if v == "" {
			continue
		}
		key := fmt.Sprintf("pdf.trailer.ID[%d]", i)
		rec.Fields.Set(key, v)
		rec.AddID(fmt.Sprintf("pdf.trailer.ID%d", i), v, key)
	}
}

// idString renders an ID half as lower-case hex, whichever string form the
// file used.
func idString(o types.Object) string {
	switch v := o.(type) {
	case types.HexLiteral:
		b, err := v.Bytes()
		if err != nil {
			return strings.ToLower(string(v))
		}
		return hex.EncodeToString(b)
	case types.StringLiteral:
		b, err := types.Unescape(v.Value())
		if err != nil {
			return ""
		}
		return hex.EncodeToString(b)
	}
	return ""
}

// infoKeys maps the standard Info entries to the normalized view.
var standardInfo = map[string]bool{
	"Title": true, "Author": true, "Subject": true, "Keywords": true, "Creator": true,
	"Producer": true, "CreationDate": true, "ModDate": true, "Trapped": true,
}

func readInfo(rec *provenance.Record, xt *model.XRefTable) error {
	if xt.Info == nil {
		return nil
	}
	o, err := xt.Dereference(*xt.Info)
	if err != nil {
		return err
	}
	if e, ok := xt.Table[xt.Info.ObjectNumber.Value()]; o == nil && ok && e != nil && e.Free {
		// The /Info an earlier trailer names is an object a later
		// update freed (ExifTool's -all= writes such an update): the
		// file as it stands has no Info dictionary. The removed one
		// stays in the earlier save (pdf.revision[i].info.*); it is not
		// salvaged into the current view.
		rec.Fields.Set(KeyInfoFreed, "true")
		return nil
	}
	d, ok := o.(types.Dict)
	if !ok {
		return fmt.Errorf("not a dictionary (%T)", o)
	}
	readInfoDict(rec, xt, d)
	return nil
}

// KeyInfoFreed is set ("true") when the trailer's /Info names an object
// the file's last update freed: its metadata was removed by an update.
const KeyInfoFreed = "pdf.trailer.info_freed"

// readDirectInfo reads an Info dictionary written directly in the trailer
// (see trailerInfo), which pdfcpu does not keep, and flags it with
// pdf.trailer.info_direct: it is against the standard and rare, so it says
// something about the writer.
func readDirectInfo(ctx context.Context, rec *provenance.Record, xt *model.XRefTable, r io.ReaderAt, size int64, raw rawScan) error {
	d, found, err := trailerInfo(ctx, r, size, raw)
	if err != nil || !found {
		return err
	}
	rec.Fields.Set("pdf.trailer.info_direct", "true")
	readInfoDict(rec, xt, d)
	return nil
}

// readInfoDict records every entry of an Info dictionary.
func readInfoDict(rec *provenance.Record, xt *model.XRefTable, d types.Dict) {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, err := xt.Dereference(d[k])
		if err != nil {
			rec.AddProblem("info /%s: %v", k, err)
			continue
		}
		s := objectText(v)
		if s == "" {
			continue
		}
		rec.Fields.Set("pdf.info."+k, s)
		if !standardInfo[k] {
			rec.Fields.Set("pdf.info.custom", "true")
		}
	}
}

// objectText renders a simple PDF object as text: strings decoded from
// PDFDocEncoding or UTF-16, names without the slash, numbers as written.
func objectText(o types.Object) string {
	switch v := o.(type) {
	case types.StringLiteral, types.HexLiteral:
		s, err := types.StringOrHexLiteral(v)
		if err != nil || s == nil {
			return ""
		}
		return cleanText(*s)
	case types.Name:
		return string(v)
	case types.Integer:
		return strconv.Itoa(v.Value())
	case types.Float:
		return strconv.FormatFloat(v.Value(), 'f', -1, 64)
	case types.Boolean:
		return strconv.FormatBool(v.Value())
	}
	return ""
}

// cleanText drops the NULs and surrounding spaces that producers pad strings
// with.
func cleanText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\x00", ""))
}

func readXMP(rec *provenance.Record, xt *model.XRefTable) error {
	data, err := metadataStream(xt)
	if err != nil || data == nil {
		return err
	}
	return addXMP(rec, data)
}

// metadataStream returns the decoded XMP stream the catalog's /Metadata
// names, nil when it names none, within MaxXMPBytes.
func metadataStream(xt *model.XRefTable) ([]byte, error) {
	root, err := xt.Catalog()
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	mo, ok := root.Find("Metadata")
	if !ok {
		return nil, nil
	}
	o, err := xt.Dereference(mo)
	if err != nil {
		return nil, err
	}
	sd, ok := o.(types.StreamDict)
	if !ok {
		return nil, fmt.Errorf("metadata is not a stream (%T)", o)
	}
	if sd.StreamLength != nil && *sd.StreamLength > MaxXMPBytes {
		return nil, fmt.Errorf("stream of %d bytes: %w", *sd.StreamLength, formats.ErrTooLarge)
	}
	if err := sd.Decode(); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if len(sd.Content) > MaxXMPBytes {
		return nil, fmt.Errorf("decoded stream of %d bytes: %w", len(sd.Content), formats.ErrTooLarge)
	}
	return sd.Content, nil
}

// xmpParseError is an error of xmp.Parse on a packet that was read, with
// the parser's text: the packet's bytes were there, so salvaging it from the
// raw file again would only repeat the error.
type xmpParseError struct{ err error }

func (e *xmpParseError) Error() string { return e.err.Error() }
func (e *xmpParseError) Unwrap() error { return e.err }

// addXMP parses an XMP packet into pdf.xmp.* fields. What the parser had to
// repair (characters XML forbids, bytes that are not UTF-8, an undefined
// entity) is a problem of its own, so that the Record says a value is not
// byte for byte what the producer wrote.
func addXMP(rec *provenance.Record, data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	p, err := xmp.Parse(data)
	if p != nil {
		for _, prop := range p.Properties {
			rec.Fields.Set("pdf.xmp."+prop.Path, prop.Value)
		}
		for _, w := range p.Warnings {
			rec.AddProblem("xmp metadata: %s", w)
		}
	}
	if err != nil {
		return &xmpParseError{err}
	}
	return nil
}

func pageCount(xt *model.XRefTable) (int, error) {
	root, err := xt.Catalog()
	if err != nil {
		return 0, err
	}
	po, ok := root.Find("Pages")
	if !ok {
		return 0, errors.New("catalog has no /Pages")
	}
	o, err := xt.Dereference(po)
	if err != nil {
		return 0, err
	}
	d, ok := o.(types.Dict)
	if !ok {
		return 0, fmt.Errorf("/Pages is %T", o)
	}
	n := d.IntEntry("Count")
	if n == nil {
		return 0, errors.New("/Pages has no /Count")
	}
	return *n, nil
}

// readCatalog records the catalog entries that speak of provenance: the
// document language and whether it carries interactive form fields or
// collections (portfolios).
func readCatalog(rec *provenance.Record, xt *model.XRefTable) {
	root, err := xt.Catalog()
	if err != nil {
		rec.AddProblem("catalog: %v", err)
		return
	}
	for _, k := range []string{"Version", "Lang", "PageMode"} {
		if o, ok := root.Find(k); ok {
			if v, err := xt.Dereference(o); err == nil {
				rec.Fields.Set("pdf.catalog."+k, objectText(v))
			}
		}
	}
	for _, k := range []string{"AcroForm", "Collection", "OpenAction", "AA", "Perms", "AF"} {
		if _, ok := root.Find(k); ok {
			rec.Fields.Set("pdf.catalog.has."+k, "true")
		}
	}
}
