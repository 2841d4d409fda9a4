package importer

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/diachido/diachido/generator/diag"
	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"
)

// Record is one row, placemark, waypoint or feature of an imported file.
type Record struct {
	// Pos is the file and its row (a spreadsheet's row number as Excel
	// shows it; the line of a placemark, waypoint or feature).
	Pos    diag.Position
	Values map[Field]string
	// Cols names, for each field, the column or property it came from, for
	// messages.
	Cols map[Field]string
}

// Mapping maps folded header names (HeaderKey) to fields: a -map file.
type Mapping map[string]Field

// ParseMapping reads a -map file: YAML lines `"Header in the file": field`.
func ParseMapping(name string, data []byte, diags *diag.List) Mapping {
	m := Mapping{}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line := 1
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			if _, rest, ok := strings.Cut(err.Error(), "line "); ok {
				if n, err := strconv.Atoi(strings.TrimRightFunc(strings.SplitN(rest, ":", 2)[0], func(r rune) bool { return r < '0' || r > '9' })); err == nil {
					line = n
				}
			}
		}
		diags.Errorf(diag.Position{File: name, Line: line}, "not a mapping file: %v; write one line per column, e.g. \"Tên cơ sở\": title", err)
		return m
	}
	if len(doc.Content) == 0 {
		return m
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		diags.Errorf(diag.Position{File: name, Line: root.Line}, "expected lines like \"Tên cơ sở\": title (a column name, a colon, a field)")
		return m
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		f, ok := ParseField(v.Value)
		if v.Kind != yaml.ScalarNode || !ok {
			diags.Errorf(diag.Position{File: name, Line: v.Line}, "unknown field %q for column %q: expected one of %s, or ignore to leave the column out", v.Value, k.Value, fieldNames())
			continue
		}
		m[HeaderKey(k.Value)] = f
	}
	return m
}

// Read parses a file by its extension: .csv, .xlsx, .kml, .gpx, .geojson
// (or .json). name is used in positions. Problems with the file as a whole
// (not UTF-8, no name column, broken XML) are errors in diags; the records
// read before one are returned.
func Read(name string, data []byte, m Mapping, diags *diag.List) []Record {
	switch strings.ToLower(path.Ext(name)) {
	case ".csv", ".txt", ".tsv":
		return readCSV(name, data, m, diags)
	case ".xlsx", ".xlsm":
		return readXLSX(name, data, m, diags)
	case ".kml":
		return readKML(name, data, m, diags)
	case ".gpx":
		return readGPX(name, data, m, diags)
	case ".geojson", ".json":
		return readGeoJSON(name, data, m, diags)
	case ".xls":
		diags.Errorf(diag.Position{File: name}, "old Excel .xls files cannot be read: in Excel choose File → Save As → Excel Workbook (.xlsx) or CSV UTF-8")
		return nil
	case ".kmz":
		diags.Errorf(diag.Position{File: name}, "a .kmz is a zipped KML: unzip it (or in Google Earth save as .kml) and import the .kml")
		return nil
	}
	diags.Errorf(diag.Position{File: name}, "unknown kind of file %q: expected .csv, .xlsx, .kml, .gpx or .geojson", path.Ext(name))
	return nil
}

// text normalises a value: NFC, control characters dropped, runs of white
// space one space.
func text(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError:
			return -1
		case r == '\t' || r == '\n' || r == '\r' || r == 0xa0:
			return ' '
		case r < 0x20 || r == 0x7f || (r >= 0x200b && r <= 0x200f) || r == 0xfeff:
			return -1
		}
		return r
	}, s)
	return norm.NFC.String(strings.Join(strings.Fields(s), " "))
}

// table turns rows of cells (rowNums[i] is row i's number) into records:
// the header row is the first, among the first ten, that names a title
// column (lists printed from official documents often carry a heading
// above it); rows with nothing in a known column are skipped.
func table(name string, rows [][]string, rowNums []int, m Mapping, diags *diag.List) []Record {
	hdr := -1
	var cols []Field
	var names []string
	for i := 0; i < len(rows) && i < 10; i++ {
		fs, ns := make([]Field, len(rows[i])), make([]string, len(rows[i]))
		title := false
		for j, c := range rows[i] {
			ns[j] = text(c)
			if f, ok := fieldFor(c, m); ok {
				fs[j] = f
				title = title || f == Title
			}
		}
		if title {
			hdr, cols, names = i, fs, ns
			break
		}
	}
	if hdr < 0 {
		diags.Errorf(diag.Position{File: name, Line: 1}, "no column for the name: the first row must hold headers, one of them Tên, Tên di tích or title (or map yours with -map)")
		return nil
	}
	at := diag.Position{File: name, Line: rowNums[hdr]}
	seen := map[Field]string{}
	for j, f := range cols {
		switch {
		case names[j] == "" || f == Ignore:
		case f == "":
			diags.Warnf(at, "column %q is not imported: rename it or map it to a field with -map", names[j])
		case seen[f] != "":
			diags.Errorf(at, "columns %q and %q both hold %s: keep one, or map one of them elsewhere with -map", seen[f], names[j], f)
		default:
			seen[f] = names[j]
		}
	}
	if diags.HasErrors() {
		return nil
	}
	var out []Record
	for i := hdr + 1; i < len(rows); i++ {
		r := Record{Pos: diag.Position{File: name, Line: rowNums[i]}, Values: map[Field]string{}, Cols: map[Field]string{}}
		for j, c := range rows[i] {
			if j >= len(cols) || cols[j] == "" || cols[j] == Ignore {
				continue
			}
			if v := text(c); v != "" {
				r.Values[cols[j]] = v
				r.Cols[cols[j]] = names[j]
			}
		}
		if len(r.Values) > 0 {
			out = append(out, r)
		}
	}
	return out
}

func readCSV(name string, data []byte, m Mapping, diags *diag.List) []Record {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		diags.Errorf(diag.Position{File: name}, "the file is not UTF-8 text: in Excel choose File → Save As → CSV UTF-8 (Comma delimited) (*.csv), or import the .xlsx itself")
		return nil
	}
	// Excel writes ";" where the decimal separator is a comma, and a tab
	// for "Text (Tab delimited)": take whichever the header line has most.
	first, _, _ := bytes.Cut(data, []byte("\n"))
	sep := ','
	if n := bytes.Count(first, []byte(";")); n > bytes.Count(first, []byte(",")) {
		sep = ';'
	}
	if bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(string(sep))) {
		sep = '\t'
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var rows [][]string
	var nums []int
	extra := 0 // lines inside quoted cells so far: Excel counts rows, not lines
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line, err = pe.Line-extra, pe.Err
			}
			diags.Errorf(diag.Position{File: name, Line: line}, "cannot read this row: %v", err)
			break
		}
		start, _ := cr.FieldPos(0)
		end, _ := cr.FieldPos(len(rec) - 1)
		end += strings.Count(rec[len(rec)-1], "\n")
		rows = append(rows, rec)
		nums = append(nums, start-extra)
		extra += end - start
	}
	return table(name, rows, nums, m, diags)
}

func readXLSX(name string, data []byte, m Mapping, diags *diag.List) []Record {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		diags.Errorf(diag.Position{File: name}, "cannot read the workbook: %v (save it again from Excel as .xlsx)", err)
		return nil
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		diags.Errorf(diag.Position{File: name}, "the workbook has no sheet")
		return nil
	}
	sheet := sheets[0]
	// Raw values: a cell shown as 10.73 may hold 10.7251.
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		diags.Errorf(diag.Position{File: name}, "cannot read sheet %q: %v", sheet, err)
		return nil
	}
	// A merged cell (a province written once beside many rows) holds its
	// value in its first cell only: give it to every row it covers.
	if merged, err := f.GetMergeCells(sheet); err == nil {
		for _, mc := range merged {
			c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
			c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
			if err1 != nil || err2 != nil || (r2-r1+1)*(c2-c1+1) > 1e6 {
				continue
			}
			for r := r1; r <= r2 && r <= len(rows); r++ {
				for c := c1; c <= c2; c++ {
					for len(rows[r-1]) < c {
						rows[r-1] = append(rows[r-1], "")
					}
					rows[r-1][c-1] = mc.GetCellValue()
				}
			}
		}
	}
	if len(sheets) > 1 {
		diags.Warnf(diag.Position{File: name}, "only the first sheet, %q, is imported", sheet)
	}
	nums := make([]int, len(rows))
	for i := range nums {
		nums[i] = i + 1
	}
	return table(name, rows, nums, m, diags)
}

// props turns named values (KML Data, GeoJSON properties) into a record's
// values through the header names; unknown names are left out quietly,
// since GPS tools add many.
func props(r *Record, names []string, values []string, m Mapping) {
	for i, n := range names {
		f, ok := fieldFor(n, m)
		v := text(values[i])
		if !ok || f == Ignore || v == "" {
			continue
		}
		if _, set := r.Values[f]; !set {
			r.Values[f] = v
			r.Cols[f] = n
		}
	}
}

// plain is a description's text: KML descriptions are often HTML.
func plain(s string) string {
	if !strings.Contains(s, "<") {
		return html.UnescapeString(s)
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			b.WriteByte(' ')
		}
	}
}

func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// xmlRecords walks an XML file and calls start for each element named
// elem, with the element decoded into v and its line.
func xmlRecords(name string, data []byte, elem string, v func() any, each func(line int, v any), diags *diag.List) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			line, _ := dec.InputPos()
			diags.Errorf(diag.Position{File: name, Line: line}, "broken XML: %v", err)
			return
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != elem {
			continue
		}
		line, _ := dec.InputPos()
		x := v()
		if err := dec.DecodeElement(x, &se); err != nil {
			l, _ := dec.InputPos()
			diags.Errorf(diag.Position{File: name, Line: l}, "broken XML: %v", err)
			return
		}
		each(line, x)
	}
}

type kmlPlacemark struct {
	Name        string `xml:"name"`
	Description string `xml:"description"`
	Point       *struct {
		Coordinates string `xml:"coordinates"`
	} `xml:"Point"`
	MultiGeometry *struct {
		Point []struct {
			Coordinates string `xml:"coordinates"`
		} `xml:"Point"`
	} `xml:"MultiGeometry"`
	Data []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value"`
	} `xml:"ExtendedData>Data"`
	SimpleData []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:",chardata"`
	} `xml:"ExtendedData>SchemaData>SimpleData"`
}

func readKML(name string, data []byte, m Mapping, diags *diag.List) []Record {
	var out []Record
	xmlRecords(name, data, "Placemark", func() any { return new(kmlPlacemark) }, func(line int, v any) {
		p := v.(*kmlPlacemark)
		r := Record{Pos: diag.Position{File: name, Line: line}, Values: map[Field]string{}, Cols: map[Field]string{}}
		coords := ""
		switch {
		case p.Point != nil:
			coords = p.Point.Coordinates
		case p.MultiGeometry != nil && len(p.MultiGeometry.Point) == 1:
			coords = p.MultiGeometry.Point[0].Coordinates
		default:
			diags.Warnf(r.Pos, "placemark %q is not a point (a line or an area?): skipped", text(p.Name))
			return
		}
		props(&r, []string{"name", "description"}, []string{p.Name, plain(p.Description)}, m)
		for _, d := range p.Data {
			props(&r, []string{d.Name}, []string{d.Value}, m)
		}
		for _, d := range p.SimpleData {
			props(&r, []string{d.Name}, []string{d.Value}, m)
		}
		setLngLat(&r, strings.Fields(coords), "<coordinates>")
		out = append(out, r)
	}, diags)
	return out
}

// setLngLat sets lat and lng from a KML or GeoJSON position, which puts
// the longitude first.
func setLngLat(r *Record, lngLat []string, col string) {
	if len(lngLat) == 0 {
		return
	}
	parts := lngLat
	if len(lngLat) == 1 {
		parts = strings.Split(lngLat[0], ",")
	}
	if len(parts) < 2 {
		r.Values[Coords] = strings.Join(lngLat, " ")
		r.Cols[Coords] = col
		return
	}
	r.Values[Lng], r.Values[Lat] = strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1])
	r.Cols[Lng], r.Cols[Lat] = col, col
	delete(r.Values, Coords)
}

type gpxWpt struct {
	Lat  string `xml:"lat,attr"`
	Lon  string `xml:"lon,attr"`
	Name string `xml:"name"`
	Desc string `xml:"desc"`
	Cmt  string `xml:"cmt"`
}

func readGPX(name string, data []byte, m Mapping, diags *diag.List) []Record {
	var out []Record
	xmlRecords(name, data, "wpt", func() any { return new(gpxWpt) }, func(line int, v any) {
		w := v.(*gpxWpt)
		r := Record{Pos: diag.Position{File: name, Line: line}, Values: map[Field]string{}, Cols: map[Field]string{}}
		desc := w.Desc
		if strings.TrimSpace(desc) == "" {
			desc = w.Cmt
		}
		props(&r, []string{"name", "description"}, []string{w.Name, plain(desc)}, m)
		if v := strings.TrimSpace(w.Lat); v != "" {
			r.Values[Lat], r.Cols[Lat] = v, "lat"
		}
		if v := strings.TrimSpace(w.Lon); v != "" {
			r.Values[Lng], r.Cols[Lng] = v, "lon"
		}
		out = append(out, r)
	}, diags)
	return out
}

type geoFeature struct {
	Type     string `json:"type"`
	Geometry *struct {
		Type        string            `json:"type"`
		Coordinates []json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

func readGeoJSON(name string, data []byte, m Mapping, diags *diag.List) []Record {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	dec := json.NewDecoder(bytes.NewReader(data))
	bad := func(err error) []Record {
		diags.Errorf(diag.Position{File: name, Line: lineAt(data, dec.InputOffset())}, "not GeoJSON: %v", err)
		return nil
	}
	// Walk to the "features" array, so that each feature's line is known.
	tok, err := dec.Token()
	if err != nil {
		return bad(err)
	}
	if tok != json.Delim('{') {
		return bad(errors.New("expected a FeatureCollection or a Feature"))
	}
	var single bool
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return bad(err)
		}
		if k == "features" {
			break
		}
		if k == "geometry" {
			single = true
			break
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return bad(err)
		}
	}
	var out []Record
	each := func(line int, f *geoFeature) {
		r := Record{Pos: diag.Position{File: name, Line: line}, Values: map[Field]string{}, Cols: map[Field]string{}}
		if f.Geometry == nil || f.Geometry.Type != "Point" {
			kind := "no geometry"
			if f.Geometry != nil {
				kind = f.Geometry.Type
			}
			diags.Warnf(r.Pos, "feature is not a Point (%s): skipped", kind)
			return
		}
		keys := make([]string, 0, len(f.Properties))
		for k := range f.Properties {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		vals := make([]string, len(keys))
		for i, k := range keys {
			switch v := f.Properties[k].(type) {
			case string:
				vals[i] = v
			case float64:
				vals[i] = strconv.FormatFloat(v, 'f', -1, 64)
			}
		}
		props(&r, keys, vals, m)
		var pos []string
		for _, c := range f.Geometry.Coordinates {
			pos = append(pos, strings.Trim(string(c), `"`))
		}
		setLngLat(&r, pos, "coordinates")
		out = append(out, r)
	}
	if single {
		// A lone Feature: read it whole again.
		var f geoFeature
		if err := json.Unmarshal(data, &f); err != nil {
			return bad(err)
		}
		each(1, &f)
		return out
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return bad(errors.New(`expected "features": [ … ]`))
	}
	for dec.More() {
		off := dec.InputOffset()
		for off < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[off]) >= 0 {
			off++
		}
		var f geoFeature
		if err := dec.Decode(&f); err != nil {
			return bad(err)
		}
		each(lineAt(data, off), &f)
	}
	return out
}
