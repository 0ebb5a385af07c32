#!/bin/sh
# Regenerates the fixtures in this folder that are not written by hand:
#
#   exiftool.xmp            written by ExifTool in its default (element) form
#   exiftool-shorthand.xmp  written by ExifTool with -api Compact=Shorthand,…,
#                           the attribute form Photoshop and others also use
#   latin1.xmp              libreoffice.xmp's style, saved as ISO-8859-1 with
#                           a matching XML declaration
#   utf16be.xmp             photoshop7.xmp in UTF-16BE without a byte order
#                           mark, as early ExifTool/Photoshop JPEGs carry it
#
# Every value is invented for the tests. Run from this folder:
#   sh make.sh
# Needs exiftool (Debian: libimage-exiftool-perl; 12.57 made the committed
# files, and its version is in their x:xmptk) and iconv.
set -eu
cd "$(dirname "$0")"

rm -f exiftool.xmp exiftool-shorthand.xmp
exiftool -config '' -q -o exiftool.xmp \
  -XMP-dc:Creator='Jane Doe' -XMP-dc:Creator='John Roe' \
  -XMP-dc:Title='Quarterly report' -XMP-dc:Title-de='Quartalsbericht' \
  -XMP-dc:Subject=alpha -XMP-dc:Subject=beta \
  -XMP-xmp:CreatorTool='docprov fixture writer 1.0' \
  -XMP-xmp:CreateDate='2024:01:02 03:04:05+01:00' \
  -XMP-pdf:Producer='Fixture Producer & Co <1.0>' \
  -XMP-xmpMM:DocumentID='xmp.did:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' \
  -XMP-xmpMM:InstanceID='xmp.iid:11111111-2222-3333-4444-555555555555' \
  '-XMP-xmpMM:DerivedFrom={DocumentID=xmp.did:99999999-8888-7777-6666-555555555555,InstanceID=xmp.iid:99999999-8888-7777-6666-444444444444}' \
  '-XMP-xmpMM:History+={Action=created,When=2024:01:02 03:04:05+01:00,SoftwareAgent=docprov fixture writer 1.0,InstanceID=xmp.iid:aaaaaaaa-0000-0000-0000-000000000001}' \
  '-XMP-xmpMM:History+={Action=saved,When=2024:01:03 10:00:00+01:00,SoftwareAgent=docprov fixture writer 1.1,Changed=/metadata,InstanceID=xmp.iid:11111111-2222-3333-4444-555555555555}'

exiftool -config '' -q -api Compact=Shorthand,OneDesc,NoPadding -o exiftool-shorthand.xmp \
  -XMP-dc:Creator='Jane Doe' \
  -XMP-xmp:CreatorTool='docprov fixture writer 2.0' \
  -XMP-xmpMM:DocumentID='xmp.did:shorthand-0001' \
  '-XMP-xmpMM:DerivedFrom={DocumentID=xmp.did:shorthand-parent,InstanceID=xmp.iid:shorthand-parent}' \
  '-XMP-xmpMM:History+={Action=created,When=2024:02:03 04:05:06Z,SoftwareAgent=docprov fixture writer 2.0}' \
  '-XMP-xmpMM:History+={Action=saved,When=2024:02:03 05:06:07Z,SoftwareAgent=docprov fixture writer 2.0,Changed=/}'

# ISO-8859-1: the same declaration-and-bytes pairing old Windows tools wrote.
sed -e 's/<?xpacket begin="[^"]*" id="\([^"]*\)"?>/<?xml version="1.0" encoding="ISO-8859-1"?>/' \
    -e 's/Chris Writer/José Müller/' \
    -e 's/Exported from Writer/Exporté depuis Writer – « fixture »/' \
    -e '/<?xpacket end/d' libreoffice.xmp | iconv -f UTF-8 -t WINDOWS-1252 > latin1.xmp

iconv -f UTF-8 -t UTF-16BE photoshop7.xmp > utf16be.xmp
