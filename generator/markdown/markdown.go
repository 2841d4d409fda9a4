// Package markdown turns an entry's body into safe HTML: CommonMark with
// GitHub tables, plus the project's own rules from the content contract.
//
//   - Raw HTML is shown as text, never passed through: an editor's paste of
//     <script> is visible on the page and harmless.
//   - Only http, https, mailto, tel and id: links survive; id:NT-002 becomes
//     a link to that entry's page in the language being rendered.
//   - Relative links and images that name a file in the entry's folder point
//     at that file's published address.
//   - Headings start at h2, since the page title is the h1.
//
// The extensions follow goldmark's shape (an AST transformer and a node
// renderer registered with a priority) so the core stays untouched.
package markdown

import (
	"bytes"
	"html"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Resolver turns the addresses an editor writes into published URLs for
// one entry in one language.
type Resolver interface {
	// ResolveID returns the URL of the entry with this ID in the current
	// language, or false when no entry has it.
	ResolveID(id string) (string, bool)
	// ResolveFile returns the URL of a file in the entry's folder, or false
	// when the folder has no such file.
	ResolveFile(name string) (string, bool)
}

// Renderer converts Markdown bodies; it is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
	// plain parses without our transformer, so Links sees every address
	// as written, including the ones rendering would drop.
	plain parser.Parser
	// mdNoLinkify and plainNoLinkify are the same without the Linkify
	// extension, for bodies that cannot hold a bare address: Linkify
	// tries to match at every space, which is half of all parsing time.
	mdNoLinkify    goldmark.Markdown
	plainNoLinkify parser.Parser
}

var resolverKey = parser.NewContextKey()

// New returns a Renderer with the project's extensions.
func New() *Renderer {
	build := func(linkify bool) (goldmark.Markdown, parser.Parser) {
		exts := goldmark.WithExtensions(extension.Table, extension.Strikethrough)
		if linkify {
			exts = goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify)
		}
		md := goldmark.New(
			exts,
			goldmark.WithExtensions(Video),
			goldmark.WithParserOptions(
				parser.WithAutoHeadingID(),
				parser.WithASTTransformers(util.Prioritized(&transformer{}, 100), util.Prioritized(scanTransformer{}, 10)),
			),
			goldmark.WithRendererOptions(
				renderer.WithNodeRenderers(util.Prioritized(&rawHTMLRenderer{}, 100)),
			),
		)
		// The plain parser makes the same heading ids as the page
		// (ids.go), for Scan's Anchors.
		return md, goldmark.New(exts, goldmark.WithParserOptions(parser.WithAutoHeadingID())).Parser()
	}
	r := &Renderer{}
	r.md, r.plain = build(true)
	r.mdNoLinkify, r.plainNoLinkify = build(false)
	return r
}

// mayLinkify reports whether Linkify could find anything in src: it only
// links text that starts with http://, https://, ftp:// or www., and
// e-mail addresses.
func mayLinkify(src []byte) bool {
	return bytes.Contains(src, []byte("://")) || bytes.Contains(src, []byte("www.")) || bytes.IndexByte(src, '@') >= 0
}

func (r *Renderer) markdown(src []byte) goldmark.Markdown {
	if mayLinkify(src) {
		return r.md
	}
	return r.mdNoLinkify
}

func (r *Renderer) parser(src []byte) parser.Parser {
	if mayLinkify(src) {
		return r.plain
	}
	return r.plainNoLinkify
}

// Render converts src to HTML, resolving addresses through res.
func (r *Renderer) Render(src []byte, res Resolver) ([]byte, error) {
	pc := newContext()
	pc.Set(resolverKey, res)
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/4)
	if err := r.markdown(src).Convert(src, direct{&buf}, parser.WithContext(pc)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// LinkKind tells links from images in a Link report.
type LinkKind int

// The kinds of address a body can hold.
const (
	KindLink LinkKind = iota
	KindImage
	KindAutoLink
)

// Link is one address written in a body, with its 1-based line in the body.
type Link struct {
	Dest string
	Line int
	Kind LinkKind
	// Alt is an image's text (its description), "" for links.
	Alt string
}

// Links lists every link and image address in src with its line, for the
// checks that must name a line (unknown id:, forbidden scheme, missing file).
func (r *Renderer) Links(src []byte) []Link {
	return links(r.parser(src).Parse(text.NewReader(src)), src)
}

// Scan is what the checks need to know of a body, from a single parse.
type Scan struct {
	// Links are every link and image address (see Links).
	Links []Link
	// Lone are the paragraphs that are only a link (see VideoLinks).
	Lone []Link
	// Anchors are the ids of the body's headings, in order, when one of
	// its links points into the page ("#lich-su"), for the check that
	// it leads somewhere; nil when none does, so that a national build
	// keeps no list of every heading.
	Anchors []string
}

// Scan parses src once and returns its addresses and lone links: checking a
// large site parses every body, so it should do so only once.
func (r *Renderer) Scan(src []byte) Scan {
	doc := r.parser(src).Parse(text.NewReader(src), parser.WithContext(newContext()))
	return scanOf(doc, src)
}

// scanOf is the Scan of a parsed body.
func scanOf(doc ast.Node, src []byte) Scan {
	s := Scan{Links: links(doc, src), Lone: loneLinks(doc, src)}
	for _, l := range s.Links {
		if strings.HasPrefix(l.Dest, "#") {
			s.Anchors = anchors(doc)
			break
		}
	}
	return s
}

// anchors lists the ids the parser gave doc's headings.
func anchors(doc ast.Node) []string {
	out := []string{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			if id, ok := h.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					out = append(out, string(b))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

func links(doc ast.Node, src []byte) []Link {
	var out []Link
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Link:
			out = append(out, Link{Dest: string(v.Destination), Line: lineOf(src, n), Kind: KindLink})
		case *ast.Image:
			out = append(out, Link{Dest: string(v.Destination), Line: lineOf(src, n), Kind: KindImage, Alt: inlineText(v, src)})
		case *ast.AutoLink:
			out = append(out, Link{Dest: string(v.URL(src)), Line: lineOf(src, n), Kind: KindAutoLink})
		}
		return ast.WalkContinue, nil
	})
	return out
}

// lineOf finds the source line of an inline node: its first text segment,
// or else the first line of the block that holds it.
func lineOf(src []byte, n ast.Node) int {
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off < 0 {
		for p := n.Parent(); p != nil; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				off = p.Lines().At(0).Start
				break
			}
		}
	}
	if off < 0 {
		return 1
	}
	return 1 + bytes.Count(src[:off], []byte("\n"))
}

// Scheme returns the lowercased scheme of an address ("" for a relative one).
func Scheme(dest string) string {
	dest = strings.TrimSpace(dest)
	i := strings.IndexAny(dest, ":/?#")
	if i <= 0 || dest[i] != ':' {
		return ""
	}
	return strings.ToLower(dest[:i])
}

// AllowedScheme reports whether a link with this scheme may appear on a page.
func AllowedScheme(s string) bool {
	switch s {
	case "", "http", "https", "mailto", "tel", "id":
		return true
	}
	return false
}

// IDOf returns the ID of an id: link.
func IDOf(dest string) (string, bool) {
	if Scheme(dest) != "id" {
		return "", false
	}
	return strings.TrimSpace(dest[strings.IndexByte(dest, ':')+1:]), true
}

// LocalFile returns the folder file a relative address names, if it is one:
// no scheme, no leading slash, no "..", no query; fragments are dropped.
func LocalFile(dest string) (string, bool) {
	if Scheme(dest) != "" || dest == "" || strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "#") {
		return "", false
	}
	p, _, _ := strings.Cut(dest, "#")
	if strings.Contains(p, "?") {
		return "", false
	}
	// Check after unescaping: "%2e%2e/" and "%2F" must not climb out of
	// the folder either.
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	p = strings.TrimPrefix(p, "./")
	if p == "" || strings.HasSuffix(p, "/") || strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") || strings.Contains(p, "..") {
		return "", false
	}
	return p, true
}

type transformer struct{}

// shiftAttr marks a document whose headings the transformer moved one
// level down (Story reads it); a document's attributes are not rendered.
const shiftAttr = "dchd-shift"

// Transform rewrites addresses and heading levels after parsing.
func (t *transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	res, _ := pc.Get(resolverKey).(Resolver)
	src := reader.Source()
	shift := 0
	var replace []func()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Heading:
			if v.Level == 1 {
				shift = 1
			}
		case *ast.Link:
			if dest, ok := resolve(string(v.Destination), res); ok {
				v.Destination = []byte(dest)
			} else {
				replace = append(replace, func() { unwrap(v) })
			}
		case *ast.Image:
			if dest, ok := resolve(string(v.Destination), res); ok && Scheme(string(v.Destination)) != "id" {
				v.Destination = []byte(dest)
			} else {
				replace = append(replace, func() { unwrap(v) })
			}
		case *ast.AutoLink:
			dest := string(v.URL(src))
			if v.AutoLinkType == ast.AutoLinkEmail {
				return ast.WalkContinue, nil
			}
			if !AllowedScheme(Scheme(dest)) || Scheme(dest) == "id" || Scheme(dest) == "" {
				seg := v.Label(src)
				replace = append(replace, func() {
					t := ast.NewString([]byte(seg))
					v.Parent().ReplaceChild(v.Parent(), v, t)
				})
			}
		}
		return ast.WalkContinue, nil
	})
	for _, f := range replace {
		f()
	}
	if shift > 0 {
		doc.SetAttributeString(shiftAttr, true)
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if h, ok := n.(*ast.Heading); ok && entering && h.Level < 6 {
				h.Level++
			}
			return ast.WalkContinue, nil
		})
	}
}

// resolve maps an address to its published form; false means the link must
// not be rendered as a link (forbidden scheme, unknown ID).
func resolve(dest string, res Resolver) (string, bool) {
	s := Scheme(dest)
	if !AllowedScheme(s) {
		return "", false
	}
	if id, ok := IDOf(dest); ok {
		if res == nil {
			return "", false
		}
		return res.ResolveID(id)
	}
	if f, ok := LocalFile(dest); ok && res != nil {
		if u, found := res.ResolveFile(f); found {
			if _, frag, has := strings.Cut(dest, "#"); has {
				u += "#" + frag
			}
			return u, true
		}
	}
	return dest, true
}

// unwrap replaces a link or image with its text content.
func unwrap(n ast.Node) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// rawHTMLRenderer writes raw HTML as visible, escaped text. goldmark's
// default would drop it silently ("raw HTML omitted"), which hides an
// editor's mistake instead of showing it.
type rawHTMLRenderer struct{}

func (r *rawHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, r.inline)
	reg.Register(ast.KindHTMLBlock, r.block)
}

func (r *rawHTMLRenderer) inline(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	segs := n.(*ast.RawHTML).Segments
	for i := 0; i < segs.Len(); i++ {
		s := segs.At(i)
		_, _ = w.WriteString(html.EscapeString(string(s.Value(src))))
	}
	return ast.WalkSkipChildren, nil
}

func (r *rawHTMLRenderer) block(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	b := n.(*ast.HTMLBlock)
	var buf strings.Builder
	for i := 0; i < b.Lines().Len(); i++ {
		s := b.Lines().At(i)
		buf.Write(s.Value(src))
	}
	if b.HasClosure() {
		buf.Write(b.ClosureLine.Value(src))
	}
	_, _ = w.WriteString("<p>")
	_, _ = w.WriteString(strings.ReplaceAll(html.EscapeString(strings.TrimRight(buf.String(), "\n")), "\n", "<br>\n"))
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}
