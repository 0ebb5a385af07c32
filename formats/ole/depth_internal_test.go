package ole

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"runtime"
	"testing"
	"unicode/utf16"
)

// nestedCFB builds a version-3 compound file whose root holds one storage,
// which holds one storage, and so on depth times: the shape that made
// mscfb's path copies quadratic.
func nestedCFB(depth int) []byte {
	const sector = 512
	entries := depth + 1
	dirSectors := (entries + 3) / 4
	fatSectors := 1
	for (dirSectors+fatSectors+127)/128 > fatSectors {
		fatSectors++
	}
	if fatSectors > 109 {
		panic("too deep for a header-only DIFAT")
	}
	h := make([]byte, sector)
	copy(h, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le := binary.LittleEndian
	le.PutUint16(h[24:], 0x3E)
	le.PutUint16(h[26:], 3)
	le.PutUint16(h[28:], 0xFFFE)
	le.PutUint16(h[30:], 9)
	le.PutUint16(h[32:], 6)
	le.PutUint32(h[44:], uint32(fatSectors))
	le.PutUint32(h[48:], 0) // the directory starts at sector 0
	le.PutUint32(h[56:], 4096)
	le.PutUint32(h[60:], 0xFFFFFFFE)
	le.PutUint32(h[68:], 0xFFFFFFFE)
	for i := 0; i < 109; i++ {
		v := uint32(0xFFFFFFFF)
		if i < fatSectors {
			v = uint32(dirSectors + i)
		}
		le.PutUint32(h[76+4*i:], v)
	}
	dir := make([]byte, dirSectors*sector)
	for i := 0; i < dirSectors*4; i++ {
		e := dir[i*128 : i*128+128]
		le.PutUint32(e[68:], 0xFFFFFFFF)
		le.PutUint32(e[72:], 0xFFFFFFFF)
		le.PutUint32(e[76:], 0xFFFFFFFF)
		if i >= entries {
			continue
		}
		name := "Root Entry"
		typ := byte(5)
		if i > 0 {
			name, typ = "S", 1
		}
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		le.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66], e[67] = typ, 1
		if i+1 < entries {
			le.PutUint32(e[76:], uint32(i+1))
		}
		le.PutUint32(e[116:], 0xFFFFFFFE)
	}
	fat := make([]byte, fatSectors*sector)
	for i := 0; i < fatSectors*128; i++ {
		v := uint32(0xFFFFFFFF)
		switch {
		case i < dirSectors-1:
			v = uint32(i + 1)
		case i == dirSectors-1:
			v = 0xFFFFFFFE
		case i < dirSectors+fatSectors:
			v = 0xFFFFFFFD
		}
		le.PutUint32(fat[4*i:], v)
	}
	return append(append(h, dir...), fat...)
}

// 20,000 nested storages in 2.5 MB: an error naming the nesting, fast and
// in little memory, instead of gigabytes of path copies.
func TestDeeplyNestedStoragesAreRefused(t *testing.T) {
	b := nestedCFB(20000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Format{}.Extract(context.Background(), bytes.NewReader(b), int64(len(b)))
	runtime.ReadMemStats(&after)
	if !errors.Is(err, errTooDeep) {
		t.Fatalf("got %v, want %v", err, errTooDeep)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("allocated %d MiB", alloc>>20)
	}
}

// A file nested a few levels, as real ones are, still opens.
func TestShallowNestingOpens(t *testing.T) {
	b := nestedCFB(8)
	if err := checkDepth(bytes.NewReader(b), int64(len(b))); err != nil {
		t.Fatal(err)
	}
	c, err := openCFB(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(c.entries()); n != 9 {
		t.Fatalf("%d entries, want 9", n)
	}
}

// FuzzCheckDepth: a chain of d nested storages is refused exactly when d
// exceeds the limit, and mutated bytes of such a file never make the
// check panic or run long.
func FuzzCheckDepth(f *testing.F) {
	f.Add(uint16(3), uint16(0), byte(0))
	f.Add(uint16(64), uint16(600), byte(0xFF))
	f.Add(uint16(65), uint16(0), byte(0))
	f.Add(uint16(500), uint16(76), byte(7))
	f.Fuzz(func(t *testing.T, depth, at uint16, b byte) {
		d := int(depth % 2000)
		data := nestedCFB(d)
		err := checkDepth(bytes.NewReader(data), int64(len(data)))
		if (err != nil) != (d > maxStorageDepth) {
			t.Fatalf("depth %d: %v", d, err)
		}
		if int(at) < len(data) {
			data[at] = b
			_ = checkDepth(bytes.NewReader(data), int64(len(data)))
		}
	})
}
