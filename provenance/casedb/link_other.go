//go:build !unix

package casedb

import "os"

// inodeOf knows no hard links outside Unix: every file is read.
func inodeOf(os.FileInfo) (linkKey, bool) { return linkKey{}, false }
