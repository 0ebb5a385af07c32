// Package pdf reads the provenance of PDF files.
//
// A PDF records who and what made it in several places that can disagree,
// and the disagreements are the evidence: the Info dictionary (what readers
// show, and what a forger edits first), the XMP metadata stream (often left
// behind by the same edit), the trailer /ID (its first half is fixed when
// the file is first written, its second half changes with every save) and
// the file's own structure: each incremental update appends a new body,
// cross-reference section and %%EOF after the old ones, so the original
// file is still there, byte for byte, at the start.
//
// Extract fills a provenance.Record with, as Fields:
//
//	pdf.header.version        effective version (the catalog's /Version when newer)
//	pdf.header.raw_version    the version the header states
//	pdf.info.<Key>            every Info entry, custom ones too, decoded from
//	                          PDFDocEncoding or UTF-16 (pdf.info.custom = true
//	                          when non-standard keys exist)
//	pdf.xmp.<path>            every XMP property (see package xmp for paths)
//	pdf.trailer.ID[0], [1]    both halves of the trailer /ID, as hex
//	pdf.trailer.info_direct   true when the Info dictionary is written in
//	                          the trailer itself rather than referenced
//	                          (against the standard; Solid Converter PDF
//	                          does it); its entries are read all the same
//	pdf.revisions             incremental updates after the first save
//	pdf.eof[i].offset         where save i ends (its %%EOF), and its startxref
//	pdf.revision[i].*         each save restored (files with updates only):
//	                          end, info.Producer/Creator/Author/Title/
//	                          CreationDate/ModDate, its XMP packet's
//	                          xmp.xmp:CreatorTool, pdf:Producer, CreateDate,
//	                          ModifyDate, MetadataDate, xmpMM:DocumentID and
//	                          InstanceID, ID[0], ID[1], pages, and
//	                          for an update what it wrote: objects_written,
//	                          written ("page content 2, font 1"),
//	                          page_contents_written
//	pdf.claim_save.<Key>      which save each Info claim the file ends with
//	                          comes from (files with updates only)
//	pdf.linearized            and its recorded length, with a flag when the
//	                          file's length no longer matches it
//	pdf.encrypted             and the security handler's V and R
//	pdf.pages, pdf.fonts, pdf.font[i] ("ABCDEF+Calibri (TrueType, embedded)")
//	pdf.signatures, pdf.signature[i].*  signer name, time, covered bytes,
//	                          whether bytes were added after signing
//	                          (modified_after_signing), and whether the
//	                          signed range still frames the signature's
//	                          /Contents (byte_range_fits: false when the
//	                          file was rewritten after signing)
//	pdf.sigcheck[i].*         pdfcpu's cryptographic verdict per signature
//	                          field, with the signer's certificate
//	pdf.javascript, pdf.embedded_files  counts
//	pdf.catalog.Lang          the document language
//	pdf.catalog.has.<Key>     "true" for AcroForm, Collection, OpenAction,
//	                          AA, Perms and AF (associated files)
//	c2pa.*                    a C2PA manifest store embedded as an
//	                          associated file (/AFRelationship
//	                          /C2PA_Manifest), validated by package c2pa
//	                          (Format.C2PA gives the trust list)
//
// and the normalized view: title, authors, subject, keywords, created and
// modified (Info first, then XMP), metadata date, software (Creator and
// xmp:CreatorTool as creator, Producer and pdf:Producer as producer, XMP
// history agents as editors), identifiers (trailer ID halves, XMP document,
// instance, original and derived-from IDs) and languages.
//
// Parsing uses github.com/pdfcpu/pdfcpu, read without validation: pdfcpu's
// validation rewrites Info values from XMP, which would erase exactly the
// disagreement docprov looks for. Revisions are counted from the raw bytes,
// because pdfcpu merges all updates into one object table. Whatever pdfcpu
// cannot parse is salvaged from the raw bytes (uncompressed Info entries and
// the XMP packet) and the Record says so; an XMP packet that was read but
// did not parse is not salvaged again from the same bytes, so its error is
// one problem; what the XMP parser repaired (Packet.Warnings) is a problem
// too; a file with nothing salvageable
// is an error wrapping formats.ErrMalformed. pdfcpu reads every object into
// memory before it answers anything, so a file with more than
// MaxParsedObjects objects (counted in the raw bytes as they are scanned)
// is not handed to it and is read the same salvaging way, with a problem
// that says why. An encrypted file whose user
// password is unknown still yields its header, trailer ID and revisions.
//
// PDF dates are parsed tolerantly (see ParseDate); a date without an offset
// stays without one.
//
// # Page-content digest
//
//	content.sha256            SHA-256 over the decoded content streams of
//	                          every page, in page order, each page's bytes
//	                          preceded by their length (8 bytes, big-endian)
//	                          and followed by the name and SHA-256 of each
//	                          external object (image, form) its resources
//	                          name, as stored: a scan's page is its image
//	content.pages             pages hashed
//	content.pages_sha256[i]   SHA-256 of page i's decoded content and its
//	                          external objects' digests, for the
//	                          first MaxPageDigests pages; none for a page
//	                          that paints nothing (and no content.sha256
//	                          when no page paints anything: blank pages
//	                          are alike in every file)
//	content.truncated         true when MaxContentBytes (16 MiB decoded in
//	                          all) was reached and the rest left out
//	content.incomplete        true when a content stream did not decode (a
//	                          problem is recorded; the Record never fails)
//
// The digest is of what the pages draw, not of how the file stores it: a
// re-save by the same producer, a qpdf, pikepdf, pdfcpu, PyPDF or MuPDF
// rewrite (object streams, recompression, renumbering) and an incremental
// metadata edit keep it; a different document keeps it only by drawing
// the very same bytes. It tells a re-save of the same pages apart from a
// different document that inherited an /ID (a "Save As" over an old file
// keeps /ID[0]). A tool that re-renders the pages (Ghostscript, cairo,
// printing to PDF) changes it though the pages look the same.
//
// # Structural producer fingerprint
//
//	pdf.fingerprint.producer         the family whose writing habits the
//	                                 file's structure shows, or "unknown"
//	pdf.fingerprint.score[FAMILY]    evidence weight, top 4 families
//	pdf.fingerprint.evidence[i]      "what (+weight)" for the producer
//	pdf.fingerprint.claimed          the family the Producer (Info, then
//	                                 XMP) claims, failing that the Creator
//	                                 (see ClaimedFamily)
//	pdf.fingerprint.agrees           true/false when both are known
//	pdf.fingerprint.original         the family whose rewrite-proof traces
//	                                 remain under another writer's structure
//	                                 (a qpdf, pikepdf, pdfcpu, PyPDF, MuPDF
//	                                 or Acrobat rewrite), with its own
//	                                 original.evidence[i]
//	pdf.fingerprint.updater          the tool that wrote the last
//	                                 incremental update (ExifTool, MuPDF,
//	                                 iText, Poppler, Acrobat, LibreOffice)
//	                                 or "unknown";
//	                                 producer stays the first revision's
//	pdf.fingerprint.header_comment   the comment after the header when no
//	                                 rule knows it
//
// and the producer as inferred software (source pdf.fingerprint.producer,
// which provenance.Software.Inferred recognises). The Families constants
// name every family.
//
// The fingerprint never reads the Producer or Creator strings, which are
// what a forger edits; they only feed claimed. It reads bounded windows of
// the raw bytes (the first 16 KiB, the 8 KiB before the first save's
// %%EOF, the last update section), the fonts and catalog pdfcpu already
// parsed and the first page's decoded content from the digest above, so
// it tokenizes nothing twice. Each rule adds weight to one family; the
// producer is the family with the most writer evidence when that reaches
// minScore (3), otherwise the family with the most evidence of any kind.
// Writer evidence is what only the last full writer leaves: the binary
// comment after %PDF-x.y (LibreOffice's UTF-8 "äüöß", qpdf's \xbf\xf7\xa2\xfe,
// Ghostscript's \xc7\xec\x8f\xa2, cairo's \xb5\xed\xae\xfb, Quartz's
// "Äåòåë§ó ÐÄÆ", Word's \xb5\xb5\xb5\xb5, PDFium's \xa1\xb3\xc5\xd7, Skia's
// \xd3\xeb\xe9\xe1, pdfTeX's "PTEX", LuaTeX's "LUATEXPDF", dvipdfmx's "dpmx",
// MuPDF's "µ¶", Qt's "âã", ReportLab's and pydyf's own, …; Adobe's
// \xe2\xe3\xcf\xd3 is left out, as half the libraries copy it), the
// first objects' dictionary spacing and key order (Ghostscript's
// "<</Length 6 0 R/Filter /FlateDecode>>", cairo's three-space indent and
// "/Type /Page % 1" comment, pdfcpu's sorted compact keys, PyPDF's and
// ImageMagick's one key per line, TCPDF's /LastModified pages, FPDF's page
// object 3 first), trailer and xref habits (LibreOffice's /DocChecksum
// with "/ID [ <…>\n<…> ]", qpdf's "trailer << /" and lower-case /ID,
// pikepdf's static /ID, MuPDF's "65536 f" free-list head, ReportLab's
// digest comment, Qt's "/Size n \n", iText's compact lower-case /ID,
// Acrobat's CR line ends and ">>stream\r\n"), and objects that only one
// writer emits (Microsoft Print to PDF's (Identity) and (Adobe) strings).
// Trace evidence is what survives a rewrite by a tool that keeps the page
// content and copies dictionaries: how the first page's content stream
// opens (LibreOffice's "0.1 w q 0 … re W* n", Ghostscript's "q 0.1 0 0 0.1
// 0 0 cm", ReportLab's "1 0 0 1 0 0 cm  BT", Quartz's "q Q q", Word's
// "/P <</MCID 0>> BDC q" with CRLF, Skia's ".23999999" scale, …), font
// subset prefixes in LibreOffice's BAAAAA+, CAAAAA+ sequence, LibreOffice's
// /OpenAction [page /XYZ null null 0], a /DocChecksum a rewriter copied,
// the /PTEX.Fullbanner pdfTeX and LuaTeX leave in Info (its text names the
// engine: a key a Producer edit leaves alone). When the best trace family differs from the
// producer and weighs at least 3, it is the original.
//
// The rules were made from fixtures written here (testdata/pdf/producers,
// made by its make.sh: LibreOffice 7.4, ReportLab 3.6, cairo 1.16, gs
// 10.00, MuPDF 1.21, pdfcpu 0.15, ImageMagick 6.9, Chromium (Skia),
// wkhtmltopdf (Qt 5.15), gropdf 1.22, and qpdf 11.3, pikepdf 6.0, pypdf
// 3.4, pdfcpu, MuPDF, Ghostscript and pdftocairo rewrites of a LibreOffice
// PDF, ExifTool and MuPDF incremental updates) and from the shared corpus
// (264 PDFs from other projects' test suites). Adhatarao and Lauradoux
// (2021) told 11 producers apart from coding style with 192 rules at 74%
// overall accuracy on 508,836 arXiv PDFs. The rules here are fewer (about
// 90) and cover more families on a much smaller and more varied set: on
// the shared corpus, of the files whose Producer (or Creator) names a
// known family, the fingerprint names that family for 72% and names it as
// producer, original or updater for 83% (TestFingerprintConfusion logs
// the table).
// The claim is not ground truth: most disagreements are files that Acrobat,
// qpdf or MuPDF rewrote after the claimed producer wrote them, which is
// what the fingerprint is for; others are families with too few examples
// to write a rule from (Foxit, Aspose, old pdfcpu, old Distiller).
package pdf
