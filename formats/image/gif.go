package image

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/docprov/docprov/formats/xmp"
)

// GIF keeps its metadata in extension blocks between the frames: comments
// (0xFE) and application extensions (0xFF) such as "XMP DataXMP", whose
// packet is written raw (its bytes double as sub-block lengths, ended by a
// 258-byte "magic trailer"), and "ICCRGBG1012" for a colour profile. The
// frames' compressed data is skipped sub-block by sub-block. Parsed with
// the standard library (image/gif drops every extension but the loop
// count).

// The walk reads every block (frames and extensions) up to the trailer: it
// is linear in the file, whose size the registry bounds, and checks the
// context as it goes, so a count cap would only drop what comes late (a
// comment after 60,000 frames). maxGIFComments bounds the comments kept.
const maxGIFComments = 1000

// gifReader is a buffered reader that knows its offset in the file.
type gifReader struct {
	*bufio.Reader
	off int64
}

func (g *gifReader) byte() (byte, error) {
	c, err := g.ReadByte()
	if err == nil {
		g.off++
	}
	return c, err
}

func (g *gifReader) skip(n int) error {
	m, err := g.Discard(n)
	g.off += int64(m)
	return err
}

func (g *gifReader) read(b []byte) error {
	n, err := io.ReadFull(g.Reader, b)
	g.off += int64(n)
	return err
}

// subBlocks reads a chain of sub-blocks, keeping up to keep bytes of their
// content.
func (g *gifReader) subBlocks(keep int) ([]byte, error) {
	var out []byte
	for {
		n, err := g.byte()
		if err != nil {
			return out, err
		}
		if n == 0 {
			return out, nil
		}
		if len(out)+int(n) <= keep {
			b := make([]byte, n)
			if err := g.read(b); err != nil {
				return out, err
			}
			out = append(out, b...)
		} else if err := g.skip(int(n)); err != nil {
			return out, err
		}
	}
}

func (st *state) readGIF(r io.ReaderAt, size int64) error {
	f := st.rec.Fields
	g := &gifReader{Reader: bufio.NewReaderSize(io.NewSectionReader(r, 0, size), 64<<10)}
	var hdr [13]byte
	if err := g.read(hdr[:]); err != nil {
		return malformed("gif", "header: %v", err)
	}
	f.Set("gif.version", string(hdr[3:6]))
	f.Set("image.width", strconv.Itoa(int(binary.LittleEndian.Uint16(hdr[6:]))))
	f.Set("image.height", strconv.Itoa(int(binary.LittleEndian.Uint16(hdr[8:]))))
	if hdr[10]&0x80 != 0 {
		if err := g.skip(3 << (hdr[10]&7 + 1)); err != nil {
			st.rec.AddProblem("gif: global colour table truncated")
			return nil
		}
	}
	frames, comments := 0, 0
	var apps []string
	done := false
	for n := 0; !done; n++ {
		if n%256 == 0 {
			if err := st.ctx.Err(); err != nil {
				return err
			}
		}
		c, err := g.byte()
		if err != nil {
			st.rec.AddProblem("gif: ends at byte %d without a trailer (truncated)", g.off)
			break
		}
		switch c {
		case 0x3b: // trailer
			done = true
		case 0x2c: // image descriptor
			var d [9]byte
			if err := g.read(d[:]); err != nil {
				st.rec.AddProblem("gif: frame %d truncated", frames)
				done = true
				break
			}
			frames++
			if d[8]&0x80 != 0 {
				if err := g.skip(3 << (d[8]&7 + 1)); err != nil {
					st.rec.AddProblem("gif: frame %d truncated", frames)
					done = true
					break
				}
			}
			if _, err := g.byte(); err != nil { // LZW minimum code size
				done = true
				break
			}
			if _, err := g.subBlocks(0); err != nil {
				st.rec.AddProblem("gif: frame %d data truncated", frames)
				done = true
			}
		case 0x21: // extension
			label, err := g.byte()
			if err != nil {
				done = true
				break
			}
			switch label {
			case 0xfe:
				b, err := g.subBlocks(MaxMetadataBytes)
				if comments < maxGIFComments {
					f.Set(fmt.Sprintf("gif.comment[%d]", comments), strings.TrimRight(iptcText(b, false), "\x00"))
				} else if comments == maxGIFComments {
					st.rec.AddProblem("gif: more than %d comments; only the first %d kept", maxGIFComments, maxGIFComments)
				}
				comments++
				if err != nil {
					done = true
				}
			case 0xff:
				err = st.gifApplication(g, r, size, &apps)
				if err != nil {
					if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
						st.rec.AddProblem("gif: %v", err)
					}
					done = true
				}
			default:
				if _, err := g.subBlocks(0); err != nil {
					done = true
				}
			}
		default:
			st.rec.AddProblem("gif: unexpected block 0x%02x at byte %d", c, g.off-1)
			done = true
		}
	}
	f.Set("gif.frames", strconv.Itoa(frames))
	if len(apps) > 0 {
		f.Set("gif.applications", strings.Join(apps, " "))
	}
	return nil
}

// gifApplication reads an application extension.
func (st *state) gifApplication(g *gifReader, r io.ReaderAt, size int64, apps *[]string) error {
	n, err := g.byte()
	if err != nil {
		return err
	}
	id := make([]byte, n)
	if err := g.read(id); err != nil {
		return err
	}
	name := strings.ToValidUTF8(string(id), "?")
	if len(*apps) < 32 {
		*apps = append(*apps, strconv.Quote(name))
	}
	switch name {
	case "XMP DataXMP":
		start := g.off
		if _, err := g.subBlocks(0); err != nil {
			return err
		}
		b, err := readAt(r, start, min(g.off-start, MaxMetadataBytes), size)
		if err != nil {
			return fmt.Errorf("XMP: %w", err)
		}
		if p := xmp.Find(b); p != nil {
			st.addXMP(p, "gif XMP")
		}
		return nil
	case "ICCRGBG1012":
		b, err := g.subBlocks(MaxMetadataBytes)
		if err != nil {
			return err
		}
		st.addICC(b, "gif ICC")
		return nil
	}
	_, err = g.subBlocks(0)
	return err
}
