"""Build the Helios Énergie demo corpus (called by ../make.sh).

usage: build.py OUT_DIR WORK_DIR

OUT_DIR gets baseline/, leak/ and labels.json; WORK_DIR holds the flat ODF
sources, LibreOffice profiles, the signing key and the genuine files that the
forgers started from but that are not themselves in the leak.
"""

import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import corpus  # noqa: E402
import odf  # noqa: E402
from corpus import PEOPLE, ORG, FOOTER  # noqa: E402

PY = "/usr/bin/python3"
OUT, WORK = (os.path.abspath(a) for a in sys.argv[1:3])
FONTS_ORG = os.path.join(WORK, "fonts-org.conf")
FONTS_FORGER = os.path.join(WORK, "fonts-forger.conf")
BASE = os.path.join(OUT, "baseline")
LEAK = os.path.join(OUT, "leak")
HIDDEN = os.path.join(WORK, "parents")   # genuine files replaced by their forgeries in the leak
SRC = os.path.join(WORK, "src")
for d in (BASE, LEAK, HIDDEN, SRC):
    os.makedirs(d, exist_ok=True)

labels = {}       # leak file name -> label entry
origin = {}       # file name -> how it was made (genuine)


def run(cmd, env=None, **kw):
    e = dict(os.environ)
    if env:
        e.update(env)
    return subprocess.run(cmd, check=True, env=e, **kw)


def faketime(when, tz="Europe/Paris"):
    """Prefix for a command run under a frozen clock (local time `when` in tz)."""
    if not isinstance(when, str):
        when = when.strftime("%Y-%m-%d %H:%M:%S")
    return ["env", f"TZ={tz}", "faketime", "-f", when]


def dest_dir(setname):
    return {"baseline": BASE, "leak": LEAK, "hidden": HIDDEN}[setname]


# ---------------------------------------------------------------------------
# 1. The catalogue and who goes where
# ---------------------------------------------------------------------------

docs, photos = corpus.genuine_documents()
by_stem = {d["stem"]: d for d in docs}
split = random.Random(5052017)
# half of each kind of document (and of the photos) to each side, at random
groups = {}
for d in docs:
    groups.setdefault((d["kind"], tuple(f for f in d["formats"] if f in ("docx", "odt", "xlsx", "ods"))), []).append(d)
groups["photos"] = photos
flip = 0
for key in sorted(groups, key=str):
    items = groups[key]
    split.shuffle(items)
    for i, d in enumerate(items):
        d["set"] = "baseline" if (i + flip) % 2 == 0 else "leak"
    flip += len(items)


def pick(kind, pred=lambda d: True, nth=0):
    found = [d for d in docs if d["kind"] == kind and pred(d)]
    found.sort(key=lambda d: d["created_t"])
    return found[nth]


# Parents of the forgeries. "copy": the genuine file is in the baseline and an
# altered copy with the same name is in the leak. "replace": the genuine file
# is not published; its altered version takes its place in the leak.
P = {}
P["foreign_xlsx"] = pick("tresorerie", lambda d: d["stem"] == "Tresorerie_2017_T1")
P["foreign_xlsx"].update(set="leak", formats=["xlsx"])
P["foreign_docx"] = pick("lettre_societaires", lambda d: "2017" in d["stem"], 1)
P["foreign_docx"]["set"] = "baseline"
P["edited_pdf"] = pick("bon_commande", lambda d: d["created_t"].year == 2016, 1)
P["edited_pdf"]["set"] = "baseline"
P["edited_docx"] = pick("fiche_projet", lambda d: "Brevenne" in d["stem"], 0)
P["edited_docx"]["set"] = "baseline"
P["info_pdf1"] = pick("rapport_visite", lambda d: "pdf" in d["formats"], 0)
P["info_pdf1"]["set"] = "leak"
P["info_pdf2"] = pick("note_interne", lambda d: "pdf" in d["formats"], 0)
P["info_pdf2"]["set"] = "leak"
P["signed_mupdf"] = pick("contrat", lambda d: "signed" in d["formats"], 3)
P["signed_mupdf"]["set"] = "leak"
P["signed_exif"] = pick("contrat", lambda d: "signed" in d["formats"], 1)
P["signed_exif"]["set"] = "baseline"
P["bulk1"] = pick("suivi_production", lambda d: d["stem"] == "Production_jeanmoulin_2016")
P["bulk2"] = pick("budget", lambda d: d["stem"] == "Budget_previsionnel_2016_v1")
P["bulk3"] = pick("cr_equipe", lambda d: "docx" in d["formats"], 1)
P["scrub_docx"] = pick("rapport_visite", lambda d: "croixrousse" in d["stem"], 0)
for k in ("bulk1", "bulk2", "bulk3", "scrub_docx"):
    P[k]["set"] = "leak"
PHOTO_SCRUB = [p for p in photos if p["taken"].date() not in (dt.date(2016, 11, 13),) and p["taken"] < dt.datetime(2017, 4, 1)][-1]
PHOTO_EDIT = next(p for p in photos if p["taken"].date() == dt.date(2016, 11, 13))
PHOTO_SCRUB["set"] = PHOTO_EDIT["set"] = "leak"

# the contract's signature happens a few days after its PDF export
sign_rng = random.Random(404)

# ---------------------------------------------------------------------------
# 2. Genuine documents: flat ODF -> LibreOffice 7.4 (the cooperative's only
#    office suite), clock frozen at each save/export, Europe/Paris
# ---------------------------------------------------------------------------
sys.path.insert(0, HERE)
from lo import Office  # noqa: E402


def outputs_of(d):
    """[(fmt, time, filename)] for one genuine document."""
    outs = []
    native = [f for f in d["formats"] if f in ("odt", "docx", "xlsx", "ods")]
    for f in native:
        outs.append((f, d["modified_t"], f"{d['stem']}.{f}"))
    if "signed" in d["formats"]:
        # the director exports the contract as a signed PDF a few days later
        day = d["modified_t"].date() + dt.timedelta(days=sign_rng.randrange(1, 6))
        t = corpus.work_time("claire", day, sign_rng, allow_off=False)
        if t.date() > corpus.END or t <= d["modified_t"]:
            t = d["modified_t"] + dt.timedelta(hours=1, minutes=sign_rng.randrange(60))
        d["signed_at"] = t
        outs.append(("pdf", t, f"{d['stem']}.pdf"))
    elif "pdf" in d["formats"] or "pdfa" in d["formats"]:
        # exported in the same session, a few minutes after the last save
        t = d["modified_t"] + dt.timedelta(minutes=1 + len(d["stem"]) % 7, seconds=17 + len(d["stem"]))
        outs.append(("pdfa" if "pdfa" in d["formats"] else "pdf", t, f"{d['stem']}.pdf"))
    return outs


def build_genuine():
    office = Office(WORK, "org", "Europe/Paris", FONTS_ORG, given="Poste", surname="Helios", locale="fr-FR",
                    certdir=NSS)
    try:
        cert = office.certificate()
        for d in docs:
            ext = "fodt" if d["app"] == "writer" else "fods"
            if d["app"] == "writer":
                d.setdefault("footer", None)
                xml = odf.fodt(d)
            else:
                xml = odf.fods(d)
            src = os.path.join(SRC, f"{d['stem']}.{ext}")
            with open(src, "w", encoding="utf-8") as f:
                f.write(xml)
            doc = None
            try:
                for fmt, t, name in outputs_of(d):
                    office.set_time(t)
                    if doc is None:
                        doc = office.load(src)
                    out = os.path.join(dest_dir(d["set"]), name)
                    sign = (cert, "Approbation du contrat", "Lyon") if "signed" in d["formats"] and fmt == "pdf" else None
                    office.export(doc, out, "pdf" if fmt.startswith("pdf") else fmt, pdfa=(fmt == "pdfa"), sign=sign)
                    d.setdefault("files", []).append((fmt, t, name))
            finally:
                if doc is not None:
                    doc.close(True)
    finally:
        office.close()


def describe_genuine(d, fmt, t):
    a, e = d["author_name"], d["editor_name"]
    who = a if a == e else f"{a}, last edited by {e}"
    app = "Writer" if d["app"] == "writer" else "Calc"
    if fmt in ("pdf", "pdfa"):
        kind = "PDF/A-2b export" if fmt == "pdfa" else "PDF export"
        return f"LibreOffice 7.4 {app} {kind} ({t:%Y-%m-%d %H:%M} Europe/Paris) of a document by {who}"
    return f"LibreOffice 7.4 {app} → .{fmt}, by {who}, saved {t:%Y-%m-%d %H:%M} Europe/Paris"


# ---------------------------------------------------------------------------
# 3. Signatures: the director signs contracts with LibreOffice's PDF export
#    ("Digital Signatures" tab) and her self-signed certificate, kept in the
#    NSS database LibreOffice uses (MOZILLA_CERTIFICATE_FOLDER)
# ---------------------------------------------------------------------------

NSS = os.path.join(WORK, "nss")


def setup_signer():
    os.makedirs(NSS, exist_ok=True)
    key, crt, p12 = (os.path.join(WORK, n) for n in ("signer.key", "signer.crt", "signer.p12"))
    run([PY, os.path.join(HERE, "rsakey.py"), "helios-energie-direction-2016", key])
    run(faketime("2016-01-04 09:30:00") + [
        "openssl", "req", "-x509", "-key", key, "-sha256", "-days", "1826", "-set_serial", "0x48454c494f530001",
        "-subj", "/CN=Claire Rousseau/O=Helios Énergie/L=Lyon/C=FR/emailAddress=claire.rousseau@helios-energie.coop",
        "-utf8", "-out", crt])
    run(["openssl", "pkcs12", "-export", "-inkey", key, "-in", crt, "-name", "helios-direction",
         "-passout", "pass:helios", "-out", p12])
    run(["certutil", "-N", "-d", f"sql:{NSS}", "--empty-password"])
    run(["pk12util", "-i", p12, "-d", f"sql:{NSS}", "-W", "helios"], stdout=subprocess.DEVNULL)
    run(["certutil", "-M", "-d", f"sql:{NSS}", "-n", "helios-direction", "-t", "CT,C,C"])


# ---------------------------------------------------------------------------
# 4. Photos: the cooperative's Olympus TG-4 (ImageMagick renders the scene and
#    encodes it with the camera's fixed quantization tables and 4:2:2
#    sampling; ExifTool writes the camera's EXIF and thumbnail)
# ---------------------------------------------------------------------------

QTABLES = os.path.join(HERE, "camera-qtables.xml")


def scene_cmd(p, out, size=(640, 480)):
    r = random.Random(p["seed"])
    w, h = size
    horizon = r.randrange(250, 320)
    sky = r.choice(["#5f9bd5-#d9e9f5", "#7eaad3-#eef3f7", "#9bb4c9-#e4e9ee", "#4d8fd1-#c8e1f5"])
    cmd = ["convert", "-size", f"{w}x{h}", f"gradient:{sky}"]
    draw = []
    if p["site"]["scene"] == "wind":
        draw += ["-fill", "#6b8f47", "-draw",
                 f"polygon 0,{horizon} {w//4},{horizon-r.randrange(10,40)} {w//2},{horizon-r.randrange(0,25)} "
                 f"{3*w//4},{horizon-r.randrange(20,50)} {w},{horizon} {w},{h} 0,{h}"]
        draw += ["-fill", "#56783a", "-draw", f"polygon 0,{horizon+60} {w},{horizon+30} {w},{h} 0,{h}"]
        for i in range(r.randrange(2, 5)):
            x = r.randrange(60, w - 60)
            top = r.randrange(60, 150)
            base = horizon - r.randrange(0, 20)
            draw += ["-stroke", "#f2f2f2", "-strokewidth", str(r.randrange(3, 7)), "-draw", f"line {x},{base} {x},{top}"]
            a0 = r.uniform(0, 120)
            import math
            for k in range(3):
                a = math.radians(a0 + 120 * k)
                L = r.randrange(45, 70)
                draw += ["-strokewidth", "3", "-draw",
                         f"line {x},{top} {x + int(L * math.cos(a))},{top + int(L * math.sin(a))}"]
            draw += ["-stroke", "none", "-fill", "#e6e6e6", "-draw", f"circle {x},{top} {x+5},{top}"]
    elif p["site"]["scene"] == "solar":
        draw += ["-fill", "#8d8d8d", "-draw", f"polygon 0,{horizon} {w},{horizon-40} {w},{h} 0,{h}"]
        rows, cols = r.randrange(3, 6), r.randrange(5, 9)
        for i in range(rows):
            for j in range(cols):
                x0 = 30 + j * (w - 60) // cols
                y0 = horizon + 10 + i * 38 - j * 4
                draw += ["-fill", r.choice(["#1f3a5f", "#203d66", "#1b3354"]), "-stroke", "#c0c0c0", "-strokewidth", "1",
                         "-draw", f"polygon {x0},{y0} {x0 + (w-60)//cols - 6},{y0 - 4} {x0 + (w-60)//cols},{y0 + 30} {x0 + 6},{y0 + 34}"]
    else:
        draw += ["-fill", "#4f7a3a", "-draw", f"polygon 0,{horizon-30} {w},{horizon-60} {w},{h} 0,{h}"]
        draw += ["-fill", "#5a7f99", "-draw", f"polygon 0,{horizon+40} {w},{horizon+10} {w},{horizon+90} 0,{horizon+130}"]
        for i in range(r.randrange(6, 12)):
            x, y = r.randrange(0, w), r.randrange(horizon - 80, horizon - 20)
            draw += ["-fill", r.choice(["#355e2b", "#2f5226", "#41703a"]), "-draw", f"circle {x},{y} {x + r.randrange(15, 40)},{y}"]
    cmd += draw
    cmd += ["-seed", str(p["seed"] % 100000), "-attenuate", "0.12", "+noise", "Gaussian", "-blur", "0x0.7"]
    return cmd + [out]


def camera_exif(p, path, taken=None):
    t = taken or p["taken"]
    off = "+02:00" if t.utcoffset() is None and _is_summer(t) else "+01:00"
    ts = t.strftime("%Y:%m:%d %H:%M:%S")
    args = ["exiftool", "-q", "-overwrite_original", "-JFIF:all=", "-ExifByteOrder=Little-endian",
            "-IFD0:Make=OLYMPUS IMAGING CORP.", "-IFD0:Model=TG-4", "-IFD0:Software=Version 1.0",
            "-IFD0:Orientation#=1", "-IFD0:XResolution=350", "-IFD0:YResolution=350", "-IFD0:ResolutionUnit=inches",
            "-IFD0:YCbCrPositioning=Co-sited", f"-IFD0:ModifyDate={ts}",
            "-ExifIFD:ExifVersion=0230", f"-ExifIFD:DateTimeOriginal={ts}", f"-ExifIFD:CreateDate={ts}",
            f"-ExifIFD:OffsetTime={off}", f"-ExifIFD:OffsetTimeOriginal={off}", f"-ExifIFD:OffsetTimeDigitized={off}",
            f"-ExifIFD:ExposureTime={p['exposure']}", f"-ExifIFD:FNumber={p['fnumber']}",
            "-ExifIFD:ExposureProgram=Program AE", f"-ExifIFD:ISO={p['iso']}",
            "-ExifIFD:ExposureCompensation=0", "-ExifIFD:MaxApertureValue=2.0", "-ExifIFD:MeteringMode=Multi-segment",
            "-ExifIFD:Flash=Off, Did not fire", f"-ExifIFD:FocalLength={p['focal']}",
            "-ExifIFD:ColorSpace=sRGB", "-ExifIFD:ExifImageWidth=640", "-ExifIFD:ExifImageHeight=480",
            "-ExifIFD:FileSource=Digital Camera", "-ExifIFD:CustomRendered=Normal", "-ExifIFD:ExposureMode=Auto",
            "-ExifIFD:WhiteBalance=Auto", "-ExifIFD:DigitalZoomRatio=1", f"-ExifIFD:FocalLengthIn35mmFormat={int(p['focal'] * 5.58)}",
            "-ExifIFD:SceneCaptureType=Standard", "-ExifIFD:GainControl=None", "-ExifIFD:Contrast=Normal",
            "-ExifIFD:Saturation=Normal", "-ExifIFD:Sharpness=Normal",
            "-ExifIFD:ComponentsConfiguration#=1 2 3 0", "-ExifIFD:FlashpixVersion=0100"]
    if p.get("gps"):
        lat, lon = p["site"]["gps"]
        g = random.Random(p["seed"])
        lat += g.uniform(-0.0015, 0.0015)
        lon += g.uniform(-0.0015, 0.0015)
        utc = t - dt.timedelta(hours=2 if off == "+02:00" else 1)
        args += ["-GPS:GPSVersionID=2.3.0.0", f"-GPS:GPSLatitude={lat:.6f}", "-GPS:GPSLatitudeRef=N",
                 f"-GPS:GPSLongitude={lon:.6f}", "-GPS:GPSLongitudeRef=E", "-GPS:GPSMapDatum=WGS-84",
                 f"-GPS:GPSAltitude={g.randrange(170, 780)}", "-GPS:GPSAltitudeRef=Above Sea Level",
                 f"-GPS:GPSTimeStamp={utc:%H:%M:%S}", f"-GPS:GPSDateStamp={utc:%Y:%m:%d}"]
    thumb = path + ".thumb.jpg"
    run(["convert", path, "-thumbnail", "160x120", "-strip", "-define", f"jpeg:q-table={QTABLES}",
         "-quality", "50", "-sampling-factor", "2x1", thumb])
    args += [f"-ThumbnailImage<={thumb}", "-IFD1:Compression=JPEG (old-style)", "-IFD1:XResolution=72",
             "-IFD1:YResolution=72", "-IFD1:ResolutionUnit=inches", path]
    run(args)
    os.remove(thumb)


def _is_summer(t):
    """Central European Summer Time (last Sunday of March to last Sunday of October)."""
    def last_sunday(y, m):
        d = dt.date(y, m, 31)
        return d - dt.timedelta(days=(d.weekday() + 1) % 7)
    return last_sunday(t.year, 3) <= t.date() < last_sunday(t.year, 10)


def make_photo(p, path):
    raw = path + ".png"
    run(scene_cmd(p, raw))
    run(["convert", raw, "-strip", "-define", f"jpeg:q-table={QTABLES}", "-quality", "50",
         "-sampling-factor", "2x1", path])
    os.remove(raw)
    camera_exif(p, path)


def build_photos():
    for p in photos:
        t = p["taken"].replace(microsecond=0)
        p["taken"] = t
        p["path"] = os.path.join(dest_dir(p["set"]), p["file"])
        make_photo(p, p["path"])


# ---------------------------------------------------------------------------
# 5. The forgeries
# ---------------------------------------------------------------------------

def label(name, kind, note, parent=""):
    labels[name] = dict(path=f"leak/{name}", label="forged", kind=kind, note=note, parent=parent)


def move_to_hidden(setname, name):
    src = os.path.join(dest_dir(setname), name)
    dst = os.path.join(HIDDEN, name)
    shutil.move(src, dst)
    return dst


def file_of(d, fmt):
    for f, t, name in d["files"]:
        if f == fmt or (fmt == "pdf" and f == "pdfa"):
            return name
    raise KeyError((d["stem"], fmt))


def forge_lo_sessions():
    """Forgeries that need LibreOffice: foreign editor (Russian-language
    LibreOffice in Moscow), bulk re-save (a script on a UTC machine with no
    user name), backdated and anachronistic documents (a forger's LibreOffice
    whose clock and document properties were set by hand)."""
    # --- foreign-editor ------------------------------------------------------
    ru = Office(WORK, "ru", "Europe/Moscow", FONTS_FORGER, given="Олег", surname="Мельников", locale="ru-RU",
                start="2017-04-27 15:20:00")
    try:
        import uno
        from com.sun.star.lang import Locale
        # (a) the Q1 2017 cash plan: one outgoing transfer inflated, a line added
        d = P["foreign_xlsx"]
        name = file_of(d, "xlsx")
        parent = move_to_hidden("leak", name)
        ru.set_time("2017-04-27 15:31:12")
        doc = ru.load(parent)
        sh = doc.Sheets.getByIndex(0)
        cell = sh.getCellRangeByName("C6")
        cell.setValue(cell.getValue() + 48500)
        sh.getCellRangeByName("E6").setString("dont virement Aldebaran Trading Ltd (Limassol) 48 500 €")
        ru.set_time("2017-04-27 15:33:40")
        ru.save_as(doc, os.path.join(LEAK, name), "xlsx")
        doc.close(True)
        label(name, "foreign-editor",
              "Genuine Q1 2017 cash plan (Julien Marchand) opened in a Russian-language LibreOffice 7.4 (user "
              "'Олег Мельников', locale ru-RU, clock Europe/Moscow UTC+03:00), one payment raised by 48 500 € and a "
              "note about a transfer added, then saved (File > Save As) on 2017-04-27 15:33 Moscow time: LibreOffice "
              "stamped the Cyrillic name as last editor, the Moscow wall-clock time as modified date and one more "
              "editing cycle. The genuine original is not published.")
        # (b) the spring 2017 letter to members: a sentence typed with a Russian keyboard layout
        d = P["foreign_docx"]
        name = file_of(d, "docx")
        ru.set_time("2017-04-27 15:40:05")
        doc = ru.load(os.path.join(BASE, name))
        text = doc.Text
        en = text.createEnumeration()
        target = None
        while en.hasMoreElements():
            par = en.nextElement()
            if par.supportsService("com.sun.star.text.Paragraph") and par.getString().startswith("Nous vous remercions"):
                target = par
                break
        cur = text.createTextCursorByRange(target.Start)
        sentence = ("Le conseil d'administration a par ailleurs décidé de suspendre le versement des intérêts "
                    "aux parts sociales pour l'exercice 2017 afin de couvrir les frais de l'étude Aldebaran.")
        text.insertString(cur, sentence, False)
        text.insertControlCharacter(cur, 0, False)  # PARAGRAPH_BREAK
        sel = text.createTextCursorByRange(target.Start)
        sel.goRight(len(sentence), True)
        sel.CharLocale = Locale("ru", "RU", "")
        ru.set_time("2017-04-27 15:44:03")
        ru.save_as(doc, os.path.join(LEAK, name), "docx")
        doc.close(True)
        label(name, "foreign-editor",
              "Copy of the genuine spring 2017 letter to members (baseline/" + name + ") opened in the same "
              "Russian-language LibreOffice (user 'Олег Мельников', Europe/Moscow), a paragraph inserted whose text "
              "carries the language ru-RU (typed with a Russian keyboard layout), saved as .docx on 2017-04-27 15:44 "
              "Moscow time: Cyrillic last editor, Moscow clock in dcterms:modified and in the ZIP entry times.",
              parent="baseline/" + name)
    finally:
        ru.close()

    # --- bulk-resave: a script opens and re-saves old files, 4 minutes, at night
    bulk = Office(WORK, "bulk", "UTC", FONTS_FORGER, start="2017-04-28 01:10:00")
    try:
        times = ["2017-04-28 01:12:05", "2017-04-28 01:13:41", "2017-04-28 01:15:58"]
        for key, t in zip(("bulk1", "bulk2", "bulk3"), times):
            d = P[key]
            fmt = [f for f in d["formats"] if f in ("xlsx", "docx", "ods", "odt")][0]
            name = file_of(d, fmt)
            parent = move_to_hidden(d["set"], name)
            bulk.set_time(t)
            doc = bulk.load(parent)
            # the script refreshes every document before saving it (formulas
            # recalculated, fields updated), which marks it as changed
            if bulk.app_of(doc) == "calc":
                doc.calculateAll()
            else:
                doc.getTextFields().refresh()
            doc.setModified(True)
            bulk.save_as(doc, os.path.join(LEAK, name), fmt)
            doc.close(True)
            label(name, "bulk-resave",
                  f"Genuine document ({d['author_name']}, created {d['created'][:10]}, last saved "
                  f"{d['modified'][:10]}) opened, refreshed (formulas/fields) and saved by a batch job in LibreOffice "
                  f"7.4 with an empty user name on a UTC machine at {t} UTC; the three files of this batch were all "
                  "saved between 01:12 and 01:16 on 2017-04-28. Content unchanged. The genuine original is not "
                  "published.")
    finally:
        bulk.close()

    # --- the forger's own LibreOffice (Paris clock set by hand, fonts incl. Inter)
    fg = Office(WORK, "forger", "Europe/Paris", FONTS_FORGER, given="Julien", surname="Marchand",
                locale="fr-FR", start="2017-04-19 10:00:00")
    try:
        # backdated (a): a .docx whose properties say February 2016, saved in April 2017
        d = dict(app="writer", author_name=PEOPLE["claire"]["name"], editor_name=PEOPLE["claire"]["name"],
                 created="2016-02-03T09:47:10", modified="2016-02-05T16:20:41", cycles=3, duration=2460,
                 language="fr-FR", title="Note interne — Provision pour litige", company=ORG,
                 template=corpus.TEMPLATES["note"], footer=FOOTER,
                 body=[("title", "Note interne"), ("p", "Objet : provision pour litige avec la commune de Claveisolles"),
                       ("p", f"De : {PEOPLE['claire']['name']}, {PEOPLE['claire']['role']}"),
                       ("p", "À : Julien Marchand"),
                       ("p", "Comme convenu, je te demande d'inscrire une provision de 85 000 € au titre du litige "
                             "avec la commune, sans la mentionner dans le rapport présenté aux sociétaires."),
                       ("p", "Nous en reparlerons après le conseil d'administration du 22 février."),
                       ("right", "Lyon, le 3 février 2016")])
        src = os.path.join(SRC, "forged-provision.fodt")
        open(src, "w", encoding="utf-8").write(odf.fodt(d))
        name = "Note_provision_litige.docx"
        fg.set_time("2017-04-19 10:23:55")
        doc = fg.load(src)
        fg.export(doc, os.path.join(LEAK, name), "docx")
        doc.close(True)
        label(name, "backdated",
              "Written by the forger in LibreOffice 7.4 and saved on 2017-04-19 10:23 (Paris clock), with the "
              "document properties set by hand to 'created 2016-02-03 09:47, modified 2016-02-05 16:20 by Claire "
              "Rousseau'; the ZIP entry times of the .docx keep the real save date (2017-04-19).")

        # backdated (b): PDF/A exported in April 2017, Info dates then moved to January 2016 with ExifTool
        d = dict(app="writer", author_name=PEOPLE["antoine"]["name"], editor_name=PEOPLE["antoine"]["name"],
                 created="2017-04-26T18:21:40", modified="2017-04-26T18:38:02", cycles=2, duration=960,
                 language="fr-FR", title="Convention de prêt — Vents du Pilat SAS", company=ORG, footer=FOOTER,
                 body=[("title", "Convention de prêt"),
                       ("p", f"Entre {corpus.ORG_LONG}, représentée par {PEOPLE['claire']['name']}, et Vents du Pilat SAS,"),
                       ("h1", "Article 1 — Objet"),
                       ("p", "La coopérative consent à Vents du Pilat SAS un prêt de 120 000 € sans intérêts, remboursable "
                             "in fine au 31 décembre 2019."),
                       ("h1", "Article 2 — Confidentialité"),
                       ("p", "Les parties s'engagent à ne pas porter la présente convention à la connaissance des sociétaires."),
                       ("p", "Fait à Lyon, le 18 janvier 2016.")])
        src = os.path.join(SRC, "forged-pret.fodt")
        open(src, "w", encoding="utf-8").write(odf.fodt(d))
        name = "Convention_pret_Vents_du_Pilat_2016.pdf"
        fg.set_time("2017-04-26 18:40:12")
        doc = fg.load(src)
        fg.export(doc, os.path.join(LEAK, name), "pdf", pdfa=True)
        doc.close(True)
        run(["exiftool", "-q", "-overwrite_original", "-PDF:CreateDate=2016:01:18 11:04:21+01:00",
             os.path.join(LEAK, name)])
        label(name, "backdated",
              "Made by the forger in LibreOffice 7.4 and exported as PDF/A-2b on 2017-04-26 18:40 (Paris), then the "
              "Info CreationDate moved to 2016-01-18 11:04:21+01:00 with ExifTool (an incremental update); the XMP "
              "packet still says xmp:CreateDate 2017-04-26T18:40:12+02:00.")

        # backdated (c): a members' register "from September 2016", last saved after the leak date
        d = dict(app="calc", author_name=PEOPLE["camille"]["name"], editor_name=PEOPLE["camille"]["name"],
                 created="2016-09-14T10:05:31", modified="2016-09-14T11:12:09", cycles=4, duration=2580,
                 language="fr-FR", title="Registre des souscriptions 2016 — dons", company=ORG,
                 sheets=[("Souscriptions", [["Souscriptions 2016 — apports non déclarés", None, None, None], [],
                                            ["Sociétaire", "Date", "Parts", "Montant (€)"],
                                            ["Aldebaran Trading Ltd", ("date", "2016-09-02"), 400, ("=", "[.C4]*50", 20000)],
                                            ["Vents du Pilat SAS", ("date", "2016-09-09"), 300, ("=", "[.C5]*50", 15000)],
                                            ["Pierre Faure", ("date", "2016-09-12"), 2, ("=", "[.C6]*50", 100)]],
                          [5.0, 3.0, 2.0, 3.2])])
        src = os.path.join(SRC, "forged-souscriptions.fods")
        open(src, "w", encoding="utf-8").write(odf.fods(d))
        name = "Souscriptions_2016_4.ods"
        fg.set_time("2017-05-11 21:02:10")
        doc = fg.load(src)
        sh = doc.Sheets.getByIndex(0)
        sh.getCellRangeByName("A7").setString("Jacques Dumas")      # the forger's last touch
        sh.getCellRangeByName("B7").setFormula("=DATE(2016;9;13)")
        sh.getCellRangeByName("C7").setValue(1)
        sh.getCellRangeByName("D7").setFormula("=C7*50")
        fg.set_time("2017-05-11 21:14:32")
        fg.save_as(doc, os.path.join(LEAK, name), "ods")
        doc.close(True)
        label(name, "backdated",
              "A members' register claiming to have been created on 2016-09-14 by Camille Fontaine, made in the "
              "forger's LibreOffice 7.4 whose user name was set to 'Julien Marchand'; its last Save As happened on "
              "2017-05-11 21:14 (Paris), after the leak date, so dc:date, the last editor and the ZIP entry times "
              "give it away; the creation date was set by hand.")

        # anachronism (a): a "February 2016" note set in Inter, a typeface first published in 2017
        d = dict(app="writer", author_name=PEOPLE["claire"]["name"], editor_name=PEOPLE["claire"]["name"],
                 created="2016-02-15T10:02:44", modified="2016-02-16T17:48:19", cycles=5, duration=3900,
                 language="fr-FR", title="Note interne — Incident éolienne E3", company=ORG,
                 font="Inter", heading_font="Inter", footer=FOOTER,
                 body=[("title", "Note interne — confidentiel"), ("p", "Objet : incident de l'éolienne E3"),
                       ("p", f"De : {PEOPLE['claire']['name']}"), ("p", "À : Thomas Girard, Julien Marchand"),
                       ("p", "La chute d'une pale de l'éolienne E3 le 12 février ne doit pas être déclarée à l'assureur "
                             "avant la fin de l'enquête interne ; l'arrêt sera présenté comme une maintenance programmée."),
                       ("p", "Aucune communication aux sociétaires ni à la presse."),
                       ("right", "Lyon, le 16 février 2016")])
        src = os.path.join(SRC, "forged-incident.fodt")
        open(src, "w", encoding="utf-8").write(odf.fodt(d))
        name = "Note_incident_eolienne_E3.pdf"
        fg.set_time("2016-02-16 17:52:03")
        doc = fg.load(src)
        fg.export(doc, os.path.join(LEAK, name), "pdf")
        doc.close(True)
        label(name, "anachronism",
              "Made in 2017 by the forger in LibreOffice 7.4 with the computer clock set back to 2016-02-16 17:52 "
              "(so CreationDate says February 2016), body and headings set in the Inter typeface (first published "
              "in 2017 as 'Interface', renamed Inter in 2018; the one installed is 4.0 beta, 2023): the embedded font "
              "did not exist on the claimed date. Every other trace looks like a genuine Writer PDF export.")

        # anachronism (b) starts here: the forger's Writer export, re-distilled below with Ghostscript 10.00.0
        d = dict(app="writer", author_name=PEOPLE["camille"]["name"], editor_name=PEOPLE["camille"]["name"],
                 created="2017-04-26T09:12:00", modified="2017-04-26T09:40:00", cycles=1, duration=1500,
                 language="fr-FR", title="Procès-verbal du conseil d'administration du 6 juin 2016", company=ORG,
                 footer=FOOTER, template=corpus.TEMPLATES["cr"],
                 body=[("title", "Conseil d'administration — procès-verbal"),
                       ("p", f"Séance du 6 juin 2016 à 18 h 30, {corpus.ADDRESS}."),
                       ("p", "Présents : Claire Rousseau, Julien Marchand, Sophie Lefèvre, Martine Giraud, Paul Vidal."),
                       ("h1", "Délibération n° 2016-14"),
                       ("p", "Le conseil autorise la directrice générale à verser une commission de 3 % du montant des "
                             "travaux de la Brévenne à la société Aldebaran Trading Ltd, à titre d'apporteur d'affaires."),
                       ("p", "La délibération est adoptée à l'unanimité ; elle ne sera pas portée au rapport annuel.")])
        src = os.path.join(SRC, "forged-pv.fodt")
        open(src, "w", encoding="utf-8").write(odf.fodt(d))
        fg.set_time("2017-04-26 09:41:30")
        doc = fg.load(src)
        fg.export(doc, os.path.join(WORK, "forged-pv-writer.pdf"), "pdf")
        doc.close(True)
    finally:
        fg.close()


def forge_other():
    env_paris = {"TZ": "Europe/Paris"}

    # --- anachronism (b): re-distilled with Ghostscript 10.00.0, DOCINFO dated June 2016
    name = "PV_CA_2016-06-06.pdf"
    pdfmark = ("[ /Title (Procès-verbal du conseil d'administration du 6 juin 2016) /Author (Camille Fontaine) "
               "/Creator (Writer) /CreationDate (D:20160607101522+02'00') /ModDate (D:20160607101522+02'00') "
               "/DOCINFO pdfmark")
    pm = os.path.join(WORK, "pv-docinfo.ps")
    with open(pm, "w", encoding="latin-1") as f:
        f.write(pdfmark + "\n")
    run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={name}",
         os.path.join(WORK, "forged-pv-writer.pdf"), pm], cwd=LEAK, env={"SOURCE_DATE_EPOCH": "1493196000"})
    label(name, "anachronism",
          "The forger's Writer PDF of minutes of a 6 June 2016 board meeting, re-distilled with GPL Ghostscript "
          "10.00.0 (released September 2022) and a DOCINFO pdfmark giving Author 'Camille Fontaine', Creator "
          "'Writer' and CreationDate/ModDate 2016-06-07 10:15 +02:00: the producer is six years newer than the "
          "claimed date (and one the cooperative never uses).")

    # --- edited-copy (a): baseline purchase order, amount changed with PyMuPDF (incremental save)
    d = P["edited_pdf"]
    name = file_of(d, "pdf")
    out = os.path.join(LEAK, name)
    shutil.copy(os.path.join(BASE, name), out)
    run(faketime("2017-04-21 10:12:40") + [PY, os.path.join(HERE, "mupdf_edit.py"), out, "Total TTC :", "Total TTC : 14 880,00 EUR"])
    label(name, "edited-copy",
          f"Copy of the genuine purchase order baseline/{name}: the total was covered with a white box and "
          "retyped on top in Times (PyMuPDF 1.21.1 draw_rect + insert_textbox, saved as an incremental update on "
          "2017-04-21 10:12 Paris time; the old total is still in the content stream under the box). Same "
          "trailer /ID[0] as the genuine file, a second revision, different content.",
          parent="baseline/" + name)

    # --- edited-copy (b): baseline project sheet, investment figure changed with python-docx
    d = P["edited_docx"]
    name = file_of(d, "docx")
    run(faketime("2017-04-24 14:03:27") + [PY, os.path.join(HERE, "docx_edit.py"), os.path.join(BASE, name),
                                            os.path.join(LEAK, name)])
    label(name, "edited-copy",
          f"Copy of the genuine project sheet baseline/{name}, the estimated investment changed with python-docx "
          "0.8.11 on 2017-04-24 (Paris clock). python-docx keeps the document properties (same author, dates and "
          "revision as the genuine file) but rewrites the package: ZIP entry times of 2017-04-24, its own ZIP "
          "order.", parent="baseline/" + name)

    # --- wrong-tool (a): python-docx
    name = "Attestation_fin_travaux_Croix-Rousse.docx"
    run(faketime("2017-04-25 11:20:09") + [PY, os.path.join(HERE, "wrongtool_docx.py"), os.path.join(LEAK, name)])
    label(name, "wrong-tool",
          "Written with python-docx 0.8.11 (its default template: app.xml says 'Microsoft Macintosh Word', "
          "Normal.dotm) with author 'Thomas Girard', last editor 'Claire Rousseau', dates 2016-10-17/18 and "
          "language fr-FR set through python-docx's core-properties API; the ZIP entry times are those of the "
          "real run (2017-04-25). The cooperative only uses LibreOffice.")

    # --- wrong-tool (b): excelize
    name = "NDF_Sophie_2016-11.xlsx"
    run([os.environ["DEMO_GEN"], os.path.join(LEAK, name)])
    label(name, "wrong-tool",
          "Expense report written with excelize v2.11.1 (Go): creator 'Sophie Lefèvre', last editor 'Julien "
          "Marchand', created/modified 2016-11-28/29, language fr-FR, Company 'Helios Énergie' set with "
          "SetDocProps/SetAppProps. No Application in app.xml, excelize's package layout, ZIP times 1980-00-00.")

    # --- wrong-tool (c): ReportLab
    name = "Ordre_virement_2016-12.pdf"
    run(faketime("2016-12-14 14:20:33") + [PY, os.path.join(HERE, "wrongtool_reportlab.py"), os.path.join(LEAK, name)])
    label(name, "wrong-tool",
          "A transfer order made with ReportLab 3.6.12 (Producer 'ReportLab PDF Library - www.reportlab.com'), "
          "Author 'Julien Marchand', Creator set to 'Writer' to look like a LibreOffice export, run under a clock "
          "set to 2016-12-14 14:20 Paris time. Helvetica, not embedded; no /Lang.")

    # --- pdf-info-edited (a), (b): genuine PDFs whose Info was changed with ExifTool
    d = P["info_pdf1"]
    name = file_of(d, "pdf")
    parent = move_to_hidden("leak", name)
    shutil.copy(parent, os.path.join(LEAK, name))
    run(["exiftool", "-q", "-overwrite_original", "-Author=Sophie Lefèvre",
         "-PDF:CreateDate=2016:03:02 16:40:00+01:00", os.path.join(LEAK, name)])
    label(name, "pdf-info-edited",
          f"Genuine PDF export of a visit report by Thomas Girard; Author changed to 'Sophie Lefèvre' and "
          "CreationDate moved back five weeks with ExifTool 12.57 (incremental update, ExifTool's XMP packet "
          "added). The genuine PDF is not published; its .docx sibling may be.")
    d = P["info_pdf2"]
    name = file_of(d, "pdf")
    parent = move_to_hidden("leak", name)
    shutil.copy(parent, os.path.join(LEAK, name))
    run(["exiftool", "-q", "-overwrite_original", "-Title=Note interne — Consignes de confidentialité",
         "-Subject=Ne pas diffuser", "-PDF:ModifyDate=2016:03:30 18:05:00+02:00", os.path.join(LEAK, name)])
    label(name, "pdf-info-edited",
          "Genuine PDF export of an internal note; Title, Subject and a ModDate added/changed with ExifTool 12.57 "
          "(incremental update and ExifTool XMP). The genuine PDF is not published.")

    # --- signed-then-modified (a): amount changed in a signed contract (MuPDF, incremental)
    d = P["signed_mupdf"]
    name = file_of(d, "pdf")
    parent = move_to_hidden("leak", name)
    shutil.copy(parent, os.path.join(LEAK, name))
    new_amount = corpus.fmt_eur(d["amount"] * 3)
    run(faketime("2017-04-21 10:31:02") + [PY, os.path.join(HERE, "mupdf_edit.py"), os.path.join(LEAK, name),
                                            "Le montant annuel est fixé à",
                                            f"Le montant annuel est fixé à {new_amount} hors taxes, payable par trimestre échu.".replace(" €", " EUR")])
    label(name, "signed-then-modified",
          f"Genuine contract signed by Claire Rousseau (LibreOffice PDF export with signature); the annual "
          f"amount was covered with a white box and retyped "
          f"({corpus.fmt_eur(d['amount'])} → {new_amount}) with PyMuPDF 1.21.1 and saved as an incremental update "
          "after the signature on 2017-04-21: the signature still verifies but no longer covers the whole file. "
          "The genuine signed PDF is not published.")

    # --- signed-then-modified (b): Info changed with ExifTool after signing (copy of a baseline contract)
    d = P["signed_exif"]
    name = file_of(d, "pdf")
    shutil.copy(os.path.join(BASE, name), os.path.join(LEAK, name))
    run(["exiftool", "-q", "-overwrite_original", "-Title=Avenant n° 2 — résiliation anticipée",
         "-Author=Claire Rousseau", os.path.join(LEAK, name)])
    label(name, "signed-then-modified",
          f"Copy of the genuine signed contract baseline/{name}; Title and Author changed with ExifTool 12.57 "
          "after the signature (an incremental update outside the signed byte range).", parent="baseline/" + name)

    # --- scrubbed (a): mat2 on a visit report .docx
    d = P["scrub_docx"]
    name = file_of(d, "docx")
    parent = move_to_hidden("leak", name)
    tmpd = os.path.join(WORK, "mat2")
    os.makedirs(tmpd, exist_ok=True)
    shutil.copy(parent, os.path.join(tmpd, name))
    run(["mat2", os.path.join(tmpd, name)], stdout=subprocess.DEVNULL)
    shutil.move(os.path.join(tmpd, name.replace(".docx", ".cleaned.docx")), os.path.join(LEAK, name))
    label(name, "scrubbed",
          "Genuine LibreOffice .docx (visit report) passed through mat2 0.13.3: docProps/core.xml and app.xml "
          "removed, ZIP entry times normalised to 1980-01-01. Every genuine .docx of the cooperative has its "
          "properties. The genuine file is not published.")

    # --- scrubbed (b): camera JPEG with all metadata removed by ExifTool
    p = PHOTO_SCRUB
    name = p["file"]
    parent = move_to_hidden("leak", name)
    shutil.copy(parent, os.path.join(LEAK, name))
    run(["exiftool", "-q", "-overwrite_original", "-all=", os.path.join(LEAK, name)])
    label(name, "scrubbed",
          "Genuine Olympus TG-4 photo with every metadata segment removed by `exiftool -all=` (no EXIF, no "
          "thumbnail); the image data and its camera quantization tables are untouched. The genuine photo is not "
          "published.")

    # --- photo-edited (a): camera JPEG cropped and re-encoded with ImageMagick (EXIF kept)
    p = PHOTO_EDIT
    name = p["file"]
    parent = move_to_hidden("leak", name)
    run(["convert", parent, "-crop", "520x390+60+40", "+repage", "-modulate", "92,110",
         "-fill", "#3a3a3a", "-draw", "polygon 300,230 340,200 360,260 320,290",
         "-quality", "88", os.path.join(LEAK, name)])
    label(name, "photo-edited",
          "Genuine Olympus TG-4 photo of the Sunday call-out (2016-11-13) cropped, darkened, a patch painted in, "
          "and re-encoded by ImageMagick 6.9.11 at quality 88: EXIF (camera, dates, GPS, 640x480 dimensions and "
          "the uncropped thumbnail) kept as it was, a JFIF segment added, standard IJG quantization tables "
          "instead of the camera's. The genuine photo is not published.")

    # --- photo-edited (b): a phone photo passed off as a site photo
    name = "P3210117.JPG"
    fake = dict(site=corpus.SITES[3], seed=777001)
    raw = os.path.join(WORK, "phone.png")
    run(scene_cmd(fake, raw, size=(640, 480)))
    out = os.path.join(LEAK, name)
    run(["convert", raw, "-strip", "-quality", "95", "-sampling-factor", "2x2", out])
    thumb = os.path.join(WORK, "phone-thumb.jpg")
    run(["convert", out, "-thumbnail", "160x120", "-strip", "-quality", "90", thumb])
    run(["exiftool", "-q", "-overwrite_original", "-JFIF:all=", "-ExifByteOrder=Little-endian",
         f"-ThumbnailImage<={thumb}", "-IFD1:Compression=JPEG (old-style)", "-IFD0:Make=samsung", "-IFD0:Model=SM-G930F",
         "-IFD0:Software=G930FXXU1DQB3", "-IFD0:Orientation#=1", "-IFD0:ModifyDate=2017:03:21 10:14:22",
         "-IFD0:XResolution=72", "-IFD0:YResolution=72", "-IFD0:ResolutionUnit=inches",
         "-ExifIFD:DateTimeOriginal=2017:03:21 10:14:22", "-ExifIFD:CreateDate=2017:03:21 10:14:22",
         "-ExifIFD:ExposureTime=1/1244", "-ExifIFD:FNumber=1.7", "-ExifIFD:ISO=40", "-ExifIFD:FocalLength=4.2",
         "-ExifIFD:ExifImageWidth=640", "-ExifIFD:ExifImageHeight=480", "-ExifIFD:ExifVersion=0220",
         "-ExifIFD:ColorSpace=sRGB", "-ExifIFD:ImageUniqueID=E13LLJF00SM E13LLKI01GM", out])
    label(name, "photo-edited",
          "A photo from a Samsung Galaxy S7 (SM-G930F; stands in: ImageMagick image at quality 95 with the "
          "standard IJG tables and 4:2:0 sampling, EXIF as that phone writes it -- Make/Model/Software, "
          "ImageUniqueID, no OffsetTime -- added by ExifTool), renamed to the Olympus pattern of the "
          "cooperative's camera and dated 2017-03-21 as if taken at the Brévenne site. Nobody at the "
          "cooperative uses that phone for site photos.")


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------

setup_signer()
build_genuine()
build_photos()
forge_lo_sessions()
forge_other()

# genuine labels for the leak
for d in docs:
    for fmt, t, name in d.get("files", []):
        if d["set"] == "leak" and name not in labels and os.path.exists(os.path.join(LEAK, name)):
            note = describe_genuine(d, fmt, t)
            if fmt == "pdf" and d.get("signed_at"):
                note += "; signed at export with Claire Rousseau's certificate"
            labels[name] = dict(path=f"leak/{name}", label="genuine", kind="", note=note, parent="")
for p in photos:
    if p["set"] == "leak" and p["file"] not in labels:
        labels[p["file"]] = dict(path=f"leak/{p['file']}", label="genuine", kind="",
                                 note=f"Olympus TG-4 photo, {p['site']['name']}, taken {p['taken']:%Y-%m-%d %H:%M} "
                                      "Europe/Paris (ImageMagick image, camera EXIF by ExifTool)", parent="")

missing = sorted(set(os.listdir(LEAK)) - set(labels))
extra = sorted(set(labels) - set(os.listdir(LEAK)))
if missing or extra:
    raise SystemExit(f"labels out of sync: unlabelled {missing}, absent {extra}")
entries = [labels[k] for k in sorted(labels)]
with open(os.path.join(OUT, "labels.json"), "w", encoding="utf-8") as f:
    json.dump(entries, f, ensure_ascii=False, indent=1)
    f.write("\n")

n_forged = sum(1 for e in entries if e["label"] == "forged")
print(f"baseline: {len(os.listdir(BASE))} files; leak: {len(entries)} files "
      f"({len(entries) - n_forged} genuine, {n_forged} forged)")
