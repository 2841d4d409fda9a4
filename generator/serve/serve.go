// Package serve is `diachido serve`: a local preview that loads the site,
// serves it over HTTP rendering each page when it is first asked for, and
// reloads it whenever a source file changes, reloading open pages.
//
// A reload is quick however large the site: files are parsed again only
// when they changed (site.LoadCache), and no page is rendered until a
// browser asks for it (site.Plan); a rendered page is kept until the next
// change. The pages open in a browser are rendered first, as soon as the
// new site is loaded, while the browsers are told to reload.
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
// A Server is driven by Rebuild (one load, synchronous) and Watch (polls
// the source every Options.Interval and calls Rebuild on a change), so tests
// can drive it without timing races. Loads are swapped in through an atomic
// pointer: a request always sees one whole site.
package serve

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/diachido/diachido/generator/cache"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/inputs"
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
	// Interval is how often Watch polls the source; default 200 ms. Where
	// the system reports changes (inotify on Linux), Watch looks as soon as
	// one is reported and polls only every 10 × Interval, for what such
	// reports miss (some network and container file systems).
	Interval time.Duration
	// Log receives one line per rebuild and the diagnostics; default none.
	Log io.Writer
}

// Server loads a site source and serves it, rendered on demand.
type Server struct {
	source string
	opts   Options
	base   string // the base URL's path, ending in "/"
	epoch  string // distinguishes this process's build numbers from another's
	cache  *site.LoadCache

	state atomic.Pointer[state]

	openMu sync.Mutex
	open   map[string]int // files shown in browsers with a live-reload stream, by name

	mu       sync.Mutex      // serialises Rebuild; guards the fields below
	inputs   []inputs.Input  // what the last load read (package inputs)
	built    inputs.Snapshot // those inputs as they were when it read them
	builds   int             // build attempts so far
	lastWarn string          // warnings last printed, to print them only when they change

	quit      chan struct{}
	closeOnce sync.Once
}

// state is one build attempt: the last good site (which may be an earlier
// attempt's) and the errors of this attempt.
type state struct {
	version string
	site    *preview          // nil before the first good build
	errors  []diag.Diagnostic // empty when this attempt succeeded
	next    chan struct{}     // closed when a newer state replaces this one
	built   bool              // false only for the initial, empty state
}

// preview is one good load of the site: every generated file by name,
// rendered when first asked for and kept, and the files copied as they are
// (photos, media, the theme's static files), gathered in the background.
type preview struct {
	plan   *site.Plan
	model  *site.Model     // for the editor's page and config (admin.go)
	read   []inputs.Input  // what loading and planning read, before any rendering
	names  map[string]bool // generated files
	pages  int             // of them, HTML pages
	drafts map[string]bool // page paths ("vi/sites/x/") of draft entries
	log    func(name string, err error)

	mu       sync.Mutex
	rendered map[string]*rendered

	copied  chan struct{} // closed when files and copyErr are set
	files   *output.Memory
	copyErr error
}

// rendered is one generated file, rendered once: whoever asks while it is
// being rendered waits for that rendering.
type rendered struct {
	done chan struct{}
	data []byte
	err  error
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
	// Rebuilds and on-demand renderings both log.
	opts.Log = &syncWriter{w: opts.Log}
	s := &Server{
		source: source,
		opts:   opts,
		base:   base,
		epoch:  strconv.FormatInt(time.Now().UnixNano(), 36),
		cache:  site.NewLoadCache(),
		open:   map[string]int{},
		quit:   make(chan struct{}),
	}
	s.state.Store(&state{version: s.epoch + ".0", next: make(chan struct{})})
	return s, nil
}

// Close ends the open event streams so that an http.Server can shut down
// (they never become idle by themselves). The handler keeps serving pages.
func (s *Server) Close() { s.closeOnce.Do(func() { close(s.quit) }) }

// Rebuild loads the source again, parsing only the files that changed
// since the last load. On success the new site replaces the old, and the
// pages open in browsers start rendering; on content errors the last good
// site keeps being served with the errors shown over it. Either way open
// pages are then told to reload. It returns the diagnostics' errors (a
// *diag.ErrorList).
func (s *Server) Rebuild() error { return s.rebuild(nil) }

// rebuild is Rebuild after a scan that Watch made of the last load's
// inputs, or (snap nil) before a scan of its own.
func (s *Server) rebuild(snap inputs.Snapshot) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	start := time.Now()
	old := s.state.Load()
	if snap == nil {
		snap = inputs.Scan(s.source, s.inputs)
	}

	// Entry files are stat'ed once per change, here, not again by loading.
	s.cache.UseStat(func(p string) (int64, time.Time, bool) {
		st, ok := snap[p]
		return st.Size, time.Unix(0, st.Mod), ok && !st.Dir && !st.Missing
	})
	var diags diag.List
	rec := inputs.Record(os.DirFS(s.source))
	_, p := s.build(rec, &diags)
	// What this load read is what the next change is looked for in,
	// whether it succeeded or not (an error is fixed in a file it read).
	// An input already known keeps the stamp it had before the load, so
	// that a save made while loading is seen at the next look; a new one
	// is stamped now.
	list := p.inputs(rec)
	if slices.Equal(list, s.inputs) {
		// The same inputs (an edit of a file): their stamps are snap's,
		// and listing 10,000 folders again would be a tenth of the edit.
		s.built = snap
	} else {
		s.built = inputs.Scan(s.source, list)
		for k, st := range snap {
			if _, ok := s.built[k]; ok {
				s.built[k] = st
			}
		}
	}
	s.inputs = list

	s.builds++
	next := &state{version: s.epoch + "." + strconv.Itoa(s.builds), next: make(chan struct{}), built: true}
	ok := !diags.HasErrors()
	if ok {
		next.site = p
	} else {
		next.site = old.site
		next.errors = diags.Errors()
	}
	s.state.Store(next)
	if ok {
		// Start on the pages that will be asked for first: the reloads
		// below wait for these renderings instead of starting their own.
		for _, name := range s.openFiles() {
			go p.get(context.Background(), name)
		}
	}
	close(old.next)
	s.log(start, ok, next, &diags, old.site != nil)
	if ok {
		return nil
	}
	return diags.Err()
}

// build loads the source and plans its files. A panic (a bug, not the
// editor's mistake) becomes an error in the panel instead of ending the
// preview.
func (s *Server) build(src *inputs.FS, diags *diag.List) (m *site.Model, p *preview) {
	defer func() {
		if r := recover(); r != nil {
			diags.Errorf(diag.Position{}, "internal error while building (please report it): %v", r)
			m, p = nil, nil
		}
	}()
	// Placards come from the same cache as build's, so an edit re-renders
	// only the placard it changes and the preview stays quick.
	m = site.Load(src, site.LoadOptions{Drafts: true, BaseURL: s.opts.BaseURL, CacheDir: cache.Default(s.source), Cache: s.cache}, diags)
	if m == nil || diags.HasErrors() {
		return m, nil
	}
	plan, err := m.Plan()
	if err != nil {
		// Plan errors are theme problems (a stylesheet that cannot be
		// minified names its file).
		if rest := diags.Collect(err); rest != nil {
			diags.Errorf(diag.Position{}, "%v", rest)
		}
		return m, nil
	}
	return m, s.newPreview(m, plan, src.List())
}

// inputs is what the load that made p read; p is nil when it failed, and
// then rec holds all it read. The list is taken before pages render and
// files copy: whatever they read lies in folders the load listed, so
// Watch sees changes to it from those listings, and a page opened in a
// browser adds nothing to watch (a test holds the site to that).
func (p *preview) inputs(rec *inputs.FS) []inputs.Input {
	if p == nil {
		return rec.List()
	}
	return p.read
}

func (s *Server) newPreview(m *site.Model, plan *site.Plan, read []inputs.Input) *preview {
	p := &preview{
		plan:     plan,
		model:    m,
		read:     read,
		names:    make(map[string]bool, len(plan.Names())),
		drafts:   drafts(m),
		rendered: map[string]*rendered{},
		copied:   make(chan struct{}),
		log:      s.renderFailed,
	}
	for _, name := range plan.Names() {
		p.names[name] = true
		if path.Ext(name) == ".html" {
			p.pages++
		}
	}
	go func() {
		defer close(p.copied)
		defer func() {
			if r := recover(); r != nil {
				p.copyErr = fmt.Errorf("internal error while copying files (please report it): %v", r)
			}
		}()
		mem := output.NewMemory()
		_, err := plan.CopyFiles(mem)
		p.files, p.copyErr = mem, err
		if err != nil {
			s.renderFailed("", err)
		}
	}()
	return p
}

// get returns a file of the site: a generated one, rendered now unless it
// was before, or a copied one once copying is done. ok is false when the
// site has no such file; err is a rendering failure, or ctx's error when
// the request went away while copying was under way.
func (p *preview) get(ctx context.Context, name string) (data []byte, ok bool, err error) {
	if p.names[name] {
		r := p.render(name)
		return r.data, true, r.err
	}
	select {
	case <-p.copied:
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
	if data, ok := p.files.Get(name); ok {
		return data, true, nil
	}
	if p.copyErr != nil {
		return nil, false, p.copyErr
	}
	return nil, false, nil
}

// has reports whether the site has a file, without rendering it.
func (p *preview) has(ctx context.Context, name string) bool {
	if p.names[name] {
		return true
	}
	select {
	case <-p.copied:
		_, ok := p.files.Get(name)
		return ok
	case <-ctx.Done():
		return false
	}
}

func (p *preview) render(name string) *rendered {
	p.mu.Lock()
	r := p.rendered[name]
	if r != nil {
		p.mu.Unlock()
		<-r.done
		return r
	}
	r = &rendered{done: make(chan struct{})}
	p.rendered[name] = r
	p.mu.Unlock()
	defer close(r.done)
	func() {
		defer func() {
			if v := recover(); v != nil {
				r.err = fmt.Errorf("internal error while rendering (please report it): %v", v)
			}
		}()
		r.data, _, r.err = p.plan.Render(name)
	}()
	if r.err != nil {
		p.log(name, r.err)
	}
	return r
}

// renderFailed logs a file that could not be rendered or copied: these
// errors show only when the file is asked for.
func (s *Server) renderFailed(name string, err error) {
	at := time.Now().Format("15:04:05")
	for _, line := range fileErrors(name, err) {
		fmt.Fprintf(s.opts.Log, "%s %s\n", at, line)
	}
}

func (s *Server) log(start time.Time, ok bool, next *state, diags *diag.List, hadBuild bool) {
	w := s.opts.Log
	stamp := start.Format("15:04:05")
	warns := diags.Warnings()
	var wb strings.Builder
	for _, d := range warns {
		wb.WriteString("  " + d.String() + "\n")
	}
	if ok {
		c := s.cache.Last()
		line := fmt.Sprintf("%s built %s in %s (%s parsed, each page rendered when opened)", stamp, plural(next.site.pages, "page", "pages"),
			time.Since(start).Round(time.Millisecond), plural(c.Parsed, "file", "files"))
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

// Watch polls the source every Options.Interval, or when the system
// reports a change, and rebuilds when an input of the last load (a file
// it read, a name in a folder it listed, a name it looked for and did not
// find: see package inputs) was added, removed or changed size or
// modification time since. It returns when ctx is done.
func (s *Server) Watch(ctx context.Context) error {
	every := s.opts.Interval
	var wake <-chan struct{}
	n := newNotifier()
	if n != nil {
		defer n.close()
		wake = n.wake
		every *= 10
		n.watch(s.watchDirs(s.watched()))
		// Compare at once: a save made while the watches were being
		// added may have gone unreported.
		n.wake <- struct{}{}
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-wake:
			// An editor's save is often several events (truncate, write,
			// close, rename): let them land before looking.
			select {
			case <-time.After(settle):
			case <-ctx.Done():
				return nil
			}
			select {
			case <-wake:
			default:
			}
		}
		snap := inputs.Scan(s.source, s.watched())
		s.mu.Lock()
		same := maps.Equal(snap, s.built)
		s.mu.Unlock()
		if !same {
			_ = s.rebuild(snap)
		}
		if n != nil && n.watch(s.watchDirs(s.watched())) {
			// A new folder (the new load listed it): what was written in
			// it before its watch was added shows in the next listing.
			select {
			case n.wake <- struct{}{}:
			default:
			}
		}
	}
}

// watched is the last load's inputs.
func (s *Server) watched() []inputs.Input {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inputs
}

// settle is how long Watch waits after a reported change before it looks.
const settle = 15 * time.Millisecond

// watchDirs lists the folders (of the operating system) whose changes
// matter: the source root, every folder the load listed and every folder
// holding another input.
func (s *Server) watchDirs(list []inputs.Input) []string {
	dirs := []string{filepath.Clean(s.source)}
	for _, d := range inputs.Folders(list) {
		dirs = append(dirs, filepath.Join(s.source, filepath.FromSlash(d)))
	}
	return dirs
}

// Handler serves the current build, the live-reload events and, over every
// HTML page, the draft banner and error panel.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == s.base+AdminAPIPath {
			s.adminAPI(w, r)
			return
		}
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
		st := s.state.Load()
		if (rel == "admin" || strings.HasPrefix(rel, "admin/")) && s.adminFile(w, r, st, rel) {
			return
		}
		s.serveFile(w, r, st, rel)
	})
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, st *state, rel string) {
	isDir := rel == "" || strings.HasSuffix(rel, "/")
	name := fileOf(rel)
	if st.site == nil {
		// Nothing was ever built: pages show the errors (or that the first
		// build is under way), other files do not exist yet.
		if isDir || path.Ext(name) == ".html" || path.Ext(name) == "" {
			status, note := http.StatusOK, ""
			if !st.built {
				status, note = http.StatusServiceUnavailable, "Đang dựng trang… / Building the site…"
			}
			s.writeHTML(w, r, st, "", []byte(fmt.Sprintf(emptyPage, note)), status, nil)
			return
		}
		http.NotFound(w, r)
		return
	}
	ctx := r.Context()
	data, ok, err := st.site.get(ctx, name)
	if ctx.Err() != nil {
		return // the browser went away
	}
	if !ok && err == nil && !isDir && st.site.has(ctx, name+"/index.html") {
		target := s.base + name + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	status := http.StatusOK
	if !ok && err == nil {
		data, ok, err = st.site.get(ctx, "404.html")
		if !ok {
			http.NotFound(w, r)
			return
		}
		name, status = "404.html", http.StatusNotFound
	}
	if err != nil {
		// The theme could not render this file: say so over an empty page
		// (the error stays until the next change, as the page would).
		problems := fileErrors(name, err)
		if path.Ext(name) == ".html" {
			s.writeHTML(w, r, st, pageOf(name), []byte(fmt.Sprintf(emptyPage, "")), http.StatusInternalServerError, problems)
			return
		}
		http.Error(w, strings.Join(problems, "\n"), http.StatusInternalServerError)
		return
	}
	if path.Ext(name) == ".html" {
		s.writeHTML(w, r, st, pageOf(name), data, status, nil)
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentType(name))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// fileOf turns a request path under the base into the output file it
// names: "vi/sites/x/" → "vi/sites/x/index.html".
func fileOf(rel string) string {
	name := strings.TrimPrefix(path.Clean("/"+rel), "/")
	if rel == "" || strings.HasSuffix(rel, "/") {
		name = path.Join(name, "index.html")
	}
	return name
}

// fileErrors are the panel's lines for a file that failed to render or
// copy: one diagnostic each ("themes/x/layouts/entry.html:3: cannot
// render vi/sites/a/index.html: …", see site.PageError), and for any other
// failure its text after the file's name.
func fileErrors(name string, err error) []string {
	var diags diag.List
	rest := diags.Collect(err)
	var out []string
	for _, d := range diags.Items() {
		out = append(out, d.String())
	}
	if rest != nil {
		line := rest.Error()
		if name != "" {
			line = name + ": " + line
		}
		out = append(out, line)
	}
	return out
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

func (s *Server) writeHTML(w http.ResponseWriter, r *http.Request, st *state, page string, data []byte, status int, problems []string) {
	out := inject(data, s.extras(st, page, problems))
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
// error panel (the content errors, then problems of this page) and the
// reload script.
func (s *Server) extras(st *state, page string, problems []string) string {
	var b strings.Builder
	if st.site != nil && st.site.drafts[page] {
		b.WriteString(`<div id="diachido-draft" role="note" style="position:fixed;top:0;left:0;right:0;z-index:2147483646;margin:0;padding:4px 8px;background:#b45309;color:#fff;font:bold 14px/1.4 system-ui,sans-serif;text-align:center;letter-spacing:.05em;opacity:.95;pointer-events:none">BẢN NHÁP / DRAFT — chưa đăng, xóa dòng draft: true khi bài đã sẵn sàng / not published until you delete draft: true</div>`)
		b.WriteByte('\n')
	}
	lines := make([]string, 0, len(st.errors)+len(problems))
	for _, d := range st.errors {
		lines = append(lines, d.String())
	}
	lines = append(lines, problems...)
	if len(lines) > 0 {
		b.WriteString(`<div id="diachido-errors" role="alert" style="position:fixed;top:0;left:0;right:0;bottom:0;z-index:2147483647;overflow:auto;margin:0;padding:24px;box-sizing:border-box;background:rgba(40,0,0,.95);color:#fff;font:16px/1.5 system-ui,sans-serif;text-align:left">`)
		b.WriteString(`<button type="button" onclick="this.parentNode.style.display='none'" style="float:right;font:inherit;padding:4px 12px;cursor:pointer">Ẩn / Hide</button>`)
		fmt.Fprintf(&b, `<h2 style="margin:0 0 8px;font:bold 22px/1.3 system-ui,sans-serif;color:#fff">Lỗi nội dung / Content errors: %d</h2>`, len(lines))
		msg := "Sửa các lỗi dưới đây rồi lưu tệp: trang sẽ tự tải lại. / Fix these and save: the page reloads by itself."
		if st.site != nil && len(problems) == 0 {
			msg += " Bên dưới là bản dựng tốt gần nhất. / Underneath is the last good build."
		}
		b.WriteString(`<p style="margin:0 0 16px;color:#fdd">` + html.EscapeString(msg) + `</p>`)
		b.WriteString(`<pre style="margin:0;padding:0;background:none;border:0;white-space:pre-wrap;word-break:break-word;font:14px/1.7 ui-monospace,Menlo,Consolas,monospace;color:#ffe4e4">`)
		for _, line := range lines {
			b.WriteString(html.EscapeString(line))
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
// served with. The page a stream comes from (its Referer) is rendered
// first after every rebuild.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	if name, ok := s.referer(r); ok {
		s.openMu.Lock()
		s.open[name]++
		s.openMu.Unlock()
		defer func() {
			s.openMu.Lock()
			if s.open[name]--; s.open[name] <= 0 {
				delete(s.open, name)
			}
			s.openMu.Unlock()
		}()
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

// referer returns the file of the preview page that made r.
func (s *Server) referer(r *http.Request) (string, bool) {
	u, err := url.Parse(r.Referer())
	if err != nil || u.Host != r.Host {
		return "", false
	}
	rel, ok := strings.CutPrefix(u.Path, s.base)
	if !ok {
		return "", false
	}
	return fileOf(rel), true
}

// maxWarm bounds how many open pages a rebuild renders ahead.
const maxWarm = 16

// openFiles lists the files shown in browsers that follow the reloads, the
// most watched first.
func (s *Server) openFiles() []string {
	s.openMu.Lock()
	defer s.openMu.Unlock()
	out := make([]string, 0, len(s.open))
	for name := range s.open {
		out = append(out, name)
	}
	sort.Slice(out, func(i, j int) bool {
		if s.open[out[i]] != s.open[out[j]] {
			return s.open[out[i]] > s.open[out[j]]
		}
		return out[i] < out[j]
	})
	if len(out) > maxWarm {
		out = out[:maxWarm]
	}
	return out
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

// syncWriter serialises writes to w.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
