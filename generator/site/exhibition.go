package site

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/markdown"
)

// Exhibitions: an online exhibition is a story told in sections (the
// body's "## " headings, markdown.Story), each with its text and images,
// read on a phone from beginning to end. Its page (layouts/exhibition.html)
// has a cover, a timeline of the sections (plain anchors: a sticky list on
// wide screens, a sticky "Phần 3 / 9 · 1944" bar on phones), the sections
// with their figures in responsive variants, links to the previous and next
// section, and its related places as cards.

// StoryView is an exhibition's body as its page shows it.
type StoryView struct {
	// Period is the front matter's period ("1911–2013").
	Period string
	// Intro is the text before the first section.
	Intro []BlockView
	// Sections are the "## " sections in order.
	Sections []SectionView
	// Related are the entries the exhibition is about (related:), as cards.
	Related []*EntryView
}

// SectionView is one section of an exhibition.
type SectionView struct {
	// N is the section's number, from 1; Of the number of sections.
	N, Of int
	// Title is the heading without its date; Date the date or period
	// parsed from the heading ("1944", "1911–1946"), or "".
	Title, Date string
	// Anchor is the section's fragment id; URL is "#" + Anchor.
	Anchor, URL string
	// Position is "Phần 3 / 9" in the page's language.
	Position string
	Blocks   []BlockView
	// Prev and Next are the neighbouring sections, nil at the ends.
	Prev, Next *SectionLink
}

// SectionLink points at another section of the same page.
type SectionLink struct {
	Title, Date, URL string
}

// BlockView is a run of a section: its HTML, a figure, or a before/after
// pair (the fields other than the one it is are empty).
type BlockView struct {
	HTML    template.HTML
	Figures []FigureView
	// Pair is true when Figures are a before/after pair (two images whose
	// captions began "trước:" and "sau:", those words cut); Compare is
	// the same pair for partials/compare.html.
	Pair    bool
	Compare *CompareView
}

// FigureView is a body image: a photo in responsive variants with its
// caption (partials/figure.html).
type FigureView struct {
	Photo PhotoView
	// Zoom is the image's deep zoom (partials/zoom.html), or nil when it
	// is not large enough for one.
	Zoom *ZoomView
}

// checkStory reports an exhibition file without sections, at the body's
// first line: the page is made of them.
func (m *Model) checkStory(e *content.Entry, d *content.Doc, diags *diag.List) {
	st, err := m.md.Story(d.Body, nil)
	if err != nil {
		diags.Errorf(diag.Position{File: d.File, Line: d.BodyLine}, "cannot read the text: %v", err)
		return
	}
	if len(st.Sections) == 0 {
		diags.Errorf(diag.Position{File: d.File, Line: d.BodyLine}, "an exhibition needs sections: start each one with a line \"## \" and its title, e.g. \"## 1944 — Thành lập Đội Việt Nam Tuyên truyền Giải phóng quân\"")
	}
}

// storyView cuts the exhibition's body in lang into its sections.
func (m *Model) storyView(e *content.Entry, d *content.Doc, lang string) (*StoryView, error) {
	st, err := m.md.Story(d.Body, resolver{m: m, e: e, lang: lang})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.File, err)
	}
	t := func(k string) string { return m.i18n.T(lang, k) }
	v := &StoryView{Period: d.Front.Period, Intro: m.blockViews(e, st.Intro, lang)}
	n := len(st.Sections)
	for i, s := range st.Sections {
		v.Sections = append(v.Sections, SectionView{
			N: i + 1, Of: n, Title: s.Title, Date: s.Date, Anchor: s.Anchor, URL: "#" + s.Anchor,
			Position: strings.NewReplacer("{n}", strconv.Itoa(i+1), "{of}", strconv.Itoa(n)).Replace(t("exhibition_position")),
			Blocks:   m.blockViews(e, s.Blocks, lang),
		})
	}
	for i := range v.Sections {
		if i > 0 {
			p := v.Sections[i-1]
			v.Sections[i].Prev = &SectionLink{Title: p.Title, Date: p.Date, URL: p.URL}
		}
		if i+1 < n {
			x := v.Sections[i+1]
			v.Sections[i].Next = &SectionLink{Title: x.Title, Date: x.Date, URL: x.URL}
		}
	}
	for _, id := range e.Default.Front.Related {
		if re, ok := m.Content.ByID[id]; ok {
			rv, err := m.entryView(re, lang, false)
			if err != nil {
				return nil, err
			}
			v.Related = append(v.Related, rv)
		}
	}
	return v, nil
}

func (m *Model) blockViews(e *content.Entry, blocks []markdown.Block, lang string) []BlockView {
	var out []BlockView
	for _, b := range blocks {
		if b.Images == nil {
			out = append(out, BlockView{HTML: template.HTML(b.HTML)})
			continue
		}
		var bv BlockView
		images := b.Images
		if before, after, ok := beforeAfter(images); ok {
			images = []markdown.Image{before, after}
			bv.Pair = true
		}
		for _, im := range images {
			bv.Figures = append(bv.Figures, m.figureView(e, im, lang))
		}
		if bv.Pair {
			bv.Compare = m.compare(lang, bv.Figures[0].Photo, bv.Figures[1].Photo)
		}
		out = append(out, bv)
	}
	return out
}

// beforeAfter recognises a before/after pair: a paragraph of exactly two
// images whose captions start "trước:" (or "before:") and "sau:" (or
// "after:"); it returns them with those words cut from their captions.
func beforeAfter(images []markdown.Image) (before, after markdown.Image, ok bool) {
	if len(images) != 2 {
		return before, after, false
	}
	cut := func(caption string, words ...string) (string, bool) {
		for _, w := range words {
			if len(caption) >= len(w) && strings.EqualFold(caption[:len(w)], w) {
				return strings.TrimSpace(caption[len(w):]), true
			}
		}
		return caption, false
	}
	before, after = images[0], images[1]
	var okB, okA bool
	before.Caption, okB = cut(before.Caption, "trước:", "before:")
	after.Caption, okA = cut(after.Caption, "sau:", "after:")
	if !okB || !okA {
		return images[0], images[1], false
	}
	return before, after, true
}

// figureView is a body image in the variants the photo pipeline made of
// its file (every photo in an entry's folder has them), lazily loaded,
// with its deep zoom when it is large (zoom.go).
func (m *Model) figureView(e *content.Entry, im markdown.Image, lang string) FigureView {
	f := FigureView{Photo: m.photoView(e, content.Photo{Src: im.File, Alt: im.Alt, Caption: im.Caption}, false)}
	if im.File != "" {
		if z := m.zoom(e, im.File, lang); z != nil {
			z.Alt = im.Alt
			f.Zoom = z
		}
	}
	return f
}
