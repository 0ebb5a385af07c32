package rtf

import (
	"sort"
	"strconv"
	"strings"

	"github.com/docprov/docprov/formats/internal/winlang"
	"github.com/docprov/docprov/provenance"
)

func joinMarks(m map[string]bool) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, "|")
}

// normalize derives the Record's normalized view from its Fields.
func normalize(rec *provenance.Record) {
	f := rec.Fields
	rec.Title = strings.TrimSpace(f["rtf.info.title"])
	rec.Subject = strings.TrimSpace(f["rtf.info.subject"])
	rec.Keywords = strings.TrimSpace(f["rtf.info.keywords"])
	rec.Description = strings.TrimSpace(f["rtf.info.doccomm"])
	if a := strings.TrimSpace(f["rtf.info.author"]); a != "" {
		rec.Authors = []string{a}
	}
	rec.LastModifiedBy = strings.TrimSpace(f["rtf.info.operator"])
	if rec.LastModifiedBy == "" && ClaimedFamily(f["rtf.generator"]) == FamilyLibreOffice {
		// LibreOffice writes the last editor as a second \author, never
		// an \operator.
		rec.LastModifiedBy = strings.TrimSpace(f["rtf.info.author#2"])
	}
	rec.Company = strings.TrimSpace(f["rtf.info.company"])
	rec.Manager = strings.TrimSpace(f["rtf.info.manager"])
	if v := f["rtf.info.version"]; v != "" {
		rec.Revision = v
	}
	if n, err := strconv.ParseInt(f["rtf.info.edmins"], 10, 64); err == nil && n > 0 {
		rec.EditTimeSeconds = n * 60
	}
	stamp := func(dst *provenance.Timestamp, key string) {
		if v := f[key]; v != "" {
			if ts, err := provenance.ParseTimestamp(v); err == nil {
				*dst = ts
			}
		}
	}
	stamp(&rec.Created, "rtf.info.creatim")
	stamp(&rec.Modified, "rtf.info.revtim")
	stamp(&rec.Printed, "rtf.info.printim")

	rec.AddSoftware(provenance.RoleApplication, f["rtf.generator"], "rtf.generator")
	if v := f["rtf.header.cocoartf"]; v != "" {
		rec.AddSoftware(provenance.RoleApplication, "Cocoa RTF "+v, "rtf.header.cocoartf")
	}
	rec.AddID("ooxml.rsidRoot", rsidRoot(f), "rtf.header.rsidroot")

	for _, k := range []string{"rtf.header.deflang", "rtf.header.deflangfe", "rtf.header.adeflang"} {
		if id, err := strconv.ParseUint(f[k], 10, 16); err == nil {
			f.Set(k+"Tag", winlang.LCIDTag(uint32(id)))
		}
	}
	rec.AddLanguage(f["rtf.header.deflangTag"])
	for _, k := range f.WithPrefix("rtf.lang[") {
		if id, err := strconv.ParseUint(f[k], 10, 16); err == nil {
			rec.AddLanguage(winlang.LCIDTag(uint32(id)))
		}
	}
	if len(rec.Languages) == 0 {
		if cp, err := strconv.Atoi(f["rtf.header.ansicpg"]); err == nil {
			rec.AddLanguage(winlang.CodePageLanguage(cp))
		}
	}
}

// rsidRoot is \rsidrootN as OOXML writes w:rsidRoot.
func rsidRoot(f provenance.Fields) string {
	n, err := strconv.ParseInt(f["rtf.header.rsidroot"], 10, 64)
	if err != nil || n <= 0 {
		return ""
	}
	return rsidHex(n)
}
