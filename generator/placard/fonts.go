package placard

import (
	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/go-fonts/dejavu/dejavusansmono"
)

// Embedded DejaVu TrueType fonts: full Vietnamese coverage (precomposed
// letters with stacked diacritics), unlike gofpdf's core fonts. These are
// read-only; newDocument hands gofpdf a private copy.
var (
	sansTTF     = dejavusans.TTF
	sansBoldTTF = dejavusansbold.TTF
	// monoTTF prints the URL: fixed-width glyphs with a slashed zero and a
	// distinct l/1/I make it easier to type when a camera fails.
	monoTTF = dejavusansmono.TTF
)
