package pdf

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"sort"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/filter"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/docprov/docprov/provenance"
)

// Limits of the page-content digest.
const (
	// MaxContentBytes is the most decoded page content hashed in all.
	MaxContentBytes = 16 << 20
	// MaxPageDigests is the most pages given a digest of their own.
	MaxPageDigests = 64
	// maxPageTreeDepth bounds the walk down /Kids.
	maxPageTreeDepth = 64
)

// contentDigest hashes the decoded content streams of every page, in page
// order, into content.sha256 (each page's bytes preceded by their length
// as 8 bytes big-endian, so that moving bytes between pages changes the
// digest) and content.pages_sha256[i] for the first MaxPageDigests pages.
// A stream that does not decode is a problem, not an error: its page is
// hashed without it and content.incomplete says so. It returns the first
// page's decoded content, up to fpContent bytes, for the fingerprint.
func contentDigest(ctx context.Context, rec *provenance.Record, xt *model.XRefTable) (first []byte) {
	defer func() {
		if p := recover(); p != nil {
			rec.AddProblem("page content digest: pdfcpu panicked: %v", p)
			first = nil
		}
	}()
	root, err := xt.Catalog()
	if err != nil {
		return nil
	}
	pages, ok := root.Find("Pages")
	if !ok {
		return nil
	}
	w := &pageWalker{ctx: ctx, xt: xt, all: sha256.New(), seen: map[int]bool{}, rec: rec}
	w.walk(pages, 0)
	if w.pages == 0 {
		return w.first
	}
	f := rec.Fields
	if w.painted {
		// Pages that paint nothing (no content, no external object)
		// are the same in every blank or unreadable file: no digest
		// of theirs may tie two documents together.
		f.Set("content.sha256", hex.EncodeToString(w.all.Sum(nil)))
	}
	f.Set("content.pages", strconv.Itoa(w.pages))
	if w.truncated {
		f.Set("content.truncated", "true")
	}
	if w.failed > 0 {
		f.Set("content.incomplete", "true")
		rec.AddProblem("page content digest: %d content streams did not decode and were left out", w.failed)
	}
	return w.first
}

type pageWalker struct {
	ctx       context.Context
	xt        *model.XRefTable
	rec       *provenance.Record
	all       hash.Hash
	seen      map[int]bool
	pages     int
	total     int64
	truncated bool
	failed    int
	first     []byte
	painted   bool // some page has content or an external object
}

func (w *pageWalker) walk(o types.Object, depth int) {
	if depth > maxPageTreeDepth || w.truncated || w.ctx.Err() != nil {
		return
	}
	if ref, ok := o.(types.IndirectRef); ok {
		nr := ref.ObjectNumber.Value()
		if w.seen[nr] {
			return // a cycle, or a page listed twice
		}
		w.seen[nr] = true
	}
	d, err := w.xt.DereferenceDict(o)
	if err != nil || d == nil {
		return
	}
	if kids, ok := d.Find("Kids"); ok {
		if t := d.NameEntry("Type"); t == nil || *t != "Page" {
			arr, err := w.xt.DereferenceArray(kids)
			if err != nil {
				return
			}
			for _, k := range arr {
				w.walk(k, depth+1)
			}
			return
		}
	}
	w.page(d)
}

func (w *pageWalker) page(d types.Dict) {
	var data []byte
	if c, ok := d.Find("Contents"); ok {
		var streams []types.Object
		if o, err := w.xt.Dereference(c); err == nil {
			switch v := o.(type) {
			case types.Array:
				streams = v
			case types.StreamDict:
				streams = []types.Object{c}
			}
		}
		for _, s := range streams {
			b, ok := w.decode(s)
			if !ok {
				w.failed++
				continue
			}
			if w.total+int64(len(b)) > MaxContentBytes {
				b = b[:MaxContentBytes-w.total]
				w.truncated = true
			}
			w.total += int64(len(b))
			if data == nil {
				data = b // one stream, the usual case: no copy
			} else {
				data = append(data[:len(data):len(data)], b...)
			}
			if w.truncated {
				break
			}
		}
	}
	xobjects := w.xobjects(d)
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(data)))
	w.all.Write(n[:])
	w.all.Write(data)
	w.all.Write(xobjects)
	empty := len(data) == 0 && len(xobjects) == 0
	w.painted = w.painted || !empty
	if w.pages < MaxPageDigests && !empty {
		h := sha256.New()
		h.Write(data)
		h.Write(xobjects)
		w.rec.Fields.Set(fmt.Sprintf("content.pages_sha256[%d]", w.pages), hex.EncodeToString(h.Sum(nil)))
	}
	if w.pages == 0 {
		w.first = data[:min(len(data), fpContent)]
	}
	w.pages++
}

// xobjects digests the external objects a page's own resources name, in
// the order of their names: each name, then the SHA-256 of the stream's
// bytes as the file stores them. A scanned or rasterized page paints one
// image with the same two operators as every other such page; without
// its image, the digest of a page would tie every scan to every other.
// The stored bytes, not decoded ones: images stay compressed, and a
// rewrite that keeps streams as they were (qpdf, pikepdf) keeps them.
func (w *pageWalker) xobjects(page types.Dict) []byte {
	res, err := w.xt.DereferenceDict(page["Resources"])
	if err != nil || res == nil {
		return nil
	}
	xo, err := w.xt.DereferenceDict(res["XObject"])
	if err != nil || xo == nil {
		return nil
	}
	names := make([]string, 0, len(xo))
	for name := range xo {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []byte
	for _, name := range names {
		sd, _, err := w.xt.DereferenceStreamDict(xo[name])
		if err != nil || sd == nil {
			continue
		}
		if w.total+int64(len(sd.Raw)) > MaxContentBytes {
			w.truncated = true
			break
		}
		w.total += int64(len(sd.Raw))
		sum := sha256.Sum256(sd.Raw)
		out = append(out, name...)
		out = append(out, 0)
		out = append(out, sum[:]...)
	}
	return out
}

func (w *pageWalker) decode(o types.Object) ([]byte, bool) {
	sd, _, err := w.xt.DereferenceStreamDict(o)
	if err != nil || sd == nil {
		return nil, err == nil
	}
	budget := MaxContentBytes - w.total
	if budget <= 0 || sd.StreamLength != nil && *sd.StreamLength > MaxContentBytes {
		w.truncated = true
		return nil, true
	}
	b, err := sd.DecodeLengthWithLimit(-1, budget)
	if errors.Is(err, filter.ErrDecodeLimitExceeded) {
		// Hash what fits, and stop there.
		w.truncated = true
		b, err = sd.DecodeLengthWithLimit(budget, budget+1)
		return b, err == nil
	}
	if err != nil {
		return nil, false
	}
	return b, true
}
