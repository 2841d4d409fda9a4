package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/jpeg"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/internal/testsite"
)

// zoomSite is baseSite with an exhibition holding a 4200×2800 scan, a
// small photo and a body image, and a site whose 4200-pixel photo gets no
// tiles (only exhibitions zoom).
func zoomSite() map[string]string {
	files := baseSite()
	big := testsite.EncodeJPEG(testsite.Halves(4200, 2800, 255))
	files["content/exhibitions/vo-nguyen-giap/index.vi.md"] = "---\nid: NT-EX1\ntitle: Đại tướng Võ Nguyên Giáp\nsummary: Cuộc đời và sự nghiệp.\nperiod: 1911–2013\n" +
		"photos:\n  - src: ban-do.jpg\n    alt: Bản đồ những nơi Đại tướng sống và làm việc\n  - src: nho.jpg\n    alt: Ảnh nhỏ\n---\n" +
		"## 1911 — Tuổi thơ\n\nSinh ra ở Lệ Thủy.\n\n![Tấm bản đồ lớn](phong-to.png \"Bản đồ\")\n\n## 1944 — Thành lập đội\n\nĐội Việt Nam Tuyên truyền Giải phóng quân.\n"
	files["content/exhibitions/vo-nguyen-giap/ban-do.jpg"] = big
	files["content/exhibitions/vo-nguyen-giap/phong-to.png"] = testsite.EncodePNG(testsite.Halves(1200, 2600, 200))
	files["content/exhibitions/vo-nguyen-giap/nho.jpg"] = testsite.JPEG(800, 600, 1)
	site := "content/sites/dia-dao-nhon-trach/"
	files[site+"cong.jpg"] = big
	files[site+"index.vi.md"] = strings.Replace(files[site+"index.vi.md"], "category: history\n", "category: history\nphotos:\n  - src: cong.jpg\n    alt: Cổng\n", 1)
	return files
}

func renderZoom(t *testing.T, files map[string]string, opts LoadOptions) (*Model, *output.Memory) {
	t.Helper()
	var diags diag.List
	opts.NoPlacards = true
	m := Load(testsite.MapFS(files), opts, &diags)
	if m == nil || diags.HasErrors() {
		t.Fatalf("load failed:\n%s", diags.String())
	}
	mem := output.NewMemory()
	if _, err := m.Render(mem); err != nil {
		t.Fatalf("render: %v", err)
	}
	return m, mem
}

// A scan over 2400 pixels in an exhibition is published as an IIIF Image
// API 3.0 level 0 service, checked here as the profile says, from the
// files alone: info.json's required properties and their types, every
// tile its scale factors imply at its canonical address with its pixel
// size (the last column and row cut to the image), every size listed,
// and full/max/0/default.jpg; nothing else under the service.
func TestDeepZoomIsAValidIIIFLevel0Service(t *testing.T) {
	m, mem := renderZoom(t, zoomSite(), LoadOptions{})
	const base = "iiif/NT-EX1/ban-do/"
	checkIIIFLevel0(t, mem, base, "https://guide.example.vn/"+strings.TrimSuffix(base, "/"), 4200, 2800)
	checkIIIFLevel0(t, mem, "iiif/NT-EX1/phong-to/", "https://guide.example.vn/iiif/NT-EX1/phong-to", 1200, 2600)
	for _, name := range mem.Names() {
		if strings.HasPrefix(name, "iiif/") && !strings.HasPrefix(name, base) && !strings.HasPrefix(name, "iiif/NT-EX1/phong-to/") {
			t.Errorf("%s: only the exhibition's images over 2400 px have tiles", name)
		}
	}
	e := m.Content.ByID["NT-EX1"]
	if v := m.zoom(e, "nho.jpg", "vi"); v != nil {
		t.Errorf("a small photo zooms: %+v", v)
	}
	if v := m.zoom(m.Content.ByID["NT-001"], "cong.jpg", "vi"); v != nil {
		t.Errorf("a site's photo zooms: %+v", v)
	}
	v := m.zoom(e, "ban-do.jpg", "en")
	if v == nil {
		t.Fatal("the 4200 px scan has no zoom")
	}
	if v.InfoURL != "/"+base+"info.json" || v.LargestURL != "/media/exhibitions/vo-nguyen-giap/ban-do-1600.jpg" || v.Width != 4200 || v.Height != 2800 ||
		v.Alt != "Bản đồ những nơi Đại tướng sống và làm việc" || v.Open != "Zoom" || !strings.HasPrefix(v.Script, "/zoom.js?v=") {
		t.Errorf("zoom view %+v", v)
	}
	if _, ok := mem.Get(strings.TrimPrefix(v.LargestURL, "/")); !ok {
		t.Errorf("the largest variant %s is not published", v.LargestURL)
	}
	var data struct {
		Lib  []string          `json:"lib"`
		Info string            `json:"info"`
		Msg  map[string]string `json:"msg"`
	}
	if err := json.Unmarshal([]byte(v.Data), &data); err != nil || !reflect.DeepEqual(data.Lib, []string{osdJS, osdIntegrity}) || data.Info != v.InfoURL || data.Msg["close"] != "Close" {
		t.Errorf("zoom data %s: %v", v.Data, err)
	}
	if vi := m.zoom(e, "ban-do.jpg", "vi"); vi.Open != "Phóng to" || !strings.Contains(vi.Data, `"close":"Đóng"`) {
		t.Errorf("in Vietnamese: %+v", vi)
	}
}

// checkIIIFLevel0 checks the image service under dir in mem.
func checkIIIFLevel0(t *testing.T, mem *output.Memory, dir, id string, w, h int) {
	t.Helper()
	raw, ok := mem.Get(dir + "info.json")
	if !ok {
		t.Fatalf("no %sinfo.json", dir)
	}
	var info map[string]any
	if err := json.Unmarshal(raw, &info); err != nil {
		t.Fatalf("%sinfo.json: %v", dir, err)
	}
	for key, want := range map[string]any{
		"@context": "http://iiif.io/api/image/3/context.json", "id": id, "type": "ImageService3",
		"protocol": "http://iiif.io/api/image", "profile": "level0", "width": float64(w), "height": float64(h),
	} {
		if info[key] != want {
			t.Errorf("%sinfo.json %s = %#v, want %#v", dir, key, info[key], want)
		}
	}
	if u, err := url.Parse(info["id"].(string)); err != nil || !u.IsAbs() || strings.HasSuffix(u.Path, "/") {
		t.Errorf("id %v is not an absolute base URI without a trailing slash", info["id"])
	}
	num := func(v any, what string) int {
		f, ok := v.(float64)
		if !ok || f != float64(int(f)) || f <= 0 {
			t.Fatalf("%sinfo.json %s = %#v, want a positive integer", dir, what, v)
		}
		return int(f)
	}
	maxW, maxH := w, h
	if v, ok := info["maxWidth"]; ok {
		maxW = num(v, "maxWidth")
		maxH = num(info["maxHeight"], "maxHeight")
	}
	expected := map[string][2]int{}
	// Level 0 requires full/max: the largest size within the limits,
	// the image's proportions kept.
	mw, mh := maxW, maxH
	if float64(maxW)/float64(w) > float64(maxH)/float64(h) {
		mw = (w*maxH + h/2) / h
	} else {
		mh = (h*maxW + w/2) / w
	}
	expected["full/max/0/default.jpg"] = [2]int{mw, mh}
	sizes, _ := info["sizes"].([]any)
	for i, s := range sizes {
		sz := s.(map[string]any)
		sw, sh := num(sz["width"], fmt.Sprint("sizes ", i, " width")), num(sz["height"], fmt.Sprint("sizes ", i, " height"))
		if sw > maxW || sh > maxH {
			t.Errorf("size %d×%d is over maxWidth×maxHeight %d×%d", sw, sh, maxW, maxH)
		}
		expected[fmt.Sprintf("full/%d,%d/0/default.jpg", sw, sh)] = [2]int{sw, sh}
	}
	tiles, _ := info["tiles"].([]any)
	if len(tiles) != 1 {
		t.Fatalf("tiles = %#v", info["tiles"])
	}
	ts := tiles[0].(map[string]any)
	tw := num(ts["width"], "tiles width")
	th := tw
	if v, ok := ts["height"]; ok {
		th = num(v, "tiles height")
	}
	factors, _ := ts["scaleFactors"].([]any)
	if len(factors) == 0 {
		t.Fatal("no scaleFactors")
	}
	last := 0
	for _, f := range factors {
		s := num(f, "scale factor")
		last = s
		for y := 0; y*th*s < h; y++ {
			for x := 0; x*tw*s < w; x++ {
				rx, ry := x*tw*s, y*th*s
				rw, rh := min(tw*s, w-rx), min(th*s, h-ry)
				sw, sh := (rw+s-1)/s, (rh+s-1)/s
				region := fmt.Sprintf("%d,%d,%d,%d", rx, ry, rw, rh)
				if rx == 0 && ry == 0 && rw == w && rh == h {
					region = "full"
				}
				size := fmt.Sprintf("%d,%d", sw, sh)
				if sw == w && sh == h {
					size = "max"
				}
				expected[region+"/"+size+"/0/default.jpg"] = [2]int{sw, sh}
			}
		}
	}
	if (w+last-1)/last > tw || (h+last-1)/last > th {
		t.Errorf("the smallest scale factor %d leaves more than one tile", last)
	}
	for name, want := range expected {
		b, ok := mem.Get(dir + name)
		if !ok {
			t.Errorf("%s%s is missing: a static host cannot answer it", dir, name)
			continue
		}
		img, err := jpeg.Decode(bytes.NewReader(b))
		if err != nil {
			t.Errorf("%s%s: %v", dir, name, err)
			continue
		}
		if got := [2]int{img.Bounds().Dx(), img.Bounds().Dy()}; got != want {
			t.Errorf("%s%s is %d×%d, want %d×%d", dir, name, got[0], got[1], want[0], want[1])
		}
	}
	var extra []string
	for _, name := range mem.Names() {
		rest, ok := strings.CutPrefix(name, dir)
		if _, want := expected[rest]; ok && !want && rest != "info.json" {
			extra = append(extra, name)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		t.Errorf("files no viewer asks for: %v", extra)
	}
}

// An unchanged rebuild takes every tile from the cache: with the cached
// tiles replaced by a mark, the next build publishes the mark.
func TestUnchangedRebuildDrawsNoTile(t *testing.T) {
	cacheDir := t.TempDir()
	files := zoomSite()
	_, first := renderZoom(t, files, LoadOptions{CacheDir: cacheDir})
	n := 0
	filepath.WalkDir(filepath.Join(cacheDir, "iiif"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
			os.WriteFile(p, []byte("cached"), 0o644)
		}
		return nil
	})
	tiles := 0
	for _, name := range first.Names() {
		if strings.HasPrefix(name, "iiif/") && !strings.HasSuffix(name, "info.json") {
			tiles++
		}
	}
	if n != tiles || tiles < 80 {
		t.Fatalf("%d files cached for %d tiles", n, tiles)
	}
	_, second := renderZoom(t, files, LoadOptions{CacheDir: cacheDir})
	for _, name := range second.Names() {
		if b, _ := second.Get(name); strings.HasPrefix(name, "iiif/") && !strings.HasSuffix(name, "info.json") && string(b) != "cached" {
			t.Fatalf("%s was drawn again", name)
		}
	}
	// A changed image is drawn again.
	files["content/exhibitions/vo-nguyen-giap/ban-do.jpg"] = testsite.EncodeJPEG(testsite.Halves(4200, 2801, 255))
	_, third := renderZoom(t, files, LoadOptions{CacheDir: cacheDir})
	if b, _ := third.Get("iiif/NT-EX1/ban-do/0,0,512,512/512,512/0/default.jpg"); string(b) == "cached" {
		t.Error("a changed image kept its old tiles")
	}
}

// Two builds give the same tiles, byte for byte.
func TestDeepZoomTilesAreDeterministic(t *testing.T) {
	files := zoomSite()
	_, a := renderZoom(t, files, LoadOptions{})
	_, b := renderZoom(t, files, LoadOptions{})
	for _, name := range a.Names() {
		x, _ := a.Get(name)
		y, _ := b.Get(name)
		if strings.HasPrefix(name, "iiif/") && !bytes.Equal(x, y) {
			t.Fatalf("%s differs between two builds", name)
		}
	}
}
