// Package c2pa reads and validates C2PA Content Credentials, offline.
//
// A C2PA manifest store is a signed record of where a picture (or PDF,
// video …) came from: which device or program made it, which edits
// followed, which other assets went into it. Phones and cameras sign
// their photos with one, editors add a manifest per edit, and generative
// models declare their output as such (digitalSourceType
// trainedAlgorithmicMedia). For a forgery triage the store answers three
// questions: what does it claim (Manifest: the claim generator, the
// actions, the ingredients, the digital source types), does it still hold
// (Store.Outcome and Store.Status, with C2PA's status codes), and who
// signed it (Signature: the certificate's subject and issuer, the
// time-stamped signing time).
//
// # Where manifests live
//
// Locate finds the store in the asset's container, reading only its
// structure:
//
//	JPEG   APP11 segments of JUMBF ("JP", box instance En, sequence Z),
//	       put together in sequence order per instance: a store larger
//	       than one segment is split, each later segment repeating the
//	       superbox's header
//	PNG    the caBX chunk
//	WebP   the RIFF chunk "C2PA"
//	HEIF, AVIF, MP4 (ISO BMFF)
//	       a top-level uuid box of usertype d8fec3d6-1b0e-483c-9297-5828877ec481,
//	       purpose "manifest"
//	TIFF   IFD0 tag 0xCD41
//	PDF    an embedded file related as /AFRelationship /C2PA_Manifest: found
//	       by scanning for the store's superbox header, so a store in a
//	       compressed stream is not found
//
// A manifest can also live elsewhere, named by the asset's XMP
// (dcterms:provenance). docprov never goes to the network: formats/image
// records such a remote manifest as referenced (c2pa.remote_manifest,
// outcome "remote", status manifest.inaccessible) and does not fetch it.
//
// # What is parsed, and how
//
// The store is JUMBF (ISO/IEC 19566-5): ISO BMFF boxes, superboxes
// ("jumb") that open with a description box ("jumd": content-type UUID,
// toggles, label) and hold content boxes (cbor, json, embedded files).
// It is parsed here by hand, with the standard library: the format is a
// few dozen lines of length-prefixed boxes; no JUMBF package was found
// among the Go modules this project can use (none is listed in the
// package index it draws on), and validation needs the exact bytes of
// each box as stored (a hashed URI hashes a superbox's content, not a
// re-encoding of it), which a parser that decodes into structures and
// re-serialises would lose. Every box must lie within its parent; a store is at most
// MaxStoreBytes, with bounded box count and nesting.
//
// Claims (c2pa.claim and c2pa.claim.v2), assertions (c2pa.actions,
// c2pa.ingredient v1–v3, c2pa.hash.data) and the time-stamp header are
// CBOR, decoded with github.com/fxamacker/cbor/v2 under limits on nesting,
// array and map sizes. The claim signature is a COSE_Sign1 (RFC 9052),
// decoded and verified with github.com/veraison/go-cose. Certificates are
// parsed with crypto/x509 (an RSASSA-PSS key, which crypto/x509 leaves
// unparsed, is read as the RSA key it is). RFC 3161 time-stamp tokens are
// CMS SignedData, read with encoding/asn1: the standard library has no
// CMS and only a small part of it is needed. A panic in any third-party
// decoder becomes an error or a failure status.
//
// # What is verified
//
// For the active manifest (the store's last, the one about this asset):
//
//   - the claim signature over the claim's bytes, with the leaf of the
//     x5chain header (protected, or unprotected as older manifests put
//     it): claimSignature.validated or claimSignature.mismatch;
//     algorithm.unsupported for an algorithm go-cose does not verify;
//     signingCredential.invalid for an ECDSA signature in DER rather than
//     COSE's r|s form, as c2pa-rs rules (c2pa-ts 0.9.4 writes and accepts
//     such signatures: testdata/c2pa/der-ecdsa.jpg)
//   - the certificate's validity at the signing time (the time-stamp's,
//     else Options.Now): claimSignature.insideValidity or
//     signingCredential.expired
//   - the time-stamp (sigTst, or sigTst2): that its imprint is the hash of
//     what C2PA says is stamped (the COSE countersignature structure over
//     the claim, or over the signature for sigTst2) and that the
//     time-stamp authority's CMS signature over it verifies (RSA, ECDSA,
//     Ed25519; BER's constructed content octets are read too):
//     timeStamp.validated, else timeStamp.mismatch or timeStamp.malformed,
//     informational as in c2pa-rs. The authority itself is not checked
//     against a trust list.
//   - every hashed URI of the claim: the assertion exists
//     (assertion.missing) and the SHA-256/384/512 of its superbox's content
//     (description and content boxes, without the superbox's own header)
//     equals the claim's: assertion.hashedURI.match or .mismatch. An
//     assertion hashed the pre-1.0 way (its content alone) is
//     com.adobe.prerelease, as is a JSON claim: outcome "unsupported".
//   - the hard binding c2pa.hash.data: the asset's bytes outside the
//     exclusions (the store's own segments), streamed through the hash:
//     assertion.dataHash.match or .mismatch; and c2pa.hash.bmff.v2 for
//     HEIF/AVIF, over the top-level boxes outside its exclusions, each
//     preceded by its file offset: assertion.bmffHash.match or .mismatch.
//     The other bindings (bmff v3, nested xpaths, subsets and Merkle trees
//     of fragmented MP4, c2pa.hash.boxes, collections) are not verified:
//     the status says hardBinding.unverified, informational, and the
//     outcome rests on the rest. A claim with no hard binding at all fails
//     with claim.hardBindings.missing.
//   - each ingredient that names a manifest: the store must hold it
//     (claim.missing), its hash must match, and it is validated the same
//     way, recursively (up to maxIngredientDepth), without the hard
//     binding (its asset is not at hand). Its failures are reported with
//     the ingredient named, and make Store.IngredientsInvalid true, not the
//     active manifest invalid: a picture made from a tampered one is still
//     what its own manifest says. What the producer recorded of the
//     ingredient (validationStatus, validationResults) is kept as it was.
//
// Not verified: revocation (OCSP, CRLs: they need the network), CAWG
// identity assertions, the certificate profile C2PA requires of signers
// (key usage, EKU), update manifests' special rules, and the actions'
// cross-checks against ingredients added in C2PA 2.x.
//
// # Trust
//
// A valid signature says the claim is what its signer signed; whether the
// signer is anyone in particular is a question of trust. Options.Trust
// holds the anchors the caller trusts (ParseTrustPEM reads a PEM bundle:
// the C2PA trust list, an organisation's CA). A signer that chains to one
// of them, at the signing time, is signingCredential.trusted and the
// outcome "trusted". Without a trust list, or off it, the outcome is
// "valid" and the status says "signature valid, signer untrusted/unknown"
// (signingCredential.untrusted, informational): never trusted.
//
// # Outcomes
//
// Store.Outcome is "trusted", "valid", "invalid" (a failure status in the
// active manifest), "unsupported" (a pre-1.0 manifest) or "malformed" (no
// readable claim). On the public test files of c2pa-org, c2pa-rs,
// c2pa-ts, c2pa-js, c2pa-node and crTool it agrees with what those
// projects expect on every file but one, which they call trusted under
// the C2PA trust list the corpus does not hold (expected_test.go has the
// mapping). Of the two files their sources dispute, docprov follows
// c2patool on adobe-20220124-CAIAIIICAICIICAIICICA (valid: every
// signature and hash holds; c2pa-ts's ingredientMismatch applies an
// actions rule of C2PA 2.x to 1.x manifests) and c2pa-ts on
// adobe-20220124-E-uri-CIE-sig-CA as to the active manifest (valid: it is
// byte for byte that of CIE-sig-CA, whose expected outcome is "active
// manifest valid"), reporting the hashed-URI mismatch c2patool lists
// where it lies, in the ingredient's manifest, which fails: valid, with
// IngredientsInvalid.
//
// # In a Record
//
// Store.SetFields writes, under c2pa.: container, validation (the outcome),
// trust ("trusted" or "untrusted/unknown"), failures (the active
// manifest's failure codes), ingredients_invalid, status[i] (every status:
// kind, code, URL, explanation), manifests, active.label, claim.label,
// claim_generator, claim.title, claim.format, claim.instance_id,
// assertions, signature.alg, signature.subject, signature.issuer,
// signature.organization, signature.not_before, signature.not_after,
// signature.time and signature.tsa (the time-stamp), action[i] with
// .when, .software_agent, .digital_source_type and .description,
// digital_source_type[i], and ingredient[i] with .title, .format,
// .relationship, .instance_id, .document_id, .hash, .manifest,
// .claim_generator, .validation, .status, .digital_source_type and
// .recorded_status. The claim generator becomes a Software entry of role
// creator (it wrote and signed the final file), and so do the actions'
// software agents (creator for c2pa.created, editor for the later
// actions, as XMP history agents are); the active manifest's label
// and the claim's instance ID become identifiers (c2pa.manifest,
// c2pa.instanceID). formats/image calls Read for every JPEG, PNG, WebP,
// HEIF and TIFF, formats/pdf for a PDF whose catalog lists associated
// files (/AF); provenance's c2pa check weighs what it finds.
package c2pa
