"""A transfer order drawn with ReportLab, dressed up as a LibreOffice export
(Creator "Writer"). make.sh runs it under a clock set to 2016-12-14.

usage: wrongtool_reportlab.py OUT.pdf
"""
import sys

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

c = canvas.Canvas(sys.argv[1], pagesize=A4, invariant=0)
c.setAuthor("Julien Marchand")
c.setTitle("Ordre de virement")
c.setCreator("Writer")
w, h = A4
c.setFont("Helvetica-Bold", 16)
c.drawCentredString(w / 2, h - 80, "Ordre de virement")
c.setFont("Helvetica", 11)
lines = [
    "Helios Énergie SCIC SA à capital variable — 27 quai Perrache, 69002 Lyon",
    "",
    "Banque : Banque Coopérative du Rhône, agence Lyon Perrache",
    "Compte débité : FR76 4255 9100 0008 0012 3456 789",
    "",
    "Bénéficiaire : Aldebaran Trading Ltd, 12 Arch. Makarios III Ave, Limassol (Chypre)",
    "IBAN : CY17 0020 0128 0000 0012 0052 7600",
    "Montant : 48 500,00 €",
    "Motif : commission d'apport d'affaires — projet Brévenne",
    "Date d'exécution : 16 décembre 2016",
    "",
    "Lyon, le 14 décembre 2016",
    "Julien Marchand, responsable administratif et financier",
    "Visa de la direction : Claire Rousseau",
]
y = h - 130
for line in lines:
    c.drawString(72, y, line)
    y -= 18
c.showPage()
c.save()
