package e2e

import (
	"encoding/json"
	"fmt"
	"html"
	"image"
	_ "image/jpeg"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/diachido/diachido/internal/browsertest"
)

const exhibitionPage = "vi/exhibitions/cuoc-doi-dai-tuong-vo-nguyen-giap/"

var zoomDataRe = regexp.MustCompile(`<div class="zoom" data-zoom="([^"]*)"`)

// osdFile is the real openseadragon.min.js of the version the page pins
// (.ci/run fetches the npm package): $OSD_DIR, else .cache/npm/openseadragon.
func osdFile(t *testing.T, lib string) []byte {
	t.Helper()
	dir := os.Getenv("OSD_DIR")
	if dir == "" {
		dir = filepath.Join(repoRoot, ".cache/npm/openseadragon")
	}
	m := regexp.MustCompile(`^https://unpkg\.com/openseadragon@([0-9.]+)/(build/openseadragon/openseadragon\.min\.js)$`).FindStringSubmatch(lib)
	if m == nil {
		t.Fatalf("the viewer's address %q is not a pinned unpkg.com address", lib)
	}
	b, err := os.ReadFile(filepath.Join(dir, "openseadragon-"+m[1], m[2]))
	if err != nil {
		msg := "the real OpenSeadragon file is missing (" + dir + "): run the npm pack step of .ci/run, or set OSD_DIR"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return b
}

// The example exhibition's 4800×6560 map, on a phone: nothing is asked of
// another host before "Phóng to" is tapped; the tap loads the pinned
// viewer (the real file, so its integrity hash is checked) and the map's
// tiles, every one answered 200 by the built files; the map's IIIF
// service holds exactly the files its info.json implies.
func TestExampleExhibitionZoomsOnlyOnATap(t *testing.T) {
	b, base := open(t)
	out := exampleSite(t)
	page, err := os.ReadFile(filepath.Join(out, exhibitionPage, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	m := zoomDataRe.FindSubmatch(page)
	if m == nil {
		t.Fatalf("%s has no deep zoom", exhibitionPage)
	}
	var d struct {
		Lib  []string `json:"lib"`
		Info string   `json:"info"`
	}
	if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &d); err != nil || len(d.Lib) != 2 {
		t.Fatalf("zoom data %s: %v", m[1], err)
	}
	b.Stubs[d.Lib[0]] = browsertest.Stub{ContentType: "application/javascript", Body: osdFile(t, d.Lib[0])}
	checkServiceFiles(t, out, strings.TrimPrefix(strings.TrimSuffix(d.Info, "info.json"), "/"))

	var mu sync.Mutex
	status := map[string]int64{}
	chromedp.ListenTarget(b.Ctx, func(ev any) {
		if e, ok := ev.(*network.EventResponseReceived); ok && strings.Contains(e.Response.URL, "/iiif/") {
			mu.Lock()
			status[e.Response.URL] = e.Response.Status
			mu.Unlock()
		}
	})
	var loaded bool
	b.Run(t, network.Enable(), browsertest.Phone(), chromedp.Navigate(base+exhibitionPage),
		chromedp.WaitVisible(`.zoom-open`, chromedp.ByQuery),
		chromedp.Sleep(1200*time.Millisecond),
		chromedp.Evaluate(`!!window.OpenSeadragon`, &loaded))
	if out := b.Outside(); len(out) > 0 || loaded || len(status) > 0 {
		t.Fatalf("before the tap: outside requests %v, OpenSeadragon loaded %v, IIIF files %v", out, loaded, status)
	}
	b.Run(t, chromedp.ScrollIntoView(`.zoom-open`, chromedp.ByQuery), chromedp.Click(`.zoom-open`, chromedp.ByQuery))
	if err := b.Until(`document.querySelector(".zoom-viewer[data-state=ready] canvas") !== null`, 15*time.Second, 100*time.Millisecond); err != nil {
		t.Fatalf("the viewer did not open: %v (outside %v)", err, b.Outside())
	}
	time.Sleep(1500 * time.Millisecond)
	if out := b.Outside(); len(out) != 1 || out[0] != d.Lib[0] {
		t.Errorf("after the tap other hosts were asked for %v, want only %s", out, d.Lib[0])
	}
	mu.Lock()
	defer mu.Unlock()
	tiles := 0
	for u, s := range status {
		if s != 200 {
			t.Errorf("%s: %d", u, s)
		}
		if strings.HasSuffix(u, ".jpg") {
			tiles++
		}
	}
	if tiles == 0 {
		t.Errorf("no tile was asked for: %v", status)
	}
	if dir := os.Getenv("SHOTS"); dir != "" {
		var png []byte
		b.Run(t, chromedp.CaptureScreenshot(&png)) // the viewer fills the screen: the viewport, not the page
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "exhibition-zoom.png"), png, 0o644)
	}
}

// checkServiceFiles compares the files of the IIIF service in dir with
// what its info.json implies (tiles at every scale factor, sizes, max),
// and checks the size of the last tile of the full-size level.
func checkServiceFiles(t *testing.T, out, dir string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(out, dir, "info.json"))
	if err != nil {
		t.Fatal(err)
	}
	var info struct {
		Context  string `json:"@context"`
		ID       string `json:"id"`
		Type     string `json:"type"`
		Protocol string `json:"protocol"`
		Profile  string `json:"profile"`
		Width    int    `json:"width"`
		Height   int    `json:"height"`
		Sizes    []struct{ Width, Height int }
		Tiles    []struct {
			Width, Height int
			ScaleFactors  []int
		}
	}
	if err := json.Unmarshal(raw, &info); err != nil {
		t.Fatal(err)
	}
	if info.Context != "http://iiif.io/api/image/3/context.json" || info.Type != "ImageService3" || info.Protocol != "http://iiif.io/api/image" ||
		info.Profile != "level0" || !strings.HasPrefix(info.ID, "https://") || !strings.HasSuffix(info.ID, "/"+strings.TrimSuffix(dir, "/")) ||
		info.Width < 4000 || len(info.Tiles) != 1 {
		t.Fatalf("info.json: %s", raw)
	}
	want := map[string]bool{"info.json": true, "full/max/0/default.jpg": true}
	for _, s := range info.Sizes {
		want[fmt.Sprintf("full/%d,%d/0/default.jpg", s.Width, s.Height)] = true
	}
	w, h, tw, th := info.Width, info.Height, info.Tiles[0].Width, info.Tiles[0].Height
	last := ""
	for _, s := range info.Tiles[0].ScaleFactors {
		for y := 0; y*th*s < h; y++ {
			for x := 0; x*tw*s < w; x++ {
				rw, rh := min(tw*s, w-x*tw*s), min(th*s, h-y*th*s)
				region := fmt.Sprintf("%d,%d,%d,%d", x*tw*s, y*th*s, rw, rh)
				if rw == w && rh == h {
					region = "full"
				}
				name := fmt.Sprintf("%s/%d,%d/0/default.jpg", region, (rw+s-1)/s, (rh+s-1)/s)
				want[name] = true
				if s == 1 {
					last = name
				}
			}
		}
	}
	var got, missing []string
	fs.WalkDir(os.DirFS(filepath.Join(out, dir)), ".", func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			if !want[p] {
				got = append(got, p)
			}
			delete(want, p)
		}
		return nil
	})
	for p := range want {
		missing = append(missing, p)
	}
	sort.Strings(got)
	sort.Strings(missing)
	if len(got) > 0 || len(missing) > 0 {
		t.Errorf("%s: files no viewer asks for %v; files missing %v", dir, got, missing)
	}
	f, err := os.Open(filepath.Join(out, dir, last))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, _, err := image.DecodeConfig(f)
	var rw, rh int
	fmt.Sscanf(strings.Split(last, "/")[1], "%d,%d", &rw, &rh)
	if err != nil || cfg.Width != rw || cfg.Height != rh || rw != w%tw && w%tw != 0 {
		t.Errorf("the last full-size tile %s is %d×%d (%v)", last, cfg.Width, cfg.Height, err)
	}
}
