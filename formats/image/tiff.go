package image

import (
	"encoding/binary"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/docprov/docprov/formats/image/exif"
	"github.com/docprov/docprov/formats/image/makernote"
)

// readTIFF reads a TIFF file, or a TIFF-based raw file (DNG, CR2, NEF, ARW
// …): the whole file is one TIFF structure, so its IFDs are the EXIF, and
// XMP, IPTC, Photoshop resources and the ICC profile sit in IFD0 tags.
func (st *state) readTIFF(r io.ReaderAt, size int64) error {
	x, err := exif.Parse(st.ctx, r, size)
	if err != nil {
		if errors.Is(err, exif.ErrBigTIFF) {
			return malformed("tiff", "%v", err)
		}
		if x == nil {
			return malformed("tiff", "%v", err)
		}
		return err // the context ended
	}
	if len(x.Dirs) == 0 {
		for _, p := range x.Problems {
			st.rec.AddProblem("tiff: %s", p)
		}
		return malformed("tiff", "no readable directory (%d problems: %v)", len(x.Problems), x.Problems)
	}
	st.useEXIF(x, "tiff")
	f := st.rec.Fields
	if x.Tag("IFD0", 0xc612) != nil {
		st.rec.Format = "dng"
	}
	pages := 0
	for _, d := range x.Dirs {
		if d.Kind == exif.KindImage && (d.Name == "IFD0" || len(d.Name) > 3 && d.Name[:3] == "IFD") {
			pages++
		}
	}
	f.Set("tiff.ifds", strconv.Itoa(pages))
	if w, ok := x.Tag("IFD0", 0x0100).Int(); ok {
		f.Set("image.width", strconv.FormatInt(w, 10))
	}
	if h, ok := x.Tag("IFD0", 0x0101).Int(); ok {
		f.Set("image.height", strconv.FormatInt(h, 10))
	}
	st.readDNGMakerNote(x)
	embedded := []struct {
		id  uint16
		add func(*state, []byte, string)
	}{
		{0x02bc, (*state).addXMP},
		{0x83bb, (*state).addIPTC},
		{0x8649, (*state).addIRB},
		{0x8773, (*state).addICC},
	}
	for _, e := range embedded {
		t := x.Tag("IFD0", e.id)
		if t == nil {
			continue
		}
		b, err := x.Bytes(t)
		if err != nil {
			st.rec.AddProblem("tiff: %v", err)
			continue
		}
		e.add(st, b, "tiff IFD0 "+t.Name)
	}
	return nil
}

// readDNGMakerNote reads the maker note a DNG converter keeps in IFD0's
// DNGPrivateData (0xc634) when the Exif IFD has none: Adobe's "Adobe\0"
// "MakN" record holds the note's length, its original byte order and
// offset, then the note, whose offsets still count from where it was.
func (st *state) readDNGMakerNote(x *exif.Exif) {
	t := x.Tag("IFD0", 0xc634)
	if t == nil || x.Tag("ExifIFD", 0x927c) != nil || t.Size < 20 {
		return
	}
	hdr, err := x.Bytes(&exif.Tag{Name: "DNGPrivateData", Offset: t.Offset, Size: 20})
	if err != nil || string(hdr[:10]) != "Adobe\x00MakN" {
		return
	}
	n := int64(binary.BigEndian.Uint32(hdr[10:14])) - 6
	order := binary.ByteOrder(binary.BigEndian)
	if string(hdr[14:16]) == "II" {
		order = binary.LittleEndian
	}
	orig := int64(binary.BigEndian.Uint32(hdr[16:20]))
	if n <= 0 || n > t.Size-20 {
		st.rec.AddProblem("tiff DNGPrivateData: MakN record of %d bytes in a %d-byte tag", n, t.Size)
		return
	}
	r, size := x.Data()
	at := t.Offset + 20
	st.addMakerNote(makernote.Source{R: r, Size: size, Order: order, Offset: at, Length: n, Shift: at - orig,
		Make: strings.TrimSpace(x.String("IFD0", 0x010f)), Model: strings.TrimSpace(x.String("IFD0", 0x0110))}, "tiff DNGPrivateData MakN")
}
