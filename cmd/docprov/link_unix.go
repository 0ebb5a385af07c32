//go:build unix

package main

import (
	"os"
	"syscall"
)

// A linkKey identifies a file with several names (inodeOf).
type linkKey struct {
	dev, ino    uint64
	size, mtime int64
}

// inodeOf is the identity of the file st describes when other names link
// to it (a hard link): its device and inode, with the size and
// modification time that say it has not changed in between. It is
// casedb's, for baseline build.
func inodeOf(st os.FileInfo) (linkKey, bool) {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok || sys.Nlink < 2 {
		return linkKey{}, false
	}
	return linkKey{dev: uint64(sys.Dev), ino: uint64(sys.Ino), size: st.Size(), mtime: st.ModTime().UnixNano()}, true
}
