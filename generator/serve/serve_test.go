package serve

import (
	"bufio"
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/site"
	"github.com/diachido/diachido/internal/testsite"
)

// fixture is a small site: a published relic site with an English
// translation, and a draft.
var fixture = testsite.Parse(testsite.Config + `-- content/sites/dinh-a/index.vi.md --
---
id: NT-001
title: Đình A
summary: Một ngôi đình để thử.
location: {lat: 10.7, lng: 106.8}
province: Đồng Nai
category: history
---

Nội dung đình A.
-- content/sites/dinh-a/index.en.md --
---
title: A communal house
summary: A communal house to test with.
---

About house A.
-- content/sites/nha-b/index.vi.md --
---
id: NT-002
title: Nhà B
summary: Bản nháp.
location: {lat: 10.8, lng: 106.9}
draft: true
---

Nội dung nhà B.
`)

const pageA = "content/sites/dinh-a/index.vi.md"

// entryC is an entry added while the preview runs.
var entryC = testsite.Parse(`
-- content/sites/dinh-c/index.vi.md --
---
id: NT-003
title: Đình C
summary: Mới.
location: {lat: 10.9, lng: 106.7}
---
C.
`)

// rebuild builds s again, failing the test on an error.
func rebuild(t testing.TB, s *Server) {
	t.Helper()
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
}

// start returns a server for dir, built once, and an HTTP server for it.
// The cleanups close the event streams before the HTTP server.
func start(t *testing.T, dir string, opts Options) (*Server, *httptest.Server) {
	t.Helper()
	s, err := New(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	t.Cleanup(s.Close)
	return s, ts
}

type response struct {
	status int
	header http.Header
	body   string
}

var noRedirect = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       10 * time.Second,
}

func get(t *testing.T, ts *httptest.Server, p string) response {
	t.Helper()
	resp, err := noRedirect.Get(ts.URL + p)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, string(b)}
}

var titleRe = regexp.MustCompile(`<title>([^<]*)</title>`)

func title(body string) string {
	if m := titleRe.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

func TestServesTheBuild(t *testing.T) {
	t.Parallel()
	dir := testsite.Dir(t, fixture)
	s, ts := start(t, dir, Options{BaseURL: "http://127.0.0.1:1313/"})
	rebuild(t, s)

	r := get(t, ts, "/vi/sites/dinh-a/")
	if r.status != 200 || r.header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("status %d, type %q", r.status, r.header.Get("Content-Type"))
	}
	if got := title(r.body); !strings.HasPrefix(got, "Đình A ·") {
		t.Errorf("title %q, want Đình A", got)
	}
	if !strings.Contains(r.body, `new EventSource("/__diachido/events")`) || !strings.Contains(r.body, "</script>\n</body>") {
		t.Errorf("no reload script before </body>")
	}
	if strings.Contains(r.body, "diachido-errors") || strings.Contains(r.body, "BẢN NHÁP") {
		t.Errorf("a good published page shows the error panel or the draft banner")
	}
	if !strings.Contains(r.body, `href="http://127.0.0.1:1313/vi/sites/dinh-a/"`) {
		t.Errorf("pages are not built for the preview's address (canonical link)")
	}
	if r := get(t, ts, "/en/sites/dinh-a/index.html"); r.status != 200 || !strings.HasPrefix(title(r.body), "A communal house") {
		t.Errorf("index.html: %d %q", r.status, title(r.body))
	}
	if r := get(t, ts, "/"); r.status != 200 || !strings.Contains(r.body, "EventSource") {
		t.Errorf("root: %d", r.status)
	}

	types := map[string]string{
		"/entries.geojson": "application/geo+json",
		"/sitemap.xml":     "application/xml; charset=utf-8",
		"/robots.txt":      "text/plain; charset=utf-8",
		"/favicon.svg":     "image/svg+xml",
	}
	for p, want := range types {
		r := get(t, ts, p)
		if r.status != 200 || r.header.Get("Content-Type") != want {
			t.Errorf("%s: %d %q, want 200 %q", p, r.status, r.header.Get("Content-Type"), want)
		}
		if strings.Contains(r.body, "EventSource") {
			t.Errorf("%s: script injected into a non-HTML file", p)
		}
	}

	r = get(t, ts, "/vi/sites/khong-co/")
	if r.status != 404 || !strings.Contains(r.body, "EventSource") || !strings.Contains(r.body, "layout-404") {
		t.Errorf("missing page: %d, want the theme's 404.html with status 404:\n%.300s", r.status, r.body)
	}
	if r := get(t, ts, "/vi/sites/dinh-a"); r.status != 301 || r.header.Get("Location") != "/vi/sites/dinh-a/" {
		t.Errorf("folder without slash: %d %q", r.status, r.header.Get("Location"))
	}
	if r := get(t, ts, "/../../etc/passwd"); r.status != 404 {
		t.Errorf("path outside: %d", r.status)
	}
	resp, err := http.Post(ts.URL+"/vi/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

func TestRebuildShowsTheChange(t *testing.T) {
	t.Parallel()
	dir := testsite.Dir(t, fixture)
	s, ts := start(t, dir, Options{})
	rebuild(t, s)
	testsite.EditFile(t, dir, pageA, "title: Đình A", "title: Đình A đã sửa")
	if got := title(get(t, ts, "/vi/sites/dinh-a/").body); !strings.HasPrefix(got, "Đình A ·") {
		t.Errorf("changed before the rebuild: %q", got)
	}
	rebuild(t, s)
	if got := title(get(t, ts, "/vi/sites/dinh-a/").body); !strings.HasPrefix(got, "Đình A đã sửa ·") {
		t.Errorf("after the rebuild: %q", got)
	}
	// A new entry appears, a removed one goes.
	testsite.Write(t, dir, entryC)
	if err := os.RemoveAll(filepath.Join(dir, "content", "sites", "nha-b")); err != nil {
		t.Fatal(err)
	}
	rebuild(t, s)
	if r := get(t, ts, "/vi/sites/dinh-c/"); r.status != 200 {
		t.Errorf("new entry: %d", r.status)
	}
	if r := get(t, ts, "/vi/sites/nha-b/"); r.status != 404 {
		t.Errorf("removed entry: %d", r.status)
	}
}

// loadErrors is what `check` says about dir, to compare the panel with.
func loadErrors(t *testing.T, dir string) []diag.Diagnostic {
	t.Helper()
	var diags diag.List
	site.Load(os.DirFS(dir), site.LoadOptions{Drafts: true}, &diags)
	return diags.Errors()
}

func TestErrorPanel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		old, new string
		want     string // the exact diagnostic; "" = whatever check says, at a line
	}{
		{"title removed", "title: Đình A\n", "", pageA + ":1: missing title"},
		{"HTML in a value is escaped", "category: history", `category: "<b>x</b>"`,
			pageA + `:7: category "<b>x</b>" is not one of history, architecture-art, archaeology, scenic`},
		{"malformed YAML", "location: {lat: 10.7, lng: 106.8}", "location: {lat: 10.7, lng: 106.8", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := testsite.Dir(t, fixture)
			s, ts := start(t, dir, Options{})
			rebuild(t, s)
			testsite.EditFile(t, dir, pageA, tt.old, tt.new)
			err := s.Rebuild()
			if err == nil {
				t.Fatal("Rebuild of a broken source returned nil")
			}
			// The panel says exactly what check says.
			errs := loadErrors(t, dir)
			all := make([]string, len(errs))
			for i, d := range errs {
				all[i] = d.String()
			}
			want := tt.want
			if want == "" {
				for _, d := range errs {
					if d.Pos.File == pageA && d.Pos.Line >= 2 {
						want = d.String()
					}
				}
				if want == "" {
					t.Fatalf("check says %q, want an error in %s at a line", all, pageA)
				}
			}
			if err.Error() != strings.Join(all, "\n") || !strings.Contains(err.Error(), want) {
				t.Errorf("Rebuild error %q, want %q", err, want)
			}
			for _, p := range []string{"/vi/sites/dinh-a/", "/en/", "/vi/sites/nha-b/"} {
				r := get(t, ts, p)
				if r.status != 200 {
					t.Errorf("%s: status %d, want 200", p, r.status)
				}
				if !strings.Contains(r.body, `id="diachido-errors"`) || !strings.Contains(r.body, "position:fixed") {
					t.Errorf("%s: no error panel", p)
				}
				for _, line := range append(all, want) {
					if !strings.Contains(r.body, html.EscapeString(line)+"\n") {
						t.Errorf("%s: panel lacks %q", p, html.EscapeString(line))
					}
				}
				if strings.Contains(r.body, "<b>x</b>") {
					t.Errorf("%s: editor text reached the page unescaped", p)
				}
			}
			// The last good build is still underneath.
			if got := title(get(t, ts, "/vi/sites/dinh-a/").body); !strings.HasPrefix(got, "Đình A ·") {
				t.Errorf("the last good build is gone: title %q", got)
			}
			// Non-HTML files are served as they were.
			if r := get(t, ts, "/entries.geojson"); r.status != 200 || strings.Contains(r.body, "diachido-errors") {
				t.Errorf("geojson during errors: %d", r.status)
			}

			testsite.Write(t, dir, map[string]string{pageA: fixture[pageA]})
			if err := s.Rebuild(); err != nil {
				t.Fatalf("fixed source: %v", err)
			}
			if r := get(t, ts, "/vi/sites/dinh-a/"); strings.Contains(r.body, "diachido-errors") {
				t.Errorf("panel still shown after the fix")
			}
		})
	}
}

func TestErrorsBeforeAnyGoodBuild(t *testing.T) {
	t.Parallel()
	dir := testsite.Dir(t, fixture)
	testsite.EditFile(t, dir, pageA, "title: Đình A\n", "")
	s, ts := start(t, dir, Options{})
	if r := get(t, ts, "/"); r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, "EventSource") {
		t.Errorf("before the first build: %d", r.status)
	}
	if err := s.Rebuild(); err == nil {
		t.Fatal("want errors")
	}
	for _, p := range []string{"/", "/vi/sites/dinh-a/"} {
		r := get(t, ts, p)
		if r.status != 200 || !strings.Contains(r.body, html.EscapeString(pageA+":1: missing title")) || !strings.Contains(r.body, "EventSource") {
			t.Errorf("%s: %d, want the panel alone:\n%s", p, r.status, r.body)
		}
	}
	if r := get(t, ts, "/favicon.svg"); r.status != 404 {
		t.Errorf("file before any build: %d", r.status)
	}
	testsite.EditFile(t, dir, pageA, "summary:", "title: Đình A\nsummary:")
	rebuild(t, s)
	if r := get(t, ts, "/vi/sites/dinh-a/"); strings.Contains(r.body, "diachido-errors") || !strings.HasPrefix(title(r.body), "Đình A ·") {
		t.Errorf("after the fix: %q", title(r.body))
	}
}

func TestDraftBanner(t *testing.T) {
	t.Parallel()
	dir := testsite.Dir(t, fixture)
	s, ts := start(t, dir, Options{})
	rebuild(t, s)
	for p, draft := range map[string]bool{
		"/vi/sites/nha-b/":           true,
		"/en/sites/nha-b/":           true, // untranslated: shows the default text
		"/vi/sites/nha-b/index.html": true,
		"/p/NT-002/":                 true,
		"/vi/sites/dinh-a/":          false,
		"/p/NT-001/":                 false,
		"/vi/":                       false,
		"/vi/sites/":                 false,
	} {
		r := get(t, ts, p)
		if r.status != 200 {
			t.Errorf("%s: status %d", p, r.status)
		}
		if got := strings.Contains(r.body, "BẢN NHÁP / DRAFT"); got != draft {
			t.Errorf("%s: banner %v, want %v", p, got, draft)
		}
	}
	// Drafts are built (the published build would leave them out) and the
	// theme's own output is unchanged apart from what serve adds.
	if r := get(t, ts, "/vi/sites/nha-b/"); !strings.HasPrefix(title(r.body), "Nhà B ·") {
		t.Errorf("draft title %q", title(r.body))
	}
	// Publishing the draft removes the banner.
	testsite.EditFile(t, dir, "content/sites/nha-b/index.vi.md", "draft: true\n", "")
	rebuild(t, s)
	if r := get(t, ts, "/vi/sites/nha-b/"); strings.Contains(r.body, "BẢN NHÁP") {
		t.Error("banner still shown after draft: true was removed")
	}
}

var versionRe = regexp.MustCompile(`var v="([^"]+)"`)

// events opens the event stream and returns its data lines, one per event.
func events(t *testing.T, base string) (<-chan string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/__diachido/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream; charset=utf-8" {
		t.Errorf("events: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	ch := make(chan string, 16)
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				ch <- d
			}
		}
	}()
	return ch, cancel
}

func next(t *testing.T, ch <-chan string) string {
	t.Helper()
	select {
	case d, ok := <-ch:
		if !ok {
			t.Fatal("event stream ended")
		}
		return d
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5 s")
	}
	return ""
}

func TestEventsAfterRebuild(t *testing.T) {
	t.Parallel()
	dir := testsite.Dir(t, fixture)
	s, ts := start(t, dir, Options{})
	rebuild(t, s)
	page := versionRe.FindStringSubmatch(get(t, ts, "/vi/").body)
	if page == nil {
		t.Fatal("no version in the page script")
	}
	ch, cancel := events(t, ts.URL)
	defer cancel()
	if v := next(t, ch); v != page[1] {
		t.Errorf("first event %q, want the served build %q", v, page[1])
	}

	rebuild(t, s)
	v2 := next(t, ch)
	if v2 == page[1] {
		t.Errorf("no new version after a rebuild")
	}
	if got := versionRe.FindStringSubmatch(get(t, ts, "/vi/").body)[1]; got != v2 {
		t.Errorf("page version %q, event %q", got, v2)
	}

	// A new error state is an event too.
	testsite.EditFile(t, dir, pageA, "title: Đình A\n", "")
	if err := s.Rebuild(); err == nil {
		t.Fatal("want errors")
	}
	if v3 := next(t, ch); v3 == v2 {
		t.Errorf("no new version after a failed rebuild")
	}

	// Close ends the stream so that the HTTP server can shut down.
	s.Close()
	select {
	case _, ok := <-ch:
		if ok {
			t.Error("event after Close")
		}
	case <-time.After(5 * time.Second):
		t.Error("stream still open 5 s after Close")
	}
}

func TestWatchRebuildsOnSave(t *testing.T) {
	t.Parallel()
	dir := testsite.Dir(t, fixture)
	var log testsite.Log
	s, ts := start(t, dir, Options{Interval: 20 * time.Millisecond, Log: &log})
	rebuild(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Watch(ctx) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("Watch did not return after cancel")
		}
	}()

	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not seen within 5 s; log:\n%s", what, log.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	testsite.EditFile(t, dir, pageA, "title: Đình A", "title: Đình A (lưu lần 2)")
	waitFor("edited title", func() bool {
		return strings.HasPrefix(title(get(t, ts, "/vi/sites/dinh-a/").body), "Đình A (lưu lần 2) ·")
	})
	testsite.EditFile(t, dir, "site.yaml", "idPrefix: NT\n", "idPrefix: NT\nfoo: bar\n")
	waitFor("site.yaml error", func() bool {
		return strings.Contains(get(t, ts, "/vi/").body, html.EscapeString(`site.yaml:11: unknown field "foo" (check its spelling)`))
	})
	testsite.EditFile(t, dir, "site.yaml", "foo: bar\n", "")
	testsite.Write(t, dir, map[string]string{"i18n/vi.yaml": "not_found_title: Không có trang này đâu\n"})
	waitFor("new i18n file", func() bool {
		r := get(t, ts, "/khong-co/")
		return r.status == 404 && strings.Contains(r.body, "Không có trang này đâu") && !strings.Contains(r.body, "diachido-errors")
	})
	if !strings.Contains(log.String(), "error") || !strings.Contains(log.String(), "built") {
		t.Errorf("log lacks the rebuild lines:\n%s", log.String())
	}
}

func TestInject(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"<p>x</p></body></html>":            "<p>x</p>X</body></html>",
		"<p>x</p></BODY></html>":            "<p>x</p>X</BODY></html>",
		"<p></body>x</p></body>":            "<p></body>x</p>X</body>",
		"<p>no body</p>":                    "<p>no body</p>X",
		"":                                  "X",
		"İİİ</body>":                        "İİİX</body>",
		"</bodyx></body >":                  "</bodyx></body >X",
		"<script>'</body>'</script></body>": "<script>'</body>'</script>X</body>",
	} {
		if got := string(inject([]byte(in), "X")); got != want {
			t.Errorf("inject(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNewRefusesMissingSource(t *testing.T) {
	t.Parallel()
	if _, err := New(filepath.Join(t.TempDir(), "nope"), Options{}); err == nil {
		t.Error("New of a missing folder: no error")
	}
	if _, err := New(t.TempDir(), Options{BaseURL: "127.0.0.1:1313"}); err == nil {
		t.Error("New with a relative base URL: no error")
	}
}

func TestBasePath(t *testing.T) {
	t.Parallel()
	dir := testsite.Dir(t, fixture)
	s, ts := start(t, dir, Options{BaseURL: "http://127.0.0.1:1313/guide/"})
	rebuild(t, s)
	r := get(t, ts, "/guide/vi/sites/dinh-a/")
	if r.status != 200 || !strings.Contains(r.body, `EventSource("/guide/__diachido/events")`) || !strings.Contains(r.body, `href="/guide/vi/"`) {
		t.Errorf("page under the base path: %d", r.status)
	}
	if r := get(t, ts, "/guide"); r.status != http.StatusFound || r.header.Get("Location") != "/guide/" {
		t.Errorf("/guide: %d %q", r.status, r.header.Get("Location"))
	}
	if r := get(t, ts, "/vi/"); r.status != 404 {
		t.Errorf("outside the base path: %d", r.status)
	}
	ch, cancel := events(t, ts.URL+"/guide")
	defer cancel()
	if v := next(t, ch); v == "" {
		t.Error("no event under the base path")
	}
}

// age sets every file of dir an hour back, as a site's files are when an
// editor starts the preview, so that loads take unchanged files from the
// parse cache (a file saved a moment ago is always parsed again).
func age(t *testing.T, dir string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestOnDemandAfterEdit edits a site whose other files come from the parse
// cache: the edited page is rendered anew on request, an error still shows
// the panel over the last good page, and a page the theme cannot render
// says why, naming the file.
func TestOnDemandAfterEdit(t *testing.T) {
	t.Parallel()
	dir := testsite.Dir(t, fixture)
	age(t, dir)
	var log testsite.Log
	s, ts := start(t, dir, Options{Log: &log})
	rebuild(t, s)
	if r := get(t, ts, "/vi/sites/dinh-a/"); !strings.Contains(r.body, "Nội dung đình A.") {
		t.Fatalf("first page: %d\n%.300s", r.status, r.body)
	}
	get(t, ts, "/en/sites/dinh-a/") // rendered and kept

	testsite.EditFile(t, dir, pageA, "Nội dung đình A.", "Nội dung đình A, viết lại.")
	rebuild(t, s)
	if !strings.Contains(log.String(), "(1 file parsed") {
		t.Errorf("the rebuild parsed more than the edited file:\n%s", log.String())
	}
	r := get(t, ts, "/vi/sites/dinh-a/")
	if r.status != 200 || !strings.Contains(r.body, "Nội dung đình A, viết lại.") || strings.Contains(r.body, "Nội dung đình A.") {
		t.Errorf("edited page: %d\n%.300s", r.status, r.body)
	}
	if r := get(t, ts, "/en/sites/dinh-a/"); r.status != 200 || !strings.Contains(r.body, "About house A.") {
		t.Errorf("unchanged translation: %d", r.status)
	}
	if r := get(t, ts, "/vi/sites/"); !strings.Contains(r.body, "Đình A") || !strings.Contains(r.body, "Nhà B") {
		t.Errorf("section after the edit: %d", r.status)
	}

	testsite.EditFile(t, dir, pageA, "title: Đình A\n", "")
	if err := s.Rebuild(); err == nil {
		t.Fatal("want errors")
	}
	r = get(t, ts, "/vi/sites/dinh-a/")
	if !strings.Contains(r.body, `id="diachido-errors"`) || !strings.Contains(r.body, html.EscapeString(pageA+":1: missing title")) ||
		!strings.Contains(r.body, "Nội dung đình A, viết lại.") {
		t.Errorf("error: no panel over the last good page:\n%s", r.body)
	}
	testsite.EditFile(t, dir, pageA, "summary:", "title: Đình A\nsummary:")
	rebuild(t, s)
	if r := get(t, ts, "/vi/sites/dinh-a/"); strings.Contains(r.body, "diachido-errors") || !strings.HasPrefix(title(r.body), "Đình A ·") {
		t.Errorf("after the fix: %q", title(r.body))
	}

	// A theme layout that fails only when a page is rendered.
	testsite.EditFile(t, dir, "site.yaml", "idPrefix: NT\n", "idPrefix: NT\ntheme: hong\n")
	testsite.Write(t, dir, map[string]string{"themes/hong/layouts/entry.html": "{{define \"main\"}}{{.Entry.NoSuchField}}{{end}}\n"})
	rebuild(t, s)
	r = get(t, ts, "/vi/sites/dinh-a/")
	if r.status != 500 || !strings.Contains(r.body, `id="diachido-errors"`) || !strings.Contains(r.body, "themes/hong/layouts/entry.html:1: cannot render vi/sites/dinh-a/index.html: executing") ||
		!strings.Contains(r.body, "NoSuchField") || !strings.Contains(r.body, "EventSource") {
		t.Errorf("page the theme cannot render: %d\n%s", r.status, r.body)
	}
	if r := get(t, ts, "/vi/"); r.status != 200 || strings.Contains(r.body, "diachido-errors") {
		t.Errorf("home page with a broken entry layout: %d", r.status)
	}
	if !strings.Contains(log.String(), "themes/hong/layouts/entry.html:1: cannot render vi/sites/dinh-a/index.html: executing") {
		t.Errorf("the render error is not logged:\n%s", log.String())
	}
}

// TestWatchWakesOnChange: with a poll interval far longer than the test,
// only the system's change reports (inotify) can show a save in time,
// including one in a folder created after Watch started. Skips where
// there are none.
func TestWatchWakesOnChange(t *testing.T) {
	t.Parallel()
	if n := newNotifier(); n == nil {
		t.Skip("no change notifications on this system: Watch polls")
	} else {
		n.close()
	}
	dir := testsite.Dir(t, fixture)
	s, ts := start(t, dir, Options{Interval: time.Hour})
	rebuild(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Watch(ctx) }()
	defer func() { cancel(); <-done }()
	time.Sleep(100 * time.Millisecond) // the first listing and the watches

	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not seen within 10 s", what)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	testsite.EditFile(t, dir, pageA, "title: Đình A", "title: Đình A (báo ngay)")
	waitFor("edited title", func() bool {
		return strings.HasPrefix(title(get(t, ts, "/vi/sites/dinh-a/").body), "Đình A (báo ngay) ·")
	})
	testsite.Write(t, dir, entryC)
	waitFor("new entry", func() bool { return get(t, ts, "/vi/sites/dinh-c/").status == 200 })
	testsite.EditFile(t, dir, "content/sites/dinh-c/index.vi.md", "title: Đình C", "title: Đình C đã sửa")
	waitFor("edit in the new folder", func() bool {
		return strings.HasPrefix(title(get(t, ts, "/vi/sites/dinh-c/").body), "Đình C đã sửa ·")
	})
}
