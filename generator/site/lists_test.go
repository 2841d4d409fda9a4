package site

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/internal/testsite"
)

// bigSite is a site of n sites, a marker for every tenth of them and two
// tours, in vi and en: 60% of the sites in Tỉnh Bắc Giang, 30% in Tỉnh Đắk
// Lắk, the rest in Tỉnh Cà Mau but one, which names no province; five
// districts each. Titles are words from a small vocabulary and a number,
// as gencorpus makes them. It returns the files and the number of sites
// and markers of each province.
func bigSite(n int) (map[string]string, map[string][2]int) {
	files := map[string]string{
		"site.yaml": "baseURL: https://guide.example.vn/\nlanguages:\n  - {code: vi, name: Tiếng Việt, title: Địa chỉ đỏ}\n  - {code: en, name: English, title: Red Addresses}\norganization: Tỉnh đoàn\nidPrefix: BG\n",
	}
	words := []string{"đình", "chùa", "địa đạo", "căn cứ", "đền", "miếu", "bia", "nhà", "làng", "rừng", "núi", "Ấp"}
	counts := map[string][2]int{}
	for i := 1; i <= n; i++ {
		prov := "Tỉnh Bắc Giang"
		switch {
		case i == 7:
			prov = ""
		case i%10 >= 9:
			prov = "Tỉnh Cà Mau"
		case i%10 >= 6:
			prov = "Tỉnh Đắk Lắk"
		}
		kind, slug, k := "sites", fmt.Sprintf("di-tich-%04d", i), 0
		extra := "category: history\nrank: provincial\n"
		if i%10 == 5 {
			kind, slug, k = "markers", fmt.Sprintf("cot-moc-%04d", i), 1
			extra = fmt.Sprintf("marker: {number: \"%d\", type: main, border: VN-LA}\n", i)
		}
		c := counts[prov]
		c[k]++
		counts[prov] = c
		title := words[(i*7)%len(words)] + " " + words[(i*3)%len(words)] + fmt.Sprintf(" %d", i)
		front := fmt.Sprintf("---\nid: BG-%04d\ntitle: %s\nsummary: Một địa chỉ đỏ số %d.\nlocation: {lat: %.4f, lng: %.4f}\n", i, title, i, 10+float64(i%500)/100, 105+float64(i%300)/100)
		if prov != "" {
			front += fmt.Sprintf("province: %s\ndistrict: Huyện %d\n", prov, i%5+1)
		}
		files["content/"+kind+"/"+slug+"/index.vi.md"] = front + extra + "---\nNội dung.\n"
		if i%2 == 0 {
			files["content/"+kind+"/"+slug+"/index.en.md"] = fmt.Sprintf("---\ntitle: Place %d\nsummary: A red address.\n---\nText.\n", i)
		}
	}
	for t := 1; t <= 2; t++ {
		files[fmt.Sprintf("content/tours/tuyen-%d/index.vi.md", t)] = fmt.Sprintf("---\nid: BG-T%d\ntitle: Hành trình %d\nsummary: Hai điểm.\nstops: [BG-0001, BG-0002]\n---\nĐi.\n", t, t)
	}
	return files, counts
}

var (
	cardRe = regexp.MustCompile(`class="card-title" href="`)
	hrefRe = regexp.MustCompile(`<a [^>]*href="([^"#]*)[^"]*"`)
)

func TestALargeSiteListsProvincesAndPagesOfAtMost200(t *testing.T) {
	files, counts := bigSite(520)
	mem := buildMem(t, files)

	home := page(t, mem, "vi/index.html")
	if n := len(cardRe.FindAllString(home, -1)); n != 2 {
		t.Errorf("a large site's home page shows %d cards, want only the 2 tours", n)
	}
	bg := counts["Tỉnh Bắc Giang"]
	for _, want := range []string{
		`<a href="/vi/provinces/tinh-bac-giang/">Tỉnh Bắc Giang</a> <span class="count">` + fmt.Sprintf("%d di tích, %d cột mốc", bg[0], bg[1]),
		`<a href="/vi/provinces/khac/">Chưa rõ tỉnh</a> <span class="count">1 di tích</span>`,
		`<a href="/vi/sites/">Di tích</a> <span class="count">` + fmt.Sprintf("%d mục", 520-52),
	} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	// The provinces in Vietnamese order (Đ after D), the one of entries
	// with no province last.
	if i, j, k := strings.Index(home, "Tỉnh Cà Mau<"), strings.Index(home, "Tỉnh Đắk Lắk<"), strings.Index(home, "Chưa rõ tỉnh<"); !(strings.Index(home, "Tỉnh Bắc Giang<") < i && i < j && j < k) {
		t.Errorf("provinces out of order on the home page")
	}
	if en := page(t, mem, "en/index.html"); !strings.Contains(en, `<a href="/en/provinces/tinh-bac-giang/">Tỉnh Bắc Giang</a> <span class="count">`+fmt.Sprintf("%d relic sites, %d border markers", bg[0], bg[1])) {
		t.Error("the English home page lacks the province's counts in English")
	}

	// Tỉnh Bắc Giang has 312 entries: two pages.
	p1 := page(t, mem, "vi/provinces/tinh-bac-giang/index.html")
	p2 := page(t, mem, "vi/provinces/tinh-bac-giang/page/2/index.html")
	if _, ok := mem.Get("vi/provinces/tinh-bac-giang/page/3/index.html"); ok {
		t.Error("a province of 312 entries has a third page")
	}
	if n1, n2 := len(cardRe.FindAllString(p1, -1)), len(cardRe.FindAllString(p2, -1)); n1 != 200 || n1+n2 != bg[0]+bg[1] {
		t.Errorf("province pages show %d + %d entries, want 200 + %d", n1, n2, bg[0]+bg[1]-200)
	}
	for _, want := range []string{
		`<link rel="next" href="https://guide.example.vn/vi/provinces/tinh-bac-giang/page/2/">`,
		`<link rel="canonical" href="https://guide.example.vn/vi/provinces/tinh-bac-giang/">`,
		`<span class="pager-current" aria-current="page">1</span>`,
		`<a href="/vi/provinces/tinh-bac-giang/page/2/">2</a>`,
		`<h2 id="d-huyen-1">Huyện 1 <span class="count">`,
		`<a href="/vi/provinces/tinh-bac-giang/page/2/#d-huyen-5">Huyện 5</a>`,
		`<title>Tỉnh Bắc Giang · Địa chỉ đỏ</title>`,
		`data-offline="/vi/offline/sites-tinh-bac-giang.json"`,
		// Its two buttons, side by side, say what each saves.
		`data-offline="/vi/offline/sites-tinh-bac-giang.json" aria-label="Lưu di tích để xem ngoại tuyến: Di tích — Tỉnh Bắc Giang">Lưu di tích để xem ngoại tuyến</button>`,
		`data-offline="/vi/offline/markers-tinh-bac-giang.json" aria-label="Lưu cột mốc để xem ngoại tuyến: Cột mốc biên giới — Tỉnh Bắc Giang">Lưu cột mốc để xem ngoại tuyến</button>`,
	} {
		if !strings.Contains(p1, want) {
			t.Errorf("province page 1 lacks %q", want)
		}
	}
	for _, want := range []string{
		`<link rel="prev" href="https://guide.example.vn/vi/provinces/tinh-bac-giang/">`,
		`<link rel="canonical" href="https://guide.example.vn/vi/provinces/tinh-bac-giang/page/2/">`,
		`<link rel="alternate" hreflang="en" href="https://guide.example.vn/en/provinces/tinh-bac-giang/page/2/">`,
		`<span class="pager-current" aria-current="page">2</span>`,
		`<title>Tỉnh Bắc Giang — trang 2 · Địa chỉ đỏ</title>`,
		`(tiếp) <span class="count">`,
	} {
		if !strings.Contains(p2, want) {
			t.Errorf("province page 2 lacks %q", want)
		}
	}
	if strings.Contains(p2, "rel=\"next\"") {
		t.Error("the last page has a rel=next")
	}

	// The list of sites: 468 entries, three pages, cut by province.
	s1 := page(t, mem, "vi/sites/index.html")
	s3 := page(t, mem, "vi/sites/page/3/index.html")
	if n := len(cardRe.FindAllString(s1, -1)); n != 200 {
		t.Errorf("the first page of sites shows %d entries", n)
	}
	if !strings.Contains(s1, `<a href="/vi/provinces/tinh-ca-mau/">Tỉnh Cà Mau</a> <span class="count">`) {
		t.Error("the first page of a long list of sites lacks the province pages")
	}
	if !strings.Contains(s3, `<title>Di tích — trang 3 · Địa chỉ đỏ</title>`) || !strings.Contains(s3, `<link rel="prev" href="https://guide.example.vn/vi/sites/page/2/">`) {
		t.Error("page 3 of sites lacks its title or rel=prev")
	}
	if !strings.Contains(page(t, mem, "vi/sites/page/2/index.html"), `(tiếp)</h2>`) {
		t.Error("page 2 of sites does not say its first province goes on from page 1")
	}

	// The placards' list: 520 rows, three pages of at most 200.
	pl3 := page(t, mem, "en/placards/page/3/index.html")
	if n := strings.Count(pl3, `<td class="id">`); n != 520-400 {
		t.Errorf("the placards' page 3 has %d rows, want 120", n)
	}
	if !strings.Contains(pl3, `<link rel="prev" href="https://guide.example.vn/en/placards/page/2/">`) || !strings.Contains(pl3, `<span class="pager-current" aria-current="page">3</span>`) {
		t.Error("the placards' page 3 lacks its pager")
	}

	// Every entry page of every language is reached from /vi/ by links.
	seen := crawl(t, mem, "vi/index.html")
	for _, name := range mem.Names() {
		if (strings.Contains(name, "/sites/") || strings.Contains(name, "/markers/")) && strings.Count(name, "/") == 3 && !strings.Contains(name, "/page/") && !seen[name] {
			t.Errorf("%s is not reached from /vi/ through links", name)
		}
	}
}

// crawl follows <a href> links between HTML pages from start, as a
// visitor would, and returns the files it reached.
func crawl(t *testing.T, mem *output.Memory, start string) map[string]bool {
	t.Helper()
	seen := map[string]bool{start: true}
	queue := []string{start}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		b, _ := mem.Get(name)
		for _, m := range hrefRe.FindAllStringSubmatch(string(b), -1) {
			u, err := url.Parse(m[1])
			if err != nil || u.Host != "" || !strings.HasPrefix(u.Path, "/") || !strings.HasSuffix(u.Path, "/") {
				continue
			}
			next := strings.TrimPrefix(u.Path, "/") + "index.html"
			if _, ok := mem.Get(next); ok && !seen[next] {
				seen[next] = true
				queue = append(queue, next)
			}
		}
	}
	return seen
}

// No list page grows with the site: doubling the entries leaves the
// largest HTML page about the same size, far under 300 KB.
func TestListPagesDoNotGrowWithTheSite(t *testing.T) {
	largest := func(n int) (string, int) {
		files, _ := bigSite(n)
		mem := buildMem(t, files)
		name, max := "", 0
		for _, f := range mem.Names() {
			b, _ := mem.Get(f)
			// The map page is the map's own (issue 17's maps that scale).
			if strings.HasSuffix(f, ".html") && !strings.Contains(f, "/map/") && len(b) > max {
				name, max = f, len(b)
			}
		}
		return name, max
	}
	n1, a := largest(450)
	n2, b := largest(900)
	t.Logf("largest page: %s %d bytes at 450 entries, %s %d at 900", n1, a, n2, b)
	if b > 300<<10 {
		t.Errorf("%s is %d bytes, over 300 KB", n2, b)
	}
	if float64(b) > 1.1*float64(a) {
		t.Errorf("the largest page grew from %d to %d bytes when the site doubled", a, b)
	}
}

// A small site keeps one list per kind and its home page lists every
// entry, with each province heading linking the province's page.
func TestASmallSiteKeepsItsSingleLists(t *testing.T) {
	mem := buildMem(t, baseSite())
	for _, name := range mem.Names() {
		if strings.Contains(name, "/page/") {
			t.Errorf("a small site has %s", name)
		}
	}
	home := page(t, mem, "vi/index.html")
	if n := len(cardRe.FindAllString(home, -1)); n != 4 {
		t.Errorf("the small home page shows %d cards, want every entry (4)", n)
	}
	if !strings.Contains(home, `<h3><a href="/vi/provinces/dong-nai/">Đồng Nai</a></h3>`) {
		t.Error("the province heading does not link its page")
	}
	prov := page(t, mem, "en/provinces/dong-nai/index.html")
	for _, want := range []string{"Nhon Trach Tunnels", `<p class="count">2 relic sites</p>`, `data-offline="/en/offline/sites-dong-nai.json"`} {
		if !strings.Contains(prov, want) {
			t.Errorf("the province page lacks %q", want)
		}
	}
	if strings.Contains(prov, `class="pager"`) || strings.Contains(prov, `rel="next"`) {
		t.Error("a province page of one page has a pager")
	}
	if !strings.Contains(page(t, mem, "vi/provinces/index.html"), `<a href="/vi/provinces/quang-nam/">Quảng Nam</a> <span class="count">1 cột mốc</span>`) {
		t.Error("the provinces page lacks Quảng Nam's count")
	}
}

func TestPagerWindow(t *testing.T) {
	for _, c := range []struct {
		n, pages int
		want     string
	}{
		{1, 1, "[1]"},
		{1, 3, "[1 2 3]"},
		{5, 40, "[1 2 3 4 5 6 7 0 40]"},
		{6, 40, "[1 0 4 5 6 7 8 0 40]"},
		{4, 40, "[1 2 3 4 5 6 0 40]"},
		{40, 40, "[1 0 38 39 40]"},
		{1, 9, "[1 2 3 0 9]"},
	} {
		if got := fmt.Sprint(pagerWindow(c.n, c.pages)); got != c.want {
			t.Errorf("pagerWindow(%d, %d) = %s, want %s", c.n, c.pages, got, c.want)
		}
	}
}

// Two builds of a site whose lists have several pages are the same bytes.
func TestTwoBuildsOfALargeSiteAreByteIdentical(t *testing.T) {
	files, _ := bigSite(450)
	a, b := buildMem(t, files), buildMem(t, files)
	if len(a.Names()) != len(b.Names()) {
		t.Fatalf("file lists differ: %d vs %d", len(a.Names()), len(b.Names()))
	}
	for _, n := range a.Names() {
		x, _ := a.Get(n)
		if y, ok := b.Get(n); !ok || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", n)
		}
	}
}

// Any layout can link the provinces page ({{.ProvincesURL}}); a site
// where no site or marker names a province has none.
func TestPagesKnowTheProvincesPage(t *testing.T) {
	m := loadMem(t, baseSite())
	if got := m.page("en", "search", "en/search/").ProvincesURL(); got != "/en/provinces/" {
		t.Errorf("ProvincesURL = %q", got)
	}
	files := baseSite()
	for name, text := range files {
		files[name] = strings.NewReplacer("province: Đồng Nai\n", "", "province: Quảng Nam\n", "").Replace(text)
	}
	mem := buildMem(t, files)
	if got := loadMem(t, files).page("vi", "search", "vi/search/").ProvincesURL(); got != "" {
		t.Errorf("without provinces, ProvincesURL = %q", got)
	}
	for _, name := range mem.Names() {
		if strings.Contains(name, "provinces/") {
			t.Errorf("a site without provinces has %s", name)
		}
	}
}

// TestPlacardsRefreshesEveryPageOfTheList: `diachido placards` rewrites
// every page of a long placards list, not only the first: a retitled entry
// on page 2 shows its new title there.
func TestPlacardsRefreshesEveryPageOfTheList(t *testing.T) {
	files, _ := bigSite(520)
	dir := t.TempDir()
	src, out := filepath.Join(dir, "src"), filepath.Join(dir, "out")
	testsite.Replace(t, src, files)
	opts := BuildOptions{Source: src, Output: out, CacheDir: filepath.Join(dir, "cache")}
	var diags diag.List
	if _, err := Build(opts, &diags); err != nil {
		t.Fatalf("build: %v\n%s", err, diags.String())
	}
	page2, err := os.ReadFile(filepath.Join(out, "vi/placards/page/2/index.html"))
	if err != nil {
		t.Fatalf("the placards list has no page 2: %v", err)
	}
	// An entry listed on page 2, found by its short link there.
	var file, id string
	for name, text := range files {
		if i := strings.Index(text, "\nid: "); i >= 0 && strings.HasSuffix(name, "index.vi.md") {
			cand := strings.TrimSpace(strings.SplitN(text[i+5:], "\n", 2)[0])
			if strings.Contains(string(page2), "/p/"+cand+"/") && !strings.Contains(string(page2), "/p/"+cand+"0") {
				file, id = name, cand
				break
			}
		}
	}
	if file == "" {
		t.Fatal("found no entry listed on page 2")
	}
	files[file] = strings.Replace(files[file], "\ntitle: ", "\ntitle: Đổi tên ", 1)
	testsite.Replace(t, src, files)
	diags = diag.List{}
	if _, err := Placards(opts, nil, &diags); err != nil {
		t.Fatalf("placards: %v\n%s", err, diags.String())
	}
	after, _ := os.ReadFile(filepath.Join(out, "vi/placards/page/2/index.html"))
	if !strings.Contains(string(after), "Đổi tên ") {
		t.Errorf("page 2 of the placards list still shows %s's old title after diachido placards", id)
	}
}
