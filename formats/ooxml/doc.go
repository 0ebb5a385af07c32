// Package ooxml reads the provenance of Office Open XML packages: Word
// (docx, docm, dotx, dotm), Excel (xlsx, xlsm, xltx, xltm, and the property
// parts of xlsb) and PowerPoint (pptx, pptm, potx, potm, ppsx, ppsm).
//
// An OOXML file is a ZIP archive of XML parts, and it records who made it
// and how in more places than its metadata: the core and extended
// properties (author, last editor, times, application, edit time,
// template), Word's revision-save IDs (rsids, shared by copies of one
// original), the path of the attached template (often with a user name),
// the languages of the author's keyboard and proofing tools, the authors
// and times of tracked changes and comments, the Excel build that last
// saved a workbook and the folder it was saved in — and a layout (ZIP entry
// order, flags and times, XML declarations, namespaces) that differs
// between the programs that write it and that no metadata editor changes.
//
// The format is recognised by its parts, never by the file name: Probe
// accepts a ZIP archive listing [Content_Types].xml and a Word, Excel or
// PowerPoint main part; the document type (docx, xlsm, potx …) comes from
// the main part's content type.
//
// # Fields
//
// Extract fills a provenance.Record with, as Fields (times as written):
//
//	ooxml.package.main, .mainContentType      the main part and its type
//	ooxml.contentTypes.defaults, .overrides, .defaultExtensions
//	ooxml.rels.root[i], [i].type              package relationships in order
//	ooxml.core.<prefix:name>                   every core.xml element: dc:creator,
//	                                          cp:lastModifiedBy, dcterms:created,
//	                                          dcterms:modified, cp:lastPrinted,
//	                                          cp:revision, dc:title, dc:subject,
//	                                          cp:keywords, dc:description,
//	                                          cp:category, cp:contentStatus,
//	                                          dc:identifier, dc:language, cp:version …
//	ooxml.core.order, ooxml.core.part         element order as written; the part
//	ooxml.app.<Name>                           every app.xml element (Application,
//	                                          AppVersion, Company, Manager, Template,
//	                                          TotalTime, Pages, Words, Slides,
//	                                          DocSecurity, HyperlinkBase, SharedDoc …);
//	ooxml.app.<Vector>[i]                      items of TitlesOfParts, HeadingPairs, HLinks
//	ooxml.app.order                            element order as written
//	ooxml.custom.<name>, .<name>.type, ooxml.custom.count   custom properties
//	                                          with their vt: type
//
// Word:
//
//	ooxml.settings.rsidRoot, .rsid[i], .rsids  revision-save IDs
//	ooxml.settings.w14:docId, .w15:docId       document IDs of Word 2010 / 2013+
//	ooxml.settings.attachedTemplate[.target]   template relationship and its path
//	ooxml.settings.compatibilityMode, .compatSetting.<name>
//	ooxml.settings.themeFontLang.val/.eastAsia/.bidi
//	ooxml.settings.decimalSymbol, .listSeparator, .defaultTabStop  locale traces
//	ooxml.settings.trackRevisions, .documentProtection, .docVar.<name>, .mailMerge.*
//	ooxml.styles.lang.val/.eastAsia/.bidi      default languages
//	ooxml.styles.rFonts.<attr>, .latentStyles.count, .count
//	ooxml.fontTable.font[i], .count            font names
//	ooxml.styles.font[i]                       SpreadsheetML: the faces of styles.xml's fonts, each once; [0] the Normal style's
//	ooxml.styles.numFmt[i]                     SpreadsheetML: the number formats styles.xml defines, each code once (in the locale's notation)
//	ooxml.people.person[i], .providerId, .userId
//	ooxml.changes, .changes.author[i] with .count, .first, .last
//	                                          tracked changes (w:ins, w:del,
//	                                          w:rPrChange … in body, headers,
//	                                          footers, notes, comments)
//	ooxml.changes.dateUtc.first/.last          w16du UTC times of changes
//	ooxml.comments, .comments.author[i] with .initials, .count, .first, .last
//	ooxml.comments.dateUtc.first/.last         commentsExtensible UTC times
//
// Excel:
//
//	ooxml.workbook.fileVersion.<attr>          appName, lastEdited, lowestEdited, rupBuild
//	ooxml.workbook.calcPr.<attr>, .workbookPr.<attr>, .workbookView.<attr>
//	ooxml.workbook.revisionPtr.<attr>          documentId and save IDs
//	ooxml.workbook.absPath                     folder the workbook was last saved in
//	ooxml.workbook.fileSharing.userName, .workbookProtection
//	ooxml.workbook.sheet[i], .state, .sheets
//	ooxml.workbook.definedName[i], .refersTo, .scope, .comment, .definedNames
//	ooxml.xl.comments[.author[i] …]            note authors and counts
//	ooxml.xl.person[i], .id, .userId, .providerId
//	ooxml.xl.threadedComments[.author[i] …]   threaded comment authors and times
//	ooxml.workbook.binary                      xlsb: the workbook part is binary
//
// PowerPoint:
//
//	ooxml.presentation.<attr>, .sldSz, .notesSz, .slides
//	ooxml.presProps.showPr.<attr>
//	ooxml.pptx.commentAuthor[i], .initials, .lastIdx   classic comment authors
//	ooxml.pptx.author[i], .initials, .userId, .providerId   modern comment authors
//	ooxml.pptx.comments[.author[i] …]          comment counts and times per author
//	ooxml.slide.creationId[i]                  p14 slide creation IDs
//
// All types:
//
//	ooxml.lang[<tag>]                          count of each w:lang, a:lang, altLang,
//	                                          c:lang and xml:lang value in the text parts
//	ooxml.zip.*                                entries in order with method, flags,
//	                                          DOS times (no offset), extra fields,
//	                                          comment (see zipx.RecordLayout);
//	                                          .directories, .contentTypesIndex, .thumbnail,
//	                                          .unread (parts past the package budget),
//	                                          .encrypted (entries under ZIP encryption)
//	ooxml.customXml.itemProps[i], .itemID, .schemaRef[j], ooxml.customXml.items
//	ooxml.xml.decl[<style>]                    XML declaration styles with counts
//	ooxml.ns.<prefix>                          namespace declarations of the parts read
//	ooxml.ns.newest, .uri, .release, .date     the newest dated Office namespace
//	ooxml.ns.dated                             all dated namespace prefixes used
//	ooxml.mc.Ignorable                         prefixes listed in mc:Ignorable
//	ooxml.fingerprint.producer                 inferred producer family or "unknown"
//	ooxml.fingerprint.evidence[i], .score[<family>], .claimed, .agrees, .rezipped
//	content.chars, content.sha256              the content digest (below)
//
// and the normalized view: title, subject, keywords, description, authors
// (dc:creator), last modified by, revision, created, modified, printed
// (core.xml, W3CDTF; a time without offset keeps none; a cp:lastPrinted
// of 1601-01-01, the FILETIME zero Office writes for a document never
// printed, is no print time, its raw field kept), company, manager,
// template and edit time (app.xml TotalTime × 60), languages (dc:language,
// then the text's languages by use), software (app.xml Application as
// application with AppVersion as its version; a kept custom AppVersion as
// an earlier application; WPS Office's custom KSOProductBuildVer,
// "2052-11.1.0.10700", as application "WPS Office" of that build, since it
// is the program's own statement of the build that saved the file and
// WPS's localised Application names carry none; the fingerprint's family
// as producer) and identifiers (ooxml.rsidRoot, ooxml.w14.docId,
// ooxml.w15.docId, ooxml.workbook.documentId, ooxml.customXml.itemID,
// ooxml.p14.creationId).
//
// # Content digest
//
// content.sha256 is the SHA-256 (hex) of the document's visible text,
// normalized, and content.chars the number of characters (Unicode code
// points) hashed. It tells a copy or re-save of one text from a different
// text that inherited another document's identifiers (rsidRoot, w14/w15
// docId, documentId) through Save As. The text is:
//
//   - Word: the w:t elements of the main document part in document order
//     (text boxes included, once: mc:Fallback is skipped), with tracked
//     insertions and without tracked deletions or moves away (w:del,
//     w:moveFrom, w:delText), field codes (w:instrText), headers, footers,
//     notes and comments;
//   - Excel: every cell of every worksheet, in the workbook's sheet order
//     and row by row as written: a shared string's text (phonetic rPh left
//     out), an inline string, a number (rounded to 15 significant digits
//     and written plain between 1e-5 and 1e15, else as d.dddE±XX, so
//     that Excel's 17 digits, LibreOffice's and openpyxl's shortest form
//     and an xls's binary double agree), or the value as written
//     (booleans, errors, dates, string results; never the formula);
//   - PowerPoint: the a:t elements of each slide, in the presentation's
//     slide order (speaker notes, layouts and masters left out).
//
// Normalized means: paragraphs, cells, slides, tabs and line breaks are
// boundaries; every boundary and every run of white space (unicode.IsSpace,
// no-break space included) becomes one space, with none at either end;
// soft hyphens, zero-width spaces and byte-order marks are dropped; the
// predefined entities and character references are resolved; nothing else
// (no markup, attributes, rsids or metadata) counts. formats/odf and
// formats/ole normalize the same way (one normalizer,
// formats/internal/textdigest), so that one text saved as docx, odt
// or doc, or one sheet saved as xlsx, ods or xls, can digest alike. content.chars is "0", and content.sha256
// absent, for a document without text: two empty documents are not
// copies of each other. Neither is written when a text part cannot be
// read whole (missing, past its cap, not UTF-8 or UTF-16).
//
// # How it is read
//
// Every part is inflated through formats/internal/zipx with a cap per part
// (MaxPropsBytes, MaxSettingsBytes, MaxContentBytes) and a budget for the
// whole package (MaxArchiveBytes, or Format.ArchiveBudget) that every
// inflated byte is charged to,
// those of a part given up at its cap included (entries that share one
// compressed stream would otherwise each inflate a cap for free); once it
// is spent, later parts are not read, ooxml.zip.unread counts them and one
// problem says so. XML is walked token by token with the
// internal xmlscan tokenizer (encoding/xml's tokens, several times faster)
// under caps on depth, tokens and kept text. No library reads
// settings.xml, styles.xml, people.xml, workbook.xml's fileVersion,
// revisionPtr or absPath, or the comment parts for provenance (ExifTool
// reads none of them), so those are parsed by hand with the standard
// library. excelize is used where it does well: it resolves a workbook's
// defined names with their scope; it is handed a minimal package of only
// the parts it needs (never the sheets), with its unzip limits set, behind
// recover. Media are never inflated; worksheets and shared strings are
// only for the content digest, read with a byte-level pass that looks at
// element names only.
//
// A package with missing or broken parts yields a Record listing them in
// Problems; one with no recognisable main part is an error wrapping
// formats.ErrMalformed. Password-protected OOXML is an OLE2 file, not a
// ZIP: Probe does not claim it, and IsEncryptedPackage and
// ParseEncryptionInfo let the OLE2 extractor report it as encrypted OOXML.
package ooxml
