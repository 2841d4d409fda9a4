package site

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/internal/browsertest"
	"github.com/diachido/diachido/internal/testsite"
	"github.com/diachido/diachido/themes"
)

// These tests check that minifying keeps a stylesheet's meaning the way a
// visitor would notice: the same page is opened in headless Chromium twice,
// once with the stylesheet as written and once minified, at a phone's width
// and a desktop's, and every computed property of every element (and of its
// ::before and ::after) must be the same.

// testThemeCSS is a theme stylesheet written the way people write them: selector
// lists and media queries over several lines, calc(), comments.
const testThemeCSS = `/* A site theme. */
:root { --gap: 1rem; --ink: #222; }
body { margin: 0; font: 16px/1.5 sans-serif; color: var(--ink); }
.card,
.panel
{
  padding: calc(var(--gap) / 2) calc(100% - 90%);
  width: calc(100% - 2rem);
  border: 1px solid #cccccc;
  margin: 0px 0px 0px 0px;
}
.list
.item { color: rgb(200, 0, 0); margin-left: calc(1rem + 2px); }
.list > .item:not(.off),
.list .item[data-x="a b"] { font-weight: 700; }
.grid { display: grid; grid-template-columns: 1fr; gap: var(--gap); }
@media screen and
  (min-width: 40em) {
  .grid { grid-template-columns: repeat(3, minmax(0, 1fr)); }
  .card,
  .panel { padding: calc( 2 * var(--gap) ); }
}
@media (max-width: 30em),
  print and (orientation: landscape) {
  .item { text-transform: uppercase; }
}
.item::before { content: "\2014  " attr(data-x); margin-right: calc(.5em - 1px); }
h1 + p ~ p { letter-spacing: .05em; }
@supports (display: grid) and
  (gap: 1rem) {
  .panel { background: #fafafa; }
}
.a .b
.c { color: blue; }
.a > .b { transform: translate( calc(-50% + 1px), 0 ); }
`

const testThemeHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>t</title><link rel="stylesheet" href="style.css"></head>
<body>
<h1>Title</h1><p>one</p><p>two</p><p>three</p>
<div class="grid"><div class="card">1</div><div class="panel">2</div><div class="card">3</div></div>
<ul class="list"><li class="item" data-x="a b">x</li><li class="item off">y</li><li><span class="item">z</span></li></ul>
<div class="a"><div class="b"><div class="c">c</div></div></div>
</body></html>
`

// computedStyles is what a page's elements look like at one width.
type computedStyles struct {
	Names []string `json:"names"`
	Els   []struct {
		El string `json:"el"`
		V  string `json:"v"`
	} `json:"els"`
	Rules int `json:"rules"`
}

// value is the computed value of property name for the first element
// labelled el.
func (s computedStyles) value(el, name string) string {
	i := sort.SearchStrings(s.Names, name)
	if i == len(s.Names) || s.Names[i] != name {
		return ""
	}
	for _, e := range s.Els {
		if e.El == el {
			return strings.Split(e.V, "\x01")[i]
		}
	}
	return ""
}

const readStylesJS = `(() => {
	const names = Array.from(getComputedStyle(document.documentElement)).sort();
	const label = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
		(el.classList.length ? "." + Array.from(el.classList).join(".") : "");
	const els = [];
	for (const el of [document.documentElement, ...document.querySelectorAll("body, body *")]) {
		for (const pseudo of ["", "::before", "::after"]) {
			const cs = getComputedStyle(el, pseudo || null);
			if (pseudo && (cs.content === "none" || cs.content === "normal")) continue;
			els.push({el: label(el) + pseudo, v: names.map(n => cs.getPropertyValue(n)).join("\x01")});
		}
	}
	let rules = 0;
	for (const s of document.styleSheets) { try { rules += s.cssRules.length } catch (e) {} }
	return {names, els, rules};
})()`

// cssWidths are the viewports compared: the smallest common phone, a desktop.
var cssWidths = []struct {
	px    int
	setup chromedp.Action
}{
	{360, browsertest.Phone()},
	{1024, chromedp.EmulateViewport(1024, 768)},
}

// lookAtWidths opens base+p at every width and returns its styles by width.
func lookAtWidths(t *testing.T, b *browsertest.Browser, base, p string) map[int]computedStyles {
	t.Helper()
	out := map[int]computedStyles{}
	for _, w := range cssWidths {
		var s computedStyles
		// about:blank first: the first page after a switch between phone
		// and desktop may keep the other's browser defaults. Scripts off:
		// what a stylesheet means does not depend on them, and a page's
		// script (the map's) changes the page at a moment of its own,
		// which made the two loads differ now and then.
		b.Run(t, w.setup, emulation.SetScriptExecutionDisabled(true), chromedp.Navigate("about:blank"), chromedp.Navigate(base+p), chromedp.Evaluate(readStylesJS, &s))
		if s.Rules == 0 {
			t.Fatalf("%s%s at %d px: no stylesheet rules loaded", base, p, w.px)
		}
		// url() values name the server; the two servers differ in port.
		for i := range s.Els {
			s.Els[i].V = strings.ReplaceAll(s.Els[i].V, base, "/")
		}
		out[w.px] = s
	}
	return out
}

// styleDifferences lists how got differs from want, at most a dozen.
func styleDifferences(want, got computedStyles) []string {
	var d []string
	if strings.Join(want.Names, ",") != strings.Join(got.Names, ",") {
		return []string{"different property lists"}
	}
	if len(want.Els) != len(got.Els) {
		return []string{fmt.Sprintf("%d elements as written, %d minified", len(want.Els), len(got.Els))}
	}
	for i, we := range want.Els {
		ge := got.Els[i]
		if we.El != ge.El {
			return append(d, fmt.Sprintf("element %d is %s as written, %s minified", i, we.El, ge.El))
		}
		wv, gv := strings.Split(we.V, "\x01"), strings.Split(ge.V, "\x01")
		for j := range wv {
			// The minifier lowercases font family names, which browsers
			// match without regard to case (CSS Fonts 4, 5.1).
			if want.Names[j] == "font-family" && strings.EqualFold(wv[j], gv[j]) {
				continue
			}
			if wv[j] != gv[j] && len(d) < 12 {
				d = append(d, fmt.Sprintf("%s %s: %q as written, %q minified", we.El, want.Names[j], wv[j], gv[j]))
			}
		}
	}
	return d
}

// compareStyles opens each page from the two servers at every width and reports
// every computed style that differs. It returns the styles as written.
func compareStyles(t *testing.T, b *browsertest.Browser, written, minified string, pages []string) map[string]map[int]computedStyles {
	t.Helper()
	all := map[string]map[int]computedStyles{}
	for _, p := range pages {
		w, m := lookAtWidths(t, b, written, p), lookAtWidths(t, b, minified, p)
		for _, wd := range cssWidths {
			for _, d := range styleDifferences(w[wd.px], m[wd.px]) {
				t.Errorf("/%s at %d px: %s", p, wd.px, d)
			}
		}
		all[p] = w
		t.Logf("/%s: %d elements × %d properties compared at each width", p, len(w[360].Els), len(w[360].Names))
	}
	return all
}

// serveCSSPage serves html as index.html with css as style.css.
func serveCSSPage(t *testing.T, html, css string) string {
	t.Helper()
	return browsertest.Serve(t, testsite.Dir(t, map[string]string{"index.html": html, "style.css": css, "404.html": "missing"}))
}

func TestCSSMinifiedThemeLooksTheSameInChromium(t *testing.T) {
	b := browsertest.New(t)
	min, err := minifyCSS([]byte(testThemeCSS))
	if err != nil {
		t.Fatal(err)
	}
	if len(min) >= len(testThemeCSS) || strings.Contains(string(min), "/*") {
		t.Errorf("not minified: %q", min)
	}
	written := serveCSSPage(t, testThemeHTML, testThemeCSS)
	got := compareStyles(t, b, written, serveCSSPage(t, testThemeHTML, string(min)), []string{""})[""]

	// The media queries took effect, so the comparison is not vacuous.
	for _, c := range []struct{ el, prop string }{{"div.grid", "grid-template-columns"}, {"li.item", "text-transform"}, {"div.card", "padding-top"}} {
		if phone, desk := got[360].value(c.el, c.prop), got[1024].value(c.el, c.prop); phone == desk {
			t.Errorf("%s %s is %q at both widths: the stylesheet's media queries did not apply", c.el, c.prop, phone)
		}
	}
	if v := got[360].value("span.item", "color"); v != "rgb(200, 0, 0)" {
		t.Errorf("the multi-line descendant selector did not apply: span.item color %q", v)
	}

	// The comparison catches what the old minifier did: every line break
	// removed with the spaces around it.
	joined := strings.TrimSpace(regexp.MustCompile(`\s*\n\s*`).ReplaceAllString(regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(testThemeCSS, ""), ""))
	broken := lookAtWidths(t, b, serveCSSPage(t, testThemeHTML, joined), "")
	if len(styleDifferences(got[360], broken[360]))+len(styleDifferences(got[1024], broken[1024])) == 0 {
		t.Error("joining lines of the stylesheet changed no computed style: the comparison cannot see broken CSS")
	}
}

func TestCSSMinifiedDefaultThemeLooksTheSameInChromium(t *testing.T) {
	b := browsertest.New(t)
	dir := t.TempDir()
	min := filepath.Join(dir, "min")
	var diags diag.List
	if _, err := Build(BuildOptions{Source: "../..", Output: min, NoPlacards: true}, &diags); err != nil || diags.HasErrors() {
		t.Fatalf("build example site: %v\n%s", err, diags.String())
	}
	// The stylesheet as written: the theme's files joined in loadCSS's order.
	written, err := fs.ReadFile(themes.Default(), "assets/style.css")
	if err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(themes.Default(), "assets/*.css")
	sort.Strings(names)
	for _, n := range names {
		if n != "assets/style.css" {
			c, err := fs.ReadFile(themes.Default(), n)
			if err != nil {
				t.Fatal(err)
			}
			written = append(append(written, '\n'), c...)
		}
	}
	sheets, _ := filepath.Glob(filepath.Join(min, "assets", "style-*.css"))
	if len(sheets) != 1 {
		t.Fatalf("built site has stylesheets %v, want one", sheets)
	}
	orig := filepath.Join(dir, "orig")
	if err := os.CopyFS(orig, os.DirFS(min)); err != nil {
		t.Fatal(err)
	}
	rel, _ := filepath.Rel(min, sheets[0])
	if err := os.WriteFile(filepath.Join(orig, rel), written, 0o644); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(sheets[0]); st.Size() >= int64(len(written)) {
		t.Errorf("minified stylesheet is %d bytes, as written %d", st.Size(), len(written))
	}

	pages := []string{
		"vi/", "en/", "vi/sites/", "vi/sites/dia-dao-nhon-trach/", "vi/markers/cot-moc-676/",
		"vi/tours/hanh-trinh-bon-dia-chi-do-nhon-trach/", "vi/pages/about/", "vi/search/", "vi/map/", "vi/placards/", "404.html",
	}
	got := compareStyles(t, b, browsertest.Serve(t, orig), browsertest.Serve(t, min), pages)
	// The theme's one width query took effect.
	e := got["vi/sites/dia-dao-nhon-trach/"]
	if phone, desk := e[360].value("h1", "font-size"), e[1024].value("h1", "font-size"); phone == desk {
		t.Errorf("h1 font-size is %q at 360 and 1024 px: the theme's media query did not apply", phone)
	}
}
