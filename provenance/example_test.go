package provenance_test

import (
	"fmt"
	"time"

	"github.com/docprov/docprov/provenance"
)

// office makes n genuine PDFs of an office that exports from LibreOffice.
func office(n int) []*provenance.Record {
	var recs []*provenance.Record
	for i := 0; i < n; i++ {
		r := provenance.NewRecord()
		r.Path, r.Format, r.SHA256 = fmt.Sprintf("archive/%02d.pdf", i), "pdf", fmt.Sprint(i)
		r.Authors = []string{[]string{"Ana Souza", "Bruno Lima"}[i%2]}
		r.LastModifiedBy = r.Authors[0]
		r.Created = provenance.At(time.Date(2019, 1, 7+i, 10, 0, 0, 0, time.FixedZone("", -3*3600)))
		r.AddSoftware(provenance.RoleProducer, "LibreOffice 6.1", "pdf.info.Producer")
		r.Fields.Set("pdf.info.Producer", "LibreOffice 6.1")
		r.Fields.Set("pdf.info.Author", r.Authors[0])
		r.Fields.Set(provenance.KeyPDFRevisions, "0")
		recs = append(recs, r)
	}
	return recs
}

// The same trait weighs what the comparable genuine documents say it is
// worth: an incremental update is weak evidence by the check's prior alone,
// strong in an office whose forty LibreOffice PDFs never have one, and
// nothing in one that signs every PDF it sends.
func ExampleRun() {
	q := office(1)[0]
	q.Path = "leak/contract.pdf"
	q.Fields.Set(provenance.KeyPDFRevisions, "1")

	signsEverything := office(40)
	for _, r := range signsEverything {
		r.Fields.Set(provenance.KeyPDFRevisions, "1")
	}
	for _, b := range []*provenance.Baseline{nil, provenance.BuildBaseline(office(40)), provenance.BuildBaseline(signsEverything)} {
		for _, f := range provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks()) {
			if f.Check == "editing-traces" {
				fmt.Printf("%.2f  %s\n", f.Weight, f.Compared)
			}
		}
	}
	// Output:
	// 0.43  prior: 0.4 of forgeries, 0.15 of genuine documents
	// 1.75  0 of 40 pdf documents claiming libreoffice in the baseline show this
	// 0.00  40 of 40 pdf documents claiming libreoffice in the baseline show this
}

// Findings that rest on one fact count once: a name the baseline never
// shows makes the author, the last editor and the editor/program pair all
// new, and the score counts the strongest in full and the others at a
// quarter.
func ExampleCombine() {
	b := provenance.BuildBaseline(office(40))
	q := office(1)[0]
	q.Authors, q.LastModifiedBy = []string{"Carla Mendes"}, "Carla Mendes"
	fs := provenance.Run(&provenance.Pass{Record: q, Baseline: b}, provenance.Checks())
	for _, f := range fs {
		fmt.Printf("%-7s %.2f of %.2f  %s\n", f.Fact, f.Weight, f.Strength, f.Message)
	}
	fmt.Println("score", provenance.Score(fs))
	// Output:
	// person  0.88 of 0.88  author "carla mendes" never appears in the baseline
	// person  0.22 of 0.88  last modified by "carla mendes" never appears in the baseline
	// score 1.1
}

// A Scanner ranks a questioned corpus against a baseline and groups the
// documents that belong together.
func ExampleScanner() {
	sc := &provenance.Scanner{Baseline: provenance.BuildBaseline(office(30)), AsOf: time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC)}
	if err := sc.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	genuine := office(2)
	forged := office(1)[0]
	forged.Path, forged.SHA256 = "leak/invoice.pdf", "f"
	forged.Software = nil
	forged.AddSoftware(provenance.RoleProducer, "ReportLab PDF Library - www.reportlab.com", "pdf.info.Producer")
	forged.Created = provenance.At(time.Date(2019, 7, 2, 9, 0, 0, 0, time.UTC))
	for _, r := range append(genuine, forged) {
		sc.Add(r)
	}
	for _, d := range sc.Report().Documents {
		fmt.Printf("%.2f %s\n", d.Score, d.Path)
		for _, f := range d.Findings {
			fmt.Printf("     %.2f %s: %s\n", f.Weight, f.Check, f.Message)
		}
	}
	// Output:
	// 2.96 leak/invoice.pdf
	//      2.00 after-as-of: created after the as-of date
	//      0.96 rare-value: software.producer "reportlab pdf library" never appears in the baseline
	// 0.00 archive/00.pdf
	// 0.00 archive/01.pdf
}
