package e2e

import (
	"bytes"
	"compress/gzip"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sync"
	"testing"
)

// recordingHost serves a built output folder as a static host does (a
// folder's index.html, 404.html for what is missing, text compressed with
// gzip) and records each request with the bytes it sent gzipped: what a
// visitor's phone downloads, for the weight tests of the map and search.
type recordingHost struct {
	dir  string
	mu   sync.Mutex
	reqs []served
}

// served is one request: its path and the gzipped size of what was sent.
type served struct {
	Path string
	Gzip int
}

var hostTypes = map[string]string{".html": "text/html; charset=utf-8", ".js": "application/javascript", ".css": "text/css", ".json": "application/json"}

func (h *recordingHost) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	full := filepath.Join(h.dir, filepath.FromSlash(path.Clean(r.URL.Path)))
	if st, err := os.Stat(full); err == nil && st.IsDir() {
		full = filepath.Join(full, "index.html")
	}
	b, err := os.ReadFile(full)
	code := http.StatusOK
	if err != nil {
		code = http.StatusNotFound
		full = filepath.Join(h.dir, "404.html")
		b, _ = os.ReadFile(full)
	}
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.DefaultCompression)
	zw.Write(b)
	zw.Close()
	h.mu.Lock()
	h.reqs = append(h.reqs, served{Path: r.URL.Path, Gzip: z.Len()})
	h.mu.Unlock()
	if ct := hostTypes[filepath.Ext(full)]; ct != "" {
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Content-Encoding", "gzip")
		b = z.Bytes()
	}
	w.WriteHeader(code)
	w.Write(b)
}

// take returns the requests recorded since the last take.
func (h *recordingHost) take() []served {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.reqs
	h.reqs = nil
	return r
}

// serveRecorded serves dir on a local port until the test ends.
func serveRecorded(t *testing.T, dir string) (*recordingHost, string) {
	t.Helper()
	h := &recordingHost{dir: dir}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return h, "http://" + l.Addr().String() + "/"
}
