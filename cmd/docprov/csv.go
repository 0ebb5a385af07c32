package main

import (
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/docprov/docprov/provenance"
)

// extractCSVHeader names the columns of `extract --format csv`, one row per
// Record or error: a spreadsheet of the leak's metadata. Lists are joined
// with "; "; times are RFC 3339 as the Record writes them (without an
// offset where the file records none).
var extractCSVHeader = []string{
	"path", "path_bytes", "format", "mime", "size", "sha256", "title", "authors", "last_modified_by",
	"company", "created", "modified", "software", "languages", "problems", "error",
}

// extractCSVRow is one Record's row.
func extractCSVRow(r *provenance.Record) []string {
	var sw []string
	for _, s := range r.Software {
		if s.Raw != "" {
			sw = append(sw, string(s.Role)+": "+s.Raw)
		}
	}
	pathBytes := ""
	if len(r.PathBytes) > 0 {
		pathBytes = base64.StdEncoding.EncodeToString(r.PathBytes)
	}
	return []string{
		r.Path, pathBytes, r.Format, r.MIME, strconv.FormatInt(r.Size, 10), r.SHA256, r.Title,
		strings.Join(r.Authors, "; "), r.LastModifiedBy, r.Company, timeCell(r.Created), timeCell(r.Modified),
		strings.Join(sw, "; "), strings.Join(r.Languages, "; "), strings.Join(r.Problems, "; "), "",
	}
}

// extractCSVError is the row of a file that could not be read.
func extractCSVError(e errorRecord) []string {
	row := make([]string, len(extractCSVHeader))
	row[0], row[len(row)-1] = e.Path, e.Error
	if len(e.PathBytes) > 0 {
		row[1] = base64.StdEncoding.EncodeToString(e.PathBytes)
	}
	return row
}

func timeCell(t provenance.Timestamp) string {
	if t.IsZero() {
		return ""
	}
	return t.String()
}

// scanCSVHeader names the columns of `scan --format csv`, one row per
// document in rank order: its score, its claims, and its strongest
// findings ("check weight: message", up to three, joined with " | ").
var scanCSVHeader = []string{
	"rank", "score", "path", "format", "sha256", "created", "modified", "findings", "top_findings", "error",
}

// writeScanCSV writes the report's documents as CSV, as they come: a
// case's report is read a document at a time (casedb.DB.ReportStream).
func writeScanCSV(w io.Writer, rep *provenance.ReportStream) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(scanCSVHeader); err != nil {
		return err
	}
	i := 0
	for d, err := range rep.Docs {
		if err != nil {
			return err
		}
		var top []string
		for _, f := range d.Findings {
			if len(top) == 3 {
				break
			}
			if f.Weight > 0 {
				top = append(top, fmt.Sprintf("%s %.2f: %s", f.Check, f.Weight, f.Message))
			}
		}
		i++
		row := []string{
			strconv.Itoa(i), strconv.FormatFloat(d.Score, 'f', 2, 64), d.Path, d.Format, d.SHA256,
			timeCell(d.Created), timeCell(d.Modified), strconv.Itoa(len(d.Findings)), strings.Join(top, " | "), d.Error,
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// trimReport keeps the documents a reader asked for: those scoring at
// least minScore, then the first top of them (0: all). Groups stay whole:
// they describe the corpus, and a member left out is still named there.
func trimReport(rep *provenance.Report, top int, minScore float64) *provenance.Report {
	var kept []provenance.DocReport
	for _, d := range rep.Documents {
		if d.Score < minScore && d.Error == "" {
			continue
		}
		if top > 0 && len(kept) == top {
			break
		}
		kept = append(kept, d)
	}
	trimmed := *rep
	trimmed.Documents = kept
	trimmed.Omitted = rep.Omitted + len(rep.Documents) - len(kept)
	return &trimmed
}
