// Package tnef reads TNEF files (winmail.dat, application/ms-tnef): the
// Transport Neutral Encapsulation Format Outlook and Exchange use to carry
// a message's MAPI properties and its attachments through SMTP
// ([MS-OXTNEF]).
//
// A TNEF file is a Container: it gives a Record of format "tnef" for the
// message it encapsulates, and hands each attachment's bytes to the
// registry with the message as parent, as formats/email does for a MIME
// message, so that a document sent from Outlook inside winmail.dat gets its
// own Record instead of hiding in one opaque attachment.
//
// Fields:
//
//	tnef.key                   the legacy key (a random number the writer chose)
//	tnef.attr.<Name>           message attributes ([MS-OXTNEF] 2.1.3.3): TnefVersion,
//	                           OemCodepage, MessageClass, From, Subject, MessageID,
//	                           DateSent, DateReceived, DateModified, MessageStatus, Priority
//	tnef.mapi.<Name>           message MAPI properties (attMsgProps) docprov names:
//	                           Subject, SenderName, SenderEmailAddress, SentRepresentingName,
//	                           ClientSubmitTime, MessageDeliveryTime, CreationTime,
//	                           LastModificationTime, LastModifierName, InternetMessageId,
//	                           MessageClass, InternetCodepage; tnef.mapi.count, how many
//	                           properties the set held (named ones included)
//	tnef.attachment[i].<Name>  Title, LongFilename, Filename, MimeTag, Extension,
//	                           ContentId, Size, CreateDate, ModifyDate
//	tnef.attachments           how many attachments the file holds
//
// The normalized view: the title from Subject, the author from the
// sender's name (else attFrom), created from DateSent (else
// ClientSubmitTime), modified from DateModified (else
// LastModificationTime), the last modifier's name, and InternetMessageId as an email.MessageID identifier. Legacy dates (DTR
// structures) are the sender's wall clock with no offset; MAPI times are
// FILETIMEs in UTC.
//
// Limits and judgement calls: String8 values are decoded with the
// attOemCodepage the file names (windows-1252 when it names none); an
// attribute whose checksum does not match is still read, with one problem
// counting the mismatches, as Outlook reads it; an attribute longer than
// the rest of the file, or a property set that does not parse, ends the
// reading with a problem and keeps what came before. Recipient tables,
// bodies (RTF or plain) and embedded messages (attachments of method
// "embedded message") are not read.
package tnef

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/formats/internal/winlang"
	"github.com/docprov/docprov/provenance"
)

// Signature is the first four bytes of a TNEF file (0x223E9F78, little-endian).
var Signature = []byte{0x78, 0x9F, 0x3E, 0x22}

// MaxAttribute bounds one attribute's data (an attachment's bytes).
const MaxAttribute = 64 << 20

// Format reads TNEF files. The zero value is ready to use.
type Format struct{}

var (
	_ formats.Format    = Format{}
	_ formats.Container = Format{}
)

// Name returns "tnef".
func (Format) Name() string { return "tnef" }

// Match reports whether head starts with the TNEF signature.
func (Format) Match(head []byte) bool {
	return len(head) >= 6 && string(head[:4]) == string(Signature)
}

// Extract returns the message's Record, without its attachments.
func (f Format) Extract(ctx context.Context, r io.ReaderAt, size int64) (*provenance.Record, error) {
	var rec *provenance.Record
	err := f.each(ctx, r, size, false, func(it formats.Item) error {
		if it.Record != nil && rec == nil {
			rec = it.Record
		}
		return nil
	})
	return rec, err
}

// ExtractEach emits the message's Record, then each attachment's bytes.
func (f Format) ExtractEach(ctx context.Context, r io.ReaderAt, size int64, emit func(formats.Item) error) error {
	return f.each(ctx, r, size, true, emit)
}

// Legacy attribute IDs ([MS-OXTNEF] 2.1.3.1), the low 16 bits.
const (
	attFrom             = 0x8000
	attSubject          = 0x8004
	attDateSent         = 0x8005
	attDateRecd         = 0x8006
	attMessageStatus    = 0x8007
	attMessageClass     = 0x8008
	attMessageID        = 0x8009
	attPriority         = 0x800D
	attAttachData       = 0x800F
	attAttachTitle      = 0x8010
	attAttachCreateDate = 0x8012
	attAttachModifyDate = 0x8013
	attDateModified     = 0x8020
	attAttachRenddata   = 0x9002
	attMsgProps         = 0x9003
	attAttachment       = 0x9005
	attTnefVersion      = 0x9006
	attOemCodepage      = 0x9007
)

var messageAttrNames = map[uint16]string{
	attFrom: "From", attSubject: "Subject", attDateSent: "DateSent", attDateRecd: "DateReceived",
	attMessageStatus: "MessageStatus", attMessageClass: "MessageClass", attMessageID: "MessageID",
	attPriority: "Priority", attDateModified: "DateModified", attTnefVersion: "TnefVersion",
	attOemCodepage: "OemCodepage",
}

// MAPI property IDs docprov names ([MS-OXPROPS]).
var messagePropNames = map[uint16]string{
	0x001A: "MessageClass", 0x0037: "Subject", 0x0039: "ClientSubmitTime", 0x0042: "SentRepresentingName",
	0x0C1A: "SenderName", 0x0C1F: "SenderEmailAddress", 0x0E06: "MessageDeliveryTime", 0x1035: "InternetMessageId",
	0x3007: "CreationTime", 0x3008: "LastModificationTime", 0x3FDE: "InternetCodepage", 0x3FFA: "LastModifierName",
}

var attachPropNames = map[uint16]string{
	0x3001: "DisplayName", 0x3703: "Extension", 0x3704: "Filename", 0x3707: "LongFilename",
	0x370E: "MimeTag", 0x3712: "ContentId", 0x3007: "CreationTime", 0x3008: "LastModificationTime",
}

type attachment struct {
	fields map[string]string
	data   []byte
	hasDat bool
}

func (f Format) each(ctx context.Context, r io.ReaderAt, size int64, withAtts bool, emit func(formats.Item) error) error {
	var hdr [6]byte
	if _, err := r.ReadAt(hdr[:], 0); err != nil {
		return fmt.Errorf("tnef: header: %w", formats.ErrMalformed)
	}
	if string(hdr[:4]) != string(Signature) {
		return fmt.Errorf("tnef: no TNEF signature: %w", formats.ErrMalformed)
	}
	le := binary.LittleEndian
	rec := provenance.NewRecord()
	rec.Format, rec.MIME = "tnef", "application/ms-tnef"
	fl := rec.Fields
	fl.Set("tnef.key", strconv.Itoa(int(le.Uint16(hdr[4:]))))
	cp := 1252
	var atts []*attachment
	badSums := 0
	pos := int64(6)
	for pos < size {
		if err := ctx.Err(); err != nil {
			return err
		}
		var ah [9]byte
		if n, _ := r.ReadAt(ah[:], pos); n < len(ah) {
			rec.AddProblem("attribute at byte %d: header cut short: %v", pos, formats.ErrMalformed)
			break
		}
		level, id, n := ah[0], uint16(le.Uint32(ah[1:])), int64(le.Uint32(ah[5:]))
		if n > size-pos-9-2 {
			rec.AddProblem("attribute 0x%08X at byte %d: %d bytes, more than the file holds: %v", le.Uint32(ah[1:]), pos, n, formats.ErrMalformed)
			break
		}
		if n > MaxAttribute {
			rec.AddProblem("attribute 0x%08X at byte %d: %d bytes: %v", le.Uint32(ah[1:]), pos, n, formats.ErrTooLarge)
			pos += 9 + n + 2
			continue
		}
		data := make([]byte, n+2)
		if _, err := r.ReadAt(data, pos+9); err != nil && err != io.EOF {
			return fmt.Errorf("tnef: read: %w", err)
		}
		data, sum := data[:n], le.Uint16(data[n:])
		var s uint16
		for _, b := range data {
			s += uint16(b)
		}
		if s != sum {
			badSums++
		}
		pos += 9 + n + 2

		switch {
		case level == 1 && id == attMsgProps:
			if err := readProps(data, cp, func(id uint16, v string) {
				if name, ok := messagePropNames[id]; ok {
					fl.Set("tnef.mapi."+name, v)
				}
			}, func(count int) { fl.Set("tnef.mapi.count", strconv.Itoa(count)) }); err != nil {
				rec.AddProblem("message properties: %v", err)
			}
		case level == 1:
			name, ok := messageAttrNames[id]
			if !ok {
				continue
			}
			v := attrValue(id, data, cp)
			if id == attOemCodepage && len(data) >= 4 {
				if c := int(le.Uint32(data)); winlang.Known(c) {
					cp = c
				}
			}
			fl.Set("tnef.attr."+name, v)
		case level == 2 && id == attAttachRenddata:
			atts = append(atts, &attachment{fields: map[string]string{}})
		case level == 2:
			if len(atts) == 0 {
				atts = append(atts, &attachment{fields: map[string]string{}})
			}
			a := atts[len(atts)-1]
			switch id {
			case attAttachData:
				a.data, a.hasDat = data, true
				a.fields["Size"] = strconv.Itoa(len(data))
			case attAttachTitle:
				a.fields["Title"] = attrValue(id, data, cp)
			case attAttachCreateDate:
				a.fields["CreateDate"] = attrValue(id, data, cp)
			case attAttachModifyDate:
				a.fields["ModifyDate"] = attrValue(id, data, cp)
			case attAttachment:
				if err := readProps(data, cp, func(id uint16, v string) {
					if name, ok := attachPropNames[id]; ok {
						a.fields[name] = v
					}
				}, nil); err != nil {
					rec.AddProblem("attachment %d properties: %v", len(atts), err)
				}
			}
		}
	}
	if badSums > 0 {
		rec.AddProblem("%d attributes whose checksum does not match (read anyway)", badSums)
	}
	for i, a := range atts {
		for k, v := range a.fields {
			fl.Set(fmt.Sprintf("tnef.attachment[%d].%s", i, k), v)
		}
	}
	if len(atts) > 0 {
		fl.Set("tnef.attachments", strconv.Itoa(len(atts)))
	}
	normalize(rec)
	// The Record is the whole file: its size and digest are the file's.
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(r, 0, size)); err != nil {
		return fmt.Errorf("tnef: digest: %w", err)
	}
	rec.Size, rec.SHA256 = size, hex.EncodeToString(h.Sum(nil))
	if err := emit(formats.Item{Name: "", Record: rec}); err != nil {
		return err
	}
	if !withAtts {
		return nil
	}
	parent := &provenance.Parent{Date: rec.Created}
	seen := map[string]int{}
	for i, a := range atts {
		if !a.hasDat {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		name := attachmentName(a, i, seen)
		p := *parent
		if err := emit(formats.Item{Name: "/" + name, Data: a.data, Parent: &p, MIME: a.fields["MimeTag"]}); err != nil {
			return err
		}
	}
	return nil
}

// attachmentName is the attachment's long file name, else its title,
// else "attachment-<n>"; path separators are replaced and a repeated name
// gets its index, so that each item has an address of its own.
func attachmentName(a *attachment, i int, seen map[string]int) string {
	name := ""
	for _, k := range []string{"LongFilename", "Filename", "Title"} {
		if v := strings.TrimSpace(a.fields[k]); v != "" {
			name = v
			break
		}
	}
	if name == "" {
		name = fmt.Sprintf("attachment-%d", i+1)
	}
	name = strings.NewReplacer("/", "_", "\\", "_", "#", "_").Replace(name)
	seen[name]++
	if seen[name] > 1 {
		name = fmt.Sprintf("%s~%d", name, seen[name])
	}
	return name
}

// normalize fills the Record's normalized view from its fields.
func normalize(rec *provenance.Record) {
	f := rec.Fields
	first := f.First
	rec.Title, _ = first("tnef.attr.Subject", "tnef.mapi.Subject")
	if a, _ := first("tnef.mapi.SenderName", "tnef.mapi.SentRepresentingName", "tnef.attr.From", "tnef.mapi.SenderEmailAddress"); a != "" {
		rec.Authors = []string{a}
	}
	rec.LastModifiedBy, _ = first("tnef.mapi.LastModifierName")
	if v, k := first("tnef.attr.DateSent", "tnef.mapi.ClientSubmitTime", "tnef.mapi.CreationTime"); v != "" {
		if ts, ok := parseStamp(v); ok {
			rec.Created = ts
		} else {
			rec.AddProblem("%s: unparsable date %q", k, v)
		}
	}
	if v, k := first("tnef.attr.DateModified", "tnef.mapi.LastModificationTime"); v != "" {
		if ts, ok := parseStamp(v); ok {
			rec.Modified = ts
		} else {
			rec.AddProblem("%s: unparsable date %q", k, v)
		}
	}
	if v := strings.TrimSpace(f["tnef.mapi.InternetMessageId"]); v != "" {
		rec.AddID("email.MessageID", strings.Trim(v, "<>"), "tnef.mapi.InternetMessageId")
	}
}

// parseStamp reads the two forms this package writes: RFC 3339 with an
// offset (FILETIMEs, UTC) and a wall clock without one (DTRs).
func parseStamp(s string) (provenance.Timestamp, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return provenance.At(t), true
	}
	if t, err := time.Parse("2006-01-02T15:04:05", s); err == nil {
		return provenance.Timestamp{Time: t}, true
	}
	return provenance.Timestamp{}, false
}

// attrValue renders a legacy attribute's data by its ID's type.
func attrValue(id uint16, data []byte, cp int) string {
	le := binary.LittleEndian
	switch id {
	case attDateSent, attDateRecd, attDateModified, attAttachCreateDate, attAttachModifyDate:
		// DTR: year, month, day, hour, minute, second, day of week.
		if len(data) < 12 {
			return ""
		}
		v := make([]int, 6)
		for i := range v {
			v[i] = int(le.Uint16(data[2*i:]))
		}
		if v[0] == 0 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 60 {
			return fmt.Sprintf("%d-%02d-%02d %02d:%02d:%02d", v[0], v[1], v[2], v[3], v[4], v[5])
		}
		return time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], v[5], 0, time.UTC).Format("2006-01-02T15:04:05")
	case attTnefVersion, attOemCodepage:
		if len(data) < 4 {
			return ""
		}
		if id == attTnefVersion {
			return fmt.Sprintf("0x%08X", le.Uint32(data))
		}
		return strconv.Itoa(int(le.Uint32(data)))
	case attMessageStatus:
		if len(data) < 1 {
			return ""
		}
		return fmt.Sprintf("0x%02X", data[0])
	case attPriority:
		if len(data) < 2 {
			return ""
		}
		return strconv.Itoa(int(le.Uint16(data)))
	case attFrom:
		// A TRP triple: type, length of the name and of the address, then
		// the NUL-terminated name and address.
		if len(data) < 8 {
			return ""
		}
		nameLen, addrLen := int(le.Uint16(data[4:])), int(le.Uint16(data[6:]))
		if 8+nameLen > len(data) {
			return ""
		}
		name := cString(data[8:8+nameLen], cp)
		addr := ""
		if 8+nameLen+addrLen <= len(data) {
			addr = cString(data[8+nameLen:8+nameLen+addrLen], cp)
		}
		switch {
		case name != "" && addr != "" && name != addr:
			return name + " <" + strings.TrimPrefix(addr, "SMTP:") + ">"
		case name != "":
			return name
		}
		return strings.TrimPrefix(addr, "SMTP:")
	}
	return cString(data, cp)
}

// cString decodes an ANSI string up to its first NUL.
func cString(b []byte, cp int) string {
	if i := indexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return strings.TrimSpace(winlang.DecodeCodePage(b, cp))
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// MAPI property types ([MS-OXCDATA] 2.11.1).
const (
	ptI2       = 0x0002
	ptLong     = 0x0003
	ptFloat    = 0x0004
	ptDouble   = 0x0005
	ptCurrency = 0x0006
	ptAppTime  = 0x0007
	ptError    = 0x000A
	ptBoolean  = 0x000B
	ptObject   = 0x000D
	ptI8       = 0x0014
	ptString8  = 0x001E
	ptUnicode  = 0x001F
	ptSysTime  = 0x0040
	ptCLSID    = 0x0048
	ptBinary   = 0x0102
	ptMulti    = 0x1000
)

// maxProps bounds the properties of one set.
const maxProps = 1 << 16

// readProps walks an attMsgProps/attAttachment property list ([MS-OXTNEF]
// 2.1.3.4), calling got for each single-valued property docprov can show
// as text, and count with the number of properties. It stops at the first
// property it cannot walk past, with an error wrapping ErrMalformed.
func readProps(b []byte, cp int, got func(id uint16, v string), count func(int)) error {
	le := binary.LittleEndian
	if len(b) < 4 {
		return fmt.Errorf("property count cut short: %w", formats.ErrMalformed)
	}
	n := int(le.Uint32(b))
	if n > maxProps || n < 0 {
		return fmt.Errorf("%d properties: %w", n, formats.ErrMalformed)
	}
	if count != nil {
		count(n)
	}
	p := 4
	need := func(k int) bool { return k >= 0 && p+k <= len(b) }
	pad := func(k int) int { return (k + 3) &^ 3 }
	for i := 0; i < n; i++ {
		if !need(4) {
			return fmt.Errorf("property %d of %d: cut short: %w", i+1, n, formats.ErrMalformed)
		}
		typ, id := le.Uint16(b[p:]), le.Uint16(b[p+2:])
		p += 4
		if id >= 0x8000 { // named: a GUID, a kind, an ID or a name
			if !need(20) {
				return fmt.Errorf("named property %d: cut short: %w", i+1, formats.ErrMalformed)
			}
			kind := le.Uint32(b[p+16:])
			p += 20
			switch kind {
			case 0:
				if !need(4) {
					return fmt.Errorf("named property %d: cut short: %w", i+1, formats.ErrMalformed)
				}
				p += 4
			case 1:
				if !need(4) {
					return fmt.Errorf("named property %d: cut short: %w", i+1, formats.ErrMalformed)
				}
				l := int(le.Uint32(b[p:]))
				p += 4
				if l < 0 || l > len(b) || !need(pad(l)) {
					return fmt.Errorf("named property %d: name of %d bytes: %w", i+1, l, formats.ErrMalformed)
				}
				p += pad(l)
			default:
				return fmt.Errorf("named property %d: kind %d: %w", i+1, kind, formats.ErrMalformed)
			}
		}
		base, multi := typ&^ptMulti, typ&ptMulti != 0
		values := 1
		variable := base == ptString8 || base == ptUnicode || base == ptBinary || base == ptObject
		if multi || variable {
			if !need(4) {
				return fmt.Errorf("property 0x%04X: cut short: %w", id, formats.ErrMalformed)
			}
			values = int(le.Uint32(b[p:]))
			p += 4
			if values < 0 || values > len(b) {
				return fmt.Errorf("property 0x%04X: %d values: %w", id, values, formats.ErrMalformed)
			}
		}
		for v := 0; v < values; v++ {
			var fixed int
			switch base {
			case ptI2, ptLong, ptFloat, ptError, ptBoolean:
				fixed = 4
			case ptDouble, ptCurrency, ptAppTime, ptI8, ptSysTime:
				fixed = 8
			case ptCLSID:
				fixed = 16
			case ptString8, ptUnicode, ptBinary, ptObject:
				if !need(4) {
					return fmt.Errorf("property 0x%04X: cut short: %w", id, formats.ErrMalformed)
				}
				l := int(le.Uint32(b[p:]))
				p += 4
				if l < 0 || l > len(b) || !need(pad(l)) {
					return fmt.Errorf("property 0x%04X: value of %d bytes: %w", id, l, formats.ErrMalformed)
				}
				if !multi && values == 1 {
					switch base {
					case ptString8:
						got(id, cString(b[p:p+l], cp))
					case ptUnicode:
						got(id, utf16String(b[p:p+l]))
					}
				}
				p += pad(l)
				continue
			default:
				return fmt.Errorf("property 0x%04X: type 0x%04X: %w", id, typ, formats.ErrMalformed)
			}
			if !need(fixed) {
				return fmt.Errorf("property 0x%04X: cut short: %w", id, formats.ErrMalformed)
			}
			if !multi {
				switch base {
				case ptLong:
					got(id, strconv.Itoa(int(int32(le.Uint32(b[p:])))))
				case ptSysTime:
					got(id, filetime(le.Uint64(b[p:])))
				}
			}
			p += fixed
		}
	}
	return nil
}

// filetime renders a FILETIME (100 ns since 1601, UTC) as RFC 3339 to the
// second, or "" for zero.
func filetime(v uint64) string {
	const epoch = 116444736000000000 // 1970-01-01 in FILETIME ticks
	if v == 0 || v > math.MaxInt64 {
		return ""
	}
	t := time.Unix((int64(v)-epoch)/1e7, 0).UTC()
	if t.Year() > 9999 {
		return ""
	}
	return t.Format(time.RFC3339)
}

// utf16String decodes UTF-16LE up to its first NUL.
func utf16String(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		c := binary.LittleEndian.Uint16(b[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return strings.TrimSpace(string(utf16.Decode(u)))
}
