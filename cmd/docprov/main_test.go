package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const fixtures = "../../testdata/pdf"

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestExtractJSONArrayInInputOrder(t *testing.T) {
	files := []string{"signed.pdf", "reportlab.pdf", "ghostscript.pdf", "utf16-info.pdf", "multi-update.pdf"}
	var args []string
	for _, f := range files {
		args = append(args, filepath.Join(fixtures, f))
	}
	code, out, stderr := runCLI(t, "", append([]string{"extract", "-j", "4"}, args...)...)
	require.Equal(t, 0, code, stderr)
	var recs []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &recs))
	require.Len(t, recs, len(files))
	for i, r := range recs {
		assert.Equal(t, args[i], r["path"], "output follows input order")
		assert.EqualValues(t, 1, r["schema"])
		assert.Equal(t, "pdf", r["format"])
		assert.Len(t, r["sha256"], 64)
	}
}

func TestExtractJSONLinesWithFailures(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, filepath.Join(fixtures, "reportlab.pdf"), filepath.Join(dir, "a.pdf"))
	copyFile(t, filepath.Join(fixtures, "not-a-pdf.pdf"), filepath.Join(dir, "b.pdf"))
	copyFile(t, filepath.Join(fixtures, "truncated.pdf"), filepath.Join(dir, "sub", "c.pdf"))

	// Without -r only the folder's own files are read.
	code, out, _ := runCLI(t, "", "extract", "--jsonl", dir)
	assert.Equal(t, 1, code, "some files failed")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2)

	code, out, stderr := runCLI(t, "", "extract", "-r", "--jsonl", dir, filepath.Join(dir, "missing.pdf"))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "2 files could not be read")
	lines = strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 4)
	var recs []map[string]any
	for _, l := range lines {
		var r map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &r), "each line is one JSON object")
		recs = append(recs, r)
	}
	assert.Equal(t, "Docprov ReportLab Fixture", recs[0]["title"])
	assert.Contains(t, recs[1]["error"], "unsupported format")
	assert.Nil(t, recs[2]["error"], "a truncated PDF still has a readable header")
	assert.Contains(t, fmt.Sprint(recs[2]["problems"]), "unreadable")
	assert.Equal(t, filepath.Join(dir, "missing.pdf"), recs[3]["path"])
	assert.Contains(t, recs[3]["error"], "no such file")
}

func TestExtractPathsFromStdin(t *testing.T) {
	code, out, _ := runCLI(t, filepath.Join(fixtures, "reportlab.pdf")+"\n\n", "extract", "--jsonl", "--stdin")
	assert.Equal(t, 0, code)
	assert.Equal(t, 1, strings.Count(out, "\n"))
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}, {"extract"}, {"extract", "-j", "0", "x"}, {"extract", "--nope", "x"}} {
		code, _, _ := runCLI(t, "", args...)
		assert.Equal(t, 2, code, "args %q", args)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Dir(to), 0o755))
	require.NoError(t, os.WriteFile(to, b, 0o644))
}

func TestBaselineBuildMergeAndScan(t *testing.T) {
	dir := t.TempDir()
	a, b, merged := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json"), filepath.Join(dir, "m.json")
	code, _, stderr := runCLI(t, "", "baseline", "build", "-o", a, filepath.Join(fixtures, "reportlab.pdf"), filepath.Join(fixtures, "ghostscript.pdf"))
	require.Equal(t, 0, code, stderr)
	code, _, stderr = runCLI(t, "", "baseline", "build", "-o", b, filepath.Join(fixtures, "libreoffice.pdf"))
	require.Equal(t, 0, code, stderr)
	code, _, stderr = runCLI(t, "", "baseline", "merge", "-o", merged, a, b)
	require.Equal(t, 0, code, stderr)
	raw, err := os.ReadFile(merged)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	assert.EqualValues(t, 3, m["docs"])

	code, out, stderr := runCLI(t, "", "scan", "--baseline", merged, "--format", "jsonl", "--as-of", "2023-01-01",
		filepath.Join(fixtures, "signed-then-modified.pdf"), filepath.Join(fixtures, "not-a-pdf.pdf"))
	require.Equal(t, 1, code, "not-a-pdf.pdf is unreadable: %s", stderr)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.GreaterOrEqual(t, len(lines), 2)
	var first, last map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
	require.NoError(t, json.Unmarshal([]byte(lines[1]), &last))
	assert.Equal(t, filepath.Join(fixtures, "signed-then-modified.pdf"), first["path"])
	assert.Greater(t, first["score"], 1.0)
	assert.Contains(t, fmt.Sprint(first["findings"]), "after a signature")
	assert.Contains(t, fmt.Sprint(first["findings"]), "after the as-of date", "created 2023-05-06, after the as-of date")
	assert.NotEmpty(t, last["error"], "an unreadable file stays in the report")

	code, out, _ = runCLI(t, "", "scan", "--self", fixtures)
	assert.Equal(t, 1, code, "the fixtures hold files that are not documents")
	assert.Contains(t, out, "docprov scan:")

	code, _, _ = runCLI(t, "", "scan", "--self", "--baseline", merged, fixtures)
	assert.Equal(t, 2, code)
	code, _, stderr = runCLI(t, "", "scan", "--baseline", filepath.Join(fixtures, "README.md"), fixtures)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "baseline")
}

func TestDKIMKeysReachAttachments(t *testing.T) {
	msg := filepath.Join("..", "..", "testdata", "email", "multipart.eml")
	keys := filepath.Join("..", "..", "testdata", "email", "keys.json")
	code, out, stderr := runCLI(t, "", "extract", "--jsonl", "--dkim-keys", keys, msg)
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3, "the message and its two attachments")
	var m, att map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &m))
	require.NoError(t, json.Unmarshal([]byte(lines[1]), &att))
	assert.Contains(t, fmt.Sprint(m["dkim"]), "result:pass")
	assert.Equal(t, msg+"/reportlab.pdf", att["path"])
	assert.Equal(t, map[string]any{"path": msg, "dkim": "pass", "date": "2017-03-03T18:30:00-08:00"}, att["parent"])

	// Without keys nothing can be verified, and nothing is looked up.
	_, out, _ = runCLI(t, "", "extract", "--jsonl", msg)
	assert.Contains(t, out, `"result":"no-key"`)

	// The scan credits the attachment with its message's verified date.
	code, out, stderr = runCLI(t, "", "scan", "--format", "jsonl", "--dkim-keys", keys, msg)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "carried by a message whose DKIM signature verifies")

	code, _, _ = runCLI(t, "", "extract", "--dkim-keys", filepath.Join(fixtures, "README.md"), msg)
	assert.Equal(t, 2, code, "an unreadable key file is a usage error")
}
