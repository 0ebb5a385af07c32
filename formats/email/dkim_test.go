package email

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/docprov/docprov/provenance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testHdr  = "From: a@example.org\r\nSubject: test\r\n"
	testBody = "Hello\r\n"
)

var b64 = base64.StdEncoding.EncodeToString

// signMsg signs testHdr and body with key (relaxed/relaxed, h=from:subject);
// tags are the signature's other tags ("d=example.org; s=s1").
func signMsg(t testing.TB, key crypto.Signer, tags, body string) string {
	t.Helper()
	alg := "rsa-sha256"
	if _, ok := key.(ed25519.PrivateKey); ok {
		alg = "ed25519-sha256"
	}
	bh := sha256.Sum256(canonBody([]byte(body), "relaxed"))
	sigHdr := "DKIM-Signature: v=1; a=" + alg + "; c=relaxed/relaxed; " + tags + ";\r\n\th=from:subject; bh=" + b64(bh[:]) + "; b="
	hb, err := splitHeader(context.Background(), []byte(testHdr+"\r\n"))
	require.NoError(t, err)
	hd := sha256.New()
	for _, f := range hb.fields {
		hd.Write(canonHeader(f.Raw, "relaxed"))
	}
	hd.Write(bytes.TrimRight(canonHeader([]byte(sigHdr), "relaxed"), "\r\n"))
	var sig []byte
	switch k := key.(type) {
	case *rsa.PrivateKey:
		sig, err = rsa.SignPKCS1v15(nil, k, crypto.SHA256, hd.Sum(nil))
		require.NoError(t, err)
	case ed25519.PrivateKey:
		sig = ed25519.Sign(k, hd.Sum(nil))
	}
	return sigHdr + b64(sig) + "\r\n" + testHdr + "\r\n" + body
}

// pubRecord is the p= value of key's public half.
func pubRecord(t testing.TB, key crypto.Signer) string {
	t.Helper()
	if k, ok := key.(ed25519.PrivateKey); ok {
		return b64(k.Public().(ed25519.PublicKey))
	}
	der, err := x509.MarshalPKIXPublicKey(key.Public())
	require.NoError(t, err)
	return b64(der)
}

func newRSA(t testing.TB, bits int) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, bits)
	require.NoError(t, err)
	return k
}

// verifyMsg returns the DKIM results of msg against keys.
func verifyMsg(t testing.TB, msg string, keys map[string]string) []provenance.DKIMResult {
	t.Helper()
	rec, err := Format{Keys: keys}.Extract(context.Background(), strings.NewReader(msg), int64(len(msg)))
	require.NoError(t, err)
	return rec.DKIM
}

func TestSignMsgPasses(t *testing.T) {
	k := newRSA(t, 1024)
	_, ek, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	keys := map[string]string{
		"s1._domainkey.example.org": "v=DKIM1; k=rsa; p=" + pubRecord(t, k),
		"s2._domainkey.example.org": "v=DKIM1; k=ed25519; p=" + pubRecord(t, ek),
	}
	d := verifyMsg(t, signMsg(t, k, "d=example.org; s=s1", testBody), keys)
	require.Len(t, d, 1)
	assert.Equal(t, provenance.DKIMPass, d[0].Result, d[0].Reason)
	d = verifyMsg(t, signMsg(t, ek, "d=example.org; s=s2", testBody), keys)
	assert.Equal(t, provenance.DKIMPass, d[0].Result, d[0].Reason)
}

// TestDKIMKeyBeforeBody: a key that cannot verify is the verdict even when
// the body was edited too (RFC 6376 §6.1.2 comes before §6.1.3).
func TestDKIMKeyBeforeBody(t *testing.T) {
	k := newRSA(t, 1024)
	msg := signMsg(t, k, "d=example.org; s=s1", testBody)
	msg = strings.Replace(msg, "\r\n\r\nHello", "\r\n\r\nHullo", 1)
	d := verifyMsg(t, msg, map[string]string{"s1._domainkey.example.org": "v=DKIM1; k=ed25519; p=" + pubRecord(t, k)})
	assert.Equal(t, provenance.DKIMFailSignature, d[0].Result)
	assert.Contains(t, d[0].Reason, "is k=ed25519")
	d = verifyMsg(t, msg, map[string]string{"s1._domainkey.example.org": "v=DKIM1; p=" + b64([]byte("not a key"))})
	assert.Equal(t, provenance.DKIMFailSignature, d[0].Result)
	assert.Contains(t, d[0].Reason, "not an RSA public key")
	// with a sound key, the edited body is what fails
	d = verifyMsg(t, msg, map[string]string{"s1._domainkey.example.org": "v=DKIM1; p=" + pubRecord(t, k)})
	assert.Equal(t, provenance.DKIMFailBody, d[0].Result)
}

// TestDKIMShortKey: a 512-bit RSA signature is not valid (RFC 8301 §3.2),
// and the reason is the key's size, not a signature that did not verify.
func TestDKIMShortKey(t *testing.T) {
	t.Setenv("GODEBUG", "rsa1024min=0") // to make the 512-bit key at all
	k := newRSA(t, 512)
	msg := signMsg(t, k, "d=example.org; s=s1", testBody)
	d := verifyMsg(t, msg, map[string]string{"s1._domainkey.example.org": "v=DKIM1; p=" + pubRecord(t, k)})
	assert.Equal(t, provenance.DKIMFailSignature, d[0].Result)
	assert.Contains(t, d[0].Reason, "key too short")
	assert.Contains(t, d[0].Reason, "512-bit")
}

// TestDKIMQueryMethods: unknown q= methods are ignored (RFC 6376 §3.5);
// only a list without dns/txt is unsupported.
func TestDKIMQueryMethods(t *testing.T) {
	k := newRSA(t, 1024)
	keys := map[string]string{"s1._domainkey.example.org": "v=DKIM1; p=" + pubRecord(t, k)}
	for q, want := range map[string]string{
		"dns/txt":                  provenance.DKIMPass,
		"DNS/TXT":                  provenance.DKIMPass,
		"foo/bar:dns/txt":          provenance.DKIMPass,
		"foo/bar:dns/txt:exam/ple": provenance.DKIMPass,
		"foo/bar":                  provenance.DKIMUnsupported,
		"dns/txtx":                 provenance.DKIMUnsupported,
		"http":                     provenance.DKIMUnsupported,
	} {
		d := verifyMsg(t, signMsg(t, k, "d=example.org; s=s1; q="+q, testBody), keys)
		assert.Equal(t, want, d[0].Result, "q=%s: %s", q, d[0].Reason)
	}
}

// TestDKIMIdentityQP: i= is dkim-quoted-printable (RFC 6376 §2.11), decoded
// before it is checked against d=.
func TestDKIMIdentityQP(t *testing.T) {
	k := newRSA(t, 1024)
	keys := map[string]string{"s1._domainkey.example.org": "v=DKIM1; p=" + pubRecord(t, k)}
	for i, want := range map[string]string{
		"a@example=2Eorg":      provenance.DKIMPass,
		"a=40example.org":      provenance.DKIMPass,
		"a@mail.example.org":   provenance.DKIMPass,
		"a@mail=2eexample.org": provenance.DKIMPass,
		"@example.org":         provenance.DKIMPass,
		"a@example=2Ecom":      provenance.DKIMMalformed,
		"a@badexample.org":     provenance.DKIMMalformed,
		"a@example.org=2":      provenance.DKIMMalformed,
		"a@example.org=ZZ":     provenance.DKIMMalformed,
		"example.org":          provenance.DKIMMalformed,
	} {
		d := verifyMsg(t, signMsg(t, k, "d=example.org; s=s1; i="+i, testBody), keys)
		assert.Equal(t, want, d[0].Result, "i=%s: %s", i, d[0].Reason)
	}
	assert.Equal(t, "a.b@c", func() string { s, _ := dkimQP("a=2Eb =40\r\n c"); return s }())
}

// TestDKIMKeyFlags: t=s refuses an i= in a subdomain of d=, and s= must
// name email or * (RFC 6376 §3.6.1).
func TestDKIMKeyFlags(t *testing.T) {
	k := newRSA(t, 1024)
	p := "; p=" + pubRecord(t, k)
	for _, c := range []struct{ key, tags, want string }{
		{"v=DKIM1; t=s", "i=a@example.org", provenance.DKIMPass},
		{"v=DKIM1; t=s", "", provenance.DKIMPass},
		{"v=DKIM1; t=y:s", "i=a@mail.example.org", provenance.DKIMFailSignature},
		{"v=DKIM1; t=y", "i=a@mail.example.org", provenance.DKIMPass},
		{"v=DKIM1; t=x:y", "", provenance.DKIMPass},
		{"v=DKIM1; s=chat", "", provenance.DKIMFailSignature},
		{"v=DKIM1; s=chat:web", "", provenance.DKIMFailSignature},
		{"v=DKIM1; s=email", "", provenance.DKIMPass},
		{"v=DKIM1; s=chat:email", "", provenance.DKIMPass},
		{"v=DKIM1; s=*", "", provenance.DKIMPass},
	} {
		tags := "d=example.org; s=s1"
		if c.tags != "" {
			tags += "; " + c.tags
		}
		d := verifyMsg(t, signMsg(t, k, tags, testBody), map[string]string{"s1._domainkey.example.org": c.key + p})
		assert.Equal(t, c.want, d[0].Result, "%s / %s: %s", c.key, c.tags, d[0].Reason)
	}
}

// TestDKIMNameSyntax: d= and s= must be DNS names before a key is looked
// up under them, even when the key source holds the odd name.
func TestDKIMNameSyntax(t *testing.T) {
	k := newRSA(t, 1024)
	p := "v=DKIM1; p=" + pubRecord(t, k)
	for _, c := range []struct{ d, s, want string }{
		{"example.org", "s1", provenance.DKIMPass},
		{"mail-1.example.org", "sel_2017.a", provenance.DKIMPass},
		{"legitimate.com(.attacker.com", "s1", provenance.DKIMMalformed},
		{"example..org", "s1", provenance.DKIMMalformed},
		{"-example.org", "s1", provenance.DKIMMalformed},
		{"example.org", "s1/x", provenance.DKIMMalformed},
		{"example.org", "s1@x", provenance.DKIMMalformed},
		{"example.org", "a." + strings.Repeat("x", 64), provenance.DKIMMalformed},
	} {
		keys := map[string]string{c.s + "._domainkey." + c.d: p}
		d := verifyMsg(t, signMsg(t, k, "d="+c.d+"; s="+c.s, testBody), keys)
		assert.Equal(t, c.want, d[0].Result, "d=%s s=%s: %s", c.d, c.s, d[0].Reason)
	}
}

// TestDKIMRevokedKey: an empty p= is a revoked key, a missing p= a key
// record that is wrong (RFC 6376 §3.6.1).
func TestDKIMRevokedKey(t *testing.T) {
	k := newRSA(t, 1024)
	msg := signMsg(t, k, "d=example.org; s=s1", testBody)
	d := verifyMsg(t, msg, map[string]string{"s1._domainkey.example.org": "v=DKIM1; k=rsa; p="})
	assert.Equal(t, provenance.DKIMNoKey, d[0].Result)
	assert.Contains(t, d[0].Reason, "revoked")
	d = verifyMsg(t, msg, map[string]string{"s1._domainkey.example.org": "v=DKIM1; k=rsa; p= \t"})
	assert.Equal(t, provenance.DKIMNoKey, d[0].Result)
	d = verifyMsg(t, msg, map[string]string{"s1._domainkey.example.org": "v=DKIM1; k=rsa"})
	assert.Equal(t, provenance.DKIMFailSignature, d[0].Result)
	assert.Equal(t, "key record s1._domainkey.example.org has no p= tag", d[0].Reason)
}

// TestDKIMSignatureCap: signatures past maxSignatures are not verified,
// and each says so rather than being left out.
func TestDKIMSignatureCap(t *testing.T) {
	k := newRSA(t, 1024)
	keys := map[string]string{"s1._domainkey.example.org": "v=DKIM1; p=" + pubRecord(t, k)}
	msg := signMsg(t, k, "d=example.org; s=s1", testBody)
	sig, rest, _ := strings.Cut(msg, "\r\nFrom:")
	msg = strings.Repeat(sig+"\r\n", maxSignatures+3) + "From:" + rest
	d := verifyMsg(t, msg, keys)
	require.Len(t, d, maxSignatures+3)
	for i, r := range d {
		if i < maxSignatures {
			assert.Equal(t, provenance.DKIMPass, r.Result, "%d: %s", i, r.Reason)
			continue
		}
		assert.Equal(t, provenance.DKIMUnsupported, r.Result, i)
		assert.Contains(t, r.Reason, "not verified: only the first 16")
		assert.Equal(t, "example.org", r.Domain)
		assert.Equal(t, "s1", r.Selector)
	}
	assert.Equal(t, provenance.DKIMPass, verdict(d))
}

// TestDKIMTagsBeforeKey: a malformed l= is the signature's fault, said
// even when there is no key for it.
func TestDKIMTagsBeforeKey(t *testing.T) {
	k := newRSA(t, 1024)
	d := verifyMsg(t, signMsg(t, k, "d=example.org; s=s1; l=x", testBody), map[string]string{})
	assert.Equal(t, provenance.DKIMMalformed, d[0].Result)
	assert.Equal(t, "l= is not a length", d[0].Reason)
}
