package site

import (
	"strings"
	"unicode"

	"github.com/diachido/diachido/generator/content"
)

// Search is our own small script (static/search.js) over one JSON index
// per language, built here. The index is what a visitor on a weak signal
// downloads before the first result, so it holds only what the result
// cards show and what matching needs, under one-letter keys.
//
// Matching ignores tone marks and đ/d: titles are folded here with
// content.Fold (NFD, nonspacing marks dropped, đ → d, lowercase) and kept
// beside the original when folding changes them; search.js folds the query,
// and the other fields once after download, the same way, so "dia dao nhon
// trach" finds "Địa đạo Nhơn Trạch". Folded copies of the summaries would
// nearly double the download (5,000 entries: 1.2 MB instead of 0.7 MB
// gzipped), and folding them in the browser takes milliseconds.
//
// The summary is cut to its first searchSnippet characters: a result card
// shows two or three lines, and the whole summaries would be the index's
// largest part by far (TestSearchIndexOf5000EntriesIsSmall).

// searchSnippet is how many characters of a summary the index keeps.
const searchSnippet = 120

// searchDoc is one entry of a language's index.
type searchDoc struct {
	ID   string `json:"i"`
	Kind string `json:"k"` // s site, m marker, t tour, e exhibition, p page
	// URL is relative to the language's home (the index's folder):
	// "sites/dia-dao-nhon-trach/".
	URL   string `json:"u"`
	Title string `json:"t"`
	// FoldTitle is content.Fold(Title) when it differs from the lowercased
	// title.
	FoldTitle string `json:"ft,omitempty"`
	// Summary is the summary's beginning, cut at a word (snippet).
	Summary  string `json:"s,omitempty"`
	Address  string `json:"a,omitempty"`
	District string `json:"d,omitempty"`
	Province string `json:"p,omitempty"`
	// Tags are words matched but not shown: the entry's tags, and an
	// exhibition's section headings (so that "Điện Biên Phủ" finds the
	// exhibition with a section of that name).
	Tags []string `json:"g,omitempty"`
}

// searchIndex is the file /<lang>/search-index.json.
type searchIndex struct {
	Version int         `json:"v"`
	Entries []searchDoc `json:"e"`
}

var kindCodes = map[content.Kind]string{content.Site: "s", content.Marker: "m", content.Tour: "t", content.Exhibition: "e", content.Page: "p"}

// foldIfNeeded returns content.Fold(s), or "" when folding changes nothing
// but case (search.js lowercases it itself).
func foldIfNeeded(s string) string {
	if f := content.Fold(s); f != strings.ToLower(s) {
		return f
	}
	return ""
}

// snippet returns s, or its first n characters cut after a whole word and
// followed by "…".
func snippet(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n
	for cut > n/2 && !unicode.IsSpace(r[cut]) {
		cut--
	}
	if cut == n/2 { // one long word: cut inside it
		cut = n
	}
	return strings.TrimRightFunc(string(r[:cut]), func(c rune) bool { return unicode.IsSpace(c) || unicode.IsPunct(c) }) + "…"
}

// buildSearchIndex returns lang's index: every entry, sites first, then
// markers, tours, exhibitions and pages, each kind in ID order (search.js keeps this
// order between equally good matches).
func (m *Model) buildSearchIndex(lang string) searchIndex {
	idx := searchIndex{Version: 1, Entries: []searchDoc{}}
	for _, k := range content.Kinds {
		entries := append([]*content.Entry(nil), m.Content.OfKind(k)...)
		sortByID(entries)
		for _, e := range entries {
			d, _ := e.Doc(lang)
			f := d.Front
			doc := searchDoc{
				ID:      f.ID,
				Kind:    kindCodes[e.Kind],
				URL:     strings.TrimPrefix(EntryPath(lang, e), homePath(lang)),
				Title:   f.Title,
				Summary: snippet(f.Summary, searchSnippet),
				Tags:    f.Tags,
			}
			if e.Kind.Located() {
				doc.Address, doc.District, doc.Province = f.Address, f.District, f.Province
			}
			if e.Kind == content.Exhibition {
				if st, err := m.md.Story(d.Body, nil); err == nil {
					doc.Tags = append([]string(nil), f.Tags...)
					for _, sec := range st.Sections {
						doc.Tags = append(doc.Tags, strings.TrimSpace(sec.Date+" "+sec.Title))
					}
				}
			}
			doc.FoldTitle = foldIfNeeded(doc.Title)
			idx.Entries = append(idx.Entries, doc)
		}
	}
	return idx
}

// SearchURL is the link to the search page in the page's language.
func (p *Page) SearchURL() string { return p.m.urls.Rel(searchPath(p.Lang.Code)) }
