package report

import "strings"

// botWords are the parts of a user agent that mark a request no person
// made: search engines, link-preview fetchers (a link pasted into Zalo or
// Facebook is fetched once by the service, not by a visitor), monitors,
// command-line tools and headless browsers. Matched without regard to
// case. This is the one list; add to it here.
var botWords = []string{
	// the generic words most crawlers carry: Googlebot, bingbot,
	// YandexBot, AhrefsBot, Applebot, Twitterbot, TelegramBot, Baiduspider…
	"bot", "spider", "crawl", "slurp", "scrapy",
	// link previews of social networks and messengers
	"facebookexternalhit", "facebookcatalog", "meta-externalagent", "meta-externalfetcher",
	"whatsapp", "skypeuripreview", "embedly", "preview", "vkshare", "pinterest",
	// Google's fetchers that do not say "bot"
	"mediapartners-google", "google-inspectiontool", "googleother", "feedfetcher", "google-read-aloud",
	// tools and libraries
	"curl/", "wget/", "python-requests", "python-urllib", "aiohttp", "httpx", "go-http-client",
	"java/", "okhttp", "libwww-perl", "apache-httpclient", "node-fetch", "axios/", "undici",
	"postmanruntime", "insomnia",
	// headless browsers and page testers
	"headlesschrome", "phantomjs", "lighthouse", "pagespeed", "gtmetrix",
	// uptime monitors
	"pingdom", "uptimerobot", "statuscake", "monitor",
}

// zaloApp are the marks of the Zalo app's own browser, which a visitor who
// scans a placard with Zalo's QR scanner opens the page in, e.g.
// "… Mobile/15E148 Zalo iOS/502 ZaloTheme/light ZaloLanguage/vn". Any
// other user agent naming Zalo is the service fetching a link preview.
var zaloApp = []string{"zalotheme/", "zalolanguage/", "zalo ios/", "zalo android/"}

// IsBot reports whether a request with this user agent was made by a
// program rather than a person. An empty user agent (or nginx's "-") is a
// program: every browser sends one.
func IsBot(ua string) bool {
	ua = strings.ToLower(strings.TrimSpace(ua))
	if ua == "" || ua == "-" {
		return true
	}
	for _, w := range botWords {
		if strings.Contains(ua, w) {
			return true
		}
	}
	if strings.Contains(ua, "zalo") {
		for _, w := range zaloApp {
			if strings.Contains(ua, w) {
				return false
			}
		}
		return true
	}
	return false
}
