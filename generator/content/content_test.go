package content

import (
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/diachido/diachido/generator/diag"
)

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Đình Phước Thiền":              "dinh-phuoc-thien",
		"Địa đạo Nhơn Trạch":            "dia-dao-nhon-trach",
		"Di tích vụ thảm sát Giồng Sắn": "di-tich-vu-tham-sat-giong-san",
		"Cột mốc 692 (Việt Nam – Lào)":  "cot-moc-692-viet-nam-lao",
		"  Khu   tưởng niệm  ":          "khu-tuong-niem",
		"ĐỒNG KHỞI":                     "dong-khoi",
		// decomposed input (macOS, Word) gives the same slug
		"Đi\u0300nh Phu\u0301 My\u0303": "dinh-phu-my",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
		if !SlugRe.MatchString(Slugify(in)) {
			t.Errorf("Slugify(%q) is not a valid slug", in)
		}
	}
}

func TestFold(t *testing.T) {
	if got := Fold("Địa đạo Nhơn Trạch"); got != "dia dao nhon trach" {
		t.Errorf("Fold = %q", got)
	}
}

func TestSplitFrontMatter(t *testing.T) {
	for _, tc := range []struct {
		in    string
		front string
		body  string
		line  int
		ok    bool
	}{
		{"---\ntitle: x\n---\nbody\n", "title: x\n", "body\n", 4, true},
		{"---\n---\n", "", "", 3, true},
		{"---\ntitle: x\n---", "title: x\n", "", 4, true},
		{"title: x\n", "", "", 0, false},
		{"---\ntitle: x\n", "", "", -1, true},
		{"--- \ntitle: x\n---  \nb", "title: x\n", "b", 4, true},
	} {
		front, body, line, ok := SplitFrontMatter([]byte(tc.in))
		if string(front) != tc.front || string(body) != tc.body || line != tc.line || ok != tc.ok {
			t.Errorf("SplitFrontMatter(%q) = %q, %q, %d, %v", tc.in, front, body, line, ok)
		}
	}
}

func TestNormalize(t *testing.T) {
	out, _, msg := Normalize([]byte("\ufeff---\r\ntitle: \u0110i\u0300nh\r\n---\r\n"))
	if msg != "" || string(out) != "---\ntitle: Đình\n---\n" {
		t.Errorf("Normalize = %q, %q", out, msg)
	}
	if _, line, msg := Normalize([]byte("a\nb\n\xff")); line != 3 || msg == "" {
		t.Errorf("invalid UTF-8 on line %d: %q", line, msg)
	}
	if _, line, msg := Normalize([]byte("a\x00")); line != 1 || !strings.Contains(msg, "NUL") {
		t.Errorf("binary: %d %q", line, msg)
	}
}

func TestInheritanceDoesNotLeakBetweenLanguages(t *testing.T) {
	fsys := fstest.MapFS{
		"content/sites/a/index.vi.md": {Data: []byte("---\nid: A-1\ntitle: Đình\nsummary: Tóm tắt.\nlocation: {lat: 10, lng: 106}\ntags: [đình]\nparams: {k: vi}\n---\nThân bài\n")},
		"content/sites/a/index.en.md": {Data: []byte("---\ntitle: Temple\nparams: {k: en}\nlocation: {lat: 11}\n---\nBody\n")},
	}
	var diags diag.List
	c := Load(fsys, Options{Languages: []string{"vi", "en"}}, &diags)
	if diags.HasErrors() {
		t.Fatal(diags.String())
	}
	e := c.ByID["A-1"]
	vi, en := e.Docs["vi"], e.Docs["en"]
	if en.Front.Summary != "Tóm tắt." || en.Front.Tags[0] != "đình" || en.Front.ID != "A-1" {
		t.Errorf("en did not inherit: %+v", en.Front)
	}
	if en.Front.Title != "Temple" || string(en.Body) != "Body\n" {
		t.Errorf("en own fields: %q %q", en.Front.Title, en.Body)
	}
	if vi.Front.Params["k"] != "vi" || *vi.Front.Location.Lat != 10 {
		t.Errorf("the translation changed the default: %+v %v", vi.Front.Params, *vi.Front.Location.Lat)
	}
	if *en.Front.Location.Lat != 11 || *en.Front.Location.Lng != 106 {
		t.Errorf("en location = %v,%v", *en.Front.Location.Lat, *en.Front.Location.Lng)
	}
	if d, real := e.Doc("lo"); real || d != vi {
		t.Error("a missing language should fall back to the default file")
	}
}

func TestCRLFAndBOMFilesLoadWithRightLines(t *testing.T) {
	fsys := fstest.MapFS{
		"content/sites/a/index.vi.md": {Data: []byte("\ufeff---\r\nid: A-1\r\ntitle: Đình\r\nsummary: x\r\nlocation: {lat: 100, lng: 106}\r\n---\r\n")},
	}
	var diags diag.List
	Load(fsys, Options{Languages: []string{"vi"}}, &diags)
	got := diags.String()
	if !strings.Contains(got, "content/sites/a/index.vi.md:5: latitude 100 is outside") {
		t.Errorf("diagnostics: %s", got)
	}
}

// isNFC answers as norm does for any valid UTF-8: Vietnamese precomposed
// and decomposed, Lao with its vowel signs, compatibility characters.
func FuzzIsNFC(f *testing.F) {
	for _, s := range []string{"Đình Phú Mỹ", "Đi\u0300nh", "ຫຼັກໝາຍ ເຂດແດນ", "Ω \u2126 Å \u212b", "e\u0301\u0323", "한국어 \u1100\u1161", "ﬁ ½", "plain ASCII", "tiếng Việt có dấu: ắằẳẵặ ỏọ", "\u0f73 \u0344"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !utf8.Valid(b) {
			return
		}
		if got, want := isNFC(b), norm.NFC.IsNormal(b); got != want {
			t.Fatalf("isNFC(%q) = %v, norm says %v", b, got, want)
		}
	})
}
