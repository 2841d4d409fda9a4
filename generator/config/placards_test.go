package config

import (
	"strings"
	"testing"
)

const laoYAML = "  - code: lo\n    title: ທີ່ຢູ່ສີແດງ\n  - code: en\n    title: Red Addresses\n"

func TestPlacardLanguages(t *testing.T) {
	s, errs := load(t, laoYAML)
	if len(errs) > 0 || strings.Join(s.Placards.Languages, ",") != "vi,lo" || s.PlacardLanguagesSet() {
		t.Errorf("unset: %v, set=%v, %q; want the first two site languages, as placards printed before", s.Placards.Languages, s.PlacardLanguagesSet(), errs)
	}
	s, errs = load(t, laoYAML+"placards:\n  languages: [vi, en]\n")
	if len(errs) > 0 || strings.Join(s.Placards.Languages, ",") != "vi,en" || !s.PlacardLanguagesSet() {
		t.Errorf("[vi, en]: %v, %q", s.Placards.Languages, errs)
	}
	s, _ = load(t, "")
	if strings.Join(s.Placards.Languages, ",") != "vi" {
		t.Errorf("one-language site: %v", s.Placards.Languages)
	}
	for _, c := range []struct{ yaml, want string }{
		{"placards:\n  languages: [vi, km]\n", `site.yaml:10: placard language "km" is not one of the site's languages`},
		{"placards:\n  languages: [vi, vi]\n", `site.yaml:10: placard language "vi" is listed twice`},
		{"placards:\n  languages: [lo, vi]\n", `site.yaml:10: placard languages must start with the default language vi`},
		{"placards:\n  languages: [vi, lo, en]\n", `site.yaml:10: a placard prints at most two languages: the code leaves room for two titles (drop "en")`},
	} {
		_, errs := load(t, laoYAML+c.yaml)
		if len(errs) != 1 || !strings.HasPrefix(errs[0], c.want) {
			t.Errorf("%q:\n got %q\nwant %q", c.yaml, errs, c.want)
		}
	}
}

func TestNearbyMaxKm(t *testing.T) {
	if s, errs := load(t, ""); len(errs) > 0 || s.Nearby.MaxKm != DefaultNearbyKm {
		t.Errorf("default maxKm %v, %q", s.Nearby.MaxKm, errs)
	}
	if s, errs := load(t, "nearby: {maxKm: 12.5}\n"); len(errs) > 0 || s.Nearby.MaxKm != 12.5 {
		t.Errorf("maxKm 12.5: %v, %q", s.Nearby.MaxKm, errs)
	}
	if _, errs := load(t, "nearby: {maxKm: -3}\n"); len(errs) != 1 || !strings.HasPrefix(errs[0], "site.yaml:5: nearby maxKm -3 must be a distance in kilometres") {
		t.Errorf("maxKm -3: %q", errs)
	}
}
