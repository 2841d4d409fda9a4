package site

import (
	"strings"

	"github.com/diachido/diachido/generator/content"
)

// The short links /p/<ID>/, which placards' QR codes hold, and the pages at
// an entry's old addresses (aliases), which send the visitor on to it.

// shortLinkJobs are every entry's short link and alias pages.
func (m *Model) shortLinkJobs() []job {
	var jobs []job
	for _, e := range m.Content.Entries {
		jobs = append(jobs, m.shortJob(e))
		for _, a := range m.aliases(e) {
			jobs = append(jobs, m.aliasJob(e, a))
		}
	}
	return jobs
}

// ShortView feeds the permanent-link page /p/<ID>/.
type ShortView struct {
	ID      string
	Title   string
	Targets map[string]string // language code → page URL (real translations)
	Default string
	Langs   []Alt
}

func (m *Model) shortJob(e *content.Entry) job { return m.shortPageJob(Short(e.ID()), e) }

// shortPageJob writes a page at p that opens e in the visitor's language.
func (m *Model) shortPageJob(p string, e *content.Entry) job {
	return job{name: file(p), render: func() ([]byte, error) {
		pg := m.page(m.Langs[0], "short", p)
		pg.Title = e.Default.Front.Title
		pg.NoIndex = true
		sv := &ShortView{ID: e.ID(), Title: e.Default.Front.Title, Targets: map[string]string{}}
		for _, l := range e.Langs(m.Langs) {
			lg, _ := m.Config.Language(l)
			u := m.urls.Rel(EntryPath(l, e))
			sv.Targets[l] = u
			sv.Langs = append(sv.Langs, Alt{Code: l, Name: lg.Name, URL: u})
		}
		sv.Default = sv.Targets[m.Langs[0]]
		pg.Canonical = m.urls.Abs(EntryPath(m.Langs[0], e))
		pg.Short = sv
		pg.Count = m.countURL(p)
		// Summed for the offline packs, which list every short link of
		// their places: without it each manifest rendered them again.
		return m.summed(file(p))(m.theme.Render(pg.Layout, pg))
	}, recycle: true}
}

func (m *Model) aliasJob(e *content.Entry, a alias) job {
	return job{name: file(strings.TrimPrefix(normAlias(a.path), "/")), render: func() ([]byte, error) {
		target := EntryPath(a.lang, e)
		pg := m.page(a.lang, "redirect", target)
		d, _ := e.Doc(a.lang)
		pg.Title = d.Front.Title
		pg.NoIndex = true
		return m.theme.Render(pg.Layout, pg)
	}}
}
