package rtf

import (
	"bufio"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
)

// Limits on what one file may make the tokenizer do. A real RTF nests
// groups a few dozen deep (tables in tables, fields in fields); Word itself
// refuses more than a few hundred.
const (
	maxRead       = 256 << 20 // bytes tokenized; the rest of a larger file is not read
	maxDepth      = 512       // group nesting
	maxWordLen    = 32        // letters of a control word (the spec says 32)
	maxParamLen   = 10        // digits of a control word's parameter
	maxTextBytes  = 16 << 10  // text kept per metadata destination
	maxObjectData = 32 << 20  // decoded bytes of one \objdata
	maxObjects    = 64        // embedded objects emitted
	maxListItems  = 256       // fonts, rsids, namespaces, languages recorded
	ctxEvery      = 64 << 10  // bytes between two looks at ctx
)

// errDepth, errLimit are the reasons the tokenizer stops early.
var errDepth = errors.New("groups nested deeper than the limit")

// tokenKind is what the tokenizer found.
type tokenKind int

const (
	tokGroupStart tokenKind = iota // {
	tokGroupEnd                    // }
	tokWord                        // \word or \wordN
	tokSymbol                      // \x for a non-letter x (\*, \~, \\, \{ …)
	tokHex                         // \'hh
	tokText                        // one byte of text
	tokBadHex                      // \' not followed by two hex digits
)

type token struct {
	kind     tokenKind
	word     string // tokWord: the name; tokSymbol: the character
	param    int64  // tokWord: the parameter; tokHex, tokText: the byte
	hasParam bool
}

// scanner is a streaming RTF tokenizer: it reads one byte at a time from a
// buffered reader over at most maxRead bytes, and hashes what it reads so
// that a Container's Record has its digest without a second pass.
type scanner struct {
	ctx   context.Context
	br    *bufio.Reader
	hash  hash.Hash
	read  int64 // bytes consumed
	limit int64 // bytes the scanner may consume
	size  int64 // the file's size
	next  int64 // read count at which ctx is next checked
}

func newScanner(ctx context.Context, r io.ReaderAt, size int64) *scanner {
	limit := min(size, int64(maxRead))
	h := sha256.New()
	sr := io.NewSectionReader(r, 0, limit)
	return &scanner{
		ctx:   ctx,
		br:    bufio.NewReaderSize(io.TeeReader(sr, h), int(min(max(limit, 16), 64<<10))),
		hash:  h,
		limit: limit,
		size:  size,
		next:  ctxEvery,
	}
}

func (s *scanner) byte() (byte, error) {
	c, err := s.br.ReadByte()
	if err != nil {
		return 0, err
	}
	s.read++
	if s.read >= s.next {
		s.next += ctxEvery
		if err := s.ctx.Err(); err != nil {
			return 0, err
		}
	}
	return c, nil
}

func (s *scanner) unread() {
	if s.br.UnreadByte() == nil {
		s.read--
	}
}

// skip consumes n raw bytes (the data of \binN), bounded by what is left.
func (s *scanner) skip(n int64) error {
	n = min(n, s.limit-s.read)
	if n <= 0 {
		return nil
	}
	m, err := s.br.Discard(int(n))
	s.read += int64(m)
	if err := s.ctx.Err(); err != nil {
		return err
	}
	return err
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// token returns the next token, io.EOF at the end of what may be read.
// Line breaks are not text in RTF and are dropped here.
func (s *scanner) token() (token, error) {
	for {
		c, err := s.byte()
		if err != nil {
			return token{}, err
		}
		switch c {
		case '{':
			return token{kind: tokGroupStart}, nil
		case '}':
			return token{kind: tokGroupEnd}, nil
		case '\r', '\n':
			continue
		case '\\':
			return s.control()
		default:
			return token{kind: tokText, param: int64(c)}, nil
		}
	}
}

// control reads what follows a backslash.
func (s *scanner) control() (token, error) {
	c, err := s.byte()
	if err != nil {
		return token{}, err
	}
	if !isLetter(c) {
		if c == '\'' {
			return s.hexEscape()
		}
		if c == '\r' || c == '\n' {
			// \ followed by a line break is \par.
			return token{kind: tokWord, word: "par"}, nil
		}
		return token{kind: tokSymbol, word: string(rune(c))}, nil
	}
	name := make([]byte, 0, 8)
	name = append(name, c)
	for {
		c, err = s.byte()
		if err != nil {
			return token{kind: tokWord, word: string(name)}, nil
		}
		if !isLetter(c) {
			break
		}
		if len(name) < maxWordLen {
			name = append(name, c)
		}
	}
	t := token{kind: tokWord, word: string(name)}
	neg := false
	if c == '-' {
		neg = true
		if c, err = s.byte(); err != nil {
			return t, nil
		}
	}
	digits := 0
	for isDigit(c) {
		if digits < maxParamLen {
			t.param = t.param*10 + int64(c-'0')
		}
		digits++
		t.hasParam = true
		if c, err = s.byte(); err != nil {
			break
		}
	}
	if neg {
		t.param = -t.param
	}
	if err == nil && c != ' ' {
		// The delimiter is part of the next token unless it is a space.
		s.unread()
	}
	return t, nil
}

func (s *scanner) hexEscape() (token, error) {
	var v [2]byte
	for i := range v {
		c, err := s.byte()
		if err != nil {
			return token{kind: tokBadHex}, nil
		}
		h, ok := hexVal(c)
		if !ok {
			s.unread()
			return token{kind: tokBadHex}, nil
		}
		v[i] = h
	}
	return token{kind: tokHex, param: int64(v[0]<<4 | v[1])}, nil
}

// truncated reports whether the file has bytes past what was read.
func (s *scanner) truncated() bool { return s.size > s.limit }

func (s *scanner) sum() string { return fmt.Sprintf("%x", s.hash.Sum(nil)) }
