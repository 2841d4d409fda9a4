package report_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/report"
	"github.com/diachido/diachido/internal/testsite"
)

// Site is a guide under a sub-path with two entries in two provinces and
// a retired ID.
const Site = `-- site.yaml --
baseURL: https://example.org/guide/
languages:
  - code: vi
    name: Tiếng Việt
    title: Địa chỉ đỏ thử
  - code: en
    name: English
    title: Test guide
organization: Đoàn thử
retired:
  NT-009: {replacedBy: NT-001}
-- content/sites/den-a/index.vi.md --
---
id: NT-001
title: Đền A
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
---
Text.
-- content/markers/moc-1/index.vi.md --
---
id: NT-002
title: Mốc 1
summary: Một cột mốc.
province: Quảng Trị
location: {lat: 16.7, lng: 106.5}
marker: {number: "1", type: main, border: VN-LA}
updated: 2020-01-01
---
Văn bản.
-- content/markers/moc-2/index.vi.md --
---
id: NT-003
title: Mốc 2
summary: Một cột mốc chưa ai quét.
province: Quảng Trị
location: {lat: 16.8, lng: 106.5}
marker: {number: "2", type: main, border: VN-LA}
placard: {installed: 2025-01-10, location: bên đường}
---
Văn bản.
`

const (
	phone  = "Mozilla/5.0 (Linux; Android 13; SM-A146P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"
	iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
	zalo   = "Mozilla/5.0 (iPhone; CPU iPhone OS 16_0_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Zalo iOS/502 ZaloTheme/light ZaloLanguage/vn"
)

func line(ip, at, method, target string, status int, ua string) string {
	return fmt.Sprintf("%s - - [%s] \"%s %s HTTP/1.1\" %d 512 \"-\" \"%s\"\n", ip, at, method, target, status, ua)
}

var now = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

func makeReport(t *testing.T, opts report.Options) *report.Report {
	t.Helper()
	if opts.Source == "" {
		opts.Source = testsite.Dir(t, testsite.Parse(Site))
	}
	opts.Now = now
	var diags diag.List
	r, err := report.Make(opts, &diags)
	if err != nil {
		t.Fatalf("Make: %v\n%s", err, diags.String())
	}
	return r
}

func counts(total int, months map[string]int) *report.Counts {
	return &report.Counts{Total: total, Months: months}
}

func TestScansFromAnAccessLog(t *testing.T) {
	dir := t.TempDir()
	log := strings.Join([]string{
		line("203.0.113.1", "05/Oct/2026:09:00:00 +0700", "GET", "/guide/p/NT-001/", 200, phone),
		// typed without the slash: the redirect and the page are one scan
		line("203.0.113.2", "05/Oct/2026:09:01:00 +0700", "GET", "/guide/p/NT-001", 301, iphone),
		line("203.0.113.2", "05/Oct/2026:09:01:01 +0700", "GET", "/guide/p/NT-001/", 200, iphone),
		// the same person an hour later: a second scan
		line("203.0.113.2", "05/Oct/2026:10:01:01 +0700", "GET", "/guide/p/NT-001/?utm=qr", 200, iphone),
		// percent-encoded, in November of the log's own time (still
		// October in UTC)
		line("203.0.113.3", "01/Nov/2026:00:30:00 +0700", "GET", "/guide/p/%4ET-001/", 200, phone),
		line("203.0.113.3", "01/Nov/2026:00:31:00 +0700", "GET", "/guide/p/NT-002/", 304, zalo),
		// not scans: HEAD, bots, a link preview, another path, an error
		line("203.0.113.4", "02/Nov/2026:08:00:00 +0700", "HEAD", "/guide/p/NT-001/", 200, phone),
		line("66.249.66.1", "02/Nov/2026:08:00:00 +0700", "GET", "/guide/p/NT-001/", 200, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
		line("173.252.1.1", "02/Nov/2026:08:00:00 +0700", "GET", "/guide/p/NT-001/", 200, "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"),
		line("120.138.1.1", "02/Nov/2026:08:00:00 +0700", "GET", "/guide/p/NT-001/", 200, "Zalo-Link-Preview/1.0"),
		line("198.51.100.1", "02/Nov/2026:08:00:00 +0700", "GET", "/guide/p/NT-001/", 200, "curl/8.5.0"),
		line("203.0.113.5", "02/Nov/2026:08:00:00 +0700", "GET", "/p/NT-001/", 404, phone),
		line("203.0.113.5", "02/Nov/2026:08:00:00 +0700", "GET", "/guide/p/NT-002/", 500, phone),
		"this is not a log line\n",
		// retired and unknown IDs
		line("203.0.113.6", "03/Nov/2026:08:00:00 +0700", "GET", "/guide/p/NT-009/", 200, phone),
		line("203.0.113.6", "03/Nov/2026:08:00:05 +0700", "GET", "/guide/p/NT-404/", 404, phone),
		line("203.0.113.6", "03/Nov/2026:08:00:06 +0700", "GET", "/guide/p/wp-login.php", 404, phone),
		// entry pages in both languages
		line("203.0.113.1", "05/Oct/2026:09:00:01 +0700", "GET", "/guide/vi/sites/den-a/", 200, phone),
		line("203.0.113.7", "03/Nov/2026:09:00:00 +0700", "GET", "/guide/en/sites/den-a/index.html", 200, phone),
		line("203.0.113.7", "03/Nov/2026:09:00:00 +0700", "GET", "/guide/en/markers/moc-1/", 404, phone),
		`203.0.113.8 - - [03/Nov/2026:09:00:00 +0700] "GET /guide/p/NT-002/ HTTP/1.1" 200 -`, // common log format: no user agent
	}, "")
	name := filepath.Join(dir, "access.log")
	if err := os.WriteFile(name, []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	r := makeReport(t, report.Options{Logs: []string{name}})

	wantScans := map[string]*report.Counts{
		"NT-001": counts(4, map[string]int{"2026-10": 3, "2026-11": 1}),
		"NT-002": counts(1, map[string]int{"2026-11": 1}),
		"NT-009": counts(1, map[string]int{"2026-11": 1}),
	}
	if !reflect.DeepEqual(r.Scans, wantScans) {
		t.Errorf("scans = %s", js(r.Scans))
	}
	if want := map[string]*report.Counts{"NT-404": counts(1, map[string]int{"2026-11": 1})}; !reflect.DeepEqual(r.Unknown, want) {
		t.Errorf("unknown = %s", js(r.Unknown))
	}
	if want := map[string]*report.Counts{"NT-001": counts(2, map[string]int{"2026-10": 1, "2026-11": 1})}; !reflect.DeepEqual(r.Views, want) {
		t.Errorf("views = %s", js(r.Views))
	}
	if !reflect.DeepEqual(r.Retired, []string{"NT-009"}) || r.Period != (report.Period{From: "2026-10", To: "2026-11"}) {
		t.Errorf("retired %v, period %v", r.Retired, r.Period)
	}
	if len(r.Problems) != 1 || r.Problems[0].String() != name+":14: no [time] field: not the combined log format" {
		t.Errorf("problems = %v", r.Problems)
	}

	// -since drops October.
	r = makeReport(t, report.Options{Logs: []string{name}, Since: "2026-11"})
	if r.Scans["NT-001"].Total != 1 || r.Period.From != "2026-11" {
		t.Errorf("since 2026-11: %s, period %v", js(r.Scans), r.Period)
	}

	// The JSON holds neither an address nor a user agent.
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"203.0.113", "Mozilla", "Googlebot", "iPhone"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("the JSON holds %q", secret)
		}
	}
}

func gz(t *testing.T, text string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(text))
	zw.Close()
	return b.Bytes()
}

// Rotated logs are read whether gzipped or not; a .gz that is not gzip is
// reported and skipped; a truncated gzip keeps what it holds; a bad line
// is reported with its number and the lines around it still count.
func TestRotatedAndBrokenLogs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cur := write("access.log", []byte(line("203.0.113.1", "05/Nov/2026:09:00:00 +0700", "GET", "/guide/p/NT-001/", 200, phone)+
		"203.0.113.1 - - [05/Nov/2026:09:00:00 +0700] \"GET /guide/p/NT-001/ HTTP/1.1\" two-hundred 5 \"-\" \"x\"\n"+
		line("203.0.113.1", "06/Nov/2026:09:00:00 +0700", "GET", "/guide/p/NT-002/", 200, phone)))
	write("access.log.1", []byte(line("203.0.113.1", "05/Oct/2026:09:00:00 +0700", "GET", "/guide/p/NT-001/", 200, phone)))
	write("access.log.2.gz", gz(t, line("203.0.113.1", "05/Sep/2026:09:00:00 +0700", "GET", "/guide/p/NT-001/", 200, phone)))
	fake := write("access.log.3.gz", []byte(line("203.0.113.1", "05/Aug/2026:09:00:00 +0700", "GET", "/guide/p/NT-001/", 200, phone)))
	whole := gz(t, strings.Repeat(line("203.0.113.9", "05/Jul/2026:09:00:00 +0700", "GET", "/guide/p/NT-003/", 200, phone), 2000))
	cut := write("old.log.gz", whole[:len(whole)*3/4])

	r := makeReport(t, report.Options{Logs: []string{cur, filepath.Join(dir, "access.log.1"), filepath.Join(dir, "access.log.2.gz"), fake, cut}})
	if got := r.Scans["NT-001"]; got == nil || !reflect.DeepEqual(got.Months, map[string]int{"2026-09": 1, "2026-10": 1, "2026-11": 1}) {
		t.Errorf("NT-001 = %s", js(got))
	}
	if got := r.Scans["NT-002"]; got == nil || got.Total != 1 {
		t.Errorf("NT-002 after a bad line = %s", js(got))
	}
	if got := r.Scans["NT-003"]; got == nil || got.Total < 1000 || got.Total >= 2000 {
		t.Errorf("NT-003 from a truncated gzip = %s", js(got))
	}
	var msgs []string
	for _, p := range r.Problems {
		msgs = append(msgs, p.String())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{
		cur + `:2: status "two-hundred" is not a number such as 200`,
		fake + ": not gzip",
		cut + ": the file ends early (a truncated gzip file?)",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
}

// Many bad lines in one file are folded after FoldAfter.
func TestBadLinesAreFolded(t *testing.T) {
	p := filepath.Join(t.TempDir(), "access.log")
	os.WriteFile(p, []byte(strings.Repeat("junk\n", 50)+line("203.0.113.1", "05/Nov/2026:09:00:00 +0700", "GET", "/guide/p/NT-001/", 200, phone)), 0o644)
	r := makeReport(t, report.Options{Logs: []string{p}})
	if len(r.Problems) != report.FoldAfter+1 || !strings.Contains(r.Problems[report.FoldAfter].String(), "30 more lines") {
		t.Errorf("problems: %d, last %v", len(r.Problems), r.Problems[len(r.Problems)-1])
	}
	if r.Scans["NT-001"].Total != 1 {
		t.Error("the good line after the bad ones was not counted")
	}
}

func TestNothingReadable(t *testing.T) {
	var diags diag.List
	_, err := report.Make(report.Options{Source: testsite.Dir(t, testsite.Parse(Site)), Logs: []string{filepath.Join(t.TempDir(), "missing.log")}}, &diags)
	if err != report.ErrNothingRead {
		t.Errorf("err = %v", err)
	}
}

// A GoatCounter export (version 2, gzipped as GoatCounter sends it):
// page views by people count, events and bots do not; months are UTC.
func TestScansFromGoatCounter(t *testing.T) {
	csv := "2Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,Referrer scheme,Screen size,Location,FirstVisit,Date\n" +
		"/guide/p/NT-001/,Đền A,false,,Chrome 120,Android 13,0f6c2b0e,0,,,\"360,800,2\",VN-39,true,2026-10-31T18:30:00Z\n" +
		"/p/NT-001/,Đền A,false,,Chrome 120,Android 13,0f6c2b0f,0,,,,VN,true,2026-11-02T01:00:00Z\n" +
		"/guide/p/NT-001/,Đền A,false,,Googlebot,,0f6c2b10,3,,,,,true,2026-11-02T01:00:00Z\n" +
		"share-click,,true,,Chrome 120,,0f6c2b11,0,,,,,false,2026-11-02T01:00:00Z\n" +
		"/guide/vi/sites/den-a/,Đền A,false,,Safari 17,iOS 17,0f6c2b12,0,,,,,true,2026-11-03T01:00:00Z\n" +
		"/guide/p/XX-1/,?,false,,Safari 17,iOS 17,0f6c2b13,0,,,,,true,2026-11-03T01:00:00Z\n" +
		"/guide/p/NT-002/,Mốc,false,,Safari 17,iOS 17,0f6c2b14,0,,,,,true,yesterday\n"
	p := filepath.Join(t.TempDir(), "goatcounter-export.csv.gz")
	os.WriteFile(p, gz(t, csv), 0o644)
	r := makeReport(t, report.Options{GoatCounter: []string{p}})
	if want := map[string]*report.Counts{"NT-001": counts(2, map[string]int{"2026-10": 1, "2026-11": 1})}; !reflect.DeepEqual(r.Scans, want) {
		t.Errorf("scans = %s", js(r.Scans))
	}
	if r.Views["NT-001"] == nil || r.Views["NT-001"].Total != 1 || r.Unknown["XX-1"] == nil {
		t.Errorf("views %s unknown %s", js(r.Views), js(r.Unknown))
	}
	if len(r.Problems) != 1 || r.Problems[0].String() != p+`:8: date "yesterday" is not written 2026-10-02T15:04:05Z` {
		t.Errorf("problems = %v", r.Problems)
	}
}

func TestCoverage(t *testing.T) {
	r := makeReport(t, report.Options{})
	c := r.Coverage
	sites, markers := c.Kinds["sites"], c.Kinds["markers"]
	if sites.Entries != 1 || sites.Sources != 1 || sites.Updated != 1 || sites.Translated["en"] != 1 || sites.PlacardsInstalled != 1 || sites.PlacardsChecked != 1 {
		t.Errorf("sites = %+v", sites)
	}
	if markers.Entries != 2 || markers.Updated != 0 || markers.Translated["en"] != 0 || markers.PlacardsInstalled != 1 || markers.PlacardsChecked != 0 {
		t.Errorf("markers = %+v", markers)
	}
	if q := c.Provinces["Quảng Trị"]["markers"]; q == nil || q.Entries != 2 {
		t.Errorf("provinces = %s", js(c.Provinces))
	}
	never := r.NeverScanned()
	if len(never) != 3 || never[2].ID != "NT-003" || never[2].Installed != "2025-01-10" || never[2].Location != "bên đường" {
		t.Errorf("never scanned = %+v", never)
	}
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// GoatCounter's help page prints the header "2,Path,…": the version as a
// field of its own. Such a file is read the same.
func TestGoatCounterHeaderAsTheHelpPagePrintsIt(t *testing.T) {
	csv := "2,Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,Referrer scheme,Screen size,Location,FirstVisit,Date\n" +
		"/guide/p/NT-002/,Mốc,false,,Safari 17,iOS 17,0f6c2b14,0,,,,,true,2026-11-03T01:00:00Z\n"
	p := filepath.Join(t.TempDir(), "export.csv")
	os.WriteFile(p, []byte(csv), 0o644)
	r := makeReport(t, report.Options{GoatCounter: []string{p}})
	if r.Scans["NT-002"] == nil || r.Scans["NT-002"].Total != 1 || len(r.Problems) != 0 {
		t.Errorf("scans %s, problems %v", js(r.Scans), r.Problems)
	}
	os.WriteFile(p, []byte("date,visits\n2026-11-01,3\n"), 0o644)
	var diags diag.List
	r, err := report.Make(report.Options{Source: testsite.Dir(t, testsite.Parse(Site)), GoatCounter: []string{p}, Now: now}, &diags)
	if err != report.ErrNothingRead || len(r.Problems) != 1 || !strings.HasPrefix(r.Problems[0].String(), p+":1: not a GoatCounter CSV export") {
		t.Errorf("problems %v", r.Problems)
	}
}

// The same inputs give the same bytes, in every format; what an editor
// writes is text in the HTML page, never markup.
func TestReportIsDeterministicAndEscaped(t *testing.T) {
	files := testsite.Parse(Site)
	files["content/sites/den-a/index.vi.md"] = strings.Replace(files["content/sites/den-a/index.vi.md"], "title: Đền A", `title: "<script>alert(1)</script> Đền A"`, 1)
	files["content/sites/den-a/index.vi.md"] = strings.Replace(files["content/sites/den-a/index.vi.md"], "province: Đồng Nai", `province: "<img src=x onerror=alert(1)>"`, 1)
	src := testsite.Dir(t, files)
	p := filepath.Join(t.TempDir(), "access.log")
	var log strings.Builder
	for i := 0; i < 50; i++ {
		log.WriteString(line(fmt.Sprintf("203.0.113.%d", i), fmt.Sprintf("%02d/Oct/2026:09:00:00 +0700", i%28+1), "GET", []string{"/guide/p/NT-001/", "/guide/p/NT-002/", "/guide/p/NT-003/"}[i%3], 200, phone))
	}
	os.WriteFile(p, []byte(log.String()), 0o644)
	render := func() string {
		r := makeReport(t, report.Options{Source: src, Logs: []string{p}})
		var b bytes.Buffer
		r.WriteJSON(&b)
		r.WriteText(&b)
		r.WriteHTML(&b, "")
		r.WriteHTML(&b, "en")
		return b.String()
	}
	first := render()
	for i := 0; i < 3; i++ {
		if render() != first {
			t.Fatal("two reports of the same inputs differ")
		}
	}
	var html bytes.Buffer
	makeReport(t, report.Options{Source: src, Logs: []string{p}}).WriteHTML(&html, "vi")
	if strings.Contains(html.String(), "<script") || strings.Contains(html.String(), "<img") || !strings.Contains(html.String(), "&lt;script&gt;") {
		t.Errorf("an editor's text became markup in the HTML report")
	}
}
