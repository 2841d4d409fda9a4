// Package testsite holds test sites shared by the packages that build
// them: a site that uses every kind of build input, and the edits that
// must each cause a rebuild, so that build's and serve's tests walk one
// list (as the build itself has one list of inputs: package inputs).
package testsite

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Write writes files (slash names) under dir.
func Write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// PNG is a w×h picture of one colour.
func PNG(w, h int, c color.RGBA) string {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.String()
}

// JPEG is a w×h gradient, shifted by seed so that two differ.
func JPEG(w, h int, seed uint8) string {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, color.RGBA{uint8(x) + seed, uint8(y), seed, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		panic(err)
	}
	return b.String()
}

// MP3 is a constant-bit-rate MPEG audio file of frames silent frames
// (128 kbit/s, 44.1 kHz, 26 ms each) after a small ID3v2 tag.
func MP3(frames int) string {
	var b bytes.Buffer
	b.Write([]byte{'I', 'D', '3', 3, 0, 0, 0, 0, 0, 20})
	b.Write(make([]byte, 20))
	f := make([]byte, 417)
	copy(f, []byte{0xff, 0xfb, 0x90, 0x00})
	for i := 0; i < frames; i++ {
		b.Write(f)
	}
	return b.String()
}

// Entry is the page of the one published site of Inputs, by language.
const (
	EntryFile = "content/sites/dinh-a/index.vi.md"
	EntryPage = "vi/sites/dinh-a/index.html"
	Placard   = "placards/NT-001.pdf"
)

// Inputs is a site that reads every kind of build input: site.yaml, an
// entry with a photo and an audio guide, a file published as it is, the
// site's own interface strings, a theme of its own (a layout and a
// stylesheet), a logo outside every other folder, and ids.lock.
func Inputs() map[string]string {
	return map[string]string{
		"site.yaml": `baseURL: https://example.org/
languages:
  - code: vi
    name: Tiếng Việt
    title: Thử nghiệm
  - code: en
    name: English
    title: Test guide
organization: Đoàn thử
idPrefix: NT
logo: images/logo.png
theme: hong
`,
		EntryFile: `---
id: NT-001
title: Đình A
summary: Một ngôi đình để thử.
location: {lat: 10.7, lng: 106.8}
province: Đồng Nai
category: history
photos:
  - src: cong.jpg
    alt: Cổng đình
audio:
  - src: thuyet-minh.mp3
    title: Thuyết minh
---

Nội dung đình A. Xem [bản đồ](so-do.pdf).
`,
		"content/sites/dinh-a/cong.jpg":        JPEG(64, 48, 0),
		"content/sites/dinh-a/thuyet-minh.mp3": MP3(100),
		"content/sites/dinh-a/so-do.pdf":       "%PDF-1.4 a map\n",
		"i18n/vi.yaml":                         "not_found_title: Không thấy trang này\n",
		"themes/hong/layouts/404.html":         "{{define \"main\"}}<div class=\"wrap\"><h1>{{.L.not_found_title}}</h1></div>{{end}}\n",
		"themes/hong/assets/hong.css":          ".hong { color: #a00 }\n",
		"images/logo.png":                      PNG(40, 40, color.RGBA{200, 0, 0, 255}),
		"ids.lock":                             "# diachido printed-ID ledger\nNT-001 sites/dinh-a\n",
	}
}

// An Edit changes one input of Inputs; the output must change: some file
// whose name starts with Changes must hold other bytes afterwards (""
// when only a rebuild is required: ids.lock changes no page by itself).
type Edit struct {
	Kind    string
	Apply   func(t testing.TB, dir string)
	Changes string
	// EveryPlacard: every placard PDF must change (the logo is on each).
	EveryPlacard bool
}

// Edits is one edit of each kind of input.
func Edits() []Edit {
	set := func(name, data string) func(testing.TB, string) {
		return func(t testing.TB, dir string) { Write(t, dir, map[string]string{name: data}) }
	}
	replace := func(name, old, new string) func(testing.TB, string) {
		return func(t testing.TB, dir string) {
			t.Helper()
			p := filepath.Join(dir, filepath.FromSlash(name))
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), old) {
				t.Fatalf("%s has no %q", name, old)
			}
			Write(t, dir, map[string]string{name: strings.Replace(string(b), old, new, 1)})
		}
	}
	return []Edit{
		{Kind: "site.yaml", Apply: replace("site.yaml", "organization: Đoàn thử", "organization: Đoàn thử đã sửa"), Changes: "vi/index.html"},
		{Kind: "entry", Apply: replace(EntryFile, "title: Đình A", "title: Đình A đã sửa"), Changes: EntryPage},
		{Kind: "new entry", Apply: set("content/sites/dinh-c/index.vi.md", "---\nid: NT-003\ntitle: Đình C\nsummary: Mới.\nlocation: {lat: 10.9, lng: 106.7}\n---\nC.\n"), Changes: "vi/index.html"},
		{Kind: "photo", Apply: set("content/sites/dinh-a/cong.jpg", JPEG(64, 48, 90)), Changes: "media/sites/dinh-a/cong"},
		{Kind: "audio", Apply: set("content/sites/dinh-a/thuyet-minh.mp3", MP3(3000)), Changes: EntryPage},
		{Kind: "file in the folder", Apply: set("content/sites/dinh-a/so-do.pdf", "%PDF-1.4 a new map\n"), Changes: "media/sites/dinh-a/so-do.pdf"},
		{Kind: "i18n", Apply: replace("i18n/vi.yaml", "Không thấy trang này", "Trang này không có"), Changes: "404.html"},
		{Kind: "theme layout", Apply: replace("themes/hong/layouts/404.html", "<h1>", "<h1 class=\"hong\">"), Changes: "404.html"},
		{Kind: "theme asset", Apply: replace("themes/hong/assets/hong.css", "#a00", "#0a0"), Changes: "vi/index.html"},
		{Kind: "logo", Apply: set("images/logo.png", PNG(40, 40, color.RGBA{0, 0, 200, 255})), Changes: Placard, EveryPlacard: true},
		{Kind: "ids.lock", Apply: replace("ids.lock", "NT-001 sites/dinh-a\n", "NT-001 sites/dinh-a\n# checked 2026-12-01\n")},
	}
}

// Changed reports whether some file whose name starts with prefix differs
// between two trees (slash name → bytes).
func Changed(before, after map[string][]byte, prefix string) bool {
	for name, b := range after {
		if strings.HasPrefix(name, prefix) && !bytes.Equal(before[name], b) {
			return true
		}
	}
	for name := range before {
		if _, ok := after[name]; strings.HasPrefix(name, prefix) && !ok {
			return true
		}
	}
	return false
}
