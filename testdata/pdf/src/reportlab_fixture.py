#!/usr/bin/python3
"""Makes reportlab.pdf for docprov's tests (called by ../make.sh).

Two pages; page 1 uses Helvetica (standard 14 font, not embedded) and a
DejaVuSans TrueType font that ReportLab embeds as a subset.  Dates come from
SOURCE_DATE_EPOCH (ReportLab honours it), so the output is byte-identical on
every run with the same ReportLab version.
"""
import sys

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

out, ttf = sys.argv[1], sys.argv[2]
pdfmetrics.registerFont(TTFont("DejaVuSans", ttf))
c = canvas.Canvas(out, pagesize=A4, pageCompression=1)
c.setTitle("Docprov ReportLab Fixture")
c.setAuthor("Alice Example")
c.setSubject("Provenance test fixture")
c.setKeywords("docprov, fixture, reportlab")
c.setCreator("docprov make.sh")
c.setFont("Helvetica", 14)
c.drawString(72, 770, "Helvetica (standard 14 font, not embedded)")
c.setFont("DejaVuSans", 12)
c.drawString(72, 740, "DejaVuSans subset: Привет, café")
c.showPage()
c.setFont("Helvetica", 12)
c.drawString(72, 770, "Page 2")
c.showPage()
c.save()
