// Package site is the only package that knows the build order:
// load (config → content → interface strings → theme → body checks), then
// render every page and file, then write. `check` is load plus a report;
// `build` is load, render and an atomic write; `serve` builds into memory.
package site

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/diachido/diachido/generator/cache"
	"github.com/diachido/diachido/generator/config"
	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/history"
	"github.com/diachido/diachido/generator/i18n"
	"github.com/diachido/diachido/generator/inputs"
	"github.com/diachido/diachido/generator/markdown"
	"github.com/diachido/diachido/generator/render"
	"github.com/diachido/diachido/themes"
	"golang.org/x/sync/errgroup"
)

// Model is a loaded, validated site source: everything rendering needs.
// Load makes it, and nothing changes it afterwards: Render, Plan and serve
// read it from many goroutines at once. The only writes after Load are
// the memos below, each under its own sync type, which keep results
// computed from the model alone, so that which goroutine asks first
// changes nothing; and Progress, which counts.
type Model struct {
	Config  *config.Site
	Content *content.Collection
	// Langs are the site's language codes, default first.
	Langs []string
	// Source is the site source.
	Source fs.FS
	// Progress, when set, counts files as they are written.
	Progress *Progress

	i18n  *i18n.Catalog      // interface strings
	theme *render.Theme      // layouts, assets, static files
	md    *markdown.Renderer // bodies
	urls  siteURLs
	// ledger is ids.lock: every ID ever published.
	ledger *idLedger
	// cache keeps placards and photo variants between builds.
	cache cache.Cache
	// created is stamped into placard PDFs (SOURCE_DATE_EPOCH or a fixed
	// date), never the clock, so builds are reproducible.
	created time.Time

	// Render state, prepared once by Load from what its checks read, and
	// only read afterwards.
	css        template.CSS                       // the theme's stylesheet, minified (css.go)
	cssPath    string                             // its content-hashed file name
	media      *mediaIndex                        // photo sizes, audio durations (media.go)
	prepared   map[*content.Doc]markdown.Prepared // kept bodies parsed once (a build; nil for serve)
	logoData   []byte                             // site.yaml's logo
	logoSum    [32]byte                           // its SHA-256, for placard cache keys
	scans      *scanReport                        // reports/scans.json, or nil (scans.go)
	preview    bool                               // loaded through a LoadCache: counts nothing (count.go)
	noPlacards bool

	// Memos: made on first use by a render, and kept.
	near      nearbyMemo  // nearest neighbours (sync.Once; out_entries.go)
	static    sync.Map    // theme static file → versioned URL (maps.go)
	mapFrames sync.Map    // mapFrameKey → mapFrameOf (maps.go)
	grid      mapGridOnce // the large map's cell grid (mapGrid; maps.go)
	groups    groupShare  // each language's sorted lists and placard list, made once (listsOf, placardList; out_lists.go)
	tours     tourIndex   // each stop's first tour (sync.Once; sketch.go)
	nav       navMemo     // each language's navigation links (navOf; views.go)
	pageSums  sums        // pages' sizes and digests, for offline manifests (out_offline.go)
	fileSums  sums        // photo variants' and audio files' (out_offline.go)
}

// LoadOptions say what to load.
type LoadOptions struct {
	// Drafts includes entries marked draft: true.
	Drafts bool
	// BaseURL, when set, replaces site.yaml's baseURL (previews, staging).
	BaseURL string
	// CacheDir keeps expensive results between builds; empty: no cache.
	CacheDir string
	// Created is the date stamped into generated files such as placards;
	// the zero value means placard.DefaultCreationDate.
	Created time.Time
	// NoPlacards leaves placard PDFs out of Render (fast previews, tests
	// of pages).
	NoPlacards bool
	// Cache, when set, keeps parsed files and body scans between loads of
	// the same source (serve), so that a reload parses only what changed.
	// A model loaded through one is a live preview: its pages do not
	// count (analytics:), so that editing never adds scans or views.
	Cache *LoadCache
	// Progress, when set, becomes the Model's Progress.
	Progress *Progress
	// StaleTranslations warns about each translation older than the text
	// it translates (check); Check reads the source's Git history for it.
	StaleTranslations bool

	history *history.History
	// bodyBudget overrides keptBodies (tests: -1 keeps no body).
	bodyBudget int64
}

// Load reads and validates a whole site source. It returns nil when the
// problems in diags make rendering impossible; a non-nil Model may still
// come with errors in diags, and callers must not publish it then.
//
// Load does, once, all the work that depends on the source alone, in this
// order:
//
//   - reads site.yaml, every entry file, the interface strings, the theme
//     (its layouts parsed, its stylesheet minified: m.css) and the logo;
//   - scans every body (scanBodies) for the links it holds, which the
//     checks need; a build (no LoadOptions.Cache) does it as each file is
//     parsed and lets the body go, and its page reads it again (bodyOf);
//   - checks the bodies' links, then reads every media file's header
//     (checkMedia): a photo's size and an audio file's duration are both
//     what the check needs and what a page shows (m.media);
//   - checks aliases against pages, and the ledger against the entries.
//
// What only the checks need (the body scans, each file's YAML tree, kept
// for line numbers) is let go before Load returns.
func Load(src fs.FS, opts LoadOptions, diags *diag.List) *Model {
	cfg := config.Load(src, diags)
	if cfg == nil {
		return nil
	}
	if opts.BaseURL != "" {
		if !strings.HasSuffix(opts.BaseURL, "/") {
			opts.BaseURL += "/"
		}
		cfg.BaseURL = opts.BaseURL
	}
	m := &Model{Config: cfg, Source: src, md: markdown.New(), cache: cache.Cache{Dir: opts.CacheDir}, created: opts.Created, Progress: opts.Progress, noPlacards: opts.NoPlacards}
	for _, l := range cfg.Languages {
		m.Langs = append(m.Langs, l.Code)
	}
	m.urls = siteURLs{Base: cfg.BaseURL, Path: cfg.BasePath()}
	copts := content.Options{Languages: m.Langs, Drafts: opts.Drafts, Cache: opts.Cache.contentCache(), Stale: opts.StaleTranslations, History: opts.history}
	var early bodyScans
	budget := int64(keptBodies)
	if opts.bodyBudget != 0 {
		budget = max(opts.bodyBudget, 0)
	}
	if opts.Cache == nil {
		// A build keeps bodies (parsed once, below, into their HTML) up
		// to keptBodies bytes; past that, each body is scanned as its file
		// is parsed and let go, and the page that shows it reads it again
		// (bodyOf). Exhibitions keep theirs: their pages and their search
		// entries cut it into sections.
		copts.Body = func(d *content.Doc, k content.Kind) bool {
			if k == content.Exhibition || early.kept.Add(int64(len(d.Body))) <= budget {
				return true
			}
			early.put(d, m.md.Scan(d.Body))
			return false
		}
	}
	m.Content = content.Load(src, copts, diags)

	themeFS := themes.Default()
	themePrefix := "(default theme) "
	if cfg.Theme != "" {
		dir := "themes/" + cfg.Theme
		if link := config.SymlinkOn(src, dir); link != "" {
			diags.Errorf(diag.Position{File: config.FileName, Line: cfg.Line("theme")}, "theme %q: %s is a symbolic link; a theme must be a real folder inside the site source", cfg.Theme, link)
		} else if link := symlinkInside(src, dir); link != "" {
			diags.Errorf(diag.Position{File: link}, "symbolic links are not allowed in a theme: copy the file into the theme instead")
		} else if _, err := fs.Stat(src, dir); err != nil {
			diags.Errorf(diag.Position{File: config.FileName, Line: cfg.Line("theme")}, "theme %q not found: expected a folder %s/", cfg.Theme, dir)
		} else {
			sub, _ := fs.Sub(src, dir)
			themeFS = render.Overlay(sub, themeFS)
			themePrefix = dir + "/"
		}
	}
	m.i18n = i18n.Load([]i18n.Source{{FS: themeFS, Prefix: themePrefix}, {FS: src, Prefix: ""}}, m.Langs, diags)
	theme, err := render.Load(themeFS, funcs())
	if err != nil {
		var re *render.Error
		if errors.As(err, &re) {
			diags.Errorf(diag.Position{File: m.themeFile(re.File), Line: re.Line}, "%s", re.Msg)
		} else {
			diags.Errorf(diag.Position{File: themePrefix}, "%v", err)
		}
		return nil
	}
	m.theme = theme
	cssErr := m.loadCSS()
	if cssErr != nil {
		diags.Errorf(diag.Position{}, "%v", cssErr)
	}
	if cfg.Logo != "" {
		// Read here, once, not by each placard: the logo is then an input
		// of the load, which serve watches (see package inputs).
		b, err := fs.ReadFile(src, cfg.Logo)
		if err != nil {
			diags.Errorf(diag.Position{File: config.FileName, Line: cfg.Line("logo")}, "logo file %s is missing", cfg.Logo)
		}
		m.logoData, m.logoSum = b, sha256.Sum256(b)
	}
	scans := m.scanBodies(opts.Cache, &early)
	m.checkBodies(scans, diags)
	m.checkMedia(scans, diags)
	m.checkPaths(diags)
	m.ledger = loadLedger(src, diags)
	m.checkLedger(diags)
	m.checkPlacards(diags) // placard_check.go: needs the lines Compact drops
	m.scans = loadScans(src, diags)
	m.preview = opts.Cache != nil
	m.checkAnalytics(diags)
	m.Content.Compact()
	opts.Cache.finish()
	if cssErr != nil {
		return nil // every page links the stylesheet
	}
	return m
}

// keptBodies is how many bytes of body text a build keeps in memory,
// each body parsed once into its HTML (markdown.Prepare) for its pages: a
// guide of up to about 20,000 entries in two languages keeps them all. The
// bodies of a larger guide are read again for their pages instead, parsed
// a second time: at 100,000 entries in three languages the bodies are a
// gigabyte of text, and with their HTML the build's peak was 3.9 GB
// against 2.0 GB.
const keptBodies = 160 << 20

// bodyScans holds the scans a build made while parsing (LoadOptions
// without a Cache), of the bodies it let go: content.Options.Body runs on
// the parsing workers. kept counts the body bytes offered so far.
type bodyScans struct {
	kept atomic.Int64
	mu   sync.Mutex
	m    map[*content.Doc]markdown.Scan
}

func (b *bodyScans) put(d *content.Doc, s markdown.Scan) {
	b.mu.Lock()
	if b.m == nil {
		b.m = map[*content.Doc]markdown.Scan{}
	}
	b.m[d] = s
	b.mu.Unlock()
}

// scanBodies returns what the checks that follow need of every body
// (links, lone video links). Bodies the build let go were scanned as their
// files were parsed (early); a build parses each body it kept once, for
// both its scan and its pages' HTML (m.prepared), after which the source
// is let go. Serve, which renders only the pages it is asked for, keeps
// the scans in its cache.
func (m *Model) scanBodies(cache *LoadCache, early *bodyScans) map[*content.Doc]markdown.Scan {
	type body struct {
		e *content.Entry
		d *content.Doc
	}
	var docs []body
	seen := map[*content.Doc]bool{}
	for _, e := range m.Content.Entries {
		for _, l := range m.Langs {
			// Each doc once, even where site.yaml names a language twice
			// (reported elsewhere): its worker alone may release it.
			if d, ok := e.Docs[l]; ok && !seen[d] {
				seen[d] = true
				docs = append(docs, body{e, d})
			}
		}
	}
	scans := make([]markdown.Scan, len(docs))
	var prepared []markdown.Prepared
	if cache == nil {
		prepared = make([]markdown.Prepared, len(docs))
	}
	known := func(id string) bool { _, ok := m.Content.ByID[id]; return ok }
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, b := range docs {
		if s, ok := early.m[b.d]; ok {
			scans[i] = s
			continue
		}
		g.Go(func() error {
			switch {
			case cache != nil:
				scans[i] = cache.scan(m.md, b.d.Body)
			case b.e.Kind == content.Exhibition:
				// An exhibition's page cuts its body into sections
				// (markdown.Story), from the source it keeps.
				scans[i] = m.md.Scan(b.d.Body)
			default:
				prepared[i] = m.md.Prepare(b.d.Body, b.e.HasFile, known)
				scans[i] = prepared[i].Scan
				prepared[i].Scan = markdown.Scan{} // returned for the checks alone
				if !prepared[i].Source() {
					// Pages are made from the prepared HTML; the file's
					// bytes would only hold memory (and the collector's
					// time) for the rest of the build.
					b.d.Body = nil
				}
			}
			return nil
		})
	}
	_ = g.Wait()
	byDoc := make(map[*content.Doc]markdown.Scan, len(docs))
	for i, b := range docs {
		byDoc[b.d] = scans[i]
	}
	if prepared != nil {
		m.prepared = make(map[*content.Doc]markdown.Prepared, len(docs))
		for i, b := range docs {
			if _, dropped := early.m[b.d]; !dropped && b.e.Kind != content.Exhibition {
				m.prepared[b.d] = prepared[i]
			}
		}
	}
	return byDoc
}

// bodyOf is d's body: kept by the load, or read again from its file (a
// large build, see keptBodies). The load read and recorded that file
// already, so it is read past the recorder: recording it again would only
// hash it a second time.
func (m *Model) bodyOf(d *content.Doc) ([]byte, error) {
	src := m.Source
	if r, ok := src.(*inputs.FS); ok {
		src = r.Unwrap()
	}
	return content.ReadBody(src, d)
}

// checkBodies validates every address written in a body: forbidden
// schemes, unknown id: links, missing folder files.
func (m *Model) checkBodies(scans map[*content.Doc]markdown.Scan, diags *diag.List) {
	for _, e := range m.Content.Entries {
		for _, l := range m.Langs {
			d, ok := e.Docs[l]
			if !ok {
				continue
			}
			if e.Kind == content.Exhibition {
				m.checkStory(e, d, diags)
			}
			for _, link := range scans[d].Links {
				at := diag.Position{File: d.File, Line: d.BodyLine + link.Line - 1}
				scheme := markdown.Scheme(link.Dest)
				switch {
				case strings.HasPrefix(link.Dest, "#"):
					// An exhibition's page is cut into its own sections,
					// with anchors of their own (checkStory).
					if e.Kind != content.Exhibition {
						checkFragment(at, link.Dest, scans[d].Anchors, diags)
					}
				case !markdown.AllowedScheme(scheme):
					diags.Errorf(at, "link %q is not allowed: only http, https, mailto, tel and id: links", truncate(link.Dest, 60))
				case scheme == "id":
					id, _ := markdown.IDOf(link.Dest)
					if _, ok := m.Content.ByID[id]; ok {
						if link.Kind == markdown.KindImage {
							diags.Errorf(at, "an image cannot point to id:%s; use a photo file from the folder", id)
						}
					} else if _, broken := m.Content.Broken[id]; broken {
						// its own error is reported already
					} else if f, draft := m.Content.Drafts[id]; draft {
						diags.Errorf(at, "link to id:%s points to a draft (%s) that is not published", id, f)
					} else {
						diags.Errorf(at, "unknown ID in link id:%s: no entry has this ID", id)
					}
				case link.Kind == markdown.KindImage && strings.TrimSpace(link.Alt) == "":
					diags.Errorf(at, "image %q needs alt: write a short description of what it shows between the brackets, ![like this](%s)", truncate(link.Dest, 60), truncate(link.Dest, 60))
				case scheme == "" && link.Kind != markdown.KindImage && leavesFolder(link.Dest):
					diags.Errorf(at, "link %q leaves the entry's folder: link to another entry with id:, or put the file in this folder", truncate(link.Dest, 60))
				case scheme == "":
					if f, local := markdown.LocalFile(link.Dest); local && path.Ext(f) != "" && !e.HasFile(f) {
						diags.Errorf(at, "file %q is missing from %s/", f, e.Dir)
					} else if link.Kind == markdown.KindImage && !local {
						diags.Errorf(at, "image %q must be a file in the entry's folder", link.Dest)
					}
				case link.Kind == markdown.KindImage:
					diags.Errorf(at, "image %q must be a file in the entry's folder, not a web address (it would load from another site)", truncate(link.Dest, 60))
				}
			}
		}
	}
}

// checkFragment warns about a link into the page ("#lich-su") that no
// heading of the text has: it would lead nowhere, and a link written for
// goldmark's old ASCII-only ids ("#lch-s") is one.
func checkFragment(at diag.Position, dest string, anchors []string, diags *diag.List) {
	frag, err := url.PathUnescape(dest[1:])
	if err != nil {
		frag = dest[1:]
	}
	if frag == "" || frag == "main" || slices.Contains(anchors, frag) {
		return
	}
	if len(anchors) == 0 {
		diags.Warnf(at, "link %q leads nowhere: the text has no headings (## …) to link to", truncate(dest, 60))
		return
	}
	list := anchors
	more := ""
	if len(list) > 6 {
		list, more = list[:6], ", …"
	}
	diags.Warnf(at, "link %q leads nowhere: no heading of this text has that id; its headings are #%s%s (a heading's id is its words without marks, joined by -, as in ## Lịch sử → #lich-su)", truncate(dest, 60), strings.Join(list, ", #"), more)
}

// checkPaths finds aliases that collide with each other or with pages.
func (m *Model) checkPaths(diags *diag.List) {
	pages := map[string]bool{}
	for _, l := range m.Langs {
		pages["/"+homePath(l)] = true
		for _, e := range m.Content.Entries {
			pages["/"+EntryPath(l, e)] = true
		}
	}
	seen := map[string]string{}
	for _, e := range m.Content.Entries {
		for _, a := range m.aliases(e) {
			at := diag.Position{File: a.doc.File, Line: a.line}
			key := normAlias(a.path)
			switch {
			case pages[key]:
				diags.Errorf(at, "alias %s is the address of a page that exists; an alias must be an old address", a.path)
			case seen[key] != "":
				diags.Errorf(at, "alias %s is also an alias of %s", a.path, seen[key])
			default:
				seen[key] = a.doc.File
			}
		}
	}
}

type alias struct {
	path string
	lang string
	doc  *content.Doc
	line int
}

// aliases lists an entry's old addresses; a translation's own aliases
// redirect to its own page, inherited ones only to the default's.
func (m *Model) aliases(e *content.Entry) []alias {
	var out []alias
	for _, l := range m.Langs {
		d, ok := e.Docs[l]
		if !ok || (d != e.Default && !d.Sets("aliases")) {
			continue
		}
		for i, a := range d.Front.Aliases {
			out = append(out, alias{path: a, lang: l, doc: d, line: d.Line("aliases", fmt.Sprint(i))})
		}
	}
	return out
}

func normAlias(a string) string {
	if !strings.HasSuffix(a, "/") && path.Ext(a) == "" {
		a += "/"
	}
	return a
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// ErrContent is returned by Build when the source has content errors; the
// diagnostics say which.
var ErrContent = errors.New("content errors")

// leavesFolder reports whether a relative address climbs out of the entry's
// folder ("../x", "a/../../x", or the same percent-encoded).
func leavesFolder(dest string) bool {
	p, _, _ := strings.Cut(dest, "#")
	p, _, _ = strings.Cut(p, "?")
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	p = strings.ReplaceAll(p, "\\", "/")
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return true
		}
	}
	return false
}

// symlinkInside returns the first symbolic link found under dir, or "".
func symlinkInside(fsys fs.FS, dir string) string {
	found := ""
	_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type()&fs.ModeSymlink != 0 && found == "" {
			found = p
			return fs.SkipAll
		}
		return nil
	})
	return found
}
