package odf

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// indexWord must find exactly what bytes.Index finds, whatever byte it
// anchors on.
func TestIndexWordIsBytesIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"lang", "annotation", "tracked-changes", "default-style", "body"}
	alphabet := []byte("abdeglnorstkvy-<>: langannotation")
	for n := 0; n < 20000; n++ {
		b := make([]byte, rng.IntN(80))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		for _, w := range words {
			require.Equal(t, bytes.Index(b, []byte(w)), indexWord(b, w), "%q in %q", w, b)
		}
	}
}
