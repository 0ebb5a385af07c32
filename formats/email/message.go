package email

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/docprov/docprov/provenance"
)

const (
	// maxDepth bounds multipart nesting; maxParts the parts of one message.
	maxDepth = 20
	maxParts = 1000
	// maxCopied bounds the bytes copied while walking nested parts (each
	// level copies its part), so deep nesting cannot multiply memory.
	maxCopied = 3 * MaxMessage
	// maxFieldValue caps one header value in Fields; maxHeaderFields how
	// many header fields are copied to Fields (all are read for DKIM).
	maxFieldValue   = 64 << 10
	maxHeaderFields = 5000
)

// attachment is an embedded file of a message, decoded.
type attachment struct {
	Name string
	Type string
	Data []byte
}

// parseMessage reads one message (its bytes as stored) into a Record and
// the attachments it carries. What it cannot read becomes a problem; a
// message without a single header field is reported by ok. The only error
// is ctx's: a Record cut short by the time budget is not returned, since
// it would look complete.
func parseMessage(ctx context.Context, stored []byte, keys map[string]string) (rec *provenance.Record, atts []attachment, ok bool, err error) {
	rec = provenance.NewRecord()
	rec.Format = "eml"
	rec.MIME = "message/rfc822"
	rec.Size = int64(len(stored))
	sum := sha256.Sum256(stored)
	rec.SHA256 = hex.EncodeToString(sum[:])

	msg := toCRLF(stored)
	hb, err := splitHeader(ctx, msg)
	if err != nil {
		return nil, nil, false, err
	}
	fields, body := hb.fields, hb.body
	if len(fields) == 0 {
		why := hb.bad
		if why == "" {
			why = "empty message"
		}
		rec.AddProblem("header: no header field (%s)", why)
		return rec, nil, false, nil
	}
	if hb.bad != "" {
		rec.AddProblem("header: %s; read the rest as the body", hb.bad)
	}
	for _, p := range hb.capped {
		rec.AddProblem("%s", p)
	}
	h := header(fields)
	setHeaderFields(rec, h)

	e := &provenance.Email{}
	rec.Email = e
	e.MessageID = strings.TrimSpace(h.Get("Message-ID"))
	if e.MessageID != "" {
		rec.AddID("email.MessageID", e.MessageID, "email.header."+fieldName(h, "Message-ID"))
		id := strings.Trim(e.MessageID, "<> ")
		if i := strings.LastIndexByte(id, '@'); i >= 0 {
			rec.Fields.Set("email.message_id.domain", strings.ToLower(id[i+1:]))
		}
	}
	if from := h.Get("From"); from != "" {
		addr, name := address(from)
		e.From = addr
		if name != "" {
			rec.Authors = []string{name}
		} else if addr != "" {
			rec.Authors = []string{addr}
		}
	}
	e.Sender, _ = address(h.Get("Sender"))
	e.ReplyTo = addresses(h.All("Reply-To"))
	e.To = addresses(h.All("To"))
	e.Cc = addresses(h.All("Cc"))
	e.Subject = decode(h.Get("Subject"))
	rec.Title = e.Subject
	if d := h.Get("Date"); d != "" {
		if t, ok := parseDate(d); ok {
			e.Date = t
			rec.Created = t
		} else {
			rec.AddProblem("header Date: cannot parse %q", clip(d, 60))
		}
	}
	e.InReplyTo = strings.TrimSpace(h.Get("In-Reply-To"))
	e.References = strings.Fields(h.Get("References"))
	e.Received = hops(ctx, h.All("Received"))
	for _, name := range []string{"X-Mailer", "User-Agent"} {
		if v := h.Get(name); v != "" {
			rec.AddSoftware(provenance.RoleApplication, decode(v), "email.header."+fieldName(h, name))
		}
	}
	if ti := h.Get("Thread-Index"); ti != "" {
		if t, ok := threadIndexTime(ti); ok {
			rec.Fields.Set("email.thread_index.time", t.Format(time.RFC3339Nano))
		}
	}

	w := walker{ctx: ctx, rec: rec}
	w.walk(textproto.MIMEHeader(mimeHeader(h)), body, 0)
	if err := ctx.Err(); err != nil {
		return nil, nil, false, err // the walk stopped part-way
	}
	rec.Languages = w.langs
	for i, c := range w.charsets {
		rec.Fields.Set(fmt.Sprintf("email.charset[%d]", i), c)
	}
	for i, a := range w.atts {
		sum := sha256.Sum256(a.Data)
		att := provenance.Attachment{Name: a.Name, Type: a.Type, Size: int64(len(a.Data)), SHA256: hex.EncodeToString(sum[:])}
		e.Attachments = append(e.Attachments, att)
		p := fmt.Sprintf("email.attachment[%d].", i)
		rec.Fields.Set(p+"name", att.Name)
		rec.Fields.Set(p+"type", att.Type)
		rec.Fields.Set(p+"size", fmt.Sprint(att.Size))
		rec.Fields.Set(p+"sha256", att.SHA256)
	}

	rec.DKIM, err = verifyDKIM(ctx, h, hb.cut, body, keys)
	if err != nil {
		return nil, nil, false, err
	}
	for i, d := range rec.DKIM {
		p := fmt.Sprintf("email.dkim[%d].", i)
		rec.Fields.Set(p+"result", d.Result)
		rec.Fields.Set(p+"domain", d.Domain)
		rec.Fields.Set(p+"selector", d.Selector)
		rec.Fields.Set(p+"reason", d.Reason)
	}
	return rec, w.atts, true, nil
}

// setHeaderFields writes every header field as email.header.<Name>, with
// [i] on the names that occur more than once (Received, DKIM-Signature …).
// The key uses the first spelling of the name the message used.
func setHeaderFields(rec *provenance.Record, h header) {
	count := map[string]int{}
	spelling := map[string]string{}
	for _, f := range h {
		k := strings.ToLower(f.Name)
		if count[k] == 0 {
			spelling[k] = f.Name
		}
		count[k]++
	}
	seen := map[string]int{}
	for i, f := range h {
		if i == maxHeaderFields {
			rec.AddProblem("header: %d fields; only the first %d in Fields", len(h), maxHeaderFields)
			return
		}
		k := strings.ToLower(f.Name)
		key := "email.header." + spelling[k]
		if count[k] > 1 {
			key += fmt.Sprintf("[%d]", seen[k])
		}
		seen[k]++
		// Raw 8-bit values (Latin-1 from old mailers, or mutated bytes) are
		// written as valid UTF-8, U+FFFD for a bad byte: the Record's JSON
		// would write them so anyway, and the Record must be what it says.
		rec.Fields.Set(strings.ToValidUTF8(key, "\uFFFD"), clip(strings.ToValidUTF8(f.Value, "\uFFFD"), maxFieldValue))
	}
}

// fieldName returns the Fields spelling of a header name (its first use),
// with [0] when it repeats, so software and ids name their exact source.
func fieldName(h header, name string) string {
	n, first := 0, ""
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			if n == 0 {
				first = f.Name
			}
			n++
		}
	}
	if n > 1 {
		return first + "[0]"
	}
	return first
}

func mimeHeader(h header) map[string][]string {
	m := map[string][]string{}
	for _, f := range h {
		k := textproto.CanonicalMIMEHeaderKey(f.Name)
		m[k] = append(m[k], f.Value)
	}
	return m
}

// address returns the address and decoded display name of a mailbox,
// or the raw text when it does not parse.
func address(s string) (addr, name string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ""
	}
	p := mail.AddressParser{WordDecoder: &mime.WordDecoder{CharsetReader: charsetReader}}
	a, err := p.Parse(s)
	if err != nil {
		// RFC 822's comment form, "nsb (Nathaniel Borenstein)", with a
		// local address net/mail refuses: the comment is the name.
		if m := commentForm.FindStringSubmatch(s); m != nil {
			return m[1], decode(strings.TrimSpace(m[2]))
		}
		// A comment before the mailbox is white space to RFC 5322.
		if m := leadingComment.FindStringIndex(s); m != nil && m[1] < len(s) {
			if a, err := p.Parse(s[m[1]:]); err == nil {
				return a.Address, a.Name
			}
		}
		return decode(s), ""
	}
	return a.Address, a.Name
}

// leadingComment is a comment before a mailbox.
var leadingComment = regexp.MustCompile(`^\([^()]*\)\s*`)

// commentForm is "address (Display Name)", RFC 822's way of naming a
// mailbox, with any address, local ones included.
var commentForm = regexp.MustCompile(`^([^\s()<>",]+)\s*\(([^()]*)\)$`)

func addresses(values []string) []string {
	var out []string
	p := mail.AddressParser{WordDecoder: &mime.WordDecoder{CharsetReader: charsetReader}}
	for _, v := range values {
		list, err := p.ParseList(v)
		if err == nil {
			for _, a := range list {
				out = append(out, a.Address)
			}
			continue
		}
		// One address net/mail refuses must not turn the others into
		// one string: read them one by one.
		for _, one := range splitAddressList(v) {
			if addr, _ := address(one); addr != "" {
				out = append(out, addr)
			}
		}
	}
	return out
}

// splitAddressList splits a list of mailboxes at the commas outside quoted
// strings, comments and angle brackets.
func splitAddressList(v string) []string {
	var out []string
	depth, angle, quoted, start := 0, false, false, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\\' && quoted:
			i++
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case c == '<':
			angle = true
		case c == '>':
			angle = false
		case c == ',' && depth == 0 && !angle:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// threadIndexTime decodes Outlook's Thread-Index header: base64 whose first
// 6 bytes are the high 48 bits of a FILETIME (100 ns since 1601, UTC) of
// when the conversation started.
func threadIndexTime(v string) (time.Time, bool) {
	b, err := base64.StdEncoding.DecodeString(stripWS(v))
	if err != nil || len(b) < 22 {
		return time.Time{}, false
	}
	var ft [8]byte
	copy(ft[:6], b[:6])
	n := binary.BigEndian.Uint64(ft[:])
	const epochDiff = 116444736000000000 // 1601 → 1970 in 100 ns
	if n < epochDiff {
		return time.Time{}, false
	}
	d := n - epochDiff
	return time.Unix(int64(d/1e7), int64(d%1e7)*100).UTC(), true
}

// walker walks the MIME tree of one message.
type walker struct {
	ctx      context.Context
	rec      *provenance.Record
	parts    int
	copied   int
	langs    []string
	charsets []string
	atts     []attachment
	names    map[string]bool
}

func (w *walker) walk(h textproto.MIMEHeader, body []byte, depth int) {
	w.parts++
	if w.parts > maxParts || w.ctx.Err() != nil {
		if w.parts == maxParts+1 {
			w.rec.AddProblem("mime: more than %d parts; the rest not read", maxParts)
		}
		return
	}
	for _, l := range strings.Split(h.Get("Content-Language"), ",") {
		if l = strings.TrimSpace(l); l != "" && !containsFold(w.langs, l) {
			w.langs = append(w.langs, l)
		}
	}
	ct := h.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if ct == "" || err != nil {
		mt, params = "text/plain", map[string]string{}
		if ct != "" {
			w.rec.AddProblem("mime: Content-Type %q: %v", clip(ct, 60), err)
		}
	}
	if cs := strings.ToLower(params["charset"]); cs != "" && !containsFold(w.charsets, cs) {
		w.charsets = append(w.charsets, cs)
	}
	if strings.HasPrefix(mt, "multipart/") {
		if depth >= maxDepth {
			w.rec.AddProblem("mime: nested deeper than %d; not read", maxDepth)
			return
		}
		if params["boundary"] == "" {
			w.rec.AddProblem("mime: %s without a boundary", mt)
			return
		}
		mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		for {
			if w.ctx.Err() != nil {
				return // parseMessage reports ctx's error
			}
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return
			}
			if err != nil {
				w.rec.AddProblem("mime: %s: %v", mt, err)
				return
			}
			data, err := io.ReadAll(p)
			if err != nil {
				w.rec.AddProblem("mime: part of %s: %v", mt, err)
				return
			}
			if w.copied += len(data); w.copied > maxCopied {
				w.rec.AddProblem("mime: nested parts copy more than %d bytes; the rest not read", maxCopied)
				w.parts = maxParts + 2
				return
			}
			w.walk(p.Header, data, depth+1)
			if w.parts > maxParts {
				return
			}
		}
	}
	disp, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	isAtt := name != "" || disp == "attachment" ||
		(depth > 0 && mt == "message/rfc822") ||
		(!strings.HasPrefix(mt, "text/") && !strings.HasPrefix(mt, "message/") && mt != "application/ms-tnef")
	if !isAtt {
		return
	}
	data, err := decodeCTE(h.Get("Content-Transfer-Encoding"), body)
	if err != nil {
		w.rec.AddProblem("mime: attachment %q: %v", clip(name, 60), err)
	}
	w.atts = append(w.atts, attachment{Name: w.uniqueName(sanitize(decode(name)), mt), Type: mt, Data: data})
}

// decodeCTE undoes a Content-Transfer-Encoding. Base64 in the wild has
// line breaks and stray characters; the decoder skips them.
func decodeCTE(cte string, body []byte) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		clean := make([]byte, 0, len(body))
		for _, c := range body {
			if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' {
				clean = append(clean, c)
			}
		}
		if len(clean)%4 == 1 {
			clean = clean[:len(clean)-1] // a lone sextet carries no byte
		}
		// The padding was dropped with the rest, so decode unpadded.
		out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
		n, err := base64.RawStdEncoding.Decode(out, clean)
		return out[:n], err
	case "quoted-printable":
		return io.ReadAll(quotedprintable.NewReader(bytes.NewReader(body)))
	default:
		return append([]byte(nil), body...), nil
	}
}

// sanitize makes an attachment name safe to append to a path: the last
// element of any path it carries, without control characters.
func sanitize(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(strings.TrimSpace(name))
	name = strings.Map(func(r rune) rune {
		if r < 32 || r == 127 || r == '#' {
			return -1
		}
		return r
	}, name)
	if name == "." || name == "/" || name == ".." {
		return ""
	}
	return name
}

// uniqueName names an attachment without a name after its type and makes
// repeated names distinct, since each becomes an address ("#3/a.pdf").
func (w *walker) uniqueName(name, mt string) string {
	if name == "" {
		ext := ".bin"
		if mt == "message/rfc822" {
			ext = ".eml"
		} else if exts, _ := mime.ExtensionsByType(mt); len(exts) > 0 {
			ext = exts[0]
		}
		name = fmt.Sprintf("part%d%s", len(w.atts)+1, ext)
	}
	if w.names == nil {
		w.names = map[string]bool{}
	}
	base, n := name, 2
	for w.names[name] {
		ext := path.Ext(base)
		name = fmt.Sprintf("%s~%d%s", strings.TrimSuffix(base, ext), n, ext)
		n++
	}
	w.names[name] = true
	return name
}
