package ooxml

import (
	"bytes"
	"strconv"

	"github.com/docprov/docprov/formats/internal/textdigest"
	"github.com/docprov/docprov/formats/internal/xmlscan"
)

// The content digest (content.sha256, content.chars): a SHA-256 of the
// document's visible text, normalized (formats/internal/textdigest), so that copies and
// re-saves of one text can be told from different texts that share
// identifiers. It is read in a pass of its own over the parts that hold
// the text, which looks only at element names (textdigest.TagName …) and streams the
// text into the hash: no tokens, no allocation per element.

// Namespaces of the text elements, transitional and strict.
var (
	nsWordMain  = []string{"http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main"}
	nsSheetMain = []string{"http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"}
	nsDrawing   = []string{"http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main"}
)

// runText says which elements of a WordprocessingML or DrawingML part hold
// text.
type runText struct {
	ns       []string // the namespace of the elements below
	fallback string   // its usual prefix, when the root does not declare it
	// para is the paragraph, whose start and end are boundaries; breaks
	// are elements that stand for white space; skip are elements whose
	// content is not visible text (tracked deletions and moves away).
	para   string
	breaks []string
	skip   []string
	// hyphen is the element for a non-breaking hyphen (U+2011).
	hyphen string
}

var (
	wordText = runText{ns: nsWordMain, fallback: "w:", para: "p", hyphen: "noBreakHyphen",
		breaks: []string{"tab", "br", "cr", "ptab"}, skip: []string{"del", "moveFrom"}}
	drawingText = runText{ns: nsDrawing, fallback: "a:", para: "p", breaks: []string{"br"}}
)

// utf8Part returns a part as UTF-8 for the digest, or nil (and marks the
// digest broken) when it cannot be.
func utf8Part(d *textdigest.Digest, b []byte) []byte {
	u, err := xmlscan.ToUTF8(b)
	if err != nil {
		d.SetBroken()
		return nil
	}
	return u
}

// mcPrefix is the prefix of markup compatibility in b: the content of
// mc:Fallback repeats that of mc:Choice and is skipped.
func mcPrefix(b []byte) string {
	if p, ok := textdigest.RootPrefix(b, nsMC); ok {
		return p
	}
	return "mc:"
}

// digestRuns adds the text of a Word story or a slide: the content of the
// text elements (w:t, a:t), in document order, with paragraphs and breaks
// as boundaries.
func digestRuns(d *textdigest.Digest, b []byte, rt runText) {
	b = utf8Part(d, b)
	prefix, ok := textdigest.RootPrefix(b, rt.ns...)
	if !ok {
		prefix = rt.fallback
	}
	fallback := mcPrefix(b) + "Fallback"
	for i := 0; ; {
		name, closing, next, ok := textdigest.NextTag(b, i)
		if !ok {
			return
		}
		i = next
		local, ok := textdigest.CutPrefix(name, prefix)
		if !ok {
			if !closing && string(name) == fallback {
				i = skipContent(b, i, name)
			}
			continue
		}
		if closing {
			if string(local) == rt.para {
				d.Sep()
			}
			continue
		}
		switch {
		case len(local) == 1 && local[0] == 't':
			end, empty := textdigest.TagClose(b, i)
			if end < 0 {
				return
			}
			i = end
			if !empty {
				i = readText(d, b, i)
			}
		case string(local) == rt.para:
			d.Sep()
		case rt.hyphen != "" && string(local) == rt.hyphen:
			d.Write([]byte("\u2011"))
		case in(local, rt.breaks):
			d.Sep()
		case in(local, rt.skip):
			i = skipContent(b, i, name)
		}
	}
}

// skipContent skips the element named name whose name ends at from: its
// tag and, unless self-closing, its content.
func skipContent(b []byte, from int, name []byte) int {
	end, empty := textdigest.TagClose(b, from)
	switch {
	case end < 0:
		return len(b)
	case empty:
		return end
	}
	return textdigest.SkipElement(b, end, name)
}

// readText adds the character data at b[i:] up to the next tag that is
// not a comment or CDATA section, and returns where that tag starts.
func readText(d *textdigest.Digest, b []byte, i int) int {
	for i < len(b) {
		k := bytes.IndexByte(b[i:], '<')
		if k < 0 {
			d.WriteEscaped(b[i:])
			return len(b)
		}
		d.WriteEscaped(b[i : i+k])
		lt := i + k
		if lt+1 < len(b) && b[lt+1] == '!' {
			next, cdata := textdigest.SkipSpecial(b, lt)
			d.Write(cdata)
			i = next
			continue
		}
		return lt
	}
	return i
}

func in(s []byte, list []string) bool {
	for _, w := range list {
		if string(s) == w {
			return true
		}
	}
	return false
}

// sharedStrings holds the items of xl/sharedStrings.xml, as written
// (entities unresolved): item i is text[off[i]:off[i+1]].
type sharedStrings struct {
	text []byte
	off  []int
}

func (s *sharedStrings) item(i int) []byte {
	if i < 0 || i+1 >= len(s.off) {
		return nil
	}
	return s.text[s.off[i]:s.off[i+1]]
}

// readSharedStrings reads the string items (si) of a shared strings part:
// the text of their t elements, phonetic readings (rPh) left out.
func readSharedStrings(d *textdigest.Digest, b []byte) *sharedStrings {
	b = utf8Part(d, b)
	prefix, ok := textdigest.RootPrefix(b, nsSheetMain...)
	if !ok {
		prefix = ""
	}
	s := &sharedStrings{off: []int{0}}
	open := false
	for i := 0; ; {
		name, closing, next, ok := textdigest.NextTag(b, i)
		if !ok {
			break
		}
		i = next
		local, ok := textdigest.CutPrefix(name, prefix)
		if !ok {
			continue
		}
		switch string(local) {
		case "si":
			if closing {
				if open {
					s.off = append(s.off, len(s.text))
					open = false
				}
				continue
			}
			end, empty := textdigest.TagClose(b, i)
			if end < 0 {
				return s
			}
			i = end
			if empty {
				s.off = append(s.off, len(s.text))
			} else {
				open = true
			}
		case "t":
			if closing || !open {
				continue
			}
			end, empty := textdigest.TagClose(b, i)
			if end < 0 {
				return s
			}
			i = end
			if empty {
				continue
			}
			j := bytes.IndexByte(b[i:], '<')
			if j < 0 {
				return s
			}
			// The runs of one item join as written.
			s.text = append(s.text, b[i:i+j]...)
			i += j
		case "rPh":
			if !closing {
				i = skipContent(b, i, name)
			}
		}
	}
	return s
}

// digestSheet adds the cells of a worksheet in the order written (row by
// row): a shared string's text, an inline string, a number as
// textdigest.AppendNumber writes it, or the value as written (booleans, errors, dates, string
// results of formulas); formulas are left out.
func digestSheet(d *textdigest.Digest, b []byte, sst *sharedStrings) {
	b = utf8Part(d, b)
	prefix, ok := textdigest.RootPrefix(b, nsSheetMain...)
	if !ok {
		prefix = ""
	}
	var (
		inCell, inIs    bool
		shared, numeric bool
		value           []byte
	)
	for i := 0; ; {
		name, closing, next, ok := textdigest.NextTag(b, i)
		if !ok {
			return
		}
		i = next
		local, ok := textdigest.CutPrefix(name, prefix)
		if !ok {
			continue
		}
		switch string(local) {
		case "rPh":
			if !closing {
				i = skipContent(b, i, name)
			}
		case "c":
			if closing {
				if inCell {
					switch {
					case shared:
						if n, err := strconv.Atoi(string(bytes.TrimSpace(value))); err == nil {
							d.WriteEscaped(sst.item(n))
						}
					case numeric && value != nil:
						d.WriteNumber(value)
					default:
						d.WriteEscaped(value)
					}
					d.Sep()
				}
				inCell, inIs, value = false, false, nil
				continue
			}
			end, empty := textdigest.TagClose(b, i)
			if end < 0 {
				return
			}
			tag := b[i-len(name)-1 : end] // from its '<': a start tag's name follows it

			i = end
			if empty {
				continue
			}
			inCell, inIs, value = true, false, nil
			typ := textdigest.AttrValue(tag, "t")
			shared = string(typ) == "s"
			numeric = len(typ) == 0 || string(typ) == "n"
		case "v":
			if closing || !inCell {
				continue
			}
			end, empty := textdigest.TagClose(b, i)
			if end < 0 {
				return
			}
			i = end
			if empty {
				continue
			}
			j := bytes.IndexByte(b[i:], '<')
			if j < 0 {
				return
			}
			value = b[i : i+j]
			i += j
		case "is":
			inIs = !closing && inCell
		case "t":
			if closing || !inIs {
				continue
			}
			end, empty := textdigest.TagClose(b, i)
			if end < 0 {
				return
			}
			i = end
			if !empty {
				i = readText(d, b, i)
			}
		}
	}
}
