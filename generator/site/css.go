package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"sort"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
)

// loadCSS reads the theme's stylesheets: assets/style.css first, then every
// other assets/*.css in name order (one file per feature: map, search...),
// minified into one file whose name carries a hash of its content. Pages
// link it rather than inline it: at national scale the same 11 kB repeated
// in 100,000 pages is a gigabyte to write and upload, and a visitor who
// reads a second page (the nearby relic, the next tour stop) gets it from
// the cache; the name changes whenever the content does, so it can be
// cached forever.
//
// Each file is minified on its own, so that an error names the file it is
// in, and so that a block a file leaves open is closed at its end rather
// than swallowing the next file's rules.
func (m *Model) loadCSS() error {
	names, _ := fs.Glob(m.theme.FS(), "assets/*.css")
	sort.Strings(names)
	order := []string{"assets/style.css"}
	for _, n := range names {
		if n != "assets/style.css" {
			order = append(order, n)
		}
	}
	var out []byte
	for _, n := range order {
		b, err := m.theme.Asset(n)
		if err != nil {
			return err
		}
		min, err := minifyCSS(b)
		if err != nil {
			return fmt.Errorf("%s: cannot minify the stylesheet: %w", m.themeFile(n), err)
		}
		out = append(out, min...)
	}
	m.css = template.CSS(out)
	sum := sha256.Sum256(out)
	m.cssPath = "assets/style-" + hex.EncodeToString(sum[:])[:10] + ".css"
	return nil
}

// themeFile names a theme file the way a site author finds it: in the
// site's own theme folder when it is there, else in the default theme.
func (m *Model) themeFile(name string) string {
	if m.Config != nil && m.Config.Theme != "" && m.Source != nil {
		p := "themes/" + m.Config.Theme + "/" + name
		if _, err := fs.Stat(m.Source, p); err == nil {
			return p
		}
	}
	return "(default theme) " + name
}

// cssJob writes the stylesheet that loadCSS made.
func (m *Model) cssJob() job {
	return job{name: m.cssPath, render: func() ([]byte, error) { return []byte(m.css), nil }}
}

// minifyCSS minifies one stylesheet with tdewolff/minify, which parses the
// CSS rather than editing its text: it keeps the space a selector list, a
// media query or calc() needs and drops the rest, and comments.
func minifyCSS(b []byte) ([]byte, error) {
	var w bytes.Buffer
	w.Grow(len(b))
	if err := css.Minify(minify.New(), &w, bytes.NewReader(b), nil); err != nil {
		return nil, err
	}
	return w.Bytes(), nil
}
