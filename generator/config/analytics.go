package config

import (
	"net"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
)

// Analytics says where the site counts scans of its short links and views
// of its entry pages: a GoatCounter site or any counting pixel. Exactly
// one of the two is set. Counting uses a plain image request, no script
// and no cookie (docs/analytics.md).
type Analytics struct {
	// GoatCounter is a GoatCounter site's address, hosted
	// (https://CODE.goatcounter.com) or self-hosted; pages load
	// <address>/count?p=<page path>, GoatCounter's no-script form.
	GoatCounter string `yaml:"goatcounter"`
	// Pixel is an address template holding {path}, replaced by the
	// URL-escaped path of the page: https://stats.example.vn/count?p={path},
	// or a path on the site's own host such as /count?p={path}.
	Pixel string `yaml:"pixel"`
}

// CountURL is the address a page at the root-relative path p loads to be
// counted once.
func (a *Analytics) CountURL(p string) string {
	esc := url.QueryEscape(p)
	if a.GoatCounter != "" {
		return strings.TrimSuffix(a.GoatCounter, "/") + "/count?p=" + esc
	}
	return strings.ReplaceAll(a.Pixel, "{path}", esc)
}

// Report says where a visitor's "report a problem" link leads: a new issue
// in a GitHub repository, or an e-mail. Exactly one of the two is set.
type Report struct {
	// GitHub is owner/repo of the guide's repository.
	GitHub string `yaml:"github"`
	// Email is a plain address such as doan@example.vn.
	Email string `yaml:"email"`
}

var githubRepoRe = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9_.-]{1,100}$`)

// counterURL checks an analytics address: https, or http on this machine
// only (a test's own counter); no user name or password in it.
func counterURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || u.Fragment != "" {
		return false
	}
	switch u.Scheme {
	case "https":
		return true
	case "http":
		h := u.Hostname()
		ip := net.ParseIP(h)
		return h == "localhost" || ip != nil && ip.IsLoopback()
	}
	return false
}

func (s *Site) validateAnalytics(errf func(int, string, ...any)) {
	if a := s.Analytics; a != nil {
		line := s.Line("analytics")
		const example = "e.g. analytics: {goatcounter: https://CODE.goatcounter.com} or analytics: {pixel: \"https://stats.example.vn/count?p={path}\"}"
		switch {
		case a.GoatCounter == "" && a.Pixel == "":
			errf(line, "analytics needs goatcounter or pixel, %s", example)
		case a.GoatCounter != "" && a.Pixel != "":
			errf(line, "analytics takes one of goatcounter and pixel, not both, %s", example)
		case a.GoatCounter != "":
			u, err := url.Parse(a.GoatCounter)
			if !counterURL(a.GoatCounter) || err != nil || u.RawQuery != "" || strings.HasSuffix(strings.TrimSuffix(u.Path, "/"), "/count") {
				errf(s.Line("analytics", "goatcounter"), "analytics goatcounter %q must be the https address of a GoatCounter site (without /count), e.g. goatcounter: https://CODE.goatcounter.com", a.GoatCounter)
			}
		default:
			p := a.Pixel
			ok := strings.Count(p, "{path}") == 1
			probe := strings.ReplaceAll(p, "{path}", "x")
			if strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") {
				u, err := url.Parse(probe)
				ok = ok && err == nil && u.Host == "" && u.Fragment == "" && !strings.Contains(p, "\\")
			} else {
				ok = ok && counterURL(probe)
			}
			if !ok {
				errf(s.Line("analytics", "pixel"), "analytics pixel %q must be an https address (or a path on this site starting with /) holding {path} once, e.g. pixel: \"https://stats.example.vn/count?p={path}\"", p)
			}
		}
	}
	if r := s.Report; r != nil {
		line := s.Line("report")
		const example = "e.g. report: {github: huyendoan/dia-chi-do} or report: {email: doan@example.vn}"
		switch {
		case r.GitHub == "" && r.Email == "":
			errf(line, "report needs github or email, %s", example)
		case r.GitHub != "" && r.Email != "":
			errf(line, "report takes one of github and email, not both, %s", example)
		case r.GitHub != "":
			if !githubRepoRe.MatchString(r.GitHub) || strings.Contains(r.GitHub, "..") {
				errf(s.Line("report", "github"), "report github %q must be the repository's owner/name, e.g. github: huyendoan/dia-chi-do", r.GitHub)
			}
		default:
			if a, err := mail.ParseAddress(r.Email); err != nil || a.Address != r.Email || a.Name != "" {
				errf(s.Line("report", "email"), "report email %q must be a plain e-mail address, e.g. email: doan@example.vn", r.Email)
			}
		}
	}
}
