package email

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/provenance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const dir = "../../testdata/email"

func testKeys(t testing.TB) map[string]string {
	f, err := os.Open(filepath.Join(dir, "keys.json"))
	require.NoError(t, err)
	defer f.Close()
	keys, err := LoadKeys(f)
	require.NoError(t, err)
	return keys
}

// items runs ExtractEach over a fixture and returns what it emitted.
func items(t *testing.T, name string) []formats.Item {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	var out []formats.Item
	err = Format{Keys: testKeys(t)}.ExtractEach(context.Background(), bytes.NewReader(data), int64(len(data)), func(it formats.Item) error {
		out = append(out, it)
		return nil
	})
	require.NoError(t, err)
	return out
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestDKIMAgreesWithDkimpy compares docprov's verdict on every signature of
// every fixture message with dkimpy's (verdicts.json, written by verify.py).
func TestDKIMAgreesWithDkimpy(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(dir, "verdicts.json"))
	require.NoError(t, err)
	var want map[string][]string
	require.NoError(t, json.Unmarshal(raw, &want))
	got := map[string][]string{}
	for _, file := range []string{"mailbox.mbox"} {
		for _, it := range items(t, file) {
			if it.Record != nil {
				got[file+it.Name] = results(it.Record)
			}
		}
	}
	ems, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	for _, p := range ems {
		it := items(t, filepath.Base(p))[0]
		got[filepath.Base(p)] = results(it.Record)
	}
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		assert.Equal(t, want[k], got[k], k)
	}
	assert.Len(t, got, len(want))
}

func results(rec *provenance.Record) []string {
	out := []string{}
	for _, d := range rec.DKIM {
		out = append(out, d.Result)
	}
	return out
}

func TestPlain(t *testing.T) {
	its := items(t, "plain.eml")
	require.Len(t, its, 1)
	rec := its[0].Record
	data, _ := os.ReadFile(filepath.Join(dir, "plain.eml"))
	assert.Equal(t, int64(len(data)), rec.Size)
	assert.Equal(t, sha(data), rec.SHA256)
	assert.Equal(t, "eml", rec.Format)
	assert.Equal(t, "message/rfc822", rec.MIME)
	assert.Equal(t, []string{"Alice Martin"}, rec.Authors)
	assert.Equal(t, "Budget révisé", rec.Title)
	assert.Equal(t, "2017-03-02T10:14:00+01:00", rec.Created.String())
	assert.Equal(t, []string{"fr-FR"}, rec.Languages)
	require.Len(t, rec.Software, 1)
	assert.Equal(t, provenance.RoleApplication, rec.Software[0].Role)
	assert.Equal(t, "Microsoft Outlook 16.0", rec.Software[0].Raw)
	assert.Equal(t, "email.header.X-Mailer", rec.Software[0].Source)
	require.Len(t, rec.IDs, 1)
	assert.Equal(t, "email.MessageID", rec.IDs[0].Kind)
	assert.Equal(t, "<20170302091400.1234@mail.example.org>", rec.IDs[0].Value)

	e := rec.Email
	require.NotNil(t, e)
	assert.Equal(t, "alice@example.org", e.From)
	assert.Equal(t, []string{"bob@example.com", "carol@example.com"}, e.To)
	assert.Equal(t, []string{"dave@example.com"}, e.Cc)
	require.Len(t, e.Received, 3)
	// travel order: the bottom Received header is the first hop
	assert.Equal(t, "[10.0.0.12] (unknown [203.0.113.9])", e.Received[0].From)
	assert.Equal(t, "smtp.example.org", e.Received[0].By)
	assert.Equal(t, "ESMTPSA", e.Received[0].With)
	assert.Equal(t, "2017-03-02T04:14:02-05:00", e.Received[0].Time.String())
	assert.Nil(t, e.Received[0].DelaySeconds)
	assert.Equal(t, "2017-03-02T09:14:05Z", e.Received[1].Time.String())
	require.NotNil(t, e.Received[1].DelaySeconds)
	assert.Equal(t, int64(3), *e.Received[1].DelaySeconds)
	assert.Equal(t, "mail.example.com (Postfix)", e.Received[2].By)
	assert.Equal(t, "2017-03-02T10:14:09+01:00", e.Received[2].Time.String())
	assert.Equal(t, int64(4), *e.Received[2].DelaySeconds)

	f := rec.Fields
	assert.Equal(t, "mail.example.org", f["email.message_id.domain"])
	assert.Equal(t, "[203.0.113.9]", f["email.header.X-Originating-IP"])
	assert.Equal(t, "<alice@example.org>", f["email.header.Return-Path"])
	assert.Equal(t, "=?UTF-8?Q?Budget_r=C3=A9vis=C3=A9?=", f["email.header.Subject"])
	// 0x01D2933FCCFA0000 as a FILETIME (checked with Python's datetime)
	assert.Equal(t, "2017-03-02T10:28:57.832448Z", f["email.thread_index.time"])
	assert.Equal(t, "utf-8", f["email.charset[0]"])
	assert.Contains(t, f["email.header.Received[2]"], "from [10.0.0.12]")

	require.Len(t, rec.DKIM, 1)
	d := rec.DKIM[0]
	assert.Equal(t, provenance.DKIMResult{
		Domain: "example.org", Selector: "s1", Algorithm: "rsa-sha256", Result: "pass",
		SignedAt: provenance.At(d.SignedAt.Time), // checked below
		Headers:  []string{"from", "to", "subject", "date", "message-id", "mime-version", "content-type"},
	}, d)
	assert.Equal(t, "2017-03-02T09:14:00Z", d.SignedAt.String())
}

func TestMultipartAttachments(t *testing.T) {
	its := items(t, "multipart.eml")
	require.Len(t, its, 3)
	rec := its[0].Record
	assert.Equal(t, "", its[0].Name)
	assert.Equal(t, "2017-03-03T18:30:00-08:00", rec.Created.String())
	assert.Equal(t, []string{"Martin, Alice"}, rec.Authors)
	assert.Equal(t, "email.header.User-Agent", rec.Software[0].Source)
	pdf, _ := os.ReadFile("../../testdata/pdf/reportlab.pdf")
	docx, _ := os.ReadFile("../../testdata/ooxml/libreoffice.docx")
	assert.Equal(t, []provenance.Attachment{
		{Name: "reportlab.pdf", Type: "application/pdf", Size: int64(len(pdf)), SHA256: sha(pdf)},
		{Name: "brouillon révisé.docx", Type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Size: int64(len(docx)), SHA256: sha(docx)},
	}, rec.Email.Attachments)
	assert.Equal(t, "/reportlab.pdf", its[1].Name)
	assert.Equal(t, pdf, its[1].Data)
	assert.Equal(t, "/brouillon révisé.docx", its[2].Name)
	assert.Equal(t, docx, its[2].Data)
	for _, it := range its[1:] {
		require.NotNil(t, it.Parent)
		assert.Equal(t, "pass", it.Parent.DKIM)
		assert.Equal(t, "2017-03-03T18:30:00-08:00", it.Parent.Date.String())
		assert.Nil(t, it.Record)
	}
}

// mboxMessages splits the mbox the simple way (all in memory), as a
// reference for the streaming reader.
func mboxMessages(data []byte) [][]byte {
	parts := regexp.MustCompile(`(?m)^From [^\n]*\n`).Split(string(data), -1)[1:]
	var out [][]byte
	for _, p := range parts {
		p = regexp.MustCompile(`(?m)^>(>*From )`).ReplaceAllString(p, "$1")
		out = append(out, []byte(strings.TrimSuffix(p, "\n")))
	}
	return out
}

func TestMbox(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(dir, "mailbox.mbox"))
	require.NoError(t, err)
	want := mboxMessages(data)
	require.Len(t, want, 5)
	var names []string
	var recs []*provenance.Record
	for _, it := range items(t, "mailbox.mbox") {
		names = append(names, it.Name)
		if it.Record != nil {
			recs = append(recs, it.Record)
		}
	}
	assert.Equal(t, []string{"#1", "#2", "#3", "#3/reportlab.pdf", "#3/brouillon révisé.docx", "#4", "#5"}, names)
	require.Len(t, recs, 5)
	for i, rec := range recs {
		assert.Equal(t, int64(len(want[i])), rec.Size, "#%d", i+1)
		assert.Equal(t, sha(want[i]), rec.SHA256, "#%d", i+1)
		assert.Empty(t, rec.Problems, "#%d", i+1)
	}
	assert.Equal(t, "Quoting", recs[1].Title)
	assert.Equal(t, "user2@example.net Sat Mar  4 12:00:00 2017", strings.TrimPrefix(recs[1].Fields["email.mbox.envelope"], "From "))
	assert.Contains(t, string(want[1]), "\nFrom here on, quoted:\n>From the archive\n")
	assert.Equal(t, "2017-03-05T08:00:00+09:00", recs[3].Created.String())

	// Extract gives the first message.
	rec, err := Format{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	assert.Equal(t, recs[0].SHA256, rec.SHA256)
	assert.Equal(t, "no-key", rec.DKIM[0].Result, "no Keys: no key")
}

func TestDKIMDetails(t *testing.T) {
	rec := items(t, "sha1.eml")[0].Record
	assert.Equal(t, "rsa-sha1", rec.DKIM[0].Algorithm)
	assert.Equal(t, "rsa-sha1 is weak", rec.DKIM[0].Reason)
	rec = items(t, "length-footer.eml")[0].Record
	assert.Equal(t, "pass", rec.DKIM[0].Result)
	assert.Contains(t, rec.DKIM[0].Reason, "l= signs only the first")
	rec = items(t, "ed25519.eml")[0].Record
	assert.Equal(t, "ed25519-sha256", rec.DKIM[0].Algorithm)
	assert.Equal(t, "pass", rec.DKIM[0].Result)
	rec = items(t, "two-signatures.eml")[0].Record
	assert.Equal(t, "pass", verdict(rec.DKIM))
	assert.Equal(t, "s2", rec.DKIM[1].Selector)
	assert.Equal(t, "no key for s2._domainkey.example.org", rec.DKIM[1].Reason)
	rec = items(t, "tampered-body.eml")[0].Record
	assert.Equal(t, "body hash did not verify", rec.DKIM[0].Reason)
	assert.Equal(t, "fail-body", verdict(rec.DKIM))
	assert.Equal(t, "", verdict(nil))
}

// TestCanonicalization checks the examples of RFC 6376 §3.4.5.
func TestCanonicalization(t *testing.T) {
	hb, err := splitHeader(context.Background(), []byte("A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n"))
	require.NoError(t, err)
	require.Empty(t, hb.bad)
	fields, body := hb.fields, hb.body
	require.Len(t, fields, 2)
	assert.Equal(t, "a:X\r\n", string(canonHeader(fields[0].Raw, "relaxed")))
	assert.Equal(t, "b:Y Z\r\n", string(canonHeader(fields[1].Raw, "relaxed")))
	assert.Equal(t, "B : Y\t\r\n\tZ  \r\n", string(canonHeader(fields[1].Raw, "simple")))
	assert.Equal(t, " C\r\nD E\r\n", string(canonBody(body, "relaxed")))
	assert.Equal(t, " C \r\nD \t E\r\n", string(canonBody(body, "simple")))
	assert.Equal(t, "\r\n", string(canonBody(nil, "simple")))
	assert.Equal(t, "", string(canonBody([]byte("\r\n\r\n"), "relaxed")))
	assert.Equal(t, "DKIM-Signature: v=1; b=; bh=abc; d=x",
		string(stripB([]byte("DKIM-Signature: v=1; b=AB\r\n\tCD; bh=abc; d=x"))))
}

func TestLoadKeys(t *testing.T) {
	j := testKeys(t)
	f, err := os.Open(filepath.Join(dir, "keys.zone"))
	require.NoError(t, err)
	defer f.Close()
	z, err := LoadKeys(f)
	require.NoError(t, err)
	assert.Equal(t, j["s1._domainkey.example.org"], z["s1._domainkey.example.org"])
	assert.Len(t, z, 1)
	_, err = LoadKeys(strings.NewReader(`{"a": 1}`))
	assert.Error(t, err)
}

func TestMatch(t *testing.T) {
	fixtures, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	fixtures = append(fixtures, filepath.Join(dir, "mailbox.mbox"))
	for _, p := range fixtures {
		data, _ := os.ReadFile(p)
		assert.True(t, Format{}.Match(data[:min(len(data), formats.SniffLen)]), p)
	}
	for _, s := range []string{
		"",
		"Hello world\nThis is text.\n",
		"Subject: my notes\n\nremember the milk\n",
		"name: docprov\ndate: 2020-01-01\n",
		"[section]\nkey=value\n",
		"a,b,c\n1,2,3\n",
		"%PDF-1.7\n",
		"From the desk of Alice: hello\nmore text\n",
		"Received: x\x00binary\n",
	} {
		assert.False(t, Format{}.Match([]byte(s)), "%q", s)
	}
	assert.True(t, Format{}.Match([]byte("Message-ID: <a@b>\r\nSubject: x\r\n\r\nbody")))
}

func TestMalformed(t *testing.T) {
	_, err := Format{}.Extract(context.Background(), strings.NewReader("no header here\n"), 15)
	assert.ErrorIs(t, err, formats.ErrMalformed)
	// an mbox message without headers is a Record with a problem, and the
	// mailbox goes on
	mbox := "From a Thu Jan  1 00:00:00 2015\nnot a header\n\nFrom b Thu Jan  1 00:00:00 2015\nSubject: ok\n\nbody\n"
	var recs []*provenance.Record
	err = Format{}.ExtractEach(context.Background(), strings.NewReader(mbox), int64(len(mbox)), func(it formats.Item) error {
		recs = append(recs, it.Record)
		return nil
	})
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.NotEmpty(t, recs[0].Problems)
	assert.Equal(t, "ok", recs[1].Title)
	// a DKIM-Signature that is not a tag list
	msg := "From: a@b\r\nDKIM-Signature: garbage\r\n\r\nx\r\n"
	rec, err := Format{}.Extract(context.Background(), strings.NewReader(msg), int64(len(msg)))
	require.NoError(t, err)
	assert.Equal(t, "malformed", rec.DKIM[0].Result)
}

func ExampleFormat() {
	keys, _ := LoadKeys(strings.NewReader(`{}`))
	msg := "From: Alice <alice@example.org>\r\n" +
		"Date: Thu, 2 Mar 2017 10:14:00 +0100\r\n" +
		"Subject: Budget\r\n" +
		"Message-ID: <1@example.org>\r\n" +
		"\r\n" +
		"Hello\r\n"
	rec, err := Format{Keys: keys}.Extract(context.Background(), strings.NewReader(msg), int64(len(msg)))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rec.Authors[0], rec.Created, rec.Title, rec.Fields["email.message_id.domain"])
	// Output: Alice 2017-03-02T10:14:00+01:00 Budget example.org
}

// TestExpiredSignature signs a message with x= in the past (dkimpy cannot
// write x=), using the throwaway key1.pem: it still verifies, and SignedAt
// and Expires are read.
func TestExpiredSignature(t *testing.T) {
	pemData, err := os.ReadFile(filepath.Join(dir, "key1.pem"))
	require.NoError(t, err)
	blk, _ := pem.Decode(pemData)
	require.NotNil(t, blk)
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	require.NoError(t, err)
	key := k.(*rsa.PrivateKey)

	hdr := "From: a@example.org\r\nSubject: old\r\n"
	body := "Hello  \r\n"
	bh := sha256.Sum256(canonBody([]byte(body), "relaxed"))
	sigHdr := "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=s1;\r\n" +
		"\tt=1000000000; x=1000086400; h=from:subject;\r\n\tbh=" + base64.StdEncoding.EncodeToString(bh[:]) + "; b="
	hb, err := splitHeader(context.Background(), []byte(hdr+"\r\n"))
	require.NoError(t, err)
	fields := hb.fields
	hd := sha256.New()
	for _, f := range fields {
		hd.Write(canonHeader(f.Raw, "relaxed"))
	}
	hd.Write(bytes.TrimRight(canonHeader([]byte(sigHdr), "relaxed"), "\r\n"))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, hd.Sum(nil))
	require.NoError(t, err)
	msg := sigHdr + base64.StdEncoding.EncodeToString(sig) + "\r\n" + hdr + "\r\n" + body
	rec, err := Format{Keys: testKeys(t)}.Extract(context.Background(), strings.NewReader(msg), int64(len(msg)))
	require.NoError(t, err)
	d := rec.DKIM[0]
	assert.Equal(t, "pass", d.Result, d.Reason)
	assert.Equal(t, "2001-09-09T01:46:40Z", d.SignedAt.String())
	assert.Equal(t, "2001-09-10T01:46:40Z", d.Expires.String())
}

// TestPythonEmailARC reads a message built by Python's email package and
// ARC-sealed by dkimpy: encoded display name, RFC 2231 attachment name,
// ARC and Authentication-Results headers as recorded.
func TestPythonEmailARC(t *testing.T) {
	its := items(t, "python-email-arc.eml")
	require.Len(t, its, 2)
	rec := its[0].Record
	assert.Equal(t, []string{"Zoé Durand"}, rec.Authors)
	assert.Equal(t, "2017-03-06T08:45:00+02:00", rec.Created.String())
	assert.Equal(t, []string{"fr-CA"}, rec.Languages)
	assert.Equal(t, "mx.example.com; dkim=pass header.d=example.org header.s=s1", rec.Fields["email.header.Authentication-Results"])
	assert.Equal(t, "i=1; mx.example.com; dkim=pass header.d=example.org header.s=s1", rec.Fields["email.header.ARC-Authentication-Results"])
	assert.Contains(t, rec.Fields["email.header.ARC-Seal"], "i=1; cv=none; a=rsa-sha256; d=example.org; s=s1; t=1488782703;")
	assert.Contains(t, rec.Fields["email.header.ARC-Message-Signature"], "c=relaxed/relaxed;")
	require.Len(t, rec.Email.Received, 1)
	assert.Equal(t, "mx.example.com", rec.Email.Received[0].By)
	assert.Equal(t, "2017-03-06T06:45:03Z", rec.Email.Received[0].Time.String())
	assert.Equal(t, "pass", verdict(rec.DKIM))
	xlsx, _ := os.ReadFile("../../testdata/ooxml/openpyxl.xlsx")
	assert.Equal(t, "/tableau été.xlsx", its[1].Name)
	assert.Equal(t, xlsx, its[1].Data)
	assert.Equal(t, sha(xlsx), rec.Email.Attachments[0].SHA256)
}

// RFC 5322 §4.3's obsolete zone names carry their offsets; a name it does
// not define (or a military letter) is a zone unknown, not UTC.
func TestObsoleteZoneNames(t *testing.T) {
	for in, want := range map[string]string{
		"Thu, 19 Sep 91 12:41:43 EDT":    "1991-09-19T12:41:43-04:00",
		"Mon, 3 Jan 2000 09:00:00 PST":   "2000-01-03T09:00:00-08:00",
		"Mon, 3 Jan 2000 09:00:00 GMT":   "2000-01-03T09:00:00Z",
		"Mon, 3 Jan 2000 09:00:00 Z":     "2000-01-03T09:00:00",
		"Mon, 3 Jan 2000 09:00:00 CEST":  "2000-01-03T09:00:00",
		"Mon, 3 Jan 2000 09:00:00 +0100": "2000-01-03T09:00:00+01:00",
		"Mon, 3 Jan 2000 09:00:00 -0000": "2000-01-03T09:00:00",
	} {
		ts, ok := parseDate(in)
		if assert.True(t, ok, in) {
			assert.Equal(t, want, ts.String(), in)
		}
	}
	// Received times are read the same way.
	msg := "Received: from a by b; Thu, 19 Sep 91 12:41:43 EDT\r\n" +
		"Received: from c by a; Thu, 19 Sep 91 09:40:43 PDT\r\n" +
		"Date: Thu, 19 Sep 91 12:40:00 EDT\r\nFrom: a@b\r\n\r\nbody\r\n"
	rec, err := Format{}.Extract(context.Background(), strings.NewReader(msg), int64(len(msg)))
	require.NoError(t, err)
	require.NotNil(t, rec.Email)
	require.Len(t, rec.Email.Received, 2)
	assert.Equal(t, "1991-09-19T09:40:43-07:00", rec.Email.Received[0].Time.String(), "the first hop, PDT")
	assert.Equal(t, "1991-09-19T12:41:43-04:00", rec.Email.Received[1].Time.String(), "EDT")
	assert.Equal(t, "1991-09-19T12:40:00-04:00", rec.Created.String())
}

// RFC 822's comment form names the mailbox; one address net/mail refuses
// does not turn a list of eighteen into one string.
func TestAddressForms(t *testing.T) {
	addr, name := address("nsb (Nathaniel Borenstein)")
	assert.Equal(t, "nsb", addr)
	assert.Equal(t, "Nathaniel Borenstein", name)
	addr, name = address(`"Jo Doe" <jo@example.org>`)
	assert.Equal(t, "jo@example.org", addr)
	assert.Equal(t, "Jo Doe", name)

	var list []string
	for i := 0; i < 17; i++ {
		list = append(list, fmt.Sprintf("user%d@example.org", i))
	}
	list = append(list, "nsb (Nathaniel Borenstein)")
	got := addresses([]string{strings.Join(list, ", ")})
	assert.Len(t, got, 18)
	assert.Equal(t, "user0@example.org", got[0])
	assert.Equal(t, "nsb", got[17])
	assert.Equal(t, []string{`a@x.org`, `b@y.org`}, addresses([]string{`"Doe, Jo" <a@x.org>, (a, comment) b@y.org`}))
}

// RFC 5322 §4: a garbled line among the header fields is skipped, with a
// problem, and the fields after it are still read; spaces before a colon
// are allowed.
func TestGarbledHeaderLine(t *testing.T) {
	msg := "Received: from a by b; Thu, 19 Sep 1991 12:41:43 -0400\r\n" +
		"this is garbage\r\n" +
		"From: a@b.example\r\n" +
		"Date   : Thu, 19 Sep 1991 12:41:40 -0400\r\n" +
		"Subject: after\r\n\r\nbody\r\n"
	rec, err := Format{}.Extract(context.Background(), strings.NewReader(msg), int64(len(msg)))
	require.NoError(t, err)
	assert.Equal(t, "after", rec.Title)
	assert.Equal(t, []string{"a@b.example"}, rec.Authors)
	assert.Equal(t, "1991-09-19T12:41:40-04:00", rec.Created.String())
	assert.Equal(t, []string{"header: a line without a field name skipped: this is garbage"}, rec.Problems)

	// Garbage that is not followed by a field is where the body starts.
	msg = "From: a@b.example\r\nSubject: s\r\nthis is the body, no blank line\r\nmore body\r\n"
	rec, err = Format{}.Extract(context.Background(), strings.NewReader(msg), int64(len(msg)))
	require.NoError(t, err)
	assert.Equal(t, "s", rec.Title)
	assert.Contains(t, strings.Join(rec.Problems, "\n"), "read the rest as the body")
}
