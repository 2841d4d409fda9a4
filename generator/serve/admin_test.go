package serve

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/site"
	"github.com/diachido/diachido/internal/testsite"
)

// post sends one proxy action and decodes the answer.
func post(t *testing.T, url, action string, params any) (int, any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"action": action, "params": params})
	resp, err := http.Post(url+"/"+AdminAPIPath, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var v any
	_ = json.Unmarshal(b, &v)
	return resp.StatusCode, v
}

// serve offers the editor saving to the local folder through the proxy
// protocol: a new entry with a photo and a translation lands in content/
// and passes check.
func TestLocalEditorSavesToTheFolder(t *testing.T) {
	dir := testsite.Dir(t, fixture)
	s, ts := start(t, dir, Options{BaseURL: "http://127.0.0.1:1313/"})
	rebuild(t, s)
	if r := get(t, ts, "/admin/"); r.status != 200 || !strings.Contains(r.body, site.DecapIntegrity[:20]) || strings.Contains(r.body, "EventSource") {
		t.Fatalf("/admin/: %d\n%s", r.status, r.body)
	}
	if r := get(t, ts, "/admin/config.yml"); !strings.Contains(r.body, "name: proxy") || !strings.Contains(r.body, "proxy_url: http://127.0.0.1:1313/admin/api/v1") {
		t.Fatalf("config.yml does not save through serve:\n%s", r.body)
	}
	if code, v := post(t, ts.URL, "info", nil); code != 200 || v.(map[string]any)["type"] != "local_fs" {
		t.Fatalf("info: %d %v", code, v)
	}
	code, v := post(t, ts.URL, "entriesByFolder", map[string]any{"folder": "content/sites", "extension": "md", "depth": 2})
	if code != 200 || len(v.([]any)) != 3 {
		t.Fatalf("entriesByFolder: %d %v", code, v)
	}
	photo := base64.StdEncoding.EncodeToString([]byte(testsite.EncodeJPEG(testsite.Halves(64, 48, 255))))
	code, v = post(t, ts.URL, "persistEntry", map[string]any{
		"dataFiles": []map[string]any{
			{"path": "content/sites/dia-dao-moi/index.vi.md", "slug": "dia-dao-moi", "raw": "---\nid: NT-003\ntitle: Địa đạo Mới\nsummary: Một địa đạo thử.\nlocation:\n  lat: 10.71\n  lng: 106.81\nphotos:\n  - src: cong.jpg\n    alt: Cổng địa đạo\n---\nNội dung.\n"},
			{"path": "content/sites/dia-dao-moi/index.en.md", "slug": "dia-dao-moi", "raw": "---\ntitle: New Tunnels\nsummary: A test tunnel.\n---\nText.\n"},
		},
		"assets":  []map[string]any{{"path": "content/sites/dia-dao-moi/cong.jpg", "content": photo, "encoding": "base64"}},
		"options": map[string]any{"commitMessage": "Create"},
	})
	if code != 200 {
		t.Fatalf("persistEntry: %d %v", code, v)
	}
	var diags diag.List
	if _, err := site.Check(dir, site.LoadOptions{NoPlacards: true}, &diags); err != nil || diags.HasErrors() {
		t.Fatalf("the saved entry fails check: %v\n%s", err, diags.String())
	}
	for _, bad := range []string{"../site.yaml", "site.yaml", "/etc/passwd", "content/../site.yaml"} {
		if code, _ := post(t, ts.URL, "persistMedia", map[string]any{"asset": map[string]any{"path": bad, "content": "eA==", "encoding": "base64"}}); code < 400 {
			t.Errorf("persistMedia %s: %d, want refused", bad, code)
		}
	}
	if code, _ := post(t, ts.URL, "getEntry", map[string]any{"path": "site.yaml"}); code < 400 {
		t.Errorf("getEntry site.yaml: %d, want refused", code)
	}
	// A page of another site cannot post a form to it.
	resp, err := http.Post(ts.URL+"/"+AdminAPIPath, "text/plain", strings.NewReader(`{"action":"deleteFile","params":{"path":"`+pageA+`"}}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, err := os.Stat(filepath.Join(dir, pageA)); resp.StatusCode < 400 || err != nil {
		t.Errorf("a text/plain post was obeyed: %d, %v", resp.StatusCode, err)
	}
}

// Saving an entry through the editor keeps what its YAML writer loses:
// comments, key order, the flow style of location, unchanged values as
// they were written; the changed value changes.
func TestEditorSaveKeepsTheYAML(t *testing.T) {
	old := "---\n# Mục mẫu\nid: NT-001\ntitle: Đình A # tên thường gọi\nsummary: \"Một ngôi đình để thử.\"\nlocation: {lat: 10.7, lng: 106.8}\ncategory: history\ntags: [đình, làng]\naliases: [/cu/dinh-a/]\nupdated: 2026-11-25\n---\n\nNội dung đình A.\n"
	// What Decap writes: its own order, block style, no comments, quoted
	// date, and no aliases (the form does not show them).
	edited := "---\ntitle: Đình A mới\nid: NT-001\nsummary: Một ngôi đình để thử.\nlocation:\n  lat: 10.7\n  lng: 106.8\ncategory: history\ntags:\n  - đình\n  - làng\nupdated: '2026-11-25'\n---\nNội dung mới.\n"
	got := string(mergeFront([]byte(old), []byte(edited), false))
	want := "---\n# Mục mẫu\nid: NT-001\ntitle: Đình A mới # tên thường gọi\nsummary: \"Một ngôi đình để thử.\"\nlocation: {lat: 10.7, lng: 106.8}\ncategory: history\ntags: [đình, làng]\naliases: [/cu/dinh-a/]\nupdated: 2026-11-25\n---\nNội dung mới.\n"
	if got != want {
		t.Errorf("merged:\n%s\nwant:\n%s", got, want)
	}
	// A field the editor's user cleared goes; a translation keeps what the
	// form does not write in it.
	cleared := string(mergeFront([]byte(old), []byte(strings.Replace(edited, "category: history\n", "", 1)), false))
	if strings.Contains(cleared, "category:") {
		t.Errorf("a cleared field stayed:\n%s", cleared)
	}
	tr := string(mergeFront([]byte("---\ntitle: A\nsummary: B\ntags: [house]\n---\nX\n"), []byte("---\ntitle: A2\nsummary: B\n---\nY\n"), true))
	if tr != "---\ntitle: A2\nsummary: B\ntags: [house]\n---\nY\n" {
		t.Errorf("translation:\n%s", tr)
	}
}

// The editor saves every language of an entry at once. A language whose
// file would not change is not written (its time and inode stay, so no
// rebuild starts for it), and a changed file is replaced whole, never
// truncated where the watcher or a rebuild could read it half-written.
func TestEditorSaveReplacesWholeFilesAndOnlyChangedOnes(t *testing.T) {
	dir := testsite.Dir(t, fixture)
	_, ts := start(t, dir, Options{BaseURL: "http://127.0.0.1:1313/"})
	vi, en := filepath.Join(dir, pageA), filepath.Join(dir, filepath.Dir(pageA), "index.en.md")
	enBefore, err := os.ReadFile(en)
	if err != nil {
		t.Fatal(err)
	}
	viBefore, _ := os.ReadFile(vi)
	ino := func(p string) uint64 {
		t.Helper()
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return testsite.Inode(info)
	}
	viInode, enInode := ino(vi), ino(en)
	past := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := os.Chtimes(en, past, past); err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(viBefore), "summary: Một ngôi đình để thử.", "summary: Đã sửa.", 1)
	code, v := post(t, ts.URL, "persistEntry", map[string]any{
		"dataFiles": []map[string]any{
			{"path": pageA, "raw": edited},
			{"path": filepath.ToSlash(filepath.Join(filepath.Dir(pageA), "index.en.md")), "raw": string(enBefore)},
		},
		"options": map[string]any{"commitMessage": "Update"},
	})
	if code != 200 {
		t.Fatalf("persistEntry: %d %v", code, v)
	}
	if got, _ := os.ReadFile(en); string(got) != string(enBefore) || ino(en) != enInode {
		t.Errorf("the unchanged translation was replaced (inode %d, was %d)", ino(en), enInode)
	}
	if info, _ := os.Stat(en); !info.ModTime().Equal(past) {
		t.Errorf("the unchanged translation was written again at %v", info.ModTime())
	}
	if got, _ := os.ReadFile(vi); !strings.Contains(string(got), "Đã sửa.") {
		t.Fatalf("the edit is not saved:\n%s", got)
	}
	if ino(vi) == viInode {
		t.Errorf("the edited file was rewritten in place, not replaced whole")
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(vi), ".*"))
	if len(left) > 0 {
		t.Errorf("temporary files left beside the entry: %v", left)
	}
}
