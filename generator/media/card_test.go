package media

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func siteSpec(title string) CardSpec {
	return CardSpec{
		Title:        title,
		Kicker:       "Di tích lịch sử · Di tích quốc gia",
		Organization: "Huyện đoàn Nhơn Trạch",
		Link:         "diachido.example.vn/p/NT-001/",
	}
}

// longTitle is 300 characters of Vietnamese words.
var longTitle = func() string {
	words := strings.Fields("Khu di tích lịch sử cách mạng địa đạo Nhơn Trạch và đình làng Phước Thiền nơi ghi dấu những năm tháng kháng chiến chống thực dân Pháp và đế quốc Mỹ của quân và dân huyện")
	var b strings.Builder
	for i := 0; utf8.RuneCountInString(b.String()) < 300; i++ {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[i%len(words)])
	}
	return string([]rune(b.String())[:300])
}()

// checkInside fails when any text's ink leaves the safe area, or two
// lines' ink overlap.
func checkInside(t *testing.T, l CardLayout) {
	t.Helper()
	rule := image.Rect(CardSafe.Min.X, l.RuleY, CardSafe.Max.X, l.RuleY+2)
	for i, a := range l.Texts {
		if a.Ink.Overlaps(rule) {
			t.Errorf("%s %q: ink %v crosses the rule at y=%d", a.Role, a.Text, a.Ink, l.RuleY)
		}
		if !a.Ink.In(CardSafe) {
			t.Errorf("%s %q: ink %v leaves the safe area %v", a.Role, a.Text, a.Ink, CardSafe)
		}
		for _, b := range l.Texts[i+1:] {
			if a.Ink.Overlaps(b.Ink) {
				t.Errorf("%s %q (%v) and %s %q (%v) overlap", a.Role, a.Text, a.Ink, b.Role, b.Text, b.Ink)
			}
		}
	}
}

func roles(l CardLayout) map[string]string {
	out := map[string]string{}
	for _, t := range l.Texts {
		out[t.Role] += t.Text
	}
	return out
}

func TestCardIsA1200By630JPEG(t *testing.T) {
	b, err := Card(siteSpec("Đình Phú Mỹ"))
	if err != nil {
		t.Fatal(err)
	}
	img, format, err := image.Decode(bytes.NewReader(b))
	if err != nil || format != "jpeg" {
		t.Fatalf("not a JPEG: %s %v", format, err)
	}
	if img.Bounds().Dx() != 1200 || img.Bounds().Dy() != 630 {
		t.Fatalf("card is %v, want 1200×630", img.Bounds().Size())
	}
	// The drawn background is the theme's red.
	r, g, bl, _ := img.At(300, 300).RGBA()
	if r>>8 < 0x70 || g>>8 > 0x30 || bl>>8 > 0x30 {
		t.Errorf("background at (300,300) is %d,%d,%d; want the theme's red", r>>8, g>>8, bl>>8)
	}
	again, _ := Card(siteSpec("Đình Phú Mỹ"))
	if !bytes.Equal(b, again) {
		t.Error("the same spec gave different bytes")
	}
}

func TestCardShowsEverythingOnAShortTitle(t *testing.T) {
	l := LayoutCard(siteSpec("Đình Phú Mỹ"))
	checkInside(t, l)
	got := roles(l)
	want := map[string]string{"kicker": "DI TÍCH LỊCH SỬ · DI TÍCH QUỐC GIA", "title": "Đình Phú Mỹ", "organization": "Huyện đoàn Nhơn Trạch", "link": "diachido.example.vn/p/NT-001/"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s is %q, want %q", k, got[k], v)
		}
	}
	if l.TitleSize != cardTitleSizes[0] || len(l.Title()) != 1 || l.Truncated {
		t.Errorf("a short title is set at %v px on %d lines (truncated %t), want the largest size on one line", l.TitleSize, len(l.Title()), l.Truncated)
	}
	// The link ends at the right margin, the organisation starts at the left.
	for _, tx := range l.Texts {
		if tx.Role == "link" && CardSafe.Max.X-tx.Ink.Max.X > 8 {
			t.Errorf("link ends at x=%d, want near the right margin %d", tx.Ink.Max.X, CardSafe.Max.X)
		}
		if tx.Role == "organization" && tx.Ink.Min.X-CardSafe.Min.X > 8 {
			t.Errorf("organisation starts at x=%d, want near the left margin %d", tx.Ink.Min.X, CardSafe.Min.X)
		}
	}
}

// A title that needs a few lines wraps between words, keeping every word
// whole, at a smaller size.
func TestCardTitleWrapsOnWords(t *testing.T) {
	title := "Khu di tích lịch sử cách mạng Chiến khu Đ và địa đạo Nhơn Trạch"
	l := LayoutCard(siteSpec(title))
	checkInside(t, l)
	lines := l.Title()
	if len(lines) < 2 || l.Truncated {
		t.Fatalf("lines %q (truncated %t): want it wrapped, whole", lines, l.Truncated)
	}
	if strings.Join(lines, " ") != title {
		t.Errorf("lines %q do not join back into the title", lines)
	}
	for _, line := range lines {
		if strings.HasPrefix(line, " ") || strings.HasSuffix(line, " ") {
			t.Errorf("line %q starts or ends with a space", line)
		}
	}
}

func TestCardLongTitleStaysInside(t *testing.T) {
	if n := utf8.RuneCountInString(longTitle); n != 300 {
		t.Fatalf("fixture is %d characters", n)
	}
	l := LayoutCard(siteSpec(longTitle))
	checkInside(t, l)
	lines := l.Title()
	if len(lines) != CardMaxLines || !l.Truncated || !strings.HasSuffix(lines[len(lines)-1], "…") {
		t.Errorf("300 characters: %d lines %q (truncated %t); want %d ending in …", len(lines), lines, l.Truncated, CardMaxLines)
	}
	if l.TitleSize != cardTitleSizes[len(cardTitleSizes)-1] {
		t.Errorf("title size %v, want the smallest, %v", l.TitleSize, cardTitleSizes[len(cardTitleSizes)-1])
	}
	// Whole words up to the ellipsis.
	words := strings.Fields(longTitle)
	got := strings.Fields(strings.TrimSuffix(strings.Join(lines, " "), "…"))
	for i, w := range got {
		if w != words[i] {
			t.Errorf("word %d is %q, want %q", i, w, words[i])
			break
		}
	}
	// The lines are spread over the title's room: each is at least half
	// full, except the last.
	for _, tx := range l.Texts {
		if tx.Role == "title" && tx.Text != lines[len(lines)-1] && tx.Ink.Dx() < CardSafe.Dx()/2 {
			t.Errorf("title line %q is only %d px wide", tx.Text, tx.Ink.Dx())
		}
	}
	// Long organisation names and links are shortened, not spilled.
	s := siteSpec(longTitle)
	s.Organization = strings.Repeat("Ban Chấp hành Đoàn Thanh niên Cộng sản Hồ Chí Minh ", 3)
	s.Link = "doan-thanh-nien-huyen-nhon-trach.github.io/dia-chi-do-nhon-trach-dong-nai/p/NT-001/"
	s.Kicker = strings.Repeat("Di tích lịch sử · ", 10)
	checkInside(t, LayoutCard(s))
}

// An organisation too long to share the footer's line with the link gets
// a line of its own, whole.
func TestCardLongOrganisationTakesItsOwnLine(t *testing.T) {
	s := siteSpec("Cột mốc 676")
	s.Organization = "Dự án mẫu diachido — không phải trang chính thức"
	l := LayoutCard(s)
	checkInside(t, l)
	if got := roles(l)["organization"]; got != s.Organization {
		t.Errorf("organisation drawn as %q, want it whole", got)
	}
	var org, link CardText
	for _, tx := range l.Texts {
		switch tx.Role {
		case "organization":
			org = tx
		case "link":
			link = tx
		}
	}
	if org.Ink.Max.Y >= link.Ink.Min.Y || l.RuleY >= org.Ink.Min.Y {
		t.Errorf("rule at %d, organisation %v, link %v: want the rule, then the organisation, then the link", l.RuleY, org.Ink, link.Ink)
	}
	if short := LayoutCard(siteSpec("Cột mốc 676")); short.RuleY <= l.RuleY {
		t.Errorf("the rule is at %d with a one-line footer, %d with two", short.RuleY, l.RuleY)
	}
}

func TestCardUnbrokenWordIsCut(t *testing.T) {
	l := LayoutCard(siteSpec(strings.Repeat("Đ", 200)))
	checkInside(t, l)
	if len(l.Title()) != CardMaxLines {
		t.Errorf("lines %q", l.Title())
	}
}

// What an editor pastes never panics, never draws a control character or
// a missing-glyph box, and stays inside.
func TestCardHostileText(t *testing.T) {
	for _, title := range []string{
		`<script>alert("x")</script> & <img src=x onerror=alert(1)>`,
		"\u202eĐình Phú Mỹ\u202c \u200fשלום\u200e",
		"Đình 🏯🇻🇳👨‍👩‍👧 Phú Mỹ ❤️",
		"Đi\u0300nh decomposed: Phu\u031b\u0301 My\u0303", // NFD from macOS
		"\x00\x07\ttab\r\nnewline\uFEFF\uFFFD\U0010FFFF\uE000",
		"",
		"   ",
		string([]byte{0xff, 0xfe, 'x'}), // not UTF-8
		strings.Repeat("\u0301", 500),   // marks with no letter
	} {
		s := siteSpec(title)
		s.Organization, s.Kicker, s.Mark = title, title, title
		s.Motif = MotifMarker
		l := LayoutCard(s)
		checkInside(t, l)
		for _, tx := range l.Texts {
			for _, r := range tx.Text {
				if r < ' ' || r == '\u202e' || r == '\u200f' || r == '\uFEFF' || r == '\uFFFD' || r >= 0x1F000 {
					t.Errorf("%q: %s draws %U", title, tx.Role, r)
				}
			}
		}
		if _, err := Card(s); err != nil {
			t.Errorf("%q: %v", title, err)
		}
	}
	if got := roles(LayoutCard(siteSpec("Đi\u0300nh Phu\u031b\u0301 My\u0303")))["title"]; got != "Đình Phứ Mỹ" {
		t.Errorf("decomposed title drawn as %q, want it composed (NFC)", got)
	}
}

// photoOf is a w×h "photo": a bright sky over dark ground.
func photoOf(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{0x60, 0x90, 0x40, 0xff}
			if y < h/2 {
				c = color.RGBA{0xf4, 0xf6, 0xff, 0xff}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
	return buf.Bytes()
}

func TestCardFillsWithThePhoto(t *testing.T) {
	for _, size := range [][2]int{{1600, 800}, {600, 1000}, {300, 100}} {
		s := siteSpec("Đình Phú Mỹ")
		s.Photo = photoOf(size[0], size[1])
		img, l, err := DrawCard(s)
		if err != nil {
			t.Fatal(err)
		}
		checkInside(t, l)
		if img.Bounds() != image.Rect(0, 0, 1200, 630) {
			t.Fatalf("%v photo: card %v", size, img.Bounds())
		}
		// Cropped to fill: the sky at the top edge, the ground at the
		// bottom edge, both darkened; no band of background colour.
		top, bottom := img.RGBAAt(1190, 2), img.RGBAAt(1190, 627)
		if top.R < 90 || top.R > 0xd0 || int(top.R)-int(top.G) > 30 {
			t.Errorf("%v photo: top edge %v; want the white sky, darkened", size, top)
		}
		if int(bottom.R)+int(bottom.G)+int(bottom.B) > 160 || int(bottom.R)-int(bottom.G) > 30 {
			t.Errorf("%v photo: bottom edge %v; want the green ground, darker", size, bottom)
		}
	}
	if _, err := Card(CardSpec{Title: "x", Photo: []byte("not an image")}); err == nil {
		t.Error("a file that is not an image made a card")
	}
}

// A photo taken with the phone turned shows upright on its card.
func TestCardTurnsPhotosUpright(t *testing.T) {
	// Stored 800×420, red left and blue right; orientation 6 turns it
	// into 420×800 with red on top, and the card's crop of the middle is
	// red above blue. Orientation 1 leaves red on the left.
	for _, tc := range []struct {
		o                    uint16
		redX, redY, blX, blY int
	}{
		{1, 200, 300, 1000, 300},
		{6, 900, 180, 900, 610},
		{8, 900, 610, 900, 180},
	} {
		s := siteSpec("Đình Phú Mỹ")
		s.Photo = withOrientation(photo(800, 420), tc.o)
		img, _, err := DrawCard(s)
		if err != nil {
			t.Fatal(err)
		}
		r, b := img.RGBAAt(tc.redX, tc.redY), img.RGBAAt(tc.blX, tc.blY)
		if !(r.R > r.B+20) || !(b.B > b.R) {
			t.Errorf("orientation %d: (%d,%d) is %v, (%d,%d) is %v: want red then blue", tc.o, tc.redX, tc.redY, r, tc.blX, tc.blY, b)
		}
	}
}

// White text reads over the brightest photo: the shade gives every row
// text may stand on (title, footer) at least WCAG AA contrast, 4.5:1.
func TestCardShadeKeepsTextLegible(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, CardWidth, CardHeight))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	shade(img)
	lum := func(c color.RGBA) float64 {
		f := func(v uint8) float64 {
			x := float64(v) / 255
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*f(c.R) + 0.7152*f(c.G) + 0.0722*f(c.B)
	}
	l := LayoutCard(siteSpec(longTitle))
	for _, tx := range l.Texts {
		if tx.Role == "kicker" {
			continue // on its red tag
		}
		for y := tx.Ink.Min.Y; y < tx.Ink.Max.Y; y++ {
			bg := lum(img.RGBAAt(600, y))
			text := lum(cardPaper)
			if tx.Role == "link" {
				text = lum(cardGold)
			}
			if c := (text + 0.05) / (bg + 0.05); c < 4.5 {
				t.Errorf("%s at y=%d: contrast %.1f over a white photo", tx.Role, y, c)
				break
			}
		}
	}
}

// TestCardSamples writes sample cards for a person to look at, into the
// folder CARD_SAMPLES names (CARD_PHOTO: a photo to use for the first):
//
//	CARD_SAMPLES=/tmp/cards go test -run TestCardSamples ./generator/media
func TestCardSamples(t *testing.T) {
	dir := os.Getenv("CARD_SAMPLES")
	if dir == "" {
		t.Skip("set CARD_SAMPLES to a folder to write sample cards there")
	}
	photo := photoOf(1600, 1000)
	if p := os.Getenv("CARD_PHOTO"); p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		photo = b
	}
	withPhoto := siteSpec("Địa đạo Nhơn Trạch")
	withPhoto.Photo = photo
	marker := CardSpec{Title: "Mốc 692 biên giới Việt Nam – Lào", Kicker: "Mốc chính số 692 · Việt Nam – Lào", Motif: MotifMarker, Mark: "692",
		Organization: "Dự án mẫu diachido — không phải trang chính thức", Link: "diachido.example.vn/p/QN-M692/"}
	tour := CardSpec{Title: "Hành trình về nguồn: những địa chỉ đỏ Nhơn Trạch", Kicker: "Hành trình", Motif: MotifRoute,
		Organization: "Huyện đoàn Nhơn Trạch", Link: "diachido.example.vn/p/NT-T01/"}
	for name, s := range map[string]CardSpec{"photo-short": withPhoto, "nophoto-long": siteSpec(longTitle), "marker": marker, "tour": tour} {
		b, err := Card(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".jpg"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		// And the same pixels as PNG, for viewers that show only PNG.
		img, err := jpeg.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		var p bytes.Buffer
		if err := png.Encode(&p, img); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), p.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func BenchmarkCardDrawn(b *testing.B) {
	s := siteSpec("Khu di tích lịch sử cách mạng Chiến khu Đ và địa đạo Nhơn Trạch")
	for b.Loop() {
		if _, err := Card(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCardPhoto(b *testing.B) {
	s := siteSpec("Địa đạo Nhơn Trạch")
	s.Photo = photoOf(2000, 1500)
	for b.Loop() {
		if _, err := Card(s); err != nil {
			b.Fatal(err)
		}
	}
}

// Drawn cards reuse their pixels (cardPix): a card drawn after others,
// with another motif and a marker number in its ground, is byte for byte
// the card drawn first, on any number of goroutines.
func TestCardsDrawnInTurnAreTheSame(t *testing.T) {
	marker := CardSpec{Title: "Mốc 692", Kicker: "Mốc chính", Motif: MotifMarker, Mark: "692", Organization: "Tỉnh đoàn", Link: "x.vn/p/QN-M692/"}
	specs := []CardSpec{siteSpec("Địa đạo Nhơn Trạch"), marker, siteSpec(longTitle), {Title: "Hành trình", Motif: MotifRoute, Link: "x.vn/p/T1/"}}
	first := make([][]byte, len(specs))
	for i, s := range specs {
		b, err := Card(s)
		if err != nil {
			t.Fatal(err)
		}
		first[i] = b
	}
	done := make(chan error, 8)
	for g := range 8 {
		go func() {
			for r := range 3 {
				i := (g + r) % len(specs)
				b, err := Card(specs[i])
				if err == nil && !bytes.Equal(b, first[i]) {
					err = fmt.Errorf("card %d drawn again differs", i)
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
