#!/usr/bin/env bash
# Regenerates the RTF fixtures in testdata/rtf/ with real producers.
#
# Usage: bash testdata/rtf/make.sh        (from anywhere; writes next to itself)
#
# Needs (Debian 12 "bookworm"; the versions used for the committed files):
#   libreoffice-writer-nogui 4:7.4.7-1+deb12u14 (LibreOffice 7.4.7.2)
#   pandoc                   2.17.1.1-2~deb12u1
#   faketime                 0.9.10-2.1 (fixed clock for LibreOffice)
#
# writer-fr.rtf and writer-ru.rtf are LibreOffice's RTF export of the flat
# ODF sources that testdata/ole uses (their <office:meta> sets the author,
# dates, revision and edit time the tests assert); pandoc.rtf is pandoc's
# standalone RTF writer on pandoc.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export LC_ALL=C.UTF-8 TZ=UTC
PROFILE="$(mktemp -d)"
OUT="$(mktemp -d)"
trap 'rm -rf "$PROFILE" "$OUT"' EXIT
cd "$HERE"

for src in writer-fr writer-ru; do
  faketime -f '2024-01-02 03:04:05' soffice --headless --norestore \
    -env:UserInstallation="file://$PROFILE" --convert-to rtf --outdir "$OUT" "../ole/src/$src.fodt" >/dev/null
  cp "$OUT/$src.rtf" "$HERE/$src.rtf"
done
pandoc -s -f markdown -t rtf -o pandoc.rtf pandoc.md
ls -l "$HERE"/*.rtf
