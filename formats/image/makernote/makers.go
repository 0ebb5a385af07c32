package makernote

import (
	"encoding/binary"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// role says which Camera slot or identifier a tag fills.
type role int

const (
	rNone role = iota
	rSerial
	rInternal
	rLensMake
	rLensModel
	rLensSerial
	rOwner
	rFirmware
	rShutter
	rImageCount
	rID
)

// conv says how a tag's value becomes text.
type conv int

const (
	cvDefault conv = iota // by TIFF type, as ExifTool's -n shows it
	cvString              // bytes as text, whatever the type
	cvHex                 // bytes as hexadecimal (Canon ImageUniqueID)
	cvVersion             // four bytes: text when printable, else numbers
	cvSkip                // read by the maker's special code only
)

// tag is one entry of a maker's tag table. Names are ExifTool's, so that
// an analyst finds the tag in ExifTool's documentation.
type tag struct {
	name string
	role role
	conv conv
}

// Tag tables, from ExifTool's Image::ExifTool::<Maker>::Main tables
// (facts, read in ExifTool 13's source): only the tags that say who and
// what took the photo, not the exposure settings.
var (
	appleTags = map[uint16]tag{
		0x0001: {"MakerNoteVersion", rNone, cvDefault},
		0x0003: {"RunTime", rNone, cvSkip},
		0x000b: {"BurstUUID", rID, cvString},
		0x0011: {"ContentIdentifier", rID, cvString},
		0x0015: {"ImageUniqueID", rID, cvString},
		0x0020: {"ImageCaptureRequestID", rNone, cvString},
		0x002b: {"PhotoIdentifier", rID, cvString},
	}
	canonTags = map[uint16]tag{
		0x0006: {"CanonImageType", rNone, cvString},
		0x0007: {"CanonFirmwareVersion", rFirmware, cvString},
		0x0008: {"FileNumber", rNone, cvDefault},
		0x0009: {"OwnerName", rOwner, cvString},
		0x000c: {"SerialNumber", rSerial, cvSkip},
		0x0010: {"CanonModelID", rNone, cvDefault},
		0x0015: {"SerialNumberFormat", rNone, cvDefault},
		0x0028: {"ImageUniqueID", rID, cvSkip},
		0x0095: {"LensModel", rLensModel, cvString},
		0x0096: {"InternalSerialNumber", rInternal, cvSkip},
	}
	nikonTags = map[uint16]tag{
		0x0001: {"MakerNoteVersion", rNone, cvVersion},
		0x001d: {"SerialNumber", rSerial, cvString},
		0x00a0: {"SerialNumber", rSerial, cvString}, // older bodies (D70: "NO= 20025585")
		0x0083: {"LensType", rNone, cvDefault},
		0x0084: {"Lens", rNone, cvDefault},
		0x00a5: {"ImageCount", rImageCount, cvDefault},
		0x00a6: {"DeletedImageCount", rNone, cvDefault},
		0x00a7: {"ShutterCount", rShutter, cvDefault},
	}
	nikon2Tags  = map[uint16]tag{}
	olympusTags = map[uint16]tag{
		0x0104: {"BodyFirmwareVersion", rFirmware, cvString},
		0x0207: {"CameraType", rNone, cvString},
		0x0209: {"CameraID", rNone, cvString},
		0x0404: {"SerialNumber", rSerial, cvString},
		0x101a: {"SerialNumber", rSerial, cvString},
	}
	olympusEquipmentTags = map[uint16]tag{
		0x0100: {"CameraType2", rNone, cvString},
		0x0101: {"SerialNumber", rSerial, cvString},
		0x0102: {"InternalSerialNumber", rInternal, cvString},
		0x0104: {"BodyFirmwareVersion", rNone, cvDefault},
		0x0201: {"LensType", rNone, cvDefault},
		0x0202: {"LensSerialNumber", rLensSerial, cvString},
		0x0203: {"LensModel", rLensModel, cvString},
		0x0204: {"LensFirmwareVersion", rNone, cvDefault},
		0x0302: {"ExtenderSerialNumber", rNone, cvString},
		0x0303: {"ExtenderModel", rNone, cvString},
		0x1003: {"FlashSerialNumber", rNone, cvString},
	}
	fujiTags = map[uint16]tag{
		0x0000: {"Version", rNone, cvVersion},
		0x0010: {"InternalSerialNumber", rInternal, cvString},
	}
	panasonicTags = map[uint16]tag{
		0x0002: {"FirmwareVersion", rFirmware, cvVersion},
		0x0025: {"InternalSerialNumber", rInternal, cvString},
		0x0051: {"LensType", rLensModel, cvString},
		0x0052: {"LensSerialNumber", rLensSerial, cvString},
		0x0053: {"AccessoryType", rNone, cvString},
		0x0054: {"AccessorySerialNumber", rNone, cvString},
	}
	pentaxTags = map[uint16]tag{
		0x0005: {"PentaxModelID", rNone, cvDefault},
		0x0006: {"Date", rNone, cvSkip},
		0x0007: {"Time", rNone, cvSkip},
		0x0027: {"DSPFirmwareVersion", rNone, cvSkip},
		0x0028: {"CPUFirmwareVersion", rNone, cvSkip},
		0x005d: {"ShutterCount", rShutter, cvSkip},
		0x0215: {"CameraInfo", rNone, cvSkip},
		0x0229: {"SerialNumber", rSerial, cvString},
		0x0230: {"FirmwareVersion", rFirmware, cvString},
	}
	ricohTags = map[uint16]tag{
		0x0001: {"MakerNoteType", rNone, cvString},
		0x0002: {"FirmwareVersion", rFirmware, cvString},
		0x0005: {"SerialNumber", rSerial, cvSkip},
	}
	sonyTags = map[uint16]tag{
		0x9050: {"Tag9050", rNone, cvSkip},
		0xb027: {"LensType", rNone, cvDefault},
	}
	sigmaTags = map[uint16]tag{
		0x0002: {"SerialNumber", rSerial, cvString},
		0x000a: {"LensFocalRange", rNone, cvString},
		0x0017: {"Firmware", rFirmware, cvString},
		0x0018: {"Software", rNone, cvString},
	}
	samsungTags = map[uint16]tag{
		0x0001: {"MakerNoteVersion", rNone, cvVersion},
		0x0002: {"DeviceType", rNone, cvDefault},
		0x0003: {"SamsungModelID", rNone, cvDefault},
		0xa001: {"FirmwareName", rFirmware, cvString},
		0xa002: {"SerialNumber", rSerial, cvString},
		0xa003: {"LensType", rNone, cvDefault},
		0xa004: {"LensFirmware", rNone, cvString},
		0xa005: {"InternalLensSerialNumber", rNone, cvString},
	}
	motorolaTags = map[uint16]tag{
		0x5500: {"BuildNumber", rFirmware, cvString},
		0x5501: {"SerialNumber", rSerial, cvString},
	}
)

// Model and value patterns the maker tables condition on (compiled once;
// never changed).
var (
	canonD30        = regexp.MustCompile(`EOS D30\b`)
	sixWordChars    = regexp.MustCompile(`^\w{6}`)
	canon1DMarkIII  = regexp.MustCompile(`\b1Ds? Mark III$`)
	ricohSerialText = regexp.MustCompile(`^[-\w ]+$`)
	sony9050c       = regexp.MustCompile(`^(ILCE-(1\b|7M4|7RM5|7SM3)|ILME-FX3)`)
	sony9050b       = regexp.MustCompile(`^(ILCE-(6100A?|6300|6400A?|6500|6600|7C|7M3|7RM2|7RM3A?|7RM4A?|7SM2|9|9M2)|ILCA-99M2|ZV-E10)\b`)
	sony9050a       = regexp.MustCompile(`^(ILCE-|NEX-|SLT-|ILCA-)`)
	sonyNo7cSerial  = regexp.MustCompile(`^(NEX-(5N|7|VG20E)|SLT-|ILCA-)`)
	sonySerialAtF0  = regexp.MustCompile(`^(SLT-|ILCA-)`)
)

// Canon: the serial number is a number that ExifTool prints with a
// model's width; the CameraSettings array holds the lens type; the
// CameraInfo record, different for every model, holds the 1D Mark III's
// shutter count and firmware.
func canonSpecial(st *state) {
	if e, ok := st.main[0x000c]; ok && e.typ == 4 && len(e.val) >= 4 {
		v := st.order.Uint32(e.val)
		var s string
		switch {
		case canonD30.MatchString(st.src.Model):
			s = fmt.Sprintf("%04x%05d", v>>16, v&0xffff)
		case strings.Contains(st.src.Model, "EOS-1D"):
			s = fmt.Sprintf("%06d", v)
		default:
			s = fmt.Sprintf("%010d", v)
		}
		st.set(canonTags[0x000c], s)
	}
	if e, ok := st.main[0x0028]; ok && len(e.val) == 16 && strings.Trim(string(e.val), "\x00") != "" {
		st.set(canonTags[0x0028], fmt.Sprintf("%x", e.val))
	}
	if e, ok := st.main[0x0096]; ok {
		if strings.Contains(st.src.Model, "EOS 5D") {
			// SerialInfo: the internal serial is the string at byte 9.
			if len(e.val) > 9 {
				if s := cleanString(e.val[9:]); sixWordChars.MatchString(s) {
					st.set(canonTags[0x0096], s)
				}
			}
		} else {
			st.set(canonTags[0x0096], st.value(e, tag{conv: cvString}))
		}
	}
	if e, ok := st.main[0x0001]; ok && e.typ == 3 {
		if v, ok := uintAt(e.val, 2*22, 2, st.order); ok {
			st.set(tag{name: "LensType"}, strconv.FormatUint(v, 10))
		}
	}
	if e, ok := st.main[0x000d]; ok && canon1DMarkIII.MatchString(st.src.Model) {
		if v, ok := uintAt(e.val, 0x176, 4, st.order); ok {
			st.set(tag{name: "ShutterCount", role: rShutter}, strconv.FormatUint(v+1, 10))
		}
		if len(e.val) >= 0x136+6 {
			st.set(tag{name: "FirmwareVersion"}, cleanString(e.val[0x136:0x136+6]))
		}
	}
}

// Olympus keeps the serials and the lens in the Equipment directory
// (tag 0x2010): an IFD that the note points at (new style) or that sits
// inside the tag's own value (old style).
func olympusSpecial(st *state) {
	e, ok := st.main[0x2010]
	if !ok {
		return
	}
	var off int64
	switch {
	case (e.typ == 13 || e.typ == 4) && len(e.val) >= 4:
		off = st.base + int64(st.order.Uint32(e.val))
	case e.valOff >= 0 && !e.inline():
		off = e.valOff
	default:
		return
	}
	es, order := st.subDir(off, "Equipment")
	st.emitIn(es, olympusEquipmentTags, order)
}

// Panasonic's FirmwareVersion is four bytes, text or numbers; the tag
// table handles it. Nothing else needs code.
func panasonicSpecial(*state) {}

// Pentax: the shutter count is stored XORed with the Date and Time tags
// (so that changing the date breaks it), the firmware versions with all
// bits flipped, and the internal serial is the fifth number of the
// CameraInfo record.
func pentaxSpecial(st *state) {
	date, dok := st.main[0x0006]
	tm, tok := st.main[0x0007]
	if e, ok := st.main[0x005d]; ok && len(e.val) == 4 && dok && tok && len(date.val) == 4 && len(tm.val) >= 3 {
		d := binary.BigEndian.Uint32(date.val)
		t := binary.BigEndian.Uint32(append(tm.val[:3:3], 0))
		v := binary.BigEndian.Uint32(e.val) ^ d ^ (0xffffffff - t)
		st.set(pentaxTags[0x005d], strconv.FormatUint(uint64(v), 10))
	}
	if len(date.val) == 4 {
		st.set(tag{name: "Date"}, fmt.Sprintf("%04d:%02d:%02d", binary.BigEndian.Uint16(date.val), date.val[2], date.val[3]))
	}
	if len(tm.val) >= 3 {
		st.set(tag{name: "Time"}, fmt.Sprintf("%02d:%02d:%02d", tm.val[0], tm.val[1], tm.val[2]))
	}
	for _, id := range []uint16{0x0027, 0x0028} {
		if e, ok := st.main[id]; ok && len(e.val) == 4 {
			a := [4]byte{e.val[0] ^ 0xff, e.val[1] ^ 0xff, e.val[2] ^ 0xff, e.val[3] ^ 0xff}
			t := pentaxTags[id]
			if id == 0x0028 {
				t.role = rFirmware
			}
			st.set(t, fmt.Sprintf("%d %02d %02d %02d", a[0], a[1], a[2], a[3]))
		}
	}
	if e, ok := st.main[0x0215]; ok {
		if v, ok := uintAt(e.val, 16, 4, st.order); ok {
			st.set(tag{name: "InternalSerialNumber", role: rInternal}, strconv.FormatUint(v, 10))
		}
	}
}

// Ricoh's tag 0x0005 is the serial as text on some models and an
// internal serial in binary on others.
func ricohSpecial(st *state) {
	e, ok := st.main[0x0005]
	if !ok || len(e.val) == 0 {
		return
	}
	if ricohSerialText.Match(e.val) {
		st.set(tag{name: "SerialNumber", role: rSerial}, cleanString(e.val))
		return
	}
	st.set(tag{name: "InternalSerialNumber", role: rInternal}, fmt.Sprintf("%x", e.val))
}

// sonyDecipher undoes the substitution cipher of Sony's 0x9xxx records:
// a byte b in 2..247 is stored as b³ mod 249.
var sonyDecipher = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
	}
	for b := 2; b <= 247; b++ {
		t[b*b*b%249] = byte(b)
	}
	return t
}()

// Sony: record 0x9050, enciphered, holds the shutter count and an internal
// serial for the E-mount bodies, at offsets that depend on the model.
func sonySpecial(st *state) {
	e, ok := st.main[0x9050]
	if !ok || len(e.val) == 0 {
		return
	}
	b := make([]byte, len(e.val))
	for i, c := range e.val {
		b[i] = sonyDecipher[c]
	}
	m := st.src.Model
	var shutter, serial, serialLen int
	switch {
	case sony9050c.MatchString(m):
		shutter, serial, serialLen = 0x3a, 0x88, 6
		if strings.HasPrefix(m, "ILCE-1") {
			serial = 0x8a
		}
	case sony9050b.MatchString(m):
		shutter, serial, serialLen = 0x3a, 0x88, 6
	case sony9050a.MatchString(m) && !strings.HasPrefix(m, "DSC-"):
		shutter = 0x32
		if !sonyNo7cSerial.MatchString(m) {
			serial, serialLen = 0x7c, 4
		} else if sonySerialAtF0.MatchString(m) {
			serial, serialLen = 0xf0, 5
		}
	default:
		return
	}
	if v, ok := uintAt(b, shutter, 4, binary.LittleEndian); ok {
		if shutter == 0x3a {
			v &= 0x00ffffff
		}
		st.set(tag{name: "ShutterCount", role: rShutter}, strconv.FormatUint(v, 10))
	}
	if serialLen > 0 && serial+serialLen <= len(b) {
		st.set(tag{name: "InternalSerialNumber", role: rInternal}, fmt.Sprintf("%x", b[serial:serial+serialLen]))
	}
}

// Apple's RunTime (tag 0x0003) is a binary property list holding a
// CMTime: how long the phone had been running since it booted, not
// counting standby. Photos from one boot share its epoch and count up.
func appleSpecial(st *state) {
	e, ok := st.main[0x0003]
	if !ok {
		return
	}
	d, err := plistDict(e.val)
	if err != nil {
		st.note.problem("RunTime: %v", err)
		return
	}
	names := []struct{ key, name string }{{"flags", "RunTimeFlags"}, {"value", "RunTimeValue"}, {"epoch", "RunTimeEpoch"}, {"timescale", "RunTimeScale"}}
	for _, n := range names {
		if v, ok := d[n.key]; ok {
			st.set(tag{name: n.name}, strconv.FormatInt(v, 10))
		}
	}
	if v, s := d["value"], d["timescale"]; s > 0 {
		st.set(tag{name: "RunTimeSincePowerUp"}, strconv.FormatFloat(float64(v)/float64(s), 'f', 3, 64))
	}
}
