#!/bin/sh
# Regenerates the ODF fixtures in this folder from the hand-written flat
# sources in src/ (whose metadata the tests assert) with LibreOffice, then
# derives the "odd" packages from LibreOffice's output with Python's zipfile
# and records ExifTool's view in exiftool.json.
#
# Needs: soffice (LibreOffice 7.4), faketime, /usr/bin/python3, exiftool.
# LibreOffice keeps the metadata of its input (authors, dates, editing
# cycles and duration, languages, tracked changes, annotations) and
# rewrites meta:generator; faketime pins the ZIP entry times.
set -eu
cd "$(dirname "$0")"
export TZ=UTC
when='2024-05-06 07:08:09'
profile=$(mktemp -d)
tmp=$(mktemp -d)
trap 'rm -rf "$profile" "$tmp"' EXIT
lo() { faketime -f "@$when x0" soffice --headless -env:UserInstallation="file://$profile" "$@" >/dev/null 2>&1; }

# 1. Packages from the sources, then flat files from the packages (so the
#    flat files are a LibreOffice save of a LibreOffice document too).
for pair in writer.fodt:odt calc.fods:ods impress.fodp:odp; do
	src=${pair%%:*} ext=${pair##*:}
	lo --convert-to "$ext" --outdir "$tmp" "src/$src"
	cp "$tmp/${src%.*}.$ext" "libreoffice-${src%.*}.$ext"
	lo --convert-to "f$ext" --outdir "$tmp/flat" "libreoffice-${src%.*}.$ext"
	cp "$tmp/flat/libreoffice-${src%.*}.f$ext" .
done

# 1b. The Writer package opened and saved again: LibreOffice writes the
#     storages it loaded in another order than those it made new.
lo --convert-to odt --outdir "$tmp/resaved" libreoffice-writer.odt
cp "$tmp/resaved/libreoffice-writer.odt" libreoffice-writer-resaved.odt

# 2. Odd packages, rebuilt from the Writer package.
/usr/bin/python3 - <<'PY'
import zipfile
src = zipfile.ZipFile("libreoffice-writer.odt")
items = [(i, src.read(i.filename)) for i in src.infolist()]

def write(name, entries, comment=b""):
    with zipfile.ZipFile(name, "w") as z:
        z.comment = comment
        for info, data in entries:
            z.writestr(info, data)

# mimetype last and deflated: breaks the specification's "first, stored"
late = [x for x in items if x[0].filename != "mimetype"]
mt = [x for x in items if x[0].filename == "mimetype"][0]
info = zipfile.ZipInfo("mimetype", date_time=mt[0].date_time)
info.compress_type = zipfile.ZIP_DEFLATED
write("odd-mimetype-last.odt", late + [(info, mt[1])], comment=b"rebuilt by docprov make.sh")

# no mimetype at all: only the manifest says what the package is
write("odd-no-mimetype.odt", late)

# meta.xml replaced by a billion-laughs entity bomb (must not expand)
bomb = b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
    b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
) + b']>\n<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta><meta:generator>&lol9;</meta:generator></office:meta></office:document-meta>'
write("odd-xml-bomb.odt", [(i, bomb if i.filename == "meta.xml" else d) for i, d in items])
PY

# 3. A package cut in half: no central directory.
head -c 5000 libreoffice-writer.odt > odd-truncated.odt

# 4. ExifTool's reading, for the conformance test.
exiftool -j -G1 -a -s -n -struct -charset filename=utf8 *.odt *.ods *.odp *.fodt *.fods *.fodp > exiftool.json || true
{
	soffice --version
	echo "faketime $(dpkg-query -W -f '${Version}' faketime)"
	/usr/bin/python3 --version
	echo "exiftool $(exiftool -ver)"
} > tool-versions.txt
