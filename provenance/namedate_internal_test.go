package provenance

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestFileNameDate(t *testing.T) {
	for _, c := range []struct {
		path    string
		want    string // "" for no date
		hasTime bool
	}{
		{"leak/Minutes_2023-05-15.odt", "2023-05-15 00:00:00", false},
		{"leak/Budzet_projektu_Ptaki_20230511.xls", "2023-05-11 00:00:00", false},
		{"DCIM/IMG_20230515_101500.jpg", "2023-05-15 10:15:00", true},
		{"20230104_173512.jpg", "2023-01-04 17:35:12", true},
		{"Scan 2022-12-05 10.24.34.pdf", "2022-12-05 10:24:34", true},
		{`C:\Users\x\Report 2021.03.09.docx`, "2021-03-09 00:00:00", false},
		{"2019/01/not_a_date_here.pdf", "", false},  // folders are not the name
		{"report_20230101-20230331.pdf", "", false}, // a period, not a date
		{"INV-2023051512.pdf", "", false},           // a longer number
		{"budget_2023-0515.xlsx", "", false},        // mixed separators
		{"minutes_20230230.odt", "", false},         // no such day
		{"IMG_4711.JPG", "", false},
		{"v2_2023-05-15_2023-05-15_copy.odt", "2023-05-15 00:00:00", false},            // the same date twice
		{"Case Report - Perez v. Halsted 12-25-21.docx", "2021-12-25 00:00:00", false}, // month first, only reading
		{"Protokoll 15.05.2023.odt", "2023-05-15 00:00:00", false},                     // day first, only reading
		{"Memo 5-6-21.docx", "2021-05-06 00:00:00", false},                             // either; alt below
		{"LibreOffice 7.4.7 notes.odt", "", false},                                     // a version, not a date
		{"report 1.2.2021.pdf", "2021-01-02 00:00:00", false},
		{"build_3-4-5_final.pdf", "", false}, // a one-digit year is no year
	} {
		nd, ok := fileNameDate(&Record{Path: c.path})
		if c.want == "" {
			assert.False(t, ok, "%s: got %v", c.path, nd.t)
			continue
		}
		if c.path == "Memo 5-6-21.docx" {
			assert.Equal(t, "2021-06-05", nd.alt.Format("2006-01-02"))
		}
		if assert.True(t, ok, c.path) {
			assert.Equal(t, c.want, nd.t.Format("2006-01-02 15:04:05"), c.path)
			assert.Equal(t, c.hasTime, nd.hasTime, c.path)
		}
	}
}

// A document is counted under the grade of its whole gap and every lower
// one: the rate at a grade is that of documents at least a quarter as far.
func TestNameDateCountsAs(t *testing.T) {
	gap := 40 * 24 * time.Hour
	subject := nameDateSubject(nameDateGrade(gap))
	counted := NameDate.CountsAs(Finding{Subject: subject})
	assert.Equal(t, "gap>=1min", counted[0])
	// The questioned gap a quarter of this one's looks up a grade this
	// document is counted under; one four times as far does not.
	assert.Contains(t, counted, nameDateSubject(nameDateGrade(4*gap)))
	assert.NotContains(t, counted, nameDateSubject(nameDateGrade(32*gap)))
}

func TestSeriesName(t *testing.T) {
	for path, want := range map[string]string{
		"leak/Invoice_2023-05-15_ACME.pdf":  "invoice",
		"invoice 2023-06.pdf":               "invoice",
		"2020-11-12_Gutachten_Schleuse.odt": "gutachten",
		"DSCN0248.JPG":                      "dscn",
		"出荷実績_20190204_吉田.xlsx":             "出荷実績",
		"20230104_173512.jpg":               "",
		"Q3_v2.docx":                        "",
	} {
		assert.Equal(t, want, seriesName(&Record{Path: path}), path)
	}
}

func TestFileNameKeepsEscapedBytes(t *testing.T) {
	assert.Equal(t, `Budget_2023-05-15\xff.ods`, fileName(`leak/Budget_2023-05-15\xff.ods`))
	assert.Equal(t, "a.doc", fileName(`C:\Users\x\a.doc`))
	nd, ok := fileNameDate(&Record{Path: `leak/Budget_2023-05-15\xff.ods`})
	assert.True(t, ok)
	assert.Equal(t, "2023-05-15", nd.t.Format("2006-01-02"))
}
