package xmp

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats/internal/formattest"
)

// corpusDir is the shared conformance corpus, which lives beside the
// repository and must never be copied into it (its files keep their own
// licenses). Tests that need it skip when it is absent.
var corpusDir = formattest.CorpusPath()

// officeFolders hold formats whose XMP-* tags ExifTool maps from the
// format's own metadata (ODF meta.xml, OOXML core.xml), not from an XMP
// packet; there is no packet to find in them.
var officeFolders = map[string]bool{
	"doc": true, "docx": true, "xlsx": true, "pptx": true, "xls": true, "ppt": true,
	"odt": true, "ods": true, "odp": true,
}

var officeExts = map[string]bool{
	".docm": true, ".dotx": true, ".xlsm": true, ".pptm": true, ".xlsb": true, ".xlt": true,
}

// corpusEntry is one file's ExifTool output. Values stay raw JSON because
// ExifTool writes numbers as numbers and lists as lists.
type corpusEntry map[string]json.RawMessage

func (e corpusEntry) text(key string) (string, bool) {
	raw, ok := e[key]
	if !ok {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, true
	}
	// A number: ExifTool printed the value as written ("16.2").
	return string(raw), true
}

func (e corpusEntry) list(key string) ([]string, bool) {
	raw, ok := e[key]
	if !ok {
		return nil, false
	}
	var l []json.RawMessage
	if json.Unmarshal(raw, &l) != nil {
		l = []json.RawMessage{raw}
	}
	out := make([]string, 0, len(l))
	for _, item := range l {
		var s string
		if json.Unmarshal(item, &s) != nil {
			s = string(item)
		}
		out = append(out, s)
	}
	return out, true
}

func loadCorpus(t *testing.T) []corpusEntry {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(corpusDir, "exiftool.json"))
	if os.IsNotExist(err) {
		t.Skip("shared corpus not present")
	}
	require.NoError(t, err)
	var entries []corpusEntry
	require.NoError(t, json.Unmarshal(raw, &entries))
	return entries
}

// hasXMPPacket reports whether ExifTool read an XMP packet from the file:
// it has XMP-* tags and is not an office format (whose XMP-* tags come from
// elsewhere).
func hasXMPPacket(e corpusEntry, src string) bool {
	if officeFolders[filepath.Base(filepath.Dir(src))] || officeExts[strings.ToLower(filepath.Ext(src))] {
		return false
	}
	for k := range e {
		if strings.HasPrefix(k, "XMP-") {
			return true
		}
	}
	return false
}

// inflateStreams returns the zlib-inflated content of every PDF stream in
// data that inflates, so that a compressed metadata stream can be searched
// too. It is a test helper, not a PDF parser: it looks for the "stream"
// keyword and tries zlib on what follows.
func inflateStreams(data []byte) [][]byte {
	var out [][]byte
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte("stream"))
		if i < 0 {
			return out
		}
		j := off + i + len("stream")
		off = j
		if j < len(data) && data[j] == '\r' {
			j++
		}
		if j < len(data) && data[j] == '\n' {
			j++
		}
		zr, err := zlib.NewReader(bytes.NewReader(data[j:]))
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(io.LimitReader(zr, MaxPacketSize))
		if len(b) > 0 {
			out = append(out, b)
		}
	}
}

// packetsOf returns every packet in a file: in its raw bytes, then in its
// inflated PDF streams.
func packetsOf(data []byte, src string) [][]byte {
	packets := FindAll(data)
	if strings.HasSuffix(src, ".pdf") {
		for _, s := range inflateStreams(data) {
			packets = append(packets, FindAll(s)...)
		}
	}
	return packets
}

// TestCorpus walks the shared corpus: every file is searched and every packet
// found is parsed (which must never panic); files in which ExifTool read XMP
// must yield a packet that parses cleanly, and the values ExifTool reports
// must agree with ours.
func TestCorpus(t *testing.T) {
	entries := loadCorpus(t)

	type tally struct{ compared, matchedFirst, matchedAny int }
	tallies := map[string]*tally{}
	count := func(tag string, first bool, any bool) {
		tl := tallies[tag]
		if tl == nil {
			tl = &tally{}
			tallies[tag] = tl
		}
		tl.compared++
		if first {
			tl.matchedFirst++
		}
		if any {
			tl.matchedAny++
		}
	}
	var xmpFiles, found, encrypted, packets, packetErrors int

	for _, e := range entries {
		src, _ := e.text("SourceFile")
		data, err := os.ReadFile(filepath.Join(corpusDir, src))
		require.NoError(t, err, src)

		all := packetsOf(data, src)
		parsed := make([]*Packet, 0, len(all))
		var firstErr error
		for i, pk := range all {
			p, err := Parse(pk)
			require.NotNil(t, p, src)
			packets++
			if i == 0 {
				firstErr = err
			}
			if err != nil {
				packetErrors++
				t.Logf("%s: packet of %d bytes: %v", src, len(pk), err)
			}
			parsed = append(parsed, p)
		}

		if !hasXMPPacket(e, src) {
			continue
		}
		xmpFiles++
		if _, ok := e["PDF:Encryption"]; ok && len(all) == 0 {
			encrypted++ // the metadata stream is encrypted: nothing to find without the key
			continue
		}
		if !assert.NotEmpty(t, all, "%s: ExifTool read XMP but Find found none", src) {
			continue
		}
		found++
		// The first packet is the one a format extractor reads by default;
		// it must parse cleanly. (Later ones may legitimately be fragments,
		// e.g. the continuation segments of JPEG extended XMP.)
		assert.NoError(t, firstErr, "%s: first packet", src)

		for _, tag := range []struct{ exif, ours string }{
			{"XMP-xmp:CreatorTool", "xmp:CreatorTool"},
			{"XMP-xmpMM:DocumentID", "xmpMM:DocumentID"},
			{"XMP-xmpMM:InstanceID", "xmpMM:InstanceID"},
			{"XMP-pdf:Producer", "pdf:Producer"},
			{"XMP-x:XMPToolkit", "x:xmptk"},
		} {
			want, ok := e.text(tag.exif)
			if !ok {
				continue
			}
			// ExifTool keeps the padding Adobe's toolkit string ends with;
			// Parse trims whitespace from every value.
			want = strings.Trim(want, " \t\r\n")
			value := func(p *Packet) string {
				if tag.ours == "x:xmptk" {
					return p.Toolkit
				}
				return p.First(tag.ours)
			}
			first := value(parsed[0]) == want
			anyMatch := false
			for _, p := range parsed {
				if value(p) == want {
					anyMatch = true
				}
			}
			if !anyMatch {
				t.Logf("%s: %s: ExifTool %q, first packet %q", src, tag.exif, want, value(parsed[0]))
			}
			count(tag.exif, first, anyMatch)
		}

		// Lists and structures: dc:creator and the History events.
		if want, ok := e.list("XMP-dc:Creator"); ok {
			// Items are read trimmed, as every text value is: ExifTool
			// keeps a trailing space inside an rdf:li.
			for i := range want {
				want[i] = strings.TrimSpace(want[i])
			}
			anyMatch := false
			for _, p := range parsed {
				if fmt.Sprint(p.List("dc:creator")) == fmt.Sprint(want) {
					anyMatch = true
				}
			}
			if !anyMatch {
				t.Logf("%s: dc:creator: ExifTool %q, first packet %q", src, want, parsed[0].List("dc:creator"))
			}
			count("XMP-dc:Creator", fmt.Sprint(parsed[0].List("dc:creator")) == fmt.Sprint(want), anyMatch)
		}
		if raw, ok := e["XMP-xmpMM:History"]; ok {
			var want []map[string]any
			if json.Unmarshal(raw, &want) == nil {
				anyMatch := false
				for _, p := range parsed {
					if historyMatches(p.History, want) {
						anyMatch = true
					}
				}
				if !anyMatch {
					t.Logf("%s: History: ExifTool %v, first packet %+v", src, want, parsed[0].History)
				}
				count("XMP-xmpMM:History", historyMatches(parsed[0].History, want), anyMatch)
			}
		}
	}

	t.Logf("files with an XMP packet per ExifTool: %d; packet found in %d; encrypted PDFs skipped: %d", xmpFiles, found, encrypted)
	t.Logf("packets found in the whole corpus: %d, of which %d did not parse cleanly", packets, packetErrors)
	tags := make([]string, 0, len(tallies))
	for tag := range tallies {
		tags = append(tags, tag)
	}
	sort.Strings(tags)
	for _, tag := range tags {
		tl := tallies[tag]
		t.Logf("%-22s compared %3d  first packet agrees %3d (%.0f%%)  some packet agrees %3d (%.0f%%)",
			tag, tl.compared, tl.matchedFirst, pct(tl.matchedFirst, tl.compared), tl.matchedAny, pct(tl.matchedAny, tl.compared))
	}

	// Thresholds measured on the corpus as it stands (see the log lines
	// above); they are set a little below the measured figures so that the
	// test notices a regression, not a one-file change of corpus.
	assert.Equal(t, xmpFiles-encrypted, found, "every unencrypted file with XMP yields a packet")
	// Agreement with ExifTool, in percent: "any" counts a file as agreeing
	// when some packet in it has ExifTool's value (ExifTool reads the
	// document's packet; a PDF also holds packets of images and pages),
	// "first" only when the first packet found has it.
	for tag, min := range map[string]struct{ any, first float64 }{
		"XMP-xmp:CreatorTool":  {any: 100, first: 95},
		"XMP-xmpMM:DocumentID": {any: 100, first: 95},
		"XMP-xmpMM:InstanceID": {any: 100, first: 80},
		"XMP-x:XMPToolkit":     {any: 100, first: 95},
		"XMP-pdf:Producer":     {any: 95, first: 90},
		"XMP-dc:Creator":       {any: 100, first: 90},
		"XMP-xmpMM:History":    {any: 100, first: 100},
	} {
		tl := tallies[tag]
		if assert.NotNil(t, tl, tag) {
			assert.GreaterOrEqual(t, pct(tl.matchedAny, tl.compared), min.any, tag)
			assert.GreaterOrEqual(t, pct(tl.matchedFirst, tl.compared), min.first, tag)
		}
	}
}

func pct(n, d int) float64 {
	if d == 0 {
		return 100
	}
	return 100 * float64(n) / float64(d)
}

// historyMatches compares our events with ExifTool's -struct output on the
// fields whose text ExifTool does not reformat (it rewrites When as
// "YYYY:MM:DD hh:mm:ss").
func historyMatches(got []Event, want []map[string]any) bool {
	if len(got) != len(want) {
		return false
	}
	for i, w := range want {
		str := func(k string) string {
			if v, ok := w[k]; ok {
				return fmt.Sprint(v)
			}
			return ""
		}
		g := got[i]
		if g.Action != str("Action") || g.SoftwareAgent != str("SoftwareAgent") ||
			g.InstanceID != str("InstanceID") || g.Changed != str("Changed") || g.Parameters != str("Parameters") {
			return false
		}
		if (g.When == "") != (str("When") == "") {
			return false
		}
	}
	return true
}
