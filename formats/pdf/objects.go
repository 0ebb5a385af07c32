package pdf

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	pdfcpu "github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/docprov/docprov/provenance"
)

// font is one font resource as the file declares it.
type font struct {
	BaseName string // with its subset prefix, e.g. "ABCDEF+Calibri"
	Subtype  string // Type1, TrueType, Type0 …
	Embedded bool
}

// signature is one signature dictionary.
type signature struct {
	ObjNr     int
	Name      string // /Name: the signer as the signing software wrote it
	Time      string // /M
	Reason    string
	Location  string
	SubFilter string
	// CoveredEnd is where the last /ByteRange span ends: a signature
	// covers the file up to there, so any byte past it was added after
	// signing.
	CoveredEnd int64
	// GapStart and GapEnd bound the bytes a two-span /ByteRange leaves
	// out: the /Contents hex string that holds the signature itself.
	GapStart, GapEnd int64
}

// inspectObjects walks every object once, in object-number order, for the
// traces that are not reachable from one well-known place: fonts,
// signatures, scripts and embedded files. A flat walk over the xref table
// never recurses, so deep or cyclic object graphs cost nothing extra.
func inspectObjects(ctx context.Context, rec *provenance.Record, xt *model.XRefTable, r io.ReaderAt, size int64) error {
	objNrs := make([]int, 0, len(xt.Table))
	for nr := range xt.Table {
		objNrs = append(objNrs, nr)
	}
	sort.Ints(objNrs)
	if len(objNrs) > MaxObjects {
		rec.AddProblem("%d objects: only the first %d inspected for fonts, signatures, scripts and attachments", len(objNrs), MaxObjects)
		objNrs = objNrs[:MaxObjects]
	}

	var fonts []font
	var sigs []signature
	var js, files int
	for i, nr := range objNrs {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		e := xt.Table[nr]
		if e == nil || e.Free || e.Object == nil {
			continue
		}
		var d types.Dict
		switch o := e.Object.(type) {
		case types.Dict:
			d = o
		case types.StreamDict:
			d = o.Dict
		default:
			continue
		}
		typ := d.NameEntry("Type")
		switch {
		case typ != nil && *typ == "Font":
			if f, ok := readFont(xt, d); ok {
				fonts = append(fonts, f)
			}
		case isSignature(d, typ):
			sigs = append(sigs, readSignature(xt, nr, d))
		case typ != nil && *typ == "EmbeddedFile":
			files++
		}
		if s := d.NameEntry("S"); s != nil && *s == "JavaScript" {
			js++
		}
	}

	f := rec.Fields
	recordFonts(f, fonts)
	f.Set("pdf.javascript", countOrEmpty(js))
	f.Set("pdf.embedded_files", countOrEmpty(files))
	recordSignatures(rec, sigs, r, size)
	return nil
}

func countOrEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func readFont(xt *model.XRefTable, d types.Dict) (font, bool) {
	base := d.NameEntry("BaseFont")
	if base == nil {
		return font{}, false // Type3 fonts have no name worth comparing
	}
	f := font{BaseName: decodeName(*base)}
	if st := d.NameEntry("Subtype"); st != nil {
		f.Subtype = *st
	}
	desc := d
	if f.Subtype == "Type0" {
		// A composite font keeps its descriptor in its descendant font.
		if arr, err := xt.DereferenceArray(d["DescendantFonts"]); err == nil && len(arr) > 0 {
			if dd, err := xt.DereferenceDict(arr[0]); err == nil && dd != nil {
				desc = dd
			}
		}
	}
	if fd, err := xt.DereferenceDict(desc["FontDescriptor"]); err == nil && fd != nil {
		for _, k := range []string{"FontFile", "FontFile2", "FontFile3"} {
			if _, ok := fd.Find(k); ok {
				f.Embedded = true
			}
		}
	}
	return f, true
}

// decodeName undoes #xx escapes in a name, leaving it as written when the
// escapes are broken.
func decodeName(s string) string {
	if d, err := types.DecodeName(s); err == nil {
		return d
	}
	return s
}

func recordFonts(f provenance.Fields, fonts []font) {
	// The same font is often declared once per page or per subset: record
	// each distinct (name, subtype, embedded) once, in a stable order.
	seen := map[font]bool{}
	var uniq []font
	for _, ft := range fonts {
		if !seen[ft] {
			seen[ft] = true
			uniq = append(uniq, ft)
		}
	}
	sort.Slice(uniq, func(i, j int) bool {
		if uniq[i].BaseName != uniq[j].BaseName {
			return uniq[i].BaseName < uniq[j].BaseName
		}
		return uniq[i].Subtype < uniq[j].Subtype
	})
	if len(uniq) > 0 {
		f.Set("pdf.fonts", strconv.Itoa(len(uniq)))
	}
	for i, ft := range uniq {
		if i == MaxFonts {
			break
		}
		embedded := "not embedded"
		if ft.Embedded {
			embedded = "embedded"
		}
		f.Set(fmt.Sprintf("pdf.font[%d]", i), fmt.Sprintf("%s (%s, %s)", ft.BaseName, ft.Subtype, embedded))
	}
}

// isSignature recognises a signature dictionary: /Type /Sig or /DocTimeStamp
// where producers set it, otherwise the /ByteRange and /Contents every
// signature must have.
func isSignature(d types.Dict, typ *string) bool {
	if typ != nil && (*typ == "Sig" || *typ == "DocTimeStamp") {
		return true
	}
	_, br := d.Find("ByteRange")
	_, ct := d.Find("Contents")
	return br && ct
}

func readSignature(xt *model.XRefTable, nr int, d types.Dict) signature {
	s := signature{ObjNr: nr}
	text := func(k string) string {
		o, ok := d.Find(k)
		if !ok {
			return ""
		}
		o, err := xt.Dereference(o)
		if err != nil {
			return ""
		}
		return objectText(o)
	}
	s.Name, s.Time, s.Reason, s.Location = text("Name"), text("M"), text("Reason"), text("Location")
	if sf := d.NameEntry("SubFilter"); sf != nil {
		s.SubFilter = *sf
	}
	if arr, err := xt.DereferenceArray(d["ByteRange"]); err == nil && len(arr)%2 == 0 {
		var spans []int64
		for i := 0; i+1 < len(arr); i += 2 {
			start, ok1 := arr[i].(types.Integer)
			n, ok2 := arr[i+1].(types.Integer)
			if ok1 && ok2 {
				s.CoveredEnd = max(s.CoveredEnd, int64(start.Value())+int64(n.Value()))
				spans = append(spans, int64(start.Value()), int64(n.Value()))
			}
		}
		if len(spans) == 4 {
			s.GapStart, s.GapEnd = spans[0]+spans[1], spans[2]
		}
	}
	return s
}

func recordSignatures(rec *provenance.Record, sigs []signature, r io.ReaderAt, size int64) {
	if len(sigs) == 0 {
		return
	}
	f := rec.Fields
	f.Set("pdf.signatures", strconv.Itoa(len(sigs)))
	for i, s := range sigs {
		p := fmt.Sprintf("pdf.signature[%d].", i)
		f.Set(p+"name", s.Name)
		f.Set(p+"time", s.Time)
		f.Set(p+"reason", s.Reason)
		f.Set(p+"location", s.Location)
		f.Set(p+"subfilter", s.SubFilter)
		if s.CoveredEnd > 0 {
			f.Set(p+"covered_bytes", strconv.FormatInt(s.CoveredEnd, 10))
			// Bytes after the signed range are later additions: an
			// incremental update after signing, legitimate (another
			// signature, form filling) or not. pdfcpu's validation only
			// checks bytes inside the range, so this is checked here.
			f.Set(p+"modified_after_signing", strconv.FormatBool(s.CoveredEnd < size))
			// The signing program wrote the /ByteRange around the
			// /Contents string it then filled: the bytes it leaves out
			// are that "<…>" string, and it ends inside the file. A
			// program that rewrote the file after signing keeps the
			// dictionary but moves every object, so the range no longer
			// frames the signature (or runs past the end).
			if s.GapEnd > 0 {
				f.Set(p+"byte_range_fits", strconv.FormatBool(s.CoveredEnd <= size && frames(r, s.GapStart, s.GapEnd)))
			}
		}
	}
}

// validateSignatures asks pdfcpu to verify the signatures cryptographically
// and records each one's status and signer identity. It re-reads the whole
// file, so it only runs for files that carry signatures. Offline, with no
// trusted roots, the certificate trust is unknown and pdfcpu says so.
func validateSignatures(rec *provenance.Record, r io.ReaderAt, size int64) {
	defer func() {
		if p := recover(); p != nil {
			rec.AddProblem("signature validation: pdfcpu panicked: %v", p)
		}
	}()
	// api.ValidateSignaturesRaw would first load a trust store from
	// pdfcpu's configuration folder, which docprov keeps disabled; with no
	// trusted roots pdfcpu still verifies the signature bytes and reports
	// the certificate's trust as unknown.
	conf := configuration()
	conf.Cmd = model.VALIDATESIGNATURES
	rs := io.NewSectionReader(r, 0, size)
	pctx, err := api.ReadValidateAndOptimize(rs, conf)
	if err != nil {
		rec.AddProblem("signature validation: %v", err)
		return
	}
	results, err := pdfcpu.ValidateSignatures(rs, pctx, true)
	if err != nil {
		rec.AddProblem("signature validation: %v", err)
		return
	}
	// pdfcpu orders its results by signature field, not by object number
	// as pdf.signature[i] is, so its verdicts get their own index and
	// name the field they belong to.
	for i, res := range results {
		p := fmt.Sprintf("pdf.sigcheck[%d].", i)
		rec.Fields.Set(p+"field", res.Details.FieldName)
		rec.Fields.Set(p+"status", res.Status.String())
		rec.Fields.Set(p+"status_reason", res.Reason.String())
		if id := strings.TrimSpace(res.Details.SignerIdentity); id != "Unknown" {
			rec.Fields.Set(p+"signer", id)
		}
		for j, sg := range res.Details.Signers {
			if c := sg.Certificate; c != nil {
				q := fmt.Sprintf("%scert[%d].", p, j)
				rec.Fields.Set(q+"subject", c.Subject)
				rec.Fields.Set(q+"issuer", c.Issuer)
				rec.Fields.Set(q+"serial", c.SerialNumber)
				rec.Fields.Set(q+"self_signed", strconv.FormatBool(c.SelfSigned))
				if !c.ValidFrom.IsZero() {
					rec.Fields.Set(q+"valid_from", c.ValidFrom.Format(time.RFC3339))
					rec.Fields.Set(q+"valid_thru", c.ValidThru.Format(time.RFC3339))
				}
			}
		}
		if !res.Details.SigningTime.IsZero() {
			rec.Fields.Set(p+"signing_time", res.Details.SigningTime.Format("2006-01-02T15:04:05Z07:00"))
		}
		if res.DocModified != 0 {
			rec.Fields.Set(p+"doc_modified", strconv.Itoa(res.DocModified))
		}
		for j, pr := range res.Problems {
			rec.Fields.Set(fmt.Sprintf("%sproblem[%d]", p, j), pr)
		}
	}
}

// frames reports whether the bytes [start, end) of r are a hex string,
// "<" … ">": the /Contents a signature's /ByteRange leaves out.
func frames(r io.ReaderAt, start, end int64) bool {
	if start < 0 || end-start < 2 {
		return false
	}
	var b [1]byte
	if _, err := r.ReadAt(b[:], start); err != nil || b[0] != '<' {
		return false
	}
	if _, err := r.ReadAt(b[:], end-1); err != nil || b[0] != '>' {
		return false
	}
	return true
}
