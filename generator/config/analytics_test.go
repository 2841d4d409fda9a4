package config

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/diachido/diachido/generator/diag"
)

const baseYAML = "baseURL: https://diachido.example.vn/\nlanguages:\n  - code: vi\n    title: Địa chỉ đỏ\n"

func load(t *testing.T, extra string) (*Site, []string) {
	t.Helper()
	var diags diag.List
	s := Load(fstest.MapFS{FileName: {Data: []byte(baseYAML + extra)}}, &diags)
	var out []string
	for _, d := range diags.Items() {
		out = append(out, d.String())
	}
	return s, out
}

func TestAnalyticsAndReportAreValidatedWithTheirLine(t *testing.T) {
	cases := []struct {
		yaml, want string
	}{
		{"analytics: {}\n", "site.yaml:5: analytics needs goatcounter or pixel, e.g. analytics: {goatcounter: https://CODE.goatcounter.com} or analytics: {pixel: \"https://stats.example.vn/count?p={path}\"}"},
		{"analytics:\n  goatcounter: https://nt.goatcounter.com\n  pixel: /count?p={path}\n", "site.yaml:6: analytics takes one of goatcounter and pixel, not both"},
		{"analytics:\n  goatcounter: http://nt.goatcounter.com\n", `site.yaml:6: analytics goatcounter "http://nt.goatcounter.com" must be the https address of a GoatCounter site (without /count), e.g. goatcounter: https://CODE.goatcounter.com`},
		{"analytics:\n  goatcounter: https://nt.goatcounter.com/count\n", `site.yaml:6: analytics goatcounter "https://nt.goatcounter.com/count" must be`},
		{"analytics:\n  pixel: https://stats.example.vn/count\n", `site.yaml:6: analytics pixel "https://stats.example.vn/count" must be an https address (or a path on this site starting with /) holding {path} once, e.g. pixel: "https://stats.example.vn/count?p={path}"`},
		{"analytics:\n  pixel: //stats.example.vn/count?p={path}\n", `site.yaml:6: analytics pixel "//stats.example.vn/count?p={path}" must be`},
		{"analytics:\n  pixel: \"javascript:alert(1)//{path}\"\n", `site.yaml:6: analytics pixel "javascript:alert(1)//{path}" must be`},
		{"analytics:\n  pixel: http://stats.example.vn/c?p={path}\n", `site.yaml:6: analytics pixel "http://stats.example.vn/c?p={path}" must be`},
		{"report: {}\n", "site.yaml:5: report needs github or email, e.g. report: {github: huyendoan/dia-chi-do} or report: {email: doan@example.vn}"},
		{"report: {github: a/b, email: doan@example.vn}\n", "site.yaml:5: report takes one of github and email, not both"},
		{"report:\n  github: https://github.com/huyendoan/dia-chi-do\n", `site.yaml:6: report github "https://github.com/huyendoan/dia-chi-do" must be the repository's owner/name, e.g. github: huyendoan/dia-chi-do`},
		{"report:\n  email: Đoàn <doan@example.vn>\n", `site.yaml:6: report email "Đoàn <doan@example.vn>" must be a plain e-mail address, e.g. email: doan@example.vn`},
		{"report:\n  email: doan\n", `site.yaml:6: report email "doan" must be a plain e-mail address`},
	}
	for _, c := range cases {
		_, got := load(t, c.yaml)
		if len(got) != 1 || !strings.HasPrefix(got[0], c.want) {
			t.Errorf("%q:\n got %q\nwant %q", c.yaml, got, c.want)
		}
	}
}

func TestAnalyticsMisspelledKeyIsNamed(t *testing.T) {
	_, got := load(t, "analytics:\n  goatcouter: https://nt.goatcounter.com\n")
	if !strings.Contains(strings.Join(got, "\n"), `site.yaml:6: unknown field "goatcouter" (check its spelling)`) {
		t.Errorf("got %q", got)
	}
}

func TestAnalyticsCountURL(t *testing.T) {
	good := map[string]string{
		"analytics: {goatcounter: https://nt.goatcounter.com}\n":                      "https://nt.goatcounter.com/count?p=%2Fp%2FNT-001%2F",
		"analytics: {goatcounter: \"https://stats.doan.vn/gc/\"}\n":                   "https://stats.doan.vn/gc/count?p=%2Fp%2FNT-001%2F",
		"analytics: {pixel: \"https://stats.example.vn/count?p={path}\"}\n":           "https://stats.example.vn/count?p=%2Fp%2FNT-001%2F",
		"analytics: {pixel: \"/count.gif?site=nt&p={path}\"}\n":                       "/count.gif?site=nt&p=%2Fp%2FNT-001%2F",
		"analytics: {pixel: \"http://127.0.0.1:8125/count?p={path}\"}\n":              "http://127.0.0.1:8125/count?p=%2Fp%2FNT-001%2F",
		"analytics: {pixel: \"https://stats.example.vn/{path}/pixel.gif\"}\n":         "https://stats.example.vn/%2Fp%2FNT-001%2F/pixel.gif",
		"analytics: {goatcounter: \"http://localhost:8081\"}\n":                       "http://localhost:8081/count?p=%2Fp%2FNT-001%2F",
		"report: {github: huyendoan/dia-chi-do}\nanalytics: {pixel: \"/c?{path}\"}\n": "/c?%2Fp%2FNT-001%2F",
	}
	for yaml, want := range good {
		s, diags := load(t, yaml)
		if len(diags) > 0 || s == nil {
			t.Fatalf("%q: %v", yaml, diags)
		}
		if got := s.Analytics.CountURL("/p/NT-001/"); got != want {
			t.Errorf("%q: CountURL = %q, want %q", yaml, got, want)
		}
	}
	s, diags := load(t, "report: {email: doan@example.vn}\n")
	if len(diags) > 0 || s.Report.Email != "doan@example.vn" || s.Analytics != nil {
		t.Errorf("report email: %v %+v", diags, s)
	}
}
