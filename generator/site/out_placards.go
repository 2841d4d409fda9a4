package site

import "github.com/diachido/diachido/generator/placard"

// The placards: a PDF per site or marker and paper size, the print-shop
// files of each size, and the editors' list of them in every language,
// /<lang>/placards/. Drawing and caching them is placards.go's.

// placardPageJobs are the list of placards in every language, when the
// site has any placard.
func (m *Model) placardPageJobs() []job {
	if !m.hasPlacards() {
		return nil
	}
	var jobs []job
	for _, lang := range m.Langs {
		jobs = append(jobs, m.placardListJobs(lang)...)
	}
	return jobs
}

// placardListJobs are the pages of lang's list of placards: perPage rows
// a page, in ID order, /<lang>/placards/ then page/2/ and so on.
func (m *Model) placardListJobs(lang string) []job {
	jobs := []job{m.placardsPageJob(lang)}
	// Counted once: PlacardEntries sorts every entry (at 100,000 entries,
	// once per page of 200 was minutes).
	pages := pagesOf(len(m.PlacardEntries()))
	for n := 2; n <= pages; n++ {
		jobs = append(jobs, m.placardsListPage(lang, n))
	}
	return jobs
}

// sitePlacardJobs are every placard and print-shop file, unless the load
// left placards out (LoadOptions.NoPlacards).
func (m *Model) sitePlacardJobs() []job {
	if m.noPlacards {
		return nil
	}
	return m.placardJobs(nil)
}

// placardJobs renders every placard in every paper size (or only those of
// the IDs in ids), and the print-shop files of each size (batchPlacard).
// Each print-shop file comes right after the placards it holds, so their
// layouts, computed once for both, are dropped soon.
func (m *Model) placardJobs(ids map[string]bool) []job {
	entries := m.PlacardEntries()
	if len(entries) == 0 {
		return nil
	}
	logo, logoType := m.logo()
	all := make([]placard.Data, len(entries))
	for i, e := range entries {
		all[i] = m.placardData(e)
		all[i].Logo, all[i].LogoType = logo, logoType
	}
	var jobs []job
	for _, paper := range m.Config.Placards.Paper {
		// Each layout serves the placard's PDF and its page in a
		// print-shop file; a user that finds its PDF in the cache never
		// asks for it.
		layouts := make([]twice[*placard.Layout], len(all))
		for _, b := range batches(len(all)) {
			for i := b.from; i < b.to; i++ {
				if ids != nil && !ids[all[i].ID] {
					continue
				}
				jobs = append(jobs, job{name: Placard(all[i].ID, paper), render: func() ([]byte, error) {
					return m.cachedPlacards(all[i:i+1], paper, layouts[i:i+1])
				}})
			}
			jobs = append(jobs, job{name: batchPlacard(paper, b, len(all)), render: func() ([]byte, error) {
				return m.cachedPlacards(all[b.from:b.to], paper, layouts[b.from:b.to])
			}})
		}
	}
	return jobs
}

// BatchView links the print-shop files of one paper size.
type BatchView struct {
	Paper string
	Files []LinkView // one per file; Title is its ID range when there are several
}

// PlacardsView is the editors' list of placards.
type PlacardsView struct {
	// Rows are the placards, one line per site or marker, in ID order.
	Rows []PlacardRow
	// Batches are the print-shop files, by paper size.
	Batches []BatchView
	// Split is true when the placards of a size fill several print-shop
	// files (more than placardsPerFile placards).
	Split bool
	// HasLife is true when a row has a placard: field (Installed,
	// Checked, Material or Location).
	HasLife bool
	// HasScans is true when the site source has reports/scans.json; its
	// months are ScansFrom to ScansTo ("2026-01", "2026-11").
	HasScans           bool
	ScansFrom, ScansTo string
	// AsOf is the day NeedsCheck is judged by, written for the language:
	// the newest date in the guide, never the day of the build.
	AsOf string // Pager is set when the list has more than one page (perPage rows
	// each).
	Pager *PagerView
}

// PlacardRow is one line of the editors' placard list.
type PlacardRow struct {
	ID    string
	Title string
	URL   string
	Short string
	Files []LinkView
	// Installed and Checked are the placard's dates (placard: in the
	// front matter) written for the language, or "".
	Installed, Checked string
	// NeedsCheck: nobody has checked the placard for more than a year
	// before PlacardsView.AsOf.
	NeedsCheck bool
	// Material and Location say what the placard is made of and where it
	// hangs, in the language shown, or "".
	Material, Location string
	// Scans is the placard's total in reports/scans.json (when HasScans).
	Scans int
}

// placardsPageJob is the first page of lang's list of placards (all of
// it on a site of at most perPage placards).
func (m *Model) placardsPageJob(lang string) job { return m.placardsListPage(lang, 1) }

// placardsListPage is page n of lang's list of placards.
func (m *Model) placardsListPage(lang string, n int) job {
	pathOf := func(l string, i int) string { return pagedPath(l+"/placards/", i) }
	return job{name: file(pathOf(lang, n)), render: func() ([]byte, error) {
		p := pathOf(lang, n)
		pg := m.page(lang, "placards", p)
		pg.Title = pageTitle(pg, pg.T("placards"), n)
		pg.NoIndex = true
		m.allLangs(pg, func(l string) string { return pathOf(l, n) })
		// HasLife is the whole list's, so that every page has the same
		// columns.
		entries, asOf, hasLife := m.placardList(lang)
		var rows []PlacardRow
		var pager *PagerView
		if pages := pagesOf(len(entries)); pages > 1 {
			pager = m.pager(lang, pathOf, n, pages)
		}
		for _, e := range entries[(n-1)*perPage : min(n*perPage, len(entries))] {
			d, _ := e.Doc(lang)
			r := PlacardRow{ID: e.ID(), Title: d.Front.Title, URL: m.urls.Rel(EntryPath(lang, e)), Short: m.urls.Abs(Short(e.ID()))}
			if p := d.Front.Placard; p != nil {
				r.Installed, r.Checked = m.placardDay(lang, p.Installed), m.placardDay(lang, p.Checked)
				r.Material, r.Location = p.Material, p.Location
				r.NeedsCheck = needsCheck(p, asOf)
			}
			r.Scans, _ = m.scans.scansOf(e.ID())
			for _, paper := range m.Config.Placards.Paper {
				r.Files = append(r.Files, LinkView{Title: paper, URL: m.urls.Rel(Placard(e.ID(), paper))})
			}
			rows = append(rows, r)
		}
		var views []BatchView
		for _, paper := range m.Config.Placards.Paper {
			v := BatchView{Paper: paper}
			for _, b := range batches(len(entries)) {
				title := paper
				if len(entries) > batchSize {
					title = entries[b.from].ID() + " – " + entries[b.to-1].ID()
				}
				v.Files = append(v.Files, LinkView{Title: title, URL: m.urls.Rel(batchPlacard(paper, b, len(entries)))})
			}
			views = append(views, v)
		}
		pg.Placards = &PlacardsView{Rows: rows, Batches: views, Split: len(entries) > batchSize, HasLife: hasLife, Pager: pager}
		if r := m.scans; r != nil {
			pg.Placards.HasScans, pg.Placards.ScansFrom, pg.Placards.ScansTo = true, r.Period.From, r.Period.To
		}
		if !asOf.IsZero() {
			pg.Placards.AsOf = m.i18n.Date(lang, asOf)
		}
		return m.theme.Render(pg.Layout, pg)
	}}
}
