package provenance

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// CompactRefs makes Add keep the baseline's identifier index and its
// documents by content (IDs and Contents) in a compact form of its own
// instead, for a baseline that this process builds and reads (a
// self-baseline, which is the questioned corpus: a reference a document
// and identifier in IDs, and one a document in Contents, were most of what
// a scan of many distinct documents kept). A document then costs the
// numbers of its path's two interned halves, its SHA-256's 32 bytes and a
// pointer to what it shares with documents that claim the same (48
// bytes, in chunks that never move), and 4 bytes a reference;
// the checks read the same references in the same order. Call it before
// the first Add. Save and Merge write the references back into IDs and
// Contents first.
func (b *Baseline) CompactRefs() {
	if b.refs == nil && len(b.IDs) == 0 && len(b.Contents) == 0 {
		b.refs = &refStore{}
	}
}

// Trim gives back the spare room of the lists a baseline grows a document
// at a time (its compact references, Saves, Shots), for a baseline that is
// complete and from now on only read: a self-baseline, built whole before
// the scan that reads it, kept there a slice's growth room of about as
// much again as its references (at 20,000 distinct files, 29 bytes a
// document for 16 of references). It changes nothing the baseline says;
// adding to it afterwards works as before.
func (b *Baseline) Trim() {
	b.cacheMu.Lock()
	defer b.cacheMu.Unlock()
	if s := b.refs; s != nil {
		for _, vals := range s.ids {
			for v, list := range vals {
				vals[v] = trimmed(list)
			}
		}
		for d, list := range s.contents {
			s.contents[d] = trimmed(list)
		}
	}
	for k, list := range b.Saves {
		b.Saves[k] = trimmed(list)
	}
	for k, list := range b.Shots {
		b.Shots[k] = trimmed(list)
	}
}

// trimmed is list in an array of its length, or list when it has no room
// to spare.
func trimmed[T any](list []T) []T {
	if cap(list) == len(list) {
		return list
	}
	return append(make([]T, 0, len(list)), list...)
}

// refStore is the compact form of IDs and Contents (CompactRefs).
type refStore struct {
	docs     refDocs
	notHex   []uint64                       // a bit a doc: its SHA-256 is none or odd, not sha
	ids      map[string]map[string][]uint32 // kind → value → docs, in refLess order
	contents map[string][]uint32            // digest → docs, in insertContentRef's order
	shared   map[uint64][]*refShared        // by refShared.hash
	seed     maphash.Seed
	odd      map[uint32]string // the SHA-256s that are not 64 lower-case hex digits, but none
	names    strs              // the references' strings but the paths
	paths    pathNames         // the paths' folders and names
}

// pathNames numbers the folders and names of a refStore's paths: a
// refDoc holds two numbers, not two strings.
type pathNames struct {
	ids   map[string]uint32
	names []string // by id; 0 is ""
}

// id is the number of name, numbering a copy of it the first time.
func (t *pathNames) id(name string) uint32 {
	if name == "" {
		return 0
	}
	if i, ok := t.ids[name]; ok {
		return i
	}
	if t.ids == nil {
		t.ids, t.names = map[string]uint32{}, []string{""}
	}
	// A copy, not a piece of the path, which would keep all of it.
	name = strings.Clone(name)
	i := uint32(len(t.names))
	t.names = append(t.names, name)
	t.ids[name] = i
	return i
}

// A refDoc is one document of a refStore: DocRef and ContentRef are made
// from it. Its SHA-256 is sha unless refStore.notHex says otherwise (48
// bytes, where a byte saying which would make it 56).
type refDoc struct {
	sha       [32]byte
	dir, base uint32 // Path is dir + base (refStore.paths)
	*refShared
}

// refDocsChunk is how many refDocs a chunk of refDocs holds.
const refDocsChunk = 1 << 10

// refDocs are a refStore's documents, in chunks that never move: a
// self-baseline of a million documents grows by a chunk at a time, not by
// copying a slice of 48 MB into a larger one, both held at once.
type refDocs struct {
	chunks [][]refDoc
	n      uint32
}

// at is doc i.
func (r *refDocs) at(i uint32) *refDoc { return &r.chunks[i/refDocsChunk][i%refDocsChunk] }

// add appends d.
func (r *refDocs) add(d refDoc) {
	if int(r.n/refDocsChunk) == len(r.chunks) {
		r.chunks = append(r.chunks, make([]refDoc, refDocsChunk))
	}
	*r.at(r.n) = d
	r.n++
}

// refShared is what a refDoc shares with the documents that claim the
// same: DocRef's and ContentRef's fields but the path and SHA-256.
type refShared struct {
	format, content, title, template string
	created                          Timestamp // ContentRef's
	authors                          []string  // ContentRef's
	saved                            time.Time // DocRef's
}

func (a *refShared) same(o *refShared) bool {
	return a.format == o.format && a.content == o.content && a.title == o.title && a.template == o.template &&
		sameTimestamp(a.created, o.created) && slices.Equal(a.authors, o.authors) && a.saved.Equal(o.saved)
}

func (a *refShared) hash(seed maphash.Seed) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	for _, s := range [...]string{a.format, a.content, a.title, a.template} {
		h.WriteString(s)
		h.WriteByte(0)
	}
	t := a.created.Time
	name, off := t.Zone()
	h.WriteString(t.Format(time.RFC3339Nano) + "\x00" + name + "\x00" + strconv.Itoa(off) + "\x00" + t.Location().String() + "\x00" + strconv.FormatBool(a.created.HasOffset))
	for _, s := range a.authors {
		h.WriteByte(0)
		h.WriteString(s)
	}
	h.WriteString("\x00" + strconv.FormatInt(a.saved.UnixNano(), 10))
	return h.Sum64()
}

// add keeps r's references: ids (indexedIdentifiers) under their kinds
// and values, and r under its content digest when it has one.
func (s *refStore) add(r *Record, ids []Identifier, digest string) {
	if len(ids) == 0 && digest == "" {
		return
	}
	t := &s.names
	dir, base := splitPath(r.Path)
	d := refDoc{dir: s.paths.id(dir), base: s.paths.id(base)}
	i := s.docs.n
	switch {
	case len(r.SHA256) == 64 && isLowerHex(r.SHA256):
		hex.Decode(d.sha[:], []byte(r.SHA256))
	case r.SHA256 == "":
		s.notHex = setBit(s.notHex, i)
	default:
		s.notHex = setBit(s.notHex, i)
		if s.odd == nil {
			s.odd = map[uint32]string{}
		}
		s.odd[i] = r.SHA256
	}
	cref := contentRef(r)
	sh := &refShared{format: t.get(r.Format), content: t.get(digest), title: t.get(normValue(r.Title)), template: t.get(templateName(r.Template)),
		created: cref.Created, authors: t.list(cref.Authors), saved: savedAt(r.Created, r.Modified)}
	if s.shared == nil {
		s.shared, s.seed = map[uint64][]*refShared{}, maphash.MakeSeed()
	}
	h := sh.hash(s.seed)
	found := false
	for _, o := range s.shared[h] {
		if o.same(sh) {
			sh, found = o, true
			break
		}
	}
	if !found {
		s.shared[h] = append(s.shared[h], sh)
	}
	d.refShared = sh
	s.docs.add(d)
	for _, id := range ids {
		if s.ids == nil {
			s.ids = map[string]map[string][]uint32{}
		}
		m := s.ids[id.Kind]
		if m == nil {
			m = map[string][]uint32{}
			s.ids[id.Kind] = m
		}
		m[id.Value] = s.insert(m[id.Value], i, s.refCompare, s.refEqual)
	}
	if digest != "" {
		if s.contents == nil {
			s.contents = map[string][]uint32{}
		}
		s.contents[sh.content] = s.insert(s.contents[digest], i, s.contentCompare, s.contentEqual)
	}
}

// hasBit reports whether bit i of set is set (set is little-endian by
// word), and setBit sets it.
func hasBit(set []uint64, i uint32) bool {
	return int(i/64) < len(set) && set[i/64]&(1<<(i%64)) != 0
}

func setBit(set []uint64, i uint32) []uint64 {
	for len(set) <= int(i/64) {
		set = append(set, 0)
	}
	set[i/64] |= 1 << (i % 64)
	return set
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// insert adds doc i to list, kept in the order of cmp, unless a document
// equal to it is there: as insertRef and insertContentRef do.
func (s *refStore) insert(list []uint32, i uint32, cmp func(a, b uint32) int, equal func(a, b uint32) bool) []uint32 {
	k := sort.Search(len(list), func(k int) bool { return cmp(list[k], i) >= 0 })
	if k < len(list) && equal(list[k], i) {
		return list
	}
	return slices.Insert(list, k, i)
}

// sha is doc i's SHA-256 as Record.SHA256 has it.
func (s *refStore) sha(i uint32) string {
	if hasBit(s.notHex, i) {
		return s.odd[i]
	}
	return hex.EncodeToString(s.docs.at(i).sha[:])
}

// compareSHA compares the SHA-256s of docs a and b as strings.
func (s *refStore) compareSHA(a, b uint32) int {
	if !hasBit(s.notHex, a) && !hasBit(s.notHex, b) {
		return bytes.Compare(s.docs.at(a).sha[:], s.docs.at(b).sha[:]) // hex digits sort as their bytes
	}
	return strings.Compare(s.sha(a), s.sha(b))
}

// path is doc d's path, in two halves.
func (s *refStore) path(d *refDoc) (dir, base string) {
	return s.paths.names[d.dir], s.paths.names[d.base]
}

// comparePath compares the paths of docs da and db.
func (s *refStore) comparePath(da, db *refDoc) int {
	if da.dir == db.dir {
		if da.base == db.base {
			return 0
		}
		return strings.Compare(s.paths.names[da.base], s.paths.names[db.base])
	}
	a1, a2 := s.path(da)
	b1, b2 := s.path(db)
	return compareJoined(a1, a2, b1, b2)
}

// refCompare orders docs as refLess orders their DocRefs.
func (s *refStore) refCompare(a, b uint32) int {
	da, db := s.docs.at(a), s.docs.at(b)
	if c := s.comparePath(da, db); c != 0 {
		return c
	}
	if c := s.compareSHA(a, b); c != 0 {
		return c
	}
	if c := strings.Compare(da.format, db.format); c != 0 {
		return c
	}
	if c := strings.Compare(da.content, db.content); c != 0 {
		return c
	}
	return strings.Compare(da.title, db.title)
}

// refEqual reports whether docs a and b have equal DocRefs.
func (s *refStore) refEqual(a, b uint32) bool {
	return s.refCompare(a, b) == 0 && s.docs.at(a).template == s.docs.at(b).template
}

// contentCompare orders docs as insertContentRef orders their
// ContentRefs: by path, then SHA-256.
func (s *refStore) contentCompare(a, b uint32) int {
	if c := s.comparePath(s.docs.at(a), s.docs.at(b)); c != 0 {
		return c
	}
	return s.compareSHA(a, b)
}

// contentEqual reports whether docs a and b have equal ContentRefs
// (ContentRef.equal).
func (s *refStore) contentEqual(a, b uint32) bool {
	return s.contentRef(a).equal(s.contentRef(b))
}

// docRef is doc i's DocRef.
func (s *refStore) docRef(i uint32) DocRef {
	d := s.docs.at(i)
	dir, base := s.path(d)
	return DocRef{Path: dir + base, SHA256: s.sha(i), Format: d.format, Content: d.content, Title: d.title, Template: d.template, Saved: d.saved}
}

// contentRef is doc i's ContentRef. Its Authors are shared: not to be
// changed.
func (s *refStore) contentRef(i uint32) ContentRef {
	d := s.docs.at(i)
	dir, base := s.path(d)
	return ContentRef{Path: dir + base, SHA256: s.sha(i), Format: d.format, Created: d.created, Authors: d.authors, Title: d.title}
}

func (s *refStore) docRefs(list []uint32) []DocRef { return refsOf(list, s.docRef) }

func (s *refStore) contentRefs(list []uint32) []ContentRef { return refsOf(list, s.contentRef) }

// refsOf builds the references of a list of documents, nil for none.
func refsOf[T any](list []uint32, ref func(uint32) T) []T {
	if len(list) == 0 {
		return nil
	}
	out := make([]T, len(list))
	for k, i := range list {
		out[k] = ref(i)
	}
	return out
}

// The baseline's reads of IDs and Contents, from the maps or the
// refStore.

// idRefs is IDs[kind][value].
func (b *Baseline) idRefs(kind, value string) []DocRef {
	if s := b.refs; s != nil {
		return s.docRefs(s.ids[kind][value])
	}
	return b.IDs[kind][value]
}

// idRefCount is len(IDs[kind][value]).
func (b *Baseline) idRefCount(kind, value string) int {
	if s := b.refs; s != nil {
		return len(s.ids[kind][value])
	}
	return len(b.IDs[kind][value])
}

// eachIDRefs calls fn with the references of each value of kind, in no
// particular order.
func (b *Baseline) eachIDRefs(kind string, fn func([]DocRef)) {
	if s := b.refs; s != nil {
		for _, list := range s.ids[kind] {
			fn(s.docRefs(list))
		}
		return
	}
	for _, refs := range b.IDs[kind] {
		fn(refs)
	}
}

// eachIDValueRefs is eachIDRefs with each value.
func (b *Baseline) eachIDValueRefs(kind string, fn func(string, []DocRef)) {
	if s := b.refs; s != nil {
		for value, list := range s.ids[kind] {
			fn(value, s.docRefs(list))
		}
		return
	}
	for value, refs := range b.IDs[kind] {
		fn(value, refs)
	}
}

// contentRefs is Contents[digest].
func (b *Baseline) contentRefs(digest string) []ContentRef {
	if s := b.refs; s != nil {
		return s.contentRefs(s.contents[digest])
	}
	return b.Contents[digest]
}

// contentRefAt is Contents[digest][i].
func (b *Baseline) contentRefAt(digest string, i int32) ContentRef {
	if s := b.refs; s != nil {
		return s.contentRef(s.contents[digest][i])
	}
	return b.Contents[digest][i]
}

// eachContentRefs calls fn with the references of each content digest,
// in no particular order.
func (b *Baseline) eachContentRefs(fn func([]ContentRef)) {
	if s := b.refs; s != nil {
		for _, list := range s.contents {
			fn(s.contentRefs(list))
		}
		return
	}
	for _, refs := range b.Contents {
		fn(refs)
	}
}

// expandRefs writes a refStore's references into IDs and Contents and
// drops it, for Save and Merge.
func (b *Baseline) expandRefs() {
	s := b.refs
	if s == nil {
		return
	}
	b.refs = nil
	for kind, vals := range s.ids {
		m := b.IDs[kind]
		if m == nil {
			m = map[string][]DocRef{}
			b.IDs[kind] = m
		}
		for v, list := range vals {
			m[v] = s.docRefs(list)
		}
	}
	for d, list := range s.contents {
		b.Contents[d] = s.contentRefs(list)
	}
}

// saveCompact is Save of a baseline whose IDs and Contents are all in its
// refStore: the fields as encoding/json writes the Baseline, in its
// order, its omitempty fields left out when empty, and ids and contents
// built and encoded one list of references at a time.
func (b *Baseline) saveCompact(w *bufio.Writer) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	// put writes v as encoding/json would inside the object.
	put := func(v any) error {
		buf.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return nil
	}
	s := b.refs
	v := reflect.ValueOf(b).Elem()
	t := v.Type()
	w.WriteByte('{')
	first := true
	for i := range t.NumField() {
		f := t.Field(i)
		tag, ok := f.Tag.Lookup("json")
		if !f.IsExported() || !ok || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		fv := v.Field(i)
		var write func() error
		empty := false
		switch name {
		case "ids":
			empty = len(s.ids) == 0
			write = func() error {
				return putSorted(w, put, s.ids, func(vals map[string][]uint32) error {
					return putSorted(w, put, vals, func(list []uint32) error { return put(s.docRefs(list)) })
				})
			}
		case "contents":
			empty = len(s.contents) == 0
			write = func() error {
				return putSorted(w, put, s.contents, func(list []uint32) error { return put(s.contentRefs(list)) })
			}
		default:
			switch fv.Kind() {
			case reflect.Map, reflect.Slice, reflect.String:
				empty = fv.Len() == 0
			case reflect.Int:
				empty = fv.Int() == 0
			default:
				return fmt.Errorf("baseline: field %s: Save does not know how encoding/json leaves out its empty value", f.Name)
			}
			write = func() error { return put(fv.Interface()) }
		}
		if empty && opts == "omitempty" {
			continue
		}
		if !first {
			w.WriteByte(',')
		}
		first = false
		if err := put(name); err != nil {
			return err
		}
		w.WriteByte(':')
		if err := write(); err != nil {
			return err
		}
	}
	w.WriteString("}\n")
	return nil
}

// putSorted writes m as encoding/json writes a map: its keys in order,
// each value written by value.
func putSorted[V any](w *bufio.Writer, put func(any) error, m map[string]V, value func(V) error) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			w.WriteByte(',')
		}
		if err := put(k); err != nil {
			return err
		}
		w.WriteByte(':')
		if err := value(m[k]); err != nil {
			return err
		}
	}
	w.WriteByte('}')
	return nil
}
