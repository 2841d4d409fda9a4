package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/diachido/diachido/internal/browsertest"
	"github.com/diachido/diachido/internal/testsite"
)

// reportSite is a guide with a site, two markers in a province with a
// long name, a tour, and a retired ID.
const reportSite = testsite.Config + `retired:
  NT-009: {replacedBy: NT-001}
-- content/sites/den-a/index.vi.md --
---
id: NT-001
title: Khu di tích lịch sử cách mạng Đền thờ liệt sĩ xã Phước Thiền
summary: Một ngôi đền.
province: Đồng Nai
location: {lat: 10.7, lng: 106.8}
updated: 2026-10-02
sources: [{title: Sở VHTTDL}]
placard: {installed: 2026-03-26, checked: 2026-11-01, location: cổng chính}
---
Văn bản.
-- content/sites/den-a/index.en.md --
---
title: Temple A
summary: A temple.
updated: 2026-01-01
---
Text.
-- content/markers/moc-1/index.vi.md --
---
id: NT-002
title: Mốc 1
summary: Một cột mốc.
province: Thừa Thiên Huế và vùng biên giới Việt Nam – Lào rất dài
location: {lat: 16.7, lng: 106.5}
marker: {number: "1", type: main, border: VN-LA}
---
Văn bản.
-- content/markers/moc-2/index.vi.md --
---
id: NT-003
title: Mốc 2 có một cái tên rất dài không ngắt được Abcdefghijklmnopqrstuvwxyzabcdefghijkl
summary: Một cột mốc chưa ai quét.
province: Thừa Thiên Huế và vùng biên giới Việt Nam – Lào rất dài
location: {lat: 16.8, lng: 106.5}
marker: {number: "2", type: main, border: VN-LA}
placard: {installed: 2025-01-10, location: "bên đường tỉnh lộ 25B, cách ngã ba 200 m"}
---
Văn bản.
-- content/tours/tuyen/index.vi.md --
---
id: NT-004
title: Tuyến
summary: Một tuyến.
stops: [NT-001, NT-002]
---
Văn bản.
`

const reportUA = "Mozilla/5.0 (Linux; Android 13; SM-A146P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"

// reportLog is a year of scans, a few a month, from 198.51.100.x.
func reportLog() string {
	var b strings.Builder
	for m := 1; m <= 11; m++ {
		at := time.Date(2026, time.Month(m), 10, 9, 0, 0, 0, time.FixedZone("", 7*3600))
		for i := 0; i < m; i++ {
			fmt.Fprintf(&b, "198.51.100.%d - - [%s] \"GET /p/NT-001/ HTTP/1.1\" 200 900 \"-\" \"%s\"\n", i, at.Add(time.Duration(i)*time.Minute).Format("02/Jan/2006:15:04:05 -0700"), reportUA)
		}
		fmt.Fprintf(&b, "198.51.100.99 - - [%s] \"GET /p/NT-002/ HTTP/1.1\" 200 900 \"-\" \"%s\"\n", at.Format("02/Jan/2006:15:04:05 -0700"), reportUA)
		fmt.Fprintf(&b, "198.51.100.98 - - [%s] \"GET /vi/sites/den-a/ HTTP/1.1\" 200 900 \"-\" \"%s\"\n", at.Format("02/Jan/2006:15:04:05 -0700"), reportUA)
	}
	fmt.Fprintf(&b, "198.51.100.97 - - [01/Nov/2026:10:00:00 +0700] \"GET /p/NT-777/ HTTP/1.1\" 404 100 \"-\" \"%s\"\n", reportUA)
	fmt.Fprintf(&b, "198.51.100.97 - - [01/Nov/2026:10:00:00 +0700] \"GET /p/NT-009/ HTTP/1.1\" 200 100 \"-\" \"%s\"\n", reportUA)
	return b.String()
}

func TestReportCommand(t *testing.T) {
	src := testsite.Dir(t, testsite.Parse(reportSite))
	logs := t.TempDir()
	testsite.Write(t, logs, map[string]string{"access.log": reportLog(), "access.log.1": "not a log line\n"})
	out := filepath.Join(t.TempDir(), "reports", "scans.json")

	code, stdout, stderr := runCLI("report", "-source", src, "-log", filepath.Join(logs, "access.log*"), "-format", "json", "-output", out)
	if code != 0 || !strings.HasPrefix(stdout, "wrote "+out) {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if want := filepath.Join(logs, "access.log.1") + ":1: no [time] field"; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Scans map[string]struct {
			Total  int            `json:"total"`
			Months map[string]int `json:"months"`
		} `json:"scans"`
		Unknown  map[string]struct{ Total int } `json:"unknown"`
		Retired  []string                       `json:"retired"`
		Period   struct{ From, To string }      `json:"period"`
		Coverage map[string]json.RawMessage     `json:"coverage"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Scans["NT-001"].Total != 66 || got.Scans["NT-001"].Months["2026-11"] != 11 || got.Scans["NT-002"].Total != 11 ||
		got.Unknown["NT-777"].Total != 1 || len(got.Retired) != 1 || got.Period.From != "2026-01" || got.Period.To != "2026-11" || got.Coverage["kinds"] == nil {
		t.Errorf("json:\n%s", b)
	}
	if strings.Contains(string(b), "198.51.100") || strings.Contains(string(b), "Mozilla") {
		t.Error("the report holds an address or a user agent")
	}

	// A failed report leaves the previous file as it was.
	code, _, stderr = runCLI("report", "-source", src, "-log", filepath.Join(logs, "missing.log"), "-format", "json", "-output", out)
	if code != 1 || !strings.Contains(stderr, "missing.log: cannot open") || !strings.Contains(stderr, "nothing was written") {
		t.Errorf("a missing log: exit %d\n%s", code, stderr)
	}
	if after, _ := os.ReadFile(out); string(after) != string(b) {
		t.Error("a failed report changed the previous file")
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}

	// The terminal table.
	code, stdout, _ = runCLI("report", "-source", src, "-log", filepath.Join(logs, "access.log"))
	for _, want := range []string{"Scans per placard", "NT-001", "retired", "Never scanned (1): NT-003", "Unknown IDs", "NT-777", "Coverage on ", "Translations older than their text (1)"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("text lacks %q (exit %d):\n%s", want, code, stdout)
		}
	}

	// Misuse.
	for _, args := range [][]string{{"-format", "pdf"}, {"-since", "2026"}, {"-lang", "fr"}, {"extra"}} {
		if code, _, _ := runCLI(append([]string{"report", "-source", src}, args...)...); code != 2 {
			t.Errorf("report %v: exit %d, want 2", args, code)
		}
	}
	if code, _, stderr := runCLI("report", "-h"); code != 0 || !strings.Contains(stderr, "Example:") || !strings.Contains(stderr, "-goatcounter") {
		t.Errorf("report -h: exit %d\n%s", code, stderr)
	}
	// Content errors in the source: exit 1, with path:line.
	testsite.EditFile(t, src, "content/sites/den-a/index.vi.md", "lat: 10.7", "lat: 100.7")
	if code, _, stderr := runCLI("report", "-source", src); code != 1 || !strings.Contains(stderr, "content/sites/den-a/index.vi.md:") {
		t.Errorf("content error: exit %d\n%s", code, stderr)
	}
}

// The HTML report is one page that needs nothing else (no request leaves
// it), fits a 360 px phone and a desktop without sideways scroll, and its
// charts are SVG a screen reader can read: a title, a description and
// text labels.
func TestReportHTMLInABrowser(t *testing.T) {
	src := testsite.Dir(t, testsite.Parse(reportSite))
	logs := testsite.Dir(t, map[string]string{"access.log": reportLog()})
	site := t.TempDir()
	for _, lang := range []string{"vi", "en"} {
		code, _, stderr := runCLI("report", "-source", src, "-log", filepath.Join(logs, "access.log"), "-format", "html", "-lang", lang, "-output", filepath.Join(site, lang+".html"))
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
	}
	page, _ := os.ReadFile(filepath.Join(site, "vi.html"))
	for _, bad := range []string{"<script", "<link", "src=", "198.51.100", "Mozilla"} {
		if strings.Contains(string(page), bad) {
			t.Errorf("the report holds %q", bad)
		}
	}
	b := browsertest.New(t)
	base := browsertest.Serve(t, site)
	for _, tc := range []struct {
		name   string
		width  int
		lang   string
		viewer chromedp.Action
	}{
		{"phone", 360, "vi", browsertest.Phone()},
		{"desktop", 1280, "en", chromedp.EmulateViewport(1280, 900)},
	} {
		var scroll, inner, charts, labelled int
		var heading string
		b.Run(t, tc.viewer, chromedp.Navigate(base+tc.lang+".html"),
			chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll),
			chromedp.Evaluate(`window.innerWidth`, &inner),
			chromedp.Evaluate(`document.querySelectorAll('svg[role=img]').length`, &charts),
			chromedp.Evaluate(`[...document.querySelectorAll('svg[role=img]')].filter(s => s.querySelector('title') && s.querySelector('desc') && s.querySelectorAll('text').length > 0 && s.nextElementSibling === null && s.closest('section').querySelector('table')).length`, &labelled),
			chromedp.Text("h1", &heading))
		if scroll > inner {
			t.Errorf("%s: the report scrolls sideways: %d px wide in %d px", tc.name, scroll, inner)
		}
		if charts < 4 || labelled != charts {
			t.Errorf("%s: %d charts, %d with a title, a description, text labels and a table", tc.name, charts, labelled)
		}
		want := map[string]string{"vi": "Báo cáo", "en": "results report"}[tc.lang]
		if !strings.Contains(heading, want) {
			t.Errorf("%s: heading %q", tc.name, heading)
		}
		if dir := os.Getenv("SHOTS"); dir != "" {
			var png []byte
			b.Run(t, chromedp.FullScreenshot(&png, 100))
			os.MkdirAll(dir, 0o755)
			os.WriteFile(filepath.Join(dir, "report-"+tc.name+".png"), png, 0o644)
		}
	}
	if out := b.Outside(); len(out) > 0 {
		t.Errorf("the report asked other hosts for %v", out)
	}
}
