#!/usr/bin/python3
"""Appends one incremental update with PyMuPDF/MuPDF (called by ../make.sh):
sets the Info /Author of the file in place (Document.saveIncr()).
Usage: mupdf_incremental.py FILE AUTHOR
"""
import sys

import fitz  # PyMuPDF (Debian: python3-fitz)

path, author = sys.argv[1], sys.argv[2]
doc = fitz.open(path)
kind, ref = doc.xref_get_key(-1, "Info")
if kind != "xref":
    sys.exit("no indirect /Info in trailer")
info_xref = int(ref.split()[0])
doc.xref_set_key(info_xref, "Author", fitz.get_pdf_str(author))
doc.saveIncr()
doc.close()
