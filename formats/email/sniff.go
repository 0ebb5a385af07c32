package email

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strings"
)

// knownFields are the header names that make a header block a message
// rather than some other "Name: value" text.
var knownFields = map[string]bool{
	"from": true, "date": true, "subject": true, "message-id": true, "received": true,
	"return-path": true, "dkim-signature": true, "to": true, "mime-version": true,
	"delivered-to": true, "x-mailer": true, "reply-to": true, "cc": true,
	"content-type": true, "x-received": true, "arc-seal": true, "authentication-results": true,
}

// strongFields alone are enough; otherwise two known names are needed.
var strongFields = map[string]bool{
	"received": true, "return-path": true, "dkim-signature": true, "message-id": true,
	"delivered-to": true, "x-received": true, "arc-seal": true,
}

// isEnvelope reports whether b starts with an MBOX envelope line
// ("From sender date"; "From:" is a header field). A file that keeps the
// envelope line of a single message is read as an MBOX of one message.
func isEnvelope(b []byte) bool {
	return bytes.HasPrefix(b, []byte("From "))
}

// envelopeDate is the asctime date an MBOX envelope line ends with
// ("From alice@example.org Thu Mar  2 10:14:00 2017", Thunderbird's
// "From - Thu Mar 02 …", Gmail's "… Thu Mar 02 10:14:00 +0000 2017").
// Prose that starts with "From " has no such date; an envelope line that
// has one is evidence of a mailbox on its own.
var envelopeDate = regexp.MustCompile(`^From \S+ +(Mon|Tue|Wed|Thu|Fri|Sat|Sun),? +(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} +\d{1,2}:\d\d(:\d\d)?( +[-+]?[A-Za-z0-9]+)? +\d{4}\b`)

// maxLine is RFC 5322's limit on a line (§2.1.1, 998 characters and
// CRLF). A field name cannot be folded, so a longer run of name characters
// is no field: a file of base64 without line breaks is not read further
// in search of its colon.
const maxLine = 1000

// sniffVerdict is what the head of a file tells: a message or mailbox, not
// one, or not yet known because the head ends inside what may be a header.
type sniffVerdict int

const (
	sniffNo sniffVerdict = iota
	sniffYes
	sniffMore
)

// Match implements formats.Format: the head parses as RFC 5322 header
// fields (up to the blank line, or a line that is not one, where the
// parser too ends the header) with known message field names among them,
// or starts with an MBOX envelope line with its date. It is as lenient
// as the parser: a byte-order mark, blank lines before the first line and
// repeated envelope lines are skipped, a field cut by the end of the head
// still counts, and a NUL byte is refused only in the envelope and header
// lines (bodies, binary attachments in particular, may hold any byte).
// A text file that merely starts with "Subject: notes" is not enough. A
// head that ends before it tells (a first field longer than the head) is
// not matched; Probe reads further.
func (Format) Match(head []byte) bool {
	return sniff(head, false) == sniffYes
}

// Probe implements formats.Prober: Match's test, on as much of the file as
// it takes to decide (up to MaxHeader, the most of a header the parser
// reads), so that a header whose first field is longer than the sniffed
// head is still recognised. Only a head that looks like the start of a
// header so far is read further.
func (Format) Probe(r io.ReaderAt, size int64, head []byte) bool {
	buf := head
	for {
		v := sniff(buf, int64(len(buf)) >= size)
		if v != sniffMore || len(buf) >= MaxHeader || int64(len(buf)) >= size {
			return v == sniffYes
		}
		next := make([]byte, min(size, int64(2*len(buf)), MaxHeader))
		n, err := r.ReadAt(next, 0)
		if err != nil && !errors.Is(err, io.EOF) {
			return false
		}
		if n <= len(buf) {
			return sniff(next[:n], true) == sniffYes // the file shrank
		}
		buf = next[:n]
	}
}

// sniff judges b, the start of a file (the whole file when whole).
func sniff(b []byte, whole bool) sniffVerdict {
	// undecided is the verdict when b ends before the question is settled.
	undecided := sniffNo
	if !whole {
		undecided = sniffMore
	}
	b = b[leadIn(b):]
	if len(b) == 0 {
		return undecided
	}
	dated := false // an envelope line with its date
	for isEnvelope(b) {
		line, rest, complete := nextLine(b)
		if bytes.IndexByte(line, 0) >= 0 {
			return sniffNo
		}
		// 200 bytes hold any real envelope line; the regexp need not see
		// a hostile one whole.
		dated = dated || envelopeDate.Match(line[:min(len(line), 200)])
		if !complete {
			return undecided
		}
		b = rest[leadIn(rest):]
	}
	known, strong, lines := 0, false, 0
	seen := map[string]bool{}
	ended := false // the header ended: blank line, or a line that is no field
	for len(b) > 0 {
		line, rest, complete := nextLine(b)
		if complete && len(line) == 0 {
			ended = true
			break
		}
		if bytes.IndexByte(line, 0) >= 0 {
			return sniffNo
		}
		if line[0] == ' ' || line[0] == '\t' {
			if lines == 0 {
				return sniffNo
			}
			b = rest
			continue
		}
		c := bytes.IndexByte(line, ':')
		if c < 0 && !complete && len(line) <= maxLine && isFieldName(line) {
			break // the head ends inside a field name
		}
		name := []byte(nil)
		if c > 0 {
			name = bytes.TrimRight(line[:c], " \t")
		}
		if !isFieldName(name) {
			// The parser reads the rest as the body; the fields before
			// this line decide.
			ended = true
			break
		}
		lines++
		k := strings.ToLower(string(name))
		if knownFields[k] && !seen[k] {
			seen[k] = true
			known++
			strong = strong || strongFields[k]
		}
		b = rest
	}
	switch {
	case dated || lines > 0 && (strong || known >= 2):
		return sniffYes
	case ended:
		return sniffNo
	default:
		return undecided // b ended inside the header: more may tell
	}
}

// nextLine splits the first line off b, without its line end. complete is
// false when b ends before the line does.
func nextLine(b []byte) (line, rest []byte, complete bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return b, nil, false
	}
	return bytes.TrimSuffix(b[:i], []byte("\r")), b[i+1:], true
}
