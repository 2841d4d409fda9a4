package site

import (
	"sort"
	"sync"

	"github.com/diachido/diachido/generator/content"
)

// The lists: each language's home page (every kind of entry) and a list
// page per kind of entry, /<lang>/<kind>/.

// ListView is what the home and section layouts list: on the home page a
// group per kind of entry, on a section page the one group of its kind.
type ListView struct {
	Groups []Group
}

// listedKinds are the kinds with a list page and a group on the home page,
// in the order they show: free pages are in the navigation instead.
var listedKinds = []content.Kind{content.Site, content.Marker, content.Tour, content.Exhibition}

// listJobs are lang's home page and a list page for each kind that has
// entries.
func (m *Model) listJobs(lang string) []job {
	jobs := []job{m.homeJob(lang)}
	for _, k := range listedKinds {
		if len(m.Content.OfKind(k)) > 0 {
			jobs = append(jobs, m.sectionJob(lang, k))
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
		pg.List = &ListView{}
		for _, k := range listedKinds {
			entries := m.Content.OfKind(k)
			if len(entries) == 0 {
				continue
			}
			g, err := m.kindGroup(lang, k)
			if err != nil {
				return nil, err
			}
			pg.List.Groups = append(pg.List.Groups, g)
		}
		return m.theme.Render(pg.Layout, pg)
	}}
}

func (m *Model) sectionJob(lang string, k content.Kind) job {
	return job{name: file(sectionPath(lang, k)), render: func() ([]byte, error) {
		p := sectionPath(lang, k)
		pg := m.page(lang, "section", p)
		pg.Title = pg.T("section_" + string(k))
		m.allLangs(pg, func(l string) string { return sectionPath(l, k) })
		pg.XDefault = m.urls.Abs(sectionPath(m.Langs[0], k))
		g, err := m.kindGroup(lang, k)
		if err != nil {
			return nil, err
		}
		pg.List = &ListView{Groups: []Group{g}}
		if len(g.Subgroups) > 0 && g.Subgroups[0].Offline != nil {
			pg.Offline = m.offlineSetup(lang)
		}
		return m.summed(file(p))(m.theme.Render(pg.Layout, pg))
	}}
}

// groupShare keeps each language's list of a kind for the two pages that
// show it, the home page and the section page, so that it is made once.
type groupShare struct {
	mu    sync.Mutex
	lists map[groupKey]*twice[Group]
}

type groupKey struct {
	lang string
	kind content.Kind
}

// kindGroup is the list of every entry of kind k in lang, by province
// for sites and markers, as the home and section pages show it.
func (m *Model) kindGroup(lang string, k content.Kind) (Group, error) {
	key := groupKey{lang, k}
	m.groups.mu.Lock()
	if m.groups.lists == nil {
		m.groups.lists = map[groupKey]*twice[Group]{}
	}
	s := m.groups.lists[key]
	if s == nil {
		s = new(twice[Group])
		m.groups.lists[key] = s
	}
	m.groups.mu.Unlock()
	return s.get(func() (Group, error) { return m.group(lang, k, m.Content.OfKind(k), k.Located()) })
}

// group lists entries of one kind, by province when byProvince.
func (m *Model) group(lang string, k content.Kind, entries []*content.Entry, byProvince bool) (Group, error) {
	g := Group{Title: m.i18n.T(lang, "section_"+string(k)), Kind: k, URL: m.urls.Rel(sectionPath(lang, k))}
	for _, e := range entries {
		v, err := m.entryView(e, lang, false)
		if err != nil {
			return g, err
		}
		g.Entries = append(g.Entries, v)
	}
	sortEntries(lang, g.Entries)
	// Taken from the sorted list, each province's list is sorted too.
	byProv := map[string][]*EntryView{}
	for _, v := range g.Entries {
		byProv[v.Province] = append(byProv[v.Province], v)
	}
	if _, none := byProv[""]; byProvince && (len(byProv) > 1 || !none) {
		provs := make([]string, 0, len(byProv))
		for p := range byProv {
			provs = append(provs, p)
		}
		packs := m.provincePacks(lang, k)
		c := collator(lang)
		sort.SliceStable(provs, func(i, j int) bool {
			if provs[i] == "" || provs[j] == "" {
				return provs[j] == "" && provs[i] != ""
			}
			return c.CompareString(provs[i], provs[j]) < 0
		})
		for _, p := range provs {
			list := byProv[p]
			title := p
			if title == "" {
				title = m.i18n.T(lang, "province_unknown")
			}
			g.Subgroups = append(g.Subgroups, Group{Title: title, Kind: k, Entries: list, Offline: packs[p]})
		}
	}
	return g, nil
}
