#!/bin/sh
# Regenerates one spreadsheet in three formats with LibreOffice, from the
# hand-written flat source src/dates.fods (dates, a date with a time of
# day, times, currency and booleans): dates.ods, dates.xlsx and dates.xls.
# The content digest (content.sha256) must be the same in all three:
# a conversion keeps the cells, and each format's digest reads a date as
# the serial number the spreadsheet formats store.
#
# Needs: soffice (LibreOffice 7.4), faketime.
set -eu
cd "$(dirname "$0")"
export TZ=UTC
profile=$(mktemp -d)
tmp=$(mktemp -d)
trap 'rm -rf "$profile" "$tmp"' EXIT
lo() { faketime -f "@2024-05-06 07:08:09 x0" soffice --headless -env:UserInstallation="file://$profile" "$@" >/dev/null 2>&1; }
lo --convert-to ods --outdir "$tmp" src/dates.fods
cp "$tmp/dates.ods" dates.ods
for ext in xlsx xls; do
	lo --convert-to "$ext" --outdir "$tmp" dates.ods
	cp "$tmp/dates.$ext" "dates.$ext"
done
soffice --version > tool-versions.txt
