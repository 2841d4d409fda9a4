package site

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/diachido/diachido/generator/config"
	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/markdown"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Page is what every layout receives: the fields every page has, and the
// one field its kind of page sets (Entry, List, Short, Retired, Search,
// Placards). Package themes documents the whole contract; a change here
// is a change to every site's own theme.
type Page struct {
	Site *SiteView
	Lang config.Language
	// L holds the interface strings of Lang by key: {{.L.facts}} is what
	// {{.T "facts"}} gives, found without a call.
	L map[string]string
	// NavCurrent is the page's URL when the navigation or the search link
	// points to it, "in " and the list's URL when the page is within a
	// list the navigation links (NavItem.Within), else "": with the
	// language, everything the site's navigation depends on, to key
	// partialCached with.
	NavCurrent string
	// Layout is the kind of page, the name of its layout: root, home,
	// section, provinces, province, entry, tour, page, short, redirect,
	// retired, search, map, placards, 404.
	Layout      string
	Title       string
	Description string
	// URL is root-relative (links); Permalink is absolute (canonical, sharing).
	URL       string
	Permalink string
	// Translations are the languages this page really exists in (for the
	// switcher and hreflang), in site order.
	Translations []Alt
	// XDefault is the hreflang x-default address.
	XDefault string
	// Canonical differs from Permalink on a page that shows another
	// language's text (an untranslated entry).
	Canonical string
	// Fallback is true when the page shows the default-language text
	// because the entry is not translated into Lang.
	Fallback bool
	NoIndex  bool
	Image    string // absolute URL of the sharing image, if any
	OGType   string
	JSONLD   any
	// Nav links the list pages and the free pages in the navigation.
	Nav []NavItem
	// Offline is set on pages with a "save for offline" button and on the
	// offline page: what their script needs (out_offline.go).
	Offline *OfflineSetup
	// Map is the page's map box, or nil: on the map page, on entry and
	// tour pages with a place, on the home page of a small site.
	Map *MapView
	// Count is the address of the image that counts the page once, when
	// site.yaml has analytics: on short links, retired IDs' pages and
	// entry pages; "" on other pages and without analytics (count.go).
	Count string
	// Report is where the page's "report a problem" link leads, when
	// site.yaml has report: on site, marker and tour pages; else "".
	Report string
	// AboutCounting is true on the free page whose slug is about when
	// site.yaml has analytics: the page says what is counted, and that
	// no one is tracked.
	AboutCounting bool

	// What the page's layout shows: the one field its kind sets, the
	// others nil (the theme contract, package themes).
	Entry    *EntryView    // entry, tour, page
	List     *ListView     // home, section, provinces, province
	Short    *ShortView    // short
	Retired  *RetiredView  // retired
	Search   *SearchView   // search
	Placards *PlacardsView // placards

	m *Model
}

// Pager is the page's pager, of its list (List) or of the placards
// (Placards), or nil for a page that is not one of several.
func (p *Page) Pager() *PagerView {
	switch {
	case p.List != nil:
		return p.List.Pager
	case p.Placards != nil:
		return p.Placards.Pager
	}
	return nil
}

// T returns the interface string key in the page's language.
func (p *Page) T(key string) string { return p.m.i18n.T(p.Lang.Code, key) }

// Plural is the string key with n in it ("%d entries"), or key_one's
// when n is 1 ("%d entry"): English counts say "1 entry", not "1 entries".
func (p *Page) Plural(key string, n int) string { return p.m.plural(p.Lang.Code, key, n) }

// plural is Page.Plural in lang.
func (m *Model) plural(lang, key string, n int) string {
	if n == 1 {
		key += "_one"
	}
	return fmt.Sprintf(m.i18n.T(lang, key), n)
}

// SiteView is the part of every page that is the same across the site.
type SiteView struct {
	Title        string // in the page's language
	Organization string
	HomeURL      string
	Languages    []config.Language
	CSS          template.CSS
	// CSSURL is the site\'s stylesheet (a content-hashed file).
	CSSURL         string
	Generator      string
	MapAttribution string
}

// Alt is one language version of a page.
type Alt struct {
	Code      string
	Name      string
	URL       string
	Permalink string
	Current   bool
}

// NavItem is a link in the site navigation.
type NavItem struct {
	Title string
	URL   string
	// Current marks the link to the page itself (aria-current="page");
	// Within marks the link to the list the page belongs to: a section's
	// entries and its page/2/ and on, the province pages under the list
	// of provinces (aria-current="true"), so a visitor deep in a national
	// guide still sees where they are.
	Current, Within bool
}

// Group is a titled list of entries (by kind, by province, by district).
type Group struct {
	Title     string
	Kind      content.Kind
	URL       string
	Subgroups []Group
	Entries   []*EntryView
	// Offline is a province's "save for offline" button (section pages).
	Offline *OfflinePack
	// Count is how many entries the whole group has, on every page of it:
	// Entries holds only this page's.
	Count int
	// Anchor is the heading's fragment id, or "" (districts).
	Anchor string
	// Continued is true when the group began on the page before (its
	// heading says so).
	Continued bool
	// Page links the group's province page, or "" (province subgroups).
	Page string
}

// CountLink is a list page with what it holds: a province and its
// counts per kind, a district, a kind.
type CountLink struct {
	Title string
	URL   string
	Count int
	// Counts says Count in words, per kind: "312 di tích, 4 cột mốc".
	Counts string
}

// PagerView is the navigation between the pages of one list: rel=prev
// and rel=next in <head>, and the numbers of the pages.
type PagerView struct {
	Page, Pages int
	// Prev and Next are root-relative (links); PrevAbs and NextAbs
	// absolute (<link rel>); "" at the ends.
	Prev, Next       string
	PrevAbs, NextAbs string
	// Links are the numbers shown, windowed: 1 … 4 5 6 … 40.
	Links []PagerLink
}

// PagerLink is one number of a pager, or a gap (…) when Gap.
type PagerLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool
}

// EntryView is an entry as one language shows it.
type EntryView struct {
	ID       string
	Kind     content.Kind
	Title    string
	Summary  string
	URL      string
	ShortURL string
	Body     template.HTML
	Facts    []Fact
	Cover    *PhotoView
	Photos   []PhotoView
	Videos   []VideoView
	Audio    []AudioView
	// HasVideo is true when the page shows a video facade (front matter
	// or body), so it carries the small script that loads the player.
	HasVideo   bool
	Sources    []LinkView
	Tags       []string
	Updated    string
	UpdatedISO string
	Province   string
	District   string
	Geo        *GeoView
	Stops      []*EntryView
	// Nearby are the nearest other sites and markers (entry pages).
	Nearby []NearbyView
	// Fallback: the text shown is the default language's, TextLang.
	Fallback bool
	TextLang string
	// KindLabel is the kind in words ("Di tích", "Border marker").
	KindLabel string
	// Badge is a short line for cards: rank or marker number.
	Badge string
	// Params are the entry's params in the language shown: free-form
	// front matter for a site's own theme.
	Params map[string]any
	// Sketch is the route sketch (a tour's, or a stop's first tour's);
	// Offline the tour's "save for offline" button (out_offline.go).
	Sketch  *SketchView
	Offline *OfflinePack
	// Story is an exhibition's sections, timeline and related places
	// (exhibition pages; nil elsewhere), in place of Body.
	Story *StoryView
}

// Fact is one line of the facts list.
type Fact struct {
	Label string
	Value string
	URL   string
}

// PhotoView is a photo ready for an <img> (partials/photo.html).
type PhotoView struct {
	// URL is the largest variant: sharing images, links to the photo.
	URL string
	// Src, SrcSet and Sizes let the browser pick the variant that fits
	// the screen; Width and Height (of the largest) reserve the space.
	Src           string
	SrcSet        string
	Sizes         string
	Width, Height int
	Alt           string
	Caption       string
	Credit        string
	// Cover is the first photo, above the fold: not lazy, fetched first.
	Cover bool
}

// LinkView is a titled link (video, audio, source).
type LinkView struct {
	Title string
	URL   string
}

// GeoView holds coordinates and the links that open them elsewhere.
type GeoView struct {
	Lat, Lng   string
	GeoURI     template.URL
	OSM        string
	Google     string
	Directions string
}

// collator returns a new collator each time: a Collator is not safe for
// concurrent use, and pages are rendered by many workers.
func collator(lang string) *collate.Collator { return collate.New(language.Make(lang)) }

// sortEntries orders entries by title as the language sorts text
// (Vietnamese "Đ" after "D"), then ID, so output is stable.
//
// Each title's collation key is computed once (comparing keys orders as
// the collator does): comparing with the collator at every step of the
// sort was most of the cost of a 10,000-entry list.
func sortEntries(lang string, list []*EntryView) {
	c := collator(lang)
	var buf collate.Buffer
	type keyed struct {
		key []byte
		v   *EntryView
	}
	ks := make([]keyed, len(list))
	for i, v := range list {
		ks[i] = keyed{c.KeyFromString(&buf, v.Title), v}
	}
	sort.SliceStable(ks, func(i, j int) bool {
		if r := bytes.Compare(ks[i].key, ks[j].key); r != 0 {
			return r < 0
		}
		return ks[i].v.ID < ks[j].v.ID
	})
	for i := range ks {
		list[i] = ks[i].v
	}
}

func coord(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// entryView builds the view of e in lang; withBody renders the Markdown.
func (m *Model) entryView(e *content.Entry, lang string, withBody bool) (*EntryView, error) {
	d, real := e.Doc(lang)
	f := &d.Front
	t := func(k string) string { return m.i18n.T(lang, k) }
	v := &EntryView{
		ID:        f.ID,
		Kind:      e.Kind,
		Title:     f.Title,
		Summary:   f.Summary,
		URL:       m.urls.Rel(EntryPath(lang, e)),
		ShortURL:  m.urls.Abs(Short(f.ID)),
		Tags:      f.Tags,
		Province:  f.Province,
		District:  f.District,
		Fallback:  !real,
		TextLang:  d.Lang,
		KindLabel: t("kind_" + string(e.Kind)),
		Params:    f.Params,
	}
	if withBody && e.Kind == content.Exhibition {
		st, err := m.storyView(e, d, lang)
		if err != nil {
			return nil, err
		}
		v.Story = st
	} else if withBody {
		var html []byte
		var err error
		if p, ok := m.prepared[d]; ok {
			html, err = m.md.Finish(p, resolver{m: m, e: e, lang: lang})
		} else {
			var body []byte
			if body, err = m.bodyOf(d); err != nil {
				return nil, err
			}
			html, err = m.md.Render(body, resolver{m: m, e: e, lang: lang})
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.File, err)
		}
		v.Body = template.HTML(html)
	}
	for i, p := range f.Photos {
		// Only sites, markers and exhibitions show the first photo as a
		// cover, above the fold; elsewhere it waits in the gallery.
		v.Photos = append(v.Photos, m.photoView(e, p, i == 0 && (e.Kind.Located() || e.Kind == content.Exhibition)))
	}
	if len(v.Photos) > 0 {
		v.Cover = &v.Photos[0]
	}
	v.Videos = m.videoViews(e, f, lang)
	v.Audio = m.audioViews(e, f, lang)
	v.HasVideo = markdown.HasVideoEmbed([]byte(v.Body))
	for _, vid := range v.Videos {
		v.HasVideo = v.HasVideo || vid.EmbedURL != ""
	}
	for _, s := range f.Sources {
		v.Sources = append(v.Sources, LinkView{Title: s.Title, URL: s.URL})
	}
	if f.Updated != "" {
		if tm, err := time.Parse("2006-01-02", f.Updated); err == nil {
			v.Updated = m.i18n.Date(lang, tm)
			v.UpdatedISO = f.Updated
		}
	}
	if loc := f.Location; loc != nil && loc.Lat != nil && loc.Lng != nil && e.Kind.Located() {
		lat, lng := coord(*loc.Lat), coord(*loc.Lng)
		v.Geo = &GeoView{
			Lat: lat, Lng: lng,
			GeoURI:     template.URL("geo:" + lat + "," + lng),
			OSM:        "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lng + "#map=16/" + lat + "/" + lng,
			Google:     "https://www.google.com/maps/search/?api=1&query=" + lat + "," + lng,
			Directions: "https://www.google.com/maps/dir/?api=1&destination=" + lat + "," + lng,
		}
	}
	v.Facts, v.Badge = m.facts(e, f, lang)
	return v, nil
}

func orDefault(s, d string) string {
	if strings.TrimSpace(s) == "" {
		return d
	}
	return s
}

func (m *Model) facts(e *content.Entry, f *content.Front, lang string) ([]Fact, string) {
	t := func(k string) string { return m.i18n.T(lang, k) }
	var out []Fact
	add := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			out = append(out, Fact{Label: t(label), Value: value})
		}
	}
	badge := ""
	switch e.Kind {
	case content.Site:
		add("fact_address", f.Address)
		add("fact_district", f.District)
		add("fact_province", f.Province)
		if f.Category != "" {
			add("fact_category", t("category_"+f.Category))
		}
		if f.Rank != "" {
			r := t("rank_" + f.Rank)
			badge = r
			if f.Recognized != 0 {
				r += " (" + strconv.Itoa(f.Recognized) + ")"
			}
			add("fact_rank", r)
		} else if f.Recognized != 0 {
			add("fact_recognized", strconv.Itoa(f.Recognized))
		}
	case content.Marker:
		if mk := f.Marker; mk != nil {
			add("fact_marker_number", mk.Number)
			add("fact_marker_type", t("marker_type_"+mk.Type))
			add("fact_border", m.borderName(mk.Border, lang))
			if mk.Year != 0 {
				add("fact_marker_year", strconv.Itoa(mk.Year))
			}
			badge = fmt.Sprintf("%s %s", t("marker_short"), mk.Number)
		}
		add("fact_district", f.District)
		add("fact_province", f.Province)
	case content.Exhibition:
		add("fact_period", f.Period)
		badge = f.Period
	}
	if e.Kind.Located() && f.Location != nil && f.Location.Lat != nil && f.Location.Lng != nil {
		add("fact_coordinates", coord(*f.Location.Lat)+", "+coord(*f.Location.Lng))
	}
	add("fact_id", f.ID)
	return out, badge
}

// borderName writes "VN-LA" as "Việt Nam – Lào" using the interface
// strings country_VN, country_LA, falling back to the codes.
func (m *Model) borderName(code, lang string) string {
	parts := strings.Split(code, "-")
	for i, p := range parts {
		if n := m.i18n.T(lang, "country_"+p); n != "country_"+p {
			parts[i] = n
		}
	}
	return strings.Join(parts, " – ")
}

// resolver turns id: links and folder files into URLs for one entry in one
// language.
type resolver struct {
	m    *Model
	e    *content.Entry
	lang string
}

func (r resolver) ResolveID(id string) (string, bool) {
	e, ok := r.m.Content.ByID[id]
	if !ok {
		return "", false
	}
	return r.m.urls.Rel(EntryPath(r.lang, e)), true
}

func (r resolver) ResolveFile(name string) (string, bool) {
	if !r.e.HasFile(name) {
		return "", false
	}
	return r.m.fileURL(r.e, name), true
}

func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

func (m *Model) page(lang, layout, p string) *Page {
	l, _ := m.Config.Language(lang)
	pg := &Page{
		m:         m,
		Lang:      l,
		Layout:    layout,
		L:         m.i18n.Strings(lang),
		URL:       m.urls.Rel(p),
		Permalink: m.urls.Abs(p),
		OGType:    "website",
		Site: &SiteView{
			Title:          l.Title,
			Organization:   m.Config.Organization,
			HomeURL:        m.urls.Rel(homePath(lang)),
			Languages:      m.Config.Languages,
			CSS:            m.css,
			CSSURL:         m.urls.Rel(m.cssPath),
			Generator:      "diachido",
			MapAttribution: m.Config.Map.Attribution,
		},
	}
	pg.Canonical = pg.Permalink
	pg.Description = m.Config.Description[lang]
	pg.Nav = slices.Clone(m.navOf(lang))
	for i := range pg.Nav {
		n := &pg.Nav[i]
		n.Current = n.URL == pg.URL
		n.Within = !n.Current && strings.HasPrefix(pg.URL, n.URL) && n.URL != pg.Site.HomeURL
		switch {
		case n.Current:
			pg.NavCurrent = pg.URL
		case n.Within:
			// The navigation is cached by NavCurrent: every page within
			// one list shares the list's rendering.
			pg.NavCurrent = "in " + n.URL
		}
	}
	if pg.URL == pg.SearchURL() || pg.URL == pg.MapURL() {
		pg.NavCurrent = pg.URL
	}
	return pg
}

// navOf is lang's navigation, made once for every language: each page
// copies it and marks its own place in it (page), instead of listing and
// sorting the free pages again for every one of a national guide's
// 400,000 pages.
func (m *Model) navOf(lang string) []NavItem {
	m.nav.once.Do(func() {
		m.nav.byLang = map[string][]NavItem{}
		pages := append([]*content.Entry(nil), m.Content.OfKind(content.Page)...)
		sort.SliceStable(pages, func(i, j int) bool { return pages[i].Default.Front.Weight < pages[j].Default.Front.Weight })
		for _, lang := range m.Langs {
			var nav []NavItem
			for _, k := range listedKinds {
				if len(m.Content.OfKind(k)) > 0 {
					nav = append(nav, NavItem{Title: m.i18n.T(lang, "section_"+string(k)), URL: m.urls.Rel(sectionPath(lang, k))})
				}
			}
			// A large site's home page no longer lists every entry: the
			// list of provinces, the way to all of them, gets a place in
			// the navigation.
			if m.large() {
				if u := m.listsOf(lang).provincesURL(m, lang); u != "" {
					nav = append(nav, NavItem{Title: m.i18n.T(lang, "provinces_title"), URL: u})
				}
			}
			for _, e := range pages {
				d, _ := e.Doc(lang)
				nav = append(nav, NavItem{Title: d.Front.Title, URL: m.urls.Rel(EntryPath(lang, e))})
			}
			m.nav.byLang[lang] = nav
		}
	})
	return m.nav.byLang[lang]
}

// navMemo holds navOf's links by language.
type navMemo struct {
	once   sync.Once
	byLang map[string][]NavItem
}

// allLangs gives a page that exists in every language its alternates.
func (m *Model) allLangs(pg *Page, pathOf func(lang string) string) {
	for _, l := range m.Config.Languages {
		p := pathOf(l.Code)
		pg.Translations = append(pg.Translations, Alt{Code: l.Code, Name: l.Name, URL: m.urls.Rel(p), Permalink: m.urls.Abs(p), Current: l.Code == pg.Lang.Code})
	}
}
