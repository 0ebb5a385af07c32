"""Writes the hostile fixtures: a ZIP bomb in docProps/app.xml, a package
whose main part has the wrong content type and a missing core part, and a
package with deeply nested XML in word/document.xml. Each starts from
libreoffice.docx so that everything else is a real LibreOffice package."""
import zipfile

SRC = "libreoffice.docx"

def rewrite(out, replace, drop=()):
    with zipfile.ZipFile(SRC) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = replace.get(info.filename, zin.read(info.filename))
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 5, 6, 7, 8, 10))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, data)

# 40 MB of spaces inside app.xml: deflates to ~40 KB, inflates past the cap.
with zipfile.ZipFile(SRC) as z:
    app = z.read("docProps/app.xml")
bomb = app.replace(b"<Template>", b"<Template>" + b" " * (40 << 20), 1)
rewrite("hostile-bomb.docx", {"docProps/app.xml": bomb})

with zipfile.ZipFile(SRC) as z:
    ct = z.read("[Content_Types].xml")
wrong = ct.replace(b"wordprocessingml.document.main+xml", b"xml", 1)
rewrite("hostile-contenttype.docx", {"[Content_Types].xml": wrong}, drop=("docProps/core.xml",))

deep = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + b"<w:p>" * 5000 + b"</w:p>" * 5000 + b"</w:body></w:document>")
rewrite("hostile-deep.docx", {"word/document.xml": deep})
