package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/diachido/diachido/generator/cache"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/generator/site"
)

// createdDate is the date stamped into placards: SOURCE_DATE_EPOCH when set
// (the reproducible-builds convention), else the placard package's fixed
// date, never the clock.
func createdDate() (time.Time, error) {
	v := os.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", v)
	}
	return time.Unix(n, 0).UTC(), nil
}

// cacheFlag resolves -cache-dir: "auto" is the user's cache folder for
// this source, "" or "off" disables the cache.
func cacheFlag(v, source string) string {
	switch v {
	case "auto":
		return cache.Default(source)
	case "", "off":
		return ""
	}
	return v
}

func cmdPlacards(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("placards",
		"Regenerates only the QR placards (PDF) in an already built -output folder:\nevery placard, or those of the IDs named after the flags.",
		"diachido placards -source . -output output NT-001 NT-002", stderr)
	source := fs.String("source", ".", "site source folder (holds site.yaml and content/)")
	out := fs.String("output", "output", "built site folder to refresh")
	cacheDir := fs.String("cache-dir", "auto", `folder kept between builds for placards ("off" to disable)`)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	created, err := createdDate()
	if err != nil {
		fmt.Fprintf(stderr, "diachido placards: %v\n", err)
		return 2
	}
	defer tuneGC()() // as for build: a bounded heap, fewer collections
	start := time.Now()
	var diags diag.List
	st, err := site.Placards(site.BuildOptions{Source: *source, Output: *out, CacheDir: cacheFlag(*cacheDir, *source), Created: created}, fs.Args(), &diags)
	report(stderr, &diags)
	var guard *output.GuardError
	switch {
	case errors.As(err, &guard):
		fmt.Fprintf(stderr, "diachido placards: %v\n", err)
		return 2
	case errors.Is(err, site.ErrContent):
		fmt.Fprintf(stderr, "diachido placards: %s; nothing was written\n", plural(diags.Count(diag.Error), "error", "errors"))
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "diachido placards: %v\n", err)
		return 1
	}
	took := time.Since(start).Round(time.Millisecond)
	if st.UpToDate {
		fmt.Fprintf(stdout, "placards in %s/placards/ are up to date: the site was built from this source (%s)\n", trimSlash(*out), took)
		return 0
	}
	fmt.Fprintf(stdout, "rendered %s, wrote %d changed into %s/placards/ in %s\n", plural(st.Files, "file", "files"), st.Written, trimSlash(*out), took)
	return 0
}
