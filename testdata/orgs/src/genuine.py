"""The genuine documents of one organisation, and its hard genuine cases."""

import datetime as dt
import json
import os
import shutil
import subprocess

import build as B
from lo import Office
from orgs import TRAVEL

MAT2_EXT = (".odt", ".ods", ".docx", ".xlsx", ".pdf", ".jpg", ".JPG", ".pptx")


def office_for(org, name, tz, locale=None, given="", surname="", rand=1):
    return Office(org.work, f"{org.key}-{name}", tz, None, given=given, surname=surname,
                  locale=locale or org.cfg["locale"], start="2000-01-01 00:00:00", rand_seed=rand)


def hard(org, name, why):
    org.files[name].setdefault("hard", []).append(why)


def replace_text(office, doc, old, new):
    """Replace a figure in a loaded document (Writer: search/replace; Calc: the
    total's input cell is changed instead, since figures there are numbers)."""
    app = office.app_of(doc)
    if app == "writer":
        rd = doc.createReplaceDescriptor()
        rd.SearchString = old
        rd.ReplaceString = new
        return doc.replaceAll(rd) > 0
    if app == "calc":
        sh = doc.Sheets.getByIndex(0)
        for row in range(4, 30):
            c = sh.getCellByPosition(1, row)
            if c.getType().value == "VALUE":
                c.setValue(c.getValue() + 3)
                doc.calculateAll()
                return True
        return False
    return False


def set_body_text(office, doc, lines):
    """Replace the whole text of a Writer document (what 'Save As' template
    re-use does: the old letter's words go, its settings and IDs stay)."""
    text = doc.Text
    text.setString("")
    cur = text.createTextCursor()
    for i, line in enumerate(lines):
        text.insertString(cur, line, False)
        if i + 1 < len(lines):
            text.insertControlCharacter(cur, 0, False)


def body_lines(d):
    out = []
    for kind, val in d["body"]:
        if kind == "table":
            out += ["\t".join(str(c) for c in row) for row in val]
        elif kind == "list":
            out += list(val)
        elif kind != "pb":
            out.append(str(val))
    return out


def build(org):
    r = org.rng("genuine")
    docs = B.catalogue(org)
    photos = B.plan_photos(org, docs, r) if org.cfg.get("photos") else []
    docs = [d for d in docs if not d.get("photo")]
    docs.sort(key=lambda d: d["created_t"])
    org.docs, org.photos = docs, photos
    post_leak = [d for d in docs if d["set"] == "leak" and d["period"] == "post" and d["tool"] == "lo"]

    # --- hard case: odd hours (night / weekend saves) --------------------------
    odd = r.sample(post_leak, min(2, len(post_leak)))
    for i, d in enumerate(odd):
        p = org.staff[d["editor"]]
        if i == 0:
            t = org.work_time(p, d["modified_t"].date(), r, off_hours=True)
            why = "odd hours: saved at night"
        else:
            day = d["modified_t"].date()
            day += dt.timedelta(days=(5 - day.weekday()) % 7)   # the next Saturday
            t = dt.datetime.combine(day, dt.time(r.randrange(10, 17), r.randrange(60), r.randrange(60)))
            why = "odd hours: saved on a weekend"
        limit = dt.datetime.combine(org.as_of, dt.time()) - dt.timedelta(hours=6)
        if t > d["created_t"] and t < limit:
            d["modified_t"] = t
            d["hard"] = why

    # --- hard case: travel (a staff member saving from another time zone) ------
    traveller = next((p for p in org.staff.values() if p.get("traveller")), None)
    ttz, twhy = TRAVEL[org.key]
    trip = None
    if traveller:
        cands = [d for d in post_leak if d["author"] == traveller["key"] or d["editor"] == traveller["key"]]
        if not cands:
            cands = post_leak[:]
        if cands:
            anchor = r.choice(cands)
            trip = anchor["modified_t"].date()
            for d in post_leak:
                if d["editor"] == traveller["key"] and 0 <= (d["modified_t"].date() - trip).days < 4 and d is not anchor:
                    d["travel"] = True
            anchor["editor"] = traveller["key"]
            anchor["travel"] = True
            for d in [x for x in post_leak if x.get("travel")]:
                # the wall clock of the trip: shift the save to the destination's local time
                home = d["modified_t"].replace(tzinfo=B.zoneinfo.ZoneInfo(org.tz))
                away = home.astimezone(B.zoneinfo.ZoneInfo(ttz)).replace(tzinfo=None)
                # they work normal hours there: keep the local hour plausible
                d["modified_t"] = away.replace(hour=max(8, min(18, away.hour)))
                if d["modified_t"] <= d["created_t"]:
                    d["created_t"] = d["modified_t"] - dt.timedelta(minutes=50)
                d["hard"] = (f"travel: {traveller['name']} saved it during {twhy} ({ttz} clock, "
                             f"{d['modified_t']:%Y-%m-%d %H:%M} local time there)")

    # --- production: LibreOffice (one long-lived soffice per machine) ----------
    office = office_for(org, "office", org.tz, given="", surname="", rand=1000 + org.seed)
    travel_office = None
    produced_native = {}     # type -> [paths of earlier native Writer files], for Save As re-use
    try:
        for d in docs:
            if d["tool"] != "lo":
                B.produce_lib(org, d, r)
                continue
            if d.get("travel"):
                if travel_office is None:
                    travel_office = office_for(org, "travel", ttz, rand=2000 + org.seed)
                made = B.produce_lo(org, travel_office, d, r, tz_note=ttz)
                for n in made:
                    org.files[n]["tz"] = ttz
            elif (d["tcfg"].get("reuse") and d["app"] == "writer" and produced_native.get(d["type"])
                  and r.random() < d["tcfg"]["reuse"]):
                made = produce_reuse(org, office, d, r, r.choice(produced_native[d["type"]][-6:]))
            else:
                made = B.produce_lo(org, office, d, r)
            for n in made:
                if d.get("hard"):
                    hard(org, n, d["hard"])
                if n.endswith((".docx", ".doc", ".odt")):
                    produced_native.setdefault(d["type"], []).append(os.path.join(org.dest(d["set"]), n))
            d["made"] = made
        for p in photos:
            B.produce_photo(org, p, r)
        hard_cases_lo(org, office, r)
    finally:
        office.close()
        if travel_office:
            travel_office.close()
    privacy_step(org, r)
    hard_cases_other(org, r)
    # newcomers: noted on every file they wrote or edited
    for name, f in org.files.items():
        d = f["doc"]
        for k in ("author", "editor", "who"):
            p = org.staff.get(d.get(k, ""))
            if p and p.get("newcomer") and f["set"] == "leak":
                hard(org, name, f"newcomer: {p['name']} ({p['role']}) joined on {p['join']:%Y-%m-%d}, after the "
                                 "baseline period, and is in no baseline document")
                break


def produce_reuse(org, office, d, r, old_path):
    """Save As from an older document of the same kind: the old file's author,
    creation date, template and internal IDs stay; the text is new."""
    ext = os.path.splitext(old_path)[1][1:]
    fmt = [f for f in d["formats"] if not f.startswith("pdf")][0]
    office.set_time(d["created_t"])
    doc = office.load(old_path)
    made = []
    try:
        props = doc.DocumentProperties
        old_cycles = props.EditingCycles
        old_author = props.Author
        set_body_text(office, doc, body_lines(d))
        ed = org.staff[d["editor"]]["name"]
        office.set_props(doc, editor=ed, modified=d["modified_t"], cycles=old_cycles + d["cycles"],
                         duration=d["duration"], title=d["title"])
        # what the person's own LibreOffice stamps on saving; not modified any
        # more, so the export below keeps these properties as they are
        doc.setModified(False)
        office.set_time(d["modified_t"])
        name = f"{d['stem']}.{fmt}"
        office.export(doc, os.path.join(org.dest(d["set"]), name), fmt)
        note = (f"LibreOffice 7.4 Writer → .{fmt}, written by {org.staff[d['author']]['name']} with File > Save As "
                f"from an older document ({os.path.basename(old_path)}, by {old_author}) used as a template; saved "
                f"{d['modified_t']:%Y-%m-%d %H:%M} {org.tz}")
        B.register(org, name, d["set"], d, fmt, d["modified_t"], note)
        hard(org, name, "template re-use by Save As: keeps the older document's author, creation date and "
                        "internal IDs (shared with another, unrelated document) -- the office's habit")
        made.append(name)
        for f in d["formats"]:
            if f.startswith("pdf") and not (f.startswith("pdf?") and r.random() < 0.5):
                t = d["modified_t"] + dt.timedelta(minutes=r.randrange(1, 6))
                office.set_time(t)
                pname = f"{d['stem']}.pdf"
                office.export(doc, os.path.join(org.dest(d["set"]), pname), "pdf")
                B.register(org, pname, d["set"], d, "pdf", t, f"LibreOffice 7.4 Writer PDF export at {t:%Y-%m-%d %H:%M} "
                                                           f"{org.tz} of {name}")
                made.append(pname)
    finally:
        doc.close(True)
    return made


def baseline_natives(org, exts=(".odt", ".docx", ".ods", ".xlsx", ".doc", ".xls")):
    return sorted(n for n, f in org.files.items() if f["set"] == "baseline" and n.endswith(exts)
                  and f["doc"].get("tool") == "lo" and "title" in f["doc"])


def later_limit(org):
    return dt.datetime.combine(org.as_of, dt.time()) - dt.timedelta(days=1)


def hard_cases_lo(org, office, r):
    """Later revision and format conversion of baseline documents (in LibreOffice)."""
    natives = baseline_natives(org)
    if not natives:
        return
    r.shuffle(natives)
    # --- later revision: months later, by someone else
    name = natives[0]
    f = org.files[name]
    d = f["doc"]
    others = [p for p in org.staff.values() if p["key"] not in (d["author"], d["editor"]) and not p.get("newcomer")]
    ed = r.choice(others)
    t = f["t"] + dt.timedelta(days=r.randrange(80, 200))
    t = org.work_time(ed, min(t, later_limit(org)).date(), r)
    if t > later_limit(org):
        t = later_limit(org) - dt.timedelta(hours=20)
    stem, ext = os.path.splitext(name)
    new = f"{stem}_v2{ext}" if org.cfg["naming"] != "words-spaces" else f"{stem} v2{ext}"
    office.set_time(t - dt.timedelta(minutes=25))
    doc = office.load(os.path.join(org.base_dir, name))
    try:
        replace_text(office, doc, d["figure"], B.fmt_amount(org.lang, d["total"] * 1.08))
        p = doc.DocumentProperties
        office.set_props(doc, editor=ed["name"], modified=t, cycles=p.EditingCycles + r.randrange(1, 4),
                         duration=p.EditingDuration + r.randrange(300, 2400))
        doc.setModified(False)
        office.set_time(t)
        office.export(doc, os.path.join(org.leak_dir, new), ext[1:])
    finally:
        doc.close(True)
    B.register(org, new, "leak", d, ext[1:], t,
               f"LibreOffice 7.4: baseline/{name} opened by {ed['name']} ({ed['role']}) on {t:%Y-%m-%d %H:%M} "
               f"{org.tz}, a figure updated, saved under a new name")
    hard(org, new, f"later revision: a new version of baseline/{name}, edited {(t - f['t']).days} days after its "
                   f"last save by someone else ({ed['name']})")
    # --- converted to another format, later (no edit: properties kept)
    if len(natives) > 1:
        name = natives[1]
        f = org.files[name]
        stem, ext = os.path.splitext(name)
        to = {".odt": "pdf", ".docx": "pdf", ".doc": "docx", ".ods": "xlsx", ".xlsx": "pdf", ".xls": "xlsx"}[ext]
        t = f["t"] + dt.timedelta(days=r.randrange(20, 120))
        t = org.work_time(org.staff[f["doc"]["editor"]], min(t, later_limit(org)).date(), r)
        if t > later_limit(org):
            t = later_limit(org) - dt.timedelta(hours=30)
        new = f"{stem}.{to}"
        if new in org.files:
            new = f"{stem}_conv.{to}"
        office.set_time(t)
        doc = office.load(os.path.join(org.base_dir, name))
        try:
            office.export(doc, os.path.join(org.leak_dir, new), to)
        finally:
            doc.close(True)
        B.register(org, new, "leak", f["doc"], to, t,
                   f"LibreOffice 7.4: baseline/{name} converted to .{to} on {t:%Y-%m-%d %H:%M} {org.tz} (File > "
                   "Export, no edit)")
        hard(org, new, f"converted: the same document as baseline/{name} in another format, made "
                       f"{(t - f['t']).days} days after its last save; its properties still carry the old dates")


def privacy_step(org, r):
    """Organisations whose own rule is to strip metadata before sending files out."""
    for name, f in list(org.files.items()):
        d = f["doc"]
        share = d.get("tcfg", {}).get("scrub") if isinstance(d, dict) else None
        # The archive keeps the cleaned copies it sent too: a baseline
        # shows the habit, as the leak does.
        if not share or f["set"] not in ("leak", "baseline") or not name.endswith(MAT2_EXT) or r.random() >= share:
            continue
        path = os.path.join(org.base_dir if f["set"] == "baseline" else org.leak_dir, name)
        tmpd = os.path.join(org.work, "mat2")
        os.makedirs(tmpd, exist_ok=True)
        stem, ext = os.path.splitext(name)
        shutil.copy(path, os.path.join(tmpd, name))
        t = f["t"] + dt.timedelta(hours=r.randrange(1, 30))
        B.run(B.faketime(t, org.tz, running=True) + ["mat2", os.path.join(tmpd, name)])
        shutil.move(os.path.join(tmpd, f"{stem}.cleaned{ext}"), path)
        os.remove(os.path.join(tmpd, name))
        f["note"] += f"; then cleaned with mat2 before sending it to donors ({t:%Y-%m-%d}), the foundation's rule"
        if f["set"] == "leak":
            hard(org, name, "scrubbed by the organisation's own privacy step (mat2): no document properties left")
    for name, f in org.files.items():
        if f["doc"].get("scrub") and f["set"] == "leak":
            hard(org, name, "scrubbed by the organisation's own privacy step (mat2, web photos): no EXIF left")


def hard_cases_other(org, r):
    """An untouched copy of a baseline file, a scan, a browser-printed PDF."""
    base = sorted(n for n, f in org.files.items() if f["set"] == "baseline")
    # --- untouched copy
    cand = [n for n in base if n not in org.labels]
    if cand:
        name = r.choice(cand)
        if name not in org.files or org.files[name]["set"] == "baseline":
            shutil.copy2(os.path.join(org.base_dir, name), os.path.join(org.leak_dir, name))
            f = dict(org.files[name])
            f = dict(set="leak", doc=f["doc"], fmt=f["fmt"], t=f["t"], note=f"Byte-identical copy of baseline/{name}",
                     tz=f["tz"])
            org.files["leak/" + name] = f
            f["hard"] = ["untouched copy of a baseline document (same bytes)"]
    # --- a scan: a printed page scanned back on the office's multifunction printer
    pdfs = sorted(n for n, f in org.files.items() if f["set"] == "baseline" and n.endswith(".pdf")) or \
        sorted(n for n, f in org.files.items() if n.endswith(".pdf") and f["set"] == "leak")
    if pdfs:
        src = r.choice(pdfs)
        f = org.files[src]
        when = f["t"] + dt.timedelta(days=r.randrange(2, 30))
        if when > later_limit(org):
            when = later_limit(org) - dt.timedelta(hours=10)
        when = when.replace(hour=r.randrange(9, 16))
        stem = os.path.splitext(src)[0]
        name = ("Scan_" + when.strftime("%Y%m%d_%H%M%S") + ".pdf")
        png = os.path.join(org.work, "scan")
        srcpath = os.path.join(org.dest(f["set"]), src)
        B.run(["pdftoppm", "-r", "100", "-gray", "-f", "1", "-l", "1", "-png", srcpath, png])
        pngf = png + "-1.png" if os.path.exists(png + "-1.png") else png + "-01.png"
        jpg = png + ".jpg"
        B.run(B.faketime(when, org.tz) + [B.CONVERT, pngf, "-rotate", f"{r.uniform(-0.8, 0.8):.2f}", "-background",
                                          "white", "-flatten", "-seed", str(r.randrange(1000)), "-attenuate", "0.3",
                                          "+noise", "Gaussian", "-strip", "-quality", "75", jpg])
        B.run(B.faketime(when, org.tz) + ["img2pdf", "-S", "A4", "-o", os.path.join(org.leak_dir, name), jpg])
        os.remove(pngf)
        os.remove(jpg)
        org.files[name] = dict(set="leak", doc=f["doc"], fmt="pdf", t=when, tz=org.tz,
                               note=f"Scan of a printout of {f['set']}/{src} ({when:%Y-%m-%d %H:%M} {org.tz}), "
                                    "the page image wrapped into a PDF by img2pdf (the scanning script)",
                               hard=["one-off tool: a scanned page (JPEG in an img2pdf PDF), not made by the office's "
                                     "usual programs"])
    # --- a PDF printed from a browser, once
    if org.key != "aurora":
        docs = [d for d in org.docs if d["set"] == "leak" and "body" in d and d["period"] == "post"]
        if docs:
            d = r.choice(docs)
            p = org.staff[d["editor"]]
            t = org.work_time(p, min(d["modified_t"] + dt.timedelta(days=1), later_limit(org)).date(), r)
            if t > later_limit(org):
                t = later_limit(org) - dt.timedelta(hours=8)
            name = f"{d['stem']}_web.pdf" if org.cfg["naming"] != "words-spaces" else f"{d['stem']} (web).pdf"
            B.html_to_pdf(org, "chromium", B.html_of(org, d), os.path.join(org.leak_dir, name), t, org.tz)
            org.files[name] = dict(set="leak", doc=d, fmt="pdf", t=t, tz=org.tz,
                                   note=f"{p['name']} printed the document's web version to PDF from Chromium "
                                        f"(--print-to-pdf, Skia/PDF) at {t:%Y-%m-%d %H:%M} {org.tz}",
                                   hard=["one-off tool: a PDF printed from a browser (Chromium/Skia), the only "
                                         "one of the organisation"])
    else:
        docs = [d for d in org.docs if d["set"] == "leak" and d["tool"] == "lo" and "body" in d]
        if docs:
            d = r.choice(docs)
            office = office_for(org, "impress", org.tz, rand=3000 + org.seed)
            try:
                spec = dict(app="impress", author_name=org.staff[d["author"]]["name"],
                            editor_name=org.staff[d["author"]]["name"], created=B.iso(d["created_t"]),
                            modified=B.iso(d["modified_t"]), cycles=1,
                            duration=B.lifetime_cap(900, d["created_t"], d["modified_t"]), language=org.lang,
                            title=d["title"], font=org.cfg["font"],
                            slides=[(d["title"], body_lines(d)[1:4]), (d["project"], body_lines(d)[4:7])])
                dd = dict(d, app="impress", stem=d["stem"] + "_apresentacao")
                src = B.write_source(org, dd, spec)
                t = d["modified_t"] + dt.timedelta(minutes=20)
                office.set_time(t)
                doc = office.load(src)
                name = f"{dd['stem']}.pdf"
                office.export(doc, os.path.join(org.leak_dir, name), "pdf")
                doc.close(True)
            finally:
                office.close()
            org.files[name] = dict(set="leak", doc=d, fmt="pdf", t=t, tz=org.tz,
                                   note=f"LibreOffice Impress PDF export at {t:%Y-%m-%d %H:%M} {org.tz}",
                                   hard=["one-off tool: the office's only Impress presentation"])


def finish(org):
    """labels.json and org.json."""
    entries = dict(org.labels)
    for name, f in org.files.items():
        if f["set"] != "leak":
            continue
        fname = name[5:] if name.startswith("leak/") else name
        if fname in entries:
            continue
        note = f["note"]
        if f.get("hard"):
            note += ". Hard genuine case -- " + "; ".join(dict.fromkeys(f["hard"]))
        entries[fname] = dict(path=f"leak/{fname}", label="genuine", kind="", note=note, parent="")
    on_disk = set(os.listdir(org.leak_dir))
    missing = sorted(on_disk - set(entries))
    extra = sorted(set(entries) - on_disk)
    if missing or extra:
        raise SystemExit(f"{org.key}: labels out of sync: unlabelled {missing}, absent {extra}")
    out = [entries[k] for k in sorted(entries)]
    with open(os.path.join(org.out, "labels.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    cfg = org.cfg
    people = [dict(name=p["name"], role=p["role"], joined=p["join"].strftime("%Y-%m-%d") if p.get("newcomer") else "")
              for p in org.staff.values()]
    meta = dict(name=cfg["name"], as_of=org.as_of.isoformat(), timezone=cfg["tz"], language=cfg["lang"],
                tools=cfg["tools"], description=cfg["description"], key=org.key, seed=org.seed,
                period=[org.start.date().isoformat(), (org.as_of - dt.timedelta(days=1)).isoformat()],
                baseline_period_end=org.bend.date().isoformat(), people=people,
                forger=org.forger_desc if hasattr(org, "forger_desc") else "")
    with open(os.path.join(org.out, "org.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, indent=1)
        f.write("\n")
    nf = sum(1 for e in out if e["label"] == "forged")
    print(f"{org.key}: baseline {len(os.listdir(org.base_dir))}, leak {len(out)} ({len(out) - nf} genuine, {nf} forged)")
