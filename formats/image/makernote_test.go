package image_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats/image"
	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/provenance"
)

// TestMakerNotesOfRealCameras reads maker notes from camera files of the
// shared corpus and checks the values ExifTool reports for them.
func TestMakerNotesOfRealCameras(t *testing.T) {
	cases := []struct {
		file string
		want map[string]string
		cam  provenance.Camera
	}{
		{"jpeg/exiftool__Canon.jpg", map[string]string{"makernote.canon.OwnerName": "Phil Harvey", "makernote.canon.SerialNumber": "0560018150"},
			provenance.Camera{Serial: "0560018150", Owner: "Phil Harvey"}},
		{"jpeg/exiftool__OlympusE1.jpg", map[string]string{"makernote.olympus.LensSerialNumber": "050105886", "makernote.olympus.SerialNumber": "143008611"},
			provenance.Camera{Serial: "143008611", InternalSerial: "4001310004375102", LensSerial: "050105886"}},
		{"jpeg/exiftool__NikonD2Hs.jpg", map[string]string{"makernote.nikon.SerialNumber": "3001006", "makernote.nikon.ShutterCount": "2"},
			provenance.Camera{Serial: "3001006", ShutterCount: 2}},
		{"heic/pillowheif__L_exif_xmp_iptc.heic", map[string]string{"makernote.sony.ShutterCount": "179", "makernote.sony.InternalSerialNumber": "0dff0000f608"},
			// LensSerial is the standard EXIF LensSerialNumber.
			provenance.Camera{InternalSerial: "0dff0000f608", LensSerial: "000091aa5e", ShutterCount: 179}},
		{"jpeg/exiftool__Pentax.jpg", map[string]string{"makernote.pentax.ShutterCount": "1648", "makernote.pentax.InternalSerialNumber": "132352"},
			provenance.Camera{InternalSerial: "132352", ShutterCount: 1648}},
		{"heic/exifsamples__IMG_5195.heic", map[string]string{"makernote.apple.ContentIdentifier": "570F1469-09C7-4E50-9875-05F21D5BD166",
			"makernote.apple.RunTimeValue": "79656660836500", "makernote.apple.RunTimeScale": "1000000000"}, provenance.Camera{}},
		{"other/exiftool__DNG.dng", map[string]string{"makernote.canon.SerialNumber": "0012345678", "makernote.canon.OwnerName": "unknown"},
			// The DNG's own CameraSerialNumber comes before the maker note's.
			provenance.Camera{Serial: "012345678", Owner: "unknown"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(sharedCorpus, "files", c.file))
			if os.IsNotExist(err) {
				t.Skip("shared corpus not present")
			}
			require.NoError(t, err)
			rec, err := image.Format{}.Extract(context.Background(), bytes.NewReader(b), int64(len(b)))
			require.NoError(t, err)
			for k, v := range c.want {
				assert.Equal(t, v, rec.Fields[k], k)
			}
			require.NotNil(t, rec.Camera)
			got := *rec.Camera
			got.Make, got.Model, got.Lens, got.LensMake = "", "", "", ""
			if c.cam.Serial == "" {
				got.Serial = ""
			}
			assert.Equal(t, c.cam, got)
			for _, p := range rec.Problems {
				assert.NotContains(t, p, "MakerNote", "a camera's own note reads without problems")
			}
		})
	}
}

// TestBrokenMakerNoteKeepsTheEXIF overwrites the maker note of a real
// Nikon photo with garbage that claims a huge directory, and checks that
// every EXIF field is still read as before, the note's fields are gone
// and a problem names the note.
func TestBrokenMakerNoteKeepsTheEXIF(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(sharedCorpus, "files", "jpeg", "exiftool__NikonD2Hs.jpg"))
	if os.IsNotExist(err) {
		t.Skip("shared corpus not present")
	}
	require.NoError(t, err)
	extract := func(b []byte) *provenance.Record { return formattest.ExtractUnsniffed(t, image.Format{}, b) }
	good := extract(b)
	require.NotEmpty(t, good.Fields["makernote.nikon.SerialNumber"])
	i := bytes.Index(b, []byte("Nikon\x00\x02"))
	require.Positive(t, i)
	bad := bytes.Clone(b)
	// Keep the signature and embedded TIFF header; break the directory.
	copy(bad[i+18:], bytes.Repeat([]byte{0xff}, 64))
	broken := extract(bad)
	for k, v := range good.Fields {
		if strings.HasPrefix(k, "exif.") && k != "exif.ExifIFD.MakerNote" {
			assert.Equal(t, v, broken.Fields[k], k)
		}
	}
	assert.Empty(t, broken.Fields.WithPrefix("makernote."))
	assert.True(t, strings.Contains(strings.Join(broken.Problems, "\n"), "MakerNote (nikon)"), broken.Problems)
}
