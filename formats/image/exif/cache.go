package exif

import (
	"bytes"
	"io"
)

// pageReader serves small reads from cached pages of an underlying
// io.ReaderAt. goexif decodes a tag with several tiny reads, and an IFD
// walk over a file on disk would otherwise cost a system call per field.
// The cache holds at most maxPages pages; when full it is simply dropped,
// which is good enough for the short, mostly forward walks an IFD scan
// makes.
type pageReader struct {
	r     io.ReaderAt
	size  int64
	pages map[int64][]byte
}

const (
	pageSize = 16 << 10
	maxPages = 256 // 4 MiB
)

// cached wraps r unless it already lives in memory.
func cached(r io.ReaderAt, size int64) io.ReaderAt {
	switch r.(type) {
	case *bytes.Reader, *pageReader:
		return r
	}
	return &pageReader{r: r, size: size, pages: map[int64][]byte{}}
}

func (p *pageReader) page(n int64) ([]byte, error) {
	if b, ok := p.pages[n]; ok {
		return b, nil
	}
	off := n * pageSize
	l := min(int64(pageSize), p.size-off)
	if l <= 0 {
		return nil, io.EOF
	}
	b := make([]byte, l)
	m, err := p.r.ReadAt(b, off)
	if m < len(b) {
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	if len(p.pages) >= maxPages {
		clear(p.pages)
	}
	p.pages[n] = b
	return b, nil
}

// ReadAt implements io.ReaderAt.
func (p *pageReader) ReadAt(b []byte, off int64) (int, error) {
	if off < 0 {
		return 0, io.EOF
	}
	if len(b) > 4*pageSize {
		// Large values bypass the cache.
		if off >= p.size {
			return 0, io.EOF
		}
		n := min(int64(len(b)), p.size-off)
		m, err := p.r.ReadAt(b[:n], off)
		if err == nil && int64(m) < int64(len(b)) {
			err = io.EOF
		}
		return m, err
	}
	done := 0
	for done < len(b) {
		pos := off + int64(done)
		if pos >= p.size {
			return done, io.EOF
		}
		pg, err := p.page(pos / pageSize)
		if err != nil {
			return done, err
		}
		done += copy(b[done:], pg[pos%pageSize:])
	}
	return done, nil
}
