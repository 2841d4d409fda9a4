package markdown

import (
	"strings"
	"testing"
)

type labelResolver struct{ fakeResolver }

func (labelResolver) Label(key string) string {
	return map[string]string{"video_play": "Bấm để phát", "video_watch_on": "Xem trên %s", "video": "Video"}[key]
}

func renderWith(t *testing.T, res Resolver, src string) string {
	t.Helper()
	out, err := New().Render([]byte(src), res)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestVideoParagraphBecomesFacade(t *testing.T) {
	const facade = `<figure class="video"><a class="video-facade" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1" data-title="Video" rel="noopener"><span class="video-play" aria-hidden="true"></span><span class="video-title">Video</span><span class="video-note">YouTube · Tap to play</span></a><figcaption><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" rel="noopener">Watch on YouTube</a></figcaption></figure>`
	for _, src := range []string{
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ",
		"Trước.\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nSau.",
		"<https://youtu.be/dQw4w9WgXcQ>",
		"[https://youtu.be/dQw4w9WgXcQ](https://youtu.be/dQw4w9WgXcQ)",
		"  https://youtu.be/dQw4w9WgXcQ  ",
		"www.youtube.com/watch?v=dQw4w9WgXcQ",
	} {
		got := render(t, src)
		if !strings.Contains(got, facade) {
			t.Errorf("Render(%q) =\n%s\nwant the facade\n%s", src, got, facade)
		}
		for _, bad := range []string{"<iframe", "ytimg", "<p><a"} {
			if strings.Contains(got, bad) {
				t.Errorf("Render(%q) holds %q:\n%s", src, bad, got)
			}
		}
		if !HasVideoEmbed([]byte(got)) {
			t.Errorf("HasVideoEmbed(Render(%q)) = false", src)
		}
	}
}

func TestVideoFacadeTitleAndLanguage(t *testing.T) {
	got := renderWith(t, labelResolver{}, `[Lễ giỗ <b>"tổ"</b> & hội](https://vimeo.com/76979871)`)
	for _, want := range []string{
		`data-embed="https://player.vimeo.com/video/76979871?autoplay=1&amp;dnt=1"`,
		`data-title="Lễ giỗ &lt;b&gt;&#34;tổ&#34;&lt;/b&gt; &amp; hội"`,
		`<span class="video-title">Lễ giỗ &lt;b&gt;&#34;tổ&#34;&lt;/b&gt; &amp; hội</span>`,
		`<span class="video-note">Vimeo · Bấm để phát</span>`,
		`>Xem trên Vimeo</a>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("render lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "<b>") {
		t.Errorf("raw HTML in the title passed through:\n%s", got)
	}
}

func TestVideoLinkInSentenceStaysALink(t *testing.T) {
	for src, want := range map[string]string{
		"Xem [phim](https://youtu.be/dQw4w9WgXcQ) về đình.":            `<p>Xem <a href="https://youtu.be/dQw4w9WgXcQ">phim</a> về đình.</p>`,
		"https://youtu.be/dQw4w9WgXcQ và https://youtu.be/dQw4w9WgXcQ": `<p><a href="https://youtu.be/dQw4w9WgXcQ">`,
		// Not a video: an ordinary link alone stays a link.
		"https://baodongnai.com.vn/": `<p><a href="https://baodongnai.com.vn/">https://baodongnai.com.vn/</a></p>`,
		// A malformed video address is not embedded (the site reports it).
		"https://youtu.be/short":           `<p><a href="https://youtu.be/short">https://youtu.be/short</a></p>`,
		"**https://youtu.be/dQw4w9WgXcQ**": `<strong>`,
	} {
		got := render(t, src)
		if !strings.Contains(got, want) || HasVideoEmbed([]byte(got)) {
			t.Errorf("Render(%q) = %q, want %q and no facade", src, got, want)
		}
	}
}

func TestLocalMP4ParagraphBecomesPlayer(t *testing.T) {
	res := fakeResolver{"phim.mp4": "/media/sites/x/phim.mp4"}
	got := renderWith(t, res, "[Phim tư liệu](phim.mp4)")
	want := `<figure class="video video-file"><video controls preload="none" playsinline width="640" height="360" src="/media/sites/x/phim.mp4" aria-label="Phim tư liệu"></video><figcaption>Phim tư liệu</figcaption></figure>`
	if !strings.Contains(got, want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// A missing file stays text, and a player needs no facade script.
	if got := renderWith(t, res, "[x](khac.mp4)"); strings.Contains(got, "<video") || HasVideoEmbed([]byte(got)) {
		t.Errorf("missing mp4 rendered %s", got)
	}
}

func TestVideoLinksHaveLines(t *testing.T) {
	src := "Đoạn một có https://youtu.be/dQw4w9WgXcQ giữa câu.\n\nhttps://youtu.be/xau\n\n[Phim](https://vimeo.com/abc)\n"
	got := New().VideoLinks([]byte(src))
	want := []Link{{Dest: "https://youtu.be/xau", Line: 3, Kind: KindLink}, {Dest: "https://vimeo.com/abc", Line: 5, Kind: KindLink}}
	if len(got) != len(want) {
		t.Fatalf("VideoLinks = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("VideoLinks[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}
