package image

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strconv"
	"strings"

	"github.com/docprov/docprov/formats"
)

// PNG is a list of chunks (length, type, data, CRC). Only the headers of
// the image data chunks are read; metadata chunks (tEXt, zTXt, iTXt, eXIf,
// iCCP, tIME, pHYs) are read and checked against their CRC. Compressed
// text is inflated through a limit, so a decompression bomb costs at most
// MaxMetadataBytes. Parsed with the standard library (image/png skips all of
// these chunks).

// maxChunks bounds the chunks walked.
const maxChunks = 100_000

func (st *state) readPNG(r io.ReaderAt, size int64) error {
	f := st.rec.Fields
	off := int64(8)
	var order []run
	texts := map[string]int{}
	var hdr [8]byte
	sawIHDR := false
	for n := 0; n < maxChunks; n++ {
		if n%256 == 0 {
			if err := st.ctx.Err(); err != nil {
				return err
			}
		}
		if off+8 > size {
			st.rec.AddProblem("png: ends at byte %d without IEND (truncated)", off)
			break
		}
		if _, err := r.ReadAt(hdr[:], off); err != nil {
			st.rec.AddProblem("png: read chunk at %d: %v", off, err)
			break
		}
		l := int64(binary.BigEndian.Uint32(hdr[:4]))
		typ := string(hdr[4:8])
		if !validChunkType(hdr[4:8]) {
			st.rec.AddProblem("png: invalid chunk type %q at byte %d", typ, off)
			break
		}
		order = appendRun(order, typ)
		if l > size-off-12 {
			st.rec.AddProblem("png: %s chunk at byte %d runs past the end (truncated)", typ, off)
			break
		}
		data := off + 8
		off += 12 + l
		if typ == "IEND" {
			break
		}
		if typ == "IDAT" || typ == "fdAT" {
			continue
		}
		if !metadataChunk(typ) {
			continue
		}
		b, err := readAt(r, data, l+4, size)
		if err != nil {
			st.rec.AddProblem("png: %s: %v", typ, err)
			continue
		}
		payload := b[:l]
		crc := crc32.NewIEEE()
		crc.Write(hdr[4:8])
		crc.Write(payload)
		if crc.Sum32() != binary.BigEndian.Uint32(b[l:]) {
			st.rec.AddProblem("png: %s chunk at byte %d: CRC mismatch", typ, data-8)
		}
		switch typ {
		case "IHDR":
			if l >= 13 {
				sawIHDR = true
				f.Set("image.width", strconv.Itoa(int(binary.BigEndian.Uint32(payload))))
				f.Set("image.height", strconv.Itoa(int(binary.BigEndian.Uint32(payload[4:]))))
				f.Set("png.bit_depth", strconv.Itoa(int(payload[8])))
				f.Set("png.color_type", strconv.Itoa(int(payload[9])))
				f.Set("png.interlace", strconv.Itoa(int(payload[12])))
			}
		case "tEXt", "zTXt", "iTXt":
			st.pngText(typ, payload, texts)
		case "eXIf", "exIf":
			st.addEXIF(payload, "png "+typ)
		case "iCCP":
			name, rest, ok := bytes.Cut(payload, []byte{0})
			if !ok || len(rest) < 1 {
				st.rec.AddProblem("png: iCCP malformed")
				continue
			}
			f.Set("png.iCCP.name", latin1(name))
			prof, err := inflate(rest[1:])
			if err != nil {
				st.rec.AddProblem("png: iCCP: %v", err)
				continue
			}
			st.addICC(prof, "png iCCP")
		case "tIME":
			if l >= 7 {
				// tIME is the time of the last modification, in UTC.
				f.Set("png.tIME", fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", binary.BigEndian.Uint16(payload), payload[2], payload[3], payload[4], payload[5], payload[6]))
			}
		case "pHYs":
			if l >= 9 {
				unit := "unknown unit"
				if payload[8] == 1 {
					unit = "metre"
				}
				f.Set("png.pHYs", fmt.Sprintf("%dx%d per %s", binary.BigEndian.Uint32(payload), binary.BigEndian.Uint32(payload[4:]), unit))
			}
		case "sRGB":
			if l >= 1 {
				f.Set("png.sRGB", strconv.Itoa(int(payload[0])))
			}
		case "gAMA":
			if l >= 4 {
				f.Set("png.gAMA", strconv.FormatFloat(float64(binary.BigEndian.Uint32(payload))/100000, 'g', -1, 64))
			}
		case "acTL":
			if l >= 8 {
				f.Set("png.frames", strconv.Itoa(int(binary.BigEndian.Uint32(payload))))
			}
		}
	}
	if !sawIHDR && len(order) == 0 {
		return malformed("png", "no chunk readable")
	}
	f.Set("png.chunks", runsString(order))
	return nil
}

// run is a chunk type repeated n times in a row, for the chunk list.
type run struct {
	typ string
	n   int
}

// maxRuns bounds the chunk list kept for Fields.
const maxRuns = 64

func appendRun(rs []run, typ string) []run {
	if len(rs) > 0 && rs[len(rs)-1].typ == typ {
		rs[len(rs)-1].n++
		return rs
	}
	if len(rs) == maxRuns {
		rs[maxRuns-1] = run{"…", 1}
		return rs
	}
	return append(rs, run{typ, 1})
}

func runsString(rs []run) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.typ
		if r.n > 1 {
			parts[i] += "×" + strconv.Itoa(r.n)
		}
	}
	return strings.Join(parts, " ")
}

func validChunkType(t []byte) bool {
	for _, c := range t {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func metadataChunk(t string) bool {
	switch t {
	case "IHDR", "tEXt", "zTXt", "iTXt", "eXIf", "exIf", "iCCP", "tIME", "pHYs", "sRGB", "gAMA", "acTL":
		return true
	}
	return false
}

// inflate decompresses zlib data, refusing to produce more than
// MaxMetadataBytes.
func inflate(b []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, MaxMetadataBytes+1))
	if len(out) > MaxMetadataBytes {
		return nil, fmt.Errorf("inflates to more than %d bytes: %w", MaxMetadataBytes, formats.ErrTooLarge)
	}
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return out, err
	}
	return out, nil
}

// pngText reads a tEXt, zTXt or iTXt chunk. XMP (keyword
// "XML:com.adobe.xmp") and ImageMagick's hex-encoded "Raw profile type …"
// blocks (EXIF, XMP, IPTC, ICC) go to their parsers; other keywords are
// written as png.text.<keyword>.
func (st *state) pngText(typ string, p []byte, seen map[string]int) {
	kw, rest, ok := bytes.Cut(p, []byte{0})
	if !ok {
		st.rec.AddProblem("png: %s without keyword separator", typ)
		return
	}
	keyword := latin1(kw)
	var text []byte
	utf := false
	switch typ {
	case "tEXt":
		text = rest
	case "zTXt":
		if len(rest) < 1 {
			return
		}
		b, err := inflate(rest[1:])
		if err != nil {
			st.rec.AddProblem("png: zTXt %q: %v", keyword, err)
			return
		}
		text = b
	case "iTXt":
		if len(rest) < 2 {
			return
		}
		compressed := rest[0] == 1
		rest = rest[2:]
		_, rest, _ = bytes.Cut(rest, []byte{0}) // language tag
		_, rest, _ = bytes.Cut(rest, []byte{0}) // translated keyword
		text = rest
		utf = true
		if compressed {
			b, err := inflate(rest)
			if err != nil {
				st.rec.AddProblem("png: iTXt %q: %v", keyword, err)
				return
			}
			text = b
		}
	}
	switch {
	case keyword == "XML:com.adobe.xmp":
		st.addXMP(text, "png "+typ+" XMP")
		return
	case strings.HasPrefix(keyword, "Raw profile type "):
		if st.rawProfile(strings.TrimPrefix(keyword, "Raw profile type "), text) {
			return
		}
	}
	var v string
	if utf {
		v = strings.ToValidUTF8(string(text), "\uFFFD")
	} else {
		v = latin1(text)
	}
	key := "png.text." + keyword
	if n := seen[keyword]; n > 0 {
		key = fmt.Sprintf("%s[%d]", key, n)
	}
	seen[keyword]++
	st.rec.Fields.Set(key, strings.TrimRight(v, "\x00"))
}

// rawProfile decodes ImageMagick's "Raw profile type NAME" text: a blank
// line, the name, the length, then the bytes in hex over many lines.
func (st *state) rawProfile(name string, text []byte) bool {
	fields := strings.Fields(string(text))
	if len(fields) < 3 {
		return false
	}
	n, err := strconv.Atoi(fields[1])
	if err != nil || n <= 0 || n > MaxMetadataBytes {
		return false
	}
	hx := strings.Join(fields[2:], "")
	b, err := hex.DecodeString(hx[:min(len(hx), 2*n)])
	if err != nil {
		st.rec.AddProblem("png: raw profile %s: %v", name, err)
		return true
	}
	where := "png raw profile " + name
	switch strings.ToLower(name) {
	case "exif", "app1":
		if bytes.HasPrefix(b, []byte("http://ns.adobe.com/xap/1.0/\x00")) {
			st.addXMP(b, where)
		} else {
			st.addEXIF(b, where)
		}
	case "xmp":
		st.addXMP(b, where)
	case "iptc", "8bim":
		if bytes.HasPrefix(b, []byte("8BIM")) {
			st.addIRB(b, where)
		} else {
			st.addIPTC(b, where)
		}
	case "icc", "icm":
		st.addICC(b, where)
	default:
		return false
	}
	return true
}
