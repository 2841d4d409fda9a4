package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/diachido/diachido/generator/diag"
	reports "github.com/diachido/diachido/generator/report"
)

// listFlag is a flag that may be given more than once.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

func cmdReport(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("report",
		"Counts, per placard and per month, the scans of its QR code (/p/<ID>/) in web\nserver access logs (nginx, Apache, Caddy: combined format, plain or gzipped)\nor a GoatCounter CSV export, the views of entry pages, and codes the guide does\nnot have; and measures how complete the guide is (photos, audio, sources,\ntranslations, placards installed and checked), per kind and province. Bots and\nHEAD requests are not counted; no IP address or user agent is ever written.\nA line that cannot be read is printed as file:line: message and the rest is\nstill counted. -output writes the file only when the report succeeded.",
		`diachido report -log '/var/log/nginx/access.log*' -format html -output reports/2026-11.html`, stderr)
	source := fs.String("source", ".", "site source folder (holds site.yaml and content/)")
	var logs, goat listFlag
	fs.Var(&logs, "log", "an access log, or a pattern such as 'access.log*' (quote it); may be repeated")
	fs.Var(&goat, "goatcounter", "a GoatCounter CSV export (.csv or .csv.gz); may be repeated")
	since := fs.String("since", "", "count only from this month on, written 2026-01")
	format := fs.String("format", "text", "output format: text, json or html")
	output := fs.String("output", "", "write to this file instead of the terminal (replaced only when the report succeeds)")
	lang := fs.String("lang", "", "language of the html report: vi or en (default: the site's first language)")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	switch *format {
	case "text", "json", "html":
	default:
		fmt.Fprintf(stderr, "diachido report: -format must be text, json or html, not %q\n", *format)
		return 2
	}
	if *since != "" {
		if _, err := time.Parse("2006-01", *since); err != nil {
			fmt.Fprintf(stderr, "diachido report: -since %q must be a month written 2026-01\n", *since)
			return 2
		}
	}
	if *lang != "" && *lang != "vi" && *lang != "en" {
		fmt.Fprintf(stderr, "diachido report: -lang must be vi or en, not %q\n", *lang)
		return 2
	}

	var problems []reports.Problem
	expand := func(patterns []string) []string {
		var out []string
		for _, p := range patterns {
			if !strings.ContainsAny(p, "*?[") {
				out = append(out, p)
				continue
			}
			matches, err := filepath.Glob(p)
			if err != nil || len(matches) == 0 {
				problems = append(problems, reports.Problem{File: p, Message: "no file matches this pattern"})
			}
			out = append(out, matches...)
		}
		return out
	}
	opts := reports.Options{Source: *source, Logs: expand(logs), GoatCounter: expand(goat), Since: *since}

	var diags diag.List
	r, err := reports.Make(opts, &diags)
	if r != nil {
		problems = append(problems, r.Problems...)
	}
	for _, p := range problems {
		fmt.Fprintln(stderr, p.String())
	}
	switch {
	case errors.Is(err, reports.ErrContent):
		report(stderr, &diags)
		fmt.Fprintf(stderr, "diachido report: %s in the site source; nothing was written\n", plural(diags.Count(diag.Error), "error", "errors"))
		return 1
	case errors.Is(err, reports.ErrNothingRead) || (err == nil && len(logs)+len(goat) > 0 && len(opts.Logs)+len(opts.GoatCounter) == 0):
		fmt.Fprintf(stderr, "diachido report: none of the logs or exports could be read; nothing was written\n")
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "diachido report: %v\n", err)
		return 1
	}

	var buf bytes.Buffer
	switch *format {
	case "json":
		err = r.WriteJSON(&buf)
	case "html":
		err = r.WriteHTML(&buf, *lang)
	default:
		err = r.WriteText(&buf)
	}
	if err != nil {
		fmt.Fprintf(stderr, "diachido report: %v\n", err)
		return 1
	}
	if *output == "" {
		stdout.Write(buf.Bytes())
		return 0
	}
	if err := writeAtomic(*output, buf.Bytes()); err != nil {
		fmt.Fprintf(stderr, "diachido report: %v\n", err)
		return 1
	}
	total := 0
	for _, c := range r.Scans {
		total += c.Total
	}
	fmt.Fprintf(stdout, "wrote %s: %s of %s, %s read\n", *output, plural(total, "scan", "scans"), plural(len(r.Scans), "placard", "placards"), plural(r.Lines, "line", "lines"))
	return 0
}

// writeAtomic writes data to name through a temporary file in the same
// folder and one rename, so that a reader (or a failed run) never sees a
// half-written report. The folder is made if missing (reports/).
func writeAtomic(name string, data []byte) error {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("cannot write %s: %w", name, err)
	}
	return nil
}
