// Package content is the entry model: it walks a site source's content/
// folder, splits each Markdown file into front matter and body, applies
// translation inheritance and checks every field against the content
// contract (../shared/content-format.md).
//
// It knows nothing of HTML. Problems are reported with file and line into a
// diag.List, all of them, so an editor sees every mistake in one run.
package content

import (
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Kind is the section an entry belongs to; its value is the folder name
// under content/ and the URL segment, both fixed by the contract.
type Kind string

// The five kinds of entry.
const (
	Site   Kind = "sites"
	Marker Kind = "markers"
	Tour   Kind = "tours"
	// Exhibition is an online exhibition: a story told in sections (the
	// body's ## headings), with images from its folder and related places.
	Exhibition Kind = "exhibitions"
	Page       Kind = "pages"
)

// Kinds lists the kinds in the order the site shows them.
var Kinds = []Kind{Site, Marker, Tour, Exhibition, Page}

// Singular is the kind in one English word, for messages: "site",
// "exhibition".
func (k Kind) Singular() string { return strings.TrimSuffix(string(k), "s") }

// WithArticle is the kind in one word after "a" or "an": "a tour", "an
// exhibition".
func (k Kind) WithArticle() string {
	if s := k.Singular(); strings.ContainsAny(s[:1], "aeiou") {
		return "an " + s
	}
	return "a " + k.Singular()
}

// Located reports whether entries of this kind have a place on the map.
func (k Kind) Located() bool { return k == Site || k == Marker }

// Front is an entry's front matter. Field names are fixed by the contract.
type Front struct {
	ID         string      `yaml:"id"`
	Title      string      `yaml:"title"`
	Summary    string      `yaml:"summary"`
	Location   *Location   `yaml:"location"`
	Address    string      `yaml:"address"`
	Province   string      `yaml:"province"`
	District   string      `yaml:"district"`
	Category   string      `yaml:"category"`
	Rank       string      `yaml:"rank"`
	Recognized int         `yaml:"recognized"`
	Marker     *MarkerInfo `yaml:"marker"`
	Photos     []Photo     `yaml:"photos"`
	Videos     []Video     `yaml:"videos"`
	Audio      []Audio     `yaml:"audio"`
	Sources    []Source    `yaml:"sources"`
	Stops      []string    `yaml:"stops"`
	// Period is an exhibition's span in free text, e.g. 1911–2013.
	Period string `yaml:"period"`
	// Related are the IDs of the entries an exhibition is about.
	Related []string `yaml:"related"`
	Tags    []string `yaml:"tags"`
	Aliases []string `yaml:"aliases"`
	Updated string   `yaml:"updated"`
	// Placard is the printed placard's life: when and where it was put up
	// and last checked (sites, markers, exhibitions).
	Placard *PlacardLife `yaml:"placard"`
	Draft   bool         `yaml:"draft"`
	// Weight orders free pages in menus (lower first); an extension.
	Weight int `yaml:"weight"`
	// Params holds anything a site's own theme wants; an extension, so that
	// the fixed fields can stay strict and catch typos.
	Params map[string]any `yaml:"params"`
}

// Location is a WGS84 point in decimal degrees. Pointers tell a missing
// coordinate from a zero one.
type Location struct {
	Lat *float64 `yaml:"lat"`
	Lng *float64 `yaml:"lng"`
}

// MarkerInfo describes a border marker (cột mốc).
type MarkerInfo struct {
	Number string `yaml:"number"`
	Type   string `yaml:"type"`
	Border string `yaml:"border"`
	Year   int    `yaml:"year"`
}

// Photo is an image in the entry's folder; the first is the cover.
type Photo struct {
	Src     string `yaml:"src"`
	Alt     string `yaml:"alt"`
	Caption string `yaml:"caption"`
	Credit  string `yaml:"credit"`
}

// Video is a YouTube, Facebook or Vimeo link, or an .mp4 in the folder.
type Video struct {
	URL   string `yaml:"url"`
	Title string `yaml:"title"`
}

// Audio is an audio guide file in the entry's folder.
type Audio struct {
	Src   string `yaml:"src"`
	Title string `yaml:"title"`
}

// PlacardLife records a printed placard on its wall, so that organisers
// can tell which placards exist and which need checking. Dates are written
// 2026-03-26, as updated is.
type PlacardLife struct {
	Installed string `yaml:"installed"`
	Material  string `yaml:"material"`
	Checked   string `yaml:"checked"`
	Location  string `yaml:"location"`
}

// Source is an official source the text was taken from.
type Source struct {
	Title string `yaml:"title"`
	URL   string `yaml:"url"`
}

// Doc is one language's file of an entry.
type Doc struct {
	Lang string
	// File is the slash path relative to the site source.
	File string
	// Front is the front matter after inheritance from the default language.
	Front Front
	// Body is the Markdown body (NFC, LF line ends).
	Body []byte
	// BodyLine is the file line of the body's first line.
	BodyLine int

	node *yaml.Node // this file's own front matter, for positions
	// dropped says that Options.Body let Body go (ReadBody reads it
	// again); bodyLen is its length when loaded.
	dropped    bool
	bodyLen    int
	keys       map[string]bool
	lineOffset int
}

// Line returns the file line of the front-matter value at path, or 0 when
// this file does not set it (or after Compact).
func (d *Doc) Line(path ...string) int {
	return lineOf(d.node, d.lineOffset, path...)
}

// Sets reports whether this file itself sets the top-level field.
func (d *Doc) Sets(key string) bool { return d.keys[key] }

// Entry is one folder under content/<kind>/: a relic site, a border marker,
// a tour or a free page, in one or more languages.
type Entry struct {
	Kind Kind
	Slug string
	// Dir is the entry's folder, slash path relative to the site source.
	Dir string
	// Docs holds the real files by language code; the default language is
	// always present in a loaded site.
	Docs map[string]*Doc
	// Default is the default-language file.
	Default *Doc
	// Files are the other files in the folder (photos, audio...), relative
	// to Dir, sorted.
	Files []string
}

// ID is the entry's permanent code.
func (e *Entry) ID() string { return e.Default.Front.ID }

// Doc returns the entry's file in lang, or the default-language file and
// false when the entry is not translated into lang.
func (e *Entry) Doc(lang string) (*Doc, bool) {
	if d, ok := e.Docs[lang]; ok {
		return d, true
	}
	return e.Default, false
}

// Langs returns the codes of the languages the entry really has, in the
// site's order.
func (e *Entry) Langs(siteOrder []string) []string {
	var out []string
	for _, l := range siteOrder {
		if _, ok := e.Docs[l]; ok {
			out = append(out, l)
		}
	}
	return out
}

// HasFile reports whether name (relative to the entry folder) exists.
func (e *Entry) HasFile(name string) bool {
	i := sort.SearchStrings(e.Files, name)
	return i < len(e.Files) && e.Files[i] == name
}

// Collection is every loaded entry of a site.
type Collection struct {
	// Entries are sorted by kind (in Kinds order), then slug.
	Entries []*Entry
	// ByID finds an entry by its permanent code.
	ByID map[string]*Entry
	// Drafts holds the IDs of draft entries left out of this build, so that
	// a link to one can say so instead of "unknown ID".
	Drafts map[string]string
	// Broken holds the IDs of files that could not be read (their error is
	// already reported), so that links to them add no follow-up errors.
	Broken map[string]string

	kindsOnce sync.Once
	byKind    map[Kind][]*Entry
}

// Compact drops what only validation needs (each file's YAML node tree,
// kept for line numbers): once a site is checked, rendering needs only the
// decoded fields, and at national scale the trees are a large part of the
// memory a build holds.
func (s *Collection) Compact() {
	for _, e := range s.Entries {
		for _, d := range e.Docs {
			d.node = nil
		}
	}
}

// OfKind returns the entries of one kind, in slug order. The slice is
// shared: callers must not modify it.
func (s *Collection) OfKind(k Kind) []*Entry {
	s.kindsOnce.Do(func() {
		s.byKind = map[Kind][]*Entry{}
		for _, e := range s.Entries {
			s.byKind[e.Kind] = append(s.byKind[e.Kind], e)
		}
	})
	return s.byKind[k]
}
