package placard

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"

	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/go-fonts/dejavu/dejavusansmono"
	gofont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
)

// Embedded DejaVu TrueType fonts: full Vietnamese coverage (precomposed
// letters with stacked diacritics). They are parsed once per process and
// shared read-only by every render; each PDF embeds a subset holding only
// the glyphs it prints.
var (
	sansTTF     = dejavusans.TTF
	sansBoldTTF = dejavusansbold.TTF
	// monoTTF prints the URL: fixed-width glyphs with a slashed zero and a
	// distinct l/1/I make it easier to type when a camera fails.
	monoTTF = dejavusansmono.TTF
)

// fontKind selects one of the faces: the three embedded DejaVu faces, and
// the Lao faces a caller brings in Fonts.
type fontKind int

const (
	fontSans fontKind = iota
	fontBold
	fontMono
	fontLao
	fontLaoBold
	numFonts
)

// numDejaVu is how many of the kinds are embedded DejaVu faces.
const numDejaVu = 3

var (
	fontsOnce sync.Once
	fontSet   [numDejaVu]*ttFont
)

// dejavu returns the parsed DejaVu faces, indexed by fontKind. The fonts
// are part of the program, so a font that does not parse is a bug: it
// panics.
func dejavu() *[numDejaVu]*ttFont {
	fontsOnce.Do(func() {
		for k, b := range [numDejaVu][]byte{sansTTF, sansBoldTTF, monoTTF} {
			f, err := parseTTF(b)
			if err != nil {
				panic(fmt.Sprintf("placard: embedded font %d: %v", k, err))
			}
			fontSet[k] = f
		}
	})
	return &fontSet
}

// lao is the Lao kind that sets Lao text within text of kind k: the bold
// face for bold text, the regular one otherwise (also within the mono URL).
func (k fontKind) lao() fontKind {
	if k == fontBold || k == fontLaoBold {
		return fontLaoBold
	}
	return fontLao
}

// Fonts are faces the caller brings for a script the embedded DejaVu faces
// cannot set: Lao, whose vowel and tone marks stack over and under their
// consonant and must be placed by a shaper. The package reads no files;
// the caller reads the font files (site: from the Debian package
// fonts-noto-core) and passes their bytes to NewFonts.
//
// A Fonts is read-only and shared by every render on every core.
type Fonts struct {
	lao [2]*face // regular, bold
	sum [32]byte
}

// face is one shaped face: the tables the PDF writer embeds and measures
// with (tt), and the same file parsed by go-text/typesetting for shaping.
type face struct {
	tt   *ttFont
	font *gofont.Font // safe for concurrent use; a gofont.Face is not
	pool sync.Pool    // *shaper
	// adv memoises a cluster's shaped advance, in 1/1000 em: measuring
	// wraps and shrinks text many times, shaping happens once per cluster.
	adv sync.Map        // string -> float64
	rev map[uint16]rune // glyph -> the rune the font's cmap gives it (first)
}

// shaper is a HarfBuzz shaper with its own Face (a Face caches and is not
// safe for concurrent use): one per goroutine shaping at a time.
type shaper struct {
	hb   shaping.HarfbuzzShaper
	face *gofont.Face
}

var parsedFonts sync.Map // [32]byte (hash of the files) -> *Fonts

// NewFonts returns the Lao faces parsed from the bytes of a regular and a
// bold TrueType file (bold may be nil: the regular face sets bold text
// too). The same bytes are parsed once per process, however many loads
// ask: serve reloads a site on every save.
func NewFonts(lao, laoBold []byte) (*Fonts, error) {
	if len(lao) == 0 {
		return nil, errors.New("placard: no Lao font")
	}
	h := sha256.New()
	h.Write(lao)
	h.Write([]byte{0})
	h.Write(laoBold)
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	if f, ok := parsedFonts.Load(sum); ok {
		return f.(*Fonts), nil
	}
	fs := &Fonts{sum: sum}
	for i, b := range [2][]byte{lao, laoBold} {
		if len(b) == 0 {
			fs.lao[i] = fs.lao[0]
			continue
		}
		f, err := newFace(b)
		if err != nil {
			return nil, err
		}
		fs.lao[i] = f
	}
	if fs.lao[0].tt.glyphID('ກ') == 0 {
		return nil, errors.New("placard: the Lao font has no Lao letters (no glyph for ກ)")
	}
	got, _ := parsedFonts.LoadOrStore(sum, fs)
	return got.(*Fonts), nil
}

// Sum identifies the font files, for cache keys: a changed font is a
// changed placard.
func (f *Fonts) Sum() [32]byte {
	if f == nil {
		return [32]byte{}
	}
	return f.sum
}

func newFace(b []byte) (*face, error) {
	tt, err := parseTTF(b)
	if err != nil {
		return nil, err
	}
	gf, err := gofont.ParseTTF(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("font: %w", err)
	}
	f := &face{tt: tt, font: gf.Font, rev: map[uint16]rune{}}
	for r := rune(0xFFFE); r > 0; r-- { // downwards: the lowest rune wins
		if g := tt.cmap[r]; g != 0 {
			f.rev[g] = r
		}
	}
	f.pool.New = func() any { return &shaper{face: gofont.NewFace(f.font)} }
	return f, nil
}

// face returns the shaped face of kind k (a Lao kind), nil without one.
func (f *Fonts) face(k fontKind) *face {
	if f == nil || k < fontLao {
		return nil
	}
	return f.lao[k-fontLao]
}

// tt returns the tables of kind k: a DejaVu face, or a Lao face of fonts.
func tt(k fontKind, fonts *Fonts) *ttFont {
	if k < numDejaVu {
		return dejavu()[k]
	}
	if f := fonts.face(k); f != nil {
		return f.tt
	}
	return nil
}

// LaoFontFiles are the regular and bold Lao faces a caller looks for, in
// order: Noto Sans Lao (SIL Open Font License), where Debian and Ubuntu
// (the package fonts-noto-core) and Arch (noto-fonts) install it. The
// package itself reads none of them.
var LaoFontFiles = [][2]string{
	{"/usr/share/fonts/truetype/noto/NotoSansLao-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSansLao-Bold.ttf"},
	{"/usr/share/fonts/noto/NotoSansLao-Regular.ttf", "/usr/share/fonts/noto/NotoSansLao-Bold.ttf"},
}

// LaoFontPackage is the Debian package to install when no Lao face is found.
const LaoFontPackage = "fonts-noto-core"
