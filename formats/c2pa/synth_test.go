package c2pa

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"encoding/hex"
	"math/big"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"
	"github.com/stretchr/testify/require"
	"github.com/veraison/go-cose"
)

// This file builds synthetic manifest stores in the test, signed with a
// key made on the spot: they exercise the parser and the validation's
// logic, not what real producers write (the shared corpus does that).

func box(typ string, body ...[]byte) []byte {
	b := bytes.Join(body, nil)
	out := binary.BigEndian.AppendUint32(nil, uint32(8+len(b)))
	return append(append(out, typ...), b...)
}

func jumd(typ, label string) []byte {
	u, _ := hex.DecodeString(jumbfUUIDsuffix)
	d := append([]byte(typ), u...)
	d = append(d, 0x03) // requestable, label present
	d = append(append(d, label...), 0)
	return box("jumd", d)
}

func superbox(typ, label string, kids ...[]byte) []byte {
	return box("jumb", append([][]byte{jumd(typ, label)}, kids...)...)
}

func mustCBOR(t require.TestingT, v any) []byte {
	b, err := cbor.Marshal(v)
	require.NoError(t, err)
	return b
}

// synthAsset returns a minimal JPEG carrying a store, one APP11 segment,
// with a valid signature and data hash, and the self-signed certificate
// that signed it.
func synthAsset(t require.TestingT) ([]byte, *x509.Certificate) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "docprov test signer", Organization: []string{"docprov tests"}},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), BasicConstraintsValid: true, IsCA: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)

	head := []byte{0xff, 0xd8}
	tail := []byte{0xff, 0xda, 0x00, 0x02, 1, 2, 3, 4, 5, 6, 7, 8, 0xff, 0xd9}
	actions := superbox("cbor", "c2pa.actions", box("cbor", mustCBOR(t, map[string]any{
		"actions": []any{map[string]any{"action": "c2pa.created", "when": "2024-01-02T03:04:05Z",
			"digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"}},
	})))
	// The store's size does not depend on the data hash's value (a
	// fixed-length byte string), so build it twice: once to learn where
	// it lies, once with the hash.
	build := func(hash []byte, storeLen int) []byte {
		dh := superbox("cbor", "c2pa.hash.data", box("cbor", mustCBOR(t, map[string]any{
			"exclusions": []any{map[string]any{"start": 2, "length": 4 + 8 + storeLen}},
			"alg":        "sha256", "hash": hash, "name": "jumbf manifest",
		})))
		uri := func(label string, b []byte) map[string]any {
			s := sha256.Sum256(b[8:])
			return map[string]any{"url": "self#jumbf=c2pa.assertions/" + label, "hash": s[:]}
		}
		claim := mustCBOR(t, map[string]any{
			"claim_generator": "docprov-test/1.0", "signature": "self#jumbf=c2pa.signature", "alg": "sha256",
			"dc:format": "image/jpeg", "instanceID": "xmp:iid:test",
			"assertions": []any{uri("c2pa.actions", actions), uri("c2pa.hash.data", dh)},
		})
		signer, err := cose.NewSigner(cose.AlgorithmES256, key)
		require.NoError(t, err)
		msg := cose.NewSign1Message()
		msg.Headers.Protected.SetAlgorithm(cose.AlgorithmES256)
		msg.Headers.Protected[cose.HeaderLabelX5Chain] = [][]byte{der}
		msg.Payload = claim
		require.NoError(t, msg.Sign(rand.Reader, nil, signer))
		msg.Payload = nil
		sig, err := msg.MarshalCBOR()
		require.NoError(t, err)
		return superbox(typeStore, "c2pa", superbox(typeManifest, "urn:uuid:00000000-0000-4000-8000-000000000001",
			superbox(typeAssertions, "c2pa.assertions", actions, dh),
			superbox(typeClaim, "c2pa.claim", box("cbor", claim)),
			superbox(typeSignature, "c2pa.signature", box("cbor", sig))))
	}
	segment := func(store []byte) []byte {
		p := append([]byte("JP\x00\x01\x00\x00\x00\x01"), store...)
		return append(binary.BigEndian.AppendUint16([]byte{0xff, 0xeb}, uint16(2+len(p))), p...)
	}
	store := build(make([]byte, 32), 0)
	store = build(make([]byte, 32), len(store))
	seg := segment(store)
	asset := append(append(append([]byte(nil), head...), seg...), tail...)
	h := sha256.New()
	h.Write(asset[:2])
	h.Write(asset[2+len(seg):])
	store = build(h.Sum(nil), len(store))
	asset = append(append(append([]byte(nil), head...), segment(store)...), tail...)
	return asset, cert
}

func TestSyntheticStoreValidates(t *testing.T) {
	asset, cert := synthAsset(t)
	st := read(t, asset, Options{})
	require.Equal(t, OutcomeValid, st.Outcome, "%+v", st.Status)
	require.Equal(t, "docprov-test/1.0", st.Active.ClaimGenerator)
	require.Equal(t, []string{"http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"}, st.Active.DigitalSourceTypes)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	require.Equal(t, OutcomeTrusted, read(t, asset, Options{Trust: pool}).Outcome)
	asset[len(asset)-5] ^= 1
	require.Equal(t, []string{"assertion.dataHash.mismatch"}, codes(read(t, asset, Options{}), Failure))
}

// TestJPEGSegmentsReassembled: a store split across APP11 segments, each
// after the first repeating the superbox header, and written out of
// order, is put back together by sequence number.
func TestJPEGSegmentsReassembled(t *testing.T) {
	asset, _ := synthAsset(t)
	store, kind, err := Locate(context.Background(), bytes.NewReader(asset), int64(len(asset)))
	require.NoError(t, err)
	require.Equal(t, KindJPEG, kind)
	seg := func(seq uint32, data []byte) []byte {
		p := append([]byte("JP\x00\x07"), binary.BigEndian.AppendUint32(nil, seq)...)
		p = append(p, data...)
		return append(binary.BigEndian.AppendUint16([]byte{0xff, 0xeb}, uint16(2+len(p))), p...)
	}
	third := len(store) / 3
	hdr := store[:8]
	parts := [][]byte{
		seg(1, store[:third]),
		seg(3, append(append([]byte(nil), hdr...), store[2*third:]...)),
		seg(2, append(append([]byte(nil), hdr...), store[third:2*third]...)),
	}
	file := append([]byte{0xff, 0xd8}, bytes.Join(parts, nil)...)
	file = append(file, 0xff, 0xda, 0, 2, 0xff, 0xd9)
	got, _, err := Locate(context.Background(), bytes.NewReader(file), int64(len(file)))
	require.NoError(t, err)
	require.Equal(t, store, got)
}

// TestManyHashedURIsHashOnce: a claim naming one large assertion
// thousands of times costs one hash of it, not thousands.
func TestManyHashedURIsHashOnce(t *testing.T) {
	big := superbox("cbor", "c2pa.big", box("cbor", mustCBOR(t, bytes.Repeat([]byte{1}, 4<<20))))
	var uris []any
	for range 20000 {
		uris = append(uris, map[string]any{"url": "self#jumbf=c2pa.assertions/c2pa.big", "hash": make([]byte, 32)})
	}
	claim := mustCBOR(t, map[string]any{"claim_generator": "x", "alg": "sha256", "assertions": uris})
	store := superbox(typeStore, "c2pa", superbox(typeManifest, "urn:uuid:1",
		superbox(typeAssertions, "c2pa.assertions", big),
		superbox(typeClaim, "c2pa.claim", box("cbor", claim))))
	start := time.Now()
	st := validateStore(context.Background(), store, bytes.NewReader(nil), 0, Options{}, false)
	require.Less(t, time.Since(start), 5*time.Second)
	require.Equal(t, OutcomeInvalid, st.Outcome)
}

// TestLocateInWebPAndTIFF: the store in a WebP's C2PA chunk and in a
// TIFF's IFD0 tag 0xCD41 (no corpus file has either).
func TestLocateInWebPAndTIFF(t *testing.T) {
	asset, _ := synthAsset(t)
	store, _, err := Locate(context.Background(), bytes.NewReader(asset), int64(len(asset)))
	require.NoError(t, err)

	chunk := func(typ string, data []byte) []byte {
		b := append([]byte(typ), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
		b = append(b, data...)
		if len(data)%2 == 1 {
			b = append(b, 0)
		}
		return b
	}
	body := append([]byte("WEBP"), chunk("VP8X", make([]byte, 10))...)
	body = append(body, chunk("C2PA", store)...)
	webp := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...)
	webp = append(webp, body...)
	got, kind, err := Locate(context.Background(), bytes.NewReader(webp), int64(len(webp)))
	require.NoError(t, err)
	require.Equal(t, KindWebP, kind)
	require.Equal(t, store, got)

	// II*\0, IFD0 at 8: one entry, tag 0xCD41 UNDEFINED, the store after it.
	tiff := []byte("II*\x00\x08\x00\x00\x00\x01\x00")
	tiff = binary.LittleEndian.AppendUint16(tiff, tiffTag)
	tiff = binary.LittleEndian.AppendUint16(tiff, 7)
	tiff = binary.LittleEndian.AppendUint32(tiff, uint32(len(store)))
	tiff = binary.LittleEndian.AppendUint32(tiff, 8+2+12+4)
	tiff = append(tiff, 0, 0, 0, 0) // no next IFD
	tiff = append(tiff, store...)
	got, kind, err = Locate(context.Background(), bytes.NewReader(tiff), int64(len(tiff)))
	require.NoError(t, err)
	require.Equal(t, KindTIFF, kind)
	require.Equal(t, store, got)
}
