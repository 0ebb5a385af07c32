package c2pa

import (
	"fmt"
	"strings"
	"time"

	"github.com/fxamacker/cbor/v2"
)

// A Store is a parsed, validated manifest store.
type Store struct {
	// Kind is the container the store was found in ("jpeg", "png" …).
	Kind string
	// Manifests in store order; the last is the active manifest, the one
	// about the asset itself. The others are its ingredients' manifests.
	Manifests []*Manifest
	// Active is the active manifest (nil when the store holds none).
	Active *Manifest
	// Outcome sums the validation up; see the Outcome constants.
	Outcome Outcome
	// Status is the store-wide validation log: the active manifest's
	// results and the failures of the ingredients it relies on, with
	// the ingredient named in Status.URL.
	Status []Status
	// Problems lists what could not be parsed, each saying where.
	Problems []string
}

// Outcome is a store's validation in one word.
type Outcome string

// The outcomes, from best to worst. An ingredient's failures do not make
// the active manifest invalid (an image made from a tampered photo is
// still what its own manifest says); IngredientsInvalid reports them.
const (
	// OutcomeTrusted: every check passed and the signer chains to an
	// anchor of the trust list the caller gave.
	OutcomeTrusted Outcome = "trusted"
	// OutcomeValid: every check passed; the signer is untrusted or
	// unknown (no trust list given, or not on it). Never "trusted".
	OutcomeValid Outcome = "valid"
	// OutcomeInvalid: a check failed: the signature, a hash, the
	// credential's validity.
	OutcomeInvalid Outcome = "invalid"
	// OutcomeUnsupported: the store is of a form docprov does not
	// validate (a pre-1.0 "prerelease" manifest with JSON claims).
	OutcomeUnsupported Outcome = "unsupported"
	// OutcomeMalformed: the store's boxes or claim could not be parsed.
	OutcomeMalformed Outcome = "malformed"
)

// A Manifest is one claim, its assertions and its signature.
type Manifest struct {
	Label      string // the manifest's JUMBF label: "urn:uuid:…" or "urn:c2pa:…"
	ClaimLabel string // "c2pa.claim" or "c2pa.claim.v2"
	// ClaimGenerator is the claim_generator string, or the name and
	// version of claim_generator_info.
	ClaimGenerator string
	Title          string // the claim's dc:title (v1)
	Format         string // the claim's dc:format (v1)
	InstanceID     string
	Alg            string // the claim's default hash algorithm

	Assertions  []*Assertion
	Actions     []Action
	Ingredients []*Ingredient
	// DigitalSourceTypes lists the IPTC digital source types the
	// actions name, without repeats, in order.
	DigitalSourceTypes []string

	Signature Signature
	// Status is this manifest's own validation log.
	Status []Status

	box       *Box
	claimData []byte
	claim     *claimCBOR
	checked   bool
}

// An Assertion is one assertion box of a manifest.
type Assertion struct {
	Label string // "c2pa.actions", "c2pa.hash.data", "c2pa.ingredient__1" …
	Type  string // the content type: "cbor", "json", "bidb" …
	box   *Box
	data  []byte // the content box's payload
}

// An Action is one entry of a c2pa.actions assertion.
type Action struct {
	Action            string // "c2pa.created", "c2pa.edited", "c2pa.opened" …
	When              string // as written (RFC 3339)
	SoftwareAgent     string
	DigitalSourceType string // an IPTC URI
	Description       string
}

// An Ingredient is one c2pa.ingredient assertion: an asset this one was
// made from, and, when the ingredient had Content Credentials, the
// validation of its manifest.
type Ingredient struct {
	Label        string // the assertion's label
	Title        string
	Format       string
	InstanceID   string
	DocumentID   string
	Relationship string // parentOf, componentOf, inputTo
	// ManifestURL is the JUMBF URI of the ingredient's manifest in this
	// store, when it has one; Hash its hash (hex) as the claim gives it.
	ManifestURL string
	Hash        string
	// Manifest is the ingredient's manifest, validated, when the store
	// holds it.
	Manifest *Manifest
	// Recorded is the validation status the producer recorded when it
	// added the ingredient (validationStatus, or v3 validationResults).
	Recorded []Status
}

// Signature is what the claim signature says about its signer.
type Signature struct {
	Alg          string // COSE algorithm name: "ES256", "PS256" …
	Subject      string // the signing certificate's subject
	Issuer       string
	Organization string // the subject's O
	NotBefore    time.Time
	NotAfter     time.Time
	// Time is the signing time from the RFC 3161 time-stamp (sigTst or
	// sigTst2), zero without one. TimeStampAuthority names its signer.
	Time               time.Time
	TimeStampAuthority string
}

// Status is one validation result, with C2PA's status code.
type Status struct {
	Code        string `json:"code"`
	URL         string `json:"url,omitempty"`
	Explanation string `json:"explanation,omitempty"`
	// Kind is "success", "failure" or "informational", as the code's
	// place in the C2PA specification's tables.
	Kind string `json:"kind"`
}

// Status kinds.
const (
	Success       = "success"
	Failure       = "failure"
	Informational = "informational"
)

// HasFailure reports whether statuses hold a failure.
func HasFailure(sts []Status) bool {
	for _, s := range sts {
		if s.Kind == Failure {
			return true
		}
	}
	return false
}

// Codes returns the statuses' codes in order.
func Codes(sts []Status) []string {
	out := make([]string, 0, len(sts))
	for _, s := range sts {
		out = append(out, s.Code)
	}
	return out
}

func (m *Manifest) add(kind, code, url, format string, args ...any) {
	m.Status = append(m.Status, Status{Code: code, URL: url, Explanation: fmt.Sprintf(format, args...), Kind: kind})
}

// The CBOR of a claim, v1 (c2pa.claim) and v2 (c2pa.claim.v2) in one.
type claimCBOR struct {
	ClaimGenerator     string          `cbor:"claim_generator"`
	ClaimGeneratorInfo cbor.RawMessage `cbor:"claim_generator_info"`
	Signature          string          `cbor:"signature"`
	Assertions         []hashedURI     `cbor:"assertions"`
	CreatedAssertions  []hashedURI     `cbor:"created_assertions"`
	GatheredAssertions []hashedURI     `cbor:"gathered_assertions"`
	Format             string          `cbor:"dc:format"`
	Title              string          `cbor:"dc:title"`
	InstanceID         string          `cbor:"instanceID"`
	Alg                string          `cbor:"alg"`
}

type hashedURI struct {
	URL  string `cbor:"url"`
	Alg  string `cbor:"alg"`
	Hash []byte `cbor:"hash"`
}

type generatorInfo struct {
	Name    string `cbor:"name"`
	Version string `cbor:"version"`
}

// decMode decodes untrusted CBOR within fixed bounds.
var decMode = func() cbor.DecMode {
	m, err := cbor.DecOptions{
		MaxNestedLevels:  32,
		MaxArrayElements: 1 << 16,
		MaxMapPairs:      1 << 16,
	}.DecMode()
	if err != nil {
		panic(err)
	}
	return m
}()

func unmarshal(b []byte, v any) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("cbor decoder panicked: %v", p)
		}
	}()
	return decMode.Unmarshal(b, v)
}

// generator returns the claim generator as one string.
func (c *claimCBOR) generator() string {
	if c.ClaimGenerator != "" {
		return c.ClaimGenerator
	}
	if len(c.ClaimGeneratorInfo) == 0 {
		return ""
	}
	var one generatorInfo
	if unmarshal(c.ClaimGeneratorInfo, &one) == nil && one.Name != "" {
		return strings.TrimSpace(one.Name + " " + one.Version)
	}
	var list []generatorInfo
	if unmarshal(c.ClaimGeneratorInfo, &list) == nil {
		var parts []string
		for _, g := range list {
			parts = append(parts, strings.TrimSpace(g.Name+" "+g.Version))
		}
		return strings.Join(parts, ", ")
	}
	return ""
}

// allAssertions returns the hashed URIs of every assertion the claim
// names (v1's list, or v2's created and gathered ones).
func (c *claimCBOR) allAssertions() []hashedURI {
	out := append([]hashedURI(nil), c.Assertions...)
	out = append(out, c.CreatedAssertions...)
	return append(out, c.GatheredAssertions...)
}

// actionsCBOR is c2pa.actions (v1) and c2pa.actions.v2.
type actionsCBOR struct {
	Actions []struct {
		Action            string          `cbor:"action"`
		When              string          `cbor:"when"`
		SoftwareAgent     cbor.RawMessage `cbor:"softwareAgent"`
		DigitalSourceType string          `cbor:"digitalSourceType"`
		Description       string          `cbor:"description"`
	} `cbor:"actions"`
}

// agent reads a softwareAgent: a string (v1) or a generator-info map (v2).
func agent(raw cbor.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if unmarshal(raw, &s) == nil {
		return s
	}
	var g generatorInfo
	if unmarshal(raw, &g) == nil {
		return strings.TrimSpace(g.Name + " " + g.Version)
	}
	return ""
}

// ingredientCBOR is c2pa.ingredient v1, v2 and v3 in one.
type ingredientCBOR struct {
	Title            string          `cbor:"dc:title"`
	Format           string          `cbor:"dc:format"`
	InstanceID       string          `cbor:"instanceID"`
	DocumentID       string          `cbor:"documentID"`
	Relationship     string          `cbor:"relationship"`
	C2PAManifest     *hashedURI      `cbor:"c2pa_manifest"`
	ActiveManifest   *hashedURI      `cbor:"activeManifest"`
	ValidationStatus []statusCBOR    `cbor:"validationStatus"`
	ValidationResult *validationCBOR `cbor:"validationResults"`
}

type statusCBOR struct {
	Code        string `cbor:"code"`
	URL         string `cbor:"url"`
	Explanation string `cbor:"explanation"`
}

type validationCBOR struct {
	ActiveManifest *struct {
		Success       []statusCBOR `cbor:"success"`
		Informational []statusCBOR `cbor:"informational"`
		Failure       []statusCBOR `cbor:"failure"`
	} `cbor:"activeManifest"`
}

// dataHashCBOR is c2pa.hash.data.
type dataHashCBOR struct {
	Exclusions []struct {
		Start  int64 `cbor:"start"`
		Length int64 `cbor:"length"`
	} `cbor:"exclusions"`
	Name string `cbor:"name"`
	Alg  string `cbor:"alg"`
	Hash []byte `cbor:"hash"`
}
