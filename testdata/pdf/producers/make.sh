#!/usr/bin/env bash
# Regenerates the producer fixtures in testdata/pdf/producers/: one small PDF
# per producer available on Debian 12, plus rewrites of a LibreOffice PDF by
# other tools and incremental updates, for the structural fingerprint
# (formats/pdf/fingerprint.go) and the page-content digest.
#
# Usage: bash testdata/pdf/producers/make.sh      (writes next to itself)
#
# Needs (Debian 12 "bookworm"): libreoffice-writer-nogui, python3-reportlab,
# python3-cairo, ghostscript, qpdf, python3-pikepdf, python3-pypdf,
# python3-fitz (PyMuPDF), imagemagick, chromium, wkhtmltopdf, groff
# (gropdf), poppler-utils (pdftocairo), libimage-exiftool-perl, faketime,
# fonts-dejavu-core, and Go to build pdfcpu v0.15.0 (or set PDFCPU).
# The versions that made the committed files are in tool-versions.txt.
#
# Determinism: SOURCE_DATE_EPOCH=1700000000 (ReportLab, Ghostscript, groff),
# a frozen faketime clock (LibreOffice, MuPDF, chromium, wkhtmltopdf), and
# deterministic IDs for qpdf and pikepdf. pdfcpu (Go reads the clock through
# the vDSO) and chromium/wkhtmltopdf (their own /ID) still differ between
# runs; the fingerprint does not depend on those values.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$HERE/src"
PY=/usr/bin/python3
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1700000000
FROZEN='2023-11-14 22:13:20'
PDFCPU_VERSION=v0.15.0

die() { echo "make.sh: $*" >&2; exit 1; }
for cmd in soffice gs qpdf exiftool pdftocairo chromium wkhtmltopdf groff faketime; do
  command -v "$cmd" >/dev/null || die "missing '$cmd'"
done
"$PY" -c 'import reportlab, cairo, pikepdf, pypdf, fitz' || die "missing a python3 package (reportlab, cairo, pikepdf, pypdf, fitz)"
IM=/usr/bin/convert   # not a wrapper earlier on PATH
[ -x "$IM" ] || die "missing ImageMagick's $IM"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
if [ -z "${PDFCPU:-}" ]; then
  D="${XDG_CACHE_HOME:-$HOME/.cache}/docprov-testdata/pdfcpu-$PDFCPU_VERSION"
  [ -x "$D/pdfcpu" ] || (cd "$WORK" && GOBIN="$D" go install "github.com/pdfcpu/pdfcpu/cmd/pdfcpu@$PDFCPU_VERSION")
  PDFCPU="$D/pdfcpu"
fi
pdfcpu() { "$PDFCPU" -c disable -o -q "$@"; }
frozen() { faketime -f "$FROZEN" "$@"; }
# Browsers wait on timers: their clock starts at FROZEN and runs.
running() { faketime -f "@$FROZEN" "$@"; }

cd "$HERE"
rm -f ./*.pdf tool-versions.txt

# --- Writers -------------------------------------------------------------------
lo() {
  frozen timeout 300 soffice -env:UserInstallation="file://$WORK/lo-profile" --headless \
    --convert-to pdf --outdir "$WORK/lo" "$1" >/dev/null 2>&1
}
for d in a b; do
  cp "$SRC/doc-$d.fodt" "$WORK/doc-$d.fodt"
  lo "$WORK/doc-$d.fodt"
done
cp "$WORK/lo/doc-a.pdf" libreoffice-a.pdf
cp "$WORK/lo/doc-b.pdf" libreoffice-b.pdf
# A second save of document A's pages by LibreOffice, through .odt.
frozen timeout 300 soffice -env:UserInstallation="file://$WORK/lo-profile" --headless \
  --convert-to odt --outdir "$WORK/odt" "$WORK/doc-a.fodt" >/dev/null 2>&1
lo "$WORK/odt/doc-a.odt"
cp "$WORK/lo/doc-a.pdf" libreoffice-a-resaved.pdf

"$PY" "$SRC/reportlab_page.py" reportlab.pdf
"$PY" "$SRC/cairo_page.py" cairo.pdf
gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -sOutputFile=ghostscript.pdf "$SRC/ghostscript.ps"
frozen "$PY" "$SRC/mupdf_page.py" new mupdf.pdf
pdfcpu create "$SRC/../../src/pdfcpu.json" pdfcpu.pdf
groff -ms -Tpdf "$SRC/page.tr" > gropdf.pdf

# ImageMagick: Debian's policy.xml forbids the PDF coder and a policy file
# elsewhere on the search path cannot lift that, so convert runs in a private
# mount namespace (unshare, as root) that sees a copy without that one rule;
# the system file is not changed.
sed '/pattern="PDF"/d' /etc/ImageMagick-6/policy.xml > "$WORK/policy.xml"
frozen unshare -m sh -c 'mount --bind "$1" /etc/ImageMagick-6/policy.xml && exec "$2" -size 48x24 xc:"#3366cc" -compress Zip -define pdf:thumbnail=false "$3"' \
  sh "$WORK/policy.xml" "$IM" "$HERE/imagemagick.pdf"
# The same page of another colour: the same page operators, another image.
frozen unshare -m sh -c 'mount --bind "$1" /etc/ImageMagick-6/policy.xml && exec "$2" -size 48x24 xc:"#cc6633" -compress Zip -define pdf:thumbnail=false "$3"' \
  sh "$WORK/policy.xml" "$IM" "$HERE/imagemagick-b.pdf"

running chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --user-data-dir="$WORK/chromium" --print-to-pdf="$HERE/skia.pdf" "file://$SRC/page.html" >/dev/null 2>&1
running wkhtmltopdf -q --enable-local-file-access "$SRC/page.html" wkhtmltopdf.pdf >/dev/null 2>&1 || [ -s wkhtmltopdf.pdf ]

# --- Rewrites of the LibreOffice PDF (a full new body, traces of the old) --------
qpdf --deterministic-id libreoffice-a.pdf qpdf-rewrite.pdf
qpdf --deterministic-id --object-streams=generate libreoffice-a.pdf qpdf-objstreams.pdf
"$PY" "$SRC/pikepdf_rewrite.py" libreoffice-a.pdf pikepdf-rewrite.pdf
"$PY" "$SRC/pypdf_rewrite.py" libreoffice-a.pdf pypdf-rewrite.pdf
pdfcpu optimize libreoffice-a.pdf pdfcpu-rewrite.pdf
gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -sOutputFile=ghostscript-rewrite.pdf libreoffice-a.pdf
frozen "$PY" "$SRC/mupdf_page.py" rewrite libreoffice-a.pdf mupdf-rewrite.pdf
pdftocairo -pdf libreoffice-a.pdf cairo-rewrite.pdf

# Document B given document A's /ID: what a "Save As" over an old file leaves.
"$PY" "$SRC/inherit_id.py" libreoffice-b.pdf libreoffice-a.pdf inherited-id.pdf

# --- Incremental updates (the first revision's body stays) ---------------------
cp libreoffice-a.pdf exiftool-update.pdf
exiftool -q -overwrite_original -Author="Mallory" -Title="Forged Title" exiftool-update.pdf
cp reportlab.pdf mupdf-update.pdf
frozen "$PY" "$SRC/mupdf_page.py" incr mupdf-update.pdf

{
  soffice --version 2>/dev/null | sed -n 1p
  "$PY" -c 'import reportlab, cairo, pikepdf, pypdf, fitz; print("reportlab", reportlab.Version); print("pycairo", cairo.version, "cairo", cairo.cairo_version_string()); print("pikepdf", pikepdf.__version__); print("pypdf", pypdf.__version__); print("PyMuPDF", fitz.VersionBind, "MuPDF", fitz.VersionFitz)'
  echo "gs $(gs --version)"
  qpdf --version | sed -n 1p
  "$PDFCPU" version 2>/dev/null | sed -n 1p | sed 's/^version:/pdfcpu/'
  groff --version | sed -n 1p
  "$IM" -version | sed -n 1p
  chromium --version 2>/dev/null | sed -n 1p
  wkhtmltopdf --version 2>/dev/null | sed -n 1p
  pdftocairo -v 2>&1 | sed -n 1p
  echo "exiftool $(exiftool -ver)"
} > tool-versions.txt
ls -l ./*.pdf
