#!/bin/sh
# Regenerates the image fixtures with real producers: ImageMagick 6.9.11
# (/usr/bin/convert, identify), ExifTool 12.57, libwebp 1.2.4 (cwebp),
# libheif 1.15.1 (heif-enc), plus Python for the two hostile TIFFs that no
# producer would write. Every value set here is asserted in
# formats/image/image_test.go; README.md lists them.
#
# Run from this directory: sh make.sh
set -eu
cd "$(dirname "$0")"
CONVERT=/usr/bin/convert
IDENTIFY=/usr/bin/identify
ET="exiftool -q -overwrite_original"
# ImageMagick stamps PNG/TIFF with the current time; fix the clock.
export SOURCE_DATE_EPOCH=1700000000
ft() { faketime '2023-11-14 22:13:20' "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A picture with structure, so that a thumbnail comparison means something.
ft $CONVERT -size 320x240 xc:white \
	-fill red -draw "rectangle 20,20 140,120" \
	-fill blue -draw "circle 240,160 280,200" \
	-fill green -draw "rectangle 0,200 320,240" \
	-fill black -draw "polygon 180,20 300,20 240,100" \
	"$tmp/base.png"

# 1. ImageMagick JPEGs at known qualities: the IJG quality estimate must
# agree with `identify -format %Q` within 2.
: > quality.tsv
for q in 30 40 50 60 75 85 92 95 100; do
	ft $CONVERT "$tmp/base.png" -resize 64x48 -strip -quality $q "im-q$q.jpg"
done
ft $CONVERT "$tmp/base.png" -resize 64x48 -strip -colorspace Gray -quality 80 im-gray-q80.jpg
for f in im-q*.jpg im-gray-q80.jpg; do
	printf '%s\t%s\n' "$f" "$($IDENTIFY -format %Q "$f")" >> quality.tsv
done

# 2. A "camera" JPEG: EXIF with every provenance tag, a thumbnail of the
# same picture, XMP, IPTC and an ICC profile, all written by ExifTool.
ft $CONVERT "$tmp/base.png" -strip -sampling-factor 2x2 -quality 88 camera.jpg
ft $CONVERT "$tmp/base.png" -strip -resize 160x120 -quality 75 "$tmp/thumb.jpg"
$ET -Make="Docprov Camera Co." -Model="DC-1000" -Software="DC-1000 Firmware 1.02" \
	-Artist="Alice Example" -Copyright="(c) 2023 Alice Example" -HostComputer="DC-1000" \
	-ModifyDate="2023:04:05 06:07:08" -OffsetTime="+02:00" -SubSecTime=120 \
	-DateTimeOriginal="2023:04:05 06:07:01" -SubSecTimeOriginal=345 -OffsetTimeOriginal="+02:00" \
	-CreateDate="2023:04:05 06:07:02" -SubSecTimeDigitized=678 -OffsetTimeDigitized="+02:00" \
	-ImageUniqueID=0123456789abcdef0123456789abcdef -SerialNumber=SN-424242 \
	-OwnerName="Alice Example" -LensMake="Docprov Optics" -LensModel="DO 35mm f/2" \
	-GPSLatitude=48.8566 -GPSLatitudeRef=N -GPSLongitude=2.3522 -GPSLongitudeRef=E \
	-GPSTimeStamp="04:07:01" -GPSDateStamp="2023:04:05" \
	-ExifImageWidth=320 -ExifImageHeight=240 -Orientation#=1 \
	"-ThumbnailImage<=$tmp/thumb.jpg" \
	-XMP-xmp:CreatorTool="DC-1000 Firmware 1.02" \
	-XMP-xmpMM:DocumentID=xmp.did:11111111-2222-3333-4444-555555555555 \
	-XMP-xmpMM:InstanceID=xmp.iid:66666666-7777-8888-9999-000000000000 \
	-XMP-xmpMM:OriginalDocumentID=xmp.did:11111111-2222-3333-4444-555555555555 \
	-IPTC:By-line="Alice Example" -IPTC:Caption-Abstract="Shapes on white" \
	-IPTC:Keywords=red -IPTC:Keywords=blue -IPTC:OriginatingProgram="DC-1000" \
	-IPTC:ProgramVersion=1.02 -IPTC:DateCreated=20230405 -IPTC:TimeCreated=060701+0200 \
	"-ICC_Profile<=/usr/share/color/icc/ghostscript/srgb.icc" \
	camera.jpg

# 3. The same photo cropped and re-saved by an "editor": ImageMagick keeps
# the EXIF block (and so the uncropped thumbnail); ExifTool then records
# the edit in Software, the XMP history and a DerivedFrom reference.
ft $CONVERT camera.jpg -crop 160x240+0+0 +repage -quality 90 cropped.jpg
$ET -Software="Docprov Editor 2.0" -ModifyDate="2023:05:06 07:08:09" -OffsetTime="-04:00" \
	-XMP-xmp:CreatorTool="Docprov Editor 2.0" -XMP-xmp:ModifyDate="2023:05:06 07:08:09-04:00" \
	-XMP-xmpMM:InstanceID=xmp.iid:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee \
	-XMP-xmpMM:DerivedFromDocumentID=xmp.did:11111111-2222-3333-4444-555555555555 \
	-XMP-xmpMM:DerivedFromInstanceID=xmp.iid:66666666-7777-8888-9999-000000000000 \
	-XMP-xmpMM:HistoryAction=saved -XMP-xmpMM:HistoryWhen="2023:05:06 07:08:09-04:00" \
	-XMP-xmpMM:HistorySoftwareAgent="Docprov Editor 2.0" -XMP-xmpMM:HistoryChanged=/ \
	cropped.jpg

# 4. TIFF written by ImageMagick, tagged by ExifTool (EXIF in IFD0 and an
# Exif IFD, XMP in tag 700, IPTC in tag 33723).
ft $CONVERT "$tmp/base.png" -resize 32x24 -compress zip tagged.tif
$ET -Make="Docprov Scanner" -Model="DS-9" -Software="DS-9 Scan 3.1" -Artist="Bob Example" \
	-ModifyDate="2022:01:02 03:04:05" -DateTimeOriginal="2022:01:02 03:04:00" \
	-XMP-xmpMM:DocumentID=uuid:0f0e0d0c-0b0a-0908-0706-050403020100 -XMP-xmp:CreatorTool="DS-9 Scan 3.1" \
	-IPTC:By-line="Bob Example" tagged.tif

# 5. PNG from ImageMagick with text chunks, then XMP (iTXt), EXIF (eXIf)
# and compressed text (zTXt, ExifTool -z) from ExifTool.
ft $CONVERT "$tmp/base.png" -resize 48x36 -set Title "Shapes" -set Author "Carol Example" \
	-define png:exclude-chunks=date,time png:text.png
$ET -z -PNG:Software="Docprov Paint 5" -PNG:Comment="drawn for docprov" \
	-XMP-xmp:CreatorTool="Docprov Paint 5" -XMP-xmp:CreateDate="2021-06-07T08:09:10+05:30" \
	-XMP-dc:Creator="Carol Example" -XMP-xmpMM:DocumentID=xmp.did:cafe0000-0000-0000-0000-00000000beef \
	-EXIF:Artist="Carol Example" -EXIF:DateTimeOriginal="2021:06:07 08:09:10" \
	-PNG:ModifyDate="2021:06:08 09:10:11Z" text.png

# 6. WebP from libwebp, with EXIF and XMP chunks written by ExifTool.
cwebp -quiet -q 80 "$tmp/base.png" -resize 64 48 -o photo.webp
$ET -Make="Docprov Phone" -Model="DP-7" -Software="DP-7 OS 14" \
	-DateTimeOriginal="2024:02:03 04:05:06" -OffsetTimeOriginal="+09:00" \
	-XMP-xmp:CreatorTool="DP-7 OS 14" -XMP-xmpMM:DocumentID=xmp.did:webp-0001 photo.webp

# 7. HEIC from libheif; heif-enc copies the EXIF and XMP of its JPEG input
# into Exif and mime items.
ft $CONVERT "$tmp/base.png" -resize 64x48 -quality 90 "$tmp/small.jpg"
$ET -Make="Docprov Phone" -Model="DP-8" -Software="DP-8 OS 15" \
	-DateTimeOriginal="2024:03:04 05:06:07" -OffsetTimeOriginal="-07:00" \
	-XMP-xmp:CreatorTool="DP-8 OS 15" -XMP-xmpMM:DocumentID=xmp.did:heic-0001 "$tmp/small.jpg"
heif-enc -q 50 -o photo.heic "$tmp/small.jpg" > /dev/null

# 8. A two-frame GIF from ImageMagick; ExifTool adds a comment extension
# and XMP (an application extension).
ft $CONVERT "$tmp/base.png" \( "$tmp/base.png" -negate \) -resize 32x24 -delay 50 -loop 0 anim.gif
$ET -Comment="made for docprov" -XMP-xmp:CreatorTool="Docprov GIF Maker" -XMP-dc:Creator="Dan Example" anim.gif

# 9. PSD from ImageMagick, with XMP and IPTC from ExifTool.
ft $CONVERT "$tmp/base.png" -resize 16x12 doc.psd
$ET -XMP-xmp:CreatorTool="Docprov PSD 1" -XMP-xmpMM:DocumentID=xmp.did:psd-0001 \
	-IPTC:By-line="Eve Example" doc.psd

# 10. Hostile TIFFs no producer writes, built byte by byte:
# loop.tif: IFD0 and IFD1 point at each other (goexif's tiff.Decode hangs);
# hugecount.tif: a LONG tag whose count overflows 32-bit size arithmetic,
# and a tag whose value lies past the end.
/usr/bin/python3 - <<'EOF'
import struct
# 56 bytes: header (8) + IFD0 at 8 with 1 entry (2+12+4=18) + IFD1 at 26 with 2 entries (2+24+4=30).
hdr = b'II*\x00' + struct.pack('<I', 8)
ifd0 = struct.pack('<H', 1) + struct.pack('<HHII', 0x0100, 3, 1, 16) + struct.pack('<I', 26)
ifd1 = struct.pack('<H', 2) + struct.pack('<HHII', 0x0100, 3, 1, 8) + struct.pack('<HHII', 0x0101, 3, 1, 8) + struct.pack('<I', 8)
data = hdr + ifd0 + ifd1
assert len(data) == 56, len(data)
open('loop.tif', 'wb').write(data)

entries = [
    (0x010f, 2, 6, struct.unpack('<I', b'Huge')[0]),  # Make, 6 bytes at offset "Huge" (past the end)
    (0x0111, 4, 0x40000001, 8),                      # StripOffsets: 4 * 0x40000001 overflows uint32
    (0x0131, 2, 4, struct.unpack('<I', b'Ok!\x00')[0]), # Software "Ok!" inline
]
ifd = struct.pack('<H', len(entries)) + b''.join(struct.pack('<HHII', *e) for e in entries) + struct.pack('<I', 0)
open('hugecount.tif', 'wb').write(b'II*\x00' + struct.pack('<I', 8) + ifd)
EOF

# 11. A photo taken without a GPS fix: GPSStatus V (measurement void),
# latitude and longitude 0 0 0. ExifTool writes them as 0/1 0/1 0/1 (it
# refuses 0/0, as "undef" or otherwise); image_test.go also patches the
# denominators to 0, which is what no-fix cameras write.
ft $CONVERT "$tmp/base.png" -strip -resize 16x12 -quality 75 gps-void.jpg
$ET -Make="Docprov Camera Co." -Model="DC-1000" -GPSStatus#=V \
	-GPSLatitude#=0 -GPSLatitudeRef=N -GPSLongitude#=0 -GPSLongitudeRef=E \
	-GPSDateStamp=2023:04:05 -GPSTimeStamp=04:07:01 gps-void.jpg

# 12. Two shots of one camera and an EXIF transplant. shot-1.jpg and
# shot-2.jpg are two pictures with the exposure each shot measured
# (exposure time, aperture, ISO, focal length, sub-second, GPS fix and
# altitude); transplant.jpg is a third picture whose every tag was copied
# from shot-1.jpg with exiftool -TagsFromFile, its dates then moved 12
# minutes later: the capture settings of one shot on another picture.
ft $CONVERT "$tmp/base.png" -resize 96x72 -strip -quality 90 shot-1.jpg
ft $CONVERT "$tmp/base.png" -resize 96x72 -flop -strip -quality 90 shot-2.jpg
ft $CONVERT "$tmp/base.png" -resize 96x72 -negate -strip -quality 90 transplant.jpg
$ET -Make="Docprov Camera Co." -Model="DC-1000" -Software="DC-1000 Firmware 1.02" \
	-AllDates="2023:06:01 10:15:30" -SubSecTimeOriginal=41 -OffsetTimeOriginal="+02:00" \
	-ExposureTime=1/250 -FNumber=2.8 -ISO=100 -FocalLength=5.1 \
	-GPSLatitude=48.8566 -GPSLatitudeRef=N -GPSLongitude=2.3522 -GPSLongitudeRef=E -GPSAltitude=112 \
	-GPSTimeStamp="08:15:30" -GPSDateStamp="2023:06:01" shot-1.jpg
$ET -Make="Docprov Camera Co." -Model="DC-1000" -Software="DC-1000 Firmware 1.02" \
	-AllDates="2023:06:01 10:21:07" -SubSecTimeOriginal=87 -OffsetTimeOriginal="+02:00" \
	-ExposureTime=1/500 -FNumber=2.8 -ISO=100 -FocalLength=8.9 \
	-GPSLatitude=48.8571 -GPSLatitudeRef=N -GPSLongitude=2.3519 -GPSLongitudeRef=E -GPSAltitude=109 \
	-GPSTimeStamp="08:21:07" -GPSDateStamp="2023:06:01" shot-2.jpg
$ET -TagsFromFile shot-1.jpg -all:all -AllDates="2023:06:01 10:27:30" \
	-GPSTimeStamp="08:27:30" transplant.jpg

# 13. A photo of another maker's camera, for the naming its maker gives
# (provenance's photo-name check renames it after DC-1000's photos).
ft $CONVERT "$tmp/base.png" -resize 96x72 -rotate 180 -strip -quality 85 other-maker.jpg
$ET -Make="Other Optics" -Model="OX-7" -AllDates="2023:06:02 09:00:00" other-maker.jpg

# 14. A Samsung phone's photo whose firmware build code (A525FXXS4BVA2:
# bootloader 4, second system update, built January 2022) is newer than
# the date it claims, 2021-11-01.
ft $CONVERT "$tmp/base.png" -resize 96x72 -strip -quality 85 samsung-firmware.jpg
$ET -Make=samsung -Model=SM-A525F -Software=A525FXXS4BVA2 -AllDates="2021:11:01 14:41:33" samsung-firmware.jpg

ls -l
