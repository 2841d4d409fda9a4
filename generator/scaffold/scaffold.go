// Package scaffold writes the starting file of a new entry for `diachido
// new`: every front-matter field of the content contract that applies to
// the entry's kind, each with a comment in Vietnamese and English saying
// what goes there, required fields filled in or left as a clearly marked
// blank that `diachido check` reports, optional ones commented out, and
// `draft: true` so that a half-written entry is never published.
//
// Editors are volunteers working in a Git web editor: the file must explain
// itself, because it is the only documentation most of them will read.
//
// The package is pure: Render turns a kind, title, ID, language and date
// into a path and bytes; NextID picks the next free ID from a list. Only
// ScanIDs reads, from an fs.FS. Writing is the caller's business.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/diachido/diachido/generator/content"
	"golang.org/x/text/unicode/norm"
)

// ParseKind accepts a kind as a user types it on the command line: "site",
// "marker", "tour", "page", or the folder names "sites", "markers"...
func ParseKind(s string) (content.Kind, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, k := range content.Kinds {
		if s == string(k) || s+"s" == string(k) {
			return k, true
		}
	}
	return "", false
}

// KindNames lists the kinds as `new` takes them, for messages.
func KindNames() []string {
	out := make([]string, len(content.Kinds))
	for i, k := range content.Kinds {
		out[i] = strings.TrimSuffix(string(k), "s")
	}
	return out
}

// Entry says what to scaffold.
type Entry struct {
	Kind content.Kind
	// Title is the entry's title in the default language; whitespace is
	// collapsed and the text normalised to NFC.
	Title string
	// ID is the entry's permanent code (content.IDRe).
	ID string
	// Slug is the folder name; empty means content.Slugify(Title).
	Slug string
	// Lang is the site's default language code: the file is index.<Lang>.md.
	Lang string
	// Today fills `updated`.
	Today time.Time
}

// Render returns the new entry's file path (slash-separated, relative to
// the site source) and its content.
func Render(e Entry) (string, []byte, error) {
	title := CleanTitle(e.Title)
	if title == "" {
		return "", nil, errors.New("the title is empty")
	}
	if _, ok := ParseKind(string(e.Kind)); !ok {
		return "", nil, fmt.Errorf("unknown kind %q: use one of %s", e.Kind, strings.Join(KindNames(), ", "))
	}
	if !content.IDRe.MatchString(e.ID) {
		return "", nil, fmt.Errorf("id %q must be capital letters A-Z, digits and hyphens, at most 16 characters, e.g. NT-001", e.ID)
	}
	slug := e.Slug
	if slug == "" {
		slug = content.Slugify(title)
		if slug == "" {
			return "", nil, fmt.Errorf("cannot make a folder name from the title %q: pass one with -slug, e.g. -slug dinh-phu-my", title)
		}
	}
	if !content.SlugRe.MatchString(slug) {
		return "", nil, fmt.Errorf("folder name %q must be lowercase letters a-z, digits and hyphens, e.g. %s", slug, content.Slugify(slug))
	}
	if e.Lang == "" || strings.ContainsAny(e.Lang, "./\\") {
		return "", nil, fmt.Errorf("invalid language code %q", e.Lang)
	}
	p := path.Join(content.Dir, string(e.Kind), slug, "index."+e.Lang+".md")

	var b strings.Builder
	w := lineWriter(&b)
	w("---",
		"# Mã cố định in trên bảng QR: không bao giờ đổi hay dùng lại / Permanent code printed on the placard: never change or reuse it",
		"id: "+e.ID,
		"# Tên (bắt buộc) / Title (required)",
		"title: "+strconv.Quote(title),
		"# Tóm tắt 1–2 câu (tối đa 300 ký tự), BẮT BUỘC: viết giữa hai dấu ngoặc kép / One or two sentences, max 300 characters, REQUIRED: write between the quotes",
		`summary: ""`,
	)
	switch e.Kind {
	case content.Site, content.Marker:
		w("",
			"# Vị trí (bắt buộc): độ thập phân WGS84, lấy từ OpenStreetMap hoặc Google Maps / Location (required): WGS84 decimal degrees",
			"location:",
			"  lat:    # vĩ độ, ví dụ 10.7251 / latitude, e.g. 10.7251",
			"  lng:    # kinh độ, ví dụ 106.8823 / longitude, e.g. 106.8823",
		)
	}
	switch e.Kind {
	case content.Site:
		w("# Địa chỉ / Street address",
			"# address: Xã Phú Hội, huyện Nhơn Trạch, tỉnh Đồng Nai",
			"# Tỉnh, huyện: trang chủ nhóm các mục theo tỉnh / Province, district: the home page groups entries by them",
			"# province: Đồng Nai",
			"# district: Nhơn Trạch",
			"# Loại di tích: history (lịch sử), architecture-art (kiến trúc nghệ thuật), archaeology (khảo cổ) hoặc scenic (danh lam thắng cảnh) / Category of relic",
			"# category: history",
			"# Cấp xếp hạng: special-national (quốc gia đặc biệt), national (quốc gia), provincial (cấp tỉnh) hoặc inventoried (trong danh mục kiểm kê) / Ranking",
			"# rank: provincial",
			"# Năm của quyết định xếp hạng / Year of the ranking decision",
			"# recognized: 2005",
		)
	case content.Marker:
		w("# Tỉnh, huyện: trang chủ nhóm các mục theo tỉnh / Province, district: the home page groups entries by them",
			"# province: Quảng Nam",
			"# district: Tây Giang",
			"# Cột mốc (bắt buộc) / Border marker (required)",
			"marker:",
			`  number: ""   # số hiệu khắc trên mốc, ví dụ "663" / the number carved on it, e.g. "663"`,
			`  type: ""     # main (mốc chính), secondary (mốc phụ) hoặc post (cọc dấu)`,
			`  border: ""   # hai mã quốc gia ISO 3166, ví dụ VN-LA, VN-KH, VN-CN / two ISO 3166 country codes, e.g. VN-LA`,
			"  # year: 2008 # năm cắm mốc, nếu biết / year it was placed, if known",
		)
	case content.Tour:
		w("",
			"# Các điểm dừng (bắt buộc): mã (id) của di tích, cột mốc theo thứ tự tham quan, ví dụ [NT-001, NT-002] / Stops (required): IDs of sites and markers in visiting order",
			"stops: []",
		)
	case content.Exhibition:
		w("",
			"# Thời kỳ (chữ tự do) / Period (free text)",
			"# period: 1911–2013",
			"# Các di tích, cột mốc mà triển lãm nói tới: mã (id), hiện thành liên kết / Sites and markers the exhibition is about: their IDs, shown as links",
			"# related: [NT-001, NT-002]",
			"# Bảng QR ở lối vào triển lãm thật, nếu có / The placard at the entrance of the physical exhibition, if any",
			"# placard: {installed: 2026-03-26, material: aluminium, location: lối vào}",
		)
	case content.Page:
		w("",
			"# Thứ tự trong menu: số nhỏ đứng trước / Order in the menu: lower numbers come first",
			"# weight: 10",
		)
	}
	w("",
		"# Ảnh: tệp trong thư mục này; alt (mô tả ảnh) bắt buộc; ảnh đầu tiên là ảnh bìa / Photos: files in this folder; alt (a description) is required; the first is the cover",
		"# photos:",
		"#   - src: anh-1.jpg",
		"#     alt: Mô tả ngắn những gì thấy trong ảnh",
		"#     caption: Chú thích",
		"#     credit: Người chụp hoặc nguồn ảnh",
		"# Video: đường dẫn YouTube, Facebook, Vimeo hoặc tệp .mp4 trong thư mục này / Videos: a YouTube, Facebook or Vimeo link, or an .mp4 in this folder",
		"# videos:",
		"#   - url: https://www.youtube.com/watch?v=...",
		"#     title: Tên video",
		"# Bài thuyết minh âm thanh: tệp .mp3 trong thư mục này / Audio guide: an .mp3 in this folder",
		"# audio:",
		"#   - src: thuyet-minh.mp3",
		"#     title: Bài thuyết minh",
		"# Nguồn chính thống đã dùng để viết bài: hãy ghi đủ / Official sources the text was taken from: list them all",
		"# sources:",
		"#   - title: Tên bài báo hoặc văn bản, cơ quan, năm",
		"#     url: https://...",
		"# Từ khóa / Tags",
		"tags: []",
		"# Địa chỉ cũ của trang này cần giữ hoạt động / Old paths of this page that must keep working",
		"# aliases:",
		"#   - /vi/duong-dan-cu/",
		"# Ngày kiểm tra thông tin gần nhất / Date the facts were last checked",
		"updated: "+e.Today.Format("2006-01-02"),
		"",
		"# BẢN NHÁP: bài chưa được đăng. XÓA dòng này khi bài đã sẵn sàng / DRAFT: not published. DELETE this line when the entry is ready",
		"draft: true",
		"---",
		"",
	)
	b.WriteString(body(e.Kind, e.Lang))
	return p, []byte(b.String()), nil
}

// body is the Markdown template: a first paragraph and a heading or two,
// each saying what to write, in the default language where we have one.
func body(k content.Kind, lang string) string {
	vi := lang == "vi"
	pick := func(v, en string) string {
		if vi {
			return v
		}
		return en
	}
	var b strings.Builder
	para := func(s string) { b.WriteString(s + "\n\n") }
	sources := pick(
		"Viết bằng lời văn của bạn, dựa trên các nguồn chính thống, và ghi từng nguồn vào mục `sources` ở đầu tệp. Không sao chép nguyên văn bài báo.",
		"Write in your own words from official sources, and list each source under `sources` at the top of the file. Do not copy articles word for word.")
	switch k {
	case content.Site:
		para(pick("Đoạn mở đầu: di tích ở đâu, gắn với sự kiện hay con người nào, vì sao đáng đến thăm.",
			"Opening paragraph: where the site is, which events or people it is tied to, why it is worth a visit."))
		para(pick("## Lịch sử", "## History"))
		para(sources)
		para(pick("## Tham quan", "## Visiting"))
		para(pick("Đường đi, giờ mở cửa, những điều cần lưu ý khi đến thăm.", "How to get there, opening hours, what to keep in mind when visiting."))
	case content.Marker:
		para(pick("Đoạn mở đầu: cột mốc nằm ở đâu trên tuyến biên giới, được cắm khi nào.",
			"Opening paragraph: where the marker stands on the border, and when it was placed."))
		para(pick("## Lịch sử", "## History"))
		para(sources)
		para(pick("## Lưu ý khi đến", "## Before you go"))
		para(pick("Khu vực biên giới có quy định riêng về đi lại: hãy liên hệ đồn biên phòng sở tại trước khi đến.",
			"Border areas have their own rules for travel: contact the local border-guard station before going."))
	case content.Tour:
		para(pick("Đoạn mở đầu: hành trình dành cho ai, đi hết bao lâu.", "Opening paragraph: who the route is for and how long it takes."))
		para(pick("## Các điểm dừng", "## Stops"))
		para(pick("Giới thiệu từng điểm theo thứ tự trong `stops`; liên kết tới một điểm viết dạng `[Tên](id:NT-001)`.",
			"Introduce each stop in the order of `stops`; link to one as `[Name](id:NT-001)`."))
		para(sources)
	case content.Exhibition:
		para(pick("Lời giới thiệu: triển lãm kể câu chuyện gì. Mỗi dòng bắt đầu bằng `## ` mở một phần; có thể viết năm hoặc thời kỳ trước dấu gạch: `## 1944 — Tên phần`.",
			"Introduction: the story the exhibition tells. Each line starting with `## ` opens a section; it may begin with a year or period and a dash: `## 1944 — Section title`."))
		para(pick("## 1911 — Phần thứ nhất", "## 1911 — The first section"))
		para(pick("Nội dung phần. Ảnh viết dạng `![Mô tả ảnh](anh-1.jpg \"Chú thích\")`, tệp ảnh để trong thư mục này.",
			"The section's text. Images are written `![Description](photo-1.jpg \"Caption\")`, the file in this folder."))
		para(pick("## 1930–1945 — Phần thứ hai", "## 1930–1945 — The second section"))
		para(sources)
	case content.Page:
		para(pick("Nội dung trang.", "The page's text."))
		para(pick("## Liên hệ", "## Contact"))
		para(pick("Tên đơn vị, thư điện tử, số điện thoại của người phụ trách.", "Organisation, email and phone number of the person in charge."))
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// CleanTitle normalises a title typed on a command line: NFC, runs of
// white space (including newlines and tabs) collapsed to one space, other
// control characters dropped.
func CleanTitle(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == utf8.RuneError {
			return -1
		}
		if r < 0x20 || r == 0x7f {
			if r == '\t' || r == '\n' || r == '\r' {
				return ' '
			}
			return -1
		}
		return r
	}, s)
	return norm.NFC.String(strings.Join(strings.Fields(s), " "))
}

// NextID returns prefix + "-" + a three-digit number one above the highest
// <prefix>-NNN among used ("NT-004" used → "NT-005"). IDs of other shapes
// (NT-T01, QN-M676) are ignored.
func NextID(prefix string, used []string) (string, error) {
	if prefix == "" {
		return "", errors.New("no idPrefix")
	}
	re := regexp.MustCompile(`^` + regexp.QuoteMeta(prefix) + `-([0-9]+)$`)
	max := 0
	for _, id := range used {
		m := re.FindStringSubmatch(id)
		if m == nil {
			continue
		}
		n, err := strconv.Atoi(m[1])
		if err != nil {
			return "", fmt.Errorf("ID %s: number too large", id)
		}
		if n > max {
			max = n
		}
	}
	id := fmt.Sprintf("%s-%03d", prefix, max+1)
	if !content.IDRe.MatchString(id) {
		return "", fmt.Errorf("the next ID %s would be longer than 16 characters: choose one with -id", id)
	}
	return id, nil
}

var (
	indexRe = regexp.MustCompile(`^index(?:\.[^.]+)?\.md$`)
	idLine  = regexp.MustCompile(`(?m)^id:[ \t]*["']?([^"'#\s]+)`)
)

// ScanIDs returns every ID written in an entry file under content/, drafts
// and broken files included, mapped to the first file (in path order) that
// has it. It reads the `id:` line itself rather than loading entries, so
// that a file with a YAML mistake still reserves its ID.
func ScanIDs(fsys fs.FS) map[string]string {
	ids := map[string]string{}
	var files []string
	_ = fs.WalkDir(fsys, content.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != content.Dir {
			return fs.SkipDir
		}
		if !d.IsDir() && d.Type().IsRegular() && indexRe.MatchString(d.Name()) {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	for _, p := range files {
		raw, err := fs.ReadFile(fsys, p)
		if err != nil || len(raw) > content.MaxFileSize {
			continue
		}
		src, _, msg := content.Normalize(raw)
		if msg != "" {
			continue
		}
		front, _, bodyLine, ok := content.SplitFrontMatter(src)
		if !ok {
			continue
		}
		if bodyLine < 0 {
			// Not closed: the whole rest of the file may be front matter.
			_, rest, _ := strings.Cut(string(src), "\n")
			front = []byte(rest)
		}
		for _, m := range idLine.FindAllSubmatch(front, -1) {
			id := string(m[1])
			if _, seen := ids[id]; !seen {
				ids[id] = p
			}
		}
	}
	return ids
}

// lineWriter returns a function that writes each of its arguments to b as
// a line: the templates are written line by line, comments and all.
func lineWriter(b *strings.Builder) func(lines ...string) {
	return func(lines ...string) {
		for _, l := range lines {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
}
