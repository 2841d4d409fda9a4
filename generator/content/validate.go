package content

import (
	"io/fs"
	"math"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/media"
	"golang.org/x/text/language"
)

// IDRe is the form of a permanent ID: capitals, digits and hyphens, at most
// 16 characters, starting and ending with a letter or digit.
var IDRe = regexp.MustCompile(`^[A-Z0-9](?:[A-Z0-9-]{0,14}[A-Z0-9])?$`)

// Allowed values fixed by the contract.
var (
	Categories  = []string{"history", "architecture-art", "archaeology", "scenic"}
	Ranks       = []string{"special-national", "national", "provincial", "inventoried"}
	MarkerTypes = []string{"main", "secondary", "post"}
)

// MaxSummary is the longest summary, in characters: it must fit a card,
// a placard and a link preview.
const MaxSummary = 300

var (
	borderRe    = regexp.MustCompile(`^([A-Z]{2})-([A-Z]{2})$`)
	photoExts   = []string{".jpg", ".jpeg", ".png", ".webp", ".gif"}
	audioExts   = []string{".mp3"}
	videoExts   = []string{".mp4"}
	aliasBadRe  = regexp.MustCompile(`(?i)[\s?#\\]|\.\.|%2e|%2f|%5c`) // %2e%2e is ".." to a web server
	updatedForm = "2006-01-02"
)

// checker validates one doc; own says whether a field is checked in this
// file (translations are checked only for what they set themselves, so an
// inherited mistake is reported once, at the default-language file).
type checker struct {
	e     *Entry
	d     *Doc
	diags *diag.List
}

func (c *checker) own(key string) bool { return c.d == c.e.Default || c.d.Sets(key) }

func (c *checker) errf(line int, format string, args ...any) {
	if line == 0 {
		line = 1
	}
	c.diags.Errorf(pos(c.d.File, line), format, args...)
}

func (c *checker) warnf(line int, format string, args ...any) {
	if line == 0 {
		line = 1
	}
	c.diags.Warnf(pos(c.d.File, line), format, args...)
}

func oneOf(v string, list []string) bool { return contains(list, v) }

func validate(site *Collection, opts Options, diags *diag.List) {
	checkLists(site, diags) // lists.go
	idAt := map[string]*Doc{}
	for _, e := range site.Entries {
		for _, l := range opts.Languages {
			d, ok := e.Docs[l]
			if !ok {
				continue
			}
			c := &checker{e: e, d: d, diags: diags}
			c.check()
		}
		id := e.ID()
		if !IDRe.MatchString(id) {
			continue
		}
		if prev, dup := idAt[id]; dup {
			diags.Errorf(pos(e.Default.File, e.Default.Line("id")), "ID %s is already used by %s:%d: every entry needs its own ID, and a printed ID is never reused", id, prev.File, prev.Line("id"))
			continue
		}
		idAt[id] = e.Default
		site.ByID[id] = e
	}
	// Tour stops and related entries need every ID known first.
	for _, e := range site.Entries {
		if e.Kind == Exhibition {
			checkRelated(site, e, diags)
		}
		if e.Kind != Tour {
			continue
		}
		for _, d := range e.Docs {
			if d != e.Default && !d.Sets("stops") {
				continue
			}
			for i, s := range d.Front.Stops {
				line := d.Line("stops", strconv.Itoa(i))
				target, ok := site.ByID[s]
				switch {
				case ok && !target.Kind.Located():
					diags.Errorf(pos(d.File, line), "tour stop %s is %s, not a site or marker", s, target.Kind.WithArticle())
				case ok, site.Broken[s] != "":
				case site.Drafts[s] != "":
					diags.Errorf(pos(d.File, line), "tour stop %s is a draft (%s): publish it or remove the stop", s, site.Drafts[s])
				default:
					diags.Errorf(pos(d.File, line), "unknown tour stop %s: no entry has this ID", s)
				}
			}
		}
	}
}

// checkRelated checks an exhibition's related IDs: each names a published
// entry other than the exhibition itself, once.
func checkRelated(site *Collection, e *Entry, diags *diag.List) {
	for _, d := range e.Docs {
		if d != e.Default && !d.Sets("related") {
			continue
		}
		seen := map[string]bool{}
		for i, id := range d.Front.Related {
			line := lineOr(d.Line("related", strconv.Itoa(i)), lineOr(d.Line("related"), 1))
			_, ok := site.ByID[id]
			switch {
			case strings.TrimSpace(id) == "":
				diags.Errorf(pos(d.File, line), "empty related ID: write the ID of a site or marker the exhibition is about, e.g. NT-001")
			case id == e.ID():
				diags.Errorf(pos(d.File, line), "related %s is this exhibition itself: list the places it is about", id)
			case seen[id]:
				diags.Errorf(pos(d.File, line), "related %s is listed twice", id)
			case ok, site.Broken[id] != "":
			case site.Drafts[id] != "":
				diags.Errorf(pos(d.File, line), "related %s is a draft (%s): publish it or remove it from related", id, site.Drafts[id])
			default:
				diags.Errorf(pos(d.File, line), "unknown related ID %s: no entry has this ID", id)
			}
			seen[id] = true
		}
	}
}

func (c *checker) check() {
	f := &c.d.Front
	e := c.e
	isDefault := c.d == e.Default
	if isDefault {
		if strings.TrimSpace(f.ID) == "" {
			c.errf(1, "missing id: the permanent code printed on the placard, e.g. id: NT-001")
		} else if !IDRe.MatchString(f.ID) {
			c.errf(c.d.Line("id"), "id %q must be capital letters A-Z, digits and hyphens, at most 16 characters, e.g. NT-001", f.ID)
		}
	} else if c.d.Sets("id") && f.ID != e.Default.Front.ID {
		c.errf(c.d.Line("id"), "a translation cannot change the id (%s has id %s): remove this line", e.Default.File, e.Default.Front.ID)
	}
	if c.own("title") && strings.TrimSpace(f.Title) == "" {
		c.errf(c.d.Line("title"), "missing title")
	}
	if c.own("summary") {
		if strings.TrimSpace(f.Summary) == "" {
			c.errf(c.d.Line("summary"), "missing summary: one or two sentences for cards, placards and link previews")
		} else if n := utf8.RuneCountInString(f.Summary); n > MaxSummary {
			c.errf(c.d.Line("summary"), "summary is %d characters; keep it to %d (one or two sentences)", n, MaxSummary)
		}
	}
	located := e.Kind.Located()
	if c.own("location") {
		c.checkLocation(located)
	}
	if e.Kind == Marker && c.own("marker") {
		c.checkMarker()
	}
	if isDefault {
		c.kindFields()
	}
	if e.Kind == Site {
		if c.own("category") && f.Category != "" && !oneOf(f.Category, Categories) {
			c.errf(c.d.Line("category"), "category %q is not one of %s", f.Category, strings.Join(Categories, ", "))
		}
		if c.own("rank") && f.Rank != "" && !oneOf(f.Rank, Ranks) {
			c.errf(c.d.Line("rank"), "rank %q is not one of %s", f.Rank, strings.Join(Ranks, ", "))
		}
		if c.own("recognized") && c.d.Sets("recognized") && (f.Recognized < 1900 || f.Recognized > 2100) {
			c.errf(c.d.Line("recognized"), "recognized %d is not a year of a ranking decision (e.g. 2005)", f.Recognized)
		}
	}
	if e.Kind == Tour && isDefault && len(f.Stops) == 0 {
		c.errf(lineOr(c.d.Line("stops"), 1), "a tour needs stops: the IDs of its entries in visiting order, e.g. stops: [NT-001, NT-002]")
	}
	if c.own("photos") {
		for i, p := range f.Photos {
			at := func(k string) int {
				return lineOr(c.d.Line("photos", strconv.Itoa(i), k), c.d.Line("photos", strconv.Itoa(i)))
			}
			c.checkFile(at("src"), "photo", p.Src, photoExts)
			if strings.TrimSpace(p.Alt) == "" {
				c.errf(at("alt"), "photo %q needs alt: a short description for people who cannot see it", p.Src)
			}
		}
	}
	if c.own("videos") {
		for i, v := range f.Videos {
			line := lineOr(c.d.Line("videos", strconv.Itoa(i), "url"), c.d.Line("videos", strconv.Itoa(i)))
			if strings.TrimSpace(v.URL) == "" {
				c.errf(line, "video needs url: a YouTube, Facebook or Vimeo link, or an .mp4 file in the folder")
			} else if p, err := media.ParseVideo(v.URL); err != nil {
				c.errf(line, "video url: %v", err)
			} else if p.Provider == media.File {
				c.checkFile(line, "video", v.URL, videoExts)
			}
		}
	}
	if c.own("audio") {
		for i, a := range f.Audio {
			line := lineOr(c.d.Line("audio", strconv.Itoa(i), "src"), c.d.Line("audio", strconv.Itoa(i)))
			c.checkFile(line, "audio", a.Src, audioExts)
		}
	}
	if c.own("sources") {
		for i, s := range f.Sources {
			line := c.d.Line("sources", strconv.Itoa(i))
			if strings.TrimSpace(s.Title) == "" {
				c.errf(line, "source needs a title: the document or article the text was taken from")
			}
			if s.URL != "" {
				c.checkWebURL(lineOr(c.d.Line("sources", strconv.Itoa(i), "url"), line), "source url", s.URL)
			}
		}
	}
	if c.own("aliases") {
		for i, a := range f.Aliases {
			line := c.d.Line("aliases", strconv.Itoa(i))
			// It becomes a folder of the output: "//", "/./" or "/" alone
			// would make no valid file name and fail the whole build.
			rel := strings.TrimSuffix(strings.TrimPrefix(a, "/"), "/")
			if !strings.HasPrefix(a, "/") || aliasBadRe.MatchString(a) || strings.Contains(a, "://") || !fs.ValidPath(rel) || rel == "." {
				c.errf(line, "alias %q must be an old path on this site starting with /, e.g. /vi/di-tich/dinh-phu-my/", a)
			}
		}
	}
	if c.own("updated") && f.Updated != "" {
		if _, err := time.Parse(updatedForm, f.Updated); err != nil {
			c.errf(c.d.Line("updated"), "updated %q must be a date written 2026-03-26", f.Updated)
		}
	}
	c.checkPlacard()
	if c.own("tags") {
		for i, t := range f.Tags {
			if strings.TrimSpace(t) == "" {
				c.errf(c.d.Line("tags", strconv.Itoa(i)), "empty tag")
			}
		}
	}
}

func lineOr(a, b int) int {
	if a > 0 {
		return a
	}
	return b
}

func (c *checker) checkLocation(required bool) {
	loc := c.d.Front.Location
	line := c.d.Line("location")
	if loc == nil {
		if required {
			c.errf(1, "missing location: the entry's place as location: {lat: 10.7251, lng: 106.8823} (decimal degrees, WGS84)")
		}
		return
	}
	if loc.Lat == nil || loc.Lng == nil {
		c.errf(line, "location needs both lat and lng, e.g. {lat: 10.7251, lng: 106.8823}")
		return
	}
	lat, lng := *loc.Lat, *loc.Lng
	// YAML reads .nan as a number that no range check catches.
	if math.IsNaN(lat) || math.IsNaN(lng) {
		c.errf(line, "location needs real numbers for lat and lng, e.g. {lat: 10.7251, lng: 106.8823}")
		return
	}
	if lat < -90 || lat > 90 {
		c.errf(lineOr(c.d.Line("location", "lat"), line), "latitude %v is outside -90…90 (are lat and lng swapped?)", lat)
	}
	if lng < -180 || lng > 180 {
		c.errf(lineOr(c.d.Line("location", "lng"), line), "longitude %v is outside -180…180", lng)
	}
	if lat == 0 && lng == 0 {
		c.errf(line, "location 0, 0 is in the Atlantic Ocean: fill in the real coordinates")
	}
}

func (c *checker) checkMarker() {
	m := c.d.Front.Marker
	if m == nil {
		c.errf(1, "missing marker: e.g. marker: {number: \"663\", type: main, border: VN-LA, year: 2008}")
		return
	}
	line := c.d.Line("marker")
	at := func(k string) int { return lineOr(c.d.Line("marker", k), line) }
	if strings.TrimSpace(m.Number) == "" {
		c.errf(line, "marker needs number: the number carved on it, e.g. \"663\"")
	}
	if !oneOf(m.Type, MarkerTypes) {
		c.errf(at("type"), "marker type %q is not one of main (mốc chính), secondary (mốc phụ), post (cọc dấu)", m.Type)
	}
	if sm := borderRe.FindStringSubmatch(m.Border); sm == nil {
		c.errf(at("border"), "marker border %q must be two ISO 3166 country codes, e.g. VN-LA", m.Border)
	} else {
		for _, code := range sm[1:] {
			if r, err := language.ParseRegion(code); err != nil || !r.IsCountry() {
				c.errf(at("border"), "marker border %q: %s is not an ISO 3166 country code", m.Border, code)
			}
		}
	}
	if m.Year != 0 && (m.Year < 1800 || m.Year > 2100) {
		c.errf(at("year"), "marker year %d is not a plausible year", m.Year)
	}
}

// kindFields warns about fields that the entry's kind does not use: they
// are usually a copy-paste from another kind and would silently vanish.
func (c *checker) kindFields() {
	only := map[string][]Kind{
		"location": {Site, Marker}, "address": {Site}, "province": {Site, Marker},
		"district": {Site, Marker}, "category": {Site}, "rank": {Site},
		"recognized": {Site}, "marker": {Marker}, "stops": {Tour},
		"period": {Exhibition}, "related": {Exhibition},
	}
	for key, kinds := range only {
		if c.d.Sets(key) && !kindIn(c.e.Kind, kinds) {
			c.warnf(c.d.Line(key), "field %s is not used for %s and will not be shown", key, c.e.Kind)
		}
	}
}

func kindIn(k Kind, list []Kind) bool {
	for _, x := range list {
		if x == k {
			return true
		}
	}
	return false
}

// checkFile checks that name is a file in the entry's folder with one of
// the extensions.
func (c *checker) checkFile(line int, what, name string, exts []string) {
	if strings.TrimSpace(name) == "" {
		c.errf(line, "%s needs src: a file in the entry's folder", what)
		return
	}
	clean := path.Clean(name)
	if strings.Contains(name, "://") || strings.HasPrefix(name, "/") || clean != name || strings.HasPrefix(clean, "..") {
		c.errf(line, "%s %q must be the name of a file in the entry's folder (%s)", what, name, c.e.Dir)
		return
	}
	if !oneOf(strings.ToLower(path.Ext(name)), exts) {
		c.errf(line, "%s %q must be a %s file", what, name, strings.Join(exts, ", "))
		return
	}
	if !c.e.HasFile(name) {
		c.errf(line, "%s file %q is missing from %s/", what, name, c.e.Dir)
	}
}

func (c *checker) checkWebURL(line int, what, raw string) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		c.errf(line, "%s %q must be a full web address starting with https://", what, raw)
	}
}
