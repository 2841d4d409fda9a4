package media

// Share cards: the 1200×630 picture Zalo, Facebook and messengers show
// under a shared link. A card carries the entry's title, its kind, the
// organisation and the short link, over the entry's cover photo (cropped
// to fill and darkened, so white text stays legible) or over a drawn
// background in the theme's red with a motif for the kind: a star for a
// relic site, the marker's number for a border marker, a route for a tour.
//
// Text is set in the embedded DejaVu faces (full Vietnamese, the same
// fonts as the placards), measured with the fonts' own advances and
// kerning: a long title wraps on word boundaries, shrinks in steps, and
// ends in an ellipsis after CardMaxLines lines. Drawing and encoding use
// only deterministic code (x/image rasterizers, the standard JPEG encoder
// at a fixed quality), so the same spec always gives the same bytes.

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"strings"
	"sync"
	"unicode"

	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
	"golang.org/x/text/unicode/norm"
)

// A card's size: the 1.91:1 picture every link preview shows uncropped.
const (
	CardWidth  = 1200
	CardHeight = 630
)

// CardQuality is the JPEG quality of a card, the photo variants' (80):
// text edges stay clean, and a card weighs 40–100 KB (50 KB for a short
// title), which a guide of 10,000 entries publishes 10,000 times (at 85
// cards were 15% larger; the dot grid costs a fifth of a drawn card).
const CardQuality = Quality

// CardMaxLines is the most lines a title takes; a longer one ends in "…".
const CardMaxLines = 4

// CardSafe is the area every letter of a card lies in: link previews crop
// a few pixels off some edges, and text near an edge reads badly.
var CardSafe = image.Rect(72, 48, CardWidth-72, CardHeight-44)

// The title sizes tried, largest first, in pixels (the em size).
var cardTitleSizes = []float64{80, 72, 64, 56, 50}

// A CardMotif is the drawn background's picture: what kind of entry it is.
type CardMotif int

const (
	MotifStar   CardMotif = iota // a relic site, a free page: a five-pointed star
	MotifMarker                  // a border marker: its number, large
	MotifRoute                   // a tour: a route through stops
)

// CardSpec is everything a card shows. Text is NFC-normalised and cleaned
// here (control and format characters, and characters the font has no
// letter for, are left out), so callers pass what editors wrote.
type CardSpec struct {
	// Title is the entry's title in the default language.
	Title string
	// Kicker is the small line above the title: "Di tích lịch sử · Di
	// tích quốc gia", "Mốc chính số 692 · Việt Nam – Lào". Shown in
	// capitals.
	Kicker string
	// Motif and Mark draw the background when there is no photo; Mark is
	// a marker's number ("692", "674/2").
	Motif CardMotif
	Mark  string
	// Organization and Link make the footer: "Huyện đoàn Nhơn Trạch",
	// "diachido.example.vn/p/NT-001/" (as printed on the placard).
	Organization string
	Link         string
	// Photo, when not nil, is the cover photo's file (JPEG, PNG, GIF or
	// WebP; EXIF orientation applied).
	Photo []byte
}

// CardText is one line of text on a card, where it is drawn and the box
// its ink covers.
type CardText struct {
	// Role is "kicker", "title", "organization" or "link".
	Role string
	Text string
	Size float64
	Bold bool
	// Dot is where the line starts on its baseline.
	Dot fixed.Point26_6
	// Ink is the box the line's glyphs cover, in card pixels, rounded
	// outwards.
	Ink image.Rectangle
}

// CardLayout is where a card's text goes, decided before anything is
// drawn; tests check it against CardSafe.
type CardLayout struct {
	Texts []CardText
	// TitleSize is the title's size, and Truncated says its last line
	// ends in an ellipsis because the whole title did not fit.
	TitleSize float64
	Truncated bool
	// RuleY is the top of the gold rule over the footer: higher when the
	// footer takes two lines.
	RuleY int
}

// Title returns the title's lines.
func (l CardLayout) Title() []string {
	var out []string
	for _, t := range l.Texts {
		if t.Role == "title" {
			out = append(out, t.Text)
		}
	}
	return out
}

// The card's colours: the theme's red, a darker red for the gradient, the
// gold of its accents brightened for a dark ground, and its paper white.
var (
	cardRed   = color.RGBA{0x8f, 0x1d, 0x1d, 0xff}
	cardDeep  = color.RGBA{0x5a, 0x10, 0x10, 0xff}
	cardGold  = color.RGBA{0xe9, 0xb8, 0x48, 0xff}
	cardPaper = color.RGBA{0xff, 0xfd, 0xf8, 0xff}
	cardShade = color.RGBA{0x1c, 0x0a, 0x08, 0xff} // darkens a photo
)

var (
	cardFontsOnce sync.Once
	cardRegular   *sfnt.Font
	cardBold      *sfnt.Font
)

// cardFonts parses the embedded faces once per process; sfnt.Fonts are
// safe for concurrent use, the faces made from them are not (faces).
func cardFonts() (regular, bold *sfnt.Font) {
	cardFontsOnce.Do(func() {
		var err error
		if cardRegular, err = opentype.Parse(dejavusans.TTF); err != nil {
			panic(fmt.Sprintf("media: embedded DejaVu Sans: %v", err))
		}
		if cardBold, err = opentype.Parse(dejavusansbold.TTF); err != nil {
			panic(fmt.Sprintf("media: embedded DejaVu Sans Bold: %v", err))
		}
	})
	return cardRegular, cardBold
}

// faces makes and keeps the faces one card uses; it belongs to one
// goroutine.
type faces struct {
	m   map[faceKey]font.Face
	buf sfnt.Buffer
}

type faceKey struct {
	size float64
	bold bool
}

func newFaces() *faces { return &faces{m: map[faceKey]font.Face{}} }

func (fs *faces) face(size float64, bold bool) font.Face {
	k := faceKey{size, bold}
	if f, ok := fs.m[k]; ok {
		return f
	}
	reg, b := cardFonts()
	src := reg
	if bold {
		src = b
	}
	f, err := opentype.NewFace(src, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic(fmt.Sprintf("media: face %v: %v", k, err)) // fixed sizes of an embedded font
	}
	fs.m[k] = f
	return f
}

// clean normalises s to NFC, folds runs of white space into one space,
// and leaves out what would draw as nothing or as a box: control and
// format characters (bidi overrides, zero-width joiners), private-use
// characters, and any character neither face has a glyph for (most
// emoji). Both faces cover the same Latin, Vietnamese and punctuation.
func (fs *faces) clean(s string) string {
	reg, bold := cardFonts()
	s = norm.NFC.String(s)
	var b strings.Builder
	space := false
	marks := -1 // combining marks on the last letter; -1: no letter to put them on
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			marks = -1
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Co, r), r == unicode.ReplacementChar, r == '\u034f':
			continue
		case unicode.Is(unicode.Mn, r):
			// After NFC a Vietnamese letter keeps at most a mark or two;
			// more (or a mark on nothing) is stacked junk that would
			// spill out of the line.
			if marks < 0 || marks >= 2 {
				continue
			}
			marks++
		default:
			marks = 0
		}
		if gi, err := reg.GlyphIndex(&fs.buf, r); err != nil || gi == 0 {
			continue
		}
		if gi, err := bold.GlyphIndex(&fs.buf, r); err != nil || gi == 0 {
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// LayoutCard decides where a card's text goes.
func LayoutCard(s CardSpec) CardLayout {
	return layoutCard(s, newFaces())
}

func layoutCard(s CardSpec, fs *faces) CardLayout {
	var l CardLayout
	safe := CardSafe
	width := fixed.I(safe.Dx())
	add := func(role, text string, size float64, bold bool, dot fixed.Point26_6) {
		if text == "" {
			return
		}
		ink, _ := font.BoundString(fs.face(size, bold), text)
		ink = ink.Add(dot)
		l.Texts = append(l.Texts, CardText{Role: role, Text: text, Size: size, Bold: bold, Dot: dot,
			Ink: image.Rect(ink.Min.X.Floor(), ink.Min.Y.Floor(), ink.Max.X.Ceil(), ink.Max.Y.Ceil())})
	}

	// The kicker: small gold capitals under the accent bar.
	const kickerSize = 27
	kicker := strings.ToUpper(fs.clean(s.Kicker))
	kicker = fitLine(fs.face(kickerSize, true), kicker, width)
	add("kicker", kicker, kickerSize, true, fixed.P(safe.Min.X, safe.Min.Y+58))

	// The footer: the organisation on the left, the link on the right,
	// on one baseline when both fit there; else the organisation on a
	// line of its own above the link, and the rule moves up to make
	// room. The link is what a reader types: it keeps its size down to a
	// floor and is shortened only past it.
	const footSize = 28
	footBase := safe.Max.Y - 12
	link := fs.clean(s.Link)
	linkSize := float64(footSize + 2)
	for linkSize > 20 && font.MeasureString(fs.face(linkSize, true), link) > width {
		linkSize -= 2
	}
	link = fitLine(fs.face(linkSize, true), link, width)
	lw := font.MeasureString(fs.face(linkSize, true), link)
	org := fs.clean(s.Organization)
	gap := fixed.I(36)
	if link == "" {
		gap = 0
	}
	l.RuleY = cardRuleY
	if ow := font.MeasureString(fs.face(footSize, false), org); ow+gap+lw <= width {
		add("link", link, linkSize, true, fixed.Point26_6{X: fixed.I(safe.Max.X) - lw, Y: fixed.I(footBase)})
		add("organization", org, footSize, false, fixed.P(safe.Min.X, footBase))
	} else {
		const orgSize = 26
		org = fitLine(fs.face(orgSize, false), org, width)
		add("link", link, linkSize, true, fixed.P(safe.Min.X, footBase))
		add("organization", org, orgSize, false, fixed.P(safe.Min.X, footBase-42))
		l.RuleY -= 42
	}

	// The title, bottom-aligned above the footer's rule: the largest size
	// at which it fits in the lines that size allows, else the smallest,
	// cut after CardMaxLines lines with an ellipsis.
	title := fs.clean(s.Title)
	top, bottom := safe.Min.Y+96, l.RuleY-28
	var lines []string
	var size float64
	for i, sz := range cardTitleSizes {
		f := fs.face(sz, true)
		n := maxLines(f, bottom-top)
		lines = wrap(f, title, width)
		size = sz
		if len(lines) <= n {
			break
		}
		if i == len(cardTitleSizes)-1 {
			lines = truncate(f, lines, n, width)
			l.Truncated = true
		}
	}
	l.TitleSize = size
	f := fs.face(size, true)
	lh := lineHeight(f)
	desc := f.Metrics().Descent
	base := fixed.I(bottom) - desc - lh*fixed.Int26_6(len(lines)-1)
	for i, line := range lines {
		add("title", line, size, true, fixed.Point26_6{X: fixed.I(safe.Min.X), Y: base + lh*fixed.Int26_6(i)})
	}
	return l
}

// cardTagPad is the red tag's margin around the kicker on a photo.
const cardTagPad = 12

// cardRuleY is the top of the gold rule between the title and a footer
// of one line.
const cardRuleY = CardHeight - 44 - 62

func lineHeight(f font.Face) fixed.Int26_6 {
	m := f.Metrics()
	return (m.Ascent + m.Descent) * 21 / 20
}

// maxLines is how many lines of f fit in h pixels, at most CardMaxLines:
// the first line's full ascent (room for stacked Vietnamese marks over a
// capital), the others a line height apart, the last line's descent.
func maxLines(f font.Face, h int) int {
	m := f.Metrics()
	room := fixed.I(h) - m.Ascent - m.Descent
	if room < 0 {
		return 1
	}
	return min(1+int(room/lineHeight(f)), CardMaxLines)
}

// wrap breaks s into lines no wider than w on spaces; a word wider than a
// line by itself is broken between letters (never between a letter and
// its combining marks).
func wrap(f font.Face, s string, w fixed.Int26_6) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if font.MeasureString(f, try) <= w {
			cur = try
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
			cur = ""
		}
		for font.MeasureString(f, word) > w {
			head, rest := splitFit(f, word, w)
			lines = append(lines, head)
			word = rest
		}
		cur = word
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// splitFit cuts the longest head off s that fits in w (at least one
// letter, so that the loop in wrap ends).
func splitFit(f font.Face, s string, w fixed.Int26_6) (head, rest string) {
	cut := 0
	for i, r := range s {
		if i > 0 && !unicode.Is(unicode.Mn, r) {
			if font.MeasureString(f, s[:i]) > w {
				break
			}
			cut = i
		}
	}
	if cut == 0 {
		for i := range s {
			if i > 0 {
				cut = i
				break
			}
		}
		if cut == 0 {
			return s, ""
		}
	}
	return s[:cut], s[cut:]
}

// truncate keeps the first n lines and ends the last with "…", taking
// words (or, for one long word, letters) off it until the ellipsis fits.
func truncate(f font.Face, lines []string, n int, w fixed.Int26_6) []string {
	if len(lines) <= n {
		return lines
	}
	out := append([]string(nil), lines[:n]...)
	last := out[n-1] + " " + lines[n]
	out[n-1] = ellipsize(f, last, w)
	return out
}

// ellipsize shortens s until s+"…" fits in w, cutting at a space where
// one leaves at least half the line.
func ellipsize(f font.Face, s string, w fixed.Int26_6) string {
	const ell = "…"
	for s != "" {
		t := strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) && r != ')' })
		if font.MeasureString(f, t+ell) <= w {
			return t + ell
		}
		if i := strings.LastIndexByte(s, ' '); i > 0 && font.MeasureString(f, s[:i]) >= w/2 {
			s = s[:i]
			continue
		}
		s = dropLast(s)
	}
	return ell
}

// dropLast removes the last letter of s with its combining marks.
func dropLast(s string) string {
	rs := []rune(s)
	i := len(rs) - 1
	for i > 0 && unicode.Is(unicode.Mn, rs[i]) {
		i--
	}
	return string(rs[:i])
}

// fitLine returns s, or s shortened with an ellipsis to fit in w.
func fitLine(f font.Face, s string, w fixed.Int26_6) string {
	if font.MeasureString(f, s) <= w {
		return s
	}
	return ellipsize(f, s, w)
}

// cardPix holds the pixels of drawn cards between one card and the next:
// a card is 3 MB, and a build of 10,000 cards spent a tenth of each on
// allocating and zeroing a picture it then overwrote whole with its
// ground. Card gives them back once encoded; a picture DrawCard returns
// to another caller is that caller's.
var cardPix = sync.Pool{New: func() any { b := make([]byte, 4*CardWidth*CardHeight); return &b }}

// Card draws a share card and encodes it as JPEG.
func Card(s CardSpec) ([]byte, error) {
	img, _, err := DrawCard(s)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(128 << 10)
	err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: CardQuality})
	if s.Photo == nil && cap(img.Pix) == 4*CardWidth*CardHeight {
		pix := img.Pix[:cap(img.Pix)]
		cardPix.Put(&pix)
	}
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// DrawCard draws a share card, returning the picture and its layout.
func DrawCard(s CardSpec) (*image.RGBA, CardLayout, error) {
	fs := newFaces()
	l := layoutCard(s, fs)
	var img *image.RGBA
	if s.Photo != nil {
		var err error
		if img, err = coverFill(s.Photo, CardWidth, CardHeight); err != nil {
			return nil, l, err
		}
		shade(img)
	} else {
		img = drawnGround(s, fs)
	}
	safe := CardSafe
	if s.Photo == nil {
		// The gold accent bar over the kicker.
		draw.Draw(img, image.Rect(safe.Min.X, safe.Min.Y, safe.Min.X+72, safe.Min.Y+7), image.NewUniform(cardGold), image.Point{}, draw.Src)
	}
	// The rule over the footer.
	draw.Draw(img, image.Rect(safe.Min.X, l.RuleY, safe.Max.X, l.RuleY+2), image.NewUniform(color.NRGBA{0xe9, 0xb8, 0x48, 0xb0}), image.Point{}, draw.Over)
	for _, t := range l.Texts {
		col := cardPaper
		switch {
		case t.Role == "kicker" && s.Photo != nil:
			// Over a photo the kicker is white on a red tag: gold would
			// not read over a bright sky.
			tag := image.Rect(safe.Min.X-cardTagPad, t.Ink.Min.Y-cardTagPad, t.Ink.Max.X+cardTagPad, t.Ink.Max.Y+cardTagPad)
			draw.Draw(img, tag, image.NewUniform(cardRed), image.Point{}, draw.Src)
		case t.Role == "kicker", t.Role == "link":
			col = cardGold
		}
		d := font.Drawer{Dst: img, Src: image.NewUniform(col), Face: fs.face(t.Size, t.Bold), Dot: t.Dot}
		d.DrawString(t.Text)
	}
	return img, l, nil
}

// coverFill decodes a photo, upright, cropped around its centre to the
// card's shape and scaled to fill it. It scales before turning the photo
// upright: a centred crop is the same either way, and turning the small
// picture costs less; bilinear resampling is enough under the shade, and
// a third faster than the variants' Catmull-Rom. Transparent parts show
// the theme's red.
func coverFill(data []byte, w, h int) (*image.RGBA, error) {
	src, orient, err := decodeOriented(data)
	if err != nil {
		return nil, err
	}
	tw, th := w, h
	if orient >= 5 {
		tw, th = h, w
	}
	sb := src.Bounds()
	sw, sh := sb.Dx(), sb.Dy()
	cw, ch := sw, (sw*th+tw/2)/tw
	if ch > sh {
		ch, cw = sh, (sh*tw+th/2)/th
	}
	cw, ch = max(cw, 1), max(ch, 1)
	crop := image.Rect(0, 0, cw, ch).Add(sb.Min).Add(image.Pt((sw-cw)/2, (sh-ch)/2))
	dst := image.NewRGBA(image.Rect(0, 0, tw, th))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(cardRed), image.Point{}, draw.Src)
	draw.BiLinear.Scale(dst, dst.Bounds(), src, crop, draw.Over, nil)
	return orientRGBA(dst, orient), nil
}

// shade darkens a photo towards the bottom, where the title and footer
// are, so that white text reads over a bright sky or a white wall.
func shade(img *image.RGBA) {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		t := float64(y-b.Min.Y) / float64(b.Dy()-1)
		a := uint32(math.Round(256 * (0.56 + 0.32*t*t))) // share of the shade, /256
		k := 256 - a
		sr, sg, sb := uint32(cardShade.R)*a, uint32(cardShade.G)*a, uint32(cardShade.B)*a
		row := img.Pix[img.PixOffset(b.Min.X, y):img.PixOffset(b.Max.X, y)]
		for i := 0; i+3 < len(row); i += 4 {
			row[i] = uint8((uint32(row[i])*k + sr) >> 8)
			row[i+1] = uint8((uint32(row[i+1])*k + sg) >> 8)
			row[i+2] = uint8((uint32(row[i+2])*k + sb) >> 8)
			row[i+3] = 0xff
		}
	}
}

// ground paints the drawn background: the theme's red deepening towards
// the bottom right, under a fine grid of dots.
func ground(img *image.RGBA) {
	b := img.Bounds()
	w, h := float64(b.Dx()-1), float64(b.Dy()-1)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			t := 0.35*float64(x)/w + 0.65*float64(y)/h
			t = t * t * (3 - 2*t) // smooth
			i := img.PixOffset(x, y)
			img.Pix[i] = lerp8(cardRed.R, cardDeep.R, t)
			img.Pix[i+1] = lerp8(cardRed.G, cardDeep.G, t)
			img.Pix[i+2] = lerp8(cardRed.B, cardDeep.B, t)
			img.Pix[i+3] = 0xff
		}
	}
	const step = 30
	dot := image.NewUniform(color.NRGBA{0xff, 0xff, 0xff, 0x1c})
	for y := step / 2; y < b.Dy(); y += step {
		for x := step / 2; x < b.Dx(); x += step {
			draw.Draw(img, image.Rect(x-1, y-1, x+2, y+2), dot, image.Point{}, draw.Over)
		}
	}
}

func lerp8(a, b uint8, t float64) uint8 {
	return uint8(math.Round(float64(a) + (float64(b)-float64(a))*t))
}

// A background is a drawn ground with a fixed motif: the same for every
// card of its kind, so it is drawn once per process and copied.
type background int

const (
	bgStar background = iota
	bgRoute
	bgPost
	bgPlain // a marker's: its number is drawn on each card
	numBackgrounds
)

var backgrounds [numBackgrounds]struct {
	once sync.Once
	img  *image.RGBA // read only once made
}

// motifTint is the motif's colour: a faint warm white behind the text.
var motifTint = image.NewUniform(color.NRGBA{0xff, 0xf0, 0xd8, 0x22})

func (k background) image() *image.RGBA {
	b := &backgrounds[k]
	b.once.Do(func() {
		img := image.NewRGBA(image.Rect(0, 0, CardWidth, CardHeight))
		ground(img)
		// Wider than the card: the star runs off its right edge, and the
		// rasterizer takes no path beyond its own bounds.
		z := vector.NewRasterizer(CardWidth+160, CardHeight)
		switch k {
		case bgStar:
			star(z, 1000, 322, 262)
		case bgRoute:
			route(z)
		case bgPost:
			postShape(z)
		}
		if k != bgPlain {
			z.Draw(img, img.Bounds(), motifTint, image.Point{})
		}
		b.img = img
	})
	return b.img
}

// drawnGround is a new picture of the background for s: a star for a
// relic site or a free page, a route for a tour, a marker's number (or,
// without one, a stone post).
func drawnGround(s CardSpec, fs *faces) *image.RGBA {
	k := bgStar
	mark := ""
	switch s.Motif {
	case MotifRoute:
		k = bgRoute
	case MotifMarker:
		k = bgPost
		if mark = fs.clean(s.Mark); mark != "" {
			k = bgPlain
		}
	}
	src := k.image()
	pix := *cardPix.Get().(*[]byte)
	if cap(pix) < len(src.Pix) {
		pix = make([]byte, len(src.Pix))
	}
	img := &image.RGBA{Pix: pix[:len(src.Pix)], Stride: src.Stride, Rect: src.Rect}
	copy(img.Pix, src.Pix) // every byte: nothing of the last card stays
	if mark != "" {
		size := 330.0
		for size > 120 && font.MeasureString(fs.face(size, true), mark) > fixed.I(620) {
			size -= 10
		}
		f := fs.face(size, true)
		adv := font.MeasureString(f, mark)
		d := font.Drawer{Dst: img, Src: motifTint, Face: f, Dot: fixed.Point26_6{X: fixed.I(CardWidth-40) - adv, Y: fixed.I(400)}}
		d.DrawString(mark)
	}
	return img
}

// star adds a five-pointed star centred at (cx, cy), its points r away.
func star(z *vector.Rasterizer, cx, cy, r float64) {
	inner := r * 0.382
	for i := 0; i < 10; i++ {
		rad := r
		if i%2 == 1 {
			rad = inner
		}
		a := -math.Pi/2 + float64(i)*math.Pi/5
		x, y := float32(cx+rad*math.Cos(a)), float32(cy+rad*math.Sin(a))
		if i == 0 {
			z.MoveTo(x, y)
		} else {
			z.LineTo(x, y)
		}
	}
	z.ClosePath()
}

// circle adds a disc (or, with a hole, a ring) as a polygon fine enough
// to look round at this size.
func circle(z *vector.Rasterizer, cx, cy, r float64, reverse bool) {
	const n = 48
	for i := 0; i <= n; i++ {
		a := 2 * math.Pi * float64(i) / n
		if reverse {
			a = -a
		}
		x, y := float32(cx+r*math.Cos(a)), float32(cy+r*math.Sin(a))
		if i == 0 {
			z.MoveTo(x, y)
		} else {
			z.LineTo(x, y)
		}
	}
	z.ClosePath()
}

// route adds a dotted path climbing through four stops.
func route(z *vector.Rasterizer) {
	stops := [][2]float64{{700, 470}, {860, 330}, {1010, 390}, {1130, 170}}
	for i, p := range stops {
		circle(z, p[0], p[1], 34, false)
		circle(z, p[0], p[1], 20, true) // a ring: the reversed inner circle cuts the hole
		if i == len(stops)-1 {
			break
		}
		q := stops[i+1]
		dx, dy := q[0]-p[0], q[1]-p[1]
		n := int(math.Hypot(dx, dy) / 26)
		for k := 2; k < n-1; k++ {
			t := float64(k) / float64(n)
			circle(z, p[0]+dx*t, p[1]+dy*t, 7, false)
		}
	}
}

// postShape adds a border marker's stone post: a rounded top on a block,
// for a marker without a number.
func postShape(z *vector.Rasterizer) {
	const x0, x1, top, bottom = 900.0, 1080.0, 150.0, 470.0
	const r = (x1 - x0) / 2
	z.MoveTo(x0, bottom)
	z.LineTo(x0, top+r)
	for i := 1; i < 24; i++ {
		a := math.Pi + math.Pi*float64(i)/24
		z.LineTo(float32(x0+r+r*math.Cos(a)), float32(top+r+r*math.Sin(a)))
	}
	z.LineTo(x1, top+r)
	z.LineTo(x1, bottom)
	z.ClosePath()
}
