package caseview

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ServerOptions configure Handler.
type ServerOptions struct {
	// Hosts, when set, are the Host header values the server answers
	// (host:port as a browser sends it); any other gets 421. A server
	// bound to loopback sets them to its own addresses (LoopbackHosts), so
	// that a web page the analyst visits cannot reach the case through
	// DNS rebinding (a name of the attacker's that resolves to 127.0.0.1
	// sends its own name as Host).
	Hosts []string
	// Title names the case in the page's title; the database's file name
	// is a good one.
	Title string
	// Logger, when set, logs the requests that failed.
	Logger *slog.Logger
}

// LoopbackHosts returns the Host values a browser sends to a server
// listening on loopback port port.
func LoopbackHosts(port string) []string {
	return []string{net.JoinHostPort("127.0.0.1", port), net.JoinHostPort("localhost", port), net.JoinHostPort("::1", port)}
}

// IsLoopback reports whether the listening address addr (host:port)
// accepts connections only from this machine.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// contentSecurityPolicy is the served page's policy: scripts and styles
// only from the server itself (no inline script, so that a value a
// document smuggled into the page could not run even if it escaped
// escaping), data only from its own API, nothing from the network, no
// framing.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Handler serves the case view over s: the page, its assets and the JSON
// API the page reads:
//
//	GET /                   the page
//	GET /assets/NAME        the page's script, styles and uPlot
//	GET /api/case           Case: counts, checks, facets
//	GET /api/timeline       Timeline: every path's claimed times and score
//	GET /api/docs?QUERY     Page: a page of the ranked list (ParseQuery's parameters)
//	GET /api/doc/ID         Doc: one path's findings, fields and links
//	GET /api/families       []Family
//	GET /api/groups         []GroupRef: the corpus-wide checks' groups (bursts, clusters)
//
// It only reads, and answers GET and HEAD only (405 otherwise).
func Handler(s *Store, opts ServerOptions) http.Handler {
	h := &server{store: s, opts: opts}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", h.page)
	mux.HandleFunc("GET /assets/{name}", h.asset)
	mux.HandleFunc("GET /api/case", h.apiCase)
	mux.HandleFunc("GET /api/timeline", h.apiTimeline)
	mux.HandleFunc("GET /api/docs", h.apiDocs)
	mux.HandleFunc("GET /api/doc/{id}", h.apiDoc)
	mux.HandleFunc("GET /api/families", h.apiFamilies)
	mux.HandleFunc("GET /api/groups", h.apiGroups)
	return h.guard(mux)
}

type server struct {
	store *Store
	opts  ServerOptions

	timelineMu   sync.Mutex
	timelineJSON []byte
}

// guard sets the security headers on every answer and refuses what the
// view never sends: other methods, other Host headers.
func (h *server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", contentSecurityPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cross-Origin-Resource-Policy", "same-origin")
		// A leak's metadata must not linger in caches.
		hd.Set("Cache-Control", "no-store")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			hd.Set("Allow", "GET, HEAD")
			http.Error(w, "the case view is read-only", http.StatusMethodNotAllowed)
			return
		}
		if len(h.opts.Hosts) > 0 && !hostAllowed(r.Host, h.opts.Hosts) {
			http.Error(w, "unexpected Host header", http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func hostAllowed(host string, allowed []string) bool {
	for _, a := range allowed {
		if strings.EqualFold(host, a) {
			return true
		}
	}
	return false
}

func (h *server) page(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := writePage(&buf, pageData{Title: h.opts.Title}); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

func (h *server) asset(w http.ResponseWriter, r *http.Request) {
	a, ok := assetTypes[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	b, err := assets.ReadFile(a.file)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", a.contentType)
	w.Write(b)
}

func (h *server) apiCase(w http.ResponseWriter, r *http.Request) {
	c, err := h.store.Case(r.Context())
	h.reply(w, r, c, err)
}

// apiTimeline answers the timeline encoded once: at 100,000 documents
// it is megabytes of numbers, the same at every opening of the list.
func (h *server) apiTimeline(w http.ResponseWriter, r *http.Request) {
	h.timelineMu.Lock()
	b := h.timelineJSON
	h.timelineMu.Unlock()
	if b == nil {
		t, err := h.store.Timeline(r.Context())
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if b, err = json.Marshal(t); err != nil {
			h.fail(w, r, err)
			return
		}
		h.timelineMu.Lock()
		h.timelineJSON = b
		h.timelineMu.Unlock()
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b)
}

func (h *server) apiDocs(w http.ResponseWriter, r *http.Request) {
	q, err := ParseQuery(r.URL.Query())
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	p, err := h.store.Docs(r.Context(), q)
	h.reply(w, r, p, err)
}

func (h *server) apiDoc(w http.ResponseWriter, r *http.Request) {
	// The id is a paths row, never a file name: nothing a document says
	// reaches the file system.
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		http.NotFound(w, r)
		return
	}
	d, err := h.store.Doc(r.Context(), id)
	if errors.Is(err, ErrNoDocument) {
		http.NotFound(w, r)
		return
	}
	h.reply(w, r, d, err)
}

func (h *server) apiGroups(w http.ResponseWriter, r *http.Request) {
	g, err := h.store.Groups(r.Context())
	h.reply(w, r, g, err)
}

func (h *server) apiFamilies(w http.ResponseWriter, r *http.Request) {
	f, err := h.store.Families(r.Context())
	h.reply(w, r, f, err)
}

// reply writes v as JSON. encoding/json escapes <, > and & in strings, so
// that a value is inert even where a browser sniffs or inlines it.
func (h *server) reply(w http.ResponseWriter, r *http.Request, v any, err error) {
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b)
}

func (h *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) {
		return // the browser went elsewhere
	}
	if h.opts.Logger != nil {
		h.opts.Logger.Error("case view", "path", r.URL.Path, "err", err)
	}
	http.Error(w, "the case could not be read: "+err.Error(), http.StatusInternalServerError)
}

// NewServer is an http.Server for Handler with timeouts fit for a local
// tool: a slow or stuck client cannot hold connections open for ever.
func NewServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      5 * time.Minute, // a large case's /api/case
		IdleTimeout:       2 * time.Minute,
	}
}

// Serve answers on ln until ctx is done, then shuts down gracefully.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := NewServer(h)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("caseview: %w", err)
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			return fmt.Errorf("caseview: %w", err)
		}
		return nil
	}
}
