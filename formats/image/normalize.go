package image

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/docprov/docprov/formats/image/exif"
	"github.com/docprov/docprov/provenance"
)

// finish derives the normalized view from the Fields, in the order of
// sources SCHEMA.md gives for images: EXIF, then XMP, then IPTC, then what
// the container itself records (PNG text chunks and tIME).
func finish(st *state) {
	rec, f := st.rec, st.rec.Fields
	first := f.First

	// Camera.
	cam := provenance.Camera{}
	cam.Make, _ = first("exif.IFD0.Make", "xmp.tiff:Make")
	cam.Model, _ = first("exif.IFD0.Model", "xmp.tiff:Model", "exif.IFD0.UniqueCameraModel")
	cam.Serial, _ = first("exif.ExifIFD.BodySerialNumber", "exif.IFD0.BodySerialNumber", "exif.IFD0.CameraSerialNumber",
		"xmp.exifEX:BodySerialNumber", "xmp.aux:SerialNumber")
	cam.Lens, _ = first("exif.ExifIFD.LensModel", "exif.IFD0.LensModel", "xmp.exifEX:LensModel", "xmp.aux:Lens")
	cam.LensMake, _ = first("exif.ExifIFD.LensMake", "exif.IFD0.LensMake", "xmp.exifEX:LensMake")
	cam.LensSerial, _ = first("exif.ExifIFD.LensSerialNumber", "exif.IFD0.LensSerialNumber", "xmp.exifEX:LensSerialNumber", "xmp.aux:LensSerialNumber")
	cam.Owner, _ = first("exif.ExifIFD.CameraOwnerName", "exif.IFD0.CameraOwnerName", "xmp.exifEX:CameraOwnerName", "xmp.aux:OwnerName")
	if n := st.note; n != nil {
		// The maker note is the camera's own record, read after the
		// standard tags: a value in both is the standard tag's.
		mc := n.Camera
		fill := func(dst *string, v string) {
			if *dst == "" {
				*dst = strings.TrimSpace(v)
			}
		}
		fill(&cam.Serial, mc.SerialNumber)
		fill(&cam.InternalSerial, mc.InternalSerialNumber)
		fill(&cam.Lens, mc.LensModel)
		fill(&cam.LensMake, mc.LensMake)
		fill(&cam.LensSerial, mc.LensSerialNumber)
		fill(&cam.Owner, mc.OwnerName)
		if c, err := strconv.ParseInt(mc.ShutterCount, 10, 64); err == nil && c > 0 {
			cam.ShutterCount = c
		}
	}
	if cam != (provenance.Camera{}) {
		rec.Camera = &cam
	}
	if st.exif != nil {
		if lat, lon, ok := st.exif.LatLon(); ok {
			rec.GPS = &provenance.GPS{Lat: lat, Lon: lon}
		}
		// GPS time is UTC from the satellites: beside the camera's wall
		// clock it tells the offset the camera was really in.
		if ts, ok := gpsTime(f["exif.GPS.GPSDateStamp"], f["exif.GPS.GPSTimeStamp"]); ok {
			f.Set("exif.gps.datetime", ts)
		}
	}

	// Times.
	if st.exif != nil {
		for _, id := range []uint16{0x9003, 0x9004} {
			ts, dir, err := st.exif.Time(id)
			if err != nil {
				rec.AddProblem("exif.%s: %v", dir, err)
			}
			if !ts.IsZero() {
				rec.Created = ts
				break
			}
		}
		ts, dir, err := st.exif.Time(0x0132)
		if err != nil {
			rec.AddProblem("exif.%s.DateTime: %v", dir, err)
		}
		rec.Modified = ts
	}
	if rec.Created.IsZero() {
		rec.Created = firstTime(rec, f, "xmp.xmp:CreateDate", "xmp.photoshop:DateCreated")
	}
	if rec.Created.IsZero() {
		rec.Created = iptcTime(f["iptc.DateCreated"], f["iptc.TimeCreated"])
	}
	if rec.Created.IsZero() {
		rec.Created = firstTime(rec, f, "png.text.Creation Time", "png.text.creation_time")
	}
	if rec.Modified.IsZero() {
		rec.Modified = firstTime(rec, f, "xmp.xmp:ModifyDate", "png.tIME", "png.text.Modify Time")
	}
	rec.MetadataDate = firstTime(rec, f, "xmp.xmp:MetadataDate")

	// People and descriptions.
	switch {
	case strings.TrimSpace(f["exif.IFD0.Artist"]) != "":
		rec.Authors = []string{strings.TrimSpace(f["exif.IFD0.Artist"])}
	case len(f.List("xmp.dc:creator")) > 0:
		rec.Authors = f.List("xmp.dc:creator")
	case len(f.List("iptc.By-line")) > 0:
		rec.Authors = f.List("iptc.By-line")
	default:
		if v, _ := first("exif.IFD0.XPAuthor", "png.text.Author"); v != "" {
			rec.Authors = []string{v}
		}
	}
	rec.Title, _ = first("xmp.dc:title[x-default]", "xmp.dc:title", "xmp.dc:title[0]", "iptc.ObjectName", "iptc.Headline", "exif.IFD0.XPTitle", "png.text.Title")
	rec.Description, _ = first("exif.IFD0.ImageDescription", "xmp.dc:description[x-default]", "xmp.dc:description", "xmp.dc:description[0]",
		"iptc.Caption-Abstract", "exif.IFD0.XPComment", "png.text.Description")
	rec.Subject, _ = first("exif.IFD0.XPSubject")
	if kw := f.List("xmp.dc:subject"); len(kw) > 0 {
		rec.Keywords = strings.Join(kw, ", ")
	} else if kw := f.List("iptc.Keywords"); len(kw) > 0 {
		rec.Keywords = strings.Join(kw, ", ")
	} else {
		rec.Keywords, _ = first("exif.IFD0.XPKeywords")
	}
	for _, l := range f.List("xmp.dc:language") {
		rec.AddLanguage(l)
	}

	// Software.
	if sw := strings.TrimSpace(f["exif.IFD0.Software"]); sw != "" {
		role := softwareRole(f, sw)
		if name, version, built, ok := samsungFirmware(f, sw); ok {
			// A Samsung phone writes its firmware's build code, which
			// encodes its version and the month it was built: name
			// it as a version of the model's firmware, so that the
			// organisation's updates compare, and record the month.
			s := provenance.NewSoftware(provenance.RoleDevice, sw, "exif.IFD0.Software")
			s.Name, s.Version = name, version
			rec.Software = append(rec.Software, s)
			f.Set(provenance.KeyFirmwareBuilt, built)
		} else if name := systemOf(f); name != "" && bareVersionRe.MatchString(sw) {
			// A phone writes its system's version alone ("16.1.2"),
			// also in a photo it edited itself: name the system, so
			// that versions of it compare. A bare number is no
			// editor's name, so traces of editing elsewhere in the file
			// do not make it an editor.
			s := provenance.NewSoftware(provenance.RoleDevice, sw, "exif.IFD0.Software")
			s.Name, s.Version = name, sw
			rec.Software = append(rec.Software, s)
		} else {
			rec.AddSoftware(role, sw, "exif.IFD0.Software")
		}
	}
	rec.AddSoftware(provenance.RoleEditor, f["exif.IFD0.ProcessingSoftware"], "exif.IFD0.ProcessingSoftware")
	rec.AddSoftware(provenance.RoleCreator, f["xmp.xmp:CreatorTool"], "xmp.xmp:CreatorTool")
	if p := strings.TrimSpace(f["iptc.OriginatingProgram"]); p != "" {
		if v := strings.TrimSpace(f["iptc.ProgramVersion"]); v != "" {
			p += " " + v
		}
		rec.AddSoftware(provenance.RoleCreator, p, "iptc.OriginatingProgram")
	}
	rec.AddSoftware(provenance.RoleCreator, f["png.text.Software"], "png.text.Software")
	if p := strings.TrimSpace(f["exif.IFD0.PreviewApplicationName"]); p != "" {
		rec.AddSoftware(provenance.RoleEditor, strings.TrimSpace(p+" "+f["exif.IFD0.PreviewApplicationVersion"]), "exif.IFD0.PreviewApplicationName")
	}
	for _, k := range f.WithPrefix("xmp.xmpMM:History[") {
		if strings.HasSuffix(k, "/stEvt:softwareAgent") {
			rec.AddSoftware(provenance.RoleEditor, f[k], k)
		}
	}
	if n := st.note; n != nil && n.Camera.Firmware != "" {
		// The maker note's firmware version is the camera's own claim,
		// never an editor's.
		for _, fl := range n.Fields {
			if fl.Value == n.Camera.Firmware {
				rec.AddSoftware(provenance.RoleDevice, fl.Value, provenance.KeyMakerNotePrefix+n.Maker+"."+fl.Name)
				break
			}
		}
	}

	// Identifiers.
	ids := []struct{ kind, key string }{
		{"exif.ImageUniqueID", "exif.ExifIFD.ImageUniqueID"},
		{"exif.ImageUniqueID", "exif.IFD0.ImageUniqueID"},
		{"exif.BodySerialNumber", "exif.ExifIFD.BodySerialNumber"},
		{"exif.BodySerialNumber", "exif.IFD0.BodySerialNumber"},
		{"exif.BodySerialNumber", "exif.IFD0.CameraSerialNumber"},
		{"exif.RawDataUniqueID", "exif.IFD0.RawDataUniqueID"},
		{"xmp.DocumentID", "xmp.xmpMM:DocumentID"},
		{"xmp.InstanceID", "xmp.xmpMM:InstanceID"},
		{"xmp.OriginalDocumentID", "xmp.xmpMM:OriginalDocumentID"},
		{"xmp.DerivedFrom", "xmp.xmpMM:DerivedFrom/stRef:documentID"},
		{"xmp.DerivedFromInstance", "xmp.xmpMM:DerivedFrom/stRef:instanceID"},
		{"xmp.ImageUniqueID", "xmp.exif:ImageUniqueID"},
	}
	for _, id := range ids {
		rec.AddID(id.kind, f[id.key], id.key)
	}
	if n := st.note; n != nil {
		for _, id := range n.IDs {
			k := provenance.KeyMakerNotePrefix + n.Maker + "." + id.Name
			rec.AddID(k, id.Value, k)
		}
	}

	// Consistency of the image's own dimensions with what EXIF claims.
	st.compareAspect()
	ew, eh := atoi(f["exif.ExifIFD.PixelXDimension"]), atoi(f["exif.ExifIFD.PixelYDimension"])
	w, h := atoi(f["image.width"]), atoi(f["image.height"])
	if ew > 0 && eh > 0 && w > 0 && h > 0 && rec.Format != "tiff" && rec.Format != "dng" && rec.Format != "cr2" {
		f.Set("image.exif_dimensions_match", strconv.FormatBool(ew == w && eh == h))
	}
}

// bareVersionRe matches an EXIF Software that is a version number alone,
// as iPhones and iPads write their iOS version ("15.4.1") and some cameras
// their firmware's ("1.10").
var bareVersionRe = regexp.MustCompile(`^[vV]?\d+(\.\d+){1,3}$`)

// samsungFirmwareRe matches the build code Samsung's phones write as EXIF
// Software ("A525FXXS4BVA2"): the model without "SM-" and the region, then
// the update type (U feature, S security), the bootloader version (0-9,
// then A for 10 …), the major system update (A the first), the year (A
// is 2001: U 2021, V 2022), the month (A January … L December) and the
// build.
var samsungFirmwareRe = regexp.MustCompile(`^[A-Z]\d{3}[A-Z0-9]{1,3}[A-Z]{2,3}([0-9A-Z])([A-Z])([A-Z])([A-L])([0-9A-Z])$`)

// samsungFirmware reads a Samsung phone's firmware build code: the
// software it is a version of ("SM-A525F firmware"), a version that
// orders its releases (bootloader.major.year.month.build: "4.2.2022.1.2")
// and the month it was built ("2022-01"). Only for a Samsung Make.
func samsungFirmware(f provenance.Fields, sw string) (name, version, built string, ok bool) {
	if !strings.EqualFold(strings.TrimSpace(f["exif.IFD0.Make"]), "samsung") {
		return "", "", "", false
	}
	m := samsungFirmwareRe.FindStringSubmatch(sw)
	if m == nil {
		return "", "", "", false
	}
	code := func(s string) int { // 0-9, then A = 10
		if c := s[0]; c <= '9' {
			return int(c - '0')
		}
		return int(s[0]-'A') + 10
	}
	year := 2000 + int(m[3][0]-'A') + 1
	month := int(m[4][0]-'A') + 1
	if year < 2009 {
		return "", "", "", false
	}
	name = systemOf(f)
	if name == "" {
		return "", "", "", false
	}
	version = fmt.Sprintf("%d.%d.%d.%d.%d", code(m[1]), int(m[2][0]-'A')+1, year, month, code(m[5]))
	return name, version, fmt.Sprintf("%04d-%02d", year, month), true
}

// systemOf names the software a device's bare version number is a version
// of: iOS for Apple's phones and tablets (their EXIF Software is the iOS
// version), else the model's firmware.
func systemOf(f provenance.Fields) string {
	mk, model := strings.TrimSpace(f["exif.IFD0.Make"]), strings.TrimSpace(f["exif.IFD0.Model"])
	switch {
	case strings.EqualFold(mk, "Apple") && (strings.HasPrefix(model, "iPhone") || strings.HasPrefix(model, "iPad") || strings.HasPrefix(model, "iPod")):
		return "iOS"
	case model != "":
		return model + " firmware"
	}
	return ""
}

// editorRe matches the names of programs that edit or convert photos, as
// opposed to camera firmware, when they appear in EXIF Software.
var editorRe = regexp.MustCompile(`(?i)photoshop|lightroom|gimp|paint\.net|picasa|acdsee|irfanview|imagemagick|graphicconverter|pixelmator|capture\s*one|aperture|snapseed|windows|microsoft|transfer|nikon capture|photopro|darktable|rawtherapee|affinity|fotostation|photo\s*mechanic|digikam|shotwell|qimage|exiftool|xnview|faststone|corel|paint shop|photoscape|camera raw|dxo|luminar|silkypix|digital photo professional|preview|quicktime|mac os|ios photos|photos \d|google|instagram|facebook|whatsapp|fireworks|imageready|elements|tifflib|libtiff|ghostscript|kofax|tifffile|pillow|python`)

// scanAppRe matches scanning programs, which drive a scanner from a
// computer and write the image themselves: they made the file, so they
// are its creator, neither the scanner's firmware nor a later editor
// ("VueScan 9 x64 (9.6.01)" with the scanner's Make and Model).
var scanAppRe = regexp.MustCompile(`(?i)\b(?:vuescan|silverfast|naps2|epson scan|scansnap|scangear|hp scan|image capture|paperport|xsane|simple scan|gscan2pdf|camscanner|genius scan|adobe scan)\b`)

// softwareRole decides whether IFD0 Software is the camera's firmware
// (device), the scanning program that made the file (creator) or a
// program that handled the file later (editor):
//
//   - a known editor's name, or no camera named at all: editor;
//   - a known scanning program's name: creator;
//   - a Software that names the camera's model ("K10D Ver 1.30",
//     "ILCE-7SM3 v1.01"): device (the make alone is not enough: vendors
//     ship editors too);
//   - otherwise editor when the file shows other traces of editing (XMP
//     history agents, an editor as xmp:CreatorTool, an IFD0 DateTime more
//     than a minute after DateTimeOriginal), device when it shows none.
func softwareRole(f provenance.Fields, sw string) provenance.Role {
	if editorRe.MatchString(sw) && !strings.Contains(strings.ToLower(sw), "hdr+") {
		return provenance.RoleEditor
	}
	if scanAppRe.MatchString(sw) {
		return provenance.RoleCreator
	}
	mk, model := strings.TrimSpace(f["exif.IFD0.Make"]), strings.TrimSpace(f["exif.IFD0.Model"])
	if mk == "" && model == "" {
		return provenance.RoleEditor
	}
	low := strings.ToLower(sw)
	for _, w := range strings.Fields(model) {
		w = strings.ToLower(strings.Trim(w, ".,()"))
		if len(w) >= 3 && !strings.Contains(strings.ToLower(mk), w) && strings.Contains(low, w) {
			return provenance.RoleDevice
		}
	}
	for _, k := range f.WithPrefix("xmp.xmpMM:History[") {
		if strings.HasSuffix(k, "/stEvt:softwareAgent") {
			return provenance.RoleEditor
		}
	}
	if ct := strings.TrimSpace(f["xmp.xmp:CreatorTool"]); ct != "" && editorRe.MatchString(ct) {
		return provenance.RoleEditor
	}
	orig, err1 := exif.ParseDateTime(f["exif.ExifIFD.DateTimeOriginal"], "", "")
	mod, err2 := exif.ParseDateTime(f["exif.IFD0.DateTime"], "", "")
	if err1 == nil && err2 == nil && !orig.IsZero() && !mod.IsZero() && mod.Time.Sub(orig.Time) > time.Minute {
		return provenance.RoleEditor
	}
	return provenance.RoleDevice
}

// firstTime parses the first of the keys that holds a date.
func firstTime(rec *provenance.Record, f provenance.Fields, keys ...string) provenance.Timestamp {
	for _, k := range keys {
		v := strings.TrimSpace(f[k])
		if v == "" {
			continue
		}
		ts, err := parseAnyDate(v)
		if err == nil && !ts.IsZero() {
			return ts
		}
		if err != nil {
			rec.AddProblem("%s: %v", k, err)
		}
	}
	return provenance.Timestamp{}
}

// parseAnyDate reads the date forms images carry outside EXIF: XMP's ISO
// 8601 (possibly reduced to a date, a month or a year), EXIF's own form
// written into XMP by some tools, a PDF date ("D:…") copied into XMP, and
// the RFC 1123 dates of PNG text.
func parseAnyDate(v string) (provenance.Timestamp, error) {
	if strings.HasPrefix(v, "D:") {
		// A PDF date copied into XMP as written; see
		// provenance.ParseXMPDate.
		if ts, ok := provenance.ParseXMPDate(v); ok {
			return ts, nil
		}
		return provenance.Timestamp{}, errUnparsable(v)
	}
	if ts, err := exif.ParseDateTime(v, "", ""); err == nil {
		return ts, nil
	}
	for _, layout := range []string{"2006-01-02", "2006:01:02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, v); err == nil {
			return provenance.Timestamp{Time: t}, nil
		}
	}
	for _, layout := range []string{time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822, time.ANSIC, time.UnixDate, "Mon, 2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 -0700"} {
		if t, err := time.Parse(layout, v); err == nil {
			return provenance.At(t), nil
		}
	}
	return provenance.Timestamp{}, errUnparsable(v)
}

type errUnparsable string

func (e errUnparsable) Error() string { return "unparsable date " + strconv.Quote(string(e)) }

// iptcTime combines IPTC DateCreated (CCYYMMDD) and TimeCreated
// (HHMMSS±HHMM).
func iptcTime(date, tm string) provenance.Timestamp {
	date = strings.TrimSpace(date)
	if len(date) != 8 {
		return provenance.Timestamp{}
	}
	s := date[:4] + ":" + date[4:6] + ":" + date[6:8] + " 00:00:00"
	off := ""
	if tm = strings.TrimSpace(tm); len(tm) >= 6 {
		s = date[:4] + ":" + date[4:6] + ":" + date[6:8] + " " + tm[:2] + ":" + tm[2:4] + ":" + tm[4:6]
		off = tm[6:]
	}
	ts, err := exif.ParseDateTime(s, "", off)
	if err != nil {
		return provenance.Timestamp{}
	}
	return ts
}

// gpsTime combines GPSDateStamp ("2023:04:05") and GPSTimeStamp (hours,
// minutes, seconds as Text writes them: "4 7 1.5") into RFC 3339 UTC.
func gpsTime(date, tm string) (string, bool) {
	hms := strings.Fields(tm)
	if len(hms) != 3 || len(date) < 10 {
		return "", false
	}
	var v [3]float64
	for i, p := range hms {
		x, err := strconv.ParseFloat(p, 64)
		if err != nil || x < 0 {
			return "", false
		}
		v[i] = x
	}
	ts, err := exif.ParseDateTime(date[:10]+" 00:00:00", "", "Z")
	if err != nil || ts.IsZero() || v[0] >= 24 || v[1] >= 60 || v[2] >= 61 {
		return "", false
	}
	t := ts.Time.Add(time.Duration((v[0]*3600 + v[1]*60 + v[2]) * float64(time.Second)))
	return t.UTC().Format(time.RFC3339Nano), true
}
