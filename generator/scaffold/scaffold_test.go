package scaffold

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/yamlx"
	"github.com/diachido/diachido/internal/testsite"
	"go.yaml.in/yaml/v3"
)

var today = time.Date(2026, 3, 26, 10, 0, 0, 0, time.UTC)

func TestSlugFromVietnameseTitle(t *testing.T) {
	p, _, err := Render(Entry{Kind: content.Site, Title: "Đình Phước Thiền", ID: "NT-004", Lang: "vi", Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if want := "content/sites/dinh-phuoc-thien/index.vi.md"; p != want {
		t.Errorf("path = %q, want %q", p, want)
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]content.Kind{
		"site": content.Site, "sites": content.Site, "Marker": content.Marker,
		"tour": content.Tour, "page": content.Page, " pages ": content.Page,
	} {
		if got, ok := ParseKind(in); !ok || got != want {
			t.Errorf("ParseKind(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "s", "post", "siteses", "di-tich"} {
		if got, ok := ParseKind(in); ok {
			t.Errorf("ParseKind(%q) = %q, want not ok", in, got)
		}
	}
}

func TestNextID(t *testing.T) {
	tests := []struct {
		name   string
		prefix string
		used   []string
		want   string
	}{
		{"empty site", "NT", nil, "NT-001"},
		{"one above highest", "NT", []string{"NT-001", "NT-004", "NT-002"}, "NT-005"},
		{"other shapes ignored", "NT", []string{"NT-003", "NT-T01", "NT-M999", "QN-M676", "ABOUT"}, "NT-004"},
		{"other prefixes ignored", "NT", []string{"QN-010", "NTX-050", "XNT-060"}, "NT-001"},
		{"gaps are not filled", "NT", []string{"NT-001", "NT-009"}, "NT-010"},
		{"beyond three digits", "NT", []string{"NT-999"}, "NT-1000"},
		{"unpadded numbers count", "NT", []string{"NT-12"}, "NT-013"},
		{"long prefix", "QUANGNAM", []string{"QUANGNAM-041"}, "QUANGNAM-042"},
		{"digits in prefix", "Q2", []string{"Q2-007"}, "Q2-008"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NextID(tt.prefix, tt.used)
			if err != nil || got != tt.want {
				t.Errorf("NextID(%q, %v) = %q, %v; want %q", tt.prefix, tt.used, got, err, tt.want)
			}
		})
	}
	if id, err := NextID("ABCDEFGHIJ", []string{"ABCDEFGHIJ-99999"}); err == nil {
		t.Errorf("NextID over 16 characters = %q, want an error", id)
	}
	if _, err := NextID("", nil); err == nil {
		t.Error("NextID without prefix: want an error")
	}
}

// fields returns the top-level keys a rendered file sets, after checking
// that it decodes strictly into the contract's front matter.
func fields(t *testing.T, data []byte) (content.Front, map[string]bool) {
	t.Helper()
	front, body, _, ok := content.SplitFrontMatter(data)
	if !ok || front == nil {
		t.Fatalf("no front matter in\n%s", data)
	}
	if len(body) == 0 {
		t.Error("empty body")
	}
	var f content.Front
	node, problems := yamlx.Decode(front, &f, 1)
	if len(problems) > 0 || node == nil {
		t.Fatalf("front matter does not decode: %v\n%s", problems, front)
	}
	keys := map[string]bool{}
	root := node.Content[0]
	if root.Kind != yaml.MappingNode {
		t.Fatalf("front matter is not a mapping")
	}
	for i := 0; i < len(root.Content); i += 2 {
		keys[root.Content[i].Value] = true
	}
	return f, keys
}

func TestRenderEveryKind(t *testing.T) {
	// Set (uncommented) fields per kind; everything else is commented out.
	want := map[content.Kind][]string{
		content.Site:       {"id", "title", "summary", "location", "tags", "updated", "draft"},
		content.Marker:     {"id", "title", "summary", "location", "marker", "tags", "updated", "draft"},
		content.Tour:       {"id", "title", "summary", "stops", "tags", "updated", "draft"},
		content.Exhibition: {"id", "title", "summary", "tags", "updated", "draft"},
		content.Page:       {"id", "title", "summary", "tags", "updated", "draft"},
	}
	// Commented-out optional fields every kind offers, and per kind.
	optional := map[content.Kind][]string{
		content.Site:       {"address", "province", "district", "category", "rank", "recognized"},
		content.Marker:     {"province", "district", "year"},
		content.Page:       {"weight"},
		content.Exhibition: {"period", "related", "placard"},
	}
	for _, k := range content.Kinds {
		for _, lang := range []string{"vi", "en"} {
			p, data, err := Render(Entry{Kind: k, Title: "Thử: \"ngoặc\" # và \\ gạch", ID: "NT-007", Lang: lang, Today: today})
			if err != nil {
				t.Fatal(err)
			}
			if want := "content/" + string(k) + "/thu-ngoac-va-gach/index." + lang + ".md"; p != want {
				t.Errorf("%s: path %q, want %q", k, p, want)
			}
			f, keys := fields(t, data)
			if f.ID != "NT-007" || f.Title != `Thử: "ngoặc" # và \ gạch` || !f.Draft || f.Updated != "2026-03-26" {
				t.Errorf("%s: decoded %+v", k, f)
			}
			for _, key := range want[k] {
				if !keys[key] {
					t.Errorf("%s: field %s not set", k, key)
				}
				delete(keys, key)
			}
			for key := range keys {
				t.Errorf("%s: unexpected field %s", k, key)
			}
			text := string(data)
			for _, key := range append([]string{"photos", "videos", "audio", "sources", "aliases"}, optional[k]...) {
				if !strings.Contains(text, "# "+key+":") {
					t.Errorf("%s: no commented-out %s", k, key)
				}
			}
			if !strings.Contains(text, "XÓA dòng này") || !strings.Contains(text, "DELETE this line") {
				t.Errorf("%s: the draft line does not say to delete it", k)
			}
			if !strings.Contains(text, "\n## ") {
				t.Errorf("%s: body has no heading", k)
			}
			if k != content.Page && !strings.Contains(text, "`sources`") {
				t.Errorf("%s: body has no reminder about sources", k)
			}
			// Every top-level field is explained by the comment line above.
			lines := strings.Split(text, "\n")
			for i := 1; i < len(lines) && lines[i] != "---"; i++ {
				l := lines[i]
				if l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, " ") {
					continue
				}
				if !strings.HasPrefix(lines[i-1], "# ") || !strings.Contains(lines[i-1], " / ") {
					t.Errorf("%s: field line %q has no bilingual comment above it", k, l)
				}
			}
		}
	}
}

func TestRenderErrors(t *testing.T) {
	ok := Entry{Kind: content.Site, Title: "Đình", ID: "NT-001", Lang: "vi", Today: today}
	tests := []struct {
		name string
		edit func(*Entry)
		want string
	}{
		{"empty title", func(e *Entry) { e.Title = " \t\n" }, "title is empty"},
		{"bad id", func(e *Entry) { e.ID = "nt-1" }, "capital letters"},
		{"long id", func(e *Entry) { e.ID = "NT-00000000000001" }, "16 characters"},
		{"bad slug", func(e *Entry) { e.Slug = "Dinh_A" }, "lowercase"},
		{"no latin letters", func(e *Entry) { e.Title = "ວັດພູ" }, "-slug"},
		{"unknown kind", func(e *Entry) { e.Kind = "posts" }, "unknown kind"},
		{"bad language", func(e *Entry) { e.Lang = "../x" }, "language"},
	}
	for _, tt := range tests {
		e := ok
		tt.edit(&e)
		if _, _, err := Render(e); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one containing %q", tt.name, err, tt.want)
		}
	}
	e := ok
	e.Title, e.Slug = "ວັດພູ", "wat-phou"
	if p, _, err := Render(e); err != nil || p != "content/sites/wat-phou/index.vi.md" {
		t.Errorf("explicit slug: %q, %v", p, err)
	}
}

func TestCleanTitle(t *testing.T) {
	for in, want := range map[string]string{
		"  Đình   Phú\tMỹ \n":      "Đình Phú Mỹ",
		"Đi\u0300nh":               "Đình", // decomposed → NFC
		"A\x00B\x1bC":              "ABC",
		"bad \xff utf8":            "bad utf8",
		"Cột mốc 663 (VN\u00a0LA)": "Cột mốc 663 (VN LA)",
	} {
		if got := CleanTitle(in); got != want {
			t.Errorf("CleanTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScanIDs(t *testing.T) {
	fsys := testsite.MapFS(map[string]string{
		"content/sites/a/index.vi.md":       "---\nid: NT-001\ntitle: A\n---\nid: NT-099 in the body does not count\n",
		"content/sites/a/index.en.md":       "---\ntitle: A\n---\n",
		"content/sites/draft/index.vi.md":   "---\nid: \"NT-007\"  # a draft\ndraft: true\n---\n",
		"content/sites/broken/index.md":     "---\nid: 'NT-004'\ntitle: [unclosed\n---\n",
		"content/tours/t/index.vi.md":       "\ufeff---\r\nid: NT-T01\r\nstops: [NT-001]\r\n---\r\n",
		"content/markers/open/index.vi.md":  "---\nid: NT-010\ntitle: front matter never closed\n",
		"content/sites/a/notes.md":          "---\nid: NT-500\n---\n",
		"content/sites/.hidden/index.vi.md": "---\nid: NT-600\n---\n",
		"content/sites/a/photo.jpg":         "id: NT-700\n",
	})
	got := ScanIDs(fsys)
	want := map[string]string{
		"NT-001": "content/sites/a/index.vi.md",
		"NT-007": "content/sites/draft/index.vi.md",
		"NT-004": "content/sites/broken/index.md",
		"NT-T01": "content/tours/t/index.vi.md",
		"NT-010": "content/markers/open/index.vi.md",
	}
	if len(got) != len(want) {
		t.Errorf("ScanIDs = %v, want %v", got, want)
	}
	for id, f := range want {
		if got[id] != f {
			t.Errorf("ScanIDs[%s] = %q, want %q", id, got[id], f)
		}
	}
	if len(ScanIDs(fstest.MapFS{})) != 0 {
		t.Error("ScanIDs of an empty source is not empty")
	}
}
