package image

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// IPTC-IIM (the IPTC Information Interchange Model, 1990s newswire metadata)
// is a flat list of datasets: 0x1C, record number, dataset number, a
// big-endian length and the bytes. Photoshop keeps it in resource 0x0404 of
// its image resource blocks (JPEG APP13, PSD, TIFF tag 33723). No Go
// library reads it well, so it is parsed here with the standard library.

// iptcNames are the dataset names ExifTool uses, by record and dataset.
var iptcNames = map[[2]byte]string{
	{1, 0}: "EnvelopeRecordVersion", {1, 5}: "Destination", {1, 20}: "FileFormat",
	{1, 22}: "FileVersion", {1, 30}: "ServiceIdentifier", {1, 40}: "EnvelopeNumber",
	{1, 50}: "ProductID", {1, 60}: "EnvelopePriority", {1, 70}: "DateSent",
	{1, 80}: "TimeSent", {1, 90}: "CodedCharacterSet", {1, 100}: "UniqueObjectName",
	{1, 120}: "ARMIdentifier", {1, 122}: "ARMVersion",
	{2, 0}: "ApplicationRecordVersion", {2, 3}: "ObjectTypeReference",
	{2, 4}: "ObjectAttributeReference", {2, 5}: "ObjectName", {2, 7}: "EditStatus",
	{2, 10}: "Urgency", {2, 12}: "SubjectReference", {2, 15}: "Category",
	{2, 20}: "SupplementalCategories", {2, 22}: "FixtureIdentifier", {2, 25}: "Keywords",
	{2, 26}: "ContentLocationCode", {2, 27}: "ContentLocationName", {2, 30}: "ReleaseDate",
	{2, 35}: "ReleaseTime", {2, 37}: "ExpirationDate", {2, 38}: "ExpirationTime",
	{2, 40}: "SpecialInstructions", {2, 42}: "ActionAdvised", {2, 45}: "ReferenceService",
	{2, 47}: "ReferenceDate", {2, 50}: "ReferenceNumber", {2, 55}: "DateCreated",
	{2, 60}: "TimeCreated", {2, 62}: "DigitalCreationDate", {2, 63}: "DigitalCreationTime",
	{2, 65}: "OriginatingProgram", {2, 70}: "ProgramVersion", {2, 75}: "ObjectCycle",
	{2, 80}: "By-line", {2, 85}: "By-lineTitle", {2, 90}: "City", {2, 92}: "Sub-location",
	{2, 95}: "Province-State", {2, 100}: "Country-PrimaryLocationCode",
	{2, 101}: "Country-PrimaryLocationName", {2, 103}: "OriginalTransmissionReference",
	{2, 105}: "Headline", {2, 110}: "Credit", {2, 115}: "Source", {2, 116}: "CopyrightNotice",
	{2, 118}: "Contact", {2, 120}: "Caption-Abstract", {2, 121}: "LocalCaption",
	{2, 122}: "Writer-Editor", {2, 130}: "ImageType", {2, 131}: "ImageOrientation",
	{2, 135}: "LanguageIdentifier", {2, 184}: "JobID", {2, 221}: "Prefs",
	{2, 225}: "ClassifyState", {2, 228}: "SimilarityIndex", {2, 230}: "DocumentNotes",
	{2, 231}: "DocumentHistory", {2, 232}: "ExifCameraInfo",
}

// maxIPTCDatasets bounds the datasets read from one block.
const maxIPTCDatasets = 10_000

type dataset struct {
	name  string
	value string
}

// parseIPTC decodes an IIM block into named text values, in order. Text is
// UTF-8 when the envelope's CodedCharacterSet says so (ESC % G) or the
// bytes are valid UTF-8, and Latin-1 otherwise, as ExifTool reads it.
func parseIPTC(b []byte) ([]dataset, error) {
	var out []dataset
	utf8Declared := false
	for len(b) > 0 && len(out) < maxIPTCDatasets {
		if b[0] != 0x1c {
			// Padding after the last dataset is common; anything else
			// is damage.
			if len(bytes.Trim(b, "\x00")) == 0 {
				break
			}
			return out, fmt.Errorf("iptc: bad dataset marker 0x%02x", b[0])
		}
		if len(b) < 5 {
			return out, fmt.Errorf("iptc: truncated dataset header")
		}
		rec, ds := b[1], b[2]
		n := int(binary.BigEndian.Uint16(b[3:]))
		b = b[5:]
		if n&0x8000 != 0 { // extended length: n&0x7fff bytes of length follow
			k := n & 0x7fff
			if k > 4 || len(b) < k {
				return out, fmt.Errorf("iptc: bad extended length")
			}
			n = 0
			for _, c := range b[:k] {
				n = n<<8 | int(c)
			}
			b = b[k:]
		}
		if n < 0 || n > len(b) {
			return out, fmt.Errorf("iptc: %d:%d: %d bytes past the end", rec, ds, n)
		}
		v := b[:n]
		b = b[n:]
		name := iptcNames[[2]byte{rec, ds}]
		if name == "" {
			name = fmt.Sprintf("%d:%d", rec, ds)
		}
		var text string
		switch {
		case rec == 1 && ds == 90:
			utf8Declared = bytes.Equal(v, []byte("\x1b%G"))
			text = fmt.Sprintf("%q", v)
			text = strings.Trim(text, `"`)
		case (rec == 1 || rec == 2) && ds == 0 && n == 2:
			text = strconv.Itoa(int(binary.BigEndian.Uint16(v)))
		case rec >= 7:
			text = fmt.Sprintf("(%d bytes)", n)
		default:
			text = strings.TrimRight(iptcText(v, utf8Declared), "\x00 ")
		}
		out = append(out, dataset{name, text})
	}
	return out, nil
}

func iptcText(v []byte, utf8Declared bool) string {
	if utf8Declared || utf8.Valid(v) {
		return strings.ToValidUTF8(string(v), "\uFFFD")
	}
	return latin1(v)
}

// latin1 decodes ISO 8859-1 (every byte is the code point of the same
// number).
func latin1(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

// addIPTC writes an IIM block as iptc.<Name> fields; a dataset that occurs
// more than once (Keywords, By-line) is written as a list, iptc.Keywords[0]
// and on.
func (st *state) addIPTC(b []byte, where string) {
	ds, err := parseIPTC(b)
	if err != nil {
		st.rec.AddProblem("%s: %v", where, err)
	}
	if len(ds) == 0 {
		return
	}
	if st.iptcSeen {
		return // a second copy (a thumbnail's, a duplicate resource)
	}
	st.iptcSeen = true
	count := map[string]int{}
	for _, d := range ds {
		count[d.name]++
	}
	idx := map[string]int{}
	for _, d := range ds {
		key := "iptc." + d.name
		if count[d.name] > 1 {
			key = fmt.Sprintf("%s[%d]", key, idx[d.name])
			idx[d.name]++
		}
		st.rec.Fields.Set(key, d.value)
	}
}
