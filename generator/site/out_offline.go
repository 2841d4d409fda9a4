package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/media"
	"golang.org/x/sync/semaphore"
)

// Save for offline: tour pages and each province's list carry a button
// that stores a pack (the pages, the stylesheet and scripts, the photos at
// phone size, the audio guides) in the browser's Cache API through the
// theme's service worker, static/sw.js, for a visit with no signal. This
// output writes, per language,
//
//   - a manifest for each pack, /<lang>/offline/<kind>-<slug>.json: every
//     file's URL and size, and a version that is the digest of every
//     file's bytes, so that a rebuild changing one stop's text changes it
//     and the service worker replaces the saved copy on the next online
//     visit;
//   - the page the service worker shows for a page that was not saved,
//     /<lang>/offline/, which lists what is saved (its script reads the
//     cache).
//
// Nothing here is loaded by a page until the visitor presses the button:
// pages carry the manifest's URL, not its contents.

// offlinePath is a language's offline page.
func offlinePath(lang string) string { return lang + "/offline/" }

// packPath is the manifest of a pack: "vi/offline/tours-hanh-trinh.json".
func packPath(lang string, k content.Kind, slug string) string {
	return lang + "/offline/" + string(k) + "-" + slug + ".json"
}

// OfflinePack is a "save for offline" button: what it saves.
type OfflinePack struct {
	// Manifest is the URL of the pack's manifest (data-offline).
	Manifest string
	// Title names what is saved: the tour, the province.
	Title string
	// Label is the button's words, "Lưu để xem ngoại tuyến".
	Label string
}

// OfflineSetup is what the script behind the buttons needs, set on pages
// that have one and on the offline page.
type OfflineSetup struct {
	// Script is static/offline.js; Worker is the service worker, served
	// from the site's base path, Scope.
	Script, Worker, Scope string
	// Text is the script's interface strings in the page's language, as
	// JSON.
	Text string
}

// offlineText are the interface strings offline.js shows.
var offlineText = []string{
	"offline_confirm", "offline_cancel", "offline_saving", "offline_saved", "offline_remove",
	"offline_removed", "offline_failed", "offline_not_persistent", "offline_update", "offline_none",
	"offline_size_of",
}

func (m *Model) offlineSetup(lang string) *OfflineSetup {
	text := map[string]string{}
	for _, k := range offlineText {
		text[k] = m.i18n.T(lang, k)
	}
	b, _ := json.Marshal(text)
	return &OfflineSetup{
		Script: (&Page{m: m}).Static("offline.js"),
		Worker: m.urls.Rel("sw.js"),
		Scope:  m.urls.Path,
		Text:   string(b),
	}
}

// offlineViews gives an entry page its route sketch, and a tour page its
// button.
func (m *Model) offlineViews(e *content.Entry, lang string, pg *Page, v *EntryView) {
	if e.Kind == content.Tour || e.Kind.Located() {
		v.Sketch = m.sketchOf(e, lang)
	}
	if e.Kind == content.Tour && len(v.Stops) > 0 {
		v.Offline = &OfflinePack{Manifest: m.urls.Rel(packPath(lang, content.Tour, e.Slug)), Title: v.Title, Label: m.i18n.T(lang, "offline_save")}
		pg.Offline = m.offlineSetup(lang)
	}
}

// provincePacks are the packs of kind k's list in lang, one per province
// as the list groups them (a translation may name a province in its own
// words), by province ("" for entries without one).
func (m *Model) provincePacks(lang string, k content.Kind) map[string]*OfflinePack {
	provs := map[string]bool{}
	for _, e := range m.Content.OfKind(k) {
		d, _ := e.Doc(lang)
		provs[d.Front.Province] = true
	}
	names := make([]string, 0, len(provs))
	for p := range provs {
		names = append(names, p)
	}
	sort.Strings(names)
	out := map[string]*OfflinePack{}
	used := map[string]bool{}
	for _, p := range names {
		slug := content.Slugify(p)
		if p == "" || slug == "" {
			slug = "other"
		}
		base := slug
		for n := 2; used[slug]; n++ {
			slug = fmt.Sprintf("%s-%d", base, n)
		}
		used[slug] = true
		title := p
		if p == "" {
			title = m.i18n.T(lang, "province_unknown")
		}
		out[p] = &OfflinePack{Manifest: m.urls.Rel(packPath(lang, k, slug)), Title: title, Label: m.i18n.T(lang, "offline_save")}
	}
	return out
}

// offlineJobs are the manifests of lang's packs (the offline page is an
// output of its own, among the pages: offlinePageJob).
func (m *Model) offlineJobs(lang string) []job {
	var packs []pack
	for _, e := range m.Content.OfKind(content.Tour) {
		var stops []*content.Entry
		for _, id := range e.Default.Front.Stops {
			if s, ok := m.Content.ByID[id]; ok {
				stops = append(stops, s)
			}
		}
		if len(stops) == 0 {
			continue
		}
		packs = append(packs, pack{path: packPath(lang, content.Tour, e.Slug), home: e, entries: stops})
	}
	for _, k := range []content.Kind{content.Site, content.Marker} {
		entries := m.Content.OfKind(k)
		if len(entries) == 0 {
			continue
		}
		byProv := map[string][]*content.Entry{}
		for _, e := range entries {
			d, _ := e.Doc(lang)
			byProv[d.Front.Province] = append(byProv[d.Front.Province], e)
		}
		for prov, pk := range m.provincePacks(lang, k) {
			packs = append(packs, pack{path: strings.TrimPrefix(pk.Manifest, m.urls.Path), kind: k, prov: prov, title: pk.Title, entries: byProv[prov]})
		}
	}
	sort.Slice(packs, func(i, j int) bool { return packs[i].path < packs[j].path })
	var jobs []job
	for _, p := range packs {
		jobs = append(jobs, job{name: p.path, render: func() ([]byte, error) { return m.manifest(lang, p) }})
	}
	return jobs
}

// A pack is what one button saves: home (a tour) or a province's list of
// kind, and the pages of entries.
type pack struct {
	path    string
	home    *content.Entry
	kind    content.Kind
	prov    string // the province, as lang names it
	title   string
	entries []*content.Entry
}

// offlinePageJob renders /<lang>/offline/, which the service worker
// shows for a page that was not saved.
func (m *Model) offlinePageJob(lang string) job {
	return job{name: file(offlinePath(lang)), render: func() ([]byte, error) {
		p := offlinePath(lang)
		pg := m.page(lang, "offline", p)
		pg.Title = pg.T("offline_title")
		pg.NoIndex = true
		m.allLangs(pg, offlinePath)
		pg.Offline = m.offlineSetup(lang)
		return m.summed(file(p))(m.theme.Render(pg.Layout, pg))
	}}
}

// manifestFile is one file of a pack; Sum (the start of its SHA-256)
// lets the service worker keep a file that did not change when it
// replaces a saved pack.
type manifestFile struct {
	URL   string `json:"url"`
	Bytes int64  `json:"bytes"`
	Sum   string `json:"sum"`
}

// manifestPage is a page of a pack, for the offline page's list.
type manifestPage struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// packManifest is what offline.js and sw.js read.
type packManifest struct {
	// Version is the digest of every file's URL and bytes.
	Version string `json:"version"`
	Lang    string `json:"lang"`
	Title   string `json:"title"`
	// URL is the page that has the button; Offline the offline page.
	URL     string `json:"url"`
	Offline string `json:"offline"`
	Bytes   int64  `json:"bytes"`
	// Summary is the size in words: "2,4 MB: 6 trang, 12 ảnh, 2 bài thuyết minh".
	Summary string         `json:"summary"`
	Pages   []manifestPage `json:"pages"`
	Files   []manifestFile `json:"files"`
}

// fileSum is a published file's size and SHA-256.
type fileSum struct {
	size int64
	sum  [32]byte
}

func sumOf(b []byte) fileSum { return fileSum{int64(len(b)), sha256.Sum256(b)} }

// sums keeps the size and digest of files other outputs publish, for the
// manifests: each page in a pack records its own when it renders; a
// manifest asked for first (serve renders on demand) renders the page
// itself. A pure result of the model: a page's bytes depend on it alone.
type sums struct {
	mu sync.Mutex
	by map[string]fileSum
}

func (s *sums) get(name string) (fileSum, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.by[name]
	return f, ok
}

func (s *sums) put(name string, f fileSum) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.by == nil {
		s.by = map[string]fileSum{}
	}
	if _, ok := s.by[name]; !ok {
		s.by[name] = f
	}
}

// summed returns what records a page's digest for the manifests and
// passes the render's result on unchanged:
// return m.summed(name)(m.theme.Render(...)).
func (m *Model) summed(name string) func([]byte, error) ([]byte, error) {
	return func(b []byte, err error) ([]byte, error) {
		if err == nil {
			m.pageSums.put(name, sumOf(b))
		}
		return b, err
	}
}

// pageSum is the digest of the page j renders.
func (m *Model) pageSum(j job) (fileSum, error) {
	if f, ok := m.pageSums.get(j.name); ok {
		return f, nil
	}
	b, err := j.render()
	if err != nil {
		return fileSum{}, err
	}
	f := sumOf(b)
	m.pageSums.put(j.name, f)
	return f, nil
}

// variantSum is the digest of a photo variant: recorded by publishPhoto,
// which a build runs before the pages; serve copies files while it
// renders, so a manifest may have to make the variants itself.
func (m *Model) variantSum(p *photoInfo, w int) (fileSum, error) {
	key := mediaPath(p.e, p.variant(w))
	if f, ok := m.fileSums.get(key); ok {
		return f, nil
	}
	if _, err := m.photoVariants(p, semaphore.NewWeighted(photoBudget)); err != nil {
		return fileSum{}, err
	}
	f, _ := m.fileSums.get(key)
	return f, nil
}

// audioSum is the digest of an audio file, read once.
func (m *Model) audioSum(e *content.Entry, name string) (fileSum, error) {
	key := mediaPath(e, name)
	if f, ok := m.fileSums.get(key); ok {
		return f, nil
	}
	b, err := fs.ReadFile(m.Source, e.Dir+"/"+name)
	if err != nil {
		return fileSum{}, err
	}
	f := sumOf(b)
	m.fileSums.put(key, f)
	return f, nil
}

// phoneWidth is the variant a pack keeps of each photo: the one a page's
// src names (at most 960 px wide), which a phone's screen picks; the
// service worker answers a request for another width of the same photo
// with it.
func phoneWidth(p *photoInfo) int {
	w := p.widths[0]
	for _, vw := range p.widths {
		if vw <= 960 {
			w = vw
		}
	}
	return w
}

// manifest lists a pack's files in lang: its pages (the tour or the
// province's list, every entry and its short link, the offline page), the stylesheet, the
// scripts and icon, each page's photos at phone size and audio guides.
func (m *Model) manifest(lang string, pk pack) ([]byte, error) {
	mf := packManifest{Lang: lang, Offline: m.urls.Rel(offlinePath(lang))}
	h := sha256.New()
	seen := map[string]bool{}
	var photos, audio int
	add := func(url string, f fileSum) {
		if seen[url] {
			return
		}
		seen[url] = true
		mf.Files = append(mf.Files, manifestFile{URL: url, Bytes: f.size, Sum: hex.EncodeToString(f.sum[:8])})
		mf.Bytes += f.size
		fmt.Fprintf(h, "%s %x\n", url, f.sum)
	}
	// A page, photo or audio file that fails is left out: its own output
	// reports the failure, and the build publishes nothing.
	addPage := func(j job, title string) {
		f, err := m.pageSum(j)
		if err != nil {
			return
		}
		url := m.urls.Rel(strings.TrimSuffix(j.name, "index.html"))
		if title != "" {
			mf.Pages = append(mf.Pages, manifestPage{Title: title, URL: url})
		}
		add(url, f)
	}
	addMedia := func(e *content.Entry, lang string) {
		d, _ := e.Doc(lang)
		for _, ph := range d.Front.Photos {
			p := m.media.photo(e, ph.Src)
			if p == nil {
				continue
			}
			w := phoneWidth(p)
			f, err := m.variantSum(p, w)
			if err != nil {
				continue
			}
			if u := m.variantURL(p, w); !seen[u] {
				photos++
				add(u, f)
			}
		}
		for _, a := range d.Front.Audio {
			if _, ok := m.media.audio[mediaKey(e, a.Src)]; !ok {
				continue
			}
			f, err := m.audioSum(e, a.Src)
			if err != nil {
				continue
			}
			if u := m.urls.Rel(mediaPath(e, escapePath(a.Src))); !seen[u] {
				audio++
				add(u, f)
			}
		}
	}
	near := m.nearby()
	if pk.home != nil {
		d, _ := pk.home.Doc(lang)
		mf.Title = d.Front.Title
		mf.URL = m.urls.Rel(EntryPath(lang, pk.home))
		addPage(m.entryJob(lang, pk.home, near[pk.home]), d.Front.Title)
		addMedia(pk.home, lang)
	} else {
		mf.Title = pk.title
		// The list that holds the pack's button: the section page, or on
		// a long list the province's page.
		list := m.packListJob(lang, pk.kind, pk.prov)
		mf.URL = m.urls.Rel(strings.TrimSuffix(list.name, "index.html"))
		addPage(list, "")
	}
	entries := pk.entries
	if pk.home == nil {
		// A province's list in the order the list shows it.
		entries = append([]*content.Entry(nil), entries...)
		c := collator(lang)
		sort.SliceStable(entries, func(i, j int) bool {
			a, _ := entries[i].Doc(lang)
			b, _ := entries[j].Doc(lang)
			if r := c.CompareString(a.Front.Title, b.Front.Title); r != 0 {
				return r < 0
			}
			return a.Front.ID < b.Front.ID
		})
	}
	for _, e := range entries {
		d, _ := e.Doc(lang)
		addPage(m.entryJob(lang, e, near[e]), d.Front.Title)
		// The placard's QR code at the stop opens the short link.
		addPage(m.shortJob(e), "")
		addMedia(e, lang)
	}
	addPage(m.offlinePageJob(lang), "")
	add(m.urls.Rel(m.cssPath), sumOf([]byte(m.css)))
	for _, name := range []string{"offline.js", "favicon.svg"} {
		b, err := m.theme.Asset("static/" + name)
		if err != nil {
			continue // a site's theme without it
		}
		u := m.urls.Rel(name)
		if name == "offline.js" {
			u = (&Page{m: m}).Static(name)
		}
		add(u, sumOf(b))
	}
	pages := len(mf.Pages)
	if pk.home == nil {
		pages++ // the list itself
	}
	mf.Version = hex.EncodeToString(h.Sum(nil))[:16]
	mf.Summary = m.packSummary(lang, mf.Bytes, pages, photos, audio)
	return json.Marshal(mf)
}

// packSummary is a pack's size in words: "2,4 MB: 6 trang, 12 ảnh, 2 bài
// thuyết minh", leaving out what it has none of.
func (m *Model) packSummary(lang string, bytes int64, pages, photos, audio int) string {
	t := func(one, many string, n int) string {
		k := many
		if n == 1 {
			k = one
		}
		return strings.ReplaceAll(m.i18n.T(lang, k), "%d", fmt.Sprint(n))
	}
	parts := []string{t("offline_page", "offline_pages", pages)}
	if photos > 0 {
		parts = append(parts, t("offline_photo", "offline_photos", photos))
	}
	if audio > 0 {
		parts = append(parts, t("offline_audio", "offline_audios", audio))
	}
	return media.FormatSize(bytes, m.decimal(lang)) + ": " + strings.Join(parts, ", ")
}
