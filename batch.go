package docprov

import (
	"context"
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
}

// ExtractAll extracts every path with up to workers files in flight and calls
// emit with the results in input order, whatever order they finish in. A
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
					res.Record, res.Err = fx.ExtractFile(ctx, j.in.Path)
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
			if err := emit(r); err != nil {
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
