"""A "2016" works certificate written with python-docx, with staff names and
dates filled in through python-docx's core-properties API.

usage: wrongtool_docx.py OUT.docx
"""
import datetime as dt
import sys

import docx
from docx.shared import Pt

d = docx.Document()
style = d.styles["Normal"]
style.font.name = "Liberation Serif"
style.font.size = Pt(12)
d.add_heading("Attestation de fin de travaux", level=1)
d.add_paragraph("Helios Énergie SCIC SA à capital variable — 27 quai Perrache, 69002 Lyon")
d.add_paragraph("Je soussigné, Thomas Girard, technicien d'exploitation, atteste que les travaux d'installation "
                "de la toiture n° 3 des Toitures solaires de la Croix-Rousse (90 kWc) ont été achevés le "
                "14 octobre 2016 et réceptionnés sans réserve.")
d.add_paragraph("Le montant définitif des travaux s'élève à 212 400,00 € TTC, dont 38 000,00 € versés à "
                "Aldebaran Trading Ltd au titre de la coordination.")
d.add_paragraph("Fait à Lyon, le 17 octobre 2016.")
d.add_paragraph("Thomas Girard                                        Claire Rousseau, directrice générale")
cp = d.core_properties
cp.author = "Thomas Girard"
cp.last_modified_by = "Claire Rousseau"
cp.title = "Attestation de fin de travaux — Croix-Rousse"
cp.comments = ""
cp.language = "fr-FR"
cp.revision = 4
cp.created = dt.datetime(2016, 10, 17, 9, 40, 12)
cp.modified = dt.datetime(2016, 10, 18, 11, 5, 47)
d.save(sys.argv[1])
