// Package provenance is docprov's model of a document's provenance and the
// analysis over it: the Record every format extractor fills, the Baseline
// that summarises an organisation's genuine documents, the Checks that
// compare a questioned document with its own claims and with the baseline,
// and the Scanner that ranks a whole questioned corpus. It knows nothing of
// file formats and depends on the standard library only.
//
// # Records
//
// A Record holds a document's raw metadata (Fields, keyed by where each
// item was found) and a normalized view of its claims: authors, last
// editor, company, template, languages, times (Timestamp keeps the UTC
// offset a file wrote, or says it wrote none), software with its role, and
// identifiers that tie copies to their originals. Its JSON form, schema 1,
// is the contract of `docprov extract`.
//
// # Baselines
//
// A Baseline counts, per feature (Features lists them: author, last
// editor, company, template, language, UTC offset, software name+version per
// role, producer fingerprint, fonts, camera, writing systems of names, hour
// and weekday of edits), how many genuine documents show each value; which
// fields each format carries; the range of claimed times; and which genuine
// documents carry each identifier. It is a summary, not a list: Merge adds
// another baseline and gives exactly the baseline built from both sets of
// documents, so a corpus can be summarised in pieces; Save and LoadBaseline
// keep it in a versioned JSON file.
//
// # Checks and findings
//
// A Check is a named value with a one-line doc and a Run, like the
// analyzers of golang.org/x/tools/go/analysis. Checks returns them all:
//
//   - time-order: modified or printed before created, metadata before the
//     modification it records;
//   - after-as-of: a claim later than the leak date (Pass.AsOf) or the scan;
//   - edit-time: editing time longer than the document's life;
//   - sources-disagree: one claim recorded differently in two places (PDF
//     Info vs XMP, EXIF vs XMP);
//   - editing-traces: incremental updates, changed trailer IDs, tools in the
//     XMP history, bytes added after a signature;
//   - producer-mismatch: the application a file names is not the one its
//     structure shows;
//   - anachronism: software, an XML namespace or a font released after the
//     latest date the document claims (from an embedded table of release
//     dates with sources, Releases), allowing for pre-releases;
//   - email-authenticity: a verified DKIM signature, or a verified message
//     that carried the document, is evidence for it (a negative weight); a
//     failing one is weak evidence against;
//   - scrubbed: metadata the baseline's documents of the format nearly always
//     carry is missing;
//   - rare-value: a value the baseline never shows, weighted by how often
//     the baseline itself shows new values of that feature (a Good–Turing
//     estimate), so a new name in a uniform organisation weighs more than a
//     new font;
//   - shared-identifier: an identifier of a different genuine document —
//     an edited copy; the finding names the parent;
//   - time-window: dated well outside the period the baseline covers.
//
// Across a questioned corpus the Scanner adds edit-burst (many files
// modified within minutes, created over months: bulk handling, as in the
// MacronLeaks spreadsheets) and groups families (documents sharing an
// identifier) and clusters (documents made with a combination of programs
// the baseline never shows).
//
// With a baseline, the findings of the intrinsic checks are calibrated: a
// trait the genuine documents that could show it also show (an office that
// signs every PDF has incremental updates everywhere) keeps only the share
// of its weight the baseline leaves unexplained, and the finding says how
// many baseline documents share it.
//
// Every Finding names its check, the fields it rests on, what was observed
// and what was expected, and a Weight: a log10 likelihood ratio, how much
// more likely the evidence is if the document was forged than if it is
// genuine (1 = ten times). A document's score is the sum of its findings'
// weights. The weights are documented estimates meant to rank documents for
// a person to examine; no finding is proof, and genuine documents have
// findings too (signed PDFs have updates, organisations hire new staff).
//
// # Reports
//
// Report ranks the documents by score. Its JSON form (WriteJSON), schema 1:
//
//	{"schema": 1, "baseline_docs": 48,
//	 "documents": [
//	   {"path": "leak/budget.xlsx", "format": "xlsx", "sha256": "…", "score": 3.4,
//	    "findings": [{"check": "rare-value", "weight": 1.7,
//	                  "message": "last modified by \"рошка георгий\" never appears in the baseline",
//	                  "fields": ["last_modified_by"], "observed": "рошка георгий",
//	                  "expected": "baseline: \"marie dupont\"×12, …", "related": []}]},
//	   {"path": "leak/broken.pdf", "score": 0, "findings": [], "error": "leak/broken.pdf: malformed: …"}],
//	 "groups": [{"kind": "burst", "key": "…", "message": "…", "members": ["…"]}]}
//
// WriteJSONL writes one document object per line in rank order, then one
// {"group": {…}} line per group; WriteText writes the same for people, and
// WriteHTML one self-contained page with a timeline of the claimed dates.
// Files that could not be read stay in the report, after the ranked ones.
package provenance
