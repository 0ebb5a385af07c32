package xmp

import (
	"errors"
	"strings"
)

// Limits that keep a hostile packet from costing more than a bounded amount
// of time and memory. Real packets are far below all of them: the largest
// producers write (Photoshop with a long History, Lightroom with full
// camera-raw settings) are a few hundred kilobytes, nest fewer than 15
// elements deep and hold a few thousand properties.
const (
	// MaxPacketSize is the largest input Parse accepts.
	MaxPacketSize = 16 << 20
	// MaxDepth is the deepest element nesting Parse follows.
	MaxDepth = 64
	// MaxProperties is the most properties Parse returns for one packet.
	MaxProperties = 100_000
	// maxOutputBytes caps the total length of all paths and values. Paths
	// repeat their ancestors' names, so without it a deeply nested packet
	// of long names could produce far more text than it holds.
	maxOutputBytes = 2 * MaxPacketSize
)

// Errors Parse returns, always wrapped with detail. Test with errors.Is.
var (
	// ErrMalformed means the packet is not well-formed XML or not usable
	// RDF. The Packet returned with it holds what was read before the fault.
	ErrMalformed = errors.New("xmp: malformed packet")
	// ErrLimit means the packet exceeds MaxPacketSize, MaxDepth or
	// MaxProperties. The Packet returned with it holds what was read before
	// the limit was reached.
	ErrLimit = errors.New("xmp: packet exceeds a limit")
)

// Packet is a parsed XMP packet.
type Packet struct {
	// Properties are every simple value in document order, flattened to paths.
	Properties []Property
	// History is xmpMM:History decoded as events, in order.
	History []Event

	// Toolkit is the x:xmptk attribute of x:xmpmeta (x:xaptk in old
	// packets): the library that serialised the packet, e.g. "Adobe XMP
	// Core 5.6-c148 79.164036, 2019/08/13-01:06:57" or "Image::ExifTool
	// 12.57". It names the writer even when no property does.
	Toolkit string
	// About is the first non-empty rdf:about of a top-level rdf:Description.
	// Old Adobe writers put the document's uuid there.
	About string
	// Namespaces maps each prefix used in Properties paths to its namespace
	// URI, so that a reader can tell what an unfamiliar prefix stands for.
	Namespaces map[string]string
	// Warnings lists oddities that did not stop parsing but that a reader
	// of the evidence may want to know: bytes repaired, a DOCTYPE ignored,
	// leading bytes skipped, an unknown encoding label.
	Warnings []string

	// index maps a path to its first position in Properties. It is built by
	// Parse and trusted only while Properties keeps the length it had then.
	index    map[string]int
	indexLen int
}

// Property is one simple value and where it sits in the packet.
type Property struct {
	Path  string // e.g. "xmp:CreatorTool", "dc:creator[0]", "dc:title[x-default]", "xmpMM:History[1]/stEvt:action", "xmpMM:DerivedFrom/stRef:documentID"
	Value string
}

// Event is one item of xmpMM:History (the stEvt:ResourceEvent structure):
// an action a program took on the document. Fields the item lacks are empty.
type Event struct{ Action, When, SoftwareAgent, InstanceID, Changed, Parameters string }

// Get returns the value at a path, e.g. p.Get("xmp:CreatorTool"),
// p.Get("dc:title[x-default]"). When a packet has the same path twice (two
// rdf:Description elements both setting it) Get returns the first; the
// second is still in Properties.
//
// An exact match wins; failing one, Get matches the path ignoring case,
// because some writers miscapitalise standard names (Canon's DNG converter
// wrote "dc:Creator") and ExifTool, the reference most users compare with,
// reads them regardless.
func (p *Packet) Get(path string) (string, bool) {
	if p == nil {
		return "", false
	}
	if i, ok := p.exact(path); ok {
		return p.Properties[i].Value, true
	}
	for _, pr := range p.Properties {
		if strings.EqualFold(pr.Path, path) {
			return pr.Value, true
		}
	}
	return "", false
}

// List returns the items of an array property in order, e.g.
// p.List("dc:creator"); for a lang-alt it returns the values; for a simple
// property it returns it as a one-item list. Items that are structures have
// no value of their own and are left out. It returns nil when name is
// absent. Like Get, it falls back to ignoring case when nothing matches
// exactly.
func (p *Packet) List(name string) []string {
	if p == nil {
		return nil
	}
	for _, fold := range []bool{false, true} {
		var items []string
		for _, pr := range p.Properties {
			if isItemOf(pr.Path, name, fold) {
				items = append(items, pr.Value)
			}
		}
		if items != nil {
			return items
		}
		if !fold {
			if i, ok := p.exact(name); ok {
				return []string{p.Properties[i].Value}
			}
		}
	}
	if v, ok := p.Get(name); ok {
		return []string{v}
	}
	return nil
}

// exact returns the position of the first property at path, matched
// exactly.
func (p *Packet) exact(path string) (int, bool) {
	if p.index != nil && p.indexLen == len(p.Properties) {
		i, ok := p.index[path]
		return i, ok
	}
	for i, pr := range p.Properties {
		if pr.Path == path {
			return i, true
		}
	}
	return 0, false
}

// isItemOf reports whether path is name[something], with nothing after the
// closing bracket; fold compares name ignoring case.
func isItemOf(path, name string, fold bool) bool {
	if len(path) < len(name)+3 || path[len(name)] != '[' {
		return false
	}
	if head := path[:len(name)]; !(head == name || fold && strings.EqualFold(head, name)) {
		return false
	}
	rest := path[len(name)+1:]
	return strings.IndexByte(rest, ']') == len(rest)-1
}

// First returns the first non-empty of: the simple value at name, the
// x-default item of a lang-alt, the first array item. It is the one value a
// normalised view wants from a property that producers write in more than
// one shape (dc:title as a plain string or a lang-alt, dc:creator as a Seq
// or a plain string).
func (p *Packet) First(name string) string {
	if v, _ := p.Get(name); v != "" {
		return v
	}
	if v, _ := p.Get(name + "[x-default]"); v != "" {
		return v
	}
	for _, v := range p.List(name) {
		if v != "" {
			return v
		}
	}
	return ""
}
