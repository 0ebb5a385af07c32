package email

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"
)

// field is one header field as the message wrote it. Raw keeps the exact
// bytes (name, colon, folded lines and the final CRLF) because DKIM's
// "simple" canonicalization signs them as they are.
type field struct {
	Name  string // as written, e.g. "Message-ID"
	Value string // unfolded, trimmed, not decoded
	Raw   []byte
	// Cut is set for a field not read whole (MaxHeaderField, MaxHeader):
	// Value holds its start, Raw what was read, and DKIM cannot judge a
	// signature over it.
	Cut bool
}

// toCRLF turns bare LF line ends into CRLF. Messages saved to disk (and
// every MBOX) commonly lose their CRs, while RFC 5322 and DKIM are defined
// over CRLF: restoring them is what every verifier does with a local copy.
func toCRLF(b []byte) []byte {
	n := bytes.Count(b, []byte("\n")) - bytes.Count(b, []byte("\r\n"))
	if n == 0 {
		return b
	}
	out := make([]byte, 0, len(b)+n)
	for i, c := range b {
		if c == '\n' && (i == 0 || b[i-1] != '\r') {
			out = append(out, '\r')
		}
		out = append(out, c)
	}
	return out
}

// MaxHeaderField caps the bytes of one header field (its name, folded
// lines and line ends) and MaxHeader the whole header block. Real fields
// stay far below: a DKIM-Signature with a 4096-bit key is about 1 KB, the
// References of a long thread some tens of KB. The caps keep a hostile
// header (megabytes of folding in one field, millions of fields) from
// holding memory or feeding the address, date and DKIM parsers
// unbounded input. What is past a cap is skipped to the blank line, so the
// body and attachments are still read, and the message's Record says which
// cap was hit.
const (
	MaxHeaderField = 1 << 20
	MaxHeader      = 8 << 20
)

// headerBlock is a message's header as splitHeader reads it.
type headerBlock struct {
	fields []field
	body   []byte
	// bad is the line that ended the header early ("" when the blank
	// line did, or the message ended).
	bad string
	// capped lists the caps the header hit, as Record problems.
	capped []string
	// cut is set when fields past MaxHeader were skipped: some fields of
	// the message are not in fields.
	cut bool
}

// ctxCheckLines is how many lines a loop reads between two ctx checks: a
// check costs a lock, a line a few nanoseconds.
const ctxCheckLines = 1024

// splitHeader parses the header block of a CRLF message and returns its
// fields in order and the body (after the empty line). A line that is
// neither a field nor a continuation ends the header, as a lenient reader
// must: it is reported in bad, and the rest is treated as the body. A
// byte-order mark and blank lines before the first field are skipped
// (saved messages and exported mailboxes have them), as Match does.
//
// Folded values are built in one buffer per field (appending to a string
// would copy the value once per continuation line: quadratic in the
// field's size). The only error is ctx's.
func splitHeader(ctx context.Context, msg []byte) (headerBlock, error) {
	var (
		hb      headerBlock
		rest    = msg[leadIn(msg):]
		total   int    // bytes of the fields kept, for MaxHeader
		value   []byte // the unfolded value of the last field, being built
		skipped int    // bytes of the current field past a cap
		over    int    // fields not kept past MaxHeader
		lines   int
	)
	// flush finishes the last field: its value, and a problem if it was
	// cut at MaxHeaderField.
	flush := func() {
		if len(hb.fields) == 0 {
			return
		}
		f := &hb.fields[len(hb.fields)-1]
		// Value is the text docprov reports (Raw keeps the exact bytes for
		// DKIM): a byte that is not UTF-8 (a raw 8-bit header) becomes
		// U+FFFD, as the Record's JSON would write it anyway.
		f.Value = string(bytes.ToValidUTF8(value, []byte("\uFFFD")))
		if skipped > 0 && !hb.cut {
			hb.capped = append(hb.capped, fmt.Sprintf("header: field %s longer than the %d-byte cap on one field (MaxHeaderField): %d bytes of it not read",
				clip(f.Name, 60), MaxHeaderField, skipped))
		}
		value, skipped = value[:0], 0
	}
	garbled := 0
	for len(rest) > 0 {
		if lines++; lines%ctxCheckLines == 0 {
			if err := ctx.Err(); err != nil {
				return headerBlock{}, err
			}
		}
		i := bytes.Index(rest, []byte("\r\n"))
		var line []byte
		if i < 0 {
			line, i = rest, len(rest)
		} else {
			line, i = rest[:i], i+2
		}
		if len(line) == 0 {
			hb.body = rest[i:]
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if len(hb.fields) == 0 {
				hb.body, hb.bad = rest, "header starts with a continuation line"
				break
			}
			f := &hb.fields[len(hb.fields)-1]
			switch {
			case hb.cut:
				// past MaxHeader: the field is not kept
			case f.Cut || len(f.Raw)+i > MaxHeaderField:
				f.Cut = true
				skipped += i
			case total+i > MaxHeader:
				f.Cut = true
				hb.cut = true
			default:
				f.Raw = append(f.Raw, rest[:i]...)
				total += i
				value = append(value, ' ')
				value = append(value, bytes.TrimSpace(line)...)
			}
			rest = rest[i:]
			continue
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 || !isFieldName(bytes.TrimRight(line[:colon], " \t")) {
			// RFC 5322 §4: a receiver should get past a garbled line
			// among the fields. One followed by a field line is
			// skipped (a few per header); otherwise the body starts.
			if len(hb.fields) > 0 && garbled < maxGarbledLines && isFieldLine(rest[i:]) {
				garbled++
				hb.capped = append(hb.capped, "header: a line without a field name skipped: "+clip(string(line), 60))
				rest = rest[i:]
				continue
			}
			hb.body, hb.bad = rest, "header line without a field name: "+clip(string(line), 60)
			break
		}
		flush()
		kept := min(i, MaxHeaderField)
		if !hb.cut && total+kept > MaxHeader {
			hb.cut = true
		}
		if hb.cut {
			over++
			rest = rest[i:]
			continue
		}
		f := field{Name: string(bytes.ToValidUTF8(bytes.TrimRight(line[:colon], " \t"), []byte("\uFFFD")))}
		if i > MaxHeaderField {
			// One line over the cap: keep the start of its value, but
			// no Raw (DKIM cannot judge a part of a field).
			f.Cut = true
			skipped = i - MaxHeaderField
			value = append(value, bytes.TrimSpace(line[colon+1:max(colon+1, min(len(line), MaxHeaderField))])...)
		} else {
			f.Raw = append([]byte(nil), rest[:i]...)
			value = append(value, bytes.TrimSpace(line[colon+1:])...)
		}
		total += kept
		hb.fields = append(hb.fields, f)
		rest = rest[i:]
	}
	flush()
	if hb.cut {
		hb.capped = append(hb.capped, fmt.Sprintf("header: longer than the %d-byte cap on the header block (MaxHeader): %d more fields not read", MaxHeader, over))
	}
	return hb, nil
}

// leadIn returns the length of what precedes a message's first line: a
// UTF-8 byte-order mark and blank lines, which editors and exporters add
// and no reader takes for the end of an empty header.
func leadIn(b []byte) int {
	n := 0
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		n = 3
	}
	for {
		switch {
		case bytes.HasPrefix(b[n:], []byte("\r\n")):
			n += 2
		case bytes.HasPrefix(b[n:], []byte("\n")):
			n++
		default:
			return n
		}
	}
}

// isFieldName reports whether b is an RFC 5322 field name: printable ASCII
// without the colon.
func isFieldName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < 33 || c > 126 || c == ':' {
			return false
		}
	}
	return true
}

// header is the looked-up view of the fields.
type header []field

// Get returns the value of the first field named name (case-insensitive).
func (h header) Get(name string) string {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// All returns the values of every field named name, top to bottom.
func (h header) All(name string) []string {
	var out []string
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			out = append(out, f.Value)
		}
	}
	return out
}

// decode decodes RFC 2047 encoded words ("=?UTF-8?Q?r=C3=A9vis=C3=A9?="),
// returning the text unchanged when it cannot.
func decode(s string) string {
	if !strings.Contains(s, "=?") {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	d := mime.WordDecoder{CharsetReader: charsetReader}
	out, err := d.DecodeHeader(s)
	if err != nil {
		out = s
	}
	// A raw 8-bit value, or an encoded word whose bytes are not in its
	// charset, would give a string that is not UTF-8: a bad byte becomes
	// U+FFFD, as the Record's JSON would write it anyway.
	return strings.ToValidUTF8(out, "\uFFFD")
}

// clip cuts s to at most n bytes (and an ellipsis), at a rune boundary so
// that a UTF-8 value stays UTF-8.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// maxGarbledLines is how many lines without a field name a header may skip
// before the rest is read as the body.
const maxGarbledLines = 3

// isFieldLine reports whether b starts with a header field line
// ("Name: value", spaces before the colon allowed).
func isFieldLine(b []byte) bool {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	colon := bytes.IndexByte(b, ':')
	return colon > 0 && isFieldName(bytes.TrimRight(b[:colon], " \t"))
}
