package c2pa

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
)

// A PDF carries its store as an embedded file whose file specification
// has /AFRelationship /C2PA_Manifest, listed in the catalog's /AF array
// (C2PA 2.x, appendix on PDF). docprov does not build the PDF's object
// graph here: it scans the file for the store's superbox header (a jumb
// box whose description names the c2pa content type) and takes the last
// one, the newest incremental update's. A store inside a compressed
// (FlateDecode) stream is not found this way and is reported as a problem
// by the caller when the file names a C2PA_Manifest relationship.
func locatePDF(ctx context.Context, r io.ReaderAt, size int64) ([]byte, error) {
	const chunk = 1 << 20
	sig := append([]byte("jumd"), []byte(typeStore)...)
	var found int64 = -1
	buf := make([]byte, chunk+64)
	for off := int64(0); off < size; off += chunk {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		n, _ := r.ReadAt(buf[:min(int64(len(buf)), size-off)], off)
		b := buf[:n]
		for i := 0; ; {
			j := bytes.Index(b[i:], sig)
			if j < 0 {
				break
			}
			at := off + int64(i+j) - 12
			if at >= 0 {
				found = at
			}
			i += j + 1
		}
	}
	if found < 0 {
		return nil, ErrNoManifest
	}
	var h [8]byte
	if _, err := r.ReadAt(h[:], found); err != nil || string(h[4:]) != "jumb" {
		return nil, ErrNoManifest
	}
	return readN(r, found, int64(binary.BigEndian.Uint32(h[:4])), size)
}
