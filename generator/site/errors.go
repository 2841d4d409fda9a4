package site

import (
	"errors"
	"fmt"

	"sort"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/render"
)

// A PageError is a file of the output that could not be made. Render and
// Plan.Render return them (joined, one per file, sorted by file); each is
// a diagnostic at the theme file and line that failed, when the theme's
// template failed, so that the terminal, `check -format json` and serve's
// panel all name both the page and the layout line.
type PageError struct {
	// Page is the output file: "vi/sites/dinh-a/index.html".
	Page string
	// Pos is the theme file and line, as the site source names it
	// ("themes/hong/layouts/entry.html", or "(default theme)
	// layouts/entry.html"); empty when the failure was not the theme's.
	Pos diag.Position
	Err error
	// More counts the other pages that failed at the same place the same
	// way: a broken entry layout is one line, not one per entry.
	More int
}

func (e *PageError) Error() string {
	if e.Pos.File != "" {
		return e.Pos.String() + ": " + e.message()
	}
	return e.pages() + ": " + e.Err.Error()
}

func (e *PageError) pages() string {
	switch e.More {
	case 0:
		return e.Page
	case 1:
		return e.Page + " and 1 other page"
	}
	return fmt.Sprintf("%s and %d other pages", e.Page, e.More)
}

func (e *PageError) message() string { return "cannot render " + e.pages() + ": " + e.msg() }

func (e *PageError) Unwrap() error { return e.Err }

func (e *PageError) msg() string {
	var re *render.Error
	if errors.As(e.Err, &re) {
		return re.Msg
	}
	return e.Err.Error()
}

// Diagnostic makes the error a diagnostic (see diag.List.Collect).
func (e *PageError) Diagnostic() diag.Diagnostic {
	return diag.Diagnostic{Pos: e.Pos, Severity: diag.Error, Message: e.message()}
}

// joinPageErrors sorts errs by page and folds the pages that failed at
// the same place with the same message into the first of them.
func joinPageErrors(errs []*PageError) error {
	sort.Slice(errs, func(i, j int) bool { return errs[i].Page < errs[j].Page })
	type key struct {
		pos diag.Position
		msg string
	}
	first := map[key]*PageError{}
	var all []error
	for _, e := range errs {
		k := key{e.Pos, e.msg()}
		if f := first[k]; f != nil {
			f.More++
			continue
		}
		first[k] = e
		all = append(all, e)
	}
	return errors.Join(all...)
}

// pageError wraps a job's failure.
func (m *Model) pageError(page string, err error) *PageError {
	pe := &PageError{Page: page, Err: err}
	var re *render.Error
	if errors.As(err, &re) {
		pe.Pos = diag.Position{File: m.themeFile(re.File), Line: re.Line}
	}
	return pe
}

// A FileError is a source file that could not be published (a photo
// whose variants cannot be made): a diagnostic at that file.
type FileError struct {
	Pos diag.Position
	Err error
}

func (e *FileError) Error() string { return e.Pos.String() + ": " + e.Err.Error() }

func (e *FileError) Unwrap() error { return e.Err }

// Diagnostic makes the error a diagnostic (see diag.List.Collect).
func (e *FileError) Diagnostic() diag.Diagnostic {
	return diag.Diagnostic{Pos: e.Pos, Severity: diag.Error, Message: "cannot publish: " + e.Err.Error()}
}
