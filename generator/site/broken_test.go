package site

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/internal/testsite"
)

// Broken input: each fixture is the valid base site with one thing an
// editor could commit by mistake (or on purpose). Each must be answered by
// a path:line message, a failed build (ErrContent, exit status 1) and the
// previous output left exactly as it was, quickly and in little memory.

const (
	phuMyFile   = "content/sites/dinh-phu-my/index.vi.md"
	tunnelsFile = "content/sites/dia-dao-nhon-trach/index.vi.md"
	tourFile    = "content/tours/hanh-trinh/index.vi.md"
	moc692      = "content/markers/cot-moc-692/index.vi.md"
)

type brokenCase struct {
	name   string
	change func(f map[string]string)
	// want are the starts of error lines ("path:line: message…") that must
	// all be reported.
	want []string
}

func edit(name, old, new string) func(map[string]string) {
	return func(f map[string]string) {
		if !strings.Contains(f[name], old) {
			panic("fixture: " + old + " not in " + name)
		}
		f[name] = strings.Replace(f[name], old, new, 1)
	}
}

func put(name, body string) func(map[string]string) {
	return func(f map[string]string) { f[name] = body }
}

func both(a, b func(map[string]string)) func(map[string]string) {
	return func(f map[string]string) { a(f); b(f) }
}

// pngHeader is a PNG signature and an IHDR chunk (with a correct CRC) that
// claims w×h pixels; no pixel data follows.
func pngHeader(w, h uint32) string {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	chunk := append([]byte("IHDR"), ihdr...)
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	b.WriteString("\x00\x00\x00\x00IEND\xaeB`\x82")
	return b.String()
}

func utf16File(s string) string {
	var b bytes.Buffer
	b.WriteString("\xff\xfe")
	for _, u := range utf16.Encode([]rune(s)) {
		binary.Write(&b, binary.LittleEndian, u)
	}
	return b.String()
}

// billionLaughs nests aliases nine deep: 10^9 strings if expanded.
func billionLaughs() string {
	var b strings.Builder
	b.WriteString("params:\n  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "  a%d: &a%d [", i, i)
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

func brokenCases() []brokenCase {
	manyTags := make([]string, 10000)
	for i := range manyTags {
		manyTags[i] = fmt.Sprintf("thẻ %d", i)
	}
	manyTags[9999] = `""`
	return []brokenCase{
		// Files that are not text.
		{"empty file", put(phuMyFile, ""),
			[]string{phuMyFile + ":1: missing front matter"}},
		{"only spaces", put(phuMyFile, "  \n\n"),
			[]string{phuMyFile + ":1: missing front matter"}},
		{"PNG bytes as index.vi.md", put(phuMyFile, pngHeader(64, 64)),
			[]string{phuMyFile + ":3: this is not a text file (it contains a NUL byte)"}},
		{"invalid UTF-8 in the body", edit(phuMyFile, "Đình gần", "\xff\xfe gần"),
			[]string{phuMyFile + ":10: text is not UTF-8"}},
		{"Latin-1 (Windows-1258) text", put(phuMyFile, "---\nid: NT-002\ntitle: \xd0\xecnh Ph\xfa M\xfd\n---\n"),
			[]string{phuMyFile + ":3: text is not UTF-8"}},
		{"UTF-16 with BOM", put(phuMyFile, utf16File("---\nid: NT-002\ntitle: Đình\n---\n")),
			[]string{phuMyFile + ":1: text is UTF-16, not UTF-8"}},
		// YAML syntax.
		{"tab indentation", edit(phuMyFile, "province: Đồng Nai", "province:\n\t- Đồng Nai"),
			[]string{phuMyFile + ":7: YAML syntax: found character that cannot start any token"}},
		{"unclosed quote", edit(phuMyFile, "province: Đồng Nai", `province: "Đồng Nai`),
			[]string{phuMyFile + ":6: YAML syntax: found unexpected end of stream (a quote is not closed)"}},
		{"unclosed brace", edit(phuMyFile, "location: {lat: 10.7452, lng: 106.8968}", "location: {lat: 10.7452, lng: 106.8968"),
			[]string{phuMyFile + ":5: YAML syntax: did not find expected ',' or '}'"}},
		{"colon in a value", edit(phuMyFile, "summary: Ngôi đình cổ ở xã Phú Hội.", "summary: Đình: ngôi đình: cổ"),
			[]string{phuMyFile + ":4: YAML syntax: mapping values are not allowed in this context"}},
		{"field set twice", edit(phuMyFile, "province: Đồng Nai", "province: Đồng Nai\nprovince: Bình Dương"),
			[]string{phuMyFile + `:7: field "province" is set twice (first at line 6)`}},
		{"front matter is a list", put(phuMyFile, "---\n- id: NT-002\n- title: x\n---\n"),
			[]string{phuMyFile + ":2: front matter must be fields, one per line"}},
		// Wrong types.
		{"title is a list", edit(phuMyFile, "title: Đình Phú Mỹ", "title: [Đình, Phú Mỹ]"),
			[]string{phuMyFile + ":3: expected text, got a list"}},
		{"location is text", edit(phuMyFile, "location: {lat: 10.7452, lng: 106.8968}", `location: "10.7452, 106.8968"`),
			[]string{phuMyFile + `:5: expected a mapping (key: value lines), got "10.7452..."`}},
		{"stops is a number", edit(tourFile, "stops: [NT-002, NT-001]", "stops: 5"),
			[]string{tourFile + `:5: expected a list, got "5"`}},
		{"recognized is text", edit(phuMyFile, "rank: provincial", "rank: provincial\nrecognized: năm 2001"),
			[]string{phuMyFile + `:9: expected a number, got "năm 2001"`}},
		{"draft is not a boolean", edit(phuMyFile, "rank: provincial", "rank: provincial\ndraft: có"),
			[]string{phuMyFile + `:9: expected true or false, got "có"`}},
		{"tags is a mapping", edit(phuMyFile, "rank: provincial", "rank: provincial\ntags: {a: b}"),
			[]string{phuMyFile + ":9: expected a list, got a mapping"}},
		// Out of range.
		{"longitude out of range", edit(phuMyFile, "lng: 106.8968", "lng: 206.8968"),
			[]string{phuMyFile + ":5: longitude 206.8968 is outside -180…180"}},
		{"location 0, 0", edit(phuMyFile, "lat: 10.7452, lng: 106.8968", "lat: 0, lng: 0"),
			[]string{phuMyFile + ":5: location 0, 0 is in the Atlantic Ocean"}},
		{"location NaN", edit(phuMyFile, "lat: 10.7452", "lat: .nan"),
			[]string{phuMyFile + ":5: location needs real numbers for lat and lng"}},
		{"location infinite", edit(phuMyFile, "lng: 106.8968", "lng: -.inf"),
			[]string{phuMyFile + ":5: longitude -Inf is outside -180…180"}},
		{"location without lng", edit(phuMyFile, "lat: 10.7452, lng: 106.8968", "lat: 10.7452"),
			[]string{phuMyFile + ":5: location needs both lat and lng"}},
		{"recognized year", edit(phuMyFile, "rank: provincial", "rank: provincial\nrecognized: 1066"),
			[]string{phuMyFile + ":9: recognized 1066 is not a year of a ranking decision"}},
		{"marker year", edit(moc692, "year: 2012", "year: 3012"),
			[]string{moc692 + ":7: marker year 3012 is not a plausible year"}},
		{"marker border not a country", edit(moc692, "border: VN-LA", "border: VN-XX"),
			[]string{moc692 + `:7: marker border "VN-XX": XX is not an ISO 3166 country code`}},
		{"empty summary", edit(phuMyFile, "summary: Ngôi đình cổ ở xã Phú Hội.", `summary: "  "`),
			[]string{phuMyFile + ":4: missing summary"}},
		// IDs.
		{"missing id", edit(phuMyFile, "id: NT-002\n", ""),
			[]string{phuMyFile + ":1: missing id"}},
		{"id too long", edit(phuMyFile, "id: NT-002", "id: NT-00000000000002"),
			[]string{phuMyFile + `:2: id "NT-00000000000002" must be capital letters`}},
		{"duplicated id across kinds", edit(moc692, "id: QN-M692", "id: NT-T01"),
			[]string{tourFile + ":2: ID NT-T01 is already used by " + moc692 + ":2"}},
		{"two files for one language", put("content/sites/dinh-phu-my/index.md", "---\nid: NT-002\ntitle: x\nsummary: y\n---\n"),
			[]string{"content/sites/dinh-phu-my/index.vi.md:1: two files for language \"vi\" in one entry"}},
		// References.
		{"tour stop is the tour itself", edit(tourFile, "stops: [NT-002, NT-001]", "stops: [NT-002, NT-T01]"),
			[]string{tourFile + ":5: tour stop NT-T01 is a tour, not a site or marker"}},
		{"tour stop is a page", edit(tourFile, "stops: [NT-002, NT-001]", "stops: [ABOUT, NT-001]"),
			[]string{tourFile + ":5: tour stop ABOUT is a page, not a site or marker"}},
		{"tour without stops", edit(tourFile, "stops: [NT-002, NT-001]", "stops: []"),
			[]string{tourFile + ":5: a tour needs stops"}},
		{"link to a draft", both(edit(tunnelsFile, "updated: 2026-03-26", "updated: 2026-03-26\ndraft: true"), func(map[string]string) {}),
			[]string{phuMyFile + ":10: link to id:NT-001 points to a draft (" + tunnelsFile + ") that is not published",
				tourFile + ":5: tour stop NT-001 is a draft (" + tunnelsFile + ")"}},
		{"missing audio", edit(phuMyFile, "rank: provincial", "rank: provincial\naudio:\n  - src: thuyet-minh.mp3\n    title: Thuyết minh"),
			[]string{phuMyFile + `:10: audio file "thuyet-minh.mp3" is missing from content/sites/dinh-phu-my/`}},
		{"photo that is a text file", both(edit(phuMyFile, "rank: provincial", "rank: provincial\nphotos:\n  - src: ghi-chu.txt\n    alt: Ghi chú"),
			put("content/sites/dinh-phu-my/ghi-chu.txt", "x")),
			[]string{phuMyFile + `:10: photo "ghi-chu.txt" must be a .jpg, .jpeg, .png, .webp, .gif file`}},
		{"photo of 30000×30000 pixels", both(edit(phuMyFile, "rank: provincial", "rank: provincial\nphotos:\n  - src: cong.png\n    alt: Cổng"),
			put("content/sites/dinh-phu-my/cong.png", pngHeader(30000, 30000))),
			[]string{phuMyFile + `:10: photo "cong.png": the image is 30000×30000 pixels`}},
		{"photo that is not an image", both(edit(phuMyFile, "rank: provincial", "rank: provincial\nphotos:\n  - src: cong.jpg\n    alt: Cổng"),
			put("content/sites/dinh-phu-my/cong.jpg", "<html>not a photo</html>")),
			[]string{phuMyFile + `:10: photo "cong.jpg": not a readable JPEG, PNG, GIF or WebP image`}},
		{"video that is not a video address", edit(phuMyFile, "rank: provincial", "rank: provincial\nvideos:\n  - url: https://example.com/phim\n    title: Phim"),
			[]string{phuMyFile + `:10: video url: "https://example.com/phim" is not a YouTube, Facebook or Vimeo link`}},
		{"source url with javascript:", edit(phuMyFile, "rank: provincial", "rank: provincial\nsources:\n  - title: Báo\n    url: javascript:alert(1)"),
			[]string{phuMyFile + `:11: source url "javascript:alert(1)" must be a full web address starting with https://`}},
		{"image from another site", edit(phuMyFile, "Đình gần", "![ảnh](https://tracker.example/pixel.png)\n\nĐình gần"),
			[]string{phuMyFile + `:10: image "https://tracker.example/pixel.png" must be a file in the entry's folder, not a web address`}},
		{"vbscript link", edit(phuMyFile, "Đình gần", "[x](vbscript:msgbox(1)) Đình gần"),
			[]string{phuMyFile + `:10: link "vbscript:msgbox(1)" is not allowed`}},
		// Languages and folders.
		{"language code in capitals", put("content/sites/dinh-phu-my/index.EN.md", "---\ntitle: x\nsummary: y\n---\n"),
			[]string{`content/sites/dinh-phu-my/index.EN.md: unknown language "EN" in the file name`}},
		{"unknown content folder", put("content/relics/dinh/index.vi.md", "---\n---\n"),
			[]string{`content/relics: unknown folder "relics"`}},
		{"entry file outside a folder", put("content/sites/dinh-moi.md", "---\n---\n"),
			[]string{"content/sites/dinh-moi.md: each entry is a folder"}},
		{"site.yaml language twice", edit("site.yaml", "  - code: en", "  - code: vi\n    title: Lặp\n  - code: en"),
			[]string{"site.yaml:6: language \"vi\" is listed twice (first at line 3)"}},
		{"site.yaml not UTF-8", edit("site.yaml", "organization: Huyện đoàn Thử nghiệm", "organization: Huy\xea\xf2n"),
			[]string{"site.yaml:9: text is not UTF-8"}},
		{"site.yaml YAML bomb", func(f map[string]string) {
			f["site.yaml"] += strings.Replace(billionLaughs(), "params:", "retired:", 1)
		},
			[]string{"site.yaml:"}},
		{"interface strings are a list", put("i18n/vi.yaml", "- facts\n- Thông tin\n"),
			[]string{"i18n/vi.yaml:1: expected a mapping"}},
		// Size and shape attacks.
		{"YAML bomb (billion laughs)", edit(phuMyFile, "rank: provincial\n", "rank: provincial\n"+billionLaughs()),
			[]string{phuMyFile + ":2: document contains excessive aliasing"}},
		{"alias cycle", edit(phuMyFile, "rank: provincial\n", "rank: provincial\nparams: &p {self: *p}\n"),
			[]string{phuMyFile + ":2: anchor 'p' value contains itself"}},
		{"front matter of 1 MB", edit(phuMyFile, "summary: Ngôi đình cổ ở xã Phú Hội.", "summary: "+strings.Repeat("Đình cổ ", 1<<20/10)),
			[]string{phuMyFile + ":4: summary is 838855 characters; keep it to 300"}},
		{"10,000 tags, one empty", edit(phuMyFile, "rank: provincial", "rank: provincial\ntags: ["+strings.Join(manyTags, ", ")+"]"),
			[]string{phuMyFile + ":9: empty tag"}},
		{"10,000 tags, one per line, one empty", edit(phuMyFile, "rank: provincial", "rank: provincial\ntags:\n  - "+strings.Join(manyTags, "\n  - ")),
			[]string{phuMyFile + ":10009: empty tag"}},
		{"a line of 1.5 MB", edit(phuMyFile, "Đình gần", strings.Repeat("Đình ", 200000)+"[x](javascript:alert(1))\n\nĐình gần"),
			[]string{phuMyFile + `:10: link "javascript:alert(1)" is not allowed`}},
		{"alias with ..", edit(phuMyFile, "rank: provincial", "rank: provincial\naliases: [/vi/../../etc/]"),
			[]string{phuMyFile + `:9: alias "/vi/../../etc/" must be an old path on this site`}},
		{"alias with an empty segment", edit(phuMyFile, "rank: provincial", "rank: provincial\naliases: [\"/vi//x/\"]"),
			[]string{phuMyFile + `:9: alias "/vi//x/" must be an old path on this site`}},
		{"alias of the home page", edit(phuMyFile, "rank: provincial", "rank: provincial\naliases: [/]"),
			[]string{phuMyFile + `:9: alias "/" must be an old path on this site`}},
		{"lists nested 100,000 levels", edit(phuMyFile, "Đình gần", strings.Repeat("- ", 100000)+"x\n\nĐình gần"),
			[]string{phuMyFile + ":10: lists or quotes are nested 100000 levels deep here"}},
		{"quotes nested 100,000 levels", edit(phuMyFile, "Đình gần", strings.Repeat(">", 100000)+" x\n\nĐình gần"),
			[]string{phuMyFile + ":10: lists or quotes are nested 100000 levels deep here"}},
		{"list indented 1,000 levels", edit(phuMyFile, "Đình gần", func() string {
			var b strings.Builder
			for i := 0; i < 1000; i++ {
				b.WriteString(strings.Repeat("  ", i) + "- x\n")
			}
			return b.String() + "\nĐình gần"
		}()), []string{phuMyFile + ":1008: lists or quotes are nested 500 levels deep here"}},
		// Exhibitions.
		{"exhibition image not in its folder", put(exBrokenFile, exBroken("related: [NT-002]", "![Rừng Trần Hưng Đạo](rung.png \"Nơi thành lập\")")),
			[]string{exBrokenFile + `:11: file "rung.png" is missing from content/exhibitions/trien-lam/`}},
		{"exhibition image without alt", both(put(exBrokenFile, exBroken("related: [NT-002]", "![](rung.png \"Nơi thành lập\")")), put("content/exhibitions/trien-lam/rung.png", testsite.PNG(40, 30, color.RGBA{0, 0, 0, 255}))),
			[]string{exBrokenFile + `:11: image "rung.png" needs alt`}},
		{"exhibition image from another site", put(exBrokenFile, exBroken("related: [NT-002]", "![Rừng](https://example.com/rung.jpg)")),
			[]string{exBrokenFile + `:11: image "https://example.com/rung.jpg" must be a file in the entry's folder, not a web address`}},
		{"exhibition related ID unknown", put(exBrokenFile, exBroken("related: [NT-404]", "Rừng.")),
			[]string{exBrokenFile + ":5: unknown related ID NT-404: no entry has this ID"}},
		{"exhibition without sections", put(exBrokenFile, strings.Replace(exBroken("related: [NT-002]", "Rừng."), "## 1944 — Thành lập\n", "", 1)),
			[]string{exBrokenFile + ":7: an exhibition needs sections"}},
	}
}

const exBrokenFile = "content/exhibitions/trien-lam/index.vi.md"

// exBroken is an exhibition whose related: is line 5, whose body starts at
// line 7 and whose only section's content is line 11.
func exBroken(related, content string) string {
	return "---\nid: NT-E01\ntitle: Triển lãm\nsummary: Một triển lãm.\n" + related + "\n---\nGiới thiệu.\n\n## 1944 — Thành lập\n\n" + content + "\n"
}

var diagLineRe = regexp.MustCompile(`^[^:]+(:[1-9][0-9]*)?: .`)

// checkBroken asserts that every wanted line is reported and that every
// error names its file (and its line wherever the file has lines).
func checkBroken(t *testing.T, diags *diag.List, want []string) {
	t.Helper()
	var got []string
	for _, d := range diags.Errors() {
		got = append(got, d.String())
	}
	if len(got) == 0 {
		t.Fatal("no error reported")
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			if strings.HasPrefix(g, w) {
				found = true
			}
		}
		if !found {
			t.Errorf("no error starting %q; got:\n%s", w, truncate(strings.Join(got, "\n"), 2000))
		}
	}
	for _, g := range got {
		if !diagLineRe.MatchString(g) {
			t.Errorf("not a path:line: message: %q", truncate(g, 200))
		}
		if strings.HasSuffix(strings.SplitN(g, ":", 2)[0], ".md") && !regexp.MustCompile(`^[^:]+:[1-9][0-9]*: `).MatchString(g) {
			if !strings.Contains(g, "unknown language") && !strings.Contains(g, "each entry is a folder") {
				t.Errorf("an error in a Markdown file without its line: %q", truncate(g, 200))
			}
		}
	}
}

func TestBrokenContentIsReportedWithItsLine(t *testing.T) {
	for _, tc := range brokenCases() {
		t.Run(tc.name, func(t *testing.T) {
			files := baseSite()
			tc.change(files)
			var diags diag.List
			start := time.Now()
			Load(testsite.MapFS(files), LoadOptions{NoPlacards: true}, &diags)
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
			checkBroken(t, &diags, tc.want)
		})
	}
	if n := len(brokenCases()); n < 30 {
		t.Errorf("only %d fixtures", n)
	}
}

// TestBrokenBuildLeavesOutputUntouched builds the good site once, then
// every broken fixture from disk into the same output folder: each build
// fails with ErrContent and a path:line message, and the output stays
// byte for byte what the good build wrote, with no temporary folder left.
func TestBrokenBuildLeavesOutputUntouched(t *testing.T) {
	dir := t.TempDir()
	src, out := filepath.Join(dir, "src"), filepath.Join(dir, "out")
	testsite.Replace(t, src, baseSite())
	var diags diag.List
	if _, err := Build(BuildOptions{Source: src, Output: out, NoPlacards: true}, &diags); err != nil {
		t.Fatalf("good build: %v\n%s", err, diags.String())
	}
	before := testsite.Hashes(t, out)
	for _, tc := range brokenCases() {
		t.Run(tc.name, func(t *testing.T) {
			files := baseSite()
			tc.change(files)
			testsite.Replace(t, src, files)
			var diags diag.List
			_, err := Build(BuildOptions{Source: src, Output: out, NoPlacards: true}, &diags)
			if !errors.Is(err, ErrContent) {
				t.Fatalf("build returned %v, want ErrContent", err)
			}
			checkBroken(t, &diags, tc.want)
			if k := testsite.Differs(before, testsite.Hashes(t, out)); k != "" {
				t.Fatalf("the failed build changed %s in the previous output", k)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".out.tmp-*")); len(left) > 0 {
				t.Fatalf("temporary folders left: %v", left)
			}
		})
	}
}

// heapWatch samples the live heap every few milliseconds and returns the
// highest value seen when stopped.
func heapWatch() (stop func() uint64) {
	done := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var max uint64
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > max {
				max = ms.HeapAlloc
			}
			select {
			case <-done:
				peak <- max
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); return <-peak }
}

// TestFiftyMegabyteMarkdownIsRefusedBySize writes a 50 MB Markdown file
// on disk: the build refuses it by its size, without reading it, in little
// memory and time, and leaves the previous output alone.
func TestFiftyMegabyteMarkdownIsRefusedBySize(t *testing.T) {
	dir := t.TempDir()
	src, out := filepath.Join(dir, "src"), filepath.Join(dir, "out")
	testsite.Replace(t, src, baseSite())
	var diags diag.List
	if _, err := Build(BuildOptions{Source: src, Output: out, NoPlacards: true}, &diags); err != nil {
		t.Fatalf("good build: %v\n%s", err, diags.String())
	}
	before := testsite.Hashes(t, out)

	big := filepath.Join(src, "content/sites/dinh-phu-my/index.vi.md")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	head := []byte("---\nid: NT-002\ntitle: Đình Phú Mỹ\nsummary: Dài.\nlocation: {lat: 10.7, lng: 106.8}\n---\n")
	f.Write(head)
	para := bytes.Repeat([]byte("Đình Phú Mỹ là ngôi đình cổ. "), 1<<15/32)
	para = append(para, '\n', '\n')
	for n := len(head); n < 50<<20; n += len(para) {
		if _, err := f.Write(para); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(big); st.Size() < 50<<20 {
		t.Fatalf("file is only %d bytes", st.Size())
	}

	runtime.GC()
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	stop := heapWatch()
	start := time.Now()
	diags = diag.List{}
	_, err = Build(BuildOptions{Source: src, Output: out, NoPlacards: true}, &diags)
	took := time.Since(start)
	peak := stop()
	runtime.ReadMemStats(&ms1)
	if !errors.Is(err, ErrContent) {
		t.Fatalf("build returned %v, want ErrContent", err)
	}
	checkBroken(t, &diags, []string{fmt.Sprintf("content/sites/dinh-phu-my/index.vi.md:1: file is 50 MB; an entry's text must be under %d MB", content.MaxFileSize>>20)})
	allocated := ms1.TotalAlloc - ms0.TotalAlloc
	t.Logf("refused in %v; allocated %d MB in all, peak heap %d MB", took, allocated>>20, peak>>20)
	// Reading the file once would allocate 50 MB; the limit leaves room
	// for loading the rest of the site only.
	if allocated > 40<<20 || peak > 200<<20 {
		t.Errorf("allocated %d MB (peak heap %d MB): the file was read", allocated>>20, peak>>20)
	}
	if took > 10*time.Second {
		t.Errorf("took %v", took)
	}
	if k := testsite.Differs(before, testsite.Hashes(t, out)); k != "" {
		t.Fatalf("the failed build changed %s", k)
	}
}

// TestDeepNestingIsBoundedInTime renders (not only loads) bodies nested
// just under the limit, in every language: the limit keeps a page fast.
func TestDeepNestingIsBoundedInTime(t *testing.T) {
	files := baseSite()
	deep := strings.Repeat("> ", content.MaxBodyDepth/2) + strings.Repeat("- ", content.MaxBodyDepth/2-1) + "x\n\n"
	files[phuMyFile] = strings.Replace(files[phuMyFile], "Đình gần", strings.Repeat(deep, 5000)+"Đình gần", 1)
	if int64(len(files[phuMyFile])) > content.MaxFileSize {
		t.Fatalf("fixture is %d bytes, over the file limit", len(files[phuMyFile]))
	}
	start := time.Now()
	mem := buildMem(t, files)
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("a body nested %d levels deep took %v to build", content.MaxBodyDepth-1, d)
	}
	page(t, mem, "vi/sites/dinh-phu-my/index.html")
}
