package content

import (
	"io/fs"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/diachido/diachido/generator/diag"
)

// Thresholds of the warnings that help editors; none of them stops a build
// unless `check -strict` is used.
const (
	// SoftSummary is where a summary starts to be cut in link previews.
	SoftSummary = 250
	// MaxPhotoBytes is the size above which a photo is too heavy to publish
	// as it is for visitors on a slow connection.
	MaxPhotoBytes = 5 << 20
	// StaleAfter is how long facts may go unchecked.
	StaleAfter = 3 * 365 * 24 * time.Hour
)

// advise adds the warnings that help editors keep a guide useful: missing
// translations, long summaries, heavy photos, no sources, old facts.
func advise(fsys fs.FS, site *Collection, opts Options, diags *diag.List) {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	for _, e := range site.Entries {
		d := e.Default
		f := d.Front
		at := func(line int) diag.Position {
			if line == 0 {
				line = 1
			}
			return pos(d.File, line)
		}
		for _, l := range opts.Languages[1:] {
			if _, ok := e.Docs[l]; !ok && e.Kind != Page {
				diags.Warnf(at(1), "not translated into %s yet: visitors reading %s see this text with a notice (add %s/index.%s.md)", l, l, e.Dir, l)
			}
		}
		for _, doc := range e.Docs {
			if doc != d && !doc.Sets("summary") {
				continue
			}
			if n := utf8.RuneCountInString(doc.Front.Summary); n > SoftSummary && n <= MaxSummary {
				diags.Warnf(pos(doc.File, doc.Line("summary")), "summary is %d characters; link previews cut it after about %d", n, SoftSummary)
			}
		}
		for i, p := range f.Photos {
			if info, err := fs.Stat(fsys, e.Dir+"/"+p.Src); err == nil && info.Size() > MaxPhotoBytes {
				diags.Warnf(at(d.Line("photos", strconv.Itoa(i))), "photo %s is %.1f MB; visitors on a slow connection pay for it: shrink it under 5 MB", p.Src, float64(info.Size())/(1<<20))
			}
		}
		if e.Kind.Located() && len(f.Sources) == 0 {
			diags.Warnf(at(1), "no sources: add the official documents the text was taken from (sources: - title: …, url: …)")
		}
		advisePlacard(e, now, diags)
		if f.Updated != "" {
			if t, err := time.Parse("2006-01-02", f.Updated); err == nil && now.Sub(t) > StaleAfter {
				diags.Warnf(at(d.Line("updated")), "facts last checked on %s, more than three years ago: check them again and update the date", f.Updated)
			}
		} else if e.Kind.Located() {
			diags.Warnf(at(1), "no updated date: add updated: %s once the facts are checked", now.Format("2006-01-02"))
		}
	}
}
