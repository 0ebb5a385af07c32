package pdf

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/docprov/docprov/formats/xmp"
	"github.com/docprov/docprov/provenance"
)

// MaxRevisionsRead bounds how many earlier saves of a file with
// incremental updates are restored and read: each costs a parse of the
// file up to its %%EOF.
const MaxRevisionsRead = 16

// infoKeysPerRevision are the Info entries recorded for each save: who and
// what wrote it, and when; xmpKeysPerRevision the same of its XMP packet,
// with the IDs that name the document and this saved state of it.
var (
	infoKeysPerRevision = [...]string{"Producer", "Creator", "Author", "Title", "CreationDate", "ModDate"}
	xmpKeysPerRevision  = [...]string{"xmp:CreatorTool", "pdf:Producer", "xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate", "xmpMM:DocumentID", "xmpMM:InstanceID"}
)

// readRevisions restores each save of a file that incremental updates
// extended, as pdfresurrect does: the bytes up to a save's %%EOF are the
// file as that save left it. For each one it records its Info entries,
// its trailer /ID, its page count and, for each update, the objects it
// wrote by kind (page content, font, image, form xobject, annotation,
// form field, signature, page, catalog, Info, XMP): "text replaced after the first
// save" is a different finding from "a signature was appended".
//
// Fields: pdf.revision[i].end, .info.<Key>, .xmp.<prefix:Name>, .ID[0], .ID[1], .pages,
// .objects_written, .written ("annotation 1, signature 1") and
// .page_contents_written (the page content streams among them), i from 0
// (the first save), and pdf.claim_save.<Key>, the save each Info claim
// the file ends with comes from. Only files with at least one update get
// them.
func readRevisions(ctx context.Context, rec *provenance.Record, r io.ReaderAt, size int64, raw rawScan) {
	saves := raw.Revisions
	if raw.Linearized && len(saves) > 1 {
		// A linearized file's first %%EOF closes its first-page
		// section, not a save.
		saves = saves[1:]
	}
	if len(saves) < 2 {
		return
	}
	if len(saves) > MaxRevisionsRead {
		rec.AddProblem("%d saves: only the last %d restored", len(saves), MaxRevisionsRead)
		saves = saves[len(saves)-MaxRevisionsRead:]
	}
	f := rec.Fields
	prevEnd := int64(-1)
	for i, sv := range saves {
		if ctx.Err() != nil {
			return
		}
		if sv.End <= 0 || sv.End > size {
			continue
		}
		p := fmt.Sprintf("pdf.revision[%d].", i)
		f.Set(p+"end", strconv.FormatInt(sv.End, 10))
		pctx, err := readContext(ctx, r, sv.End)
		if err != nil {
			rec.AddProblem("save %d (ending at byte %d) unreadable: %v", i, sv.End, err)
			prevEnd = sv.End
			continue
		}
		xt := pctx.XRefTable
		recordRevisionInfo(f, p, xt)
		if n, err := pageCount(xt); err == nil {
			f.Set(p+"pages", strconv.Itoa(n))
		}
		if prevEnd >= 0 {
			kinds, counts, n := writtenSince(xt, prevEnd)
			f.Set(p+"objects_written", strconv.Itoa(n))
			f.Set(p+"written", kinds)
			f.Set(p+"page_contents_written", strconv.Itoa(counts[WrittenPageContent]))
		}
		prevEnd = sv.End
	}
	claimSaves(f, len(saves))
}

// claimSaves says which save each Info claim the file ends with comes from
// (pdf.claim_save.<Key>): the first save from which on the entry kept its
// last value. "ModDate: 1" in a file whose first save is 0 means an update
// wrote the date the normalized view shows; "Author: 0", that the author
// is the first save's.
func claimSaves(f provenance.Fields, n int) {
	for _, k := range infoKeysPerRevision {
		last := fmt.Sprintf("pdf.revision[%d].info.%s", n-1, k)
		v, ok := f[last]
		if !ok {
			continue
		}
		from := n - 1
		for i := n - 2; i >= 0; i-- {
			if w, ok := f[fmt.Sprintf("pdf.revision[%d].info.%s", i, k)]; !ok || w != v {
				break
			}
			from = i
		}
		f.Set("pdf.claim_save."+k, strconv.Itoa(from))
	}
}

func recordRevisionInfo(f provenance.Fields, p string, xt *model.XRefTable) {
	if data, err := metadataStream(xt); err == nil && data != nil {
		if pkt, _ := xmp.Parse(data); pkt != nil {
			for _, k := range xmpKeysPerRevision {
				if v := pkt.First(k); v != "" {
					f.Set(p+"xmp."+k, v)
				}
			}
		}
	}
	for i, o := range xt.ID {
		if i > 1 {
			break
		}
		f.Set(fmt.Sprintf("%sID[%d]", p, i), idString(o))
	}
	if xt.Info == nil {
		return
	}
	o, err := xt.Dereference(*xt.Info)
	if err != nil {
		return
	}
	d, ok := o.(types.Dict)
	if !ok {
		return
	}
	for _, k := range infoKeysPerRevision {
		if v, ok := d[k]; ok {
			if v, err := xt.Dereference(v); err == nil {
				f.Set(p+"info."+k, objectText(v))
			}
		}
	}
}

// writtenSince lists, by kind, the objects of xt written after byte
// offset since (by an update), directly or in an object stream written
// then, and how many there are.
func writtenSince(xt *model.XRefTable, since int64) (string, map[string]int, int) {
	contents := pageContents(xt)
	infoNr := -1
	if xt.Info != nil {
		infoNr = xt.Info.ObjectNumber.Value()
	}
	offsetOf := func(e *model.XRefTableEntry) int64 {
		if e.Compressed && e.ObjectStream != nil {
			if s := xt.Table[*e.ObjectStream]; s != nil && s.Offset != nil {
				return *s.Offset
			}
			return -1
		}
		if e.Offset == nil {
			return -1
		}
		return *e.Offset
	}
	counts := map[string]int{}
	n := 0
	for nr, e := range xt.Table {
		if e == nil || e.Free || offsetOf(e) < since {
			continue
		}
		kind := objectKind(xt, nr, e.Object, contents, infoNr)
		if kind == "" {
			continue // an xref stream or object stream: the update's own bookkeeping
		}
		counts[kind]++
		n++
	}
	kinds := make([]string, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s %d", k, counts[k])
	}
	return strings.Join(parts, ", "), counts, n
}

// Kinds of object an update may write, as pdf.revision[i].written names
// them.
const (
	WrittenPageContent = "page content"
	WrittenFont        = "font"
	WrittenImage       = "image"
	WrittenFormXObject = "form xobject"
	WrittenAnnotation  = "annotation"
	WrittenFormField   = "form field"
	WrittenSignature   = "signature"
	WrittenPage        = "page"
	WrittenCatalog     = "catalog"
	WrittenInfo        = "info"
	WrittenXMP         = "xmp"
	WrittenOther       = "other"
)

func objectKind(xt *model.XRefTable, nr int, o types.Object, contents map[int]bool, infoNr int) string {
	if nr == infoNr {
		return WrittenInfo
	}
	if contents[nr] {
		return WrittenPageContent
	}
	var d types.Dict
	switch v := o.(type) {
	case types.Dict:
		d = v
	case types.StreamDict:
		d = v.Dict
	default:
		return WrittenOther
	}
	typ := d.NameEntry("Type")
	sub := d.NameEntry("Subtype")
	is := func(p *string, v string) bool { return p != nil && *p == v }
	switch {
	case is(typ, "XRef") || is(typ, "ObjStm"):
		return ""
	case is(typ, "Font") || is(typ, "FontDescriptor"):
		return WrittenFont
	case is(typ, "Metadata"):
		return WrittenXMP
	case is(typ, "Catalog"):
		return WrittenCatalog
	case is(typ, "Page") || is(typ, "Pages"):
		return WrittenPage
	case isSignature(d, typ):
		return WrittenSignature
	case is(sub, "Image"):
		return WrittenImage
	case is(sub, "Form"):
		// A signature's or an annotation's appearance, or a page's
		// reusable drawing.
		return WrittenFormXObject
	case is(sub, "Widget") && d["FT"] != nil || d["FT"] != nil:
		return WrittenFormField
	case is(typ, "Annot") || d["Rect"] != nil && sub != nil:
		return WrittenAnnotation
	}
	return WrittenOther
}

// pageContents returns the object numbers of every page's content
// streams.
func pageContents(xt *model.XRefTable) map[int]bool {
	out := map[int]bool{}
	for _, e := range xt.Table {
		if e == nil || e.Free {
			continue
		}
		d, ok := e.Object.(types.Dict)
		if !ok || !isPage(d) {
			continue
		}
		switch c := d["Contents"].(type) {
		case types.IndirectRef:
			out[c.ObjectNumber.Value()] = true
		case types.Array:
			for _, o := range c {
				if ref, ok := o.(types.IndirectRef); ok {
					out[ref.ObjectNumber.Value()] = true
				}
			}
		}
	}
	return out
}

func isPage(d types.Dict) bool {
	t := d.NameEntry("Type")
	return t != nil && *t == "Page"
}
