package provenance

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// SchemaVersion is the version of the Record's JSON encoding. Adding a key
// keeps the version; renaming a key or changing its meaning bumps it.
const SchemaVersion = 1

// A Record is everything docprov read about one document's provenance, in
// two views.
//
// Fields is the evidence: every raw metadata item the extractor found, keyed
// by where it was found ("pdf.info.Producer", "pdf.xmp.xmpMM:DocumentID",
// "pdf.trailer.ID[0]") with its value as text.
//
// The other fields are the normalized view that checks read: the document's
// own claims about who made it, when and with what, taken from the first
// source that has a value (for a PDF, the Info dictionary before XMP). Every
// other source's value stays in Fields, because a disagreement between
// sources is itself evidence.
//
// A Record marshals to JSON as schema 1 (see SchemaVersion): snake_case
// keys, empty values left out, times in RFC 3339 with the file's own offset.
type Record struct {
	Schema int    `json:"schema"`
	Path   string `json:"path"`

	// PathBytes holds the exact bytes of a path that is not valid UTF-8
	// (JSON writes them in base64); Path is then its printable form, each
	// byte that is not UTF-8 written \xNN and each backslash \\ (see
	// docprov.EscapePath). Empty for a UTF-8 path, which Path holds as is.
	PathBytes []byte `json:"path_bytes,omitempty"`

	Format string `json:"format,omitempty"` // short name: "pdf", "docx", "jpeg" …
	MIME   string `json:"mime,omitempty"`
	Size   int64  `json:"size,omitempty"`
	SHA256 string `json:"sha256,omitempty"`

	Title       string   `json:"title,omitempty"`
	Subject     string   `json:"subject,omitempty"`
	Keywords    string   `json:"keywords,omitempty"`
	Description string   `json:"description,omitempty"`
	Authors     []string `json:"authors,omitempty"`
	// LastModifiedBy is the user name recorded at the last save.
	LastModifiedBy string   `json:"last_modified_by,omitempty"`
	Company        string   `json:"company,omitempty"`
	Manager        string   `json:"manager,omitempty"`
	Template       string   `json:"template,omitempty"`
	Languages      []string `json:"languages,omitempty"` // BCP 47 tags: "fr-FR"
	Revision       string   `json:"revision,omitempty"`
	// EditTimeSeconds is the total editing time the document claims.
	EditTimeSeconds int64 `json:"edit_time_s,omitempty"`

	Created      Timestamp `json:"created,omitzero"`
	Modified     Timestamp `json:"modified,omitzero"`
	Printed      Timestamp `json:"printed,omitzero"`
	MetadataDate Timestamp `json:"metadata_date,omitzero"`

	Software []Software   `json:"software,omitempty"`
	IDs      []Identifier `json:"ids,omitempty"`
	Camera   *Camera      `json:"camera,omitempty"`
	GPS      *GPS         `json:"gps,omitempty"`

	// Email, DKIM and Parent are set for messages and for what they carry.
	Email  *Email       `json:"email,omitempty"`
	DKIM   []DKIMResult `json:"dkim,omitempty"`
	Parent *Parent      `json:"parent,omitempty"`

	Fields Fields `json:"fields,omitempty"`
	// Problems lists what could not be read, each naming the part and the
	// reason. A Record with problems is still evidence: it holds what was
	// readable.
	Problems []string `json:"problems,omitempty"`
}

// NewRecord returns an empty Record of the current schema with Fields ready
// to be set.
func NewRecord() *Record {
	// Most documents give dozens of fields: room for them up front saves
	// the map's regrowth.
	return &Record{Schema: SchemaVersion, Fields: make(Fields, 64)}
}

// Role says what part a piece of software played in making a document.
type Role string

// The roles a Software can have.
const (
	RoleCreator     Role = "creator"     // the authoring application: PDF Creator, xmp:CreatorTool
	RoleProducer    Role = "producer"    // the library that wrote the file: PDF Producer
	RoleApplication Role = "application" // the OOXML/ODF/OLE application
	RoleEditor      Role = "editor"      // a later tool: XMP history, EXIF Software after a camera
	RoleDevice      Role = "device"      // camera or scanner firmware
)

// Software is one program a document says touched it.
type Software struct {
	Role     Role   `json:"role"`
	Name     string `json:"name,omitempty"`
	Version  string `json:"version,omitempty"`
	Platform string `json:"platform,omitempty"`
	Raw      string `json:"raw"`              // the string as the file wrote it
	Source   string `json:"source,omitempty"` // the Fields key it came from
}

// Inferred reports whether the entry was inferred from the file's structure
// (a producer fingerprint, Source under "<family>.fingerprint") rather than
// read from a claim the file makes. Checks compare the two.
func (s Software) Inferred() bool { return strings.Contains(s.Source, ".fingerprint") }

// NewSoftware parses raw with ParseSoftware into a Software of the given
// role, remembering the Fields key it came from.
func NewSoftware(role Role, raw, source string) Software {
	name, version, platform := ParseSoftware(raw)
	return Software{Role: role, Name: name, Version: version, Platform: platform, Raw: strings.TrimSpace(raw), Source: source}
}

// Identifier is an ID a document carries that can tie it to other documents:
// copies and derivatives of one original share some of them.
type Identifier struct {
	// Kind names the identifier's family: "pdf.trailer.ID0",
	// "xmp.DocumentID", "ooxml.rsidRoot", "exif.ImageUniqueID" …
	Kind   string `json:"kind"`
	Value  string `json:"value"`
	Source string `json:"source,omitempty"` // the Fields key it came from
}

// Camera is the device that took a photo or made a scan. The serials and
// counters come from the standard EXIF tags when the camera wrote them,
// else from its maker note (formats/image/makernote), where most cameras
// before EXIF 2.3 and many since keep them.
type Camera struct {
	Make   string `json:"make,omitempty"`
	Model  string `json:"model,omitempty"`
	Serial string `json:"serial,omitempty"` // the body's serial number
	// InternalSerial is a serial the maker keeps for itself (a board's,
	// a sensor's, a production number), not the one printed on the body;
	// it still tells one body from another.
	InternalSerial string `json:"internal_serial,omitempty"`
	Lens           string `json:"lens,omitempty"`
	LensMake       string `json:"lens_make,omitempty"`
	LensSerial     string `json:"lens_serial,omitempty"`
	// Owner is the owner name set in the camera's menu.
	Owner string `json:"owner,omitempty"`
	// ShutterCount is the shutter actuations the body had made when it
	// took the photo: photos of one body count up with their dates.
	ShutterCount int64 `json:"shutter_count,omitempty"`
}

// GPS is a recorded position in decimal degrees.
type GPS struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Fields holds raw metadata items by key. Keys are
// "<format family>.<container>.<name>", e.g. "pdf.info.Author"; items of a
// list carry an index ("pdf.xmp.dc:creator[0]").
type Fields map[string]string

// Set records a value, ignoring empty ones so that "present" always means
// "has a value". Key and value are kept as valid UTF-8, a byte that is not
// becoming U+FFFD: that is how the Record's JSON writes them, and a Record
// must be what its JSON says (a raw Latin-1 header, a mutated name).
func (f Fields) Set(key, value string) {
	if value == "" {
		return
	}
	f[strings.ToValidUTF8(key, "\uFFFD")] = strings.ToValidUTF8(value, "\uFFFD")
}

// Keys returns the keys in sorted order.
func (f Fields) Keys() []string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// WithPrefix returns the keys that start with prefix, sorted.
func (f Fields) WithPrefix(prefix string) []string {
	var keys []string
	for k := range f {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// First returns the first of keys whose value is not blank, trimmed, and
// that key; "", "" when none has one. Formats fill a normalized claim from
// the first of several places that may hold it.
func (f Fields) First(keys ...string) (value, key string) {
	for _, k := range keys {
		if v := strings.TrimSpace(f[k]); v != "" {
			return v, k
		}
	}
	return "", ""
}

// List returns the items of a list stored under key[0], key[1] …, or the
// single value stored under key itself, trimmed, blanks left out.
func (f Fields) List(key string) []string {
	if v := strings.TrimSpace(f[key]); v != "" {
		return []string{v}
	}
	var out []string
	for i := 0; ; i++ {
		v, ok := f[key+"["+strconv.Itoa(i)+"]"]
		if !ok {
			return out
		}
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
}

// AddLanguage appends a language tag unless it is blank or already listed
// (tags compare case-insensitively: "en-us" is "en-US").
func (r *Record) AddLanguage(tag string) {
	tag = strings.TrimSpace(tag)
	if tag == "" {
		return
	}
	for _, l := range r.Languages {
		if strings.EqualFold(l, tag) {
			return
		}
	}
	r.Languages = append(r.Languages, tag)
}

// AddProblem records something that could not be read.
func (r *Record) AddProblem(format string, args ...any) {
	// A problem quotes what it could not read; it is kept as valid UTF-8,
	// as Fields.Set keeps values.
	r.Problems = append(r.Problems, strings.ToValidUTF8(fmt.Sprintf(format, args...), "\uFFFD"))
}

// AddSoftware appends a parsed software entry unless raw is blank or the same
// role already has the same raw string (the same value read from two sources
// is one claim, not two).
func (r *Record) AddSoftware(role Role, raw, source string) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return
	}
	for _, s := range r.Software {
		if s.Role == role && s.Raw == raw {
			return
		}
	}
	r.Software = append(r.Software, NewSoftware(role, raw, source))
}

// AddID appends an identifier unless value is blank or the same kind and
// value is already present.
func (r *Record) AddID(kind, value, source string) {
	value = strings.TrimSpace(value)
	if value == "" {
		return
	}
	for _, id := range r.IDs {
		if id.Kind == kind && id.Value == value {
			return
		}
	}
	r.IDs = append(r.IDs, Identifier{Kind: kind, Value: value, Source: source})
}
