package media

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

const ytID = "dQw4w9WgXcQ"

func TestParseVideoAccepts(t *testing.T) {
	yt := Video{Provider: YouTube, ID: ytID, EmbedURL: "https://www.youtube-nocookie.com/embed/" + ytID + "?autoplay=1", WatchURL: "https://www.youtube.com/watch?v=" + ytID}
	ytAt := func(s int, t string) Video {
		v := yt
		v.Start = s
		v.EmbedURL += "&start=" + t
		v.WatchURL += "&t=" + t + "s"
		return v
	}
	vimeo := Video{Provider: Vimeo, ID: "76979871", EmbedURL: "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1", WatchURL: "https://vimeo.com/76979871"}
	fbPage := Video{Provider: Facebook, ID: "1234567890123456",
		EmbedURL: "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fdoanthanhnien%2Fvideos%2F1234567890123456%2F&show_text=false",
		WatchURL: "https://www.facebook.com/doanthanhnien/videos/1234567890123456/"}
	fbWatch := Video{Provider: Facebook, ID: "987654321",
		EmbedURL: "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D987654321&show_text=false",
		WatchURL: "https://www.facebook.com/watch/?v=987654321"}
	for _, tc := range []struct {
		in   string
		want Video
	}{
		{"https://www.youtube.com/watch?v=" + ytID, yt},
		{"https://youtube.com/watch?v=" + ytID, yt},
		{"http://www.youtube.com/watch?v=" + ytID, yt},
		{"https://m.youtube.com/watch?v=" + ytID + "&feature=share", yt},
		{"https://music.youtube.com/watch?v=" + ytID, yt},
		{"HTTPS://WWW.YOUTUBE.COM/watch?v=" + ytID, yt},
		{"  https://www.youtube.com/watch?v=" + ytID + "  ", yt},
		{"https://www.youtube.com/watch?v=" + ytID + "&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG&index=2", yt},
		{"https://www.youtube.com/watch?app=desktop&v=" + ytID, yt},
		{"https://youtu.be/" + ytID, yt},
		{"https://youtu.be/" + ytID + "?si=AbCdEfGhIjKlMnOp", yt},
		{"https://youtu.be/" + ytID + "/", yt},
		{"https://www.youtube.com/shorts/" + ytID, yt},
		{"https://youtube.com/shorts/" + ytID + "?feature=share", yt},
		{"https://www.youtube.com/embed/" + ytID, yt},
		{"https://www.youtube-nocookie.com/embed/" + ytID + "?rel=0", yt},
		{"https://www.youtube.com/live/" + ytID + "?si=x", yt},
		{"https://www.youtube.com/v/" + ytID, yt},
		{"https://youtu.be/" + ytID + "?t=90", ytAt(90, "90")},
		{"https://youtu.be/" + ytID + "?si=abc&t=42s", ytAt(42, "42")},
		{"https://www.youtube.com/watch?v=" + ytID + "&t=1m30s", ytAt(90, "90")},
		{"https://www.youtube.com/watch?v=" + ytID + "&t=1h2m3s", ytAt(3723, "3723")},
		{"https://www.youtube.com/embed/" + ytID + "?start=75", ytAt(75, "75")},
		{"https://www.youtube.com/watch?v=" + ytID + "&t=abc", yt}, // a start time that makes no sense is dropped
		{"https://vimeo.com/76979871", vimeo},
		{"https://www.vimeo.com/76979871?share=copy", vimeo},
		{"https://vimeo.com/76979871/", vimeo},
		{"https://player.vimeo.com/video/76979871", vimeo},
		{"https://player.vimeo.com/video/76979871?badge=0", vimeo},
		{"https://vimeo.com/channels/staffpicks/76979871", vimeo},
		{"https://vimeo.com/76979871/0a1b2c3d4e", Video{Provider: Vimeo, ID: "76979871",
			EmbedURL: "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1&h=0a1b2c3d4e", WatchURL: "https://vimeo.com/76979871/0a1b2c3d4e"}},
		{"https://player.vimeo.com/video/76979871?h=0a1b2c3d4e", Video{Provider: Vimeo, ID: "76979871",
			EmbedURL: "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1&h=0a1b2c3d4e", WatchURL: "https://vimeo.com/76979871/0a1b2c3d4e"}},
		{"https://www.facebook.com/doanthanhnien/videos/1234567890123456/", fbPage},
		{"https://facebook.com/doanthanhnien/videos/1234567890123456", fbPage},
		{"https://m.facebook.com/doanthanhnien/videos/1234567890123456/?mibextid=abc", fbPage},
		{"https://web.facebook.com/doanthanhnien/videos/le-gio-to/1234567890123456/", fbPage},
		{"https://www.facebook.com/watch/?v=987654321", fbWatch},
		{"https://www.facebook.com/watch?v=987654321&ref=sharing", fbWatch},
		{"https://fb.watch/aBc-12_Xy/", Video{Provider: Facebook, ID: "aBc-12_Xy",
			EmbedURL: "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Ffb.watch%2FaBc-12_Xy%2F&show_text=false", WatchURL: "https://fb.watch/aBc-12_Xy/"}},
		{"https://www.facebook.com/reel/555666777", Video{Provider: Facebook, ID: "555666777",
			EmbedURL: "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Freel%2F555666777&show_text=false", WatchURL: "https://www.facebook.com/reel/555666777"}},
		{"phim-tu-lieu.mp4", Video{Provider: File, ID: "phim-tu-lieu.mp4"}},
		{"video/Le Hoi.MP4", Video{Provider: File, ID: "video/Le Hoi.MP4"}},
	} {
		got, err := ParseVideo(tc.in)
		if err != nil {
			t.Errorf("ParseVideo(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("ParseVideo(%q) =\n  %+v\nwant\n  %+v", tc.in, got, tc.want)
		}
	}
}

func TestParseVideoRejects(t *testing.T) {
	for in, msg := range map[string]string{
		"":                                     "empty",
		"javascript:alert(1)":                  "must be a web address starting with https://",
		"JavaScript://youtube.com/%0aalert(1)": "must be a web address starting with https://",
		"data:text/html,<script>":              "must be a web address starting with https://",
		"ftp://youtube.com/watch?v=" + ytID:    "must be a web address starting with https://",
		"https://":                             "not a valid web address",
		"http:///watch?v=" + ytID:              "not a valid web address",
		"https://user@youtube.com/watch?v=" + ytID:           "not a valid web address",
		"https://youtube.com@evil.example/watch?v=" + ytID:   "not a valid web address",
		"https://youtube.com:8443/watch?v=" + ytID:           "not a valid web address",
		"https://evil.example/watch?v=" + ytID:               "not a YouTube, Facebook or Vimeo link",
		"https://youtube.com.evil.example/watch?v=" + ytID:   "not a YouTube, Facebook or Vimeo link",
		"https://notyoutube.com/watch?v=" + ytID:             "not a YouTube, Facebook or Vimeo link",
		"https://www.tiktok.com/@x/video/123":                "not a YouTube, Facebook or Vimeo link",
		"https://www.youtube.com/watch?v=dQw4w9WgXc":         "11 letters",
		"https://www.youtube.com/watch?v=dQw4w9WgXcQQ":       "11 letters",
		"https://www.youtube.com/watch?v=dQw4w9WgX%22Q":      "11 letters",
		"https://www.youtube.com/watch?v=dQw4w9WgX<Q":        "11 letters",
		"https://www.youtube.com/watch":                      "11 letters",
		"https://youtu.be/":                                  "11 letters",
		"https://youtu.be/" + ytID + "/extra":                "11 letters",
		"https://www.youtube.com/@doanthanhnien":             "not of a video",
		"https://www.youtube.com/channel/UC123":              "not of a video",
		"https://www.youtube.com/playlist?list=PL123":        "not of a video",
		"https://vimeo.com/":                                 "vimeo.com/ followed by the video's number",
		"https://vimeo.com/abc":                              "vimeo.com/ followed by the video's number",
		"https://vimeo.com/76979871/XYZ!":                    "private-link code",
		"https://player.vimeo.com/video/abc":                 "vimeo.com/ followed by the video's number",
		"https://www.facebook.com/doanthanhnien":             "not a Facebook video link",
		"https://www.facebook.com/doanthanhnien/videos/":     "not a Facebook video link",
		"https://www.facebook.com/doanthanhnien/videos/abc/": "not a Facebook video link",
		"https://www.facebook.com/watch/?v=abc":              "not a Facebook video link",
		"https://fb.watch/":                                  "not a Facebook video link",
		"https://fb.watch/a/b":                               "not a Facebook video link",
		"youtube.com/watch?v=" + ytID:                        "must be a full address starting with https://",
		"www.youtube.com/watch?v=" + ytID:                    "must be a full address starting with https://",
		"phim.avi":                                           "neither a YouTube, Facebook or Vimeo link nor an .mp4 file",
		"//www.youtube.com/watch?v=" + ytID:                  "must be a web address starting with https://",
	} {
		v, err := ParseVideo(in)
		if err == nil {
			t.Errorf("ParseVideo(%q) = %+v, want an error", in, v)
			continue
		}
		if !errors.Is(err, ErrNotVideo) || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseVideo(%q) error %q, want one saying %q", in, err, msg)
		}
	}
}

func TestLooksLikeVideoHost(t *testing.T) {
	for in, want := range map[string]bool{
		"https://youtu.be/x": true, "https://www.youtube.com/@kenh": true, "https://vimeo.com/abc": true,
		"https://www.facebook.com/trang": true, "https://fb.watch/x": true, "https://m.facebook.com/x": true,
		"https://baodongnai.com.vn/": false, "https://notyoutube.com/": false, "id:NT-001": false, "cong.jpg": false,
	} {
		if got := LooksLikeVideoHost(in); got != want {
			t.Errorf("LooksLikeVideoHost(%q) = %v, want %v", in, got, want)
		}
	}
}

var embedRe = regexp.MustCompile(`^https://(www\.youtube-nocookie\.com/embed/[A-Za-z0-9_-]{11}\?autoplay=1(&start=[0-9]+)?|player\.vimeo\.com/video/[0-9]+\?autoplay=1&dnt=1(&h=[0-9a-f]+)?|www\.facebook\.com/plugins/video\.php\?href=[A-Za-z0-9%._-]+&show_text=false)$`)

// FuzzParseVideo checks that whatever an editor pastes, an accepted
// address gives an embed on one of the three players and nothing else: the
// embed goes into an iframe's src.
func FuzzParseVideo(f *testing.F) {
	for _, s := range []string{
		"https://youtu.be/" + ytID + "?t=1m", "https://www.youtube.com/watch?v=" + ytID, "https://vimeo.com/1/abcdef",
		"https://fb.watch/x/", "https://www.facebook.com/p/videos/1/", "javascript:alert(1)", "a.mp4", "https://player.vimeo.com/video/1?h=abcdef",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseVideo(s)
		if err != nil {
			return
		}
		if v.Provider == File {
			if v.EmbedURL != "" || v.WatchURL != "" || strings.Contains(s, ":") {
				t.Fatalf("ParseVideo(%q) = %+v", s, v)
			}
			return
		}
		if !embedRe.MatchString(v.EmbedURL) {
			t.Fatalf("ParseVideo(%q) embed %q", s, v.EmbedURL)
		}
		if !strings.HasPrefix(v.WatchURL, "https://") || strings.ContainsAny(v.WatchURL, "\"'<> \\") {
			t.Fatalf("ParseVideo(%q) watch %q", s, v.WatchURL)
		}
	})
}
