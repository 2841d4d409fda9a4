// Package testsite is the one place tests get a site from, instead of a
// "write these files" helper per package. A test writes its whole site as
// one txtar archive (Parse; Config is a site.yaml to start it with), adds
// photos and audio made here (Halves, EncodeJPEG, PNG, JPEG, GiantPNG,
// MP3), and builds it in memory (MapFS) or on disk (Write, Dir, Replace);
// then it edits a file (EditFile), builds again and compares what was
// written (Read, Changed, Hashes, Differs). Log collects what a server
// under test prints; ReadPNG reads a rasterised page back.
//
// It also holds a site that uses every kind of build input, and the edits
// that must each cause a rebuild, so that build's and serve's tests walk
// one list (as the build itself has one list of inputs: package inputs).
//
// Only tests import it, and it imports nothing of diachido, so that any
// package's tests can.
package testsite

import (
	"bytes"
	"image/color"
	"strings"
	"testing"
)

// Config is the site.yaml of a small guide in Vietnamese and English
// (IDs NT-…), as the first file of a txtar archive: a test site is
// Parse(Config + "-- content/… --\n…").
const Config = `-- site.yaml --
baseURL: https://example.org/
languages:
  - code: vi
    name: Tiếng Việt
    title: Thử nghiệm
  - code: en
    name: English
    title: Test guide
organization: Đoàn thử
idPrefix: NT
`

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
	files := Parse(Config + `-- content/sites/dinh-a/index.vi.md --
---
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
-- content/sites/dinh-a/so-do.pdf --
%PDF-1.4 a map
-- i18n/vi.yaml --
not_found_title: Không thấy trang này
-- themes/hong/layouts/404.html --
{{define "main"}}<div class="wrap"><h1>{{.L.not_found_title}}</h1></div>{{end}}
-- themes/hong/assets/hong.css --
.hong { color: #a00 }
-- ids.lock --
# diachido printed-ID ledger
NT-001 sites/dinh-a
`)
	files["site.yaml"] += "logo: images/logo.png\ntheme: hong\n"
	files["content/sites/dinh-a/cong.jpg"] = JPEG(64, 48, 0)
	files["content/sites/dinh-a/thuyet-minh.mp3"] = MP3(100)
	files["images/logo.png"] = PNG(40, 40, color.RGBA{200, 0, 0, 255})
	return files
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
		return func(t testing.TB, dir string) { t.Helper(); EditFile(t, dir, name, old, new) }
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
