package content

import (
	"bytes"
	"sort"
	"strings"
	"time"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/history"
	"go.yaml.in/yaml/v3"
)

// Stale is a translation that has fallen behind: its default-language
// file changed after it was last translated.
type Stale struct {
	Entry *Entry
	// Lang is the translation's language; File its file and Default the
	// default-language file, slash paths relative to the site source.
	Lang, File, Default string
	// Changed is when the default-language text last changed, Translated
	// when the translation did.
	Changed, Translated time.Time
	// ByGit says the times are Git's (last commit, or now for a file
	// changed and not committed); otherwise they are the files' own
	// updated dates.
	ByGit bool
	// Line is the line of the translation to point at: its updated date,
	// or 1.
	Line int
}

// StaleTranslations lists the translations older than the text they
// translate, sorted by file. With a Git history (h not nil) a file's time
// is its last commit; a translation whose files Git does not both know is
// compared as without history: by the updated dates, where the
// translation sets its own updated older than the default language's (a
// translation that inherits updated tells nothing).
//
// A default-language file changed after its translation only in what is
// not translated (its placard's checked date, its photos' files, its
// updated date) leaves the translation current: the text a translation
// translates (title, summary, address, photo alt texts and captions, video
// and audio titles, the body) is compared with what it was in the
// translation's last commit, one git show per such file.
func StaleTranslations(c *Collection, h *history.History) []Stale {
	var out []Stale
	for _, e := range c.Entries {
		def := e.Default
		if def == nil {
			continue
		}
		for lang, d := range e.Docs {
			if d == def {
				continue
			}
			s := Stale{Entry: e, Lang: lang, File: d.File, Default: def.File, Line: 1}
			tDef, okDef := h.Changed(def.File)
			tTr, okTr := h.Changed(d.File)
			switch {
			case okDef && okTr:
				if !tDef.After(tTr) || sameTextThen(h, d.File, def) {
					continue
				}
				s.Changed, s.Translated, s.ByGit = tDef, tTr, true
			case d.Sets("updated") && def.Front.Updated != "":
				tDef, errDef := time.Parse(updatedForm, def.Front.Updated)
				tTr, errTr := time.Parse(updatedForm, d.Front.Updated)
				if errDef != nil || errTr != nil || !tDef.After(tTr) {
					continue
				}
				s.Changed, s.Translated = tDef, tTr
				if l := d.Line("updated"); l > 0 {
					s.Line = l
				}
			default:
				continue
			}
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// WarnStale adds a warning for each stale translation, naming both files:
// what `check` says.
func WarnStale(stale []Stale, diags *diag.List) {
	for _, s := range stale {
		how := "changed %s, translated %s"
		if !s.ByGit {
			how = "updated %s, translation's updated %s"
		}
		diags.Warnf(pos(s.File, s.Line), "translation is older than %s ("+how+"): update it",
			s.Default, s.Changed.Format(updatedForm), s.Translated.Format(updatedForm))
	}
}

// sameTextThen reports whether def's translatable text is what it was in
// the last commit of the translation at file.
func sameTextThen(h *history.History, file string, def *Doc) bool {
	commit := h.Commit(file)
	if commit == "" {
		return false
	}
	raw, err := h.FileAt(commit, def.File)
	if err != nil {
		return false // the default-language file was not there yet
	}
	src, _, msg := Normalize(raw)
	if msg != "" {
		return false
	}
	front, body, _, ok := SplitFrontMatter(src)
	if !ok {
		return false
	}
	var then Front
	if yaml.Unmarshal(front, &then) != nil {
		return false
	}
	return translatable(then, body) == translatable(def.Front, def.Body)
}

// translatable is the text of an entry file that its translations
// translate, in one string.
func translatable(f Front, body []byte) string {
	parts := []string{f.Title, f.Summary, f.Address}
	for _, p := range f.Photos {
		parts = append(parts, p.Alt, p.Caption)
	}
	for _, v := range f.Videos {
		parts = append(parts, v.Title)
	}
	for _, a := range f.Audio {
		parts = append(parts, a.Title)
	}
	parts = append(parts, string(bytes.TrimSpace(body)))
	return strings.Join(parts, "\x00")
}
