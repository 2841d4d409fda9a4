package site

import (
	"encoding/json"
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/internal/browsertest"
	"github.com/diachido/diachido/internal/testsite"
)

const exFile = "content/exhibitions/vo-nguyen-giap/index.vi.md"

// exhibitionSite is baseSite with an exhibition of six sections, images
// (one wide) in its folder, a translation and related places.
func exhibitionSite() map[string]string {
	f := baseSite()
	f[exFile] = `---
id: NT-E01
title: Đại tướng Võ Nguyên Giáp
summary: Cuộc đời của Đại tướng, kể trong sáu phần.
period: 1911–2013
related: [NT-002, QN-M692]
placard: {installed: 2026-06-01, location: lối vào}
photos:
  - src: bia.png
    alt: Đường thời gian
    caption: Bảy giai đoạn
---
Lời giới thiệu của triển lãm.

## 1911 — Tuổi thơ ở An Xá

Sinh ở Quảng Bình.

![Bản đồ các nơi gắn bó](ban-do.png "Bản đồ những nơi gắn bó")

## 1925–1930 — Trường Quốc học Huế

Học ở Huế.

## 1944 — Thành lập Đội Việt Nam Tuyên truyền Giải phóng quân

Ngày 22/12/1944.

![Khu rừng Trần Hưng Đạo](rung.png "Nơi thành lập Đội")

## 1945-09-02 — Ngày Độc lập

Quảng trường Ba Đình.

## 1954 - Điện Biên Phủ

Chiến thắng.

## Những năm cuối đời

Yên nghỉ ở Vũng Chùa.

![Đồi Vũng Chùa năm 2000](rung.png "trước: Đồi Vũng Chùa, 2000")
![Đồi Vũng Chùa năm 2020](bia.png "sau: Đồi Vũng Chùa, 2020")
`
	f["content/exhibitions/vo-nguyen-giap/index.en.md"] = `---
title: General Vo Nguyen Giap
summary: The General's life in six sections.
---
The exhibition's introduction.

## 1911 — Childhood in An Xa

Born in Quang Binh.

![A map of the places of his life](ban-do.png "The places of his life")

## 1925–1930 — Hue National School

## 1944 — The Propaganda Unit of the Liberation Army

## 1945-09-02 — Independence Day

## 1954 — Dien Bien Phu

## Last years
`
	f["content/exhibitions/vo-nguyen-giap/bia.png"] = testsite.PNG(1200, 400, color.RGBA{200, 40, 40, 255})
	f["content/exhibitions/vo-nguyen-giap/ban-do.png"] = testsite.PNG(4200, 1400, color.RGBA{40, 90, 160, 255})
	f["content/exhibitions/vo-nguyen-giap/rung.png"] = testsite.PNG(1600, 1200, color.RGBA{30, 120, 60, 255})
	return f
}

var (
	tocRe     = regexp.MustCompile(`(?s)<ol class="ex-toc">(.*?)</ol>`)
	tocItemRe = regexp.MustCompile(`<a href="#([^"]+)">(?:<span class="ex-date">([^<]*)</span> )?<span class="ex-toc-title">([^<]*)</span></a>`)
	figureRe  = regexp.MustCompile(`(?s)<figure class="ex-figure">(.*?)</figure>`)
)

func TestExhibitionPageHasATimelineSectionsAndFigures(t *testing.T) {
	mem := buildMem(t, exhibitionSite())
	html := page(t, mem, "vi/exhibitions/vo-nguyen-giap/index.html")
	toc := tocRe.FindStringSubmatch(html)
	if toc == nil {
		t.Fatalf("no timeline:\n%s", html)
	}
	items := tocItemRe.FindAllStringSubmatch(toc[1], -1)
	want := [][2]string{
		{"1911", "Tuổi thơ ở An Xá"}, {"1925–1930", "Trường Quốc học Huế"},
		{"1944", "Thành lập Đội Việt Nam Tuyên truyền Giải phóng quân"}, {"1945-09-02", "Ngày Độc lập"},
		{"1954", "Điện Biên Phủ"}, {"", "Những năm cuối đời"},
	}
	if len(items) != len(want) {
		t.Fatalf("timeline has %d anchors, want %d:\n%s", len(items), len(want), toc[1])
	}
	last := -1
	for i, it := range items {
		if it[2] != want[i][0] || it[3] != want[i][1] {
			t.Errorf("timeline %d: %q %q, want %q %q", i+1, it[2], it[3], want[i][0], want[i][1])
		}
		// Each anchor leads to its section, and the sections come in the
		// timeline's order.
		at := strings.Index(html, `<section class="ex-section" id="`+it[1]+`"`)
		if at < 0 || at < last {
			t.Errorf("anchor #%s: no section, or out of order", it[1])
		}
		last = at
	}
	if !strings.Contains(html, `<p class="ex-pos"><a href="#ex-timeline" aria-label="Chọn phần: Phần 3 / 6">Phần 3 / 6 · 1944</a></p>`) {
		t.Error("section 3 has no 'Phần 3 / 6 · 1944' bar")
	}
	figs := figureRe.FindAllStringSubmatch(html, -1)
	if len(figs) != 2 {
		t.Fatalf("%d figures, want 2", len(figs))
	}
	// The last two images are a before/after pair, their captions without
	// the words that mark them.
	if !strings.Contains(html, `<div class="compare" data-compare`) || !strings.Contains(html, "Trước</span> · Đồi Vũng Chùa, 2000</figcaption>") || !strings.Contains(html, "Sau</span> · Đồi Vũng Chùa, 2020</figcaption>") {
		t.Error("no before/after pair")
	}
	// The 4200 px map links to its largest variant and offers deep zoom;
	// the 1600 px photo does not.
	if !strings.Contains(figs[0][1], `<div class="zoom" data-zoom=`) || !strings.Contains(figs[0][1], `data-alt="Bản đồ các nơi gắn bó"`) || strings.Contains(figs[1][1], `class="zoom"`) {
		t.Errorf("deep zoom: %s\n%s", figs[0][1], figs[1][1])
	}
	for _, f := range figs {
		if !strings.Contains(f[1], ` srcset="`) || !strings.Contains(f[1], ` sizes="`) || !strings.Contains(f[1], ` loading="lazy"`) || !strings.Contains(f[1], ` width="`) {
			t.Errorf("figure without srcset, sizes, width or lazy loading: %s", f[1])
		}
	}
	if !strings.Contains(figs[0][1], `alt="Bản đồ các nơi gắn bó"`) || !strings.Contains(figs[0][1], "<figcaption>Bản đồ những nơi gắn bó</figcaption>") {
		t.Errorf("figure 1 alt or caption: %s", figs[0][1])
	}
	// The first figure lies in section 1, the second in section 3.
	s2 := strings.Index(html, `id="`+items[1][1]+`"`)
	s3 := strings.Index(html, `id="`+items[2][1]+`"`)
	if i := strings.Index(html, figs[0][0]); i > s2 {
		t.Error("figure 1 is not in section 1")
	}
	if i := strings.Index(html, figs[1][0]); i < s3 {
		t.Error("figure 2 is not in section 3")
	}
	for _, s := range []string{
		`<a class="ex-next" rel="next" href="#` + items[1][1] + `">`,
		`<a class="ex-prev" rel="prev" href="#` + items[0][1] + `">`,
		"Phần trước", "Phần sau", "Địa điểm liên quan",
		`<a class="card-title" href="/vi/sites/dinh-phu-my/">Đình Phú Mỹ</a>`,
		`<a class="card-title" href="/vi/markers/cot-moc-692/">Cột mốc 692</a>`,
		`<span class="ex-period">1911–2013</span>`, "Lời giới thiệu của triển lãm.", `fetchpriority="high"`,
	} {
		if !strings.Contains(html, s) {
			t.Errorf("page lacks %s", s)
		}
	}
	if strings.Count(html, `class="ex-prev"`) != 5 || strings.Count(html, `class="ex-next"`) != 5 {
		t.Error("every section but the first has a previous link, every but the last a next one")
	}

	en := page(t, mem, "en/exhibitions/vo-nguyen-giap/index.html")
	for _, s := range []string{"Section 3 of 6 · 1944", "Childhood in An Xa", "Previous section", "Next section", "Related places", `alt="A map of the places of his life"`, "1911–2013"} {
		if !strings.Contains(en, s) {
			t.Errorf("English page lacks %q", s)
		}
	}

	// Elsewhere: the home page, the section page, the sitemap, search,
	// entries.geojson.
	home := page(t, mem, "vi/index.html")
	if !strings.Contains(home, `href="/vi/exhibitions/"`) || !strings.Contains(home, `href="/vi/exhibitions/vo-nguyen-giap/"`) {
		t.Error("the home page does not list the exhibition")
	}
	sec := page(t, mem, "vi/exhibitions/index.html")
	if !strings.Contains(sec, "<h1>Triển lãm</h1>") || !strings.Contains(sec, `href="/vi/exhibitions/vo-nguyen-giap/"`) {
		t.Errorf("section page:\n%s", sec)
	}
	if sm := page(t, mem, "sitemap.xml"); !strings.Contains(sm, "https://guide.example.vn/en/exhibitions/vo-nguyen-giap/") || !strings.Contains(sm, "https://guide.example.vn/vi/exhibitions/") {
		t.Error("sitemap lacks the exhibition")
	}
	idx := struct{ Entries []searchDoc }{readDocs(t, mem, "vi")}
	found := false
	for _, d := range idx.Entries {
		if d.ID == "NT-E01" {
			found = d.Kind == "e" && d.Title == "Đại tướng Võ Nguyên Giáp" && strings.Contains(strings.Join(d.Tags, "|"), "1954 Điện Biên Phủ")
		}
	}
	if !found {
		t.Error("search index lacks the exhibition with its section headings")
	}
	var gj struct {
		Type     string `json:"type"`
		Features []struct {
			Geometry struct {
				Type        string      `json:"type"`
				Coordinates [][]float64 `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	raw := page(t, mem, "entries.geojson")
	// Points' coordinates are not lists of lists: decode the exhibition's
	// and its places' properties only.
	var loose struct {
		Features []struct {
			Geometry   map[string]any `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal([]byte(raw), &loose); err != nil {
		t.Fatal(err)
	}
	_ = gj
	var ex, phuMy map[string]any
	var exGeom map[string]any
	for _, f := range loose.Features {
		switch f.Properties["id"] {
		case "NT-E01":
			ex, exGeom = f.Properties, f.Geometry
		case "NT-002":
			phuMy = f.Properties
		}
	}
	if ex == nil || exGeom["type"] != "MultiPoint" || len(exGeom["coordinates"].([]any)) != 2 || ex["kind"] != "exhibition" {
		t.Errorf("exhibition feature %v %v", ex, exGeom)
	}
	if r, _ := json.Marshal(ex["related"]); string(r) != `["NT-002","QN-M692"]` {
		t.Errorf("related %s", r)
	}
	if r, _ := json.Marshal(phuMy["exhibitions"]); string(r) != `["NT-E01"]` {
		t.Errorf("the related place's feature lists %s", r)
	}
}

// The exhibition's placard scans to its short link.
func TestExhibitionPlacardScansToItsShortLink(t *testing.T) {
	m, diags := loadDiags(t, exhibitionSite())
	if m == nil || diags.HasErrors() {
		t.Fatalf("load:\n%s", diags.String())
	}
	p, err := m.Plan()
	if err != nil {
		t.Fatal(err)
	}
	pdf, ok, err := p.Render(Placard("NT-E01", "A4"))
	if !ok || err != nil {
		t.Fatalf("placard: %v %v", ok, err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "NT-E01.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	browsertest.Need(t, "pdftoppm", "poppler-utils")
	browsertest.Need(t, "zbarimg", "zbar-tools")
	if err := exec.Command("pdftoppm", "-r", "100", "-png", "-singlefile", path, filepath.Join(dir, "p")).Run(); err != nil {
		t.Fatal(err)
	}
	code, err := exec.Command("zbarimg", "--raw", "-q", filepath.Join(dir, "p.png")).Output()
	if got := strings.TrimSpace(string(code)); err != nil || got != "https://guide.example.vn/p/NT-E01/" {
		t.Errorf("QR code reads %q (%v)", got, err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err == nil && !strings.Contains(strings.ToUpper(string(out)), "TRIỂN LÃM") {
		t.Errorf("the placard does not say it is an exhibition:\n%s", out)
	}
}

// The exhibition page at a phone's width and a desktop's, scripts off: no
// sideways scroll; on the phone the bar of the section being read sticks
// to the top and says which it is; on the desktop the timeline stays in
// view beside the text. EXHIBITION_SHOTS=dir keeps the screenshots.
func TestExhibitionPageFitsAPhoneAndADesktop(t *testing.T) {
	b := browsertest.New(t)
	src := testsite.Dir(t, exhibitionSite())
	out := filepath.Join(t.TempDir(), "public")
	var diags diag.List
	if _, err := Build(BuildOptions{Source: src, Output: out, NoPlacards: true}, &diags); err != nil || diags.HasErrors() {
		t.Fatalf("build: %v\n%s", err, diags.String())
	}
	base := browsertest.Serve(t, out)
	shots := os.Getenv("EXHIBITION_SHOTS")
	for _, tc := range []struct {
		name   string
		width  int
		view   chromedp.Action
		sticky string // what stays at the top after a jump to section 3
	}{
		{"phone 360", 360, browsertest.Phone(), `(() => { const r = [...document.querySelectorAll(".ex-pos")].find(p => { const b = p.getBoundingClientRect(); return b.top >= 0 && b.top < 2 && b.height > 0 }); return r ? r.textContent : "" })()`},
		{"desktop 1280", 1280, chromedp.EmulateViewport(1280, 900), `(() => { const b = document.querySelector(".ex-timeline").getBoundingClientRect(); return b.top >= 0 && b.top < 40 ? "timeline" : "" })()`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b.Run(t, emulation.SetScriptExecutionDisabled(true), tc.view, chromedp.Navigate(base+"vi/exhibitions/vo-nguyen-giap/"))
			var fits bool
			var sw, iw int
			b.Run(t, chromedp.Evaluate(`document.documentElement.scrollWidth`, &sw), chromedp.Evaluate(`innerWidth`, &iw),
				chromedp.Evaluate(`document.documentElement.scrollWidth <= innerWidth`, &fits))
			if !fits || iw != tc.width {
				t.Errorf("scrollWidth %d, innerWidth %d (want %d): the page scrolls sideways", sw, iw, tc.width)
			}
			var png []byte
			if shots != "" {
				b.Run(t, chromedp.CaptureScreenshot(&png))
				os.WriteFile(filepath.Join(shots, "exhibition-"+strconv.Itoa(tc.width)+".png"), png, 0o644)
			}
			// Jump to section 3 with its timeline anchor, as a visitor taps it.
			b.Run(t, chromedp.Click(`.ex-toc li:nth-child(3) a`, chromedp.ByQuery), chromedp.Sleep(300*time.Millisecond))
			var hash, top string
			b.Run(t, chromedp.Evaluate(`location.hash`, &hash))
			if !strings.HasPrefix(hash, "#phan-3-1944") {
				t.Errorf("the third anchor led to %q", hash)
			}
			// Scroll into the section's text: the bar is still there.
			b.Run(t, chromedp.Evaluate(`window.scrollBy(0, 150)`, nil), chromedp.Sleep(100*time.Millisecond), chromedp.Evaluate(tc.sticky, &top))
			want := "Phần 3 / 6 · 1944"
			if tc.width > 1000 {
				want = "timeline"
			}
			if top != want {
				t.Errorf("at the top of the screen in section 3: %q, want %q", top, want)
			}
			if shots != "" {
				b.Run(t, chromedp.CaptureScreenshot(&png))
				os.WriteFile(filepath.Join(shots, "exhibition-"+strconv.Itoa(tc.width)+"-section3.png"), png, 0o644)
			}
		})
	}
}

// The exhibition's share card says what it is in both languages.
func TestExhibitionCardSaysExhibition(t *testing.T) {
	m, diags := loadDiags(t, exhibitionSite())
	if m == nil || diags.HasErrors() {
		t.Fatalf("load:\n%s", diags.String())
	}
	s, photo := m.cardSpec(m.Content.ByID["NT-E01"])
	if s.Kicker != "Triển lãm / Exhibition" || photo != "bia.png" || s.Title != "Đại tướng Võ Nguyên Giáp" {
		t.Errorf("card %+v, photo %q", s, photo)
	}
}

// What an editor writes in headings, captions, alt text and the period
// reaches the exhibition page as text.
func TestExhibitionHostileTextStaysText(t *testing.T) {
	f := exhibitionSite()
	f[exFile] = strings.Replace(f[exFile], "period: 1911–2013", `period: "<script>alert(1)</script>"`, 1)
	f[exFile] = strings.Replace(f[exFile], "## 1925–1930 — Trường Quốc học Huế", "## 1925 — <script>alert(2)</script><img src=x onerror=alert(3)>", 1)
	f[exFile] = strings.Replace(f[exFile], `![Khu rừng Trần Hưng Đạo](rung.png "Nơi thành lập Đội")`, `![" onload="alert(4)](rung.png "<script>alert(5)</script>")`, 1)
	mem := buildMem(t, f)
	for _, name := range []string{"vi/exhibitions/vo-nguyen-giap/index.html", "vi/exhibitions/index.html", "vi/index.html"} {
		assertNoInjectedScript(t, name, page(t, mem, name))
	}
	html := page(t, mem, "vi/exhibitions/vo-nguyen-giap/index.html")
	if !strings.Contains(html, "&lt;script&gt;alert(2)&lt;/script&gt;") || !strings.Contains(html, "&lt;script&gt;alert(5)&lt;/script&gt;") {
		t.Error("the hostile heading or caption is not shown as text")
	}
}
