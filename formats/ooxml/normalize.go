package ooxml

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/docprov/docprov/provenance"
)

// finish derives the normalized view from Fields (SCHEMA.md): core.xml for
// title, authors (dc:creator), last modified by and the times; app.xml for
// company, manager, template, edit time and the application; settings.xml,
// workbook.xml and customXml for identifiers.
func finish(rec *provenance.Record) {
	f := rec.Fields
	get := func(k string) string { return strings.TrimSpace(f[k]) }

	rec.Title = get("ooxml.core.dc:title")
	rec.Subject = get("ooxml.core.dc:subject")
	rec.Keywords = get("ooxml.core.cp:keywords")
	rec.Description = get("ooxml.core.dc:description")
	if a := get("ooxml.core.dc:creator"); a != "" {
		rec.Authors = []string{a}
	}
	rec.LastModifiedBy = get("ooxml.core.cp:lastModifiedBy")
	rec.Revision = get("ooxml.core.cp:revision")
	rec.Company = get("ooxml.app.Company")
	rec.Manager = get("ooxml.app.Manager")
	rec.Template = get("ooxml.app.Template")

	if v := get("ooxml.app.TotalTime"); v != "" {
		if m, err := strconv.ParseInt(v, 10, 64); err == nil && m >= 0 && m < 1<<40 {
			rec.EditTimeSeconds = m * 60
		} else {
			rec.AddProblem("docProps/app.xml: TotalTime %q is not a number of minutes", v)
		}
	}

	setTime := func(dst *provenance.Timestamp, key string) {
		v := get(key)
		if v == "" {
			return
		}
		ts, err := ParseW3CDTF(v)
		if err != nil {
			rec.AddProblem("%s: %v", key, err)
			return
		}
		*dst = ts
	}
	setTime(&rec.Created, "ooxml.core.dcterms:created")
	setTime(&rec.Modified, "ooxml.core.dcterms:modified")
	setTime(&rec.Printed, "ooxml.core.cp:lastPrinted")
	if neverPrinted(rec.Printed) {
		// Office converts the FILETIME zero of a document never printed
		// to "1601-01-01T00:00:00Z", so the date is the absence of one;
		// the raw field keeps what was written.
		rec.Printed = provenance.Timestamp{}
	}

	// The application: ExifTool and checks compare the raw Application
	// string, and the version app.xml states apart (AppVersion, "16.0000")
	// is the one release tables know, so it wins over a number parsed out
	// of the name. A file with an AppVersion but no Application still claims
	// an application of that version, so it gets an entry without a name.
	app, appVersion := get("ooxml.app.Application"), get("ooxml.app.AppVersion")
	switch {
	case app != "":
		rec.AddSoftware(provenance.RoleApplication, app, "ooxml.app.Application")
		// Except where the name carries a dotted version of its own and
		// the application is not Microsoft's, whose numbering AppVersion
		// follows: LibreOffice writes its real version in the name
		// ("LibreOffice/24.8.4.2$Linux_X86_64 …") and a fixed placeholder
		// ("15.0000") in AppVersion.
		s := &rec.Software[len(rec.Software)-1]
		own := s.Version != "" && strings.Contains(s.Version, ".") && !strings.HasPrefix(strings.ToLower(app), "microsoft")
		if appVersion != "" && !own {
			s.Version = appVersion
		}
	case appVersion != "":
		rec.Software = append(rec.Software, provenance.Software{
			Role: provenance.RoleApplication, Version: appVersion, Source: "ooxml.app.AppVersion",
		})
	}

	// LibreOffice keeps the extended properties it does not write itself
	// (AppVersion, DocSecurity, ScaleCrop …) as custom properties of the
	// same name. Such an AppVersion is the version of the application that
	// saved the file before LibreOffice did: an earlier application.
	if v := get("ooxml.custom.AppVersion"); v != "" && v != appVersion {
		rec.Software = append(rec.Software, provenance.Software{
			Role: provenance.RoleApplication, Version: v, Source: "ooxml.custom.AppVersion",
		})
	}

	if raw := get("ooxml.custom.KSOProductBuildVer"); raw != "" {
		addKSOBuild(rec, raw, "ooxml.custom.KSOProductBuildVer")
	}

	rec.AddID("ooxml.rsidRoot", f["ooxml.settings.rsidRoot"], "ooxml.settings.rsidRoot")
	rec.AddID("ooxml.w14.docId", f["ooxml.settings.w14:docId"], "ooxml.settings.w14:docId")
	rec.AddID("ooxml.w15.docId", f["ooxml.settings.w15:docId"], "ooxml.settings.w15:docId")
	rec.AddID("ooxml.workbook.documentId", f["ooxml.workbook.revisionPtr.documentId"], "ooxml.workbook.revisionPtr.documentId")
	for _, k := range f.WithPrefix("ooxml.customXml.itemProps[") {
		if strings.HasSuffix(k, ".itemID") {
			rec.AddID("ooxml.customXml.itemID", f[k], k)
		}
	}
	for i := 0; i < maxListed; i++ {
		k := fmt.Sprintf("ooxml.slide.creationId[%d]", i)
		if f[k] == "" {
			break
		}
		rec.AddID("ooxml.p14.creationId", f[k], k)
	}
}

// neverPrinted reports whether a cp:lastPrinted is the FILETIME zero
// (1601-01-01) or within the year after it: no print time, as OLE's
// LastPrinted reads the same range.
func neverPrinted(ts provenance.Timestamp) bool {
	return !ts.IsZero() && ts.Time.Year() < 1602
}

// ksoBuildRe is WPS Office's KSOProductBuildVer: the LCID of its user
// interface, a hyphen and the build ("2052-11.1.0.10700").
var ksoBuildRe = regexp.MustCompile(`^(\d{1,5})-(\d+(?:\.\d+)+)$`)

// addKSOBuild reports the build of WPS Office (Kingsoft Office, "KSO") that
// its custom property KSOProductBuildVer names as an application: it is the
// program's own statement of which build saved the file, in the role
// app.xml's Application has, and not an editor's (it says nothing of a
// later program; when one kept the property, as LibreOffice keeps the
// custom properties it finds, the entry is the earlier application, like
// a kept AppVersion). It is named "WPS Office", the name WPS writes in
// Application ("WPS Office_11.1.0.10700_<GUID>"), so that the two compare;
// WPS's localised Application names ("WPS 表格", "WPS Spreadsheets") carry
// no version, and its AppVersion (14.0) imitates Office 2010, so this is
// often the only real version the file states. The entry is left out
// when an application entry of WPS already states that build.
func addKSOBuild(rec *provenance.Record, raw, source string) {
	m := ksoBuildRe.FindStringSubmatch(strings.TrimSpace(raw))
	if m == nil {
		return // the raw field stays; nothing here is a version
	}
	for _, s := range rec.Software {
		if s.Role == provenance.RoleApplication && s.Version == m[2] && strings.HasPrefix(strings.ToUpper(s.Name), "WPS") {
			return
		}
	}
	rec.Software = append(rec.Software, provenance.Software{
		Role: provenance.RoleApplication, Name: "WPS Office", Version: m[2], Raw: strings.TrimSpace(raw), Source: source,
	})
}

// ParseW3CDTF parses a core.xml date (the W3C profile of ISO 8601 that
// dcterms:W3CDTF names): "2017-03-01T09:12:00Z", with fractions of a second
// or an offset ("+01:00"), without seconds, or only "2017-03-01", "2017-03"
// or "2017". A time without an offset keeps HasOffset false: some producers
// write local time that way, and it is not silently made UTC.
func ParseW3CDTF(s string) (provenance.Timestamp, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return provenance.Timestamp{}, fmt.Errorf("empty date")
	}
	withZone := []string{"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05.999999999Z07:00"}
	for _, l := range withZone {
		if t, err := time.Parse(l, s); err == nil {
			return provenance.At(t), nil
		}
	}
	local := []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04:05.999999999", "2006-01-02", "2006-01", "2006"}
	for _, l := range local {
		if t, err := time.Parse(l, s); err == nil {
			return provenance.Timestamp{Time: t}, nil
		}
	}
	return provenance.Timestamp{}, fmt.Errorf("unparsable date %q", s)
}
