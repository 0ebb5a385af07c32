"""Writes xlsxwriter.xlsx with known properties, custom properties, a comment and a defined name."""
import datetime, sys
import xlsxwriter

wb = xlsxwriter.Workbook(sys.argv[1])
ws = wb.add_worksheet("Ventas")
ws.write("A1", 42)
ws.write_comment("A1", "Revisar", {"author": "Lucía Pérez"})
wb.add_worksheet("Resumen")
wb.define_name("Total", "=Ventas!$A$1")
wb.set_properties({
    "title": "Ventas T3",
    "subject": "Trimestre",
    "author": "Lucía Pérez",
    "manager": "Jorge Ruiz",
    "company": "Ejemplo SA",
    "category": "Fixture",
    "keywords": "ventas",
    "comments": "XlsxWriter fixture",
    "status": "Borrador",
    "hyperlink_base": "https://example.org/",
    "created": datetime.datetime(2022, 3, 4, 5, 6, 7),
})
wb.set_custom_property("Proyecto", "Atlas")
wb.set_custom_property("Importe", 1234.5)
wb.set_custom_property("Revisado", True)
wb.set_custom_property("Fecha", datetime.datetime(2022, 3, 5, 0, 0, 0))
wb.close()
