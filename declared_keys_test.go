package docprov_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
)

// Checks read the keys formats write through declarations in one place
// (provenance/keys.go): the metadata prefixes scrubbed and added-metadata
// compare, the sources of each normalized time, and the kinds of
// identifiers. A format that writes something none of them declares would
// be silently skipped by those checks; this test reads every fixture made
// by a real producer, and the demo, and fails instead.
func TestFormatsWriteOnlyDeclaredKeys(t *testing.T) {
	var paths []string
	require.NoError(t, filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			paths = append(paths, p)
		}
		return err
	}))
	formatsSeen := map[string]int{}
	for _, p := range paths {
		rec, err := docprov.ExtractFile(context.Background(), p)
		if err != nil {
			continue // scripts, READMEs, deliberately broken files
		}
		formatsSeen[rec.Format]++
		for _, id := range rec.IDs {
			_, declared := provenance.IdentifierKind(id.Kind)
			assert.True(t, declared, "%s: identifier kind %q is not declared in provenance/keys.go", p, id.Kind)
		}
		for which, ts := range map[string]provenance.Timestamp{"created": rec.Created, "modified": rec.Modified, "printed": rec.Printed, "metadata_date": rec.MetadataDate} {
			if ts.IsZero() {
				continue
			}
			assert.NotEmpty(t, provenance.TimeSource(rec, which), "%s: %s %s comes from no declared source", p, which, ts)
		}
		if len(rec.Authors) > 0 || rec.Title != "" || rec.LastModifiedBy != "" {
			metadata := 0
			for k := range rec.Fields {
				if provenance.IsMetadataKey(k) {
					metadata++
				}
			}
			assert.Positive(t, metadata, "%s (%s) names people or a title, but none of its fields is under a declared metadata prefix", p, rec.Format)
		}
	}
	assert.GreaterOrEqual(t, len(formatsSeen), 10, "fixtures of every format family: %v", formatsSeen)
}
