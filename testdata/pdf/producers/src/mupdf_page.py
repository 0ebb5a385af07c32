#!/usr/bin/python3
"""MuPDF (PyMuPDF) fixtures (called by ../make.sh).
  mupdf_page.py new OUT          a one-page document written by MuPDF
  mupdf_page.py rewrite IN OUT   a full rewrite (garbage collection, compression)
  mupdf_page.py incr FILE        an incremental update that sets /Author
"""
import sys
import fitz
mode = sys.argv[1]
if mode == "new":
    doc = fitz.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 72), "MuPDF producer fixture", fontsize=12)
    doc.set_metadata({"title": "Docprov MuPDF producer fixture", "creationDate": "D:20231114221320Z", "modDate": "D:20231114221320Z"})
    doc.save(sys.argv[2], garbage=3, deflate=True)
elif mode == "rewrite":
    doc = fitz.open(sys.argv[2])
    doc.save(sys.argv[3], garbage=4, deflate=True)
elif mode == "incr":
    doc = fitz.open(sys.argv[2])
    m = doc.metadata
    m["author"] = "Trudy (MuPDF)"
    doc.set_metadata(m)
    doc.saveIncr()
