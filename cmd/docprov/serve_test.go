package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// docprov serve prints its loopback URL, serves the case read-only and
// stops cleanly on a signal (here, the context).
func TestServe(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "case.db")
	code, _, stderr := runCLI(t, "", "scan", "--baseline", demoBaseline, "--as-of", "2017-05-05", "-o", dbPath, demoLeak)
	require.Equal(t, 0, code, stderr)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", dbPath}, strings.NewReader(""), &out, &errOut)
	}()
	var url string
	for deadline := time.Now().Add(20 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(out.String()); m != "" {
			url = m
		}
	}
	require.NotEmpty(t, url, "no URL printed: %s %s", out.String(), errOut.String())
	assert.NotContains(t, errOut.String(), "WARNING", "loopback needs no warning")

	resp, err := http.Get(url)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
	assert.Contains(t, string(body), `<script src="assets/app.js">`)
	resp, err = http.Get(url + "api/docs?limit=1")
	require.NoError(t, err)
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(body), `"total":73`)
	resp, err = http.Post(url+"api/docs", "application/json", strings.NewReader("{}"))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	req, _ := http.NewRequest("GET", url, nil)
	req.Host = "attacker.example"
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMisdirectedRequest, resp.StatusCode, "DNS rebinding guard")

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, errOut.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestServeMistakes(t *testing.T) {
	code, _, stderr := runCLI(t, "", "serve")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "usage: docprov serve")
	code, _, stderr = runCLI(t, "", "serve", filepath.Join(t.TempDir(), "none.db"))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "docprov serve:")
}
