package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/jpeg"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/media"
	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/internal/testsite"
	"golang.org/x/net/html"
)

// renderCards loads files with placards (and so cards) and renders them.
func renderCards(t *testing.T, files map[string]string, opts LoadOptions) (*Model, *output.Memory) {
	t.Helper()
	var diags diag.List
	m := Load(testsite.MapFS(files), opts, &diags)
	if m == nil || diags.HasErrors() {
		t.Fatalf("load failed:\n%s", diags.String())
	}
	mem := output.NewMemory()
	if _, err := m.Render(mem); err != nil {
		t.Fatalf("render: %v", err)
	}
	return m, mem
}

// ogMeta returns a page's og:image properties by name.
func ogMeta(t *testing.T, page string) map[string]string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "meta" {
			if p := attr(n, "property"); strings.HasPrefix(p, "og:image") {
				if _, dup := out[p]; dup {
					t.Errorf("%s twice", p)
				}
				out[p] = attr(n, "content")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func decodeCard(t *testing.T, b []byte, name string) image.Image {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s is not a JPEG: %v", name, err)
	}
	if img.Bounds().Dx() != 1200 || img.Bounds().Dy() != 630 {
		t.Fatalf("%s is %v, want 1200×630", name, img.Bounds().Size())
	}
	return img
}

// Every entry without a photo gets a card, and every page of it, in every
// language, shares the card; an entry with a photo keeps its photo.
func TestShareCards(t *testing.T) {
	t.Parallel()
	m, mem := renderCards(t, withMedia(baseSite(), true), LoadOptions{})
	const tunnels = "media/sites/dia-dao-nhon-trach/"
	for _, e := range m.Content.Entries {
		decodeCard(t, mustGet(t, mem, "cards/"+e.ID()+".jpg"), e.ID())
		for _, lang := range m.Langs {
			name := file(EntryPath(lang, e))
			og := ogMeta(t, page(t, mem, name))
			want := map[string]string{
				"og:image":        "https://guide.example.vn/cards/" + e.ID() + ".jpg",
				"og:image:width":  "1200",
				"og:image:height": "630",
			}
			if e.ID() == "NT-001" { // has photos: its cover stays
				want = map[string]string{
					"og:image":        "https://guide.example.vn/" + tunnels + "cong-1600.jpg",
					"og:image:width":  "1600",
					"og:image:height": "800",
					"og:image:alt":    "Cổng vào khu địa đạo",
				}
			} else {
				// The alt text is what the card says, in the default
				// language on every page, as the card is.
				want["og:image:alt"] = e.Default.Front.Title + " · Huyện đoàn Thử nghiệm · guide.example.vn/p/" + e.ID() + "/"
			}
			for k, v := range want {
				if og[k] != v {
					t.Errorf("%s: %s=%q, want %q", name, k, og[k], v)
				}
			}
		}
	}
	// The photo's card is the photo: red on the left, blue on the right,
	// darkened.
	img := decodeCard(t, mustGet(t, mem, "cards/NT-001.jpg"), "NT-001")
	l, r := img.At(40, 300), img.At(1160, 300)
	lr, _, lb, _ := l.RGBA()
	rr, _, rb, _ := r.RGBA()
	if !(lr > lb && rb > rr) {
		t.Errorf("NT-001's card: left %v, right %v; want the photo's red and blue halves", l, r)
	}
	// A page that is no entry's shares nothing.
	if og := ogMeta(t, page(t, mem, "vi/index.html")); len(og) != 0 {
		t.Errorf("home page: %v", og)
	}
}

func mustGet(t *testing.T, mem *output.Memory, name string) []byte {
	t.Helper()
	b, ok := mem.Get(name)
	if !ok {
		t.Fatalf("no %s in output", name)
	}
	return b
}

// -no-placards (and check) draw no cards, and change no page.
func TestShareCardsWaitForPlacards(t *testing.T) {
	t.Parallel()
	_, with := renderCards(t, baseSite(), LoadOptions{})
	_, without := renderCards(t, baseSite(), LoadOptions{NoPlacards: true})
	for _, name := range with.Names() {
		b, _ := with.Get(name)
		o, ok := without.Get(name)
		switch {
		case strings.HasPrefix(name, "cards/"):
			if ok {
				t.Errorf("%s drawn with -no-placards", name)
			}
		case strings.HasSuffix(name, ".html") && !strings.Contains(name, "placards"):
			if !bytes.Equal(b, o) {
				t.Errorf("%s differs between a build with and without placards", name)
			}
		}
	}
}

// Two builds draw byte-identical cards; a rebuild takes unchanged cards
// from the cache, and draws again the one whose title changed.
func TestShareCardsAreDeterministicAndCached(t *testing.T) {
	t.Parallel()
	files := withMedia(baseSite(), true)
	_, a := renderCards(t, files, LoadOptions{})
	_, b := renderCards(t, files, LoadOptions{})
	n := 0
	for _, name := range a.Names() {
		if strings.HasPrefix(name, "cards/") {
			n++
			if !bytes.Equal(mustGet(t, a, name), mustGet(t, b, name)) {
				t.Errorf("%s differs between two builds", name)
			}
		}
	}
	if n != 5 {
		t.Errorf("%d cards, want one per entry (5)", n)
	}

	dir := t.TempDir()
	renderCards(t, files, LoadOptions{CacheDir: dir})
	// Mark every cached card: a card the next build takes from the cache
	// comes out marked.
	var cached int
	err := filepath.WalkDir(filepath.Join(dir, "cards"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			cached++
			err = os.WriteFile(p, []byte("from the cache"), 0o644)
		}
		return err
	})
	if err != nil || cached != 5 {
		t.Fatalf("%d cards cached (%v), want 5", cached, err)
	}
	const dinh = "content/sites/dinh-phu-my/index.vi.md"
	files[dinh] = strings.Replace(files[dinh], "title: Đình Phú Mỹ", "title: Đình làng Phú Mỹ", 1)
	_, c := renderCards(t, files, LoadOptions{CacheDir: dir})
	for _, name := range c.Names() {
		if !strings.HasPrefix(name, "cards/") {
			continue
		}
		marked := string(mustGet(t, c, name)) == "from the cache"
		if name == "cards/NT-002.jpg" {
			if marked {
				t.Error("NT-002's title changed, but its card came from the cache")
			} else {
				decodeCard(t, mustGet(t, c, name), name)
			}
		} else if !marked {
			t.Errorf("%s was drawn again, though nothing it shows changed", name)
		}
	}
}

// What an editor can write draws a card without failing, and the card's
// words are escaped in the page like every other text.
func TestShareCardsOfHostileText(t *testing.T) {
	t.Parallel()
	vectors := append(xssVectors(t)[:6], "\u202eĐình\u202c 🏯🇻🇳 "+strings.Repeat("dài ", 100))
	for _, v := range vectors {
		files := hostileSite(t, allFields, v)
		var diags diag.List
		m := Load(testsite.MapFS(files), LoadOptions{NoPlacards: true}, &diags)
		if m == nil {
			t.Fatalf("%q: nothing loaded:\n%s", v, diags.String())
		}
		for _, e := range m.Content.Entries {
			b, err := m.card(e)
			if err != nil {
				t.Errorf("%q: %s: %v", v, e.ID(), err)
				continue
			}
			decodeCard(t, b, e.ID())
		}
	}
}

// cardGolden is the SHA-256 of three cards (a drawn relic site, a marker,
// a photo) under each cardVersion. Cached cards are reused by a key that
// holds the version and the spec, not media.Card's code: when this test
// fails, the drawing changed, so bump cardVersion (or old cards keep
// being handed out from every cache) and record the new digest under it.
var cardGolden = map[string]string{
	// card-3: JPEG quality 80 (card-2 was 85; the key held the quality
	// too, so no stale card was ever handed out).
	"card-3": "d5d07c0d9362f3093815b91e4617e14ad09a332575d4e53d31c93b689aebadeb",
}

func TestCardBytesChangeOnlyWithTheVersion(t *testing.T) {
	h := sha256.New()
	for _, s := range []media.CardSpec{
		{Title: "Đình Phú Mỹ", Kicker: "Di tích lịch sử · Di tích cấp tỉnh", Organization: "Huyện đoàn Nhơn Trạch", Link: "guide.example.vn/p/NT-002/"},
		{Title: "Cột mốc 692", Kicker: "Mốc chính số 692 · Việt Nam – Lào", Motif: media.MotifMarker, Mark: "692", Organization: "Tỉnh đoàn Quảng Nam", Link: "guide.example.vn/p/QN-M692/"},
		{Title: "Địa đạo Nhơn Trạch", Kicker: "Di tích lịch sử", Organization: "Huyện đoàn Nhơn Trạch", Link: "guide.example.vn/p/NT-001/", Photo: []byte(jpegOf(900, 500))},
	} {
		b, err := media.Card(s)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(b)
	}
	got := hex.EncodeToString(h.Sum(nil))
	if want, known := cardGolden[cardVersion]; !known || got != want {
		t.Errorf("card bytes under %s are %s, recorded %q: if media.Card's drawing changed, bump cardVersion and record this digest under it", cardVersion, got, want)
	}
}
