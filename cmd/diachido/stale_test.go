package main

import (
	"strings"
	"testing"

	"github.com/diachido/diachido/internal/testsite"
)

// check names both files of a translation older than its Vietnamese text
// (here by the updated dates: the test folder is not a Git work tree), as
// a warning: it fails only with -strict.
func TestCheckWarnsAboutStaleTranslations(t *testing.T) {
	dir := testsite.Dir(t, testsite.Parse(testsite.Config+`-- content/sites/a/index.vi.md --
---
id: NT-001
title: Đình A
summary: Một ngôi đình.
location: {lat: 10.7, lng: 106.8}
updated: 2026-10-02
sources: [{title: Sở VHTTDL}]
---
Văn bản mới.
-- content/sites/a/index.en.md --
---
title: Communal house A
summary: A communal house.
updated: 2026-03-01
---
Old text.
`))
	code, stdout, stderr := runCLI("check", "-source", dir)
	want := "content/sites/a/index.en.md:4: warning: translation is older than content/sites/a/index.vi.md (updated 2026-10-02, translation's updated 2026-03-01): update it"
	if code != 0 || !strings.Contains(stderr, want) || !strings.Contains(stdout, "1 warning") {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s\nwant: %s", code, stdout, stderr, want)
	}
	if code, _, _ := runCLI("check", "-source", dir, "-strict"); code != 1 {
		t.Errorf("-strict: exit %d, want 1", code)
	}
}
