package ole

import (
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/docprov/docprov/formats/internal/winlang"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// A PropertySet is one parsed [MS-OLEPS] property set stream, such as
// "\x05SummaryInformation".
type PropertySet struct {
	// Version is the stream's format version (0 or 1).
	Version uint16
	// OSKind and OSVersion come from the SystemIdentifier the writer
	// stamped: the operating system it ran on (0 Win16, 1 Macintosh,
	// 2 Win32) and that system's major.minor version. Mac Office writes 1.
	OSKind    uint16
	OSVersion string
	// CLSID is the class the set belongs to, usually all zeroes.
	CLSID    string
	Sections []*Section
}

// A Section is one section of a property set, named by its FMTID.
type Section struct {
	FMTID string
	// CodePage is the section's code page property (ID 1), by which
	// VT_LPSTR strings and dictionary names are decoded; 0 when absent.
	CodePage int
	// Dictionary maps property IDs to the names a user gave them (the
	// custom properties section has one).
	Dictionary map[uint32]string
	// Properties in the order the section lists them, without the
	// dictionary (ID 0).
	Properties []Property
}

// Property is one typed value of a section.
type Property struct {
	ID    uint32
	Type  uint16 // VT_* including the VT_VECTOR flag
	Value any    // see the value types below
}

// The Go types a Property's Value takes (besides string, int64, uint64,
// float64 and bool for the scalar types, and []any for vectors).
type (
	// Filetime is a VT_FILETIME: 100-nanosecond ticks since 1601-01-01
	// UTC. The same type carries durations (SummaryInformation's
	// EditTime), so the interpretation is the caller's.
	Filetime uint64
	// OLEDate is a VT_DATE: days since 1899-12-30, in local time of the
	// writer, with no offset.
	OLEDate float64
	// Blob is a VT_BLOB's bytes.
	Blob []byte
	// ClipboardData is a VT_CF value, such as a thumbnail.
	ClipboardData struct {
		Format int32
		Data   []byte
	}
	// CLSID is a VT_CLSID, formatted as a GUID.
	CLSID string
	// Currency is a VT_CY value in units of 1/10000.
	Currency int64
	// ErrorCode is a VT_ERROR HRESULT.
	ErrorCode uint32
)

// filetimeEpochOffset is the number of 100-ns ticks between 1601-01-01 and
// 1970-01-01.
const filetimeEpochOffset = 116444736000000000

// Time returns the instant the FILETIME names, in UTC with full (100 ns)
// precision; the zero FILETIME gives the zero time.
func (f Filetime) Time() time.Time {
	if f == 0 {
		return time.Time{}
	}
	ticks := int64(f) // may be negative for absurd values: still a valid time
	if uint64(f) > math.MaxInt64 {
		ticks = math.MaxInt64
	}
	sec := ticks/1e7 - filetimeEpochOffset/1e7
	nsec := (ticks % 1e7) * 100
	return time.Unix(sec, nsec).UTC()
}

// Duration returns the FILETIME read as a span of time, as
// SummaryInformation's EditTime stores it, in whole seconds.
func (f Filetime) Duration() int64 { return int64(uint64(f) / 1e7) }

// Time returns the wall clock a VT_DATE names, with no offset.
func (d OLEDate) Time() (time.Time, bool) {
	v := float64(d)
	if math.IsNaN(v) || math.IsInf(v, 0) || v < -657434 || v > 2958465 { // years 100 to 9999
		return time.Time{}, false
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	days := math.Trunc(v)
	frac := math.Abs(v - days)
	return base.AddDate(0, 0, int(days)).Add(time.Duration(math.Round(frac*86400)) * time.Second), true
}

// VT_* types of [MS-OLEPS] 2.15.
const (
	vtEmpty           = 0x00
	vtNull            = 0x01
	vtI2              = 0x02
	vtI4              = 0x03
	vtR4              = 0x04
	vtR8              = 0x05
	vtCY              = 0x06
	vtDate            = 0x07
	vtBSTR            = 0x08
	vtError           = 0x0A
	vtBool            = 0x0B
	vtVariant         = 0x0C
	vtDecimal         = 0x0E
	vtI1              = 0x10
	vtUI1             = 0x11
	vtUI2             = 0x12
	vtUI4             = 0x13
	vtI8              = 0x14
	vtUI8             = 0x15
	vtInt             = 0x16
	vtUint            = 0x17
	vtLPSTR           = 0x1E
	vtLPWSTR          = 0x1F
	vtFiletime        = 0x40
	vtBlob            = 0x41
	vtStream          = 0x42
	vtStorage         = 0x43
	vtStreamedObject  = 0x44
	vtStoredObject    = 0x45
	vtBlobObject      = 0x46
	vtCF              = 0x47
	vtCLSID           = 0x48
	vtVersionedStream = 0x49
	vtVector          = 0x1000
	vtArray           = 0x2000
)

var vtNames = map[uint16]string{
	vtEmpty: "VT_EMPTY", vtNull: "VT_NULL", vtI2: "VT_I2", vtI4: "VT_I4", vtR4: "VT_R4",
	vtR8: "VT_R8", vtCY: "VT_CY", vtDate: "VT_DATE", vtBSTR: "VT_BSTR", vtError: "VT_ERROR",
	vtBool: "VT_BOOL", vtVariant: "VT_VARIANT", vtDecimal: "VT_DECIMAL", vtI1: "VT_I1",
	vtUI1: "VT_UI1", vtUI2: "VT_UI2", vtUI4: "VT_UI4", vtI8: "VT_I8", vtUI8: "VT_UI8",
	vtInt: "VT_INT", vtUint: "VT_UINT", vtLPSTR: "VT_LPSTR", vtLPWSTR: "VT_LPWSTR",
	vtFiletime: "VT_FILETIME", vtBlob: "VT_BLOB", vtStream: "VT_STREAM", vtStorage: "VT_STORAGE",
	vtStreamedObject: "VT_STREAMED_OBJECT", vtStoredObject: "VT_STORED_OBJECT",
	vtBlobObject: "VT_BLOB_OBJECT", vtCF: "VT_CF", vtCLSID: "VT_CLSID",
	vtVersionedStream: "VT_VERSIONED_STREAM",
}

// TypeName returns the [MS-OLEPS] name of a VT_* type, with "VT_VECTOR|"
// or "VT_ARRAY|" in front for those flags.
func TypeName(vt uint16) string {
	prefix := ""
	switch {
	case vt&vtVector != 0:
		prefix = "VT_VECTOR|"
	case vt&vtArray != 0:
		prefix = "VT_ARRAY|"
	}
	base := vt &^ (vtVector | vtArray)
	if n, ok := vtNames[base]; ok {
		return prefix + n
	}
	return prefix + fmt.Sprintf("0x%04X", base)
}

// Limits that keep a hostile property set from costing more than its size.
const (
	maxProperties  = 4096 // per section
	maxSections    = 16
	maxVectorItems = 1 << 16
	maxDepth       = 3 // VT_VARIANT nesting
)

var errShort = errors.New("truncated")

// ParsePropertySet parses a property set stream. It returns what it could
// read together with an error describing the first part it could not: a
// broken property does not hide the others.
func ParsePropertySet(b []byte) (*PropertySet, error) {
	if len(b) < 28 {
		return nil, fmt.Errorf("property set header: %w", errShort)
	}
	le := binary.LittleEndian
	if le.Uint16(b) != 0xFFFE {
		return nil, fmt.Errorf("property set: bad byte order mark 0x%04X", le.Uint16(b))
	}
	ps := &PropertySet{
		Version:   le.Uint16(b[2:]),
		OSVersion: fmt.Sprintf("%d.%d", b[4], b[5]),
		OSKind:    le.Uint16(b[6:]),
		CLSID:     guid(b[8:24]),
	}
	n := int(le.Uint32(b[24:]))
	if n > maxSections {
		return ps, fmt.Errorf("property set: %d sections", n)
	}
	var errs []error
	for i := 0; i < n; i++ {
		at := 28 + 20*i
		if at+20 > len(b) {
			errs = append(errs, fmt.Errorf("section %d header: %w", i, errShort))
			break
		}
		fmtid := guid(b[at : at+16])
		off := int64(le.Uint32(b[at+16:]))
		sec, err := parseSection(b, off)
		if sec != nil {
			sec.FMTID = fmtid
			ps.Sections = append(ps.Sections, sec)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("section %s: %w", fmtid, err))
		}
	}
	return ps, joinErrs(errs)
}

func parseSection(b []byte, off int64) (*Section, error) {
	le := binary.LittleEndian
	if off < 0 || off+8 > int64(len(b)) {
		return nil, fmt.Errorf("offset %d: %w", off, errShort)
	}
	size := int64(le.Uint32(b[off:]))
	end := off + size
	var errs []error
	if size < 8 || end > int64(len(b)) {
		// Some writers get the size wrong; read to the end of the stream
		// rather than lose the section.
		errs = append(errs, fmt.Errorf("size %d does not fit the stream (%d bytes from offset %d)", size, int64(len(b))-off, off))
		end = int64(len(b))
	}
	s := b[off:end]
	count := int(le.Uint32(s[4:]))
	if count > maxProperties || 8+8*int64(count) > int64(len(s)) {
		errs = append(errs, fmt.Errorf("%d properties do not fit the section", count))
		count = min(count, maxProperties, (len(s)-8)/8)
	}
	type entry struct {
		id  uint32
		off uint32
	}
	entries := make([]entry, 0, count)
	for i := 0; i < count; i++ {
		entries = append(entries, entry{le.Uint32(s[8+8*i:]), le.Uint32(s[12+8*i:])})
	}
	sec := &Section{}
	// The code page decides how strings and the dictionary decode, so it
	// is read first wherever it sits in the table.
	for _, e := range entries {
		if e.id != 1 {
			continue
		}
		if v, _, err := readTyped(s, int64(e.off), 0, 0); err == nil {
			switch x := v.Value.(type) {
			case int64:
				sec.CodePage = int(uint16(x)) // VT_I2: 65001 is stored as -535
			case uint64:
				sec.CodePage = int(x)
			}
		}
	}
	for _, e := range entries {
		if e.id != 0 {
			continue
		}
		d, err := readDictionary(s, int64(e.off), sec.CodePage)
		if err != nil {
			// Some writers put an ordinary typed value under ID 0
			// (seen: a VT_LPSTR template title); keep it as one.
			if p, _, terr := readTyped(s, int64(e.off), sec.CodePage, 0); terr == nil && p.Type != vtEmpty {
				sec.Properties = append(sec.Properties, p)
				continue
			}
			errs = append(errs, fmt.Errorf("dictionary: %w", err))
		}
		sec.Dictionary = d
	}
	for _, e := range entries {
		if e.id == 0 {
			continue
		}
		p, _, err := readTyped(s, int64(e.off), sec.CodePage, 0)
		if err != nil {
			errs = append(errs, fmt.Errorf("property %d: %w", e.id, err))
			continue
		}
		p.ID = e.id
		sec.Properties = append(sec.Properties, p)
	}
	return sec, joinErrs(errs)
}

// readDictionary reads a Dictionary ([MS-OLEPS] 2.17): names of property
// IDs, in the code page of the section (UTF-16 for code page 1200, where
// each name is padded to four bytes).
func readDictionary(s []byte, off int64, cp int) (map[uint32]string, error) {
	le := binary.LittleEndian
	if off < 0 || off+4 > int64(len(s)) {
		return nil, errShort
	}
	n := int64(le.Uint32(s[off:]))
	pos := off + 4
	if n > maxProperties || n*8 > int64(len(s))-pos {
		return nil, fmt.Errorf("%d entries do not fit", n)
	}
	d := make(map[uint32]string, n)
	for i := int64(0); i < n; i++ {
		if pos+8 > int64(len(s)) {
			return d, errShort
		}
		id := le.Uint32(s[pos:])
		chars := int64(le.Uint32(s[pos+4:]))
		pos += 8
		width := int64(1)
		if cp == winlang.CPUTF16 {
			width = 2
		}
		if chars < 0 || chars*width > int64(len(s))-pos {
			return d, fmt.Errorf("entry %d: %w", i, errShort)
		}
		raw := s[pos : pos+chars*width]
		pos += chars * width
		if cp == winlang.CPUTF16 {
			d[id] = decodeUTF16(raw)
			pos = align4(pos)
		} else {
			d[id] = winlang.DecodeCodePage(raw, cp)
		}
	}
	return d, nil
}

// joinErrs joins errors on one line, as a Record's problems are lines.
func joinErrs(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	return errors.New(strings.Join(msgs, "; "))
}

func align4(n int64) int64 { return (n + 3) &^ 3 }

// readTyped reads a TypedPropertyValue at off: its type and value. It
// returns the position after the value.
func readTyped(s []byte, off int64, cp int, depth int) (Property, int64, error) {
	le := binary.LittleEndian
	if off < 0 || off+4 > int64(len(s)) {
		return Property{}, off, errShort
	}
	vt := le.Uint16(s[off:])
	p := Property{Type: vt}
	pos := off + 4
	if vt&vtArray != 0 {
		return p, pos, fmt.Errorf("%s not supported", TypeName(vt))
	}
	if vt&vtVector != 0 {
		base := vt &^ vtVector
		if pos+4 > int64(len(s)) {
			return p, pos, errShort
		}
		n := int64(le.Uint32(s[pos:]))
		pos += 4
		// Every element takes at least one byte: a count beyond what is
		// left is a lie, and trusting it would allocate for nothing.
		if n > maxVectorItems || n > int64(len(s))-pos {
			return p, pos, fmt.Errorf("vector of %d items does not fit", n)
		}
		items := make([]any, 0, n)
		for i := int64(0); i < n; i++ {
			var v any
			var err error
			if base == vtVariant {
				if depth >= maxDepth {
					return p, pos, errors.New("variants nested too deep")
				}
				var q Property
				q, pos, err = readTyped(s, pos, cp, depth+1)
				v = q.Value
			} else {
				v, pos, err = readScalar(s, pos, base, cp)
			}
			if err != nil {
				p.Value = items
				return p, pos, fmt.Errorf("item %d of %s: %w", i, TypeName(vt), err)
			}
			items = append(items, v)
			// Strings in a vector are padded to four bytes by most
			// writers but not all (Excel 2000 is known not to): skip
			// padding only where it is zero bytes.
			if base == vtLPSTR || base == vtLPWSTR || base == vtBSTR || base == vtVariant {
				for pos < int64(len(s)) && pos%4 != 0 && s[pos] == 0 {
					pos++
				}
			}
		}
		p.Value = items
		return p, pos, nil
	}
	v, pos, err := readScalar(s, pos, vt, cp)
	p.Value = v
	return p, pos, err
}

// readScalar reads one value of type vt (without the VT_VECTOR flag).
func readScalar(s []byte, pos int64, vt uint16, cp int) (any, int64, error) {
	le := binary.LittleEndian
	need := func(n int64) bool { return pos >= 0 && n >= 0 && n <= int64(len(s))-pos }
	fixed := map[uint16]int64{
		vtI2: 2, vtUI2: 2, vtBool: 2, vtI1: 1, vtUI1: 1, vtI4: 4, vtInt: 4, vtUI4: 4, vtUint: 4,
		vtError: 4, vtR4: 4, vtR8: 8, vtCY: 8, vtDate: 8, vtI8: 8, vtUI8: 8, vtFiletime: 8,
		vtCLSID: 16, vtDecimal: 16,
	}
	if n, ok := fixed[vt]; ok {
		if !need(n) {
			return nil, pos, errShort
		}
		b := s[pos : pos+n]
		next := pos + n
		switch vt {
		case vtI2:
			return int64(int16(le.Uint16(b))), next, nil
		case vtUI2:
			return uint64(le.Uint16(b)), next, nil
		case vtBool:
			return le.Uint16(b) != 0, next, nil
		case vtI1:
			return int64(int8(b[0])), next, nil
		case vtUI1:
			return uint64(b[0]), next, nil
		case vtI4, vtInt:
			return int64(int32(le.Uint32(b))), next, nil
		case vtUI4, vtUint:
			return uint64(le.Uint32(b)), next, nil
		case vtError:
			return ErrorCode(le.Uint32(b)), next, nil
		case vtR4:
			return float64(math.Float32frombits(le.Uint32(b))), next, nil
		case vtR8:
			return math.Float64frombits(le.Uint64(b)), next, nil
		case vtCY:
			return Currency(int64(le.Uint64(b))), next, nil
		case vtDate:
			return OLEDate(math.Float64frombits(le.Uint64(b))), next, nil
		case vtI8:
			return int64(le.Uint64(b)), next, nil
		case vtUI8:
			return le.Uint64(b), next, nil
		case vtFiletime:
			return Filetime(le.Uint64(b)), next, nil
		case vtCLSID:
			return CLSID(guid(b)), next, nil
		case vtDecimal:
			return decimal(b), next, nil
		}
	}
	switch vt {
	case vtEmpty, vtNull:
		return nil, pos, nil
	case vtLPSTR, vtBSTR:
		if !need(4) {
			return nil, pos, errShort
		}
		n := int64(le.Uint32(s[pos:]))
		pos += 4
		if !need(n) {
			return nil, pos, errShort
		}
		raw := s[pos : pos+n]
		pos += n
		if cp == winlang.CPUTF16 {
			return decodeUTF16(raw), pos, nil
		}
		return winlang.DecodeCodePage(raw, cp), pos, nil
	case vtLPWSTR:
		if !need(4) {
			return nil, pos, errShort
		}
		n := int64(le.Uint32(s[pos:]))
		pos += 4
		if n > math.MaxInt64/4 || !need(2*n) {
			return nil, pos, errShort
		}
		raw := s[pos : pos+2*n]
		return decodeUTF16(raw), pos + 2*n, nil
	case vtBlob, vtBlobObject:
		if !need(4) {
			return nil, pos, errShort
		}
		n := int64(le.Uint32(s[pos:]))
		pos += 4
		if !need(n) {
			return nil, pos, errShort
		}
		return Blob(s[pos : pos+n]), align4(pos + n), nil
	case vtCF:
		if !need(8) {
			return nil, pos, errShort
		}
		n := int64(le.Uint32(s[pos:])) // includes the 4-byte format
		if n < 4 || !need(4+n) {
			return nil, pos, errShort
		}
		cf := ClipboardData{Format: int32(le.Uint32(s[pos+4:])), Data: s[pos+8 : pos+4+n]}
		return cf, align4(pos + 4 + n), nil
	case vtStream, vtStorage, vtStreamedObject, vtStoredObject, vtVersionedStream:
		// The value names a stream or storage beside the property set
		// (an IndirectPropertyName); keep the name.
		if !need(4) {
			return nil, pos, errShort
		}
		n := int64(le.Uint32(s[pos:]))
		pos += 4
		if vt == vtVersionedStream {
			pos += 16
		}
		if n > math.MaxInt64/4 || !need(2*n) {
			return nil, pos, errShort
		}
		if cp == winlang.CPUTF16 || vt == vtVersionedStream {
			return decodeUTF16(s[pos : pos+2*n]), pos + 2*n, nil
		}
		return winlang.DecodeCodePage(s[pos:pos+n], cp), pos + n, nil
	}
	return nil, pos, fmt.Errorf("unknown type %s", TypeName(vt))
}

// decimal formats a VT_DECIMAL (wReserved, scale, sign, Hi32, Lo64).
func decimal(b []byte) string {
	le := binary.LittleEndian
	scale := int(b[2])
	neg := b[3]&0x80 != 0
	hi := uint64(le.Uint32(b[4:]))
	lo := le.Uint64(b[8:])
	var digits string
	if hi == 0 {
		digits = strconv.FormatUint(lo, 10)
	} else {
		digits = fmt.Sprintf("%d*2^64+%d", hi, lo) // beyond 64 bits: rare, keep exact parts
		scale = 0
	}
	if scale > 0 && scale < 29 {
		for len(digits) <= scale {
			digits = "0" + digits
		}
		digits = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if neg {
		digits = "-" + digits
	}
	return digits
}

func decodeUTF16(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		c := binary.LittleEndian.Uint16(b[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}

// guid formats 16 bytes as a GUID in the registry's form.
func guid(b []byte) string {
	le := binary.LittleEndian
	return fmt.Sprintf("%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X",
		le.Uint32(b), le.Uint16(b[4:]), le.Uint16(b[6:]), b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])
}

// FormatValue renders a property value as Fields text: times in RFC 3339
// (UTC for FILETIMEs, no offset for VT_DATE), numbers in decimal, booleans
// as true/false, blobs and clipboard data by size, vectors joined by "; ".
func FormatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case Filetime:
		t := x.Time()
		if t.IsZero() {
			return ""
		}
		return t.Format(time.RFC3339Nano)
	case OLEDate:
		t, ok := x.Time()
		if !ok {
			return strconv.FormatFloat(float64(x), 'g', -1, 64)
		}
		return t.Format("2006-01-02T15:04:05")
	case Currency:
		return strconv.FormatFloat(float64(x)/10000, 'f', -1, 64)
	case ErrorCode:
		return fmt.Sprintf("0x%08X", uint32(x))
	case CLSID:
		return "{" + string(x) + "}"
	case Blob:
		return fmt.Sprintf("(%d bytes)", len(x))
	case ClipboardData:
		return fmt.Sprintf("(clipboard format %d, %d bytes)", x.Format, len(x.Data))
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = FormatValue(e)
		}
		return strings.Join(parts, "; ")
	}
	return fmt.Sprint(v)
}
