package ole

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/richardlehane/mscfb"
)

// An entry is one stream or storage of a compound file.
type entry struct {
	path     string // "/"-separated, with control characters kept ("\x05SummaryInformation")
	storage  bool   // a storage (directory) rather than a stream
	size     int64
	clsid    string // all zeroes for streams
	created  time.Time
	modified time.Time
	file     *mscfb.File // nil in tests
}

// A container gives the extractors the entries of a compound file and the
// bytes of its streams. It is an interface so that tests can feed the
// stream parsers without building a compound file.
type container interface {
	entries() []entry
	// read returns up to limit bytes from the start of the stream at path;
	// a stream that cannot be read completely returns what was read with
	// an error.
	read(path string, limit int) ([]byte, error)
	// readAt reads len(p) bytes at off of the stream at path.
	readAt(path string, p []byte, off int64) (int, error)
}

// cfb is the container backed by github.com/richardlehane/mscfb.
type cfb struct {
	r      *mscfb.Reader
	size   int64 // of the whole file: no stream can be longer
	list   []entry
	byPath map[string]*entry
}

// Limits on what is read from a compound file.
const (
	maxEntries     = 1 << 16  // directory entries looked at
	maxListed      = 2000     // entries written to Fields
	maxPropertySet = 4 << 20  // bytes of one property set stream
	maxSmallStream = 64 << 10 // CompObj, Current User, FIB …
)

// openCFB parses the compound file's header and directory. mscfb does not
// panic on the inputs we have fuzzed it with, but it is a third-party
// parser of hostile data, so a panic is turned into an error here.
func openCFB(r io.ReaderAt, size int64) (c *cfb, err error) {
	defer func() {
		if p := recover(); p != nil {
			c, err = nil, fmt.Errorf("compound file: parser panic: %v", p)
		}
	}()
	sr := io.NewSectionReader(r, 0, size)
	if err := checkDepth(sr, size); err != nil {
		return nil, err
	}
	rd, err := mscfb.New(sr)
	if err != nil {
		return nil, fmt.Errorf("compound file: %w", err)
	}
	c = &cfb{r: rd, size: size, byPath: map[string]*entry{}}
	// mscfb names a storage's children by the parent names without their
	// leading control character ("DataSpaces" for "\x06DataSpaces");
	// parents come before their children, so their full names are known.
	full := map[string]string{"": ""}
	for i, f := range rd.File {
		if i >= maxEntries {
			break
		}
		name := f.Name
		if f.Initial != 0 && !isPrint(f.Initial) {
			name = string(rune(f.Initial)) + name
		}
		if name == "" {
			continue
		}
		e := entry{
			storage:  f.FileInfo().IsDir(),
			size:     f.Size,
			clsid:    strings.Trim(f.ID(), "{}"),
			created:  unixOrZero(f.Created()),
			modified: unixOrZero(f.Modified()),
			file:     f,
		}
		if i > 0 { // entry 0 is the root, whose path is ""
			parent := strings.Join(f.Path, "/")
			e.path = name
			if p := full[parent]; p != "" {
				e.path = p + "/" + name
			} else if parent != "" {
				e.path = parent + "/" + name
			}
			key := f.Name
			if parent != "" {
				key = parent + "/" + f.Name
			}
			if _, seen := full[key]; !seen {
				full[key] = e.path
			}
		}
		c.list = append(c.list, e)
	}
	for i := range c.list {
		if _, dup := c.byPath[c.list[i].path]; !dup {
			c.byPath[c.list[i].path] = &c.list[i]
		}
	}
	return c, nil
}

func isPrint(r uint16) bool { return r >= 0x20 && r != 0x7F }

// unixOrZero maps mscfb's rendering of a zero FILETIME (the Unix epoch)
// back to the zero time: compound files leave most times unset.
func unixOrZero(t time.Time) time.Time {
	if t.Unix() <= 0 {
		return time.Time{}
	}
	return t.UTC()
}

func (c *cfb) entries() []entry { return c.list }

func (c *cfb) read(path string, limit int) (b []byte, err error) {
	e := c.byPath[path]
	if e == nil || e.storage || e.file == nil {
		return nil, errors.New("no such stream")
	}
	n := e.size
	if n > c.size {
		// A stream longer than the file it lives in is a lie; reading it
		// would follow the sector chain round and round.
		n = c.size
	}
	if n > int64(limit) {
		n = int64(limit)
	}
	if n <= 0 {
		return nil, nil
	}
	buf := make([]byte, n)
	got, err := c.readSeq(e, buf)
	if err != nil && !(errors.Is(err, io.EOF) && int64(got) == n) {
		return buf[:got], err
	}
	return buf[:got], nil
}

// readChunk is how much readSeq asks of mscfb at once: mscfb merges the
// sectors of one read in time quadratic in their number (4 KiB was the
// fastest of 4, 16 and 64 on a 1.4 MB workbook), and a ReadAt seeks from
// the start of the stream.
const readChunk = 4 << 10

// readSeq reads the start of a stream into p with sequential reads of
// readChunk bytes.
func (c *cfb) readSeq(e *entry, p []byte) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("parser panic: %v", r)
		}
	}()
	if _, err := e.file.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	for n < len(p) {
		k, err := e.file.Read(p[n:min(len(p), n+readChunk)])
		n += k
		if err != nil {
			return n, err
		}
		if k == 0 {
			return n, io.ErrUnexpectedEOF
		}
	}
	return n, nil
}

func (c *cfb) readAt(path string, p []byte, off int64) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			n, err = 0, fmt.Errorf("parser panic: %v", r)
		}
	}()
	e := c.byPath[path]
	if e == nil || e.storage || e.file == nil {
		return 0, errors.New("no such stream")
	}
	if off < 0 || off >= c.size || off >= e.size {
		return 0, fmt.Errorf("offset %d outside the stream: %w", off, io.EOF)
	}
	n, err = e.file.ReadAt(p, off)
	return n, err
}

// printable renders a stream path with its control characters escaped, as
// Fields and problems show it ("\x05SummaryInformation").
func printable(path string) string {
	var b strings.Builder
	for _, r := range path {
		if r < 0x20 || r == 0x7F {
			fmt.Fprintf(&b, "\\x%02X", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// names returns the set of entry paths, for format detection.
func names(c container) map[string]bool {
	m := map[string]bool{}
	for _, e := range c.entries() {
		m[e.path] = true
	}
	return m
}

// rootStreams returns the names of the root's children, sorted: the
// layout fingerprint of a compound file.
func rootStreams(c container) []string {
	var out []string
	for _, e := range c.entries() {
		if e.path != "" && !strings.Contains(e.path, "/") {
			out = append(out, e.path)
		}
	}
	sort.Strings(out)
	return out
}
