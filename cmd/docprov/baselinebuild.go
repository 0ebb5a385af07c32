package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
)

// errLinkedCopy marks, in a baseline's batch, a later name of a
// hard-linked file whose first name was read: it travels as the input's
// error so that it keeps its place in the order without being read and
// hashed again (casedb.Run.Extract does the same for a case). A baseline
// of hard-linked copies took as long as reading every name: 25 s per
// 10,000 paths, for documents it then counted once.
var errLinkedCopy = errors.New("a hard link to a file read earlier")

// maxBaselineLinks bounds the hard-linked files a build remembers (about
// 100 bytes each): past it, later links are read as any file is.
const maxBaselineLinks = 1 << 18

// A linkedFile is what a baseline build learnt from the first name of a
// hard-linked file: how many Records it gave, and whether every one of
// them can stand for its later names (no error, a SHA-256 that makes them
// copies). Set by the emitter, read by the emitter: the input side only
// creates it.
type linkedFile struct {
	records  int
	readable bool
}

// addToBaseline reads the documents under roots into b, as baseline
// build and scan --baseline DIR do, names each file it could not read on
// stderr (after prefix) and returns how many there were. Later names of
// a hard-linked file are not read again: each of its Records counts as
// an identical copy, as Add would count it (the same SHA-256), so the
// baseline is the one reading them would build.
//
// b must be new: its identifier index and documents by content are kept
// compact (Baseline.CompactRefs), 56 bytes a document and 4 a reference
// instead of a DocRef each, and Save writes them a list at a time.
func addToBaseline(ctx context.Context, ex *docprov.Extractor, roots []string, workers int, b *provenance.Baseline, prog *progress, stderr io.Writer, prefix string) (failed int, err error) {
	b.CompactRefs()
	var (
		mu    sync.Mutex
		first = map[int]*linkedFile{} // by input index: a first name, until emitted
		later = map[int]*linkedFile{} // by input index: a later name (errLinkedCopy)
	)
	links := map[linkKey]*linkedFile{}
	inputs := func(yield func(docprov.Input) bool) {
		i := 0
		for in := range docprov.Walk(slices.Values(roots), true) {
			if in.Err == nil {
				if st, err := os.Stat(in.Path); err == nil {
					if key, ok := inodeOf(st); ok {
						mu.Lock()
						if f := links[key]; f != nil {
							later[i] = f
							in.Err = errLinkedCopy
						} else if len(links) < maxBaselineLinks {
							f = &linkedFile{readable: true}
							links[key] = f
							first[i] = f
						}
						mu.Unlock()
					}
				}
			}
			i++
			if !yield(in) {
				return
			}
		}
	}
	add := func(r docprov.Result) {
		prog.tick(r.Index, r.Err != nil)
		if r.Err != nil {
			failed++
			fmt.Fprintf(stderr, "%sskipped %s\n", prefix, errorText(r.Err))
			return
		}
		b.Add(r.Record)
	}
	cur, curFirst := -1, (*linkedFile)(nil)
	err = ex.ExtractInputs(ctx, inputs, workers, func(r docprov.Result) error {
		if r.Index != cur {
			cur = r.Index
			mu.Lock()
			curFirst = first[cur]
			delete(first, cur)
			mu.Unlock()
		}
		if errors.Is(r.Err, errLinkedCopy) {
			mu.Lock()
			f := later[r.Index]
			delete(later, r.Index)
			mu.Unlock()
			if f.readable {
				prog.tick(r.Index, false)
				b.Copies += f.records
				return nil
			}
			// The first name gave an error (or a Record without a
			// SHA-256, which Add does not count as a copy): read this
			// one too, so that it is reported, or counted, as itself.
			return ex.ExtractInputs(ctx, slices.Values([]docprov.Input{{Path: r.Path}}), 1, func(rr docprov.Result) error {
				rr.Index = r.Index
				add(rr)
				return nil
			})
		}
		if curFirst != nil {
			if r.Err != nil || r.Record.SHA256 == "" {
				curFirst.readable = false
			} else {
				curFirst.records++
			}
		}
		add(r)
		return nil
	})
	return failed, err
}
