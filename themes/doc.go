// Package themes embeds the default theme, so that the diachido binary needs
// nothing else to build a site: a volunteer downloads one file and runs it.
//
// This comment is the theme contract: every layout a theme has, what each
// one receives, and every field and function a template may use. The Go
// types named here are in package
// github.com/diachido/diachido/generator/site, whose doc comments say more
// about each field; nothing else is part of the contract.
//
// # Themes
//
// A theme is a folder of
//
//	layouts/base.html        the page skeleton
//	layouts/<layout>.html    one per kind of page (below)
//	layouts/partials/*.html  templates the others call by file name
//	assets/style.css         the stylesheet; every other assets/*.css is
//	                         appended in name order, minified, and linked
//	                         from every page as Site.CSSURL
//	static/                  files published as they are, at the site root
//	i18n/<lang>.yaml         interface strings (Page.L)
//
// The default theme is default/ here. A site's own theme,
// themes/<name>/ in the site source with theme: <name> in site.yaml,
// overrides it file by file: a file the site's theme has replaces the
// default theme's of the same name, and every other one is the default's.
//
// Templates are Go's html/template: everything a template writes is
// escaped for where it goes (text, attribute, URL, script), so nothing an
// editor types into a field can become markup. Only fields of the types
// template.HTML, template.URL and template.CSS below are written as they
// are.
//
// # Layouts
//
// Every layout receives a *site.Page as its dot. A layout that defines a
// template named "page" is a whole document of its own; any other is
// rendered through base.html, which calls {{block "main" .}} for the
// layout to define. Each kind of page sets exactly one of the Page fields
// Entry, List, Short, Retired, Search and Placards (or none), as listed
// here; the others are nil.
//
//	layout     file written                    its data
//	root       /index.html                     none: Translations lists every home page
//	home       /<lang>/                        .List (a group per kind), .Map (small sites)
//	section    /<lang>/<kind>/, page/2/ ...    .List (one group, one page of it)
//	provinces  /<lang>/provinces/              .List (.Provinces: every province, its counts)
//	province   /<lang>/provinces/<slug>/, page/2/ ...
//	                                           .List (a group per district, one page of them)
//	entry      /<lang>/sites|markers/<slug>/   .Entry, .Map (when located)
//	tour       /<lang>/tours/<slug>/           .Entry (with Stops), .Map (the route)
//	exhibition /<lang>/exhibitions/<slug>/     .Entry (with Story: sections, timeline, related places)
//	page       /<lang>/pages/<slug>/           .Entry
//	short      /p/<ID>/                        .Short (defines "page")
//	redirect   an entry's old address (alias)  none: URL and Title are the target's (defines "page")
//	retired    /p/<ID>/ of a retired ID        .Retired; Translations are the home pages
//	search     /<lang>/search/                 .Search
//	map        /<lang>/map/                    .Map (every place, with Sections)
//	placards   /<lang>/placards/               .Placards
//	404        /404.html                       none: Translations are the home pages
//	offline    /<lang>/offline/                .Offline: what the service worker shows
//	                                           for a page not saved (lists what is)
//
// A layout missing from a site's theme is the default theme's.
//
// # Page
//
// Every layout, and every partial it passes the page to, may use:
//
//	.Site          *SiteView: what every page of the site shares
//	.Lang          config.Language of the page: .Code ("vi"), .Name, .Title
//	.L             map of interface strings in .Lang: {{.L.facts}}
//	.Layout        the layout's name, as in the table above
//	.Title         the page's title (the entry's, the list's...)
//	.Description   the summary, or site.yaml's description; may be ""
//	.URL           the page's root-relative address ("/vi/sites/x/"): links
//	.Permalink     its absolute address: sharing
//	.Canonical     the address search engines should index; the default
//	               language's page when this one shows its text (Fallback)
//	.Translations  []Alt: the languages this page exists in, in site order
//	.XDefault      the hreflang x-default address, or ""
//	.Fallback      the page shows the default language's text, untranslated
//	.NoIndex       search engines should not index the page
//	.Image         absolute URL of an entry's cover photo, for sharing, or ""
//	               (head.html uses .Share, which falls back on the card)
//	.OGType        Open Graph type: "website" or "article"
//	.JSONLD        schema.org data of an entry page, for a script tag; or nil
//	.Nav           []NavItem: the list pages (and on a large site the list
//	               of provinces) and the free pages
//	.NavCurrent    .URL when a navigation link points to the page, "in "
//	               and the list's URL when the page is within a linked
//	               list, else ""
//	               (with .Lang.Code, a key for partialCached)
//	.Offline       *OfflineSetup: pages with a "save for offline" button
//	               and the offline page; nil elsewhere
//	.Map           *MapView: the page's map box, or nil
//	.Count         the address of the image that counts the page once, when
//	               site.yaml has analytics:, else "": short links, retired
//	               IDs' pages and entry pages have one; partials/count.html
//	               writes the image (no script, no cookie), and a layout
//	               that leaves it out counts nothing
//	.Report        the "report a problem" link of a site, marker or tour
//	               page, when site.yaml has report: (a GitHub new-issue
//	               address or a mailto:, prefilled), else ""
//	.AboutCounting true on the free page whose slug is about when site.yaml
//	               has analytics:, for it to say what is counted (the
//	               default page layout shows analytics_title and
//	               analytics_text)
//	.Entry         *EntryView    entry, tour, exhibition and page layouts
//	.List          *ListView     home, section, provinces and province layouts
//	.Short         *ShortView    short layout
//	.Retired       *RetiredView  retired layout
//	.Search        *SearchView   search layout
//	.Placards      *PlacardsView placards layout
//
// and its methods:
//
//	{{.T "key"}}          the interface string key in .Lang (as .L.key)
//	{{.Plural "key" n}}   key (or key_one when n is 1) with n in it:
//	                      {{.Plural "entries_count" 1}} is "1 entry"
//	{{.Rel "path"}}       the root-relative URL of a site path: {{.Rel "favicon.svg"}}
//	{{.Static "name"}}    the URL of static/name with a version from its content,
//	                      so a browser never runs an old script: {{.Static "map.js"}}
//	{{.SearchURL}}        the search page in .Lang
//	{{.MapURL}}           the map page in .Lang, or "" when no entry has a place
//	{{.Zoom "file"}}      the deep zoom of a file of the page's entry's folder,
//	                      a *ZoomView, or nil (below)
//	{{.Compare "a" "b"}}  a before/after pair of two front-matter photos of
//	                      the page's entry, a *CompareView, or nil (below)
//	{{.ProvincesURL}}     /<lang>/provinces/, every province with its counts, or ""
//	                      when no site or marker names a province
//	{{.Pager}}            the *PagerView of a list of several pages (.List's or
//	                      .Placards'), or nil
//	{{.Share}}            the sharing image (og:image), a *ShareView: .URL
//	                      (absolute), .Width, .Height, .Alt, .Card; an entry's
//	                      cover photo where it has one, else its share card
//	                      (/cards/<ID>.jpg, 1200×630: the default-language
//	                      title, kind, organisation and short link); .Image on
//	                      other pages, or nil
//
// # The views
//
// SiteView: .Title (in the page's language), .Organization, .HomeURL,
// .Languages ([]config.Language), .CSSURL (the stylesheet), .CSS (the same
// stylesheet as template.CSS, for a theme that inlines it), .Generator,
// .MapAttribution.
//
// Alt (a language version): .Code, .Name, .URL, .Permalink, .Current.
// NavItem: .Title, .URL, .Current (this page: aria-current="page"),
// .Within (a page within this list, such as its page/2/ or an entry of
// it: aria-current="true"). LinkView: .Title, .URL.
//
// ListView: .Groups, a []Group. Group: .Title, .Kind ("sites", "markers",
// "tours"), .URL (its section page), .Entries ([]*EntryView, sorted by
// title as the language sorts), .Subgroups ([]Group by province; empty
// for tours, or when no entry has a province), .Offline (*OfflinePack: a
// province's "save for offline" button, on a section page's subgroups).
//
// Lists in pages (issue 17): a list of more than 200 entries (a kind's
// section, a province) is cut into pages of 200, page N at
// <list>/page/N/. A site of more than 200 listed entries in all is large:
// its home page has .List.Large set, lists .Provinces and gives each
// kind's group its .Count and .URL, with .Entries only for a kind of at
// most 200 that has no place (tours, exhibitions). Group, besides: .Count
// (the whole group's entries, on every page; .Entries holds this page's),
// .Anchor (a district heading's fragment id, or ""), .Continued (the group
// began on the page before: its heading says so, in the string continued), .Page (a
// province subgroup's province page, or ""). ListView, besides: .Large,
// .Provinces ([]CountLink: the province pages, on the provinces page, a
// large site's home page and the first page of a long list of sites or
// markers), .ProvincesURL (/<lang>/provinces/, or "" when no site or
// marker names a province), .Districts ([]CountLink: a province page's
// index, each district's first page and anchor), .Counts (a province's
// counts in words), .Packs ([]*OfflinePack: a province page's "save for
// offline" buttons, one per kind, on its first page), .Pager
// (*PagerView, or nil for a list of one page: partials/pager.html, and
// head.html's rel=prev/next, take it from {{.Pager}}). PlacardsView.Pager
// is the same for the placards list, 200 rows a page. CountLink: .Title, .URL, .Count, .Counts
// ("312 di tích, 4 cột mốc"). PagerView: .Page of .Pages, .Prev and .Next
// (root-relative, "" at the ends), .PrevAbs and .NextAbs (absolute, for
// <link rel>), .Links ([]PagerLink: the numbers shown, "1 … 4 5 6 … 40").
// PagerLink: .N, .URL, .Current (this page: aria-current), .Gap (a "…").
//
// EntryView, an entry in the page's language: .ID, .Kind, .KindLabel
// ("Di tích"), .Badge (rank or marker number, for cards), .Title,
// .Summary, .URL, .ShortURL (the placard's link), .Body (template.HTML:
// the Markdown, rendered), .Facts ([]Fact: .Label, .Value, .URL), .Cover
// (*PhotoView, the first photo, or nil), .Photos ([]PhotoView), .Videos
// ([]VideoView), .Audio ([]AudioView), .HasVideo (the page needs the
// small script that loads a player), .Sources ([]LinkView), .Tags,
// .Updated (written for the language) and .UpdatedISO, .Province,
// .District, .Geo (*GeoView, or nil), .Stops ([]*EntryView, a tour's),
// .Nearby ([]NearbyView), .Fallback and .TextLang (the text shown is
// TextLang's, untranslated: set lang="{{.TextLang}}" on it), .Params
// (the entry's params: from its front matter, for a site's own theme),
// .Sketch (*SketchView: the route sketch of a tour, or of a stop's first
// tour by ID, or nil), .Offline (*OfflinePack: a tour's "save for
// offline" button, or nil), .Story (*StoryView: an exhibition's body cut
// into its sections, in place of .Body; nil elsewhere).
//
// Exhibitions (layouts/exhibition.html): StoryView, an exhibition's body:
// .Period (front matter period, "1911–2013"), .Intro ([]BlockView: the
// text before the first "## " heading), .Sections ([]SectionView, in
// order), .Related ([]*EntryView: the related: entries, for cards).
// SectionView, one "## " section: .N and .Of ("section N of Of"), .Title
// (the heading without its date), .Date (the date or period parsed from
// the heading, "1944", "1911–1946", "1945-09-02", or ""), .Anchor (its
// fragment id, unique and stable) and .URL ("#" + Anchor), .Position
// ("Phần 3 / 9" in the page's language), .Blocks ([]BlockView), .Prev
// and .Next (*SectionLink: .Title, .Date, .URL of the neighbouring
// section, or nil at the ends). BlockView, a run of a section: .HTML
// (template.HTML: its Markdown, rendered) or .Figures ([]FigureView: a
// paragraph that holds only images; partials/exhibition-block.html),
// .Pair (true when the two Figures are a before/after pair: captions
// written "trước: …" and "sau: …", those words cut) and .Compare (the same
// pair as a *CompareView for partials/compare.html, or nil).
// FigureView, a body image (partials/figure.html): .Photo (PhotoView:
// responsive variants of the folder file, lazily loaded; .Caption is the
// image's title), .Zoom (*ZoomView for partials/zoom.html when the file
// is large enough for deep zoom, its Alt the image's; else nil). Deep zoom and before/after (engineer G's zoom.go):
// {{with .Zoom "file.jpg"}} and {{with .Compare "before.jpg" "after.jpg"}}
// give partials/zoom.html and partials/compare.html their data.
//
// Save for offline: OfflinePack, a button (partials/offline-button.html,
// its attribute data-offline): .Manifest (the URL of the pack's manifest
// JSON), .Title (what it saves), .Label (the button's words).
// OfflineSetup, for the script tag of static/offline.js
// (partials/offline-script.html): .Script (its versioned URL), .Worker
// (static/sw.js at the site root), .Scope (the site's base path), .Text
// (the script's interface strings as JSON). No page loads the service
// worker until the visitor presses a button.
//
// SketchView, a route drawn at build time (partials/sketch.html), in SVG
// user units: .Width and .Height (the viewBox), .Route (polyline points,
// the stops in order), .Points ([]SketchPoint: .X, .Y, .N the stop's
// number, .Title, .URL, .Current this page's stop), .Scale (ScaleBar:
// .X1, .X2, .Y and .Label, a round distance "500 m"), .Title and .Desc
// (the SVG's accessible name and description), .Tour (LinkView), .N (this
// stop's number; 0 on the tour page) of .Count, .Prev and .Next
// (*LinkView or nil), .Lat and .Lng (this stop; "" on the tour page) and
// .Proj ("lng0 lat0 kx ky x0 y0": x = x0 + (lng-lng0)·kx, y = y0 +
// (lat0-lat)·ky), for the script that shows the visitor's distance and
// bearing and marks them on the sketch.
//
// PhotoView: .Src, .SrcSet, .Sizes, .Width, .Height (for an img), .URL
// (the largest variant), .Alt, .Caption, .Credit, .Cover (above the fold:
// load it first). VideoView: .Title, .Provider ("YouTube"; "" for a
// folder file), .EmbedURL and .WatchURL (a provider's), .Play and .WatchOn
// (the facade's words), .Src and .Size (a folder .mp4's), .URL (a plain
// link to it). AudioView: .Title, .URL, .Duration ("4:12"), .DurationISO
// ("PT4M12S"), .Size ("3,9 MB"). GeoView: .Lat, .Lng, .GeoURI
// (template.URL, geo:), .OSM, .Google, .Directions. NearbyView: .Title,
// .URL, .KindLabel, .Distance ("1,2 km"), .TextLang.
//
// Deep zoom: every image over 2400 pixels on its long side in an
// exhibition's folder is also published as IIIF Image API 3.0 level 0
// static tiles under /iiif/<ID>/<file without extension>/. ZoomView
// (partials/zoom.html, under the image, which should link to .LargestURL):
// .InfoURL (its info.json), .LargestURL (the largest ordinary variant),
// .Width and .Height (the full image's), .Alt, .Open and .Full (the
// button's and the link's words), .Data (JSON for static/zoom.js, for a
// data-zoom attribute: the viewer's address and integrity hash, the
// words), .Script (static/zoom.js, versioned). The button shows only when
// scripts run; OpenSeadragon loads only when it is tapped.
//
// CompareView, a before/after pair (partials/compare.html): .Before and
// .After (PhotoView, with .Caption), .BeforeLabel and .AfterLabel
// ("Trước", "Sau"), .Slider (the slider's accessible name), .Script.
// Without scripts the two show one after the other with their captions;
// static/zoom.js lays them over each other with a slider that takes only
// horizontal drags.
//
// MapView, a map box: .Mode ("entry", "tour" or "all"), .Auto (load at
// once), .Data (JSON for static/map.js, for a data-map attribute), .Lat
// and .Lng (entry maps), .Count (points), .Sections ([]NavItem: the lists
// of what the map shows, on the map page).
//
// ShortView, the page a placard's QR code opens: .ID, .Title, .Targets
// (language code → page URL, for the script that picks a language),
// .Default (the default language's page), .Langs ([]Alt).
//
// RetiredView: .ID, .Notices ([]Alt, with .Code the language and .Name
// the notice's text).
//
// SearchView: .Index (the URL of the language's search/meta.json, which
// static/search.js reads first), .Kinds (kind code → name) and
// {{.KindsJSON}} (the same as JSON), .Sections ([]NavItem: the lists, for
// visitors without scripts), .Provinces (a *NavItem linking the province
// list, nil when no site or marker has a province).
//
// PlacardsView: .Rows ([]PlacardRow: .ID, .Title, .URL, .Short, .Files
// []LinkView; from the front matter's placard:, .Installed and .Checked
// (dates written for the language, or ""), .NeedsCheck (nobody checked it
// for more than a year before .AsOf), .Material, .Location; .Scans, its
// total in reports/scans.json), .Batches ([]BatchView: .Paper, .Files
// []LinkView, the print-shop files), .Split (a size fills several
// print-shop files), .HasLife (some row has a placard: field), .HasScans
// (the source has reports/scans.json, of the months .ScansFrom to
// .ScansTo), .AsOf (the newest date in the guide, written for the
// language: what NeedsCheck is judged by, so that the page never depends
// on the day of the build).
//
// # Functions
//
// Besides the functions of Go's templates (and, or, not, len, index,
// slice, eq, ne, lt, le, gt, ge, print, printf, println, js, call;
// html/template refuses html and urlquery: it escapes by itself), a
// template may use:
//
//	{{partialCached "name.html" . key...}}
//		renders layouts/partials/name.html with . once for each distinct
//		list of keys, and gives the same HTML every other time, as
//		Hugo's function of that name does. The keys must say everything
//		the partial's output depends on: the default header renders its
//		navigation with {{partialCached "site-nav.html" . .Lang.Code
//		.NavCurrent}}, once per language and current page instead of once
//		per page.
//	{{locale .Lang.Code}}
//		the language as an Open Graph locale: "vi_VN", "en_US".
//	{{langTargets .Translations}}
//		language code → URL of the languages given, for a script that
//		picks the visitor's language (root.html).
//
// An interface string with a placeholder takes printf:
// {{printf .L.entries_count (len .Entries)}}.
package themes
