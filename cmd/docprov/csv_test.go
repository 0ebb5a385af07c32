package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const demo = "../../testdata/demo"

// extract --format csv: a header and one row per Record or error, that a
// CSV reader reads back with the Record's values.
func TestExtractCSV(t *testing.T) {
	code, out, stderr := runCLI(t, "", "extract", "--format", "csv", filepath.Join(fixtures, "reportlab.pdf"), "no-such-file.pdf")
	require.Equal(t, 1, code, stderr)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 3)
	assert.Equal(t, extractCSVHeader, rows[0])
	col := func(name string) int {
		for i, h := range rows[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	assert.Equal(t, "pdf", rows[1][col("format")])
	assert.Equal(t, "Alice Example", rows[1][col("authors")])
	assert.Contains(t, rows[1][col("software")], "producer: ReportLab")
	assert.Equal(t, "no-such-file.pdf", rows[2][col("path")])
	assert.NotEmpty(t, rows[2][col("error")])
}

// scan --format csv --top N: the N highest-ranked documents in rank order;
// --min-score keeps those scoring at least S; -o writes to a file.
func TestScanCSVTopMinScoreAndOutputFile(t *testing.T) {
	args := []string{"scan", "--baseline", filepath.Join(demo, "baseline"), "--as-of", "2017-05-05", "--format", "csv"}
	code, out, stderr := runCLI(t, "", append(args, "--top", "3", filepath.Join(demo, "leak"))...)
	require.Equal(t, 0, code, stderr)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 4)
	assert.Equal(t, scanCSVHeader, rows[0])
	prev := 1e9
	for i, r := range rows[1:] {
		assert.Equal(t, strconv.Itoa(i+1), r[0])
		s, err := strconv.ParseFloat(r[1], 64)
		require.NoError(t, err)
		assert.LessOrEqual(t, s, prev, "rank order")
		prev = s
	}

	file := filepath.Join(t.TempDir(), "report.csv")
	code, out, stderr = runCLI(t, "", append(args, "--min-score", "2", "-o", file, filepath.Join(demo, "leak"))...)
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, out, "the report went to the file")
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	rows, err = csv.NewReader(strings.NewReader(string(b))).ReadAll()
	require.NoError(t, err)
	require.Greater(t, len(rows), 1)
	for _, r := range rows[1:] {
		s, _ := strconv.ParseFloat(r[1], 64)
		assert.GreaterOrEqual(t, s, 2.0)
	}
}

// extract -o FILE writes there and nothing to standard output, in every
// format; --top and --min-score are scan's (a Record has no score).
func TestExtractOutputFile(t *testing.T) {
	pdf := filepath.Join(fixtures, "reportlab.pdf")
	for _, format := range extractFormats {
		file := filepath.Join(t.TempDir(), "out."+format)
		code, out, stderr := runCLI(t, "", "extract", "--format", format, "-o", file, pdf)
		require.Equal(t, 0, code, stderr)
		assert.Empty(t, out, format)
		b, err := os.ReadFile(file)
		require.NoError(t, err)
		assert.Contains(t, string(b), "Docprov ReportLab Fixture", format)
	}
	code, _, stderr := runCLI(t, "", "extract", "--top", "3", pdf)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "flag provided but not defined: -top")
}
