package site

import (
	"errors"

	"github.com/diachido/diachido/generator/content"
)

// The province pages: /<lang>/provinces/, every province with its counts,
// and /<lang>/provinces/<slug>/, one province's sites and markers by
// district, in pages of at most perPage entries. Every site and marker is
// on one (those that name no province on content.NoProvinceSlug's), so
// that a large site's home page reaches every entry through them. A site
// where no site or marker names a province has none.

// provinceJobs are lang's province list and the pages of each province.
func (m *Model) provinceJobs(lang string) []job {
	ls := m.listsOf(lang)
	if len(ls.provinces) == 0 {
		return nil
	}
	jobs := []job{m.provincesJob(lang)}
	for _, pl := range ls.provinces {
		for n := 1; n <= pagesOf(len(pl.items)); n++ {
			jobs = append(jobs, m.provinceJob(lang, pl.slug, n))
		}
	}
	return jobs
}

func (m *Model) provincesJob(lang string) job {
	return job{name: file(provincesPath(lang)), render: func() ([]byte, error) {
		ls := m.listsOf(lang)
		pg := m.page(lang, "provinces", provincesPath(lang))
		pg.Title = pg.T("provinces_title")
		m.allLangs(pg, provincesPath)
		pg.XDefault = m.urls.Abs(provincesPath(m.Langs[0]))
		pg.List = &ListView{Provinces: ls.provinceLinks(m, lang), ProvincesURL: ls.provincesURL(m, lang)}
		return m.theme.Render(pg.Layout, pg)
	}}
}

// provinceJob is page n of the province page slug in lang.
func (m *Model) provinceJob(lang, slug string, n int) job {
	pathOf := func(l string, i int) string { return pagedPath(provincePath(l, slug), i) }
	return job{name: file(pathOf(lang, n)), render: func() ([]byte, error) {
		ls := m.listsOf(lang)
		pl := ls.bySlug[slug]
		if pl == nil {
			return nil, errNoProvince
		}
		p := pathOf(lang, n)
		pg := m.page(lang, "province", p)
		pg.Title = pageTitle(pg, pl.name, n)
		m.allLangs(pg, func(l string) string { return pathOf(l, n) })
		pg.XDefault = m.urls.Abs(pathOf(m.Langs[0], n))
		pages := pagesOf(len(pl.items))
		lv := &ListView{ProvincesURL: ls.provincesURL(m, lang), Counts: m.kindCounts(lang, pl.counts)}
		pg.List = lv
		if pages > 1 {
			lv.Pager = m.pager(lang, pathOf, n, pages)
		}
		unknown := m.i18n.T(lang, "district_unknown")
		for _, d := range pl.districts {
			title := d.name
			if title == "" {
				title = unknown
			}
			lv.Districts = append(lv.Districts, CountLink{Title: title, URL: m.urls.Rel(pathOf(lang, d.first/perPage+1)) + "#" + d.anchor, Count: d.count})
		}
		lo, hi := (n-1)*perPage, min(n*perPage, len(pl.items))
		items := pl.items[lo:hi]
		di := 0
		for i := 0; i < len(items); {
			j := i + 1
			for j < len(items) && items[j].head == items[i].head {
				j++
			}
			for di+1 < len(pl.districts) && pl.districts[di+1].first <= lo+i {
				di++
			}
			d := pl.districts[di]
			g := Group{Title: lv.Districts[di].Title, Count: d.count, Continued: d.first < lo+i}
			if !g.Continued {
				g.Anchor = d.anchor
			}
			for _, it := range items[i:j] {
				v, err := m.entryView(it.e, lang, false)
				if err != nil {
					return nil, err
				}
				g.Entries = append(g.Entries, v)
			}
			lv.Groups = append(lv.Groups, g)
			i = j
		}
		if n == 1 {
			for _, k := range []content.Kind{content.Site, content.Marker} {
				if pk := ls.packs[k][pl.langName(lang, k)]; pk != nil && pl.counts[k] > 0 {
					b := *pk
					b.Title = m.i18n.T(lang, "section_"+string(k)) + " — " + pl.name
					// Two buttons side by side must say what each saves.
					b.Label = m.i18n.T(lang, "offline_save_"+string(k))
					lv.Packs = append(lv.Packs, &b)
				}
			}
			if len(lv.Packs) > 0 {
				pg.Offline = m.offlineSetup(lang)
			}
			return m.summed(file(p))(m.theme.Render(pg.Layout, pg))
		}
		return m.theme.Render(pg.Layout, pg)
	}}
}

// langName is how lang names the province on its first entry of kind k
// ("" for the page of entries with no province): the key of its pack.
func (pl *provinceList) langName(lang string, k content.Kind) string {
	for _, it := range pl.items {
		if it.e.Kind == k {
			d, _ := it.e.Doc(lang)
			return d.Front.Province
		}
	}
	return ""
}

var errNoProvince = errors.New("no such province page")
