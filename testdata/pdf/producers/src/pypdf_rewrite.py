#!/usr/bin/python3
"""pypdf rewrite of a PDF (called by ../make.sh)."""
import sys
from pypdf import PdfReader, PdfWriter
r = PdfReader(sys.argv[1])
w = PdfWriter()
for p in r.pages:
    w.add_page(p)
w.add_metadata({"/Title": "Docprov pypdf rewrite"})
with open(sys.argv[2], "wb") as f:
    w.write(f)
