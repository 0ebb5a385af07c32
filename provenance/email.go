package provenance

// Email is what a message adds to its Record (SCHEMA.md, "Email"): the
// envelope and transport evidence of one message. The common keys hold its
// claims too: authors = From, created = Date, software = the mailer.
type Email struct {
	MessageID   string       `json:"message_id,omitempty"`
	From        string       `json:"from,omitempty"`
	Sender      string       `json:"sender,omitempty"`
	ReplyTo     []string     `json:"reply_to,omitempty"`
	To          []string     `json:"to,omitempty"`
	Cc          []string     `json:"cc,omitempty"`
	Subject     string       `json:"subject,omitempty"`
	Date        Timestamp    `json:"date,omitzero"`
	InReplyTo   string       `json:"in_reply_to,omitempty"`
	References  []string     `json:"references,omitempty"`
	Received    []Hop        `json:"received,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Hop is one Received header: a server that handed the message on, in the
// order the message travelled (the last header first written is the first
// hop).
type Hop struct {
	From string    `json:"from,omitempty"`
	By   string    `json:"by,omitempty"`
	With string    `json:"with,omitempty"`
	Time Timestamp `json:"time,omitzero"`
	// DelaySeconds is the time since the previous hop, when both have a
	// time; a negative delay is a clock or a header that lies.
	DelaySeconds *int64 `json:"delay_s,omitempty"`
}

// Attachment is one file a message carries.
type Attachment struct {
	Name   string `json:"name,omitempty"`
	Type   string `json:"type,omitempty"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256,omitempty"`
}

// DKIM results, as SCHEMA.md names them.
const (
	DKIMPass          = "pass"
	DKIMFailBody      = "fail-body"      // the body hash does not match: the body changed
	DKIMFailSignature = "fail-signature" // the header signature does not verify
	DKIMNoKey         = "no-key"         // no public key for the selector in the key source
	DKIMUnsupported   = "unsupported"    // an algorithm or canonicalization docprov does not verify
	DKIMMalformed     = "malformed"      // the DKIM-Signature header cannot be parsed
)

// DKIMResult is the verdict on one DKIM-Signature header. A pass shows the
// signed headers and body are as the signing domain sent them; a failure
// shows a change or a rotated key, never by itself a forgery.
type DKIMResult struct {
	Domain    string    `json:"domain,omitempty"`
	Selector  string    `json:"selector,omitempty"`
	Algorithm string    `json:"algorithm,omitempty"`
	Result    string    `json:"result"`
	Reason    string    `json:"reason,omitempty"`
	SignedAt  Timestamp `json:"signed_at,omitzero"`
	Expires   Timestamp `json:"expires,omitzero"`
	// Headers lists the header fields the signature covers (h=).
	Headers []string `json:"headers,omitempty"`
}

// Parent is set on a Record extracted from inside another document (an
// attachment from its message): the container's path, its DKIM verdict and
// its date, so the attachment inherits its message's evidence.
type Parent struct {
	Path string    `json:"path"`
	DKIM string    `json:"dkim,omitempty"`
	Date Timestamp `json:"date,omitzero"`
}
