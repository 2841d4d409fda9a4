package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/site"
	"github.com/diachido/diachido/internal/testsite"
	"github.com/xuri/excelize/v2"
)

// relicRows is a district's relic list as volunteers keep it: a heading
// row, Vietnamese headers, ten rows. Row 8 has its coordinates swapped and
// row 10 has no name.
var relicRows = [][]string{
	{"DANH SÁCH DI TÍCH HUYỆN NHƠN TRẠCH"},
	{"STT", "Tên di tích", "Địa chỉ", "Xã", "Huyện", "Tỉnh", "Loại hình", "Xếp hạng", "Năm xếp hạng", "Vĩ độ", "Kinh độ", "Tóm tắt"},
	{"1", "Địa đạo Nhơn Trạch", "Ấp 3", "Xã Long Thọ", "Nhơn Trạch", "Đồng Nai", "Lịch sử", "Quốc gia", "2005", "10.7251", "106.8823", "Hệ thống địa đạo thời kháng chiến."},
	{"2", "Đình Phú Mỹ", "", "Xã Phú Hội", "Nhơn Trạch", "Đồng Nai", "Kiến trúc nghệ thuật", "Cấp tỉnh", "2001", "10,7402", "106,8534", "Ngôi đình cổ của làng Phú Mỹ."},
	{"3", "Đình Phước Thiền", "", "Xã Phước Thiền", "Nhơn Trạch", "Đồng Nai", "Lịch sử", "Cấp tỉnh", "", "10.7605", "106.9012", "Đình làng, nơi họp của cách mạng."},
	{"4", "Di chỉ Cái Vạn", "", "Xã Phước Khánh", "Nhơn Trạch", "Đồng Nai", "Khảo cổ", "Kiểm kê", "", "10.7001", "106.7902", "Di chỉ khảo cổ thời tiền sử."},
	{"5", "Rừng Sác", "", "Xã Long Tân", "Nhơn Trạch", "Đồng Nai", "Danh lam thắng cảnh", "Quốc gia đặc biệt", "2012", "10.6802", "106.8301", "Căn cứ đặc công rừng Sác."},
	{"6", "Nhà cổ Long Tân", "", "Xã Long Tân", "Nhơn Trạch", "Đồng Nai", "KIẾN TRÚC NGHỆ THUẬT", "cap tinh", "2010", "10.6902", "106.8401", "Một ngôi nhà cổ ba gian."},
	{"7", "Bia tưởng niệm Giồng Sắn", "", "Xã Vĩnh Thanh", "Nhơn Trạch", "Đồng Nai", "lich su", "", "", "10.7103", "106.8702", "Nơi ghi dấu vụ thảm sát năm 1968."},
	{"8", "Đình Long Thọ", "", "Xã Long Thọ", "Nhơn Trạch", "Đồng Nai", "Lịch sử", "Cấp tỉnh", "", "106.8901", "10.7301", "Đình làng Long Thọ."},
	{"9", "Chùa Long Hưng", "", "Xã Hiệp Phước", "Nhơn Trạch", "Đồng Nai", "Kiến trúc nghệ thuật", "Cấp tỉnh", "2015", "10.7404", "106.9103", "Ngôi chùa trăm năm tuổi."},
	{"10", "", "", "Xã Đại Phước", "Nhơn Trạch", "Đồng Nai", "Lịch sử", "", "", "10.7501", "106.8201", "Một dòng quên ghi tên."},
}

// relicCSV is relicRows as Excel saves "CSV UTF-8": a BOM, CRLF lines.
func relicCSV() string {
	var b strings.Builder
	b.WriteString("\ufeff")
	for _, r := range relicRows {
		for i, c := range r {
			if i > 0 {
				b.WriteByte(',')
			}
			if strings.ContainsAny(c, ",\"") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteString("\r\n")
	}
	return b.String()
}

// relicXLSX is relicRows as a workbook, numbers stored as numbers.
func relicXLSX(t *testing.T, file string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range relicRows {
		for j, c := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			var v any = c
			if n, ok := numberCell(c); ok && i > 1 {
				v = n
			}
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(file); err != nil {
		t.Fatal(err)
	}
}

func numberCell(s string) (float64, bool) {
	n, err := strconv.ParseFloat(s, 64)
	return n, err == nil
}

func importFixture(t *testing.T) string {
	t.Helper()
	// NT-002 was printed once and retired: it is never given again.
	return testsite.Dir(t, testsite.Parse(testsite.Config+`retired:
  NT-002:
    notice:
      vi: Di tích đã được gộp.
-- content/sites/dinh-a/index.vi.md --
---
id: NT-001
title: Đình A
summary: Một ngôi đình để thử.
location: {lat: 10.7, lng: 106.8}
---
Nội dung.
-- ids.lock --
NT-001 sites/dinh-a
NT-002 sites/da-xoa
`))
}

func runImport(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"import"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// imported returns the entry files under content/ other than the
// fixture's, with the "Imported from" line (which names the file) left out.
func imported(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	from := regexp.MustCompile(`(?m)^# Nhập từ .*\n`)
	for name, b := range testsite.Read(t, filepath.Join(dir, "content")) {
		if name != "sites/dinh-a/index.vi.md" {
			out[name] = from.ReplaceAllString(string(b), "")
		}
	}
	return out
}

func publish(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		if !strings.Contains(text, "\ndraft: true\n") {
			t.Fatalf("%s is not a draft:\n%s", name, text)
		}
		testsite.EditFile(t, dir, "content/"+name, "\ndraft: true\n", "\n")
		if strings.Contains(text, "\nsummary: \"\"\n") {
			testsite.EditFile(t, dir, "content/"+name, "\nsummary: \"\"\n", "\nsummary: \"Một câu tóm tắt.\"\n")
		}
	}
}

func TestImportSpreadsheetCSVAndXLSX(t *testing.T) {
	results := map[string]map[string]string{}
	for _, ext := range []string{"csv", "xlsx"} {
		t.Run(ext, func(t *testing.T) {
			dir := importFixture(t)
			in := filepath.Join(t.TempDir(), "di-tich."+ext)
			if ext == "csv" {
				testsite.Write(t, filepath.Dir(in), map[string]string{"di-tich.csv": relicCSV()})
			} else {
				relicXLSX(t, in)
			}
			code, out, errOut := runImport(t, in, "-source", dir)
			if code != 1 {
				t.Errorf("exit %d, want 1 (two bad rows)\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
			}
			for _, want := range []string{
				in + ":10: latitude 106.8901 and longitude 10.7301 are swapped",
				in + ":12: missing name",
			} {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			if !strings.Contains(out, "8 entries written, 2 rows skipped") || !strings.Contains(out, "0 duplicates") {
				t.Errorf("summary:\n%s", out)
			}
			files := imported(t, dir)
			if len(files) != 8 {
				t.Errorf("wrote %d files, want 8: %v", len(files), files)
			}
			if _, ok := files["sites/dinh-long-tho/index.vi.md"]; ok {
				t.Errorf("the row with swapped coordinates was written")
			}
			results[ext] = files

			// The volunteer reads the drafts and publishes them.
			publish(t, dir, files)
			var diags diag.List
			if _, err := site.Check(dir, site.LoadOptions{}, &diags); err != nil || diags.HasErrors() {
				t.Fatalf("imported entries do not pass check: %v\n%s", err, diags.String())
			}
			m := site.Load(os.DirFS(dir), site.LoadOptions{}, &diags)
			e := m.Content.ByID["NT-003"] // NT-002 is in ids.lock: never given again
			if e == nil {
				t.Fatalf("no NT-003; entries %v", files)
			}
			f := e.Default.Front
			if e.Slug != "dia-dao-nhon-trach" || f.Title != "Địa đạo Nhơn Trạch" || *f.Location.Lat != 10.7251 || *f.Location.Lng != 106.8823 ||
				f.Category != "history" || f.Rank != "national" || f.Recognized != 2005 || f.Province != "Đồng Nai" || f.District != "Nhơn Trạch" ||
				f.Address != "Ấp 3, Xã Long Thọ" || f.Summary != "Hệ thống địa đạo thời kháng chiến." {
				t.Errorf("NT-003 = %s %+v", e.Slug, f)
			}
			for id, want := range map[string][2]string{
				"NT-004": {"architecture-art", "provincial"}, "NT-006": {"archaeology", "inventoried"},
				"NT-007": {"scenic", "special-national"}, "NT-008": {"architecture-art", "provincial"}, "NT-009": {"history", ""},
			} {
				if e := m.Content.ByID[id]; e == nil || e.Default.Front.Category != want[0] || e.Default.Front.Rank != want[1] {
					t.Errorf("%s: %+v, want %v", id, e, want)
				}
			}
			if e := m.Content.ByID["NT-004"]; e == nil || *e.Default.Front.Location.Lat != 10.7402 {
				t.Errorf("decimal comma: %+v", e)
			}
		})
	}
	if len(results) == 2 && !equalMaps(results["csv"], results["xlsx"]) {
		for name, text := range results["csv"] {
			if results["xlsx"][name] != text {
				t.Errorf("%s differs:\ncsv:\n%s\nxlsx:\n%s", name, text, results["xlsx"][name])
			}
		}
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestImportDryRunAndDuplicates(t *testing.T) {
	dir := importFixture(t)
	in := filepath.Join(t.TempDir(), "di-tich.csv")
	testsite.Write(t, filepath.Dir(in), map[string]string{"di-tich.csv": relicCSV()})

	code, out, _ := runImport(t, "-dry-run", in, "-source", dir)
	if code != 1 || !strings.Contains(out, "would write") || !strings.Contains(out, "nothing was written") {
		t.Errorf("dry run: exit %d\n%s", code, out)
	}
	if files := imported(t, dir); len(files) != 0 {
		t.Errorf("dry run wrote %v", files)
	}

	if code, _, errOut := runImport(t, in, "-source", dir); code != 1 {
		t.Fatalf("first import: exit %d\n%s", code, errOut)
	}
	file := filepath.Join(dir, "content", "sites", "dinh-phu-my", "index.vi.md")
	testsite.Write(t, dir, map[string]string{"content/sites/dinh-phu-my/index.vi.md": "edited by hand\n"})
	// The volunteer renames a folder, then imports the same list again.
	if err := os.Rename(filepath.Join(dir, "content", "sites", "rung-sac"), filepath.Join(dir, "content", "sites", "can-cu-rung-sac")); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runImport(t, in, "-source", dir)
	if !strings.Contains(out, "0 entries written") || !strings.Contains(out, "8 duplicates") {
		t.Errorf("second import: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, in+":7: warning: duplicate, not written: \"Rừng Sác\" in Nhơn Trạch, Đồng Nai is already imported as content/sites/can-cu-rung-sac/index.vi.md") {
		t.Errorf("renamed folder not found as a duplicate:\n%s", errOut)
	}
	if b, _ := os.ReadFile(file); string(b) != "edited by hand\n" {
		t.Errorf("a duplicate overwrote %s: %q", file, b)
	}
}

const markersKML = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
<Document>
  <name>Khảo sát mốc Quảng Nam</name>
  <Folder>
    <Placemark><name>Mốc 670</name><Point><coordinates>107.3512,15.9123,1200</coordinates></Point></Placemark>
    <Placemark><name>Mốc 671</name><Point><coordinates>107.3905,15.8501</coordinates></Point></Placemark>
    <Placemark>
      <name>Cọc dấu 673/1</name>
      <description><![CDATA[<b>Cọc</b> dấu trên sườn núi.]]></description>
      <Point><coordinates> 107.4512,15.7604,980 </coordinates></Point>
    </Placemark>
    <Placemark><name>Mốc phụ 674/2</name><Point><coordinates>107.5203,15.6702</coordinates></Point></Placemark>
    <Placemark><name>Mốc 675</name>
      <ExtendedData><Data name="Tỉnh"><value>Quảng Nam</value></Data><Data name="Huyện"><value>Nam Giang</value></Data></ExtendedData>
      <Point><coordinates>107.6101,15.5503</coordinates></Point></Placemark>
    <Placemark><name>Đường tuần tra</name><LineString><coordinates>107.3,15.9 107.4,15.8</coordinates></LineString></Placemark>
  </Folder>
</Document>
</kml>
`

func TestImportKMLMarkers(t *testing.T) {
	dir := importFixture(t)
	in := filepath.Join(t.TempDir(), "moc.kml")
	testsite.Write(t, filepath.Dir(in), map[string]string{"moc.kml": markersKML})
	code, out, errOut := runImport(t, in, "-kind", "marker", "-border", "VN-LA", "-source", dir)
	if code != 0 || !strings.Contains(out, "5 entries written") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, in+":17: warning: placemark \"Đường tuần tra\" is not a point") {
		t.Errorf("the line is not reported:\n%s", errOut)
	}
	files := imported(t, dir)
	publish(t, dir, files)
	var diags diag.List
	m := site.Load(os.DirFS(dir), site.LoadOptions{}, &diags)
	if m == nil || diags.HasErrors() {
		t.Fatalf("markers do not load: %s", diags.String())
	}
	want := []struct {
		slug, number, typ string
		lat, lng          float64
	}{
		{"moc-670", "670", "main", 15.9123, 107.3512},
		{"moc-671", "671", "main", 15.8501, 107.3905},
		{"coc-dau-673-1", "673/1", "post", 15.7604, 107.4512},
		{"moc-phu-674-2", "674/2", "secondary", 15.6702, 107.5203},
		{"moc-675", "675", "main", 15.5503, 107.6101},
	}
	var got []*content.Entry
	for _, e := range m.Content.Entries {
		if e.Kind == content.Marker {
			got = append(got, e)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d markers, want %d", len(got), len(want))
	}
	bySlug := map[string]*content.Entry{}
	for _, e := range got {
		bySlug[e.Slug] = e
	}
	for _, w := range want {
		e := bySlug[w.slug]
		if e == nil {
			t.Errorf("no marker %s", w.slug)
			continue
		}
		f := e.Default.Front
		if f.Marker.Number != w.number || f.Marker.Type != w.typ || f.Marker.Border != "VN-LA" || *f.Location.Lat != w.lat || *f.Location.Lng != w.lng {
			t.Errorf("%s: %+v at %v, %v", w.slug, *f.Marker, *f.Location.Lat, *f.Location.Lng)
		}
	}
	if f := bySlug["moc-675"].Default.Front; f.Province != "Quảng Nam" || f.District != "Nam Giang" {
		t.Errorf("ExtendedData not imported: %+v", f)
	}
	if f := bySlug["coc-dau-673-1"].Default.Front; f.Summary != "Cọc dấu trên sườn núi." {
		t.Errorf("description as summary: %q", f.Summary)
	}
}

func TestImportGPXAndGeoJSON(t *testing.T) {
	dir := importFixture(t)
	tmp := t.TempDir()
	testsite.Write(t, tmp, map[string]string{
		"diem.gpx": `<?xml version="1.0"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
  <wpt lat="15.8801" lon="107.3312"><name>Mốc 680</name></wpt>
  <wpt lat="107.4" lon="15.9"><name>Mốc 681</name></wpt>
</gpx>
`,
		"diem.geojson": `{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"name": "Mốc 690", "Tỉnh": "Quảng Nam"},
   "geometry": {"type": "Point", "coordinates": [107.2801, 16.0502]}},
  {"type": "Feature", "properties": {"name": "Cọc dấu 691/1"},
   "geometry": {"type": "Point", "coordinates": [16.06, 107.29]}}
]}
`,
	})
	gpx, geo := filepath.Join(tmp, "diem.gpx"), filepath.Join(tmp, "diem.geojson")
	code, out, errOut := runImport(t, gpx, geo, "-kind", "marker", "-border", "VN-LA", "-source", dir)
	if code != 1 || !strings.Contains(out, "2 entries written, 2 rows skipped") {
		t.Errorf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{gpx + ":4: latitude 107.4 and longitude 15.9 are swapped", geo + ":4: latitude 107.29 and longitude 16.06 are swapped"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	files := imported(t, dir)
	for name, want := range map[string][]string{
		"markers/moc-680/index.vi.md": {"  lat: 15.8801\n  lng: 107.3312\n", `number: "680"`, "type: main"},
		"markers/moc-690/index.vi.md": {"  lat: 16.0502\n  lng: 107.2801\n", `province: "Quảng Nam"`},
	} {
		for _, w := range want {
			if !strings.Contains(files[name], w) {
				t.Errorf("%s lacks %q:\n%s", name, w, files[name])
			}
		}
	}
}

func TestImportMisuse(t *testing.T) {
	dir := importFixture(t)
	for _, tt := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{nil, 2, "name the file"},
		{[]string{"x.csv", "-kind", "tour"}, 2, `-kind "tour"`},
		{[]string{"x.kml", "-kind", "marker", "-border", "VN-XX"}, 2, "XX is not an ISO 3166"},
		{[]string{"x.csv", "-border", "VN-LA"}, 2, "-kind marker"},
		{[]string{"missing.csv"}, 1, "missing.csv: cannot read"},
		{[]string{filepath.Join(dir, "site.yaml")}, 1, "unknown kind of file"},
	} {
		code, _, errOut := runImport(t, append(tt.args, "-source", dir)...)
		if tt.args == nil {
			code, _, errOut = runImport(t, "-source", dir)
		}
		if code != tt.code || !strings.Contains(errOut, tt.stderr) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tt.args, code, errOut, tt.code, tt.stderr)
		}
	}
}
