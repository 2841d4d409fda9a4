package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/generator/site"
)

func cmdBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build",
		"Builds the site in -source into -output. The new site replaces the old one only\nwhen the whole build succeeds; on any content error nothing is changed.",
		"diachido build -source . -output output", stderr)
	source := fs.String("source", ".", "site source folder (holds site.yaml and content/)")
	out := fs.String("output", "output", "folder to build into (made by diachido, replaced whole)")
	drafts := fs.Bool("drafts", false, "include entries marked draft: true")
	baseURL := fs.String("base-url", "", "publish at this address instead of site.yaml's baseURL")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file (for performance work)")
	memProfile := fs.String("memprofile", "", "write a heap profile to this file, taken at the largest live heap of the build (for performance work)")
	noPlacards := fs.Bool("no-placards", false, "skip placard PDFs (a faster HTML-only build)")
	cacheDir := fs.String("cache-dir", "auto", `folder kept between builds for placards and photos ("off" to disable)`)
	if code := parse(fs, args); code >= 0 {
		return code
	}
	created, err := createdDate()
	if err != nil {
		fmt.Fprintf(stderr, "diachido build: %v\n", err)
		return 2
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "diachido build: %v\n", err)
			return 2
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "diachido build: %v\n", err)
			return 2
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		defer peakHeapProfile(*memProfile, stderr)()
	}
	defer tuneGC()()
	start := time.Now()
	progress := &site.Progress{}
	stop := showProgress(stderr, progress, start)
	var diags diag.List
	st, err := site.Build(site.BuildOptions{Source: *source, Output: *out, Drafts: *drafts, BaseURL: *baseURL, CacheDir: cacheFlag(*cacheDir, *source), Created: created, NoPlacards: *noPlacards, Progress: progress}, &diags)
	stop()
	report(stderr, &diags)
	var guard *output.GuardError
	switch {
	case errors.As(err, &guard):
		fmt.Fprintf(stderr, "diachido build: %v\n", err)
		return 2
	case errors.Is(err, site.ErrContent):
		fmt.Fprintf(stderr, "diachido build: %s; nothing was written (%s is unchanged)\n", plural(diags.Count(diag.Error), "error", "errors"), *out)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "diachido build: %v; %s is unchanged\n", err, *out)
		return 1
	}
	if st.UpToDate {
		fmt.Fprintf(stdout, "%s/ is up to date: nothing changed since the last build (%s)\n", trimSlash(*out), time.Since(start).Round(time.Millisecond))
		return 0
	}
	fmt.Fprintf(stdout, "built %s (%s) in %s and %s into %s/ in %s\n",
		plural(st.Pages, "page", "pages"), plural(st.Entries, "entry", "entries"),
		plural(st.Languages, "language", "languages"), plural(st.Placards, "placard PDF", "placard PDFs"),
		trimSlash(*out), time.Since(start).Round(time.Millisecond))
	if st.Kept > 0 {
		fmt.Fprintf(stdout, "%s changed; %s unchanged since the last build (kept as they were, so an upload of the changes is small)\n",
			plural(int(st.Written), "file", "files"), plural(int(st.Kept), "file", "files"))
	}
	if len(st.NewIDs) > 0 {
		ids := st.NewIDs
		more := ""
		if len(ids) > 10 {
			more = fmt.Sprintf(" and %d more", len(ids)-10)
			ids = ids[:10]
		}
		fmt.Fprintf(stdout, "recorded %s in %s: %s%s (commit it with the content)\n", plural(len(st.NewIDs), "new ID", "new IDs"), site.LedgerFile, strings.Join(ids, ", "), more)
	}
	return 0
}

// showProgress prints a line every few seconds while a build takes longer
// than a couple of seconds (pages and placards written so far), so a long
// national build is visibly alive. It returns a function that stops it.
func showProgress(w io.Writer, p *site.Progress, start time.Time) func() {
	return every(3*time.Second, func() {
		n, total, pl, pls := p.Counts()
		if total == 0 {
			fmt.Fprintf(w, "building: loading and checking the content (%s)\n", time.Since(start).Round(time.Second))
			return
		}
		line := fmt.Sprintf("building: %d of %d files written", n, total)
		if pls > 0 {
			line += fmt.Sprintf(", %d of %d placards", pl, pls)
		}
		fmt.Fprintf(w, "%s (%s)\n", line, time.Since(start).Round(time.Second))
	})
}
