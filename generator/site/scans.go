package site

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"reflect"
	"strconv"
	"time"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
)

// ScansFile is where a site source keeps its latest scan counts, as
// `diachido report -format json -output reports/scans.json` writes them;
// the editors' placard list shows them. It is read by the load, through
// the recorder, so that a new report rebuilds the list.
const ScansFile = "reports/scans.json"

// scanReport is the part of the report's JSON the placard list shows; the
// report's other keys (views, unknown, coverage) are left alone.
type scanReport struct {
	Scans map[string]struct {
		Total int `json:"total"`
	} `json:"scans"`
	Period struct {
		From string `json:"from"`
		To   string `json:"to"`
	} `json:"period"`
}

// loadScans reads ScansFile when the source has one; a malformed one is
// an error at its line.
func loadScans(src fs.FS, diags *diag.List) *scanReport {
	b, err := fs.ReadFile(src, ScansFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	at := func(off int64) diag.Position {
		off = min(max(off, 0), int64(len(b)))
		return diag.Position{File: ScansFile, Line: 1 + bytes.Count(b[:off], []byte("\n"))}
	}
	if err != nil {
		diags.Errorf(diag.Position{File: ScansFile}, "cannot read: %v", err)
		return nil
	}
	var r scanReport
	if err := json.Unmarshal(b, &r); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			diags.Errorf(at(syn.Offset), "not valid JSON (%v): write it again with diachido report -format json -output %s", syn, ScansFile)
		case errors.As(err, &typ):
			want := "an object {…}"
			switch typ.Type.Kind() {
			case reflect.Int:
				want = "a whole number"
			case reflect.String:
				want = "a text in quotes"
			}
			diags.Errorf(at(typ.Offset), "%s must be %s here, not a JSON %s: write it again with diachido report -format json -output %s", typ.Field, want, typ.Value, ScansFile)
		default:
			diags.Errorf(at(0), "%v", err)
		}
		return nil
	}
	for _, m := range []string{r.Period.From, r.Period.To} {
		if _, err := time.Parse("2006-01", m); m != "" && err != nil {
			diags.Errorf(at(int64(bytes.Index(b, []byte(strconv.Quote(m))))), "period month %q must be written 2026-11", m)
			return nil
		}
	}
	return &r
}

// scansOf is an entry's scan count, and whether the site has a report.
func (r *scanReport) scansOf(id string) (int, bool) {
	if r == nil {
		return 0, false
	}
	return r.Scans[id].Total, true
}

// placardsAsOf is the day the placard list judges "needs checking" by:
// the newest date the guide holds (an updated, a placard date, the last
// month of the scans report), so that the page depends on the source
// alone, never on the day of the build.
func (m *Model) placardsAsOf() time.Time {
	var newest time.Time
	see := func(s string) {
		if t, ok := content.PlacardDate(s); ok && t.After(newest) {
			newest = t
		}
	}
	for _, e := range m.Content.Entries {
		f := e.Default.Front
		see(f.Updated)
		if p := f.Placard; p != nil {
			see(p.Installed)
			see(p.Checked)
		}
	}
	if r := m.scans; r != nil {
		if t, err := time.Parse("2006-01", r.Period.To); err == nil {
			if end := t.AddDate(0, 1, -1); end.After(newest) {
				newest = end
			}
		}
	}
	return newest
}

// needsCheck says a placard nobody has looked at for more than
// content.CheckPlacardAfter before asOf (check warns about the same,
// by the day it runs).
func needsCheck(p *content.PlacardLife, asOf time.Time) bool {
	last, ok := content.PlacardDate(p.Checked)
	if !ok {
		last, ok = content.PlacardDate(p.Installed)
	}
	return ok && asOf.Sub(last) > content.CheckPlacardAfter
}

// placardDay writes a placard date for lang, or "" when there is none.
func (m *Model) placardDay(lang, s string) string {
	if t, ok := content.PlacardDate(s); ok {
		return m.i18n.Date(lang, t)
	}
	return ""
}
