package render

import (
	"html/template"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
)

type counted struct {
	Name string
	n    *atomic.Int32
}

func (c counted) Count() string { c.n.Add(1); return "" }

// partialCached renders a partial once per distinct keys and gives the
// same HTML for the same keys; the partial is escaped as any other.
func TestPartialCached(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/base.html":         {Data: []byte(`{{block "main" .}}{{end}}`)},
		"layouts/partials/nav.html": {Data: []byte(`{{.Count}}<b>{{.Name}}</b>`)},
		"layouts/page.html":         {Data: []byte(`{{define "main"}}{{partialCached "nav.html" . .Name}}|{{partialCached "nav.html" . "fixed"}}{{end}}`)},
	}
	th, err := Load(fsys, template.FuncMap{})
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int32
	render := func(name string) string {
		b, err := th.Render("page", counted{name, &n})
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if got := render("<x>"); got != "<b>&lt;x&gt;</b>|<b>&lt;x&gt;</b>" {
		t.Errorf("first page: %s", got)
	}
	// Same key "fixed": the first page's HTML, not rendered again.
	if got := render("y"); got != "<b>y</b>|<b>&lt;x&gt;</b>" {
		t.Errorf("second page: %s", got)
	}
	render("y")
	if got := n.Load(); got != 3 {
		t.Errorf("partial rendered %d times, want 3 (keys <x>, fixed, y)", got)
	}
	th2, _ := Load(fstest.MapFS{"layouts/base.html": {Data: []byte(`{{partialCached "missing.html" . 1}}`)}, "layouts/page.html": {Data: []byte(``)}}, template.FuncMap{})
	if _, err := th2.Render("page", nil); err == nil || !strings.Contains(err.Error(), "missing.html") {
		t.Errorf("a missing partial: %v", err)
	}
}
