package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// WriteJSON writes the report as indented JSON (map keys sorted).
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// textMonths is how many months the terminal table shows as columns;
// earlier ones are summed in one column.
const textMonths = 6

// WriteText writes the report as tables for a terminal, in English (the
// language of the command's own messages).
func (r *Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	months := r.months()
	shown, earlier := months, false
	if len(months) > textMonths {
		shown, earlier = months[len(months)-textMonths:], true
	}
	period := "no scans or views counted"
	if r.Period.From != "" {
		period = r.Period.From + " to " + r.Period.To
	}
	fmt.Fprintf(w, "%s: %s (%s)\n\n", r.Title, period, plural(r.Lines, "line read", "lines read"))
	table := func(title string, m map[string]*Counts, mark func(id string) string) {
		fmt.Fprintf(w, "%s\n", title)
		if len(m) == 0 {
			fmt.Fprintf(w, "  none\n\n")
			return
		}
		head := []string{"ID"}
		if earlier {
			head = append(head, "earlier")
		}
		head = append(head, shown...)
		head = append(head, "total", "")
		fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
		sum := &Counts{Months: map[string]int{}}
		for _, id := range sortedIDs(m) {
			c := m[id]
			row := []string{id}
			if earlier {
				n := 0
				for mo, v := range c.Months {
					if mo < shown[0] {
						n += v
					}
				}
				row = append(row, fmt.Sprint(n))
			}
			for _, mo := range shown {
				row = append(row, fmt.Sprint(c.Months[mo]))
				sum.Months[mo] += c.Months[mo]
			}
			sum.Total += c.Total
			row = append(row, fmt.Sprint(c.Total), mark(id))
			fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
		}
		row := []string{"all"}
		if earlier {
			n := sum.Total
			for _, mo := range shown {
				n -= sum.Months[mo]
			}
			row = append(row, fmt.Sprint(n))
		}
		for _, mo := range shown {
			row = append(row, fmt.Sprint(sum.Months[mo]))
		}
		row = append(row, fmt.Sprint(sum.Total), "")
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
		tw.Flush()
		fmt.Fprintln(w)
	}
	retired := map[string]bool{}
	for _, id := range r.Retired {
		retired[id] = true
	}
	table("Scans per placard", r.Scans, func(id string) string {
		if retired[id] {
			return "retired"
		}
		return ""
	})
	never := r.NeverScanned()
	if len(never) > 0 {
		ids := make([]string, len(never))
		for i, p := range never {
			ids[i] = p.ID
		}
		fmt.Fprintf(w, "Never scanned (%d): %s\n\n", len(never), strings.Join(ids, ", "))
	}
	table("Entry page views", r.Views, func(string) string { return "" })
	table("Unknown IDs (no entry or retired ID has them; not counted above)", r.Unknown, func(string) string { return "" })

	cov := r.Coverage
	fmt.Fprintf(w, "Coverage on %s (entries that have each; 12m = within 12 months)\n", cov.AsOf)
	head := []string{"", "entries", "photo", "audio", "video", "sources", "updated 12m"}
	for _, l := range cov.Languages {
		head = append(head, "in "+l)
	}
	head = append(head, "stale transl.", "placards", "checked 12m")
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	row := func(name string, s *Stats) {
		cells := []string{name, fmt.Sprint(s.Entries), share(s.Photo, s.Entries), share(s.Audio, s.Entries), share(s.Video, s.Entries), share(s.Sources, s.Entries), share(s.Updated, s.Entries)}
		for _, l := range cov.Languages {
			cells = append(cells, share(s.Translated[l], s.Entries))
		}
		cells = append(cells, fmt.Sprint(s.StaleTranslations), share(s.PlacardsInstalled, s.Entries), share(s.PlacardsChecked, s.Entries))
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	for _, k := range coverageKinds {
		if s := cov.Kinds[string(k)]; s.Entries > 0 {
			row(string(k), s)
		}
	}
	for _, p := range sortedKeys(cov.Provinces) {
		for _, k := range coverageKinds {
			if s := cov.Provinces[p][string(k)]; s != nil {
				row(p+" · "+string(k), s)
			}
		}
	}
	tw.Flush()
	if len(r.Stale) > 0 {
		fmt.Fprintf(w, "\nTranslations older than their text (%d)\n", len(r.Stale))
		for _, s := range r.Stale {
			fmt.Fprintf(w, "  %s: older than %s (changed %s, translated %s)\n", s.File, s.Default, s.Changed, s.Translated)
		}
	}
	return nil
}

// NeverScanned lists the placards with no scan in the report.
func (r *Report) NeverScanned() []Placard {
	var out []Placard
	for _, p := range r.Placards {
		if r.Scans[p.ID] == nil {
			out = append(out, p)
		}
	}
	return out
}

// months lists every month counted, in order.
func (r *Report) months() []string {
	set := map[string]bool{}
	for _, m := range []map[string]*Counts{r.Scans, r.Views, r.Unknown} {
		for _, c := range m {
			for mo := range c.Months {
				set[mo] = true
			}
		}
	}
	return sortedKeys(set)
}

func share(n, of int) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%d (%d%%)", n, percent(n, of))
}

func percent(n, of int) int {
	if of == 0 {
		return 0
	}
	return (200*n + of) / (2 * of) // rounded half up
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sortedIDs(m map[string]*Counts) []string { return sortedKeys(m) }

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
