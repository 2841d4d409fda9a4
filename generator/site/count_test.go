package site

import (
	"bytes"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/internal/testsite"
)

// exampleFS is the example site at the repository root in memory, with
// extra appended to its site.yaml.
func exampleFS(t *testing.T, extra string) fstest.MapFS {
	t.Helper()
	src := os.DirFS("../..")
	out := fstest.MapFS{}
	for _, root := range []string{"site.yaml", "ids.lock", "content", "i18n", "assets", "reports"} {
		err := fs.WalkDir(src, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(src, p)
			out[p] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	out["site.yaml"].Data = append(append([]byte(nil), out["site.yaml"].Data...), extra...)
	return out
}

func renderFS(t *testing.T, fsys fs.FS) *output.Memory {
	t.Helper()
	var diags diag.List
	m := Load(fsys, LoadOptions{NoPlacards: true}, &diags)
	if m == nil || diags.HasErrors() {
		t.Fatalf("load failed:\n%s", diags.String())
	}
	mem := output.NewMemory()
	if _, err := m.Render(mem); err != nil {
		t.Fatalf("render: %v", err)
	}
	return mem
}

var (
	countImgRe  = regexp.MustCompile(`<img class="count" src="([^"]*)" alt="" width="1" height="1" aria-hidden="true" crossorigin="anonymous" referrerpolicy="no-referrer">`)
	reportRe    = regexp.MustCompile(`  <p class="report"><a href="[^"]*" rel="nofollow">[^<]*</a></p>\n`)
	aboutRe     = regexp.MustCompile(`(?s)  <section class="counting" aria-labelledby="counting-h">\n    <h2 id="counting-h">[^<]+</h2>\n    <p>[^<]+</p>\n  </section>\n`)
	shortWaitRe = regexp.MustCompile(`(?s)var done = 0;\nfunction go\(\) \{ if \(!done\+\+\) (pick\([^\n]*\);) \}\naddEventListener\("load", go\);\nsetTimeout\(go, 2000\);`)
)

// With analytics: and report: set, the example site differs from the same
// site without them by exactly the counting image (short links, retired
// IDs, entry pages), the wait before a short link leaves, the report link
// (sites, markers, tours, exhibitions) and the about page's statement of what is
// counted: every other byte of every file is the same.
func TestAnalyticsAddOnlyTheCountingImageAndTheReportLink(t *testing.T) {
	plain := renderFS(t, exampleFS(t, ""))
	counted := renderFS(t, exampleFS(t, "analytics:\n  pixel: \"https://stats.example.vn/count?p={path}\"\nreport:\n  github: huyendoan/dia-chi-do\n"))
	if strings.Join(plain.Names(), "\n") != strings.Join(counted.Names(), "\n") {
		t.Fatalf("the files differ:\n%s\n---\n%s", strings.Join(plain.Names(), " "), strings.Join(counted.Names(), " "))
	}
	entryPage := regexp.MustCompile(`^[a-z]+/(sites|markers|tours|exhibitions|pages)/[a-z0-9-]+/index\.html$`)
	shortPage := regexp.MustCompile(`^p/[A-Z0-9-]+/index\.html$`)
	// An offline pack lists its pages' digests, which follow the pages.
	pack := regexp.MustCompile(`^[a-z]+/offline/.*\.json$`)
	imgs, reports := 0, 0
	for _, n := range plain.Names() {
		if pack.MatchString(n) {
			continue
		}
		a, _ := plain.Get(n)
		b, _ := counted.Get(n)
		if bytes.Contains(a, []byte(`<img class="count"`)) || bytes.Contains(a, []byte(`class="report"`)) {
			t.Errorf("%s: without analytics: or report:, the page has a counting image or a report link", n)
		}
		counts := countImgRe.FindAllSubmatch(b, -1)
		wantCount := entryPage.MatchString(n) || shortPage.MatchString(n)
		if wantCount != (len(counts) == 1) || len(counts) > 1 {
			t.Errorf("%s: %d counting images", n, len(counts))
		}
		for _, c := range counts {
			imgs++
			want := "https://stats.example.vn/count?p=%2F" + strings.ReplaceAll(strings.TrimSuffix(n, "index.html"), "/", "%2F")
			if string(c[1]) != want {
				t.Errorf("%s counts %s, want %s", n, c[1], want)
			}
		}
		strip := countImgRe.ReplaceAll(b, nil)
		if r := reportRe.FindAll(strip, -1); len(r) > 0 {
			reports++
			if !entryPage.MatchString(n) || strings.Contains(n, "/pages/") {
				t.Errorf("%s has a report link", n)
			}
		} else if entryPage.MatchString(n) && !strings.Contains(n, "/pages/") {
			t.Errorf("%s has no report link", n)
		}
		strip = reportRe.ReplaceAll(strip, nil)
		if about := aboutRe.FindAll(strip, -1); len(about) != 0 != strings.Contains(n, "/pages/about/") {
			t.Errorf("%s: %d statements of what is counted", n, len(about))
		}
		strip = aboutRe.ReplaceAll(strip, nil)
		strip = shortWaitRe.ReplaceAll(strip, []byte("$1"))
		if !bytes.Equal(a, strip) {
			t.Errorf("%s differs by more than the counting image and the report link:\n%s", n, firstDiff(a, strip))
		}
	}
	if imgs == 0 || reports == 0 {
		t.Errorf("%d counting images, %d report links", imgs, reports)
	}
}

func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return "without: …" + string(a[from:min(len(a), i+80)]) + "…\n   with: …" + string(b[from:min(len(b), i+80)]) + "…"
}

func TestCountPathsAndReportLinks(t *testing.T) {
	files := baseSite()
	files["site.yaml"] = strings.Replace(files["site.yaml"], "baseURL: https://guide.example.vn/", "baseURL: https://doan.github.io/guide/", 1) +
		"analytics: {goatcounter: https://nt.goatcounter.com}\nreport: {email: doan@example.vn}\n"
	mem := buildMem(t, files)
	short := page(t, mem, "p/NT-002/index.html")
	if !strings.Contains(short, `src="https://nt.goatcounter.com/count?p=%2Fguide%2Fp%2FNT-002%2F"`) {
		t.Errorf("the short link does not count /guide/p/NT-002/ with GoatCounter:\n%s", short)
	}
	entry := page(t, mem, "en/sites/dinh-phu-my/index.html")
	if !strings.Contains(entry, `src="https://nt.goatcounter.com/count?p=%2Fguide%2Fen%2Fsites%2Fdinh-phu-my%2F"`) {
		t.Errorf("the entry page does not count its own path:\n%s", entry)
	}
	m := regexp.MustCompile(`<p class="report"><a href="([^"]*)" rel="nofollow">Report a problem with this placard or page</a></p>`).FindStringSubmatch(entry)
	if m == nil {
		t.Fatalf("no report link:\n%s", entry)
	}
	want := "mailto:doan@example.vn?subject=Problem%3A%20"
	if !strings.HasPrefix(m[1], want) || !strings.Contains(m[1], "NT-002") || !strings.Contains(m[1], "%20%28NT-002%29&amp;body=ID%3A%20NT-002%0APage%3A%20https%3A%2F%2Fdoan.github.io%2Fguide%2Fen%2Fsites%2Fdinh-phu-my%2F%0AShort%20link%20%28QR%20code%29%3A%20https%3A%2F%2Fdoan.github.io%2Fguide%2Fp%2FNT-002%2F%0A") || strings.Contains(m[1], "+") {
		t.Errorf("report link %s", m[1])
	}
	vi := page(t, mem, "vi/sites/dinh-phu-my/index.html")
	if !strings.Contains(vi, "Báo lỗi về bảng QR hoặc trang này") || !strings.Contains(vi, "subject=B%C3%A1o%20l%E1%BB%97i%3A%20") {
		t.Errorf("the Vietnamese page has no Vietnamese report link")
	}
	for _, n := range []string{"vi/index.html", "vi/sites/index.html", "404.html", "vi/search/index.html", "index.html"} {
		if p, ok := mem.Get(n); ok && bytes.Contains(p, []byte("goatcounter")) {
			t.Errorf("%s counts", n)
		}
	}
}

// An editor's text in a title goes into the report link's query, escaped:
// it can end neither the attribute nor the address.
func TestReportLinkEscapesTheTitle(t *testing.T) {
	files := baseSite()
	files["site.yaml"] += "report: {github: huyendoan/dia-chi-do}\n"
	files["content/sites/dinh-phu-my/index.vi.md"] = strings.Replace(files["content/sites/dinh-phu-my/index.vi.md"], "title: Đình Phú Mỹ", `title: "Đình \"><script>alert(1)</script>&x=#"`, 1)
	mem := buildMem(t, files)
	p := page(t, mem, "vi/sites/dinh-phu-my/index.html")
	m := regexp.MustCompile(`<p class="report"><a href="([^"]*)"`).FindStringSubmatch(p)
	if m == nil || !strings.HasPrefix(m[1], "https://github.com/huyendoan/dia-chi-do/issues/new?title=") || strings.ContainsAny(m[1], "<>\"#") || strings.Contains(m[1], "&x=") {
		t.Errorf("report link %v", m)
	}
	assertNoInjectedScript(t, "vi/sites/dinh-phu-my/index.html", p)
}

// A retired ID's placard still hangs: with analytics: its /p/<ID>/ page
// counts the scan under the printed ID on every host, so _redirects does
// not send it on before it counts (without analytics, it still does).
func TestRetiredIDCountsUnderItsOwnIDWithAnalytics(t *testing.T) {
	files := baseSite()
	files["site.yaml"] += "retired:\n  NT-009: {replacedBy: NT-001}\n  NT-010:\n    notice: {vi: Di tích đã được sáp nhập.}\n"
	plain := buildMem(t, files)
	if r := page(t, plain, "_redirects"); !strings.Contains(r, "/p/NT-009/ /p/NT-001/ 301\n") {
		t.Errorf("without analytics, _redirects lacks the retired ID:\n%s", r)
	}
	files["site.yaml"] += "analytics: {pixel: \"/count?p={path}\"}\n"
	counted := buildMem(t, files)
	if r := page(t, counted, "_redirects"); strings.Contains(r, "NT-009") || strings.Contains(r, "/p/") {
		t.Errorf("with analytics, _redirects sends a short link on before it counts:\n%s", r)
	}
	for id, want := range map[string]string{"NT-009": `src="/count?p=%2Fp%2FNT-009%2F"`, "NT-010": `src="/count?p=%2Fp%2FNT-010%2F"`} {
		if p := page(t, counted, "p/"+id+"/index.html"); !strings.Contains(p, want) {
			t.Errorf("p/%s/ does not count itself:\n%s", id, p)
		}
	}
}

// serve's live preview loads through a LoadCache: an editor looking at
// their pages must not add scans or views to the guide's counts.
func TestLivePreviewCountsNothing(t *testing.T) {
	files := baseSite()
	files["site.yaml"] += "analytics: {goatcounter: https://nt.goatcounter.com}\n"
	var diags diag.List
	m := Load(testsite.MapFS(files), LoadOptions{NoPlacards: true, Cache: NewLoadCache()}, &diags)
	if m == nil || diags.HasErrors() {
		t.Fatal(diags.String())
	}
	mem := output.NewMemory()
	if _, err := m.Render(mem); err != nil {
		t.Fatal(err)
	}
	for _, n := range mem.Names() {
		if b, _ := mem.Get(n); bytes.Contains(b, []byte("goatcounter")) {
			t.Errorf("the preview's %s counts", n)
		}
	}
	if about := page(t, mem, "vi/pages/about/index.html"); !strings.Contains(about, "Trang này đếm những gì") {
		t.Errorf("the preview's about page does not say what the published site counts")
	}
}

func TestAnalyticsWithoutAnAboutPageIsWarnedAbout(t *testing.T) {
	files := baseSite()
	delete(files, "content/pages/about/index.vi.md")
	delete(files, "content/pages/about/index.en.md")
	files["site.yaml"] += "analytics:\n  goatcounter: https://nt.goatcounter.com\n"
	var diags diag.List
	Load(testsite.MapFS(files), LoadOptions{NoPlacards: true}, &diags)
	want := "site.yaml:12: warning: analytics is on, but no page tells visitors what is counted: add content/pages/about/index.vi.md, which then says it by itself"
	if !strings.Contains(diags.String(), want) {
		t.Errorf("got\n%s\nwant %s", diags.String(), want)
	}
}
