package image

import (
	"bytes"
	"fmt"
	stdimage "image"
	"image/jpeg"
	"io"
	"math"
	"strconv"

	"github.com/docprov/docprov/formats/image/exif"
)

// The EXIF thumbnail (IFD1) is written by the camera together with the
// photo. Editors often leave it alone, so a photo that was cropped,
// retouched or replaced can still carry the thumbnail of the original:
// a thumbnail whose aspect ratio or content no longer matches the image is
// a classic trace of editing.

// maxThumbnailBytes caps the thumbnail (or preview) read.
const maxThumbnailBytes = 4 << 20

// readThumbnailInfo records the IFD1 thumbnail's size and its own JPEG
// header: dimensions, aspect ratio, quality, table hash.
func (st *state) readThumbnailInfo() {
	x := st.exif
	offTag, lenTag := x.Tag("IFD1", 0x0201), x.Tag("IFD1", 0x0202)
	if offTag == nil || lenTag == nil {
		return
	}
	o, ok1 := offTag.Int()
	n, ok2 := lenTag.Int()
	if !ok1 || !ok2 || n <= 0 {
		return
	}
	f := st.rec.Fields
	f.Set("exif.thumbnail.size", strconv.FormatInt(n, 10))
	if n > maxThumbnailBytes {
		st.rec.AddProblem("exif thumbnail: %d bytes, more than %d; not read", n, maxThumbnailBytes)
		return
	}
	b, err := x.Bytes(&exif.Tag{Offset: o, Size: n, Name: "thumbnail"})
	if err != nil {
		st.rec.AddProblem("exif thumbnail: %v", err)
		return
	}
	if !bytes.HasPrefix(b, []byte{0xff, 0xd8}) {
		st.rec.AddProblem("exif thumbnail: not a JPEG stream")
		return
	}
	st.thumb = b
	h, _ := walkJPEG(bytes.NewReader(b), int64(len(b)), nil, nil)
	if h.sof != nil && h.sof.width > 0 && h.sof.height > 0 {
		f.Set("exif.thumbnail.width", strconv.Itoa(h.sof.width))
		f.Set("exif.thumbnail.height", strconv.Itoa(h.sof.height))
		f.Set("exif.thumbnail.aspect_ratio", strconv.FormatFloat(float64(h.sof.width)/float64(h.sof.height), 'f', 4, 64))
		f.Set("exif.thumbnail.subsampling", h.sof.subsampling())
	}
	if len(h.dqtOrder) > 0 {
		q := estimateQuality(h)
		if q.exact {
			f.Set("exif.thumbnail.quality", strconv.Itoa(q.quality))
		} else {
			f.Set("exif.thumbnail.quality", "non-standard")
		}
	}
}

// compareAspect records whether the thumbnail has the main image's aspect
// ratio (within 2%, allowing for the rotation some writers apply to one of
// them and not the other).
func (st *state) compareAspect() {
	f := st.rec.Fields
	tw, th := atoi(f["exif.thumbnail.width"]), atoi(f["exif.thumbnail.height"])
	w, h := atoi(f["image.width"]), atoi(f["image.height"])
	if tw <= 0 || th <= 0 || w <= 0 || h <= 0 {
		return
	}
	a, b := float64(tw)/float64(th), float64(w)/float64(h)
	ok := math.Abs(a-b)/b < 0.02 || math.Abs(a-1/b)*b < 0.02
	f.Set("exif.thumbnail.aspect_matches", strconv.FormatBool(ok))
}

func atoi(s string) int {
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return v
}

// compareThumbnail decodes the main image and the thumbnail, shrinks both
// to a 32×32 grey grid by area averaging and records the correlation of the
// two grids as exif.thumbnail.similarity: 1 for the same picture, near 0
// for unrelated ones. A crop, a removed object or a replaced photo lowers
// it; recompression and resizing barely do.
func (st *state) compareThumbnail(r io.ReaderAt, size int64) {
	if st.thumb == nil {
		return
	}
	limit := st.opts.MaxDecodePixels
	if limit <= 0 {
		limit = DefaultMaxDecodePixels
	}
	main, err := decodeBounded(io.NewSectionReader(r, 0, size), limit)
	if err != nil {
		st.rec.AddProblem("thumbnail comparison: main image: %v", err)
		return
	}
	thumb, err := decodeBounded(bytes.NewReader(st.thumb), limit)
	if err != nil {
		st.rec.AddProblem("thumbnail comparison: thumbnail: %v", err)
		return
	}
	s := correlation(grid(main), grid(thumb))
	st.rec.Fields.Set("exif.thumbnail.similarity", strconv.FormatFloat(s, 'f', 3, 64))
}

// decodeBounded decodes a JPEG after checking from its header that it is no
// larger than limit pixels: image/jpeg allocates the whole frame up front,
// so a tiny file claiming 65535×65535 pixels would otherwise cost gigabytes.
func decodeBounded(r io.ReadSeeker, limit int) (stdimage.Image, error) {
	cfg, err := jpeg.DecodeConfig(r)
	if err != nil {
		return nil, err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > limit {
		return nil, fmt.Errorf("%dx%d pixels exceed the decode limit (%d)", cfg.Width, cfg.Height, limit)
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return jpeg.Decode(r)
}

const gridSize = 32

// grid averages an image's luma over a gridSize × gridSize grid.
func grid(img stdimage.Image) []float64 {
	b := img.Bounds()
	sum := make([]float64, gridSize*gridSize)
	cnt := make([]float64, gridSize*gridSize)
	w, h := b.Dx(), b.Dy()
	add := func(x, y int, v float64) {
		i := (y*gridSize/h)*gridSize + x*gridSize/w
		sum[i] += v
		cnt[i]++
	}
	switch m := img.(type) {
	case *stdimage.YCbCr:
		for y := 0; y < h; y++ {
			row := m.Y[y*m.YStride:]
			for x := 0; x < w; x++ {
				add(x, y, float64(row[x]))
			}
		}
	case *stdimage.Gray:
		for y := 0; y < h; y++ {
			row := m.Pix[y*m.Stride:]
			for x := 0; x < w; x++ {
				add(x, y, float64(row[x]))
			}
		}
	default:
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				r, g, bb, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
				add(x, y, (0.299*float64(r)+0.587*float64(g)+0.114*float64(bb))/257)
			}
		}
	}
	for i := range sum {
		if cnt[i] > 0 {
			sum[i] /= cnt[i]
		}
	}
	return sum
}

// correlation is Pearson's r of two grids, clamped to [0, 1]; two flat
// grids of the same level count as identical.
func correlation(a, b []float64) float64 {
	var ma, mb float64
	for i := range a {
		ma += a[i]
		mb += b[i]
	}
	ma /= float64(len(a))
	mb /= float64(len(b))
	var sab, saa, sbb float64
	for i := range a {
		da, db := a[i]-ma, b[i]-mb
		sab += da * db
		saa += da * da
		sbb += db * db
	}
	if saa == 0 || sbb == 0 {
		if saa == sbb && math.Abs(ma-mb) < 8 {
			return 1
		}
		return 0
	}
	return math.Max(0, sab/math.Sqrt(saa*sbb))
}
