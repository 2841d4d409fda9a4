package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/diachido/diachido/generator/config"
	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/scaffold"
)

// now is the clock `new` dates entries with; tests replace it.
var now = time.Now

const newSynopsis = `Creates content/<kind>s/<slug>/index.<lang>.md with every field of the
content format explained, the next free ID (site.yaml idPrefix) and
draft: true, so that it is not published until you delete that line.
Never overwrites anything.`

func cmdNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", newSynopsis, "", stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: diachido new %s \"<title>\" [flags]\n\n%s\n\nFlags:\n", strings.Join(scaffold.KindNames(), "|"), newSynopsis)
		fs.PrintDefaults()
		fmt.Fprintf(stderr, "\nExamples:\n  diachido new site \"Đình Phước Thiền\"\n  diachido new marker \"Cột mốc 663\" -id QN-M663 -source ../my-guide\n")
	}
	source := fs.String("source", ".", "site source folder (holds site.yaml and content/)")
	id := fs.String("id", "", "the entry's ID (default: site.yaml idPrefix and the next free number, e.g. NT-005)")
	slug := fs.String("slug", "", "the folder name (default: made from the title, e.g. dinh-phuoc-thien)")
	pos, code := parseInterleaved(fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) == 0 {
		fmt.Fprintf(stderr, "diachido new: say what to create: diachido new %s \"<title>\"\n", strings.Join(scaffold.KindNames(), "|"))
		return 2
	}
	kind, ok := scaffold.ParseKind(pos[0])
	if !ok {
		fmt.Fprintf(stderr, "diachido new: unknown kind %q: use one of %s\n", pos[0], strings.Join(scaffold.KindNames(), ", "))
		return 2
	}
	if len(pos) > 2 {
		fmt.Fprintf(stderr, "diachido new: too many arguments; put the title in quotes: diachido new %s \"%s\"\n", pos[0], strings.Join(pos[1:], " "))
		return 2
	}
	if len(pos) < 2 || scaffold.CleanTitle(pos[1]) == "" {
		fmt.Fprintf(stderr, "diachido new: missing title: diachido new %s \"<title>\"\n", pos[0])
		return 2
	}
	title := pos[1]
	if *id != "" && !content.IDRe.MatchString(*id) {
		fmt.Fprintf(stderr, "diachido new: -id %q must be capital letters A-Z, digits and hyphens, at most 16 characters, e.g. NT-001\n", *id)
		return 2
	}
	if *slug != "" && !content.SlugRe.MatchString(*slug) {
		fmt.Fprintf(stderr, "diachido new: -slug %q must be lowercase letters a-z, digits and hyphens, e.g. %s\n", *slug, content.Slugify(*slug))
		return 2
	}

	src, cfg, ok := loadConfig("new", *source, stderr)
	if !ok {
		return 1
	}

	used := scaffold.ScanIDs(src)
	if *id == "" {
		if cfg.IDPrefix == "" {
			fmt.Fprintf(stderr, "diachido new: cannot number the new entry: %s has no idPrefix.\nAdd a line such as\n  idPrefix: NT\nto %s (IDs are then numbered NT-001, NT-002…), or give the ID yourself with -id NT-001\n",
				config.FileName, filepath.Join(*source, config.FileName))
			return 2
		}
		ids := make([]string, 0, len(used)+len(cfg.Retired))
		for k := range used {
			ids = append(ids, k)
		}
		for k := range cfg.Retired {
			ids = append(ids, k)
		}
		next, err := scaffold.NextID(cfg.IDPrefix, ids)
		if err != nil {
			fmt.Fprintf(stderr, "diachido new: %v\n", err)
			return 1
		}
		*id = next
	} else if f, taken := used[*id]; taken {
		fmt.Fprintf(stderr, "diachido new: ID %s is already used by %s: every entry needs its own ID\n", *id, filepath.Join(*source, filepath.FromSlash(f)))
		return 1
	} else if _, retired := cfg.Retired[*id]; retired {
		fmt.Fprintf(stderr, "diachido new: ID %s is retired in %s: a printed ID is never reused\n", *id, config.FileName)
		return 1
	}

	rel, data, err := scaffold.Render(scaffold.Entry{
		Kind: kind, Title: title, ID: *id, Slug: *slug, Lang: cfg.Default().Code, Today: now(),
	})
	if err != nil {
		fmt.Fprintf(stderr, "diachido new: %v\n", err)
		return 2
	}
	file := filepath.Join(*source, filepath.FromSlash(rel))
	dir := filepath.Dir(file)
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		fmt.Fprintf(stderr, "diachido new: %v\n", err)
		return 1
	}
	// Mkdir, not MkdirAll: it fails if the folder exists, so nothing an
	// editor wrote is ever touched.
	if err := os.Mkdir(dir, 0o755); err != nil {
		if errors.Is(err, os.ErrExist) {
			fmt.Fprintf(stderr, "diachido new: %s already exists; choose another title or -slug (nothing was changed)\n", dir)
		} else {
			fmt.Fprintf(stderr, "diachido new: %v\n", err)
		}
		return 1
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err == nil {
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		_ = os.RemoveAll(dir)
		fmt.Fprintf(stderr, "diachido new: %v\n", err)
		return 1
	}

	fmt.Fprintf(stdout, "created %s (ID %s, draft)\n\nNext steps:\n", file, *id)
	var fill []string
	fill = append(fill, "summary")
	switch kind {
	case content.Site:
		fill = append(fill, "location")
	case content.Marker:
		fill = append(fill, "location", "marker")
	case content.Tour:
		fill = append(fill, "stops")
	}
	checkCmd := "diachido check -drafts"
	serveCmd := "diachido serve"
	if *source != "." {
		checkCmd += " -source " + *source
		serveCmd += " -source " + *source
	}
	fmt.Fprintf(stdout, "  1. fill in %s, and write the text\n", joinAnd(fill))
	fmt.Fprintf(stdout, "  2. run %s (or preview with %s)\n", checkCmd, serveCmd)
	fmt.Fprintf(stdout, "  3. delete the line draft: true when the entry is ready to publish\n")
	return 0
}

// parseInterleaved parses flags that may come before, between or after the
// positional arguments (diachido new site "Title" -source x). It returns
// the positional arguments, and -1 to go on or an exit status.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, int) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, 0
			}
			return nil, 2
		}
		if fs.NArg() == 0 {
			return pos, -1
		}
		rest := fs.Args()
		// After "--" everything is positional.
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), -1
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func joinAnd(list []string) string {
	switch len(list) {
	case 0:
		return ""
	case 1:
		return list[0]
	}
	return strings.Join(list[:len(list)-1], ", ") + " and " + list[len(list)-1]
}

// loadConfig opens a site source folder and reads its site.yaml, for the
// commands that write into a source (new, import): on a missing folder or
// a site.yaml with errors it prints why, as cmd, and returns ok false.
func loadConfig(cmd, source string, stderr io.Writer) (fs.FS, *config.Site, bool) {
	if info, err := os.Stat(source); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "diachido %s: source folder %s not found\n", cmd, source)
		return nil, nil, false
	}
	src := os.DirFS(source)
	var diags diag.List
	cfg := config.Load(src, &diags)
	if cfg == nil || diags.HasErrors() {
		report(stderr, &diags)
		fmt.Fprintf(stderr, "diachido %s: fix %s first\n", cmd, filepath.Join(source, config.FileName))
		return nil, nil, false
	}
	return src, cfg, true
}
