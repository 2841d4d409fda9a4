// Package i18n holds the interface strings of a site in each of its
// languages: the theme's files (i18n/<lang>.yaml), overridden or extended by
// the site's own i18n/<lang>.yaml, with a fallback to the default language
// so that a site can add a language (Lao, Khmer...) before every string is
// translated.
package i18n

import (
	"errors"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/diachido/diachido/generator/config"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/yamlx"
	"golang.org/x/text/unicode/norm"
)

// Catalog maps language → key → string.
type Catalog struct {
	langs   []string
	strings map[string]map[string]string
	merged  map[string]map[string]string // Strings, made by Load
}

// Source is one place strings come from, with the prefix its files are
// reported under (e.g. "themes/default/" for the theme, "" for the site).
type Source struct {
	FS     fs.FS
	Prefix string
}

// Load reads i18n/<lang>.yaml from each source in order (later sources
// override earlier ones) for every language, and warns where a language
// lacks strings the default language has.
func Load(sources []Source, langs []string, diags *diag.List) *Catalog {
	c := &Catalog{langs: langs, strings: map[string]map[string]string{}}
	for _, l := range langs {
		c.strings[l] = map[string]string{}
	}
	for _, src := range sources {
		if src.FS == nil {
			continue
		}
		for _, l := range langs {
			name := "i18n/" + l + ".yaml"
			file := src.Prefix + name
			if link := config.SymlinkOn(src.FS, name); link != "" {
				diags.Errorf(diag.Position{File: file}, "symbolic links are not allowed: %s%s is one; copy the file into the site source instead", src.Prefix, link)
				continue
			}
			b, err := fs.ReadFile(src.FS, name)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				diags.Errorf(diag.Position{File: file}, "cannot read: %v", err)
				continue
			}
			b = norm.NFC.Bytes([]byte(strings.TrimPrefix(string(b), "\ufeff")))
			var m map[string]string
			_, problems := yamlx.Decode(b, &m, 0)
			for _, p := range problems {
				diags.Errorf(diag.Position{File: file, Line: p.Line}, "%s (interface strings are lines of key: text)", p.Message)
			}
			for k, v := range m {
				c.strings[l][k] = v
			}
		}
	}
	def := langs[0]
	for _, l := range langs[1:] {
		var missing []string
		for k := range c.strings[def] {
			if _, ok := c.strings[l][k]; !ok {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			more := ""
			if len(missing) > 8 {
				more = " and " + strconv.Itoa(len(missing)-8) + " more"
				missing = missing[:8]
			}
			diags.Warnf(diag.Position{File: "i18n/" + l + ".yaml"}, "%d interface strings are not translated into %s, so the %s ones are shown: %s%s", len(missing), l, def, strings.Join(missing, ", "), more)
		}
	}
	c.merged = map[string]map[string]string{}
	for _, l := range langs {
		m := make(map[string]string, len(c.strings[def]))
		for k, v := range c.strings[def] {
			m[k] = v
		}
		for k, v := range c.strings[l] {
			m[k] = v
		}
		c.merged[l] = m
	}
	return c
}

// Strings returns every string of lang by key, with the default
// language's where lang has none, as T gives them. Templates look strings
// up in it ({{.L.facts}}), which is cheaper than a call to T on a page that
// shows dozens of them. The map is shared: callers must not change it.
func (c *Catalog) Strings(lang string) map[string]string { return c.merged[lang] }

// T returns the string for key in lang, falling back to the default
// language and then to the key itself (so a missing string is visible).
func (c *Catalog) T(lang, key string) string {
	if s, ok := c.strings[lang][key]; ok {
		return s
	}
	if s, ok := c.strings[c.langs[0]][key]; ok {
		return s
	}
	return key
}

// Has reports whether lang has its own string for key.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.strings[lang][key]
	return ok
}

// Date writes t the way lang writes dates, using the strings date_format
// (with {d}, {m}, {month}, {y}) and months (twelve names, comma-separated).
// Without them it falls back to ISO 8601, which every reader understands.
func (c *Catalog) Date(lang string, t time.Time) string {
	f, ok := c.strings[lang]["date_format"]
	if !ok {
		return t.Format("2006-01-02")
	}
	month := strconv.Itoa(int(t.Month()))
	if names := strings.Split(c.T(lang, "months"), ","); len(names) == 12 {
		month = strings.TrimSpace(names[t.Month()-1])
	}
	return strings.NewReplacer(
		"{d}", strconv.Itoa(t.Day()),
		"{m}", strconv.Itoa(int(t.Month())),
		"{month}", month,
		"{y}", strconv.Itoa(t.Year()),
	).Replace(f)
}
