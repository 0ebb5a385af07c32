package email

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/provenance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// foldLine is one continuation line of the hostile folded field.
const foldLine = " aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"

// foldedMessage is a message whose X-Long field is folded over n bytes of
// continuation lines, with fields before and after it.
func foldedMessage(n int) []byte {
	var b bytes.Buffer
	b.Grow(n + 200)
	b.WriteString("From: a@example.org\r\nMessage-ID: <1@example.org>\r\nX-Long: start\r\n")
	for i := 0; i+len(foldLine) <= n; i += len(foldLine) {
		b.WriteString(foldLine)
	}
	b.WriteString("Subject: after the fold\r\n\r\nbody\r\n")
	return b.Bytes()
}

// synthetic is a file of size bytes that is never held in memory: head,
// then unit repeated, then tail at the very end.
type synthetic struct {
	head, tail []byte
	block      []byte // unit repeated, a whole number of times
	size       int64
}

func newSynthetic(head, unit, tail string, size int64) *synthetic {
	reps := max(1, (64<<10)/len(unit))
	return &synthetic{head: []byte(head), tail: []byte(tail), block: bytes.Repeat([]byte(unit), reps), size: size}
}

func (s *synthetic) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	unit := int64(len(s.block))
	tailAt := s.size - int64(len(s.tail))
	for n < len(p) && off < s.size {
		var src []byte
		switch {
		case off < int64(len(s.head)):
			src = s.head[off:]
		case off >= tailAt:
			src = s.tail[off-tailAt:]
		default:
			k := (off - int64(len(s.head))) % unit
			src = s.block[k:min(unit, k+tailAt-off)]
		}
		c := copy(p[n:], src)
		n += c
		off += int64(c)
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// runWithin runs fn, failing the test if it has not returned after wait:
// before the fixes a hostile input kept the parser busy for minutes or
// hours, and a test must say so in seconds (fn is then abandoned).
func runWithin(t *testing.T, wait time.Duration, fn func()) time.Duration {
	t.Helper()
	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
		return time.Since(start)
	case <-time.After(wait):
		t.Fatalf("still running after %s", wait)
		return 0
	}
}

// totalAlloc returns the bytes allocated while fn runs.
func totalAlloc(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestFoldedHeaderIsLinear unfolds a field of almost MaxHeaderField bytes
// over 14,000 continuation lines. Building the value with += copied it
// once per line: about 7 GB allocated and a second of CPU for this 1 MiB
// field, 16 times that for 4 MiB. Now the allocations are a small multiple
// of the message.
func TestFoldedHeaderIsLinear(t *testing.T) {
	msg := foldedMessage(MaxHeaderField - 4<<10)
	var rec *provenance.Record
	var err error
	alloc := totalAlloc(func() {
		rec, _, _, err = parseMessage(context.Background(), msg, nil)
	})
	require.NoError(t, err)
	t.Logf("%d-byte message: %d bytes allocated", len(msg), alloc)
	assert.Less(t, alloc, uint64(16*len(msg)), "allocations grow with the square of the field")
	assert.Empty(t, rec.Problems, "under the cap")
	assert.Equal(t, "after the fold", rec.Title)

	hb, err := splitHeader(context.Background(), msg)
	require.NoError(t, err)
	long := hb.fields[2]
	require.Equal(t, "X-Long", long.Name)
	folds := (MaxHeaderField - 4<<10) / len(foldLine)
	assert.Equal(t, "start"+strings.Repeat(" "+strings.TrimSpace(foldLine), folds), long.Value)
	assert.Equal(t, "X-Long: start\r\n"+strings.Repeat(foldLine, folds), string(long.Raw))
	assert.False(t, long.Cut)
}

// BenchmarkFoldedHeader measures unfolding per byte: it is the same for
// 1 and 16 MiB (before the fix, 16 MiB took minutes).
func BenchmarkFoldedHeader(b *testing.B) {
	for _, size := range []int{1 << 20, 16 << 20} {
		msg := foldedMessage(size)
		b.Run(fmt.Sprintf("%dMiB", size>>20), func(b *testing.B) {
			b.SetBytes(int64(len(msg)))
			for b.Loop() {
				if _, _, _, err := parseMessage(context.Background(), msg, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestFoldedHeaderUnderTimeout is the report's message: 16 MiB of folded
// continuation lines in one X-Long field, under a deadline. Unfolding it
// took 40 s (minutes on a slower machine, 2 TB allocated); now the field
// is cut at MaxHeaderField, the Record says so, the fields after it are
// read, and the work is linear in the message (its allocations a few
// copies of it). How fast is BenchmarkFoldedHeader's to say, not a
// timed assertion's: the deadline here only keeps a regression from
// hanging the suite, and is generous enough for a loaded machine under
// -race.
func TestFoldedHeaderUnderTimeout(t *testing.T) {
	msg := foldedMessage(16 << 20)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var recs []*provenance.Record
	var err error
	var alloc uint64
	took := runWithin(t, 3*time.Minute, func() {
		alloc = totalAlloc(func() {
			err = Format{}.ExtractEach(ctx, bytes.NewReader(msg), int64(len(msg)), func(it formats.Item) error {
				recs = append(recs, it.Record)
				return nil
			})
		})
	})
	t.Logf("%d bytes: %s, %d bytes allocated", len(msg), took, alloc)
	require.NoError(t, err)
	// Linear: a few copies of the message (more under -race). Unfolding
	// with += allocated about 2 TB for this one.
	assert.Less(t, alloc, uint64(16*len(msg)))
	require.Len(t, recs, 1)
	rec := recs[0]
	require.Len(t, rec.Problems, 1)
	assert.Contains(t, rec.Problems[0], "field X-Long longer than the 1048576-byte cap on one field (MaxHeaderField)")
	assert.Equal(t, "after the fold", rec.Title, "fields after the cut field are read")
	assert.Equal(t, int64(len(msg)), rec.Size)
	assert.LessOrEqual(t, len(rec.Fields["email.header.X-Long"]), maxFieldValue+len("…"))
}

// TestHeaderBlockCap fills a header with 9 MiB of short fields after the
// From, with an attachment in the body: fields past MaxHeader are skipped
// to the blank line, the Record names the cap, and the body is still read.
func TestHeaderBlockCap(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("From: a@example.org\r\nMessage-ID: <1@example.org>\r\nContent-Type: multipart/mixed; boundary=b\r\n")
	for b.Len() < MaxHeader+1<<20 {
		b.WriteString("X-Filler: some value\r\n")
	}
	b.WriteString("Subject: past the cap\r\n\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n\r\n%PDF-1.4\r\n--b--\r\n")
	msg := b.Bytes()
	var its []formats.Item
	var err error
	took := runWithin(t, 15*time.Second, func() {
		err = Format{}.ExtractEach(context.Background(), bytes.NewReader(msg), int64(len(msg)), func(it formats.Item) error {
			its = append(its, it)
			return nil
		})
	})
	t.Logf("%d bytes: %s", len(msg), took)
	require.NoError(t, err)
	require.Len(t, its, 2)
	rec := its[0].Record
	assert.Contains(t, strings.Join(rec.Problems, "\n"), "cap on the header block (MaxHeader)")
	assert.Equal(t, "", rec.Title, "Subject is past the cap")
	assert.Equal(t, "/a.pdf", its[1].Name)
	assert.Equal(t, "%PDF-1.4", string(its[1].Data))
}

// TestDKIMOverCutFields: a signature over a field that was cut, or in a
// header whose end was not read, cannot be judged. It must not read as
// "fail-signature" (which the checks weigh as tampering).
func TestDKIMOverCutFields(t *testing.T) {
	body := "Hello\r\n"
	bh := sha256.Sum256(canonBody([]byte(body), "relaxed"))
	sig := "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=s1; h=from:subject; bh=" +
		base64.StdEncoding.EncodeToString(bh[:]) + "; b=" + base64.StdEncoding.EncodeToString(make([]byte, 256)) + "\r\n"
	keys := testKeys(t)
	verify := func(msg string) provenance.DKIMResult {
		rec, err := Format{Keys: keys}.Extract(context.Background(), strings.NewReader(msg), int64(len(msg)))
		require.NoError(t, err)
		require.Len(t, rec.DKIM, 1)
		return rec.DKIM[0]
	}
	// control: the same message with a short Subject fails as it should
	d := verify(sig + "From: a@example.org\r\nSubject: short\r\n\r\n" + body)
	assert.Equal(t, provenance.DKIMFailSignature, d.Result)

	long := "Subject: x\r\n" + strings.Repeat(foldLine, MaxHeaderField/len(foldLine)+1)
	d = verify(sig + "From: a@example.org\r\n" + long + "\r\n" + body)
	assert.Equal(t, provenance.DKIMUnsupported, d.Result)
	assert.Contains(t, d.Reason, "signed field Subject longer than")

	filler := strings.Repeat("X-Filler: some value\r\n", MaxHeader/20)
	d = verify(sig + "From: a@example.org\r\n" + filler + "Subject: s\r\n\r\n" + body)
	assert.Equal(t, provenance.DKIMUnsupported, d.Result)
	assert.Contains(t, d.Reason, "(MaxHeader)")
}

// TestDeadlineStopsEveryLoop gives each loop that grows with its input a
// file far too large to finish in the budget: the lone message's copy and
// header lines (1 GiB of folding, which never ended), an MBOX of tiny
// messages, a header of millions of fields. Each must return the
// deadline's error soon after it, without a Record emitted after it.
func TestDeadlineStopsEveryLoop(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a gigabyte")
	}
	for _, tc := range []struct {
		name string
		r    *synthetic
	}{
		{"folded", newSynthetic("From: a@example.org\r\nX-Long: x\r\n", foldLine, "\r\n\r\nbody\r\n", 1<<30)},
		{"mbox", newSynthetic("", "From a Thu Jan  1 00:00:00 2015\nFrom: a@b\nMessage-ID: <1@b>\n\nbody\n\n", "", 1<<30)},
		{"fields", newSynthetic("From: a@example.org\r\n", "X: y\r\n", "\r\nbody\r\n", MaxMessage)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const budget = 300 * time.Millisecond
			ctx, cancel := context.WithTimeout(context.Background(), budget)
			defer cancel()
			var err error
			var late int
			took := runWithin(t, time.Minute, func() {
				err = Format{}.ExtractEach(ctx, tc.r, tc.r.size, func(it formats.Item) error {
					// The context expires when its timer runs, not at the
					// deadline's instant: count what is emitted once it
					// says so. One item may have been under way.
					if ctx.Err() != nil {
						late++
					}
					return nil
				})
			})
			t.Logf("%s: returned after %s: %v", tc.name, took, err)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			// Soon after it, not at the end of the input, which it
			// would take minutes to reach: a bound a loaded machine
			// under -race keeps.
			assert.Less(t, took, budget+20*time.Second)
			assert.LessOrEqual(t, late, 1, "items emitted after the context expired")
		})
	}
}
