package ole

import (
	"context"
	"encoding/binary"
	"fmt"
	"github.com/docprov/docprov/formats/internal/winlang"
	"strconv"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/provenance"
)

// Header tokens of the CurrentUserAtom ([MS-PPT] 2.3.2).
const (
	pptTokenPlain     = 0xE391C05F
	pptTokenEncrypted = 0xF3D1C4DF
)

// readPowerPoint reads the "Current User" stream: the CurrentUserAtom
// records the name of the user who last saved the presentation (ANSI and,
// from PowerPoint 2000 on, Unicode), the file format version and, in its
// header token, whether the presentation is encrypted.
func readPowerPoint(_ context.Context, rec *provenance.Record, c container) {
	b, err := c.read("Current User", maxSmallStream)
	if len(b) == 0 {
		if err != nil {
			rec.AddProblem("Current User: %v", err)
		}
		return
	}
	le := binary.LittleEndian
	f := rec.Fields
	if len(b) < 8+20 {
		rec.AddProblem("Current User: CurrentUserAtom: %v", errShort)
		return
	}
	recType := le.Uint16(b[2:])
	recLen := int(le.Uint32(b[4:]))
	if recType != 0x0FF6 {
		rec.AddProblem("Current User: record type 0x%04X is not a CurrentUserAtom", recType)
		return
	}
	a := b[8:min(len(b), 8+max(recLen, 0))]
	if len(a) < 20 {
		rec.AddProblem("Current User: CurrentUserAtom: %v", errShort)
		return
	}
	token := le.Uint32(a[4:])
	f.Set("ole.ppt.CurrentUser.headerToken", fmt.Sprintf("0x%08X", token))
	f.Set("ole.ppt.CurrentUser.offsetToCurrentEdit", strconv.Itoa(int(le.Uint32(a[8:]))))
	nameLen := int(le.Uint16(a[12:]))
	f.Set("ole.ppt.CurrentUser.docFileVersion", fmt.Sprintf("0x%04X", le.Uint16(a[14:])))
	f.Set("ole.ppt.CurrentUser.majorVersion", strconv.Itoa(int(a[16])))
	f.Set("ole.ppt.CurrentUser.minorVersion", strconv.Itoa(int(a[17])))
	pos := 20
	if nameLen > 255 || pos+nameLen > len(a) {
		rec.AddProblem("Current User: user name of %d bytes does not fit", nameLen)
	} else {
		f.Set("ole.ppt.CurrentUser.ansiUserName", winlang.DecodeCodePage(a[pos:pos+nameLen], 1252))
		pos += nameLen
		if pos+4 <= len(a) {
			f.Set("ole.ppt.CurrentUser.relVersion", strconv.Itoa(int(le.Uint32(a[pos:]))))
			pos += 4
			if pos+2*nameLen <= len(a) {
				f.Set("ole.ppt.CurrentUser.unicodeUserName", decodeUTF16(a[pos:pos+2*nameLen]))
			}
		}
	}
	if token == pptTokenEncrypted {
		f.Set("ole.encrypted", "true")
		f.Set("ole.encryption", "rc4-cryptoapi")
		rec.AddProblem("PowerPoint Document: %v (CryptSession10Container): slides unreadable", formats.ErrEncrypted)
	} else if token != pptTokenPlain {
		rec.AddProblem("Current User: unknown header token 0x%08X", token)
	}
}
