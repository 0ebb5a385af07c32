package xmlscan

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// ToUTF8 returns b as UTF-8 for the Scanner: it drops a UTF-8 byte order
// mark, transcodes UTF-16 that starts with a byte order mark (some
// customXml items and hand-made parts are UTF-16), and transcodes the
// Latin-1 family (ISO-8859-1, Windows-1252, read as Latin-1: Windows-1252's
// extra characters in 0x80–0x9F are rare in metadata) when the XML
// declaration names it. ASCII and UTF-8 under any spelling pass as they
// are. Any other declared encoding is an error. b itself is never modified.
func ToUTF8(b []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		le := b[0] == 0xFF
		u := make([]uint16, 0, len(b)/2)
		for i := 2; i+1 < len(b); i += 2 {
			if le {
				u = append(u, uint16(b[i])|uint16(b[i+1])<<8)
			} else {
				u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
			}
		}
		out := make([]byte, 0, len(u))
		for _, r := range utf16.Decode(u) {
			out = utf8.AppendRune(out, r)
		}
		return out, nil // its declaration's "UTF-16" now describes the source
	}
	enc := declaredEncoding(b)
	switch strings.ToLower(enc) {
	case "", "utf-8", "utf8", "unicode-1-1-utf-8", "us-ascii", "ascii", "utf-16", "unicode":
		return b, nil
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252":
		out := make([]byte, 0, len(b)+len(b)/8)
		for _, c := range b {
			out = utf8.AppendRune(out, rune(c))
		}
		return out, nil
	default:
		return nil, fmt.Errorf("unsupported XML encoding %q", enc)
	}
}

// declaredEncoding returns the encoding named by the XML declaration at the
// start of b, or "" when there is none.
func declaredEncoding(b []byte) string {
	if !bytes.HasPrefix(b, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(b, []byte("?>"))
	if end < 0 {
		return ""
	}
	decl := b[:end]
	i := bytes.Index(decl, []byte("encoding"))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(decl[i+len("encoding"):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '=' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	j := bytes.IndexByte(rest[1:], rest[0])
	if j < 0 {
		return ""
	}
	return strings.TrimSpace(string(rest[1 : 1+j]))
}
