package content

import (
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// nfcTableEnd bounds the runes isNFC knows without asking norm: Latin,
// Vietnamese, Greek, Cyrillic, Lao, Thai and the punctuation blocks.
const nfcTableEnd = 0x3000

// nfcSafe marks the runes that are in NFC whatever surrounds them: each is
// NFC by itself, a starter (combining class 0) and never combines with
// the rune before it. Text made only of such runes is NFC.
var nfcSafe = sync.OnceValue(func() *[nfcTableEnd / 64]uint64 {
	var t [nfcTableEnd / 64]uint64
	for r := rune(0); r < nfcTableEnd; r++ {
		s := string(r)
		if utf8.ValidString(s) && norm.NFC.PropertiesString(s).BoundaryBefore() && norm.NFC.IsNormalString(s) {
			t[r/64] |= 1 << (r % 64)
		}
	}
	return &t
})

// isNFC reports what norm.NFC.IsNormal(b) does for valid UTF-8, faster on
// the text of this project: norm looks every rune up in its tables, which
// was a noticeable part of loading 10,000 entries in Vietnamese. Text with
// any other rune (a combining accent typed separately, say) is left to
// norm.
func isNFC(b []byte) bool {
	t := nfcSafe()
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r >= nfcTableEnd || t[r/64]&(1<<(r%64)) == 0 {
			return norm.NFC.IsNormal(b)
		}
		i += n
	}
	return true
}
