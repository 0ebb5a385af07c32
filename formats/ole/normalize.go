package ole

import (
	"github.com/docprov/docprov/formats/internal/winlang"
	"strconv"
	"strings"

	"github.com/docprov/docprov/provenance"
)

// normalize derives the Record's normalized view from its Fields
// (SCHEMA.md): SummaryInformation first for the document's own claims,
// DocumentSummaryInformation for company and manager, then what the
// application streams add (the Word FIB's language, an Outlook message's
// sender and times).
func normalize(rec *provenance.Record) {
	f := rec.Fields
	fillFromEmbedded(f)
	first := func(keys ...string) string {
		for _, k := range keys {
			if v := strings.TrimSpace(f[k]); v != "" {
				return v
			}
		}
		return ""
	}
	rec.Title = first("ole.summary.Title", "ole.msg.Subject")
	rec.Subject = first("ole.summary.Subject")
	rec.Keywords = first("ole.summary.Keywords")
	rec.Description = first("ole.summary.Comments")
	if a := first("ole.summary.Author", "ole.msg.SenderName", "ole.msg.SenderEmailAddress"); a != "" {
		rec.Authors = []string{a}
	}
	rec.LastModifiedBy = first("ole.summary.LastAuthor", "ole.msg.LastModifierName")
	rec.Template = first("ole.summary.Template")
	rec.Revision = first("ole.summary.RevNumber")
	rec.Company = first("ole.docsummary.Company")
	rec.Manager = first("ole.docsummary.Manager")
	if v := f["ole.summary.EditTime"]; v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			rec.EditTimeSeconds = n
		}
	}
	setStamp(rec, &rec.Created, "ole.summary.CreateTime", "ole.msg.ClientSubmitTime", "ole.msg.CreationTime")
	setStamp(rec, &rec.Modified, "ole.summary.LastSaveTime", "ole.msg.LastModificationTime")
	setStamp(rec, &rec.Printed, "ole.summary.LastPrinted")

	rec.AddSoftware(provenance.RoleApplication, f["ole.summary.AppName"], "ole.summary.AppName")
	msgEmail(rec)

	for _, k := range []string{"ole.msg.InternetMessageId"} {
		rec.AddID("email.MessageID", f[k], k)
	}

	for _, k := range []string{
		"ole.word.fib.lidTag", "ole.word.style.lidTag",
		"ole.summary.LocaleTag", "ole.docsummary.LocaleTag", "ole.docsummary.Language",
		"ole.msg.MessageLocaleTag",
	} {
		rec.AddLanguage(f[k])
	}
	if len(rec.Languages) == 0 {
		for _, k := range []string{"ole.summary.CodePage", "ole.docsummary.CodePage", "ole.msg.MessageCodepage", "ole.excel.CodePage"} {
			if cp, err := strconv.Atoi(f[k]); err == nil {
				rec.AddLanguage(winlang.CodePageLanguage(cp))
			}
		}
	}
}

// fillFromEmbedded gives a host file without its own SummaryInformation
// values those of its first embedded object that has them, as ExifTool
// does (an .xls whose only property set is that of an embedded Word
// document). The values are copied under "ole.summary.*" so the normalized
// view reads them, and ole.summary.from_embedded names the storage they
// came from: a check or an analyst can always tell a borrowed claim from
// the file's own.
func fillFromEmbedded(f provenance.Fields) {
	var storages []string
	for _, k := range f.WithPrefix("ole.embedded[") {
		if i := strings.Index(k, "].summary."); i > 0 {
			st := k[:i+1]
			if len(storages) == 0 || storages[len(storages)-1] != st {
				storages = append(storages, st)
			}
		}
	}
	var borrowed []string
	for _, st := range storages {
		for _, k := range f.WithPrefix(st + ".summary.") {
			name := strings.TrimPrefix(k, st+".summary.")
			own := "ole.summary." + name
			if _, ok := f[own]; ok || strings.Contains(name, ".") {
				continue
			}
			f[own] = f[k]
			borrowed = append(borrowed, name)
		}
		if len(borrowed) > 0 {
			f.Set("ole.summary.from_embedded", strings.TrimPrefix(st, "ole.embedded")+": "+strings.Join(borrowed, ", "))
			return
		}
	}
}

// setStamp parses the first of keys that holds a time. FILETIMEs are UTC,
// so these Timestamps carry an offset (Z); a VT_DATE has none.
func setStamp(rec *provenance.Record, dst *provenance.Timestamp, keys ...string) {
	for _, k := range keys {
		v := rec.Fields[k]
		if v == "" {
			continue
		}
		ts, err := provenance.ParseTimestamp(v)
		if err != nil {
			rec.AddProblem("%s: not a time: %q", k, v)
			continue
		}
		if ts.Time.Year() < 1602 {
			// Less than a year after the FILETIME epoch: a duration or
			// garbage written where a date belongs (ExifTool reads such
			// values as seconds too). The raw value stays in Fields.
			rec.AddProblem("%s: %s is not a plausible date", k, v)
			continue
		}
		*dst = ts
		return
	}
}

// msgEmail fills Record.Email for an Outlook message from its MAPI
// properties, so that a .msg and an .eml of the same message read alike.
func msgEmail(rec *provenance.Record) {
	f := rec.Fields
	if f["ole.msg.MessageClass"] == "" && f["ole.msg.Subject"] == "" && f["ole.msg.InternetMessageId"] == "" {
		return
	}
	first := func(keys ...string) string {
		for _, k := range keys {
			if v := strings.TrimSpace(f[k]); v != "" {
				return v
			}
		}
		return ""
	}
	e := &provenance.Email{
		MessageID: first("ole.msg.InternetMessageId", "ole.msg.header.Message-ID"),
		From:      first("ole.msg.SenderSmtpAddress", "ole.msg.SenderEmailAddress", "ole.msg.SentRepresentingEmailAddress"),
		Subject:   first("ole.msg.Subject"),
		InReplyTo: first("ole.msg.InReplyToId"),
	}
	if v := f["ole.msg.ClientSubmitTime"]; v != "" {
		if ts, err := provenance.ParseTimestamp(v); err == nil {
			e.Date = ts
		}
	}
	for i := 0; ; i++ {
		p := "ole.msg.recipient[" + strconv.Itoa(i) + "]."
		addr := first(p+"SmtpAddress", p+"EmailAddress", p+"DisplayName")
		if addr == "" {
			if _, ok := f[p+"RecipientType"]; !ok && f[p+"DisplayName"] == "" {
				break
			}
			continue
		}
		// MAPI recipient types: 1 To, 2 Cc, 3 Bcc; To when unrecorded.
		if f[p+"RecipientType"] == "2" {
			e.Cc = append(e.Cc, addr)
		} else if f[p+"RecipientType"] != "3" {
			e.To = append(e.To, addr)
		}
	}
	for i := 0; ; i++ {
		p := "ole.msg.attachment[" + strconv.Itoa(i) + "]."
		name := first(p+"AttachLongFilename", p+"AttachFilename")
		size, _ := strconv.ParseInt(f[p+"AttachSize"], 10, 64)
		if name == "" && size == 0 && f[p+"AttachMimeTag"] == "" {
			break
		}
		e.Attachments = append(e.Attachments, provenance.Attachment{Name: name, Type: f[p+"AttachMimeTag"], Size: size})
	}
	rec.Email = e
}
