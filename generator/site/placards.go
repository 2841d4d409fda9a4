package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/diachido/diachido/generator/cache"
	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/generator/placard"
)

// placardVersion changes whenever placard output changes for the same input,
// so that cached PDFs of an older design are not reused.
const placardVersion = "placard-4"

// placardsPerFile is the most placards one print-shop file holds. A site
// with more gets several files of placardsPerFile placards each, rendered
// in parallel and small enough for a print shop's upload form.
const placardsPerFile = 500

// batchSize is placardsPerFile; tests lower it.
var batchSize = placardsPerFile

// HasPlacard reports whether an entry gets a placard: relic sites and
// border markers, the things with a gate or a post to screw it to, and
// exhibitions, for the physical exhibition's entrance.
func HasPlacard(e *content.Entry) bool { return e.Kind.HasPlacardLife() }

// PlacardEntries returns the entries that get placards, in ID order.
func (m *Model) PlacardEntries() []*content.Entry {
	var out []*content.Entry
	for _, e := range m.Content.Entries {
		if HasPlacard(e) {
			out = append(out, e)
		}
	}
	sortByID(out)
	return out
}

// hasPlacards reports whether any entry has a placard, without sorting.
func (m *Model) hasPlacards() bool {
	for _, e := range m.Content.Entries {
		if HasPlacard(e) {
			return true
		}
	}
	return false
}

// sortByID sorts es in place by ID; callers pass their own slice, never
// the shared one from Collection.OfKind.
func sortByID(es []*content.Entry) {
	sort.Slice(es, func(i, j int) bool { return es[i].ID() < es[j].ID() })
}

// PlacardData is what e's placard shows: the default-language title and,
// when the entry is translated into the second of placards.languages, that
// language's title (and its summary, when site.yaml lists the language:
// PlacardLanguagesSet); a kind line in each; the summary; the short link; a
// call to action in each placard language.
func (m *Model) PlacardData(e *content.Entry) placard.Data {
	d := m.placardData(e)
	d.Logo, d.LogoType = m.logo()
	return d
}

// placardData is PlacardData without the logo, which placardJobs reads
// once for all placards.
func (m *Model) placardData(e *content.Entry) placard.Data {
	def := m.Langs[0]
	f := e.Default.Front
	d := placard.Data{
		ID:           f.ID,
		URL:          m.urls.Abs(Short(f.ID)),
		Title:        f.Title,
		KindLine:     m.kindLine(e, def),
		Summary:      f.Summary,
		Organization: m.Config.Organization,
		CallToAction: []string{m.i18n.T(def, "placard_cta")},
	}
	if langs := m.placardLanguages(); len(langs) > 1 {
		alt := langs[1]
		if doc, ok := e.Docs[alt]; ok {
			d.TitleAlt = doc.Front.Title
			// A language without interface strings of its own (lo, until
			// i18n/lo.yaml says) would repeat the default kind line.
			if k := m.kindLine(e, alt); k != d.KindLine {
				d.KindLineAlt = k
			}
			if m.Config.PlacardLanguagesSet() && doc.Sets("summary") {
				d.SummaryAlt = doc.Front.Summary
			}
		}
		if cta := m.i18n.T(alt, "placard_cta"); cta != d.CallToAction[0] {
			d.CallToAction = append(d.CallToAction, cta)
		}
	}
	return d
}

func (m *Model) logo() ([]byte, string) {
	if m.Config.Logo == "" {
		return nil, ""
	}
	b := m.logoData
	if b == nil {
		return nil, ""
	}
	if strings.EqualFold(path.Ext(m.Config.Logo), ".png") {
		return b, "PNG"
	}
	return b, "JPG"
}

// kindLine is "Di tích lịch sử · Di tích quốc gia" for a site and
// "Mốc chính số 692 · Việt Nam – Lào" for a marker.
func (m *Model) kindLine(e *content.Entry, lang string) string {
	t := func(k string) string { return m.i18n.T(lang, k) }
	f := e.Default.Front
	var parts []string
	switch e.Kind {
	case content.Site:
		if f.Category != "" {
			parts = append(parts, t("category_"+f.Category))
		}
		if f.Rank != "" {
			parts = append(parts, t("rank_"+f.Rank))
		}
	case content.Marker:
		if mk := f.Marker; mk != nil {
			parts = append(parts, fmt.Sprintf(t("placard_marker_number"), t("marker_type_"+mk.Type), mk.Number), m.borderName(mk.Border, lang))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, t("kind_"+string(e.Kind)))
	}
	return strings.Join(parts, " · ")
}

func (m *Model) placardOptions(paper string) placard.Options {
	o := placard.Options{Paper: paper, Bleed: m.Config.Placards.Bleed, CreationDate: m.created}
	if slices.Contains(m.placardLanguages(), "lo") {
		o.Fonts, _ = laoFonts()
	}
	return o
}

// placardsNeedLao reports whether placards print Lao (placards.languages
// lists lo), which the embedded DejaVu faces cannot shape.
func (m *Model) placardsNeedLao() bool {
	return slices.Contains(m.Config.Placards.Languages, "lo")
}

// placardLanguages are the languages placards print: placards.languages,
// less Lao when it came by default (the site's second language, with no
// placards.languages in site.yaml) and no Lao font is installed. A site
// that asked for Lao fails instead (checkPlacards); one that did not ask
// keeps building where it did, with a warning, rather than failing on a
// machine without the font.
func (m *Model) placardLanguages() []string {
	langs := m.Config.Placards.Languages
	if !m.Config.PlacardLanguagesSet() && m.placardsNeedLao() {
		if _, err := laoFonts(); err != nil {
			return slices.DeleteFunc(slices.Clone(langs), func(l string) bool { return l == "lo" })
		}
	}
	return langs
}

// The Lao faces, read and parsed once per process from the first of
// placard.LaoFontFiles found (the Debian package fonts-noto-core). They
// live outside the site source, so they are not among the build's
// recorded inputs; their hash is in every placard's cache key instead.
var lao struct {
	once  sync.Once
	fonts *placard.Fonts
	err   error
}

// laoFonts returns the Lao faces, or an error saying what to install.
// Tests replace it.
var laoFonts = func() (*placard.Fonts, error) {
	lao.once.Do(func() { lao.fonts, lao.err = readLaoFonts(placard.LaoFontFiles) })
	return lao.fonts, lao.err
}

// readLaoFonts reads the first pair of files (regular, bold) of files
// whose regular face exists.
func readLaoFonts(files [][2]string) (*placard.Fonts, error) {
	for _, p := range files {
		reg, err := os.ReadFile(p[0])
		if err != nil {
			continue
		}
		bold, _ := os.ReadFile(p[1]) // optional: the regular face sets bold text too
		f, err := placard.NewFonts(reg, bold)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p[0], err)
		}
		return f, nil
	}
	where := "nowhere"
	if len(files) > 0 {
		where = files[0][0]
	}
	return nil, fmt.Errorf("no Lao font is installed (looked for %s): install it with `apt install %s`", where, placard.LaoFontPackage)
}

// placardKey hashes everything a PDF of ds depends on. The logo, the same
// on every placard, enters by the hash Load took of it rather than by its
// bytes, so that a key hashes no copy of it per placard.
func (m *Model) placardKey(ds []placard.Data, paper string) string {
	type keyData struct {
		placard.Data
		Logo [32]byte
	}
	o := m.placardOptions(paper)
	kd := make([]keyData, len(ds))
	for i, d := range ds {
		if len(d.Logo) > 0 {
			kd[i].Logo = m.logoSum
		}
		d.Logo = nil
		kd[i].Data = d
	}
	in, _ := json.Marshal(struct {
		D     []keyData
		O     placard.Options
		Fonts [32]byte `json:",omitzero"` // the Lao faces' files
	}{kd, o, o.Fonts.Sum()})
	return cache.Key([]byte(placardVersion), in)
}

// cachedPlacards returns one PDF of the placards ds, from the cache when
// nothing they show has changed. layouts, when not nil, holds the layouts
// of ds shared with other jobs.
func (m *Model) cachedPlacards(ds []placard.Data, paper string, layouts []twice[*placard.Layout]) ([]byte, error) {
	key := m.placardKey(ds, paper)
	if b, ok := m.cache.Get("placards", key); ok {
		return b, nil
	}
	o := m.placardOptions(paper)
	var b []byte
	var err error
	if layouts == nil {
		b, err = placard.RenderBatch(ds, o)
	} else {
		ls := make([]*placard.Layout, len(ds))
		for i := range ds {
			d := ds[i]
			if ls[i], err = layouts[i].get(func() (*placard.Layout, error) { return placard.ComputeLayout(d, o) }); err != nil {
				if len(ds) > 1 {
					err = fmt.Errorf("placard %d (%s): %w", i+1, ds[i].ID, err)
				}
				return nil, err
			}
		}
		b, err = placard.RenderLayouts(ls, o)
	}
	if err != nil {
		return nil, err
	}
	m.cache.Put("placards", key, b)
	return b, nil
}

// batch is a run of placards, in ID order, printed in one file.
type batch struct{ n, from, to int }

// batches splits n placards into print-shop files of at most batchSize.
func batches(n int) []batch {
	var out []batch
	for from := 0; from < n; from += batchSize {
		out = append(out, batch{len(out) + 1, from, min(from+batchSize, n)})
	}
	return out
}

// batchPlacard is the print-shop file holding batch b of one size's
// placards, out of total: placards/all-a4.pdf when all of them fit one
// file (placardsPerFile or fewer), else placards/all-a4-001.pdf (the first
// placardsPerFile placards in ID order), all-a4-002.pdf and so on.
func batchPlacard(paper string, b batch, total int) string {
	if total <= batchSize {
		return "placards/all-" + strings.ToLower(paper) + ".pdf"
	}
	return fmt.Sprintf("placards/all-%s-%03d.pdf", strings.ToLower(paper), b.n)
}

// unchangedSkipper writes through to w, except a file that already holds
// exactly the bytes to write: comparing costs a read, rewriting costs a
// write, a rename and the disk's time.
type unchangedSkipper struct {
	root    string
	w       output.Writer
	written atomic.Int64 // files written
}

func (u *unchangedSkipper) WriteFile(name string, data []byte) error {
	if filepath.IsLocal(filepath.FromSlash(name)) {
		p := filepath.Join(u.root, filepath.FromSlash(name))
		if info, err := os.Lstat(p); err == nil && info.Mode().IsRegular() && info.Size() == int64(len(data)) {
			if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, data) {
				return nil
			}
		}
	}
	u.written.Add(1)
	return u.w.WriteFile(name, data)
}

func (u *unchangedSkipper) Copy(name string, r io.Reader) error {
	u.written.Add(1)
	return u.w.Copy(name, r)
}

// removeStaleBatches deletes print-shop files that jobs did not write: a
// site that shrank, or grew past placardsPerFile, leaves them behind when its
// placards are refreshed in place.
func removeStaleBatches(root string, jobs []job) error {
	written := map[string]bool{}
	for _, j := range jobs {
		written[j.name] = true
	}
	dir := filepath.Join(root, "placards")
	names, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	for _, n := range names {
		name := "placards/" + n.Name()
		if !written[name] && n.Type().IsRegular() && batchFileRE.MatchString(n.Name()) {
			if err := os.Remove(filepath.Join(dir, n.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// batchFileRE matches the names batchPlacard gives.
var batchFileRE = regexp.MustCompile(`^all-[a-z0-9]+(-[0-9]{3,})?\.pdf$`)
