package site

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/output"
)

// readDocs reads every document of a language's search files, in
// document order, through meta.json and the fragment files.
func readDocs(t *testing.T, mem *output.Memory, lang string) []searchDoc {
	t.Helper()
	var meta searchMeta
	if err := json.Unmarshal([]byte(page(t, mem, lang+"/search/meta.json")), &meta); err != nil {
		t.Fatalf("meta.json is not JSON: %v", err)
	}
	var docs []searchDoc
	for n := 0; n*meta.Chunk < meta.Docs; n++ {
		var part []searchDoc
		if err := json.Unmarshal([]byte(page(t, mem, fmt.Sprintf("%s/search/d/%d.json", lang, n))), &part); err != nil {
			t.Fatalf("fragment %d is not JSON: %v", n, err)
		}
		docs = append(docs, part...)
	}
	if len(docs) != meta.Docs {
		t.Fatalf("%d documents in the fragments, meta.json says %d", len(docs), meta.Docs)
	}
	return docs
}

func TestSearchIndexPerLanguage(t *testing.T) {
	mem := buildMem(t, baseSite())
	vi := struct{ Entries []searchDoc }{readDocs(t, mem, "vi")}
	en := struct{ Entries []searchDoc }{readDocs(t, mem, "en")}
	var ids []string
	for _, d := range vi.Entries {
		ids = append(ids, d.ID)
	}
	// Sites, markers, tours, pages; each kind in ID order.
	if got := strings.Join(ids, " "); got != "NT-001 NT-002 QN-M692 NT-T01 ABOUT" {
		t.Errorf("index order %s", got)
	}
	d := vi.Entries[0]
	want := searchDoc{
		ID: "NT-001", Kind: "s", URL: "sites/dia-dao-nhon-trach/",
		Title: "Địa đạo Nhơn Trạch", Summary: "Hệ thống địa đạo thời kháng chiến ở Long Thọ.",
		Address: "Xã Long Thọ", District: "Nhơn Trạch", Province: "Đồng Nai", Tags: []string{"địa đạo", "kháng chiến"},
		FoldTitle: "dia dao nhon trach",
	}
	if g, w := fmt.Sprintf("%#v", d), fmt.Sprintf("%#v", want); g != w {
		t.Errorf("vi index entry\n got %s\nwant %s", g, w)
	}
	e := en.Entries[0]
	if e.Title != "Nhon Trach Tunnels" || e.URL != "sites/dia-dao-nhon-trach/" || e.Kind != "s" {
		t.Errorf("en entry: %+v", e)
	}
	// Nothing to fold in an English title: no folded copy.
	if e.FoldTitle != "" {
		t.Errorf("en title %q needs no folded copy, got %q", e.Title, e.FoldTitle)
	}
	// An entry not translated into English is found by its Vietnamese text,
	// and opens the English page (which shows it with a notice).
	if d := en.Entries[1]; d.Title != "Đình Phú Mỹ" || d.URL != "sites/dinh-phu-my/" || d.FoldTitle != "dinh phu my" {
		t.Errorf("untranslated entry in en index: %+v", d)
	}
	for _, d := range append(vi.Entries, en.Entries...) {
		if f := d.FoldTitle; f != "" && f != content.Fold(d.Title) {
			t.Errorf("%s: folded title %q is not content.Fold(%q)", d.ID, f, d.Title)
		}
	}
	sp := page(t, mem, "vi/search/index.html")
	for _, want := range []string{
		`<form class="search-form" id="search-form" action="/vi/search/" method="get" role="search">`,
		`name="q"`, `data-index="/vi/search/meta.json"`, `<noscript>`, `href="/vi/sites/"`, `search.js?v=`,
		`href="/vi/provinces/"`,
		`<meta name="robots" content="noindex">`,
	} {
		if !strings.Contains(sp, want) {
			t.Errorf("search page lacks %s", want)
		}
	}
	if !strings.Contains(page(t, mem, "en/sites/index.html"), `<a class="search-link" href="/en/search/">`) {
		t.Error("the header has no search link")
	}
}

func TestSnippet(t *testing.T) {
	long := "Căn cứ của Huyện ủy Nhơn Trạch thời kháng chiến chống Mỹ, với hệ thống địa đạo đào dưới rừng Lòng Chảo thuộc xã Phước An xưa."
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"Ngắn.", 120, "Ngắn."},
		{long, len([]rune(long)), long},
		{long, 30, "Căn cứ của Huyện ủy Nhơn Trạch…"},
		{long, 60, "Căn cứ của Huyện ủy Nhơn Trạch thời kháng chiến chống Mỹ…"}, // no comma before …
		{strings.Repeat("a", 50), 10, "aaaaaaaaaa…"},
	} {
		got := snippet(c.in, c.n)
		if got != c.want {
			t.Errorf("snippet(%.20q…, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
		if n := len([]rune(got)); n > c.n+1 {
			t.Errorf("snippet is %d characters, over %d", n, c.n+1)
		}
	}
}

func TestFoldIfNeeded(t *testing.T) {
	for in, want := range map[string]string{
		"Địa đạo Nhơn Trạch": "dia dao nhon trach",
		"ĐÌNH PHƯỚC THIỀN":   "dinh phuoc thien",
		"Nhon Trach Tunnels": "", // lowercasing is enough: search.js does it
		"Cột mốc 692":        "cot moc 692",
		"":                   "",
	} {
		if got := foldIfNeeded(in); got != want {
			t.Errorf("foldIfNeeded(%q) = %q, want %q", in, got, want)
		}
	}
}

// Syllables and names for synthetic entries, Vietnamese as editors write
// it: tone marks on most syllables, so that folding changes nearly every
// word, as in real content.
var (
	fakeSyllables = strings.Fields(`căn cứ của huyện ủy thời kháng chiến chống mỹ với hệ thống địa đạo đào dưới rừng
		thuộc xã xưa nay là di tích lịch sử cấp quốc gia nằm ngay trước khu tưởng niệm liệt sĩ ngôi đình làng tiêu biểu
		miền đông nam bộ trên một ngọn đồi thoải có niên đại từ gia long từng nơi gặp gỡ cán bộ người dân thờ chủ tịch
		hồ chí minh năm gần trăm tuổi dân gian còn gọi ông cọp nổi bật các mảng chạm khắc gỗ lễ kỳ yên hằng được công
		nhận kiến trúc nghệ thuật tỉnh ngã ba sông chiều máy bay ném bom bắn phá phiên chợ ghe đông đúc làm thường
		thiệt mạng nhà bia công viên phòng trưng bày chứng tích cột mốc quốc giới biên lào thôn cửa khẩu phụ khai
		trương đội liên hợp cắm xây dựng xong vào đầu tháng dài khoảng quân chạy ngầm giếng nước đại đội tiểu đoàn
		tập kích tiêu diệt lực lượng lính thủy đánh đêm rạng sáng chiến thắng núi quần thể lưu niệm khu ủy bộ tư lệnh
		giữa trà my văn hóa bảo tàng trận đánh mùa xuân tổng tiến công nổi dậy đường mòn trường sơn hầm chỉ huy
		sở bệnh viện dã chiến trạm giao liên bến đò đồn điền cao su chùa miếu đền thờ mộ phần anh hùng lực lượng vũ
		trang nhân dân mẹ việt nam bà con dân tộc cơ tu tà ôi xơ đăng giẻ triêng bản lũng suối thác đèo dốc`)
	fakeNames = strings.Fields(`Phước An Long Thọ Phú Hội Phú Đông Tam Kỳ Núi Thành Trà Tân Chơm Tây Giang Nam Giang
		Đại Lộc Quế Sơn Hiệp Đức Phú Ninh Thăng Bình Duy Xuyên Điện Bàn Hòa Vang Sơn Trà Bắc Trà My Phước Sơn Đông Giang
		Nhơn Trạch Long Thành Trảng Bom Vĩnh Cửu Định Quán Tân Phú Xuân Lộc Cẩm Mỹ Biên Hòa Thống Nhất Hưng Lộc`)
	fakeKinds = []string{"Địa đạo", "Đình", "Chùa", "Đền thờ", "Di tích", "Khu di tích lịch sử", "Căn cứ", "Nhà bia tưởng niệm",
		"Địa điểm chiến thắng", "Nghĩa trang liệt sĩ", "Bến đò", "Hầm chỉ huy", "Miếu", "Trạm giao liên"}
	fakeProvinces = []string{"Đồng Nai", "Quảng Nam", "Quảng Trị", "Kon Tum", "Thừa Thiên Huế", "Hà Tĩnh", "Nghệ An",
		"Điện Biên", "Lai Châu", "Sơn La", "Thanh Hóa", "Quảng Bình", "Bình Phước", "Tây Ninh", "Long An"}
	fakeTags = []string{"địa đạo", "kháng chiến chống Mỹ", "kháng chiến chống Pháp", "đình làng", "kiến trúc Nam Bộ",
		"tưởng niệm", "căn cứ cách mạng", "cột mốc", "biên giới Việt Nam – Lào", "lễ hội", "chạm khắc gỗ", "di tích quốc gia",
		"di tích cấp tỉnh", "về nguồn", "địa chỉ đỏ", "Trường Sơn", "dân tộc Cơ Tu", "thảm sát", "chiến thắng", "Hồ Chí Minh"}
)

// fakeSite writes n entries: realistic Vietnamese titles, summaries of
// about 200 characters, addresses, provinces, districts and tags, with a
// fixed seed so the size is the same on every run.
func fakeSite(n int) map[string]string {
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(l []string) string { return l[r.IntN(len(l))] }
	name := func() string { return pick(fakeNames) + " " + pick(fakeNames) }
	files := map[string]string{"site.yaml": "baseURL: https://guide.example.vn/\nlanguages:\n  - code: vi\n    name: Tiếng Việt\n    title: Thử\n"}
	for i := range n {
		var sum strings.Builder
		for sum.Len() < 250 { // bytes: about 200 characters of Vietnamese
			words := 6 + r.IntN(10)
			for w := range words {
				s := pick(fakeSyllables)
				if w == 0 {
					s = strings.ToUpper(s[:1]) + s[1:]
					if r.IntN(3) == 0 {
						s = name()
					}
				}
				sum.WriteString(s)
				if w < words-1 {
					sum.WriteByte(' ')
				}
			}
			sum.WriteString(". ")
		}
		district, province := name(), pick(fakeProvinces)
		tags := []string{pick(fakeTags), pick(fakeTags), pick(fakeTags)}[:1+r.IntN(3)]
		id := fmt.Sprintf("NT-%04d", i+1)
		title := pick(fakeKinds) + " " + name()
		kind, extra := "sites", "address: Ấp "+fmt.Sprint(1+r.IntN(9))+", xã "+name()+", huyện "+district+", tỉnh "+province+"\ncategory: history\nrank: provincial\n"
		if i%5 == 4 {
			kind, title = "markers", fmt.Sprintf("Cột mốc %d", 500+i)
			extra = fmt.Sprintf("marker: {number: \"%d\", type: main, border: VN-LA}\n", 500+i)
		}
		files[fmt.Sprintf("content/%s/e%d/index.vi.md", kind, i)] = fmt.Sprintf(
			"---\nid: %s\ntitle: %s\nsummary: %q\nlocation: {lat: %.4f, lng: %.4f}\nprovince: %s\ndistrict: %s\n%stags: [%s]\n---\nThân bài.\n",
			id, title, strings.TrimSpace(sum.String()), 8+r.Float64()*15, 102+r.Float64()*7, province, district, extra, strings.Join(tags, ", "))
	}
	return files
}

// The documents of a realistic site carry every field search matches, and
// a query on 5,000 entries stays within the budget.
func TestSearchIndexOf5000EntriesIsSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 5,000 entries")
	}
	m := loadMem(t, fakeSite(5000))
	docs := m.searchDocs("vi")
	if len(docs) != 5000 {
		t.Fatalf("%d documents, want 5000", len(docs))
	}
	idx := struct{ Entries []searchDoc }{docs}
	var chars int
	for _, e := range m.Content.Entries {
		chars += len([]rune(e.Default.Front.Summary))
	}
	if avg := chars / 5000; avg < 180 || avg > 260 {
		t.Fatalf("summaries average %d characters; the test wants realistic ~200", avg)
	}
	for _, d := range idx.Entries {
		if d.FoldTitle == "" || d.Address == "" && d.Kind == "s" || len(d.Tags) == 0 {
			t.Fatalf("%s: the index lacks fields: %+v", d.ID, d)
		}
	}
	// What one query costs: "dia dao" is in most titles of this corpus.
	ix := buildSearchIndex(docs)
	cost, files := queryCost(ix, docs, "dia dao")
	t.Logf("5,000 entries: \"dia dao\" fetches %d KB gzipped: %v", cost/1024, files)
	if cost > searchBudget {
		t.Errorf("a query on 5,000 entries costs %d KB gzipped, over %d KB", cost/1024, searchBudget/1024)
	}
}
