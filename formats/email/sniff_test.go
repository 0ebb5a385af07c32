package email

import (
	"bytes"
	"context"
	"math/rand"
	"strings"
	"testing"

	"github.com/docprov/docprov/formats"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostileShapes are files the parser reads that sniffing refused.
var hostileShapes = map[string]string{
	// two valid messages, a NUL in the first body, within the first 4 KB
	"nul-in-body.mbox": "From a@b Thu Jan  1 00:00:00 2015\nFrom: a@b\nSubject: one\n\nbody\x00with a NUL\n\n" +
		"From c@d Thu Jan  1 00:00:01 2015\nFrom: c@d\nSubject: two\n\nbody\n",
	"blank-lines.eml":      "\n\nMessage-ID: <a@b>\nSubject: one\n\nbody\n",
	"blank-lines-crlf.eml": "\r\n\r\nFrom: a@b\r\nDate: Thu, 1 Jan 2015 00:00:00 +0000\r\nSubject: one\r\n\r\nbody\r\n",
	"bom-blank.mbox":       "\xef\xbb\xbf\nFrom a Thu Jan  1 00:00:00 2015\nFrom: a@b\nSubject: one\n\nbody\n",
	// a UTF-8 BOM right before the first envelope line, and before the
	// first field of a message whose Date has spaces before its colon
	"bom.mbox": "\xef\xbb\xbfFrom a Thu Jan  1 00:00:00 2015\nFrom: a@b\nSubject: one\n\nbody\n\n" +
		"From c Thu Jan  1 00:00:01 2015\nFrom: c@d\nSubject: two\n\nbody\n",
	"bom-spaced-colon.eml": "\xef\xbb\xbfFrom: a@b\nDate   : Thu, 19 Sep 91 12:41:43 EDT\nSubject: one\n\nbody\n",
	"long-first-line.eml":  "X-Long: " + strings.Repeat("a", 6000) + "\nFrom: a@b\nDate: Thu, 1 Jan 2015 00:00:00 +0000\nSubject: one\n\nbody\n",
	"two-envelopes.mbox":   "From a Thu Jan  1 00:00:00 2015\nFrom b Thu Jan  1 00:00:00 2015\nFrom: a@b\nSubject: one\n\nbody\n",
	"nul-in-attachment.eml": "From: a@b\r\nMessage-ID: <1@b>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n" +
		"Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=x.bin\r\n\r\n\x00\x01\x02\x00\r\n--b--\r\n",
	"no-final-newline.eml": "Message-ID: <a@b>",
}

// TestSniffAcceptsWhatParserReads: each shape is recognised (through the
// registry, which uses Probe) and read into Records, one per message.
func TestSniffAcceptsWhatParserReads(t *testing.T) {
	reg := formats.NewRegistry(Format{})
	for name, s := range hostileShapes {
		f, err := reg.Sniff(strings.NewReader(s), int64(len(s)))
		if !assert.NoError(t, err, name) {
			continue
		}
		assert.Equal(t, "email", f.Name())
		var titles []string
		err = Format{}.ExtractEach(context.Background(), strings.NewReader(s), int64(len(s)), func(it formats.Item) error {
			if it.Record != nil {
				titles = append(titles, it.Record.Title)
			}
			return nil
		})
		require.NoError(t, err, name)
		switch name {
		case "nul-in-body.mbox", "bom.mbox":
			assert.Equal(t, []string{"one", "two"}, titles)
		case "two-envelopes.mbox":
			assert.Equal(t, []string{"", "one"}, titles, "an empty message, then the message")
		case "nul-in-attachment.eml", "no-final-newline.eml":
			assert.Equal(t, []string{""}, titles)
		default:
			assert.Equal(t, []string{"one"}, titles, name)
		}
	}
	// Match alone sees only the head: the long first line needs Probe.
	long := []byte(hostileShapes["long-first-line.eml"])
	assert.False(t, Format{}.Match(long[:formats.SniffLen]))
	assert.True(t, Format{}.Probe(bytes.NewReader(long), int64(len(long)), long[:formats.SniffLen]))
	// An MBOX envelope with its date is evidence even when the first
	// message's header is broken (the parser reads the next one).
	assert.True(t, Format{}.Match([]byte("From a Thu Jan  1 00:00:00 2015\nnot a header\n\nFrom b Thu Jan  1 00:00:00 2015\nSubject: ok\n\n")))
	assert.True(t, Format{}.Match([]byte("From - Thu Mar 02 10:14:00 2017\nX-Mozilla-Status: 0001\n\n")))
	assert.True(t, Format{}.Match([]byte("From 1234@xxx Thu Mar 02 10:14:00 +0000 2017\nX-GM-THRID: 1\n\n")))
}

// TestSniffStillRefuses: leniency must not claim binary or other text.
func TestSniffStillRefuses(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 200; i++ {
		b := make([]byte, 1+rng.Intn(8<<10))
		rng.Read(b)
		if i%2 == 0 {
			copy(b, "\n\n") // leading blank lines before binary
		}
		assert.False(t, Format{}.Probe(bytes.NewReader(b), int64(len(b)), b[:min(len(b), formats.SniffLen)]), "random %d", i)
	}
	for name, s := range map[string]string{
		"nul in a header line":  "Received: x\x00binary\n\nbody",
		"nul in the envelope":   "From a\x00 Thu Jan  1 00:00:00 2015\nFrom: a\nDate: b\n\n",
		"base64 without breaks": strings.Repeat("QUJD", 5<<20),
		"one unknown field":     "X-Custom: " + strings.Repeat("v", 10000) + "\n\nbody",
		"prose from":            "From the desk of Alice: hello\nFrom here on, more text\n",
		"blank lines only":      strings.Repeat("\n", 10000),
		"continuation first":    "\n\n  Subject: x\nFrom: y\n\n",
		"undated envelope":      "From someone\nnot a header\n",
	} {
		b := []byte(s)
		head := b[:min(len(b), formats.SniffLen)]
		assert.False(t, Format{}.Match(head), name)
		assert.False(t, Format{}.Probe(bytes.NewReader(b), int64(len(b)), head), name)
	}
}
