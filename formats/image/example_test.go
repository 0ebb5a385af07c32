package image_test

import (
	"context"
	"fmt"
	"os"

	"github.com/docprov/docprov/formats/image"
)

// Extract reads a photo's provenance from its headers: the camera, the
// times with their offsets, the software and the encoder's fingerprint.
func ExampleFormat_Extract() {
	f, err := os.Open("../../testdata/image/cropped.jpg")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	st, _ := f.Stat()
	rec, err := image.Format{}.Extract(context.Background(), f, st.Size())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rec.Camera.Make, rec.Camera.Model)
	fmt.Println("taken:", rec.Created)
	fmt.Println("modified:", rec.Modified)
	for _, s := range rec.Software {
		fmt.Println(s.Role+":", s.Raw)
	}
	fmt.Println("quality:", rec.Fields["jpeg.quality"], rec.Fields["jpeg.subsampling"])
	fmt.Println("thumbnail has the image's aspect:", rec.Fields["exif.thumbnail.aspect_matches"])
	// Output:
	// Docprov Camera Co. DC-1000
	// taken: 2023-04-05T06:07:01.345+02:00
	// modified: 2023-05-06T07:08:09.12-04:00
	// editor: Docprov Editor 2.0
	// creator: Docprov Editor 2.0
	// creator: DC-1000 1.02
	// quality: 90 4:2:0
	// thumbnail has the image's aspect: false
}
