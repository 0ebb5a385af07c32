package image

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// JPEG is read segment by segment from the start of the file up to the
// first scan (SOS): every metadata segment (APPn, COM) and every table and
// frame header lies before it in the files cameras and editors write, so
// the compressed image data is never read. The segment walk is hand-written
// with the standard library: image/jpeg hides the tables and skips the APP
// segments.

const (
	// maxSegments bounds the segments read before the first scan.
	maxSegments = 4096
	// maxAPP13 caps the concatenated Photoshop APP13 segments.
	maxAPP13 = 4 << 20
)

// jpegHeader is what the segment walk found in the header of one JPEG
// stream (the file, or the EXIF thumbnail).
type jpegHeader struct {
	markers  []string        // segment names in order, e.g. "APP1:Exif"
	dqt      map[int]dqtable // quantization tables by id, as first defined
	dqtOrder []int           // ids in order of definition
	dht      [][]byte        // each Huffman table, class/id byte first
	sof      *frame
	sawSOS   bool
}

// dqtable is a quantization table: 64 values in zigzag (file) order.
type dqtable struct {
	precision int // 0: 8-bit, 1: 16-bit
	values    [64]uint16
}

// frame is a start-of-frame header.
type frame struct {
	marker        byte
	precision     int
	width, height int
	comps         []component
}

type component struct {
	id, h, v, tq int
}

// segmentVisitor receives the payload of the segments the caller wants
// (APPn and COM), returning false to stop.
type segmentVisitor func(marker byte, payload []byte) error

// walkJPEG reads a JPEG stream's header segments from r (size bytes, the
// stream starting at 0) up to the first SOS. It decodes DQT, DHT and SOF
// into h and hands APPn and COM payloads to visit. Problems are returned as
// strings; a truncated header still yields what came before the cut.
func walkJPEG(r io.ReaderAt, size int64, visit segmentVisitor, stop func() error) (*jpegHeader, []string) {
	h := &jpegHeader{dqt: map[int]dqtable{}}
	var problems []string
	off := int64(2)
	var b [4]byte
	for n := 0; n < maxSegments; n++ {
		if stop != nil {
			if err := stop(); err != nil {
				problems = append(problems, err.Error())
				return h, problems
			}
		}
		if off+2 > size {
			problems = append(problems, fmt.Sprintf("jpeg: header ends at byte %d without a scan (truncated)", off))
			return h, problems
		}
		if _, err := r.ReadAt(b[:2], off); err != nil {
			problems = append(problems, fmt.Sprintf("jpeg: read at %d: %v", off, err))
			return h, problems
		}
		if b[0] != 0xff {
			problems = append(problems, fmt.Sprintf("jpeg: expected a marker at byte %d, found 0x%02x", off, b[0]))
			return h, problems
		}
		m := b[1]
		switch {
		case m == 0xff: // fill byte
			off++
			continue
		case m == 0xd8 || m == 0x01 || m >= 0xd0 && m <= 0xd7:
			off += 2 // stand-alone markers
			continue
		case m == 0xd9:
			problems = append(problems, "jpeg: end of image before any scan")
			return h, problems
		}
		if off+4 > size {
			problems = append(problems, fmt.Sprintf("jpeg: segment at byte %d truncated", off))
			return h, problems
		}
		if _, err := r.ReadAt(b[:4], off); err != nil {
			problems = append(problems, fmt.Sprintf("jpeg: read at %d: %v", off, err))
			return h, problems
		}
		l := int64(binary.BigEndian.Uint16(b[2:]))
		if l < 2 {
			problems = append(problems, fmt.Sprintf("jpeg: segment at byte %d has length %d", off, l))
			return h, problems
		}
		name := markerName(m)
		if m == 0xda {
			h.markers = append(h.markers, name)
			h.sawSOS = true
			return h, problems
		}
		if off+2+l > size {
			h.markers = append(h.markers, name)
			problems = append(problems, fmt.Sprintf("jpeg: %s segment at byte %d runs past the end (truncated)", name, off))
			return h, problems
		}
		payload := make([]byte, l-2)
		if _, err := r.ReadAt(payload, off+4); err != nil {
			problems = append(problems, fmt.Sprintf("jpeg: read %s: %v", name, err))
			return h, problems
		}
		switch {
		case m >= 0xe0 && m <= 0xef:
			name += ":" + appID(payload)
		case m == 0xdb:
			if err := h.parseDQT(payload); err != nil {
				problems = append(problems, err.Error())
			}
		case m == 0xc4:
			if err := h.parseDHT(payload); err != nil {
				problems = append(problems, err.Error())
			}
		case isSOF(m):
			if h.sof == nil {
				fr, err := parseSOF(m, payload)
				if err != nil {
					problems = append(problems, err.Error())
				}
				h.sof = fr
			}
		}
		h.markers = append(h.markers, name)
		if visit != nil && (m >= 0xe0 && m <= 0xef || m == 0xfe) {
			if err := visit(m, payload); err != nil {
				problems = append(problems, err.Error())
			}
		}
		off += 2 + l
	}
	problems = append(problems, fmt.Sprintf("jpeg: more than %d segments before the first scan", maxSegments))
	return h, problems
}

func isSOF(m byte) bool { return m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc }

func markerName(m byte) string {
	switch {
	case m >= 0xe0 && m <= 0xef:
		return fmt.Sprintf("APP%d", m-0xe0)
	case isSOF(m):
		return fmt.Sprintf("SOF%d", m-0xc0)
	}
	switch m {
	case 0xdb:
		return "DQT"
	case 0xc4:
		return "DHT"
	case 0xda:
		return "SOS"
	case 0xdd:
		return "DRI"
	case 0xfe:
		return "COM"
	case 0xcc:
		return "DAC"
	case 0xdc:
		return "DNL"
	}
	return fmt.Sprintf("0x%02X", m)
}

// appID is the identifier an APPn payload starts with ("JFIF", "Exif",
// "ICC_PROFILE", "http://ns.adobe.com/xap/1.0/" …), shortened for the
// marker list.
func appID(p []byte) string {
	end := bytes.IndexByte(p, 0)
	if end < 0 || end > 40 {
		end = min(len(p), 12)
	}
	id := p[:end]
	for i, c := range id {
		if c < 0x20 || c > 0x7e {
			id = id[:i]
			break
		}
	}
	s := string(id)
	switch {
	case strings.HasPrefix(s, "http://ns.adobe.com/xap/1.0/"):
		return "XMP"
	case strings.HasPrefix(s, "http://ns.adobe.com/xmp/extension/"):
		return "ExtendedXMP"
	case strings.HasPrefix(s, "Photoshop 3.0"):
		return "Photoshop"
	case s == "":
		return "?"
	}
	return s
}

func (h *jpegHeader) parseDQT(p []byte) error {
	for len(p) > 0 {
		pq, tq := int(p[0]>>4), int(p[0]&0x0f)
		n := 64 * (pq + 1)
		if pq > 1 || len(p) < 1+n {
			return fmt.Errorf("jpeg: DQT table %d malformed", tq)
		}
		var t dqtable
		t.precision = pq
		for i := range 64 {
			if pq == 0 {
				t.values[i] = uint16(p[1+i])
			} else {
				t.values[i] = binary.BigEndian.Uint16(p[1+2*i:])
			}
		}
		if _, seen := h.dqt[tq]; !seen {
			h.dqt[tq] = t
			h.dqtOrder = append(h.dqtOrder, tq)
		}
		p = p[1+n:]
	}
	return nil
}

func (h *jpegHeader) parseDHT(p []byte) error {
	for len(p) > 0 {
		if len(p) < 17 {
			return fmt.Errorf("jpeg: DHT truncated")
		}
		n := 0
		for _, c := range p[1:17] {
			n += int(c)
		}
		if len(p) < 17+n {
			return fmt.Errorf("jpeg: DHT table 0x%02x truncated", p[0])
		}
		h.dht = append(h.dht, p[:17+n])
		p = p[17+n:]
	}
	return nil
}

func parseSOF(m byte, p []byte) (*frame, error) {
	if len(p) < 6 {
		return nil, fmt.Errorf("jpeg: SOF%d truncated", m-0xc0)
	}
	fr := &frame{marker: m, precision: int(p[0]), height: int(binary.BigEndian.Uint16(p[1:])), width: int(binary.BigEndian.Uint16(p[3:]))}
	nc := int(p[5])
	for i := 0; i < nc && 6+3*i+2 < len(p); i++ {
		c := p[6+3*i:]
		fr.comps = append(fr.comps, component{id: int(c[0]), h: int(c[1] >> 4), v: int(c[1] & 0x0f), tq: int(c[2])})
	}
	if len(fr.comps) != nc {
		return fr, fmt.Errorf("jpeg: SOF%d lists %d components, %d present", m-0xc0, nc, len(fr.comps))
	}
	return fr, nil
}

// process names the coding process of a SOF marker.
func (fr *frame) process() string {
	switch fr.marker {
	case 0xc0:
		return "baseline"
	case 0xc1:
		return "extended sequential"
	case 0xc2:
		return "progressive"
	case 0xc3:
		return "lossless"
	case 0xc9:
		return "extended sequential, arithmetic"
	case 0xca:
		return "progressive, arithmetic"
	case 0xcb:
		return "lossless, arithmetic"
	}
	return "hierarchical"
}

// subsampling names the chroma subsampling of a three-component frame
// ("4:2:0"), or returns "" for other frames.
func (fr *frame) subsampling() string {
	if len(fr.comps) != 3 {
		return ""
	}
	y, cb, cr := fr.comps[0], fr.comps[1], fr.comps[2]
	if cb != (component{cb.id, cr.h, cr.v, cb.tq}) || cb.h == 0 || cb.v == 0 || y.h%cb.h != 0 || y.v%cb.v != 0 {
		return ""
	}
	switch [2]int{y.h / cb.h, y.v / cb.v} {
	case [2]int{1, 1}:
		return "4:4:4"
	case [2]int{2, 1}:
		return "4:2:2"
	case [2]int{2, 2}:
		return "4:2:0"
	case [2]int{1, 2}:
		return "4:4:0"
	case [2]int{4, 1}:
		return "4:1:1"
	case [2]int{4, 2}:
		return "4:1:0"
	}
	return ""
}

// readJPEG reads a JPEG file's metadata segments and encoder fingerprint.
func (st *state) readJPEG(r io.ReaderAt, size int64) error {
	f := st.rec.Fields
	var (
		app13    []byte
		icc      = map[int][]byte{}
		extended = map[string]*extXMP{}
		comments int
	)
	visit := func(m byte, p []byte) error {
		switch {
		case m == 0xe1 && bytes.HasPrefix(p, []byte("Exif\x00")):
			st.addEXIF(p, "APP1 Exif")
		case m == 0xe1 && bytes.HasPrefix(p, []byte("http://ns.adobe.com/xap/1.0/\x00")):
			st.addXMP(p[len("http://ns.adobe.com/xap/1.0/\x00"):], "APP1 XMP")
		case m == 0xe1 && bytes.HasPrefix(p, []byte("http://ns.adobe.com/xmp/extension/\x00")):
			return addExtendedXMP(extended, p[len("http://ns.adobe.com/xmp/extension/\x00"):])
		case m == 0xe2 && bytes.HasPrefix(p, []byte("ICC_PROFILE\x00")) && len(p) >= 14:
			if len(icc) < 256 {
				icc[int(p[12])] = p[14:]
			}
		case m == 0xed && bytes.HasPrefix(p, []byte("Photoshop 3.0\x00")):
			if len(app13)+len(p) <= maxAPP13 {
				app13 = append(app13, p[len("Photoshop 3.0\x00"):]...)
			}
		case m == 0xe0 && bytes.HasPrefix(p, []byte("JFIF\x00")) && len(p) >= 14:
			f.Set("jfif.version", fmt.Sprintf("%d.%02d", p[5], p[6]))
			f.Set("jfif.units", strconv.Itoa(int(p[7])))
			f.Set("jfif.density", fmt.Sprintf("%dx%d", binary.BigEndian.Uint16(p[8:]), binary.BigEndian.Uint16(p[10:])))
			if p[12] != 0 && p[13] != 0 {
				f.Set("jfif.thumbnail", fmt.Sprintf("%dx%d", p[12], p[13]))
			}
		case m == 0xee && bytes.HasPrefix(p, []byte("Adobe")) && len(p) >= 12:
			f.Set("adobe.DCTEncodeVersion", strconv.Itoa(int(binary.BigEndian.Uint16(p[5:]))))
			f.Set("adobe.ColorTransform", strconv.Itoa(int(p[11])))
		case m == 0xec && bytes.HasPrefix(p, []byte("Ducky")):
			readDucky(f, p[5:])
		case m == 0xfe:
			f.Set(fmt.Sprintf("jpeg.comment[%d]", comments), strings.TrimRight(iptcText(p, false), "\x00"))
			comments++
		}
		return nil
	}
	stop := st.ctx.Err
	h, problems := walkJPEG(r, size, visit, stop)
	for _, p := range problems {
		st.rec.AddProblem("%s", p)
	}
	if err := st.ctx.Err(); err != nil {
		return err
	}
	if len(h.markers) == 0 {
		return malformed("jpeg", "no segment readable after SOI")
	}
	if len(app13) > 0 {
		st.addIRB(app13, "APP13 Photoshop")
	}
	if len(icc) > 0 {
		seqs := make([]int, 0, len(icc))
		for s := range icc {
			seqs = append(seqs, s)
		}
		sort.Ints(seqs)
		var prof []byte
		for _, s := range seqs {
			prof = append(prof, icc[s]...)
		}
		st.addICC(prof, "APP2 ICC_PROFILE")
	}
	st.finishExtendedXMP(extended)

	list := h.markers
	if len(list) > 64 {
		list = append(list[:64:64], "…")
	}
	f.Set("jpeg.markers", strings.Join(list, " "))
	st.recordTables("jpeg", h)
	if h.sof != nil {
		f.Set("image.width", strconv.Itoa(h.sof.width))
		f.Set("image.height", strconv.Itoa(h.sof.height))
	}
	// A file that does not end with EOI was cut short or has data
	// appended (a gain map, a second image, a trailer some phones add).
	var tail [2]byte
	if size >= 4 {
		if _, err := r.ReadAt(tail[:], size-2); err == nil {
			f.Set("jpeg.ends_with_eoi", strconv.FormatBool(tail == [2]byte{0xff, 0xd9}))
		}
	}
	if st.opts.CompareThumbnail {
		st.compareThumbnail(r, size)
	}
	return nil
}

// recordTables writes the encoder fingerprint of a JPEG header under
// prefix: frame, tables with their hashes, estimated quality.
func (st *state) recordTables(prefix string, h *jpegHeader) {
	f := st.rec.Fields
	if fr := h.sof; fr != nil {
		f.Set(prefix+".sof", fmt.Sprintf("SOF%d", fr.marker-0xc0))
		f.Set(prefix+".process", fr.process())
		f.Set(prefix+".width", strconv.Itoa(fr.width))
		f.Set(prefix+".height", strconv.Itoa(fr.height))
		f.Set(prefix+".bits", strconv.Itoa(fr.precision))
		f.Set(prefix+".components", strconv.Itoa(len(fr.comps)))
		var samp []string
		for _, c := range fr.comps {
			samp = append(samp, fmt.Sprintf("%dx%d", c.h, c.v))
		}
		f.Set(prefix+".sampling", strings.Join(samp, ","))
		f.Set(prefix+".subsampling", fr.subsampling())
	}
	ids := append([]int(nil), h.dqtOrder...)
	sort.Ints(ids)
	var all []byte
	for _, id := range ids {
		t := h.dqt[id]
		vals := make([]string, 64)
		enc := []byte{byte(t.precision<<4 | id)}
		for i, v := range t.values {
			vals[i] = strconv.Itoa(int(v))
			enc = binary.BigEndian.AppendUint16(enc, v)
		}
		key := fmt.Sprintf("%s.dqt[%d]", prefix, id)
		f.Set(key, strings.Join(vals, " "))
		f.Set(key+".hash", shortHash(enc))
		if t.precision == 1 {
			f.Set(key+".bits", "16")
		}
		all = append(all, enc...)
	}
	if len(all) > 0 {
		f.Set(prefix+".dqt.hash", shortHash(all))
		q := estimateQuality(h)
		switch {
		case q.exact:
			f.Set(prefix+".quality", strconv.Itoa(q.quality))
		case q.quality > 0:
			f.Set(prefix+".quality", "non-standard")
			f.Set(prefix+".quality.nearest", strconv.Itoa(q.quality))
		default:
			f.Set(prefix+".quality", "non-standard")
		}
	}
	if len(h.dht) > 0 {
		f.Set(prefix+".dht.count", strconv.Itoa(len(h.dht)))
		f.Set(prefix+".dht.hash", shortHash(bytes.Join(h.dht, nil)))
		f.Set(prefix+".dht.standard", strconv.FormatBool(standardHuffman(h.dht)))
	}
}

// extXMP is an extended XMP packet being put together from its chunks.
type extXMP struct {
	data []byte
	got  int
}

// addExtendedXMP stores one chunk of extended XMP: a 32-character GUID (the
// MD5 of the full packet), its full length, the chunk's offset, the bytes.
func addExtendedXMP(m map[string]*extXMP, p []byte) error {
	if len(p) < 40 {
		return fmt.Errorf("jpeg: extended XMP chunk truncated")
	}
	guid := string(p[:32])
	full, off := int64(binary.BigEndian.Uint32(p[32:])), int64(binary.BigEndian.Uint32(p[36:]))
	data := p[40:]
	if full > MaxMetadataBytes {
		return fmt.Errorf("jpeg: extended XMP of %d bytes exceeds the limit", full)
	}
	e := m[guid]
	if e == nil {
		if len(m) >= 16 {
			return fmt.Errorf("jpeg: too many extended XMP packets")
		}
		e = &extXMP{data: make([]byte, full)}
		m[guid] = e
	}
	if int64(len(e.data)) != full || off+int64(len(data)) > full {
		return fmt.Errorf("jpeg: extended XMP chunk at %d does not fit its packet", off)
	}
	copy(e.data[off:], data)
	e.got += len(data)
	return nil
}

// finishExtendedXMP parses the extended packet the main packet announces
// (xmpNote:HasExtendedXMP) and records any other as a problem.
func (st *state) finishExtendedXMP(m map[string]*extXMP) {
	want := st.rec.Fields["xmp.xmpNote:HasExtendedXMP"]
	guids := make([]string, 0, len(m))
	for g := range m {
		guids = append(guids, g)
	}
	sort.Strings(guids)
	for _, g := range guids {
		e := m[g]
		if g != want {
			st.rec.AddProblem("APP1 extended XMP %s is not the one the main packet names (%q)", g, want)
			continue
		}
		st.rec.Fields.Set("jpeg.xmp.extended", fmt.Sprintf("%s, %d bytes", g, len(e.data)))
		if e.got < len(e.data) {
			st.rec.AddProblem("APP1 extended XMP %s: %d of %d bytes present", g, e.got, len(e.data))
		}
		st.addXMP(e.data, "APP1 extended XMP")
	}
}

// readDucky reads Photoshop's "Save for Web" APP12 segment: tagged
// records, of which 1 is the quality setting the user chose.
func readDucky(f map[string]string, p []byte) {
	for len(p) >= 4 {
		tag, n := binary.BigEndian.Uint16(p), int(binary.BigEndian.Uint16(p[2:]))
		if tag == 0 || n > len(p)-4 {
			return
		}
		v := p[4 : 4+n]
		if tag == 1 && n == 4 {
			f["ducky.Quality"] = strconv.Itoa(int(binary.BigEndian.Uint32(v)))
		}
		p = p[4+n:]
	}
}
