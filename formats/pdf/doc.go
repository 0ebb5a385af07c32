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
//	pdf.revisions             incremental updates after the first save
//	pdf.eof[i].offset         where save i ends (its %%EOF), and its startxref
//	pdf.linearized            and its recorded length, with a flag when the
//	                          file's length no longer matches it
//	pdf.encrypted             and the security handler's V and R
//	pdf.pages, pdf.fonts, pdf.font[i] ("ABCDEF+Calibri (TrueType, embedded)")
//	pdf.signatures, pdf.signature[i].*  signer name, time, covered bytes,
//	                          whether bytes were added after signing
//	pdf.sigcheck[i].*         pdfcpu's cryptographic verdict per signature
//	                          field, with the signer's certificate
//	pdf.javascript, pdf.embedded_files  counts
//	pdf.catalog.Lang          the document language
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
// the XMP packet) and the Record says so; a file with nothing salvageable
// is an error wrapping formats.ErrMalformed. An encrypted file whose user
// password is unknown still yields its header, trailer ID and revisions.
//
// PDF dates are parsed tolerantly (see ParseDate); a date without an offset
// stays without one.
package pdf
