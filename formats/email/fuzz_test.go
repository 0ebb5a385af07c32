package email

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/internal/formattest"
	"github.com/docprov/docprov/provenance"
)

// FuzzExtract feeds arbitrary bytes to Match, Probe, Extract and
// ExtractEach and holds them to formattest.Check's property (no panic, no
// hang, an error wrapping a sentinel or a Record that round-trips through
// its JSON; every message Record carries its digest). Beyond it, a file
// Match accepts Probe must accept, and a file Probe accepts must not be
// refused by the parser as malformed (sniffing is no stricter than
// parsing).
func FuzzExtract(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	paths = append(paths, filepath.Join(dir, "mailbox.mbox"))
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil && len(data) < 8<<10 {
			f.Add(data)
		}
	}
	f.Add([]byte("From a Thu Jan  1 00:00:00 2015\nFrom: x\n\n>From y\n\nFrom b\nSubject: s\n"))
	f.Add([]byte("Content-Type: multipart/mixed; boundary=b\r\nFrom: x\r\n\r\n--b\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\nContent-Disposition: attachment; filename=\"../../a\"\r\nContent-Transfer-Encoding: base64\r\n\r\nQUJD=\r\n--c--\r\n--b--\r\n"))
	f.Add([]byte("From: a@b\r\nDKIM-Signature: v=1; a=rsa-sha256; d=b; s=s; h=from; bh=; b=; l=5; x=1; t=2\r\n\r\nbody"))
	// The hostile shapes of hostile_test.go, small: folding, the caps'
	// neighbourhood is too large for a seed.
	f.Add([]byte("From: a@b\r\nX-Long: x\r\n" + strings.Repeat(" folded\r\n", 200) + "Subject: s\r\n\r\nbody"))
	f.Add([]byte("Received: from a (b) (c) (d) (e) by f; Thu, 1 Jan 2015 00:00:00 +0000\r\n\r\n"))
	f.Add([]byte("From: a@b\r\nDKIM-Signature: v=1; a=rsa-sha256; d=b; s=s; h=from:from:x:from; bh=; b=\r\nFrom: c\r\n\r\n"))
	for _, name := range []string{"nul-in-body.mbox", "blank-lines.eml", "blank-lines-crlf.eml", "bom-blank.mbox", "two-envelopes.mbox", "nul-in-attachment.eml", "no-final-newline.eml"} {
		f.Add([]byte(hostileShapes[name]))
	}
	f.Add([]byte("X-Long: " + strings.Repeat("a", 5000) + "\nFrom: a@b\nDate: d\n\nbody\n"))
	f.Add([]byte("From a Thu Jan  1 00:00:00 2015\nnot a header\n\nFrom b Thu Jan  1 00:00:00 2015\nSubject: ok\n\n"))
	keys := testKeys(f)
	fm := Format{Keys: keys}
	formattest.FuzzWith(f, fm, func(t *testing.T, data []byte, _ *provenance.Record) {
		head := formattest.Head(data)
		probed := fm.Probe(bytes.NewReader(data), int64(len(data)), head)
		if fm.Match(head) && !probed {
			t.Fatal("Match accepts the head, Probe refuses the file")
		}
		if !probed {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), formattest.Deadline)
		defer cancel()
		err := fm.ExtractEach(ctx, bytes.NewReader(data), int64(len(data)), func(formats.Item) error { return nil })
		if errors.Is(err, formats.ErrMalformed) {
			t.Fatalf("sniffed as email, but the parser refuses it: %v", err)
		}
	})
}
