// Package makernote reads the maker notes of photos: the private directory
// (EXIF tag 0x927c, MakerNote) in which camera and phone makers keep what
// the EXIF standard has no tag for, or had none for when the camera was
// made. For provenance the note matters because it is often the only place
// a photo names the body that took it: Nikon D40/D60, Canon EOS 1000D and
// Sigma bodies, Olympus E-series and Panasonic, Fujifilm and Pentax
// internal serials, lens serials, the owner name set in a Canon's menu,
// shutter counts, and Canon's and Apple's per-photo identifiers. A photo
// from a body an organisation never used, or a shutter count that runs
// backwards against the dates, is evidence.
//
// # What is read
//
// Parse recognises the note's layout from its first bytes, or from the
// camera's Make for makers that write no header, and reads the tags that
// identify the camera, the lens and the photo, named as ExifTool names
// them (SerialNumber, InternalSerialNumber, LensModel, LensSerialNumber,
// OwnerName, ShutterCount, CanonFirmwareVersion, ImageUniqueID,
// ContentIdentifier, BurstUUID, RunTimeValue …), so that an analyst can
// look each one up in ExifTool's tag documentation. formats/image writes
// them as makernote.<maker>.<TagName> and copies the serials, lens, owner
// and shutter count into the Record's Camera.
//
// Each maker lays its note out differently, and the offsets inside it
// count from different places:
//
//	Apple      "Apple iOS\0", version, "MM"; directory at +14; offsets from the note
//	Canon      no header; directory at 0; offsets from the TIFF header
//	           (a TIFF footer "II*\0" + old offset says where the note was written)
//	Nikon      type 3: "Nikon\0\x02\x10\0\0" then a TIFF header of its own at +10;
//	           offsets from that header. Type 2 "Nikon\0\x01" and headerless
//	           type 1: offsets from the TIFF header
//	Olympus    new: "OLYMPUS\0II\x03\0" (OM System: "OM SYSTEM\0…"), offsets from
//	           the note; old: "OLYMP\0", offsets from the TIFF header. Serials and
//	           lens sit in the Equipment sub-directory (0x2010)
//	Fujifilm   "FUJIFILM" + little-endian offset of the directory; always
//	           little-endian, offsets from the note
//	Panasonic  "Panasonic\0\0\0"; directory at +12; offsets from the TIFF header
//	Pentax     "AOC\0" + byte order; directory at +6; offsets from the note
//	           (some models: from the TIFF header). ShutterCount is XORed with
//	           the Date and Time tags, firmware versions with 0xff
//	Ricoh      "Ricoh\0"; directory at +8; offsets from the TIFF header
//	Sony       "SONY DSC \0\0\0"; directory at +12; offsets from the TIFF header.
//	           Shutter count and internal serial are in record 0x9050, enciphered
//	           (a byte b is stored as b³ mod 249) at model-specific offsets
//	Sigma      "SIGMA\0\0\0" or "FOVEON\0\0"; directory at +10; offsets from
//	           the TIFF header
//	Samsung    type 2: no header; offsets from the note (some models: the TIFF header)
//	Motorola   "MOT\0"; directory at +8; offsets from the note
//
// These facts were checked against ExifTool's tag tables
// (Image::ExifTool::MakerNotes and the per-maker modules); no ExifTool
// code is used. Notes of other makers (Casio, Kodak, Minolta, Sanyo, DJI,
// Google's encrypted HDR+ note, GoPro and FLIR, whose serials are in
// their own JPEG segments) are not read; formats/image still records the
// note's size and signature.
//
// # Why by hand
//
// goexif, which decodes the rest of EXIF for package exif, has a mknote
// package with Canon and Nikon parsers, but it cannot serve here: it plugs
// into goexif's exif.Decode, which this project does not use (it drops
// unknown tags and merges directories, see package exif); its Canon
// parser requires Make to be exactly "Canon" and allocates a buffer as
// large as the note's offset; its Nikon parser slices the note's first 6
// bytes without checking its length and walks the embedded TIFF with
// tiff.Decode, which loops forever on directories that point at each
// other; and it names only the tags of its own two tables. The other ten
// makers it does not know at all.
//
// # Bad input
//
// A maker note is the least trusted part of a photo: its format is
// private, editors move it without fixing its offsets, and a forger can
// write anything into it. Parse reads at most MaxDirs directories of
// MaxEntries entries, decodes no value larger than MaxValueBytes, keeps at
// most MaxFields fields, and checks every offset against the data. When a
// note's values do not fit it at the documented offset base (the note was
// moved by a program that rewrote the file), the base that puts them back
// inside the note is used, and a Problem says so. The byte order is taken
// from the header where there is one, else the one in which the entry
// count is plausible. Text is made valid UTF-8. Nothing a note holds can
// change the EXIF read around it: formats/image records the EXIF first,
// and a note that cannot be read adds only Problems.
package makernote
