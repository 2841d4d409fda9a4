package importer

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/scaffold"
	"go.yaml.in/yaml/v3"
)

// Existing is what a site source already holds that an import must not
// collide with.
type Existing struct {
	// IDs maps every ID in use (entry files, drafts included, the ids.lock
	// ledger, site.yaml's retired IDs) to where it is used.
	IDs map[string]string
	// Folders holds every entry folder, "sites/dinh-phu-my", by its file.
	Folders map[string]string
	// Names maps an entry's name key (see nameKey) to its file.
	Names map[string]string
}

// LedgerFile is the printed-ID ledger (the site package's ids.lock): an ID
// listed there was printed, and is never given again.
const LedgerFile = "ids.lock"

// Scan reads what fsys (a site source) already holds. retired lists
// site.yaml's retired IDs.
func Scan(fsys fs.FS, retired []string) *Existing {
	ex := &Existing{IDs: scaffold.ScanIDs(fsys), Folders: map[string]string{}, Names: map[string]string{}}
	if b, err := fs.ReadFile(fsys, LedgerFile); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(b))
		for n := 1; sc.Scan(); n++ {
			f := strings.Fields(sc.Text())
			if len(f) > 0 && !strings.HasPrefix(f[0], "#") && ex.IDs[f[0]] == "" {
				ex.IDs[f[0]] = LedgerFile + ":" + strconv.Itoa(n)
			}
		}
	}
	for _, id := range retired {
		if ex.IDs[id] == "" {
			ex.IDs[id] = "site.yaml (retired)"
		}
	}
	for _, k := range content.Kinds {
		dirs, _ := fs.ReadDir(fsys, path.Join(content.Dir, string(k)))
		for _, d := range dirs {
			if !d.IsDir() {
				continue
			}
			dir := path.Join(content.Dir, string(k), d.Name())
			ex.Folders[path.Join(string(k), d.Name())] = dir + "/"
			files, _ := fs.ReadDir(fsys, dir)
			for _, f := range files {
				if !strings.HasPrefix(f.Name(), "index.") || !strings.HasSuffix(f.Name(), ".md") {
					continue
				}
				p := path.Join(dir, f.Name())
				raw, err := fs.ReadFile(fsys, p)
				if err != nil || len(raw) > content.MaxFileSize {
					continue
				}
				src, _, _ := content.Normalize(raw)
				front, _, _, ok := content.SplitFrontMatter(src)
				var fm struct{ Title, Province, District string }
				if !ok || yaml.Unmarshal(front, &fm) != nil || fm.Title == "" {
					continue
				}
				key := nameKey(k, fm.Title, fm.Province, fm.District)
				if ex.Names[key] == "" {
					ex.Names[key] = p
				}
			}
		}
	}
	return ex
}

// nameKey is what makes two entries the same place: the same kind, and the
// same name in the same province and district, tone marks and case aside.
// Two "Đình Tân Phú" in different districts are different entries; in the
// same district they are one entry imported twice.
func nameKey(k content.Kind, title, province, district string) string {
	return string(k) + "|" + HeaderKey(title) + "|" + HeaderKey(province) + "|" + HeaderKey(district)
}

// Planned is an entry with its ID and file.
type Planned struct {
	Entry
	// File is the entry's file, slash path relative to the site source.
	File string
}

// Plan gives each entry its folder (from its name) and its ID (its own,
// or the next free prefix-NNN), in order. An entry whose folder, ID or
// name key is already taken, in the site or by an earlier entry, is a
// duplicate: it is reported as a warning at its row and left out. It
// returns the entries to write and the number of duplicates.
func Plan(entries []Entry, ex *Existing, prefix, lang string, diags *diag.List) ([]Planned, int, error) {
	used := map[string]string{}
	for id, at := range ex.IDs {
		used[id] = at
	}
	folders := map[string]string{}
	for f, at := range ex.Folders {
		folders[f] = at
	}
	names := map[string]string{}
	for n, at := range ex.Names {
		names[n] = at
	}
	// An ID a row gives itself is reserved first, so that the numbering of
	// the rows before it does not take it.
	own := map[string]diag.Position{}
	for _, e := range entries {
		if _, seen := own[e.ID]; e.ID != "" && !seen {
			own[e.ID] = e.Pos
		}
	}
	var out []Planned
	dups := 0
	for _, e := range entries {
		slug := content.Slugify(e.Title)
		folder := path.Join(string(e.Kind), slug)
		key := nameKey(e.Kind, e.Title, e.Province, e.District)
		dup := func(format string, args ...any) {
			dups++
			diags.Warnf(e.Pos, "duplicate, not written: "+format, args...)
		}
		if at, ok := used[e.ID]; e.ID != "" && ok {
			dup("ID %s is already used by %s", e.ID, at)
			continue
		}
		if at, ok := names[key]; ok {
			dup("%q%s is already imported as %s", e.Title, place(e), at)
			continue
		}
		if at, ok := folders[folder]; ok {
			dup("the folder content/%s/ for %q is already taken by %s (add a word to the name, e.g. the commune, to tell them apart)", folder, e.Title, at)
			continue
		}
		id := e.ID
		if id == "" {
			if prefix == "" {
				return nil, dups, fmt.Errorf("cannot number the entries: site.yaml has no idPrefix; add a line such as idPrefix: NT, or give each row an ID in a column Mã")
			}
			ids := make([]string, 0, len(used)+len(own))
			for k := range used {
				ids = append(ids, k)
			}
			for k := range own {
				ids = append(ids, k)
			}
			next, err := scaffold.NextID(prefix, ids)
			if err != nil {
				return nil, dups, err
			}
			id = next
		}
		e.ID = id
		file := path.Join(content.Dir, folder, "index."+lang+".md")
		at := fmt.Sprintf("%s (%s)", file, e.Pos)
		used[id], folders[folder], names[key] = at, at, at
		out = append(out, Planned{Entry: e, File: file})
	}
	return out, dups, nil
}

func place(e Entry) string {
	var p []string
	for _, s := range []string{e.District, e.Province} {
		if s != "" {
			p = append(p, s)
		}
	}
	if len(p) == 0 {
		return ""
	}
	return " in " + strings.Join(p, ", ")
}

// Render writes an entry's file: front matter in the order `diachido new`
// writes it, only the fields the row gave (blanks for the required
// summary and location, which check then points at), an empty body, and
// draft: true so that nothing is published before a person has read it.
func Render(p Planned) []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	q := strconv.Quote
	w("---")
	from := diag.Position{File: filepath.Base(p.Pos.File), Line: p.Pos.Line}
	w("# Nhập từ %s / Imported from %s", from, from)
	w("# Mã cố định in trên bảng QR: không bao giờ đổi hay dùng lại / Permanent code printed on the placard: never change or reuse it")
	w("id: %s", p.ID)
	w("title: %s", q(p.Title))
	w("# Tóm tắt 1–2 câu (tối đa 300 ký tự), bắt buộc / One or two sentences, max 300 characters, required")
	w("summary: %s", q(p.Summary))
	w("location:")
	if p.HasLoc {
		w("  lat: %s", strconv.FormatFloat(p.Lat, 'f', -1, 64))
		w("  lng: %s", strconv.FormatFloat(p.Lng, 'f', -1, 64))
	} else {
		w("  lat:    # vĩ độ, ví dụ 10.7251 / latitude, e.g. 10.7251")
		w("  lng:    # kinh độ, ví dụ 106.8823 / longitude, e.g. 106.8823")
	}
	str := func(k, v string) {
		if v != "" {
			w("%s: %s", k, q(v))
		}
	}
	str("address", p.Address)
	str("province", p.Province)
	str("district", p.District)
	if p.Category != "" {
		w("category: %s", p.Category)
	}
	if p.Rank != "" {
		w("rank: %s", p.Rank)
	}
	if p.Year != 0 {
		w("recognized: %d", p.Year)
	}
	if m := p.Marker; m != nil {
		w("marker:")
		w("  number: %s", q(m.Number))
		w("  type: %s", m.Type)
		w("  border: %s", m.Border)
		if m.Year != 0 {
			w("  year: %d", m.Year)
		}
	}
	w("")
	w("# BẢN NHÁP: bài chưa được đăng. XÓA dòng này khi bài đã sẵn sàng / DRAFT: not published. DELETE this line when the entry is ready")
	w("draft: true")
	w("---")
	return []byte(b.String())
}
