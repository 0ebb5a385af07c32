package docprov

import (
	"io/fs"
	"iter"
	"os"
	"path/filepath"
)

// Walk yields the files named by roots: a file as itself, a directory as
// the regular files directly in it, or all the way down with recursive.
// Symbolic links to directories are not followed, so a link loop cannot trap
// the walk; a path that cannot be read is yielded with its error, in its
// place, and the walk goes on. Files come in lexical order within each
// directory, so the same tree always gives the same sequence.
func Walk(roots iter.Seq[string], recursive bool) iter.Seq[Input] {
	return func(yield func(Input) bool) {
		for root := range roots {
			if !walkOne(root, recursive, yield) {
				return
			}
		}
	}
}

func walkOne(root string, recursive bool, yield func(Input) bool) bool {
	st, err := os.Stat(root)
	if err != nil {
		return yield(Input{Path: root, Err: err})
	}
	if !st.IsDir() {
		return yield(Input{Path: root})
	}
	keepGoing := true
	stop := func(in Input) error {
		if !yield(in) {
			keepGoing = false
			return fs.SkipAll
		}
		return nil
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if e := stop(Input{Path: p, Err: err}); e != nil {
				return e
			}
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != root && !recursive {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil // symbolic links, sockets, devices
		}
		return stop(Input{Path: p})
	})
	if err != nil && keepGoing {
		return yield(Input{Path: root, Err: err})
	}
	return keepGoing
}
