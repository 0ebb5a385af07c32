"""Build one organisation's corpus (called by ../make.sh).

usage: build.py --seed N --org KEY [--quick] ORG_OUT_DIR WORK_DIR

ORG_OUT_DIR gets baseline/, leak/, labels.json and org.json. WORK_DIR holds
the flat ODF sources, LibreOffice profiles, clocks, keys and the genuine files
that forgeries replaced in the leak.
"""

import argparse
import datetime as dt
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import unicodedata
import zoneinfo

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import odf  # noqa: E402
from lang import LANG, fmt_amount, fmt_date, person_name  # noqa: E402
from orgs import FORGERS, ORGS, TRAVEL  # noqa: E402

PY = "/usr/bin/python3"
CONVERT = "/usr/bin/convert-im6.q16" if os.path.exists("/usr/bin/convert-im6.q16") else "/usr/bin/convert"
FAKETIME_LIB = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"


def lifetime_cap(duration, created, modified):
    """Editing time as a program counts it: at most the document's lifetime
    (creation to last save) less half a minute, at least a minute."""
    life = int((modified - created).total_seconds())
    return max(60, min(int(duration), life - 30))


def run(cmd, env=None, **kw):
    e = dict(os.environ)
    if env:
        e.update(env)
    kw.setdefault("stdout", subprocess.DEVNULL)
    return subprocess.run(cmd, check=True, env=e, **kw)


def faketime(when, tz, running=False):
    """Prefix for a command run under a frozen clock (local wall time `when` in
    tz); running=True starts the clock there and lets it run (for programs that
    wait on time passing, such as mat2's worker processes)."""
    if not isinstance(when, str):
        when = when.strftime("%Y-%m-%d %H:%M:%S")
    # libfaketime preloaded directly rather than through the faketime(1)
    # wrapper, whose named semaphores (one per wrapper pid, left behind when a
    # child outlives it) collide once pids wrap around
    return ["env", f"TZ={tz}", f"LD_PRELOAD={FAKETIME_LIB}", "FAKETIME_NO_CACHE=1",
            f"FAKETIME={'@' if running else ''}{when}"]


def ascii_name(s):
    s = s.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("Ä", "Ae").replace("Ö", "Oe") \
         .replace("Ü", "Ue").replace("ß", "ss").replace("ł", "l").replace("Ł", "L")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    s = re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_")
    return s


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S")


# ---------------------------------------------------------------------------
# Workers: library producers under a fake clock
# ---------------------------------------------------------------------------

class Worker:
    def __init__(self, work, name, tz):
        self.clock = os.path.join(work, f"clock-w-{name}")
        self.tz = tz
        self.set_time(dt.datetime(2000, 1, 1))
        env = dict(os.environ, LD_PRELOAD=FAKETIME_LIB, FAKETIME_TIMESTAMP_FILE=self.clock, FAKETIME_NO_CACHE="1",
                   TZ=tz, PYTHONDONTWRITEBYTECODE="1")
        env.pop("FAKETIME", None)
        self.proc = subprocess.Popen([PY, os.path.join(HERE, "worker.py")], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env, text=True)

    def set_time(self, t):
        with open(self.clock + ".tmp", "w") as f:
            f.write(t.strftime("%Y-%m-%d %H:%M:%S") + "\n")
        os.replace(self.clock + ".tmp", self.clock)

    def do(self, when, op, **kw):
        self.set_time(when)
        self.proc.stdin.write(json.dumps(dict(op=op, **kw), ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        ans = self.proc.stdout.readline().strip()
        if ans != "ok":
            raise RuntimeError(f"worker {op}: {ans}")

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


# ---------------------------------------------------------------------------
# Photo devices (stand-ins: ImageMagick pictures, EXIF written by ExifTool)
# ---------------------------------------------------------------------------

IJG_LUMA = [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
            14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
            49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]
IJG_CHROMA = [17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
              47, 66, 99, 99, 99, 99, 99, 99] + [99] * 32

DEVICES = {
    "panasonic-ft5": dict(make="Panasonic", model="DMC-FT5", software=["Ver.1.0"], scale=0.22, bend=3,
                          sampling="2x1", order="Little-endian", thumb=(160, 120), gps=0.0, size=(640, 480),
                          name="P10{n:05d}.JPG", counter=(1000, 3)),
    "nikon-w300": dict(make="NIKON", model="COOLPIX W300", software=["COOLPIX W300V1.0", "COOLPIX W300V1.1"],
                       scale=0.18, bend=5, sampling="2x1", order="Big-endian", thumb=(160, 120), gps=0.95,
                       size=(640, 480), name="DSCN{n:04d}.JPG", counter=(210, 4)),
    "iphone": dict(make="Apple", model="iPhone 12", software=["15.1", "15.4.1", "16.1.2"], scale=0.12, bend=7,
                   sampling="2x2", order="Big-endian", thumb=(160, 120), gps=1.0, size=(640, 480),
                   name="IMG_{n:04d}.JPG", counter=(4100, 3), lens="iPhone 12 back dual wide camera 4.2mm f/1.6"),
    "samsung": dict(make="samsung", model="SM-A525F", software=["A525FXXU4AUK7", "A525FXXS4BVA2"], scale=0.10,
                    bend=2, sampling="2x2", order="Little-endian", thumb=(512, 384), gps=0.9, size=(640, 480),
                    name="{t:%Y%m%d_%H%M%S}.jpg", counter=None),
    # forgers' own devices
    "canon-sx620": dict(make="Canon", model="Canon PowerShot SX620 HS", software=["Firmware Version 1.0.0.0"],
                        scale=None, quality=92, sampling="2x1", order="Little-endian", thumb=(160, 120), gps=0.0,
                        size=(640, 480), name="IMG_{n:04d}.JPG", counter=(5000, 2)),
    "xiaomi": dict(make="Xiaomi", model="Redmi Note 8 Pro", software=["begonia-user 11 RP1A.200720.011 V12.5.6"],
                   scale=None, quality=95, sampling="2x2", order="Little-endian", thumb=(320, 240), gps=0.0,
                   size=(640, 480), name="IMG_{t:%Y%m%d_%H%M%S}.jpg", counter=None),
}


def qtable_xml(path, dev_key):
    """Fixed non-IJG quantization tables standing in for the device's own."""
    dev = DEVICES[dev_key]
    r = random.Random("qtable-" + dev_key)

    def table(base):
        out = []
        for i, v in enumerate(base):
            x, y = i % 8, i // 8
            q = v * dev["scale"] * (1 + 0.04 * dev["bend"] * math.sin(x * 0.9 + y * 0.4)) + r.choice((0, 0, 1))
            out.append(max(1, min(255, int(round(q)))))
        return out
    with open(path, "w") as f:
        f.write('<?xml version="1.0" encoding="ISO-8859-1"?>\n<quantization-tables>\n')
        for slot, (alias, base) in enumerate((("luma", IJG_LUMA), ("chroma", IJG_CHROMA))):
            vals = table(base)
            rows = ",\n".join(", ".join(str(v) for v in vals[i:i + 8]) for i in range(0, 64, 8))
            f.write(f'<table slot="{slot}" alias="{alias}"><description>{dev_key} {alias}</description>'
                    f'<levels width="8" height="8" divisor="1">\n{rows}\n</levels></table>\n')
        f.write("</quantization-tables>\n")


SCENES = {
    "nordhafen": "harbour", "bluegum": "forest", "casaviva": "room",
}


def scene_cmd(seed, scene, out, size=(640, 480)):
    r = random.Random(seed)
    w, h = size
    horizon = r.randrange(200, 330)
    draw = []
    if scene == "room":
        wall = r.choice(["#e9e4d8", "#f2efe9", "#dcd6c8", "#e8e0d0"])
        cmd = [CONVERT, "-size", f"{w}x{h}", f"xc:{wall}"]
        draw += ["-fill", r.choice(["#a0785a", "#b8a88a", "#8c6d52", "#c9c2b6"]), "-draw",
                 f"polygon 0,{horizon} {w},{horizon - 20} {w},{h} 0,{h}"]
        for _ in range(r.randrange(1, 3)):
            x = r.randrange(40, w - 200)
            draw += ["-fill", "#cfe3f2", "-stroke", "#ffffff", "-strokewidth", "6", "-draw",
                     f"rectangle {x},{r.randrange(40, 90)} {x + r.randrange(90, 160)},{horizon - r.randrange(40, 90)}"]
        draw += ["-stroke", "none", "-fill", r.choice(["#5b5b66", "#7a5c48", "#394a5c"]), "-draw",
                 f"rectangle {r.randrange(30, 300)},{horizon - 30} {r.randrange(330, 600)},{horizon + 60}"]
    else:
        sky = r.choice(["#5f9bd5-#d9e9f5", "#8fa9bf-#e5ecf1", "#9bb4c9-#e4e9ee", "#4d8fd1-#c8e1f5"])
        cmd = [CONVERT, "-size", f"{w}x{h}", f"gradient:{sky}"]
        if scene == "harbour":
            draw += ["-fill", "#51626f", "-draw", f"rectangle 0,{horizon} {w},{h}"]
            draw += ["-fill", "#8a8f94", "-draw", f"polygon 0,{horizon - 30} {w // 2},{horizon - 40} {w // 2},{h} 0,{h}"]
            for _ in range(r.randrange(2, 5)):
                x = r.randrange(20, w - 40)
                draw += ["-fill", r.choice(["#c23b22", "#e0a526", "#3a5f8a"]), "-draw",
                         f"rectangle {x},{horizon - 90} {x + 30},{horizon - 40}"]
        else:
            draw += ["-fill", "#5d7a3e", "-draw", f"polygon 0,{horizon} {w},{horizon - 40} {w},{h} 0,{h}"]
            for _ in range(r.randrange(6, 14)):
                x, y = r.randrange(0, w), r.randrange(horizon - 120, horizon)
                draw += ["-fill", r.choice(["#2f5226", "#41703a", "#6a7f4f"]), "-draw",
                         f"circle {x},{y} {x + r.randrange(15, 45)},{y}"]
                draw += ["-fill", "#d8d0c0", "-draw", f"rectangle {x - 2},{y} {x + 3},{y + 60}"]
    cmd += draw + ["-seed", str(seed % 100000), "-attenuate", "0.1", "+noise", "Gaussian", "-blur", "0x0.6"]
    return cmd + [out]


def utc_offset(t, tz):
    off = t.replace(tzinfo=zoneinfo.ZoneInfo(tz)).utcoffset()
    mins = int(off.total_seconds() // 60)
    sign = "+" if mins >= 0 else "-"
    mins = abs(mins)
    return f"{sign}{mins // 60:02d}:{mins % 60:02d}", off


def encode_jpeg(work, dev_key, src_png, out):
    dev = DEVICES[dev_key]
    if dev.get("scale") is None:
        run([CONVERT, src_png, "-strip", "-quality", str(dev["quality"]), "-sampling-factor", dev["sampling"], out])
    else:
        qt = os.path.join(work, f"qt-{dev_key}.xml")
        if not os.path.exists(qt):
            qtable_xml(qt, dev_key)
        run([CONVERT, src_png, "-strip", "-define", f"jpeg:q-table={qt}", "-quality", "50",
             "-sampling-factor", dev["sampling"], out])


def exif_args(dev_key, t, tz, software, gps=None, seed=0, offset_tags=True):
    dev = DEVICES[dev_key]
    ts = t.strftime("%Y:%m:%d %H:%M:%S")
    off, delta = utc_offset(t, tz)
    g = random.Random(seed)
    w, h = dev["size"]
    args = ["-JFIF:all=", f"-ExifByteOrder={dev['order']}", f"-IFD0:Make={dev['make']}", f"-IFD0:Model={dev['model']}",
            f"-IFD0:Software={software}", "-IFD0:Orientation#=1", "-IFD0:XResolution=72", "-IFD0:YResolution=72",
            "-IFD0:ResolutionUnit=inches", "-IFD0:YCbCrPositioning=Centered", f"-IFD0:ModifyDate={ts}",
            "-ExifIFD:ExifVersion=0232", f"-ExifIFD:DateTimeOriginal={ts}", f"-ExifIFD:CreateDate={ts}",
            f"-ExifIFD:SubSecTimeOriginal={g.randrange(10, 99)}",
            f"-ExifIFD:ExposureTime=1/{g.choice([60, 125, 250, 320, 500, 1000])}",
            f"-ExifIFD:FNumber={g.choice([1.6, 2.0, 2.8, 3.5, 4.0, 5.6])}", "-ExifIFD:ExposureProgram=Program AE",
            f"-ExifIFD:ISO={g.choice([64, 100, 125, 200, 400])}", "-ExifIFD:MeteringMode=Multi-segment",
            "-ExifIFD:Flash=Off, Did not fire", f"-ExifIFD:FocalLength={g.choice([4.2, 4.3, 5.1, 6.0, 8.9])}",
            "-ExifIFD:ColorSpace=sRGB", f"-ExifIFD:ExifImageWidth={w}", f"-ExifIFD:ExifImageHeight={h}",
            "-ExifIFD:ExposureMode=Auto", "-ExifIFD:WhiteBalance=Auto", "-ExifIFD:SceneCaptureType=Standard",
            "-ExifIFD:ComponentsConfiguration#=1 2 3 0", "-ExifIFD:FlashpixVersion=0100"]
    if offset_tags:
        args += [f"-ExifIFD:OffsetTime={off}", f"-ExifIFD:OffsetTimeOriginal={off}",
                 f"-ExifIFD:OffsetTimeDigitized={off}"]
    if dev.get("lens"):
        args += ["-ExifIFD:LensMake=Apple", f"-ExifIFD:LensModel={dev['lens']}"]
    if gps:
        lat, lon = gps
        utc = t - delta
        args += ["-GPS:GPSVersionID=2.3.0.0", f"-GPS:GPSLatitude={abs(lat):.6f}",
                 f"-GPS:GPSLatitudeRef={'N' if lat >= 0 else 'S'}", f"-GPS:GPSLongitude={abs(lon):.6f}",
                 f"-GPS:GPSLongitudeRef={'E' if lon >= 0 else 'W'}", "-GPS:GPSMapDatum=WGS-84",
                 f"-GPS:GPSAltitude={g.randrange(2, 900)}", "-GPS:GPSAltitudeRef=Above Sea Level",
                 f"-GPS:GPSTimeStamp={utc:%H:%M:%S}", f"-GPS:GPSDateStamp={utc:%Y:%m:%d}"]
    return args


def thumb_args(work, dev_key, path):
    dev = DEVICES[dev_key]
    thumb = path + ".thumb.jpg"
    tw, th = dev["thumb"]
    if dev.get("scale") is None:
        run([CONVERT, path, "-thumbnail", f"{tw}x{th}", "-strip", "-quality", "85", thumb])
    else:
        run([CONVERT, path, "-thumbnail", f"{tw}x{th}", "-strip", "-define",
             f"jpeg:q-table={os.path.join(work, f'qt-{dev_key}.xml')}", "-quality", "50",
             "-sampling-factor", dev["sampling"], thumb])
    return thumb, [f"-ThumbnailImage<={thumb}", "-IFD1:Compression=JPEG (old-style)", "-IFD1:XResolution=72",
                   "-IFD1:YResolution=72", "-IFD1:ResolutionUnit=inches"]


def make_photo(work, dev_key, scene, seed, t, tz, software, gps, out, offset_tags=True):
    raw = out + ".png"
    run(scene_cmd(seed, scene, raw, DEVICES[dev_key]["size"]))
    encode_jpeg(work, dev_key, raw, out)
    os.remove(raw)
    thumb, targs = thumb_args(work, dev_key, out)
    # ExifTool runs on the device's clock (it writes no time of its own here)
    run(faketime(t, tz) + ["exiftool", "-q", "-overwrite_original"]
        + exif_args(dev_key, t, tz, software, gps, seed, offset_tags) + targs + [out])
    os.remove(thumb)


# ---------------------------------------------------------------------------
# The organisation
# ---------------------------------------------------------------------------

class Org:
    def __init__(self, key, seed, quick, out, work):
        self.key, self.seed, self.quick = key, seed, quick
        self.cfg = ORGS[key]
        self.L = LANG[self.cfg["lang"]]
        self.lang = self.cfg["lang"]
        self.tz = self.cfg["tz"]
        self.out, self.work = out, work
        self.base_dir = os.path.join(out, "baseline")
        self.leak_dir = os.path.join(out, "leak")
        self.hidden = os.path.join(work, "parents")
        self.srcdir = os.path.join(work, "src")
        for d in (self.base_dir, self.leak_dir, self.hidden, self.srcdir):
            os.makedirs(d, exist_ok=True)
        self.labels = {}
        self.files = {}      # file name -> dict(set, doc, fmt, t, kind...)
        self.workers = {}
        r = self.rng("timeline")
        self.start = dt.datetime.fromisoformat(self.cfg["start"]) + dt.timedelta(days=r.randrange(0, 150))
        days = self.cfg["days"] + r.randrange(-40, 40)
        self.as_of = (self.start + dt.timedelta(days=days)).date()
        self.bend = self.start + dt.timedelta(days=int(days * 0.66))   # end of the baseline period
        self.people()

    def rng(self, purpose):
        return random.Random(f"{self.seed}:{self.key}:{purpose}")

    # --- people ------------------------------------------------------------
    def people(self):
        r = self.rng("people")
        firsts = list(self.L["first"])
        lasts = list(self.L["last"])
        r.shuffle(firsts)
        r.shuffle(lasts)
        self.staff = {}
        for i, role in enumerate(self.cfg["roles"]):
            p = dict(role)
            p["name"] = person_name(self.lang, firsts[i], lasts[i])
            p["first"], p["last"] = firsts[i], lasts[i]
            p["join"] = self.start - dt.timedelta(days=400)
            if p.get("newcomer"):
                p["join"] = self.bend + dt.timedelta(days=r.randrange(7, 40))
            self.staff[p["key"]] = p
        # a few extra names for clients / contacts / forgers' signatures
        self.extra_names = [person_name(self.lang, f, l) for f, l in zip(firsts[len(self.staff):], lasts[len(self.staff):])]

    def active(self, t):
        return [p for p in self.staff.values() if p["join"] <= t]

    def work_time(self, p, day, r, off_hours=False):
        """A save time for person p on (or after) day, in their habits."""
        while True:
            wd = day.weekday()
            if wd < 5 or r.random() < p["weekend"] or off_hours:
                break
            day += dt.timedelta(days=1)
        a, b = p["hours"]
        if off_hours:
            h = r.choice([22.2, 23.1, 0.5, 1.3, 5.8, 21.7])
        else:
            h = r.uniform(a, b)
        t = dt.datetime.combine(day, dt.time(0)) + dt.timedelta(hours=h)
        return t.replace(second=r.randrange(60), microsecond=0)

    # --- content ------------------------------------------------------------
    def title(self, dtype):
        return self.L["titles"][dtype]

    def sentence(self, r, t, person):
        s = r.choice(self.L["sentences"])
        return s.format(client=r.choice(self.L["clients"]), project=r.choice(self.L["projects"]),
                        amount=fmt_amount(self.lang, r.randrange(800, 90000) + r.choice((0, 0.5, 0.25))),
                        date=fmt_date(self.lang, (t + dt.timedelta(days=r.randrange(3, 40))).date()),
                        person=person, n=r.randrange(2, 14), place=self.cfg["place"])

    def content(self, d, r):
        """Fill d (a document spec) with body/sheets/slides, a title and the figure forgers change."""
        W = self.L["words"]
        t = d["created_t"]
        client = r.choice(self.L["clients"])
        project = r.choice(self.L["projects"])
        d["client"], d["project"] = client, project
        title = f"{self.title(d['type'])} — {project}"
        d["title"] = title
        items = []
        total = 0.0
        for i in range(r.randrange(3, 8)):
            qty = r.randrange(1, 40)
            price = r.randrange(20, 2500) if self.L["currency"] != "JPY" else r.randrange(500, 90000)
            items.append((f"{W['item']} {i + 1}: {r.choice(self.L['projects'])}", qty, price))
            total += qty * price
        d["total"] = total
        d["figure"] = fmt_amount(self.lang, total)
        if d["app"] == "writer":
            body = [("title", self.title(d["type"])),
                    ("p", f"{W['sender']}: {self.staff[d['author']]['name']}"),
                    ("p", f"{W['to']}: {client}"),
                    ("p", f"{W['date']}: {fmt_date(self.lang, t.date())}"),
                    ("p", f"{W['subject']}: {project}")]
            n = r.randrange(3, 8) + (22 if d.get("pages", 1) > 1 else 0)
            for i in range(n):
                body.append(("p", self.sentence(r, t, self.staff[d["author"]]["name"])))
                if d.get("pages", 1) > 1 and i == n // 2:
                    body.append(("pb", ""))
            if d["type"] in ("invoice", "offer", "budget", "statement", "order", "contract", "report", "timesheet"):
                rows = [[W["item"], W["qty"], W["price"], W["amount"]]]
                for name, qty, price in items:
                    rows.append([name, str(qty), fmt_amount(self.lang, price, False), fmt_amount(self.lang, qty * price, False)])
                body.append(("table", rows))
            body.append(("p", f"{W['total']}: {d['figure']}"))
            body.append(("p", self.staff[d["author"]]["name"]))
            d["body"] = body
        elif d["app"] == "calc":
            rows = [[title, None, None, None], [W["client"], client, W["date"], ("date", t.date().isoformat())], [],
                    [W["item"], W["qty"], W["price"], W["amount"]]]
            for i, (name, qty, price) in enumerate(items):
                rn = 5 + i
                rows.append([name, qty, ("€", price), ("=", f"[.B{rn}]*[.C{rn}]", qty * price)])
            last = 4 + len(items)
            rows.append([W["total"], None, None, ("=", f"SUM([.D5:.D{last}])", total)])
            d["sheets"] = [(self.title(d["type"])[:28], rows, [7.0, 2.2, 3.0, 3.4])]
        else:
            slides = [(title, [client, fmt_date(self.lang, t.date()), self.staff[d["author"]]["name"]])]
            for _ in range(r.randrange(3, 6)):
                slides.append((r.choice(self.L["projects"]), [self.sentence(r, t, self.staff[d["author"]]["name"])
                                                               for _ in range(r.randrange(2, 4))]))
            slides.append((W["total"], [d["figure"]]))
            d["slides"] = slides

    def stem(self, d):
        t = d["created_t"]
        ttl = self.title(d["type"])
        p = d["project"]
        scheme = self.cfg["naming"]
        if scheme == "iso-date":
            s = f"{t:%Y-%m-%d}_{ascii_name(ttl)}_{ascii_name(p)}"
        elif scheme == "words-spaces":
            s = f"{ttl} - {p.replace('/', '-')} {t.month}-{t.day}-{t:%y}"
        elif scheme == "japanese":
            s = f"{ttl}_{t:%Y%m%d}_{self.staff[d['author']]['last']}"
        else:
            s = f"{ascii_name(ttl)}_{ascii_name(p)}_{t:%Y%m%d}"
        return s

    def unique(self, stem, used):
        s, i = stem, 2
        while s in used:
            s = f"{stem}_{i}" if self.cfg["naming"] != "words-spaces" else f"{stem} ({i})"
            i += 1
        used.add(s)
        return s

    # --- workers ----------------------------------------------------------
    def worker(self, tz, name=None):
        name = name or tz.replace("/", "_")
        if name not in self.workers:
            self.workers[name] = Worker(self.work, name, tz)
        return self.workers[name]

    def close_workers(self):
        for w in self.workers.values():
            w.close()
        self.workers = {}

    def dest(self, setname):
        return {"baseline": self.base_dir, "leak": self.leak_dir, "hidden": self.hidden}[setname]


# ---------------------------------------------------------------------------
# The catalogue of genuine documents
# ---------------------------------------------------------------------------

def catalogue(org):
    cfg = org.cfg
    r = org.rng("catalogue")
    nb, nl = (40, 60) if org.quick else cfg["size"]
    frac = org.rng("forgeries").uniform(0.12, 0.18)
    n_forged = max(8, round(nl * frac))
    org.n_forged_target = n_forged
    # sizes are in files: a document gives its native file(s) and often a PDF,
    # a photo slot one to three pictures
    per_doc = 0.0
    tw = sum(t["weight"] for t in cfg["types"].values())
    for t in cfg["types"].values():
        f = t.get("formats") or ["x"]
        n = sum(0.5 if x.startswith("pdf?") else 1 for x in f)
        per_doc += t["weight"] / tw * n
    pc = cfg.get("photos")
    if pc:
        per_doc = (1 - pc["share"]) * per_doc + pc["share"] * 1.75
    nb = max(10, round(nb / per_doc))
    n_leak_gen = max(10, round((nl - n_forged - 4) / per_doc))
    # how many genuine documents fall before the end of the baseline period
    pre_leak = int(n_leak_gen * 0.3)
    n_pre, n_post = nb + pre_leak, n_leak_gen - pre_leak
    photos_cfg = cfg.get("photos")
    types = list(cfg["types"].items())
    weights = [t[1]["weight"] for t in types]
    docs = []
    used = set()
    span_pre = (org.bend - org.start).days
    span_post = (dt.datetime.combine(org.as_of, dt.time()) - org.bend).days - 2

    def one(day, period):
        if photos_cfg and r.random() < photos_cfg["share"]:
            return dict(photo=True, day=day, period=period)
        dtype, tcfg = r.choices(types, weights)[0]
        t0 = dt.datetime.combine(day, dt.time())
        writers = [p for p in org.active(t0) if dtype in p["writes"]] or org.active(t0)
        # newcomers write much once they are there
        wts = [2 if p.get("newcomer") else 1 for p in writers]
        author = r.choices(writers, wts)[0]
        d = dict(type=dtype, app=tcfg["app"], tool=tcfg["tool"], formats=list(tcfg.get("formats", [])),
                 author=author["key"], period=period, tcfg=tcfg, pages=tcfg.get("pages", 1))
        if tcfg.get("switch_to") and t0 >= org.start + dt.timedelta(days=int(cfg["days"] * tcfg["switch_at"])):
            d["tool"] = tcfg["switch_to"]
        lf = cfg.get("legacy_formats")
        if lf and t0 < org.start + dt.timedelta(days=int(cfg["days"] * lf["until"])):
            d["formats"] = [lf["map"].get(f, f) for f in d["formats"]]
        created = org.work_time(author, day, r)
        d["created_t"] = created
        # editing: the same session, a few days, or weeks; sometimes someone else
        span = r.choice([0, 0, 0, 1, 1, 2, 5, 14, 30])
        if span == 0:
            modified = created + dt.timedelta(minutes=r.randrange(6, 140), seconds=r.randrange(60))
            editor = author
        else:
            rev_keys = [k for k in cfg["reviewers"] if org.staff[k]["join"] <= created] or [author["key"]]
            editor = org.staff[r.choice(rev_keys)] if r.random() < 0.45 else author
            modified = org.work_time(editor, (created + dt.timedelta(days=span)).date(), r)
        if modified <= created:
            modified = created + dt.timedelta(minutes=r.randrange(5, 50))
        d["modified_t"] = modified
        d["editor"] = editor["key"]
        d["cycles"] = 1 if span == 0 else r.randrange(2, 9)
        d["duration"] = r.randrange(300, 3600) * d["cycles"] // 2 + r.randrange(60, 600)
        org.content(d, r)
        d["stem"] = org.unique(org.stem(d), used)
        return d

    for i in range(n_pre):
        day = (org.start + dt.timedelta(days=r.randrange(0, span_pre))).date()
        docs.append(one(day, "pre"))
    for i in range(n_post):
        day = (org.bend + dt.timedelta(days=r.randrange(1, span_post))).date()
        docs.append(one(day, "post"))
    # fix the modified dates that would go past the leak date
    limit = dt.datetime.combine(org.as_of, dt.time()) - dt.timedelta(hours=6)
    for d in docs:
        if not d.get("photo") and d["modified_t"] >= limit:
            d["modified_t"] = d["created_t"] + dt.timedelta(minutes=37)
            d["editor"] = d["author"]
            d["cycles"] = 1
    # who goes where: post-baseline-period documents to the leak; before it,
    # nb to the baseline and the rest to the leak
    pre = [d for d in docs if d["period"] == "pre"]
    r.shuffle(pre)
    for i, d in enumerate(pre):
        d["set"] = "baseline" if i < nb else "leak"
    for d in docs:
        if d["period"] == "post":
            d["set"] = "leak"
    balance_baseline(org, docs, r, used)
    return docs


def balance_baseline(org, docs, r, used):
    """Every long-standing staff member is in the archive (the baseline) at
    least twice, as author or last editor: an organisation's archive of a
    year or more holds everyone's work. Only the newcomers are absent."""
    from collections import Counter
    base = [d for d in docs if d["set"] == "baseline" and not d.get("photo")]
    if not base:
        return
    for p in org.staff.values():
        if p.get("newcomer"):
            continue

        def n_of():
            return sum(1 for d in base if p["key"] in (d["author"], d["editor"]))
        need = 2 - n_of()
        cands = [d for d in docs if d["set"] == "leak" and d["period"] == "pre" and not d.get("photo")
                 and p["key"] in (d["author"], d["editor"])]
        while need > 0 and cands:
            d = cands.pop(0)
            counts = Counter(x["author"] for x in base if p["key"] not in (x["author"], x["editor"]))
            if not counts:
                break
            top = max(sorted(counts), key=counts.get)
            victim = next(x for x in base if x["author"] == top and p["key"] not in (x["author"], x["editor"]))
            victim["set"], d["set"] = "leak", "baseline"
            base.remove(victim)
            base.append(d)
            need -= 1
        for x in base:
            if need <= 0:
                break
            counts = Counter(y["author"] for y in base)
            if x["type"] in p["writes"] and counts[x["author"]] > 3 and x["author"] != p["key"]:
                if x["editor"] == x["author"]:
                    x["editor"] = p["key"]
                x["author"] = p["key"]
                org.content(x, r)
                used.discard(x["stem"])
                x["stem"] = org.unique(org.stem(x), used)
                need -= 1


# ---------------------------------------------------------------------------
# Genuine production
# ---------------------------------------------------------------------------

def meta_spec(org, d):
    """The flat-ODF spec with properties as LibreOffice would have kept them."""
    a, e = org.staff[d["author"]], org.staff[d["editor"]]
    spec = dict(app=d["app"], author_name=a["name"], editor_name=e["name"], created=iso(d["created_t"]),
                modified=iso(d["modified_t"]), cycles=d["cycles"],
                duration=lifetime_cap(d["duration"], d["created_t"], d["modified_t"]), language=org.lang,
                title=d["title"], font=org.cfg["font"], heading_font=org.cfg["heading_font"])
    tname = d["tcfg"].get("template")
    if tname and org.cfg.get("template_dir"):
        ext = {"writer": "ott", "calc": "ots", "impress": "otp"}[d["app"]]
        spec["template"] = dict(title=tname, href=f"{org.cfg['template_dir']}{ascii_name(tname)}.{ext}",
                                date=iso(org.start - dt.timedelta(days=200, hours=3)))
        if org.cfg.get("company_in_templates"):
            spec["company"] = org.cfg["company_in_templates"]
    for k in ("body", "sheets", "slides"):
        if k in d:
            spec[k] = d[k]
    return spec


def write_source(org, d, spec, suffix=""):
    ext = {"writer": "fodt", "calc": "fods", "impress": "fodp"}[d["app"]]
    src = os.path.join(org.srcdir, f"{ascii_name(d['stem'])}{suffix}.{ext}")
    xml = {"writer": odf.fodt, "calc": odf.fods, "impress": odf.fodp}[d["app"]](spec)
    with open(src, "w", encoding="utf-8") as f:
        f.write(xml)
    return src


def register(org, name, setname, d, fmt, t, note, tz=None):
    org.files[name] = dict(set=setname, doc=d, fmt=fmt, t=t, note=note, tz=tz or org.tz)


def lo_outputs(org, d, r):
    """[(fmt, time, post)] for one LibreOffice document."""
    outs = []
    native = [f for f in d["formats"] if not f.startswith("pdf")]
    for f in native:
        outs.append((f, d["modified_t"], None))
    for f in d["formats"]:
        if f.startswith("pdf"):
            if f.startswith("pdf?") and r.random() < 0.5:
                continue
            post = f.split("+")[1] if "+" in f else None
            t = d["modified_t"] + dt.timedelta(minutes=r.randrange(1, 9), seconds=r.randrange(5, 55))
            outs.append(("pdf", t, post))
    if not native and not outs:
        outs.append(("pdf", d["modified_t"], None))
    return outs


def produce_lo(org, office, d, r, setname=None, src=None, tz_note=None):
    setname = setname or d["set"]
    spec = meta_spec(org, d)
    src = src or write_source(org, d, spec)
    doc = None
    made = []
    try:
        for fmt, t, post in lo_outputs(org, d, r):
            office.set_time(t)
            if doc is None:
                doc = office.load(src)
            name = f"{d['stem']}.{fmt}"
            out = os.path.join(org.dest(setname), name)
            office.export(doc, out, fmt)
            app = {"writer": "Writer", "calc": "Calc", "impress": "Impress"}[d["app"]]
            a, e = org.staff[d["author"]]["name"], org.staff[d["editor"]]["name"]
            who = a if a == e else f"{a}, last edited by {e}"
            tz = tz_note or org.tz
            if fmt == "pdf":
                note = f"LibreOffice 7.4 {app} PDF export at {t:%Y-%m-%d %H:%M} {tz} of a document by {who}"
                if post:
                    post_process(org, out, post, t, r, d)
                    note += {"qpdf": "; linearized with qpdf for the client portal",
                             "sign": "; signed by the partner with Poppler's pdfsig (incremental update)",
                             "cairo": "; re-rendered through pdftocairo -pdf (cairo) by the office's 'flatten' step"}[post]
            else:
                note = f"LibreOffice 7.4 {app} → .{fmt}, by {who}, saved {t:%Y-%m-%d %H:%M} {tz}"
            if d["tcfg"].get("template") and org.cfg.get("template_dir"):
                note += f" (from the template '{d['tcfg']['template']}')"
            register(org, name, setname, d, fmt, t, note, tz)
            made.append(name)
    finally:
        if doc is not None:
            doc.close(True)
    return made


def post_process(org, path, post, t, r, d):
    tmp = path + ".tmp.pdf"
    if post == "qpdf":
        t2 = t + dt.timedelta(minutes=r.randrange(2, 30))
        run(faketime(t2, org.tz) + ["qpdf", "--linearize", path, tmp])
        os.replace(tmp, path)
    elif post == "cairo":
        t2 = t + dt.timedelta(minutes=r.randrange(1, 10))
        run(faketime(t2, org.tz) + ["pdftocairo", "-pdf", path, tmp])
        os.replace(tmp, path)
    elif post == "sign":
        signer = next(p for p in org.staff.values() if p.get("signer"))
        day = (t + dt.timedelta(days=r.randrange(0, 4))).date()
        t2 = org.work_time(signer, day, r)
        if t2 <= t:
            t2 = t + dt.timedelta(hours=1, minutes=r.randrange(50))
        limit = dt.datetime.combine(org.as_of, dt.time()) - dt.timedelta(hours=3)
        if t2 >= limit:
            t2 = t + dt.timedelta(minutes=40)
        nss = setup_signer(org)
        run(faketime(t2, org.tz) + ["pdfsig", "-add-signature", "-nssdir", f"sql:{nss}", "-nick", "signer",
                                     "-reason", "Aprovado", "-new-signature-field-name", "Assinatura1", path, tmp])
        os.replace(tmp, path)
        d["signed_at"] = t2


def setup_signer(org):
    nss = os.path.join(org.work, "nss")
    if os.path.exists(os.path.join(nss, "cert9.db")):
        return nss
    os.makedirs(nss, exist_ok=True)
    signer = next(p for p in org.staff.values() if p.get("signer"))
    key, crt, p12 = (os.path.join(org.work, n) for n in ("signer.key", "signer.crt", "signer.p12"))
    # The demo's seeded key maker serves both corpora.
    run([PY, os.path.join(HERE, "..", "..", "demo", "src", "rsakey.py"), f"{org.key}-{org.seed}-signer", key])
    start = org.start - dt.timedelta(days=30)
    run(faketime(start.replace(hour=10), org.tz) + [
        "openssl", "req", "-x509", "-key", key, "-sha256", "-days", "1826", "-set_serial", str(1000 + org.seed),
        "-subj", f"/CN={ascii_name(signer['name']).replace('_', ' ')}/O={ascii_name(org.cfg['name']).replace('_', ' ')}"
                 f"/L={ascii_name(org.cfg['place']).replace('_', ' ')}/C={org.cfg['locale'][-2:]}", "-utf8", "-out", crt])
    run(["openssl", "pkcs12", "-export", "-inkey", key, "-in", crt, "-name", "signer", "-passout", "pass:x",
         "-out", p12])
    run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"])
    run(["pk12util", "-i", p12, "-d", f"sql:{nss}", "-W", "x"])
    run(["certutil", "-M", "-d", f"sql:{nss}", "-n", "signer", "-t", "CT,C,C"])
    return nss


def html_of(org, d, extra_style=""):
    from html import escape
    parts = [f"<!DOCTYPE html><html lang=\"{org.lang}\"><head><meta charset=\"utf-8\"><title>{escape(d['title'])}</title>"
             f"<style>body{{font-family:'{org.cfg['font']}',sans-serif;font-size:11pt;margin:2cm}}"
             f"table{{border-collapse:collapse}}td,th{{border:1px solid #444;padding:3px 8px}}{extra_style}</style>"
             f"</head><body>"]
    for kind, val in d["body"]:
        if kind == "title":
            parts.append(f"<h1>{escape(val)}</h1>")
        elif kind == "table":
            rows = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in val)
            parts.append(f"<table>{rows}</table>")
        elif kind == "pb":
            parts.append('<div style="page-break-after:always"></div>')
        elif kind == "list":
            parts.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in val) + "</ul>")
        else:
            parts.append(f"<p>{escape(val)}</p>")
    parts.append("</body></html>")
    return "".join(parts)


def html_to_pdf(org, tool, html, out, t, tz):
    src = out + ".html"
    with open(src, "w", encoding="utf-8") as f:
        f.write(html)
    if tool == "chromium":
        run(faketime(t, tz, running=True) + ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                               f"--user-data-dir={os.path.join(org.work, 'chromium-' + tz.replace('/', '_'))}",
                               "--no-pdf-header-footer", f"--print-to-pdf={out}", "file://" + src],
            stderr=subprocess.DEVNULL)
    else:
        run(faketime(t, tz, running=True) + ["wkhtmltopdf", "-q", "--title", d_title(html), src, out], stderr=subprocess.DEVNULL)
    os.remove(src)


def d_title(html):
    m = re.search(r"<title>(.*?)</title>", html)
    return m.group(1) if m else ""


def cairo_ps(org, d, ps_path):
    """The payroll system's printout: a PostScript file written with cairo."""
    import cairo
    surf = cairo.PSSurface(ps_path, 595, 842)
    surf.dsc_comment(f"%%Title: {d['title']}")
    ctx = cairo.Context(surf)
    ctx.select_font_face("Liberation Mono")
    y = 60
    for kind, val in d["body"]:
        if kind == "table":
            for row in val:
                ctx.set_font_size(8)
                ctx.move_to(40, y)
                ctx.show_text("  ".join(f"{str(c):<18}" for c in row))
                y += 12
        elif kind == "pb":
            continue
        else:
            ctx.set_font_size(14 if kind == "title" else 9)
            text = str(val)
            while text:
                ctx.move_to(40, y)
                ctx.show_text(text[:100])
                text = text[100:]
                y += 16 if kind == "title" else 12
        if y > 800:
            ctx.show_page()
            y = 60
    ctx.show_page()
    surf.finish()


def lib_props(org, d, tool):
    a, e = org.staff[d["author"]], org.staff[d["editor"]]
    if tool == "pydocx":
        return dict(author=a["name"], last_modified_by="reportbot", title=d["title"], created="now",
                    modified="now", revision=1, language=org.lang, comments="週報システム v2.3 により自動生成")
    if tool == "openpyxl":
        return dict(creator="sakura-export", lastModifiedBy=a["name"], title=d["title"])
    if tool == "xlsxwriter":
        return dict(title=d["title"], author=a["name"], company="さくら物流株式会社", created="now",
                    comments="出荷システムから出力")
    raise KeyError(tool)


def produce_lib(org, d, r, setname=None, tz=None, name_suffix=""):
    setname = setname or d["set"]
    tz = tz or org.tz
    t = d["modified_t"]
    tool = d["tool"]
    ext = {"pydocx": "docx", "openpyxl": "xlsx", "xlsxwriter": "xlsx", "excelize": "xlsx", "reportlab": "pdf",
           "chromium": "pdf", "wkhtmltopdf": "pdf", "cairo-ps2pdf": "pdf"}[tool]
    name = f"{d['stem']}{name_suffix}.{ext}"
    out = os.path.join(org.dest(setname), name)
    a = org.staff[d["author"]]["name"]
    if tool == "pydocx":
        body = d["body"] if "body" in d else [("title", d["title"])]
        org.worker(tz).do(t, "pydocx_new", out=out, body=body, props=lib_props(org, d, tool),
                          font="Noto Sans CJK JP" if org.lang == "ja-JP" else None,
                          east_asian="Noto Sans CJK JP" if org.lang == "ja-JP" else None)
        note = f"python-docx report bot, for {a}, run {t:%Y-%m-%d %H:%M} {tz}"
    elif tool in ("openpyxl", "xlsxwriter"):
        org.worker(tz).do(t, f"{tool}_new", out=out, sheets=sheets_of(org, d), props=lib_props(org, d, tool))
        note = f"{tool} export script ('Microsoft Excel' in app.xml is the library's default), for {a}, run {t:%Y-%m-%d %H:%M} {tz}"
    elif tool == "excelize":
        spec = dict(sheets=[dict(name=n, rows=rows, widths=w) for n, rows, w in sheets_of(org, d)],
                    doc=dict(Creator="manifest-svc", LastModifiedBy=a, Title=d["title"], Language=org.lang,
                             Created=d["created_t"].strftime("%Y-%m-%dT%H:%M:%S") + utc_offset(d["created_t"], tz)[0],
                             Modified=t.strftime("%Y-%m-%dT%H:%M:%S") + utc_offset(t, tz)[0]))
        sp = os.path.join(org.work, "excelize-spec.json")
        with open(sp, "w", encoding="utf-8") as f:
            json.dump(spec, f, ensure_ascii=False)
        run([os.environ["ORGS_GEN"], sp, out])  # excelize writes no time of its own (1980 ZIP times)
        note = f"excelize (Go manifest service), for {a}, run {t:%Y-%m-%d %H:%M} {tz}"
    elif tool == "reportlab":
        props = dict(author=a, title=d["title"], creator="sakura-invoice 2.3", subject=d["project"])
        org.worker(tz).do(t, "reportlab_new", out=out, body=d["body"], props=props, cjk=org.lang == "ja-JP")
        note = f"ReportLab invoice script, for {a}, run {t:%Y-%m-%d %H:%M} {tz}"
    elif tool in ("chromium", "wkhtmltopdf"):
        html_to_pdf(org, tool, html_of(org, d), out, t, tz)
        note = f"{tool} print of the client portal's statement page, for {a}, at {t:%Y-%m-%d %H:%M} {tz}"
    elif tool == "cairo-ps2pdf":
        ps = out + ".ps"
        run_cairo_ps(org, d, ps, t, tz)
        run(faketime(t + dt.timedelta(seconds=r.randrange(3, 40)), tz) + ["ps2pdf", ps, out])
        os.remove(ps)
        note = f"payroll printout: cairo PostScript → Ghostscript ps2pdf (the office's PDF printer), for {a}, at {t:%Y-%m-%d %H:%M} {tz}"
    register(org, name, setname, d, ext, t, note, tz)
    return [name]


def run_cairo_ps(org, d, ps, t, tz):
    spec = os.path.join(org.work, "cairo-spec.json")
    with open(spec, "w", encoding="utf-8") as f:
        json.dump(dict(title=d["title"], body=d["body"]), f, ensure_ascii=False)
    run(faketime(t, tz) + [PY, os.path.join(HERE, "build.py"), "--cairo-ps", spec, ps])


def sheets_of(org, d):
    if "sheets" in d:
        return d["sheets"]
    W = org.L["words"]
    return [(org.title(d["type"])[:28], [[d["title"]], [W["total"], d["total"]]], [8.0, 3.0])]


def produce_photo(org, p, r):
    cfg = org.cfg["photos"]
    t = p["t"]
    dev = p["device"]
    out = os.path.join(org.dest(p["set"]), p["file"])
    make_photo(org.work, dev, SCENES[org.key], p["seed"], t, org.tz, p["software"], p.get("gps"), out)
    note = (f"{DEVICES[dev]['make']} {DEVICES[dev]['model']} photo by {org.staff[p['who']]['name']}, taken "
            f"{t:%Y-%m-%d %H:%M} {org.tz} (ImageMagick image, device EXIF by ExifTool; stand-in for the device)")
    if p.get("scrub"):
        tmpd = os.path.join(org.work, "mat2")
        os.makedirs(tmpd, exist_ok=True)
        stem, ext = os.path.splitext(p["file"])
        tmp = os.path.join(tmpd, p["file"])
        shutil.move(out, tmp)
        t2 = t + dt.timedelta(days=r.randrange(1, 5), hours=r.randrange(1, 5))
        run(faketime(t2, org.tz, running=True) + ["mat2", tmp])
        shutil.move(os.path.join(tmpd, f"{stem}.cleaned{ext}"), out)
        os.remove(tmp)
        note += f"; then passed through mat2 by the agency's privacy step for the website ({t2:%Y-%m-%d}): no EXIF left"
    register(org, p["file"], p["set"], p, "jpg", t, note)


def plan_photos(org, docs, r):
    """Turn the photo slots of the catalogue into photos (device, time, name)."""
    cfg = org.cfg["photos"]
    slots = sorted([d for d in docs if d.get("photo")], key=lambda d: d["day"])
    photos = []
    counters = {}
    sites = [(r.uniform(-1, 1), r.uniform(-1, 1)) for _ in range(6)]
    home = {"nordhafen": (53.54, 9.97), "bluegum": (-42.88, 147.33), "casaviva": (39.47, -0.376)}[org.key]
    shooters = [p for p in org.staff.values() if p.get("photographer")]
    fw_at = org.start + dt.timedelta(days=int(org.cfg["days"] * cfg.get("firmware_update", 2)))
    for s in slots:
        t0 = dt.datetime.combine(s["day"], dt.time())
        who_opts = [p for p in shooters if p["join"] <= t0] or shooters[:1]
        who = r.choice(who_opts)
        if cfg["device"] == "phones":
            dev = "samsung" if who.get("photographer") == "samsung" else "iphone"
        else:
            dev = cfg["device"]
        D = DEVICES[dev]
        n_shots = r.choice([1, 1, 2, 3])
        t = org.work_time(who, s["day"], r)
        for k in range(n_shots):
            t = t + dt.timedelta(seconds=r.randrange(4, 300))
            soft = D["software"]
            if dev == "nikon-w300":
                sw = soft[1] if t >= fw_at else soft[0]
            else:
                # phones update their system a few times over the period
                idx = min(len(soft) - 1, int((t - org.start).days / max(1, org.cfg["days"]) * len(soft)))
                sw = soft[idx]
            ph = dict(photo=True, t=t, who=who["key"], device=dev, software=sw, set=s["set"], period=s["period"],
                      seed=r.randrange(1, 10 ** 9))
            if r.random() < D["gps"]:
                site = r.choice(sites)
                ph["gps"] = (home[0] + site[0] * 0.2 + r.uniform(-0.001, 0.001),
                             home[1] + site[1] * 0.2 + r.uniform(-0.001, 0.001))
            # The privacy step is a habit: the archive keeps the cleaned
            # copies it sent as well as the leak does, so a baseline can
            # show it.
            if cfg.get("scrub_share") and s["set"] in ("leak", "baseline") and r.random() < cfg["scrub_share"]:
                ph["scrub"] = True
            photos.append(ph)
    photos.sort(key=lambda p: p["t"])
    for ph in photos:
        D = DEVICES[ph["device"]]
        if D["counter"]:
            base, step = D["counter"]
            c = counters.get(ph["device"], base + r.randrange(0, 50))
            c += r.randrange(1, step + 1)
            counters[ph["device"]] = c
            ph["n"] = c
            ph["file"] = D["name"].format(n=c % 10000 if "IMG" in D["name"] else c, t=ph["t"])
        else:
            ph["file"] = D["name"].format(t=ph["t"])
    org.photo_counters = counters
    return photos


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--org", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("out")
    ap.add_argument("work")
    a = ap.parse_args()
    import time
    t0 = time.time()
    import genuine
    import forge
    org = Org(a.org, a.seed, a.quick, os.path.abspath(a.out), os.path.abspath(a.work))
    try:
        genuine.build(org)
        forge.build(org)
    finally:
        org.close_workers()
    genuine.finish(org)
    print(f"{org.key}: built in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--cairo-ps":
        spec = json.load(open(sys.argv[2], encoding="utf-8"))
        cairo_ps(None, spec, sys.argv[3])
    else:
        main()
