// Package textdigest is the content digest of formats/ooxml, formats/odf
// and formats/ole: content.sha256, the SHA-256 (hex) of a document's
// visible text, normalized, and content.chars, the number of characters
// (Unicode code points) hashed. One text saved as docx, odt or doc, or one
// sheet saved as xlsx, ods or xls, digests alike, so the digest tells a
// copy or re-save of a text from a different text that inherited another
// document's identifiers through Save As. Each format package decides what
// its document's text is (which parts, elements or records, in what
// order) and feeds it to a Digest; this package decides how that text is
// normalized and hashed, so that all three agree.
//
// # Normalization
//
//   - The format packages mark the end of every text unit (paragraph,
//     heading, cell, slide, tab, line break) with Sep: a boundary.
//   - Every boundary and every run of white space (unicode.IsSpace, which
//     includes the no-break space) becomes one space; there is none at
//     the start or the end.
//   - Soft hyphens (U+00AD), zero-width spaces (U+200B) and byte-order
//     marks (U+FEFF) are dropped.
//   - In XML character data (WriteEscaped) the predefined entities and
//     character references are resolved; anything else after '&' is taken
//     as written.
//   - A spreadsheet number (WriteNumber, WriteFloat) is rounded to 15
//     significant digits, without trailing zeros, written plain between
//     1e-5 and 1e15 and as d.dddE±XX otherwise (AppendNumber), so that
//     Excel's 17 digits, the shortest form of LibreOffice and openpyxl and
//     an xls's binary double agree.
//   - The rest is hashed as UTF-8, invalid bytes as they are; nothing else
//     (markup, attributes, metadata) counts.
//
// Record writes content.chars, and content.sha256 when there is text:
// content.chars is "0" and content.sha256 absent for a document without
// text, so that two empty documents do not pass for copies. A digest
// whose text could not all be read (SetBroken) writes neither. A format
// package that does not digest a document because it is too large to do
// so cheaply writes content.skipped (SkippedKey) instead, and neither.
//
// # Why it is hand-written
//
// The digest reads every text part of a document, which the rest of
// extraction mostly skims, so it has to be cheap: it is a byte-level pass
// over bytes held in memory, without a tokenizer. Text goes through a
// fixed 2 KiB buffer into the hash, runs of ASCII at once, and nothing is
// allocated after the first write. The XML helpers (TagName, TagClose,
// SkipElement …) let ooxml and odf walk a part from one '<' to the next
// with bytes.IndexByte, looking only at element names: the tokens of
// formats/internal/xmlscan (names resolved, attributes unescaped) would
// cost several times as much on a part that is mostly markup.
package textdigest

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/docprov/docprov/formats/internal/xmlscan"
	"github.com/docprov/docprov/provenance"
)

// Keys of the content digest in Fields.
const (
	SHA256Key = "content.sha256"
	CharsKey  = "content.chars"
	// SkippedKey says why a document that may have text has no digest,
	// when it is for a reason of the reader's own rather than of the
	// document (which gives neither key): SkippedTooLarge.
	SkippedKey = "content.skipped"
)

// SkippedTooLarge is the SkippedKey of a document whose text is past the
// size its format package digests (formats/ole: a Workbook stream past
// 256 KiB).
const SkippedTooLarge = "too large"

// Digest hashes a document's text as it is written to it, normalized (see
// the package doc).
//
// Its zero value is ready to use; it never allocates after the first write.
type Digest struct {
	// Tee, when not nil, receives the normalized text, at each Flush.
	Tee *[]byte
	// Collect, with Tee, makes the Digest only collect the text, for a
	// caller that feeds it to another Digest later: nothing is hashed,
	// and Record is not to be called.
	Collect bool

	h       hash.Hash
	buf     [2048]byte
	n       int
	chars   int
	pending bool // white space or a boundary after some text
	// broken says a text part could not be read whole: no digest then.
	broken bool
}

// Sep marks the end of a text unit: a boundary.
func (d *Digest) Sep() { d.pending = d.chars > 0 }

// SetBroken says that some of the text could not be read: Record then
// writes nothing.
func (d *Digest) SetBroken() { d.broken = true }

// Broken reports whether SetBroken was called.
func (d *Digest) Broken() bool { return d.broken }

// Chars returns the number of characters written so far, pending space
// aside.
func (d *Digest) Chars() int { return d.chars }

// emit appends bytes of one non-space character, putting the pending
// space before it.
func (d *Digest) emit(c []byte) {
	if d.pending {
		d.pending = false
		d.put(' ')
		d.chars++
	}
	if d.n+len(c) > len(d.buf) {
		d.Flush()
	}
	d.n += copy(d.buf[d.n:], c)
	d.chars++
}

func (d *Digest) put(c byte) {
	if d.n == len(d.buf) {
		d.Flush()
	}
	d.buf[d.n] = c
	d.n++
}

// Flush hands the buffered text to the hash and to Tee.
func (d *Digest) Flush() {
	if d.Tee != nil {
		*d.Tee = append(*d.Tee, d.buf[:d.n]...)
	}
	if !d.Collect {
		if d.h == nil {
			d.h = sha256.New()
		}
		d.h.Write(d.buf[:d.n])
	}
	d.n = 0
}

// Write adds text (already unescaped).
func (d *Digest) Write(b []byte) {
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
func (d *Digest) emitRun(b []byte) {
	for len(b) > 0 {
		if d.n == len(d.buf) {
			d.Flush()
		}
		k := copy(d.buf[d.n:], b)
		d.n += k
		b = b[k:]
	}
}

// WriteString adds text held in a string.
func (d *Digest) WriteString(s string) {
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
		d.Write(tmp[:k])
		s = s[k:]
	}
}

// WriteEscaped adds XML character data, resolving the predefined entities
// and character references; anything else after '&' is taken as written.
func (d *Digest) WriteEscaped(b []byte) {
	for len(b) > 0 {
		i := indexAmp(b)
		if i < 0 {
			d.Write(b)
			return
		}
		d.Write(b[:i])
		b = b[i:]
		end := -1
		for k := 1; k < len(b) && k < 12; k++ {
			if b[k] == ';' {
				end = k
				break
			}
		}
		if end < 0 {
			d.Write(b[:1])
			b = b[1:]
			continue
		}
		r, ok := xmlscan.Reference(b[1:end])
		if !ok {
			d.Write(b[:end+1])
		} else {
			var tmp [utf8.UTFMax]byte
			d.Write(tmp[:utf8.EncodeRune(tmp[:], r)])
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

// WriteNumber adds a number written as text (an xlsx cell's value, an ODF
// office:value), as AppendNumber gives it; what does not parse as a number
// is added as XML character data, as written.
func (d *Digest) WriteNumber(raw []byte) {
	v, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		d.WriteEscaped(raw)
		return
	}
	var out [40]byte
	d.Write(AppendNumber(out[:0], v))
}

// WriteFloat adds a number (an xls cell's), as AppendNumber gives it.
func (d *Digest) WriteFloat(v float64) {
	var out [40]byte
	d.Write(AppendNumber(out[:0], v))
}

// AppendNumber appends a cell's number as the digest writes it, whatever the
// producer wrote: rounded to 15 significant digits (what spreadsheet
// applications show, and all that Excel keeps of what is typed), without
// trailing zeros, as a plain decimal between 1e-5 and 1e15, else as
// d.dddE±XX.
func AppendNumber(dst []byte, v float64) []byte {
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

// Record writes content.chars and, when there is text, content.sha256. A
// digest whose text could not all be read writes neither.
func (d *Digest) Record(f provenance.Fields) {
	if d.broken {
		return
	}
	f[CharsKey] = strconv.Itoa(d.chars)
	if d.chars == 0 {
		return
	}
	d.Flush()
	f[SHA256Key] = hex.EncodeToString(d.h.Sum(nil))
}
