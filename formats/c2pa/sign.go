package c2pa

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/fxamacker/cbor/v2"
	"github.com/veraison/go-cose"
)

// The claim signature is a COSE_Sign1 (RFC 9052) with a detached payload:
// the claim's CBOR bytes. The signer's certificate chain is in the x5chain
// header (label 33; manifests before C2PA 1.3 put it in the unprotected
// header, some under the text label "x5chain"). A time-stamp may sit in
// the unprotected header as sigTst (v1: over the claim) or sigTst2 (v2:
// over the signature).

// verifySignature checks m's claim signature and records who signed and
// when.
func (v *validator) verifySignature(m *Manifest) {
	const url = "self#jumbf=c2pa.signature"
	sb := m.box.childOfType(typeSignature)
	if sb == nil {
		m.add(Failure, "claimSignature.missing", url, "the manifest has no signature box")
		return
	}
	c := sb.content("cbor")
	if c == nil {
		m.add(Failure, "claimSignature.missing", url, "the signature box holds no CBOR")
		return
	}
	var msg cose.Sign1Message
	if err := safeUnmarshalCOSE(&msg, c.Data); err != nil {
		m.add(Failure, "claimSignature.mismatch", url, "COSE_Sign1: %s", coseErr(err))
		return
	}
	alg, err := msg.Headers.Protected.Algorithm()
	if err != nil {
		m.add(Failure, "algorithm.unsupported", url, "signature algorithm: %v", err)
		return
	}
	m.Signature.Alg = alg.String()
	chain, err := x5chain(&msg)
	if err != nil {
		m.add(Failure, "signingCredential.invalid", url, "%v", err)
		return
	}
	leaf := chain[0]
	m.Signature.Subject = leaf.Subject.String()
	m.Signature.Issuer = leaf.Issuer.String()
	if len(leaf.Subject.Organization) > 0 {
		m.Signature.Organization = leaf.Subject.Organization[0]
	}
	m.Signature.NotBefore, m.Signature.NotAfter = leaf.NotBefore, leaf.NotAfter

	// The time-stamp first: it gives the time the certificate must have
	// been valid at.
	v.checkTimeStamp(m, &msg)

	verifier, err := cose.NewVerifier(alg, publicKey(leaf))
	if err != nil {
		m.add(Failure, "algorithm.unsupported", url, "%s with a %T key: %v", alg, publicKey(leaf), err)
		return
	}
	msg.Payload = m.claimData
	if derECDSA(alg, msg.Signature) {
		// COSE's ECDSA signature is r and s side by side (P1363); a DER
		// one is what a signer that forgot to convert writes, and
		// c2pa-rs rejects it so.
		m.add(Failure, "signingCredential.invalid", url, "the %s signature is DER-encoded, not COSE's r|s form", alg)
		return
	}
	valid := false
	if v.noCrypto {
		m.add(Informational, "claimSignature.unverified", url, "signature not verified (fuzzing)")
	} else if err := safeVerify(&msg, verifier); err != nil {
		m.add(Failure, "claimSignature.mismatch", url, "the claim signature does not verify: %v", err)
	} else {
		valid = true
		m.add(Success, "claimSignature.validated", url, "claim signature valid")
	}

	at, atWhat := m.Signature.Time, "the time-stamp's time"
	if at.IsZero() {
		at, atWhat = v.opts.Now, "now (no time-stamp)"
		if at.IsZero() {
			at = time.Now()
		}
	}
	if at.Before(leaf.NotBefore) || at.After(leaf.NotAfter) {
		m.add(Failure, "signingCredential.expired", url, "the signing certificate is valid %s to %s, not at %s, %s",
			leaf.NotBefore.UTC().Format(time.RFC3339), leaf.NotAfter.UTC().Format(time.RFC3339), atWhat, at.UTC().Format(time.RFC3339))
	} else {
		m.add(Success, "claimSignature.insideValidity", url, "the signing certificate was valid at %s", atWhat)
	}
	if v.opts.Trust == nil {
		if valid {
			m.add(Informational, "signingCredential.untrusted", url, "signature valid, signer untrusted/unknown: no trust list given")
		} else {
			m.add(Informational, "signingCredential.untrusted", url, "signer untrusted/unknown: no trust list given")
		}
		return
	}
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: v.opts.Trust, Intermediates: inter, CurrentTime: at,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
		m.add(Informational, "signingCredential.untrusted", url, "the signer does not chain to the trust list: %v", err)
	} else {
		m.add(Success, "signingCredential.trusted", url, "the signer chains to the trust list")
	}
}

func safeUnmarshalCOSE(msg *cose.Sign1Message, b []byte) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("COSE decoder panicked: %v", p)
		}
	}()
	if err = msg.UnmarshalCBOR(b); err != nil {
		// An untagged COSE_Sign1 is allowed too.
		var u cose.UntaggedSign1Message
		if uerr := u.UnmarshalCBOR(b); uerr == nil {
			*msg = cose.Sign1Message(u)
			return nil
		}
	}
	return err
}

func safeVerify(msg *cose.Sign1Message, v cose.Verifier) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("COSE verifier panicked: %v", p)
		}
	}()
	return msg.Verify(nil, v)
}

// x5chain returns the signer's certificate chain, leaf first.
func x5chain(msg *cose.Sign1Message) ([]*x509.Certificate, error) {
	var raw any
	for _, h := range []cose.ProtectedHeader{msg.Headers.Protected} {
		if x, ok := h[cose.HeaderLabelX5Chain]; ok {
			raw = x
		} else if x, ok := h["x5chain"]; ok {
			raw = x
		}
	}
	if raw == nil {
		if x, ok := msg.Headers.Unprotected[cose.HeaderLabelX5Chain]; ok {
			raw = x
		} else if x, ok := msg.Headers.Unprotected["x5chain"]; ok {
			raw = x
		}
	}
	var ders [][]byte
	switch x := raw.(type) {
	case nil:
		return nil, errors.New("the signature carries no x5chain")
	case []byte:
		ders = [][]byte{x}
	case []any:
		for _, e := range x {
			b, ok := e.([]byte)
			if !ok {
				return nil, fmt.Errorf("x5chain holds a %T, not a certificate", e)
			}
			ders = append(ders, b)
		}
	case [][]byte:
		ders = x
	default:
		return nil, fmt.Errorf("x5chain is a %T", raw)
	}
	if len(ders) == 0 {
		return nil, errors.New("x5chain is empty")
	}
	var out []*x509.Certificate
	for i, d := range ders {
		c, err := x509.ParseCertificate(d)
		if err != nil {
			return nil, fmt.Errorf("x5chain certificate %d: %w", i, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// tstContainer is the sigTst / sigTst2 header's value.
type tstContainer struct {
	Tokens []struct {
		Val []byte `cbor:"val"`
	} `cbor:"tstTokens"`
}

// checkTimeStamp reads the RFC 3161 time-stamp of the signature, checks
// that it stamps what C2PA says it stamps (the CBOR Sig_structure
// ["CounterSignature", protected, h”, data] with data the claim for
// sigTst and the signature's CBOR byte string for sigTst2), and verifies
// the time-stamp authority's signature over it.
func (v *validator) checkTimeStamp(m *Manifest, msg *cose.Sign1Message) {
	const url = "self#jumbf=c2pa.signature"
	var raw any
	v2 := false
	if x, ok := msg.Headers.Unprotected["sigTst2"]; ok {
		raw, v2 = x, true
	} else if x, ok := msg.Headers.Unprotected["sigTst"]; ok {
		raw = x
	} else {
		return
	}
	enc, err := cbor.Marshal(raw)
	var tc tstContainer
	if err == nil {
		err = unmarshal(enc, &tc)
	}
	if err != nil || len(tc.Tokens) == 0 {
		m.add(Informational, "timeStamp.malformed", url, "sigTst: no time-stamp token")
		return
	}
	if len(tc.Tokens) > 1 {
		m.add(Informational, "timeStamp.malformed", url, "sigTst holds %d tokens; only one is allowed", len(tc.Tokens))
		return
	}
	tst, err := parseTimeStamp(tc.Tokens[0].Val)
	if err != nil {
		m.add(Informational, "timeStamp.malformed", url, "%v", err)
		return
	}
	data := m.claimData
	if v2 {
		data, _ = cbor.Marshal(msg.Signature)
	}
	tbs, _ := cbor.Marshal([]any{"CounterSignature", cbor.RawMessage(mustBstr(msg.Headers.RawProtected)), []byte{}, data})
	if err := tst.verify(tbs, v.noCrypto); err != nil {
		code := "timeStamp.mismatch"
		if errors.Is(err, errUnsupportedKey) {
			code = "algorithm.unsupported"
		}
		m.add(Informational, code, url, "%v", err)
		return
	}
	m.Signature.Time = tst.genTime
	m.Signature.TimeStampAuthority = tst.signer
	m.add(Success, "timeStamp.validated", url, "time-stamp of %s by %s", tst.genTime.UTC().Format(time.RFC3339), tst.signer)
}

// mustBstr encodes b as a CBOR byte string; the protected header is
// always carried as one, its raw bytes already being that encoding.
func mustBstr(raw []byte) []byte {
	if len(raw) > 0 {
		return raw
	}
	b, _ := cbor.Marshal([]byte{})
	return b
}

// oidRSAPSS is id-RSASSA-PSS, which C2PA signers use as their key's
// algorithm and crypto/x509 does not parse as a key.
var oidRSAPSS = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}

// publicKey returns a certificate's public key, reading an RSASSA-PSS key
// (an RSA key under the PSS identifier) that crypto/x509 leaves nil.
func publicKey(c *x509.Certificate) any {
	if c.PublicKey != nil {
		return c.PublicKey
	}
	var spki struct {
		Alg pkix.AlgorithmIdentifier
		Key asn1.BitString
	}
	if _, err := asn1.Unmarshal(c.RawSubjectPublicKeyInfo, &spki); err != nil || !spki.Alg.Algorithm.Equal(oidRSAPSS) {
		return nil
	}
	k, err := x509.ParsePKCS1PublicKey(spki.Key.RightAlign())
	if err != nil {
		return nil
	}
	return k
}

// derECDSA reports whether sig is an ECDSA signature in DER
// (SEQUENCE { r INTEGER, s INTEGER }) under an ECDSA algorithm.
func derECDSA(alg cose.Algorithm, sig []byte) bool {
	if alg != cose.AlgorithmES256 && alg != cose.AlgorithmES384 && alg != cose.AlgorithmES512 {
		return false
	}
	var rs struct{ R, S *big.Int }
	rest, err := asn1.Unmarshal(sig, &rs)
	return err == nil && len(rest) == 0 && rs.R != nil && rs.S != nil
}

// coseErr shortens a go-cose decoding error: go-cose checks the header
// parameters in map order, so which one a header with several bad ones is
// blamed for changes from run to run (FuzzC2PA found it).
func coseErr(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "header parameter"); i >= 0 {
		return msg[:i] + "a header parameter is malformed"
	}
	return msg
}
