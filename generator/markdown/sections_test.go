package markdown

import (
	"strings"
	"testing"
)

func TestSplitDateForms(t *testing.T) {
	cases := []struct{ in, date, title string }{
		{"1944 — Thành lập Đội", "1944", "Thành lập Đội"},
		{"1911–1946 — Tuổi trẻ", "1911–1946", "Tuổi trẻ"},
		{"1911-1946 - Tuổi trẻ", "1911–1946", "Tuổi trẻ"},
		{"1930 — 1945 — Hai mốc", "1930–1945", "Hai mốc"},
		{"1945-09-02 — Tuyên ngôn", "1945-09-02", "Tuyên ngôn"},
		{"1954-05 – Điện Biên Phủ", "1954-05", "Điện Biên Phủ"},
		{"Tuổi thơ ở Quảng Bình", "", "Tuổi thơ ở Quảng Bình"},
		{"1944 Thành lập", "", "1944 Thành lập"},
		{"Năm 1944 — Thành lập", "", "Năm 1944 — Thành lập"},
		{"1944—Thành lập", "", "1944—Thành lập"},
	}
	for _, c := range cases {
		d, ti := SplitDate(c.in)
		if d != c.date || ti != c.title {
			t.Errorf("%q: got %q, %q; want %q, %q", c.in, d, ti, c.date, c.title)
		}
	}
}

type fileRes map[string]bool

func (f fileRes) ResolveID(id string) (string, bool) {
	return "/vi/sites/" + strings.ToLower(id) + "/", true
}
func (f fileRes) ResolveFile(name string) (string, bool) {
	if !f[name] {
		return "", false
	}
	return "/exhibitions/x/" + name, true
}

func TestStoryCutsSectionsWithDatesAnchorsAndFigures(t *testing.T) {
	src := "Lời giới thiệu, xem [đình](id:NT-001).\n\n" +
		"## 1911 — Tuổi thơ\n\nSinh ở **Quảng Bình**.\n\n![Bản đồ](ban-do.jpg \"Bản đồ các nơi\")\n\nCuối phần.\n\n### Chi tiết\n\nThêm.\n\n" +
		"## 1911 — Tuổi thơ\n\nLặp lại.\n\n" +
		"## Không có năm\n\n![Trước](a.jpg \"trước: 1990\")\n![Sau](b.jpg \"sau: 2020\")\n"
	st, err := New().Story([]byte(src), fileRes{"ban-do.jpg": true, "a.jpg": true, "b.jpg": true})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Intro) != 1 || !strings.Contains(string(st.Intro[0].HTML), `<a href="/vi/sites/nt-001/">đình</a>`) {
		t.Errorf("intro %+v", st.Intro)
	}
	if len(st.Sections) != 3 {
		t.Fatalf("%d sections", len(st.Sections))
	}
	s := st.Sections[0]
	if s.Title != "Tuổi thơ" || s.Date != "1911" || s.Anchor != "phan-1-1911-tuoi-tho" || s.Line != 3 {
		t.Errorf("section 1: %+v", s)
	}
	if len(s.Blocks) != 3 || len(s.Blocks[1].Images) != 1 {
		t.Fatalf("section 1 blocks: %+v", s.Blocks)
	}
	im := s.Blocks[1].Images[0]
	if im.File != "ban-do.jpg" || im.Alt != "Bản đồ" || im.Caption != "Bản đồ các nơi" || im.Line != 7 {
		t.Errorf("image %+v", im)
	}
	if !strings.Contains(string(s.Blocks[0].HTML), "<strong>Quảng Bình</strong>") || !strings.Contains(string(s.Blocks[2].HTML), "<h3") {
		t.Errorf("section text %q / %q", s.Blocks[0].HTML, s.Blocks[2].HTML)
	}
	if st.Sections[1].Anchor != "phan-2-1911-tuoi-tho" || st.Sections[2].Anchor != "phan-3-khong-co-nam" || st.Sections[2].Date != "" {
		t.Errorf("anchors %q %q", st.Sections[1].Anchor, st.Sections[2].Anchor)
	}
	if b := st.Sections[2].Blocks; len(b) != 1 || len(b[0].Images) != 2 || b[0].Images[1].Caption != "sau: 2020" {
		t.Errorf("pair %+v", b)
	}
}

func TestStoryWithoutSectionsAndRawHTML(t *testing.T) {
	st, err := New().Story([]byte("Chỉ có lời.\n\n<script>alert(1)</script>\n\n# Tiêu đề\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Sections) != 0 || len(st.Intro) != 1 || strings.Contains(string(st.Intro[0].HTML), "<script>") {
		t.Errorf("%+v %q", st.Sections, st.Intro[0].HTML)
	}
	// With a "# " heading every heading moves down a level; its ## still
	// start sections.
	st, _ = New().Story([]byte("# Lớn\n\n## 1944 — Một\n\nA\n"), nil)
	if len(st.Sections) != 1 || st.Sections[0].Date != "1944" {
		t.Errorf("%+v", st)
	}
}
