//go:build unix

package docprov

import "syscall"

// openNonBlock makes opening a FIFO return at once instead of waiting for a
// writer. It changes nothing for a regular file, whose reads never wait.
const openNonBlock = syscall.O_NONBLOCK
