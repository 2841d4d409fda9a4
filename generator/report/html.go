package report

import (
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// The HTML report is one self-contained page: no script, no file beside
// it, the style inline, every chart an inline SVG with a <title>, a <desc>
// and visible <text> labels (role="img", so a screen reader reads its
// title and description), and under each chart the same figures as a
// table. The charts are horizontal bars: their rows stack, so they fit a
// 360 px phone as well as an A4 page, where @media print keeps a chart and
// its table together.

// Chart geometry, in SVG user units; the chart is drawn 360 units wide and
// scaled to the column's width (at most 30rem: 480 px, text at the body's size).
const (
	chartW    = 360
	labelW    = 120
	barX      = labelW + 6
	barMaxW   = chartW - barX - 44
	rowH      = 24
	topN      = 10
	labelRune = 17
)

type bar struct {
	Label, Full, Value string
	Y, TextY           int
	W                  int
}

type chart struct {
	ID, Title, Desc string
	Height          int
	Bars            []bar
	BarX, LabelW    int
	ValueX          []int
}

type row []string

type table struct {
	Head []string
	Rows []row
	// Cls is each column's class: "n" a number (right-aligned), "k" a
	// code or date (never broken), "" text (broken anywhere if it must,
	// so that a long name or file path cannot widen the page).
	Cls []string
}

type section struct {
	Title string
	Chart *chart
	Table table
}

type htmlView struct {
	Lang, Title, Org, Period, AsOf string
	L                              map[string]string
	Summary                        []row
	Sections                       []section
	Never                          table
	Unknown                        table
	Coverage                       []section
	Stale                          table
}

// newChart lays out bars for values; text gives each bar's value label.
func newChart(id, title, desc string, labels, full []string, values []int, text func(int) string, max int) *chart {
	c := &chart{ID: id, Title: title, Desc: desc, BarX: barX, LabelW: labelW}
	if max <= 0 {
		max = 1
	}
	for i, v := range values {
		w := 0
		if v > 0 {
			w = v * barMaxW / max
			if w < 2 {
				w = 2
			}
		}
		l := labels[i]
		if utf8.RuneCountInString(l) > labelRune {
			l = string([]rune(l)[:labelRune-1]) + "…"
		}
		c.Bars = append(c.Bars, bar{Label: l, Full: full[i], Value: text(v), Y: 4 + i*rowH, TextY: 4 + i*rowH + 15, W: w})
	}
	c.Height = 8 + len(values)*rowH
	return c
}

// WriteHTML writes the report as a printable page in lang ("vi" or "en";
// empty: the site's default language).
func (r *Report) WriteHTML(w io.Writer, lang string) error {
	if lang == "" {
		lang = r.Lang
	}
	lang, L := labelsFor(lang)
	v := htmlView{Lang: lang, Title: r.Title, Org: r.Org, L: L, AsOf: r.Coverage.AsOf}
	v.Period = L["noData"]
	if r.Period.From != "" {
		v.Period = r.Period.From + " – " + r.Period.To
	}
	titles := map[string]string{}
	for _, p := range r.Placards {
		titles[p.ID] = p.Title
	}
	retired := map[string]bool{}
	for _, id := range r.Retired {
		retired[id] = true
	}

	total, views, unknown := 0, 0, 0
	for _, c := range r.Scans {
		total += c.Total
	}
	for _, c := range r.Views {
		views += c.Total
	}
	for _, c := range r.Unknown {
		unknown += c.Total
	}
	scannedPlacards := 0
	for _, p := range r.Placards {
		if r.Scans[p.ID] != nil {
			scannedPlacards++
		}
	}
	v.Summary = []row{
		{L["scans"], fmt.Sprint(total)},
		{L["scanned"], fmt.Sprintf("%d / %d", scannedPlacards, len(r.Placards))},
		{L["views"], fmt.Sprint(views)},
	}
	if unknown > 0 {
		v.Summary = append(v.Summary, row{L["unknownTotal"], fmt.Sprint(unknown)})
	}

	// Scans per month.
	months := r.months()
	perMonth, viewsPerMonth := map[string]int{}, map[string]int{}
	for _, c := range r.Scans {
		for m, n := range c.Months {
			perMonth[m] += n
		}
	}
	for _, c := range r.Views {
		for m, n := range c.Months {
			viewsPerMonth[m] += n
		}
	}
	var mVals []int
	var mTable table
	mTable.Head, mTable.Cls = []string{L["month"], L["scans"], L["views"]}, []string{"k", "n", "n"}
	max := 0
	for _, m := range months {
		mVals = append(mVals, perMonth[m])
		max = maxInt(max, perMonth[m])
		mTable.Rows = append(mTable.Rows, row{m, fmt.Sprint(perMonth[m]), fmt.Sprint(viewsPerMonth[m])})
	}
	s := section{Title: L["perMonth"], Table: mTable}
	if len(months) > 0 {
		s.Chart = newChart("months", L["perMonth"], L["perMonthDesc"]+" "+v.Period, months, months, mVals, itoa, max)
	}
	v.Sections = append(v.Sections, s)

	// Top placards.
	ids := sortedIDs(r.Scans)
	sort.SliceStable(ids, func(i, j int) bool { return r.Scans[ids[i]].Total > r.Scans[ids[j]].Total })
	if len(ids) > topN {
		ids = ids[:topN]
	}
	var tLabels, tFull []string
	var tVals []int
	tTable := table{Head: []string{L["id"], L["name"], L["scans"]}, Cls: []string{"k", "", "n"}}
	max = 0
	for _, id := range ids {
		name := titles[id]
		if retired[id] {
			name = "(" + L["retired"] + ")"
		}
		tLabels = append(tLabels, id)
		tFull = append(tFull, strings.TrimSpace(id+" "+name))
		tVals = append(tVals, r.Scans[id].Total)
		max = maxInt(max, r.Scans[id].Total)
		tTable.Rows = append(tTable.Rows, row{id, name, fmt.Sprint(r.Scans[id].Total)})
	}
	s = section{Title: L["top"], Table: tTable}
	if len(ids) > 0 {
		s.Chart = newChart("top", L["top"], L["topDesc"], tLabels, tFull, tVals, itoa, max)
	}
	v.Sections = append(v.Sections, s)

	// Never scanned.
	v.Never.Head, v.Never.Cls = []string{L["id"], L["name"], L["installed"], L["location"]}, []string{"k", "", "k", ""}
	for _, p := range r.NeverScanned() {
		v.Never.Rows = append(v.Never.Rows, row{p.ID, p.Title, p.Installed, p.Location})
	}
	v.Unknown.Head, v.Unknown.Cls = []string{L["id"], L["scans"]}, []string{"k", "n"}
	for _, id := range sortedIDs(r.Unknown) {
		v.Unknown.Rows = append(v.Unknown.Rows, row{id, fmt.Sprint(r.Unknown[id].Total)})
	}

	// Coverage: the whole guide by kind, then each province.
	cov := r.Coverage
	add := func(title, id string, st *Stats) {
		names := []string{L["photo"], L["audio"], L["video"], L["sources"], L["updated"]}
		short := []string{L["photoS"], L["audioS"], L["videoS"], L["sourcesS"], L["updatedS"]}
		counts := []int{st.Photo, st.Audio, st.Video, st.Sources, st.Updated}
		for _, l := range cov.Languages {
			ln := L["lang_"+l]
			if ln == "" {
				ln = l
			}
			names = append(names, L["translated"]+" "+ln)
			short = append(short, L["translatedS"]+" "+l)
			counts = append(counts, st.Translated[l])
		}
		names = append(names, L["placardsIn"], L["checked"])
		short = append(short, L["placardsInS"], L["checkedS"])
		counts = append(counts, st.PlacardsInstalled, st.PlacardsChecked)
		shares := make([]int, len(counts))
		t := table{Head: []string{L["what"], L["count"], L["share"]}, Cls: []string{"", "n", "n"}}
		for i, n := range counts {
			shares[i] = percent(n, st.Entries)
			t.Rows = append(t.Rows, row{names[i], fmt.Sprintf("%d / %d", n, st.Entries), fmt.Sprintf("%d%%", shares[i])})
		}
		if len(cov.Languages) > 0 {
			t.Rows = append(t.Rows, row{L["stale"], fmt.Sprint(st.StaleTranslations), ""})
		}
		full := fmt.Sprintf("%s (%d %s)", title, st.Entries, L["entries"])
		v.Coverage = append(v.Coverage, section{Title: full, Table: t,
			Chart: newChart(id, full, L["coverageDesc"], short, names, shares, func(n int) string { return fmt.Sprintf("%d%%", n) }, 100)})
	}
	for _, k := range coverageKinds {
		if st := cov.Kinds[string(k)]; st.Entries > 0 {
			add(L[string(k)], "cov-"+string(k), st)
		}
	}
	for i, p := range sortedKeys(cov.Provinces) {
		name := p
		if p == NoProvince {
			name = L["noProvince"]
		}
		for _, k := range coverageKinds {
			if st := cov.Provinces[p][string(k)]; st != nil {
				add(name+" · "+L[string(k)], fmt.Sprintf("cov-%d-%s", i, k), st)
			}
		}
	}

	v.Stale.Head, v.Stale.Cls = []string{L["file"], L["default"], L["changed"], L["translatedOn"]}, []string{"", "", "k", "k"}
	for _, st := range r.Stale {
		v.Stale.Rows = append(v.Stale.Rows, row{st.File, st.Default, st.Changed, st.Translated})
	}
	return reportPage.Execute(w, v)
}

func itoa(n int) string { return fmt.Sprint(n) }

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

var reportPage = template.Must(template.New("report").Funcs(template.FuncMap{"add": func(a, b int) int { return a + b }}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.L.report}} · {{.Title}}</title>
<style>
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:46rem;padding:1rem;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#1b1b1b;background:#fff;overflow-wrap:break-word}
h1{font-size:1.5rem;line-height:1.2;margin:0 0 .25rem;color:#a51d1d}
h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:2px solid #a51d1d;padding-bottom:.2rem}
h3{font-size:1rem;margin:1.5rem 0 .4rem}
p{margin:.3rem 0}
.meta{color:#444}
figure{margin:.5rem 0 1rem;break-inside:avoid;page-break-inside:avoid}
svg{display:block;width:100%;max-width:30rem;height:auto}
svg text{font-size:12px;fill:#1b1b1b}
svg .bar{fill:#c62828}
svg .track{fill:#f1e4e4}
table{border-collapse:collapse;width:100%;margin:.25rem 0 1rem;font-size:.95rem}
th,td{text-align:left;padding:.25rem .4rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f6f0f0}
td,th{overflow-wrap:anywhere}
td.n,th.n{text-align:right}
td.n,td.k{white-space:nowrap;overflow-wrap:normal}
.summary td:first-child{width:70%}
.note{color:#555;font-size:.9rem}
footer{margin-top:2rem;color:#666;font-size:.85rem}
@page{size:A4;margin:15mm}
@media print{
 body{max-width:none;padding:0;font-size:11pt}
 h2{break-after:avoid;page-break-after:avoid}
 tr{break-inside:avoid;page-break-inside:avoid}
 h3{break-after:avoid;page-break-after:avoid}
 svg{max-width:110mm}
 th{background:#eee}
}
</style>
</head>
<body>
<header>
<h1>{{.L.report}}</h1>
<p><strong>{{.Title}}</strong>{{with .Org}} · {{.}}{{end}}</p>
<p class="meta">{{.L.period}}: {{.Period}}. {{.L.asOf}} {{.AsOf}}.</p>
</header>
<main>
<h2>{{.L.summary}}</h2>
<table class="summary"><tbody>{{range .Summary}}<tr><td>{{index . 0}}</td><td class="n">{{index . 1}}</td></tr>{{end}}</tbody></table>
<p class="note">{{.L.privacy}}</p>
{{range .Sections}}<section>
<h2>{{.Title}}</h2>
{{with .Chart}}{{template "chart" .}}{{end}}
{{if .Table.Rows}}{{template "table" .Table}}{{else}}<p>{{$.L.noData}}</p>{{end}}
</section>
{{end}}
<section>
<h2>{{.L.never}}</h2>
{{if .Never.Rows}}{{template "table" .Never}}{{else}}<p>{{.L.neverNone}}</p>{{end}}
</section>
{{if .Unknown.Rows}}<section>
<h2>{{.L.unknown}}</h2>
<p class="note">{{.L.unknownNote}}</p>
{{template "table" .Unknown}}
</section>{{end}}
<h2>{{.L.coverage}}</h2>
<p class="note">{{.L.coverageNote}}</p>
{{range .Coverage}}<section>
<h3>{{.Title}}</h3>
{{with .Chart}}{{template "chart" .}}{{end}}
{{template "table" .Table}}
</section>
{{end}}
<section>
<h2>{{.L.stale}}</h2>
{{if .Stale.Rows}}{{template "table" .Stale}}{{else}}<p>{{.L.staleNone}}</p>{{end}}
</section>
</main>
<footer>{{.L.generatedWith}}</footer>
</body>
</html>
{{define "chart"}}<figure>
<svg viewBox="0 0 360 {{.Height}}" role="img" aria-labelledby="{{.ID}}-t {{.ID}}-d" xmlns="http://www.w3.org/2000/svg">
<title id="{{.ID}}-t">{{.Title}}</title>
<desc id="{{.ID}}-d">{{.Desc}}{{range .Bars}} {{.Full}}: {{.Value}};{{end}}</desc>
{{- $x := .BarX}}{{range .Bars}}
<g><title>{{.Full}}: {{.Value}}</title>
<text x="0" y="{{.TextY}}">{{.Label}}</text>
<rect class="track" x="{{$x}}" y="{{.Y}}" width="190" height="18"></rect>
<rect class="bar" x="{{$x}}" y="{{.Y}}" width="{{.W}}" height="18"></rect>
<text x="{{add $x (add .W 4)}}" y="{{.TextY}}">{{.Value}}</text></g>{{end}}
</svg>
</figure>{{end}}
{{define "table"}}<table><thead><tr>{{range $i, $h := .Head}}<th{{with index $.Cls $i}} class="{{.}}"{{end}}>{{$h}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr>{{range $i, $c := .}}<td{{with index $.Cls $i}} class="{{.}}"{{end}}>{{$c}}</td>{{end}}</tr>{{end}}</tbody></table>{{end}}`))
