package site

import (
	"crypto/sha512"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/internal/testsite"
	"go.yaml.in/yaml/v3"
)

const adminBlock = "admin:\n  backend: github\n  repo: huyendoan/dia-chi-do\n"

func adminSite() map[string]string {
	files := baseSite()
	files["site.yaml"] += adminBlock
	return files
}

// decapConfig is the part of config.yml a test reads.
type decapConfig struct {
	Backend map[string]string `yaml:"backend"`
	I18n    struct {
		Structure     string   `yaml:"structure"`
		Locales       []string `yaml:"locales"`
		DefaultLocale string   `yaml:"default_locale"`
	} `yaml:"i18n"`
	Collections []struct {
		Name        string       `yaml:"name"`
		Folder      string       `yaml:"folder"`
		Path        string       `yaml:"path"`
		MediaFolder *string      `yaml:"media_folder"`
		Fields      []decapField `yaml:"fields"`
	} `yaml:"collections"`
}

type decapField struct {
	Name     string       `yaml:"name"`
	Widget   string       `yaml:"widget"`
	Required bool         `yaml:"required"`
	I18n     bool         `yaml:"i18n"`
	Default  any          `yaml:"default"`
	Pattern  []string     `yaml:"pattern"`
	Multiple bool         `yaml:"multiple"`
	Min, Max *float64     `yaml:",omitempty"`
	Fields   []decapField `yaml:"fields"`
	Options  []struct {
		Label, Value string
	} `yaml:"options"`
}

func readDecapConfig(t *testing.T, data string) decapConfig {
	t.Helper()
	var c decapConfig
	if err := yaml.Unmarshal([]byte(data), &c); err != nil {
		t.Fatalf("config.yml is not YAML: %v\n%s", err, data)
	}
	return c
}

func field(t *testing.T, fs []decapField, name string) decapField {
	t.Helper()
	for _, f := range fs {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no field %s", name)
	return decapField{}
}

// The published editor is the CMS page and its config: four collections
// of page bundles in the site's languages, with the widgets, choices and
// limits check applies.
func TestAdminConfigFollowsTheContentFormat(t *testing.T) {
	mem := buildMem(t, adminSite())
	c := readDecapConfig(t, page(t, mem, "admin/config.yml"))
	if c.Backend["name"] != "github" || c.Backend["repo"] != "huyendoan/dia-chi-do" || c.Backend["branch"] != "main" {
		t.Errorf("backend: %v", c.Backend)
	}
	if c.I18n.Structure != "multiple_files" || strings.Join(c.I18n.Locales, ",") != "vi,en" || c.I18n.DefaultLocale != "vi" {
		t.Errorf("i18n: %+v", c.I18n)
	}
	var names []string
	for _, col := range c.Collections {
		names = append(names, col.Name)
		if col.Folder != "content/"+col.Name || col.Path != "{{slug}}/index" || col.MediaFolder == nil || *col.MediaFolder != "" {
			t.Errorf("%s: folder %q, path %q: not a page bundle with its media beside it", col.Name, col.Folder, col.Path)
		}
		id := field(t, col.Fields, "id")
		if !id.Required || len(id.Pattern) != 2 || id.Pattern[0] != content.IDRe.String() || !strings.Contains(id.Pattern[1], "chữ in hoa") {
			t.Errorf("%s: id field %+v", col.Name, id)
		}
		// baseSite numbers NT-001 and NT-002 (and QN-M692 by hand): the next is NT-003.
		if id.Default != "NT-003" {
			t.Errorf("%s: a new entry's ID is %v, want NT-003", col.Name, id.Default)
		}
		if s := field(t, col.Fields, "summary"); !strings.Contains(strings.Join(s.Pattern, " "), "300") || !s.I18n {
			t.Errorf("%s: summary %+v", col.Name, s)
		}
		if title := field(t, col.Fields, "title"); !title.I18n {
			t.Errorf("%s: title is not translatable", col.Name)
		}
		photos := field(t, col.Fields, "photos")
		if alt := field(t, photos.Fields, "alt"); !alt.Required || field(t, photos.Fields, "src").Widget != "image" {
			t.Errorf("%s: photos %+v", col.Name, photos)
		}
		for _, name := range []string{"videos", "audio", "sources", "tags"} {
			if f := field(t, col.Fields, name); f.Widget != "list" || f.I18n {
				t.Errorf("%s: %s is %+v", col.Name, name, f)
			}
		}
		if u := field(t, col.Fields, "updated"); u.Widget != "datetime" {
			t.Errorf("%s: updated is %s", col.Name, u.Widget)
		}
	}
	if strings.Join(names, ",") != "sites,markers,tours,exhibitions,pages" {
		t.Fatalf("collections %v", names)
	}
	sites, markers, tours := c.Collections[0].Fields, c.Collections[1].Fields, c.Collections[2].Fields
	loc := field(t, sites, "location")
	lat, lng := field(t, loc.Fields, "lat"), field(t, loc.Fields, "lng")
	if lat.Widget != "number" || *lat.Min != -90 || *lat.Max != 90 || *lng.Min != -180 || *lng.Max != 180 {
		t.Errorf("location %+v", loc)
	}
	for _, sel := range []struct {
		f      decapField
		values []string
		label  string
	}{
		{field(t, sites, "category"), content.Categories, "Di tích lịch sử"},
		{field(t, sites, "rank"), content.Ranks, "Di tích quốc gia đặc biệt"},
		{field(t, field(t, markers, "marker").Fields, "type"), content.MarkerTypes, "Mốc chính"},
	} {
		var got, labels []string
		for _, o := range sel.f.Options {
			got = append(got, o.Value)
			labels = append(labels, o.Label)
		}
		if sel.f.Widget != "select" || strings.Join(got, ",") != strings.Join(sel.values, ",") || !strings.Contains(strings.Join(labels, ","), sel.label) {
			t.Errorf("%s: %s %v %v, want the values %v with Vietnamese labels", sel.f.Name, sel.f.Widget, got, labels, sel.values)
		}
	}
	stops := field(t, tours, "stops")
	var ids []string
	for _, o := range stops.Options {
		ids = append(ids, o.Value)
	}
	if !stops.Multiple || strings.Join(ids, ",") != "NT-001,NT-002,QN-M692" {
		t.Errorf("tour stops %+v: want a choice among the existing sites and markers", stops)
	}

	p := page(t, mem, "admin/index.html")
	if !strings.Contains(p, `src="`+DecapURL+`"`) || !strings.Contains(p, `integrity="`+strings.ReplaceAll(DecapIntegrity, "+", "&#43;")+`"`) || !strings.Contains(p, `crossorigin="anonymous"`) {
		t.Errorf("admin page does not load the pinned CMS with its hash:\n%s", p)
	}
	if r := page(t, mem, "robots.txt"); !strings.Contains(r, "Disallow: /admin/\n") {
		t.Errorf("robots.txt lets crawlers into the editor:\n%s", r)
	}
	for _, name := range mem.Names() {
		if strings.HasSuffix(name, ".html") && !strings.HasPrefix(name, "admin/") {
			if b, _ := mem.Get(name); strings.Contains(string(b), "/admin/") {
				t.Errorf("%s links the editor", name)
			}
		}
	}
}

// The same source gives the same config; another language list gives
// another config.
func TestAdminConfigIsDeterministicAndFollowsLanguages(t *testing.T) {
	a := page(t, buildMem(t, adminSite()), "admin/config.yml")
	b := page(t, buildMem(t, adminSite()), "admin/config.yml")
	if a != b {
		t.Fatal("two builds give different config.yml")
	}
	files := adminSite()
	files["site.yaml"] = strings.Replace(files["site.yaml"], "  - code: en\n", "  - code: lo\n    name: ລາວ\n    title: ທີ່ຢູ່ສີແດງ\n  - code: en\n", 1)
	c := readDecapConfig(t, page(t, buildMem(t, files), "admin/config.yml"))
	if strings.Join(c.I18n.Locales, ",") != "vi,lo,en" {
		t.Errorf("locales %v after adding lo", c.I18n.Locales)
	}
}

// Without an admin block the build publishes only a page that says how to
// turn the editor on: no script, no config.
func TestAdminWithoutBlockExplains(t *testing.T) {
	mem := buildMem(t, baseSite())
	p := page(t, mem, "admin/index.html")
	if strings.Contains(p, "<script") || !strings.Contains(p, "admin:") {
		t.Errorf("admin page without an admin block:\n%s", p)
	}
	if _, ok := mem.Get("admin/config.yml"); ok {
		t.Error("config.yml published without a repository to save to")
	}
}

// A hostile site title or CMS path cannot put script into the page.
func TestAdminPageEscapesSiteYAML(t *testing.T) {
	files := adminSite()
	files["site.yaml"] = strings.Replace(files["site.yaml"], "title: Địa chỉ đỏ thử nghiệm", `title: "</title></script><script>alert(1)</script>"`, 1)
	p := page(t, buildMem(t, files), "admin/index.html")
	assertNoInjectedScript(t, "admin/index.html", p)
	if strings.Contains(p, "<script>alert") {
		t.Errorf("title not escaped:\n%s", p)
	}
}

// site.yaml's admin block is checked, each mistake at its line.
func TestAdminBlockMistakes(t *testing.T) {
	for _, c := range []struct{ block, want string }{
		{"admin:\n  backend: bitbucket\n  repo: a/b\n", `site.yaml:12: admin backend "bitbucket" must be github or gitlab`},
		{"admin:\n  backend: github\n  repo: just-a-name\n", `site.yaml:13: admin repo "just-a-name" must be`},
		{"admin:\n  backend: gitlab\n  repo: a/b\n  cms: \"javascript:alert(1)//.js\"\n", `site.yaml:14: admin cms "javascript:alert(1)//.js" must be decap-cms.js`},
	} {
		files := baseSite()
		files["site.yaml"] += c.block
		var diags diag.List
		Load(testsite.MapFS(files), LoadOptions{NoPlacards: true}, &diags)
		if !strings.Contains(diags.String(), c.want) {
			t.Errorf("%q: got\n%s\nwant %s", c.block, diags.String(), c.want)
		}
	}
}

// The pinned hash is the one of the published npm package's file (fetched
// by .ci/run into .cache/npm/decap, or $DECAP_DIR).
func TestDecapIntegrity(t *testing.T) {
	f := filepath.Join(DecapDir(t), "decap-cms-"+DecapVersion, "dist", "decap-cms.js")
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha512.Sum384(b)
	if got := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); got != DecapIntegrity {
		t.Errorf("%s has %s; the code pins %s", f, got, DecapIntegrity)
	}
}

// DecapDir is the folder holding the npm packages of Decap CMS: $DECAP_DIR,
// else .cache/npm/decap. Without it the test skips (fails under CI=true).
func DecapDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("DECAP_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", ".cache", "npm", "decap")
	}
	if _, err := os.Stat(filepath.Join(dir, "decap-cms-"+DecapVersion, "dist", "decap-cms.js")); err != nil {
		msg := "the Decap CMS package is missing (" + dir + "): run the npm pack step of .ci/run, or set DECAP_DIR"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir
}
