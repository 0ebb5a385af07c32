"""The forgeries of one organisation, made from outside it.

One forger per organisation and seed, on their own machine (OS user,
LibreOffice user profile, locale, time zone, fonts from FORGERS in orgs.py),
working from genuine documents they obtained (baseline or leak files) or from
scratch, in the weeks before the leak date. Each kind is one function; which
kinds an organisation gets, how many and from which parents varies with the
seed. Kind names are stable (README.md).
"""

import copy
import datetime as dt
import os
import shutil
import zipfile
import zlib

import build as B
import genuine as G
from orgs import FORGERS


class Forger:
    def __init__(self, org):
        self.org = org
        self.r = org.rng("forger")
        choices = [f for f in FORGERS if f["tz"] != org.tz]
        self.me = self.r.choice(choices)
        self.offices = {}
        self.used = set()
        self.n = 0
        me = self.me
        who = f"{me['given']} {me['surname']}".strip() or "(no name)"
        org.forger_desc = (f"LibreOffice user '{who}', OS user {me['osuser']}, locale {me['locale']}, "
                           f"time zone {me['tz']}")

    # --- the forger's clock: evenings in the five weeks before the leak ------
    def when(self, tz=None, day_offset=None):
        r = self.r
        days = day_offset if day_offset is not None else r.randrange(2, 36)
        day = self.org.as_of - dt.timedelta(days=days)
        t = dt.datetime.combine(day, dt.time(r.choice([10, 14, 19, 20, 21, 22]), r.randrange(60), r.randrange(60)))
        return t

    def office(self, kind):
        org, me = self.org, self.me
        if kind not in self.offices:
            if kind == "own":
                o = G.office_for(org, "forger", me["tz"], locale=me["locale"], given=me["given"],
                                 surname=me["surname"], rand=5000 + org.seed)
            elif kind == "careful":
                p = self.r.choice([p for p in org.staff.values() if not p.get("newcomer")])
                o = G.office_for(org, "careful", org.tz, locale=org.cfg["locale"], given=p["first"],
                                 surname=p["last"], rand=6000 + org.seed)
            elif kind == "bulk":
                o = G.office_for(org, "bulk", "UTC", locale="en-US", rand=7000 + org.seed)
            self.offices[kind] = o
        return self.offices[kind]

    def close(self):
        for o in self.offices.values():
            o.close()

    # --- parents ---------------------------------------------------------------
    def candidates(self, exts, sets=("baseline", "leak"), pred=None):
        org = self.org
        out = []
        for n, f in sorted(org.files.items()):
            if n.startswith("leak/") or n in self.used or f["set"] not in sets or not n.endswith(exts):
                continue
            if f.get("hard"):
                continue
            if f["set"] == "baseline" and os.path.exists(os.path.join(org.leak_dir, n)):
                continue
            if pred and not pred(n, f):
                continue
            out.append(n)
        return out

    def take(self, exts, sets=("baseline", "leak"), pred=None):
        """A genuine parent: (path of the genuine file, leak name, parent label)."""
        c = self.candidates(exts, sets, pred)
        if not c:
            return None
        n = self.r.choice(c)
        self.used.add(n)
        f = self.org.files[n]
        if f["set"] == "leak":
            src = os.path.join(self.org.hidden, n)
            shutil.move(os.path.join(self.org.leak_dir, n), src)
            f["set"] = "hidden"
            return src, n, ""
        return os.path.join(self.org.base_dir, n), n, "baseline/" + n

    def label(self, name, kind, note, parent=""):
        me = self.me
        self.org.labels[name] = dict(path=f"leak/{name}", label="forged", kind=kind, note=note, parent=parent)
        self.used.add(name)
        self.n += 1

    def src_note(self, parent, n):
        return f"the genuine {parent}" if parent else f"the genuine {n} (the original is not published)"

    def staff(self, exclude=()):
        return self.r.choice([p for p in self.org.staff.values() if p["key"] not in exclude and not p.get("newcomer")])

    def new_doc_like(self, d, t_mod, author=None):
        """A new document of the same kind as d, with new content, claimed at t_mod."""
        org = self.org
        n = copy.deepcopy({k: v for k, v in d.items() if k not in ("made",)})
        n["created_t"] = t_mod - dt.timedelta(minutes=self.r.randrange(20, 180))
        n["modified_t"] = t_mod
        if author:
            n["author"] = n["editor"] = author
        for k in ("body", "sheets", "slides", "hard", "travel"):
            n.pop(k, None)
        org.content(n, self.r)
        n["stem"] = org.unique(org.stem(n), set(os.path.splitext(x)[0] for x in org.files) | set(
            os.path.splitext(x)[0] for x in os.listdir(org.leak_dir)))
        return n

    def claimed_time(self, who, after=None):
        """A plausible time inside the organisation's period, in who's habits."""
        org = self.org
        lo = after or org.start
        hi = dt.datetime.combine(org.as_of, dt.time()) - dt.timedelta(days=2)
        day = (lo + dt.timedelta(days=self.r.randrange(0, max(1, (hi - lo).days)))).date()
        t = org.work_time(who, day, self.r)
        return min(t, hi)


# ===========================================================================
# The kinds
# ===========================================================================

NATIVE = (".odt", ".docx", ".ods", ".xlsx", ".doc", ".xls")
WRITER_NATIVE = (".odt", ".docx", ".doc")
OOXML_ODF = (".odt", ".docx", ".ods", ".xlsx")


def k_lo_resave_foreign(F):
    """Genuine file opened in the forger's own LibreOffice, a figure changed, Save As."""
    got = F.take(NATIVE, pred=lambda n, f: f["doc"].get("tool") == "lo")
    if not got:
        return False
    src, name, parent = got
    o = F.office("own")
    t = F.when()
    o.set_time(t - dt.timedelta(minutes=4))
    doc = o.load(src)
    try:
        d = F.org.files[name]["doc"]
        G.replace_text(o, doc, d.get("figure", "?"), B.fmt_amount(F.org.lang, d.get("total", 1000) * 1.9))
        o.set_time(t)
        o.save_as(doc, os.path.join(F.org.leak_dir, name), os.path.splitext(name)[1][1:])
    finally:
        doc.close(True)
    me = F.me
    F.label(name, "lo-resave-foreign",
            f"{F.src_note(parent, name)} opened in the forger's own LibreOffice 7.4 (user "
            f"'{(me['given'] + ' ' + me['surname']).strip()}', locale {me['locale']}, clock {me['tz']}), a figure "
            f"raised, saved with File > Save As on {t:%Y-%m-%d %H:%M} {me['tz']}: LibreOffice stamped the forger's "
            "user name, wall-clock time and one more editing cycle", parent)
    return True


def k_lib_edit(F):
    """A figure changed with python-docx or openpyxl on the forger's machine."""
    got = F.take((".docx", ".xlsx"))
    if not got:
        return False
    src, name, parent = got
    d = F.org.files[name]["doc"]
    t = F.when()
    w = F.org.worker(F.me["tz"], "forger")
    out = os.path.join(F.org.leak_dir, name)
    if name.endswith(".docx"):
        try:
            w.do(t, "pydocx_edit", src=src, out=out, old=d["figure"],
                 new=B.fmt_amount(F.org.lang, d["total"] * 1.45))
        except RuntimeError:
            _untake(F, src, name, parent)
            return False
        how = "python-docx 0.8.11 (keeps the properties it read, rewrites the package)"
    else:
        w.do(t, "openpyxl_edit", src=src, out=out, factor=1.6)
        how = "openpyxl 3.0.9 (rewrites the workbook with its own app.xml/styles)"
    F.label(name, "lib-edit", f"{F.src_note(parent, name)} with a figure changed by {how} on the forger's "
                              f"machine, {t:%Y-%m-%d %H:%M} {F.me['tz']}", parent)
    return True


def _untake(F, src, name, parent):
    if not parent:
        shutil.move(src, os.path.join(F.org.leak_dir, name))
        F.org.files[name]["set"] = "leak"



def k_pdf_overpaint(F):
    """White box over a figure in a genuine PDF and new text on top, incremental save (PyMuPDF)."""
    def ok(n, f):
        return "figure" in f["doc"] and f["doc"].get("app") == "writer" and F.org.lang != "ja-JP"
    got = F.take((".pdf",), pred=ok)
    if not got:
        return False
    src, name, parent = got
    d = F.org.files[name]["doc"]
    out = os.path.join(F.org.leak_dir, name)
    shutil.copy(src, out)
    t = F.when()
    try:
        F.org.worker(F.me["tz"], "forger").do(t, "mupdf_overpaint", path=out, old=d["figure"],
                                              new=B.fmt_amount(F.org.lang, d["total"] * 2.2))
    except RuntimeError:
        os.remove(out)
        _untake(F, src, name, parent)
        return False
    signed = " The file was signed: the signature still verifies but no longer covers the whole file." \
        if d.get("signed_at") else ""
    F.label(name, "pdf-overpaint",
            f"{F.src_note(parent, name)}: the total covered with a white rectangle and retyped in Helvetica with "
            f"PyMuPDF 1.21.1, saved as an incremental update on {t:%Y-%m-%d %H:%M} {F.me['tz']} (old text still in "
            f"the content stream).{signed}", parent)
    return True


def k_pdf_page_replace(F):
    """A page of a genuine PDF replaced by one from the forger's own export (pikepdf)."""
    got = F.take((".pdf",), pred=lambda n, f: f["doc"].get("tool") == "lo" and "body" in f["doc"])
    if not got:
        return False
    src, name, parent = got
    org = F.org
    d = org.files[name]["doc"]
    t = F.when()
    # the forger's replacement page: his own LibreOffice, the organisation's fonts if he has them
    nd = F.new_doc_like(d, t)
    spec = B.meta_spec(org, nd)
    srcx = B.write_source(org, nd, spec, "-donor")
    o = F.office("own")
    o.set_time(t - dt.timedelta(minutes=3))
    doc = o.load(srcx)
    donor = os.path.join(org.work, "donor.pdf")
    try:
        o.export(doc, donor, "pdf")
    finally:
        doc.close(True)
    import subprocess
    npages = int(subprocess.run(["qpdf", "--show-npages", src], capture_output=True, text=True).stdout.strip() or 1)
    idx = 1 if npages > 1 else 0
    if npages > 1 and F.r.random() < 0.35:
        # the other way of doing it: the genuine pages put in another order
        org.worker(F.me["tz"], "forger").do(t, "pikepdf_swap_pages", src=src, out=os.path.join(org.leak_dir, name))
        F.label(name, "pdf-page-replace",
                f"{F.src_note(parent, name)} ({npages} pages) with its pages reordered (the first moved to the end) by "
                f"pikepdf 6.0 (qpdf) on {t:%Y-%m-%d %H:%M} {F.me['tz']}; Info and the first /ID are the genuine file's",
                parent)
        return True
    org.worker(F.me["tz"], "forger").do(t, "pikepdf_replace_page", src=src, donor=donor,
                                         out=os.path.join(org.leak_dir, name), index=idx)
    F.label(name, "pdf-page-replace",
            f"{F.src_note(parent, name)} ({npages} page(s)): page {idx + 1} replaced with pikepdf 6.0 (qpdf) by a "
            f"page of the forger's own LibreOffice export made {t:%Y-%m-%d %H:%M} {F.me['tz']}; the Info dictionary "
            "and the first /ID are the genuine file's", parent)
    return True


def k_lib_new_claims_org(F):
    """A new document written with a library, properties set to claim the org's tool and people."""
    org = F.org
    r = F.r
    tools = [f["doc"].get("tool") for f in org.files.values()]
    a = F.staff()
    e = F.staff()
    t = F.claimed_time(e)
    dd = next((f["doc"] for f in org.files.values() if f["doc"].get("app") == "calc" and "sheets" in f["doc"]), None)
    choice = r.choice(["excelize", "reportlab", "pydocx"]) if dd else r.choice(["reportlab", "pydocx"])
    if org.key == "sakura":
        choice = r.choice(["excelize-lo", "pydocx-lo", "reportlab"])
    base = next((f["doc"] for f in org.files.values() if f["doc"].get("app") == ("calc" if "excelize" in choice else "writer")
                 and ("sheets" in f["doc"] or "body" in f["doc"])), None)
    if base is None:
        return False
    nd = F.new_doc_like(base, t, author=a["key"])
    nd["editor"] = e["key"]
    ft = F.when()
    w = org.worker(F.me["tz"], "forger")
    if choice.startswith("excelize"):
        name = nd["stem"] + ".xlsx"
        off = B.utc_offset(t, org.tz)[0]
        spec = dict(sheets=[dict(name=n, rows=rows, widths=wd) for n, rows, wd in B.sheets_of(org, nd)],
                    doc=dict(Creator=a["name"], LastModifiedBy=e["name"], Title=nd["title"], Language=org.lang,
                             Created=B.iso(nd["created_t"]) + "Z", Modified=B.iso(t) + "Z", Revision=str(r.randrange(2, 6))),
                    app=dict(Application="LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2",
                             AppVersion="15.0000", Company=org.cfg.get("company_in_templates") or ""))
        sp = os.path.join(org.work, "forge-excelize.json")
        import json
        with open(sp, "w", encoding="utf-8") as f:
            json.dump(spec, f, ensure_ascii=False)
        B.run([os.environ["ORGS_GEN"], sp, os.path.join(org.leak_dir, name)])  # no time of its own
        how = ("excelize v2 (Go), with Application set to LibreOffice 7.4's string, creator/editor "
               f"{a['name']}/{e['name']} and dates of {t:%Y-%m-%d} (local time with Z, as LibreOffice writes)")
    elif choice.startswith("pydocx"):
        name = nd["stem"] + ".docx"
        w.do(ft, "pydocx_new", out=os.path.join(org.leak_dir, name), body=nd["body"],
             props=dict(author=a["name"], last_modified_by=e["name"], title=nd["title"], created=B.iso(nd["created_t"]),
                        modified=B.iso(t), revision=r.randrange(2, 7), language=org.lang),
             font=org.cfg["font"])
        how = f"python-docx 0.8.11, core properties set to {a['name']} / {e['name']} and {t:%Y-%m-%d %H:%M}"
    else:
        name = nd["stem"] + ".pdf"
        claims = {"sakura": ("sakura-invoice 2.3", None)}.get(org.key, ("Writer", "LibreOffice 7.4"))
        props = dict(author=a["name"], title=nd["title"], creator=claims[0])
        if claims[1]:
            props["producer"] = claims[1]
        w.do(t, "reportlab_new", out=os.path.join(org.leak_dir, name), body=nd["body"], props=props,
             cjk=org.lang == "ja-JP")
        how = (f"ReportLab 3.6.12 with Author {a['name']}, Creator '{claims[0]}'"
               + (f", Producer '{claims[1]}'" if claims[1] else "") +
               f", the forger's computer clock set to {t:%Y-%m-%d %H:%M} in {org.tz}")
    F.label(name, "lib-new-claims-org", f"A new document written from scratch by the forger with {how}; made "
                                        f"{ft:%Y-%m-%d} on the forger's machine ({F.me['tz']})")
    return True


def k_exiftool_edit(F):
    """Author and creation date of a genuine PDF changed with ExifTool."""
    got = F.take((".pdf",))
    if not got:
        return False
    src, name, parent = got
    org = F.org
    f = org.files[name]
    other = F.staff(exclude=(f["doc"].get("author"), f["doc"].get("editor")))
    back = f["t"] - dt.timedelta(days=F.r.randrange(10, 60))
    if back < org.start:
        back = org.start + dt.timedelta(days=3)
    out = os.path.join(org.leak_dir, name)
    shutil.copy(src, out)
    t = F.when()
    off = B.utc_offset(back, org.tz)[0]
    B.run(B.faketime(t, F.me["tz"]) + ["exiftool", "-q", "-overwrite_original", f"-PDF:Author={other['name']}",
                                        f"-PDF:CreateDate={back:%Y:%m:%d %H:%M:%S}{off}", out])
    F.label(name, "exiftool-edit",
            f"{F.src_note(parent, name)} with Author changed to {other['name']} and CreationDate moved back to "
            f"{back:%Y-%m-%d %H:%M} by ExifTool 12.57 on {t:%Y-%m-%d} (an incremental update with an XMP packet)",
            parent)
    return True


def k_backdated_clock(F):
    """A new document made in the forger's LibreOffice with the computer clock set back."""
    org = F.org
    base = [f["doc"] for n, f in sorted(org.files.items()) if f["doc"].get("tool") == "lo" and f["doc"].get("app") in ("writer", "calc")
            and ("body" in f["doc"] or "sheets" in f["doc"])]
    if not base:
        return False
    d = F.r.choice(base)
    a = F.staff()
    t = F.claimed_time(a, after=org.start + dt.timedelta(days=30))
    nd = F.new_doc_like(d, t, author=a["key"])
    nd["cycles"] = F.r.randrange(1, 4)
    # his own time zone, clock set to the claimed wall time
    spec = B.meta_spec(org, nd)
    spec["font"] = spec["heading_font"] = "DejaVu Sans"
    src = B.write_source(org, nd, spec, "-backdated")
    o = F.office("own")
    made = []
    doc = None
    try:
        for fmt, tt, post in B.lo_outputs(org, nd, F.r):
            o.set_time(tt)
            if doc is None:
                doc = o.load(src)
            name = f"{nd['stem']}.{fmt}"
            o.export(doc, os.path.join(org.leak_dir, name), fmt)
            made.append(name)
            if len(made) == 2:
                break
    finally:
        if doc is not None:
            doc.close(True)
    for name in made:
        F.label(name, "backdated-clock",
                f"Made by the forger on {F.when():%Y-%m-%d} in his own LibreOffice 7.4 ({F.me['tz']}, locale "
                f"{F.me['locale']}, DejaVu fonts) with the computer clock set back to {t:%Y-%m-%d %H:%M} and the "
                f"properties filled in by hand (author {a['name']})")
    return bool(made)


def k_saveas_unrelated(F):
    """A new document made by Save As from an unrelated genuine one: its IDs, author and dates come along."""
    org = F.org
    c = F.candidates(WRITER_NATIVE, pred=lambda n, f: f["doc"].get("tool") == "lo")
    if not c:
        return False
    n = F.r.choice(c)
    F.used.add(n)
    f = org.files[n]
    src = os.path.join(org.dest(f["set"]), n)
    a = F.staff()
    t = F.when()
    nd = F.new_doc_like(f["doc"], t, author=a["key"])
    o = F.office("careful")
    o.set_time(t - dt.timedelta(minutes=30))
    doc = o.load(src)
    ext = os.path.splitext(n)[1]
    name = nd["stem"] + ext
    try:
        G.set_body_text(o, doc, G.body_lines(nd))
        doc.DocumentProperties.Title = nd["title"]
        o.set_time(t)
        o.save_as(doc, os.path.join(org.leak_dir, name), ext[1:])
    finally:
        doc.close(True)
    parent = "baseline/" + n if f["set"] == "baseline" else ""
    F.label(name, "saveas-unrelated",
            f"New content typed into the genuine {f['set']}/{n} (an unrelated document) and saved with File > Save As "
            f"under a new name in the forger's LibreOffice, whose user name he set to a staff member's, clock "
            f"{org.tz} {t:%Y-%m-%d %H:%M}: creation date, first author, template and internal IDs are the old "
            "document's", parent)
    return True


def k_scrubbed(F):
    """Metadata stripped (mat2 or exiftool -all=) in an org whose genuine files carry them."""
    org = F.org
    exts = (".docx", ".odt", ".xlsx", ".ods", ".pdf", ".JPG", ".jpg")
    got = F.take(exts, pred=lambda n, f: not f["doc"].get("scrub") and not f["doc"].get("tcfg", {}).get("scrub"))
    if not got:
        return False
    src, name, parent = got
    t = F.when()
    out = os.path.join(org.leak_dir, name)
    if name.lower().endswith((".pdf", ".jpg")) and F.r.random() < 0.5:
        shutil.copy(src, out)
        B.run(B.faketime(t, F.me["tz"]) + ["exiftool", "-q", "-overwrite_original", "-all=", out])
        how = "exiftool -all="
    else:
        tmpd = os.path.join(org.work, "mat2f")
        os.makedirs(tmpd, exist_ok=True)
        stem, ext = os.path.splitext(name)
        shutil.copy(src, os.path.join(tmpd, name))
        B.run(B.faketime(t, F.me["tz"], running=True) + ["mat2", os.path.join(tmpd, name)])
        shutil.move(os.path.join(tmpd, f"{stem}.cleaned{ext}"), out)
        os.remove(os.path.join(tmpd, name))
        how = "mat2 0.13"
    F.label(name, "scrubbed", f"{F.src_note(parent, name)} with its metadata removed by {how} on the forger's machine "
                              f"({t:%Y-%m-%d}); the organisation's files of this kind always carry theirs", parent)
    return True


def k_added_property(F):
    """A property the genuine chain never carries added (plus a figure changed), exported as is."""
    org = F.org
    got = F.take((".odt", ".docx", ".ods", ".xlsx"), pred=lambda n, f: f["doc"].get("tool") == "lo")
    if not got:
        return False
    src, name, parent = got
    o = F.office("careful")
    t = F.when()
    o.set_time(t)
    doc = o.load(src)
    try:
        d = org.files[name]["doc"]
        G.replace_text(o, doc, d.get("figure", "?"), B.fmt_amount(org.lang, d.get("total", 100) * 1.3))
        udp = doc.DocumentProperties.UserDefinedProperties
        if not org.cfg.get("company_in_templates"):
            prop, val = "Company", org.cfg["name"].split(" (")[0]
        else:
            prop, val = "Department", F.r.choice(["Finance", "Legal", "Management"])
        try:
            udp.addProperty(prop, 0, val)
        except Exception:
            udp.setPropertyValue(prop, val)
        doc.DocumentProperties.Keywords = (org.L["words"]["project"], d.get("project", ""))
        o.export(doc, os.path.join(org.leak_dir, name), os.path.splitext(name)[1][1:])
    finally:
        doc.close(True)
    F.label(name, "added-property",
            f"{F.src_note(parent, name)}, a figure changed and a '{prop}' property ('{val}') and keywords added in the "
            f"forger's LibreOffice (File > Properties; user name set to a staff member's, clock {F.org.tz}), exported "
            f"on {t:%Y-%m-%d %H:%M}: genuine files of the organisation never carry {prop} or keywords", parent)
    return True


def photo_files(F):
    return sorted(n for n, f in F.org.files.items() if f["doc"].get("photo") and not n.startswith("leak/"))


def k_photo_other_device(F):
    org = F.org
    ph = [org.files[n]["doc"] for n in photo_files(F)]
    if not ph:
        return False
    ref = F.r.choice(ph)
    dev = F.r.choice(["canon-sx620", "xiaomi"])
    t = F.claimed_time(org.staff[ref["who"]], after=org.bend)
    seed = F.r.randrange(10 ** 9)
    # renamed to the organisation's pattern
    D = B.DEVICES[ref["device"]]
    if D["counter"]:
        n = ref.get("n", 100) + F.r.randrange(1, 4)
        name = D["name"].format(n=n % 10000 if "IMG" in D["name"] else n, t=t)
    else:
        name = D["name"].format(t=t)
    if os.path.exists(os.path.join(org.leak_dir, name)) or name in org.files:
        name = name.replace(".", "_1.")
    out = os.path.join(org.leak_dir, name)
    B.make_photo(org.work, dev, B.SCENES[org.key], seed, t, F.me["tz"], B.DEVICES[dev]["software"][0], None, out,
                 offset_tags=False)
    F.label(name, "photo-other-device",
            f"A photo from another device ({B.DEVICES[dev]['make']} {B.DEVICES[dev]['model']}; stand-in: ImageMagick "
            f"image with IJG tables, that device's EXIF by ExifTool, no GPS, no OffsetTime), dated "
            f"{t:%Y-%m-%d %H:%M} and renamed to the organisation's pattern ({name})")
    return True


def k_photo_retouched(F):
    got = F.take((".JPG", ".jpg"), pred=lambda n, f: not f["doc"].get("scrub"))
    if not got:
        return False
    src, name, parent = got
    t = F.when()
    B.run(B.faketime(t, F.me["tz"]) + [B.CONVERT, src, "-crop", "560x420+40+30", "+repage", "-modulate", "95,108",
                                        "-fill", "#6b6b6b", "-draw", "rectangle 300,200 360,260", "-quality", "90",
                                        os.path.join(F.org.leak_dir, name)])
    F.label(name, "photo-retouched",
            f"{F.src_note(parent, name)} cropped, recoloured and a patch painted in with ImageMagick 6.9.11, re-encoded "
            "at quality 90 with the EXIF kept (old dimensions, uncropped thumbnail, IJG tables, JFIF added)", parent)
    return True


def k_photo_time_shifted(F):
    got = F.take((".JPG", ".jpg"), pred=lambda n, f: not f["doc"].get("scrub") and "device" in f["doc"])
    if not got:
        return False
    src, name, parent = got
    t = F.when()
    out = os.path.join(F.org.leak_dir, name)
    shutil.copy(src, out)
    days, hours = F.r.randrange(1, 20), F.r.randrange(1, 6)
    sign = F.r.choice(["-", "+"])
    B.run(B.faketime(t, F.me["tz"]) + ["exiftool", "-q", "-overwrite_original", f"-AllDates{sign}=0:0:{days} {hours}:0:0",
                                        out])
    F.label(name, "photo-time-shifted",
            f"{F.src_note(parent, name)} with DateTimeOriginal/CreateDate/ModifyDate shifted by {sign}{days} days "
            f"{hours} h with ExifTool (-AllDates); GPSDateStamp/GPSTimeStamp (if any) and OffsetTime left as the device "
            "wrote them, so local time, offset and GPS UTC no longer agree, and the photo leaves its place in the "
            "camera's numbering order", parent)
    return True


def k_exif_transplant(F):
    """Hard: a new picture from the same camera model, every EXIF tag copied from a genuine photo, times moved
    consistently (GPS too), the thumbnail regenerated, named in the camera's sequence."""
    org = F.org
    c = [n for n in photo_files(F) if not org.files[n]["doc"].get("scrub") and n not in F.used
         and not os.path.exists(os.path.join(org.leak_dir, n + ".x"))]
    if not c:
        return False
    n = F.r.choice(c)
    F.used.add(n)
    f = org.files[n]
    p = f["doc"]
    D = B.DEVICES[p["device"]]
    shift = dt.timedelta(minutes=F.r.randrange(3, 40))
    t = p["t"] + shift
    if D["counter"]:
        num = p["n"] + 1
        name = D["name"].format(n=num % 10000 if "IMG" in D["name"] else num, t=t)
    else:
        name = D["name"].format(t=t)
    if name in org.files or os.path.exists(os.path.join(org.leak_dir, name)):
        return False
    out = os.path.join(org.leak_dir, name)
    raw = out + ".png"
    B.run(B.scene_cmd(F.r.randrange(10 ** 9), B.SCENES[org.key], raw, D["size"]))
    B.encode_jpeg(org.work, p["device"], raw, out)
    os.remove(raw)
    src = os.path.join(org.dest(f["set"]), n)
    ft = F.when()
    thumb, targs = B.thumb_args(org.work, p["device"], out)
    off, delta = B.utc_offset(t, org.tz)
    utc = t - delta
    gps = [f"-GPS:GPSTimeStamp={utc:%H:%M:%S}", f"-GPS:GPSDateStamp={utc:%Y:%m:%d}"] if p.get("gps") else []
    B.run(B.faketime(ft, F.me["tz"]) + ["exiftool", "-q", "-overwrite_original", "-TagsFromFile", src, "-all:all",
                                         "-unsafe", "-JFIF:all=", f"-AllDates={t:%Y:%m:%d %H:%M:%S}"] + gps + targs
          + [out])
    os.remove(thumb)
    parent = "baseline/" + n if f["set"] == "baseline" else ""
    F.label(name, "exif-transplant",
            f"A new picture (same camera model's encoder settings: its quantization tables and subsampling) whose "
            f"every EXIF tag was copied from the genuine {f['set']}/{n} with exiftool -TagsFromFile, then the dates set "
            f"{int(shift.total_seconds() // 60)} min later (GPS time, if any, moved the same way), a new thumbnail of the "
            f"new picture, and a file name next in the camera's sequence; made {ft:%Y-%m-%d} ({F.me['tz']})", parent)
    return True


def k_bulk_resave(F):
    org = F.org
    c = F.candidates(NATIVE, sets=("leak",), pred=lambda n, f: f["doc"].get("tool") == "lo")
    if len(c) < 3:
        return False
    names = F.r.sample(c, 3)
    o = F.office("bulk")
    t = dt.datetime.combine(org.as_of - dt.timedelta(days=F.r.randrange(2, 20)), dt.time(2, F.r.randrange(0, 40), 7))
    for i, name in enumerate(names):
        F.used.add(name)
        f = org.files[name]
        src = os.path.join(org.hidden, name)
        shutil.move(os.path.join(org.leak_dir, name), src)
        f["set"] = "hidden"
        tt = t + dt.timedelta(seconds=70 * i + F.r.randrange(50))
        o.set_time(tt)
        doc = o.load(src)
        try:
            if o.app_of(doc) == "calc":
                doc.calculateAll()
            else:
                doc.getTextFields().refresh()
            doc.setModified(True)
            o.save_as(doc, os.path.join(org.leak_dir, name), os.path.splitext(name)[1][1:])
        finally:
            doc.close(True)
        F.label(name, "bulk-resave",
                f"Genuine {name} (the original is not published) opened, refreshed and saved by a batch script in "
                f"LibreOffice 7.4 with an empty user name on a UTC machine at {tt:%Y-%m-%d %H:%M:%S} UTC; the three "
                "files of the batch were saved within four minutes. Content unchanged")
    return True


def k_html_letter_pdf(F):
    org = F.org
    base = [f["doc"] for f in org.files.values() if "body" in f["doc"] and f["doc"].get("app") == "writer"]
    if not base:
        return False
    a = F.staff()
    t = F.when()
    claimed = F.claimed_time(a, after=org.bend)
    d = F.r.choice(base)
    nd = F.new_doc_like(d, claimed, author=a["key"])
    nd["type"] = "letter"
    nd["title"] = org.title("letter") + " — " + nd["project"]
    tool = "wkhtmltopdf" if org.key == "aurora" and F.r.random() < 0.5 else "chromium"
    name = nd["stem"] + ".pdf"
    B.html_to_pdf(org, tool, B.html_of(org, nd, "h1{color:#123}"), os.path.join(org.leak_dir, name), t, F.me["tz"])
    F.label(name, "html-letter-pdf",
            f"A letter the forger wrote as HTML (signed {a['name']}, dated {claimed:%Y-%m-%d}) and printed to PDF with "
            f"{tool} on his machine at {t:%Y-%m-%d %H:%M} {F.me['tz']}")
    return True


def k_tool_before_adoption(F):
    """A document claiming a producer (version/format) the organisation adopted only later."""
    org = F.org
    key = org.key
    days = org.cfg["days"]
    if key in ("sakura", "aurora"):
        tname = "statement"
        tc = org.cfg["types"][tname]
        switch = org.start + dt.timedelta(days=int(days * tc["switch_at"]))
        old = [f["doc"] for f in org.files.values() if f["doc"].get("type") == tname and f["doc"]["tool"] == tc["tool"]]
        if not old:
            return False
        d = F.r.choice(old)
        a = org.staff[d["author"]]
        t = F.claimed_time(a)
        if t >= switch:
            t = org.work_time(a, (org.start + (switch - org.start) * F.r.uniform(0.2, 0.8)).date(), F.r)
        nd = F.new_doc_like(d, t, author=a["key"])
        nd["tool"] = tc["switch_to"]
        B.produce_lib(org, nd, F.r, setname="leak", tz=org.tz)
        name = [n for n, f in org.files.items() if f["doc"] is nd][0]
        del org.files[name]
        F.label(name, "tool-before-adoption",
                f"A statement dated {t:%Y-%m-%d %H:%M} made with {tc['switch_to']} on the organisation's own kind of "
                f"setup (clock and zone set to {org.tz}), although the organisation used {tc['tool']} for these until "
                f"{switch:%Y-%m-%d}")
        return True
    if key == "lakeshore":
        lf = org.cfg["legacy_formats"]
        switch = org.start + dt.timedelta(days=int(days * lf["until"]))
        old = [f["doc"] for n, f in org.files.items() if n.endswith(".doc") and "body" in f["doc"]]
        if not old:
            return False
        d = F.r.choice(old)
        a = org.staff[d["author"]]
        t = org.work_time(a, (org.start + (switch - org.start) * F.r.uniform(0.3, 0.9)).date(), F.r)
        nd = F.new_doc_like(d, t, author=a["key"])
        nd["formats"] = ["docx"]
        o = F.office("careful")
        made = B.produce_lo(org, o, nd, F.r, setname="leak")
        for name in made:
            del org.files[name]
            F.label(name, "tool-before-adoption",
                    f"A .docx dated {t:%Y-%m-%d %H:%M} (properties set by hand, clock {org.tz}) although the office "
                    f"saved Writer files as .doc until {switch:%Y-%m-%d}; otherwise a careful LibreOffice 7.4 copy")
        return True
    if key in ("bluegum", "casaviva"):
        ph = [org.files[n]["doc"] for n in photo_files(F)]
        if not ph:
            return False
        p = min(ph, key=lambda x: x["t"])
        D = B.DEVICES[p["device"]]
        newest = D["software"][-1]
        t = p["t"] + dt.timedelta(minutes=F.r.randrange(5, 60))
        if D["counter"]:
            name = D["name"].format(n=(p["n"] + 1) % 10000 if "IMG" in D["name"] else p["n"] + 1, t=t)
        else:
            name = D["name"].format(t=t)
        if name in org.files or os.path.exists(os.path.join(org.leak_dir, name)):
            return False
        gps = p.get("gps")
        B.make_photo(org.work, p["device"], B.SCENES[org.key], F.r.randrange(10 ** 9), t, org.tz, newest, gps,
                     os.path.join(org.leak_dir, name))
        F.label(name, "tool-before-adoption",
                f"A photo dated {t:%Y-%m-%d %H:%M} with the device's EXIF (same model and encoder settings) but "
                f"Software '{newest}', a firmware/system version the organisation's devices got only later")
        return True
    return False


def k_meta_cloned(F):
    """Hard: a new document made with the same program and settings as the organisation (same time zone, locale,
    fonts, template), every property copied from a genuine document of the same kind and moved to a plausible new
    date."""
    org = F.org
    c = [f["doc"] for n, f in sorted(org.files.items()) if f["set"] in ("baseline", "leak") and f["doc"].get("title")
         and not f["doc"].get("photo") and f["doc"].get("tool") in ("lo", "pydocx", "openpyxl", "xlsxwriter",
                                                                    "reportlab", "chromium", "wkhtmltopdf")]
    if not c:
        return False
    d = F.r.choice(c)
    ed = org.staff[d["editor"]]
    t = F.claimed_time(ed, after=org.bend)
    nd = F.new_doc_like(d, t)
    nd["created_t"] = t - (d["modified_t"] - d["created_t"])
    if d["tool"] == "lo":
        o = F.office("careful")
        made = B.produce_lo(org, o, nd, F.r, setname="leak")
    else:
        made = B.produce_lib(org, nd, F.r, setname="leak", tz=org.tz)
    for name in made:
        del org.files[name]
        F.label(name, "meta-cloned",
                f"Made by a careful forger with the organisation's own program ({d['tool']}) and settings: clock and "
                f"zone {org.tz}, locale {org.cfg['locale']}, the same fonts and template, properties copied from a "
                f"genuine document of the same kind by {org.staff[d['author']]['name']} and moved to "
                f"{t:%Y-%m-%d %H:%M}; only the content is his")
    return bool(made)


def k_zip_content_edit(F):
    """Hard: a figure changed directly in the XML inside a genuine ZIP package, every entry's name, order, time and
    method kept, the properties untouched."""
    org = F.org

    def ok(n, f):
        return "figure" in f["doc"] and f["doc"].get("app") == "writer"
    got = F.take((".odt", ".docx"), pred=ok)
    if not got:
        return False
    src, name, parent = got
    d = org.files[name]["doc"]
    old = d["figure"].encode()
    new = B.fmt_amount(org.lang, d["total"] * 1.7).encode()
    from xml.sax.saxutils import escape
    old_x, new_x = escape(d["figure"]).encode(), escape(B.fmt_amount(org.lang, d["total"] * 1.7)).encode()
    out = os.path.join(org.leak_dir, name)
    changed = False
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in ("content.xml", "word/document.xml") and old_x in data:
                data = data.replace(old_x, new_x)
                changed = True
            ni = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            ni.compress_type = info.compress_type
            ni.external_attr = info.external_attr
            ni.create_system = info.create_system
            ni.extra = info.extra
            zout.writestr(ni, data)
    if not changed:
        os.remove(out)
        _untake(F, src, name, parent)
        return False
    F.label(name, "zip-content-edit",
            f"{F.src_note(parent, name)} with the total changed directly in its XML (Python zipfile): same entries "
            "in the same order with the same times and methods, properties untouched; only the content and the "
            "deflate stream (Python's zlib, level 6) differ", parent)
    return True


KINDS = {
    "lo-resave-foreign": k_lo_resave_foreign,
    "lib-edit": k_lib_edit,
    "pdf-overpaint": k_pdf_overpaint,
    "pdf-page-replace": k_pdf_page_replace,
    "lib-new-claims-org": k_lib_new_claims_org,
    "exiftool-edit": k_exiftool_edit,
    "backdated-clock": k_backdated_clock,
    "saveas-unrelated": k_saveas_unrelated,
    "scrubbed": k_scrubbed,
    "added-property": k_added_property,
    "photo-other-device": k_photo_other_device,
    "photo-retouched": k_photo_retouched,
    "photo-time-shifted": k_photo_time_shifted,
    "exif-transplant": k_exif_transplant,
    "bulk-resave": k_bulk_resave,
    "html-letter-pdf": k_html_letter_pdf,
    "tool-before-adoption": k_tool_before_adoption,
    "meta-cloned": k_meta_cloned,
    "zip-content-edit": k_zip_content_edit,
}
PHOTO_KINDS = ("photo-other-device", "photo-retouched", "photo-time-shifted", "exif-transplant")


def build(org):
    F = Forger(org)
    try:
        kinds = [k for k in KINDS if org.cfg.get("photos") or k not in PHOTO_KINDS]
        if org.key not in ("sakura", "aurora", "lakeshore", "bluegum", "casaviva"):
            kinds.remove("tool-before-adoption")
        r = F.r
        r.shuffle(kinds)
        share = (org.cfg.get("photos") or {}).get("share", 0)
        # a few kinds are left out in each organisation (which ones depends on
        # the seed); where photos are a large share of the files, not photo ones
        drop = r.randrange(1, 4) if len(kinds) > 12 else 0
        droppable = [k for k in kinds if share < 0.3 or k not in PHOTO_KINDS]
        for k in droppable[:drop]:
            kinds.remove(k)
        # where photos are a large share of the files, photo forgeries come early
        # in the rotation; where they are few, one or two photo kinds come early
        if 0 < share < 0.3:
            ph = [k for k in kinds if k in PHOTO_KINDS][:2]
            kinds = ph + [k for k in kinds if k not in ph]
        if share >= 0.3:
            ph = [k for k in kinds if k in PHOTO_KINDS]
            docs = [k for k in kinds if k not in PHOTO_KINDS]
            kinds = []
            while ph or docs:
                if ph:
                    kinds.append(ph.pop(0))
                kinds += docs[:2]
                docs = docs[2:]
        target = org.n_forged_target
        fails = {}
        i = 0
        while F.n < target and i < 10 * target:
            k = kinds[i % len(kinds)]
            i += 1
            if fails.get(k, 0) >= 2:
                continue
            if k == "bulk-resave" and any(l["kind"] == k for l in org.labels.values()):
                continue
            if not KINDS[k](F):
                fails[k] = fails.get(k, 0) + 1
    finally:
        F.close()
