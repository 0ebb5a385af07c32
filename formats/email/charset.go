package email

import (
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/htmlindex"
)

// charsetReader decodes the charsets encoded words and parts name
// (windows-1252, iso-8859-15, koi8-r …) with the WHATWG index of
// golang.org/x/text; the standard library knows only UTF-8 and Latin-1.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(strings.ToLower(strings.TrimSpace(charset)))
	if err != nil {
		return nil, fmt.Errorf("unknown charset %q", charset)
	}
	return enc.NewDecoder().Reader(input), nil
}
