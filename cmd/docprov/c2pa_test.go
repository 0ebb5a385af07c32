package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestC2PATrust: --c2pa-trust makes a manifest whose signer chains to the
// bundle trusted, in process and in isolated workers; without it the same
// manifest is valid, its signer untrusted/unknown.
func TestC2PATrust(t *testing.T) {
	t.Setenv("DOCPROV_TEST_WORKER", "1") // this test binary serves as the worker (TestMain)
	dir := filepath.Join("..", "..", "testdata", "c2pa")
	photo, ca := filepath.Join(dir, "signed.jpg"), filepath.Join(dir, "test-ca.pem")
	code, out, stderr := runCLI(t, "", "extract", "--jsonl", photo)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, `"c2pa.validation":"valid"`)
	assert.Contains(t, out, `"c2pa.trust":"untrusted/unknown"`)
	for _, extra := range [][]string{nil, {"--isolate"}} {
		args := append([]string{"extract", "--jsonl", "--c2pa-trust", ca}, extra...)
		code, out, stderr = runCLI(t, "", append(args, photo)...)
		require.Equal(t, 0, code, stderr)
		assert.Contains(t, out, `"c2pa.validation":"trusted"`, extra)
	}
	code, _, stderr = runCLI(t, "", "extract", "--c2pa-trust", filepath.Join(dir, "make.sh"), photo)
	assert.NotEqual(t, 0, code)
	assert.Contains(t, stderr, "no PEM certificate")
}
