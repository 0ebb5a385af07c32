package docprov

import (
	"context"
	"fmt"
	"iter"
	"sync"

	"github.com/docprov/docprov/provenance"
)

// Result is the outcome of extracting one file in a batch: a Record or the
// error that names the file and the reason.
type Result struct {
	Index  int // position of the file in the input sequence
	Path   string
	Record *provenance.Record
	Err    error
	// More holds the other documents of a container file (the messages
	// of an MBOX after the first, the attachments of a message), in order.
	// RunBatch emits each of them as a Result of its own, right after the
	// first, with the same Index; More is always nil in what emit sees.
	More []Result
}

// emitAll emits a file's results: the first, then the rest of a container.
func emitAll(r Result, emit func(Result) error) error {
	more := r.More
	r.More = nil
	if err := emit(r); err != nil {
		return err
	}
	for _, m := range more {
		m.Index = r.Index
		if err := emit(m); err != nil {
			return err
		}
	}
	return nil
}

// An EachExtractor extracts every document of a container file; see
// Extractor.ExtractEach. RunBatch uses it when fx has it.
type EachExtractor interface {
	ExtractEach(ctx context.Context, path string, emit func(Result) error) error
}

// ExtractAll extracts every path with up to workers files in flight and calls
// emit with the results in input order, whatever order they finish in: one
// Result per document, so a container file (an MBOX, a message with
// attachments) gives one for each document it holds, in order. A
// file that fails yields a Result with Err; it never stops the batch. A
// non-nil error from emit, or ctx being cancelled, stops the batch and is
// returned; the results emitted until then are complete and in order.
//
// At most 4×workers results wait for an earlier one to finish, so memory
// stays bounded on any corpus size.
func (e *Extractor) ExtractAll(ctx context.Context, paths iter.Seq[string], workers int, emit func(Result) error) error {
	inputs := func(yield func(Input) bool) {
		for p := range paths {
			if !yield(Input{Path: p}) {
				return
			}
		}
	}
	return e.ExtractInputs(ctx, inputs, workers, emit)
}

// Input is one file to extract, or the error met while looking for it (an
// unreadable folder during a walk): such an input yields a Result carrying
// that error, in its place in the order.
type Input struct {
	Path string
	Err  error
}

// ExtractInputs is ExtractAll over inputs that may carry errors, such as
// those Walk yields.
func (e *Extractor) ExtractInputs(ctx context.Context, inputs iter.Seq[Input], workers int, emit func(Result) error) error {
	return RunBatch(ctx, e, inputs, workers, emit)
}

// A FileExtractor extracts one file. *Extractor is one; so is a pool of
// isolated worker processes (docprov extract --isolate), which RunBatch can
// drive the same way.
type FileExtractor interface {
	ExtractFile(ctx context.Context, path string) (*provenance.Record, error)
}

// RunBatch runs fx over inputs with up to workers files in flight and calls
// emit with the results in input order; see ExtractAll.
func RunBatch(ctx context.Context, fx FileExtractor, inputs iter.Seq[Input], workers int, emit func(Result) error) error {
	if workers < 1 {
		workers = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type job struct {
		index int
		in    Input
	}
	jobs := make(chan job)
	done := make(chan Result, workers)
	// window limits how far ahead of the oldest unfinished file the
	// workers may run.
	window := make(chan struct{}, 4*workers)

	go func() {
		defer close(jobs)
		i := 0
		for in := range inputs {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- job{i, in}:
				i++
			case <-ctx.Done():
				return
			}
		}
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				res := Result{Index: j.index, Path: j.in.Path, Err: j.in.Err}
				if res.Err == nil {
					if ee, ok := fx.(EachExtractor); ok {
						res = extractEach(ctx, ee, j.index, j.in.Path)
					} else {
						res.Record, res.Err = fx.ExtractFile(ctx, j.in.Path)
					}
				}
				select {
				case done <- res:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()

	pending := map[int]Result{}
	next := 0
	for res := range done {
		pending[res.Index] = res
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-window
			if ctx.Err() != nil {
				break
			}
			if err := emitAll(r, emit); err != nil {
				cancel()
				drain(done)
				return err
			}
		}
	}
	return ctx.Err()
}

func drain[T any](c <-chan T) {
	for range c {
	}
}

// extractEach gathers the results of one file: the first as the Result,
// the others in More.
func extractEach(ctx context.Context, ee EachExtractor, index int, path string) Result {
	var all []Result
	err := ee.ExtractEach(ctx, path, func(r Result) error {
		all = append(all, r)
		return nil
	})
	if len(all) == 0 {
		if err == nil {
			err = fmt.Errorf("%s: no documents", path)
		}
		return Result{Index: index, Path: path, Err: err}
	}
	first := all[0]
	first.Index = index
	first.More = all[1:]
	return first
}
