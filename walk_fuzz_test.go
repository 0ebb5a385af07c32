//go:build unix

package docprov_test

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov"
)

// The kinds of entry FuzzWalk builds.
const (
	fzFile = iota
	fzDir
	fzFIFO
	fzLink     // to an entry made before it
	fzDangling // to a name that does not exist
	fzSocket
	fzUp // not an entry: later entries go in the parent folder
	fzKinds
)

// fzNode is FuzzWalk's model of one entry, kept apart from the file system
// so that the walk is checked against what was made, not against itself.
type fzNode struct {
	name     string
	kind     int
	target   *fzNode // fzLink
	children []*fzNode
	path     string
}

// resolved is the entry a chain of links ends at (nil: dangling).
func (n *fzNode) resolved() *fzNode {
	for n != nil && n.kind == fzLink {
		n = n.target
	}
	if n != nil && n.kind == fzDangling {
		return nil
	}
	return n
}

// fzWant is one Input the model expects: its path and the sentinel its
// error wraps (nil: a regular file).
type fzWant struct {
	path string
	is   error
}

// expectFile is what a walk yields for an entry that is not walked into.
func expectFile(path string, n *fzNode) fzWant {
	switch r := n.resolved(); {
	case r == nil:
		return fzWant{path, docprov.ErrBrokenLink}
	case r.kind == fzFile:
		return fzWant{path, nil}
	default: // FIFO, socket
		return fzWant{path, docprov.ErrNotRegular}
	}
}

// expectDir is what a walk yields for the folder dir read as prefix.
func expectDir(dir *fzNode, prefix string, recursive bool, out *[]fzWant) {
	kids := slices.Clone(dir.children)
	sort.Slice(kids, func(i, j int) bool { return kids[i].name < kids[j].name })
	for _, c := range kids {
		p := filepath.Join(prefix, c.name)
		switch r := c.resolved(); {
		case c.kind == fzDir:
			if recursive {
				expectDir(c, p, true, out)
			}
		case r != nil && r.kind == fzDir:
			if recursive {
				*out = append(*out, fzWant{p, docprov.ErrLinkToDir})
			}
		default:
			*out = append(*out, expectFile(p, c))
		}
	}
}

// expectRoot is what a walk yields for a root that is the entry n.
func expectRoot(n *fzNode, recursive bool, out *[]fzWant) {
	if r := n.resolved(); r != nil && r.kind == fzDir {
		expectDir(r, n.path, recursive, out) // a root link is followed
		return
	}
	*out = append(*out, expectFile(n.path, n))
}

// buildFuzzTree makes the entries spec describes under root and returns
// the model of root and every entry made, in the order made. An entry the
// OS refuses (a name the file system rejects, a socket path too long) is
// left out of both.
func buildFuzzTree(t *testing.T, root string, spec []byte) (*fzNode, []*fzNode) {
	top := &fzNode{kind: fzDir, path: root}
	cur := []*fzNode{top}
	var made []*fzNode
	for len(spec) >= 2 && len(made) < 16 {
		kind, n := int(spec[0])%fzKinds, int(spec[1])%16
		spec = spec[2:]
		if kind == fzUp {
			if len(cur) > 1 {
				cur = cur[:len(cur)-1]
			}
			continue
		}
		name := []byte(spec[:min(n, len(spec))])
		spec = spec[len(name):]
		for i, b := range name {
			if b == '/' || b == 0 {
				name[i] = '_'
			}
		}
		if s := string(name); s == "" || s == "." || s == ".." {
			name = append([]byte("_"), name...)
		}
		var pick byte
		if kind == fzLink && len(spec) > 0 {
			pick, spec = spec[0], spec[1:]
		}
		dir := cur[len(cur)-1]
		node := &fzNode{name: string(name), kind: kind, path: filepath.Join(dir.path, string(name))}
		if slices.ContainsFunc(dir.children, func(c *fzNode) bool { return c.name == node.name }) {
			continue
		}
		var err error
		switch kind {
		case fzFile:
			err = os.WriteFile(node.path, []byte("not a document\n"), 0o644)
		case fzDir:
			err = os.Mkdir(node.path, 0o755)
		case fzFIFO:
			err = syscall.Mkfifo(node.path, 0o644)
		case fzSocket:
			var l net.Listener
			if l, err = net.Listen("unix", node.path); err == nil {
				t.Cleanup(func() { l.Close() })
			}
		case fzDangling:
			err = os.Symlink("does-not-exist", node.path)
		case fzLink:
			if len(made) == 0 {
				continue
			}
			node.target = made[int(pick)%len(made)]
			var rel string
			if rel, err = filepath.Rel(dir.path, node.target.path); err == nil {
				err = os.Symlink(rel, node.path)
			}
		}
		if err != nil {
			continue
		}
		dir.children = append(dir.children, node)
		made = append(made, node)
		if kind == fzDir {
			cur = append(cur, node)
		}
	}
	return top, made
}

func checkWalk(t *testing.T, got []docprov.Input, want []fzWant) {
	t.Helper()
	require.Len(t, got, len(want), "one Input per path: got %v, want %v", got, want)
	for i, w := range want {
		require.Equal(t, w.path, got[i].Path, "in lexical order")
		if w.is == nil {
			require.NoError(t, got[i].Err, "%q", w.path)
		} else {
			require.ErrorIs(t, got[i].Err, w.is, "%q", w.path)
		}
	}
}

// FuzzWalk builds a tree of files, folders, FIFOs, sockets and links
// (dangling, to files, to folders, to other links, with any byte in their
// names) and checks that Walk yields exactly the paths a model of the tree
// expects, each once, in order and classified as the model says; that
// given every entry as a root it yields one Input per non-folder root; and
// that a batch over those gives exactly one Result per Input, in order,
// without blocking on any of them.
func FuzzWalk(f *testing.F) {
	// Each entry is a kind byte (fzFile …), a name length byte and the
	// name, a link's then a byte choosing its target among the entries
	// made before it; fzUp is the kind byte and one byte more.
	f.Add([]byte("\x00\x05a.pdf\x02\x04fifo\x03\x04link\x00\x04\x04dead\x05\x04sock"), true)
	f.Add([]byte("\x01\x03sub\x00\x05b.pdf\x06\x00\x03\x04ldir\x00\x00\x04c\xff.x"), true)
	f.Add([]byte("\x01\x03sub\x00\x05b.pdf\x06\x00\x03\x04ldir\x00\x00\x04c\xff.x"), false)
	f.Add([]byte("\x01\x01d\x01\x01e\x03\x04back\x00\x03\x04l2l2\x02"), true)
	f.Add([]byte("\x02\x01p\x04\x01x\x03\x02lp\x00\x03\x02lx\x01\x03\x03llx\x03\x00\x00"), false)
	f.Fuzz(func(t *testing.T, spec []byte, recursive bool) {
		root, err := os.MkdirTemp("", "dpf") // short: socket paths are limited
		require.NoError(t, err)
		defer os.RemoveAll(root)
		top, made := buildFuzzTree(t, root, spec)

		var want []fzWant
		expectDir(top, root, recursive, &want)
		checkWalk(t, collect(docprov.Walk(slices.Values([]string{root}), recursive)), want)

		roots := []string{filepath.Join(root, "missing")}
		want = []fzWant{{roots[0], os.ErrNotExist}}
		for _, n := range made {
			roots = append(roots, n.path)
			expectRoot(n, recursive, &want)
		}
		inputs := collect(docprov.Walk(slices.Values(roots), recursive))
		checkWalk(t, inputs, want)

		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		var results []docprov.Result
		err = (&docprov.Extractor{Timeout: 10 * time.Second}).ExtractInputs(ctx, slices.Values(inputs), 3,
			func(r docprov.Result) error { results = append(results, r); return nil })
		require.NoError(t, err, "the batch finishes: nothing blocks it")
		require.Len(t, results, len(inputs), "one Result per Input")
		for i, r := range results {
			require.Equal(t, i, r.Index)
			require.Equal(t, inputs[i].Path, r.Path)
			require.Error(t, r.Err, "nothing here is a document")
			if inputs[i].Err != nil {
				require.True(t, errors.Is(r.Err, inputs[i].Err) || r.Err == inputs[i].Err)
			} else {
				require.ErrorIs(t, r.Err, docprov.ErrUnsupported, "%q was opened and sniffed", r.Path)
			}
		}
	})
}
