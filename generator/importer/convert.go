package importer

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
	"golang.org/x/text/language"
)

// Options say what the imported entries are.
type Options struct {
	// Kind is content.Site or content.Marker.
	Kind content.Kind
	// Border is markers' border (VN-LA) where a row does not give one.
	Border string
}

// Entry is one imported entry, its values already in the contract's form.
type Entry struct {
	Pos      diag.Position
	Kind     content.Kind
	ID       string // empty: Plan gives the next free one
	Title    string
	Summary  string
	HasLoc   bool
	Lat, Lng float64
	Address  string
	District string
	Province string
	Category string
	Rank     string
	Year     int // recognized, for a site
	Marker   *content.MarkerInfo
}

// Vietnam, roughly, islands included (Trường Sa reaches 117.8° E and
// 6.2° N): a coordinate outside it is a typing mistake.
const (
	minLat, maxLat = 6.0, 24.0
	minLng, maxLng = 102.0, 118.0
)

var (
	categories = map[string]string{
		"lich su": "history", "lich su van hoa": "history", "lich su cach mang": "history", "history": "history", "historical": "history",
		"kien truc nghe thuat": "architecture-art", "kien truc": "architecture-art", "nghe thuat": "architecture-art",
		"architecture art": "architecture-art", "architecture": "architecture-art", "architectural and artistic": "architecture-art",
		"khao co": "archaeology", "archaeology": "archaeology", "archaeological": "archaeology",
		"danh lam thang canh": "scenic", "danh lam": "scenic", "thang canh": "scenic", "scenic": "scenic", "landscape": "scenic", "scenic landscape": "scenic",
	}
	ranks = map[string]string{
		"quoc gia dac biet": "special-national", "dac biet": "special-national", "special national": "special-national",
		"quoc gia": "national", "national": "national",
		"cap tinh": "provincial", "tinh": "provincial", "provincial": "provincial",
		"kiem ke": "inventoried", "danh muc kiem ke": "inventoried", "trong danh muc kiem ke": "inventoried", "inventoried": "inventoried",
	}
	// markerTypes are the words that start a marker's name.
	markerTypes = map[string]string{
		"moc": "main", "cot moc": "main", "moc chinh": "main", "cot moc chinh": "main", "m": "main",
		"main": "main", "marker": "main", "main marker": "main",
		"moc phu": "secondary", "cot moc phu": "secondary", "mp": "secondary", "secondary": "secondary", "secondary marker": "secondary",
		"coc dau": "post", "cd": "post", "post": "post", "marker post": "post",
	}
	markerNameRe = regexp.MustCompile(`^(\D*?)\s*(?:so\s*)?([0-9][0-9A-Za-z/().-]*)$`)
	borderRe     = regexp.MustCompile(`^([A-Z]{2})-([A-Z]{2})$`)
	yearRe       = regexp.MustCompile(`^(?:\d{1,2}[/.-]\d{1,2}[/.-])?(\d{4})(?:\.0+)?(?:[/.-]\d{1,2}[/.-]\d{1,2})?$`)
)

// valueKey folds a value like a header, and drops the words "di tích"
// and "cấp" in front ("Di tích cấp quốc gia" → "quoc gia").
func valueKey(s string) string {
	k := HeaderKey(s)
	k = strings.TrimPrefix(k, "di tich ")
	if k != "cap tinh" {
		k = strings.TrimPrefix(k, "cap ")
	}
	return strings.ReplaceAll(k, "-", " ")
}

// CheckBorder says what is wrong with a border code, or "".
func CheckBorder(b string) string {
	sm := borderRe.FindStringSubmatch(b)
	if sm == nil {
		return fmt.Sprintf("border %q must be two ISO 3166 country codes, e.g. VN-LA (Laos), VN-KH (Cambodia), VN-CN (China)", b)
	}
	for _, code := range sm[1:] {
		if r, err := language.ParseRegion(code); err != nil || !r.IsCountry() {
			return fmt.Sprintf("border %q: %s is not an ISO 3166 country code", b, code)
		}
	}
	return ""
}

// ParseMarkerName reads a marker's type and number from its name: "Mốc
// 670" → main, "670"; "Cọc dấu 673/1" → post, "673/1"; "Mốc phụ 12" →
// secondary; "M670", "CD673/1" as GPS units abbreviate them.
func ParseMarkerName(name string) (number, typ string, ok bool) {
	k := strings.TrimSpace(content.Fold(name))
	m := markerNameRe.FindStringSubmatch(k)
	if m == nil {
		return "", "", false
	}
	words := strings.Join(strings.FieldsFunc(m[1], func(r rune) bool { return r == ' ' || r == '-' || r == '_' || r == '.' || r == ':' }), " ")
	t, ok := markerTypes[words]
	if !ok {
		return "", "", false
	}
	return strings.ToUpper(m[2]), t, true
}

// parseNumber reads a decimal number written with a point, or with a
// comma as Excel writes it in Vietnamese ("10,7251").
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// splitCoords splits one "Tọa độ" cell into lat and lng: "10.7251,
// 106.8823", "10.7251; 106.8823", "10,7251; 106,8823" or "10.7251 106.8823".
func splitCoords(s string) (string, string, bool) {
	for _, sep := range []string{";", ", ", ",", " ", "/"} {
		if parts := strings.Split(s, sep); len(parts) == 2 {
			return strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1]), true
		}
	}
	return "", "", false
}

// Convert checks one record and maps it to an entry. Every problem is an
// error at the record's row naming the value and what was expected;
// notes (a blank left for the editor) are warnings. ok is false when the
// record must not be written.
func Convert(r Record, o Options, diags *diag.List) (e Entry, ok bool) {
	var bad diag.List
	errf := func(format string, args ...any) { bad.Errorf(r.Pos, format, args...) }
	v := r.Values
	e = Entry{Pos: r.Pos, Kind: o.Kind}

	e.Title = v[Title]
	if e.Title == "" {
		errf("missing name: the row has no %s, so it cannot become an entry (the name makes its folder and page title)", colName(r, Title, "Tên"))
	} else if content.Slugify(e.Title) == "" {
		errf("name %q has no letters or digits to make a folder name from", e.Title)
	}
	e.Summary = v[Summary]
	if n := utf8.RuneCountInString(e.Summary); n > content.MaxSummary {
		errf("summary is %d characters; keep it to %d (one or two sentences)", n, content.MaxSummary)
	}
	if id := v[ID]; id != "" {
		e.ID = strings.ToUpper(id)
		if !content.IDRe.MatchString(e.ID) {
			errf("%s %q must be capital letters A-Z, digits and hyphens, at most 16 characters, e.g. NT-001 (or leave it empty for the next free one)", colName(r, ID, "ID"), id)
		}
	}

	// Location.
	latS, lngS := v[Lat], v[Lng]
	latCol, lngCol := colName(r, Lat, "Vĩ độ"), colName(r, Lng, "Kinh độ")
	if c := v[Coords]; c != "" && latS == "" && lngS == "" {
		var split bool
		latS, lngS, split = splitCoords(c)
		latCol, lngCol = colName(r, Coords, "Tọa độ")+" (latitude)", colName(r, Coords, "Tọa độ")+" (longitude)"
		if !split {
			errf("%s %q must be two numbers, latitude then longitude, e.g. 15.8801, 107.3312", colName(r, Coords, "Tọa độ"), c)
			latS, lngS = "", ""
		}
	}
	switch {
	case latS == "" && lngS == "":
		diags.Warnf(r.Pos, "no coordinates: the entry is written without a location; fill in lat and lng before publishing")
	case latS == "" || lngS == "":
		errf("the row has only one coordinate (%s %q, %s %q): give both latitude and longitude, e.g. 15.8801 and 107.3312", latCol, latS, lngCol, lngS)
	default:
		lat, okLat := parseNumber(latS)
		lng, okLng := parseNumber(lngS)
		if !okLat {
			errf("%s %q is not a number: expected decimal degrees such as 15.8801", latCol, latS)
		}
		if !okLng {
			errf("%s %q is not a number: expected decimal degrees such as 107.3312", lngCol, lngS)
		}
		if okLat && okLng {
			inLat := func(x float64) bool { return x >= minLat && x <= maxLat }
			inLng := func(x float64) bool { return x >= minLng && x <= maxLng }
			switch {
			case inLat(lat) && inLng(lng):
				e.HasLoc, e.Lat, e.Lng = true, round(lat), round(lng)
			case inLng(lat) && inLat(lng):
				errf("latitude %v and longitude %v are swapped: in Vietnam latitude is %v–%v and longitude %v–%v; swap the two values", lat, lng, minLat, maxLat, minLng, maxLng)
			default:
				if !inLat(lat) {
					errf("latitude %v is outside Vietnam: expected %v–%v (decimal degrees, e.g. 15.8801)", lat, minLat, maxLat)
				}
				if !inLng(lng) {
					errf("longitude %v is outside Vietnam: expected %v–%v (decimal degrees, e.g. 107.3312)", lng, minLng, maxLng)
				}
			}
		}
	}

	e.Province, e.District = v[Province], v[District]
	if e.Kind == content.Site {
		e.Address = v[Address]
		if c := v[Commune]; c != "" && !strings.Contains(content.Fold(e.Address), content.Fold(c)) {
			if e.Address != "" {
				e.Address += ", "
			}
			e.Address += c
		}
		if c := v[Category]; c != "" {
			if e.Category = categories[valueKey(c)]; e.Category == "" {
				errf("%s %q is not a kind of relic: expected Lịch sử, Kiến trúc nghệ thuật, Khảo cổ or Danh lam thắng cảnh", colName(r, Category, "Loại hình"), c)
			}
		}
		if c := v[Rank]; c != "" {
			if e.Rank = ranks[valueKey(c)]; e.Rank == "" {
				errf("%s %q is not a ranking: expected Quốc gia đặc biệt, Quốc gia, Cấp tỉnh or Kiểm kê", colName(r, Rank, "Xếp hạng"), c)
			}
		}
		if y := v[Recognized]; y != "" {
			if e.Year = year(y); e.Year < 1900 || e.Year > 2100 {
				errf("%s %q is not the year of a ranking decision: expected a year such as 2005", colName(r, Recognized, "Năm xếp hạng"), y)
			}
		}
	}
	if e.Kind == content.Marker {
		mk := &content.MarkerInfo{Number: strings.TrimSpace(v[Number]), Border: strings.ToUpper(v[Border])}
		if t := v[Type]; t != "" {
			if mk.Type = markerTypes[HeaderKey(t)]; mk.Type == "" {
				errf("%s %q is not a marker type: expected Mốc chính, Mốc phụ or Cọc dấu", colName(r, Type, "Loại mốc"), t)
			}
		}
		if mk.Number == "" || mk.Type == "" {
			num, typ, ok := ParseMarkerName(e.Title)
			switch {
			case ok:
				if mk.Number == "" {
					mk.Number = num
				}
				if mk.Type == "" {
					mk.Type = typ
				}
			case e.Title != "":
				errf("cannot tell the marker's number and type from the name %q: expected a name such as \"Mốc 670\", \"Mốc phụ 671/2\" or \"Cọc dấu 673/1\" (or columns Số mốc and Loại mốc)", e.Title)
			}
		}
		if mk.Border == "" {
			mk.Border = o.Border
		}
		if mk.Border == "" {
			errf("no border for marker %q: give -border VN-LA (or a column Biên giới)", e.Title)
		} else if msg := CheckBorder(mk.Border); msg != "" {
			errf("%s", msg)
		}
		if y := v[Year]; y != "" {
			if mk.Year = year(y); mk.Year < 1800 || mk.Year > 2100 {
				errf("%s %q is not the year the marker was placed: expected a year such as 2008", colName(r, Year, "Năm cắm mốc"), y)
			}
		}
		e.Marker = mk
	}
	if e.Summary == "" && !bad.HasErrors() {
		diags.Warnf(r.Pos, "no summary: the entry is written with an empty summary; write one or two sentences before publishing")
	}
	diags.Merge(&bad)
	return e, !bad.HasErrors()
}

func year(s string) int {
	m := yearRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// round keeps seven decimals (about a centimetre): spreadsheets store
// 106.88230000000001 for 106.8823.
func round(x float64) float64 { return math.Round(x*1e7) / 1e7 }

// colName is the column a value came from, as the file writes it, for
// messages; def where the record has none.
func colName(r Record, f Field, def string) string {
	if c := r.Cols[f]; c != "" {
		return c
	}
	return def
}
