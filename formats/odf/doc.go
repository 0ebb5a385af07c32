// Package odf reads the provenance of OpenDocument files: ZIP packages
// (odt, ods, odp, odg … and OpenOffice.org 1.x's sxw, sxc, sxi) and flat
// single-file XML documents (fodt, fods, fodp, fodg).
//
// An ODF document says who and what made it in meta.xml (or the office:meta
// element of a flat file): the first author (meta:initial-creator), the
// last one to save it (dc:creator), creation, save and print dates, the
// number of saves (meta:editing-cycles), the total editing time, the
// template, custom properties and the generator, which names the
// application, its version and platform ("LibreOffice/7.4.7.2$Linux_X86_64
// LibreOffice_project/…"). The rest of the package adds what nobody edits by
// hand: the languages set on styles and text, the authors and times of
// tracked changes and comments, LibreOffice's revision-save IDs in
// settings.xml, and the ZIP layout itself (entry order, compression, DOS
// times, extra fields), which differs between the programs that write it.
//
// Extract fills a provenance.Record with, as Fields:
//
//	odf.meta.<qname>                  every child of office:meta, text as written:
//	                                  odf.meta.meta:generator, dc:title, dc:subject,
//	                                  dc:description, meta:initial-creator, dc:creator,
//	                                  meta:creation-date, dc:date, meta:print-date,
//	                                  meta:printed-by, meta:editing-cycles,
//	                                  meta:editing-duration, dc:language …; an
//	                                  element repeated gets [1], [2] … after the first
//	odf.meta.<qname>/<attr>           its attributes: meta:template/xlink:href,
//	                                  /xlink:title, /meta:date;
//	                                  meta:document-statistic/meta:page-count …
//	odf.meta.meta:keyword[i]          each keyword
//	odf.meta.meta:user-defined[Name]  a custom property, with /meta:name and
//	                                  /meta:value-type
//	odf.<part>.root, .xmlns, .<attr>  each XML part's root element, the namespace
//	                                  prefixes it declares (a producer fingerprint)
//	                                  and its attributes (office:version …); part is
//	                                  meta, styles, content, settings, or document
//	                                  for a flat file
//	odf.mimetype, odf.mimetype.index  the mimetype entry and its position (0 as
//	                                  the specification requires)
//	odf.manifest.*                    META-INF/manifest.xml: root attributes,
//	                                  file-entry[i] (full path) with .media-type,
//	                                  .version, .size, and .encrypted, .algorithm,
//	                                  .key-derivation for encrypted parts
//	odf.zip.*                         the ZIP layout (see zipx.Archive.RecordLayout):
//	                                  entry[i] names in order, .method, .flags,
//	                                  .extra, mtime[name] as local DOS times without
//	                                  offset, comment, zero_dates
//	odf.encrypted                     "true" when parts are encrypted
//	odf.content.changed-region[i]     a tracked change in Writer: .type (insertion,
//	                                  deletion, format-change), .creator, .date, .id
//	odf.content.table-change[i]       a tracked change in Calc: .type, .creator,
//	                                  .date, .id, .acceptance-state
//	odf.content.annotation[i]         a comment: .creator, .date, .initials, .name
//	odf.content.track-changes         whether recording of changes is on
//	odf.<part>.annotations …          counts of the above (styles.xml can hold
//	                                  comments and changes in headers too)
//	odf.settings.PrinterName, RsidRoot, Rsid, CurrentDatabaseDataSource
//	odf.lang[<tag>]                   how many elements declare each language
//	odf.lang.default                  the languages of the default styles
//	odf.font[i]                       each font family the parts declare
//	                                  (style:font-face), once
//	odf.styles.default-font           the default paragraph (else cell)
//	                                  style's font family
//	content.chars, content.sha256     the content digest (below)
//
// and the normalized view, per SCHEMA.md: title, subject, description,
// keywords (joined with ", "), authors = meta:initial-creator,
// last_modified_by = dc:creator, created = meta:creation-date, modified =
// dc:date, printed = meta:print-date, revision = meta:editing-cycles,
// edit_time_s = meta:editing-duration, template = the template's href (its
// title when the href is empty), software = meta:generator (role
// application), ids = settings' RsidRoot (kind "odf.rsidRoot"), and
// languages: dc:language first, then the default styles' languages, then
// the others by frequency. Language tags are built from fo:language +
// fo:country (+ fo:script), their -asian and -complex counterparts,
// number:language/country and style:rfc-language-tag*; "zxx" and "none"
// mean no language and are left out.
//
// content.sha256 is the SHA-256 (hex) of the text of office:body (content.xml
// or a flat document's body), normalized, and content.chars the number of
// characters (Unicode code points) hashed; it tells a copy or re-save of
// one text from a different text that kept another document's RsidRoot.
// The text is that of the paragraphs and headings (text:p, text:h) in
// document order, with their spans, links and fields, frames and text
// boxes; left out are comments (office:annotation), notes (text:note),
// tracked deletions (text:tracked-changes), list labels (text:number),
// speaker notes (presentation:notes), index templates (text:*-source),
// validation messages and whatever is not in the text namespace (titles
// and descriptions of frames, binary data). In a spreadsheet, every cell
// counts in order, repeated rows and cells as often as they repeat (up to
// 65536 times, and 64 MiB read again per part): a cell with a value type
// other than string as its value attribute (office:value, as a number
// rounded to 15 significant digits the way formats/ooxml writes an xlsx
// cell's; office:date-value as its serial number of days since 1899-12-30
// and office:time-value as a fraction of a day, numbers as an xlsx or xls
// stores them; office:boolean-value as 1 or 0), any other cell as its
// text, so that a sheet and its .xlsx or .xls conversion digest alike
// (testdata/sheets). Headers, footers and master pages (styles.xml) are not
// part of it. Normalized means, as in formats/ooxml and formats/ole:
// paragraphs, cells, tabs (text:tab), spaces (text:s) and line breaks are
// boundaries; every boundary and every run of white space (unicode.IsSpace)
// becomes one space, none at either end; soft hyphens, zero-width spaces
// and byte-order marks are dropped; entities are resolved. So a Writer
// document and its docx (or doc) conversion can digest alike. content.chars
// is "0", and content.sha256 absent, for a document without text; neither
// is written when content.xml is cut at MaxXMLBytes. The digest is read in
// a byte-level pass of its own that looks only at element names, so
// skimming does not affect it.
//
// ODF dates are xsd:dateTime values that producers write in local time
// without an offset (LibreOffice) or in UTC with "Z" (Microsoft Office);
// ParseDate keeps that distinction, and never turns a local time into UTC.
//
// Everything is parsed with the standard library (archive/zip through the
// bounded internal zipx package) and the internal xmlscan tokenizer, because
// no Go library reads ODF metadata; xmlscan yields encoding/xml's tokens
// several times faster (its package doc says why and how it is checked
// against encoding/xml). The XML parts are read as a stream of tokens, never
// as a tree, with caps on bytes (MaxXMLBytes), depth (MaxDepth), repeated
// items (MaxItems) and value length (MaxValueBytes). Entities declared in a
// DTD are not expanded, so an entity bomb is a syntax error, not a memory
// blow-up.
//
// Not every token is read. Inside office:body only annotations and tracked
// changes carry provenance, in styles only language attributes and the
// default style, in settings.xml only a few config items; the reader skims
// to those with xmlscan's Scanner.Skim and reads a part token by token only
// where skimming could be wrong (a comment or CDATA section in the skimmed
// text).
// A syntax error inside skimmed text therefore goes unreported; the Record
// is otherwise the same as a full read's, which a test checks on every file
// of the shared corpus and the fixtures and FuzzSkipping checks on
// arbitrary parts. A part that breaks a cap or is not well-formed keeps what
// was read before the fault and adds a problem to the Record; a file that is
// not a readable ZIP is an error wrapping formats.ErrMalformed.
package odf
