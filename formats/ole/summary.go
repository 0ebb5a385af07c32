package ole

import (
	"context"
	"encoding/binary"
	"fmt"
	"github.com/docprov/docprov/formats/internal/winlang"
	"strconv"
	"strings"
	"time"

	"github.com/docprov/docprov/provenance"
)

// FMTIDs of the property sets Office writes.
const (
	fmtidSummary     = "F29F85E0-4FF9-1068-AB91-08002B27B3D9"
	fmtidDocSummary  = "D5CDD502-2E9C-101B-9397-08002B2CF9AE"
	fmtidUserDefined = "D5CDD505-2E9C-101B-9397-08002B2CF9AE"
)

// Property names of SummaryInformation ([MS-OLEPS] 2.25.2, PIDSI_*).
var summaryNames = map[uint32]string{
	1: "CodePage", 2: "Title", 3: "Subject", 4: "Author", 5: "Keywords", 6: "Comments",
	7: "Template", 8: "LastAuthor", 9: "RevNumber", 10: "EditTime", 11: "LastPrinted",
	12: "CreateTime", 13: "LastSaveTime", 14: "PageCount", 15: "WordCount", 16: "CharCount",
	17: "Thumbnail", 18: "AppName", 19: "DocSecurity",
	0x80000000: "Locale", 0x80000003: "Behavior",
}

// Property names of DocumentSummaryInformation ([MS-OLEPS] 2.25.3,
// PIDDSI_*, with the Office additions of [MS-OSHARED] 2.3.3.2).
var docSummaryNames = map[uint32]string{
	1: "CodePage", 2: "Category", 3: "PresentationTarget", 4: "Bytes", 5: "Lines",
	6: "Paragraphs", 7: "Slides", 8: "Notes", 9: "HiddenSlides", 10: "MMClips",
	11: "ScaleCrop", 12: "HeadingPairs", 13: "TitlesOfParts", 14: "Manager", 15: "Company",
	16: "LinksUpToDate", 17: "CharCountWithSpaces", 19: "SharedDoc", 20: "LinkBase",
	21: "HLinks", 22: "HyperlinksChanged", 23: "AppVersion", 24: "DigSig",
	26: "ContentType", 27: "ContentStatus", 28: "Language", 29: "DocVersion",
	0x80000000: "Locale", 0x80000003: "Behavior",
}

var osKinds = map[uint16]string{0: "Win16", 1: "Macintosh", 2: "Win32"}

// maxPropertySets bounds how many property set streams are read, embedded
// objects included.
const maxPropertySets = 256

// readPropertySets reads SummaryInformation, DocumentSummaryInformation
// (with its user-defined section) and any other property set, at the root
// and in the storages of embedded objects. An embedded object's sets are
// the claims of another document (a chart, a pasted sheet) and go under
// "ole.embedded[<storage>]." so that they never mix with the file's own.
func readPropertySets(ctx context.Context, rec *provenance.Record, c container) {
	done := 0
	for _, e := range c.entries() {
		dir, name := "", e.path
		if i := strings.LastIndex(e.path, "/"); i >= 0 {
			dir, name = e.path[:i], e.path[i+1:]
		}
		if e.storage || !strings.HasPrefix(name, "\x05") {
			continue
		}
		if ctx.Err() != nil || done >= maxPropertySets {
			return
		}
		done++
		b, err := c.read(e.path, maxPropertySet)
		if err != nil {
			rec.AddProblem("%s: %v", printable(e.path), err)
		}
		if e.size > maxPropertySet {
			rec.AddProblem("%s: %d bytes, only the first %d read", printable(e.path), e.size, maxPropertySet)
		}
		if len(b) == 0 {
			continue
		}
		ps, perr := ParsePropertySet(b)
		if perr != nil {
			rec.AddProblem("%s: %v", printable(e.path), perr)
		}
		if ps == nil {
			continue
		}
		base := "ole."
		if dir != "" {
			base = "ole.embedded[" + printable(dir) + "]."
		}
		var prefix string
		switch name {
		case "\x05SummaryInformation":
			prefix = base + "summary."
		case "\x05DocumentSummaryInformation":
			prefix = base + "docsummary."
		default:
			prefix = base + "propset[" + printable(name) + "]."
		}
		f := rec.Fields
		if k, ok := osKinds[ps.OSKind]; ok {
			f.Set(prefix+"OS", k+" "+ps.OSVersion)
		} else {
			f.Set(prefix+"OS", fmt.Sprintf("kind %d %s", ps.OSKind, ps.OSVersion))
		}
		if !zeroGUID(ps.CLSID) {
			f.Set(prefix+"CLSID", "{"+ps.CLSID+"}")
		}
		for _, sec := range ps.Sections {
			switch {
			case sec.FMTID == fmtidSummary:
				setSection(rec, prefix, sec, summaryNames)
			case sec.FMTID == fmtidDocSummary:
				setSection(rec, prefix, sec, docSummaryNames)
			case sec.FMTID == fmtidUserDefined:
				setCustom(rec, base, sec, dir == "")
			default:
				setSection(rec, prefix+"{"+sec.FMTID+"}.", sec, nil)
			}
		}
	}
}

// setSection writes the properties of a section under prefix, named from
// names (or by number when the ID has no name).
func setSection(rec *provenance.Record, prefix string, sec *Section, names map[uint32]string) {
	f := rec.Fields
	for _, p := range sec.Properties {
		name, ok := names[p.ID]
		if !ok {
			name = fmt.Sprintf("0x%08X", p.ID)
		}
		key := prefix + name
		switch {
		case name == "CodePage":
			if sec.CodePage != 0 {
				f.Set(key, strconv.Itoa(sec.CodePage))
				f.Set(key+"Name", winlang.CodePageName(sec.CodePage))
			}
		case name == "Locale":
			if v, ok := p.Value.(uint64); ok {
				f.Set(key, fmt.Sprintf("0x%04X", v))
				f.Set(key+"Tag", winlang.LCIDTag(uint32(v)))
			}
		case name == "EditTime":
			// A duration stored as a FILETIME: ticks of 100 ns.
			if ft, ok := p.Value.(Filetime); ok {
				f.Set(key, strconv.FormatInt(ft.Duration(), 10))
			} else {
				f.Set(key, FormatValue(p.Value))
			}
		case name == "AppVersion":
			// High word major, low word build: 0x000B0000 + 8417 is Office
			// 11 (2003) build 8417, written "11.8417" as ExifTool does.
			if v, ok := p.Value.(int64); ok {
				f.Set(key, fmt.Sprintf("%d.%04d", uint32(v)>>16, uint32(v)&0xFFFF))
			} else {
				f.Set(key, FormatValue(p.Value))
			}
		case name == "DocSecurity" || name == "Security":
			f.Set(key, FormatValue(p.Value))
			if v, ok := p.Value.(int64); ok {
				f.Set(key+"Flags", securityFlags(v))
			}
		default:
			setValue(f, key, p.Value)
		}
	}
}

// setValue writes a value, a vector as one item per index.
func setValue(f provenance.Fields, key string, v any) {
	if items, ok := v.([]any); ok {
		for i, it := range items {
			f.Set(key+"["+strconv.Itoa(i)+"]", FormatValue(it))
		}
		return
	}
	f.Set(key, FormatValue(v))
}

func securityFlags(v int64) string {
	var out []string
	for bit, name := range []string{"password-protected", "read-only-recommended", "read-only-enforced", "locked-for-annotations"} {
		if v&(1<<bit) != 0 {
			out = append(out, name)
		}
	}
	return strings.Join(out, ",")
}

// setCustom writes the user-defined properties: each by its name from the
// dictionary, with its type, so that a value typed as a date and one typed
// as text stay apart. The hyperlinks Office keeps here (_PID_HLINKS) and
// the hyperlink base (_PID_LINKBASE) are decoded.
func setCustom(rec *provenance.Record, base string, sec *Section, root bool) {
	f := rec.Fields
	if sec.CodePage != 0 {
		f.Set(base+"custom.CodePage", strconv.Itoa(sec.CodePage))
	}
	for _, p := range sec.Properties {
		if p.ID == 1 || p.ID&0x80000000 != 0 {
			continue // code page, locale and behaviour are not user properties
		}
		name, ok := sec.Dictionary[p.ID]
		if !ok || name == "" {
			name = fmt.Sprintf("0x%08X", p.ID)
		}
		key := base + "custom." + name
		f.Set(key+".type", TypeName(p.Type))
		switch name {
		case "_PID_GUID":
			// The GUID Office gives a document when it is first saved
			// with hyperlinks or a routing slip, kept through copies.
			if b, ok := p.Value.(Blob); ok {
				f.Set(key, decodeUTF16(b))
				if root {
					rec.AddID("ole.PID_GUID", f[key], key)
				}
				continue
			}
		case "_PID_LINKBASE":
			if b, ok := p.Value.(Blob); ok {
				f.Set(key, decodeUTF16(b))
				continue
			}
		case "_PID_HLINKS":
			if b, ok := p.Value.(Blob); ok {
				for i, l := range hyperlinks(b) {
					f.Set(base+"links["+strconv.Itoa(i)+"]", l)
				}
				f.Set(key, FormatValue(p.Value))
				continue
			}
		}
		setValue(f, key, p.Value)
	}
}

// hyperlinks decodes the _PID_HLINKS blob ([MS-OSHARED] 2.3.3.1.18): a
// vector of six-value groups (hash, app, office art, info, link, location)
// whose fifth and sixth values are the target and the sub-address.
func hyperlinks(b []byte) []string {
	if len(b) < 4 {
		return nil
	}
	n := int(binary.LittleEndian.Uint32(b))
	pos := int64(4)
	var vals []any
	for i := 0; i < n && i < maxVectorItems; i++ {
		p, next, err := readTyped(b, pos, winlang.CPUTF16, maxDepth)
		if err != nil {
			break
		}
		vals = append(vals, p.Value)
		pos = next
		for pos < int64(len(b)) && pos%4 != 0 && b[pos] == 0 {
			pos++
		}
	}
	var out []string
	for i := 0; i+5 < len(vals); i += 6 {
		target, _ := vals[i+4].(string)
		loc, _ := vals[i+5].(string)
		l := target
		if loc != "" {
			l += "#" + loc
		}
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// compObjCodePage is the code page of the CompObj stream's ANSI strings:
// the writer's ANSI code page, which Office also gives the property sets
// (SummaryInformation, then DocumentSummaryInformation) and a workbook its
// BIFF CODEPAGE record; a Chinese Excel writes "Microsoft Excel 工作表" in
// code page 936. It returns 0, for decodeCodePage's UTF-8-else-windows-1252
// guess, when none of them names an ANSI code page: UTF-16 (1200, as BIFF8
// and WPS write) says the property strings are Unicode, and UTF-8 (65001,
// as LibreOffice writes) is no ANSI code page either, LibreOffice's
// CompObj being ASCII; neither says which code page CompObj used.
func compObjCodePage(f provenance.Fields) int {
	for _, k := range []string{"ole.summary.CodePage", "ole.docsummary.CodePage", "ole.excel.CodePage"} {
		cp, err := strconv.Atoi(f[k])
		if err != nil || cp == winlang.CPUTF16 || cp == winlang.CPUTF16BE || cp == winlang.CPUTF8 {
			continue
		}
		if winlang.Known(cp) {
			return cp
		}
	}
	return 0
}

// setTime writes a time of the directory in RFC 3339, UTC.
func setTime(f provenance.Fields, key string, t time.Time) {
	if !t.IsZero() {
		f.Set(key, t.UTC().Format(time.RFC3339Nano))
	}
}

// readCompObj reads the "\x01CompObj" stream ([MS-OLEDS] 2.3.8): the user
// type ("Microsoft Word-Dokument" names the UI language of the writer),
// clipboard format and ProgID of the application that wrote the file. Its
// strings are in the writer's ANSI code page (see compObjCodePage), so it
// runs after the property sets and the format's own stream are read.
func readCompObj(_ context.Context, rec *provenance.Record, c container) {
	b, err := c.read("\x01CompObj", maxSmallStream)
	if err != nil || len(b) < 28 {
		return
	}
	le := binary.LittleEndian
	pos := 28
	cp := compObjCodePage(rec.Fields)
	ansi := func() (string, bool) {
		if pos+4 > len(b) {
			return "", false
		}
		n := int(le.Uint32(b[pos:]))
		pos += 4
		if n < 0 || n > len(b)-pos {
			return "", false
		}
		s := winlang.DecodeCodePage(b[pos:pos+n], cp)
		pos += n
		return s, true
	}
	f := rec.Fields
	userType, ok := ansi()
	if !ok {
		rec.AddProblem("\\x01CompObj: truncated")
		return
	}
	f.Set("ole.compobj.UserType", userType)
	if pos+4 > len(b) {
		return
	}
	marker := le.Uint32(b[pos:])
	switch marker {
	case 0:
		pos += 4
	case 0xFFFFFFFF, 0xFFFFFFFE:
		if pos+8 > len(b) {
			return
		}
		f.Set("ole.compobj.ClipboardFormat", fmt.Sprintf("%d", le.Uint32(b[pos+4:])))
		pos += 8
	default:
		cf, ok := ansi()
		if !ok {
			return
		}
		f.Set("ole.compobj.ClipboardFormat", cf)
	}
	if pos+4 > len(b) {
		return
	}
	// The field [MS-OLEDS] calls Reserved1 holds the ProgID in practice.
	if n := le.Uint32(b[pos:]); n > 0 && n < 0x100 {
		if progID, ok := ansi(); ok {
			f.Set("ole.compobj.ProgID", progID)
		}
	}
}
