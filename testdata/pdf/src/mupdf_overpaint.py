#!/usr/bin/python3
"""Paints over part of page 1 and types new text there with PyMuPDF/MuPDF,
saved as one incremental update (Document.saveIncr()), as a forger changes
a figure in a PDF without re-exporting it (called by ../make.sh).
Usage: mupdf_overpaint.py FILE TEXT
"""
import sys

import fitz  # PyMuPDF (Debian: python3-fitz)

path, text = sys.argv[1], sys.argv[2]
doc = fitz.open(path)
page = doc[0]
box = fitz.Rect(72, 90, 300, 130)
page.draw_rect(box, color=(1, 1, 1), fill=(1, 1, 1))
page.insert_text((76, 118), text, fontname="helv", fontsize=12)
doc.saveIncr()
doc.close()
