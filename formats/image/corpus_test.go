package image_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/image"
	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/provenance"
)

// sharedCorpus holds real files from other projects with ExifTool's output
// (../shared/corpus from the repository root). It is never committed; the
// tests that read it skip when it is absent.
var sharedCorpus = formattest.CorpusPath()

var corpusFolders = []string{"jpeg", "tiff", "png", "heic", "webp", "other"}

// eachCorpusImage calls fn with every file of the shared corpus's image
// folders that f takes (Match), skipping the test when the corpus is
// absent.
func eachCorpusImage(t *testing.T, f image.Format, fn func(path string, data []byte)) {
	t.Helper()
	formattest.CorpusDir(t)
	for _, dir := range corpusFolders {
		paths, _ := filepath.Glob(filepath.Join(sharedCorpus, "files", dir, "*"))
		for _, p := range paths {
			data, err := os.ReadFile(p)
			require.NoError(t, err)
			if f.Match(data[:min(len(data), formats.SniffLen)]) {
				fn(p, data)
			}
		}
	}
}

// TestCorpusNeverPanicsOrHangs runs every file of the image folders
// (including the NEGATIVE ones: truncated, IFD loops, OOM bait) through
// Extract, with the thumbnail comparison on, under a deadline.
func TestCorpusNeverPanicsOrHangs(t *testing.T) {
	f := image.Format{CompareThumbnail: true}
	n := 0
	eachCorpusImage(t, f, func(p string, data []byte) {
		n++
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		// A SectionReader is not a *bytes.Reader: it takes the path
		// a file on disk takes (head cache, page cache).
		rec, err := f.Extract(ctx, io.NewSectionReader(bytes.NewReader(data), 0, int64(len(data))), int64(len(data)))
		cancel()
		// A hang is the context deadline running out; speed is measured by
		// benchmarks, not asserted here.
		assert.NotErrorIs(t, err, context.DeadlineExceeded, p)
		if err != nil {
			assert.True(t, errors.Is(err, formats.ErrMalformed), "%s: %v", p, err)
			return
		}
		require.NotNil(t, rec, p)
		_, err = json.Marshal(rec)
		assert.NoError(t, err, p)
	})
	assert.Greater(t, n, 100)
}

// conformTags are the ExifTool tags ../shared/tools/conform compares for
// the image family, with how to read docprov's value.
var conformTags = []struct {
	name string
	tags []string
	get  func(*provenance.Record) []string
}{
	{"make", []string{"IFD0:Make"}, func(r *provenance.Record) []string { return []string{cam(r).Make} }},
	{"model", []string{"IFD0:Model"}, func(r *provenance.Record) []string { return []string{cam(r).Model} }},
	{"software", []string{"IFD0:Software"}, allSoftware},
	{"created", []string{"ExifIFD:DateTimeOriginal", "ExifIFD:CreateDate", "XMP-xmp:CreateDate", "XMP-photoshop:DateCreated"},
		func(r *provenance.Record) []string { return []string{exifStyle(r.Created)} }},
	{"modified", []string{"IFD0:ModifyDate", "XMP-xmp:ModifyDate"}, func(r *provenance.Record) []string { return []string{exifStyle(r.Modified)} }},
	{"authors", []string{"IFD0:Artist", "XMP-dc:Creator", "IPTC:By-line"}, func(r *provenance.Record) []string { return []string{strings.Join(r.Authors, " ")} }},
	{"exif.ImageUniqueID", []string{"ExifIFD:ImageUniqueID"}, ids("exif.ImageUniqueID")},
	{"xmp.DocumentID", []string{"XMP-xmpMM:DocumentID"}, ids("xmp.DocumentID")},
	{"creator_tool", []string{"XMP-xmp:CreatorTool"}, allSoftware},
}

func cam(r *provenance.Record) provenance.Camera {
	if r.Camera == nil {
		return provenance.Camera{}
	}
	return *r.Camera
}

func allSoftware(r *provenance.Record) []string {
	var out []string
	for _, s := range r.Software {
		out = append(out, s.Raw)
	}
	return out
}

func ids(kind string) func(*provenance.Record) []string {
	return func(r *provenance.Record) []string { return []string{formattest.ID(r, kind)} }
}

// exifStyle writes a time the way ExifTool does ("2006:01:02 15:04:05"),
// to the second, without the offset (ExifTool's EXIF times have none).
func exifStyle(ts provenance.Timestamp) string {
	if ts.IsZero() {
		return ""
	}
	return ts.Time.Format("2006:01:02 15:04:05")
}

// refText turns an ExifTool value into comparable text: lists joined,
// numbers as ExifTool printed them, times cut to the second.
func refText(name string, v any) string {
	switch x := v.(type) {
	case []any:
		var parts []string
		for _, p := range x {
			parts = append(parts, refText(name, p))
		}
		return strings.Join(parts, " ")
	case float64:
		b, _ := json.Marshal(x)
		return string(b)
	case string:
		s := strings.Join(strings.Fields(x), " ")
		if name == "created" || name == "modified" {
			s = strings.ReplaceAll(s, "-", ":")
			s = strings.Replace(s, "T", " ", 1)
			if len(s) > 19 {
				s = s[:19]
			}
		}
		return s
	}
	return ""
}

// TestCorpusAgreesWithExifTool measures, per field, how often docprov
// agrees with ExifTool on the shared corpus, the way
// ../shared/tools/conform --family image does (times compared to the
// second). The disagreements left are values ExifTool prints in a form a
// Record cannot hold: "05:10:88" (88 seconds), a date without a time,
// "GMT+2", the Software string "1.00" that ExifTool's JSON turns into the
// number 1.0.
func TestCorpusAgreesWithExifTool(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(sharedCorpus, "exiftool.json"))
	if err != nil {
		t.Skip("shared corpus not present")
	}
	var entries []map[string]any
	require.NoError(t, json.Unmarshal(b, &entries))
	total, good := 0, 0
	for _, e := range entries {
		src, _ := e["SourceFile"].(string)
		dir := strings.Split(src, "/")[1]
		if !contains(corpusFolders, dir) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(sharedCorpus, src))
		require.NoError(t, err)
		if !(image.Format{}).Match(data[:min(len(data), formats.SniffLen)]) {
			continue
		}
		rec, err := image.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
		for _, c := range conformTags {
			var want string
			for _, tag := range c.tags {
				if v, ok := e[tag]; ok {
					if want = refText(c.name, v); want != "" {
						break
					}
				}
			}
			if want == "" {
				continue
			}
			total++
			ok := false
			if err == nil {
				for _, got := range c.get(rec) {
					if strings.Join(strings.Fields(got), " ") == want {
						ok = true
					}
				}
			}
			if ok {
				good++
			} else {
				t.Logf("%s %s: exiftool %q", src, c.name, want)
			}
		}
	}
	share := float64(good) / float64(total)
	t.Logf("agreement %d/%d = %.4f", good, total, share)
	assert.GreaterOrEqual(t, share, 0.98)
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// BenchmarkCorpus extracts every image of the shared corpus once per
// iteration, from memory: the extractor's own cost, without file system,
// digest or JSON.
func BenchmarkCorpus(b *testing.B) {
	var files [][]byte
	for _, dir := range corpusFolders {
		paths, _ := filepath.Glob(filepath.Join(sharedCorpus, "files", dir, "*"))
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err == nil && (image.Format{}).Match(data[:min(len(data), formats.SniffLen)]) {
				files = append(files, data)
			}
		}
	}
	if len(files) == 0 {
		b.Skip("shared corpus not present")
	}
	b.ResetTimer()
	for range b.N {
		for _, data := range files {
			_, _ = image.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
		}
	}
}
