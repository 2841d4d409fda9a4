// Package config reads and validates site.yaml, the one file every site
// source must have. Its fields are fixed by the content contract
// (../shared/content-format.md); this package adds defaults and checks, so
// that later stages can trust what they get.
package config

import (
	"bytes"
	"errors"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/yamlx"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// FileName is the site settings file at the root of a site source.
const FileName = "site.yaml"

// Site is site.yaml after validation.
type Site struct {
	BaseURL      string     `yaml:"baseURL"`
	Languages    []Language `yaml:"languages"`
	Organization string     `yaml:"organization"`
	Logo         string     `yaml:"logo"`
	IDPrefix     string     `yaml:"idPrefix"`
	Map          Map        `yaml:"map"`
	Placards     Placards   `yaml:"placards"`
	// Theme names a folder under themes/ in the site source; empty means
	// the default theme built into the binary.
	Theme string `yaml:"theme"`
	// Description is a sentence about the site for link previews.
	Description map[string]string `yaml:"description"`
	// Retired maps a printed ID that no longer has a page to what replaced
	// it (another ID) or to a notice (issue: the printed-ID ledger).
	Retired map[string]Retired `yaml:"retired"`
	// Admin, when set, publishes the form editor at /admin/ (docs/admin.md).
	Admin *Admin `yaml:"admin"`
	// Nearby bounds the "nearby" list on entry pages (nearby.go).
	Nearby Nearby `yaml:"nearby"`
	// Analytics, when set, counts short-link scans and entry-page views
	// with a pixel (analytics.go, docs/analytics.md); nil counts nothing.
	Analytics *Analytics `yaml:"analytics"`
	// Report, when set, gives entry pages a "report a problem" link.
	Report *Report `yaml:"report"`
	// Zoom says where the deep-zoom viewer is loaded from (zoom.go).
	Zoom Zoom `yaml:"zoom"`

	node *yaml.Node
}

// Admin configures the form editor at /admin/: where it saves (a GitHub or
// GitLab repository) and where its script comes from.
type Admin struct {
	// Backend is github or gitlab.
	Backend string `yaml:"backend"`
	// Repo is owner/name of the guide's repository.
	Repo string `yaml:"repo"`
	// Branch is the branch the editor commits to; default main.
	Branch string `yaml:"branch"`
	// AuthURL is the address of an OAuth proxy for GitHub sign-in (Decap's
	// base_url); empty means sign-in with a personal access token.
	AuthURL string `yaml:"authURL"`
	// CMS is where the page loads decap-cms.js from instead of the pinned
	// unpkg.com address: a path on the site's host or an https URL. The
	// file must be the same version: the same integrity hash is checked.
	CMS string `yaml:"cms"`
}

// Language is one language of the site; the first is the default.
type Language struct {
	Code  string `yaml:"code"`
	Name  string `yaml:"name"`
	Title string `yaml:"title"`
}

// Map configures map tiles; attribution is always shown (OSM policy).
type Map struct {
	Tiles       string `yaml:"tiles"`
	Attribution string `yaml:"attribution"`
	// Library is the folder pages load Leaflet from, when not from the
	// pinned unpkg.com addresses: a path on the site's host such as
	// /vendor/leaflet/ or an https URL, holding leaflet.js, leaflet.css,
	// leaflet.markercluster.js and MarkerCluster.css of the same versions
	// (the pages check them against the same integrity hashes).
	Library string `yaml:"library"`
}

// Placards configures printed placards.
type Placards struct {
	Paper []string `yaml:"paper"`
	// Bleed adds 3 mm bleed and crop marks for print shops that need them.
	Bleed bool `yaml:"bleed"`
	// Languages are the languages printed on a placard, the first on top;
	// default: the site's default language only (placards.go).
	Languages []string `yaml:"languages"`
}

// Retired says what happened to a printed ID whose page is gone.
type Retired struct {
	// ReplacedBy is the ID whose page the old placard should now open.
	ReplacedBy string `yaml:"replacedBy"`
	// Notice is shown instead, per language code, when nothing replaces it.
	Notice map[string]string `yaml:"notice"`
}

// Default returns the default language.
func (s *Site) Default() Language { return s.Languages[0] }

// Language returns the language with the code, if the site has it.
func (s *Site) Language(code string) (Language, bool) {
	for _, l := range s.Languages {
		if l.Code == code {
			return l, true
		}
	}
	return Language{}, false
}

// BasePath is the path part of baseURL, always ending in "/": "/" for a site
// at a domain's root, "/guide/" for one served under a sub-path.
func (s *Site) BasePath() string {
	u, err := url.Parse(s.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// Line returns the line in site.yaml of the value at path, or 0.
func (s *Site) Line(path ...string) int { return yamlx.Line(s.node, 0, path...) }

var (
	langCodeRe = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
	idPrefixRe = regexp.MustCompile(`^[A-Z0-9]{1,10}$`)
	// GitLab groups nest: group/subgroup/project.
	adminRepoRe   = regexp.MustCompile(`^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$`)
	adminBranchRe = regexp.MustCompile(`^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$`)
	paperNames    = map[string]bool{"A3": true, "A4": true, "A5": true, "LETTER": true}
)

// Load reads site.yaml from the root of fsys, applies defaults and checks it.
// It returns nil when the file cannot be used at all; problems go to diags.
func Load(fsys fs.FS, diags *diag.List) *Site {
	pos := func(line int) diag.Position { return diag.Position{File: FileName, Line: line} }
	if link := SymlinkOn(fsys, FileName); link != "" {
		diags.Errorf(pos(0), "symbolic links are not allowed: %s must be a real file in the site source", FileName)
		return nil
	}
	src, err := fs.ReadFile(fsys, FileName)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			diags.Errorf(pos(0), "missing %s: every site source needs one at its root (see the example site)", FileName)
		} else {
			diags.Errorf(pos(0), "cannot read: %v", err)
		}
		return nil
	}
	if !utf8.Valid(src) {
		bad := 0
		for bad < len(src) {
			r, n := utf8.DecodeRune(src[bad:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			bad += n
		}
		diags.Errorf(pos(1+bytes.Count(src[:bad], []byte("\n"))), "text is not UTF-8: save the file as UTF-8")
		return nil
	}
	src = norm.NFC.Bytes(stripBOM(src))
	s := &Site{}
	node, problems := yamlx.Decode(src, s, 0)
	for _, p := range problems {
		diags.Errorf(pos(p.Line), "%s", p.Message)
	}
	if node == nil {
		return nil
	}
	s.node = node
	s.validate(diags)
	if s.Logo != "" && fs.ValidPath(s.Logo) {
		if link := SymlinkOn(fsys, s.Logo); link != "" {
			diags.Errorf(pos(s.Line("logo")), "logo %q: %s is a symbolic link; copy the image into the site source instead", s.Logo, link)
		}
	}
	if len(problems) > 0 || len(s.Languages) == 0 {
		return nil
	}
	return s
}

func (s *Site) validate(diags *diag.List) {
	errf := func(line int, format string, args ...any) {
		diags.Errorf(diag.Position{File: FileName, Line: line}, format, args...)
	}
	if s.BaseURL == "" {
		errf(1, "missing baseURL: the absolute address the site is published at, e.g. https://diachido.example.vn/ (placards point there)")
	} else if u, err := url.Parse(s.BaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		errf(s.Line("baseURL"), "baseURL %q must be an absolute http(s) address such as https://diachido.example.vn/", s.BaseURL)
	} else {
		// A trailing slash makes every URL a plain concatenation.
		if !strings.HasSuffix(s.BaseURL, "/") {
			s.BaseURL += "/"
		}
	}
	if len(s.Languages) == 0 {
		errf(1, "missing languages: list at least one, the first is the default (e.g. - code: vi)")
	}
	seen := map[string]int{}
	for i, l := range s.Languages {
		line := s.Line("languages", itoa(i))
		if l.Code == "" {
			errf(line, "language %d has no code (e.g. vi, en, lo)", i+1)
			continue
		}
		if !langCodeRe.MatchString(l.Code) {
			errf(s.Line("languages", itoa(i), "code"), "language code %q is not a lowercase language code like vi, en or lo", l.Code)
		} else if _, err := language.Parse(l.Code); err != nil {
			errf(s.Line("languages", itoa(i), "code"), "language code %q is not a known language (%v)", l.Code, err)
		}
		if first, dup := seen[l.Code]; dup {
			errf(line, "language %q is listed twice (first at line %d)", l.Code, first)
		}
		seen[l.Code] = line
		if l.Name == "" {
			s.Languages[i].Name = l.Code
		}
		if l.Title == "" {
			errf(line, "language %q has no title: the site's name in that language", l.Code)
		}
	}
	if s.IDPrefix != "" && !idPrefixRe.MatchString(s.IDPrefix) {
		errf(s.Line("idPrefix"), "idPrefix %q must be 1 to 10 capital letters or digits, e.g. NT", s.IDPrefix)
	}
	if s.Logo != "" {
		if !fs.ValidPath(s.Logo) || path.IsAbs(s.Logo) {
			errf(s.Line("logo"), "logo %q must be a path inside the site source, e.g. assets/logo.png", s.Logo)
		} else if ext := strings.ToLower(path.Ext(s.Logo)); ext != ".png" && ext != ".jpg" && ext != ".jpeg" {
			errf(s.Line("logo"), "logo %q must be a .png or .jpg file", s.Logo)
		}
	}
	if s.Map.Tiles == "" {
		s.Map.Tiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
		if s.Map.Attribution == "" {
			s.Map.Attribution = "© OpenStreetMap contributors"
		}
	} else {
		u, err := url.Parse(strings.NewReplacer("{", "", "}", "").Replace(s.Map.Tiles))
		if err != nil || u.Scheme != "https" || !strings.Contains(s.Map.Tiles, "{z}") {
			errf(s.Line("map", "tiles"), "map tiles %q must be an https URL template with {z}, {x} and {y}", s.Map.Tiles)
		}
		if s.Map.Attribution == "" {
			errf(s.Line("map", "tiles"), "map attribution is required with custom tiles: tile providers require it to be visible")
		}
	}
	if lib := s.Map.Library; lib != "" {
		u, err := url.Parse(lib)
		if err != nil || u.RawQuery != "" || u.Fragment != "" || !(u.Scheme == "https" && u.Host != "" || u.Scheme == "" && u.Host == "" && strings.HasPrefix(lib, "/")) {
			errf(s.Line("map", "library"), "map library %q must be a folder on this host such as /vendor/leaflet/ or an https address", lib)
		} else if !strings.HasSuffix(lib, "/") {
			s.Map.Library += "/"
		}
	}
	if len(s.Placards.Paper) == 0 {
		s.Placards.Paper = []string{"A4"}
	}
	for i, p := range s.Placards.Paper {
		up := strings.ToUpper(p)
		if !paperNames[up] {
			errf(s.Line("placards", "paper", itoa(i)), "paper size %q is not one of A3, A4, A5, Letter", p)
		}
		s.Placards.Paper[i] = up
	}
	s.validatePlacardLanguages(errf)
	s.validateNearby(errf)
	s.validateAnalytics(errf)
	s.validateZoom(errf)
	if a := s.Admin; a != nil {
		if a.Backend != "github" && a.Backend != "gitlab" {
			errf(s.Line("admin"), "admin backend %q must be github or gitlab", a.Backend)
		}
		if !adminRepoRe.MatchString(a.Repo) {
			errf(s.Line("admin", "repo"), "admin repo %q must be the repository's owner/name, e.g. huyendoan/diachido", a.Repo)
		}
		if a.Branch == "" {
			a.Branch = "main"
		} else if !adminBranchRe.MatchString(a.Branch) {
			errf(s.Line("admin", "branch"), "admin branch %q must be a plain branch name such as main", a.Branch)
		}
		if a.AuthURL != "" {
			if u, err := url.Parse(a.AuthURL); err != nil || u.Scheme != "https" || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
				errf(s.Line("admin", "authURL"), "admin authURL %q must be the https address of an OAuth proxy", a.AuthURL)
			}
		}
		if a.CMS != "" {
			u, err := url.Parse(a.CMS)
			if err != nil || u.RawQuery != "" || u.Fragment != "" || !strings.HasSuffix(u.Path, ".js") || !(u.Scheme == "https" && u.Host != "" || u.Scheme == "" && u.Host == "" && strings.HasPrefix(a.CMS, "/")) {
				errf(s.Line("admin", "cms"), "admin cms %q must be decap-cms.js on this host such as /vendor/decap-cms.js, or an https address", a.CMS)
			}
		}
	}
	for id, r := range s.Retired {
		if r.ReplacedBy == "" && len(r.Notice) == 0 {
			errf(s.Line("retired", id), "retired ID %s needs replacedBy (an ID) or a notice", id)
		}
	}
}

// SymlinkOn returns the first part of the slash path name (a folder on
// the way or the file itself) that is a symbolic link in fsys, or "".
// A site source must not read files outside itself: os.DirFS follows links
// wherever they point. File systems without links (embedded themes, tests)
// never have one.
func SymlinkOn(fsys fs.FS, name string) string {
	parts := strings.Split(name, "/")
	for i := range parts {
		p := strings.Join(parts[:i+1], "/")
		info, err := fs.Lstat(fsys, p)
		if err != nil {
			return ""
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return p
		}
	}
	return ""
}

func stripBOM(b []byte) []byte {
	return []byte(strings.TrimPrefix(string(b), "\ufeff"))
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
