// Package exif reads TIFF-structured metadata: the EXIF block of JPEG,
// PNG, WebP and HEIF files, and TIFF files and TIFF-based raw files (DNG,
// CR2, NEF, ARW) themselves.
//
// Parse walks the image file directories (IFD0, IFD1 and further IFDs in
// the chain, the Exif, GPS and Interoperability IFDs, SubIFDs) and returns
// every tag of every directory with the name the TIFF, EXIF 2.32 or DNG
// specification gives it. Text, String and Time read values; SetFields
// writes them as docprov Fields ("exif.IFD0.Make",
// "exif.ExifIFD.OffsetTimeOriginal").
//
// # goexif, and what this package adds around it
//
// Each tag's value is decoded by github.com/rwcarlsen/goexif's
// tiff.DecodeTag, but nothing else of goexif is used, for three reasons
// found on real and hostile files:
//
//   - goexif's tiff.Decode follows the IFD chain with a check for an IFD
//     that points at itself only: two IFDs that point at each other make it
//     loop forever. Parse walks the directories itself and never reads an
//     offset twice.
//   - goexif's exif.Decode keeps only the tags in its own tables, so it
//     drops BodySerialNumber, the OffsetTime tags of EXIF 2.31 and
//     everything newer; it reads only the thumbnail's offset and length
//     from IFD1; and it merges IFD0 and the Exif IFD into one map, so a
//     tag present in both keeps one value. Parse keeps every tag, by
//     directory.
//   - goexif computes a value's size in 32 bits and allocates whatever
//     count a tag claims, and one bad tag makes it drop its whole directory.
//     Parse checks each entry's type, count and offset against the data
//     (in 64 bits) before goexif sees it, skips a bad entry with a Problem
//     and keeps the others, and decodes only values of at most 64 KiB
//     (larger ones are left for Bytes). goexif runs under recover.
//
// Every loop is bounded (MaxDirs, MaxEntries, MaxTags) and Parse honours
// its context between directories. Data on disk is read through a small
// page cache, so that the many small reads of a directory walk cost few
// system calls.
package exif
