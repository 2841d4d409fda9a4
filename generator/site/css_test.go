package site

import (
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/internal/testsite"
)

// The cases the hand-written minifier got wrong, and what it got right.
func TestCSSMinifyKeepsMeaning(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"multi-line selector list", ".a,\n.b\n{color:red}", ".a,.b{color:red}"},
		{"descendant across lines", ".a\n.b{color:red}", ".a .b{color:red}"},
		{"media query across lines", "@media screen and\n(max-width: 30em){.a{color:red}}", "@media screen and (max-width:30em){.a{color:red}}"},
		{"calc keeps spaces around minus", ".a{width:calc(100% - 2rem)}", ".a{width:calc(100% - 2rem)}"},
		{"calc across lines", ".a{width:calc(100%\n-\n2rem)}", ".a{width:calc(100% - 2rem)}"},
		{"comments dropped", "/* theme */\n.a{color:red} /* one\n two */ .b{color:blue}", ".a{color:red}.b{color:blue}"},
	} {
		got, err := minifyCSS([]byte(c.in))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if string(got) != c.want {
			t.Errorf("%s: minifyCSS(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

// The default theme's stylesheet comes out smaller, without comments, and
// under a name that carries its content's hash.
func TestCSSDefaultThemeMinified(t *testing.T) {
	var diags diag.List
	m := Load(testsite.MapFS(baseSite()), LoadOptions{NoPlacards: true}, &diags)
	if m == nil || diags.HasErrors() {
		t.Fatalf("load failed:\n%s", diags.String())
	}
	if err := m.loadCSS(); err != nil {
		t.Fatal(err)
	}
	css := string(m.css)
	if css == "" || strings.Contains(css, "/*") || strings.Contains(css, "\n") {
		t.Errorf("stylesheet not minified (%d bytes): %.200q", len(css), css)
	}
	if !strings.HasPrefix(m.cssPath, "assets/style-") || !strings.HasSuffix(m.cssPath, ".css") {
		t.Errorf("stylesheet path %q", m.cssPath)
	}
	// style.css comes first, then the others in name order.
	if !strings.HasPrefix(css, ":root{") {
		t.Errorf("stylesheet does not start with style.css: %.80q", css)
	}
}

// A stylesheet the minifier refuses fails the load (which prepares the
// stylesheet) with its file's name.
func TestCSSMinifyErrorNamesTheFile(t *testing.T) {
	files := baseSite()
	files["site.yaml"] += "theme: mine\n"
	files["themes/mine/assets/zz-broken.css"] = ".a{width:" + strings.Repeat("calc(", 1200) + "1px" + strings.Repeat(")", 1200) + "}\n"
	var diags diag.List
	if m := Load(testsite.MapFS(files), LoadOptions{NoPlacards: true}, &diags); m != nil {
		t.Error("a model without its stylesheet was returned")
	}
	if !strings.Contains(diags.String(), "themes/mine/assets/zz-broken.css: cannot minify") {
		t.Fatalf("diagnostics:\n%s\nwant one naming themes/mine/assets/zz-broken.css", diags.String())
	}
}
