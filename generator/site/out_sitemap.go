package site

import (
	"bytes"
	"strings"
)

// sitemap.xml, for search engines: every real page and its translations.

// sitemapJob lists every real page with its language alternates; pages
// that only show another language's text are left out.
func (m *Model) sitemapJob() job {
	return job{name: "sitemap.xml", render: func() ([]byte, error) {
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
		b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
		write := func(loc, lastmod string, alts map[string]string) {
			b.WriteString("  <url>\n    <loc>" + xmlEscape(loc) + "</loc>\n")
			if lastmod != "" {
				b.WriteString("    <lastmod>" + lastmod + "</lastmod>\n")
			}
			if len(alts) > 1 {
				for _, l := range m.Langs {
					if u, ok := alts[l]; ok {
						b.WriteString(`    <xhtml:link rel="alternate" hreflang="` + l + `" href="` + xmlEscape(u) + `"/>` + "\n")
					}
				}
				b.WriteString(`    <xhtml:link rel="alternate" hreflang="x-default" href="` + xmlEscape(alts[m.Langs[0]]) + `"/>` + "\n")
			}
			b.WriteString("  </url>\n")
		}
		every := func(pathOf func(string) string) {
			alts := map[string]string{}
			for _, l := range m.Langs {
				alts[l] = m.urls.Abs(pathOf(l))
			}
			for _, l := range m.Langs {
				write(alts[l], "", alts)
			}
		}
		every(homePath)
		for _, k := range listedKinds {
			if len(m.Content.OfKind(k)) > 0 {
				every(func(l string) string { return sectionPath(l, k) })
			}
		}
		for _, e := range m.Content.Entries {
			alts := map[string]string{}
			langs := e.Langs(m.Langs)
			for _, l := range langs {
				alts[l] = m.urls.Abs(EntryPath(l, e))
			}
			for _, l := range langs {
				write(alts[l], e.Docs[l].Front.Updated, alts)
			}
		}
		b.WriteString("</urlset>\n")
		return b.Bytes(), nil
	}}
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

func xmlEscape(s string) string { return xmlEscaper.Replace(s) }
