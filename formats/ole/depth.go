package ole

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// maxStorageDepth is how deeply storages may nest. Real compound files nest a
// handful of levels (Outlook's attachments inside messages, ObjectPools
// inside Word files); mscfb gives every storage a copy of its parent's
// path, so a chain of thousands of nested storages costs memory quadratic
// in its depth (20,000 levels in 2.5 MB reached 4 GiB) before a single
// stream is read.
const maxStorageDepth = 64

// errTooDeep is returned for a compound file whose storages nest deeper
// than maxStorageDepth.
var errTooDeep = errors.New("compound file: storages nested too deep")

// checkDepth walks the compound file's directory tree, without mscfb, far
// enough to know whether its storages nest deeper than maxStorageDepth. It reads
// the header, the FAT sectors the header's DIFAT names (the first 109,
// enough for a directory of maxEntries entries in files of up to 7 MB of
// FAT-addressed sectors; a directory beyond them is left to mscfb), the
// directory chain, and then the red-black trees with an explicit stack,
// so a hostile file cannot make this pass deep or long either. Structure
// it cannot follow is not an error here: mscfb judges the file's validity.
func checkDepth(r io.ReaderAt, size int64) error {
	var h [512]byte
	if _, err := r.ReadAt(h[:], 0); err != nil {
		return nil
	}
	shift := binary.LittleEndian.Uint16(h[30:])
	if shift != 9 && shift != 12 {
		return nil
	}
	sector := int64(1) << shift
	firstDir := binary.LittleEndian.Uint32(h[48:])
	var fat []uint32
	buf := make([]byte, sector)
	for i := 0; i < 109; i++ {
		s := binary.LittleEndian.Uint32(h[76+4*i:])
		if s >= 0xFFFFFFFA {
			break
		}
		if _, err := r.ReadAt(buf, (int64(s)+1)*sector); err != nil {
			break
		}
		for j := 0; j+4 <= len(buf); j += 4 {
			fat = append(fat, binary.LittleEndian.Uint32(buf[j:]))
		}
	}
	type node struct{ left, right, child uint32 }
	var dir []node
	seen := map[uint32]bool{}
	for s := firstDir; s < 0xFFFFFFFA && len(dir) < maxEntries; {
		if seen[s] || (int64(s)+2)*sector > size+sector {
			break
		}
		seen[s] = true
		if _, err := r.ReadAt(buf, (int64(s)+1)*sector); err != nil {
			break
		}
		for j := 0; j+128 <= len(buf); j += 128 {
			e := buf[j : j+128]
			dir = append(dir, node{binary.LittleEndian.Uint32(e[68:]), binary.LittleEndian.Uint32(e[72:]), binary.LittleEndian.Uint32(e[76:])})
		}
		if int(s) >= len(fat) {
			break
		}
		s = fat[s]
	}
	if len(dir) == 0 {
		return nil
	}
	// A child tree is one level deeper than its storage; siblings (left,
	// right) are on the storage's level.
	type item struct {
		id    uint32
		depth int
	}
	stack := []item{{dir[0].child, 1}}
	visited := make([]bool, len(dir))
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if int64(it.id) >= int64(len(dir)) || visited[it.id] {
			continue
		}
		visited[it.id] = true
		if it.depth > maxStorageDepth {
			return fmt.Errorf("%w: more than %d levels", errTooDeep, maxStorageDepth)
		}
		n := dir[it.id]
		stack = append(stack, item{n.left, it.depth}, item{n.right, it.depth}, item{n.child, it.depth + 1})
	}
	return nil
}
