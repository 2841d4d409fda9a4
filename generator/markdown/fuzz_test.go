package markdown

import (
	"bytes"
	"github.com/diachido/diachido/internal/htmlsafe"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// fuzzResolver knows two entries and three folder files, as a real entry
// would; every other address stays as written (or is dropped).
type fuzzResolver struct{}

func (fuzzResolver) ResolveID(id string) (string, bool) {
	switch id {
	case "NT-001", "NT-002":
		return "/vi/sites/" + strings.ToLower(id) + "/", true
	}
	return "", false
}

func (fuzzResolver) ResolveFile(name string) (string, bool) {
	switch name {
	case "cong.jpg", "so-do.pdf", "phim.mp4":
		return "/media/sites/dinh/" + name, true
	}
	return "", false
}

// FuzzRender renders any Markdown with the project's extensions (id: links,
// folder files, video paragraphs, escaped raw HTML) and parses the result
// as a browser would: no script element, no event handler, no script or
// data URL in any address, no frame or plug-in element.
func FuzzRender(f *testing.F) {
	r := New()
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 64<<10 {
			return
		}
		out, err := r.Render(src, fuzzResolver{})
		if err != nil {
			return
		}
		if problem := unsafeHTML(out); problem != "" {
			t.Fatalf("%s\nin: %q\nout: %s", problem, src, out)
		}
		_ = r.Links(src)
	})
}

// unsafeHTML returns what in a rendered body could run script, or "".
func unsafeHTML(out []byte) string {
	nodes, err := html.ParseFragment(bytes.NewReader(out), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return "does not parse: " + err.Error()
	}
	var problem string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if problem != "" {
			return
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "iframe", "object", "embed", "base", "meta", "form", "frame", "frameset", "applet", "link", "style", "svg", "math":
				problem = "element <" + n.Data + ">"
				return
			}
			for _, a := range n.Attr {
				k := strings.ToLower(a.Key)
				if strings.HasPrefix(k, "on") || k == "srcdoc" || k == "formaction" {
					problem = "attribute " + a.Key + "=" + a.Val
					return
				}
				// Tables align cells with style="text-align:…"; nothing else.
				if v := strings.ToLower(a.Val); k == "style" && (strings.ContainsAny(v, "\\(&<") || strings.Contains(v, "expression") || strings.Contains(v, "url")) {
					problem = "attribute " + a.Key + "=" + a.Val
					return
				}
				if isURLAttr(k) && htmlsafe.DangerousURL(a.Val) {
					problem = "address " + a.Key + "=" + a.Val
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return problem
}

func isURLAttr(k string) bool {
	switch k {
	case "href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href", "background", "cite", "data-embed":
		return true
	}
	return false
}

// FuzzIDLinks checks the address helpers every body link goes through:
// an id: link's ID is what follows the scheme, a scheme is lowercase and
// holds no separator, and LocalFile never names a file outside the entry's
// folder (no "..", no leading slash, no backslash), however the address is
// escaped.
func FuzzIDLinks(f *testing.F) {
	f.Fuzz(func(t *testing.T, dest string) {
		s := Scheme(dest)
		if s != strings.ToLower(s) || strings.ContainsAny(s, ":/?#") {
			t.Fatalf("Scheme(%q) = %q", dest, s)
		}
		if id, ok := IDOf(dest); ok {
			if s != "id" {
				t.Fatalf("IDOf(%q) ok with scheme %q", dest, s)
			}
			if id != strings.TrimSpace(id) {
				t.Fatalf("IDOf(%q) = %q keeps spaces", dest, id)
			}
		} else if s == "id" {
			t.Fatalf("IDOf(%q) refused an id: address", dest)
		}
		p, ok := LocalFile(dest)
		if !ok {
			return
		}
		if s != "" {
			t.Fatalf("LocalFile(%q) = %q for an address with scheme %q", dest, p, s)
		}
		if p == "" || strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
			t.Fatalf("LocalFile(%q) = %q", dest, p)
		}
		for _, seg := range strings.Split(p, "/") {
			if seg == ".." {
				t.Fatalf("LocalFile(%q) = %q climbs out of the folder", dest, p)
			}
		}
		if c := path.Clean(p); c == ".." || strings.HasPrefix(c, "../") || strings.HasPrefix(c, "/") {
			t.Fatalf("LocalFile(%q) = %q cleans to %q", dest, p, c)
		}
	})
}

// FuzzLinkifyShortcut: a body rendered without Linkify, because it holds
// no "://", "www." or "@", must come out as with it. The one difference
// allowed is blank space at the end of a line of a paragraph, which
// Linkify keeps and the browser shows as the same single space.
func FuzzLinkifyShortcut(f *testing.F) {
	for _, s := range []string{
		"Xem http://example.vn hoặc www.example.vn.", "ghi thư cho a@b.vn", "**đậm** _nghiêng_ ~gạch~ (ngoặc)",
		"| a | b |\n|---|---|\n| 1 | 2 |\n", "[id](id:NT-001) và ftp:/x", "w ww. wwwx. http:/ https//",
	} {
		f.Add([]byte(s))
	}
	r := New()
	f.Fuzz(func(t *testing.T, src []byte) {
		// Bodies reach the renderer with line ends normalised to LF.
		if len(src) > 16<<10 || bytes.IndexByte(src, '\r') >= 0 {
			return
		}
		var full bytes.Buffer
		pc := parser.NewContext()
		pc.Set(resolverKey, Resolver(fuzzResolver{}))
		if err := r.md.Convert(src, &full, parser.WithContext(pc)); err != nil {
			return
		}
		got, err := r.Render(src, fuzzResolver{})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(lineEnds.ReplaceAll(got, []byte("\n")), lineEnds.ReplaceAll(full.Bytes(), []byte("\n"))) {
			t.Fatalf("without Linkify:\n%s\nwith it:\n%s\nin: %q", got, full.Bytes(), src)
		}
		if !mayLinkify(src) && len(r.Links(src)) != len(links(r.plain.Parse(text.NewReader(src)), src)) {
			t.Fatalf("links differ without Linkify: %q", src)
		}
	})
}

var lineEnds = regexp.MustCompile(`[ \t]+\n`)
