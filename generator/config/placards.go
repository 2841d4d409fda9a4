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

// validatePlacardLanguages defaults placards.languages to the default
// language and checks that each is a language of the site, listed once.
func (s *Site) validatePlacardLanguages(errf func(int, string, ...any)) {
	if len(s.Placards.Languages) == 0 {
		if len(s.Languages) > 0 {
			s.Placards.Languages = []string{s.Languages[0].Code}
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
	}
}

func (s *Site) validateNearby(errf func(int, string, ...any)) {
	switch {
	case s.Nearby.MaxKm == 0:
		s.Nearby.MaxKm = DefaultNearbyKm
	case s.Nearby.MaxKm < 0 || s.Nearby.MaxKm > 20000:
		errf(s.Line("nearby", "maxKm"), "nearby maxKm %v must be a distance in kilometres, e.g. 50", s.Nearby.MaxKm)
	}
}
