package site

import (
	"encoding/json"
)

// The search page of each language, /<lang>/search/, and the index its
// script searches, /<lang>/search-index.json (made in search.go).

// searchPath is the path of a language's search page.
func searchPath(lang string) string { return lang + "/search/" }

// searchIndexPath is where a language's search index is published.
func searchIndexPath(lang string) string { return lang + "/search-index.json" }

// SearchView feeds the search page.
type SearchView struct {
	// Index is the URL of the language's index.
	Index string
	// Kinds maps kind codes to their names ("s" → "Di tích").
	Kinds map[string]string
	// Sections links the lists, for visitors without scripts.
	Sections []NavItem
}

// KindsJSON is Kinds for a data attribute.
func (s *SearchView) KindsJSON() string {
	b, _ := json.Marshal(s.Kinds)
	return string(b)
}

func (m *Model) searchIndexJob(lang string) job {
	return job{name: searchIndexPath(lang), render: func() ([]byte, error) {
		b, err := json.Marshal(m.buildSearchIndex(lang))
		return b, err
	}}
}

// searchPageJob renders /<lang>/search/: a plain form that submits to
// itself (?q=), which search.js answers from the index; without scripts the
// page says so and links to the lists.
func (m *Model) searchPageJob(lang string) job {
	return job{name: file(searchPath(lang)), render: func() ([]byte, error) {
		p := searchPath(lang)
		pg := m.page(lang, "search", p)
		pg.Title = pg.T("search_title")
		pg.NoIndex = true // results are made in the browser; nothing to index
		m.allLangs(pg, searchPath)
		pg.XDefault = m.urls.Abs(searchPath(m.Langs[0]))
		sv := &SearchView{Index: m.urls.Rel(searchIndexPath(lang)), Kinds: map[string]string{}}
		for k, code := range kindCodes {
			sv.Kinds[code] = pg.T("kind_" + string(k))
		}
		for _, k := range listedKinds {
			if len(m.Content.OfKind(k)) > 0 {
				sv.Sections = append(sv.Sections, NavItem{Title: pg.T("section_" + string(k)), URL: m.urls.Rel(sectionPath(lang, k))})
			}
		}
		pg.Search = sv
		return m.theme.Render(pg.Layout, pg)
	}}
}
