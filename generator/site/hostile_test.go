package site

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/diachido/diachido/internal/htmlsafe"
	"github.com/diachido/diachido/internal/testsite"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/themes"
	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The hostile-input suite: every field an editor, a site owner or a
// translator fills is given, in turn, each of the script-injection vectors
// in testdata/xss-vectors.txt, and every file of the built site is parsed
// the way a browser would read it. Nothing may run: no script but the
// theme's own, no event handler, no script or data address, no frame,
// plug-in, <base> or refresh but the theme's own.

// xssMarker is in every vector, so that a theme script that carries it is
// known to hold the vector.
const xssMarker = "XSS"

func xssVectors(t testing.TB) []string {
	t.Helper()
	f, err := os.Open("testdata/xss-vectors.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if !strings.Contains(strings.ToUpper(l), xssMarker) && !strings.Contains(l, "88,83,83") && !strings.Contains(l, "&#88;") && !strings.Contains(l, "&#x58") && !strings.Contains(l, "PHN") {
			t.Fatalf("vector without the marker %s: %s", xssMarker, l)
		}
		out = append(out, l)
	}
	if len(out) < 40 {
		t.Fatalf("only %d vectors", len(out))
	}
	return out
}

// yq writes s as a YAML double-quoted scalar (JSON strings are valid YAML).
func yq(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// tinyPNG is a valid 8×8 photo.
func tinyPNG(testing.TB) string {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	img.Set(1, 1, color.RGBA{200, 0, 0, 255})
	return testsite.EncodePNG(img)
}

// entryFields are the front-matter fields of an entry an editor fills with
// text, and the body; each is filled in turn with a vector.
var entryFields = []string{
	"title", "summary", "address", "province", "district", "tags",
	"source title", "source url", "photo alt", "photo caption", "photo credit",
	"video title", "audio title", "alias", "alias path", "source url path", "marker number", "body", "translation title",
	"translation summary", "translation body",
}

// hostileSite is the base site plus a site entry with every text field, a
// translation, a marker and a tour through them; field holds v, every
// other field a harmless value.
func hostileSite(t testing.TB, field, v string) map[string]string {
	val := func(f, def string) string {
		if f == field || field == allFields {
			switch f {
			case "alias path": // passes the alias check: a path on the site
				return yq("/" + strings.TrimSpace(v))
			case "source url path": // passes the URL check: an https address
				return yq("https://bao.example.vn/" + v)
			}
			return yq(v)
		}
		return yq(def)
	}
	files := baseSite()
	files["content/sites/hostile/index.vi.md"] = "---\n" +
		"id: XSS-1\n" +
		"title: " + val("title", "Đình thử") + "\n" +
		"summary: " + val("summary", "Một ngôi đình để thử.") + "\n" +
		"location: {lat: 10.5, lng: 106.5}\n" +
		"address: " + val("address", "Ấp 1") + "\n" +
		"province: " + val("province", "Đồng Nai") + "\n" +
		"district: " + val("district", "Nhơn Trạch") + "\n" +
		"category: history\n" +
		"tags: [" + val("tags", "đình") + ", kháng chiến]\n" +
		"sources:\n  - title: " + val("source title", "Báo Đồng Nai") + "\n    url: " + val("source url", "https://baodongnai.com.vn/") + "\n" +
		"  - title: Báo\n    url: " + val("source url path", "https://bao.example.vn/a") + "\n" +
		"photos:\n  - src: cong.png\n    alt: " + val("photo alt", "Cổng đình") + "\n    caption: " + val("photo caption", "Cổng") + "\n    credit: " + val("photo credit", "Đoàn xã") + "\n" +
		"videos:\n  - url: https://www.youtube.com/watch?v=dQw4w9WgXcQ\n    title: " + val("video title", "Phim tư liệu") + "\n" +
		"audio:\n  - src: guide.mp3\n    title: " + val("audio title", "Thuyết minh") + "\n" +
		"aliases: [" + val("alias", "/cu/dinh-thu/") + ", " + val("alias path", "/cu/dinh-thu-2/") + "]\n" +
		"updated: 2026-03-26\n" +
		"---\n" + hostileBody(field == "body" || field == allFields, v)
	files["content/sites/hostile/index.en.md"] = "---\n" +
		"title: " + val("translation title", "Test house") + "\n" +
		"summary: " + val("translation summary", "A house to test.") + "\n" +
		"---\n" + hostileBody(field == "translation body" || field == allFields, v)
	files["content/sites/hostile/cong.png"] = tinyPNG(t)
	files["content/sites/hostile/guide.mp3"] = testsite.MP3(20)
	files["content/markers/moc-thu/index.vi.md"] = "---\nid: XSS-M1\ntitle: Mốc thử\nsummary: Mốc.\n" +
		"location: {lat: 15.9, lng: 107.4}\nprovince: Quảng Nam\n" +
		"marker: {number: " + val("marker number", "700") + ", type: main, border: VN-LA, year: 2012}\n---\nMốc.\n"
	files["content/tours/tour-thu/index.vi.md"] = "---\nid: XSS-T1\ntitle: Tuyến thử\nsummary: Hai điểm.\nstops: [XSS-1, XSS-M1]\n---\nĐi.\n"
	return files
}

// hostileBody puts the vector everywhere Markdown takes text: a paragraph,
// a link's text and address, an image's text and address, a reference
// link, a table cell, a heading and a list.
func hostileBody(on bool, v string) string {
	if !on {
		return "Thân bài, gần [Đình Phú Mỹ](id:NT-002).\n"
	}
	one := strings.ReplaceAll(v, "\n", " ")
	return v + "\n\n" +
		"[" + one + "](<" + one + ">) [bấm](" + one + ")\n\n" +
		"![" + one + "](" + one + ")\n\n" +
		"[tham khảo][r]\n\n[r]: " + one + "\n\n" +
		"| a | b |\n|---|---|\n| " + one + " | x |\n\n" +
		"# " + one + "\n\n" +
		"- " + one + "\n\n" +
		"<" + one + ">\n\n" +
		"    " + one + "\n"
}

// renderHostile loads files and renders them even when the load found
// content errors (a build would refuse them: rendering anyway proves that
// escaping alone keeps the page safe). It reports whether Load refused.
func renderHostile(t *testing.T, files map[string]string) (mem *output.Memory, refused bool) {
	t.Helper()
	var diags diag.List
	m := Load(testsite.MapFS(files), LoadOptions{NoPlacards: true}, &diags)
	if m == nil {
		t.Fatalf("nothing to render:\n%s", diags.String())
	}
	mem = output.NewMemory()
	if _, err := m.Render(mem); err != nil && !diags.HasErrors() {
		t.Fatalf("render of accepted content failed: %v", err)
	}
	return mem, diags.HasErrors()
}

// assertNothingRuns checks every file of a built site.
func assertNothingRuns(t *testing.T, mem *output.Memory, want ...string) {
	t.Helper()
	names := mem.Names()
	for _, w := range want {
		if _, ok := mem.Get(w); !ok {
			t.Errorf("%s was not rendered", w)
		}
	}
	var problems []string
	for _, name := range names {
		data, _ := mem.Get(name)
		switch {
		case strings.HasSuffix(name, ".html"):
			problems = append(problems, unsafePage(name, data)...)
		case strings.HasSuffix(name, ".json"), strings.HasSuffix(name, ".geojson"), strings.HasSuffix(name, ".webmanifest"):
			if !json.Valid(data) {
				problems = append(problems, name+": not valid JSON")
			}
			// JSON written with < escaped stays inert even if a page
			// embeds it or a server sends it as HTML.
			if bytes.ContainsAny(data, "<>") {
				problems = append(problems, name+": holds a raw < or >")
			}
		case strings.HasSuffix(name, ".xml"):
			if err := wellFormedXML(data); err != nil {
				problems = append(problems, name+": "+err.Error())
			}
		case name == "robots.txt":
			for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				if l != "" && !strings.HasPrefix(l, "User-agent: ") && !strings.HasPrefix(l, "Allow: ") && !strings.HasPrefix(l, "Disallow: ") && !strings.HasPrefix(l, "Sitemap: https://") {
					problems = append(problems, "robots.txt: unexpected line "+l)
				}
			}
		}
	}
	sort.Strings(problems)
	for i, p := range problems {
		if i == 10 {
			t.Errorf("… and %d more", len(problems)-10)
			break
		}
		t.Error(p)
	}
}

func wellFormedXML(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "poster": true, "data": true,
	"background": true, "cite": true, "xlink:href": true, "data-embed": true, "longdesc": true, "manifest": true,
}

// ownURL reports whether a refresh target is one of the site's own pages.
func ownURL(u string) bool {
	return strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") && !strings.ContainsAny(u, "\\ <>\"'") && !strings.Contains(u, xssMarker)
}

// unsafePage parses a page as a browser would and lists what could run.
func unsafePage(name string, data []byte) []string {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return []string{name + ": " + err.Error()}
	}
	var out []string
	bad := func(format string, args ...any) { out = append(out, name+": "+fmt.Sprintf(format, args...)) }
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				k := strings.ToLower(a.Key)
				switch {
				case strings.HasPrefix(k, "on"):
					bad("<%s %s=%q>: event handler", n.Data, a.Key, a.Val)
				case k == "srcdoc":
					bad("<%s srcdoc>", n.Data)
				case k == "style" && (strings.Contains(strings.ToLower(a.Val), "expression") || strings.Contains(strings.ToLower(a.Val), "javascript") || strings.Contains(a.Val, xssMarker)):
					bad("<%s style=%q>", n.Data, a.Val)
				case urlAttrs[k] && htmlsafe.DangerousURL(a.Val):
					bad("<%s %s=%q>: script or data address", n.Data, a.Key, a.Val)
				case k == "srcset" || k == "imagesrcset":
					for _, c := range strings.Split(a.Val, ",") {
						if f := strings.Fields(c); len(f) > 0 && htmlsafe.DangerousURL(f[0]) {
							bad("<%s %s=%q>: script or data address", n.Data, a.Key, a.Val)
						}
					}
				}
			}
			switch n.DataAtom {
			case atom.Script:
				out = append(out, unsafeScript(name, n)...)
			case atom.Iframe, atom.Object, atom.Embed, atom.Base, atom.Frame, atom.Frameset, atom.Applet:
				bad("<%s> in a page (the theme has none)", n.Data)
			case atom.Form:
				if a := attr(n, "action"); a != "" && !ownURL(a) {
					bad("<form action=%q> sends to another site", a)
				}
			case atom.Style:
				if n.Parent == nil || n.Parent.DataAtom != atom.Head || strings.Contains(text(n), xssMarker) || strings.Contains(text(n), "@import") {
					bad("<style> that is not the theme's stylesheet")
				}
			case atom.Link:
				if htmlsafe.DangerousURL(attr(n, "href")) {
					bad("<link href=%q>", attr(n, "href"))
				}
			case atom.Meta:
				if strings.EqualFold(attr(n, "http-equiv"), "refresh") {
					_, u, _ := strings.Cut(attr(n, "content"), "url=")
					if !ownURL(u) {
						bad("<meta http-equiv=refresh content=%q> to another site", attr(n, "content"))
					}
				} else if attr(n, "http-equiv") != "" {
					bad("<meta http-equiv=%q>", attr(n, "http-equiv"))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(c.Data)
	}
	return b.String()
}

// unsafeScript tells the theme's scripts from an injected one. Data
// scripts (JSON-LD, map data) must parse as JSON: a vector that closed the
// element would leave broken JSON behind. Code must not hold the vector.
// External scripts may come only from the site itself or the pinned Leaflet
// addresses.
func unsafeScript(name string, n *html.Node) []string {
	body := text(n)
	switch typ := strings.ToLower(attr(n, "type")); typ {
	case "application/ld+json", "application/json":
		var v any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			return []string{fmt.Sprintf("%s: <script type=%s> is not JSON (%v): %.120s", name, typ, err, body)}
		}
		if m, ok := v.(map[string]any); ok {
			// Leaflet shows the map attribution as HTML.
			if a, ok := m["attr"].(string); ok {
				return unsafeFragment(name+" (map attribution)", a)
			}
		}
		return nil
	case "", "text/javascript", "module":
	default:
		return []string{fmt.Sprintf("%s: <script type=%q>", name, typ)}
	}
	if src := attr(n, "src"); src != "" {
		if !(ownURL(src) || strings.HasPrefix(src, "https://unpkg.com/leaflet")) {
			return []string{fmt.Sprintf("%s: <script src=%q>", name, src)}
		}
		return nil
	}
	for _, bad := range []string{xssMarker, "alert(", "fromCharCode", "msgbox"} {
		if strings.Contains(body, bad) {
			return []string{fmt.Sprintf("%s: injected script: %.160s", name, body)}
		}
	}
	return nil
}

// unsafeFragment checks HTML that a script inserts into the page.
func unsafeFragment(name, s string) []string {
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return []string{name + ": " + err.Error()}
	}
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.DataAtom != atom.A {
				out = append(out, fmt.Sprintf("%s: <%s>", name, n.Data))
			}
			for _, a := range n.Attr {
				if a.Key != "href" || !strings.HasPrefix(a.Val, "https://") {
					out = append(out, fmt.Sprintf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return out
}

// hostilePages are the pages that show the hostile entry, in every form.
var hostilePages = []string{
	"vi/sites/hostile/index.html", "en/sites/hostile/index.html", "vi/index.html", "en/index.html",
	"vi/sites/index.html", "vi/tours/tour-thu/index.html", "en/tours/tour-thu/index.html",
	"vi/markers/moc-thu/index.html", "p/XSS-1/index.html", "p/XSS-M1/index.html", "entries.geojson", "sitemap.xml",
}

// forEachVector runs f for every vector, two at a time.
func forEachVector(t *testing.T, f func(t *testing.T, v string)) {
	for i, v := range xssVectors(t) {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			f(t, v)
		})
	}
}

// allFields fills every field of the entry with the vector at once.
const allFields = "*"

// TestHostileEntryFields fills each field in turn with each vector: about
// 1,100 renders, a minute and a half. Under the race detector or -short,
// where that would take ten times as long, every field holds the vector at
// once instead (one render per vector), which checks the same escaping.
func TestHostileEntryFields(t *testing.T) {
	fields := entryFields
	if testing.Short() || raceEnabled {
		t.Log("every field at once (-short or -race): run without them to fill each field in turn")
		fields = []string{allFields}
	}
	var mu sync.Mutex
	refused := map[string]int{}
	for _, field := range fields {
		t.Run(strings.ReplaceAll(field, " ", "_"), func(t *testing.T) {
			forEachVector(t, func(t *testing.T, v string) {
				mem, r := renderHostile(t, hostileSite(t, field, v))
				if r {
					mu.Lock()
					refused[field]++
					mu.Unlock()
				}
				want := hostilePages
				if (field == "alias" || field == allFields) && !r {
					want = append(want, "cu/dinh-thu/index.html")
				}
				assertNothingRuns(t, mem, want...)
			})
		})
	}
	t.Logf("vectors refused as content errors, by field (the rest built; all were rendered and checked): %v", refused)
}

func TestHostileSiteSettings(t *testing.T) {
	settings := []struct {
		name string
		yaml func(v string) string
	}{
		{"language title", func(v string) string {
			return "languages:\n  - {code: vi, name: Tiếng Việt, title: " + yq(v) + "}\n  - {code: en, name: English, title: Red}\n"
		}},
		{"language name", func(v string) string {
			return "languages:\n  - {code: vi, name: Tiếng Việt, title: Đỏ}\n  - {code: en, name: " + yq(v) + ", title: Red}\n"
		}},
		{"organization", func(v string) string {
			return "languages:\n  - {code: vi, name: Tiếng Việt, title: Đỏ}\n  - {code: en, name: English, title: Red}\norganization: " + yq(v) + "\n"
		}},
		{"description", func(v string) string {
			return "languages:\n  - {code: vi, name: Tiếng Việt, title: Đỏ}\n  - {code: en, name: English, title: Red}\ndescription: {vi: " + yq(v) + ", en: " + yq(v) + "}\n"
		}},
		{"map attribution", func(v string) string {
			return "languages:\n  - {code: vi, name: Tiếng Việt, title: Đỏ}\n  - {code: en, name: English, title: Red}\nmap: {attribution: " + yq(v) + "}\n"
		}},
		{"map attribution with tiles", func(v string) string {
			return "languages:\n  - {code: vi, name: Tiếng Việt, title: Đỏ}\n  - {code: en, name: English, title: Red}\nmap: {tiles: \"https://tiles.example/{z}/{x}/{y}.png\", attribution: " + yq(v+" OpenStreetMap") + "}\n"
		}},
	}
	for _, s := range settings {
		t.Run(strings.ReplaceAll(s.name, " ", "_"), func(t *testing.T) {
			forEachVector(t, func(t *testing.T, v string) {
				files := baseSite()
				files["site.yaml"] = "baseURL: https://guide.example.vn/\n" + s.yaml(v)
				mem, _ := renderHostile(t, files)
				assertNothingRuns(t, mem, "index.html", "vi/index.html", "en/sites/dia-dao-nhon-trach/index.html", "p/NT-001/index.html", "404.html")
			})
		})
	}
}

// TestHostileInterfaceStrings overrides every interface string of the
// theme, in both languages, with the vector (a site's i18n/<lang>.yaml is
// written by translators, not programmers).
func TestHostileInterfaceStrings(t *testing.T) {
	keys := themeKeys(t)
	forEachVector(t, func(t *testing.T, v string) {
		files := baseSite()
		for _, lang := range []string{"vi", "en"} {
			var b strings.Builder
			for _, k := range keys {
				b.WriteString(k + ": " + yq(v+" "+k) + "\n")
			}
			files["i18n/"+lang+".yaml"] = b.String()
		}
		files["content/sites/dinh-phu-my/index.vi.md"] = strings.Replace(files["content/sites/dinh-phu-my/index.vi.md"],
			"rank: provincial\n", "rank: provincial\nvideos:\n  - url: https://www.youtube.com/watch?v=dQw4w9WgXcQ\n    title: Phim\nupdated: 2026-01-02\n", 1)
		files["content/sites/dinh-phu-my/index.vi.md"] += "\nhttps://vimeo.com/76979871\n"
		mem, _ := renderHostile(t, files)
		assertNothingRuns(t, mem, "index.html", "vi/index.html", "en/sites/dia-dao-nhon-trach/index.html", "vi/sites/dinh-phu-my/index.html", "p/NT-001/index.html", "404.html")
	})
}

func themeKeys(t *testing.T) []string {
	t.Helper()
	b, err := fs.ReadFile(themes.Default(), "i18n/vi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) < 20 {
		t.Fatalf("only %d theme strings", len(keys))
	}
	return keys
}

// TestHostileCheckerCatchesInjection makes sure the checks above can fail:
// a page with each kind of injection is reported.
func TestHostileCheckerCatchesInjection(t *testing.T) {
	for _, page := range []string{
		`<p><script>alert('XSS')</script></p>`,
		`<img src=x onerror=alert(1)>`,
		`<a href="jav&#x09;ascript:alert(1)">x</a>`,
		`<a href=" &#14; javascript:alert(1)">x</a>`,
		`<iframe src="/x"></iframe>`,
		`<object data="/x"></object>`,
		`<base href="/">`,
		`<meta http-equiv="refresh" content="0; url=https://evil.example/">`,
		`<script type="application/ld+json">{"name":"</script><script>alert('XSS')</script>"}</script>`,
		`<video poster="javascript:alert(1)"></video>`,
		`<img srcset="/a.jpg 1x, javascript:alert(1) 2x">`,
		`<div style="width: expression(alert('XSS'))"></div>`,
		`<script src="https://evil.example/x.js"></script>`,
		`<script type="application/json" class="map-data">{"attr":"<img src=x onerror=alert(1)>"}</script>`,
	} {
		if len(unsafePage("t.html", []byte("<!DOCTYPE html><html><head></head><body>"+page+"</body></html>"))) == 0 {
			t.Errorf("not caught: %s", page)
		}
	}
	// And the theme's own pages pass.
	mem := buildMem(t, baseSite())
	assertNothingRuns(t, mem)
}
