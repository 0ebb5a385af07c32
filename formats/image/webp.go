package image

import (
	"encoding/binary"
	"io"
	"strconv"
)

// WebP is a RIFF file: "RIFF", size, "WEBP", then chunks (FourCC, size,
// data padded to even). VP8X announces the extended features; EXIF, "XMP "
// and ICCP carry the metadata. Parsed with the standard library
// (golang.org/x/image/webp reads neither the metadata chunks nor VP8X
// flags).
func (st *state) readWebP(r io.ReaderAt, size int64) error {
	f := st.rec.Fields
	var hdr [8]byte
	if _, err := r.ReadAt(hdr[:], 4); err != nil {
		return malformed("webp", "header: %v", err)
	}
	end := min(size, 8+int64(binary.LittleEndian.Uint32(hdr[:4])))
	if end < size {
		f.Set("webp.trailing_bytes", strconv.FormatInt(size-end, 10))
	}
	var order []run
	off := int64(12)
	for n := 0; n < maxChunks && off+8 <= end; n++ {
		if n%256 == 0 {
			if err := st.ctx.Err(); err != nil {
				return err
			}
		}
		if _, err := r.ReadAt(hdr[:], off); err != nil {
			st.rec.AddProblem("webp: chunk at %d: %v", off, err)
			break
		}
		typ := string(hdr[:4])
		l := int64(binary.LittleEndian.Uint32(hdr[4:]))
		order = appendRun(order, typ)
		data := off + 8
		if l > end-data {
			st.rec.AddProblem("webp: %q chunk at byte %d runs past the end (truncated)", typ, off)
			break
		}
		off = data + l + l%2
		switch typ {
		case "VP8X":
			b, err := readAt(r, data, min(l, 10), size)
			if err != nil || len(b) < 10 {
				st.rec.AddProblem("webp: VP8X truncated")
				continue
			}
			f.Set("webp.vp8x_flags", strconv.Itoa(int(b[0])))
			f.Set("image.width", strconv.Itoa(int(uint32(b[4])|uint32(b[5])<<8|uint32(b[6])<<16)+1))
			f.Set("image.height", strconv.Itoa(int(uint32(b[7])|uint32(b[8])<<8|uint32(b[9])<<16)+1))
		case "VP8 ":
			f.Set("webp.encoding", "lossy")
			if b, err := readAt(r, data, min(l, 10), size); err == nil && len(b) == 10 && b[3] == 0x9d && b[4] == 0x01 && b[5] == 0x2a {
				setIfEmpty(f, "image.width", strconv.Itoa(int(binary.LittleEndian.Uint16(b[6:])&0x3fff)))
				setIfEmpty(f, "image.height", strconv.Itoa(int(binary.LittleEndian.Uint16(b[8:])&0x3fff)))
			}
		case "VP8L":
			f.Set("webp.encoding", "lossless")
			if b, err := readAt(r, data, min(l, 5), size); err == nil && len(b) == 5 && b[0] == 0x2f {
				v := binary.LittleEndian.Uint32(b[1:])
				setIfEmpty(f, "image.width", strconv.Itoa(int(v&0x3fff)+1))
				setIfEmpty(f, "image.height", strconv.Itoa(int(v>>14&0x3fff)+1))
			}
		case "EXIF", "XMP ", "ICCP":
			b, err := readAt(r, data, l, size)
			if err != nil {
				st.rec.AddProblem("webp: %s: %v", typ, err)
				continue
			}
			switch typ {
			case "EXIF":
				st.addEXIF(b, "webp EXIF")
			case "XMP ":
				st.addXMP(b, "webp XMP")
			case "ICCP":
				st.addICC(b, "webp ICCP")
			}
		}
	}
	if len(order) == 0 {
		return malformed("webp", "no chunk readable")
	}
	f.Set("webp.chunks", runsString(order))
	return nil
}

func setIfEmpty(f map[string]string, k, v string) {
	if f[k] == "" && v != "" {
		f[k] = v
	}
}
