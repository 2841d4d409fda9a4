package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/diachido/diachido/internal/testsite"
)

// A layout that fails while rendering a page is reported like a content
// error: one line naming the layout's file and line and the page, in the
// terminal for build and check and as a diagnostic in check -format json
// (the pages that failed the same way counted, not listed);
// build writes nothing.
func TestRenderErrorNamesLayoutLineAndPage(t *testing.T) {
	src := t.TempDir()
	files := testsite.Inputs()
	files["themes/hong/layouts/entry.html"] = "{{define \"main\"}}\n<h1>{{.Title}}</h1>\n{{.Entry.NoSuchField}}\n{{end}}\n"
	testsite.Write(t, src, files)
	const want = "themes/hong/layouts/entry.html:3: cannot render en/sites/dinh-a/index.html and 1 other page: "

	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCLI("build", "-source", src, "-output", out, "-cache-dir", "off")
	if code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "NoSuchField") {
		t.Errorf("build: exit %d\n%s", code, stderr)
	}
	if strings.Count(stderr, "\n") > 6 {
		t.Errorf("build printed more than the errors and the summary:\n%s", stderr)
	}

	code, _, stderr = runCLI("check", "-source", src)
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("check: exit %d\n%s", code, stderr)
	}

	code, stdout, _ := runCLI("check", "-source", src, "-format", "json")
	var rep struct {
		Errors      int
		Diagnostics []struct {
			File, Severity, Message string
			Line                    int
		}
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("check -format json: %v\n%s", err, stdout)
	}
	found := false
	for _, d := range rep.Diagnostics {
		if d.File == "themes/hong/layouts/entry.html" && d.Line == 3 && d.Severity == "error" &&
			strings.HasPrefix(d.Message, "cannot render en/sites/dinh-a/index.html and 1 other page: ") {
			found = true
		}
	}
	if code != 1 || rep.Errors < 1 || !found {
		t.Errorf("check -format json: exit %d, no diagnostic at the layout's line 3:\n%s", code, stdout)
	}
}
