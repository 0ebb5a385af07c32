#!/usr/bin/python3
"""A different document that inherited another's /ID, as a "Save As" over
an old file does (called by ../make.sh): rewrites DOC with pikepdf, giving
it the trailer /ID of DONOR.
Usage: inherit_id.py DOC DONOR OUT
"""
import sys
import pikepdf
with pikepdf.open(sys.argv[2]) as donor:
    ident = [bytes(x) for x in donor.trailer.ID]
with pikepdf.open(sys.argv[1]) as pdf:
    pdf.trailer.ID = pikepdf.Array([pikepdf.String(ident[0]), pikepdf.String(ident[1])])
    pdf.save(sys.argv[3], static_id=True)
