"""A long-lived Python worker for the library producers, run under libfaketime.

build.py starts one worker per "machine" (time zone + clock file) with
LD_PRELOAD=libfaketime, FAKETIME_TIMESTAMP_FILE and TZ set, writes the clock
file before each job and sends the job as one JSON line on stdin; the worker
answers "ok" or "error: ...". Everything these libraries stamp (python-docx
ZIP times, openpyxl's modified date, ReportLab's CreationDate, PyMuPDF's
/ID, pikepdf's /ID[1]) is thus the scenario's time, and only the libraries
write the files.

Jobs: {"op": "<name>", ...}; see the functions below.
"""

import datetime as dt
import json
import sys
import traceback


def _clock_mtime_for_new_files():
    """libfaketime fakes time() but not the mtime the kernel gives a file just
    written (openpyxl writes each worksheet to a temporary file and zipfile
    stamps the entry with that file's mtime). On a machine whose clock said
    the scenario's time, that mtime would be the clock's time: give zipfile
    that, so nothing of the generation run's real date leaks into a file."""
    import time
    import zipfile
    orig = zipfile.ZipInfo.from_file.__func__

    def from_file(cls, filename, arcname=None, *, strict_timestamps=True):
        zi = orig(cls, filename, arcname, strict_timestamps=strict_timestamps)
        zi.date_time = time.localtime(time.time())[:6]
        return zi
    zipfile.ZipInfo.from_file = classmethod(from_file)


_clock_mtime_for_new_files()


def _now():
    return dt.datetime.now().replace(microsecond=0)


def _dt(s):
    return dt.datetime.fromisoformat(s) if s else None


# --------------------------------------------------------------------------
# python-docx
# --------------------------------------------------------------------------

def pydocx_new(out, body, props, font=None, east_asian=None):
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt
    d = docx.Document()
    st = d.styles["Normal"]
    if font:
        st.font.name = font
        if east_asian:
            st.element.rPr.rFonts.set(qn("w:eastAsia"), east_asian)
    st.font.size = Pt(10.5)
    for kind, val in body:
        if kind == "title":
            d.add_heading(val, level=0)
        elif kind in ("h1", "h2"):
            d.add_heading(val, level=int(kind[1]))
        elif kind in ("p", "small", "right"):
            d.add_paragraph(val)
        elif kind == "list":
            for i in val:
                d.add_paragraph(i, style="List Bullet")
        elif kind == "table":
            t = d.add_table(rows=len(val), cols=max(len(r) for r in val))
            t.style = "Table Grid"
            for i, r in enumerate(val):
                for j, c in enumerate(r):
                    t.cell(i, j).text = str(c)
        elif kind == "pb":
            d.add_page_break()
    cp = d.core_properties
    now = _now()
    for k, v in props.items():
        if k in ("created", "modified", "last_printed"):
            v = now if v == "now" else _dt(v)
        setattr(cp, k, v)
    d.save(out)


def _replace_in_paragraph(p, old, new):
    if old not in p.text:
        return False
    for r in p.runs:
        if old in r.text:
            r.text = r.text.replace(old, new)
            return True
    # the figure spans several runs: put the paragraph's text in the first run
    text = p.text.replace(old, new)
    for i, r in enumerate(p.runs):
        r.text = text if i == 0 else ""
    return True


def pydocx_edit(src, out, old, new, props=None):
    """Replace one figure in a .docx with python-docx (keeps the properties it read)."""
    import docx
    d = docx.Document(src)
    done = False
    for p in d.paragraphs:
        done |= _replace_in_paragraph(p, old, new)
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                for p in c.paragraphs:
                    done |= _replace_in_paragraph(p, old, new)
    if not done:
        raise ValueError(f"figure {old!r} not found in {src}")
    for k, v in (props or {}).items():
        if k in ("created", "modified"):
            v = _now() if v == "now" else _dt(v)
        setattr(d.core_properties, k, v)
    d.save(out)


# --------------------------------------------------------------------------
# spreadsheets
# --------------------------------------------------------------------------

def _cell_value(c):
    if isinstance(c, list) and c and c[0] == "=":
        return "=" + c[1].replace("[.", "").replace("]", "").replace(";", ",")
    if isinstance(c, list) and c and c[0] in ("€", "date"):
        return c[1]
    return c


def openpyxl_new(out, sheets, props):
    import openpyxl
    wb = openpyxl.Workbook()
    first = True
    for name, rows, widths in sheets:
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = name[:31]
        for r in rows:
            ws.append([_cell_value(c) if c != "" else None for c in r])
        for i, w in enumerate(widths):
            ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width = w * 4.5
    for k, v in props.items():
        if k in ("created", "modified"):
            v = _now() if v == "now" else _dt(v)
        setattr(wb.properties, k, v)
    wb.save(out)


def openpyxl_edit(src, out, factor, props=None):
    """Raise the largest number of the first sheet (a forger's change of a figure)."""
    import openpyxl
    wb = openpyxl.load_workbook(src)
    ws = wb.worksheets[0]
    best = None
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                if best is None or c.value > best.value:
                    best = c
    if best is None:
        raise ValueError("no number to change")
    best.value = round(best.value * factor, 2)
    for k, v in (props or {}).items():
        if k in ("created", "modified"):
            v = _now() if v == "now" else _dt(v)
        setattr(wb.properties, k, v)
    wb.save(out)


def xlsxwriter_new(out, sheets, props):
    import xlsxwriter
    wb = xlsxwriter.Workbook(out)
    p = dict(props)
    for k in ("created",):
        if p.get(k) == "now":
            p[k] = _now()
        elif p.get(k):
            p[k] = _dt(p[k])
    wb.set_properties(p)
    bold = wb.add_format({"bold": True})
    for name, rows, widths in sheets:
        ws = wb.add_worksheet(name[:31])
        for i, w in enumerate(widths):
            ws.set_column(i, i, w * 4.5)
        for ri, r in enumerate(rows):
            for ci, c in enumerate(r):
                v = _cell_value(c)
                if v is None or v == "":
                    continue
                if isinstance(v, str) and v.startswith("="):
                    ws.write_formula(ri, ci, v, None, c[2])
                elif ri == 0:
                    ws.write(ri, ci, v, bold)
                else:
                    ws.write(ri, ci, v)
    wb.close()


# --------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------

def reportlab_new(out, body, props, cjk=False):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    if cjk:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
        font = "HeiseiKakuGo-W5"
    else:
        font = props.get("font", "Helvetica")
    c = canvas.Canvas(out, pagesize=A4, invariant=0)
    for k in ("author", "title", "subject", "creator", "producer", "keywords"):
        if props.get(k):
            getattr(c, "set" + k.capitalize())(props[k])
    w, h = A4
    y = h - 60
    for kind, val in body:
        if y < 80:
            c.showPage()
            y = h - 60
        if kind == "title":
            c.setFont(font, 18)
            c.drawString(50, y, val)
            y -= 32
        elif kind == "table":
            c.setFont(font, 9)
            for r in val:
                x = 50
                for cell in r:
                    c.drawString(x, y, str(cell))
                    x += 120
                y -= 14
            y -= 8
        elif kind == "pb":
            c.showPage()
            y = h - 60
        elif kind == "list":
            c.setFont(font, 10)
            for i in val:
                c.drawString(60, y, "• " + i)
                y -= 14
        else:
            c.setFont(font, 10)
            text = str(val)
            width = 40 if cjk else 95
            while text:
                c.drawString(50, y, text[:width])
                text = text[width:]
                y -= 14
            y -= 4
    c.showPage()
    c.save()


def mupdf_overpaint(path, old, new, font="helv"):
    """White box over a figure and the new figure typed on top; incremental save."""
    import fitz
    doc = fitz.open(path)
    for page in doc:
        hits = page.search_for(old)
        if not hits:
            continue
        r = hits[0]
        size = max(6.0, (r.y1 - r.y0) * 0.78)
        page.draw_rect(r + (-1, -1, 1, 1), color=None, fill=(1, 1, 1), overlay=True)
        page.insert_text((r.x0, r.y1 - (r.y1 - r.y0) * 0.22), new, fontname=font, fontsize=size)
        doc.saveIncr()
        return
    raise ValueError(f"{old!r} not found in {path}")


def pikepdf_replace_page(src, donor, out, index):
    import pikepdf
    pdf = pikepdf.open(src)
    other = pikepdf.open(donor)
    index = min(index, len(pdf.pages) - 1)
    pdf.pages[index] = other.pages[0]
    pdf.save(out)


def pikepdf_swap_pages(src, out):
    import pikepdf
    pdf = pikepdf.open(src)
    if len(pdf.pages) < 2:
        raise ValueError("one page only")
    p0 = pdf.pages[0]
    pdf.pages.append(p0)
    del pdf.pages[0]
    pdf.save(out)


OPS = {name: f for name, f in globals().items() if callable(f) and not name.startswith("_")}


def main():
    for line in sys.stdin:
        job = json.loads(line)
        op = job.pop("op")
        try:
            OPS[op](**job)
            print("ok", flush=True)
        except Exception as e:  # reported to build.py, which stops
            print("error: " + repr(e) + " " + traceback.format_exc().replace("\n", " | "), flush=True)


if __name__ == "__main__":
    main()
