package provenance

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The Fields keys that checks read and format packages write are declared
// here, once, so that a format cannot be silently skipped by a check that
// looks for another spelling: formats set these keys, checks read them.

// KeyContentDigest is the SHA-256 of a document's content, normalized by
// its format (the visible text of an Office document, the decoded page
// content streams of a PDF), set only when there is content. Two
// documents with the same digest show the same content however their
// bytes differ; a document that shares an identifier with another but not
// its content digest is a different document that inherited the
// identifier (Save As) or an edited copy.
const KeyContentDigest = "content.sha256"

// KeyContentChars is the number of characters a text digest hashed; a
// digest of a few characters ties unrelated documents together by chance
// ("Total", a date), so checks ignore digests of fewer than
// minDigestChars.
const KeyContentChars = "content.chars"

const minDigestChars = 20

// contentDigest returns r's content digest, or "" when it has none or one
// of too short a text to tell documents apart.
func contentDigest(r *Record) string {
	if n, err := strconv.Atoi(r.Fields[KeyContentChars]); err == nil && n < minDigestChars {
		return ""
	}
	return r.Fields[KeyContentDigest]
}

// Keys of the PDF structure that the editing checks read.
const (
	KeyPDFRevisions       = "pdf.revisions"
	KeyPDFSignatures      = "pdf.signatures"
	KeyPDFTrailerID0      = "pdf.trailer.ID[0]"
	KeyPDFTrailerID1      = "pdf.trailer.ID[1]"
	KeyPDFLinearized      = "pdf.linearized"
	KeyPDFLinearizedBad   = "pdf.linearized.length_mismatch"
	KeyPDFLinearizedLen   = "pdf.linearized.length"
	KeyPDFSignaturePrefix = "pdf.signature["
	KeyPDFRevisionPrefix  = "pdf.revision["
	KeyPDFFontPrefix      = "pdf.font["
)

// pdfSave is the Fields key prefix of the save formats/pdf restored as
// number i ("pdf.revision[2].").
func pdfSave(i int) string { return KeyPDFRevisionPrefix + strconv.Itoa(i) + "]." }

// pdfSaves counts the saves formats/pdf restored: pdf.revision[i].end for
// i from 0.
func pdfSaves(f Fields) int {
	n := 0
	for {
		if _, ok := f[pdfSave(n)+"end"]; !ok {
			return n
		}
		n++
	}
}

// Keys of the PDF structural fingerprint (formats/pdf) that checks read
// beside the inferred producer: the family whose traces survive a rewrite
// by another program, and the program that wrote the last incremental
// update.
const (
	KeyPDFFingerprintProducer = "pdf.fingerprint.producer"
	KeyPDFFingerprintOriginal = "pdf.fingerprint.original"
	KeyPDFFingerprintUpdater  = "pdf.fingerprint.updater"
)

// KeyWordSavedOffset is the UTC offset of the clock that last saved a Word
// 97 document, as formats/ole reads it from the document's own two records
// of that save (local in its DOP, UTC in its FIB or SummaryInformation):
// the only offset a .doc carries.
const KeyWordSavedOffset = "ole.word.savedUTCOffset"

// fontPrefixes are the Fields prefixes under which formats list the fonts
// a document uses or declares (a PDF's as "ABCDEF+Name (Type, embedded)",
// others as names), and defaultFontKeys the keys of the font its default
// style names: which fonts a machine has, and which one its template
// starts with, are habits of an organisation's installations.
var (
	fontPrefixes    = [...]string{"pdf.font[", "ooxml.fontTable.font[", "odf.font[", "rtf.font[", "ole.excel.font[", "ole.word.font[", "ooxml.styles.font["}
	defaultFontKeys = [...]string{"ooxml.styles.rFonts.ascii", "odf.styles.default-font", "rtf.font.default", "ole.excel.font[0]", "ooxml.styles.font[0]"}
)

// documentKinds names, for the formats that one office may save the same
// kind of document in, that kind: an office that moves its letters from
// .doc to .docx, or its sheets from .xls to .ods, changes the format of
// one kind of document. A new format of one of these kinds adds itself.
var documentKinds = map[string]string{
	"doc": "text", "docx": "text", "docm": "text", "dotx": "text", "odt": "text", "fodt": "text", "rtf": "text",
	"xls": "sheet", "xlsx": "sheet", "xlsm": "sheet", "ods": "sheet", "fods": "sheet",
	"ppt": "slides", "pptx": "slides", "pptm": "slides", "odp": "slides", "fodp": "slides",
}

// kindFormatPrefix is the Adoption key prefix of the formats r's kind of
// document is saved in ("format@text="; r's own key appends r.Format), or
// "" for a format of no such kind.
func kindFormatPrefix(r *Record) string {
	if kind := documentKinds[r.Format]; kind != "" {
		return "format@" + kind + "="
	}
	return ""
}

// numberFormatPrefixes are the Fields prefixes under which spreadsheets
// list the number formats they define, in the notation of the saving
// program's locale: its date separators (a "/" escaped where the locale
// writes dates with "."), its currency's locale ID ("[$€-C0A]").
var numberFormatPrefixes = [...]string{"ooxml.styles.numFmt[", "ole.excel.numFmt["}

// defaultLanguageKeys are, per format family, the keys of the languages a
// document's default style names for Western, Asian and complex scripts:
// the program fills them from the installation's locale (LibreOffice's
// default CTL language is the machine's, hi-IN in a Spanish office and
// ar-EG in a Cairo one), so they are a habit of an organisation's
// installations that a document's own language does not show.
var defaultLanguageKeys = [...][]string{
	{"odf.lang.default"},
	{"ooxml.styles.lang.val", "ooxml.styles.lang.eastAsia", "ooxml.styles.lang.bidi"},
	{"rtf.header.deflangTag", "rtf.header.deflangfeTag", "rtf.header.adeflangTag"},
	{"ole.word.style.lidTag", "ole.word.style.lidFETag", "ole.word.style.lidBiTag"},
	// A workbook has no default style language: its Country record
	// holds the installation's country, which Excel and Calc fill from
	// the locale.
	{"ole.excel.Country.iCountryDef", "ole.excel.Country.iCountryWinIni"},
}

// KeyImageEXIFDimensionsMatch is "false" when a picture's size is not the
// size its EXIF records (formats/image): cropped or resized by a program
// that kept the camera's EXIF.
const KeyImageEXIFDimensionsMatch = "image.exif_dimensions_match"

// KeyFirmwareBuilt is the month ("2022-01") a device's firmware was
// built, when its version says so (formats/image: a Samsung phone's build
// code): no photo taken with it is older.
const KeyFirmwareBuilt = "image.firmware_built"

// Keys of a C2PA manifest store (formats/c2pa), which the c2pa check
// reads: the validation's outcome (trusted, valid, invalid, unsupported,
// malformed, remote), the trust verdict, the failure codes of the active
// manifest, whether an ingredient's manifest failed, the claim generator,
// the signer, the time-stamp's signing time, a remote manifest's URL, and
// the IPTC digital source types and actions the manifest declares.
const (
	KeyC2PAContainer               = "c2pa.container"
	KeyC2PAValidation              = "c2pa.validation"
	KeyC2PATrust                   = "c2pa.trust"
	KeyC2PAFailures                = "c2pa.failures"
	KeyC2PAIngredientsInvalid      = "c2pa.ingredients_invalid"
	KeyC2PAClaimGenerator          = "c2pa.claim_generator"
	KeyC2PASigner                  = "c2pa.signature.subject"
	KeyC2PASigningTime             = "c2pa.signature.time"
	KeyC2PARemote                  = "c2pa.remote_manifest"
	KeyC2PADigitalSourceTypePrefix = "c2pa.digital_source_type["
	KeyC2PAActionPrefix            = "c2pa.action["
)

// Identifier kinds of a C2PA manifest: the active manifest's label names
// one signed asset (copies carry it; a derivative gets its own and keeps
// the parent's as an ingredient's), and so does the claim's instance ID.
const (
	KindC2PAManifest   = "c2pa.manifest"
	KindC2PAInstanceID = "c2pa.instanceID"
)

// KeyMakerNotePrefix is where formats/image writes the tags of a photo's
// maker note: makernote.<maker>.<TagName>, with the maker in lower case
// ("canon", "nikon", "apple" …) and ExifTool's tag names.
const KeyMakerNotePrefix = "makernote."

// packageEntryPrefixes are the Fields prefixes under which ZIP-based
// formats list their entries ("…entry[i]", with ".method" and ".flags"):
// how a program writes its ZIP container is its habit, and a tool that
// rewrites the package (Python's zipfile, a zip utility) writes its own.
var packageEntryPrefixes = [...]string{"ooxml.zip.entry[", "odf.zip.entry["}

// sessionIDKinds are the identifiers of the editing session that created a
// document's first version (a docx's w:rsidRoot, an ODF RsidRoot): a
// document made from a template inherits the template's, so documents
// that each name a template may share one without one being made from the
// other (templates made in one session share it too).
var sessionIDKinds = map[string]bool{"ooxml.rsidRoot": true, "odf.rsidRoot": true}

// familyPrefixes name the families of formats that share one metadata
// schema and one writer across file types: OpenDocument text, sheets and
// slides (meta.xml), Office Open XML (docProps), legacy Office (OLE
// property sets). A family's documents are compared together where a
// single format has too few (see populationKeys): the fields LibreOffice
// writes in meta.xml, and how it zips a package, are the same in an .odt
// and an .ods. A format of a new family adds its prefix here.
var familyPrefixes = [...]struct{ prefix, family string }{
	{"odf.", "odf"}, {"ooxml.", "ooxml"}, {"ole.", "ole"},
}

// formatFamily returns the family of r's format, or "" for a format that
// is a family of its own (PDF, JPEG, email).
func formatFamily(r *Record) string {
	for _, f := range familyPrefixes {
		if len(r.Fields.WithPrefix(f.prefix)) > 0 {
			if f.family == r.Format {
				return ""
			}
			return f.family
		}
	}
	return ""
}

// Keys of a photo's clocks: the camera's wall clock, its declared offset,
// and the satellites' UTC time.
const (
	KeyEXIFDateTimeOriginal   = "exif.ExifIFD.DateTimeOriginal"
	KeyEXIFOffsetTimeOriginal = "exif.ExifIFD.OffsetTimeOriginal"
	KeyEXIFGPSDateTime        = "exif.gps.datetime"
)

// metadataPrefixes are the Fields prefixes under which formats record
// what a person or program wrote about a document, as opposed to its
// structure: only these fields' absence can mean scrubbing, and only their
// unexpected presence can mean a metadata editor added them. A new format
// adds its prefixes here.
var metadataPrefixes = [...]string{
	"pdf.info.", "pdf.xmp.", "ooxml.core.", "ooxml.app.", "ooxml.custom.", "ole.summary.", "ole.docsummary.",
	"odf.meta.", "exif.IFD0.", "exif.ExifIFD.", "xmp.", "iptc.", "png.text.", "rtf.info.", "email.header.",
	"tnef.attr.", "tnef.mapi.", "c2pa.",
}

// timeSources lists, per normalized time, the Fields keys formats fill it
// from, in SCHEMA.md's order of sources: findings about a time name the
// key it came from.
var timeSources = map[string][]string{
	"created": {"pdf.info.CreationDate", "pdf.xmp.xmp:CreateDate", "ooxml.core.dcterms:created", "ole.summary.CreateTime",
		"odf.meta.meta:creation-date", "exif.ExifIFD.DateTimeOriginal", "exif.ExifIFD.DateTimeDigitized",
		"xmp.xmp:CreateDate", "xmp.photoshop:DateCreated", "iptc.DateCreated", "png.text.Creation Time", "png.text.creation_time",
		"rtf.info.creatim", "email.header.Date", "tnef.attr.DateSent", "tnef.mapi.ClientSubmitTime", "tnef.mapi.CreationTime"},
	"modified": {"pdf.info.ModDate", "pdf.xmp.xmp:ModifyDate", "ooxml.core.dcterms:modified", "ole.summary.LastSaveTime",
		"odf.meta.dc:date", "exif.IFD0.DateTime", "xmp.xmp:ModifyDate", "png.tIME", "png.text.Modify Time",
		"rtf.info.revtim", "tnef.attr.DateModified", "tnef.mapi.LastModificationTime"},
	"printed":       {"ooxml.core.cp:lastPrinted", "ole.summary.LastPrinted", "odf.meta.meta:print-date", "rtf.info.printim"},
	"metadata_date": {"pdf.xmp.xmp:MetadataDate", "xmp.xmp:MetadataDate"},
}

// packageTimePrefixes are the Fields prefixes of ZIP entry times, which
// the programs that store real ones write at the time of the save.
var packageTimePrefixes = [...]string{"ooxml.zip.mtime[", "odf.zip.mtime["}

// identifierKinds lists every kind of identifier the formats record, and
// whether it ties a copy to its original: indexed kinds are what baselines
// index and families group. Others identify a device (a camera's serial
// number: every photo of one camera shares it), a save (a trailer's second
// half), or a part of a document that templates repeat. A format that
// records a new kind adds it here; TestIdentifierKindsAreDeclared fails
// until it does.
var identifierKinds = map[string]bool{
	"pdf.trailer.ID0":           true,
	"pdf.trailer.ID1":           false,
	"xmp.DocumentID":            true,
	"xmp.OriginalDocumentID":    true,
	"xmp.InstanceID":            true,
	"xmp.DerivedFrom":           false,
	"xmp.DerivedFromInstance":   false,
	"xmp.ImageUniqueID":         true,
	"ooxml.rsidRoot":            true,
	"ooxml.w14.docId":           true,
	"ooxml.w15.docId":           true,
	"ooxml.workbook.documentId": true,
	"ooxml.customXml.itemID":    false,
	"ooxml.p14.creationId":      false,
	"odf.rsidRoot":              true,
	"ole.PID_GUID":              true,
	"exif.ImageUniqueID":        true,
	"exif.RawDataUniqueID":      true,
	"exif.BodySerialNumber":     false,
	// Maker-note identifiers: Canon's and Apple's per-photo IDs tie a
	// copy to its original; Apple's burst and image-group IDs are shared
	// by the different photos of one burst or capture.
	"makernote.canon.ImageUniqueID":     true,
	"makernote.apple.ContentIdentifier": true,
	"makernote.apple.PhotoIdentifier":   true,
	"makernote.apple.BurstUUID":         false,
	"makernote.apple.ImageUniqueID":     false,
	"email.MessageID":                   true,
	KindClaimedTimes:                    true,
	KindClaimedCreation:                 true,
	KindClaimedEffort:                   true,
	KindPage:                            true,
	KindCaptureSettings:                 true,
	KindC2PAManifest:                    true,
	KindC2PAInstanceID:                  true,
}

// KindPage is a PDF page's content digest (content.pages_sha256[i]) as an
// identifier: a page that another document of other content also has was
// taken from it, or it from this one (pages swapped in, a page replaced).
const KindPage = "pdf.page"

// keyPagePrefix is where formats/pdf lists each page's content digest.
const keyPagePrefix = "content.pages_sha256["

// KindClaimedTimes is an identifier docprov derives rather than reads: the
// creation and last-save times a document claims, to the second, with its
// first author. A copy keeps them, and so does an edit that did not go
// through the program that keeps them (the XML inside a package changed
// by hand, metadata restored after an edit), while a later revision or a
// Save As records a new save; unlike a template's rsid, no program writes
// the same pair into unrelated files.
const KindClaimedTimes = "claimed.times"

// KindClaimedCreation is the creation time alone, to the second, with the
// first author: what a Save As keeps and a new save does not change. A
// later revision of a document shares it with the earlier one (and keeps
// its title); a new document made by Save As from an unrelated one shares
// it too, under another title.
const KindClaimedCreation = "claimed.creation"

// KindClaimedEffort is an identifier docprov derives from what a document
// claims of the work that went into it: the time from its creation to its
// last save, to the second, its editing time and revision count, and its
// first author. Two documents written apart do not agree on all of them;
// a document whose properties were copied from another (a generator fed
// a genuine file's properties, exiftool -TagsFromFile, app.xml edited by
// hand) does, whatever dates it was moved to.
const KindClaimedEffort = "claimed.effort"

// KindCaptureSettings is an identifier docprov derives from a photo's
// EXIF: the camera, and the exposure it measured for one shot (exposure
// time, aperture, sensitivity, focal length, the sub-second of the shutter
// release, brightness, subject distance, the GPS fix and altitude, the
// maker note's shutter and image counters). Two shots of one camera seldom
// agree on all of them; a photo whose EXIF was copied from another
// (exiftool -TagsFromFile, a date-shifted duplicate) agrees on every one
// while its pixels or its dates differ. How often the organisation's own
// photos agree (a tripod series, exports of one shot) is what the
// baseline's sharing rate measures, as for every indexed kind.
const KindCaptureSettings = "exif.capture"

// captureExposureKeys are the exposure settings a capture identifier needs
// at least minCaptureExposure of, and captureFineKeys the values that change
// from shot to shot at a fine resolution, of which it needs one: without
// them a phone with a fixed lens repeats its settings in every bright
// scene.
var (
	captureExposureKeys = [...]string{
		"exif.ExifIFD.ExposureTime", "exif.ExifIFD.FNumber", "exif.ExifIFD.ISOSpeedRatings",
		"exif.ExifIFD.FocalLength", "exif.ExifIFD.ExposureBiasValue",
	}
	captureFineKeys = [...]string{
		"exif.ExifIFD.SubSecTimeOriginal", "exif.ExifIFD.BrightnessValue", "exif.ExifIFD.SubjectDistance",
		"exif.ExifIFD.ShutterSpeedValue", "exif.ExifIFD.ApertureValue",
		"exif.GPS.GPSLatitude", "exif.GPS.GPSLongitude", "exif.GPS.GPSAltitude", "exif.GPS.GPSImgDirection",
	}
	// captureCounterTags are the maker-note counters (makernote.<maker>.
	// <tag>) that count the camera's shots: one value per shot.
	captureCounterTags = [...]string{".ShutterCount", ".ImageCount"}
)

const minCaptureExposure = 3

// captureIdentifier returns r's KindCaptureSettings identifier, and false
// when its EXIF holds too few of the settings to single out one shot.
func captureIdentifier(r *Record) (Identifier, bool) {
	if r.Camera == nil || r.Camera.Model == "" {
		return Identifier{}, false
	}
	var b strings.Builder
	b.WriteString(r.Camera.Make + " " + r.Camera.Model)
	exposure, fine := 0, 0
	for _, k := range captureExposureKeys {
		if v := r.Fields[k]; v != "" {
			exposure++
			b.WriteString("; " + strings.TrimPrefix(k, "exif.ExifIFD.") + "=" + v)
		}
	}
	for _, k := range captureFineKeys {
		if v := r.Fields[k]; v != "" {
			fine++
			b.WriteString("; " + k[strings.LastIndexByte(k, '.')+1:] + "=" + v)
		}
	}
	for _, k := range r.Fields.WithPrefix("makernote.") {
		for _, tag := range captureCounterTags {
			if v := r.Fields[k]; strings.HasSuffix(k, tag) && v != "" {
				fine++
				b.WriteString("; " + k + "=" + v)
			}
		}
	}
	if exposure < minCaptureExposure || fine == 0 {
		return Identifier{}, false
	}
	return Identifier{Kind: KindCaptureSettings, Value: b.String(), Source: captureExposureKeys[0]}, true
}

// IdentifierKind reports whether kind is a declared kind of identifier, and
// whether it ties a copy to its original.
func IdentifierKind(kind string) (indexed, declared bool) {
	indexed, declared = identifierKinds[kind]
	return indexed, declared
}

// metadataPart returns the metadata prefix (see metadataPrefixes) a
// Fields key is under, the part of the file that holds it (a PDF's Info
// dictionary, an ODF package's meta.xml), or "" for a structural key.
func metadataPart(k string) string {
	for _, p := range metadataPrefixes {
		if strings.HasPrefix(k, p) {
			return p
		}
	}
	return ""
}

// propertyParts are the metadata parts that hold a document's properties
// as its program writes them at a save, where a missing field is
// comparable within the part (scrubbed): not a message's headers, an
// attachment's attributes or a manifest's assertions, whose fields vary
// with what is sent or claimed.
var propertyParts = [...]string{
	"pdf.info.", "pdf.xmp.", "ooxml.core.", "ooxml.app.", "ole.summary.", "ole.docsummary.", "odf.meta.",
	"exif.IFD0.", "exif.ExifIFD.", "xmp.", "rtf.info.",
}

// programProperties are the properties a program fills itself at every
// save, lower case and without namespace: its own name and version, the
// user name of its settings, its counts of the editing and of the
// document. Not what a person types (a title, keywords), what depends on
// how the document began (a template), was done to it (printed) or was
// added to it (custom properties): those a genuine document may lack.
var programProperties = map[string]bool{
	"generator": true, "application": true, "appversion": true, "producer": true, "creatortool": true, "software": true,
	"creator": true, "initial-creator": true, "lastmodifiedby": true, "lastauthor": true, "author": true,
	"editing-cycles": true, "editing-duration": true, "revision": true, "revnumber": true, "totaltime": true, "edittime": true,
	"page-count": true, "word-count": true, "character-count": true, "paragraph-count": true, "pages": true, "words": true,
	"characters": true, "charcount": true, "pagecount": true, "wordcount": true, "lines": true, "paragraphs": true,
}

// IsProgramProperty reports whether a Fields key is, in one of
// propertyParts, a save time (timeSources "created" and "modified") or
// one of programProperties: what a program writes itself, as opposed to
// what a person types or a template brings.
func IsProgramProperty(k string) bool {
	part := metadataPart(k)
	if part == "" || !slices.Contains(propertyParts[:], part) {
		return false
	}
	for _, which := range [...]string{"created", "modified"} {
		for _, s := range timeSources[which] {
			if s == k {
				return true
			}
		}
	}
	name := strings.ToLower(k[len(part):])
	if i := strings.LastIndexAny(name, ":/"); i >= 0 {
		name = name[i+1:]
	}
	return programProperties[name]
}

// partPresenceKey is the presence key counting the documents that carry
// a metadata part at all (any field under its prefix): what scrubbed
// compares a field's absence with when the document kept the part.
func partPresenceKey(part string) string { return "part:" + part }

// placeholderValues are what document libraries write into a descriptive
// property their caller left unset: ReportLab's canvas writes "untitled",
// "anonymous" and "unspecified" into a PDF's Title, Author and Subject.
// Lower case.
var placeholderValues = map[string]bool{"untitled": true, "anonymous": true, "unspecified": true}

// isPlaceholder reports whether metadata field k holds a placeholder
// (placeholderValues) rather than a value of its own.
func isPlaceholder(k, v string) bool {
	return IsMetadataKey(k) && placeholderValues[strings.ToLower(strings.TrimSpace(v))]
}

// placeholderPresenceKey is the presence key (Population.Presence) that
// counts the documents whose property pk holds a placeholder.
func placeholderPresenceKey(pk string) string { return "placeholder:" + pk }

// IsMetadataKey reports whether a Fields key holds what a person or program
// wrote about a document (see metadataPrefixes), as opposed to its
// structure.
func IsMetadataKey(k string) bool { return metadataPart(k) != "" }

// TimeSource returns the Fields key a record's normalized time ("created",
// "modified", "printed", "metadata_date") came from, or "" when none of the
// declared sources has a value.
func TimeSource(r *Record, which string) string {
	for _, k := range timeSources[which] {
		if r.Fields[k] != "" {
			return k
		}
	}
	return ""
}

// indexedIdentifiers returns the identifiers of r that tie a copy to its
// original: the indexed kinds it carries, and the ones docprov derives
// from its claims (KindClaimedTimes).
func indexedIdentifiers(r *Record) []Identifier {
	var out []Identifier
	for _, id := range r.IDs {
		if indexed, _ := IdentifierKind(id.Kind); indexed {
			out = append(out, id)
		}
	}
	who := ""
	if len(r.Authors) > 0 {
		who = normValue(r.Authors[0])
	}
	if c, m := r.Created, r.Modified; plausible(c) && plausible(m) && (c.Time.Second() != 0 || m.Time.Second() != 0) {
		// Times to the minute only are shared by chance too often to
		// tie documents together.
		out = append(out, Identifier{Kind: KindClaimedTimes, Value: c.String() + " " + m.String() + " " + who, Source: TimeSourceOr(r, "created")})
	}
	for _, k := range r.Fields.WithPrefix(keyPagePrefix) {
		out = append(out, Identifier{Kind: KindPage, Value: r.Fields[k], Source: k})
	}
	if c, m := r.Created, r.Modified; plausible(c) && plausible(m) && r.EditTimeSeconds > 0 && m.Time.Sub(c.Time) >= time.Minute {
		out = append(out, Identifier{Kind: KindClaimedEffort, Value: fmt.Sprintf("%d s from creation to last save; edited %d s; revision %s; %s",
			int64(m.Time.Sub(c.Time).Seconds()), r.EditTimeSeconds, r.Revision, who), Source: TimeSourceOr(r, "modified")})
	}
	if id, ok := captureIdentifier(r); ok {
		out = append(out, id)
	}
	if c := r.Created; plausible(c) && c.Time.Second() != 0 {
		out = append(out, Identifier{Kind: KindClaimedCreation, Value: c.String() + " " + who, Source: TimeSourceOr(r, "created")})
	}
	return out
}

// TimeSourceOr is TimeSource, or the normalized name when no declared
// source has a value.
func TimeSourceOr(r *Record, which string) string {
	if k := TimeSource(r, which); k != "" {
		return k
	}
	return which
}
