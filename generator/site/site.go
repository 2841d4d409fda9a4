package site

import (
	"fmt"
	"os"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/output"
)

// BuildOptions configure a build from a folder into a folder.
type BuildOptions struct {
	Source  string
	Output  string
	Drafts  bool
	BaseURL string
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
	m := Load(os.DirFS(opts.Source), LoadOptions{Drafts: opts.Drafts, BaseURL: opts.BaseURL}, diags)
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
		return st, err
	}
	if err := dir.Commit(); err != nil {
		_ = dir.Abort()
		return st, err
	}
	return st, nil
}

// Check loads the source and renders every page without writing, so that
// it finds everything a build would.
func Check(source string, opts LoadOptions, diags *diag.List) (Stats, error) {
	if info, err := os.Stat(source); err != nil || !info.IsDir() {
		return Stats{}, fmt.Errorf("source folder %s not found", source)
	}
	m := Load(os.DirFS(source), opts, diags)
	if m == nil || diags.HasErrors() {
		return Stats{}, ErrContent
	}
	return m.Render(output.Discard{})
}
