package xmp_test

import (
	"fmt"

	"github.com/docprov/docprov/formats/xmp"
)

func ExampleParse() {
	// A JPEG APP1 segment, a PDF metadata stream or a PNG iTXt chunk: Find
	// locates the packet in the surrounding bytes.
	segment := []byte("http://ns.adobe.com/xap/1.0/\x00" + `<?xpacket begin="` + "\uFEFF" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xap="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
   xap:CreatorTool="Adobe Photoshop 21.0 (Windows)"
   xmpMM:DocumentID="xmp.did:5e0c3f5a">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Harbour at dusk</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>Ada Example</rdf:li><rdf:li>Bo Sample</rdf:li></rdf:Seq></dc:creator>
   <xmpMM:History><rdf:Seq>
    <rdf:li stEvt:action="created" stEvt:when="2020-02-03T04:05:06+01:00" stEvt:softwareAgent="Adobe Photoshop 21.0 (Windows)"/>
    <rdf:li stEvt:action="saved" stEvt:when="2020-02-03T05:06:07+01:00" stEvt:changed="/"/>
   </rdf:Seq></xmpMM:History>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`)

	p, err := xmp.Parse(xmp.Find(segment))
	if err != nil {
		fmt.Println("error:", err)
	}
	for _, prop := range p.Properties {
		fmt.Printf("%s = %s\n", prop.Path, prop.Value)
	}
	fmt.Println()
	fmt.Println("tool:   ", p.First("xmp:CreatorTool")) // written with the old "xap" prefix
	fmt.Println("title:  ", p.First("dc:title"))
	fmt.Println("authors:", p.List("dc:creator"))
	for _, e := range p.History {
		fmt.Printf("history: %s at %s by %q\n", e.Action, e.When, e.SoftwareAgent)
	}
	// Output:
	// xmp:CreatorTool = Adobe Photoshop 21.0 (Windows)
	// xmpMM:DocumentID = xmp.did:5e0c3f5a
	// dc:title[x-default] = Harbour at dusk
	// dc:creator[0] = Ada Example
	// dc:creator[1] = Bo Sample
	// xmpMM:History[0]/stEvt:action = created
	// xmpMM:History[0]/stEvt:when = 2020-02-03T04:05:06+01:00
	// xmpMM:History[0]/stEvt:softwareAgent = Adobe Photoshop 21.0 (Windows)
	// xmpMM:History[1]/stEvt:action = saved
	// xmpMM:History[1]/stEvt:when = 2020-02-03T05:06:07+01:00
	// xmpMM:History[1]/stEvt:changed = /
	//
	// tool:    Adobe Photoshop 21.0 (Windows)
	// title:   Harbour at dusk
	// authors: [Ada Example Bo Sample]
	// history: created at 2020-02-03T04:05:06+01:00 by "Adobe Photoshop 21.0 (Windows)"
	// history: saved at 2020-02-03T05:06:07+01:00 by ""
}
