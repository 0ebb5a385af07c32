package provenance

import "sort"

// DeclaredKeys lists the Fields keys, and the key prefixes (ending in "["
// or "."), that checks read through the declarations of this file: the
// sources of each normalized time, ZIP package entries and times, fonts,
// default fonts and languages, and the keys of the PDF structure, the PDF
// fingerprint and C2PA. A format writes them; a declaration no format
// writes is a check that never runs, which TestDeclaredKeysAreWritten
// looks for.
func DeclaredKeys() []string {
	var out []string
	for _, keys := range timeSources {
		out = append(out, keys...)
	}
	out = append(out, packageTimePrefixes[:]...)
	out = append(out, packageEntryPrefixes[:]...)
	out = append(out, fontPrefixes[:]...)
	out = append(out, defaultFontKeys[:]...)
	for _, keys := range defaultLanguageKeys {
		out = append(out, keys...)
	}
	out = append(out,
		KeyContentDigest, KeyContentChars, keyPagePrefix,
		KeyPDFRevisions, KeyPDFSignatures, KeyPDFTrailerID0, KeyPDFTrailerID1, KeyPDFLinearized, KeyPDFLinearizedBad,
		KeyPDFLinearizedLen, KeyPDFSignaturePrefix, KeyPDFRevisionPrefix, KeyPDFFontPrefix,
		KeyPDFFingerprintProducer, KeyPDFFingerprintOriginal, KeyPDFFingerprintUpdater,
		KeyImageEXIFDimensionsMatch, KeyMakerNotePrefix,
		KeyC2PAContainer, KeyC2PAValidation, KeyC2PATrust, KeyC2PAFailures, KeyC2PAIngredientsInvalid,
		KeyC2PAClaimGenerator, KeyC2PASigner, KeyC2PASigningTime, KeyC2PARemote,
		KeyC2PADigitalSourceTypePrefix, KeyC2PAActionPrefix,
	)
	sort.Strings(out)
	return out
}

// DeclaredIdentifierKinds lists the identifier kinds formats record, as
// declared in identifierKinds, without those docprov derives from a
// document's claims (claimed.times and the like), which no format writes.
func DeclaredIdentifierKinds() []string {
	derived := map[string]bool{KindClaimedTimes: true, KindClaimedCreation: true, KindClaimedEffort: true, KindPage: true, KindCaptureSettings: true}
	var out []string
	for k := range identifierKinds {
		if !derived[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
