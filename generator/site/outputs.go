package site

// Every kind of file the site publishes is an output: a file of its own
// here (out_*.go; the stylesheet's is css.go) that lists the output's
// files as jobs, and one line in the list outputs below. Render, Plan
// (serve) and Check take the site's files from that list alone, so adding
// an output touches its own file and one line of the list.

// job renders one output file. Its name is known before it runs, so that
// serve can render a single page on demand.
type job struct {
	name   string
	render func() ([]byte, error)
	// recycle says that render returns a page straight from Theme.Render,
	// held by nothing else, which run gives back once it is written.
	recycle bool
}

// An outputKind is one kind of file the site publishes.
type outputKind struct {
	name string
	// counts says what its files are in Stats.
	counts counted
	// Exactly one of site and lang is set: site lists the output's files
	// for the whole site, lang its files in one language.
	site func(m *Model) []job
	lang func(m *Model, lang string) []job
}

// counted says what the files of an output count as in Stats.
type counted int

const (
	countPage    counted = iota // an HTML page (Stats.Pages)
	countPlacard                // a placard or a print-shop file (Stats.Placards)
	countFile                   // a file for scripts, crawlers or the host
)

// outputs is every kind of file the site publishes, in the order Render
// writes them: pages, then placards, then the other files. Outputs with a
// lang func that follow one another are listed language by language (the
// vi lists and entry pages, then the en ones). An output whose files exist in every language
// or in none (the placard lists) lists them all with a site func, which
// also keeps it out of its neighbours' language-by-language run.
//
// `diachido placards` refreshes only the placards and their lists: Placards
// takes placardJobs and placardListJobs from out_placards.go.
var outputs = []outputKind{
	{name: "language chooser", counts: countPage, site: one((*Model).rootJob)},         // out_root.go
	{name: "home and section lists", counts: countPage, lang: (*Model).listJobs},       // out_lists.go
	{name: "province pages", counts: countPage, lang: (*Model).provinceJobs},           // out_provinces.go
	{name: "entry pages", counts: countPage, lang: (*Model).entryJobs},                 // out_entries.go
	{name: "retired IDs", counts: countPage, site: (*Model).retiredJobs},               // out_retired.go
	{name: "short links and aliases", counts: countPage, site: (*Model).shortLinkJobs}, // out_short.go
	{name: "placard lists", counts: countPage, site: (*Model).placardPageJobs},         // out_placards.go
	{name: "search page", counts: countPage, lang: oneLang((*Model).searchPageJob)},    // out_search.go
	{name: "map page", counts: countPage, lang: (*Model).mapPageJobs},                  // out_map.go
	{name: "offline page", counts: countPage, lang: oneLang((*Model).offlinePageJob)},  // out_offline.go
	{name: "not found", counts: countPage, site: one((*Model).notFoundJob)},            // out_404.go
	{name: "placards", counts: countPlacard, site: (*Model).sitePlacardJobs},           // out_placards.go
	{name: "share cards", counts: countFile, site: (*Model).cardJobs},                  // card.go
	{name: "deep-zoom tiles", counts: countFile, site: (*Model).iiifJobs},              // iiif.go
	{name: "sitemap", counts: countFile, site: (*Model).sitemapJobs},                   // out_sitemap.go
	{name: "robots.txt", counts: countFile, site: one((*Model).robotsJob)},             // out_robots.go
	{name: "GeoJSON", counts: countFile, site: one((*Model).geojsonJob)},               // out_geojson.go
	{name: "redirects", counts: countFile, site: one((*Model).redirectsJob)},           // out_redirects.go
	{name: "stylesheet", counts: countFile, site: one((*Model).cssJob)},                // css.go
	{name: "search files", counts: countFile, site: (*Model).searchFileJobs},           // out_search.go
	{name: "map cells", counts: countFile, lang: (*Model).mapCellJobs},                 // out_map.go
	{name: "offline packs", counts: countFile, lang: (*Model).offlineJobs},             // out_offline.go
	{name: "form editor", counts: countFile, site: (*Model).adminJobs},                 // out_admin.go
}

// one adapts an output of a single file.
func one(f func(*Model) job) func(*Model) []job {
	return func(m *Model) []job { return []job{f(m)} }
}

// oneLang adapts an output of a single file per language.
func oneLang(f func(*Model, string) job) func(*Model, string) []job {
	return func(m *Model, lang string) []job { return []job{f(m, lang)} }
}

// jobs lists every file Render writes, unrendered, in the order of
// outputs, and how many of them are pages and placards.
func (m *Model) jobs() (jobs []job, pages, placards int) {
	add := func(o outputKind, js []job) {
		jobs = append(jobs, js...)
		switch o.counts {
		case countPage:
			pages += len(js)
		case countPlacard:
			placards += len(js)
		}
	}
	for i := 0; i < len(outputs); {
		if o := outputs[i]; o.site != nil {
			add(o, o.site(m))
			i++
			continue
		}
		n := 1
		for i+n < len(outputs) && outputs[i+n].lang != nil {
			n++
		}
		for _, lang := range m.Langs {
			for _, o := range outputs[i : i+n] {
				add(o, o.lang(m, lang))
			}
		}
		i += n
	}
	return jobs, pages, placards
}
