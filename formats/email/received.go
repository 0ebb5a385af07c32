package email

import (
	"context"
	"net/mail"
	"strings"
	"time"

	"github.com/docprov/docprov/provenance"
)

// parseDate reads an RFC 5322 date, keeping its offset. "-0000" means, by
// RFC 5322 §3.3, that the sender's zone is unknown: that becomes a Timestamp
// without an offset rather than a claim of UTC.
func parseDate(s string) (provenance.Timestamp, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return provenance.Timestamp{}, false
	}
	s = numericZone(s)
	t, err := mail.ParseDate(s)
	if err != nil {
		return provenance.Timestamp{}, false
	}
	if _, off := t.Zone(); off == 0 && strings.Contains(s, "-0000") {
		return provenance.Local(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0), true
	}
	return provenance.At(t), true
}

// obsZones are RFC 5322 §4.3's obsolete zone names and their offsets.
// net/mail parses a name with time's "MST" layout, which makes any name it
// does not know a zone at UTC: "12:41:43 EDT" would read as 12:41:43Z.
var obsZones = map[string]string{
	"UT": "+0000", "GMT": "+0000",
	"EST": "-0500", "EDT": "-0400", "CST": "-0600", "CDT": "-0500",
	"MST": "-0700", "MDT": "-0600", "PST": "-0800", "PDT": "-0700",
}

// numericZone rewrites a date's trailing zone name as the offset RFC 5322
// gives it. The military single letters were defined backwards in RFC 822,
// so RFC 5322 says to read them, like any other name, as "-0000": zone
// unknown.
func numericZone(s string) string {
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return s
	}
	name := strings.ToUpper(s[i+1:])
	if off, ok := obsZones[name]; ok {
		return s[:i+1] + off
	}
	if len(name) >= 1 && len(name) <= 5 && strings.Trim(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
		return s[:i+1] + "-0000"
	}
	return s
}

// parseReceived reads one Received header ("from A (comment) by B with
// ESMTP id X; date"). The clauses are free text in practice, so it takes
// the word after each keyword and, for from and by, the comment that
// follows it (it usually holds the name and IP address the server saw).
func parseReceived(v string) provenance.Hop {
	var hop provenance.Hop
	clauses, date := v, ""
	if i := strings.LastIndexByte(v, ';'); i >= 0 {
		clauses, date = v[:i], v[i+1:]
	}
	if t, ok := parseDate(date); ok {
		hop.Time = t
	}
	toks := receivedTokens(clauses)
	for i := 0; i < len(toks); i++ {
		var dst *string
		switch strings.ToLower(toks[i]) {
		case "from":
			dst = &hop.From
		case "by":
			dst = &hop.By
		case "with":
			dst = &hop.With
		default:
			continue
		}
		if i+1 >= len(toks) || strings.HasPrefix(toks[i+1], "(") || *dst != "" {
			continue
		}
		i++
		start := i
		for dst != &hop.With && i+1 < len(toks) && strings.HasPrefix(toks[i+1], "(") {
			i++
		}
		// Joined once: adding comment by comment copies the value each
		// time, quadratic in a hostile header of many comments.
		*dst = strings.Join(toks[start:i+1], " ")
	}
	return hop
}

// receivedTokens splits Received clauses into words and whole
// parenthesised comments (nested ones included).
func receivedTokens(s string) []string {
	var toks []string
	var cur strings.Builder
	depth := 0
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == '(':
			if depth == 0 {
				flush()
			}
			depth++
			cur.WriteRune(r)
		case r == ')' && depth > 0:
			cur.WriteRune(r)
			depth--
			if depth == 0 {
				flush()
			}
		case depth == 0 && (r == ' ' || r == '\t' || r == '\r' || r == '\n'):
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return toks
}

// hops turns the Received headers (newest first, as written) into the
// order the message travelled, with the delay since the previous hop. A
// hostile header holds a hundred thousand of them, so ctx is checked: the
// chain stops short and the caller, seeing ctx's error, drops the Record.
func hops(ctx context.Context, values []string) []provenance.Hop {
	out := make([]provenance.Hop, 0, len(values))
	for i := len(values) - 1; i >= 0; i-- {
		if len(out)%ctxCheckLines == ctxCheckLines-1 && ctx.Err() != nil {
			break
		}
		out = append(out, parseReceived(values[i]))
	}
	for i := 1; i < len(out); i++ {
		if !out[i].Time.IsZero() && !out[i-1].Time.IsZero() && out[i].Time.HasOffset && out[i-1].Time.HasOffset {
			d := int64(out[i].Time.Time.Sub(out[i-1].Time.Time) / time.Second)
			out[i].DelaySeconds = &d
		}
	}
	return out
}
