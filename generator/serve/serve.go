// Package serve is `diachido serve`: a local preview that builds the site
// into memory, serves it over HTTP and rebuilds it whenever a source file
// changes, reloading open pages.
//
// The preview is for an editor checking their work before committing, so it
// differs from a published build in three visible ways, all added at serve
// time without touching the theme:
//
//   - drafts are built and every page of a draft entry carries a
//     "BẢN NHÁP / DRAFT" banner;
//   - when the source has errors, every HTML page shows them in a
//     full-screen panel, one "path:line: message" per line, over the last
//     good build (which keeps being served);
//   - every HTML page holds a small script that listens on
//     /__diachido/events (server-sent events) and reloads the page when a
//     new build, or a new error state, is ready.
//
// A Server is driven by Rebuild (one build, synchronous) and Watch (polls
// the source every Options.Interval and calls Rebuild on a change), so tests
// can drive it without timing races. Builds are swapped in through an atomic
// pointer: a request always sees one whole build.
package serve

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/diachido/diachido/generator/cache"
	"github.com/diachido/diachido/generator/config"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/generator/site"
)

// EventsPath is the server-sent-events endpoint, under the base path.
const EventsPath = "__diachido/events"

// Options configure a preview server.
type Options struct {
	// BaseURL is the address the preview is reached at; pages are built
	// for it. Default http://127.0.0.1:1313/.
	BaseURL string
	// Interval is how often Watch polls the source; default 200 ms.
	Interval time.Duration
	// Log receives one line per rebuild and the diagnostics; default none.
	Log io.Writer
}

// Server builds a site source into memory and serves it.
type Server struct {
	source string
	fsys   fs.FS
	opts   Options
	base   string // the base URL's path, ending in "/"
	epoch  string // distinguishes this process's build numbers from another's

	state atomic.Pointer[state]

	mu       sync.Mutex // serialises Rebuild; guards the fields below
	built    snapshot   // the source as it was when the current state was built
	builds   int        // build attempts so far
	lastWarn string     // warnings last printed, to print them only when they change

	quit      chan struct{}
	closeOnce sync.Once
}

// state is one build attempt: the files of the last good build (which may
// be an earlier attempt's) and the errors of this attempt.
type state struct {
	version string
	files   *output.Memory    // nil before the first good build
	drafts  map[string]bool   // page paths ("vi/sites/x/") of draft entries
	errors  []diag.Diagnostic // empty when this attempt succeeded
	logo    string            // site.yaml logo, watched too
	next    chan struct{}     // closed when a newer state replaces this one
	built   bool              // false only for the initial, empty state
}

// New returns a server for the site source folder. It does not build:
// call Rebuild before serving (the CLI prints its banner in between).
func New(source string, opts Options) (*Server, error) {
	info, err := os.Stat(source)
	if err != nil || !info.IsDir() {
		return nil, fmt.Errorf("source folder %s not found", source)
	}
	if opts.BaseURL == "" {
		opts.BaseURL = "http://127.0.0.1:1313/"
	}
	u, err := url.Parse(opts.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("base URL %q must be an absolute http address", opts.BaseURL)
	}
	if !strings.HasSuffix(opts.BaseURL, "/") {
		opts.BaseURL += "/"
	}
	base := u.Path
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	if opts.Interval <= 0 {
		opts.Interval = 200 * time.Millisecond
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	s := &Server{
		source: source,
		fsys:   os.DirFS(source),
		opts:   opts,
		base:   base,
		epoch:  strconv.FormatInt(time.Now().UnixNano(), 36),
		quit:   make(chan struct{}),
	}
	s.state.Store(&state{version: s.epoch + ".0", next: make(chan struct{})})
	return s, nil
}

// Close ends the open event streams so that an http.Server can shut down
// (they never become idle by themselves). The handler keeps serving pages.
func (s *Server) Close() { s.closeOnce.Do(func() { close(s.quit) }) }

// Rebuild loads and renders the whole source into memory. On success the
// new build replaces the old; on content errors the last good build keeps
// being served with the errors shown over it. Either way open pages are
// told to reload. It returns the diagnostics' errors (a *diag.ErrorList).
func (s *Server) Rebuild() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	start := time.Now()
	old := s.state.Load()
	s.built = s.scan(old.logo)

	var diags diag.List
	m, mem, st := s.build(&diags)

	s.builds++
	next := &state{version: s.epoch + "." + strconv.Itoa(s.builds), next: make(chan struct{}), built: true, logo: old.logo}
	if m != nil && m.Config.Logo != old.logo {
		// The logo is only known after loading; start watching it now.
		next.logo = m.Config.Logo
		if next.logo != "" {
			maps.Copy(s.built, s.scanRoots(next.logo))
		}
	}
	ok := !diags.HasErrors()
	if ok {
		next.files = mem
		next.drafts = drafts(m)
	} else {
		next.files, next.drafts = old.files, old.drafts
		next.errors = diags.Errors()
	}
	s.state.Store(next)
	close(old.next)
	s.log(start, ok, st, next, &diags, old.files != nil)
	if ok {
		return nil
	}
	return diags.Err()
}

// build loads and renders the source. A panic (a bug, not the editor's
// mistake) becomes an error in the panel instead of ending the preview.
func (s *Server) build(diags *diag.List) (m *site.Model, mem *output.Memory, st site.Stats) {
	defer func() {
		if r := recover(); r != nil {
			diags.Errorf(diag.Position{}, "internal error while building (please report it): %v", r)
			m, mem = nil, nil
		}
	}()
	// Placards come from the same cache as build's, so an edit re-renders
	// only the placard it changes and the preview stays quick.
	m = site.Load(s.fsys, site.LoadOptions{Drafts: true, BaseURL: s.opts.BaseURL, CacheDir: cache.Default(s.source)}, diags)
	if m == nil || diags.HasErrors() {
		return m, nil, st
	}
	mem = output.NewMemory()
	st, err := m.Render(mem)
	if err != nil {
		// Render errors are template problems: "file: message" lines.
		for _, line := range strings.Split(err.Error(), "\n") {
			diags.Errorf(diag.Position{}, "%s", line)
		}
		return m, nil, st
	}
	return m, mem, st
}

func (s *Server) log(start time.Time, ok bool, st site.Stats, next *state, diags *diag.List, hadBuild bool) {
	w := s.opts.Log
	stamp := start.Format("15:04:05")
	warns := diags.Warnings()
	var wb strings.Builder
	for _, d := range warns {
		wb.WriteString("  " + d.String() + "\n")
	}
	if ok {
		line := fmt.Sprintf("%s built %s in %s", stamp, plural(st.Pages, "page", "pages"), time.Since(start).Round(time.Millisecond))
		if len(warns) > 0 {
			line += ", " + plural(len(warns), "warning", "warnings")
		}
		fmt.Fprintln(w, line)
		if wb.String() != s.lastWarn {
			fmt.Fprint(w, wb.String())
		}
		s.lastWarn = wb.String()
		return
	}
	what := "shown over the last good build"
	if !hadBuild {
		what = "nothing to show until they are fixed"
	}
	fmt.Fprintf(w, "%s %s (%s):\n", stamp, plural(len(next.errors), "error", "errors"), what)
	for _, d := range next.errors {
		fmt.Fprintln(w, "  "+d.String())
	}
	fmt.Fprint(w, wb.String())
	s.lastWarn = wb.String()
}

// drafts lists the page paths of draft entries: their page in every
// language and their short link.
func drafts(m *site.Model) map[string]bool {
	out := map[string]bool{}
	for _, e := range m.Content.Entries {
		if !e.Default.Front.Draft {
			continue
		}
		for _, l := range m.Langs {
			out[site.EntryPath(l, e)] = true
		}
		if e.ID() != "" {
			out[site.Short(e.ID())] = true
		}
	}
	return out
}

// Watch polls the source every Options.Interval and rebuilds when a file
// under site.yaml, content/, i18n/ or themes/ (or the logo) was added,
// removed or changed size or modification time since the last build. It
// returns when ctx is done.
func (s *Server) Watch(ctx context.Context) error {
	t := time.NewTicker(s.opts.Interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		snap := s.scan(s.state.Load().logo)
		s.mu.Lock()
		same := maps.Equal(snap, s.built)
		s.mu.Unlock()
		if !same {
			_ = s.Rebuild()
		}
	}
}

// stamp is what the watcher compares; folders count by existence only, so
// that an editor's hidden temporary files do not cause rebuilds.
type stamp struct {
	size int64
	mod  int64
	dir  bool
}

type snapshot map[string]stamp

// scan records every file the build reads: site.yaml, content/, i18n/,
// themes/ and the logo. Hidden files and folders are skipped, as content
// loading skips them.
func (s *Server) scan(logo string) snapshot {
	roots := []string{config.FileName, "content", "i18n", "themes"}
	if logo != "" {
		roots = append(roots, logo)
	}
	return s.scanRoots(roots...)
}

func (s *Server) scanRoots(roots ...string) snapshot {
	snap := snapshot{}
	for _, r := range roots {
		if !fs.ValidPath(r) {
			continue
		}
		_ = filepath.WalkDir(filepath.Join(s.source, filepath.FromSlash(r)), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") && d.Name() != "." {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				snap[p] = stamp{dir: true}
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil
			}
			snap[p] = stamp{size: info.Size(), mod: info.ModTime().UnixNano()}
			return nil
		})
	}
	return snap
}

// Handler serves the current build, the live-reload events and, over every
// HTML page, the draft banner and error panel.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if !strings.HasPrefix(r.URL.Path, s.base) {
			if r.URL.Path+"/" == s.base {
				http.Redirect(w, r, s.base, http.StatusFound)
				return
			}
			http.NotFound(w, r)
			return
		}
		rel := strings.TrimPrefix(r.URL.Path, s.base)
		if rel == EventsPath {
			s.events(w, r)
			return
		}
		s.serveFile(w, r, s.state.Load(), rel)
	})
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, st *state, rel string) {
	isDir := rel == "" || strings.HasSuffix(rel, "/")
	name := strings.TrimPrefix(path.Clean("/"+rel), "/")
	if isDir {
		name = path.Join(name, "index.html")
	}
	if st.files == nil {
		// Nothing was ever built: pages show the errors (or that the first
		// build is under way), other files do not exist yet.
		if isDir || path.Ext(name) == ".html" || path.Ext(name) == "" {
			status, note := http.StatusOK, ""
			if !st.built {
				status, note = http.StatusServiceUnavailable, "Đang dựng trang… / Building the site…"
			}
			s.writeHTML(w, r, st, "", []byte(fmt.Sprintf(emptyPage, note)), status)
			return
		}
		http.NotFound(w, r)
		return
	}
	data, ok := st.files.Get(name)
	if !ok && !isDir {
		if _, dir := st.files.Get(name + "/index.html"); dir {
			target := s.base + name + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
	}
	status := http.StatusOK
	if !ok {
		data, ok = st.files.Get("404.html")
		if !ok {
			http.NotFound(w, r)
			return
		}
		name, status = "404.html", http.StatusNotFound
	}
	if path.Ext(name) == ".html" {
		s.writeHTML(w, r, st, pageOf(name), data, status)
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentType(name))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// pageOf turns a file name into the page path drafts are listed under:
// "vi/sites/x/index.html" → "vi/sites/x/".
func pageOf(name string) string {
	if name == "index.html" {
		return ""
	}
	if strings.HasSuffix(name, "/index.html") {
		return strings.TrimSuffix(name, "index.html")
	}
	return name
}

func (s *Server) writeHTML(w http.ResponseWriter, r *http.Request, st *state, page string, data []byte, status int) {
	out := inject(data, s.extras(st, page))
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(out)
	}
}

const emptyPage = `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>diachido serve</title>
</head>
<body>
<p style="font:16px/1.5 system-ui,sans-serif;padding:2em">%s</p>
</body>
</html>
`

// extras is what the preview adds before </body>: the draft banner, the
// error panel and the reload script.
func (s *Server) extras(st *state, page string) string {
	var b strings.Builder
	if st.drafts[page] {
		b.WriteString(`<div id="diachido-draft" role="note" style="position:fixed;top:0;left:0;right:0;z-index:2147483646;margin:0;padding:4px 8px;background:#b45309;color:#fff;font:bold 14px/1.4 system-ui,sans-serif;text-align:center;letter-spacing:.05em;opacity:.95;pointer-events:none">BẢN NHÁP / DRAFT — chưa đăng, xóa dòng draft: true khi bài đã sẵn sàng / not published until you delete draft: true</div>`)
		b.WriteByte('\n')
	}
	if len(st.errors) > 0 {
		b.WriteString(`<div id="diachido-errors" role="alert" style="position:fixed;top:0;left:0;right:0;bottom:0;z-index:2147483647;overflow:auto;margin:0;padding:24px;box-sizing:border-box;background:rgba(40,0,0,.95);color:#fff;font:16px/1.5 system-ui,sans-serif;text-align:left">`)
		b.WriteString(`<button type="button" onclick="this.parentNode.style.display='none'" style="float:right;font:inherit;padding:4px 12px;cursor:pointer">Ẩn / Hide</button>`)
		fmt.Fprintf(&b, `<h2 style="margin:0 0 8px;font:bold 22px/1.3 system-ui,sans-serif;color:#fff">Lỗi nội dung / Content errors: %d</h2>`, len(st.errors))
		msg := "Sửa các lỗi dưới đây rồi lưu tệp: trang sẽ tự tải lại. / Fix these and save: the page reloads by itself."
		if st.files != nil {
			msg += " Bên dưới là bản dựng tốt gần nhất. / Underneath is the last good build."
		}
		b.WriteString(`<p style="margin:0 0 16px;color:#fdd">` + html.EscapeString(msg) + `</p>`)
		b.WriteString(`<pre style="margin:0;padding:0;background:none;border:0;white-space:pre-wrap;word-break:break-word;font:14px/1.7 ui-monospace,Menlo,Consolas,monospace;color:#ffe4e4">`)
		for _, d := range st.errors {
			b.WriteString(html.EscapeString(d.String()))
			b.WriteByte('\n')
		}
		b.WriteString("</pre></div>\n")
	}
	// The version is our own number; nothing an editor writes reaches the
	// script.
	fmt.Fprintf(&b, `<script>(function(){if(!window.EventSource)return;var v=%q,es=new EventSource(%q);es.onmessage=function(e){if(e.data!==v){es.close();location.reload();}};})();</script>`,
		st.version, s.base+EventsPath)
	b.WriteByte('\n')
	return b.String()
}

// inject inserts extra before the last </body> (any case), or at the end.
func inject(page []byte, extra string) []byte {
	const tag = "</body>"
	at := len(page)
	for i := len(page) - len(tag); i >= 0; i-- {
		if page[i] == '<' && strings.EqualFold(string(page[i:i+len(tag)]), tag) {
			at = i
			break
		}
	}
	out := make([]byte, 0, len(page)+len(extra))
	out = append(out, page[:at]...)
	out = append(out, extra...)
	return append(out, page[at:]...)
}

// events streams the build version: once on connect, then after every
// rebuild. A page reloads when the version differs from the one it was
// served with.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	st := s.state.Load()
	if _, err := fmt.Fprintf(w, "retry: 1000\ndata: %s\n\n", st.version); err != nil {
		return
	}
	fl.Flush()
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		var err error
		select {
		case <-st.next:
			st = s.state.Load()
			_, err = fmt.Fprintf(w, "data: %s\n\n", st.version)
		case <-ping.C:
			_, err = io.WriteString(w, ": ping\n\n")
		case <-r.Context().Done():
			return
		case <-s.quit:
			return
		}
		if err != nil {
			return
		}
		fl.Flush()
	}
}

var types = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".json":        "application/json",
	".geojson":     "application/geo+json",
	".xml":         "application/xml; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".svg":         "image/svg+xml",
	".pdf":         "application/pdf",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".png":         "image/png",
	".webp":        "image/webp",
	".gif":         "image/gif",
	".ico":         "image/x-icon",
	".mp3":         "audio/mpeg",
	".mp4":         "video/mp4",
	".woff2":       "font/woff2",
	".webmanifest": "application/manifest+json",
}

// contentType is fixed per extension rather than read from the system's
// MIME tables, so the preview behaves the same on every machine.
func contentType(name string) string {
	if t, ok := types[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
