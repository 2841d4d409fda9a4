package site

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/internal/testsite"
	"golang.org/x/sync/errgroup"
)

// Every output in the list writes files for a site that has something of
// each kind, under names no other output uses, and the list keeps the
// order Stats counts in: pages, then placards, then the other files.
func TestEveryOutputWrites(t *testing.T) {
	files := baseSite()
	files["site.yaml"] += "retired:\n  NT-009: {replacedBy: NT-001}\n  NT-010:\n    notice: {vi: Di tích đã được sáp nhập.}\n"
	p := "content/sites/dinh-phu-my/index.vi.md"
	files[p] = strings.Replace(files[p], "rank: provincial\n", "rank: provincial\naliases: [/cu/dinh-phu-my/]\n", 1)
	files["content/exhibitions/ban-do/index.vi.md"] = "---\nid: NT-EX1\ntitle: Bản đồ\nsummary: Bản đồ lớn.\n---\n## 1945 — Bản đồ\n\n![Bản đồ](ban-do.jpg)\n"
	files["content/exhibitions/ban-do/ban-do.jpg"] = testsite.JPEG(2401, 600, 3) // deep-zoom tiles
	var diags diag.List
	m := Load(testsite.MapFS(files), LoadOptions{}, &diags)
	if m == nil || diags.HasErrors() {
		t.Fatalf("load failed:\n%s", diags.String())
	}
	forceMapGrid(m) // a large site's map cells
	owner := map[string]string{}
	var names []string
	last := countPage
	for _, o := range outputs {
		var js []job
		if o.site != nil {
			js = o.site(m)
		} else {
			for _, lang := range m.Langs {
				js = append(js, o.lang(m, lang)...)
			}
		}
		if len(js) == 0 {
			t.Errorf("%s: no file", o.name)
		}
		if o.counts < last {
			t.Errorf("%s comes after outputs Stats counts later", o.name)
		}
		last = o.counts
		for _, j := range js {
			if other, dup := owner[j.name]; dup {
				t.Errorf("%s is written by %s and %s", j.name, other, o.name)
			}
			owner[j.name] = o.name
			names = append(names, j.name)
		}
	}
	jobs, pages, placards := m.jobs()
	if len(jobs) != len(names) || pages == 0 || placards == 0 {
		t.Fatalf("jobs: %d files (%d pages, %d placards), the outputs %d", len(jobs), pages, placards, len(names))
	}
	for _, want := range []string{"p/NT-009/index.html", "p/NT-010/index.html", "cu/dinh-phu-my/index.html", "_redirects", "vi/search/meta.json", "vi/search/d/0.json", m.cssPath} {
		if owner[want] == "" {
			t.Errorf("no output writes %s", want)
		}
	}
}

// A loaded Model is only read: two renders and a page-by-page render of
// its Plan, all at once, write the same bytes (and, under -race, nothing
// writes to the Model but its memos, each behind its own lock).
func TestModelIsReadOnlyAfterLoad(t *testing.T) {
	var diags diag.List
	m := Load(testsite.MapFS(baseSite()), LoadOptions{NoPlacards: true}, &diags)
	if m == nil || diags.HasErrors() {
		t.Fatalf("load failed:\n%s", diags.String())
	}
	css, cssPath := m.css, m.cssPath
	plan, err := m.Plan()
	if err != nil {
		t.Fatal(err)
	}
	a, b := output.NewMemory(), output.NewMemory()
	pages := map[string][]byte{}
	var mu sync.Mutex
	var g errgroup.Group
	g.Go(func() error { _, err := m.Render(a); return err })
	g.Go(func() error { _, err := m.Render(b); return err })
	for _, name := range plan.Names() {
		g.Go(func() error {
			data, _, err := plan.Render(name)
			mu.Lock()
			pages[name] = append([]byte(nil), data...)
			mu.Unlock()
			return err
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	for _, name := range plan.Names() {
		x, _ := a.Get(name)
		y, _ := b.Get(name)
		if !bytes.Equal(x, y) || !bytes.Equal(x, pages[name]) {
			t.Errorf("%s differs between renders of one model", name)
		}
	}
	if m.css != css || m.cssPath != cssPath {
		t.Error("rendering changed the model's stylesheet")
	}
}
