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
// Names are returned lower-case without the final dot. Zone lines that are
// not TXT records, comments (";") and blank lines are skipped.
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
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), maxKeyFile)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == ';' || line[0] == '$' {
			continue
		}
		fields := strings.Fields(line)
		txt := -1
		for i, f := range fields {
			if strings.EqualFold(f, "TXT") {
				txt = i
				break
			}
		}
		if txt < 1 {
			continue
		}
		_, rest, _ := strings.Cut(line, fields[txt]+" ")
		value, err := quotedStrings(rest)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		keys[normName(fields[0])] = value
	}
	if err := sc.Err(); err != nil {
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

// quotedStrings concatenates the quoted strings of a TXT record's data
// ("a" "b" → ab), or returns unquoted data as is.
func quotedStrings(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, `"`) {
		return s, nil
	}
	var b strings.Builder
	in, esc := false, false
	for _, r := range s {
		switch {
		case esc:
			b.WriteRune(r)
			esc = false
		case in && r == '\\':
			esc = true
		case r == '"':
			in = !in
		case in:
			b.WriteRune(r)
		case r == ';':
			return b.String(), nil // a comment after the strings
		}
	}
	if in {
		return "", fmt.Errorf("unterminated quoted string")
	}
	return b.String(), nil
}
