"""Sanity checks of a generated organisation (run by make.sh after build.py).

usage: check.py ORG_DIR

- labels.json and leak/ agree, and every label has a kind iff it is forged;
- no genuine file claims a date on or after the leak date (org.json "as_of"),
  read with ExifTool from every date tag it reports (document properties, PDF
  Info/XMP, EXIF; ZIP entry times are not read);
- the forgery share of the leak.
Prints one line; exits 1 on a hard error (labels out of sync, a genuine file
dated after the leak date).
"""

import json
import os
import re
import subprocess
import sys

org = sys.argv[1]
labels = json.load(open(os.path.join(org, "labels.json"), encoding="utf-8"))
meta = json.load(open(os.path.join(org, "org.json"), encoding="utf-8"))
as_of = meta["as_of"].replace("-", ":")
errors = []
leak = set(os.listdir(os.path.join(org, "leak")))
paths = {l["path"][5:] for l in labels}
if leak != paths:
    errors.append(f"labels/leak mismatch: {sorted(leak ^ paths)[:5]}")
for l in labels:
    if (l["label"] == "forged") != bool(l["kind"]):
        errors.append(f"kind/label mismatch: {l['path']}")

genuine = [os.path.join(org, l["path"]) for l in labels if l["label"] == "genuine"]
genuine += [os.path.join(org, "baseline", n) for n in os.listdir(os.path.join(org, "baseline"))]
skip = re.compile(r"^(File|System|ExifTool)|FileModifyDate|FileAccessDate|FileInodeChangeDate|ZipModifyDate|"
                  r"GPSDateStamp|MetadataDate|TemplateDate|Date$")
out = subprocess.run(["exiftool", "-j", "-G", "-time:all", "-d", "%Y:%m:%d %H:%M:%S", *genuine],
                     capture_output=True, text=True).stdout
late = []
for rec in json.loads(out or "[]"):
    for k, v in rec.items():
        if k == "SourceFile" or k.startswith(("File:", "System:", "ExifTool:", "ZIP:")) or "GPSDateStamp" in k:
            continue
        if isinstance(v, str) and re.match(r"\d{4}:\d\d:\d\d", v) and v[:10] >= as_of:
            late.append(f"{os.path.relpath(rec['SourceFile'], org)} {k}={v}")
if late:
    errors.append(f"genuine files dated on/after the leak date {meta['as_of']}: {late[:5]}")
# nothing of the generation run's own date may leak into any file (ZIP entry
# times, PDF dates): every file, genuine or forged, is dated before the run
import datetime as _dt
import zipfile
year_now = _dt.date.today().year
leaks = []
for setname in ("baseline", "leak"):
    for n in sorted(os.listdir(os.path.join(org, setname))):
        p = os.path.join(org, setname, n)
        if zipfile.is_zipfile(p) and not n.lower().endswith((".jpg", ".pdf")):
            for zi in zipfile.ZipFile(p).infolist():
                if zi.date_time[0] >= year_now:
                    leaks.append(f"{setname}/{n}:{zi.filename}")
                    break
        elif n.lower().endswith(".pdf"):
            if re.search(rb"D:%d" % year_now, open(p, "rb").read()):
                leaks.append(f"{setname}/{n}")
if leaks:
    errors.append(f"the generation date leaked into {len(leaks)} file(s): {leaks[:4]}")
nf = sum(1 for l in labels if l["label"] == "forged")
print(f"check {os.path.basename(org)}: {len(labels)} leak files, {nf} forged ({100 * nf / max(1, len(labels)):.0f}%)"
      + ("; ERRORS: " + " | ".join(errors) if errors else "; ok"))
sys.exit(1 if errors else 0)
