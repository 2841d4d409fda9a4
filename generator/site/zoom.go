package site

import (
	"encoding/json"

	"github.com/diachido/diachido/generator/content"
)

// Deep zoom and before/after comparisons, for exhibitions (issue 16).
//
// A large image (over media.ZoomMinSide on its long side) in an
// exhibition's folder is published a second time as IIIF level 0 static
// tiles (iiif.go). Its figure gets partials/zoom.html: a link to the
// largest ordinary variant, which every visitor has, and a "Phóng to /
// Zoom" button that static/zoom.js shows. Only when the visitor taps it
// does the page load OpenSeadragon, from the pinned address below or from
// site.yaml's zoom.library, checked against the integrity hash: until then
// the page has asked no other host for anything.
//
// A comparison (partials/compare.html) is two images of one place, before
// and after; without scripts they show one after the other with their
// captions, and static/zoom.js lays them over each other with a slider
// under them, which takes horizontal drags only, so that a vertical swipe
// over the pair still scrolls the page.

// OpenSeadragon is never copied into the repository or the output. The
// hash was computed from the npm package:
//
//	npm pack openseadragon@5.0.1
//	tar -xzf openseadragon-5.0.1.tgz    # → package/build/openseadragon/…
//	openssl dgst -sha384 -binary package/build/openseadragon/openseadragon.min.js | openssl base64 -A
//
// unpkg.com serves the files of the npm tarball byte for byte. To move to
// a new version, change both and the npm pack step of .ci/run; the browser
// test loads the real file (OSD_DIR) and fails when the hash is wrong.
const (
	osdVersion   = "5.0.1"
	osdFile      = "openseadragon.min.js"
	osdJS        = "https://unpkg.com/openseadragon@" + osdVersion + "/build/openseadragon/" + osdFile
	osdIntegrity = "sha384-Vh4b5HGyvDGMp6lVeYZe1zCqqyhS8oLTUC4SKIWmOuYH7nEuWiGIpSACopwLu9UD"
)

// ZoomView is a large image's deep zoom, for partials/zoom.html.
type ZoomView struct {
	// InfoURL is the image service's info.json; LargestURL the largest
	// ordinary variant, which the image links to for visitors without
	// scripts.
	InfoURL, LargestURL string
	// Width and Height are the full image's, in pixels.
	Width, Height int
	// Alt is the image's alt text, the viewer's accessible name.
	Alt string
	// Open is the button's words ("Phóng to"), Full the link's ("Xem ảnh
	// lớn").
	Open, Full string
	// Data is what static/zoom.js needs, as JSON for a data-zoom
	// attribute: the library's address and hash, info.json, the viewer's
	// words.
	Data string
	// Script is the versioned URL of static/zoom.js.
	Script string
}

// CompareView is a before/after pair, for partials/compare.html.
type CompareView struct {
	// Before and After are the two images, as photo.html draws them (with
	// .Caption).
	Before, After PhotoView
	// BeforeLabel and AfterLabel name them ("Trước", "Sau"); Slider is
	// the slider's accessible name.
	BeforeLabel, AfterLabel, Slider string
	// Script is the versioned URL of static/zoom.js.
	Script string
}

// zoomWords are the viewer's interface strings, by key, in the languages
// the default theme speaks; i18n/<lang>.yaml of a theme overrides them.
var zoomWords = map[string]map[string]string{
	"zoom_open":      {"vi": "Phóng to", "en": "Zoom"},
	"zoom_full":      {"vi": "Xem ảnh lớn", "en": "Open the large image"},
	"zoom_in":        {"vi": "Phóng to thêm", "en": "Zoom in"},
	"zoom_out":       {"vi": "Thu nhỏ", "en": "Zoom out"},
	"zoom_close":     {"vi": "Đóng", "en": "Close"},
	"zoom_loading":   {"vi": "Đang tải…", "en": "Loading…"},
	"zoom_error":     {"vi": "Không tải được trình phóng to. Hãy mở ảnh lớn.", "en": "The zoom viewer could not load. Open the large image instead."},
	"compare_before": {"vi": "Trước", "en": "Before"},
	"compare_after":  {"vi": "Sau", "en": "After"},
	"compare_slider": {"vi": "Kéo để so sánh trước và sau", "en": "Drag to compare before and after"},
}

// zoomT is an interface string of the zoom viewer in lang: the theme's,
// else zoomWords', else English.
func (m *Model) zoomT(lang, key string) string {
	if m.i18n.Has(lang, key) {
		return m.i18n.T(lang, key)
	}
	if w, ok := zoomWords[key][lang]; ok {
		return w
	}
	if s := m.i18n.T(lang, key); s != key {
		return s
	}
	return zoomWords[key]["en"]
}

// zoom is the deep zoom of a file of e's folder in lang, or nil when it
// has none (not an exhibition, not a photo, not over media.ZoomMinSide).
// Alt is the front-matter photo's, when the file is one; a body image's
// caller sets its own.
func (m *Model) zoom(e *content.Entry, file, lang string) *ZoomView {
	p := m.zoomable(e, file)
	if p == nil {
		return nil
	}
	base := m.urls.Rel(escapePath(iiifBase(e, file)))
	v := &ZoomView{
		InfoURL:    base + "/info.json",
		LargestURL: m.variantURL(p, p.largest()),
		Width:      p.img.Width,
		Height:     p.img.Height,
		Open:       m.zoomT(lang, "zoom_open"),
		Full:       m.zoomT(lang, "zoom_full"),
		Script:     (&Page{m: m}).Static("zoom.js"),
	}
	d, _ := e.Doc(lang)
	for _, ph := range d.Front.Photos {
		if ph.Src == file && v.Alt == "" {
			v.Alt = ph.Alt
		}
	}
	lib := osdJS
	if dir := m.Config.Zoom.Library; dir != "" {
		lib = dir + osdFile
	}
	msg := map[string]string{}
	for _, k := range []string{"zoom_in", "zoom_out", "zoom_close", "zoom_loading", "zoom_error"} {
		msg[k[len("zoom_"):]] = m.zoomT(lang, k)
	}
	b, _ := json.Marshal(struct {
		Lib  []string          `json:"lib"`
		Info string            `json:"info"`
		W    int               `json:"w"`
		H    int               `json:"h"`
		Msg  map[string]string `json:"msg"`
	}{[]string{lib, osdIntegrity}, v.InfoURL, v.Width, v.Height, msg}) // strings and numbers: cannot fail
	v.Data = string(b)
	return v
}

// compare is a before/after pair in lang, of two images already made
// views (photoView, or a body image's).
func (m *Model) compare(lang string, before, after PhotoView) *CompareView {
	return &CompareView{
		Before: before, After: after,
		BeforeLabel: m.zoomT(lang, "compare_before"),
		AfterLabel:  m.zoomT(lang, "compare_after"),
		Slider:      m.zoomT(lang, "compare_slider"),
		Script:      (&Page{m: m}).Static("zoom.js"),
	}
}

// Zoom is the deep zoom of a file of the page's entry ({{with .Zoom
// "kho-luu-tru.jpg"}}{{template "zoom.html" .}}{{end}}), or nil.
func (p *Page) Zoom(file string) *ZoomView {
	if p.Entry == nil {
		return nil
	}
	e, ok := p.m.Content.ByID[p.Entry.ID]
	if !ok {
		return nil
	}
	return p.m.zoom(e, file, p.Lang.Code)
}

// Compare is a before/after pair of two photos of the page's entry's
// front matter, by file ({{with .Compare "truoc.jpg" "sau.jpg"}}), or nil
// when it does not list both.
func (p *Page) Compare(before, after string) *CompareView {
	if p.Entry == nil {
		return nil
	}
	e, ok := p.m.Content.ByID[p.Entry.ID]
	if !ok {
		return nil
	}
	d, _ := e.Doc(p.Lang.Code)
	var views [2]*PhotoView
	for _, ph := range d.Front.Photos {
		for i, name := range []string{before, after} {
			if ph.Src == name && views[i] == nil {
				v := p.m.photoView(e, ph, false)
				views[i] = &v
			}
		}
	}
	if views[0] == nil || views[1] == nil {
		return nil
	}
	return p.m.compare(p.Lang.Code, *views[0], *views[1])
}
