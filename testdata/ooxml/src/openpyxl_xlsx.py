"""Writes openpyxl.xlsx with known properties, a comment and a defined name."""
import datetime, sys
import openpyxl
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Daten"
ws["A1"] = 42
ws["A1"].comment = Comment("Bitte prüfen", "Karl Weber")
wb.create_sheet("Zusammenfassung")
wb.defined_names.append(DefinedName("Summe", attr_text="Daten!$A$1"))
p = wb.properties
p.creator = "Karl Weber"
p.lastModifiedBy = "Eva Braun"
p.title = "Umsatz"
p.subject = "Quartal"
p.keywords = "umsatz"
p.description = "openpyxl fixture"
p.category = "Fixture"
p.revision = "4"
p.language = "de-DE"
p.created = datetime.datetime(2021, 2, 3, 4, 5, 6)
wb.save(sys.argv[1])
