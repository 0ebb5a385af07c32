package main

import (
	"flag"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/docprov/docprov/provenance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDoubleDashEndsFlags: "--" protected only the path right after it;
// the next name starting with "-" was taken for a flag again.
func TestDoubleDashEndsFlags(t *testing.T) {
	src, err := filepath.Abs(filepath.Join(fixtures, "reportlab.pdf"))
	require.NoError(t, err)
	dir := t.TempDir()
	for _, n := range []string{"-a.pdf", "-b.pdf", "--c.pdf"} {
		copyFile(t, src, filepath.Join(dir, n))
	}
	t.Chdir(dir)
	code, out, stderr := runCLI(t, "", "extract", "--jsonl", "--", "-a.pdf", "-b.pdf", "--c.pdf")
	require.Equal(t, 0, code, stderr)
	recs := jsonLines(t, out)
	require.Len(t, recs, 3)
	for i, want := range []string{"-a.pdf", "-b.pdf", "--c.pdf"} {
		assert.Equal(t, want, recs[i]["path"])
	}
}

func TestParseInterleaved(t *testing.T) {
	for _, tc := range []struct {
		args      []string
		wantPaths []string
		wantOut   string
		wantJ     int
	}{
		{[]string{"a", "-o", "x", "b"}, []string{"a", "b"}, "x", 1},
		{[]string{"-j", "3", "a", "--", "-o", "-j"}, []string{"a", "-o", "-j"}, "", 3},
		{[]string{"-o", "--", "a"}, []string{"a"}, "--", 1}, // "--" as a flag's value
		{[]string{"-o=y", "-", "--v", "b"}, []string{"-", "b"}, "y", 1},
		{[]string{"a", "--"}, []string{"a"}, "", 1},
	} {
		fl := flag.NewFlagSet("t", flag.ContinueOnError)
		out := fl.String("o", "", "")
		j := fl.Int("j", 1, "")
		fl.Bool("v", false, "")
		paths, err := parseInterleaved(fl, tc.args)
		require.NoError(t, err, "%q", tc.args)
		assert.Equal(t, tc.wantPaths, paths, "%q", tc.args)
		assert.Equal(t, tc.wantOut, *out, "%q", tc.args)
		assert.Equal(t, tc.wantJ, *j, "%q", tc.args)
	}
}

// TestScanFailsWhenFilesAreUnreadable: scan exited 0 when questioned files
// could not be read. It still writes the whole report, those files in it.
func TestScanFailsWhenFilesAreUnreadable(t *testing.T) {
	good, bad := filepath.Join(fixtures, "reportlab.pdf"), filepath.Join(fixtures, "not-a-pdf.pdf")
	for _, self := range []bool{false, true} {
		args := []string{"scan", "--format", "jsonl"}
		if self {
			args = append(args, "--self")
		}
		code, out, stderr := runCLI(t, "", append(args, good, bad, "no-such.pdf")...)
		assert.Equal(t, 1, code, "self %v: %s", self, stderr)
		assert.Contains(t, stderr, "docprov scan: 2 files could not be read")
		recs := jsonLines(t, out)
		require.Len(t, recs, 3, "self %v: the report has every file", self)
		assert.Empty(t, recs[0]["error"])
		assert.NotEmpty(t, recs[1]["error"])
		assert.NotEmpty(t, recs[2]["error"])
	}
	code, _, stderr := runCLI(t, "", "scan", good)
	assert.Equal(t, 0, code, stderr)
	assert.NotContains(t, stderr, "could not be read")
}

// TestScanWithoutBaselineSaysWhatIsSkipped: without --baseline or --self
// the scan ran silently with "baseline of 0".
func TestScanWithoutBaselineSaysWhatIsSkipped(t *testing.T) {
	pdf := filepath.Join(fixtures, "reportlab.pdf")
	code, _, stderr := runCLI(t, "", "scan", pdf)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "no baseline")
	for _, c := range provenance.Checks() {
		if c.NeedsBaseline {
			assert.Contains(t, stderr, c.Name, "the skipped checks are named")
		}
	}
	assert.Contains(t, stderr, "--baseline")
	assert.Contains(t, stderr, "--self")

	code, _, stderr = runCLI(t, "", "scan", "--self", pdf)
	require.Equal(t, 0, code, stderr)
	assert.NotContains(t, stderr, "no baseline")
}

// TestUnknownFormatIsNamed: scan --format x printed the usage without
// saying what was wrong.
func TestUnknownFormatIsNamed(t *testing.T) {
	pdf := filepath.Join(fixtures, "reportlab.pdf")
	code, out, stderr := runCLI(t, "", "scan", "--format", "x", pdf)
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Contains(t, stderr, `unknown --format "x" (want text, json, jsonl, csv, html, sqlite)`)
	code, _, stderr = runCLI(t, "", "extract", "--format=xml", pdf)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `unknown --format "xml" (want json, jsonl, csv, sqlite)`)
}

// TestScanTextNamesEachPathOnce: the report's error lines read
// "x.txt: x.txt: content not recognised", and counts "1 documents".
func TestScanTextNamesEachPathOnce(t *testing.T) {
	bad := filepath.Join(fixtures, "not-a-pdf.pdf")
	code, out, stderr := runCLI(t, "", "scan", "--self", bad)
	require.Equal(t, 1, code, stderr)
	assert.Contains(t, out, "docprov scan: 1 document,")
	assert.Contains(t, out, "\n1 file could not be read:\n  "+bad+": content not recognised")
	assert.NotContains(t, out, bad+": "+bad)
	assert.Contains(t, stderr, "docprov scan: 1 file could not be read")
}

// TestHelpForEveryCommand: "baseline -h" and "baseline build -h" exited 2
// with Go's bare flag list. Help asked for is printed on stdout, with
// examples, and exits 0, for every command however it is asked.
func TestHelpForEveryCommand(t *testing.T) {
	var asked [][]string
	for _, c := range commands {
		name := strings.Fields(c.name)
		asked = append(asked,
			append(slices.Clone(name), "-h"),
			append(slices.Clone(name), "--help"),
			append(slices.Clone(name), "some.pdf", "-h"), // after a path too
			append([]string{"help"}, name...))
	}
	asked = append(asked, []string{"baseline", "-h"}, []string{"baseline", "--help"}, []string{"help", "baseline"})
	for _, args := range asked {
		code, out, stderr := runCLI(t, "", args...)
		assert.Equal(t, 0, code, "%q", args)
		assert.Empty(t, stderr, "%q", args)
		assert.Contains(t, out, "usage:", "%q", args)
		name := args[0]
		if name == "help" {
			name = args[1]
		}
		assert.Contains(t, out, "examples:\n  docprov "+name, "%q", args)
	}
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		code, out, _ := runCLI(t, "", args...)
		assert.Equal(t, 0, code)
		for _, c := range commands {
			assert.Contains(t, out, "  "+c.name+" ", "the top-level usage lists %s", c.name)
		}
	}
	_, out, _ := runCLI(t, "", "scan", "-h")
	assert.Contains(t, out, "-min-score S", "the flags are listed")
	assert.Contains(t, out, strings.Join(scanCSVHeader, ", "), "the CSV columns are documented")
	_, out, _ = runCLI(t, "", "extract", "-h")
	assert.Contains(t, out, strings.Join(extractCSVHeader, ", "))
}

// TestMistakesGetAShortUsage: a bad flag or a missing argument says what
// was wrong and points to -h, on stderr, with exit status 2.
func TestMistakesGetAShortUsage(t *testing.T) {
	for _, args := range [][]string{
		{"scan"}, {"scan", "--nope", "x"}, {"extract"}, {"baseline"}, {"baseline", "frob"},
		{"baseline", "build", "x"}, {"baseline", "build", "-o", "b.json"}, {"baseline", "merge", "a.json"},
	} {
		code, out, stderr := runCLI(t, "", args...)
		assert.Equal(t, 2, code, "%q", args)
		assert.Empty(t, out, "%q", args)
		assert.Contains(t, stderr, "usage:", "%q", args)
	}
}

// TestVersion: there was no --version. It names the build from the
// information the go command records.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, stderr := runCLI(t, "", args...)
		require.Equal(t, 0, code, stderr)
		assert.True(t, strings.HasPrefix(out, "docprov "), out)
		assert.Contains(t, out, "go       "+runtime.Version())
	}
	code, _, _ := runCLI(t, "", "version", "extra")
	assert.Equal(t, 2, code)

	text := versionText(&debug.BuildInfo{
		GoVersion: "go1.26.0",
		Main:      debug.Module{Path: "github.com/docprov/docprov", Version: "(devel)"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "c900769abc"}, {Key: "vcs.time", Value: "2026-12-01T10:00:00Z"}, {Key: "vcs.modified", Value: "true"},
		},
	})
	assert.Equal(t, "docprov (devel)\nmodule   github.com/docprov/docprov\nrevision c900769abc (with uncommitted changes)\ntime     2026-12-01T10:00:00Z\ngo       go1.26.0\n", text)
	text = versionText(&debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/docprov/docprov", Version: "v1.2.0"}})
	assert.Equal(t, "docprov v1.2.0\nmodule   github.com/docprov/docprov\ngo       go1.26.0\n", text)
	text = versionText(&debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/docprov/docprov", Version: "(devel)"}})
	assert.Contains(t, text, "revision not recorded")
}
