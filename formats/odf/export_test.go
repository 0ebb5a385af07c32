package odf

import (
	"github.com/docprov/docprov/formats/internal/textdigest"
	"github.com/docprov/docprov/formats/internal/xmlscan"
)

// FullRead is a Format that reads every token of every part, for the tests
// that check skipping changes nothing.
var FullRead = Format{fullRead: true}

// DigestText returns the normalized text the content digest hashes for a
// content.xml (or flat document).
func DigestText(part []byte) string {
	sc := xmlscan.New(part)
	for {
		k, err := sc.Next()
		if err != nil {
			return ""
		}
		if k == xmlscan.StartElement && sc.Start().Name.Local == "body" && sc.Depth() == 2 {
			break
		}
	}
	var out []byte
	d := textdigest.Digest{Tee: &out, Collect: true}
	digestBody(&d, part, sc.Offset(), newDigestNames(sc))
	d.Flush()
	return string(out)
}
