package diag

import (
	"errors"
	"fmt"
	"testing"
)

type posErr struct{ d Diagnostic }

func (e posErr) Error() string          { return e.d.String() }
func (e posErr) Diagnostic() Diagnostic { return e.d }

// Collect takes the diagnostics out of joined and wrapped errors and
// returns the rest, keeping their own words.
func TestCollect(t *testing.T) {
	a := posErr{Diagnostic{Pos: Position{File: "themes/x/layouts/entry.html", Line: 3}, Message: "cannot render a"}}
	b := posErr{Diagnostic{Pos: Position{File: "content/x/index.vi.md", Line: 1}, Message: "b"}}
	disk := errors.New("writing vi/index.html: no space left on device")
	var l List
	rest := l.Collect(errors.Join(a, fmt.Errorf("page: %w", b), disk))
	if got := l.String(); got != "content/x/index.vi.md:1: b\nthemes/x/layouts/entry.html:3: cannot render a\n" {
		t.Errorf("collected:\n%s", got)
	}
	if rest == nil || rest.Error() != disk.Error() {
		t.Errorf("rest: %v", rest)
	}
	var none List
	if rest := none.Collect(nil); rest != nil || len(none.Items()) != 0 {
		t.Error("nil collected something")
	}
}
