package site

import (
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/internal/testsite"
)

// Each invalid fixture is the valid base site with one mistake an editor
// could make; the test asserts the exact line an editor would read.
func TestInvalidContentNamesFileAndLine(t *testing.T) {
	const phuMy = "content/sites/dinh-phu-my/index.vi.md"
	replace := func(name, old, new string) func(map[string]string) {
		return func(f map[string]string) {
			if !strings.Contains(f[name], old) {
				panic("fixture: " + old + " not in " + name)
			}
			f[name] = strings.Replace(f[name], old, new, 1)
		}
	}
	set := func(name, body string) func(map[string]string) {
		return func(f map[string]string) { f[name] = body }
	}
	cases := []struct {
		name   string
		change func(map[string]string)
		want   []string
	}{
		{"missing title", replace(phuMy, "title: Đình Phú Mỹ\n", ""),
			[]string{phuMy + ":1: missing title"}},
		{"malformed YAML", replace(phuMy, "summary: Ngôi đình cổ ở xã Phú Hội.", "summary: [Ngôi đình"),
			[]string{phuMy + ":4: YAML syntax: did not find expected ',' or ']' (a list opened with [ is not closed with ])"}},
		{"latitude out of range", replace(phuMy, "lat: 10.7452", "lat: 106.8968"),
			[]string{phuMy + ":5: latitude 106.8968 is outside -90…90 (are lat and lng swapped?)"}},
		{"coordinate not a number", replace(phuMy, "lat: 10.7452", "lat: mười"),
			[]string{phuMy + `:5: expected a number, got "mười"`}},
		{"missing location", replace(phuMy, "location: {lat: 10.7452, lng: 106.8968}\n", ""),
			[]string{phuMy + ":1: missing location: the entry's place as location: {lat: 10.7251, lng: 106.8823} (decimal degrees, WGS84)"}},
		{"duplicate ID", replace(phuMy, "id: NT-002", "id: NT-001"),
			[]string{
				phuMy + ":2: ID NT-001 is already used by content/sites/dia-dao-nhon-trach/index.vi.md:2: every entry needs its own ID, and a printed ID is never reused",
				"content/sites/dia-dao-nhon-trach/index.vi.md:18: unknown ID in link id:NT-002: no entry has this ID",
				"content/sites/dia-dao-nhon-trach/index.en.md:5: unknown ID in link id:NT-002: no entry has this ID",
				"content/tours/hanh-trinh/index.vi.md:5: unknown tour stop NT-002: no entry has this ID",
			}},
		{"bad ID form", replace(phuMy, "id: NT-002", "id: nt 2"),
			[]string{phuMy + `:2: id "nt 2" must be capital letters A-Z, digits and hyphens, at most 16 characters, e.g. NT-001`,
				"content/sites/dia-dao-nhon-trach/index.vi.md:18: unknown ID in link id:NT-002: no entry has this ID",
				"content/sites/dia-dao-nhon-trach/index.en.md:5: unknown ID in link id:NT-002: no entry has this ID",
				"content/tours/hanh-trinh/index.vi.md:5: unknown tour stop NT-002: no entry has this ID",
			}},
		{"unknown language", set("content/sites/dinh-phu-my/index.fr.md", "---\ntitle: Maison\nsummary: x\n---\n"),
			[]string{`content/sites/dinh-phu-my/index.fr.md: unknown language "fr" in the file name: site.yaml lists vi, en`}},
		{"translation without default", set("content/sites/moi/index.en.md", "---\ntitle: New\nsummary: x\n---\n"),
			[]string{"content/sites/moi/index.en.md:1: translation without a default-language file: add content/sites/moi/index.vi.md (or index.md) with the vi text"}},
		{"missing photo", replace(phuMy, "rank: provincial\n", "rank: provincial\nphotos:\n  - src: cong.jpg\n    alt: Cổng đình\n"),
			[]string{phuMy + `:10: photo file "cong.jpg" is missing from content/sites/dinh-phu-my/`}},
		{"photo without alt", func(f map[string]string) {
			replace(phuMy, "rank: provincial\n", "rank: provincial\nphotos:\n  - src: cong.jpg\n")(f)
			f["content/sites/dinh-phu-my/cong.jpg"] = tinyJPEG
		}, []string{phuMy + `:10: photo "cong.jpg" needs alt: a short description for people who cannot see it`}},
		{"unknown id link", replace(phuMy, "[địa đạo](id:NT-001)", "[địa đạo](id:NT-404)"),
			[]string{phuMy + ":10: unknown ID in link id:NT-404: no entry has this ID"}},
		{"unknown tour stop", replace("content/tours/hanh-trinh/index.vi.md", "stops: [NT-002, NT-001]", "stops:\n  - NT-002\n  - NT-777"),
			[]string{"content/tours/hanh-trinh/index.vi.md:7: unknown tour stop NT-777: no entry has this ID"}},
		{"bad category", replace(phuMy, "category: architecture-art", "category: temple"),
			[]string{phuMy + `:7: category "temple" is not one of history, architecture-art, archaeology, scenic`}},
		{"bad rank", replace(phuMy, "rank: provincial", "rank: quốc gia"),
			[]string{phuMy + `:8: rank "quốc gia" is not one of special-national, national, provincial, inventoried`}},
		{"summary too long", replace(phuMy, "summary: Ngôi đình cổ ở xã Phú Hội.", "summary: "+strings.Repeat("Đình cổ. ", 40)),
			[]string{phuMy + ":4: summary is 359 characters; keep it to 300 (one or two sentences)"}},
		{"misspelled field", replace(phuMy, "province: Đồng Nai", "provice: Đồng Nai"),
			[]string{phuMy + `:6: unknown field "provice" (check its spelling)`}},
		{"no front matter", set(phuMy, "# Đình Phú Mỹ\n"),
			[]string{phuMy + ":1: missing front matter: the file must start with a line --- then the fields (id, title, summary...), then another line ---",
				"content/sites/dia-dao-nhon-trach/index.vi.md:18: unknown ID in link id:NT-002: no entry has this ID",
				"content/sites/dia-dao-nhon-trach/index.en.md:5: unknown ID in link id:NT-002: no entry has this ID",
				"content/tours/hanh-trinh/index.vi.md:5: unknown tour stop NT-002: no entry has this ID",
			}},
		{"unclosed front matter", replace(phuMy, "rank: provincial\n---\n", "rank: provincial\n"),
			[]string{phuMy + ":1: front matter is not closed: add a line --- after the last field"}},
		{"marker border", replace("content/markers/cot-moc-692/index.vi.md", "border: VN-LA", "border: Lào"),
			[]string{`content/markers/cot-moc-692/index.vi.md:7: marker border "Lào" must be two ISO 3166 country codes, e.g. VN-LA`}},
		{"marker type", replace("content/markers/cot-moc-692/index.vi.md", "type: main", "type: chính"),
			[]string{`content/markers/cot-moc-692/index.vi.md:7: marker type "chính" is not one of main (mốc chính), secondary (mốc phụ), post (cọc dấu)`}},
		{"invalid UTF-8", set(phuMy, "---\nid: NT-002\ntitle: \xc4\x90\xecnh\n---\n"),
			[]string{phuMy + ":3: text is not UTF-8: save the file as UTF-8 (in Word: Save As, Plain Text, Unicode UTF-8)"}},
		{"folder name", set("content/sites/Dinh_Moi/index.vi.md", "---\n---\n"),
			[]string{`content/sites/Dinh_Moi: folder name "Dinh_Moi" must be lowercase letters a-z, digits and hyphens, e.g. dinh-moi`}},
		{"javascript link", replace(phuMy, "Đình gần", "[bấm](javascript:alert(1)) Đình gần"),
			[]string{phuMy + `:10: link "javascript:alert(1)" is not allowed: only http, https, mailto, tel and id: links`}},
		{"translation changes id", replace("content/pages/about/index.en.md", "title: About", "id: ABOUT2\ntitle: About"),
			[]string{"content/pages/about/index.en.md:2: a translation cannot change the id (content/pages/about/index.vi.md has id ABOUT): remove this line"}},
		{"site.yaml without baseURL", replace("site.yaml", "baseURL: https://guide.example.vn/\n", ""),
			[]string{"site.yaml:1: missing baseURL: the absolute address the site is published at, e.g. https://diachido.example.vn/ (placards point there)"}},
		{"site.yaml relative baseURL", replace("site.yaml", "baseURL: https://guide.example.vn/", "baseURL: guide.example.vn"),
			[]string{`site.yaml:1: baseURL "guide.example.vn" must be an absolute http(s) address such as https://diachido.example.vn/`}},
		{"bad updated date", replace(phuMy, "rank: provincial", "rank: provincial\nupdated: 26/3/2026"),
			[]string{phuMy + `:9: updated "26/3/2026" must be a date written 2026-03-26`}},
		{"source url", replace(phuMy, "rank: provincial", "rank: provincial\nsources:\n  - title: Báo\n    url: baodongnai.vn"),
			[]string{phuMy + `:11: source url "baodongnai.vn" must be a full web address starting with https://`}},
		{"missing file in body", replace(phuMy, "Đình gần", "![Cổng](cong.jpg)\n\nĐình gần"),
			[]string{phuMy + `:10: file "cong.jpg" is missing from content/sites/dinh-phu-my/`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := baseSite()
			tc.change(files)
			if got, want := loadErrors(files), strings.Join(sortedCopy(tc.want), "\n"); got != want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// loadErrors loads files and returns the errors, a line each
// (path:line: message), in the order diag sorts them.
func loadErrors(files map[string]string) string {
	var diags diag.List
	Load(testsite.MapFS(files), LoadOptions{}, &diags)
	var got []string
	for _, d := range diags.Errors() {
		got = append(got, d.String())
	}
	return strings.Join(got, "\n")
}

func sortedCopy(in []string) []string {
	out := append([]string(nil), in...)
	// Diagnostics sort by file then line; the wanted lines are written in
	// that order already except across files, so sort the same way.
	sortDiagStrings(out)
	return out
}

func sortDiagStrings(s []string) {
	key := func(x string) (string, int) {
		parts := strings.SplitN(x, ":", 3)
		if len(parts) < 3 {
			return parts[0], 0
		}
		n := 0
		for _, c := range parts[1] {
			if c < '0' || c > '9' {
				return parts[0], 0
			}
			n = n*10 + int(c-'0')
		}
		return parts[0], n
	}
	for i := 1; i < len(s); i++ {
		for j := i; j > 0; j-- {
			fa, la := key(s[j-1])
			fb, lb := key(s[j])
			if fa > fb || (fa == fb && la > lb) {
				s[j-1], s[j] = s[j], s[j-1]
			}
		}
	}
}
