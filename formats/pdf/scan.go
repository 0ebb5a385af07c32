package pdf

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strconv"
)

// The raw scan reads the file's bytes for the structure a PDF parser hides:
// the header as written, each end-of-file marker (one per save: incremental
// updates append a new body, xref and trailer after the old %%EOF) and the
// linearization dictionary. It is a byte scan, not a parse, so it also works
// on files pdfcpu rejects.

// revision is one "startxref N %%EOF" end of a save.
type revision struct {
	StartXref int64 // offset of the xref section this save points to
	End       int64 // offset just past its %%EOF marker (and line end)
}

type rawScan struct {
	HeaderOffset int64  // where "%PDF-" starts; non-zero means leading junk
	Version      string // "1.7" as written in the header
	Revisions    []revision
	// Linearized is true when the first object is a linearization
	// dictionary; LinearizedLength is its /L, the file length at the time
	// of linearization (a later update makes the file longer).
	Linearized       bool
	LinearizedLength int64
	// TrailingBytes counts non-whitespace bytes after the last %%EOF.
	TrailingBytes int64
	// Objects counts the "endobj" keywords: the objects written outside
	// object streams, before anything parses them.
	Objects int
}

var (
	headerRe    = regexp.MustCompile(`%PDF-(\d+\.\d+)`)
	firstObjRe  = regexp.MustCompile(`\d+\s+\d+\s+obj\s*<<[^>]*>>`)
	linLengthRe = regexp.MustCompile(`/L\s+(\d+)`)
	startxrefRe = regexp.MustCompile(`startxref\s+(\d+)\s*%%EOF`)
)

var endobj = []byte("endobj")

// scanChunk is the size of the buffer the scan reads at a time; overlap
// keeps a "startxref NNN %%EOF" split across two chunks in one of them.
const (
	scanChunk   = 256 << 10
	scanOverlap = 64
)

func scanRaw(ctx context.Context, r io.ReaderAt, size int64) (rawScan, error) {
	var s rawScan
	head := make([]byte, min(size, 2048))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return s, err
	}
	if loc := headerRe.FindSubmatchIndex(head); loc != nil {
		s.HeaderOffset = int64(loc[0])
		s.Version = string(head[loc[2]:loc[3]])
		// Only the first object can be a linearization dictionary.
		if dict := firstObjRe.Find(head[loc[1]:]); bytes.Contains(dict, []byte("/Linearized")) {
			s.Linearized = true
			if lm := linLengthRe.FindSubmatch(dict); lm != nil {
				s.LinearizedLength, _ = strconv.ParseInt(string(lm[1]), 10, 64)
			}
		}
	}

	buf := make([]byte, scanChunk+scanOverlap)
	var lastEnd int64 = -1
	for off := int64(0); off < size; off += scanChunk {
		if err := ctx.Err(); err != nil {
			return s, err
		}
		n, err := r.ReadAt(buf[:min(int64(len(buf)), size-off)], off)
		if err != nil && err != io.EOF {
			return s, err
		}
		chunk := buf[:n]
		own := min(n, scanChunk) // matches starting in the overlap belong to the next chunk
		for i := 0; i < own; {
			j := bytes.Index(chunk[i:], endobj)
			if j < 0 || i+j >= own {
				break
			}
			s.Objects++
			i += j + len(endobj)
		}
		for _, m := range startxrefRe.FindAllSubmatchIndex(chunk, -1) {
			end := off + int64(m[1])
			if end <= lastEnd {
				continue // seen in the previous chunk's overlap
			}
			// Include the line end that belongs to the marker.
			for e := m[1]; e < len(chunk) && (chunk[e] == '\r' || chunk[e] == '\n') && e < m[1]+2; e++ {
				end++
			}
			x, _ := strconv.ParseInt(string(chunk[m[2]:m[3]]), 10, 64)
			s.Revisions = append(s.Revisions, revision{StartXref: x, End: end})
			lastEnd = end
		}
	}
	if lastEnd >= 0 && lastEnd < size {
		s.TrailingBytes = countNonSpace(r, lastEnd, size)
	}
	return s, nil
}

// countNonSpace counts bytes other than PDF whitespace in [from, to), reading
// at most 1 MiB: junk after the last %%EOF is a trace of how a file was
// handled (appended data, a broken transfer), its exact size past that is
// not.
func countNonSpace(r io.ReaderAt, from, to int64) int64 {
	n := min(to-from, 1<<20)
	b := make([]byte, n)
	k, _ := r.ReadAt(b, from)
	var c int64
	for _, x := range b[:k] {
		switch x {
		case 0, '\t', '\n', '\f', '\r', ' ':
		default:
			c++
		}
	}
	return c
}

// updates returns the number of incremental updates after the first save.
// A linearized file ends its first-page section with its own startxref and
// %%EOF; that marker is part of the first save, not an update.
func (s rawScan) updates() int {
	n := len(s.Revisions) - 1
	if s.Linearized && len(s.Revisions) > 1 {
		n--
	}
	return max(n, 0)
}
