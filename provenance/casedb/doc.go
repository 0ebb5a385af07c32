// Package casedb keeps a docprov case in a SQLite database: every
// questioned document's Record with its raw fields, software and
// identifiers, the findings, scores and groups of the last scan, a summary
// of the baseline it was compared with, and the parameters of every run.
// `docprov scan -o case.db` and `docprov extract --format sqlite -o x.db`
// write it, `docprov report case.db` renders it, and analysts query it
// with SQL (the `sqlite3` shell, a notebook, any SQLite client).
//
// # Runs: incremental and resumable
//
// A run (DB.Begin) reads files into the case (Run.Extract), optionally
// scans them (Run.Check), and records how it ended (Run.End):
//
//	db, err := casedb.Open(ctx, "case.db")
//	run, err := db.Begin(ctx, casedb.RunParams{Command: "scan", Roots: roots})
//	stats, err := run.Extract(ctx, extractor, docprov.Walk(slices.Values(roots), true), casedb.ExtractOptions{Workers: 4})
//	rep, err := run.Check(ctx, &provenance.Scanner{Baseline: b}, casedb.BaselineInfo{Kind: "file", Source: "baseline.json"})
//	err = run.End(ctx, err)
//
// Extract commits its results as they come, every ExtractOptions.BatchSize
// results or CommitEvery (256 results, 2 seconds), so a run that is
// interrupted (Ctrl-C, a crash, kill -9) loses at most its last batch. A
// file whose path, size and modification time are recorded is not read
// again; a file whose size or time changed is, and keeps its document if
// its SHA-256 did not change; a file that could not be read is tried
// again. A case read by another docprov version or under other extraction
// settings (RunParams) is read again whole, so that no document mixes two
// readings.
// So rerunning the command an interruption stopped finishes the work, and
// rerunning it on a leak that has grown reads only the new files. Once
// every input has been seen, files the run was not given leave the case:
// the case is what the last complete run was given.
//
// Check (or Run.Scan, which returns counts instead of the report) then
// reruns every check and the corpus-wide checks over all the case's
// documents, read back from the database in the order of the walk,
// and replaces the findings, scores and groups: the report of a case
// built in several runs is the report of one uninterrupted scan, byte for
// byte (the tests compare them). DB.Report rebuilds that report without
// reading any file.
//
// # Identical copies
//
// Files with the same bytes (the same SHA-256) are one row of documents
// with a row of paths each, so that a query counts documents, not copies.
// A copy whose Record says more than its path differently (an attachment
// named otherwise inside another message) keeps its own Record in
// paths.record. Findings and scores belong to paths, as in the scan's
// report, since some rest on the path itself (a date in the file name, the
// members of a group); documents.score is the highest of its paths'.
//
// # Schema (version 1)
//
// The version is in PRAGMA user_version; Open creates a new case at
// SchemaVersion (an older case would be upgraded: there is none yet) and
// refuses a newer one with ErrSchemaVersion. PRAGMA application_id is
// 0x64707276 ("dprv"): Open refuses to add its tables to another program's
// database (ErrNotCase). Adding a table, column or index keeps the version;
// renaming or removing one, or changing what a column means, bumps it.
// Times are text: claimed times as the document wrote them (RFC 3339 with
// the file's own UTC offset, or without any offset when the file recorded
// none), run times in UTC. Foreign keys cascade: deleting a document
// deletes its fields, software, identifiers, paths and findings.
//
// documents: one row per distinct content.
//
//	id                INTEGER  primary key
//	sha256            TEXT     SHA-256 of the file's bytes, UNIQUE; NULL for a file that could not be read
//	format, mime      TEXT     the reading format's name (pdf, docx, jpeg …) and MIME type
//	size              INTEGER  bytes
//	title             TEXT     the document's claimed title
//	authors           TEXT     JSON array of its claimed authors (query with json_each)
//	last_modified_by  TEXT     the user name of the last save
//	company           TEXT
//	created, modified TEXT     claimed times, in the document's own offset: substr(created, 12, 2) is the local hour
//	created_utc, modified_utc TEXT  the same in UTC, for ordering across offsets; NULL when the file gave no offset
//	score             REAL     the highest score of its paths in the last scan (NULL before a scan)
//	error             TEXT     why the file could not be read (then most other columns are NULL)
//	record            TEXT     the whole Record as `docprov extract` writes it (schema 1, SCHEMA.md), with the first path read
//
// files: one row per file the last run was given (a container such as an
// MBOX is one file holding several documents).
//
//	id          INTEGER  primary key
//	path        TEXT     as given or walked, UNIQUE, in printable form (docprov.EscapePath)
//	path_bytes  BLOB     the exact bytes when the path is not UTF-8, else NULL
//	size, mtime INTEGER, TEXT  size and modification time (UTC, RFC 3339) when it was read: what a rerun compares
//	status      TEXT     "extracted"; "unreadable" (no Record: read again next run); "partial" (interrupted: read again)
//	seq         INTEGER  its position in the last run's walk: the order of the scan
//	run         INTEGER  the params row of the last run that saw it
//
// paths: one row per document path, a file's own or a part's inside a
// container ("mail.mbox#12/budget.xlsx").
//
//	id          INTEGER  primary key
//	document    INTEGER  documents.id
//	file        INTEGER  files.id of the file it was read from
//	part        INTEGER  its position among the file's documents
//	path        TEXT     printable form, UNIQUE; what reports and groups name
//	path_bytes  BLOB     exact bytes when not UTF-8
//	record      TEXT     this path's own Record JSON when it differs from its document's beyond the path, else NULL
//	score       REAL     its score in the last scan: the sum of its findings' weights
//	rank        INTEGER  its place in the last scan's report, 1 first (unreadable files last)
//
// fields: every raw metadata item (Record.Fields).
//
//	document  INTEGER  documents.id
//	key       TEXT     where it was found: "pdf.info.Producer", "ooxml.core.lastModifiedBy", "exif.IFD0.Model" …
//	value     TEXT     as text
//
// software: the programs a document names (Record.Software), in order.
//
//	document, ordinal  INTEGER
//	role               TEXT  creator, producer, application, editor or device
//	name, version, platform TEXT  as parsed from raw ("Microsoft Word", "16.0", "")
//	raw                TEXT  the string as the file wrote it
//	source             TEXT  the fields key it came from (a key under "<family>.fingerprint" when inferred from the structure)
//
// identifiers: IDs that tie copies and derivatives to their original
// (Record.IDs).
//
//	document, ordinal  INTEGER
//	kind               TEXT  "xmp.DocumentID", "pdf.trailer.ID0", "ooxml.rsidRoot", "exif.BodySerialNumber" …
//	value              TEXT
//	source             TEXT  the fields key it came from
//
// findings: the evidence of the last scan, per path.
//
//	id               INTEGER  primary key
//	path, document   INTEGER  paths.id and documents.id
//	ordinal          INTEGER  its place in the path's findings, strongest first
//	check_name       TEXT     the check: "rare-value", "producer-mismatch", "family" …
//	weight           REAL     what it adds to the score (log10 likelihood ratio, after combining findings of one fact)
//	strength         REAL     its own log10 likelihood ratio
//	fact             TEXT     the underlying fact: person, program, clock …
//	message          TEXT
//	observed, expected, compared TEXT  what the document shows, what the baseline shows, what it was weighed against
//	evidence         TEXT     the whole finding as the JSON report writes it (fields, related, counted_with …)
//
// groups and group_members: the corpus-wide checks' groups (a family
// sharing an identifier, a burst of edits, a cluster of one toolchain).
//
//	groups:        id, ordinal, kind ("family", "burst", "cluster" …), key, message
//	group_members: group_id, ordinal, path (TEXT, as paths.path), document (documents.id)
//
// baseline: one row, the baseline of the last scan.
//
//	kind     TEXT     "file", "folder" (built from genuine documents), "self" (the case itself) or "none"
//	source   TEXT     the file or folder
//	docs     INTEGER  documents summarised (identical copies once); copies: the copies counted once
//	checks   TEXT     JSON array of the intrinsic checks it counted
//	formats  TEXT     JSON object: documents per format
//
// features and baseline_features: the comparable traits
// (provenance.Features, normalized: lower case, spaces folded) a reader
// filters by and compares with the baseline, those FacetFeature keeps:
// format, author, last_modified_by, company, template, language,
// utc_offset, camera, software.<role> ("libreoffice 5.3"), script.<name>.
// Written by the last scan (added within version 1; a case scanned
// before them has them empty until it is scanned again).
//
//	features:          document (documents.id), feature, value
//	baseline_features: feature, value, docs (baseline documents showing it)
//
// params: one row per run, the newest last.
//
//	run              INTEGER  primary key
//	command          TEXT     "scan" or "extract"
//	docprov_version  TEXT     from the build information
//	extraction       TEXT     the extraction settings (a change reads every file again)
//	roots            TEXT     JSON array of the paths given
//	as_of, self, baseline, checks  the scan's leak date, self-baseline flag, baseline, and checks run (comma-separated)
//	started, finished TEXT    UTC
//	status           TEXT     running (or killed), interrupted, failed, complete
//	files_walked, files_extracted, files_unchanged, files_removed INTEGER  what Extract did
//	documents        INTEGER  documents in the case when the run ended
//
// Indexes serve the queries analysts run: fields by key and value,
// identifiers by value, findings by check and weight, documents by score,
// software by name and version, paths by document and rank.
//
// # Why ncruces/go-sqlite3
//
// The driver is github.com/ncruces/go-sqlite3 v0.37.0: pure Go, no cgo
// (SQLite compiled to WebAssembly and translated to Go by wasm2go, in
// github.com/ncruces/go-sqlite3-wasm), which keeps docprov a single static
// binary that cross-compiles. It was measured against
// modernc.org/sqlite (SQLite translated to Go) on this workload: inserting
// 20,000 documents with their fields, software and identifiers took 22.8 s
// against 60.8 s, at a peak RSS of 21 MB against 25 MB; the binary is
// larger (13.3 MB against 10.1 MB). Writing the case is the part of a
// scan that grows with the leak, so speed decided. Since v0.37.0 the
// driver carries SQLite itself: its embed package is deprecated (and prints
// a line when imported), so casedb imports only the driver, through
// database/sql.
//
// # Memory
//
// Run.Scan streams: provenance.Scanner sends each path's findings to the
// case as it is checked (Scanner.Sink) and keeps only its DocSummary; the
// corpus-wide checks then run over the summaries and their findings are
// merged into the paths they concern (Sink.Amend); SQL ranks the paths
// (row_number over score and path). docprov report --format
// text|jsonl|json|csv reads the report a document at a time
// (DB.ReportStream; provenance.ReportStream.WriteJSON writes the bytes
// Report.WriteJSON would); html gathers the page's data whole
// (caseview.Store.Collect), since the self-contained page embeds it, and
// is made for cases of up to caseview.MaxSelfContained documents.
//
// What still grows with the corpus: one summary a path (32 bytes: its
// document's claims, file name and folder are shared, see
// provenance.DocSummary), the paths and documents rows of each (8
// bytes), the groups' members (4 bytes each, Group.MemberIndexes) and the
// corpus-wide findings until Finish (16 bytes each: the members of a
// group share one Finding, and findings in a row that observe the same
// one Observed); and for each distinct document its
// provenance.DocClaims (40 bytes, in chunks that never move: its SHA-256
// in 32 bytes and the pointer to its provenance.Claims, shared by the
// documents that claim the same), 5 to 11 bytes of the scanner's index
// that finds them for its identical copies, and its self-baseline entry
// (provenance.Baseline.CompactRefs, 48 bytes in chunks: the numbers of
// its path's two interned halves, its SHA-256 in 32 bytes; and 4 bytes a
// reference from the identifier index, without the lists' growth room
// once the baseline is complete, provenance.Baseline.Trim). A hard link to a
// file read earlier in the run is not read again (Run.Extract). docprov scan -o case.db runs the checks
// at GOGC=100 under a soft memory limit of 160 MiB (GOGC and GOMEMLIMIT
// override them): twice the live heap, not tuneGC's five times, since
// what the checks keep alive grows with the corpus.
//
// Measured with .ci/bench-case, which builds the corpora and runs
// docprov scan --self --as-of 2017-05-05 -j 1 -o case.db under
// /usr/bin/time -v, on 2 cores shared with other jobs (wall times are
// rough; CPU is user + system). Before is the build without the compact
// self-baseline, the shared Claims and findings and GOGC=100; the reports
// of both are the same bytes (report --format jsonl of the 10,000- and
// 100,000-file cases, --format text of the 10,000-file one). Now is the
// build that keeps a distinct document's SHA-256 in 32 bytes (DocClaims,
// not a 64-character hex string, and the scanner's map of them by eight
// bytes) and the self-baseline's paths as numbers, measured on the
// corpora after was re-measured on (after then took 44 s, 74 MiB; 507 s,
// 164 MiB, 13 min); the reports of both are the same bytes (jsonl of both
// cases, text of the 10,000-file one).
//
// Files of the demo leak (73) given distinct contents (bench-case
// --distinct: a comment in the zip's end record, a line after a PDF's
// %%EOF, bytes after a JPEG's end), CPU and peak RSS:
//
//	files     before              after               now
//	10,000    41 s, 183 MiB       45 s, 74 MiB        42 s, 71 MiB
//	100,000   720 s, 252 MiB      494 s, 160 MiB      443 s, 128 MiB (3.7 GB case, 16 min; now 8 min)
//
// Hard-linked copies of the shared corpus's 633 files (folders of one
// copy each):
//
//	paths       before            after
//	100,000     82 s, 234 MiB     88 s, 143 MiB (89 s with a CPU profile; now 88 s, 143 MiB)
//	300,000                       263 s, 160 MiB (with a CPU profile)
//	1,000,000                     956 s, 212 MiB (with a CPU profile, 28 min)
//
// (An earlier build took 1,373 s and 228 MB at 1,000,000 paths, 2.9 GB
// of case.)
//
// The peak still grows with the distinct documents, and with the paths.
// What a distinct document keeps alive at the peak (the corpus-wide
// checks' first Amend), as provenance.BenchmarkSelfScanResidents measures
// it, without the noise of a shared machine's peak RSS (slope from 5,000
// to 20,000 of the demo leak's documents): 300 bytes of live heap before
// the DocClaims' table and chunks, the compact findings, the self-baseline's
// 48-byte entries in chunks and Baseline.Trim, 200 after (the
// self-baseline 115 -> 77, the scanner's summary and claims 115 -> 90,
// the corpus-wide findings and groups 70 -> 32); at GOGC=100 about twice
// that in peak RSS (650 bytes a distinct document before, 1 kB before
// that). At a million distinct documents it is still about 200 MB of live
// heap, past the soft limit: issue #13's 250 MB needs the summaries,
// claims and self-baseline entries out of memory (the case holds them
// all), not smaller.
// CPU a path, with a CPU profile: 8.9, 8.8 and 9.6 s per 10,000 at
// 100,000, 300,000 and 1,000,000 hard-linked paths (+7% over ten times
// the paths). What grows faster than the paths, 100,000 to 1,000,000:
// the checks themselves 9.6 times (provenance.Scanner.Add), but the
// group members' inserts 17 times (saveGroups: each looks up its path's
// row, and a group's members lie a row in 633 apart), SQLite's page reads
// 20 times (getPageNormal: the tables outgrow its page cache of 2 MB),
// its B-tree inserts 15 times (addLinked's land in paths_document at 633
// places, one a document) and the collector 23 times (the live heap
// grows with the paths and nears the soft limit).
//
// Re-measured on one day, without profiles, before and after the summary
// of 32 bytes a path (provenance.DocSummary) and Scan's rows as two
// uint32 (8 bytes a path, not 16), the reports the same bytes: 10,000
// distinct files 37.6 s, 76.3 MiB before, 39.7 s, 73.5 MiB after;
// 100,000 distinct files 453.3 s, 137.6 MiB before, 456.1 s, 136.0 MiB
// after (the table's 443 s, 128 MiB were measured on another day: the
// shared machine's noise is as large as the change, which a distinct
// document, keeping far more than its path, hardly shows).
// 1,000,000 hard-linked paths after: 910 s CPU, 196 MiB (870 s wall; the
// table's 956 s, 212 MiB were measured with a CPU profile, so the two
// compare only roughly).
//
// Re-measured on one day (the other jobs on the machine kept its load at
// 5 to 11, which slows the CPU too: 10,000 files took 58 s where they took
// 38 s above), 818cea1 before and this build after the smaller residents
// of the paragraph above, the reports the same bytes (report --format jsonl
// of the 10,000- and 30,000-file cases, text of the 10,000-file one):
// 10,000 distinct files 58.5 s, 72.6 MiB before, 60.8 s, 69.1 MiB after;
// 30,000 177.5 s, 85.0 MiB before, 168.7 s, 82.9 MiB after (an earlier
// pair of runs: 61.0 s, 71.7 MiB and 200.2 s, 84.4 MiB before; 59.3 s,
// 70.5 MiB and 175.8 s, 80.5 MiB for the build without DocClaims' 40 bytes
// and Trim); 100,000 608.7 s, 127.6 MiB before, 653.7 s, 115.3 MiB after
// (report --format jsonl byte-identical; the after run had the busier
// machine, load 6 against 4 to 5). From 30,000 to 100,000 the peak RSS
// grows 638 bytes a distinct document before, 485 after; the heap of the
// checks peaks at 82 MB before, 67 MB after (gctrace; 46 and 38 MB live).
// The peak of the 10,000-file scans lies in the extraction, whose
// GOGC is 400 (gctrace: a heap of 35 to 40 MB there, 23 to 28 MB in the
// checks), and at 30,000 the two are about even (37 to 41 MB): only past
// that does the peak RSS grow with the documents the checks keep (67 MB
// of heap at 100,000), and between 10,000 and 30,000 it moves from run to
// run by as much as the change. Compare BenchmarkSelfScanResidents' live
// heap, or runs of 30,000 and more.
//
// docprov baseline build, measured the same way (bench-case --baseline:
// docprov baseline build -j 1 -o baseline.json CORPUS/files). A later
// name of a hard-linked file is not read again (its Records count as
// identical copies, as Add counts them), so hard-linked copies of the
// shared corpus take 1.8, 2.2 and 7.2 s CPU at 10,000, 100,000 and
// 1,000,000 paths, at 137 MiB peak RSS each (before: 25.4 s, 187 MiB at
// 10,000; 248.6 s, 214 MiB at 100,000, every name read). Distinct files
// of the demo leak: 10,000 15.6 s, 74 MiB; 100,000 155.4 s, 138 MiB
// (before: 16.2 s, 118 MiB; 159.4 s, 662 MiB, when the baseline's
// identifier index was kept as a DocRef a document and identifier, and
// Save expanded and encoded its 113 MB whole). The baseline keeps its
// references compact (provenance.Baseline.CompactRefs) and Save writes
// them a list at a time; what it keeps still grows with the distinct
// documents (about a hundred bytes each), so baseline build runs under
// the scan's soft limit of 160 MiB (at tuneGC's GOGC=400; GOGC=100
// took 10% more CPU for 73 MiB at 100,000).
//
// docprov report case.db on the 10,000-file case, before and streaming,
// the same bytes: --format text 689 MB and 8 s, 48 MB and 7 s; --format
// jsonl 495 MB and 7 s, 50 MB and 11 s; on the 10,000 distinct files'
// case (bench-case --distinct), peak RSS and wall: --format json 791 MiB
// and 3.3 s, 50 MiB and 2.3 s (151 MB of JSON); --format csv 415 MiB and
// 1.2 s, 66 MiB and 1.4 s. The engineer
// who built the case measured 75 and 584 MB at 1,000 and 10,000 files
// (an in-memory scan --self --format json: 91 and 875 MB), and 68 and
// 205 MB for hard-linked copies (73 distinct documents).
//
// # Writing fast
//
// The database runs in WAL mode with synchronous=NORMAL (a power cut may
// lose the last commits, never corrupt the case; readers such as docprov
// report or the sqlite3 shell read while a scan writes), batches its
// inserts in transactions of DefaultBatchSize results, and prepares each
// statement once per transaction. A scan's one transaction drops the
// indexes of the tables it rewrites (findings, features, group_members)
// and creates them again once the rows are in, and writes the findings,
// which the corpus-wide checks amend, to a temporary table first and to
// the case once: readers still see the indexes and one scan's results or
// the last one's.
//
// The temporary table is a file in SQLite's temporary directory
// (SQLITE_TMPDIR, else TMPDIR, else /tmp), deleted as it is created: a
// scan needs free space there about the size of the findings, and the
// sorts of its queries, about 2.1 GB at 100,000 files. The WAL still
// grows to the size of what the scan's transaction commits (the
// findings, and every page of documents, whose score it sets): 2.4 GB at
// 100,000 files.
//
// Measured on 2 cores shared with other jobs (scan --self, 100,000 files
// of distinct contents): the checks and writes after extraction took
// 697 s before the temporary table and the indexes created after the
// rows, 290 s after (the features' inserts 142 s -> 26 s, the findings'
// 57 s -> 16 s, Amend 91 s -> 37 s, the groups 39 s -> 16 s; copying the
// findings 12 s and creating the indexes 6 s added); the whole scan 914 s
// (the figure of issue #13) -> 703 s, peak RSS 273 -> 268 MB. At 10,000
// files the scan takes as long as before (35 s).
package casedb
