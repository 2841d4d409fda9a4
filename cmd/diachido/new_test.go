package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/site"
	"github.com/diachido/diachido/internal/testsite"
)

// newFixture writes a small site: a published site NT-001, a draft NT-004
// (so the next ID is NT-005: drafts count) and a tour NT-T01 (another ID
// shape, ignored when numbering).
func newFixture(t *testing.T, siteYAML string) string {
	t.Helper()
	files := testsite.Parse(testsite.Config + `-- content/sites/dinh-a/index.vi.md --
---
id: NT-001
title: Đình A
summary: Một ngôi đình để thử.
location: {lat: 10.7, lng: 106.8}
---
Nội dung.
-- content/sites/nha-b/index.vi.md --
---
id: NT-004
title: Nhà B
summary: Bản nháp.
location: {lat: 10.8, lng: 106.9}
draft: true
---
Nội dung.
-- content/tours/hanh-trinh/index.vi.md --
---
id: NT-T01
title: Hành trình
summary: Một vòng.
stops: [NT-001]
---
Nội dung.
`)
	if siteYAML != "" {
		files["site.yaml"] = siteYAML
	}
	return testsite.Dir(t, files)
}

func runNew(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	old := now
	now = func() time.Time { return time.Date(2026, 3, 26, 9, 0, 0, 0, time.UTC) }
	defer func() { now = old }()
	var out, errb bytes.Buffer
	code = run(append([]string{"new"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// fillIn does what an editor does after `new`: fills the blanks and
// deletes the draft line.
func fillIn(t *testing.T, text string, kind content.Kind) string {
	t.Helper()
	replace := func(re, with string) {
		t.Helper()
		r := regexp.MustCompile(re)
		if !r.MatchString(text) {
			t.Fatalf("%s: no %q in\n%s", kind, re, text)
		}
		text = r.ReplaceAllString(text, with)
	}
	replace(`(?m)^summary: ""`, `summary: "Một câu tóm tắt."`)
	if kind.Located() {
		replace(`(?m)^  lat: `, "  lat: 10.75 ")
		replace(`(?m)^  lng: `, "  lng: 106.85 ")
	}
	if kind == content.Marker {
		replace(`(?m)^  number: ""`, `  number: "663"`)
		replace(`(?m)^  type: ""`, `  type: main`)
		replace(`(?m)^  border: ""`, `  border: VN-LA`)
	}
	if kind == content.Tour {
		replace(`(?m)^stops: \[\]`, `stops: [NT-001]`)
	}
	replace(`(?m)^draft: true\n`, "")
	return text
}

func TestNewEveryKindPassesCheckOnceFilledIn(t *testing.T) {
	for _, kind := range content.Kinds {
		name := strings.TrimSuffix(string(kind), "s")
		t.Run(name, func(t *testing.T) {
			dir := newFixture(t, "")
			code, out, errOut := runNew(t, name, "Đình Phước Thiền", "-source", dir)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			rel := "content/" + string(kind) + "/dinh-phuoc-thien/index.vi.md"
			file := filepath.Join(dir, filepath.FromSlash(rel))
			if !strings.Contains(out, file) || !strings.Contains(out, "Next steps") || !strings.Contains(out, "diachido check") || !strings.Contains(out, "fill in summary") {
				t.Errorf("output does not name the file and the next steps:\n%s", out)
			}
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			text := string(raw)
			for _, want := range []string{"\nid: NT-005\n", "\ntitle: \"Đình Phước Thiền\"\n", "\ndraft: true\n", "\nupdated: 2026-03-26\n"} {
				if !strings.Contains(text, want) {
					t.Errorf("file lacks %q:\n%s", strings.TrimSpace(want), text)
				}
			}

			// As written, the draft is left out of a normal check, and a
			// check with drafts points at each blank.
			var diags diag.List
			if _, err := site.Check(dir, site.LoadOptions{}, &diags); err != nil {
				t.Fatalf("check without drafts: %v\n%s", err, diags.String())
			}
			diags = diag.List{}
			if _, err := site.Check(dir, site.LoadOptions{Drafts: true}, &diags); err == nil {
				t.Errorf("check with drafts passes with the blanks still empty")
			}
			for _, d := range diags.Errors() {
				if d.Pos.File != rel && d.Pos.File != "content/sites/nha-b/index.vi.md" {
					t.Errorf("unexpected error outside the new file: %s", d)
				}
			}
			if !strings.Contains(diags.String(), rel+":") || !strings.Contains(diags.String(), "missing summary") {
				t.Errorf("the blank summary is not reported:\n%s", diags.String())
			}

			if err := os.WriteFile(file, []byte(fillIn(t, text, kind)), 0o644); err != nil {
				t.Fatal(err)
			}
			diags = diag.List{}
			st, err := site.Check(dir, site.LoadOptions{}, &diags)
			if err != nil || diags.HasErrors() {
				t.Fatalf("filled-in entry does not pass check: %v\n%s", err, diags.String())
			}
			// Warnings are advice (add sources, translate); but the file
			// must hold no field its kind does not use.
			for _, d := range diags.Warnings() {
				if d.Pos.File == rel && strings.Contains(d.Message, "not used for") {
					t.Errorf("warning on the new file: %s", d)
				}
			}
			if st.Entries != 3 {
				t.Errorf("check counted %d entries, want 3", st.Entries)
			}
			diags = diag.List{}
			m := site.Load(os.DirFS(dir), site.LoadOptions{}, &diags)
			if m == nil || diags.HasErrors() {
				t.Fatalf("load: %s", diags.String())
			}
			e := m.Content.ByID["NT-005"]
			if e == nil || e.Kind != kind || e.Slug != "dinh-phuoc-thien" || e.Default.Front.Title != "Đình Phước Thiền" {
				t.Errorf("loaded entry NT-005 = %+v", e)
			}
		})
	}
}

func TestNewRefusesToOverwrite(t *testing.T) {
	dir := newFixture(t, "")
	code, _, errOut := runNew(t, "site", "Đình A", "-source", dir)
	existing := filepath.Join(dir, "content", "sites", "dinh-a")
	if code != 1 || !strings.Contains(errOut, existing) || !strings.Contains(errOut, "already exists") {
		t.Errorf("exit %d, stderr %q; want 1 naming %s", code, errOut, existing)
	}
	if b, _ := os.ReadFile(filepath.Join(existing, "index.vi.md")); !strings.Contains(string(b), "id: NT-001") {
		t.Errorf("existing entry was changed:\n%s", b)
	}

	// An empty folder of that name is refused too: it may be an editor's
	// photos waiting for their text.
	if err := os.MkdirAll(filepath.Join(dir, "content", "markers", "cot-moc-1"), 0o755); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runNew(t, "marker", "Cột mốc 1", "-source", dir); code != 1 || !strings.Contains(errOut, "cot-moc-1") {
		t.Errorf("existing empty folder: exit %d, %q", code, errOut)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "content", "markers", "cot-moc-1")); len(entries) != 0 {
		t.Errorf("wrote into an existing folder: %v", entries)
	}

	// The same title twice: the second run is refused, the first file kept.
	if code, _, errOut := runNew(t, "page", "Liên hệ", "-source", dir); code != 0 {
		t.Fatalf("first run: exit %d: %s", code, errOut)
	}
	file := filepath.Join(dir, "content", "pages", "lien-he", "index.vi.md")
	if err := os.WriteFile(file, []byte("edited by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := runNew(t, "page", "Liên hệ", "-source", dir); code != 1 {
		t.Errorf("second run: exit %d, want 1", code)
	}
	if b, _ := os.ReadFile(file); string(b) != "edited by hand\n" {
		t.Errorf("second run overwrote the file: %q", b)
	}
}

func TestNewMisuseAndOptions(t *testing.T) {
	noPrefix := `baseURL: https://example.org/
languages:
  - code: en
    title: Test guide
`
	tests := []struct {
		name     string
		site     string
		args     []string
		code     int
		stderr   string
		wantFile string
	}{
		{"no arguments", "", nil, 2, "say what to create", ""},
		{"unknown kind", "", []string{"post", "X"}, 2, `unknown kind "post"`, ""},
		{"no title", "", []string{"site"}, 2, "missing title", ""},
		{"blank title", "", []string{"site", "  "}, 2, "missing title", ""},
		{"unquoted title", "", []string{"site", "Đình", "Phú"}, 2, "put the title in quotes", ""},
		{"bad -id", "", []string{"site", "X", "-id", "nt-1"}, 2, "capital letters", ""},
		{"bad -slug", "", []string{"site", "X", "-slug", "Dinh A"}, 2, "lowercase", ""},
		{"unknown flag", "", []string{"site", "X", "-force"}, 2, "-force", ""},
		{"no idPrefix", noPrefix, []string{"site", "X"}, 2, "idPrefix", ""},
		{"no idPrefix but -id", noPrefix, []string{"site", "Hall", "-id", "H-1"}, 0, "", "content/sites/hall/index.en.md"},
		{"-id already used", "", []string{"site", "X", "-id", "NT-004"}, 1, "nha-b", ""},
		{"-slug", "", []string{"marker", "Cột mốc 663", "-slug", "moc-663", "-id", "QN-M663"}, 0, "", "content/markers/moc-663/index.vi.md"},
		{"flags first", "", []string{"-id", "NT-100", "tour", "Vòng"}, 0, "", "content/tours/vong/index.vi.md"},
		{"plural kind", "", []string{"pages", "Giới thiệu"}, 0, "", "content/pages/gioi-thieu/index.vi.md"},
		{"after --", "", []string{"site", "--", "-5 độ"}, 0, "", "content/sites/5-do/index.vi.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newFixture(t, tt.site)
			args := append([]string{"-source", dir}, tt.args...)
			if tt.args == nil {
				args = nil
			}
			code, _, errOut := runNew(t, args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.stderr)
			}
			if tt.wantFile != "" {
				if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(tt.wantFile))); err != nil {
					t.Errorf("want %s: %v", tt.wantFile, err)
				}
			}
			if tt.code != 0 {
				for _, k := range content.Kinds {
					entries, _ := os.ReadDir(filepath.Join(dir, "content", string(k)))
					for _, e := range entries {
						if !map[string]bool{"dinh-a": true, "nha-b": true, "hanh-trinh": true}[e.Name()] {
							t.Errorf("a refused run created %s/%s", k, e.Name())
						}
					}
				}
			}
		})
	}
}

func TestNewIDCountsRetiredIDs(t *testing.T) {
	dir := newFixture(t, `baseURL: https://example.org/
languages:
  - code: vi
    title: Thử
idPrefix: NT
retired:
  NT-009:
    notice: {vi: "Di tích đã được dời đi."}
`)
	code, out, errOut := runNew(t, "site", "Đình mới", "-source", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "NT-010") {
		t.Errorf("a retired printed ID must never be reused; got:\n%s", out)
	}
	if code, _, errOut := runNew(t, "site", "Khác", "-source", dir, "-id", "NT-009"); code != 1 || !strings.Contains(errOut, "retired") {
		t.Errorf("-id of a retired ID: exit %d, %q", code, errOut)
	}
}
