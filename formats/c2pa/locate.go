package c2pa

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
)

// ErrNoManifest is returned by Read for a file that embeds no manifest
// store.
var ErrNoManifest = errors.New("no C2PA manifest store")

// Container kinds Locate recognises.
const (
	KindJPEG = "jpeg"
	KindPNG  = "png"
	KindWebP = "webp"
	KindBMFF = "bmff" // HEIF, HEIC, AVIF, MP4
	KindTIFF = "tiff"
	KindPDF  = "pdf"
)

// sniff names the container from its first bytes.
func sniff(h []byte) string {
	switch {
	case len(h) >= 3 && h[0] == 0xff && h[1] == 0xd8 && h[2] == 0xff:
		return KindJPEG
	case bytes.HasPrefix(h, []byte("\x89PNG\r\n\x1a\n")):
		return KindPNG
	case len(h) >= 12 && string(h[:4]) == "RIFF" && string(h[8:12]) == "WEBP":
		return KindWebP
	case len(h) >= 8 && string(h[4:8]) == "ftyp":
		return KindBMFF
	case len(h) >= 8 && (string(h[:4]) == "II*\x00" || string(h[:4]) == "MM\x00*"):
		return KindTIFF
	case bytes.HasPrefix(h, []byte("%PDF-")):
		return KindPDF
	}
	return ""
}

// bmffUUID is the usertype of the ISO BMFF 'uuid' box that carries a C2PA
// manifest store.
var bmffUUID = []byte{0xd8, 0xfe, 0xc3, 0xd6, 0x1b, 0x0e, 0x48, 0x3c, 0x92, 0x97, 0x58, 0x28, 0x87, 0x7e, 0xc4, 0x81}

// tiffTag is the TIFF tag holding a manifest store.
const tiffTag = 0xcd41

// maxChunks bounds the segments, chunks or boxes walked to find a store.
const maxChunks = 1 << 16

// Locate finds the manifest store embedded in an asset and returns its
// bytes and the container kind. It walks only the container's structure
// (JPEG segments up to the first scan, PNG and RIFF chunks, top-level BMFF
// boxes, TIFF IFD0), never the image data. A file without a store gives
// ErrNoManifest.
func Locate(ctx context.Context, r io.ReaderAt, size int64) (store []byte, kind string, err error) {
	head := make([]byte, min(size, 64))
	if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, "", err
	}
	kind = sniff(head)
	switch kind {
	case KindJPEG:
		store, err = locateJPEG(ctx, r, size)
	case KindPNG:
		store, err = locateChunks(ctx, r, size, 8, "caBX", binary.BigEndian, true)
	case KindWebP:
		store, err = locateChunks(ctx, r, size, 12, "C2PA", binary.LittleEndian, false)
	case KindBMFF:
		store, err = locateBMFF(ctx, r, size)
	case KindTIFF:
		store, err = locateTIFF(r, size)
	case KindPDF:
		store, err = locatePDF(ctx, r, size)
	default:
		return nil, "", ErrNoManifest
	}
	return store, kind, err
}

func readN(r io.ReaderAt, off, n, size int64) ([]byte, error) {
	if n < 0 || off < 0 || off > size || n > size-off {
		return nil, fmt.Errorf("%d bytes at %d run past the end of the file: %w", n, off, errJUMBF)
	}
	if n > MaxStoreBytes {
		return nil, fmt.Errorf("%d bytes at %d: larger than the %d-byte limit", n, off, MaxStoreBytes)
	}
	b := make([]byte, n)
	if _, err := r.ReadAt(b, off); err != nil && !(errors.Is(err, io.EOF) && n == 0) {
		return nil, err
	}
	return b, nil
}

// A JPEG carries JUMBF in APP11 segments: "JP", a 2-byte box instance
// number (En), a 4-byte packet sequence number (Z), then a slice of the
// box. A store larger than a segment (64 KB) is split across segments of
// one En; every segment after the first repeats the box's LBox/TBox (and
// XLBox) header before its slice.
func locateJPEG(ctx context.Context, r io.ReaderAt, size int64) ([]byte, error) {
	type packet struct {
		seq  uint32
		data []byte
	}
	instances := map[uint16][]packet{}
	var order []uint16
	total := 0
	off := int64(2)
	var b [4]byte
	for n := 0; n < maxChunks && off+4 <= size; n++ {
		if n%256 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if _, err := r.ReadAt(b[:], off); err != nil {
			break
		}
		if b[0] != 0xff {
			break
		}
		m := b[1]
		if m == 0xff {
			off++
			continue
		}
		if m == 0xd8 || m == 0x01 || m >= 0xd0 && m <= 0xd7 {
			off += 2
			continue
		}
		if m == 0xd9 || m == 0xda {
			break
		}
		l := int64(binary.BigEndian.Uint16(b[2:]))
		if l < 2 || off+2+l > size {
			break
		}
		if m == 0xeb && l >= 2+8+8 {
			p, err := readN(r, off+4, l-2, size)
			if err != nil {
				return nil, err
			}
			if p[0] == 'J' && p[1] == 'P' {
				en := binary.BigEndian.Uint16(p[2:])
				if _, ok := instances[en]; !ok {
					order = append(order, en)
				}
				total += len(p)
				if total > MaxStoreBytes {
					return nil, fmt.Errorf("APP11 JUMBF segments exceed %d bytes", MaxStoreBytes)
				}
				instances[en] = append(instances[en], packet{binary.BigEndian.Uint32(p[4:]), p[8:]})
			}
		}
		off += 2 + l
	}
	for _, en := range order {
		ps := instances[en]
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].seq < ps[j].seq })
		var box []byte
		for i, p := range ps {
			if i == 0 {
				box = append(box, p.data...)
				continue
			}
			hdr := 8
			if len(ps[0].data) >= 8 && binary.BigEndian.Uint32(ps[0].data) == 1 {
				hdr = 16
			}
			if len(p.data) < hdr {
				continue
			}
			box = append(box, p.data[hdr:]...)
		}
		if isStore(box) {
			return box, nil
		}
	}
	return nil, ErrNoManifest
}

// isStore reports whether b starts with a JUMBF superbox of the C2PA
// manifest store's content type.
func isStore(b []byte) bool {
	return len(b) >= 8+8+17 && string(b[4:8]) == "jumb" && string(b[12:16]) == "jumd" && typeName(b[16:32]) == typeStore
}

// locateChunks walks PNG (big-endian length, type, data, CRC) or RIFF
// (type, little-endian length, data padded to even) chunks for the one of
// type want.
func locateChunks(ctx context.Context, r io.ReaderAt, size, off int64, want string, order binary.ByteOrder, png bool) ([]byte, error) {
	var h [8]byte
	for n := 0; n < maxChunks && off+8 <= size; n++ {
		if n%256 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if _, err := r.ReadAt(h[:], off); err != nil {
			break
		}
		var l int64
		var typ string
		if png {
			l, typ = int64(order.Uint32(h[:4])), string(h[4:])
		} else {
			typ, l = string(h[:4]), int64(order.Uint32(h[4:]))
		}
		if typ == want {
			return readN(r, off+8, l, size)
		}
		if png && typ == "IEND" {
			break
		}
		next := off + 8 + l
		if png {
			next += 4
		} else {
			next += l % 2
		}
		if next <= off {
			break
		}
		off = next
	}
	return nil, ErrNoManifest
}

// A BMFF file (HEIF, AVIF, MP4) carries the store in a top-level 'uuid' box
// of usertype bmffUUID: version and flags (4 bytes), a NUL-terminated
// purpose ("manifest"), an 8-byte offset to the Merkle data, then the
// store.
func locateBMFF(ctx context.Context, r io.ReaderAt, size int64) ([]byte, error) {
	off := int64(0)
	var h [16]byte
	for n := 0; n < maxChunks && off+8 <= size; n++ {
		if n%256 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if _, err := r.ReadAt(h[:8], off); err != nil {
			break
		}
		l, typ, hdr := int64(binary.BigEndian.Uint32(h[:4])), string(h[4:8]), int64(8)
		switch l {
		case 0:
			l = size - off
		case 1:
			if _, err := r.ReadAt(h[8:16], off+8); err != nil {
				return nil, ErrNoManifest
			}
			l, hdr = int64(binary.BigEndian.Uint64(h[8:16])), 16
		}
		if l < hdr || l > size-off {
			break
		}
		if typ == "uuid" && l >= hdr+16+4 {
			b, err := readN(r, off+hdr, min(l-hdr, 16), size)
			if err != nil {
				return nil, err
			}
			if bytes.Equal(b, bmffUUID) {
				body, err := readN(r, off+hdr+16, l-hdr-16, size)
				if err != nil {
					return nil, err
				}
				body = body[4:] // version, flags
				i := bytes.IndexByte(body, 0)
				if i >= 0 && string(body[:i]) == "manifest" && len(body) >= i+1+8 {
					return body[i+1+8:], nil
				}
			}
		}
		off += l
	}
	return nil, ErrNoManifest
}

// locateTIFF reads IFD0 for the C2PA tag (0xCD41, UNDEFINED).
func locateTIFF(r io.ReaderAt, size int64) ([]byte, error) {
	h, err := readN(r, 0, min(size, 8), size)
	if err != nil || len(h) < 8 {
		return nil, ErrNoManifest
	}
	var order binary.ByteOrder = binary.LittleEndian
	if h[0] == 'M' {
		order = binary.BigEndian
	}
	ifd := int64(order.Uint32(h[4:]))
	cnt, err := readN(r, ifd, 2, size)
	if err != nil {
		return nil, ErrNoManifest
	}
	n := int64(order.Uint16(cnt))
	entries, err := readN(r, ifd+2, 12*n, size)
	if err != nil {
		return nil, ErrNoManifest
	}
	for i := int64(0); i < n; i++ {
		e := entries[12*i:]
		if order.Uint16(e) != tiffTag {
			continue
		}
		count := int64(order.Uint32(e[4:]))
		if count <= 4 {
			return append([]byte(nil), e[8:8+count]...), nil
		}
		return readN(r, int64(order.Uint32(e[8:])), count, size)
	}
	return nil, ErrNoManifest
}
