package markdown

import (
	"bytes"
	"strings"
	"testing"
)

// langResolver resolves like a page in one language would, with words
// that differ by language.
type langResolver struct{ lang string }

func (l langResolver) ResolveID(id string) (string, bool) {
	if id == "NT-001" || id == "NT-002" {
		return "/" + l.lang + "/sites/" + strings.ToLower(id) + "/", true
	}
	return "", false
}

// ResolveFile gives addresses with characters that links, images and
// video sources escape differently.
func (l langResolver) ResolveFile(name string) (string, bool) {
	if _, ok := (fuzzResolver{}).ResolveFile(name); !ok {
		return "", false
	}
	return "/media/it's&amp;<" + l.lang + ">/" + name, true
}

func (l langResolver) Label(key string) string {
	return map[string]string{"video_play": "Bấm & phát <" + l.lang + ">", "video_watch_on": "Xem trên %s (" + l.lang + ")", "video": "Phim \"" + l.lang + "\""}[key]
}

func knownID(id string) bool { _, ok := (langResolver{}).ResolveID(id); return ok }

func knownFile(name string) bool { _, ok := fuzzResolver{}.ResolveFile(name); return ok }

var prepareSamples = []string{
	"Xem [địa đạo](id:NT-001) và [đình](id:NT-002 \"tiêu đề\"), không phải [x](id:NT-404).\n",
	"https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n[Phim tư liệu](https://vimeo.com/76979871)\n\n[](phim.mp4)\n\nhttps://www.facebook.com/watch/?v=10153231379946729\n",
	"# Tiêu đề\n\n![cổng](cong.jpg) [sơ đồ](so-do.pdf#trang-2) <b>thô</b> a@b.vn www.example.vn\n",
	"| a | b |\n|---|---|\n| [id](id:NT-001) | ~~gạch~~ |\n\n> trích [dẫn](id:NT-002)\n",
	"Văn bản có sẵn ~dchd7~i~4e542d303031~ và [liên kết](id:NT-001).\n",
	"[ảnh id](id:NT-001)\n\n![ảnh id](id:NT-001)\n",
	// Entities that decode to a marker, a well-formed one for an unknown
	// ID, and a broken one: markers Prepare did not write.
	"&#126;dchd7~i~4e542d343034~ [a](id:NT-001)\n\n&#126;dchd7~q\n",
}

// A prepared body lets go of its source only when Finish can complete its
// HTML without it; text that decodes to a marker keeps it.
func TestPreparedKeepsSourceOnlyWhenNeeded(t *testing.T) {
	r := New()
	if p := r.Prepare([]byte(prepareSamples[0]), knownFile, knownID); p.Source() || p.src != nil {
		t.Errorf("an ordinary body kept its source")
	}
	for _, src := range []string{prepareSamples[4], prepareSamples[len(prepareSamples)-1]} {
		if p := r.Prepare([]byte(src), knownFile, knownID); !p.Source() {
			t.Errorf("%q: prepared without its source", src)
		}
	}
}

// A prepared body finished for a page is exactly what rendering the text
// for that page gives, in every language, and its scan is Scan's.
func TestPrepareFinishMatchesRender(t *testing.T) {
	r := New()
	for _, src := range prepareSamples {
		p := r.Prepare([]byte(src), knownFile, knownID)
		for _, lang := range []string{"vi", "en"} {
			res := langResolver{lang}
			want, err := r.Render([]byte(src), res)
			if err != nil {
				t.Fatal(err)
			}
			got, err := r.Finish(p, res)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s, %q:\nfinished %s\nrendered %s", lang, src, got, want)
			}
			if bytes.Contains(got, []byte(marker)) && !strings.Contains(src, "dchd7") {
				t.Errorf("a marker is left in %s", got)
			}
		}
		if a, b := p.Scan, r.Scan([]byte(src)); len(a.Links) != len(b.Links) || len(a.Lone) != len(b.Lone) {
			t.Errorf("%q: prepared scan %+v, Scan %+v", src, a, b)
		} else {
			for i := range a.Links {
				if a.Links[i] != b.Links[i] {
					t.Errorf("%q: link %d: %+v, want %+v", src, i, a.Links[i], b.Links[i])
				}
			}
			for i := range a.Lone {
				if a.Lone[i] != b.Lone[i] {
					t.Errorf("%q: lone link %d: %+v, want %+v", src, i, a.Lone[i], b.Lone[i])
				}
			}
		}
	}
}

// FuzzPrepare: for any body, Prepare then Finish gives what Render gives.
func FuzzPrepare(f *testing.F) {
	for _, s := range prepareSamples {
		f.Add([]byte(s))
	}
	r := New()
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 16<<10 || bytes.IndexByte(src, '\r') >= 0 {
			return
		}
		p := r.Prepare(src, knownFile, knownID)
		res := langResolver{"en"}
		want, err := r.Render(src, res)
		if err != nil {
			return
		}
		got, err := r.Finish(p, res)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("finished %s\nrendered %s\nin: %q", got, want, src)
		}
	})
}
