package site

import (
	"encoding/json"
	"strconv"
	"sync"
)

// The search page of each language, /<lang>/search/, and the files its
// script reads, under /<lang>/search/ too: meta.json, the word shards
// w/<i>.json and the fragments d/<n>.json (made in search.go, which says
// what is in them).

// searchPath is the path of a language's search page.
func searchPath(lang string) string { return lang + "/search/" }

// searchMetaPath is where a language's search meta file is published.
func searchMetaPath(lang string) string { return searchPath(lang) + "meta.json" }

// searchShardPath is shard i of a language's search files.
func searchShardPath(lang string, i int) string {
	return searchPath(lang) + "w/" + strconv.Itoa(i) + ".json"
}

// searchChunkPath is fragment file n of a language's search files.
func searchChunkPath(lang string, n int) string {
	return searchPath(lang) + "d/" + strconv.Itoa(n) + ".json"
}

// SearchView feeds the search page.
type SearchView struct {
	// Index is the URL of the language's search meta file (meta.json).
	Index string
	// Kinds maps kind codes to their names ("s" → "Di tích").
	Kinds map[string]string
	// Sections links the lists, for visitors without scripts.
	Sections []NavItem
	// Provinces links the list of provinces, when some site or marker
	// has one; nil otherwise.
	Provinces *NavItem
}

// KindsJSON is Kinds for a data attribute.
func (s *SearchView) KindsJSON() string {
	b, _ := json.Marshal(s.Kinds)
	return string(b)
}

// searchFileJobs lists every language's search files, language by
// language; the languages' indexes are built at the same time, one core
// each, since listing jobs runs on one core.
func (m *Model) searchFileJobs() []job {
	per := make([][]job, len(m.Langs))
	var wg sync.WaitGroup
	for i, lang := range m.Langs {
		wg.Go(func() { per[i] = m.searchJobs(lang) })
	}
	wg.Wait()
	var jobs []job
	for _, js := range per {
		jobs = append(jobs, js...)
	}
	return jobs
}

// searchJobs lists a language's search files. Their names depend on the
// words of the whole site, so the index is built here, when the jobs are
// listed; the jobs only write its parts. The fragments are made from the
// model as they are written.
func (m *Model) searchJobs(lang string) []job {
	entries := m.searchEntries()
	ix := buildSearchIndex(m.docsOf(lang, entries))
	meta := ix.meta // the jobs keep only what they write, not the postings
	jobs := []job{{name: searchMetaPath(lang), render: func() ([]byte, error) { return json.Marshal(meta) }}}
	for i, b := range ix.shards {
		jobs = append(jobs, job{name: searchShardPath(lang, i), render: func() ([]byte, error) { return b, nil }})
	}
	for n := 0; n*searchChunk < len(entries); n++ {
		part := entries[n*searchChunk : min(len(entries), (n+1)*searchChunk)]
		jobs = append(jobs, job{name: searchChunkPath(lang, n), render: func() ([]byte, error) {
			return searchChunkJSON(m.docsOf(lang, part))
		}})
	}
	return jobs
}

// searchPageJob renders /<lang>/search/: a plain form that submits to
// itself (?q=), which search.js answers from the search files; without
// scripts the page says so and links to the lists and the provinces.
func (m *Model) searchPageJob(lang string) job {
	return job{name: file(searchPath(lang)), render: func() ([]byte, error) {
		p := searchPath(lang)
		pg := m.page(lang, "search", p)
		pg.Title = pg.T("search_title")
		pg.NoIndex = true // results are made in the browser; nothing to index
		m.allLangs(pg, searchPath)
		pg.XDefault = m.urls.Abs(searchPath(m.Langs[0]))
		sv := &SearchView{Index: m.urls.Rel(searchMetaPath(lang)), Kinds: map[string]string{}}
		for k, code := range kindCodes {
			sv.Kinds[code] = pg.T("kind_" + string(k))
		}
		for _, k := range listedKinds {
			if len(m.Content.OfKind(k)) > 0 {
				sv.Sections = append(sv.Sections, NavItem{Title: pg.T("section_" + string(k)), URL: m.urls.Rel(sectionPath(lang, k))})
			}
		}
		if u := pg.ProvincesURL(); u != "" {
			sv.Provinces = &NavItem{Title: pg.T("search_provinces"), URL: u}
		}
		pg.Search = sv
		return m.theme.Render(pg.Layout, pg)
	}}
}
