package placard

import (
	"unicode"
	"unicode/utf8"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// Text is set in runs: a maximal stretch of Lao letters is set in a Lao
// face, shaped by HarfBuzz (go-text/typesetting), which chooses the glyphs
// and moves the vowel and tone marks onto their consonant; everything else
// (Vietnamese, English, digits, the spaces between Lao phrases) is set in
// DejaVu, one glyph per character from the font's cmap, as before shaping
// came: in NFC every Vietnamese letter, even ệ or ở, is one character with
// its own precomposed glyph, and DejaVu's kerning is not applied, so
// placards without Lao keep their exact layout. docs/placards.md says more.

// isLao reports whether r is in the Lao block.
func isLao(r rune) bool { return r >= 0x0E80 && r <= 0x0EFF }

// isMark reports whether r continues the cluster before it: a combining
// mark (Lao vowels above and below, tone marks, ຼ) or LAO VOWEL SIGN AM
// (ຳ), a spacing mark that part-sits above its consonant. This is what
// Unicode's extended grapheme clusters (UAX 29) give for Lao.
func isMark(r rune) bool {
	return r == 0x0EB3 || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me)
}

// textRun is a stretch of a string set in one face.
type textRun struct {
	kind fontKind
	s    string
}

// runs splits s, to be set in kind k, into runs of one face each: Lao
// letters and marks, and the spaces that follow them, in the Lao face when
// fonts has one (a browser, too, sets a space after Lao in the Lao face);
// the rest, other scripts' combining marks too, in k (canPrint agrees). A string without Lao is one run of k.
//
// The runs are appended to out (a caller's buffer, so that the common case
// allocates nothing).
func runs(out []textRun, k fontKind, s string, fonts *Fonts) []textRun {
	if fonts == nil || !hasLao(s) {
		return append(out, textRun{k, s})
	}
	start, cur := 0, k
	for i, r := range s {
		want := k
		if isLao(r) || r == ' ' && cur == k.lao() {
			want = k.lao()
		}
		if want != cur && i > start {
			out = append(out, textRun{cur, s[start:i]})
			start = i
		}
		cur = want
	}
	return append(out, textRun{cur, s[start:]})
}

func hasLao(s string) bool {
	for _, r := range s {
		if isLao(r) {
			return true
		}
	}
	return false
}

// clusterEnd returns the end of the cluster that starts at i in s: its
// first character and the marks that follow it.
func clusterEnd(s string, i int) int {
	_, n := utf8.DecodeRuneInString(s[i:])
	i += n
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isMark(r) {
			break
		}
		i += n
	}
	return i
}

// width returns s's advance in face f, in 1/1000 em: the sum of its
// clusters' shaped advances. Lao marks attach within their cluster and the
// Noto Sans Lao faces kern no pair of clusters, so this is what shaping the
// whole run gives (TestLaoMeasureMatchesShaping), and measuring a line
// while wrapping shapes nothing new once its clusters are known.
func (f *face) width(s string) float64 {
	w := 0.0
	for i := 0; i < len(s); {
		j := clusterEnd(s, i)
		c := s[i:j]
		a, ok := f.adv.Load(c)
		if !ok {
			sh := f.shape(c)
			adv := 0.0
			for _, g := range sh {
				adv += g.adv
			}
			a, _ = f.adv.LoadOrStore(c, adv)
		}
		w += a.(float64)
		i = j
	}
	return w
}

// shapedGlyph is one glyph HarfBuzz chose, in 1/1000 em: its advance, its
// offset from the pen, and the runes of its cluster (glyphs of one cluster
// share them; the first glyph of a cluster has first set).
type shapedGlyph struct {
	gid             uint16
	adv, xoff, yoff float64
	cluster         []rune
	first           bool
}

// shape shapes s (left to right, script Lao, language lo) in f.
func (f *face) shape(s string) []shapedGlyph {
	sh := f.pool.Get().(*shaper)
	defer f.pool.Put(sh)
	rs := []rune(s)
	upem := int(f.font.Upem())
	out := sh.hb.Shape(shaping.Input{
		Text: rs, RunStart: 0, RunEnd: len(rs),
		Direction: di.DirectionLTR, Face: sh.face,
		// At a size of one em in font units, positions come in font units.
		Size:     fixed.I(upem),
		Script:   language.Lao,
		Language: language.NewLanguage("lo"),
	})
	scale := 1000 / float64(upem)
	u := func(v fixed.Int26_6) float64 { return float64(v) / 64 * scale }
	gs := make([]shapedGlyph, len(out.Glyphs))
	for i, g := range out.Glyphs {
		c := g.TextIndex()
		gs[i] = shapedGlyph{
			gid: uint16(g.GlyphID), adv: u(g.Advance), xoff: u(g.XOffset), yoff: u(g.YOffset),
			cluster: rs[c : c+g.RunesCount()], first: i == 0 || out.Glyphs[i-1].TextIndex() != c,
		}
	}
	return gs
}

// Lao line breaks. Lao is written without spaces between words (a space
// ends a phrase), and breaking it properly needs a dictionary, which
// neither golang.org/x/text nor go-text/typesetting's segmenter has (UAX 14
// leaves Lao, class SA, to one). A phrase wider than a line is broken
// between clusters, never inside one, and preferably where a syllable
// starts: before a prefix vowel (ເ ແ ໂ ໃ ໄ), or before a consonant that
// carries a vowel or tone mark or is followed by a spacing vowel; never
// after a prefix vowel, nor before ະ າ ຽ ໆ ຯ.

func isPrefixVowel(r rune) bool { return r >= 0x0EC0 && r <= 0x0EC4 }

func isLaoConsonant(r rune) bool {
	return r >= 0x0E81 && r <= 0x0EAE || r >= 0x0EDC && r <= 0x0EDF
}

// laoBreak says whether a line may break before rs[i] in Lao text: 2 where
// a syllable starts, 1 at another cluster boundary, 0 inside a cluster or
// after a prefix vowel.
func laoBreak(rs []rune, i int) int {
	if i <= 0 || i >= len(rs) {
		return 2
	}
	r, prev := rs[i], rs[i-1]
	switch {
	case isMark(r), isPrefixVowel(prev):
		return 0
	case r == 0x0EB0, r == 0x0EB2, r == 0x0EBD, r == 0x0EC6, r == 0x0EAF: // ະ າ ຽ ໆ ຯ
		return 1
	case isPrefixVowel(r):
		return 2
	case isLaoConsonant(r):
		if i+1 < len(rs) {
			n := rs[i+1]
			if isMark(n) || n == 0x0EB0 || n == 0x0EB2 || n == 0x0EBD || r == 0x0EAB && isLaoConsonant(n) {
				return 2
			}
		}
		return 1
	}
	return 2
}
