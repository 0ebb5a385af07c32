//go:build !unix

package docprov

// openNonBlock is 0 where O_NONBLOCK has no meaning for os.OpenFile (on
// Windows opening a named pipe does not wait for a writer); OpenRegular's
// Stat before the open still keeps FIFOs and devices out.
const openNonBlock = 0
