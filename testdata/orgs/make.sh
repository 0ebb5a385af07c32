#!/usr/bin/env bash
# Generates the multi-organisation corpora (see README.md) with real producers.
#
# Usage: bash testdata/orgs/make.sh [--seed N] [--orgs a,b,...] [--quick] [OUTDIR]
#   OUTDIR defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/docprov-orgs. Each
#   organisation gets OUTDIR/<org>/{baseline/,leak/,labels.json,org.json};
#   OUTDIR/tool-versions.txt lists the producers. OUTDIR/<org> is deleted and
#   rebuilt. --quick: about 40 baseline + 60 leak files per organisation.
#   Organisations are built two at a time (JOBS=N to change).
#
# Needs (Debian 12): libreoffice-writer-nogui libreoffice-calc-nogui
#   libreoffice-impress-nogui python3-uno imagemagick libimage-exiftool-perl
#   ghostscript python3-fitz python3-docx python3-openpyxl python3-xlsxwriter
#   python3-reportlab python3-pikepdf python3-cairo mat2 poppler-utils qpdf
#   libnss3-tools openssl faketime chromium wkhtmltopdf img2pdf fonts-noto-cjk
#   fonts-crosextra-carlito fonts-liberation2 fonts-dejavu-core; Go (gen/, excelize).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY=/usr/bin/python3
export LC_ALL=C.UTF-8 PYTHONDONTWRITEBYTECODE=1

SEED=1 ORGS="" QUICK="" OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seed) SEED="$2"; shift 2 ;;
    --seed=*) SEED="${1#*=}"; shift ;;
    --orgs) ORGS="$2"; shift 2 ;;
    --orgs=*) ORGS="${1#*=}"; shift ;;
    --quick) QUICK=--quick; shift ;;
    -h|--help) sed -n 2,20p "$0"; exit 0 ;;
    -*) echo "make.sh: unknown option $1" >&2; exit 2 ;;
    *) OUT="$1"; shift ;;
  esac
done
OUT="${OUT:-${XDG_CACHE_HOME:-$HOME/.cache}/docprov-orgs}"
[ -n "$ORGS" ] || ORGS="$("$PY" -c "import sys; sys.path.insert(0, '$HERE/src'); import orgs; print(','.join(orgs.ORGS))")"

die() { echo "make.sh: $*" >&2; exit 1; }
for cmd in soffice exiftool gs ps2pdf qpdf pdfsig pdftocairo pdftoppm certutil pk12util openssl faketime mat2 \
           chromium wkhtmltopdf img2pdf go; do
  command -v "$cmd" >/dev/null || die "missing '$cmd' (see the package list at the top of this script)"
done
"$PY" -c 'import uno, fitz, docx, openpyxl, xlsxwriter, reportlab, pikepdf, cairo' 2>/dev/null \
  || die "missing a Python package for $PY (see the list at the top of this script)"
[ -e /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 ] || die "missing libfaketime"

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/docprov-orgs-tools"
mkdir -p "$CACHE"
export ORGS_GEN="$CACHE/gen"
(cd "$HERE/gen" && go build -o "$ORGS_GEN" .) || die "cannot build gen/ (excelize)"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
start=$(date +%s)
pids=() names=()
JOBS="${JOBS:-2}"
fail=0
IFS=, read -r -a list <<< "$ORGS"
for org in "${list[@]}"; do
  rm -rf "${OUT:?}/$org"; mkdir -p "$OUT/$org" "$WORK/$org"
  HOME="$WORK/$org" "$PY" "$HERE/src/build.py" --seed "$SEED" --org "$org" $QUICK "$OUT/$org" "$WORK/$org" \
    > "$WORK/$org.log" 2>&1 &
  pids+=($!) names+=("$org")
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do sleep 1; done
done
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then tail -n 2 "$WORK/${names[$i]}.log"
  else echo "make.sh: ${names[$i]} failed:" >&2; tail -n 30 "$WORK/${names[$i]}.log" >&2; fail=1; fi
done
[ "$fail" = 0 ] || exit 1
for org in "${list[@]}"; do
  "$PY" "$HERE/src/check.py" "$OUT/$org" || echo "make.sh: warning: check of $org failed (see above)" >&2
done

{
  echo "seed $SEED${QUICK:+ (quick)}"
  soffice --version 2>/dev/null | sed -n 1p
  echo "ImageMagick $(convert-im6.q16 -version | sed -n 's/^Version: ImageMagick \([^ ]*\).*/\1/p')"
  echo "exiftool $(exiftool -ver)"
  echo "gs $(gs --version)"
  "$PY" -c 'import fitz, openpyxl, xlsxwriter, reportlab, pikepdf, cairo; print("PyMuPDF", fitz.VersionBind, "MuPDF", fitz.VersionFitz); print("openpyxl", openpyxl.__version__); print("XlsxWriter", xlsxwriter.__version__); print("reportlab", reportlab.Version); print("pikepdf", pikepdf.__version__, "libqpdf", pikepdf.__libqpdf_version__); print("pycairo", cairo.version, "cairo", cairo.cairo_version_string())'
  echo "python-docx (Debian) $(dpkg-query -W -f '${Version}' python3-docx)"
  echo "excelize $(sed -n 's/^require github.com\/xuri\/excelize\/v2 //p' "$HERE/gen/go.mod") ($(go version | cut -d' ' -f3))"
  echo "$(chromium --version 2>/dev/null | head -1)"
  echo "wkhtmltopdf $(wkhtmltopdf --version 2>/dev/null | awk '{print $2, $3}')"
  echo "qpdf $(qpdf --version | sed -n 's/^qpdf version //p')"
  echo "$(pdfsig -v 2>&1 | sed -n 1p) (signatures), $(pdftocairo -v 2>&1 | sed -n 1p)"
  mat2 --version
  echo "img2pdf $(dpkg-query -W -f '${Version}' img2pdf)"
  openssl version
  faketime --version 2>&1 | grep -m1 Version | sed 's/^faketime: Version/faketime/'
  for p in fonts-liberation2 fonts-crosextra-carlito fonts-dejavu-core fonts-noto-cjk; do
    echo "$p $(dpkg-query -W -f '${Version}' $p 2>/dev/null)"
  done
} > "$OUT/tool-versions.txt"
echo "generated in $(( $(date +%s) - start )) s on $(nproc) cores" >> "$OUT/tool-versions.txt"
echo "written to $OUT in $(( $(date +%s) - start )) s"
