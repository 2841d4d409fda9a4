package markdown

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/diachido/diachido/generator/media"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The video extension: a paragraph that is only a link to a YouTube,
// Facebook or Vimeo video (a bare address, an autolink or [title](url))
// becomes a click-to-load facade, and one that is only a link to an .mp4 in
// the entry's folder becomes a <video> player. A link inside a sentence
// stays a link.
//
// The facade is a 16:9 box with the title and a play button that links to
// the video on the provider's site, so it works without scripts; the
// page's small script (in the theme) swaps it for the provider's player
// only when the visitor taps. Until then the page asks nothing of any third
// party: no thumbnail, no iframe, no preconnect.

// KindVideo is the AST kind of a video paragraph.
var KindVideo = ast.NewNodeKind("Video")

// VideoNode replaces a paragraph that is only a video link.
type VideoNode struct {
	ast.BaseBlock
	Video media.Video
	// Title is the link text, if it says more than the address.
	Title string
	// Src is the published address of a folder .mp4.
	Src string
	// Words in the page's language.
	Play, WatchOn, Fallback string
}

// Kind implements ast.Node.
func (n *VideoNode) Kind() ast.NodeKind { return KindVideo }

// Dump implements ast.Node.
func (n *VideoNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Provider": string(n.Video.Provider), "ID": n.Video.ID}, nil)
}

// Labeler is an optional interface of a Resolver: the words a video embed
// shows, in the page's language, by interface-string key: video_play
// ("Tap to play"), video_watch_on ("Watch on %s") and video ("Video").
// Without it the words are English.
type Labeler interface {
	Label(key string) string
}

var defaultLabels = map[string]string{"video_play": "Tap to play", "video_watch_on": "Watch on %s", "video": "Video"}

func label(res Resolver, key string) string {
	if l, ok := res.(Labeler); ok {
		if s := l.Label(key); s != "" && s != key {
			return s
		}
	}
	return defaultLabels[key]
}

// loneLink returns the link that is the only content of a paragraph, with
// its address and text.
func loneLink(p *ast.Paragraph, src []byte) (dest, title string, ok bool) {
	var link ast.Node
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		switch v := c.(type) {
		case *ast.Text:
			if len(bytes.TrimSpace(v.Segment.Value(src))) > 0 {
				return "", "", false
			}
		case *ast.Link, *ast.AutoLink:
			if link != nil {
				return "", "", false
			}
			link = c
		default:
			return "", "", false
		}
	}
	switch v := link.(type) {
	case *ast.Link:
		dest = string(v.Destination)
		title = strings.TrimSpace(plainText(v, src))
		if title == dest {
			title = ""
		}
		return dest, title, true
	case *ast.AutoLink:
		if v.AutoLinkType == ast.AutoLinkEmail {
			return "", "", false
		}
		return string(v.URL(src)), "", true
	}
	return "", "", false
}

func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := c.(type) {
		case *ast.Text:
			b.Write(v.Segment.Value(src))
			if v.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(v.Value)
		case *ast.RawHTML: // shown as text, as everywhere else in a body
			for i := 0; i < v.Segments.Len(); i++ {
				seg := v.Segments.At(i)
				b.Write(seg.Value(src))
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// VideoLinks lists the addresses that are alone in their paragraph, with
// their lines: the ones the body turns into videos when they name one. The
// site checks them, so that a mistyped video link is an error with its line
// instead of a silent plain link.
func (r *Renderer) VideoLinks(src []byte) []Link {
	return loneLinks(r.parser(src).Parse(text.NewReader(src)), src)
}

func loneLinks(doc ast.Node, src []byte) []Link {
	var out []Link
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		p, ok := n.(*ast.Paragraph)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		if dest, _, ok := loneLink(p, src); ok {
			line := 1
			if p.Lines().Len() > 0 {
				line = 1 + bytes.Count(src[:p.Lines().At(0).Start], []byte("\n"))
			}
			out = append(out, Link{Dest: dest, Line: line, Kind: KindLink})
		}
		return ast.WalkSkipChildren, nil
	})
	return out
}

type videoTransformer struct{}

// Transform replaces every paragraph that is only a video link. It runs
// before the address transformer, so it sees addresses as written.
func (t *videoTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	res, _ := pc.Get(resolverKey).(Resolver)
	src := reader.Source()
	var swaps [][2]ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		p, ok := n.(*ast.Paragraph)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		dest, title, ok := loneLink(p, src)
		if !ok {
			return ast.WalkSkipChildren, nil
		}
		v, err := media.ParseVideo(dest)
		if err != nil {
			return ast.WalkSkipChildren, nil
		}
		node := &VideoNode{Video: v, Title: title}
		if v.Provider == media.File {
			f, local := LocalFile(dest)
			if !local || res == nil {
				return ast.WalkSkipChildren, nil
			}
			u, found := res.ResolveFile(f)
			if !found {
				return ast.WalkSkipChildren, nil
			}
			node.Src = videoSrc(u)
		}
		node.Play = label(res, "video_play")
		node.WatchOn = label(res, "video_watch_on")
		node.Fallback = label(res, "video")
		swaps = append(swaps, [2]ast.Node{p, node})
		return ast.WalkSkipChildren, nil
	})
	for _, s := range swaps {
		s[0].Parent().ReplaceChild(s[0].Parent(), s[0], s[1])
	}
}

// videoRenderer writes VideoNodes. Every value is escaped; the facade's
// addresses come from media.ParseVideo, which builds them from the parsed
// ID, never from the editor's text.
type videoRenderer struct{}

func (r *videoRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindVideo, r.render)
}

func (r *videoRenderer) render(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(VideoHTML(n.(*VideoNode)))
	return ast.WalkSkipChildren, nil
}

// VideoHTML is the markup of a video: the theme's partial writes the same
// for front-matter videos.
func VideoHTML(n *VideoNode) string {
	e := html.EscapeString
	v := n.Video
	var b strings.Builder
	if v.Provider == media.File {
		b.WriteString(`<figure class="video video-file"><video controls preload="none" playsinline width="640" height="360" src="` + e(n.Src) + `"`)
		if n.Title != "" {
			b.WriteString(` aria-label="` + e(n.Title) + `"`)
		}
		b.WriteString(`></video>`)
		if n.Title != "" {
			b.WriteString(`<figcaption>` + e(n.Title) + `</figcaption>`)
		}
		b.WriteString("</figure>\n")
		return b.String()
	}
	title := n.Title
	if title == "" {
		title = n.Fallback
	}
	name := v.Provider.Name()
	fmt.Fprintf(&b, `<figure class="video"><a class="video-facade" href="%s" data-embed="%s" data-title="%s" rel="noopener">`, e(v.WatchURL), e(v.EmbedURL), e(title))
	fmt.Fprintf(&b, `<span class="video-play" aria-hidden="true"></span><span class="video-title">%s</span><span class="video-note">%s · %s</span></a>`, e(title), e(name), e(n.Play))
	fmt.Fprintf(&b, `<figcaption><a href="%s" rel="noopener">%s</a></figcaption></figure>`+"\n", e(v.WatchURL), e(WithName(n.WatchOn, name)))
	return b.String()
}

// WithName fills the %s of an interface string such as "Watch on %s"; a
// site's translation that left it out is used as it is.
func WithName(format, name string) string {
	if strings.Count(format, "%s") != 1 || strings.Count(format, "%") != 1 {
		return format
	}
	return fmt.Sprintf(format, name)
}

// HasVideoEmbed reports whether rendered HTML holds a video facade, so the
// page knows to carry the script that loads the player. Text an editor
// writes is always escaped, so the opening tag can only come from us.
func HasVideoEmbed(b []byte) bool { return bytes.Contains(b, []byte(`<a class="video-facade"`)) }

// Video is the goldmark extension that turns video paragraphs into
// embeds. New registers it on the rendering parser only: Links and
// VideoLinks must see every paragraph as written.
var Video goldmark.Extender = videoExtension{}

type videoExtension struct{}

func (videoExtension) Extend(md goldmark.Markdown) {
	md.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(&videoTransformer{}, 50)))
	md.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&videoRenderer{}, 100)))
}
