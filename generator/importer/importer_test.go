package importer

import (
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"
)

func TestHeadersMatchWithoutCaseOrToneMarks(t *testing.T) {
	for header, want := range map[string]Field{
		"Tên di tích": Title, "TÊN DI TÍCH": Title, "ten di tich": Title, "Title": Title,
		"Tọa độ": Coords, "Toạ độ": Coords, "Kinh độ (E)": Lng, "Vĩ độ": Lat, "lat": Lat,
		"Loại hình": Category, "Xếp hạng": Rank, "Năm xếp hạng": Recognized, "Xã": Commune,
		"Huyện": District, "Tỉnh": Province, "Tóm tắt": Summary, "Mã": ID, "STT": Ignore,
	} {
		if got, ok := fieldFor(header, nil); !ok || got != want {
			t.Errorf("%q → %q, want %q", header, got, want)
		}
	}
	if _, ok := fieldFor("Ghi chú", nil); ok {
		t.Errorf("Ghi chú is not a field")
	}
	var diags diag.List
	m := ParseMapping("map.yaml", []byte("\"Tên cơ sở\": title\nGhi chú: bỏ qua\nKhác: colour\n"), &diags)
	if f, _ := fieldFor("Ghi chú", m); f != Ignore {
		t.Errorf("-map ignore: %q", f)
	}
	if f, _ := fieldFor("tên cơ sở", m); f != Title {
		t.Errorf("-map: %q", f)
	}
	if got := diags.String(); !strings.Contains(got, `map.yaml:3: unknown field "colour"`) {
		t.Errorf("mapping error: %q", got)
	}
}

func TestMarkerNames(t *testing.T) {
	for name, want := range map[string][2]string{
		"Mốc 670": {"670", "main"}, "Cột mốc 663": {"663", "main"}, "Cọc dấu 673/1": {"673/1", "post"},
		"Mốc phụ 674/2": {"674/2", "secondary"}, "M670": {"670", "main"}, "CD673/1": {"673/1", "post"},
		"mốc số 700(1)": {"700(1)", "main"},
	} {
		n, typ, ok := ParseMarkerName(name)
		if !ok || n != want[0] || typ != want[1] {
			t.Errorf("%q → %q %q %v, want %v", name, n, typ, ok, want)
		}
	}
	for _, name := range []string{"Đồn biên phòng", "Suối 12", ""} {
		if _, _, ok := ParseMarkerName(name); ok {
			t.Errorf("%q read as a marker", name)
		}
	}
}

func rec(kv ...string) Record {
	r := Record{Pos: diag.Position{File: "a.csv", Line: 5}, Values: map[Field]string{}, Cols: map[Field]string{}}
	for i := 0; i+1 < len(kv); i += 2 {
		r.Values[Field(kv[i])] = kv[i+1]
	}
	return r
}

func TestConvert(t *testing.T) {
	site := Options{Kind: content.Site}
	tests := []struct {
		name string
		r    Record
		o    Options
		err  string // "" when the record is good
		want func(Entry) bool
	}{
		{"one Tọa độ cell", rec("title", "Đình", "location", "10.7251, 106.8823"), site, "",
			func(e Entry) bool { return e.Lat == 10.7251 && e.Lng == 106.8823 }},
		{"decimal commas", rec("title", "Đình", "location", "10,7251; 106,8823"), site, "",
			func(e Entry) bool { return e.Lat == 10.7251 && e.Lng == 106.8823 }},
		{"rank with prefix", rec("title", "Đình", "rank", "Di tích cấp quốc gia", "category", "Di tích lịch sử - văn hóa"), site, "",
			func(e Entry) bool { return e.Rank == "national" && e.Category == "history" }},
		{"year from a date", rec("title", "Đình", "recognized", "12/05/2005"), site, "", func(e Entry) bool { return e.Year == 2005 }},
		{"commune joined to address", rec("title", "Đình", "address", "Ấp 3", "commune", "Xã Long Thọ"), site, "",
			func(e Entry) bool { return e.Address == "Ấp 3, Xã Long Thọ" }},
		{"lower-case id", rec("title", "Đình", "id", "nt-050"), site, "", func(e Entry) bool { return e.ID == "NT-050" }},
		{"no name", rec("province", "Đồng Nai"), site, "a.csv:5: missing name", nil},
		{"swapped", rec("title", "Đình", "lat", "106.88", "lng", "10.72"), site, "a.csv:5: latitude 106.88 and longitude 10.72 are swapped", nil},
		{"out of range", rec("title", "Đình", "lat", "48.85", "lng", "2.35"), site, "latitude 48.85 is outside Vietnam: expected 6–24", nil},
		{"one coordinate", rec("title", "Đình", "lat", "10.7"), site, "only one coordinate", nil},
		{"not a number", rec("title", "Đình", "lat", "10°43'N", "lng", "106.8"), site, `Vĩ độ "10°43'N" is not a number`, nil},
		{"unknown rank", rec("title", "Đình", "rank", "Cấp huyện"), site, `Xếp hạng "Cấp huyện" is not a ranking: expected Quốc gia đặc biệt, Quốc gia, Cấp tỉnh or Kiểm kê`, nil},
		{"unknown category", rec("title", "Đình", "category", "Tâm linh"), site, `Loại hình "Tâm linh" is not a kind of relic`, nil},
		{"long summary", rec("title", "Đình", "summary", strings.Repeat("a", 301)), site, "summary is 301 characters", nil},
		{"marker", rec("title", "Cọc dấu 673/1", "lat", "15.76", "lng", "107.45"), Options{Kind: content.Marker, Border: "VN-LA"}, "",
			func(e Entry) bool {
				return *e.Marker == content.MarkerInfo{Number: "673/1", Type: "post", Border: "VN-LA"}
			}},
		{"marker without border", rec("title", "Mốc 670"), Options{Kind: content.Marker}, "no border for marker", nil},
		{"marker name unreadable", rec("title", "Đồn biên phòng"), Options{Kind: content.Marker, Border: "VN-LA"}, "cannot tell the marker's number and type", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			e, ok := Convert(tt.r, tt.o, &diags)
			if tt.err == "" {
				if !ok || diags.HasErrors() || !tt.want(e) {
					t.Errorf("ok %v, %+v\n%s", ok, e, diags.String())
				}
				return
			}
			if ok || !strings.Contains(diags.String(), tt.err) {
				t.Errorf("ok %v; diagnostics %q, want %q", ok, diags.String(), tt.err)
			}
		})
	}
}

func TestRenderIsYAMLTheContractReads(t *testing.T) {
	p := Planned{File: "content/sites/x/index.vi.md", Entry: Entry{
		Pos: diag.Position{File: "/tmp/x/a.csv", Line: 3}, Kind: content.Site, ID: "NT-009",
		Title: `Đình "Phú" Mỹ: #1`, Summary: "Một câu: có dấu hai chấm.", HasLoc: true, Lat: 10.7, Lng: 106.8,
		Province: "Đồng Nai", Category: "history", Rank: "national", Year: 2005,
	}}
	out := string(Render(p))
	front, _, _, ok := content.SplitFrontMatter([]byte(out))
	var f content.Front
	if !ok || yaml.Unmarshal(front, &f) != nil {
		t.Fatalf("not front matter:\n%s", out)
	}
	if f.Title != p.Title || f.Summary != p.Summary || *f.Location.Lat != 10.7 || f.Rank != "national" || !f.Draft || f.ID != "NT-009" {
		t.Errorf("round trip: %+v\n%s", f, out)
	}
	if !strings.Contains(out, "# Nhập từ a.csv:3 / Imported from a.csv:3\n") || !strings.HasSuffix(out, "draft: true\n---\n") {
		t.Errorf("file:\n%s", out)
	}
}

func TestReadTables(t *testing.T) {
	t.Run("csv rows as Excel numbers them", func(t *testing.T) {
		var diags diag.List
		csv := "Tên;Tóm tắt;Ghi chú\r\nĐình A;\"Hai\r\ndòng\";x\r\n;;\r\nĐình B;Một;\r\n"
		recs := Read("a.csv", []byte(csv), nil, &diags)
		if len(recs) != 2 || recs[0].Pos.Line != 2 || recs[1].Pos.Line != 4 || recs[0].Values[Summary] != "Hai dòng" {
			t.Errorf("records %+v", recs)
		}
		if !strings.Contains(diags.String(), `a.csv:1: warning: column "Ghi chú" is not imported`) {
			t.Errorf("diagnostics %q", diags.String())
		}
	})
	for _, tt := range []struct{ name, file, data, err string }{
		{"not UTF-8", "a.csv", "T\xean,T\xecnh\n", "a.csv: the file is not UTF-8 text: in Excel choose File → Save As → CSV UTF-8"},
		{"no name column", "a.csv", "Tỉnh,Huyện\nĐồng Nai,Nhơn Trạch\n", "a.csv:1: no column for the name"},
		{"two name columns", "a.csv", "Tên,Tên di tích\nA,B\n", `a.csv:1: columns "Tên" and "Tên di tích" both hold title`},
		{"broken KML", "a.kml", "<kml>\n<Placemark><name>x</name></Placemark>\n</kml", "a.kml:3: broken XML"},
		{"not GeoJSON", "a.geojson", "[1, 2]", "a.geojson:1: not GeoJSON"},
		{"xls", "a.xls", "", "a.xls: old Excel .xls files cannot be read"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			Read(tt.file, []byte(tt.data), nil, &diags)
			if !strings.Contains(diags.String(), tt.err) {
				t.Errorf("diagnostics %q, want %q", diags.String(), tt.err)
			}
		})
	}
}

func TestReadXLSXHeadingAndMergedCells(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	for cell, v := range map[string]any{
		"A1": "DANH SÁCH DI TÍCH", "A3": "Tên di tích", "B3": "Tỉnh", "C3": "Vĩ độ", "D3": "Kinh độ",
		"A4": "Đình A", "B4": "Quảng Nam", "C4": 15.87654321, "D4": 108.3,
		"A5": "Đình B", "C5": 15.9, "D5": 108.31,
	} {
		if err := f.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	// The province is written once, merged down both rows; the latitude
	// is shown rounded to two decimals.
	if err := f.MergeCell("Sheet1", "B4", "B5"); err != nil {
		t.Fatal(err)
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 2})
	_ = f.SetCellStyle("Sheet1", "C4", "C5", style)
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	recs := Read("a.xlsx", buf.Bytes(), nil, &diags)
	if len(recs) != 2 || diags.HasErrors() {
		t.Fatalf("%+v\n%s", recs, diags.String())
	}
	if recs[0].Pos.Line != 4 || recs[1].Values[Province] != "Quảng Nam" || recs[0].Values[Lat] != "15.87654321" {
		t.Errorf("records %+v", recs)
	}
}
