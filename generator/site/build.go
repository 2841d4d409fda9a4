package site

import (
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sync"

	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/generator/render"
	"golang.org/x/sync/errgroup"
)

// Stats counts what a render produced, for the build's summary line.
type Stats struct {
	Pages     int
	Files     int
	Entries   int
	Languages int
	Placards  int
	// UpToDate: nothing changed since the last build, which was kept.
	UpToDate bool
	// Written and Kept count the files a build wrote anew and those it
	// linked unchanged from the previous output (output.Dir).
	Written, Kept int64
	// NewIDs were published for the first time and added to ids.lock.
	NewIDs []string
}

// Render renders every page and file of the site into w, using every core.
// The output depends only on the model, never on timing or map order.
func (m *Model) Render(w output.Writer) (Stats, error) {
	st := Stats{Entries: len(m.Content.Entries), Languages: len(m.Langs)}
	jobs, pages, placards := m.jobs()
	st.Placards = placards
	m.Progress.addPlacards(placards)
	// Photos first: the offline manifests (out_offline.go) list the
	// variants' sizes, which publishing them records.
	np, perr := m.publishPhotos(w)
	if err := m.run(jobs, w); err != nil || perr != nil {
		return st, errors.Join(err, perr)
	}
	n, err := m.copyOther(w)
	if err != nil {
		return st, err
	}
	st.Pages = pages
	st.Files = len(jobs) + np + n
	return st, nil
}

// A Plan is every file of the site by output name, each rendered only when
// asked for: serve renders the page a browser requests instead of the whole
// site, so that an edit shows at once however large the site is.
type Plan struct {
	m     *Model
	names []string
	jobs  map[string]job
}

// Plan lists the site's generated files without rendering them. Files
// copied as they are (photos, media, the theme's static files) are not in
// it: CopyFiles writes those.
func (m *Model) Plan() (*Plan, error) {
	jobs, _, _ := m.jobs()
	p := &Plan{m: m, jobs: make(map[string]job, len(jobs))}
	for _, j := range jobs {
		p.names = append(p.names, j.name)
		p.jobs[j.name] = j
	}
	return p, nil
}

// Names lists the generated files in the order Render writes them.
func (p *Plan) Names() []string { return p.names }

// Render renders one generated file; ok is false when the site has no file
// of that name.
func (p *Plan) Render(name string) (data []byte, ok bool, err error) {
	j, ok := p.jobs[name]
	if !ok {
		return nil, false, nil
	}
	data, err = j.render()
	if err != nil {
		return nil, true, p.m.pageError(name, err)
	}
	return data, true, nil
}

// CopyFiles writes the files published as they are, or as resized variants
// (photos): everything Render writes that is not in the plan.
func (p *Plan) CopyFiles(w output.Writer) (int, error) { return p.m.copyFiles(w) }

// run executes jobs on every core and writes their results; it reports
// every failure, one *PageError per file sorted by file, not just the
// first. There are more workers than cores: a worker waiting for the disk
// to take its page leaves its core to another that renders.
func (m *Model) run(jobs []job, w output.Writer) error {
	g := new(errgroup.Group)
	g.SetLimit(4 * runtime.GOMAXPROCS(0))
	var mu sync.Mutex
	var errs []*PageError
	m.Progress.add(make([]string, len(jobs)))
	for _, j := range jobs {
		g.Go(func() error {
			name := j.name
			data, err := j.render()
			if err == nil {
				err = w.WriteFile(name, data)
				if j.recycle {
					render.Recycle(data)
				}
			}
			m.Progress.finished(name)
			if err != nil {
				pe := m.pageError(name, err)
				mu.Lock()
				errs = append(errs, pe)
				mu.Unlock()
			}
			return nil
		})
	}
	_ = g.Wait()
	if len(errs) == 0 {
		return nil
	}
	return joinPageErrors(errs)
}

// copyFiles publishes entry folder files, the logo and the theme's static/.
// Photos are published as resized variants (media.go), never as originals.
func (m *Model) copyFiles(w output.Writer) (int, error) {
	np, err := m.publishPhotos(w)
	if err != nil {
		return np, err
	}
	n, err := m.copyOther(w)
	return np + n, err
}

// copyOther publishes every file copyFiles does but the photos.
func (m *Model) copyOther(w output.Writer) (int, error) {
	n := 0
	cp := func(fsys fs.FS, src, dst string) error {
		// Never follow a link out of the source, even when a model with
		// errors is rendered anyway (the checks refuse links first).
		if info, err := fs.Lstat(fsys, src); err == nil && info.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s is a symbolic link", src)
		}
		f, err := fsys.Open(src)
		if err != nil {
			return err
		}
		defer f.Close()
		n++
		return w.Copy(dst, f)
	}
	for _, e := range m.Content.Entries {
		for _, name := range e.Files {
			if m.media.photo(e, name) != nil {
				continue
			}
			if err := cp(m.Source, e.Dir+"/"+name, mediaPath(e, name)); err != nil {
				return n, err
			}
		}
	}
	if m.Config.Logo != "" {
		if err := cp(m.Source, m.Config.Logo, m.Config.Logo); err != nil {
			return n, err
		}
	}
	static, err := fs.Sub(m.theme.FS(), "static")
	if err == nil {
		err = fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			return cp(static, p, p)
		})
	}
	return n, err
}
