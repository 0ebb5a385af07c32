package docprov

import (
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
)

// Errors Walk, ExtractFile and OpenRegular wrap for paths that are not
// documents to read, for errors.Is. A batch reports such a path with its
// error instead of leaving it out, so that every path given or walked is
// accounted for.
var (
	// ErrNotRegular: the path is a named pipe (FIFO), a socket, a device
	// or a directory where a file was expected. Such a file is never
	// opened: opening a FIFO blocks until something writes to it, and
	// opening a device can have effects of its own.
	ErrNotRegular = errors.New("not a regular file")
	// ErrBrokenLink: the path is a symbolic link whose target does not
	// exist or cannot be resolved (a loop of links).
	ErrBrokenLink = errors.New("broken symbolic link")
	// ErrLinkToDir: a recursive walk met a symbolic link to a directory
	// and did not follow it, so that a link loop cannot trap the walk
	// and no tree is read twice. Name the target as a root to read it.
	ErrLinkToDir = errors.New("symbolic link to a directory, not followed")
)

// Walk yields the files named by roots: a file as itself, a directory as
// the files directly in it, or all the way down with recursive. Files come
// in lexical order within each directory, so the same tree always gives the
// same sequence.
//
// Every path given or met is yielded, in its place, once: a regular file
// (or a symbolic link to one, which is followed) with a nil Err, anything
// else with an error naming it, and the walk goes on:
//
//   - a FIFO, socket or device: ErrNotRegular;
//   - a symbolic link whose target is missing: ErrBrokenLink;
//   - a folder that cannot be read: its error (the entries read before it
//     are still yielded);
//   - in a recursive walk, a symbolic link to a directory: ErrLinkToDir.
//     Without recursive, such a link is left out like any subdirectory.
//
// A root is followed even when it is a symbolic link to a directory: the
// user named it. Only links met inside a walk are not followed.
func Walk(roots iter.Seq[string], recursive bool) iter.Seq[Input] {
	return func(yield func(Input) bool) {
		for root := range roots {
			if !walkRoot(root, recursive, yield) {
				return
			}
		}
	}
}

func walkRoot(root string, recursive bool, yield func(Input) bool) bool {
	st, err := statFollow(root)
	if err != nil {
		return yield(Input{Path: root, Err: err})
	}
	if st.IsDir() {
		return walkDir(root, recursive, yield)
	}
	return yield(fileInput(root, st.Mode()))
}

// walkDir yields the entries of dir in lexical order and reports whether
// the walk goes on. Its own loop rather than filepath.WalkDir's: WalkDir
// Lstats its root, so a root that is a link to a directory would give
// nothing, and it hands over links and FIFOs for the caller to sort out
// entry by entry anyway.
func walkDir(dir string, recursive bool, yield func(Input) bool) bool {
	entries, err := os.ReadDir(dir)
	if err != nil && !yield(Input{Path: dir, Err: err}) {
		return false
	}
	// On an error ReadDir still returns what it read before it.
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		in, descend, skip := classify(p, e.Type(), recursive)
		switch {
		case descend:
			if !walkDir(p, recursive, yield) {
				return false
			}
		case skip:
		default:
			if !yield(in) {
				return false
			}
		}
	}
	return true
}

// classify decides what a walk does with the entry at p whose type bits are
// typ: yield in, descend into it, or skip it (a subdirectory, or a link to
// one, in a walk that is not recursive).
func classify(p string, typ fs.FileMode, recursive bool) (in Input, descend, skip bool) {
	switch {
	case typ.IsDir():
		return Input{}, recursive, !recursive
	case typ&fs.ModeSymlink != 0:
		st, err := statFollow(p)
		switch {
		case err != nil:
			return Input{Path: p, Err: err}, false, false
		case st.IsDir() && !recursive:
			return Input{}, false, true
		case st.IsDir():
			return Input{Path: p, Err: fmt.Errorf("%s: %w", p, ErrLinkToDir)}, false, false
		}
		return fileInput(p, st.Mode()), false, false
	}
	return fileInput(p, typ), false, false
}

// fileInput is the Input for a file of mode m that is not a directory to
// walk: the path, or ErrNotRegular.
func fileInput(p string, m fs.FileMode) Input {
	if !m.IsRegular() {
		return Input{Path: p, Err: notRegular(p, m)}
	}
	return Input{Path: p}
}

// statFollow is os.Stat, which follows symbolic links, with an error that
// says so when p is a link that leads nowhere: a bare "no such file" for a
// name ls shows would send the user looking for the wrong thing.
func statFollow(p string) (fs.FileInfo, error) {
	st, err := os.Stat(p)
	if err == nil {
		return st, nil
	}
	lst, lerr := os.Lstat(p)
	if lerr != nil || lst.Mode()&fs.ModeSymlink == 0 || errors.Is(err, fs.ErrPermission) {
		// Not a link, or a link we may not follow: the error as it is.
		return nil, err
	}
	cause := err
	var pe *fs.PathError
	if errors.As(err, &pe) {
		cause = pe.Err // the path is named once, below
	}
	target, rerr := os.Readlink(p)
	if rerr != nil {
		return nil, fmt.Errorf("%s: %w: %w", p, ErrBrokenLink, cause)
	}
	return nil, fmt.Errorf("%s: %w to %q: %w", p, ErrBrokenLink, target, cause)
}

// notRegular is the error for a path of mode m that is not a regular file.
func notRegular(p string, m fs.FileMode) error {
	return fmt.Errorf("%s: %w (%s)", p, ErrNotRegular, fileKind(m))
}

// fileKind names the kind of file m describes, for error messages.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "block device"
	case m.IsDir():
		return "directory"
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	case m&fs.ModeIrregular != 0:
		return "file of unknown type"
	}
	return "special file"
}
