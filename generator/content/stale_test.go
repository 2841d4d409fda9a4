package content_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/history"
	"github.com/diachido/diachido/internal/browsertest"
	"github.com/diachido/diachido/internal/testsite"
)

const staleSite = `
-- content/sites/den/index.vi.md --
---
id: NT-001
title: Đền
summary: Một ngôi đền.
location: {lat: 10.7, lng: 106.8}
updated: 2026-10-02
---
Văn bản mới.
-- content/sites/den/index.en.md --
---
title: Temple
summary: A temple.
updated: 2026-03-01
---
Old text.
-- content/sites/dinh/index.vi.md --
---
id: NT-002
title: Đình
summary: Một ngôi đình.
location: {lat: 10.7, lng: 106.8}
updated: 2026-10-02
---
Văn bản.
-- content/sites/dinh/index.en.md --
---
title: Communal house
summary: A communal house.
---
Inherits updated: nothing to compare without Git.
`

func loadStale(t *testing.T, fsys map[string]string) *content.Collection {
	t.Helper()
	var diags diag.List
	c := content.Load(testsite.MapFS(fsys), content.Options{Languages: []string{"vi", "en"}, Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}, &diags)
	if diags.HasErrors() {
		t.Fatal(diags.String())
	}
	return c
}

// Without Git, a translation whose own updated date is older than the
// default language's is stale; one that inherits the date is not judged.
func TestStaleByUpdatedDates(t *testing.T) {
	c := loadStale(t, testsite.Parse(staleSite))
	stale := content.StaleTranslations(c, nil)
	if len(stale) != 1 || stale[0].File != "content/sites/den/index.en.md" || stale[0].Default != "content/sites/den/index.vi.md" {
		t.Fatalf("stale = %+v", stale)
	}
	var diags diag.List
	content.WarnStale(stale, &diags)
	want := "content/sites/den/index.en.md:4: warning: translation is older than content/sites/den/index.vi.md (updated 2026-10-02, translation's updated 2026-03-01): update it"
	if got := diags.String(); !strings.Contains(got, want) {
		t.Errorf("warning:\n%s\nwant:\n%s", got, want)
	}
}

// With Git, a file's time is its last commit: the Vietnamese text of
// dinh changed after its translation was committed; den's translation was
// committed after the Vietnamese text, whatever its updated date says.
func TestStaleByGit(t *testing.T) {
	browsertest.Need(t, "git", "git")
	dir := testsite.Dir(t, testsite.Parse(staleSite))
	commit := func(at string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t",
			"GIT_COMMITTER_EMAIL=t@example.org", "GIT_AUTHOR_DATE="+at, "GIT_COMMITTER_DATE="+at, "GIT_CONFIG_GLOBAL=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	commit("2026-03-01T10:00:00Z", "init", "-q")
	commit("2026-03-01T10:00:00Z", "add", ".")
	commit("2026-03-01T10:00:00Z", "commit", "-q", "-m", "first")
	testsite.EditFile(t, dir, "content/sites/dinh/index.vi.md", "Văn bản.", "Văn bản đã sửa.")
	commit("2026-10-02T10:00:00Z", "commit", "-q", "-am", "fix vi")

	h, err := history.Load(dir, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	var diags diag.List
	c := content.Load(fsys, content.Options{Languages: []string{"vi", "en"}}, &diags)
	stale := content.StaleTranslations(c, h)
	if len(stale) != 1 || stale[0].File != "content/sites/dinh/index.en.md" || !stale[0].ByGit {
		t.Fatalf("stale = %+v", stale)
	}
	var warn diag.List
	content.WarnStale(stale, &warn)
	want := "content/sites/dinh/index.en.md:1: warning: translation is older than content/sites/dinh/index.vi.md (changed 2026-10-02, translated 2026-03-01): update it"
	if got := warn.String(); !strings.Contains(got, want) {
		t.Errorf("warning:\n%s\nwant:\n%s", got, want)
	}

	// Editing the Vietnamese text of den without committing makes its
	// translation stale at once.
	testsite.EditFile(t, dir, "content/sites/den/index.vi.md", "Văn bản mới.", "Văn bản mới hơn.")
	h, _ = history.Load(dir, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	c = content.Load(fsys, content.Options{Languages: []string{"vi", "en"}}, &diags)
	if got := content.StaleTranslations(c, h); len(got) != 2 || got[0].File != "content/sites/den/index.en.md" {
		t.Errorf("after an uncommitted edit: %+v", got)
	}

	// A change of what is not translated (the date a volunteer checked the
	// placard) leaves the translation current, committed or not.
	testsite.EditFile(t, dir, "content/sites/den/index.vi.md", "Văn bản mới hơn.", "Văn bản mới.")
	testsite.EditFile(t, dir, "content/sites/den/index.vi.md", "updated: 2026-10-02", "updated: 2026-11-20\nplacard: {installed: 2026-03-26, checked: 2026-11-20}")
	commit("2026-11-20T10:00:00Z", "commit", "-q", "-am", "placard checked")
	h, _ = history.Load(dir, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	c = content.Load(fsys, content.Options{Languages: []string{"vi", "en"}}, &diags)
	if got := content.StaleTranslations(c, h); len(got) != 1 || got[0].File != "content/sites/dinh/index.en.md" {
		t.Errorf("after a placard date changed: %+v", got)
	}
}
