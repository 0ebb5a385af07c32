package odf

// This file is the content digest's normalizer. The same file (but for its
// package clause) is in formats/ooxml, formats/odf and formats/ole, so that
// a docx, an odt and a doc of the same text digest alike; a test in each
// package checks that the copies agree.

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/docprov/docprov/provenance"
)

// Keys of the content digest in Fields.
const (
	contentSHA256Key = "content.sha256"
	contentCharsKey  = "content.chars"
)

// textDigest hashes a document's text as it is written to it, normalized:
// every run of white space (unicode.IsSpace, which includes the no-break
// space) and every boundary between text units (paragraphs, cells, line
// breaks, tabs) becomes one space; leading and trailing space is dropped;
// soft hyphens, zero-width spaces and byte-order marks are dropped; the
// rest is hashed as UTF-8 (invalid bytes as they are), nothing else.
//
// Its zero value is ready to use; it never allocates after the first write.
type textDigest struct {
	h       hash.Hash
	buf     [2048]byte
	n       int
	chars   int
	pending bool // white space or a boundary after some text
	// broken says a text part could not be read whole: no digest then.
	broken bool
	// tee, when not nil, receives the normalized text; with collect, it
	// is all that does (no hash).
	tee     *[]byte
	collect bool
}

// sep marks the end of a text unit.
func (d *textDigest) sep() { d.pending = d.chars > 0 }

// emit appends bytes of one non-space character, putting the pending
// space before it.
func (d *textDigest) emit(c []byte) {
	if d.pending {
		d.pending = false
		d.put(' ')
		d.chars++
	}
	if d.n+len(c) > len(d.buf) {
		d.flush()
	}
	d.n += copy(d.buf[d.n:], c)
	d.chars++
}

func (d *textDigest) put(c byte) {
	if d.n == len(d.buf) {
		d.flush()
	}
	d.buf[d.n] = c
	d.n++
}

func (d *textDigest) flush() {
	if d.tee != nil {
		*d.tee = append(*d.tee, d.buf[:d.n]...)
	}
	if !d.collect {
		if d.h == nil {
			d.h = sha256.New()
		}
		d.h.Write(d.buf[:d.n])
	}
	d.n = 0
}

// write adds text (already unescaped).
func (d *textDigest) write(b []byte) {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			switch c {
			case ' ', '\t', '\n', '\r', '\v', '\f':
				d.pending = d.chars > 0
				i++
				continue
			}
			// A run of plain ASCII goes in at once.
			j := i + 1
			for j < len(b) && b[j] < utf8.RuneSelf && b[j] > ' ' {
				j++
			}
			if d.pending {
				d.pending = false
				d.put(' ')
				d.chars++
			}
			d.chars += j - i
			d.emitRun(b[i:j])
			i = j
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
		case unicode.IsSpace(r):
			d.pending = d.chars > 0
			i += size
			continue
		case r == 0xAD || r == 0x200B || r == 0xFEFF:
			i += size
			continue
		}
		d.emit(b[i : i+size])
		i += size
	}
}

// emitRun adds bytes that are all one-byte characters; the caller has
// counted them and put the pending space.
func (d *textDigest) emitRun(b []byte) {
	for len(b) > 0 {
		if d.n == len(d.buf) {
			d.flush()
		}
		k := copy(d.buf[d.n:], b)
		d.n += k
		b = b[k:]
	}
}

// writeString adds text held in a string.
func (d *textDigest) writeString(s string) {
	var tmp [64]byte
	for len(s) > 0 {
		k := copy(tmp[:], s)
		// Do not cut a character in two.
		for k < len(s) && k > 0 && !utf8.RuneStart(s[k]) {
			k--
		}
		if k == 0 {
			k = copy(tmp[:], s)
		}
		d.write(tmp[:k])
		s = s[k:]
	}
}

// writeEscaped adds XML character data, resolving the predefined entities
// and character references; anything else after '&' is taken as written.
func (d *textDigest) writeEscaped(b []byte) {
	for len(b) > 0 {
		i := indexAmp(b)
		if i < 0 {
			d.write(b)
			return
		}
		d.write(b[:i])
		b = b[i:]
		end := -1
		for k := 1; k < len(b) && k < 12; k++ {
			if b[k] == ';' {
				end = k
				break
			}
		}
		if end < 0 {
			d.write(b[:1])
			b = b[1:]
			continue
		}
		r, ok := xmlEntity(b[1:end])
		if !ok {
			d.write(b[:end+1])
		} else {
			var tmp [utf8.UTFMax]byte
			d.write(tmp[:utf8.EncodeRune(tmp[:], r)])
		}
		b = b[end+1:]
	}
}

func indexAmp(b []byte) int {
	for i, c := range b {
		if c == '&' {
			return i
		}
	}
	return -1
}

// xmlEntity resolves the body of &…;.
func xmlEntity(e []byte) (rune, bool) {
	switch string(e) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "apos":
		return '\'', true
	case "quot":
		return '"', true
	}
	if len(e) < 2 || e[0] != '#' {
		return 0, false
	}
	var n uint64
	var err error
	if e[1] == 'x' || e[1] == 'X' {
		n, err = strconv.ParseUint(string(e[2:]), 16, 32)
	} else {
		n, err = strconv.ParseUint(string(e[1:]), 10, 32)
	}
	if err != nil || n > unicode.MaxRune {
		return 0, false
	}
	return rune(n), true
}

// writeNumber adds a number written as text (an xlsx cell's value, an ODF
// office:value), as numberText gives it; what does not parse as a number
// is added as written.
func (d *textDigest) writeNumber(raw []byte) {
	v, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		d.writeEscaped(raw)
		return
	}
	var out [40]byte
	d.write(numberText(out[:0], v))
}

// numberText appends a cell's number as the digest writes it, whatever the
// producer wrote: rounded to 15 significant digits (what spreadsheet
// applications show, and all that Excel keeps of what is typed), without
// trailing zeros, as a plain decimal between 1e-5 and 1e15, else as
// d.dddE±XX.
func numberText(dst []byte, v float64) []byte {
	if v == 0 {
		return append(dst, '0')
	}
	if v != v || v > 1.7976931348623157e308 || v < -1.7976931348623157e308 {
		return strconv.AppendFloat(dst, v, 'g', -1, 64)
	}
	var tmp [32]byte
	e := strconv.AppendFloat(tmp[:0], v, 'e', 14, 64) // [-]d.dddddddddddddde±XX
	if e[0] == '-' {
		dst = append(dst, '-')
		e = e[1:]
	}
	var digits [15]byte
	digits[0] = e[0]
	copy(digits[1:], e[2:16])
	n := 15
	for n > 1 && digits[n-1] == '0' {
		n--
	}
	exp := 0
	for _, c := range e[18:] {
		exp = exp*10 + int(c-'0')
	}
	if e[17] == '-' {
		exp = -exp
	}
	switch {
	case exp >= 0 && exp < 15:
		for i := 0; i <= exp; i++ {
			if i < n {
				dst = append(dst, digits[i])
			} else {
				dst = append(dst, '0')
			}
		}
		if n > exp+1 {
			dst = append(dst, '.')
			dst = append(dst, digits[exp+1:n]...)
		}
	case exp < 0 && exp >= -5:
		dst = append(dst, '0', '.')
		for i := 0; i < -exp-1; i++ {
			dst = append(dst, '0')
		}
		dst = append(dst, digits[:n]...)
	default:
		dst = append(dst, digits[0])
		if n > 1 {
			dst = append(dst, '.')
			dst = append(dst, digits[1:n]...)
		}
		dst = append(dst, 'E')
		if exp < 0 {
			dst, exp = append(dst, '-'), -exp
		} else {
			dst = append(dst, '+')
		}
		if exp < 10 {
			dst = append(dst, '0')
		}
		dst = strconv.AppendInt(dst, int64(exp), 10)
	}
	return dst
}

// record writes content.chars and, when there is text, content.sha256. A
// digest whose text could not all be read writes neither.
func (d *textDigest) record(f provenance.Fields) {
	if d.broken {
		return
	}
	f[contentCharsKey] = strconv.Itoa(d.chars)
	if d.chars == 0 {
		return
	}
	d.flush()
	f[contentSHA256Key] = hex.EncodeToString(d.h.Sum(nil))
}
