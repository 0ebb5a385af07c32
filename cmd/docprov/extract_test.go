package main

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is a bytes.Buffer safe to read while timedWriter's
// goroutine writes to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// A Record written out reaches the output within the interval, without a
// Flush: a later file that stalls cannot hold it back.
func TestTimedWriterFlushesWhileIdle(t *testing.T) {
	var out lockedBuffer
	w := newTimedWriter(&out, 10*time.Millisecond)
	_, err := w.WriteString(`{"path":"good.docx"}` + "\n")
	require.NoError(t, err)
	assert.Empty(t, out.String(), "buffered at first")
	assert.Eventually(t, func() bool { return out.String() != "" }, 5*time.Second, 5*time.Millisecond)
	_, err = w.Write([]byte("]\n"))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	assert.Equal(t, `{"path":"good.docx"}`+"\n]\n", out.String())
}
