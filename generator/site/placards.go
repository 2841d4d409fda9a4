package site

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/diachido/diachido/generator/cache"
	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/placard"
)

// placardVersion changes whenever placard output changes for the same input,
// so that cached PDFs of an older design are not reused.
const placardVersion = "placard-1"

// HasPlacard reports whether an entry gets a placard: relic sites and
// border markers, the things with a gate or a post to screw it to.
func HasPlacard(e *content.Entry) bool { return e.Kind.Located() }

// PlacardEntries returns the entries that get placards, in ID order.
func (m *Model) PlacardEntries() []*content.Entry {
	var out []*content.Entry
	for _, e := range m.Content.Entries {
		if HasPlacard(e) {
			out = append(out, e)
		}
	}
	sortByID(out)
	return out
}

// sortByID sorts es in place by ID; callers pass their own slice, never
// the shared one from Collection.OfKind.
func sortByID(es []*content.Entry) {
	sort.Slice(es, func(i, j int) bool { return es[i].ID() < es[j].ID() })
}

// PlacardData is what e's placard shows: the default-language title and,
// when the entry is translated, the second language's; a kind line; the
// summary; the short link; a bilingual call to action.
func (m *Model) PlacardData(e *content.Entry) placard.Data {
	def := m.Langs[0]
	f := e.Default.Front
	d := placard.Data{
		ID:           f.ID,
		URL:          m.URLs.Abs(Short(f.ID)),
		Title:        f.Title,
		KindLine:     m.kindLine(e, def),
		Summary:      f.Summary,
		Organization: m.Config.Organization,
		CallToAction: []string{m.I18n.T(def, "placard_cta")},
	}
	if len(m.Langs) > 1 {
		alt := m.Langs[1]
		if doc, ok := e.Docs[alt]; ok {
			d.TitleAlt = doc.Front.Title
			d.KindLineAlt = m.kindLine(e, alt)
		}
		if cta := m.I18n.T(alt, "placard_cta"); cta != d.CallToAction[0] {
			d.CallToAction = append(d.CallToAction, cta)
		}
	}
	d.Logo, d.LogoType = m.logo()
	return d
}

func (m *Model) logo() ([]byte, string) {
	if m.Config.Logo == "" {
		return nil, ""
	}
	b, err := fs.ReadFile(m.Source, m.Config.Logo)
	if err != nil {
		return nil, ""
	}
	if strings.EqualFold(path.Ext(m.Config.Logo), ".png") {
		return b, "PNG"
	}
	return b, "JPG"
}

// kindLine is "Di tích lịch sử · Di tích quốc gia" for a site and
// "Mốc chính số 692 · Việt Nam – Lào" for a marker.
func (m *Model) kindLine(e *content.Entry, lang string) string {
	t := func(k string) string { return m.I18n.T(lang, k) }
	f := e.Default.Front
	var parts []string
	switch e.Kind {
	case content.Site:
		if f.Category != "" {
			parts = append(parts, t("category_"+f.Category))
		}
		if f.Rank != "" {
			parts = append(parts, t("rank_"+f.Rank))
		}
	case content.Marker:
		if mk := f.Marker; mk != nil {
			parts = append(parts, fmt.Sprintf(t("placard_marker_number"), t("marker_type_"+mk.Type), mk.Number), m.borderName(mk.Border, lang))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, t("kind_"+string(e.Kind)))
	}
	return strings.Join(parts, " · ")
}

// RenderPlacard returns the PDF of one placard, from the cache when nothing
// it shows has changed.
func (m *Model) RenderPlacard(d placard.Data, paper string) ([]byte, error) {
	return m.cachedPlacards([]placard.Data{d}, paper)
}

func (m *Model) placardOptions(paper string) placard.Options {
	return placard.Options{Paper: paper, Bleed: m.Config.Placards.Bleed, CreationDate: m.Created}
}

func (m *Model) cachedPlacards(ds []placard.Data, paper string) ([]byte, error) {
	o := m.placardOptions(paper)
	in, _ := json.Marshal(struct {
		D []placard.Data
		O placard.Options
	}{ds, o})
	key := cache.Key([]byte(placardVersion), in)
	if b, ok := m.Cache.Get("placards", key); ok {
		return b, nil
	}
	var b []byte
	var err error
	if len(ds) == 1 {
		b, err = placard.Render(ds[0], o)
	} else {
		b, err = placard.RenderBatch(ds, o)
	}
	if err != nil {
		return nil, err
	}
	m.Cache.Put("placards", key, b)
	return b, nil
}

// placardJobs renders every placard in every paper size, and one batch file
// per size for the print shop.
func (m *Model) placardJobs(ids map[string]bool) []job {
	var jobs []job
	entries := m.PlacardEntries()
	if len(entries) == 0 {
		return nil
	}
	var all []placard.Data
	for _, e := range entries {
		all = append(all, m.PlacardData(e))
	}
	for _, paper := range m.Config.Placards.Paper {
		for _, d := range all {
			if ids != nil && !ids[d.ID] {
				continue
			}
			jobs = append(jobs, job{Placard(d.ID, paper), func() ([]byte, error) {
				return m.RenderPlacard(d, paper)
			}})
		}
		jobs = append(jobs, job{BatchPlacard(paper), func() ([]byte, error) {
			return m.cachedPlacards(all, paper)
		}})
	}
	return jobs
}

// BatchPlacard is the print-shop file holding every placard of one size.
func BatchPlacard(paper string) string {
	return "placards/all-" + strings.ToLower(paper) + ".pdf"
}

// PlacardRow is one line of the editors' placard list.
type PlacardRow struct {
	ID    string
	Title string
	URL   string
	Short string
	Files []LinkView
}

func (m *Model) placardsPageJob(lang string) job {
	return job{file(lang + "/placards/"), func() ([]byte, error) {
		p := lang + "/placards/"
		pg := m.page(lang, "placards", p)
		pg.Title = pg.T("placards")
		pg.NoIndex = true
		m.allLangs(pg, func(l string) string { return l + "/placards/" })
		var rows []PlacardRow
		for _, e := range m.PlacardEntries() {
			d, _ := e.Doc(lang)
			r := PlacardRow{ID: e.ID(), Title: d.Front.Title, URL: m.URLs.Rel(EntryPath(lang, e)), Short: m.URLs.Abs(Short(e.ID()))}
			for _, paper := range m.Config.Placards.Paper {
				r.Files = append(r.Files, LinkView{Title: paper, URL: m.URLs.Rel(Placard(e.ID(), paper))})
			}
			rows = append(rows, r)
		}
		var batches []LinkView
		for _, paper := range m.Config.Placards.Paper {
			batches = append(batches, LinkView{Title: paper, URL: m.URLs.Rel(BatchPlacard(paper))})
		}
		b, err := m.Theme.Render("placards", struct {
			*Page
			Rows    []PlacardRow
			Batches []LinkView
		}{pg, rows, batches})
		return b, err
	}}
}
