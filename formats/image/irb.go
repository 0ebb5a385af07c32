package image

import (
	"bytes"
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Photoshop image resource blocks ("8BIM" + ID + Pascal name + size + data)
// are how Photoshop stores its metadata in PSD files, JPEG APP13 segments
// ("Photoshop 3.0") and TIFF tag 34377. Parsed with the standard library.

// maxResources bounds the resource blocks read from one section.
const maxResources = 10_000

// addIRB walks image resource blocks and hands the ones that carry
// provenance to their parsers: IPTC (0x0404), EXIF (0x0422), XMP (0x0424),
// the ICC profile (0x040F), the version info that names the writing
// application (0x0421) and the IPTC digest (0x0425), which Photoshop
// computes over the IPTC block it wrote: a digest that no longer matches
// means another program changed the IPTC afterwards.
func (st *state) addIRB(b []byte, where string) {
	f := st.rec.Fields
	var ids []string
	var iptc []byte
	var digest []byte
	for n := 0; len(b) >= 12 && n < maxResources; n++ {
		sig := string(b[:4])
		if sig != "8BIM" && sig != "MeSa" && sig != "PHUT" && sig != "AgHg" && sig != "DCSR" {
			if len(bytes.Trim(b, "\x00")) > 0 {
				st.rec.AddProblem("%s: unexpected resource signature %q", where, sig)
			}
			break
		}
		id := binary.BigEndian.Uint16(b[4:])
		nameLen := int(b[6])
		p := 7 + nameLen
		if p%2 == 1 {
			p++ // the Pascal name, length byte included, is padded to even
		}
		if p+4 > len(b) {
			st.rec.AddProblem("%s: resource 0x%04x truncated", where, id)
			break
		}
		size := int(binary.BigEndian.Uint32(b[p:]))
		p += 4
		if size < 0 || size > len(b)-p {
			st.rec.AddProblem("%s: resource 0x%04x: %d bytes past the end", where, id, size)
			break
		}
		data := b[p : p+size]
		b = b[min(len(b), p+size+size%2):]
		ids = append(ids, fmt.Sprintf("%04x", id))
		switch id {
		case 0x0404:
			iptc = data
			st.addIPTC(data, where+" IPTC")
		case 0x0422:
			st.addEXIF(data, where+" EXIF")
		case 0x0424:
			st.addXMP(data, where+" XMP")
		case 0x040f:
			st.addICC(data, where+" ICC")
		case 0x0425:
			digest = data
		case 0x0421:
			readVersionInfo(f, data)
		case 0x0409, 0x040c:
			if len(data) >= 28 {
				w, h := binary.BigEndian.Uint32(data[4:]), binary.BigEndian.Uint32(data[8:])
				f.Set("photoshop.thumbnail", fmt.Sprintf("%dx%d, %d bytes", w, h, len(data)-28))
			}
		}
	}
	if len(ids) > 0 && f["photoshop.resources"] == "" {
		if len(ids) > 64 {
			ids = append(ids[:64], "…")
		}
		f.Set("photoshop.resources", strings.Join(ids, " "))
	}
	if len(digest) == 16 {
		f.Set("photoshop.IPTCDigest", hex.EncodeToString(digest))
		if iptc != nil && strings.Trim(string(digest), "\x00") != "" {
			sum := md5.Sum(iptc)
			f.Set("photoshop.IPTCDigest.matches", strconv.FormatBool(bytes.Equal(sum[:], digest)))
		}
	}
}

// readVersionInfo reads resource 0x0421: version, has-merged-data flag,
// writer and reader names (Unicode strings) and file version.
func readVersionInfo(f map[string]string, b []byte) {
	if len(b) < 5 {
		return
	}
	p := 5
	str := func() string {
		if p+4 > len(b) {
			return ""
		}
		n := int(binary.BigEndian.Uint32(b[p:]))
		p += 4
		if n < 0 || n > (len(b)-p)/2 {
			p = len(b)
			return ""
		}
		u := make([]uint16, n)
		for i := range u {
			u[i] = binary.BigEndian.Uint16(b[p+2*i:])
		}
		p += 2 * n
		return strings.TrimRight(string(utf16.Decode(u)), "\x00")
	}
	set := func(k, v string) {
		if v != "" {
			f[k] = v
		}
	}
	set("photoshop.WriterName", str())
	set("photoshop.ReaderName", str())
}
