package provenance

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The intrinsic checks need only the document: its claims must agree with
// each other and with the calendar.

// slack allows for clocks and rounding: a minute between two claims of one
// save is noise, not evidence.
const slack = time.Minute

// unknownOffset is the most two wall clocks of unknown offsets can differ
// for the same instant.
const unknownOffset = 14 * time.Hour

// earlier reports whether a is certainly before b by more than margin:
// exactly when both carry offsets, with ±14 h of doubt when either does not.
func earlier(a, b Timestamp, margin time.Duration) bool {
	if !plausible(a) || !plausible(b) {
		return false
	}
	if !a.HasOffset || !b.HasOffset {
		return wallClock(a).Add(margin + unknownOffset).Before(wallClock(b))
	}
	return a.Time.Add(margin).Before(b.Time)
}

// plausible reports whether a claimed time can be a real document time:
// set, and not before 1980 (a zero FILETIME reads as 1601, a zero DOS date
// as 1980-01-01, a zero Unix time as 1970: placeholders, not claims).
func plausible(t Timestamp) bool {
	return !t.IsZero() && t.Time.Year() >= 1980 && !(t.Time.Year() == 1980 && t.Time.YearDay() == 1)
}

// span is b − a, and whether it is exact.
func span(a, b Timestamp) (time.Duration, bool) {
	if a.HasOffset && b.HasOffset {
		return b.Time.Sub(a.Time), true
	}
	return wallClock(b).Sub(wallClock(a)), false
}

// wallClock is a timestamp's wall clock as written, to the second, placed in
// UTC: how two times are compared when either lacks an offset.
func wallClock(t Timestamp) time.Time {
	w := t.Time
	return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, time.UTC)
}

// timeSource names the Fields key a normalized time came from, for the
// findings' evidence. Extractors fill the normalized times from their first
// source; the key lists below follow SCHEMA.md's order of sources.
func timeFields(r *Record, which string) []string {
	if k := TimeSource(r, which); k != "" {
		return []string{which, k}
	}
	return []string{which}
}

// TimeOrder finds claimed times in an impossible order.
var TimeOrder = &Check{
	Name: "time-order",
	Fact: FactClock,
	Doc:  "claimed times in an impossible order: modified or printed before created, metadata date before modification",
	Run: func(p *Pass) []Finding {
		r := p.Record
		var out []Finding
		for _, c := range []struct {
			late, early string
			lt, et      Timestamp
			prior       Prior
			message     string
		}{
			// Copying a file on some systems resets its creation time:
			// about one genuine document in a hundred.
			{"modified", "created", r.Modified, r.Created, Prior{0.1, 0.01}, "modified before it was created"},
			// Word copies the last-printed time from the template: about
			// one genuine Word file in twenty shows it, so it barely
			// counts.
			{"printed", "created", r.Printed, r.Created, Prior{0.06, 0.05}, "printed before it was created"},
			{"metadata_date", "modified", r.MetadataDate, r.Modified, Prior{0.08, 0.05}, "metadata last written before the last modification it records"},
		} {
			if earlier(c.lt, c.et, slack) {
				out = append(out, Finding{
					Prior:    &c.prior,
					Message:  c.message,
					Fields:   append(timeFields(r, c.late), timeFields(r, c.early)...),
					Observed: fmt.Sprintf("%s %s, %s %s", strings.ReplaceAll(c.late, "_", " "), c.lt, c.early, c.et),
				})
			}
		}
		return out
	},
}

// AfterAsOf finds claims later than the leak or the scan itself.
var AfterAsOf = &Check{
	Name: "after-as-of",
	Fact: FactClock,
	Doc:  "a claimed time later than the date the documents became public (--as-of) or than now",
	Run: func(p *Pass) []Finding {
		r := p.Record
		var out []Finding
		for _, c := range []struct {
			name string
			ts   Timestamp
		}{{"created", r.Created}, {"modified", r.Modified}, {"printed", r.Printed}, {"metadata_date", r.MetadataDate}} {
			if c.ts.IsZero() {
				continue
			}
			limit, what := p.AsOf, "the as-of date"
			if limit.IsZero() || (!p.Now.IsZero() && p.Now.Before(limit)) {
				limit, what = p.Now, "the time of the scan"
			}
			if limit.IsZero() {
				continue
			}
			// A day of slack covers any offset and a late-night leak.
			if c.ts.Time.After(limit.Add(24 * time.Hour)) {
				// A genuine document dated after it became public
				// takes a clock set wrong: one in five hundred.
				out = append(out, Finding{
					Prior:    &Prior{0.2, 0.002},
					Message:  fmt.Sprintf("%s after %s", strings.ReplaceAll(c.name, "_", " "), what),
					Fields:   timeFields(r, c.name),
					Observed: c.ts.String(),
					Expected: "before " + limit.Format("2006-01-02"),
				})
			}
		}
		return out
	},
}

// EditTime finds a total editing time longer than the document's life.
var EditTime = &Check{
	Name: "edit-time",
	Fact: FactClock,
	Doc:  "total editing time longer than the span from creation to last modification",
	Run: func(p *Pass) []Finding {
		r := p.Record
		if r.EditTimeSeconds <= 0 || !plausible(r.Created) || !plausible(r.Modified) {
			return nil
		}
		if strings.HasPrefix(r.Fields["ooxml.app.Application"], "LibreOffice") {
			// LibreOffice writes seconds where OOXML wants minutes in
			// app.xml TotalTime: its OOXML editing times are sixty
			// times too long by design, not by forgery.
			return nil
		}
		d, exact := span(r.Created, r.Modified)
		margin := 10 * time.Minute
		if !exact {
			margin += unknownOffset
		}
		edit := time.Duration(r.EditTimeSeconds) * time.Second
		if d < 0 || edit <= d+margin {
			return nil
		}
		prior := Prior{0.1, 0.01}
		if edit > 10*365*24*time.Hour {
			// Decades of editing is a corrupt counter, not a lie anyone
			// would tell.
			prior = Prior{0.02, 0.01}
		}
		return []Finding{{
			Prior:    &prior,
			Message:  "edited for longer than the document existed",
			Fields:   append([]string{"edit_time_s"}, append(timeFields(r, "created"), timeFields(r, "modified")...)...),
			Observed: fmt.Sprintf("editing time %s", edit),
			Expected: fmt.Sprintf("at most %s (created %s, modified %s)", d.Round(time.Second), r.Created, r.Modified),
		}}
	},
}

// sourcePair names two places one claim is recorded in.
type sourcePair struct {
	what   string
	a, b   string
	isTime bool
	prior  Prior
}

// claimPairs lists claims that two sources of one document both record and
// that agree when one program wrote both. A tool that edits only one source
// (an Info dictionary editor, a script that rewrites core.xml) leaves them
// disagreeing.
func claimPairs() []sourcePair {
	return []sourcePair{
		{"author", "pdf.info.Author", "pdf.xmp.dc:creator[0]", false, Prior{0.2, 0.03}},
		{"title", "pdf.info.Title", "pdf.xmp.dc:title[x-default]", false, Prior{0.15, 0.06}},
		{"creating application", "pdf.info.Creator", "pdf.xmp.xmp:CreatorTool", false, Prior{0.2, 0.05}},
		{"producer", "pdf.info.Producer", "pdf.xmp.pdf:Producer", false, Prior{0.2, 0.05}},
		{"creation time", "pdf.info.CreationDate", "pdf.xmp.xmp:CreateDate", true, Prior{0.2, 0.05}},
		{"modification time", "pdf.info.ModDate", "pdf.xmp.xmp:ModifyDate", true, Prior{0.2, 0.05}},
		{"original time", "exif.ExifIFD.DateTimeOriginal", "xmp.xmp:CreateDate", true, Prior{0.1, 0.04}},
	}
}

// SourcesDisagree finds one claim recorded differently in two places.
var SourcesDisagree = &Check{
	Name: "sources-disagree",
	Fact: FactEditing,
	Doc:  "two sources of the same claim disagree (PDF Info vs XMP, EXIF vs XMP, ZIP entry times vs the claimed last save)",
	Run: func(p *Pass) []Finding {
		f := p.Record.Fields
		var out []Finding
		for _, pr := range claimPairs() {
			a, b := f[pr.a], f[pr.b]
			if a == "" || b == "" {
				continue
			}
			if pr.isTime {
				ta, errA := ParseClaimedTime(a)
				tb, errB := ParseClaimedTime(b)
				if errA != nil || errB != nil || (!earlier(ta, tb, slack) && !earlier(tb, ta, slack)) {
					continue
				}
			} else if normValue(a) == normValue(b) {
				continue
			}
			// Several disagreements are one edit seen several times:
			// they share the editing fact (see Combine).
			out = append(out, Finding{
				Prior:    &pr.prior,
				Message:  fmt.Sprintf("%s differs between sources", pr.what),
				Fields:   []string{pr.a, pr.b},
				Observed: fmt.Sprintf("%q", a),
				Expected: fmt.Sprintf("%q", b),
			})
		}
		if fd := packageTimes(p.Record); fd != nil {
			out = append(out, *fd)
		}
		return out
	},
}

// packageTimes compares the time a ZIP package (OOXML, ODF) was written,
// which programs that store real entry times (LibreOffice, most zip tools)
// record in every entry, with the last save the document claims. A package
// written long after its claimed last save was rewritten by something that
// did not update the claim: a backdated or re-packed file. Word stores no
// entry times (1980-01-01), which the extractors leave out.
func packageTimes(r *Record) *Finding {
	latest, latestKey := latestPackageTime(r)
	if latestKey == "" || !plausible(r.Modified) {
		return nil
	}
	// ZIP times have no offset: allow for any, plus a day of slack.
	if !earlier(r.Modified, latest, 24*time.Hour) {
		return nil
	}
	// About one genuine file in six of the shared test corpus shows it
	// (test files re-zipped by their projects); a forger who backdates the
	// claims leaves it in one case in four.
	return &Finding{
		Prior:    &Prior{0.25, 0.08},
		Fact:     FactClock,
		Message:  "the package was written long after the last save the document claims",
		Fields:   append([]string{latestKey}, timeFields(r, "modified")...),
		Observed: "package written " + latest.String(),
		Expected: "last saved " + r.Modified.String(),
	}
}

// latestPackageTime returns the latest plausible ZIP entry time a record
// lists (packageTimePrefixes) and its Fields key, or "" when there is none.
func latestPackageTime(r *Record) (latest Timestamp, key string) {
	for _, prefix := range packageTimePrefixes {
		for _, k := range r.Fields.WithPrefix(prefix) {
			ts, err := ParseTimestamp(r.Fields[k])
			if err != nil || !plausible(ts) {
				continue
			}
			if latest.IsZero() || ts.Time.After(latest.Time) {
				latest, key = ts, k
			}
		}
	}
	return latest, key
}

// EditingTraces finds structure left by editing after the first save.
var EditingTraces = &Check{
	Name: "editing-traces",
	Fact: FactEditing,
	Doc:  "traces of editing after the first save: incremental updates, changed trailer IDs, later tools in the XMP history, bytes added after a signature",
	Run: func(p *Pass) []Finding {
		r := p.Record
		f := r.Fields
		var out []Finding
		updates, _ := strconv.Atoi(f[KeyPDFRevisions])
		sigs, _ := strconv.Atoi(f[KeyPDFSignatures])
		if updates > 0 && updates > sigs {
			// Signing and form filling add updates too: only those
			// not explained by signatures count. Genuine PDFs of an
			// unknown office show one about one time in seven; the
			// baseline says how often this office's do.
			n := updates - sigs
			out = append(out, Finding{
				Prior:    &Prior{0.4, 0.15},
				Message:  fmt.Sprintf("%d incremental update(s) after the first save", n),
				Fields:   []string{KeyPDFRevisions},
				Observed: f[KeyPDFRevisions],
			})
		}
		if a, b := f[KeyPDFTrailerID0], f[KeyPDFTrailerID1]; a != "" && b != "" && a != b && updates > 0 {
			out = append(out, Finding{
				Prior:    &Prior{0.3, 0.2},
				Message:  "trailer /ID halves differ: the file was written again after its creation",
				Fields:   []string{KeyPDFTrailerID0, KeyPDFTrailerID1},
				Observed: b, Expected: a,
			})
		}
		for _, k := range f.WithPrefix(KeyPDFSignaturePrefix) {
			if strings.HasSuffix(k, ".modified_after_signing") && f[k] == "true" {
				out = append(out, Finding{
					Prior:    &Prior{0.3, 0.01},
					Message:  "bytes were added after a signature: the signed version is not the file's last version",
					Fields:   []string{k, strings.TrimSuffix(k, "modified_after_signing") + "covered_bytes"},
					Observed: "signed range ends at byte " + f[strings.TrimSuffix(k, "modified_after_signing")+"covered_bytes"],
				})
			}
			if strings.HasSuffix(k, ".byte_range_fits") && f[k] == "false" {
				covered := strings.TrimSuffix(k, "byte_range_fits") + "covered_bytes"
				out = append(out, Finding{
					Prior:    &Prior{0.3, 0.005},
					Message:  "a signature's byte range no longer frames its signature: the file was rewritten after it was signed, and the signature covers bytes it does not have",
					Fields:   []string{k, covered},
					Observed: fmt.Sprintf("signed range ends at byte %s of %d", f[covered], r.Size),
					Expected: "the range's gap holds the /Contents hex string, inside the file",
				})
			}
		}
		// Each save's own last-modified claim: a later save that claims
		// an earlier time than the save before it was written on a clock
		// set back, or had its date put back by hand.
		saves := pdfSaves(f)
		var prev Timestamp
		prevKey := ""
		for i := range saves {
			k := pdfSave(i) + "info.ModDate"
			t, err := ParsePDFDate(f[k])
			if err != nil || !plausible(t) {
				continue
			}
			if prevKey != "" && t.Time.Before(prev.Time.Add(-time.Minute)) {
				out = append(out, Finding{
					Prior:    &Prior{0.3, 0.01},
					Message:  fmt.Sprintf("save %d claims it was last modified %s, before the save ahead of it claims (%s): its dates run backwards", i, t, prev),
					Fields:   []string{k, prevKey},
					Observed: f[k],
					Expected: "each save's ModDate at or after the one before it",
				})
			}
			prev, prevKey = t, k
		}
		// An update that rewrote what the document claims of its own
		// making: when it was created (written once, by the program
		// that made it) or by whom. Updates that sign, fill forms or
		// annotate keep both.
		for i := 1; i < saves; i++ {
			before, after := pdfSave(i-1)+"info.", pdfSave(i)+"info."
			was, errWas := ParsePDFDate(f[before+"CreationDate"])
			now, errNow := ParsePDFDate(f[after+"CreationDate"])
			if errWas == nil && errNow == nil && plausible(was) && plausible(now) && now.Time.Sub(was.Time).Abs() > time.Minute {
				how := "later"
				if now.Time.Before(was.Time) {
					how = "earlier"
				}
				out = append(out, Finding{
					Prior:    &Prior{0.4, 0.01},
					Message:  fmt.Sprintf("save %d changed the creation the document claims from %s to %s, %s %s: a creation date is written once, when the document is made", i, was, now, roundGap(now.Time.Sub(was.Time).Abs()), how),
					Fields:   []string{after + "CreationDate", before + "CreationDate"},
					Observed: f[after+"CreationDate"],
					Expected: f[before+"CreationDate"],
				})
			}
			if a, b := normValue(f[before+"Author"]), normValue(f[after+"Author"]); a != "" && b != "" && a != b {
				out = append(out, Finding{
					Prior:    &Prior{0.3, 0.03},
					Message:  fmt.Sprintf("save %d changed the author the document names from %q to %q", i, f[before+"Author"], f[after+"Author"]),
					Fields:   []string{after + "Author", before + "Author"},
					Observed: f[after+"Author"],
					Expected: f[before+"Author"],
				})
			}
		}
		// A page's content rewritten by an update after a signature:
		// the signed document is not what the pages now show, which
		// signing workflows (form filling, countersignatures,
		// annotations) do not do.
		for _, sk := range f.WithPrefix(KeyPDFSignaturePrefix) {
			if !strings.HasSuffix(sk, ".covered_bytes") {
				continue
			}
			covered, err := strconv.ParseInt(f[sk], 10, 64)
			if err != nil {
				continue
			}
			for i := range saves {
				p := pdfSave(i)
				e, err := strconv.ParseInt(f[p+"end"], 10, 64)
				if err != nil || e <= covered || f[p+"page_contents_written"] == "0" || f[p+"page_contents_written"] == "" {
					continue
				}
				out = append(out, Finding{
					Prior:    &Prior{0.3, 0.005},
					Message:  fmt.Sprintf("save %d, after the signature that covers bytes up to %d, rewrote %s page content stream(s): the pages no longer show what was signed", i, covered, f[p+"page_contents_written"]),
					Fields:   []string{p + "page_contents_written", sk},
					Observed: f[p+"written"],
					Expected: "updates after a signature that fill forms, add annotations or countersign",
				})
				break
			}
		}
		for _, k := range f.WithPrefix(KeyPDFRevisionPrefix) {
			if !strings.HasSuffix(k, ".page_contents_written") || f[k] == "0" || f[k] == "" {
				continue
			}
			rev := strings.TrimSuffix(strings.TrimPrefix(k, KeyPDFRevisionPrefix), "].page_contents_written")
			written := strings.TrimSuffix(k, "page_contents_written") + "written"
			out = append(out, Finding{
				Prior:    &Prior{0.3, 0.02},
				Message:  fmt.Sprintf("an update after the first save (save %s) rewrote %s page content stream(s): what a page shows changed after it was saved, not only its metadata or signatures", rev, f[k]),
				Fields:   []string{k, written},
				Observed: f[written],
				Expected: "updates that add signatures, form values or annotations, or change metadata",
			})
		}
		if f[KeyPDFLinearizedBad] == "true" {
			out = append(out, Finding{
				Prior:    &Prior{0.1, 0.02},
				Message:  "linearized file whose length changed after linearization",
				Fields:   []string{KeyPDFLinearizedLen},
				Observed: f[KeyPDFLinearizedLen],
			})
		}
		if orig, prod := f[KeyPDFFingerprintOriginal], f[KeyPDFFingerprintProducer]; orig != "" && prod != "" && orig != prod {
			// A rewrite (not an update) by another program keeps
			// the first program's traces: pages swapped or text
			// painted over with a PDF library, or an office's own
			// linearizing step (the baseline says which).
			out = append(out, Finding{
				Prior:    &Prior{0.3, 0.05},
				Message:  fmt.Sprintf("rewritten by %s: the traces of %s, which made it, remain", prod, orig),
				Fields:   []string{KeyPDFFingerprintOriginal, KeyPDFFingerprintProducer},
				Observed: prod, Expected: orig,
			})
		}
		if f[KeyImageEXIFDimensionsMatch] == "false" {
			// Cameras write the size they encode; an editor that
			// crops or resizes and keeps the EXIF leaves the old one
			// (rotation is allowed for by formats/image).
			out = append(out, Finding{
				Prior:    &Prior{0.3, 0.03},
				Message:  "the picture's size is not the size its EXIF records: cropped or resized after the camera wrote it",
				Fields:   []string{KeyImageEXIFDimensionsMatch, "exif.ExifIFD.PixelXDimension", "exif.ExifIFD.PixelYDimension", "image.width", "image.height"},
				Observed: f["image.width"] + "×" + f["image.height"],
				Expected: f["exif.ExifIFD.PixelXDimension"] + "×" + f["exif.ExifIFD.PixelYDimension"],
			})
		}
		out = append(out, thumbnailFindings(f)...)
		// A later tool in the XMP history or an editor role.
		declared := map[string]bool{}
		for _, s := range r.Software {
			if s.Role != RoleEditor {
				declared[normValue(s.Name)] = true
			}
		}
		seen := map[string]bool{}
		for _, s := range r.Software {
			n := normValue(s.Name)
			if s.Role != RoleEditor || declared[n] || seen[n] || n == "" {
				continue
			}
			seen[n] = true
			out = append(out, Finding{
				Prior:    &Prior{0.3, 0.1},
				Message:  fmt.Sprintf("edited with %s, which made neither the original nor the final file", s.Raw),
				Fields:   []string{s.Source},
				Observed: s.Raw,
			})
		}
		return out
	},
}

// Thumbnail similarity thresholds. A camera's own thumbnail of an
// untouched photo correlates at 0.99 or more with the downscaled image
// (0.996–0.999 on the demo's and the fixtures' camera photos); retouching a
// region lowers it a little, a crop or a replaced picture a lot.
const (
	thumbnailChanged  = 0.95
	thumbnailReplaced = 0.7
)

// thumbnailFindings reads what formats/image says of a JPEG's EXIF
// thumbnail: the similarity of its picture with the image's (only when it
// was asked for), else whether their aspect ratios match. Editors that keep
// the camera's EXIF keep its thumbnail too, so the thumbnail can still show
// the picture before it was cropped or retouched.
func thumbnailFindings(f Fields) []Finding {
	const sim = "exif.thumbnail.similarity"
	if v, err := strconv.ParseFloat(f[sim], 64); err == nil {
		switch {
		case v < thumbnailReplaced:
			return []Finding{{
				Prior:    &Prior{0.3, 0.01},
				Message:  fmt.Sprintf("the EXIF thumbnail shows another picture (similarity %.2f): the image was cropped, altered or replaced after the thumbnail was made", v),
				Fields:   []string{sim, "exif.thumbnail.aspect_matches"},
				Observed: f[sim], Expected: fmt.Sprintf("≥ %.2f for an untouched photo", thumbnailChanged),
			}}
		case v < thumbnailChanged:
			return []Finding{{
				Prior:    &Prior{0.3, 0.05},
				Message:  fmt.Sprintf("the EXIF thumbnail differs from the image (similarity %.2f): part of the picture changed after the thumbnail was made", v),
				Fields:   []string{sim},
				Observed: f[sim], Expected: fmt.Sprintf("≥ %.2f for an untouched photo", thumbnailChanged),
			}}
		}
		return nil
	}
	if f["exif.thumbnail.aspect_matches"] == "false" {
		// Weak: some cameras letterbox a 3:2 photo into a 4:3 thumbnail.
		return []Finding{{
			Prior:    &Prior{0.1, 0.05},
			Message:  "the EXIF thumbnail's shape differs from the image's: cropped after the thumbnail was made? (--compare-thumbnails compares the pictures)",
			Fields:   []string{"exif.thumbnail.aspect_ratio", "exif.thumbnail.aspect_matches", "image.width", "image.height"},
			Observed: f["exif.thumbnail.aspect_ratio"],
		}}
	}
	return nil
}

// appFamily maps a software name to the family of programs it belongs to,
// or "" when unknown. Families are what a structural fingerprint can tell
// apart; versions it cannot.
func appFamily(name string) string {
	n := normValue(name)
	switch {
	case n == "":
		return ""
	case strings.Contains(n, "libreoffice"):
		return "libreoffice"
	case strings.Contains(n, "openoffice"), strings.Contains(n, "staroffice"), strings.Contains(n, "neooffice"):
		return "openoffice"
	case strings.Contains(n, "google"):
		return "google"
	case strings.Contains(n, "wps"), strings.Contains(n, "kingsoft"):
		return "wps"
	case strings.Contains(n, "python-docx"), strings.Contains(n, "python-pptx"):
		return "python-docx"
	case strings.Contains(n, "openpyxl"):
		return "openpyxl"
	case strings.Contains(n, "xlsxwriter"):
		return "xlsxwriter"
	case strings.Contains(n, "excelize"):
		return "excelize"
	case strings.Contains(n, "apache poi"), n == "poi":
		return "apache-poi"
	case strings.Contains(n, "pandoc"):
		return "pandoc"
	}
	// PDF writers, by the names their Producer strings and formats/pdf's
	// fingerprint give them. Libraries that rewrite or append to another
	// program's PDF ("Microsoft Word – modified using iText") come first:
	// the structure shows the last writer.
	for _, w := range pdfWriters {
		for _, needle := range w.needles {
			if strings.Contains(n, needle) {
				return w.family
			}
		}
	}
	switch {
	case strings.Contains(n, "pages"), strings.Contains(n, "numbers"), strings.Contains(n, "keynote"):
		return "apple"
	case strings.Contains(n, "microsoft"), strings.HasPrefix(n, "word"), strings.HasPrefix(n, "excel"), strings.HasPrefix(n, "powerpoint"):
		return "microsoft"
	}
	return ""
}

// pdfWriters are the PDF producer families, each with the lower-case
// substrings of the names that belong to it.
var pdfWriters = []struct {
	family  string
	needles []string
}{
	{"itext", []string{"itext"}},
	{"pdfcpu", []string{"pdfcpu"}},
	{"qpdf", []string{"qpdf", "pikepdf"}},
	{"pypdf", []string{"pypdf"}},
	{"exiftool", []string{"exiftool"}},
	{"mupdf", []string{"mupdf", "pymupdf"}},
	{"ghostscript", []string{"ghostscript"}},
	{"reportlab", []string{"reportlab"}},
	{"cairo", []string{"cairo"}},
	{"skia", []string{"skia"}},
	{"quartz", []string{"quartz"}},
	{"acrobat", []string{"acrobat", "distiller", "adobe pdf library", "pdfmaker"}},
	{"pdftex", []string{"pdftex"}},
	{"luatex", []string{"luatex"}},
	{"xetex", []string{"xetex", "xdvipdfmx"}},
	{"pdflib", []string{"pdflib"}},
	{"tcpdf", []string{"tcpdf"}},
	{"fpdf", []string{"fpdf"}},
	{"wkhtmltopdf", []string{"wkhtmltopdf", "qt "}},
	{"prince", []string{"prince"}},
	{"imagemagick", []string{"imagemagick"}},
	{"pdfium", []string{"pdfium"}},
}

// declaredWriters returns the programs a record claims wrote its bytes, for
// comparison with its structure: the producers it names (a PDF's Producer:
// its Creator names the authoring application, which a Distiller or a
// print driver turned into PDF), else its application (OOXML, ODF), else
// its creator.
func declaredWriters(r *Record) []Software {
	for _, role := range []Role{RoleProducer, RoleApplication, RoleCreator} {
		var out []Software
		for _, s := range r.Software {
			if s.Role == role && !s.Inferred() {
				out = append(out, s)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// ProducerMismatch finds a declared application that the file's structure
// contradicts: python-docx claims to be "Microsoft Macintosh Word", a
// forger's script claims "Microsoft Excel".
var ProducerMismatch = &Check{
	Name: "producer-mismatch",
	Fact: FactProgram,
	Doc:  "the application the document names is not the one its structure shows wrote it",
	Run: func(p *Pass) []Finding {
		r := p.Record
		var fp *Software
		for i, s := range r.Software {
			if s.Inferred() {
				fp = &r.Software[i]
				break
			}
		}
		if fp == nil {
			return nil
		}
		structural := appFamily(fp.Name)
		if structural == "" {
			return nil
		}
		// A file another program rewrote keeps its maker's traces; a
		// claim of the maker is then consistent (editing-traces reports
		// the rewrite).
		original := appFamily(r.Fields[KeyPDFFingerprintOriginal])
		for _, s := range declaredWriters(r) {
			declared := appFamily(s.Name)
			if declared == "" || declared == structural || declared == original {
				continue
			}
			// A forger's library or a converter claims the
			// organisation's program; genuine files rarely carry a
			// claim their structure contradicts, except where one
			// export script always does (the baseline shows it).
			return []Finding{{
				Prior:    &Prior{0.3, 0.02},
				Message:  fmt.Sprintf("claims to be made by %s, but its structure is that of %s", s.Raw, fp.Name),
				Fields:   []string{s.Source, fp.Source},
				Observed: fp.Name,
				Expected: s.Raw,
			}}
		}
		return nil
	},
}

// exifClock parses the camera's wall clock and its GPS fix time, and
// returns the offset they imply (local − UTC).
func exifClock(f Fields) (implied time.Duration, ok bool) {
	local, err := time.Parse("2006:01:02 15:04:05", strings.TrimSpace(f[KeyEXIFDateTimeOriginal]))
	if err != nil {
		return 0, false
	}
	gps, err := time.Parse(time.RFC3339, strings.TrimSpace(f[KeyEXIFGPSDateTime]))
	if err != nil || local.Year() < 1990 || gps.Year() < 1990 {
		return 0, false
	}
	return local.Sub(gps.UTC()), true
}

// impliedOffset rounds an implied offset to the quarter hour every real
// time zone is a multiple of, and says whether it is one: within five
// minutes of a quarter hour (a GPS fix lags the shutter by seconds to
// minutes) and within ±14 hours.
func impliedOffset(d time.Duration) (time.Duration, bool) {
	q := d.Round(15 * time.Minute)
	diff := d - q
	return q, diff.Abs() <= 5*time.Minute && q.Abs() <= 14*time.Hour
}

// PhotoClock compares a photo's three clocks: the camera's local
// DateTimeOriginal, its declared OffsetTimeOriginal and the satellites' UTC
// time in its GPS stamp. A camera writes all three from one moment; a
// forger who shifts the photo's date with a metadata editor rarely shifts
// the GPS stamp too.
var PhotoClock = &Check{
	Name: "photo-clock",
	Doc:  "a photo's local time, declared UTC offset and GPS UTC time do not agree",
	Fact: FactClock,
	Run: func(p *Pass) []Finding {
		f := p.Record.Fields
		implied, ok := exifClock(f)
		if !ok {
			return nil
		}
		fields := []string{KeyEXIFDateTimeOriginal, KeyEXIFGPSDateTime}
		if declared, err := parseEXIFOffset(f[KeyEXIFOffsetTimeOriginal]); err == nil {
			if (implied - declared).Abs() <= 10*time.Minute {
				return nil
			}
			// Phones and cameras with GPS write both from one clock;
			// a stale fix explains a few genuine photos.
			msg := fmt.Sprintf("local time and GPS time imply UTC%s, but the photo declares UTC%s", formatOffset(int(implied.Round(time.Minute).Seconds())), f[KeyEXIFOffsetTimeOriginal])
			if implied.Abs() > unknownOffset {
				d := implied.Abs().Round(time.Hour)
				msg = fmt.Sprintf("local time and GPS time differ by %d days %d h, no time zone's offset, and the photo declares UTC%s", int(d.Hours())/24, int(d.Hours())%24, f[KeyEXIFOffsetTimeOriginal])
			}
			return []Finding{{
				Prior:    &Prior{0.3, 0.03},
				Message:  msg,
				Fields:   append(fields, KeyEXIFOffsetTimeOriginal),
				Observed: fmt.Sprintf("local %s, GPS %s", f[KeyEXIFDateTimeOriginal], f[KeyEXIFGPSDateTime]),
				Expected: "offset " + f[KeyEXIFOffsetTimeOriginal],
			}}
		}
		if _, ok := impliedOffset(implied); ok {
			return nil
		}
		return []Finding{{
			Prior:    &Prior{0.2, 0.05},
			Message:  fmt.Sprintf("local time and GPS time differ by %s, which is no time zone's offset", implied.Round(time.Minute)),
			Fields:   fields,
			Observed: fmt.Sprintf("local %s, GPS %s", f[KeyEXIFDateTimeOriginal], f[KeyEXIFGPSDateTime]),
			Expected: "a whole number of quarter hours within ±14 h",
		}}
	},
}

// parseEXIFOffset reads an EXIF OffsetTime: "+02:00" or "-05:30".
func parseEXIFOffset(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse("-07:00", s)
	if err != nil {
		return 0, err
	}
	_, off := t.Zone()
	return time.Duration(off) * time.Second, nil
}
