// Package docprov reads the provenance of documents — who made them, when,
// with what software, and what they share with other documents — so that
// forged documents slipped into a leak can be told from the genuine ones.
//
// # The idea
//
// Every document carries traces of how it was made: the Info dictionary and
// XMP packet of a PDF, the core and app properties of an Office file, the
// EXIF tags of a photo, and structure that only the producing software
// leaves (the revisions of a PDF, the IDs that tie a copy to its original).
// A forger who inserts a document into a leak rarely reproduces all of
// them: the last editor's name is in another writing system, the producer
// is a tool the organisation never used, the software is newer than the
// claimed date, the PDF was edited after it was signed. docprov reads those
// traces into one model, the provenance.Record, so they can be compared
// against a baseline of known-genuine documents.
//
// # A tour
//
// Extract one file:
//
//	rec, err := docprov.ExtractFile(ctx, "leak/budget.pdf")
//	if errors.Is(err, docprov.ErrUnsupported) { … }
//	fmt.Println(rec.Authors, rec.Created, rec.Software)
//	fmt.Println(rec.Fields["pdf.trailer.ID[0]"], rec.Fields["pdf.revisions"])
//
// A Record has two views. Fields holds every raw item as found, keyed by
// where it was found ("pdf.info.Producer", "pdf.xmp.xmpMM:DocumentID"): the
// evidence. The normalized view (Title, Authors, Created, Software, IDs …)
// is what checks read; it takes each value from the first source that has
// one, and leaves the others in Fields, because two sources that disagree
// are evidence too. Times keep the UTC offset the file wrote, or say it
// wrote none (provenance.Timestamp).
//
// Extract a whole corpus, in order, with bounded memory, never stopping on
// a bad file:
//
//	ex := &docprov.Extractor{}
//	err := ex.ExtractInputs(ctx, docprov.Walk(slices.Values(roots), true), runtime.NumCPU(),
//		func(r docprov.Result) error {
//			if r.Err != nil { log.Print(r.Err); return nil } // names the file and the reason
//			return enc.Encode(r.Record)
//		})
//
// The command docprov does the same from a shell: docprov extract -r
// --jsonl DIR prints one Record per line, in the JSON form documented in
// the provenance package (schema 1).
//
// # Layout
//
//   - package provenance: the Record and its JSON form; no format knowledge.
//   - package formats: the Format interface, the Registry that sniffs content
//     (never the file name) and the sentinel errors.
//   - formats/pdf, formats/ooxml (docx/xlsx/pptx), formats/ole (doc/xls/ppt/msg),
//     formats/odf (odt/ods/odp and flat XML), formats/image (JPEG, TIFF, PNG,
//     WebP, HEIC, GIF, PSD), formats/rtf (RTF and its embedded objects),
//     formats/email (EML, MBOX, DKIM), formats/tnef (winmail.dat and its
//     attachments): the extractors;
//     formats/xmp: the XMP parser they share; formats/c2pa: C2PA Content
//     Credentials, found and validated offline in images and PDFs.
//   - this package: the default registry and the batch API over it.
//
// # Finding forgeries
//
// Extraction is the first half. The provenance package summarises genuine
// documents into a Baseline and runs Checks over questioned ones; a
// Scanner ranks a whole corpus:
//
//	b := provenance.NewBaseline()
//	ex.ExtractInputs(ctx, docprov.Walk(slices.Values([]string{"genuine/"}), true), 4,
//		func(r docprov.Result) error { if r.Err == nil { b.Add(r.Record) }; return nil })
//	sc := &provenance.Scanner{Baseline: b, AsOf: leakDate, Now: time.Now()}
//	ex.ExtractInputs(ctx, docprov.Walk(slices.Values([]string{"leak/"}), true), 4,
//		func(r docprov.Result) error { if r.Err == nil { sc.Add(r.Record) }; return nil })
//	sc.Report().WriteText(os.Stdout)
//
// Every finding names the check that made it, the fields it rests on and
// what the baseline shows instead; see the provenance package for the checks
// and the weights. From a shell: docprov scan --baseline genuine/ leak/.
//
// # Errors
//
// A file that is only partly readable yields a Record listing its
// Problems. A file that yields nothing gives an error that names it and
// wraps one of ErrUnsupported, ErrEncrypted, ErrMalformed or ErrTooLarge.
// Panics inside third-party parsers are recovered into ErrMalformed errors.
package docprov
