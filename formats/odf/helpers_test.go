package odf_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/odf"
	"github.com/docprov/docprov/provenance"
)

type entry struct{ name, data string }

// zipOf builds a ZIP in memory; a "mimetype" entry is stored, as ODF wants.
func zipOf(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.name == "mimetype" {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		require.NoError(t, err)
		_, err = w.Write([]byte(e.data))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

const (
	nsOffice = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"`
	nsMeta   = `xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"`
	nsText   = `xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"`
)

// metaXML wraps office:meta children in a meta.xml part.
func metaXML(children string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><office:document-meta ` + nsOffice + ` ` + nsMeta +
		` office:version="1.3"><office:meta>` + children + `</office:meta></office:document-meta>`
}

// odtOf builds a minimal ODF text package with the given parts.
func odtOf(t testing.TB, parts ...entry) []byte {
	return zipOf(t, append([]entry{{"mimetype", "application/vnd.oasis.opendocument.text"}}, parts...)...)
}

func extractBytes(data []byte) (*provenance.Record, error) {
	return formattest.Try(odf.Format{}, data)
}

// exifTime is ExifTool's date form: "2017:03:01 09:12:00.250+01:00".
var exifTime = regexp.MustCompile(`^(\d{4}):(\d\d):(\d\d) (\d\d):(\d\d)(?::(\d\d))?(?:\.\d+)?(Z|[+-]\d\d:\d\d)?$`)

// sameTime compares the way ../shared/tools/conform does: the same wall
// clock to the second and, when both give one, the same offset.
func sameTime(ref string, ts provenance.Timestamp) bool {
	m := exifTime.FindStringSubmatch(strings.TrimSpace(ref))
	if m == nil || ts.IsZero() {
		return false
	}
	sec := m[6]
	if sec == "" {
		sec = "00"
	}
	if ts.Time.Format("2006-01-02 15:04:05") != fmt.Sprintf("%s-%s-%s %s:%s:%s", m[1], m[2], m[3], m[4], m[5], sec) {
		return false
	}
	if off, ok := ts.Offset(); ok && m[7] != "" {
		want := 0
		if m[7] != "Z" {
			h, _ := strconv.Atoi(m[7][1:3])
			mm, _ := strconv.Atoi(m[7][4:6])
			want = h*3600 + mm*60
			if m[7][0] == '-' {
				want = -want
			}
		}
		return off == want
	}
	return true
}

func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

// checkExifTool extracts every ODF file that ExifTool's JSON (ref, with
// SourceFile relative to root) describes, requires a Record or an error for
// each, and requires docprov to agree with ExifTool on at least min of the
// (file, field) pairs where ExifTool has a value — the fields and the rules
// of ../shared/tools/conform's "odf" family.
func checkExifTool(t *testing.T, root, ref string, min float64, skip func(string) bool) {
	b, err := os.ReadFile(ref)
	if os.IsNotExist(err) {
		t.Skipf("%s not present", ref)
	}
	require.NoError(t, err)
	var entries []map[string]any
	require.NoError(t, json.Unmarshal(b, &entries))
	text := func(v any) string {
		switch v := v.(type) {
		case string:
			return norm(v)
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
		return ""
	}
	type field struct {
		name, tag string
		ok        func(string, *provenance.Record) bool
	}
	fields := []field{
		{"title", "XMP-dc:Title", func(v string, r *provenance.Record) bool { return norm(r.Title) == v }},
		{"authors", "XMP-meta:Initial-creator", func(v string, r *provenance.Record) bool {
			return len(r.Authors) == 1 && norm(r.Authors[0]) == v
		}},
		{"last_modified_by", "XMP-dc:Creator", func(v string, r *provenance.Record) bool { return norm(r.LastModifiedBy) == v }},
		{"created", "XMP-meta:Creation-date", func(v string, r *provenance.Record) bool { return sameTime(v, r.Created) }},
		{"modified", "XMP-dc:Date", func(v string, r *provenance.Record) bool { return sameTime(v, r.Modified) }},
		{"application", "XMP-meta:Generator", func(v string, r *provenance.Record) bool {
			for _, s := range r.Software {
				if s.Role == provenance.RoleApplication && norm(s.Raw) == v {
					return true
				}
			}
			return false
		}},
		{"revision", "XMP-meta:Editing-cycles", func(v string, r *provenance.Record) bool { return r.Revision == v }},
	}
	var n, good int
	for _, e := range entries {
		src, _ := e["SourceFile"].(string)
		switch strings.ToLower(filepath.Ext(src)) {
		case ".odt", ".ods", ".odp", ".fodt", ".fods", ".fodp":
		default:
			continue
		}
		if skip != nil && skip(src) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, src))
		require.NoError(t, err)
		rec, xerr := extractBytes(data)
		require.False(t, rec == nil && xerr == nil, "%s: neither a Record nor an error", src)
		for _, f := range fields {
			v := text(e[f.tag])
			if v == "" {
				continue
			}
			n++
			if rec != nil && f.ok(v, rec) {
				good++
			} else {
				t.Logf("%s %s: exiftool %q, docprov disagrees (error %v)", src, f.name, v, xerr)
			}
		}
	}
	require.NotZero(t, n)
	share := float64(good) / float64(n)
	t.Logf("agreement with ExifTool: %d/%d = %.4f", good, n, share)
	require.GreaterOrEqual(t, share, min)
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}
