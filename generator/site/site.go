package site

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/diachido/diachido/generator/cache"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/history"
	"github.com/diachido/diachido/generator/output"
)

// BuildOptions configure a build from a folder into a folder.
type BuildOptions struct {
	Source  string
	Output  string
	Drafts  bool
	BaseURL string
	// CacheDir keeps placards and photo variants between builds.
	CacheDir string
	// Created is stamped into placards (from SOURCE_DATE_EPOCH).
	Created time.Time
	// NoPlacards skips placard PDFs.
	NoPlacards bool
	// Progress, when set, counts files as they are written.
	Progress *Progress
}

func (o BuildOptions) cache() cache.Cache { return cache.Cache{Dir: o.CacheDir} }

func (o BuildOptions) load() LoadOptions {
	return LoadOptions{Drafts: o.Drafts, BaseURL: o.BaseURL, CacheDir: o.CacheDir, Created: o.Created, NoPlacards: o.NoPlacards, Progress: o.Progress}
}

// GuardError is returned when the output folder is refused.
type GuardError = output.GuardError

// Build loads the source, and when it has no errors renders it into a
// temporary folder that replaces Output only if everything succeeded. On
// content errors it returns ErrContent and leaves Output untouched; the
// diagnostics (errors and warnings) are in diags either way.
func Build(opts BuildOptions, diags *diag.List) (Stats, error) {
	if err := output.CheckTarget(opts.Output, opts.Source); err != nil {
		return Stats{}, err
	}
	if info, err := os.Stat(opts.Source); err != nil || !info.IsDir() {
		return Stats{}, fmt.Errorf("source folder %s not found", opts.Source)
	}
	// The fingerprint of the inputs is recorded with the output, and the
	// list of inputs in the cache: when the same list fingerprints the
	// same now, the output is already exactly what this build would
	// write, and its ID ledger is up to date.
	if upToDate(opts) {
		return Stats{UpToDate: true}, nil
	}
	src := dirFS(opts.Source)
	m := Load(src, opts.load(), diags)
	if m == nil || diags.HasErrors() {
		return Stats{}, ErrContent
	}
	dir, err := output.NewDir(opts.Output)
	if err != nil {
		return Stats{}, err
	}
	st, err := m.Render(dir)
	if err != nil {
		_ = dir.Abort()
		return st, contentErr(err, diags)
	}
	// Everything the load and the render read is now recorded; the
	// ledger is fingerprinted as this build will leave it.
	ledger, _ := m.ledgerUpdate()
	fp, list, fpErr := fingerprint(opts, src, ledger)
	if fpErr == nil {
		if err := dir.WriteFile(output.Marker, []byte(output.MarkerText+fingerprintPrefix+fp+"\n")); err != nil {
			_ = dir.Abort()
			return st, err
		}
	}
	if err := dir.Commit(); err != nil {
		_ = dir.Abort()
		return st, err
	}
	st.Written, st.Kept = dir.Written(), dir.Kept()
	if fpErr == nil {
		saveInputs(opts, fp, list)
	}
	st.NewIDs, err = m.UpdateLedger(opts.Source)
	if err != nil {
		return st, fmt.Errorf("the site was built, but %s could not be updated: %w", LedgerFile, err)
	}
	return st, nil
}

// Check loads the source and renders every page without writing, so that
// it finds everything a build would.
func Check(source string, opts LoadOptions, diags *diag.List) (Stats, error) {
	if info, err := os.Stat(source); err != nil || !info.IsDir() {
		return Stats{}, fmt.Errorf("source folder %s not found", source)
	}
	if opts.StaleTranslations {
		opts.history, _ = history.Load(source, time.Time{}) // nil outside a Git work tree: the updated dates decide
	}
	m := Load(dirFS(source), opts, diags)
	if m == nil || diags.HasErrors() {
		return Stats{}, ErrContent
	}
	st, err := m.Render(output.Discard{})
	return st, contentErr(err, diags)
}

// contentErr moves the diagnostics a render failed with (a theme's
// template, see PageError) into diags, and returns ErrContent for them;
// failures of another kind (a full disk) are returned as they are.
func contentErr(err error, diags *diag.List) error {
	if err == nil {
		return nil
	}
	if rest := diags.Collect(err); rest != nil {
		return rest
	}
	return ErrContent
}

// PlacardStats says what Placards did.
type PlacardStats struct {
	Files    int  // files rendered (and written when their bytes changed)
	Written  int  // files whose bytes changed
	UpToDate bool // the output was built from exactly this source: nothing to do
}

// Placards renders placards into an already built output folder: every
// placard, or only those whose IDs are given, plus the batch files and the
// placard list pages. Unknown IDs are an error.
//
// Asked for every placard of an output folder that a build with placards
// made from exactly this source (the same fingerprint as Build checks), it
// does nothing: the placards there are what it would write. Otherwise it
// loads the site and takes each PDF from the cache when what it shows is
// unchanged, leaving files that already hold the right bytes alone.
func Placards(opts BuildOptions, ids []string, diags *diag.List) (PlacardStats, error) {
	if err := output.CheckTarget(opts.Output, opts.Source); err != nil {
		return PlacardStats{}, err
	}
	if len(ids) == 0 && !opts.NoPlacards {
		if info, err := os.Stat(filepath.Join(opts.Output, "placards")); err == nil && info.IsDir() && upToDate(opts) {
			return PlacardStats{UpToDate: true}, nil
		}
	}
	m := Load(dirFS(opts.Source), opts.load(), diags)
	if m == nil || diags.HasErrors() {
		return PlacardStats{}, ErrContent
	}
	var want map[string]bool
	if len(ids) > 0 {
		want = map[string]bool{}
		for _, id := range ids {
			e, ok := m.Content.ByID[id]
			if !ok || !HasPlacard(e) {
				return PlacardStats{}, fmt.Errorf("no site or marker has ID %s", id)
			}
			want[id] = true
		}
	}
	if err := os.MkdirAll(opts.Output, 0o755); err != nil {
		return PlacardStats{}, err
	}
	w := output.InPlace{Root: opts.Output}
	if _, err := os.Stat(filepath.Join(opts.Output, output.Marker)); err != nil {
		if err := w.WriteFile(output.Marker, []byte(output.MarkerText)); err != nil {
			return PlacardStats{}, err
		}
	}
	jobs := m.placardJobs(want)
	for _, lang := range m.Langs {
		jobs = append(jobs, m.placardListJobs(lang)...)
	}
	st := PlacardStats{Files: len(jobs)}
	// Files that already hold what a job renders are left alone: with the
	// cache warm, refreshing an unchanged site reads but writes nothing.
	u := &unchangedSkipper{root: opts.Output, w: w}
	if err := m.run(jobs, u); err != nil {
		return st, contentErr(err, diags)
	}
	st.Written = int(u.written.Load())
	return st, removeStaleBatches(opts.Output, jobs)
}
