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

// HEIF (HEIC from phones, AVIF) is an ISO base media file: nested boxes.
// Metadata are items like the image itself: the meta box lists them (iinf:
// an "Exif" item, a "mime" item of type application/rdf+xml for XMP), says
// where their bytes are (iloc: extents in the file or in the meta box's
// idat) and which properties they have (iprp: ispe gives the size). Only
// the meta box and the metadata items' extents are read. Hand-parsed with
// the standard library: no maintained Go library reads HEIF metadata
// without decoding.

const (
	// maxMetaBox caps the meta box read into memory.
	maxMetaBox = 16 << 20
	// maxBoxes bounds the boxes walked at one level.
	maxBoxes = 10_000
	// maxItems bounds the items and extents read.
	maxItems = 100_000
)

var heicBrands = map[string]bool{"heic": true, "heix": true, "hevc": true, "hevx": true, "heim": true, "heis": true}

// heifBrand returns "heic", "avif" or "heif" for an ftyp box at the start
// of h, or "" when the file is some other ISO media file (MP4, MOV, 3GP).
func heifBrand(h []byte) string {
	if len(h) < 16 || string(h[4:8]) != "ftyp" {
		return ""
	}
	major := string(h[8:12])
	switch {
	case heicBrands[major]:
		return "heic"
	case major == "avif" || major == "avis":
		return "avif"
	case major != "mif1" && major != "msf1" && major != "mif2":
		return ""
	}
	n := min(int(binary.BigEndian.Uint32(h)), len(h))
	for i := 16; i+4 <= n; i += 4 {
		b := string(h[i : i+4])
		if heicBrands[b] {
			return "heic"
		}
		if b == "avif" || b == "avis" {
			return "avif"
		}
	}
	return "heif"
}

// box is one ISO BMFF box header.
type box struct {
	typ       string
	off, size int64 // the whole box
	body      int64 // where its content starts
}

// boxes lists the boxes in [off, end) of r.
func boxes(r io.ReaderAt, off, end int64) ([]box, error) {
	var out []box
	var h [16]byte
	for off+8 <= end && len(out) < maxBoxes {
		if _, err := r.ReadAt(h[:8], off); err != nil {
			return out, err
		}
		size := int64(binary.BigEndian.Uint32(h[:4]))
		b := box{typ: string(h[4:8]), off: off, body: off + 8}
		switch size {
		case 0:
			size = end - off
		case 1:
			if _, err := r.ReadAt(h[8:16], off+8); err != nil {
				return out, err
			}
			size = int64(binary.BigEndian.Uint64(h[8:16]))
			b.body += 8
		}
		if size < b.body-off || size > end-off {
			return out, fmt.Errorf("box %q at %d: size %d runs past its parent", b.typ, off, size)
		}
		b.size = size
		out = append(out, b)
		off += size
	}
	return out, nil
}

// heifItem is an item of the meta box.
type heifItem struct {
	typ, contentType string
	method           int // iloc construction method: 0 file, 1 idat
	extents          [][2]int64
}

func (st *state) readHEIF(r io.ReaderAt, size int64) error {
	f := st.rec.Fields
	top, err := boxes(r, 0, size)
	if len(top) == 0 {
		return malformed("heif", "no box readable: %v", err)
	}
	if err != nil {
		st.rec.AddProblem("heif: %v", err)
	}
	var order []run
	var meta *box
	for i, b := range top {
		order = appendRun(order, b.typ)
		switch b.typ {
		case "ftyp":
			if bb, err := readAt(r, b.body, min(b.size-(b.body-b.off), 256), size); err == nil && len(bb) >= 8 {
				var brands []string
				for j := 8; j+4 <= len(bb); j += 4 {
					brands = append(brands, strings.TrimSpace(string(bb[j:j+4])))
				}
				f.Set("heif.major_brand", strings.TrimSpace(string(bb[:4])))
				f.Set("heif.compatible_brands", strings.Join(brands, " "))
			}
		case "meta":
			if meta == nil {
				meta = &top[i]
			}
		}
	}
	f.Set("heif.boxes", runsString(order))
	if meta == nil {
		st.rec.AddProblem("heif: no meta box")
		return nil
	}
	if meta.size > maxMetaBox {
		st.rec.AddProblem("heif: meta box of %d bytes exceeds the limit", meta.size)
		return nil
	}
	mb, err := readAt(r, meta.off, meta.size, size)
	if err != nil {
		st.rec.AddProblem("heif: meta: %v", err)
		return nil
	}
	st.readMeta(r, size, mb, meta.body-meta.off)
	return nil
}

// readMeta reads the meta box (mb holds the whole box; body is where its
// content starts) and the metadata items it points at.
func (st *state) readMeta(r io.ReaderAt, size int64, mb []byte, body int64) {
	f := st.rec.Fields
	mr := bytes.NewReader(mb)
	children, err := boxes(mr, body+4, int64(len(mb))) // meta is a full box
	if err != nil {
		st.rec.AddProblem("heif: meta: %v", err)
	}
	items := map[uint32]*heifItem{}
	var primary uint32
	var idat []byte
	var ipco []box
	var ipma map[uint32][]int
	for _, c := range children {
		content := mb[c.body : c.off+c.size]
		var err error
		switch c.typ {
		case "hdlr":
			if len(content) >= 12 {
				f.Set("heif.handler", string(content[8:12]))
			}
		case "pitm":
			if len(content) >= 6 && content[0] == 0 {
				primary = uint32(binary.BigEndian.Uint16(content[4:]))
			} else if len(content) >= 8 {
				primary = binary.BigEndian.Uint32(content[4:])
			}
		case "iinf":
			err = parseIINF(mb, c, items)
		case "iloc":
			err = parseILOC(content, items)
		case "idat":
			idat = content
		case "iprp":
			ipco, ipma, err = parseIPRP(mb, c)
		}
		if err != nil {
			st.rec.AddProblem("heif: %s: %v", c.typ, err)
		}
	}
	// The colour profile: a colr property holding an ICC profile.
	for _, b := range ipco {
		if b.typ == "colr" && b.size-(b.body-b.off) > 4 {
			p := mb[b.body : b.off+b.size]
			if t := string(p[:4]); t == "prof" || t == "rICC" {
				st.addICC(p[4:], "heif colr")
				break
			}
		}
	}
	// The primary image's size, from its ispe property.
	for _, idx := range ipma[primary] {
		if idx >= 1 && idx <= len(ipco) && ipco[idx-1].typ == "ispe" {
			p := mb[ipco[idx-1].body : ipco[idx-1].off+ipco[idx-1].size]
			if len(p) >= 12 {
				f.Set("image.width", strconv.Itoa(int(binary.BigEndian.Uint32(p[4:]))))
				f.Set("image.height", strconv.Itoa(int(binary.BigEndian.Uint32(p[8:]))))
			}
			break
		}
	}
	ids := make([]uint32, 0, len(items))
	types := map[string]int{}
	for id, it := range items {
		ids = append(ids, id)
		types[it.typ]++
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	var tl []string
	for t, n := range types {
		tl = append(tl, fmt.Sprintf("%s×%d", strings.TrimSpace(t), n))
	}
	sort.Strings(tl)
	f.Set("heif.items", strings.Join(tl, " "))
	for _, id := range ids {
		it := items[id]
		isXMP := it.typ == "mime" && strings.Contains(strings.ToLower(it.contentType), "rdf+xml")
		if it.typ != "Exif" && !isXMP {
			continue
		}
		data, err := itemData(r, size, idat, it)
		if err != nil {
			st.rec.AddProblem("heif: item %d (%s): %v", id, it.typ, err)
			continue
		}
		if isXMP {
			st.addXMP(data, "heif XMP item")
			continue
		}
		// An Exif item starts with the offset of the TIFF header from
		// the end of that field (usually 6, skipping "Exif\0\0").
		if len(data) < 4 {
			st.rec.AddProblem("heif: Exif item %d too short", id)
			continue
		}
		o := int64(binary.BigEndian.Uint32(data))
		if o > int64(len(data))-4 {
			st.rec.AddProblem("heif: Exif item %d: header offset %d past its end", id, o)
			continue
		}
		st.addEXIF(data[4+o:], "heif Exif item")
	}
}

// itemData concatenates an item's extents, up to MaxMetadataBytes.
func itemData(r io.ReaderAt, size int64, idat []byte, it *heifItem) ([]byte, error) {
	var out []byte
	for _, e := range it.extents {
		if int64(len(out))+e[1] > MaxMetadataBytes {
			return nil, fmt.Errorf("more than %d bytes", MaxMetadataBytes)
		}
		switch it.method {
		case 0:
			b, err := readAt(r, e[0], e[1], size)
			if err != nil {
				return nil, err
			}
			out = append(out, b...)
		case 1:
			if e[0] < 0 || e[1] < 0 || e[0] > int64(len(idat)) || e[1] > int64(len(idat))-e[0] {
				return nil, fmt.Errorf("extent outside idat")
			}
			out = append(out, idat[e[0]:e[0]+e[1]]...)
		default:
			return nil, fmt.Errorf("construction method %d not supported", it.method)
		}
	}
	return out, nil
}

// parseIINF reads the item info box: a full box with an entry count and
// infe boxes (version 2 and 3 carry the item type).
func parseIINF(mb []byte, c box, items map[uint32]*heifItem) error {
	content := mb[c.body : c.off+c.size]
	if len(content) < 6 {
		return fmt.Errorf("truncated")
	}
	start := c.body + 6
	if content[0] != 0 {
		start = c.body + 8
	}
	infes, err := boxes(bytes.NewReader(mb), start, c.off+c.size)
	for _, e := range infes {
		if e.typ != "infe" || len(items) >= maxItems {
			continue
		}
		p := mb[e.body : e.off+e.size]
		if len(p) < 4 || p[0] < 2 {
			continue
		}
		var id uint32
		i := 4
		if p[0] == 2 {
			if len(p) < 12 {
				continue
			}
			id = uint32(binary.BigEndian.Uint16(p[4:]))
			i = 8
		} else {
			if len(p) < 14 {
				continue
			}
			id = binary.BigEndian.Uint32(p[4:])
			i = 10
		}
		it := item(items, id)
		it.typ = string(p[i : i+4])
		rest := p[i+4:]
		_, rest, _ = bytes.Cut(rest, []byte{0}) // item name
		if it.typ == "mime" {
			ct, _, _ := bytes.Cut(rest, []byte{0})
			it.contentType = string(ct)
		}
	}
	return err
}

func item(items map[uint32]*heifItem, id uint32) *heifItem {
	it := items[id]
	if it == nil {
		it = &heifItem{}
		items[id] = it
	}
	return it
}

// parseILOC reads the item location box (versions 0, 1 and 2).
func parseILOC(p []byte, items map[uint32]*heifItem) error {
	if len(p) < 8 {
		return fmt.Errorf("truncated")
	}
	v := p[0]
	offSize, lenSize := int(p[4]>>4), int(p[4]&0xf)
	baseSize, idxSize := int(p[5]>>4), int(p[5]&0xf)
	if v == 0 {
		idxSize = 0
	}
	i := 6
	get := func(n int) (int64, bool) {
		if n != 0 && n != 2 && n != 4 && n != 8 || i+n > len(p) {
			return 0, n == 0
		}
		var x int64
		for _, c := range p[i : i+n] {
			x = x<<8 | int64(c)
		}
		i += n
		return x, true
	}
	var count int64
	var ok bool
	if v < 2 {
		count, ok = get(2)
	} else {
		count, ok = get(4)
	}
	if !ok {
		return fmt.Errorf("truncated")
	}
	extents := 0
	for k := int64(0); k < count; k++ {
		var id int64
		if v < 2 {
			id, ok = get(2)
		} else {
			id, ok = get(4)
		}
		if !ok {
			return fmt.Errorf("truncated at item %d", k)
		}
		method := int64(0)
		if v >= 1 {
			if method, ok = get(2); !ok {
				return fmt.Errorf("truncated")
			}
			method &= 0xf
		}
		if _, ok = get(2); !ok { // data reference index
			return fmt.Errorf("truncated")
		}
		base, ok1 := get(baseSize)
		n, ok2 := get(2)
		if !ok1 || !ok2 {
			return fmt.Errorf("truncated")
		}
		var it *heifItem
		if len(items) < maxItems || items[uint32(id)] != nil {
			it = item(items, uint32(id))
			it.method = int(method)
			it.extents = nil
		}
		for e := int64(0); e < n; e++ {
			if _, ok = get(idxSize); !ok {
				return fmt.Errorf("truncated")
			}
			eo, ok1 := get(offSize)
			el, ok2 := get(lenSize)
			if !ok1 || !ok2 {
				return fmt.Errorf("truncated")
			}
			if extents++; extents > maxItems {
				return fmt.Errorf("more than %d extents", maxItems)
			}
			if it != nil {
				it.extents = append(it.extents, [2]int64{base + eo, el})
			}
		}
	}
	return nil
}

// parseIPRP reads the item properties: the property boxes (ipco) and which
// item has which (ipma, 1-based indexes into ipco).
func parseIPRP(mb []byte, c box) ([]box, map[uint32][]int, error) {
	kids, err := boxes(bytes.NewReader(mb), c.body, c.off+c.size)
	var ipco []box
	ipma := map[uint32][]int{}
	for _, k := range kids {
		switch k.typ {
		case "ipco":
			ipco, _ = boxes(bytes.NewReader(mb), k.body, k.off+k.size)
		case "ipma":
			p := mb[k.body : k.off+k.size]
			if len(p) < 8 {
				continue
			}
			v, flags := p[0], p[3]
			n := int(binary.BigEndian.Uint32(p[4:]))
			i := 8
			for e := 0; e < n && e < maxItems; e++ {
				var id uint32
				if v < 1 {
					if i+2 > len(p) {
						break
					}
					id = uint32(binary.BigEndian.Uint16(p[i:]))
					i += 2
				} else {
					if i+4 > len(p) {
						break
					}
					id = binary.BigEndian.Uint32(p[i:])
					i += 4
				}
				if i >= len(p) {
					break
				}
				na := int(p[i])
				i++
				for a := 0; a < na; a++ {
					var idx int
					if flags&1 != 0 {
						if i+2 > len(p) {
							break
						}
						idx = int(binary.BigEndian.Uint16(p[i:]) & 0x7fff)
						i += 2
					} else {
						if i >= len(p) {
							break
						}
						idx = int(p[i] & 0x7f)
						i++
					}
					if len(ipma[id]) < 64 {
						ipma[id] = append(ipma[id], idx)
					}
				}
			}
		}
	}
	return ipco, ipma, err
}
