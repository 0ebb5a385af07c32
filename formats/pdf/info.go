package pdf

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// The PDF standard says the trailer's /Info is an indirect reference, but
// some writers (Solid Converter PDF among them) put the dictionary itself in
// the trailer: "/Info << /Producer (Solid Converter PDF) … >>". pdfcpu keeps
// only an indirect /Info and drops the trailer dictionary after reading it,
// so such a file looked as if it had no Info at all. trailerInfo reads the
// trailers again from the raw bytes to find a direct one.

// maxTrailerBytes is how much is read for one trailer: an Info dictionary
// with long strings fits many times over.
const maxTrailerBytes = 64 << 10

// maxTrailers is how many saves, newest first, are looked at. A save's
// trailer repeats the entries of the one before it, so the newest few
// decide; a file of thousands of updates costs no more than this many
// reads.
const maxTrailers = 32

// trailerKeywordRe is a classic trailer's keyword and the dictionary's
// opening.
var trailerKeywordRe = regexp.MustCompile(`trailer\s*<<`)

// xrefStreamObjRe is the "N G obj" that opens a cross-reference stream,
// whose dictionary is the trailer of a PDF 1.5 file.
var xrefStreamObjRe = regexp.MustCompile(`^\s*\d+\s+\d+\s+obj\s*`)

// trailerInfo returns the newest trailer's /Info when it is a direct
// dictionary. Each save (newest first) ends "trailer <<…>> startxref N
// %%EOF" for a classic cross-reference table, so its trailer is the last
// "trailer <<" before its %%EOF, whatever N says (a wrong N is common and
// pdfcpu repairs it); a cross-reference stream's dictionary is its trailer,
// found at N. found is false when no trailer has a direct /Info, or when the
// newest trailer that names an /Info refers to it (pdfcpu's case); err says
// the /Info found is neither.
func trailerInfo(ctx context.Context, r io.ReaderAt, size int64, raw rawScan) (info types.Dict, found bool, err error) {
	for i, seen := len(raw.Revisions)-1, 0; i >= 0 && seen < maxTrailers; i, seen = i-1, seen+1 {
		if ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		rv := raw.Revisions[i]
		var prevEnd int64
		if i > 0 {
			prevEnd = raw.Revisions[i-1].End
		}
		d, ok := classicTrailer(ctx, r, prevEnd, rv.End)
		if !ok {
			d, ok = xrefStreamTrailer(ctx, r, size, raw.HeaderOffset+rv.StartXref)
		}
		if !ok && raw.HeaderOffset > 0 {
			// Offsets counted from the file's start, by a writer that
			// ignored the junk before the header.
			d, ok = xrefStreamTrailer(ctx, r, size, rv.StartXref)
		}
		if !ok {
			continue
		}
		if info, found, err := directInfo(d); found || err != nil {
			return info, found, err
		}
		if _, ok := d["Info"]; ok {
			return nil, false, nil
		}
	}
	return nil, false, nil
}

// directInfo returns d's /Info when it is a dictionary; err is set when it
// is neither a dictionary nor an indirect reference.
func directInfo(d types.Dict) (types.Dict, bool, error) {
	o, ok := d["Info"]
	if !ok || o == nil {
		return nil, false, nil
	}
	switch v := o.(type) {
	case types.Dict:
		return v, true, nil
	case types.IndirectRef:
		return nil, false, nil
	}
	return nil, false, fmt.Errorf("trailer /Info is neither a dictionary nor a reference (%T)", o)
}

// classicTrailer parses the last "trailer <<…>>" between start, the end of
// the save before, and end, this save's %%EOF: a save with a
// cross-reference stream has no trailer keyword, and must not be given its
// predecessor's.
func classicTrailer(ctx context.Context, r io.ReaderAt, start, end int64) (types.Dict, bool) {
	off := max(end-maxTrailerBytes, start, 0)
	b := make([]byte, end-off)
	n, err := r.ReadAt(b, off)
	if err != nil && err != io.EOF {
		return nil, false
	}
	b = b[:n]
	locs := trailerKeywordRe.FindAllIndex(b, -1)
	if len(locs) == 0 {
		return nil, false
	}
	return parseDict(ctx, b[locs[len(locs)-1][1]-2:])
}

// xrefStreamTrailer parses the dictionary of the cross-reference stream at
// off.
func xrefStreamTrailer(ctx context.Context, r io.ReaderAt, size, off int64) (types.Dict, bool) {
	if off < 0 || off >= size {
		return nil, false
	}
	b := make([]byte, min(size-off, maxTrailerBytes))
	n, err := r.ReadAt(b, off)
	if err != nil && err != io.EOF {
		return nil, false
	}
	b = b[:n]
	loc := xrefStreamObjRe.FindIndex(b)
	if loc == nil {
		return nil, false
	}
	d, ok := parseDict(ctx, b[loc[1]:])
	if !ok || d.Type() == nil || *d.Type() != "XRef" {
		return nil, false
	}
	return d, true
}

// parseDict parses the dictionary that b starts with.
func parseDict(ctx context.Context, b []byte) (types.Dict, bool) {
	if !bytes.HasPrefix(b, []byte("<<")) {
		return nil, false
	}
	// A cross-reference stream's dictionary is followed by "stream" and
	// binary data; the parser stops at the dictionary's end.
	s := string(b)
	o, err := model.ParseObjectContext(ctx, &s, 0, 64)
	if err != nil {
		return nil, false
	}
	d, ok := o.(types.Dict)
	return d, ok
}
