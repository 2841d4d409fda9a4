package media

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// Provider is where a video plays from.
type Provider string

// The providers the content contract allows.
const (
	YouTube  Provider = "youtube"
	Facebook Provider = "facebook"
	Vimeo    Provider = "vimeo"
	// File is an .mp4 in the entry's folder, played by the browser itself.
	File Provider = "file"
)

// Name is the provider as visitors know it ("YouTube"); empty for File.
func (p Provider) Name() string {
	switch p {
	case YouTube:
		return "YouTube"
	case Facebook:
		return "Facebook"
	case Vimeo:
		return "Vimeo"
	}
	return ""
}

// Video is a parsed video address. EmbedURL is built here from the parsed
// ID alone, never copied from the editor's text, so it can only ever point
// at the provider's player.
type Video struct {
	Provider Provider
	// ID is the provider's video ID (YouTube's 11 characters, Vimeo's and
	// Facebook's numbers, a fb.watch code) or, for File, the file name.
	ID string
	// EmbedURL is the player to load in an iframe once the visitor taps
	// (autoplay, since the tap was the request to play); empty for File.
	EmbedURL string
	// WatchURL opens the video on the provider's site; empty for File.
	WatchURL string
	// Start is where a YouTube video starts, in seconds (from t=).
	Start int
}

var (
	youtubeIDRe  = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	digitsRe     = regexp.MustCompile(`^[0-9]{1,20}$`)
	vimeoHashRe  = regexp.MustCompile(`^[0-9a-f]{6,20}$`)
	fbWatchRe    = regexp.MustCompile(`^[A-Za-z0-9_-]{1,40}$`)
	fbPageRe     = regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`)
	youtubeTimeR = regexp.MustCompile(`^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$`)
)

// ErrNotVideo is wrapped by every ParseVideo error.
var ErrNotVideo = errors.New("not a video address")

type videoError struct{ msg string }

func (e *videoError) Error() string { return e.msg }
func (e *videoError) Unwrap() error { return ErrNotVideo }

func bad(format string, args ...any) error { return &videoError{fmt.Sprintf(format, args...)} }

// host families, after dropping "www.", "m." and similar prefixes.
func hostFamily(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for _, p := range []string{"www.", "m.", "mobile.", "music.", "web.", "mbasic.", "player."} {
		if strings.HasPrefix(host, p) {
			if p == "player." && host != "player.vimeo.com" {
				continue
			}
			host = strings.TrimPrefix(host, p)
			break
		}
	}
	switch host {
	case "youtube.com", "youtu.be", "youtube-nocookie.com":
		return "youtube"
	case "vimeo.com", "player.vimeo.com":
		return "vimeo"
	case "facebook.com", "fb.com", "fb.watch":
		return "facebook"
	}
	return ""
}

// LooksLikeVideoHost reports whether raw is a web address on a video
// provider's host, whether or not it names a video: a link alone in its
// paragraph on such a host was surely meant as a video.
func LooksLikeVideoHost(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return false
	}
	return hostFamily(u.Hostname()) != ""
}

// ParseVideo reads a video address as editors paste it: a YouTube,
// Facebook or Vimeo link in any of its common shapes, or the name of an
// .mp4 file in the entry's folder. The error says what is wrong in words
// an editor can act on.
func ParseVideo(raw string) (Video, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return Video{}, bad("the address is empty")
	}
	if !strings.Contains(s, ":") && !strings.HasPrefix(s, "//") {
		if strings.EqualFold(path.Ext(s), ".mp4") {
			return Video{Provider: File, ID: s}, nil
		}
		if hostFamily(strings.SplitN(s, "/", 2)[0]) != "" {
			return Video{}, bad("%q must be a full address starting with https://", raw)
		}
		return Video{}, bad("%q is neither a YouTube, Facebook or Vimeo link nor an .mp4 file", raw)
	}
	u, err := url.Parse(s)
	if err != nil {
		return Video{}, bad("%q is not a valid web address", raw)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return Video{}, bad("%q must be a web address starting with https://", raw)
	}
	if u.Host == "" || u.User != nil || u.Port() != "" || u.Opaque != "" {
		return Video{}, bad("%q is not a valid web address", raw)
	}
	host := strings.ToLower(u.Hostname())
	segs := splitPath(u.Path)
	q := u.Query()
	switch hostFamily(host) {
	case "youtube":
		return parseYouTube(raw, host, segs, q)
	case "vimeo":
		return parseVimeo(raw, host, segs, q)
	case "facebook":
		return parseFacebook(raw, host, segs, q)
	}
	return Video{}, bad("%q is not a YouTube, Facebook or Vimeo link", raw)
}

func splitPath(p string) []string {
	var out []string
	for _, s := range strings.Split(p, "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func parseYouTube(raw, host string, segs []string, q url.Values) (Video, error) {
	id := ""
	switch {
	case strings.HasSuffix(host, "youtu.be"):
		if len(segs) == 1 {
			id = segs[0]
		}
	case len(segs) == 1 && segs[0] == "watch":
		id = q.Get("v")
	case len(segs) == 2 && (segs[0] == "shorts" || segs[0] == "embed" || segs[0] == "live" || segs[0] == "v"):
		id = segs[1]
	default:
		return Video{}, bad("%q is a YouTube address but not of a video: use the link of the video itself (youtube.com/watch?v=…, youtu.be/…)", raw)
	}
	if !youtubeIDRe.MatchString(id) {
		return Video{}, bad("%q is not a YouTube video link: the video ID must be 11 letters, digits, - or _", raw)
	}
	start := youtubeStart(q.Get("t"))
	if start == 0 {
		start = youtubeStart(q.Get("start"))
	}
	v := Video{
		Provider: YouTube,
		ID:       id,
		EmbedURL: "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1",
		WatchURL: "https://www.youtube.com/watch?v=" + id,
		Start:    start,
	}
	if start > 0 {
		v.EmbedURL += "&start=" + strconv.Itoa(start)
		v.WatchURL += "&t=" + strconv.Itoa(start) + "s"
	}
	return v, nil
}

// youtubeStart reads t=90, t=90s or t=1h2m3s; anything else is no start.
func youtubeStart(t string) int {
	m := youtubeTimeR.FindStringSubmatch(t)
	if t == "" || m == nil {
		return 0
	}
	n := 0
	for i, mult := range []int{3600, 60, 1} {
		if m[i+1] == "" {
			continue
		}
		x, err := strconv.Atoi(m[i+1])
		if err != nil || x > 1_000_000 {
			return 0
		}
		n += x * mult
	}
	return n
}

func parseVimeo(raw, host string, segs []string, q url.Values) (Video, error) {
	id, hash := "", ""
	switch {
	case host == "player.vimeo.com":
		if len(segs) == 2 && segs[0] == "video" {
			id, hash = segs[1], q.Get("h")
		}
	case len(segs) == 1:
		id = segs[0]
	case len(segs) == 2 && digitsRe.MatchString(segs[0]):
		id, hash = segs[0], segs[1] // an unlisted video: vimeo.com/ID/HASH
	case len(segs) == 3 && segs[0] == "channels":
		id = segs[2]
	}
	if !digitsRe.MatchString(id) {
		return Video{}, bad("%q is not a Vimeo video link: it must be vimeo.com/ followed by the video's number", raw)
	}
	if hash != "" && !vimeoHashRe.MatchString(hash) {
		return Video{}, bad("%q is not a Vimeo video link: %q is not a Vimeo private-link code", raw, hash)
	}
	v := Video{
		Provider: Vimeo,
		ID:       id,
		EmbedURL: "https://player.vimeo.com/video/" + id + "?autoplay=1&dnt=1",
		WatchURL: "https://vimeo.com/" + id,
	}
	if hash != "" {
		v.EmbedURL += "&h=" + hash
		v.WatchURL += "/" + hash
	}
	return v, nil
}

func parseFacebook(raw, host string, segs []string, q url.Values) (Video, error) {
	var id, page string
	fail := func() (Video, error) {
		return Video{}, bad("%q is not a Facebook video link: use the video's own address (facebook.com/<page>/videos/<number>, facebook.com/watch/?v=<number> or fb.watch/<code>)", raw)
	}
	// href is the video's address in a canonical form: https, no tracking
	// parameters, so the embed is the same whatever was pasted.
	var href string
	switch {
	case strings.HasSuffix(host, "fb.watch"):
		if len(segs) != 1 || !fbWatchRe.MatchString(segs[0]) {
			return fail()
		}
		id = segs[0]
		href = "https://fb.watch/" + id + "/"
	case len(segs) == 1 && (segs[0] == "watch" || segs[0] == "video.php"):
		id = q.Get("v")
		href = "https://www.facebook.com/watch/?v=" + id
	case len(segs) == 2 && segs[0] == "reel":
		id = segs[1]
		href = "https://www.facebook.com/reel/" + id
	case len(segs) >= 3 && len(segs) <= 4 && segs[1] == "videos":
		// facebook.com/<page>/videos/<id>, or the older
		// facebook.com/<page>/videos/<title>/<id>.
		page, id = segs[0], segs[len(segs)-1]
		if !fbPageRe.MatchString(page) {
			return fail()
		}
		href = "https://www.facebook.com/" + page + "/videos/" + id + "/"
	default:
		return fail()
	}
	if !strings.HasSuffix(host, "fb.watch") && !digitsRe.MatchString(id) {
		return fail()
	}
	return Video{
		Provider: Facebook,
		ID:       id,
		EmbedURL: "https://www.facebook.com/plugins/video.php?href=" + url.QueryEscape(href) + "&show_text=false",
		WatchURL: href,
	}, nil
}
