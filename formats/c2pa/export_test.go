package c2pa

import "fmt"

// panicT is a require.TestingT that panics: for the Example, which has
// no *testing.T.
type panicT struct{}

func (panicT) Errorf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
func (panicT) FailNow()                          { panic("failed") }

// SyntheticAsset returns a small JPEG with a manifest store signed by a
// key made on the spot (synthAsset), for the Example.
func SyntheticAsset() []byte {
	b, _ := synthAsset(panicT{})
	return b
}
