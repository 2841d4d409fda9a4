package render

import (
	"errors"
	"html/template"
	"testing"
	"testing/fstest"
)

// Template failures name the theme file and line, whether the layout, a
// partial it calls or base.html failed, at parse time or while executing.
func TestErrorsNameFileAndLine(t *testing.T) {
	base := `<!DOCTYPE html><title>{{.Title}}</title>{{block "main" .}}{{end}}`
	cases := []struct {
		name     string
		files    map[string]string
		parse    bool
		file     string
		line     int
		contains string
	}{
		{"layout executing", map[string]string{"layouts/entry.html": "{{define \"main\"}}\n\n{{.Missing}}{{end}}"}, false, "layouts/entry.html", 3, "Missing"},
		{"partial executing", map[string]string{
			"layouts/partials/facts.html": "<ul>\n{{.Nope}}</ul>",
			"layouts/entry.html":          "{{define \"main\"}}{{template \"facts.html\" .}}{{end}}",
		}, false, "layouts/partials/facts.html", 2, "Nope"},
		{"layout parse", map[string]string{"layouts/entry.html": "{{define \"main\"}}\n{{if}}{{end}}"}, true, "layouts/entry.html", 2, "missing value for if"},
		{"partial parse", map[string]string{"layouts/partials/x.html": "a\nb\n{{end}}"}, true, "layouts/partials/x.html", 3, "unexpected {{end}}"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{"layouts/base.html": {Data: []byte(base)}}
			for n, d := range c.files {
				fsys[n] = &fstest.MapFile{Data: []byte(d)}
			}
			th, err := Load(fsys, template.FuncMap{})
			if !c.parse {
				if err != nil {
					t.Fatal(err)
				}
				_, err = th.Render("entry", struct{ Title string }{"x"})
			}
			var re *Error
			if !errors.As(err, &re) {
				t.Fatalf("error %v (%T) is no *render.Error", err, err)
			}
			if re.File != c.file || re.Line != c.line || !contains(re.Msg, c.contains) {
				t.Errorf("got %s:%d %q; want %s:%d with %q", re.File, re.Line, re.Msg, c.file, c.line, c.contains)
			}
		})
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
