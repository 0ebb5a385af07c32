package textdigest

// Byte-level helpers for reading the text of an XML part (formats/ooxml,
// formats/odf) without tokenizing it, jumping from one '<' to the next with
// bytes.IndexByte and looking only at element names.
//
// The walk is lenient: it never fails, and on XML that is not well-formed
// it reads what text it can. It relies on what XML guarantees of a
// well-formed part: no raw '<' in text or in attribute values, so every
// '<' opens markup.

import "bytes"

// TagName reads the tag whose '<' is at b[lt]. It returns the name as
// written, whether the tag is an end tag, and where the name ends; special
// is true for comments, CDATA sections, processing instructions and
// declarations (name is then nil).
func TagName(b []byte, lt int) (name []byte, closing, special bool, end int) {
	i := lt + 1
	if i >= len(b) {
		return nil, false, true, len(b)
	}
	switch b[i] {
	case '!', '?':
		return nil, false, true, i
	case '/':
		closing = true
		i++
	}
	j := i
	for j < len(b) && !nameStop[b[j]] {
		j++
	}
	return b[i:j], closing, false, j
}

// NextTag finds the next element tag at or after b[i], stepping over
// comments, CDATA sections, processing instructions and declarations: the
// walk every reader of a part's text makes. It returns the name as
// written, whether the tag is an end tag, and the offset just past the
// name; ok is false when the part has no further tag.
func NextTag(b []byte, i int) (name []byte, closing bool, next int, ok bool) {
	for i < len(b) {
		k := bytes.IndexByte(b[i:], '<')
		if k < 0 {
			break
		}
		lt := i + k
		name, closing, special, nameEnd := TagName(b, lt)
		if special {
			i, _ = SkipSpecial(b, lt)
			continue
		}
		return name, closing, nameEnd, true
	}
	return nil, false, len(b), false
}

// nameStop marks the bytes that end a name in a tag.
var nameStop = [256]bool{' ': true, '\t': true, '\r': true, '\n': true, '>': true, '/': true}

// TagClose finds the end of the tag whose name ends at from: the first '>'
// outside quotes. It returns the offset after '>' and whether the tag is
// self-closing ("/>"), or -1 when the part ends first.
func TagClose(b []byte, from int) (end int, empty bool) {
	for i := from; i < len(b); i++ {
		switch c := b[i]; c {
		case '>':
			return i + 1, b[i-1] == '/'
		case '"', '\'':
			k := bytes.IndexByte(b[i+1:], c)
			if k < 0 {
				return -1, false
			}
			i += k + 1
		}
	}
	return -1, false
}

// NextAttr reads the attribute at or after b[i] in a start tag (i past
// the element name or a previous attribute) and returns its name, its raw
// value and where to read on; name is nil, and next where the attributes
// stop (at '>' or "/>", or at something else), when there are no more.
func NextAttr(b []byte, i int) (name, value []byte, next int) {
	for i < len(b) && isXMLSpace(b[i]) {
		i++
	}
	start := i
	j := i
	for j < len(b) && b[j] != '=' && b[j] != '>' && b[j] != '/' && !isXMLSpace(b[j]) {
		j++
	}
	name = b[start:j]
	for j < len(b) && isXMLSpace(b[j]) {
		j++
	}
	if len(name) == 0 || j >= len(b) || b[j] != '=' {
		return nil, nil, start
	}
	j++
	for j < len(b) && isXMLSpace(b[j]) {
		j++
	}
	if j >= len(b) || (b[j] != '"' && b[j] != '\'') {
		return nil, nil, start
	}
	e := bytes.IndexByte(b[j+1:], b[j])
	if e < 0 {
		return nil, nil, start
	}
	return name, b[j+1 : j+1+e], j + 1 + e + 1
}

// SkipSpecial returns where the comment, CDATA section, processing
// instruction or declaration at b[lt] ends, and a CDATA section's text.
func SkipSpecial(b []byte, lt int) (next int, cdata []byte) {
	rest := b[lt:]
	if len(rest) < 2 {
		return len(b), nil
	}
	var close string
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		close = "-->"
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		k := bytes.Index(rest[9:], []byte("]]>"))
		if k < 0 {
			return len(b), rest[9:]
		}
		return lt + 9 + k + 3, rest[9 : 9+k]
	case bytes.HasPrefix(rest, []byte("<?")):
		close = "?>"
	default:
		close = ">"
	}
	k := bytes.Index(rest[2:], []byte(close))
	if k < 0 {
		return len(b), nil
	}
	return lt + 2 + k + len(close), nil
}

// SkipElement returns the offset after the end tag of the element named
// name whose start tag ends at from, counting elements of the same name
// nested in it; len(b) when the part ends first. It goes from tag to tag:
// bytes.Index for a name would stop at every byte its first letter
// matches.
func SkipElement(b []byte, from int, name []byte) int {
	depth := 1
	for i := from; i < len(b); {
		k := bytes.IndexByte(b[i:], '<')
		if k < 0 {
			return len(b)
		}
		lt := i + k
		i = lt + 1
		j := i
		closing := j < len(b) && b[j] == '/'
		if closing {
			j++
		}
		e := j + len(name)
		if e >= len(b) || string(b[j:e]) != string(name) {
			continue
		}
		switch b[e] {
		case ' ', '\t', '\r', '\n', '>', '/':
		default:
			continue
		}
		end, empty := TagClose(b, e)
		if end < 0 {
			return len(b)
		}
		i = end
		switch {
		case closing:
			depth--
			if depth == 0 {
				return end
			}
		case !empty:
			depth++
		}
	}
	return len(b)
}

// CutPrefix reports whether name is prefix (with its colon, or "" for the
// default namespace) followed by a local name, and returns that name.
func CutPrefix(name []byte, prefix string) ([]byte, bool) {
	if len(name) <= len(prefix) || string(name[:len(prefix)]) != prefix {
		return nil, false
	}
	local := name[len(prefix):]
	if prefix == "" && bytes.IndexByte(local, ':') >= 0 {
		return nil, false
	}
	return local, true
}

// AttrValue returns the raw value of the attribute named name in the start
// tag tag (from '<' to '>'), or nil.
func AttrValue(tag []byte, name string) []byte {
	for i := 0; i < len(tag); {
		k := bytes.Index(tag[i:], []byte(name))
		if k < 0 {
			return nil
		}
		p := i + k
		i = p + len(name)
		if p == 0 || !isXMLSpace(tag[p-1]) {
			continue
		}
		j := i
		for j < len(tag) && isXMLSpace(tag[j]) {
			j++
		}
		if j >= len(tag) || tag[j] != '=' {
			continue
		}
		j++
		for j < len(tag) && isXMLSpace(tag[j]) {
			j++
		}
		if j >= len(tag) || (tag[j] != '"' && tag[j] != '\'') {
			return nil
		}
		e := bytes.IndexByte(tag[j+1:], tag[j])
		if e < 0 {
			return nil
		}
		return tag[j+1 : j+1+e]
	}
	return nil
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// RootPrefix returns the prefix (with its colon; "" for the default
// namespace) that the first start tag of b binds to one of uris, and
// whether one was found. Attribute values are compared raw: namespace
// URIs hold no entities in practice.
func RootPrefix(b []byte, uris ...string) (string, bool) {
	lt := -1
	for i := 0; i < len(b); {
		k := bytes.IndexByte(b[i:], '<')
		if k < 0 {
			return "", false
		}
		lt = i + k
		_, closing, special, _ := TagName(b, lt)
		if !special && !closing {
			break
		}
		if closing {
			return "", false
		}
		i, _ = SkipSpecial(b, lt)
		lt = -1
	}
	if lt < 0 {
		return "", false
	}
	_, _, _, nameEnd := TagName(b, lt)
	end, _ := TagClose(b, nameEnd)
	if end < 0 {
		return "", false
	}
	tag := b[lt:end]
	for i := 0; i < len(tag); {
		k := bytes.Index(tag[i:], []byte("xmlns"))
		if k < 0 {
			break
		}
		p := i + k
		i = p + 5
		if p == 0 || !isXMLSpace(tag[p-1]) || i >= len(tag) {
			continue
		}
		prefix := ""
		j := i
		if tag[j] == ':' {
			j++
			for j < len(tag) && tag[j] != '=' && !isXMLSpace(tag[j]) {
				j++
			}
			prefix = string(tag[i+1:j]) + ":"
		}
		v := AttrValue(tag[p-1:], string(tag[p:j]))
		for _, u := range uris {
			if string(v) == u {
				return prefix, true
			}
		}
	}
	return "", false
}
