package report

import (
	"time"

	"github.com/diachido/diachido/generator/config"
	"github.com/diachido/diachido/generator/content"
)

// NoProvince is the province key of entries that name none.
const NoProvince = "-"

// Coverage is the guide's scorecard: for each kind of entry (sites,
// markers, tours) and, for sites and markers, each province, how many
// entries there are and how many of them have each thing a complete entry
// has. Every figure is a count of entries; a share is that count divided
// by Entries. In JSON:
//
//	"coverage": {
//	  "asOf": "2026-12-01",
//	  "languages": ["en"],
//	  "kinds": {"sites": {…}, "markers": {…}, "tours": {…}},
//	  "provinces": {"Đồng Nai": {"sites": {…}, "markers": {…}}, "-": {…}}
//	}
//
// where each {…} is a Stats.
type Coverage struct {
	// AsOf is the day "within 12 months" is counted back from.
	AsOf string `json:"asOf"`
	// Languages are the site's languages other than the default: those
	// Stats.Translated counts.
	Languages []string                     `json:"languages"`
	Kinds     map[string]*Stats            `json:"kinds"`
	Provinces map[string]map[string]*Stats `json:"provinces"`
}

// Stats counts the entries of one kind (in one province) and those that
// have each part.
type Stats struct {
	Entries int `json:"entries"`
	Photo   int `json:"photo"`
	Audio   int `json:"audio"`
	Video   int `json:"video"`
	Sources int `json:"sources"`
	// Updated: an updated date within the last 12 months.
	Updated int `json:"updated12m"`
	// Translated counts, per language, the entries translated into it.
	Translated map[string]int `json:"translated"`
	// StaleTranslations counts translations older than their text.
	StaleTranslations int `json:"staleTranslations"`
	// PlacardsInstalled: placard.installed is set; PlacardsChecked:
	// placard.checked within the last 12 months.
	PlacardsInstalled int `json:"placardsInstalled"`
	PlacardsChecked   int `json:"placardsChecked12m"`
}

// coverageKinds are the kinds the scorecard counts (free pages are not).
var coverageKinds = []content.Kind{content.Site, content.Marker, content.Tour}

func measure(cfg *config.Site, col *content.Collection, stale []content.Stale, now time.Time) *Coverage {
	cov := &Coverage{AsOf: now.Format("2006-01-02"), Languages: []string{}, Kinds: map[string]*Stats{}, Provinces: map[string]map[string]*Stats{}}
	for _, l := range cfg.Languages[1:] {
		cov.Languages = append(cov.Languages, l.Code)
	}
	newStats := func() *Stats {
		s := &Stats{Translated: map[string]int{}}
		for _, l := range cov.Languages {
			s.Translated[l] = 0
		}
		return s
	}
	for _, k := range coverageKinds {
		cov.Kinds[string(k)] = newStats()
	}
	staleOf := map[*content.Entry]int{}
	for _, s := range stale {
		staleOf[s.Entry]++
	}
	yearAgo := now.AddDate(-1, 0, 0)
	within := func(date string) bool {
		t, err := time.Parse("2006-01-02", date)
		return err == nil && !t.Before(yearAgo) && !t.After(now)
	}
	for _, e := range col.Entries {
		kind := cov.Kinds[string(e.Kind)]
		if kind == nil {
			continue
		}
		targets := []*Stats{kind}
		if e.Kind.Located() {
			p := e.Default.Front.Province
			if p == "" {
				p = NoProvince
			}
			if cov.Provinces[p] == nil {
				cov.Provinces[p] = map[string]*Stats{}
			}
			if cov.Provinces[p][string(e.Kind)] == nil {
				cov.Provinces[p][string(e.Kind)] = newStats()
			}
			targets = append(targets, cov.Provinces[p][string(e.Kind)])
		}
		f := e.Default.Front
		for _, s := range targets {
			s.Entries++
			s.Photo += b2i(len(f.Photos) > 0)
			s.Audio += b2i(len(f.Audio) > 0)
			s.Video += b2i(len(f.Videos) > 0)
			s.Sources += b2i(len(f.Sources) > 0)
			s.Updated += b2i(within(f.Updated))
			for _, l := range cov.Languages {
				if _, ok := e.Docs[l]; ok {
					s.Translated[l]++
				}
			}
			s.StaleTranslations += staleOf[e]
			if f.Placard != nil {
				s.PlacardsInstalled += b2i(f.Placard.Installed != "")
				s.PlacardsChecked += b2i(within(f.Placard.Checked))
			}
		}
	}
	return cov
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
