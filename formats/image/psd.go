package image

import (
	"encoding/binary"
	"io"
	"strconv"
)

// readPSD reads a Photoshop document's header and its image resources
// section, where Photoshop keeps EXIF, XMP, IPTC and the ICC profile. The
// layers and pixels that follow are never read.
func (st *state) readPSD(r io.ReaderAt, size int64) error {
	hdr, err := readAt(r, 0, 30, size)
	if err != nil {
		return malformed("psd", "header: %v", err)
	}
	f := st.rec.Fields
	f.Set("psd.version", strconv.Itoa(int(binary.BigEndian.Uint16(hdr[4:]))))
	f.Set("psd.channels", strconv.Itoa(int(binary.BigEndian.Uint16(hdr[12:]))))
	f.Set("image.height", strconv.Itoa(int(binary.BigEndian.Uint32(hdr[14:]))))
	f.Set("image.width", strconv.Itoa(int(binary.BigEndian.Uint32(hdr[18:]))))
	f.Set("psd.depth", strconv.Itoa(int(binary.BigEndian.Uint16(hdr[22:]))))
	f.Set("psd.color_mode", strconv.Itoa(int(binary.BigEndian.Uint16(hdr[24:]))))
	off := int64(26) + 4 + int64(binary.BigEndian.Uint32(hdr[26:])) // color mode data
	lb, err := readAt(r, off, 4, size)
	if err != nil {
		st.rec.AddProblem("psd: image resources: %v", err)
		return nil
	}
	n := int64(binary.BigEndian.Uint32(lb))
	res, err := readAt(r, off+4, n, size)
	if err != nil {
		st.rec.AddProblem("psd: image resources: %v", err)
		return nil
	}
	st.addIRB(res, "psd resources")
	return nil
}
