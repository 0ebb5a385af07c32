package email

import (
	"bytes"
	"mime"
	"strings"
)

// field is one header field as the message wrote it. Raw keeps the exact
// bytes (name, colon, folded lines and the final CRLF) because DKIM's
// "simple" canonicalization signs them as they are.
type field struct {
	Name  string // as written, e.g. "Message-ID"
	Value string // unfolded, trimmed, not decoded
	Raw   []byte
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

// splitHeader parses the header block of a CRLF message and returns its
// fields in order and the body (after the empty line). A line that is
// neither a field nor a continuation ends the header, as a lenient reader
// must: it is reported in bad, and the rest is treated as the body.
func splitHeader(msg []byte) (fields []field, body []byte, bad string) {
	rest := msg
	for len(rest) > 0 {
		i := bytes.Index(rest, []byte("\r\n"))
		var line []byte
		if i < 0 {
			line, i = rest, len(rest)
		} else {
			line, i = rest[:i], i+2
		}
		if len(line) == 0 {
			return fields, rest[i:], ""
		}
		if line[0] == ' ' || line[0] == '\t' {
			if len(fields) == 0 {
				return fields, rest, "header starts with a continuation line"
			}
			f := &fields[len(fields)-1]
			f.Raw = append(f.Raw, rest[:i]...)
			f.Value += " " + strings.TrimSpace(string(line))
			rest = rest[i:]
			continue
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 || !isFieldName(bytes.TrimRight(line[:colon], " \t")) {
			return fields, rest, "header line without a field name: " + clip(string(line), 60)
		}
		fields = append(fields, field{
			Name:  string(bytes.TrimRight(line[:colon], " \t")),
			Value: strings.TrimSpace(string(line[colon+1:])),
			Raw:   append([]byte(nil), rest[:i]...),
		})
		rest = rest[i:]
	}
	return fields, nil, ""
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
		return s
	}
	d := mime.WordDecoder{CharsetReader: charsetReader}
	out, err := d.DecodeHeader(s)
	if err != nil {
		return s
	}
	return out
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
