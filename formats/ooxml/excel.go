package ooxml

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/docprov/docprov/formats/internal/textdigest"
)

// readExcel reads what SpreadsheetML adds to the property parts:
// workbook.xml's record of the Excel build that last saved the file
// (fileVersion, calcPr), the folder it was saved in (x15ac:absPath), the
// co-authoring document ID (xr:revisionPtr), sheet and defined names, and
// the authors of notes and threaded comments.
func (p *pkg) readExcel() {
	f := p.rec.Fields
	if strings.HasSuffix(strings.ToLower(p.main), ".bin") {
		// xlsb: the workbook is a binary record stream; the property parts
		// (read already) are still XML.
		f.Set("ooxml.workbook.binary", "true")
		return
	}
	wb := p.read(p.main, MaxSettingsBytes)
	if wb == nil {
		return
	}
	sheets, views := 0, 0
	var rawNames []string
	var sheetIDs []string // the sheets' relationship IDs, in order
	var nameText string
	p.walk(p.main, wb, walker{
		start: func(se xml.StartElement, stack []string) {
			allAttrs := func(prefix string) {
				for _, a := range se.Attr {
					if a.Name.Space != "xmlns" && a.Name.Local != "xmlns" {
						f.Set(prefix+a.Name.Local, a.Value)
					}
				}
			}
			switch se.Name.Local {
			case "fileVersion":
				allAttrs("ooxml.workbook.fileVersion.")
			case "workbookPr":
				allAttrs("ooxml.workbook.workbookPr.")
			case "calcPr":
				allAttrs("ooxml.workbook.calcPr.")
			case "revisionPtr":
				allAttrs("ooxml.workbook.revisionPtr.")
			case "absPath":
				f.Set("ooxml.workbook.absPath", attr(se, "url"))
			case "fileSharing":
				f.Set("ooxml.workbook.fileSharing.userName", attr(se, "userName"))
			case "workbookProtection":
				f.Set("ooxml.workbook.workbookProtection", "true")
			case "workbookView":
				if views == 0 {
					allAttrs("ooxml.workbook.workbookView.")
				}
				views++
			case "sheet":
				if len(stack) >= 1 && stack[len(stack)-1] == "sheets" {
					if len(sheetIDs) < MaxContentParts {
						sheetIDs = append(sheetIDs, relID(se))
					}
					if sheets < maxListed {
						k := fmt.Sprintf("ooxml.workbook.sheet[%d]", sheets)
						f.Set(k, attr(se, "name"))
						f.Set(k+".state", attr(se, "state"))
					}
					sheets++
				}
			case "definedName":
				nameText = attr(se, "name")
			}
		},
		end: func(name xml.Name, text string, _ []string) {
			if name.Local == "definedName" && len(rawNames) < maxListed {
				rawNames = append(rawNames, nameText+"\x00"+text)
			}
		},
	})
	f.Set("ooxml.workbook.sheets", strconv.Itoa(sheets))
	if len(rawNames) > 0 {
		f.Set("ooxml.workbook.definedNames", strconv.Itoa(len(rawNames)))
	}
	p.readWorkbookWithExcelize(wb, rawNames)
	// The sheets are read for the content digest last of all (see
	// Extract), so that inflating them cannot use up the archive budget
	// before the parts read for provenance.
	p.digest = func() { p.digestWorkbook(sheetIDs) }

	// The fonts of the cell styles: the first is the Normal style's,
	// which the writing program takes from its installation's defaults.
	dir := path.Dir(p.main)
	p.readSheetFonts(dir)

	// Notes (legacy comments): their authors.
	authors := newAuthorSet()
	for _, zf := range p.sortedNames(func(lower string) bool {
		return strings.HasPrefix(lower, strings.ToLower(dir)+"/") && strings.Contains(path.Base(lower), "comment") &&
			!strings.Contains(lower, "threadedcomment") && strings.HasSuffix(lower, ".xml") && !strings.Contains(lower, "/_rels/")
	}) {
		b := p.readFile(zf, MaxContentBytes)
		if b == nil {
			continue
		}
		var names []string
		p.walk(zf.Name, b, walker{
			start: func(se xml.StartElement, stack []string) {
				if se.Name.Local == "comment" && len(stack) >= 1 && stack[len(stack)-1] == "commentList" {
					i, err := strconv.Atoi(attr(se, "authorId"))
					name := ""
					if err == nil && i >= 0 && i < len(names) {
						name = names[i]
					}
					authors.add(name, "", "")
				}
			},
			end: func(name xml.Name, text string, stack []string) {
				if name.Local == "author" && len(stack) >= 1 && stack[len(stack)-1] == "authors" && len(names) < maxListed {
					names = append(names, text)
				}
			},
		})
	}
	authors.write(f, "ooxml.xl.comments")

	// Threaded comments (Excel 365) name their authors through persons.
	persons := p.readPeople(dir+"/persons/person.xml", "person", "ooxml.xl.person", "displayName", "id", "userId", "providerId")
	threaded := newAuthorSet()
	for _, zf := range p.sortedNames(func(lower string) bool {
		return strings.HasPrefix(lower, strings.ToLower(dir)+"/threadedcomments/") && strings.HasSuffix(lower, ".xml")
	}) {
		if b := p.readFile(zf, MaxContentBytes); b != nil {
			p.walk(zf.Name, b, walker{start: func(se xml.StartElement, _ []string) {
				if se.Name.Local == "threadedComment" {
					name := persons[attr(se, "personId")]
					if name == "" {
						name = attr(se, "personId")
					}
					threaded.add(name, "", attr(se, "dT"))
				}
			}})
		}
	}
	threaded.write(f, "ooxml.xl.threadedComments")

	// Charts and drawings carry DrawingML text with languages.
	p.scanLanguages(func(lower string) bool {
		return strings.HasPrefix(lower, strings.ToLower(dir)+"/") &&
			(strings.Contains(lower, "/charts/") || strings.Contains(lower, "/drawings/")) &&
			strings.HasSuffix(lower, ".xml") && !strings.Contains(lower, "/_rels/")
	})
}

// maxSheetFonts bounds the faces listed from a workbook's styles.
const maxSheetFonts = 64

// readSheetFonts lists the faces of styles.xml's fonts (ooxml.styles.font[i],
// each once, in order): font 0 is the Normal style's, a workbook's default,
// which Excel and Calc fill from the installation's own; and the number
// formats it defines (ooxml.styles.numFmt[i], each code once).
func (p *pkg) readSheetFonts(dir string) {
	styles := relTarget(p.partRels(p.main), "/styles")
	if styles == "" {
		styles = dir + "/styles.xml"
	}
	b := p.read(styles, MaxSettingsBytes)
	if b == nil {
		return
	}
	seen := map[string]bool{}
	codes := map[string]bool{}
	p.walk(styles, b, walker{start: func(se xml.StartElement, stack []string) {
		if se.Name.Local == "numFmt" && len(stack) >= 1 && stack[len(stack)-1] == "numFmts" && len(codes) < maxSheetFonts {
			// A number format the workbook defines, in the notation
			// of the saving program's locale (its separators, its
			// currency's locale ID).
			if v := attr(se, "formatCode"); strings.TrimSpace(v) != "" && !codes[v] {
				p.rec.Fields.Set(fmt.Sprintf("ooxml.styles.numFmt[%d]", len(codes)), v)
				codes[v] = true
			}
			return
		}
		if se.Name.Local != "name" || len(stack) < 2 || stack[len(stack)-1] != "font" || stack[len(stack)-2] != "fonts" || len(seen) >= maxSheetFonts {
			return
		}
		if v := strings.TrimSpace(attr(se, "val")); v != "" && !seen[v] {
			p.rec.Fields.Set(fmt.Sprintf("ooxml.styles.font[%d]", len(seen)), v)
			seen[v] = true
		}
	}})
}

// readWorkbookWithExcelize lets excelize resolve the defined names (with
// their scope turned from a sheet index into a sheet name) and read the
// workbook and calculation properties through its typed getters.
//
// excelize reads a whole workbook into memory and inflates every part, so
// it is never given the package itself: it gets a small ZIP holding only
// the parts those getters need ([Content_Types].xml, the relationships and
// workbook.xml, all already read within docprov's caps), with its own
// unzip limits set as a second fence, and behind recover. Sheets, shared
// strings and media never reach it. The raw definedName elements read by
// docprov's own walk stand in when excelize fails.
func (p *pkg) readWorkbookWithExcelize(wb []byte, rawNames []string) {
	f := p.rec.Fields
	writeRaw := func() {
		for i, rn := range rawNames {
			name, refersTo, _ := strings.Cut(rn, "\x00")
			k := fmt.Sprintf("ooxml.workbook.definedName[%d]", i)
			f.Set(k, name)
			f.Set(k+".refersTo", refersTo)
		}
	}
	if len(rawNames) == 0 {
		return
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, b []byte) {
		// Stored, not deflated: the package only lives in memory.
		if w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store}); err == nil {
			w.Write(b)
		}
	}
	wbDir, wbFile := path.Split(p.main)
	add("[Content_Types].xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/`+p.main+`" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`))
	add("_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="`+p.main+`"/></Relationships>`))
	add(p.main, wb)
	if rels := p.read(wbDir+"_rels/"+wbFile+".rels", MaxPropsBytes); rels != nil {
		add(wbDir+"_rels/"+wbFile+".rels", rels)
	}
	if zw.Close() != nil {
		writeRaw()
		return
	}
	names, err := excelizeDefinedNames(buf.Bytes())
	if err != nil {
		p.rec.AddProblem("%s: excelize: %v", p.main, err)
		writeRaw()
		return
	}
	for i, dn := range names {
		if i >= maxListed {
			break
		}
		k := fmt.Sprintf("ooxml.workbook.definedName[%d]", i)
		f.Set(k, dn.Name)
		f.Set(k+".refersTo", dn.RefersTo)
		f.Set(k+".scope", dn.Scope)
		f.Set(k+".comment", dn.Comment)
	}
}

// excelizeDefinedNames opens a minimal workbook package with excelize and
// returns its defined names, turning a panic into an error.
func excelizeDefinedNames(pkg []byte) (names []excelize.DefinedName, err error) {
	defer func() {
		if r := recover(); r != nil {
			names, err = nil, fmt.Errorf("panic: %v", r)
		}
	}()
	limit := int64(len(pkg))*4 + MaxSettingsBytes
	xf, err := excelize.OpenReader(bytes.NewReader(pkg), excelize.Options{
		UnzipSizeLimit:    limit,
		UnzipXMLSizeLimit: limit,
	})
	if err != nil {
		return nil, err
	}
	defer xf.Close()
	return xf.GetDefinedName(), nil
}

// digestWorkbook writes the content digest of a workbook: its worksheets'
// cells in the workbook's sheet order (chart and dialog sheets have none).
func (p *pkg) digestWorkbook(sheetIDs []string) {
	rels := p.partRels(p.main)
	byID := map[string]rel{}
	for _, r := range rels {
		byID[r.ID] = r
	}
	var parts []string
	for _, id := range sheetIDs {
		if r, ok := byID[id]; ok && !r.External && strings.HasSuffix(r.Type, "/worksheet") {
			parts = append(parts, r.Target)
		}
	}
	if len(sheetIDs) == 0 {
		dir := strings.ToLower(path.Dir(p.main)) + "/worksheets/"
		for _, zf := range p.sortedNames(func(lower string) bool {
			return strings.HasPrefix(lower, dir) && !strings.Contains(lower[len(dir):], "/") && strings.HasSuffix(lower, ".xml")
		}) {
			parts = append(parts, zf.Name)
		}
	}
	var d textdigest.Digest
	sst := &sharedStrings{}
	ssPart := relTarget(rels, "/sharedStrings")
	if ssPart == "" {
		ssPart = path.Dir(p.main) + "/sharedStrings.xml"
	}
	if p.a.Has(ssPart) {
		b := p.read(ssPart, MaxContentBytes)
		if b == nil {
			return
		}
		sst = readSharedStrings(&d, b)
	}
	for _, part := range parts {
		if p.ctx.Err() != nil {
			return
		}
		b := p.read(part, MaxContentBytes)
		if b == nil {
			return // missing or too large: no digest of part of the text
		}
		digestSheet(&d, b, sst)
		d.Sep()
	}
	d.Record(p.rec.Fields)
}
