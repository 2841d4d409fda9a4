package placard

import (
	"fmt"
	"sync"

	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/go-fonts/dejavu/dejavusansmono"
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

// fontKind selects one of the three embedded faces.
type fontKind int

const (
	fontSans fontKind = iota
	fontBold
	fontMono
	numFonts
)

var (
	fontsOnce sync.Once
	fontSet   [numFonts]*ttFont
)

// fonts returns the parsed faces, indexed by fontKind. The fonts are part
// of the program, so a font that does not parse is a bug: it panics.
func fonts() *[numFonts]*ttFont {
	fontsOnce.Do(func() {
		for k, b := range [numFonts][]byte{sansTTF, sansBoldTTF, monoTTF} {
			f, err := parseTTF(b)
			if err != nil {
				panic(fmt.Sprintf("placard: embedded font %d: %v", k, err))
			}
			fontSet[k] = f
		}
	})
	return &fontSet
}

func (k fontKind) font() *ttFont { return fonts()[k] }
