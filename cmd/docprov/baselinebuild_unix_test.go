//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBaselineBuildHardLinks: later names of a hard-linked file are not
// read again, yet the baseline, its counts of copies and unreadable
// files, and the lines naming them are those of a folder of plain copies
// (a mailbox's messages counted a copy each, an unreadable file named
// under each of its names).
func TestBaselineBuildHardLinks(t *testing.T) {
	sources := map[string]string{
		"a.pdf":       filepath.Join(fixtures, "reportlab.pdf"),
		"c.pdf":       filepath.Join(fixtures, "ghostscript.pdf"),
		"bad.pdf":     filepath.Join(fixtures, "not-a-pdf.pdf"),
		"mail.mbox":   "../../testdata/email/mailbox.mbox",
		"photo.jpeg":  "../../testdata/demo/leak/PB133205.JPG",
		"sub/odd.pdf": filepath.Join(fixtures, "truncated.pdf"),
	}
	// Each name of links is a hard link (in linked) or a copy (in
	// copied) of the file named first.
	links := [][]string{
		{"a.pdf", "x/a.pdf", "y/a2.pdf"},
		{"c.pdf"},
		{"bad.pdf", "x/bad.pdf"},
		{"mail.mbox", "x/mail.mbox"},
		{"photo.jpeg", "z/photo.jpeg"},
		{"sub/odd.pdf", "z/odd.pdf"},
	}
	linked, copied := t.TempDir(), t.TempDir()
	for _, names := range links {
		copyFile(t, sources[names[0]], filepath.Join(linked, names[0]))
		for _, n := range names {
			copyFile(t, sources[names[0]], filepath.Join(copied, n))
			if n != names[0] {
				require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(linked, n)), 0o755))
				require.NoError(t, os.Link(filepath.Join(linked, names[0]), filepath.Join(linked, n)))
			}
		}
	}
	build := func(dir string) (string, string) {
		out := filepath.Join(t.TempDir(), "b.json")
		code, _, stderr := runCLI(t, "", "baseline", "build", "-j", "3", "-o", out, dir)
		require.Equal(t, 0, code, stderr)
		b, err := os.ReadFile(out)
		require.NoError(t, err)
		return strings.ReplaceAll(string(b), dir, "DIR"), strings.NewReplacer(dir, "DIR", out, "OUT").Replace(stderr)
	}
	wantBaseline, wantStderr := build(copied)
	gotBaseline, gotStderr := build(linked)
	assert.Equal(t, wantStderr, gotStderr)
	assert.Contains(t, gotStderr, "DIR/x/bad.pdf", "a later name of an unreadable file is named too")
	assert.Contains(t, gotStderr, "identical copies counted once")
	assert.JSONEq(t, wantBaseline, gotBaseline)

	// scan --baseline DIR reads its baseline folder the same way.
	code, _, stderr := runCLI(t, "", "scan", "--baseline", linked, "--format", "jsonl", filepath.Join(fixtures, "reportlab.pdf"))
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "DIR/x/bad.pdf"[3:])
}
