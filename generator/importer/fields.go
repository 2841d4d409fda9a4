// Package importer turns the lists volunteers already keep (a district's
// relic list saved from Excel as CSV or XLSX, GPS waypoints from a
// border-marker survey as KML, GPX or GeoJSON) into draft entries of the
// content contract, for `diachido import`.
//
// The flow is three pure steps, each easy to test on its own:
//
//   - Read turns a file's bytes into Records: one per spreadsheet row,
//     placemark, waypoint or Point feature, each with its file:row and its
//     values by Field (headers recognised in Vietnamese and English,
//     without regard to case or tone marks, or through a Mapping);
//   - Convert checks a Record and maps its values to the contract's fields
//     and codes ("Quốc gia đặc biệt" → special-national); a bad record
//     becomes one diagnostic at its row naming the value and what was
//     expected, and no Entry;
//   - Plan gives the good entries their IDs and folders next to a site's
//     existing entries, and sets apart duplicates, which are never
//     written over; Render gives an entry's file.
//
// Writing files is the caller's business.
package importer

import (
	"strings"
	"unicode"

	"github.com/diachido/diachido/generator/content"
)

// Field is what a column (or a KML/GeoJSON property) holds. Its value is
// the name a -map file uses; most are the contract's field names.
type Field string

// The fields an import fills.
const (
	Title      Field = "title"
	Summary    Field = "summary"
	Address    Field = "address"
	Commune    Field = "commune" // xã: joined to the address
	District   Field = "district"
	Province   Field = "province"
	Category   Field = "category"
	Rank       Field = "rank"
	Recognized Field = "recognized"
	Lat        Field = "lat"
	Lng        Field = "lng"
	Coords     Field = "location" // one column holding "lat, lng"
	ID         Field = "id"
	Number     Field = "number" // a marker's number
	Type       Field = "type"   // a marker's type
	Border     Field = "border"
	Year       Field = "year" // the year a marker was placed
	// Ignore marks a column that is known and left out (STT, the row number).
	Ignore Field = "-"
)

// Fields lists every field a -map file may name, in the order help shows.
var Fields = []Field{Title, Summary, Address, Commune, District, Province, Category, Rank, Recognized, Lat, Lng, Coords, ID, Number, Type, Border, Year}

// headers are the column names recognised without a -map file, written
// folded (see HeaderKey).
var headers = map[string]Field{
	"ten": Title, "ten di tich": Title, "ten dia diem": Title, "ten diem": Title, "ten moc": Title, "ten cot moc": Title,
	"title": Title, "name": Title,
	"tom tat": Summary, "mo ta": Summary, "mo ta ngan": Summary, "gioi thieu": Summary, "summary": Summary, "description": Summary, "desc": Summary,
	"dia chi": Address, "address": Address,
	"xa": Commune, "xa phuong": Commune, "phuong xa": Commune, "phuong": Commune, "xa phuong thi tran": Commune, "commune": Commune, "ward": Commune,
	"huyen": District, "quan huyen": District, "huyen thi": District, "huyen thi xa": District, "quan": District, "district": District,
	"tinh": Province, "tinh thanh": Province, "tinh thanh pho": Province, "tinh tp": Province, "province": Province,
	"loai hinh": Category, "loai hinh di tich": Category, "loai di tich": Category, "category": Category,
	"xep hang": Rank, "cap xep hang": Rank, "cap di tich": Rank, "hang": Rank, "rank": Rank, "ranking": Rank,
	"nam xep hang": Recognized, "nam cong nhan": Recognized, "recognized": Recognized, "year recognized": Recognized,
	"vi do": Lat, "lat": Lat, "latitude": Lat,
	"kinh do": Lng, "lng": Lng, "lon": Lng, "long": Lng, "longitude": Lng,
	"toa do": Coords, "vi tri": Coords, "location": Coords, "coordinates": Coords, "coords": Coords,
	"ma": ID, "ma so": ID, "ma di tich": ID, "id": ID, "code": ID,
	"so moc": Number, "so hieu": Number, "so hieu moc": Number, "number": Number, "marker number": Number,
	"loai moc": Type, "marker type": Type,
	"bien gioi": Border, "tuyen bien gioi": Border, "border": Border,
	"nam cam moc": Year, "year": Year,
	"stt": Ignore, "tt": Ignore, "so tt": Ignore, "so thu tu": Ignore,
}

// HeaderKey folds a column name for matching: tone marks dropped, đ → d,
// lowercase, a trailing "(…)" dropped ("Kinh độ (E)"), and every run of
// other characters one space. "Tên Di tích" and "ten  di-tich" match.
func HeaderKey(s string) string {
	s = content.Fold(s)
	if i := strings.IndexByte(s, '('); i > 0 {
		s = s[:i]
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// fieldFor finds the field of a header: the -map file first, then the
// built-in names.
func fieldFor(header string, m Mapping) (Field, bool) {
	k := HeaderKey(header)
	if f, ok := m[k]; ok {
		return f, true
	}
	f, ok := headers[k]
	return f, ok
}

// ParseField accepts a field name as a -map file writes it.
func ParseField(s string) (Field, bool) {
	if strings.TrimSpace(s) != "-" {
		s = HeaderKey(s)
	}
	switch strings.TrimSpace(s) {
	case "-", "ignore", "skip", "bo qua":
		return Ignore, true
	case "lon", "longitude":
		return Lng, true
	case "latitude":
		return Lat, true
	}
	for _, f := range Fields {
		if s == string(f) {
			return f, true
		}
	}
	return "", false
}

func fieldNames() string {
	names := make([]string, len(Fields))
	for i, f := range Fields {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}
