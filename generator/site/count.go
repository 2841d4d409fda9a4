package site

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/diachido/diachido/generator/config"
	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
)

// Counting scans and views (site.yaml analytics:) and the "report a
// problem" link (site.yaml report:). Without those blocks both give "",
// and no page carries a byte more than before (docs/analytics.md).

// countURL is the counting image's address for the page at path p, or ""
// when the site counts nothing, or in a live preview (serve). The path counted is the page's address on
// the host (base path included), as an access log shows it.
func (m *Model) countURL(p string) string {
	a := m.Config.Analytics
	if a == nil || m.preview {
		return ""
	}
	return a.CountURL(m.urls.Rel(p))
}

// reportURL is the "report a problem with this placard or page" link of
// an entry page: a new GitHub issue or an e-mail, prefilled with the ID,
// the page's address and the short link; "" for free pages or when
// site.yaml has no report:.
func (m *Model) reportURL(e *content.Entry, v *EntryView, pg *Page) string {
	r := m.Config.Report
	if r == nil || e.Kind == content.Page {
		return ""
	}
	title := fmt.Sprintf(pg.T("report_subject"), v.Title, v.ID)
	body := fmt.Sprintf(pg.T("report_body"), v.ID, pg.Permalink, v.ShortURL)
	// Spaces as %20, not +: mail programs do not read + as a space in a
	// mailto: address (RFC 6068), and GitHub reads both.
	q := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	if r.GitHub != "" {
		return "https://github.com/" + r.GitHub + "/issues/new?title=" + q(title) + "&body=" + q(body)
	}
	return "mailto:" + r.Email + "?subject=" + q(title) + "&body=" + q(body)
}

// checkAnalytics warns when the site counts but has no about page to say
// so: visitors are promised that no one is tracked, and told what is
// counted, on the free page whose slug is about.
func (m *Model) checkAnalytics(diags *diag.List) {
	if m.Config.Analytics == nil {
		return
	}
	for _, e := range m.Content.OfKind(content.Page) {
		if e.Slug == "about" {
			return
		}
	}
	diags.Warnf(diag.Position{File: config.FileName, Line: m.Config.Line("analytics")}, "analytics is on, but no page tells visitors what is counted: add content/pages/about/index.%s.md, which then says it by itself", m.Langs[0])
}
