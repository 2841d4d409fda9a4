package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/diachido/diachido/generator/scaffold"
	"github.com/diachido/diachido/internal/testsite"
	"go.yaml.in/yaml/v3"
)

const testVersion = "v1.4.2"

// runInit runs init as a release binary (version v1.4.2) on a fixed day.
func runInit(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runInitAs(t, testVersion, args...)
}

func runInitAs(t *testing.T, v string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	oldV, oldNow, oldBI := version, now, readBuildInfo
	version = v
	now = func() time.Time { return time.Date(2026, 3, 26, 9, 0, 0, 0, time.UTC) }
	readBuildInfo = func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{Main: debug.Module{Path: scaffold.Module, Version: "(devel)"}}, true
	}
	defer func() { version, now, readBuildInfo = oldV, oldNow, oldBI }()
	return runCLI(append([]string{"init"}, args...)...)
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestInitThenBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nhon-trach")
	code, stdout, stderr := runInit(t, dir, "-title", "Địa chỉ đỏ Nhơn Trạch", "-org", "Huyện đoàn Nhơn Trạch", "-id-prefix", "nt", "-base-url", "https://doan.github.io/dia-chi-do")
	if code != 0 {
		t.Fatalf("init: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "diachido "+testVersion) || !strings.Contains(stdout, "diachido serve") {
		t.Errorf("init's summary does not name the version and the next steps:\n%s", stdout)
	}
	for _, f := range []string{"site.yaml", "ids.lock", "README.md", ".gitignore", ".github/workflows/pages.yml", ".gitlab-ci.yml",
		"content/sites/di-tich-mau/index.vi.md", "content/sites/di-tich-mau/index.en.md", "content/markers/cot-moc-mau/index.vi.md",
		"content/tours/hanh-trinh-mau/index.vi.md", "content/pages/gioi-thieu/index.vi.md"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("init wrote no %s", f)
		}
	}
	siteYAML := readFile(t, filepath.Join(dir, "site.yaml"))
	for _, want := range []string{`baseURL: "https://doan.github.io/dia-chi-do/"`, `organization: "Huyện đoàn Nhơn Trạch"`, "idPrefix: NT", "# Hãy dịch tên này / Translate this title"} {
		if !strings.Contains(siteYAML, want) {
			t.Errorf("site.yaml has no %q:\n%s", want, siteYAML)
		}
	}
	for _, want := range []string{"/output/", "/.cache/"} {
		if !strings.Contains(readFile(t, filepath.Join(dir, ".gitignore")), want+"\n") {
			t.Errorf(".gitignore does not ignore %s", want)
		}
	}
	readme := readFile(t, filepath.Join(dir, "README.md"))
	if vi, en := strings.Index(readme, "## Tiếng Việt"), strings.Index(readme, "## English"); vi < 0 || en < vi {
		t.Errorf("the editors' README is not Vietnamese first, then English")
	}
	for _, want := range []string{"diachido check -drafts", "diachido serve", "draft: true", "Settings → Pages", "go install github.com/diachido/diachido/cmd/diachido@" + testVersion} {
		if !strings.Contains(readme, want) {
			t.Errorf("the editors' README does not say %q", want)
		}
	}
	lock := readFile(t, filepath.Join(dir, "ids.lock"))

	// The example entries are drafts: a build without -drafts publishes
	// the home pages, and nothing of them.
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr = runCLI("build", "-source", dir, "-output", out, "-cache-dir", filepath.Join(t.TempDir(), "cache"))
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	for lang, title := range map[string]string{"vi": "Địa chỉ đỏ Nhơn Trạch", "en": "Địa chỉ đỏ Nhơn Trạch"} {
		home := readFile(t, filepath.Join(out, lang, "index.html"))
		if !strings.Contains(home, "<title>"+title) {
			t.Errorf("%s home page does not name the title %q", lang, title)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "vi", "sites", "di-tich-mau")); err == nil {
		t.Error("a draft example was published without -drafts")
	}

	// With -drafts, every example builds, with no warning at all.
	code, stdout, stderr = runCLI("check", "-source", dir, "-drafts")
	if code != 0 || !strings.Contains(stdout, "4 entries") || !strings.Contains(stdout, " 0 warnings") {
		t.Errorf("check -drafts: exit %d\n%s%s", code, stdout, stderr)
	}
	out = filepath.Join(t.TempDir(), "drafts")
	code, _, stderr = runCLI("build", "-source", dir, "-output", out, "-drafts")
	if code != 0 {
		t.Fatalf("build -drafts: exit %d\n%s", code, stderr)
	}
	for p, want := range map[string]string{
		"vi/sites/di-tich-mau/index.html":     "Di tích mẫu",
		"en/sites/di-tich-mau/index.html":     "Example relic site",
		"vi/markers/cot-moc-mau/index.html":   "Cột mốc mẫu",
		"vi/tours/hanh-trinh-mau/index.html":  "Cột mốc mẫu", // a stop
		"vi/pages/gioi-thieu/index.html":      "Giới thiệu",
		"vi/index.html":                       "Di tích mẫu",
		"p/NT-001/index.html":                 "Di tích mẫu",
		"placards/NT-002.pdf":                 "%PDF",
		"en/markers/cot-moc-mau/index.html":   "Example border marker",
		"en/tours/hanh-trinh-mau/index.html":  "Example tour",
		"en/pages/gioi-thieu/index.html":      "About",
		"vi/sites/di-tich-mau/index.html#org": "Huyện đoàn Nhơn Trạch",
	} {
		p, _, _ = strings.Cut(p, "#")
		if !strings.Contains(readFile(t, filepath.Join(out, filepath.FromSlash(p))), want) {
			t.Errorf("%s does not show %q", p, want)
		}
	}
	if got := readFile(t, filepath.Join(dir, "ids.lock")); got != lock {
		t.Errorf("building drafts changed ids.lock:\n%s", got)
	}

	// Publishing an example (deleting its draft line) records its ID under
	// the header init wrote, which is the build's own.
	testsite.EditFile(t, dir, "content/sites/di-tich-mau/index.vi.md", "\ndraft: true\n", "\n")
	code, _, stderr = runCLI("build", "-source", dir, "-output", filepath.Join(t.TempDir(), "pub"))
	if code != 0 {
		t.Fatalf("build after publishing: exit %d\n%s", code, stderr)
	}
	if got, want := readFile(t, filepath.Join(dir, "ids.lock")), lock+"NT-001 sites/di-tich-mau\n"; got != want {
		t.Errorf("ids.lock after the first publish:\n%s\nwant:\n%s", got, want)
	}
}

func TestInitRefusesAFolderThatIsNotEmpty(t *testing.T) {
	dir := testsite.Dir(t, map[string]string{"notes.txt": "mine", "content/sites/x/index.vi.md": "---\nid: A\n---\n"})
	before := testsite.Hashes(t, dir)
	code, stdout, stderr := runInit(t, dir)
	if code != 2 {
		t.Errorf("exit %d, want 2 (misuse)", code)
	}
	if stdout != "" || !strings.Contains(stderr, dir+" is not empty (it holds content, notes.txt)") || !strings.Contains(stderr, "nothing was changed") {
		t.Errorf("message:\n%s%s", stdout, stderr)
	}
	if n := strings.Count(stderr, "\n"); n != 1 {
		t.Errorf("want one line, got %d:\n%s", n, stderr)
	}
	if d := testsite.Differs(before, testsite.Hashes(t, dir)); d != "" || len(testsite.Hashes(t, dir)) != len(before) {
		t.Errorf("the refused folder changed (%s)", d)
	}

	file := filepath.Join(t.TempDir(), "guide")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runInit(t, file); code != 2 || !strings.Contains(stderr, "is a file") {
		t.Errorf("a file: exit %d\n%s", code, stderr)
	}

	// A fresh clone of a new, empty repository holds only .git: it is
	// empty, and .git is left alone.
	clone := testsite.Dir(t, map[string]string{".git/HEAD": "ref: refs/heads/main\n"})
	if code, _, stderr := runInit(t, clone); code != 0 {
		t.Errorf("a folder holding only .git: exit %d\n%s", code, stderr)
	}
	if readFile(t, filepath.Join(clone, ".git", "HEAD")) != "ref: refs/heads/main\n" {
		t.Error(".git was changed")
	}
}

func TestInitMisuse(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "say which folder"},
		{[]string{"a", "b"}, "say which folder"},
		{[]string{"-languages", "vi,VI", "g"}, "lowercase language code"},
		{[]string{"-languages", "vi,vi", "g"}, "listed twice"},
		{[]string{"-languages", " , ", "g"}, "at least one language"},
		{[]string{"-id-prefix", "N-T", "g"}, "-id-prefix"},
		{[]string{"-base-url", "doan.github.io/guide", "g"}, "-base-url"},
		{[]string{"-version", "latest", "g"}, "not a diachido release"},
		{[]string{"-version", "v1.2.0-3-g1a2b3c4", "g"}, "not a diachido release"},
		{[]string{"-languages", "lo,vi", "g"}, "lo cannot be the first (default) language"},
	} {
		parent := t.TempDir()
		args := tt.args
		for i, a := range args {
			if a == "g" {
				args[i] = filepath.Join(parent, "g")
			}
		}
		code, stdout, stderr := runInit(t, args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, tt.want) {
			t.Errorf("init %q: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 0 {
			t.Errorf("init %q wrote something", tt.args)
		}
	}
}

func TestInitPinsAVersion(t *testing.T) {
	installed := func(v, sum string) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			return &debug.BuildInfo{Main: debug.Module{Path: scaffold.Module, Version: v, Sum: sum}}, true
		}
	}
	for _, tt := range []struct {
		name    string
		version string // main.version
		bi      func() (*debug.BuildInfo, bool)
		flag    string
		want    string // "" refused
	}{
		{"make binary at a tag", "v1.4.2", nil, "", "v1.4.2"},
		{"a release candidate", "v2.0.0-rc.1", nil, "", "v2.0.0-rc.1"},
		{"go install @v1.5.0", "dev", installed("v1.5.0", "h1:abc="), "", "v1.5.0"},
		{"go install @commit", "dev", installed("v0.0.0-20261201103000-224d3da1234a", "h1:abc="), "", "v0.0.0-20261201103000-224d3da1234a"},
		{"go build in a checkout", "dev", installed("v0.0.0-20261201103000-224d3da1234a+dirty", ""), "", ""},
		{"a local stamp without a sum", "dev", installed("v1.5.0", ""), "", ""},
		{"go run", "dev", installed("(devel)", ""), "", ""},
		{"make binary past a tag", "v1.4.2-3-g1a2b3c4", nil, "", ""},
		{"make binary without tags", "224d3da-dirty", nil, "", ""},
		{"-version wins", "dev", nil, "v1.3.0", "v1.3.0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			oldV, oldBI := version, readBuildInfo
			defer func() { version, readBuildInfo = oldV, oldBI }()
			version = tt.version
			readBuildInfo = func() (*debug.BuildInfo, bool) { return nil, false }
			if tt.bi != nil {
				readBuildInfo = tt.bi
			}
			got, err := pinnedVersion(tt.flag)
			if tt.want == "" {
				if err == nil {
					t.Errorf("pinned %q, want a refusal", got)
				} else if !strings.Contains(err.Error(), "-version v1.2.0") {
					t.Errorf("the refusal does not say what to do: %v", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("pinned %q, %v; want %q", got, err, tt.want)
			}
		})
	}

	// A development build refuses, and writes nothing.
	dir := filepath.Join(t.TempDir(), "g")
	code, _, stderr := runInitAs(t, "dev", dir)
	if code != 2 || !strings.Contains(stderr, "development build") {
		t.Errorf("dev build: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("a refused init created the folder")
	}
	if code, _, stderr := runInitAs(t, "dev", dir, "-version", "v1.3.0"); code != 0 {
		t.Errorf("dev build with -version: exit %d\n%s", code, stderr)
	}
	if wf := readFile(t, filepath.Join(dir, ".github", "workflows", "pages.yml")); !strings.Contains(wf, "cmd/diachido@v1.3.0\n") {
		t.Errorf("pages.yml does not install v1.3.0:\n%s", wf)
	}
}

// workflowStep is one step of a GitHub Actions job.
type workflowStep struct {
	ID   string            `yaml:"id"`
	Name string            `yaml:"name"`
	If   string            `yaml:"if"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
}

func TestInitWorkflows(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "g")
	if code, _, stderr := runInit(t, dir); code != 0 {
		t.Fatalf("init: exit %d\n%s", code, stderr)
	}
	install := "go install github.com/diachido/diachido/cmd/diachido@" + testVersion

	// GitHub Actions: the keys a workflow must have, strictly decoded.
	var gh struct {
		Name        string            `yaml:"name"`
		On          map[string]any    `yaml:"on"`
		Permissions map[string]string `yaml:"permissions"`
		Concurrency map[string]any    `yaml:"concurrency"`
		Jobs        map[string]struct {
			RunsOn      string         `yaml:"runs-on"`
			If          string         `yaml:"if"`
			Needs       string         `yaml:"needs"`
			Environment map[string]any `yaml:"environment"`
			Steps       []workflowStep `yaml:"steps"`
		} `yaml:"jobs"`
	}
	dec := yaml.NewDecoder(strings.NewReader(readFile(t, filepath.Join(dir, ".github", "workflows", "pages.yml"))))
	dec.KnownFields(true)
	if err := dec.Decode(&gh); err != nil {
		t.Fatalf("pages.yml: %v", err)
	}
	if _, ok := gh.On["push"]; !ok || gh.Name == "" || gh.Permissions["pages"] != "write" || gh.Permissions["id-token"] != "write" {
		t.Errorf("pages.yml: name %q, on %v, permissions %v", gh.Name, gh.On, gh.Permissions)
	}
	if len(gh.Jobs) != 2 {
		t.Errorf("pages.yml jobs: %d, want build and deploy", len(gh.Jobs))
	}
	uses := map[string]workflowStep{}
	var runs []string
	for name, job := range gh.Jobs {
		if job.RunsOn == "" || len(job.Steps) == 0 {
			t.Errorf("job %s: runs-on %q, %d steps", name, job.RunsOn, len(job.Steps))
		}
		if job.Needs != "" && gh.Jobs[job.Needs].RunsOn == "" {
			t.Errorf("job %s needs %q, which is no job", name, job.Needs)
		}
		for _, s := range job.Steps {
			if (s.Uses == "") == (s.Run == "") {
				t.Errorf("job %s: a step needs exactly one of uses and run: %+v", name, s)
			}
			if s.Uses != "" {
				action, ref, ok := strings.Cut(s.Uses, "@")
				if !ok || ref == "" {
					t.Errorf("job %s: %q is not pinned to a version", name, s.Uses)
				}
				uses[action] = s
			}
			runs = append(runs, s.Run)
		}
	}
	for _, a := range []string{"actions/checkout", "actions/setup-go", "actions/cache", "actions/upload-pages-artifact", "actions/deploy-pages"} {
		if _, ok := uses[a]; !ok {
			t.Errorf("pages.yml does not use %s", a)
		}
	}
	if c := uses["actions/cache"]; c.With["path"] != ".cache" || c.With["key"] == "" {
		t.Errorf("the cache step does not keep .cache/: %+v", c)
	}
	if u := uses["actions/upload-pages-artifact"]; u.With["path"] != "output" {
		t.Errorf("the upload takes %q, not the build's output", u.With["path"])
	}
	if gh.Jobs["deploy"].Needs != "build" {
		t.Errorf("deploy does not wait for the build")
	}
	all := strings.Join(runs, "\n")
	for _, want := range []string{install + "\n", "diachido build -source . -output output -cache-dir .cache"} {
		if !strings.Contains(all+"\n", want) {
			t.Errorf("pages.yml does not run %q", want)
		}
	}
	// The install runs before the build, the cache is restored before it too.
	if i, b := strings.Index(all, install), strings.Index(all, "diachido build"); i < 0 || b < i {
		t.Error("pages.yml builds before installing diachido")
	}

	// GitLab CI: a pages job publishing public/, with .cache/ cached.
	var gl map[string]any
	if err := yaml.Unmarshal([]byte(readFile(t, filepath.Join(dir, ".gitlab-ci.yml"))), &gl); err != nil {
		t.Fatalf(".gitlab-ci.yml: %v", err)
	}
	var pages struct {
		Script []string `yaml:"script"`
		Cache  struct {
			Key   string
			Paths []string
		} `yaml:"cache"`
		Artifacts struct{ Paths []string } `yaml:"artifacts"`
	}
	raw, _ := yaml.Marshal(gl["pages"])
	if err := yaml.Unmarshal(raw, &pages); err != nil {
		t.Fatalf("pages job: %v", err)
	}
	image, _ := gl["image"].(string)
	before, _ := gl["before_script"].([]any)
	if !strings.HasPrefix(image, "golang:") || len(before) != 1 || before[0] != install {
		t.Errorf(".gitlab-ci.yml: image %q, before_script %v; want a golang image and %q", image, before, install)
	}
	if strings.Join(pages.Cache.Paths, ",") != ".cache/" || strings.Join(pages.Artifacts.Paths, ",") != "public" {
		t.Errorf("pages job: cache %v, artifacts %v", pages.Cache.Paths, pages.Artifacts.Paths)
	}
	if s := strings.Join(pages.Script, "\n"); !strings.Contains(s, "diachido build -source . -output public -cache-dir .cache") {
		t.Errorf("pages job script: %q", s)
	}
}

func TestInitIsDeterministic(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "g"), filepath.Join(t.TempDir(), "g")
	for _, d := range []string{a, b} {
		if code, _, stderr := runInit(t, d, "-languages", "vi,en,lo", "-title", "Địa chỉ đỏ"); code != 0 {
			t.Fatalf("init: exit %d\n%s", code, stderr)
		}
	}
	ha, hb := testsite.Hashes(t, a), testsite.Hashes(t, b)
	if d := testsite.Differs(ha, hb); d != "" || len(ha) != len(hb) {
		t.Errorf("two inits differ at %q", d)
	}
}

// Lao: the default theme has no interface strings in lo (issue 15 adds
// them). The guide builds, its lo pages show the Vietnamese ones, and
// init says so.
func TestInitLanguageWithoutThemeStrings(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "g")
	code, stdout, stderr := runInit(t, dir, "-languages", "vi,lo")
	if code != 0 {
		t.Fatalf("init: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "no interface strings in lo yet") || !strings.Contains(readFile(t, filepath.Join(dir, "site.yaml")), "no interface strings (menus, buttons) in lo yet") {
		t.Errorf("init does not say lo's interface is untranslated:\n%s", stdout)
	}
	if !strings.Contains(readFile(t, filepath.Join(dir, "site.yaml")), "name: \"ລາວ\"") {
		t.Error("site.yaml does not name Lao in Lao")
	}
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runCLI("build", "-source", dir, "-output", out, "-drafts"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	if home := readFile(t, filepath.Join(out, "lo", "index.html")); !strings.Contains(home, "Địa chỉ đỏ") {
		t.Error("the lo home page does not name the title")
	}
}
