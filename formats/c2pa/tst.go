package c2pa

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// An RFC 3161 time-stamp token is a CMS SignedData (RFC 5652) whose
// content is a TSTInfo: the hash of what was stamped (messageImprint) and
// the time (genTime). C2PA's v1 sigTst holds a TimeStampResp (status and
// token), sigTst2 the token alone; both are read. Parsed with
// encoding/asn1: the standard library has no CMS, and the part needed is
// small.

var (
	oidSignedData    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidTSTInfo       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	oidMessageDigest = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidContentType   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidSHA1          = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA256        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
)

type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"explicit,tag:0"`
}

type timeStampResp struct {
	Status asn1.RawValue
	Token  contentInfo `asn1:"optional"`
}

type signedData struct {
	Version          int
	DigestAlgorithms asn1.RawValue
	EncapContent     struct {
		ContentType asn1.ObjectIdentifier
		Content     asn1.RawValue `asn1:"explicit,tag:0"`
	}
	Certificates asn1.RawValue   `asn1:"optional,tag:0"`
	CRLs         asn1.RawValue   `asn1:"optional,tag:1"`
	SignerInfos  []signerInfoASN `asn1:"set"`
}

type signerInfoASN struct {
	Version            int
	SID                asn1.RawValue
	DigestAlgorithm    pkix.AlgorithmIdentifier
	SignedAttrs        asn1.RawValue `asn1:"optional,tag:0"`
	SignatureAlgorithm pkix.AlgorithmIdentifier
	Signature          []byte
}

type issuerAndSerial struct {
	Issuer asn1.RawValue
	Serial *big.Int
}

type attribute struct {
	Type   asn1.ObjectIdentifier
	Values asn1.RawValue `asn1:"set"`
}

type tstInfoASN struct {
	Version int
	// Policy is read raw: c2pa-ts's local time-stamps write an empty
	// OID, which encoding/asn1 refuses.
	Policy         asn1.RawValue
	MessageImprint struct {
		HashAlgorithm pkix.AlgorithmIdentifier
		HashedMessage []byte
	}
	Serial  *big.Int
	GenTime time.Time `asn1:"generalized"`
}

// timeStamp is a parsed token.
type timeStamp struct {
	genTime  time.Time
	imprint  []byte
	hash     crypto.Hash
	signer   string
	sd       signedData
	eContent []byte
}

func hashOf(oid asn1.ObjectIdentifier) crypto.Hash {
	switch {
	case oid.Equal(oidSHA256):
		return crypto.SHA256
	case oid.Equal(oidSHA384):
		return crypto.SHA384
	case oid.Equal(oidSHA512):
		return crypto.SHA512
	case oid.Equal(oidSHA1):
		return crypto.SHA1
	}
	return 0
}

func parseTimeStamp(b []byte) (ts *timeStamp, err error) {
	defer func() {
		if p := recover(); p != nil {
			ts, err = nil, fmt.Errorf("time-stamp: ASN.1 decoder panicked: %v", p)
		}
	}()
	var ci contentInfo
	if _, err := asn1.Unmarshal(b, &ci); err != nil || !ci.ContentType.Equal(oidSignedData) {
		var resp timeStampResp
		if _, err2 := asn1.Unmarshal(b, &resp); err2 != nil {
			return nil, fmt.Errorf("time-stamp: neither a token nor a response: %v", asn1Err(err))
		}
		ci = resp.Token
	}
	if !ci.ContentType.Equal(oidSignedData) {
		return nil, errors.New("time-stamp: the token is not CMS SignedData")
	}
	ts = &timeStamp{}
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &ts.sd); err != nil {
		return nil, fmt.Errorf("time-stamp: SignedData: %v", asn1Err(err))
	}
	if !ts.sd.EncapContent.ContentType.Equal(oidTSTInfo) {
		return nil, errors.New("time-stamp: the token's content is not a TSTInfo")
	}
	ec, err := octets(ts.sd.EncapContent.Content)
	if err != nil {
		return nil, fmt.Errorf("time-stamp: TSTInfo octets: %v", err)
	}
	ts.eContent = ec
	var info tstInfoASN
	if _, err := asn1.Unmarshal(ts.eContent, &info); err != nil {
		return nil, fmt.Errorf("time-stamp: TSTInfo: %v", asn1Err(err))
	}
	ts.genTime = info.GenTime
	ts.imprint = info.MessageImprint.HashedMessage
	ts.hash = hashOf(info.MessageImprint.HashAlgorithm.Algorithm)
	if ts.hash == 0 || !ts.hash.Available() {
		return nil, fmt.Errorf("time-stamp: imprint hash %v unsupported", info.MessageImprint.HashAlgorithm.Algorithm)
	}
	return ts, nil
}

// verify checks that the token stamps data (its imprint is data's hash)
// and that the time-stamp authority's signature over the TSTInfo holds,
// by the certificate the token carries. Whether that authority is
// trusted is not checked.
func (ts *timeStamp) verify(data []byte, noCrypto bool) error {
	h := ts.hash.New()
	h.Write(data)
	if !bytes.Equal(h.Sum(nil), ts.imprint) {
		return errors.New("the time-stamp's imprint is not the hash of the signature it should stamp")
	}
	if len(ts.sd.SignerInfos) != 1 {
		return fmt.Errorf("the time-stamp has %d signers", len(ts.sd.SignerInfos))
	}
	si := ts.sd.SignerInfos[0]
	certs := tsaCertificates(ts.sd.Certificates.Bytes)
	var ias issuerAndSerial
	var signer *tsaCert
	if _, err := asn1.Unmarshal(si.SID.FullBytes, &ias); err == nil && ias.Serial != nil {
		for _, c := range certs {
			if c.serial.Cmp(ias.Serial) == 0 && bytes.Equal(c.rawIssuer, ias.Issuer.FullBytes) {
				signer = c
			}
		}
	} else if si.SID.Tag == 0 && si.SID.Class == asn1.ClassContextSpecific {
		for _, c := range certs {
			if c.cert != nil && bytes.Equal(c.cert.SubjectKeyId, si.SID.Bytes) {
				signer = c
			}
		}
	}
	if signer == nil {
		return errors.New("the time-stamp does not carry its signer's certificate")
	}
	ts.signer = signer.subject
	dh := hashOf(si.DigestAlgorithm.Algorithm)
	if dh == 0 || !dh.Available() {
		return fmt.Errorf("time-stamp digest %v unsupported", si.DigestAlgorithm.Algorithm)
	}
	signed := ts.eContent
	if len(si.SignedAttrs.Bytes) > 0 {
		var attrs []attribute
		if _, err := asn1.UnmarshalWithParams(append([]byte{0x31}, si.SignedAttrs.FullBytes[1:]...), &attrs, "set"); err != nil {
			return fmt.Errorf("time-stamp signed attributes: %v", asn1Err(err))
		}
		d := dh.New()
		d.Write(ts.eContent)
		ok := false
		for _, a := range attrs {
			if a.Type.Equal(oidMessageDigest) {
				var md []byte
				if _, err := asn1.Unmarshal(a.Values.Bytes, &md); err == nil && bytes.Equal(md, d.Sum(nil)) {
					ok = true
				}
			}
		}
		if !ok {
			return errors.New("the time-stamp's message digest attribute does not match its TSTInfo")
		}
		signed = append([]byte{0x31}, si.SignedAttrs.FullBytes[1:]...)
	}
	if noCrypto {
		return nil
	}
	if err := verifyCMS(signer.pub, dh, signed, si.Signature); err != nil {
		return err
	}
	return nil
}

// errUnsupportedKey is verifyCMS's error for a key it cannot check.
var errUnsupportedKey = errors.New("the time-stamp authority's key is of a kind docprov does not verify")

// verifyCMS checks a CMS signature over signed: RSA PKCS #1 v1.5 and
// ECDSA over its digest, Ed25519 over the bytes themselves (RFC 8419).
func verifyCMS(pub any, h crypto.Hash, signed, sig []byte) error {
	d := h.New()
	d.Write(signed)
	digest := d.Sum(nil)
	bad := errors.New("the time-stamp authority's signature does not verify")
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if rsa.VerifyPKCS1v15(k, h, digest, sig) != nil {
			return bad
		}
	case *ecdsa.PublicKey:
		if !ecdsa.VerifyASN1(k, digest, sig) {
			return bad
		}
	case ed25519.PublicKey:
		if !ed25519.Verify(k, signed, sig) {
			return bad
		}
	default:
		return fmt.Errorf("%w (%T)", errUnsupportedKey, pub)
	}
	return nil
}

// tsaCert is what a time-stamp's certificate is needed for: which one it
// is and its key. Certificates x509 rejects (time-stamp authorities' often
// break PrintableString's alphabet) are read field by field instead.
type tsaCert struct {
	serial    *big.Int
	rawIssuer []byte
	subject   string
	pub       any
	cert      *x509.Certificate
}

type tbsMinimal struct {
	Version  int `asn1:"optional,explicit,default:0,tag:0"`
	Serial   *big.Int
	SigAlg   asn1.RawValue
	Issuer   asn1.RawValue
	Validity asn1.RawValue
	Subject  asn1.RawValue
	SPKI     asn1.RawValue
}

func tsaCertificates(b []byte) []*tsaCert {
	var out []*tsaCert
	for len(b) > 0 && len(out) < 64 {
		var rv asn1.RawValue
		rest, err := asn1.Unmarshal(b, &rv)
		if err != nil {
			break
		}
		b = rest
		if c, err := x509.ParseCertificate(rv.FullBytes); err == nil {
			out = append(out, &tsaCert{serial: c.SerialNumber, rawIssuer: c.RawIssuer, subject: c.Subject.String(), pub: c.PublicKey, cert: c})
			continue
		}
		var outer struct {
			TBS asn1.RawValue
		}
		var tbs tbsMinimal
		if _, err := asn1.Unmarshal(rv.FullBytes, &outer); err != nil {
			continue
		}
		if _, err := asn1.Unmarshal(outer.TBS.FullBytes, &tbs); err != nil || tbs.Serial == nil {
			continue
		}
		pub, err := x509.ParsePKIXPublicKey(tbs.SPKI.FullBytes)
		if err != nil {
			continue
		}
		out = append(out, &tsaCert{serial: tbs.Serial, rawIssuer: tbs.Issuer.FullBytes, subject: "(certificate x509 rejects)", pub: pub})
	}
	return out
}

// asn1Err shortens an encoding/asn1 error: its structure errors print the
// field's parameters, a pointer among them, which would make two reads of
// one file differ.
func asn1Err(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, " {"); i >= 0 {
		msg = msg[:i]
	}
	return msg
}

// octets returns an OCTET STRING's content, in its DER form or in BER's
// constructed one (segments, which c2pa-ts writes and encoding/asn1 does
// not read).
func octets(rv asn1.RawValue) ([]byte, error) {
	if rv.Class == asn1.ClassContextSpecific && rv.Tag == 0 {
		// encoding/asn1 hands a RawValue its explicit tag's wrapper.
		var inner asn1.RawValue
		if _, err := asn1.Unmarshal(rv.Bytes, &inner); err != nil {
			return nil, errors.New(asn1Err(err))
		}
		rv = inner
	}
	if rv.Class != asn1.ClassUniversal || rv.Tag != asn1.TagOctetString {
		return nil, fmt.Errorf("an ASN.1 value of tag %d, not an OCTET STRING", rv.Tag)
	}
	if !rv.IsCompound {
		return rv.Bytes, nil
	}
	var out []byte
	rest := rv.Bytes
	for n := 0; len(rest) > 0; n++ {
		if n > 1024 {
			return nil, errors.New("more than 1024 OCTET STRING segments")
		}
		var seg asn1.RawValue
		var err error
		if rest, err = asn1.Unmarshal(rest, &seg); err != nil {
			return nil, errors.New(asn1Err(err))
		}
		if seg.IsCompound || seg.Tag != asn1.TagOctetString {
			return nil, errors.New("a constructed OCTET STRING of other values")
		}
		out = append(out, seg.Bytes...)
	}
	return out, nil
}
