package content

import (
	"testing"
	"testing/fstest"
	"time"

	"github.com/diachido/diachido/generator/diag"
)

// TestParseCache loads a source three times through one cache: unchanged
// files are reused as separate copies, a changed or new file is parsed
// again, a deleted one is forgotten, and diagnostics are the same as
// without the cache.
func TestParseCache(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s), ModTime: old} }
	fsys := fstest.MapFS{
		"content/sites/a/index.vi.md": file("---\nid: NT-001\ntitle: A\nsummary: Đình A.\nlocation: {lat: 10.7, lng: 106.8}\n---\nA.\n"),
		"content/sites/a/index.en.md": file("---\ntitle: House A\n---\nA in English.\n"),
		"content/sites/b/index.vi.md": file("---\nid: NT-002\ntitle: B\nsummary: Đình B.\nlocation: {lat: 10.7, lng: 106.8}\ncategory: nope\n---\nB.\n"),
	}
	opts := Options{Languages: []string{"vi", "en"}, Now: old}
	load := func(c *ParseCache) (*Collection, string) {
		t.Helper()
		var diags diag.List
		col := Load(fsys, Options{Languages: opts.Languages, Now: opts.Now, Cache: c}, &diags)
		return col, diags.String()
	}
	_, want := load(nil)
	c := NewParseCache()
	first, got := load(c)
	if got != want {
		t.Errorf("diagnostics through the cache:\n%s\nwant:\n%s", got, want)
	}
	if hits, parsed := c.Prune(); hits != 0 || parsed != 3 {
		t.Errorf("first load: %d reused, %d parsed; want 0, 3", hits, parsed)
	}
	second, got := load(c)
	if got != want {
		t.Errorf("diagnostics from the cache:\n%s\nwant:\n%s", got, want)
	}
	if hits, parsed := c.Prune(); hits != 3 || parsed != 0 {
		t.Errorf("unchanged: %d reused, %d parsed; want 3, 0", hits, parsed)
	}
	a1, a2 := first.ByID["NT-001"], second.ByID["NT-001"]
	if a1.Docs["en"] == a2.Docs["en"] || a2.Docs["en"].Front.Summary != "Đình A." || a2.Docs["en"].Front.Title != "House A" {
		t.Errorf("second load's translation: shared %v, %+v", a1.Docs["en"] == a2.Docs["en"], a2.Docs["en"].Front)
	}

	// Edit one file, add one, delete one; the edit is too recent to keep.
	fsys["content/sites/a/index.vi.md"] = &fstest.MapFile{Data: []byte("---\nid: NT-001\ntitle: A mới\nsummary: Đình A.\nlocation: {lat: 10.7, lng: 106.8}\n---\nA.\n"), ModTime: time.Now()}
	fsys["content/sites/c/index.vi.md"] = file("---\nid: NT-003\ntitle: C\nsummary: Đình C.\nlocation: {lat: 10.7, lng: 106.8}\n---\nC.\n")
	delete(fsys, "content/sites/b/index.vi.md")
	third, _ := load(c)
	if hits, parsed := c.Prune(); hits != 1 || parsed != 2 {
		t.Errorf("after edits: %d reused, %d parsed; want 1, 2", hits, parsed)
	}
	if got := third.ByID["NT-001"].Docs["en"].Front; got.Summary != "Đình A." || got.Title != "House A" {
		t.Errorf("translation after the default changed: %+v", got)
	}
	if third.ByID["NT-001"].Default.Front.Title != "A mới" || third.ByID["NT-003"] == nil || third.ByID["NT-002"] != nil {
		t.Errorf("after edits: %v", third.ByID)
	}
	if _, kept := c.files["content/sites/b/index.vi.md"]; kept {
		t.Error("a deleted file is still cached")
	}
	if _, kept := c.files["content/sites/a/index.vi.md"]; kept {
		t.Error("a file modified a moment ago was cached")
	}
	// The first model is untouched by the later loads.
	if a1.Default.Front.Title != "A" {
		t.Errorf("first load changed under its feet: %q", a1.Default.Front.Title)
	}
	// With UseStat the stamps come from the caller, not the file system.
	c.UseStat(func(p string) (int64, time.Time, bool) {
		if p == "content/sites/c/index.vi.md" {
			return 1, old, true // a size the file does not have
		}
		return 0, time.Time{}, false
	})
	load(c)
	if hits, parsed := c.Prune(); hits != 1 || parsed != 2 {
		t.Errorf("with UseStat: %d reused, %d parsed; want 1, 2", hits, parsed)
	}
}
