package zipx

import (
	"fmt"
	"testing"
)

func TestHex4(t *testing.T) {
	for _, v := range []uint16{0, 0x8, 0x0808, 0xcafe, 0xffff, 0x1234} {
		if got, want := hex4(v), fmt.Sprintf("0x%04x", v); got != want {
			t.Errorf("hex4(%#x) = %q, want %q", v, got, want)
		}
	}
}
