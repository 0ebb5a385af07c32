package provenance

import "hash/maphash"

// claimsChunk is how many DocClaims a chunk of a claimsTable holds.
const claimsChunk = 1 << 10

// A claimsTable holds a scan's DocClaims and finds the latest of each
// SHA-256 for the identical copies that share it (Scanner.Add). The
// DocClaims live in chunks that never move, so that a summary points into
// them and a growing corpus never copies them; the index is an open
// addressing table of their numbers. A distinct document costs its
// DocClaims (40 bytes, no allocation of its own) and 5 to 11 bytes of
// index, where a map from the SHA-256's first eight bytes to a pointer
// and a DocClaims allocated alone cost about 80.
type claimsTable struct {
	chunks [][]DocClaims
	n      uint32   // DocClaims held
	slots  []uint32 // 1 + the number of a SHA-256's latest DocClaims; 0 empty
	used   int      // slots not empty
	seed   maphash.Seed
}

// at is DocClaims number i.
func (t *claimsTable) at(i uint32) *DocClaims {
	return &t.chunks[i/claimsChunk][i%claimsChunk]
}

// add keeps c and returns its number and where it is kept.
func (t *claimsTable) add(c DocClaims) (uint32, *DocClaims) {
	if t.n%claimsChunk == 0 && int(t.n/claimsChunk) == len(t.chunks) {
		t.chunks = append(t.chunks, make([]DocClaims, claimsChunk))
	}
	i := t.n
	t.n++
	p := t.at(i)
	*p = c
	return i, p
}

// latest returns the DocClaims last kept for sha (set), nil when none.
func (t *claimsTable) latest(sha digest) *DocClaims {
	if len(t.slots) == 0 {
		return nil
	}
	if v := t.slots[t.slot(sha)]; v != 0 {
		return t.at(v - 1)
	}
	return nil
}

// set makes DocClaims number i the latest of its SHA-256.
func (t *claimsTable) set(i uint32) {
	// At most three slots in four used: a probe stays short.
	if (t.used+1)*4 > len(t.slots)*3 {
		t.grow()
	}
	k := t.slot(t.at(i).digest())
	if t.slots[k] == 0 {
		t.used++
	}
	t.slots[k] = i + 1
}

// slot is the slot of sha: the one holding its DocClaims' number, else
// the empty one where it would go.
func (t *claimsTable) slot(sha digest) int {
	mask := len(t.slots) - 1
	for k := int(sha.hash(t.seed)) & mask; ; k = (k + 1) & mask {
		if v := t.slots[k]; v == 0 || t.at(v-1).digest().equal(sha) {
			return k
		}
	}
}

// grow doubles the index (a power of two) and places its numbers again.
func (t *claimsTable) grow() {
	if len(t.slots) == 0 {
		t.seed = maphash.MakeSeed()
	}
	old := t.slots
	t.slots = make([]uint32, max(64, 2*len(old)))
	for _, v := range old {
		if v != 0 {
			t.slots[t.slot(t.at(v-1).digest())] = v
		}
	}
}
