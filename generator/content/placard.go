package content

import (
	"time"

	"github.com/diachido/diachido/generator/diag"
)

// The life of a printed placard (front matter placard:): when it was put
// up, what it is made of, where it hangs and when someone last went to
// look at it. Sites, markers and exhibitions record one.

// CheckPlacardAfter is how long a placard may hang without anyone checking
// it (faded print, a QR code painted over, a placard gone) before check
// warns.
const CheckPlacardAfter = 365 * 24 * time.Hour

// PlacardDate reads a placard date written 2026-03-26.
func PlacardDate(s string) (time.Time, bool) {
	t, err := time.Parse(updatedForm, s)
	return t, err == nil
}

// checkPlacard validates the file's own placard: dates in the form of
// updated, checked not before installed; a translation may say where the
// placard hangs and what it is made of in its language, not the dates.
func (c *checker) checkPlacard() {
	p := c.d.Front.Placard
	if p == nil || !c.d.Sets("placard") {
		return
	}
	line := c.d.Line("placard")
	at := func(k string) int { return lineOr(c.d.Line("placard", k), line) }
	if !c.e.Kind.HasPlacardLife() {
		c.errf(line, "placard is only for sites, markers and exhibitions, which have a placard on their wall or at their entrance; remove it from this %s", singular(c.e.Kind))
		return
	}
	if c.d != c.e.Default {
		for _, k := range []string{"installed", "checked"} {
			if c.d.Line("placard", k) > 0 {
				c.errf(at(k), "a translation cannot change placard %s: the dates are kept in %s; here only location and material may be translated", k, c.e.Default.File)
			}
		}
		return
	}
	installed, inOK := c.placardDate(at("installed"), "installed", p.Installed)
	checked, chOK := c.placardDate(at("checked"), "checked", p.Checked)
	if inOK && chOK && checked.Before(installed) {
		c.errf(at("checked"), "placard checked %s is before it was installed (%s): check the two dates", p.Checked, p.Installed)
	}
}

func (c *checker) placardDate(line int, key, v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, false
	}
	t, ok := PlacardDate(v)
	if !ok {
		c.errf(line, "placard %s %q must be a date written 2026-03-26", key, v)
	}
	return t, ok
}

func singular(k Kind) string { return k.Singular() }

// HasPlacardLife reports whether entries of this kind may record a printed
// placard's life (placard:): sites and markers on their walls, exhibitions
// at the physical exhibition's entrance.
func (k Kind) HasPlacardLife() bool { return k.Located() || k == Exhibition }

// advisePlacard warns about a placard nobody has looked at for more than
// a year: installed that long ago and never checked, or last checked that
// long ago; and about a date after today.
func advisePlacard(e *Entry, now time.Time, diags *diag.List) {
	d := e.Default
	p := d.Front.Placard
	if p == nil || !e.Kind.HasPlacardLife() {
		return
	}
	at := func(k string) diag.Position {
		return pos(d.File, lineOr(d.Line("placard", k), lineOr(d.Line("placard"), 1)))
	}
	today := now.Format(updatedForm)
	installed, inOK := PlacardDate(p.Installed)
	checked, chOK := PlacardDate(p.Checked)
	for _, f := range []struct {
		key, v string
		ok     bool
	}{{"installed", p.Installed, inOK}, {"checked", p.Checked, chOK}} {
		if f.ok && f.v > today {
			diags.Warnf(at(f.key), "placard %s %s is after today (%s): is the year right?", f.key, f.v, today)
		}
	}
	switch {
	case p.Checked != "" && !chOK, inOK && chOK && checked.Before(installed):
		// An error already says what is wrong with the dates.
	case chOK:
		if now.Sub(checked) > CheckPlacardAfter {
			diags.Warnf(at("checked"), "placard last checked on %s, more than a year ago: go and look at it (is it there, can the QR code still be scanned?), then set placard: checked: %s", p.Checked, today)
		}
	case inOK:
		if now.Sub(installed) > CheckPlacardAfter {
			diags.Warnf(at("installed"), "placard installed on %s, more than a year ago, and never checked since: go and look at it (is it there, can the QR code still be scanned?), then add placard: checked: %s", p.Installed, today)
		}
	}
}
