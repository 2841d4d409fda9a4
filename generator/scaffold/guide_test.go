package scaffold

import (
	"sort"
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/content"
)

func guide() Guide {
	return Guide{Languages: []string{"vi", "en"}, IDPrefix: "NT", Version: "v1.4.2", GoVersion: "1.26", Today: today}
}

// The examples are `new`'s templates with the blanks filled: this fails
// when a template line they fill changes.
func TestGuideExamplesAreFilledTemplates(t *testing.T) {
	files, err := RenderGuide(guide())
	if err != nil {
		t.Fatal(err)
	}
	if !sort.SliceIsSorted(files, func(i, j int) bool { return files[i].Path < files[j].Path }) {
		t.Error("files are not sorted by path")
	}
	byPath := map[string]string{}
	for _, f := range files {
		byPath[f.Path] = string(f.Data)
	}
	wantIDs := map[string]string{
		"content/sites/di-tich-mau/index.vi.md":    "NT-001",
		"content/markers/cot-moc-mau/index.vi.md":  "NT-002",
		"content/tours/hanh-trinh-mau/index.vi.md": "NT-003",
		"content/pages/gioi-thieu/index.vi.md":     "NT-004",
	}
	for p, id := range wantIDs {
		f, keys := fields(t, []byte(byPath[p]))
		if f.ID != id || !f.Draft || f.Summary == "" {
			t.Errorf("%s: id %q draft %v summary %q", p, f.ID, f.Draft, f.Summary)
		}
		kind := content.Kind(strings.Split(p, "/")[1])
		if kind.Located() && (f.Location == nil || f.Location.Lat == nil || f.Location.Lng == nil || !keys["sources"]) {
			t.Errorf("%s: no location or sources", p)
		}
		tr := strings.Replace(p, "index.vi.md", "index.en.md", 1)
		tf, tkeys := fields(t, []byte(byPath[tr]))
		if tf.Title == "" || tf.Summary == "" || len(tkeys) != 2 {
			t.Errorf("%s: a translation should hold only title and summary: %v", tr, tkeys)
		}
	}
	if m := byPath["content/markers/cot-moc-mau/index.vi.md"]; !strings.Contains(m, "type: main") || !strings.Contains(m, "border: VN-LA") {
		t.Errorf("marker example not filled:\n%s", m)
	}
	if tour := byPath["content/tours/hanh-trinh-mau/index.vi.md"]; !strings.Contains(tour, "stops: [NT-001, NT-002]") {
		t.Errorf("tour example has no stops:\n%s", tour)
	}
	if byPath["ids.lock"] != LedgerHeader {
		t.Errorf("ids.lock: %q", byPath["ids.lock"])
	}
}

func TestGuideInEnglishFirst(t *testing.T) {
	g := guide()
	g.Languages = []string{"en", "vi"}
	files, err := RenderGuide(g)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path)
	}
	all := strings.Join(paths, "\n")
	for _, want := range []string{"content/sites/example-relic-site/index.en.md", "content/sites/example-relic-site/index.vi.md", "content/pages/about/index.en.md"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %s in\n%s", want, all)
		}
	}
}

func TestRenderGuideErrors(t *testing.T) {
	for name, edit := range map[string]func(*Guide){
		"no languages": func(g *Guide) { g.Languages = nil },
		"no prefix":    func(g *Guide) { g.IDPrefix = "" },
		"no version":   func(g *Guide) { g.Version = "" },
		"bad version":  func(g *Guide) { g.Version = "v1 $(rm)" },
	} {
		g := guide()
		edit(&g)
		if _, err := RenderGuide(g); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestLanguageName(t *testing.T) {
	for code, want := range map[string]string{"vi": "Tiếng Việt", "en": "English", "lo": "ລາວ"} {
		if got := LanguageName(code); got != want {
			t.Errorf("LanguageName(%q) = %q, want %q", code, got, want)
		}
	}
}

// A guide with Lao installs the Lao font its placards need, in both
// workflows; a guide without Lao installs nothing more.
func TestWorkflowsInstallTheLaoFontOnlyForLao(t *testing.T) {
	for _, tc := range []struct {
		langs []string
		want  bool
	}{{[]string{"vi", "en"}, false}, {[]string{"vi", "lo"}, true}} {
		g := Guide{Languages: tc.langs, GoVersion: "1.26", Version: "v1.0.0"}
		for host, text := range map[string]string{"github": githubWorkflow(g), "gitlab": gitlabCI(g)} {
			if got := strings.Contains(text, "fonts-noto-core"); got != tc.want {
				t.Errorf("%v, %s workflow: installs fonts-noto-core = %v, want %v", tc.langs, host, got, tc.want)
			}
		}
	}
}
