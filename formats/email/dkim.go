package email

// DKIM verification (RFC 6376, RFC 8463 for Ed25519), written with the
// standard library: github.com/emersion/go-msgauth refuses rsa-sha1 and
// signatures past their x= expiry (against the current clock), and an
// archived message is judged for what its bytes prove, not for whether a
// mail server would accept it today.

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/docprov/docprov/provenance"
)

// maxSignatures bounds how many DKIM-Signature headers are verified: a
// hostile message could carry thousands, each costing an RSA operation.
// Those past it get an "unsupported" result saying they were not verified.
const maxSignatures = 16

// minRSABits is the smallest RSA key whose signatures are valid (RFC 8301
// §3.2).
const minRSABits = 1024

// verifyDKIM checks every DKIM-Signature of a CRLF message, top to bottom.
// cut says that fields past MaxHeader were not read (splitHeader). The
// only error is ctx's.
func verifyDKIM(ctx context.Context, h header, cut bool, body []byte, keys map[string]string) ([]provenance.DKIMResult, error) {
	var out []provenance.DKIMResult
	// The canonical bodies are computed once: a message may carry several
	// signatures over the same (possibly large) body.
	canon := map[string][]byte{}
	body2 := func(c string) []byte {
		b, ok := canon[c]
		if !ok {
			b = canonBody(body, c)
			canon[c] = b
		}
		return b
	}
	var byName map[string][]int
	for i, f := range h {
		if !strings.EqualFold(f.Name, "DKIM-Signature") {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(out) >= maxSignatures {
			// Said for each one, so that no signature is silently
			// absent from the record: its absence would read as
			// "unsigned" rather than "not checked".
			out = append(out, skippedSignature(f))
			continue
		}
		if byName == nil {
			byName = fieldIndex(h)
		}
		out = append(out, verifyOne(h, i, byName, cut, body2, keys))
	}
	return out, nil
}

// skippedSignature is the result of a signature past maxSignatures: not
// verified, with its domain and selector when its tags can be read.
func skippedSignature(f field) provenance.DKIMResult {
	res := provenance.DKIMResult{
		Result: provenance.DKIMUnsupported,
		Reason: fmt.Sprintf("not verified: only the first %d DKIM signatures of a message are (maxSignatures)", maxSignatures),
	}
	if tags, err := parseTags(f.Value); err == nil && !f.Cut {
		res.Domain = strings.ToLower(stripWS(tags["d"]))
		res.Selector = stripWS(tags["s"])
		res.Algorithm = stripWS(tags["a"])
	}
	return res
}

// fieldIndex maps each lower-case field name to the indexes of its fields,
// top to bottom, so that a signature's h= list is looked up in time linear
// in its length, not in its length times the number of fields.
func fieldIndex(h header) map[string][]int {
	m := map[string][]int{}
	for i, f := range h {
		k := asciiLower(f.Name)
		m[k] = append(m[k], i)
	}
	return m
}

// asciiLower lower-cases ASCII letters only: header field names are ASCII
// and compared without case the ASCII way (RFC 5322 §1.2.2, RFC 6376 §3.5).
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// verdict is the overall DKIM result of a message: pass when any signature
// passes, else the first failure, "" when unsigned.
func verdict(rs []provenance.DKIMResult) string {
	for _, r := range rs {
		if r.Result == provenance.DKIMPass {
			return r.Result
		}
	}
	if len(rs) > 0 {
		return rs[0].Result
	}
	return ""
}

// parseTags parses a DKIM tag list ("v=1; a=rsa-sha256; …"), whose
// values may be folded over several lines.
func parseTags(s string) (map[string]string, error) {
	tags := map[string]string{}
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("tag without '=': %q", clip(part, 30))
		}
		k = strings.TrimSpace(k)
		if _, dup := tags[k]; dup {
			return nil, fmt.Errorf("duplicate tag %q", k)
		}
		tags[k] = strings.TrimSpace(v)
	}
	return tags, nil
}

// stripWS removes all whitespace (folding included) from a base64 or list value.
func stripWS(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, s)
}

func unixTime(s string) (provenance.Timestamp, bool) {
	n, err := strconv.ParseInt(stripWS(s), 10, 64)
	if err != nil || n < 0 || n > 1<<40 {
		return provenance.Timestamp{}, false
	}
	return provenance.At(time.Unix(n, 0).UTC()), true
}

// verifyOne checks the signature in field idx. byName is fieldIndex(h);
// cut says that fields past MaxHeader were not read.
func verifyOne(h header, idx int, byName map[string][]int, cut bool, body func(canon string) []byte, keys map[string]string) (res provenance.DKIMResult) {
	fail := func(result, format string, args ...any) provenance.DKIMResult {
		res.Result = result
		res.Reason = fmt.Sprintf(format, args...)
		return res
	}
	sigField := h[idx]
	if sigField.Cut {
		return fail(provenance.DKIMUnsupported, "DKIM-Signature longer than the %d bytes read of a field (MaxHeaderField)", MaxHeaderField)
	}
	tags, err := parseTags(sigField.Value)
	if err != nil {
		return fail(provenance.DKIMMalformed, "%v", err)
	}
	res.Domain = strings.ToLower(stripWS(tags["d"]))
	res.Selector = stripWS(tags["s"])
	res.Algorithm = stripWS(tags["a"])
	for _, hk := range strings.Split(tags["h"], ":") {
		if hk = stripWS(hk); hk != "" {
			res.Headers = append(res.Headers, hk)
		}
	}
	if v, ok := tags["t"]; ok {
		if t, ok := unixTime(v); ok {
			res.SignedAt = t
		} else {
			return fail(provenance.DKIMMalformed, "t= is not a Unix time: %q", clip(v, 30))
		}
	}
	if v, ok := tags["x"]; ok {
		if t, ok := unixTime(v); ok {
			res.Expires = t
		} else {
			return fail(provenance.DKIMMalformed, "x= is not a Unix time: %q", clip(v, 30))
		}
	}
	for _, t := range []string{"v", "a", "b", "bh", "d", "h", "s"} {
		if _, ok := tags[t]; !ok {
			return fail(provenance.DKIMMalformed, "missing %s= tag", t)
		}
	}
	if tags["v"] != "1" {
		return fail(provenance.DKIMMalformed, "v=%s is not 1", clip(tags["v"], 10))
	}
	// d= and s= become a DNS name: one that is not a name must not be
	// looked up at all ("legitimate.com(.attacker.com" would find whatever
	// the key source holds under it). RFC 6376 §3.5 makes both a dot-
	// separated list of sub-domains.
	if err := checkDNSName(res.Domain); err != nil {
		return fail(provenance.DKIMMalformed, "d= %v", err)
	}
	if err := checkDNSName(res.Selector); err != nil {
		return fail(provenance.DKIMMalformed, "s= %v", err)
	}
	fromSigned := false
	for _, hk := range res.Headers {
		fromSigned = fromSigned || strings.EqualFold(hk, "from")
	}
	if !fromSigned {
		return fail(provenance.DKIMMalformed, "From is not among the signed headers (h=)")
	}
	// iDomain is the domain of the signing identity (i=, default d=).
	iDomain := res.Domain
	if i, ok := tags["i"]; ok {
		// i= is dkim-quoted-printable (RFC 6376 §2.11, §3.5): "=2E" is
		// a dot and "=40" an at sign, so it is decoded before the check.
		id, err := dkimQP(i)
		if err != nil {
			return fail(provenance.DKIMMalformed, "i= %v", err)
		}
		at := strings.LastIndexByte(id, '@')
		if at < 0 {
			return fail(provenance.DKIMMalformed, "i= %q has no @domain", clip(id, 60))
		}
		iDomain = strings.ToLower(id[at+1:])
		if iDomain != res.Domain && !strings.HasSuffix(iDomain, "."+res.Domain) {
			return fail(provenance.DKIMMalformed, "i= domain %q is not d=%s or its subdomain", clip(iDomain, 60), res.Domain)
		}
	}
	if !res.SignedAt.IsZero() && !res.Expires.IsZero() && res.Expires.Time.Before(res.SignedAt.Time) {
		return fail(provenance.DKIMMalformed, "x= is before t=")
	}

	var hashID crypto.Hash
	var newHash func() hash.Hash
	keyType := "rsa"
	switch strings.ToLower(res.Algorithm) {
	case "rsa-sha256":
		hashID, newHash = crypto.SHA256, sha256.New
	case "rsa-sha1":
		hashID, newHash = crypto.SHA1, sha1.New
	case "ed25519-sha256":
		hashID, newHash, keyType = crypto.SHA256, sha256.New, "ed25519"
	default:
		return fail(provenance.DKIMUnsupported, "algorithm %q", clip(res.Algorithm, 30))
	}
	hc, bc, _ := strings.Cut(strings.ToLower(stripWS(tags["c"])), "/")
	if hc == "" {
		hc = "simple"
	}
	if bc == "" {
		bc = "simple"
	}
	if (hc != "simple" && hc != "relaxed") || (bc != "simple" && bc != "relaxed") {
		return fail(provenance.DKIMUnsupported, "canonicalization %q", clip(tags["c"], 30))
	}
	// q= is a colon-separated list of query methods; a verifier ignores
	// those it does not know (RFC 6376 §3.5) and needs dns/txt among them,
	// the one method there is (the offline keys stand in for it).
	if q, ok := tags["q"]; ok && !containsFold(strings.Split(stripWS(q), ":"), "dns/txt") {
		return fail(provenance.DKIMUnsupported, "key query method %q (no dns/txt)", clip(q, 30))
	}
	bh, err := base64.StdEncoding.DecodeString(stripWS(tags["bh"]))
	if err != nil {
		return fail(provenance.DKIMMalformed, "bh= is not base64")
	}
	sig, err := base64.StdEncoding.DecodeString(stripWS(tags["b"]))
	if err != nil {
		return fail(provenance.DKIMMalformed, "b= is not base64")
	}
	var reasons []string
	if strings.EqualFold(res.Algorithm, "rsa-sha1") {
		reasons = append(reasons, "rsa-sha1 is weak")
	}

	// l= is read with the other tags, before the key: a malformed tag
	// is the signature's fault whatever the key. -1: no l=.
	bodyLen := int64(-1)
	if l, ok := tags["l"]; ok {
		n, err := strconv.ParseInt(stripWS(l), 10, 64)
		if err != nil || n < 0 {
			return fail(provenance.DKIMMalformed, "l= is not a length")
		}
		bodyLen = n
	}

	// The key is validated (found, parsed, its flags and size checked)
	// before the body hash: a key that could never verify is the verdict,
	// whatever the body says; an edited body then reads fail-body only
	// when the key is sound (RFC 6376 §6.1.2 before §6.1.3).
	pub, kres, kreason := dkimKey(keys, res, keyType, iDomain)
	if kres != "" {
		return fail(kres, "%s", kreason)
	}

	// Body hash before the signature: with a sound key, a mismatch says
	// the body changed, the most useful single fact a failure can give.
	cb := body(bc)
	if bodyLen >= 0 {
		n := bodyLen
		if n > int64(len(cb)) {
			return fail(provenance.DKIMFailBody, "l=%d is longer than the body (%d)", n, len(cb))
		}
		if n < int64(len(cb)) {
			reasons = append(reasons, fmt.Sprintf("l= signs only the first %d of %d body bytes", n, len(cb)))
		}
		cb = cb[:n]
	}
	hb := newHash()
	hb.Write(cb)
	if subtle.ConstantTimeCompare(hb.Sum(nil), bh) != 1 {
		return fail(provenance.DKIMFailBody, "body hash did not verify")
	}

	hd := newHash()
	// Each listed name takes the last unused instance, bottom up: next
	// holds, per name, how many of its instances are still unused.
	next := map[string]int{}
	for _, name := range res.Headers {
		k := asciiLower(name)
		idxs := byName[k]
		n, seen := next[k]
		if !seen {
			n = len(idxs)
		}
		for n > 0 && idxs[n-1] == idx {
			n--
		}
		if n > 0 {
			j := idxs[n-1]
			n--
			if h[j].Cut {
				// A hash over part of a field would fail and read as
				// tampering; the truth is that it was not read.
				return fail(provenance.DKIMUnsupported, "signed field %s longer than the %d bytes read of a field (MaxHeaderField)", clip(h[j].Name, 60), MaxHeaderField)
			}
			hd.Write(canonHeader(h[j].Raw, hc))
		}
		next[k] = n
	}
	// failHeader is the verdict on a header hash that does not verify.
	// With fields past MaxHeader unread, a signed field may be among
	// them: the failure would then be docprov's, not the message's.
	failHeader := func() provenance.DKIMResult {
		if cut {
			return fail(provenance.DKIMUnsupported, "signature did not verify over the fields read, and the header is longer than the %d bytes read (MaxHeader)", MaxHeader)
		}
		return fail(provenance.DKIMFailSignature, "signature did not verify")
	}
	own := canonHeader(stripB(sigField.Raw), hc)
	hd.Write(bytes.TrimRight(own, "\r\n"))
	digest := hd.Sum(nil)

	switch pub := pub.(type) {
	case *rsa.PublicKey:
		if err := rsa.VerifyPKCS1v15(pub, hashID, digest, sig); err != nil {
			return failHeader()
		}
	case ed25519.PublicKey:
		if !ed25519.Verify(pub, digest, sig) {
			return failHeader()
		}
	}
	res.Result = provenance.DKIMPass
	res.Reason = strings.Join(reasons, "; ")
	return res
}

// dkimKey finds and checks the key of signature res (RFC 6376 §3.6.1,
// §6.1.2), from the offline key source only: docprov never queries DNS.
// iDomain is the domain of the signature's i= (d= without one). It returns
// the public key, or a verdict and its reason.
func dkimKey(keys map[string]string, res provenance.DKIMResult, keyType, iDomain string) (pub any, result, reason string) {
	failf := func(result, format string, args ...any) (any, string, string) {
		return nil, result, fmt.Sprintf(format, args...)
	}
	name := res.Selector + "._domainkey." + res.Domain
	rec, ok := lookupKey(keys, name)
	if !ok {
		return failf(provenance.DKIMNoKey, "no key for %s", name)
	}
	ktags, err := parseTags(rec)
	if err != nil {
		return failf(provenance.DKIMFailSignature, "key record %s: %v", name, err)
	}
	if v, ok := ktags["v"]; ok && v != "DKIM1" {
		return failf(provenance.DKIMFailSignature, "key record %s: v=%s", name, clip(v, 10))
	}
	if k := strings.ToLower(ktags["k"]); k != "" && k != keyType {
		return failf(provenance.DKIMFailSignature, "key record %s is k=%s, signature is %s", name, clip(k, 10), res.Algorithm)
	}
	if kh, ok := ktags["h"]; ok {
		want := strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(res.Algorithm), "rsa-"), "ed25519-")
		if !containsFold(strings.Split(stripWS(kh), ":"), want) {
			return failf(provenance.DKIMFailSignature, "key record %s does not allow %s (h=%s)", name, want, clip(kh, 20))
		}
	}
	// s= lists the services the key is for; one without "email" or "*"
	// must not verify mail (RFC 6376 §3.6.1, §6.1.2 step 4).
	if st, ok := ktags["s"]; ok && !containsFold(strings.Split(stripWS(st), ":"), "email") && !containsFold(strings.Split(stripWS(st), ":"), "*") {
		return failf(provenance.DKIMFailSignature, "key record %s is for service s=%s, not email", name, clip(st, 30))
	}
	// t=s: the key signs only for d= itself, so an i= in a subdomain is
	// refused (RFC 6376 §3.6.1). Other flags (y, testing) change nothing
	// the bytes prove; unknown ones are ignored.
	if containsFold(strings.Split(stripWS(ktags["t"]), ":"), "s") && iDomain != res.Domain {
		return failf(provenance.DKIMFailSignature, "key record %s has t=s, but i= domain %s is not d=%s", name, clip(iDomain, 60), res.Domain)
	}
	// p= is required; only an empty one means the key was revoked (RFC
	// 6376 §3.6.1). A record without p= is broken, not revoked.
	p, ok := ktags["p"]
	if !ok {
		return failf(provenance.DKIMFailSignature, "key record %s has no p= tag", name)
	}
	p = stripWS(p)
	if p == "" {
		return failf(provenance.DKIMNoKey, "key %s is revoked (empty p=)", name)
	}
	der, err := base64.StdEncoding.DecodeString(p)
	if err != nil {
		return failf(provenance.DKIMFailSignature, "key record %s: p= is not base64", name)
	}
	switch keyType {
	case "rsa":
		var k *rsa.PublicKey
		if pk, err := x509.ParsePKIXPublicKey(der); err == nil {
			k, _ = pk.(*rsa.PublicKey)
		} else if pk, err := x509.ParsePKCS1PublicKey(der); err == nil {
			k = pk
		}
		if k == nil {
			return failf(provenance.DKIMFailSignature, "key record %s: not an RSA public key", name)
		}
		// Checked here, not left to crypto/rsa: Go refuses keys under
		// 1024 bits with an error that would read as a bad signature.
		// RFC 8301 §3.2: such a signature is not valid, whatever its bytes.
		if n := k.N.BitLen(); n < minRSABits {
			return failf(provenance.DKIMFailSignature, "key too short: %s is a %d-bit RSA key, under the %d bits RFC 8301 §3.2 requires", name, n, minRSABits)
		}
		return k, "", ""
	default: // ed25519: p= is the raw 32-byte key (RFC 8463 §4.2)
		if len(der) != ed25519.PublicKeySize {
			return failf(provenance.DKIMFailSignature, "key record %s: Ed25519 key of %d bytes", name, len(der))
		}
		return ed25519.PublicKey(der), "", ""
	}
}

// checkDNSName checks that s is a dot-separated list of labels of 1 to 63
// letters, digits, hyphens (not first or last) and underscores, 253 bytes
// at most. Underscores are beyond RFC 5321's sub-domain, but DNS takes
// them (RFC 2181 §11) and real selectors use them ("sel_2017"); bytes
// past ASCII are taken as the U-labels of RFC 8616.
func checkDNSName(s string) error {
	if s == "" {
		return errors.New("is empty")
	}
	if len(s) > 253 {
		return fmt.Errorf("is longer than 253 bytes: %q", clip(s, 60))
	}
	for _, l := range strings.Split(s, ".") {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return fmt.Errorf("%q is not a domain name (label %q)", clip(s, 60), clip(l, 20))
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c >= 0x80) {
				return fmt.Errorf("%q is not a domain name (%q in a label)", clip(s, 60), string(rune(c)))
			}
		}
	}
	return nil
}

// dkimQP decodes dkim-quoted-printable (RFC 6376 §2.11): "=" and two
// hex digits stand for a byte, and white space (folding) is not part of
// the value.
func dkimQP(s string) (string, error) {
	s = stripWS(s)
	if !strings.Contains(s, "=") {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '=' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", fmt.Errorf("bad quoted-printable at the end of %q", clip(s, 60))
		}
		n, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return "", fmt.Errorf("bad quoted-printable %q: %w", s[i:i+3], err)
		}
		b.WriteByte(byte(n))
		i += 2
	}
	return b.String(), nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// lookupKey finds the TXT record of a DNS name, ignoring case and a final dot.
func lookupKey(keys map[string]string, name string) (string, bool) {
	if v, ok := keys[name]; ok {
		return v, true
	}
	for k, v := range keys {
		if strings.EqualFold(strings.TrimSuffix(k, "."), name) {
			return v, true
		}
	}
	return "", false
}

// bTag matches the b= tag (not bh=) of a DKIM-Signature, to empty its value.
var bTag = regexp.MustCompile(`(^|;)([ \t\r\n]*b[ \t\r\n]*=)[^;]*`)

// stripB empties the b= value of a raw DKIM-Signature field, which is how
// the field enters its own signature (RFC 6376 §3.7).
func stripB(raw []byte) []byte {
	name, value, ok := bytes.Cut(raw, []byte(":"))
	if !ok {
		return raw
	}
	value = bTag.ReplaceAll(value, []byte("$1$2"))
	return append(append(append([]byte(nil), name...), ':'), value...)
}

// canonHeader applies header canonicalization to one raw field (RFC 6376
// §3.4.1 simple, §3.4.2 relaxed).
func canonHeader(raw []byte, c string) []byte {
	if c == "simple" {
		return raw
	}
	name, value, _ := bytes.Cut(raw, []byte(":"))
	name = bytes.ToLower(bytes.TrimRight(name, " \t"))
	v := bytes.ReplaceAll(value, []byte("\r\n"), nil)
	v = compressWSP(v)
	v = bytes.Trim(v, " ")
	out := append(name, ':')
	out = append(out, v...)
	return append(out, '\r', '\n')
}

// compressWSP turns every run of spaces and tabs into one space.
func compressWSP(b []byte) []byte {
	out := make([]byte, 0, len(b))
	inWSP := false
	for _, c := range b {
		if c == ' ' || c == '\t' {
			if !inWSP {
				out = append(out, ' ')
			}
			inWSP = true
			continue
		}
		inWSP = false
		out = append(out, c)
	}
	return out
}

// canonBody applies body canonicalization (RFC 6376 §3.4.3 simple, §3.4.4
// relaxed) to a CRLF body.
func canonBody(body []byte, c string) []byte {
	if c == "relaxed" {
		lines := bytes.Split(body, []byte("\r\n"))
		for i, l := range lines {
			lines[i] = bytes.TrimRight(compressWSP(l), " ")
		}
		body = bytes.Join(lines, []byte("\r\n"))
	}
	// Both drop the empty lines at the end; the body then ends in one CRLF.
	for bytes.HasSuffix(body, []byte("\r\n")) {
		body = body[:len(body)-2]
	}
	if len(body) == 0 {
		if c == "relaxed" {
			return nil
		}
		return []byte("\r\n")
	}
	return append(body, '\r', '\n')
}
