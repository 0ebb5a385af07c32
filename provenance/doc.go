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
// and weekday of edits), how many genuine documents show each value; per
// population of comparable documents (every document, each format, each
// producer chain), which fields they carry and which intrinsic findings
// they show; the range of claimed times; when each program version is seen
// in use; and which genuine documents carry each identifier, with their
// content digests. It is a summary, not a list: Merge adds
// another baseline and gives exactly the baseline built from both sets of
// documents, so a corpus can be summarised in pieces; Save and LoadBaseline
// keep it in a versioned JSON file.
//
// # Checks and findings
//
// A Check is a named value with a one-line doc and a Run, like the
// analyzers of golang.org/x/tools/go/analysis; Validate checks a set of
// them. Checks returns them all:
//
//   - time-order: modified or printed before created, metadata before the
//     modification it records;
//   - after-as-of: a claim later than the leak date (Pass.AsOf) or the scan;
//   - edit-time: editing time longer than the document's life;
//   - name-date: the date (and time) a file name states is far from the
//     creation the document claims: a new document named after the date
//     it pretends to, a photo re-dated while its camera-given name kept the
//     moment it was taken; or its ZIP package was written long after both
//     the name's day and the last save it claims (re-written with its
//     claims untouched); graded by distance, each grade calibrated by
//     the comparable baseline documents whose names drift at least a
//     quarter as far (Check.CountsAs). A document made after its name's
//     date that shares an identifier and its title with a baseline
//     document saved that day (a PDF exported again months on, under its
//     original's name) is a later version, weighed 0 here: being later is
//     what shared-identifier weighs;
//   - sources-disagree: one claim recorded differently in two places (PDF
//     Info vs XMP, EXIF vs XMP), or a ZIP package written long after the
//     last save it claims;
//   - editing-traces: incremental updates, changed trailer IDs, tools in the
//     XMP history, bytes added after a signature, page content rewritten
//     after one, dates that run backwards across a PDF's saves, an update
//     that changed the creation or the author the first save claimed, a
//     thumbnail unlike its photo;
//   - photo-clock: a photo's local time, declared offset and GPS UTC time
//     disagree;
//   - anachronism: software, an XML namespace or a font released after the
//     latest date the document claims (from an embedded table of release
//     dates with sources, Releases), allowing for pre-releases; or a photo
//     older than the month its firmware was built, which a Samsung build
//     code names (no allowance: nothing runs a build before it is made);
//   - producer-mismatch: the application a file names is not the one its
//     structure shows;
//   - email-authenticity: a verified DKIM signature, or a verified message
//     that carried the document, is evidence for it (a negative weight); a
//     failing one is weak evidence against;
//   - c2pa: a C2PA manifest (formats/c2pa) that declares its content
//     made by a generative model (IPTC trainedAlgorithmicMedia,
//     compositeWithTrainedAlgorithmicMedia), that was altered after it was
//     signed (signature or hashed URI mismatch), whose asset changed after
//     signing (the hard binding fails), or whose time-stamped signing time
//     contradicts the claimed capture; a trusted signer's valid manifest
//     is evidence for the file (a negative weight); a manifest stripped, or one where
//     the baseline's documents carry none, is scrubbed's and
//     added-metadata's (c2pa.* fields are metadata);
//   - scrubbed and added-metadata: metadata the comparable baseline
//     documents carry is missing, or present where none of them has it
//     (in a self-baseline, or where only a few other questioned documents
//     have it: a forger's documents share the fields the forger adds); a
//     property its program writes itself (a save time, the user name, a
//     count) missing from a part the document kept is compared with the
//     documents that kept that part, so that an office's privacy step,
//     which removes whole parts, hides no hole in one;
//   - placeholder: a descriptive property holding what a document library
//     writes when its caller left it unset (ReportLab's "anonymous",
//     "unspecified", "untitled"), where the comparable baseline documents
//     that carry the property give it values of their own;
//   - rare-value: a value the baseline never shows (author, editor, or
//     none where the format's documents name one; program and version,
//     fingerprint, the program a series of documents (the first word of
//     the file name) comes out of, how the ZIP container was written and
//     in which order its parts (a package saved from one loaded, or
//     rewritten by another tool, lists them otherwise), the
//     program of a PDF's last update, and whether the program its
//     structure shows left it linearized (a pipeline's qpdf --linearize, a
//     forger's rewrite); template, language, UTC offset (also the one a
//     photo's local and GPS clocks imply, and the offset beside the
//     producer chain that wrote it: whether a program writes local time or
//     UTC is its habit, so an offset the organisation shows, but never
//     from this program, is another machine's); fonts, the default font and the
//     languages of the default style (the installation's locale, which a
//     workbook's Country record holds too), a workbook's date and currency
//     formats (written in its program's locale's notation);
//     camera, camera body (make, model and serial: a photo from a body
//     the organisation never used), camera and JPEG tables; the first word
//     of the title beside the series, when the baseline knows both and
//     never together: an invoice titled as the letters are …; how a ZIP
//     package's entries were written beside the producer chain, when the
//     baseline knows both and never together: a LibreOffice document
//     zipped the way the office's export script zips was unpacked, edited
//     and zipped again), weighed
//     by how often the baseline itself
//     shows new values of that feature (Good–Turing), for people by how
//     often it sees newcomers join when the document is dated after its
//     documents end (and a new name is weaker evidence than a new program:
//     forgers attribute their work to real insiders), and for a newer
//     version of a program it uses by how often it sees that program
//     updated, when dated after it last shows it (and for an older one
//     dated before it first shows it), and for a new program
//     in a series by how long ago the baseline last shows the series
//     (pipelines switch programs about every two years), while one dated
//     within the span of a series every baseline document of which came
//     out of one other program counts as much as a program never seen; a format's own
//     features (its ZIP writer, its default font, naming no one) only
//     against that format's documents;
//   - shared-identifier: an identifier of a different genuine document of
//     other content — an edited copy, or a document made from it by Save
//     As; the finding names the parent. Besides the identifiers a file
//     carries, docprov derives three from its claims: the creation and
//     last save times with the first author (claimed.times: an edit its
//     program never recorded), the creation time alone (claimed.creation:
//     a later revision under the same title, a Save As under another) and
//     the effort it claims (claimed.effort: the time from creation to last
//     save to the second, the editing time, the revision and the author: a
//     document whose properties were copied from another and moved to
//     other dates), and
//     one from a photo's EXIF: the camera and the exposure it measured for
//     one shot (exif.capture: a photo whose EXIF was copied from another
//     shot, or a date-shifted duplicate of it). The
//     root of a document's first editing session (w:rsidRoot, ODF
//     RsidRoot) shared by documents of which one names a template is weak
//     evidence: a template passes its own on, also to documents made by
//     opening the template file itself, which do not name it. A document named as a later
//     version of the one it shares them with ("report_v2.odt" of
//     "report.odt"), under its title or none, keeps what a later version
//     keeps: weighed at nothing, but for the creation and last save both
//     (claimed.times), which no later save keeps;
//   - known-content: the content of a genuine document (the same text, or
//     the same pages) under other claims: created before it, or by none
//     of its authors, a genuine document whose metadata was changed. A
//     copy that keeps its claims is that document again, converted or
//     re-saved later, and the finding explains (Finding.Explains) what
//     shows when, by whom and with what program it was written: those
//     findings count for nothing;
//   - photo-name: a photo named the way the baseline's photos of another
//     maker are (P1001085.JPG from a phone, in an office whose Panasonic
//     writes P100####.JPG), weighed by how often the baseline's makers
//     share a naming; renaming is an act of its own, beside the device;
//   - time-window: dated outside the period the baseline covers, weighed by
//     how far;
//   - version-adoption: a program version claimed before the organisation
//     is seen using it, while it used an older one; or a file made by a
//     program (as its structure shows) the organisation switched to only
//     later for that format, or for that series of documents (the first
//     word of the file name: one export pipeline's switch, which other uses
//     of the new program hide at the format's level); or a series, or a
//     kind of document (texts, sheets, slides), saved in a format (.docx)
//     it moved to only later (from .doc), a document created before the
//     switch excepted (a re-save keeps its format), and a claim dated
//     between the old format's last document and the new one's first
//     weighed by how far into that gap it falls. A
//     program counts as switched to only when the baseline shows the one
//     it replaced last seen within a month of its first sighting (a
//     format written by several programs at once is no switch), and the
//     finding grows with the replaced program's documents dated after the
//     claim; symmetrically, a program claimed long after the baseline
//     last shows it, when another replaced it and was in use by then;
//     that a program was retired is judged within the document's series
//     when the series has documents of it (a payroll printer's
//     Ghostscript outlives the browser that took over the format's web
//     pages). Adoption is dated by
//     when each genuine file was written: its claims, or its ZIP package's
//     stamps when those are later (an export that copies a template's
//     properties keeps its claims fixed).
//
// Across a questioned corpus, CorpusChecks add:
//
//   - edit-burst: many files modified within minutes, created over months
//     (bulk handling, as in the MacronLeaks spreadsheets);
//   - family: documents sharing an identifier; members of other content
//     are evidence, shared between them by which is likelier the copy:
//     the one saved last, and the one whose own checks found other traces
//     of its making (not in a self-baseline, where those were weighed
//     against the other member);
//   - save-as-gap: a document made by Save As from another (it shares
//     the other's creation time or first-session rsid, under another
//     title and content), where the office itself starts documents that
//     way: weighed by how long the one it was made from lay unused, the
//     last of them saved before it among the baseline's and the
//     questioned documents. The baseline's own gaps, as an exponential of
//     their mean with a 1/(n+2) share of any age, against a forger's
//     source of any age (uniform over the organisation's period): people
//     reuse last week's letter, a forger the one he has to hand. A
//     document made from the last one of its own file-name series, with
//     none of the series saved between (last year's annual report), is
//     the series' rhythm, not a gap;
//   - export-pair: a PDF beside a questioned office document of the same
//     name and title, created within an hour of its last save, is its
//     export, part of one act of making: what the source's own checks
//     found (copied properties, a shifted clock, a foreign installation,
//     little of which an export carries) lifts the PDF's score to the
//     source's, mixed with a 0.1 chance that the two are not one act;
//     lifted to it, not added to the PDF's own, which may rest on the
//     same fact. Two office formats of one name and title whose creation
//     and last save both agree within the hour (a Save a Copy as .xls
//     beside the .ods; a UTC stamp beside a wall clock without an offset
//     agrees when they differ by a zone's whole quarter hours) lift each
//     other alike; a copy saved again later is its own;
//   - cluster: documents made with a combination of programs the baseline
//     never shows; grouped, not weighed, since rare-value weighs each
//     member's programs already;
//   - photo-sequence: a photo out of its camera's numbering order, or its
//     body's shutter count, among the questioned photos and the
//     baseline's of the same camera;
//   - series-program: a program the baseline never shows (or shows in
//     other series only: a portal's PDF printer making a letter), in a series
//     rare-value thought may have changed program since the baseline last
//     shows it, while the questioned documents of the series kept the old
//     one (the allowance is taken back); and a program the series adopted,
//     or a format it moved to (a .docx among .doc letters), claimed before
//     the baseline shows it, while the series' questioned documents still
//     came out of the old program, or in the old format, after the claim;
//   - rendition: a PDF made later from an office document (or a PDF, under
//     a longer name), questioned
//     beside it or in the baseline (its file name, or that name with
//     words after it: "report_web.pdf"; its title; created after the
//     source's last save, later than export-pair's hour), was rendered by
//     whatever program was at hand: what rare-value and series-program
//     found of a program the baseline never shows is taken back, when the
//     PDF claims the program its structure shows; and a name dated as its
//     source was created or saved is its source's, so name-date's finding
//     is taken back too (for an export within the hour under the
//     source's own name as well: a report begun on the day its name gives
//     and exported weeks later, when it was finished). Its people and content keep their findings, and
//     it does not take its source's status: the source may have been
//     edited after it was rendered;
//   - outside-editor: a last editor the baseline never shows who wrote none
//     of the questioned documents, only re-saved other people's: weighed
//     without most of rare-value's allowance for people who joined, since
//     people who join write documents of their own;
//   - leak-date: without a leak date, time-window's weighing of dates after
//     the baseline's window, with the leak's date estimated from the
//     questioned documents' own (the time nine in ten of their latest
//     claims precede).
//
// # The evidence model
//
// Every Finding carries a Strength: log10 of how much likelier the evidence
// is if the document was forged than if it is genuine,
//
//	Strength = log10 P(evidence | forged) / P(evidence | genuine)
//
// (1 = ten times likelier), bounded to [0, 3]. The numerator is a documented
// prior of each check (Prior.Forged: how often a forger's document shows
// the trait). The denominator is what a baseline is for.
//
// Without a baseline it is the check's prior rate among genuine documents
// (Prior.Genuine). With one it is estimated from the genuine documents
// comparable to the questioned one: those of the same format and producer
// chain — the program family the document claims and the structure its
// bytes show (the format's producer fingerprint; for photos the camera and
// the JPEG tables) — falling back to the format, then to its family of
// formats (every OpenDocument, Office Open XML or legacy Office file: one
// metadata schema, one writer), then to every document, when a population has fewer than five documents that could show the trait
// (for a trait on a raw field, those that carry the field: only signed PDFs
// can show bytes after a signature). With k of n comparable documents
// showing it,
//
//	P(evidence | genuine) = (k + 2·Prior.Genuine) / (n + 2)
//
// a Beta estimate in which the prior counts for two documents. When the
// baseline has no document of the questioned one's program, its format's
// documents (other programs) can weaken the evidence but not strengthen it:
// what they never show says little of what this program's files do. So a trait
// that every comparable genuine document shows is worth about nothing here,
// whatever it means elsewhere (an organisation whose export script always
// claims "Microsoft Excel"), and one that none of forty comparable documents
// shows is worth more than its prior ("0 of 41 pdf documents claiming
// libreoffice in the baseline show this"). The baseline counts, per
// population, the documents that carry each field and that show each kind
// of intrinsic finding, under the checks it was built with; a scan with
// other checks refuses it (Scanner.Validate, ErrBaselineChecks).
//
// Baseline checks estimate the denominator from the baseline in the way
// their evidence calls for: rare-value and added-metadata with Good–Turing
// (the share of observations whose value, or of fields, only one document
// shows), scrubbed and shared-identifier with the Beta estimate above over
// the comparable documents and over the baseline's own shared identifiers
// (template reuse is normal in some offices; for scrubbed, a small
// population's prior is the next wider one's own rate of lacking the
// field, when that is higher: an office that strips its spreadsheets may
// strip a letter too), time-window and
// version-adoption from the dates the baseline covers. Each finding says
// what it was compared with (Compared).
//
// Findings that rest on one underlying fact are one piece of evidence, not
// several. Each has a Fact — person (author, last editor, the scripts of
// their names, editor/program pairs), program (application, producer,
// fingerprint, producer mismatch, anachronism, version adoption), clock
// (claimed times, offsets, hours, package times, bursts), device, editing,
// metadata, identity, typography, locale, company, template, email, file
// name — and
// Combine counts the strongest finding of each fact in full and every
// further one at a quarter of its strength (Weight; CountedWith names the
// stronger one): a second sighting of one fact is mostly the same evidence
// again, but not always. A document's score is the sum of its findings'
// weights. A newcomer's name makes "author never seen" and "last editor
// never seen" both fire: they add up to the first plus a quarter of the
// other, below a forgery that carries two independent traces. A pair of
// values (an editor and a program) is weighed only when the baseline
// knows both members and never shows them together; when one member is
// new, its own finding, with the allowance due to people who joined later
// or programs updated since, is the evidence.
//
// One finding can explain others. A document with the content and the
// claims of a genuine one (known-content) is a later copy, re-save or
// conversion of it: that it was written later than its name says, by
// another program or person, is what such a copy shows, so the findings
// of those facts (clock, program, editing, person) count for nothing and
// their CountedWith says what explained them. The rule is Finding.Explains.
//
// In self-baseline mode (Pass.LeaveOut: the questioned documents are their
// own baseline) every count leaves the document itself out.
//
// The weights rank documents for a person to examine; no finding is proof,
// and genuine documents have findings too (signed PDFs have updates,
// organisations hire new staff).
//
// # Reports
//
// Report ranks the documents by score. Its JSON form (WriteJSON), schema 1:
//
//	{"schema": 1, "baseline_docs": 48,
//	 "documents": [
//	   {"path": "leak/budget.xlsx", "format": "xlsx", "sha256": "…", "score": 3.4,
//	    "findings": [{"check": "rare-value", "weight": 1.7, "strength": 1.7,
//	                  "message": "last modified by \"рошка георгий\" never appears in the baseline",
//	                  "fields": ["last_modified_by"], "observed": "рошка георгий",
//	                  "expected": "baseline: \"marie dupont\"×12, …", "fact": "person",
//	                  "compared": "61 baseline observations of last modified by, 1 of them of a value seen only once"},
//	                 {"check": "rare-value", "weight": 0.3, "strength": 1.2, "fact": "person",
//	                  "counted_with": "rare-value: last modified by … never appears in the baseline", …}]},
//	   {"path": "leak/broken.pdf", "score": 0, "findings": [], "error": "leak/broken.pdf: malformed: …"}],
//	 "groups": [{"kind": "burst", "key": "…", "message": "…", "members": ["…"]}]}
//
// WriteJSONL writes one document object per line in rank order, then one
// {"group": {…}} line per group; WriteText writes the same for people. The
// HTML report is the case view's (package provenance/caseview), rendered
// from a case database.
// Files that could not be read stay in the report, after the ranked ones.
package provenance
