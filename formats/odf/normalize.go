package odf

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/docprov/docprov/provenance"
)

// finish derives the normalized view from Fields (SCHEMA.md: for ODF,
// meta.xml is the only source; authors = meta:initial-creator,
// last_modified_by = dc:creator) and writes the language counts.
func finish(rec *provenance.Record, d *doc) {
	f := rec.Fields
	get := func(k string) string { return strings.TrimSpace(f[k]) }

	rec.Title = get("odf.meta.dc:title")
	rec.Subject = get("odf.meta.dc:subject")
	rec.Description = get("odf.meta.dc:description")
	var keywords []string
	for i := 0; ; i++ {
		k := fmt.Sprintf("odf.meta.meta:keyword[%d]", i)
		if _, ok := f[k]; !ok && i >= d.counts["meta.keyword"] {
			break
		}
		if v := get(k); v != "" {
			keywords = append(keywords, v)
		}
	}
	rec.Keywords = strings.Join(keywords, ", ")

	if a := get("odf.meta.meta:initial-creator"); a != "" {
		rec.Authors = []string{a}
	}
	rec.LastModifiedBy = get("odf.meta.dc:creator")
	setTime(rec, &rec.Created, "odf.meta.meta:creation-date")
	setTime(rec, &rec.Modified, "odf.meta.dc:date")
	setTime(rec, &rec.Printed, "odf.meta.meta:print-date")

	rec.Revision = get("odf.meta.meta:editing-cycles")
	if v := get("odf.meta.meta:editing-duration"); v != "" {
		if s, err := ParseDuration(v); err == nil {
			rec.EditTimeSeconds = s
		} else {
			rec.AddProblem("odf.meta.meta:editing-duration: %v", err)
		}
	}
	rec.Template = get("odf.meta.meta:template/xlink:href")
	if rec.Template == "" {
		rec.Template = get("odf.meta.meta:template/xlink:title")
	}
	rec.AddSoftware(provenance.RoleApplication, f["odf.meta.meta:generator"], "odf.meta.meta:generator")
	if v := get("odf.settings.RsidRoot"); v != "" {
		rec.AddID("odf.rsidRoot", v, "odf.settings.RsidRoot")
	}

	// dc:language is the document's declared language; the languages of
	// styles and text follow, default styles first, then by frequency.
	for _, k := range f.WithPrefix("odf.meta.dc:language") {
		if strings.Contains(k, "/") {
			continue
		}
		// A value that is no BCP 47 tag ("Chinese") stays in Fields only.
		if tag := cleanTag(f[k]); tag != "" && !contains(rec.Languages, tag) {
			rec.Languages = append(rec.Languages, tag)
		}
	}
	for _, tag := range d.langs.ranked() {
		f.Set("odf.lang["+tag+"]", strconv.Itoa(d.langs.count[tag]))
		if d.langs.primary[tag] && !contains(rec.Languages, tag) {
			rec.Languages = append(rec.Languages, tag)
		}
	}
	if len(d.langs.defaults) > 0 {
		f.Set("odf.lang.default", strings.Join(d.langs.defaults, " "))
	}
	for _, k := range []string{"annotation", "changed-region", "table-change"} {
		for _, part := range []string{"styles", "content"} {
			if n := d.counts[part+"."+k]; n > 0 {
				f.Set("odf."+part+"."+k+"s", strconv.Itoa(n))
			}
		}
	}
}

// setTime parses the date stored under key into *dst, recording a problem
// for a date that does not parse (its text stays in Fields).
func setTime(rec *provenance.Record, dst *provenance.Timestamp, key string) {
	v := strings.TrimSpace(rec.Fields[key])
	if v == "" {
		return
	}
	ts, err := ParseDate(v)
	if err != nil {
		rec.AddProblem("%s: %v", key, err)
		return
	}
	*dst = ts
}
