package ole

import (
	"context"
	"encoding/binary"
	"fmt"
	"github.com/docprov/docprov/formats/internal/winlang"
	"net/textproto"
	"strconv"
	"strings"

	"github.com/docprov/docprov/provenance"
)

// MAPI property types ([MS-OXCDATA] 2.11.1).
const (
	ptLong    = 0x0003
	ptBoolean = 0x000B
	ptI8      = 0x0014
	ptString8 = 0x001E
	ptUnicode = 0x001F
	ptSystime = 0x0040
	ptBinary  = 0x0102
)

// msgProps names the MAPI properties read from an Outlook message and its
// recipients and attachments ([MS-OXPROPS]). Bodies are left out: they are
// content, not provenance.
var msgProps = map[uint16]string{
	0x001A: "MessageClass", 0x0037: "Subject", 0x0039: "ClientSubmitTime",
	0x0042: "SentRepresentingName", 0x0065: "SentRepresentingEmailAddress",
	0x0040: "ReceivedByName", 0x0076: "ReceivedByEmailAddress",
	0x0070: "ConversationTopic", 0x007D: "TransportMessageHeaders",
	0x0C1A: "SenderName", 0x0C1F: "SenderEmailAddress", 0x5D01: "SenderSmtpAddress",
	0x0E02: "DisplayBcc", 0x0E03: "DisplayCc", 0x0E04: "DisplayTo",
	0x0E06: "MessageDeliveryTime", 0x0E07: "MessageFlags",
	0x1035: "InternetMessageId", 0x1042: "InReplyToId", 0x1039: "InternetReferences",
	0x3007: "CreationTime", 0x3008: "LastModificationTime",
	0x3FF8: "CreatorName", 0x3FFA: "LastModifierName",
	0x3FFD: "MessageCodepage", 0x3FDE: "InternetCodepage", 0x3FF1: "MessageLocale",
	// recipients
	0x3001: "DisplayName", 0x3002: "AddressType", 0x3003: "EmailAddress",
	0x39FE: "SmtpAddress", 0x0C15: "RecipientType",
	// attachments
	0x3704: "AttachFilename", 0x3707: "AttachLongFilename", 0x370E: "AttachMimeTag",
	0x0E20: "AttachSize",
}

// readMsg reads an Outlook message ([MS-OXMSG]): string and binary
// properties from the "__substg1.0_IIIITTTT" streams, fixed-size ones
// (times, numbers) from "__properties_version1.0", for the message, each
// recipient and each attachment.
func readMsg(ctx context.Context, rec *provenance.Record, c container) {
	f := rec.Fields
	// Strings in PT_STRING8 use the message's code page, a fixed-size
	// property, so fixed ones are read first.
	readMsgObject(rec, c, "", "ole.msg.", 32, 0)
	cp, _ := strconv.Atoi(f["ole.msg.MessageCodepage"])
	if cp == 0 {
		cp, _ = strconv.Atoi(f["ole.msg.InternetCodepage"])
	}
	readMsgObject(rec, c, "", "ole.msg.", 32, cp)
	nr, na := 0, 0
	for _, e := range c.entries() {
		if ctx.Err() != nil {
			return
		}
		if !e.storage || strings.Contains(e.path, "/") {
			continue
		}
		switch {
		case strings.HasPrefix(e.path, "__recip_version1.0_") && nr < 1000:
			readMsgObject(rec, c, e.path+"/", "ole.msg.recipient["+strconv.Itoa(nr)+"].", 8, cp)
			nr++
		case strings.HasPrefix(e.path, "__attach_version1.0_") && na < 1000:
			readMsgObject(rec, c, e.path+"/", "ole.msg.attachment["+strconv.Itoa(na)+"].", 8, cp)
			na++
		}
	}
	if lcid, err := strconv.ParseUint(f["ole.msg.MessageLocale"], 10, 32); err == nil {
		f.Set("ole.msg.MessageLocaleTag", winlang.LCIDTag(uint32(lcid)))
	}
	if h := f["ole.msg.TransportMessageHeaders"]; h != "" {
		readHeaders(rec, h)
	}
}

// readMsgObject reads one object's properties. With cp == 0 it reads only
// the fixed-size ones; otherwise the variable-size streams.
func readMsgObject(rec *provenance.Record, c container, dir, prefix string, headerLen int, cp int) {
	f := rec.Fields
	le := binary.LittleEndian
	if cp == 0 {
		b, err := c.read(dir+"__properties_version1.0", 1<<20)
		if err != nil && len(b) == 0 {
			return
		}
		for pos := headerLen; pos+16 <= len(b); pos += 16 {
			typ := le.Uint16(b[pos:])
			id := le.Uint16(b[pos+2:])
			name, ok := msgProps[id]
			if !ok {
				continue
			}
			v := b[pos+8 : pos+16]
			switch typ {
			case ptLong:
				f.Set(prefix+name, strconv.FormatUint(uint64(le.Uint32(v)), 10))
			case ptBoolean:
				f.Set(prefix+name, strconv.FormatBool(le.Uint16(v) != 0))
			case ptI8:
				f.Set(prefix+name, strconv.FormatInt(int64(le.Uint64(v)), 10))
			case ptSystime:
				f.Set(prefix+name, FormatValue(Filetime(le.Uint64(v))))
			}
		}
		return
	}
	for _, e := range c.entries() {
		if e.storage || !strings.HasPrefix(e.path, dir+"__substg1.0_") {
			continue
		}
		tag := strings.TrimPrefix(e.path, dir+"__substg1.0_")
		if len(tag) != 8 || strings.Contains(tag, "/") {
			continue
		}
		v, err := strconv.ParseUint(tag, 16, 32)
		if err != nil {
			continue
		}
		id, typ := uint16(v>>16), uint16(v)
		name, ok := msgProps[id]
		if !ok {
			continue
		}
		b, err := c.read(e.path, 1<<20)
		if err != nil {
			rec.AddProblem("%s: %v", printable(e.path), err)
		}
		switch typ {
		case ptUnicode:
			f.Set(prefix+name, decodeUTF16(b))
		case ptString8:
			f.Set(prefix+name, winlang.DecodeCodePage(b, cp))
		case ptBinary:
			f.Set(prefix+name, fmt.Sprintf("%X", b[:min(len(b), 256)]))
		}
	}
}

// readHeaders picks the provenance-bearing headers out of the Internet
// headers Outlook kept: the mailer names software, Received lines the path.
func readHeaders(rec *provenance.Record, h string) {
	f := rec.Fields
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(h, "\r\n", "\n"), "\n") {
		if (strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")) && len(lines) > 0 {
			lines[len(lines)-1] += " " + strings.TrimSpace(l)
			continue
		}
		lines = append(lines, l)
	}
	received := 0
	for _, l := range lines {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		k, v = textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch strings.ToLower(k) {
		case "received":
			f.Set("ole.msg.header.Received["+strconv.Itoa(received)+"]", v)
			received++
		case "x-mailer", "user-agent", "date", "from", "to", "message-id", "x-originating-ip":
			if fixed, ok := map[string]string{"Message-Id": "Message-ID", "X-Originating-Ip": "X-Originating-IP"}[k]; ok {
				k = fixed
			}
			if f["ole.msg.header."+k] == "" {
				f.Set("ole.msg.header."+k, v)
			}
		}
		if received >= 100 {
			break
		}
	}
	for _, k := range []string{"ole.msg.header.X-Mailer", "ole.msg.header.User-Agent"} {
		rec.AddSoftware(provenance.RoleApplication, f[k], k)
	}
}
