package site

// The site's root page, /index.html: it sends a visitor to the home page
// of the best of their languages, and lists the languages without scripts.

func (m *Model) rootJob() job {
	return job{name: file(""), render: func() ([]byte, error) {
		def := m.Langs[0]
		pg := m.page(def, "root", "")
		pg.Title = pg.Site.Title
		m.allLangs(pg, homePath)
		pg.XDefault = m.urls.Abs("")
		return m.theme.Render(pg.Layout, pg)
	}}
}
