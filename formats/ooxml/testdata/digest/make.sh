#!/bin/sh
# Makes the content-digest fixtures with real producers: LibreOffice
# (soffice --headless, 7.4 on Debian 12) and python-docx / openpyxl (Debian
# 12's python3-docx 0.8.11, python3-openpyxl 3.0.9). Run from this folder;
# the files are committed, so the tests never run it.
#
#	invoice.odt            LibreOffice from source.html (imported into Writer)
#	invoice.docx, .doc     LibreOffice from invoice.odt
#	invoice-resaved.odt    LibreOffice re-saving invoice.odt
#	invoice-from-docx.odt  LibreOffice from invoice.docx
#	invoice-from-doc.docx  LibreOffice from invoice.doc
#	invoice-forged.docx    python-docx: invoice.docx with "12" hours made "14"
#	invoice-replaced.docx  python-docx: invoice.docx with every text replaced
#	letter.docx            python-docx (its default template, made by Word, with
#	                       Word's rsids): the invoice's text typed in
#	letter-forged.docx     python-docx: letter.docx with "12" hours made "14"
#	letter-replaced.docx   python-docx: letter.docx with every text replaced
#	letter.odt             LibreOffice from letter.docx
#	empty.odt, empty.docx  LibreOffice from an empty text file
#	empty-python-docx.docx python-docx's default template, saved
#	sheet.xlsx             openpyxl: strings and numbers
#	sheet.ods              LibreOffice from sheet.xlsx
#	sheet-from-ods.xlsx    LibreOffice from sheet.ods
#	sheet.xls              LibreOffice from sheet.xlsx (BIFF8)
#	sheet-forged.xlsx      openpyxl: sheet.xlsx with one number changed
set -e
PY=/usr/bin/python3
LO="soffice -env:UserInstallation=file:///tmp/docprov-digest-lo --headless --convert-to"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

$LO odt:writer8 --infilter="HTML (StarWriter)" --outdir "$tmp" source.html >/dev/null
mv "$tmp/source.odt" invoice.odt
$LO docx:"MS Word 2007 XML" --outdir . invoice.odt >/dev/null
$LO doc:"MS Word 97" --outdir . invoice.odt >/dev/null
$LO odt --outdir "$tmp" invoice.odt >/dev/null
mv "$tmp/invoice.odt" invoice-resaved.odt
$LO odt --outdir "$tmp" invoice.docx >/dev/null
mv "$tmp/invoice.odt" invoice-from-docx.odt
$LO docx:"MS Word 2007 XML" --outdir "$tmp" invoice.doc >/dev/null
mv "$tmp/invoice.docx" invoice-from-doc.docx

$PY - <<'PY'
import docx
d = docx.Document("invoice.docx")
done = False
for t in d.tables:
    for row in t.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for r in p.runs:
                    if not done and r.text == "12":
                        r.text = "14"
                        done = True
assert done
d.save("invoice-forged.docx")

d = docx.Document("invoice.docx")
def replace(paragraphs):
    for p in paragraphs:
        for i, r in enumerate(p.runs):
            r.text = "Another letter entirely" if i == 0 else ""
replace(d.paragraphs)
for t in d.tables:
    for row in t.rows:
        for cell in row.cells:
            replace(cell.paragraphs)
d.save("invoice-replaced.docx")

docx.Document().save("empty-python-docx.docx")

# The invoice typed into python-docx's default template, which Word made:
# its settings carry Word's rsidRoot, which every document made from it
# inherits.
d = docx.Document()
d.add_heading("Invoice 2024-117", 1)
d.add_paragraph("Billed to: Société Générale d’Études, 12 rue de l’Église, Paris.")
d.add_paragraph("Services rendered in March 2024 & April 2024, as agreed on 2 February.")
t = d.add_table(rows=0, cols=3)
for row in [("Item", "Hours", "Amount"), ("Consulting", "12", "1 440.00 EUR"), ("Travel", "3", "210.00 EUR")]:
    cells = t.add_row().cells
    for c, v in zip(cells, row):
        c.text = v
d.add_paragraph("Total due: 1 650.00 EUR — payable within 30 days.")
d.add_paragraph("Grüße, Ølaf Ångström")
d.save("letter.docx")

d = docx.Document("letter.docx")
d.tables[0].cell(1, 1).paragraphs[0].runs[0].text = "14"
d.save("letter-forged.docx")

d = docx.Document("letter.docx")
replace(d.paragraphs)
for t in d.tables:
    for row in t.rows:
        for cell in row.cells:
            replace(cell.paragraphs)
d.save("letter-replaced.docx")

import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Budget"
for row in [["Item", "Q1", "Q2"], ["Rent", 1200, 1250.5], ["Staff", 8000, 8100], ["Total", 9200, 9350.5]]:
    ws.append(row)
wb.save("sheet.xlsx")
wb = openpyxl.load_workbook("sheet.xlsx")
wb["Budget"]["C3"] = 8200
wb.save("sheet-forged.xlsx")
PY

: > "$tmp/empty.txt"
$LO odt:writer8 --outdir "$tmp" "$tmp/empty.txt" >/dev/null
mv "$tmp/empty.odt" empty.odt
$LO docx:"MS Word 2007 XML" --outdir . empty.odt >/dev/null

$LO odt --outdir . letter.docx >/dev/null

$LO ods --outdir . sheet.xlsx >/dev/null
$LO xlsx:"Calc MS Excel 2007 XML" --outdir "$tmp" sheet.ods >/dev/null
mv "$tmp/sheet.xlsx" sheet-from-ods.xlsx
$LO xls:"MS Excel 97" --outdir . sheet.xlsx >/dev/null
