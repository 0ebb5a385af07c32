// Package caseview is the case view: a docprov case database
// (provenance/casedb) shown in a browser, for the people who triage a
// leak by looking rather than reading. It comes two ways, with the same
// views and the same script:
//
//   - served: `docprov serve case.db` runs Handler on 127.0.0.1. The page
//     asks a JSON API, which pages through the case in SQL, so a case of
//     100,000 documents opens as fast as one of 100;
//   - self-contained: `docprov report --format html -o case.html case.db`
//     (and `docprov scan --format html`) writes WriteHTML's one file, the
//     case embedded in it as JSON, to mail or archive with the story. It
//     is made for cases of up to MaxSelfContained documents.
//
// # The views
//
//   - The ranked list: every document path, strongest evidence first, with
//     its score, format, people, date and checks. Filters by score, check,
//     feature value (author, last editor, software, UTC offset, language,
//     format, company, template, camera) and claimed time range, and a
//     search over paths, titles and people. The filters live in the URL's
//     fragment (#/?check=anachronism&f=author:marie%20dupont), so a view is
//     a link one can send. The list is virtualised: only the rows on screen
//     exist in the page, fetched 200 at a time when served.
//   - The timeline, above the list (uPlot): each document's claimed
//     creation (blue) and last modification (orange) against its score,
//     time in UTC; scores of 2 and more in red; the documents that claim
//     neither date counted beside it, one click from the list of them.
//     Dragging across it filters the list to that time; a burst of edits is
//     a column of dots.
//   - Facets: per feature, the questioned documents per value beside the
//     baseline's (casedb's features and baseline_features tables); a value
//     the baseline never shows is marked new. A value is a link to the
//     list filtered by it.
//   - Families and groups: the corpus-wide checks' groups (a burst of
//     edits, a cluster of one toolchain) with their members; then the
//     documents tied by an identifier they share (a PDF trailer
//     ID, an XMP DocumentID, a creation time to the second) and the genuine
//     baseline documents the shared-identifier check names as their
//     parents, drawn as a graph from parent to copy (Store.Families).
//   - The document page: every finding with the fields it rests on and
//     their values, what was observed, expected and compared; the claims;
//     every raw field (filterable); software; identifiers; the parent
//     message of an attachment with its DKIM verdict; related documents,
//     identical copies, groups and family.
//
// # How the data flows
//
// The view reads the store, never the documents: a Store runs read-only
// queries over a case opened with casedb.OpenReadOnly (the file read-only,
// every connection query_only). The server's API is the Store's methods
// as JSON: Case (counts, checks, facets), Timeline, Docs (a Query, a page
// of Rows), Doc, Families and Groups. The self-contained page is the same answers
// gathered once (Store.Collect, a Bundle) and embedded; the script's
// data source then filters in the page with the rules Query.where applies
// in SQL. `docprov scan --format html` scans into a temporary case and
// renders that, so there is one HTML renderer, and it shows what the
// in-memory report would not hold: each document's whole Record.
//
// # Why plain JavaScript and uPlot
//
// The views are a list, a scatter plot, some tables and a small graph:
// a framework would be most of the page's weight and a build pipeline for
// every change, and server-side templates (htmx) cannot draw a brushable
// timeline. The script is plain JavaScript, no module and no build step, in one file,
// assets/app.js, read as written. The timeline is uPlot
// (github.com/leeoniya/uPlot, MIT): 50 kB, no dependencies, canvas
// drawing that plots 200,000 points in a few tens of milliseconds, real
// time axes, and drag selection, which is the brushing. It is fetched
// from npm at build time, pinned by assets/package.json and
// assets/package-lock.json; assets/build.sh copies its built files into
// assets/vendor, which is committed and embedded with go:embed, so that
// go build never needs npm or the network. The family graph is SVG laid
// out by the script (columns by distance from the parents): families are
// small, and a graph library would be larger than all the rest.
//
// # Security
//
// A case is a sensitive leak's metadata, and every value in it was written
// by whoever made the documents, forgers included:
//
//   - The server listens on loopback unless told otherwise (docprov serve
//     warns when it is not), and on loopback answers only the Host names
//     of its own address (ServerOptions.Hosts), which stops a web page
//     from reaching it through DNS rebinding.
//   - It only reads: GET and HEAD, anything else 405; the database is
//     opened read-only and query_only. Documents are addressed by row
//     number, assets by a fixed list of names: no request names a file.
//   - Every value reaches the page as text: the script builds elements and
//     sets textContent (never innerHTML), makes every link itself from a
//     number, and html/template escapes the page's title. The JSON is
//     encoding/json's, which escapes <, >, & and U+2028/2029, so embedded
//     in the self-contained page it can neither close its script element
//     nor open a comment.
//   - Content-Security-Policy: served, scripts and styles only from the
//     server, connections only to it, no inline script, no framing; the
//     self-contained page's policy (a meta element) allows exactly its own
//     inline script and style by SHA-256 and no connection at all. Also
//     X-Content-Type-Options: nosniff, Referrer-Policy: no-referrer,
//     Cache-Control: no-store.
//   - Nothing is fetched from the network: no CDN, no web font (system
//     fonts), the favicon a data URL.
//
// # Measured
//
// bench_test.go, on a synthetic case of 100,000 documents written straight
// into the schema (a real scan that size takes most of an hour), on 2
// shared cores with a load average of 7 to 12 from other jobs, so the
// figures are rough (go test -run '^$' -bench . -benchtime 5x):
//
//	headless Chromium, served, the Store warmed as docprov serve warms it:
//	  first screen (list rows, filters, timeline of 200,000 claims drawn)  0.9 s
//	  the list's first rows alone                                          0.5-0.8 s
//	  a facet filter applied (URL change to rows shown)                    0.1 s
//	  a jump to a row deep in the list (scroll to rows shown)              0.08 s
//	the API, cold (a new Store) and warm (its caches filled):
//	  /api/case       1.5 s cold (facets and counts over the whole case), 2 ms warm
//	  /api/docs       first page 10-40 ms; page at offset 90,000: 60-290 ms;
//	                  a check: 90 ms cold (counting), 7 ms warm; a feature value: 10-30 ms;
//	                  a claimed time range: 10-110 ms; a search: 0.2-0.7 s (LIKE over every row)
//	  /api/doc/ID     0.7 s cold (it builds the families), 0.5 ms warm
//	  /api/families   0.7-1.9 s cold, 0.15-0.2 s warm (3,300 families)
//
// The self-contained page: the demo's is 680 kB (73 documents with every
// raw field) and shows its first screen in 0.25-0.3 s; a synthetic case of
// 5,000 documents (DOCPROV_BENCH_DOCS=5000) makes 8.6 MB and shows its
// first screen in 0.4 s, the documents' pages being parsed only when the
// first is opened. Before this package, scan --format html wrote a static
// page of 21.5 MB for 24,000 documents that took 11.5 s to render.
//
// The browser tests (browser_test.go) drive headless Chromium through
// chromedp over both forms: the demo case's counts and scores against its
// JSON report, a document, a family, a facet, a check and a time range
// (by dragging across the timeline), no console error; and a document
// whose title, author and file name are HTML shows them as text and runs
// nothing. They skip when no Chromium is installed.
package caseview
