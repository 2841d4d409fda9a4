package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/importer"
)

const importSynopsis = `Turns a spreadsheet (.csv saved from Excel, .xlsx) or a GPS file (.kml,
.gpx, .geojson) into draft entries: one entry per row, placemark or
waypoint, each with the next free ID, a folder named after it, an empty
text and draft: true. Headers are recognised in Vietnamese or English
(Tên, Địa chỉ, Xã, Huyện, Tỉnh, Loại hình, Xếp hạng, Năm xếp hạng, Vĩ độ,
Kinh độ or Tọa độ, Tóm tắt, Mã). A bad row is reported as file:row and
not written; an entry already in the site is never overwritten.`

func cmdImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("import", importSynopsis, "", stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: diachido import FILE… [flags]\n\n%s\n\nFlags:\n", importSynopsis)
		fs.PrintDefaults()
		fmt.Fprintf(stderr, "\nExamples:\n  diachido import di-tich.xlsx -dry-run\n  diachido import di-tich.csv\n  diachido import khao-sat.kml -kind marker -border VN-LA\n\nA -map file names your other headers, one per line:\n  \"Tên cơ sở\": title\n  \"Ghi chú\": ignore\nFields: %s\n", fieldList())
	}
	source := fs.String("source", ".", "site source folder (holds site.yaml and content/)")
	kindName := fs.String("kind", "site", "what each row is: site or marker")
	border := fs.String("border", "", "for markers: the border, two ISO 3166 codes, e.g. VN-LA (Laos), VN-KH, VN-CN")
	mapFile := fs.String("map", "", "a YAML file mapping other header names to fields")
	dry := fs.Bool("dry-run", false, "report what would be written, and write nothing")
	files, code := parseInterleaved(fs, args)
	if code >= 0 {
		return code
	}
	if len(files) == 0 {
		fmt.Fprintf(stderr, "diachido import: name the file to import: diachido import di-tich.xlsx\n")
		return 2
	}
	kind, ok := content.Kind(""), false
	switch strings.ToLower(strings.TrimSpace(*kindName)) {
	case "site", "sites":
		kind, ok = content.Site, true
	case "marker", "markers":
		kind, ok = content.Marker, true
	}
	if !ok {
		fmt.Fprintf(stderr, "diachido import: -kind %q: use site or marker\n", *kindName)
		return 2
	}
	*border = strings.ToUpper(strings.TrimSpace(*border))
	if *border != "" {
		if kind != content.Marker {
			fmt.Fprintf(stderr, "diachido import: -border is for markers: add -kind marker\n")
			return 2
		}
		if msg := importer.CheckBorder(*border); msg != "" {
			fmt.Fprintf(stderr, "diachido import: -%s\n", msg)
			return 2
		}
	}

	src, cfg, ok := loadConfig("import", *source, stderr)
	if !ok {
		return 1
	}
	var diags diag.List

	var mapping importer.Mapping
	if *mapFile != "" {
		b, err := os.ReadFile(*mapFile)
		if err != nil {
			fmt.Fprintf(stderr, "diachido import: cannot read -map file: %v\n", err)
			return 1
		}
		mapping = importer.ParseMapping(*mapFile, b, &diags)
		if diags.HasErrors() {
			report(stderr, &diags)
			return 1
		}
	}

	opts := importer.Options{Kind: kind, Border: *border}
	var entries []importer.Entry
	bad := 0
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			diags.Errorf(diag.Position{File: name}, "cannot read: %v", errors.Unwrap(err))
			continue
		}
		for _, r := range importer.Read(name, b, mapping, &diags) {
			e, ok := importer.Convert(r, opts, &diags)
			if !ok {
				bad++
				continue
			}
			entries = append(entries, e)
		}
	}

	retired := make([]string, 0, len(cfg.Retired))
	for id := range cfg.Retired {
		retired = append(retired, id)
	}
	slices.Sort(retired)
	planned, dups, err := importer.Plan(entries, importer.Scan(src, retired), cfg.IDPrefix, cfg.Default().Code, &diags)
	if err != nil {
		report(stderr, &diags)
		fmt.Fprintf(stderr, "diachido import: %v\n", err)
		return 1
	}

	var done []string
	for _, p := range planned {
		file := filepath.Join(*source, filepath.FromSlash(p.File))
		if *dry {
			done = append(done, fmt.Sprintf("would write %s (ID %s, %s)", file, p.ID, p.Pos))
			continue
		}
		switch err := writeNew(file, importer.Render(p)); {
		case errors.Is(err, os.ErrExist):
			dups++
			diags.Warnf(p.Pos, "duplicate, not written: %s already exists", filepath.Dir(file))
		case err != nil:
			diags.Errorf(p.Pos, "cannot write %s: %v", file, err)
		default:
			done = append(done, fmt.Sprintf("wrote %s (ID %s, draft, from %s)", file, p.ID, p.Pos))
		}
	}
	report(stderr, &diags)
	for _, l := range done {
		fmt.Fprintln(stdout, l)
	}
	verb := "written"
	if *dry {
		verb = "would be written (dry run: nothing was written)"
	}
	fmt.Fprintf(stdout, "\n%s %s, %s skipped (bad rows, see above), %s (not written)\n",
		plural(len(done), "entry", "entries"), verb, plural(bad, "row", "rows"), plural(dups, "duplicate", "duplicates"))
	if len(done) > 0 && !*dry {
		checkCmd := "diachido check -drafts"
		if *source != "." {
			checkCmd += " -source " + *source
		}
		fmt.Fprintf(stdout, "Next: read each new draft, add its text, run %s, then delete the line draft: true to publish it.\n", checkCmd)
	}
	if diags.HasErrors() {
		return 1
	}
	return 0
}

// writeNew creates file and its folder, failing with os.ErrExist if the
// folder is already there: nothing an editor wrote is ever touched.
func writeNew(file string, data []byte) error {
	dir := filepath.Dir(file)
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		_ = os.Remove(dir)
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.RemoveAll(dir)
	}
	return err
}

func fieldList() string {
	var names []string
	for _, f := range importer.Fields {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}
