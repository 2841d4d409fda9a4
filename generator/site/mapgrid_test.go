package site

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"html"
	"math/rand"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/internal/testsite"
)

// The budgets of issue 17 for a large site's map page: what its first view
// of the whole country costs (the page, map.js and the overview in it,
// before gzip; Leaflet and the tiles excluded), and the most a cell file
// may weigh gzipped.
const (
	mapFirstViewBudget = 300 * 1024
	mapCellBudget      = 60 * 1024
)

// Words of the synthetic corpus (/work/shared/bench/gencorpus), for titles
// as long as a national guide's.
var (
	mapCorpusVi = strings.Fields(`địa đạo đình chùa miếu di tích lịch sử văn hóa kháng chiến chống Pháp Mỹ căn cứ huyện ủy tỉnh ủy quân dân xã ấp làng thôn chiến khu rừng núi sông suối cột mốc biên giới đồn biên phòng tuần tra thanh niên đoàn viên tình nguyện tưởng niệm liệt sĩ anh hùng`)
	mapCorpusEn = strings.Fields(`tunnel communal house pagoda temple relic history culture resistance war base district committee people village forest mountain river border marker patrol youth volunteer memorial martyr hero`)
)

func mapCorpusTitle(r *rand.Rand, vocab []string, i int) string {
	w := make([]string, 4)
	for j := range w {
		w[j] = vocab[r.Intn(len(vocab))]
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:] + fmt.Sprintf(" %d", i)
}

// mapCorpus makes n located entries the way gencorpus does: random
// places in Vietnam's box (lat 8.6–23.1, lng 102.2–109.4), a border marker
// every tenth, a title in vi and en.
func mapCorpus(n int) []*content.Entry {
	r := rand.New(rand.NewSource(1))
	es := make([]*content.Entry, n)
	for i := range es {
		lat, lng := 8.6+r.Float64()*14.5, 102.2+r.Float64()*7.2
		kind, slug := content.Site, fmt.Sprintf("di-tich-%05d", i+1)
		if (i+1)%10 == 0 {
			kind, slug = content.Marker, fmt.Sprintf("cot-moc-%05d", i+1)
		}
		vi := &content.Doc{Front: content.Front{ID: fmt.Sprintf("BN-%05d", i+1), Title: mapCorpusTitle(r, mapCorpusVi, i+1), Location: &content.Location{Lat: &lat, Lng: &lng}, Province: fmt.Sprintf("Tỉnh %d", (i+1)%63)}}
		en := &content.Doc{Front: vi.Front}
		en.Front.Title = mapCorpusTitle(r, mapCorpusEn, i+1)
		es[i] = &content.Entry{Kind: kind, Slug: slug, Default: vi, Docs: map[string]*content.Doc{"vi": vi, "en": en}}
	}
	return es
}

var mapGridBoxRe = regexp.MustCompile(`data-map="([^"]*)"`)

// TestMapGridAtNationalScale is a national guide's map page, 100,000
// places spread as gencorpus spreads them: its first view stays within
// budget, no cell file is over its target, every place is in exactly one
// cell file, and the same site gives the same files.
func TestMapGridAtNationalScale(t *testing.T) {
	var diags diag.List
	m := Load(testsite.MapFS(baseSite()), LoadOptions{NoPlacards: true}, &diags)
	if m == nil {
		t.Fatal(diags.String())
	}
	const n = 100000
	m.Content.Entries = append(mapCorpus(n), m.Content.Entries...)
	places := len(m.mapped())
	start := time.Now()
	g := m.mapGrid()
	if g == nil || g.points != places {
		t.Fatalf("no grid for %d places", places)
	}
	mapJS, err := m.theme.Asset("static/map.js")
	if err != nil {
		t.Fatal(err)
	}
	seen := make(map[string]int, places)
	for _, lang := range m.Langs {
		page, err := m.mapPageJob(lang).render()
		if err != nil {
			t.Fatal(err)
		}
		page = bytes.Clone(page)
		first := len(page) + len(mapJS)
		t.Logf("/%s/map/: %d cells; page %d bytes (%d gzipped), map.js %d (%d gzipped): first view %d bytes", lang, len(g.cells), len(page), gzipAt(gzip.BestCompression, page), len(mapJS), gzipAt(gzip.BestCompression, mapJS), first)
		if first > mapFirstViewBudget {
			t.Errorf("/%s/map/'s first view is %d bytes, over %d", lang, first, mapFirstViewBudget)
		}
		// The overview counts every place once.
		box := mapGridBoxRe.FindSubmatch(page)
		if box == nil {
			t.Fatalf("/%s/map/ has no map box", lang)
		}
		var d struct {
			Pts  []any `json:"pts"`
			Grid struct {
				URL   string      `json:"url"`
				Cells [][]float64 `json:"cells"`
			} `json:"grid"`
		}
		if err := json.Unmarshal([]byte(html.UnescapeString(string(box[1]))), &d); err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, c := range d.Grid.Cells {
			sum += int(c[5] + c[6])
		}
		if len(d.Pts) != 0 || len(d.Grid.Cells) != len(g.cells) || sum != places || d.Grid.URL != "/"+lang+"/map/cells/" {
			t.Errorf("/%s/map/ carries %d points and %d cells counting %d places at %q; want none, %d, %d, /%s/map/cells/", lang, len(d.Pts), len(d.Grid.Cells), sum, d.Grid.URL, len(g.cells), places, lang)
		}
		biggest, biggestName := 0, ""
		for i, j := range m.mapCellJobs(lang) {
			b, err := j.render()
			if err != nil {
				t.Fatal(err)
			}
			var pts [][]any
			if err := json.Unmarshal(b, &pts); err != nil {
				t.Fatalf("%s: %v", j.name, err)
			}
			if c := d.Grid.Cells[i]; len(pts) != int(c[5]+c[6]) {
				t.Errorf("%s holds %d places, the overview says %v", j.name, len(pts), c)
			}
			for _, p := range pts {
				seen[p[4].(string)]++
			}
			if z := gzipAt(gzip.BestCompression, b); z > biggest {
				biggest, biggestName = z, j.name
			}
		}
		t.Logf("largest cell file %s: %d bytes gzipped", biggestName, biggest)
		if biggest > mapCellBudget {
			t.Errorf("%s is %d bytes gzipped, over %d", biggestName, biggest, mapCellBudget)
		}
	}
	t.Logf("overview and cells of %d places in %d languages made in %v", places, len(m.Langs), time.Since(start))
	if len(seen) != places*len(m.Langs) {
		t.Errorf("the cell files hold %d distinct places, want %d", len(seen), places*len(m.Langs))
	}
	for u, k := range seen {
		if k != 1 {
			t.Errorf("%s is in %d cell files", u, k)
		}
	}
	// The same places give the same cells, byte for byte.
	again := makeMapGrid(m.mapped())
	if a, b := string(g.appendJSON(nil, "x")), string(again.appendJSON(nil, "x")); a != b {
		t.Error("the overview differs between two runs")
	}
	for i, c := range again.cells {
		if !bytes.Equal(m.cellJSON(c, "vi"), m.cellJSON(g.cells[i], "vi")) {
			t.Errorf("cell %s differs between two runs", c.Name())
		}
	}
}

// A small site keeps its points in the page and has no cell files.
func TestSmallMapKeepsItsPoints(t *testing.T) {
	var diags diag.List
	m := Load(testsite.MapFS(baseSite()), LoadOptions{NoPlacards: true}, &diags)
	if m == nil {
		t.Fatal(diags.String())
	}
	if m.mapGrid() != nil || len(m.mapCellJobs("vi")) != 0 {
		t.Fatal("a small site got cell files")
	}
	page, err := m.mapPageJob("vi").render()
	if err != nil {
		t.Fatal(err)
	}
	if s := string(page); strings.Contains(s, "&#34;grid&#34;") || !strings.Contains(s, "&#34;pts&#34;:[[") {
		t.Errorf("the small map page does not carry its points: %.300s", s)
	}
}

// forceMapGrid gives m cell files as if it were over mapInlineLimit, for
// tests of a small site; call it before anything renders.
func forceMapGrid(m *Model) {
	m.grid.once.Do(func() { m.grid.grid = makeMapGrid(m.mapped()) })
}
