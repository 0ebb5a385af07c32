#!/usr/bin/python3
"""One-page cairo PDF through pycairo (called by ../make.sh)."""
import sys
import cairo
s = cairo.PDFSurface(sys.argv[1], 595, 842)
s.set_metadata(cairo.PDFMetadata.TITLE, "Docprov cairo producer fixture")
s.set_metadata(cairo.PDFMetadata.CREATE_DATE, "2023-11-14T22:13:20Z")
ctx = cairo.Context(s)
ctx.select_font_face("DejaVu Sans")
ctx.set_font_size(12)
ctx.move_to(72, 72)
ctx.show_text("cairo producer fixture")
ctx.rectangle(72, 100, 200, 40)
ctx.fill()
s.finish()
