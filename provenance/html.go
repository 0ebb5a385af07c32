package provenance

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"time"
)

// WriteHTML writes the report as one self-contained HTML page: a timeline
// of the documents' claimed modification dates, coloured by score, where
// bursts and outliers show at a glance, then the ranked documents with every
// finding and the fields it rests on, then the groups. It needs no network
// and no script.
func (r *Report) WriteHTML(w io.Writer) error {
	type dot struct {
		X, Y  float64
		Color string
		Title string
	}
	type page struct {
		*Report
		Dots      []dot
		From, To  string
		Ranked    []DocReport
		Clean     int
		CleanLine string   // "1 document", "5 documents"
		Unread    []string // errorLine of each file that could not be read
		Width     int
		Height    int
		MaxScore  float64
		Generated string
	}
	p := page{Report: r, Width: 960, Height: 220}
	var lo, hi time.Time
	for _, d := range r.Documents {
		switch {
		case d.Error != "":
			p.Unread = append(p.Unread, d.errorLine())
		case len(d.Findings) == 0:
			p.Clean++
		default:
			p.Ranked = append(p.Ranked, d)
		}
		if t := d.Modified; plausible(t) {
			if lo.IsZero() || t.Time.Before(lo) {
				lo = t.Time
			}
			if t.Time.After(hi) {
				hi = t.Time
			}
		}
		p.MaxScore = math.Max(p.MaxScore, d.Score)
	}
	p.CleanLine = countNoun(p.Clean, "document", "documents")
	if !lo.IsZero() {
		p.From, p.To = lo.Format("2006-01-02"), hi.Format("2006-01-02")
		span := hi.Sub(lo).Seconds()
		if span <= 0 {
			span = 1
		}
		for _, d := range r.Documents {
			if !plausible(d.Modified) || d.Error != "" {
				continue
			}
			x := 20 + float64(p.Width-40)*d.Modified.Time.Sub(lo).Seconds()/span
			// Higher scores sit higher; the colour goes from grey to red.
			share := 0.0
			if p.MaxScore > 0 {
				share = math.Max(0, d.Score) / p.MaxScore
			}
			y := float64(p.Height-20) - share*float64(p.Height-40)
			red := int(120 + 135*share)
			gb := int(120 * (1 - share))
			p.Dots = append(p.Dots, dot{X: x, Y: y, Color: fmt.Sprintf("rgb(%d,%d,%d)", red, gb, gb),
				Title: fmt.Sprintf("%s — score %.2f — modified %s", d.Path, d.Score, d.Modified)})
		}
	}
	return reportTemplate.Execute(w, p)
}

var reportTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>docprov scan</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em} h2{font-size:1.1em;margin-top:2em}
.doc{border-top:1px solid #ddd;padding:.6em 0}
.score{font-weight:bold;display:inline-block;min-width:4em}
table{border-collapse:collapse;margin:.3em 0 0 4em}
td{padding:.1em .6em;vertical-align:top}
.w{text-align:right;font-variant-numeric:tabular-nums}
.neg{color:#070} .meta{color:#666;font-size:.9em}
svg{border:1px solid #ddd;background:#fafafa}
</style></head><body>
<h1>docprov scan: {{len .Documents}} documents, baseline of {{.Baseline}}</h1>
<p class="meta">Scores are sums of log10 likelihood ratios: +1 means the evidence is ten times likelier if the document was forged than if it is genuine. No finding is proof.</p>
{{if .Dots}}<h2>Claimed modification dates, {{.From}} to {{.To}}</h2>
<svg width="{{.Width}}" height="{{.Height}}" role="img" aria-label="timeline">
{{range .Dots}}<circle cx="{{printf "%.1f" .X}}" cy="{{printf "%.1f" .Y}}" r="4" fill="{{.Color}}"><title>{{.Title}}</title></circle>
{{end}}</svg>{{end}}
<h2>Documents with findings, strongest evidence first</h2>
{{range $i, $d := .Ranked}}<div class="doc"><span class="score">{{printf "%.2f" $d.Score}}</span> <b>{{$d.Path}}</b> <span class="meta">{{$d.Format}}{{if $d.Modified.Time.Year}} · modified {{$d.Modified}}{{end}}</span>
<table>{{range $d.Findings}}<tr><td class="w{{if lt .Weight 0.0}} neg{{end}}">{{printf "%+.2f" .Weight}}</td><td>{{.Check}}</td><td>{{.Message}}
{{if .Observed}}<br><span class="meta">observed: {{.Observed}}</span>{{end}}
{{if .Expected}}<br><span class="meta">expected: {{.Expected}}</span>{{end}}
{{if .Related}}<br><span class="meta">related: {{range .Related}}{{.}} {{end}}</span>{{end}}
<br><span class="meta">fields: {{range .Fields}}{{.}} {{end}}</span></td></tr>{{end}}</table></div>
{{end}}
{{if .Groups}}<h2>Groups</h2>{{range .Groups}}<p><b>[{{.Kind}}]</b> {{.Message}}<br><span class="meta">{{range .Members}}{{.}}<br>{{end}}</span></p>{{end}}{{end}}
<p>{{.CleanLine}} without findings.</p>
{{if .Unread}}<h2>Files that could not be read</h2>{{range .Unread}}<p>{{.}}</p>{{end}}{{end}}
</body></html>
`))
