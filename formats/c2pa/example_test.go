package c2pa_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/docprov/docprov/formats/c2pa"
)

// Read finds the manifest store in an asset, validates it against the
// asset's bytes and says what it claims. The asset here is a synthetic
// JPEG signed by a throw-away key (a real one would come from a camera,
// an editor or a generator); with no trust list its signer is
// untrusted/unknown, so the outcome is "valid", never "trusted".
func ExampleRead() {
	asset := c2pa.SyntheticAsset()
	st, err := c2pa.Read(context.Background(), bytes.NewReader(asset), int64(len(asset)), c2pa.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	m := st.Active
	fmt.Println("outcome:", st.Outcome)
	fmt.Println("claim generator:", m.ClaimGenerator)
	fmt.Println("signer:", m.Signature.Subject)
	for _, a := range m.Actions {
		fmt.Println("action:", a.Action, a.When, a.DigitalSourceType)
	}

	// One byte of the image changed after signing breaks the hard
	// binding.
	asset[len(asset)-5] ^= 1
	st, _ = c2pa.Read(context.Background(), bytes.NewReader(asset), int64(len(asset)), c2pa.Options{})
	fmt.Println("after the edit:", st.Outcome)
	for _, s := range st.Status {
		if s.Kind == c2pa.Failure {
			fmt.Println("failure:", s.Code, s.URL)
		}
	}
	// Output:
	// outcome: valid
	// claim generator: docprov-test/1.0
	// signer: CN=docprov test signer,O=docprov tests
	// action: c2pa.created 2024-01-02T03:04:05Z http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia
	// after the edit: invalid
	// failure: assertion.dataHash.mismatch self#jumbf=c2pa.assertions/c2pa.hash.data
}
