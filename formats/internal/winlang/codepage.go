package winlang

import (
	"bytes"
	"strconv"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// Code pages with a meaning of their own in property sets.
const (
	CPUTF16   = 1200  // strings are UTF-16LE
	CPUTF16BE = 1201  // never seen in the wild, supported for completeness
	CPUTF8    = 65001 // LibreOffice writes this
)

// codePage describes a Windows code page: its decoder, a name for people,
// and the language its script implies when (and only when) one language
// owns that script.
type codePage struct {
	enc  encoding.Encoding
	name string
	lang string
}

var codePages = map[int]codePage{
	437:       {charmap.CodePage437, "IBM437 (OEM United States)", ""},
	850:       {charmap.CodePage850, "IBM850 (OEM Western European)", ""},
	852:       {charmap.CodePage852, "IBM852 (OEM Central European)", ""},
	855:       {charmap.CodePage855, "IBM855 (OEM Cyrillic)", ""},
	858:       {charmap.CodePage858, "IBM858 (OEM Western European with euro)", ""},
	860:       {charmap.CodePage860, "IBM860 (OEM Portuguese)", ""},
	862:       {charmap.CodePage862, "IBM862 (OEM Hebrew)", "he"},
	863:       {charmap.CodePage863, "IBM863 (OEM Canadian French)", ""},
	865:       {charmap.CodePage865, "IBM865 (OEM Nordic)", ""},
	866:       {charmap.CodePage866, "IBM866 (OEM Cyrillic)", ""},
	874:       {charmap.Windows874, "windows-874 (Thai)", "th"},
	932:       {japanese.ShiftJIS, "shift_jis (Japanese)", "ja"},
	936:       {simplifiedchinese.GBK, "gbk (Simplified Chinese)", "zh-Hans"},
	949:       {korean.EUCKR, "ks_c_5601-1987 (Korean)", "ko"},
	950:       {traditionalchinese.Big5, "big5 (Traditional Chinese)", "zh-Hant"},
	1250:      {charmap.Windows1250, "windows-1250 (Central European)", ""},
	1251:      {charmap.Windows1251, "windows-1251 (Cyrillic)", ""},
	1252:      {charmap.Windows1252, "windows-1252 (Western European)", ""},
	1253:      {charmap.Windows1253, "windows-1253 (Greek)", "el"},
	1254:      {charmap.Windows1254, "windows-1254 (Turkish)", ""},
	1255:      {charmap.Windows1255, "windows-1255 (Hebrew)", "he"},
	1256:      {charmap.Windows1256, "windows-1256 (Arabic)", ""},
	1257:      {charmap.Windows1257, "windows-1257 (Baltic)", ""},
	1258:      {charmap.Windows1258, "windows-1258 (Vietnamese)", "vi"},
	10000:     {charmap.Macintosh, "macintosh (Mac Roman)", ""},
	10007:     {charmap.MacintoshCyrillic, "x-mac-cyrillic (Mac Cyrillic)", ""},
	20866:     {charmap.KOI8R, "koi8-r (Cyrillic)", ""},
	21866:     {charmap.KOI8U, "koi8-u (Cyrillic)", ""},
	28591:     {charmap.ISO8859_1, "iso-8859-1 (Western European)", ""},
	28592:     {charmap.ISO8859_2, "iso-8859-2 (Central European)", ""},
	28595:     {charmap.ISO8859_5, "iso-8859-5 (Cyrillic)", ""},
	28597:     {charmap.ISO8859_7, "iso-8859-7 (Greek)", "el"},
	28605:     {charmap.ISO8859_15, "iso-8859-15 (Latin 9)", ""},
	20932:     {japanese.EUCJP, "euc-jp (Japanese)", "ja"},
	51932:     {japanese.EUCJP, "euc-jp (Japanese)", "ja"},
	50220:     {japanese.ISO2022JP, "iso-2022-jp (Japanese)", "ja"},
	54936:     {simplifiedchinese.GB18030, "gb18030 (Simplified Chinese)", "zh-Hans"},
	CPUTF16:   {unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16 (Unicode)", ""},
	CPUTF16BE: {unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16BE (Unicode)", ""},
	CPUTF8:    {unicode.UTF8, "utf-8 (Unicode)", ""},
}

// CodePageName returns a readable name for a code page ("windows-1251
// (Cyrillic)"), or the number when it is not known.
func CodePageName(cp int) string {
	if c, ok := codePages[cp]; ok {
		return c.name
	}
	return "code page " + strconv.Itoa(cp)
}

// CodePageLanguage returns the language a code page implies, or "" when
// its script serves many languages: windows-1251 is Cyrillic, used for
// Russian, Ukrainian, Bulgarian, Serbian… and is evidence of a script, not
// of a language, so it yields nothing here (the Fields keep the number).
func CodePageLanguage(cp int) string { return codePages[cp].lang }

// DecodeCodePage decodes a string written in code page cp, ending at the
// first NUL. An unknown or missing code page falls back to UTF-8 when the
// bytes are valid UTF-8 and to windows-1252 otherwise, the two encodings
// writers without a code page use in practice.
func DecodeCodePage(b []byte, cp int) string {
	if cp == CPUTF16 || cp == CPUTF16BE {
		s, err := codePages[cp].enc.NewDecoder().Bytes(b)
		if err != nil {
			return ""
		}
		if i := bytes.IndexByte(s, 0); i >= 0 {
			s = s[:i]
		}
		return string(s)
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	if len(b) == 0 {
		return ""
	}
	c, ok := codePages[cp]
	if !ok || cp == CPUTF8 {
		if utf8.Valid(b) {
			return string(b)
		}
		if cp == CPUTF8 {
			return string(bytes.ToValidUTF8(b, []byte("\uFFFD")))
		}
		c = codePages[1252]
	}
	s, err := c.enc.NewDecoder().Bytes(b)
	if err != nil {
		return string(bytes.ToValidUTF8(b, []byte("\uFFFD")))
	}
	return string(s)
}

// Known reports whether cp is a code page DecodeCodePage decodes as such
// rather than by its fallback.
func Known(cp int) bool {
	_, ok := codePages[cp]
	return ok
}
