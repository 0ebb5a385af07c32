package odf

import (
	"sort"
	"strings"
)

// ODF spreads a language over several attributes of one element: a
// language code, a country, sometimes a script, and, for tags those three
// cannot express, a full BCP 47 tag. There are three sets, for Western,
// Asian and "complex" (bidirectional and Indic) text; number styles carry a
// fourth for the locale their format belongs to.
type langAttrs struct{ language, country, script, rfc string }

var langSets = []langAttrs{
	{"fo:language", "fo:country", "fo:script", "style:rfc-language-tag"},
	{"style:language-asian", "style:country-asian", "style:script-asian", "style:rfc-language-tag-asian"},
	{"style:language-complex", "style:country-complex", "style:script-complex", "style:rfc-language-tag-complex"},
	{"number:language", "number:country", "number:script", "number:rfc-language-tag"},
}

// langTag builds a BCP 47 tag from ODF's parts, or "" when there is no
// language: the attribute missing, "none", or "zxx" (ODF's and BCP 47's
// "no linguistic content", which LibreOffice writes for [None]).
func langTag(language, country, script, rfc string) string {
	if t := cleanTag(rfc); t != "" {
		return t
	}
	l := strings.ToLower(strings.TrimSpace(language))
	if !alnum(l, 2, 3) || !letters(l) || l == "zxx" {
		return ""
	}
	tag := l
	if s := strings.TrimSpace(script); len(s) == 4 && alnum(s, 4, 4) {
		tag += "-" + strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
	}
	if c := strings.TrimSpace(country); alnum(c, 2, 3) && !strings.EqualFold(c, "none") {
		tag += "-" + strings.ToUpper(c)
	}
	return tag
}

// cleanTag normalises the case of a full BCP 47 tag ("EN-us" → "en-US",
// "sr-latn-rs" → "sr-Latn-RS") and rejects anything that is not one.
func cleanTag(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "_", "-"))
	if s == "" || len(s) > 64 {
		return ""
	}
	parts := strings.Split(s, "-")
	// A primary language subtag has 2 or 3 letters (5 to 8 are reserved
	// and unused): "Chinese" or "English" is a name, not a tag.
	if !alnum(parts[0], 2, 3) || !letters(parts[0]) {
		return ""
	}
	parts[0] = strings.ToLower(parts[0])
	if parts[0] == "zxx" || parts[0] == "none" {
		return ""
	}
	singleton := false // after an extension or private-use "x", case is free
	for i := 1; i < len(parts); i++ {
		p := parts[i]
		if !alnum(p, 1, 8) {
			return ""
		}
		if len(p) == 1 {
			singleton = true
		}
		switch {
		case singleton:
			parts[i] = strings.ToLower(p)
		case len(p) == 4 && i == 1 || len(p) == 4 && i == 2 && len(parts[1]) == 3:
			parts[i] = strings.ToUpper(p[:1]) + strings.ToLower(p[1:])
		case len(p) == 2 || len(p) == 3 && p[0] >= '0' && p[0] <= '9':
			parts[i] = strings.ToUpper(p)
		default:
			parts[i] = strings.ToLower(p)
		}
	}
	return strings.Join(parts, "-")
}

// letters reports whether s is all ASCII letters.
func letters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// alnum reports whether s is min to max ASCII letters or digits.
func alnum(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// maxLangs bounds the distinct languages remembered per document.
const maxLangs = 256

// langCounts counts language tags in the order they were first seen, and
// remembers which ones a default style declared (the document's default
// language, which the user's locale usually sets).
type langCounts struct {
	count    map[string]int
	order    []string
	defaults []string
	// primary marks the tags seen as the language of Western text (or of
	// xml:lang, or a number format's locale): the author's language. The
	// Asian and complex-script defaults LibreOffice writes into every
	// document (zh-CN, hi-IN for a French user) are counted but are not.
	primary map[string]bool
}

func (lc *langCounts) add(tag string, isDefault, primary bool) {
	if tag == "" {
		return
	}
	if lc.count == nil {
		lc.count = map[string]int{}
		lc.primary = map[string]bool{}
	}
	if primary {
		lc.primary[tag] = true
	}
	if _, ok := lc.count[tag]; !ok {
		if len(lc.order) >= maxLangs {
			return
		}
		lc.order = append(lc.order, tag)
	}
	lc.count[tag]++
	if isDefault && !contains(lc.defaults, tag) {
		lc.defaults = append(lc.defaults, tag)
	}
}

// ranked returns the default languages first, then the others by how
// often they occur (ties in order of first appearance).
func (lc *langCounts) ranked() []string {
	rest := make([]string, 0, len(lc.order))
	for _, t := range lc.order {
		if !contains(lc.defaults, t) {
			rest = append(rest, t)
		}
	}
	sort.SliceStable(rest, func(i, j int) bool { return lc.count[rest[i]] > lc.count[rest[j]] })
	return append(append([]string(nil), lc.defaults...), rest...)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
