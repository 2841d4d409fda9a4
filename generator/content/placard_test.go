package content

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/diachido/diachido/generator/diag"
)

const placardSite = "content/sites/dinh-phu-my/index.vi.md"

// placardEntry is a site whose front matter ends with placard, on line 6.
func placardEntry(placard string) string {
	return "---\nid: NT-002\ntitle: Đình Phú Mỹ\nsummary: Ngôi đình cổ.\nlocation: {lat: 10.7452, lng: 106.8968}\n" + placard + "updated: 2026-11-25\nsources: [{title: Sở VH-TT-DL Đồng Nai}]\n---\nĐình.\n"
}

var placardNow = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func loadPlacards(t *testing.T, files map[string]string) (*Collection, []string) {
	t.Helper()
	fsys := fstest.MapFS{}
	for n, s := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(s)}
	}
	var diags diag.List
	c := Load(fsys, Options{Languages: []string{"vi", "en"}, Now: placardNow}, &diags)
	var out []string
	for _, d := range diags.Items() {
		if !strings.Contains(d.Message, "not translated") {
			out = append(out, d.String())
		}
	}
	return c, out
}

func TestPlacardMistakesNameFileAndLine(t *testing.T) {
	cases := []struct{ placard, want string }{
		{"placard: {installed: 26/03/2023}\n", placardSite + `:6: placard installed "26/03/2023" must be a date written 2026-03-26`},
		{"placard:\n  installed: 2023-06-01\n  checked: 2023-13-01\n", placardSite + `:8: placard checked "2023-13-01" must be a date written 2026-03-26`},
		{"placard:\n  installed: 2024-06-01\n  checked: 2024-05-01\n", placardSite + ":8: placard checked 2024-05-01 is before it was installed (2024-06-01): check the two dates"},
		{"placard:\n  installed: 2026-06-01\n  installd: 2026-06-01\n", placardSite + `:8: unknown field "installd" (check its spelling)`},
		{"placard: {installed: 2026-06-01, checked: 2062-11-01}\n", placardSite + ":6: warning: placard checked 2062-11-01 is after today (2026-12-01): is the year right?"},
	}
	for _, c := range cases {
		_, got := loadPlacards(t, map[string]string{placardSite: placardEntry(c.placard)})
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.placard, got, c.want)
		}
	}
}

func TestPlacardOnlyOnSitesAndMarkersAndDatesOnlyInTheDefaultFile(t *testing.T) {
	_, got := loadPlacards(t, map[string]string{
		"content/pages/about/index.vi.md":       "---\nid: ABOUT\ntitle: Giới thiệu\nsummary: Trang.\nplacard: {installed: 2026-06-01}\n---\n",
		placardSite:                             placardEntry("placard: {installed: 2026-06-01, location: cổng chính}\n"),
		"content/sites/dinh-phu-my/index.en.md": "---\ntitle: Phu My communal house\nplacard:\n  location: main gate\n  checked: 2026-07-01\n---\n",
	})
	want := []string{
		"content/pages/about/index.vi.md:5: placard is only for sites, markers and exhibitions, which have a placard on their wall or at their entrance; remove it from this page",
		"content/sites/dinh-phu-my/index.en.md:5: a translation cannot change placard checked: the dates are kept in " + placardSite + "; here only location and material may be translated",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTranslationSaysWhereThePlacardHangs(t *testing.T) {
	c, got := loadPlacards(t, map[string]string{
		placardSite:                             placardEntry("placard: {installed: 2026-06-01, material: nhôm, location: cổng chính}\n"),
		"content/sites/dinh-phu-my/index.en.md": "---\ntitle: Phu My communal house\nplacard: {location: main gate}\n---\n",
	})
	if len(got) > 0 {
		t.Fatal(got)
	}
	e := c.ByID["NT-002"]
	vi, en := e.Docs["vi"].Front.Placard, e.Docs["en"].Front.Placard
	if vi.Location != "cổng chính" || en.Location != "main gate" || en.Installed != "2026-06-01" || en.Material != "nhôm" {
		t.Errorf("vi %+v, en %+v", vi, en)
	}
}

func TestCheckWarnsAboutAPlacardNobodyLookedAtForAYear(t *testing.T) {
	cases := []struct{ placard, want string }{
		{"placard:\n  installed: 2023-06-01\n  location: cổng\n", placardSite + ":7: warning: placard installed on 2023-06-01, more than a year ago, and never checked since: go and look at it (is it there, can the QR code still be scanned?), then add placard: checked: 2026-12-01"},
		{"placard:\n  installed: 2023-06-01\n  checked: 2025-11-30\n", placardSite + ":8: warning: placard last checked on 2025-11-30, more than a year ago: go and look at it (is it there, can the QR code still be scanned?), then set placard: checked: 2026-12-01"},
		{"placard:\n  installed: 2023-06-01\n  checked: 2026-01-15\n", ""},
		{"placard: {installed: 2026-01-15}\n", ""},
		{"placard: {location: cổng}\n", ""},
	}
	for _, c := range cases {
		_, got := loadPlacards(t, map[string]string{placardSite: placardEntry(c.placard)})
		if strings.Join(got, "\n") != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.placard, got, c.want)
		}
	}
}

// serve reloads through a ParseCache: a file taken from it unchanged must
// still be warned about, on every load, with the day of that load.
func TestParseCacheKeepsThePlacardWarning(t *testing.T) {
	fsys := fstest.MapFS{placardSite: &fstest.MapFile{Data: []byte(placardEntry("placard:\n  installed: 2025-06-01\n")), ModTime: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}}
	cache := NewParseCache()
	for i, now := range []time.Time{time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), placardNow, placardNow} {
		var diags diag.List
		c := Load(fsys, Options{Languages: []string{"vi"}, Now: now, Cache: cache}, &diags)
		warned := strings.Contains(diags.String(), placardSite+":7: warning: placard installed on 2025-06-01")
		if warned != (i > 0) || c.ByID["NT-002"].Default.Front.Placard.Installed != "2025-06-01" {
			t.Errorf("load %d (%s): warned %v:\n%s", i, now.Format(time.DateOnly), warned, diags.String())
		}
	}
	if hits, _ := cache.Prune(); hits != 2 {
		t.Errorf("the cache served %d loads, want 2", hits)
	}
}
