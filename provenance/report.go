package provenance

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteJSON writes the whole report as one JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteJSONL writes one JSON object per document, in rank order, then one
// per group ({"group": …}), so programs can stream the report.
func (r *Report) WriteJSONL(w io.Writer) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, d := range r.Documents {
		if err := enc.Encode(d); err != nil {
			return err
		}
	}
	for _, g := range r.Groups {
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
func (r *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	clean, unreadable := 0, 0
	fmt.Fprintf(bw, "docprov scan: %d documents, baseline of %d\n", len(r.Documents), r.Baseline)
	fmt.Fprintln(bw, "Scores are sums of log10 likelihood ratios: +1 means the evidence is ten times likelier if forged.")
	rank := 0
	for _, d := range r.Documents {
		if d.Error != "" {
			unreadable++
			continue
		}
		if len(d.Findings) == 0 {
			clean++
			continue
		}
		rank++
		fmt.Fprintf(bw, "\n%3d. %s  score %.2f  (%s)\n", rank, d.Path, d.Score, d.Format)
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
	if len(r.Groups) > 0 {
		fmt.Fprintln(bw, "\nGroups:")
		for _, g := range r.Groups {
			fmt.Fprintf(bw, "  [%s] %s\n", g.Kind, g.Message)
			for _, m := range g.Members {
				fmt.Fprintf(bw, "      %s\n", m)
			}
		}
	}
	fmt.Fprintf(bw, "\n%d documents without findings.\n", clean)
	if unreadable > 0 {
		fmt.Fprintf(bw, "%d files could not be read:\n", unreadable)
		for _, d := range r.Documents {
			if d.Error != "" {
				fmt.Fprintf(bw, "  %s: %s\n", d.Path, d.Error)
			}
		}
	}
	return bw.Flush()
}
