// Package email reads the provenance of e-mail: RFC 5322 messages (.eml)
// and MBOX mailboxes, and verifies their DKIM signatures offline.
//
// A message's Record has Format "eml" and MIME "message/rfc822", whether it
// is a file of its own or the Nth message of an MBOX; its Size and SHA256
// are the message's own bytes (for an MBOX message: after ">From "
// unescaping, without the envelope line and the blank separator line).
// Format is a formats.Container: ExtractEach emits the message Record, then
// each attachment's decoded bytes with a provenance.Parent carrying the
// message's DKIM verdict and date, so the attachment's own Record inherits
// its message's evidence. An MBOX is streamed message by message (one
// message of at most MaxMessage bytes in memory); Extract returns the first
// message.
//
// # Recognising a file
//
// A file is e-mail when, after a byte-order mark and blank lines, it
// starts with header fields among which a known message field (Received,
// Message-ID, DKIM-Signature … alone, or two of From, Date, Subject, To …),
// or with an MBOX envelope line carrying its date ("From sender Thu Mar  2
// 10:14:00 2017"); repeated envelope lines are skipped. A NUL byte refuses
// the file only in the envelope and header lines: bodies may hold any
// byte. A first field longer than the sniffed head is read further (up
// to MaxHeader). The parser reads whatever the sniffing accepts. A line
// without a field name among the fields is skipped with a problem when a
// field line follows it (RFC 5322 §4 asks receivers to get past such
// lines; up to three per header); otherwise it is where the body starts.
//
// # Limits
//
// Beyond MaxMessage per message: a header field is read up to
// MaxHeaderField bytes (1 MiB, folded lines included) and a header block
// up to MaxHeader (8 MiB); what is past a cap is skipped to the blank
// line, the body is read as usual, and the Record names the cap in its
// Problems. A DKIM signature over a field that was cut, or that fails in a
// header whose end was not read, is "unsupported" rather than a failure. At
// most 1000 MIME parts and 20 levels of nesting are read, and 16 DKIM
// signatures verified (each one past them gets an "unsupported" result
// saying it was not verified because of the cap). Every loop that grows with the input checks the
// context, so a time budget ends the work: a message cut by it is not
// emitted. A file that ends before the size it had when opened (it shrank
// while being read), or whose read fails, gives the message it cut a
// problem "truncated while reading".
//
// # Fields
//
//   - email.header.<Name>: every header field, unfolded, not decoded (as the
//     message wrote it: "=?UTF-8?Q?…?=" stays); a name that repeats
//     (Received, DKIM-Signature, ARC-Seal …) gets [i], top to bottom. This
//     covers Return-Path, X-Originating-IP, Authentication-Results, the ARC
//     headers, X-Mailer, User-Agent, Thread-Index, Content-Language.
//   - email.message_id.domain: the domain part of Message-ID, lower-case.
//   - email.thread_index.time: Outlook's Thread-Index decoded: its first 6
//     bytes are the high 48 bits of a FILETIME (UTC), the conversation start.
//   - email.charset[i]: the distinct charsets of the MIME parts.
//   - email.attachment[i].name/.type/.size/.sha256: each attachment, decoded.
//   - email.dkim[i].result/.domain/.selector/.reason: the DKIM verdicts.
//   - email.mbox.envelope: the "From " line of an MBOX message.
//
// # Normalized view
//
// authors = [From's display name, or its address]; created = Date with its
// offset ("-0000", "zone unknown" by RFC 5322, gives no offset; the
// obsolete names UT, GMT, EST/EDT, CST/CDT, MST/MDT and PST/PDT give their
// RFC 5322 §4.3 offsets, and any other name, military letters included,
// is a zone unknown, not UTC); title =
// Subject (decoded); languages = Content-Language of the message and its
// parts; software = X-Mailer and User-Agent with role "application"; ids =
// Message-ID as kind "email.MessageID". Record.Email holds the addresses,
// the Received chain in the order the message travelled (times with their
// offsets, delay since the previous hop), and the attachments; Record.DKIM
// one result per DKIM-Signature.
//
// # DKIM
//
// Every DKIM-Signature is verified (rsa-sha256, rsa-sha1, ed25519-sha256;
// simple and relaxed canonicalization; l=) against Format.Keys only:
// docprov never queries DNS, so a key missing from Keys is "no-key" (and a
// rotated key looks the same). The verifier is written here with the
// standard library rather than github.com/emersion/go-msgauth, because that
// package refuses rsa-sha1 and compares x= with today's clock: an archived
// message is judged on what its bytes prove. rsa-sha1 passes with the reason
// "rsa-sha1 is weak"; a signature past its x= expiry still verifies (the
// expiry is in Expires for the reader to judge). Messages are read with
// bare LF line ends turned into CRLF first, as any verifier does with a copy
// saved to disk.
//
// Otherwise the checks are RFC 6376's, in its order (§6.1): the
// signature's tags (d= and s= must be DNS names, or nothing is looked up;
// i=, decoded from dkim-quoted-printable, must be d= or a subdomain; in q=
// unknown query methods are ignored, and only a list without dns/txt is
// unsupported), then the key, then the body hash, then the signature, so
// that fail-body means a sound key and a changed body. The key must be
// found (else no-key), have p= (an empty p= is a revoked key, no-key; a
// missing p= is a broken record, fail-signature), allow the algorithm (k=,
// h=), serve email (s= naming email or *), honour t=s (i= in d= itself,
// no subdomain), and, for RSA, have at least 1024 bits: a shorter key is
// fail-signature with the reason "key too short" (RFC 8301 §3.2), whatever
// its signature bytes. Zone-file keys (LoadKeys) follow RFC 1035 §5.1:
// $ORIGIN and "@", owner-less lines, "( )" continuations, and the escapes
// \;, \" and \DDD.
//
// Header fields are split by hand (net/mail discards the raw bytes DKIM
// needs); addresses and dates use net/mail, encoded words mime and
// golang.org/x/text for charsets beyond UTF-8 and Latin-1, MIME parts
// mime/multipart.
package email
