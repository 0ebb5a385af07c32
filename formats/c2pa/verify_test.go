package c2pa

import (
	"bytes"
	"context"
	"crypto/x509"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/veraison/go-cose"

	"github.com/docprov/docprov/formats/internal/formattest"
)

// The mutation tests alter one byte of a real signed file from the shared
// corpus, read at test time (never committed: the files are under their
// own licenses), and check that validation notices exactly that change.

func corpusFile(t *testing.T, name string) []byte {
	t.Helper()
	dir := formattest.CorpusDir(t, "files", "c2pa")
	b, err := os.ReadFile(dir + "/" + name)
	require.NoError(t, err)
	return b
}

func read(t *testing.T, b []byte, opts Options) *Store {
	t.Helper()
	st, err := Read(context.Background(), bytes.NewReader(b), int64(len(b)), opts)
	require.NoError(t, err)
	return st
}

func codes(st *Store, kind string) []string {
	var out []string
	for _, s := range st.Status {
		if s.Kind == kind {
			out = append(out, s.Code)
		}
	}
	return out
}

// signedJPEG is a camera's signed photo whose manifest validates.
const signedJPEG = "c2paorg__truepic-20230212-camera.jpg"

func TestUnchangedFileValidates(t *testing.T) {
	st := read(t, corpusFile(t, signedJPEG), Options{})
	assert.Equal(t, OutcomeValid, st.Outcome)
	assert.Empty(t, codes(st, Failure))
	s := codes(st, Success)
	assert.Contains(t, s, "claimSignature.validated")
	assert.Contains(t, s, "assertion.dataHash.match")
	assert.Contains(t, s, "assertion.hashedURI.match")
	assert.Contains(t, s, "timeStamp.validated")
	assert.Contains(t, codes(st, Informational), "signingCredential.untrusted", "no trust list: never trusted")
	assert.False(t, st.Active.Signature.Time.IsZero(), "the time-stamp gives the signing time")
}

// TestImageByteFlipBreaksHardBinding: one byte of the compressed image
// data changed after signing is a data-hash mismatch, and nothing else.
func TestImageByteFlipBreaksHardBinding(t *testing.T) {
	b := corpusFile(t, signedJPEG)
	b[len(b)-100] ^= 0x01 // inside the entropy-coded scan, before EOI
	st := read(t, b, Options{})
	assert.Equal(t, OutcomeInvalid, st.Outcome)
	assert.Equal(t, []string{"assertion.dataHash.mismatch"}, codes(st, Failure))
	assert.Contains(t, codes(st, Success), "claimSignature.validated", "the manifest itself is intact")
}

// TestSignatureByteFlip: one byte of the COSE signature changed is a
// claim-signature mismatch.
func TestSignatureByteFlip(t *testing.T) {
	b := corpusFile(t, signedJPEG)
	st := read(t, b, Options{})
	sig := st.Active.box.childOfType(typeSignature).content("cbor").Data
	var msg cose.Sign1Message
	require.NoError(t, msg.UnmarshalCBOR(sig))
	i := bytes.Index(b, msg.Signature)
	require.Positive(t, i, "the signature's bytes lie in one APP11 segment")
	b[i+len(msg.Signature)/2] ^= 0x80
	st = read(t, b, Options{})
	assert.Equal(t, OutcomeInvalid, st.Outcome)
	assert.Contains(t, codes(st, Failure), "claimSignature.mismatch")
	assert.NotContains(t, codes(st, Failure), "assertion.dataHash.mismatch", "the data hash excludes the store")
}

// TestAssertionByteFlip: a byte of an assertion changed breaks its hashed
// URI in the claim.
func TestAssertionByteFlip(t *testing.T) {
	b := corpusFile(t, signedJPEG)
	st := read(t, b, Options{})
	var data []byte
	for _, a := range st.Active.Assertions {
		if a.Type == typeCBORContent && baseLabel(a.Label) != "c2pa.hash.data" && data == nil {
			data = a.data
		}
	}
	require.NotEmpty(t, data)
	i := bytes.Index(b, data)
	require.Positive(t, i)
	b[i+len(data)-1] ^= 0x01
	st = read(t, b, Options{})
	assert.Equal(t, OutcomeInvalid, st.Outcome)
	assert.Contains(t, codes(st, Failure), "assertion.hashedURI.mismatch")
}

// TestTrustList: a signer that chains to an anchor of the trust list is
// trusted, one that does not is untrusted. The anchor here is the top of
// the file's own x5chain, standing in for the C2PA trust list, which the
// corpus does not hold.
func TestTrustList(t *testing.T) {
	b := corpusFile(t, "crtool__PXL_20260208_202351558.jpg")
	st := read(t, b, Options{})
	require.Equal(t, OutcomeValid, st.Outcome)
	var msg cose.Sign1Message
	require.NoError(t, msg.UnmarshalCBOR(st.Active.box.childOfType(typeSignature).content("cbor").Data))
	chain, err := x5chain(&msg)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(chain[len(chain)-1])
	st = read(t, b, Options{Trust: pool})
	assert.Equal(t, OutcomeTrusted, st.Outcome)
	assert.Contains(t, codes(st, Success), "signingCredential.trusted")

	other := x509.NewCertPool()
	other.AddCert(chain[0])
	st = read(t, corpusFile(t, signedJPEG), Options{Trust: other})
	assert.Equal(t, OutcomeValid, st.Outcome, "a signer off the list is valid, untrusted")
	assert.Contains(t, codes(st, Informational), "signingCredential.untrusted")
}

// TestExpiredCertificate: without a time-stamp, the certificate is
// checked at Options.Now.
func TestExpiredCertificate(t *testing.T) {
	b := corpusFile(t, "c2paorg__nikon-20221019-building.jpeg")
	st := read(t, b, Options{})
	assert.Contains(t, codes(st, Failure), "signingCredential.expired")
	st = read(t, b, Options{Now: time.Date(2022, 10, 19, 12, 0, 0, 0, time.UTC)})
	assert.NotContains(t, codes(st, Failure), "signingCredential.expired", "valid on the day it was signed")
}

func TestParseTrustPEM(t *testing.T) {
	_, err := ParseTrustPEM([]byte("not PEM"))
	assert.Error(t, err)
}

// TestBMFFHash: a HEIF bound by c2pa.hash.bmff.v2 validates, and one byte
// of its mdat changed breaks the binding.
func TestBMFFHash(t *testing.T) {
	b := corpusFile(t, "c2pats__trustnxt-icon-signed-v2-bmff.heic")
	st := read(t, b, Options{})
	assert.Contains(t, codes(st, Success), "assertion.bmffHash.match")
	assert.Equal(t, OutcomeValid, st.Outcome)
	b[len(b)-10] ^= 1 // the file ends with its mdat
	st = read(t, b, Options{})
	assert.Equal(t, []string{"assertion.bmffHash.mismatch"}, codes(st, Failure))
}
