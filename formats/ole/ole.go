package ole

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/provenance"
)

// Magic is the signature every OLE2 compound file starts with.
var Magic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Format reads OLE2 compound files: legacy Word, Excel and PowerPoint
// documents, Outlook messages, Visio and Publisher files, and OOXML
// documents encrypted with a password. The zero value is ready to use.
type Format struct{}

var (
	_ formats.Format = Format{}
	_ formats.Prober = Format{}
)

// Name returns "ole".
func (Format) Name() string { return "ole" }

// Match reports whether head starts with the compound file signature.
func (Format) Match(head []byte) bool { return bytes.HasPrefix(head, Magic) }

// Probe accepts every compound file. Which application wrote it (Word,
// Excel, PowerPoint, Outlook …) is told by the streams inside, which
// Extract reads anyway; no other registered format claims OLE2, so there is
// nothing to hand on to another extractor.
func (f Format) Probe(_ io.ReaderAt, _ int64, head []byte) bool { return f.Match(head) }

// Extract reads the compound file's directory and the provenance its
// streams hold. A file whose directory cannot be read is an error wrapping
// formats.ErrMalformed; anything after that which fails becomes a problem
// of the Record.
func (Format) Extract(ctx context.Context, r io.ReaderAt, size int64) (*provenance.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	head := make([]byte, len(Magic))
	if _, err := r.ReadAt(head, 0); err != nil || !bytes.Equal(head, Magic) {
		return nil, fmt.Errorf("ole: no compound file signature: %w", formats.ErrUnsupported)
	}
	c, err := openCFB(r, size)
	if err != nil {
		return nil, fmt.Errorf("ole: %w: %w", err, formats.ErrMalformed)
	}
	rec := provenance.NewRecord()
	if err := extract(ctx, rec, c); err != nil {
		return nil, err
	}
	return rec, nil
}

// extract fills rec from an opened container. It is separate from Extract
// so that tests can run it on containers built in memory.
func extract(ctx context.Context, rec *provenance.Record, c container) error {
	kind := detect(c)
	rec.Format, rec.MIME = kind.format, kind.mime
	f := rec.Fields
	f.Set("ole.type", kind.app)

	layout(rec, c)
	steps := []func(context.Context, *provenance.Record, container){
		readPropertySets,
	}
	switch kind.format {
	case "doc", "dot":
		steps = append(steps, readWord)
	case "xls":
		steps = append(steps, readExcel)
	case "ppt":
		steps = append(steps, readPowerPoint)
	case "msg":
		steps = append(steps, readMsg)
	}
	// After the format's own stream: a workbook's BIFF CODEPAGE may be
	// the only code page the CompObj strings can be decoded with.
	steps = append(steps, readCompObj)
	if kind.encryptedPackage {
		steps = append(steps, readEncryptionInfo)
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		step(ctx, rec, c)
	}
	if kind.encryptedPackage {
		refineEncrypted(rec)
	}
	if rec.Format == "ole" {
		claimedKind(rec)
	}
	if rec.Format == "dot" && rec.MIME == "" {
		rec.MIME = "application/msword"
	}
	normalize(rec)
	return nil
}

// kind is what the streams present say a compound file is.
type kind struct {
	format, mime, app string
	encryptedPackage  bool
}

// detect names the application from the streams at the root, the way
// Office itself decides how to open a file.
func detect(c container) kind {
	n := names(c)
	has := func(name string) bool { return n[name] }
	hasFold := func(name string) bool {
		for k := range n {
			if !strings.Contains(k, "/") && strings.EqualFold(k, name) {
				return true
			}
		}
		return false
	}
	switch {
	case has("EncryptionInfo") && has("EncryptedPackage"):
		return kind{"ooxml-encrypted", "application/x-ms-encrypted-ooxml", "encrypted OOXML package", true}
	case has("WordDocument"):
		return kind{"doc", "application/msword", "Word", false}
	case hasFold("Workbook") || hasFold("Book"):
		return kind{"xls", "application/vnd.ms-excel", "Excel", false}
	case has("PowerPoint Document"):
		return kind{"ppt", "application/vnd.ms-powerpoint", "PowerPoint", false}
	case has("PP40"):
		// PowerPoint 4.0 and 95 kept the presentation in a stream of
		// this name, with a record format [MS-PPT] does not describe:
		// the property sets are read, the slides are not.
		return kind{"ppt", "application/vnd.ms-powerpoint", "PowerPoint", false}
	case has("__properties_version1.0") || hasPrefix(n, "__substg1.0_"):
		return kind{"msg", "application/vnd.ms-outlook", "Outlook message", false}
	case has("VisioDocument"):
		return kind{"vsd", "application/vnd.visio", "Visio", false}
	case has("Quill"):
		return kind{"pub", "application/x-mspublisher", "Publisher", false}
	}
	return kind{"ole", "application/x-ole-storage", "", false}
}

// claimedAppRe finds the application a CompObj user type or an AppName
// names ("Microsoft PowerPoint 4.0", "Microsoft Word-Dokument").
var claimedAppRe = regexp.MustCompile(`\b(Word|Excel|PowerPoint)\b`)

// claimedKind names the format of a compound file whose streams name none
// by what the file says of itself: its CompObj user type, else the
// SummaryInformation AppName, as ExifTool does. A PowerPoint 4.0
// presentation has neither a "PowerPoint Document" nor always a "PP40"
// stream, but says "Microsoft PowerPoint 4.0" in AppName. The claim is
// weaker than the streams, so ole.type.source records it.
func claimedKind(rec *provenance.Record) {
	for _, k := range []string{"ole.compobj.UserType", "ole.summary.AppName"} {
		m := claimedAppRe.FindStringSubmatch(rec.Fields[k])
		if m == nil {
			continue
		}
		switch m[1] {
		case "Word":
			rec.Format, rec.MIME = "doc", "application/msword"
		case "Excel":
			rec.Format, rec.MIME = "xls", "application/vnd.ms-excel"
		case "PowerPoint":
			rec.Format, rec.MIME = "ppt", "application/vnd.ms-powerpoint"
		}
		rec.Fields.Set("ole.type", m[1])
		rec.Fields.Set("ole.type.source", k)
		return
	}
}

func hasPrefix(n map[string]bool, prefix string) bool {
	for k := range n {
		if strings.HasPrefix(k, prefix) && !strings.Contains(k, "/") {
			return true
		}
	}
	return false
}

// layout records the directory: the root's CLSID and times, every entry
// with its kind and size (the order and names of streams fingerprint the
// writer), and the CLSID and times of storages that carry them.
func layout(rec *provenance.Record, c container) {
	f := rec.Fields
	entries := c.entries()
	listed := 0
	for _, e := range entries {
		if e.path == "" {
			if !zeroGUID(e.clsid) {
				f.Set("ole.cfb.root.CLSID", "{"+e.clsid+"}")
			}
			setTime(f, "ole.cfb.root.created", e.created)
			setTime(f, "ole.cfb.root.modified", e.modified)
			continue
		}
		if listed >= maxListed {
			continue
		}
		p := printable(e.path)
		if e.storage {
			f.Set("ole.cfb.entry["+strconv.Itoa(listed)+"]", p+"/")
			if !zeroGUID(e.clsid) {
				f.Set("ole.cfb.storage["+p+"].CLSID", "{"+e.clsid+"}")
			}
			setTime(f, "ole.cfb.storage["+p+"].created", e.created)
			setTime(f, "ole.cfb.storage["+p+"].modified", e.modified)
		} else {
			f.Set("ole.cfb.entry["+strconv.Itoa(listed)+"]", p+" ("+strconv.FormatInt(e.size, 10)+")")
		}
		listed++
	}
	f.Set("ole.cfb.entries", strconv.Itoa(len(entries)-1))
	if len(entries)-1 > listed {
		rec.AddProblem("compound file: %d directory entries, only the first %d listed", len(entries)-1, listed)
	}
	var rs []string
	for _, s := range rootStreams(c) {
		rs = append(rs, printable(s))
	}
	f.Set("ole.cfb.layout", strings.Join(rs, "|"))
}

func zeroGUID(s string) bool { return strings.Trim(s, "0-") == "" }
