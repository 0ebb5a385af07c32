package ole

import (
	"context"
	"encoding/binary"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/provenance"
)

// readEncryptionInfo reads the EncryptionInfo stream of a password-
// protected OOXML document ([MS-OFFCRYPTO] 2.3.4): which scheme encrypts
// the EncryptedPackage stream beside it, with which cipher and, for the
// agile scheme of Office 2010 and later, how many hash rounds.
func readEncryptionInfo(_ context.Context, rec *provenance.Record, c container) {
	f := rec.Fields
	f.Set("ole.encrypted", "true")
	b, err := c.read("EncryptionInfo", maxSmallStream)
	if len(b) < 8 {
		rec.AddProblem("EncryptionInfo: %v", err)
		return
	}
	le := binary.LittleEndian
	major, minor := le.Uint16(b), le.Uint16(b[2:])
	f.Set("ole.encryption.version", fmt.Sprintf("%d.%d", major, minor))
	switch {
	case major == 4 && minor == 4:
		f.Set("ole.encryption", "agile")
		xml := string(b[8:])
		for _, a := range []struct{ elem, attr string }{
			{"keyData", "cipherAlgorithm"}, {"keyData", "cipherChaining"}, {"keyData", "keyBits"},
			{"keyData", "hashAlgorithm"}, {"encryptedKey", "spinCount"},
		} {
			if v := xmlAttr(xml, a.elem, a.attr); v != "" {
				f.Set("ole.encryption."+a.elem+"."+a.attr, v)
			}
		}
	case (major == 2 || major == 3 || major == 4) && minor == 2:
		f.Set("ole.encryption", "standard")
		if len(b) >= 12+32 {
			h := b[12:]
			f.Set("ole.encryption.AlgID", fmt.Sprintf("0x%08X", le.Uint32(h[8:])))
			f.Set("ole.encryption.AlgIDHash", fmt.Sprintf("0x%08X", le.Uint32(h[12:])))
			f.Set("ole.encryption.KeySize", strconv.Itoa(int(le.Uint32(h[16:]))))
			size := int(le.Uint32(b[8:]))
			if size >= 32 && 12+size <= len(b) {
				f.Set("ole.encryption.CSPName", decodeUTF16(h[32:size]))
			}
		}
	case (major == 3 || major == 4) && minor == 3:
		f.Set("ole.encryption", "extensible")
	default:
		f.Set("ole.encryption", "unknown")
	}
}

// xmlAttr finds attr on the first element whose local name is elem. The
// EncryptionInfo XML is small and flat; a regular expression keeps this
// free of an XML parser's namespace handling.
func xmlAttr(xml, elem, attr string) string {
	re := regexp.MustCompile(`<(?:\w+:)?` + elem + `\b[^>]*?\s` + attr + `="([^"]*)"`)
	if m := re.FindStringSubmatch(xml); m != nil {
		return m[1]
	}
	return ""
}

// refineEncrypted names the OOXML type of an encrypted package where the
// unencrypted property sets beside it tell the application, and records
// that the document itself is unreadable.
func refineEncrypted(rec *provenance.Record) {
	f := rec.Fields
	app := strings.ToLower(f["ole.summary.AppName"])
	switch {
	case strings.Contains(app, "word"):
		rec.Format, rec.MIME = "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case strings.Contains(app, "excel"):
		rec.Format, rec.MIME = "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case strings.Contains(app, "powerpoint"):
		rec.Format, rec.MIME = "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	}
	scheme := f["ole.encryption"]
	if alg := f["ole.encryption.keyData.cipherAlgorithm"]; alg != "" {
		scheme += ", " + alg + "-" + f["ole.encryption.keyData.keyBits"]
	}
	rec.AddProblem("EncryptedPackage: %v (%s): the OOXML package cannot be read without the password; only the container is", formats.ErrEncrypted, scheme)
}
