package pdf_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/formats/pdf"
)

// buildPDF writes a one-page PDF whose page draws the given content
// streams, each as "filter" (FlateDecode or "") and bytes as stored.
func buildPDF(streams ...[2]string) []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	b.WriteString("%PDF-1.4\n")
	obj("<</Type/Catalog/Pages 2 0 R>>")
	obj("<</Type/Pages/Kids[3 0 R]/Count 1>>")
	var refs []string
	for i := range streams {
		refs = append(refs, fmt.Sprintf("%d 0 R", 4+i))
	}
	obj("<</Type/Page/Parent 2 0 R/MediaBox[0 0 100 100]/Contents[" + strings.Join(refs, " ") + "]>>")
	for _, s := range streams {
		filter := ""
		if s[0] != "" {
			filter = "/Filter/" + s[0]
		}
		obj(fmt.Sprintf("<</Length %d%s>>\nstream\n%s\nendstream", len(s[1]), filter, s[1]))
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

func deflate(data []byte) string {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.String()
}

func extractBytes(t *testing.T, data []byte) map[string]string {
	t.Helper()
	return formattest.ExtractUnsniffed(t, pdf.Format{}, data).Fields
}

func TestContentDigestStreamsAndFilters(t *testing.T) {
	plain := extractBytes(t, buildPDF([2]string{"", "0 0 m 10 10 l S"}))
	flated := extractBytes(t, buildPDF([2]string{"FlateDecode", deflate([]byte("0 0 m 10 10 l S"))}))
	require.Len(t, plain["content.sha256"], 64)
	assert.Equal(t, plain["content.sha256"], flated["content.sha256"], "the digest is of the decoded bytes")
	other := extractBytes(t, buildPDF([2]string{"", "0 0 m 10 20 l S"}))
	assert.NotEqual(t, plain["content.sha256"], other["content.sha256"])
}

func TestContentDigestUndecodableStream(t *testing.T) {
	data := buildPDF([2]string{"", "0 0 m 10 10 l S"}, [2]string{"FlateDecode", "this is not zlib data"})
	rec, err := pdf.Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err, "a stream that does not decode never fails the Record")
	assert.Equal(t, "true", rec.Fields["content.incomplete"])
	assert.Len(t, rec.Fields["content.sha256"], 64)
	found := false
	for _, p := range rec.Problems {
		found = found || strings.Contains(p, "page content digest")
	}
	assert.True(t, found, "problems: %v", rec.Problems)
}

func TestContentDigestCap(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes 32 MiB")
	}
	big := bytes.Repeat([]byte("0 0 m "), (pdf.MaxContentBytes/6)+1000)
	f := extractBytes(t, buildPDF([2]string{"FlateDecode", deflate(big)}))
	assert.Equal(t, "true", f["content.truncated"])
	assert.Len(t, f["content.sha256"], 64)
	// The digest covers the first MaxContentBytes: a stream that differs
	// only past the cap has the same digest.
	big2 := append(append([]byte{}, big...), []byte("1 1 l S")...)
	g := extractBytes(t, buildPDF([2]string{"FlateDecode", deflate(big2)}))
	assert.Equal(t, f["content.sha256"], g["content.sha256"])
}
