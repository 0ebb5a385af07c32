#!/usr/bin/python3
"""pikepdf (libqpdf) rewrite of a PDF, setting Info /Author (called by ../make.sh)."""
import sys
import pikepdf
with pikepdf.open(sys.argv[1]) as pdf:
    pdf.docinfo["/Author"] = "Mallory (pikepdf)"
    pdf.save(sys.argv[2], static_id=True)
