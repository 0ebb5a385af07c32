#!/usr/bin/env bash
# Regenerates the OLE2 fixtures in testdata/ole/ with LibreOffice.
#
# Usage: bash testdata/ole/make.sh        (from anywhere; writes next to itself)
#
# Needs (Debian 12 "bookworm"; the versions used for the committed files):
#   libreoffice-writer-nogui, libreoffice-calc-nogui, libreoffice-impress-nogui
#                       4:7.4.7-1+deb12u14 (LibreOffice 7.4.7.2)
#   python3-uno         4:7.4.7-1+deb12u14 (drives LibreOffice for gen.py)
#   faketime            0.9.10-2.1         (fixed clock for LibreOffice)
#   libimage-exiftool-perl 12.57+dfsg-1   (exiftool.json, the reference)
# Install:
#   apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui \
#     libreoffice-impress-nogui python3-uno faketime libimage-exiftool-perl
#
# Inputs are the flat ODF files in src/ (authors, dates, edit time, revision,
# custom properties and the default language are set there); gen.py converts
# them through UNO, because `soffice --convert-to` cannot set a password.
# LibreOffice copies the ODF metadata into SummaryInformation unchanged, so
# the values the tests assert are the ones in src/. LibreOffice runs under a
# frozen clock and TZ=UTC; the output is then identical from run to run
# except for the RC4 salts of the two password fixtures.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY=/usr/bin/python3          # Debian's python, which has the uno module
export LC_ALL=C.UTF-8
export TZ=UTC

die() { echo "make.sh: $*" >&2; exit 1; }
for cmd in soffice faketime exiftool; do
  command -v "$cmd" >/dev/null || die "missing '$cmd' (see the package list at the top of this script)"
done
"$PY" -c 'import uno' || die "missing python3-uno"

PROFILE="$(mktemp -d)"
PIPE="docprov-ole-$$"
trap 'kill "$LO_PID" 2>/dev/null || true; rm -rf "$PROFILE"' EXIT

cd "$HERE"
rm -f writer-fr.doc writer-ru.doc calc-ru.xls impress-de.ppt calc-password.xls \
  writer-password.doc exiftool.json

faketime -f '2024-01-02 03:04:05' soffice --headless --invisible --norestore \
  -env:UserInstallation="file://$PROFILE" "--accept=pipe,name=$PIPE;urp;" >/dev/null 2>&1 &
LO_PID=$!
"$PY" "$HERE/gen.py" "$PIPE" "$HERE"
wait "$LO_PID" 2>/dev/null || true

exiftool -j -G1 -a -s -n -struct -charset filename=utf8 \
  writer-fr.doc writer-ru.doc calc-ru.xls impress-de.ppt calc-password.xls writer-password.doc \
  | sed -e '/"System:/d' -e '/"ExifTool:ExifToolVersion"/d' > exiftool.json
ls -l "$HERE"/*.doc "$HERE"/*.xls "$HERE"/*.ppt
