package serve

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/generator/site"
	"github.com/diachido/diachido/internal/browsertest"
	"github.com/diachido/diachido/internal/testsite"
)

// decapDir is the folder with the Decap CMS npm package (.ci/run fetches
// it): $DECAP_DIR, else .cache/npm/decap. Without it the test skips, and
// fails under CI=true.
func decapDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("DECAP_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", ".cache", "npm", "decap")
	}
	dir = filepath.Join(dir, "decap-cms-"+site.DecapVersion, "dist")
	if _, err := os.Stat(filepath.Join(dir, "decap-cms.js")); err != nil {
		msg := "the Decap CMS package is missing (" + dir + "): run the npm pack step of .ci/run, or set DECAP_DIR"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir
}

// startAt serves s at a listener made first, so that the config's proxy
// address is the server's own.
func startAdmin(t *testing.T, dir string) (*Server, string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + l.Addr().String() + "/"
	s, err := New(dir, Options{BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	ts := &httptest.Server{Listener: l, Config: &http.Server{Handler: s.Handler()}}
	ts.Start()
	t.Cleanup(ts.Close)
	t.Cleanup(s.Close)
	rebuild(t, s)
	return s, base
}

// The real editor, its script checked against the pinned hash, opens
// against serve's local backend and lists the site's entries; it creates
// a relic site with a Vietnamese title, a location, a photo, a date and an English
// translation, which pass check and build into pages; and it edits a
// hand-written entry, changing nothing but the field edited.
func TestBrowserEditor(t *testing.T) {
	dist := decapDir(t)
	b := browsertest.New(t)
	entries, err := os.ReadDir(dist)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".js") {
			data, err := os.ReadFile(filepath.Join(dist, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			b.Stubs[strings.TrimSuffix(site.DecapURL, "decap-cms.js")+e.Name()] = browsertest.Stub{ContentType: "application/javascript", Body: data}
		}
	}
	dir := testsite.Dir(t, fixture)
	s, base := startAdmin(t, dir)
	poll := func(what, expr string) {
		t.Helper()
		if err := b.Until(expr, 30*time.Second, 100*time.Millisecond); err != nil {
			var text string
			_ = chromedp.Run(b.Ctx, chromedp.Evaluate(`document.body.innerText`, &text))
			shot(t, b)
			t.Fatalf("%s: %v; page text:\n%s", what, err, text)
		}
	}
	b.Run(t, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"admin/#/collections/sites"))
	// The proxy backend signs in with one button and no password.
	poll("the sign-in button", `!!Array.from(document.querySelectorAll("button")).find(b => b.innerText.includes("Đăng nhập"))`)
	b.Run(t, chromedp.Evaluate(`Array.from(document.querySelectorAll("button")).find(b => b.innerText.includes("Đăng nhập")).click()`, nil))
	poll("the list of sites", `document.body.innerText.includes("NT-001 — Đình A")`)
	shot(t, b)

	// A new relic site.
	b.Run(t, chromedp.Navigate(base+"admin/#/collections/sites/new"))
	poll("the new entry form", `document.body.textContent.includes("Tóm tắt")`)
	run := func(js string) {
		t.Helper()
		b.Run(t, chromedp.Evaluate(setField+js, nil))
	}
	run(`setField("Tên", "Địa đạo Thử Nghiệm")`)
	run(`setField("Tóm tắt", "Một địa đạo để thử trình biên tập.")`)
	run(`setField("Vĩ độ", "10.7312")`)
	run(`setField("Kinh độ", "106.8425")`)
	// A photo, uploaded through the editor's media library.
	run(`Array.from(document.querySelectorAll("button")).find(b => b.textContent.trim() === "Add ảnh").click()`)
	run(`Array.from(document.querySelectorAll("button")).find(b => b.textContent.trim() === "Chọn một hình").click()`)
	jpg := filepath.Join(t.TempDir(), "cong-chinh.jpg")
	if err := os.WriteFile(jpg, []byte(testsite.EncodeJPEG(testsite.Halves(640, 480, 255))), 0o644); err != nil {
		t.Fatal(err)
	}
	poll("the media library", `!!document.querySelector("input[type=file]")`)
	b.Run(t, chromedp.SetUploadFiles(`input[type=file]`, []string{jpg}, chromedp.ByQuery))
	poll("the uploaded photo", `document.body.textContent.includes("cong-chinh.jpg")`)
	run(`Array.from(document.querySelectorAll("button")).find(b => b.textContent.trim() === "Lấy những cái đã chọn").click()`)
	poll("the photo in the form", `!document.body.textContent.includes("Lấy những cái đã chọn")`)
	run(`setField("Mô tả ảnh", "Cổng chính của địa đạo")`)
	run(`setField("Ngày kiểm tra thông tin", "2026-11-30")`)
	// The English pane beside it.
	run(`setField("Tên", "Test Tunnels", 1)`)
	run(`setField("Tóm tắt", "A tunnel to try the editor with.", 1)`)
	run(`click("Công bố")`)
	run(`click("Công bố ngay")`)
	vi := filepath.Join(dir, "content/sites/dia-dao-thu-nghiem/index.vi.md")
	en := filepath.Join(dir, "content/sites/dia-dao-thu-nghiem/index.en.md")
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		_, e1 := os.Stat(vi)
		_, e2 := os.Stat(en)
		if e1 == nil && e2 == nil {
			break
		}
		if time.Now().After(deadline) {
			shot(t, b)
			t.Fatalf("the editor saved no files: %v, %v", e1, e2)
		}
	}
	time.Sleep(300 * time.Millisecond)
	shot(t, b)
	if _, err := os.Stat(filepath.Join(dir, "content/sites/dia-dao-thu-nghiem/cong-chinh.jpg")); err != nil {
		t.Errorf("the photo is not in the entry's folder: %v", err)
	}
	for _, f := range []string{vi, en} {
		data, _ := os.ReadFile(f)
		t.Logf("%s:\n%s", f, data)
	}
	checkAndShow(t, dir, map[string][]string{
		"vi/sites/dia-dao-thu-nghiem/index.html": {"Địa đạo Thử Nghiệm", "Một địa đạo để thử trình biên tập.", "10.7312", "Cổng chính của địa đạo", "cong-chinh", "ngày 30 tháng 11 năm 2026"},
		"en/sites/dia-dao-thu-nghiem/index.html": {"Test Tunnels", "A tunnel to try the editor with."},
		"p/NT-003/index.html":                    {"dia-dao-thu-nghiem"},
	})

	// The round trip: an existing entry, written by hand, edited in the
	// form; only the changed field changes.
	enA := filepath.Join(dir, "content/sites/dinh-a/index.en.md")
	enBefore, _ := os.ReadFile(enA)
	handWritten := "---\n# Viết tay: giữ nguyên chú thích này.\nid: NT-001\ntitle: Đình A # tên thường gọi\nsummary: Một ngôi đình để thử.\nlocation: {lat: 10.7, lng: 106.8}\nprovince: Đồng Nai\ncategory: history\ntags: [đình, làng]\naliases: [/cu/dinh-a/]\nupdated: 2026-11-25\n---\n\nNội dung đình A.\n"
	testsite.Write(t, dir, map[string]string{pageA: handWritten})
	rebuild(t, s)
	b.Run(t, chromedp.Navigate(base+"admin/#/collections/sites"))
	poll("the list again", `document.body.textContent.includes("NT-001 — Đình A")`)
	run(`Array.from(document.querySelectorAll("a")).find(a => a.textContent.includes("NT-001 — Đình A")).click()`)
	poll("the existing entry", `(function(){const l=Array.from(document.querySelectorAll("label")).find(l=>l.textContent.trim().startsWith("Tóm tắt")); return !!l && document.getElementById(l.htmlFor).value.includes("Một ngôi đình")})()`)
	run(`setField("Tóm tắt", "Một ngôi đình để thử, đã sửa trong trình biên tập.")`)
	run(`click("Công bố")`)
	run(`click("Công bố ngay")`)
	want := strings.Replace(handWritten, "summary: Một ngôi đình để thử.", "summary: Một ngôi đình để thử, đã sửa trong trình biên tập.", 1)
	var got []byte
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		got, _ = os.ReadFile(filepath.Join(dir, pageA))
		if strings.Contains(string(got), "đã sửa") || time.Now().After(deadline) {
			break
		}
	}
	shot(t, b)
	if string(got) != want {
		t.Errorf("the round trip changed more than the summary:\n%s\nwant:\n%s", got, want)
	}
	if enAfter, _ := os.ReadFile(enA); string(enAfter) != string(enBefore) {
		t.Errorf("the untouched translation changed:\n%s\nwas:\n%s", enAfter, enBefore)
	}
	checkAndShow(t, dir, map[string][]string{"vi/sites/dinh-a/index.html": {"đã sửa trong trình biên tập"}})
}

// checkAndShow runs check on the folder, then builds it and looks for
// each text in its page.
func checkAndShow(t *testing.T, dir string, want map[string][]string) {
	t.Helper()
	var diags diag.List
	if _, err := site.Check(dir, site.LoadOptions{NoPlacards: true}, &diags); err != nil || diags.HasErrors() {
		t.Fatalf("check fails on what the editor saved: %v\n%s", err, diags.String())
	}
	m := site.Load(os.DirFS(dir), site.LoadOptions{NoPlacards: true}, &diags)
	mem := output.NewMemory()
	if _, err := m.Render(mem); err != nil {
		t.Fatal(err)
	}
	for name, texts := range want {
		page, ok := mem.Get(name)
		if !ok {
			t.Errorf("no %s in the build", name)
			continue
		}
		for _, s := range texts {
			if !strings.Contains(string(page), s) {
				t.Errorf("%s does not show %q", name, s)
			}
		}
	}
}

// shot saves a screenshot where the test says, for a person to look at.
func shot(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	out := os.Getenv("DIACHIDO_SHOTS")
	if out == "" {
		return
	}
	var png []byte
	if err := chromedp.Run(b.Ctx, chromedp.CaptureScreenshot(&png)); err != nil {
		t.Log(err)
		return
	}
	name := filepath.Join(out, strings.ReplaceAll(t.Name(), "/", "_")+".png")
	if err := os.WriteFile(name, png, 0o644); err != nil {
		t.Log(err)
	}
}

// setField types value into the field labelled label, as a person would
// (React reads the input event).
const setField = `function setField(label, value, nth) {
	const ls = Array.from(document.querySelectorAll("label")).filter(l => l.textContent.trim().startsWith(label));
	const l = ls[nth || 0];
	if (!l) throw new Error("no field " + label);
	const input = document.getElementById(l.htmlFor);
	const proto = input.tagName === "TEXTAREA" ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
	Object.getOwnPropertyDescriptor(proto, "value").set.call(input, value);
	input.dispatchEvent(new Event("input", {bubbles: true}));
	input.dispatchEvent(new Event("change", {bubbles: true}));
	input.dispatchEvent(new Event("blur", {bubbles: true}));
	return true;
}
function click(text) {
	const b = Array.from(document.querySelectorAll("button, [role=button], [role=menuitem], a, span, div")).filter(b => b.textContent && b.textContent.trim() === text).pop();
	if (!b) throw new Error("no button " + text);
	b.click();
	return true;
}
`
