package makernote

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// plistDict reads a binary property list ("bplist00") whose top object is
// a dictionary of string keys and integer values, as Apple's RunTime is.
// Other values are skipped. It reads at most 64 objects.
func plistDict(b []byte) (map[string]int64, error) {
	if len(b) < 8+32 || string(b[:8]) != "bplist00" {
		return nil, errors.New("not a binary property list")
	}
	tr := b[len(b)-32:]
	offSize, refSize := int(tr[6]), int(tr[7])
	num := binary.BigEndian.Uint64(tr[8:])
	top := binary.BigEndian.Uint64(tr[16:])
	table := binary.BigEndian.Uint64(tr[24:])
	if offSize < 1 || offSize > 8 || refSize < 1 || refSize > 8 || num == 0 || num > 64 || top >= num ||
		table > uint64(len(b)) || num*uint64(offSize) > uint64(len(b))-table {
		return nil, errors.New("bad property list trailer")
	}
	sized := func(p []byte) uint64 {
		var v uint64
		for _, c := range p {
			v = v<<8 | uint64(c)
		}
		return v
	}
	offset := func(i uint64) (int, bool) {
		if i >= num {
			return 0, false
		}
		p := table + i*uint64(offSize)
		o := sized(b[p : p+uint64(offSize)])
		return int(o), o < uint64(len(b))-32
	}
	o, ok := offset(top)
	if !ok || b[o]>>4 != 0xd {
		return nil, errors.New("top object is not a dictionary")
	}
	n := int(b[o] & 0x0f)
	if n == 0x0f {
		return nil, errors.New("dictionary too large")
	}
	refs := o + 1
	if refs+2*n*refSize > len(b) {
		return nil, fmt.Errorf("dictionary of %d entries runs past the end", n)
	}
	out := map[string]int64{}
	for i := 0; i < n; i++ {
		k, ok1 := offset(sized(b[refs+i*refSize : refs+(i+1)*refSize]))
		v, ok2 := offset(sized(b[refs+(n+i)*refSize : refs+(n+i+1)*refSize]))
		if !ok1 || !ok2 || b[k]>>4 != 0x5 {
			continue
		}
		kl := int(b[k] & 0x0f)
		if kl == 0x0f || k+1+kl > len(b) {
			continue
		}
		key := string(b[k+1 : k+1+kl])
		if b[v]>>4 != 0x1 {
			continue
		}
		size := 1 << (b[v] & 0x0f)
		if size > 8 || v+1+size > len(b) {
			continue
		}
		out[key] = int64(sized(b[v+1 : v+1+size]))
	}
	return out, nil
}
