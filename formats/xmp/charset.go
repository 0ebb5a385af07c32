package xmp

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Text decoding happens before encoding/xml sees the packet, for two
// reasons. XMP allows UTF-16 and UTF-32 (JPEG writers such as older ExifTool
// and Photoshop versions emitted UTF-16 packets, often without a byte order
// mark), which encoding/xml cannot read at all. And real packets carry bytes
// that encoding/xml rejects outright — Latin-1 text in a packet that declares
// nothing, stray control characters — where a forensic reader wants the rest
// of the packet rather than an error. So parse first turns the input into
// clean UTF-8, and the decoder's CharsetReader then only has to accept the
// label that the XML declaration still carries (see passThrough).

// Text encodings recognised from the first bytes of a packet.
const (
	encUTF8 = iota
	encUTF16BE
	encUTF16LE
	encUTF32BE
	encUTF32LE
)

// sniffEncoding looks at the byte order mark or, when there is none, at the
// pattern of zero bytes around the first '<' (XML 1.0 appendix F). It
// returns the encoding and the length of the byte order mark to skip.
func sniffEncoding(b []byte) (enc, bom int) {
	switch {
	case bytes.HasPrefix(b, []byte{0x00, 0x00, 0xFE, 0xFF}):
		return encUTF32BE, 4
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0x00, 0x00}):
		return encUTF32LE, 4
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return encUTF8, 3
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return encUTF16BE, 2
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return encUTF16LE, 2
	case bytes.HasPrefix(b, []byte{0x00, 0x00, 0x00, '<'}):
		return encUTF32BE, 0
	case bytes.HasPrefix(b, []byte{'<', 0x00, 0x00, 0x00}):
		return encUTF32LE, 0
	case len(b) >= 2 && b[0] == 0x00 && b[1] != 0x00:
		return encUTF16BE, 0
	case len(b) >= 2 && b[0] != 0x00 && b[1] == 0x00:
		return encUTF16LE, 0
	}
	return encUTF8, 0
}

// decodeWide turns UTF-16 or UTF-32 text into UTF-8. Unpaired surrogates
// and out-of-range code points become U+FFFD; a trailing odd byte is
// dropped.
func decodeWide(b []byte, enc int) []byte {
	out := make([]byte, 0, len(b))
	switch enc {
	case encUTF16BE, encUTF16LE:
		u := make([]uint16, 0, len(b)/2)
		for i := 0; i+1 < len(b); i += 2 {
			if enc == encUTF16BE {
				u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
			} else {
				u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
			}
		}
		for _, r := range utf16.Decode(u) {
			out = utf8.AppendRune(out, r)
		}
	case encUTF32BE, encUTF32LE:
		for i := 0; i+3 < len(b); i += 4 {
			var r uint32
			if enc == encUTF32BE {
				r = uint32(b[i])<<24 | uint32(b[i+1])<<16 | uint32(b[i+2])<<8 | uint32(b[i+3])
			} else {
				r = uint32(b[i+3])<<24 | uint32(b[i+2])<<16 | uint32(b[i+1])<<8 | uint32(b[i])
			}
			if r > utf8.MaxRune {
				r = utf8.RuneError
			}
			// AppendRune writes U+FFFD for surrogates.
			out = utf8.AppendRune(out, rune(r))
		}
	default:
		return b
	}
	return out
}

// declaredEncoding returns the encoding named by the XML declaration at the
// start of b (after whitespace and any other processing instructions, since
// some writers put <?xpacket begin?> first), or "" when there is none.
func declaredEncoding(b []byte) string {
	const maxScan = 4096 // a declaration is at the very start; don't read a whole hostile file
	if len(b) > maxScan {
		b = b[:maxScan]
	}
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		if !bytes.HasPrefix(b, []byte("<?")) {
			return ""
		}
		end := bytes.Index(b[2:], []byte("?>")) // from 2: in "<?>" the "?" must not count twice
		if end < 0 {
			return ""
		}
		pi := b[2 : 2+end]
		b = b[2+end+2:]
		if len(pi) < 4 || string(pi[:3]) != "xml" || !isSpace(pi[3]) {
			continue
		}
		return pseudoAttr(string(pi[3:]), "encoding")
	}
}

// pseudoAttr reads name="value" (or 'value') from the inside of a
// processing instruction.
func pseudoAttr(s, name string) string {
	for {
		i := strings.Index(s, name)
		if i < 0 {
			return ""
		}
		s = strings.TrimLeft(s[i+len(name):], " \t\r\n")
		if !strings.HasPrefix(s, "=") {
			continue
		}
		s = strings.TrimLeft(s[1:], " \t\r\n")
		if s == "" || (s[0] != '"' && s[0] != '\'') {
			return ""
		}
		q := s[0]
		s = s[1:]
		j := strings.IndexByte(s, q)
		if j < 0 {
			return ""
		}
		return s[:j]
	}
}

// Charset families parse knows how to read from an encoding label.
const (
	csUTF8    = iota // UTF-8, or no declaration
	csWide           // UTF-16/32: already decoded from the byte pattern
	csWin1252        // ISO-8859-1, windows-1252, ASCII
	csUnknown        // anything else: read as UTF-8, with repair
)

func charsetFamily(label string) int {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "", "utf-8", "utf8":
		return csUTF8
	case "utf-16", "utf-16be", "utf-16le", "utf16", "ucs-2", "ucs2", "iso-10646-ucs-2",
		"utf-32", "utf-32be", "utf-32le", "utf32", "ucs-4", "iso-10646-ucs-4":
		return csWide
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "latin1", "latin-1", "l1",
		"cp819", "ibm819", "iso-ir-100", "csisolatin1",
		"windows-1252", "cp1252", "x-cp1252", "ms-ansi",
		"us-ascii", "ascii", "iso646-us", "ansi_x3.4-1968":
		// WHATWG decodes all of these as windows-1252; real "ISO-8859-1"
		// packets written on Windows use its 0x80–0x9F punctuation.
		return csWin1252
	}
	return csUnknown
}

// win1252High maps bytes 0x80–0x9F of windows-1252. The five bytes the code
// page leaves undefined map to the C1 control of the same value, as WHATWG
// does.
var win1252High = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

func win1252Rune(c byte) rune {
	if c >= 0x80 && c < 0xA0 {
		return win1252High[c-0x80]
	}
	return rune(c)
}

// decode1252 turns windows-1252 bytes into UTF-8.
func decode1252(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	for _, c := range b {
		if c < utf8.RuneSelf {
			out = append(out, c)
		} else {
			out = utf8.AppendRune(out, win1252Rune(c))
		}
	}
	return out
}

// repairUTF8 makes b acceptable to encoding/xml: bytes that are not valid
// UTF-8 are read as windows-1252 (the usual cause is Latin-1 text written
// into a packet that claims UTF-8), and characters XML forbids (C0 controls
// other than tab, newline and carriage return; U+FFFE and U+FFFF) become
// U+FFFD. It reports what it changed, so that the caller can say so.
func repairUTF8(b []byte) (out []byte, badBytes, badChars int) {
	if cleanUTF8(b) {
		return b, 0, 0
	}
	out = make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			out = utf8.AppendRune(out, win1252Rune(b[i]))
			badBytes++
			i++
			continue
		case !xmlChar(r):
			out = utf8.AppendRune(out, utf8.RuneError)
			badChars++
		default:
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out, badBytes, badChars
}

// cleanUTF8 is the fast path of repairUTF8: true when nothing needs fixing.
func cleanUTF8(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if (r == utf8.RuneError && n <= 1) || !xmlChar(r) {
			return false
		}
		i += n
	}
	return true
}

// repairCharRefs replaces character references to characters XML forbids
// ("&#1;", "&#x1F;", "&#xFFFE;") with U+FFFD and returns how many it
// replaced. encoding/xml rejects such a reference with a syntax error even
// in non-strict mode, which ends the packet there; Ghostscript (9.04
// among others) writes control characters of a PDF title this way, so one
// of them cost every property after it. References too large to be a code
// point are left alone: encoding/xml keeps those as literal text. Nothing
// inside a CDATA section or a comment is a reference, so those are
// skipped.
func repairCharRefs(b []byte) ([]byte, int) {
	if !bytes.Contains(b, []byte("&#")) {
		return b, 0
	}
	var out []byte // nil until the first replacement
	n, last := 0, 0
	for i := 0; i < len(b); {
		switch {
		case bytes.HasPrefix(b[i:], []byte("<![CDATA[")):
			i = skipPast(b, i, "]]>")
			continue
		case bytes.HasPrefix(b[i:], []byte("<!--")):
			i = skipPast(b, i, "-->")
			continue
		case b[i] != '&' || i+1 >= len(b) || b[i+1] != '#':
			i++
			continue
		}
		r, end, ok := parseCharRef(b[i:])
		if !ok {
			i += 2
			continue
		}
		if !xmlChar(r) {
			out = append(out, b[last:i]...)
			out = utf8.AppendRune(out, utf8.RuneError)
			last = i + end
			n++
		}
		i += end
	}
	if out == nil {
		return b, 0
	}
	return append(out, b[last:]...), n
}

// skipPast returns the index just past the first end after b[i:], or
// len(b) when the section is not closed.
func skipPast(b []byte, i int, end string) int {
	j := bytes.Index(b[i:], []byte(end))
	if j < 0 {
		return len(b)
	}
	return i + j + len(end)
}

// parseCharRef reads the character reference "&#N;" or "&#xH;" that b
// starts with, as encoding/xml does: it returns the code point and the
// reference's length, and ok false when b holds no complete reference or
// its number is beyond the last code point.
func parseCharRef(b []byte) (r rune, length int, ok bool) {
	i, base := 2, 10
	if i < len(b) && b[i] == 'x' {
		i, base = 3, 16
	}
	start := i
	var v uint64
digits:
	for ; i < len(b); i++ {
		c := b[i]
		var d uint64
		switch {
		case '0' <= c && c <= '9':
			d = uint64(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			d = uint64(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = uint64(c-'A') + 10
		default:
			break digits
		}
		if v = v*uint64(base) + d; v > utf8.MaxRune {
			v = utf8.MaxRune + 1 // stays too large however many digits follow
		}
	}
	if i == start || i >= len(b) || b[i] != ';' || v > utf8.MaxRune {
		return 0, 0, false
	}
	return rune(v), i + 1, true
}

// xmlChar reports whether r is in XML 1.0's Char production.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		(r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) ||
		(r >= 0x10000 && r <= 0x10FFFF)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

// passThrough is the decoder's CharsetReader. By the time encoding/xml reads
// the declaration, parse has already turned the text into UTF-8 (see the
// comment at the top of this file), so every label is accepted and the bytes
// pass through unchanged. Without a CharsetReader encoding/xml would reject
// any label other than UTF-8.
func passThrough(label string, r io.Reader) (io.Reader, error) {
	return r, nil
}

// toUTF8 turns a raw packet into clean UTF-8 and returns the warnings to
// record about what it had to guess or repair.
func toUTF8(b []byte) ([]byte, []string) {
	var warn []string
	enc, bom := sniffEncoding(b)
	b = b[bom:]
	if enc != encUTF8 {
		b = decodeWide(b, enc)
	}
	label := declaredEncoding(b)
	switch charsetFamily(label) {
	case csWin1252:
		if enc == encUTF8 {
			b = decode1252(b)
		}
	case csUnknown:
		warn = append(warn, fmt.Sprintf("unsupported encoding %q: read as UTF-8", label))
	}
	b, badBytes, badChars := repairUTF8(b)
	b, badRefs := repairCharRefs(b)
	badChars += badRefs
	if badBytes > 0 {
		warn = append(warn, fmt.Sprintf("%d bytes of invalid UTF-8 read as windows-1252", badBytes))
	}
	if badChars > 0 {
		// One warning for raw characters and references alike: both are
		// the same fault, a character XML forbids, repaired the same way.
		warn = append(warn, fmt.Sprintf("%d characters not allowed in XML replaced by U+FFFD", badChars))
	}
	return b, warn
}
