"""Writes python-docx.docx with known core properties and languages."""
import datetime, sys
import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

d = docx.Document()
cp = d.core_properties
cp.author = "Anna Schmidt"
cp.last_modified_by = "Jan Novák"
cp.title = "Protokoll"
cp.subject = "Sitzung"
cp.keywords = "protokoll, docprov"
cp.comments = "python-docx fixture"
cp.category = "Fixture"
cp.revision = 7
cp.language = "de-DE"
cp.created = datetime.datetime(2020, 1, 2, 3, 4, 5)
cp.modified = datetime.datetime(2020, 1, 3, 4, 5, 6)
p = d.add_paragraph()
run = p.add_run("Guten Tag. ")
rpr = run._r.get_or_add_rPr()
lang = OxmlElement("w:lang")
lang.set(qn("w:val"), "de-DE")
rpr.append(lang)
run = p.add_run("Dobrý den.")
rpr = run._r.get_or_add_rPr()
lang = OxmlElement("w:lang")
lang.set(qn("w:val"), "cs-CZ")
rpr.append(lang)
d.save(sys.argv[1])
