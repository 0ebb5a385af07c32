package pdf

import (
	"strings"

	"github.com/docprov/docprov/provenance"
)

// finish derives the Record's normalized view from its Fields. The Info
// dictionary comes first and XMP second (SCHEMA.md): the Info dictionary is
// what every PDF reader shows and what a forger edits first; the XMP copy
// stays in Fields for the checks that compare the two.
func finish(rec *provenance.Record) {
	f := rec.Fields
	first := f.First
	rec.Title, _ = first("pdf.info.Title", "pdf.xmp.dc:title[x-default]", "pdf.xmp.dc:title[0]")
	rec.Subject, _ = first("pdf.info.Subject", "pdf.xmp.dc:description[x-default]", "pdf.xmp.dc:description[0]")
	rec.Keywords, _ = first("pdf.info.Keywords", "pdf.xmp.pdf:Keywords")

	if a := f["pdf.info.Author"]; a != "" {
		rec.Authors = []string{a}
	} else {
		rec.Authors = f.List("pdf.xmp.dc:creator")
	}
	rec.AddLanguage(f["pdf.catalog.Lang"])
	for _, l := range f.List("pdf.xmp.dc:language") {
		rec.AddLanguage(l)
	}

	setTime(rec, &rec.Created, "pdf.info.CreationDate", "pdf.xmp.xmp:CreateDate")
	setTime(rec, &rec.Modified, "pdf.info.ModDate", "pdf.xmp.xmp:ModifyDate")
	setTime(rec, &rec.MetadataDate, "", "pdf.xmp.xmp:MetadataDate")

	for _, k := range []string{"pdf.info.Creator", "pdf.xmp.xmp:CreatorTool"} {
		rec.AddSoftware(provenance.RoleCreator, f[k], k)
	}
	for _, k := range []string{"pdf.info.Producer", "pdf.xmp.pdf:Producer"} {
		rec.AddSoftware(provenance.RoleProducer, f[k], k)
	}
	for _, k := range f.WithPrefix("pdf.xmp.xmpMM:History[") {
		if strings.HasSuffix(k, "/stEvt:softwareAgent") {
			rec.AddSoftware(provenance.RoleEditor, f[k], k)
		}
	}

	ids := []struct{ kind, key string }{
		{"xmp.DocumentID", "pdf.xmp.xmpMM:DocumentID"},
		{"xmp.InstanceID", "pdf.xmp.xmpMM:InstanceID"},
		{"xmp.OriginalDocumentID", "pdf.xmp.xmpMM:OriginalDocumentID"},
		{"xmp.DerivedFrom", "pdf.xmp.xmpMM:DerivedFrom/stRef:documentID"},
		{"xmp.DerivedFromInstance", "pdf.xmp.xmpMM:DerivedFrom/stRef:instanceID"},
	}
	for _, id := range ids {
		rec.AddID(id.kind, f[id.key], id.key)
	}
}

// setTime parses the first source that holds a date into *dst, recording a
// problem for a date that does not parse (its text stays in Fields).
func setTime(rec *provenance.Record, dst *provenance.Timestamp, infoKey, xmpKey string) {
	if v := rec.Fields[infoKey]; infoKey != "" && v != "" {
		ts, err := ParseDate(v)
		if err == nil {
			*dst = ts
			return
		}
		rec.AddProblem("%s: %v", infoKey, err)
	}
	if v := rec.Fields[xmpKey]; v != "" {
		if ts, ok := ParseXMPDate(v); ok {
			*dst = ts
			return
		}
		rec.AddProblem("%s: unparsable date %q", xmpKey, v)
	}
}
