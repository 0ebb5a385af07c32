package image_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	stdimage "image"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/image"
	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/provenance"
)

// The fixtures are made by real producers with testdata/image/make.sh; the
// values asserted below are the ones that script set (README.md lists
// them).
const fixtures = "../../testdata/image"

// extractWith reads a fixture with f the way the Registry would
// (formattest.Extract).
func extractWith(t *testing.T, f image.Format, name string) *provenance.Record {
	t.Helper()
	return formattest.ExtractFile(t, f, filepath.Join(fixtures, name))
}

func extract(t *testing.T, name string) *provenance.Record {
	return extractWith(t, image.Format{}, name)
}

func TestCameraJPEG(t *testing.T) {
	rec := extract(t, "camera.jpg")
	f := rec.Fields
	assert.Equal(t, "jpeg", rec.Format)
	assert.Equal(t, "image/jpeg", rec.MIME)
	assert.Equal(t, &provenance.Camera{Make: "Docprov Camera Co.", Model: "DC-1000", Serial: "SN-424242", Lens: "DO 35mm f/2",
		LensMake: "Docprov Optics", Owner: "Alice Example"}, rec.Camera)
	assert.Equal(t, []string{"Alice Example"}, rec.Authors)
	// DateTimeOriginal + SubSecTimeOriginal + OffsetTimeOriginal.
	assert.Equal(t, "2023-04-05T06:07:01.345+02:00", rec.Created.String())
	// IFD0 DateTime + SubSecTime + OffsetTime.
	assert.Equal(t, "2023-04-05T06:07:08.12+02:00", rec.Modified.String())
	require.NotNil(t, rec.GPS)
	assert.InDelta(t, 48.8566, rec.GPS.Lat, 1e-6)
	assert.InDelta(t, 2.3522, rec.GPS.Lon, 1e-6)
	assert.Equal(t, []string{"DC-1000 Firmware 1.02"}, formattest.SoftwareRaw(rec, provenance.RoleDevice), "firmware naming the model")
	assert.Contains(t, formattest.SoftwareRaw(rec, provenance.RoleCreator), "DC-1000 Firmware 1.02")
	assert.Contains(t, formattest.SoftwareRaw(rec, provenance.RoleCreator), "DC-1000 1.02", "IPTC OriginatingProgram + ProgramVersion")
	assert.Equal(t, "0123456789abcdef0123456789abcdef", formattest.ID(rec, "exif.ImageUniqueID"))
	assert.Equal(t, "SN-424242", formattest.ID(rec, "exif.BodySerialNumber"))
	assert.Equal(t, "xmp.did:11111111-2222-3333-4444-555555555555", formattest.ID(rec, "xmp.DocumentID"))
	assert.Equal(t, "xmp.iid:66666666-7777-8888-9999-000000000000", formattest.ID(rec, "xmp.InstanceID"))
	assert.Equal(t, "xmp.did:11111111-2222-3333-4444-555555555555", formattest.ID(rec, "xmp.OriginalDocumentID"))
	assert.Equal(t, "Shapes on white", rec.Description)
	assert.Equal(t, "red, blue", rec.Keywords)

	// Raw EXIF, including the tags goexif drops.
	assert.Equal(t, "SN-424242", f["exif.ExifIFD.BodySerialNumber"])
	assert.Equal(t, "+02:00", f["exif.ExifIFD.OffsetTimeOriginal"])
	assert.Equal(t, "Alice Example", f["exif.ExifIFD.CameraOwnerName"])
	assert.Equal(t, "Docprov Optics", f["exif.ExifIFD.LensMake"])
	assert.Equal(t, "DC-1000", f["exif.IFD0.HostComputer"])
	assert.Equal(t, "(c) 2023 Alice Example", f["exif.IFD0.Copyright"])
	assert.Equal(t, "N", f["exif.GPS.GPSLatitudeRef"])
	assert.Equal(t, "4 7 1", f["exif.GPS.GPSTimeStamp"])
	assert.Equal(t, "2023-04-05T04:07:01Z", f["exif.gps.datetime"], "UTC: the camera clock was at +02:00")
	assert.Equal(t, "6", f["exif.IFD1.Compression"])
	// IPTC, ICC, XMP.
	assert.Equal(t, "Alice Example", f["iptc.By-line"])
	assert.Equal(t, "20230405", f["iptc.DateCreated"])
	assert.Equal(t, "blue", f["iptc.Keywords[1]"])
	assert.Equal(t, "Artifex Software sRGB ICC Profile", f["icc.ProfileDescription"])
	assert.Equal(t, "Image::ExifTool 12.57", f["xmp.x:xmptk"])

	// The encoder fingerprint: ImageMagick at quality 88, 4:2:0.
	assert.Equal(t, "88", f["jpeg.quality"])
	assert.Equal(t, "4:2:0", f["jpeg.subsampling"])
	assert.Equal(t, "baseline", f["jpeg.process"])
	assert.Equal(t, "320", f["jpeg.width"])
	assert.Len(t, strings.Fields(f["jpeg.dqt[0]"]), 64)
	assert.Len(t, f["jpeg.dqt.hash"], 16)
	assert.Equal(t, "true", f["image.exif_dimensions_match"])
	assert.Equal(t, "true", f["jpeg.ends_with_eoi"])
	assert.True(t, strings.HasPrefix(f["jpeg.markers"], "APP0:JFIF APP1:Exif"), f["jpeg.markers"])

	// The thumbnail: ImageMagick at quality 75, same aspect ratio.
	assert.Equal(t, "160", f["exif.thumbnail.width"])
	assert.Equal(t, "120", f["exif.thumbnail.height"])
	assert.Equal(t, "75", f["exif.thumbnail.quality"])
	assert.Equal(t, "true", f["exif.thumbnail.aspect_matches"])
	assert.Empty(t, f["exif.thumbnail.similarity"], "not decoded unless asked")
	assert.Empty(t, rec.Problems)
}

func TestCroppedJPEGKeepsTheUncroppedThumbnail(t *testing.T) {
	rec := extract(t, "cropped.jpg")
	f := rec.Fields
	assert.Equal(t, "false", f["exif.thumbnail.aspect_matches"])
	assert.Equal(t, "false", f["image.exif_dimensions_match"], "EXIF still says 320x240")
	assert.Equal(t, "90", f["jpeg.quality"])
	assert.NotEqual(t, extract(t, "camera.jpg").Fields["jpeg.dqt.hash"], f["jpeg.dqt.hash"], "re-saved at another quality")
	assert.Equal(t, []string{"Docprov Editor 2.0"}, formattest.SoftwareRaw(rec, provenance.RoleEditor), "edited later: history, later DateTime")
	assert.Equal(t, "2023-05-06T07:08:09.12-04:00", rec.Modified.String())
	assert.Equal(t, "2023-04-05T06:07:01.345+02:00", rec.Created.String())
	assert.Equal(t, "xmp.did:11111111-2222-3333-4444-555555555555", formattest.ID(rec, "xmp.DerivedFrom"))
	assert.Equal(t, "xmp.iid:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", formattest.ID(rec, "xmp.InstanceID"))
	assert.Equal(t, "saved", f["xmp.xmpMM:History[0]/stEvt:action"])
}

func TestThumbnailSimilarity(t *testing.T) {
	f := image.Format{CompareThumbnail: true}
	same, err := strconv.ParseFloat(extractWith(t, f, "camera.jpg").Fields["exif.thumbnail.similarity"], 64)
	require.NoError(t, err)
	cropped, err := strconv.ParseFloat(extractWith(t, f, "cropped.jpg").Fields["exif.thumbnail.similarity"], 64)
	require.NoError(t, err)
	assert.Greater(t, same, 0.95, "the thumbnail of the same picture")
	assert.Less(t, cropped, 0.8, "a thumbnail of the uncropped picture")

	tiny := image.Format{CompareThumbnail: true, MaxDecodePixels: 100}
	rec := extractWith(t, tiny, "camera.jpg")
	assert.Empty(t, rec.Fields["exif.thumbnail.similarity"])
	assert.Contains(t, strings.Join(rec.Problems, "\n"), "decode limit")
}

// TestQualityMatchesImageMagick checks the IJG quality estimate against
// `identify -format %Q`, recorded by make.sh in quality.tsv.
func TestQualityMatchesImageMagick(t *testing.T) {
	fh, err := os.Open(filepath.Join(fixtures, "quality.tsv"))
	require.NoError(t, err)
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	n := 0
	for sc.Scan() {
		name, want, ok := strings.Cut(sc.Text(), "\t")
		require.True(t, ok)
		w, err := strconv.Atoi(want)
		require.NoError(t, err)
		got, err := strconv.Atoi(extract(t, name).Fields["jpeg.quality"])
		require.NoError(t, err, name)
		assert.InDelta(t, w, got, 2, name)
		n++
	}
	assert.GreaterOrEqual(t, n, 10)
}

func TestStandardLibraryJPEGFingerprint(t *testing.T) {
	// Go's encoder uses the Annex K tables scaled the IJG way and the
	// standard Huffman tables.
	for _, q := range []int{10, 50, 77, 100} {
		var buf bytes.Buffer
		img := stdimage.NewRGBA(stdimage.Rect(0, 0, 24, 16))
		require.NoError(t, jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}))
		rec, err := image.Format{}.Extract(context.Background(), bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		require.NoError(t, err)
		assert.Equal(t, strconv.Itoa(q), rec.Fields["jpeg.quality"])
		assert.Equal(t, "true", rec.Fields["jpeg.dht.standard"])
		assert.Equal(t, "4:2:0", rec.Fields["jpeg.subsampling"])
	}
}

func TestTIFF(t *testing.T) {
	rec := extract(t, "tagged.tif")
	assert.Equal(t, "tiff", rec.Format)
	assert.Equal(t, &provenance.Camera{Make: "Docprov Scanner", Model: "DS-9"}, rec.Camera)
	assert.Equal(t, []string{"DS-9 Scan 3.1"}, formattest.SoftwareRaw(rec, provenance.RoleDevice))
	assert.Equal(t, []string{"Bob Example"}, rec.Authors)
	assert.Equal(t, "2022-01-02T03:04:00", rec.Created.String(), "no OffsetTime: no offset")
	assert.Equal(t, "2022-01-02T03:04:05", rec.Modified.String())
	assert.Equal(t, "uuid:0f0e0d0c-0b0a-0908-0706-050403020100", formattest.ID(rec, "xmp.DocumentID"))
	assert.Equal(t, "Bob Example", rec.Fields["iptc.By-line"], "IPTC from tag 33723")
	assert.Equal(t, "32", rec.Fields["image.width"])
	assert.Empty(t, rec.Problems)
}

func TestPNG(t *testing.T) {
	rec := extract(t, "text.png")
	f := rec.Fields
	assert.Equal(t, "png", rec.Format)
	assert.Equal(t, []string{"Carol Example"}, rec.Authors, "EXIF Artist from the eXIf chunk")
	assert.Equal(t, "2021-06-07T08:09:10", rec.Created.String(), "EXIF DateTimeOriginal comes before XMP")
	assert.Equal(t, "2021-06-07T08:09:10+05:30", f["xmp.xmp:CreateDate"])
	assert.Equal(t, "2021-06-08T09:10:11Z", rec.Modified.String(), "tIME, in UTC")
	assert.Equal(t, []string{"Docprov Paint 5"}, formattest.SoftwareRaw(rec, provenance.RoleCreator))
	assert.Equal(t, "xmp.did:cafe0000-0000-0000-0000-00000000beef", formattest.ID(rec, "xmp.DocumentID"))
	assert.Equal(t, "Shapes", rec.Title)
	assert.Equal(t, "drawn for docprov", f["png.text.Comment"])
	assert.Equal(t, "Docprov Paint 5", f["png.text.Software"])
	assert.Contains(t, f["png.chunks"], "eXIf")
	assert.Equal(t, "48", f["image.width"])
	assert.Empty(t, rec.Problems)
}

func TestWebP(t *testing.T) {
	rec := extract(t, "photo.webp")
	assert.Equal(t, "webp", rec.Format)
	assert.Equal(t, &provenance.Camera{Make: "Docprov Phone", Model: "DP-7"}, rec.Camera)
	assert.Equal(t, "2024-02-03T04:05:06+09:00", rec.Created.String())
	assert.Equal(t, []string{"DP-7 OS 14"}, formattest.SoftwareRaw(rec, provenance.RoleDevice))
	assert.Equal(t, "xmp.did:webp-0001", formattest.ID(rec, "xmp.DocumentID"))
	assert.Equal(t, "lossy", rec.Fields["webp.encoding"])
	assert.Equal(t, "64", rec.Fields["image.width"])
	assert.Empty(t, rec.Problems)
}

func TestHEIC(t *testing.T) {
	rec := extract(t, "photo.heic")
	assert.Equal(t, "heic", rec.Format)
	assert.Equal(t, "image/heic", rec.MIME)
	assert.Equal(t, &provenance.Camera{Make: "Docprov Phone", Model: "DP-8"}, rec.Camera)
	assert.Equal(t, "2024-03-04T05:06:07-07:00", rec.Created.String())
	assert.Equal(t, []string{"DP-8 OS 15"}, formattest.SoftwareRaw(rec, provenance.RoleDevice))
	assert.Equal(t, "xmp.did:heic-0001", formattest.ID(rec, "xmp.DocumentID"))
	assert.Equal(t, "64", rec.Fields["image.width"])
	assert.Contains(t, rec.Fields["heif.items"], "Exif×1")
	assert.Empty(t, rec.Problems)
}

func TestGIF(t *testing.T) {
	rec := extract(t, "anim.gif")
	assert.Equal(t, "gif", rec.Format)
	assert.Equal(t, []string{"Dan Example"}, rec.Authors)
	assert.Equal(t, []string{"Docprov GIF Maker"}, formattest.SoftwareRaw(rec, provenance.RoleCreator))
	assert.Equal(t, "made for docprov", rec.Fields["gif.comment[0]"])
	assert.Equal(t, "2", rec.Fields["gif.frames"])
	assert.Empty(t, rec.Problems)
}

func TestPSD(t *testing.T) {
	rec := extract(t, "doc.psd")
	assert.Equal(t, "psd", rec.Format)
	assert.Equal(t, []string{"Eve Example"}, rec.Authors, "IPTC By-line")
	assert.Equal(t, []string{"Docprov PSD 1"}, formattest.SoftwareRaw(rec, provenance.RoleCreator))
	assert.Equal(t, "xmp.did:psd-0001", formattest.ID(rec, "xmp.DocumentID"))
	assert.Equal(t, "16", rec.Fields["image.width"])
	assert.Empty(t, rec.Problems)
}

func TestIFDLoopEndsWithAProblem(t *testing.T) {
	rec := extract(t, "loop.tif")
	assert.Equal(t, "16", rec.Fields["exif.IFD0.ImageWidth"])
	assert.Equal(t, "8", rec.Fields["exif.IFD1.ImageWidth"])
	require.Len(t, rec.Problems, 1)
	assert.Contains(t, rec.Problems[0], "loop")
}

func TestHugeCountsAndOffsetsPastTheEnd(t *testing.T) {
	rec := extract(t, "hugecount.tif")
	assert.Equal(t, "Ok!", rec.Fields["exif.IFD0.Software"], "the sane tag survives")
	assert.Empty(t, rec.Fields["exif.IFD0.Make"])
	assert.Len(t, rec.Problems, 2)
}

func TestNotAnImage(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("%PDF-1.4"), []byte("RIFF\x00\x00\x00\x00AVI "), []byte("\x00\x00\x00\x18ftypisom")} {
		assert.False(t, image.Format{}.Match(b), "%q", b)
		_, err := image.Format{}.Extract(context.Background(), bytes.NewReader(b), int64(len(b)))
		assert.True(t, errors.Is(err, formats.ErrUnsupported), "%q: %v", b, err)
	}
}

func TestTruncatedFiles(t *testing.T) {
	// Every fixture cut at several points yields a Record or an error
	// wrapping a sentinel, never a panic or a hang.
	paths, _ := filepath.Glob(filepath.Join(fixtures, "*.*"))
	for _, p := range paths {
		if strings.HasSuffix(p, ".sh") || strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".tsv") {
			continue
		}
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		for _, cut := range []int{3, 8, 13, 20, 64, 200, len(data) / 3, len(data) / 2, len(data) - 1} {
			if cut <= 0 || cut >= len(data) {
				continue
			}
			b := data[:cut]
			rec, err := image.Format{CompareThumbnail: true}.Extract(context.Background(), bytes.NewReader(b), int64(len(b)))
			if err != nil {
				assert.True(t, errors.Is(err, formats.ErrMalformed) || errors.Is(err, formats.ErrUnsupported), "%s[:%d]: %v", p, cut, err)
				continue
			}
			assert.NotNil(t, rec)
		}
	}
}

func TestContextCancelled(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(fixtures, "camera.jpg"))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = image.Format{}.Extract(ctx, bytes.NewReader(data), int64(len(data)))
	assert.ErrorIs(t, err, context.Canceled)
}

// TestReaderKindsAgree checks that a file read through a plain io.ReaderAt
// (as from disk, through the head cache) gives the same Record as one in
// memory.
func TestReaderKindsAgree(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(fixtures, "*.*"))
	for _, p := range paths {
		switch filepath.Ext(p) {
		case ".sh", ".md", ".tsv":
			continue
		}
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		mem, err1 := image.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
		sec := io.NewSectionReader(bytes.NewReader(data), 0, int64(len(data)))
		disk, err2 := image.Format{}.Extract(context.Background(), sec, int64(len(data)))
		require.Equal(t, err1, err2, p)
		assert.Equal(t, mem, disk, p)
	}
}

// A comment after 60,000 frames is read, and every frame counted: the walk
// has no block cap that would drop what comes late.
func TestGIFManyFrames(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(fixtures, "anim.gif"))
	require.NoError(t, err)
	trailer := bytes.LastIndexByte(data, 0x3b)
	require.Equal(t, len(data)-1, trailer)
	// One 1×1 frame as animations write it: a graphic control extension,
	// then an image descriptor without a local colour table, LZW code
	// size 2, one data sub-block, the block terminator (two blocks a
	// frame: 120,000 in all).
	frame := []byte{0x21, 0xf9, 4, 0, 10, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0}
	var b bytes.Buffer
	b.Write(data[:trailer])
	for i := 0; i < 60000; i++ {
		b.Write(frame)
	}
	b.Write([]byte{0x21, 0xfe, 4, 'l', 'a', 't', 'e', 0}) // a comment extension
	b.WriteByte(0x3b)
	big := b.Bytes()
	rec, err := image.Format{}.Extract(context.Background(), bytes.NewReader(big), int64(len(big)))
	require.NoError(t, err)
	assert.Equal(t, "60002", rec.Fields["gif.frames"])
	assert.Equal(t, "late", rec.Fields["gif.comment[1]"])
	assert.Empty(t, rec.Problems)
}

// A photo taken without a GPS fix (GPSStatus V) has no position: neither
// the 0/1 zeros ExifTool writes for it nor the 0/0 rationals that no-fix
// cameras write are latitude and longitude 0, a place in the Gulf of
// Guinea. The raw tags stay as written.
func TestGPSWithoutFixIsNoPosition(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(fixtures, "gps-void.jpg"))
	require.NoError(t, err)
	// GPSLatitude and GPSLongitude as ExifTool wrote them (big-endian 0/1
	// three times each), and with every denominator patched to 0.
	zeros := bytes.Repeat([]byte{0, 0, 0, 0, 0, 0, 0, 1}, 3)
	require.Equal(t, 2, bytes.Count(data, zeros), "the two rationals ExifTool wrote")
	undef := bytes.ReplaceAll(data, zeros, make([]byte, len(zeros)))
	for _, c := range []struct {
		name string
		data []byte
		raw  string
	}{{"0/1", data, "0 0 0"}, {"0/0", undef, "0/0 0/0 0/0"}} {
		t.Run(c.name, func(t *testing.T) {
			rec, err := image.Format{}.Extract(context.Background(), bytes.NewReader(c.data), int64(len(c.data)))
			require.NoError(t, err)
			assert.Nil(t, rec.GPS, "no position")
			assert.Equal(t, c.raw, rec.Fields["exif.GPS.GPSLatitude"])
			assert.Equal(t, c.raw, rec.Fields["exif.GPS.GPSLongitude"])
			assert.Equal(t, "V", rec.Fields["exif.GPS.GPSStatus"])
			assert.Equal(t, "Docprov Camera Co.", rec.Camera.Make)
		})
	}
}

// An XMP date in PDF syntax ("D:20230405120000+02'00'", as programs that
// fill XMP from a PDF's Info dictionary write it) is read as the date it
// is. ExifTool will not write one, so the packet is spliced into an
// ImageMagick JPEG here as an APP1 segment.
func TestXMPDateInPDFSyntax(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(fixtures, "im-q75.jpg"))
	require.NoError(t, err)
	packet := `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
		`<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreateDate="D:20230405120000+02'00'" xmp:ModifyDate="D:2023"/>` +
		`</rdf:RDF></x:xmpmeta>`
	body := "http://ns.adobe.com/xap/1.0/\x00" + packet
	seg := append([]byte{0xFF, 0xE1, byte((len(body) + 2) >> 8), byte(len(body) + 2)}, body...)
	jpg := append(append(append([]byte{}, data[:2]...), seg...), data[2:]...)
	rec, err := image.Format{}.Extract(context.Background(), bytes.NewReader(jpg), int64(len(jpg)))
	require.NoError(t, err)
	assert.Equal(t, "D:20230405120000+02'00'", rec.Fields["xmp.xmp:CreateDate"])
	assert.Equal(t, "2023-04-05T12:00:00+02:00", rec.Created.String())
	assert.Equal(t, "2023-01-01T00:00:00", rec.Modified.String())
	assert.Empty(t, rec.Problems)
}

// asciiTIFF is a little-endian TIFF whose IFD0 holds a 1×1 image and the
// tags given (tag → value: a string as ASCII, []byte as BYTE), in
// ascending tag order.
func asciiTIFF(tags [][2]any) []byte {
	le := func(b []byte, v uint32, n int) []byte {
		for i := 0; i < n; i++ {
			b = append(b, byte(v>>(8*i)))
		}
		return b
	}
	type ent struct {
		tag, typ uint16
		count    uint32
		val      []byte
	}
	ents := []ent{{256, 3, 1, []byte{1, 0, 0, 0}}, {257, 3, 1, []byte{1, 0, 0, 0}}}
	for _, t := range tags {
		if b, ok := t[1].([]byte); ok { // BYTE, as XMP (700) is written
			ents = append(ents, ent{uint16(t[0].(int)), 1, uint32(len(b)), b})
			continue
		}
		ents = append(ents, ent{uint16(t[0].(int)), 2, uint32(len(t[1].(string)) + 1), append([]byte(t[1].(string)), 0)})
	}
	b := []byte("II*\x00")
	b = le(b, 8, 4)
	dataOff := 8 + 2 + 12*len(ents) + 4
	var data []byte
	b = le(b, uint32(len(ents)), 2)
	for _, e := range ents {
		b = le(b, uint32(e.tag), 2)
		b = le(b, uint32(e.typ), 2)
		b = le(b, e.count, 4)
		if len(e.val) <= 4 {
			b = append(b, append(e.val, make([]byte, 4-len(e.val))...)...)
			continue
		}
		b = le(b, uint32(dataOff+len(data)), 4)
		data = append(data, e.val...)
		if len(data)%2 == 1 {
			data = append(data, 0)
		}
	}
	b = le(b, 0, 4)
	return append(b, data...)
}

// A scanning program named in IFD0 Software (VueScan, beside the
// scanner's Make and Model) made the file: it is the creator, neither the
// scanner's firmware (device) nor a later editor; its full version in
// parentheses is the version.
func TestScanningProgramIsCreator(t *testing.T) {
	for _, c := range []struct {
		sw   string
		role provenance.Role
	}{
		{"VueScan 9 x64 (9.6.01)", provenance.RoleCreator},
		{"SilverFast 8.8.0r23 (Mar 13 2019) 9a2e342", provenance.RoleCreator},
		{"CanoScan 9000F Ver 1.02", provenance.RoleDevice}, // firmware naming the model
		{"Adobe Photoshop CC 2019 (Windows)", provenance.RoleEditor},
	} {
		data := asciiTIFF([][2]any{{271, "Canon"}, {272, "CanoScan 9000F"}, {305, c.sw}})
		rec, err := image.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
		require.NoError(t, err, c.sw)
		require.Len(t, rec.Software, 1, c.sw)
		assert.Equal(t, c.role, rec.Software[0].Role, c.sw)
		if c.role == provenance.RoleCreator && strings.HasPrefix(c.sw, "VueScan") {
			assert.Equal(t, "VueScan", rec.Software[0].Name)
			assert.Equal(t, "9.6.01", rec.Software[0].Version)
		}
	}
}

// An iPhone writes its iOS version alone as EXIF Software ("8.1"), also
// in a photo it edited itself: a bare version is no editor's name, so it
// is the device's system, iOS 8.1, even where other traces of editing
// (an XMP history) make a named Software an editor.
func TestBareSoftwareVersionIsTheSystem(t *testing.T) {
	history := []byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
		`<rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#">` +
		`<xmpMM:History><rdf:Seq><rdf:li rdf:parseType="Resource"><stEvt:action>saved</stEvt:action><stEvt:softwareAgent>Photos 1.0</stEvt:softwareAgent></rdf:li></rdf:Seq></xmpMM:History>` +
		`</rdf:Description></rdf:RDF></x:xmpmeta>`)
	for _, c := range []struct {
		name       string
		tags       [][2]any
		role       provenance.Role
		swName, sw string
	}{
		{"iPhone", [][2]any{{271, "Apple"}, {272, "iPhone 6"}, {305, "8.1"}}, provenance.RoleDevice, "iOS", "8.1"},
		{"iPhone with an edit history", [][2]any{{271, "Apple"}, {272, "iPhone 6"}, {305, "8.1"}, {700, history}}, provenance.RoleDevice, "iOS", "8.1"},
		{"camera", [][2]any{{271, "Docprov Camera Co."}, {272, "DC-9"}, {305, "1.02"}, {700, history}}, provenance.RoleDevice, "DC-9 firmware", "1.02"},
		{"named program with an edit history", [][2]any{{271, "Apple"}, {272, "iPhone 6"}, {305, "Acme Retouch 2.1"}, {700, history}}, provenance.RoleEditor, "Acme Retouch", "2.1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := asciiTIFF(c.tags)
			rec, err := image.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
			require.NoError(t, err)
			var got *provenance.Software
			for i := range rec.Software {
				if rec.Software[i].Source == "exif.IFD0.Software" {
					got = &rec.Software[i]
				}
			}
			require.NotNil(t, got, "%v", rec.Software)
			assert.Equal(t, c.role, got.Role)
			assert.Equal(t, c.swName, got.Name)
			assert.Equal(t, c.sw, got.Version)
		})
	}
}

// A Samsung phone's EXIF Software is its firmware's build code: read as a
// version of the model's firmware that orders its updates, with the month
// the build was made.
func TestSamsungFirmwareBuildCode(t *testing.T) {
	r := extract(t, "samsung-firmware.jpg")
	require.Len(t, r.Software, 1)
	s := r.Software[0]
	assert.Equal(t, provenance.RoleDevice, s.Role)
	assert.Equal(t, "SM-A525F firmware", s.Name)
	assert.Equal(t, "4.2.2022.1.2", s.Version)
	assert.Equal(t, "A525FXXS4BVA2", s.Raw)
	assert.Equal(t, "2022-01", r.Fields[provenance.KeyFirmwareBuilt])

	// Other makers' Software is left as it is written.
	other := extract(t, "other-maker.jpg")
	assert.Empty(t, other.Fields[provenance.KeyFirmwareBuilt])
}

// The shared corpus's Samsung photos: every build code is read, and no
// photo is older than the month its firmware was built, as the scheme
// says it cannot be.
func TestCorpusSamsungFirmwareIsOlderThanItsPhotos(t *testing.T) {
	n := 0
	f := image.Format{}
	eachCorpusImage(t, f, func(p string, data []byte) {
		rec, err := f.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
		if err != nil || !strings.EqualFold(rec.Fields["exif.IFD0.Make"], "samsung") || rec.Fields["exif.IFD0.Software"] == "" {
			return
		}
		built := rec.Fields[provenance.KeyFirmwareBuilt]
		require.NotEmpty(t, built, "%s: %s", p, rec.Fields["exif.IFD0.Software"])
		require.False(t, rec.Created.IsZero(), p)
		assert.LessOrEqual(t, built, rec.Created.Time.Format("2006-01"), p)
		n++
	})
	assert.GreaterOrEqual(t, n, 2, "the corpus holds Samsung photos with a build code")
}
