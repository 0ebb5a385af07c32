package c2pa

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash"
	"strings"
)

// bmffHashCBOR is c2pa.hash.bmff.v2: the hash of an ISO BMFF file's
// top-level boxes outside the exclusions, each box's file offset (8 bytes,
// big-endian) hashed before it.
type bmffHashCBOR struct {
	Exclusions []struct {
		XPath  string `cbor:"xpath"`
		Length *int64 `cbor:"length"`
		Data   []struct {
			Offset int64  `cbor:"offset"`
			Value  []byte `cbor:"value"`
		} `cbor:"data"`
		Subset  []any  `cbor:"subset"`
		Version *int64 `cbor:"version"`
		Flags   []byte `cbor:"flags"`
	} `cbor:"exclusions"`
	Alg    string `cbor:"alg"`
	Hash   []byte `cbor:"hash"`
	Merkle []any  `cbor:"merkle"`
}

// errUnverifiable marks a binding of a form docprov does not verify.
type errUnverifiable string

func (e errUnverifiable) Error() string { return string(e) }

// checkBMFF verifies a c2pa.hash.bmff.v2 binding whose exclusions name
// top-level boxes (the form HEIF and AVIF writers use: /uuid with the
// C2PA usertype, /ftyp, /mfra). Nested xpaths, subsets, version and flag
// matches and Merkle trees (fragmented MP4) are not verified, and v3,
// whose offsets differ, neither: errUnverifiable says so.
func (v *validator) checkBMFF(m *Manifest, a *Assertion) (bool, error) {
	if !strings.HasSuffix(a.Label, ".v2") && !strings.Contains(a.Label, ".v2__") {
		return false, errUnverifiable("only c2pa.hash.bmff.v2 is verified")
	}
	var d bmffHashCBOR
	if err := unmarshal(a.data, &d); err != nil {
		return false, err
	}
	if len(d.Merkle) > 0 {
		return false, errUnverifiable("Merkle-tree BMFF hashes are not verified")
	}
	for _, e := range d.Exclusions {
		if strings.Count(e.XPath, "/") != 1 || !strings.HasPrefix(e.XPath, "/") || len(e.Subset) > 0 || e.Version != nil || len(e.Flags) > 0 {
			return false, errUnverifiable(fmt.Sprintf("exclusion %q of a form not verified", e.XPath))
		}
	}
	alg := m.hashAlg(d.Alg)
	h := newHash(alg)
	if h == nil || alg == "" {
		return false, fmt.Errorf("hash algorithm %q unsupported", alg)
	}
	var hdr [16]byte
	off := int64(0)
	for n := 0; off < v.size; n++ {
		if n > maxChunks {
			return false, fmt.Errorf("more than %d top-level boxes", maxChunks)
		}
		if err := v.ctx.Err(); err != nil {
			return false, err
		}
		if v.size-off < 8 {
			return false, fmt.Errorf("%d stray bytes at %d", v.size-off, off)
		}
		if _, err := v.asset.ReadAt(hdr[:8], off); err != nil {
			return false, err
		}
		l := int64(binary.BigEndian.Uint32(hdr[:4]))
		typ := string(hdr[4:8])
		switch l {
		case 0:
			l = v.size - off
		case 1:
			if _, err := v.asset.ReadAt(hdr[8:16], off+8); err != nil {
				return false, err
			}
			l = int64(binary.BigEndian.Uint64(hdr[8:16]))
		}
		if l < 8 || l > v.size-off {
			return false, fmt.Errorf("box %q at %d has length %d", printable(typ), off, l)
		}
		if !v.excluded(d, typ, off, l) {
			var o [8]byte
			binary.BigEndian.PutUint64(o[:], uint64(off))
			h.Write(o[:])
			if err := v.hashRange(h, off, off+l); err != nil {
				return false, err
			}
		}
		off += l
	}
	return bytes.Equal(h.Sum(nil), d.Hash), nil
}

// excluded reports whether the top-level box typ at off (l bytes)
// matches one of the exclusions.
func (v *validator) excluded(d bmffHashCBOR, typ string, off, l int64) bool {
	for _, e := range d.Exclusions {
		if e.XPath != "/"+typ || e.Length != nil && *e.Length != l {
			continue
		}
		match := true
		for _, dm := range e.Data {
			if dm.Offset < 0 || dm.Offset > l || int64(len(dm.Value)) > l-dm.Offset {
				match = false
				break
			}
			b := make([]byte, len(dm.Value))
			if _, err := v.asset.ReadAt(b, off+dm.Offset); err != nil || !bytes.Equal(b, dm.Value) {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// hashRange hashes the asset's bytes [start, end).
func (v *validator) hashRange(h hash.Hash, start, end int64) error {
	buf := make([]byte, min(1<<16, end-start))
	for pos := start; pos < end; {
		if err := v.ctx.Err(); err != nil {
			return err
		}
		n := min(int64(len(buf)), end-pos)
		k, err := v.asset.ReadAt(buf[:n], pos)
		h.Write(buf[:k])
		pos += int64(k)
		if err != nil && int64(k) < n {
			return err
		}
	}
	return nil
}
