package site

import (
	"bytes"
	"image"
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/internal/testsite"
	"golang.org/x/net/html"
)

const tunnels = "content/sites/dia-dao-nhon-trach/"

// jpegOf is a w×h photo, red on the left and blue on the right.
func jpegOf(w, h int) string { return testsite.EncodeJPEG(testsite.Halves(w, h, 255)) }

// pngOf is the same picture as a PNG; alpha < 255 makes it translucent.
func pngOf(w, h int, alpha uint8) string { return testsite.EncodePNG(testsite.Halves(w, h, alpha)) }

// tinyJPEG is a valid photo for fixtures that only need one to exist.
var tinyJPEG = jpegOf(8, 6)

// withMedia adds photos (when photos is true), a video, an audio guide and
// a body video to the base site's first entry.
func withMedia(files map[string]string, photos bool) map[string]string {
	const vi = tunnels + "index.vi.md"
	front := ""
	if photos {
		front = `photos:
  - src: cong.jpg
    alt: Cổng vào khu địa đạo
    caption: Cổng chính
  - src: anh/ham.jpg
    alt: Lối xuống hầm
  - src: so-do.png
    alt: Sơ đồ địa đạo
`
	}
	files[vi] = strings.Replace(files[vi], "tags: [địa đạo, kháng chiến]\n", "tags: [địa đạo, kháng chiến]\n"+front+`videos:
  - url: https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m5s
    title: Phóng sự về địa đạo
  - url: phim.mp4
    title: Phim tư liệu
audio:
  - src: thuyet-minh.mp3
    title: Thuyết minh địa đạo
`, 1)
	files[vi] += "\nhttps://youtu.be/aBcDeFgHiJk\n"
	if photos {
		// Sizes are small where they can be: tests run with -race.
		files[vi] += "\n![Bản đồ](ban-do.jpg)\n"
		files[tunnels+"cong.jpg"] = jpegOf(1700, 850)
		files[tunnels+"anh/ham.jpg"] = jpegOf(560, 800)
		files[tunnels+"so-do.png"] = pngOf(600, 400, 160)
		files[tunnels+"ban-do.jpg"] = jpegOf(500, 300)
	}
	files[tunnels+"phim.mp4"] = strings.Repeat("\x00", 2_400_000)
	files[tunnels+"thuyet-minh.mp3"] = testsite.MP3(9660) // 4,028,250 bytes: 4:12 at 128 kbit/s
	return files
}

// imgs returns the attributes of every <img> in a page, in order.
func imgs(t *testing.T, page string) []map[string]string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "img" {
			a := map[string]string{}
			for _, at := range n.Attr {
				a[at.Key] = at.Val
			}
			out = append(out, a)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func decodeOut(t *testing.T, mem *output.Memory, name string) (image.Image, string) {
	t.Helper()
	b, ok := mem.Get(name)
	if !ok {
		t.Fatalf("no %s in output", name)
	}
	img, format, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return img, format
}

func TestPhotosArePublishedAsVariants(t *testing.T) {
	t.Parallel()
	mem := buildMem(t, withMedia(baseSite(), true))
	const dir = "media/sites/dia-dao-nhon-trach/"
	for name, want := range map[string]struct {
		w, h   int
		format string
	}{
		"cong-480.jpg": {480, 240, "jpeg"}, "cong-960.jpg": {960, 480, "jpeg"}, "cong-1600.jpg": {1600, 800, "jpeg"},
		// Narrower than 960: the sizes below its width, plus its own.
		"anh/ham-480.jpg": {480, 686, "jpeg"}, "anh/ham-560.jpg": {560, 800, "jpeg"},
		// Translucent: stays PNG, keeps its alpha.
		"so-do-480.png": {480, 320, "png"}, "so-do-600.png": {600, 400, "png"},
		"ban-do-480.jpg": {480, 288, "jpeg"}, "ban-do-500.jpg": {500, 300, "jpeg"},
	} {
		img, format := decodeOut(t, mem, dir+name)
		if img.Bounds().Dx() != want.w || img.Bounds().Dy() != want.h || format != want.format {
			t.Errorf("%s is a %s %v, want %s %d×%d", name, format, img.Bounds().Size(), want.format, want.w, want.h)
		}
	}
	if _, _, _, a := func() (uint32, uint32, uint32, uint32) {
		img, _ := decodeOut(t, mem, dir+"so-do-480.png")
		return img.At(10, 10).RGBA()
	}(); a>>8 < 130 || a>>8 > 190 {
		t.Errorf("so-do-480.png lost its transparency (alpha %d)", a>>8)
	}
	// Never enlarged, never the original.
	for _, name := range []string{"anh/ham-960.jpg", "anh/ham-1600.jpg", "so-do-960.png", "so-do-600.jpg", "cong.jpg", "anh/ham.jpg", "so-do.png", "ban-do.jpg", "ban-do-960.jpg"} {
		if _, ok := mem.Get(dir + name); ok {
			t.Errorf("%s was published", name)
		}
	}
	// Other files are copied as they are.
	for _, name := range []string{"phim.mp4", "thuyet-minh.mp3"} {
		if _, ok := mem.Get(dir + name); !ok {
			t.Errorf("%s was not published", name)
		}
	}

	vi := page(t, mem, "vi/sites/dia-dao-nhon-trach/index.html")
	list := imgs(t, vi)
	if len(list) != 4 {
		t.Fatalf("%d <img> on the page, want 4 (cover, body map, two in the gallery): %v", len(list), list)
	}
	cover := list[0]
	want := map[string]string{
		"src":           "/" + dir + "cong-960.jpg",
		"srcset":        "/" + dir + "cong-480.jpg 480w, /" + dir + "cong-960.jpg 960w, /" + dir + "cong-1600.jpg 1600w",
		"sizes":         "(min-width: 48rem) 44rem, 100vw",
		"width":         "1600",
		"height":        "800",
		"alt":           "Cổng vào khu địa đạo",
		"fetchpriority": "high",
	}
	for k, v := range want {
		if cover[k] != v {
			t.Errorf("cover %s=%q, want %q", k, cover[k], v)
		}
	}
	if _, lazy := cover["loading"]; lazy {
		t.Error("the cover is lazy-loaded; it is above the fold")
	}
	// The body image points at the largest variant.
	if list[1]["src"] != "/"+dir+"ban-do-500.jpg" {
		t.Errorf("body image src %q", list[1]["src"])
	}
	for _, img := range list[2:] {
		if img["loading"] != "lazy" || img["decoding"] != "async" || img["sizes"] == "" || img["width"] == "" || img["height"] == "" {
			t.Errorf("gallery photo %v: want lazy, async, sizes, width, height", img)
		}
		if _, ok := img["fetchpriority"]; ok {
			t.Errorf("gallery photo %v has fetchpriority", img)
		}
	}
	if list[2]["srcset"] != "/"+dir+"anh/ham-480.jpg 480w, /"+dir+"anh/ham-560.jpg 560w" || list[2]["src"] != "/"+dir+"anh/ham-560.jpg" || list[2]["height"] != "800" {
		t.Errorf("narrow photo %v", list[2])
	}
	if !strings.Contains(vi, `<meta property="og:image" content="https://guide.example.vn/`+dir+`cong-1600.jpg">`) {
		t.Error("og:image is not the cover's largest variant")
	}
}

func TestPhotoVariantsComeFromTheCache(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := withMedia(baseSite(), true)
	render := func() (*Model, *output.Memory) {
		var diags diag.List
		m := Load(testsite.MapFS(files), LoadOptions{NoPlacards: true, CacheDir: dir}, &diags)
		if m == nil || diags.HasErrors() {
			t.Fatalf("load:\n%s", diags.String())
		}
		mem := output.NewMemory()
		if _, err := m.Render(mem); err != nil {
			t.Fatal(err)
		}
		return m, mem
	}
	m1, a := render()
	if n := m1.media.encodes.Load(); n != 9 {
		t.Errorf("first build encoded %d variants, want 9", n)
	}
	m2, b := render()
	if n := m2.media.encodes.Load(); n != 0 {
		t.Errorf("second build encoded %d variants, want 0 (all cached)", n)
	}
	for _, name := range a.Names() {
		x, _ := a.Get(name)
		y, _ := b.Get(name)
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between a fresh and a cached build", name)
		}
	}
	// A changed photo is made again; the others still come from the cache.
	files[tunnels+"cong.jpg"] = jpegOf(1800, 900)
	m3, _ := render()
	if n := m3.media.encodes.Load(); n != 3 {
		t.Errorf("after changing one photo %d variants were encoded, want 3", n)
	}
}

func TestMediaErrorsNameTheLine(t *testing.T) {
	const phuMy = "content/sites/dinh-phu-my/index.vi.md"
	const dir = "content/sites/dinh-phu-my/"
	add := func(front, body string, extra map[string]string) func(map[string]string) {
		return func(f map[string]string) {
			f[phuMy] = strings.Replace(f[phuMy], "rank: provincial\n", "rank: provincial\n"+front, 1) + body
			for k, v := range extra {
				f[dir+k] = v
			}
		}
	}
	for _, tc := range []struct {
		name   string
		change func(map[string]string)
		want   []string
	}{
		{"giant photo header", add("photos:\n  - src: cong.png\n    alt: Cổng\n", "", map[string]string{"cong.png": testsite.GiantPNG(30000, 30000)}),
			[]string{phuMy + `:10: photo "cong.png": the image is 30000×30000 pixels; the largest accepted is 40 megapixels and 12000 pixels a side: resize it (2000 pixels wide is plenty)`}},
		{"giant photo in the body", add("", "\n![Cổng](cong.png)\n", map[string]string{"cong.png": testsite.GiantPNG(20000, 100)}),
			[]string{phuMy + `:12: photo "cong.png": the image is 20000×100 pixels; the largest accepted is 40 megapixels and 12000 pixels a side: resize it (2000 pixels wide is plenty)`}},
		{"unused giant photo", add("", "", map[string]string{"goc.png": testsite.GiantPNG(13000, 13000)}),
			[]string{dir + `goc.png: photo "goc.png": the image is 13000×13000 pixels; the largest accepted is 40 megapixels and 12000 pixels a side: resize it (2000 pixels wide is plenty)`}},
		{"photo that is not an image", add("photos:\n  - src: cong.jpg\n    alt: Cổng\n", "", map[string]string{"cong.jpg": "<html>404</html>"}),
			[]string{phuMy + `:10: photo "cong.jpg": not a readable JPEG, PNG, GIF or WebP image (image: unknown format)`}},
		{"two photos, one name", add("photos:\n  - src: cong.jpg\n    alt: Cổng\n  - src: cong.png\n    alt: Cổng\n", "", map[string]string{"cong.jpg": tinyJPEG, "cong.png": pngOf(8, 6, 255)}),
			[]string{phuMy + `:12: photos "cong.jpg" and "cong.png" would be published under the same name cong-8.jpg: rename one`}},
		{"malformed YouTube link", add("videos:\n  - url: https://www.youtube.com/watch?v=abc\n    title: Lễ hội\n", "", nil),
			[]string{phuMy + `:10: video url: "https://www.youtube.com/watch?v=abc" is not a YouTube video link: the video ID must be 11 letters, digits, - or _`}},
		{"video on another host", add("videos:\n  - url: https://www.tiktok.com/@doan/video/123\n", "", nil),
			[]string{phuMy + `:10: video url: "https://www.tiktok.com/@doan/video/123" is not a YouTube, Facebook or Vimeo link`}},
		{"javascript video", add("videos:\n  - url: \"javascript:alert(1)\"\n", "", nil),
			[]string{phuMy + `:10: video url: "javascript:alert(1)" must be a web address starting with https://`}},
		{"video without host", add("videos:\n  - url: \"http:///watch?v=dQw4w9WgXcQ\"\n", "", nil),
			[]string{phuMy + `:10: video url: "http:///watch?v=dQw4w9WgXcQ" is not a valid web address`}},
		{"malformed video in the body", add("", "\nhttps://youtu.be/dQw4w9\n", nil),
			[]string{phuMy + `:12: video link: "https://youtu.be/dQw4w9" is not a YouTube video link: the video ID must be 11 letters, digits, - or _ (a link alone in its paragraph becomes the video; to keep an ordinary link, put it inside a sentence)`}},
		{"facebook page alone in the body", add("", "\n[Trang của đoàn](https://www.facebook.com/doanthanhnien)\n", nil),
			[]string{phuMy + `:12: video link: "https://www.facebook.com/doanthanhnien" is not a Facebook video link: use the video's own address (facebook.com/<page>/videos/<number>, facebook.com/watch/?v=<number> or fb.watch/<code>) (a link alone in its paragraph becomes the video; to keep an ordinary link, put it inside a sentence)`}},
		{"audio that is not MP3", add("audio:\n  - src: guide.mp3\n    title: Thuyết minh\n", "", map[string]string{"guide.mp3": "RIFF\x24\x08\x00\x00WAVEfmt " + strings.Repeat("\x00", 500)}),
			[]string{phuMy + `:10: audio "guide.mp3": not an MP3 file: it is a WAV file; convert it to MP3`}},
		{"audio of text", add("audio:\n  - src: guide.mp3\n", "", map[string]string{"guide.mp3": "sẽ ghi âm sau"}),
			[]string{phuMy + `:10: audio "guide.mp3": not an MP3 file: no MPEG audio frame found`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := baseSite()
			tc.change(files)
			if got, want := loadErrors(files), strings.Join(tc.want, "\n"); got != want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestAudioGuideSaysWhatATapCosts(t *testing.T) {
	t.Parallel()
	mem := buildMem(t, withMedia(baseSite(), false))
	const src = `src="/media/sites/dia-dao-nhon-trach/thuyet-minh.mp3"`
	for name, meta := range map[string]string{
		"vi/sites/dia-dao-nhon-trach/index.html": `<span class="audio-meta"><time datetime="PT4M12S">4:12</time> · 4,0 MB</span>`,
		"en/sites/dia-dao-nhon-trach/index.html": `<span class="audio-meta"><time datetime="PT4M12S">4:12</time> · 4.0 MB</span>`,
	} {
		p := page(t, mem, name)
		want := `<figcaption><span class="audio-title">Thuyết minh địa đạo</span> ` + meta + `</figcaption>
    <audio controls preload="none" ` + src + `></audio>`
		if !strings.Contains(p, want) {
			t.Errorf("%s lacks\n%s", name, want)
		}
	}
}

func TestVideosAreFacadesUntilTapped(t *testing.T) {
	t.Parallel()
	mem := buildMem(t, withMedia(baseSite(), false))
	vi := page(t, mem, "vi/sites/dia-dao-nhon-trach/index.html")
	for _, want := range []string{
		// Front matter, with its title and start time.
		`<a class="video-facade" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=65s" data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&amp;start=65" data-title="Phóng sự về địa đạo" rel="noopener"><span class="video-play" aria-hidden="true"></span><span class="video-title">Phóng sự về địa đạo</span><span class="video-note">YouTube · Bấm để phát</span></a><figcaption><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=65s" rel="noopener">Xem trên YouTube</a></figcaption>`,
		// Body paragraph that is only a link.
		`data-embed="https://www.youtube-nocookie.com/embed/aBcDeFgHiJk?autoplay=1"`,
		// A folder .mp4 is the browser's own player, fetched on play.
		`<video controls preload="none" playsinline width="640" height="360" src="/media/sites/dia-dao-nhon-trach/phim.mp4" aria-label="Phim tư liệu"></video><figcaption>Phim tư liệu <span class="video-size">· 2,4 MB</span></figcaption>`,
	} {
		if !strings.Contains(vi, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if n := strings.Count(vi, `closest("a.video-facade")`); n != 1 {
		t.Errorf("the facade script is on the page %d times, want once", n)
	}
	// Nothing on the page fetches from a video provider before a tap.
	for _, bad := range []string{"<iframe", "ytimg", "preconnect", "dns-prefetch", `src="https://`, `srcset="https://`} {
		if strings.Contains(vi, bad) {
			t.Errorf("page holds %q before any tap", bad)
		}
	}
	assertNoInjectedScript(t, "vi entry with videos", vi)
	// A page without videos carries no script for them.
	if p := page(t, mem, "vi/sites/dinh-phu-my/index.html"); strings.Contains(p, `closest("a.video-facade")`) || strings.Contains(p, `<a class="video-facade"`) {
		t.Error("a page without videos carries the facade script")
	}
}
