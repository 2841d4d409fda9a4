package markdown

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/diachido/diachido/generator/content"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// A Story is an exhibition's body cut into its sections: the text before
// the first "## " heading is the introduction, and each level-2 heading
// starts a section that runs to the next one.
//
// A section's heading may begin with a date or period and a dash, which
// the timeline shows apart from the title. The forms (digits only; the
// dash after the date has a space on each side and may be an em dash —,
// an en dash – or a hyphen -):
//
//	## 1944 — Thành lập Đội Việt Nam Tuyên truyền Giải phóng quân
//	## 1911–1946 — …        a period: two dates joined by –, — or -
//	## 1945-09-02 — …       a day (or 1945-09, a month) written year first
//	## 1930 - 1945 - …      spaces around the period's dash are allowed
//
// Anything else (no dash, words before it) is a title without a date.
type Story struct {
	Intro    []Block
	Sections []Section
}

// Section is one "## " section of a story.
type Section struct {
	// Title is the heading's text without its date; Date is the date or
	// period as written ("" when the heading has none), with its dash
	// normalised to an en dash.
	Title string
	Date  string
	// Anchor is the section's fragment id: "phan-3-1944-thanh-lap-doi",
	// unique in the story and stable while the heading does not change.
	Anchor string
	// Line is the heading's 1-based line in the body.
	Line   int
	Blocks []Block
}

// Block is a run of the section's content: rendered HTML, or a paragraph
// that holds only images (a figure, or a before/after pair).
type Block struct {
	HTML   []byte
	Images []Image
}

// Image is an image written ![alt](file.jpg "caption") alone in its
// paragraph (with other images only).
type Image struct {
	// Src is the address as written; File the folder file it names, ""
	// when it names none.
	Src, File string
	Alt       string
	Caption   string
	// Line is the image's 1-based line in the body.
	Line int
}

// dateRe matches a heading's leading date or period and its dash.
var dateRe = regexp.MustCompile(`^(\d{4}(?:-\d{2}){0,2}(?:\s*[–—-]\s*\d{4}(?:-\d{2}){0,2})?)\s+[–—-]\s+(\S.*)$`)

// periodDash finds the dash between a period's two dates.
var periodDash = regexp.MustCompile(`(\d)\s*[–—-]\s*(\d{4})`)

// SplitDate cuts a heading into its leading date or period (the forms
// Story documents) and its title; date is "" when it has none.
func SplitDate(heading string) (date, title string) {
	m := dateRe.FindStringSubmatch(strings.TrimSpace(heading))
	if m == nil {
		return "", strings.TrimSpace(heading)
	}
	return periodDash.ReplaceAllString(m[1], "$1–$2"), strings.TrimSpace(m[2])
}

// Story parses src and cuts it into sections, each block's HTML rendered
// as Render would render it through res (nil: addresses left as written,
// for the checks).
func (r *Renderer) Story(src []byte, res Resolver) (Story, error) {
	pc := newContext()
	files := map[string]string{}
	if res != nil {
		pc.Set(resolverKey, recorder{res, files})
	}
	md := r.markdown(src)
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	var st Story
	blocks := &st.Intro
	used := map[string]bool{}
	shift := 0
	if v, ok := doc.AttributeString(shiftAttr); ok && v == true {
		shift = 1
	}
	var run []ast.Node
	flush := func() error {
		if len(run) == 0 {
			return nil
		}
		d := ast.NewDocument()
		for _, n := range run {
			d.AppendChild(d, n)
		}
		run = run[:0]
		var buf bytes.Buffer
		if err := md.Renderer().Render(direct{&buf}, src, d); err != nil {
			return err
		}
		*blocks = append(*blocks, Block{HTML: buf.Bytes()})
		return nil
	}
	for n := doc.FirstChild(); n != nil; {
		next := n.NextSibling()
		doc.RemoveChild(doc, n)
		switch {
		case isSectionHeading(n, shift):
			if err := flush(); err != nil {
				return Story{}, err
			}
			date, title := SplitDate(inlineText(n, src))
			s := Section{Title: title, Date: date, Line: blockLine(src, n)}
			s.Anchor = uniqueAnchor(used, len(st.Sections)+1, date, title)
			st.Sections = append(st.Sections, s)
			blocks = &st.Sections[len(st.Sections)-1].Blocks
		case imageParagraph(n, src):
			if err := flush(); err != nil {
				return Story{}, err
			}
			*blocks = append(*blocks, Block{Images: images(n, src, files, res == nil)})
		default:
			run = append(run, n)
		}
		n = next
	}
	if err := flush(); err != nil {
		return Story{}, err
	}
	return st, nil
}

// isSectionHeading reports whether n is a "## " heading. The transformer
// moves every heading one level down when the body has a "# " heading
// (the page title is the h1), so a body's ## arrives as level 2 + shift.
func isSectionHeading(n ast.Node, shift int) bool {
	h, ok := n.(*ast.Heading)
	return ok && h.Level == 2+shift
}

// imageParagraph reports whether n is a paragraph of images only (and the
// spaces and line breaks between them).
func imageParagraph(n ast.Node, src []byte) bool {
	if _, ok := n.(*ast.Paragraph); !ok {
		return false
	}
	found := false
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch v := c.(type) {
		case *ast.Image:
			found = true
		case *ast.Text:
			if len(bytes.TrimSpace(v.Segment.Value(src))) > 0 {
				return false
			}
		default:
			return false
		}
	}
	return found
}

// recorder resolves as its Resolver does and remembers which folder file
// each published address came from, so that an image keeps its file name.
type recorder struct {
	Resolver
	files map[string]string
}

func (r recorder) ResolveFile(name string) (string, bool) {
	u, ok := r.Resolver.ResolveFile(name)
	if ok {
		r.files[u] = name
	}
	return u, ok
}

// images lists a paragraph's images; files maps resolved addresses back to
// their folder files (asWritten: nothing was resolved).
func images(n ast.Node, src []byte, files map[string]string, asWritten bool) []Image {
	var out []Image
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		im, ok := c.(*ast.Image)
		if !ok {
			continue
		}
		i := Image{Src: string(im.Destination), Alt: strings.TrimSpace(inlineText(im, src)), Caption: string(im.Title), Line: lineOf(src, im)}
		if f, ok := files[i.Src]; ok {
			i.File = f
		} else if f, ok := LocalFile(i.Src); ok && asWritten {
			i.File = f
		}
		out = append(out, i)
	}
	return out
}

// inlineText is the text of an inline tree without markup, its runs of
// space collapsed.
func inlineText(n ast.Node, src []byte) string {
	return strings.Join(strings.Fields(plainText(n, src)), " ")
}

func blockLine(src []byte, n ast.Node) int {
	if n.Lines().Len() == 0 {
		return 1
	}
	return 1 + bytes.Count(src[:n.Lines().At(0).Start], []byte("\n"))
}

// uniqueAnchor makes a section's fragment: "phan-<n>-" and the slug of its
// date and title, cut at 60 characters; a repeat gets "-2", "-3".
func uniqueAnchor(used map[string]bool, n int, date, title string) string {
	base := "phan-" + strconv.Itoa(n)
	if s := content.Slugify(strings.TrimSpace(date + " " + title)); s != "" {
		base += "-" + s
	}
	if len(base) > 60 {
		base = strings.TrimRight(base[:60], "-")
	}
	a := base
	for i := 2; used[a]; i++ {
		a = base + "-" + strconv.Itoa(i)
	}
	used[a] = true
	return a
}
