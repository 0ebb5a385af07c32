package provenance

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
)

// A claimsTable finds the latest DocClaims of every SHA-256 it was given,
// across chunks and growths of its index, tells apart SHA-256s that share
// their first eight bytes, and keeps odd ones (not hex) by their string.
func TestClaimsTableFindsTheLatest(t *testing.T) {
	var tab claimsTable
	const n = 3*claimsChunk + 17
	shas := make([]digest, 0, 2*n)
	for i := range n {
		sum := sha256.Sum256(fmt.Appendf(nil, "doc %d", i))
		shas = append(shas, makeDigest(hex.EncodeToString(sum[:])))
		// The same first eight bytes, another SHA-256.
		sum[31] ^= 1
		shas = append(shas, makeDigest(hex.EncodeToString(sum[:])))
	}
	shas = append(shas, makeDigest("q1"), makeDigest("Q1"))
	latest := map[digestKey]*DocClaims{}
	for round := range 2 {
		for _, sha := range shas {
			if got := tab.latest(sha); got != latest[sha.key()] {
				t.Fatalf("round %d: latest(%s) = %p, want %p", round, sha, got, latest[sha.key()])
			}
			i, c := tab.add(DocClaims{sum: sha.sum, Claims: &Claims{sha: sha.odd}})
			tab.set(i)
			latest[sha.key()] = c
		}
	}
	if tab.used != len(shas) {
		t.Errorf("%d slots used, want %d", tab.used, len(shas))
	}
	for _, sha := range shas {
		c := tab.latest(sha)
		if c != latest[sha.key()] || !c.digest().equal(sha) {
			t.Fatalf("latest(%s) = %p (%s), want %p", sha, c, c.SHA256(), latest[sha.key()])
		}
	}
}
