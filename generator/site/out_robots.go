package site

// robots.txt: every page may be crawled; the sitemap says where they are.

func (m *Model) robotsJob() job {
	return job{name: "robots.txt", render: func() ([]byte, error) {
		return []byte("User-agent: *\nAllow: /\n" + m.adminRobots() + "\nSitemap: " + m.urls.Abs("sitemap.xml") + "\n"), nil
	}}
}
