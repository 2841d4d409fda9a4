package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/diachido/diachido/internal/browsertest"
	"github.com/diachido/diachido/internal/testsite"
)

// nginxSite is a guide with two entries and a retired ID.
const nginxSite = testsite.Config + `retired:
  NT-009: {replacedBy: NT-001}
-- content/sites/den-a/index.vi.md --
---
id: NT-001
title: Đền A
summary: Một ngôi đền.
province: Đồng Nai
location: {lat: 10.7, lng: 106.8}
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
---
Văn bản.
`

// phoneUA is what the test's Chromium says it is: a visitor's phone.
const phoneUA = "Mozilla/5.0 (Linux; Android 13; SM-A146P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"

// findNginx finds Debian's nginx, which lives in /usr/sbin (not on every
// user's PATH); without it the test skips, or fails under CI=true.
func findNginx(t *testing.T) string {
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx"
	}
	return browsertest.Need(t, "nginx", "nginx")
}

// startNginx serves root on a free local port with its access log in
// the combined format in dir, and returns the base URL and the log's path.
func startNginx(t *testing.T, bin, root, dir, tz string) (string, string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	user := ""
	if os.Geteuid() == 0 {
		user = "user root root;" // the test's files are the test's, mode 0700
	}
	accessLog := filepath.Join(dir, "access.log")
	conf := fmt.Sprintf(`daemon off;
worker_processes 1;
%s
pid %[2]s/nginx.pid;
error_log %[2]s/error.log info;
events { worker_connections 64; }
http {
  types { text/html html; text/css css; application/pdf pdf; application/json json; image/svg+xml svg; }
  default_type application/octet-stream;
  access_log %[3]s combined;
  client_body_temp_path %[2]s/body;
  proxy_temp_path %[2]s/proxy;
  fastcgi_temp_path %[2]s/fastcgi;
  uwsgi_temp_path %[2]s/uwsgi;
  scgi_temp_path %[2]s/scgi;
  server {
    listen 127.0.0.1:%[4]d;
    root %[5]s;
    index index.html;
    error_page 404 /404.html;
    expires -1;
  }
}
`, user, dir, accessLog, port, root)
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", dir+"/", "-c", confPath, "-e", filepath.Join(dir, "error.log"))
	cmd.Env = append(os.Environ(), "TZ="+tz)
	out := &testsite.Log{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start nginx: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGQUIT)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	base := fmt.Sprintf("http://127.0.0.1:%d/", port)
	for deadline := time.Now().Add(10 * time.Second); ; {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			errLog, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx did not start:\n%s\n%s", out.String(), errLog)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return base, accessLog
}

// TestReportCountsWhatARealNginxLogged serves a built guide with Debian's
// nginx, scans placards with Chromium (as a phone) and with Go's HTTP
// client, then counts them with diachido report from nginx's own access
// log: exactly the scans people made, per ID and in the log's month.
func TestReportCountsWhatARealNginxLogged(t *testing.T) {
	bin := findNginx(t)
	src := testsite.Dir(t, testsite.Parse(nginxSite))
	built := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCLI("build", "-source", src, "-output", built, "-no-placards"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	tz := "Asia/Ho_Chi_Minh"
	loc, err := time.LoadLocation(tz)
	if err != nil { // no time zone database: the log is in UTC
		tz, loc = "UTC", time.UTC
	}
	base, accessLog := startNginx(t, bin, built, t.TempDir(), tz)
	month := time.Now().In(loc).Format("2006-01")

	b := browsertest.New(t)
	b.Run(t, network.Enable(), network.SetCacheDisabled(true), emulation.SetUserAgentOverride(phoneUA), browsertest.Phone())
	// Each visit opens a short link; those of entries (and of the retired
	// NT-009, replaced by NT-001) go on to the entry's page.
	visits := []struct{ path, landsOn string }{
		{"p/NT-001/", "/sites/den-a/"},
		{"p/NT-002/", "/markers/moc-1/"},
		{"p/NT-001", "/sites/den-a/"}, // typed without the slash: nginx redirects
		{"p/NT-009/", "/sites/den-a/"},
		{"p/NT-404/", ""}, // a wrong code: nginx's 404
	}
	for _, v := range visits {
		b.Run(t, chromedp.Navigate(base+v.path))
		if v.landsOn != "" {
			if err := b.Until(fmt.Sprintf(`location.pathname.endsWith(%q)`, v.landsOn), 10*time.Second, 50*time.Millisecond); err != nil {
				t.Fatalf("%s did not lead to %s: %v", v.path, v.landsOn, err)
			}
		}
	}
	// A crawler, a link preview and a HEAD request: none is a scan.
	for _, r := range []struct{ method, path, ua string }{
		{"GET", "p/NT-001/", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
		{"GET", "p/NT-002/", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"},
		{"HEAD", "p/NT-001/", phoneUA},
	} {
		req, _ := http.NewRequest(r.method, base+r.path, nil)
		req.Header.Set("User-Agent", r.ua)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}

	// nginx wrote what happened, in its own time zone.
	logged, err := os.ReadFile(accessLog)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("nginx's access.log:\n%s", logged)
	for _, want := range []string{`"GET /p/NT-001 HTTP/1.1" 301 `, `"GET /p/NT-001/ HTTP/1.1" 200 `, `"HEAD /p/NT-001/ HTTP/1.1" 200 `, `"GET /p/NT-404/ HTTP/1.1" 404 `, "Googlebot"} {
		if !strings.Contains(string(logged), want) {
			t.Errorf("access.log lacks %q:\n%s", want, logged)
		}
	}
	if tz != "UTC" && !strings.Contains(string(logged), " +0700]") {
		t.Errorf("access.log is not in %s:\n%s", tz, logged)
	}
	if logMonth := firstLogMonth(t, accessLog); logMonth != month {
		t.Skipf("the month changed during the test (%s, %s)", month, logMonth)
	}

	code, stdout, stderr := runCLI("report", "-source", src, "-log", accessLog, "-format", "json")
	if code != 0 {
		t.Fatalf("report: exit %d\n%s", code, stderr)
	}
	var got struct {
		Scans, Views, Unknown map[string]struct {
			Total  int            `json:"total"`
			Months map[string]int `json:"months"`
		}
		Retired []string
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	one := func(n int) string { return fmt.Sprintf(`{"total":%d,"months":{%q:%d}}`, n, month, n) }
	js := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	for _, c := range []struct {
		what string
		got  any
		want string
	}{
		// NT-001 twice: once at /p/NT-001/, once typed without the slash
		// (the redirect and the page it led to are one scan).
		{"scans", got.Scans, `{"NT-001":` + one(2) + `,"NT-002":` + one(1) + `,"NT-009":` + one(1) + `}`},
		{"unknown", got.Unknown, `{"NT-404":` + one(1) + `}`},
		// Every scan of NT-001 and of the retired NT-009 landed on NT-001's page.
		{"views", got.Views, `{"NT-001":` + one(3) + `,"NT-002":` + one(1) + `}`},
		{"retired", got.Retired, `["NT-009"]`},
	} {
		if js(c.got) != c.want {
			t.Errorf("%s = %s, want %s", c.what, js(c.got), c.want)
		}
	}
	// Neither an address nor a user agent is in the report.
	if regexp.MustCompile(`\d+\.\d+\.\d+\.\d+`).MatchString(stdout) || strings.Contains(stdout, "Mozilla") || strings.Contains(stdout, "Android") {
		t.Errorf("the report holds an address or a user agent:\n%s", stdout)
	}
	if out := b.Outside(); len(out) > 0 {
		t.Errorf("the site asked other hosts for %v", out)
	}
}

// firstLogMonth reads the month of the first line of an access log.
func firstLogMonth(t *testing.T, name string) string {
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	line := sc.Text()
	i, j := strings.IndexByte(line, '['), strings.IndexByte(line, ']')
	if i < 0 || j < i {
		t.Fatalf("access.log's first line: %q", line)
	}
	at, err := time.Parse("02/Jan/2006:15:04:05 -0700", line[i+1:j])
	if err != nil {
		t.Fatal(err)
	}
	return at.Format("2006-01")
}
