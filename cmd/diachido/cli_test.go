package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/diachido/diachido/internal/testsite"
)

// repoRoot is the example site: the repository root holds site.yaml and content/.
const repoRoot = "../.."

func runCLI(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestBuildExampleSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := runCLI("build", "-source", repoRoot, "-output", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "built ") || !strings.Contains(stdout, "in 2 languages") {
		t.Errorf("summary line: %q", stdout)
	}
	for _, p := range []string{"vi/sites/dinh-phuoc-thien/index.html", "en/sites/dinh-phuoc-thien/index.html", "p/NT-004/index.html", "sitemap.xml"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("missing %s", p)
		}
	}
}

func TestCheckExampleSite(t *testing.T) {
	code, stdout, stderr := runCLI("check", "-source", repoRoot)
	if code != 0 || !strings.HasPrefix(stdout, "ok: ") {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
}

func TestExitStatuses(t *testing.T) {
	dir := t.TempDir()
	testsite.Write(t, dir, testsite.Parse(`
-- site.yaml --
baseURL: https://x.vn/
languages:
  - code: vi
    title: X
-- content/sites/a/index.vi.md --
---
id: A-1
title: A
---
`))
	out := filepath.Join(t.TempDir(), "out")

	code, _, stderr := runCLI("build", "-source", dir, "-output", out)
	if code != 1 {
		t.Errorf("content error: exit %d, want 1", code)
	}
	for _, want := range []string{
		"content/sites/a/index.vi.md:1: missing summary",
		"content/sites/a/index.vi.md:1: missing location",
		"nothing was written",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed build created the output folder")
	}
	if code, _, _ := runCLI("check", "-source", dir); code != 1 {
		t.Errorf("check with errors: exit %d, want 1", code)
	}
	if code, _, _ := runCLI("build", "-nope"); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
	if code, _, _ := runCLI("frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
	if code, _, stderr := runCLI("build", "-source", repoRoot, "-output", repoRoot); code != 2 || !strings.Contains(stderr, "refusing") {
		t.Errorf("output = source: exit %d: %s", code, stderr)
	}
	code, _, stderr = runCLI("build", "-h")
	if code != 0 || !strings.Contains(stderr, "Example:") || !strings.Contains(stderr, "-base-url") {
		t.Errorf("build -h: exit %d\n%s", code, stderr)
	}
}

func TestCheckReportsForToolsAndPullRequests(t *testing.T) {
	dir := testsite.Dir(t, testsite.Parse(testsite.Config+`-- content/sites/a/index.vi.md --
---
id: NT-001
title: A
summary: s
location: {lat: 10, lng: 106}
updated: 2020-01-01
sources: [{title: Sở VHTTDL}]
---
`))

	// Warnings pass, unless -strict.
	code, stdout, stderr := runCLI("check", "-source", dir)
	if code != 0 || !strings.Contains(stdout, "2 warnings") {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"content/sites/a/index.vi.md:1: warning: not translated into en yet",
		"content/sites/a/index.vi.md:6: warning: facts last checked on 2020-01-01, more than three years ago",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if code, _, _ := runCLI("check", "-source", dir, "-strict"); code != 1 {
		t.Errorf("-strict with warnings: exit %d, want 1", code)
	}
	code, stdout, _ = runCLI("check", "-source", dir, "-format", "json")
	if code != 0 || !strings.Contains(stdout, `"file": "content/sites/a/index.vi.md"`) || !strings.Contains(stdout, `"line": 6`) || !strings.Contains(stdout, `"severity": "warning"`) {
		t.Errorf("json: exit %d\n%s", code, stdout)
	}

	t.Setenv("GITHUB_ACTIONS", "true")
	testsite.EditFile(t, dir, "content/sites/a/index.vi.md", "location: {lat: 10, lng: 106}\nupdated: 2020-01-01\nsources: [{title: Sở VHTTDL}]\n", "location: {lat: 100, lng: 106}\n")
	code, _, stderr = runCLI("check", "-source", dir)
	if code != 1 || !strings.Contains(stderr, "::error file=content/sites/a/index.vi.md,line=5::latitude 100 is outside -90…90 (are lat and lng swapped?)\n") {
		t.Errorf("annotations: exit %d\n%s", code, stderr)
	}
}
