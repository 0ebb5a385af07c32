package xmp

import "strconv"

// Namespace URIs the parser itself needs to recognise.
const (
	nsRDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsXML = "http://www.w3.org/XML/1998/namespace"
	nsX   = "adobe:ns:meta/"
)

// knownNamespaces maps namespace URIs to the conventional prefix used in
// paths. Files bind arbitrary prefixes to these URIs (Adobe's own older
// writers used "xap", "xapMM", "xapRights" for what are now "xmp", "xmpMM",
// "xmpRights"; some tools write "ns1", "ns2"), so paths are built from the
// URI, never from the prefix the file happened to use. Several URIs may map
// to one prefix when a schema was published under more than one URI.
//
// It is a constant table: it is never written after initialisation.
var knownNamespaces = map[string]string{
	nsRDF:                                   "rdf",
	nsXML:                                   "xml",
	nsX:                                     "x",
	"http://www.w3.org/2000/01/rdf-schema#": "rdfs",

	// Dublin Core.
	"http://purl.org/dc/elements/1.1/": "dc",
	"http://purl.org/dc/terms/":        "dcterms",

	// XMP core schemas (the URIs still say "xap", the product's old name).
	"http://ns.adobe.com/xap/1.0/":                 "xmp",
	"http://ns.adobe.com/xap/1.0/mm/":              "xmpMM",
	"http://ns.adobe.com/xap/1.0/rights/":          "xmpRights",
	"http://ns.adobe.com/xap/1.0/bj/":              "xmpBJ",
	"http://ns.adobe.com/xap/1.0/t/pg/":            "xmpTPg",
	"http://ns.adobe.com/xap/1.0/t/":               "xmpT",
	"http://ns.adobe.com/xap/1.0/g/":               "xmpG",
	"http://ns.adobe.com/xap/1.0/g/img/":           "xmpGImg",
	"http://ns.adobe.com/xap/1.0/PLUS/":            "xmpPLUS",
	"http://ns.adobe.com/xmp/note/":                "xmpNote",
	"http://ns.adobe.com/xmp/1.0/DynamicMedia/":    "xmpDM",
	"http://ns.adobe.com/xmp/1.0/Script/":          "xmpScript",
	"http://ns.adobe.com/xmp/Identifier/qual/1.0/": "xmpidq",
	"http://ns.adobe.com/xmp/identifier/qual/1.0/": "xmpidq",

	// XMP structure types.
	"http://ns.adobe.com/xap/1.0/sType/ResourceEvent#": "stEvt",
	"http://ns.adobe.com/xap/1.0/sType/ResourceRef#":   "stRef",
	"http://ns.adobe.com/xap/1.0/sType/Version#":       "stVer",
	"http://ns.adobe.com/xap/1.0/sType/Job#":           "stJob",
	"http://ns.adobe.com/xap/1.0/sType/ManifestItem#":  "stMfs",
	"http://ns.adobe.com/xap/1.0/sType/Dimensions#":    "stDim",
	"http://ns.adobe.com/xap/1.0/sType/Font#":          "stFnt",
	"http://ns.adobe.com/xap/1.0/sType/Area#":          "stArea",
	"http://ns.adobe.com/xmp/sType/Area#":              "stArea",

	// PDF and its ISO profiles.
	"http://ns.adobe.com/pdf/1.3/":           "pdf",
	"http://ns.adobe.com/pdfx/1.3/":          "pdfx",
	"http://www.aiim.org/pdfa/ns/id/":        "pdfaid",
	"http://www.aiim.org/pdfa/ns/extension/": "pdfaExtension",
	"http://www.aiim.org/pdfa/ns/schema#":    "pdfaSchema",
	"http://www.aiim.org/pdfa/ns/property#":  "pdfaProperty",
	"http://www.aiim.org/pdfa/ns/type#":      "pdfaType",
	"http://www.aiim.org/pdfa/ns/field#":     "pdfaField",
	"http://www.aiim.org/pdfua/ns/id/":       "pdfuaid",
	"http://www.npes.org/pdfx/ns/id/":        "pdfxid",
	"http://www.aiim.org/pdfe/ns/id/":        "pdfe",
	"http://pdfa.org/declarations/":          "pdfd",

	// Adobe applications.
	"http://ns.adobe.com/photoshop/1.0/":                 "photoshop",
	"http://ns.adobe.com/illustrator/1.0/":               "illustrator",
	"http://ns.adobe.com/camera-raw-settings/1.0/":       "crs",
	"http://ns.adobe.com/camera-raw-saved-settings/1.0/": "crss",
	"http://ns.adobe.com/lightroom/1.0/":                 "lr",
	"http://ns.adobe.com/hdr-gain-map/1.0/":              "hdrgm",
	"http://ns.adobe.com/iX/1.0/":                        "iX",
	"http://ns.adobe.com/xdp/":                           "xdp",
	"http://ns.adobe.com/album/1.0/":                     "album",
	"http://ns.adobe.com/StockPhoto/1.0/":                "bmsp",
	"http://ns.adobe.com/creatorAtom/1.0/":               "creatorAtom",
	"http://ns.adobe.com/DICOM/":                         "DICOM",
	"http://ns.adobe.com/exif/1.0/":                      "exif",
	"http://ns.adobe.com/exif/1.0/aux/":                  "aux",
	"http://ns.adobe.com/tiff/1.0/":                      "tiff",

	// Photo metadata standards.
	"http://cipa.jp/exif/1.0/":                                 "exifEX",
	"http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/":              "Iptc4xmpCore",
	"http://iptc.org/std/Iptc4xmpExt/2008-02-29/":              "Iptc4xmpExt",
	"http://ns.useplus.org/ldf/xmp/1.0/":                       "plus",
	"http://www.metadataworkinggroup.com/schemas/regions/":     "mwg-rs",
	"http://www.metadataworkinggroup.com/schemas/keywords/":    "mwg-kw",
	"http://www.metadataworkinggroup.com/schemas/collections/": "mwg-coll",
	"http://ns.camerabits.com/photomechanic/1.0/":              "photomechanic",
	"http://ns.microsoft.com/photo/1.0/":                       "MicrosoftPhoto",
	"http://ns.microsoft.com/photo/1.0":                        "MicrosoftPhoto",
	"http://ns.microsoft.com/photo/1.2/":                       "MP",
	"http://ns.microsoft.com/photo/1.2/t/RegionInfo#":          "MPRI",
	"http://ns.microsoft.com/photo/1.2/t/Region#":              "MPReg",
	"http://www.gimp.org/xmp/":                                 "GIMP",
	"http://ns.flir.com/xmp/1.0/":                              "FLIR",
	"http://ns.apple.com/faceinfo/1.0/":                        "apple-fi",
	"http://ns.apple.com/HDRGainMap/1.0/":                      "HDRGainMap",
	"http://ns.apple.com/pixeldatainfo/1.0/":                   "apdi",
	"http://ns.apple.com/depthData/1.0/":                       "depthData",
	"http://ns.apple.com/SpatialMedia/1.0/":                    "SpatialMedia",

	// Google's camera and panorama schemas.
	"http://ns.google.com/photos/1.0/panorama/":       "GPano",
	"http://ns.google.com/photos/1.0/camera/":         "GCamera",
	"http://ns.google.com/photos/1.0/depthmap/":       "GDepth",
	"http://ns.google.com/photos/1.0/image/":          "GImage",
	"http://ns.google.com/photos/1.0/audio/":          "GAudio",
	"http://ns.google.com/photos/1.0/container/":      "Container",
	"http://ns.google.com/photos/1.0/container/item/": "Item",
	"http://ns.google.com/photos/dd/1.0/device/":      "Device",

	// Publishing and licensing.
	"http://prismstandard.org/namespaces/basic/1.2/": "prism",
	"http://prismstandard.org/namespaces/basic/2.0/": "prism",
	"http://prismstandard.org/namespaces/basic/2.1/": "prism",
	"http://prismstandard.org/namespaces/basic/3.0/": "prism",
	"http://creativecommons.org/ns#":                 "cc",
	"http://xmlns.com/foaf/0.1/":                     "foaf",
}

// prefixAliases gives the namespace a conventional prefix stands for when a
// file uses the prefix without declaring it (sloppy writers forget
// xmlns:dc or xmlns:xap). Only prefixes whose meaning is not in doubt are
// listed.
var prefixAliases = map[string]string{
	"rdf":          nsRDF,
	"x":            nsX,
	"dc":           "http://purl.org/dc/elements/1.1/",
	"xmp":          "http://ns.adobe.com/xap/1.0/",
	"xap":          "http://ns.adobe.com/xap/1.0/",
	"xmpMM":        "http://ns.adobe.com/xap/1.0/mm/",
	"xapMM":        "http://ns.adobe.com/xap/1.0/mm/",
	"xmpRights":    "http://ns.adobe.com/xap/1.0/rights/",
	"xapRights":    "http://ns.adobe.com/xap/1.0/rights/",
	"xmpBJ":        "http://ns.adobe.com/xap/1.0/bj/",
	"xapBJ":        "http://ns.adobe.com/xap/1.0/bj/",
	"xmpGImg":      "http://ns.adobe.com/xap/1.0/g/img/",
	"xapGImg":      "http://ns.adobe.com/xap/1.0/g/img/",
	"stEvt":        "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#",
	"stRef":        "http://ns.adobe.com/xap/1.0/sType/ResourceRef#",
	"pdf":          "http://ns.adobe.com/pdf/1.3/",
	"pdfx":         "http://ns.adobe.com/pdfx/1.3/",
	"pdfaid":       "http://www.aiim.org/pdfa/ns/id/",
	"photoshop":    "http://ns.adobe.com/photoshop/1.0/",
	"tiff":         "http://ns.adobe.com/tiff/1.0/",
	"exif":         "http://ns.adobe.com/exif/1.0/",
	"Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
}

// isKnownPrefix reports whether some well-known namespace owns prefix, so
// that an unknown namespace a file binds to, say, "xmp" does not get its
// properties mixed up with the real xmp: ones.
func isKnownPrefix(prefix string) bool {
	if _, ok := prefixAliases[prefix]; ok {
		return true
	}
	for _, p := range knownNamespaces {
		if p == prefix {
			return true
		}
	}
	return false
}

// registry hands out the path prefix of each namespace URI seen in one
// packet, so that one URI always gets one prefix and two URIs never share
// one.
type registry struct {
	byURI    map[string]string
	byPrefix map[string]string // the inverse, for Packet.Namespaces
	next     map[string]int    // next numeric suffix to try for a base prefix
}

func newRegistry() *registry {
	return &registry{byURI: map[string]string{}, byPrefix: map[string]string{}, next: map[string]int{}}
}

// prefix returns the path prefix for a namespace URI. filePrefix is the
// prefix the file bound to it, used for namespaces not in the table.
func (r *registry) prefix(uri, filePrefix string) string {
	if p, ok := r.byURI[uri]; ok {
		return p
	}
	p, known := knownNamespaces[uri]
	if !known {
		base := filePrefix
		if base == "" {
			base = "ns" // a default namespace: the file gave no prefix at all
		}
		p = base
		// A file may bind a prefix we reserve ("xmp", "dc") or reuse one
		// prefix for two URIs in different scopes: number the newcomer.
		if _, taken := r.byPrefix[p]; taken || isKnownPrefix(p) {
			n := r.next[base]
			if n < 2 {
				n = 2
			}
			for {
				p = base + strconv.Itoa(n)
				n++
				if _, taken := r.byPrefix[p]; !taken && !isKnownPrefix(p) {
					break
				}
			}
			r.next[base] = n
		}
	}
	r.byURI[uri] = p
	if _, ok := r.byPrefix[p]; !ok {
		r.byPrefix[p] = uri
	}
	return p
}
