package provenance_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/provenance"
)

// c2paRecord is a Record as formats/c2pa writes one, with fields set.
func c2paRecord(fields map[string]string) *provenance.Record {
	r := provenance.NewRecord()
	r.Format = "jpeg"
	for k, v := range fields {
		r.Fields.Set(k, v)
	}
	return r
}

func c2paFindings(r *provenance.Record) []provenance.Finding {
	return provenance.Run(&provenance.Pass{Record: r}, []*provenance.Check{provenance.C2PA})
}

func TestC2PANoManifestNoFinding(t *testing.T) {
	assert.Empty(t, c2paFindings(c2paRecord(nil)))
	assert.Empty(t, c2paFindings(c2paRecord(map[string]string{provenance.KeyC2PAValidation: "valid"})))
}

func TestC2PAGenerativeAI(t *testing.T) {
	r := c2paRecord(map[string]string{
		provenance.KeyC2PAValidation:                     "valid",
		provenance.KeyC2PAClaimGenerator:                 "Amazon_Bedrock c2pa-rs/0.32.7",
		provenance.KeyC2PADigitalSourceTypePrefix + "0]": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
	})
	fs := c2paFindings(r)
	require.Len(t, fs, 1)
	assert.Equal(t, "c2pa", fs[0].Check)
	assert.GreaterOrEqual(t, fs[0].Strength, 2.0, "a generator's own declaration is strong")
	assert.Contains(t, fs[0].Fields, provenance.KeyC2PADigitalSourceTypePrefix+"0]")
	assert.Contains(t, fs[0].Observed, "trainedAlgorithmicMedia")

	// A camera's capture is not generative.
	r = c2paRecord(map[string]string{
		provenance.KeyC2PAValidation:                     "valid",
		provenance.KeyC2PADigitalSourceTypePrefix + "0]": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture",
	})
	assert.Empty(t, c2paFindings(r))
}

func TestC2PAFailures(t *testing.T) {
	fs := c2paFindings(c2paRecord(map[string]string{
		provenance.KeyC2PAValidation: "invalid",
		provenance.KeyC2PAFailures:   "assertion.dataHash.mismatch",
	}))
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "hard binding")
	assert.Equal(t, []string{provenance.KeyC2PAFailures, provenance.KeyC2PAValidation}, fs[0].Fields)
	assert.Greater(t, fs[0].Strength, 1.0)

	fs = c2paFindings(c2paRecord(map[string]string{
		provenance.KeyC2PAValidation: "invalid",
		provenance.KeyC2PAFailures:   "claimSignature.mismatch",
	}))
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "altered after it was signed")
	assert.GreaterOrEqual(t, fs[0].Strength, 2.0)

	// A pre-1.0 manifest fails modern checks without being altered.
	assert.Empty(t, c2paFindings(c2paRecord(map[string]string{
		provenance.KeyC2PAValidation: "unsupported",
		provenance.KeyC2PAFailures:   "claimSignature.mismatch com.adobe.prerelease",
	})))

	// An expired certificate alone is no evidence of change.
	assert.Empty(t, c2paFindings(c2paRecord(map[string]string{
		provenance.KeyC2PAValidation: "invalid",
		provenance.KeyC2PAFailures:   "signingCredential.expired",
	})))
}

func TestC2PASigningTimeAgainstCapture(t *testing.T) {
	signed := time.Date(2023, 2, 12, 10, 0, 0, 0, time.UTC)
	mk := func(created provenance.Timestamp, actions ...string) *provenance.Record {
		r := c2paRecord(map[string]string{
			provenance.KeyC2PAValidation:       "valid",
			provenance.KeyC2PASigningTime:      signed.Format(time.RFC3339),
			provenance.KeyEXIFDateTimeOriginal: created.Time.Format("2006:01:02 15:04:05"),
		})
		for i, a := range actions {
			r.Fields.Set(provenance.KeyC2PAActionPrefix+string(rune('0'+i))+"]", a)
		}
		r.Created = created
		return r
	}
	// Captured two days after it was signed: impossible.
	fs := c2paFindings(mk(provenance.At(signed.Add(48*time.Hour)), "c2pa.created"))
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "after the time-stamped signing")
	assert.Contains(t, fs[0].Fields, provenance.KeyC2PASigningTime)
	assert.Contains(t, fs[0].Fields, provenance.KeyEXIFDateTimeOriginal)

	// A camera's manifest signed a week after the capture it records.
	fs = c2paFindings(mk(provenance.At(signed.Add(-7*24*time.Hour)), "c2pa.created"))
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "more than a day after")

	// An editor's manifest a week later is normal; so is a camera's
	// signed at the shutter.
	assert.Empty(t, c2paFindings(mk(provenance.At(signed.Add(-7*24*time.Hour)), "c2pa.created", "c2pa.edited")))
	assert.Empty(t, c2paFindings(mk(provenance.At(signed.Add(-2*time.Second)), "c2pa.created")))
	// A wall clock without offset two hours off is within the doubt.
	assert.Empty(t, c2paFindings(mk(provenance.Local(2023, 2, 12, 12, 0, 0, 0), "c2pa.created")))
}

func TestC2PACheckIsListed(t *testing.T) {
	assert.Contains(t, provenance.Checks(), provenance.C2PA)
	require.NoError(t, provenance.Validate(provenance.Checks()))
}

func TestC2PATrustedManifestIsEvidenceFor(t *testing.T) {
	fs := c2paFindings(c2paRecord(map[string]string{
		provenance.KeyC2PAValidation: "trusted",
		provenance.KeyC2PASigner:     "CN=Example Camera",
	}))
	require.Len(t, fs, 1)
	assert.Negative(t, fs[0].Weight)
	// Valid with an unknown signer is no evidence either way.
	assert.Empty(t, c2paFindings(c2paRecord(map[string]string{provenance.KeyC2PAValidation: "valid"})))
}

// A manifest stripped from a photo where every baseline photo of the same
// camera carries one is scrubbed's finding: the c2pa.* fields are
// metadata (keys.go's metadataPrefixes). A claim generator the baseline
// never shows is rare-value's.
func TestC2PABaselineChecks(t *testing.T) {
	photo := func(i int, signed bool) *provenance.Record {
		r := c2paRecord(map[string]string{
			"exif.IFD0.Make":  "Leica Camera AG",
			"exif.IFD0.Model": "M11-P",
		})
		r.Camera = &provenance.Camera{Make: "Leica Camera AG", Model: "M11-P"}
		r.AddSoftware(provenance.RoleDevice, "M11-P firmware 2.0.1", "exif.IFD0.Software")
		r.Path = fmt.Sprintf("photos/L%04d.jpg", i)
		r.SHA256 = fmt.Sprintf("%064x", i)
		if signed {
			r.Fields.Set(provenance.KeyC2PAValidation, "valid")
			r.Fields.Set(provenance.KeyC2PAClaimGenerator, "Leica M11-P")
		}
		return r
	}
	var genuine []*provenance.Record
	for i := range 20 {
		genuine = append(genuine, photo(i, true))
	}
	b := provenance.BuildBaseline(genuine)
	fs := checksNamed(provenance.Run(&provenance.Pass{Record: photo(99, false), Baseline: b}, provenance.Checks()), "scrubbed")
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Fields, provenance.KeyC2PAValidation)

	// A claim generator the baseline never shows is rare-value's: it is
	// a Software entry.
	odd := photo(98, true)
	odd.Fields.Set(provenance.KeyC2PAClaimGenerator, "Adobe_Photoshop/26.9.0 adobe_c2pa/0.14.2 c2pa-rs/0.43.0")
	odd.AddSoftware(provenance.RoleCreator, odd.Fields[provenance.KeyC2PAClaimGenerator], provenance.KeyC2PAClaimGenerator)
	for _, r := range genuine {
		r.AddSoftware(provenance.RoleCreator, "Leica M11-P", provenance.KeyC2PAClaimGenerator)
	}
	b = provenance.BuildBaseline(genuine)
	fs = checksNamed(provenance.Run(&provenance.Pass{Record: odd, Baseline: b}, provenance.Checks()), "rare-value")
	var on []string
	for _, f := range fs {
		on = append(on, f.Fields...)
	}
	assert.Contains(t, on, provenance.KeyC2PAClaimGenerator, "%+v", fs)
}
