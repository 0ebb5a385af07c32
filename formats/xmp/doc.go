// Package xmp finds and parses XMP packets, the metadata format that PDF
// metadata streams, JPEG APP1 segments, PNG iTXt chunks, TIFF, PSD, HEIF,
// WebP and OOXML/ODF embedded images all carry. Every format extractor in
// docprov hands its packet to this package.
//
// # What XMP is
//
// XMP (Extensible Metadata Platform, ISO 16684-1) is RDF written as XML.
// A packet is an x:xmpmeta element holding an rdf:RDF holding one or more
// rdf:Description elements, optionally wrapped in <?xpacket begin … ?> and
// <?xpacket end="w"?> processing instructions that let a scanner find it in
// a binary file. Each property belongs to a schema named by a namespace URI:
// Dublin Core (dc:title, dc:creator), XMP basic (xmp:CreatorTool,
// xmp:CreateDate), XMP Media Management (xmpMM:DocumentID,
// xmpMM:InstanceID, xmpMM:DerivedFrom, xmpMM:History), the PDF schema
// (pdf:Producer) and dozens more. A value is simple text, an array (rdf:Seq
// ordered, rdf:Bag unordered, rdf:Alt alternatives — for text, one per
// language), or a structure of named fields. For provenance the interesting
// parts are the creating tool, the dates, the document and instance IDs that
// tie copies and derivatives together, and xmpMM:History, the log of
// actions (created, converted, saved, derived …) that Adobe applications
// and some others append to.
//
// # Paths
//
// Parse flattens a packet to Properties: one Property per simple value, in
// document order, each with a path:
//
//	xmp:CreatorTool                      simple property
//	dc:creator[0], dc:creator[1]         items of a Seq or Bag, from 0
//	dc:title[x-default], dc:title[de]    items of a language Alt, by xml:lang
//	xmpMM:DerivedFrom/stRef:documentID   field of a structure
//	xmpMM:History[1]/stEvt:action        field of a structure in an array
//	dc:identifier, dc:identifier/xmpidq:Scheme
//	                                     a qualified value (rdf:value) and its qualifier
//
// A prefix in a path is the conventional prefix of the namespace URI, never
// the prefix the file happened to bind: a packet that writes
// xmlns:xap="http://ns.adobe.com/xap/1.0/" (Photoshop 7) or
// xmlns:ns1="http://ns.adobe.com/xap/1.0/" (some Java writers) yields
// "xmp:CreatorTool" all the same. A namespace not in the package's table
// keeps the file's prefix (numbered, as "acme2", if that prefix is taken
// by another namespace), and Packet.Namespaces says which URI each prefix in
// the paths stands for. All the shapes RDF/XML allows for the same value —
// attribute or element, struct as rdf:parseType="Resource", as a nested
// rdf:Description or as attributes of the property element or rdf:li,
// rdf:resource for a URI value — give the same path.
//
// Get, List and First read values by path; History decodes xmpMM:History
// into Events.
//
// # Example
//
//	p, err := xmp.Parse(xmp.Find(app1Segment))
//	if err != nil {
//		// p still holds everything read before the fault
//	}
//	tool := p.First("xmp:CreatorTool")  // "Adobe Photoshop 21.0 (Windows)"
//	title := p.First("dc:title")        // the x-default title
//	authors := p.List("dc:creator")     // ["Ada Example", "Bo Sample"]
//	for _, e := range p.History {
//		fmt.Println(e.When, e.Action, e.SoftwareAgent)
//	}
//
// # Hostile input
//
// Files under triage may be built to break parsers. Parse caps the input at
// MaxPacketSize, the element depth at MaxDepth and the output at
// MaxProperties; never expands entities from a DOCTYPE and keeps unknown
// entity references as text, with a warning naming each; never panics (it
// is fuzzed, see FuzzParse);
// and on broken XML returns what it read before the fault together with an
// error wrapping ErrMalformed. It reads UTF-8, UTF-16 and UTF-32 packets
// with or without a byte order mark, 8-bit packets that declare
// ISO-8859-1 or windows-1252, and repairs invalid UTF-8 and characters XML
// forbids rather than giving up, noting each repair in Packet.Warnings,
// since such oddities are themselves evidence. A forbidden character is
// replaced by U+FFFD, not dropped, whether it is written raw or as a
// character reference ("&#1;", as Ghostscript writes a control character
// of a PDF title): the value then shows that something stood there, and
// one warning counts them all. ExifTool keeps such a character as it is,
// so a value docprov repaired differs from ExifTool's by those characters
// only; the rest of the packet, which encoding/xml would otherwise give up
// at the reference, is read.
//
// # Why not a library
//
// This package is written by hand on encoding/xml because no well-kept Go
// XMP library exists. The one complete Go XMP SDK, trimmer.io/go-xmp, has
// been unmaintained since 2021, and it is heavy for this job: it decodes
// into registered, typed, reflection-driven models and keeps package-level
// state (a namespace registry, a logger), where a provenance reader wants a
// flat, loss-free list of whatever a possibly hostile file holds, including
// properties of schemas nobody registered. The smaller packages on
// pkg.go.dev are single-purpose image-metadata readers or wrappers of C
// libraries (exiv2, exempi).
package xmp
