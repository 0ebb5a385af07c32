package email

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxKeyFile bounds what LoadKeys reads.
const maxKeyFile = 16 << 20

// LoadKeys reads offline DKIM public keys: either the JSON object of
// SCHEMA.md, mapping a DNS name to its TXT record
//
//	{"s1._domainkey.example.org": "v=DKIM1; k=rsa; p=MIGfMA0…"}
//
// or zone-file lines as dig or a DNS export prints them, whose quoted
// strings are concatenated (a 2048-bit key does not fit in one):
//
//	s1._domainkey.example.org. 3600 IN TXT "v=DKIM1; k=rsa; " "p=MIIBIj…"
//
// Zone files are read as RFC 1035 §5.1 writes them: $ORIGIN completes
// relative owner names and "@" (without it a name is taken as written), a
// line starting with white space has the previous owner, "( )" continues
// a record over lines, and "\;", "\"" and "\DDD" in strings are the
// characters they escape. Names are returned lower-case without the final
// dot. Zone lines that are not TXT records, other $ directives, comments
// (";" outside quotes) and blank lines are skipped.
func LoadKeys(r io.Reader) (map[string]string, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxKeyFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxKeyFile {
		return nil, fmt.Errorf("key file larger than %d bytes", maxKeyFile)
	}
	keys := map[string]string{}
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		var m map[string]string
		if err := json.Unmarshal(t, &m); err != nil {
			return nil, fmt.Errorf("DKIM keys JSON: %w", err)
		}
		for k, v := range m {
			keys[normName(k)] = v
		}
		return keys, nil
	}
	if err := loadZone(data, keys); err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		// A file with no TXT record at all is the wrong file, not an
		// empty key set: say so rather than verify nothing.
		return nil, errors.New("no DKIM key records (JSON object or zone-file TXT lines) found")
	}
	return keys, nil
}

func normName(s string) string { return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), ".")) }

// zoneToken is one word or quoted string of a zone-file line, escapes
// undone.
type zoneToken struct {
	text   string
	quoted bool
}

// loadZone reads the TXT records of zone-file text (RFC 1035 §5.1) into
// keys: $ORIGIN completes relative owner names and "@"; a line that starts
// with white space has the previous line's owner; parentheses continue a
// record over lines; ";" outside quotes starts a comment; "\X" is X and
// "\DDD" the byte DDD, in quoted strings and words alike.
func loadZone(data []byte, keys map[string]string) error {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), maxKeyFile)
	var origin, owner string
	var rec []zoneToken // the record being read, over lines when in "( )"
	depth, start, blankOwner := 0, 0, false
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		toks, err := zoneTokens(line)
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if depth == 0 {
			rec, start = rec[:0], n
			blankOwner = line != "" && (line[0] == ' ' || line[0] == '\t')
		}
		for _, t := range toks {
			switch {
			case !t.quoted && t.text == "(":
				depth++
			case !t.quoted && t.text == ")":
				if depth == 0 {
					return fmt.Errorf("line %d: ')' without '('", n)
				}
				depth--
			default:
				rec = append(rec, t)
			}
		}
		if depth > 0 || len(rec) == 0 {
			continue
		}
		if !rec[0].quoted && strings.HasPrefix(rec[0].text, "$") {
			if strings.EqualFold(rec[0].text, "$ORIGIN") && len(rec) > 1 {
				origin = absName(rec[1].text, origin)
			}
			continue // $TTL, $INCLUDE (not followed: offline, one file)
		}
		fields := rec
		if !blankOwner {
			if rec[0].text == "@" && !rec[0].quoted {
				if origin == "" {
					return fmt.Errorf("line %d: owner @ without $ORIGIN", start)
				}
				owner = origin
			} else {
				owner = absName(rec[0].text, origin)
			}
			fields = rec[1:]
		}
		// [TTL] [class] type, in either order (RFC 1035 §5.1): the type
		// is among the first three words.
		txt := -1
		for i := 0; i < len(fields) && i < 3; i++ {
			if !fields[i].quoted && strings.EqualFold(fields[i].text, "TXT") {
				txt = i
				break
			}
		}
		if txt < 0 || owner == "" {
			continue
		}
		// The character-strings of a TXT record are one key record,
		// joined without spaces (RFC 6376 §3.6.2.2).
		var b strings.Builder
		for _, t := range fields[txt+1:] {
			b.WriteString(t.text)
		}
		keys[normName(owner)] = b.String()
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if depth > 0 {
		return fmt.Errorf("line %d: '(' not closed", start)
	}
	return nil
}

// absName makes a zone-file name absolute: a name with a final dot is, a
// relative one gets the origin. Without $ORIGIN a name is taken as it is,
// as the files dig writes (with final dots) or people write (without).
func absName(name, origin string) string {
	if strings.HasSuffix(name, ".") || origin == "" {
		return name
	}
	return name + "." + origin
}

// zoneTokens splits a zone-file line into words and quoted strings, with
// "(" and ")" as words of their own, up to a comment.
func zoneTokens(line string) ([]zoneToken, error) {
	var out []zoneToken
	var cur []byte
	inWord, inQuote := false, false
	flush := func() {
		if inWord {
			out = append(out, zoneToken{text: string(cur)})
		}
		cur, inWord = cur[:0], false
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == '\\' {
			if i+1 >= len(line) {
				return nil, fmt.Errorf("'\\' at the end of the line")
			}
			if i+3 < len(line) && isDigit(line[i+1]) && isDigit(line[i+2]) && isDigit(line[i+3]) {
				v := int(line[i+1]-'0')*100 + int(line[i+2]-'0')*10 + int(line[i+3]-'0')
				if v > 255 {
					return nil, fmt.Errorf("escape \\%s is over 255", line[i+1:i+4])
				}
				cur = append(cur, byte(v))
				i += 3
			} else {
				cur = append(cur, line[i+1])
				i++
			}
			inWord = inWord || !inQuote
			continue
		}
		switch {
		case inQuote && c == '"':
			out = append(out, zoneToken{text: string(cur), quoted: true})
			cur, inQuote = cur[:0], false
		case inQuote:
			cur = append(cur, c)
		case c == '"':
			flush()
			inQuote = true
		case c == ';':
			flush()
			return out, nil
		case c == ' ' || c == '\t' || c == '\r':
			flush()
		case c == '(' || c == ')':
			flush()
			out = append(out, zoneToken{text: string(c)})
		default:
			cur = append(cur, c)
			inWord = true
		}
	}
	if inQuote {
		return nil, errors.New("unterminated quoted string")
	}
	flush()
	return out, nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
