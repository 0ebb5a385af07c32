package odf

import (
	"github.com/docprov/docprov/formats/internal/xmlscan"

	"fmt"
	"io"
	"strings"

	"github.com/docprov/docprov/provenance"
)

// MaxManifestBytes is the largest META-INF/manifest.xml read. A manifest
// lists one line per part; a megabyte is tens of thousands of parts.
const MaxManifestBytes = 4 << 20

// manifest is what META-INF/manifest.xml says about the package.
type manifest struct {
	mediaType string          // the media type of the entry "/", the package itself
	encrypted map[string]bool // parts stored encrypted, by full path
	entries   int
}

// parseManifest reads a manifest into Fields under "odf.manifest.":
//
//	odf.manifest.<attr>                     root attributes (manifest:version)
//	odf.manifest.file-entry[i]              full path
//	odf.manifest.file-entry[i].media-type   and .version, .size,
//	                                        .preferred-view-mode
//	odf.manifest.file-entry[i].encrypted    the checksum type, when encrypted,
//	                                        with .algorithm, .key-derivation,
//	                                        .start-key-generation
//	odf.manifest.encrypted                  number of encrypted entries
//	odf.manifest.keyinfo                    number of GPG recipients (ODF 1.3)
//
// A syntax error keeps what was read before it and is returned.
func parseManifest(data []byte, f provenance.Fields) (*manifest, error) {
	m := &manifest{encrypted: map[string]bool{}}
	data, err := xmlscan.ToUTF8(data)
	if err != nil {
		return m, err
	}
	sc := xmlscan.New(data)
	nm := newNames()
	depth := 0
	entry := -1
	path := ""
	keyinfo := 0
	for tokens := 0; tokens < 4*MaxItems*8; tokens++ {
		kind, err := sc.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return m, err
		}
		switch kind {
		case xmlscan.StartElement:
			t := sc.Start()
			depth++
			if depth > MaxDepth {
				return m, fmt.Errorf("nested deeper than %d", MaxDepth)
			}
			nm.learn(t.Attr)
			attr := func(name string) string {
				for _, a := range t.Attr {
					if nm.qname(a.Name) == name {
						return a.Value
					}
				}
				return ""
			}
			switch name := nm.qname(t.Name); {
			case depth == 1:
				for _, a := range t.Attr {
					if !isXMLNS(a) {
						f.Set("odf.manifest."+nm.qname(a.Name), a.Value)
					}
				}
			case name == "manifest:file-entry":
				if m.entries >= MaxItems {
					entry = -1
					continue
				}
				entry = m.entries
				m.entries++
				p := fmt.Sprintf("odf.manifest.file-entry[%d]", entry)
				path = attr("manifest:full-path")
				f.Set(p, path)
				for _, k := range []string{"media-type", "version", "size", "preferred-view-mode"} {
					f.Set(p+"."+k, attr("manifest:"+k))
				}
				if path == "/" && m.mediaType == "" {
					m.mediaType = strings.TrimSpace(attr("manifest:media-type"))
				}
			case entry >= 0 && name == "manifest:encryption-data":
				p := fmt.Sprintf("odf.manifest.file-entry[%d]", entry)
				f[p+".encrypted"] = attr("manifest:checksum-type")
				if f[p+".encrypted"] == "" {
					f[p+".encrypted"] = "true"
				}
				m.encrypted[strings.ToLower(strings.TrimPrefix(path, "/"))] = true
			case entry >= 0 && name == "manifest:algorithm":
				f.Set(fmt.Sprintf("odf.manifest.file-entry[%d].algorithm", entry), attr("manifest:algorithm-name"))
			case entry >= 0 && name == "manifest:key-derivation":
				f.Set(fmt.Sprintf("odf.manifest.file-entry[%d].key-derivation", entry), attr("manifest:key-derivation-name"))
			case entry >= 0 && name == "manifest:start-key-generation":
				f.Set(fmt.Sprintf("odf.manifest.file-entry[%d].start-key-generation", entry), attr("manifest:start-key-generation-name"))
			case name == "manifest:keyinfo":
				keyinfo++
			}
		case xmlscan.EndElement:
			if depth == 2 {
				entry = -1
			}
			depth--
		}
	}
	if n := len(m.encrypted); n > 0 {
		f.Set("odf.manifest.encrypted", fmt.Sprint(n))
	}
	if keyinfo > 0 {
		f.Set("odf.manifest.keyinfo", fmt.Sprint(keyinfo))
	}
	return m, nil
}
