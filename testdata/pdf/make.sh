#!/usr/bin/env bash
# Regenerates the PDF fixtures in testdata/pdf/ with real PDF producers.
#
# Usage: bash testdata/pdf/make.sh        (from anywhere; writes next to itself)
#
# Needs (Debian 12 "bookworm"; the versions used for the committed files):
#   python3-reportlab      3.6.12-1+deb12u1   -> reportlab.pdf
#   fonts-dejavu-core      2.37-6             -> DejaVuSans.ttf for reportlab
#   libreoffice-writer-nogui 4:7.4.7-1+deb12u14 (LibreOffice 7.4.7.2)
#                                             -> libreoffice*.pdf
#   ghostscript            10.0.0~dfsg-11+deb12u9 (gs 10.00.0)
#                                             -> ghostscript.pdf, signed base
#   qpdf                   11.3.0-1+deb12u1   -> qpdf-*.pdf
#   python3-pikepdf        6.0.0+dfsg-1+b2    -> utf16-info.pdf,
#                                                javascript-attachment.pdf
#   python3-fitz           1.21.1+ds1-1+b4 (PyMuPDF/MuPDF 1.21.1)
#                                             -> one update of multi-update.pdf
#   libimage-exiftool-perl 12.57+dfsg-1       -> exiftool-*.pdf, exiftool.json
#   poppler-utils          22.12.0-2+deb12u3  -> pdfsig (signing), pdfinfo
#   libnss3-tools          2:3.87.1-1+deb12u4 -> certutil, pk12util
#   openssl                (bookworm)         -> self-signed test certificate
#   faketime               0.9.10-2.1         -> fixed clock for LibreOffice,
#                                                openssl and pdfsig
#   tzdata                                    -> TZ=Asia/Kolkata etc.
#   Go toolchain (any recent) to build the pdfcpu CLI v0.15.0 from the Go
#   module proxy (github.com/pdfcpu/pdfcpu/cmd/pdfcpu@v0.15.0), or set
#   PDFCPU=/path/to/pdfcpu.
# Install:
#   apt-get install -y python3-reportlab fonts-dejavu-core \
#     libreoffice-writer-nogui ghostscript qpdf python3-pikepdf python3-fitz \
#     libimage-exiftool-perl poppler-utils libnss3-tools openssl faketime tzdata
#
# Inputs live in src/.  Everything is idempotent: outputs are deleted and
# rebuilt.  Determinism (see README.md for the per-file details):
#   * reportlab, ghostscript, pikepdf, qpdf (non-encrypted), exiftool and the
#     MuPDF update (under a frozen fake clock) give byte-identical files on
#     every run;
#   * LibreOffice runs under a frozen fake clock and a fixed TZ, so all its
#     metadata values (dates, /ID) repeat, but the embedded font subsets
#     differ from run to run;
#   * pdfcpu stamps the real current time into CreationDate/ModDate and a
#     random /ID (Go does not read the clock through libc, so faketime cannot
#     fix it);
#   * encryption salts (qpdf) and the signing key/certificate (pdfsig) are
#     random on every run; the signing time and certificate dates are fixed.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$HERE/src"
PY=/usr/bin/python3          # Debian's python, which has reportlab/pikepdf/fitz
export LC_ALL=C
export TZ=UTC
export SOURCE_DATE_EPOCH=1700000000   # 2023-11-14T22:13:20Z
PDFCPU_VERSION=v0.15.0

die() { echo "make.sh: $*" >&2; exit 1; }
for cmd in gs soffice qpdf exiftool pdfinfo pdfsig certutil pk12util openssl faketime; do
  command -v "$cmd" >/dev/null || die "missing '$cmd' (see the package list at the top of this script)"
done
"$PY" -c 'import reportlab, pikepdf, fitz' || die "missing python3-reportlab / python3-pikepdf / python3-fitz"
DEJAVU=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
[ -f "$DEJAVU" ] || die "missing $DEJAVU (fonts-dejavu-core)"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# --- pdfcpu CLI ------------------------------------------------------------
if [ -z "${PDFCPU:-}" ]; then
  PDFCPU_BIN_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/docprov-testdata/pdfcpu-$PDFCPU_VERSION"
  if [ ! -x "$PDFCPU_BIN_DIR/pdfcpu" ]; then
    command -v go >/dev/null || die "missing go (needed to build pdfcpu $PDFCPU_VERSION), or set PDFCPU"
    (cd "$WORK" && GOBIN="$PDFCPU_BIN_DIR" go install "github.com/pdfcpu/pdfcpu/cmd/pdfcpu@$PDFCPU_VERSION")
  fi
  PDFCPU="$PDFCPU_BIN_DIR/pdfcpu"
fi
pdfcpu() { "$PDFCPU" -c disable -o -q "$@"; }   # no config dir, offline, quiet

cd "$HERE"
OUTPUTS=(
  reportlab.pdf libreoffice.pdf libreoffice-pdfa.pdf ghostscript.pdf ghostscript-control.pdf
  pdfcpu.pdf pdfcpu-attachment.pdf
  qpdf-linearized.pdf qpdf-objstreams.pdf qpdf-encrypted-aes256.pdf qpdf-encrypted-userpw.pdf
  exiftool-edited.pdf exiftool-edited-twice.pdf multi-update.pdf overpainted.pdf
  exiftool-backdated.pdf libreoffice-exiftool-edited.pdf exiftool-recreated.pdf exiftool-scrubbed.pdf utf16-info.pdf javascript-attachment.pdf
  signed.pdf signed-then-modified.pdf signed-rewritten.pdf signed-then-overpainted.pdf
  truncated.pdf not-a-pdf.pdf
  exiftool.json tool-versions.txt
)
rm -f "${OUTPUTS[@]}"

# --- 1. ReportLab ------------------------------------------------------------
"$PY" "$SRC/reportlab_fixture.py" reportlab.pdf "$DEJAVU"

# --- 2. LibreOffice (.fodt -> .odt -> PDF and PDF/A-2b) ------------------------
# Frozen clock (faketime -f without '@' stops the clock) and a zone with a
# fixed, non-zero offset, so CreationDate is D:20240203102030+05'30'.
lo() {
  TZ=Asia/Kolkata timeout 300 faketime -f '2024-02-03 10:20:30' \
    soffice -env:UserInstallation="file://$WORK/lo-profile" --headless "$@" >/dev/null 2>&1
}
cp "$SRC/libreoffice.fodt" "$WORK/libreoffice.fodt"
lo --convert-to odt --outdir "$WORK" "$WORK/libreoffice.fodt"
[ -s "$WORK/libreoffice.odt" ] || die "LibreOffice did not write libreoffice.odt"
lo --convert-to pdf --outdir "$WORK/lo-pdf" "$WORK/libreoffice.odt"
lo --convert-to 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}' \
   --outdir "$WORK/lo-pdfa" "$WORK/libreoffice.odt"
cp "$WORK/lo-pdf/libreoffice.pdf" libreoffice.pdf
cp "$WORK/lo-pdfa/libreoffice.pdf" libreoffice-pdfa.pdf

# --- 3. Ghostscript pdfwrite -------------------------------------------------
# Debian's gs honours SOURCE_DATE_EPOCH; with the same output path the file is
# byte-identical (the /ID and XMP DocumentID hash in the output file name).
gs_pdf() { gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -sOutputFile="$2" "$1"; }
gs_pdf "$SRC/ghostscript.ps" ghostscript.pdf
# A title with U+0001: pdfwrite writes it into the XMP as "&#1;".
gs_pdf "$SRC/ghostscript-control.ps" ghostscript-control.pdf

# --- 4. pdfcpu ---------------------------------------------------------------
pdfcpu create "$SRC/pdfcpu.json" pdfcpu.pdf
pdfcpu properties add pdfcpu.pdf 'Title = Docprov pdfcpu Fixture' 'Author = Erin Example' \
  'Department = QA' 'ProjectCode = DP-42'
cp "$SRC/attachment.txt" "$WORK/provenance-note.txt"
touch -d '2024-01-02 03:04:05 UTC' "$WORK/provenance-note.txt"
cp pdfcpu.pdf pdfcpu-attachment.pdf
pdfcpu attachments add pdfcpu-attachment.pdf "$WORK/provenance-note.txt,docprov attachment fixture"

# --- 5. qpdf -----------------------------------------------------------------
qpdf --linearize --deterministic-id reportlab.pdf qpdf-linearized.pdf
qpdf --object-streams=generate --deterministic-id reportlab.pdf qpdf-objstreams.pdf
qpdf --encrypt "" docprov-owner 256 -- ghostscript.pdf qpdf-encrypted-aes256.pdf
qpdf --encrypt docprov-user docprov-owner 256 -- ghostscript.pdf qpdf-encrypted-userpw.pdf

# --- 6. ExifTool edits (incremental updates) ---------------------------------
cp ghostscript.pdf exiftool-edited.pdf
exiftool -q -overwrite_original -Author="Mallory" -Title="Forged Title" exiftool-edited.pdf

# ExifTool edits a file that already ends in its own update by *replacing*
# that update, so editing twice still leaves exactly one update (2 %%EOF).
cp exiftool-edited.pdf exiftool-edited-twice.pdf
exiftool -q -overwrite_original -Author="Mallory Again" \
  -XMP-xmp:MetadataDate="2024:06:07 08:09:10+02:00" \
  -XMP-xmpMM:InstanceID="uuid:0b5e55ed-0000-4000-8000-000000000002" \
  -XMP-xmpMM:History='{Action=created,InstanceID=uuid:0b5e55ed-0000-4000-8000-000000000001,When=2023:01:02 03:04:05+05:30,SoftwareAgent=GPL Ghostscript 10.00.0}' \
  -XMP-xmpMM:History+='{Action=saved,InstanceID=uuid:0b5e55ed-0000-4000-8000-000000000002,When=2024:06:07 08:09:10+02:00,SoftwareAgent=Adobe Acrobat Pro 24.0,Changed=/}' \
  exiftool-edited-twice.pdf

# An update that puts the last-modified date back: its ModDate precedes the
# first save's.
cp ghostscript.pdf exiftool-backdated.pdf
exiftool -q -overwrite_original -PDF:ModifyDate="2022:11:05 10:00:00-08:00" exiftool-backdated.pdf

# A LibreOffice export, then an incremental edit by ExifTool: the first
# save LibreOffice's, the update another program's.
cp libreoffice.pdf libreoffice-exiftool-edited.pdf
exiftool -q -overwrite_original -Author="Mallory" -PDF:ModifyDate="2024:02:01 09:00:00+01:00" libreoffice-exiftool-edited.pdf

# ExifTool moving a LibreOffice export's creation back: the update rewrites
# the Info CreationDate the first save wrote.
cp libreoffice.pdf exiftool-recreated.pdf
exiftool -q -overwrite_original -PDF:CreateDate="2023:12:01 09:00:00+05:30" exiftool-recreated.pdf

# ExifTool's -all= on a LibreOffice export: an update whose trailer names
# no Info and frees the Info object (the earlier save keeps it).
cp libreoffice.pdf exiftool-scrubbed.pdf
exiftool -q -overwrite_original -all= exiftool-scrubbed.pdf

# Three updates by two tools: ExifTool, then MuPDF (PyMuPDF saveIncr), then
# ExifTool again (it appends, because the file no longer ends in its update).
cp exiftool-edited.pdf multi-update.pdf
# MuPDF derives the new /ID[1] from the clock: freeze it.
faketime -f '2024-04-05 06:07:08' "$PY" "$SRC/mupdf_incremental.py" multi-update.pdf "Trudy (MuPDF)"
exiftool -q -overwrite_original -Author="Mallory Again" -Subject="Edited three times" multi-update.pdf

# Page content changed in an update: MuPDF paints a white box over part of
# page 1 and types new text on it (PyMuPDF saveIncr).
cp ghostscript.pdf overpainted.pdf
faketime -f '2024-04-05 06:07:08' "$PY" "$SRC/mupdf_overpaint.py" overpainted.pdf "Total: 9,999 EUR"

# --- 7/8. pikepdf: UTF-16BE / PDFDocEncoding Info, JavaScript + attachment ----
"$PY" "$SRC/pikepdf_utf16.py" utf16-info.pdf
"$PY" "$SRC/pikepdf_js_attachment.py" ghostscript.pdf "$SRC/attachment.txt" javascript-attachment.pdf

# --- 9. Signatures (poppler pdfsig + NSS, self-signed certificate) ------------
NSS="$WORK/nss"
mkdir -p "$NSS"
TZ=UTC faketime -f '2024-01-01 00:00:00' \
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
    -subj "/CN=Docprov Test Signer/O=Docprov/C=XX" \
    -keyout "$WORK/signer.key" -out "$WORK/signer.crt" 2>/dev/null
openssl pkcs12 -export -inkey "$WORK/signer.key" -in "$WORK/signer.crt" \
  -name docprov-signer -passout pass:docprov -out "$WORK/signer.p12"
certutil -N -d "sql:$NSS" --empty-password
pk12util -i "$WORK/signer.p12" -d "sql:$NSS" -W docprov >/dev/null
certutil -M -d "sql:$NSS" -n docprov-signer -t "CT,C,C"
# (relative output name: gs hashes it into /ID and the XMP DocumentID)
(cd "$WORK" && gs_pdf "$SRC/signed-base.ps" signed-base.pdf)
# pdfsig appends the signature as an incremental update (2 %%EOF).
TZ=Europe/Berlin faketime -f '2024-03-04 05:06:07' \
  pdfsig -nssdir "sql:$NSS" -add-signature -nick docprov-signer \
    -reason "docprov fixture" -new-signature-field-name DocprovSig \
    "$WORK/signed-base.pdf" signed.pdf 2> >(grep -v 'NSS_Shutdown' >&2)
[ -s signed.pdf ] || die "pdfsig did not write signed.pdf"
# ExifTool then appends an update after the signed byte range.
cp signed.pdf signed-then-modified.pdf
exiftool -q -overwrite_original -Author="Mallory" -Title="Tampered after signing" signed-then-modified.pdf
# qpdf rewrites the signed file whole (object streams): the signature
# dictionary survives, its /ByteRange no longer frames its /Contents.
qpdf --object-streams=generate signed.pdf signed-rewritten.pdf
# MuPDF paints over page 1 in an update after the signature (PyMuPDF
# saveIncr): the pages no longer show what was signed.
cp signed.pdf signed-then-overpainted.pdf
faketime -f '2024-04-05 06:07:08' "$PY" "$SRC/mupdf_overpaint.py" signed-then-overpainted.pdf "Total: 9,999 EUR"

# --- 10. Bad input -----------------------------------------------------------
head -c "$(( $(stat -c %s reportlab.pdf) / 2 ))" reportlab.pdf > truncated.pdf
printf 'This is a plain text file with a .pdf name.\nIt has no %%PDF- header.\n' > not-a-pdf.pdf

# --- ExifTool dump of every fixture (System:* tags left out: they are the
# file-system times and permissions of the checkout) --------------------------
exiftool -j -G1 -a -s -n -struct --System:all *.pdf > exiftool.json 2>/dev/null || true

# --- Versions of the tools that made this set --------------------------------
{
  echo "gs $(gs --version)"
  soffice --version 2>/dev/null | sed -n 1p
  qpdf --version | sed -n 1p
  echo "exiftool $(exiftool -ver)"
  "$PY" -c 'import reportlab, pikepdf, fitz; print("reportlab", reportlab.Version); print("pikepdf", pikepdf.__version__); print("PyMuPDF", fitz.VersionBind, "MuPDF", fitz.VersionFitz)'
  "$PDFCPU" version 2>/dev/null | sed -n 1p | sed 's/^version:/pdfcpu/'
  pdfsig -v 2>&1 | sed -n 1p
  openssl version
  faketime --version 2>&1 | grep -m1 Version | sed 's/^faketime: Version/faketime/' 
} > tool-versions.txt

echo "fixtures written to $HERE:"
ls -l "${OUTPUTS[@]}"
