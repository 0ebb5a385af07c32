package ooxml

import "github.com/docprov/docprov/formats/internal/textdigest"

// FullRead is a Format that walks every token of every part, for the tests
// that check skimming changes nothing.
var FullRead = Format{fullRead: true}

// DigestText returns the normalized text the content digest hashes for a
// Word main part, a slide, or a worksheet (with its shared strings part).
func DigestText(kind string, part, sharedStrings []byte) string {
	var out []byte
	d := textdigest.Digest{Tee: &out}
	switch kind {
	case "word":
		digestRuns(&d, part, wordText)
	case "slide":
		digestRuns(&d, part, drawingText)
	case "sheet":
		digestSheet(&d, part, readSharedStrings(&d, sharedStrings))
	}
	d.Flush()
	return string(out)
}
