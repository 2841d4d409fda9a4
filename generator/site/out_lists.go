package site

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/diachido/diachido/generator/content"
	"golang.org/x/text/collate"
)

// The lists: each language's home page and a list page per kind of entry,
// /<lang>/<kind>/, in pages of at most perPage entries
// (/<lang>/<kind>/page/2/...); and the province pages (out_provinces.go).
//
// A language's order of every list is computed once (listsOf, a memo):
// each page then makes views of its own entries only, so that a page of a
// 100,000-entry site costs what a page of a small one does.

// perPage is the most entries one list page shows: a section list or a
// province page of more goes on at page/2/ and so on.
const perPage = 200

// LargeSite is the number of listed entries (sites, markers, tours and
// exhibitions together) above which a site is large: its home page lists
// the provinces and the kinds with their counts, leading to the province
// pages and the section lists, instead of every entry. A site of at most
// LargeSite entries keeps one list of everything on its home page.
const LargeSite = 200

// ListView is what the list layouts show: on the home page a group per
// kind of entry, on a section page the one group of its kind, on a
// province page its districts.
type ListView struct {
	Groups []Group
	// Large is true on the home page of a large site: its Groups carry
	// their Count and URL, and entries only for a kind of few (tours).
	Large bool
	// Provinces are the province pages with their counts: on the
	// provinces page, the home page of a large site and the first page of
	// a long list of sites or markers.
	Provinces []CountLink
	// ProvincesURL is the page of every province, or "" when no site or
	// marker names one.
	ProvincesURL string
	// Districts is a province page's index: each district, its count and
	// the page its list starts on.
	Districts []CountLink
	// Counts is a province's counts in words (province pages).
	Counts string
	// Packs are the "save for offline" buttons of a province page's first
	// page, one per kind.
	Packs []*OfflinePack
	// Pager is set when the list has more than one page.
	Pager *PagerView
}

// listedKinds are the kinds with a list page and a group on the home page,
// in the order they show: free pages are in the navigation instead.
var listedKinds = []content.Kind{content.Site, content.Marker, content.Tour, content.Exhibition}

// listed is how many entries the lists show.
func (m *Model) listed() int {
	n := 0
	for _, k := range listedKinds {
		n += len(m.Content.OfKind(k))
	}
	return n
}

// large says whether the site is over LargeSite.
func (m *Model) large() bool { return m.listed() > LargeSite }

// pagesOf is the number of pages a list of n entries takes.
func pagesOf(n int) int {
	if n <= perPage {
		return 1
	}
	return (n + perPage - 1) / perPage
}

// listJobs are lang's home page and the pages of the list of each kind
// that has entries.
func (m *Model) listJobs(lang string) []job {
	jobs := []job{m.homeJob(lang)}
	for _, k := range listedKinds {
		if n := len(m.Content.OfKind(k)); n > 0 {
			for p := 1; p <= pagesOf(n); p++ {
				jobs = append(jobs, m.sectionJob(lang, k, p))
			}
		}
	}
	return jobs
}

func (m *Model) homeJob(lang string) job {
	return job{name: file(homePath(lang)), render: func() ([]byte, error) {
		p := homePath(lang)
		pg := m.page(lang, "home", p)
		pg.Title = pg.Site.Title
		m.allLangs(pg, homePath)
		pg.XDefault = m.urls.Abs("")
		pg.Map = m.homeMap(lang)
		ls := m.listsOf(lang)
		pg.List = &ListView{Large: m.large(), ProvincesURL: ls.provincesURL(m, lang)}
		if pg.List.Large {
			pg.List.Provinces = ls.provinceLinks(m, lang)
		}
		for _, k := range listedKinds {
			kl := ls.kinds[k]
			if kl == nil {
				continue
			}
			if pg.List.Large {
				g := Group{Title: m.i18n.T(lang, "section_"+string(k)), Kind: k, URL: m.urls.Rel(sectionPath(lang, k)), Count: len(kl.items)}
				if !k.Located() && len(kl.items) <= perPage {
					var err error
					if g, err = m.listGroup(lang, k, kl, 0, len(kl.items), false); err != nil {
						return nil, err
					}
				}
				pg.List.Groups = append(pg.List.Groups, g)
				continue
			}
			g, err := m.listGroup(lang, k, kl, 0, len(kl.items), false)
			if err != nil {
				return nil, err
			}
			pg.List.Groups = append(pg.List.Groups, g)
		}
		return m.theme.Render(pg.Layout, pg)
	}}
}

// sectionJob is page n of the list of kind k in lang.
func (m *Model) sectionJob(lang string, k content.Kind, n int) job {
	return job{name: file(pagedPath(sectionPath(lang, k), n)), render: func() ([]byte, error) {
		ls := m.listsOf(lang)
		kl := ls.kinds[k]
		total := 0
		if kl != nil {
			total = len(kl.items)
		}
		pages := pagesOf(total)
		pathOf := func(l string) string { return pagedPath(sectionPath(l, k), n) }
		p := pathOf(lang)
		pg := m.page(lang, "section", p)
		pg.Title = pageTitle(pg, pg.T("section_"+string(k)), n)
		m.allLangs(pg, pathOf)
		pg.XDefault = m.urls.Abs(pathOf(m.Langs[0]))
		lo, hi := (n-1)*perPage, min(n*perPage, total)
		g, err := m.listGroup(lang, k, kl, lo, hi, pages == 1)
		if err != nil {
			return nil, err
		}
		pg.List = &ListView{Groups: []Group{g}, ProvincesURL: ls.provincesURL(m, lang)}
		if pages > 1 {
			pg.List.Pager = m.pager(lang, func(l string, i int) string { return pagedPath(sectionPath(l, k), i) }, n, pages)
			if n == 1 && k.Located() {
				pg.List.Provinces = ls.provinceLinks(m, lang)
			}
		}
		if len(g.Subgroups) > 0 && g.Subgroups[0].Offline != nil {
			pg.Offline = m.offlineSetup(lang)
		}
		if n == 1 {
			return m.summed(file(p))(m.theme.Render(pg.Layout, pg))
		}
		return m.theme.Render(pg.Layout, pg)
	}}
}

// pageTitle is a list's title on its page n: "Di tích — trang 2".
func pageTitle(pg *Page, title string, n int) string {
	if n <= 1 {
		return title
	}
	return title + " — " + fmt.Sprintf(pg.T("page_n"), n)
}

// listGroup is the group of kind k's entries lo to hi of kl in the order
// the list shows them, cut by province for sites and markers (a province
// that began on the page before says so); with buttons, each province
// has its "save for offline" button (a list of one page).
func (m *Model) listGroup(lang string, k content.Kind, kl *kindList, lo, hi int, buttons bool) (Group, error) {
	g := Group{Title: m.i18n.T(lang, "section_"+string(k)), Kind: k, URL: m.urls.Rel(sectionPath(lang, k))}
	if kl == nil {
		return g, nil
	}
	g.Count = len(kl.items)
	items := kl.items[lo:hi]
	for _, it := range items {
		v, err := m.entryView(it.e, lang, false)
		if err != nil {
			return g, err
		}
		g.Entries = append(g.Entries, v)
	}
	if !kl.grouped {
		return g, nil
	}
	ls := m.listsOf(lang)
	for i := 0; i < len(items); {
		j := i + 1
		for j < len(items) && items[j].head == items[i].head {
			j++
		}
		prov := items[i].head
		sub := Group{Title: prov, Kind: k, Entries: g.Entries[i:j], Count: kl.heads[prov]}
		if prov == "" {
			sub.Title = m.i18n.T(lang, "province_unknown")
		}
		if pl := ls.bySlug[content.ProvinceSlug(items[i].e.Default.Front.Province)]; pl != nil {
			sub.Page = m.urls.Rel(provincePath(lang, pl.slug))
		}
		if buttons {
			sub.Offline = ls.packs[k][prov]
		}
		sub.Continued = i == 0 && lo > 0 && kl.items[lo-1].head == prov
		g.Subgroups = append(g.Subgroups, sub)
		i = j
	}
	return g, nil
}

// pager is the pager of page n of pages, the list's page i in language l
// being at pathOf(l, i).
func (m *Model) pager(lang string, pathOf func(l string, i int) string, n, pages int) *PagerView {
	pv := &PagerView{Page: n, Pages: pages}
	if n > 1 {
		pv.Prev, pv.PrevAbs = m.urls.Rel(pathOf(lang, n-1)), m.urls.Abs(pathOf(lang, n-1))
	}
	if n < pages {
		pv.Next, pv.NextAbs = m.urls.Rel(pathOf(lang, n+1)), m.urls.Abs(pathOf(lang, n+1))
	}
	for _, i := range pagerWindow(n, pages) {
		if i == 0 {
			pv.Links = append(pv.Links, PagerLink{Gap: true})
			continue
		}
		pv.Links = append(pv.Links, PagerLink{N: i, URL: m.urls.Rel(pathOf(lang, i)), Current: i == n})
	}
	return pv
}

// pagerWindow is the page numbers a pager shows for page n of pages: the
// first, the last, and two either side of n, a 0 for each gap between
// ("1 0 4 5 6 7 8 0 40"). A gap of one number shows the number instead.
func pagerWindow(n, pages int) []int {
	var out []int
	last := 0
	for i := 1; i <= pages; i++ {
		if i != 1 && i != pages && (i < n-2 || i > n+2) {
			continue
		}
		if i == last+2 {
			out = append(out, last+1)
		} else if i > last+2 {
			out = append(out, 0)
		}
		out = append(out, i)
		last = i
	}
	return out
}

// groupShare holds each language's lists (a memo: made by the first page
// that needs them, from the model alone, and kept for the build).
type groupShare struct {
	mu    sync.Mutex
	langs map[string]*listsOnce
	// placards is the placards' list, in ID order (out_placards.go).
	placards struct {
		once    sync.Once
		entries []*content.Entry
		asOf    time.Time
		hasLife map[string]bool // by language: some row has a placard: field
	}
}

// placardList is the placards' list for every page of it: its entries in
// ID order, the day NeedsCheck is judged by, and whether a row in lang
// has a placard: field, computed once.
func (m *Model) placardList(lang string) ([]*content.Entry, time.Time, bool) {
	p := &m.groups.placards
	p.once.Do(func() {
		p.entries, p.asOf, p.hasLife = m.PlacardEntries(), m.placardsAsOf(), map[string]bool{}
		for _, l := range m.Langs {
			for _, e := range p.entries {
				if d, _ := e.Doc(l); d.Front.Placard != nil {
					p.hasLife[l] = true
					break
				}
			}
		}
	})
	return p.entries, p.asOf, p.hasLife[lang]
}

type listsOnce struct {
	once sync.Once
	v    *langLists
}

// langLists is the order of every list of one language.
type langLists struct {
	kinds map[content.Kind]*kindList
	// provinces are the province pages, sorted as the language collates
	// their names, the page of entries with no province last.
	provinces []*provinceList
	bySlug    map[string]*provinceList
	// packs are provincePacks by kind.
	packs map[content.Kind]map[string]*OfflinePack
	// slugOf is the province page of a province as the language names it.
	slugOf map[string]string
}

// packListJob is the page that holds the "save for offline" button of
// kind k's entries in province prov (as lang names it): the section page
// of a list of one page, else the first page of the province's page.
func (m *Model) packListJob(lang string, k content.Kind, prov string) job {
	ls := m.listsOf(lang)
	if kl := ls.kinds[k]; kl == nil || pagesOf(len(kl.items)) == 1 {
		return m.sectionJob(lang, k, 1)
	}
	slug, ok := ls.slugOf[prov]
	if !ok {
		slug = content.ProvinceSlug(prov)
	}
	return m.provinceJob(lang, slug, 1)
}

// kindList is the list of one kind, in the order it shows.
type kindList struct {
	items []listItem
	// grouped: cut by province (sites and markers, when one names one).
	grouped bool
	// heads counts the entries under each heading.
	heads map[string]int
}

// listItem is an entry and the heading it shows under: its province in
// a section list, its district on a province page.
type listItem struct {
	e    *content.Entry
	head string
}

// provinceList is one province page's list.
type provinceList struct {
	slug string
	// name is the province's name in the language: the first entry's (by
	// folder) that names it.
	name   string
	items  []listItem // by district, then title
	counts map[content.Kind]int
	heads  map[string]int
	// districts in order, each with the index of its first entry.
	districts []districtHead
}

type districtHead struct {
	name, anchor string
	first, count int
}

// listsOf returns lang's lists, making them on first use.
func (m *Model) listsOf(lang string) *langLists {
	m.groups.mu.Lock()
	if m.groups.langs == nil {
		m.groups.langs = map[string]*listsOnce{}
	}
	o := m.groups.langs[lang]
	if o == nil {
		o = new(listsOnce)
		m.groups.langs[lang] = o
	}
	m.groups.mu.Unlock()
	o.once.Do(func() { o.v = m.makeLists(lang) })
	return o.v
}

// sortKey orders one entry in a list: its heading (an empty one last),
// then its title as the language collates, then its ID. Each key is
// computed once: comparing collation keys orders as the collator does.
type sortKey struct {
	none      bool
	head      []byte
	headText  string
	title, id string
	titleKey  []byte
}

func lessKey(a, b *sortKey) bool {
	if a.none != b.none {
		return b.none
	}
	if r := bytes.Compare(a.head, b.head); r != 0 {
		return r < 0
	}
	if a.headText != b.headText {
		return a.headText < b.headText
	}
	if r := bytes.Compare(a.titleKey, b.titleKey); r != 0 {
		return r < 0
	}
	return a.id < b.id
}

func (m *Model) makeLists(lang string) *langLists {
	c := collator(lang)
	var buf collate.Buffer
	titleKeys := map[*content.Entry][]byte{}
	key := func(s string) []byte { return append([]byte(nil), c.KeyFromString(&buf, s)...) }
	headKeys := map[string][]byte{}
	headKey := func(s string) []byte {
		k, ok := headKeys[s]
		if !ok {
			k = key(s)
			headKeys[s] = k
		}
		return k
	}
	sorted := func(items []listItem) {
		ks := make([]sortKey, len(items))
		for i, it := range items {
			d, _ := it.e.Doc(lang)
			tk, ok := titleKeys[it.e]
			if !ok {
				tk = key(d.Front.Title)
				titleKeys[it.e] = tk
				buf.Reset()
			}
			ks[i] = sortKey{none: it.head == "", head: headKey(it.head), headText: it.head, titleKey: tk, id: d.Front.ID}
		}
		idx := make([]int, len(items))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(i, j int) bool { return lessKey(&ks[idx[i]], &ks[idx[j]]) })
		out := make([]listItem, len(items))
		for i, x := range idx {
			out[i] = items[x]
		}
		copy(items, out)
	}
	ls := &langLists{kinds: map[content.Kind]*kindList{}, bySlug: map[string]*provinceList{}, packs: map[content.Kind]map[string]*OfflinePack{}, slugOf: map[string]string{}}
	for _, k := range listedKinds {
		entries := m.Content.OfKind(k)
		if len(entries) == 0 {
			continue
		}
		kl := &kindList{heads: map[string]int{}}
		named := false
		for _, e := range entries {
			head := ""
			if k.Located() {
				d, _ := e.Doc(lang)
				head = d.Front.Province
				named = named || head != ""
			}
			kl.items = append(kl.items, listItem{e: e, head: head})
			kl.heads[head]++
		}
		kl.grouped = named
		sorted(kl.items)
		ls.kinds[k] = kl
		if k.Located() {
			ls.packs[k] = m.provincePacks(lang, k)
		}
	}
	// Every site and marker has a province page (those that name none,
	// NoProvinceSlug's) as soon as one names a province.
	if (ls.kinds[content.Site] == nil || !ls.kinds[content.Site].grouped) && (ls.kinds[content.Marker] == nil || !ls.kinds[content.Marker].grouped) {
		return ls
	}
	for _, k := range []content.Kind{content.Site, content.Marker} {
		for _, e := range m.Content.OfKind(k) {
			slug := content.ProvinceSlug(e.Default.Front.Province)
			pl := ls.bySlug[slug]
			if pl == nil {
				pl = &provinceList{slug: slug, counts: map[content.Kind]int{}, heads: map[string]int{}}
				if slug == content.NoProvinceSlug {
					pl.name = m.i18n.T(lang, "province_unknown")
				} else {
					d, _ := e.Doc(lang)
					pl.name = d.Front.Province
				}
				ls.bySlug[slug] = pl
				ls.provinces = append(ls.provinces, pl)
			}
			d, _ := e.Doc(lang)
			if _, ok := ls.slugOf[d.Front.Province]; !ok {
				ls.slugOf[d.Front.Province] = slug
			}
			pl.items = append(pl.items, listItem{e: e, head: d.Front.District})
			pl.heads[d.Front.District]++
			pl.counts[k]++
		}
	}
	ks := make(map[*provinceList][]byte, len(ls.provinces))
	for _, pl := range ls.provinces {
		ks[pl] = key(pl.name)
		sorted(pl.items)
		used := map[string]bool{}
		for i, it := range pl.items {
			if i > 0 && pl.items[i-1].head == it.head {
				continue
			}
			a := "d-" + content.Slugify(it.head)
			if it.head == "" || a == "d-" {
				a = "d-" + content.NoProvinceSlug
			}
			base := a
			for n := 2; used[a]; n++ {
				a = fmt.Sprintf("%s-%d", base, n)
			}
			used[a] = true
			pl.districts = append(pl.districts, districtHead{name: it.head, anchor: a, first: i, count: pl.heads[it.head]})
		}
	}
	sort.SliceStable(ls.provinces, func(i, j int) bool {
		a, b := ls.provinces[i], ls.provinces[j]
		if (a.slug == content.NoProvinceSlug) != (b.slug == content.NoProvinceSlug) {
			return b.slug == content.NoProvinceSlug
		}
		if r := bytes.Compare(ks[a], ks[b]); r != 0 {
			return r < 0
		}
		return a.slug < b.slug
	})
	return ls
}

// ProvincesURL is the page listing every province in the page's
// language, or "" when no site or marker names a province: for any
// layout (the search page without scripts, a site's own navigation).
func (p *Page) ProvincesURL() string { return p.m.listsOf(p.Lang.Code).provincesURL(p.m, p.Lang.Code) }

// provincesURL is the page of every province, or "" when there is none.
func (ls *langLists) provincesURL(m *Model, lang string) string {
	if len(ls.provinces) == 0 {
		return ""
	}
	return m.urls.Rel(provincesPath(lang))
}

// provinceLinks are the province pages with their counts.
func (ls *langLists) provinceLinks(m *Model, lang string) []CountLink {
	out := make([]CountLink, 0, len(ls.provinces))
	for _, pl := range ls.provinces {
		out = append(out, CountLink{Title: pl.name, URL: m.urls.Rel(provincePath(lang, pl.slug)), Count: len(pl.items), Counts: m.kindCounts(lang, pl.counts)})
	}
	return out
}

// kindCounts says counts per kind in words: "312 di tích, 4 cột mốc".
func (m *Model) kindCounts(lang string, counts map[content.Kind]int) string {
	var parts []string
	for _, k := range listedKinds {
		n := counts[k]
		if n == 0 {
			continue
		}
		parts = append(parts, m.plural(lang, "count_"+string(k), n))
	}
	return strings.Join(parts, ", ")
}
