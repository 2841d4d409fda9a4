package site

import (
	"bytes"
	"strconv"
	"strings"
)

// sitemap.xml, for search engines: every real page and its translations.
// The sitemap protocol allows 50,000 URLs a file: a larger site's
// sitemap.xml is an index of sitemap-1.xml, sitemap-2.xml... (robots.txt
// names sitemap.xml either way).

// sitemapMax is the most URLs one sitemap file lists: the protocol's
// limit (a variable, for a test to lower).
var sitemapMax = 50000

// smPage is one language version of a page: its path and last change.
type smPage struct {
	path, lastmod string
}

// sitemapEach calls f with every page of the site, its language versions
// together (each with its language code, in site order); pages that only
// show another language's text are left out.
func (m *Model) sitemapEach(f func(langs []string, pages []smPage)) {
	every := func(pathOf func(string) string) {
		pages := make([]smPage, len(m.Langs))
		for i, l := range m.Langs {
			pages[i] = smPage{path: pathOf(l)}
		}
		f(m.Langs, pages)
	}
	paged := func(pathOf func(string) string, n int) {
		for i := 1; i <= pagesOf(n); i++ {
			every(func(l string) string { return pagedPath(pathOf(l), i) })
		}
	}
	every(homePath)
	for _, k := range listedKinds {
		if n := len(m.Content.OfKind(k)); n > 0 {
			paged(func(l string) string { return sectionPath(l, k) }, n)
		}
	}
	if ls := m.listsOf(m.Langs[0]); len(ls.provinces) > 0 {
		every(provincesPath)
		for _, pl := range ls.provinces {
			paged(func(l string) string { return provincePath(l, pl.slug) }, len(pl.items))
		}
	}
	for _, e := range m.Content.Entries {
		langs := e.Langs(m.Langs)
		pages := make([]smPage, len(langs))
		for i, l := range langs {
			pages[i] = smPage{path: EntryPath(l, e), lastmod: e.Docs[l].Front.Updated}
		}
		f(langs, pages)
	}
}

// sitemapSplit returns, for each sitemap file, the index of the first
// page group it holds (the groups as sitemapEach gives them), no file
// holding more than sitemapMax URLs, a group never cut.
func (m *Model) sitemapSplit() []int {
	starts := []int{0}
	i, n := 0, 0
	m.sitemapEach(func(_ []string, pages []smPage) {
		if n > 0 && n+len(pages) > sitemapMax {
			starts = append(starts, i)
			n = 0
		}
		n += len(pages)
		i++
	})
	return starts
}

// sitemapJobs are sitemap.xml and, on a site of more than sitemapMax
// URLs, the files it is the index of.
func (m *Model) sitemapJobs() []job {
	starts := m.sitemapSplit()
	if len(starts) == 1 {
		return []job{{name: "sitemap.xml", render: func() ([]byte, error) { return m.sitemapFile(0, -1), nil }}}
	}
	jobs := []job{{name: "sitemap.xml", render: func() ([]byte, error) {
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
		b.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		for i := range starts {
			b.WriteString("  <sitemap><loc>" + xmlEscape(m.urls.Abs(sitemapPart(i))) + "</loc></sitemap>\n")
		}
		b.WriteString("</sitemapindex>\n")
		return b.Bytes(), nil
	}}}
	for i, lo := range starts {
		hi := -1
		if i+1 < len(starts) {
			hi = starts[i+1]
		}
		jobs = append(jobs, job{name: sitemapPart(i), render: func() ([]byte, error) { return m.sitemapFile(lo, hi), nil }})
	}
	return jobs
}

// sitemapPart is the name of the i-th (from 0) file of a split sitemap.
func sitemapPart(i int) string { return "sitemap-" + strconv.Itoa(i+1) + ".xml" }

// sitemapFile lists the page groups lo to hi (-1: to the end).
func (m *Model) sitemapFile(lo, hi int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	i := 0
	m.sitemapEach(func(langs []string, pages []smPage) {
		defer func() { i++ }()
		if i < lo || (hi >= 0 && i >= hi) {
			return
		}
		for _, p := range pages {
			b.WriteString("  <url>\n    <loc>" + xmlEscape(m.urls.Abs(p.path)) + "</loc>\n")
			if p.lastmod != "" {
				b.WriteString("    <lastmod>" + p.lastmod + "</lastmod>\n")
			}
			if len(pages) > 1 {
				for j, l := range langs {
					b.WriteString(`    <xhtml:link rel="alternate" hreflang="` + l + `" href="` + xmlEscape(m.urls.Abs(pages[j].path)) + `"/>` + "\n")
				}
				b.WriteString(`    <xhtml:link rel="alternate" hreflang="x-default" href="` + xmlEscape(m.urls.Abs(pages[0].path)) + `"/>` + "\n")
			}
			b.WriteString("  </url>\n")
		}
	})
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

func xmlEscape(s string) string { return xmlEscaper.Replace(s) }
