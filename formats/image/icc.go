package image

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf16"
)

// An ICC colour profile names who made it (the creator and CMM signatures,
// a description such as "sRGB IEC61966-2.1" or "Display P3") and when.
// Cameras, phones and editors each embed their own, so the profile is part
// of the fingerprint of the program that wrote the image. Only the header
// and the desc and cprt tags are read, with the standard library.

// maxICCTags bounds the tag table read.
const maxICCTags = 1000

// addICC writes an ICC profile's header and description as icc.* fields.
func (st *state) addICC(b []byte, where string) {
	f := st.rec.Fields
	if f["icc.ProfileSize"] != "" {
		return // the first profile is the image's; later ones belong to previews
	}
	if len(b) < 132 || string(b[36:40]) != "acsp" {
		st.rec.AddProblem("%s: not an ICC profile (%d bytes)", where, len(b))
		return
	}
	sig := func(o int) string {
		s := strings.TrimRight(string(b[o:o+4]), "\x00 ")
		if strings.Trim(s, "\x00") == "" {
			return ""
		}
		return strings.ToValidUTF8(s, "?")
	}
	f.Set("icc.ProfileSize", fmt.Sprint(len(b)))
	f.Set("icc.ProfileCMMType", sig(4))
	f.Set("icc.ProfileVersion", fmt.Sprintf("%d.%d.%d", b[8], b[9]>>4, b[9]&0xf))
	f.Set("icc.ProfileClass", sig(12))
	f.Set("icc.ColorSpaceData", sig(16))
	if y := binary.BigEndian.Uint16(b[24:]); y != 0 {
		u := func(o int) uint16 { return binary.BigEndian.Uint16(b[o:]) }
		f.Set("icc.ProfileDateTime", fmt.Sprintf("%04d:%02d:%02d %02d:%02d:%02d", y, u(26), u(28), u(30), u(32), u(34)))
	}
	f.Set("icc.PrimaryPlatform", sig(40))
	f.Set("icc.DeviceManufacturer", sig(48))
	f.Set("icc.DeviceModel", sig(52))
	f.Set("icc.ProfileCreator", sig(80))
	if id := b[84:100]; !bytes.Equal(id, make([]byte, 16)) {
		f.Set("icc.ProfileID", hex.EncodeToString(id))
	}
	n := int(binary.BigEndian.Uint32(b[128:]))
	if n > maxICCTags || 132+12*n > len(b) {
		st.rec.AddProblem("%s: tag table of %d entries does not fit", where, n)
		return
	}
	for i := 0; i < n; i++ {
		e := b[132+12*i:]
		tag := string(e[:4])
		off, size := int(binary.BigEndian.Uint32(e[4:])), int(binary.BigEndian.Uint32(e[8:]))
		if off < 0 || size < 0 || off > len(b) || size > len(b)-off {
			continue
		}
		switch tag {
		case "desc":
			f.Set("icc.ProfileDescription", iccText(b[off:off+size]))
		case "cprt":
			f.Set("icc.ProfileCopyright", iccText(b[off:off+size]))
		}
	}
}

// iccText decodes the three text types ICC tags use: textDescriptionType
// ("desc", ICC v2), multiLocalizedUnicodeType ("mluc", v4; the first
// record is taken) and textType ("text").
func iccText(b []byte) string {
	if len(b) < 12 {
		return ""
	}
	var s string
	switch string(b[:4]) {
	case "desc":
		n := int(binary.BigEndian.Uint32(b[8:]))
		if n > 0 && n <= len(b)-12 {
			s = latin1(b[12 : 12+n])
		}
	case "mluc":
		if len(b) < 28 {
			return ""
		}
		n := int(binary.BigEndian.Uint32(b[8:]))
		if n == 0 {
			return ""
		}
		l, o := int(binary.BigEndian.Uint32(b[20:])), int(binary.BigEndian.Uint32(b[24:]))
		if o < 0 || l < 0 || o > len(b) || l > len(b)-o {
			return ""
		}
		u := make([]uint16, l/2)
		for i := range u {
			u[i] = binary.BigEndian.Uint16(b[o+2*i:])
		}
		s = string(utf16.Decode(u))
	case "text":
		s = latin1(b[8:])
	}
	return strings.TrimSpace(strings.TrimRight(s, "\x00"))
}
