package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/docprov/docprov"
)

// progressFlag is the --progress flag of the commands that read many
// files: auto (on when standard error is a terminal, so that logs and
// pipes are not flooded), on or off.
type progressFlag struct{ mode *string }

func addProgressFlag(fl *flag.FlagSet) progressFlag {
	return progressFlag{fl.String("progress", "auto", "show progress on standard error: `auto` (when it is a terminal), on or off")}
}

// check is the error for a --progress value that is none of the three.
func (f progressFlag) check() error {
	switch *f.mode {
	case "auto", "on", "off":
		return nil
	}
	return fmt.Errorf("unknown --progress %q (want auto, on, off)", *f.mode)
}

// newProgress is a progress meter on w for the mode the flag asks for.
func (f progressFlag) newProgress(w io.Writer, label string) *progress {
	on := false
	switch *f.mode {
	case "on":
		on = true
	case "auto":
		on = isTerminal(w)
	}
	return newProgress(w, label, on, isTerminal(w))
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// A progress meter shows how far a batch is: files done of the total,
// the share, the rate, the time left and the files that could not be
// read. On a terminal it redraws one line; elsewhere (--progress=on into a
// log) it writes a line every few seconds. Its methods may be called from
// several goroutines: the batch ticks it while countPaths sets the total.
type progress struct {
	w        io.Writer
	label    string
	on       bool
	terminal bool
	every    time.Duration
	one      string // what it counts: "file", or "document" for the second pass of scan --self
	many     string
	now      func() time.Time // time.Now; a test's clock

	mu         sync.Mutex
	files      int // files done (the batch's inputs, not the documents inside them)
	docs       int // results, a container's documents counted each
	errs       int
	total      int  // files to do, as far as counted
	totalKnown bool // the count is finished
	stopped    bool
	start      time.Time
	last       time.Time
}

func newProgress(w io.Writer, label string, on, terminal bool) *progress {
	p := &progress{w: w, label: label, on: on, terminal: terminal, now: time.Now, one: "file", many: "files"}
	p.every = 200 * time.Millisecond
	if !terminal {
		p.every = 5 * time.Second
	}
	p.start = p.now()
	p.last = p.start
	return p
}

// countPaths counts the inputs a walk of roots yields, in a goroutine of
// its own, and gives the meter its total: a cheap pass (directory
// listings, no file opened) that ends long before the batch. Until it
// ends the meter shows the running count. It stops early when the meter
// is done. It does nothing when the meter is off.
func (p *progress) countPaths(roots []string, recursive bool) {
	if !p.on {
		return
	}
	go func() {
		n := 0
		for range docprov.Walk(slices.Values(roots), recursive) {
			n++
			if n%1024 == 0 && !p.setTotal(n, false) {
				return
			}
		}
		p.setTotal(n, true)
	}()
}

// setTotal records the count so far; known says it is final. It reports
// whether the meter still wants counts.
func (p *progress) setTotal(n int, known bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total, p.totalKnown = n, known
	return !p.stopped
}

// countDocuments makes the meter count documents, n of them: the second
// pass of scan --self reads back the first pass's results, one per
// document (a message's attachments each count), not files.
func (p *progress) countDocuments(n int) {
	p.mu.Lock()
	p.one, p.many = "document", "documents"
	p.mu.Unlock()
	p.setTotal(n, true)
}

// tick counts the result of the input at index (Result.Index), failed or
// not, and redraws the meter when it is due.
func (p *progress) tick(index int, failed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.docs++
	p.files = max(p.files, index+1)
	if failed {
		p.errs++
	}
	if !p.on {
		return
	}
	if now := p.now(); now.Sub(p.last) >= p.every {
		p.last = now
		p.draw(now)
	}
}

// line is the meter's text at now; p.mu is held.
func (p *progress) line(now time.Time) string {
	elapsed := now.Sub(p.start).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(p.files) / elapsed
	}
	s := fmt.Sprintf("%s: %d", p.label, p.files)
	total := max(p.total, p.files) // a file the count had not reached yet
	switch {
	case p.totalKnown && total > 0:
		s += fmt.Sprintf("/%d %s (%.0f%%)", total, p.many, 100*float64(p.files)/float64(total))
	case p.total > 0:
		s += fmt.Sprintf("/%d+ %s (counting)", total, p.many)
	default:
		s += " " + p.many
	}
	s += fmt.Sprintf(", %.0f %s/s", rate, p.many)
	if p.totalKnown && rate > 0 && total > p.files {
		s += ", ETA " + (time.Duration(float64(total-p.files)/rate) * time.Second).Round(time.Second).String()
	}
	s += ", " + countNoun(p.errs, "error", "errors")
	return s
}

func (p *progress) draw(now time.Time) {
	if p.terminal {
		// \r and erase to the end of the line: the new line may be
		// shorter than the last.
		fmt.Fprintf(p.w, "\r%s\x1b[K", p.line(now))
	} else {
		fmt.Fprintln(p.w, p.line(now))
	}
}

// done stops the count and writes the meter's last line.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = true
	if !p.on || p.docs == 0 {
		return
	}
	now := p.now()
	elapsed := now.Sub(p.start)
	end := "\n"
	if p.terminal {
		end = "\x1b[K\n"
		fmt.Fprint(p.w, "\r")
	}
	fmt.Fprintf(p.w, "%s: %s, %s in %s%s", p.label, countNoun(p.files, p.one, p.many),
		countNoun(p.errs, "error", "errors"), elapsed.Round(time.Millisecond), end)
}
