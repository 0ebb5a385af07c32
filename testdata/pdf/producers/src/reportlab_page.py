#!/usr/bin/python3
"""One-page ReportLab PDF (called by ../make.sh). SOURCE_DATE_EPOCH fixes the dates and /ID."""
import sys
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
c = canvas.Canvas(sys.argv[1], pagesize=A4, pageCompression=1)
c.setTitle("Docprov ReportLab producer fixture")
c.setFont("Helvetica", 12)
c.drawString(72, 770, "ReportLab producer fixture")
c.rect(72, 700, 200, 40, fill=1)
c.showPage()
c.save()
