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
	Index int // position of the file in the input sequence
	// Path is the file's path as given, its exact bytes (followed by the
	// part's address for a document inside a container), so that it can
	// be opened again; Record.Path is its printable form (EscapePath).
	Path   string
	Record *provenance.Record
	Err    error
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
//
// Each file's results flow through a small buffer of their own, and emit
// drains the files' buffers in input order: a container's documents stream
// out as they are read (a 100,000-message MBOX is never held in memory),
// while workers that run ahead on later files wait once their buffer is
// full. At most 4×workers files are in flight.
func RunBatch(ctx context.Context, fx FileExtractor, inputs iter.Seq[Input], workers int, emit func(Result) error) error {
	if workers < 1 {
		workers = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type job struct {
		index int
		in    Input
		out   chan Result // this file's results, closed when it is done
	}
	jobs := make(chan job)
	// order hands the jobs to the emitter in input order; its capacity
	// is how far ahead of the oldest unfinished file work may run.
	order := make(chan job, 4*workers)

	go func() {
		defer close(jobs)
		defer close(order)
		i := 0
		for in := range inputs {
			j := job{index: i, in: in, out: make(chan Result, perFileBuffer)}
			i++
			// The emitter learns of a job before any worker takes it,
			// so it can wait for its results in order.
			select {
			case order <- j:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
				close(j.out) // no worker will: release the emitter
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
				send := func(r Result) error {
					r.Index = j.index
					select {
					case j.out <- r:
						return nil
					case <-ctx.Done():
						return ctx.Err()
					}
				}
				switch ee, each := fx.(EachExtractor); {
				case j.in.Err != nil:
					send(Result{Path: j.in.Path, Err: j.in.Err})
				case each:
					n := 0
					err := ee.ExtractEach(ctx, j.in.Path, func(r Result) error { n++; return send(r) })
					if n == 0 {
						if err == nil {
							err = fmt.Errorf("%s: no documents", j.in.Path)
						}
						send(Result{Path: j.in.Path, Err: err})
					}
				default:
					rec, err := fx.ExtractFile(ctx, j.in.Path)
					send(Result{Path: j.in.Path, Record: rec, Err: err})
				}
				close(j.out)
			}
		}()
	}

	var emitErr error
	for j := range order {
		for r := range j.out {
			if emitErr != nil || ctx.Err() != nil {
				continue // drain: the workers must not block forever
			}
			if err := emit(r); err != nil {
				emitErr = err
				cancel()
			}
		}
	}
	wg.Wait()
	if emitErr != nil {
		return emitErr
	}
	return ctx.Err()
}

// perFileBuffer is how many results of one file may wait for emit: enough
// to keep a worker busy, small enough that memory stays flat.
const perFileBuffer = 64
