package site

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/internal/testsite"
	"golang.org/x/net/html"
)

// baseSite is a small, valid bilingual site: two relic sites (one without
// an English translation), a border marker, a tour and an about page.
func baseSite() map[string]string {
	return map[string]string{
		"site.yaml": `baseURL: https://guide.example.vn/
languages:
  - code: vi
    name: Tiếng Việt
    title: Địa chỉ đỏ thử nghiệm
  - code: en
    name: English
    title: Test Red Addresses
organization: Huyện đoàn Thử nghiệm
idPrefix: NT
`,
		"content/sites/dia-dao-nhon-trach/index.vi.md": `---
id: NT-001
title: Địa đạo Nhơn Trạch
summary: Hệ thống địa đạo thời kháng chiến ở Long Thọ.
location: {lat: 10.7251, lng: 106.8823}
address: Xã Long Thọ
province: Đồng Nai
district: Nhơn Trạch
category: history
rank: national
recognized: 2001
sources:
  - title: Báo Đồng Nai
    url: https://baodongnai.com.vn/
tags: [địa đạo, kháng chiến]
updated: 2026-03-26
---
Địa đạo nằm gần [Đình Phú Mỹ](id:NT-002).

Xem thêm <script>alert(1)</script>.
`,
		"content/sites/dia-dao-nhon-trach/index.en.md": `---
title: Nhon Trach Tunnels
summary: A wartime tunnel network in Long Tho.
---
The tunnels are near [Phu My communal house](id:NT-002).
`,
		"content/sites/dinh-phu-my/index.vi.md": `---
id: NT-002
title: Đình Phú Mỹ
summary: Ngôi đình cổ ở xã Phú Hội.
location: {lat: 10.7452, lng: 106.8968}
province: Đồng Nai
category: architecture-art
rank: provincial
---
Đình gần [địa đạo](id:NT-001).
`,
		"content/markers/cot-moc-692/index.vi.md": `---
id: QN-M692
title: Cột mốc 692
summary: Mốc chính trên biên giới Việt Nam – Lào.
location: {lat: 15.95, lng: 107.45}
province: Quảng Nam
marker: {number: "692", type: main, border: VN-LA, year: 2012}
---
Mốc 692.
`,
		"content/tours/hanh-trinh/index.vi.md": `---
id: NT-T01
title: Hành trình Nhơn Trạch
summary: Hai địa chỉ đỏ trong một buổi sáng.
stops: [NT-002, NT-001]
---
Bắt đầu ở đình.
`,
		"content/pages/about/index.vi.md": `---
id: ABOUT
title: Giới thiệu
summary: Về dự án.
---
Nội dung mẫu.
`,
		"content/pages/about/index.en.md": `---
title: About
summary: About the project.
---
Sample content.
`,
	}
}

// buildMem loads and renders files in memory, failing on any error.
func buildMem(t *testing.T, files map[string]string) *output.Memory {
	t.Helper()
	return renderMem(t, testsite.MapFS(files), LoadOptions{NoPlacards: true})
}

// renderMem loads src with opts and renders it into memory.
func renderMem(t *testing.T, src fs.FS, opts LoadOptions) *output.Memory {
	t.Helper()
	var diags diag.List
	m := Load(src, opts, &diags)
	if m == nil || diags.HasErrors() {
		t.Fatalf("load failed:\n%s", diags.String())
	}
	mem := output.NewMemory()
	if _, err := m.Render(mem); err != nil {
		t.Fatalf("render: %v", err)
	}
	return mem
}

func page(t *testing.T, mem *output.Memory, name string) string {
	t.Helper()
	b, ok := mem.Get(name)
	if !ok {
		t.Fatalf("no %s in output; have %v", name, mem.Names())
	}
	return string(b)
}

func TestEveryEntryHasAPageInEveryLanguage(t *testing.T) {
	mem := buildMem(t, baseSite())
	for _, name := range []string{
		"index.html", "404.html", "robots.txt", "sitemap.xml", "entries.geojson", "favicon.svg",
		"vi/index.html", "en/index.html", "vi/sites/index.html", "en/markers/index.html", "vi/tours/index.html",
		"vi/sites/dia-dao-nhon-trach/index.html", "en/sites/dia-dao-nhon-trach/index.html",
		"vi/sites/dinh-phu-my/index.html", "en/sites/dinh-phu-my/index.html",
		"vi/markers/cot-moc-692/index.html", "en/markers/cot-moc-692/index.html",
		"vi/tours/hanh-trinh/index.html", "en/tours/hanh-trinh/index.html",
		"vi/pages/about/index.html", "en/pages/about/index.html",
		"p/NT-001/index.html", "p/NT-002/index.html", "p/QN-M692/index.html", "p/NT-T01/index.html", "p/ABOUT/index.html",
	} {
		page(t, mem, name)
	}
}

func TestEntryPageSaysTheRightThings(t *testing.T) {
	mem := buildMem(t, baseSite())
	vi := page(t, mem, "vi/sites/dia-dao-nhon-trach/index.html")
	for _, want := range []string{
		`<html lang="vi">`,
		`<h1>Địa đạo Nhơn Trạch</h1>`,
		`Hệ thống địa đạo thời kháng chiến ở Long Thọ.`,
		`<dt>Xếp hạng</dt><dd>Di tích quốc gia (2001)</dd>`,
		`<dt>Loại hình</dt><dd>Di tích lịch sử</dd>`,
		`href="geo:10.7251,106.8823"`,
		`https://www.openstreetmap.org/?mlat=10.7251&amp;mlon=106.8823`,
		`<time datetime="2026-03-26">ngày 26 tháng 3 năm 2026</time>`,
		`<a href="https://baodongnai.com.vn/" rel="noopener">Báo Đồng Nai</a>`,
		`<a href="https://guide.example.vn/p/NT-001/">https://guide.example.vn/p/NT-001/</a>`,
		`<link rel="alternate" hreflang="en" href="https://guide.example.vn/en/sites/dia-dao-nhon-trach/">`,
		`<link rel="alternate" hreflang="x-default" href="https://guide.example.vn/vi/sites/dia-dao-nhon-trach/">`,
		`<meta property="og:title" content="Địa đạo Nhơn Trạch">`,
		`<meta property="og:locale" content="vi_VN">`,
		`"@type":"LandmarksOrHistoricalBuildings"`,
		`"latitude":10.7251`,
	} {
		if !strings.Contains(vi, want) {
			t.Errorf("vi entry page lacks %q", want)
		}
	}
	en := page(t, mem, "en/sites/dia-dao-nhon-trach/index.html")
	for _, want := range []string{
		`<html lang="en">`, `<h1>Nhon Trach Tunnels</h1>`,
		`<dt>Rank</dt><dd>National relic (2001)</dd>`,
		`<time datetime="2026-03-26">26 March 2026</time>`,
		`<a href="/vi/sites/dia-dao-nhon-trach/" hreflang="vi" lang="vi">Tiếng Việt</a>`,
	} {
		if !strings.Contains(en, want) {
			t.Errorf("en entry page lacks %q", want)
		}
	}
	if strings.Contains(en, "not been translated") {
		t.Error("a translated page shows the not-translated notice")
	}
}

func TestUntranslatedEntryShowsDefaultTextWithNotice(t *testing.T) {
	mem := buildMem(t, baseSite())
	en := page(t, mem, "en/sites/dinh-phu-my/index.html")
	for _, want := range []string{
		`<html lang="en">`,
		`<h1 lang="vi">Đình Phú Mỹ</h1>`,
		`This page has not been translated into English yet`,
		`<meta name="robots" content="noindex">`,
		`<link rel="canonical" href="https://guide.example.vn/vi/sites/dinh-phu-my/">`,
		// id: links go to the English page of the target.
		`<a href="/en/sites/dia-dao-nhon-trach/">địa đạo</a>`,
		// interface strings are English
		`<dt>Rank</dt><dd>Provincial relic</dd>`,
	} {
		if !strings.Contains(en, want) {
			t.Errorf("untranslated en page lacks %q", want)
		}
	}
	// The switcher lists only real translations; no link to a missing page,
	// no hreflang for a copy.
	if strings.Contains(en, `hreflang="en" href`) || strings.Contains(en, `rel="alternate"`) {
		t.Error("untranslated page advertises alternates")
	}
	vi := page(t, mem, "vi/sites/dinh-phu-my/index.html")
	if strings.Contains(vi, `href="/en/sites/dinh-phu-my/"`) {
		t.Error("vi page links to an English translation that does not exist")
	}
	if strings.Contains(vi, `class="langs"`) {
		t.Error("vi page of an untranslated entry shows a language switcher with nothing to switch to")
	}
}

func TestIDLinksResolvePerLanguage(t *testing.T) {
	mem := buildMem(t, baseSite())
	vi := page(t, mem, "vi/sites/dia-dao-nhon-trach/index.html")
	if !strings.Contains(vi, `<a href="/vi/sites/dinh-phu-my/">Đình Phú Mỹ</a>`) {
		t.Error("vi id: link not resolved to the vi page")
	}
	en := page(t, mem, "en/sites/dia-dao-nhon-trach/index.html")
	if !strings.Contains(en, `<a href="/en/sites/dinh-phu-my/">Phu My communal house</a>`) {
		t.Error("en id: link not resolved to the en page")
	}
}

func TestShortLinkOpensEntryInVisitorsLanguage(t *testing.T) {
	mem := buildMem(t, baseSite())
	p := page(t, mem, "p/NT-001/index.html")
	for _, want := range []string{
		`pick({"en":"/en/sites/dia-dao-nhon-trach/","vi":"/vi/sites/dia-dao-nhon-trach/"}, "vi")`,
		`<noscript><meta http-equiv="refresh" content="0; url=/vi/sites/dia-dao-nhon-trach/"></noscript>`,
		`<a href="/vi/sites/dia-dao-nhon-trach/">Địa đạo Nhơn Trạch</a>`,
	} {
		if !strings.Contains(p, want) {
			t.Errorf("/p/NT-001/ lacks %q\n%s", want, p)
		}
	}
	// An entry without English: the short link offers only Vietnamese.
	p2 := page(t, mem, "p/NT-002/index.html")
	if !strings.Contains(p2, `pick({"vi":"/vi/sites/dinh-phu-my/"}, "vi")`) {
		t.Errorf("/p/NT-002/ targets wrong:\n%s", p2)
	}
}

func TestRootPicksLanguageAndWorksWithoutScripts(t *testing.T) {
	mem := buildMem(t, baseSite())
	root := page(t, mem, "index.html")
	for _, want := range []string{
		`pick({"en":"/en/","vi":"/vi/"}, "vi")`,
		`<a class="button" href="/vi/" hreflang="vi" lang="vi">Tiếng Việt</a>`,
		`<a class="button" href="/en/" hreflang="en" lang="en">English</a>`,
		`<link rel="alternate" hreflang="x-default" href="https://guide.example.vn/">`,
	} {
		if !strings.Contains(root, want) {
			t.Errorf("root lacks %q", want)
		}
	}
}

func TestHostileTextIsEscaped(t *testing.T) {
	files := baseSite()
	files["content/sites/hostile/index.vi.md"] = `---
id: XSS-1
title: "<script>alert('title')</script>"
summary: "\"><img src=x onerror=alert(1)>"
location: {lat: 10.5, lng: 106.5}
address: "<svg onload=alert(2)>"
tags: ["</script><script>alert(3)</script>"]
sources:
  - title: "<b onmouseover=alert(4)>x</b>"
---
<script>alert(5)</script>

<img src=x onerror=alert(6)>

[click](javascript:alert(7)) [data](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert(8)>

![x](data:image/png;base64,AAAA)
`
	files["content/sites/hostile/index.en.md"] = "---\ntitle: \"</title><script>alert(9)</script>\"\nsummary: ok\n---\nBody\n"
	var diags diag.List
	m := Load(testsite.MapFS(files), LoadOptions{}, &diags)
	// The forbidden links are content errors...
	if !diags.HasErrors() {
		t.Fatal("javascript: and data: links were not reported")
	}
	// ...and even rendered anyway, nothing runs.
	mem := output.NewMemory()
	if _, err := m.Render(mem); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"vi/sites/hostile/index.html", "en/sites/hostile/index.html", "vi/index.html", "en/sites/index.html", "p/XSS-1/index.html"} {
		html := page(t, mem, name)
		assertNoInjectedScript(t, name, html)
	}
	vi := page(t, mem, "vi/sites/hostile/index.html")
	if !strings.Contains(vi, "&lt;script&gt;alert(5)&lt;/script&gt;") {
		t.Error("raw HTML in the body is not shown as escaped text")
	}
}

// assertNoInjectedScript parses the page as a browser would and checks
// that no script is the editor's, no element has an event handler and no
// link or embed has a script or data URL.
func assertNoInjectedScript(t *testing.T, name, page string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				k := strings.ToLower(a.Key)
				if strings.HasPrefix(k, "on") {
					t.Errorf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val)
				}
				if k == "href" || k == "src" || k == "action" || k == "formaction" || k == "srcdoc" {
					v := strings.ToLower(strings.TrimSpace(a.Val))
					if strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:") {
						t.Errorf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val)
					}
				}
			}
			if n.Data == "script" {
				var body strings.Builder
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					body.WriteString(c.Data)
				}
				typ := ""
				for _, a := range n.Attr {
					if a.Key == "type" {
						typ = a.Val
					}
				}
				if typ == "application/ld+json" {
					var v any
					if err := json.Unmarshal([]byte(body.String()), &v); err != nil {
						t.Errorf("%s: JSON-LD broken out of: %v", name, err)
					}
				} else if strings.Contains(body.String(), "alert(") {
					t.Errorf("%s: injected script: %.120s", name, body.String())
				}
			}
			if n.Data == "iframe" || n.Data == "object" || n.Data == "embed" {
				t.Errorf("%s: unexpected <%s>", name, n.Data)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

func TestTwoBuildsAreByteIdentical(t *testing.T) {
	a := buildMem(t, baseSite())
	b := buildMem(t, baseSite())
	if len(a.Names()) != len(b.Names()) {
		t.Fatalf("file lists differ: %d vs %d", len(a.Names()), len(b.Names()))
	}
	for _, n := range a.Names() {
		x, _ := a.Get(n)
		y, ok := b.Get(n)
		if !ok || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", n)
		}
	}
}

func TestSitemapGeoJSONAndRobots(t *testing.T) {
	mem := buildMem(t, baseSite())
	sm := page(t, mem, "sitemap.xml")
	for _, want := range []string{
		`<loc>https://guide.example.vn/en/sites/dia-dao-nhon-trach/</loc>`,
		`<xhtml:link rel="alternate" hreflang="en" href="https://guide.example.vn/en/sites/dia-dao-nhon-trach/"/>`,
		`<lastmod>2026-03-26</lastmod>`,
	} {
		if !strings.Contains(sm, want) {
			t.Errorf("sitemap lacks %q", want)
		}
	}
	if strings.Contains(sm, "https://guide.example.vn/en/sites/dinh-phu-my/") {
		t.Error("sitemap lists an untranslated copy")
	}
	if r := page(t, mem, "robots.txt"); !strings.Contains(r, "Sitemap: https://guide.example.vn/sitemap.xml") {
		t.Errorf("robots.txt: %s", r)
	}
	var gj struct {
		Type     string
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates json.RawMessage
			}
			Properties struct {
				ID    string
				Kind  string
				Title map[string]string
				URL   map[string]string
			}
		}
	}
	if err := json.Unmarshal([]byte(page(t, mem, "entries.geojson")), &gj); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range gj.Features {
		got[f.Properties.ID] = f.Geometry.Type + " " + string(f.Geometry.Coordinates)
		if f.Properties.ID == "NT-001" {
			if f.Properties.Title["en"] != "Nhon Trach Tunnels" || f.Properties.URL["vi"] != "https://guide.example.vn/vi/sites/dia-dao-nhon-trach/" {
				t.Errorf("NT-001 properties: %+v", f.Properties)
			}
		}
	}
	if got["NT-001"] != "Point [106.8823,10.7251]" {
		t.Errorf("NT-001 geometry: %q", got["NT-001"])
	}
	if got["NT-T01"] != "LineString [[106.8968,10.7452],[106.8823,10.7251]]" {
		t.Errorf("tour geometry: %q", got["NT-T01"])
	}
	if _, ok := got["ABOUT"]; ok {
		t.Error("a free page has no place and should not be a map feature")
	}
}

func TestTourListsStopsInOrder(t *testing.T) {
	mem := buildMem(t, baseSite())
	tour := page(t, mem, "en/tours/hanh-trinh/index.html")
	i := strings.Index(tour, `href="/en/sites/dinh-phu-my/"`)
	j := strings.Index(tour, `href="/en/sites/dia-dao-nhon-trach/"`)
	if i < 0 || j < 0 || i > j {
		t.Errorf("stops missing or out of order (%d, %d)", i, j)
	}
	if !strings.Contains(tour, "Nhon Trach Tunnels") {
		t.Error("stop titles are not in the page's language")
	}
}

func TestHomeGroupsByKindAndProvince(t *testing.T) {
	mem := buildMem(t, baseSite())
	home := page(t, mem, "vi/index.html")
	for _, want := range []string{`>Di tích</a>`, `>Cột mốc biên giới</a>`, `<h3><a href="/vi/provinces/quang-nam/">Quảng Nam</a></h3>`, `<h3><a href="/vi/provinces/dong-nai/">Đồng Nai</a></h3>`, `href="/vi/sites/dinh-phu-my/"`} {
		if !strings.Contains(home, want) {
			t.Errorf("home lacks %q", want)
		}
	}
}

func TestAliasesRedirect(t *testing.T) {
	files := baseSite()
	files["content/sites/dinh-phu-my/index.vi.md"] = strings.Replace(files["content/sites/dinh-phu-my/index.vi.md"], "rank: provincial\n", "rank: provincial\naliases: [/di-tich/dinh-phu-my/, /old.html]\n", 1)
	mem := buildMem(t, files)
	a := page(t, mem, "di-tich/dinh-phu-my/index.html")
	if !strings.Contains(a, `<meta http-equiv="refresh" content="0; url=/vi/sites/dinh-phu-my/">`) {
		t.Errorf("alias page: %s", a)
	}
	page(t, mem, "old.html")
}

func TestSubPathBaseURL(t *testing.T) {
	files := baseSite()
	files["site.yaml"] = strings.Replace(files["site.yaml"], "https://guide.example.vn/", "https://user.github.io/guide", 1)
	mem := buildMem(t, files)
	vi := page(t, mem, "vi/sites/dia-dao-nhon-trach/index.html")
	for _, want := range []string{`<a href="/guide/vi/sites/dinh-phu-my/">`, `https://user.github.io/guide/p/NT-001/`, `href="/guide/favicon.svg"`} {
		if !strings.Contains(vi, want) {
			t.Errorf("sub-path page lacks %q", want)
		}
	}
}

func TestSiteI18nOverridesAndFallsBack(t *testing.T) {
	files := baseSite()
	files["site.yaml"] += "  - code: lo\n    name: ລາວ\n    title: ທີ່ຢູ່ສີແດງ\n"
	files["site.yaml"] = strings.Replace(files["site.yaml"], "organization:", "x: 1\norganization:", 0)
	files["site.yaml"] = strings.Replace(files["site.yaml"], "idPrefix: NT\n  - code: lo", "idPrefix: NT\n  - code: lo", 1)
	// languages must be one list: rebuild site.yaml explicitly.
	files["site.yaml"] = `baseURL: https://guide.example.vn/
languages:
  - code: vi
    name: Tiếng Việt
    title: Địa chỉ đỏ
  - code: en
    name: English
    title: Red Addresses
  - code: lo
    name: ລາວ
    title: ທີ່ຢູ່ສີແດງ
`
	files["i18n/lo.yaml"] = "facts: ຂໍ້ມູນ\n"
	files["i18n/en.yaml"] = "facts: Key facts\n"
	var diags diag.List
	m := Load(testsite.MapFS(files), LoadOptions{}, &diags)
	if m == nil || diags.HasErrors() {
		t.Fatal(diags.String())
	}
	warned := false
	for _, w := range diags.Warnings() {
		if w.Pos.File == "i18n/lo.yaml" && strings.Contains(w.Message, "not translated into lo") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning for missing Lao strings:\n%s", diags.String())
	}
	mem := output.NewMemory()
	if _, err := m.Render(mem); err != nil {
		t.Fatal(err)
	}
	lo := page(t, mem, "lo/sites/dia-dao-nhon-trach/index.html")
	if !strings.Contains(lo, `<h2 id="facts-h">ຂໍ້ມູນ</h2>`) || !strings.Contains(lo, "<dt>Xếp hạng</dt>") {
		t.Error("Lao page should use its own string and fall back to Vietnamese for the rest")
	}
	if en := page(t, mem, "en/sites/dia-dao-nhon-trach/index.html"); !strings.Contains(en, `<h2 id="facts-h">Key facts</h2>`) {
		t.Error("site i18n did not override the theme string")
	}
}

func TestDraftsSkippedUnlessAsked(t *testing.T) {
	files := baseSite()
	files["content/sites/nhap/index.vi.md"] = "---\nid: NT-099\ntitle: Nháp\nsummary: Chưa xong.\nlocation: {lat: 10, lng: 106}\ndraft: true\n---\n"
	mem := buildMem(t, files)
	if _, ok := mem.Get("vi/sites/nhap/index.html"); ok {
		t.Error("draft was built")
	}
	var diags diag.List
	m := Load(testsite.MapFS(files), LoadOptions{Drafts: true}, &diags)
	mem2 := output.NewMemory()
	if _, err := m.Render(mem2); err != nil {
		t.Fatal(err)
	}
	page(t, mem2, "vi/sites/nhap/index.html")
}

func TestBuildLeavesOutputUntouchedOnError(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	out := filepath.Join(dir, "out")
	write := func(files map[string]string) { testsite.Replace(t, src, files) }
	write(baseSite())
	var diags diag.List
	if _, err := Build(BuildOptions{Source: src, Output: out}, &diags); err != nil {
		t.Fatalf("first build: %v\n%s", err, diags.String())
	}
	before, err := os.ReadFile(filepath.Join(out, "vi/sites/dinh-phu-my/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	broken := baseSite()
	broken["content/sites/dinh-phu-my/index.vi.md"] = strings.Replace(broken["content/sites/dinh-phu-my/index.vi.md"], "title: Đình Phú Mỹ", "title: Đình Phú Mỹ MỚI\nlocation: {lat: 200, lng: 106}", 1)
	write(broken)
	diags = diag.List{}
	if _, err := Build(BuildOptions{Source: src, Output: out}, &diags); err != ErrContent {
		t.Fatalf("broken build returned %v", err)
	}
	after, err := os.ReadFile(filepath.Join(out, "vi/sites/dinh-phu-my/index.html"))
	if err != nil || !bytes.Equal(before, after) {
		t.Fatal("a failed build changed the previous output")
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".out.tmp-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary folders left behind: %v", leftovers)
	}
	// A good build replaces it.
	good := baseSite()
	good["content/sites/dinh-phu-my/index.vi.md"] = strings.Replace(good["content/sites/dinh-phu-my/index.vi.md"], "title: Đình Phú Mỹ", "title: Đình Phú Mỹ MỚI", 1)
	write(good)
	diags = diag.List{}
	if _, err := Build(BuildOptions{Source: src, Output: out}, &diags); err != nil {
		t.Fatal(err)
	}
	now, _ := os.ReadFile(filepath.Join(out, "vi/sites/dinh-phu-my/index.html"))
	if !strings.Contains(string(now), "Đình Phú Mỹ MỚI") {
		t.Error("a good build did not replace the output")
	}
}

func TestOutputGuard(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	os.MkdirAll(filepath.Join(src, "content"), 0o755)
	foreign := filepath.Join(dir, "photos")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "family.jpg"), []byte("x"), 0o644)
	home, _ := os.UserHomeDir()
	for _, tc := range []struct{ out, want string }{
		{"/", "root of the file system"},
		{src, "holds the site source"},
		{dir, "holds the site source"},
		{foreign, "not empty and was not made by diachido"},
		{home, "home folder"},
	} {
		err := output.CheckTarget(tc.out, src)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("CheckTarget(%s) = %v, want %q", tc.out, err, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(foreign, "family.jpg")); err != nil {
		t.Error("guard touched a foreign folder")
	}
	if err := output.CheckTarget(filepath.Join(dir, "new-out"), src); err != nil {
		t.Errorf("a new folder was refused: %v", err)
	}
}

// TestOneEditWritesOnlyWhatChanged: after an editor changes one entry's
// summary, the build writes only the files whose bytes changed (its pages,
// the lists and indexes that show the summary); every other file is the
// previous build's own (same inode), so a deploy that compares files
// uploads a few pages. What changed is exactly what differs.
func TestOneEditWritesOnlyWhatChanged(t *testing.T) {
	dir := t.TempDir()
	src, out := filepath.Join(dir, "src"), filepath.Join(dir, "out")
	files := baseSite()
	testsite.Replace(t, src, files)
	build := func() Stats {
		t.Helper()
		var diags diag.List
		st, err := Build(BuildOptions{Source: src, Output: out, CacheDir: filepath.Join(dir, "cache")}, &diags)
		if err != nil {
			t.Fatalf("build: %v\n%s", err, diags.String())
		}
		return st
	}
	build()
	type seen struct {
		ino  uint64
		data []byte
	}
	snapshot := func() map[string]seen {
		got := map[string]seen{}
		for name, data := range testsite.Read(t, out) {
			info, err := os.Stat(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			got[name] = seen{testsite.Inode(info), data}
		}
		return got
	}
	before := snapshot()
	const file = "content/sites/dinh-phu-my/index.vi.md"
	if !strings.Contains(files[file], "summary: ") {
		t.Fatalf("%s has no summary line", file)
	}
	files[file] = strings.Replace(files[file], "summary: ", "summary: Đã sửa. ", 1)
	testsite.Replace(t, src, files)
	st := build()
	after := snapshot()
	var changed []string
	for name, a := range after {
		b, ok := before[name]
		bytesChanged := !ok || !bytes.Equal(a.data, b.data)
		if bytesChanged {
			changed = append(changed, name)
		}
		if name == output.Marker {
			continue
		}
		if !bytesChanged && a.ino != b.ino {
			t.Errorf("%s is unchanged but was written again", name)
		}
		if bytesChanged && ok && a.ino == b.ino {
			t.Errorf("%s changed but is the old file", name)
		}
	}
	sort.Strings(changed)
	if !slices.Contains(changed, "vi/sites/dinh-phu-my/index.html") {
		t.Errorf("the edited page is not among the changed files: %v", changed)
	}
	if int(st.Written) != len(changed) || st.Kept+st.Written != int64(len(after)) {
		t.Errorf("build says %d written and %d kept; %d of %d files changed: %v", st.Written, st.Kept, len(changed), len(after), changed)
	}
	// No other site's or marker's page shows the edited summary.
	others := regexp.MustCompile(`^(vi|en)/(sites|markers)/[^/]+/index\.html$`)
	for _, name := range changed {
		if others.MatchString(name) && !strings.Contains(name, "/dinh-phu-my/") {
			t.Errorf("%s changed, but shows nothing of the edited entry", name)
		}
	}
}

// TestBodiesReadAgainGiveTheSamePages: a large guide's bodies are let go
// after the load and read again for their pages (keptBodies); every file
// of the example site and of the test site comes out byte for byte as
// when every body is kept, and a body changed after the load is an error
// naming its file, not a page with unchecked text.
func TestBodiesReadAgainGiveTheSamePages(t *testing.T) {
	render := func(src fs.FS, budget int64) *output.Memory {
		t.Helper()
		return renderMem(t, src, LoadOptions{NoPlacards: true, bodyBudget: budget})
	}
	for name, src := range map[string]fstest.MapFS{"example": exampleFS(t, ""), "test site": testsite.MapFS(baseSite())} {
		kept, read := render(src, 0), render(src, -1)
		if !slices.Equal(kept.Names(), read.Names()) {
			t.Fatalf("%s: the file lists differ", name)
		}
		for _, n := range kept.Names() {
			a, _ := kept.Get(n)
			b, _ := read.Get(n)
			if !bytes.Equal(a, b) {
				t.Errorf("%s: %s differs when bodies are read again", name, n)
			}
		}
	}
	src := testsite.MapFS(baseSite())
	var diags diag.List
	m := Load(src, LoadOptions{NoPlacards: true, bodyBudget: -1}, &diags)
	if m == nil || diags.HasErrors() {
		t.Fatalf("load failed:\n%s", diags.String())
	}
	src[phuMyFile] = &fstest.MapFile{Data: []byte(strings.Replace(baseSite()[phuMyFile], "Đình gần", "Một đoạn văn khác, được thêm vào sau khi kiểm tra. Đình gần", 1))}
	_, err := m.Render(output.NewMemory())
	if err == nil || !strings.Contains(err.Error(), phuMyFile) || !strings.Contains(err.Error(), "changed during the build") {
		t.Errorf("a body changed after the load: %v", err)
	}
}
