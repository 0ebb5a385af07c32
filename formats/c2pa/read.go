package c2pa

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"hash"
	"io"
	"sort"
	"strings"
	"time"
)

// Options configure validation.
type Options struct {
	// Trust holds the trust anchors: a signer whose certificate chains to
	// one of them is trusted (signingCredential.trusted). Nil means no
	// trust list: a valid signature then says the signer is untrusted or
	// unknown, never trusted. ParseTrustPEM reads a PEM bundle.
	Trust *x509.CertPool
	// Now is the time a certificate's validity is checked at when the
	// signature carries no time-stamp; zero means time.Now().
	Now time.Time
}

// ParseTrustPEM reads a PEM bundle of trust anchors (the C2PA trust list,
// an organisation's own CA) into a pool for Options.Trust.
func ParseTrustPEM(b []byte) (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	n := 0
	for len(b) > 0 {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, fmt.Errorf("trust list certificate %d: %w", n+1, err)
		}
		pool.AddCert(c)
		n++
	}
	if n == 0 {
		return nil, errors.New("trust list: no PEM certificate found")
	}
	return pool, nil
}

// maxIngredientDepth bounds how deep ingredient manifests are validated
// (an ingredient's ingredient's …).
const maxIngredientDepth = 8

// Read locates the manifest store embedded in an asset, parses it and
// validates its active manifest against the asset's bytes, and the
// ingredient manifests the store holds. It returns ErrNoManifest for an
// asset without a store. A store that cannot be parsed still gives a
// Store, of OutcomeMalformed, with its Problems; an error means the store
// could not be read at all (or ctx ended).
func Read(ctx context.Context, r io.ReaderAt, size int64, opts Options) (st *Store, err error) {
	defer func() {
		if p := recover(); p != nil {
			st, err = nil, fmt.Errorf("c2pa: parser panicked: %v", p)
		}
	}()
	raw, kind, err := Locate(ctx, r, size)
	if err != nil {
		return nil, err
	}
	st = validateStore(ctx, raw, r, size, opts, false)
	st.Kind = kind
	return st, ctx.Err()
}

// validateStore parses a store and validates it against the asset.
func validateStore(ctx context.Context, raw []byte, r io.ReaderAt, size int64, opts Options, noCrypto bool) *Store {
	st := Parse(raw)
	if st.Active == nil {
		st.Outcome = OutcomeMalformed
		return st
	}
	v := &validator{ctx: ctx, st: st, opts: opts, asset: r, size: size, noCrypto: noCrypto}
	v.validate(st.Active, 0, true)
	st.finish()
	return st
}

// Parse parses a manifest store's bytes without validating anything: the
// Store's Outcome is left empty, and its manifests' Status holds only what
// parsing found (a claim that is not CBOR, a missing claim).
func Parse(raw []byte) *Store {
	st := &Store{}
	boxes, err := ParseJUMBF(raw)
	if err != nil {
		st.Problems = append(st.Problems, err.Error())
	}
	var top *Box
	for _, b := range boxes {
		if b.TBox == "jumb" && b.Type == typeStore {
			top = b
			break
		}
	}
	if top == nil {
		st.Problems = append(st.Problems, "no c2pa manifest store superbox")
		return st
	}
	for _, mb := range top.Children {
		if mb.TBox != "jumb" || (mb.Type != typeManifest && mb.Type != typeUpdate && mb.Type != "c2md") {
			continue
		}
		st.Manifests = append(st.Manifests, parseManifest(mb))
	}
	if n := len(st.Manifests); n > 0 {
		st.Active = st.Manifests[n-1]
	} else {
		st.Problems = append(st.Problems, "the store holds no manifest")
	}
	return st
}

func parseManifest(mb *Box) *Manifest {
	m := &Manifest{Label: mb.Label, box: mb}
	if cb := mb.childOfType(typeClaim); cb != nil {
		m.ClaimLabel = cb.Label
		if c := cb.content("cbor"); c != nil {
			m.claimData = c.Data
			var cl claimCBOR
			if err := unmarshal(c.Data, &cl); err != nil {
				m.add(Failure, "claim.cbor.invalid", "", "claim CBOR: %v", err)
			} else {
				m.claim = &cl
				m.ClaimGenerator = cl.generator()
				m.Title, m.Format, m.InstanceID, m.Alg = cl.Title, cl.Format, cl.InstanceID, cl.Alg
			}
		} else if cb.content("json") != nil {
			m.add(Failure, "com.adobe.prerelease", "", "the claim is JSON: a manifest written before C2PA 1.0")
		} else {
			m.add(Failure, "claim.malformed", "", "the claim box holds no CBOR")
		}
	} else {
		m.add(Failure, "claim.missing", "", "the manifest has no claim box")
	}
	if as := mb.childOfType(typeAssertions); as != nil {
		for _, ab := range as.Children {
			if ab.TBox != "jumb" {
				continue
			}
			a := &Assertion{Label: ab.Label, Type: ab.Type, box: ab}
			for _, c := range ab.Children {
				if c.TBox != "jumd" && c.TBox != "c2sh" {
					a.data = c.Data
					break
				}
			}
			m.Assertions = append(m.Assertions, a)
		}
	}
	m.readActions()
	m.readIngredients()
	return m
}

// baseLabel strips an assertion label's instance suffix ("__1") and
// version (".v2").
func baseLabel(l string) string {
	if i := strings.Index(l, "__"); i >= 0 {
		l = l[:i]
	}
	for _, v := range []string{".v2", ".v3", ".v1"} {
		l = strings.TrimSuffix(l, v)
	}
	return l
}

func (m *Manifest) assertions(label string) []*Assertion {
	var out []*Assertion
	for _, a := range m.Assertions {
		if baseLabel(a.Label) == label {
			out = append(out, a)
		}
	}
	return out
}

func (m *Manifest) readActions() {
	seen := map[string]bool{}
	for _, a := range m.assertions("c2pa.actions") {
		var ac actionsCBOR
		if a.Type != typeCBORContent || unmarshal(a.data, &ac) != nil {
			continue
		}
		for _, x := range ac.Actions {
			act := Action{Action: x.Action, When: x.When, SoftwareAgent: agent(x.SoftwareAgent), DigitalSourceType: x.DigitalSourceType, Description: x.Description}
			m.Actions = append(m.Actions, act)
			if d := x.DigitalSourceType; d != "" && !seen[d] {
				seen[d] = true
				m.DigitalSourceTypes = append(m.DigitalSourceTypes, d)
			}
		}
	}
}

func (m *Manifest) readIngredients() {
	for _, a := range m.assertions("c2pa.ingredient") {
		var ic ingredientCBOR
		if a.Type != typeCBORContent || unmarshal(a.data, &ic) != nil {
			continue
		}
		in := &Ingredient{Label: a.Label, Title: ic.Title, Format: ic.Format, InstanceID: ic.InstanceID,
			DocumentID: ic.DocumentID, Relationship: ic.Relationship}
		ref := ic.C2PAManifest
		if ref == nil {
			ref = ic.ActiveManifest
		}
		if ref != nil {
			in.ManifestURL, in.Hash = ref.URL, hex.EncodeToString(ref.Hash)
		}
		for _, s := range ic.ValidationStatus {
			in.Recorded = append(in.Recorded, Status{Code: s.Code, URL: s.URL, Explanation: s.Explanation, Kind: kindOf(s.Code)})
		}
		if vr := ic.ValidationResult; vr != nil && vr.ActiveManifest != nil {
			for _, group := range []struct {
				kind string
				sts  []statusCBOR
			}{{Success, vr.ActiveManifest.Success}, {Informational, vr.ActiveManifest.Informational}, {Failure, vr.ActiveManifest.Failure}} {
				for _, s := range group.sts {
					in.Recorded = append(in.Recorded, Status{Code: s.Code, URL: s.URL, Explanation: s.Explanation, Kind: group.kind})
				}
			}
		}
		m.Ingredients = append(m.Ingredients, in)
	}
}

// kindOf classifies a status code recorded without its kind (v1 and v2
// ingredients list failures only, and some informational codes).
func kindOf(code string) string {
	switch {
	case strings.HasSuffix(code, ".validated"), strings.HasSuffix(code, ".match"), strings.HasSuffix(code, ".trusted"),
		strings.HasSuffix(code, ".insideValidity"), strings.HasSuffix(code, ".notRevoked"):
		return Success
	case strings.HasPrefix(code, "timeStamp."), code == "signingCredential.untrusted", strings.HasSuffix(code, ".ocsp.skipped"):
		return Informational
	}
	return Failure
}

// validator validates the manifests of one store.
type validator struct {
	ctx   context.Context
	st    *Store
	opts  Options
	asset io.ReaderAt
	size  int64
	// noCrypto skips the public-key operations (the claim signature's
	// and the time-stamp's), for the fuzz target: they are the standard
	// library's and cost milliseconds, the parsing around them is ours.
	noCrypto bool

	sums   map[sumKey][]byte // hashes of store slices, by slice and algorithm
	hashed int64             // bytes hashed for them so far
}

// validate checks m: its claim signature, its assertions' hashes, the
// hard binding when asset is true (the active manifest), its ingredients
// recursively.
func (v *validator) validate(m *Manifest, depth int, asset bool) {
	if m.checked {
		return
	}
	m.checked = true
	if m.claim == nil {
		return // parseManifest logged why
	}
	v.verifySignature(m)
	v.checkAssertions(m)
	if asset {
		v.checkHardBinding(m)
	}
	for _, in := range m.Ingredients {
		if in.ManifestURL == "" {
			continue
		}
		im := v.st.manifestAt(in.ManifestURL)
		if im == nil {
			m.add(Failure, "claim.missing", in.Label, "ingredient %q names manifest %s, which the store does not hold", in.Title, in.ManifestURL)
			continue
		}
		in.Manifest = im
		if depth+1 > maxIngredientDepth {
			m.add(Informational, "ingredient.unvalidated", in.Label, "ingredients nested deeper than %d are not validated", maxIngredientDepth)
			continue
		}
		v.validate(im, depth+1, false)
	}
}

// manifestAt resolves a JUMBF URI naming a manifest
// ("self#jumbf=/c2pa/urn:uuid:…").
func (st *Store) manifestAt(url string) *Manifest {
	p := strings.TrimPrefix(url, "self#jumbf=")
	p = strings.TrimPrefix(p, "/")
	p = strings.TrimPrefix(p, typeStore+"/")
	p = strings.TrimSuffix(p, "/")
	for _, m := range st.Manifests {
		if m.Label == p {
			return m
		}
	}
	return nil
}

// resolve finds the box a hashed URI names, relative to manifest m or
// absolute from the store's root.
func (st *Store) resolve(m *Manifest, url string) *Box {
	p := strings.TrimPrefix(url, "self#jumbf=")
	var cur *Box
	if strings.HasPrefix(p, typeStore+"/") {
		p = "/" + p // pre-1.0 manifests wrote absolute URIs without the slash
	}
	if strings.HasPrefix(p, "/") {
		parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
		if len(parts) < 2 || parts[0] != typeStore {
			return nil
		}
		mm := st.manifestAt(parts[1])
		if mm == nil {
			return nil
		}
		cur, p = mm.box, strings.Join(parts[2:], "/")
	} else {
		cur = m.box
	}
	if p == "" {
		return cur
	}
	for _, part := range strings.Split(p, "/") {
		if cur = cur.child(part); cur == nil {
			return nil
		}
	}
	return cur
}

// maxHashedBytes bounds the bytes of the store hashed for hashed URIs in
// one validation. Each slice of the store is hashed once per algorithm
// (a claim may name one box thousands of times), and nested boxes
// overlap, so this is at most a few times the store's size for any real
// one.
const maxHashedBytes = 8 * MaxStoreBytes

type sumKey struct {
	p   *byte
	n   int
	alg string
}

// sumIs reports whether b, a slice of the store, hashes to want under alg.
func (v *validator) sumIs(alg string, b, want []byte) bool {
	h := newHash(alg)
	if h == nil {
		return false
	}
	var k sumKey
	if len(b) > 0 {
		k = sumKey{&b[0], len(b), alg}
		if s, ok := v.sums[k]; ok {
			return bytes.Equal(s, want)
		}
	}
	v.hashed += int64(len(b))
	if v.hashed > maxHashedBytes {
		return false
	}
	h.Write(b)
	s := h.Sum(nil)
	if v.sums == nil {
		v.sums = map[sumKey][]byte{}
	}
	v.sums[k] = s
	return bytes.Equal(s, want)
}

// oldStyle reports whether want is the hash of the assertion's content
// alone, as manifests before C2PA 1.0 computed it.
func (v *validator) oldStyle(alg string, b *Box, want []byte) bool {
	for _, c := range b.Children {
		if c.TBox != "jumd" {
			return v.sumIs(alg, c.Data, want)
		}
	}
	return false
}

func newHash(alg string) hash.Hash {
	switch alg {
	case "sha256":
		return sha256.New()
	case "sha384":
		return sha512.New384()
	case "sha512":
		return sha512.New()
	}
	return nil
}

func (m *Manifest) hashAlg(alg string) string {
	if alg != "" {
		return alg
	}
	return m.Alg
}

// checkAssertions checks each hashed URI of the claim: the box it names
// exists, and the hash of its content (the superbox without its LBox/TBox
// header: description box and content boxes) equals the claim's.
func (v *validator) checkAssertions(m *Manifest) {
	for _, hu := range m.claim.allAssertions() {
		b := v.st.resolve(m, hu.URL)
		if b == nil {
			m.add(Failure, "assertion.missing", hu.URL, "the claim names an assertion the manifest does not hold")
			continue
		}
		if m.hashAlg(hu.Alg) == "" {
			m.add(Failure, "algorithm.unsupported", hu.URL, "neither the hashed URI nor the claim names a hash algorithm")
			continue
		}
		if newHash(m.hashAlg(hu.Alg)) == nil {
			m.add(Failure, "algorithm.unsupported", hu.URL, "hash algorithm %q", m.hashAlg(hu.Alg))
			continue
		}
		switch {
		case v.sumIs(m.hashAlg(hu.Alg), b.Body, hu.Hash):
			m.add(Success, "assertion.hashedURI.match", hu.URL, "hashed URI matches")
		case v.hashed > maxHashedBytes:
			m.add(Failure, "assertion.hashedURI.mismatch", hu.URL, "not checked: the claim's hashed URIs ask for more than %d bytes of hashing", maxHashedBytes)
		case v.oldStyle(m.hashAlg(hu.Alg), b, hu.Hash):
			// Manifests written before C2PA 1.0 hashed the content
			// alone; c2pa-rs rejects them as pre-release.
			m.add(Failure, "com.adobe.prerelease", hu.URL, "the assertion is hashed the pre-1.0 way (its content alone)")
		default:
			m.add(Failure, "assertion.hashedURI.mismatch", hu.URL, "the assertion's hash differs from the claim's")
		}
	}
	for _, in := range m.Ingredients {
		if in.ManifestURL == "" {
			continue
		}
		b := v.st.resolve(m, in.ManifestURL)
		if b == nil {
			continue // claim.missing, logged by validate
		}
		// The ingredient's hashed URI hashes the ingredient manifest's
		// claim (c2pa-rs writes it so); an older form hashed the
		// manifest's superbox.
		want, _ := hex.DecodeString(in.Hash)
		im := v.st.manifestAt(in.ManifestURL)
		if newHash(m.Alg) == nil || im == nil {
			continue
		}
		if !v.sumIs(m.Alg, im.claimData, want) && !v.sumIs(m.Alg, b.Body, want) {
			m.add(Failure, "ingredient.manifest.mismatch", in.ManifestURL, "ingredient %q: the manifest's hash differs from the one the ingredient records", in.Title)
		}
	}
}

// checkHardBinding verifies the binding of the claim to the asset's bytes.
func (v *validator) checkHardBinding(m *Manifest) {
	dh := m.assertions("c2pa.hash.data")
	bmff := m.assertions("c2pa.hash.bmff")
	other := append(m.assertions("c2pa.hash.boxes"), m.assertions("c2pa.hash.collection.data")...)
	if len(dh) == 0 && len(bmff) == 0 && len(other) == 0 {
		m.add(Failure, "claim.hardBindings.missing", "", "the claim has no hard-binding assertion")
		return
	}
	for _, a := range other {
		m.add(Informational, "hardBinding.unverified", "self#jumbf=c2pa.assertions/"+a.Label, "docprov does not verify %s bindings", baseLabel(a.Label))
	}
	for _, a := range bmff {
		url := "self#jumbf=c2pa.assertions/" + a.Label
		ok, err := v.checkBMFF(m, a)
		var unv errUnverifiable
		switch {
		case v.ctx.Err() != nil:
			return
		case errors.As(err, &unv):
			m.add(Informational, "hardBinding.unverified", url, "%v", err)
		case err != nil:
			m.add(Failure, "assertion.bmffHash.mismatch", url, "%v", err)
		case ok:
			m.add(Success, "assertion.bmffHash.match", url, "the file's boxes match the BMFF hash")
		default:
			m.add(Failure, "assertion.bmffHash.mismatch", url, "the file's boxes differ from the ones signed")
		}
	}
	for _, a := range dh {
		url := "self#jumbf=c2pa.assertions/" + a.Label
		var d dataHashCBOR
		if err := unmarshal(a.data, &d); err != nil {
			m.add(Failure, "assertion.cbor.invalid", url, "%v", err)
			continue
		}
		h := newHash(m.hashAlg(d.Alg))
		if h == nil || m.hashAlg(d.Alg) == "" {
			m.add(Failure, "algorithm.unsupported", url, "hash algorithm %q", m.hashAlg(d.Alg))
			continue
		}
		if err := v.hashAsset(h, d); err != nil {
			if v.ctx.Err() != nil {
				return
			}
			m.add(Failure, "assertion.dataHash.mismatch", url, "%v", err)
			continue
		}
		if bytes.Equal(h.Sum(nil), d.Hash) {
			m.add(Success, "assertion.dataHash.match", url, "the asset's bytes match the data hash")
		} else {
			m.add(Failure, "assertion.dataHash.mismatch", url, "the asset's bytes differ from the ones signed")
		}
	}
}

// hashAsset hashes the asset's bytes outside the exclusions, streaming.
func (v *validator) hashAsset(h hash.Hash, d dataHashCBOR) error {
	type span struct{ start, end int64 }
	var ex []span
	for _, e := range d.Exclusions {
		if e.Start < 0 || e.Length < 0 || e.Start > v.size || e.Length > v.size-e.Start {
			return fmt.Errorf("exclusion %d+%d lies outside the %d-byte asset", e.Start, e.Length, v.size)
		}
		ex = append(ex, span{e.Start, e.Start + e.Length})
	}
	sort.Slice(ex, func(i, j int) bool { return ex[i].start < ex[j].start })
	pos := int64(0)
	for _, e := range ex {
		if e.start > pos {
			if err := v.hashRange(h, pos, e.start); err != nil {
				return err
			}
		}
		pos = max(pos, e.end)
	}
	return v.hashRange(h, pos, v.size)
}

// finish sums the validation up into the store's Outcome and Status.
func (st *Store) finish() {
	a := st.Active
	st.Status = append(st.Status, a.Status...)
	for _, in := range a.Ingredients {
		if in.Manifest == nil || in.Manifest == a {
			continue
		}
		for _, s := range in.Manifest.Status {
			if s.Kind == Failure {
				s.URL = "ingredient " + in.Label + ": " + s.URL
				st.Status = append(st.Status, s)
			}
		}
	}
	switch {
	case hasCode(a.Status, "com.adobe.prerelease"):
		st.Outcome = OutcomeUnsupported
	case a.claim == nil:
		st.Outcome = OutcomeMalformed
	case HasFailure(a.Status):
		st.Outcome = OutcomeInvalid
	case hasCode(a.Status, "signingCredential.trusted"):
		st.Outcome = OutcomeTrusted
	default:
		st.Outcome = OutcomeValid
	}
}

// IngredientsInvalid reports whether a manifest an ingredient relies on
// failed validation.
func (st *Store) IngredientsInvalid() bool {
	if st.Active == nil {
		return false
	}
	for _, in := range st.Active.Ingredients {
		if in.Manifest != nil && in.Manifest != st.Active && HasFailure(in.Manifest.Status) {
			return true
		}
	}
	return false
}

func hasCode(sts []Status, code string) bool {
	for _, s := range sts {
		if s.Code == code {
			return true
		}
	}
	return false
}
