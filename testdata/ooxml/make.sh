#!/bin/sh
# Regenerates the OOXML fixtures of formats/ooxml from the sources in src/
# and gen/. Needs LibreOffice 7.4 (soffice), python3-docx, python3-openpyxl,
# python3-xlsxwriter (Debian's /usr/bin/python3), pandoc, faketime and Go.
# Dates are pinned with faketime where the producer takes "now"; ZIP entry
# times of LibreOffice, python-docx and pandoc are that fake time.
set -eu
cd "$(dirname "$0")"
NOW='2024-05-06 07:08:09'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for s in fodt:docx fods:xlsx fodp:pptx; do
	src=${s%%:*} out=${s##*:}
	cp "src/libreoffice.$src" "$tmp/"
	faketime "$NOW" soffice --headless --convert-to "$out" --outdir "$tmp" "$tmp/libreoffice.$src" >/dev/null
	cp "$tmp/libreoffice.$out" .
done

faketime "$NOW" /usr/bin/python3 src/python_docx.py python-docx.docx
faketime "$NOW" /usr/bin/python3 src/openpyxl_xlsx.py openpyxl.xlsx
faketime "$NOW" /usr/bin/python3 src/xlsxwriter_xlsx.py xlsxwriter.xlsx
(cd gen && go run . ../excelize.xlsx)
faketime "$NOW" pandoc src/pandoc.md -o pandoc.docx -M title="Pandoc Titel" -M author="Olga Petrova" -M lang=de-DE

# Hostile packages, made with Python's zipfile from the LibreOffice fixture.
/usr/bin/python3 src/hostile.py

# A password-protected ZIP of the LibreOffice fixture, as Info-ZIP's zip -e
# writes it (traditional PKWARE encryption on every file entry).
rm -rf "$tmp/enc" && mkdir "$tmp/enc" && (cd "$tmp/enc" && unzip -q "$OLDPWD/libreoffice.docx" && \
  TZ=UTC faketime "$NOW" zip -q -X -r -e -P secret "$OLDPWD/hostile-zipcrypto.docx" .)
