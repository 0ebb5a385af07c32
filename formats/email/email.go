package email

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"strings"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/provenance"
)

// MaxMessage caps the bytes of one message held in memory. A larger
// message (alone or in an MBOX) is still hashed whole, but only its first
// MaxMessage bytes are parsed, and its Record says so. It also caps every
// attachment, which cannot be larger than its message.
const MaxMessage = 64 << 20

// Format reads RFC 5322 messages (.eml) and MBOX mailboxes.
//
// Keys holds the offline DKIM public keys, DNS name
// ("s1._domainkey.example.org") to TXT record, as LoadKeys returns them.
// docprov never queries DNS: a signature whose key is not in Keys gets the
// result "no-key". The zero value is ready to use.
type Format struct {
	Keys map[string]string
}

var (
	_ formats.Container = Format{}
	_ formats.Prober    = Format{}
)

// Name implements formats.Format.
func (Format) Name() string { return "email" }

// Extract implements formats.Format: the Record of the message, or of the
// first message of an MBOX.
func (f Format) Extract(ctx context.Context, r io.ReaderAt, size int64) (*provenance.Record, error) {
	var first *provenance.Record
	errStop := errors.New("stop")
	err := f.each(ctx, r, size, false, func(it formats.Item) error {
		if it.Record != nil {
			first = it.Record
			return errStop
		}
		return nil
	})
	if first != nil {
		return first, nil
	}
	if err == nil || errors.Is(err, errStop) {
		return nil, fmt.Errorf("email: no message: %w", formats.ErrMalformed)
	}
	return nil, err
}

// ExtractEach implements formats.Container. For a message it emits the
// message's Record (Name "") then each attachment ("/name"); for an MBOX,
// each message as "#N" (from 1) followed by its attachments ("#N/name").
// A message that cannot be read becomes a Record with a problem: one bad
// message never ends the mailbox.
func (f Format) ExtractEach(ctx context.Context, r io.ReaderAt, size int64, emit func(formats.Item) error) error {
	return f.each(ctx, r, size, true, emit)
}

func (f Format) each(ctx context.Context, r io.ReaderAt, size int64, withAtts bool, emit func(formats.Item) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	off, mbox, err := envelopeAt(ctx, r, size)
	if err != nil {
		return fmt.Errorf("email: %w", err)
	}
	if mbox {
		// What precedes the first envelope line (a byte-order mark, blank
		// lines) belongs to no message.
		n := 0
		sr := io.NewSectionReader(r, off, size-off)
		return streamMbox(ctx, sr, size-off, func(m mboxMessage) error {
			n++
			return f.emitMessage(ctx, m, fmt.Sprintf("#%d", n), withAtts, false, emit)
		})
	}
	m, err := readCapped(ctx, io.NewSectionReader(r, 0, size), size)
	if err != nil {
		return fmt.Errorf("email: %w", err)
	}
	return f.emitMessage(ctx, m, "", withAtts, true, emit)
}

// envelopeAt reports whether the file is an MBOX, its first line after
// leadIn (a byte-order mark and blank lines, at most MaxHeader of them)
// being an envelope line, and where that line starts. Match skips the
// same lead-in, so that what it accepts is read the same way here.
func envelopeAt(ctx context.Context, r io.ReaderAt, size int64) (off int64, mbox bool, err error) {
	buf := make([]byte, min(size, 4<<10))
	for {
		n, err := r.ReadAt(buf, 0)
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, false, err
		}
		b := buf[:n]
		i := leadIn(b)
		// Decided once a byte other than the lead-in is in sight with
		// room for "From ", or nothing more can come.
		if i+5 <= len(b) || int64(n) < int64(len(buf)) || int64(len(buf)) >= size || len(buf) >= MaxHeader {
			return int64(i), isEnvelope(b[i:]), nil
		}
		if err := ctx.Err(); err != nil {
			return 0, false, err
		}
		buf = make([]byte, min(size, int64(2*len(buf)), MaxHeader))
	}
}

// emitMessage parses one message and emits it and its attachments. With
// strict (a lone .eml), a message without any header field is an error
// instead of a Record with a problem.
func (f Format) emitMessage(ctx context.Context, m mboxMessage, name string, withAtts, strict bool, emit func(formats.Item) error) error {
	rec, atts, ok, err := parseMessage(ctx, m.data, f.Keys)
	if err != nil {
		return err
	}
	if !ok && strict && m.short == "" {
		return fmt.Errorf("email: %s: %w", strings.Join(rec.Problems, "; "), formats.ErrMalformed)
	}
	rec.Size, rec.SHA256 = m.size, m.sha256
	if m.truncated {
		rec.AddProblem("message: %d bytes, larger than %d: only the start was read", m.size, MaxMessage)
	}
	if m.short != "" {
		rec.AddProblem("%s", m.short)
	}
	if m.envelope != "" {
		rec.Fields.Set("email.mbox.envelope", m.envelope)
	}
	if err := emit(formats.Item{Name: name, Record: rec}); err != nil {
		return err
	}
	if !withAtts {
		return nil
	}
	parent := &provenance.Parent{DKIM: verdict(rec.DKIM)}
	if rec.Email != nil {
		parent.Date = rec.Email.Date
	}
	for _, a := range atts {
		if err := ctx.Err(); err != nil {
			return err
		}
		p := *parent
		if err := emit(formats.Item{Name: name + "/" + a.Name, Data: a.Data, Parent: &p, MIME: a.Type}); err != nil {
			return err
		}
	}
	return nil
}

// mboxMessage is one message's bytes as stored (after ">From "
// unescaping), its full size and digest even when data was cut.
type mboxMessage struct {
	data      []byte
	envelope  string
	size      int64
	sha256    string
	truncated bool
	// short is the problem of a message whose file ended, or failed to
	// read, before the size it had when it was opened: the file shrank
	// (a mailbox being compacted or rewritten) and the message may be cut.
	short string
}

// shortRead is the problem of a read that stopped at got bytes of want.
func shortRead(got, want int64, err error) string {
	if err != nil {
		return fmt.Sprintf("message: truncated while reading: read error after %d of the %d bytes the file had when opened: %v", got, want, err)
	}
	return fmt.Sprintf("message: truncated while reading: the file ended after %d of the %d bytes it had when opened (it shrank?); the message may be cut", got, want)
}

// ctxReader checks ctx before each read, so that copying and splitting a
// large file stop within one buffer of the deadline.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// readCapped reads a lone message of want bytes, hashing all of it and
// keeping at most MaxMessage bytes. A read that ends early (the file
// shrank) or fails after some bytes gives a message with a problem; only
// ctx's error, or a failure before the first byte, is an error.
func readCapped(ctx context.Context, r io.Reader, want int64) (mboxMessage, error) {
	h := sha256.New()
	var buf bytes.Buffer
	n, err := io.Copy(io.MultiWriter(h, &capWriter{buf: &buf, max: MaxMessage}), ctxReader{ctx, r})
	if cerr := ctx.Err(); cerr != nil {
		return mboxMessage{}, cerr
	}
	if err != nil && n == 0 {
		return mboxMessage{}, err
	}
	m := mboxMessage{data: buf.Bytes(), size: n, sha256: hex.EncodeToString(h.Sum(nil)), truncated: n > MaxMessage}
	if err != nil || n < want {
		m.short = shortRead(n, want, err)
	}
	return m, nil
}

// capWriter keeps the first max bytes written to it and drops the rest.
type capWriter struct {
	buf *bytes.Buffer
	max int
}

func (c *capWriter) Write(p []byte) (int, error) {
	if room := c.max - c.buf.Len(); room > 0 {
		c.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// streamMbox splits an MBOX into messages without holding more than one
// (capped) message in memory. A line starting with "From " begins a
// message; in a message, a line ">From ", ">>From " … loses one ">"
// (mboxrd, the reversible escaping; in mboxo files only ">From " is
// escaped and the unescaping is the same for it). The blank line that
// separates messages is not part of the message.
//
// want is the size the mailbox had when it was opened: a read that ends
// before it (the file shrank) or fails puts a problem on the message it
// cut, which is still emitted; a failure is then returned.
func streamMbox(ctx context.Context, r io.Reader, want int64, fn func(mboxMessage) error) error {
	br := bufio.NewReaderSize(ctxReader{ctx, r}, 64<<10)
	var (
		cur      *mboxMessage
		buf      bytes.Buffer
		h        hash.Hash
		atStart  = true
		lastLine []byte // the message's last complete line, held back
		frags    int
		read     int64 // bytes read so far, for want
	)
	// write adds bytes to the current message, holding back a final
	// empty line (the separator) until more follows.
	write := func(p []byte) {
		cur.size += int64(len(p))
		h.Write(p)
		room := MaxMessage - buf.Len()
		buf.Write(p[:max(0, min(len(p), room))])
		if len(p) > room {
			cur.truncated = true
		}
	}
	finish := func() error {
		if cur == nil {
			return nil
		}
		// lastLine is dropped only when it is the blank separator line.
		if lastLine != nil && !(len(lastLine) == 1 || (len(lastLine) == 2 && lastLine[0] == '\r')) {
			write(lastLine)
		}
		lastLine = nil
		cur.data = buf.Bytes() // handed over: the next message gets a new buffer
		buf = bytes.Buffer{}
		cur.sha256 = hex.EncodeToString(h.Sum(nil))
		m := *cur
		cur = nil
		return fn(m)
	}
	for {
		frag, err := br.ReadSlice('\n')
		read += int64(len(frag))
		if frags++; frags%ctxCheckLines == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if len(frag) > 0 {
			if atStart && isEnvelope(frag) {
				if err := ctx.Err(); err != nil {
					return err // checked per message too: each costs a parse
				}
				if err := finish(); err != nil {
					return err
				}
				cur = &mboxMessage{envelope: strings.TrimSpace(clip(string(frag), 200))}
				h = sha256.New()
			} else if cur != nil {
				if lastLine != nil {
					write(lastLine)
					lastLine = nil
				}
				line := frag
				if atStart && bytes.HasPrefix(bytes.TrimLeft(line, ">"), []byte("From ")) && line[0] == '>' {
					line = line[1:]
				}
				if atStart && line[len(line)-1] == '\n' && len(bytes.TrimRight(line, "\r\n")) == 0 {
					lastLine = append(lastLine[:0:0], line...)
				} else {
					write(line)
				}
			}
			atStart = frag[len(frag)-1] == '\n'
		}
		switch {
		case err == nil || errors.Is(err, bufio.ErrBufferFull):
			continue
		case ctx.Err() != nil:
			return ctx.Err() // a message cut by the deadline is not emitted
		case errors.Is(err, io.EOF) && read >= want:
			return finish()
		}
		// The file ended early, or failed: the message being read is cut.
		readErr := err
		if errors.Is(err, io.EOF) {
			readErr = nil
		}
		if cur == nil {
			if readErr == nil {
				readErr = io.ErrUnexpectedEOF
			}
			return fmt.Errorf("mbox: read %d of %d bytes: %w", read, want, readErr)
		}
		cur.short = shortRead(read, want, readErr)
		if err := finish(); err != nil {
			return err
		}
		if readErr != nil {
			return fmt.Errorf("mbox: %w", readErr)
		}
		return nil
	}
}
