package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/internal/browsertest"
)

// results reads the titles of the listed results, best first.
func results(t *testing.T, b *browsertest.Browser) []string {
	t.Helper()
	var titles []string
	b.Run(t, chromedp.Evaluate(`Array.prototype.map.call(document.querySelectorAll("#search-results .card-title"), function(a){return a.textContent})`, &titles))
	return titles
}

// search types q into the search box of the open search page and waits
// for the answer.
func search(t *testing.T, b *browsertest.Browser, q string) []string {
	t.Helper()
	b.Run(t, chromedp.Evaluate(`document.getElementById("q").value = ""`, nil),
		chromedp.Click(`#q`, chromedp.ByQuery),
		chromedp.SendKeys(`#q`, q, chromedp.ByQuery),
		// Answered, and for the whole query, not a part typed so far.
		waitFor(`(function(){var s=document.getElementById("search-status").textContent;`+
			`return s!=="" && s!==document.getElementById("search-results").dataset.loading && `+
			`location.search==="?q="+encodeURIComponent(document.getElementById("q").value.trim())})()`))
	return results(t, b)
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func TestSearchIgnoresToneMarks(t *testing.T) {
	b, base := open(t)
	b.Run(t, browsertest.Phone(), chromedp.Navigate(base+"vi/search/"), chromedp.WaitVisible(`#q`, chromedp.ByQuery))

	got := search(t, b, "dia dao")
	if len(got) == 0 || got[0] != "Địa đạo Nhơn Trạch" {
		t.Fatalf(`"dia dao" lists %q; want Địa đạo Nhơn Trạch first`, got)
	}
	if len(got) < 2 || got[1] != "Địa đạo Kỳ Anh" {
		t.Errorf(`"dia dao" lists %q; want Địa đạo Kỳ Anh second (same match, later ID)`, got)
	}
	var marked string
	b.Run(t, chromedp.Text(`#search-results .card-title mark`, &marked, chromedp.ByQuery))
	if marked != "Địa đạo" {
		t.Errorf("the match is marked as %q", marked)
	}
	shot(t, b, "search-dia-dao")

	if got := search(t, b, "dinh phuoc thien"); len(got) == 0 || got[0] != "Đình Phước Thiền" {
		t.Errorf(`"dinh phuoc thien" lists %q`, got)
	}
	// Capitals, extra spaces and đ typed as đ fold the same way.
	if got := search(t, b, "  ĐỊA ĐẠO   nhon "); len(got) == 0 || got[0] != "Địa đạo Nhơn Trạch" {
		t.Errorf(`"ĐỊA ĐẠO nhon" lists %q`, got)
	}
	// Words found apart, in the title and the address.
	if got := search(t, b, "nhon trach dia dao"); len(got) == 0 || got[0] != "Địa đạo Nhơn Trạch" {
		t.Errorf(`"nhon trach dia dao" lists %q`, got)
	}
	// The placard's ID finds its entry.
	if got := search(t, b, "QN-M692"); len(got) != 1 || got[0] != "Cột mốc 692" {
		t.Errorf(`"QN-M692" lists %q`, got)
	}
}

func TestSearchRanksExactToneAboveFolded(t *testing.T) {
	b, base := open(t)
	b.Run(t, browsertest.Phone(), chromedp.Navigate(base+"vi/search/"), chromedp.WaitVisible(`#q`, chromedp.ByQuery))
	// "thang" without marks: the title "Địa điểm Chiến thắng Núi Thành"
	// before the address of Địa đạo Kỳ Anh ("xã Tam Thăng").
	got := search(t, b, "thang")
	if i, j := index(got, "Địa điểm Chiến thắng Núi Thành"), index(got, "Địa đạo Kỳ Anh"); i < 0 || j < 0 || i > j {
		t.Errorf(`"thang" lists %q: want Chiến thắng Núi Thành (title) before Địa đạo Kỳ Anh (address)`, got)
	}
	// "thăng" as typed, with its mark, matches Kỳ Anh's address exactly: it
	// comes before the title that matches only without marks.
	got = search(t, b, "thăng")
	if len(got) < 2 || got[0] != "Địa đạo Kỳ Anh" || got[1] != "Địa điểm Chiến thắng Núi Thành" {
		t.Errorf(`"thăng" lists %q: want Địa đạo Kỳ Anh (exact) first, then Chiến thắng Núi Thành (folded)`, got)
	}
	// "thắng" is exactly in the title.
	if got = search(t, b, "thắng"); len(got) == 0 || got[0] != "Địa điểm Chiến thắng Núi Thành" {
		t.Errorf(`"thắng" lists %q`, got)
	}
	var status string
	search(t, b, "xyzzy")
	b.Run(t, chromedp.Text(`#search-status`, &status, chromedp.ByQuery))
	if status != "Không tìm thấy kết quả cho “xyzzy”." {
		t.Errorf("no results says %q", status)
	}
}

func index(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func TestSearchFormWorksAsALink(t *testing.T) {
	b, base := open(t)
	var value, href string
	// The form submits to itself: ?q= is answered on load, in English too,
	// with links to the English pages.
	b.Run(t, browsertest.Phone(), chromedp.Navigate(base+"en/search/?q=dia+dao+nhon+trach"),
		waitFor(`document.querySelectorAll("#search-results li").length > 0`),
		chromedp.Value(`#q`, &value, chromedp.ByQuery),
		chromedp.AttributeValue(`#search-results .card-title`, "href", &href, nil, chromedp.ByQuery))
	if got := results(t, b); value != "dia dao nhon trach" || len(got) == 0 || got[0] != "Nhơn Trạch Tunnels" || href != "/en/sites/dia-dao-nhon-trach/" {
		t.Errorf("?q=dia+dao+nhon+trach: box %q, results %q, first links to %q", value, got, href)
	}
	shot(t, b, "search-en")
	if out := b.Outside(); len(out) > 0 {
		t.Errorf("search asked other hosts: %v", out)
	}
}

// The browser folds queries and fields exactly as content.Fold folds the
// index.
func TestSearchFoldsLikeGo(t *testing.T) {
	b, base := open(t)
	in := []string{
		"Địa đạo Nhơn Trạch", "ĐÌNH PHƯỚC THIỀN", "Khu di tích lịch sử Trung Trung Bộ – Nước Oa",
		"Ngã ba Giồng Sắn, ấp Bến Đình", "Kỳ yên", "Cột mốc 692",
		"Đi\u0323a đa\u0323o", // decomposed, as pasted from macOS
		"Tiếng Việt có dấu: à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ đ ơ ư",
	}
	var got []string
	b.Run(t, chromedp.Navigate(base+"vi/search/"), waitFor(`!!window.diachido`),
		chromedp.Evaluate(`(`+jsArray(in)+`).map(window.diachido.fold)`, &got))
	for i, s := range in {
		if i >= len(got) || got[i] != content.Fold(s) {
			t.Errorf("fold(%q): browser %q, Go %q", s, at(got, i), content.Fold(s))
		}
	}
}

func jsArray(list []string) string {
	var parts []string
	for _, s := range list {
		parts = append(parts, jsString(s))
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func at(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return ""
}

func TestSearchWithoutScripts(t *testing.T) {
	b, base := open(t)
	var text string
	var links int
	b.Run(t, browsertest.Phone(), chromedp.Navigate("about:blank"),
		chromedp.ActionFunc(disableScripts),
		chromedp.Navigate(base+"vi/search/?q=dia+dao"),
		chromedp.Text(`main`, &text, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('main a[href="/vi/sites/"], main a[href="/vi/markers/"], main a[href="/vi/provinces/"]').length`, &links))
	if !strings.Contains(text, "Tìm kiếm cần bật JavaScript") || links < 3 {
		t.Errorf("without scripts the search page says %q with %d of the links to the sites, markers and provinces lists", text, links)
	}
	shot(t, b, "search-noscript")
}
