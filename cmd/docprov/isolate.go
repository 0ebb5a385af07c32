package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/provenance"
)

// Process isolation. A stack overflow or an out-of-memory kill inside a
// parser cannot be recovered in Go: it ends the process. For untrusted
// batches, --isolate runs extraction in worker processes that the parent
// feeds one path at a time; when a worker dies, times out or grows past its
// memory budget, the parent kills it, reports that one file with the reason,
// and starts a fresh worker for the next. The batch never stops.

// workerCommand is the hidden subcommand a worker process runs.
const workerCommand = "__worker"

// workerReply is one line a worker writes: one document of the path it was
// given (a container gives several), then a line with Done set.
// Path is printable and PathBytes exact, as in a Record: JSON cannot carry
// the bytes of a name that is not UTF-8.
type workerReply struct {
	Path      string             `json:"path,omitempty"`
	PathBytes []byte             `json:"path_bytes,omitempty"`
	Record    *provenance.Record `json:"record,omitempty"`
	Error     string             `json:"error,omitempty"`
	Done      bool               `json:"done,omitempty"`
}

// runWorker reads paths from stdin, each ended by a NUL byte (a Unix file
// name may hold a newline, never a NUL), and writes a reply line per
// document, flushed, then a done line, so the parent knows exactly which
// file a crash belongs to.
func runWorker(ctx context.Context, ex *docprov.Extractor, stdin io.Reader, stdout io.Writer) int {
	paths, readErr := readPaths(stdin, 0)
	out := bufio.NewWriter(stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for path := range paths {
		err := ex.ExtractEach(ctx, path, func(r docprov.Result) error {
			reply := workerReply{Record: r.Record}
			reply.Path, reply.PathBytes = printablePath(r.Path)
			if r.Err != nil {
				reply.Error = errorText(r.Err)
			}
			if err := enc.Encode(reply); err != nil {
				return err
			}
			return out.Flush()
		})
		if err != nil || enc.Encode(workerReply{Done: true}) != nil || out.Flush() != nil {
			return 1
		}
	}
	if readErr() != nil {
		return 1
	}
	return 0
}

// isolatedPool is a docprov.FileExtractor that runs each file in a worker
// process.
type isolatedPool struct {
	exe      string
	args     []string // worker command line after exe
	env      []string
	timeout  time.Duration // hard budget per file, enforced by killing
	memLimit int64         // bytes of resident memory; 0 for none

	mu   sync.Mutex
	idle []*worker
	all  map[*worker]bool
}

type worker struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
	errb *strings.Builder
}

func newIsolatedPool(timeout time.Duration, memLimit int64, workerArgs []string) (*isolatedPool, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("isolate: cannot find own executable: %w", err)
	}
	inner := timeout
	if inner > 0 {
		// The worker's own budget fires first and gives a clean error;
		// the parent's kill is the backstop for a worker that hangs.
		inner = timeout * 9 / 10
	}
	env := os.Environ()
	if memLimit > 0 {
		// Let the Go runtime collect harder before the parent kills.
		env = append(env, "GOMEMLIMIT="+strconv.FormatInt(memLimit*8/10, 10))
	}
	args := append([]string{workerCommand, "--timeout", inner.String()}, workerArgs...)
	return &isolatedPool{
		exe: exe, args: args, env: env,
		timeout: timeout, memLimit: memLimit, all: map[*worker]bool{},
	}, nil
}

func (p *isolatedPool) start() (*worker, error) {
	cmd := exec.Command(p.exe, p.args...)
	cmd.Env = p.env
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	errb := &strings.Builder{}
	cmd.Stderr = &limitedWriter{w: errb, n: 4096}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("isolate: start worker: %w", err)
	}
	w := &worker{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 1<<20), errb: errb}
	p.mu.Lock()
	p.all[w] = true
	p.mu.Unlock()
	return w, nil
}

func (p *isolatedPool) get() (*worker, error) {
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		w := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return w, nil
	}
	p.mu.Unlock()
	return p.start()
}

func (p *isolatedPool) put(w *worker) {
	p.mu.Lock()
	p.idle = append(p.idle, w)
	p.mu.Unlock()
}

// kill ends a worker for good and returns how it ended.
func (p *isolatedPool) kill(w *worker) string {
	p.mu.Lock()
	delete(p.all, w)
	p.mu.Unlock()
	w.in.Close()
	_ = w.cmd.Process.Kill()
	err := w.cmd.Wait()
	how := "killed"
	if err != nil {
		how = err.Error()
	}
	if msg := strings.TrimSpace(w.errb.String()); msg != "" {
		// The first line of a Go crash names it ("runtime: goroutine
		// stack exceeds 1000000000-byte limit", "fatal error: …").
		how += ": " + firstLine(msg)
	}
	return how
}

// Close stops every worker.
func (p *isolatedPool) Close() {
	p.mu.Lock()
	ws := make([]*worker, 0, len(p.all))
	for w := range p.all {
		ws = append(ws, w)
	}
	p.idle = nil
	p.mu.Unlock()
	for _, w := range ws {
		w.in.Close()
		done := make(chan struct{})
		go func() { _ = w.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			_ = w.cmd.Process.Kill()
			<-done
		}
	}
}

// ErrWorkerDied is wrapped by the error of a file whose worker process
// ended without answering (a fatal crash, an out-of-memory kill).
var ErrWorkerDied = errors.New("worker process died")

// ExtractFile returns the first document of path; see ExtractEach.
func (p *isolatedPool) ExtractFile(ctx context.Context, path string) (*provenance.Record, error) {
	var first *docprov.Result
	err := p.ExtractEach(ctx, path, func(r docprov.Result) error {
		if first == nil {
			first = &r
		}
		return nil
	})
	if first == nil {
		return nil, err
	}
	return first.Record, first.Err
}

// ExtractEach sends path to a worker and relays the documents it reports
// until it says it is done, it dies, or the file exceeds its time or memory
// budget, whichever comes first; a failure is reported as a result for
// path, after the documents already relayed.
func (p *isolatedPool) ExtractEach(ctx context.Context, path string, emit func(docprov.Result) error) error {
	fail := func(err error) error { return emit(docprov.Result{Path: path, Err: err}) }
	if strings.ContainsRune(path, 0) {
		// The worker protocol ends each path with a NUL, which no file
		// name can hold.
		return fail(fmt.Errorf("%q: file name contains a NUL byte: %w", path, docprov.ErrUnsupported))
	}
	w, err := p.get()
	if err != nil {
		return fail(fmt.Errorf("%s: %w", path, err))
	}
	if _, err := io.WriteString(w.in, path+"\x00"); err != nil {
		return fail(fmt.Errorf("%s: %w: %s", path, ErrWorkerDied, p.kill(w)))
	}
	type line struct {
		b   []byte
		err error
	}
	// One reader per call, which ends after the worker's done line (so
	// the next call's reader is alone on the pipe) or when the worker
	// dies; abort waits for it before reaping the process, because the
	// pipe must not be closed under a read.
	lines := make(chan line)
	stop := make(chan struct{})
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		for {
			b, err := w.out.ReadBytes('\n')
			select {
			case lines <- line{b, err}:
			case <-stop:
				return
			}
			if err != nil || bytes.Contains(b, []byte(`"done":true`)) {
				return
			}
		}
	}()
	abort := func() string {
		_ = w.cmd.Process.Kill()
		close(stop)
		<-readerDone
		return p.kill(w)
	}
	var deadline <-chan time.Time
	if p.timeout > 0 {
		t := time.NewTimer(p.timeout)
		defer t.Stop()
		deadline = t.C
	}
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case l := <-lines:
			if l.err != nil {
				return fail(fmt.Errorf("%s: %w: %s", path, ErrWorkerDied, abort()))
			}
			var reply workerReply
			if err := json.Unmarshal(l.b, &reply); err != nil {
				abort()
				return fail(fmt.Errorf("%s: unreadable worker reply: %v", path, err))
			}
			if reply.Done {
				<-readerDone
				p.put(w)
				return nil
			}
			r := docprov.Result{Path: reply.Path, Record: reply.Record}
			if reply.PathBytes != nil {
				r.Path = string(reply.PathBytes)
			}
			if reply.Error != "" {
				r.Err = errors.New(reply.Error)
			}
			if err := emit(r); err != nil {
				abort()
				return err
			}
		case <-deadline:
			abort()
			return fail(fmt.Errorf("%s: %w (%s, worker killed)", path, docprov.ErrTimeout, p.timeout))
		case <-ctx.Done():
			abort()
			return ctx.Err()
		case <-tick.C:
			if p.memLimit > 0 {
				if rss := residentBytes(w.cmd.Process.Pid); rss > p.memLimit {
					abort()
					return fail(fmt.Errorf("%s: exceeded memory budget of %d MiB (worker killed at %d MiB): %w",
						path, p.memLimit>>20, rss>>20, docprov.ErrTooLarge))
				}
			}
		}
	}
}

// residentBytes reads a process's resident set size from /proc (Linux);
// elsewhere it returns 0 and the memory budget is not enforced.
func residentBytes(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// limitedWriter keeps the first n bytes written to it.
type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}
