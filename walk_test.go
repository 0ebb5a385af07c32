//go:build unix

package docprov_test

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov"
)

// shortTempDir is a temporary folder with a short name: a unix socket's
// path must fit in about 100 bytes, which t.TempDir's may not.
func shortTempDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "dpw")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func mkfifo(t testing.TB, p string) {
	t.Helper()
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
}

func mksock(t testing.TB, p string) {
	t.Helper()
	l, err := net.Listen("unix", p)
	if err != nil {
		t.Skipf("cannot make a unix socket here: %v", err)
	}
	t.Cleanup(func() { l.Close() })
}

func symlink(t testing.TB, target, p string) {
	t.Helper()
	if err := os.Symlink(target, p); err != nil {
		t.Skipf("cannot make a symbolic link here: %v", err)
	}
}

func writeFile(t testing.TB, p string, data []byte) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, data, 0o644))
}

// hostileTree makes a folder holding one of everything a walk can meet and
// returns it with the path of a regular file outside it.
func hostileTree(t testing.TB) (dir, outside string) {
	t.Helper()
	base := shortTempDir(t)
	pdf, err := os.ReadFile("testdata/pdf/reportlab.pdf")
	require.NoError(t, err)
	outside = filepath.Join(base, "outside.pdf")
	writeFile(t, outside, pdf)
	dir = filepath.Join(base, "t")
	writeFile(t, filepath.Join(dir, "a.pdf"), pdf)
	writeFile(t, filepath.Join(dir, "sub", "b.pdf"), pdf)
	symlink(t, outside, filepath.Join(dir, "c-link.pdf"))
	symlink(t, "nowhere.pdf", filepath.Join(dir, "d-dangling.pdf"))
	mkfifo(t, filepath.Join(dir, "e-fifo.pdf"))
	mksock(t, filepath.Join(dir, "f-sock"))
	symlink(t, "sub", filepath.Join(dir, "g-dirlink"))
	symlink(t, "h-loop", filepath.Join(dir, "h-loop"))
	symlink(t, "e-fifo.pdf", filepath.Join(dir, "i-fifolink.pdf"))
	return dir, outside
}

func collect(seq func(func(docprov.Input) bool)) []docprov.Input {
	var got []docprov.Input
	for in := range seq {
		got = append(got, in)
	}
	return got
}

// want is what a walk should yield for one path: no error, or one wrapping
// the sentinel.
type want struct {
	path string
	is   error
}

func checkInputs(t *testing.T, got []docprov.Input, wants []want) {
	t.Helper()
	var paths []string
	for _, in := range got {
		paths = append(paths, in.Path)
	}
	var wantPaths []string
	for _, w := range wants {
		wantPaths = append(wantPaths, w.path)
	}
	require.Equal(t, wantPaths, paths, "every entry once, in lexical order")
	for i, w := range wants {
		if w.is == nil {
			assert.NoError(t, got[i].Err, w.path)
			continue
		}
		assert.ErrorIs(t, got[i].Err, w.is, w.path)
		if got[i].Err != nil {
			assert.Contains(t, got[i].Err.Error(), w.path, "the error names the file")
		}
	}
}

func TestWalkAccountsForEveryEntry(t *testing.T) {
	dir, _ := hostileTree(t)
	j := func(name string) string { return filepath.Join(dir, name) }

	checkInputs(t, collect(docprov.Walk(slices.Values([]string{dir}), true)), []want{
		{j("a.pdf"), nil},
		{j("c-link.pdf"), nil}, // a link to a regular file is followed
		{j("d-dangling.pdf"), docprov.ErrBrokenLink},
		{j("e-fifo.pdf"), docprov.ErrNotRegular},
		{j("f-sock"), docprov.ErrNotRegular},
		{j("g-dirlink"), docprov.ErrLinkToDir},
		{j("h-loop"), docprov.ErrBrokenLink},
		{j("i-fifolink.pdf"), docprov.ErrNotRegular},
		{j("sub/b.pdf"), nil},
	})

	// One level deep: subfolders, and links to them, are left out.
	checkInputs(t, collect(docprov.Walk(slices.Values([]string{dir}), false)), []want{
		{j("a.pdf"), nil},
		{j("c-link.pdf"), nil},
		{j("d-dangling.pdf"), docprov.ErrBrokenLink},
		{j("e-fifo.pdf"), docprov.ErrNotRegular},
		{j("f-sock"), docprov.ErrNotRegular},
		{j("h-loop"), docprov.ErrBrokenLink},
		{j("i-fifolink.pdf"), docprov.ErrNotRegular},
	})

	// Roots are taken as given, links to folders included.
	checkInputs(t, collect(docprov.Walk(slices.Values([]string{
		j("g-dirlink"), j("e-fifo.pdf"), j("d-dangling.pdf"), j("missing.pdf"), j("c-link.pdf"),
	}), true)), []want{
		{j("g-dirlink/b.pdf"), nil},
		{j("e-fifo.pdf"), docprov.ErrNotRegular},
		{j("d-dangling.pdf"), docprov.ErrBrokenLink},
		{j("missing.pdf"), os.ErrNotExist},
		{j("c-link.pdf"), nil},
	})
}

func TestBrokenLinkErrorNamesTarget(t *testing.T) {
	dir, _ := hostileTree(t)
	got := collect(docprov.Walk(slices.Values([]string{filepath.Join(dir, "d-dangling.pdf")}), false))
	require.Len(t, got, 1)
	assert.ErrorIs(t, got[0].Err, os.ErrNotExist, "the cause stays visible to errors.Is")
	assert.Equal(t, filepath.Join(dir, "d-dangling.pdf")+`: broken symbolic link to "nowhere.pdf": no such file or directory`, got[0].Err.Error())
}

// TestFIFONeverBlocksABatch: a FIFO nobody writes to, given directly to
// ExtractAll (no Walk to screen it), costs its own result and nothing else.
func TestFIFONeverBlocksABatch(t *testing.T) {
	dir, outside := hostileTree(t)
	fifo := filepath.Join(dir, "e-fifo.pdf")

	done := make(chan []docprov.Result)
	go func() {
		var got []docprov.Result
		err := (&docprov.Extractor{Timeout: 5 * time.Second}).ExtractAll(context.Background(),
			slices.Values([]string{outside, fifo, filepath.Join(dir, "i-fifolink.pdf"), filepath.Join(dir, "f-sock"), outside}), 2,
			func(r docprov.Result) error { got = append(got, r); return nil })
		assert.NoError(t, err)
		done <- got
	}()
	var got []docprov.Result
	select {
	case got = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the batch blocked on a FIFO")
	}
	require.Len(t, got, 5)
	require.NoError(t, got[0].Err)
	assert.Equal(t, "Docprov ReportLab Fixture", got[0].Record.Title, "the record made before the FIFO is kept")
	for _, r := range got[1:4] {
		assert.ErrorIs(t, r.Err, docprov.ErrNotRegular, r.Path)
		assert.NotErrorIs(t, r.Err, docprov.ErrUnsupported, "a FIFO is no format")
	}
	assert.Contains(t, got[1].Err.Error(), fifo+": not a regular file (named pipe)")
	assert.Contains(t, got[3].Err.Error(), "(socket)")
	require.NoError(t, got[4].Err, "the batch goes on after it")

	_, err := docprov.ExtractFile(context.Background(), fifo)
	assert.ErrorIs(t, err, docprov.ErrNotRegular)
	_, err = docprov.ExtractFile(context.Background(), filepath.Join(dir, "d-dangling.pdf"))
	assert.ErrorIs(t, err, docprov.ErrBrokenLink)
	_, err = docprov.ExtractFile(context.Background(), dir)
	assert.ErrorIs(t, err, docprov.ErrNotRegular, "a folder is not a file either")
	if _, serr := os.Stat("/dev/null"); serr == nil {
		_, err = docprov.OpenRegular("/dev/null")
		assert.ErrorIs(t, err, docprov.ErrNotRegular)
		assert.Contains(t, err.Error(), "character device")
	}
}

// A FIFO that does have a writer is still refused, not read.
func TestOpenRegularRefusesAFIFOWithAWriter(t *testing.T) {
	dir := shortTempDir(t)
	fifo := filepath.Join(dir, "p")
	mkfifo(t, fifo)
	w, err := os.OpenFile(fifo, os.O_RDWR, 0) // RDWR: does not wait for a reader
	require.NoError(t, err)
	defer w.Close()
	_, err = docprov.OpenRegular(fifo)
	assert.True(t, errors.Is(err, docprov.ErrNotRegular), "got %v", err)
}
