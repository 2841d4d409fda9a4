// Package browsertest drives headless Chromium for tests that look at pages
// the way a visitor does: at a phone's size, with taps, and with every
// request to another host caught, since test machines have no internet and a
// page must not call third parties before the visitor asks.
//
// Tests call New; where Chromium is missing it skips with a message, except
// under CI=true, where a missing browser is a failure.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Need skips the test when tool is not installed, or fails it under CI=true.
func Need(t testing.TB, tool, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err == nil {
		return p
	}
	msg := tool + " is not installed (Debian: apt-get install " + pkg + ")"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// Browser is one headless Chromium with a log of outside requests.
type Browser struct {
	Ctx context.Context
	// Stubs answers requests to other hosts: full URL → body. Requests to
	// other hosts without a stub get an empty 404.
	Stubs map[string]Stub

	mu       sync.Mutex
	outside  []string
	failures []string
}

// Stub is a canned answer to a request for another host.
type Stub struct {
	ContentType string
	Body        []byte
}

// New starts Chromium for the test; it is closed when the test ends.
func New(t testing.TB) *Browser {
	t.Helper()
	bin := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		Need(t, "chromium", "chromium")
	}
	// Not t.TempDir: Chromium may still be writing its profile while the
	// test's own clean-up runs, so remove it after the browser has stopped.
	profile, err := os.MkdirTemp("", "diachido-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(profile),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	b := &Browser{Ctx: ctx, Stubs: map[string]Stub{}}
	t.Cleanup(func() {
		cancelC()
		cancelA()
		os.RemoveAll(profile)
	})
	chromedp.ListenTarget(ctx, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			go b.answer(ctx, e)
		}
	})
	if err := chromedp.Run(ctx, fetch.Enable().WithPatterns([]*fetch.RequestPattern{{URLPattern: "*"}})); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return b
}

func (b *Browser) answer(ctx context.Context, e *fetch.EventRequestPaused) {
	u, err := url.Parse(e.Request.URL)
	local := err == nil && (u.Hostname() == "127.0.0.1" || u.Hostname() == "localhost") || strings.HasPrefix(e.Request.URL, "data:")
	c := chromedp.FromContext(ctx)
	exec := c.Target
	if local {
		_ = fetch.ContinueRequest(e.RequestID).Do(cdpCtx(ctx, exec))
		return
	}
	b.mu.Lock()
	b.outside = append(b.outside, e.Request.URL)
	stub, ok := b.Stubs[e.Request.URL]
	b.mu.Unlock()
	if !ok {
		_ = fetch.FulfillRequest(e.RequestID, 404).Do(cdpCtx(ctx, exec))
		return
	}
	headers := []*fetch.HeaderEntry{{Name: "Content-Type", Value: stub.ContentType}, {Name: "Access-Control-Allow-Origin", Value: "*"}}
	_ = fetch.FulfillRequest(e.RequestID, 200).WithResponseHeaders(headers).WithBody(encode(stub.Body)).Do(cdpCtx(ctx, exec))
}

// Outside returns the URLs of every request made to another host so far.
func (b *Browser) Outside() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.outside...)
}

// ResetOutside forgets the outside requests seen so far.
func (b *Browser) ResetOutside() {
	b.mu.Lock()
	b.outside = nil
	b.mu.Unlock()
}

// Run runs chromedp actions with a time limit.
func (b *Browser) Run(t testing.TB, actions ...chromedp.Action) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// Until evaluates expr, a JavaScript boolean, until it is true or within
// has passed; it returns nil once true, else an error with the last
// evaluation's failure. Errors on the way only mean "not yet": a page
// that reloads under an evaluation makes it fail.
func (b *Browser) Until(expr string, within, every time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		var ok bool
		ctx, cancel := context.WithTimeout(b.Ctx, 2*time.Second)
		err := chromedp.Run(ctx, chromedp.Evaluate(expr, &ok))
		cancel()
		if err == nil && ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not seen within %s (last error: %v)", within, err)
		}
		time.Sleep(every)
	}
}

// Phone sets a 360×640 phone viewport (the smallest common Android screen).
func Phone() chromedp.Action {
	return chromedp.EmulateViewport(360, 640, chromedp.EmulateScale(2), chromedp.EmulateMobile)
}

// Serve serves a built site folder on 127.0.0.1 the way a static host does
// (index.html for folders, /404.html for missing paths) and returns its URL.
func Serve(t testing.TB, dir string) string {
	t.Helper()
	files := http.FileServer(http.Dir(dir))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := path.Clean(r.URL.Path)
		full := dir + p
		if st, err := os.Stat(full); err != nil || (st.IsDir() && !exists(full+"/index.html")) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			b, _ := os.ReadFile(dir + "/404.html")
			w.Write(b)
			return
		}
		files.ServeHTTP(w, r)
	})
	return ServeHandler(t, h)
}

// ServeHandler serves h on 127.0.0.1 until the test ends and returns its
// URL, with a trailing slash.
func ServeHandler(t testing.TB, h http.Handler) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: h}}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL + "/"
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return !errors.Is(err, os.ErrNotExist)
}

// Enable network events so tests can count bytes transferred.
var _ = network.Enable
