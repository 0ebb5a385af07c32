#!/usr/bin/python3
"""Makes javascript-attachment.pdf (called by ../make.sh) from ghostscript.pdf:
adds, with pikepdf,
  * one document-level JavaScript in the /Names /JavaScript name tree
    (name "docprov-doc-js"),
  * one /OpenAction JavaScript action (a separate action object),
  * one embedded file "provenance-note.txt" in /Names /EmbeddedFiles.
So: 2 JavaScript actions in total (1 in the name tree + 1 OpenAction) and
1 embedded file.  Saved with static_id=True: ID[0] is kept from
ghostscript.pdf, ID[1] becomes qpdf's fixed 31415926535897932384626433832795.
"""
import sys

import pikepdf
from pikepdf import Array, AttachedFileSpec, Dictionary, Name, String

src, attachment, out = sys.argv[1], sys.argv[2], sys.argv[3]
pdf = pikepdf.open(src)

doc_js = pdf.make_indirect(Dictionary(
    Type=Name.Action, S=Name.JavaScript,
    JS=String("console.println('docprov document-level script');"),
))
open_js = pdf.make_indirect(Dictionary(
    Type=Name.Action, S=Name.JavaScript,
    JS=String("app.alert('docprov OpenAction script');"),
))
names = pdf.Root.get("/Names")
if names is None:
    names = pdf.make_indirect(Dictionary())
    pdf.Root.Names = names
names.JavaScript = Dictionary(Names=Array([String("docprov-doc-js"), doc_js]))
pdf.Root.OpenAction = open_js

with open(attachment, "rb") as f:
    data = f.read()
pdf.attachments["provenance-note.txt"] = AttachedFileSpec(
    pdf, data,
    description="docprov attachment fixture",
    filename="provenance-note.txt",
    mime_type="text/plain",
    creation_date="D:20240102030405Z",
    mod_date="D:20240102030405Z",
)
pdf.save(out, static_id=True)
