package site

import "sort"

// The pages of retired IDs, /p/<ID>/: a printed placard whose entry is
// gone still opens something, the replacement or a notice (site.yaml's
// retired:).

// RetiredView feeds the page /p/<ID>/ of a retired ID without replacement.
type RetiredView struct {
	ID      string
	Notices []Alt // Name holds the notice text, Code its language
}

// retiredJobs writes /p/<ID>/ for every retired ID: the replacement's
// short-link page, or a page saying what happened to the relic or marker.
func (m *Model) retiredJobs() []job {
	ids := make([]string, 0, len(m.Config.Retired))
	for id := range m.Config.Retired {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var jobs []job
	for _, id := range ids {
		r := m.Config.Retired[id]
		if e, ok := m.Content.ByID[r.ReplacedBy]; ok {
			jobs = append(jobs, m.shortPageJob(Short(id), e))
			continue
		}
		p := Short(id)
		jobs = append(jobs, job{name: file(p), render: func() ([]byte, error) {
			pg := m.page(m.Langs[0], "retired", p)
			pg.Title = id
			pg.NoIndex = true
			rv := &RetiredView{ID: id}
			for _, l := range m.Config.Languages {
				if txt, ok := r.Notice[l.Code]; ok {
					rv.Notices = append(rv.Notices, Alt{Code: l.Code, Name: txt})
				}
			}
			m.allLangs(pg, homePath)
			pg.Retired = rv
			pg.Count = m.countURL(p)
			return m.theme.Render(pg.Layout, pg)
		}})
	}
	return jobs
}
