package site

// The page hosts show for an address the site does not have, /404.html.

func (m *Model) notFoundJob() job {
	return job{name: file("404.html"), render: func() ([]byte, error) {
		pg := m.page(m.Langs[0], "404", "404.html")
		pg.Title = pg.T("not_found_title")
		pg.NoIndex = true
		m.allLangs(pg, homePath)
		return m.theme.Render(pg.Layout, pg)
	}}
}
