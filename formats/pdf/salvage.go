package pdf

import (
	"bytes"
	"context"
	"io"
	"regexp"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/docprov/docprov/formats/xmp"
	"github.com/docprov/docprov/provenance"
)

// Salvage reads provenance from a PDF whose structure pdfcpu cannot parse
// (a truncated download, a broken xref, a fuzzed file). It looks for the
// XMP packet and for Info-style "/Key (string)" entries directly in the
// bytes. That finds uncompressed metadata only, which is where most
// producers put it; the Record says it was salvaged.

// MaxSalvageBytes is the most of a broken file the salvage reads.
const MaxSalvageBytes = 64 << 20

var infoEntryRe = regexp.MustCompile(`/(Title|Author|Subject|Keywords|Creator|Producer|CreationDate|ModDate)\s*(\(|<[0-9A-Fa-f\s]*>)`)

func readPrefix(r io.ReaderAt, size int64) []byte {
	n := min(size, MaxSalvageBytes)
	b := make([]byte, n)
	k, _ := r.ReadAt(b, 0)
	return b[:k]
}

// salvage fills rec from raw bytes and reports whether it found anything.
// With withXMP false the XMP packet is not looked for: the caller already
// parsed the document's packet, and its error is already recorded.
func salvage(ctx context.Context, rec *provenance.Record, r io.ReaderAt, size int64, withXMP bool) bool {
	if ctx.Err() != nil {
		return false
	}
	data := readPrefix(r, size)
	found := false
	if pkt := xmp.Find(data); withXMP && pkt != nil && len(rec.Fields.WithPrefix("pdf.xmp.")) == 0 {
		if err := addXMP(rec, pkt); err != nil {
			rec.AddProblem("xmp metadata: %v", err)
		}
		found = true
	}
	if len(rec.Fields.WithPrefix("pdf.info.")) > 0 {
		// The parser read the Info dictionary: nothing to salvage there.
		return found
	}
	// The last occurrence of a key wins, as an incremental update's Info
	// dictionary replaces the earlier one.
	for _, m := range infoEntryRe.FindAllSubmatchIndex(data, -1) {
		key := string(data[m[2]:m[3]])
		var obj types.Object
		if data[m[4]] == '(' {
			lit, ok := literalString(data[m[4]:])
			if !ok {
				continue
			}
			obj = types.StringLiteral(lit)
		} else {
			hexs := bytes.Map(func(r rune) rune {
				if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
					return -1
				}
				return r
			}, data[m[4]+1:m[5]-1])
			obj = types.HexLiteral(hexs)
		}
		if s := objectText(obj); s != "" {
			rec.Fields.Set("pdf.info."+key, s)
			found = true
		}
	}
	if found {
		rec.Fields.Set("pdf.salvaged", "true")
	}
	return found
}

// salvageEncrypted keeps what an encrypted file shows without its password:
// the trailer /ID (never encrypted) and an XMP stream left in clear text
// (/EncryptMetadata false).
func salvageEncrypted(ctx context.Context, rec *provenance.Record, r io.ReaderAt, size int64) {
	if ctx.Err() != nil {
		return
	}
	data := readPrefix(r, size)
	if m := trailerIDRe.FindAllSubmatch(data, -1); len(m) > 0 {
		last := m[len(m)-1]
		readTrailerID(rec, types.Array{types.HexLiteral(last[1]), types.HexLiteral(last[2])})
	}
	if pkt := xmp.Find(data); pkt != nil {
		if err := addXMP(rec, pkt); err == nil {
			finish(rec)
		}
	}
}

var trailerIDRe = regexp.MustCompile(`/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]`)

// literalString returns the body of the PDF literal string starting at
// b[0] == '(', honouring nested parentheses and backslash escapes, or false
// when it does not end within 64 KiB.
func literalString(b []byte) (string, bool) {
	depth := 0
	for i := 0; i < len(b) && i < 64<<10; i++ {
		switch b[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(b[1:i]), true
			}
		}
	}
	return "", false
}
