package docprov_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docprov/docprov"
	"github.com/docprov/docprov/formats"
	"github.com/docprov/docprov/provenance"
)

// stuckFormat is a parser that ignores cancellation and loops: the kind of
// third-party bug the time budget exists for.
type stuckFormat struct{ release chan struct{} }

func (stuckFormat) Name() string           { return "stuck" }
func (stuckFormat) Match(head []byte) bool { return bytes.HasPrefix(head, []byte("STUCK")) }
func (s stuckFormat) Extract(ctx context.Context, r io.ReaderAt, size int64) (*provenance.Record, error) {
	<-s.release
	return provenance.NewRecord(), nil
}

// panicFormat panics like a third-party parser on hostile input.
type panicFormat struct{}

func (panicFormat) Name() string           { return "panicky" }
func (panicFormat) Match(head []byte) bool { return bytes.HasPrefix(head, []byte("PANIC")) }
func (panicFormat) Extract(context.Context, io.ReaderAt, int64) (*provenance.Record, error) {
	var m map[string]int
	m["boom"]++ // assignment to a nil map
	return nil, nil
}

func TestTimeBudgetAbandonsAStuckParser(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	ex := &docprov.Extractor{Registry: formats.NewRegistry(stuckFormat{release}), Timeout: 50 * time.Millisecond}
	data := []byte("STUCK forever")
	_, err := ex.Extract(context.Background(), bytes.NewReader(data), int64(len(data)), "stuck.bin")
	require.Error(t, err)
	assert.True(t, errors.Is(err, docprov.ErrTimeout), "got %v", err)
	assert.Contains(t, err.Error(), "stuck.bin")
}

func TestPanicBecomesMalformedError(t *testing.T) {
	ex := &docprov.Extractor{Registry: formats.NewRegistry(panicFormat{})}
	data := []byte("PANIC now")
	_, err := ex.Extract(context.Background(), bytes.NewReader(data), int64(len(data)), "hostile.bin")
	require.Error(t, err)
	assert.ErrorIs(t, err, docprov.ErrMalformed)
	assert.Contains(t, err.Error(), "hostile.bin")
	var pe *formats.PanicError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "panicky", pe.Format)
}
