"""Change the "Investissement estimé" figure of a project sheet with
python-docx, the way a forger edits a copy of a genuine .docx.

usage: docx_edit.py IN.docx OUT.docx

python-docx keeps the document properties it read (author, dates, revision)
and rewrites the ZIP package with the time of the run.
"""
import sys

import docx

src, out = sys.argv[1:3]
d = docx.Document(src)
done = False
for table in d.tables:
    for row in table.rows:
        if row.cells[0].text.strip() == "Investissement estimé":
            para = row.cells[1].paragraphs[0]
            old = para.text
            digits = int("".join(ch for ch in old if ch.isdigit())) // 100
            new = f"{digits * 5 // 2:,}".replace(",", " ") + ",00 €"
            para.runs[0].text = new
            for r in para.runs[1:]:
                r.text = ""
            done = True
if not done:
    sys.exit("docx_edit: no 'Investissement estimé' row")
d.save(out)
