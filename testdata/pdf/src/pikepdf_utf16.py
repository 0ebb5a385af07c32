#!/usr/bin/python3
"""Makes utf16-info.pdf (called by ../make.sh): a one-page PDF written by
pikepdf (qpdf) whose Info strings need different encodings.

pikepdf.String(str) goes through qpdf's newUnicodeString(), which writes a
PDFDocEncoding string when every character exists in PDFDocEncoding and a
UTF-16BE string (with the FE FF byte order mark) otherwise.  So:
  Author, Title        -> UTF-16BE (Cyrillic)
  Subject, Location    -> PDFDocEncoding, single bytes >= 0x80
                          (é = 0xE9, ü = 0xFC, – = 0x85, € = 0xA0)
The XMP packet (UTF-8) is written with pikepdf's metadata API; every date is
given explicitly and the file is saved with static_id=True (pikepdf 6 has no
deterministic_id), so both /ID halves are qpdf's fixed test value
31415926535897932384626433832795 and the output is byte-identical on every run.
"""
import sys

import pikepdf
from pikepdf import Dictionary, Name, String

out = sys.argv[1]
pdf = pikepdf.new()
pdf.add_blank_page(page_size=(300, 200))
pdf.docinfo = pdf.make_indirect(Dictionary(
    Title=String("Отчёт о происхождении"),
    Author=String("Рошка Георгий"),
    Subject=String("Résumé café"),
    Keywords=String("docprov, UTF-16BE, PDFDocEncoding"),
    Creator=String("docprov make.sh (pikepdf)"),
    Producer=String("pikepdf " + pikepdf.__version__),
    CreationDate=String("D:20240229235959-03'30'"),
    ModDate=String("D:20240301101112+09'00'"),
))
pdf.docinfo[Name("/Location")] = String("Genève – Zürich, prix 5 €")
with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as m:
    m["dc:title"] = "Отчёт о происхождении"
    m["dc:creator"] = ["Рошка Георгий"]
    m["dc:description"] = "Résumé café"
    m["xmp:CreatorTool"] = "docprov make.sh (pikepdf)"
    m["xmp:CreateDate"] = "2024-02-29T23:59:59-03:30"
    m["xmp:ModifyDate"] = "2024-03-01T10:11:12+09:00"
    m["xmp:MetadataDate"] = "2024-03-01T10:11:12+09:00"
    m["pdf:Producer"] = "pikepdf " + pikepdf.__version__
    m["xmpMM:DocumentID"] = "uuid:6f1d1f3e-0000-4000-8000-000000000001"
    m["xmpMM:InstanceID"] = "uuid:6f1d1f3e-0000-4000-8000-000000000002"
pdf.save(out, static_id=True)
