package config

import "strconv"

// Nearby bounds the "nearby" list of an entry page: a place 500 km away is
// not nearby, and a visitor on foot is better shown nothing.
type Nearby struct {
	// MaxKm is the greatest distance listed, in kilometres; default
	// DefaultNearbyKm.
	MaxKm float64 `yaml:"maxKm"`
}

// DefaultNearbyKm is a morning's drive from a relic site in a rural district.
const DefaultNearbyKm = 50

// validatePlacardLanguages checks placards.languages: languages of the
// site, each listed once, the default language first, at most two (the
// code leaves room for two titles). Unset, it defaults to what placards
// printed before it existed: the default language, with the second site
// language's title and kind line under it (PlacardLanguagesSet).
func (s *Site) validatePlacardLanguages(errf func(int, string, ...any)) {
	if len(s.Placards.Languages) == 0 {
		for i, l := range s.Languages {
			if i < 2 {
				s.Placards.Languages = append(s.Placards.Languages, l.Code)
			}
		}
		return
	}
	seen := map[string]bool{}
	for i, code := range s.Placards.Languages {
		line := s.Line("placards", "languages", strconv.Itoa(i))
		if _, ok := s.Language(code); !ok {
			errf(line, "placard language %q is not one of the site's languages (languages: …)", code)
		}
		if seen[code] {
			errf(line, "placard language %q is listed twice", code)
		}
		seen[code] = true
		if i == 0 && len(s.Languages) > 0 && code != s.Languages[0].Code {
			errf(line, "placard languages must start with the default language %s: a placard's title is the entry's %s title (placards: {languages: [%s, %s]})", s.Languages[0].Code, s.Languages[0].Code, s.Languages[0].Code, code)
		}
		if i == 2 {
			errf(line, "a placard prints at most two languages: the code leaves room for two titles (drop %q)", code)
		}
	}
}

// PlacardLanguagesSet reports whether site.yaml lists placards.languages.
// A second language listed there prints its summary too; one taken by
// default prints only its title and kind line, as placards did before the
// setting existed, so that their PDFs do not change.
func (s *Site) PlacardLanguagesSet() bool { return s.Line("placards", "languages") > 0 }

func (s *Site) validateNearby(errf func(int, string, ...any)) {
	switch {
	case s.Nearby.MaxKm == 0:
		s.Nearby.MaxKm = DefaultNearbyKm
	case s.Nearby.MaxKm < 0 || s.Nearby.MaxKm > 20000:
		errf(s.Line("nearby", "maxKm"), "nearby maxKm %v must be a distance in kilometres, e.g. 50", s.Nearby.MaxKm)
	}
}
