package site

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/diachido/diachido/generator/config"
	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/placard"
)

// checkPlacards checks what placards will print, while Load still knows
// every field's line: that the Lao font is installed when placards print
// Lao (an error: a placard would print Lao without its marks), and that
// every character of their text has a glyph in the placard fonts (a
// warning: the placard leaves such a character out rather than printing
// an empty box, and says so here). A load without placards checks nothing.
func (m *Model) checkPlacards(diags *diag.List) {
	if m.noPlacards {
		return
	}
	o := m.placardOptions("A4")
	if m.placardsNeedLao() {
		if _, err := laoFonts(); err != nil {
			if m.Config.PlacardLanguagesSet() {
				line := m.Config.Line("placards", "languages", strconv.Itoa(slices.Index(m.Config.Placards.Languages, "lo")))
				diags.Errorf(diag.Position{File: config.FileName, Line: line}, "placards print Lao, but %v", err)
				return
			}
			// By default, the site's second language: the placards leave
			// it out (placardLanguages) and say so.
			line := 0
			for i, l := range m.Config.Languages {
				if l.Code == "lo" {
					line = m.Config.Line("languages", strconv.Itoa(i))
				}
			}
			diags.Warnf(diag.Position{File: config.FileName, Line: line}, "placards print no Lao: %v (or choose the placard languages, e.g. placards: {languages: [%s]})", err, m.Langs[0])
		}
	}
	orgDone := false
	for _, e := range m.PlacardEntries() {
		// One warning per block, naming each character once.
		var roles []string
		chars := map[string][]string{}
		for _, u := range placard.Missing(m.placardData(e), o) {
			if u.Role == placard.RoleOrganization && orgDone {
				continue
			}
			if chars[u.Role] == nil {
				roles = append(roles, u.Role)
			}
			chars[u.Role] = append(chars[u.Role], fmt.Sprintf("%q (U+%04X)", string(u.Rune), u.Rune))
		}
		orgDone = true
		for _, role := range roles {
			pos, what := m.placardTextPos(e, role)
			if pos.File == "" {
				continue
			}
			if cs := chars[role]; len(cs) == 1 {
				diags.Warnf(pos, "placard cannot print %s in the %s: the placard fonts have no glyph for it, so the placard leaves it out", cs[0], what)
			} else {
				diags.Warnf(pos, "placard cannot print %s in the %s: the placard fonts have no glyph for them, so the placard leaves them out", strings.Join(cs, ", "), what)
			}
		}
	}
}

// placardTextPos is the file and line an editor changes to change a
// placard's block, and what to call the block; no file for the text that
// comes from the theme (the call to action) or from a checked ID.
func (m *Model) placardTextPos(e *content.Entry, role string) (diag.Position, string) {
	at := func(d *content.Doc, field ...string) diag.Position {
		if d == nil {
			d = e.Default
		}
		if l := d.Line(field...); l > 0 {
			return diag.Position{File: d.File, Line: l}
		}
		l := e.Default.Line(field...)
		return diag.Position{File: e.Default.File, Line: max(l, 1)}
	}
	var alt *content.Doc
	if langs := m.placardLanguages(); len(langs) > 1 {
		alt = e.Docs[langs[1]]
	}
	switch role {
	case placard.RoleTitle:
		return at(e.Default, "title"), "title"
	case placard.RoleTitleAlt:
		return at(alt, "title"), "title"
	case placard.RoleSummary:
		return at(e.Default, "summary"), "summary"
	case placard.RoleSummaryAlt:
		return at(alt, "summary"), "summary"
	case placard.RoleKind, placard.RoleKindAlt:
		if e.Kind == content.Marker {
			return at(e.Default, "marker"), "kind line (marker number and border)"
		}
		return at(e.Default, "category"), "kind line"
	case placard.RoleOrganization:
		return diag.Position{File: config.FileName, Line: max(m.Config.Line("organization"), 1)}, "organization"
	}
	return diag.Position{}, fmt.Sprint(role)
}
