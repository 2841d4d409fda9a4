package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/generator/render"
	"golang.org/x/sync/errgroup"
)

// Stats counts what a render produced, for the build's summary line.
type Stats struct {
	Pages     int
	Files     int
	Entries   int
	Languages int
	Placards  int
	// UpToDate: nothing changed since the last build, which was kept.
	UpToDate bool
	// NewIDs were published for the first time and added to ids.lock.
	NewIDs []string
}

// job renders one output file. Its name is known before it runs, so that
// serve can render a single page on demand.
type job struct {
	name   string
	render func() ([]byte, error)
	// recycle says that render returns a page straight from Theme.Render,
	// held by nothing else, which run gives back once it is written.
	recycle bool
}

// Render renders every page and file of the site into w, using every core.
// The output depends only on the model, never on timing or map order.
func (m *Model) Render(w output.Writer) (Stats, error) {
	st := Stats{Entries: len(m.Content.Entries), Languages: len(m.Langs)}
	jobs, pages, placards, err := m.jobs()
	if err != nil {
		return st, err
	}
	st.Placards = placards
	m.Progress.addPlacards(placards)
	if err := m.run(jobs, w); err != nil {
		return st, err
	}
	n, err := m.copyFiles(w)
	if err != nil {
		return st, err
	}
	st.Pages = pages
	st.Files = len(jobs) + n
	return st, nil
}

// jobs lists every file Render writes, unrendered, in a fixed order: the
// pages first (pages of them), then the placards (placards of them), then
// the site-wide files.
func (m *Model) jobs() (jobs []job, pages, placards int, err error) {
	if err := m.loadCSS(); err != nil {
		return nil, 0, 0, err
	}
	jobs = append(jobs, m.rootJob())
	near := m.nearbyIndex(nearbyCount)
	for _, lang := range m.Langs {
		jobs = append(jobs, m.homeJob(lang))
		for _, k := range []content.Kind{content.Site, content.Marker, content.Tour} {
			if len(m.Content.OfKind(k)) > 0 {
				jobs = append(jobs, m.sectionJob(lang, k))
			}
		}
		for _, e := range m.Content.Entries {
			jobs = append(jobs, m.entryJob(lang, e, near[e]))
		}
	}
	jobs = append(jobs, m.retiredJobs()...)
	for _, e := range m.Content.Entries {
		jobs = append(jobs, m.shortJob(e))
		for _, a := range m.aliases(e) {
			jobs = append(jobs, m.aliasJob(e, a))
		}
	}
	if len(m.PlacardEntries()) > 0 {
		for _, lang := range m.Langs {
			jobs = append(jobs, m.placardsPageJob(lang))
		}
	}
	for _, lang := range m.Langs {
		jobs = append(jobs, m.searchPageJob(lang))
		if m.hasMap() {
			jobs = append(jobs, m.mapPageJob(lang))
		}
	}
	jobs = append(jobs, m.notFoundJob())
	pages = len(jobs)
	if !m.noPlacards {
		pl := m.placardJobs(nil)
		placards = len(pl)
		jobs = append(jobs, pl...)
	}
	jobs = append(jobs, m.sitemapJob(), m.robotsJob(), m.geojsonJob(), m.redirectsJob(), m.cssJob())
	for _, lang := range m.Langs {
		jobs = append(jobs, m.searchIndexJob(lang))
	}
	return jobs, pages, placards, nil
}

// A Plan is every file of the site by output name, each rendered only when
// asked for: serve renders the page a browser requests instead of the whole
// site, so that an edit shows at once however large the site is.
type Plan struct {
	m     *Model
	names []string
	jobs  map[string]job
}

// Plan lists the site's generated files without rendering them. Files
// copied as they are (photos, media, the theme's static files) are not in
// it: CopyFiles writes those.
func (m *Model) Plan() (*Plan, error) {
	jobs, _, _, err := m.jobs()
	if err != nil {
		return nil, err
	}
	p := &Plan{m: m, jobs: make(map[string]job, len(jobs))}
	for _, j := range jobs {
		p.names = append(p.names, j.name)
		p.jobs[j.name] = j
	}
	return p, nil
}

// Names lists the generated files in the order Render writes them.
func (p *Plan) Names() []string { return p.names }

// Render renders one generated file; ok is false when the site has no file
// of that name.
func (p *Plan) Render(name string) (data []byte, ok bool, err error) {
	j, ok := p.jobs[name]
	if !ok {
		return nil, false, nil
	}
	data, err = j.render()
	return data, true, err
}

// CopyFiles writes the files published as they are, or as resized variants
// (photos): everything Render writes that is not in the plan.
func (p *Plan) CopyFiles(w output.Writer) (int, error) { return p.m.copyFiles(w) }

// run executes jobs on every core and writes their results; it reports
// every failure, sorted, not just the first. There are more workers than
// cores: a worker waiting for the disk to take its page leaves its core
// to another that renders.
func (m *Model) run(jobs []job, w output.Writer) error {
	g := new(errgroup.Group)
	g.SetLimit(4 * runtime.GOMAXPROCS(0))
	var mu sync.Mutex
	var errs []string
	m.Progress.add(make([]string, len(jobs)))
	for _, j := range jobs {
		g.Go(func() error {
			name := j.name
			data, err := j.render()
			if err == nil {
				err = w.WriteFile(name, data)
				if j.recycle {
					render.Recycle(data)
				}
			}
			m.Progress.finished(name)
			if err != nil {
				mu.Lock()
				errs = append(errs, fmt.Sprintf("%s: %v", name, err))
				mu.Unlock()
			}
			return nil
		})
	}
	_ = g.Wait()
	if len(errs) > 0 {
		sort.Strings(errs)
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return nil
}

// copyFiles publishes entry folder files, the logo and the theme's static/.
// Photos are published as resized variants (media.go), never as originals.
func (m *Model) copyFiles(w output.Writer) (int, error) {
	n, err := m.publishPhotos(w)
	if err != nil {
		return n, err
	}
	cp := func(fsys fs.FS, src, dst string) error {
		// Never follow a link out of the source, even when a model with
		// errors is rendered anyway (the checks refuse links first).
		if info, err := fs.Lstat(fsys, src); err == nil && info.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s is a symbolic link", src)
		}
		f, err := fsys.Open(src)
		if err != nil {
			return err
		}
		defer f.Close()
		n++
		return w.Copy(dst, f)
	}
	for _, e := range m.Content.Entries {
		for _, name := range e.Files {
			if m.media.photo(e, name) != nil {
				continue
			}
			if err := cp(m.Source, e.Dir+"/"+name, Media(e, name)); err != nil {
				return n, err
			}
		}
	}
	if m.Config.Logo != "" {
		if err := cp(m.Source, m.Config.Logo, m.Config.Logo); err != nil {
			return n, err
		}
	}
	static, err := fs.Sub(m.Theme.FS(), "static")
	if err == nil {
		err = fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			return cp(static, p, p)
		})
	}
	return n, err
}

func (m *Model) page(lang, layout, p string) *Page {
	l, _ := m.Config.Language(lang)
	pg := &Page{
		m:         m,
		Lang:      l,
		Layout:    layout,
		L:         m.I18n.Strings(lang),
		URL:       m.URLs.Rel(p),
		Permalink: m.URLs.Abs(p),
		OGType:    "website",
		Site: &SiteView{
			Title:          l.Title,
			Organization:   m.Config.Organization,
			HomeURL:        m.URLs.Rel(Home(lang)),
			Languages:      m.Config.Languages,
			CSS:            m.css,
			CSSURL:         m.URLs.Rel(m.cssPath),
			Generator:      "diachido",
			MapAttribution: m.Config.Map.Attribution,
		},
	}
	pg.Canonical = pg.Permalink
	pg.Description = m.Config.Description[lang]
	for _, k := range []content.Kind{content.Site, content.Marker, content.Tour} {
		if len(m.Content.OfKind(k)) > 0 {
			pg.Nav = append(pg.Nav, NavItem{Title: pg.T("section_" + string(k)), URL: m.URLs.Rel(Section(lang, k))})
		}
	}
	pages := append([]*content.Entry(nil), m.Content.OfKind(content.Page)...)
	sort.SliceStable(pages, func(i, j int) bool { return pages[i].Default.Front.Weight < pages[j].Default.Front.Weight })
	for _, e := range pages {
		d, _ := e.Doc(lang)
		pg.Nav = append(pg.Nav, NavItem{Title: d.Front.Title, URL: m.URLs.Rel(EntryPath(lang, e))})
	}
	for i := range pg.Nav {
		pg.Nav[i].Current = pg.Nav[i].URL == pg.URL
		if pg.Nav[i].Current {
			pg.NavCurrent = pg.URL
		}
	}
	if pg.URL == pg.SearchURL() || pg.URL == pg.MapURL() {
		pg.NavCurrent = pg.URL
	}
	return pg
}

// allLangs gives a page that exists in every language its alternates.
func (m *Model) allLangs(pg *Page, pathOf func(lang string) string) {
	for _, l := range m.Config.Languages {
		p := pathOf(l.Code)
		pg.Translations = append(pg.Translations, Alt{Code: l.Code, Name: l.Name, URL: m.URLs.Rel(p), Permalink: m.URLs.Abs(p), Current: l.Code == pg.Lang.Code})
	}
}

func (m *Model) rootJob() job {
	return job{name: file(""), render: func() ([]byte, error) {
		def := m.Langs[0]
		pg := m.page(def, "root", "")
		pg.Title = pg.Site.Title
		m.allLangs(pg, Home)
		pg.XDefault = m.URLs.Abs("")
		return m.Theme.Render(pg.Layout, pg)
	}}
}

func (m *Model) homeJob(lang string) job {
	return job{name: file(Home(lang)), render: func() ([]byte, error) {
		p := Home(lang)
		pg := m.page(lang, "home", p)
		pg.Title = pg.Site.Title
		m.allLangs(pg, Home)
		pg.XDefault = m.URLs.Abs("")
		pg.Map = m.homeMap(lang)
		for _, k := range []content.Kind{content.Site, content.Marker, content.Tour} {
			entries := m.Content.OfKind(k)
			if len(entries) == 0 {
				continue
			}
			g, err := m.kindGroup(lang, k)
			if err != nil {
				return nil, err
			}
			pg.Groups = append(pg.Groups, g)
		}
		return m.Theme.Render(pg.Layout, pg)
	}}
}

func (m *Model) sectionJob(lang string, k content.Kind) job {
	return job{name: file(Section(lang, k)), render: func() ([]byte, error) {
		p := Section(lang, k)
		pg := m.page(lang, "section", p)
		pg.Title = pg.T("section_" + string(k))
		m.allLangs(pg, func(l string) string { return Section(l, k) })
		pg.XDefault = m.URLs.Abs(Section(m.Langs[0], k))
		g, err := m.kindGroup(lang, k)
		if err != nil {
			return nil, err
		}
		pg.Groups = []Group{g}
		return m.Theme.Render(pg.Layout, pg)
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
// except for tours, as the home and section pages show it.
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
	return s.get(func() (Group, error) { return m.group(lang, k, m.Content.OfKind(k), k != content.Tour) })
}

// group lists entries of one kind, by province when byProvince.
func (m *Model) group(lang string, k content.Kind, entries []*content.Entry, byProvince bool) (Group, error) {
	g := Group{Title: m.I18n.T(lang, "section_"+string(k)), Kind: k, URL: m.URLs.Rel(Section(lang, k))}
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
				title = m.I18n.T(lang, "province_unknown")
			}
			g.Subgroups = append(g.Subgroups, Group{Title: title, Kind: k, Entries: list})
		}
	}
	return g, nil
}

func (m *Model) entryJob(lang string, e *content.Entry, near []neighbor) job {
	return job{name: file(EntryPath(lang, e)), render: func() ([]byte, error) {
		p := EntryPath(lang, e)
		layout := "entry"
		switch e.Kind {
		case content.Tour:
			layout = "tour"
		case content.Page:
			layout = "page"
		}
		pg := m.page(lang, layout, p)
		v, err := m.entryView(e, lang, true)
		if err != nil {
			return nil, err
		}
		pg.Entry = v
		pg.Title = v.Title
		pg.Description = v.Summary
		pg.Fallback = v.Fallback
		for _, l := range e.Langs(m.Langs) {
			lg, _ := m.Config.Language(l)
			pp := EntryPath(l, e)
			pg.Translations = append(pg.Translations, Alt{Code: l, Name: lg.Name, URL: m.URLs.Rel(pp), Permalink: m.URLs.Abs(pp), Current: l == lang})
		}
		pg.XDefault = m.URLs.Abs(EntryPath(m.Langs[0], e))
		if v.Fallback {
			// The text is the default language's: point search engines at
			// the original and keep this copy out of their index.
			pg.Canonical = pg.XDefault
			pg.NoIndex = true
		}
		if v.Cover != nil {
			pg.Image = m.URLs.Abs(strings.TrimPrefix(v.Cover.URL, m.URLs.Path))
		}
		pg.OGType = "article"
		if e.Kind == content.Tour {
			for _, id := range e.Default.Front.Stops {
				if se, ok := m.Content.ByID[id]; ok {
					sv, err := m.entryView(se, lang, false)
					if err != nil {
						return nil, err
					}
					v.Stops = append(v.Stops, sv)
				}
			}
		}
		m.placeViews(e, lang, pg, v, near)
		pg.JSONLD = m.jsonLD(e, v, pg)
		return m.Theme.Render(pg.Layout, pg)
	}, recycle: true}
}

// jsonLD describes the entry for search engines: a landmark with its
// coordinates, a tourist trip, or a web page.
func (m *Model) jsonLD(e *content.Entry, v *EntryView, pg *Page) any {
	ld := map[string]any{
		"@context":    "https://schema.org",
		"name":        v.Title,
		"description": v.Summary,
		"url":         pg.Canonical,
		"inLanguage":  pg.Lang.Code,
	}
	switch e.Kind {
	case content.Site, content.Marker:
		ld["@type"] = "LandmarksOrHistoricalBuildings"
		ld["identifier"] = v.ID
		if v.Geo != nil {
			ld["geo"] = map[string]any{"@type": "GeoCoordinates", "latitude": json.Number(v.Geo.Lat), "longitude": json.Number(v.Geo.Lng)}
		}
		f := e.Default.Front
		if f.Address != "" || f.Province != "" {
			addr := map[string]any{"@type": "PostalAddress", "addressCountry": "VN"}
			if f.Address != "" {
				addr["streetAddress"] = f.Address
			}
			if f.Province != "" {
				addr["addressRegion"] = f.Province
			}
			if f.District != "" {
				addr["addressLocality"] = f.District
			}
			ld["address"] = addr
		}
		if pg.Image != "" {
			ld["image"] = pg.Image
		}
	case content.Tour:
		ld["@type"] = "TouristTrip"
		var items []any
		for i, s := range v.Stops {
			items = append(items, map[string]any{"@type": "ListItem", "position": i + 1, "name": s.Title, "url": m.URLs.Abs(strings.TrimPrefix(s.URL, m.URLs.Path))})
		}
		ld["itinerary"] = map[string]any{"@type": "ItemList", "itemListElement": items}
	default:
		ld["@type"] = "WebPage"
	}
	return ld
}

// ShortView feeds the permanent-link page /p/<ID>/.
type ShortView struct {
	ID      string
	Title   string
	Targets map[string]string // language code → page URL (real translations)
	Default string
	Langs   []Alt
}

func (m *Model) shortJob(e *content.Entry) job { return m.shortPageJob(Short(e.ID()), e) }

// shortPageJob writes a page at p that opens e in the visitor's language.
func (m *Model) shortPageJob(p string, e *content.Entry) job {
	return job{name: file(p), render: func() ([]byte, error) {
		pg := m.page(m.Langs[0], "short", p)
		pg.Title = e.Default.Front.Title
		pg.NoIndex = true
		sv := &ShortView{ID: e.ID(), Title: e.Default.Front.Title, Targets: map[string]string{}}
		for _, l := range e.Langs(m.Langs) {
			lg, _ := m.Config.Language(l)
			u := m.URLs.Rel(EntryPath(l, e))
			sv.Targets[l] = u
			sv.Langs = append(sv.Langs, Alt{Code: l, Name: lg.Name, URL: u})
		}
		sv.Default = sv.Targets[m.Langs[0]]
		pg.Canonical = m.URLs.Abs(EntryPath(m.Langs[0], e))
		b, err := m.Theme.Render("short", struct {
			*Page
			Short *ShortView
		}{pg, sv})
		return b, err
	}, recycle: true}
}

func (m *Model) aliasJob(e *content.Entry, a alias) job {
	return job{name: file(strings.TrimPrefix(normAlias(a.path), "/")), render: func() ([]byte, error) {
		target := EntryPath(a.lang, e)
		pg := m.page(a.lang, "redirect", target)
		d, _ := e.Doc(a.lang)
		pg.Title = d.Front.Title
		pg.NoIndex = true
		b, err := m.Theme.Render("redirect", pg)
		return b, err
	}}
}

func (m *Model) notFoundJob() job {
	return job{name: file("404.html"), render: func() ([]byte, error) {
		pg := m.page(m.Langs[0], "404", "404.html")
		pg.Title = pg.T("not_found_title")
		pg.NoIndex = true
		m.allLangs(pg, Home)
		return m.Theme.Render(pg.Layout, pg)
	}}
}

// redirectsJob writes _redirects for Netlify and Cloudflare Pages: old
// addresses (aliases) and retired IDs answered by the host with a real 301,
// before any page loads. The HTML redirect pages stay for other hosts.
func (m *Model) redirectsJob() job {
	return job{name: "_redirects", render: func() ([]byte, error) {
		var b strings.Builder
		b.WriteString("# Generated by diachido: aliases and retired placard IDs.\n")
		for _, e := range m.Content.Entries {
			for _, a := range m.aliases(e) {
				fmt.Fprintf(&b, "%s %s 301\n", m.URLs.Path+strings.TrimPrefix(a.path, "/"), m.URLs.Rel(EntryPath(a.lang, e)))
			}
		}
		ids := make([]string, 0, len(m.Config.Retired))
		for id := range m.Config.Retired {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			if r := m.Config.Retired[id]; r.ReplacedBy != "" {
				fmt.Fprintf(&b, "%s %s 301\n", m.URLs.Rel(Short(id)), m.URLs.Rel(Short(r.ReplacedBy)))
			}
		}
		return []byte(b.String()), nil
	}}
}

func (m *Model) robotsJob() job {
	return job{name: "robots.txt", render: func() ([]byte, error) {
		return []byte("User-agent: *\nAllow: /\n\nSitemap: " + m.URLs.Abs("sitemap.xml") + "\n"), nil
	}}
}

// sitemapJob lists every real page with its language alternates; pages
// that only show another language's text are left out.
func (m *Model) sitemapJob() job {
	return job{name: "sitemap.xml", render: func() ([]byte, error) {
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
		b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
		write := func(loc, lastmod string, alts map[string]string) {
			b.WriteString("  <url>\n    <loc>" + xmlEscape(loc) + "</loc>\n")
			if lastmod != "" {
				b.WriteString("    <lastmod>" + lastmod + "</lastmod>\n")
			}
			if len(alts) > 1 {
				for _, l := range m.Langs {
					if u, ok := alts[l]; ok {
						b.WriteString(`    <xhtml:link rel="alternate" hreflang="` + l + `" href="` + xmlEscape(u) + `"/>` + "\n")
					}
				}
				b.WriteString(`    <xhtml:link rel="alternate" hreflang="x-default" href="` + xmlEscape(alts[m.Langs[0]]) + `"/>` + "\n")
			}
			b.WriteString("  </url>\n")
		}
		every := func(pathOf func(string) string) {
			alts := map[string]string{}
			for _, l := range m.Langs {
				alts[l] = m.URLs.Abs(pathOf(l))
			}
			for _, l := range m.Langs {
				write(alts[l], "", alts)
			}
		}
		every(Home)
		for _, k := range []content.Kind{content.Site, content.Marker, content.Tour} {
			if len(m.Content.OfKind(k)) > 0 {
				every(func(l string) string { return Section(l, k) })
			}
		}
		for _, e := range m.Content.Entries {
			alts := map[string]string{}
			langs := e.Langs(m.Langs)
			for _, l := range langs {
				alts[l] = m.URLs.Abs(EntryPath(l, e))
			}
			for _, l := range langs {
				write(alts[l], e.Docs[l].Front.Updated, alts)
			}
		}
		b.WriteString("</urlset>\n")
		return b.Bytes(), nil
	}}
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

func xmlEscape(s string) string { return xmlEscaper.Replace(s) }

// geojsonJob writes every site and marker as a Point and every tour as a
// LineString through its stops, with titles and page URLs per language.
func (m *Model) geojsonJob() job {
	return job{name: "entries.geojson", render: func() ([]byte, error) {
		type feature struct {
			Type       string         `json:"type"`
			Geometry   map[string]any `json:"geometry"`
			Properties map[string]any `json:"properties"`
		}
		point := func(e *content.Entry) ([]float64, bool) {
			l := e.Default.Front.Location
			if l == nil || l.Lat == nil || l.Lng == nil {
				return nil, false
			}
			return []float64{*l.Lng, *l.Lat}, true
		}
		var feats []feature
		for _, e := range m.Content.Entries {
			var geom map[string]any
			switch e.Kind {
			case content.Site, content.Marker:
				pt, ok := point(e)
				if !ok {
					continue
				}
				geom = map[string]any{"type": "Point", "coordinates": pt}
			case content.Tour:
				var line [][]float64
				for _, id := range e.Default.Front.Stops {
					if s, ok := m.Content.ByID[id]; ok {
						if pt, ok := point(s); ok {
							line = append(line, pt)
						}
					}
				}
				if len(line) < 2 {
					continue
				}
				geom = map[string]any{"type": "LineString", "coordinates": line}
			default:
				continue
			}
			titles, urls := map[string]string{}, map[string]string{}
			for _, l := range m.Langs {
				d, _ := e.Doc(l)
				titles[l] = d.Front.Title
				urls[l] = m.URLs.Abs(EntryPath(l, e))
			}
			props := map[string]any{
				"id":         e.ID(),
				"kind":       strings.TrimSuffix(string(e.Kind), "s"),
				"title":      titles,
				"url":        urls,
				"shortURL":   m.URLs.Abs(Short(e.ID())),
				"translated": e.Langs(m.Langs),
			}
			f := e.Default.Front
			if f.Province != "" {
				props["province"] = f.Province
			}
			if f.Category != "" {
				props["category"] = f.Category
			}
			if f.Rank != "" {
				props["rank"] = f.Rank
			}
			if f.Marker != nil {
				props["marker"] = map[string]any{"number": f.Marker.Number, "type": f.Marker.Type, "border": f.Marker.Border}
			}
			feats = append(feats, feature{Type: "Feature", Geometry: geom, Properties: props})
		}
		sort.SliceStable(feats, func(i, j int) bool {
			return feats[i].Properties["id"].(string) < feats[j].Properties["id"].(string)
		})
		if feats == nil {
			feats = []feature{}
		}
		b, err := json.Marshal(map[string]any{"type": "FeatureCollection", "features": feats})
		return append(b, '\n'), err
	}}
}
