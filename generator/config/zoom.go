package config

import (
	"net/url"
	"strings"
)

// Zoom configures the deep-zoom viewer of large images (exhibitions): by
// default pages load OpenSeadragon from a pinned unpkg.com address, and
// only when the visitor taps "Phóng to / Zoom".
type Zoom struct {
	// Library is the folder pages load openseadragon.min.js from instead:
	// a path on the site's host such as /vendor/openseadragon/ or an https
	// URL. The file must be the same version: the same integrity hash is
	// checked.
	Library string `yaml:"library"`
}

func (s *Site) validateZoom(errf func(int, string, ...any)) {
	lib := s.Zoom.Library
	if lib == "" {
		return
	}
	u, err := url.Parse(lib)
	if err != nil || u.RawQuery != "" || u.Fragment != "" || u.User != nil || !(u.Scheme == "https" && u.Host != "" || u.Scheme == "" && u.Host == "" && strings.HasPrefix(lib, "/") && !strings.HasPrefix(lib, "//")) {
		errf(s.Line("zoom", "library"), "zoom library %q must be a folder on this host such as /vendor/openseadragon/ or an https address", lib)
		return
	}
	if !strings.HasSuffix(lib, "/") {
		s.Zoom.Library += "/"
	}
}
