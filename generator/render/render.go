// Package render executes a theme's html/template layouts. A theme is an
// fs.FS holding layouts/base.html (the page skeleton), layouts/partials/*.html
// and one layout per kind of page; a site's own theme folder overrides the
// default theme file by file.
//
// html/template is used everywhere: it escapes by context, so nothing an
// editor writes in a field can become markup or script.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Theme is a parsed set of layouts.
type Theme struct {
	sets map[string]*template.Template
	fsys fs.FS
	// partials holds the partials alone, and cache what partialCached
	// rendered with them.
	partials *template.Template
	cache    sync.Map
	// sizes holds each layout's last page size (see Render).
	sizes map[string]*atomic.Int64
	// files maps each template's name to its file, for errors.
	files map[string]string
}

// Overlay returns an fs.FS where files in upper hide those of lower.
func Overlay(upper, lower fs.FS) fs.FS {
	if upper == nil {
		return lower
	}
	return overlay{upper, lower}
}

type overlay struct{ upper, lower fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.upper.Open(name)
	if err == nil {
		return f, nil
	}
	return o.lower.Open(name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	var firstErr error
	for _, f := range []fs.FS{o.lower, o.upper} {
		es, err := fs.ReadDir(f, name)
		if err != nil {
			firstErr = err
			continue
		}
		for _, e := range es {
			seen[e.Name()] = e
		}
	}
	if len(seen) == 0 && firstErr != nil {
		return nil, firstErr
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// Load parses every layout in fsys. Each page layout is parsed together with
// base.html and the partials, so layouts can define the blocks they need.
func Load(fsys fs.FS, funcs template.FuncMap) (*Theme, error) {
	base, err := fs.ReadFile(fsys, "layouts/base.html")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	t := &Theme{sets: map[string]*template.Template{}, sizes: map[string]*atomic.Int64{}, fsys: fsys, files: map[string]string{"base.html": "layouts/base.html"}}
	all := template.FuncMap{"partialCached": t.partialCached}
	for k, v := range funcs {
		all[k] = v
	}
	common := template.New("base.html").Funcs(all)
	if _, err := common.Parse(string(base)); err != nil {
		return nil, t.errorAt("layouts/base.html", err)
	}
	partials, _ := fs.Glob(fsys, "layouts/partials/*.html")
	sort.Strings(partials)
	for _, p := range partials {
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		t.files[path.Base(p)] = p
		if _, err := common.New(path.Base(p)).Parse(string(b)); err != nil {
			return nil, t.errorAt(p, err)
		}
	}
	if t.partials, err = common.Clone(); err != nil {
		return nil, err
	}
	layouts, _ := fs.Glob(fsys, "layouts/*.html")
	sort.Strings(layouts)
	for _, l := range layouts {
		name := strings.TrimSuffix(path.Base(l), ".html")
		if name == "base" {
			continue
		}
		b, err := fs.ReadFile(fsys, l)
		if err != nil {
			return nil, err
		}
		set, err := common.Clone()
		if err != nil {
			return nil, err
		}
		if _, ok := t.files[path.Base(l)]; !ok {
			t.files[path.Base(l)] = l
		}
		if _, err := set.New(path.Base(l)).Parse(string(b)); err != nil {
			return nil, t.errorAt(l, err)
		}
		t.sets[name] = set
		t.sizes[name] = new(atomic.Int64)
	}
	return t, nil
}

// partialCached renders the partial name with data once per theme load and
// distinct keys, and gives the same HTML every other time it is asked with
// the same keys, as Hugo's function of that name does. The keys must say
// everything the partial's output depends on: a site header that shows
// the same links on every page of a language is
// {{partialCached "site-nav.html" . .Lang.Code}}. At 20,000 pages a partial
// rendered once per language instead of once per page is a large part of
// the rendering time saved.
func (t *Theme) partialCached(name string, data any, keys ...any) (template.HTML, error) {
	key := name + "\x00" + fmt.Sprint(keys...)
	if v, ok := t.cache.Load(key); ok {
		return v.(template.HTML), nil
	}
	var b bytes.Buffer
	if err := t.partials.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	t.cache.Store(key, h)
	return h, nil
}

// Render executes a layout with data. A layout that defines "page" renders
// through it (a whole document of its own); otherwise through base.html.
// The page returned is the caller's (see Recycle).
func (t *Theme) Render(layout string, data any) ([]byte, error) {
	set, ok := t.sets[layout]
	if !ok {
		return nil, fmt.Errorf("theme has no layouts/%s.html", layout)
	}
	entry := "base.html"
	if set.Lookup("page") != nil {
		entry = "page"
	}
	// Start at the size this layout's last page came to, so that a page
	// is not copied through every doubling of the buffer as it grows.
	size := t.sizes[layout] // made with the layout's set
	b := new(bytes.Buffer)
	if p, ok := pageBufs.Get().(*[]byte); ok {
		b = bytes.NewBuffer((*p)[:0])
	}
	b.Grow(int(size.Load()) + 512)
	if err := set.ExecuteTemplate(b, entry, data); err != nil {
		return nil, t.errorAt("layouts/"+layout+".html", err)
	}
	size.Store(int64(b.Len()))
	return b.Bytes(), nil
}

// pageBufs holds the page buffers given back through Recycle.
var pageBufs sync.Pool

// Recycle gives back a page that Render returned, once the caller is done
// with it (written out, and held by nothing else): the next page is
// rendered into its memory. A build writes 30,000 pages of 13 kB, and
// allocating each anew was a tenth of all its garbage. Pages of unusual
// sizes are left to the collector.
func Recycle(page []byte) {
	if c := cap(page); c >= 1<<10 && c <= 1<<20 {
		page = page[:0]
		pageBufs.Put(&page)
	}
}

// Asset returns a theme file such as assets/style.css.
func (t *Theme) Asset(name string) ([]byte, error) {
	b, err := fs.ReadFile(t.fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("theme has no %s", name)
	}
	return b, err
}

// FS is the theme's files (for copying static/).
func (t *Theme) FS() fs.FS { return t.fsys }
