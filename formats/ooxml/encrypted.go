package ooxml

import (
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/docprov/docprov/provenance"
)

// oleMagic is the signature of an OLE2 compound file.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// A password-protected OOXML document is not a ZIP package: Office wraps
// the encrypted package in an OLE2 compound file ([MS-OFFCRYPTO]) with an
// "EncryptionInfo" stream (how it was encrypted) and an "EncryptedPackage"
// stream (the ZIP, encrypted). Nothing of core.xml or app.xml is readable
// without the password, but the container still says which encryption
// (Agile for Office 2010 and later, Standard for Office 2007), which cipher
// and hash, and which cryptographic provider, which dates the producer
// roughly. formats/ole owns OLE2 files; these helpers let it report such a
// file as encrypted OOXML.

// IsEncryptedPackage reports whether the stream names of an OLE2 compound
// file's root storage are those of an encrypted OOXML document: both
// "EncryptionInfo" and "EncryptedPackage" (compared without case).
func IsEncryptedPackage(streamNames []string) bool {
	var info, pkg bool
	for _, n := range streamNames {
		switch strings.ToLower(strings.TrimLeft(n, "/")) {
		case "encryptioninfo":
			info = true
		case "encryptedpackage":
			pkg = true
		}
	}
	return info && pkg
}

// ParseEncryptionInfo records what the EncryptionInfo stream of an
// encrypted OOXML document reveals, under prefix (e.g.
// "ooxml.encryption"): the version ("4.4" Agile, "3.2"/"4.2" Standard,
// "3.3"/"4.3" Extensible), and for Agile the key data's cipher, chaining,
// hash and key size and whether a data-integrity HMAC and password or
// certificate key encryptors are present; for Standard the algorithm IDs,
// key size and the cryptographic provider's name. It returns an error for a
// stream too short or malformed to read; what it read before the error is
// kept.
func ParseEncryptionInfo(b []byte, f provenance.Fields, prefix string) error {
	if len(b) < 8 {
		return fmt.Errorf("EncryptionInfo: %d bytes, too short", len(b))
	}
	major, minor := binary.LittleEndian.Uint16(b), binary.LittleEndian.Uint16(b[2:])
	f.Set(prefix+".version", fmt.Sprintf("%d.%d", major, minor))
	flags := binary.LittleEndian.Uint32(b[4:])
	switch {
	case major == 4 && minor == 4:
		f.Set(prefix+".type", "agile")
		return parseAgile(b[8:], f, prefix)
	case minor == 2 && (major == 2 || major == 3 || major == 4):
		f.Set(prefix+".type", "standard")
	case minor == 3 && (major == 3 || major == 4):
		f.Set(prefix+".type", "extensible")
	default:
		return fmt.Errorf("EncryptionInfo: unknown version %d.%d", major, minor)
	}
	f.Set(prefix+".flags", fmt.Sprintf("0x%08x", flags))
	if len(b) < 12 {
		return fmt.Errorf("EncryptionInfo: no header size")
	}
	size := int(binary.LittleEndian.Uint32(b[8:]))
	hdr := b[12:]
	if size < 32 || size > len(hdr) {
		return fmt.Errorf("EncryptionInfo: header size %d of %d bytes", size, len(hdr))
	}
	hdr = hdr[:size]
	f.Set(prefix+".algID", fmt.Sprintf("0x%08x", binary.LittleEndian.Uint32(hdr[8:])))
	f.Set(prefix+".algIDHash", fmt.Sprintf("0x%08x", binary.LittleEndian.Uint32(hdr[12:])))
	f.Set(prefix+".keySize", fmt.Sprint(binary.LittleEndian.Uint32(hdr[16:])))
	f.Set(prefix+".providerType", fmt.Sprintf("0x%08x", binary.LittleEndian.Uint32(hdr[20:])))
	var u []uint16
	for i := 32; i+1 < len(hdr); i += 2 {
		c := binary.LittleEndian.Uint16(hdr[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	f.Set(prefix+".cspName", string(utf16.Decode(u)))
	return nil
}

// parseAgile reads the XML descriptor of Agile encryption.
func parseAgile(b []byte, f provenance.Fields, prefix string) error {
	if len(b) > MaxPropsBytes {
		b = b[:MaxPropsBytes]
	}
	var encryptors []string
	err := walkXML(b, walker{start: func(se xml.StartElement, _ []string) {
		switch se.Name.Local {
		case "keyData":
			for _, a := range []string{"cipherAlgorithm", "cipherChaining", "hashAlgorithm", "keyBits", "saltSize", "blockSize", "hashSize"} {
				f.Set(prefix+".keyData."+a, attr(se, a))
			}
		case "dataIntegrity":
			f.Set(prefix+".dataIntegrity", "true")
		case "keyEncryptor":
			uri := attr(se, "uri")
			switch {
			case strings.HasSuffix(uri, "/password"):
				encryptors = append(encryptors, "password")
			case strings.HasSuffix(uri, "/certificate"):
				encryptors = append(encryptors, "certificate")
			default:
				encryptors = append(encryptors, uri)
			}
		case "encryptedKey":
			if v := attr(se, "spinCount"); v != "" {
				f.Set(prefix+".spinCount", v)
			}
		}
	}})
	f.Set(prefix+".keyEncryptors", strings.Join(encryptors, ","))
	if err != nil {
		return fmt.Errorf("EncryptionInfo: %v", err)
	}
	return nil
}
