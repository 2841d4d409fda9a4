package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/site"
)

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check",
		"Validates the site in -source exactly as build does (every field, link and\npage), and prints every problem as path:line: message. Writes nothing.\nWarnings (missing translations, heavy photos, no sources, old facts...) do not\nfail the check unless -strict is given. Under GITHUB_ACTIONS=true problems are\nalso printed as GitHub annotations, so they show on the lines of a pull request.",
		"diachido check -source . -strict", stderr)
	source := fs.String("source", ".", "site source folder (holds site.yaml and content/)")
	drafts := fs.Bool("drafts", false, "also check entries marked draft: true")
	strict := fs.Bool("strict", false, "fail on warnings too")
	format := fs.String("format", "text", "output format: text or json")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "diachido check: -format must be text or json, not %q\n", *format)
		return 2
	}
	defer tuneGC()()
	var diags diag.List
	st, err := site.Check(*source, site.LoadOptions{Drafts: *drafts, NoPlacards: true, StaleTranslations: true}, &diags)
	if *format == "json" {
		reportJSON(stdout, &diags)
	} else {
		report(stderr, &diags)
	}
	failed := errors.Is(err, site.ErrContent) || (*strict && diags.Count(diag.Warning) > 0)
	summary := fmt.Sprintf("%s, %s", plural(diags.Count(diag.Error), "error", "errors"), plural(diags.Count(diag.Warning), "warning", "warnings"))
	switch {
	case err != nil && !errors.Is(err, site.ErrContent):
		fmt.Fprintf(stderr, "diachido check: %v\n", err)
		return 1
	case failed:
		if *format == "text" {
			fmt.Fprintf(stderr, "diachido check: %s\n", summary)
		}
		return 1
	}
	if *format == "text" {
		fmt.Fprintf(stdout, "ok: %s, %s, %s\n", plural(st.Entries, "entry", "entries"), plural(st.Pages, "page", "pages"), plural(diags.Count(diag.Warning), "warning", "warnings"))
	}
	return 0
}
