// Package image reads the provenance of photos and scans: JPEG, TIFF and
// the TIFF-based raw formats (DNG, CR2, NEF, ARW …), PNG, WebP, HEIF (HEIC
// and AVIF), GIF and Photoshop PSD.
//
// A photo says which camera or phone took it, when and where, and which
// programs touched it afterwards. A photo re-saved by an editor changes its
// EXIF Software tag, its XMP history and its JPEG quantization tables; a
// cropped photo can keep the uncropped thumbnail. Format reads all of
// these traces from the file's headers, never decoding pixels unless asked
// to compare the thumbnail with the image (Format.CompareThumbnail).
//
// Extract fills a provenance.Record with, as Fields:
//
//	exif.<IFD>.<Tag>           every EXIF/TIFF tag, by directory: IFD0, IFD1
//	                           (the thumbnail's), IFD2 … (further TIFF pages),
//	                           ExifIFD, GPS, InteropIFD, SubIFD, SubIFD1 …;
//	                           names from the TIFF, EXIF 2.32 and DNG
//	                           specifications (DateTime, DateTimeOriginal,
//	                           DateTimeDigitized, OffsetTime*, SubSecTime*,
//	                           BodySerialNumber …), "0x1234" for unknown tags;
//	                           binary values as "(N bytes)"
//	exif.gps.datetime          GPSDateStamp + GPSTimeStamp as RFC 3339 UTC
//	exif.makernote.size, exif.makernote.maker
//	                           whether a maker note exists and whose it is
//	makernote.<maker>.<Tag>    the maker note's identifying tags, with
//	                           ExifTool's names (makernote.nikon.SerialNumber,
//	                           makernote.canon.OwnerName,
//	                           makernote.apple.ContentIdentifier): see package
//	                           makernote for the makers read; a DNG's copy in
//	                           DNGPrivateData ("Adobe\0MakN") is read too
//	exif.thumbnail.*           size, width, height, aspect_ratio, quality,
//	                           subsampling, aspect_matches (with the image),
//	                           similarity (only with CompareThumbnail)
//	xmp.<path>                 every XMP property (paths as package xmp
//	                           writes them: xmp.xmp:CreatorTool,
//	                           xmp.xmpMM:History[0]/stEvt:softwareAgent);
//	                           JPEG extended XMP is merged in, and
//	                           jpeg.xmp.extended names it
//	iptc.<Dataset>             IPTC-IIM datasets (By-line, DateCreated,
//	                           Caption-Abstract, Keywords[i],
//	                           OriginatingProgram …)
//	photoshop.*                Photoshop image resources: the resource list,
//	                           WriterName/ReaderName, IPTCDigest and whether
//	                           it still matches the IPTC block, thumbnail
//	icc.*                      ICC profile header and description:
//	                           ProfileDescription, ProfileCreator,
//	                           ProfileCMMType, ProfileDateTime, ProfileVersion …
//	image.width, image.height  the image's own dimensions (JPEG SOF, PNG
//	                           IHDR, WebP VP8X, HEIF ispe, TIFF IFD0, GIF, PSD)
//	image.exif_dimensions_match  EXIF PixelX/YDimension against them
//	image.firmware_built       the month a Samsung firmware was built
//	                           ("2022-01"), from its build code
//	jpeg.markers               the segments before the first scan, in order
//	                           ("APP0:JFIF APP1:Exif DQT SOF0 DHT SOS")
//	jpeg.sof, jpeg.process, jpeg.width, jpeg.height, jpeg.bits,
//	jpeg.components, jpeg.sampling, jpeg.subsampling ("4:2:0")
//	jpeg.dqt[i], jpeg.dqt[i].hash, jpeg.dqt.hash
//	                           each quantization table (zigzag order) and
//	                           stable hashes (first 16 hex digits of SHA-256)
//	jpeg.quality               the IJG quality when every table is a scaled
//	                           Annex K table, else "non-standard" (with
//	                           jpeg.quality.nearest, the closest IJG quality)
//	jpeg.dht.count, jpeg.dht.hash, jpeg.dht.standard
//	                           Huffman tables: hash, and whether all are the
//	                           standard's (non-optimised encoders)
//	jpeg.comment[i], jpeg.ends_with_eoi
//	jfif.*, adobe.*, ducky.Quality  JFIF, Adobe APP14, Photoshop Save for Web
//	png.text.<keyword>, png.tIME, png.iCCP.name, png.pHYs, png.chunks …
//	webp.chunks, webp.encoding, webp.vp8x_flags
//	heif.major_brand, heif.compatible_brands, heif.boxes, heif.items
//	gif.version, gif.frames, gif.comment[i], gif.applications
//	tiff.ifds, psd.version, psd.depth, psd.color_mode
//	c2pa.*                     a C2PA manifest store (JPEG APP11, PNG caBX,
//	                           WebP C2PA, HEIF uuid box, TIFF tag 0xCD41),
//	                           validated by package c2pa against the file's
//	                           bytes (Format.C2PA gives the trust list);
//	                           c2pa.remote_manifest when only the XMP names
//	                           one (dcterms:provenance), never fetched
//
// and the normalized view (SCHEMA.md): created (DateTimeOriginal with
// SubSecTimeOriginal and OffsetTimeOriginal, else DateTimeDigitized, else
// XMP xmp:CreateDate or photoshop:DateCreated, else IPTC, else PNG
// "Creation Time"), modified (IFD0 DateTime with OffsetTime, else XMP
// ModifyDate, else PNG tIME), metadata date, authors (Artist, else XMP
// dc:creator, else IPTC By-line), title, description, keywords, camera
// (make, model, serial, internal serial, lens, lens make and serial,
// owner, shutter count: the standard EXIF tags first, then the maker
// note), GPS (none for a receiver without a fix:
// see exif.Exif.LatLon; 0/0 rationals and 0°0'0" N 0°0'0" E are no
// position, and the raw exif.GPS.* tags stay as written), software (IFD0 Software as "device"
// when it looks like the camera's firmware, as "creator" when it names a
// scanning program such as VueScan, which wrote the scan, as "editor" otherwise; a
// bare version number, as iPhones write theirs, is always the device's,
// named after its system: "iOS" 16.1.2, else "<model> firmware", even in
// a file with other traces of editing, since no editor writes a number
// alone; a Samsung phone's build code ("A525FXXS4BVA2") likewise, as
// "<model> firmware" with a version that orders its updates
// (bootloader.update.year.month.build, "4.2.2022.1.2") and the month it
// was built in image.firmware_built;
// xmp:CreatorTool and IPTC OriginatingProgram as "creator"; XMP history
// agents as "editor"; a maker note's firmware version as "device") and
// identifiers (exif.ImageUniqueID,
// exif.BodySerialNumber, xmp.DocumentID, xmp.InstanceID,
// xmp.OriginalDocumentID, xmp.DerivedFrom, and the maker note's
// makernote.canon.ImageUniqueID, makernote.apple.ContentIdentifier,
// BurstUUID, ImageUniqueID and PhotoIdentifier). An EXIF time without
// OffsetTime has no offset: it is the camera's wall clock.
//
// # Where the parsing comes from
//
// EXIF and TIFF directories are read by the subpackage exif, which decodes
// every tag with github.com/rwcarlsen/goexif's tiff.DecodeTag but walks the
// directories itself: goexif's own walk hangs on IFDs that point at each
// other, drops tags it has no name for (BodySerialNumber, OffsetTime*)
// and allocates whatever a corrupt count asks for, so each entry is checked
// against the data before goexif sees it, and goexif is wrapped in
// recover. Maker notes are read by the subpackage makernote, by hand
// (its documentation says why goexif's mknote does not serve). XMP goes
// to package xmp. Everything else has no good Go
// library and is parsed here with the standard library: the JPEG segment
// walk, DQT/DHT/SOF, IPTC-IIM, Photoshop resource blocks, ICC headers, PNG
// chunks, WebP RIFF chunks, the ISO BMFF boxes of HEIF, GIF blocks and the
// PSD header. The thumbnail comparison decodes with image/jpeg.
//
// # Bad input
//
// Every loop is bounded by the input's size and a fixed maximum, every
// offset is checked before it is read, compressed chunks inflate through a
// limit (MaxMetadataBytes), and an image is decoded only after its header
// shows it is no larger than MaxDecodePixels. A file whose container is
// recognised but partly broken yields a Record with Problems; one with
// nothing readable yields an error wrapping formats.ErrMalformed.
package image
