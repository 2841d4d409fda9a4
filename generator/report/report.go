// Package report answers, per placard and per month, "how many people
// scanned this?", and for the whole guide "how complete is it?": the
// scorecard that `diachido report` prints as a table, JSON or a printable
// HTML page.
//
// Scans come from web server access logs in the combined format (nginx,
// Apache, Caddy; plain or gzipped, told apart by their first bytes) or
// from a GoatCounter CSV export. A scan is a GET of /p/<ID> or /p/<ID>/
// (query allowed, under the site's base path) answered 2xx or 3xx by a
// person's browser, in the month of the log's own time zone (GoatCounter's
// dates are UTC). Programs are left out by user agent (IsBot); HEAD is not
// a visit. A visitor who types /p/NT-001 gets a redirect to /p/NT-001/ and
// requests that too: a redirect of /p/<ID> followed within 30 seconds by
// /p/<ID>/ from the same client is one scan. "The same client" is a hash of
// the address and user agent, held in memory while the logs are read; no
// address or user agent is ever written into a report.
//
// IDs that no entry and no retired ID (site.yaml retired:) has are listed
// apart as unknown, whatever the server answered (a placard printed with a
// wrong ID shows up there); retired IDs' scans count, marked retired. Entry
// pages in any language (/<lang>/<kind>/<slug>/) count as views, apart.
//
// A line that cannot be read never stops the report: it becomes a
// Problem (file:line: message) and every other line is still counted.
package report

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/diachido/diachido/generator/config"
	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/history"
)

// PairWindow is how soon after a redirect of /p/<ID> the request for
// /p/<ID>/ it led to must come from the same client to make one scan.
const PairWindow = 30 * time.Second

// FoldAfter is how many problems of one file are printed; the rest are
// counted in one line.
const FoldAfter = 20

// Options say what to count.
type Options struct {
	// Source is the site source folder (site.yaml, content/).
	Source string
	// Logs are access log files; GoatCounter are CSV exports.
	Logs, GoatCounter []string
	// Since, a month written 2026-01, drops earlier months.
	Since string
	// Now is today, for "within 12 months"; the zero value means the clock.
	Now time.Time
}

// Counts is a total and its share per month ("2026-10").
type Counts struct {
	Total  int            `json:"total"`
	Months map[string]int `json:"months"`
}

func (c *Counts) add(month string) {
	c.Total++
	c.Months[month]++
}

// Period is the first and last month counted.
type Period struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Problem is a line of an input that could not be counted, or an input
// that could not be read (Line 0).
type Problem struct {
	File    string
	Line    int
	Message string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Message)
}

// Report is what `diachido report` writes. Its JSON form is
//
//	{"scans": {"NT-001": {"total": 37, "months": {"2026-10": 20, "2026-11": 17}}},
//	 "views": {…}, "unknown": {…}, "retired": ["NT-009"],
//	 "coverage": {…}, "stale": [{…}], "period": {"from": "2026-10", "to": "2026-11"}}
//
// with map keys sorted, so that the same inputs give the same bytes.
type Report struct {
	Scans   map[string]*Counts `json:"scans"`
	Views   map[string]*Counts `json:"views"`
	Unknown map[string]*Counts `json:"unknown"`
	// Retired lists the IDs in Scans that site.yaml retires.
	Retired  []string  `json:"retired"`
	Coverage *Coverage `json:"coverage"`
	// Stale lists the translations older than the text they translate.
	Stale  []StaleTranslation `json:"stale"`
	Period Period             `json:"period"`

	// What the text and HTML forms show besides.
	Title    string    `json:"-"` // the guide's title in its default language
	Org      string    `json:"-"`
	Lang     string    `json:"-"` // the default language's code
	Placards []Placard `json:"-"` // every entry that has or may have a placard, by ID
	Problems []Problem `json:"-"` // folded: FoldAfter per file at most
	Lines    int       `json:"-"` // log lines and export rows read
	Inputs   int       `json:"-"` // log and export files read
}

// Placard is an entry a placard may hang for.
type Placard struct {
	ID, Title, Kind, Province string
	// Installed, Checked and Location come from the entry's placard field.
	Installed, Checked, Location string
}

// StaleTranslation is a translation fallen behind (content.Stale).
type StaleTranslation struct {
	ID         string `json:"id"`
	Lang       string `json:"lang"`
	File       string `json:"file"`
	Default    string `json:"default"`
	Changed    string `json:"changed"`
	Translated string `json:"translated"`
	// By is "git" (last commits) or "updated" (the files' updated dates).
	By string `json:"by"`
}

// ErrContent means the source has content errors (in diags).
var ErrContent = errors.New("the site source has errors")

// ErrNothingRead means logs or exports were given and none could be read.
var ErrNothingRead = errors.New("none of the logs or exports could be read")

// Make counts the scans and views in the inputs and measures the guide's
// coverage. Content errors of the source go to diags (and ErrContent is
// returned); problems of the inputs are in the Report's Problems.
func Make(opts Options, diags *diag.List) (*Report, error) {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	if info, err := os.Stat(opts.Source); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("source folder %s not found", opts.Source)
	}
	fsys := os.DirFS(opts.Source)
	var loaded diag.List
	cfg := config.Load(fsys, &loaded)
	var col *content.Collection
	if cfg != nil {
		langs := make([]string, len(cfg.Languages))
		for i, l := range cfg.Languages {
			langs[i] = l.Code
		}
		col = content.Load(fsys, content.Options{Languages: langs, Now: now}, &loaded)
	}
	// Only errors: the warnings are check's to give.
	for _, d := range loaded.Errors() {
		diags.Add(d)
	}
	if cfg == nil || diags.HasErrors() {
		return nil, ErrContent
	}

	r := &Report{
		Scans: map[string]*Counts{}, Views: map[string]*Counts{}, Unknown: map[string]*Counts{},
		Retired: []string{}, Stale: []StaleTranslation{},
		Title: cfg.Default().Title, Org: cfg.Organization, Lang: cfg.Default().Code,
	}
	ix := newIndex(cfg, col)
	c := &counter{r: r, ix: ix, since: opts.Since}

	read := 0
	for _, name := range dedupe(opts.Logs) {
		if c.readLog(name) {
			read++
		}
	}
	for _, name := range dedupe(opts.GoatCounter) {
		if c.readGoatCounter(name) {
			read++
		}
	}
	c.pair()
	r.Inputs = read

	for id := range r.Scans {
		if _, ok := cfg.Retired[id]; ok && col.ByID[id] == nil {
			r.Retired = append(r.Retired, id)
		}
	}
	sort.Strings(r.Retired)
	r.Period = period(r)

	h, err := history.Load(opts.Source, now)
	if err != nil {
		h = nil
	}
	stale := content.StaleTranslations(col, h)
	for _, s := range stale {
		by := "updated"
		if s.ByGit {
			by = "git"
		}
		r.Stale = append(r.Stale, StaleTranslation{ID: s.Entry.ID(), Lang: s.Lang, File: s.File, Default: s.Default,
			Changed: s.Changed.Format("2006-01-02"), Translated: s.Translated.Format("2006-01-02"), By: by})
	}
	r.Coverage = measure(cfg, col, stale, now)
	r.Placards = placards(col)

	if read == 0 && len(opts.Logs)+len(opts.GoatCounter) > 0 {
		return r, ErrNothingRead
	}
	return r, nil
}

func dedupe(names []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// index finds what a requested path is: a short link or an entry page.
type index struct {
	base    string            // the base URL's path: "/" or "/guide/"
	pages   map[string]string // "vi/sites/x/" → ID
	known   map[string]bool   // entry IDs
	retired map[string]bool
}

func newIndex(cfg *config.Site, col *content.Collection) *index {
	ix := &index{base: cfg.BasePath(), pages: map[string]string{}, known: map[string]bool{}, retired: map[string]bool{}}
	for _, e := range col.Entries {
		ix.known[e.ID()] = true
		if e.Kind == content.Page {
			continue
		}
		for _, l := range cfg.Languages {
			// The contract's entry address, as site.EntryPath makes it
			// (not imported: the report needs none of the renderer).
			ix.pages[l.Code+"/"+string(e.Kind)+"/"+e.Slug+"/"] = e.ID()
		}
	}
	for id := range cfg.Retired {
		ix.retired[id] = true
	}
	return ix
}

// kinds of path
const (
	other = iota
	short // /p/<ID>, /p/<ID>/
	page  // an entry page
)

// classify says what target (a request target as logged) is: for a short
// link its ID and whether it ended in a slash; for a page its entry's ID.
// withoutBase also accepts paths that lack the base path (GoatCounter
// records whatever path the page sent).
func (ix *index) classify(target string, withoutBase bool) (kind int, id string, slash bool) {
	if i := strings.IndexAny(target, "?#"); i >= 0 {
		target = target[:i]
	}
	if i := strings.Index(target, "://"); i >= 0 { // an absolute URI
		rest := target[i+3:]
		j := strings.IndexByte(rest, '/')
		if j < 0 {
			return other, "", false
		}
		target = rest[j:]
	}
	p, err := url.PathUnescape(target)
	if err != nil {
		return other, "", false
	}
	rel, ok := strings.CutPrefix(p, ix.base)
	if !ok {
		if !withoutBase {
			return other, "", false
		}
		rel = strings.TrimPrefix(p, "/")
	}
	if rest, ok := strings.CutPrefix(rel, "p/"); ok {
		id, tail, hasSlash := strings.Cut(rest, "/")
		if !content.IDRe.MatchString(id) || (tail != "" && tail != "index.html") {
			return other, "", false
		}
		return short, id, hasSlash
	}
	rel = strings.TrimSuffix(rel, "index.html")
	if id, ok := ix.pages[rel]; ok {
		return page, id, false
	}
	return other, "", false
}

// hit is a GET of a short link by a person, kept until the redirects are
// paired with what followed them.
type hit struct {
	at     time.Time
	id     string
	slash  bool
	status int
	client uint64
	seq    int // order read, for a stable sort
}

type counter struct {
	r     *Report
	ix    *index
	since string
	hits  []hit
}

func (c *counter) month(t time.Time) (string, bool) {
	m := t.Format("2006-01")
	return m, c.since == "" || m >= c.since
}

func (c *counter) counts(m map[string]*Counts, id string) *Counts {
	if m[id] == nil {
		m[id] = &Counts{Months: map[string]int{}}
	}
	return m[id]
}

// problems collects one file's problems, folding after FoldAfter.
type problems struct {
	r    *Report
	file string
	n    int
}

func (p *problems) add(line int, format string, args ...any) {
	p.n++
	if p.n <= FoldAfter {
		p.r.Problems = append(p.r.Problems, Problem{p.file, line, fmt.Sprintf(format, args...)})
	}
}

func (p *problems) done(what string) {
	if p.n > FoldAfter {
		p.r.Problems = append(p.r.Problems, Problem{p.file, 0, fmt.Sprintf("%d more %s that could not be read (not shown)", p.n-FoldAfter, what)})
	}
}

// readLog counts one access log; it reports whether the file could be
// read at all.
func (c *counter) readLog(name string) bool {
	pr := &problems{r: c.r, file: name}
	rd, closeFn, err := openLog(name)
	if err != nil {
		c.r.Problems = append(c.r.Problems, Problem{name, 0, err.Error()})
		return false
	}
	defer closeFn()
	lines := 0
	err = eachLine(rd, func(n int, line []byte) {
		lines = n
		if len(line) == 0 {
			return
		}
		req, err := parseLine(line)
		if err != nil {
			pr.add(n, "%v", err)
			return
		}
		c.r.Lines++
		if req.method != "GET" || req.bot {
			return
		}
		kind, id, slash := c.ix.classify(req.target, false)
		switch kind {
		case short:
			c.hits = append(c.hits, hit{at: req.at, id: id, slash: slash, status: req.status, client: req.client, seq: len(c.hits)})
		case page:
			if req.status >= 200 && req.status < 300 {
				if m, ok := c.month(req.at); ok {
					c.counts(c.r.Views, id).add(m)
				}
			}
		}
	}, func(n int) {
		lines = n
		pr.add(n, "line longer than %d kB: skipped", maxLine>>10)
	})
	pr.done("lines")
	if err != nil {
		msg := fmt.Sprintf("could not read past line %d (%v): the lines before it are counted", lines, err)
		if errors.Is(err, io.ErrUnexpectedEOF) {
			msg = fmt.Sprintf("the file ends early (a truncated gzip file?): the %d lines before the end are counted", lines)
		}
		c.r.Problems = append(c.r.Problems, Problem{name, 0, msg})
	}
	return true
}

// pair counts the short-link hits in time order: a redirect of /p/<ID>
// counts, and the request for /p/<ID>/ that follows it from the same
// client within PairWindow is the same scan.
func (c *counter) pair() {
	slices.SortStableFunc(c.hits, func(a, b hit) int {
		if n := a.at.Compare(b.at); n != 0 {
			return n
		}
		return cmp.Compare(a.seq, b.seq)
	})
	type key struct {
		client uint64
		id     string
	}
	pending := map[key]time.Time{}
	for _, h := range c.hits {
		k := key{h.client, h.id}
		if h.slash {
			if t, ok := pending[k]; ok {
				delete(pending, k)
				if d := h.at.Sub(t); d >= 0 && d <= PairWindow {
					continue
				}
			}
		} else if h.status >= 300 && h.status < 400 {
			pending[k] = h.at
		}
		m, ok := c.month(h.at)
		if !ok {
			continue
		}
		switch {
		case c.ix.known[h.id] || c.ix.retired[h.id]:
			if h.status >= 200 && h.status < 400 {
				c.counts(c.r.Scans, h.id).add(m)
			}
		default:
			c.counts(c.r.Unknown, h.id).add(m)
		}
	}
	c.hits = nil
}

func period(r *Report) Period {
	var p Period
	for _, m := range []map[string]*Counts{r.Scans, r.Views, r.Unknown} {
		for _, c := range m {
			for month := range c.Months {
				if p.From == "" || month < p.From {
					p.From = month
				}
				if month > p.To {
					p.To = month
				}
			}
		}
	}
	return p
}

func placards(col *content.Collection) []Placard {
	var out []Placard
	for _, e := range col.Entries {
		f := e.Default.Front
		if !e.Kind.Located() && f.Placard == nil {
			continue
		}
		p := Placard{ID: e.ID(), Title: f.Title, Kind: string(e.Kind), Province: f.Province}
		if f.Placard != nil {
			p.Installed, p.Checked, p.Location = f.Placard.Installed, f.Placard.Checked, f.Placard.Location
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
