package site

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/diachido/diachido/generator/cache"
	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/media"
	"golang.org/x/sync/semaphore"
)

// Deep-zoom tiles: every image of an exhibition's folder over
// media.ZoomMinSide on its long side is published a second time as an
// IIIF Image API 3.0 level 0 service (media/iiif.go) at
//
//	/iiif/<ID>/<file without its extension>/info.json
//	/iiif/<ID>/<file without its extension>/<region>/<size>/0/default.jpg
//
// under the entry's permanent ID, so that the address outlives a renamed
// folder, as /p/<ID>/ does. Each file is a job, so that serve can answer
// one tile; the jobs of one image share its tiles, drawn once (on every
// core) by whichever job needs one first and let go once every job has
// taken its own. Each tile is cached by the photo's bytes, its name and
// iiifVersion, like the photo variants: an unchanged rebuild draws
// nothing.

// iiifVersion changes whenever the tiles made from the same image change
// (tile size, quality, resampling), so that cached ones are not reused.
const iiifVersion = "iiif-1"

// zoomKinds are the kinds whose large images get deep zoom. Phones take
// 4000-pixel photos: tiling every site's photos would multiply a guide's
// size for pages that show no zoom.
var zoomKinds = map[content.Kind]bool{"exhibitions": true}

// iiifBudget bounds the megapixels decoded for tiles at once (see
// photoBudget); a level pyramid takes a third more than the image.
var iiifBudget = semaphore.NewWeighted(photoBudget / 2)

// zoomable is the photo of e's folder called name when it gets deep zoom.
func (m *Model) zoomable(e *content.Entry, name string) *photoInfo {
	if !zoomKinds[e.Kind] {
		return nil
	}
	p := m.media.photo(e, name)
	if p == nil || max(p.img.Width, p.img.Height) <= media.ZoomMinSide {
		return nil
	}
	return p
}

// iiifBase is the folder of a photo's image service, and its base URL.
func iiifBase(e *content.Entry, name string) string {
	return "iiif/" + e.ID() + "/" + strings.TrimSuffix(name, path.Ext(name))
}

// iiifJobs list every file of every image service.
func (m *Model) iiifJobs() []job {
	if m.Content == nil {
		return nil
	}
	var jobs []job
	for _, e := range m.Content.Entries {
		if !zoomKinds[e.Kind] {
			continue
		}
		for _, name := range e.Files {
			p := m.zoomable(e, name)
			if p == nil {
				continue
			}
			base := iiifBase(e, name)
			t := &tileSet{m: m, p: p, layout: media.NewIIIFLayout(p.img.Width, p.img.Height)}
			t.left = len(t.layout.Files)
			id := m.urls.Abs(escapePath(base))
			jobs = append(jobs, job{name: base + "/info.json", render: func() ([]byte, error) { return t.layout.Info(id), nil }})
			for _, f := range t.layout.Files {
				jobs = append(jobs, job{name: base + "/" + f, render: func() ([]byte, error) { return t.file(f) }})
			}
		}
	}
	return jobs
}

// tileSet is the tiles of one image, shared by its jobs.
type tileSet struct {
	m      *Model
	p      *photoInfo
	layout media.IIIFLayout

	sumOnce sync.Once
	sum     [32]byte
	sumErr  error

	mu    sync.Mutex
	files map[string][]byte // drawn, until every job has taken its own
	left  int               // jobs yet to take theirs
	err   error
}

func (t *tileSet) key(name string) string {
	return cache.Key([]byte(iiifVersion), t.sum[:], fmt.Appendf(nil, "tile=%d q=%d", media.TileSize, media.Quality), []byte(name))
}

// file returns one file of the set, from the cache or drawn with all the
// others.
func (t *tileSet) file(name string) ([]byte, error) {
	t.sumOnce.Do(func() {
		data, err := fs.ReadFile(t.m.Source, t.p.e.Dir+"/"+t.p.name)
		t.sum, t.sumErr = sha256.Sum256(data), err
	})
	if t.sumErr != nil {
		return nil, t.fileErr(t.sumErr)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	defer func() {
		if t.left--; t.left <= 0 {
			t.files, t.left = nil, len(t.layout.Files)
		}
	}()
	if b, ok := t.files[name]; ok {
		return b, nil
	}
	if b, ok := t.m.cache.Get("iiif", t.key(name)); ok {
		return b, nil
	}
	if t.err != nil {
		return nil, t.err
	}
	files, err := t.draw()
	if err != nil {
		t.err = t.fileErr(err)
		return nil, t.err
	}
	for n, b := range files {
		t.m.cache.Put("iiif", t.key(n), b)
	}
	t.files = files
	return files[name], nil
}

func (t *tileSet) draw() (map[string][]byte, error) {
	data, err := fs.ReadFile(t.m.Source, t.p.e.Dir+"/"+t.p.name)
	if err != nil {
		return nil, err
	}
	if sha256.Sum256(data) != t.sum {
		return nil, fmt.Errorf("the file changed during the build")
	}
	weight := min(max(int64(t.p.img.Width)*int64(t.p.img.Height)*4/3/1_000_000, 1), photoBudget/2)
	if err := iiifBudget.Acquire(context.Background(), weight); err != nil {
		return nil, err
	}
	defer iiifBudget.Release(weight)
	return media.IIIFFiles(data, t.layout)
}

func (t *tileSet) fileErr(err error) error {
	return &FileError{Pos: diag.Position{File: t.p.e.Dir + "/" + t.p.name}, Err: fmt.Errorf("deep-zoom tiles: %v", err)}
}
