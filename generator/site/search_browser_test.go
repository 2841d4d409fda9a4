package site

import (
	"fmt"
	"mime"
	"net/http"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/internal/browsertest"
)

// memHost serves a site rendered into memory the way a static host does
// and records every path asked for.
type memHost struct {
	mem  *output.Memory
	mu   sync.Mutex
	asks []string
}

func (h *memHost) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	h.mu.Lock()
	h.asks = append(h.asks, name)
	h.mu.Unlock()
	b, ok := h.mem.Get(name)
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	w.Write(b)
}

// take returns the search files asked for since the last take (the
// browser may ask for the page's icon at any time).
func (h *memHost) take() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var a []string
	for _, name := range h.asks {
		if strings.Contains(name, "/search/") && !strings.HasSuffix(name, ".html") {
			a = append(a, name)
		}
	}
	h.asks = nil
	return a
}

// results reads the titles of the listed results, best first.
func results(t *testing.T, b *browsertest.Browser) []string {
	t.Helper()
	var titles []string
	b.Run(t, chromedp.Evaluate(`Array.prototype.map.call(document.querySelectorAll("#search-results .card-title"), function(a){return a.textContent})`, &titles))
	return titles
}

// searchSite is fakeSite with two titles holding "Đảo" with its tone mark,
// among many holding "đạo".
func searchSite(n int) map[string]string {
	files := fakeSite(n)
	for i, title := range []string{"Đảo Cồn Cỏ", "Ngọn hải đăng đảo Lý Sơn"} {
		files[fmt.Sprintf("content/sites/dao-%d/index.vi.md", i)] = fmt.Sprintf(
			"---\nid: NT-D%d\ntitle: %s\nsummary: Một hòn đảo.\nlocation: {lat: 16, lng: 107}\nprovince: Quảng Trị\ndistrict: Gio Linh\ncategory: history\nrank: national\n---\nĐảo.\n", i, title)
	}
	return files
}

// searchBrowser serves mem, opens lang's search page in a phone-sized
// Chromium and returns a search function: it types q into the page and
// waits for its answer, returning the titles listed, best first.
func searchBrowser(t *testing.T, mem *output.Memory, lang string) (*browsertest.Browser, *memHost, string, func(q string) []string) {
	t.Helper()
	host := &memHost{mem: mem}
	base := browsertest.ServeHandler(t, host)
	b := browsertest.New(t) // closed before the server, which then has no open connection

	b.Run(t, browsertest.Phone(), chromedp.Navigate(base+lang+"/search/"), chromedp.WaitVisible(`#q`, chromedp.ByQuery))
	host.take()
	search := func(q string) []string {
		t.Helper()
		b.Run(t, chromedp.Evaluate(`document.getElementById("q").value = ""`, nil),
			chromedp.Click(`#q`, chromedp.ByQuery),
			chromedp.SendKeys(`#q`, q, chromedp.ByQuery))
		if err := b.Until(`(function(){var s=document.getElementById("search-status").textContent;`+
			`return s!=="" && s!==document.getElementById("search-results").dataset.loading && `+
			`location.search==="?q="+encodeURIComponent(document.getElementById("q").value.trim())})()`, 20*time.Second, 50*time.Millisecond); err != nil {
			t.Fatalf("%q: no answer: %v", q, err)
		}
		return results(t, b)
	}
	return b, host, base, search
}

// sameRanking checks that search.js ranked the last query q as
// searchIndex.plan does.
func sameRanking(t *testing.T, b *browsertest.Browser, ix *searchIndex, q string) {
	t.Helper()
	var found [][2]int
	b.Run(t, chromedp.Evaluate(`window.diachido.found`, &found))
	var coarse [][2]int
	pl := ix.plan(q)
	for i, d := range pl.Top {
		coarse = append(coarse, [2]int{pl.Scores[i], d})
	}
	if g, w := fmt.Sprint(found), fmt.Sprint(coarse); g != w {
		t.Errorf("%q: search.js ranks %s, the plan %s", q, g, w)
	}
}

// The acceptance test of sharded search in Chromium, on a site of 2,000
// entries: "dia dao" lists the titles with "Địa đạo" first, the same as
// "địa đạo"; "đảo" ranks the titles with "đảo" above those with "đạo";
// what the page fetched is exactly the files searchIndex.plan predicts,
// within the budget gzipped; without scripts the page links the provinces.
func TestSearchFetchesOnlyWhatThePlanSays(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 2,000 entries")
	}
	m := loadMem(t, searchSite(2000))
	mem := output.NewMemory()
	if _, err := m.Render(mem); err != nil {
		t.Fatal(err)
	}
	docs := m.searchDocs("vi")
	ix := buildSearchIndex(docs)
	b, host, base, search := searchBrowser(t, mem, "vi")
	got := search("dia dao")
	asked := host.take()
	pl := ix.plan("dia dao")
	want := []string{"vi/search/meta.json"}
	for _, s := range pl.Shards {
		want = append(want, fmt.Sprintf("vi/search/w/%d.json", s))
	}
	for _, c := range pl.Chunks {
		want = append(want, fmt.Sprintf("vi/search/d/%d.json", c))
	}
	sort.Strings(asked)
	sort.Strings(want)
	if g, w := strings.Join(asked, " "), strings.Join(want, " "); g != w {
		t.Errorf("\"dia dao\" fetched\n %s\nthe plan says\n %s", g, w)
	}
	total := 0
	for _, name := range asked {
		data, _ := mem.Get(name)
		total += gzipSize(data)
	}
	t.Logf("\"dia dao\" on %d entries: %d results, %d files, %d bytes gzipped", len(docs), pl.Count, len(asked), total)
	if total > searchBudget {
		t.Errorf("\"dia dao\" fetched %d bytes gzipped, over %d", total, searchBudget)
	}
	// search.js ranks as the plan does.
	sameRanking := func(q string) { t.Helper(); sameRanking(t, b, ix, q) }
	sameRanking("dia dao")
	phrases := 0
	for _, d := range docs {
		if strings.HasPrefix(d.Title, "Địa đạo") {
			phrases++
		}
	}
	if len(got) != searchPage || phrases < 10 {
		t.Fatalf("\"dia dao\" lists %d results (%d titles with Địa đạo)", len(got), phrases)
	}
	for i, title := range got[:min(phrases, len(got))] {
		if !strings.HasPrefix(title, "Địa đạo") {
			t.Errorf("\"dia dao\": result %d is %q, before titles with Địa đạo", i+1, title)
		}
	}
	var status string
	b.Run(t, chromedp.Text(`#search-status`, &status, chromedp.ByQuery))
	if status != fmt.Sprintf("%d kết quả", pl.Count) {
		t.Errorf("the status says %q, the plan finds %d", status, pl.Count)
	}
	zoomShot(t, b, "search-scale-dia-dao")

	// Tone marks do not matter: the same list, and nothing fetched again
	// but the fragments not seen yet (none: the same results).
	if toned := search("địa đạo"); fmt.Sprint(toned) != fmt.Sprint(got) {
		t.Errorf("\"địa đạo\" lists\n %q\n\"dia dao\"\n %q", toned, got)
	}
	if again := host.take(); len(again) != 0 {
		t.Errorf("\"địa đạo\" after \"dia dao\" fetched %v again", again)
	}
	// "đảo" as typed: the titles with "đảo" before those with "đạo".
	dao := search("đảo")
	if len(dao) < 3 || dao[0] != "Đảo Cồn Cỏ" || dao[1] != "Ngọn hải đăng đảo Lý Sơn" || !strings.Contains(dao[2], "đạo") {
		t.Errorf("\"đảo\" lists %q", dao[:min(3, len(dao))])
	}
	sameRanking("đảo")
	for _, q := range []string{"quang nam dia", "NT-0012", "Địa đạo phước", "kháng chiến chống mỹ", "dinh lang"} {
		search(q)
		sameRanking(q)
	}
	// A last word shorter than its words' shards asks for one more letter.
	short := false
	for _, k := range ix.meta.Keys {
		short = short || len(k) > 1 && k[0] == 'd'
	}
	if !short {
		t.Fatal(`the test wants a site whose "d" words fill more than one shard`)
	}
	if got := search("dia d"); len(got) != 0 {
		t.Errorf(`"dia d" lists %q`, got)
	}
	b.Run(t, chromedp.Text(`#search-status`, &status, chromedp.ByQuery))
	if status != "Gõ thêm một chữ cái nữa để tìm." {
		t.Errorf(`"dia d" says %q`, status)
	}
	// A word that is also a property of every JavaScript object.
	if got := search("constructor"); len(got) != 0 {
		t.Errorf(`"constructor" lists %q`, got)
	}
	b.Run(t, chromedp.Text(`#search-status`, &status, chromedp.ByQuery))
	if status != "Không tìm thấy kết quả cho “constructor”." {
		t.Errorf(`"constructor" says %q`, status)
	}
	search("đảo")
	host.take()

	// "More" lists the next page, fetching only its fragments.
	b.Run(t, chromedp.Click(`.search-more`, chromedp.ByQuery))
	if err := b.Until(`document.querySelectorAll("#search-results li").length > 20`, 10*time.Second, 50*time.Millisecond); err != nil {
		t.Fatalf("\"more\" listed nothing: %v", err)
	}
	for _, a := range host.take() {
		if !strings.HasPrefix(a, "vi/search/d/") {
			t.Errorf("\"more\" fetched %s", a)
		}
	}
	b.Run(t, chromedp.ScrollIntoView(`.search-more`, chromedp.ByQuery))
	zoomShot(t, b, "search-scale-more")
	// All listed: no "more".
	if one := search("Đảo Cồn Cỏ"); len(one) == 0 || one[0] != "Đảo Cồn Cỏ" {
		t.Errorf("\"Đảo Cồn Cỏ\" lists %q", one)
	}
	var shown bool
	b.Run(t, chromedp.Evaluate(`document.querySelector(".search-more").offsetParent !== null`, &shown))
	if n := len(results(t, b)); shown && n < searchPage {
		t.Errorf("\"more\" shows under %d results", n)
	}

	// Without scripts: the lists and the provinces.
	var links int
	b.Run(t, chromedp.Navigate("about:blank"), emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(base+"vi/search/?q=dia+dao"),
		chromedp.Evaluate(`document.querySelectorAll('main a[href="/vi/provinces/"], main a[href="/vi/sites/"]').length`, &links))
	if links != 2 {
		t.Errorf("without scripts the search page has %d of the links to the sites and provinces lists", links)
	}
	zoomShot(t, b, "search-scale-noscript")
	if out := b.Outside(); len(out) > 0 {
		t.Errorf("search asked other hosts: %v", out)
	}
}

// Lao in Chromium: a guide to the Vietnam–Laos border in vi and lo, 300
// entries, a few with Lao titles. A Lao query, typed as a visitor types
// it, lists the titles holding it first, fetches what the plan says and
// ranks as the plan does; a Lao word's beginning finds it too.
func TestSearchFindsLaoTitles(t *testing.T) {
	files := fakeSite(300)
	files["site.yaml"] = "baseURL: https://guide.example.vn/\nlanguages:\n  - code: vi\n    name: Tiếng Việt\n    title: Thử\n  - code: lo\n    name: ພາສາລາວ\n    title: ທົດລອງ\n"
	lao := []string{"ຫຼັກໝາຍ ເລກ 657", "ຫຼັກໝາຍ ຊາຍແດນ ເຊກອງ", "ວັດ ຫຼັກໝາຍ ບ້ານ ດາກຈຶງ", "ວັດ ພູ"}
	for i, title := range lao {
		dir := fmt.Sprintf("content/markers/lao-%d/", i)
		files[dir+"index.vi.md"] = fmt.Sprintf("---\nid: NT-L%d\ntitle: Cột mốc %d\nsummary: Một cột mốc.\nlocation: {lat: 15.4, lng: 107.5}\nprovince: Quảng Nam\nmarker: {number: \"%d\", type: main, border: VN-LA}\n---\nMốc.\n", i, 700+i, 700+i)
		files[dir+"index.lo.md"] = fmt.Sprintf("---\ntitle: %s\nsummary: ຫຼັກໝາຍ ຊາຍແດນ ລາວ ຫວຽດນາມ.\n---\nຂໍ້ຄວາມ.\n", title)
	}
	m := loadMem(t, files)
	mem := output.NewMemory()
	if _, err := m.Render(mem); err != nil {
		t.Fatal(err)
	}
	ix := buildSearchIndex(m.searchDocs("lo"))
	b, host, _, search := searchBrowser(t, mem, "lo")

	for _, c := range []struct {
		q     string
		first []string // the titles listed first, in this order
	}{
		{"ຫຼັກໝາຍ", []string{"ຫຼັກໝາຍ ເລກ 657", "ຫຼັກໝາຍ ຊາຍແດນ ເຊກອງ", "ວັດ ຫຼັກໝາຍ ບ້ານ ດາກຈຶງ"}},
		{"ວັດ", []string{"ວັດ ຫຼັກໝາຍ ບ້ານ ດາກຈຶງ", "ວັດ ພູ"}},
		{"ຫຼັກ", []string{"ຫຼັກໝາຍ ເລກ 657", "ຫຼັກໝາຍ ຊາຍແດນ ເຊກອງ", "ວັດ ຫຼັກໝາຍ ບ້ານ ດາກຈຶງ"}},
	} {
		got := search(c.q)
		if len(got) < len(c.first) || fmt.Sprint(got[:len(c.first)]) != fmt.Sprint(c.first) {
			t.Errorf("%q lists %q, want first %q", c.q, got, c.first)
		}
		sameRanking(t, b, ix, c.q)
		asked := host.take()
		pl := ix.plan(c.q)
		want := []string{"lo/search/meta.json"}
		for _, s := range pl.Shards {
			want = append(want, fmt.Sprintf("lo/search/w/%d.json", s))
		}
		for _, ch := range pl.Chunks {
			want = append(want, fmt.Sprintf("lo/search/d/%d.json", ch))
		}
		for _, a := range asked {
			if !slices.Contains(want, a) {
				t.Errorf("%q fetched %s, which the plan does not name (%v)", c.q, a, want)
			}
		}
	}
	zoomShot(t, b, "search-lao")
}
