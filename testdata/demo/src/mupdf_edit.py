"""White out the paragraph of a PDF that starts with PREFIX and type NEW over
it (in Times, MuPDF's built-in "tiro"), saved as an incremental update.

usage: mupdf_edit.py FILE.pdf PREFIX NEW      (edits FILE.pdf in place)

This is what a forger does with a simple PDF editor: a white box over the
old text and new text on top. The old text is still in the page's content
stream under the box, the genuine revision stays in the file, and the change
is appended. MuPDF derives the new /ID[1] from the clock,
so make.sh runs this under faketime.
"""
import sys

import fitz

path, prefix, new = sys.argv[1:4]
doc = fitz.open(path)
for page in doc:
    for block in page.get_text("dict")["blocks"]:
        if block.get("type") != 0:
            continue
        lines = ["".join(s["text"] for s in line["spans"]) for line in block["lines"]]
        for i, text in enumerate(lines):
            if not text.strip().startswith(prefix):
                continue
            j = i  # the paragraph ends with the line that ends a sentence or an amount
            while not lines[j].rstrip().endswith((".", "€")) and j + 1 < len(lines):
                j += 1
            rect = fitz.Rect(block["lines"][i]["bbox"])
            for k in range(i + 1, j + 1):
                rect |= fitz.Rect(block["lines"][k]["bbox"])
            size = block["lines"][i]["spans"][0]["size"]
            page.draw_rect(rect, color=None, fill=(1, 1, 1), overlay=True)
            box = fitz.Rect(rect.x0, rect.y0 - 1, max(rect.x1, rect.x0 + 400) + 40, rect.y1 + size * 2)
            rc = page.insert_textbox(box, new, fontname="tiro", fontsize=size)
            if rc < 0:
                sys.exit(f"mupdf_edit: replacement does not fit ({rc})")
            doc.saveIncr()
            sys.exit(0)
sys.exit(f"mupdf_edit: no paragraph starting with {prefix!r} in {path}")
