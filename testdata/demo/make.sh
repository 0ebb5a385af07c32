#!/usr/bin/env bash
# Regenerates the Helios Énergie demo corpus in testdata/demo/ (baseline/,
# leak/, labels.json, tool-versions.txt) with real producers. See README.md.
#
# Usage: bash testdata/demo/make.sh        (from anywhere; writes next to itself)
#
# Needs (Debian 12 "bookworm"; versions used for the committed files in
# tool-versions.txt):
#   libreoffice-writer-nogui libreoffice-calc-nogui (7.4.7)  python3-uno
#   imagemagick (6.9.11)  libimage-exiftool-perl (12.57)  ghostscript (10.00.0)
#   python3-fitz (PyMuPDF 1.21.1)  python3-docx (0.8.11)  python3-reportlab (3.6.12)
#   mat2 (0.13.3)  libnss3-tools (certutil, pk12util)  openssl
#   poppler-utils (pdfsig 22.12.0, only to check the signatures)
#   faketime (0.9.10, libfaketime)  tzdata  qpdf (checks only)
#   Go (to build gen/, the excelize v2.11.1 program)
# and three font packages that are NOT installed system-wide: make.sh fetches
# them once with `apt-get download` into a cache folder and unpacks them there,
# so they reach only the LibreOffice processes of this script (through
# FONTCONFIG_FILE): fonts-liberation2 and fonts-crosextra-carlito (the
# cooperative's fonts) and fonts-inter (the forger's).
# Install:
#   apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui python3-uno \
#     imagemagick libimage-exiftool-perl ghostscript python3-fitz python3-docx \
#     python3-reportlab mat2 poppler-utils libnss3-tools openssl faketime tzdata qpdf
#
# Idempotent: baseline/, leak/ and labels.json are deleted and rebuilt.
# Deterministic: every date, name, time zone and content comes from fixed
# seeds in src/corpus.py and src/build.py; see README.md ("Regenerating") for
# the few bytes that still change from run to run.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY=/usr/bin/python3
export LC_ALL=C.UTF-8
export PYTHONDONTWRITEBYTECODE=1

die() { echo "make.sh: $*" >&2; exit 1; }
for cmd in soffice convert exiftool gs pdfsig certutil pk12util openssl faketime mat2 qpdf go apt-get dpkg; do
  command -v "$cmd" >/dev/null || die "missing '$cmd' (see the package list at the top of this script)"
done
"$PY" -c 'import uno, fitz, docx, reportlab' 2>/dev/null \
  || die "missing python3-uno / python3-fitz / python3-docx / python3-reportlab (for $PY)"
[ -e /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 ] || die "missing libfaketime"

CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/docprov-demo"
mkdir -p "$CACHE"

# --- fonts (private to this script) -----------------------------------------
FONTROOT="$CACHE/fontroot"
if [ ! -f "$FONTROOT/.done" ]; then
  rm -rf "$FONTROOT" "$CACHE/debs"; mkdir -p "$CACHE/debs"
  (cd "$CACHE/debs" && apt-get download fonts-liberation2 fonts-crosextra-carlito fonts-inter >/dev/null 2>&1) \
    || die "apt-get download of the font packages failed (run apt-get update?)"
  for deb in "$CACHE"/debs/*.deb; do dpkg -x "$deb" "$FONTROOT"; done
  touch "$FONTROOT/.done"
fi

# --- the excelize program -------------------------------------------------------
export DEMO_GEN="$CACHE/gen"
(cd "$HERE/gen" && go build -o "$DEMO_GEN" .) || die "cannot build gen/ (excelize)"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
fontconf() {  # fontconf OUT DIR...
  local out="$1"; shift
  {
    echo '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
    echo '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
    for d in "$@"; do echo "<dir>$d</dir>"; done
    echo "<cachedir>$WORK/fontconfig-cache</cachedir></fontconfig>"
  } > "$out"
}
fontconf "$WORK/fonts-org.conf" "$FONTROOT/usr/share/fonts/truetype"
fontconf "$WORK/fonts-forger.conf" "$FONTROOT/usr/share/fonts/truetype" "$FONTROOT/usr/share/fonts/opentype/inter"

cd "$HERE"
rm -rf baseline leak labels.json tool-versions.txt
"$PY" "$HERE/src/build.py" "$HERE" "$WORK"

# --- sanity checks: every PDF parses; signatures verify (expiry aside) -----------
for f in baseline/*.pdf leak/*.pdf; do
  qpdf --check "$f" >/dev/null 2>&1 || echo "make.sh: note: qpdf --check reports problems in $f" >&2
  if grep -q -a '/ByteRange' "$f"; then
    pdfsig -nocert "$f" 2>/dev/null | grep -q 'Signature is Valid' || echo "make.sh: note: signature of $f does not verify" >&2
  fi
done

# --- versions of the producers ----------------------------------------------------
{
  soffice --version 2>/dev/null | sed -n 1p
  echo "ImageMagick $(convert -version | sed -n 's/^Version: ImageMagick \([^ ]*\).*/\1/p')"
  echo "exiftool $(exiftool -ver)"
  echo "gs $(gs --version)"
  "$PY" -c 'import fitz, docx, reportlab; print("PyMuPDF", fitz.VersionBind, "MuPDF", fitz.VersionFitz); print("python-docx", docx.__version__ if hasattr(docx, "__version__") else "?"); print("reportlab", reportlab.Version)'
  echo "python-docx (Debian) $(dpkg-query -W -f '${Version}' python3-docx)"
  echo "excelize $(sed -n 's/^require github.com\/xuri\/excelize\/v2 //p' gen/go.mod) ($(go version | cut -d' ' -f3))"
  mat2 --version
  echo "$(pdfsig -v 2>&1 | sed -n 1p) (signature checks only)"
  openssl version
  faketime --version 2>&1 | grep -m1 Version | sed 's/^faketime: Version/faketime/'
  for p in fonts-liberation2 fonts-crosextra-carlito fonts-inter; do
    echo "$p $(dpkg-deb -f "$CACHE"/debs/${p}_*.deb Version)"
  done
} > tool-versions.txt

echo "demo corpus written to $HERE: $(ls baseline | wc -l) baseline files, $(ls leak | wc -l) leak files"
du -sh baseline leak | sed 's/^/  /'
