// Package diag collects problems found in a site source and prints them the way
// editors read them: one line each, "path:line: message", sorted by file and
// line, all of them in one run.
//
// Editors are volunteers who fix their mistakes in a Git web editor; a message
// that names the file and line is what lets them do it without a terminal. So
// every stage of the build reports into a List instead of stopping at the first
// error, and the build stops only after loading, when the whole list is known.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Severity tells errors, which stop a build, from warnings, which only inform.
type Severity int

const (
	// Error stops the build: the site would be wrong or unsafe.
	Error Severity = iota
	// Warning helps an editor but does not stop the build (unless -strict).
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Position is where a problem is: a slash-separated path relative to the
// site source, and a 1-based line (0 when unknown).
type Position struct {
	File string
	Line int
}

func (p Position) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return p.File
}

// Diagnostic is one problem at one place.
type Diagnostic struct {
	Pos      Position
	Severity Severity
	Message  string
}

// String formats the diagnostic as "path:line: message" (warnings say so).
func (d Diagnostic) String() string {
	var b strings.Builder
	if d.Pos.File != "" {
		b.WriteString(d.Pos.String())
		b.WriteString(": ")
	}
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Message)
	return b.String()
}

// List collects diagnostics; it is safe for concurrent use so that workers
// can report into one list.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Add appends one diagnostic.
func (l *List) Add(d Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, d)
	l.mu.Unlock()
}

// Errorf records an error at pos.
func (l *List) Errorf(pos Position, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Error, Message: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at pos.
func (l *List) Warnf(pos Position, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Warning, Message: fmt.Sprintf(format, args...)})
}

// Merge appends every diagnostic of other.
func (l *List) Merge(other *List) {
	if other == nil || other == l {
		return
	}
	for _, d := range other.Items() {
		l.Add(d)
	}
}

// Items returns the diagnostics sorted by file, line, severity and message,
// without duplicates, so that output is stable whatever order workers ran in.
func (l *List) Items() []Diagnostic {
	l.mu.Lock()
	items := append([]Diagnostic(nil), l.items...)
	l.mu.Unlock()
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Message < b.Message
	})
	out := items[:0]
	for i, d := range items {
		if i > 0 && d == items[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// HasErrors reports whether any diagnostic is an error.
func (l *List) HasErrors() bool { return l.Count(Error) > 0 }

// Count returns how many diagnostics have severity s.
func (l *List) Count(s Severity) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, d := range l.items {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Errors returns only the errors, sorted.
func (l *List) Errors() []Diagnostic { return l.filter(Error) }

// Warnings returns only the warnings, sorted.
func (l *List) Warnings() []Diagnostic { return l.filter(Warning) }

func (l *List) filter(s Severity) []Diagnostic {
	var out []Diagnostic
	for _, d := range l.Items() {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// String prints every diagnostic on its own line.
func (l *List) String() string {
	var b strings.Builder
	for _, d := range l.Items() {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// Err returns an error listing all errors, or nil when there are none.
func (l *List) Err() error {
	errs := l.Errors()
	if len(errs) == 0 {
		return nil
	}
	return &ErrorList{Items: errs}
}

// ErrorList is the error a failed load or build returns.
type ErrorList struct {
	Items []Diagnostic
}

func (e *ErrorList) Error() string {
	lines := make([]string, len(e.Items))
	for i, d := range e.Items {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// Collect adds to l every diagnostic that err carries (an error that
// has a Diagnostic method, found through errors.Join and wrapping) and
// returns the rest, joined: the failures that are not the content's or
// the theme's, such as a full disk, which callers report apart. It
// returns nil when every failure was a diagnostic. Failures travel as
// values, never as newline-joined strings to be split apart again.
func (l *List) Collect(err error) error {
	var rest []error
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if d, ok := err.(interface{ Diagnostic() Diagnostic }); ok {
			l.Add(d.Diagnostic())
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		if e, ok := err.(*ErrorList); ok {
			for _, d := range e.Items {
				l.Add(d)
			}
			return
		}
		var d interface{ Diagnostic() Diagnostic }
		if u, ok := err.(interface{ Unwrap() error }); ok && errors.As(err, &d) {
			walk(u.Unwrap())
			return
		}
		rest = append(rest, err)
	}
	walk(err)
	return errors.Join(rest...)
}
