package site

import (
	"strconv"
	"strings"

	"github.com/diachido/diachido/generator/content"
)

// siteURLs builds every address the site publishes. Paths are fixed by the
// content contract: a printed placard holds baseURL + "p/<ID>/" for ten
// years, so nothing here may change shape.
type siteURLs struct {
	// Base is the absolute base URL ending in "/".
	Base string
	// Path is the base URL's path, ending in "/": "/" or "/guide/".
	Path string
}

// Rel returns the root-relative URL of an output path such as
// "vi/sites/x/" (used in links inside pages, so that a preview on
// localhost links to itself).
func (u siteURLs) Rel(p string) string { return u.Path + strings.TrimPrefix(p, "/") }

// Abs returns the absolute URL of an output path (canonical links, sitemap,
// Open Graph, placards).
func (u siteURLs) Abs(p string) string { return u.Base + strings.TrimPrefix(p, "/") }

// homePath is a language's home page path.
func homePath(lang string) string { return lang + "/" }

// sectionPath is a kind's list page path in a language.
func sectionPath(lang string, k content.Kind) string { return lang + "/" + string(k) + "/" }

// provincesPath is the page listing a language's provinces, each with its
// counts, which a large site's home page leads to (issue 17).
func provincesPath(lang string) string { return lang + "/provinces/" }

// provincePath is one province's page: slug is content.Slugify of the
// province's name in the default language, the same in every language, so
// that a translated name never moves the page.
func provincePath(lang, slug string) string { return provincesPath(lang) + slug + "/" }

// pagedPath is page n (counted from 1) of the list at path p: p itself for
// the first page, then p + "page/2/" and so on, the shape Hugo and Zola use.
func pagedPath(p string, n int) string {
	if n <= 1 {
		return p
	}
	return p + "page/" + strconv.Itoa(n) + "/"
}

// EntryPath is an entry's page path in a language.
func EntryPath(lang string, e *content.Entry) string {
	return lang + "/" + string(e.Kind) + "/" + e.Slug + "/"
}

// Short is the permanent short link a placard's QR code holds.
func Short(id string) string { return "p/" + id + "/" }

// mediaPath is where an entry's folder files are published, once for all
// languages.
func mediaPath(e *content.Entry, name string) string {
	return "media/" + string(e.Kind) + "/" + e.Slug + "/" + name
}

// Placard is an entry's printable placard; A4 has no suffix.
func Placard(id, paper string) string {
	if paper == "" || strings.EqualFold(paper, "A4") {
		return "placards/" + id + ".pdf"
	}
	return "placards/" + id + "-" + strings.ToLower(paper) + ".pdf"
}

// file turns a page path ("vi/sites/x/") into the file written
// ("vi/sites/x/index.html").
func file(p string) string {
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}
