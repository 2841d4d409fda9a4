package render

import (
	"fmt"
	"regexp"
	"strconv"
)

// Error is a theme failure at a place in one of its files. html/template
// says where in its own words ("template: entry.html:3:14: executing
// …"); the file and line are taken out of them here so that the failure
// can be shown as "file:line: message" like every other diagnostic, and
// the terminal, `check -format json` and serve's panel can all say it.
type Error struct {
	// File is the theme file, relative to the theme: "layouts/entry.html".
	File string
	// Line is 1-based; 0 when html/template did not say.
	Line int
	// Msg is html/template's message without the place.
	Msg string
	// Err is html/template's error.
	Err error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// templatePlace is where html/template's errors say they happened: both
// "template: NAME:LINE:COL: …" (parse and execution) and
// "html/template:NAME:LINE:COL: …" (escaping).
var templatePlace = regexp.MustCompile(`(?s)^(?:html/)?template: ?([^:]+):(\d+)(?::\d+)?: (.*)$`)

// errorAt makes err an *Error. file is the theme file being parsed or the
// layout being executed, used when html/template names no file of its own
// (a partial's name is mapped back to its file through t.files).
func (t *Theme) errorAt(file string, err error) *Error {
	e := &Error{File: file, Msg: err.Error(), Err: err}
	if m := templatePlace.FindStringSubmatch(err.Error()); m != nil {
		if f, ok := t.files[m[1]]; ok {
			e.File = f
		}
		e.Line, _ = strconv.Atoi(m[2])
		e.Msg = m[3]
	}
	return e
}
