package image

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	stdimage "image"
	"image/jpeg"
	"math"
	"sync"
)

// The encoder fingerprint. Every JPEG encoder quantizes with tables it
// chose: the Independent JPEG Group's library (libjpeg, libjpeg-turbo, and
// everything built on them: ImageMagick, GIMP, Pillow, most web services)
// scales the two example tables of the standard's Annex K by a "quality"
// from 1 to 100, while cameras, phones and Photoshop use tables of their
// own. A table that is an exactly scaled Annex K table therefore tells the
// IJG quality the file was saved at; any other table says "not libjpeg's
// default", and its hash tells which encoder family it came from. Huffman
// tables are either the Annex K ones (libjpeg without optimisation, most
// cameras) or optimised per image.

// shortHash is a stable, short digest for tables: the first 16 hex digits
// of SHA-256.
func shortHash(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:8])
}

// annexK holds the standard's example tables, in zigzag order, and its
// four Huffman tables. They are taken from the standard library's JPEG
// encoder (which uses exactly these) by encoding a tiny image at quality
// 50, where IJG scaling leaves the tables unchanged, rather than retyped.
type annexK struct {
	luma, chroma [64]uint16
	huffman      [][]byte
}

var standardTables = sync.OnceValue(func() annexK {
	var buf bytes.Buffer
	img := stdimage.NewYCbCr(stdimage.Rect(0, 0, 16, 16), stdimage.YCbCrSubsampleRatio420)
	var k annexK
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 50}); err != nil {
		return k
	}
	h, _ := walkJPEG(bytes.NewReader(buf.Bytes()), int64(buf.Len()), nil, nil)
	k.luma = h.dqt[0].values
	k.chroma = h.dqt[1].values
	k.huffman = h.dht
	return k
})

// scaledTable is libjpeg's jpeg_add_quant_table for quality q: the
// standard table scaled by 5000/q below 50 and 200-2q from 50, rounded,
// clamped to 1 and to 255 for 8-bit tables (force_baseline) or 32767.
func scaledTable(std *[64]uint16, q, precision int) (out [64]uint16) {
	scale := 200 - 2*q
	if q < 50 {
		scale = 5000 / q
	}
	limit := 255
	if precision == 1 {
		limit = 32767
	}
	for i, s := range std {
		v := (int(s)*scale + 50) / 100
		out[i] = uint16(max(1, min(v, limit)))
	}
	return out
}

type qualityEstimate struct {
	quality int  // the IJG quality, or the nearest one when !exact; 0 if none
	exact   bool // every table is the scaled standard table for quality
}

// estimateQuality compares the tables the frame's components use with the
// scaled Annex K tables: the luminance table for the tables the first
// component uses, the chrominance table for the tables only the others use.
func estimateQuality(h *jpegHeader) qualityEstimate {
	k := standardTables()
	type use struct {
		t      dqtable
		chroma bool
	}
	var uses []use
	if h.sof != nil && len(h.sof.comps) > 0 {
		seen := map[int]bool{}
		for i, c := range h.sof.comps {
			t, ok := h.dqt[c.tq]
			if !ok || seen[c.tq] {
				continue
			}
			seen[c.tq] = true
			uses = append(uses, use{t, i > 0})
		}
	}
	if len(uses) == 0 {
		for _, id := range h.dqtOrder {
			uses = append(uses, use{h.dqt[id], id > 0})
		}
	}
	if len(uses) == 0 || k.luma[0] == 0 {
		return qualityEstimate{}
	}
	stdOf := func(u use) *[64]uint16 {
		if u.chroma {
			return &k.chroma
		}
		return &k.luma
	}
	for q := 100; q >= 1; q-- {
		exact := true
		for _, u := range uses {
			if scaledTable(stdOf(u), q, u.t.precision) != u.t.values {
				exact = false
				break
			}
		}
		if exact {
			return qualityEstimate{quality: q, exact: true}
		}
	}
	// Not an IJG table: the nearest quality is the one whose scale factor
	// is the tables' average ratio to the standard ones.
	var sum, std float64
	for _, u := range uses {
		st := stdOf(u)
		for i, v := range u.t.values {
			sum += float64(v)
			std += float64(st[i])
		}
	}
	scale := 100 * sum / std
	var q float64
	if scale <= 100 {
		q = (200 - scale) / 2
	} else {
		q = 5000 / scale
	}
	return qualityEstimate{quality: int(math.Round(max(1, min(q, 100))))}
}

// standardHuffman reports whether every Huffman table is one of Annex K's.
func standardHuffman(tables [][]byte) bool {
	std := standardTables().huffman
	if len(tables) == 0 || len(std) == 0 {
		return false
	}
	for _, t := range tables {
		found := false
		for _, s := range std {
			if t[0]>>4 == s[0]>>4 && bytes.Equal(t[1:], s[1:]) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
