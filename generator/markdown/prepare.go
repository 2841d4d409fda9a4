package markdown

import (
	"bytes"
	"encoding/hex"
	"errors"
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A Prepared body was parsed once, for both the checks and the page: a
// large site's build parses every body a single time. What depends on the
// language of the page showing it (where id: links point, the words of a
// video embed) is left in the HTML as markers that Finish fills in; an
// untranslated entry's text is shown in every language from one parse.
type Prepared struct {
	// Scan is what the checks need (see Renderer.Scan).
	Scan Scan
	// src is kept only when html is nil: otherwise the sources of every
	// body of a large site would stay in memory for the whole build.
	src  []byte
	html []byte // nil: render src at Finish (its text holds the marker)
}

// Source reports whether p still needs the Markdown source it was
// prepared from: false once its HTML is complete but for markers that
// Finish can always fill in, so the caller may let the source go.
func (p Prepared) Source() bool { return p.html == nil }

// marker opens every placeholder in prepared HTML. It is made of
// characters that URL and HTML escaping leave alone, and a body that holds
// it is simply rendered per language instead.
const marker = "~dchd7~"

// Prepare parses src once and returns its scan and its HTML with markers.
// hasFile says which files the entry's folder holds and ids which entry IDs
// exist; their addresses are asked of the page's Resolver at Finish.
func (r *Renderer) Prepare(src []byte, hasFile, ids func(string) bool) Prepared {
	p := Prepared{src: src}
	pc := newContext()
	pc.Set(resolverKey, prepResolver{hasFile, ids})
	pc.Set(scanKey, &p.Scan)
	md := r.markdown(src)
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	if bytes.Contains(src, []byte(marker)) {
		return p // scanned; rendered per language at Finish
	}
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/4)
	if err := md.Renderer().Render(direct{&buf}, src, doc); err != nil {
		return p
	}
	if !finishable(buf.Bytes(), hasFile, ids) {
		return p
	}
	// An exact-size copy: the buffer's doubling would otherwise leave up
	// to half of every body's HTML unused for the whole build.
	p.html = bytes.Clone(buf.Bytes())
	p.src = nil
	return p
}

// direct lets goldmark write straight into a bytes.Buffer: given a plain
// io.Writer it wraps it in a new 4 kB bufio.Writer for every body.
type direct struct{ *bytes.Buffer }

var _ util.BufWriter = direct{}

func (direct) Buffered() int { return 0 }
func (direct) Flush() error  { return nil }

// finishable reports whether every marker in html is one Finish fills in
// without going back to the source: well formed, of a known kind, and
// naming an ID or file that exists. A marker that is not (text that only
// looks like one after entity decoding) sends the body back to Render.
func finishable(html []byte, hasFile, ids func(string) bool) bool {
	rest := html
	for {
		i := bytes.Index(rest, []byte(marker))
		if i < 0 {
			return true
		}
		kind, arg, after, ok := cutMarker(rest[i+len(marker):])
		if !ok {
			return false
		}
		rest = after
		switch kind {
		case "i":
			ok = ids(arg)
		case "f", "v":
			ok = hasFile(arg)
		case "l", "w":
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
}

// Finish returns the HTML of a prepared body for a page, resolving what
// Prepare left open through res.
func (r *Renderer) Finish(p Prepared, res Resolver) ([]byte, error) {
	if p.html == nil {
		return r.Render(p.src, res)
	}
	// Prepare made sure that every marker can be filled in with the IDs
	// and files it was told of; a resolver that disagrees is a bug.
	fallback := func() ([]byte, error) {
		if p.src == nil {
			return nil, errors.New("markdown: a prepared body names an ID or file its page does not know")
		}
		return r.Render(p.src, res)
	}
	out := make([]byte, 0, len(p.html)+len(p.html)/8)
	rest := p.html
	for {
		i := bytes.Index(rest, []byte(marker))
		if i < 0 {
			return append(out, rest...), nil
		}
		out = append(out, rest[:i]...)
		rest = rest[i+len(marker):]
		kind, arg, after, ok := cutMarker(rest)
		if !ok {
			return fallback()
		}
		rest = after
		switch kind {
		case "i":
			u, found := res.ResolveID(arg)
			if !found {
				// The checks refuse unknown IDs before anything is
				// rendered; render the text as Render would, to be safe.
				return fallback()
			}
			out = append(out, util.EscapeHTML(util.URLEscape([]byte(u), true))...)
		case "f", "v":
			u, found := res.ResolveFile(arg)
			if !found {
				return fallback()
			}
			if kind == "f" { // a link or image: escaped as goldmark does
				out = append(out, util.EscapeHTML(util.URLEscape([]byte(u), true))...)
			} else { // a video's src: escaped as VideoHTML does
				out = append(out, html.EscapeString(u)...)
			}
		case "l":
			out = append(out, html.EscapeString(label(res, arg))...)
		case "w":
			out = append(out, html.EscapeString(WithName(label(res, "video_watch_on"), arg))...)
		default:
			return fallback()
		}
	}
}

// cutMarker reads "kind~arg~" after a marker; the argument is hex, except
// for "w", whose argument is a video provider's name (see Label).
func cutMarker(b []byte) (kind, arg string, rest []byte, ok bool) {
	k, b, ok1 := bytes.Cut(b, []byte("~"))
	a, b, ok2 := bytes.Cut(b, []byte("~"))
	if !ok1 || !ok2 {
		return "", "", nil, false
	}
	if string(k) == "w" {
		return "w", string(a), b, true
	}
	dec, err := hex.DecodeString(string(a))
	if err != nil {
		return "", "", nil, false
	}
	return string(k), string(dec), b, true
}

func markerFor(kind, arg string) string {
	return marker + kind + "~" + hex.EncodeToString([]byte(arg)) + "~"
}

// prepResolver stands in for the page's resolver while preparing: known
// IDs and files, and the words of video embeds, become markers.
type prepResolver struct {
	hasFile func(string) bool
	ids     func(string) bool
}

func (p prepResolver) ResolveID(id string) (string, bool) {
	if !p.ids(id) {
		return "", false
	}
	return markerFor("i", id), true
}

func (p prepResolver) ResolveFile(name string) (string, bool) {
	if !p.hasFile(name) {
		return "", false
	}
	return markerFor("f", name), true
}

// videoSrc marks a folder video's address as one written into a src
// attribute by VideoHTML rather than a link by goldmark: the two escape
// differently.
func videoSrc(u string) string {
	if rest, ok := strings.CutPrefix(u, marker+"f~"); ok {
		return marker + "v~" + rest
	}
	return u
}

// Label leaves the words of a video embed to Finish; "Watch on %s" keeps
// its %s so that the provider's name, filled in by WithName, reaches it.
func (p prepResolver) Label(key string) string {
	if key == "video_watch_on" {
		return marker + "w~%s~"
	}
	return markerFor("l", key)
}

var scanKey = parser.NewContextKey()

// scanTransformer records a body's links and lone links before the other
// transformers change them, so Prepare's single parse also serves the
// checks.
type scanTransformer struct{}

func (scanTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	s, ok := pc.Get(scanKey).(*Scan)
	if !ok {
		return
	}
	src := reader.Source()
	*s = scanOf(doc, src)
}
