package config

import (
	"strings"
	"testing"
)

func TestZoomLibraryIsAFolderOnThisHostOrHTTPS(t *testing.T) {
	for lib, want := range map[string]string{
		"/vendor/openseadragon":                       "/vendor/openseadragon/",
		"https://cdn.example.vn/openseadragon/5.0.1/": "https://cdn.example.vn/openseadragon/5.0.1/",
	} {
		s, diags := load(t, "zoom:\n  library: "+lib+"\n")
		if len(diags) > 0 || s == nil || s.Zoom.Library != want {
			t.Errorf("library %s: %v, %v", lib, diags, s)
		}
	}
	for _, lib := range []string{"vendor/osd/", "http://cdn.example.vn/osd/", "//cdn.example.vn/osd/", "javascript:alert(1)", "/osd/?v=1"} {
		_, diags := load(t, "zoom:\n  library: \""+lib+"\"\n")
		want := `site.yaml:6: zoom library "` + lib + `" must be a folder on this host such as /vendor/openseadragon/ or an https address`
		if len(diags) != 1 || diags[0] != want {
			t.Errorf("library %s: %v, want %s", lib, diags, want)
		}
	}
	if _, diags := load(t, "zoom:\n  libary: /osd/\n"); len(diags) != 1 || !strings.HasPrefix(diags[0], "site.yaml:6:") {
		t.Errorf("a misspelled key: %v", diags)
	}
}
