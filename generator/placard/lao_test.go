package placard

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/diachido/diachido/internal/browsertest"
	"github.com/diachido/diachido/internal/pdfcheck"
	"github.com/go-text/typesetting/di"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/segmenter"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// Lao test text. ຫຼັກໝາຍ is a border marker (ຫຼັກ "post", ໝາຍ "mark");
// the summary says "Border marker between Laos and Vietnam, on the ridge
// of the mountain, planted in 2008." It holds what shaping must get right:
// a consonant with a subscript ຼ and a vowel above (ຫຼັ), a vowel below
// with a tone mark above (ຢູ່), a vowel and a tone mark stacked above one
// consonant (ນັ້ນ), the vowel ຳ that a shaper splits in two (ກຳ), and the
// prefix vowels ເ ແ that a line must not end with.
const (
	laoTitle   = "ຫຼັກໝາຍ 676"
	laoSummary = "ຫຼັກໝາຍຊາຍແດນລະຫວ່າງລາວ ແລະ ຫວຽດນາມ ຢູ່ເທິງສັນພູ, ປັກໃນປີ 2008. ນັ້ນແມ່ນຫຼັກໝາຍສຳຄັນ."
)

// laoFonts returns the Lao faces from the Debian package, skipping (or
// failing under CI=true) when it is not installed.
func laoFonts(t testing.TB) *Fonts {
	t.Helper()
	for _, p := range LaoFontFiles {
		reg, err := os.ReadFile(p[0])
		if err != nil {
			continue
		}
		bold, _ := os.ReadFile(p[1])
		f, err := NewFonts(reg, bold)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	msg := "no Lao font (Debian: apt-get install " + LaoFontPackage + ")"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return nil
}

func entryLao() Data {
	d := entryMarker()
	d.ID, d.URL = "QN-M676", "https://diachido.example.vn/p/QN-M676/"
	d.Title = "Cột mốc 676"
	d.TitleAlt = laoTitle
	d.KindLine = "Mốc chính số 676 · Việt Nam – Lào"
	d.KindLineAlt = "ຫຼັກໝາຍຫຼັກ ເລກທີ 676 · ຫວຽດນາມ – ລາວ"
	d.SummaryAlt = laoSummary
	return d
}

// The fonts are parsed once per process: the same bytes give the same
// Fonts, however many loads ask.
func TestNewFontsParsesOnce(t *testing.T) {
	f := laoFonts(t)
	if g := laoFonts(t); g != f {
		t.Error("the same font files were parsed twice")
	}
	if f.Sum() == (*Fonts)(nil).Sum() {
		t.Error("no font sum for cache keys")
	}
	if _, err := NewFonts([]byte("not a font"), nil); err == nil {
		t.Error("bytes that are no font were taken as the Lao font")
	}
}

// Clusters as the measurer splits them are Unicode's extended grapheme
// clusters (go-text/typesetting's segmenter), and a run's width, the sum of
// its clusters', is what HarfBuzz gives for the whole run.
func TestLaoMeasureMatchesShaping(t *testing.T) {
	f := laoFonts(t)
	for _, s := range append(strings.Fields(laoSummary), laoTitle[:strings.IndexByte(laoTitle, ' ')], "ກ່ຳ", "ໜ້ອຍ") {
		var seg segmenter.Segmenter
		seg.Init([]rune(s))
		it := seg.GraphemeIterator()
		var want, got []string
		for it.Next() {
			want = append(want, string(it.Grapheme().Text))
		}
		for i := 0; i < len(s); {
			j := clusterEnd(s, i)
			got = append(got, s[i:j])
			i = j
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("clusters of %s: %q, segmenter: %q", s, got, want)
		}
		if !hasLao(s) {
			continue
		}
		shaped := 0.0
		for _, g := range f.lao[0].shape(s) {
			shaped += g.adv
		}
		if w := f.lao[0].width(s); w < shaped-0.01 || w > shaped+0.01 {
			t.Errorf("%s: measured %.2f, shaped %.2f (1/1000 em)", s, w, shaped)
		}
	}
}

// Shaping stacks marks with other glyphs than the cmap's: the glyphs
// printed for ນັ້ນ are not one per character.
func TestLaoIsShaped(t *testing.T) {
	f := laoFonts(t)
	gs := f.lao[0].shape("ນັ້ນ ກຳ")
	cmapOnly := 0
	for _, r := range "ນັ້ນ ກຳ" {
		if f.lao[0].tt.glyphID(r) != 0 {
			cmapOnly++
		}
	}
	same := len(gs) == cmapOnly
	for i, r := range []rune("ນັ້ນ ກຳ") {
		if same && i < len(gs) && gs[i].gid != f.lao[0].tt.glyphID(r) {
			same = false
		}
	}
	if same {
		t.Errorf("shaping gave the cmap's glyphs one per character: %+v", gs)
	}
}

// A long Lao phrase wraps between clusters: no line starts with a mark or
// ends with a prefix vowel, and the text is all there.
func TestLaoWrapsBetweenClusters(t *testing.T) {
	fonts := laoFonts(t)
	m := measurer{fonts}
	text := strings.ReplaceAll(laoSummary, " ", "") // one phrase: no spaces to break at
	for _, width := range []float64{20, 35, 50} {
		w := func(s string) float64 { return m.width(fontSans, 12, s) }
		lines := wrap(text, width, w, false)
		if len(lines) < 2 {
			t.Fatalf("width %v: %q did not wrap", width, lines)
		}
		if strings.Join(lines, "") != text {
			t.Errorf("width %v: wrapped text changed: %q", width, lines)
		}
		for i, ln := range lines {
			first, _ := utf8.DecodeRuneInString(ln)
			last, _ := utf8.DecodeLastRuneInString(ln)
			if isMark(first) || isPrefixVowel(last) {
				t.Errorf("width %v: line %d %q splits a cluster or a syllable", width, i, ln)
			}
			if w(ln) > width+1e-9 {
				t.Errorf("width %v: line %q is %.1f mm", width, ln, w(ln))
			}
		}
	}
}

// The placard of a marker with a Lao translation: Lao title and summary
// under the Vietnamese ones, smaller; it fits every paper; pdftotext gives
// the Lao title exactly; it validates; the code still scans.
func TestLaoPlacard(t *testing.T) {
	fonts := laoFonts(t)
	d := entryLao()
	for _, paper := range []string{"A5", "A4", "A3", "Letter"} {
		o := Options{Paper: paper, Fonts: fonts}
		l, err := ComputeLayout(d, o)
		if err != nil {
			t.Fatalf("%s: %v", paper, err)
		}
		checkLayout(t, "lao-"+paper, l, QRSizeMM(paper))
		checkLineWidths(t, "lao-"+paper, l, o)
		title, _ := l.Block(RoleTitle)
		alt, ok := l.Block(RoleTitleAlt)
		sum, ok2 := l.Block(RoleSummary)
		salt, ok3 := l.Block(RoleSummaryAlt)
		if !ok || !ok2 || !ok3 {
			t.Fatalf("%s: blocks %+v", paper, l.Blocks)
		}
		if alt.Box.Y < title.Box.Bottom() || salt.Box.Y < sum.Box.Bottom() || alt.SizePt >= title.SizePt || salt.SizePt >= sum.SizePt {
			t.Errorf("%s: the Lao title and summary are not under the Vietnamese ones, smaller", paper)
		}
		if lh := salt.LineHeightMM() / (salt.SizePt * ptMM); lh < 1.5 || title.LineHeightMM()/(title.SizePt*ptMM) != lineFactor {
			t.Errorf("%s: Lao lines %.2f em apart, want 1.5 (its stacks are tall); Vietnamese keeps %.2f", paper, lh, lineFactor)
		}
		if strings.Join(alt.Lines, " ") != laoTitle {
			t.Errorf("%s: Lao title laid out as %q", paper, alt.Lines)
		}
		if got := strings.Join(salt.Lines, " "); got != laoSummary && !salt.Truncated {
			t.Errorf("%s: Lao summary laid out as %q", paper, salt.Lines)
		}
		noLao, _ := ComputeLayout(entryMarker(), Options{Paper: paper})
		if l.QR != noLao.QR && l.QR.W != noLao.QR.W {
			t.Errorf("%s: the code changed size with Lao text: %+v, %+v", paper, l.QR, noLao.QR)
		}

		pdf, err := RenderLayouts([]*Layout{l}, o)
		if err != nil {
			t.Fatal(err)
		}
		if err := pdfcheck.Strict(pdf); err != nil {
			t.Errorf("%s: pdfcpu: %v", paper, err)
		}
		path := writePDF(t, pdf)
		text := pdfText(t, path)
		for _, want := range []string{laoTitle, "ຫຼັກໝາຍຊາຍແດນລະຫວ່າງລາວ ແລະ ຫວຽດນາມ", "Cột mốc 676"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: pdftotext lacks %q:\n%s", paper, want, text)
			}
		}
		if paper == "A4" {
			browsertest.Need(t, "qpdf", "qpdf")
			if err := pdfcheck.QPDF(path); err != nil {
				t.Errorf("qpdf: %v", err)
			}
			if got := decodeQR(t, rasterise(t, path, 1)); got != d.URL {
				t.Errorf("QR decodes to %q, want %q", got, d.URL)
			}
			if dir := os.Getenv("PLACARD_LOOK"); dir != "" { // keep a copy to look at
				os.WriteFile(filepath.Join(dir, "lao-a4.pdf"), pdf, 0o644)
			}
		}
	}
	if _, err := RenderLayouts([]*Layout{mustLayout(t, d, Options{})}, Options{Fonts: fonts}); err == nil {
		t.Error("a layout made without the Lao fonts was drawn with them")
	}
}

func mustLayout(t *testing.T, d Data, o Options) *Layout {
	t.Helper()
	l, err := ComputeLayout(d, o)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// Characters no face has are reported, and left out of the placard rather
// than printed as boxes; without the Lao font, Lao is such a character.
func TestMissingGlyphsReportedAndLeftOut(t *testing.T) {
	d := entryNT001()
	d.Title = "Đình Phú Mỹ 😀"
	d.Summary = "Chùa ព្រះ (Khmer) ở An Giang."
	d.TitleAlt = laoTitle
	got := Missing(d, Options{})
	want := []Unprintable{{RoleTitle, '😀'}, {RoleTitleAlt, 'ຫ'}, {RoleTitleAlt, 'ຼ'}}
	if len(got) < len(want) {
		t.Fatalf("Missing = %q", got)
	}
	for i, w := range want {
		if got[i] != w {
			t.Errorf("Missing[%d] = %q, want %q", i, got[i], w)
		}
	}
	khmer := false
	for _, u := range got {
		khmer = khmer || u.Role == RoleSummary && u.Rune == 'ព'
	}
	if !khmer {
		t.Errorf("Khmer in the summary not reported: %q", got)
	}
	l := mustLayout(t, d, Options{})
	title, _ := l.Block(RoleTitle)
	if strings.Join(title.Lines, " ") != "Đình Phú Mỹ" {
		t.Errorf("title printed as %q, want the emoji left out", title.Lines)
	}
	if _, ok := l.Block(RoleTitleAlt); !ok {
		t.Error("the digits of the Lao title should still print")
	}

	fonts := laoFonts(t)
	for _, u := range Missing(d, Options{Fonts: fonts}) {
		if u.Role == RoleTitleAlt {
			t.Errorf("with the Lao font, %q is still missing", u.Rune)
		}
	}
	if len(Missing(entryLao(), Options{Fonts: fonts})) != 0 {
		t.Errorf("the Lao placard misses %q", Missing(entryLao(), Options{Fonts: fonts}))
	}
}

// Vietnamese needs no shaper, which is why DejaVu runs are set one glyph
// per character (and the placards that print no Lao kept their bytes):
// HarfBuzz, with kerning off as the writer prints, chooses the same glyphs
// with the same advances for every Vietnamese and English test text.
func TestDejaVuTextNeedsNoShaping(t *testing.T) {
	var texts []string
	for _, d := range testEntries() {
		texts = append(texts, d.Title, d.TitleAlt, d.KindLine, d.KindLineAlt, d.Summary, d.Organization)
		texts = append(texts, d.CallToAction...)
	}
	texts = append(texts, longTitle150, summary300, "Ệ Ễ Ỗ ở ữ ự đĐ – “Mốc” 1.137 km")
	for k, b := range [][]byte{sansTTF, sansBoldTTF} {
		f, err := newFace(b)
		if err != nil {
			t.Fatal(err)
		}
		sh := f.pool.Get().(*shaper)
		for _, s := range texts {
			s = cleanText(s)
			if s == "" {
				continue
			}
			rs := []rune(s)
			out := sh.hb.Shape(shaping.Input{
				Text: rs, RunEnd: len(rs), Direction: di.DirectionLTR, Face: sh.face,
				Size: fixed.I(int(f.font.Upem())), Script: language.Latin, Language: language.NewLanguage("vi"),
				FontFeatures: []shaping.FontFeature{{Tag: ot.MustNewTag("kern"), Value: 0}},
			})
			if len(out.Glyphs) != len(rs) {
				t.Errorf("font %d: %q shapes into %d glyphs for %d characters", k, s, len(out.Glyphs), len(rs))
				continue
			}
			for i, g := range out.Glyphs {
				if uint16(g.GlyphID) != f.tt.glyphID(rs[i]) || g.Advance.Round() != int(f.tt.advance[g.GlyphID]) {
					t.Errorf("font %d: %q: %q shaped as glyph %d advance %d, cmap glyph %d advance %d", k, s, rs[i], g.GlyphID, g.Advance.Round(), f.tt.glyphID(rs[i]), f.tt.advance[f.tt.glyphID(rs[i])])
					break
				}
			}
		}
	}
}

func BenchmarkRenderLao(b *testing.B) {
	o := Options{Fonts: laoFonts(b)}
	d := entryLao()
	for b.Loop() {
		if _, err := Render(d, o); err != nil {
			b.Fatal(err)
		}
	}
}

// Whatever an editor types, Lao or not, well-formed or not (a mark with no
// consonant, marks piled up, Lao between Vietnamese words), the placard
// lays out, fits and renders, and prints no character it lacks.
func TestLaoAnyTextRenders(t *testing.T) {
	fonts := laoFonts(t)
	pool := []rune("ກຂຄງຈສຊຍດຕຖທນບປຜຝພຟມຢຣລວຫອຮໜໝຼັິີຶືຸູົຽເແໂໃໄ່້໊໋ໍຳະາ໐໑ໆຯ  aăâđêôơưệở-–.,😀\u0301")
	seed := uint32(1)
	next := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	for i := 0; i < 60; i++ {
		var b []rune
		for j, n := 0, 1+next(220); j < n; j++ {
			b = append(b, pool[next(len(pool))])
		}
		d := entryLao()
		d.TitleAlt, d.SummaryAlt, d.Organization = string(b[:min(len(b), 40)]), string(b), string(b[:min(len(b), 25)])
		for _, paper := range []string{"A5", "A4"} {
			o := Options{Paper: paper, Fonts: fonts}
			l, err := ComputeLayout(d, o)
			if err != nil {
				t.Fatalf("%q: %v", string(b), err)
			}
			checkLayout(t, fmt.Sprintf("random %d %s", i, paper), l, QRSizeMM(paper))
			if _, err := RenderLayouts([]*Layout{l}, o); err != nil {
				t.Fatal(err)
			}
			for _, blk := range l.Blocks {
				for _, ln := range blk.Lines {
					for _, r := range ln {
						if !canPrint(r, blk.font(), fonts) {
							t.Errorf("%s prints %q, which it has no glyph for", blk.Role, r)
						}
					}
				}
			}
		}
	}
}
