package report

import "testing"

// Real user agents: the browsers people scan placards with count, the
// programs that fetch pages do not.
func TestIsBot(t *testing.T) {
	for ua, bot := range map[string]bool{
		// people
		"Mozilla/5.0 (Linux; Android 13; SM-A146P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36":                                                                                                  false,
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1":                                                                                 false,
		"Mozilla/5.0 (iPhone; CPU iPhone OS 16_0_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Zalo iOS/502 ZaloTheme/light ZaloLanguage/vn":                                                            false,
		"Mozilla/5.0 (Linux; Android 12; SM-A325F Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36 Zalo android/12100691 ZaloTheme/light ZaloLanguage/vi": false,
		"Mozilla/5.0 (Linux; Android 13; SM-A536E Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.43 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/444.0.0.35.110;]":                     false,
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0":                                                                                           false,
		// programs
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)":                                             true,
		"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)":                                              true,
		"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)":                                            true,
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Zalo": true, // Zalo without the app's marks: its link preview
		"ZaloPreview/1.0":               true,
		"TelegramBot (like TwitterBot)": true,
		"WhatsApp/2.23.20.0":            true,
		"curl/8.5.0":                    true,
		"Wget/1.21.3":                   true,
		"python-requests/2.31.0":        true,
		"Go-http-client/1.1":            true,
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36":                                                         true,
		"Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)":                                                                                                    true,
		"Mozilla/5.0 (Linux; Android 7.0;) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)": true,
		"":  true,
		"-": true,
	} {
		if got := IsBot(ua); got != bot {
			t.Errorf("IsBot(%q) = %v, want %v", ua, got, bot)
		}
	}
}
