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
		"Validates the site in -source exactly as build does (every field, link and\npage), and prints every problem as path:line: message. Writes nothing.",
		"diachido check -source .", stderr)
	source := fs.String("source", ".", "site source folder (holds site.yaml and content/)")
	drafts := fs.Bool("drafts", false, "also check entries marked draft: true")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	var diags diag.List
	st, err := site.Check(*source, site.LoadOptions{Drafts: *drafts}, &diags)
	report(stderr, &diags)
	switch {
	case errors.Is(err, site.ErrContent):
		fmt.Fprintf(stderr, "diachido check: %s, %s\n", plural(diags.Count(diag.Error), "error", "errors"), plural(diags.Count(diag.Warning), "warning", "warnings"))
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "diachido check: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "ok: %s, %s, %s\n", plural(st.Entries, "entry", "entries"), plural(st.Pages, "page", "pages"), plural(diags.Count(diag.Warning), "warning", "warnings"))
	return 0
}
