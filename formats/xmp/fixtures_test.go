package xmp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fixtures in testdata are small packets in the styles real producers
// write (see testdata/make.sh for the generated ones). Each case lists
// values by path and the normalised reads a format extractor makes.
func TestFixtures(t *testing.T) {
	tests := []struct {
		file     string
		toolkit  string
		about    string
		props    map[string]string // path -> value, each must be present
		absent   []string          // paths that must not be present
		first    map[string]string // First(name) -> value
		lists    map[string][]string
		history  []Event
		nProps   int // total number of properties
		warnings []string
	}{
		{
			file:    "acrobat.xmp",
			toolkit: "Adobe XMP Core 5.6-c016 91.163616, 2018/10/29-16:58:49",
			props: map[string]string{
				"xmp:CreatorTool":                    "Acrobat PDFMaker 21 for Word",
				"xmp:CreateDate":                     "2021-03-01T09:00:00+01:00",
				"dc:format":                          "application/pdf",
				"dc:title[x-default]":                "Fixture: Acrobat-style packet",
				"dc:title[fr-FR]":                    "Paquet façon Acrobat",
				"dc:creator[0]":                      "Ada Example",
				"dc:creator[1]":                      "Bo Sample",
				"dc:description[x-default]":          "A packet written for docprov's tests & nothing else",
				"xmpMM:DocumentID":                   "uuid:7c5f0a1e-0000-4000-8000-000000000001",
				"xmpMM:DerivedFrom/stRef:instanceID": "uuid:7c5f0a1e-0000-4000-8000-0000000000aa",
				"xmpMM:DerivedFrom/stRef:documentID": "uuid:7c5f0a1e-0000-4000-8000-0000000000bb",
				"xmpMM:History[1]/stEvt:changed":     "/",
				"pdf:Producer":                       "Adobe PDF Library 21.1.177",
				"pdfaid:part":                        "2",
				"pdfaid:conformance":                 "B",
			},
			absent: []string{"xmpMM:DerivedFrom", "xmpMM:History", "dc:title"},
			first: map[string]string{
				"dc:title":         "Fixture: Acrobat-style packet",
				"dc:creator":       "Ada Example",
				"xmp:CreatorTool":  "Acrobat PDFMaker 21 for Word",
				"xmpMM:InstanceID": "uuid:7c5f0a1e-0000-4000-8000-000000000002",
			},
			lists: map[string][]string{
				"dc:creator":   {"Ada Example", "Bo Sample"},
				"dc:title":     {"Fixture: Acrobat-style packet", "Paquet façon Acrobat"},
				"pdf:Producer": {"Adobe PDF Library 21.1.177"},
			},
			history: []Event{
				{Action: "converted", When: "2021-03-04T10:11:00+01:00", SoftwareAgent: "Preflight", InstanceID: "uuid:7c5f0a1e-0000-4000-8000-000000000010", Parameters: "converted to PDF/A-2b"},
				{Action: "saved", When: "2021-03-04T10:11:12+01:00", SoftwareAgent: "Adobe Acrobat Pro DC 21.1.20135", InstanceID: "uuid:7c5f0a1e-0000-4000-8000-000000000002", Changed: "/"},
			},
			nProps: 30,
		},
		{
			file:    "photoshop-cc.xmp",
			toolkit: "Adobe XMP Core 5.6-c148 79.164036, 2019/08/13-01:06:57",
			props: map[string]string{
				"xmp:CreatorTool":                            "Adobe Photoshop 21.0 (Windows)",
				"xmpMM:DocumentID":                           "adobe:docid:photoshop:5e0c3f5a-0000-4000-8000-000000000001",
				"xmpMM:OriginalDocumentID":                   "xmp.did:5e0c3f5a-0000-4000-8000-000000000000",
				"xmpMM:History[0]/stEvt:action":              "created",
				"xmpMM:History[1]/stEvt:parameters":          "from application/vnd.adobe.photoshop to image/jpeg",
				"xmpMM:DerivedFrom/stRef:originalDocumentID": "xmp.did:5e0c3f5a-0000-4000-8000-000000000000",
				"photoshop:DocumentAncestors[1]":             "xmp.did:0badc0de-0000-4000-8000-000000000002",
				"exif:PixelXDimension":                       "640",
			},
			absent: []string{"xmpMM:DerivedFrom", "xmpMM:History[0]"},
			lists: map[string][]string{
				"photoshop:DocumentAncestors": {"adobe:docid:photoshop:0badc0de-0000-4000-8000-000000000001", "xmp.did:0badc0de-0000-4000-8000-000000000002"},
			},
			history: []Event{
				{Action: "created", When: "2020-02-03T04:05:06+01:00", SoftwareAgent: "Adobe Photoshop 21.0 (Windows)", InstanceID: "xmp.iid:5e0c3f5a-0000-4000-8000-000000000000"},
				{Action: "converted", Parameters: "from application/vnd.adobe.photoshop to image/jpeg"},
				{Action: "derived", Parameters: "converted from application/vnd.adobe.photoshop to image/jpeg"},
				{Action: "saved", When: "2020-02-03T05:06:07+01:00", SoftwareAgent: "Adobe Photoshop 21.0 (Windows)", InstanceID: "xmp.iid:5e0c3f5a-0000-4000-8000-000000000003", Changed: "/"},
			},
			nProps: 32,
		},
		{
			// Old Adobe prefixes (xap, xapMM, xapRights, xapTPg), one
			// description per schema, unqualified "about".
			file:    "photoshop7.xmp",
			toolkit: "XMP toolkit 2.8.2-33, framework 1.5",
			about:   "uuid:1a2b3c4d-0000-11d9-0000-000000000001",
			props: map[string]string{
				"xmp:CreatorTool":            "Adobe Photoshop 7.0",
				"xmp:CreateDate":             "2004-02-26T10:42:33-05:00",
				"xmpMM:DocumentID":           "adobe:docid:photoshop:1a2b3c4d-0000-11d9-0000-000000000002",
				"xmpRights:Marked":           "False",
				"xmpTPg:MaxPageSize/stDim:w": "8.5",
				"photoshop:History":          "",
				"dc:creator[0]":              "Fixture Photographer",
			},
			absent: []string{"xap:CreatorTool", "xapMM:DocumentID"},
			first:  map[string]string{"dc:title": "Fixture picture", "xmp:CreatorTool": "Adobe Photoshop 7.0"},
			nProps: 14,
		},
		{
			file:    "utf16be.xmp", // photoshop7.xmp in UTF-16BE, no byte order mark
			toolkit: "XMP toolkit 2.8.2-33, framework 1.5",
			about:   "uuid:1a2b3c4d-0000-11d9-0000-000000000001",
			props: map[string]string{
				"xmp:CreatorTool":  "Adobe Photoshop 7.0",
				"xmpMM:DocumentID": "adobe:docid:photoshop:1a2b3c4d-0000-11d9-0000-000000000002",
			},
			nProps: 14,
		},
		{
			file: "libreoffice.xmp",
			props: map[string]string{
				"pdf:Producer":        "LibreOffice 7.5",
				"xmp:CreatorTool":     "Writer",
				"pdfaid:part":         "2",
				"dc:subject[1]":       "libreoffice",
				"dc:title[x-default]": "Fixture: LibreOffice export",
			},
			first:  map[string]string{"dc:creator": "Chris Writer", "dc:description": "Exported from Writer"},
			nProps: 13,
		},
		{
			file: "latin1.xmp", // declared ISO-8859-1, bytes in windows-1252
			props: map[string]string{
				"dc:creator[0]":             "José Müller",
				"dc:description[x-default]": "Exporté depuis Writer – « fixture »",
			},
			nProps: 13,
		},
		{
			file:    "exiftool.xmp",
			toolkit: "Image::ExifTool 12.57",
			props: map[string]string{
				"dc:title[de]":                       "Quartalsbericht",
				"pdf:Producer":                       "Fixture Producer & Co <1.0>",
				"xmpMM:DerivedFrom/stRef:documentID": "xmp.did:99999999-8888-7777-6666-555555555555",
				"xmpMM:History[1]/stEvt:changed":     "/metadata",
			},
			first: map[string]string{
				"xmp:CreatorTool":  "docprov fixture writer 1.0",
				"xmpMM:DocumentID": "xmp.did:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
				"dc:title":         "Quarterly report",
			},
			lists: map[string][]string{"dc:creator": {"Jane Doe", "John Roe"}, "dc:subject": {"alpha", "beta"}},
			history: []Event{
				{Action: "created", When: "2024-01-02T03:04:05+01:00", SoftwareAgent: "docprov fixture writer 1.0", InstanceID: "xmp.iid:aaaaaaaa-0000-0000-0000-000000000001"},
				{Action: "saved", When: "2024-01-03T10:00:00+01:00", SoftwareAgent: "docprov fixture writer 1.1", InstanceID: "xmp.iid:11111111-2222-3333-4444-555555555555", Changed: "/metadata"},
			},
			nProps: 22,
		},
		{
			file:    "exiftool-shorthand.xmp",
			toolkit: "Image::ExifTool 12.57",
			props: map[string]string{
				"xmp:CreatorTool":                    "docprov fixture writer 2.0",
				"xmpMM:DerivedFrom/stRef:instanceID": "xmp.iid:shorthand-parent",
			},
			lists: map[string][]string{"dc:creator": {"Jane Doe"}},
			history: []Event{
				{Action: "created", When: "2024-02-03T04:05:06Z", SoftwareAgent: "docprov fixture writer 2.0"},
				{Action: "saved", When: "2024-02-03T05:06:07Z", SoftwareAgent: "docprov fixture writer 2.0", Changed: "/"},
			},
			nProps: 12,
		},
		{
			file:    "oddities.xmp",
			toolkit: "XMP toolkit 2.9.1-13, framework 1.6",
			props: map[string]string{
				"xmp:CreatorTool":                    "Java XMP Writer 3.1", // ns1: prefix, attribute, padded
				"xmpMM:DocumentID":                   "uuid:0dd17e50-0000-4000-8000-000000000001",
				"xmpMM:DerivedFrom/stRef:documentID": "uuid:0dd17e50-0000-4000-8000-0000000000d0",
				"xmpMM:DerivedFrom/stRef:instanceID": "uuid:0dd17e50-0000-4000-8000-0000000000d1",
				"xmpMM:ManagedFrom":                  "https://example.org/managed/42",
				"dc:identifier":                      "978-0-00-000000-2",
				"dc:identifier/xmpidq:Scheme":        "ISBN",
				"dc:creator[1]":                      "Second Ordinal",
				"dc:rights":                          "All rights reserved",
				"dc:title":                           "A plain-text title (not a lang-alt)",
				"dc:description[x-default]":          "Case of x-default",
				"dc:description[1]":                  "No language",
				"acme:Tracking":                      "T-1000",
				"xmp2:CreatorTool":                   "not the real xmp:CreatorTool",
				"ns:Flag":                            "on",
				"acme:Empty":                         "",
			},
			first: map[string]string{"dc:title": "A plain-text title (not a lang-alt)", "dc:creator": "First Ordinal"},
			history: []Event{
				{Action: "created", When: "2019-09-09T09:09:09Z", SoftwareAgent: "Java XMP Writer 3.1"},
			},
			nProps: 20,
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			require.NoError(t, err)
			p, err := Parse(data)
			require.NoError(t, err)
			assert.Empty(t, p.Warnings)
			assert.Equal(t, tc.toolkit, p.Toolkit)
			assert.Equal(t, tc.about, p.About)
			for path, want := range tc.props {
				got, ok := p.Get(path)
				if assert.True(t, ok, "missing %s", path) {
					assert.Equal(t, want, got, path)
				}
			}
			for _, path := range tc.absent {
				_, ok := p.Get(path)
				assert.False(t, ok, "unexpected %s", path)
			}
			for name, want := range tc.first {
				assert.Equal(t, want, p.First(name), "First(%s)", name)
			}
			for name, want := range tc.lists {
				assert.Equal(t, want, p.List(name), "List(%s)", name)
			}
			assert.Equal(t, tc.history, p.History)
			assert.Len(t, p.Properties, tc.nProps)

			// Every prefix in a path is accounted for in Namespaces,
			// except those of names in no namespace.
			for _, pr := range p.Properties {
				for _, prefix := range pathPrefixes(pr.Path) {
					assert.Contains(t, p.Namespaces, prefix, pr.Path)
				}
			}

			// Find on the fixture embedded in binary junk returns a
			// packet that parses to the same properties.
			junk := append(append([]byte("\xff\xd8\xff\xe1\x00\x10http://ns.adobe.com/xap/1.0/\x00"), data...), "\x00\x01trailing"...)
			found := Find(junk)
			require.NotNil(t, found)
			p2, err := Parse(found)
			require.NoError(t, err)
			assert.Equal(t, p.Properties, p2.Properties)
		})
	}
}

// pathPrefixes returns the namespace prefixes of each step of a path.
func pathPrefixes(path string) []string {
	var out []string
	for _, step := range strings.Split(path, "/") {
		if i := strings.IndexAny(step, ":["); i > 0 && step[i] == ':' {
			out = append(out, step[:i])
		}
	}
	return out
}
