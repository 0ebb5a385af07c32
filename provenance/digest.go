package provenance

import (
	"encoding/binary"
	"encoding/hex"
	"hash/maphash"
)

// A digest is a document's SHA-256 as Record.SHA256 has it, in 32 bytes
// when it is 64 lower-case hex digits (what docprov's readers write),
// else the string itself (a test's "q1", or none): DocClaims keep the 32
// bytes a distinct document (and Claims the string), which a hex string
// would make 64 bytes more.
type digest struct {
	sum [32]byte
	odd *string // nil when sum holds it
}

func makeDigest(s string) digest {
	var d digest
	if len(s) == 64 && isLowerHex(s) {
		hex.Decode(d.sum[:], []byte(s))
		return d
	}
	d.odd = &s
	return d
}

// String is the SHA-256 as Record.SHA256 has it.
func (d digest) String() string {
	if d.odd != nil {
		return *d.odd
	}
	return hex.EncodeToString(d.sum[:])
}

// digestKey is a comparable form of a digest: two are equal when their
// strings are.
type digestKey struct {
	sum [32]byte
	odd string
	hex bool
}

func (d digest) key() digestKey {
	if d.odd != nil {
		return digestKey{odd: *d.odd}
	}
	return digestKey{sum: d.sum, hex: true}
}

// hash is a hash of the digest for a map of digests by their first eight
// bytes (equal digests hash the same).
func (d digest) hash(seed maphash.Seed) uint64 {
	if d.odd != nil {
		return maphash.String(seed, *d.odd)
	}
	return binary.LittleEndian.Uint64(d.sum[:8])
}

func (d digest) equal(o digest) bool {
	if (d.odd == nil) != (o.odd == nil) {
		return false
	}
	if d.odd != nil {
		return *d.odd == *o.odd
	}
	return d.sum == o.sum
}
