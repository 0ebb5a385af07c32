#!/usr/bin/python3
"""Convert the flat ODF sources in src/ to legacy Office files with LibreOffice.

Run by make.sh (which starts LibreOffice under a fixed clock). Usage:
    gen.py PIPE_NAME OUTDIR
LibreOffice's own converter (soffice --convert-to) cannot set a password,
so the conversion goes through UNO: loadComponentFromURL + storeToURL with a
filter name and, for the encrypted fixtures, a Password in the media
descriptor.
"""
import os
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def props(**kw):
    out = []
    for k, v in kw.items():
        p = PropertyValue()
        p.Name, p.Value = k, v
        out.append(p)
    return tuple(out)


JOBS = [
    # source, output, filter, password
    ("writer-fr.fodt", "writer-fr.doc", "MS Word 97", None),
    ("writer-ru.fodt", "writer-ru.doc", "MS Word 97", None),
    ("calc-ru.fods", "calc-ru.xls", "MS Excel 97", None),
    ("impress-de.fodp", "impress-de.ppt", "MS PowerPoint 97", None),
    ("calc-ru.fods", "calc-password.xls", "MS Excel 97", "secret"),
    ("writer-fr.fodt", "writer-password.doc", "MS Word 97", "secret"),
]


def main():
    pipe, outdir = sys.argv[1], os.path.abspath(sys.argv[2])
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "src")
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    ctx = None
    for _ in range(100):
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.2)
    if ctx is None:
        sys.exit("gen.py: LibreOffice did not come up")
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    for source, output, filt, password in JOBS:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.join(src, source)), "_blank", 0,
                                           props(Hidden=True))
        kw = {"FilterName": filt, "Overwrite": True}
        if password:
            kw["Password"] = password
        doc.storeToURL(uno.systemPathToFileUrl(os.path.join(outdir, output)), props(**kw))
        doc.close(True)
        print("gen.py: %s -> %s (%s%s)" % (source, output, filt, ", password" if password else ""))
    try:
        desktop.terminate()
    except Exception:
        pass  # the bridge drops as LibreOffice exits


if __name__ == "__main__":
    main()
