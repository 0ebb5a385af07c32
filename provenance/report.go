package provenance

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"strings"
	"unicode"
)

// WriteJSON writes the whole report as one JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// A ReportStream is a report read one document at a time, for a report
// too large to hold (casedb.DB.ReportStream): its header, its documents in
// rank order, then its groups. Its writers write what Report's do.
type ReportStream struct {
	Baseline int
	// Documents counts what Docs yields, Omitted the documents a reader's
	// filter left out (Report.Omitted).
	Documents, Omitted int
	Docs               iter.Seq2[DocReport, error]
	Groups             iter.Seq2[Group, error]
}

// Stream is r as a ReportStream.
func (r *Report) Stream() *ReportStream {
	return &ReportStream{
		Baseline: r.Baseline, Documents: len(r.Documents), Omitted: r.Omitted,
		Docs: func(yield func(DocReport, error) bool) {
			for _, d := range r.Documents {
				if !yield(d, nil) {
					return
				}
			}
		},
		Groups: func(yield func(Group, error) bool) {
			for _, g := range r.Groups {
				if !yield(g, nil) {
					return
				}
			}
		},
	}
}

// WriteJSON is Report.WriteJSON, written a document and a group at a
// time: the same bytes, without the report in memory (docprov report
// --format json of a case).
func (r *ReportStream) WriteJSON(w io.Writer) error {
	bw := bufio.NewWriter(w)
	// Each element is encoded as encoding/json indents it two levels
	// down, in Report's "documents" or "groups" array.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	element := func(first bool, v any) error {
		buf.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		if !first {
			bw.WriteString(",")
		}
		bw.WriteString("\n    ")
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return nil
	}
	fmt.Fprintf(bw, "{\n  \"schema\": %d,\n  \"baseline_docs\": %d,\n  \"documents\": ", ReportSchema, r.Baseline)
	n := 0
	for d, err := range r.Docs {
		if err != nil {
			return err
		}
		if n == 0 {
			bw.WriteString("[")
		}
		if err := element(n == 0, d); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		// Report's Documents is nil when it has none.
		bw.WriteString("null")
	} else {
		bw.WriteString("\n  ]")
	}
	groups := 0
	for g, err := range r.Groups {
		if err != nil {
			return err
		}
		if groups == 0 {
			bw.WriteString(",\n  \"groups\": [")
		}
		if err := element(groups == 0, g); err != nil {
			return err
		}
		groups++
	}
	if groups > 0 {
		bw.WriteString("\n  ]")
	}
	if r.Omitted != 0 {
		fmt.Fprintf(bw, ",\n  \"omitted\": %d", r.Omitted)
	}
	bw.WriteString("\n}\n")
	return bw.Flush()
}

// WriteJSONL writes one JSON object per document, in rank order, then one
// per group ({"group": …}), so programs can stream the report.
func (r *Report) WriteJSONL(w io.Writer) error { return r.Stream().WriteJSONL(w) }

// WriteJSONL is Report.WriteJSONL.
func (r *ReportStream) WriteJSONL(w io.Writer) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for d, err := range r.Docs {
		if err != nil {
			return err
		}
		if err := enc.Encode(d); err != nil {
			return err
		}
	}
	for g, err := range r.Groups {
		if err != nil {
			return err
		}
		if err := enc.Encode(struct {
			Group Group `json:"group"`
		}{g}); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteText writes the report for people: documents with findings, ranked,
// each finding with the fields it rests on; then the groups; then the files
// that could not be read. Documents without findings are counted, not
// listed.
func (r *Report) WriteText(w io.Writer) error { return r.Stream().WriteText(w) }

// WriteText is Report.WriteText. It keeps the lines of the files that
// could not be read, written last, in memory.
func (r *ReportStream) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	clean := 0
	var unreadable []string
	fmt.Fprintf(bw, "docprov scan: %s, baseline of %d\n", countNoun(r.Documents+r.Omitted, "document", "documents"), r.Baseline)
	if r.Omitted > 0 {
		fmt.Fprintf(bw, "Showing %d of them; %d left out by the filter (--top, --min-score).\n", r.Documents, r.Omitted)
	}
	fmt.Fprintln(bw, "Scores are sums of log10 likelihood ratios: +1 means the evidence is ten times likelier if forged.")
	rank := 0
	for d, err := range r.Docs {
		if err != nil {
			return err
		}
		if d.Error != "" {
			unreadable = append(unreadable, d.errorLine())
			continue
		}
		if len(d.Findings) == 0 {
			clean++
			continue
		}
		rank++
		fmt.Fprintf(bw, "\n%3d. %s  score %.2f  (%s)\n", rank, d.Path, d.Score, d.Format)
		if claims := docClaims(d); claims != "" {
			fmt.Fprintf(bw, "     %s\n", claims)
		}
		for _, f := range d.Findings {
			fmt.Fprintf(bw, "     %+5.2f %-18s %s\n", f.Weight, f.Check, f.Message)
			if f.Observed != "" {
				fmt.Fprintf(bw, "           observed: %s\n", f.Observed)
			}
			if f.Expected != "" {
				fmt.Fprintf(bw, "           expected: %s\n", f.Expected)
			}
			if len(f.Related) > 0 {
				fmt.Fprintf(bw, "           related:  %s\n", strings.Join(f.Related, ", "))
			}
			if len(f.Fields) > 0 {
				fmt.Fprintf(bw, "           fields:   %s\n", strings.Join(f.Fields, ", "))
			}
			if f.Compared != "" {
				fmt.Fprintf(bw, "           compared: %s\n", f.Compared)
			}
			if f.CountedWith != "" {
				fmt.Fprintf(bw, "           counted:  %.2f of its %.2f: same %s as %s\n", f.Weight, f.Strength, f.Fact, f.CountedWith)
			}
		}
	}
	header := false
	for g, err := range r.Groups {
		if err != nil {
			return err
		}
		if !header {
			fmt.Fprintln(bw, "\nGroups:")
			header = true
		}
		fmt.Fprintf(bw, "  [%s] %s\n", g.Kind, g.Message)
		for _, m := range g.Members {
			fmt.Fprintf(bw, "      %s\n", m)
		}
	}
	fmt.Fprintf(bw, "\n%s without findings.\n", countNoun(clean, "document", "documents"))
	if len(unreadable) > 0 {
		fmt.Fprintf(bw, "%s could not be read:\n", countNoun(len(unreadable), "file", "files"))
		for _, l := range unreadable {
			fmt.Fprintf(bw, "  %s\n", l)
		}
	}
	return bw.Flush()
}

// docClaims is a document's title, authors and claimed dates on one line,
// what a reader needs to recognise it ("“Budget 2017” by Marie Dupont,
// created 2016-03-01T09:00:00+01:00, modified …"), or "" when it claims none.
func docClaims(d DocReport) string {
	var parts []string
	if d.Title != "" {
		parts = append(parts, "\u201c"+clipText(d.Title, 80)+"\u201d")
	}
	if len(d.Authors) > 0 {
		parts = append(parts, "by "+clipText(strings.Join(d.Authors, ", "), 80))
	}
	if !d.Created.IsZero() {
		parts = append(parts, "created "+d.Created.String())
	}
	if !d.Modified.IsZero() {
		parts = append(parts, "modified "+d.Modified.String())
	}
	return strings.Join(parts, ", ")
}

// clipText shortens s to at most n runes, marking the cut, and shows its
// control characters as U+FFFD: a title is the document's text, and an
// escape sequence in it must not drive the reader's terminal.
func clipText(s string, n int) string {
	r := []rune(strings.Map(func(c rune) rune {
		if unicode.IsControl(c) {
			return '\uFFFD'
		}
		return c
	}, s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "\u2026"
}
