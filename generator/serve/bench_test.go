package serve

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/diachido/diachido/internal/testsite"
)

// BenchmarkEditShown times what an editor waits for in `serve`: from
// saving one entry's body to the browser holding the new page. A page is
// open with its live-reload stream (as a browser holds it); each operation
// rewrites the entry's body on disk, waits for the reload event the
// watcher sends (default 200 ms polling), and fetches the page as the
// reloading browser does, until it shows the new text.
//
// It needs a site source, copied before it is edited:
//
//	cd ../shared/bench/gencorpus && go run . -n 10000 -out /tmp/bench/corpus-10000
//	DIACHIDO_SERVE_CORPUS=/tmp/bench/corpus-10000 go test -run '^$' -bench EditShown -benchtime 20x ./generator/serve
func BenchmarkEditShown(b *testing.B) {
	src := os.Getenv("DIACHIDO_SERVE_CORPUS")
	if src == "" {
		b.Skip("set DIACHIDO_SERVE_CORPUS to a site source (e.g. the 10,000-entry bench corpus)")
	}
	dir := b.TempDir()
	testsite.Copy(b, src, dir) // keeping modification times, as a real site's files are
	entry := firstEntry(b, dir)
	file := filepath.Join(dir, filepath.FromSlash(entry), "index.vi.md")
	page := "/vi/" + strings.TrimPrefix(entry, "content/") + "/"

	var log io.Writer
	if testing.Verbose() {
		log = os.Stderr
	}
	s, err := New(dir, Options{Log: log})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	defer s.Close()
	start := time.Now()
	if err := s.Rebuild(); err != nil {
		b.Fatal(err)
	}
	first := time.Since(start)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	watched := make(chan struct{})
	go func() { _ = s.Watch(ctx); close(watched) }()
	defer func() { cancel(); <-watched }()
	time.Sleep(time.Second) // Watch lists the source and sets up its watches

	// The page, open in a "browser" with its reload stream.
	fetch := func() string {
		resp, err := http.Get(ts.URL + page)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			b.Fatalf("%s: %d", page, resp.StatusCode)
		}
		return string(body)
	}
	fetch()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/"+EventsPath, nil)
	req.Header.Set("Referer", ts.URL+page)
	ch, stop := eventStream(b, req)
	defer stop()
	<-ch // the version the page was served with

	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	var times []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		mark := fmt.Sprintf("Sửa lần %d lúc %d.", i, time.Now().UnixNano())
		t0 := time.Now()
		if err := os.WriteFile(file, append(append([]byte(nil), orig...), "\n"+mark+"\n"...), 0o644); err != nil {
			b.Fatal(err)
		}
		for {
			select {
			case _, ok := <-ch:
				if !ok {
					b.Fatal("event stream ended")
				}
			case <-time.After(30 * time.Second):
				b.Fatal("no reload within 30 s")
			}
			if strings.Contains(fetch(), mark) {
				break
			}
		}
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.Logf("%d saves, fastest to slowest: %v", len(times), times)
	b.ReportMetric(float64(times[len(times)/2].Milliseconds()), "ms-median")
	b.ReportMetric(float64(times[len(times)-1].Milliseconds()), "ms-max")
	b.ReportMetric(float64(first.Milliseconds()), "ms-first-load")
}

// eventStream sends req (an event-stream request) and returns its data
// lines.
func eventStream(b *testing.B, req *http.Request) (<-chan string, func()) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	ch := make(chan string, 64)
	go func() {
		defer close(ch)
		buf := make([]byte, 4096)
		var line strings.Builder
		for {
			n, err := resp.Body.Read(buf)
			for _, c := range buf[:n] {
				if c != '\n' {
					line.WriteByte(c)
					continue
				}
				if d, ok := strings.CutPrefix(line.String(), "data: "); ok {
					ch <- d
				}
				line.Reset()
			}
			if err != nil {
				return
			}
		}
	}()
	return ch, func() { resp.Body.Close() }
}

// firstEntry returns the folder of the first relic site, e.g.
// "content/sites/di-tich-00001".
func firstEntry(b *testing.B, dir string) string {
	list, err := os.ReadDir(filepath.Join(dir, "content", "sites"))
	if err != nil || len(list) == 0 {
		b.Fatalf("no content/sites/ in %s: %v", dir, err)
	}
	return "content/sites/" + list[0].Name()
}
